//! Unit tests of the fraud engine: one per signal on hand-built histories, feedback, episodes,
//! hostile input and the state encoding.

use super::features::context;
use super::*;
use crate::time::{parse_iso_local, DAY};

pub(super) const HOME: (i32, i32) = (40_712_800, -74_006_000); // New York
pub(super) const LONDON: (i32, i32) = (51_507_400, -127_800);

pub(super) fn profile() -> Profile {
    Profile {
        home_lat_e6: Some(HOME.0),
        home_lon_e6: Some(HOME.1),
    }
}

/// A model that scores everything low, so only rules alert.
pub(super) fn rules_only() -> FraudEngine {
    FraudEngine::with_model(FraudModel {
        depth: 1,
        base: -8.0,
        t_open: 0.5,
        t_join: 0.3,
        t_join_new: 0.3,
        t_pair: NO_PAIR,
        trees: vec![],
        first: Default::default(),
    })
}

pub(super) fn ts(s: &str) -> i64 {
    parse_iso_local(s, 0).unwrap()
}

pub(super) fn txn(t: i64, cents: i64, merchant: &str, cat: Category) -> FraudTxn {
    FraudTxn {
        ts: t,
        amount_minor: cents,
        merchant: Some(merchant.to_string()),
        category: Some(cat),
        mcc: None,
        card_present: Some(true),
        lat_e6: Some(HOME.0 + 10_000),
        lon_e6: Some(HOME.1 + 10_000),
    }
}

/// 60 days of daytime groceries and dining around $40, at a few merchants.
pub(super) fn history(e: &FraudEngine) -> CardState {
    let mut s = CardState::new();
    let t0 = ts("2022-01-01T12:00:00");
    for d in 0..60i64 {
        let m = ["Grocer A", "Grocer B", "Cafe C"][(d % 3) as usize];
        let cat = if d % 3 == 2 {
            Category::Dining
        } else {
            Category::Groceries
        };
        let cents = 3_500 + (d * 137) % 1_500;
        e.assess(
            &mut s,
            &txn(t0 + d * DAY + (d % 5) * 1800, cents, m, cat),
            &profile(),
            d as u64,
        );
    }
    s
}

pub(super) const T_LATER: &str = "2022-03-05T13:00:00";

#[test]
fn unusual_amount_uses_the_persons_own_baseline() {
    let e = rules_only();
    let s = history(&e);
    let t = ts(T_LATER);
    let normal = context(
        &s,
        &txn(t, 4_200, "Grocer A", Category::Groceries),
        &profile(),
    );
    let big = context(
        &s,
        &txn(t, 90_000, "Grocer A", Category::Groceries),
        &profile(),
    );
    assert!(normal.z_bucket.abs() < 1.5, "{}", normal.z_bucket);
    assert!(big.z_bucket > 3.0, "{}", big.z_bucket);
}

#[test]
fn unusual_amount_scores_higher_with_the_shipped_model() {
    let e = FraudEngine::new().unwrap();
    let s = history(&e);
    let t = ts("2022-03-05T23:00:00");
    let low = e.assess(
        &mut s.clone(),
        &txn(t, 4_200, "Grocer A", Category::Groceries),
        &profile(),
        1,
    );
    let high = e.assess(
        &mut s.clone(),
        &txn(t, 95_000, "Shop X", Category::Shopping),
        &profile(),
        1,
    );
    assert!(high.score > low.score, "{} <= {}", high.score, low.score);
}

#[test]
fn new_merchant_and_category() {
    let e = rules_only();
    let s = history(&e);
    let t = ts(T_LATER);
    let seen = context(
        &s,
        &txn(t, 4_000, "grocer a", Category::Groceries),
        &profile(),
    );
    let new = context(
        &s,
        &txn(t, 4_000, "Elsewhere", Category::Entertainment),
        &profile(),
    );
    assert!(seen.merchant_count > 0);
    assert_eq!(new.merchant_count, 0);
    assert!(seen.bucket_share > 0.3);
    assert_eq!(new.bucket_share, 0.0);
}

#[test]
fn unusual_hour() {
    let e = rules_only();
    let s = history(&e);
    let day = context(
        &s,
        &txn(
            ts("2022-03-05T13:00:00"),
            4_000,
            "Grocer A",
            Category::Groceries,
        ),
        &profile(),
    );
    let night = context(
        &s,
        &txn(
            ts("2022-03-05T03:00:00"),
            4_000,
            "Grocer A",
            Category::Groceries,
        ),
        &profile(),
    );
    assert!(day.hour_share > 0.05);
    assert!(night.hour_share < 0.02);
}

#[test]
fn velocity_counts_short_windows() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    for k in 0..5 {
        e.assess(
            &mut s,
            &txn(t + k * 300, 2_500 + k * 10, "Shop", Category::Shopping),
            &profile(),
            100,
        );
    }
    let c = context(
        &s,
        &txn(t + 1_800, 2_000, "Shop", Category::Shopping),
        &profile(),
    );
    assert_eq!(c.count_1h, 5);
    let later = context(
        &s,
        &txn(t + 2 * 3600 + 1_800, 2_000, "Shop", Category::Shopping),
        &profile(),
    );
    assert_eq!(later.count_1h, 0);
}

#[test]
fn card_testing_burst_of_tiny_charges() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    let mut cnp = txn(t, 100, "Web 1", Category::Shopping);
    cnp.card_present = Some(false);
    let a1 = e.assess(&mut s, &cnp, &profile(), 1);
    cnp.ts += 60;
    cnp.merchant = Some("Web 2".into());
    let a2 = e.assess(&mut s, &cnp, &profile(), 2);
    assert!(!a1.alert && !a2.alert);
    cnp.ts += 60;
    cnp.merchant = Some("Web 3".into());
    let a3 = e.assess(&mut s, &cnp, &profile(), 3);
    assert!(a3.alert && a3.reasons.contains(Reason::CardTesting));
    // Tiny charges spread over a day are not a burst.
    let mut s2 = history(&e);
    for k in 0..4 {
        let a = e.assess(
            &mut s2,
            &txn(t + k * 7200, 150, "Vending", Category::Dining),
            &profile(),
            k as u64,
        );
        assert!(!a.reasons.contains(Reason::CardTesting));
    }
}

#[test]
fn duplicate_charge() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    e.assess(
        &mut s,
        &txn(t, 5_999, "Store Z", Category::Shopping),
        &profile(),
        1,
    );
    let other = e.assess(
        &mut s.clone(),
        &txn(t + 300, 6_000, "Store Z", Category::Shopping),
        &profile(),
        2,
    );
    assert!(!other.reasons.contains(Reason::DuplicateCharge));
    let dup = e.assess(
        &mut s,
        &txn(t + 300, 5_999, "Store Z", Category::Shopping),
        &profile(),
        2,
    );
    assert!(dup.alert && dup.reasons.contains(Reason::DuplicateCharge));
}

#[test]
fn far_from_home_and_travel_notice() {
    let e = rules_only();
    let s = history(&e);
    let t = ts(T_LATER);
    let mut far = txn(t, 3_000, "Online", Category::Shopping);
    far.card_present = Some(false);
    far.lat_e6 = Some(LONDON.0);
    far.lon_e6 = Some(LONDON.1);
    let a = e.assess(&mut s.clone(), &far, &profile(), 1);
    assert!(a.reasons.contains(Reason::FarFromHome));
    let mut near = far.clone();
    near.lat_e6 = Some(HOME.0);
    near.lon_e6 = Some(HOME.1);
    assert!(!e
        .assess(&mut s.clone(), &near, &profile(), 1)
        .reasons
        .contains(Reason::FarFromHome));
    let mut s2 = s.clone();
    let notice = TravelNotice {
        lat_e6: LONDON.0,
        lon_e6: LONDON.1,
        radius_km: 100,
        start: t - DAY,
        end: t + DAY,
    };
    e.add_travel_notice(&mut s2, notice, t).unwrap();
    assert!(!e
        .assess(&mut s2, &far, &profile(), 1)
        .reasons
        .contains(Reason::FarFromHome));
    let bad = TravelNotice {
        lat_e6: 95_000_000,
        ..notice
    };
    assert_eq!(
        e.add_travel_notice(&mut s2, bad, t),
        Err(FraudError::BadCoordinate)
    );
}

#[test]
fn impossible_travel_between_card_present_payments() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    e.assess(
        &mut s,
        &txn(t, 3_000, "Grocer A", Category::Groceries),
        &profile(),
        1,
    );
    let mut london = txn(t + 3600, 3_000, "Pub", Category::Dining);
    london.lat_e6 = Some(LONDON.0);
    london.lon_e6 = Some(LONDON.1);
    let a = e.assess(&mut s.clone(), &london, &profile(), 2);
    assert!(a.alert && a.reasons.contains(Reason::ImpossibleTravel));
    london.ts = t + 20 * 3600; // a flight fits in 20 hours
    let b = e.assess(&mut s, &london, &profile(), 2);
    assert!(!b.reasons.contains(Reason::ImpossibleTravel));
}

#[test]
fn high_risk_mcc() {
    let e = rules_only();
    let mut s = history(&e);
    let mut t = txn(ts(T_LATER), 5_000, "Casino", Category::Entertainment);
    t.mcc = Some(7995);
    assert!(e
        .assess(&mut s.clone(), &t, &profile(), 1)
        .reasons
        .contains(Reason::HighRiskMerchant));
    t.mcc = Some(5411);
    assert!(!e
        .assess(&mut s, &t, &profile(), 1)
        .reasons
        .contains(Reason::HighRiskMerchant));
}

#[test]
fn recurring_charge_that_rises() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts("2022-01-10T09:00:00");
    for k in 0..3 {
        let a = e.assess(
            &mut s,
            &txn(t + k * 30 * DAY, 999, "StreamCo", Category::Subscriptions),
            &profile(),
            1,
        );
        assert!(!a.reasons.contains(Reason::RecurringIncrease));
    }
    let same = e.assess(
        &mut s.clone(),
        &txn(t + 90 * DAY, 999, "StreamCo", Category::Subscriptions),
        &profile(),
        2,
    );
    assert!(!same.reasons.contains(Reason::RecurringIncrease));
    let up = e.assess(
        &mut s,
        &txn(t + 90 * DAY, 1_499, "StreamCo", Category::Subscriptions),
        &profile(),
        2,
    );
    assert!(up.alert && up.reasons.contains(Reason::RecurringIncrease));
}

/// A variable monthly bill (phone, utilities) is not "a regular charge that went up".
#[test]
fn variable_bill_is_not_a_recurring_increase() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts("2022-01-10T09:00:00");
    for (k, cents) in [8_012i64, 8_377, 7_954, 8_630, 9_105, 8_240]
        .iter()
        .enumerate()
    {
        let a = e.assess(
            &mut s,
            &txn(t + k as i64 * 30 * DAY, *cents, "PhoneCo", Category::Bills),
            &profile(),
            1,
        );
        assert!(!a.reasons.contains(Reason::RecurringIncrease), "month {k}");
    }
}

#[test]
fn free_trial_turning_paid() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    let online = |t: i64, cents: i64| FraudTxn {
        card_present: Some(false),
        ..txn(t, cents, "AppCo", Category::Subscriptions)
    };
    e.assess(&mut s, &online(t, 0), &profile(), 1);
    let paid = e.assess(&mut s.clone(), &online(t + 14 * DAY, 1_299), &profile(), 2);
    assert!(paid.alert && paid.reasons.contains(Reason::TrialToPaid));
    // Card presence unknown (a bank feed without it): still a trial.
    let unknown = FraudTxn {
        card_present: None,
        ..online(t + 14 * DAY, 1_299)
    };
    let paid = e.assess(&mut s.clone(), &unknown, &profile(), 2);
    assert!(paid.reasons.contains(Reason::TrialToPaid));
    // The same charge made in person is a purchase after a $1 one, not a subscription.
    let in_person = FraudTxn {
        card_present: Some(true),
        ..online(t + 14 * DAY, 1_299)
    };
    let paid = e.assess(&mut s.clone(), &in_person, &profile(), 2);
    assert!(!paid.reasons.contains(Reason::TrialToPaid));
    // A merchant whose first charge was not a trial does not trigger it.
    e.assess(
        &mut s,
        &txn(t, 2_000, "GymCo", Category::Health),
        &profile(),
        3,
    );
    let gym = e.assess(
        &mut s,
        &txn(t + 14 * DAY, 2_500, "GymCo", Category::Health),
        &profile(),
        4,
    );
    assert!(!gym.reasons.contains(Reason::TrialToPaid));
}

#[test]
fn one_alert_per_episode() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    let mut c = txn(t, 100, "W1", Category::Shopping);
    let mut events = vec![];
    for k in 0..6 {
        c.ts = t + k * 60;
        c.merchant = Some(format!("W{k}"));
        events.push(e.assess(&mut s, &c, &profile(), k as u64).event);
    }
    let opened = events
        .iter()
        .filter(|e| matches!(e, AlertEvent::Opened(_)))
        .count();
    let joined = events
        .iter()
        .filter(|e| matches!(e, AlertEvent::Joined(_)))
        .count();
    assert_eq!(opened, 1);
    assert_eq!(joined, 3);
    let alert = e.current_alert(&s).unwrap();
    assert_eq!(alert.txn_refs, vec![2, 3, 4, 5]);
    assert!(alert.reasons.contains(&Reason::CardTesting));
    // A week later a new burst opens a new episode.
    c.ts = t + 7 * DAY;
    for k in 0..3 {
        c.ts += 60;
        c.merchant = Some(format!("X{k}"));
        e.assess(&mut s, &c, &profile(), 10 + k);
    }
    assert_ne!(e.current_alert(&s).unwrap().episode, alert.episode);
}

#[test]
fn feedback_yes_lowers_later_scores_and_no_raises_them() {
    let e = FraudEngine::new().unwrap();
    let mut s = history(&e);
    let t = ts("2022-03-05T23:30:00");
    let mut big = txn(t, 120_000, "Electro", Category::Shopping);
    big.card_present = Some(false);
    let first = e.assess(&mut s, &big, &profile(), 1);
    assert!(first.alert, "score {}", first.score);
    let AlertEvent::Opened(alert) = first.event else {
        panic!("no alert opened")
    };
    let mut yes = s.clone();
    let mut no = s.clone();
    e.confirm_legit(&mut yes, alert.episode).unwrap();
    e.confirm_fraud(&mut no, alert.episode).unwrap();
    assert_eq!(e.current_alert(&yes).unwrap().status, EpisodeStatus::Legit);
    assert_eq!(e.current_alert(&no).unwrap().status, EpisodeStatus::Fraud);
    assert_eq!(
        e.confirm_legit(&mut yes, alert.episode + 7),
        Err(FraudError::UnknownEpisode)
    );
    let mut later = big.clone();
    later.ts = t + 10 * DAY;
    later.amount_minor = 110_000;
    let base = e.assess(&mut s.clone(), &later, &profile(), 2).score;
    let y = e.assess(&mut yes, &later, &profile(), 2).score;
    let n = e.assess(&mut no, &later, &profile(), 2).score;
    assert!(y < base, "{y} >= {base}");
    assert!(n > base, "{n} <= {base}");
}

#[test]
fn snoozed_merchant_does_not_alert() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    e.snooze_merchant(&mut s, "Store Z", t + DAY);
    e.assess(
        &mut s,
        &txn(t, 5_999, "Store Z", Category::Shopping),
        &profile(),
        1,
    );
    let dup = e.assess(
        &mut s,
        &txn(t + 60, 5_999, "store z", Category::Shopping),
        &profile(),
        2,
    );
    assert!(!dup.alert);
    assert!(dup.reasons.contains(Reason::DuplicateCharge));
}

/// A model that scores everything at about 0.9997: only the alert policy limits alerts.
fn alarmist() -> FraudEngine {
    FraudEngine::with_model(FraudModel {
        depth: 1,
        base: 8.0,
        t_open: 0.5,
        t_join: 0.3,
        t_join_new: 0.3,
        t_pair: NO_PAIR,
        trees: vec![],
        first: Default::default(),
    })
}

#[test]
fn learning_period_caps_model_alerts_but_not_rules() {
    let e = alarmist();
    let mut s = CardState::new();
    let t0 = ts("2022-01-01T12:00:00");
    let mut early = 0;
    for d in 0..30i64 {
        let t = txn(
            t0 + d * DAY,
            10_000 + d * 7,
            &format!("Shop {d}"),
            Category::Shopping,
        );
        early += usize::from(e.assess(&mut s, &t, &profile(), d as u64).alert);
    }
    // One episode opened on day 0; the daily payments joined it up to the cap.
    assert_eq!(early, usize::from(LEARNING_PAYMENTS));
    // Payments three days apart join nothing: each would open an episode, and only
    // LEARNING_ALERTS do.
    let mut apart = CardState::new();
    let opened = (0..10i64)
        .filter(|d| {
            let t = txn(
                t0 + d * 3 * DAY,
                10_000,
                &format!("Far {d}"),
                Category::Shopping,
            );
            let a = e.assess(&mut apart, &t, &profile(), *d as u64);
            matches!(a.event, AlertEvent::Opened(_))
        })
        .count();
    assert_eq!(opened, usize::from(LEARNING_ALERTS));
    // A rule still alerts inside the period: a card-testing burst on day 29.
    let mut s2 = s.clone();
    let burst = t0 + 29 * DAY + 7200;
    let hits: Vec<bool> = (0..3)
        .map(|k| {
            let t = txn(burst + k * 60, 100, "Tester", Category::Shopping);
            e.assess(&mut s2, &t, &profile(), 100 + k as u64).alert
        })
        .collect();
    assert_eq!(hits.last(), Some(&true));
    // After the period, the model alerts again.
    let later = txn(t0 + 40 * DAY, 12_345, "Another shop", Category::Shopping);
    assert!(e.assess(&mut s, &later, &profile(), 999).alert);
}

/// Scores 0.95 when the amount is at the top of the person's own distribution, 0.7 otherwise.
fn amount_model(t_join_new: f32) -> FraudEngine {
    FraudEngine::with_model(FraudModel {
        depth: 1,
        base: 0.0,
        t_open: 0.9,
        t_join: 0.9,
        t_join_new,
        t_pair: NO_PAIR,
        trees: vec![super::Tree {
            feature: vec![0],
            threshold: vec![0.99],
            leaf: vec![(0.7f32 / 0.3).ln(), 3.0],
        }],
        first: Default::default(),
    })
}

/// While an episode is open, a payment at a merchant new to the card joins it at
/// `t_join_new`; the same payment at a regular merchant does not.
#[test]
fn new_merchants_join_an_open_episode_at_the_lower_threshold() {
    let s0 = history(&rules_only());
    let t = ts(T_LATER);
    for (t_join_new, joins) in [(0.6, true), (0.9, false)] {
        let e = amount_model(t_join_new);
        let mut s = s0.clone();
        let big = e.assess(
            &mut s,
            &txn(t, 500_000, "Thief 1", Category::Shopping),
            &profile(),
            1,
        );
        assert!(matches!(big.event, AlertEvent::Opened(_)), "{big:?}");
        let regular = e.assess(
            &mut s,
            &txn(t + 3_600, 4_000, "Grocer A", Category::Groceries),
            &profile(),
            2,
        );
        assert!((regular.score - 0.7).abs() < 1e-3);
        assert!(!regular.alert);
        let new = e.assess(
            &mut s,
            &txn(t + 7_200, 4_000, "Thief 2", Category::Groceries),
            &profile(),
            3,
        );
        assert_eq!(new.alert, joins, "t_join_new {t_join_new}");
        if joins {
            assert!(matches!(new.event, AlertEvent::Joined(_)));
        }
        // Once the episode has closed, the same payment opens nothing.
        let later = e.assess(
            &mut s,
            &txn(t + 5 * DAY, 4_000, "Thief 3", Category::Groceries),
            &profile(),
            4,
        );
        assert!(!later.alert);
    }
}

/// Scores 0.7 when the amount is far above the person's own (a robust z-score over 2.5 in its
/// kind of spending), 0.01 otherwise; opens alone only at 0.9.
fn pair_model(t_pair: f32) -> FraudEngine {
    FraudEngine::with_model(FraudModel {
        depth: 1,
        base: 0.0,
        t_open: 0.9,
        t_join: 0.9,
        t_join_new: 0.9,
        t_pair,
        trees: vec![super::Tree {
            feature: vec![3],
            threshold: vec![2.5],
            leaf: vec![(0.01f32 / 0.99).ln(), (0.7f32 / 0.3).ln()],
        }],
        first: Default::default(),
    })
}

/// Two payments of the last 48 hours at or above `t_pair` open an episode on the second;
/// one alone does not, nor two further apart, nor any pair when the model has no `t_pair`.
#[test]
fn a_second_suspicious_payment_within_48_hours_opens_an_episode() {
    let s0 = history(&rules_only());
    let t = ts(T_LATER);
    let big = |k: u64| txn(t, 30_000, &format!("Shop {k}"), Category::Groceries);
    for (t_pair, gap, opens) in [
        (0.6, 3 * 3_600, true),
        (0.6, 47 * 3_600, true),
        (0.6, 3 * DAY, false),
        (0.75, 3 * 3_600, false),
        (NO_PAIR, 3 * 3_600, false),
    ] {
        let e = pair_model(t_pair);
        let mut s = s0.clone();
        let first = e.assess(&mut s, &big(1), &profile(), 1);
        assert!((first.score - 0.7).abs() < 1e-3, "{first:?}");
        assert!(!first.alert);
        let mut second = big(2);
        second.ts = t + gap;
        let a = e.assess(&mut s, &second, &profile(), 2);
        assert_eq!(a.alert, opens, "t_pair {t_pair} gap {gap}");
        if opens {
            assert!(matches!(a.event, AlertEvent::Opened(_)));
            assert!(a.reasons.contains(Reason::UnusualAmount));
        }
    }
    // An ordinary payment after a suspicious one opens nothing.
    let e = pair_model(0.6);
    let mut s = s0.clone();
    e.assess(&mut s, &big(1), &profile(), 1);
    let usual = txn(t + 3_600, 4_000, "Grocer A", Category::Groceries);
    assert!(!e.assess(&mut s, &usual, &profile(), 2).alert);
    // The rule survives a save and load of the state in between.
    let mut s = CardState::from_bytes(&s.to_bytes()).unwrap();
    let mut third = big(3);
    third.ts = t + 2 * 3_600;
    assert!(e.assess(&mut s, &third, &profile(), 3).alert);
}

/// The trainer simulates the alert policy from `policy_inputs`: it must say what `assess`
/// does with the rules and the beyond-novelty check.
#[test]
fn policy_inputs_say_what_the_policy_does() {
    let e = rules_only();
    let s = history(&e);
    let t = ts(T_LATER);
    let p = profile();
    // A usual payment at a regular merchant: nothing added, and it may not open on novelty.
    let usual = txn(t, 4_000, "Grocer A", Category::Groceries);
    let r = e.policy_inputs(&s, &usual, &p);
    assert_eq!((r.bump, r.force, r.open_floor), (0.0, false, 2.0));
    // The same at a new merchant: novelty alone, so it opens only from `NOVELTY_OPEN`.
    let new = txn(t, 4_000, "Grocer Z", Category::Groceries);
    assert_eq!(
        e.policy_inputs(&s, &new, &p).open_floor,
        super::engine::NOVELTY_OPEN
    );
    // Ten times the person's amounts: beyond novelty, it may open at `t_open`.
    let big = txn(t, 40_000, "Grocer Z", Category::Groceries);
    assert_eq!(e.policy_inputs(&s, &big, &p).open_floor, 0.0);
    // Online far from home: the rule's log-odds, as `assess` adds them.
    let mut far = txn(t, 3_000, "Online", Category::Shopping);
    far.card_present = Some(false);
    far.lat_e6 = Some(LONDON.0);
    far.lon_e6 = Some(LONDON.1);
    let r = e.policy_inputs(&s, &far, &p);
    assert!(r.bump > 0.0 && !r.force);
    let a = e.assess(&mut s.clone(), &far, &p, 1);
    let expected = 1.0 / (1.0 + (8.0 - r.bump).exp());
    assert!((a.score - expected).abs() < 1e-6, "{} {expected}", a.score);
    // A card-testing burst: the third tiny charge is forced, and `assess` alerts on it.
    let mut s2 = s.clone();
    let mut tiny = txn(t, 100, "Web 1", Category::Shopping);
    tiny.card_present = Some(false);
    for k in 0..3 {
        tiny.ts = t + 60 * k;
        tiny.merchant = Some(format!("Web {k}"));
        let r = e.policy_inputs(&s2, &tiny, &p);
        let a = e.assess(&mut s2, &tiny, &p, k as u64);
        assert_eq!(r.force, k == 2);
        assert_eq!(a.alert, r.force);
    }
    // Refunds are never judged.
    let refund = txn(t, -4_000, "Grocer A", Category::Groceries);
    let r = e.policy_inputs(&s, &refund, &p);
    assert!(!r.force && r.open_floor > 1.0);
}
