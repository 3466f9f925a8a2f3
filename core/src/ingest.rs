//! Ingest: puts one [`ImportBatch`] from any source into the vault, reconciled against what is
//! stored, in a single vault write. A failure anywhere leaves the vault exactly as it was.
//!
//! Only the stored transactions that reconciliation can touch are loaded: those of the batch's
//! accounts from the match and expiry windows before the batch's earliest transaction on.

use crate::model::{Account, AccountId, Balance, Transaction};
use crate::money::Currency;
use crate::reconcile::{reconcile_refs, BorrowedPlan, ReconcilePolicy, ReconcileStats};
use crate::sources::statement::{ImportNote, StatementFormat, StatementImport, StatementTotals};
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
        let output = output.map_err(|_| VaultError::Internal("the scoring thread panicked"))?;
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

/// Where a statement's opening balance came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpeningFrom {
    /// The statement gives it (CAMT `OPBD`, a CSV running balance).
    Statement,
    /// The account's ledger balance from an earlier import, which the statement's period
    /// starts at or before (the way accounting tools carry a reconciled balance forward).
    EarlierImport,
}

/// How a statement checks against its own balance.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reconciliation {
    /// Opening balance plus the entries equals the closing balance.
    Reconciled {
        /// The opening balance used.
        opening: Balance,
        /// Where it came from.
        from: OpeningFrom,
        /// Sum of the entries counted.
        net: i64,
        /// The statement's closing (ledger) balance.
        closing: Balance,
    },
    /// They differ by `difference` (closing minus opening minus entries).
    Mismatch {
        /// The opening balance used.
        opening: Balance,
        /// Where it came from.
        from: OpeningFrom,
        /// Sum of the entries counted.
        net: i64,
        /// The statement's closing (ledger) balance.
        closing: Balance,
        /// What the entries leave unexplained.
        difference: i64,
    },
    /// The statement gives no closing balance (QIF, a CSV without a balance column).
    NoClosingBalance,
    /// No opening balance: not in the statement, and no earlier import's balance the
    /// statement's period starts at or before (a first import of an OFX statement).
    NoOpeningBalance,
    /// Entries in several currencies, or sums beyond 64 bits: not comparable.
    NotComparable,
}

impl fmt::Debug for Reconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reconciliation::Reconciled { .. } => "Reconciled",
            Reconciliation::Mismatch { .. } => "Mismatch",
            Reconciliation::NoClosingBalance => "NoClosingBalance",
            Reconciliation::NoOpeningBalance => "NoOpeningBalance",
            Reconciliation::NotComparable => "NotComparable",
        })
    }
}

/// One statement's self-check.
#[derive(Clone, Debug)]
pub struct StatementCheck {
    /// The account.
    pub account: AccountId,
    /// Its last four digits, when known (for the summary).
    pub last4: Option<String>,
    /// The name the person gave the account (CSV, QIF), when any.
    pub nickname: Option<String>,
    /// The statement currency.
    pub currency: Currency,
    /// Entries in the statement.
    pub entries: usize,
    /// The outcome.
    pub result: Reconciliation,
}

/// What a statement import did, beyond the ingest counts: the format, what the reader
/// folded or skipped (with the reason), and each statement's self-check.
#[derive(Clone, Debug)]
pub struct StatementReport {
    /// The format the file was read as.
    pub format: StatementFormat,
    /// What was folded, recovered or skipped.
    pub notes: Vec<ImportNote>,
    /// One per statement.
    pub checks: Vec<StatementCheck>,
}

impl StatementReport {
    /// Entries the reader left out of the vault (each counted in a note with its reason).
    pub fn skipped(&self) -> usize {
        self.notes
            .iter()
            .filter(|n| n.kind.is_skip())
            .map(|n| n.count)
            .sum()
    }
}

/// Checks each statement of `import` against its own balances. `prior` are the accounts as
/// stored before the import (their ledger balances are the opening of a statement that
/// gives none, when its period starts at or before that balance's day).
pub fn statement_report(import: &StatementImport, prior: &[Account]) -> StatementReport {
    let checks = import
        .totals
        .iter()
        .map(|t| {
            let account = import.batch.accounts.iter().find(|a| a.id == t.account);
            let earlier = prior
                .iter()
                .find(|a| a.id == t.account)
                .and_then(|a| a.balance);
            StatementCheck {
                account: t.account.clone(),
                last4: account.and_then(|a| a.last4.clone()),
                nickname: account.and_then(|a| a.nickname.clone()),
                currency: t.currency,
                entries: t.entries,
                result: reconcile_statement(t, earlier, &import.batch.transactions),
            }
        })
        .collect();
    StatementReport {
        format: import.format,
        notes: import.notes.clone(),
        checks,
    }
}

/// The day number of a timestamp (UTC).
fn day(ts: i64) -> i64 {
    ts.div_euclid(DAY)
}

/// One statement's check. Without an opening balance in the statement, an earlier import's
/// balance of the account is the opening when it is older than the closing balance and the
/// statement's period starts no later than the day after it; only the entries booked after
/// that balance's day count then (days, not times: banks stamp balances at midnight, at the
/// end of day or at download time).
pub fn reconcile_statement(
    t: &StatementTotals,
    earlier: Option<Balance>,
    transactions: &[Transaction],
) -> Reconciliation {
    let Some(closing) = t.closing else {
        return Reconciliation::NoClosingBalance;
    };
    if t.mixed > 0 {
        return Reconciliation::NotComparable;
    }
    let (opening, from, net) = match (t.opening, earlier) {
        (Some(o), _) => match t.net {
            Some(n) => (o, OpeningFrom::Statement, n),
            None => return Reconciliation::NotComparable,
        },
        (None, Some(e))
            if day(e.as_of) < day(closing.as_of)
                && t.start.is_some_and(|s| day(s) <= day(e.as_of) + 1) =>
        {
            let mut net: i64 = 0;
            for x in transactions.iter().filter(|x| x.account == t.account) {
                let d = day(x.posted_at.unwrap_or(x.transacted_at));
                if d > day(e.as_of) && d <= day(closing.as_of) {
                    match net.checked_add(x.amount) {
                        Some(n) => net = n,
                        None => return Reconciliation::NotComparable,
                    }
                }
            }
            (e, OpeningFrom::EarlierImport, net)
        }
        _ => return Reconciliation::NoOpeningBalance,
    };
    let expected = opening.minor.checked_add(net);
    match expected.and_then(|x| closing.minor.checked_sub(x)) {
        Some(0) => Reconciliation::Reconciled {
            opening,
            from,
            net,
            closing,
        },
        Some(difference) => Reconciliation::Mismatch {
            opening,
            from,
            net,
            closing,
            difference,
        },
        None => Reconciliation::NotComparable,
    }
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

#[cfg(test)]
mod statement_tests {
    use super::*;
    use crate::model::{TxnId, TxnStatus};

    fn txn(account: &AccountId, day_no: i64, amount: i64) -> Transaction {
        Transaction {
            id: TxnId(format!("t{day_no}{amount}")),
            account: account.clone(),
            amount,
            currency: Currency::USD,
            status: TxnStatus::Posted,
            transacted_at: day_no * DAY + DAY / 2,
            posted_at: Some(day_no * DAY + DAY / 2),
            description: String::new(),
            merchant: None,
            mcc: None,
            category: None,
            location: None,
            card_present: None,
            pending_link: None,
        }
    }

    fn bal(minor: i64, day_no: i64) -> Balance {
        Balance {
            minor,
            as_of: day_no * DAY + DAY / 2,
        }
    }

    #[test]
    fn opening_from_the_statement() {
        let a = AccountId("x/1".into());
        let mut t = StatementTotals::new(a, Currency::USD);
        t.add(-500, Currency::USD);
        t.add(200, Currency::USD);
        t.opening = Some(bal(1000, 1));
        t.closing = Some(bal(700, 9));
        assert!(matches!(
            reconcile_statement(&t, None, &[]),
            Reconciliation::Reconciled { net: -300, .. }
        ));
        t.closing = Some(bal(900, 9));
        assert!(matches!(
            reconcile_statement(&t, None, &[]),
            Reconciliation::Mismatch {
                difference: 200,
                from: OpeningFrom::Statement,
                ..
            }
        ));
        t.closing = None;
        assert_eq!(
            reconcile_statement(&t, None, &[]),
            Reconciliation::NoClosingBalance
        );
        t.closing = Some(bal(700, 9));
        t.add(5, Currency::EUR);
        assert_eq!(
            reconcile_statement(&t, None, &[]),
            Reconciliation::NotComparable
        );
    }

    #[test]
    fn opening_from_an_earlier_import() {
        let a = AccountId("x/1".into());
        let txns = vec![txn(&a, 10, -100), txn(&a, 20, -50), txn(&a, 21, 30)];
        let mut t = StatementTotals::new(a, Currency::USD);
        t.start = Some(5 * DAY);
        t.closing = Some(bal(880, 25));
        // The earlier balance is day 10's, after the day-10 entry: days 20 and 21 count.
        let r = reconcile_statement(&t, Some(bal(900, 10)), &txns);
        assert!(
            matches!(
                r,
                Reconciliation::Reconciled {
                    from: OpeningFrom::EarlierImport,
                    net: -20,
                    ..
                }
            ),
            "{r:?}"
        );
        let r = reconcile_statement(&t, Some(bal(950, 10)), &txns);
        assert!(matches!(
            r,
            Reconciliation::Mismatch {
                difference: -50,
                ..
            }
        ));
        // A statement that starts after the earlier balance (a gap) cannot be checked.
        t.start = Some(15 * DAY);
        assert_eq!(
            reconcile_statement(&t, Some(bal(900, 10)), &txns),
            Reconciliation::NoOpeningBalance
        );
        assert_eq!(
            reconcile_statement(&t, None, &txns),
            Reconciliation::NoOpeningBalance
        );
    }
}
