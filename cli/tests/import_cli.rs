//! `tacit import` end to end on the statement fixtures (`tests/fixtures/statements`) and the
//! OFX fixes: through the real binary into a vault, the per-file summary (new, already
//! imported, skipped with the reason, the statement's check against its own balance), the
//! refusals (one line, exit 1), and a chat answer over the imported data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tacit_core::crypto::secret::SecretString;
use tacit_core::crypto::wrap::PassphraseWrapper;
use tacit_core::profile::Profile;
use tacit_core::time::parse_iso_local;
use tacit_core::vault::{OpenOptions, TxnFilter};

const PASSPHRASE: &str = "correct horse battery staple";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/statements")
        .join(name)
}

fn tacit(vault: &Path, args: &[&str], files: &[&Path]) -> (i32, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .arg("import")
        .arg("--vault")
        .arg(vault)
        .args(args)
        .args(files)
        .env("TACIT_PASSPHRASE", PASSPHRASE)
        // The rollback guard's records go beside the test's vault, not under ~/.local/state.
        .env("TACIT_STATE_DIR", vault.with_extension("state"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn open(vault: &Path) -> Profile {
    let w = PassphraseWrapper::new(SecretString::new(PASSPHRASE.to_owned()));
    Profile::open(vault, &w, OpenOptions::default()).unwrap()
}

fn stored(vault: &Path) -> usize {
    let p = open(vault);
    let n = p
        .transactions(&TxnFilter::default())
        .map(|t| t.len())
        .unwrap();
    p.close().unwrap();
    n
}

#[test]
fn camt_reconciles_and_reimport_adds_nothing_and_chat_answers() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let ok = fixture("camt053-reconciles.xml");
    let (code, out, err) = tacit(&vault, &[], &[&ok]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "CAMT.053, 1 account, 3 entries: 3 new, 0 updated, 0 already imported, 1 skipped"
        ),
        "{out}"
    );
    assert!(
        out.contains("1 entries not yet booked (pending or information only): skipped"),
        "{out}"
    );
    assert!(out.contains("account ••3000: reconciles: 1000.00 EUR (the statement's opening balance, 2023-12-31) - 176.55 EUR = ledger balance 823.45 EUR on 2024-01-31"), "{out}");
    assert_eq!(stored(&vault), 3);
    let (code, out, _) = tacit(&vault, &[], &[&ok]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 new, 0 updated, 3 already imported"),
        "{out}"
    );
    assert_eq!(stored(&vault), 3);

    let p = open(&vault);
    let now = parse_iso_local("2024-02-01T09:00", 0).unwrap();
    let reply = p.handle_message("what's my balance?", now).unwrap();
    assert!(
        reply.local_text.contains("823.45") || reply.local_text.contains("823,45"),
        "{}",
        reply.local_text
    );
    assert!(
        !reply.platform_text.contains("823"),
        "{}",
        reply.platform_text.as_str()
    );
    p.close().unwrap();
}

#[test]
fn a_statement_that_does_not_add_up_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let (code, out, _) = tacit(&vault, &[], &[&fixture("camt053-does-not-reconcile.xml")]);
    assert_eq!(code, 0);
    assert!(out.contains("DOES NOT RECONCILE: 1000.00 EUR (the statement's opening balance, 2023-12-31) - 176.55 EUR of entries = 823.45 EUR, but the ledger balance on 2024-01-31 is 900.00 EUR: 76.55 EUR unexplained"), "{out}");
}

#[test]
fn csv_layouts_import_with_the_persons_account() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let files = [
        ("us-checking-signed.csv", 5),
        ("de-girokonto-cp1252.csv", 3),
        ("uk-paid-in-out-bom.csv", 3),
        ("fr-releve-tab.tsv", 3),
        ("revolut-style.csv", 3),
    ];
    let mut total = 0;
    for (name, n) in files {
        let (code, out, err) = tacit(&vault, &["--account", name], &[&fixture(name)]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(
            out.contains(&format!("CSV, 1 account, {n} entries: {n} new")),
            "{name}: {out}"
        );
        total += n;
    }
    assert_eq!(stored(&vault), total);
    // Without an account the file is refused with one line and exit 1.
    let (code, out, err) = tacit(&vault, &[], &[&fixture("us-checking-signed.csv")]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("the file names no account: choose one with --account NAME"),
        "{err}"
    );
    // The US file's running balance checks the statement.
    let (_, out, _) = tacit(
        &vault,
        &["--account", "us-checking-signed.csv"],
        &[&fixture("us-checking-signed.csv")],
    );
    assert!(
        out.contains("0 new, 0 updated, 5 already imported"),
        "{out}"
    );
    assert!(out.contains("reconciles: 1171.06 USD"), "{out}");
}

#[test]
fn a_mapping_is_saved_for_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let file = fixture("no-header.csv");
    let (code, _, err) = tacit(&vault, &["--account", "Cash"], &[&file]);
    assert_eq!(code, 1);
    assert!(err.contains("columns not recognised"), "{err}");
    let (code, out, _) = tacit(
        &vault,
        &[
            "--account",
            "Cash",
            "--map",
            "date=0,description=1,amount=2",
        ],
        &[&file],
    );
    assert_eq!(code, 0);
    assert!(out.contains("3 new"), "{out}");
    let (code, out, err) = tacit(&vault, &["--account", "Cash"], &[&file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("0 new, 0 updated, 3 already imported"),
        "{out}"
    );
}

#[test]
fn qif_with_splits() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let (code, out, err) = tacit(
        &vault,
        &["--account", "Checking"],
        &[&fixture("checking.qif")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("QIF, 1 account, 4 entries: 4 new"), "{out}");
    assert!(
        out.contains("2 split lines folded into their transaction"),
        "{out}"
    );
    assert!(
        out.contains("not checked: the file gives no closing balance"),
        "{out}"
    );
}

#[test]
fn ofx_without_a_statement_and_garbage_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let empty = dir.path().join("empty.ofx");
    std::fs::write(
        &empty,
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX></OFX>\n",
    )
    .unwrap();
    let (code, out, err) = tacit(&vault, &[], &[&empty]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err.trim(),
        format!("tacit: no bank or card statement in {}", empty.display())
    );
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0u8, 159, 146, 150]).unwrap();
    let (code, _, err) = tacit(&vault, &[], &[&junk]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not a statement in a supported format"),
        "{err}"
    );
}

/// The bank's file with two -200.00 entries sharing a FITID: seven transactions, which add up
/// to the ledger balance once an earlier balance opens the period; the same file again adds
/// nothing.
#[test]
fn repeated_fitids_are_kept_and_the_statement_reconciles_against_an_earlier_import() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let head =
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:TYPE1\nENCODING:USASCII\n\n<OFX>\
        <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240201\
        <LANGUAGE>ENG<FI><ORG>Example<FID>1</FI></SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS>\
        <TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM>\
        <BANKID>1<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM>";
    let txn = |fitid: &str, day: &str, amt: &str, name: &str| {
        format!("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{day}<TRNAMT>{amt}<FITID>{fitid}<NAME><![CDATA[{name}]]></STMTTRN>")
    };
    let jan = format!(
        "{head}<BANKTRANLIST><DTSTART>20240101<DTEND>20240131{}</BANKTRANLIST>\
         <LEDGERBAL><BALAMT>1000.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
        txn("J1", "20240110", "-10.00", "Shop")
    );
    // February: no </BANKTRANLIST>, repeated FITIDs, CDATA names.
    let feb = format!(
        "{head}<BANKTRANLIST><DTSTART>20240201<DTEND>20240229{}{}{}{}\
         <LEDGERBAL><BALAMT>809.95<DTASOF>20240229</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
        txn("P", "20240205", "-200.00", "RENT > part 1"),
        txn("P", "20240205", "-200.00", "RENT > part 2"),
        txn("0", "20240210", "-98.91", "EFTPOS WDL HANDYWAY ALDI STORE"),
        txn("0", "20240212", "+308.86", "REFUND"),
    );
    let (j, f) = (dir.path().join("jan.ofx"), dir.path().join("feb.ofx"));
    std::fs::write(&j, jan).unwrap();
    std::fs::write(&f, feb).unwrap();
    let (code, out, err) = tacit(&vault, &[], &[&j]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("not checked: no opening balance"), "{out}");
    let (code, out, err) = tacit(&vault, &[], &[&f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OFX, 1 account, 4 entries: 4 new"), "{out}");
    assert!(
        out.contains("2 entries share their id with another entry of the same statement: kept"),
        "{out}"
    );
    assert!(out.contains("1 elements were left unclosed"), "{out}");
    assert!(out.contains("reconciles: 1000.00 USD (the balance of an earlier import, 2024-01-31) - 190.05 USD = ledger balance 809.95 USD on 2024-02-29"), "{out}");
    assert_eq!(stored(&vault), 5);
    let (_, out, _) = tacit(&vault, &[], &[&f]);
    assert!(
        out.contains("0 new, 0 updated, 4 already imported"),
        "{out}"
    );
    assert_eq!(stored(&vault), 5);
    let p = open(&vault);
    let names: Vec<String> = p
        .transactions(&TxnFilter::default())
        .unwrap()
        .into_iter()
        .map(|t| t.description)
        .collect();
    assert!(
        names.iter().any(|n| n == "EFTPOS WDL HANDYWAY ALDI STORE"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "RENT > part 2"), "{names:?}");
    p.close().unwrap();
}
