//! The normalised statement the CSV, QIF and CAMT readers produce, and its conversion into
//! a [`StatementImport`]: one account per statement, ids, totals for the self-check.
//!
//! Transaction identity, for formats without a bank id on every entry (CSV, QIF): a hash of
//! the entry's content (day, amount, currency, description) plus its occurrence among the
//! entries with the same content in the file. Two rows identical in every field are two
//! transactions (occurrences 1 and 2); the same rows in the next, overlapping export get the
//! same ids, so importing them again adds nothing. When the bank gives an id (CAMT
//! `AcctSvcrRef`, a CSV reference column) it is the identity instead, with the same
//! occurrence rule for an id repeated inside one statement.

use super::statement::{ImportNote, StatementFormat, StatementImport, StatementTotals};
use super::ImportBatch;
use crate::model::{
    sanitize_text, Account, AccountId, AccountKind, Balance, SourceId, SourceKind, Transaction,
    TxnId, TxnStatus, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
};
use crate::money::Currency;
use crate::sources::ofx::normalize_merchant;
use crate::time::Timestamp;
use std::collections::HashMap;
use std::hash::Hasher;

/// One entry of a statement.
#[derive(Clone)]
pub(crate) struct Entry {
    /// Booking day (12:00 UTC).
    pub(crate) booked: Timestamp,
    /// The day the transaction happened, when the file gives another one.
    pub(crate) transacted: Option<Timestamp>,
    /// Signed minor units, the holder's view (money out negative).
    pub(crate) amount: i64,
    pub(crate) currency: Currency,
    pub(crate) description: String,
    /// The bank's own id for the entry, when it gives one.
    pub(crate) reference: Option<String>,
}

/// One account's statement.
pub(crate) struct Stmt {
    /// The account's identity within the source: an IBAN or account number from the file,
    /// or the name the person chose.
    pub(crate) account_key: String,
    /// A number to show the last four digits of, when the file gives one.
    pub(crate) number: Option<String>,
    pub(crate) kind: AccountKind,
    pub(crate) currency: Currency,
    pub(crate) opening: Option<Balance>,
    pub(crate) closing: Option<Balance>,
    pub(crate) entries: Vec<Entry>,
}

/// Builds the import of `statements` read as `format` from the source named `origin`
/// (an institution, or the person's name for the account).
pub(crate) fn build(
    format: StatementFormat,
    origin: &str,
    institution: &str,
    statements: Vec<Stmt>,
    notes: Vec<ImportNote>,
) -> StatementImport {
    let prefix = match format {
        StatementFormat::Ofx => "ofx",
        StatementFormat::Csv => "csv",
        StatementFormat::Qif => "qif",
        StatementFormat::Camt053 => "camt",
    };
    let source = SourceId(format!(
        "{prefix}:{}",
        sanitize_text(origin, MAX_NAME_CHARS)
    ));
    let mut accounts: Vec<Account> = Vec::new();
    let mut transactions = Vec::new();
    let mut totals = Vec::with_capacity(statements.len());
    let mut seen: HashMap<(usize, String), u32> = HashMap::new();
    for stmt in statements {
        let id = AccountId::scoped(&source, &stmt.account_key);
        let index = match accounts.iter().position(|a| a.id == id) {
            Some(i) => {
                if let Some(a) = accounts.get_mut(i) {
                    if stmt
                        .closing
                        .is_some_and(|c| a.balance.is_none_or(|b| c.as_of >= b.as_of))
                    {
                        a.balance = stmt.closing;
                    }
                }
                i
            }
            None => {
                accounts.push(account(&source, id.clone(), institution, &stmt));
                accounts.len() - 1
            }
        };
        let mut total = StatementTotals::new(id.clone(), stmt.currency);
        total.opening = stmt.opening;
        total.closing = stmt.closing;
        total.start = stmt.entries.iter().map(|e| e.booked).min();
        for e in stmt.entries {
            total.add(e.amount, e.currency);
            let key = match &e.reference {
                Some(r) => format!("ref:{r}"),
                None => content_key(&e),
            };
            let n = seen.entry((index, key.clone())).or_insert(0);
            *n += 1;
            let raw = if *n == 1 && e.reference.is_some() {
                key
            } else {
                format!("{key}:{n}")
            };
            transactions.push(transaction(&id, &raw, e));
        }
        totals.push(total);
    }
    StatementImport {
        format,
        batch: ImportBatch {
            source: Some(source),
            accounts,
            transactions,
            deletions: Vec::new(),
            account_issues: Vec::new(),
        },
        totals,
        notes,
    }
}

/// The content hash of an entry without a bank id: SipHash-2-4 under a fixed key over its
/// day, amount, currency and description (an identity, not a secret; fixed so that it is
/// the same on every device and in every release).
fn content_key(e: &Entry) -> String {
    let mut h =
        siphasher::sip::SipHasher24::new_with_keys(0x7461_6369_745f_6373, 0x765f_6964_0000_0001);
    h.write_i64(e.booked);
    h.write_i64(e.amount);
    h.write(&e.currency.bytes());
    h.write(e.description.as_bytes());
    format!("{:016x}", h.finish())
}

fn account(source: &SourceId, id: AccountId, institution: &str, s: &Stmt) -> Account {
    let number = s.number.as_deref().unwrap_or("");
    Account {
        id,
        source: source.clone(),
        source_kind: SourceKind::Ofx,
        institution: sanitize_text(institution, MAX_NAME_CHARS),
        display_name: match s.kind {
            AccountKind::Checking => "Checking",
            AccountKind::Savings => "Savings",
            AccountKind::CreditCard => "Credit card",
            AccountKind::Loan => "Loan",
            AccountKind::Other => "Account",
        }
        .to_string(),
        nickname: s
            .number
            .is_none()
            .then(|| sanitize_text(&s.account_key, MAX_NAME_CHARS)),
        kind: s.kind,
        currency: s.currency,
        last4: last4(number),
        full_number: s.number.clone(),
        routing_number: None,
        balance: s.closing,
        available: None,
        credit: None,
    }
}

/// The last four digits of an account number or IBAN (whose country letters are no reason
/// to hide them, unlike an opaque id's).
fn last4(number: &str) -> Option<String> {
    let compact: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    let iban = compact.len() > 8
        && compact.chars().take(2).all(|c| c.is_ascii_uppercase())
        && compact.chars().skip(2).take(2).all(|c| c.is_ascii_digit());
    if iban {
        let tail: String = compact.chars().skip(compact.chars().count() - 4).collect();
        return tail.chars().all(|c| c.is_ascii_digit()).then_some(tail);
    }
    super::ofx::last4_of(&compact)
}

fn transaction(account: &AccountId, raw_id: &str, e: Entry) -> Transaction {
    let description = sanitize_text(&e.description, MAX_DESCRIPTION_CHARS);
    let merchant = normalize_merchant(&description);
    Transaction {
        id: TxnId::scoped(account, raw_id),
        account: account.clone(),
        amount: e.amount,
        currency: e.currency,
        status: TxnStatus::Posted,
        transacted_at: e.transacted.unwrap_or(e.booked),
        posted_at: Some(e.booked),
        description,
        merchant,
        mcc: None,
        category: None,
        location: None,
        card_present: None,
        pending_link: None,
    }
}
