//! The CSV reader on the fixture layouts in `tests/fixtures/statements` (written for these
//! tests: five banks' layouts) and on small inline files.

use super::*;
use crate::model::Transaction;
use crate::sources::statement::{ImportNote, StatementOptions};
use proptest::prelude::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/fixtures/statements/", $name))
    };
}

fn opts(map: Option<&str>) -> StatementOptions {
    StatementOptions {
        account: Some("Everyday".into()),
        csv_map: map.map(str::to_string),
        ..StatementOptions::default()
    }
}

fn amounts(t: &[Transaction]) -> Vec<i64> {
    t.iter().map(|t| t.amount).collect()
}

fn day(t: &Transaction) -> String {
    let d = crate::time::local_date(t.posted_at.unwrap_or(0), 0);
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

#[test]
fn us_signed_amounts_month_first_newest_first_with_balance() {
    let i = import_csv(fixture!("us-checking-signed.csv"), &opts(None)).unwrap();
    let t = &i.batch.transactions;
    assert_eq!(amounts(t), vec![250_000, -4512, -20_000, -20_000, -1549]);
    assert_eq!(day(&t[0]), "2024-01-31");
    assert_eq!(t[4].description, "NETFLIX.COM \"STANDARD\"");
    // Two identical rows: two transactions with their own ids.
    assert_ne!(t[2].id, t[3].id);
    let tot = &i.totals[0];
    assert_eq!(tot.opening.map(|b| b.minor), Some(117_106));
    assert_eq!(tot.closing.map(|b| b.minor), Some(321_045));
    assert_eq!(tot.net, Some(203_939));
    assert_eq!(i.batch.accounts[0].balance.map(|b| b.minor), Some(321_045));
}

#[test]
fn german_cp1252_semicolons_decimal_commas_preamble_and_total_row() {
    let i = import_csv(fixture!("de-girokonto-cp1252.csv"), &opts(None)).unwrap();
    let t = &i.batch.transactions;
    assert_eq!(amounts(t), vec![-123_456, -480, 310_000]);
    assert_eq!(t[0].currency, Currency::EUR);
    assert_eq!(t[1].description, "Bäckerei Müller Kartenzahlung");
    assert_eq!(day(&t[2]), "2024-01-31");
    assert_eq!(
        i.notes,
        vec![ImportNote {
            kind: NoteKind::RowsWithoutEntrySkipped,
            count: 1
        }]
    );
}

#[test]
fn uk_bom_paid_out_paid_in_day_first() {
    let i = import_csv(fixture!("uk-paid-in-out-bom.csv"), &opts(None)).unwrap();
    assert_eq!(
        amounts(&i.batch.transactions),
        vec![-2310, 185_000, -14_200]
    );
    assert_eq!(day(&i.batch.transactions[2]), "2024-01-14");
    assert_eq!(i.totals[0].opening.map(|b| b.minor), Some(100_000));
}

#[test]
fn french_tabs_debit_credit_decimal_comma() {
    let i = import_csv(fixture!("fr-releve-tab.tsv"), &opts(None)).unwrap();
    assert_eq!(
        amounts(&i.batch.transactions),
        vec![-3215, -85_000, 245_000]
    );
    assert_eq!(day(&i.batch.transactions[0]), "2024-01-04");
}

#[test]
fn revolut_preset_fees_and_unbooked_rows() {
    for map in [None, Some("revolut")] {
        let i = import_csv(fixture!("revolut-style.csv"), &opts(map)).unwrap();
        let t = &i.batch.transactions;
        assert_eq!(amounts(t), vec![-645, 5000, -2015]);
        assert_eq!(t[0].currency, Currency::GBP);
        assert_eq!(day(&t[0]), "2024-02-02");
        assert_eq!(
            i.notes,
            vec![ImportNote {
                kind: NoteKind::UnbookedSkipped,
                count: 2
            }]
        );
        assert_eq!(i.totals[0].opening.map(|b| b.minor), Some(10_000));
        assert_eq!(i.totals[0].closing.map(|b| b.minor), Some(12_340));
    }
}

#[test]
fn a_headerless_file_needs_a_mapping() {
    let bytes = fixture!("no-header.csv");
    let e = import_csv(bytes, &opts(None)).unwrap_err();
    assert_eq!(e.kind, K::NeedsMapping);
    let i = import_csv(bytes, &opts(Some("date=0,description=1,amount=2"))).unwrap();
    assert_eq!(amounts(&i.batch.transactions), vec![-450, -1899, 1899]);
}

#[test]
fn the_account_is_the_persons_choice() {
    let bytes = fixture!("us-checking-signed.csv");
    let e = import_csv(bytes, &StatementOptions::default()).unwrap_err();
    assert_eq!(e.kind, K::NeedsAccount);
    assert!(e.needs_account());
    // Asked before the layout: a mapping is saved per account.
    let e = import_csv(fixture!("no-header.csv"), &StatementOptions::default()).unwrap_err();
    assert_eq!(e.kind, K::NeedsAccount);
    let a = import_csv(bytes, &opts(None)).unwrap();
    let mut other = opts(None);
    other.account = Some("Joint".into());
    let b = import_csv(bytes, &other).unwrap();
    assert_ne!(a.batch.accounts[0].id, b.batch.accounts[0].id);
    assert_eq!(a.batch.accounts[0].nickname.as_deref(), Some("Everyday"));
}

#[test]
fn overlapping_exports_give_the_same_ids() {
    let full = "Date,Description,Amount\n2024-01-02,Shop,-1.00\n2024-01-02,Shop,-1.00\n2024-01-03,Cafe,-2.00\n";
    let part = "Date,Description,Amount\n2024-01-02,Shop,-1.00\n2024-01-02,Shop,-1.00\n";
    let a = import_csv(full.as_bytes(), &opts(None)).unwrap();
    let b = import_csv(part.as_bytes(), &opts(None)).unwrap();
    assert_eq!(a.batch.transactions[..2], b.batch.transactions[..]);
}

#[test]
fn refusals_name_column_and_line() {
    let e = |s: &str| import_csv(s.as_bytes(), &opts(None)).unwrap_err();
    let x = e("Date,Description,Amount\n2024-01-02,Shop,-1.00\n2024-01-03,Cafe,twelve\n");
    assert_eq!(
        (x.kind, x.element, x.line),
        (K::BadAmount, Some("amount"), 3)
    );
    assert_eq!(
        x.to_string(),
        "CSV: invalid amount (column amount) on line 3"
    );
    let x = e("Date,Description,Amount\n2024-13-02,Shop,-1.00\n");
    assert_eq!((x.kind, x.line), (K::BadDate, 2));
    let x = e("Date,Description,Amount\n2024-01-02,\"Shop,-1.00\n");
    assert_eq!((x.kind, x.line), (K::Syntax, 2));
    let x = e("Date,Description,Amount\n01/02/2024,Shop,-1.00\n01/03/2024,Cafe,-1.00\n");
    assert_eq!(x.kind, K::AmbiguousDates);
    let ok = import_csv(
        b"Date,Description,Amount\n01/02/2024,Shop,-1.00\n01/03/2024,Cafe,-1.00\n",
        &StatementOptions {
            day_first: Some(true),
            ..opts(None)
        },
    )
    .unwrap();
    assert_eq!(day(&ok.batch.transactions[0]), "2024-02-01");
    let x = e("Date,Description,Amount\n");
    assert_eq!(x.kind, K::NoStatement);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any signed amounts, written with either decimal convention and delimiter, read back
    /// exactly, one transaction per row (identical rows included).
    #[test]
    fn generated_files_read_back(
        rows in prop::collection::vec((0u32..28, -10_000_000i64..10_000_000, 0usize..3), 1..40),
        european: bool,
    ) {
        let names = ["Shop", "Cafe; \"Bar\"", "Rent, flat"];
        let (delim, header) = if european { (';', "Datum;Text;Betrag") } else { (',', "Date,Description,Amount") };
        let mut text = format!("{header}\r\n");
        let mut sorted = rows.clone();
        sorted.sort_by_key(|r| r.0);
        for (d, minor, n) in &sorted {
            let amount = crate::money::format_decimal(*minor, 2);
            let amount = if european { amount.replace('.', ",") } else { amount };
            let name = names[*n].replace('"', "\"\"");
            text += &format!("2024-02-{:02}{delim}\"{name}\"{delim}\"{amount}\"\r\n", d + 1);
        }
        let i = import_csv(text.as_bytes(), &opts(None)).unwrap();
        let got: Vec<i64> = amounts(&i.batch.transactions);
        prop_assert_eq!(got, sorted.iter().map(|r| r.1).collect::<Vec<_>>());
        let ids: std::collections::HashSet<_> = i.batch.transactions.iter().map(|t| t.id.clone()).collect();
        prop_assert_eq!(ids.len(), sorted.len());
    }

    #[test]
    fn never_panics(s in "[a-zA-Z0-9,;\"\\n\\r\\t.\\-/ ]{0,200}") {
        let _ = import_csv(s.as_bytes(), &opts(None));
        let _ = import_csv(s.as_bytes(), &opts(Some("date=0,amount=1")));
    }
}
