//! The words around a follow-up that change nothing of what it asks: fillers before it ("ok
//! what about the card only", "lol ok and groceries"), "n" or "&" written for "and" ("n the
//! card"), and "just" / "only", which narrow it to what it names ("just nike" after
//! "shopping without amazon" is Nike alone: an exclusion inherited from the turn before no
//! longer applies and is not named in the reply).

use crate::words::Words;
use crate::intent::Slots;

/// Words people put before a follow-up that carry no meaning of their own.
const FILLERS: Words = Words(
    "ok|okay|okk|k|kk|lol|lmao|haha|hmm|hm|um|umm|uh|alright|cool|great|thanks|thx|ty\
    |nice|oh|ah|well|yeah|yea|hey",
);

/// Short forms of "and" at the start of a message.
const ANDS: &[&str] = &["n", "an", "nd", "&", "+"];

/// The lower-cased message without its leading fillers, a leading short "and" written out
/// ("n the card" -> "and the card"). The last word is always kept ("ok" stays "ok").
pub(super) fn plain(lower: &str) -> String {
    let mut rest = lower.trim_start();
    loop {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let first = &rest[..end];
        let tail = rest[end..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if tail.is_empty() {
            break;
        }
        if FILLERS.contains(first) {
            rest = tail;
            continue;
        }
        // "thank you, and for the uber?"
        if first == "thank" {
            rest = tail.strip_prefix("you").map_or(tail, |t| t.trim_start_matches([' ', ',']));
            continue;
        }
        if ANDS.contains(&first) {
            return format!("and {tail}");
        }
        break;
    }
    rest.to_string()
}

/// Whether the (plain) message narrows the question to what it names: "just nike", "only
/// the card", "and for the restaurant only?".
fn narrows(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "just" | "only" | "solely"))
}

/// Whether a follow-up drops the exclusions it inherits: it names a merchant (one merchant's
/// spending excludes every other anyway: "nike, not counting amazon" says nothing), or it
/// narrows to a category or kind ("just groceries"). Never when it names exclusions of its
/// own (those replace the inherited ones).
pub(super) fn drops_exclusions(lower: &str, slots: &Slots) -> bool {
    let own = !slots.exclude_categories.is_empty()
        || !slots.exclude_kinds.is_empty()
        || slots.exclude_merchant.is_some();
    let names = slots.category.is_some() || !slots.kinds.is_empty();
    !own && (slots.merchant.is_some() || narrows(lower) && names)
}

/// Openers of a follow-up that names one thing ("and trader joes", "what about hbo").
const OPENERS: &[&str] = &["and what about", "and how about", "what about", "how about", "and", "also"];

/// Words that are never a merchant's name said on its own after "and".
const NOT_NAMES: Words = Words(
    "why|what|how|when|where|who|which|more|less|total|then|else|also|both|them|those\
    |these|it|that|this|everything|all|other|others|rest|ones|one|tho|though|instead\
    |again|now|today|pls|please|too|so|ok|okay|yes|no|the|my|a|an|in|on|for|of|to|i|me\
    |you|is|was|are|did|do|much|many|spending|spent|spend|purchases|transactions|charges\
    |before|after|since|until|last|next|previous|same|thing|things|stuff|anything\
    |something|nothing|income|savings|balance|bill|card|checking|account|there|here\
    |thanks|thx|really|seriously|wow|huh|sure|right|correct|true|wait|sorry|hello|hi\
    |help|none|any|weird|why|ok|lol|hmm|wrong|per|week|weekly|month|monthly|year|yearly\
    |day|daily|vs|average|avg|sort|sorted|oldest|newest|first|second|big|small",
);

/// The name a follow-up gives and nothing else ("and trader joes", "what about hbo?", "and
/// at wegmans"): one to three words of letters after an opener, none of them a word of a
/// question ([`NOT_NAMES`]). The caller takes it as a merchant only when the previous
/// question was about a merchant and the grammar read nothing else in the message.
pub(super) fn bare_name(lower: &str) -> Option<String> {
    // "whole foods?" alone: a name asked about as the last question was.
    let asked = lower.trim_end().ends_with('?').then_some(lower);
    let rest = OPENERS
        .iter()
        .find_map(|o| lower.strip_prefix(o).filter(|r| r.starts_with(' ')))
        .or(asked)?;
    let rest = rest.trim().trim_end_matches(['?', '.', '!']).trim();
    let rest = rest.strip_prefix("at ").unwrap_or(rest);
    let words: Vec<&str> = rest.split_whitespace().collect();
    let letters = |w: &&str| w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '&');
    ((1..=3).contains(&words.len())
        && words.iter().all(letters)
        && !words.iter().any(|w| NOT_NAMES.contains(w)))
    .then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Category;

    #[test]
    fn fillers_and_short_ands_are_read_through() {
        assert_eq!(plain("ok what about the card only"), "what about the card only");
        assert_eq!(plain("lol ok, and groceries"), "and groceries");
        assert_eq!(plain("n the card"), "and the card");
        assert_eq!(plain("thank you, and for the uber?"), "and for the uber?");
        assert_eq!(plain("& last month?"), "and last month?");
        assert_eq!(plain("so far this year"), "so far this year");
        // Nothing but fillers, or a word that is not one: as written.
        assert_eq!(plain("ok"), "ok");
        assert_eq!(plain("ok thanks"), "thanks");
        assert_eq!(plain("netflix"), "netflix");
        assert_eq!(plain("nike only"), "nike only");
    }

    #[test]
    fn a_follow_up_that_only_names_something() {
        assert_eq!(bare_name("and trader joes").as_deref(), Some("trader joes"));
        assert_eq!(bare_name("what about hbo?").as_deref(), Some("hbo"));
        assert_eq!(bare_name("whole foods?").as_deref(), Some("whole foods"));
        assert_eq!(bare_name("whole foods"), None);
        assert_eq!(bare_name("why?"), None);
        assert_eq!(bare_name("really?"), None);
        assert_eq!(bare_name("and at wegmans").as_deref(), Some("wegmans"));
        for q in [
            "and why",
            "and the card",
            "and last month",
            "and what about it",
            "and 50 more",
            "trader joes",
            "and how much was the total of it all",
            "andrew",
            "per week?",
            "and per month",
        ] {
            assert_eq!(bare_name(q), None, "{q}");
        }
    }

    #[test]
    fn narrowing_drops_inherited_exclusions() {
        let merchant = Slots {
            merchant: Some("Nike".into()),
            ..Slots::default()
        };
        assert!(drops_exclusions("just nike", &merchant));
        assert!(drops_exclusions("and nike", &merchant));
        let groceries = Slots {
            category: Some(Category::Groceries),
            ..Slots::default()
        };
        assert!(drops_exclusions("just groceries", &groceries));
        assert!(drops_exclusions("and for the restaurant only?", &groceries));
        // A category beside an exclusion ("and groceries" after "spending without amazon")
        // keeps it; so does a message that names its own.
        assert!(!drops_exclusions("and groceries", &groceries));
        let own = Slots {
            merchant: Some("Nike".into()),
            exclude_merchant: Some("Amazon".into()),
            ..Slots::default()
        };
        assert!(!drops_exclusions("just nike not amazon", &own));
        assert!(!drops_exclusions("just last month", &Slots::default()));
    }
}
