//! Reconciliation: deciding what an incoming batch changes in the stored transactions, as a
//! pure function, so that re-importing or re-syncing never loses or doubles a posted
//! transaction (the place where finance apps lose data).
//!
//! Rules, in order:
//! 1. **Same id**: an incoming transaction whose id is stored replaces it when its content
//!    differs and is counted unchanged otherwise, so re-importing the same file or re-syncing
//!    the same window changes nothing. A stored posted transaction is never turned back into a
//!    pending one. A link to a pending charge found earlier is kept when the source sends none.
//! 2. **Rotated ids**: sources re-issue ids for old transactions (pending charges too: the
//!    same rule applies to them, keyed on the day authorised) (the SimpleFIN Bridge has done
//!    so for whole date ranges). A *posted* transaction with an unknown id is dropped as a
//!    duplicate when a stored posted transaction has the same content fingerprint (account,
//!    currency, amount, posted UTC day, normalised description) and was not itself re-sent in
//!    the batch. Counting is per fingerprint (a multiset): only as many are dropped as stored
//!    ones are unaccounted for, so two identical coffees on the same day in one batch are both
//!    kept. This assumes a batch covers whole posted days, which date-window syncs and
//!    statement files do.
//! 3. **Pending to posted**: a new posted transaction settles a pending one when it names it in
//!    `pending_link`; otherwise by a scored match: same account, currency and sign; amount
//!    within the tolerance of [`ReconcilePolicy`] (tips raise restaurant charges, fuel and
//!    lodging holds bear no relation to the final amount); authorised no earlier than a day
//!    before the pending charge and posted within the match window; and a merchant similarity
//!    of at least the policy's minimum. Amount alone never matches. Each pending settles at
//!    most one posted transaction; the best score wins (similarity, then amount closeness,
//!    then time closeness, then ids, so the result does not depend on input order). Two posted
//!    transactions are never merged by this rule. The posted transaction records the link, so
//!    a stale copy of the pending charge arriving later is recognised and ignored, and a
//!    pending charge arriving after its posted form (out-of-order batches) is attached to it.
//! 4. **Expiry**: a pending charge that is not re-sent and has not posted
//!    [`ReconcilePolicy::pending_expiry_days`] after authorisation is removed (released holds).
//!
//! Known limitation: when two look-alike merchants (similar names, amounts within the tip
//! tolerance) have pending charges, and one's posted form arrives before the other's pending
//! charge, it can settle the wrong pending; if that pending is never re-sent, the other one
//! stays pending until it expires. No posted transaction is lost or doubled by this.
//!
//! The plan is the difference between the stored set and the reconciled set: upserts (insert
//! or replace by id) and removals. Apply removals, then upserts.

mod text;

use crate::model::{AccountId, Transaction, TxnId, TxnStatus};
use crate::money::Currency;
use crate::time::{Timestamp, DAY};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Tunables of reconciliation. The defaults are documented per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconcilePolicy {
    /// Days after authorisation after which an unposted pending charge is dropped (14).
    pub pending_expiry_days: i64,
    /// Days after the pending charge's authorisation within which its posting must fall (10).
    pub match_window_days: i64,
    /// Largest increase of the posted amount over the pending one in basis points (2500 =
    /// +25 %, room for a generous tip).
    pub max_increase_bps: i64,
    /// Largest decrease in basis points (1000 = -10 %: partial reversals, price adjustments).
    pub max_decrease_bps: i64,
    /// Absolute slack in minor units added to both bounds (500 = $5: rounding, small tips on
    /// small charges, currency conversion).
    pub abs_slack_minor: i64,
    /// Inclusive MCC ranges whose pending amount is a hold unrelated to the final amount, so
    /// any amount of the same sign may settle it. Default: fuel (5541, 5542), car rental
    /// (3351-3441, 7512), lodging (3501-3999, 7011).
    pub hold_mcc_ranges: Vec<(u16, u16)>,
    /// Minimum merchant similarity in per mille for a scored match (500).
    pub min_similarity_permille: u32,
}

impl Default for ReconcilePolicy {
    fn default() -> Self {
        ReconcilePolicy {
            pending_expiry_days: 14,
            match_window_days: 10,
            max_increase_bps: 2500,
            max_decrease_bps: 1000,
            abs_slack_minor: 500,
            hold_mcc_ranges: vec![
                (5541, 5542),
                (3351, 3441),
                (7512, 7512),
                (3501, 3999),
                (7011, 7011),
            ],
            min_similarity_permille: 500,
        }
    }
}

impl ReconcilePolicy {
    fn is_hold_mcc(&self, mcc: Option<u16>) -> bool {
        mcc.is_some_and(|m| {
            self.hold_mcc_ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&m))
        })
    }

    /// Whether a posted amount may settle a pending one.
    fn amount_fits(&self, pending: &Transaction, posted: &Transaction) -> bool {
        let (p, q) = (i128::from(pending.amount), i128::from(posted.amount));
        if p.signum() != q.signum() && p != 0 {
            return false;
        }
        if self.is_hold_mcc(pending.mcc) || self.is_hold_mcc(posted.mcc) {
            return q != 0 || p == 0;
        }
        let (p, q) = (p.abs(), q.abs());
        let slack = i128::from(self.abs_slack_minor.max(0));
        let hi = p + p * i128::from(self.max_increase_bps.max(0)) / 10_000 + slack;
        let lo = p - p * i128::from(self.max_decrease_bps.max(0)) / 10_000 - slack;
        q >= lo && q <= hi
    }
}

/// What reconciliation did, for logs and tests (counts only, no data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReconcileStats {
    /// New transactions stored (posted or pending).
    pub inserted: usize,
    /// Stored transactions replaced (content changed, or a pending link recorded).
    pub updated: usize,
    /// Incoming transactions that changed nothing (same content, or a stale pending copy).
    pub unchanged: usize,
    /// Pending charges settled by a posted transaction (link or scored match).
    pub pending_matched: usize,
    /// Pending charges dropped after the expiry period.
    pub expired: usize,
    /// Posted transactions with a re-issued id dropped as duplicates by fingerprint.
    pub rotated_ids_deduped: usize,
}

/// The changes to make to the stored transactions.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ReconcilePlan {
    /// Transactions to insert or replace by id, in id order.
    pub upserts: Vec<Transaction>,
    /// Ids to delete (settled or expired pending charges), in id order.
    pub removals: Vec<TxnId>,
    /// What happened.
    pub stats: ReconcileStats,
}

impl fmt::Debug for ReconcilePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReconcilePlan")
            .field("upserts", &self.upserts.len())
            .field("removals", &self.removals.len())
            .field("stats", &self.stats)
            .finish()
    }
}

impl ReconcilePlan {
    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removals.is_empty()
    }

    /// Applies the plan to a set of transactions (removals first, then upserts by id) and
    /// returns the new set in id order. The vault does the same inside one SQL transaction.
    pub fn apply(&self, existing: &[Transaction]) -> Vec<Transaction> {
        let mut map: BTreeMap<TxnId, Transaction> =
            existing.iter().map(|t| (t.id.clone(), t.clone())).collect();
        for id in &self.removals {
            map.remove(id);
        }
        for t in &self.upserts {
            map.insert(t.id.clone(), t.clone());
        }
        map.into_values().collect()
    }
}

/// The content key of a posted transaction, used to recognise re-issued ids.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Fingerprint {
    account: AccountId,
    currency: Currency,
    amount: i64,
    posted_day: i64,
    description: String,
}

fn fingerprint(t: &Transaction) -> Fingerprint {
    Fingerprint {
        account: t.account.clone(),
        currency: t.currency,
        amount: t.amount,
        posted_day: posted_day(t),
        description: text::normalised(&t.description),
    }
}

/// The UTC day a transaction posted (or was authorised, when it has no posting time).
fn posted_day(t: &Transaction) -> i64 {
    t.posted_at.unwrap_or(t.transacted_at).div_euclid(DAY)
}

/// Computes what `incoming` changes in `existing` at time `now`. Pure and deterministic: the
/// order of either slice does not matter (a repeated id keeps its last occurrence).
///
/// `existing` need not be the whole store: the stored transactions of the batch's accounts
/// from a little before the batch's earliest date (the match window) are enough.
pub fn reconcile(
    existing: &[Transaction],
    incoming: &[Transaction],
    now: Timestamp,
    policy: &ReconcilePolicy,
) -> ReconcilePlan {
    let mut stats = ReconcileStats::default();
    let before: BTreeMap<TxnId, &Transaction> =
        existing.iter().map(|t| (t.id.clone(), t)).collect();
    let mut state: BTreeMap<TxnId, Transaction> = before
        .iter()
        .map(|(id, t)| (id.clone(), (*t).clone()))
        .collect();
    let batch: BTreeMap<TxnId, &Transaction> = incoming.iter().map(|t| (t.id.clone(), t)).collect();

    // Rule 1: known ids.
    let mut new_pending: Vec<&Transaction> = Vec::new();
    let mut new_posted: Vec<&Transaction> = Vec::new();
    for (id, t) in &batch {
        let Some(old) = state.get(id) else {
            match t.status {
                TxnStatus::Pending => new_pending.push(t),
                TxnStatus::Posted => new_posted.push(t),
            }
            continue;
        };
        if old.status == TxnStatus::Posted && t.status == TxnStatus::Pending {
            stats.unchanged += 1;
            continue;
        }
        let mut merged = (*t).clone();
        if merged.pending_link.is_none() {
            merged.pending_link = old.pending_link.clone();
        }
        if &merged == old {
            stats.unchanged += 1;
        } else {
            state.insert(id.clone(), merged);
        }
    }

    // Rule 2: re-issued ids of posted transactions.
    let pending_ids: BTreeSet<TxnId> = new_pending.iter().map(|t| t.id.clone()).collect();
    let links_live_pending = |t: &Transaction, state: &BTreeMap<TxnId, Transaction>| {
        t.pending_link.as_ref().is_some_and(|l| {
            pending_ids.contains(l) || state.get(l).is_some_and(|p| p.status == TxnStatus::Pending)
        })
    };
    // Only stored transactions that could share a fingerprint with a new one are normalised.
    let keys: BTreeSet<(&AccountId, i64, i64)> = new_posted
        .iter()
        .map(|t| (&t.account, t.amount, posted_day(t)))
        .collect();
    let mut capacity: HashMap<Fingerprint, usize> = HashMap::new();
    for t in state.values() {
        if t.status == TxnStatus::Posted
            && !batch.contains_key(&t.id)
            && keys.contains(&(&t.account, t.amount, posted_day(t)))
        {
            *capacity.entry(fingerprint(t)).or_default() += 1;
        }
    }
    let coarse: BTreeSet<(AccountId, i64, i64)> = capacity
        .keys()
        .map(|f| (f.account.clone(), f.amount, f.posted_day))
        .collect();
    new_posted.retain(|t| {
        if !coarse.contains(&(t.account.clone(), t.amount, posted_day(t)))
            || links_live_pending(t, &state)
        {
            return true;
        }
        match capacity.get_mut(&fingerprint(t)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                stats.rotated_ids_deduped += 1;
                false
            }
            _ => true,
        }
    });

    // Rule 3a: explicit links.
    let mut unlinked_posted: Vec<&Transaction> = Vec::new();
    for t in new_posted {
        if let Some(link) = &t.pending_link {
            if state
                .get(link)
                .is_some_and(|p| p.status == TxnStatus::Pending)
            {
                state.remove(link);
                stats.pending_matched += 1;
            } else if let Some(pos) = new_pending.iter().position(|p| &p.id == link) {
                new_pending.remove(pos);
                stats.pending_matched += 1;
            }
            state.insert(t.id.clone(), t.clone());
        } else {
            unlinked_posted.push(t);
        }
    }

    // Rule 3b: one scored matching of every open pending charge (stored, new, and re-sent
    // copies of already settled ones) with every open posted transaction (new and stored,
    // plus the posted forms of those re-sent copies), so that a pending charge arriving
    // after its posted form is attached to it, a re-sent copy is never settled twice, and a
    // link made in an earlier batch gives way to better evidence (an earlier batch may have
    // settled a look-alike merchant's pending charge with this posted form before its own
    // pending charge arrived). Links are only revisited when the batch brings something new.
    let link_of: BTreeMap<TxnId, TxnId> = state
        .values()
        .filter_map(|t| t.pending_link.clone().map(|l| (l, t.id.clone())))
        .collect();
    let (stale, fresh): (Vec<&Transaction>, Vec<&Transaction>) = new_pending
        .iter()
        .copied()
        .partition(|p| link_of.contains_key(&p.id));
    if fresh.is_empty() && unlinked_posted.is_empty() {
        stats.unchanged += stale.len();
    } else {
        for q in &unlinked_posted {
            state.insert(q.id.clone(), (*q).clone());
        }
        let contested: BTreeSet<TxnId> = stale
            .iter()
            .filter_map(|p| link_of.get(&p.id).cloned())
            .collect();
        let pool_posted: Vec<Transaction> = state
            .values()
            .filter(|t| {
                t.status == TxnStatus::Posted
                    && (t.pending_link.is_none() || contested.contains(&t.id))
            })
            .cloned()
            .collect();
        let stored_pending: Vec<Transaction> = state
            .values()
            .filter(|t| t.status == TxnStatus::Pending)
            .cloned()
            .collect();
        let pool_pending: Vec<&Transaction> = stored_pending
            .iter()
            .chain(fresh.iter().copied())
            .chain(stale.iter().copied())
            .collect();
        let pool_posted_refs: Vec<&Transaction> = pool_posted.iter().collect();
        let pairs = best_pairs(&pool_pending, &pool_posted_refs, policy);
        for q in &pool_posted {
            let link = pairs.get(&q.id).cloned();
            if link == q.pending_link {
                continue;
            }
            if let Some(t) = state.get_mut(&q.id) {
                if t.pending_link.is_none() {
                    stats.pending_matched += 1;
                }
                t.pending_link = link;
            }
        }
        let matched: BTreeSet<&TxnId> = pairs.values().collect();
        for p in &stored_pending {
            if matched.contains(&p.id) {
                state.remove(&p.id);
            }
        }
        for p in stale {
            if matched.contains(&p.id) {
                stats.unchanged += 1;
            } else {
                // A re-sent copy that lost its posted form to better evidence is open again.
                state.insert(p.id.clone(), p.clone());
            }
        }
        // Rule 2b: re-issued ids of pending charges. A new pending charge left unmatched that
        // has the fingerprint of a stored pending charge which is still open and was not
        // re-sent is that charge under a new id (multiset counting, as for posted ones), so it
        // is not stored twice.
        let mut pending_capacity: HashMap<Fingerprint, usize> = HashMap::new();
        for p in &stored_pending {
            if !matched.contains(&p.id) && !batch.contains_key(&p.id) {
                *pending_capacity.entry(fingerprint(p)).or_default() += 1;
            }
        }
        for p in fresh {
            if matched.contains(&p.id) {
                continue;
            }
            match pending_capacity.get_mut(&fingerprint(p)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    stats.rotated_ids_deduped += 1;
                }
                _ => {
                    state.insert(p.id.clone(), p.clone());
                }
            }
        }
    }

    // Rule 4: expiry, and pending charges a posted one names.
    let linked: BTreeSet<TxnId> = state
        .values()
        .filter_map(|t| t.pending_link.clone())
        .collect();
    let horizon = now.saturating_sub(policy.pending_expiry_days.saturating_mul(DAY));
    state.retain(|id, t| {
        if t.status != TxnStatus::Pending {
            return true;
        }
        if linked.contains(id) {
            stats.pending_matched += 1;
            return false;
        }
        if t.transacted_at < horizon && !batch.contains_key(id) {
            stats.expired += 1;
            return false;
        }
        true
    });

    let mut plan = ReconcilePlan::default();
    for (id, t) in &state {
        match before.get(id) {
            Some(old) if *old == t => {}
            Some(_) => {
                stats.updated += 1;
                plan.upserts.push(t.clone());
            }
            None => {
                stats.inserted += 1;
                plan.upserts.push(t.clone());
            }
        }
    }
    plan.removals = before
        .keys()
        .filter(|id| !state.contains_key(*id))
        .cloned()
        .collect();
    plan.stats = stats;
    plan
}

/// One-to-one assignment of pending charges to posted transactions; returns posted id ->
/// pending id. Greedy by score first (best score, ties by pending id then posted id), then
/// each pending charge left over looks for an augmenting path (a posted transaction taken by
/// another pending charge that can move to its next-best free candidate), so that no pending
/// charge stays unsettled while a valid assignment of all of them exists (a maximum
/// matching). Deterministic: candidates are tried in score then id order.
fn best_pairs(
    pending: &[&Transaction],
    posted: &[&Transaction],
    policy: &ReconcilePolicy,
) -> BTreeMap<TxnId, TxnId> {
    let mut pending: Vec<&Transaction> = pending.to_vec();
    pending.sort_by(|a, b| a.id.cmp(&b.id));
    pending.dedup_by(|a, b| a.id == b.id);
    let mut posted: Vec<&Transaction> = posted.to_vec();
    posted.sort_by(|a, b| a.id.cmp(&b.id));
    posted.dedup_by(|a, b| a.id == b.id);
    // Candidates per pending charge, best first (ties by posted index = id order).
    let mut adj: Vec<Vec<(Score, usize)>> = Vec::with_capacity(pending.len());
    let mut scored: Vec<(Score, usize, usize)> = Vec::new();
    for (pi, p) in pending.iter().enumerate() {
        let mut list: Vec<(Score, usize)> = Vec::new();
        for (qi, q) in posted.iter().enumerate() {
            if let Some(s) = score(p, q, policy) {
                list.push((s, qi));
                scored.push((s, pi, qi));
            }
        }
        list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        adj.push(list);
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut of_posted: Vec<Option<usize>> = vec![None; posted.len()];
    let mut of_pending: Vec<bool> = vec![false; pending.len()];
    for (_, pi, qi) in scored {
        let free_q = of_posted.get(qi).is_some_and(Option::is_none);
        let free_p = of_pending.get(pi).is_some_and(|m| !m);
        if free_q && free_p {
            if let Some(slot) = of_posted.get_mut(qi) {
                *slot = Some(pi);
            }
            if let Some(m) = of_pending.get_mut(pi) {
                *m = true;
            }
        }
    }
    for (root, matched) in of_pending.iter().enumerate() {
        if !matched {
            augment(root, &adj, &mut of_posted);
        }
    }
    of_posted
        .iter()
        .enumerate()
        .filter_map(|(qi, m)| {
            let q = posted.get(qi)?;
            let p = pending.get((*m)?)?;
            Some((q.id.clone(), p.id.clone()))
        })
        .collect()
}

/// Looks for an augmenting path from the unmatched pending charge `root` (iterative depth
/// first search, so hostile input cannot overflow the stack) and applies it.
fn augment(root: usize, adj: &[Vec<(Score, usize)>], of_posted: &mut [Option<usize>]) -> bool {
    let mut visited = vec![false; of_posted.len()];
    // (pending index, next candidate to try); path[i] is the posted index that led from
    // stack[i] to stack[i + 1] (or ends the path).
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    let mut path: Vec<usize> = Vec::new();
    while let Some(top) = stack.last_mut() {
        let (p, next) = *top;
        let Some(&(_, q)) = adj.get(p).and_then(|l| l.get(next)) else {
            stack.pop();
            path.pop();
            continue;
        };
        top.1 += 1;
        if visited.get(q).copied().unwrap_or(true) {
            continue;
        }
        if let Some(v) = visited.get_mut(q) {
            *v = true;
        }
        path.push(q);
        match of_posted.get(q).copied().flatten() {
            None => {
                for (&(pp, _), &qq) in stack.iter().zip(path.iter()) {
                    if let Some(slot) = of_posted.get_mut(qq) {
                        *slot = Some(pp);
                    }
                }
                return true;
            }
            Some(other) => stack.push((other, 0)),
        }
    }
    false
}

/// Match quality, compared lexicographically: similarity, then closeness of amount and time
/// (negated distances so that larger is better).
type Score = (u32, i64, i64);

/// The score of settling pending `p` by posted `q`, or `None` when a gate fails.
fn score(p: &Transaction, q: &Transaction, policy: &ReconcilePolicy) -> Option<Score> {
    if p.status != TxnStatus::Pending || q.status != TxnStatus::Posted {
        return None;
    }
    if p.account != q.account || p.currency != q.currency || !policy.amount_fits(p, q) {
        return None;
    }
    let window = policy.match_window_days.saturating_mul(DAY);
    let posted = q.posted_at.unwrap_or(q.transacted_at);
    let earliest = p.transacted_at.saturating_sub(DAY);
    let latest = p.transacted_at.saturating_add(window);
    if q.transacted_at < earliest || posted < earliest || posted > latest {
        return None;
    }
    let sim = text::similarity(
        &p.description,
        p.merchant.as_deref(),
        &q.description,
        q.merchant.as_deref(),
    );
    if sim < policy.min_similarity_permille {
        return None;
    }
    let amount_gap = (i128::from(q.amount) - i128::from(p.amount)).unsigned_abs();
    let time_gap = (i128::from(q.transacted_at) - i128::from(p.transacted_at)).unsigned_abs();
    Some((
        sim,
        -(i64::try_from(amount_gap).unwrap_or(i64::MAX)),
        -(i64::try_from(time_gap).unwrap_or(i64::MAX)),
    ))
}

#[cfg(test)]
mod tests;
