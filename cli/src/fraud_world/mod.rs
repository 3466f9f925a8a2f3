//! `tacit gen-fraud-world --seed S --cards N --out FILE.csv`: a fraud-scenario generator of
//! our own, a second synthetic world beside Sparkov, so the engine can be trained on one
//! world and measured on the other (issue #19: a model that only knows one generator alerts
//! at random in the real world).
//!
//! Lives vary (income, sparse to dense card use, night-shift workers, people who shop online
//! at 2 a.m., travellers who pay in person far from home, occasional big purchases, monthly
//! subscriptions) and so does fraud ([`attacks::PATTERNS`]). The output has the `score-fraud`
//! columns plus `fraud_pattern`. Deterministic: the same seed writes the same file.

pub mod attacks;
pub mod life;
pub mod rng;

use std::io::Write;

#[cfg(test)]
use tacit_core::fraud::{FraudTxn, Profile};
use tacit_core::time::{days_from_civil, local_date, DAY};

#[cfg(test)]
use crate::fraud_csv::sparkov_category;
use life::Person;
use rng::Rng;

/// One generated payment.
#[derive(Debug, Clone)]
pub struct Txn {
    /// Local time, seconds.
    pub ts: i64,
    /// Amount in cents.
    pub cents: i64,
    /// Category column value.
    pub category: &'static str,
    pub merchant: String,
    pub lat: f64,
    pub lon: f64,
    /// The fraud pattern, `None` when legitimate.
    pub pattern: Option<&'static str>,
}

/// Share of cards that suffer one fraud episode in the year.
const COMPROMISED: f64 = 0.4;
/// Weights of the first seven patterns of [`attacks::PATTERNS`] on a compromised card.
const PATTERN_WEIGHTS: [f64; 7] = [0.22, 0.18, 0.14, 0.14, 0.14, 0.12, 0.06];
/// Share of the cards the main draw left uncompromised that suffer `stolen_familiar`, drawn on
/// its own random stream (`FAMILIAR_STREAM`) so the rest of every seed's world is unchanged.
const FAMILIAR: f64 = 0.15;
/// Stream offset of the `stolen_familiar` draw (cards are numbered far below it).
const FAMILIAR_STREAM: u64 = 1 << 48;

/// One card's year: the person and their payments in time order (legitimate ones, plus one
/// fraud episode when `fraud`), every time shifted by `shift_hours`. `Some(true)` draws one of
/// the first seven patterns; `None` draws as the world does, where a card the main draw left
/// uncompromised may still suffer `stolen_familiar` when `familiar` (false: the world as it
/// was before that pattern, which the shipped model was trained on).
pub fn card_year(
    seed: u64,
    card: u64,
    fraud: Option<bool>,
    familiar: bool,
    shift_hours: i64,
) -> (Person, Vec<Txn>) {
    let mut r = Rng::new(seed, card);
    let person = Person::draw(&mut r);
    let start = days_from_civil(2023, 1, 1) + r.int(0, 20);
    let days = 365;
    let mut txns = person.year(&mut r, start, days);
    let hit = fraud.unwrap_or_else(|| r.chance(COMPROMISED));
    if hit {
        let p = attacks::PATTERNS[r.pick(&PATTERN_WEIGHTS)];
        let day = start + r.int(2, days - 4);
        txns.extend(attacks::episode(&mut r, &person, p, day));
    } else if fraud.is_none() && familiar {
        let mut f = Rng::new(seed, card ^ FAMILIAR_STREAM);
        if f.chance(FAMILIAR) {
            let day = start + f.int(2, days - attacks::FAMILIAR_MAX_DAYS - 1);
            txns.extend(attacks::episode(&mut f, &person, "stolen_familiar", day));
        }
    }
    for t in &mut txns {
        t.ts += shift_hours * 3600;
    }
    txns.sort_by_key(|t| t.ts);
    (person, txns)
}

/// The engine input of a generated payment (tests replay generated lives through the engine).
#[cfg(test)]
pub fn to_fraud_txn(t: &Txn) -> FraudTxn {
    let (category, card_present, mcc) = match sparkov_category(t.category) {
        Some((c, p, m)) => (Some(c), Some(p), Some(m)),
        None => (None, None, None),
    };
    FraudTxn {
        ts: t.ts,
        amount_minor: t.cents,
        merchant: Some(t.merchant.clone()),
        category,
        mcc,
        card_present,
        lat_e6: Some((t.lat * 1e6).round() as i32),
        lon_e6: Some((t.lon * 1e6).round() as i32),
    }
}

/// The engine's profile (home) of a person.
#[cfg(test)]
pub fn profile(p: &Person) -> Profile {
    Profile {
        home_lat_e6: Some((p.home.0 * 1e6).round() as i32),
        home_lon_e6: Some((p.home.1 * 1e6).round() as i32),
    }
}

fn iso(ts: i64) -> String {
    let d = local_date(ts, 0);
    let s = ts.rem_euclid(DAY);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.year,
        d.month,
        d.day,
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Writes a world of `cards` cards as CSV, in time order (`familiar`: with `stolen_familiar`).
pub fn write_world(
    seed: u64,
    cards: u64,
    familiar: bool,
    out: &mut impl Write,
) -> std::io::Result<(u64, u64)> {
    let mut all: Vec<(i64, u64, Txn, (f64, f64))> = Vec::new();
    for c in 0..cards {
        let (p, txns) = card_year(seed, c, None, familiar, 0);
        all.extend(txns.into_iter().map(|t| (t.ts, c, t, p.home)));
    }
    all.sort_by_key(|(ts, c, _, _)| (*ts, *c));
    writeln!(out, "txn_id,card_id,ts,amount,category,merchant,merchant_lat,merchant_lon,home_lat,home_lon,is_fraud,fraud_pattern")?;
    let mut fraud = 0;
    for (i, (ts, c, t, home)) in all.iter().enumerate() {
        fraud += u64::from(t.pattern.is_some());
        writeln!(
            out,
            "g{seed:x}t{i:08x},g{seed:x}c{c:05x},{},{}.{:02},{},{},{:.6},{:.6},{:.4},{:.4},{},{}",
            iso(*ts),
            t.cents / 100,
            t.cents % 100,
            t.category,
            t.merchant,
            t.lat,
            t.lon,
            home.0,
            home.1,
            u8::from(t.pattern.is_some()),
            t.pattern.unwrap_or("")
        )?;
    }
    Ok((all.len() as u64, fraud))
}

const USAGE: &str = "usage: tacit gen-fraud-world --seed S --cards N --out FILE.csv [--no-familiar (the world before stolen_familiar)]";

/// `tacit gen-fraud-world`.
pub fn run(args: &[String]) -> i32 {
    let (mut seed, mut cards, mut out) = (None, None, None);
    let mut familiar = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--no-familiar" {
            familiar = false;
            continue;
        }
        match (a.as_str(), it.next()) {
            ("--seed", Some(v)) => seed = v.parse::<u64>().ok(),
            ("--cards", Some(v)) => cards = v.parse::<u64>().ok().filter(|&n| n > 0),
            ("--out", Some(v)) => out = Some(v.clone()),
            _ => {
                eprintln!("{USAGE}");
                return 2;
            }
        }
    }
    let (Some(seed), Some(cards), Some(out)) = (seed, cards, out) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let file = match std::fs::File::create(&out) {
        Ok(f) => f,
        Err(_) => {
            eprintln!("gen-fraud-world: could not create the output file");
            return 1;
        }
    };
    let mut w = std::io::BufWriter::new(file);
    match write_world(seed, cards, familiar, &mut w).and_then(|n| w.flush().map(|_| n)) {
        Ok((rows, fraud)) => {
            println!("rows={rows} fraud={fraud} cards={cards} seed={seed}");
            0
        }
        Err(_) => {
            eprintln!("gen-fraud-world: could not write the output file");
            1
        }
    }
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
