//! `tacit bridge --sandbox` through the binary: it prints its port, setup token and CA path,
//! and `tacit sync --link --ca-cert` links and syncs the sandbox bank from it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const PASSPHRASE: &str = "correct horse battery staple";

#[test]
fn sync_links_and_syncs_from_the_developer_bridge() {
    let mut bridge = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(["bridge", "--sandbox", "--port", "0", "--seed", "7"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut fields = std::collections::HashMap::new();
    let mut lines = BufReader::new(bridge.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line == "ready" {
            break;
        }
        let (k, v) = line.split_once('=').unwrap();
        fields.insert(k.to_string(), v.to_string());
    }
    let token = fields["setup_token"].clone();
    let ca = fields["ca_der"].clone();
    assert!(fields["port"].parse::<u16>().unwrap() > 0);
    assert!(
        std::fs::read(&ca).unwrap().len() > 100,
        "the CA certificate, DER"
    );

    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    let mut sync = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args([
            "sync",
            "--vault",
            vault.to_str().unwrap(),
            "--link",
            "--days",
            "400",
        ])
        .args(["--ca-cert", &ca])
        .env("TACIT_PASSPHRASE", PASSPHRASE)
        // The rollback guard's records stay in the test's folder, not under ~/.local/state.
        .env("TACIT_STATE_DIR", dir.path().join("state"))
        .env_remove("TACIT_SETUP_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    sync.stdin
        .take()
        .unwrap()
        .write_all(token.as_bytes())
        .unwrap();
    let out = sync.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");

    // Closing the bridge's stdin stops it cleanly and removes its CA file.
    drop(bridge.stdin.take());
    assert!(bridge.wait().unwrap().success());
    assert!(!std::path::Path::new(&ca).exists());

    let bad = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(["bridge", "--port", "1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "--sandbox is required");
}
