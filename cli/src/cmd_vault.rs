//! `tacit vault`: create, inspect, check and wipe a vault.

use crate::cmd_chat::to_cli;
use crate::common::{open_profile, wipe_vault, Args, CliError, OK};
use tacit_core::error::Error;

const HELP: &str = "usage: tacit vault (create|info|check|wipe) --vault PATH
  create   create a new vault (passphrase from TACIT_PASSPHRASE or asked for)
  info     counts of what the vault holds (never the data itself)
  check    authenticate every record and the row counts of every table (a deleted row
           fails), verify the outbound ledger's hash chain, run SQLite's integrity check
  wipe     destroy the vault and its files (needs --yes)";

/// Runs `tacit vault ...`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(()) => OK,
        Err(e) => e.report(HELP),
    }
}

fn run_inner(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &["yes"]).map_err(CliError::Usage)?;
    let Some(action) = parsed.positional.first() else {
        return Err(CliError::Usage("which vault action?".into()));
    };
    match action.as_str() {
        "create" => {
            let path = parsed.vault_path().map_err(CliError::Usage)?;
            if path.exists() {
                return Err(CliError::Other(format!(
                    "{} already exists",
                    path.display()
                )));
            }
            let p = open_profile(&parsed, true)?;
            let s = p.summary().map_err(to_cli)?;
            println!(
                "created vault (format {}), generation {}",
                s.format, s.generation
            );
            p.close().map_err(to_cli)?;
        }
        "info" => {
            let p = open_profile(&parsed, false)?;
            let s = p.summary().map_err(to_cli)?;
            println!("generation: {}", s.generation);
            println!("accounts: {}", s.accounts);
            println!("transactions: {}", s.transactions);
            println!("linked sources with credentials: {}", s.linked_sources);
            println!("alerts: {}", s.alerts);
            println!("outbound ledger entries: {}", s.ledger_entries);
            p.close().map_err(to_cli)?;
        }
        "check" => {
            // Opening checks the authenticated row counts of every table (format 3).
            let p = open_profile(&parsed, false)?;
            let c = p.check().map_err(|e| match e {
                Error::Ledger(e) => CliError::Other(format!("outbound ledger: {e}")),
                other => to_cli(other),
            })?;
            if !c.sqlite_integrity_ok {
                return Err(CliError::Other("SQLite integrity check failed".into()));
            }
            println!(
                "ok: {} records authenticated, table counts match, ledger chain of {} entries verified, SQLite integrity ok",
                c.records, c.ledger_entries
            );
            p.close().map_err(to_cli)?;
        }
        "wipe" => {
            if !parsed.flag("yes") {
                return Err(CliError::Usage("wipe destroys the vault: add --yes".into()));
            }
            wipe_vault(&parsed)?;
            println!("vault wiped and its files removed");
        }
        other => return Err(CliError::Usage(format!("unknown vault action '{other}'"))),
    }
    Ok(())
}
