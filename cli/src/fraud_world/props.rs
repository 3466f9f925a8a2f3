//! Property tests of the shipped engine on generated lives (issue #19): a larger amount never
//! lowers a score, shifting a person's clock barely changes their false alerts, a person who
//! always pays at night is not flagged for it, and a new card's first 30 days stay quiet.

use proptest::prelude::*;
use tacit_core::fraud::{
    AlertEvent, CardState, FraudEngine, Reason, LEARNING, LEARNING_ALERTS, LEARNING_PAYMENTS,
};

use super::life::Kind;
use super::{card_year, profile, to_fraud_txn};

/// Replays a legitimate year; returns `(timestamp, reasons, opened)` of every alerted
/// transaction (all false alerts: the year has no fraud; `opened` when it opened an episode
/// rather than joined one) and the card's first time.
fn alerts(
    engine: &FraudEngine,
    seed: u64,
    card: u64,
    shift: i64,
) -> (Vec<(i64, Vec<Reason>, bool)>, i64) {
    let (person, txns) = card_year(seed, card, Some(false), true, shift);
    let home = profile(&person);
    let mut s = CardState::new();
    let mut out = Vec::new();
    for (i, t) in txns.iter().enumerate() {
        let a = engine.assess(&mut s, &to_fraud_txn(t), &home, i as u64);
        if a.alert {
            let (reasons, opened) = match a.event {
                AlertEvent::Opened(al) => (al.reasons, true),
                _ => (a.reasons.to_vec(), false),
            };
            out.push((t.ts, reasons, opened));
        }
    }
    (out, txns.first().map_or(0, |t| t.ts))
}

fn engine() -> FraudEngine {
    FraudEngine::new().expect("the built-in model parses")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Raising an amount relative to the person's history never lowers its score (the model
    /// is monotone in every amount feature). Amounts stay above the card-testing range and the
    /// merchant is new, so no amount-specific rule (duplicate, trial, recurring) is in play.
    #[test]
    fn raising_an_amount_never_lowers_the_score(
        card in 0u64..400, at in 5usize..400, cents in 201i64..50_000, factor in 1.0f64..30.0
    ) {
        let e = engine();
        let (person, txns) = card_year(21, card, Some(false), true, 0);
        let home = profile(&person);
        let mut s = CardState::new();
        for (i, t) in txns.iter().take(at).enumerate() {
            e.assess(&mut s, &to_fraud_txn(t), &home, i as u64);
        }
        let Some(base) = txns.get(at) else { return Ok(()) };
        let mut t = to_fraud_txn(base);
        t.merchant = Some("A merchant never seen before".to_string());
        t.amount_minor = cents;
        let low = e.assess(&mut s.clone(), &t, &home, 0).score;
        t.amount_minor = (cents as f64 * factor) as i64;
        let high = e.assess(&mut s.clone(), &t, &home, 0).score;
        prop_assert!(high >= low - 1e-6, "{low} -> {high}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Shifting all of a person's transactions by a constant number of hours barely changes
    /// their false alerts (no feature reads the clock; day boundaries still move the 24-hour
    /// windows a little).
    #[test]
    fn shifting_a_persons_clock_barely_changes_false_alerts(shift in 1i64..24) {
        let e = engine();
        let (mut base, mut shifted) = (0usize, 0usize);
        for card in 0..60 {
            base += alerts(&e, 33, card, 0).0.len();
            shifted += alerts(&e, 33, card, shift).0.len();
        }
        let diff = base.abs_diff(shifted);
        eprintln!("shift={shift} false_alerts={base} shifted_false_alerts={shifted}");
        prop_assert!(diff <= 3 + base / 5, "{base} false alerts, {shifted} shifted by {shift} h");
    }
}

/// A person who always pays at night is not flagged for it: none of their alerts says
/// "unusual hour", and they raise no more false alerts than day workers.
#[test]
fn night_shoppers_are_not_flagged_for_it() {
    let e = engine();
    let (mut night, mut day) = ((0usize, 0usize), (0usize, 0usize));
    for card in 0..400 {
        let kind = card_year(44, card, Some(false), true, 0).0.kind;
        let (a, _) = alerts(&e, 44, card, 0);
        match kind {
            Kind::NightShift => {
                assert!(
                    !a.iter().any(|(_, r, _)| r.contains(&Reason::UnusualHour)),
                    "night worker flagged for the hour: {a:?}"
                );
                night = (night.0 + a.len(), night.1 + 1);
            }
            Kind::Day => day = (day.0 + a.len(), day.1 + 1),
            _ => {}
        }
    }
    assert!(night.1 > 20 && day.1 > 100, "{night:?} {day:?}");
    let (nr, dr) = (night.0 as f64 / night.1 as f64, day.0 as f64 / day.1 as f64);
    eprintln!("night_workers={} night_false_alerts_per_year={nr:.3} day_workers={} day_false_alerts_per_year={dr:.3}", night.1, day.1);
    assert!(
        nr <= dr + 0.25,
        "night {nr:.2} vs day {dr:.2} false alerts per card-year"
    );
}

/// A new card's first 30 days raise at most `LEARNING_ALERTS` false alerts shown to the
/// person (episodes opened) and at most `LEARNING_PAYMENTS` alerted payments in all, joined
/// ones included (the numbers the docs state), on every one of 300 generated legitimate lives,
/// and few on average: the shipped model measured 0.030 alerts and 0.030 alerted payments per
/// card (README, docs/fraud.md); more than 0.05 of either fails.
#[test]
fn a_new_cards_first_month_stays_quiet() {
    let e = engine();
    let (mut total, mut total_opened) = (0usize, 0usize);
    for card in 0..300 {
        let (a, first) = alerts(&e, 55, card, 0);
        let early: Vec<_> = a
            .iter()
            .filter(|(ts, _, _)| *ts - first < LEARNING)
            .collect();
        let opened = early.iter().filter(|(_, _, o)| *o).count();
        assert!(
            opened <= usize::from(LEARNING_ALERTS),
            "card {card}: {opened} false alerts opened in its first 30 days"
        );
        assert!(
            early.len() <= usize::from(LEARNING_PAYMENTS),
            "card {card}: {} payments falsely alerted in its first 30 days",
            early.len()
        );
        total += early.len();
        total_opened += opened;
    }
    let (per_card_opened, per_card) = (total_opened as f64 / 300.0, total as f64 / 300.0);
    eprintln!(
        "first_month_false_alerts_per_card={per_card_opened:.3} first_month_false_payments_per_card={per_card:.3}"
    );
    assert!(
        per_card_opened <= 0.05 && per_card <= 0.05,
        "{per_card_opened:.3} false alerts, {per_card:.3} alerted payments per new card"
    );
}
