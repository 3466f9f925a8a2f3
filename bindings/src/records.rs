//! The records and enums the profile API passes across the FFI, and their conversions from and
//! to core's types. Translation only: no validation beyond what a type conversion needs (host
//! batches are validated by core's `validate_host_batch`).
//!
//! Records that carry personal data get manual `Debug` impls that print no values.

use crate::error::TacitError;
use std::fmt;
use tacit_core::model::{
    Account, AccountId, AccountKind, Balance, Category, CreditTerms, Location, SourceId,
    SourceKind, Transaction, TxnId, TxnStatus,
};
use tacit_core::money::Currency;
use tacit_core::profile::IngestOutcome;
use tacit_core::DisclosureLevel as CoreLevel;
use tacit_core::ImportBatch;
use tacit_core::{AlertRecord, AlertStatus};
use tacit_core::{QuickReplyKind as CoreKind, Reply};

/// A button under a reply. Send the label to the platform if you like; keep the token on the
/// device and hand it back through `onQuickReply` when tapped.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct QuickReplyButton {
    /// The button's label ("Yes, it was me"), localised.
    pub label: String,
    /// A random single-use token.
    pub token: String,
    /// What it does: the YES / NO of an alert, or a canned question.
    pub kind: QuickReplyKind,
}

/// What a quick reply does; unlike its label, not localised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum QuickReplyKind {
    /// "Yes, it was me" for a fraud alert.
    Yes,
    /// "No, it wasn't me" for a fraud alert.
    No,
    /// Asks a canned question, as if typed.
    Ask,
}

impl From<CoreKind> for QuickReplyKind {
    fn from(k: CoreKind) -> Self {
        match k {
            CoreKind::Yes => QuickReplyKind::Yes,
            CoreKind::No => QuickReplyKind::No,
            CoreKind::Ask => QuickReplyKind::Ask,
        }
    }
}

/// Mirrors a fieldless core enum as a uniffi enum with the same variant names, and converts
/// from core's (a variant added in core fails to compile here until it is mirrored).
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident from $core:path { $($variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        #[allow(missing_docs)]
        pub enum $name {
            $($variant,)*
        }

        impl From<$core> for $name {
            fn from(v: $core) -> Self {
                use $core as C;
                match v {
                    $(C::$variant => $name::$variant,)*
                }
            }
        }
    };
}

mirror_enum! {
    /// What a message was understood as: the classifier's intents (CLINC150's banking and
    /// credit-card intents) plus `Oos`, out of scope. Stable names, unlike the texts.
    Intent from tacit_core::Intent {
        AccountBlocked, ApplicationStatus, Apr, Balance, BillBalance, BillDue, CardDeclined,
        CreditLimit, CreditLimitChange, CreditScore, DamagedCard, ExpirationDate,
        FreezeAccount, ImproveCreditScore, InterestRate, InternationalFees, MinPayment,
        NewCard, OrderChecks, PayBill, PinChange, RedeemRewards, ReplacementCardDuration,
        ReportFraud, ReportLostCard, RewardsBalance, Routing, SpendingHistory, Transactions,
        Transfer, Oos,
    }
}

mirror_enum! {
    /// A kind of the user's data a platform text carries (as recorded in the ledger): an
    /// amount, a merchant, a date, a balance, an account's number or a card's number (as
    /// their last four digits), a spending category, a reference to an alert, another number,
    /// or none of these.
    DisclosedCategory from tacit_core::DataCategory {
        Amount, Merchant, Date, Balance, AccountNumber, CardNumber, Category, AlertRef, Number, None,
    }
}

mirror_enum! {
    /// Why the fraud engine flagged a charge (each has a fixed explanation in
    /// `AlertInfo.explanations`).
    AlertReason from tacit_core::Reason {
        UnusualAmount, NewMerchant, UnusualCategory, FarFromHome, ImpossibleTravel, Velocity,
        CardTesting, DuplicateCharge, UnusualHour, HighRiskMerchant, RecurringIncrease,
        TrialToPaid, UnusualPattern, UnusualPlace,
    }
}

impl AlertReason {
    /// The reason of a stored code; `None` for a code this version does not know.
    fn parse(code: &str) -> Option<AlertReason> {
        tacit_core::Reason::ALL
            .iter()
            .find(|r| r.code() == code)
            .map(|r| AlertReason::from(*r))
    }
}

impl fmt::Debug for QuickReplyButton {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuickReplyButton")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// One reply of the assistant. Its `toString()` / `description` shows the intent and the
/// disclosed categories only, never the texts.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct ChatReply {
    /// Shown on the device only (may hold amounts, merchants, dates).
    pub local_text: String,
    /// The only text the host may send to the messaging platform (already checked by the
    /// egress guard and recorded in the ledger).
    pub platform_text: String,
    /// Buttons.
    pub quick_replies: Vec<QuickReplyButton>,
    /// What the message was understood as.
    pub intent: Intent,
    /// Data categories the platform text carries (as recorded in the ledger).
    pub disclosed: Vec<DisclosedCategory>,
    /// When this reply answered a fraud alert: its id.
    pub answered_alert_id: Option<String>,
    /// When this reply answered a fraud alert: `true` if the user said it was them.
    pub answered_legit: Option<bool>,
    /// When this reply asks about a fraud alert ("Was this you?"): that alert's id, for
    /// `answerAlert` or to match it with `openAlerts`.
    pub alert_id: Option<String>,
}

impl fmt::Debug for ChatReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatReply")
            .field("intent", &self.intent)
            .field("disclosed", &self.disclosed)
            .finish_non_exhaustive()
    }
}

impl From<Reply> for ChatReply {
    fn from(r: Reply) -> ChatReply {
        let (answered_alert_id, answered_legit) = match r.answered_alert {
            Some((id, legit)) => (Some(id), Some(legit)),
            None => (None, None),
        };
        ChatReply {
            local_text: r.local_text,
            platform_text: r.platform_text.into_string(),
            quick_replies: r
                .quick_replies
                .into_iter()
                .map(|q| QuickReplyButton {
                    label: q.label,
                    token: q.token,
                    kind: q.kind.into(),
                })
                .collect(),
            intent: r.intent.into(),
            disclosed: r.categories.iter().map(|c| (*c).into()).collect(),
            answered_alert_id,
            answered_legit,
            alert_id: r.alert_id,
        }
    }
}

/// What the messaging platform may receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DisclosureLevel {
    /// Nothing of the person's data: "I've sent the answer to your phone."
    Minimal,
    /// Rounded, coarse figures ("about $1,200").
    Summary,
    /// Exact figures and merchant names (never account or card numbers).
    Full,
}

impl From<CoreLevel> for DisclosureLevel {
    fn from(l: CoreLevel) -> Self {
        match l {
            CoreLevel::Minimal => DisclosureLevel::Minimal,
            CoreLevel::Summary => DisclosureLevel::Summary,
            CoreLevel::Full => DisclosureLevel::Full,
        }
    }
}

impl From<DisclosureLevel> for CoreLevel {
    fn from(l: DisclosureLevel) -> Self {
        match l {
            DisclosureLevel::Minimal => CoreLevel::Minimal,
            DisclosureLevel::Summary => CoreLevel::Summary,
            DisclosureLevel::Full => CoreLevel::Full,
        }
    }
}

/// Where a fraud alert stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AlertState {
    /// Waiting for the user's answer.
    Open,
    /// The user said it was them.
    ConfirmedLegit,
    /// The user said it was not them.
    ConfirmedFraud,
}

/// A fraud alert, without its amount or merchant (ask `raiseAlert` for the chat texts).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct AlertInfo {
    /// Random id.
    pub id: String,
    /// Why the fraud engine flagged it (codes this version does not know are left out).
    pub reasons: Vec<AlertReason>,
    /// Short human explanations, one per reason (no amounts or names in them).
    pub explanations: Vec<String>,
    /// Where it stands.
    pub status: AlertState,
    /// When it was raised (Unix seconds).
    pub created: i64,
}

impl From<AlertRecord> for AlertInfo {
    fn from(a: AlertRecord) -> AlertInfo {
        AlertInfo {
            id: a.id,
            reasons: a
                .reasons
                .iter()
                .filter_map(|c| AlertReason::parse(c))
                .collect(),
            explanations: a.explanations,
            status: match a.status {
                AlertStatus::Open => AlertState::Open,
                AlertStatus::ConfirmedLegit => AlertState::ConfirmedLegit,
                AlertStatus::ConfirmedFraud => AlertState::ConfirmedFraud,
            },
            created: a.created,
        }
    }
}

/// What an import, host batch or sandbox load stored, and the fraud alerts it raised.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct ImportSummary {
    /// Accounts stored or updated.
    pub accounts: i64,
    /// Transactions received.
    pub received: i64,
    /// New transactions stored.
    pub inserted: i64,
    /// Stored transactions replaced.
    pub updated: i64,
    /// Incoming transactions that changed nothing.
    pub unchanged: i64,
    /// Pending charges settled by a posted transaction.
    pub pending_matched: i64,
    /// Transactions deleted because the source said so.
    pub deleted: i64,
    /// Accounts the source reported a problem with.
    pub account_issues: i64,
    /// One "Was this you?" message per new suspicious episode, already checked by the egress
    /// guard and recorded in the ledger: show them in the chat (with their quick replies).
    pub alerts: Vec<ChatReply>,
}

impl ImportSummary {
    /// Adds another import's counts and alerts to this one.
    pub fn absorb(&mut self, o: ImportSummary) {
        self.accounts = self.accounts.max(o.accounts);
        self.received = self.received.saturating_add(o.received);
        self.inserted = self.inserted.saturating_add(o.inserted);
        self.updated = self.updated.saturating_add(o.updated);
        self.unchanged = self.unchanged.saturating_add(o.unchanged);
        self.pending_matched = self.pending_matched.saturating_add(o.pending_matched);
        self.deleted = self.deleted.saturating_add(o.deleted);
        self.account_issues = self.account_issues.saturating_add(o.account_issues);
        self.alerts.extend(o.alerts);
    }
}

fn n(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl From<IngestOutcome> for ImportSummary {
    fn from(o: IngestOutcome) -> ImportSummary {
        let r = &o.report;
        ImportSummary {
            accounts: n(r.accounts),
            received: n(r.received),
            inserted: n(r.reconcile.inserted),
            updated: n(r.reconcile.updated),
            unchanged: n(r.reconcile.unchanged),
            pending_matched: n(r.reconcile.pending_matched),
            deleted: n(r.deleted),
            account_issues: n(r.issues.len()),
            alerts: o.alerts.into_iter().map(ChatReply::from).collect(),
        }
    }
}

/// What kind of account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AccountType {
    /// Current / checking.
    Checking,
    /// Savings.
    Savings,
    /// Credit card.
    CreditCard,
    /// Loan or mortgage.
    Loan,
    /// Anything else.
    Other,
}

impl From<AccountType> for AccountKind {
    fn from(k: AccountType) -> Self {
        match k {
            AccountType::Checking => AccountKind::Checking,
            AccountType::Savings => AccountKind::Savings,
            AccountType::CreditCard => AccountKind::CreditCard,
            AccountType::Loan => AccountKind::Loan,
            AccountType::Other => AccountKind::Other,
        }
    }
}

/// An account the host app read itself (FinanceKit, bank notifications).
/// Ids follow core's scoping: `<source_id>/...`.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct HostAccount {
    /// `<source_id>/<your id>`.
    pub id: String,
    /// Institution name.
    pub institution: String,
    /// The account's name at the bank.
    pub display_name: String,
    /// The user's own name for it.
    pub nickname: Option<String>,
    /// What kind of account.
    pub kind: AccountType,
    /// ISO 4217 code ("USD").
    pub currency: String,
    /// Last four digits, at most.
    pub last4: Option<String>,
    /// Current balance, minor units, holder's view (a card owing money is negative).
    pub balance_minor: Option<i64>,
    /// Available balance, minor units.
    pub available_minor: Option<i64>,
    /// When the balances held (Unix seconds); required with a balance.
    pub balance_as_of: Option<i64>,
    /// Credit limit, minor units (credit cards).
    pub credit_limit_minor: Option<i64>,
}

impl fmt::Debug for HostAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostAccount")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// A transaction the host app read itself.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct HostTransaction {
    /// `<account_id>#<your id>`.
    pub id: String,
    /// The account's id (one of the batch's accounts).
    pub account_id: String,
    /// Signed minor units, holder's view (purchases negative).
    pub amount_minor: i64,
    /// ISO 4217 code; must be the account's.
    pub currency: String,
    /// Still pending.
    pub pending: bool,
    /// When it happened (Unix seconds).
    pub transacted_at: i64,
    /// When it posted (Unix seconds); `null` while pending.
    pub posted_at: Option<i64>,
    /// The raw description.
    pub description: String,
    /// Merchant name, when known.
    pub merchant: Option<String>,
    /// ISO 18245 merchant category code.
    pub mcc: Option<u16>,
    /// One of core's category codes (`groceries`, `dining`, ...), when known.
    pub category: Option<String>,
    /// Latitude in millionths of a degree.
    pub lat_e6: Option<i32>,
    /// Longitude in millionths of a degree.
    pub lon_e6: Option<i32>,
    /// City.
    pub city: Option<String>,
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
    /// `false` for online / card-not-present.
    pub card_present: Option<bool>,
    /// For a posted transaction, the pending one it settles.
    pub pending_link: Option<String>,
}

impl fmt::Debug for HostTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostTransaction")
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// Accounts and transactions the host app supplies, validated by core before storage.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct HostBatch {
    /// `host` or `host:<name>`.
    pub source_id: String,
    /// Accounts (at most 64).
    pub accounts: Vec<HostAccount>,
    /// Transactions, in any order.
    pub transactions: Vec<HostTransaction>,
    /// Ids of transactions to delete.
    pub deletions: Vec<String>,
}

impl fmt::Debug for HostBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostBatch")
            .field("accounts", &self.accounts.len())
            .field("transactions", &self.transactions.len())
            .finish_non_exhaustive()
    }
}

fn refused(item: &str, field: &str) -> TacitError {
    TacitError::HostBatchRefused {
        reason: format!("{item}: field `{field}` has a bad format"),
    }
}

fn currency(code: &str, item: &str) -> Result<Currency, TacitError> {
    Currency::parse(code).map_err(|_| refused(item, "currency"))
}

fn account(a: HostAccount, source: &SourceId, i: usize) -> Result<Account, TacitError> {
    let item = format!("host batch account {i}");
    let balance = |minor: Option<i64>| -> Result<Option<Balance>, TacitError> {
        match (minor, a.balance_as_of) {
            (Some(minor), Some(as_of)) => Ok(Some(Balance { minor, as_of })),
            (Some(_), None) => Err(refused(&item, "balance_as_of")),
            (None, _) => Ok(None),
        }
    };
    Ok(Account {
        balance: balance(a.balance_minor)?,
        available: balance(a.available_minor)?,
        currency: currency(&a.currency, &item)?,
        id: AccountId(a.id),
        source: source.clone(),
        source_kind: SourceKind::HostFeed,
        institution: a.institution,
        display_name: a.display_name,
        nickname: a.nickname,
        kind: a.kind.into(),
        last4: a.last4,
        full_number: None,
        routing_number: None,
        credit: a.credit_limit_minor.map(|limit| CreditTerms {
            limit: Some(limit),
            ..CreditTerms::default()
        }),
    })
}

fn transaction(t: HostTransaction, i: usize) -> Result<Transaction, TacitError> {
    let item = format!("host batch transaction {i}");
    let category = match t.category.as_deref() {
        Some(c) => Some(Category::parse(c).ok_or_else(|| refused(&item, "category"))?),
        None => None,
    };
    let has_location =
        t.lat_e6.is_some() || t.lon_e6.is_some() || t.city.is_some() || t.country.is_some();
    Ok(Transaction {
        currency: currency(&t.currency, &item)?,
        id: TxnId(t.id),
        account: AccountId(t.account_id),
        amount: t.amount_minor,
        status: if t.pending {
            TxnStatus::Pending
        } else {
            TxnStatus::Posted
        },
        transacted_at: t.transacted_at,
        posted_at: t.posted_at,
        description: t.description,
        merchant: t.merchant,
        mcc: t.mcc,
        category,
        location: has_location.then_some(Location {
            lat_e6: t.lat_e6,
            lon_e6: t.lon_e6,
            city: t.city,
            region: None,
            country: t.country,
        }),
        card_present: t.card_present,
        pending_link: t.pending_link.map(TxnId),
    })
}

impl TryFrom<HostBatch> for ImportBatch {
    type Error = TacitError;

    fn try_from(b: HostBatch) -> Result<ImportBatch, TacitError> {
        let source = SourceId(b.source_id);
        Ok(ImportBatch {
            accounts: b
                .accounts
                .into_iter()
                .enumerate()
                .map(|(i, a)| account(a, &source, i))
                .collect::<Result<_, _>>()?,
            transactions: b
                .transactions
                .into_iter()
                .enumerate()
                .map(|(i, t)| transaction(t, i))
                .collect::<Result<_, _>>()?,
            deletions: b.deletions.into_iter().map(TxnId).collect(),
            account_issues: Vec::new(),
            source: Some(source),
        })
    }
}
