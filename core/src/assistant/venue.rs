//! "How much at the pizza place", "that burger joint", "my car": a phrase read as a merchant
//! that names no merchant of the vault but a kind of place or a thing. Answering it with "No
//! charges at pizza place" told the person they had spent nothing where they plainly had.
//! The phrase is looked up instead: the merchants whose names carry its word ("coffee shop":
//! Blue Bottle Coffee) or whose kind it names ("burger joint": the fast-food chains). One
//! such merchant answers the question as if it had been named; several or none ask which,
//! never a figure.

use super::kinds;
use super::render::Rendered;
use super::{Assistant, AssistantError, Reply, Settings};
use crate::intent::slots::{merchant_key, merchant_words, SpendKind};
use crate::intent::{Intent, Slots};
use crate::ledger::Purpose;
use crate::time::Timestamp;
use crate::vault::Vault;
use crate::words::Words;

/// The question the platform sees; it names nothing of the vault.
const ASK: &str = "Which merchant do you mean?";

/// Nouns for a place, after the word that says which kind ("the pizza place").
const PLACE: Words = Words("place|spot|joint|shop|store|restaurant|restaurants|places|shops|stores");

/// Things people spend on that are no merchant and no single category ("my car", "the
/// dog"): asked about, never answered as a merchant with no charges.
const THINGS: Words = Words(
    "car|cars|truck|vehicle|pets|pet|dog|dogs|cat|cats|kids|kid|children|school|baby|house\
     |home|wedding|vacation|trip|hobby|hobbies",
);

/// A thing word the message spends on when no merchant was read ("how much did i spend on
/// my car": the total of everything would be a wrong figure); `None` otherwise.
pub(super) fn thing_spent_on(text: &str) -> Option<String> {
    let w: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let has = |x: &str| w.iter().any(|v| v == x);
    let money = Words("spend|spent|spending|much|cost|costs|paid|pay|put").iter().any(&has);
    if !money || Words("balance|loan|loans|lease|account|owe|save|saved").iter().any(&has) {
        return None;
    }
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    (1..w.len()).find_map(|i| {
        let mut j = i - 1;
        while j > 0 && matches!(at(j), "my" | "the" | "our" | "his" | "her" | "their") {
            j -= 1;
        }
        (THINGS.contains(at(i)) && matches!(at(j), "on" | "for")).then(|| at(i).to_string())
    })
}

/// The kind a word before a place noun names ("burger joint" is fast food).
fn kind_of_word(w: &str) -> Option<SpendKind> {
    let kind = match w {
        "burger" | "burgers" | "pizza" | "fries" | "fastfood" | "drive" | "nugget" => {
            SpendKind::FastFood
        }
        "coffee" | "cafe" | "espresso" | "latte" => SpendKind::Coffee,
        "gas" | "fuel" | "petrol" => SpendKind::Fuel,
        "hair" | "barber" | "salon" | "haircut" => SpendKind::Haircuts,
        "liquor" | "wine" | "beer" | "booze" => SpendKind::Alcohol,
        "movie" | "movies" | "cinema" => SpendKind::Movies,
        "clothes" | "clothing" | "shoe" | "shoes" => SpendKind::Clothing,
        _ => return None,
    };
    Some(kind)
}

/// What an unknown merchant phrase turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Venue {
    /// Exactly one vault merchant is meant.
    One(String),
    /// Several may be meant (the names, each once).
    Several(Vec<String>),
    /// A kind of place with no merchant of that kind in the vault.
    NoneOfThatKind,
    /// A thing people spend on, no merchant ("my car").
    Thing,
}

/// How `phrase` (a merchant phrase the vault does not know) reads against the vault's
/// merchant names; `None` when it is merchant-like and "No charges at" stands.
pub(super) fn read(phrase: &str, merchants: &[String]) -> Option<Venue> {
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "my" && *w != "the")
        .map(str::to_lowercase)
        .collect();
    if let [one] = words.as_slice() {
        return THINGS.contains(one).then_some(Venue::Thing);
    }
    let (last, which) = words.split_last()?;
    if !PLACE.contains(last) || which.is_empty() {
        return None;
    }
    let kind = which.iter().find_map(|w| kind_of_word(w));
    let mut found: Vec<String> = Vec::new();
    for name in merchants {
        let parts = merchant_words(name);
        let by_name = which.iter().any(|w| parts.iter().any(|p| p == w));
        let by_kind = kind.is_some_and(|k| {
            kinds::classify(None, Some(name), "")
                .iter()
                .any(|j| j == k)
        });
        let key = merchant_key(name);
        if (by_name || by_kind) && !found.iter().any(|f| merchant_key(f) == key) {
            found.push(name.clone());
        }
    }
    Some(match found.len() {
        0 => Venue::NoneOfThatKind,
        1 => Venue::One(found.remove(0)),
        _ => Venue::Several(found),
    })
}

/// `text` with `phrase` (as written, any case) replaced by `name`.
fn reworded(text: &str, phrase: &str, name: &str) -> Option<String> {
    let at = text.to_lowercase().find(&phrase.to_lowercase())?;
    let end = at + phrase.len();
    (text.is_char_boundary(at) && text.is_char_boundary(end))
        .then(|| format!("{}{name}{}", &text[..at], &text[end..]))
}

/// The question asked on the device, by what the phrase turned out to be.
fn question(phrase: &str, venue: &Venue) -> String {
    match venue {
        Venue::Several(names) => {
            let (last, rest) = names.split_last().unwrap_or((&names[0], &[]));
            format!(
                "Which one do you mean by \"{phrase}\": {} or {last}?",
                rest.join(", ")
            )
        }
        Venue::Thing => format!(
            "Which spending do you mean by \"{phrase}\"? Tell me a merchant by name, a category \
             (such as transport or shopping) or a kind (such as fuel, parking or insurance)."
        ),
        _ => format!(
            "None of your merchants looks like \"{phrase}\" to me. Which merchant do you mean? \
             Tell me its name as your statement shows it."
        ),
    }
}

impl Assistant {
    /// The question asked again with the one merchant meant, or "which do you mean?"; `None`
    /// when the slots name a known merchant, a category or a kind, or a merchant-like name.
    pub(super) fn ask_which_venue(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        if slots.merchant_known || slots.category.is_some() || !slots.kinds.is_empty() {
            return Ok(None);
        }
        let thing = match slots.merchant {
            Some(_) => None,
            None => thing_spent_on(text),
        };
        let Some(phrase) = slots.merchant.as_deref().or(thing.as_deref()) else {
            return Ok(None);
        };
        let Some(venue) = read(phrase, &self.ctx.merchants) else {
            return Ok(None);
        };
        if let Venue::One(name) = &venue {
            if let Some(again) = reworded(text, phrase, name) {
                return self.handle_message(vault, &again, now, settings).map(Some);
            }
        }
        let rendered = Rendered {
            local: question(phrase, &venue),
            platform: ASK.to_string(),
            categories: Vec::new(),
        };
        self.conv = None;
        let mut reply = self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)?;
        reply.intent = Intent::SpendingHistory;
        reply.confidence = 1.0;
        Ok(Some(reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["Shake Shack", "McDonald's", "Blue Bottle Coffee", "Starbucks", "Target", "Joe's Pizza"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn places_of_a_kind_are_the_merchants_of_that_kind() {
        assert_eq!(
            read("coffee shop", &["Blue Bottle Coffee".to_string()]),
            Some(Venue::One("Blue Bottle Coffee".into()))
        );
        match read("burger joint", &names()) {
            Some(Venue::Several(found)) => assert_eq!(found, ["Shake Shack", "McDonald's"]),
            other => panic!("{other:?}"),
        }
        // By the name's own word first, and by kind: Joe's Pizza and the chains.
        assert!(matches!(read("pizza place", &names()), Some(Venue::Several(f)) if f.len() == 3));
        assert_eq!(read("sushi spot", &names()), Some(Venue::NoneOfThatKind));
        assert_eq!(read("car", &names()), Some(Venue::Thing));
        assert_eq!(read("my dog", &names()), Some(Venue::Thing));
    }

    #[test]
    fn a_thing_spent_on_is_found_after_on_or_for() {
        assert_eq!(thing_spent_on("how much did i spend on my car").as_deref(), Some("car"));
        assert_eq!(thing_spent_on("what did i pay for the dog last month").as_deref(), Some("dog"));
        for q in ["whats the balance on my car loan", "my car", "how much did i spend on gas", "spent at home depot"] {
            assert_eq!(thing_spent_on(q), None, "{q}");
        }
    }

    #[test]
    fn merchant_like_names_stay_merchants() {
        for phrase in ["zzyzx emporium", "joes", "apple store x", "bobs burgers"] {
            assert_eq!(read(phrase, &names()), None, "{phrase}");
        }
    }

    #[test]
    fn the_phrase_is_replaced_as_written() {
        assert_eq!(
            reworded("how much at the Coffee Shop last week", "coffee shop", "Blue Bottle Coffee")
                .as_deref(),
            Some("how much at the Blue Bottle Coffee last week")
        );
        assert_eq!(reworded("how much", "coffee shop", "X"), None);
    }

    #[test]
    fn the_question_names_the_merchants_on_the_device_only() {
        let q = question("burger joint", &Venue::Several(vec!["A".into(), "B".into(), "C".into()]));
        assert_eq!(q, "Which one do you mean by \"burger joint\": A, B or C?");
        assert!(!ASK.contains("burger"));
    }
}
