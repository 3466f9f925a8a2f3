//! `tacit sync` end to end: the real binary links the loopback SimpleFIN bridge (HTTPS with a
//! test CA created at test time), syncs with a progress bar, and the vault holds exactly what
//! the bridge served; a second sync adds nothing; the failure paths give exit 1 or 2 and one
//! clear line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tacit_core::crypto::secret::SecretString;
use tacit_core::crypto::wrap::PassphraseWrapper;
use tacit_core::time::DAY;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_devbridge::server::SimpleFinServer;
use tacit_devbridge::synthetic::synthetic_data;

const PASSPHRASE: &str = "correct horse battery staple";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn tacit(args: &[&str], stdin: Option<&str>) -> Output {
    // The rollback guard's records go beside the test's vault, not under ~/.local/state.
    // (A usage test without a vault never reaches the store: the temp folder then.)
    let state = args
        .iter()
        .position(|a| *a == "--vault")
        .and_then(|i| args.get(i + 1))
        .map_or_else(std::env::temp_dir, |v| Path::new(v).with_extension("state"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(args)
        .env("TACIT_PASSPHRASE", PASSPHRASE)
        .env("TACIT_STATE_DIR", state)
        .env_remove("TACIT_SETUP_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn link_sync_and_resync_through_the_binary() {
    let now = now();
    // 3 accounts over 60 days: everything is inside the default 90-day window.
    let data = synthetic_data(600, 3, 60, now);
    let server = SimpleFinServer::start(&data);
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let ca = dir.path().join("ca.der");
    std::fs::write(&ca, server.ca_der()).unwrap();
    let (vault_s, ca_s) = (vault.to_str().unwrap(), ca.to_str().unwrap());

    // Nothing linked yet: a typed failure with one line that says what to do.
    let out = tacit(&["vault", "create", "--vault", vault_s], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tacit(&["sync", "--vault", vault_s, "--ca-cert", ca_s], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no SimpleFIN bank is linked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    // Link with the token on stdin, then sync.
    let token = server.setup_token();
    let out = tacit(
        &["sync", "--vault", vault_s, "--link", "--ca-cert", ca_s],
        Some(&format!("{token}\n")),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("requests") && stderr.contains("transactions"),
        "progress bar expected on stderr: {stderr}"
    );
    assert!(!stderr.contains(&token) && !stdout.contains(&token));
    assert!(!stdout.contains(&server.access_url()) && !stderr.contains(&server.access_url()));
    assert!(
        stdout.contains("synced 3 accounts, 600 transactions read: "),
        "{stdout}"
    );

    // The vault holds every served transaction once.
    let wrapper = PassphraseWrapper::new(SecretString::new(PASSPHRASE.to_owned()));
    let stored = {
        let v = Vault::open(&vault, &wrapper, OpenOptions::default()).unwrap();
        v.transactions(&TxnFilter::default()).unwrap()
    };
    let mut ids: Vec<&str> = stored.iter().map(|t| t.id.0.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), stored.len(), "duplicates stored");
    let served_posted = data
        .transactions
        .iter()
        .filter(|t| t.status == tacit_core::model::TxnStatus::Posted)
        .count();
    assert!(stored.len() >= served_posted && stored.len() <= 600);
    assert!(stored.iter().all(|t| t.transacted_at > now - 61 * DAY));

    // A second sync changes nothing.
    let out = tacit(&["sync", "--vault", vault_s, "--ca-cert", ca_s], None);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains(": 0 new, 0 updated"), "{stdout}");
    let v = Vault::open(&vault, &wrapper, OpenOptions::default()).unwrap();
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap(), stored);
}

#[test]
fn refused_token_and_bad_usage() {
    let server = SimpleFinServer::start(&synthetic_data(10, 1, 10, now()));
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let ca = dir.path().join("ca.der");
    std::fs::write(&ca, server.ca_der()).unwrap();
    let (vault_s, ca_s) = (vault.to_str().unwrap(), ca.to_str().unwrap());

    // A token that is not a SimpleFIN setup token: exit 1, one line, no echo of it.
    let out = tacit(
        &["sync", "--vault", vault_s, "--link", "--ca-cert", ca_s],
        Some("not-a-token-c2VjcmV0\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!err.contains("not-a-token"), "{err}");

    // Without the test CA the bridge's certificate is refused.
    let out = tacit(
        &["sync", "--vault", vault_s, "--link"],
        Some(&format!("{}\n", server.setup_token())),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));

    // Bad usage: exit 2.
    for args in [
        vec!["sync"],
        vec!["sync", "--vault", vault_s, "--days", "0"],
        vec!["sync", "--vault", vault_s, "extra"],
    ] {
        let out = tacit(&args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}
