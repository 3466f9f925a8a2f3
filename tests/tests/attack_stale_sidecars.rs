//! Attack class: stale sidecar files and loose permissions. A `-wal` left at a path (a vault
//! deleted without its log, or planted) must not merge into a vault newly created there; the
//! vault file and its `-wal` / `-shm` are created readable by their owner only.

use std::path::{Path, PathBuf};
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[test]
fn a_stale_wal_does_not_merge_into_a_new_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    // An old vault with data still in its log, left behind without its main file.
    let mut old = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let src = SourceId("ofx:old".into());
    let a = account(&src, "1111", "99887766551111");
    old.write(|w| {
        w.put_account(&a)?;
        let txns: Vec<_> = (0..20).map(|n| txn(&a, n, "Shop", "memo")).collect();
        w.upsert_transactions(&txns).map(|_| ())
    })
    .unwrap();
    let wal = std::fs::read(side(&path, "-wal")).unwrap();
    assert!(!wal.is_empty(), "the old vault's data is in its -wal");
    drop(old);
    std::fs::remove_file(&path).unwrap();
    std::fs::write(side(&path, "-wal"), &wal).unwrap();
    std::fs::write(side(&path, "-shm"), vec![0u8; 32_768]).unwrap();

    let v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    assert!(v.accounts().unwrap().is_empty());
    assert!(v.transactions(&TxnFilter::default()).unwrap().is_empty());
    assert!(v.integrity_check().unwrap());
    v.close().unwrap();
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    assert_eq!(v.verify_all().unwrap(), 0);
}

#[cfg(unix)]
#[test]
fn vault_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "99887766551111");
    v.write(|w| w.put_account(&a)).unwrap();
    for p in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is mode {mode:o}", p.display());
    }
}
