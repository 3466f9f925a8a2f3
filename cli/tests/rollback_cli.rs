//! `tacit` detects a restored older copy of a vault: the CLI keeps each vault's last write
//! generation outside the vault file (`cli/src/generation_store.rs`, in `TACIT_STATE_DIR`
//! here), so putting an older copy back in its place is refused with a rollback error, exit 1.

use std::path::{Path, PathBuf};
use std::process::Command;

const PASSPHRASE: &str = "correct horse battery staple";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/statements")
        .join(name)
}

fn tacit(state: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(args)
        .env("TACIT_PASSPHRASE", PASSPHRASE)
        .env("TACIT_STATE_DIR", state)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sidecars(vault: &Path) -> [PathBuf; 3] {
    let s = vault.to_string_lossy();
    [
        vault.to_path_buf(),
        PathBuf::from(format!("{s}-wal")),
        PathBuf::from(format!("{s}-shm")),
    ]
}

#[test]
fn a_restored_older_copy_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let vault = dir.path().join("v.db");
    let v = vault.to_str().unwrap();
    let first = fixture("camt053-reconciles.xml");
    let (code, err) = tacit(&state, &["import", "--vault", v, first.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The copy an attacker (or a backup restore) puts back later: the file and any sidecar.
    let old: Vec<Option<Vec<u8>>> = sidecars(&vault)
        .iter()
        .map(|p| std::fs::read(p).ok())
        .collect();
    let second = fixture("camt053-does-not-reconcile.xml");
    let (code, err) = tacit(&state, &["import", "--vault", v, second.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(tacit(&state, &["vault", "info", "--vault", v]).0, 0);
    for (p, bytes) in sidecars(&vault).iter().zip(&old) {
        match bytes {
            Some(b) => std::fs::write(p, b).unwrap(),
            None => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
    let (code, err) = tacit(&state, &["vault", "info", "--vault", v]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("rolled back"), "{err}");
    // The record is what knows: with another state folder the old copy opens.
    let elsewhere = dir.path().join("other-state");
    assert_eq!(tacit(&elsewhere, &["vault", "info", "--vault", v]).0, 0);
    // The record holds a number only, in a private file.
    let records: Vec<_> = std::fs::read_dir(&state).unwrap().collect();
    assert_eq!(records.len(), 1);
    let text = std::fs::read_to_string(records[0].as_ref().unwrap().path()).unwrap();
    assert!(text.trim().parse::<u64>().is_ok(), "{text}");
}
