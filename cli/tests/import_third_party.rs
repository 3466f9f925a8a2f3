//! Real statement samples from other open-source projects' test data
//! (`tests/fixtures/statements/third_party`, each folder with the project's licence and the
//! commit it was copied from), through `tacit import` into a vault, then a chat answer over
//! them. Every figure asserted here was worked out by reading the file, not by running Tacit.

use std::path::{Path, PathBuf};
use std::process::Command;
use tacit_core::crypto::secret::SecretString;
use tacit_core::crypto::wrap::PassphraseWrapper;
use tacit_core::model::Transaction;
use tacit_core::profile::Profile;
use tacit_core::time::parse_iso_local;
use tacit_core::vault::{OpenOptions, TxnFilter};

const PASSPHRASE: &str = "correct horse battery staple";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/statements/third_party")
        .join(name)
}

/// `tacit import --vault VAULT ARGS FILE`: exit code, stdout, stderr.
fn import(vault: &Path, args: &[&str], file: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .arg("import")
        .arg("--vault")
        .arg(vault)
        .args(args)
        .arg(file)
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

/// Imports `name` into a fresh vault and checks it was accepted; returns the vault's
/// directory (kept alive by the caller), the vault path and the summary.
fn imported(name: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let (code, out, err) = import(&vault, args, &sample(name));
    assert_eq!(code, 0, "{name}: {err}");
    assert!(err.is_empty(), "{name}: {err}");
    (dir, vault, out)
}

fn open(vault: &Path) -> Profile {
    let w = PassphraseWrapper::new(SecretString::new(PASSPHRASE.to_owned()));
    Profile::open(vault, &w, OpenOptions::default()).unwrap()
}

/// The stored transactions, oldest first (ties by amount).
fn stored(vault: &Path) -> Vec<Transaction> {
    let p = open(vault);
    let mut t = p.transactions(&TxnFilter::default()).unwrap();
    p.close().unwrap();
    t.sort_by_key(|t| (t.posted_at, t.amount));
    t
}

/// (day, minor units, description) of each stored transaction.
fn rows(vault: &Path) -> Vec<(String, i64, String)> {
    stored(vault)
        .into_iter()
        .map(|t| {
            let d = tacit_core::time::local_date(t.posted_at.unwrap_or(t.transacted_at), 0);
            (
                format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
                t.amount,
                t.description,
            )
        })
        .collect()
}

/// The reply shown on the phone to `question` asked at `now` (the platform's text at the
/// default level carries no figure).
fn ask(vault: &Path, question: &str, now: &str) -> String {
    let p = open(vault);
    let now = parse_iso_local(now, 0).unwrap();
    let reply = p.handle_message(question, now).unwrap();
    p.close().unwrap();
    assert!(
        !reply
            .platform_text
            .as_str()
            .chars()
            .any(|c| c.is_ascii_digit()),
        "{}",
        reply.platform_text.as_str()
    );
    reply.local_text
}

fn row(day: &str, minor: i64, description: &str) -> (String, i64, String) {
    (day.to_string(), minor, description.to_string())
}

// ---- CAMT.053 -------------------------------------------------------------------------

/// Actual Budget's `camt.053.xml`: a VR-Bank Rottal-Inn test statement (camt.053.001.04)
/// with six booked entries, two of them added by Actual's authors in 2024, so the file no
/// longer adds up: 24.16 (PRCD) + 0.60 + 0.50 - 89.85 + 1.20 - 80.00 + 3.45 = -139.94
/// against a closing booked balance of 27.61, 167.55 unexplained. One entry is a batch of
/// two direct debits (2.25 + 1.20): the booked 3.45 is what the account saw.
#[test]
fn actual_camt_reads_six_entries_and_says_it_does_not_add_up() {
    let (_d, vault, out) = imported("actual/camt.053.xml", &[]);
    assert!(
        out.contains("CAMT.053, 1 account, 6 entries: 6 new, 0 updated, 0 already imported, 0 skipped, 0 deleted"),
        "{out}"
    );
    assert!(out.contains("account ••3626: DOES NOT RECONCILE: 24.16 EUR (the statement's opening balance, 2014-01-03) - 164.10 EUR of entries = -139.94 EUR, but the ledger balance on 2014-01-03 is 27.61 EUR: 167.55 EUR unexplained"), "{out}");
    let r = rows(&vault);
    let amounts: Vec<i64> = r.iter().map(|x| x.1).collect();
    assert_eq!(amounts, vec![50, 60, 345, 120, -8985, -8000]);
    assert_eq!(amounts.iter().sum::<i64>(), -16_410);
    // Counterparty and remittance text; the card payment has only AddtlNtryInf.
    assert!(
        r[2].2
            .starts_with("Testkonto Nummer 2 Lastschrift 2. Zahlung"),
        "{r:?}"
    );
    assert_eq!(r[4].2, "Supermarkt A");
    assert_eq!(r[5].2, "Rega");
    // The booking day, not the value day (2024-03-11).
    assert_eq!(r[4].0, "2024-03-12");
    let p = open(&vault);
    let accounts = p.accounts().unwrap();
    p.close().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].institution, "VR-Bank Rottal-Inn eG");
    assert_eq!(accounts[0].balance.map(|b| b.minor), Some(2761));
    let reply = ask(&vault, "what's my balance?", "2024-03-20T09:00");
    assert!(
        reply.contains("27.61") || reply.contains("27,61"),
        "{reply}"
    );
    // The same file again adds nothing.
    let (code, out, _) = import(&vault, &[], &sample("actual/camt.053.xml"));
    assert_eq!(code, 0);
    assert!(
        out.contains("0 new, 0 updated, 6 already imported"),
        "{out}"
    );
}

/// genkgo/camt's `camt053.v2.multi.statement.xml`: two statements of one account in one
/// file, each adding up (18.15 + 8.85 = 27.00; 27.00 - 7.00 = 20.00); the account's balance
/// is the later closing balance.
#[test]
fn genkgo_multi_statement_reconciles_each_statement() {
    let (_d, vault, out) = imported("genkgo-camt/camt053.v2.multi.statement.xml", &[]);
    assert!(
        out.contains("CAMT.053, 1 account, 2 entries: 2 new"),
        "{out}"
    );
    assert!(out.contains("account ••6890: reconciles: 18.15 EUR (the statement's opening balance, 2014-12-30) + 8.85 EUR = ledger balance 27.00 EUR on 2014-12-31"), "{out}");
    assert!(out.contains("account ••6890: reconciles: 27.00 EUR (the statement's opening balance, 2014-12-30) - 7.00 EUR = ledger balance 20.00 EUR on 2014-12-31"), "{out}");
    assert_eq!(
        rows(&vault),
        vec![
            row(
                "2014-12-31",
                -700,
                "Company Name 2 Transaction Description 2"
            ),
            row("2014-12-31", 885, "Transaction Description 1"),
        ]
    );
    let reply = ask(&vault, "what's my balance?", "2015-01-05T09:00");
    assert!(
        reply.contains("20.00") || reply.contains("20,00"),
        "{reply}"
    );
}

/// genkgo/camt's `camt053.v2.five.decimals.xml`: amounts written with three decimals
/// (18.150, 8.850, 27.050) read exactly; the file's own figures leave 0.05 unexplained.
#[test]
fn genkgo_three_decimal_amounts_and_a_statement_off_by_five_cents() {
    let (_d, vault, out) = imported("genkgo-camt/camt053.v2.five.decimals.xml", &[]);
    assert!(out.contains("DOES NOT RECONCILE: 18.15 EUR (the statement's opening balance, 2014-12-30) + 8.85 EUR of entries = 27.00 EUR, but the ledger balance on 2014-12-31 is 27.05 EUR: 0.05 EUR unexplained"), "{out}");
    assert!(!out.contains("rounded"), "{out}");
    assert_eq!(
        rows(&vault),
        vec![row("2014-12-31", 885, "Transaction Description")]
    );
}

/// genkgo/camt's `camt053.v2.minimal.xml`: an EUR account whose closing balance is written
/// in SEK (and two available balances in CHF and JPY). The SEK figure is not taken for an
/// EUR balance: the check says it cannot run and why.
#[test]
fn genkgo_minimal_balance_in_another_currency_is_not_used() {
    let (_d, vault, out) = imported("genkgo-camt/camt053.v2.minimal.xml", &[]);
    assert!(
        out.contains("CAMT.053, 1 account, 1 entries: 1 new"),
        "{out}"
    );
    assert!(
        out.contains(
            "1 opening or closing balances in another currency than the account's: not used"
        ),
        "{out}"
    );
    assert!(
        out.contains("account ••6890: 1 entries; not checked: the file gives no closing balance"),
        "{out}"
    );
    assert!(!out.contains("RECONCILE"), "{out}");
    assert_eq!(rows(&vault), vec![row("2014-12-31", 885, "NAME NAME")]);
}

/// Two of genkgo/camt's files hold the same statement (`253EURNL26VAYB8060476890`) with
/// the same 8.85 credit, once with no id and a description ending in "1": the second import
/// stores only the other statement's entry, and the summary counts the first among those
/// already imported, saying why (before, it printed "1 new, 0 updated, 0 already imported,
/// 0 skipped" for 2 entries).
#[test]
fn the_same_entry_from_another_file_is_counted_as_already_imported() {
    let (_d, vault, _) = imported("genkgo-camt/camt053.v2.five.decimals.xml", &[]);
    let (code, out, err) = import(
        &vault,
        &[],
        &sample("genkgo-camt/camt053.v2.multi.statement.xml"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 entries: 1 new, 0 updated, 1 already imported, 0 skipped"),
        "{out}"
    );
    assert!(
        out.contains("1 of them already stored under another id (same account, day, amount and description): not added again"),
        "{out}"
    );
    assert_eq!(stored(&vault).len(), 2);
}

// ---- OFX ------------------------------------------------------------------------------

/// Actual Budget's `data-multi-decimal.ofx` (a Bank of America export): amounts written
/// with three and five decimals (-30.000, -3.77000) are exact cents, nothing is rounded; no
/// LEDGERBAL, so nothing to check against.
#[test]
fn actual_ofx_with_extra_decimals_and_a_chat_answer() {
    let (_d, vault, out) = imported("actual/data-multi-decimal.ofx", &[]);
    assert!(out.contains("OFX, 1 account, 2 entries: 2 new"), "{out}");
    assert!(!out.contains("rounded"), "{out}");
    assert!(
        out.contains("account ••9123: 2 entries; not checked: the file gives no closing balance"),
        "{out}"
    );
    let r = rows(&vault);
    assert_eq!(r.iter().map(|x| x.1).collect::<Vec<_>>(), vec![-3000, -377]);
    assert!(r.iter().all(|x| x.0 == "2019-01-23"), "{r:?}");
    assert!(r[1].2.starts_with("STARBUCKS STORE 07604"), "{r:?}");
    let reply = ask(
        &vault,
        "how much did i spend last month",
        "2019-02-10T09:00",
    );
    assert!(reply.contains("33.77"), "{reply}");
}

// ---- CSV ------------------------------------------------------------------------------

/// Actual Budget's `data-payee-memo.csv`: ISO dates, a signed amount, payee and notes
/// columns, two rows without a payee. Four payments on 2019-01-23, 100.00 in all.
#[test]
fn actual_csv_payee_and_notes_with_the_persons_account() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let file = sample("actual/data-payee-memo.csv");
    let (code, out, err) = import(&vault, &[], &file);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("CSV: the file names no account: choose one with --account NAME"),
        "{err}"
    );
    let (code, out, err) = import(&vault, &["--account", "Everyday"], &file);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CSV, 1 account, 4 entries: 4 new"), "{out}");
    let r = rows(&vault);
    assert_eq!(
        r.iter().map(|x| x.1).collect::<Vec<_>>(),
        vec![-4000, -3000, -2000, -1000]
    );
    assert!(r.iter().all(|x| x.0 == "2019-01-23"), "{r:?}");
    let reply = ask(
        &vault,
        "how much did i spend last month",
        "2019-02-10T09:00",
    );
    assert!(reply.contains("100.00"), "{reply}");
}

/// Actual Budget's `data_utf8.csv`: UTF-8 names with accents, two credits and a debit.
#[test]
fn actual_csv_utf8_names_are_kept() {
    let (_d, vault, out) = imported("actual/data_utf8.csv", &["--account", "Giro"]);
    assert!(out.contains("CSV, 1 account, 3 entries: 3 new"), "{out}");
    assert_eq!(
        rows(&vault),
        vec![
            row("2024-01-01", 4250, "Café René"),
            row("2024-01-02", -1575, "Müller GmbH"),
            row("2024-01-03", 10_000, "Søren Ågård"),
        ]
    );
    let reply = ask(
        &vault,
        "how much did i spend at müller gmbh last month",
        "2024-02-10T09:00",
    );
    assert!(reply.contains("15.75"), "{reply}");
}

// ---- QIF ------------------------------------------------------------------------------

/// Actual Budget's `data-payee-memo.qif`: the same four payments as its CSV twin, with
/// payee and memo, payee only, memo only, and neither.
#[test]
fn actual_qif_payee_and_memo() {
    let (_d, vault, out) = imported("actual/data-payee-memo.qif", &["--account", "Everyday"]);
    assert!(out.contains("QIF, 1 account, 4 entries: 4 new"), "{out}");
    assert!(
        out.contains("not checked: the file gives no closing balance"),
        "{out}"
    );
    assert_eq!(
        rows(&vault),
        vec![
            row("2019-01-23", -4000, ""),
            row("2019-01-23", -3000, "Note Only Text"),
            row("2019-01-23", -2000, "Payee Name Only"),
            row("2019-01-23", -1000, "Payee Name Note Text"),
        ]
    );
    let reply = ask(
        &vault,
        "how much did i spend last month",
        "2019-02-10T09:00",
    );
    assert!(reply.contains("100.00"), "{reply}");
}

/// Actual Budget's `data-with-categories.qif`: two-digit years (`12/19/18`) and categories
/// (`L`, not kept as text). 100.58 + 20.15 + 40.60 = 161.33 on 2018-12-19.
#[test]
fn actual_qif_two_digit_years() {
    let (_d, vault, out) = imported("actual/data-with-categories.qif", &["--account", "Card"]);
    assert!(out.contains("QIF, 1 account, 3 entries: 3 new"), "{out}");
    assert_eq!(
        rows(&vault),
        vec![
            row("2018-12-19", -10_058, "Outlet"),
            row("2018-12-19", -4060, "RestaurantExample"),
            row("2018-12-19", -2015, "GroceriesYou"),
        ]
    );
    let reply = ask(
        &vault,
        "how much did i spend last month",
        "2019-01-10T09:00",
    );
    assert!(reply.contains("161.33"), "{reply}");
}

/// Actual Budget's `qif-account.qif`: an `!Account` block names the account ("Checking
/// Main"), so no `--account` is needed.
#[test]
fn actual_qif_account_block_names_the_account() {
    let (_d, vault, out) = imported("actual/qif-account.qif", &[]);
    assert!(out.contains("QIF, 1 account, 1 entries: 1 new"), "{out}");
    assert!(out.contains("account \"Checking Main\""), "{out}");
    assert_eq!(rows(&vault), vec![row("2018-12-19", -2500, "COUNTY WASTE")]);
}

/// Actual Budget's `tracking-number.qif` and `qif-category.qif`: single-digit months
/// (`6/24/2024`), a check number (`N1001`), memos after the payee.
#[test]
fn actual_qif_single_digit_months_numbers_and_memos() {
    let (_d, vault, out) = imported("actual/tracking-number.qif", &["--account", "Bills"]);
    assert!(out.contains("QIF, 1 account, 2 entries: 2 new"), "{out}");
    assert_eq!(
        rows(&vault),
        vec![
            row("2024-06-23", -2015, "GroceriesYou"),
            row("2024-06-24", -10_058, "City Water"),
        ]
    );
    let reply = ask(
        &vault,
        "how much did i spend last month",
        "2024-07-05T09:00",
    );
    assert!(reply.contains("120.73"), "{reply}");
    let (_d, vault, _) = imported("actual/qif-category.qif", &["--account", "Shops"]);
    assert_eq!(
        rows(&vault),
        vec![
            row("2024-06-23", -2015, "GroceriesYou Pay Groceries"),
            row("2024-06-24", -10_058, "Outlet Pay Designer Outlet"),
        ]
    );
}

// ---- Refused ----------------------------------------------------------------------------

/// genkgo/camt's `camt053.wrong.xml`: a camt.053 message with a group header and no `Stmt`.
/// Nothing to import: refused in one line naming the file, exit 1, nothing stored.
#[test]
fn genkgo_camt_without_a_statement_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let file = sample("genkgo-camt/camt053.wrong.xml");
    let (code, out, err) = import(&vault, &[], &file);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err.trim(),
        format!("tacit: no bank or card statement in {}", file.display())
    );
    assert!(stored(&vault).is_empty());
}

/// The whole folder is covered: every sample in it is named by a test above, so a sample
/// added later cannot be skipped silently.
#[test]
fn every_sample_is_tested() {
    let tested = [
        "actual/NOTICE.md",
        "actual/camt.053.xml",
        "actual/data-multi-decimal.ofx",
        "actual/data-payee-memo.csv",
        "actual/data_utf8.csv",
        "actual/data-payee-memo.qif",
        "actual/data-with-categories.qif",
        "actual/qif-account.qif",
        "actual/qif-category.qif",
        "actual/tracking-number.qif",
        "genkgo-camt/NOTICE.md",
        "genkgo-camt/camt053.v2.minimal.xml",
        "genkgo-camt/camt053.v2.multi.statement.xml",
        "genkgo-camt/camt053.v2.five.decimals.xml",
        "genkgo-camt/camt053.wrong.xml",
    ];
    let mut found = Vec::new();
    for project in std::fs::read_dir(sample("")).unwrap() {
        let project = project.unwrap();
        for f in std::fs::read_dir(project.path()).unwrap() {
            let f = f.unwrap();
            found.push(format!(
                "{}/{}",
                project.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            ));
        }
    }
    found.sort();
    let mut tested: Vec<String> = tested.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(found, tested);
}
