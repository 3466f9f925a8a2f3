//! `tacit import --vault PATH [--account NAME] [--map SPEC | --preset NAME] [--currency CODE]
//! [--day-first | --month-first] FILE...`: imports statement files (OFX/QFX, CSV, QIF,
//! CAMT.053, the format picked from each file's content) into a vault, creating it if
//! needed, and says for each file what it did: new, updated, already imported and skipped
//! entries (with the reason), and whether each statement adds up to its own balance.
//!
//! A refused file gets one line naming the file and the problem, and the command exits 1;
//! the other files are still imported. A CSV mapping given with `--account` is saved in the
//! vault for that account and used again when the next import of it gives none (core's
//! `Profile::import_statement_with` does both).

use crate::cmd_chat::to_cli;
use crate::common::{passphrase, unix_now, Args, CliError, FAILED, OK};
use crate::import_report;
use tacit_core::error::Error;
use tacit_core::money::Currency;
use tacit_core::profile::Profile;
use tacit_core::{PassphraseWrapper, StatementOptions};

const HELP: &str =
    "usage: tacit import --vault PATH [--account NAME] [--map SPEC | --preset NAME] \
[--currency CODE] [--day-first | --month-first] FILE...";

/// Runs `tacit import`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(status) => status,
        Err(e) => e.report(HELP),
    }
}

fn options(parsed: &Args) -> Result<StatementOptions, CliError> {
    let account = parsed.get("account").map(str::to_string);
    if account
        .as_deref()
        .is_some_and(|a| a.trim().is_empty() || a.chars().any(char::is_control))
    {
        return Err(CliError::Usage(
            "--account takes a name without control characters".into(),
        ));
    }
    let currency = parsed
        .get("currency")
        .map(|c| {
            Currency::parse(c)
                .map_err(|_| CliError::Usage("--currency takes an ISO 4217 code".into()))
        })
        .transpose()?;
    let day_first = match (parsed.flag("day-first"), parsed.flag("month-first")) {
        (true, true) => {
            return Err(CliError::Usage(
                "--day-first and --month-first exclude each other".into(),
            ))
        }
        (true, false) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    };
    if parsed.get("map").is_some() && parsed.get("preset").is_some() {
        return Err(CliError::Usage(
            "--map and --preset exclude each other".into(),
        ));
    }
    Ok(StatementOptions {
        account,
        csv_map: parsed
            .get("map")
            .or(parsed.get("preset"))
            .map(str::to_string),
        currency,
        day_first,
    })
}

fn run_inner(args: &[String]) -> Result<i32, CliError> {
    let parsed = Args::parse(args, &["day-first", "month-first"]).map_err(CliError::Usage)?;
    if parsed.positional.is_empty() {
        return Err(CliError::Usage("no statement files given".into()));
    }
    let base = options(&parsed)?;
    let path = parsed.vault_path().map_err(CliError::Usage)?;
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    let profile =
        Profile::open(&path, &wrapper, crate::generation_store::open_options()).map_err(to_cli)?;
    let mut status = OK;
    for file in &parsed.positional {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("tacit: {file}: cannot read ({})", e.kind());
                status = FAILED;
                continue;
            }
        };
        match profile.import_statement_with(&bytes, &base, unix_now()) {
            Ok(outcome) => {
                for line in import_report::lines(&outcome) {
                    println!("{file}: {line}");
                }
                for a in &outcome.alerts {
                    println!("{file}: fraud alert raised: {}", a.local_text);
                }
            }
            Err(Error::Statement(e)) if e.is_no_statement() => {
                eprintln!("tacit: no bank or card statement in {file}");
                status = FAILED;
            }
            Err(e) => {
                eprintln!("tacit: {file}: {e}");
                status = FAILED;
            }
        }
    }
    profile.close().map_err(to_cli)?;
    Ok(status)
}
