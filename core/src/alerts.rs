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

/// One payment of an alert's episode (device-only text).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertPayment {
    /// Where it was paid.
    pub merchant: Option<String>,
    /// Its amount, minor units, from the holder's view.
    pub amount_minor: i64,
    /// When it happened.
    pub at: Timestamp,
}

impl fmt::Debug for AlertPayment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlertPayment").finish_non_exhaustive()
    }
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
    /// Every payment of the episode, in the order the engine saw them. Empty in records
    /// stored before payments were kept: read them through [`AlertRecord::payments`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<AlertPayment>,
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

    /// The episode's payments. A record stored before payments were kept knows only its
    /// first merchant, its day and its total: it reads as one payment of the total, and
    /// [`AlertRecord::payment_count`] still says how many there were.
    pub fn payments(&self) -> Vec<AlertPayment> {
        if self.payments.is_empty() {
            return vec![AlertPayment {
                merchant: self.merchant.clone(),
                amount_minor: self.amount_minor,
                at: self.first_txn_at,
            }];
        }
        self.payments.clone()
    }

    /// How many payments the episode holds (at least one).
    pub fn payment_count(&self) -> usize {
        self.payments.len().max(self.txn_ids.len()).max(1)
    }

    /// The episode's distinct merchants, in the order first paid; only the first one for a
    /// record stored before payments were kept.
    pub fn merchants(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.payments().into_iter().filter_map(|p| p.merchant) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// When the episode's last known payment happened.
    pub fn last_txn_at(&self) -> Timestamp {
        self.payments
            .iter()
            .map(|p| p.at)
            .max()
            .unwrap_or(self.first_txn_at)
    }

    /// Adds a payment to the episode: its total, its payments and its transactions.
    pub fn add_payment(&mut self, txn_id: &str, payment: AlertPayment) {
        if self.payments.is_empty() {
            // What the record knew so far (for a record stored before payments were kept,
            // its first merchant with the total so far).
            self.payments = self.payments();
        }
        self.txn_ids.push(txn_id.to_string());
        self.amount_minor = self.amount_minor.saturating_add(payment.amount_minor);
        self.payments.push(payment);
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
    crate::sort::by(&mut out, |a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// Alerts still waiting for an answer, oldest first.
pub fn open(vault: &Vault) -> Result<Vec<AlertRecord>> {
    Ok(all(vault)?
        .into_iter()
        .filter(|a| a.status == AlertStatus::Open)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as stored before episodes kept their payments (no `payments` key).
    const OLD: &str = r#"{"id":"fa-1","account":"acct","txn_ids":["t1","t2"],"reasons":["velocity"],"explanations":["Many payments in a short time."],"score":0.9,"created":1700000000,"merchant":"Razer Gold","amount_minor":-30000,"currency":"USD","first_txn_at":1699990000,"status":"open","episode":3}"#;

    #[test]
    fn records_stored_before_payments_were_kept_still_read() {
        let a = decode(OLD.as_bytes()).expect("old record decodes");
        assert_eq!(a.status, AlertStatus::Open);
        assert!(a.payments.is_empty());
        let p = a.payments();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].merchant.as_deref(), Some("Razer Gold"));
        assert_eq!(p[0].amount_minor, -30_000);
        assert_eq!(a.payment_count(), 2);
        assert_eq!(a.merchants(), vec!["Razer Gold".to_string()]);
        // Stored again unchanged, it reads the same (no `payments` key written).
        let again = serde_json::to_vec(&a).expect("encode");
        assert!(!String::from_utf8_lossy(&again).contains("\"payments\""));
        assert!(decode(&again).expect("decode") == a);
    }

    #[test]
    fn an_episode_keeps_every_payment_and_merchant() {
        let mut a = decode(OLD.as_bytes()).expect("old record decodes");
        a.txn_ids.truncate(1);
        a.amount_minor = -10_000;
        a.add_payment(
            "t2",
            AlertPayment {
                merchant: Some("Best Buy".into()),
                amount_minor: -126_122,
                at: 1_699_990_600,
            },
        );
        a.add_payment(
            "t3",
            AlertPayment {
                merchant: Some("Razer Gold".into()),
                amount_minor: -50_000,
                at: 1_699_991_200,
            },
        );
        assert_eq!(a.amount_minor, -186_122);
        assert_eq!(a.payment_count(), 3);
        assert_eq!(a.txn_ids, vec!["t1", "t2", "t3"]);
        assert_eq!(
            a.merchants(),
            vec!["Razer Gold".to_string(), "Best Buy".to_string()]
        );
        assert_eq!(a.payments()[0].amount_minor, -10_000);
        assert_eq!(a.last_txn_at(), 1_699_991_200);
        let back = decode(&serde_json::to_vec(&a).expect("encode")).expect("decode");
        assert!(back == a);
    }
}
