//! Multi-part questions: "balance and due date", "what's my balance and how much did I spend
//! this month", "dining last 2 weeks and how many times at chipotle". A message is cut into
//! parts on "and" / "and also" / "plus" / "&" / "n" / "+" / "," and answered part by part,
//! each with its own filters: two parts' filters are never ANDed into one question ("0
//! purchases on dining at Taqueria El Sol" answered neither part).
//!
//! It is several questions when either
//! - every part is an in-scope question the classifier is sure of and the parts ask different
//!   things ("balance and due date"), or
//! - every part after the first opens with a question word ("… and how many times at
//!   chipotle", "…, and what is the smallest amount I may pay") and each part asks something
//!   on its own (an in-scope reading, a shape such as a count, or a subject or period).
//!
//! "between March and May", "groceries and dining" or "groceries, dining and gas" stay one
//! question (the later parts open no question and share one intent).

use crate::words::Words;
use super::shape::Shape;
use crate::intent::{Intent, Prediction, Slots};

/// How sure the classifier must be of each part.
const MIN_CONFIDENCE: f32 = 0.5;

/// Most parts one message is answered in.
const MAX_PARTS: usize = 3;

/// Joins between two parts. A comma joins two parts only before a question word (else it
/// is a list: "groceries, dining and gas").
const JOINS: &[&str] = &[" and ", " & ", " n ", " + ", " plus ", ","];

/// Words that open a question of its own.
const OPENERS: Words = Words(
    "how|hows|what|whats|when|whens|which|where|wheres|who|did|do|does|is|are|am|was|were\
    |have|has|can|could|show|list|tell|give|any",
);

/// Words said between two parts that belong to neither ("and also", "and then").
const LINKS: &[&str] = &["also", "and", "then", "plus", "too"];

/// The lower-cased pieces of a message between its joins (2 to [`MAX_PARTS`]), with the
/// linking words dropped; a piece after a comma that opens no question stays with the one
/// before it. `None` when the message has one piece, or too many.
pub(super) fn pieces(text: &str) -> Option<Vec<String>> {
    let lower = text.to_lowercase();
    if lower.trim_start().starts_with("and ") {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut rest = lower.as_str();
    let mut after_comma = false;
    loop {
        let next = JOINS
            .iter()
            .filter_map(|j| rest.find(j).map(|at| (at, *j)))
            .min_by_key(|(at, _)| *at);
        let (piece, join) = match next {
            Some((at, j)) => (&rest[..at], Some(j)),
            None => (rest, None),
        };
        let piece = clean(piece);
        let empty = piece.is_empty();
        match out.last_mut() {
            _ if piece.is_empty() => {}
            Some(last) if after_comma && !opens_question(&piece) => {
                last.push_str(", ");
                last.push_str(&piece);
            }
            _ => out.push(piece),
        }
        let Some(j) = join else { break };
        // ", and what …": the comma's rule holds across the "and" after it.
        after_comma = j == "," || after_comma && empty;
        rest = &rest[rest.find(j).map_or(rest.len(), |at| at + j.len())..];
    }
    (2..=MAX_PARTS).contains(&out.len()).then_some(out)
}

/// A piece without its linking words and end punctuation.
fn clean(piece: &str) -> String {
    let mut w: Vec<&str> = piece.split_whitespace().collect();
    while w.first().is_some_and(|x| LINKS.contains(x)) {
        w.remove(0);
    }
    w.join(" ")
        .trim()
        .trim_end_matches(['?', '.', '!', ','])
        .trim()
        .to_string()
}

/// Whether a piece opens with a question word ("how many times at chipotle").
pub(super) fn opens_question(piece: &str) -> bool {
    let first = piece
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .replace('\'', "");
    OPENERS.contains(first.as_str())
}

/// What one piece asks, read on its own.
#[derive(Debug)]
pub(super) struct Part {
    /// The piece's text.
    pub text: String,
    /// The classifier's reading.
    pub prediction: Prediction,
    /// The intent it is answered as.
    pub intent: Intent,
    /// Its own slots.
    pub slots: Slots,
    /// Its shape.
    pub shape: Shape,
}

impl Part {
    /// Sure and in scope: a question the classifier knows.
    fn sure(&self) -> bool {
        self.prediction.intent != Intent::Oos && self.prediction.confidence >= MIN_CONFIDENCE
    }

    /// A question of its own: sure, or shaped (a count, a ranking), or naming something to
    /// ask about, and answered in scope.
    fn asks(&self) -> bool {
        let names = self.slots.merchant.is_some()
            || self.slots.category.is_some()
            || !self.slots.kinds.is_empty()
            || self.slots.account.is_some()
            || self.slots.period.is_some();
        self.intent != Intent::Oos && (self.sure() || self.shape != Shape::Plain || names)
    }
}

/// Whether the parts are several questions (see the module's rules).
pub(super) fn several(parts: &[Part]) -> bool {
    let mut intents: Vec<Intent> = parts.iter().map(|p| p.prediction.intent).collect();
    crate::sort::by_key(&mut intents, |i| i.as_str());
    intents.dedup();
    let distinct = intents.len() == parts.len();
    let known = parts.iter().all(Part::sure) && distinct;
    let asked = parts.iter().skip(1).all(|p| opens_question(&p.text))
        && parts.iter().all(Part::asks)
        && !parts
            .windows(2)
            .all(|w| w[0].intent == w[1].intent && w[0].shape == w[1].shape && w[0].slots == w[1].slots);
    known || asked
}

/// Whether the pieces may be several questions, before their slots are read: each known to
/// the classifier, or every later one opening with a question word.
pub(super) fn may_be_several(pieces: &[String], predictions: &[Prediction]) -> bool {
    let sure = |p: &Prediction| p.intent != Intent::Oos && p.confidence >= MIN_CONFIDENCE;
    predictions.iter().all(sure) || pieces.iter().skip(1).all(|x| opens_question(x))
}

/// Whether a message may be several questions whose later parts open with a question word:
/// then it is tried as parts before being read as two things compared ("dining last 2
/// weeks and how many times at chipotle" is not dining against Chipotle).
pub(super) fn asks_again(text: &str) -> bool {
    pieces(text).is_some_and(|p| p.iter().skip(1).all(|x| opens_question(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_between_joins() {
        assert_eq!(
            pieces("dining last 2 weeks and how many times at chipotle").unwrap(),
            ["dining last 2 weeks", "how many times at chipotle"]
        );
        assert_eq!(
            pieces("ok so i spent too much last week and also whats my balance").unwrap(),
            ["ok so i spent too much last week", "whats my balance"]
        );
        assert_eq!(
            pieces("When must the card be paid, and what is the smallest amount I may pay?")
                .unwrap(),
            ["when must the card be paid", "what is the smallest amount i may pay"]
        );
        assert_eq!(pieces("balance plus due date").unwrap(), ["balance", "due date"]);
        assert_eq!(
            pieces("whats my balance, how much did i spend").unwrap(),
            ["whats my balance", "how much did i spend"]
        );
        // A comma before no question is a list, kept with the piece before it.
        assert_eq!(
            pieces("groceries, dining and gas").unwrap(),
            ["groceries, dining", "gas"]
        );
        for one in ["how much did i spend last month", "and groceries?", "groceries, dining"] {
            assert_eq!(pieces(one), None, "{one}");
        }
        assert_eq!(pieces("a and b and c and d"), None);
    }

    #[test]
    fn question_words_open_a_part() {
        for q in ["how many times at chipotle", "whats my balance", "what's due", "when is it due"] {
            assert!(opens_question(q), "{q}");
        }
        for q in ["may", "dining last week", "gas", "the 20th of september"] {
            assert!(!opens_question(q), "{q}");
        }
        assert!(asks_again("dining last 2 weeks and how many times at chipotle"));
        assert!(!asks_again("groceries and dining last month"));
        assert!(!asks_again("between march and may"));
    }

    fn part(text: &str, intent: Intent, confidence: f32, slots: Slots, shape: Shape) -> Part {
        Part {
            text: text.into(),
            prediction: Prediction { intent, confidence },
            intent,
            slots,
            shape,
        }
    }

    #[test]
    fn when_parts_are_several_questions() {
        use crate::model::Category;
        let dining = Slots {
            category: Some(Category::Dining),
            ..Slots::default()
        };
        let chipotle = Slots {
            merchant: Some("Chipotle".into()),
            ..Slots::default()
        };
        // Known and different: "balance and due date".
        let bal = part("balance", Intent::Balance, 0.9, Slots::default(), Shape::Plain);
        let due = part("due date", Intent::BillDue, 0.9, Slots::default(), Shape::Plain);
        assert!(several(&[bal, due]));
        // The same intent, the second a question of its own (a count, heard out of scope).
        let a = part("dining last 2 weeks", Intent::SpendingHistory, 0.7, dining.clone(), Shape::Plain);
        let mut b = part("how many times at chipotle", Intent::Oos, 0.9, chipotle, Shape::Count);
        b.intent = Intent::SpendingHistory;
        assert!(several(&[a, b]));
        // "groceries and dining": the second opens no question, one intent.
        let g = Slots {
            category: Some(Category::Groceries),
            ..Slots::default()
        };
        let a = part("groceries", Intent::SpendingHistory, 0.9, g, Shape::Plain);
        let b = part("dining", Intent::SpendingHistory, 0.9, dining.clone(), Shape::Plain);
        assert!(!several(&[a, b]));
        // A second part that asks nothing of its own ("is that normal").
        let a = part("dining", Intent::SpendingHistory, 0.9, dining.clone(), Shape::Plain);
        let b = part("is that normal", Intent::Oos, 0.9, Slots::default(), Shape::Plain);
        assert!(!several(&[a, b]));
        // The same question twice is one question.
        let a = part("dining", Intent::SpendingHistory, 0.9, dining.clone(), Shape::Plain);
        let b = part("how much on dining", Intent::SpendingHistory, 0.9, dining, Shape::Plain);
        assert!(!several(&[a, b]));
    }
}
