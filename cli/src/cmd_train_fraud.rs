//! `tacit train-fraud --data dev.csv.gz --out core/models/fraud.bin [--cards all|even|odd]`:
//! trains the fraud model offline. Lives in the CLI so the training code never reaches the
//! mobile library.
//!
//! Features come from the core engine itself (each card replayed in file order, features taken
//! before the state update), so training and scoring see the same numbers. Alert thresholds are
//! chosen on out-of-fold predictions (two folds of the training cards), by simulating the
//! episode policy and maximising F1 under a false-alert budget.

mod gbm;

use std::collections::HashMap;

use tacit_core::fraud::{
    category_index, CardState, FraudEngine, FraudModel, FEATURE_COUNT, PRIOR_FEATURE,
};
use tacit_core::time::{local_date, DAY};

use crate::fraud_csv;

/// False alerts per 1,000 card-months the thresholds may spend (target 20, with margin).
const FALSE_ALERT_BUDGET: f64 = 12.0;

/// Which cards a run trains on: half-splits give honest held-out figures.
pub fn card_selected(card: &str, which: &str) -> bool {
    let odd = card
        .chars()
        .last()
        .and_then(|c| c.to_digit(16))
        .unwrap_or(0)
        % 2
        == 1;
    match which {
        "even" => !odd,
        "odd" => odd,
        _ => true,
    }
}

fn fold_of(card: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in card.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h >> 7) as usize % 2
}

/// Training examples, in file order.
struct Data {
    x: Vec<[f32; FEATURE_COUNT]>,
    y: Vec<u8>,
    card: Vec<u32>,
    ts: Vec<i64>,
    cat: Vec<usize>,
    fold: Vec<usize>,
}

pub fn run(args: &[String]) -> i32 {
    let mut data = None;
    let mut out = None;
    let mut cards = "all".to_string();
    let mut params = gbm::Params::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = it.next();
        match (a.as_str(), v) {
            ("--data", Some(v)) => data = Some(v.clone()),
            ("--out", Some(v)) => out = Some(v.clone()),
            ("--cards", Some(v)) if ["all", "even", "odd"].contains(&v.as_str()) => {
                cards = v.clone()
            }
            ("--trees", Some(v)) if v.parse::<usize>().is_ok() => {
                params.trees = v.parse().unwrap_or(200)
            }
            ("--depth", Some(v)) if v.parse::<u8>().is_ok_and(|d| (1..=6).contains(&d)) => {
                params.depth = v.parse().unwrap_or(4)
            }
            _ => {
                eprintln!("usage: tacit train-fraud --data FILE.csv[.gz] --out MODEL.bin [--cards all|even|odd] [--trees N] [--depth D]");
                return 2;
            }
        }
    }
    let (Some(data), Some(out)) = (data, out) else {
        eprintln!(
            "usage: tacit train-fraud --data FILE.csv[.gz] --out MODEL.bin [--cards all|even|odd]"
        );
        return 2;
    };
    let rows = match fraud_csv::open(&data).and_then(fraud_csv::read_all) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("train-fraud: {e}");
            return 1;
        }
    };
    let d = extract(&rows, &cards);
    if d.y.is_empty() || !d.y.contains(&1) {
        eprintln!("train-fraud: no labelled fraud in the selected cards");
        return 1;
    }
    eprintln!(
        "train-fraud: {} rows, {} fraud, cards={cards}",
        d.y.len(),
        d.y.iter().filter(|&&v| v == 1).count()
    );

    // Out-of-fold predictions for threshold selection.
    let mut oof = vec![0f32; d.y.len()];
    for k in 0..2 {
        let tr: Vec<usize> = (0..d.y.len()).filter(|&i| d.fold[i] != k).collect();
        let model = fit(&d, &tr, &params);
        for i in (0..d.y.len()).filter(|&i| d.fold[i] == k) {
            let mut x = d.x[i];
            x[PRIOR_FEATURE] = model.prior[d.cat[i]];
            oof[i] = 1.0 / (1.0 + (-model.logit(&x)).exp());
        }
    }
    let (t_open, t_join, m) = choose_thresholds(&d, &oof);
    eprintln!(
        "train-fraud: out-of-fold F1 {:.3} episode-recall {:.3} false-alerts/1k-card-months {:.1} (t_open {t_open:.3}, t_join {t_join:.3})",
        m.f1, m.episode_recall, m.fa_rate
    );
    let all: Vec<usize> = (0..d.y.len()).collect();
    let mut model = fit(&d, &all, &params);
    model.t_open = t_open;
    model.t_join = t_join;
    let bytes = model.to_bytes();
    if let Err(e) = FraudModel::from_bytes(&bytes) {
        eprintln!("train-fraud: produced an invalid model: {e}");
        return 1;
    }
    if std::fs::write(&out, &bytes).is_err() {
        eprintln!("train-fraud: could not write the model file");
        return 1;
    }
    eprintln!("train-fraud: wrote {} bytes", bytes.len());
    0
}

/// Replays each selected card in file order and takes features before each update.
fn extract(rows: &[fraud_csv::Row], which: &str) -> Data {
    let engine = FraudEngine::with_model(FraudModel {
        depth: 1,
        base: 0.0,
        prior: [0.0; 32],
        t_open: 1.0,
        t_join: 1.0,
        trees: Vec::new(),
    });
    let mut states: HashMap<&str, (u32, CardState)> = HashMap::new();
    let mut d = Data {
        x: vec![],
        y: vec![],
        card: vec![],
        ts: vec![],
        cat: vec![],
        fold: vec![],
    };
    for r in rows.iter().filter(|r| card_selected(&r.card, which)) {
        let next = states.len() as u32;
        let (idx, st) = states
            .entry(&r.card)
            .or_insert_with(|| (next, CardState::new()));
        d.x.push(engine.features(st, &r.txn, &r.profile));
        engine.observe_only(st, &r.txn, &r.profile);
        d.y.push(u8::from(r.label == Some(true)));
        d.card.push(*idx);
        d.ts.push(r.txn.ts);
        d.cat.push(category_index(&r.txn));
        d.fold.push(fold_of(&r.card));
    }
    d
}

/// Fits the prior table and the trees on the rows `idx`.
fn fit(d: &Data, idx: &[usize], p: &gbm::Params) -> FraudModel {
    let mut n = [0f64; 32];
    let mut f = [0f64; 32];
    for &i in idx {
        n[d.cat[i]] += 1.0;
        f[d.cat[i]] += f64::from(d.y[i]);
    }
    let global = (f.iter().sum::<f64>() + 1.0) / (n.iter().sum::<f64>() + 2.0);
    let mut prior = [0f32; 32];
    for c in 0..32 {
        let r = (f[c] + 200.0 * global) / (n[c] + 200.0);
        prior[c] = (r / (1.0 - r)).ln() as f32;
    }
    let x: Vec<[f32; FEATURE_COUNT]> = idx
        .iter()
        .map(|&i| {
            let mut x = d.x[i];
            x[PRIOR_FEATURE] = prior[d.cat[i]];
            x
        })
        .collect();
    let y: Vec<u8> = idx.iter().map(|&i| d.y[i]).collect();
    let (base, trees) = gbm::train(&x, &y, p);
    FraudModel {
        depth: p.depth,
        base,
        prior,
        t_open: 0.5,
        t_join: 0.5,
        trees,
    }
}

/// Alert metrics as `score.py` computes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Metrics {
    pub f1: f64,
    pub episode_recall: f64,
    pub fa_rate: f64,
}

/// Simulates the episode policy over the rows in file order.
#[allow(clippy::needless_range_loop)] // parallel arrays indexed by row
fn simulate(d: &Data, p: &[f32], t_open: f32, t_join: f32) -> Metrics {
    let cards = d.card.iter().max().map_or(0, |&m| m as usize + 1);
    let mut last_alert = vec![i64::MIN; cards];
    let mut in_ep = vec![false; cards];
    let mut ep_caught = vec![false; cards];
    let mut span = vec![(i64::MAX, i64::MIN); cards];
    let (mut tp, mut fp, mut fneg, mut eps, mut caught) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for i in 0..d.y.len() {
        let c = d.card[i] as usize;
        let ts = d.ts[i];
        span[c] = (span[c].0.min(ts), span[c].1.max(ts));
        let joinable = last_alert[c] != i64::MIN && ts - last_alert[c] <= 2 * DAY;
        let a = p[i] >= t_open || (joinable && p[i] >= t_join);
        if a {
            last_alert[c] = ts;
        }
        if d.y[i] == 1 {
            if !in_ep[c] {
                in_ep[c] = true;
                ep_caught[c] = false;
                eps += 1;
            }
            if a && !ep_caught[c] {
                ep_caught[c] = true;
                caught += 1;
            }
            if a {
                tp += 1
            } else {
                fneg += 1
            }
        } else {
            in_ep[c] = false;
            fp += u64::from(a);
        }
    }
    let months: f64 = span
        .iter()
        .filter(|s| s.0 <= s.1)
        .map(|s| {
            let (a, b) = (local_date(s.0, 0), local_date(s.1, 0));
            f64::from((b.year - a.year) * 12 + b.month as i32 - a.month as i32 + 1)
        })
        .sum();
    let prec = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let rec = if tp + fneg > 0 {
        tp as f64 / (tp + fneg) as f64
    } else {
        0.0
    };
    Metrics {
        f1: if prec + rec > 0.0 {
            2.0 * prec * rec / (prec + rec)
        } else {
            0.0
        },
        episode_recall: if eps > 0 {
            caught as f64 / eps as f64
        } else {
            0.0
        },
        fa_rate: 1000.0 * fp as f64 / months.max(1.0),
    }
}

fn choose_thresholds(d: &Data, p: &[f32]) -> (f32, f32, Metrics) {
    let grid: Vec<f32> = (1..=39).map(|k| k as f32 * 0.025).collect();
    let mut best = (0.5, 0.5, Metrics::default());
    let mut best_key = f64::MIN;
    for &to in &grid {
        for &tj in grid.iter().filter(|&&tj| tj <= to) {
            let m = simulate(d, p, to, tj);
            let key = if m.fa_rate <= FALSE_ALERT_BUDGET {
                m.f1 + 0.2 * m.episode_recall
            } else {
                -m.fa_rate
            };
            if key > best_key {
                best_key = key;
                best = (to, tj, m);
            }
        }
    }
    best
}
