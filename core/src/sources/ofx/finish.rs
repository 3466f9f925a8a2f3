//! Turns the statements read from a file into one [`ImportBatch`]: scoped ids, one account per
//! account number (statements for the same account are merged, the later balance wins), and
//! OFX corrections applied (`CORRECTACTION` REPLACE and DELETE).
//!
//! Transaction identity is the FITID *and its occurrence within its statement*. Banks do
//! repeat a FITID inside one transaction list (two -200.00 payments the same day, a
//! placeholder FITID on unrelated entries); each entry of a list is a transaction, so the
//! second entry with FITID `F` in a statement gets the id of `F` plus "second occurrence"
//! (`F` U+001F `2`), the third `F` U+001F `3`, and so on. Importing the same file again
//! gives the same ids, so it adds nothing. The same FITID in two *statements* of one account
//! (overlapping statements in one file) is one transaction: the later statement's copy is kept
//! and the earlier counted as a duplicate.

use super::build::{Correction, Parsed, StmtRec, TxnRec};
use super::error::OfxError;
use crate::model::{
    Account, AccountId, AccountKind, SourceId, SourceKind, Transaction, TxnId, TxnStatus,
};
use crate::sources::statement::StatementTotals;
use crate::sources::{AccountIssue, AccountIssueKind, ImportBatch};
use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// Counts of what the import folded or dropped, for the caller's report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OfxStats {
    /// Statements (`STMTRS` / `CCSTMTRS`) read.
    pub statements: usize,
    /// Transactions that repeated one of an earlier statement of the same account in this
    /// file (same FITID and occurrence): one kept, the later.
    pub duplicate_fitids: usize,
    /// Entries whose FITID repeated an earlier entry of the same statement: kept, each a
    /// transaction of its own (see the module notes).
    pub repeated_fitids: usize,
    /// Amounts rounded half-even to the currency's minor unit (more decimals than it has).
    pub rounded_amounts: usize,
    /// Aggregates the file left open that were closed by what followed them (recovered).
    pub recovered_unclosed: usize,
    /// Transactions replaced by a `CORRECTACTION` REPLACE.
    pub replaced: usize,
    /// `CORRECTACTION` DELETE records.
    pub deleted: usize,
    /// Statement responses that carried an error status instead of a statement.
    pub failed_statements: usize,
}

/// An import and its counts.
#[derive(Clone, Debug, Default)]
pub struct OfxImport {
    /// What to hand to the vault.
    pub batch: ImportBatch,
    /// What was folded on the way.
    pub stats: OfxStats,
    /// Per statement, its ledger balance and the sum of its entries (for its self-check).
    pub totals: Vec<StatementTotals>,
}

/// Builds the batch.
pub(crate) fn finish(parsed: Parsed) -> Result<OfxImport, OfxError> {
    let origin = parsed
        .org
        .clone()
        .or_else(|| parsed.statements.iter().find_map(|s| s.bankid.clone()))
        .unwrap_or_else(|| "file".to_string());
    let source = SourceId(format!("ofx:{origin}"));
    let institution = parsed
        .org
        .clone()
        .or_else(|| parsed.statements.iter().find_map(|s| s.bankid.clone()))
        .unwrap_or_default();
    let mut stats = OfxStats {
        statements: parsed.statements.len(),
        failed_statements: parsed.failed_statements,
        rounded_amounts: parsed.rounded_amounts,
        recovered_unclosed: parsed.recovered_unclosed,
        ..OfxStats::default()
    };

    let mut accounts: Vec<Account> = Vec::new();
    let mut account_index: HashMap<String, usize> = HashMap::new();
    // Transactions in file order; a removed one is marked dead and dropped at the end.
    let capacity = parsed.statements.iter().map(|s| s.txns.len()).sum();
    let mut slots: Vec<Transaction> = Vec::with_capacity(capacity);
    let mut alive: Vec<bool> = Vec::with_capacity(capacity);
    let mut removed = false;
    let fitid_hasher = RandomState::new();
    let mut by_fitid: HashMap<FitidKey<'_>, Seen, PreHashed> =
        HashMap::with_capacity_and_hasher(capacity, PreHashed::default());
    let mut gone: HashSet<FitidKey<'_>, PreHashed> = HashSet::default();
    let mut deletions: Vec<TxnId> = Vec::new();
    let mut totals: Vec<StatementTotals> = Vec::with_capacity(parsed.statements.len());

    for (stmt_no, stmt) in parsed.statements.into_iter().enumerate() {
        let StmtRec {
            acctid,
            bankid,
            kind,
            currency,
            ledger,
            available,
            start,
            txns,
        } = stmt;
        let ai = match account_index.get(&acctid) {
            Some(&i) => {
                if let Some(acc) = accounts.get_mut(i) {
                    if ledger.is_some_and(|l| acc.balance.is_none_or(|b| l.as_of >= b.as_of)) {
                        acc.balance = ledger;
                    }
                    if available.is_some_and(|l| acc.available.is_none_or(|b| l.as_of >= b.as_of)) {
                        acc.available = available;
                    }
                }
                i
            }
            None => {
                let id = AccountId::scoped(&source, &acctid);
                accounts.push(Account {
                    id,
                    source: source.clone(),
                    source_kind: SourceKind::Ofx,
                    institution: institution.clone(),
                    display_name: display_name(kind).to_string(),
                    nickname: None,
                    kind,
                    currency,
                    last4: last4(&acctid),
                    full_number: Some(acctid.clone()),
                    routing_number: bankid,
                    balance: ledger,
                    available,
                    credit: None,
                });
                account_index.insert(acctid, accounts.len() - 1);
                accounts.len() - 1
            }
        };
        let Some(account_id) = accounts.get(ai).map(|a| a.id.clone()) else {
            continue;
        };
        let mut total = StatementTotals::new(account_id.clone(), currency);
        total.closing = ledger;
        total.start = start;
        // Each record is built (scoped id, account, FITID hash) and folded in file order, one
        // at a time. (Building used to run on several cores for long lists: a few hundredths
        // of a second on 100,000 transactions, which no person waits for.)
        let records = txns
            .into_iter()
            .map(|rec| prepare(&account_id, ai, &fitid_hasher, rec));
        for Prepared {
            correction,
            key,
            txn,
        } in records
        {
            if let Some((action, target)) = correction {
                if target != key.fitid || action == Correction::Delete {
                    let key = FitidKey::new(&fitid_hasher, ai, Cow::Owned(target));
                    if let Some(seen) = by_fitid.remove(&key) {
                        if let Some(a) = alive.get_mut(seen.slot) {
                            *a = false;
                            removed = true;
                        }
                    }
                    deletions.push(TxnId::scoped(&account_id, &key.fitid));
                    gone.insert(key);
                }
                match action {
                    Correction::Delete => {
                        stats.deleted += 1;
                        continue;
                    }
                    Correction::Replace => stats.replaced += 1,
                }
            }
            total.add(txn.amount, txn.currency);
            if !gone.is_empty() && gone.contains(&key) {
                continue; // the original of a correction seen earlier in the file
            }
            let (key, txn) = match by_fitid.get_mut(&key) {
                Some(seen) if seen.statement == stmt_no => {
                    // A repeat inside this statement: its own transaction, by occurrence.
                    stats.repeated_fitids += 1;
                    seen.repeats += 1;
                    let occurrence = seen.repeats + 1;
                    occurrence_key(&fitid_hasher, ai, &account_id, key, txn, occurrence)
                }
                _ => (key, txn),
            };
            match by_fitid.get_mut(&key) {
                Some(seen) => {
                    stats.duplicate_fitids += 1;
                    seen.statement = stmt_no;
                    seen.repeats = 0;
                    if let Some(s) = slots.get_mut(seen.slot) {
                        *s = txn;
                    }
                }
                None => {
                    let seen = Seen {
                        slot: slots.len(),
                        statement: stmt_no,
                        repeats: 0,
                    };
                    by_fitid.insert(key, seen);
                    slots.push(txn);
                    alive.push(true);
                }
            }
        }
        totals.push(total);
    }

    if removed {
        let mut flags = alive.iter();
        slots.retain(|_| flags.next().copied().unwrap_or(true));
    }
    let account_issues = (0..parsed.failed_statements)
        .map(|_| AccountIssue {
            account: None,
            kind: AccountIssueKind::Unavailable,
        })
        .collect();
    Ok(OfxImport {
        batch: ImportBatch {
            source: Some(source),
            accounts,
            transactions: slots,
            deletions,
            account_issues,
        },
        stats,
        totals,
    })
}

/// A FITID of one account (by index), with its hash computed once, on the thread that built
/// its transaction. The hash comes from a randomly keyed SipHash ([`RandomState`]), so a
/// hostile file cannot aim collisions at the table any more than at a plain `HashMap`.
struct FitidKey<'a> {
    hash: u64,
    account: usize,
    fitid: Cow<'a, str>,
}

impl<'a> FitidKey<'a> {
    fn new(hasher: &RandomState, account: usize, fitid: Cow<'a, str>) -> FitidKey<'a> {
        let hash = hasher.hash_one((account, fitid.as_ref()));
        FitidKey {
            hash,
            account,
            fitid,
        }
    }
}

impl Hash for FitidKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for FitidKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.account == other.account && self.fitid == other.fitid
    }
}

impl Eq for FitidKey<'_> {}

/// A hasher that hands a [`FitidKey`]'s hash through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by FitidKey; mixes anything else in rather than dropping it.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PreHashed = BuildHasherDefault<PassThrough>;

/// Where a FITID's transaction is, which statement last gave it, and how many times that
/// statement repeated it.
struct Seen {
    slot: usize,
    statement: usize,
    repeats: u32,
}

/// Separates a FITID from its occurrence number in the id of a repeated entry: a control
/// character, which no FITID a bank writes contains.
const OCCURRENCE_SEP: char = '\u{1f}';

/// The key and transaction of the `occurrence`-th entry (2 or more) with `key`'s FITID in
/// one statement.
fn occurrence_key<'a>(
    hasher: &RandomState,
    account_index: usize,
    account: &AccountId,
    key: FitidKey<'a>,
    mut txn: Transaction,
    occurrence: u32,
) -> (FitidKey<'a>, Transaction) {
    let fitid = format!("{}{OCCURRENCE_SEP}{occurrence}", key.fitid);
    txn.id = TxnId::scoped(account, &fitid);
    (FitidKey::new(hasher, account_index, Cow::Owned(fitid)), txn)
}

/// A record made into a transaction, with what the in-order fold needs.
struct Prepared<'a> {
    correction: Option<(Correction, String)>,
    key: FitidKey<'a>,
    txn: Transaction,
}

fn prepare<'a>(
    account: &AccountId,
    account_index: usize,
    hasher: &RandomState,
    mut rec: TxnRec<'a>,
) -> Prepared<'a> {
    let correction = rec.correction.take();
    let fitid = std::mem::take(&mut rec.fitid);
    let txn = transaction(account, &fitid, rec);
    Prepared {
        correction,
        key: FitidKey::new(hasher, account_index, fitid),
        txn,
    }
}

fn transaction(account: &AccountId, fitid: &str, rec: TxnRec) -> Transaction {
    Transaction {
        id: TxnId::scoped(account, fitid),
        account: account.clone(),
        amount: rec.amount,
        currency: rec.currency,
        status: TxnStatus::Posted,
        transacted_at: rec.user.unwrap_or(rec.posted),
        posted_at: Some(rec.posted),
        description: rec.description,
        merchant: rec.merchant,
        mcc: rec.mcc,
        category: rec.category,
        location: None,
        card_present: None,
        pending_link: None,
    }
}

fn display_name(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Checking => "Checking",
        AccountKind::Savings => "Savings",
        AccountKind::CreditCard => "Credit card",
        AccountKind::Loan => "Loan",
        AccountKind::Other => "Account",
    }
}

/// The last four digits of an account number. `None` when it has fewer than four digits or
/// contains letters other than masking `X` (then it is an opaque id, not a number).
pub(crate) fn last4(acctid: &str) -> Option<String> {
    if acctid
        .chars()
        .any(|c| c.is_alphabetic() && c != 'X' && c != 'x')
    {
        return None;
    }
    let digits: Vec<char> = acctid.chars().filter(char::is_ascii_digit).collect();
    let tail = digits.get(digits.len().checked_sub(4)?..)?;
    Some(tail.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_four() {
        assert_eq!(last4("1452687~7").as_deref(), Some("6877"));
        assert_eq!(last4("XXXXXXXXXXXX1234").as_deref(), Some("1234"));
        assert_eq!(last4("12300 000012345678").as_deref(), Some("5678"));
        assert_eq!(last4("098-121"), Some("8121".to_string()));
        assert_eq!(last4("123"), None);
        assert_eq!(last4("5a238fcc-966b-4956"), None);
    }
}
