//! Ingest: puts one [`ImportBatch`] from any source into the vault, reconciled against what is
//! stored, in a single vault write. A failure anywhere leaves the vault exactly as it was.
//!
//! Only the stored transactions that reconciliation can touch are loaded: those of the batch's
//! accounts from the match and expiry windows before the batch's earliest transaction on.

use crate::model::{AccountId, Transaction};
use crate::reconcile::{reconcile_refs, BorrowedPlan, ReconcilePolicy, ReconcileStats};
use crate::sources::{AccountIssue, ImportBatch};
use crate::time::{Timestamp, DAY};
use crate::vault::{Result, TxnFilter, Vault, VaultError, WriteTx};
use std::collections::{BTreeMap, HashSet};
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
    /// Transactions inserted or replaced.
    pub changed: usize,
    /// Transactions seen for the first time (not the posted form of a pending charge already
    /// seen): what the fraud engine scored.
    pub new_purchases: usize,
}

impl fmt::Debug for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestReport")
            .field("accounts", &self.accounts)
            .field("received", &self.received)
            .field("reconcile", &self.reconcile)
            .field("deleted", &self.deleted)
            .field("issues", &self.issues)
            .field("changed", &self.changed)
            .field("new_purchases", &self.new_purchases)
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
    ingest_with(vault, batch, now, policy, &mut NoHook)
}

/// Work that commits together with an ingest, in the same vault write (the fraud engine:
/// its state and alerts must land with the transactions or not at all). It is split in three
/// so that the pure middle part runs on a second thread while the vault encrypts and writes
/// the transactions. Each part gets the new purchases: the transactions seen for the first
/// time (not the posted form of a pending charge already seen), in time order.
pub trait IngestHook: Sync {
    /// What [`IngestHook::compute`] needs from the vault.
    type Input: Send;
    /// What [`IngestHook::compute`] produces for [`IngestHook::write`].
    type Output: Send;
    /// Reads inside the write, after reconciliation, before anything is written.
    fn read(&mut self, w: &WriteTx<'_>, new: &[&Transaction]) -> Result<Self::Input>;
    /// Pure work: must not touch the vault. May run on another thread.
    fn compute(&self, input: Self::Input, new: &[&Transaction]) -> Self::Output;
    /// Writes the results inside the same vault write, after the transactions.
    fn write(
        &mut self,
        w: &mut WriteTx<'_>,
        new: &[&Transaction],
        output: Self::Output,
    ) -> Result<()>;
}

/// A hook that does nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoHook;

impl IngestHook for NoHook {
    type Input = ();
    type Output = ();
    fn read(&mut self, _: &WriteTx<'_>, _: &[&Transaction]) -> Result<()> {
        Ok(())
    }
    fn compute(&self, _: (), _: &[&Transaction]) {}
    fn write(&mut self, _: &mut WriteTx<'_>, _: &[&Transaction], _: ()) -> Result<()> {
        Ok(())
    }
}

/// Below this many new purchases the hook's pure part runs inline: a thread costs more than
/// it saves.
const PARALLEL_MIN_PURCHASES: usize = 2_000;

/// Stores `batch` and runs `hook` inside the same vault write, so the transactions, the
/// engine's state and any alerts commit together or not at all.
///
/// Nothing of the batch is copied: reconciliation plans, the vault's block encoder and the
/// hook all work on references into `batch` (and into the stored transactions loaded here).
pub fn ingest_with<H: IngestHook>(
    vault: &mut Vault,
    batch: &ImportBatch,
    now: Timestamp,
    policy: &ReconcilePolicy,
    hook: &mut H,
) -> Result<IngestReport> {
    let known: HashSet<&AccountId> = batch.accounts.iter().map(|a| &a.id).collect();
    let stored_accounts = vault.accounts()?;
    let mut by_account: BTreeMap<&AccountId, Vec<&Transaction>> = BTreeMap::new();
    // A batch comes account by account: check and look up an account once per run of its
    // transactions, not once per transaction.
    for run in batch.transactions.chunk_by(|a, b| a.account == b.account) {
        let Some(first) = run.first() else { continue };
        let account = &first.account;
        if !known.contains(account) && !stored_accounts.iter().any(|a| &a.id == account) {
            return Err(VaultError::InvalidInput(
                "transaction for an account the batch does not carry",
            ));
        }
        by_account.entry(account).or_default().extend(run);
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
        // The stored transactions reconciliation can touch, per account (kept alive here:
        // the plans borrow them).
        let mut stored = Vec::with_capacity(by_account.len());
        for (account, incoming) in &by_account {
            let earliest = incoming
                .iter()
                .map(|t| t.transacted_at)
                .min()
                .unwrap_or(now);
            let filter = TxnFilter {
                account: Some((*account).clone()),
                from: Some(earliest.saturating_sub(lookback)),
                until: None,
            };
            stored.push(w.transactions(&filter)?);
        }
        let mut plans = Vec::with_capacity(by_account.len());
        let mut new_purchases: Vec<&Transaction> = Vec::new();
        for ((_, incoming), existing) in by_account.iter().zip(&stored) {
            let existing_refs: Vec<&Transaction> = existing.iter().collect();
            let plan = reconcile_refs(&existing_refs, incoming, now, policy);
            add_stats(&mut report.reconcile, &plan.stats);
            plans.push((plan, existing));
        }
        for (plan, existing) in &plans {
            let ids: HashSet<&str> = existing.iter().map(|t| t.id.as_str()).collect();
            // New purchases: ids not stored before that do not settle a stored pending charge
            // (that one was scored when it arrived).
            new_purchases.extend(
                plan.upserts
                    .iter()
                    .map(|t| &**t)
                    .filter(|t| !ids.contains(t.id.as_str()))
                    .filter(|t| {
                        t.pending_link
                            .as_ref()
                            .is_none_or(|l| !ids.contains(l.as_str()))
                    }),
            );
        }
        new_purchases.sort_by(|a, b| {
            a.transacted_at
                .cmp(&b.transacted_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        report.new_purchases = new_purchases.len();
        let input = hook.read(w, &new_purchases)?;
        let (applied, output) = if new_purchases.len() >= PARALLEL_MIN_PURCHASES {
            let (hook_ref, new_ref) = (&*hook, &new_purchases);
            std::thread::scope(|s| {
                let worker = s.spawn(move || hook_ref.compute(input, new_ref));
                let applied = apply(w, &plans);
                (applied, worker.join())
            })
        } else {
            (apply(w, &plans), Ok(hook.compute(input, &new_purchases)))
        };
        applied?;
        let output = output.map_err(|_| VaultError::InvalidInput("background scoring stopped"))?;
        report.changed = plans.iter().map(|(p, _)| p.upserts.len()).sum();
        report.deleted = w.remove_transactions(&batch.deletions)?;
        hook.write(w, &new_purchases, output)?;
        Ok(report)
    })
}

/// Applies reconciliation plans: removals, then upserts.
fn apply(w: &mut WriteTx<'_>, plans: &[(BorrowedPlan<'_>, &Vec<Transaction>)]) -> Result<()> {
    for (plan, _) in plans {
        w.remove_transactions(&plan.removals)?;
        let upserts: Vec<&Transaction> = plan.upserts.iter().map(|t| &**t).collect();
        w.upsert_transaction_refs(&upserts)?;
    }
    Ok(())
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
        assert_eq!(r2.changed, 0);
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
