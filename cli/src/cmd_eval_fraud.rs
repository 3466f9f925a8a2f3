//! `tacit eval-fraud (--data TRAIN.csv ... | --model MODEL.bin) --test TEST.csv`: trains a
//! model in memory on one or more worlds (or loads one) and measures it on another world,
//! scoring exactly as `tacit score-fraud` and the app do (each card its own phone, file order,
//! the engine's learning period). Prints `key=value` lines: the `score.py` figures (F1,
//! average precision, episode recall, false alerts per 1,000 card-months), each fraud
//! pattern's episode recall (files from `tacit gen-fraud-world`), and the same from each
//! card's second month on, with the share of compromised cards alerted at least once.

use std::collections::{BTreeMap, HashMap};

use tacit_core::fraud::{CardState, FraudEngine, FraudModel};
use tacit_core::time::local_date;

use crate::cmd_train_fraud::{parse_options, train};
use crate::fraud_csv::{self, Row};

const USAGE: &str = "usage: tacit eval-fraud (--data TRAIN.csv[.gz] ... | --model MODEL.bin) --test TEST.csv[.gz] [--trees N] [--depth D] [--first-trees N] [--cards all|even|odd] [--test-cards all|even|odd] [--dump ROWS.csv]";

pub fn run(args: &[String]) -> i32 {
    let mut rest = Vec::new();
    let Some(opts) = parse_options(args, &mut rest) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let (mut test, mut model_path, mut test_cards) = (None, None, "all".to_string());
    let mut dump = None;
    for (k, v) in rest {
        match k.as_str() {
            "--test" => test = Some(v),
            "--model" => model_path = Some(v),
            "--test-cards" => test_cards = v,
            "--dump" => dump = Some(v),
            _ => {
                eprintln!("{USAGE}");
                return 2;
            }
        }
    }
    let Some(test) = test else {
        eprintln!("{USAGE}");
        return 2;
    };
    let model = match (model_path, opts.data.is_empty()) {
        (Some(p), true) => std::fs::read(p)
            .map_err(|_| "could not read the model file".to_string())
            .and_then(|b| FraudModel::from_bytes(&b).map_err(|e| e.to_string())),
        (None, false) => train(&opts),
        _ => {
            eprintln!("{USAGE}");
            return 2;
        }
    };
    let rows = model.and_then(|m| {
        fraud_csv::open(&test)
            .and_then(fraud_csv::read_all)
            .map(|r| (m, r))
            .map_err(|e| e.to_string())
    });
    match rows {
        Ok((model, rows)) => {
            let rows: Vec<Row> = rows
                .into_iter()
                .filter(|r| crate::cmd_train_fraud::card_selected(&r.card, &test_cards))
                .collect();
            let engine = FraudEngine::with_model(model);
            let preds = score_rows(&engine, &rows);
            if let Some(path) = dump {
                if let Err(e) = dump_rows(&engine, &rows, &preds, &path) {
                    eprintln!("eval-fraud: could not write the dump: {e}");
                    return 1;
                }
            }
            for line in report(&rows, &preds) {
                println!("{line}");
            }
            0
        }
        Err(e) => {
            eprintln!("eval-fraud: {e}");
            1
        }
    }
}

/// Scores rows in file order, one state per card: `(score, alert)` per row.
pub fn score_rows(engine: &FraudEngine, rows: &[Row]) -> Vec<(f32, bool)> {
    let mut states: HashMap<&str, CardState> = HashMap::new();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let s = states.entry(&r.card).or_default();
            let a = engine.assess(s, &r.txn, &r.profile, i as u64);
            (a.score, a.alert)
        })
        .collect()
}

/// Writes one line per row for analysis (card index, time, label, pattern, the engine's
/// score and alert, then every model feature as the engine computed it before the row):
/// synthetic and reference worlds only, never a person's data.
fn dump_rows(
    engine: &FraudEngine,
    rows: &[Row],
    preds: &[(f32, bool)],
    path: &str,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let names = tacit_core::fraud::FEATURE_NAMES.join(",");
    writeln!(out, "card,ts,label,pattern,score,alert,{names}")?;
    let mut states: HashMap<&str, (usize, CardState)> = HashMap::new();
    let mut next = 0usize;
    for (r, &(score, alert)) in rows.iter().zip(preds) {
        let (idx, s) = states.entry(&r.card).or_insert_with(|| {
            next += 1;
            (next - 1, CardState::default())
        });
        let x = engine.features(s, &r.txn, &r.profile);
        engine.assess(s, &r.txn, &r.profile, 0);
        let xs: Vec<String> = x.iter().map(|v| format!("{v:.4}")).collect();
        writeln!(
            out,
            "{idx},{},{},{},{score:.6},{},{}",
            r.txn.ts,
            u8::from(r.label == Some(true)),
            r.pattern.as_deref().unwrap_or(""),
            u8::from(alert),
            xs.join(",")
        )?;
    }
    out.flush()
}

#[derive(Default)]
struct Tally {
    tp: u64,
    fp: u64,
    fneg: u64,
    episodes: u64,
    caught: u64,
    months: f64,
    by_pattern: BTreeMap<String, (u64, u64)>,
    /// Compromised cards and those alerted at least once, by the pattern of the card's first
    /// fraud payment (a pattern split into many runs by the person's own payments is one card).
    cards_by_pattern: BTreeMap<String, (u64, u64)>,
    cards_hit: u64,
    cards_alerted: u64,
}

impl Tally {
    fn lines(&self, prefix: &str) -> Vec<String> {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fneg).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let mut v = vec![
            format!("{prefix}f1={f1:.3}"),
            format!("{prefix}precision={p:.3}"),
            format!("{prefix}recall={r:.3}"),
            format!(
                "{prefix}episode_recall={:.3} ({}/{})",
                self.caught as f64 / self.episodes.max(1) as f64,
                self.caught,
                self.episodes
            ),
            format!(
                "{prefix}false_alerts_per_1000_card_months={:.1}",
                1000.0 * self.fp as f64 / self.months.max(1.0)
            ),
            format!(
                "{prefix}compromised_cards_alerted={:.3} ({}/{})",
                self.cards_alerted as f64 / self.cards_hit.max(1) as f64,
                self.cards_alerted,
                self.cards_hit
            ),
        ];
        for (k, (n, c)) in &self.by_pattern {
            v.push(format!(
                "{prefix}pattern_{k}_episode_recall={:.3} ({c}/{n})",
                *c as f64 / (*n).max(1) as f64
            ));
        }
        for (k, (n, c)) in &self.cards_by_pattern {
            v.push(format!(
                "{prefix}pattern_{k}_cards_alerted={:.3} ({c}/{n})",
                *c as f64 / (*n).max(1) as f64
            ));
        }
        v
    }
}

/// Months from `a` to `b` inclusive, as score.py counts them.
fn months(a: i64, b: i64) -> f64 {
    let (x, y) = (local_date(a, 0), local_date(b, 0));
    f64::from((y.year - x.year) * 12 + y.month as i32 - x.month as i32 + 1)
}

/// The figures of `preds` on `rows`: all rows, and from each card's second month on.
pub fn report(rows: &[Row], preds: &[(f32, bool)]) -> Vec<String> {
    let mut by_card: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_card.entry(&r.card).or_default().push(i);
    }
    let (mut all, mut late) = (Tally::default(), Tally::default());
    let mut cards: Vec<_> = by_card.into_iter().collect();
    cards.sort_by(|a, b| a.0.cmp(b.0));
    for (_, idx) in cards {
        let (first, last) = (rows[idx[0]].txn.ts, rows[idx[idx.len() - 1]].txn.ts);
        let month2 = {
            let d = local_date(first, 0);
            let next = d.add_months_first(1);
            next.start_ts(0)
        };
        all.months += months(first, last);
        if last >= month2 {
            late.months += months(month2, last);
        }
        for (t, from) in [(&mut all, i64::MIN), (&mut late, month2)] {
            let (mut in_ep, mut ep_caught, mut hit, mut alerted) = (false, false, false, false);
            let (mut pattern, mut card_pattern) = (String::new(), None);
            for &i in idx.iter().filter(|&&i| rows[i].txn.ts >= from) {
                let y = rows[i].label == Some(true);
                let a = preds[i].1;
                if y {
                    hit = true;
                    alerted |= a;
                    if !in_ep {
                        in_ep = true;
                        ep_caught = false;
                        t.episodes += 1;
                        pattern = rows[i].pattern.clone().unwrap_or_else(|| "all".into());
                        card_pattern.get_or_insert_with(|| pattern.clone());
                        t.by_pattern.entry(pattern.clone()).or_default().0 += 1;
                    }
                    if a && !ep_caught {
                        ep_caught = true;
                        t.caught += 1;
                        t.by_pattern.entry(pattern.clone()).or_default().1 += 1;
                    }
                    if a {
                        t.tp += 1;
                    } else {
                        t.fneg += 1;
                    }
                } else {
                    in_ep = false;
                    t.fp += u64::from(a);
                }
            }
            t.cards_hit += u64::from(hit);
            t.cards_alerted += u64::from(alerted);
            if let Some(p) = card_pattern {
                let e = t.cards_by_pattern.entry(p).or_default();
                e.0 += 1;
                e.1 += u64::from(alerted);
            }
        }
    }
    let mut out = vec![format!(
        "average_precision={:.3}",
        average_precision(rows, preds)
    )];
    out.extend(all.lines(""));
    out.extend(late.lines("from_month2_"));
    out
}

/// Average precision of the scores, as score.py computes it (stable order on ties).
fn average_precision(rows: &[Row], preds: &[(f32, bool)]) -> f64 {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| preds[b].0.total_cmp(&preds[a].0));
    let pos = rows.iter().filter(|r| r.label == Some(true)).count().max(1) as f64;
    let (mut hits, mut ap) = (0f64, 0f64);
    for (k, &i) in order.iter().enumerate() {
        if rows[i].label == Some(true) {
            hits += 1.0;
            ap += hits / (k + 1) as f64;
        }
    }
    ap / pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use tacit_core::fraud::{FraudTxn, Profile};

    fn row(card: &str, day: i64, pattern: Option<&str>) -> Row {
        Row {
            txn_id: format!("{card}{day}"),
            card: card.into(),
            txn: FraudTxn {
                ts: day * 86_400,
                amount_minor: 1000,
                merchant: None,
                category: None,
                mcc: None,
                card_present: None,
                lat_e6: None,
                lon_e6: None,
            },
            profile: Profile::default(),
            label: Some(pattern.is_some()),
            pattern: pattern.map(String::from),
        }
    }

    /// A thief's spree split into two runs by the person's own payment is two of score.py's
    /// episodes but one compromised card, alerted when either run is.
    #[test]
    fn cards_alerted_per_pattern_count_a_split_spree_once() {
        let s = Some("stolen_familiar");
        let rows = vec![
            row("a", 1, None),
            row("a", 2, s),
            row("a", 3, None),
            row("a", 4, s),
            row("b", 1, None),
            row("b", 2, s),
        ];
        let preds = [false, false, false, true, false, false].map(|a| (0.5, a));
        let lines = report(&rows, &preds);
        let has = |l: &str| lines.iter().any(|x| x == l);
        assert!(
            has("pattern_stolen_familiar_episode_recall=0.333 (1/3)"),
            "{lines:?}"
        );
        assert!(
            has("pattern_stolen_familiar_cards_alerted=0.500 (1/2)"),
            "{lines:?}"
        );
    }
}
