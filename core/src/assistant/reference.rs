//! References to the previous answer: "how much did i spend there", "what did i get there",
//! "how much was the most recent one", "how much do they cost me", "what did i buy that day".
//!
//! Such a message names no merchant, category or date of its own: its subject is the one the
//! previous turn was about. Read without it, it is a question about all spending, and the
//! reply would be a confident wrong figure (this month's total for "how much did i spend
//! there"). So a pointing word either takes the previous turn's subject, or, with no
//! previous turn that has one, Tacit asks which merchant (or which dates) is meant: never a
//! total of everything.

use crate::words::Words;
use super::conversation::{self, Turn};
use super::render::render;
use super::shape::Shape;
use super::{style, Assistant, AssistantError, Reply, Settings};
use crate::intent::{Intent, Prediction, Slots};
use crate::ledger::Purpose;
use crate::time::Timestamp;
use crate::vault::Vault;

/// What a pointing word points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pointer {
    /// "there", "that place", "that store": the merchant (or category) just asked about.
    Place,
    /// "it", "they", "them", "that one", "this one": what was just asked about.
    Thing,
    /// "the last one", "the most recent one", "the latest one": its latest charge.
    Latest,
    /// "that day", "that date": the day just asked about.
    Day,
}

/// Words that make a pronoun a question about money ("how much was it", "what do they cost").
const MONEY: Words = Words(
    "much|cost|costs|spend|spent|pay|paid|buy|bought|get|got|charge|charged|charges|taken\
    |took|total",
);

/// Nouns after "that" which name the place of the previous answer.
const PLACES: &[&str] = &[
    "place", "store", "shop", "merchant", "restaurant", "one", "company", "site",
];

/// The pointing word in a message's words, if it has one. Existential "there" ("is there a
/// fee", "are there any pending charges") points at nothing.
pub(super) fn pointer(w: &[String]) -> Option<Pointer> {
    let at = |i: usize| w.get(i).map_or("", String::as_str);
    let has = |x: &str| w.iter().any(|v| v == x);
    let money = w.iter().any(|v| MONEY.contains(v.as_str()));
    for i in 0..w.len() {
        let before = if i == 0 { "" } else { at(i - 1) };
        match at(i) {
            "last" | "latest" | "recent" if matches!(at(i + 1), "one") => {
                return Some(Pointer::Latest)
            }
            "most" if at(i + 1) == "recent" && at(i + 2) == "one" => return Some(Pointer::Latest),
            "that" | "this" if matches!(at(i + 1), "day" | "date") => return Some(Pointer::Day),
            "that" | "this" if PLACES.contains(&at(i + 1)) => {
                return Some(match at(i + 1) {
                    "one" => Pointer::Thing,
                    _ => Pointer::Place,
                })
            }
            "there" => {
                let existential = matches!(before, "is" | "are" | "was" | "were" | "be")
                    || matches!(at(i + 1), "is" | "are" | "was" | "were" | "been" | "any");
                if !existential && money {
                    return Some(Pointer::Place);
                }
            }
            "it" | "they" | "them" if money && !has("there") => return Some(Pointer::Thing),
            _ => {}
        }
    }
    None
}

/// Whether the slots name a subject of their own (then the message is not a reference).
fn names_a_subject(s: &Slots) -> bool {
    s.merchant.is_some() || s.category.is_some() || !s.kinds.is_empty() || s.account.is_some()
}

/// Whether a turn was about one merchant or category (something "there" or "it" can be).
fn has_subject(t: &Turn) -> bool {
    t.slots.merchant.is_some() || t.slots.category.is_some() || !t.slots.kinds.is_empty()
        || t.named.is_some()
}

/// Whether the message asks for the charges themselves ("what did i get there", "show me
/// them") rather than their sum.
fn asks_a_list(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let what_bought = has("what") && Words("buy|bought|get|got|purchase").iter().any(&has);
    what_bought || has("show") || has("list") || has("see")
}

/// The question a reference asks of the previous turn, or `None` when it cannot be resolved
/// (the caller asks which merchant or dates are meant).
pub(super) fn resolve(
    prev: Option<&Turn>,
    ptr: Pointer,
    w: &[String],
    slots: &Slots,
    shape: &Shape,
) -> Option<(Intent, Slots, Shape)> {
    let prev = prev?;
    let mut s = prev.slots.clone();
    // "how much did i spend there" after "the place you went to most often": that merchant.
    if let Some(m) = &prev.named {
        (s.merchant, s.merchant_known, s.category, s.kinds) = (Some(m.clone()), true, None, Default::default());
    }
    if slots.period.is_some() || slots.period_unclear {
        s.period.clone_from(&slots.period);
        s.period_unclear = slots.period_unclear;
    }
    let list = asks_a_list(w);
    let intent = if list {
        Intent::Transactions
    } else {
        Intent::SpendingHistory
    };
    match ptr {
        // "what did i buy that day": the charges of the one day the previous turn was about.
        Pointer::Day => {
            let p = prev.slots.period.as_ref()?;
            if p.end != p.start.add_days(1) {
                return None;
            }
            s.period = Some(p.clone());
            s.period_unclear = false;
            Some((Intent::Transactions, s, Shape::Plain))
        }
        _ if !has_subject(prev) => None,
        Pointer::Latest => Some((Intent::Transactions, s, Shape::LastN(1))),
        Pointer::Place | Pointer::Thing => {
            let shape = match shape {
                // "how many times did i go there", "whats that per month".
                Shape::Count | Shape::Average(_) | Shape::Largest(_) | Shape::Smallest(_) => {
                    shape.clone()
                }
                _ => Shape::Plain,
            };
            Some((intent, s, shape))
        }
    }
}

impl Assistant {
    /// A spending question whose subject is a pointing word ("there", "it", "the most recent
    /// one", "that day"): answered about the previous turn's merchant, category or day, or a
    /// question back ("which merchant or category do you mean?", "which dates?"), never a
    /// total of all spending.
    #[inline(never)]
    pub(super) fn point_back(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        prediction: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let w = super::shape::words(text);
        let Some(ptr) = pointer(&w) else {
            return Ok(None);
        };
        let today = crate::time::local_date(now, settings.utc_offset_minutes);
        let shape = super::shape::shape_of(text, today);
        // A confident out-of-scope reading ("how much does it cost to send money abroad")
        // stays out of scope.
        let about_spending = matches!(
            prediction.intent,
            Intent::SpendingHistory | Intent::Transactions
        ) || prediction.confidence < super::UNSURE;
        let own_question = matches!(
            shape,
            Shape::Everyday(_) | Shape::MoneyIn(_) | Shape::AccountNumber | Shape::Versus(_)
        );
        // "what else went through that day" after the biggest purchase: the day of the one
        // item the previous answer gave, whatever the model made of the words.
        let on_its_day = match ptr {
            Pointer::Day if !names_a_subject(slots) => self.on_its_day(vault, now, settings)?,
            _ => None,
        };
        if names_a_subject(slots) || !(about_spending || on_its_day.is_some()) || own_question {
            return Ok(None);
        }
        let prev = on_its_day
            .as_ref()
            .or_else(|| conversation::current(&self.conv, now, settings.level));
        match resolve(prev, ptr, &w, slots, &shape) {
            Some((intent, slots, shape)) => {
                let p = Prediction {
                    intent,
                    confidence: prediction.confidence,
                };
                self.answer_with(vault, p, slots, shape, now, settings)
                    .map(Some)
            }
            // "spent too much last month, how much was it": the pronoun's subject is in the
            // message itself.
            None if ptr == Pointer::Thing && slots.period.is_some() => Ok(None),
            None => {
                let ask = match ptr {
                    Pointer::Day => super::answer::Answer::Clarify,
                    _ => super::answer::Answer::WhichMerchant,
                };
                let actions = match ask {
                    super::answer::Answer::Clarify => super::clarify_actions(),
                    _ => Vec::new(),
                };
                let rendered = render(&ask, &style(settings));
                let mut reply =
                    self.release(vault, rendered, Purpose::Reply, &actions, None, now, settings)?;
                reply.intent = prediction.intent;
                reply.confidence = prediction.confidence;
                Ok(Some(reply))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ptr(q: &str) -> Option<Pointer> {
        pointer(&super::super::shape::words(q))
    }

    #[test]
    fn pointing_words() {
        for q in [
            "how much did i spend there",
            "how much i pay there in total",
            "and what did i spend there",
            "what did i get there",
            "how much did i spend at that store",
        ] {
            assert_eq!(ptr(q), Some(Pointer::Place), "{q}");
        }
        for q in ["how much do they cost me per year", "how much was it", "what did that one cost"] {
            assert_eq!(ptr(q), Some(Pointer::Thing), "{q}");
        }
        for q in ["how much was the most recent one", "how much was the last one", "the latest one?"] {
            assert_eq!(ptr(q), Some(Pointer::Latest), "{q}");
        }
        assert_eq!(ptr("what did i buy that day"), Some(Pointer::Day));
        // Existential "there", and pronouns outside a money question, point at nothing.
        for q in [
            "is there a fee for that",
            "are there any pending charges",
            "did it go through",
            "what is it",
            "how much did i spend last month",
        ] {
            assert_eq!(ptr(q), None, "{q}");
        }
    }
}
