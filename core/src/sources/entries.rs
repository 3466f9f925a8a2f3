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

use super::statement::{
    ImportNote, StatementError, StatementFormat, StatementImport, StatementTotals,
};
use super::ImportBatch;
use crate::model::{
    sanitize_text, Account, AccountId, AccountKind, Balance, SourceId, SourceKind, Transaction,
    TxnId, TxnStatus, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
};
use crate::money::Currency;
use crate::sources::ofx::normalize_merchant;
use crate::time::Timestamp;
use std::collections::{HashMap, HashSet};
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

/// What a statement says before its entries: the account and its balances.
pub(crate) struct Head {
    /// The account's identity within the source: an IBAN or account number from the file,
    /// or the name the person chose.
    pub(crate) account_key: String,
    /// A number to show the last four digits of, when the file gives one.
    pub(crate) number: Option<String>,
    pub(crate) kind: AccountKind,
    pub(crate) currency: Currency,
    pub(crate) opening: Option<Balance>,
    pub(crate) closing: Option<Balance>,
}

/// Receives a chunk of a statement read in chunks: the transactions of this chunk with the
/// accounts so far, and which ids earlier chunks handed over.
pub(crate) type ChunkFn<'f> = dyn FnMut(&Given, ImportBatch) -> Result<(), StatementError> + 'f;

/// The transaction ids a statement read in chunks has handed over already (a 128-bit hash
/// each, so memory is 16 bytes per transaction, not the transaction).
#[derive(Default)]
pub struct Given(HashSet<u128>);

impl std::fmt::Debug for Given {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Given").field("ids", &self.0.len()).finish()
    }
}

impl Given {
    /// Whether `t`'s id is one this file handed over in an earlier chunk: stored by this
    /// import, so reconciliation of a later chunk must treat it as part of the file, not as
    /// history (never a rotated-id twin of one of the file's own entries).
    pub fn gave(&self, t: &Transaction) -> bool {
        self.0.contains(&hash128(t.id.as_str().as_bytes()))
    }
}

fn hash128(bytes: &[u8]) -> u128 {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x7461_6369_745f_6964, 1);
    h.write(bytes);
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
}

/// Where the built transactions go: kept for one batch (a whole read), or handed over every
/// `size` transactions (a read in chunks).
enum Out<'f> {
    Whole,
    Chunks {
        size: usize,
        given: Given,
        send: &'f mut ChunkFn<'f>,
    },
}

/// Builds the import of a statement file entry by entry, in file order: statements
/// ([`Builder::statement`]), then their entries ([`Builder::entry`]). Read in chunks, it
/// holds one chunk of transactions, the ids handed over and one occurrence count per
/// distinct entry content, never the file's transactions.
pub(crate) struct Builder<'f> {
    format: StatementFormat,
    source: SourceId,
    institution: String,
    accounts: Vec<Account>,
    /// Per statement: its totals and its account's index in `accounts`.
    totals: Vec<(StatementTotals, usize)>,
    /// Occurrences of each (account, entry key) so far, by a 128-bit hash of the pair.
    seen: HashMap<u128, u32>,
    held: Vec<Transaction>,
    out: Out<'f>,
}

impl<'f> Builder<'f> {
    /// A builder that keeps every transaction for one batch.
    pub(crate) fn whole(format: StatementFormat) -> Builder<'static> {
        Builder::new(format, Out::Whole)
    }

    /// A builder that hands `send` a batch every `size` transactions (at least one).
    pub(crate) fn chunked(
        format: StatementFormat,
        size: usize,
        send: &'f mut ChunkFn<'f>,
    ) -> Builder<'f> {
        Builder::new(
            format,
            Out::Chunks {
                size: size.max(1),
                given: Given::default(),
                send,
            },
        )
    }

    fn new(format: StatementFormat, out: Out<'f>) -> Builder<'f> {
        Builder {
            format,
            source: SourceId(String::new()),
            institution: String::new(),
            accounts: Vec::new(),
            totals: Vec::new(),
            seen: HashMap::new(),
            held: Vec::new(),
            out,
        }
    }

    /// Names the source: the file's `origin` (an institution, or the person's name for the
    /// account) and the institution to show. Before the first statement.
    pub(crate) fn begin(&mut self, origin: &str, institution: &str) {
        let prefix = match self.format {
            StatementFormat::Ofx => "ofx",
            StatementFormat::Csv => "csv",
            StatementFormat::Qif => "qif",
            StatementFormat::Camt053 => "camt",
        };
        self.source = SourceId(format!(
            "{prefix}:{}",
            sanitize_text(origin, MAX_NAME_CHARS)
        ));
        self.institution = institution.to_string();
    }

    /// Starts a statement; returns its index for [`Builder::entry`]. A second statement of
    /// the same account shares its transaction identities and gives the account its closing
    /// balance when that is the newer one.
    pub(crate) fn statement(&mut self, head: &Head) -> usize {
        let id = AccountId::scoped(&self.source, &head.account_key);
        let index = match self.accounts.iter().position(|a| a.id == id) {
            Some(i) => {
                if let Some(a) = self.accounts.get_mut(i) {
                    if head
                        .closing
                        .is_some_and(|c| a.balance.is_none_or(|b| c.as_of >= b.as_of))
                    {
                        a.balance = head.closing;
                    }
                }
                i
            }
            None => {
                let a = account(&self.source, id.clone(), &self.institution, head);
                self.accounts.push(a);
                self.accounts.len() - 1
            }
        };
        let mut total = StatementTotals::new(id, head.currency);
        total.opening = head.opening;
        total.closing = head.closing;
        total.start = None;
        self.totals.push((total, index));
        self.totals.len() - 1
    }

    /// Sets the balances of statement `stmt` when they are known only after its entries (a
    /// CSV running balance), as if its head had carried them.
    pub(crate) fn balances(
        &mut self,
        stmt: usize,
        opening: Option<Balance>,
        closing: Option<Balance>,
    ) {
        let Some((total, index)) = self.totals.get_mut(stmt) else {
            return;
        };
        total.opening = opening;
        total.closing = closing;
        if let Some(a) = self.accounts.get_mut(*index) {
            if closing.is_some_and(|c| a.balance.is_none_or(|b| c.as_of >= b.as_of)) {
                a.balance = closing;
            }
        }
    }

    /// Adds an entry of statement `stmt`; read in chunks, hands over a full chunk.
    pub(crate) fn entry(&mut self, stmt: usize, e: Entry) -> Result<(), StatementError> {
        let Some((total, index)) = self.totals.get_mut(stmt) else {
            return Ok(());
        };
        total.add(e.amount, e.currency);
        total.start = Some(total.start.map_or(e.booked, |s| s.min(e.booked)));
        let index = *index;
        let key = match &e.reference {
            Some(r) => format!("ref:{r}"),
            None => content_key(&e),
        };
        let pair = [&(index as u64).to_le_bytes()[..], key.as_bytes()].concat();
        let n = self.seen.entry(hash128(&pair)).or_insert(0);
        *n += 1;
        let raw = if *n == 1 && e.reference.is_some() {
            key
        } else {
            format!("{key}:{n}")
        };
        let Some(account) = self.accounts.get(index) else {
            return Ok(());
        };
        self.held.push(transaction(&account.id, &raw, e));
        if let Out::Chunks { size, .. } = &self.out {
            if self.held.len() >= *size {
                self.send()?;
            }
        }
        Ok(())
    }

    /// Hands over the held transactions with the accounts so far (a read in chunks).
    fn send(&mut self) -> Result<(), StatementError> {
        let Out::Chunks { given, send, .. } = &mut self.out else {
            return Ok(());
        };
        let transactions = std::mem::take(&mut self.held);
        let ids: Vec<u128> = transactions
            .iter()
            .map(|t| hash128(t.id.as_str().as_bytes()))
            .collect();
        let batch = ImportBatch {
            source: Some(self.source.clone()),
            accounts: self.accounts.clone(),
            transactions,
            deletions: Vec::new(),
            account_issues: Vec::new(),
        };
        send(given, batch)?;
        given.0.extend(ids);
        Ok(())
    }

    /// The import: every transaction (a whole read), or none, the last chunk handed over
    /// with the accounts and their balances (a read in chunks).
    pub(crate) fn finish(mut self, notes: Vec<ImportNote>) -> Result<StatementImport, StatementError> {
        self.send()?;
        Ok(StatementImport {
            format: self.format,
            batch: ImportBatch {
                source: Some(self.source),
                accounts: self.accounts,
                transactions: self.held,
                deletions: Vec::new(),
                account_issues: Vec::new(),
            },
            totals: self.totals.into_iter().map(|(t, _)| t).collect(),
            notes,
        })
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

fn account(source: &SourceId, id: AccountId, institution: &str, s: &Head) -> Account {
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
