//! Per-card state: everything the engine remembers about one card, bounded in size.
//!
//! Fixed-size tables only: 32 spending buckets (per merchant category code, or per category
//! when no code is known, split by card-present / not present) with exponentially weighted
//! robust statistics of log-amounts, a 24-hour histogram, a ring of the last 32 transactions
//! for velocity windows, the merchant table, the open alert episode, travel notices and
//! merchant snoozes. The serialised form is at most [`MAX_STATE_BYTES`].

use super::merchants::{to_minutes, MerchantTable};
use super::FraudTxn;
use crate::model::Category;

/// Upper bound of a serialised [`CardState`], whatever the history length.
pub const MAX_STATE_BYTES: usize = 16 * 1024;
/// Spending buckets per card.
pub(crate) const BUCKETS: usize = 32;
/// Transactions kept for velocity windows.
pub(crate) const RECENT: usize = 32;
/// Transaction references kept per alert episode.
pub(crate) const EPISODE_REFS: usize = 16;
/// Travel notices per card.
pub(crate) const NOTICES: usize = 4;
/// Merchant snoozes per card.
pub(crate) const SNOOZES: usize = 8;
/// Starting absolute deviation of log-amounts for a new bucket (a factor of about 1.8).
pub(crate) const PRIOR_DEV: f32 = 0.6;

/// Robust running statistics of log-amounts in one spending bucket. `key == 0` = empty.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Bucket {
    pub key: u16,
    pub count: u32,
    /// Exponentially weighted mean of ln(1 + amount in major units).
    pub mean: f32,
    /// Exponentially weighted absolute deviation around the mean.
    pub dev: f32,
    /// Largest log-amount seen.
    pub max: f32,
    pub last_min: i32,
}

impl Bucket {
    /// Folds one log-amount into the statistics.
    pub fn observe(&mut self, x: f32, minute: i32) {
        self.count = self.count.saturating_add(1);
        if self.count == 1 {
            self.mean = x;
            self.dev = PRIOR_DEV;
            self.max = x;
        } else {
            let a = (1.0 / self.count as f32).max(0.05);
            let d = (x - self.mean).abs();
            self.mean += a * (x - self.mean);
            self.dev += a * (d - self.dev);
            self.max = self.max.max(x);
        }
        self.last_min = self.last_min.max(minute);
    }

    /// Robust z-score of a log-amount against this bucket.
    pub fn z(&self, x: f32) -> f32 {
        (x - self.mean) / (self.dev + 0.15)
    }
}

/// Recent-transaction flags.
pub(crate) const R_NIGHT: u8 = 1;
pub(crate) const R_BIG: u8 = 2;
pub(crate) const R_RARE: u8 = 4;
pub(crate) const R_TINY: u8 = 8;
pub(crate) const R_CNP: u8 = 16;
pub(crate) const R_MASK: u8 = 31;

/// One recent transaction, for velocity windows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Recent {
    pub ts: i64,
    pub amount: i64,
    pub merchant: u32,
    pub z: f32,
    pub flags: u8,
}

/// An alert episode: consecutive suspicious activity on the card.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Episode {
    pub id: u32,
    /// 0 open, 1 confirmed legit, 2 confirmed fraud.
    pub status: u8,
    pub start_ts: i64,
    pub last_ts: i64,
    pub reasons: u16,
    pub max_score: f32,
    pub n_refs: u16,
    pub refs: [u64; EPISODE_REFS],
    /// Merchants of the episode's transactions (hashes), for feedback.
    pub merchants: [u32; EPISODE_REFS],
    /// Bucket keys of the episode's transactions, for feedback.
    pub buckets: [u16; EPISODE_REFS],
}

/// A travel notice: far-from-home payments are expected within `radius_km` of a point
/// between two instants.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Notice {
    pub lat_e6: i32,
    pub lon_e6: i32,
    pub radius_km: u32,
    pub start_ts: i64,
    pub end_ts: i64,
}

/// A merchant snoozed until an instant. `hash == 0` = empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Snooze {
    pub hash: u32,
    pub until_ts: i64,
}

/// Everything the engine remembers about one card. Bounded: see [`MAX_STATE_BYTES`].
/// Its `Debug` output shows only counts.
#[derive(Clone, PartialEq)]
pub struct CardState {
    pub(crate) n: u32,
    pub(crate) first_ts: i64,
    pub(crate) last_ts: i64,
    /// Total spend in minor units, saturating.
    pub(crate) spend: i64,
    pub(crate) card: Bucket,
    pub(crate) hours: [u16; 24],
    pub(crate) buckets: [Bucket; BUCKETS],
    pub(crate) recent: [Recent; RECENT],
    /// Next write position in `recent`.
    pub(crate) head: u8,
    pub(crate) recent_len: u8,
    pub(crate) merchants: MerchantTable,
    /// Last card-present location: (ts, lat, lon); ts == i64::MIN when none.
    pub(crate) last_cp: (i64, i32, i32),
    pub(crate) episode: Option<Episode>,
    pub(crate) next_episode: u32,
    /// Until when the card counts as compromised (after a confirmed fraud).
    pub(crate) compromised_until: i64,
    pub(crate) notices: [Option<Notice>; NOTICES],
    pub(crate) snoozes: [Snooze; SNOOZES],
}

impl std::fmt::Debug for CardState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardState")
            .field("transactions", &self.n)
            .finish_non_exhaustive()
    }
}

impl Default for CardState {
    fn default() -> Self {
        CardState::new()
    }
}

/// Whether an hour of the day counts as night for velocity flags.
pub(crate) fn is_night(hour: u8) -> bool {
    !(4..22).contains(&hour)
}

/// The spending-bucket key of a transaction: MCC when known, else category; the top bit marks
/// card-not-present. Never 0.
pub(crate) fn bucket_key(t: &FraudTxn) -> u16 {
    let base = match (t.mcc, t.category) {
        (Some(m), _) if m < 10_000 => m,
        (_, Some(c)) => 10_000 + u16::from(c.code()),
        _ => 10_000 + Category::ALL.len() as u16,
    };
    let cnp = if t.card_present == Some(false) {
        0x4000
    } else {
        0
    };
    (base + 1) | cnp
}

/// ln(1 + amount in major units), assuming two decimals; 0 for non-positive amounts.
pub(crate) fn log_amount(amount_minor: i64) -> f32 {
    if amount_minor <= 0 {
        0.0
    } else {
        (amount_minor as f64 / 100.0).ln_1p() as f32
    }
}

impl CardState {
    /// A card with no history.
    pub fn new() -> CardState {
        CardState {
            n: 0,
            first_ts: 0,
            last_ts: 0,
            spend: 0,
            card: Bucket::default(),
            hours: [0; 24],
            buckets: [Bucket::default(); BUCKETS],
            recent: [Recent::default(); RECENT],
            head: 0,
            recent_len: 0,
            merchants: MerchantTable::default(),
            last_cp: (i64::MIN, 0, 0),
            episode: None,
            next_episode: 1,
            compromised_until: i64::MIN,
            notices: [None; NOTICES],
            snoozes: [Snooze::default(); SNOOZES],
        }
    }

    /// Number of spending transactions seen (saturating).
    pub fn transactions_seen(&self) -> u32 {
        self.n
    }

    /// Index of the bucket for `key`, if present.
    pub(crate) fn bucket_index(&self, key: u16) -> Option<usize> {
        self.buckets.iter().position(|b| b.key == key)
    }

    /// Index of the bucket for `key`, inserting it (evicting the least recently used).
    pub(crate) fn bucket_slot(&mut self, key: u16) -> usize {
        if let Some(i) = self.bucket_index(key) {
            return i;
        }
        let i = self
            .buckets
            .iter()
            .enumerate()
            .min_by_key(|(_, b)| {
                if b.key == 0 {
                    i64::MIN
                } else {
                    i64::from(b.last_min)
                }
            })
            .map_or(0, |(i, _)| i);
        if let Some(b) = self.buckets.get_mut(i) {
            *b = Bucket {
                key,
                ..Bucket::default()
            };
        }
        i
    }

    /// Recent transactions, newest first.
    pub(crate) fn recent_iter(&self) -> impl Iterator<Item = &Recent> {
        let len = usize::from(self.recent_len).min(RECENT);
        let head = usize::from(self.head) % RECENT;
        (1..=len).filter_map(move |k| self.recent.get((head + RECENT - k) % RECENT))
    }

    /// Appends a recent transaction.
    pub(crate) fn push_recent(&mut self, r: Recent) {
        let head = usize::from(self.head) % RECENT;
        if let Some(slot) = self.recent.get_mut(head) {
            *slot = r;
        }
        self.head = ((head + 1) % RECENT) as u8;
        self.recent_len = (usize::from(self.recent_len) + 1).min(RECENT) as u8;
    }

    /// Adds one to an hour of the histogram, halving all counts before they saturate.
    pub(crate) fn count_hour(&mut self, hour: u8) {
        if self.hours.iter().any(|&c| c >= 60_000) {
            for c in &mut self.hours {
                *c /= 2;
            }
        }
        if let Some(c) = self.hours.get_mut(usize::from(hour) % 24) {
            *c += 1;
        }
    }

    /// Folds a spending transaction into the history (after it was scored).
    pub(crate) fn observe(&mut self, t: &FraudTxn, ctx: &super::features::Context) {
        let minute = to_minutes(t.ts);
        if self.n == 0 {
            self.first_ts = t.ts;
            self.last_ts = t.ts;
        }
        self.n = self.n.saturating_add(1);
        self.first_ts = self.first_ts.min(t.ts);
        self.last_ts = self.last_ts.max(t.ts);
        self.spend = self.spend.saturating_add(t.amount_minor.max(0));
        self.card.observe(ctx.log_amt, minute);
        self.count_hour(ctx.hour);
        let bi = self.bucket_slot(ctx.bucket_key);
        if let Some(b) = self.buckets.get_mut(bi) {
            b.observe(ctx.log_amt, minute);
        }
        let mut flags = 0;
        if is_night(ctx.hour) {
            flags |= R_NIGHT;
        }
        if ctx.z_card > 2.0 {
            flags |= R_BIG;
        }
        if ctx.bucket_share < 0.05 {
            flags |= R_RARE;
        }
        if (0..=200).contains(&t.amount_minor) {
            flags |= R_TINY;
        }
        if t.card_present == Some(false) {
            flags |= R_CNP;
        }
        self.push_recent(Recent {
            ts: t.ts,
            amount: t.amount_minor,
            merchant: ctx.merchant,
            z: ctx.z_card,
            flags,
        });
        if ctx.merchant != 0 {
            super::rules::observe_merchant(self, ctx.merchant, t.ts, t.amount_minor);
        }
        if t.card_present != Some(false) {
            if let (Some(lat), Some(lon)) = (t.lat_e6, t.lon_e6) {
                if super::geo::valid(lat, lon) && t.ts >= self.last_cp.0 {
                    self.last_cp = (t.ts, lat, lon);
                }
            }
        }
    }
}
