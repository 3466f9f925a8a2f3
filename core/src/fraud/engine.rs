//! Scoring, alert episodes and feedback: the part of the fraud engine the app calls.
//!
//! One suspicious episode produces one [`Alert`]: while an episode is open (its last
//! suspicious transaction less than [`JOIN_WINDOW`] ago), further suspicious transactions join
//! it at a lower threshold instead of opening new alerts. The user's answer feeds back into the
//! card state: "that was me" trusts the merchants and widens the amount baseline; "not me"
//! marks the episode fraud and keeps the card on alert for a while.

use std::sync::Arc;

use super::features::{context, decode_logit, encode_logit, Context};
use super::merchants::{merchant_hash, FLAG_TRUSTED};
use super::model::{sigmoid, Compiled, FraudModel};
use super::reason::{Reason, ReasonSet};
use super::rules::{self, RuleHits};
use super::spree;
use super::state::{CardState, Episode, Notice, EPISODE_REFS, PRIOR_DEV};
use super::{geo, FraudError, FraudTxn, Profile};
use crate::time::{Timestamp, DAY};

/// How long after its last suspicious transaction an episode stays open.
pub const JOIN_WINDOW: i64 = 2 * DAY;
/// How long a card stays on heightened alert after a confirmed fraud.
pub const COMPROMISED_FOR: i64 = 30 * DAY;
/// Log-odds removed for merchants the user confirmed.
const TRUSTED_DISCOUNT: f32 = 3.0;
/// Log-odds added while the card is compromised.
const COMPROMISED_BUMP: f32 = 1.0;
/// A card's learning period, from its first payment: on a new card every merchant is new and
/// the person's habits are a population prior, so the model may open an episode in it only
/// while it has alerted fewer than [`LEARNING_ALERTS`] payments (at most that many episodes),
/// each opening payment scoring at least [`LEARNING_OPEN`], and may alert at most
/// [`LEARNING_PAYMENTS`] payments in all, joined ones included (a joined payment raises no
/// new alert; capping joins at [`LEARNING_ALERTS`] cut Sparkov's early episodes short).
/// Rule-forced alerts (card testing, duplicates, impossible travel, recurring increases,
/// trials) are not limited. The same policy holds in the app and in `tacit score-fraud`.
pub const LEARNING: i64 = 30 * DAY;
/// Alerted payments below which the model may open an episode during a card's learning
/// period (so at most this many episodes).
pub const LEARNING_ALERTS: u8 = 2;
/// Payments the model may alert during a card's learning period, joined ones included.
pub const LEARNING_PAYMENTS: u8 = 6;
/// Score at or above which the model opens an episode during the learning period.
pub const LEARNING_OPEN: f32 = 0.9;

/// The user's verdict on an episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpisodeStatus {
    /// Not answered yet.
    Open,
    /// The user said it was them.
    Legit,
    /// The user said it was not them.
    Fraud,
}

impl EpisodeStatus {
    pub(crate) fn from_code(c: u8) -> Option<EpisodeStatus> {
        match c {
            0 => Some(EpisodeStatus::Open),
            1 => Some(EpisodeStatus::Legit),
            2 => Some(EpisodeStatus::Fraud),
            _ => None,
        }
    }
    pub(crate) fn code(self) -> u8 {
        match self {
            EpisodeStatus::Open => 0,
            EpisodeStatus::Legit => 1,
            EpisodeStatus::Fraud => 2,
        }
    }
}

/// One alert: a card's episode of suspicious activity.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// Episode id, unique per card.
    pub episode: u32,
    /// Why, in code order.
    pub reasons: Vec<Reason>,
    /// The caller's references of the episode's transactions (the first [`EPISODE_REFS`]).
    pub txn_refs: Vec<u64>,
    /// Highest score in the episode.
    pub score: f32,
    /// The user's verdict so far.
    pub status: EpisodeStatus,
    /// When the episode started.
    pub started: Timestamp,
}

/// What scoring one transaction did to the card's alerts.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertEvent {
    /// Nothing to tell the user.
    None,
    /// A new episode: ask the user.
    Opened(Alert),
    /// Joined the open episode with this id (the user was already asked).
    Joined(u32),
}

/// The outcome of scoring one transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Fraud score in [0, 1].
    pub score: f32,
    /// Whether the transaction is part of an alert episode.
    pub alert: bool,
    /// Reasons found for this transaction (empty when nothing stood out).
    pub reasons: ReasonSet,
    /// Effect on the card's alerts.
    pub event: AlertEvent,
}

/// A travel notice: far-from-home payments are expected within `radius_km` of a point
/// between two instants.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TravelNotice {
    /// Centre latitude, micro-degrees.
    pub lat_e6: i32,
    /// Centre longitude, micro-degrees.
    pub lon_e6: i32,
    /// Radius in km.
    pub radius_km: u32,
    /// First instant covered.
    pub start: Timestamp,
    /// Last instant covered.
    pub end: Timestamp,
}

impl std::fmt::Debug for TravelNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TravelNotice(<redacted>)")
    }
}

/// What the alert policy adds to the model's score for one transaction, from the card's past
/// only: the trainer's simulation of the policy reads it so that the thresholds it chooses are
/// judged on the alerts the engine would raise (rules, and the beyond-novelty check on
/// opening), not on the bare model score.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PolicyInputs {
    /// Log-odds the rules add to the model's (far from home, high-risk merchant code).
    pub bump: f32,
    /// A rule forces an alert (card testing, duplicate, impossible travel, recurring increase,
    /// trial to paid).
    pub force: bool,
    /// The lowest score at which this payment may open an episode on its own (besides
    /// reaching `t_open`): 0 when its reasons go beyond novelty, [`NOVELTY_OPEN`] at a merchant
    /// paid fewer than [`REGULAR_MERCHANT`] times, above 1 (never) otherwise.
    pub open_floor: f32,
}

/// The fraud engine: a model plus the alerting policy. Stateless itself; all per-card memory
/// is in [`CardState`].
#[derive(Clone, Debug)]
pub struct FraudEngine {
    model: Arc<FraudModel>,
    compiled: Arc<Compiled>,
    /// The model's first pass (`None` without one).
    first: Option<Arc<Compiled>>,
}

impl FraudEngine {
    /// An engine with the built-in model.
    pub fn new() -> Result<FraudEngine, FraudError> {
        Ok(FraudEngine::with_model(FraudModel::builtin()?.clone()))
    }

    /// An engine with another model (evaluation, tests).
    pub fn with_model(model: FraudModel) -> FraudEngine {
        let compiled = Arc::new(Compiled::new(&model));
        let first = (!model.first.is_empty()).then(|| Arc::new(Compiled::first(&model)));
        FraudEngine {
            model: Arc::new(model),
            compiled,
            first,
        }
    }

    /// The model in use.
    pub fn model(&self) -> &FraudModel {
        &self.model
    }

    /// Model features of `txn` against the card's past, without touching the state (training
    /// and diagnostics).
    pub fn features(
        &self,
        state: &CardState,
        txn: &FraudTxn,
        profile: &Profile,
    ) -> [f32; super::features::FEATURE_COUNT] {
        context(state, txn, profile).features
    }

    /// The rules' part of the policy for `txn` against the card's past, without touching the
    /// state (training: the threshold search simulates the policy with it).
    pub fn policy_inputs(
        &self,
        state: &CardState,
        txn: &FraudTxn,
        profile: &Profile,
    ) -> PolicyInputs {
        if txn.amount_minor < 0 {
            return PolicyInputs {
                open_floor: 2.0,
                ..PolicyInputs::default()
            };
        }
        let ctx = context(state, txn, profile);
        let hits = rules::evaluate(state, txn, &ctx);
        let open_floor = if corroborated(&explain(state, &ctx, &hits)) {
            0.0
        } else if ctx.merchant_count < REGULAR_MERCHANT {
            NOVELTY_OPEN
        } else {
            2.0
        };
        PolicyInputs {
            bump: hits.bump,
            force: hits.force,
            open_floor,
        }
    }

    /// Folds `txn` into the state without scoring it (training: features first, then this).
    pub fn observe_only(&self, state: &mut CardState, txn: &FraudTxn, profile: &Profile) {
        self.observe(state, txn, profile);
    }

    /// Folds `txn` into the state with a given first-pass score (training: the first pass's
    /// out-of-fold score, so the context features the trees learn from are honest).
    pub fn observe_scored(
        &self,
        state: &mut CardState,
        txn: &FraudTxn,
        profile: &Profile,
        first: f32,
    ) {
        if txn.amount_minor >= 0 {
            let mut ctx = context(state, txn, profile);
            let p = first.clamp(1e-6, 1.0 - 1e-6);
            ctx.first = encode_logit((p / (1.0 - p)).ln());
            state.observe(txn, &ctx);
        }
    }

    /// Sets the first-pass score of `ctx` (kept in the recent ring by the state update).
    fn score_first(&self, ctx: &mut Context) {
        if let Some(f) = &self.first {
            ctx.first = encode_logit(f.logit(&ctx.features));
        }
    }

    /// Scores `txn` from the card's past only, updates alerts, then folds `txn` into the state.
    /// `txn_ref` is the caller's reference, returned in alerts. Refunds (negative amounts)
    /// score 0 and leave the state unchanged.
    pub fn assess(
        &self,
        state: &mut CardState,
        txn: &FraudTxn,
        profile: &Profile,
        txn_ref: u64,
    ) -> Assessment {
        if txn.amount_minor < 0 {
            return Assessment {
                score: 0.0,
                alert: false,
                reasons: ReasonSet::new(),
                event: AlertEvent::None,
            };
        }
        let mut ctx = context(state, txn, profile);
        self.score_first(&mut ctx);
        let hits = rules::evaluate(state, txn, &ctx);
        let mut logit = self.compiled.logit(&ctx.features) + hits.bump;
        if ctx.merchant_flags & FLAG_TRUSTED != 0 {
            logit -= TRUSTED_DISCOUNT;
        }
        if txn.ts <= state.compromised_until {
            logit += COMPROMISED_BUMP;
        }
        let mut score = sigmoid(logit);
        if hits.force {
            score = score.max(self.model.t_open);
        }
        let snoozed = ctx.merchant != 0
            && state
                .snoozes
                .iter()
                .any(|s| s.hash == ctx.merchant && txn.ts <= s.until_ts);
        let joinable = self.could_join(state, txn.ts);
        let learning = in_learning(state, txn.ts);
        let t_open = if learning {
            self.model.t_open.max(LEARNING_OPEN)
        } else {
            self.model.t_open
        };
        let paired = !learning && self.paired(state, txn.ts, score);
        // Two suspicious payments in 48 hours corroborate each other: the pair opens whatever
        // its reasons; a single payment must go beyond novelty (`opens_alone`).
        let model_opens =
            paired || (score >= t_open && opens_alone(score, &ctx, &explain(state, &ctx, &hits)));
        let model_joins = joinable && score >= self.join_threshold(&ctx);
        let model_alert = if learning {
            (model_joins && state.learning_alerts < LEARNING_PAYMENTS)
                || (model_opens && state.learning_alerts < LEARNING_ALERTS)
        } else {
            model_joins || model_opens
        };
        let spree = !learning && !model_alert && spree::alerts(state, &ctx, txn.ts, score);
        let alert = !snoozed && (hits.force || model_alert || spree);
        if alert && learning && !hits.force {
            state.learning_alerts = state.learning_alerts.saturating_add(1);
        }
        let reasons = match (alert, spree && !hits.force) {
            (false, _) => hits.reasons,
            (true, false) => explain(state, &ctx, &hits),
            (true, true) => spree::reasons(explain(state, &ctx, &hits)),
        };
        let event = if alert {
            self.record(state, txn, &ctx, reasons, score, txn_ref, joinable)
        } else {
            AlertEvent::None
        };
        ctx.score = encode_logit(logit_of(score));
        state.observe(txn, &ctx);
        Assessment {
            score,
            alert,
            reasons,
            event,
        }
    }

    /// The two-payment rule: `score` reaches the model's `t_pair` and so did another payment
    /// of the card's last [`JOIN_WINDOW`] (its score is kept in the recent ring). A thief's
    /// burst often starts with payments that each look only somewhat wrong; two of them in a
    /// row are the evidence. Not in the learning period, where every merchant is new.
    fn paired(&self, state: &CardState, ts: i64, score: f32) -> bool {
        let t = self.model.t_pair;
        if t >= super::model::NO_PAIR || score < t {
            return false;
        }
        // The ring keeps log-odds in 1/16 steps: compare with half a step of slack.
        let floor = logit_of(t) - 1.0 / 32.0;
        state
            .recent_iter()
            .take_while(|r| ts.saturating_sub(r.ts) <= JOIN_WINDOW)
            .any(|r| r.score != 0 && r.ts <= ts && decode_logit(r.score) >= floor)
    }

    /// The score at or above which a payment joins the card's open episode: the model's
    /// `t_join_new` at a merchant new to the card (a thief's follow-up payments are at
    /// merchants new to the card, the person's regulars are not), `t_join` otherwise.
    fn join_threshold(&self, ctx: &Context) -> f32 {
        if ctx.merchant != 0 && ctx.merchant_count == 0 {
            self.model.t_join_new.min(self.model.t_join)
        } else {
            self.model.t_join
        }
    }

    /// Learns from `txn` without judging it: the state moves as [`FraudEngine::assess`] moves
    /// it for a transaction that raises nothing, at a fraction of the cost (no rules, no
    /// model). For history too old to alert about, such as a first backfill of a year.
    pub fn observe(&self, state: &mut CardState, txn: &FraudTxn, profile: &Profile) {
        if txn.amount_minor < 0 {
            return;
        }
        let mut ctx = context(state, txn, profile);
        self.score_first(&mut ctx);
        state.observe(txn, &ctx);
    }

    /// Whether a transaction at local time `ts` could join the state's open episode, so that
    /// it must be judged even when it is too old to open an alert of its own.
    pub fn could_join(&self, state: &CardState, ts: i64) -> bool {
        state.episode.as_ref().is_some_and(|e| {
            e.status != EpisodeStatus::Legit.code() && ts.saturating_sub(e.last_ts) <= JOIN_WINDOW
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        state: &mut CardState,
        txn: &FraudTxn,
        ctx: &Context,
        reasons: ReasonSet,
        score: f32,
        txn_ref: u64,
        joinable: bool,
    ) -> AlertEvent {
        if joinable {
            if let Some(e) = state.episode.as_mut() {
                let k = usize::from(e.n_refs);
                if k < EPISODE_REFS {
                    if let (Some(r), Some(m), Some(b)) = (
                        e.refs.get_mut(k),
                        e.merchants.get_mut(k),
                        e.buckets.get_mut(k),
                    ) {
                        *r = txn_ref;
                        *m = ctx.merchant;
                        *b = ctx.bucket_key;
                    }
                }
                e.n_refs = e.n_refs.saturating_add(1);
                e.reasons |= reasons.0;
                e.last_ts = e.last_ts.max(txn.ts);
                e.max_score = e.max_score.max(score);
                return AlertEvent::Joined(e.id);
            }
        }
        let id = state.next_episode;
        state.next_episode = state.next_episode.wrapping_add(1).max(1);
        let mut e = Episode {
            id,
            status: EpisodeStatus::Open.code(),
            start_ts: txn.ts,
            last_ts: txn.ts,
            reasons: reasons.0,
            max_score: score,
            n_refs: 1,
            refs: [0; EPISODE_REFS],
            merchants: [0; EPISODE_REFS],
            buckets: [0; EPISODE_REFS],
        };
        e.refs[0] = txn_ref;
        e.merchants[0] = ctx.merchant;
        e.buckets[0] = ctx.bucket_key;
        state.episode = Some(e);
        AlertEvent::Opened(to_alert(&e))
    }

    /// The card's current (latest) alert episode, if any.
    pub fn current_alert(&self, state: &CardState) -> Option<Alert> {
        state.episode.as_ref().map(to_alert)
    }

    /// YES, it was me: the episode's merchants become trusted and the amount baselines of its
    /// kinds of spending widen, so similar payments later score lower.
    pub fn confirm_legit(&self, state: &mut CardState, episode: u32) -> Result<(), FraudError> {
        let e = match state.episode.as_mut() {
            Some(e) if e.id == episode => e,
            _ => return Err(FraudError::UnknownEpisode),
        };
        e.status = EpisodeStatus::Legit.code();
        let k = usize::from(e.n_refs).min(EPISODE_REFS);
        let merchants: Vec<u32> = e.merchants.iter().take(k).copied().collect();
        let mut keys: Vec<u16> = e.buckets.iter().take(k).copied().collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        for m in merchants.into_iter().filter(|&m| m != 0) {
            if let Some(entry) = state.merchants.entry(m) {
                entry.flags |= FLAG_TRUSTED;
                entry.count = entry.count.max(1);
            }
        }
        for key in keys {
            if let Some(b) = state
                .bucket_index(key)
                .and_then(|i| state.buckets.get_mut(i))
            {
                b.dev = b.dev * 1.5 + PRIOR_DEV;
            }
        }
        Ok(())
    }

    /// NO, it was not me: marks the episode fraud, forgets its merchants unless trusted, and
    /// keeps the card on heightened alert for [`COMPROMISED_FOR`].
    pub fn confirm_fraud(&self, state: &mut CardState, episode: u32) -> Result<(), FraudError> {
        let e = match state.episode.as_mut() {
            Some(e) if e.id == episode => e,
            _ => return Err(FraudError::UnknownEpisode),
        };
        e.status = EpisodeStatus::Fraud.code();
        let until = e.last_ts.saturating_add(COMPROMISED_FOR);
        let k = usize::from(e.n_refs).min(EPISODE_REFS);
        let merchants: Vec<u32> = e.merchants.iter().take(k).copied().collect();
        state.compromised_until = state.compromised_until.max(until);
        for m in merchants.into_iter().filter(|&m| m != 0) {
            if let Some(entry) = state.merchants.entry(m) {
                if entry.flags & FLAG_TRUSTED == 0 {
                    *entry = Default::default();
                }
            }
        }
        Ok(())
    }

    /// Registers a travel notice, replacing an expired one when the card already holds the
    /// maximum of four.
    pub fn add_travel_notice(
        &self,
        state: &mut CardState,
        notice: TravelNotice,
        now: Timestamp,
    ) -> Result<(), FraudError> {
        if !geo::valid(notice.lat_e6, notice.lon_e6) || notice.start > notice.end {
            return Err(FraudError::BadCoordinate);
        }
        let n = Notice {
            lat_e6: notice.lat_e6,
            lon_e6: notice.lon_e6,
            radius_km: notice.radius_km.min(20_000),
            start_ts: notice.start,
            end_ts: notice.end,
        };
        let slot = state
            .notices
            .iter_mut()
            .find(|s| s.is_none_or(|old| old.end_ts < now))
            .ok_or(FraudError::TooManyNotices)?;
        *slot = Some(n);
        Ok(())
    }

    /// Silences alerts for one merchant until `until` (the oldest snooze is replaced when all
    /// eight slots are in use).
    pub fn snooze_merchant(&self, state: &mut CardState, merchant: &str, until: Timestamp) {
        let hash = merchant_hash(merchant);
        let idx = state
            .snoozes
            .iter()
            .position(|s| s.hash == hash)
            .or_else(|| state.snoozes.iter().position(|s| s.hash == 0))
            .or_else(|| {
                state
                    .snoozes
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, s)| s.until_ts)
                    .map(|(i, _)| i)
            });
        if let Some(s) = idx.and_then(|i| state.snoozes.get_mut(i)) {
            s.hash = hash;
            s.until_ts = until;
        }
    }
}

/// Log-odds of a probability (clamped away from 0 and 1).
fn logit_of(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Whether a transaction at `ts` falls in the card's learning period ([`LEARNING`]).
fn in_learning(state: &CardState, ts: i64) -> bool {
    state.n == 0 || ts.saturating_sub(state.first_ts) < LEARNING
}

fn to_alert(e: &Episode) -> Alert {
    let k = usize::from(e.n_refs).min(EPISODE_REFS);
    Alert {
        episode: e.id,
        reasons: ReasonSet(e.reasons).to_vec(),
        txn_refs: e.refs.iter().take(k).copied().collect(),
        score: e.max_score,
        status: EpisodeStatus::from_code(e.status).unwrap_or(EpisodeStatus::Open),
        started: e.start_ts,
    }
}

/// Score at or above which the model opens an episode on novelty alone (at a merchant that
/// is not a regular one).
pub const NOVELTY_OPEN: f32 = 0.8;
/// Payments at a merchant from which it counts as a regular one.
pub const REGULAR_MERCHANT: u16 = 3;

/// Whether the reasons behind a high model score go beyond novelty (a new merchant, a rarely
/// used kind of spending, "unusual pattern"), which a normal life is full of: an unusual
/// amount, hour, velocity, or a location / merchant-code rule. Joining an open episode is not
/// restricted.
fn corroborated(reasons: &ReasonSet) -> bool {
    [
        Reason::FarFromHome,
        Reason::ImpossibleTravel,
        Reason::UnusualAmount,
        Reason::UnusualHour,
        Reason::UnusualPlace,
        Reason::Velocity,
        Reason::HighRiskMerchant,
    ]
    .into_iter()
    .any(|r| reasons.contains(r))
}

/// Whether a high model score (no forcing rule) opens an episode: when the reasons behind it
/// go beyond novelty ([`corroborated`]), or when the score is at least [`NOVELTY_OPEN`] at a
/// merchant paid fewer than [`REGULAR_MERCHANT`] times. A merchant the person pays regularly
/// in a rarely used kind of spending (a streaming service, a yearly bill) is normal life.
fn opens_alone(score: f32, ctx: &Context, reasons: &ReasonSet) -> bool {
    corroborated(reasons) || (score >= NOVELTY_OPEN && ctx.merchant_count < REGULAR_MERCHANT)
}

/// Distance from every usual place beyond which a payment gets [`Reason::UnusualPlace`].
const UNUSUAL_PLACE_KM: f32 = 300.0;

/// Human-level reasons for an alerted transaction: the rules that fired plus the signals that
/// stood out.
fn explain(state: &CardState, ctx: &Context, hits: &RuleHits) -> ReasonSet {
    let mut r = hits.reasons;
    let seasoned = state.n >= 10;
    if seasoned && ctx.z_bucket > 2.5 {
        r.insert(Reason::UnusualAmount);
    }
    if ctx.merchant != 0 && ctx.merchant_count == 0 && state.n > 0 {
        r.insert(Reason::NewMerchant);
    }
    if seasoned && ctx.bucket_share < 0.05 {
        r.insert(Reason::UnusualCategory);
    }
    if state.n >= 20 && ctx.hour_share < 0.02 {
        r.insert(Reason::UnusualHour);
    }
    if state.n >= 20
        && ctx.features.get(super::features::F_CNP) == Some(&0.0)
        && ctx.dist_usual_km.is_some_and(|d| d > UNUSUAL_PLACE_KM)
        && !r.contains(Reason::FarFromHome)
        && !r.contains(Reason::ImpossibleTravel)
    {
        r.insert(Reason::UnusualPlace);
    }
    if ctx.count_1h >= 4
        || ctx
            .features
            .get(super::features::F_RATE_RATIO)
            .is_some_and(|&v| v > 5.0)
    {
        r.insert(Reason::Velocity);
    }
    if r.is_empty() {
        r.insert(Reason::UnusualPattern);
    }
    r
}
