//! Text-level helpers the CSV and QIF readers share: decoding (UTF-8 with or without BOM,
//! else Windows-1252, the two encodings bank exports use), amounts in either decimal
//! convention, and dates in the numeric forms banks write, with the day/month order decided
//! once per file from all its dates rather than per value.

use super::ofx::cp1252_char;
use crate::money::{parse_decimal, MoneyError};
use crate::time::{days_from_civil, Date, Timestamp, DAY};
use std::borrow::Cow;

/// The file as text: UTF-8 (a BOM dropped) when it is valid UTF-8, otherwise Windows-1252.
/// `None` for binary data (NUL bytes, or a UTF-16 BOM).
pub(crate) fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(Cow::Borrowed(s)),
        Err(_) => Some(Cow::Owned(bytes.iter().map(|&b| cp1252_char(b)).collect())),
    }
}

/// Which decimal separator an amount column uses, decided from all its values: a value
/// whose last separator is followed by one or two digits votes for that separator; a tie or
/// no vote means `fallback`.
#[cfg(test)]
pub(crate) fn decimal_comma_vote<'a>(
    values: impl Iterator<Item = &'a str>,
    fallback: bool,
) -> bool {
    let mut vote = CommaVote::default();
    values.for_each(|v| vote.see(v));
    vote.decide(fallback)
}

/// [`decimal_comma_vote`] one value at a time (a file read in a stream).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CommaVote {
    comma: usize,
    point: usize,
}

impl CommaVote {
    /// Counts one value's vote.
    pub(crate) fn see(&mut self, v: &str) {
        let v = v.trim().trim_end_matches(|c: char| !c.is_ascii_digit());
        let Some(at) = v.rfind([',', '.']) else {
            return;
        };
        let tail = v.get(at + 1..).unwrap_or("");
        if (1..=2).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_digit()) {
            if v.get(at..).is_some_and(|t| t.starts_with(',')) {
                self.comma += 1;
            } else {
                self.point += 1;
            }
        }
    }

    /// Whether the values seen use a decimal comma (`fallback` on a tie).
    pub(crate) fn decide(&self, fallback: bool) -> bool {
        match self.comma.cmp(&self.point) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => fallback,
        }
    }
}

/// Parses an amount as banks print it: an optional sign (leading, or trailing `-`),
/// parentheses for a negative, a currency symbol or code before or after, spaces or
/// apostrophes as grouping, then an exact decimal. `Ok(None)` for an empty cell.
pub(crate) fn parse_amount(
    text: &str,
    exponent: u32,
    decimal_comma: bool,
) -> Result<Option<i64>, MoneyError> {
    let mut t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    if let Some(head) = t.strip_suffix('-') {
        negative = !negative;
        t = head.trim();
    }
    let t = t.trim_matches(|c: char| {
        c.is_alphabetic() || matches!(c, '$' | '€' | '£' | '¥' | '₹' | '\u{a0}' | ' ')
    });
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or("")),
        Some(b'+') => (false, t.get(1..).unwrap_or("")),
        _ => (false, t),
    };
    let digits = digits.trim_start_matches(|c: char| {
        matches!(c, '$' | '€' | '£' | '¥' | '\u{a0}' | ' ') || c.is_alphabetic()
    });
    let cleaned: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\'' | '\u{202f}'))
        .collect();
    if cleaned.is_empty()
        || !cleaned.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(MoneyError::Malformed);
    }
    let value = parse_decimal(&cleaned, exponent, decimal_comma)?;
    Ok(Some(if negative != sign { -value } else { value }))
}

/// A date's three numbers as written, before the order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawDate {
    /// Year first (`2024-01-31`, `20240131`, `2024/01/31`): unambiguous.
    Iso(i32, u32, u32),
    /// `a/b/y` with the year last: day-first or month-first.
    YearLast(u32, u32, i32),
}

/// Splits a date into its numbers: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`, `D/M/Y`, `M/D/Y`
/// with `/`, `.`, `-` or a space, QIF's `1/ 2'24` (apostrophe: 2000s), two-digit years (below
/// 70: 2000s), and a time after the date (ignored).
pub(crate) fn split_date(text: &str) -> Option<RawDate> {
    let t = text.trim();
    let t = t
        .split(['T', ' '])
        .find(|p| !p.is_empty())
        .filter(|p| !p.contains(':'))?;
    // QIF writes "1/ 2'24" and " 1/ 2/24": the space split above may have cut it.
    let full = text.trim();
    let t = if full.contains('\'') || (full.matches('/').count() == 2 && t.matches('/').count() < 2)
    {
        full.split(' ')
            .filter(|p| !p.contains(':'))
            .collect::<String>()
    } else {
        t.to_string()
    };
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y = t.get(0..4)?.parse().ok()?;
        let m = t.get(4..6)?.parse().ok()?;
        let d = t.get(6..8)?.parse().ok()?;
        return Some(RawDate::Iso(y, m, d));
    }
    let apostrophe = t.contains('\'');
    let parts: Vec<&str> = t.split(['/', '.', '-', '\'']).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    if a.len() == 4 {
        return Some(RawDate::Iso(
            a.parse().ok()?,
            b.parse().ok()?,
            c.parse().ok()?,
        ));
    }
    let year: i32 = c.parse().ok()?;
    let year = match c.len() {
        4 => year,
        1 | 2 if apostrophe || year < 70 => 2000 + year,
        1 | 2 => 1900 + year,
        _ => return None,
    };
    Some(RawDate::YearLast(a.parse().ok()?, b.parse().ok()?, year))
}

/// Whether dates written with the year last are day-first, decided from all of a file's
/// dates: a first number above 12 means day-first, a second above 12 month-first. When no
/// value settles it, the order in which the dates run settles it (a statement is sorted: the
/// wrong order makes it jump about); `None` when still undecided or contradictory.
pub(crate) fn day_first_from(dates: &[RawDate]) -> Option<bool> {
    let (mut day_first, mut month_first) = (false, false);
    for d in dates {
        if let RawDate::YearLast(a, b, _) = d {
            day_first |= *a > 12;
            month_first |= *b > 12;
        }
    }
    match (day_first, month_first) {
        (true, false) => return Some(true),
        (false, true) => return Some(false),
        (true, true) => return None,
        (false, false) => {}
    }
    if !dates.iter().any(|d| matches!(d, RawDate::YearLast(..))) {
        return Some(true); // irrelevant: every date is year-first
    }
    let sorted = |df: bool| {
        let days: Option<Vec<i64>> = dates
            .iter()
            .map(|d| to_date(*d, df).map(|d| d.days()))
            .collect();
        days.is_some_and(|v| {
            v.windows(2).all(|w| w[0] <= w[1]) || v.windows(2).all(|w| w[0] >= w[1])
        })
    };
    match (sorted(true), sorted(false)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => {
            // Every date reads the same either way (day equals month): no choice to make.
            let same = dates
                .iter()
                .all(|d| !matches!(d, RawDate::YearLast(a, b, _) if a != b));
            same.then_some(true)
        }
    }
}

/// The calendar day of `d` in the given order, when it is a real day.
pub(crate) fn to_date(d: RawDate, day_first: bool) -> Option<Date> {
    match d {
        RawDate::Iso(y, m, dd) => Date::new(y, m, dd),
        RawDate::YearLast(a, b, y) if day_first => Date::new(y, b, a),
        RawDate::YearLast(a, b, y) => Date::new(y, a, b),
    }
}

/// The timestamp a date-only entry gets: 12:00 UTC, so that its calendar day survives any
/// host time zone (the OFX reader's convention).
pub(crate) fn noon(d: Date) -> Timestamp {
    days_from_civil(d.year, d.month, d.day) * DAY + DAY / 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_utf8_bom_and_cp1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").as_deref(), Some("a,b"));
        assert_eq!(decode(b"Caf\xe9 \x80").as_deref(), Some("Café €"));
        assert_eq!(decode("Café".as_bytes()).as_deref(), Some("Café"));
        assert_eq!(decode(b"\xFF\xFEa\x00"), None);
        assert_eq!(decode(b"a\x00b"), None);
    }

    #[test]
    fn amounts_in_bank_forms() {
        let p = |t: &str, c: bool| parse_amount(t, 2, c);
        assert_eq!(p("-1,234.56", false), Ok(Some(-123_456)));
        assert_eq!(p("1.234,56", true), Ok(Some(123_456)));
        assert_eq!(p("(12.34)", false), Ok(Some(-1234)));
        assert_eq!(p("12,34-", true), Ok(Some(-1234)));
        assert_eq!(p("€ 1 234,50", true), Ok(Some(123_450)));
        assert_eq!(p("-$5.00", false), Ok(Some(-500)));
        assert_eq!(p("$-5.00", false), Ok(Some(-500)));
        assert_eq!(p("+7", false), Ok(Some(700)));
        assert_eq!(p("1'000.00", false), Ok(Some(100_000)));
        assert_eq!(p("12.50 EUR", false), Ok(Some(1250)));
        assert_eq!(p("  ", false), Ok(None));
        assert!(p("abc", false).is_err());
        assert!(p("1.005", false).is_err());
        assert!(p("1,2,3", false).is_err());
    }

    #[test]
    fn decimal_comma_by_column() {
        assert!(decimal_comma_vote(
            ["1,50", "-2,00", "1.234,00"].into_iter(),
            false
        ));
        assert!(!decimal_comma_vote(["1.50", "1,234.00"].into_iter(), true));
        assert!(decimal_comma_vote(["100", "7"].into_iter(), true));
    }

    #[test]
    fn date_forms() {
        assert_eq!(split_date("2024-01-31"), Some(RawDate::Iso(2024, 1, 31)));
        assert_eq!(split_date("20240131"), Some(RawDate::Iso(2024, 1, 31)));
        assert_eq!(
            split_date("31.01.2024"),
            Some(RawDate::YearLast(31, 1, 2024))
        );
        assert_eq!(split_date("1/ 2'24"), Some(RawDate::YearLast(1, 2, 2024)));
        assert_eq!(split_date(" 1/ 2/98"), Some(RawDate::YearLast(1, 2, 1998)));
        assert_eq!(split_date("01/02/24"), Some(RawDate::YearLast(1, 2, 2024)));
        assert_eq!(
            split_date("2024-01-31 10:22:01"),
            Some(RawDate::Iso(2024, 1, 31))
        );
        assert_eq!(
            split_date("2024-01-31T10:22:01Z"),
            Some(RawDate::Iso(2024, 1, 31))
        );
        assert_eq!(split_date("Jan 5"), None);
        assert_eq!(split_date(""), None);
    }

    #[test]
    fn day_order_from_the_whole_file() {
        let d = |s: &[&str]| {
            let v: Vec<RawDate> = s.iter().map(|x| split_date(x).unwrap()).collect();
            day_first_from(&v)
        };
        assert_eq!(d(&["01/02/2024", "25/02/2024"]), Some(true));
        assert_eq!(d(&["02/01/2024", "02/25/2024"]), Some(false));
        assert_eq!(d(&["13/02/2024", "02/25/2024"]), None);
        // Sorted only when read month-first (Jan 2, Jan 5, Feb 3).
        assert_eq!(d(&["01/02/2024", "01/05/2024", "02/03/2024"]), Some(false));
        // Sorted both ways: undecided.
        assert_eq!(d(&["01/02/2024", "01/03/2024"]), None);
        assert_eq!(d(&["2024-01-02"]), Some(true));
        assert_eq!(d(&["05/05/2024"]), Some(true));
    }

    proptest! {
        #[test]
        fn amounts_round_trip(minor in -(i64::MAX / 100)..(i64::MAX / 100), comma: bool) {
            let text = crate::money::format_decimal(minor, 2);
            let text = if comma { text.replace('.', ",") } else { text };
            prop_assert_eq!(parse_amount(&text, 2, comma), Ok(Some(minor)));
        }

        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse_amount(&s, 2, false);
            let _ = split_date(&s).map(|d| to_date(d, true));
        }
    }
}
