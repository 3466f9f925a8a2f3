//! `tacit train-intents --data DIR [--out FILE] [hyperparameters]`: trains the on-device intent
//! model on `DIR/train.jsonl`, picks the out-of-scope threshold on `DIR/val.jsonl`, prints the
//! validation figures and writes the model file. Deterministic: same data and flags, same bytes.

use crate::intent_train::chat;
use crate::intent_train::data::{load, Example};
use crate::intent_train::devset;
use crate::intent_train::logreg::{quantize, train, Dense, Params};
use crate::intent_train::metrics::{figures, pick_threshold, Figures};
use crate::intent_train::routed;
use std::path::PathBuf;
use tacit_core::intent::features::{featurize, raw_features, FeatureConfig};
use tacit_core::intent::{softmax, Intent, IntentModel};

const USAGE: &str = "usage: tacit train-intents --data DIR [--shared DIR] [--chat 0|1] [--dev FILE] [--slice FILE] [--verbose 0|1] [--skip SOURCE,...] [--gen-weight X] [--out FILE] [--buckets N] \
[--word-max N] [--char-min N] [--char-max N] [--char-weight PCT] [--pair-window N] [--pair-weight PCT] [--lexicon 0|1] [--idf 0|1] [--runs N] [--hinge 0|1] [--epochs N] [--lr X] \
[--l2 X] [--oos-weight X] [--average N] [--levels N] [--blend X] [--blend-sources SOURCE,...] [--clinc-weight X] [--source-weight NAME=X,...] [--seed N] [--target-oos-recall X] [--dump FILE] [--logits FILE]";

/// Everything the command line sets.
#[derive(Debug, Clone)]
struct Options {
    data: PathBuf,
    /// The shared data folder (BANKING77, NLU++); default: the parent of `data`.
    shared: Option<PathBuf>,
    /// Whether to add the generated chat-style data.
    chat: bool,
    /// The hand-written dev set to report on.
    dev: Option<PathBuf>,
    /// A further dev slice (`--slice FILE`), reported as `slice_*`.
    slice: Option<PathBuf>,
    verbose: bool,
    /// Generated sources left out (for measuring what each adds).
    skip: Vec<String>,
    /// Loss weight of every generated example (times its own weight).
    gen_weight: f32,
    out: Option<PathBuf>,
    config: FeatureConfig,
    params: Params,
    target_oos_recall: f64,
    idf: bool,
    runs: usize,
    /// Share of a CLINC150-only model averaged into the weights (0: none).
    blend: f32,
    /// Generated sources the blended model also trains on.
    blend_sources: Vec<String>,
    /// Quantisation levels each side of zero (127: int8; 7: 4-bit values).
    levels: u8,
    /// Loss weight of CLINC150's own training examples.
    clinc_weight: f32,
    /// Extra loss weight per generated source (`name=x,...`).
    source_weights: Vec<(String, f32)>,
    /// Where to write the assembled training set as JSON lines (for the teacher script).
    dump: Option<PathBuf>,
    /// Where to write the final model's logits on val and dev (for the teacher script).
    logits: Option<PathBuf>,
}

fn parse_source_weights(value: &str) -> Option<Vec<(String, f32)>> {
    value
        .split(',')
        .map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

fn parse_args(args: &[String]) -> Option<Options> {
    let mut o = Options {
        data: PathBuf::new(),
        shared: None,
        chat: true,
        dev: None,
        slice: None,
        verbose: false,
        skip: Vec::new(),
        gen_weight: 1.0,
        out: None,
        config: FeatureConfig {
            buckets: 1 << 14,
            word_max: 2,
            char_min: 3,
            char_max: 5,
            char_weight_pct: 50,
            pair_window: 4,
            pair_weight_pct: 60,
            lexicon: true,
        },
        params: Params {
            epochs: 30,
            lr: 0.1,
            l2: 0.0,
            oos_weight: 0.1,
            seed: 0x7ac1_7000,
            hinge: true,
            average_last: 0,
        },
        target_oos_recall: 0.99,
        idf: false,
        runs: 1,
        levels: 15,
        blend: 0.5,
        blend_sources: ["clinc_rewrites", "templates", "hard_negatives"]
            .map(str::to_string)
            .to_vec(),
        clinc_weight: 1.0,
        source_weights: Vec::new(),
        dump: None,
        logits: None,
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
            "--dump" => o.dump = Some(PathBuf::from(value)),
            "--logits" => o.logits = Some(PathBuf::from(value)),
            "--shared" => o.shared = Some(PathBuf::from(value)),
            "--chat" => o.chat = value == "1",
            "--dev" => o.dev = Some(PathBuf::from(value)),
            "--slice" => o.slice = Some(PathBuf::from(value)),
            "--verbose" => o.verbose = value == "1",
            "--gen-weight" => o.gen_weight = value.parse().ok()?,
            "--skip" => o.skip = value.split(',').map(str::to_string).collect(),
            "--buckets" => o.config.buckets = value.parse().ok()?,
            "--word-max" => o.config.word_max = value.parse().ok()?,
            "--char-min" => o.config.char_min = value.parse().ok()?,
            "--char-max" => o.config.char_max = value.parse().ok()?,
            "--char-weight" => o.config.char_weight_pct = value.parse().ok()?,
            "--pair-window" => o.config.pair_window = value.parse().ok()?,
            "--pair-weight" => o.config.pair_weight_pct = value.parse().ok()?,
            "--hinge" => o.params.hinge = value == "1",
            "--blend" => o.blend = value.parse().ok()?,
            "--blend-sources" => o.blend_sources = value.split(',').map(str::to_string).collect(),
            "--levels" => o.levels = value.parse().ok()?,
            "--average" => o.params.average_last = value.parse().ok()?,
            "--clinc-weight" => o.clinc_weight = value.parse().ok()?,
            "--source-weight" => o.source_weights = parse_source_weights(value)?,
            "--runs" => o.runs = value.parse().ok()?,
            "--idf" => o.idf = value == "1",
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

fn featurize_all(examples: &[Example], config: &FeatureConfig, idf: &[u8]) -> Vec<Vec<(u32, f32)>> {
    examples
        .iter()
        .map(|e| {
            let mut out = Vec::new();
            featurize(&e.text, config, idf, &mut out);
            out
        })
        .collect()
}

/// Smoothed IDF per bucket over the training texts, in sixteenths.
fn document_frequencies(examples: &[Example], config: &FeatureConfig) -> Vec<u8> {
    let mut df = vec![0u32; config.buckets as usize];
    let mut raw = Vec::new();
    let mut seen = Vec::new();
    for e in examples {
        raw_features(&e.text, config, &mut raw);
        seen.clear();
        seen.extend(raw.iter().map(|(b, _)| *b));
        seen.sort_unstable();
        seen.dedup();
        for &b in &seen {
            df[b as usize] += 1;
        }
    }
    let n = examples.len() as f64;
    df.iter()
        .map(|&d| {
            let idf = ((1.0 + n) / (1.0 + f64::from(d))).ln() + 1.0;
            (idf * 16.0).round().clamp(1.0, 255.0) as u8
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

/// The logit scale (log-spaced grid) minimising mean negative log-likelihood on `examples`.
fn calibrate(model: &IntentModel, examples: &[Example]) -> f32 {
    let logits: Vec<[f32; Intent::COUNT]> =
        examples.iter().map(|e| model.logits(&e.text)).collect();
    let mut best = (f64::INFINITY, 1.0f32);
    for step in 0..=60 {
        let factor = 10f32.powf(step as f32 / 20.0 - 1.0);
        let nll: f64 = logits
            .iter()
            .zip(examples)
            .map(|(l, e)| {
                let mut l = *l;
                l.iter_mut().for_each(|v| *v *= factor);
                let p = softmax(&l)[e.intent.index()];
                -f64::from(p.max(1e-9)).ln()
            })
            .sum();
        if nll < best.0 {
            best = (nll, factor);
        }
    }
    best.1
}

/// CLINC150's training split plus, unless `--chat 0`, the generated chat-style data
/// ([`chat::build`]); prints how many examples came from each source.
/// Also returns, per example, whether it belongs to the second (blended) model's data:
/// CLINC150 itself, the sources named by `--blend-sources`, and the out-of-scope examples of
/// the sources named there as `SOURCE:oos`.
fn with_chat_data(
    opts: &Options,
    mut train_set: Vec<Example>,
) -> Result<(Vec<Example>, Vec<bool>), crate::intent_train::data::DataError> {
    println!("train_clinc_examples={}", train_set.len());
    train_set
        .iter_mut()
        .for_each(|e| e.weight *= opts.clinc_weight);
    let mut in_blend = vec![true; train_set.len()];
    if !opts.chat {
        return Ok((train_set, in_blend));
    }
    let shared = match &opts.shared {
        Some(s) => s.clone(),
        None => opts
            .data
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let generated = chat::build(&train_set, &shared, opts.params.seed ^ 0xc4a7, &opts.skip)?;
    let mut start = 0;
    let mut examples = generated.examples;
    for (name, n) in &generated.counts {
        println!("train_{name}_examples={n}");
        let extra = opts
            .source_weights
            .iter()
            .find(|(k, _)| k == name)
            .map_or(1.0, |(_, w)| *w);
        if let Some(slice) = examples.get_mut(start..start + n) {
            slice.iter_mut().for_each(|e| e.weight *= extra);
        }
        if let Some(slice) = examples.get(start..start + n) {
            in_blend.extend(blend_membership(&opts.blend_sources, name, slice));
        }
        start += n;
    }
    train_set.extend(examples.into_iter().map(|mut e| {
        e.weight *= opts.gen_weight;
        e
    }));
    println!("train_examples={}", train_set.len());
    Ok((train_set, in_blend))
}

/// Which of `examples` (all from source `name`) the blended model trains on: all of them if
/// `blend_sources` names the source, its out-of-scope ones if it names `name:oos`, else none.
fn blend_membership(blend_sources: &[String], name: &str, examples: &[Example]) -> Vec<bool> {
    let whole = blend_sources.iter().any(|s| s == name);
    let oos_only = blend_sources
        .iter()
        .any(|s| s.strip_suffix(":oos") == Some(name));
    examples
        .iter()
        .map(|e| whole || (oos_only && e.intent == Intent::Oos))
        .collect()
}

/// Class probabilities, or all mass on `oos` for a message the model screens out.
fn screened_probabilities(model: &IntentModel, text: &str) -> [f32; Intent::COUNT] {
    if model.top_two(text).is_none() {
        let mut p = [0f32; Intent::COUNT];
        p[Intent::Oos.index()] = 1.0;
        return p;
    }
    model.probabilities(text)
}

/// Expected calibration error of the top class's probability on `examples` (10 bins).
fn expected_calibration_error(model: &IntentModel, examples: &[Example]) -> f64 {
    let mut bins = [(0f64, 0f64, 0usize); 10];
    for e in examples {
        let p = model.probabilities(&e.text);
        let (best, conf) =
            p.iter().enumerate().fold(
                (0, 0f32),
                |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc },
            );
        let bin = ((conf * 10.0) as usize).min(9);
        bins[bin].0 += f64::from(conf);
        bins[bin].1 += f64::from(u8::from(best == e.intent.index()));
        bins[bin].2 += 1;
    }
    let n = examples.len().max(1) as f64;
    bins.iter()
        .map(|(c, a, k)| (c - a).abs() / n * (*k as f64 / (*k).max(1) as f64))
        .sum()
}

/// `a = (1 - share) * a + share * b`, weights and biases.
fn mix_into(a: &mut Dense, b: &Dense, share: f32) {
    for (x, y) in a.weights.iter_mut().zip(&b.weights) {
        *x = (1.0 - share) * *x + share * y;
    }
    for (x, y) in a.bias.iter_mut().zip(&b.bias) {
        *x = (1.0 - share) * *x + share * y;
    }
}

/// The float model: `--runs` models over all the data (different orders) averaged, then, if
/// `--blend` is set, averaged with a model trained on CLINC150 and the `--blend-sources` only.
/// Both read the same features, so the result is still one linear layer.
fn fit(
    opts: &Options,
    xs: &[Vec<(u32, f32)>],
    ys: &[usize],
    ws: &[f32],
    in_blend: &[bool],
) -> Dense {
    let buckets = opts.config.buckets as usize;
    let mut dense = train(xs, ys, ws, buckets, &opts.params);
    for k in 1..opts.runs {
        let params = Params {
            seed: opts.params.seed.wrapping_add(k as u64),
            ..opts.params
        };
        let other = train(xs, ys, ws, buckets, &params);
        mix_into(&mut dense, &other, 1.0 / (k as f32 + 1.0));
    }
    if opts.blend > 0.0 {
        let keep = |i: &usize| in_blend.get(*i).copied().unwrap_or(false);
        let idx: Vec<usize> = (0..xs.len()).filter(keep).collect();
        let bx: Vec<Vec<(u32, f32)>> = idx.iter().map(|&i| xs[i].clone()).collect();
        let by: Vec<usize> = idx.iter().map(|&i| ys[i]).collect();
        let bw: Vec<f32> = idx
            .iter()
            .map(|&i| ws.get(i).copied().unwrap_or(1.0))
            .collect();
        let narrow = train(&bx, &by, &bw, buckets, &opts.params);
        mix_into(&mut dense, &narrow, opts.blend);
    }
    dense
}

/// Writes the assembled training set as JSON lines (`text`, `intent`, `weight`, `blend`).
fn dump_examples(path: &PathBuf, set: &[Example], in_blend: &[bool]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (i, e) in set.iter().enumerate() {
        let line = serde_json::json!({
            "text": e.text,
            "intent": e.intent.to_string(),
            "weight": e.weight,
            "blend": in_blend.get(i).copied().unwrap_or(false),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// Writes the final model's logits per message as JSON lines (`set`, `text`, `screened`,
/// `logits`), so that another model's scores can be measured added to them.
fn dump_logits(path: &PathBuf, model: &IntentModel, sets: &[(&str, &str)]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (set, text) in sets {
        let line = serde_json::json!({
            "set": set,
            "text": text,
            "screened": model.top_two(text).is_none(),
            "logits": model.logits(text).to_vec(),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// The dev sets' figures (the model's, then the routed intent's), and the routed intent's
/// on val ([`routed`]).
fn report_routed(opts: &Options, model: &IntentModel, val: &[Example]) -> Result<(), ()> {
    let Some(today) = routed::eval_today() else {
        return Err(());
    };
    routed::report_val(model, val, today, opts.verbose);
    if let Some(dev) = &opts.dev {
        let set = devset::load(dev).map_err(|e| eprintln!("train-intents: dev set: {e}"))?;
        devset::report(model, &set, opts.verbose);
        routed::report_dev(model, &set, today, "dev_routed", false, opts.verbose);
    }
    if let Some(slice) = &opts.slice {
        let set = devset::load(slice).map_err(|e| eprintln!("train-intents: slice: {e}"))?;
        routed::report_dev(model, &set, today, "slice_model", true, false);
        routed::report_dev(model, &set, today, "slice_routed", false, opts.verbose);
    }
    Ok(())
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
    let (train_set, in_blend) = match with_chat_data(&opts, train_set) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("train-intents: {e}");
            return 1;
        }
    };
    if let Some(path) = &opts.dump {
        if dump_examples(path, &train_set, &in_blend).is_err() {
            eprintln!("train-intents: cannot write the training set");
            return 1;
        }
    }
    let idf = if opts.idf {
        document_frequencies(&train_set, &opts.config)
    } else {
        Vec::new()
    };
    let xs = featurize_all(&train_set, &opts.config, &idf);
    let ys: Vec<usize> = train_set.iter().map(|e| e.intent.index()).collect();
    let ws: Vec<f32> = train_set.iter().map(|e| e.weight).collect();
    let dense = fit(&opts, &xs, &ys, &ws, &in_blend);
    if opts.verbose {
        let vx = featurize_all(&val_set, &opts.config, &idf);
        let (mut ok, mut n) = (0, 0);
        for (x, e) in vx.iter().zip(&val_set) {
            if e.intent.is_in_scope() {
                let l = dense.logits(x);
                let best = (0..Intent::COUNT - 1)
                    .max_by(|&a, &b| l[a].total_cmp(&l[b]))
                    .unwrap_or(0);
                ok += usize::from(best == e.intent.index());
                n += 1;
                if best != e.intent.index() {
                    let got = Intent::from_index(best).unwrap_or(Intent::Oos);
                    eprintln!("confusion want={} got={got} text={}", e.intent, e.text);
                }
            }
        }
        println!(
            "dense_val_closed_set_accuracy={:.4}",
            ok as f64 / n.max(1) as f64
        );
    }
    let (scales, weights) = quantize(&dense, opts.levels);
    let model = match IntentModel::from_parts(opts.config, 1.0, scales, dense.bias, idf, weights) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("train-intents: {e}");
            return 1;
        }
    };
    // Threshold and figures come from the quantised model through core's own inference path.
    // Calibrate: the logit scale that minimises val log-loss, so confidences mean something
    // (hinge-loss margins are not probabilities). Class ranking is unchanged.
    let scale = calibrate(&model, &val_set);
    let model = model.with_logit_scale(scale);
    // Two knobs, both picked on val: a shift of the out-of-scope bias (either way) and the
    // probability threshold under which the best in-scope intent becomes out of scope.
    let logits: Vec<[f32; Intent::COUNT]> = val_set.iter().map(|e| model.logits(&e.text)).collect();
    let oos = Intent::Oos.index();
    let mut best: Option<(f32, f32, Figures)> = None;
    for step in -120..=120 {
        let shift = step as f32 * 0.05;
        let probs: Vec<[f32; Intent::COUNT]> = logits
            .iter()
            .map(|l| {
                let mut l = *l;
                l[oos] += shift;
                softmax(&l)
            })
            .collect();
        let (threshold, f) = pick_threshold(&val_set, &probs, opts.target_oos_recall);
        let key = |f: &Figures| (f.oos_recall >= opts.target_oos_recall, f.in_scope_accuracy);
        if best.as_ref().is_none_or(|(_, _, b)| key(&f) > key(b)) {
            best = Some((shift, threshold, f));
        }
    }
    let Some((shift, threshold, _)) = best else {
        return 1;
    };
    let model = model
        .with_oos_bias_shift(shift)
        .with_oos_threshold(threshold);
    // Final figures through the whole decision: a screened message counts as `oos`.
    let probs: Vec<[f32; Intent::COUNT]> = val_set
        .iter()
        .map(|e| screened_probabilities(&model, &e.text))
        .collect();
    let figures = figures(&val_set, &probs, threshold);
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
    println!("logit_scale={scale:.3}");
    println!("oos_bias_shift={shift:.2}");
    println!("oos_threshold={threshold:.3}");
    print_figures("val_", &figures);
    println!(
        "val_ece={:.4}",
        expected_calibration_error(&model, &val_set)
    );
    println!("model_bytes={}", bytes.len());
    if report_routed(&opts, &model, &val_set).is_err() {
        return 1;
    }
    if let Some(path) = &opts.logits {
        let dev = opts.dev.as_ref().and_then(|d| devset::load(d).ok());
        let mut sets: Vec<(&str, &str)> =
            val_set.iter().map(|e| ("val", e.text.as_str())).collect();
        sets.extend(dev.iter().flatten().map(|e| ("dev", e.text.as_str())));
        if dump_logits(path, &model, &sets).is_err() {
            eprintln!("train-intents: cannot write the logits");
            return 1;
        }
    }
    if let Some(out) = &opts.out {
        if std::fs::write(out, &bytes).is_err() {
            eprintln!("train-intents: cannot write the model file");
            return 1;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(intent: Intent) -> Example {
        Example {
            text: String::new(),
            intent,
            hard_oos: false,
            weight: 1.0,
        }
    }

    #[test]
    fn blend_sources_take_a_whole_source_or_its_out_of_scope_part() {
        let set = [example(Intent::Balance), example(Intent::Oos)];
        let sources = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            blend_membership(&sources(&["banking77"]), "banking77", &set),
            [true, true]
        );
        assert_eq!(
            blend_membership(&sources(&["templates", "banking77:oos"]), "banking77", &set),
            [false, true]
        );
        assert_eq!(
            blend_membership(&sources(&["nlupp:oos"]), "banking77", &set),
            [false, false]
        );
    }

    #[test]
    fn parses_the_measurement_outputs() {
        let args: Vec<String> = ["--data", "d", "--dump", "a.jsonl", "--logits", "b.jsonl"]
            .map(str::to_string)
            .to_vec();
        let o = parse_args(&args).expect("valid arguments");
        assert_eq!(o.dump, Some(PathBuf::from("a.jsonl")));
        assert_eq!(o.logits, Some(PathBuf::from("b.jsonl")));
        assert!(parse_args(&["--dump".to_string()]).is_none());
    }
}
