//! The no-look-ahead rule on the real data: scoring the first half of a prefix of dev.csv
//! gives identical scores and alerts whether or not the second half follows.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};

use tacit_core::fraud::{CardState, FraudEngine, FraudTxn, Profile};
use tacit_core::money::parse_decimal;
use tacit_core::time::parse_iso_local;

const PREFIX: usize = 60_000;

fn split(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.trim_end().chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn coord(s: &str) -> Option<i32> {
    parse_decimal(s, 6, false)
        .ok()
        .map(|v| i32::try_from(v).unwrap())
}

fn load(n: usize) -> Vec<(String, FraudTxn, Profile)> {
    let Some(dir) = tacit_tests::shared_data("fraud") else {
        return vec![];
    };
    let file = std::fs::File::open(dir.join("dev.csv.gz")).unwrap();
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    reader
        .lines()
        .skip(1)
        .take(n)
        .map(|l| {
            let f = split(&l.unwrap());
            let net = f[4].ends_with("_net");
            let txn = FraudTxn {
                ts: parse_iso_local(&f[2], 0).unwrap(),
                amount_minor: parse_decimal(&f[3], 2, false).unwrap(),
                merchant: Some(f[5].clone()),
                category: None,
                mcc: None,
                card_present: Some(!net),
                lat_e6: coord(&f[6]),
                lon_e6: coord(&f[7]),
            };
            (
                f[1].clone(),
                txn,
                Profile {
                    home_lat_e6: coord(&f[8]),
                    home_lon_e6: coord(&f[9]),
                },
            )
        })
        .collect()
}

fn score(engine: &FraudEngine, rows: &[(String, FraudTxn, Profile)]) -> Vec<(u32, bool)> {
    let mut states: HashMap<&str, CardState> = HashMap::new();
    rows.iter()
        .enumerate()
        .map(|(i, (card, txn, profile))| {
            let a = engine.assess(states.entry(card).or_default(), txn, profile, i as u64);
            (a.score.to_bits(), a.alert)
        })
        .collect()
}

#[test]
fn first_half_scores_do_not_depend_on_the_second_half() {
    let rows = load(PREFIX);
    if rows.is_empty() {
        return;
    }
    let engine = FraudEngine::new().unwrap();
    let half = rows.len() / 2;
    let alone = score(&engine, &rows[..half]);
    let whole = score(&engine, &rows);
    assert_eq!(alone.len(), half);
    assert_eq!(alone, whole[..half]);
    // The scores are not trivially constant.
    let mut distinct: Vec<u32> = alone.iter().map(|s| s.0).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() > 100);
}
