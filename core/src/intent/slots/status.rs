//! "Any pending charges?", "what hasn't posted yet": a question about transactions the bank
//! has not settled. Answered from pending transactions only, never from everything (which
//! would net settled charges, and a salary, into what the person asked about).

use crate::words::Words;
use super::period::{distance, one_swap};
use super::tokens::Token;

/// Words that turn the status around ("not pending", "no longer pending").
fn negates(w: &str) -> bool {
    matches!(w, "not" | "no" | "non" | "longer" | "never" | "isnt" | "arent" | "wasnt")
}

/// Whether the message asks about pending transactions only.
pub(super) fn pending_only(toks: &[Token]) -> bool {
    let at = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let before_negates = |i: usize| (1..=2).any(|k| i >= k && negates(at(i - k)));
    (0..toks.len()).any(|i| match at(i) {
        "pending" | "pendings" | "uncleared" | "unposted" => !before_negates(i),
        w if typo_of_pending(w) => !before_negates(i),
        // "hasn't posted yet", "not cleared yet", "haven't gone through".
        "posted" | "cleared" | "settled" => {
            before_negates(i) || matches!(at(i - 1.min(i)), "hasnt" | "havent" | "didnt")
        }
        _ => false,
    })
}

/// "pendin", "pendng", "pedning": one typo (a swap of neighbours counts as one) from
/// "pending", starting with its letter ("spending" and "bending" are words of their own).
fn typo_of_pending(w: &str) -> bool {
    w.starts_with('p')
        && w.len().abs_diff(7) <= 1
        && (distance(w, "pending") == 1 || one_swap(w, "pending"))
}

/// Whether the message asks about money going out only ("any charges over 500", "my
/// purchases at target", "what did I buy"): a listing of those never shows a salary or a
/// transfer in.
pub(super) fn charges_only(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "charge"
                | "charges"
                | "purchase"
                | "purchases"
                | "expense"
                | "expenses"
                | "bought"
                | "buy"
                | "debits"
                | "spent"
                | "spend"
                | "spending"
        )
    })
}

/// Whether the message names transactions that need not be purchases ("transactions over
/// $50", "payments between 100 and 200": every kind, money in too), rather than
/// "everything over $500" (purchases).
pub(super) fn names_transactions(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        Words("transaction|txn|payment|transfer|deposit")
            .iter()
            .any(|w| t.lower.starts_with(w))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn charges_are_money_out() {
        for q in ["any charges over 500 this year", "my purchases at target", "what did i buy"] {
            assert!(charges_only(&tokenize(q)), "{q}");
        }
        for q in ["show my transactions", "payments from acme", "last 5 txns"] {
            assert!(!charges_only(&tokenize(q)), "{q}");
        }
        assert!(names_transactions(&tokenize("transactions over $50")));
        assert!(names_transactions(&tokenize("payments between 100 and 200")));
        assert!(!names_transactions(&tokenize("show me everything over $500")));
    }

    #[test]
    fn pending_questions() {
        for q in [
            "any pending charges?",
            "show pending transactions",
            "how much is pending",
            "what's still pending on my card",
            "anything pendin",
            "any pendng charges",
            "show pedning transactions",
            "which charges haven't posted yet",
            "anything not cleared yet?",
            "uncleared transactions",
        ] {
            assert!(pending_only(&tokenize(q)), "{q}");
        }
        for q in [
            "show my transactions",
            "is the amazon charge no longer pending",
            "what posted yesterday",
            "non pending transactions",
            "transactions that are not pending",
            "",
        ] {
            assert!(!pending_only(&tokenize(q)), "{q}");
        }
    }
}
