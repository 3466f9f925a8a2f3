//! Multi-part questions: "balance and due date", "what's my balance and how much did I spend
//! this month". A message is split on "and" / "&" / "n" / "+" / "also" only when every part is an
//! in-scope question the classifier is sure of and the parts ask different things; "between
//! March and May" or "groceries and dining" stay one question.

use crate::intent::{classify, Intent, Prediction};

/// How sure the classifier must be of each part.
const MIN_CONFIDENCE: f32 = 0.5;

/// The parts and their predictions, when the message is several questions.
pub(super) fn split(text: &str, whole: &Prediction) -> Option<Vec<(String, Prediction)>> {
    let lower = text.to_lowercase();
    let pieces: Vec<String> = lower
        .split(" and ")
        .flat_map(|p| p.split(" & "))
        // Chat shorthand: "balance n whens my card due", "bal + due date".
        .flat_map(|p| p.split(" n "))
        .flat_map(|p| p.split(" + "))
        .flat_map(|p| p.split(", also "))
        .map(|p| p.trim().trim_end_matches('?').to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() < 2 || pieces.len() > 3 || lower.trim_start().starts_with("and ") {
        return None;
    }
    let parts: Vec<(String, Prediction)> = pieces
        .into_iter()
        .map(|p| {
            let pred = classify(&p);
            (p, pred)
        })
        .collect();
    let sure = parts
        .iter()
        .all(|(_, p)| p.intent != Intent::Oos && p.confidence >= MIN_CONFIDENCE);
    let mut intents: Vec<Intent> = parts.iter().map(|(_, p)| p.intent).collect();
    crate::sort::by_key(&mut intents, |i| i.as_str());
    intents.dedup();
    let distinct = intents.len() == parts.len();
    let _ = whole;
    (sure && distinct).then_some(parts)
}
