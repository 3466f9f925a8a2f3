//! Hand-written rules for patterns the training data does not contain: card testing,
//! duplicate charges, impossible travel, card-not-present far from home, high-risk merchant
//! codes, recurring charges that rise and trials that turn paid. Each is a plain threshold on
//! the card's own state, with a fixed effect documented in `docs/fraud.md`.

use super::features::Context;
use super::merchants::{same_amount, to_minutes, FLAG_TRIAL};
use super::reason::{Reason, ReasonSet};
use super::state::{CardState, R_TINY};
use super::{geo, FraudTxn};
use crate::model::Category;

/// Largest "tiny" charge in minor units ($2.00).
pub(crate) const TINY_MAX: i64 = 200;
/// Tiny charges within an hour (this one included) that make a card-testing burst.
pub(crate) const TESTING_BURST: u32 = 3;
/// Window for duplicates, minutes (field notes: same merchant, same amount, within 24 h).
pub(crate) const DUPLICATE_MINUTES: i32 = 24 * 60;
/// Card-not-present payments further than this from home are "far".
pub(crate) const FAR_KM: f64 = 300.0;
/// Card-present payments this far apart can be impossible travel.
pub(crate) const TRAVEL_MIN_KM: f64 = 500.0;
/// Faster than an airliner.
pub(crate) const TRAVEL_MAX_KMH: f64 = 900.0;
/// Monthly intervals of an unchanged amount before a rise counts as `recurring_increase`
/// (3 identical charges): variable bills (utilities, phone, tipped meals) never get there.
pub(crate) const STABLE_STREAK: u8 = 2;
/// A charge this small (minor units, zero included) counts as a trial.
pub(crate) const TRIAL_MAX: i64 = 100;

/// High-risk merchant category codes (field notes: issuers' rules).
const HIGH_RISK_MCC: [u16; 9] = [5122, 5912, 5962, 5966, 5967, 7995, 6051, 6012, 6211];

/// Whether an MCC (or an online cash-like category) is high risk.
pub(crate) fn high_risk(t: &FraudTxn) -> bool {
    let mcc = t
        .mcc
        .is_some_and(|m| HIGH_RISK_MCC.contains(&m) || (7800..=7802).contains(&m));
    mcc || (t.category == Some(Category::Cash) && t.card_present == Some(false))
}

/// What the rules found for one transaction.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RuleHits {
    pub reasons: ReasonSet,
    /// Alert regardless of the model score.
    pub force: bool,
    /// Added to the model's log-odds.
    pub bump: f32,
}

/// Whether a travel notice covers this transaction.
pub(crate) fn covered_by_notice(s: &CardState, t: &FraudTxn) -> bool {
    s.notices.iter().flatten().any(|n| {
        if t.ts < n.start_ts || t.ts > n.end_ts {
            return false;
        }
        match (t.lat_e6, t.lon_e6) {
            (Some(a), Some(b)) => geo::distance_km((a, b), (n.lat_e6, n.lon_e6))
                .is_some_and(|d| d <= f64::from(n.radius_km)),
            _ => true,
        }
    })
}

/// Evaluates the rules for `t` against the state before `t`.
pub(crate) fn evaluate(s: &CardState, t: &FraudTxn, ctx: &Context) -> RuleHits {
    let mut h = RuleHits::default();
    let minute = to_minutes(t.ts);
    if t.amount_minor > 0 && t.amount_minor <= TINY_MAX {
        let burst = s
            .recent_iter()
            .take_while(|r| t.ts.saturating_sub(r.ts) <= 3600)
            .filter(|r| r.flags & R_TINY != 0 && r.amount > 0 && r.ts <= t.ts)
            .count() as u32
            + 1;
        if burst >= TESTING_BURST {
            h.reasons.insert(Reason::CardTesting);
            h.force = true;
            h.bump += 4.0;
        }
    }
    if let Some(e) = (ctx.merchant != 0)
        .then(|| s.merchants.get(ctx.merchant))
        .flatten()
    {
        let since = i64::from(minute) - i64::from(e.last_min);
        let amount = u32::try_from(t.amount_minor.max(0)).unwrap_or(u32::MAX);
        if t.amount_minor > 0
            && e.count > 0
            && e.last_amount == amount
            && (0..=i64::from(DUPLICATE_MINUTES)).contains(&since)
        {
            h.reasons.insert(Reason::DuplicateCharge);
            h.force = true;
            h.bump += 3.0;
        }
        let days = since / (24 * 60);
        let last = i64::from(e.last_amount);
        if e.streak >= STABLE_STREAK
            && (25..=35).contains(&days)
            && t.amount_minor > last + 100
            && t.amount_minor.saturating_mul(100) > last.saturating_mul(105)
        {
            h.reasons.insert(Reason::RecurringIncrease);
            h.force = true;
        }
        // A subscription is charged online: a paid charge made in person after a $1 purchase
        // at the same shop (a generator's or a till's minimum amount) is not a trial turning
        // paid (on Sparkov it was 15 of the 34 held-out false alerts).
        if e.flags & FLAG_TRIAL != 0
            && t.amount_minor > TRIAL_MAX
            && (3..=45).contains(&days)
            && t.card_present != Some(true)
        {
            h.reasons.insert(Reason::TrialToPaid);
            h.force = true;
        }
    }
    let noticed = covered_by_notice(s, t);
    if !noticed {
        if t.card_present == Some(false) && ctx.dist_home_km.is_some_and(|d| d > FAR_KM) {
            h.reasons.insert(Reason::FarFromHome);
            h.bump += 1.0;
        }
        if t.card_present != Some(false) && s.last_cp.0 != i64::MIN {
            if let (Some(a), Some(b)) = (t.lat_e6, t.lon_e6) {
                let dist = geo::distance_km((a, b), (s.last_cp.1, s.last_cp.2)).unwrap_or(0.0);
                let hours = (t.ts.saturating_sub(s.last_cp.0)).max(0) as f64 / 3600.0;
                if dist > TRAVEL_MIN_KM && dist > TRAVEL_MAX_KMH * hours {
                    h.reasons.insert(Reason::ImpossibleTravel);
                    h.force = true;
                    h.bump += 3.0;
                }
            }
        }
    }
    if high_risk(t) {
        h.reasons.insert(Reason::HighRiskMerchant);
        h.bump += 2.0;
    }
    h
}

/// Records a charge at a merchant: count, last charge, streak of unchanged monthly amounts and
/// trial flag. A monthly charge of another amount restarts the streak from that amount.
pub(crate) fn observe_merchant(s: &mut CardState, hash: u32, ts: i64, amount: i64) {
    let minute = to_minutes(ts);
    let Some(e) = s.merchants.entry(hash) else {
        return;
    };
    if e.count > 0 {
        if minute < e.last_min {
            // Out of order: count it, keep the latest charge as the reference.
            e.count = e.count.saturating_add(1);
            return;
        }
        let days = (i64::from(minute) - i64::from(e.last_min)) / (24 * 60);
        if (25..=35).contains(&days) && same_amount(i64::from(e.last_amount), amount) {
            e.streak = e.streak.saturating_add(1);
        } else if days > 0 || !same_amount(i64::from(e.last_amount), amount) {
            e.streak = 0;
        }
    }
    if amount <= TRIAL_MAX {
        if e.count == 0 {
            e.flags |= FLAG_TRIAL;
        }
    } else {
        e.flags &= !FLAG_TRIAL;
    }
    e.count = e.count.saturating_add(1);
    e.last_min = minute;
    e.last_amount = u32::try_from(amount.max(0)).unwrap_or(u32::MAX);
}
