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

use super::entries::{Builder, Entry, Head};
use super::statement::{
    note, ImportNote, NoteKind, StatementError, StatementErrorKind as K, StatementFormat,
    StatementImport, StatementOptions,
};
use super::text::{self, RawDate};
use crate::model::{AccountKind, Balance};
use crate::money::Currency;
use columns::Mapping;
use records::{Record, Records};

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
    let mut out = Builder::whole(StatementFormat::Csv);
    let notes = read_csv(bytes, options, &mut out)?;
    out.finish(notes)
}

fn split_err(e: records::SplitError) -> StatementError {
    match e {
        records::SplitError::UnclosedQuote(line) => err(K::Syntax, Some("quote"), line),
        records::SplitError::TooLarge(line) => err(K::TooLarge, None, line),
    }
}

/// Reads a CSV export into `out`, one row at a time: the text is split once to check that
/// all of it splits, once to decide what the file decides as a whole (dates, decimals,
/// currency, whether references are ids) and once to convert, and never held split. The
/// errors are the same, in the same order, as if every row were read first.
pub(crate) fn read_csv(
    bytes: &[u8],
    options: &StatementOptions,
    out: &mut Builder<'_>,
) -> Result<Vec<ImportNote>, StatementError> {
    let text = text::decode(bytes).ok_or(err(K::Encoding, None, 0))?;
    let delim = delimiter(&text).ok_or(err(K::Syntax, None, 1))?;
    // Every record splits, or the file is refused before anything else is said about it.
    let mut head: Vec<Record> = Vec::new();
    for r in Records::new(&text, delim) {
        let r = r.map_err(split_err)?;
        if head.len() < HEADER_ROWS {
            head.push(r);
        }
    }
    // The account first: a mapping is saved per account, so the person names the account
    // before being asked for a layout.
    let account = options
        .account
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or(err(K::NeedsAccount, None, 0))?;
    let (mapping, first_data) = mapping(&head, &text, delim, options)?;
    let data = || Records::new(&text, delim).skip(first_data).flatten();
    let survey = survey(data(), &mapping, options, delim)?;
    out.begin(account, "");
    let stmt = out.statement(&Head {
        account_key: account.to_string(),
        number: None,
        kind: AccountKind::Other,
        currency: survey.currency,
        opening: None,
        closing: None,
    });
    let mut balances = Running::default();
    let mut entries = 0usize;
    for r in data() {
        let Classified::Row(row) = classify(&r, &mapping)? else {
            continue;
        };
        let entry = entry(&row, &mapping, &survey)?;
        if let Some(b) = row.balance {
            let b = parse(b, survey.currency, survey.comma, "balance", row.line)?;
            balances.see(entry.booked, entry.amount, b);
        }
        out.entry(stmt, entry)?;
        entries += 1;
    }
    let (opening, closing) = balances.result(entries);
    out.balances(stmt, opening, closing);
    let mut notes = Vec::new();
    note(
        &mut notes,
        NoteKind::RowsWithoutEntrySkipped,
        survey.skipped_rows,
    );
    note(&mut notes, NoteKind::UnbookedSkipped, survey.unbooked);
    if entries == 0 {
        return Err(err(K::NoStatement, None, 0));
    }
    Ok(notes)
}

/// How many rows at the top of a file may hold the header (some banks put account lines
/// above it).
const HEADER_ROWS: usize = 12;

/// The mapping to use and the index of the first data row; `head` is the file's first
/// [`HEADER_ROWS`] records.
fn mapping(
    head: &[Record],
    text: &str,
    delim: char,
    options: &StatementOptions,
) -> Result<(Mapping, usize), StatementError> {
    let header = head
        .iter()
        .position(|r| columns::from_header(&r.fields).is_some());
    if let Some(spec) = options.csv_map.as_deref() {
        // With a mapping, the header (if any) is the first row whose date cell is not a date.
        let first = head.first().map(|r| r.fields.as_slice());
        let m = columns::from_spec(
            spec,
            header
                .and_then(|h| head.get(h))
                .map(|r| r.fields.as_slice())
                .or(first),
        )?;
        let rows = Records::new(text, delim).flatten();
        let mut count = 0usize;
        let mut start = None;
        for (i, r) in rows.enumerate() {
            count = i + 1;
            if r.fields
                .get(m.date)
                .and_then(|d| text::split_date(d))
                .is_some()
            {
                start = Some(i);
                break;
            }
        }
        return Ok((m, start.unwrap_or(count)));
    }
    let h = header.ok_or(err(
        K::NeedsMapping,
        None,
        head.first().map_or(1, |r| r.line),
    ))?;
    let m = head
        .get(h)
        .and_then(|r| columns::from_header(&r.fields))
        .ok_or(err(K::NeedsMapping, None, 1))?;
    Ok((m, h + 1))
}

/// What the data rows decide as a whole, and what they skip.
struct Survey {
    day_first: bool,
    currency: Currency,
    comma: bool,
    /// A reference column is an identity only when its values are unique in the file;
    /// otherwise it is text (a payment reference, not an id).
    refs_unique: bool,
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

/// What a data row is.
enum Classified<'a> {
    /// Not booked (pending, declined...): skipped and counted.
    Unbooked,
    /// Without a date (a title, a total, a note): skipped and counted.
    Skipped,
    /// An entry.
    Row(Row<'a>),
}

fn cell(r: &Record, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| r.fields.get(i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

/// Reads one data row's cells; a row with a date but no amount (or the reverse) refuses
/// the file with its line.
fn classify<'a>(r: &'a Record, m: &Mapping) -> Result<Classified<'a>, StatementError> {
    if cell(r, m.status).is_some_and(|s| {
        let s = s.to_ascii_uppercase();
        ["PENDING", "DECLINED", "REVERTED", "FAILED", "CANCELLED"]
            .iter()
            .any(|x| s.contains(x))
    }) {
        return Ok(Classified::Unbooked);
    }
    let date = cell(r, Some(m.date)).and_then(text::split_date);
    let has_amount = [m.amount, m.debit, m.credit]
        .into_iter()
        .any(|i| cell(r, i).is_some());
    let Some(date) = date else {
        if has_amount && cell(r, Some(m.date)).is_some() {
            return Err(err(K::BadDate, Some("date"), r.line));
        }
        return Ok(Classified::Skipped);
    };
    if r.fields.len() <= m.max_column() && !has_amount {
        return Err(err(K::RaggedRow, None, r.line));
    }
    if !has_amount {
        return Err(err(K::Missing, Some("amount"), r.line));
    }
    let text: Vec<&str> = m.text.iter().filter_map(|&i| cell(r, Some(i))).collect();
    Ok(Classified::Row(Row {
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
    }))
}

/// The first pass over the data rows: every row classified (its errors raised), and the
/// file-wide choices made from all of them. Holds a date (16 bytes) per row and, while
/// every row has a reference, a hash of each.
fn survey(
    data: impl Iterator<Item = Record>,
    m: &Mapping,
    options: &StatementOptions,
    delim: char,
) -> Result<Survey, StatementError> {
    let (mut skipped_rows, mut unbooked, mut rows) = (0, 0, 0usize);
    let mut dates: Vec<RawDate> = Vec::new();
    let mut dotted = false;
    let mut first_line: Option<u32> = None;
    let mut first_currency: Option<String> = None;
    let mut vote = text::CommaVote::default();
    let mut refs: Option<std::collections::HashSet<u128>> = Some(Default::default());
    for r in data {
        dotted |= cell(&r, Some(m.date)).is_some_and(|d| d.contains('.'));
        let row = match classify(&r, m)? {
            Classified::Unbooked => {
                unbooked += 1;
                continue;
            }
            Classified::Skipped => {
                skipped_rows += 1; // a title, a total, a note
                continue;
            }
            Classified::Row(row) => row,
        };
        rows += 1;
        first_line.get_or_insert(row.line);
        dates.push(row.date);
        if first_currency.is_none() {
            first_currency = row.currency.map(str::to_string);
        }
        for v in [row.amount, row.debit, row.credit, row.fee, row.balance]
            .into_iter()
            .flatten()
        {
            vote.see(v);
        }
        refs = match (refs, row.reference) {
            (Some(mut set), Some(r)) => set.insert(ref_hash(r)).then_some(set),
            _ => None,
        };
    }
    let first_line = first_line.unwrap_or(0);
    let day_first = match options.day_first.or(m.day_first) {
        Some(d) => d,
        None => {
            // Dotted dates (31.01.2024) are day-first wherever they are written.
            text::day_first_from(&dates)
                .or(dotted.then_some(true))
                .ok_or(err(K::AmbiguousDates, Some("date"), first_line))?
        }
    };
    drop(dates);
    let currency = match (options.currency, first_currency) {
        (Some(c), _) => c,
        (None, Some(code)) => Currency::parse(&code)
            .map_err(|_| err(K::BadCurrency, Some("currency"), first_line))?,
        (None, None) => Currency::USD,
    };
    Ok(Survey {
        day_first,
        currency,
        comma: vote.decide(delim == ';'),
        refs_unique: refs.is_some_and(|set| set.len() == rows),
        skipped_rows,
        unbooked,
    })
}

/// A reference's identity for the uniqueness test (128 bits: two different references
/// collide with chance 2^-128).
fn ref_hash(r: &str) -> u128 {
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x7461_6369_745f_7266, 2);
    h.write(r.as_bytes());
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
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

fn entry(row: &Row<'_>, m: &Mapping, survey: &Survey) -> Result<Entry, StatementError> {
    let (currency, day_first, comma) = (survey.currency, survey.day_first, survey.comma);
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
        Some(r) if survey.refs_unique => Some(r.to_string()),
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
/// entry, the closing the balance after the latest. Kept row by row.
#[derive(Default)]
struct Running {
    /// Rows with a balance: `(day, amount, balance after)` of the first and the last.
    first: Option<(i64, i64, i64)>,
    last: Option<(i64, i64, i64)>,
    count: usize,
    not_ascending: bool,
    not_descending: bool,
}

impl Running {
    fn see(&mut self, day: i64, amount: i64, balance: i64) {
        if let Some((d, _, _)) = self.last {
            self.not_ascending |= d > day;
            self.not_descending |= d < day;
        }
        self.first.get_or_insert((day, amount, balance));
        self.last = Some((day, amount, balance));
        self.count += 1;
    }

    fn result(&self, entries: usize) -> (Option<Balance>, Option<Balance>) {
        if self.count == 0 || self.count != entries {
            return (None, None);
        }
        let (first, last) = match (!self.not_ascending, !self.not_descending) {
            (true, _) => (self.first, self.last),
            (false, true) => (self.last, self.first),
            _ => return (None, None),
        };
        let (Some((d0, a0, b0)), Some((d1, _, b1))) = (first, last) else {
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
}

#[cfg(test)]
mod tests;
