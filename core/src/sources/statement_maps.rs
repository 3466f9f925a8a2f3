//! CSV column mappings saved per account, so that the person chooses a layout once: the
//! first import of an account's CSV with a mapping (`date=0,amount=3,...` or a preset name)
//! saves it, and a later import of that account without one uses it again
//! (`Profile::import_statement_with`).
//!
//! Stored as one vault setting, encrypted like every setting: `account TAB spec` lines. (The
//! CLI wrote the same setting in the same form before this moved into core, so vaults it
//! wrote keep their mappings.) An account name or spec that cannot be written in that form
//! (a tab or line break in it) is used for its import only and not saved.

use crate::vault::{Result, Vault};

/// The vault setting holding the saved mappings.
const SETTING: &str = "csv_maps";

/// Whether `s` can be one field of a saved line.
fn storable(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(char::is_control)
}

fn all(vault: &Vault) -> Result<Vec<(String, String)>> {
    let Some(raw) = vault.setting(SETTING)? else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(raw.expose());
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .collect())
}

/// The mapping saved for `account`, if any.
pub fn saved(vault: &Vault, account: &str) -> Result<Option<String>> {
    Ok(all(vault)?
        .into_iter()
        .find(|(a, _)| a == account)
        .map(|(_, s)| s))
}

/// Saves `spec` as `account`'s mapping (replacing an earlier one). Returns whether it was
/// saved (`false` when either cannot be stored, see the module note).
pub fn save(vault: &mut Vault, account: &str, spec: &str) -> Result<bool> {
    if !storable(account) || !storable(spec) {
        return Ok(false);
    }
    let mut maps = all(vault)?;
    if maps.iter().any(|(a, s)| a == account && s == spec) {
        return Ok(true);
    }
    maps.retain(|(a, _)| a != account);
    maps.push((account.to_string(), spec.to_string()));
    let text: String = maps.iter().map(|(a, s)| format!("{a}\t{s}\n")).collect();
    vault.write(|w| w.put_setting(SETTING, None, text.as_bytes()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;
    use crate::crypto::wrap::TestKeyWrapper;
    use crate::vault::OpenOptions;

    #[test]
    fn saved_per_account_replaced_and_refused_when_not_storable() {
        let dir = tempfile::tempdir().unwrap();
        let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
        let mut v = Vault::create(&dir.path().join("v.db"), &w, OpenOptions::default()).unwrap();
        assert_eq!(saved(&v, "Cash").unwrap(), None);
        assert!(save(&mut v, "Cash", "date=0,amount=2").unwrap());
        assert!(save(&mut v, "Joint", "amex").unwrap());
        assert!(save(&mut v, "Cash", "date=0,amount=3").unwrap());
        assert_eq!(
            saved(&v, "Cash").unwrap().as_deref(),
            Some("date=0,amount=3")
        );
        assert_eq!(saved(&v, "Joint").unwrap().as_deref(), Some("amex"));
        assert!(!save(&mut v, "Tab\tName", "amex").unwrap());
        assert!(!save(&mut v, "Cash", "date=0\namount=1").unwrap());
        assert_eq!(
            saved(&v, "Cash").unwrap().as_deref(),
            Some("date=0,amount=3")
        );
        assert_eq!(saved(&v, "Tab\tName").unwrap(), None);
    }

    /// Through the facade: a CSV file without an account is refused as needing one (before
    /// its layout is looked at); with the account and a mapping it imports and the mapping
    /// is saved; the next import of that account needs only its name.
    #[test]
    fn the_profile_asks_for_the_account_and_reuses_its_mapping() {
        use crate::error::Error;
        use crate::profile::Profile;
        use crate::sources::statement::{StatementErrorKind, StatementOptions};
        let dir = tempfile::tempdir().unwrap();
        let w = TestKeyWrapper::new(SecretKey::from_bytes([8; 32]));
        let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).unwrap();
        let file = include_bytes!("../../../tests/fixtures/statements/no-header.csv");
        let now = crate::time::parse_iso_local("2024-03-01T12:00", 0).unwrap();
        let refused = |r: std::result::Result<crate::profile::IngestOutcome, Error>| match r {
            Err(Error::Statement(e)) => e,
            Ok(_) => panic!("expected a refusal"),
            Err(other) => panic!("expected a statement refusal, got {other}"),
        };
        let e = refused(p.import_statement(file, now));
        assert!(e.needs_account());
        let cash = |map: Option<&str>| StatementOptions {
            account: Some("Cash".into()),
            csv_map: map.map(str::to_string),
            ..StatementOptions::default()
        };
        let e = refused(p.import_statement_with(file, &cash(None), now));
        assert_eq!(e.kind, StatementErrorKind::NeedsMapping);
        let o = p
            .import_statement_with(file, &cash(Some("date=0,description=1,amount=2")), now)
            .unwrap();
        assert_eq!(o.report.reconcile.inserted, 3);
        let again = p.import_statement_with(file, &cash(None), now).unwrap();
        assert_eq!(
            (
                again.report.reconcile.inserted,
                again.report.reconcile.unchanged
            ),
            (0, 3)
        );
        // Another account has no mapping of its own.
        let other = StatementOptions {
            account: Some("Savings".into()),
            ..StatementOptions::default()
        };
        let e = refused(p.import_statement_with(file, &other, now));
        assert_eq!(e.kind, StatementErrorKind::NeedsMapping);
        p.close().unwrap();
    }
}
