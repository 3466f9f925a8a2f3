//! Quicken Interchange Format (QIF), as older finance tools and some banks export it: bank,
//! cash and credit-card sections (`!Type:Bank`, `!Type:Cash`, `!Type:CCard`, `!Type:Oth A`,
//! `!Type:Oth L`), records of `D` date, `T`/`U` amount, `P` payee, `M` memo, `N` number,
//! `L` category, ended by `^`. Split lines (`S`, `E`, `$`) are folded into their parent
//! (its `T` is the total; the splits are counted, not imported). `!Account` blocks name the
//! account of the sections after them; without one the person's chosen account is used.
//!
//! QIF writes dates in the exporter's locale (`01/02/2024`, `1/ 2'24`, `02.01.2024`): the
//! order is decided from all dates of the file. Amounts may use a decimal comma (decided
//! from all amounts). QIF gives no balances, so a QIF statement cannot check itself; the
//! summary says so. Investment sections are refused by name.

use super::entries::{Builder, Entry, Head};
use super::statement::{
    note, ImportNote, NoteKind, StatementError, StatementErrorKind as K, StatementFormat,
    StatementImport, StatementOptions,
};
use super::text::{self, RawDate};
use crate::model::AccountKind;
use crate::money::Currency;

fn err(kind: K, element: Option<&'static str>, line: u32) -> StatementError {
    StatementError::new(Some(StatementFormat::Qif), kind, element, line)
}

/// One record before dates and amounts are converted.
struct RawRecord<'a> {
    line: u32,
    date: Option<(&'a str, u32)>,
    amount: Option<(&'a str, u32)>,
    payee: Option<&'a str>,
    memo: Option<&'a str>,
    number: Option<&'a str>,
}

/// What the walk over a file meets, in order: a section starts (with the account an
/// `!Account` block named for it), or a record ends (it belongs to the last section).
enum Event<'a> {
    Section(Option<String>, AccountKind),
    Record(RawRecord<'a>),
}

/// Reads a QIF file.
pub fn import_qif(
    bytes: &[u8],
    options: &StatementOptions,
) -> Result<StatementImport, StatementError> {
    let mut out = Builder::whole(StatementFormat::Qif);
    let notes = read_qif(bytes, options, &mut out)?;
    out.finish(notes)
}

/// Reads a QIF file into `out`, one record at a time: a first walk checks the structure and
/// decides the date order and decimal separator from all records, a second converts. The
/// errors are the same, in the same order, as if every record were read first.
pub(crate) fn read_qif(
    bytes: &[u8],
    options: &StatementOptions,
    out: &mut Builder<'_>,
) -> Result<Vec<ImportNote>, StatementError> {
    let text = text::decode(bytes).ok_or(err(K::Encoding, None, 0))?;
    let mut raw_dates: Vec<RawDate> = Vec::new();
    let mut dotted = false;
    let mut vote = text::CommaVote::default();
    let splits = walk(&text, |event| {
        if let Event::Record(r) = event {
            if let Some((d, _)) = r.date {
                raw_dates.extend(text::split_date(d));
                dotted |= d.contains('.');
            }
            if let Some((a, _)) = r.amount {
                vote.see(a);
            }
        }
        Ok(())
    })?;
    // Undecided by the dates themselves: dotted dates are day-first; otherwise Quicken's
    // own order, month-first.
    let day_first = options
        .day_first
        .or_else(|| text::day_first_from(&raw_dates))
        .unwrap_or(dotted);
    drop(raw_dates);
    let comma = vote.decide(false);
    let currency = options.currency.unwrap_or(Currency::USD);
    let chosen = options
        .account
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let origin = chosen.map_or_else(|| "file".to_string(), str::to_string);
    out.begin(&origin, "");
    let mut stmt: Option<usize> = None;
    let mut entries = 0usize;
    walk(&text, |event| {
        match event {
            Event::Section(account, kind) => {
                let account = account
                    .or(chosen.map(str::to_string))
                    .ok_or(err(K::NeedsAccount, None, 0))?;
                stmt = Some(out.statement(&Head {
                    account_key: account,
                    number: None,
                    kind,
                    currency,
                    opening: None,
                    closing: None,
                }));
            }
            Event::Record(r) => {
                let e = entry(r, day_first, comma, currency)?;
                if let Some(s) = stmt {
                    out.entry(s, e)?;
                    entries += 1;
                }
            }
        }
        Ok(())
    })?;
    if entries == 0 {
        return Err(err(K::NoStatement, None, 0));
    }
    let mut notes = Vec::new();
    note(&mut notes, NoteKind::SplitsFolded, splits);
    Ok(notes)
}

fn entry(
    r: RawRecord<'_>,
    day_first: bool,
    comma: bool,
    currency: Currency,
) -> Result<Entry, StatementError> {
    let (d, dline) = r.date.ok_or(err(K::Missing, Some("D"), r.line))?;
    let date = text::split_date(d)
        .and_then(|raw| text::to_date(raw, day_first))
        .ok_or(err(K::BadDate, Some("D"), dline))?;
    let (a, aline) = r.amount.ok_or(err(K::Missing, Some("T"), r.line))?;
    let amount = text::parse_amount(a, currency.exponent(), comma)
        .ok()
        .flatten()
        .ok_or(err(K::BadAmount, Some("T"), aline))?;
    let mut description = r.payee.unwrap_or("").to_string();
    if let Some(m) = r.memo.filter(|m| !description.contains(*m)) {
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(m);
    }
    if description.is_empty() {
        if let Some(n) = r.number {
            description = format!("Check {n}");
        }
    }
    Ok(Entry {
        booked: text::noon(date),
        transacted: None,
        amount,
        currency,
        description,
        reference: None,
    })
}

/// The kind of account a `!Type:` header names; `Err` for sections that are not bank or card
/// registers (investments, category and class lists, memorized transactions).
fn section_kind(header: &str) -> Result<Option<AccountKind>, ()> {
    let t = header.trim().to_ascii_lowercase();
    let t = t.strip_prefix("!type:").unwrap_or(&t).trim();
    Ok(Some(match t {
        "bank" => AccountKind::Checking,
        "cash" | "oth a" => AccountKind::Other,
        "ccard" | "oth l" => AccountKind::CreditCard,
        "cat" | "class" | "memorized" | "prices" | "security" => return Ok(None),
        _ => return Err(()),
    }))
}

/// Walks the file's sections and records, handing each to `f` in order; returns the number
/// of split lines. A file without a section is refused.
fn walk<'a>(
    text: &'a str,
    mut f: impl FnMut(Event<'a>) -> Result<(), StatementError>,
) -> Result<usize, StatementError> {
    let mut sections = 0usize;
    let mut pending_account: Option<String> = None;
    let mut in_account_block = false;
    let mut skipping = false;
    let mut cur: Option<RawRecord<'_>> = None;
    let mut splits = 0usize;
    let mut line_no = 0u32;
    for raw in text.lines() {
        line_no = line_no.saturating_add(1);
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('!') {
            let upper = trimmed.to_ascii_uppercase();
            if upper.starts_with("!OPTION") || upper.starts_with("!CLEAR") {
                continue;
            }
            if upper.starts_with("!ACCOUNT") {
                in_account_block = true;
                continue;
            }
            in_account_block = false;
            match section_kind(trimmed) {
                Ok(Some(kind)) => {
                    skipping = false;
                    sections += 1;
                    f(Event::Section(pending_account.take(), kind))?;
                }
                Ok(None) => skipping = true,
                Err(()) => return Err(err(K::Unrecognised, Some("!Type"), line_no)),
            }
            continue;
        }
        let (code, value) = trimmed.split_at(trimmed.chars().next().map_or(0, char::len_utf8));
        if in_account_block {
            if code == "N" {
                pending_account = Some(value.trim().to_string());
            }
            if code == "^" {
                in_account_block = false;
            }
            continue;
        }
        if skipping {
            continue;
        }
        if sections == 0 {
            return Err(err(K::Syntax, Some("!Type"), line_no));
        }
        if code == "^" {
            if let Some(r) = cur.take() {
                f(Event::Record(r))?;
            }
            continue;
        }
        let r = cur.get_or_insert(RawRecord {
            line: line_no,
            date: None,
            amount: None,
            payee: None,
            memo: None,
            number: None,
        });
        let value = value.trim();
        match code {
            "D" => r.date = Some((value, line_no)),
            "T" => r.amount = Some((value, line_no)),
            "U" if r.amount.is_none() => r.amount = Some((value, line_no)),
            "P" => r.payee = Some(value),
            "M" => r.memo = Some(value),
            "N" => r.number = Some(value),
            "S" => splits += 1,
            _ => {} // L, C, A, E, $ and the rest: not kept
        }
    }
    if let Some(r) = cur.take() {
        // A last record without its `^`: kept when complete (checked like any other).
        if sections > 0 {
            f(Event::Record(r))?;
        }
    }
    if sections == 0 {
        return Err(err(K::NoStatement, None, 0));
    }
    Ok(splits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TxnId;
    use proptest::prelude::*;

    fn opts() -> StatementOptions {
        StatementOptions {
            account: Some("Joint".into()),
            ..StatementOptions::default()
        }
    }

    #[test]
    fn bank_section_with_splits_and_us_dates() {
        let f = "!Type:Bank\nD01/02/2024\nT-1,234.56\nPRent\nMJanuary\nLHousing\n^\n\
                 D01/15'24\nU-30.00\nT-30.00\nPGrocer\nSFood\n$-20.00\nSHome\n$-10.00\n^\n\
                 D01/15'24\nT-30.00\nPGrocer\nSFood\n$-30.00\n^\n";
        let i = import_qif(f.as_bytes(), &opts()).unwrap();
        let t = &i.batch.transactions;
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].amount, -123_456);
        assert_eq!(t[0].description, "Rent January");
        assert_eq!(
            t[0].posted_at,
            crate::time::parse_iso_local("2024-01-02T12:00", 0)
        );
        assert_eq!(t[1].amount, -3000);
        // Identical records are two transactions.
        assert_ne!(t[1].id, t[2].id);
        assert_eq!(
            i.notes,
            vec![crate::sources::statement::ImportNote {
                kind: NoteKind::SplitsFolded,
                count: 3
            }]
        );
        // The same file again: the same ids.
        let again = import_qif(f.as_bytes(), &opts()).unwrap();
        let ids: Vec<&TxnId> = again.batch.transactions.iter().map(|t| &t.id).collect();
        assert_eq!(ids, t.iter().map(|t| &t.id).collect::<Vec<_>>());
    }

    #[test]
    fn european_dates_and_decimal_commas_with_account_block() {
        let f = "!Account\nNGirokonto\nTBank\n^\n!Type:CCard\nD31.01.2024\nT-1.234,50\nPLaden\n^\nD01.02.2024\nT10,00\n^\n";
        let i = import_qif(f.as_bytes(), &StatementOptions::default()).unwrap();
        assert_eq!(i.batch.transactions[0].amount, -123_450);
        assert_eq!(i.batch.accounts[0].kind, AccountKind::CreditCard);
        assert!(i.batch.accounts[0].id.as_str().ends_with("/Girokonto"));
    }

    #[test]
    fn refusals_name_the_field_and_line() {
        let e = |f: &str| import_qif(f.as_bytes(), &opts()).unwrap_err();
        let x = e("!Type:Bank\nD01/02/2024\nTabc\n^\n");
        assert_eq!((x.kind, x.element, x.line), (K::BadAmount, Some("T"), 3));
        let x = e("!Type:Bank\nD32/13/2024\nT1\n^\n");
        assert_eq!((x.kind, x.element, x.line), (K::BadDate, Some("D"), 2));
        let x = e("!Type:Bank\nPNo date\nT1\n^\n");
        assert_eq!((x.kind, x.element), (K::Missing, Some("D")));
        let x = e("!Type:Invst\nD01/02/2024\n^\n");
        assert_eq!(
            (x.kind, x.element, x.line),
            (K::Unrecognised, Some("!Type"), 1)
        );
        let x = e("!Type:Bank\n");
        assert_eq!(x.kind, K::NoStatement);
        let x = import_qif(
            b"!Type:Bank\nD01/02/2024\nT1\n^\n",
            &StatementOptions::default(),
        )
        .unwrap_err();
        assert_eq!(x.kind, K::NeedsAccount);
        assert_eq!(
            x.to_string(),
            "QIF: the file names no account: choose one with --account NAME"
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "(!Type:Bank\n)?([DTPMNSLU^!][ -~]{0,12}\n){0,20}") {
            let _ = import_qif(s.as_bytes(), &opts());
        }
    }
}
