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

use super::entries::{self, Entry, Stmt};
use super::statement::{
    note, NoteKind, StatementError, StatementErrorKind as K, StatementFormat, StatementImport,
    StatementOptions,
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

/// One section: the account it belongs to and its records.
struct Section<'a> {
    account: Option<String>,
    kind: AccountKind,
    records: Vec<RawRecord<'a>>,
}

/// Reads a QIF file.
pub fn import_qif(
    bytes: &[u8],
    options: &StatementOptions,
) -> Result<StatementImport, StatementError> {
    let text = text::decode(bytes).ok_or(err(K::Encoding, None, 0))?;
    let (sections, splits) = sections(&text)?;
    let raw_dates: Vec<RawDate> = sections
        .iter()
        .flat_map(|s| &s.records)
        .filter_map(|r| r.date.and_then(|(d, _)| text::split_date(d)))
        .collect();
    // Undecided by the dates themselves: dotted dates are day-first; otherwise Quicken's
    // own order, month-first.
    let dotted = sections
        .iter()
        .flat_map(|s| &s.records)
        .any(|r| r.date.is_some_and(|(d, _)| d.contains('.')));
    let day_first = options
        .day_first
        .or_else(|| text::day_first_from(&raw_dates))
        .unwrap_or(dotted);
    let comma = text::decimal_comma_vote(
        sections
            .iter()
            .flat_map(|s| &s.records)
            .filter_map(|r| r.amount.map(|a| a.0)),
        false,
    );
    let currency = options.currency.unwrap_or(Currency::USD);
    let chosen = options
        .account
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let mut stmts = Vec::new();
    for s in sections {
        let account =
            s.account
                .or(chosen.map(str::to_string))
                .ok_or(err(K::NeedsAccount, None, 0))?;
        let mut list = Vec::with_capacity(s.records.len());
        for r in s.records {
            list.push(entry(r, day_first, comma, currency)?);
        }
        stmts.push(Stmt {
            account_key: account,
            number: None,
            kind: s.kind,
            currency,
            opening: None,
            closing: None,
            entries: list,
        });
    }
    if stmts.iter().all(|s| s.entries.is_empty()) {
        return Err(err(K::NoStatement, None, 0));
    }
    let origin = chosen.map_or_else(|| "file".to_string(), str::to_string);
    let mut notes = Vec::new();
    note(&mut notes, NoteKind::SplitsFolded, splits);
    Ok(entries::build(
        StatementFormat::Qif,
        &origin,
        "",
        stmts,
        notes,
    ))
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

/// Splits the file into sections and records; also counts split lines.
fn sections(text: &str) -> Result<(Vec<Section<'_>>, usize), StatementError> {
    let mut out: Vec<Section<'_>> = Vec::new();
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
                    out.push(Section {
                        account: pending_account.take(),
                        kind,
                        records: Vec::new(),
                    });
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
        let Some(section) = out.last_mut() else {
            return Err(err(K::Syntax, Some("!Type"), line_no));
        };
        if code == "^" {
            if let Some(r) = cur.take() {
                section.records.push(r);
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
        if let Some(section) = out.last_mut() {
            section.records.push(r);
        }
    }
    if out.is_empty() {
        return Err(err(K::NoStatement, None, 0));
    }
    Ok((out, splits))
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
