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

/// A bank's file: two -200.00 payments the same day share a FITID, and two unrelated entries
/// share a placeholder FITID. Every entry of the list is a transaction, and the statement adds
/// up; the same FITID in a second statement of the account is the same transaction.
#[test]
fn repeated_fitids_in_one_statement_are_distinct_transactions() {
    let txns = txn("P1", "-200.00", "")
        + &txn("P1", "-200.00", "")
        + &txn("0", "-98.91", "")
        + &txn("A2", "-2.00", "")
        + &txn("0", "+308.86", "");
    let i = import_ofx_detailed(&file(&bank_stmt("999", &txns, "0"))).unwrap();
    let amounts: Vec<i64> = i.batch.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, vec![-20_000, -20_000, -9_891, -200, 30_886]);
    assert_eq!(i.stats.repeated_fitids, 2);
    assert_eq!(i.stats.duplicate_fitids, 0);
    let ids: std::collections::HashSet<&str> =
        i.batch.transactions.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), 5, "every entry has its own id");
    // The same file read again gives the same ids (so re-importing it adds nothing).
    let again = import_ofx_detailed(&file(&bank_stmt("999", &txns, "0"))).unwrap();
    assert_eq!(again.batch.transactions, i.batch.transactions);
    // An overlapping second statement of the same account repeats the first: one copy each.
    let body = bank_stmt("999", &txns, "0") + &bank_stmt("999", &txns, "0");
    let both = import_ofx_detailed(&file(&body)).unwrap();
    assert_eq!(both.batch.transactions.len(), 5);
    assert_eq!(both.stats.duplicate_fitids, 5);
    assert_eq!(both.stats.repeated_fitids, 4);
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
    want.push("F5\u{1f}2".into());
    want.push("B2".into());
    assert_eq!(ids, want);
    let f5 = i
        .batch
        .transactions
        .iter()
        .find(|t| t.id.as_str().ends_with("#F5\u{1f}2"));
    assert_eq!(f5.map(|t| t.amount), Some(-555));
    assert_eq!(i.batch.deletions.len(), 3);
    assert_eq!(
        (
            i.stats.replaced,
            i.stats.deleted,
            i.stats.duplicate_fitids,
            i.stats.repeated_fitids
        ),
        (2, 1, 0, 1)
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
    let warn = format!(
        "{HEADER}<OFX>{}<BANKMSGSRSV1>{}</BANKMSGSRSV1></OFX>",
        signon("15000", "WARN"),
        bank_stmt("1", "", "0")
    );
    assert!(import_ofx(warn.as_bytes()).is_ok());
}

/// A file with nothing to import is refused, not reported as "0 accounts".
#[test]
fn a_file_without_a_statement_is_refused() {
    let signon_only = format!("{HEADER}<OFX>{}</OFX>", signon("0", "INFO"));
    let acctinfo = format!(
        "{HEADER}<OFX>{}<SIGNUPMSGSRSV1><ACCTINFOTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO\
         </STATUS><ACCTINFORS><DTACCTUP>20240101<ACCTINFO><BANKACCTINFO><BANKACCTFROM>\
         <BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><SUPTXDL>Y</BANKACCTINFO>\
         </ACCTINFO></ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1></OFX>",
        signon("0", "INFO")
    );
    for bytes in [
        signon_only.as_bytes(),
        acctinfo.as_bytes(),
        b"<OFX></OFX>",
        b"<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?><OFX/>",
    ] {
        let e = import_ofx(bytes).unwrap_err();
        assert_eq!(e.kind, OfxErrorKind::NoStatement);
        assert_eq!(e.to_string(), "no bank or card statement in the file");
    }
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

/// CDATA in NAME and MEMO is text, markup characters inside it included.
#[test]
fn cdata_names_are_read() {
    let t = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>C1\
             <NAME><![CDATA[EFTPOS WDL HANDYWAY ALDI STORE]]></NAME>\
             <MEMO><![CDATA[ref <7> & co]]></MEMO></STMTTRN>";
    let b = import_ofx(&file(&bank_stmt("1", t, "0"))).unwrap();
    assert_eq!(
        b.transactions[0].description,
        "EFTPOS WDL HANDYWAY ALDI STORE ref <7> & co"
    );
}

/// A real bank's file without `</BANKTRANLIST>`: the ledger balance after it is still read,
/// and the recovery is counted.
#[test]
fn an_unclosed_transaction_list_keeps_the_ledger_balance() {
    let body = bank_stmt(
        "1",
        &(txn("A1", "-1.00", "") + &txn("A2", "-2.00", "")),
        "0",
    )
    .replace("</BANKTRANLIST>", "");
    let i = import_ofx_detailed(&file(&body)).unwrap();
    assert_eq!(i.batch.transactions.len(), 2);
    assert_eq!(i.batch.accounts[0].balance.map(|b| b.minor), Some(100_050));
    assert_eq!(i.stats.recovered_unclosed, 1);
    // Unclosed transactions: each next STMTTRN closes the one before.
    let body = bank_stmt(
        "1",
        &(txn("A1", "-1.00", "") + &txn("A2", "-2.00", "")),
        "0",
    )
    .replace("</STMTTRN>", "");
    let i = import_ofx_detailed(&file(&body)).unwrap();
    assert_eq!(i.batch.transactions.len(), 2);
    assert_eq!(i.batch.accounts[0].balance.map(|b| b.minor), Some(100_050));
    assert_eq!(i.stats.recovered_unclosed, 1); // the last one closes with its list
                                               // A list cut off by the end of the file is refused with a message, never half-read.
    let cut = file(&bank_stmt("1", &txn("A1", "-1.00", ""), "0"));
    let at = String::from_utf8_lossy(&cut)
        .find("</BANKTRANLIST>")
        .unwrap();
    let e = import_ofx(&cut[..at]).unwrap_err();
    assert_eq!(e.kind, OfxErrorKind::Truncated);
}

/// `SECURITY:TYPE1` over a plain body (what banks send) is read.
#[test]
fn security_type1_with_a_plain_body_is_read() {
    let bytes = String::from_utf8(file(&bank_stmt("1", &txn("A1", "-1.00", ""), "0")))
        .unwrap()
        .replace("SECURITY:NONE", "SECURITY:TYPE1");
    assert_eq!(import_ofx(bytes.as_bytes()).unwrap().transactions.len(), 1);
}

/// A money-market statement's over-precise amounts are rounded half-even and counted.
#[test]
fn over_precise_amounts_are_rounded_and_counted() {
    let body =
        bank_stmt("1", &txn("A1", "-995.4190396554627", ""), "0").replace("1000,50", "1000.505");
    let i = import_ofx_detailed(&file(&body)).unwrap();
    assert_eq!(i.batch.transactions[0].amount, -99_542);
    assert_eq!(i.batch.accounts[0].balance.map(|b| b.minor), Some(100_050));
    assert_eq!(i.stats.rounded_amounts, 2);
}

/// Two files pasted together are refused: reading on would replace the open statement and
/// lose its transactions (found by the `ofx_split` fuzz target, where the two readings lost
/// different parts). A statement opening inside an open one's list closes it (recovered,
/// counted), so nothing of either is lost.
#[test]
fn nested_documents_and_statements_are_refused() {
    let one = String::from_utf8(file(&bank_stmt("1", &txn("A1", "-1.00", ""), "0"))).unwrap();
    let body = one.split("<OFX>").nth(1).unwrap();
    let pasted = one.replacen("</BANKTRANLIST>", &format!("<OFX>{body}</BANKTRANLIST>"), 1);
    let e = import_ofx(pasted.as_bytes()).unwrap_err();
    assert_eq!((e.kind, e.element), (OfxErrorKind::Syntax, Some("OFX")));
    let nested = one.replacen(
        "</BANKTRANLIST>",
        "<STMTRS><BANKACCTFROM><ACCTID>2</BANKACCTFROM></STMTRS></BANKTRANLIST>",
        1,
    );
    let i = import_ofx_detailed(nested.as_bytes()).unwrap();
    assert_eq!((i.batch.accounts.len(), i.batch.transactions.len()), (2, 1));
    assert_eq!(i.stats.recovered_unclosed, 2);
}

/// A file read in chunks leaves what the whole file leaves.
mod chunked {
    use super::*;
    use crate::model::Transaction;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Applies batches in order as the vault does: upserts by id, then the batch's deletions.
    fn apply(batches: &[ImportBatch]) -> BTreeMap<String, Transaction> {
        let mut stored = BTreeMap::new();
        for b in batches {
            for t in &b.transactions {
                stored.insert(t.id.0.clone(), t.clone());
            }
            for d in &b.deletions {
                stored.remove(&d.0);
            }
        }
        stored
    }

    fn read_in_chunks(bytes: &[u8], size: usize) -> (Vec<ImportBatch>, StatementImport) {
        let mut batches = Vec::new();
        let import = import_statement_chunked(bytes, size, |_, b| {
            batches.push(b);
            Ok::<(), OfxError>(())
        })
        .unwrap();
        (batches, import)
    }

    fn assert_same(bytes: &[u8], size: usize) {
        let whole = import_statement(bytes).unwrap();
        let (batches, import) = read_in_chunks(bytes, size);
        assert_eq!(apply(&batches), apply(std::slice::from_ref(&whole.batch)));
        let last = batches.last().unwrap();
        assert_eq!(last.accounts, whole.batch.accounts);
        assert_eq!(import.batch.accounts, whole.batch.accounts);
        assert_eq!(last.account_issues, whole.batch.account_issues);
        assert_eq!(import.totals, whole.totals);
        assert_eq!(import.notes, whole.notes);
        for b in &batches[..batches.len() - 1] {
            assert!(b.transactions.len() <= 2 * size, "a chunk too long");
            assert!(b.deletions.is_empty());
        }
    }

    #[test]
    fn fixtures_read_in_chunks_leave_what_a_whole_read_leaves() {
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
        let long = file(&(bank_stmt("5", &txns, "0") + &bank_stmt("6", &txns, "0")));
        for size in [1, 7, 64, 1000] {
            assert_same(&long, size);
        }
        let generated = generate::generate_ofx(2_000, 7);
        let (batches, _) = read_in_chunks(&generated, 256);
        assert!(
            batches.len() >= 8,
            "the statement was handed over in chunks"
        );
        assert_same(&generated, 256);
    }

    /// The bench's files name no ORG: their origin is the first BANKID, settled once the
    /// sign-on has closed, so they stream too.
    #[test]
    fn a_file_without_org_streams_under_its_bankid() {
        let body = bank_stmt(
            "9",
            &(0..50)
                .map(|n| txn(&format!("T{n}"), "-1.00", ""))
                .collect::<String>(),
            "0",
        );
        let bytes = String::from_utf8(file(&body))
            .unwrap()
            .replace("<FI><ORG>Example Bank<FID>1</FI>", "");
        let (batches, _) = read_in_chunks(bytes.as_bytes(), 8);
        assert!(batches.len() > 2);
        assert!(batches[0].transactions[0]
            .id
            .0
            .starts_with("ofx:021000021/9#"));
        assert_same(bytes.as_bytes(), 8);
    }

    /// An error at the end of the file fails the whole read, after chunks were handed over.
    #[test]
    fn a_late_error_fails_the_read() {
        let mut txns: String = (0..40)
            .map(|n| txn(&format!("T{n}"), "-1.00", ""))
            .collect();
        txns += &txn("BAD", "-1.0.0", "");
        let bytes = file(&bank_stmt("9", &txns, "0"));
        let mut handed = 0;
        let r = import_statement_chunked(&bytes, 8, |_, _| {
            handed += 1;
            Ok::<(), OfxError>(())
        });
        assert_eq!(r.unwrap_err().kind, OfxErrorKind::BadAmount);
        assert!(handed > 0);
    }

    /// One entry: a FITID from a small pool (so repeats and duplicates happen), an amount,
    /// and maybe a correction of another FITID of the pool.
    fn entry() -> impl Strategy<Value = (u8, u16, Option<(u8, bool)>)> {
        (
            0u8..10,
            1u16..500,
            prop::option::weighted(0.15, (0u8..10, any::<bool>())),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn chunked_reads_equal_whole_reads(
            statements in prop::collection::vec(
                (0u8..2, prop::collection::vec(entry(), 0..30)),
                1..4,
            ),
            size in 1usize..12,
        ) {
            let mut body = String::new();
            for (acct, entries) in &statements {
                let txns: String = entries
                    .iter()
                    .map(|(f, cents, corr)| {
                        let extra = corr.map_or(String::new(), |(t, replace)| {
                            let action = if replace { "REPLACE" } else { "DELETE" };
                            format!("<CORRECTFITID>F{t}<CORRECTACTION>{action}")
                        });
                        txn(&format!("F{f}"), &format!("-{}.{:02}", cents / 100, cents % 100), &extra)
                    })
                    .collect();
                body += &bank_stmt(&acct.to_string(), &txns, "0");
            }
            let bytes = file(&body);
            let whole = import_statement(&bytes).unwrap();
            let (batches, import) = read_in_chunks(&bytes, size);
            prop_assert_eq!(apply(&batches), apply(std::slice::from_ref(&whole.batch)));
            prop_assert_eq!(&import.batch.accounts, &whole.batch.accounts);
            prop_assert_eq!(&import.totals, &whole.totals);
            prop_assert_eq!(&import.notes, &whole.notes);
        }
    }
}
