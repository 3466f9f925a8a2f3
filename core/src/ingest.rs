//! Ingest: puts one [`ImportBatch`] from any source into the vault, reconciled against what is
//! stored, in a single vault write. A failure anywhere leaves the vault exactly as it was.
//!
//! Only the stored transactions that reconciliation can touch are loaded: those of the batch's
//! accounts from the match and expiry windows before the batch's earliest transaction on.

use crate::model::{AccountId, Transaction};
use crate::reconcile::{reconcile_refs, ReconcilePolicy, ReconcileStats};
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
    ingest_with(vault, batch, now, policy, &mut NoHook)
}

/// Work that commits together with an ingest, in the same vault write (the fraud engine:
/// its state and alerts must land with the transactions or not at all). It is split in three
/// so that the pure middle part runs on a second thread while the vault encrypts and writes
/// the transactions.
pub trait IngestHook: Sync {
    /// What [`IngestHook::compute`] needs from the vault.
    type Input: Send;
    /// What [`IngestHook::compute`] produces for [`IngestHook::write`].
    type Output: Send;
    /// Reads inside the write, after reconciliation (`report.new_purchases` is final;
    /// `report.changed` and `report.deleted` are not filled yet).
    fn read(&mut self, w: &WriteTx<'_>, report: &IngestReport) -> Result<Self::Input>;
    /// Pure work: must not touch the vault. May run on another thread.
    fn compute(&self, input: Self::Input, report: &IngestReport) -> Self::Output;
    /// Writes the results inside the same vault write, after the transactions.
    fn write(
        &mut self,
        w: &mut WriteTx<'_>,
        report: &IngestReport,
        output: Self::Output,
    ) -> Result<()>;
}

/// A hook that does nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoHook;

impl IngestHook for NoHook {
    type Input = ();
    type Output = ();
    fn read(&mut self, _: &WriteTx<'_>, _: &IngestReport) -> Result<()> {
        Ok(())
    }
    fn compute(&self, _: (), _: &IngestReport) {}
    fn write(&mut self, _: &mut WriteTx<'_>, _: &IngestReport, _: ()) -> Result<()> {
        Ok(())
    }
}

/// Below this many new purchases the hook's pure part runs inline: a thread costs more than
/// it saves.
const PARALLEL_MIN_PURCHASES: usize = 2_000;

/// Stores `batch` and runs `hook` inside the same vault write, so the transactions, the
/// engine's state and any alerts commit together or not at all.
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
    for t in &batch.transactions {
        if !known.contains(&t.account) && !stored_accounts.iter().any(|a| a.id == t.account) {
            return Err(VaultError::InvalidInput(
                "transaction for an account the batch does not carry",
            ));
        }
        by_account.entry(&t.account).or_default().push(t);
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
        let mut plans = Vec::with_capacity(by_account.len());
        let mut new_purchases: Vec<(usize, usize)> = Vec::new();
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
            let existing = w.transactions(&filter)?;
            let existing_refs: Vec<&Transaction> = existing.iter().collect();
            let plan = reconcile_refs(&existing_refs, incoming, now, policy);
            let stored: HashSet<&str> = existing.iter().map(|t| t.id.0.as_str()).collect();
            // New purchases: ids not stored before that do not settle a stored pending charge
            // (that one was scored when it arrived).
            new_purchases.extend(
                plan.upserts
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !stored.contains(t.id.0.as_str()))
                    .filter(|(_, t)| {
                        t.pending_link
                            .as_ref()
                            .is_none_or(|l| !stored.contains(l.0.as_str()))
                    })
                    .map(|(i, _)| (plans.len(), i)),
            );
            add_stats(&mut report.reconcile, &plan.stats);
            plans.push(plan);
        }
        // Ordered as (plan, index) pairs and copied once in time order.
        let at = |&(p, i): &(usize, usize)| plans.get(p).and_then(|x| x.upserts.get(i));
        new_purchases.sort_by(|a, b| match (at(a), at(b)) {
            (Some(a), Some(b)) => a
                .transacted_at
                .cmp(&b.transacted_at)
                .then_with(|| a.id.cmp(&b.id)),
            _ => std::cmp::Ordering::Equal,
        });
        report.new_purchases = new_purchases.iter().filter_map(at).cloned().collect();
        let input = hook.read(w, &report)?;
        let (applied, output) = if report.new_purchases.len() >= PARALLEL_MIN_PURCHASES {
            let (hook_ref, report_ref) = (&*hook, &report);
            std::thread::scope(|s| {
                let worker = s.spawn(move || hook_ref.compute(input, report_ref));
                let applied = apply(w, &plans);
                (applied, worker.join())
            })
        } else {
            (apply(w, &plans), Ok(hook.compute(input, &report)))
        };
        applied?;
        let output = output.map_err(|_| VaultError::InvalidInput("background scoring stopped"))?;
        report.changed = plans.into_iter().flat_map(|p| p.upserts).collect();
        report.deleted = w.remove_transactions(&batch.deletions)?;
        hook.write(w, &report, output)?;
        Ok(report)
    })
}

/// Applies reconciliation plans: removals, then upserts.
fn apply(w: &mut WriteTx<'_>, plans: &[crate::reconcile::ReconcilePlan]) -> Result<()> {
    for plan in plans {
        w.remove_transactions(&plan.removals)?;
        w.upsert_transactions(&plan.upserts)?;
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
