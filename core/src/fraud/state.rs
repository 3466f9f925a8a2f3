//! Per-card state: everything the engine remembers about one card, bounded in size.
//!
//! Fixed-size tables only: 32 spending buckets (per merchant category code, or per category
//! when no code is known, split by card-present / not present) with exponentially weighted
//! robust statistics of log-amounts, a histogram of the person's amounts (for robust
//! quantiles, started from a population prior), a 24-hour histogram, the person's usual
//! places, a ring of the last 32 transactions for velocity windows, the merchant table, the
//! open alert episode, travel notices and merchant snoozes. The serialised form is at most
//! [`MAX_STATE_BYTES`].

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
/// Bins of the per-card amount histogram, each [`AMOUNT_BIN`] wide in ln(1 + amount).
pub(crate) const AMOUNT_BINS: usize = 32;
/// Width of one amount bin in ln(1 + major units): a factor of about 1.42 (the last bin holds
/// everything above about $70,000).
pub(crate) const AMOUNT_BIN: f32 = 0.35;
/// Population prior of the amount histogram, as pseudo-counts (4 transactions in all): a
/// log-normal around $30 (sd 1.1 in ln). A new card's amounts are judged against it, and the
/// person's own amounts outweigh it after a handful of payments.
pub(crate) const AMOUNT_PRIOR: [f32; AMOUNT_BINS] = [
    0.0101, 0.0158, 0.0346, 0.0685, 0.1227, 0.1989, 0.2916, 0.3867, 0.4638, 0.5032, 0.4937, 0.4382,
    0.3518, 0.2554, 0.1677, 0.0996, 0.0535, 0.0260, 0.0114, 0.0045, 0.0016, 0.0005, 0.0002, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
];
/// Usual places kept per card.
pub(crate) const PLACES: usize = 16;
/// Payments within this distance of a place count as that place.
pub(crate) const PLACE_KM: f32 = 25.0;
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

/// A place the person pays at: a centre and how often. `count == 0` = empty. Its `Debug`
/// output shows only the count (a location is personal data).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub lat_e6: i32,
    pub lon_e6: i32,
    pub count: u16,
    pub last_min: i32,
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Place")
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// Approximate distance in km between micro-degree points (equirectangular: cheap, and
/// accurate enough at the scales that matter here, a few to a few thousand km).
pub(crate) fn approx_km(a: (i32, i32), b: (i32, i32)) -> f32 {
    let lat = (a.0 as f32 + b.0 as f32) * 0.5e-6;
    let dy = (a.0 as f32 - b.0 as f32) * 1e-6;
    let mut dlon = (a.1 as f32 - b.1 as f32) * 1e-6;
    if dlon > 180.0 {
        dlon -= 360.0;
    } else if dlon < -180.0 {
        dlon += 360.0;
    }
    let dx = dlon * lat.to_radians().cos();
    111.2 * (dx * dx + dy * dy).sqrt()
}

/// Recent-transaction flags. `R_ODD`: at an hour unusual for this person.
pub(crate) const R_ODD: u8 = 1;
pub(crate) const R_BIG: u8 = 2;
pub(crate) const R_RARE: u8 = 4;
pub(crate) const R_TINY: u8 = 8;
pub(crate) const R_CNP: u8 = 16;
/// At a merchant the card had never paid.
pub(crate) const R_NEW: u8 = 32;
/// Big for its own kind of spending: robust z against its spending bucket above 2 (card
/// state v6; earlier states read it as clear).
pub(crate) const R_BIG_KIND: u8 = 64;
/// Flags a v5 or older state may hold.
pub(crate) const R_MASK_V5: u8 = 63;
pub(crate) const R_MASK: u8 = 127;

/// One recent transaction, for velocity windows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Recent {
    pub ts: i64,
    pub amount: i64,
    pub merchant: u32,
    pub z: f32,
    pub flags: u8,
    /// The model's first-pass log-odds of it, one byte (`features::encode_logit`; episode
    /// context).
    pub first: u8,
    /// The score the engine gave it, as log-odds in one byte (`features::encode_logit`; 0
    /// when it was observed without being judged): two suspicious payments in 48 hours open
    /// an episode (`FraudModel::t_pair`).
    pub score: u8,
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
    /// Histogram of ln(1 + amount), halved before saturating.
    pub(crate) amounts: [u16; AMOUNT_BINS],
    /// Where the person pays in person.
    pub(crate) places: [Place; PLACES],
    /// Card-not-present payments seen (saturating).
    pub(crate) cnp: u32,
    /// Payments at a merchant never paid before (saturating).
    pub(crate) novel: u32,
    /// Statistics of ln(1 + km from home) of located payments.
    pub(crate) home_dist: Bucket,
    /// Transactions the model alerted during the learning period (see `engine::LEARNING`).
    pub(crate) learning_alerts: u8,
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
            amounts: [0; AMOUNT_BINS],
            places: [Place::default(); PLACES],
            cnp: 0,
            novel: 0,
            home_dist: Bucket::default(),
            learning_alerts: 0,
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
        if ctx.odd_hour {
            flags |= R_ODD;
        }
        if ctx.merchant != 0 && ctx.merchant_count == 0 {
            flags |= R_NEW;
            self.novel = self.novel.saturating_add(1);
        }
        if ctx.z_card > 2.0 {
            flags |= R_BIG;
        }
        if ctx.z_bucket > 2.0 {
            flags |= R_BIG_KIND;
        }
        if ctx.bucket_share < 0.05 {
            flags |= R_RARE;
        }
        if (0..=200).contains(&t.amount_minor) {
            flags |= R_TINY;
        }
        if t.card_present == Some(false) {
            flags |= R_CNP;
            self.cnp = self.cnp.saturating_add(1);
        }
        self.count_amount(ctx.log_amt);
        if let Some(d) = ctx.dist_home_km {
            self.home_dist.observe((d as f32).ln_1p(), minute);
        }
        self.push_recent(Recent {
            ts: t.ts,
            amount: t.amount_minor,
            merchant: ctx.merchant,
            z: ctx.z_card,
            flags,
            first: ctx.first,
            score: ctx.score,
        });
        if ctx.merchant != 0 {
            super::rules::observe_merchant(self, ctx.merchant, t.ts, t.amount_minor);
        }
        if t.card_present != Some(false) {
            if let (Some(lat), Some(lon)) = (t.lat_e6, t.lon_e6) {
                if super::geo::valid(lat, lon) {
                    if t.ts >= self.last_cp.0 {
                        self.last_cp = (t.ts, lat, lon);
                    }
                    self.visit(lat, lon, minute);
                }
            }
        }
    }

    /// Adds one payment to the amount histogram, halving all counts before they saturate.
    pub(crate) fn count_amount(&mut self, log_amt: f32) {
        if self.amounts.iter().any(|&c| c >= 60_000) {
            for c in &mut self.amounts {
                *c /= 2;
            }
        }
        let bin = ((log_amt / AMOUNT_BIN) as usize).min(AMOUNT_BINS - 1);
        if let Some(c) = self.amounts.get_mut(bin) {
            *c += 1;
        }
    }

    /// Counts a card-present payment at a place: the nearest place within [`PLACE_KM`], or a
    /// new one replacing the least used, least recent place.
    fn visit(&mut self, lat: i32, lon: i32, minute: i32) {
        let near = self
            .places
            .iter()
            .position(|p| p.count > 0 && approx_km((p.lat_e6, p.lon_e6), (lat, lon)) <= PLACE_KM);
        let i = near.unwrap_or_else(|| {
            self.places
                .iter()
                .enumerate()
                .min_by_key(|(_, p)| (p.count > 1, p.count > 0, p.last_min))
                .map_or(0, |(i, _)| i)
        });
        if let Some(p) = self.places.get_mut(i) {
            if near.is_none() {
                *p = Place {
                    lat_e6: lat,
                    lon_e6: lon,
                    count: 0,
                    last_min: minute,
                };
            }
            p.count = p.count.saturating_add(1);
            p.last_min = p.last_min.max(minute);
        }
    }
}
