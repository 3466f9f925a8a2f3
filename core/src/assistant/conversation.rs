//! Conversation state: what the previous question was, so that "and last month?", "what
//! about groceries", "just the card" or "and savings?" can be answered. It lives in memory
//! on the device only, expires after ten minutes of silence, and is cleared by a change of
//! disclosure level or a new alert. A message that held a secret never becomes state.

use super::shape::Shape;
use crate::egress::DisclosureLevel;
use crate::intent::{Intent, Prediction, Slots};
use crate::time::Timestamp;

/// Seconds of silence after which a follow-up no longer refers to the previous turn.
pub(super) const EXPIRY_SECS: i64 = 600;

/// The previous answerable turn.
#[derive(Clone, Debug)]
pub(super) struct Turn {
    pub intent: Intent,
    pub slots: Slots,
    pub shape: Shape,
    pub at: Timestamp,
    pub level: DisclosureLevel,
}

/// Words that open a follow-up.
fn opens_follow_up(lower: &str) -> bool {
    const OPENERS: &[&str] = &[
        "and ",
        "what about",
        "how about",
        "same for",
        "same but",
        "just ",
        "only ",
        "now ",
        "ok and",
        "okay and",
        "and?",
        "also ",
        "what of",
    ];
    OPENERS.iter().any(|o| lower.starts_with(o))
}

/// Whether the slots name anything a follow-up can change.
fn names_something(s: &Slots) -> bool {
    s.period.is_some()
        || s.period_unclear
        || s.category.is_some()
        || s.merchant.is_some()
        || s.account.is_some()
        || s.exclude_category.is_some()
        || s.exclude_merchant.is_some()
        || s.min_amount_minor.is_some()
        || s.max_amount_minor.is_some()
}

/// The state as it stands at `now` for `level`: `None` when expired or the level changed.
pub(super) fn current(
    state: &Option<Turn>,
    now: Timestamp,
    level: DisclosureLevel,
) -> Option<&Turn> {
    state
        .as_ref()
        .filter(|t| now - t.at <= EXPIRY_SECS && now >= t.at && t.level == level)
}

/// The intent, slots and shape of a follow-up to `prev`, or `None` when the message stands
/// on its own. A follow-up keeps what it does not name and overrides what it does.
pub(super) fn follow_up(
    prev: &Turn,
    text: &str,
    prediction: &Prediction,
    slots: &Slots,
    shape: &Shape,
) -> Option<(Intent, Slots, Shape)> {
    let lower = text.trim().to_lowercase();
    let words = lower.split_whitespace().count();
    let unsure = prediction.intent == Intent::Oos || prediction.confidence < 0.6;
    let answers_clarify =
        prev.slots.period_unclear && (slots.period.is_some() || slots.period_unclear);
    let short = words <= 5 && (unsure || answers_clarify);
    if !(opens_follow_up(&lower) || short) || !names_something(slots) {
        return None;
    }
    let mut s = prev.slots.clone();
    if slots.period.is_some() || slots.period_unclear {
        s.period = slots.period.clone();
        s.period_unclear = slots.period_unclear;
    }
    if slots.category.is_some() {
        s.category = slots.category;
        s.merchant = None;
        s.merchant_known = false;
    }
    if slots.merchant.is_some() {
        s.merchant = slots.merchant.clone();
        s.merchant_known = slots.merchant_known;
        s.category = None;
    }
    if slots.account.is_some() {
        s.account = slots.account.clone();
    }
    if slots.exclude_category.is_some() || slots.exclude_merchant.is_some() {
        s.exclude_category = slots.exclude_category;
        s.exclude_merchant = slots.exclude_merchant.clone();
    }
    if slots.min_amount_minor.is_some() || slots.max_amount_minor.is_some() {
        s.min_amount_minor = slots.min_amount_minor;
        s.max_amount_minor = slots.max_amount_minor;
    }
    let shape = match shape {
        Shape::Plain => match &prev.shape {
            // "and last month?" after a comparison compares that month instead.
            Shape::Compare(_) => Shape::Plain,
            other => other.clone(),
        },
        other => other.clone(),
    };
    Some((prev.intent, s, shape))
}
