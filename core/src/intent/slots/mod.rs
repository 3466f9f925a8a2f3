//! Slot extraction (stub, being written).
use crate::model::{AccountKind, Category};
use crate::time::Date;

/// Which account a message refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountSelector {
    /// One account of the context, by its index in [`SlotContext::accounts`].
    Index(usize),
    /// Every account of a kind ("my credit cards").
    Kind(AccountKind),
}

/// A half-open local date range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day included.
    pub start: Date,
    /// First day excluded.
    pub end: Date,
    /// Human label ("last month").
    pub label: String,
}

/// One account as the extractor sees it.
#[derive(Clone, PartialEq, Eq)]
pub struct SlotAccount {
    /// Index in the caller's list.
    pub index: usize,
    /// Kind.
    pub kind: AccountKind,
    /// Last four digits, if known.
    pub last4: Option<String>,
    /// User's nickname.
    pub nickname: Option<String>,
    /// Display name.
    pub display_name: String,
    /// Institution name.
    pub institution: String,
}

/// What the extractor knows about the user.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SlotContext {
    /// The user's accounts.
    pub accounts: Vec<SlotAccount>,
    /// Merchant names seen in the user's transactions.
    pub merchants: Vec<String>,
}

/// Slots found in a message.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Slots {
    /// Account.
    pub account: Option<AccountSelector>,
    /// Period.
    pub period: Option<Period>,
    /// Category.
    pub category: Option<Category>,
    /// Merchant.
    pub merchant: Option<String>,
    /// Minimum amount, minor units.
    pub min_amount_minor: Option<i64>,
    /// Maximum amount, minor units.
    pub max_amount_minor: Option<i64>,
}

/// Extracts slots.
pub fn extract_slots(_text: &str, _today: Date, _ctx: &SlotContext) -> Slots {
    Slots::default()
}
