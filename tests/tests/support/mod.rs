//! The set-up the conversation suites share: a profile on the sandbox bank (a year of
//! transactions, every alert closed, full disclosure, UTC), a message asked and its reply's
//! text, money as replies write it, and whole months before today's.
//!
//! Each suite uses part of it (`mod support;`), hence the allowance for unused items.
#![allow(dead_code)]

use tacit_core::assistant::{Reply, Settings};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::OpenOptions;

/// Month names as people type them.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A profile on the sandbox bank, every alert answered (no alert takes a reply).
pub fn profile() -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([13; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level: DisclosureLevel::Full,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    p.ingest(&data.batch(), data.end).expect("ingest");
    for a in p.open_alerts().expect("open") {
        p.answer_alert(&a.id, true, data.end).expect("close");
    }
    (dir, p, data)
}

/// An amount in US dollars as replies write it.
pub fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

/// The text of the reply shown on the device.
pub fn ask(p: &Profile, text: &str, now: Timestamp) -> String {
    let r: Reply = p.handle_message(text, now).expect("reply");
    r.local_text
}

/// The whole reply (alert answered, quick replies, intent).
pub fn reply(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

/// An open alert over one transaction, as the fraud engine stores it.
pub fn alert_of(t: &Transaction, id: &str, now: Timestamp) -> tacit_core::alerts::AlertRecord {
    use tacit_core::alerts::{AlertPayment, AlertRecord, AlertStatus};
    AlertRecord {
        id: id.to_string(),
        account: t.account.0.clone(),
        txn_ids: vec![t.id.0.clone()],
        reasons: vec!["velocity".into()],
        explanations: vec!["Many payments in a short time.".into()],
        score: 0.9,
        created: now,
        merchant: t.merchant.clone(),
        amount_minor: t.amount,
        currency: "USD".into(),
        first_txn_at: t.transacted_at,
        status: AlertStatus::Open,
        episode: 1,
        payments: vec![AlertPayment {
            merchant: t.merchant.clone(),
            amount_minor: t.amount,
            at: t.transacted_at,
        }],
    }
}

/// The ids of the open alerts, sorted.
pub fn open_ids(p: &Profile) -> Vec<String> {
    let mut ids: Vec<String> = p
        .open_alerts()
        .expect("open")
        .into_iter()
        .map(|a| a.id)
        .collect();
    ids.sort();
    ids
}

/// The local (UTC) day of a transaction.
pub fn day_of(t: &Transaction) -> Date {
    local_date(t.transacted_at, 0)
}

/// A whole month before today's: its first and last day and its name.
pub struct Month {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Its name, lower case.
    pub name: &'static str,
}

/// The month `back` months before today's.
pub fn month(today: Date, back: i32) -> Month {
    let from = today.first_of_month().add_months_first(-back);
    let to = from.add_months_first(1).add_days(-1);
    Month {
        from,
        to,
        name: MONTHS[from.month as usize - 1],
    }
}

/// Whether a transaction falls in the month.
pub fn in_month(t: &Transaction, m: &Month) -> bool {
    (m.from..=m.to).contains(&day_of(t))
}

/// Spending as replies count it: money out (refunds net against it), never transfers or
/// income, never a pending credit.
pub fn spend(txns: &[Transaction], keep: impl Fn(&Transaction) -> bool) -> i64 {
    txns.iter()
        .filter(|t| keep(t))
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .filter(|t| !(t.status == TxnStatus::Pending && t.amount > 0))
        .map(|t| -t.amount)
        .sum()
}
