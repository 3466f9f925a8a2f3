//! ISO 20022 `camt.053` bank-to-customer statements (versions 001.02 to 001.08 and later:
//! only elements common to them are read), as European banks export them.
//!
//! Per `Stmt`: the account (`Acct/Id/IBAN`, else `Acct/Id/Othr/Id`), its currency
//! (`Acct/Ccy`, else the first amount's `Ccy`), the opening (`OPBD`, else `PRCD`) and closing
//! (`CLBD`) booked balances, and every `Ntry`: `Amt` with its `Ccy`, signed by `CdtDbtInd`
//! (`DBIT` money out), `BookgDt` and `ValDt` (`Dt` or `DtTm`), identity from `AcctSvcrRef`
//! (else `NtryRef`, else the content: see `sources::entries`), and a description from the
//! counterparty (`RltdPties`: the creditor of a debit, the debtor of a credit), the
//! remittance information (`RmtInf/Ustrd`) and `AddtlNtryInf`. Entries whose status is not
//! booked (`PDNG`, `INFO`) are skipped and counted. The statement checks itself: opening plus
//! its booked entries against the closing balance. A balance in another currency than the
//! account's is not read as one in the account's currency: it is left out of the check (and
//! of the account's balance) and counted, so the summary says why the check could not run.

mod xml;

use super::entries::{Builder, Entry, Head};
use super::statement::{
    note, ImportNote, NoteKind, StatementError, StatementErrorKind as K, StatementFormat,
    StatementImport,
};
use super::text;
use crate::model::{AccountKind, Balance};
use crate::money::{parse_decimal, Currency};
use crate::time::{parse_iso_local, Timestamp};
use xml::Node;

fn err(kind: K, element: &'static str, line: u32) -> StatementError {
    StatementError::new(Some(StatementFormat::Camt053), kind, Some(element), line)
}

/// Reads a camt.053 file.
pub fn import_camt(bytes: &[u8]) -> Result<StatementImport, StatementError> {
    let mut out = Builder::whole(StatementFormat::Camt053);
    let notes = read_camt(bytes, &mut out)?;
    out.finish(notes)
}

/// The XML reader's error as a statement error.
struct Stop(StatementError);

impl From<xml::XmlError> for Stop {
    fn from(e: xml::XmlError) -> Self {
        let (kind, line) = match e {
            xml::XmlError::Syntax(l) => (K::Syntax, l),
            xml::XmlError::Truncated(l) => (K::Truncated, l),
            xml::XmlError::TooLarge(l) => (K::TooLarge, l),
        };
        Stop(StatementError::new(
            Some(StatementFormat::Camt053),
            kind,
            None,
            line,
        ))
    }
}

impl From<StatementError> for Stop {
    fn from(e: StatementError) -> Self {
        Stop(e)
    }
}

/// Where a walk over the document is: which elements are the report's statements and
/// their entries (`Ntry` children of a `Stmt` child of the report: the root when it is a
/// `BkToCstmrStmt`, else the root's first `BkToCstmrStmt` child).
#[derive(Default)]
struct Place {
    reports_closed: usize,
    stmts_closed: usize,
}

impl Place {
    fn is_report(&self, stack: &[Node], depth: usize) -> bool {
        let name = |i: usize| stack.get(i).map(|n| n.name.as_str());
        match depth {
            0 => name(0) == Some("BkToCstmrStmt"),
            1 => {
                name(0) != Some("BkToCstmrStmt")
                    && name(1) == Some("BkToCstmrStmt")
                    && self.reports_closed == 0
            }
            _ => false,
        }
    }

    /// `node` closed under `stack`: the index of its statement when it is an entry of one.
    fn close(&mut self, stack: &[Node], node: &Node) -> Option<usize> {
        let parent = stack.len().checked_sub(1)?;
        let in_stmt = stack.get(parent).is_some_and(|p| p.name == "Stmt");
        let entry = (node.name == "Ntry"
            && in_stmt
            && parent
                .checked_sub(1)
                .is_some_and(|d| self.is_report(stack, d)))
        .then_some(self.stmts_closed);
        if node.name == "Stmt" && self.is_report(stack, parent) {
            self.stmts_closed += 1;
        }
        if node.name == "BkToCstmrStmt" && parent == 0 && !self.is_report(stack, 0) {
            self.reports_closed += 1;
        }
        entry
    }
}

/// Reads a camt.053 file into `out`. The document is read twice, never held whole: first
/// without the statements' entries (checking that all of it is well-formed, and keeping
/// the statements' accounts and balances and each one's first entry currency), then entry
/// by entry. The errors are the same, in the same order, as reading the whole tree first.
pub(crate) fn read_camt(
    bytes: &[u8],
    out: &mut Builder<'_>,
) -> Result<Vec<ImportNote>, StatementError> {
    let text = text::decode(bytes).ok_or(StatementError::new(
        Some(StatementFormat::Camt053),
        K::Encoding,
        None,
        0,
    ))?;
    let mut place = Place::default();
    let mut first_ccy: Vec<Option<String>> = Vec::new();
    let root = xml::parse_with(&text, |stack, node| {
        let Some(k) = place.close(stack, &node) else {
            return Ok::<_, Stop>(Some(node));
        };
        if first_ccy.len() <= k {
            first_ccy.resize(k + 1, None);
        }
        if let Some(slot) = first_ccy.get_mut(k).filter(|s| s.is_none()) {
            *slot = node
                .child("Amt")
                .and_then(|a| a.attr("Ccy"))
                .map(str::to_string);
        }
        Ok(None)
    })
    .map_err(|Stop(e)| e)?;
    let report = if root.name == "BkToCstmrStmt" {
        &root
    } else {
        root.child("BkToCstmrStmt")
            .ok_or(err(K::Missing, "BkToCstmrStmt", root.line))?
    };
    let institution = report
        .all("Stmt")
        .find_map(|s| {
            s.text_at(&["Acct", "Svcr", "FinInstnId", "Nm"])
                .or(s.text_at(&["Acct", "Svcr", "FinInstnId", "BIC"]))
                .or(s.text_at(&["Acct", "Svcr", "FinInstnId", "BICFI"]))
        })
        .unwrap_or("")
        .to_string();
    let origin = if institution.is_empty() {
        "bank"
    } else {
        institution.as_str()
    };
    out.begin(origin, &institution);
    let mut heads = Heads {
        stmts: report.all("Stmt").collect(),
        first_ccy,
        started: Vec::new(),
        unbooked: 0,
        foreign: 0,
    };
    let mut place = Place::default();
    xml::parse_with(&text, |stack, node| {
        let Some(k) = place.close(stack, &node) else {
            return Ok::<_, Stop>(Some(node));
        };
        let (stmt, currency) = heads.upto(k, out)?;
        let status = node
            .text_at(&["Sts", "Cd"])
            .or(node.text_at(&["Sts"]))
            .unwrap_or("BOOK");
        if status.eq_ignore_ascii_case("BOOK") {
            out.entry(stmt, entry(&node, currency)?)?;
        } else {
            heads.unbooked += 1;
        }
        Ok(None)
    })
    .map_err(|Stop(e)| e)?;
    if let Some(last) = heads.stmts.len().checked_sub(1) {
        heads.upto(last, out)?;
    }
    if heads.stmts.is_empty() {
        return Err(err(K::NoStatement, "Stmt", report.line));
    }
    let mut notes = Vec::new();
    note(&mut notes, NoteKind::UnbookedSkipped, heads.unbooked);
    note(&mut notes, NoteKind::ForeignBalancesIgnored, heads.foreign);
    Ok(notes)
}

/// The report's statements as the second walk starts them, in order, each before its first
/// entry (and those without entries at the end).
struct Heads<'n> {
    /// The statements, without their entries.
    stmts: Vec<&'n Node>,
    /// Per statement, the currency of its first entry with one.
    first_ccy: Vec<Option<String>>,
    /// The statements started: their index in the builder and currency.
    started: Vec<(usize, Currency)>,
    /// Entries not booked (`PDNG`, `INFO`).
    unbooked: usize,
    /// Balances in another currency than the account's.
    foreign: usize,
}

impl Heads<'_> {
    /// Starts every statement up to `k`; returns statement `k`'s builder index and currency.
    fn upto(&mut self, k: usize, out: &mut Builder<'_>) -> Result<(usize, Currency), StatementError> {
        while self.started.len() <= k {
            let i = self.started.len();
            let s = self.stmts.get(i).ok_or(err(K::Syntax, "Stmt", 0))?;
            let ccy = self.first_ccy.get(i).and_then(|c| c.as_deref());
            let (head, foreign) = statement(s, ccy)?;
            self.foreign += foreign;
            let currency = head.currency;
            self.started.push((out.statement(&head), currency));
        }
        self.started.get(k).copied().ok_or(err(K::Syntax, "Stmt", 0))
    }
}

/// A statement's account and balances (its entries are read one by one), and how many of
/// its balances are in another currency. `first_entry_ccy`: the currency of its first
/// entry that names one, the account's currency when neither the account nor a balance
/// names it.
fn statement(s: &Node, first_entry_ccy: Option<&str>) -> Result<(Head, usize), StatementError> {
    let acct = s.child("Acct").ok_or(err(K::Missing, "Acct", s.line))?;
    let id = acct
        .text_at(&["Id", "IBAN"])
        .or(acct.text_at(&["Id", "Othr", "Id"]))
        .ok_or(err(K::Missing, "Id", acct.line))?;
    let first_ccy = s
        .all("Bal")
        .find_map(|n| n.child("Amt").and_then(|a| a.attr("Ccy")))
        .or(first_entry_ccy);
    let ccy_text = acct
        .text_at(&["Ccy"])
        .or(first_ccy)
        .ok_or(err(K::Missing, "Ccy", acct.line))?;
    let currency = Currency::parse(ccy_text).map_err(|_| err(K::BadCurrency, "Ccy", acct.line))?;
    let (mut opening, mut previous, mut closing) = (None, None, None);
    let mut foreign_balances = 0usize;
    for bal in s.all("Bal") {
        let code =
            bal.text_at(&["Tp", "CdOrPrtry", "Cd"])
                .ok_or(err(K::Missing, "Cd", bal.line))?;
        let (minor, own) = signed_amount(bal, currency)?;
        let day = date_of(bal.child("Dt").ok_or(err(K::Missing, "Dt", bal.line))?)?;
        let slot = match code {
            "OPBD" => &mut opening,
            "PRCD" => &mut previous,
            "CLBD" => &mut closing,
            _ => continue,
        };
        if own != currency {
            foreign_balances += 1;
            continue;
        }
        *slot = Some(Balance { minor, as_of: day });
    }
    let head = Head {
        account_key: id.replace(' ', ""),
        number: Some(id.replace(' ', "")),
        kind: AccountKind::Checking,
        currency,
        opening: opening.or(previous),
        closing,
    };
    Ok((head, foreign_balances))
}

/// An `Amt` signed by its sibling `CdtDbtInd`, with the amount's currency.
fn signed_amount(n: &Node, default: Currency) -> Result<(i64, Currency), StatementError> {
    let amt = n.child("Amt").ok_or(err(K::Missing, "Amt", n.line))?;
    let currency = match amt.attr("Ccy") {
        Some(c) => Currency::parse(c).map_err(|_| err(K::BadCurrency, "Amt", amt.line))?,
        None => default,
    };
    let value = parse_decimal(amt.text.trim(), currency.exponent(), false)
        .map_err(|_| err(K::BadAmount, "Amt", amt.line))?;
    if value < 0 {
        return Err(err(K::BadAmount, "Amt", amt.line)); // ISO 20022 amounts are unsigned
    }
    let ind = n
        .text_at(&["CdtDbtInd"])
        .ok_or(err(K::Missing, "CdtDbtInd", n.line))?;
    match ind {
        "CRDT" => Ok((value, currency)),
        "DBIT" => Ok((-value, currency)),
        _ => Err(err(K::Syntax, "CdtDbtInd", n.line)),
    }
}

/// A `Dt` or `DtTm` child's day (a date at 12:00 UTC, a date-time as written).
fn date_of(n: &Node) -> Result<Timestamp, StatementError> {
    if let Some(d) = n.text_at(&["Dt"]) {
        return text::split_date(d)
            .and_then(|r| text::to_date(r, true))
            .filter(|_| d.len() == 10)
            .map(text::noon)
            .ok_or(err(K::BadDate, "Dt", n.line));
    }
    if let Some(dt) = n.text_at(&["DtTm"]) {
        let day = text::split_date(dt).and_then(|r| text::to_date(r, true));
        let ts = dt.get(..16).and_then(|t| parse_iso_local(t, 0));
        return day
            .map(text::noon)
            .filter(|_| ts.is_some())
            .ok_or(err(K::BadDate, "DtTm", n.line));
    }
    Err(err(K::Missing, "Dt", n.line))
}

fn entry(n: &Node, currency: Currency) -> Result<Entry, StatementError> {
    let (amount, own) = signed_amount(n, currency)?;
    let booked = date_of(
        n.child("BookgDt")
            .ok_or(err(K::Missing, "BookgDt", n.line))?,
    )?;
    let value = n.child("ValDt").map(date_of).transpose()?;
    let reference = n
        .text_at(&["AcctSvcrRef"])
        .or(n.text_at(&["NtryRef"]))
        .map(str::to_string);
    let tx = n.at(&["NtryDtls", "TxDtls"]);
    let party = |role: &str| {
        tx.and_then(|t| {
            t.text_at(&["RltdPties", role, "Nm"])
                .or(t.text_at(&["RltdPties", role, "Pty", "Nm"]))
        })
    };
    let counterparty = if amount < 0 {
        party("Cdtr")
    } else {
        party("Dbtr")
    };
    let remittance: Vec<&str> = tx
        .and_then(|t| t.child("RmtInf"))
        .map(|r| {
            r.all("Ustrd")
                .map(|u| u.text.trim())
                .filter(|u| !u.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut parts: Vec<&str> = counterparty.into_iter().collect();
    parts.extend(remittance);
    if parts.is_empty() {
        parts.extend(n.text_at(&["AddtlNtryInf"]));
    }
    Ok(Entry {
        booked,
        transacted: value.filter(|v| *v < booked),
        amount,
        currency: own,
        description: parts.join(" "),
        reference,
    })
}

#[cfg(test)]
mod tests;
