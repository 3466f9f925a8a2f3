//! What a follow-up inherits from the previous turn when it names something new, beyond
//! the rule of [`super::conversation::follow_up`] (keep what it does not name, override what
//! it does):
//! - a visit asked with no place is a visit to the previous turn's place ("costco last
//!   month", then "how many times did i go in november": Costco in November);
//! - a short message that names only a merchant or category keeps the previous period
//!   ("transport last 3 months", then "uber how much": Uber over those 3 months);
//! - "compare with lyft", "vs lyft" after a merchant or category: the two side by side over
//!   the previous period, never Lyft alone;
//! - a follow-up that asks a new kind of question but names no period keeps the period
//!   ("how much did i spend in 2026", then "and how much came in": 2026's money in).

use crate::words::Words;
use super::conversation::Turn;
use super::shape::Shape;
use crate::intent::{Intent, Period, Slots};

/// Words of a visit ("go", "went", "been to").
const VISITS: Words = Words(
    "go|went|gone|been|visit|visited|visits|stop|stopped",
);

/// Words before a follow-up that change nothing ("please compare with lyft").
const POLITE: Words = Words(
    "please|pls|plz|can|could|you|now|ok|okay|so|and|then|also",
);

fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the slots name a subject: a merchant, category, kind or account.
fn subject(s: &Slots) -> bool {
    s.merchant.is_some() || s.category.is_some() || !s.kinds.is_empty() || s.account.is_some()
}

/// Whether a turn was about one place or kind of spending.
fn had_subject(t: &Turn) -> bool {
    t.slots.merchant.is_some() || t.slots.category.is_some() || !t.slots.kinds.is_empty()
}

/// "how many times did i go in november", "how often have i been there since june": a
/// count of visits that names no place, after a turn about one.
pub(super) fn visits_again(prev: &Turn, lower: &str, slots: &Slots, shape: &Shape) -> bool {
    let w = words(lower);
    let visit = w.iter().any(|x| VISITS.contains(x));
    let counted = matches!(visit_shape(lower, shape), Shape::Count | Shape::Average(_));
    counted && visit && !subject(slots) && had_subject(prev)
}

/// The shape of a question about visits: "how often have i been there" is a count, as
/// "how many times" is (the words read no shape of their own).
pub(super) fn visit_shape(lower: &str, shape: &Shape) -> Shape {
    let w = words(lower);
    let often = w.windows(2).any(|p| p == ["how", "often"] || p == ["many", "times"]);
    match shape {
        Shape::Plain if often => Shape::Count,
        other => other.clone(),
    }
}

/// "uber how much", "lyft?", "and at target": at most four words naming a merchant or
/// category and no period, after a turn over a period: the same period. A message that
/// opens with a question word ("how much at costco") is a question of its own.
pub(super) fn subject_only(prev: &Turn, lower: &str, slots: &Slots) -> bool {
    let own = slots.period.is_some() || slots.period_unclear || slots.week_part.is_some();
    let named = slots.merchant.is_some() || slots.category.is_some() || !slots.kinds.is_empty();
    named
        && !own
        && words(lower).len() <= 4
        && !super::multi::opens_question(lower)
        && prev.slots.period.is_some()
}

/// Words that widen a follow-up to all spending ("in total overall", "everything").
const WIDENS: &[&str] = &["overall", "everything", "everywhere", "anything", "whole"];

/// Words of a question about spending as a whole ("how much did i spend this year").
const OWN_SPENDING: Words = Words(
    "spend|spent|spending|purchases|transactions|expenses|outgoings|i|my|me|summary\
    |overview|breakdown|give|show|tell|list|money|went|out|outflow|outflows|gone",
);

/// "how much in total this year", "how much this year", "biggest one in october" after a
/// merchant or category: a period and no subject, in a short message that asks nothing of
/// spending as a whole, keeps the previous subject (never all spending). "overall",
/// "everything" or a question of its own ("how much did i spend this year") do not.
pub(super) fn period_only(prev: &Turn, lower: &str, slots: &Slots, shape: &Shape) -> bool {
    let w = words(lower);
    let reads = matches!(
        shape,
        Shape::Plain | Shape::Count | Shape::Largest(_) | Shape::Smallest(_) | Shape::Average(_)
    );
    // A noun of its own, however typed ("biggest purchse last month", "charges this year").
    let noun = |x: &str| Words("purch|charg|transa|txn|expens|spen|pay|bought|buy")
        .iter()
        .any(|p| x.starts_with(p));
    let own = w
        .iter()
        .any(|x| WIDENS.contains(x) || OWN_SPENDING.contains(x) || noun(x));
    let period = slots.period.is_some() && !slots.period_unclear;
    reads
        && period
        && !own
        && !subject(slots)
        && had_subject(prev)
        && w.len() <= 7
        && matches!(prev.intent, Intent::SpendingHistory | Intent::Transactions)
}

/// Whether the message asks an amount ("how much", "spent", "total"): a list before it is
/// then summed, not listed again.
pub(super) fn asks_amount(lower: &str) -> bool {
    let w = words(lower);
    let has = |x: &str| w.contains(&x);
    (has("how") && has("much"))
        || Words("spent|spend|spending|total|cost|amount|amt")
            .iter()
            .any(has)
}

/// "compare with lyft", "vs lyft", "and against target?" after a merchant or category: the
/// previous subject and the one named, side by side over the previous period (or the one
/// named). `None` when the message is not such a comparison.
pub(super) fn compare_with(prev: &Turn, lower: &str, slots: &Slots) -> Option<(Intent, Slots, Shape)> {
    let w = words(lower);
    let start = w.iter().position(|x| !POLITE.contains(x))?;
    let opens = matches!(
        (w.get(start).copied(), w.get(start + 1).copied()),
        (Some("compare" | "compared"), Some("with" | "to" | "against"))
            | (Some("vs" | "versus" | "against"), _)
    );
    if !opens || !had_subject(prev) || !subject(slots) || w.len() > start + 6 {
        return None;
    }
    let mut other = slots.clone();
    if other.period.is_none() && !other.period_unclear {
        other.period.clone_from(&prev.slots.period);
    }
    let pair = super::versus::pair_of(&prev.slots, &other, false)?;
    let mut s = prev.slots.clone();
    s.period = other.period;
    s.period_unclear = other.period_unclear;
    Some((Intent::SpendingHistory, s, Shape::Versus(Box::new(pair))))
}

/// The previous turn's period for a follow-up ("and how much came in", "and how many
/// purchases") that asks a question of a new kind but names no period: the same dates.
/// `None` when the message names its own period, opens no follow-up, or asks a question
/// that reads no period.
pub(super) fn period_of_previous(
    prev: &Turn,
    lower: &str,
    slots: &Slots,
    shape: &Shape,
    opens: bool,
) -> Option<Period> {
    let own = slots.period.is_some() || slots.period_unclear;
    let reads = matches!(
        shape,
        Shape::MoneyIn(_)
            | Shape::Count
            | Shape::Rank(..)
            | Shape::Least(_)
            | Shape::Largest(_)
            | Shape::Smallest(_)
            | Shape::Average(_)
    ) || *shape == Shape::Everyday(super::everyday::Ask::Saved)
        || *shape == Shape::Plain && asks_amount(lower);
    // "so how much did i save" after money in or all spending: over those dates.
    let saved = *shape == Shape::Everyday(super::everyday::Ask::Saved)
        && (matches!(prev.shape, Shape::MoneyIn(_))
            || prev.shape == Shape::Plain && prev.intent == Intent::SpendingHistory && !had_subject(prev));
    ((opens || saved) && !own && reads).then(|| prev.slots.period.clone()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::egress::DisclosureLevel;
    use crate::model::Category;

    fn turn(slots: Slots) -> Turn {
        Turn::new(Intent::SpendingHistory, slots, Shape::Plain, 0, DisclosureLevel::Full)
    }

    fn period(label: &str) -> Option<Period> {
        crate::intent::slots::period::find_period_in(label, crate::time::Date::new(2026, 12, 5).unwrap())
    }

    fn merchant(m: &str) -> Slots {
        Slots {
            merchant: Some(m.into()),
            merchant_known: true,
            ..Slots::default()
        }
    }

    #[test]
    fn a_visit_with_no_place_is_to_the_place_before() {
        let costco = turn(Slots {
            period: period("last month"),
            ..merchant("Costco")
        });
        let nov = Slots {
            period: period("november"),
            ..Slots::default()
        };
        assert!(visits_again(&costco, "how many times did i go in november", &nov, &Shape::Count));
        assert!(visits_again(&costco, "how often have i been there in november", &nov, &Shape::Plain));
        // A place of its own, no visit word, or nothing to go back to.
        assert!(!visits_again(&costco, "how many times did i go to target", &merchant("Target"), &Shape::Count));
        assert!(!visits_again(&costco, "how many purchases in november", &nov, &Shape::Count));
        assert!(!visits_again(&turn(Slots::default()), "how many times did i go", &nov, &Shape::Count));
    }

    #[test]
    fn a_period_alone_keeps_the_subject() {
        let starbucks = turn(Slots {
            period: period("last month"),
            ..merchant("Starbucks")
        });
        let year = Slots {
            period: period("this year"),
            ..Slots::default()
        };
        assert!(period_only(&starbucks, "how much in total this year", &year, &Shape::Plain));
        assert!(period_only(&starbucks, "how much this year", &year, &Shape::Plain));
        assert!(period_only(&starbucks, "biggest one this year", &year, &Shape::Largest(1)));
        // Widened, a question of its own, a subject of its own, or none before.
        assert!(!period_only(&starbucks, "how much overall this year", &year, &Shape::Plain));
        assert!(!period_only(&starbucks, "how much did i spend this year", &year, &Shape::Plain));
        assert!(!period_only(&starbucks, "everything this year", &year, &Shape::Plain));
        assert!(!period_only(&starbucks, "biggest purchse this year", &year, &Shape::Largest(1)));
        // "how much money went out in october": all the money out, a question of its own.
        assert!(!period_only(&starbucks, "how much money went out this year", &year, &Shape::Plain));
        let lyft = Slots {
            period: period("this year"),
            ..merchant("Lyft")
        };
        assert!(!period_only(&starbucks, "lyft this year", &lyft, &Shape::Plain));
        assert!(!period_only(&turn(Slots::default()), "how much this year", &year, &Shape::Plain));
    }

    #[test]
    fn a_subject_alone_keeps_the_period() {
        let transport = turn(Slots {
            category: Some(Category::Transport),
            period: period("last 3 months"),
            ..Slots::default()
        });
        assert!(subject_only(&transport, "uber how much", &merchant("Uber")));
        let own = Slots {
            period: period("this year"),
            ..merchant("Uber")
        };
        assert!(!subject_only(&transport, "uber this year", &own));
        assert!(!subject_only(&transport, "how much at uber", &merchant("Uber")));
        assert!(!subject_only(&transport, "how much did i spend at uber on rides", &merchant("Uber")));
        assert!(!subject_only(&turn(merchant("Lyft")), "uber", &merchant("Uber")));
    }

    #[test]
    fn compare_with_sets_the_two_side_by_side() {
        let uber = turn(Slots {
            period: period("last 3 months"),
            ..merchant("Uber")
        });
        for q in ["please compare with lyft", "vs lyft", "compared to lyft?", "ok and against lyft"] {
            let (_, s, shape) = compare_with(&uber, q, &merchant("Lyft")).expect(q);
            assert_eq!(s.period, period("last 3 months"), "{q}");
            match shape {
                Shape::Versus(p) => assert_eq!(p.sides.len(), 2),
                other => panic!("{q}: {other:?}"),
            }
        }
        assert!(compare_with(&uber, "lyft", &merchant("Lyft")).is_none());
        assert!(compare_with(&uber, "compare with last month", &Slots::default()).is_none());
        assert!(compare_with(&turn(Slots::default()), "vs lyft", &merchant("Lyft")).is_none());
    }

    #[test]
    fn a_new_kind_of_question_keeps_the_period() {
        let spent = turn(Slots {
            period: period("2026"),
            ..Slots::default()
        });
        let none = Slots::default();
        let money_in = Shape::MoneyIn(super::super::income::Inflow::All);
        assert_eq!(
            period_of_previous(&spent, "and how much came in", &none, &money_in, true),
            period("2026")
        );
        // Its own period, no follow-up opener, or a question that reads none.
        let own = Slots {
            period: period("last month"),
            ..Slots::default()
        };
        assert!(period_of_previous(&spent, "and last month", &own, &money_in, true).is_none());
        assert!(period_of_previous(&spent, "how much came in", &none, &money_in, false).is_none());
        assert!(period_of_previous(&spent, "and my balance", &none, &Shape::Plain, true).is_none());
        // What was saved, after all spending: the same dates, with no opener.
        let saved = Shape::Everyday(super::super::everyday::Ask::Saved);
        assert_eq!(
            period_of_previous(&spent, "so how much did i save", &none, &saved, false),
            period("2026")
        );
    }
}
