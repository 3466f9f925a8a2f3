//! The one normalised model every bank source is converted into, once, on ingest.
//!
//! Amounts are signed minor units from the account holder's view: money in is positive, money
//! out (purchases, fees, card charges) negative, whatever the source's own convention was.
//! `Debug` on these types never prints amounts, names, descriptions or numbers: a stray `{:?}`
//! in a log must not leak a person's finances.

use crate::money::Currency;
use crate::time::{Date, Timestamp};
use std::fmt;

/// Longest raw description kept, in characters; longer ones are cut.
pub const MAX_DESCRIPTION_CHARS: usize = 256;
/// Longest merchant, display name or institution kept, in characters.
pub const MAX_NAME_CHARS: usize = 128;

/// Which kind of source data came from; part of every scoped id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    /// A SimpleFIN bridge connection.
    SimpleFin,
    /// An OFX or QFX statement file.
    Ofx,
    /// Transactions the host app supplied (FinanceKit, bank notifications).
    HostFeed,
    /// The built-in deterministic sandbox bank.
    Sandbox,
}

impl SourceKind {
    /// Stable short name used in ids and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceKind::SimpleFin => "simplefin",
            SourceKind::Ofx => "ofx",
            SourceKind::HostFeed => "host",
            SourceKind::Sandbox => "sandbox",
        }
    }

    /// Inverse of [`SourceKind::as_str`].
    pub fn parse(s: &str) -> Option<SourceKind> {
        Some(match s {
            "simplefin" => SourceKind::SimpleFin,
            "ofx" => SourceKind::Ofx,
            "host" => SourceKind::HostFeed,
            "sandbox" => SourceKind::Sandbox,
            _ => return None,
        })
    }
}

macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text (may contain account numbers: never log it).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(<{} chars>)"), self.0.chars().count())
            }
        }
    };
}

opaque_id!(
    /// A connection to one bank source, e.g. `simplefin:<connection>` or `ofx:<org>:<fid>`.
    SourceId
);
opaque_id!(
    /// An account id scoped to its source: `<source id>/<source's account id>`.
    AccountId
);
opaque_id!(
    /// A transaction id scoped to its source and account.
    TxnId
);

impl AccountId {
    /// Scopes a source's own account id.
    pub fn scoped(source: &SourceId, raw: &str) -> AccountId {
        AccountId(join3(&source.0, '/', raw))
    }
}

impl TxnId {
    /// Scopes a source's own transaction id to its account.
    pub fn scoped(account: &AccountId, raw: &str) -> TxnId {
        TxnId(join3(&account.0, '#', raw))
    }
}

/// `a`, `sep`, `b` in one exactly sized allocation (ids are built once per imported
/// transaction; `format!` costs several times more).
fn join3(a: &str, sep: char, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + sep.len_utf8() + b.len());
    s.push_str(a);
    s.push(sep);
    s.push_str(b);
    s
}

/// What an account is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// Current / checking account.
    Checking,
    /// Savings account.
    Savings,
    /// Credit card.
    CreditCard,
    /// Loan or mortgage.
    Loan,
    /// Anything else (line of credit, money market, ...).
    Other,
}

impl AccountKind {
    /// Stable short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            AccountKind::Checking => "checking",
            AccountKind::Savings => "savings",
            AccountKind::CreditCard => "credit_card",
            AccountKind::Loan => "loan",
            AccountKind::Other => "other",
        }
    }

    /// Inverse of [`AccountKind::as_str`].
    pub fn parse(s: &str) -> Option<AccountKind> {
        Some(match s {
            "checking" => AccountKind::Checking,
            "savings" => AccountKind::Savings,
            "credit_card" => AccountKind::CreditCard,
            "loan" => AccountKind::Loan,
            "other" => AccountKind::Other,
            _ => return None,
        })
    }

    /// How a person would name it in a sentence ("checking account", "credit card").
    pub fn human(&self) -> &'static str {
        match self {
            AccountKind::Checking => "checking account",
            AccountKind::Savings => "savings account",
            AccountKind::CreditCard => "credit card",
            AccountKind::Loan => "loan",
            AccountKind::Other => "account",
        }
    }
}

/// A balance and when the source said it held.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    /// Signed minor units from the holder's view (a credit card owing money is negative).
    pub minor: i64,
    /// When the source computed it.
    pub as_of: Timestamp,
}

impl fmt::Debug for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Balance(<redacted>)")
    }
}

/// Terms of a credit account, when the source gives them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CreditTerms {
    /// Credit limit in minor units (positive).
    pub limit: Option<i64>,
    /// Last statement balance owed, in minor units (positive = owed).
    pub statement_balance: Option<i64>,
    /// Minimum payment due, minor units.
    pub minimum_payment: Option<i64>,
    /// Payment due date.
    pub due_date: Option<Date>,
    /// Purchase APR in basis points (2499 = 24.99 %).
    pub apr_bps: Option<u32>,
}

impl fmt::Debug for CreditTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CreditTerms(<redacted>)")
    }
}

/// One bank account.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// Stable id scoped to its source.
    pub id: AccountId,
    /// The source it came from.
    pub source: SourceId,
    /// The kind of source.
    pub source_kind: SourceKind,
    /// Institution name ("First Example Bank").
    pub institution: String,
    /// The account's display name at the bank.
    pub display_name: String,
    /// A name the user gave it ("bills card"), if any.
    pub nickname: Option<String>,
    /// What kind of account.
    pub kind: AccountKind,
    /// Currency of its amounts.
    pub currency: Currency,
    /// Last four digits of the account or card number, at most.
    pub last4: Option<String>,
    /// The full account number when the source gave it: stored encrypted, used only by the
    /// egress guard and device-only replies, never rendered for the platform.
    pub full_number: Option<String>,
    /// The routing number when known (device-only, like `full_number`).
    pub routing_number: Option<String>,
    /// Current (ledger) balance.
    pub balance: Option<Balance>,
    /// Available balance.
    pub available: Option<Balance>,
    /// Credit terms for credit accounts.
    pub credit: Option<CreditTerms>,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("kind", &self.kind)
            .field("source_kind", &self.source_kind)
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}

/// Pending or posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TxnStatus {
    /// Authorised, not yet settled; may change amount or vanish.
    Pending,
    /// Settled.
    Posted,
}

/// Spending categories. A small fixed set so that chat questions ("groceries") and fraud
/// statistics share one vocabulary across sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Supermarkets and grocery stores.
    Groceries,
    /// Restaurants, cafes, food delivery.
    Dining,
    /// Fuel, transit, ride hailing, parking.
    Transport,
    /// General retail, online shopping.
    Shopping,
    /// Films, games, streaming, events.
    Entertainment,
    /// Flights, hotels, car rental.
    Travel,
    /// Pharmacy, doctors, fitness.
    Health,
    /// Utilities, phone, internet, insurance.
    Bills,
    /// Rent and mortgage.
    Housing,
    /// Recurring subscriptions.
    Subscriptions,
    /// Salary and other income.
    Income,
    /// Transfers between accounts and to people, card payments.
    Transfer,
    /// Bank fees and interest charged.
    Fees,
    /// Cash withdrawals.
    Cash,
    /// Personal care, home, kids, pets, gifts and the rest.
    Other,
}

impl Category {
    /// Every category, in a stable order.
    pub const ALL: [Category; 15] = [
        Category::Groceries,
        Category::Dining,
        Category::Transport,
        Category::Shopping,
        Category::Entertainment,
        Category::Travel,
        Category::Health,
        Category::Bills,
        Category::Housing,
        Category::Subscriptions,
        Category::Income,
        Category::Transfer,
        Category::Fees,
        Category::Cash,
        Category::Other,
    ];

    /// Stable short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Category::Groceries => "groceries",
            Category::Dining => "dining",
            Category::Transport => "transport",
            Category::Shopping => "shopping",
            Category::Entertainment => "entertainment",
            Category::Travel => "travel",
            Category::Health => "health",
            Category::Bills => "bills",
            Category::Housing => "housing",
            Category::Subscriptions => "subscriptions",
            Category::Income => "income",
            Category::Transfer => "transfer",
            Category::Fees => "fees",
            Category::Cash => "cash",
            Category::Other => "other",
        }
    }

    /// Inverse of [`Category::as_str`].
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// Stable small code for compact encodings.
    pub fn code(&self) -> u8 {
        Category::ALL.iter().position(|c| c == self).unwrap_or(14) as u8
    }

    /// Inverse of [`Category::code`].
    pub fn from_code(code: u8) -> Option<Category> {
        Category::ALL.get(usize::from(code)).copied()
    }
}

/// Where a transaction happened. Coordinates in micro-degrees (integers, like money).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Latitude in millionths of a degree.
    pub lat_e6: Option<i32>,
    /// Longitude in millionths of a degree.
    pub lon_e6: Option<i32>,
    /// City name.
    pub city: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Location(<redacted>)")
    }
}

/// One transaction, normalised.
#[derive(Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Id scoped to source and account.
    pub id: TxnId,
    /// The account it belongs to.
    pub account: AccountId,
    /// Signed minor units from the holder's view (purchases negative).
    pub amount: i64,
    /// Currency of `amount`.
    pub currency: Currency,
    /// Pending or posted.
    pub status: TxnStatus,
    /// When it happened (authorisation time).
    pub transacted_at: Timestamp,
    /// When it posted; `None` while pending.
    pub posted_at: Option<Timestamp>,
    /// The raw description, sanitised (no control characters, at most
    /// [`MAX_DESCRIPTION_CHARS`]).
    pub description: String,
    /// Normalised merchant name, when known.
    pub merchant: Option<String>,
    /// ISO 18245 merchant category code, when known.
    pub mcc: Option<u16>,
    /// Spending category, when known.
    pub category: Option<Category>,
    /// Where, when known.
    pub location: Option<Location>,
    /// Whether the card was present (`Some(false)` = online / card-not-present).
    pub card_present: Option<bool>,
    /// For a posted transaction, the pending one it settles, when the source says so.
    pub pending_link: Option<TxnId>,
}

impl fmt::Debug for Transaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transaction")
            .field("status", &self.status)
            .field("currency", &self.currency)
            .field("category", &self.category)
            .finish_non_exhaustive()
    }
}

/// Removes control characters (including bidi overrides and zero-width joiners that could
/// disguise text), folds runs of white space, and caps the length in characters.
pub fn sanitize_text(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut count = 0;
    let mut last_space = true;
    for c in raw.chars() {
        if count >= max_chars {
            break;
        }
        let is_invisible =
            matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF);
        if c.is_control() || is_invisible {
            if (c == '\t' || c == '\n' || c == '\r') && !last_space {
                out.push(' ');
                count += 1;
                last_space = true;
            }
            continue;
        }
        if c.is_whitespace() {
            if last_space {
                continue;
            }
            out.push(' ');
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
        count += 1;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes() {
        assert_eq!(
            sanitize_text("  POS\u{0}  DEBIT\r\nSTORE\u{202E}1 ", 100),
            "POS DEBIT STORE1"
        );
        assert_eq!(sanitize_text("abcdef", 3), "abc");
        assert_eq!(sanitize_text("", 3), "");
    }

    #[test]
    fn debug_redacts() {
        let id = AccountId("ofx:123/987654321".into());
        assert!(!format!("{id:?}").contains("987654321"));
    }

    #[test]
    fn category_codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }
}
