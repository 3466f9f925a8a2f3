//! Ingest: puts one [`ImportBatch`] from any source into the vault, reconciled against what is
//! stored, in a single vault write. A failure anywhere leaves the vault exactly as it was.
//!
//! Only the stored transactions that reconciliation can touch are loaded: those of the batch's
//! accounts from the match and expiry windows before the batch's earliest transaction on.

use crate::model::{AccountId, Transaction};
use crate::reconcile::{reconcile, ReconcilePolicy, ReconcileStats};
use crate::sources::{AccountIssue, ImportBatch};
use crate::time::{Timestamp, DAY};
use crate::vault::{Result, TxnFilter, Vault, VaultError};
use std::collections::BTreeMap;
use std::fmt;

/// What an ingest did (counts only).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Accounts stored or updated.
    pub accounts: usize,
    /// Transactions received.
    pub received: usize,
    /// What reconciliation decided.
    pub reconcile: ReconcileStats,
    /// Transactions deleted because the source said so.
    pub deleted: usize,
    /// Per-account problems the source reported.
    pub issues: Vec<AccountIssue>,
    /// The transactions that are new or changed.
    pub changed: Vec<Transaction>,
    /// The transactions seen for the first time (not a posted form of a pending charge
    /// already seen), in time order: what the fraud engine scores.
    pub new_purchases: Vec<Transaction>,
}

impl fmt::Debug for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestReport")
            .field("accounts", &self.accounts)
            .field("received", &self.received)
            .field("reconcile", &self.reconcile)
            .field("deleted", &self.deleted)
            .field("issues", &self.issues)
            .field("changed", &self.changed.len())
            .finish()
    }
}

/// Stores `batch` in `vault` in one write.
pub fn ingest(
    vault: &mut Vault,
    batch: &ImportBatch,
    now: Timestamp,
    policy: &ReconcilePolicy,
) -> Result<IngestReport> {
    ingest_with(vault, batch, now, policy, |_, _| Ok(()))
}

/// Stores `batch` and runs `after` (the fraud engine) inside the same vault write, so the
/// transactions, the engine's state and any alerts commit together or not at all.
pub fn ingest_with(
    vault: &mut Vault,
    batch: &ImportBatch,
    now: Timestamp,
    policy: &ReconcilePolicy,
    after: impl FnOnce(&mut crate::vault::WriteTx<'_>, &IngestReport) -> Result<()>,
) -> Result<IngestReport> {
    let known: std::collections::HashSet<&AccountId> =
        batch.accounts.iter().map(|a| &a.id).collect();
    let stored_accounts = vault.accounts()?;
    let mut by_account: BTreeMap<&AccountId, Vec<Transaction>> = BTreeMap::new();
    for t in &batch.transactions {
        if !known.contains(&t.account) && !stored_accounts.iter().any(|a| a.id == t.account) {
            return Err(VaultError::InvalidInput(
                "transaction for an account the batch does not carry",
            ));
        }
        by_account.entry(&t.account).or_default().push(t.clone());
    }
    let lookback = (policy.pending_expiry_days + policy.match_window_days + 2) * DAY;
    vault.write(|w| {
        let mut report = IngestReport {
            received: batch.transactions.len(),
            issues: batch.account_issues.clone(),
            ..IngestReport::default()
        };
        for a in &batch.accounts {
            w.put_account(a)?;
            report.accounts += 1;
        }
        for (account, incoming) in by_account {
            let earliest = incoming
                .iter()
                .map(|t| t.transacted_at)
                .min()
                .unwrap_or(now);
            let filter = TxnFilter {
                account: Some(account.clone()),
                from: Some(earliest.saturating_sub(lookback)),
                until: None,
            };
            let existing = w.transactions(&filter)?;
            let plan = reconcile(&existing, &incoming, now, policy);
            let before: std::collections::HashSet<&str> =
                existing.iter().map(|t| t.id.0.as_str()).collect();
            let known_pending: std::collections::HashSet<&str> =
                existing.iter().map(|t| t.id.0.as_str()).collect();
            report.new_purchases.extend(
                plan.upserts
                    .iter()
                    .filter(|t| !before.contains(t.id.0.as_str()))
                    .filter(|t| {
                        t.pending_link
                            .as_ref()
                            .is_none_or(|l| !known_pending.contains(l.0.as_str()))
                    })
                    .cloned(),
            );
            w.remove_transactions(&plan.removals)?;
            w.upsert_transactions(&plan.upserts)?;
            add_stats(&mut report.reconcile, &plan.stats);
            report.changed.extend(plan.upserts);
        }
        report.deleted = w.remove_transactions(&batch.deletions)?;
        report.new_purchases.sort_by(|a, b| {
            a.transacted_at
                .cmp(&b.transacted_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        after(w, &report)?;
        Ok(report)
    })
}

fn add_stats(into: &mut ReconcileStats, s: &ReconcileStats) {
    into.inserted += s.inserted;
    into.updated += s.updated;
    into.unchanged += s.unchanged;
    into.pending_matched += s.pending_matched;
    into.expired += s.expired;
    into.rotated_ids_deduped += s.rotated_ids_deduped;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;
    use crate::crypto::wrap::TestKeyWrapper;
    use crate::sources::sandbox::SandboxBank;
    use crate::time::Date;
    use crate::vault::OpenOptions;

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let w = TestKeyWrapper::new(SecretKey::from_bytes([1; 32]));
        let v = Vault::create(&dir.path().join("i.db"), &w, OpenOptions::default()).unwrap();
        (dir, v)
    }

    #[test]
    fn sandbox_year_ingests_and_reingest_changes_nothing() {
        let (_d, mut v) = vault();
        let data = SandboxBank::generate(7, Date::new(2025, 1, 1).unwrap(), 12);
        let batch = data.batch();
        let now = batch
            .transactions
            .iter()
            .map(|t| t.transacted_at)
            .max()
            .unwrap()
            + DAY;
        let r1 = ingest(&mut v, &batch, now, &ReconcilePolicy::default()).unwrap();
        assert_eq!(r1.accounts, batch.accounts.len());
        let stored = v.transactions(&TxnFilter::default()).unwrap();
        assert_eq!(stored.len(), r1.reconcile.inserted);
        assert!(stored.len() >= batch.transactions.len() * 9 / 10);
        let gen = v.generation();
        let r2 = ingest(&mut v, &batch, now, &ReconcilePolicy::default()).unwrap();
        assert_eq!(r2.reconcile.inserted, 0);
        assert_eq!(r2.reconcile.updated, 0);
        assert!(r2.changed.is_empty());
        assert_eq!(v.transactions(&TxnFilter::default()).unwrap(), stored);
        assert_eq!(v.generation(), gen + 1);
    }

    #[test]
    fn a_failed_batch_leaves_nothing() {
        let (_d, mut v) = vault();
        let data = SandboxBank::generate(7, Date::new(2025, 1, 1).unwrap(), 2);
        let mut batch = data.batch();
        let mut orphan = batch.transactions[0].clone();
        orphan.account = AccountId("sandbox/ghost".into());
        batch.transactions.push(orphan);
        assert!(ingest(&mut v, &batch, 1_800_000_000, &ReconcilePolicy::default()).is_err());
        assert!(v.accounts().unwrap().is_empty());
        assert!(v.transactions(&TxnFilter::default()).unwrap().is_empty());
    }
}
