//! Shared command-line plumbing: argument lookup, the passphrase, opening a vault, and the
//! exit-status convention (0 ok, 1 typed error with one line on stderr, 2 bad usage).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use tacit_core::profile::Profile;
use tacit_core::{PassphraseWrapper, SecretString, VaultError};

/// Exit status for success.
pub const OK: i32 = 0;
/// Exit status for a typed error.
pub const FAILED: i32 = 1;
/// Exit status for bad usage.
pub const USAGE: i32 = 2;

/// Parsed `--flag value` pairs, boolean `--flag`s and positional arguments.
#[derive(Debug, Default)]
pub struct Args {
    /// `--name value` pairs in order.
    pub options: Vec<(String, String)>,
    /// Boolean flags seen.
    pub flags: Vec<String>,
    /// Positional arguments.
    pub positional: Vec<String>,
}

impl Args {
    /// Parses `args`; names in `boolean` take no value.
    pub fn parse(args: &[String], boolean: &[&str]) -> Result<Args, String> {
        let mut out = Args::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if boolean.contains(&name) {
                    out.flags.push(name.to_string());
                } else {
                    let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    out.options.push((name.to_string(), value.clone()));
                }
            } else {
                out.positional.push(a.clone());
            }
        }
        Ok(out)
    }

    /// The last value of `--name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// `--name` parsed as a number, or `default`.
    pub fn number(&self, name: &str, default: u64) -> Result<u64, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .replace('_', "")
                .parse()
                .map_err(|_| format!("--{name} takes a whole number")),
        }
    }

    /// The required `--vault PATH`.
    pub fn vault_path(&self) -> Result<PathBuf, String> {
        self.get("vault")
            .map(PathBuf::from)
            .ok_or_else(|| "--vault PATH is required".to_string())
    }
}

/// Prints a usage problem and returns the usage exit status.
pub fn usage(msg: &str, help: &str) -> i32 {
    eprintln!("tacit: {msg}\n{help}");
    USAGE
}

/// Prints one clear line for a typed error and returns the failure exit status.
pub fn fail(what: &str, err: &dyn std::fmt::Display) -> i32 {
    eprintln!("tacit: {what}: {err}");
    FAILED
}

/// The passphrase from `TACIT_PASSPHRASE`, or asked for on the terminal (echo off when
/// `stty` is available).
pub fn passphrase() -> Result<SecretString, String> {
    if let Ok(p) = std::env::var("TACIT_PASSPHRASE") {
        if p.is_empty() {
            return Err("TACIT_PASSPHRASE is empty".into());
        }
        return Ok(SecretString::new(p));
    }
    eprint!("Vault passphrase: ");
    let _ = std::io::stderr().flush();
    let echo_off = std::process::Command::new("stty")
        .arg("-echo")
        .stdin(std::process::Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success());
    // The line buffer holds the passphrase too: cleared when dropped, like the secret itself,
    // and large enough that reading does not reallocate (leaving a copy behind). Standard
    // input's own 8 KiB buffer, inside std, is not ours to clear.
    let mut line = zeroize::Zeroizing::new(String::with_capacity(1024));
    let read = std::io::stdin().lock().read_line(&mut line);
    if echo_off {
        let _ = std::process::Command::new("stty")
            .arg("echo")
            .stdin(std::process::Stdio::inherit())
            .status();
        eprintln!();
    }
    read.map_err(|_| "could not read the passphrase".to_string())?;
    let len = line.trim_end_matches(['\r', '\n']).len();
    if len == 0 {
        return Err("no passphrase given (set TACIT_PASSPHRASE or type one)".into());
    }
    line.truncate(len);
    Ok(SecretString::new(std::mem::take(&mut *line)))
}

/// Opens the profile of the vault at `--vault`, creating the vault when `create` is set and
/// it does not exist.
pub fn open_profile(args: &Args, create: bool) -> Result<Profile, CliError> {
    let path = args.vault_path().map_err(CliError::Usage)?;
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    let options = crate::generation_store::open_options();
    let result = if create {
        Profile::open(&path, &wrapper, options)
    } else {
        Profile::open_existing(&path, &wrapper, options)
    };
    result.map_err(crate::cmd_chat::to_cli)
}

/// Wipes the existing vault at `--vault` without reading its records (so a damaged one can
/// still be destroyed).
pub fn wipe_vault(args: &Args) -> Result<(), CliError> {
    let path = args.vault_path().map_err(CliError::Usage)?;
    let wrapper = PassphraseWrapper::new(passphrase().map_err(CliError::Usage)?);
    Profile::wipe_existing(&path, &wrapper, crate::generation_store::open_options())
        .map_err(crate::cmd_chat::to_cli)
}

/// Errors of CLI commands, mapped to exit statuses.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage: exit 2.
    Usage(String),
    /// A vault error: exit 1.
    Vault(VaultError),
    /// Any other typed failure: exit 1.
    Other(String),
}

impl CliError {
    /// Reports the error on stderr and returns the exit status.
    pub fn report(&self, help: &str) -> i32 {
        match self {
            CliError::Usage(m) => usage(m, help),
            CliError::Vault(e) => fail("vault", e),
            CliError::Other(m) => {
                eprintln!("tacit: {m}");
                FAILED
            }
        }
    }
}

impl From<VaultError> for CliError {
    fn from(e: VaultError) -> Self {
        CliError::Vault(e)
    }
}

/// Seconds since the Unix epoch by the device's clock (core's clock seam).
pub fn unix_now() -> i64 {
    use tacit_core::clock::Clock;
    tacit_core::clock::SystemClock.now()
}

/// One line saying what an import or sync did (counts only).
pub fn ingest_summary(r: &tacit_core::IngestReport) -> String {
    format!(
        "{} account{}, {} transactions read: {} new, {} updated, {} unchanged, {} pending matched, {} expired, {} deleted",
        r.accounts,
        if r.accounts == 1 { "" } else { "s" },
        r.received,
        r.reconcile.inserted,
        r.reconcile.updated,
        r.reconcile.unchanged,
        r.reconcile.pending_matched,
        r.reconcile.expired,
        r.deleted
    )
}
