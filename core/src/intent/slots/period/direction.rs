//! The direction rule: which way a date without a year points. "June 3" on 15 March is
//! 3 June of last year in "what did I spend on June 3" and of this year in "pay it on June 3".
//!
//! A message speaks of the future when it holds a future or planning word ("will", "next",
//! "tomorrow", "need … by", "schedule", "pay it", "move it to", "should arrive", "want to") and
//! no past word (a past-tense verb, "did", "ago", "have" as in "have I", or a noun of
//! recorded money: "transactions", "charges", "history"). "Please" looks ahead ("for the 23
//! December, please" answers when to schedule something) unless the message asks to see
//! recorded money: a question or total word or a spending category ("bills in november
//! please" looks back). Everything else looks back, including a bare
//! fragment with neither ("on August", "the 7th December"): Tacit answers questions about
//! money already spent, and a fragment's direction comes from the dialogue around it, which
//! the words alone do not carry.
//!
//! Named relative periods do not depend on it ("next month" is next month and "last month"
//! last month whatever the verb); it decides only the unnamed side: a date without a year, a
//! bare weekday, "the 5th", a month name, a quarter.

use super::super::tokens::Token;
use super::Dir;
use crate::words::Words;

/// Words of a message about money already moved or questions about the record.
const PAST: Words = Words(
    "did|didnt|spent|spend|spending|paid|was|were|wasnt|werent|bought|made|got|charged|lost|happened\
     |received|sent|transferred|withdrew|withdrawn|deposited|had|went|purchased|ordered|earned\
     |declined|refused|rejected|stolen|ago|transactions|purchases|charges|payments|history|used",
);

/// Words of a plan, a request or an expectation.
const FUTURE: Words = Words(
    "will|wont|next|tomorrow|need|schedule|scheduled|reschedule|postpone|arrive|arrives|arriving\
     |gonna|going|plan|planning|meeting|book|change|move|set|make|pay|send|by|upcoming|coming|due\
     |cancel|close|open|ill|abroad|travelling|traveling|must|should|shall|would|want|wanna|expect\
     |expecting|renew|expire|expires|soon|later|appointment",
);

/// "Have", "has" and "ive" before a past participle within three words: a perfect tense ("have
/// I paid", "I've been charged", "has it cleared"). "Have to" is an obligation (ahead) and "I
/// have an appointment" a possession (neither).
fn perfect_at(toks: &[Token], i: usize) -> Option<bool> {
    let word = |k: usize| toks.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    if !matches!(word(i), "have" | "has" | "ive" | "weve" | "hasnt" | "havent") {
        return None;
    }
    if word(i + 1) == "to" {
        return Some(false);
    }
    // "I have scheduled a payment for the 5th" still speaks of the 5th ahead.
    let participle = |w: &str| {
        PAST.contains(w)
            || w == "been"
            || (w.len() > 4 && w.ends_with("ed") && !FUTURE.contains(w))
    };
    Some((i + 1..i + 4).any(|k| participle(word(k))))
}

/// Whether the message asks to see money already recorded: a question or total word, or a
/// spending category ("total of all bills for november please", "bills in november please",
/// "show groceries in june please"). "Please" is then politeness, not a request to plan
/// something ("for the 23 December, please" answers when to schedule it).
fn asks_to_see(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "total" | "show" | "list" | "how" | "what" | "whats" | "sum" | "much" | "many"
        ) || super::super::lexicon::is_category_word(&t.lower)
    })
}

/// Whether the message speaks of the future: a future word and no past one.
pub(super) fn direction(toks: &[Token]) -> Dir {
    stated_direction(toks).unwrap_or(Dir::Past)
}

/// The direction the message's words state, if any: `None` when it has neither a word of the
/// record nor one of the future ("until May").
pub(super) fn stated_direction(toks: &[Token]) -> Option<Dir> {
    let mut future = false;
    for (i, t) in toks.iter().enumerate() {
        let w = t.lower.as_str();
        if let Some(perfect) = perfect_at(toks, i) {
            if perfect {
                return Some(Dir::Past);
            }
            future |= !perfect && toks.get(i + 1).is_some_and(|t| t.lower == "to");
        } else if PAST.contains(w) {
            return Some(Dir::Past);
        } else if w == "please" {
            future |= !asks_to_see(toks);
        } else if FUTURE.contains(w) {
            future = true;
        }
    }
    future.then_some(Dir::Future)
}

#[cfg(test)]
mod tests {
    use super::super::super::tokens::tokenize;
    use super::*;

    fn dir(text: &str) -> Dir {
        direction(&tokenize(text))
    }

    #[test]
    fn plans_requests_and_expectations_look_ahead() {
        for text in [
            "pay my rent on the 5th",
            "i want to pay on june 3rd",
            "move the standing order to the 28th",
            "the transfer should go out on the 30th",
            "i have to pay on the 5th",
            "will my card arrive by monday",
            "i'll be in spain from april 2",
            "please make it thursday",
            "i have an appointment on tuesday",
            "i have scheduled a payment for the 5th",
        ] {
            assert_eq!(dir(text), Dir::Future, "{text}");
        }
    }

    #[test]
    fn the_record_and_fragments_look_back() {
        for text in [
            "how much did i spend on june 3rd",
            "what i paid on the 5th",
            "have i bought anything on the 5th",
            "have i been charged twice on the 5th",
            "has it cleared by friday",
            "bills in november please",
            "total of all bills for november please",
            "i lost my card 3 days ago and need a new one by friday",
            "transactions on the 12th",
            "on august",
            "the 7th december",
            "groceries in june",
        ] {
            assert_eq!(dir(text), Dir::Past, "{text}");
        }
    }
}
