//! Reconciliation tests: the rules one by one, property tests over random batchings, and a
//! replay of the sandbox bank's daily snapshots.
#![allow(clippy::cloned_ref_to_slice_refs)]

use super::*;
use crate::model::AccountId;
use crate::sources::sandbox::SandboxBank;
use crate::time::Date;
use proptest::prelude::*;
use std::collections::BTreeSet;

const T0: Timestamp = 1_767_225_600; // 2026-01-01T00:00Z

fn acct(name: &str) -> AccountId {
    AccountId(format!("test/{name}"))
}

pub(super) fn pending(
    id: &str,
    account: &str,
    amount: i64,
    at: Timestamp,
    desc: &str,
) -> Transaction {
    Transaction {
        id: TxnId(id.into()),
        account: acct(account),
        amount,
        currency: Currency::USD,
        status: TxnStatus::Pending,
        transacted_at: at,
        posted_at: None,
        description: desc.into(),
        merchant: None,
        mcc: None,
        category: None,
        location: None,
        card_present: None,
        pending_link: None,
    }
}

fn posted(
    id: &str,
    account: &str,
    amount: i64,
    at: Timestamp,
    post: Timestamp,
    desc: &str,
) -> Transaction {
    Transaction {
        status: TxnStatus::Posted,
        posted_at: Some(post),
        ..pending(id, account, amount, at, desc)
    }
}

fn run(
    existing: &[Transaction],
    incoming: &[Transaction],
    now: Timestamp,
) -> (Vec<Transaction>, ReconcilePlan) {
    let plan = reconcile(existing, incoming, now, &ReconcilePolicy::default());
    (plan.apply(existing), plan)
}

fn ids(set: &[Transaction]) -> Vec<&str> {
    set.iter().map(|t| t.id.as_str()).collect()
}

#[test]
fn reimport_changes_nothing() {
    let batch = vec![
        posted("a", "c", -450, T0, T0 + DAY, "STARBUCKS 123"),
        pending("b", "c", -2000, T0 + 2 * DAY, "SHELL OIL 574"),
    ];
    let (set, plan) = run(&[], &batch, T0 + 3 * DAY);
    assert_eq!(plan.stats.inserted, 2);
    let (again, plan) = run(&set, &batch, T0 + 3 * DAY);
    assert!(plan.is_empty());
    assert_eq!(plan.stats.unchanged, 2);
    assert_eq!(again, set);
}

#[test]
fn same_id_updates_content() {
    let old = posted("a", "c", -450, T0, T0 + DAY, "STARBUCKS");
    let mut new = old.clone();
    new.category = Some(crate::model::Category::Dining);
    let (set, plan) = run(&[old], &[new.clone()], T0);
    assert_eq!(plan.stats.updated, 1);
    assert_eq!(set, vec![new]);
}

#[test]
fn posted_never_reverts_to_pending() {
    let old = posted("a", "c", -450, T0, T0 + DAY, "STARBUCKS");
    let mut stale = old.clone();
    stale.status = TxnStatus::Pending;
    stale.posted_at = None;
    let (set, plan) = run(&[old.clone()], &[stale], T0);
    assert!(plan.is_empty());
    assert_eq!(set, vec![old]);
}

#[test]
fn tip_settles_pending_under_new_id() {
    let p = pending("p1", "c", -4000, T0 + 19 * 3600, "TST* NOPA KITCHEN");
    let (set, _) = run(&[], &[p], T0 + DAY);
    let q = posted(
        "q1",
        "c",
        -4800,
        T0 + 19 * 3600,
        T0 + 2 * DAY,
        "TST* NOPA KITCHEN SEATTLE WA",
    );
    let (set, plan) = run(&set, &[q], T0 + 2 * DAY);
    assert_eq!(plan.stats.pending_matched, 1);
    assert_eq!(plan.removals, vec![TxnId("p1".into())]);
    assert_eq!(ids(&set), ["q1"]);
    assert_eq!(set[0].pending_link, Some(TxnId("p1".into())));
    // A stale copy of the pending charge arriving later is ignored.
    let p_again = pending("p1", "c", -4000, T0 + 19 * 3600, "TST* NOPA KITCHEN");
    let (again, plan) = run(&set, &[p_again], T0 + 2 * DAY);
    assert!(plan.is_empty());
    assert_eq!(again, set);
}

#[test]
fn excessive_increase_does_not_match_but_fuel_hold_does() {
    let p = pending("p1", "c", -4000, T0, "NOPA KITCHEN");
    let q = posted("q1", "c", -6000, T0, T0 + DAY, "NOPA KITCHEN");
    let (set, plan) = run(&[p], &[q], T0 + DAY);
    assert_eq!(plan.stats.pending_matched, 0);
    assert_eq!(set.len(), 2);

    let mut p = pending("p2", "c", -100, T0, "SHELL OIL 57444512");
    p.mcc = Some(5541);
    let mut q = posted(
        "q2",
        "c",
        -5231,
        T0,
        T0 + DAY,
        "SHELL OIL 57444512 AUSTIN TX",
    );
    q.mcc = Some(5541);
    let (set, plan) = run(&[p], &[q], T0 + DAY);
    assert_eq!(plan.stats.pending_matched, 1);
    assert_eq!(ids(&set), ["q2"]);
}

#[test]
fn never_matches_on_amount_alone() {
    let p = pending("p1", "c", -1299, T0, "TARGET 00018796");
    let q = posted("q1", "c", -1299, T0, T0 + DAY, "WAL-MART #2290 AUSTIN TX");
    let (set, plan) = run(&[p.clone()], &[q.clone()], T0 + DAY);
    assert_eq!(plan.stats.pending_matched, 0);
    assert_eq!(set.len(), 2);
    // Nor across accounts, nor before the charge was authorised, nor after the window.
    let other = posted("q2", "d", -1299, T0, T0 + DAY, "TARGET 00018796");
    let early = posted(
        "q3",
        "c",
        -1299,
        T0 - 3 * DAY,
        T0 - 2 * DAY,
        "TARGET 00018796",
    );
    let late = posted(
        "q4",
        "c",
        -1299,
        T0 + 12 * DAY,
        T0 + 12 * DAY,
        "TARGET 00018796",
    );
    let (set, plan) = run(&[p], &[other, early, late], T0 + 12 * DAY);
    assert_eq!(plan.stats.pending_matched, 0);
    assert_eq!(set.len(), 4);
}

#[test]
fn explicit_link_wins() {
    let p1 = pending("p1", "c", -500, T0, "COFFEE");
    let p2 = pending("p2", "c", -500, T0 + 60, "COFFEE");
    let mut q = posted("q", "c", -500, T0 + 60, T0 + DAY, "SOMETHING ELSE");
    q.pending_link = Some(TxnId("p2".into()));
    let (set, plan) = run(&[p1, p2], &[q], T0 + DAY);
    assert_eq!(plan.stats.pending_matched, 1);
    assert_eq!(ids(&set), ["p1", "q"]);
}

#[test]
fn each_pending_matches_one_posted_deterministically() {
    let p = pending("p", "c", -500, T0, "BLUE BOTTLE COFFEE");
    let q1 = posted("q1", "c", -500, T0, T0 + DAY, "BLUE BOTTLE COFFEE");
    let q2 = posted("q2", "c", -500, T0, T0 + DAY, "BLUE BOTTLE COFFEE");
    let (a, _) = run(&[p.clone()], &[q1.clone(), q2.clone()], T0 + DAY);
    let (b, _) = run(&[p], &[q2, q1], T0 + DAY);
    assert_eq!(a, b);
    assert_eq!(
        ids(&a),
        ["q1", "q2"],
        "both posted kept, the pending settled once"
    );
    assert_eq!(a[0].pending_link, Some(TxnId("p".into())));
    assert_eq!(a[1].pending_link, None);
}

#[test]
fn two_identical_coffees_in_one_batch_are_kept() {
    let a = posted("a", "c", -450, T0, T0 + DAY, "STARBUCKS 1");
    let b = posted("b", "c", -450, T0 + 600, T0 + DAY, "STARBUCKS 1");
    let (set, plan) = run(&[], &[a.clone(), b.clone()], T0 + DAY);
    assert_eq!(plan.stats.inserted, 2);
    let (again, plan) = run(&set, &[a, b], T0 + DAY);
    assert!(plan.is_empty());
    assert_eq!(again.len(), 2);
}

#[test]
fn rotated_ids_do_not_duplicate() {
    let a = posted("a", "c", -450, T0, T0 + DAY, "STARBUCKS 1");
    let b = posted("b", "c", -450, T0 + 600, T0 + DAY, "STARBUCKS 1");
    let c = posted("c", "c", -999, T0, T0 + DAY, "CHIPOTLE 1893");
    let (set, _) = run(&[], &[a, b, c], T0 + DAY);
    // The source re-issues every id of that day.
    let a2 = posted("a2", "c", -450, T0, T0 + DAY + 5, "STARBUCKS 1");
    let b2 = posted("b2", "c", -450, T0 + 600, T0 + DAY + 5, "STARBUCKS  1");
    let c2 = posted("c2", "c", -999, T0, T0 + DAY, "CHIPOTLE 1893");
    let (again, plan) = run(&set, &[a2.clone(), b2.clone(), c2.clone()], T0 + DAY);
    assert!(plan.is_empty());
    assert_eq!(plan.stats.rotated_ids_deduped, 3);
    assert_eq!(again, set);
    // A third identical coffee alongside the two re-issued ones is new.
    let third = posted("z", "c", -450, T0 + 900, T0 + DAY, "STARBUCKS 1");
    let (after, plan) = run(&set, &[a2, b2, c2, third], T0 + DAY);
    assert_eq!(plan.stats.rotated_ids_deduped, 3);
    assert_eq!(plan.stats.inserted, 1);
    assert_eq!(after.len(), 4);
}

/// Rule 2b: a pending charge re-sent under a new id is the stored one (not stored twice), and
/// the stored one counts as re-sent, so it does not expire while the bank still reports it.
#[test]
fn pending_under_a_new_id_is_not_stored_twice() {
    let p = pending("p1", "c", -2_500, T0, "HOTEL HOLD 22");
    let (set, _) = run(&[], &[p], T0);
    let again = pending("p1-new", "c", -2_500, T0, "HOTEL HOLD 22");
    let (after, plan) = run(&set, &[again.clone()], T0 + DAY);
    assert_eq!(plan.stats.rotated_ids_deduped, 1);
    assert_eq!(ids(&after), vec!["p1"]);
    // Past the expiry horizon, still reported under the new id: kept.
    let (later, plan) = run(&set, &[again], T0 + 15 * DAY);
    assert_eq!(plan.stats.expired, 0);
    assert_eq!(ids(&later), vec!["p1"]);
    // A second charge of the same look in the same batch is a new one.
    let twin = pending("p2", "c", -2_500, T0, "HOTEL HOLD 22");
    let third = pending("p3", "c", -2_500, T0, "HOTEL HOLD 22");
    let (both, plan) = run(&set, &[twin, third], T0 + DAY);
    assert_eq!(plan.stats.rotated_ids_deduped, 1);
    assert_eq!(both.len(), 2);
}

#[test]
fn unposted_pending_expires() {
    let p = pending("p", "c", -10_000, T0, "MARRIOTT AUTH HOLD");
    let (set, _) = run(&[], &[p.clone()], T0);
    let (kept, plan) = run(&set, &[], T0 + 13 * DAY);
    assert!(plan.is_empty());
    let (gone, plan) = run(&kept, &[], T0 + 15 * DAY);
    assert_eq!(plan.stats.expired, 1);
    assert!(gone.is_empty());
    // Still re-sent by the bank: kept.
    let (still, plan) = run(&kept, &[p], T0 + 15 * DAY);
    assert_eq!(plan.stats.expired, 0);
    assert_eq!(still.len(), 1);
}

#[test]
fn pending_arriving_after_its_posted_form_is_attached() {
    let q = posted("q", "c", -1200, T0, T0 + DAY, "CHIPOTLE 1893 AUSTIN TX");
    let (set, _) = run(&[], &[q], T0 + DAY);
    let p = pending("p", "c", -1200, T0, "CHIPOTLE 1893");
    let (set, plan) = run(&set, &[p.clone()], T0 + DAY);
    assert_eq!(plan.stats.pending_matched, 1);
    assert_eq!(ids(&set), ["q"]);
    let (again, plan) = run(&set, &[p], T0 + DAY);
    assert!(plan.is_empty());
    assert_eq!(again, set);
}

/// Root cause 1: greedy best-score assignment left a pending charge unsettled although a
/// full assignment existed (p1 took q1, the only posted form p2 can take).
#[test]
fn matching_settles_every_pending_when_possible() {
    let p1 = pending("p1", "c", -1000, T0, "BLUE BOTTLE COFFEE");
    let p2 = pending("p2", "c", -1000, T0 - 5 * DAY, "BLUE BOTTLE COFFEE");
    let q1 = posted("q1", "c", -1000, T0, T0 + DAY, "BLUE BOTTLE COFFEE");
    // Posted too late for p2's window, fine for p1.
    let q2 = posted(
        "q2",
        "c",
        -1200,
        T0 + 7 * DAY,
        T0 + 8 * DAY,
        "BLUE BOTTLE COFFEE",
    );
    let batch = [p1, p2, q1, q2];
    let (set, plan) = run(&[], &batch, T0 + 8 * DAY);
    assert_eq!(ids(&set), ["q1", "q2"]);
    assert_eq!(plan.stats.pending_matched, 2);
    assert_eq!(set[0].pending_link, Some(TxnId("p2".into())));
    assert_eq!(set[1].pending_link, Some(TxnId("p1".into())));
    let mut rev = batch.to_vec();
    rev.reverse();
    assert_eq!(run(&[], &rev, T0 + 8 * DAY).0, set);
    assert!(reconcile(&set, &batch, T0 + 8 * DAY, &ReconcilePolicy::default()).is_empty());
}

/// Root cause 2 (the shrunk proptest case): a look-alike merchant's pending charge took a
/// posted form in an earlier batch; when the right pending charge arrives, together with a
/// re-sent copy of the first one, the re-sent copy must neither be settled twice (by its own
/// posted form too) nor keep the better-fitting posted form.
#[test]
fn late_pending_reclaims_its_posted_form_from_a_look_alike() {
    let p0 = pending("p0", "c", -13850, T0, "STARBUCKS ALPHA");
    let q8 = posted("q8", "c", -11965, T0, T0 + DAY, "STARBUCKS BRAVO AUSTIN TX");
    let (set, _) = run(&[], &[p0.clone(), q8], T0 + DAY);
    assert_eq!(set[0].pending_link, Some(TxnId("p0".into())));
    let p8 = pending("p8", "c", -11079, T0, "STARBUCKS BRAVO");
    let q0 = posted("q0", "c", -13850, T0, T0 + DAY, "STARBUCKS ALPHA AUSTIN TX");
    // Without the first one's posted form: the better fit takes it back, p0 is open again.
    let (only, _) = run(&set, &[p0.clone(), p8.clone()], T0 + 2 * DAY);
    assert_eq!(ids(&only), ["p0", "q8"]);
    assert_eq!(only[1].pending_link, Some(TxnId("p8".into())));
    // With it: both settled by their own posted form, nothing left pending.
    let batch = [p0, p8, q0];
    let (after, _) = run(&set, &batch, T0 + 2 * DAY);
    assert_eq!(ids(&after), ["q0", "q8"]);
    assert_eq!(after[0].pending_link, Some(TxnId("p0".into())));
    assert_eq!(after[1].pending_link, Some(TxnId("p8".into())));
    assert!(reconcile(&after, &batch, T0 + 2 * DAY, &ReconcilePolicy::default()).is_empty());
}

#[test]
fn debug_has_no_data() {
    let (_, plan) = run(
        &[],
        &[posted("secret-id", "c", -4242, T0, T0, "SECRET SHOP")],
        T0,
    );
    let text = format!("{plan:?}");
    assert!(!text.contains("4242") && !text.contains("SECRET"));
}

/// Replaying the sandbox bank's view day by day ends with exactly the bank's posted set.
#[test]
fn sandbox_daily_replay_matches_bank() {
    let data = SandboxBank::generate(
        17,
        Date {
            year: 2025,
            month: 3,
            day: 1,
        },
        6,
    );
    let policy = ReconcilePolicy::default();
    let mut state: Vec<Transaction> = Vec::new();
    let mut matched = 0;
    let first = data.end - 185 * DAY;
    let mut ts = first;
    while ts <= data.end + 10 * DAY {
        // A SimpleFIN-like window: the last 10 days.
        let batch: Vec<Transaction> = data
            .snapshot_at(ts)
            .transactions
            .into_iter()
            .filter(|t| t.transacted_at >= ts - 10 * DAY)
            .collect();
        let plan = reconcile(&state, &batch, ts, &policy);
        matched += plan.stats.pending_matched;
        state = plan.apply(&state);
        ts += DAY / 2 + 3600;
    }
    let bank = data.snapshot_at(ts - DAY / 2 - 3600).transactions;
    let bank_posted: BTreeSet<&TxnId> = bank
        .iter()
        .filter(|t| t.status == TxnStatus::Posted)
        .map(|t| &t.id)
        .collect();
    let ours: BTreeSet<&TxnId> = state
        .iter()
        .filter(|t| t.status == TxnStatus::Posted)
        .map(|t| &t.id)
        .collect();
    assert_eq!(ours, bank_posted);
    assert!(
        state.iter().all(|t| t.status == TxnStatus::Posted),
        "no pending left over"
    );
    assert!(matched > 100, "{matched} pending charges settled");
    let linked = state.iter().filter(|t| t.pending_link.is_some()).count();
    assert!(linked * 10 >= matched * 9, "links kept");
}

/// One logical purchase of the property test universe.
#[derive(Clone, Debug)]
struct Purchase {
    account: &'static str,
    merchant: usize,
    amount: i64,
    tip_pct: i64,
    at: Timestamp,
    lag_days: i64,
    has_pending: bool,
    twin_of_previous: bool,
}

const NAMES: &[&str] = &[
    "STARBUCKS",
    "CHIPOTLE",
    "TARGET",
    "SHELL",
    "NETFLIX",
    "WHOLEFDS",
    "LYFT",
    "NOPA",
];

fn purchase() -> impl Strategy<Value = Purchase> {
    (
        prop_oneof![Just("c"), Just("d")],
        0..NAMES.len(),
        100i64..20_000,
        0i64..23,
        0i64..20 * DAY,
        1i64..4,
        any::<bool>(),
        prop::bool::weighted(0.25),
    )
        .prop_map(
            |(account, merchant, amount, tip_pct, at, lag_days, has_pending, twin)| Purchase {
                account,
                merchant,
                amount,
                tip_pct,
                at: T0 + at,
                lag_days,
                has_pending,
                twin_of_previous: twin,
            },
        )
}

/// Makes merchants unique per purchase except for twins (same merchant, amount, day, account;
/// chains of twins make triplets).
fn universe(mut ps: Vec<Purchase>) -> Vec<Purchase> {
    for i in 0..ps.len() {
        if i > 0 && ps[i].twin_of_previous {
            let prev = ps[i - 1].clone();
            ps[i] = Purchase {
                at: prev.at + 120,
                twin_of_previous: true,
                has_pending: ps[i].has_pending,
                ..prev
            };
        } else {
            ps[i].twin_of_previous = false;
            ps[i].merchant = i;
        }
    }
    ps
}

fn merchant_name(i: usize) -> String {
    format!(
        "{} {}",
        NAMES[i % NAMES.len()],
        ["ALPHA", "BRAVO", "CEDAR", "DELTA", "EMBER", "FJORD"][i / NAMES.len() % 6]
    )
}

fn pending_of(i: usize, p: &Purchase) -> Transaction {
    pending(
        &format!("p{i}"),
        p.account,
        -p.amount,
        p.at,
        &merchant_name(p.merchant),
    )
}

fn posted_of(i: usize, p: &Purchase, rotated: bool) -> Transaction {
    let id = if rotated {
        format!("r{i}")
    } else {
        format!("q{i}")
    };
    let post_day = (p.at / DAY + p.lag_days) * DAY + 4 * 3600;
    let amount = -(p.amount + p.amount * p.tip_pct / 100);
    let desc = format!("{} AUSTIN TX", merchant_name(p.merchant));
    posted(&id, p.account, amount, p.at, post_day, &desc)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn batches_never_lose_or_double_posted(
        ps in prop::collection::vec(purchase(), 1..10),
        batches in prop::collection::vec((prop::collection::vec(any::<bool>(), 20), any::<bool>(), any::<u64>()), 1..7),
    ) {
        let ps = universe(ps);
        let policy = ReconcilePolicy::default();
        let mut state: Vec<Transaction> = Vec::new();
        let mut delivered_posted = vec![false; ps.len()];
        for (k, (mask, rotated, shuffle)) in batches.iter().enumerate() {
            let mut batch = Vec::new();
            for (i, p) in ps.iter().enumerate() {
                // Twins' posted forms travel together (same posted day, same window).
                let group = (0..=i).rev().find(|&j| !ps[j].twin_of_previous).unwrap_or(0);
                // Sources re-issue ids for some transactions of some batches.
                let rotated = *rotated && (shuffle >> (i % 64)) & 1 == 1;
                if p.has_pending && mask[(2 * i) % 20] {
                    batch.push(pending_of(i, p));
                }
                if mask[(2 * group + 1) % 20] {
                    batch.push(posted_of(i, p, rotated));
                    delivered_posted[i] = true;
                }
            }
            // Arbitrary order within the batch.
            let n = batch.len();
            if n > 1 {
                for j in 0..n {
                    let r = (shuffle.wrapping_mul(j as u64 + 1) >> 7) as usize % n;
                    batch.swap(j, r);
                }
            }
            let now = T0 + (k as i64 + 1) * 4 * DAY;
            let plan = reconcile(&state, &batch, now, &policy);
            state = plan.apply(&state);
            // Idempotence.
            let again = reconcile(&state, &batch, now, &policy);
            prop_assert!(again.is_empty(), "re-applying a batch changed something");
            // Every delivered posted purchase is present exactly once (per merchant).
            for m in 0..ps.len() {
                let want = ps.iter().enumerate().filter(|(i, p)| p.merchant == m && delivered_posted[*i]).count();
                let name = merchant_name(m);
                let have = state.iter().filter(|t| t.status == TxnStatus::Posted && t.description.starts_with(&name) && t.description.len() == name.len() + 10).count();
                prop_assert_eq!(have, want, "merchant {} posted count", m);
            }
        }
        // Once every purchase has posted, no pending charge is left over after the expiry
        // horizon. (Immediately, one can be: when a look-alike merchant's pending charge, with
        // an amount inside the tip tolerance, was settled by this merchant's posted form before
        // this merchant's own pending arrived, and is not re-sent, nothing is left to tell the
        // match was wrong; the stray pending then lives until it expires. Documented in
        // reconcile.rs as a known limitation.)
        let horizon = T0 + (batches.len() as i64 + 1) * 4 * DAY + (policy.pending_expiry_days + 2) * DAY;
        let plan = reconcile(&state, &[], horizon, &policy);
        let state = plan.apply(&state);
        if delivered_posted.iter().all(|d| *d) {
            let left = state.iter().filter(|t| t.status == TxnStatus::Pending).count();
            prop_assert_eq!(left, 0, "stale pending charges after the expiry horizon");
        }
    }

    #[test]
    fn reconcile_never_panics_on_odd_input(
        amounts in prop::collection::vec(any::<i64>(), 0..6),
        times in prop::collection::vec(any::<i64>(), 0..6),
        now in any::<i64>(),
    ) {
        let txns: Vec<Transaction> = amounts
            .iter()
            .zip(times.iter())
            .enumerate()
            .map(|(i, (a, t))| {
                if i % 2 == 0 {
                    pending(&format!("x{}", i % 3), "c", *a, *t, "SAME SHOP")
                } else {
                    posted(&format!("y{i}"), "c", *a, *t, t.saturating_add(DAY), "SAME SHOP")
                }
            })
            .collect();
        let plan = reconcile(&[], &txns, now, &ReconcilePolicy::default());
        let set = plan.apply(&[]);
        let plan2 = reconcile(&set, &txns, now, &ReconcilePolicy::default());
        prop_assert!(plan2.is_empty());
    }
}

fn odd_txn(
    (i, pend, acct, amount, at, lag, desc, link): (u8, bool, u8, i64, i64, i64, u8, Option<u8>),
) -> Transaction {
    let names = [
        "STARBUCKS 123",
        "STARBUCKS 456",
        "SHELL OIL",
        "TARGET T-1",
        "CHIPOTLE",
    ];
    let mut t = if pend {
        pending(
            &format!("p{i}"),
            &format!("a{acct}"),
            amount,
            T0 + at,
            names[desc as usize % 5],
        )
    } else {
        posted(
            &format!("q{i}"),
            &format!("a{acct}"),
            amount,
            T0 + at,
            T0 + at + lag,
            names[desc as usize % 5],
        )
    };
    t.mcc = (desc == 2).then_some(5541);
    t.pending_link = link.filter(|_| !pend).map(|l| TxnId(format!("p{l}")));
    t
}

/// Transactions drawn from a small universe so that ids, amounts, days and descriptions
/// collide often: look-alikes, re-sent ids, links, fuel holds.
fn crowded_txn() -> impl Strategy<Value = Transaction> {
    (
        0u8..12,
        any::<bool>(),
        0u8..2,
        prop_oneof![Just(-500i64), Just(-520), Just(-1000), -3000i64..-100],
        prop_oneof![Just(0i64), Just(3600), 0i64..(20 * DAY)],
        prop_oneof![Just(DAY), 0i64..(4 * DAY)],
        0u8..5,
        prop::option::weighted(0.2, 0u8..12),
    )
        .prop_map(odd_txn)
}

/// `txns` with each id once (the last occurrence), in id order.
fn one_per_id(txns: Vec<Transaction>) -> Vec<Transaction> {
    txns.into_iter()
        .map(|t| (t.id.clone(), t))
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn plans_do_not_depend_on_input_order(
        existing in prop::collection::vec(crowded_txn(), 0..10),
        incoming in prop::collection::vec(crowded_txn(), 0..10),
        now in 0i64..(40 * DAY),
        seed in any::<u64>(),
    ) {
        // Stored ids are unique; the batch may repeat one (its last occurrence wins, so only
        // distinct-id batches can be reordered freely).
        let (existing, incoming) = (one_per_id(existing), one_per_id(incoming));
        let policy = ReconcilePolicy::default();
        let plan = reconcile(&existing, &incoming, T0 + now, &policy);
        let mut ex2 = existing.clone();
        let mut in2 = incoming.clone();
        for v in [&mut ex2, &mut in2] {
            let n = v.len();
            for j in 0..n {
                let r = (seed.wrapping_mul(j as u64 * 2 + 1) >> 11) as usize % n;
                v.swap(j, r);
            }
            v.reverse();
        }
        let again = reconcile(&ex2, &in2, T0 + now, &policy);
        prop_assert!(plan == again, "plan depends on input order");
    }
}

/// CPU seconds of this thread (Linux; 0 elsewhere): the figure that means something when
/// the machine is shared.
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // After the state letter (not a number): utime and stime are the 11th and 12th numbers.
    (f.get(10).copied().unwrap_or(0.0) + f.get(11).copied().unwrap_or(0.0)) / 100.0
}

/// Rough cost figures (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn timing() {
    let n = 100_000;
    let existing = crate::sources::sandbox::sandbox_txns_for_bench(n, 1);
    let policy = ReconcilePolicy::default();
    let c = thread_cpu();
    let plan = reconcile(&existing, &existing, T0, &policy);
    println!(
        "re-sync of {n} known: {:.3} cpu s, empty {}",
        thread_cpu() - c,
        plan.is_empty()
    );
    let rotated: Vec<Transaction> = existing
        .iter()
        .map(|t| Transaction {
            id: TxnId(format!("{}-r", t.id.as_str())),
            ..t.clone()
        })
        .collect();
    let c = thread_cpu();
    let plan = reconcile(&existing, &rotated, T0, &policy);
    println!(
        "{n} rotated ids: {:.3} cpu s, deduped {}",
        thread_cpu() - c,
        plan.stats.rotated_ids_deduped
    );
    let c = thread_cpu();
    let plan = reconcile(&[], &existing, T0, &policy);
    println!(
        "first import of {n}: {:.3} cpu s, inserted {}",
        thread_cpu() - c,
        plan.stats.inserted
    );
}
