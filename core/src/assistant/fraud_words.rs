//! How people talk about a flagged merchant without the words "fraud" or "not me": a denial
//! of any dealings with it ("i never donated to them", "never heard of givehope", "i didnt
//! order from them"), and a plain question about what it is ("what is this givehope
//! thing", "who is givehope fund"). Both only bind to an alert where the caller finds one
//! (the merchant named, or the alert the person was just asked about): a denial of dealings
//! is a NO only about an alert, and a question about a name explains an alert only when an
//! open alert has a payment there.

use crate::words::Words;

/// Words that negate a past dealing ("never", "didnt", "havent").
const NEGATIONS: Words = Words("never|didnt|havent|hadnt|not");

/// Beginnings of the verbs of dealing with a merchant: giving, ordering, subscribing,
/// signing up, shopping, buying, using, visiting, hearing of it.
const DEALINGS: Words = Words(
    "donat|order|subscri|signed|sign|shop|purchas|use|used|gave|give|visit|went|go|heard|been",
);

/// The words of a lower-cased message: runs of letters and digits.
pub(super) fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the (lower-cased, apostrophes dropped) message denies having dealt with whoever
/// it is about: "i never donated to them", "i didnt order anything from them", "never heard
/// of givehope", "i have not used that". "did not", "have not" count; "dont" (a habit: "i
/// dont use netflix much") does not.
pub(super) fn denies_dealings(lower: &str) -> bool {
    let w = words(lower);
    (0..w.len()).any(|i| {
        let negation = NEGATIONS.contains(w[i])
            && (w[i] != "not" || i > 0 && matches!(w[i - 1], "did" | "have" | "had"));
        if !negation {
            return false;
        }
        let verb = w[i + 1..]
            .iter()
            .find(|v| !matches!(**v, "ever" | "even" | "actually" | "once" | "really"))
            .copied()
            .unwrap_or("");
        // "i never spent that much", "didnt pay my bill": not a dealing with a merchant;
        // "i havent used my card since monday" is about the card, not a merchant.
        let of_mine = w[i + 1..].iter().take(4).any(|v| *v == "my");
        !of_mine
            && DEALINGS.iter().any(|d| match d {
                "use" | "go" | "sign" | "give" => verb == d,
                _ => verb.starts_with(d),
            })
    })
}

/// Words a question about what a charge is may use around the merchant's name.
const WHAT_IS: Words = Words(
    "what|whats|who|whos|wtf|is|are|was|were|this|that|these|those|the|a|an|thing|things|charge\
     |charges|one|payment|payments|transaction|transactions|about|on|my|card|statement|account\
     |exactly|even|again|called|company|merchant",
);

/// Whether the message asks what a name is ("what is this givehope thing", "whats givehope
/// fund", "who is kltra store?"): a what/who question with at most three words besides
/// [`WHAT_IS`] (the name). The caller binds it to the open alert with a payment at the
/// merchant it names; with none, it is no question about an alert.
pub(super) fn asks_what_it_is(lower: &str) -> bool {
    let w = words(lower);
    let asks = w
        .first()
        .is_some_and(|f| matches!(*f, "what" | "whats" | "who" | "whos" | "wtf"));
    let rest = w.iter().filter(|v| !WHAT_IS.contains(v)).count();
    asks && (1..=3).contains(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denials_of_any_dealing() {
        for t in [
            "i never donated to them",
            "i never donated to givehope",
            "never heard of givehope",
            "i didnt order anything from them",
            "i did not sign up for that",
            "i have not used that",
            "i havent ever shopped there",
            "never been to that store",
        ] {
            assert!(denies_dealings(t), "{t}");
        }
        for t in [
            "i never spent that much on groceries",
            "didnt pay my card bill",
            "i dont use netflix much",
            "i havent used my card since monday",
            "how much did i donate this year",
            "i donated to givehope",
            "not sure",
        ] {
            assert!(!denies_dealings(t), "{t}");
        }
    }

    #[test]
    fn questions_about_what_a_name_is() {
        for t in [
            "what is this givehope thing",
            "what is givehope fund",
            "whats this kltra charge",
            "who is givehope",
            "what are these givehope fund charges on my card",
        ] {
            assert!(asks_what_it_is(t), "{t}");
        }
        for t in [
            "how much at givehope",
            "what is this",
            "what did i spend at netflix last month",
        ] {
            assert!(!asks_what_it_is(t), "{t}");
        }
    }
}
