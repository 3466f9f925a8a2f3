//! Signal features of one transaction against its card's past, computed before the card state
//! is updated (so a score never depends on the transaction itself or anything later).
//!
//! The same function feeds offline training (`tacit train-fraud`) and on-device scoring, so
//! the model sees identical features in both.

use super::merchants::merchant_hash;
use super::state::{bucket_key, log_amount, CardState, R_BIG, R_NIGHT, R_RARE};
use super::{geo, FraudTxn, Profile};
use crate::time::DAY;

/// Number of model features.
pub const FEATURE_COUNT: usize = 23;

/// Feature names, in order (for training reports and docs).
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "log_amount",
    "hour",
    "category_prior",
    "bucket_share",
    "bucket_count",
    "z_bucket",
    "z_card",
    "over_bucket_max",
    "hour_share",
    "card_txns",
    "merchant_count",
    "gap",
    "count_1h",
    "count_24h",
    "rate_ratio_24h",
    "spend_ratio_24h",
    "night_48h",
    "max_z_48h",
    "big_48h",
    "rare_48h",
    "dist_home",
    "card_not_present",
    "days_active",
];

/// Index of the category prior in the feature vector (filled from the model's table).
pub const PRIOR_FEATURE: usize = 2;

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
    pub hour_share: f32,
    pub count_1h: u32,
    pub features: [f32; FEATURE_COUNT],
}

/// Index of a transaction's (category, card-not-present) cell in the model's prior table of 32.
pub fn category_index(t: &FraudTxn) -> usize {
    let c = t.category.map_or(15, |c| usize::from(c.code()).min(15));
    c * 2 + usize::from(t.card_present == Some(false))
}

/// Computes the context of `t` against `s` (which does not yet include `t`).
pub(crate) fn context(s: &CardState, t: &FraudTxn, p: &Profile, prior: &[f32; 32]) -> Context {
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
    let hs = |h: i64| f32::from(*s.hours.get(h.rem_euclid(24) as usize).unwrap_or(&0));
    let hour_total: f32 = s.hours.iter().map(|&c| f32::from(c)).sum();
    let h = i64::from(hour);
    let hour_share = if hour_total > 0.0 {
        (hs(h - 1) + hs(h) + hs(h + 1)) / (3.0 * hour_total)
    } else {
        1.0 / 24.0
    };
    let merchant = t.merchant.as_deref().map_or(0, merchant_hash);
    let m = if merchant == 0 {
        None
    } else {
        s.merchants.get(merchant)
    };
    let merchant_count = m.map_or(0, |e| e.count);
    let merchant_flags = m.map_or(0, |e| e.flags);
    let gap = if s.n == 0 {
        -1.0
    } else {
        (t.ts.saturating_sub(s.last_ts).max(0) as f32).ln_1p()
    };

    let (mut c1, mut c24, mut sum24, mut night48, mut big48, mut rare48) =
        (0u32, 0u32, 0i64, 0, 0, 0);
    let mut maxz48 = 0f32;
    for r in s.recent_iter() {
        let age = t.ts.saturating_sub(r.ts);
        if age > 2 * DAY {
            // Newest first: in time order everything further back is older still.
            break;
        }
        if age < 0 {
            continue;
        }
        if age <= 3600 {
            c1 += 1;
        }
        if age <= DAY {
            c24 += 1;
            sum24 = sum24.saturating_add(r.amount.max(0));
        }
        night48 += u32::from(r.flags & R_NIGHT != 0);
        big48 += u32::from(r.flags & R_BIG != 0);
        rare48 += u32::from(r.flags & R_RARE != 0);
        maxz48 = maxz48.max(r.z);
    }
    let days = ((s.last_ts.saturating_sub(s.first_ts)).max(0) as f32 / DAY as f32).max(1.0);
    let daily_rate = n / days;
    let daily_spend = s.spend as f32 / 100.0 / days;
    let amount_major = t.amount_minor.max(0) as f32 / 100.0;
    let spend_ratio = if s.n == 0 {
        0.0
    } else {
        (sum24 as f32 / 100.0 + amount_major).ln_1p() - daily_spend.ln_1p()
    };
    let dist_home_km = match (t.lat_e6, t.lon_e6, p.home_lat_e6, p.home_lon_e6) {
        (Some(a), Some(b), Some(c), Some(d)) => geo::distance_km((a, b), (c, d)),
        _ => None,
    };
    let cat_index = category_index(t);
    let features = [
        log_amt,
        f32::from(hour),
        prior.get(cat_index).copied().unwrap_or(0.0),
        bucket_share,
        bucket_n.ln_1p(),
        z_bucket,
        z_card,
        over_max,
        hour_share,
        n.ln_1p(),
        f32::from(merchant_count).ln_1p(),
        gap,
        c1 as f32,
        c24 as f32,
        c24 as f32 / daily_rate.max(0.2),
        spend_ratio,
        night48 as f32,
        maxz48,
        big48 as f32,
        rare48 as f32,
        dist_home_km.map_or(-1.0, |d| d.ln_1p() as f32),
        if t.card_present == Some(false) {
            1.0
        } else {
            0.0
        },
        days.ln_1p(),
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
        hour_share,
        count_1h: c1,
        features,
    }
}
