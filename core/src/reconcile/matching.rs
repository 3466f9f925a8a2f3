//! The scored pending-to-posted matching of reconciliation rule 3b: which posted transaction
//! settles which pending charge, one to one.
//!
//! Only posted transactions that could settle some pending charge are considered: they are
//! found by a range search over the posted ones sorted by account and posting time (the
//! match window bounds it), so a first import of 100,000 posted transactions with a handful
//! of pending charges scores a few dozen pairs, not millions.

use super::text;
use super::ReconcilePolicy;
use crate::model::{Transaction, TxnStatus};
use crate::time::DAY;

/// Match quality, compared lexicographically: similarity, then closeness of amount and time
/// (negated distances so that larger is better).
type Score = (u32, i64, i64);

/// The instant a posted transaction counts as posted.
fn posted_time(q: &Transaction) -> i64 {
    q.posted_at.unwrap_or(q.transacted_at)
}

/// The window of posting times that may settle pending `p`: `[earliest, latest]`.
fn window(p: &Transaction, policy: &ReconcilePolicy) -> (i64, i64) {
    let span = policy.match_window_days.saturating_mul(DAY);
    (
        p.transacted_at.saturating_sub(DAY),
        p.transacted_at.saturating_add(span),
    )
}

/// One-to-one assignment of pending charges to posted transactions; returns pairs of
/// `(posted index, pending index)` into the given slices. Greedy by score first (best score,
/// ties by pending id then posted id), then each pending charge left over looks for an
/// augmenting path (a posted transaction taken by another pending charge that can move to its
/// next-best free candidate), so that no pending charge stays unsettled while a valid
/// assignment of all of them exists (a maximum matching). Deterministic: candidates are tried
/// in score then id order, whatever the order of the slices. A repeated id counts once.
pub(super) fn best_pairs(
    pending: &[&Transaction],
    posted: &[&Transaction],
    policy: &ReconcilePolicy,
) -> Vec<(usize, usize)> {
    if pending.is_empty() || posted.is_empty() {
        return Vec::new();
    }
    let mut pend: Vec<usize> = (0..pending.len()).collect();
    crate::sort::by(&mut pend, |&a, &b| pending[a].id.cmp(&pending[b].id));
    pend.dedup_by(|a, b| pending[*a].id == pending[*b].id);

    // Posted transactions inside some pending charge's window, by account and posting time.
    let (lo, hi) = pend
        .iter()
        .map(|&i| window(pending[i], policy))
        .fold((i64::MAX, i64::MIN), |(lo, hi), (a, b)| {
            (lo.min(a), hi.max(b))
        });
    let mut near: Vec<usize> = (0..posted.len())
        .filter(|&i| {
            let t = posted_time(posted[i]);
            posted[i].status == TxnStatus::Posted && t >= lo && t <= hi
        })
        .collect();
    crate::sort::by(&mut near, |&a, &b| {
        (&posted[a].account, posted_time(posted[a]))
            .cmp(&(&posted[b].account, posted_time(posted[b])))
    });

    // Scored candidates per pending charge (posted given as slice indices for now).
    let mut found: Vec<Vec<(Score, usize)>> = Vec::with_capacity(pend.len());
    for &pi in &pend {
        let p = pending[pi];
        let (earliest, latest) = window(p, policy);
        let from = near.partition_point(|&q| {
            (&posted[q].account, posted_time(posted[q])) < (&p.account, earliest)
        });
        let mut list = Vec::new();
        for &qi in &near[from..] {
            let q = posted[qi];
            if q.account != p.account || posted_time(q) > latest {
                break;
            }
            if let Some(s) = score(p, q, policy) {
                list.push((s, qi));
            }
        }
        found.push(list);
    }

    // Candidate posted transactions, numbered in id order (one per id).
    let mut cand: Vec<usize> = found.iter().flatten().map(|&(_, qi)| qi).collect();
    crate::sort::by(&mut cand, |&a, &b| posted[a].id.cmp(&posted[b].id).then(a.cmp(&b)));
    cand.dedup_by(|a, b| posted[*a].id == posted[*b].id);
    let rank = |qi: usize| -> Option<usize> {
        cand.binary_search_by(|&c| posted[c].id.cmp(&posted[qi].id))
            .ok()
            .filter(|&r| cand.get(r) == Some(&qi))
    };
    let mut adj: Vec<Vec<(Score, usize)>> = Vec::with_capacity(found.len());
    let mut scored: Vec<(Score, usize, usize)> = Vec::new();
    for (k, list) in found.iter().enumerate() {
        let mut ranked: Vec<(Score, usize)> = list
            .iter()
            .filter_map(|&(s, qi)| rank(qi).map(|r| (s, r)))
            .collect();
        crate::sort::by(&mut ranked, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.extend(ranked.iter().map(|&(s, r)| (s, k, r)));
        adj.push(ranked);
    }
    crate::sort::by(&mut scored, |a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut of_posted: Vec<Option<usize>> = vec![None; cand.len()];
    let mut of_pending: Vec<bool> = vec![false; pend.len()];
    for (_, k, r) in scored {
        let free_q = of_posted.get(r).is_some_and(Option::is_none);
        let free_p = of_pending.get(k).is_some_and(|m| !m);
        if free_q && free_p {
            if let Some(slot) = of_posted.get_mut(r) {
                *slot = Some(k);
            }
            if let Some(m) = of_pending.get_mut(k) {
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
        .filter_map(|(r, m)| Some((*cand.get(r)?, *pend.get((*m)?)?)))
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

/// The score of settling pending `p` by posted `q`, or `None` when a gate fails.
fn score(p: &Transaction, q: &Transaction, policy: &ReconcilePolicy) -> Option<Score> {
    if p.status != TxnStatus::Pending || q.status != TxnStatus::Posted {
        return None;
    }
    if p.account != q.account || p.currency != q.currency || !policy.amount_fits(p, q) {
        return None;
    }
    let (earliest, latest) = window(p, policy);
    let posted = posted_time(q);
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
