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
//! 4. **Expiry**: a pending charge that is not re-sent (under its id, or under a new one per
//!    rule 2b) and has not posted
//!    [`ReconcilePolicy::pending_expiry_days`] after authorisation is removed (released holds).
//!
//! Known limitation: when two look-alike merchants (similar names, amounts within the tip
//! tolerance) have pending charges, and one's posted form arrives before the other's pending
//! charge, it can settle the wrong pending; if that pending is never re-sent, the other one
//! stays pending until it expires. No posted transaction is lost or doubled by this.
//!
//! The plan is the difference between the stored set and the reconciled set: upserts (insert
//! or replace by id) and removals. Apply removals, then upserts.
//!
//! Each rule is one method of the private `Run` (the working set of one reconciliation), in
//! the order above: `known_ids` (1), `drop_rotated_posted` (2), `settle_explicit_links` (3a),
//! `settle_by_score` with `relink` (3b) and `absorb_rotated_pending` (2b), `expire` (4); the
//! plan is `into_plan`. Each rule in one line, with the test (in `reconcile/tests.rs`) that
//! pins it:
//!
//! | rule | one line | pinned by |
//! |---|---|---|
//! | 1 | a known id replaces the stored one only when its content differs | `reimport_changes_nothing`, `same_id_updates_content` |
//! | 1 | a stored posted transaction never turns back into a pending one | `posted_never_reverts_to_pending` |
//! | 2 | a posted transaction under a new id with a stored posted twin's fingerprint is dropped, counted per fingerprint | `rotated_ids_do_not_duplicate`, `two_identical_coffees_in_one_batch_are_kept` |
//! | 2b | a pending charge under a new id with a stored open pending twin's fingerprint is that charge, which then does not expire | `pending_under_a_new_id_is_not_stored_twice` |
//! | 3a | a posted transaction naming a pending one in `pending_link` settles it | `explicit_link_wins` |
//! | 3b | otherwise a scored match settles a pending charge: same account, currency and sign, amount within tolerance (any amount for holds), time window, merchant similarity | `tip_settles_pending_under_new_id`, `excessive_increase_does_not_match_but_fuel_hold_does` |
//! | 3b | amount alone never matches | `never_matches_on_amount_alone` |
//! | 3b | each pending settles at most one posted, the best score wins, independent of input order | `each_pending_matches_one_posted_deterministically`, `matching_settles_every_pending_when_possible`, `late_pending_reclaims_its_posted_form_from_a_look_alike` |
//! | 3b | a pending charge arriving after its posted form is attached to it | `pending_arriving_after_its_posted_form_is_attached` |
//! | 4 | a pending charge neither re-sent nor posted within the expiry days is removed | `unposted_pending_expires` |
//! | all | over random batches no posted transaction is lost or doubled | `batches_never_lose_or_double_posted` (proptest), `sandbox_daily_replay_matches_bank` |

mod matching;
mod state;
mod text;

pub use state::PlannedTxn;
use state::State;

use crate::model::{AccountId, Transaction, TxnId, TxnStatus};
use crate::money::Currency;
use crate::time::{Timestamp, DAY};
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// A [`ReconcilePlan`] that borrows the transactions it came from ([`reconcile_refs`]), so a
/// first import of a large file copies none of them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BorrowedPlan<'a> {
    /// Transactions to insert or replace by id, each id once, in an order that depends only
    /// on the input (stored ones first, then new ones as the rules admitted them).
    pub upserts: Vec<PlannedTxn<'a>>,
    /// Ids to delete (settled or expired pending charges), in id order.
    pub removals: Vec<TxnId>,
    /// What happened.
    pub stats: ReconcileStats,
}

impl fmt::Debug for BorrowedPlan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedPlan")
            .field("upserts", &self.upserts.len())
            .field("removals", &self.removals.len())
            .field("stats", &self.stats)
            .finish()
    }
}

impl BorrowedPlan<'_> {
    /// The plan with its own copies, upserts in id order.
    pub fn into_owned(self) -> ReconcilePlan {
        let mut upserts: Vec<Transaction> = self
            .upserts
            .into_iter()
            .map(PlannedTxn::into_owned)
            .collect();
        crate::sort::by(&mut upserts, |a, b| a.id.cmp(&b.id));
        ReconcilePlan {
            upserts,
            removals: self.removals,
            stats: self.stats,
        }
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
struct Fingerprint<'a> {
    account: &'a AccountId,
    currency: Currency,
    amount: i64,
    posted_day: i64,
    description: String,
}

fn fingerprint(t: &Transaction) -> Fingerprint<'_> {
    Fingerprint {
        account: &t.account,
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

fn by_id(a: &&Transaction, b: &&Transaction) -> std::cmp::Ordering {
    a.id.cmp(&b.id)
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
    let existing: Vec<&Transaction> = existing.iter().collect();
    let incoming: Vec<&Transaction> = incoming.iter().collect();
    reconcile_refs(&existing, &incoming, now, policy).into_owned()
}

/// [`reconcile`] over borrowed transactions. Works on references throughout and copies
/// nothing but the stored transactions it changes (a link recorded), so a first import of a
/// large file is not copied at all.
///
/// The rules of the module note run in order, one function each, over one working set.
pub fn reconcile_refs<'a>(
    existing: &[&'a Transaction],
    incoming: &[&'a Transaction],
    now: Timestamp,
    policy: &ReconcilePolicy,
) -> BorrowedPlan<'a> {
    let mut run = Run::new(existing, incoming);
    let (mut new_pending, new_posted) = run.known_ids();
    let new_posted = run.drop_rotated_posted(&new_pending, new_posted);
    let unlinked_posted = run.settle_explicit_links(&mut new_pending, new_posted);
    let resent_as_new_id = run.settle_by_score(new_pending, unlinked_posted, policy);
    run.expire(now, policy, &resent_as_new_id);
    run.into_plan(incoming.len())
}

/// One reconciliation: the stored transactions, the batch, and the working set the rules
/// change (it starts as the stored set; the plan is its difference from `before`).
struct Run<'a> {
    /// The stored transactions by id, as they were before the batch.
    before: HashMap<&'a str, &'a Transaction>,
    /// The batch by id (a repeated id keeps its last occurrence).
    batch: HashMap<&'a str, &'a Transaction>,
    /// The batch in its order, each id once (at its last occurrence).
    batch_order: Vec<&'a Transaction>,
    state: State<'a>,
    stats: ReconcileStats,
}

impl<'a> Run<'a> {
    fn new(existing: &[&'a Transaction], incoming: &[&'a Transaction]) -> Run<'a> {
        let before: HashMap<&'a str, &'a Transaction> =
            existing.iter().map(|t| (t.id.as_str(), *t)).collect();
        let mut state = State::with_capacity(existing.len() + incoming.len());
        for t in existing {
            state.insert(t.id.as_str(), PlannedTxn::Borrowed(t));
        }
        // Walking the batch backwards finds each id's last occurrence hashing each id once.
        let mut batch: HashMap<&'a str, &'a Transaction> = HashMap::with_capacity(incoming.len());
        let mut batch_order: Vec<&'a Transaction> = Vec::with_capacity(incoming.len());
        for &t in incoming.iter().rev() {
            if let std::collections::hash_map::Entry::Vacant(e) = batch.entry(t.id.as_str()) {
                e.insert(t);
                batch_order.push(t);
            }
        }
        batch_order.reverse();
        Run {
            before,
            batch,
            batch_order,
            state,
            stats: ReconcileStats::default(),
        }
    }

    /// Rule 1: known ids replace the stored transaction when their content differs (keeping
    /// a recorded pending link the source does not send); a posted one never turns back into
    /// a pending one. Returns the batch's new ids: pending ones (in id order, so that which
    /// look-alike is kept below never depends on input order) and posted ones.
    fn known_ids(&mut self) -> (Vec<&'a Transaction>, Vec<&'a Transaction>) {
        let mut new_pending: Vec<&'a Transaction> = Vec::new();
        let mut new_posted: Vec<&'a Transaction> = Vec::new();
        for i in 0..self.batch_order.len() {
            let t = self.batch_order[i];
            let id = t.id.as_str();
            // (Before anything changes, the state holds exactly the stored transactions.)
            let found = if self.before.is_empty() {
                None
            } else {
                self.state.get(id)
            };
            let Some(old) = found else {
                match t.status {
                    TxnStatus::Pending => new_pending.push(t),
                    TxnStatus::Posted => new_posted.push(t),
                }
                continue;
            };
            if old.status == TxnStatus::Posted && t.status == TxnStatus::Pending {
                self.stats.unchanged += 1;
                continue;
            }
            let replacement = if t.pending_link.is_none() && old.pending_link.is_some() {
                let mut merged = (*t).clone();
                merged.pending_link = old.pending_link.clone();
                (merged != **old).then(|| PlannedTxn::Owned(Box::new(merged)))
            } else {
                (t != &**old).then_some(PlannedTxn::Borrowed(t))
            };
            match replacement {
                Some(r) => self.state.insert(id, r),
                None => self.stats.unchanged += 1,
            }
        }
        crate::sort::by(&mut new_pending, by_id);
        (new_pending, new_posted)
    }

    /// Rule 2: a new posted transaction whose fingerprint matches a stored posted one that
    /// the batch did not re-send is that transaction under a re-issued id, and is dropped;
    /// counted per fingerprint (a multiset), candidates in id order. A transaction naming a
    /// live pending charge is never dropped here (rule 3a settles it).
    fn drop_rotated_posted(
        &mut self,
        new_pending: &[&'a Transaction],
        mut new_posted: Vec<&'a Transaction>,
    ) -> Vec<&'a Transaction> {
        let unsent: Vec<&'a Transaction> = self
            .before
            .values()
            .copied()
            .filter(|t| t.status == TxnStatus::Posted && !self.batch.contains_key(t.id.as_str()))
            .collect();
        if unsent.is_empty() {
            return new_posted;
        }
        // Only stored transactions that could share a fingerprint with a new one are
        // normalised. (Stored ids not in the batch are exactly as they were before it.)
        let keys: HashSet<(&AccountId, i64, i64)> = new_posted
            .iter()
            .map(|t| (&t.account, t.amount, posted_day(t)))
            .collect();
        let mut capacity: HashMap<Fingerprint<'a>, usize> = HashMap::new();
        for t in unsent {
            if keys.contains(&(&t.account, t.amount, posted_day(t))) {
                *capacity.entry(fingerprint(t)).or_default() += 1;
            }
        }
        if capacity.is_empty() {
            return new_posted;
        }
        let pending_ids: HashSet<&str> = new_pending.iter().map(|t| t.id.as_str()).collect();
        let state = &self.state;
        let links_live_pending = |t: &Transaction| {
            t.pending_link.as_ref().is_some_and(|l| {
                pending_ids.contains(l.as_str())
                    || state
                        .get(l.as_str())
                        .is_some_and(|p| p.status == TxnStatus::Pending)
            })
        };
        let coarse: HashSet<(&AccountId, i64, i64)> = capacity
            .keys()
            .map(|f| (f.account, f.amount, f.posted_day))
            .collect();
        let mut candidates: Vec<&'a Transaction> = new_posted
            .iter()
            .copied()
            .filter(|t| {
                coarse.contains(&(&t.account, t.amount, posted_day(t))) && !links_live_pending(t)
            })
            .collect();
        crate::sort::by(&mut candidates, by_id);
        let mut dropped: HashSet<&str> = HashSet::new();
        for t in candidates {
            if let Some(n) = capacity.get_mut(&fingerprint(t)).filter(|n| **n > 0) {
                *n -= 1;
                self.stats.rotated_ids_deduped += 1;
                dropped.insert(t.id.as_str());
            }
        }
        new_posted.retain(|t| !dropped.contains(t.id.as_str()));
        new_posted
    }

    /// Rule 3a: a new posted transaction naming a pending charge in `pending_link` settles it
    /// (stored or new in this batch) and is stored. Returns the posted ones naming none.
    fn settle_explicit_links(
        &mut self,
        new_pending: &mut Vec<&'a Transaction>,
        new_posted: Vec<&'a Transaction>,
    ) -> Vec<&'a Transaction> {
        let mut unlinked_posted: Vec<&'a Transaction> = Vec::new();
        for t in new_posted {
            let Some(link) = &t.pending_link else {
                unlinked_posted.push(t);
                continue;
            };
            if self
                .state
                .get(link.as_str())
                .is_some_and(|p| p.status == TxnStatus::Pending)
            {
                self.state.remove(link.as_str());
                self.stats.pending_matched += 1;
            } else if let Some(pos) = new_pending.iter().position(|p| &p.id == link) {
                new_pending.remove(pos);
                self.stats.pending_matched += 1;
            }
            self.state.insert(t.id.as_str(), PlannedTxn::Borrowed(t));
        }
        unlinked_posted
    }

    /// Pending id -> the posted transaction naming it (the greatest id when several do).
    fn links_by_pending(&self) -> HashMap<String, String> {
        let mut link_of: HashMap<&str, &str> = HashMap::new();
        for t in self.state.values() {
            if let Some(l) = &t.pending_link {
                let posted = link_of.entry(l.as_str()).or_insert(t.id.as_str());
                if t.id.as_str() > *posted {
                    *posted = t.id.as_str();
                }
            }
        }
        link_of
            .into_iter()
            .map(|(p, q)| (p.to_owned(), q.to_owned()))
            .collect()
    }

    /// Rule 3b (with 2b): one scored matching of every open pending charge (stored, new, and
    /// re-sent copies of already settled ones, "stale") with every open posted transaction
    /// (new and stored, plus the posted forms of those re-sent copies), so that a pending
    /// charge arriving after its posted form is attached to it, a re-sent copy is never
    /// settled twice, and a link made in an earlier batch gives way to better evidence (an
    /// earlier batch may have settled a look-alike merchant's pending charge with this posted
    /// form before its own pending charge arrived). Links are only revisited when the batch
    /// brings something new. Returns the stored pending charges re-sent under a new id.
    fn settle_by_score(
        &mut self,
        new_pending: Vec<&'a Transaction>,
        unlinked_posted: Vec<&'a Transaction>,
        policy: &ReconcilePolicy,
    ) -> HashSet<String> {
        let link_of = self.links_by_pending();
        let (stale, fresh): (Vec<&'a Transaction>, Vec<&'a Transaction>) = new_pending
            .iter()
            .copied()
            .partition(|p| link_of.contains_key(p.id.as_str()));
        if fresh.is_empty() && unlinked_posted.is_empty() {
            self.stats.unchanged += stale.len();
            return HashSet::new();
        }
        for q in &unlinked_posted {
            self.state.insert(q.id.as_str(), PlannedTxn::Borrowed(q));
        }
        let contested: HashSet<&str> = stale
            .iter()
            .filter_map(|p| link_of.get(p.id.as_str()).map(String::as_str))
            .collect();
        let stored_pending: Vec<Transaction> = self
            .state
            .values()
            .filter(|t| t.status == TxnStatus::Pending)
            .map(|t| (**t).clone())
            .collect();
        let pool_pending: Vec<&Transaction> = stored_pending
            .iter()
            .chain(fresh.iter().copied())
            .chain(stale.iter().copied())
            .collect();
        let matched = self.relink(&pool_pending, &contested, policy);
        for p in &stored_pending {
            if matched.contains(p.id.as_str()) {
                self.state.remove(p.id.as_str());
            }
        }
        for p in stale {
            if matched.contains(p.id.as_str()) {
                self.stats.unchanged += 1;
            } else {
                // A re-sent copy that lost its posted form to better evidence is open again.
                self.state.insert(p.id.as_str(), PlannedTxn::Borrowed(p));
            }
        }
        self.absorb_rotated_pending(&stored_pending, fresh, &matched)
    }

    /// The scored matching of rule 3b: records the new links on the posted transactions
    /// (decided while the state is only read) and returns the ids of the pending charges they
    /// settle. With no pending charge in play there is nothing to match and no link to
    /// revisit (a contested link comes from a re-sent pending copy, which would be in the
    /// pool).
    fn relink(
        &mut self,
        pool_pending: &[&Transaction],
        contested: &HashSet<&str>,
        policy: &ReconcilePolicy,
    ) -> HashSet<String> {
        if pool_pending.is_empty() {
            return HashSet::new();
        }
        let pool_posted: Vec<(&'a str, &Transaction)> = self
            .state
            .iter()
            .filter(|(id, t)| {
                t.status == TxnStatus::Posted
                    && (t.pending_link.is_none() || contested.contains(*id))
            })
            .map(|(id, t)| (id, &**t))
            .collect();
        let refs: Vec<&Transaction> = pool_posted.iter().map(|(_, t)| *t).collect();
        let pairs: HashMap<usize, &Transaction> = matching::best_pairs(pool_pending, &refs, policy)
            .into_iter()
            .filter_map(|(qi, pi)| Some((qi, *pool_pending.get(pi)?)))
            .collect();
        let matched: HashSet<String> = pairs.values().map(|p| p.id.0.clone()).collect();
        let relinks: Vec<(&'a str, Option<TxnId>)> = pool_posted
            .iter()
            .enumerate()
            .filter_map(|(qi, (id, q))| {
                let link = pairs.get(&qi).map(|p| p.id.clone());
                (link != q.pending_link).then_some((*id, link))
            })
            .collect();
        for (id, link) in relinks {
            if let Some(t) = self.state.get_mut(id) {
                if t.pending_link.is_none() {
                    self.stats.pending_matched += 1;
                }
                t.set_pending_link(link);
            }
        }
        matched
    }

    /// Rule 2b: a new pending charge left unmatched that has the fingerprint of a stored
    /// pending charge which is still open and was not re-sent is that charge under a new id
    /// (multiset counting, as for posted ones), so it is not stored twice. The stored charge
    /// it stands for (the smallest id of its fingerprint) counts as re-sent: it must not
    /// expire in this batch, or the charge would vanish although the source still reports it.
    /// Returns those stored charges' ids; stores the other new pending charges.
    fn absorb_rotated_pending(
        &mut self,
        stored_pending: &[Transaction],
        fresh: Vec<&'a Transaction>,
        matched: &HashSet<String>,
    ) -> HashSet<String> {
        let mut pending_capacity: HashMap<Fingerprint<'_>, Vec<&str>> = HashMap::new();
        for p in stored_pending {
            if !matched.contains(p.id.as_str()) && !self.batch.contains_key(p.id.as_str()) {
                pending_capacity
                    .entry(fingerprint(p))
                    .or_default()
                    .push(p.id.as_str());
            }
        }
        for ids in pending_capacity.values_mut() {
            crate::sort::by(ids, |a, b| b.cmp(a));
        }
        let mut resent_as_new_id: HashSet<String> = HashSet::new();
        for p in fresh {
            if matched.contains(p.id.as_str()) {
                continue;
            }
            match pending_capacity
                .get_mut(&fingerprint(p))
                .and_then(|ids| ids.pop())
            {
                Some(stored) => {
                    self.stats.rotated_ids_deduped += 1;
                    resent_as_new_id.insert(stored.to_owned());
                }
                None => self.state.insert(p.id.as_str(), PlannedTxn::Borrowed(p)),
            }
        }
        resent_as_new_id
    }

    /// Rule 4: pending charges a posted one names are settled; a pending charge neither
    /// re-sent (under its id or a new one) nor posted within the expiry days is removed.
    fn expire(
        &mut self,
        now: Timestamp,
        policy: &ReconcilePolicy,
        resent_as_new_id: &HashSet<String>,
    ) {
        let linked: HashSet<String> = self
            .state
            .values()
            .filter_map(|t| t.pending_link.as_ref().map(|l| l.0.clone()))
            .collect();
        let horizon = now.saturating_sub(policy.pending_expiry_days.saturating_mul(DAY));
        let (batch, stats) = (&self.batch, &mut self.stats);
        self.state.retain(|id, t| {
            if t.status != TxnStatus::Pending {
                return true;
            }
            if linked.contains(id) {
                stats.pending_matched += 1;
                return false;
            }
            if t.transacted_at < horizon && !batch.contains_key(id) && !resent_as_new_id.contains(id)
            {
                stats.expired += 1;
                return false;
            }
            true
        });
    }

    /// The plan: the difference between the working set and the stored set. Upserts in the
    /// working set's order (stored transactions, then new ones as the rules added them, in
    /// batch order within each rule): deterministic for a given input, and no sort of the
    /// whole batch.
    fn into_plan(self, batch_len: usize) -> BorrowedPlan<'a> {
        let Run {
            before,
            state,
            mut stats,
            ..
        } = self;
        let mut removals: Vec<TxnId> = before
            .keys()
            .filter(|id| !state.contains_key(id))
            .map(|id| TxnId((*id).to_owned()))
            .collect();
        crate::sort::sort(&mut removals);
        let mut upserts: Vec<PlannedTxn<'a>> = Vec::with_capacity(batch_len);
        for (id, t) in state.into_entries() {
            match before.get(id) {
                Some(old) if std::ptr::eq(*old, &*t) || *old == &*t => {}
                Some(_) => {
                    stats.updated += 1;
                    upserts.push(t);
                }
                None => {
                    stats.inserted += 1;
                    upserts.push(t);
                }
            }
        }
        BorrowedPlan {
            upserts,
            removals,
            stats,
        }
    }
}

#[cfg(test)]
mod tests;
