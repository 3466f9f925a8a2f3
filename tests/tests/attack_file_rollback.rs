//! Attack class: restoring an older copy of the whole vault file (from a backup, or a copy
//! taken earlier). Every committed write bumps the write generation inside its own
//! transaction, and the host's `GenerationStore` records it after the commit; opening a file
//! whose generation is lower than the host recorded is the typed `Rollback` error. (Without a
//! host store an older copy is a consistent vault and opens: docs/security-design.md.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tacit_core::model::SourceId;
use tacit_core::vault::{GenerationStore, OpenOptions, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

/// A host's generation store, in memory (a keystore entry, preferences or a server).
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

fn options(store: &Arc<MemStore>) -> OpenOptions {
    OpenOptions {
        generation_store: Some(store.clone()),
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A vault with one account, written `writes` times (transactions, then ledger entries).
fn grow(v: &mut Vault, from: i64, writes: i64) {
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "99887766551111");
    for n in from..from + writes {
        v.write(|w| {
            w.put_account(&a)?;
            w.upsert_transactions(&[txn(&a, n, "Shop", "memo")])
                .map(|_| ())
        })
        .unwrap();
        v.write_relaxed(|w| w.append_ledger(b"reply").map(|_| ()))
            .unwrap();
    }
}

#[test]
fn an_older_copy_of_the_file_is_a_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let store = Arc::new(MemStore::default());
    let mut v = Vault::create(&path, &test_wrapper(), options(&store)).unwrap();
    grow(&mut v, 0, 3);
    let backed_up_at = v.generation();
    v.close().unwrap();
    let backup = std::fs::read(&path).unwrap();

    let mut v = Vault::open(&path, &test_wrapper(), options(&store)).unwrap();
    grow(&mut v, 3, 2);
    let newest = v.generation();
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 5);
    v.close().unwrap();

    // The backup put back in place of the file.
    std::fs::write(&path, &backup).unwrap();
    assert_eq!(
        Vault::open(&path, &test_wrapper(), options(&store)).err(),
        Some(VaultError::Rollback {
            found: backed_up_at,
            expected_at_least: newest,
        })
    );
    // Also when it comes with a stale log and shared-memory file of its own time.
    std::fs::write(side(&path, "-wal"), b"").unwrap();
    std::fs::write(side(&path, "-shm"), vec![0u8; 32_768]).unwrap();
    assert!(matches!(
        Vault::open(&path, &test_wrapper(), options(&store)),
        Err(VaultError::Rollback { .. })
    ));
}

/// A copy taken at the newest generation opens (the store is only a lower bound), and a
/// refused open changes nothing: the file still opens once the host accepts it (for example
/// after the person chose to re-sync from the bank with a fresh store).
#[test]
fn the_current_copy_opens_and_a_refusal_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let store = Arc::new(MemStore::default());
    let mut v = Vault::create(&path, &test_wrapper(), options(&store)).unwrap();
    grow(&mut v, 0, 2);
    v.close().unwrap();
    let old = std::fs::read(&path).unwrap();
    let mut v = Vault::open(&path, &test_wrapper(), options(&store)).unwrap();
    grow(&mut v, 2, 1);
    v.close().unwrap();
    let current = std::fs::read(&path).unwrap();

    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, &current).unwrap();
    let v = Vault::open(&copy, &test_wrapper(), options(&store)).unwrap();
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 3);
    v.close().unwrap();

    std::fs::write(&path, &old).unwrap();
    assert!(matches!(
        Vault::open(&path, &test_wrapper(), options(&store)),
        Err(VaultError::Rollback { .. })
    ));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        old,
        "the refused file is untouched"
    );
    let fresh = Arc::new(MemStore::default());
    let v = Vault::open(&path, &test_wrapper(), options(&fresh)).unwrap();
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 2);
}
