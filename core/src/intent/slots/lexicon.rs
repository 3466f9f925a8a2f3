//! Category words (with synonyms) and merchant names.
//!
//! Ride-hailing brands such as Uber are merchants, not categories; "rides" is Transport.

use super::account::kind_word;
use super::period::month_of;
use super::tokens::{find_words, words_of, Token};
use super::SlotContext;
use crate::model::Category;

/// Phrases, longest first where one contains another ("gas bill" before "gas").
const CATEGORY_PHRASES: &[(&[&str], Category)] = &[
    (&["gas", "bill"], Category::Bills),
    (&["gas", "and", "electric"], Category::Bills),
    (&["phone", "bill"], Category::Bills),
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
    (&["holidays"], Category::Travel),
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
    (&["withdrawals"], Category::Cash),
];

/// The first category phrase in the message (longer phrases win at the same position).
pub(super) fn find_category(toks: &[Token]) -> Option<Category> {
    for i in 0..toks.len() {
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

/// Words that start a capitalised run but are not merchant names.
fn is_stop(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "i" | "my" | "the" | "a" | "an" | "this" | "last" | "today" | "yesterday" | "me"
    ) || month_of(&t.lower).is_some()
        || t.lower.ends_with("day")
}

/// A cheap test that rules out most merchants before tokenising their names: a name that
/// starts with an ASCII word (letters only, apostrophes dropped as the tokeniser drops them)
/// can only match if that word is one of the message's tokens. Other names always pass.
fn may_be_named(toks: &[Token], merchant: &str) -> bool {
    let mut first = String::new();
    for c in merchant.chars() {
        match c {
            '\'' | '\u{2019}' => continue,
            c if c.is_ascii_alphabetic() => first.push(c.to_ascii_lowercase()),
            c if c.is_alphanumeric() => return true,
            _ => break,
        }
    }
    first.is_empty() || toks.iter().any(|t| t.lower == first)
}

/// A known merchant named in the message (longest name wins), else the capitalised words
/// after "at" or "from" ("at Whole Foods", "from Amazon").
pub(super) fn find_merchant(toks: &[Token], ctx: &SlotContext) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for m in &ctx.merchants {
        if !may_be_named(toks, m) {
            continue;
        }
        let words = words_of(m);
        if find_words(toks, &words).is_some() && best.is_none_or(|(len, _)| words.len() > len) {
            best = Some((words.len(), m));
        }
    }
    if let Some((_, m)) = best {
        return Some(m.clone());
    }
    for (i, t) in toks.iter().enumerate() {
        if !matches!(t.lower.as_str(), "at" | "from") {
            continue;
        }
        let mut words: Vec<&str> = Vec::new();
        for (k, next) in toks.iter().enumerate().skip(i + 1).take(4) {
            if !next.is_capitalised() || is_stop(next) || kind_word(toks, k).is_some() {
                break;
            }
            words.push(&next.orig);
        }
        if !words.is_empty() {
            return Some(words.join(" "));
        }
    }
    None
}
