//! The project's own realistic dev set (`cli/data/intent-dev.jsonl`: `text`, `intent`, `kind`),
//! written by hand and kept apart from the training generators: figures by kind, through
//! core's full decision ([`IntentModel::classify`], screening included).

use super::data::DataError;
use std::collections::BTreeMap;
use std::path::Path;
use tacit_core::intent::{Intent, IntentModel};

/// One hand-written message.
pub struct DevExample {
    /// The message.
    pub text: String,
    /// The right intent.
    pub intent: Intent,
    /// Its kind (plain, short, typo, merchant, card_action, negative, ...).
    pub kind: String,
}

/// Reads the dev set.
pub fn load(path: &Path) -> Result<Vec<DevExample>, DataError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|_| DataError::Io(name))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|_| DataError::BadLine(i + 1))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let intent = field("intent").as_deref().and_then(Intent::parse);
        let (Some(text), Some(intent), Some(kind)) = (field("text"), intent, field("kind")) else {
            return Err(DataError::BadLine(i + 1));
        };
        out.push(DevExample { text, intent, kind });
    }
    Ok(out)
}

/// Prints `dev_<kind>_accuracy=` per kind, `dev_accuracy=` overall, and with `verbose` each
/// miss on stderr.
pub fn report(model: &IntentModel, set: &[DevExample], verbose: bool) -> f64 {
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut ok, mut all) = (0, 0);
    for e in set {
        let got = model.classify(&e.text).intent;
        let hit = got == e.intent;
        let slot = by_kind.entry(&e.kind).or_default();
        slot.0 += usize::from(hit);
        slot.1 += 1;
        ok += usize::from(hit);
        all += 1;
        if verbose && !hit {
            eprintln!(
                "miss kind={} want={} got={} text={}",
                e.kind, e.intent, got, e.text
            );
        }
    }
    for (kind, (k, n)) in &by_kind {
        println!(
            "dev_{kind}_accuracy={:.4} (n={n})",
            *k as f64 / (*n).max(1) as f64
        );
    }
    let acc = ok as f64 / all.max(1) as f64;
    println!("dev_accuracy={acc:.4} (n={all})");
    acc
}
