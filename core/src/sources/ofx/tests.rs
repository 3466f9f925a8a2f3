//! End-to-end tests of the OFX import on small hand-written files.

use super::*;
use crate::model::{AccountKind, TxnStatus};
use crate::money::Currency;
use crate::sources::AccountIssueKind;
use crate::time::parse_iso_local;

const HEADER: &str = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n\
ENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";

fn signon(code: &str, severity: &str) -> String {
    format!(
        "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>{code}<SEVERITY>{severity}</STATUS>\
         <DTSERVER>20240101<LANGUAGE>ENG<FI><ORG>Example Bank<FID>1</FI></SONRS></SIGNONMSGSRSV1>"
    )
}

fn txn(fitid: &str, amount: &str, extra: &str) -> String {
    format!(
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105120000[-5:EST]<TRNAMT>{amount}\
         <FITID>{fitid}<NAME>POS DEBIT SHOP #12<MEMO>card 1234{extra}</STMTTRN>\n"
    )
}

fn bank_stmt(acct: &str, txns: &str, status: &str) -> String {
    format!(
        "<STMTTRNRS><TRNUID>1<STATUS><CODE>{status}<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD\
         <BANKACCTFROM><BANKID>021000021<ACCTID>{acct}<ACCTTYPE>SAVINGS</BANKACCTFROM>\n\
         <BANKTRANLIST><DTSTART>20240101<DTEND>20240131\n{txns}</BANKTRANLIST>\
         <LEDGERBAL><BALAMT>1000,50<DTASOF>20240131</LEDGERBAL>\
         <AVAILBAL><BALAMT>900.00<DTASOF>20240131</AVAILBAL></STMTRS></STMTTRNRS>\n"
    )
}

fn file(body: &str) -> Vec<u8> {
    format!(
        "{HEADER}<OFX>{}\n<BANKMSGSRSV1>\n{body}</BANKMSGSRSV1></OFX>\n",
        signon("0", "INFO")
    )
    .into_bytes()
}

#[test]
fn imports_a_bank_statement() {
    let bytes = file(&bank_stmt(
        "123456789",
        &(txn("A1", "-12.34", "") + &txn("A2", "+100", "<SIC>5411")),
        "0",
    ));
    let b = import_ofx(&bytes).unwrap();
    assert_eq!(b.source.as_ref().unwrap().as_str(), "ofx:Example Bank");
    assert_eq!(b.accounts.len(), 1);
    let a = &b.accounts[0];
    assert_eq!(a.id.as_str(), "ofx:Example Bank/123456789");
    assert_eq!(a.kind, AccountKind::Savings);
    assert_eq!(a.currency, Currency::USD);
    assert_eq!(a.last4.as_deref(), Some("6789"));
    assert_eq!(a.full_number.as_deref(), Some("123456789"));
    assert_eq!(a.routing_number.as_deref(), Some("021000021"));
    assert_eq!(a.balance.map(|x| x.minor), Some(100_050));
    assert_eq!(
        a.balance.map(|x| x.as_of),
        parse_iso_local("2024-01-31T12:00", 0)
    );
    assert_eq!(a.available.map(|x| x.minor), Some(90_000));
    let t = &b.transactions[0];
    assert_eq!(t.id.as_str(), "ofx:Example Bank/123456789#A1");
    assert_eq!(t.amount, -1234);
    assert_eq!(t.status, TxnStatus::Posted);
    assert_eq!(t.posted_at, parse_iso_local("2024-01-05T17:00", 0));
    assert_eq!(t.transacted_at, t.posted_at.unwrap());
    assert_eq!(t.description, "POS DEBIT SHOP #12 card 1234");
    assert_eq!(t.merchant.as_deref(), Some("SHOP"));
    assert_eq!(b.transactions[1].amount, 10_000);
    assert_eq!(b.transactions[1].mcc, Some(5411));
}

#[test]
fn credit_card_statement_and_dtuser() {
    let body = format!(
        "{HEADER}<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\
         <CCSTMTRS><CURDEF>EUR<CCACCTFROM><ACCTID>4111111111111111</CCACCTFROM>\
         <BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<DTUSER>20240103<TRNAMT>-5,5\
         <FITID>X<PAYEE><NAME>Cafe Central<CITY>Wien</PAYEE></STMTTRN></BANKTRANLIST>\
         <LEDGERBAL><BALAMT>-5.50<DTASOF>20240106</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>\
         </CREDITCARDMSGSRSV1></OFX>"
    );
    let b = import_ofx(body.as_bytes()).unwrap();
    assert_eq!(b.source.as_ref().unwrap().as_str(), "ofx:file");
    assert_eq!(b.accounts[0].kind, AccountKind::CreditCard);
    assert_eq!(b.accounts[0].currency, Currency::EUR);
    assert_eq!(b.accounts[0].routing_number, None);
    assert_eq!(b.accounts[0].balance.map(|x| x.minor), Some(-550));
    let t = &b.transactions[0];
    assert_eq!(t.amount, -550);
    assert_eq!(t.merchant.as_deref(), Some("Cafe Central"));
    assert_eq!(
        t.transacted_at,
        parse_iso_local("2024-01-03T12:00", 0).unwrap()
    );
    assert_eq!(t.posted_at, parse_iso_local("2024-01-05T12:00", 0));
}

#[test]
fn repeated_fitids_keep_the_last_and_are_counted() {
    let txns = txn("A1", "-1.00", "") + &txn("A2", "-2.00", "") + &txn("A1", "-3.00", "");
    let i = import_ofx_detailed(&file(&bank_stmt("999", &txns, "0"))).unwrap();
    assert_eq!(i.batch.transactions.len(), 2);
    assert_eq!(i.stats.duplicate_fitids, 1);
    let a1 = i
        .batch
        .transactions
        .iter()
        .find(|t| t.id.as_str().ends_with("#A1"))
        .unwrap();
    assert_eq!(a1.amount, -300);
}

#[test]
fn same_fitid_in_two_accounts_is_two_transactions() {
    let body = bank_stmt("111", &txn("A1", "-1.00", ""), "0")
        + &bank_stmt("222", &txn("A1", "-1.00", ""), "0");
    let b = import_ofx(&file(&body)).unwrap();
    assert_eq!(b.accounts.len(), 2);
    assert_eq!(b.transactions.len(), 2);
}

#[test]
fn statements_of_one_account_merge() {
    let body = bank_stmt("111", &txn("A1", "-1.00", ""), "0")
        + &bank_stmt("111", &txn("A2", "-1.00", ""), "0");
    let i = import_ofx_detailed(&file(&body)).unwrap();
    assert_eq!(i.batch.accounts.len(), 1);
    assert_eq!(i.batch.transactions.len(), 2);
    assert_eq!(i.stats.statements, 2);
}

/// Corrections and repeated FITIDs spread through a long list (its transactions are built on
/// several threads) fold exactly as in file order.
#[test]
fn corrections_and_duplicates_in_a_long_list() {
    let mut txns = String::new();
    for n in 0..300 {
        txns += &txn(&format!("F{n}"), "-1.00", "");
        if n == 150 {
            txns += &txn("R1", "-9.99", "<CORRECTFITID>F10<CORRECTACTION>REPLACE");
            txns += &txn("D1", "-0.01", "<CORRECTFITID>F20<CORRECTACTION>DELETE");
        }
    }
    txns += &txn("F5", "-5.55", "");
    txns += &txn("B2", "-2.00", "<CORRECTFITID>F299<CORRECTACTION>REPLACE");
    let i = import_ofx_detailed(&file(&bank_stmt("5", &txns, "0"))).unwrap();
    let ids: Vec<&str> = i
        .batch
        .transactions
        .iter()
        .map(|t| t.id.as_str().trim_start_matches("ofx:Example Bank/5#"))
        .collect();
    let mut want: Vec<String> = (0..299)
        .filter(|n| *n != 10 && *n != 20)
        .map(|n| format!("F{n}"))
        .collect();
    want.insert(149, "R1".into());
    want.push("B2".into());
    assert_eq!(ids, want);
    let f5 = i
        .batch
        .transactions
        .iter()
        .find(|t| t.id.as_str().ends_with("#F5"));
    assert_eq!(f5.map(|t| t.amount), Some(-555));
    assert_eq!(i.batch.deletions.len(), 3);
    assert_eq!(
        (i.stats.replaced, i.stats.deleted, i.stats.duplicate_fitids),
        (2, 1, 1)
    );
}

#[test]
fn corrections_replace_and_delete() {
    let txns = txn("A1", "-1.00", "")
        + &txn("A2", "-2.00", "")
        + &txn("A3", "-9.99", "<CORRECTFITID>A1<CORRECTACTION>REPLACE")
        + &txn("A4", "-0.01", "<CORRECTFITID>A2<CORRECTACTION>DELETE")
        + &txn("A5", "-0.01", "<CORRECTFITID>OLD<CORRECTACTION>DELETE");
    let i = import_ofx_detailed(&file(&bank_stmt("5", &txns, "0"))).unwrap();
    let ids: Vec<&str> = i.batch.transactions.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, vec!["ofx:Example Bank/5#A3"]);
    let del: Vec<&str> = i.batch.deletions.iter().map(|t| t.as_str()).collect();
    assert_eq!(
        del,
        vec![
            "ofx:Example Bank/5#A1",
            "ofx:Example Bank/5#A2",
            "ofx:Example Bank/5#OLD"
        ]
    );
    assert_eq!((i.stats.replaced, i.stats.deleted), (1, 2));
    // A correction seen before its original still wins.
    let txns =
        txn("B2", "-2.00", "<CORRECTFITID>B1<CORRECTACTION>REPLACE") + &txn("B1", "-1.00", "");
    let b = import_ofx(&file(&bank_stmt("5", &txns, "0"))).unwrap();
    assert_eq!(b.transactions.len(), 1);
    // An unknown action is refused.
    let bad = txn("C", "-1", "<CORRECTFITID>B<CORRECTACTION>MERGE");
    assert_eq!(
        import_ofx(&file(&bank_stmt("5", &bad, "0")))
            .unwrap_err()
            .kind,
        OfxErrorKind::Syntax
    );
}

#[test]
fn statement_errors() {
    let failed = "<STMTTRNRS><TRNUID>2<STATUS><CODE>2000<SEVERITY>ERROR</STATUS></STMTTRNRS>\n";
    let e = import_ofx(&file(failed)).unwrap_err();
    assert_eq!(
        (e.kind, e.element),
        (OfxErrorKind::StatementFailed, Some("STMTTRNRS"))
    );
    let b = import_ofx(&file(&(bank_stmt("1", "", "0") + failed))).unwrap();
    assert_eq!(b.accounts.len(), 1);
    assert_eq!(b.account_issues.len(), 1);
    assert_eq!(b.account_issues[0].kind, AccountIssueKind::Unavailable);
}

#[test]
fn signon_errors() {
    let bytes = format!("{HEADER}<OFX>{}</OFX>", signon("15500", "ERROR"));
    let e = import_ofx(bytes.as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind, e.element, e.line),
        (OfxErrorKind::SignonFailed, Some("SONRS"), 11)
    );
    let ok = format!("{HEADER}<OFX>{}</OFX>", signon("0", "INFO"));
    assert_eq!(import_ofx(ok.as_bytes()).unwrap().accounts.len(), 0);
    let warn = format!("{HEADER}<OFX>{}</OFX>", signon("15000", "WARN"));
    assert!(import_ofx(warn.as_bytes()).is_ok());
}

#[test]
fn errors_name_element_and_line_without_data() {
    let bad = file(&bank_stmt(
        "123456789",
        &(txn("A1", "-1.00", "") + &txn("A2", "12.3.4", "")),
        "0",
    ));
    let e = import_ofx(&bad).unwrap_err();
    assert_eq!(
        (e.kind, e.element, e.line),
        (OfxErrorKind::BadAmount, Some("TRNAMT"), 16)
    );
    assert!(!e.to_string().contains("12.3.4"));
    let bad = file(&bank_stmt(
        "123456789",
        &txn("A1", "-1.00", "<DTUSER>20240230"),
        "0",
    ));
    let e = import_ofx(&bad).unwrap_err();
    assert_eq!((e.kind, e.element), (OfxErrorKind::BadDate, Some("DTUSER")));
    let bad = file(&bank_stmt("", "", "0"));
    assert_eq!(import_ofx(&bad).unwrap_err().kind, OfxErrorKind::EmptyValue);
    let bad = file(&bank_stmt("1", &txn("", "-1", ""), "0"));
    assert_eq!(import_ofx(&bad).unwrap_err().element, Some("FITID"));
    let bad = file(&bank_stmt("1", "", "0").replace("<CURDEF>USD", "<CURDEF>US$"));
    assert_eq!(
        import_ofx(&bad).unwrap_err().kind,
        OfxErrorKind::BadCurrency
    );
    let truncated = &file(&bank_stmt("1", &txn("A", "-1", ""), "0"))[..300];
    assert_eq!(
        import_ofx(truncated).unwrap_err().kind,
        OfxErrorKind::Truncated
    );
}

#[test]
fn investment_statements_are_refused() {
    let bytes = format!(
        "{HEADER}<OFX>{}<INVSTMTMSGSRSV1><INVSTMTTRNRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>",
        signon("0", "INFO")
    );
    let e = import_ofx(bytes.as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind, e.element),
        (OfxErrorKind::InvestmentUnsupported, Some("INVSTMTMSGSRSV1"))
    );
}

#[test]
fn xml_latin1_and_cr_only_files() {
    let xml = "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS>\
        <STMTRS><CURDEF>JPY</CURDEF><BANKACCTFROM><BANKID>1</BANKID><ACCTID>42</ACCTID>\
        <ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE>\
        <DTPOSTED>20240101</DTPOSTED><TRNAMT>-1500</TRNAMT><FITID>J</FITID><NAME>Lawson &amp; Co</NAME>\
        </STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    let b = import_ofx(xml.as_bytes()).unwrap();
    assert_eq!(b.transactions[0].amount, -1500);
    assert_eq!(b.transactions[0].currency, Currency::JPY);
    assert_eq!(b.transactions[0].description, "Lawson & Co");
    assert_eq!(b.accounts[0].balance, None);
    let mut latin =
        file(&bank_stmt("1", &txn("A", "-1", ""), "0").replace("card 1234", "Cr\u{e9}dito"))
            .iter()
            .map(|&b| if b == b'\n' { b'\r' } else { b })
            .collect::<Vec<u8>>();
    // Re-encode the UTF-8 'é' (C3 A9) as Latin-1 E9.
    let pos = latin.windows(2).position(|w| w == [0xC3, 0xA9]).unwrap();
    latin.splice(pos..pos + 2, [0xE9]);
    let b = import_ofx(&latin).unwrap();
    assert!(b.transactions[0].description.ends_with("Crédito"));
}
