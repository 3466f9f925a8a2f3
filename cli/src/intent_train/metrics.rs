//! Validation figures and the out-of-scope threshold search.

use super::data::Example;
use tacit_core::intent::{decide, Intent};

/// The figures the project is measured on, plus a breakdown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Figures {
    /// Share of in-scope examples given their exact intent.
    pub in_scope_accuracy: f64,
    /// Share of out-of-scope examples predicted `oos`.
    pub oos_recall: f64,
    /// Out-of-scope recall on the dataset's own out-of-scope queries only.
    pub hard_oos_recall: f64,
    /// Out-of-scope recall on other domains' intents only.
    pub domain_oos_recall: f64,
    /// In-scope accuracy if out-of-scope were never predicted (closed-set ceiling).
    pub closed_set_accuracy: f64,
}

impl Figures {
    /// OOS recall re-weighted to CLINC150's test mix for these labels (3,600 other-domain
    /// queries, 1,000 dataset out-of-scope queries).
    pub fn test_mix_oos_recall(&self) -> f64 {
        (3600.0 * self.domain_oos_recall + 1000.0 * self.hard_oos_recall) / 4600.0
    }
}

/// Figures of a threshold over precomputed probabilities.
pub fn figures(examples: &[Example], probs: &[[f32; Intent::COUNT]], threshold: f32) -> Figures {
    let (mut ins, mut ins_ok, mut dom, mut dom_ok, mut hard, mut hard_ok) = (0, 0, 0, 0, 0, 0);
    let mut closed_ok = 0;
    for (ex, p) in examples.iter().zip(probs) {
        let predicted = decide(p, threshold).intent;
        if ex.intent.is_in_scope() {
            ins += 1;
            ins_ok += usize::from(predicted == ex.intent);
            let best_in_scope = (0..Intent::COUNT - 1)
                .max_by(|&a, &b| p[a].total_cmp(&p[b]))
                .and_then(Intent::from_index);
            closed_ok += usize::from(best_in_scope == Some(ex.intent));
        } else if ex.hard_oos {
            hard += 1;
            hard_ok += usize::from(predicted == Intent::Oos);
        } else {
            dom += 1;
            dom_ok += usize::from(predicted == Intent::Oos);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Figures {
        in_scope_accuracy: ratio(ins_ok, ins),
        oos_recall: ratio(dom_ok + hard_ok, dom + hard),
        hard_oos_recall: ratio(hard_ok, hard),
        domain_oos_recall: ratio(dom_ok, dom),
        closed_set_accuracy: ratio(closed_ok, ins),
    }
}

/// The smallest threshold (on a 0.005 grid) whose OOS recall reaches `target`, with its
/// figures. Recall only grows with the threshold, so the smallest one keeps the most in-scope
/// accuracy.
pub fn pick_threshold(
    examples: &[Example],
    probs: &[[f32; Intent::COUNT]],
    target: f64,
) -> (f32, Figures) {
    let mut last = (1.0, figures(examples, probs, 1.0));
    for step in 0..=200 {
        let t = step as f32 * 0.005;
        let f = figures(examples, probs, t);
        if f.oos_recall >= target {
            return (t, f);
        }
        last = (t, f);
    }
    last
}
