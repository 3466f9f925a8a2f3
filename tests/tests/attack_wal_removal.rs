//! Attack class: deleting the `-wal` after the app was killed. In WAL mode every commit since
//! the last checkpoint lives only in the `-wal` file; without it the main file is an older,
//! consistent vault, and the commits in the log (the chat's outbound-ledger entries among them)
//! would be lost without a trace. The host's `GenerationStore` records each generation after
//! its commit, so the older generation in the main file is the typed `Rollback` error.
//!
//! The state a kill leaves is taken by copying the files of a live vault after its commits
//! (no close, no checkpoint): what is on disk then is exactly what a SIGKILL leaves, since the
//! OS holds every page written before the kill.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tacit_core::model::SourceId;
use tacit_core::vault::{GenerationStore, OpenOptions, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

#[derive(Default)]
struct MemStore(Mutex<HashMap<Vec<u8>, u64>>);

impl GenerationStore for MemStore {
    fn last_seen(&self, vault_id: &[u8]) -> Option<u64> {
        self.0.lock().unwrap().get(vault_id).copied()
    }
    fn record(&self, vault_id: &[u8], generation: u64) {
        let mut m = self.0.lock().unwrap();
        let e = m.entry(vault_id.to_vec()).or_insert(0);
        *e = (*e).max(generation);
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The files of the live vault at `path`, copied to `to` as a kill would leave them.
fn killed_copy(path: &Path, to: &Path, with_wal: bool) {
    std::fs::copy(path, to).unwrap();
    if with_wal {
        std::fs::copy(side(path, "-wal"), side(to, "-wal")).unwrap();
    }
}

struct Live {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Arc<MemStore>,
    vault: Vault,
    generation_in_file: u64,
}

/// A vault whose last commits (bank data, then relaxed ledger appends) are only in its log.
fn live() -> Live {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let store = Arc::new(MemStore::default());
    let opts = OpenOptions {
        generation_store: Some(store.clone()),
    };
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "99887766551111");
    let mut v = Vault::create(&path, &test_wrapper(), opts.clone()).unwrap();
    v.write(|w| w.put_account(&a)).unwrap();
    v.close().unwrap();
    // Closing checkpointed everything: this generation is in the main file.
    let mut v = Vault::open(&path, &test_wrapper(), opts).unwrap();
    let generation_in_file = v.generation();
    v.write(|w| {
        let txns: Vec<_> = (0..10).map(|n| txn(&a, n, "Shop", "memo")).collect();
        w.upsert_transactions(&txns).map(|_| ())
    })
    .unwrap();
    for i in 0..5 {
        v.write_relaxed(|w| w.append_ledger(format!("reply {i}").as_bytes()).map(|_| ()))
            .unwrap();
    }
    assert!(std::fs::metadata(side(&path, "-wal")).unwrap().len() > 0);
    Live {
        _dir: dir,
        path,
        store,
        vault: v,
        generation_in_file,
    }
}

fn options(store: &Arc<MemStore>) -> OpenOptions {
    OpenOptions {
        generation_store: Some(store.clone()),
    }
}

#[test]
fn a_removed_wal_after_a_kill_is_a_rollback() {
    let l = live();
    let to = l.path.with_file_name("killed.db");
    killed_copy(&l.path, &to, false);
    assert_eq!(
        Vault::open(&to, &test_wrapper(), options(&l.store)).err(),
        Some(VaultError::Rollback {
            found: l.generation_in_file,
            expected_at_least: l.vault.generation(),
        })
    );
}

#[test]
fn a_kill_with_the_wal_kept_loses_nothing_and_is_no_rollback() {
    let l = live();
    let to = l.path.with_file_name("killed.db");
    killed_copy(&l.path, &to, true);
    let v = Vault::open(&to, &test_wrapper(), options(&l.store)).unwrap();
    assert_eq!(v.generation(), l.vault.generation());
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 10);
    assert_eq!(v.ledger().unwrap().len(), 5);
    assert!(v.verify_all().is_ok());
}

/// A log cut short (the tail of the `-wal` removed, as a partial restore or a truncating
/// attacker would) drops the last commits: also a rollback, never a silent loss.
#[test]
fn a_truncated_wal_is_a_rollback() {
    let l = live();
    let to = l.path.with_file_name("killed.db");
    killed_copy(&l.path, &to, true);
    let wal = side(&to, "-wal");
    let len = std::fs::metadata(&wal).unwrap().len();
    // Keep the header and the first frames only (4 KiB pages, 24-byte frame headers).
    let keep = (32 + 3 * (24 + 4096)).min(len);
    let f = std::fs::OpenOptions::new().write(true).open(&wal).unwrap();
    f.set_len(keep).unwrap();
    drop(f);
    assert!(matches!(
        Vault::open(&to, &test_wrapper(), options(&l.store)),
        Err(VaultError::Rollback { .. })
    ));
}
