//! Chat-style training data, generated reproducibly (fixed seeds) from what the project may
//! use: CLINC150's training split rewritten the way people type, BANKING77 and NLU++ queries
//! mapped onto Tacit's intents (the rest as in-domain negatives), and the project's own
//! templates ([`templates`]) and hard negatives ([`negatives`]). No third-party sentence is
//! stored in the repository: only this recipe, which reads them from the shared data folder.

mod external;
pub mod lexicon;
pub mod negatives;
pub mod noise;
pub mod templates;

use super::data::{DataError, Example};
use super::logreg::SplitMix;
use lexicon::{ACCOUNTS, AMOUNTS, BILLS, CATEGORIES, MERCHANTS, PERIODS};
use noise::{chance, chatify, pick};
use std::path::Path;
use tacit_core::intent::Intent;

/// Loss weight of a generated hard negative (before the trainer's out-of-scope weight).
const NEGATIVE_WEIGHT: f32 = 4.0;
/// Generated examples per in-scope intent (spread over its templates, at least two copies
/// each), so that an intent with many templates does not outweigh one with few.
const PER_INTENT: usize = 120;
/// Filled copies per negative template.
const NEGATIVE_COPIES: usize = 4;

/// The generated examples and how many came from each source.
#[derive(Debug, Default)]
pub struct ChatData {
    /// Generated examples, in a fixed order.
    pub examples: Vec<Example>,
    /// `(source, count)` for the summary.
    pub counts: Vec<(&'static str, usize)>,
}

/// Fills every placeholder of a template.
pub fn fill(template: &str, rng: &mut SplitMix) -> String {
    let mut out = template.to_string();
    let slots: [(&str, &[&str]); 8] = [
        ("{m}", MERCHANTS),
        ("{p}", PERIODS),
        ("{c}", CATEGORIES),
        ("{a}", ACCOUNTS),
        ("{b}", BILLS),
        ("{n}", AMOUNTS),
        ("{q}", negatives::WRAPPED),
        ("{card}", negatives::CARDS),
    ];
    // `{q}` may hold other placeholders, so it is filled first.
    for (key, values) in slots.iter().rev().chain(slots.iter()) {
        while out.contains(key) {
            let value = *pick(rng, values);
            out = out.replacen(key, value, 1);
        }
    }
    out
}

fn example(text: String, intent: Intent, weight: f32) -> Example {
    Example {
        text,
        intent,
        hard_oos: false,
        weight,
    }
}

/// Chat rewrites of CLINC150's training sentences (in scope all, out of scope a quarter).
fn rewrites(train: &[Example], rng: &mut SplitMix) -> Vec<Example> {
    let mut out = Vec::new();
    for e in train {
        if e.intent.is_in_scope() || chance(rng, 25) {
            out.push(example(chatify(&e.text, rng), e.intent, 1.0));
        }
    }
    out
}

fn from_templates(rng: &mut SplitMix) -> Vec<Example> {
    let mut out = Vec::new();
    for (intent, list) in templates::IN_SCOPE {
        let copies = (PER_INTENT / list.len().max(1)).max(2);
        for t in *list {
            for k in 0..copies {
                let text = fill(t, rng);
                let text = if k == 0 { text } else { chatify(&text, rng) };
                out.push(example(text, *intent, 1.0));
            }
        }
    }
    out
}

fn hard_negatives(rng: &mut SplitMix) -> Vec<Example> {
    let mut out = Vec::new();
    for list in [
        negatives::LOOK_ALIKES,
        negatives::OTHERS,
        negatives::MARKETING,
        negatives::INSTRUCTIONS,
    ] {
        for t in list {
            for k in 0..NEGATIVE_COPIES {
                let text = fill(t, rng);
                let text = if k == 0 { text } else { chatify(&text, rng) };
                out.push(example(text, Intent::Oos, NEGATIVE_WEIGHT));
            }
        }
    }
    out
}

/// Everything generated, from CLINC150's training examples and the shared data folder.
pub fn build(
    train: &[Example],
    shared: &Path,
    seed: u64,
    skip: &[String],
) -> Result<ChatData, DataError> {
    let mut rng = SplitMix::new(seed);
    let mut data = ChatData::default();
    let add = |name: &'static str, list: Vec<Example>, data: &mut ChatData| {
        if skip.iter().any(|s| s == name) {
            return;
        }
        data.counts.push((name, list.len()));
        data.examples.extend(list);
    };
    add("clinc_rewrites", rewrites(train, &mut rng), &mut data);
    add("templates", from_templates(&mut rng), &mut data);
    add("hard_negatives", hard_negatives(&mut rng), &mut data);
    add(
        "banking77",
        external::banking77(shared, &mut rng)?,
        &mut data,
    );
    add("nlupp", external::nlupp(shared, &mut rng)?, &mut data);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_leaves_no_placeholder() {
        let mut rng = SplitMix::new(9);
        for t in negatives::INSTRUCTIONS.iter().chain(negatives::LOOK_ALIKES) {
            let s = fill(t, &mut rng);
            assert!(!s.contains('{'), "{s}");
        }
        for (_, list) in templates::IN_SCOPE {
            for t in *list {
                assert!(!fill(t, &mut rng).contains('{'));
            }
        }
    }

    #[test]
    fn generated_data_is_reproducible() {
        let a: Vec<String> = from_templates(&mut SplitMix::new(5))
            .into_iter()
            .map(|e| e.text)
            .collect();
        let b: Vec<String> = from_templates(&mut SplitMix::new(5))
            .into_iter()
            .map(|e| e.text)
            .collect();
        assert_eq!(a, b);
        assert!(a.len() > 1000);
    }
}
