//! `tacit audit --vault PATH [--export FILE]`: verifies the outbound ledger's hash chain and
//! exports it as JSON lines ("what left my phone"), to stdout or a file.

use crate::cmd_chat::to_cli;
use crate::common::{passphrase, Args, CliError, OK};
use tacit_core::profile::Profile;
use tacit_core::PassphraseWrapper;

const HELP: &str = "usage: tacit audit --vault PATH [--export FILE]";

/// Runs `tacit audit`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(()) => OK,
        Err(e) => e.report(HELP),
    }
}

fn run_inner(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let path = parsed.vault_path().map_err(CliError::Usage)?;
    if !path.exists() {
        return Err(CliError::Other(format!(
            "{}: no vault there",
            path.display()
        )));
    }
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    let profile =
        Profile::open(&path, &wrapper, crate::generation_store::open_options()).map_err(to_cli)?;
    let n = profile.verify_ledger().map_err(to_cli)?;
    let jsonl = profile.export_ledger().map_err(to_cli)?;
    match parsed.get("export") {
        Some(file) => {
            std::fs::write(file, &jsonl)
                .map_err(|e| CliError::Other(format!("{file}: cannot write ({})", e.kind())))?;
            eprintln!("ledger verified: {n} entries; exported to {file}");
        }
        None => {
            print!("{jsonl}");
            eprintln!("ledger verified: {n} entries");
        }
    }
    profile.close().map_err(to_cli)?;
    Ok(())
}
