//! Vault maintenance on the facade: opening an existing vault without creating one, counting
//! what it holds, and checking all of it. `tacit vault info|check` and an app's diagnostics
//! screen go through these, so nothing outside core needs a vault handle (issue 15).

use crate::clock::SystemClock;
use crate::crypto::wrap::KeyWrapper;
use crate::error::Error;
use crate::ledger;
use crate::profile::Profile;
use crate::vault::{OpenOptions, TxnFilter, Vault};
use std::path::Path;
use std::sync::Arc;

/// What a vault holds, as counts only (never the data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultSummary {
    /// The vault's file format version.
    pub format: u32,
    /// The write generation (bumped by every committed write).
    pub generation: u64,
    /// Stored accounts.
    pub accounts: usize,
    /// Stored transactions.
    pub transactions: usize,
    /// Linked sources with a stored credential.
    pub linked_sources: usize,
    /// Stored fraud alerts (answered or not).
    pub alerts: usize,
    /// Outbound ledger entries.
    pub ledger_entries: usize,
}

/// The result of [`Profile::check`]: everything authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultCheck {
    /// Records decrypted and authenticated (row counts and row-set digests matched).
    pub records: usize,
    /// Outbound ledger entries whose hash chain was verified.
    pub ledger_entries: usize,
    /// SQLite's own structural check reported "ok".
    pub sqlite_integrity_ok: bool,
}

impl Profile {
    /// Opens the profile of an existing vault: `Io(NotFound)` when there is no file at
    /// `path` (where [`Profile::open`] would create one).
    pub fn open_existing(
        path: &Path,
        wrapper: &dyn KeyWrapper,
        options: OpenOptions,
    ) -> Result<Profile, Error> {
        Profile::from_vault(Vault::open(path, wrapper, options)?, Arc::new(SystemClock))
    }

    /// Destroys an existing vault and its files without reading its records: a vault whose
    /// settings, summary or fraud state are damaged can still be wiped (opening checks only
    /// the key and the meta table). `Io(NotFound)` when there is no file at `path`.
    pub fn wipe_existing(
        path: &Path,
        wrapper: &dyn KeyWrapper,
        options: OpenOptions,
    ) -> Result<(), Error> {
        Ok(Vault::open(path, wrapper, options)?.wipe()?)
    }

    /// Counts of what the vault holds (decrypts the accounts, transactions, alerts and
    /// ledger to count them, and authenticates them on the way).
    pub fn summary(&self) -> Result<VaultSummary, Error> {
        self.with_vault(|v| {
            let mut transactions = 0usize;
            v.visit_transactions(&TxnFilter::default(), |_| transactions += 1)?;
            Ok(VaultSummary {
                format: crate::vault::schema::CURRENT_VERSION,
                generation: v.generation(),
                accounts: v.accounts()?.len(),
                transactions,
                linked_sources: v.credentials()?.len(),
                alerts: v.alerts()?.len(),
                ledger_entries: v.ledger()?.len(),
            })
        })
    }

    /// Checks the whole vault: every record decrypted and authenticated, every table's row
    /// set and every month's blocks measured against the authenticated digests, the summary
    /// digest against a rebuild (a `Vault` error for the first failure), then the outbound
    /// ledger's hash chain (a `Ledger` error), then SQLite's structural check (reported).
    pub fn check(&self) -> Result<VaultCheck, Error> {
        self.with_vault(|v| {
            let records = v.verify_all()?;
            let ledger_entries = ledger::verified_entries(v)?.len();
            Ok(VaultCheck {
                records,
                ledger_entries,
                sqlite_integrity_ok: v.integrity_check()?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;
    use crate::crypto::wrap::TestKeyWrapper;
    use crate::vault::{IoKind, VaultError};

    #[test]
    fn open_existing_refuses_a_missing_file_and_counts_and_checks_a_vault() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let w = TestKeyWrapper::new(SecretKey::from_bytes([4; 32]));
        let missing = Profile::open_existing(&path, &w, OpenOptions::default());
        assert!(matches!(
            missing,
            Err(Error::Vault(VaultError::Io(IoKind::NotFound)))
        ));
        assert!(!path.exists(), "open_existing must not create a vault");
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        p.handle_message("what's my balance?", p.now()).unwrap();
        let s = p.summary().unwrap();
        assert_eq!(s.format, crate::vault::schema::CURRENT_VERSION);
        assert_eq!((s.accounts, s.transactions, s.alerts), (0, 0, 0));
        assert_eq!(s.ledger_entries, 1, "the reply was recorded");
        let c = p.check().unwrap();
        assert_eq!(c.ledger_entries, 1);
        assert!(c.sqlite_integrity_ok);
        assert!(c.records >= 1);
        p.close().unwrap();
        let again = Profile::open_existing(&path, &w, OpenOptions::default()).unwrap();
        assert_eq!(again.summary().unwrap().generation, s.generation);
    }

    #[test]
    fn a_vault_with_damaged_records_can_still_be_wiped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let w = TestKeyWrapper::new(SecretKey::from_bytes([5; 32]));
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        p.handle_message("what's my balance?", p.now()).unwrap();
        p.close().unwrap();
        // Damage every settings record's ciphertext: the profile no longer opens.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE settings SET env = zeroblob(length(env))", [])
            .unwrap();
        drop(conn);
        assert!(Profile::open_existing(&path, &w, OpenOptions::default()).is_err());
        Profile::wipe_existing(&path, &w, OpenOptions::default()).unwrap();
        assert!(!path.exists(), "the vault file is gone");
        let missing = Profile::wipe_existing(&path, &w, OpenOptions::default());
        assert!(matches!(
            missing,
            Err(Error::Vault(VaultError::Io(IoKind::NotFound)))
        ));
    }
}
