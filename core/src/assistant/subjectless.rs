//! A short spending question that names nothing of its own ("how much total", "how much did
//! i pay", "what did that come to") right after a question about one merchant or kind of
//! spending is about that subject, over that period. Answered alone, it would be all
//! spending this month: a confident figure for a question that was not asked (the rule of
//! issue #13). A question of its own says so with its words ("how much did i spend",
//! "everything", "overall") and is left to be read alone.

use crate::words::Words;
use super::conversation::Turn;
use super::shape::{words, Shape};
use crate::intent::{Intent, Slots};

/// Words that make a question about spending as a whole, not about the subject before.
const OWN: Words = Words(
    "spend|spent|spending|expenses|expense|purchases|transactions|txns|outgoings|overall\
    |everything|everywhere|all|whole|altogether",
);

/// Whether the slots name anything: what a follow-up names ([`super::conversation::names_something`]),
/// an exact amount, or pending charges.
fn names_anything(s: &Slots) -> bool {
    super::conversation::names_something(s) || s.exact_amount_minor.is_some() || s.pending_only
}

/// The slots of the previous turn's subject and period for a spending question of up to six
/// words that names nothing and asks nothing of spending as a whole, after a spending
/// question about one merchant, category or kind. `None` otherwise.
pub(super) fn about_previous(
    prev: &Turn,
    text: &str,
    intent: Intent,
    slots: &Slots,
    shape: &Shape,
) -> Option<Slots> {
    let had_subject =
        prev.slots.merchant.is_some() || prev.slots.category.is_some() || !prev.slots.kinds.is_empty();
    let spending = matches!(prev.intent, Intent::SpendingHistory | Intent::Transactions);
    if intent != Intent::SpendingHistory || *shape != Shape::Plain || names_anything(slots) {
        return None;
    }
    let w = words(text);
    if !had_subject || !spending || w.is_empty() || w.len() > 6 || w.iter().any(|x| OWN.contains(x.as_str())) {
        return None;
    }
    let mut s = slots.clone();
    s.merchant.clone_from(&prev.slots.merchant);
    s.merchant_known = prev.slots.merchant_known;
    s.category = prev.slots.category;
    s.kinds = prev.slots.kinds;
    s.period.clone_from(&prev.slots.period);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::egress::DisclosureLevel;

    fn after_chipotle() -> Turn {
        let slots = Slots {
            merchant: Some("Chipotle".into()),
            merchant_known: true,
            period: crate::intent::slots::period::find_period_in(
                "this year",
                crate::time::Date::new(2026, 12, 5).unwrap(),
            ),
            ..Slots::default()
        };
        Turn::new(Intent::SpendingHistory, slots, Shape::Count, 0, DisclosureLevel::Full)
    }

    fn read(prev: &Turn, text: &str) -> Option<Slots> {
        about_previous(prev, text, Intent::SpendingHistory, &Slots::default(), &Shape::Plain)
    }

    #[test]
    fn a_bare_amount_question_keeps_the_subject_and_period() {
        let prev = after_chipotle();
        for q in ["how much total", "how much did i pay", "what did that come to", "and the total?"] {
            let s = read(&prev, q).unwrap_or_else(|| panic!("{q}"));
            assert_eq!(s.merchant.as_deref(), Some("Chipotle"), "{q}");
            assert_eq!(s.period, prev.slots.period, "{q}");
        }
    }

    #[test]
    fn a_question_of_its_own_is_read_alone() {
        let prev = after_chipotle();
        for q in ["how much did i spend", "how much overall", "everything in total", "how much did i spend on everything this time"] {
            assert!(read(&prev, q).is_none(), "{q}");
        }
        // Nothing before it about one subject: read alone.
        let all = Turn::new(Intent::SpendingHistory, Slots::default(), Shape::Plain, 0, DisclosureLevel::Full);
        assert!(read(&all, "how much total").is_none());
        // A message that names its own dates or subject is not this rule's.
        let own = Slots {
            period_unclear: true,
            ..Slots::default()
        };
        assert!(about_previous(&prev, "how much then", Intent::SpendingHistory, &own, &Shape::Plain).is_none());
        assert!(about_previous(&prev, "how much", Intent::Balance, &Slots::default(), &Shape::Plain).is_none());
    }
}
