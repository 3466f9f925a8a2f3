//! Walks the element events of one OFX file and collects what Tacit keeps: the institution,
//! one record per bank or credit-card statement, and per statement its account, balances and
//! transactions, each validated and converted as its element closes (so errors carry the line
//! of the offending element). Sign-on and statement status codes are checked here; investment
//! statements are refused as soon as they open.

use super::amount::parse_ofx_amount_rounding;
use super::date::parse_ofx_date;
use super::error::{OfxError, OfxErrorKind as K};
use super::merchant::{clean_text, MerchantCache};
use super::reader::{Event, Reader};
use super::tags::Tag;
use crate::model::{sanitize_text, AccountKind, Balance, Category, MAX_DESCRIPTION_CHARS};
use crate::money::Currency;
use std::borrow::Cow;

/// A leaf value and the line it was on.
#[derive(Debug, Clone)]
struct Field<'a> {
    value: Cow<'a, str>,
    line: u32,
}

/// What `CORRECTACTION` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Correction {
    /// This transaction replaces the one named by `CORRECTFITID`.
    Replace,
    /// The transaction named by `CORRECTFITID` is deleted; this record is not a transaction.
    Delete,
}

/// One validated transaction, before ids are assigned. The FITID borrows the file when it
/// can (one allocation and one free fewer per transaction).
#[derive(Clone)]
pub(crate) struct TxnRec<'a> {
    pub(crate) fitid: Cow<'a, str>,
    pub(crate) amount: i64,
    pub(crate) currency: Currency,
    pub(crate) posted: i64,
    pub(crate) user: Option<i64>,
    pub(crate) description: String,
    pub(crate) merchant: Option<String>,
    pub(crate) mcc: Option<u16>,
    pub(crate) category: Option<Category>,
    pub(crate) correction: Option<(Correction, String)>,
}

/// One validated statement.
pub(crate) struct StmtRec<'a> {
    pub(crate) acctid: String,
    pub(crate) bankid: Option<String>,
    pub(crate) kind: AccountKind,
    pub(crate) currency: Currency,
    pub(crate) ledger: Option<Balance>,
    pub(crate) available: Option<Balance>,
    /// The transaction list's `DTSTART`, when it has a readable one.
    pub(crate) start: Option<i64>,
    pub(crate) txns: Vec<TxnRec<'a>>,
}

/// Everything read from a file.
pub(crate) struct Parsed<'a> {
    pub(crate) org: Option<String>,
    pub(crate) statements: Vec<StmtRec<'a>>,
    /// Statement responses that carried an error status and no statement.
    pub(crate) failed_statements: usize,
    /// Amounts (transactions and balances) rounded half-even to the currency's minor unit.
    pub(crate) rounded_amounts: usize,
    /// Aggregates left open that the file's next aggregate closed (see `Tag::rank`).
    pub(crate) recovered_unclosed: usize,
}

#[derive(Default)]
struct RawTxn<'a> {
    line: u32,
    trntype: Option<Field<'a>>,
    dtposted: Option<Field<'a>>,
    dtuser: Option<Field<'a>>,
    trnamt: Option<Field<'a>>,
    fitid: Option<Field<'a>>,
    name: Option<Field<'a>>,
    payee_name: Option<Field<'a>>,
    memo: Option<Field<'a>>,
    sic: Option<Field<'a>>,
    correct_fitid: Option<Field<'a>>,
    correct_action: Option<Field<'a>>,
    cursym: Option<Field<'a>>,
}

#[derive(Default)]
struct RawBal<'a> {
    line: u32,
    amount: Option<Field<'a>>,
    as_of: Option<Field<'a>>,
}

struct RawStmt<'a> {
    line: u32,
    credit_card: bool,
    currency: Currency,
    acct_from: bool,
    bankid: Option<Field<'a>>,
    acctid: Option<Field<'a>>,
    accttype: Option<Field<'a>>,
    ledger: Option<Balance>,
    available: Option<Balance>,
    start: Option<i64>,
    txns: Vec<TxnRec<'a>>,
    /// The account number its transactions were handed over under, if any were.
    drained: Option<String>,
}

impl RawStmt<'_> {
    /// A statement opened on `line`, before any of its elements.
    fn new(line: u32, credit_card: bool, currency: Currency) -> Self {
        RawStmt {
            line,
            credit_card,
            currency,
            acct_from: false,
            bankid: None,
            acctid: None,
            accttype: None,
            ledger: None,
            available: None,
            start: None,
            txns: Vec::new(),
            drained: None,
        }
    }
}

#[derive(Default)]
struct Status {
    code: Option<u32>,
    /// `Some(true)` for SEVERITY ERROR, `Some(false)` for INFO or WARN.
    severity_error: Option<bool>,
}

impl Status {
    /// An error is severity ERROR, or a non-zero code without a severity.
    fn is_error(&self) -> bool {
        self.severity_error
            .unwrap_or(self.code.is_some_and(|c| c != 0))
    }
}

#[derive(Default)]
struct Builder<'a> {
    /// Hand over an open statement's transactions once this many are read (streaming reads);
    /// 0 keeps every statement whole.
    drain_at: usize,
    /// The sign-on response has closed: no `ORG` can come any more.
    signon_closed: bool,
    /// A statement already closed named a `BANKID`.
    bankid_seen: bool,
    /// Pieces ready to hand over.
    pieces: Vec<Piece<'a>>,
    ctx: Vec<Tag>,
    org: Option<String>,
    status: Status,
    trnrs_error: Option<bool>,
    trnrs_has_stmt: bool,
    failed: usize,
    failed_line: u32,
    stmt: Option<RawStmt<'a>>,
    txn: Option<RawTxn<'a>>,
    bal: Option<RawBal<'a>>,
    /// Statements closed so far.
    statements: usize,
    merchants: MerchantCache,
    /// Amounts rounded so far.
    rounded: usize,
}

fn err(kind: K, tag: Tag, line: u32) -> OfxError {
    OfxError::new(kind, tag.name(), line)
}

/// The non-empty value of a required leaf.
fn required<'f>(f: &'f Option<Field<'_>>, tag: Tag, line: u32) -> Result<(&'f str, u32), OfxError> {
    match f {
        None => Err(err(K::MissingElement, tag, line)),
        Some(f) if f.value.trim().is_empty() => Err(err(K::EmptyValue, tag, f.line)),
        Some(f) => Ok((f.value.trim(), f.line)),
    }
}

/// `value` without surrounding white space, still borrowing the file when it did.
fn trimmed(value: Cow<'_, str>) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(v) => Cow::Borrowed(v.trim()),
        Cow::Owned(v) if v.trim().len() == v.len() => Cow::Owned(v),
        Cow::Owned(v) => Cow::Owned(v.trim().to_string()),
    }
}

/// The non-empty value of an optional leaf.
fn optional<'f>(f: &'f Option<Field<'_>>) -> Option<&'f str> {
    f.as_ref().map(|f| f.value.trim()).filter(|v| !v.is_empty())
}

/// The open statement's account, as far as read, for transactions handed over before the
/// statement ends.
#[derive(Clone, Debug)]
pub(crate) struct StmtHead {
    pub(crate) acctid: String,
    pub(crate) bankid: Option<String>,
    pub(crate) credit_card: bool,
    pub(crate) currency: Currency,
}

/// What a streaming read hands over as it goes, in file order.
pub(crate) enum Piece<'a> {
    /// Transactions of the statement still open (its account known), in file order.
    Txns(StmtHead, Vec<TxnRec<'a>>),
    /// A statement ended; it holds its transactions not handed over before.
    Statement(StmtRec<'a>),
}

/// The file-wide facts, known at its end.
pub(crate) struct Tail {
    pub(crate) org: Option<String>,
    pub(crate) failed_statements: usize,
    pub(crate) rounded_amounts: usize,
    pub(crate) recovered_unclosed: usize,
}

/// Reads a whole file, event by event, on the calling thread. (A large transaction list used
/// to be read on two threads, speculatively, and joined when the halves checked out: about a
/// tenth of a second saved on a 100,000-transaction file, which no person waits for, on a path
/// a reviewer must trust. It was removed.)
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>, OfxError> {
    let mut statements = Vec::new();
    let tail = parse_pieces(bytes, 0, |_, piece| {
        if let Piece::Statement(s) = piece {
            statements.push(s);
        }
        Ok::<(), OfxError>(())
    })?;
    Ok(Parsed {
        org: tail.org,
        statements,
        failed_statements: tail.failed_statements,
        rounded_amounts: tail.rounded_amounts,
        recovered_unclosed: tail.recovered_unclosed,
    })
}

/// Reads a file and hands `each` its pieces in file order, with the `ORG` read so far: a
/// statement's transactions go in runs of `drain_at` while it is open (0: never), once its
/// account and the file's origin are settled (the `ORG`, or after the sign-on a `BANKID`),
/// so a long statement is never held whole. The same checks as [`parse`] fail the read.
pub(crate) fn parse_pieces<'a, E: From<OfxError>>(
    bytes: &'a [u8],
    drain_at: usize,
    mut each: impl FnMut(Option<&str>, Piece<'a>) -> Result<(), E>,
) -> Result<Tail, E> {
    let mut reader = Reader::new(bytes)?;
    let mut b = Builder {
        drain_at,
        ..Builder::default()
    };
    while let Some((event, line)) = reader.next_event()? {
        match event {
            Event::Open(tag) => b.open(tag, line)?,
            Event::Close(tag) => b.close(tag, line)?,
            Event::Leaf(tag, value) => b.leaf(tag, Field { value, line })?,
        }
        for piece in b.pieces.drain(..) {
            each(b.org.as_deref(), piece)?;
        }
    }
    Ok(finish_parse(&b, reader.implicit_closes())?)
}

fn finish_parse(b: &Builder<'_>, recovered_unclosed: usize) -> Result<Tail, OfxError> {
    if b.statements == 0 && b.failed > 0 {
        return Err(err(
            K::StatementFailed,
            Tag::StmtTrnrs,
            b.failed_line.max(1),
        ));
    }
    if b.statements == 0 {
        return Err(OfxError::new(K::NoStatement, None, 0));
    }
    Ok(Tail {
        org: b.org.clone(),
        failed_statements: b.failed,
        rounded_amounts: b.rounded,
        recovered_unclosed,
    })
}

impl<'a> Builder<'a> {
    /// Hands over the open statement's transactions when there are `drain_at` of them and
    /// where they belong is settled: its account number read, and the file's origin (the
    /// `ORG`, or once the sign-on has closed without one, a statement's `BANKID`).
    fn drain_open_statement(&mut self) {
        let origin_settled = self.org.is_some() || (self.signon_closed && self.bankid_seen);
        let Some(stmt) = self.stmt.as_mut() else {
            return;
        };
        if self.drain_at == 0 || stmt.txns.len() < self.drain_at || !stmt.acct_from {
            return;
        }
        let Some(acctid) = optional(&stmt.acctid).map(str::to_string) else {
            return;
        };
        let bankid = optional(&stmt.bankid).map(str::to_string);
        if !(origin_settled || (self.signon_closed && bankid.is_some())) {
            return;
        }
        stmt.drained = Some(acctid.clone());
        let head = StmtHead {
            acctid,
            bankid,
            credit_card: stmt.credit_card,
            currency: stmt.currency,
        };
        let txns = std::mem::take(&mut stmt.txns);
        self.pieces.push(Piece::Txns(head, txns));
    }

    fn parent(&self) -> Option<Tag> {
        self.ctx.last().copied()
    }

    fn grandparent(&self) -> Option<Tag> {
        self.ctx
            .len()
            .checked_sub(2)
            .and_then(|i| self.ctx.get(i))
            .copied()
    }

    fn open(&mut self, tag: Tag, line: u32) -> Result<(), OfxError> {
        let parent = self.parent();
        self.ctx.push(tag);
        match tag {
            Tag::InvMsgs | Tag::InvTrnrs | Tag::InvStmtrs => {
                return Err(err(K::InvestmentUnsupported, tag, line));
            }
            Tag::Status => self.status = Status::default(),
            Tag::StmtTrnrs | Tag::CcStmtTrnrs => {
                self.trnrs_error = Some(false);
                self.trnrs_has_stmt = false;
            }
            Tag::Stmtrs | Tag::CcStmtrs => {
                if self.stmt.is_some() {
                    // A statement inside an open statement: reading on would replace the
                    // open one and lose its transactions without a word.
                    return Err(err(K::Syntax, tag, line));
                }
                self.stmt = Some(RawStmt::new(line, tag == Tag::CcStmtrs, Currency::USD));
            }
            Tag::BankAcctFrom | Tag::CcAcctFrom => {
                if let (Some(stmt), Some(Tag::Stmtrs | Tag::CcStmtrs)) =
                    (self.stmt.as_mut(), parent)
                {
                    stmt.acct_from = true;
                }
            }
            Tag::StmtTrn if self.stmt.is_some() => {
                self.txn = Some(RawTxn {
                    line,
                    ..RawTxn::default()
                });
            }
            Tag::LedgerBal | Tag::AvailBal => {
                if matches!(parent, Some(Tag::Stmtrs | Tag::CcStmtrs)) {
                    self.bal = Some(RawBal {
                        line,
                        ..RawBal::default()
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn leaf(&mut self, tag: Tag, f: Field<'a>) -> Result<(), OfxError> {
        let (parent, gp) = (self.parent(), self.grandparent());
        match (gp, parent, tag) {
            (_, Some(Tag::Status), Tag::Code) => {
                let code = f.value.trim();
                self.status.code = Some(code.parse().map_err(|_| err(K::Syntax, tag, f.line))?);
            }
            (_, Some(Tag::Status), Tag::Severity) => {
                let sev = f.value.trim();
                if sev.eq_ignore_ascii_case("ERROR") {
                    self.status.severity_error = Some(true);
                } else if sev.eq_ignore_ascii_case("INFO") || sev.eq_ignore_ascii_case("WARN") {
                    self.status.severity_error = Some(false);
                }
            }
            (Some(Tag::Sonrs), Some(Tag::Fi), Tag::Org) => {
                let org = sanitize_text(&f.value, crate::model::MAX_NAME_CHARS);
                if !org.is_empty() {
                    self.org = Some(org);
                }
            }
            (_, Some(Tag::Stmtrs | Tag::CcStmtrs), Tag::CurDef) => {
                if let Some(stmt) = self.stmt.as_mut() {
                    if !stmt.txns.is_empty() {
                        return Err(err(K::Syntax, tag, f.line));
                    }
                    stmt.currency = currency(&f, tag)?;
                }
            }
            (Some(Tag::Stmtrs | Tag::CcStmtrs), Some(Tag::BankAcctFrom | Tag::CcAcctFrom), _) => {
                if let Some(stmt) = self.stmt.as_mut() {
                    match tag {
                        Tag::BankId => stmt.bankid = Some(f),
                        Tag::AcctId => stmt.acctid = Some(f),
                        Tag::AcctType => stmt.accttype = Some(f),
                        _ => {}
                    }
                }
            }
            (Some(Tag::Stmtrs | Tag::CcStmtrs), Some(Tag::BankTranList), Tag::DtStart) => {
                // Only informs the statement's self-check: an unreadable one is no reason to
                // refuse the file.
                if let Some(stmt) = self.stmt.as_mut() {
                    stmt.start = parse_ofx_date(&f.value).ok();
                }
            }
            (_, Some(Tag::LedgerBal | Tag::AvailBal), _) => {
                if let Some(bal) = self.bal.as_mut() {
                    match tag {
                        Tag::BalAmt => bal.amount = Some(f),
                        Tag::DtAsOf => bal.as_of = Some(f),
                        _ => {}
                    }
                }
            }
            (_, Some(Tag::StmtTrn), _) => {
                if let Some(t) = self.txn.as_mut() {
                    let slot = match tag {
                        Tag::TrnType => &mut t.trntype,
                        Tag::DtPosted => &mut t.dtposted,
                        Tag::DtUser => &mut t.dtuser,
                        Tag::TrnAmt => &mut t.trnamt,
                        Tag::FitId => &mut t.fitid,
                        Tag::Name => &mut t.name,
                        Tag::Memo => &mut t.memo,
                        Tag::Sic => &mut t.sic,
                        Tag::CorrectFitId => &mut t.correct_fitid,
                        Tag::CorrectAction => &mut t.correct_action,
                        _ => return Ok(()),
                    };
                    *slot = Some(f);
                }
            }
            (Some(Tag::StmtTrn), Some(Tag::Payee), Tag::Name) => {
                if let Some(t) = self.txn.as_mut() {
                    t.payee_name = Some(f);
                }
            }
            (Some(Tag::StmtTrn), Some(Tag::Currency), Tag::CurSym) => {
                if let Some(t) = self.txn.as_mut() {
                    t.cursym = Some(f);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, tag: Tag, line: u32) -> Result<(), OfxError> {
        self.ctx.pop();
        match tag {
            Tag::Status => match self.parent() {
                Some(Tag::Sonrs) if self.status.is_error() => {
                    return Err(err(K::SignonFailed, Tag::Sonrs, line));
                }
                Some(Tag::StmtTrnrs | Tag::CcStmtTrnrs) => {
                    self.trnrs_error = Some(self.status.is_error())
                }
                _ => {}
            },
            Tag::StmtTrnrs | Tag::CcStmtTrnrs => {
                if self.trnrs_error == Some(true) && !self.trnrs_has_stmt {
                    if self.failed == 0 {
                        self.failed_line = line;
                    }
                    self.failed += 1;
                }
                self.trnrs_error = None;
            }
            Tag::StmtTrn => {
                if let (Some(raw), Some(stmt)) = (self.txn.take(), self.stmt.as_mut()) {
                    let (rec, rounded) = finish_txn(raw, stmt.currency, &mut self.merchants)?;
                    self.rounded += usize::from(rounded);
                    stmt.txns.push(rec);
                }
                self.drain_open_statement();
            }
            Tag::LedgerBal | Tag::AvailBal => {
                if let (Some(raw), Some(stmt)) = (self.bal.take(), self.stmt.as_mut()) {
                    let (bal, rounded) = finish_balance(&raw, stmt.currency)?;
                    self.rounded += usize::from(rounded);
                    if tag == Tag::LedgerBal {
                        stmt.ledger = Some(bal);
                    } else {
                        stmt.available = Some(bal);
                    }
                }
            }
            Tag::Stmtrs | Tag::CcStmtrs => {
                if let Some(raw) = self.stmt.take() {
                    let drained = raw.drained.clone();
                    let stmt = finish_stmt(raw)?;
                    // Transactions already handed over were scoped by this account.
                    if drained.is_some_and(|d| d != stmt.acctid) {
                        return Err(err(K::Syntax, Tag::AcctId, line));
                    }
                    self.bankid_seen |= stmt.bankid.is_some();
                    self.pieces.push(Piece::Statement(stmt));
                    self.statements += 1;
                    self.trnrs_has_stmt = true;
                }
            }
            Tag::Sonrs => self.signon_closed = true,
            _ => {}
        }
        Ok(())
    }
}

fn currency(f: &Field<'_>, tag: Tag) -> Result<Currency, OfxError> {
    let code = f.value.trim();
    if code.is_empty() {
        return Err(err(K::EmptyValue, tag, f.line));
    }
    Currency::parse(code).map_err(|_| err(K::BadCurrency, tag, f.line))
}

/// A balance, and whether its amount was rounded.
fn finish_balance(raw: &RawBal<'_>, currency: Currency) -> Result<(Balance, bool), OfxError> {
    let (amount, amount_line) = required(&raw.amount, Tag::BalAmt, raw.line)?;
    let (minor, rounded) = parse_ofx_amount_rounding(amount, currency.exponent())
        .map_err(|_| err(K::BadAmount, Tag::BalAmt, amount_line))?;
    let (as_of, as_of_line) = required(&raw.as_of, Tag::DtAsOf, raw.line)?;
    let as_of = parse_ofx_date(as_of).map_err(|_| err(K::BadDate, Tag::DtAsOf, as_of_line))?;
    Ok((Balance { minor, as_of }, rounded))
}

fn finish_stmt(raw: RawStmt<'_>) -> Result<StmtRec<'_>, OfxError> {
    let from = if raw.credit_card {
        Tag::CcAcctFrom
    } else {
        Tag::BankAcctFrom
    };
    if !raw.acct_from {
        return Err(err(K::MissingElement, from, raw.line));
    }
    let (acctid, _) = required(&raw.acctid, Tag::AcctId, raw.line)?;
    let kind = if raw.credit_card {
        AccountKind::CreditCard
    } else {
        match optional(&raw.accttype)
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("CHECKING") => AccountKind::Checking,
            Some("SAVINGS") => AccountKind::Savings,
            _ => AccountKind::Other,
        }
    };
    Ok(StmtRec {
        acctid: acctid.to_string(),
        bankid: optional(&raw.bankid).map(str::to_string),
        kind,
        currency: raw.currency,
        ledger: raw.ledger,
        available: raw.available,
        start: raw.start,
        txns: raw.txns,
    })
}

/// A transaction, and whether its amount was rounded.
fn finish_txn<'a>(
    mut raw: RawTxn<'a>,
    stmt_currency: Currency,
    merchants: &mut MerchantCache,
) -> Result<(TxnRec<'a>, bool), OfxError> {
    let line = raw.line;
    let currency = match &raw.cursym {
        Some(f) if !f.value.trim().is_empty() => currency(f, Tag::CurSym)?,
        _ => stmt_currency,
    };
    let (amount, amount_line) = required(&raw.trnamt, Tag::TrnAmt, line)?;
    let (amount, rounded) = parse_ofx_amount_rounding(amount, currency.exponent())
        .map_err(|_| err(K::BadAmount, Tag::TrnAmt, amount_line))?;
    let (posted, posted_line) = required(&raw.dtposted, Tag::DtPosted, line)?;
    let posted = parse_ofx_date(posted).map_err(|_| err(K::BadDate, Tag::DtPosted, posted_line))?;
    let user = match &raw.dtuser {
        Some(f) if !f.value.trim().is_empty() => {
            Some(parse_ofx_date(&f.value).map_err(|_| err(K::BadDate, Tag::DtUser, f.line))?)
        }
        _ => None,
    };
    required(&raw.fitid, Tag::FitId, line)?;
    let fitid = raw
        .fitid
        .take()
        .map(|f| trimmed(f.value))
        .unwrap_or_default();
    let correction = match optional(&raw.correct_action) {
        None => None,
        Some(action) => {
            let action_line = raw.correct_action.as_ref().map_or(line, |f| f.line);
            let action = if action.eq_ignore_ascii_case("REPLACE") {
                Correction::Replace
            } else if action.eq_ignore_ascii_case("DELETE") {
                Correction::Delete
            } else {
                return Err(err(K::Syntax, Tag::CorrectAction, action_line));
            };
            let (target, _) = required(&raw.correct_fitid, Tag::CorrectFitId, line)?;
            Some((action, target.to_string()))
        }
    };
    let name = optional(&raw.name).or(optional(&raw.payee_name));
    let memo = optional(&raw.memo);
    let description = describe(name, memo);
    let merchant = name
        .and_then(|n| merchants.normalize(n))
        .or_else(|| memo.and_then(|m| merchants.normalize(m)));
    let mcc = optional(&raw.sic)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|m| *m <= 9999);
    let category = optional(&raw.trntype).and_then(|t| category(t, amount));
    let rec = TxnRec {
        fitid,
        amount,
        currency,
        posted,
        user,
        description,
        merchant,
        mcc,
        category,
        correction,
    };
    Ok((rec, rounded))
}

/// `NAME` and `MEMO` joined, without repeating a name the memo already contains.
fn describe(name: Option<&str>, memo: Option<&str>) -> String {
    let joined = match (name, memo) {
        (Some(n), Some(m)) if m.contains(n) => Cow::Borrowed(m),
        (Some(n), Some(m)) if n.contains(m) => Cow::Borrowed(n),
        (Some(n), Some(m)) => {
            let mut both = String::with_capacity(n.len() + 1 + m.len());
            both.push_str(n);
            both.push(' ');
            both.push_str(m);
            Cow::Owned(both)
        }
        (Some(n), None) => Cow::Borrowed(n),
        (None, Some(m)) => Cow::Borrowed(m),
        (None, None) => Cow::Borrowed(""),
    };
    clean_text(&joined, MAX_DESCRIPTION_CHARS)
}

/// The category a transaction type implies on its own, when it implies one.
fn category(trntype: &str, amount: i64) -> Option<Category> {
    let is = |name: &str| trntype.eq_ignore_ascii_case(name);
    Some(if is("FEE") || is("SRVCHG") {
        Category::Fees
    } else if is("ATM") || is("CASH") {
        Category::Cash
    } else if is("XFER") {
        Category::Transfer
    } else if is("DIRECTDEP") || is("DIV") || (is("INT") && amount >= 0) {
        Category::Income
    } else if is("INT") {
        Category::Fees
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_joins_without_repeats() {
        assert_eq!(
            describe(
                Some("MCDONALD'S #112"),
                Some("POS MERCHANDISE;MCDONALD'S #112")
            ),
            "POS MERCHANDISE;MCDONALD'S #112"
        );
        assert_eq!(describe(Some("A"), Some("B")), "A B");
        assert_eq!(describe(None, Some(" B\u{0} ")), "B");
        assert_eq!(describe(None, None), "");
    }

    #[test]
    fn categories_from_type() {
        assert_eq!(category("fee", -100), Some(Category::Fees));
        assert_eq!(category("INT", 5), Some(Category::Income));
        assert_eq!(category("INT", -5), Some(Category::Fees));
        assert_eq!(category("POS", -5), None);
    }
}
