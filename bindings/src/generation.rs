//! The host's rollback guard: where it keeps the last write generation of each vault, outside
//! the vault file (Android Keystore-sealed preferences, the iOS Keychain, a server).
//!
//! [`GenerationStore`] is the foreign trait hosts implement; [`HostGenerationStore`] adapts it
//! to core's [`tacit_core::vault::GenerationStore`]. With one, opening an older copy of the
//! vault file (a restored backup, a file put back by an attacker) fails with `Rollback`.
//!
//! Failure policy (core's trait cannot fail, so the adapter decides):
//! - `last_seen` throwing, or returning a negative generation, fails the open (closed, not
//!   open unchecked): `KeyUnavailable` when the host threw that (retry later), otherwise
//!   `HostCallback` (`Tampered` when the host said so);
//! - `record` throwing is ignored: the vault has already committed, and a record that lags
//!   behind only weakens the next check (it never refuses a current vault).

use crate::error::{HostError, TacitError};
use std::fmt;
use std::sync::{Arc, Mutex};
use tacit_core::GenerationStore as CoreGenerationStore;

/// Keeps the highest write generation seen for each vault (by its id), outside the vault
/// file. Implemented by the host app; methods may throw `HostException` (Swift: `HostError`).
/// Called from Tacit's threads, `record` after every write: keep it quick (a preferences
/// write, not a network call).
#[uniffi::export(foreign)]
pub trait GenerationStore: Send + Sync {
    /// The highest generation recorded for `vault_id`, or null (Swift: nil) when none is.
    fn last_seen(&self, vault_id: Vec<u8>) -> Result<Option<i64>, HostError>;

    /// Records `generation` for `vault_id` after a write. Generations only grow.
    fn record(&self, vault_id: Vec<u8>, generation: i64) -> Result<(), HostError>;
}

/// Core's generation store over a host implementation (one per open).
pub struct HostGenerationStore {
    host: Arc<dyn GenerationStore>,
    read_failure: Mutex<Option<TacitError>>,
}

impl HostGenerationStore {
    /// Adapts a host store.
    pub fn new(host: Arc<dyn GenerationStore>) -> HostGenerationStore {
        HostGenerationStore {
            host,
            read_failure: Mutex::new(None),
        }
    }

    /// Why `last_seen` failed during the open, if it did: the open must then fail.
    pub fn read_failure(&self) -> Option<TacitError> {
        self.read_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }

    fn fail(&self, e: TacitError) {
        *self.read_failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
    }
}

impl fmt::Debug for HostGenerationStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostGenerationStore")
    }
}

impl CoreGenerationStore for HostGenerationStore {
    fn last_seen(&self, vault_id: &[u8]) -> Option<u64> {
        match self.host.last_seen(vault_id.to_vec()) {
            Ok(None) => None,
            Ok(Some(g)) => match u64::try_from(g) {
                Ok(g) => Some(g),
                Err(_) => {
                    self.fail(TacitError::HostCallback);
                    None
                }
            },
            Err(e) => {
                self.fail(e.into());
                None
            }
        }
    }

    fn record(&self, vault_id: &[u8], generation: u64) {
        let g = i64::try_from(generation).unwrap_or(i64::MAX);
        let _ = self.host.record(vault_id.to_vec(), g);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::keywrap::tests::{FakeHost, Mode};
    use crate::profile::open_profile;
    use crate::runtime::tests::block_on as b;
    use std::collections::HashMap;

    /// A host store in memory; `fail_reads` makes `last_seen` throw.
    #[derive(Default)]
    pub(crate) struct MemStore {
        seen: Mutex<HashMap<Vec<u8>, i64>>,
        fail_reads: Option<HostError>,
    }

    impl GenerationStore for MemStore {
        fn last_seen(&self, vault_id: Vec<u8>) -> Result<Option<i64>, HostError> {
            if let Some(e) = self.fail_reads {
                return Err(e);
            }
            Ok(self.seen.lock().unwrap().get(&vault_id).copied())
        }
        fn record(&self, vault_id: Vec<u8>, generation: i64) -> Result<(), HostError> {
            self.seen.lock().unwrap().insert(vault_id, generation);
            Ok(())
        }
    }

    #[test]
    fn an_older_copy_is_rollback_and_a_failing_store_fails_the_open() {
        use crate::records::DisclosureLevel;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let path_s = path.to_string_lossy().into_owned();
        let store: Arc<MemStore> = Arc::new(MemStore::default());
        let open = |s: Arc<dyn GenerationStore>| {
            b(open_profile(
                path_s.clone(),
                FakeHost::new(Mode::Good),
                Some(s),
            ))
        };
        let p = open(store.clone()).unwrap();
        b(p.set_disclosure(DisclosureLevel::Summary)).unwrap();
        b(p.close_vault()).unwrap();
        let old = std::fs::read(&path).unwrap();
        let p = open(store.clone()).unwrap();
        b(p.set_disclosure(DisclosureLevel::Full)).unwrap();
        b(p.close_vault()).unwrap();
        std::fs::write(&path, &old).unwrap();
        assert_eq!(open(store.clone()).err(), Some(TacitError::Rollback));
        // Without the store the same file opens (nothing else knows it is old).
        let unchecked = b(open_profile(
            path_s.clone(),
            FakeHost::new(Mode::Good),
            None,
        ))
        .unwrap();
        b(unchecked.close_vault()).unwrap();
        for (host, want) in [
            (HostError::KeyUnavailable, TacitError::KeyUnavailable),
            (HostError::Failed, TacitError::HostCallback),
        ] {
            let failing = Arc::new(MemStore {
                fail_reads: Some(host),
                ..MemStore::default()
            });
            assert_eq!(open(failing).err(), Some(want));
        }
    }
}
