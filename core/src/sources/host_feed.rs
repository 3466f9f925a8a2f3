//! The host feed: transactions the host app reads itself (on iOS, from FinanceKit) and hands
//! over already in the normalised shape. The host is trusted to be the user's own app but not
//! to be bug-free, so every batch is validated here before reconciliation and the vault see
//! it: ids scoped and bounded, amounts and timestamps sane, every transaction's account
//! present, currencies consistent, texts sanitised. Errors name the item index and the field,
//! never the offending value.

use super::ImportBatch;
use crate::model::{
    sanitize_text, Account, Location, SourceKind, Transaction, TxnStatus, MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
};
use crate::time::{days_from_civil, Date, Timestamp, DAY};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// Largest absolute amount or balance accepted, in minor units (a billion dollars in cents).
pub const MAX_ABS_MINOR: i64 = 100_000_000_000;
/// Most accounts in one batch.
pub const MAX_ACCOUNTS: usize = 64;
/// Most transactions (or deletions) in one batch.
pub const MAX_TRANSACTIONS: usize = 200_000;
/// Earliest timestamp accepted: 1990-01-01T00:00Z.
pub const EARLIEST_TS: Timestamp = 631_152_000;
/// How far in the future a timestamp may lie (clock skew, time zones, value dates).
pub const FUTURE_SLACK: i64 = 2 * DAY;
/// Highest APR accepted, basis points (100 %).
pub const MAX_APR_BPS: u32 = 10_000;

/// Which part of the batch an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedItem {
    /// The batch itself.
    Batch,
    /// `accounts[i]`.
    Account(usize),
    /// `transactions[i]`.
    Transaction(usize),
    /// `deletions[i]`.
    Deletion(usize),
    /// `account_issues[i]`.
    AccountIssue(usize),
}

/// What is wrong with the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedProblem {
    /// Required but absent.
    Missing,
    /// Empty where a value is required.
    Empty,
    /// Longer than allowed.
    TooLong,
    /// Characters or shape not allowed.
    BadFormat,
    /// A number outside its sane range.
    OutOfRange,
    /// A time later than now plus [`FUTURE_SLACK`].
    InFuture,
    /// A time before [`EARLIEST_TS`].
    TooOld,
    /// The same id appears twice.
    Duplicate,
    /// Names an account that is not in the batch.
    UnknownAccount,
    /// Currency differs from the account's.
    CurrencyMismatch,
    /// Not scoped to the host feed's source or to its account.
    WrongScope,
    /// Contradicts another field (a pending transaction with a posting time, say).
    Inconsistent,
    /// More items than a batch may hold.
    TooMany,
}

/// Why a host batch was refused. Carries positions and field names only, never values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedError {
    /// Where.
    pub item: FeedItem,
    /// The field's name, e.g. `"amount"` or `"location.lat_e6"`.
    pub field: &'static str,
    /// What is wrong.
    pub problem: FeedProblem,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            FeedItem::Batch => write!(f, "host batch")?,
            FeedItem::Account(i) => write!(f, "host batch account {i}")?,
            FeedItem::Transaction(i) => write!(f, "host batch transaction {i}")?,
            FeedItem::Deletion(i) => write!(f, "host batch deletion {i}")?,
            FeedItem::AccountIssue(i) => write!(f, "host batch account issue {i}")?,
        }
        write!(
            f,
            ": field `{}` {}",
            self.field,
            match self.problem {
                FeedProblem::Missing => "is missing",
                FeedProblem::Empty => "is empty",
                FeedProblem::TooLong => "is too long",
                FeedProblem::BadFormat => "has a bad format",
                FeedProblem::OutOfRange => "is out of range",
                FeedProblem::InFuture => "is in the future",
                FeedProblem::TooOld => "is too old",
                FeedProblem::Duplicate => "is a duplicate",
                FeedProblem::UnknownAccount => "names an account not in the batch",
                FeedProblem::CurrencyMismatch => "differs from the account currency",
                FeedProblem::WrongScope => "is not scoped to the host source",
                FeedProblem::Inconsistent => "contradicts another field",
                FeedProblem::TooMany => "has too many items",
            }
        )
    }
}

impl std::error::Error for FeedError {}

/// Checks and sanitises a batch the host supplied, as of `now`. Returns the batch with texts
/// sanitised (control and invisible characters removed, lengths capped, empty optional texts
/// dropped, country codes upper-cased), or the first problem found.
///
/// Ids must follow the scoping convention: the source id is `host` or starts with `host:`,
/// account ids start with `<source>/`, transaction ids (and pending links and deletions) with
/// `<account>#`, so a host cannot write into another source's or account's records.
pub fn validate_host_batch(batch: ImportBatch, now: Timestamp) -> Result<ImportBatch, FeedError> {
    let err = |item, field, problem| FeedError {
        item,
        field,
        problem,
    };
    let source =
        batch
            .source
            .clone()
            .ok_or(err(FeedItem::Batch, "source", FeedProblem::Missing))?;
    check_id(source.as_str()).map_err(|p| err(FeedItem::Batch, "source", p))?;
    let s = source.as_str();
    if s != "host" && !s.starts_with("host:") {
        return Err(err(FeedItem::Batch, "source", FeedProblem::WrongScope));
    }
    if batch.accounts.len() > MAX_ACCOUNTS {
        return Err(err(FeedItem::Batch, "accounts", FeedProblem::TooMany));
    }
    if batch.transactions.len() > MAX_TRANSACTIONS {
        return Err(err(FeedItem::Batch, "transactions", FeedProblem::TooMany));
    }
    if batch.deletions.len() > MAX_TRANSACTIONS {
        return Err(err(FeedItem::Batch, "deletions", FeedProblem::TooMany));
    }
    let times = TimeBounds { now };
    let account_prefix = format!("{s}/");
    let mut accounts = Vec::with_capacity(batch.accounts.len());
    let mut currencies = HashMap::new();
    for (i, a) in batch.accounts.into_iter().enumerate() {
        let item = FeedItem::Account(i);
        let a = account(a, &source, &account_prefix, &times).map_err(|(f, p)| err(item, f, p))?;
        if currencies.insert(a.id.clone(), a.currency).is_some() {
            return Err(err(item, "id", FeedProblem::Duplicate));
        }
        accounts.push(a);
    }
    let mut seen = HashSet::new();
    let mut transactions = Vec::with_capacity(batch.transactions.len());
    for (i, t) in batch.transactions.into_iter().enumerate() {
        let item = FeedItem::Transaction(i);
        let t = transaction(t, &currencies, &times).map_err(|(f, p)| err(item, f, p))?;
        if !seen.insert(t.id.clone()) {
            return Err(err(item, "id", FeedProblem::Duplicate));
        }
        transactions.push(t);
    }
    for (i, id) in batch.deletions.iter().enumerate() {
        let item = FeedItem::Deletion(i);
        check_id(id.as_str()).map_err(|p| err(item, "id", p))?;
        let scoped = currencies.keys().any(|a| {
            id.as_str()
                .strip_prefix(a.as_str())
                .is_some_and(|r| r.starts_with('#'))
        });
        if !scoped {
            return Err(err(item, "id", FeedProblem::WrongScope));
        }
    }
    for (i, issue) in batch.account_issues.iter().enumerate() {
        if issue
            .account
            .as_ref()
            .is_some_and(|a| !currencies.contains_key(a))
        {
            return Err(err(
                FeedItem::AccountIssue(i),
                "account",
                FeedProblem::UnknownAccount,
            ));
        }
    }
    Ok(ImportBatch {
        source: Some(source),
        accounts,
        transactions,
        deletions: batch.deletions,
        account_issues: batch.account_issues,
    })
}

type FieldResult<T> = Result<T, (&'static str, FeedProblem)>;

/// The window of acceptable instants.
struct TimeBounds {
    now: Timestamp,
}

impl TimeBounds {
    fn check(&self, ts: Timestamp) -> Result<(), FeedProblem> {
        if ts < EARLIEST_TS {
            Err(FeedProblem::TooOld)
        } else if ts > self.now.saturating_add(FUTURE_SLACK) {
            Err(FeedProblem::InFuture)
        } else {
            Ok(())
        }
    }

    /// Due dates may lie up to a year and a bit ahead.
    fn check_date(&self, d: Date) -> Result<(), FeedProblem> {
        if Date::new(d.year, d.month, d.day).is_none() {
            return Err(FeedProblem::BadFormat);
        }
        let ts = days_from_civil(d.year, d.month, d.day).saturating_mul(DAY);
        if ts < EARLIEST_TS {
            Err(FeedProblem::TooOld)
        } else if ts > self.now.saturating_add(400 * DAY) {
            Err(FeedProblem::InFuture)
        } else {
            Ok(())
        }
    }
}

/// An id: non-empty, bounded, no control or invisible characters.
fn check_id(id: &str) -> Result<(), FeedProblem> {
    if id.is_empty() {
        return Err(FeedProblem::Empty);
    }
    if id.len() > MAX_ID_BYTES {
        return Err(FeedProblem::TooLong);
    }
    if sanitize_text(id, MAX_ID_BYTES) != id {
        return Err(FeedProblem::BadFormat);
    }
    Ok(())
}

fn check_minor(v: i64) -> Result<(), FeedProblem> {
    if v.checked_abs().is_some_and(|a| a <= MAX_ABS_MINOR) {
        Ok(())
    } else {
        Err(FeedProblem::OutOfRange)
    }
}

/// A sanitised optional text; empty after sanitising becomes `None`.
fn opt_text(t: Option<String>, max: usize) -> Option<String> {
    t.map(|s| sanitize_text(&s, max)).filter(|s| !s.is_empty())
}

/// ASCII alphanumerics of a bounded length.
fn check_number(s: &str, min: usize, max: usize, digits_only: bool) -> Result<(), FeedProblem> {
    if s.len() < min || s.len() > max {
        return Err(FeedProblem::BadFormat);
    }
    let ok = if digits_only {
        s.bytes().all(|b| b.is_ascii_digit())
    } else {
        s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if ok {
        Ok(())
    } else {
        Err(FeedProblem::BadFormat)
    }
}

fn account(
    mut a: Account,
    source: &crate::model::SourceId,
    prefix: &str,
    times: &TimeBounds,
) -> FieldResult<Account> {
    check_id(a.id.as_str()).map_err(|p| ("id", p))?;
    if !a.id.as_str().starts_with(prefix) || a.id.as_str().len() == prefix.len() {
        return Err(("id", FeedProblem::WrongScope));
    }
    if &a.source != source {
        return Err(("source", FeedProblem::WrongScope));
    }
    if a.source_kind != SourceKind::HostFeed {
        return Err(("source_kind", FeedProblem::WrongScope));
    }
    a.institution = sanitize_text(&a.institution, MAX_NAME_CHARS);
    a.display_name = sanitize_text(&a.display_name, MAX_NAME_CHARS);
    a.nickname = opt_text(a.nickname, MAX_NAME_CHARS);
    if let Some(l) = &a.last4 {
        check_number(l, 1, 4, true).map_err(|p| ("last4", p))?;
    }
    if let Some(n) = &a.full_number {
        check_number(n, 4, 34, false).map_err(|p| ("full_number", p))?;
    }
    if let Some(n) = &a.routing_number {
        check_number(n, 6, 11, false).map_err(|p| ("routing_number", p))?;
    }
    for (field, bal) in [("balance", a.balance), ("available", a.available)] {
        if let Some(b) = bal {
            check_minor(b.minor).map_err(|p| (field, p))?;
            times.check(b.as_of).map_err(|p| (field, p))?;
        }
    }
    if let Some(c) = &a.credit {
        let non_negative = |v: Option<i64>, field| match v {
            Some(v) if v < 0 => Err((field, FeedProblem::OutOfRange)),
            Some(v) => check_minor(v).map_err(|p| (field, p)),
            None => Ok(()),
        };
        non_negative(c.limit, "credit.limit")?;
        non_negative(c.minimum_payment, "credit.minimum_payment")?;
        if let Some(v) = c.statement_balance {
            check_minor(v).map_err(|p| ("credit.statement_balance", p))?;
        }
        if let Some(d) = c.due_date {
            times.check_date(d).map_err(|p| ("credit.due_date", p))?;
        }
        if c.apr_bps.is_some_and(|r| r > MAX_APR_BPS) {
            return Err(("credit.apr_bps", FeedProblem::OutOfRange));
        }
    }
    Ok(a)
}

fn transaction(
    mut t: Transaction,
    currencies: &HashMap<crate::model::AccountId, crate::money::Currency>,
    times: &TimeBounds,
) -> FieldResult<Transaction> {
    check_id(t.id.as_str()).map_err(|p| ("id", p))?;
    let currency = *currencies
        .get(&t.account)
        .ok_or(("account", FeedProblem::UnknownAccount))?;
    let in_account = |id: &str| {
        id.strip_prefix(t.account.as_str())
            .is_some_and(|rest| rest.len() > 1 && rest.starts_with('#'))
    };
    if !in_account(t.id.as_str()) {
        return Err(("id", FeedProblem::WrongScope));
    }
    if t.currency != currency {
        return Err(("currency", FeedProblem::CurrencyMismatch));
    }
    check_minor(t.amount).map_err(|p| ("amount", p))?;
    times
        .check(t.transacted_at)
        .map_err(|p| ("transacted_at", p))?;
    match (t.status, t.posted_at) {
        (TxnStatus::Pending, Some(_)) => return Err(("posted_at", FeedProblem::Inconsistent)),
        (_, Some(p)) => times.check(p).map_err(|e| ("posted_at", e))?,
        _ => {}
    }
    if let Some(link) = &t.pending_link {
        check_id(link.as_str()).map_err(|p| ("pending_link", p))?;
        if t.status == TxnStatus::Pending {
            return Err(("pending_link", FeedProblem::Inconsistent));
        }
        if !in_account(link.as_str()) {
            return Err(("pending_link", FeedProblem::WrongScope));
        }
    }
    if t.mcc.is_some_and(|m| m > 9999) {
        return Err(("mcc", FeedProblem::OutOfRange));
    }
    t.description = sanitize_text(&t.description, MAX_DESCRIPTION_CHARS);
    t.merchant = opt_text(t.merchant, MAX_NAME_CHARS);
    t.location = t.location.map(location).transpose()?;
    Ok(t)
}

fn location(mut l: Location) -> FieldResult<Location> {
    if l.lat_e6
        .is_some_and(|v| !(-90_000_000..=90_000_000).contains(&v))
    {
        return Err(("location.lat_e6", FeedProblem::OutOfRange));
    }
    if l.lon_e6
        .is_some_and(|v| !(-180_000_000..=180_000_000).contains(&v))
    {
        return Err(("location.lon_e6", FeedProblem::OutOfRange));
    }
    l.city = opt_text(l.city, MAX_NAME_CHARS);
    l.region = opt_text(l.region, MAX_NAME_CHARS);
    if let Some(c) = &l.country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(("location.country", FeedProblem::BadFormat));
        }
        l.country = Some(c.to_ascii_uppercase());
    }
    Ok(l)
}

#[cfg(test)]
mod tests;
