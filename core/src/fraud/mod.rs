//! Fraud alerts computed on the device from one person's own history.
//!
//! Banks detect fraud with pooled data; Tacit only ever sees one cardholder's transactions, on
//! their phone. Each card keeps a compact, bounded [`CardState`] (at most
//! [`MAX_STATE_BYTES`] serialised, whatever the history length) that is updated one
//! transaction at a time, in time order, never looking ahead. A small boosted-tree model
//! trained offline (see `docs/fraud.md`) turns per-card signals into a score; hand-written
//! rules cover patterns the training data lacks (card testing, duplicates, impossible travel,
//! high-risk merchant codes, recurring charges that rise, trials turning paid).
//!
//! False alarms cost more than fraud, so the engine alerts and asks, never blocks: suspicious
//! transactions on a card are grouped into one [`Alert`] per episode, and the user's answer
//! ([`FraudEngine::confirm_legit`] / [`FraudEngine::confirm_fraud`]) feeds back into the state.

mod codec;
mod engine;
mod features;
mod geo;
mod merchants;
mod model;
mod reason;
mod rules;
mod spree;
mod state;

pub use engine::{
    Alert, AlertEvent, Assessment, EpisodeStatus, FraudEngine, PolicyInputs, TravelNotice,
    JOIN_WINDOW, LEARNING, LEARNING_ALERTS, LEARNING_OPEN, LEARNING_PAYMENTS,
};
pub use features::{BASE_FEATURES, FEATURE_COUNT, FEATURE_NAMES, MONOTONE};
pub use model::{FirstPass, FraudModel, Tree, MODEL_MAGIC, NO_PAIR};
pub use reason::{Reason, ReasonSet};
pub use spree::{SPREE_JOIN, SPREE_OPEN, SPREE_REGULAR, SPREE_REPEATS, SPREE_WINDOW, SPREE_Z};
pub use state::{CardState, MAX_STATE_BYTES};

use std::fmt;

use crate::model::{Category, Transaction};
use crate::time::Timestamp;

/// One card transaction as the fraud engine sees it.
#[derive(Clone, PartialEq, Eq)]
pub struct FraudTxn {
    /// Local time of the transaction, seconds (wall clock read as if UTC).
    pub ts: Timestamp,
    /// Amount in minor units; positive = money spent, zero = a free authorisation, negative =
    /// a refund or credit (never alerted).
    pub amount_minor: i64,
    /// Normalised merchant name, when known.
    pub merchant: Option<String>,
    /// Spending category, when known.
    pub category: Option<Category>,
    /// ISO 18245 merchant category code, when known.
    pub mcc: Option<u16>,
    /// `Some(false)` for online / card-not-present payments.
    pub card_present: Option<bool>,
    /// Merchant latitude in micro-degrees.
    pub lat_e6: Option<i32>,
    /// Merchant longitude in micro-degrees.
    pub lon_e6: Option<i32>,
}

impl fmt::Debug for FraudTxn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FraudTxn")
            .field("ts", &self.ts)
            .field("category", &self.category)
            .field("card_present", &self.card_present)
            .finish_non_exhaustive()
    }
}

impl FraudTxn {
    /// Converts a normalised transaction. Purchases are negative in the model (holder's view)
    /// and become positive spend here.
    pub fn from_transaction(t: &Transaction) -> FraudTxn {
        let (lat_e6, lon_e6) = t
            .location
            .as_ref()
            .map_or((None, None), |l| (l.lat_e6, l.lon_e6));
        FraudTxn {
            ts: t.transacted_at,
            amount_minor: t.amount.checked_neg().unwrap_or(i64::MAX),
            merchant: t.merchant.clone(),
            category: t.category,
            mcc: t.mcc,
            card_present: t.card_present,
            lat_e6,
            lon_e6,
        }
    }
}

/// What the engine knows about the cardholder beyond the transactions.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// Home latitude in micro-degrees.
    pub home_lat_e6: Option<i32>,
    /// Home longitude in micro-degrees.
    pub home_lon_e6: Option<i32>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Profile(<redacted>)")
    }
}

/// Fraud engine errors. Carry no input data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FraudError {
    /// Serialised state or model bytes are too short.
    Truncated,
    /// Wrong magic bytes.
    BadMagic,
    /// A format version this build does not read.
    UnsupportedVersion,
    /// A field holds an impossible value.
    Corrupt,
    /// The checksum does not match.
    BadChecksum,
    /// Extra bytes after the end.
    TrailingBytes,
    /// No such alert episode on this card.
    UnknownEpisode,
    /// A coordinate is outside the valid range.
    BadCoordinate,
    /// Too many travel notices already.
    TooManyNotices,
    /// The model does not match this build's feature set.
    ModelMismatch,
}

impl fmt::Display for FraudError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FraudError::Truncated => "fraud data is truncated",
            FraudError::BadMagic => "not fraud engine data",
            FraudError::UnsupportedVersion => "unsupported fraud data version",
            FraudError::Corrupt => "fraud data is corrupt",
            FraudError::BadChecksum => "fraud data checksum mismatch",
            FraudError::TrailingBytes => "unexpected bytes after fraud data",
            FraudError::UnknownEpisode => "no such alert episode",
            FraudError::BadCoordinate => "coordinate out of range",
            FraudError::TooManyNotices => "too many travel notices",
            FraudError::ModelMismatch => "fraud model does not match this build",
        })
    }
}

impl std::error::Error for FraudError {}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_hostile;
