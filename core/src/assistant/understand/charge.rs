//! A charge the person points at, which the model heard as out of scope because no alert or
//! fraud word marks it: "what is this givehope charge", "what was that 7 dollar thing on nov
//! 29", "is this charge legit", "is there any charge i should worry about". Asking what a
//! charge they point at is, or whether one is to be worried about, is fraud talk: the chat
//! answers it against the open alerts. Without a pointer ("what is a wire transfer") or a
//! charge ("what was that movie") the model's reading stands.

use crate::words::Words;
use crate::intent::{Intent, Slots};

/// Words that mark one charge on the records.
const CHARGE: &[&str] = &["charge", "transaction", "purchase", "payment", "debit", "withdrawal"];

/// Words of doubt about a charge.
const DOUBT: Words = Words(
    "worry|worried|concern|concerned|concerning|weird|odd|strange|fishy|sketchy|shady\
    |legit|legitimate|unusual|recognise",
);

/// The intent acted on: fraud talk when the model heard out of scope and no rule read it
/// (`routed` still out of scope) but the words point at a charge, or when they doubt one.
/// A doubt word ("any charges that look weird") also overrules a spending or list reading.
pub(super) fn pointed_at(heard: Intent, routed: Intent, w: &[String], slots: &Slots) -> Intent {
    use Intent::{Oos, SpendingHistory, Transactions};
    let records = |i: Intent| matches!(i, Oos | SpendingHistory | Transactions);
    let unread = heard == Oos && routed == Oos;
    if records(heard) && records(routed) && doubts_a_charge(w) || unread && asks_what_it_was(w, slots) {
        return Intent::ReportFraud;
    }
    routed
}

fn is_charge(v: &str) -> bool {
    CHARGE.iter().any(|c| v.starts_with(c))
}

/// "is this givehope charge legit", "any charge i should worry about": a charge word, a
/// doubt word and a pointer to the person's own charges.
fn doubts_a_charge(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let pointer = Words("this|that|these|those|any|anything|my")
        .iter()
        .any(&has);
    pointer && w.iter().any(|v| is_charge(v)) && DOUBT.iter().any(has)
}

/// "what is this givehope charge", "what was that 7 dollar thing on nov 29", "whats the kltra
/// store thing in may": asking what one charge pointed at is. A charge word after "this" or
/// "that"; after "the" only with a date or an amount; "thing" only with an amount or a store.
fn asks_what_it_was(w: &[String], slots: &Slots) -> bool {
    let asks = w
        .first()
        .is_some_and(|v| matches!(v.as_str(), "what" | "whats" | "who" | "whos" | "which"));
    let dated = slots.period.is_some() || slots.exact_amount_minor.is_some();
    let named = |span: &[String], this: bool| {
        let store = span.iter().any(|v| matches!(v.as_str(), "store" | "shop"));
        span.iter().enumerate().any(|(i, v)| {
            is_charge(v) && (this || dated)
                || v == "thing" && i > 0 && (slots.exact_amount_minor.is_some() || store)
        })
    };
    asks && w.iter().enumerate().any(|(i, v)| {
        let this = matches!(v.as_str(), "this" | "that");
        (this || v == "the") && named(&w[i + 1..(i + 5).min(w.len())], this)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::{extract_slots, SlotContext};
    use crate::time::Date;

    fn routed(text: &str) -> Intent {
        let slots = extract_slots(text, Date::new(2026, 12, 5).unwrap(), &SlotContext::default());
        pointed_at(Intent::Oos, Intent::Oos, &crate::assistant::shape::words(text), &slots)
    }

    #[test]
    fn a_charge_pointed_at_is_fraud_talk() {
        for t in [
            "what is this acme charge",
            "whats that 12 dollar thing from tuesday",
            "what was the zorblat store thing in march",
            "is this payment legit",
            "anything on my card i should be worried about, any weird charges",
            "any charges that look weird",
        ] {
            assert_eq!(routed(t), Intent::ReportFraud, "{t}");
        }
    }

    #[test]
    fn leaves_other_questions_alone() {
        for t in [
            "what is a wire transfer",
            "what was that movie last night",
            "what is the charge for a passport",
            "whats the thing about the weather",
            "i worry too much",
            "what is the best credit card",
        ] {
            assert_eq!(routed(t), Intent::Oos, "{t}");
        }
        let w = crate::assistant::shape::words("what is this acme charge");
        let slots = Slots::default();
        assert_eq!(pointed_at(Intent::Balance, Intent::Balance, &w, &slots), Intent::Balance);
        let t = Intent::Transactions;
        assert_eq!(pointed_at(t, t, &w, &slots), t);
        let w = crate::assistant::shape::words("are any of my purchases sketchy");
        assert_eq!(pointed_at(t, t, &w, &slots), Intent::ReportFraud);
    }
}
