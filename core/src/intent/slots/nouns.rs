//! Typos of the few words a ranking or a listing turns on ("biggest purchse", "largest
//! transacion", "smalest charg"): read as the word, by the one-edit rule of merchants and
//! months (one letter added, dropped or changed, or two neighbouring letters swapped; two
//! edits for words of ten letters or more), starting with the same letter. Real words that
//! close ("change", "charged", "purchased", "expansive") are never corrected.

use super::period::{distance, one_swap};

/// The words corrected to.
const NOUNS: [&str; 11] = [
    "purchase",
    "purchases",
    "transaction",
    "transactions",
    "charge",
    "charges",
    "biggest",
    "largest",
    "smallest",
    "cheapest",
    "expensive",
];

/// Words one edit from a noun above that mean something else.
const NOT_TYPOS: [&str; 12] = [
    "change", "changes", "changed", "charged", "charger", "chargers", "purchased",
    "purchaser", "expansive", "largess", "charms", "chargee",
];

/// The word `w` (lower case) was typed for, when it is a typo of one of [`NOUNS`].
pub(crate) fn fix_typo(w: &str) -> Option<&'static str> {
    if w.len() < 5 || !w.bytes().all(|b| b.is_ascii_lowercase()) || NOT_TYPOS.contains(&w) {
        return None;
    }
    if NOUNS.contains(&w) {
        return None;
    }
    NOUNS.iter().copied().find(|n| {
        let allowed = if n.len() >= 10 { 2 } else { 1 };
        n.as_bytes()[0] == w.as_bytes()[0]
            && n.len().abs_diff(w.len()) <= allowed
            && (one_swap(w, n) || distance(w, n) <= allowed)
    })
}

#[cfg(test)]
mod tests {
    use super::fix_typo;

    #[test]
    fn ranking_and_listing_typos() {
        for (typo, word) in [
            ("purchse", "purchase"),
            ("purchace", "purchase"),
            ("purchses", "purchases"),
            ("transacion", "transaction"),
            ("trasnactions", "transactions"),
            ("charg", "charge"),
            ("chrage", "charge"),
            ("bigest", "biggest"),
            ("smalest", "smallest"),
            ("cheapst", "cheapest"),
            ("expensve", "expensive"),
        ] {
            assert_eq!(fix_typo(typo), Some(word), "{typo}");
        }
        // Real words, the nouns themselves, short words and other words stay as written.
        for w in [
            "change", "charged", "purchased", "expansive", "purchase", "charges", "chase", "big",
            "target", "larger", "smaller", "cheaper", "groceries",
        ] {
            assert_eq!(fix_typo(w), None, "{w}");
        }
    }
}
