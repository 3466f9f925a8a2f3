//! The intent the assistant acts on, measured: the model plus its screening and routing rules
//! ([`understand`]), on the validation split and on the dev sets, beside the raw model's
//! figures. A rule that turns an out-of-scope query into a banking intent shows here as lost
//! out-of-scope recall; `--verbose 1` lists every message whose intent a rule changed.

use super::data::Example;
use super::devset::DevExample;
use std::collections::BTreeMap;
use tacit_core::assistant::understand::understand;
use tacit_core::intent::{Intent, IntentModel, SlotContext};
use tacit_core::time::Date;

/// The day the messages are read against (periods only; no vault): fixed, so the figures
/// are reproducible.
pub fn eval_today() -> Option<Date> {
    Date::new(2026, 6, 15)
}

/// The routed intent and the model's own, for one message.
fn both(model: &IntentModel, text: &str, today: Date) -> (Intent, Intent) {
    let u = understand(Some(model), text, today, &SlotContext::default());
    (u.asked(), u.model.intent)
}

/// Prints `routed_val_*` figures and, per change a rule made (model intent → routed intent),
/// how many it got right and wrong (`routed_change_<from>_to_<to>=right/wrong`).
pub fn report_val(model: &IntentModel, val: &[Example], today: Date, verbose: bool) {
    let (mut ins, mut ins_ok, mut dom, mut dom_ok, mut hard, mut hard_ok) = (0, 0, 0, 0, 0, 0);
    let mut changes: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for e in val {
        let (got, heard) = both(model, &e.text, today);
        if got != heard {
            let c = changes
                .entry((heard.to_string(), got.to_string()))
                .or_default();
            match got == e.intent {
                true => c.0 += 1,
                false => c.1 += 1,
            }
            if verbose {
                eprintln!(
                    "routed want={} model={heard} got={got} text={}",
                    e.intent, e.text
                );
            }
        }
        let ok = usize::from(got == e.intent);
        match (e.intent.is_in_scope(), e.hard_oos) {
            (true, _) => (ins, ins_ok) = (ins + 1, ins_ok + ok),
            (false, true) => (hard, hard_ok) = (hard + 1, hard_ok + ok),
            (false, false) => (dom, dom_ok) = (dom + 1, dom_ok + ok),
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!("routed_val_in_scope_accuracy={:.4}", ratio(ins_ok, ins));
    println!(
        "routed_val_oos_recall={:.4}",
        ratio(dom_ok + hard_ok, dom + hard)
    );
    println!("routed_val_hard_oos_recall={:.4}", ratio(hard_ok, hard));
    println!("routed_val_domain_oos_recall={:.4}", ratio(dom_ok, dom));
    let mix = (3600.0 * ratio(dom_ok, dom) + 1000.0 * ratio(hard_ok, hard)) / 4600.0;
    println!("routed_val_test_mix_oos_recall={mix:.4}");
    for ((from, to), (right, wrong)) in &changes {
        println!("routed_change_{from}_to_{to}={right}/{wrong}");
    }
}

/// Prints `<prefix>_<kind>_accuracy` per kind and overall, of the raw model's intent when
/// `raw`, else of the routed one, and with `verbose` each miss on stderr.
pub fn report_dev(
    model: &IntentModel,
    set: &[DevExample],
    today: Date,
    prefix: &str,
    raw: bool,
    verbose: bool,
) {
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut ok, mut all) = (0, 0);
    for e in set {
        let (got, heard) = both(model, &e.text, today);
        let hit = if raw { heard } else { got } == e.intent;
        let slot = by_kind.entry(&e.kind).or_default();
        slot.0 += usize::from(hit);
        slot.1 += 1;
        ok += usize::from(hit);
        all += 1;
        if verbose && !hit {
            eprintln!(
                "{prefix} miss kind={} want={} model={heard} got={got} text={}",
                e.kind, e.intent, e.text
            );
        }
    }
    for (kind, (k, n)) in &by_kind {
        println!(
            "{prefix}_{kind}_accuracy={:.4} (n={n})",
            *k as f64 / (*n).max(1) as f64
        );
    }
    println!(
        "{prefix}_accuracy={:.4} (n={all})",
        ok as f64 / all.max(1) as f64
    );
}
