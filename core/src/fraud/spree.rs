//! A thief with the card's details at the person's own merchants (issue #19, twelfth pass).
//!
//! Stolen details used at the merchants, hours and places the person already uses, at a few
//! times their usual amounts, look like the person on every axis but the amount, and one big
//! payment is not rare in a life (a person's own amounts spread widely). The evidence is the
//! repetition: a payment big for its kind at a merchant the person pays **regularly** (seven
//! times or more), while other payments big for their kind sit among the card's last eight, or
//! within a week of the card's last alert. The model scores such a payment low because a
//! regular merchant is the person's own; this rule lets it alert at a low score in that
//! context. A regular merchant at seven payments or more keeps it off the cards of people
//! who shop around (Sparkov's cards rarely pay one merchant seven times). Not in a card's
//! learning period, where every merchant is new. Chosen on seed 2 of our world and checked on
//! seed 3 (`docs/fraud.md`, twelfth pass).

use super::engine::EpisodeStatus;
use super::features::{Context, F_BIG_KIND_LAST};
use super::reason::{Reason, ReasonSet};
use super::state::CardState;
use crate::time::DAY;

/// Payments at a merchant from which the rule counts it as one the person pays regularly.
pub const SPREE_REGULAR: u16 = 7;
/// Robust z of ln(amount) against the payment's own kind of spending above which it is big
/// for its kind (the ring's `R_BIG_KIND` flag uses the same bound).
pub const SPREE_Z: f32 = 2.0;
/// Payments big for their kind among the card's last eight from which a big one opens.
pub const SPREE_REPEATS: f32 = 2.0;
/// Score at or above which such a payment opens an episode.
pub const SPREE_OPEN: f32 = 0.2;
/// Score at or above which such a payment alerts within [`SPREE_WINDOW`] of the card's last
/// alert (not answered "that was me").
pub const SPREE_JOIN: f32 = 0.05;
/// How long after the card's last alert a big payment at a regular merchant still joins it: a
/// thief's spree at the person's own merchants lasts one to three weeks.
pub const SPREE_WINDOW: i64 = 7 * DAY;

/// Whether the payment of `ctx` at local time `ts`, scored `score`, alerts as part of a spree
/// at the person's own merchants. The caller checks the learning period and snoozes.
pub(crate) fn alerts(state: &CardState, ctx: &Context, ts: i64, score: f32) -> bool {
    if ctx.merchant == 0 || ctx.merchant_count < SPREE_REGULAR || ctx.z_bucket <= SPREE_Z {
        return false;
    }
    let repeats = ctx
        .features
        .get(F_BIG_KIND_LAST)
        .is_some_and(|&k| k >= SPREE_REPEATS);
    if repeats && score >= SPREE_OPEN {
        return true;
    }
    let recent = state.episode.as_ref().is_some_and(|e| {
        e.status != EpisodeStatus::Legit.code() && ts.saturating_sub(e.last_ts) <= SPREE_WINDOW
    });
    recent && score >= SPREE_JOIN
}

/// The reasons shown for a spree alert: the amount is what stands out, so "unusual pattern"
/// (no single reason) gives way to [`Reason::UnusualAmount`].
pub(crate) fn reasons(r: ReasonSet) -> ReasonSet {
    let mut out = ReasonSet::new();
    for x in r.to_vec() {
        if x != Reason::UnusualPattern {
            out.insert(x);
        }
    }
    out.insert(Reason::UnusualAmount);
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{history, profile, ts, txn, T_LATER};
    use super::super::{AlertEvent, CardState, FraudEngine, FraudModel, Reason, NO_PAIR};
    use crate::model::Category;
    use crate::time::DAY;

    /// A model that scores every payment 0.3: under every threshold of its own, over the
    /// rule's opening and joining scores.
    fn flat() -> FraudEngine {
        FraudEngine::with_model(FraudModel {
            depth: 1,
            base: (0.3f32 / 0.7).ln(),
            t_open: 0.9,
            t_join: 0.9,
            t_join_new: 0.9,
            t_pair: NO_PAIR,
            trees: vec![],
            first: Default::default(),
        })
    }

    fn pay(e: &FraudEngine, s: &mut CardState, t: i64, cents: i64, m: &str) -> (bool, bool) {
        let a = e.assess(s, &txn(t, cents, m, Category::Groceries), &profile(), 7);
        if a.alert {
            assert!(a.reasons.contains(Reason::UnusualAmount), "{a:?}");
            assert!(!a.reasons.contains(Reason::UnusualPattern), "{a:?}");
        }
        (a.alert, matches!(a.event, AlertEvent::Opened(_)))
    }

    /// Big payments at a merchant the person pays regularly alert once they repeat, and
    /// within a week of the card's last alert; not a big payment alone, not at a merchant paid
    /// a few times, not a usual amount, not after "that was me", not a week later.
    #[test]
    fn a_spree_at_the_persons_own_merchant_alerts_when_it_repeats() {
        let e = flat();
        let mut s = history(&e);
        let t = ts(T_LATER);
        // Grocer A is paid 20 times in the history, about $35-50 each.
        assert_eq!(pay(&e, &mut s, t, 25_000, "Grocer A"), (false, false));
        assert_eq!(pay(&e, &mut s, t + DAY, 4_000, "Grocer B"), (false, false));
        // A big payment at a merchant the card paid once is not the rule's.
        pay(&e, &mut s, t + DAY, 4_300, "Corner shop");
        assert_eq!(pay(&e, &mut s, t + DAY, 26_000, "Corner shop"), (false, false));
        assert_eq!(pay(&e, &mut s, t + 2 * DAY, 27_000, "Grocer A"), (true, true));
        // Eight usual payments push the big ones out of the last eight: a big one within a
        // week of the alert still alerts, a usual one does not.
        let mut at = t + 2 * DAY;
        for k in 0..8 {
            at += 3 * 3_600;
            let m = ["Grocer A", "Grocer B"][k % 2];
            assert_eq!(pay(&e, &mut s, at, 4_200 + 10 * k as i64, m), (false, false));
        }
        let week = at + 4 * DAY;
        assert_eq!(pay(&e, &mut s, week, 30_000, "Grocer B"), (true, true));
        // The state survives a save and load; "that was me" ends it.
        let mut s = CardState::from_bytes(&s.to_bytes()).unwrap();
        let mut answered = s.clone();
        let ep = e.current_alert(&s).unwrap().episode;
        e.confirm_legit(&mut answered, ep).unwrap();
        let after = week + 6 * 3_600;
        for k in 0..8 {
            let m = ["Grocer A", "Grocer B"][k % 2];
            let c = 4_100 + 10 * k as i64;
            pay(&e, &mut s, after + k as i64 * 60, c, m);
            pay(&e, &mut answered, after + k as i64 * 60, c, m);
        }
        let next = after + DAY;
        assert!(pay(&e, &mut s.clone(), next, 32_000, "Grocer A").0);
        assert!(!pay(&e, &mut answered, next, 32_000, "Grocer A").0);
        // Over a week after the last alert, a big one alone opens nothing.
        assert!(!pay(&e, &mut s, week + 8 * DAY, 32_000, "Grocer A").0);
    }

    /// A card's learning period: every merchant is new and the amounts are a prior.
    #[test]
    fn not_in_the_learning_period() {
        let e = flat();
        let mut s = CardState::new();
        let t = ts("2022-01-01T12:00:00");
        for k in 0..20 {
            let cents = if k % 4 == 3 { 40_000 + k } else { 4_000 + 10 * k };
            assert!(!pay(&e, &mut s, t + k * DAY, cents, "Grocer A").0);
        }
    }
}
