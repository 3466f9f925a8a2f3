//! Signal features of one transaction against its card's past, computed before the card state
//! is updated (so a score never depends on the transaction itself or anything later).
//!
//! Every feature is relative to the person: the amount against their own robust quantiles
//! (overall, from a histogram started at a population prior) and their own per-category
//! statistics, the hour against their own hours, distance against their usual places and
//! their usual distance from home, velocity against their own rate, card-not-present against
//! their habit, merchant novelty against how often they try new merchants. No feature reads
//! the clock hour, the raw amount or a category's base rate: those are fingerprints of one
//! generator, not of a person (issue #19: a model that learned "fraud happens 22:00–04:00"
//! was at chance on another simulator).
//!
//! The last four features are **episode context**: how suspicious the person's payments of the
//! last 48 hours looked to the model's first pass (scores kept in the recent ring). A thief's
//! payments come in bursts; once one looked wrong, the next ones are judged with that
//! context, whether or not an alert was raised (so training needs no replay of the alert
//! policy). They read only the card's past.
//!
//! The same function feeds offline training (`tacit train-fraud`) and on-device scoring, so
//! the model sees identical features in both.

use super::merchants::merchant_hash;
use super::state::{
    approx_km, bucket_key, log_amount, CardState, AMOUNT_BIN, AMOUNT_BINS, AMOUNT_PRIOR, R_BIG,
    R_BIG_KIND, R_NEW, R_ODD, R_RARE,
};
use super::{geo, FraudTxn, Profile};
use crate::time::DAY;

/// Number of model features.
pub const FEATURE_COUNT: usize = 31;
/// Features of model v4 and v5 files (all but the last).
pub(crate) const FEATURE_COUNT_V5: usize = 30;
/// Payments of the count window of `big_kind_last8`.
const LAST_PAYMENTS: usize = 8;
/// Features of the transaction itself and the person's habits, which the first pass reads
/// (the rest are episode context built from first-pass scores).
pub const BASE_FEATURES: usize = 25;

/// Feature names, in order (for training reports and docs).
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "amount_cdf",
    "amount_vs_median",
    "amount_vs_p90",
    "z_bucket",
    "z_card",
    "over_bucket_max",
    "bucket_share",
    "bucket_count",
    "hour_share",
    "card_txns",
    "merchant_count",
    "novelty_rate",
    "gap_vs_rate",
    "count_1h",
    "rate_ratio_24h",
    "spend_ratio_24h",
    "odd_hour_48h",
    "max_z_48h",
    "big_48h",
    "rare_48h",
    "new_merchants_48h",
    "dist_usual_place",
    "dist_home_z",
    "card_not_present",
    "cnp_share",
    "prior_max_48h",
    "prior_evidence_48h",
    "prior_last",
    "prior_max_age",
    "prior_suspicious_48h",
    "big_kind_last8",
];

/// Features that can only grow with the amount (all else equal). The trainer constrains the
/// model to be non-decreasing in them, so a larger amount relative to the person's history
/// never lowers the score.
pub const MONOTONE: [bool; FEATURE_COUNT] = {
    let mut m = [false; FEATURE_COUNT];
    m[0] = true;
    m[1] = true;
    m[2] = true;
    m[3] = true;
    m[4] = true;
    m[5] = true;
    m[15] = true;
    m
};

/// Index of `rate_ratio_24h` (used by the explanations).
pub(crate) const F_RATE_RATIO: usize = 14;
/// Index of `card_not_present` (used by the explanations).
pub(crate) const F_CNP: usize = 23;
/// Index of `big_kind_last8` (used by the spree rule).
pub(crate) const F_BIG_KIND_LAST: usize = 30;

/// Pseudo-count weight of the uniform prior on the hour histogram.
const HOUR_PRIOR: f32 = 4.0;
/// Share of the person's payments around an hour below which the hour is "odd" for them.
pub(crate) const ODD_HOUR_SHARE: f32 = 0.03;

/// Everything derived from a transaction and the card's past, shared by the model features,
/// the rules and the state update.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub log_amt: f32,
    pub hour: u8,
    pub bucket_key: u16,
    pub bucket_share: f32,
    pub z_bucket: f32,
    pub z_card: f32,
    /// Merchant hash, 0 when unknown.
    pub merchant: u32,
    pub merchant_count: u16,
    pub merchant_flags: u8,
    pub dist_home_km: Option<f64>,
    /// km to the nearest place the person paid at at least twice, when known.
    pub dist_usual_km: Option<f32>,
    pub hour_share: f32,
    /// The hour is unusual for this person (enough history, small share).
    pub odd_hour: bool,
    pub count_1h: u32,
    /// First-pass log-odds of this transaction, as [`encode_logit`] (kept in the recent
    /// ring); set by the engine, 0 without a first pass.
    pub first: u8,
    /// The engine's score of this transaction, as [`encode_logit`] (kept in the recent ring);
    /// set by the engine when it judges the transaction, 0 otherwise.
    pub score: u8,
    pub features: [f32; FEATURE_COUNT],
}

/// The person's amount distribution (histogram plus population prior): CDF at `x` and the
/// median and 90th percentile, all in ln(1 + amount).
fn amount_quantiles(s: &CardState, x: f32) -> (f32, f32, f32) {
    let total: f32 = s.amounts.iter().map(|&c| f32::from(c)).sum::<f32>() + 4.0;
    let xb = x / AMOUNT_BIN;
    let (mut cum, mut cdf, mut q50, mut q90) = (0f32, None, None, None);
    for (i, (&c, &p)) in s.amounts.iter().zip(AMOUNT_PRIOR.iter()).enumerate() {
        let w = (f32::from(c) + p) / total;
        let lo = i as f32;
        if cdf.is_none() && xb < lo + 1.0 {
            cdf = Some(cum + w * (xb - lo).clamp(0.0, 1.0));
        }
        for (q, target) in [(&mut q50, 0.5f32), (&mut q90, 0.9)] {
            if q.is_none() && cum + w >= target && w > 0.0 {
                *q = Some((lo + (target - cum) / w) * AMOUNT_BIN);
            }
        }
        cum += w;
    }
    let top = AMOUNT_BINS as f32 * AMOUNT_BIN;
    (cdf.unwrap_or(1.0), q50.unwrap_or(top), q90.unwrap_or(top))
}

/// Share of the person's payments within an hour of `hour` (three hours of the histogram),
/// with a uniform prior of [`HOUR_PRIOR`] payments so a new card has no "odd" hours.
fn hour_share(s: &CardState, hour: u8) -> f32 {
    let hs = |h: i64| f32::from(*s.hours.get(h.rem_euclid(24) as usize).unwrap_or(&0));
    let total: f32 = s.hours.iter().map(|&c| f32::from(c)).sum();
    let h = i64::from(hour);
    (hs(h - 1) + hs(h) + hs(h + 1) + HOUR_PRIOR / 8.0) / (3.0 * (total + HOUR_PRIOR))
}

/// Velocity and recent-pattern counts over the ring (newest first).
#[derive(Default)]
struct Recent {
    c1: u32,
    c24: u32,
    sum24: i64,
    odd48: u32,
    big48: u32,
    rare48: u32,
    new48: u32,
    maxz48: f32,
    /// First-pass log-odds of the last 48 h: maximum, evidence (the sum of their excess over
    /// [`EVIDENCE_FROM`]), the latest one, hours since the maximum (48 when none), and how
    /// many were above [`SUSPICIOUS_FROM`].
    pmax: f32,
    pevidence: f32,
    plast: f32,
    pmax_age: f32,
    psusp: u32,
}

/// First-pass log-odds from which a past payment adds evidence (a probability of 1%).
const EVIDENCE_FROM: f32 = -4.6;
/// First-pass log-odds from which a past payment counts as suspicious (5%).
const SUSPICIOUS_FROM: f32 = -2.9;

/// First-pass log-odds in the recent ring: one byte, 1/16 steps over [-8, 8); 0 (= -8) when
/// unknown.
pub(crate) fn encode_logit(logit: f32) -> u8 {
    ((logit.clamp(-8.0, 7.9375) + 8.0) * 16.0)
        .round()
        .clamp(0.0, 255.0) as u8
}

/// The log-odds of a ring byte (see [`encode_logit`]).
pub(crate) fn decode_logit(code: u8) -> f32 {
    f32::from(code) / 16.0 - 8.0
}

fn recent(s: &CardState, ts: i64) -> Recent {
    let mut v = Recent {
        pmax: -8.0,
        plast: -8.0,
        pmax_age: 48.0,
        ..Recent::default()
    };
    let mut latest = true;
    for r in s.recent_iter() {
        let age = ts.saturating_sub(r.ts);
        if age > 2 * DAY {
            // Newest first: in time order everything further back is older still.
            break;
        }
        if age < 0 {
            continue;
        }
        if age <= 3600 {
            v.c1 += 1;
        }
        if age <= DAY {
            v.c24 += 1;
            v.sum24 = v.sum24.saturating_add(r.amount.max(0));
        }
        v.odd48 += u32::from(r.flags & R_ODD != 0);
        v.big48 += u32::from(r.flags & R_BIG != 0);
        v.rare48 += u32::from(r.flags & R_RARE != 0);
        v.new48 += u32::from(r.flags & R_NEW != 0);
        v.maxz48 = v.maxz48.max(r.z);
        let p = decode_logit(r.first);
        if latest {
            v.plast = p;
            latest = false;
        }
        v.pevidence += (p - EVIDENCE_FROM).max(0.0);
        v.psusp += u32::from(p > SUSPICIOUS_FROM);
        if p > v.pmax {
            v.pmax = p;
            v.pmax_age = age as f32 / 3600.0;
        }
    }
    v
}

/// Payments big for their own kind of spending among the card's last [`LAST_PAYMENTS`]
/// payments (at or before `ts`).
fn big_kind_last(s: &CardState, ts: i64) -> usize {
    s.recent_iter()
        .filter(|r| r.ts <= ts)
        .take(LAST_PAYMENTS)
        .filter(|r| r.flags & R_BIG_KIND != 0)
        .count()
}

/// km from a point to the nearest place the person paid at at least twice.
fn dist_usual(s: &CardState, t: &FraudTxn) -> Option<f32> {
    let (lat, lon) = (t.lat_e6?, t.lon_e6?);
    if !geo::valid(lat, lon) {
        return None;
    }
    s.places
        .iter()
        .filter(|p| p.count >= 2)
        .map(|p| approx_km((p.lat_e6, p.lon_e6), (lat, lon)))
        .reduce(f32::min)
}

/// Computes the context of `t` against `s` (which does not yet include `t`).
pub(crate) fn context(s: &CardState, t: &FraudTxn, p: &Profile) -> Context {
    let log_amt = log_amount(t.amount_minor);
    let hour = (t.ts.rem_euclid(DAY) / 3600) as u8;
    let key = bucket_key(t);
    let n = s.n as f32;
    let bucket = s.bucket_index(key).and_then(|i| s.buckets.get(i));
    let bucket_n = bucket.map_or(0, |b| b.count) as f32;
    let bucket_share = if s.n == 0 { 0.0 } else { bucket_n / n };
    let z_card = if s.n == 0 { 0.0 } else { s.card.z(log_amt) };
    let z_bucket = bucket.map_or(z_card, |b| b.z(log_amt));
    let over_max = match bucket {
        Some(b) => log_amt - b.max,
        None if s.n > 0 => log_amt - s.card.max,
        None => 0.0,
    };
    let (cdf, q50, q90) = amount_quantiles(s, log_amt);
    let hour_share = hour_share(s, hour);
    let merchant = t.merchant.as_deref().map_or(0, merchant_hash);
    let m = if merchant == 0 {
        None
    } else {
        s.merchants.get(merchant)
    };
    let merchant_count = m.map_or(0, |e| e.count);
    let merchant_flags = m.map_or(0, |e| e.flags);
    let days = ((s.last_ts.saturating_sub(s.first_ts)).max(0) as f32 / DAY as f32).max(1.0);
    let daily_rate = n / days;
    let gap = if s.n == 0 {
        -1.0
    } else {
        let g = t.ts.saturating_sub(s.last_ts).max(0) as f32 / DAY as f32;
        (g * daily_rate).ln_1p()
    };
    let v = recent(s, t.ts);
    let daily_spend = s.spend as f32 / 100.0 / days;
    let amount_major = t.amount_minor.max(0) as f32 / 100.0;
    let spend_ratio = if s.n == 0 {
        0.0
    } else {
        (v.sum24 as f32 / 100.0 + amount_major).ln_1p() - daily_spend.ln_1p()
    };
    let dist_home_km = match (t.lat_e6, t.lon_e6, p.home_lat_e6, p.home_lon_e6) {
        (Some(a), Some(b), Some(c), Some(d)) => geo::distance_km((a, b), (c, d)),
        _ => None,
    };
    let dist_home_z = match dist_home_km {
        Some(d) if s.home_dist.count > 0 => s.home_dist.z((d as f32).ln_1p()),
        _ => 0.0,
    };
    let dist_usual_km = dist_usual(s, t);
    let cnp = t.card_present == Some(false);
    let features = [
        cdf,
        log_amt - q50,
        log_amt - q90,
        z_bucket,
        z_card,
        over_max,
        bucket_share,
        bucket_n.ln_1p(),
        hour_share,
        n.ln_1p(),
        f32::from(merchant_count).ln_1p(),
        (s.novel as f32 + 1.0) / (n + 2.0),
        gap,
        v.c1 as f32,
        v.c24 as f32 / daily_rate.max(0.2),
        spend_ratio,
        v.odd48 as f32,
        v.maxz48,
        v.big48 as f32,
        v.rare48 as f32,
        v.new48 as f32,
        dist_usual_km.map_or(-1.0, f32::ln_1p),
        dist_home_z,
        if cnp { 1.0 } else { 0.0 },
        (s.cnp as f32 + 1.0) / (n + 2.0),
        v.pmax,
        v.pevidence,
        v.plast,
        v.pmax_age,
        v.psusp as f32,
        big_kind_last(s, t.ts) as f32,
    ];
    Context {
        log_amt,
        hour,
        bucket_key: key,
        bucket_share,
        z_bucket,
        z_card,
        merchant,
        merchant_count,
        merchant_flags,
        dist_home_km,
        dist_usual_km,
        hour_share,
        odd_hour: s.n >= 10 && hour_share < ODD_HOUR_SHARE,
        count_1h: v.c1,
        first: 0,
        score: 0,
        features,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_card_is_judged_against_the_population_prior() {
        let s = CardState::new();
        let (cdf_small, q50, q90) = amount_quantiles(&s, log_amount(1_000));
        assert!(cdf_small < 0.3, "{cdf_small}");
        assert!((q50 - 31f32.ln()).abs() < 0.2, "{q50}");
        assert!(q90 > q50);
        let (cdf_big, _, _) = amount_quantiles(&s, log_amount(300_000));
        assert!(cdf_big > 0.99, "{cdf_big}");
        assert!((hour_share(&s, 3) - 1.0 / 24.0).abs() < 1e-6);
    }

    #[test]
    fn quantiles_follow_the_persons_own_amounts() {
        let mut s = CardState::new();
        for _ in 0..200 {
            s.count_amount(log_amount(50_000));
        }
        let (cdf, q50, _) = amount_quantiles(&s, log_amount(40_00));
        assert!(cdf < 0.05, "{cdf}");
        assert!((q50 - log_amount(50_000)).abs() < AMOUNT_BIN, "{q50}");
    }
}
