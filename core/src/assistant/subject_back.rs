//! Short follow-ups that name no subject and ask about the one just answered: "did it go
//! up", "has it changed", "since when" (the price history of that payee), "when was the last
//! one", "the last time?" (its last charge), "when did that start" (its first charge), "did it
//! go out this month" (its charges over that month), and "how much a month all together"
//! after the subscriptions (the same list, whose reply sums it a month).
//!
//! Read alone these are out of scope, a question of dates, or a figure of all spending; the
//! subject is the previous turn's merchant, category or kind, kept as it was. With no subject
//! before, the message is read as any other.

use super::conversation::Turn;
use super::everyday::Ask as Everyday;
use super::shape::Shape;
use crate::intent::{Intent, Slots};
use crate::words::Words;

/// What a short follow-up asks of the previous subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Again {
    /// "did it go up", "has it changed": its price history.
    Price,
    /// "since when", "when did that start": since when it is paid.
    Since,
    /// "when was the last one", "the last time?": its last charge.
    Last,
    /// "did it go out this month", "has it come out": its charges over a period.
    Charged,
    /// "how much a month all together": the sum of the list just given.
    Sum,
}

/// Pointing words ("it", "that").
const POINTERS: Words = Words("it|that|this|they|those|them|its|thats|one");

/// What the lower-cased words ask of the previous subject, if that is all they ask.
pub(super) fn again_of(w: &[String], shape: &Shape) -> Option<Again> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    if w.is_empty() || w.len() > 7 || any(Words("my|i|me|spend|spent|spending")) {
        return None;
    }
    let pointer = any(POINTERS);
    // "is it higher than usual", "more than normal?": the latest against its own average.
    let usual = any(Words("usual|normal|typical|average|avg"))
        && any(Words("higher|more|lower|less|bigger|smaller|above|below|than"));
    if *shape == Shape::Everyday(Everyday::PriceChange)
        || usual
        || any(Words("change|changed|changing")) && (pointer || w.len() <= 3)
    {
        return Some(Again::Price);
    }
    let since = w.windows(2).any(|p| p[0] == "since" && p[1] == "when")
        || has("when") && any(Words("start|started|begin|began")) && pointer;
    if since {
        return Some(Again::Since);
    }
    if has("last") && (has("when") || has("time")) && !any(Words("week|month|year|day|weekend")) {
        return Some(Again::Last);
    }
    let out = w.windows(2).any(|p| {
        matches!(p[0].as_str(), "go" | "gone" | "went" | "come" | "came")
            && matches!(p[1].as_str(), "out" | "through" | "thru")
    }) || any(Words("charged|posted|hit|debited"));
    if out && pointer {
        return Some(Again::Charged);
    }
    let sum = any(Words("together|altogether|combined|total|sum")) || has("in") && has("all");
    let other_unit = any(Words("year|yearly|annual|annually|week|weekly|day|daily"));
    (sum && !other_unit).then_some(Again::Sum)
}

/// The subject of a turn: its merchant, category, kinds and account, nothing else.
fn subject_of(prev: &Turn) -> Option<Slots> {
    let p = &prev.slots;
    let named = p.merchant.is_some() || p.category.is_some() || !p.kinds.is_empty();
    named.then(|| Slots {
        merchant: p.merchant.clone(),
        merchant_known: p.merchant_known,
        merchant_unsure: p.merchant_unsure,
        category: p.category,
        kinds: p.kinds,
        account: p.account.clone(),
        ..Slots::default()
    })
}

/// Whether a turn asked a price ("how much is netflix", a price change, the subscriptions).
fn asked_a_price(prev: &Turn) -> bool {
    matches!(
        prev.shape,
        Shape::Everyday(
            Everyday::PriceChange | Everyday::Subscriptions | Everyday::Fact(super::facts::Ask::Price(_))
        )
    )
}

/// The question `again` makes of `prev`, with `own` (the message's slots: its period). `None`
/// when the message names a subject of its own or the turn before has none to keep.
pub(super) fn question(prev: &Turn, again: Again, own: &Slots) -> Option<(Intent, Slots, Shape)> {
    let names = own.merchant.is_some() || own.category.is_some() || !own.kinds.is_empty();
    if names || own.account.is_some() {
        return None;
    }
    if again == Again::Sum {
        let list = matches!(prev.shape, Shape::Everyday(Everyday::Subscriptions));
        let fresh = own.period.is_none() && !own.period_unclear;
        return (list && fresh).then(|| (prev.intent, prev.slots.clone(), prev.shape.clone()));
    }
    let mut s = subject_of(prev)?;
    let ask = match again {
        Again::Price => Everyday::PriceChange,
        Again::Since if asked_a_price(prev) => Everyday::PriceChange,
        Again::Since => Everyday::Habit(super::habits::Ask::First),
        Again::Last => Everyday::Fact(super::facts::Ask::Last(super::last_seen::Ask::When)),
        Again::Charged | Again::Sum => {
            s.period = own.period.clone().or_else(|| prev.slots.period.clone());
            s.period_unclear = own.period_unclear;
            s.charges_only = true;
            return s.period.is_some().then_some((Intent::SpendingHistory, s, Shape::Plain));
        }
    };
    Some((Intent::SpendingHistory, s, Shape::Everyday(ask)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::egress::DisclosureLevel;
    use crate::model::Category;

    fn again(q: &str) -> Option<Again> {
        again_of(&super::super::shape::words(q), &Shape::Plain)
    }

    fn turn(slots: Slots, shape: Shape) -> Turn {
        Turn::new(Intent::SpendingHistory, slots, shape, 0, DisclosureLevel::Full)
    }

    fn netflix() -> Slots {
        Slots {
            merchant: Some("Netflix".into()),
            merchant_known: true,
            ..Slots::default()
        }
    }

    #[test]
    fn what_a_short_follow_up_asks_of_the_subject() {
        for (q, want) in [
            ("has it changed", Again::Price),
            ("did that change?", Again::Price),
            ("is it higher than usual", Again::Price),
            ("more than normal?", Again::Price),
            ("since when", Again::Since),
            ("when did that start", Again::Since),
            ("when was the last one", Again::Last),
            ("the last time?", Again::Last),
            ("did it go out this month", Again::Charged),
            ("has it come through", Again::Charged),
            ("how much a month all together", Again::Sum),
            ("total?", Again::Sum),
        ] {
            assert_eq!(again(q), Some(want), "{q}");
        }
        for q in [
            "when did i spend the most",
            "last month",
            "how much a year all together",
            "my last 5 purchases",
            "how much last week",
        ] {
            assert_eq!(again(q), None, "{q}");
        }
    }

    #[test]
    fn the_subject_is_kept() {
        let t = turn(netflix(), Shape::Plain);
        let none = Slots::default();
        let (_, s, shape) = question(&t, Again::Price, &none).unwrap();
        assert_eq!((s.merchant.as_deref(), shape), (Some("Netflix"), Shape::Everyday(Everyday::PriceChange)));
        let (_, _, shape) = question(&t, Again::Since, &none).unwrap();
        assert_eq!(shape, Shape::Everyday(Everyday::Habit(super::super::habits::Ask::First)));
        // Since when, after a price: the price history.
        let price = turn(netflix(), Shape::Everyday(Everyday::PriceChange));
        let (_, _, shape) = question(&price, Again::Since, &none).unwrap();
        assert_eq!(shape, Shape::Everyday(Everyday::PriceChange));
        // "did it go out this month" after rent: the housing charges of this month.
        let rent = turn(
            Slots {
                category: Some(Category::Housing),
                ..Slots::default()
            },
            Shape::Plain,
        );
        let month = Slots {
            period: crate::intent::slots::period::find_period_in(
                "this month",
                crate::time::Date::new(2026, 12, 5).unwrap(),
            ),
            ..Slots::default()
        };
        let (_, s, shape) = question(&rent, Again::Charged, &month).unwrap();
        assert_eq!((s.category, s.period.is_some(), shape), (Some(Category::Housing), true, Shape::Plain));
        // No subject before, or one of its own: none.
        assert!(question(&turn(Slots::default(), Shape::Plain), Again::Last, &none).is_none());
        assert!(question(&t, Again::Last, &netflix()).is_none());
        // A sum only of a list just given.
        assert!(question(&t, Again::Sum, &none).is_none());
        let subs = turn(Slots::default(), Shape::Everyday(Everyday::Subscriptions));
        assert!(question(&subs, Again::Sum, &none).is_some());
    }
}
