//! Category words (with synonyms) and merchant names.
//!
//! Ride-hailing brands such as Uber are merchants, not categories; "rides" is Transport.

use super::tokens::Token;
use crate::model::Category;
use crate::words::Words;

/// Phrases, longest first where one contains another ("gas bill" before "gas").
const CATEGORY_PHRASES: &[(Words, Category)] = &[
    (Words("gas|bill"), Category::Bills),
    (Words("gas|and|electric"), Category::Bills),
    (Words("phone|bill"), Category::Bills),
    (Words("electric|bill"), Category::Bills),
    (Words("electricity|bill"), Category::Bills),
    (Words("power|bill"), Category::Bills),
    (Words("water|bill"), Category::Bills),
    (Words("internet|bill"), Category::Bills),
    (Words("cable|bill"), Category::Bills),
    (Words("eating|out"), Category::Dining),
    (Words("eat|out"), Category::Dining),
    (Words("food|delivery"), Category::Dining),
    (Words("take|out"), Category::Dining),
    (Words("car|rental"), Category::Travel),
    (Words("atm|withdrawals"), Category::Cash),
    (Words("bank|fees"), Category::Fees),
    (Words("groceries"), Category::Groceries),
    (Words("grocery"), Category::Groceries),
    (Words("supermarket"), Category::Groceries),
    (Words("supermarkets"), Category::Groceries),
    (Words("food|shopping"), Category::Groceries),
    (Words("restaurants"), Category::Dining),
    (Words("restaurant"), Category::Dining),
    (Words("dining"), Category::Dining),
    (Words("takeout"), Category::Dining),
    (Words("takeaway"), Category::Dining),
    (Words("takeaways"), Category::Dining),
    (Words("meal"), Category::Dining),
    (Words("meals"), Category::Dining),
    (Words("coffee"), Category::Dining),
    (Words("cafes"), Category::Dining),
    (Words("bars"), Category::Dining),
    (Words("gas"), Category::Transport),
    (Words("fuel"), Category::Transport),
    (Words("petrol"), Category::Transport),
    (Words("transport"), Category::Transport),
    (Words("transportation"), Category::Transport),
    (Words("transit"), Category::Transport),
    (Words("rides"), Category::Transport),
    (Words("taxi"), Category::Transport),
    (Words("taxis"), Category::Transport),
    (Words("parking"), Category::Transport),
    (Words("commute"), Category::Transport),
    (Words("commuting"), Category::Transport),
    (Words("shopping"), Category::Shopping),
    (Words("clothes"), Category::Shopping),
    (Words("clothing"), Category::Shopping),
    (Words("entertainment"), Category::Entertainment),
    (Words("movies"), Category::Entertainment),
    (Words("cinema"), Category::Entertainment),
    (Words("concerts"), Category::Entertainment),
    (Words("games"), Category::Entertainment),
    (Words("streaming"), Category::Entertainment),
    (Words("travel"), Category::Travel),
    (Words("flights"), Category::Travel),
    (Words("hotels"), Category::Travel),
    (Words("vacation"), Category::Travel),
    (Words("health"), Category::Health),
    (Words("healthcare"), Category::Health),
    (Words("pharmacy"), Category::Health),
    (Words("medical"), Category::Health),
    (Words("doctor"), Category::Health),
    (Words("gym"), Category::Health),
    (Words("fitness"), Category::Health),
    (Words("bills"), Category::Bills),
    (Words("utilities"), Category::Bills),
    (Words("utility"), Category::Bills),
    (Words("electricity"), Category::Bills),
    (Words("insurance"), Category::Bills),
    (Words("internet"), Category::Bills),
    (Words("rent"), Category::Housing),
    (Words("mortgage"), Category::Housing),
    (Words("housing"), Category::Housing),
    (Words("subscriptions"), Category::Subscriptions),
    (Words("subscription"), Category::Subscriptions),
    (Words("income"), Category::Income),
    (Words("salary"), Category::Income),
    (Words("paycheck"), Category::Income),
    (Words("paychecks"), Category::Income),
    (Words("wages"), Category::Income),
    (Words("transfers"), Category::Transfer),
    (Words("fees"), Category::Fees),
    (Words("fee"), Category::Fees),
    (Words("interest"), Category::Fees),
    (Words("cash"), Category::Cash),
    (Words("atm"), Category::Cash),
    (Words("atms"), Category::Cash),
    (Words("withdrawal"), Category::Cash),
    (Words("withdrawals"), Category::Cash),
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
    if w.len() < 6 || NOT_TYPOS.contains(w) || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    CATEGORY_PHRASES.iter().find_map(|(phrase, cat)| {
        let mut words = phrase.iter();
        let (Some(word), None) = (words.next(), words.next()) else {
            return None;
        };
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
/// and out, "cash back" a reward, neither is cash withdrawn; "take out from the atm", "take
/// out at", "take out of", "take out cash" are cash withdrawn, not takeout food.
const NOT_CATEGORY: &[&[&str]] = &[
    &["cash", "flow"],
    &["cash", "back"],
    &["take", "out", "from"],
    &["take", "out", "at"],
    &["take", "out", "of"],
    &["take", "out", "cash"],
    &["take", "out", "money"],
];

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
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == w));
            let len = phrase.iter().count();
            if hit && best.is_none_or(|(best_len, _)| len > best_len) {
                best = Some((len, *cat));
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
        phrase.iter().count() > 1
            && phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == w))
    })
}

/// Whether a single word is a category word ("groceries", "rent").
pub(super) fn is_category_word(w: &str) -> bool {
    CATEGORY_PHRASES
        .iter()
        .any(|(phrase, _)| phrase.iter().count() == 1 && phrase.iter().next() == Some(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_taken_out_is_no_takeout() {
        use super::super::tokens::tokenize;
        assert_ne!(
            find_category(&tokenize("how much did i take out from the atm last week")),
            Some(Category::Dining)
        );
        assert_eq!(find_category(&tokenize("how much on take out this month")), Some(Category::Dining));
    }

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
