//! The CAMT.053 reader on the fixtures in `tests/fixtures/statements`.

use super::*;
use proptest::prelude::*;

const OK: &[u8] = include_bytes!("../../../../tests/fixtures/statements/camt053-reconciles.xml");

#[test]
fn reads_a_statement_with_balances_and_entries() {
    let i = import_camt(OK).unwrap();
    let a = &i.batch.accounts[0];
    assert_eq!(a.currency, Currency::EUR);
    assert_eq!(a.last4.as_deref(), Some("3000"));
    assert_eq!(a.institution, "Example Bank AG");
    assert_eq!(a.balance.map(|b| b.minor), Some(82_345));
    let t = &i.batch.transactions;
    assert_eq!(
        t.iter().map(|t| t.amount).collect::<Vec<_>>(),
        vec![-5000, -20_000, 7345]
    );
    assert_eq!(t[0].description, "REWE Markt GmbH Kartenzahlung 04.01");
    assert_eq!(t[1].description, "Hausverwaltung Schmidt & Co Miete Januar");
    assert!(t[0].id.as_str().ends_with("#ref:2024010500001"));
    assert!(t[0].transacted_at < t[0].posted_at.unwrap_or(0));
    let tot = &i.totals[0];
    assert_eq!(
        (
            tot.opening.map(|b| b.minor),
            tot.closing.map(|b| b.minor),
            tot.net
        ),
        (Some(100_000), Some(82_345), Some(-17_655))
    );
    assert_eq!(
        i.notes,
        vec![crate::sources::statement::ImportNote {
            kind: NoteKind::UnbookedSkipped,
            count: 1
        }]
    );
}

#[test]
fn refusals_name_the_element_and_line() {
    let text = String::from_utf8(OK.to_vec()).unwrap();
    let e = |s: String| import_camt(s.as_bytes()).unwrap_err();
    let x = e(text.replacen(
        "<Amt Ccy=\"EUR\">50.00</Amt>",
        "<Amt Ccy=\"EUR\">50,x</Amt>",
        1,
    ));
    assert_eq!((x.kind, x.element, x.line), (K::BadAmount, Some("Amt"), 25));
    assert_eq!(
        x.to_string(),
        "CAMT.053: invalid amount in <Amt> on line 25"
    );
    let x = e(text.replacen("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>X</CdtDbtInd>", 1));
    assert_eq!((x.kind, x.element), (K::Syntax, Some("CdtDbtInd")));
    let x = e(text.replacen(
        "<BookgDt><Dt>2024-01-05</Dt></BookgDt>",
        "<BookgDt><Dt>2024-02-30</Dt></BookgDt>",
        1,
    ));
    assert_eq!((x.kind, x.element), (K::BadDate, Some("Dt")));
    let x = e(text.replacen("</Ntry>", "", 1));
    assert_eq!(x.kind, K::Syntax);
    let x = e(text.replacen("<Ccy>EUR</Ccy>", "<Ccy>EURO</Ccy>", 1));
    assert_eq!(x.kind, K::BadCurrency);
    let x = e(text[..text.len() / 2].to_string());
    assert_eq!(x.kind, K::Truncated);
}

/// genkgo/camt's `camt053.v2.minimal.xml` (MIT; `tests/fixtures/statements/third_party`):
/// an EUR account whose closing booked balance is written in SEK. It was read as -27.00 EUR
/// and the statement reported 54.00 EUR unexplained; a balance in another currency is now
/// left out of the check and of the account's balance, and counted.
#[test]
fn a_balance_in_another_currency_is_not_read_as_the_accounts() {
    const MINIMAL: &[u8] = include_bytes!(
        "../../../../tests/fixtures/statements/third_party/genkgo-camt/camt053.v2.minimal.xml"
    );
    let i = import_camt(MINIMAL).unwrap();
    let tot = &i.totals[0];
    assert_eq!(tot.currency, Currency::EUR);
    assert_eq!(tot.opening.map(|b| b.minor), Some(1815));
    assert_eq!(tot.closing, None);
    assert_eq!(i.batch.accounts[0].balance, None);
    assert_eq!(tot.net, Some(885));
    assert_eq!(
        i.notes,
        vec![crate::sources::statement::ImportNote {
            kind: NoteKind::ForeignBalancesIgnored,
            count: 1
        }]
    );
    // The same balance in the account's currency is read.
    let text = String::from_utf8(MINIMAL.to_vec()).unwrap();
    let eur = text.replacen(
        "<Amt Ccy=\"SEK\">27.00</Amt>",
        "<Amt Ccy=\"EUR\">27.00</Amt>",
        1,
    );
    let i = import_camt(eur.as_bytes()).unwrap();
    assert_eq!(i.totals[0].closing.map(|b| b.minor), Some(-2700));
    assert!(i.notes.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_files_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = OK.to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = import_camt(&bytes);
    }
}
