//! `tacit sync --vault PATH [--link] [--days N] [--ca-cert FILE]`: links a SimpleFIN bank
//! and syncs it into the vault with a progress bar on stderr.
//!
//! The setup token is a credential (it can be claimed once for the Access URL), so it is never
//! taken from the command line, where other users can read it in the process list: it comes
//! from `TACIT_SETUP_TOKEN` or one line on standard input. The Access URL it yields is stored
//! only in the vault. `--ca-cert` adds a trusted root (DER) for a self-hosted or test bridge
//! with a private certificate authority; the public Web PKI roots stay trusted as well.

use crate::cmd_chat::to_cli;
use crate::common::{ingest_summary, passphrase, Args, CliError, FAILED, OK};
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;
use tacit_core::profile::Profile;
use tacit_core::{
    AccountIssueKind, CancelToken, PassphraseWrapper, SimpleFinError, SyncListener, SyncProgress,
};

const HELP: &str = "usage: tacit sync --vault PATH [--link] [--days N] [--ca-cert FILE]
  --link          claim a SimpleFIN setup token first (from TACIT_SETUP_TOKEN or stdin)
  --days N        how far back to fetch (default 90; at most 3650)
  --ca-cert FILE  also trust this root certificate (DER), for a private bridge";

/// Runs `tacit sync`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(status) => status,
        Err(e) => e.report(HELP),
    }
}

/// Reads the setup token: the environment first, else one line of standard input.
fn setup_token() -> Result<zeroize::Zeroizing<String>, CliError> {
    if let Ok(t) = std::env::var("TACIT_SETUP_TOKEN") {
        return Ok(zeroize::Zeroizing::new(t.trim().to_owned()));
    }
    if std::io::stdin().is_terminal() {
        eprint!("SimpleFIN setup token: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Other(format!("cannot read the setup token ({})", e.kind())))?;
    let token = zeroize::Zeroizing::new(line.trim().to_owned());
    if token.is_empty() {
        return Err(CliError::Usage(
            "no setup token: set TACIT_SETUP_TOKEN or type it on standard input".into(),
        ));
    }
    Ok(token)
}

fn run_inner(args: &[String]) -> Result<i32, CliError> {
    let parsed = Args::parse(args, &["link"]).map_err(CliError::Usage)?;
    if !parsed.positional.is_empty() {
        return Err(CliError::Usage("unexpected arguments".into()));
    }
    let path = parsed.vault_path().map_err(CliError::Usage)?;
    let days = parsed.number("days", 90).map_err(CliError::Usage)?;
    if !(1..=3650).contains(&days) {
        return Err(CliError::Usage("--days must be between 1 and 3650".into()));
    }
    let ca_cert = match parsed.get("ca-cert") {
        Some(file) => Some(std::fs::read(file).map_err(|e| {
            CliError::Other(format!(
                "{file}: cannot read the certificate ({})",
                e.kind()
            ))
        })?),
        None => None,
    };
    let token = if parsed.flag("link") {
        Some(setup_token()?)
    } else {
        None
    };
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    let profile =
        Profile::open(&path, &wrapper, crate::generation_store::open_options()).map_err(to_cli)?;
    if let Some(der) = ca_cert {
        profile.trust_bridge_certificate(der).map_err(to_cli)?;
    }
    let client = profile.simplefin_client().map_err(to_cli)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("cannot start the runtime ({})", e.kind())))?;
    if let Some(token) = token {
        rt.block_on(profile.link_simplefin(&client, &token))
            .map_err(to_cli)?;
        eprintln!("linked a SimpleFIN connection; its access URL is stored only in the vault");
    }
    let linked = profile
        .linked_sources()
        .map_err(to_cli)?
        .iter()
        .any(|s| s.0.starts_with("simplefin:"));
    if !linked {
        return Err(CliError::Other(
            "no SimpleFIN bank is linked: run `tacit sync --link` with a setup token".into(),
        ));
    }
    let bar = ProgressBar::new(std::io::stderr().is_terminal());
    let cancel = CancelToken::new();
    let outcome = rt
        .block_on(profile.sync(&client, days as u32, &cancel, &bar, profile.now(), true))
        .map_err(to_cli)?;
    bar.finish();
    let mut status = OK;
    for r in &outcome.results {
        println!("synced {}", ingest_summary(&r.report));
    }
    for result in &outcome.results {
        for a in &result.alerts {
            println!("fraud alert raised: {}", a.local_text);
        }
    }
    for issue in &outcome.issues {
        let what = match issue.kind {
            AccountIssueKind::ReauthRequired => {
                "the bank needs you to sign in again (re-link with `tacit sync --link`)"
            }
            AccountIssueKind::Unavailable => "an account could not be fetched this time",
            AccountIssueKind::Invalid => "an account's data was invalid and was skipped",
        };
        let account = issue
            .account
            .as_ref()
            .map_or("a connection", |a| a.0.as_str());
        println!("{account}: {what}");
    }
    for (_, e) in &outcome.failures {
        eprintln!("tacit: a SimpleFIN connection failed: {e}");
        status = FAILED;
    }
    profile.close().map_err(to_cli)?;
    Ok(status)
}

/// A one-line progress bar: redrawn in place on a terminal, one line per chunk otherwise.
struct ProgressBar {
    tty: bool,
    drawn: Mutex<bool>,
}

impl ProgressBar {
    fn new(tty: bool) -> ProgressBar {
        ProgressBar {
            tty,
            drawn: Mutex::new(false),
        }
    }

    fn finish(&self) {
        if self.tty && self.drawn.lock().map(|d| *d).unwrap_or(false) {
            eprintln!();
        }
    }
}

/// `[#########...........]  3/7 requests · 2 accounts · 12,345 transactions`
fn render(p: &SyncProgress) -> String {
    const WIDTH: usize = 24;
    let filled = (p.chunks_done * WIDTH)
        .checked_div(p.chunks_total)
        .unwrap_or(0)
        .min(WIDTH);
    format!(
        "[{}{}] {}/{} requests · {} account{} · {} transactions",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.chunks_done,
        p.chunks_total,
        p.accounts_done,
        if p.accounts_done == 1 { "" } else { "s" },
        group_thousands(p.transactions_seen),
    )
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl SyncListener for ProgressBar {
    fn on_progress(&self, progress: SyncProgress) {
        let line = render(&progress);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r{line}");
            let _ = err.flush();
            if let Ok(mut d) = self.drawn.lock() {
                *d = true;
            }
        } else {
            let _ = writeln!(err, "{line}");
        }
    }

    fn on_retry(&self, attempt: u32, error: SimpleFinError) {
        let mut err = std::io::stderr().lock();
        let lead = if self.tty { "\n" } else { "" };
        let _ = writeln!(
            err,
            "{lead}retrying after attempt {attempt} failed: {error}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_with_requests_done() {
        let p = |done, total| SyncProgress {
            chunks_done: done,
            chunks_total: total,
            accounts_done: 1,
            transactions_seen: 1_234_567,
        };
        assert!(render(&p(0, 4)).starts_with("[........................] 0/4 requests"));
        assert!(render(&p(2, 4)).starts_with("[############............] 2/4"));
        assert!(render(&p(4, 4)).starts_with("[########################] 4/4"));
        assert!(render(&p(0, 0)).contains("0/0 requests"));
        assert!(render(&p(9, 4)).starts_with("[########################]"));
        assert!(render(&p(1, 4)).ends_with("1 account · 1,234,567 transactions"));
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
    }
}
