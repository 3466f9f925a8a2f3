//! Category words (with synonyms) and merchant names.
//!
//! Ride-hailing brands such as Uber are merchants, not categories; "rides" is Transport.

use super::tokens::Token;
use crate::model::Category;
use crate::words::Words;

/// Phrases, longest first where one contains another ("gas bill" before "gas").
const CATEGORY_PHRASES: &[(&[&str], Category)] = &[
    (&["gas", "bill"], Category::Bills),
    (&["gas", "and", "electric"], Category::Bills),
    (&["phone", "bill"], Category::Bills),
    (&["electric", "bill"], Category::Bills),
    (&["electricity", "bill"], Category::Bills),
    (&["power", "bill"], Category::Bills),
    (&["water", "bill"], Category::Bills),
    (&["internet", "bill"], Category::Bills),
    (&["cable", "bill"], Category::Bills),
    (&["eating", "out"], Category::Dining),
    (&["eat", "out"], Category::Dining),
    (&["food", "delivery"], Category::Dining),
    (&["take", "out"], Category::Dining),
    (&["car", "rental"], Category::Travel),
    (&["atm", "withdrawals"], Category::Cash),
    (&["bank", "fees"], Category::Fees),
    (&["groceries"], Category::Groceries),
    (&["grocery"], Category::Groceries),
    (&["supermarket"], Category::Groceries),
    (&["supermarkets"], Category::Groceries),
    (&["food", "shopping"], Category::Groceries),
    (&["restaurants"], Category::Dining),
    (&["restaurant"], Category::Dining),
    (&["dining"], Category::Dining),
    (&["takeout"], Category::Dining),
    (&["takeaway"], Category::Dining),
    (&["takeaways"], Category::Dining),
    (&["meal"], Category::Dining),
    (&["meals"], Category::Dining),
    (&["coffee"], Category::Dining),
    (&["cafes"], Category::Dining),
    (&["bars"], Category::Dining),
    (&["gas"], Category::Transport),
    (&["fuel"], Category::Transport),
    (&["petrol"], Category::Transport),
    (&["transport"], Category::Transport),
    (&["transportation"], Category::Transport),
    (&["transit"], Category::Transport),
    (&["rides"], Category::Transport),
    (&["taxi"], Category::Transport),
    (&["taxis"], Category::Transport),
    (&["parking"], Category::Transport),
    (&["commute"], Category::Transport),
    (&["commuting"], Category::Transport),
    (&["shopping"], Category::Shopping),
    (&["clothes"], Category::Shopping),
    (&["clothing"], Category::Shopping),
    (&["entertainment"], Category::Entertainment),
    (&["movies"], Category::Entertainment),
    (&["cinema"], Category::Entertainment),
    (&["concerts"], Category::Entertainment),
    (&["games"], Category::Entertainment),
    (&["streaming"], Category::Entertainment),
    (&["travel"], Category::Travel),
    (&["flights"], Category::Travel),
    (&["hotels"], Category::Travel),
    (&["vacation"], Category::Travel),
    (&["health"], Category::Health),
    (&["healthcare"], Category::Health),
    (&["pharmacy"], Category::Health),
    (&["medical"], Category::Health),
    (&["doctor"], Category::Health),
    (&["gym"], Category::Health),
    (&["fitness"], Category::Health),
    (&["bills"], Category::Bills),
    (&["utilities"], Category::Bills),
    (&["utility"], Category::Bills),
    (&["electricity"], Category::Bills),
    (&["insurance"], Category::Bills),
    (&["internet"], Category::Bills),
    (&["rent"], Category::Housing),
    (&["mortgage"], Category::Housing),
    (&["housing"], Category::Housing),
    (&["subscriptions"], Category::Subscriptions),
    (&["subscription"], Category::Subscriptions),
    (&["income"], Category::Income),
    (&["salary"], Category::Income),
    (&["paycheck"], Category::Income),
    (&["paychecks"], Category::Income),
    (&["wages"], Category::Income),
    (&["transfers"], Category::Transfer),
    (&["fees"], Category::Fees),
    (&["fee"], Category::Fees),
    (&["interest"], Category::Fees),
    (&["cash"], Category::Cash),
    (&["atm"], Category::Cash),
    (&["atms"], Category::Cash),
    (&["withdrawal"], Category::Cash),
    (&["withdrawals"], Category::Cash),
];

/// The first category phrase in the message (longer phrases win at the same position), or,
/// with none, the first word that is a category word with a typo ([`misspelt_category`]).
pub(super) fn find_category(toks: &[Token]) -> Option<Category> {
    exact_category(toks).or_else(|| toks.iter().find_map(|t| misspelt_category(&t.lower)))
}

/// Real words one letter away from a category word: never read as that category.
const NOT_TYPOS: Words = Words(
    "shipping|stopping|dinner|renting|billing|transfer|compute|steaming",
);

/// A category word written with one typo ("dinning", "resturants", "grocerys",
/// "subscriptons"), two for words of nine letters or more; words under six letters must be
/// exact. The same first letter is required.
pub(super) fn misspelt_category(w: &str) -> Option<Category> {
    if w.len() < 6 || NOT_TYPOS.contains(&w) || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    CATEGORY_PHRASES.iter().find_map(|(phrase, cat)| {
        let [word] = phrase else { return None };
        let allowed = match word.len() {
            9.. => 2,
            6..=8 => 1,
            _ => 0,
        };
        // Cheap checks first: the distance is at least the difference in length.
        let close = allowed > 0
            && word.as_bytes().first() == w.as_bytes().first()
            && word.len().abs_diff(w.len()) <= allowed
            && super::period::distance(w, word) <= allowed;
        close.then_some(*cat)
    })
}

/// Phrases that open with a category word and mean something else: "cash flow" is money in
/// and out, "cash back" a reward, neither is cash withdrawn.
const NOT_CATEGORY: &[&[&str]] = &[&["cash", "flow"], &["cash", "back"]];

fn exact_category(toks: &[Token]) -> Option<Category> {
    for i in 0..toks.len() {
        let other = NOT_CATEGORY.iter().any(|phrase| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w))
        });
        if other {
            continue;
        }
        let mut best: Option<(usize, Category)> = None;
        for (phrase, cat) in CATEGORY_PHRASES {
            let hit = phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w));
            if hit && best.is_none_or(|(len, _)| phrase.len() > len) {
                best = Some((phrase.len(), *cat));
            }
        }
        if let Some((_, cat)) = best {
            return Some(cat);
        }
    }
    None
}

/// Whether a category phrase of several words starts at token `i` ("food delivery", "eating
/// out", "gas bill").
pub(super) fn category_phrase_at(toks: &[Token], i: usize) -> bool {
    CATEGORY_PHRASES.iter().any(|(phrase, _)| {
        phrase.len() > 1
            && phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w))
    })
}

/// Whether a single word is a category word ("groceries", "rent").
pub(super) fn is_category_word(w: &str) -> bool {
    CATEGORY_PHRASES
        .iter()
        .any(|(phrase, _)| phrase.len() == 1 && phrase.first() == Some(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_flow_and_cash_back_are_not_cash() {
        use super::super::tokens::tokenize;
        assert_eq!(find_category(&tokenize("whats my cash flow")), None);
        assert_eq!(find_category(&tokenize("how much cash back did i get")), None);
        assert_eq!(
            find_category(&tokenize("how much cash did i take out")),
            Some(Category::Cash)
        );
    }

    #[test]
    fn category_words_with_typos() {
        assert_eq!(misspelt_category("dinning"), Some(Category::Dining));
        assert_eq!(misspelt_category("resturants"), Some(Category::Dining));
        assert_eq!(misspelt_category("grocerys"), Some(Category::Groceries));
        assert_eq!(
            misspelt_category("subscriptons"),
            Some(Category::Subscriptions)
        );
        assert_eq!(
            misspelt_category("entertainmnet"),
            Some(Category::Entertainment)
        );
        // Real words and short words are not typos.
        assert_eq!(misspelt_category("shipping"), None);
        assert_eq!(misspelt_category("dinner"), None);
        assert_eq!(misspelt_category("gass"), None);
        assert_eq!(misspelt_category("balance"), None);
    }

    #[test]
    fn utility_bills_are_bills() {
        for q in ["my electric bill", "the water bill", "power bill last month"] {
            let toks = super::super::tokens::tokenize(q);
            assert_eq!(find_category(&toks), Some(Category::Bills), "{q}");
        }
    }
}
