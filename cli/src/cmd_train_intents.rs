//! `tacit train-intents --data DIR [--out FILE] [hyperparameters]`: trains the on-device intent
//! model on `DIR/train.jsonl`, picks the out-of-scope threshold on `DIR/val.jsonl`, prints the
//! validation figures and writes the model file. Deterministic: same data and flags, same bytes.

use crate::intent_train::data::{load, Example};
use crate::intent_train::logreg::{quantize, train, Params};
use crate::intent_train::metrics::{pick_threshold, Figures};
use std::path::PathBuf;
use tacit_core::intent::features::{featurize, FeatureConfig};
use tacit_core::intent::{Intent, IntentModel};

const USAGE: &str = "usage: tacit train-intents --data DIR [--out FILE] [--buckets N] \
[--word-max N] [--char-min N] [--char-max N] [--char-weight PCT] [--pair-window N] [--pair-weight PCT] [--lexicon 0|1] [--epochs N] [--lr X] \
[--l2 X] [--oos-weight X] [--seed N] [--target-oos-recall X]";

/// Everything the command line sets.
#[derive(Debug, Clone)]
struct Options {
    data: PathBuf,
    out: Option<PathBuf>,
    config: FeatureConfig,
    params: Params,
    target_oos_recall: f64,
}

fn parse_args(args: &[String]) -> Option<Options> {
    let mut o = Options {
        data: PathBuf::new(),
        out: None,
        config: FeatureConfig {
            buckets: 1 << 15,
            word_max: 2,
            char_min: 3,
            char_max: 5,
            char_weight_pct: 50,
            pair_window: 0,
            pair_weight_pct: 50,
            lexicon: false,
        },
        params: Params {
            epochs: 20,
            lr: 0.2,
            l2: 1e-5,
            oos_weight: 0.5,
            seed: 0x7ac1_7000,
        },
        target_oos_recall: 0.99,
    };
    let mut have_data = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next()?;
        match flag.as_str() {
            "--data" => {
                o.data = PathBuf::from(value);
                have_data = true;
            }
            "--out" => o.out = Some(PathBuf::from(value)),
            "--buckets" => o.config.buckets = value.parse().ok()?,
            "--word-max" => o.config.word_max = value.parse().ok()?,
            "--char-min" => o.config.char_min = value.parse().ok()?,
            "--char-max" => o.config.char_max = value.parse().ok()?,
            "--char-weight" => o.config.char_weight_pct = value.parse().ok()?,
            "--pair-window" => o.config.pair_window = value.parse().ok()?,
            "--pair-weight" => o.config.pair_weight_pct = value.parse().ok()?,
            "--lexicon" => o.config.lexicon = value == "1",
            "--epochs" => o.params.epochs = value.parse().ok()?,
            "--lr" => o.params.lr = value.parse().ok()?,
            "--l2" => o.params.l2 = value.parse().ok()?,
            "--oos-weight" => o.params.oos_weight = value.parse().ok()?,
            "--seed" => o.params.seed = value.parse().ok()?,
            "--target-oos-recall" => o.target_oos_recall = value.parse().ok()?,
            _ => return None,
        }
    }
    have_data.then_some(o)
}

fn featurize_all(examples: &[Example], config: &FeatureConfig) -> Vec<Vec<(u32, f32)>> {
    examples
        .iter()
        .map(|e| {
            let mut out = Vec::new();
            featurize(&e.text, config, &mut out);
            out
        })
        .collect()
}

fn print_figures(prefix: &str, f: &Figures) {
    println!("{prefix}in_scope_accuracy={:.4}", f.in_scope_accuracy);
    println!("{prefix}oos_recall={:.4}", f.oos_recall);
    println!("{prefix}hard_oos_recall={:.4}", f.hard_oos_recall);
    println!("{prefix}domain_oos_recall={:.4}", f.domain_oos_recall);
    println!("{prefix}closed_set_accuracy={:.4}", f.closed_set_accuracy);
    println!("{prefix}test_mix_oos_recall={:.4}", f.test_mix_oos_recall());
}

/// Entry point.
pub fn run(args: &[String]) -> i32 {
    let Some(opts) = parse_args(args) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let (train_set, val_set) = match (
        load(&opts.data, "train.jsonl"),
        load(&opts.data, "val.jsonl"),
    ) {
        (Ok(t), Ok(v)) => (t, v),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("train-intents: {e}");
            return 1;
        }
    };
    let xs = featurize_all(&train_set, &opts.config);
    let ys: Vec<usize> = train_set.iter().map(|e| e.intent.index()).collect();
    let dense = train(&xs, &ys, opts.config.buckets as usize, &opts.params);
    let (scales, weights) = quantize(&dense);
    let model = match IntentModel::from_parts(opts.config, 1.0, scales, dense.bias, weights) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("train-intents: {e}");
            return 1;
        }
    };
    // Threshold and figures come from the quantised model through core's own inference path.
    let probs: Vec<[f32; Intent::COUNT]> = val_set
        .iter()
        .map(|e| model.probabilities(&e.text))
        .collect();
    let (threshold, figures) = pick_threshold(&val_set, &probs, opts.target_oos_recall);
    let model = model.with_oos_threshold(threshold);
    let bytes = model.to_bytes();
    match IntentModel::from_bytes(&bytes) {
        Ok(back) if back == model => {}
        Ok(_) => {
            eprintln!("train-intents: model does not round-trip");
            return 1;
        }
        Err(e) => {
            eprintln!("train-intents: written model rejected: {e}");
            return 1;
        }
    }
    println!("oos_threshold={threshold:.3}");
    print_figures("val_", &figures);
    println!("model_bytes={}", bytes.len());
    if let Some(out) = &opts.out {
        if std::fs::write(out, &bytes).is_err() {
            eprintln!("train-intents: cannot write the model file");
            return 1;
        }
    }
    0
}
