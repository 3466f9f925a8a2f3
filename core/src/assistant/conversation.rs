//! Conversation state: what the previous question was, so that "and last month?", "what
//! about groceries", "just the card", "and savings?" or "the month before that" can be
//! answered. It lives in memory
//! on the device only, expires after ten minutes of silence, and is cleared by a change of
//! disclosure level or a new alert. A message that held a secret never becomes state.

use super::shape::{RankBy, Shape};
use crate::egress::DisclosureLevel;
use crate::intent::slots::period::period_before;
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
    /// The reply asked which dates were meant (a period not understood, or not yet begun):
    /// a bare period next ("last month", a quick reply) answers it.
    pub asked_dates: bool,
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
        "vs",
        "versus",
        "compared to",
        "compared with",
    ];
    OPENERS.iter().any(|o| lower.starts_with(o))
}

/// A yes-or-no question of its own ("did my rent go thru", "is the netflix charge pending",
/// "have i paid comcast"): it asks something new even when short and heard with doubt, so it
/// does not take the previous turn's period or filters.
fn stands_alone(lower: &str) -> bool {
    const ASKS: &[&str] = &[
        "did", "didnt", "do", "does", "is", "isnt", "was", "were", "has", "hasnt", "have",
        "havent", "am", "are", "can", "could", "will", "would", "should",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first().map(|w| w.replace('\'', "")).unwrap_or_default();
    let asks_of_mine = matches!(
        first.as_str(),
        "what" | "whats" | "how" | "hows" | "where" | "which" | "when" | "whens" | "show" | "list"
    ) && words.iter().take(4).any(|w| *w == "my");
    // "everything but rent in september": all of it, whatever was asked before.
    let all_but = matches!(first.as_str(), "everything" | "anything" | "all")
        && words.get(1).is_some_and(|w| matches!(*w, "but" | "except"));
    (words.len() >= 4 && ASKS.contains(&first.as_str()))
        || (words.len() >= 3 && asks_of_mine)
        || all_but
}

/// Whether the slots name anything a follow-up can change.
fn names_something(s: &Slots) -> bool {
    s.period.is_some()
        || s.period_unclear
        || s.category.is_some()
        || s.merchant.is_some()
        || s.account.is_some()
        || !s.exclude_categories.is_empty()
        || s.exclude_merchant.is_some()
        || s.min_amount_minor.is_some()
        || s.max_amount_minor.is_some()
}

/// "the month before", "the week before that", "and before that?", "the one before": the
/// period before the previous turn's, and the unit named (if any). `None` when the message
/// says none of these.
fn before_previous(lower: &str) -> Option<Option<String>> {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let pos = words.iter().position(|w| *w == "before")?;
    let after = words.get(pos + 1).copied().unwrap_or("");
    // "the month before last" is a period of its own (the grammar reads it).
    if after == "last" {
        return None;
    }
    let prev = pos.checked_sub(1).and_then(|i| words.get(i)).copied();
    const UNITS: &[&str] = &[
        "day",
        "week",
        "wk",
        "fortnight",
        "month",
        "mo",
        "quarter",
        "year",
        "yr",
    ];
    match prev {
        Some(u) if UNITS.contains(&u) => Some(Some(u.to_string())),
        Some("one") | Some("period") => Some(None),
        _ if matches!(after, "that" | "it" | "then" | "") => Some(None),
        _ => None,
    }
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
    let answers_clarify = (prev.slots.period_unclear || prev.asked_dates)
        && (slots.period.is_some() || slots.period_unclear);
    let before = prev
        .slots
        .period
        .as_ref()
        .filter(|_| slots.period.is_none())
        .and_then(|p| Some((p, before_previous(&lower)?)))
        .and_then(|(p, unit)| period_before(p, unit.as_deref()));
    // "how many times tho", "which category?": a count or ranking of what was just asked.
    // "whats that per month", "avg per week?": an average of what was just asked, unless it
    // names its own spending ("avg daily spending last month" asks about all of it).
    let own_spending = lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "spend" | "spending" | "spent" | "expenses" | "purchases" | "outgoings"
        )
    });
    let refers_back = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "that" | "it" | "those" | "this"));
    let shape_only = words <= 5
        && (matches!(shape, Shape::Count | Shape::Rank(..))
            || matches!(shape, Shape::Average(_)) && (refers_back || !own_spending));
    let short = words <= 5
        && !stands_alone(&lower)
        && (unsure || answers_clarify || before.is_some() || shape_only);
    if !(opens_follow_up(&lower) || short)
        || !(names_something(slots) || before.is_some() || shape_only)
    {
        return None;
    }
    // "vs july?": the period named is the one compared against, not the one asked about.
    let compared_only = matches!((shape, &slots.period), (Shape::Compare(c), Some(p)) if c == p);
    let mut s = prev.slots.clone();
    if let Some(p) = before {
        s.period = Some(p);
        s.period_unclear = false;
    } else if compared_only {
        s.period_unclear = false;
    } else if slots.period.is_some() || slots.period_unclear {
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
        s.merchant_unsure = slots.merchant_unsure;
        s.category = None;
    }
    if slots.account.is_some() {
        s.account = slots.account.clone();
    }
    if !slots.exclude_categories.is_empty() || slots.exclude_merchant.is_some() {
        s.exclude_categories = slots.exclude_categories.clone();
        s.exclude_merchant = slots.exclude_merchant.clone();
        s.exclude_merchant_known = slots.exclude_merchant_known;
        s.exclude_also = slots.exclude_also.clone();
    }
    if slots.min_amount_minor.is_some() || slots.max_amount_minor.is_some() {
        s.min_amount_minor = slots.min_amount_minor;
        s.max_amount_minor = slots.max_amount_minor;
    }
    // "top 3 merchants last month" after a Starbucks question ranks every merchant: a
    // ranking is never filtered to one of the things it ranks.
    match shape {
        Shape::Rank(RankBy::Merchant, _) if slots.merchant.is_none() => {
            s.merchant = None;
            s.merchant_known = false;
        }
        // Categories ranked after a merchant question rank all spending: a merchant's
        // purchases are mostly of one category.
        Shape::Rank(RankBy::Category, _) if slots.category.is_none() => {
            s.category = None;
            if slots.merchant.is_none() {
                s.merchant = None;
                s.merchant_known = false;
            }
        }
        _ => {}
    }
    let shape = match shape {
        Shape::Plain => match &prev.shape {
            // "and last month?" after a comparison compares that month instead.
            Shape::Compare(_) => Shape::Plain,
            // "what about target?" after "amazon vs walmart" asks about Target alone.
            Shape::Versus(_)
                if slots.merchant.is_some()
                    || slots.category.is_some()
                    || slots.account.is_some() =>
            {
                Shape::Plain
            }
            other => other.clone(),
        },
        other => other.clone(),
    };
    Some((prev.intent, s, shape))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_or_no_questions_stand_alone() {
        for q in [
            "did my rent go thru",
            "is the netflix charge pending",
            "have i paid comcast?",
            "whats my biggest subscription",
            "show my netflix charges",
        ] {
            assert!(stands_alone(q), "{q}");
        }
        for q in [
            "and groceries?",
            "what about amazon",
            "did i?",
            "just the card",
            "is it",
            "how much at target",
        ] {
            assert!(!stands_alone(q), "{q}");
        }
    }

    #[test]
    fn the_period_before_the_previous_one() {
        assert_eq!(
            before_previous("and the month before that"),
            Some(Some("month".into()))
        );
        assert_eq!(
            before_previous("and the week before?"),
            Some(Some("week".into()))
        );
        assert_eq!(before_previous("and before that?"), Some(None));
        assert_eq!(before_previous("the one before"), Some(None));
        // A period of its own, or "before" about something else.
        assert_eq!(before_previous("the month before last"), None);
        assert_eq!(before_previous("spending before my trip"), None);
        assert_eq!(before_previous("and groceries?"), None);
    }
}
