//! Fraud alert records as the vault stores them, and the lifecycle a chat gives them:
//! raised → asked ("Was this you?") → answered YES (legitimate) or NO (fraud).
//!
//! The fraud engine decides *whether* to alert; this module keeps the alert, its reasons and
//! its answer, encrypted in the vault's `alerts` table.

use crate::model::AccountId;
use crate::time::Timestamp;
use crate::vault::{Result, Vault, VaultError, WriteTx};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an alert stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Raised; waiting for the person's answer.
    Open,
    /// The person said it was them.
    ConfirmedLegit,
    /// The person said it was not them.
    ConfirmedFraud,
}

/// One alert: one suspicious episode, however many transactions it spans.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRecord {
    /// Random id.
    pub id: String,
    /// The account concerned.
    pub account: String,
    /// The transactions of the episode.
    pub txn_ids: Vec<String>,
    /// Reason codes from the fraud engine.
    pub reasons: Vec<String>,
    /// Short human explanations, one per reason (no amounts or names in them).
    pub explanations: Vec<String>,
    /// The engine's score, 0 to 1.
    pub score: f32,
    /// When it was raised.
    pub created: Timestamp,
    /// The first transaction's merchant (device-only text).
    pub merchant: Option<String>,
    /// The episode's total, minor units, from the holder's view.
    pub amount_minor: i64,
    /// ISO currency code of the amount.
    pub currency: String,
    /// When the first transaction happened.
    pub first_txn_at: Timestamp,
    /// Where it stands.
    pub status: AlertStatus,
    /// The fraud engine's episode number on the account.
    #[serde(default)]
    pub episode: u32,
}

impl fmt::Debug for AlertRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlertRecord")
            .field("reasons", &self.reasons)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl AlertRecord {
    /// The account id.
    pub fn account_id(&self) -> AccountId {
        AccountId(self.account.clone())
    }
}

fn decode(bytes: &[u8]) -> Result<AlertRecord> {
    serde_json::from_slice(bytes).map_err(|_| VaultError::Corrupt("alert record does not decode"))
}

/// Stores or updates an alert inside a write, tied to the source of its account, so that
/// forgetting a bank removes its alerts (they hold a merchant and an amount) and the binding
/// is authenticated (an edited `source_ref` column is `Tampered` on read). An alert whose
/// account is not stored has no source.
pub fn put(w: &mut WriteTx<'_>, alert: &AlertRecord) -> Result<()> {
    let source = w
        .accounts()?
        .into_iter()
        .find(|a| a.id.0 == alert.account)
        .map(|a| a.source);
    let bytes = zeroize::Zeroizing::new(
        serde_json::to_vec(alert).map_err(|_| VaultError::InvalidInput("alert record"))?,
    );
    w.put_alert(&alert.id, source.as_ref(), &bytes)
}

/// One alert by id.
pub fn get(vault: &Vault, id: &str) -> Result<Option<AlertRecord>> {
    vault.alert(id)?.map(|b| decode(b.expose())).transpose()
}

/// Every alert, oldest first.
pub fn all(vault: &Vault) -> Result<Vec<AlertRecord>> {
    let mut out: Vec<AlertRecord> = vault
        .alerts()?
        .iter()
        .map(|(_, b)| decode(b.expose()))
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// Alerts still waiting for an answer, oldest first.
pub fn open(vault: &Vault) -> Result<Vec<AlertRecord>> {
    Ok(all(vault)?
        .into_iter()
        .filter(|a| a.status == AlertStatus::Open)
        .collect())
}
