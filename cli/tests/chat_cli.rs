//! `tacit chat` without `--vault` keeps its vault in a temporary folder: an interrupt (Ctrl-C)
//! removes it and exits 130 (issue 15). The test waits for the demo's banner (an event, not a
//! delay) before interrupting.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn an_interrupted_demo_leaves_no_vault_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(["chat", "--today", "2026-12-01"])
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _stdin = child.stdin.take();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the demo ended early"
        );
        if line.starts_with("Tacit chat demo") {
            break;
        }
    }
    let vault_dirs = || std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(
        vault_dirs(),
        1,
        "the demo keeps its vault in one temporary folder"
    );
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(vault_dirs(), 0, "the temporary vault was left behind");
}
