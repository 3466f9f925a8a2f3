//! Chat understanding on the device: which intent a message has, and its slots.
//!
//! The user's words never leave the phone to be understood: a small linear classifier
//! ([`IntentModel`], trained by `tacit train-intents` on CLINC150) picks one of 30 banking
//! intents or [`Intent::Oos`], and a rule-based extractor ([`slots::extract_slots`]) pulls out
//! the account, period, category, merchant and amount bounds a query needs.

pub mod abstain;
pub mod features;
mod labels;
pub mod lang;
mod lexicon;
mod model;
pub mod screen;
pub mod slots;

pub use abstain::{ambiguity, Choice};
pub use labels::Intent;
pub use lang::{identify, Language};
pub use model::{
    decide, softmax, IntentModel, IntentModelError, FORMAT_VERSION, MAX_BUCKETS, RAW_FORMAT_VERSION,
};
pub use screen::{screen, Screen};
pub use slots::{extract_side_slots, extract_slots, AccountSelector, Period, SlotAccount, SlotContext, Slots};

/// A classifier decision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// The chosen intent.
    pub intent: Intent,
    /// How sure the model is, 0 to 1.
    pub confidence: f32,
}

/// Classifies with the built-in model; `Oos` with confidence 0 if it could not be loaded.
pub fn classify(text: &str) -> Prediction {
    match IntentModel::builtin() {
        Ok(model) => model.classify(text),
        Err(_) => Prediction {
            intent: Intent::Oos,
            confidence: 0.0,
        },
    }
}

#[cfg(test)]
mod tests;
