//! "How much did I spend on food?": food is two of Tacit's categories, groceries and eating
//! out. Answering either alone would be a confident wrong figure, and reading "food" as a
//! merchant gives "No charges at food". The assistant asks which is meant, with a button for
//! each that asks the person's own question again with "food" replaced by the category.

use super::conversation::Turn;
use super::phrase::period_phrase;
use super::render::Rendered;
use super::shape::Shape;
use super::tokens::QuickAction;
use super::{Assistant, AssistantError, Reply, Settings};
use crate::intent::{Intent, Prediction, Slots};
use crate::ledger::Purpose;
use crate::time::Timestamp;
use crate::vault::Vault;

/// The question asked; it names no figure, so the platform may see it at every level.
pub(super) const QUESTION: &str = "Do you mean groceries or eating out?";

/// The two readings: button label and the word put in place of "food".
const READINGS: [(&str, &str); 2] = [("Groceries", "groceries"), ("Eating out", "eating out")];

/// Whether `text` is a money question about "food" that names no category or known merchant
/// ("food delivery" and "food shopping" are categories already; "Whole Foods" is a merchant);
/// `follows`: the message follows up a previous turn ("and on food").
pub(super) fn asks_about_food(text: &str, slots: &Slots, prediction: &Prediction, follows: bool) -> bool {
    let money = matches!(
        prediction.intent,
        Intent::SpendingHistory | Intent::Transactions
    ) || slots.period.is_some()
        || follows;
    money && slots.category.is_none() && !slots.merchant_known && food_at(text).is_some()
}

/// The byte range of the word "food" in `text`, if it holds one.
fn food_at(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_lowercase();
    let mut start = None;
    for (i, c) in lower.char_indices().chain([(lower.len(), ' ')]) {
        if c.is_alphanumeric() || c == '\'' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            if &lower[s..i] == "food" && text.is_char_boundary(s) && text.is_char_boundary(i) {
                return Some((s, i));
            }
        }
    }
    None
}

/// `text` with its "food" replaced by `with`.
fn reworded(text: &str, with: &str) -> Option<String> {
    let (s, e) = food_at(text)?;
    Some(format!("{}{with}{}", &text[..s], &text[e..]))
}

impl Assistant {
    /// "Do you mean groceries or eating out?" with a button for each reading.
    pub(super) fn ask_which_food(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let rendered = Rendered {
            local: QUESTION.to_string(),
            platform: QUESTION.to_string(),
            categories: Vec::new(),
        };
        let actions: Vec<(String, QuickAction)> = READINGS
            .iter()
            .filter_map(|(label, word)| {
                let text = reworded(text, word)?;
                Some((label.to_string(), QuickAction::Ask { text }))
            })
            .collect();
        let mut reply = self.release(vault, rendered, Purpose::Reply, &actions, None, now, settings)?;
        reply.intent = Intent::SpendingHistory;
        reply.confidence = 1.0;
        // The food question is the turn: "and for the restaurant only?" is dining over its
        // period; "what about last week" (still no category) is asked again.
        // "food" may have been read as a merchant's name: the turn names none.
        let slots = Slots {
            merchant: None,
            merchant_known: false,
            merchant_unsure: false,
            ..slots.clone()
        };
        self.conv = Some(Turn {
            intent: Intent::SpendingHistory,
            slots,
            shape: Shape::Plain,
            at: now,
            level: settings.level,
            asked_dates: false,
            asked_food: true,
            before: None,
            outlived_one_miss: false,
            named: None,
        });
        Ok(reply)
    }

    /// "what about last week" right after "groceries or eating out?": the question again,
    /// over the period now named.
    pub(super) fn ask_food_again(
        &mut self,
        vault: &mut Vault,
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let period = slots.period.as_ref().map_or("", |p| p.label.as_str());
        let text = format!("how much did i spend on food {}", period_phrase(period));
        self.ask_which_food(vault, text.trim_end(), slots, now, settings)
    }
}

/// Whether merged slots still name no category, kind or merchant: the food question stands.
pub(super) fn names_no_food(slots: &Slots) -> bool {
    slots.category.is_none() && slots.kinds.is_empty() && slots.merchant.is_none()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sandbox_vault;
    use super::super::QuickReplyKind;
    use super::*;

    #[test]
    fn food_is_found_as_a_word_and_replaced() {
        assert_eq!(
            reworded("how much did i spend on food last month", "groceries").as_deref(),
            Some("how much did i spend on groceries last month")
        );
        assert_eq!(
            reworded("Food spending?", "eating out").as_deref(),
            Some("eating out spending?")
        );
        assert_eq!(food_at("whole foods last week"), None);
        assert_eq!(food_at("seafood"), None);
    }

    #[test]
    fn food_questions_ask_which_and_each_button_answers_its_category() {
        let (_d, mut v, data) = sandbox_vault();
        let mut a = Assistant::default();
        let s = Settings::default();
        let r = a
            .handle_message(&mut v, "how much did i spend on food last month", data.end, &s)
            .unwrap();
        assert_eq!(r.local_text, QUESTION);
        assert_eq!(r.platform_text.as_str(), QUESTION);
        let labels: Vec<&str> = r.quick_replies.iter().map(|q| q.label.as_str()).collect();
        assert_eq!(labels, ["Groceries", "Eating out"]);
        assert!(r
            .quick_replies
            .iter()
            .all(|q| q.kind == QuickReplyKind::Ask));
        let tapped = a
            .on_quick_reply(&mut v, &r.quick_replies[0].token, data.end, &s)
            .unwrap();
        assert!(tapped.local_text.contains("on groceries last month"), "{}", tapped.local_text);
        // Categories and known merchants are answered as they are.
        for q in ["how much on food delivery last month", "how much did i spend on groceries"] {
            let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
            assert_ne!(r.local_text, QUESTION, "{q}");
        }
    }
}
