//! Tests of the sandbox generator as a whole: determinism, balance consistency, pending to
//! posted replay, planted episodes and the benchmark helper.

use super::*;
use crate::model::{AccountKind, TxnStatus};
use crate::time::DAY;
use std::collections::{HashMap, HashSet};

fn start() -> Date {
    Date {
        year: 2025,
        month: 1,
        day: 1,
    }
}

fn year(seed: u64) -> SandboxData {
    SandboxBank::generate(seed, start(), 12)
}

#[test]
fn same_seed_same_output() {
    let a = year(42);
    let b = year(42);
    assert_eq!(a.accounts, b.accounts);
    assert_eq!(a.transactions, b.transactions);
    assert_eq!(a.episodes, b.episodes);
    assert_eq!(a.home, b.home);
    let c = year(43);
    assert_ne!(a.transactions, c.transactions);
}

#[test]
fn realistic_shape() {
    for seed in 0..6 {
        let d = year(seed);
        assert!((2..=3).contains(&d.accounts.len()));
        assert!(d.accounts.iter().any(|a| a.kind == AccountKind::CreditCard));
        assert!(d
            .accounts
            .iter()
            .all(|a| a.last4.as_ref().is_some_and(|l| l.len() == 4)));
        let n = d.transactions.len();
        assert!((500..=2500).contains(&n), "{n} transactions");
        let ids: HashSet<_> = d.transactions.iter().map(|t| &t.id).collect();
        assert_eq!(ids.len(), n, "ids unique");
        let merchants: HashSet<_> = d
            .transactions
            .iter()
            .filter_map(|t| t.merchant.as_ref())
            .collect();
        assert!(merchants.len() >= 30, "{} merchants", merchants.len());
        let income: Vec<_> = d
            .transactions
            .iter()
            .filter(|t| t.category == Some(crate::model::Category::Income) && t.amount > 100_000)
            .collect();
        assert!(income.len() >= 12);
        for t in &d.transactions {
            assert!(t.transacted_at < d.end);
            if t.mcc.is_some() && t.category != Some(crate::model::Category::Transfer) {
                assert!(t.amount < 0, "card purchases are negative");
            }
            if let Some(loc) = &t.location {
                let lat = loc.lat_e6.unwrap_or(0);
                assert!(lat.abs() <= 90_000_000);
            }
        }
    }
}

#[test]
fn balances_match_transactions() {
    for seed in [1u64, 2, 3, 99] {
        let d = year(seed);
        for (i, acct) in d.accounts.iter().enumerate() {
            let txns = d.transactions.iter().filter(|t| t.account == acct.id);
            let posted: i64 = txns
                .clone()
                .filter(|t| t.status == TxnStatus::Posted)
                .map(|t| t.amount)
                .sum();
            let pending: i64 = txns
                .filter(|t| t.status == TxnStatus::Pending)
                .map(|t| t.amount)
                .sum();
            let balance = acct.balance.map(|b| b.minor);
            assert_eq!(Some(d.opening_balances[i] + posted), balance);
            let limit = acct.credit.as_ref().and_then(|c| c.limit).unwrap_or(0);
            assert_eq!(
                acct.available.map(|b| b.minor),
                balance.map(|b| b + pending + limit)
            );
        }
    }
}

#[test]
fn checking_stays_in_credit() {
    for seed in 0..8u64 {
        let d = year(seed);
        let chk = &d.accounts[0];
        let mut posted: Vec<_> = d
            .transactions
            .iter()
            .filter(|t| t.account == chk.id && t.status == TxnStatus::Posted)
            .collect();
        posted.sort_by_key(|t| t.posted_at);
        let mut bal = d.opening_balances[0];
        let mut min = bal;
        for t in posted {
            bal += t.amount;
            min = min.min(bal);
        }
        assert!(
            min > -50_000,
            "seed {seed}: checking dipped deeply negative"
        );
    }
}

#[test]
fn credit_card_terms() {
    let d = year(5);
    let card = d
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .unwrap();
    let terms = card.credit.as_ref().unwrap();
    assert!(terms.limit.unwrap() >= 500_000);
    assert!(terms.apr_bps.unwrap() >= 1999);
    let stmt = terms.statement_balance.unwrap();
    assert!(stmt > 0);
    let min = terms.minimum_payment.unwrap();
    assert!(min > 0 && min <= stmt);
    assert!(
        terms.due_date.unwrap() > crate::time::local_date(d.end, d.offset_minutes).add_days(-40)
    );
    // Payments from checking land on the card.
    let payments = d
        .transactions
        .iter()
        .filter(|t| {
            t.account == card.id
                && t.amount > 0
                && t.category == Some(crate::model::Category::Transfer)
        })
        .count();
    assert!(payments >= 10, "{payments} payments");
}

#[test]
fn pending_charges_post_later_with_new_ids() {
    let d = year(7);
    assert!(d.entries_in_phase(Phase::Pending) > 0);
    let pending_now: Vec<_> = d
        .transactions
        .iter()
        .filter(|t| t.status == TxnStatus::Pending)
        .collect();
    assert!(!pending_now.is_empty(), "charges near the end are pending");
    let later = d.snapshot_at(d.end + 10 * DAY);
    let later_ids: HashSet<_> = later.transactions.iter().map(|t| &t.id).collect();
    for p in &pending_now {
        assert!(
            !later_ids.contains(&p.id),
            "the pending id disappears once posted or released"
        );
    }
    assert!(
        later
            .transactions
            .iter()
            .filter(|t| t.status == TxnStatus::Pending)
            .count()
            == 0
    );
    let posted_later = later
        .transactions
        .iter()
        .filter(|t| t.status == TxnStatus::Posted)
        .count();
    assert!(
        posted_later
            > d.transactions
                .iter()
                .filter(|t| t.status == TxnStatus::Posted)
                .count()
    );
}

#[test]
fn snapshot_mid_year_replays() {
    let d = year(11);
    let t1 = d.end - 150 * DAY;
    let s1 = d.snapshot_at(t1);
    assert!(s1.transactions.iter().all(|t| t.transacted_at <= t1));
    assert!(s1
        .transactions
        .iter()
        .all(|t| t.posted_at.is_none_or(|p| p <= t1)));
    let pending: Vec<_> = s1
        .transactions
        .iter()
        .filter(|t| t.status == TxnStatus::Pending)
        .collect();
    assert!(!pending.is_empty());
    let s2 = d.snapshot_at(t1 + 8 * DAY);
    // Every pending charge of s1 either posted (new id, same time and account) or was released.
    for p in pending {
        assert!(!s2.transactions.iter().any(|t| t.id == p.id));
        let posted = s2.transactions.iter().filter(|t| {
            t.status == TxnStatus::Posted
                && t.account == p.account
                && t.transacted_at == p.transacted_at
                && t.merchant == p.merchant
        });
        assert!(posted.count() >= 1 || p.description.contains("HOLD") || p.amount == -100);
    }
    // Balances of a snapshot agree with its own transactions.
    for (i, acct) in s1.accounts.iter().enumerate() {
        let posted: i64 = s1
            .transactions
            .iter()
            .filter(|t| t.account == acct.id && t.status == TxnStatus::Posted)
            .map(|t| t.amount)
            .sum();
        assert_eq!(
            acct.balance.map(|b| b.minor),
            Some(d.opening_balances[i] + posted)
        );
    }
}

#[test]
fn tips_change_restaurant_amounts() {
    let d = year(3);
    let tipped = d
        .entries
        .iter()
        .filter(|e| e.posted_amount < e.pending_amount && e.mcc == Some(5812))
        .count();
    assert!(tipped >= 10, "{tipped} tipped meals");
}

#[test]
fn episodes_have_ground_truth() {
    for seed in 0..10u64 {
        let d = year(seed);
        let by_id: HashMap<_, _> = d.transactions.iter().map(|t| (&t.id, t)).collect();
        let kinds: HashSet<_> = d.episodes.iter().map(|e| e.kind).collect();
        assert_eq!(kinds.len(), 5, "seed {seed}: every kind planted");
        for ep in &d.episodes {
            let txns: Vec<_> = ep
                .txn_ids
                .iter()
                .map(|id| by_id.get(id).copied().unwrap())
                .collect();
            assert!(txns
                .iter()
                .all(|t| t.status == TxnStatus::Posted && t.account == ep.account));
            match ep.kind {
                EpisodeKind::CardTesting => {
                    assert!(txns.len() >= 4);
                    assert!(
                        txns.iter()
                            .all(|t| (-199..=-50).contains(&t.amount)
                                && t.card_present == Some(false))
                    );
                    let name = txns[0].merchant.clone();
                    let earlier = d
                        .transactions
                        .iter()
                        .filter(|t| t.merchant == name && t.transacted_at < txns[0].transacted_at)
                        .count();
                    assert_eq!(earlier, 0, "unknown merchant");
                }
                EpisodeKind::RemoteOnlineBurst => {
                    assert!(txns.len() >= 3);
                    let span = txns.last().unwrap().transacted_at - txns[0].transacted_at;
                    assert!(span <= 3 * 3600);
                    for t in &txns {
                        let lat = t.location.as_ref().and_then(|l| l.lat_e6).unwrap();
                        let lon = t.location.as_ref().and_then(|l| l.lon_e6).unwrap();
                        let far = (lat - d.home.0).abs() > 3_000_000
                            || (lon - d.home.1).abs() > 3_000_000;
                        assert!(far, "burst located far from home");
                        assert!(t.amount <= -10_000);
                    }
                }
                EpisodeKind::DuplicateCharge => {
                    assert_eq!(txns.len(), 2);
                    assert_eq!(txns[0].amount, txns[1].amount);
                    assert_eq!(txns[0].merchant, txns[1].merchant);
                    assert_ne!(txns[0].id, txns[1].id);
                    assert!((txns[1].transacted_at - txns[0].transacted_at).abs() <= 600);
                }
                EpisodeKind::SubscriptionPriceRise => {
                    let t = txns[0];
                    assert_eq!(t.amount, -routine::NETFLIX_NEW);
                    let before = d
                        .transactions
                        .iter()
                        .filter(|x| x.merchant == t.merchant && x.transacted_at < t.transacted_at);
                    assert!(before.clone().count() >= 2);
                    assert!(before
                        .into_iter()
                        .all(|x| x.amount == -routine::NETFLIX_OLD));
                }
                EpisodeKind::TrialConversion => {
                    let t = txns[0];
                    let before = d
                        .transactions
                        .iter()
                        .filter(|x| x.merchant == t.merchant && x.transacted_at < t.transacted_at)
                        .count();
                    assert_eq!(before, 0, "first charge of the converted trial");
                    assert!(t.amount < -100);
                }
            }
        }
    }
}

#[test]
fn short_periods_do_not_fail() {
    for months in [0u32, 1, 2, 3] {
        let d = SandboxBank::generate(
            9,
            Date {
                year: 2024,
                month: 2,
                day: 29,
            },
            months,
        );
        assert!(d.accounts.len() >= 2);
        if months == 0 {
            assert!(d.transactions.is_empty());
        }
    }
}

#[test]
fn batch_and_debug() {
    let d = year(1);
    let b = d.batch();
    assert_eq!(b.source, Some(SourceId("sandbox".into())));
    assert_eq!(b.transactions.len(), d.transactions.len());
    let text = format!("{d:?} {b:?}");
    assert!(!text.contains("Netflix") && !text.contains("PAYROLL"));
}

#[test]
fn bench_transactions_are_realistic() {
    let txns = sandbox_txns_for_bench(5_000, 3);
    assert_eq!(txns.len(), 5_000);
    assert_eq!(txns, sandbox_txns_for_bench(5_000, 3));
    let ids: HashSet<_> = txns.iter().map(|t| &t.id).collect();
    assert_eq!(ids.len(), 5_000);
    assert!(txns
        .windows(2)
        .all(|w| w[0].transacted_at < w[1].transacted_at));
    let bytes: usize = txns
        .iter()
        .map(|t| {
            let loc = t
                .location
                .as_ref()
                .map_or(0, |l| 8 + l.city.as_ref().map_or(0, |c| c.len()) + 4);
            t.id.as_str().len()
                + t.account.as_str().len()
                + t.description.len()
                + t.merchant.as_ref().map_or(0, |m| m.len())
                + loc
                + 40
        })
        .sum();
    let avg = bytes / txns.len();
    assert!((120..=280).contains(&avg), "average {avg} bytes");
}

/// The calendar edges a year ending "today" must survive.
fn edge_days() -> Vec<Date> {
    [
        (2028, 2, 29),
        (2028, 2, 28),
        (2028, 3, 1),
        (2026, 12, 31),
        (2027, 1, 1),
        (2026, 11, 30),
        (2026, 3, 8),
        (2026, 12, 5),
    ]
    .iter()
    .filter_map(|&(y, m, d)| Date::new(y, m, d))
    .collect()
}

#[test]
fn a_year_ending_today_ends_on_that_day_in_that_zone() {
    for (i, day) in edge_days().into_iter().enumerate() {
        for offset in [-300, 0, 330] {
            let d = SandboxBank::year_ending(i as u64, day, offset);
            assert_eq!(d.offset_minutes, offset);
            assert_eq!(local_date(d.end, offset), day, "{day:?} {offset}");
            assert_eq!(local_date(d.end + 1, offset), day.add_days(1));
            let first = d
                .transactions
                .iter()
                .map(|t| t.transacted_at)
                .min()
                .unwrap();
            let span = (d.end - first) / DAY;
            assert!((350..=366).contains(&span), "{day:?}: {span} days");
            // Activity runs up to the last days: the last week has transactions.
            let last_week = d
                .transactions
                .iter()
                .filter(|t| t.transacted_at > d.end - 7 * DAY)
                .count();
            assert!(last_week >= 5, "{day:?}: {last_week} in the last week");
            assert!(d.transactions.iter().all(|t| t.transacted_at <= d.end));
        }
    }
}

#[test]
fn a_year_ending_today_is_deterministic_for_seed_day_and_offset() {
    let day = Date::new(2028, 2, 29).unwrap();
    let a = SandboxBank::year_ending(9, day, -300);
    let b = SandboxBank::year_ending(9, day, -300);
    assert_eq!(a.transactions, b.transactions);
    assert_eq!(a.accounts, b.accounts);
    assert_eq!(a.episodes, b.episodes);
    let c = SandboxBank::year_ending(9, day.add_days(1), -300);
    assert_ne!(a.transactions, c.transactions);
}

#[test]
fn a_year_ending_today_has_a_fraud_episode_in_its_last_ten_days() {
    for (i, day) in edge_days().into_iter().enumerate() {
        let d = SandboxBank::year_ending(100 + i as u64, day, 0);
        let at: HashMap<&TxnId, Timestamp> = d
            .transactions
            .iter()
            .map(|t| (&t.id, t.transacted_at))
            .collect();
        let recent = d.episodes.iter().any(|e| {
            e.kind.is_fraud()
                && e.txn_ids
                    .iter()
                    .filter_map(|id| at.get(id))
                    .all(|&ts| ts > d.end - 10 * DAY && ts < d.end - 4 * DAY)
        });
        assert!(recent, "{day:?}: no fraud episode in the last ten days");
        assert!(d.episodes.iter().filter(|e| e.kind.is_fraud()).count() >= 4);
    }
}

#[test]
fn the_start_of_a_year_ending_on_28_february_of_a_leap_year_is_1_march() {
    let d = SandboxBank::year_ending(1, Date::new(2028, 2, 28).unwrap(), 0);
    let first = d
        .transactions
        .iter()
        .map(|t| t.transacted_at)
        .min()
        .unwrap();
    assert!(local_date(first, 0) >= Date::new(2027, 3, 1).unwrap());
}
