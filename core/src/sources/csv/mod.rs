//! Bank CSV exports. Every bank writes its own layout, so everything a layout varies in is
//! detected from the file, not assumed: the encoding (UTF-8, UTF-8 with BOM, Windows-1252),
//! the delimiter and quoting ([`records`]), the columns (from the header, a mapping or a
//! preset: [`columns`]), the decimal separator (from all amounts of the file), the date
//! order (from all dates: see `sources::text::day_first_from`), and signed amounts versus
//! debit/credit columns.
//!
//! A CSV file names no account, so the person chooses one (`StatementOptions::account`); it
//! is the account's identity from then on. Rows identical in every field are distinct
//! transactions, identified by their content and occurrence (see `sources::entries`).
//!
//! A row without a date and amount (a title, a total, a note) is skipped and counted; a row
//! with one but not the other, or with an unreadable amount or date, refuses the file with
//! its line: nothing is imported from a file that is partly unreadable.

mod columns;
mod records;

pub use columns::preset_names;

use super::entries::{self, Entry, Stmt};
use super::statement::{
    note, NoteKind, StatementError, StatementErrorKind as K, StatementFormat, StatementImport,
    StatementOptions,
};
use super::text::{self, RawDate};
use crate::model::{AccountKind, Balance};
use crate::money::Currency;
use columns::Mapping;
use records::Record;

fn err(kind: K, element: Option<&'static str>, line: u32) -> StatementError {
    StatementError::new(Some(StatementFormat::Csv), kind, element, line)
}

/// Whether `bytes` look like delimited text (the test `statement::detect` uses).
pub(crate) fn looks_like_csv(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(&[]);
    // Cut at a line end so that a multi-byte character or quoted field is not split.
    let cut = head
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(head, |i| head.get(..i).unwrap_or(&[]));
    let cut = if bytes.len() <= 8192 { bytes } else { cut };
    text::decode(cut).is_some_and(|t| delimiter(&t).is_some())
}

/// The file's delimiter, from its first lines, or from its first line alone when those do
/// not split (a quote left open further down: refused later with its line).
fn delimiter(text: &str) -> Option<char> {
    records::detect_delimiter(text).or_else(|| {
        let first = text.lines().find(|l| !l.trim().is_empty())?;
        records::detect_delimiter(first)
    })
}

/// Reads a bank's CSV export.
pub fn import_csv(
    bytes: &[u8],
    options: &StatementOptions,
) -> Result<StatementImport, StatementError> {
    let text = text::decode(bytes).ok_or(err(K::Encoding, None, 0))?;
    let delim = delimiter(&text).ok_or(err(K::Syntax, None, 1))?;
    let rows = records::split(&text, delim).map_err(|e| match e {
        records::SplitError::UnclosedQuote(line) => err(K::Syntax, Some("quote"), line),
        records::SplitError::TooLarge(line) => err(K::TooLarge, None, line),
    })?;
    // The account first: a mapping is saved per account, so the person names the account
    // before being asked for a layout.
    let account = options
        .account
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or(err(K::NeedsAccount, None, 0))?;
    let (mapping, first_data) = mapping(&rows, options)?;
    let data = rows.get(first_data..).unwrap_or(&[]);
    let read = read_rows(data, &mapping, options, delim)?;
    let mut notes = Vec::new();
    note(
        &mut notes,
        NoteKind::RowsWithoutEntrySkipped,
        read.skipped_rows,
    );
    note(&mut notes, NoteKind::UnbookedSkipped, read.unbooked);
    if read.entries.is_empty() {
        return Err(err(K::NoStatement, None, 0));
    }
    let stmt = Stmt {
        account_key: account.to_string(),
        number: None,
        kind: AccountKind::Other,
        currency: read.currency,
        opening: read.opening,
        closing: read.closing,
        entries: read.entries,
    };
    Ok(entries::build(
        StatementFormat::Csv,
        account,
        "",
        vec![stmt],
        notes,
    ))
}

/// The mapping to use and the index of the first data row.
fn mapping(
    rows: &[Record],
    options: &StatementOptions,
) -> Result<(Mapping, usize), StatementError> {
    // A header is one of the first rows (some banks put account lines above it).
    let header = rows
        .iter()
        .take(12)
        .position(|r| columns::from_header(&r.fields).is_some());
    if let Some(spec) = options.csv_map.as_deref() {
        // With a mapping, the header (if any) is the first row whose date cell is not a date.
        let first = rows.first().map(|r| r.fields.as_slice());
        let m = columns::from_spec(
            spec,
            header
                .and_then(|h| rows.get(h))
                .map(|r| r.fields.as_slice())
                .or(first),
        )?;
        let start = rows
            .iter()
            .position(|r| {
                r.fields
                    .get(m.date)
                    .and_then(|d| text::split_date(d))
                    .is_some()
            })
            .unwrap_or(rows.len());
        return Ok((m, start));
    }
    let h = header.ok_or(err(
        K::NeedsMapping,
        None,
        rows.first().map_or(1, |r| r.line),
    ))?;
    let m = rows
        .get(h)
        .and_then(|r| columns::from_header(&r.fields))
        .ok_or(err(K::NeedsMapping, None, 1))?;
    Ok((m, h + 1))
}

/// The entries of the data rows, and what the file says about balances.
struct Read {
    entries: Vec<Entry>,
    currency: Currency,
    opening: Option<Balance>,
    closing: Option<Balance>,
    skipped_rows: usize,
    unbooked: usize,
}

/// A data row's cells for each role, before conversion.
struct Row<'a> {
    line: u32,
    date: RawDate,
    transacted: Option<RawDate>,
    amount: Option<&'a str>,
    debit: Option<&'a str>,
    credit: Option<&'a str>,
    fee: Option<&'a str>,
    balance: Option<&'a str>,
    currency: Option<&'a str>,
    text: String,
    reference: Option<&'a str>,
}

fn cell(r: &Record, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| r.fields.get(i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

fn read_rows(
    data: &[Record],
    m: &Mapping,
    options: &StatementOptions,
    delim: char,
) -> Result<Read, StatementError> {
    let mut rows: Vec<Row<'_>> = Vec::with_capacity(data.len());
    let (mut skipped_rows, mut unbooked) = (0, 0);
    for r in data {
        if cell(r, m.status).is_some_and(|s| {
            let s = s.to_ascii_uppercase();
            ["PENDING", "DECLINED", "REVERTED", "FAILED", "CANCELLED"]
                .iter()
                .any(|x| s.contains(x))
        }) {
            unbooked += 1;
            continue;
        }
        let date = cell(r, Some(m.date)).and_then(text::split_date);
        let has_amount = [m.amount, m.debit, m.credit]
            .into_iter()
            .any(|i| cell(r, i).is_some());
        let Some(date) = date else {
            if has_amount && cell(r, Some(m.date)).is_some() {
                return Err(err(K::BadDate, Some("date"), r.line));
            }
            skipped_rows += 1; // a title, a total, a note
            continue;
        };
        if r.fields.len() <= m.max_column() && !has_amount {
            return Err(err(K::RaggedRow, None, r.line));
        }
        if !has_amount {
            return Err(err(K::Missing, Some("amount"), r.line));
        }
        let text: Vec<&str> = m.text.iter().filter_map(|&i| cell(r, Some(i))).collect();
        rows.push(Row {
            line: r.line,
            date,
            transacted: cell(r, m.transacted).and_then(text::split_date),
            amount: cell(r, m.amount),
            debit: cell(r, m.debit),
            credit: cell(r, m.credit),
            fee: cell(r, m.fee),
            balance: cell(r, m.balance),
            currency: cell(r, m.currency),
            text: dedup_join(&text),
            reference: cell(r, m.reference),
        });
    }
    let day_first = match options.day_first.or(m.day_first) {
        Some(d) => d,
        None => {
            let dates: Vec<RawDate> = rows.iter().map(|r| r.date).collect();
            let dotted = data
                .iter()
                .any(|r| cell(r, Some(m.date)).is_some_and(|d| d.contains('.')));
            // Dotted dates (31.01.2024) are day-first wherever they are written.
            text::day_first_from(&dates)
                .or(dotted.then_some(true))
                .ok_or(err(
                    K::AmbiguousDates,
                    Some("date"),
                    rows.first().map_or(0, |r| r.line),
                ))?
        }
    };
    let currency = match (options.currency, rows.iter().find_map(|r| r.currency)) {
        (Some(c), _) => c,
        (None, Some(code)) => Currency::parse(code).map_err(|_| {
            err(
                K::BadCurrency,
                Some("currency"),
                rows.first().map_or(0, |r| r.line),
            )
        })?,
        (None, None) => Currency::USD,
    };
    let amounts = rows
        .iter()
        .flat_map(|r| [r.amount, r.debit, r.credit, r.fee, r.balance])
        .flatten();
    let comma = text::decimal_comma_vote(amounts, delim == ';');
    // A reference column is an identity only when its values are unique in the file;
    // otherwise it is text (a payment reference, not an id).
    let refs_unique = {
        let refs: Vec<&str> = rows.iter().filter_map(|r| r.reference).collect();
        let set: std::collections::HashSet<&&str> = refs.iter().collect();
        refs.len() == rows.len() && set.len() == refs.len()
    };
    let mut entries = Vec::with_capacity(rows.len());
    let mut balances: Vec<(i64, i64, i64)> = Vec::new(); // (day, amount, balance after)
    for row in rows {
        let entry = entry(&row, m, currency, day_first, comma, refs_unique)?;
        if let Some(b) = row.balance {
            let b = parse(b, currency, comma, "balance", row.line)?;
            balances.push((entry.booked, entry.amount, b));
        }
        entries.push(entry);
    }
    let (opening, closing) = balances_of(&balances, entries.len());
    Ok(Read {
        entries,
        currency,
        opening,
        closing,
        skipped_rows,
        unbooked,
    })
}

fn parse(
    text: &str,
    currency: Currency,
    comma: bool,
    role: &'static str,
    line: u32,
) -> Result<i64, StatementError> {
    text::parse_amount(text, currency.exponent(), comma)
        .ok()
        .flatten()
        .ok_or(err(K::BadAmount, Some(role), line))
}

fn entry(
    row: &Row<'_>,
    m: &Mapping,
    currency: Currency,
    day_first: bool,
    comma: bool,
    refs_unique: bool,
) -> Result<Entry, StatementError> {
    let own = match row.currency {
        Some(code) => {
            Currency::parse(code).map_err(|_| err(K::BadCurrency, Some("currency"), row.line))?
        }
        None => currency,
    };
    let mut amount = match row.amount {
        Some(a) => parse(a, own, comma, "amount", row.line)?,
        None => {
            let out = row
                .debit
                .map(|d| parse(d, own, comma, "debit", row.line))
                .transpose()?;
            let inn = row
                .credit
                .map(|c| parse(c, own, comma, "credit", row.line))
                .transpose()?;
            inn.unwrap_or(0)
                .abs()
                .checked_sub(out.unwrap_or(0).abs())
                .ok_or(err(K::BadAmount, Some("amount"), row.line))?
        }
    };
    if let Some(fee) = row.fee {
        amount = amount
            .checked_sub(parse(fee, own, comma, "fee", row.line)?.abs())
            .ok_or(err(K::BadAmount, Some("fee"), row.line))?;
    }
    if m.invert {
        amount = amount
            .checked_neg()
            .ok_or(err(K::BadAmount, Some("amount"), row.line))?;
    }
    let booked =
        text::to_date(row.date, day_first).ok_or(err(K::BadDate, Some("date"), row.line))?;
    let transacted = row
        .transacted
        .and_then(|d| text::to_date(d, day_first))
        .map(text::noon);
    let mut description = row.text.clone();
    let reference = match row.reference {
        Some(r) if refs_unique => Some(r.to_string()),
        Some(r) => {
            if !description.contains(r) {
                if !description.is_empty() {
                    description.push(' ');
                }
                description.push_str(r);
            }
            None
        }
        None => None,
    };
    Ok(Entry {
        booked: text::noon(booked),
        transacted,
        amount,
        currency: own,
        description,
        reference,
    })
}

/// Texts joined with a space, leaving out one another already contains.
fn dedup_join(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        if out.contains(p) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// Opening and closing balances from a running-balance column, when every entry has one and
/// the rows run in date order (either way): the opening is the balance before the earliest
/// entry, the closing the balance after the latest.
fn balances_of(b: &[(i64, i64, i64)], entries: usize) -> (Option<Balance>, Option<Balance>) {
    if b.is_empty() || b.len() != entries {
        return (None, None);
    }
    let ascending = b.windows(2).all(|w| w[0].0 <= w[1].0);
    let descending = b.windows(2).all(|w| w[0].0 >= w[1].0);
    let (first, last) = match (ascending, descending) {
        (true, _) => (b.first(), b.last()),
        (false, true) => (b.last(), b.first()),
        _ => return (None, None),
    };
    let (Some(&(d0, a0, b0)), Some(&(d1, _, b1))) = (first, last) else {
        return (None, None);
    };
    let opening = b0.checked_sub(a0).map(|minor| Balance {
        minor,
        as_of: d0 - crate::time::DAY,
    });
    (
        opening,
        Some(Balance {
            minor: b1,
            as_of: d1,
        }),
    )
}

#[cfg(test)]
mod tests;
