//! Statement files that need the person's choices (CSV, QIF): `StatementChoices` and
//! `TacitProfile.importStatementWith`. Translation only: core's
//! `Profile::import_statement_with` does the work, including the CSV mapping saved per
//! account (a mapping given with an account is saved; the next import of that account
//! without one uses it).

use crate::error::TacitError;
use crate::profile::TacitProfile;
use crate::records::ImportSummary;
use tacit_core::money::Currency;
use tacit_core::StatementOptions;

/// What the person chose for a statement file that does not say it itself.
#[derive(Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct StatementChoices {
    /// The account the file belongs to, as the person names it (the answer to
    /// `NeedsAccount`). It is the account's identity for later imports.
    pub account: Option<String>,
    /// A CSV column mapping (`date=0,amount=3,description=2`) or a preset name (`chase-checking`,
    /// `chase-card`, `amex`, `revolut`, `n26`); `null` to use the one saved for the account,
    /// or the file's own headers.
    pub csv_map: Option<String>,
    /// ISO 4217 code of a CSV or QIF file's amounts (USD when `null`).
    pub currency: Option<String>,
    /// Dates day-first (`true`) or month-first (`false`) when the file's dates cannot tell;
    /// `null` to decide from the file.
    pub day_first: Option<bool>,
}

/// Shows which choices are made, never the account's name or the mapping.
impl std::fmt::Debug for StatementChoices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatementChoices")
            .field("has_account", &self.account.is_some())
            .field("has_csv_map", &self.csv_map.is_some())
            .field("has_currency", &self.currency.is_some())
            .field("day_first", &self.day_first)
            .finish()
    }
}

impl TryFrom<StatementChoices> for StatementOptions {
    type Error = TacitError;

    fn try_from(c: StatementChoices) -> Result<StatementOptions, TacitError> {
        let currency = c
            .currency
            .map(|code| Currency::parse(&code).map_err(|_| TacitError::InvalidInput))
            .transpose()?;
        if c.account
            .as_deref()
            .is_some_and(|a| a.trim().is_empty() || a.chars().any(char::is_control))
        {
            return Err(TacitError::InvalidInput);
        }
        Ok(StatementOptions {
            account: c.account,
            csv_map: c.csv_map,
            currency,
            day_first: c.day_first,
        })
    }
}

#[uniffi::export]
impl TacitProfile {
    /// `importStatement` with the person's choices: the account a CSV or QIF file belongs to
    /// (after `NeedsAccount`), a CSV mapping, the currency, the date order.
    pub async fn import_statement_with(
        &self,
        bytes: Vec<u8>,
        choices: StatementChoices,
    ) -> Result<ImportSummary, TacitError> {
        let options = StatementOptions::try_from(choices)?;
        self.run(move |p| {
            Ok(ImportSummary::from(p.import_statement_with(
                &bytes,
                &options,
                p.now(),
            )?))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_checked_and_translated() {
        let o = StatementOptions::try_from(StatementChoices {
            account: Some("Joint".into()),
            csv_map: Some("amex".into()),
            currency: Some("EUR".into()),
            day_first: Some(true),
        })
        .unwrap();
        assert_eq!(o.account.as_deref(), Some("Joint"));
        assert_eq!(o.currency, Some(Currency::EUR));
        assert_eq!(o.day_first, Some(true));
        let bad = |c: StatementChoices| StatementOptions::try_from(c).err();
        let euro = StatementChoices {
            currency: Some("EURO".into()),
            ..StatementChoices::default()
        };
        assert_eq!(bad(euro), Some(TacitError::InvalidInput));
        let blank = StatementChoices {
            account: Some("  ".into()),
            ..StatementChoices::default()
        };
        assert_eq!(bad(blank), Some(TacitError::InvalidInput));
    }

    /// A CSV file (Actual Budget's test data, `tests/fixtures/statements/third_party`):
    /// `NeedsAccount` first, then imported under the person's account; the same file again
    /// adds nothing.
    #[test]
    fn a_csv_file_needs_the_persons_account() {
        use crate::keywrap::tests::{FakeHost, Mode};
        use crate::profile::open_profile;
        use crate::runtime::tests::block_on as b;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        let p = b(open_profile(path, FakeHost::new(Mode::Good), None)).unwrap();
        let csv = include_bytes!(
            "../../tests/fixtures/statements/third_party/actual/data-payee-memo.csv"
        )
        .to_vec();
        assert_eq!(
            b(p.import_statement(csv.clone())).err(),
            Some(TacitError::NeedsAccount {
                format: "CSV".into()
            })
        );
        let choices = StatementChoices {
            account: Some("Everyday".into()),
            ..StatementChoices::default()
        };
        let s = b(p.import_statement_with(csv.clone(), choices.clone())).unwrap();
        assert_eq!((s.received, s.inserted), (4, 4));
        let again = b(p.import_statement_with(csv, choices)).unwrap();
        assert_eq!((again.inserted, again.unchanged), (0, 4));
    }
}
