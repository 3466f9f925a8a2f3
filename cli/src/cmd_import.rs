//! `tacit import --vault PATH FILE...`: imports OFX/QFX statement files into a vault
//! (creating it if needed) and says what each did. A refused file gets one line naming the
//! file and the problem, and the command exits 1; the other files are still imported.

use crate::cmd_chat::to_cli;
use crate::common::{ingest_summary, passphrase, unix_now, Args, CliError, FAILED, OK};
use tacit_core::crypto::wrap::PassphraseWrapper;
use tacit_core::profile::Profile;
use tacit_core::vault::OpenOptions;

const HELP: &str = "usage: tacit import --vault PATH FILE...";

/// Runs `tacit import`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(status) => status,
        Err(e) => e.report(HELP),
    }
}

fn run_inner(args: &[String]) -> Result<i32, CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    if parsed.positional.is_empty() {
        return Err(CliError::Usage("no statement files given".into()));
    }
    let path = parsed.vault_path().map_err(CliError::Usage)?;
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    let profile = Profile::open(&path, &wrapper, OpenOptions::default()).map_err(to_cli)?;
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
        match profile.import_statement(&bytes, unix_now()) {
            Ok(outcome) => {
                println!("{file}: {}", ingest_summary(&outcome.report));
                for a in &outcome.alerts {
                    println!("{file}: fraud alert raised: {}", a.local_text);
                }
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
