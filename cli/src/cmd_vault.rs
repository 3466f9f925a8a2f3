//! `tacit vault`: create, inspect, check and wipe a vault.

use crate::common::{open_vault, Args, CliError, OK};
use tacit_core::vault::TxnFilter;

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
            let v = open_vault(&parsed, true)?;
            println!(
                "created vault (format {}), generation {}",
                tacit_core::vault::schema::CURRENT_VERSION,
                v.generation()
            );
            v.close()?;
        }
        "info" => {
            let v = open_vault(&parsed, false)?;
            let accounts = v.accounts()?;
            let mut txns = 0usize;
            v.visit_transactions(&TxnFilter::default(), |_| txns += 1)?;
            println!("generation: {}", v.generation());
            println!("accounts: {}", accounts.len());
            println!("transactions: {txns}");
            println!(
                "linked sources with credentials: {}",
                v.credentials()?.len()
            );
            println!("alerts: {}", v.alerts()?.len());
            println!("outbound ledger entries: {}", v.ledger()?.len());
            v.close()?;
        }
        "check" => {
            // Opening checks the authenticated row counts of every table (format 3).
            let v = open_vault(&parsed, false)?;
            let n = v.verify_all()?;
            let chain = tacit_core::ledger::verified_entries(&v)
                .map_err(|e| CliError::Other(format!("outbound ledger: {e}")))?
                .len();
            if !v.integrity_check()? {
                return Err(CliError::Other("SQLite integrity check failed".into()));
            }
            println!(
                "ok: {n} records authenticated, table counts match, ledger chain of {chain} entries verified, SQLite integrity ok"
            );
            v.close()?;
        }
        "wipe" => {
            if !parsed.flag("yes") {
                return Err(CliError::Usage("wipe destroys the vault: add --yes".into()));
            }
            let v = open_vault(&parsed, false)?;
            v.wipe()?;
            println!("vault wiped and its files removed");
        }
        other => return Err(CliError::Usage(format!("unknown vault action '{other}'"))),
    }
    Ok(())
}
