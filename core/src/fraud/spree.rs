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
