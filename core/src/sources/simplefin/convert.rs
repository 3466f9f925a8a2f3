//! Converts one SimpleFIN Account Set into an [`ImportBatch`]: signed decimal strings to exact
//! minor units (SimpleFIN's sign is already the holder's view: positive = money in),
//! `posted == 0` to pending, v2 `errlist` codes to per-account issues. Bank error messages are
//! dropped here; only their codes shape the result.

use super::error::SimpleFinError;
use super::wire::{self, AccountSet, Amount, WireAccount, WireTxn};
use crate::model::{
    sanitize_text, Account, AccountId, AccountKind, Balance, SourceId, SourceKind, Transaction,
    TxnId, TxnStatus, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
};
use crate::money::{parse_decimal, Currency};
use crate::sources::{AccountIssue, AccountIssueKind, ImportBatch};
use std::collections::HashMap;

/// Longest source-side id accepted (account or transaction), in bytes.
const MAX_RAW_ID_BYTES: usize = 256;

/// Parses a SimpleFIN `/accounts` response body into a batch for `source`.
///
/// Accounts that cannot be represented (a custom currency, a bad id) are skipped with an
/// [`AccountIssueKind::Invalid`] issue, as are single bad transactions; `con.auth` marks the
/// connection's accounts [`AccountIssueKind::ReauthRequired`], other `con.*` and `act.*`
/// codes [`AccountIssueKind::Unavailable`]. Only when no account came back and the bridge
/// reported a general error (`gen.*`, an unknown code, or v1 `errors`) is the result
/// [`SimpleFinError::Bridge`].
pub fn parse_account_set(body: &[u8], source: &SourceId) -> Result<ImportBatch, SimpleFinError> {
    let set = wire::parse(body).map_err(|()| SimpleFinError::Malformed("account set JSON"))?;
    convert(set, source)
}

/// What the errlist said, keyed by the bridge's raw ids.
#[derive(Default)]
struct ErrIndex {
    by_conn: HashMap<String, AccountIssueKind>,
    by_account: HashMap<String, AccountIssueKind>,
    every_account: Option<AccountIssueKind>,
    general: bool,
}

/// `ReauthRequired` outranks `Unavailable` outranks `Invalid` when several apply.
fn worse(a: Option<AccountIssueKind>, b: AccountIssueKind) -> AccountIssueKind {
    let rank = |k: AccountIssueKind| match k {
        AccountIssueKind::ReauthRequired => 3,
        AccountIssueKind::Unavailable => 2,
        AccountIssueKind::Invalid => 1,
    };
    match a {
        Some(a) if rank(a) >= rank(b) => a,
        _ => b,
    }
}

fn index_errors(set: &AccountSet<'_>) -> ErrIndex {
    let mut idx = ErrIndex {
        general: !set.errors.is_empty(),
        ..ErrIndex::default()
    };
    for e in &set.errlist {
        let code = e.code.as_deref().unwrap_or("");
        let kind = if code == "con.auth" {
            AccountIssueKind::ReauthRequired
        } else if code.starts_with("con.") || code.starts_with("act.") {
            AccountIssueKind::Unavailable
        } else {
            idx.general = true; // gen.* and codes this version does not know
            continue;
        };
        let account = e.account_id.as_deref().filter(|_| code.starts_with("act."));
        match (account, e.conn_id.as_deref()) {
            (Some(a), _) => {
                let prev = idx.by_account.get(a).copied();
                idx.by_account.insert(a.to_owned(), worse(prev, kind));
            }
            (None, Some(c)) => {
                let prev = idx.by_conn.get(c).copied();
                idx.by_conn.insert(c.to_owned(), worse(prev, kind));
            }
            (None, None) => idx.every_account = Some(worse(idx.every_account, kind)),
        }
    }
    idx
}

fn convert(set: AccountSet<'_>, source: &SourceId) -> Result<ImportBatch, SimpleFinError> {
    let idx = index_errors(&set);
    let institutions: HashMap<&str, &str> = set
        .connections
        .iter()
        .filter_map(|c| {
            let name = c.org_name.as_deref().or(c.name.as_deref())?;
            Some((c.conn_id.as_ref(), name))
        })
        .collect();
    let txn_count = set.accounts.iter().map(|a| a.transactions.len()).sum();
    let mut batch = ImportBatch {
        source: Some(source.clone()),
        accounts: Vec::with_capacity(set.accounts.len()),
        transactions: Vec::with_capacity(txn_count),
        ..ImportBatch::default()
    };
    let mut seen_conns: Vec<&str> = Vec::new();
    let mut seen_accounts: Vec<&str> = Vec::new();
    for acct in &set.accounts {
        seen_accounts.push(acct.id.as_ref());
        if let Some(c) = acct.conn_id.as_deref() {
            seen_conns.push(c);
        }
        let id = valid_raw_id(&acct.id).map(|raw| AccountId::scoped(source, raw));
        let mut issue = idx.every_account;
        if let Some(k) = acct.conn_id.as_deref().and_then(|c| idx.by_conn.get(c)) {
            issue = Some(worse(issue, *k));
        }
        if let Some(k) = idx.by_account.get(acct.id.as_ref()) {
            issue = Some(worse(issue, *k));
        }
        let institution = acct
            .conn_id
            .as_deref()
            .and_then(|c| institutions.get(c).copied());
        match id.and_then(|id| convert_account(acct, id, source, institution, &mut batch)) {
            Some((id, ok)) => {
                if !ok {
                    issue = Some(worse(issue, AccountIssueKind::Invalid));
                }
                if let Some(kind) = issue {
                    batch.account_issues.push(AccountIssue {
                        account: Some(id),
                        kind,
                    });
                }
            }
            None => {
                let account = valid_raw_id(&acct.id).map(|raw| AccountId::scoped(source, raw));
                batch.account_issues.push(AccountIssue {
                    account,
                    kind: AccountIssueKind::Invalid,
                });
            }
        }
    }
    // Errors about accounts or connections that sent no data still reach the caller.
    for (raw, kind) in &idx.by_account {
        if !seen_accounts.contains(&raw.as_str()) {
            let account = valid_raw_id(raw).map(|r| AccountId::scoped(source, r));
            batch.account_issues.push(AccountIssue {
                account,
                kind: *kind,
            });
        }
    }
    for (conn, kind) in &idx.by_conn {
        if !seen_conns.contains(&conn.as_str()) {
            batch.account_issues.push(AccountIssue {
                account: None,
                kind: *kind,
            });
        }
    }
    if set.accounts.is_empty() {
        if let Some(kind) = idx.every_account {
            batch.account_issues.push(AccountIssue {
                account: None,
                kind,
            });
        }
    }
    if batch.accounts.is_empty() && batch.account_issues.is_empty() && idx.general {
        return Err(SimpleFinError::Bridge);
    }
    Ok(batch)
}

/// [`sanitize_text`] with a fast path for the common case, plain printable ASCII already in
/// canonical form, which it would return unchanged.
fn clean(raw: &str, max_chars: usize) -> String {
    let canonical = raw.len() <= max_chars
        && !raw.starts_with(' ')
        && !raw.ends_with(' ')
        && !raw.contains("  ")
        && raw.bytes().all(|b| (0x20..0x7f).contains(&b));
    if canonical {
        raw.to_owned()
    } else {
        sanitize_text(raw, max_chars)
    }
}

fn valid_raw_id(raw: &str) -> Option<&str> {
    let ok = !raw.is_empty() && raw.len() <= MAX_RAW_ID_BYTES && !raw.chars().any(char::is_control);
    ok.then_some(raw)
}

/// Converts one amount to minor units of a currency with `exponent` digits.
fn minor_units(amount: &Amount<'_>, exponent: u32) -> Option<i64> {
    match amount {
        Amount::Text(t) => parse_decimal(t, exponent, false).ok(),
        Amount::Integer(i) => i
            .checked_mul(10i128.pow(exponent))
            .and_then(|v| i64::try_from(v).ok()),
        Amount::Inexact => None,
    }
}

/// A best guess at the account kind: SimpleFIN has no type field, so the name (and a
/// negative balance, which on a card means money owed) is all there is.
fn guess_kind(name: &str, balance: Option<i64>) -> AccountKind {
    let n = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&[
        "credit",
        "card",
        "visa",
        "mastercard",
        "amex",
        "express",
        "discover",
    ]) {
        AccountKind::CreditCard
    } else if has(&["saving", "money market", "cd "]) {
        AccountKind::Savings
    } else if has(&["mortgage", "loan", "heloc", "auto"]) {
        AccountKind::Loan
    } else if has(&["checking", "chequing", "current", "debit"]) {
        AccountKind::Checking
    } else if balance.is_some_and(|b| b < 0) {
        AccountKind::CreditCard
    } else {
        AccountKind::Other
    }
}

/// Converts an account and appends its transactions. `None` when the account itself cannot
/// be represented; otherwise its id and whether every transaction converted.
fn convert_account(
    acct: &WireAccount<'_>,
    id: AccountId,
    source: &SourceId,
    institution: Option<&str>,
    batch: &mut ImportBatch,
) -> Option<(AccountId, bool)> {
    let currency = Currency::parse(acct.currency.as_deref()?).ok()?;
    let exp = currency.exponent();
    let as_of = acct.balance_date.and_then(|t| t.0).unwrap_or(0);
    let mut ok = true;
    let mut balance_of = |a: &Option<Amount<'_>>| match a {
        None => None,
        Some(a) => {
            let v = minor_units(a, exp);
            ok &= v.is_some();
            v.map(|minor| Balance { minor, as_of })
        }
    };
    let balance = balance_of(&acct.balance);
    let available = balance_of(&acct.available_balance);
    let display_name = clean(acct.name.as_deref().unwrap_or(""), MAX_NAME_CHARS);
    let org_name = acct
        .org
        .as_ref()
        .and_then(|o| o.name.as_deref().or(o.domain.as_deref()));
    let institution = clean(institution.or(org_name).unwrap_or(""), MAX_NAME_CHARS);
    let kind = guess_kind(&display_name, balance.map(|b| b.minor));
    for t in &acct.transactions {
        match convert_txn(t, &id, currency, as_of) {
            Some(txn) => batch.transactions.push(txn),
            None => ok = false,
        }
    }
    batch.accounts.push(Account {
        id: id.clone(),
        source: source.clone(),
        source_kind: SourceKind::SimpleFin,
        institution,
        display_name,
        nickname: None,
        kind,
        currency,
        last4: None,
        full_number: None,
        routing_number: None,
        balance,
        available,
        credit: None,
    });
    Some((id, ok))
}

fn convert_txn(
    t: &WireTxn<'_>,
    account: &AccountId,
    currency: Currency,
    fallback_ts: i64,
) -> Option<Transaction> {
    let raw = valid_raw_id(&t.id)?;
    let amount = minor_units(&t.amount, currency.exponent())?;
    let posted = t.posted.and_then(|p| p.0).filter(|p| *p > 0);
    let pending = posted.is_none() || t.pending == Some(true);
    let transacted_at = t
        .transacted_at
        .and_then(|x| x.0)
        .filter(|x| *x > 0)
        .or(posted)
        .unwrap_or(fallback_ts);
    let text = t.description.as_deref().filter(|d| !d.trim().is_empty());
    let text = text
        .or(t.memo.as_deref())
        .or(t.payee.as_deref())
        .unwrap_or("");
    let merchant = t
        .payee
        .as_deref()
        .map(|p| clean(p, MAX_NAME_CHARS))
        .filter(|p| !p.is_empty());
    Some(Transaction {
        id: TxnId::scoped(account, raw),
        account: account.clone(),
        amount,
        currency,
        status: if pending {
            TxnStatus::Pending
        } else {
            TxnStatus::Posted
        },
        transacted_at,
        posted_at: if pending { None } else { posted },
        description: clean(text, MAX_DESCRIPTION_CHARS),
        merchant,
        mcc: None,
        category: None,
        location: None,
        card_present: None,
        pending_link: None,
    })
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
