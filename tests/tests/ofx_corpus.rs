//! Runs every OFX/QFX file of the shared reference corpus (`$TACIT_SHARED_DATA/ofx`) through
//! the importer and compares with a table of expected outcomes written by reading each file.
//! A file missing from the table fails the test, so the table stays complete.

use std::path::{Path, PathBuf};
use tacit_core::sources::ofx::{import_ofx, OfxErrorKind};

/// What a file must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Imports: number of accounts, number of transactions, ledger balance of the first
    /// account in minor units (`None` when the file gives none).
    Ok(usize, usize, Option<i64>),
    /// Fails with this kind.
    Err(OfxErrorKind),
}

use Expect::{Err as E, Ok as O};
use OfxErrorKind as K;

/// Figures read off the files: accounts = distinct ACCTIDs of bank/card statements,
/// transactions = entries of each statement's list (a FITID repeated inside one list is two
/// transactions; one repeated in a second statement of the account is one), balance = the
/// first statement's LEDGERBAL. A file without a bank or card statement is refused.
const TABLE: &[(&str, Expect)] = &[
    // fixofx: large OFX 1.x statements, CRLF and mixed line ends.
    (
        "fixofx/test/fixtures/checking.ofx",
        O(1, 106, Some(112_949)),
    ),
    (
        "fixofx/test/fixtures/creditcard.ofx",
        O(1, 135, Some(-512_816)),
    ),
    ("fixofx/test/fixtures/savings.ofx", O(1, 118, Some(114_716))),
    ("fixofx/LICENSE", E(K::NotOfx)),
    // node-ofx: SGML header with an XML-style body; NZD savings.
    ("node-ofx/test/data/example-xml.qfx", O(1, 1, Some(102_523))),
    ("node-ofx/test/data/example1.ofx", O(1, 5, Some(422_579))),
    ("node-ofx/LICENSE", E(K::NotOfx)),
    // ofx-reader: Brazilian banks (Latin-1, CR-only lines), cards, OFX 1.03.
    // BancodoBrasil and extrato repeat FITID 201606031433760 on two -200.00 entries of one
    // list: 7 transactions, which add up to the ledger balance (-10.00 from zero); 6 would not.
    (
        "ofx-reader/ofx-files/BancodoBrasil.ofx",
        O(1, 7, Some(-1_000)),
    ),
    ("ofx-reader/ofx-files/Bradesco.ofx", O(1, 6, Some(3_401))),
    (
        "ofx-reader/ofx-files/CaixaEconomicaFederal.ofx",
        O(1, 3, Some(50_027)),
    ),
    ("ofx-reader/ofx-files/Itau.ofx", O(1, 17, Some(91_014))),
    ("ofx-reader/ofx-files/amex.ofx", O(1, 2, Some(-76_460))),
    ("ofx-reader/ofx-files/bb.ofx", O(1, 81, Some(652_919))),
    (
        "ofx-reader/ofx-files/creditcard.ofx",
        O(1, 3, Some(-111_101)),
    ),
    ("ofx-reader/ofx-files/extrato.ofx", O(1, 7, Some(-1_000))),
    ("ofx-reader/ofx-files/nubank.ofx", O(1, 5, Some(-45_106))),
    ("ofx-reader/ofx-files/sicredi.ofx", O(1, 54, Some(917))),
    ("ofx-reader/ofx-files/suncorp.ofx", O(1, 1, Some(123_412))),
    (
        "ofx-reader/ofx-files/version103.ofx",
        O(1, 3, Some(525_000)),
    ),
    ("ofx-reader/LICENSE", E(K::NotOfx)),
    // ofxparse.
    (
        "ofxparse/tests/fixtures/account_listing_aggregation.ofx",
        E(K::NoStatement),
    ),
    ("ofxparse/tests/fixtures/anzcc.ofx", O(1, 1, Some(-12_345))),
    (
        "ofxparse/tests/fixtures/bank_medium.ofx",
        O(1, 3, Some(38_234)),
    ),
    ("ofxparse/tests/fixtures/bank_small.ofx", E(K::NoStatement)),
    (
        "ofxparse/tests/fixtures/checking.ofx",
        O(1, 3, Some(10_099)),
    ),
    // STMTTRNRS status 2000 ERROR and no statement at all.
    (
        "ofxparse/tests/fixtures/error_message.ofx",
        E(K::StatementFailed),
    ),
    // First STMTTRN has no DTPOSTED (the second an empty one, the third 2012-02-31).
    (
        "ofxparse/tests/fixtures/fail_nice/date_missing.ofx",
        E(K::MissingElement),
    ),
    // TRNAMT "$120".
    (
        "ofxparse/tests/fixtures/fail_nice/decimal_error.ofx",
        E(K::BadAmount),
    ),
    // LEDGERBAL/BALAMT is a blank.
    (
        "ofxparse/tests/fixtures/fail_nice/empty_balance.ofx",
        E(K::EmptyValue),
    ),
    (
        "ofxparse/tests/fixtures/fidelity-savings.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/fidelity.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/investment_401k.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/investment_medium.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/multiple_accounts.ofx",
        O(2, 0, Some(11_100)),
    ),
    (
        "ofxparse/tests/fixtures/multiple_accounts2.ofx",
        O(2, 0, Some(11_100)),
    ),
    // Empty CURDEF (and empty FITID, ACCTTYPE, BALAMT, DTASOF).
    (
        "ofxparse/tests/fixtures/ofx-v102-empty-tags.ofx",
        E(K::EmptyValue),
    ),
    // SONRS code 15500, severity ERROR.
    (
        "ofxparse/tests/fixtures/signon_fail.ofx",
        E(K::SignonFailed),
    ),
    (
        "ofxparse/tests/fixtures/signon_success.ofx",
        E(K::NoStatement),
    ),
    (
        "ofxparse/tests/fixtures/signon_success_no_message.ofx",
        E(K::NoStatement),
    ),
    (
        "ofxparse/tests/fixtures/suncorp.ofx",
        O(1, 1, Some(123_412)),
    ),
    (
        "ofxparse/tests/fixtures/td_ameritrade.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/tiaacref.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/vanguard.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparse/tests/fixtures/vanguard401k.ofx",
        E(K::InvestmentUnsupported),
    ),
    ("ofxparse/LICENSE", E(K::NotOfx)),
    // ofxparser.
    (
        "ofxparser/tests/fixtures/ofx-multiple-accounts-xml.ofx",
        O(3, 3, Some(4_301)),
    ),
    // The STMTTRN body is the literal text "*snipped*".
    (
        "ofxparser/tests/fixtures/ofxdata-banking-xml200.ofx",
        E(K::Syntax),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-bb-two-stmtrs.ofx",
        O(2, 36, Some(0)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-bb.ofx",
        O(1, 1, Some(23_935)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-bpbfc.ofx",
        O(1, 6, Some(1_000_000)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-cmfr.ofx",
        O(1, 42, Some(1_000_000)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-credit-card.ofx",
        O(1, 1, Some(-50_000)),
    ),
    // STMTRS without BANKACCTFROM: no account to scope the transactions to.
    (
        "ofxparser/tests/fixtures/ofxdata-emptyDateTime.ofx",
        E(K::MissingElement),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-google.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-investments-multiple-accounts-xml.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-investments-oneline-xml.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-investments-xml.ofx",
        E(K::InvestmentUnsupported),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-memoWithAmpersand.ofx",
        O(1, 16, Some(-73_405)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-memoWithQuotes.ofx",
        O(1, 16, Some(-73_405)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-oneline.ofx",
        O(1, 8, Some(10_000)),
    ),
    // LEDGERBAL/BALAMT left empty.
    (
        "ofxparser/tests/fixtures/ofxdata-selfclose.ofx",
        E(K::EmptyValue),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata-xml.ofx",
        O(1, 3, Some(525_000)),
    ),
    (
        "ofxparser/tests/fixtures/ofxdata.ofx",
        O(1, 3, Some(525_000)),
    ),
    ("ofxparser/LICENSE", E(K::NotOfx)),
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn outcome(bytes: &[u8]) -> Expect {
    match import_ofx(bytes) {
        Ok(b) => {
            check_batch(&b);
            O(
                b.accounts.len(),
                b.transactions.len(),
                b.accounts.first().and_then(|a| a.balance).map(|x| x.minor),
            )
        }
        Err(e) => {
            // The error names a specification element (upper-case letters), never file data.
            let text = e.to_string();
            if let Some(el) = e.element {
                assert!(el
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.'));
            }
            assert!(!text.contains('\n') && text.len() < 160, "{text}");
            E(e.kind)
        }
    }
}

/// Invariants of every successful import.
fn check_batch(b: &tacit_core::sources::ImportBatch) {
    let mut ids = std::collections::HashSet::new();
    for t in &b.transactions {
        assert!(
            b.accounts.iter().any(|a| a.id == t.account),
            "orphan transaction"
        );
        assert!(ids.insert(t.id.clone()), "duplicate transaction id");
        assert!(t.description.chars().count() <= tacit_core::model::MAX_DESCRIPTION_CHARS);
        assert!(!t.description.chars().any(char::is_control));
    }
    let mut accounts = std::collections::HashSet::new();
    for a in &b.accounts {
        assert!(accounts.insert(a.id.clone()), "duplicate account");
        let number = a.full_number.clone().unwrap_or_default();
        let debug = format!("{b:?} {a:?}");
        assert!(
            number.len() < 4 || !debug.contains(&number),
            "Debug leaks an account number"
        );
    }
}

#[test]
fn every_corpus_file_has_the_expected_outcome() {
    let Some(root) = tacit_tests::shared_data("ofx") else {
        return;
    };
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let (mut ok, mut err) = (0, 0);
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).unwrap();
        let got = outcome(&bytes);
        match got {
            O(..) => ok += 1,
            E(_) => err += 1,
        }
        match TABLE.iter().find(|(p, _)| *p == rel) {
            None => failures.push(format!("not in table: (\"{rel}\", {got:?}),")),
            Some((_, want)) if *want != got => {
                failures.push(format!("{rel}: want {want:?}, got {got:?}"))
            }
            Some(_) => {}
        }
    }
    for (p, _) in TABLE {
        if !files
            .iter()
            .any(|f| f.strip_prefix(&root).unwrap().to_string_lossy() == *p)
        {
            failures.push(format!("in table but not found: {p}"));
        }
    }
    eprintln!("{} files: {ok} imported, {err} refused", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
