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

use super::build::{Correction, Parsed, StmtHead, StmtRec, Tail, TxnRec};
use super::error::OfxError;
use crate::model::{
    Account, AccountId, AccountKind, SourceId, SourceKind, Transaction, TxnId, TxnStatus,
};
use crate::money::Currency;
use crate::sources::statement::StatementTotals;
use crate::sources::{AccountIssue, AccountIssueKind, ImportBatch};
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

/// Builds the batch of a file read whole.
pub(crate) fn finish(parsed: Parsed) -> Result<OfxImport, OfxError> {
    let source = origin(
        parsed.org.as_deref(),
        parsed.statements.iter().find_map(|s| s.bankid.as_deref()),
    );
    let capacity = parsed.statements.iter().map(|s| s.txns.len()).sum();
    let mut f = Finisher::new(source, capacity);
    for stmt in parsed.statements {
        f.statement(stmt);
    }
    Ok(f.into_import(&Tail {
        org: parsed.org,
        failed_statements: parsed.failed_statements,
        rounded_amounts: parsed.rounded_amounts,
        recovered_unclosed: parsed.recovered_unclosed,
    }))
}

/// The file's source and institution: the `ORG`, else the first statement's `BANKID`, else
/// "file" (and no institution).
pub(crate) fn origin(org: Option<&str>, first_bankid: Option<&str>) -> (SourceId, String) {
    let name = org.or(first_bankid);
    (
        SourceId(format!("ofx:{}", name.unwrap_or("file"))),
        name.unwrap_or_default().to_string(),
    )
}

/// A FITID of one account (by index) as two independently keyed 64-bit hashes: equal keys
/// mean the same FITID (a false match needs a 128-bit collision of randomly keyed SipHash), and
/// the table keeps 24 bytes per transaction instead of the FITID itself, so a streaming read
/// does not hold the file's ids.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u64; 2]);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0]);
    }
}

/// A hasher that hands a [`Key`]'s first hash through (it is already randomly keyed).
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by Key; mixes anything else in rather than dropping it.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PreHashed = BuildHasherDefault<PassThrough>;

/// Which statement last gave a FITID, how many times that statement repeated it (low 31
/// bits), and whether a chunk already handed over carried it (top bit).
struct Seen {
    statement: u32,
    repeats: u32,
}

const TAKEN: u32 = 1 << 31;

impl Seen {
    fn repeats(&self) -> u32 {
        self.repeats & !TAKEN
    }

    fn set_repeats(&mut self, n: u32) {
        self.repeats = (self.repeats & TAKEN) | (n & !TAKEN);
    }
}

/// Folds statements and their transactions, in file order, into accounts, transactions,
/// deletions and counts. The transactions not yet taken (`take`) are held; a streaming read
/// takes them in chunks, a whole read once at the end. What a chunk boundary changes: a
/// duplicate or a corrected transaction already taken is not replaced in place but sent again
/// (its id replaces the stored copy) or deleted by the batch's deletions.
pub struct Finisher {
    source: SourceId,
    institution: String,
    stats: OfxStats,
    accounts: Vec<Account>,
    account_index: HashMap<String, usize>,
    hashers: (RandomState, RandomState),
    seen: HashMap<Key, Seen, PreHashed>,
    slots: Vec<Transaction>,
    alive: Vec<bool>,
    removed: bool,
    /// Where each held transaction's key is in `slots`.
    held: HashMap<Key, usize, PreHashed>,
    /// The keys of the chunk being handed over.
    handing: Vec<Key>,
    gone: HashSet<Key, PreHashed>,
    deletions: Vec<TxnId>,
    totals: Vec<StatementTotals>,
    stmt_no: usize,
    /// The open statement whose transactions came early: its account, its totals, and
    /// whether it created the account.
    open: Option<(usize, StatementTotals, bool)>,
}

impl Finisher {
    /// A finisher for a file of `origin`, sized for `capacity` transactions.
    pub(crate) fn new(origin: (SourceId, String), capacity: usize) -> Finisher {
        Finisher {
            source: origin.0,
            institution: origin.1,
            stats: OfxStats::default(),
            accounts: Vec::new(),
            account_index: HashMap::new(),
            hashers: (RandomState::new(), RandomState::new()),
            seen: HashMap::with_capacity_and_hasher(capacity, PreHashed::default()),
            slots: Vec::new(),
            alive: Vec::new(),
            removed: false,
            held: HashMap::default(),
            handing: Vec::new(),
            gone: HashSet::default(),
            deletions: Vec::new(),
            totals: Vec::new(),
            stmt_no: 0,
            open: None,
        }
    }

    /// The source every account and transaction is scoped by.
    pub(crate) fn source(&self) -> &SourceId {
        &self.source
    }

    fn key(&self, account: usize, fitid: &str) -> Key {
        Key([
            self.hashers.0.hash_one((account, fitid)),
            self.hashers.1.hash_one((account, fitid)),
        ])
    }

    /// Whether `t`'s id is one this file gave in a chunk already handed over (and no
    /// correction took back): stored by this import, so a later chunk must not take it for
    /// history (a stored twin of a new transaction, say).
    pub fn gave(&self, t: &Transaction) -> bool {
        let Some(ai) = self.accounts.iter().position(|a| a.id == t.account) else {
            return false;
        };
        let fitid =
            t.id.0
                .strip_prefix(t.account.0.as_str())
                .and_then(|r| r.strip_prefix('#'));
        fitid.is_some_and(|f| {
            self.seen
                .get(&self.key(ai, f))
                .is_some_and(|s| s.repeats & TAKEN != 0)
        })
    }

    /// The account of a statement (created on first sight, balances merged as later
    /// statements of it come): its index, and whether this call created it.
    fn account(
        &mut self,
        acctid: &str,
        bankid: Option<String>,
        kind: AccountKind,
        currency: Currency,
    ) -> (usize, bool) {
        if let Some(&i) = self.account_index.get(acctid) {
            return (i, false);
        }
        self.accounts.push(Account {
            id: AccountId::scoped(&self.source, acctid),
            source: self.source.clone(),
            source_kind: SourceKind::Ofx,
            institution: self.institution.clone(),
            display_name: display_name(kind).to_string(),
            nickname: None,
            kind,
            currency,
            last4: last4(acctid),
            full_number: Some(acctid.to_string()),
            routing_number: bankid,
            balance: None,
            available: None,
            credit: None,
        });
        self.account_index
            .insert(acctid.to_string(), self.accounts.len() - 1);
        (self.accounts.len() - 1, true)
    }

    /// Transactions of a statement still open (a streaming read).
    pub(crate) fn txns(&mut self, head: StmtHead, recs: Vec<TxnRec<'_>>) {
        let (ai, mut total, created) = match self.open.take() {
            Some(open) => open,
            None => {
                let kind = if head.credit_card {
                    AccountKind::CreditCard
                } else {
                    AccountKind::Other
                };
                let (ai, created) = self.account(&head.acctid, head.bankid, kind, head.currency);
                let id = self.account_id(ai);
                (ai, StatementTotals::new(id, head.currency), created)
            }
        };
        for rec in recs {
            self.fold(ai, &mut total, rec);
        }
        self.open = Some((ai, total, created));
    }

    fn account_id(&self, ai: usize) -> AccountId {
        self.accounts
            .get(ai)
            .map(|a| a.id.clone())
            .unwrap_or_else(|| AccountId(String::new()))
    }

    /// A statement that ended, with the transactions not given before.
    pub(crate) fn statement(&mut self, stmt: StmtRec<'_>) {
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
        let (ai, mut total) = match self.open.take() {
            Some((ai, total, created)) => {
                if let Some(acc) = self.accounts.get_mut(ai).filter(|_| created) {
                    // Settled as a whole read would have made it.
                    acc.kind = kind;
                    acc.display_name = display_name(kind).to_string();
                    acc.currency = currency;
                    acc.routing_number = bankid;
                }
                (ai, total)
            }
            None => {
                let (ai, _) = self.account(&acctid, bankid, kind, currency);
                let id = self.account_id(ai);
                (ai, StatementTotals::new(id, currency))
            }
        };
        if let Some(acc) = self.accounts.get_mut(ai) {
            if ledger.is_some_and(|l| acc.balance.is_none_or(|b| l.as_of >= b.as_of)) {
                acc.balance = ledger;
            }
            if available.is_some_and(|l| acc.available.is_none_or(|b| l.as_of >= b.as_of)) {
                acc.available = available;
            }
        }
        total.closing = ledger;
        total.start = start;
        for rec in txns {
            self.fold(ai, &mut total, rec);
        }
        self.totals.push(total);
        self.stmt_no += 1;
        self.stats.statements += 1;
    }

    /// One record, in file order: corrections applied, repeats numbered, duplicates folded.
    fn fold(&mut self, ai: usize, total: &mut StatementTotals, mut rec: TxnRec<'_>) {
        let account_id = self.account_id(ai);
        let correction = rec.correction.take();
        let fitid = std::mem::take(&mut rec.fitid);
        let key = self.key(ai, &fitid);
        if let Some((action, target)) = correction {
            if target != fitid || action == Correction::Delete {
                let tkey = self.key(ai, &target);
                if self.seen.remove(&tkey).is_some() {
                    if let Some(a) = self.held.remove(&tkey).and_then(|i| self.alive.get_mut(i)) {
                        *a = false;
                        self.removed = true;
                    }
                }
                self.deletions.push(TxnId::scoped(&account_id, &target));
                self.gone.insert(tkey);
            }
            match action {
                Correction::Delete => {
                    self.stats.deleted += 1;
                    return;
                }
                Correction::Replace => self.stats.replaced += 1,
            }
        }
        let txn = transaction(&account_id, &fitid, rec);
        total.add(txn.amount, txn.currency);
        if !self.gone.is_empty() && self.gone.contains(&key) {
            return; // the original of a correction seen earlier in the file
        }
        let stmt_no = u32::try_from(self.stmt_no).unwrap_or(u32::MAX);
        let (key, txn) = match self.seen.get_mut(&key) {
            Some(seen) if seen.statement == stmt_no => {
                // A repeat inside this statement: its own transaction, by occurrence.
                self.stats.repeated_fitids += 1;
                seen.set_repeats(seen.repeats() + 1);
                let occurrence = seen.repeats() + 1;
                let fitid = format!("{fitid}{OCCURRENCE_SEP}{occurrence}");
                let mut txn = txn;
                txn.id = TxnId::scoped(&account_id, &fitid);
                (self.key(ai, &fitid), txn)
            }
            _ => (key, txn),
        };
        match self.seen.get_mut(&key) {
            Some(seen) => {
                self.stats.duplicate_fitids += 1;
                seen.statement = stmt_no;
                seen.set_repeats(0);
                match self.held.get(&key).and_then(|&i| self.slots.get_mut(i)) {
                    Some(s) => *s = txn,
                    None => self.hold(key, txn),
                }
            }
            None => {
                self.seen.insert(
                    key,
                    Seen {
                        statement: stmt_no,
                        repeats: 0,
                    },
                );
                self.hold(key, txn);
            }
        }
    }

    fn hold(&mut self, key: Key, txn: Transaction) {
        self.held.insert(key, self.slots.len());
        self.slots.push(txn);
        self.alive.push(true);
    }

    /// How many transactions are held.
    pub(crate) fn held(&self) -> usize {
        self.slots.len()
    }

    /// The held transactions, in file order, and the accounts so far; holds none after.
    pub(crate) fn take(&mut self) -> (Vec<Account>, Vec<Transaction>) {
        let mut slots = std::mem::take(&mut self.slots);
        let alive = std::mem::take(&mut self.alive);
        if std::mem::take(&mut self.removed) {
            let mut flags = alive.iter();
            slots.retain(|_| flags.next().copied().unwrap_or(true));
        }
        // The chunk handed over before this one is stored by now; this one is not yet (its
        // reconciliation must see the stored copies of its own ids).
        for key in std::mem::take(&mut self.handing) {
            if let Some(seen) = self.seen.get_mut(&key) {
                seen.repeats |= TAKEN;
            }
        }
        self.handing = self.held.drain().map(|(k, _)| k).collect();
        (self.accounts.clone(), slots)
    }

    /// The last batch: what is still held, the accounts with their balances, the
    /// corrections' deletions and the failed statements; holds nothing after.
    pub(crate) fn rest(&mut self, tail: &Tail) -> ImportBatch {
        let (accounts, transactions) = self.take();
        let account_issues = (0..tail.failed_statements)
            .map(|_| AccountIssue {
                account: None,
                kind: AccountIssueKind::Unavailable,
            })
            .collect();
        ImportBatch {
            source: Some(self.source.clone()),
            accounts,
            transactions,
            deletions: std::mem::take(&mut self.deletions),
            account_issues,
        }
    }

    /// The import of what is still held ([`Finisher::rest`]) with the file's counts.
    pub(crate) fn into_import(mut self, tail: &Tail) -> OfxImport {
        let batch = self.rest(tail);
        self.stats.failed_statements = tail.failed_statements;
        self.stats.rounded_amounts = tail.rounded_amounts;
        self.stats.recovered_unclosed = tail.recovered_unclosed;
        OfxImport {
            batch,
            stats: self.stats,
            totals: self.totals,
        }
    }
}

impl std::fmt::Debug for Finisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finisher")
            .field("held", &self.slots.len())
            .field("statements", &self.stmt_no)
            .finish_non_exhaustive()
    }
}

/// Separates a FITID from its occurrence number in the id of a repeated entry: a control
/// character, which no FITID a bank writes contains.
const OCCURRENCE_SEP: char = '\u{1f}';

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
