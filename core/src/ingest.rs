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
use std::borrow::Cow;
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
    /// The batch's accounts, before anything else (a statement read in chunks has no
    /// account list before it is read).
    fn accounts(&mut self, _accounts: &[Account]) {}
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
    let stored_accounts = vault.accounts()?;
    let scope = Scope {
        stored_accounts: &stored_accounts,
        ours: &|_| false,
        bounded: false,
    };
    vault.write(|w| ingest_in(w, batch, now, policy, hook, &scope))
}

/// What [`ingest_in`] needs besides the batch.
struct Scope<'s> {
    /// The accounts stored before the write.
    stored_accounts: &'s [Account],
    /// Stored transactions an earlier chunk of the same file wrote: reconciliation treats
    /// them as part of the batch, not as stored (never a rotated-id twin of a new one).
    ours: &'s dyn Fn(&Transaction) -> bool,
    /// Load stored transactions only up to the match windows after the batch's latest one
    /// (a chunk of a file), not to the end.
    bounded: bool,
}

/// [`ingest_with`]'s work inside the caller's vault write.
fn ingest_in<H: IngestHook>(
    w: &mut WriteTx<'_>,
    batch: &ImportBatch,
    now: Timestamp,
    policy: &ReconcilePolicy,
    hook: &mut H,
    scope: &Scope<'_>,
) -> Result<IngestReport> {
    let stored_accounts = scope.stored_accounts;
    hook.accounts(&batch.accounts);
    let known: HashSet<&AccountId> = batch.accounts.iter().map(|a| &a.id).collect();
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
    let mut report = IngestReport {
        received: batch.transactions.len(),
        issues: batch.account_issues.clone(),
        ..IngestReport::default()
    };
    for a in &batch.accounts {
        let stored = stored_accounts.iter().find(|s| s.id == a.id);
        w.put_account(&keep_identity(a, stored))?;
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
        let latest = incoming
            .iter()
            .map(|t| t.transacted_at)
            .max()
            .unwrap_or(now);
        let filter = TxnFilter {
            account: Some((*account).clone()),
            from: Some(earliest.saturating_sub(lookback)),
            until: scope.bounded.then(|| latest.saturating_add(lookback)),
        };
        let mut found = w.transactions(&filter)?;
        found.retain(|t| !(scope.ours)(t));
        stored.push(found);
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
    crate::sort::by(&mut new_purchases, |a, b| {
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
}

/// Transactions a statement import hands to the vault at a time: the memory of an import is
/// one chunk (plus a 24-byte key per transaction of the file), whatever the file's length.
pub const STATEMENT_CHUNK: usize = 16_384;

/// Why a chunked import stopped.
#[derive(Debug)]
pub enum ChunkedError {
    /// The file: nothing was stored.
    Ofx(crate::sources::ofx::OfxError),
    /// The file (CSV, QIF, CAMT.053): nothing was stored.
    Statement(crate::sources::statement::StatementError),
    /// The vault: nothing was stored.
    Vault(VaultError),
}

impl From<crate::sources::ofx::OfxError> for ChunkedError {
    fn from(e: crate::sources::ofx::OfxError) -> Self {
        ChunkedError::Ofx(e)
    }
}

impl From<VaultError> for ChunkedError {
    fn from(e: VaultError) -> Self {
        ChunkedError::Vault(e)
    }
}

/// Imports an OFX file in chunks of `size` transactions, read, reconciled, scored by `hook`
/// and stored one chunk at a time, all inside one vault write: an error anywhere (a malformed
/// element at the end of the file included) stores nothing, as a whole import. Returns the
/// summed report (accounts counted once) and the file's import, whose statement checks are
/// made from the stored transactions (`statement_report_stored`).
///
/// Each chunk is reconciled against the stored transactions of its own window, without the
/// ones earlier chunks of the file wrote (those are the batch, not history: rule 2 must not
/// take two identical purchases on either side of a chunk boundary for a re-issued id).
pub fn ingest_ofx_chunked<H: IngestHook>(
    vault: &mut Vault,
    bytes: &[u8],
    size: usize,
    now: Timestamp,
    policy: &ReconcilePolicy,
    hook: &mut H,
) -> std::result::Result<(IngestReport, StatementImport), ChunkedError> {
    let stored_accounts = vault.accounts()?;
    let mut failed: Option<crate::sources::ofx::OfxError> = None;
    let out = vault.write(|w| {
        let mut report = IngestReport::default();
        let read = crate::sources::ofx::import_statement_chunked(bytes, size, |fin, batch| {
            let gave = |t: &Transaction| fin.gave(t);
            let scope = Scope {
                stored_accounts: &stored_accounts,
                ours: &gave,
                bounded: true,
            };
            let r = ingest_in(w, &batch, now, policy, hook, &scope)?;
            add_report(&mut report, r);
            Ok::<(), ChunkedError>(())
        });
        match read {
            Ok(import) => {
                report.accounts = import.batch.accounts.len();
                Ok((report, import))
            }
            Err(ChunkedError::Vault(e)) => Err(e),
            Err(ChunkedError::Ofx(e)) => {
                failed = Some(e);
                Err(VaultError::InvalidInput("statement refused"))
            }
            Err(ChunkedError::Statement(_)) => {
                Err(VaultError::Internal("an OFX chunk refused as another format"))
            }
        }
    });
    match (out, failed) {
        (_, Some(e)) => Err(ChunkedError::Ofx(e)),
        (Ok(r), None) => Ok(r),
        (Err(e), None) => Err(ChunkedError::Vault(e)),
    }
}

/// [`ingest_ofx_chunked`] for the other statement formats (CSV, QIF, CAMT.053: read by
/// `statement::read_statement_chunked`): read, reconciled, scored by `hook` and stored
/// `size` transactions at a time, all inside one vault write, so that an error anywhere in
/// the file stores nothing. Returns the summed report (accounts counted once) and the file's
/// import, without transactions: its statement checks are made from the stored transactions
/// (`statement_report_stored`).
pub fn ingest_statement_chunked<H: IngestHook>(
    vault: &mut Vault,
    bytes: &[u8],
    options: &crate::sources::statement::StatementOptions,
    size: usize,
    now: Timestamp,
    policy: &ReconcilePolicy,
    hook: &mut H,
) -> std::result::Result<(IngestReport, StatementImport), ChunkedError> {
    use crate::sources::statement::{read_statement_chunked, Given, StatementError};
    let stored_accounts = vault.accounts()?;
    let mut refused: Option<StatementError> = None;
    let out = vault.write(|w| {
        let mut report = IngestReport::default();
        let mut failed: Option<VaultError> = None;
        let read = read_statement_chunked(bytes, options, size, &mut |given: &Given, batch| {
            let gave = |t: &Transaction| given.gave(t);
            let scope = Scope {
                stored_accounts: &stored_accounts,
                ours: &gave,
                bounded: true,
            };
            match ingest_in(w, &batch, now, policy, hook, &scope) {
                Ok(r) => {
                    add_report(&mut report, r);
                    Ok(())
                }
                Err(e) => {
                    failed = Some(e);
                    // Stops the read; the vault's error is the one returned.
                    Err(StatementError::new(
                        None,
                        crate::sources::statement::StatementErrorKind::Unrecognised,
                        None,
                        0,
                    ))
                }
            }
        });
        match (read, failed) {
            (_, Some(e)) => Err(e),
            (Ok(import), None) => {
                report.accounts = import.batch.accounts.len();
                Ok((report, import))
            }
            (Err(e), None) => {
                refused = Some(e);
                Err(VaultError::InvalidInput("statement refused"))
            }
        }
    });
    match (out, refused) {
        (_, Some(e)) => Err(ChunkedError::Statement(e)),
        (Ok(r), None) => Ok(r),
        (Err(e), None) => Err(ChunkedError::Vault(e)),
    }
}

fn add_report(into: &mut IngestReport, r: IngestReport) {
    into.received += r.received;
    add_stats(&mut into.reconcile, &r.reconcile);
    into.deleted += r.deleted;
    into.issues.extend(r.issues);
    into.changed += r.changed;
    into.new_purchases += r.new_purchases;
}

/// Applies reconciliation plans: removals, then upserts. The stored transactions each plan
/// was made from were read (authenticated) in this write; the vault checks its id index
/// against them, so a damaged index cannot make a removal miss or an update store an id twice.
fn apply(w: &mut WriteTx<'_>, plans: &[(BorrowedPlan<'_>, &Vec<Transaction>)]) -> Result<()> {
    for (plan, existing) in plans {
        let seen: Vec<&Transaction> = existing.iter().collect();
        w.remove_checked(&plan.removals, &seen)?;
        let removed: HashSet<&str> = plan.removals.iter().map(|id| id.0.as_str()).collect();
        let still: Vec<&Transaction> = existing
            .iter()
            .filter(|t| !removed.contains(t.id.0.as_str()))
            .collect();
        let upserts: Vec<&Transaction> = plan.upserts.iter().map(|t| &**t).collect();
        w.upsert_checked(&upserts, &still)?;
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
    let txns = &import.batch.transactions;
    statement_report_by(import, prior, &|account, lo, hi| {
        net_between(
            txns.iter()
                .filter(|x| &x.account == account)
                .map(|x| (x.amount, x.posted_at.unwrap_or(x.transacted_at))),
            lo,
            hi,
        )
    })
}

/// [`statement_report`] for an import whose transactions went to the vault in chunks: an
/// opening balance from an earlier import is checked against the account's stored
/// transactions (what the file left there) instead of the batch's.
pub fn statement_report_stored(
    import: &StatementImport,
    prior: &[Account],
    vault: &Vault,
) -> Result<StatementReport> {
    let failed = std::cell::RefCell::new(None);
    let report = statement_report_by(import, prior, &|account, lo, hi| {
        let filter = TxnFilter {
            account: Some(account.clone()),
            from: None,
            until: None,
        };
        let mut sum: Option<i64> = Some(0);
        let mut add = |amount: i64, at: Timestamp| {
            let d = day(at);
            if d > lo && d <= hi {
                sum = sum.and_then(|s| s.checked_add(amount));
            }
        };
        match vault.visit_transactions(&filter, |t| {
            add(t.amount, t.posted_at.unwrap_or(t.transacted_at))
        }) {
            Ok(()) => sum,
            Err(e) => {
                *failed.borrow_mut() = Some(e);
                None
            }
        }
    });
    match failed.into_inner() {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// The sum of the amounts booked on days in `(lo, hi]`, `None` beyond 64 bits.
fn net_between(entries: impl Iterator<Item = (i64, Timestamp)>, lo: i64, hi: i64) -> Option<i64> {
    let mut net: i64 = 0;
    for (amount, at) in entries {
        let d = day(at);
        if d > lo && d <= hi {
            net = net.checked_add(amount)?;
        }
    }
    Some(net)
}

/// A net of an account's entries booked on days in `(lo, hi]`.
type NetBetween<'n> = dyn Fn(&AccountId, i64, i64) -> Option<i64> + 'n;

fn statement_report_by(
    import: &StatementImport,
    prior: &[Account],
    net: &NetBetween<'_>,
) -> StatementReport {
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
                result: reconcile_statement_by(t, earlier, net),
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
    reconcile_statement_by(t, earlier, &|account, lo, hi| {
        net_between(
            transactions
                .iter()
                .filter(|x| &x.account == account)
                .map(|x| (x.amount, x.posted_at.unwrap_or(x.transacted_at))),
            lo,
            hi,
        )
    })
}

fn reconcile_statement_by(
    t: &StatementTotals,
    earlier: Option<Balance>,
    net_of: &NetBetween<'_>,
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
            match net_of(&t.account, day(e.as_of), day(closing.as_of)) {
                Some(net) => (e, OpeningFrom::EarlierImport, net),
                None => return Reconciliation::NotComparable,
            }
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

/// An account as the batch sends it, with what identifies it kept from the stored copy when
/// the batch does not carry it: the full and routing numbers (an OFX statement gives them, a
/// SimpleFIN sync of the same account does not; the egress guard blocks the known numbers, so
/// losing them would weaken it), the last four digits and the person's nickname.
fn keep_identity<'a>(incoming: &'a Account, stored: Option<&Account>) -> Cow<'a, Account> {
    let Some(stored) = stored else {
        return Cow::Borrowed(incoming);
    };
    let missing = (incoming.full_number.is_none() && stored.full_number.is_some())
        || (incoming.routing_number.is_none() && stored.routing_number.is_some())
        || (incoming.last4.is_none() && stored.last4.is_some())
        || (incoming.nickname.is_none() && stored.nickname.is_some());
    if !missing {
        return Cow::Borrowed(incoming);
    }
    let mut a = incoming.clone();
    a.full_number = a.full_number.take().or_else(|| stored.full_number.clone());
    a.routing_number = a
        .routing_number
        .take()
        .or_else(|| stored.routing_number.clone());
    a.last4 = a.last4.take().or_else(|| stored.last4.clone());
    a.nickname = a.nickname.take().or_else(|| stored.nickname.clone());
    Cow::Owned(a)
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

    /// A later batch that does not carry an account's numbers (a SimpleFIN sync after an OFX
    /// import) keeps the stored ones: the egress guard still knows them.
    #[test]
    fn a_batch_without_the_numbers_keeps_the_stored_ones() {
        let (_d, mut v) = vault();
        let data = SandboxBank::generate(7, Date::new(2025, 1, 1).unwrap(), 1);
        let mut batch = data.batch();
        batch.transactions.clear();
        let first = batch.accounts[0].clone();
        assert!(first.full_number.is_some() && first.last4.is_some());
        ingest(&mut v, &batch, data.end, &ReconcilePolicy::default()).unwrap();
        for a in &mut batch.accounts {
            a.full_number = None;
            a.routing_number = None;
            a.last4 = None;
            a.display_name = "Renamed".into();
        }
        ingest(&mut v, &batch, data.end, &ReconcilePolicy::default()).unwrap();
        let stored = v.accounts().unwrap();
        let again = stored.iter().find(|a| a.id == first.id).unwrap();
        assert_eq!(again.full_number, first.full_number);
        assert_eq!(again.routing_number, first.routing_number);
        assert_eq!(again.last4, first.last4);
        // What the batch does carry is taken.
        assert_eq!(again.display_name, "Renamed");
    }

    /// An OFX checking statement: `n` purchases over a few days, every `twin`-th one the twin
    /// of the one before it (same day, amount and name; another FITID), as a bank lists two
    /// identical coffees.
    fn statement(n: usize, twin: usize) -> Vec<u8> {
        let mut s = String::from(
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS>\
             <STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20250301</SONRS></SIGNONMSGSRSV1>\
             <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS>\
             <CURDEF>USD<BANKACCTFROM><BANKID>111<ACCTID>2222<ACCTTYPE>CHECKING</BANKACCTFROM>\
             <BANKTRANLIST><DTSTART>20250101<DTEND>20250301\n",
        );
        let mut total = 0;
        for i in 0..n {
            let k = if twin > 0 && i % twin == 1 { i - 1 } else { i };
            let cents = 100 + (k * 37) % 900;
            total += cents;
            let day = 1 + (i * 28 / n.max(1));
            s += &format!(
                "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>202502{day:02}120000<TRNAMT>-{}.{:02}\
                 <FITID>X{i}<NAME>COFFEE {k}</STMTTRN>\n",
                cents / 100,
                cents % 100
            );
        }
        s += &format!(
            "</BANKTRANLIST><LEDGERBAL><BALAMT>-{}.{:02}<DTASOF>20250301</LEDGERBAL></STMTRS>\
             </STMTTRNRS></BANKMSGSRSV1></OFX>\n",
            total / 100,
            total % 100
        );
        s.into_bytes()
    }

    fn sorted(v: &Vault) -> Vec<Transaction> {
        let mut t = v.transactions(&TxnFilter::default()).unwrap();
        t.sort_by(|a, b| a.id.cmp(&b.id));
        t
    }

    /// A statement stored in chunks leaves the vault as the whole statement does (twins on
    /// either side of a chunk boundary both kept), with the same counts; importing it again
    /// changes nothing either way.
    #[test]
    fn a_statement_stored_in_chunks_equals_the_whole_statement() {
        let now = 1_742_000_000;
        let policy = ReconcilePolicy::default();
        for (n, twin, size) in [(300, 8, 8), (300, 8, 7), (1000, 0, 64), (40, 2, 1)] {
            let bytes = statement(n, twin);
            let (_d1, mut whole) = vault();
            let file = crate::sources::ofx::import_statement(&bytes).unwrap();
            let r1 = ingest(&mut whole, &file.batch, now, &policy).unwrap();
            let (_d2, mut parts) = vault();
            let (r2, import) =
                ingest_ofx_chunked(&mut parts, &bytes, size, now, &policy, &mut NoHook).unwrap();
            assert_eq!(sorted(&parts), sorted(&whole), "n={n} size={size}");
            assert_eq!(parts.accounts().unwrap(), whole.accounts().unwrap());
            assert_eq!(r2, r1, "n={n} size={size}");
            assert_eq!(r2.reconcile.inserted, n);
            assert_eq!(import.notes, file.notes);
            let prior = Vec::new();
            let a = statement_report(&file, &prior);
            let b = statement_report_stored(&import, &prior, &parts).unwrap();
            assert_eq!(format!("{:?}", a.checks), format!("{:?}", b.checks));
            let again = ingest_ofx_chunked(&mut parts, &bytes, size, now, &policy, &mut NoHook)
                .unwrap()
                .0;
            assert_eq!((again.reconcile.inserted, again.changed), (0, 0));
            assert_eq!(sorted(&parts), sorted(&whole));
        }
    }

    /// A CSV statement of `n` rows, oldest first, with a running balance; every 50th row
    /// repeats the one before it in every field (two transactions).
    fn csv_statement(n: usize) -> Vec<u8> {
        let mut s = String::from("Date,Description,Amount,Balance\n");
        let mut balance: i64 = 100_000_000;
        let mut prev = String::new();
        for i in 0..n {
            let row = if i % 50 == 49 {
                prev.clone()
            } else {
                let day = 1 + (i / 40) % 28;
                let month = 1 + (i / (40 * 28)) % 12;
                let cents = -((i as i64 * 7919) % 20_000 + 1);
                format!("2024-{month:02}-{day:02},SHOP {},{cents}", i % 13)
            };
            let amount: i64 = row.rsplit(',').next().unwrap().parse().unwrap();
            balance += amount;
            s += &format!("{row},{}.{:02}\n", balance / 100, balance % 100);
            prev = row.clone();
        }
        s.into_bytes()
    }

    /// A QIF statement of `n` records; every 40th repeats the one before it.
    fn qif_statement(n: usize) -> Vec<u8> {
        let mut s = String::from("!Type:Bank\n");
        for i in 0..n {
            let k = if i % 40 == 39 { i - 1 } else { i };
            let day = 1 + (k / 30) % 28;
            let month = 1 + (k / (30 * 28)) % 12;
            s += &format!(
                "D{month:02}/{day:02}/2024\nT-{}.{:02}\nPSHOP {}\n^\n",
                k % 97,
                k % 100,
                k % 11
            );
        }
        s.into_bytes()
    }

    /// A camt.053 file with two statements of `n` entries each (the second account's),
    /// every 10th entry pending.
    fn camt_statement(n: usize) -> Vec<u8> {
        let mut s = String::from(
            "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>",
        );
        for (a, iban) in ["DE89370400440532013000", "DE02120300000000202051"]
            .iter()
            .enumerate()
        {
            s += &format!(
                "<Stmt><Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy>\
                 <Svcr><FinInstnId><Nm>Example Bank AG</Nm></FinInstnId></Svcr></Acct>\
                 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt>\
                 <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2023-12-31</Dt></Dt></Bal>"
            );
            for i in 0..n {
                let status = if i % 10 == 9 { "PDNG" } else { "BOOK" };
                let day = 1 + (i / 20) % 28;
                s += &format!(
                    "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>{status}</Sts>\
                     <BookgDt><Dt>2024-01-{day:02}</Dt></BookgDt><AcctSvcrRef>R{a}-{}</AcctSvcrRef>\
                     <AddtlNtryInf>Shop {}</AddtlNtryInf></Ntry>",
                    i % 50,
                    i % 100,
                    i / 3,
                    i % 7
                );
            }
            s += "</Stmt>";
        }
        s += "</BkToCstmrStmt></Document>";
        s.into_bytes()
    }

    fn chosen() -> crate::sources::statement::StatementOptions {
        crate::sources::statement::StatementOptions {
            account: Some("Everyday".into()),
            ..Default::default()
        }
    }

    /// CSV, QIF and CAMT statements are read and stored in chunks: each chunk holds at most
    /// `size` transactions, and the vault ends as with the whole statement (rows identical
    /// in every field on either side of a boundary both kept, repeated CAMT references
    /// numbered, pending entries skipped and counted), with the same counts, notes and
    /// checks; importing again changes nothing.
    #[test]
    fn csv_qif_and_camt_stored_in_chunks_equal_the_whole_statement() {
        use crate::sources::statement::{read_statement, read_statement_chunked};
        let now = 1_742_000_000;
        let policy = ReconcilePolicy::default();
        let files = [
            ("csv", csv_statement(600)),
            ("qif", qif_statement(500)),
            ("camt", camt_statement(300)),
        ];
        for (name, bytes) in &files {
            let file = read_statement(bytes, &chosen()).unwrap();
            let n = file.batch.transactions.len();
            assert!(n >= 400, "{name}: {n}");
            for size in [1, 7, 64, 10_000] {
                // The reader hands over chunks of at most `size`, never the whole file.
                let mut sizes = Vec::new();
                let mut handed = Vec::new();
                let import = read_statement_chunked(bytes, &chosen(), size, &mut |_, b| {
                    sizes.push(b.transactions.len());
                    handed.extend(b.transactions);
                    Ok(())
                })
                .unwrap();
                assert!(sizes.iter().all(|&k| k <= size), "{name} size={size}");
                assert_eq!(sizes.len(), n / size + 1, "{name} size={size}: chunks");
                assert_eq!(handed, file.batch.transactions, "{name} size={size}");
                assert!(import.batch.transactions.is_empty());
                assert_eq!(import.batch.accounts, file.batch.accounts);
                assert_eq!(import.totals, file.totals);
                assert_eq!(import.notes, file.notes);
                // Stored in chunks inside one write: the vault of the whole batch.
                let (_d1, mut whole) = vault();
                let r1 = ingest(&mut whole, &file.batch, now, &policy).unwrap();
                let (_d2, mut parts) = vault();
                let (r2, import) = ingest_statement_chunked(
                    &mut parts, bytes, &chosen(), size, now, &policy, &mut NoHook,
                )
                .unwrap();
                assert_eq!(sorted(&parts), sorted(&whole), "{name} size={size}");
                assert_eq!(parts.accounts().unwrap(), whole.accounts().unwrap());
                assert_eq!(r2, r1, "{name} size={size}");
                assert_eq!(r2.reconcile.inserted, n);
                let prior = Vec::new();
                let a = statement_report(&file, &prior);
                let b = statement_report_stored(&import, &prior, &parts).unwrap();
                assert_eq!(format!("{:?}", a.checks), format!("{:?}", b.checks));
                assert_eq!(a.notes, b.notes);
                let again = ingest_statement_chunked(
                    &mut parts, bytes, &chosen(), size, now, &policy, &mut NoHook,
                )
                .unwrap()
                .0;
                assert_eq!((again.reconcile.inserted, again.changed), (0, 0));
                assert_eq!(sorted(&parts), sorted(&whole));
            }
        }
    }

    /// An unreadable row, entry or record after chunks were stored stores nothing, and the
    /// error is the one the whole read gives.
    #[test]
    fn csv_qif_and_camt_imports_that_fail_late_store_nothing() {
        use crate::sources::statement::read_statement;
        let csv = String::from_utf8(csv_statement(300)).unwrap() + "2024-12-30,LAST,abc,1.00\n";
        let qif = String::from_utf8(qif_statement(300)).unwrap() + "D12/30/2024\nTabc\n^\n";
        let mut camt = String::from_utf8(camt_statement(200)).unwrap();
        let last = camt.rfind("DBIT</CdtDbtInd><Sts>BOOK").unwrap();
        camt.replace_range(last..last + 4, "XXXX");
        for bad in [csv, qif, camt] {
            let whole = read_statement(bad.as_bytes(), &chosen()).unwrap_err();
            let (_d, mut v) = vault();
            let r = ingest_statement_chunked(
                &mut v,
                bad.as_bytes(),
                &chosen(),
                8,
                1_742_000_000,
                &ReconcilePolicy::default(),
                &mut NoHook,
            );
            assert!(
                matches!(&r, Err(ChunkedError::Statement(e)) if *e == whole),
                "{r:?} {whole:?}"
            );
            assert!(v.accounts().unwrap().is_empty());
            assert!(v.transactions(&TxnFilter::default()).unwrap().is_empty());
        }
    }

    /// A malformed element after chunks were stored stores nothing.
    #[test]
    fn a_chunked_import_that_fails_late_stores_nothing() {
        let bad = String::from_utf8(statement(100, 0))
            .unwrap()
            .replace("<FITID>X99<", "<FITID><");
        let (_d, mut v) = vault();
        let r = ingest_ofx_chunked(
            &mut v,
            bad.as_bytes(),
            8,
            1_742_000_000,
            &ReconcilePolicy::default(),
            &mut NoHook,
        );
        assert!(matches!(r, Err(ChunkedError::Ofx(_))));
        assert!(v.accounts().unwrap().is_empty());
        assert!(v.transactions(&TxnFilter::default()).unwrap().is_empty());
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
