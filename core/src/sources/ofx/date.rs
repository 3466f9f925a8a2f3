//! OFX date-times: `YYYYMMDD[HHMMSS[.XXX]][[offset[:TZ]]]`, e.g. `20090401122017.000[-5:EST]`.
//!
//! The bracketed offset is in hours, possibly fractional (`[-3:BRT]`, `[+5.30:IST]`: one digit
//! after the point is tenths of an hour, two digits are minutes) and is applied to get UTC.
//! A value with a time but no offset is read as UTC, as the OFX specification says.
//! A date-only value (`20070315`) is a calendar day, not an instant: it is placed at 12:00 UTC,
//! so that its civil date stays the same in every host time zone from UTC-12 to UTC+11.
//! Fractional seconds are dropped (Tacit keeps whole seconds).

use crate::time::{Date, Timestamp};

/// Why a date was refused (the caller adds element and line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BadDate;

/// Noon, in seconds, where date-only values are placed.
const NOON: i64 = 12 * 3600;

/// Parses an OFX date-time into Unix seconds (UTC).
pub(crate) fn parse_ofx_date(text: &str) -> Result<Timestamp, BadDate> {
    let s = text.trim().as_bytes();
    let (main, zone) = match s.iter().position(|&b| b == b'[') {
        Some(i) => (s.get(..i).unwrap_or(&[]), Some(s.get(i..).unwrap_or(&[]))),
        None => (s, None),
    };
    let main = main.trim_ascii_end();
    let (digits, frac) = match main.iter().position(|&b| b == b'.') {
        Some(i) => (
            main.get(..i).unwrap_or(&[]),
            Some(main.get(i + 1..).unwrap_or(&[])),
        ),
        None => (main, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || digits.len() != 14 {
            return Err(BadDate);
        }
    }
    let num = |a: usize, b: usize| -> Result<u32, BadDate> {
        let part = digits.get(a..b).ok_or(BadDate)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(BadDate);
        }
        Ok(part
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let date = match digits.len() {
        8 | 12 | 14 => Date::new(num(0, 4)? as i32, num(4, 6)?, num(6, 8)?).ok_or(BadDate)?,
        _ => return Err(BadDate),
    };
    let day_start = date.days() * 86_400;
    let (h, m, sec) = match digits.len() {
        8 => {
            if zone.is_some() {
                (0, 0, 0)
            } else {
                return Ok(day_start + NOON);
            }
        }
        12 => (num(8, 10)?, num(10, 12)?, 0),
        _ => (num(8, 10)?, num(10, 12)?, num(12, 14)?),
    };
    if h > 23 || m > 59 || sec > 60 {
        return Err(BadDate);
    }
    let offset = match zone {
        Some(z) => parse_zone(z)?,
        None => 0,
    };
    Ok(day_start + i64::from(h * 3600 + m * 60 + sec) - offset)
}

/// Parses `[-5:EST]`, `[+5.30:IST]`, `[0]`, `[-3]` into an offset in seconds east of UTC.
fn parse_zone(z: &[u8]) -> Result<i64, BadDate> {
    let inner = z
        .strip_prefix(b"[")
        .and_then(|r| r.strip_suffix(b"]"))
        .ok_or(BadDate)?;
    let offset = match inner.iter().position(|&b| b == b':') {
        Some(i) => inner.get(..i).unwrap_or(&[]),
        None => inner,
    }
    .trim_ascii();
    let (neg, rest) = match offset.first() {
        Some(b'-') => (true, offset.get(1..).unwrap_or(&[])),
        Some(b'+') => (false, offset.get(1..).unwrap_or(&[])),
        _ => (false, offset),
    };
    let (hours, frac) = match rest.iter().position(|&b| b == b'.') {
        Some(i) => (
            rest.get(..i).unwrap_or(&[]),
            rest.get(i + 1..).unwrap_or(&[]),
        ),
        None => (rest, &[][..]),
    };
    let all_digits = |p: &[u8]| !p.is_empty() && p.len() <= 2 && p.iter().all(u8::is_ascii_digit);
    if !all_digits(hours) || (!frac.is_empty() && !all_digits(frac)) {
        return Err(BadDate);
    }
    let value = |p: &[u8]| p.iter().fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
    let h = value(hours);
    let minutes = match frac.len() {
        0 => 0,
        1 => value(frac) * 6,
        _ => value(frac),
    };
    if h > 14 || minutes > 59 {
        return Err(BadDate);
    }
    let secs = h * 3600 + minutes * 60;
    Ok(if neg { -secs } else { secs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_iso_local;

    fn iso(s: &str) -> Timestamp {
        parse_iso_local(s, 0).unwrap()
    }

    #[test]
    fn forms() {
        assert_eq!(
            parse_ofx_date("20090401122017.000[-5:EST]"),
            Ok(iso("2009-04-01T17:20:17"))
        );
        assert_eq!(
            parse_ofx_date("20090401122017"),
            Ok(iso("2009-04-01T12:20:17"))
        );
        assert_eq!(parse_ofx_date("200904011220"), Ok(iso("2009-04-01T12:20")));
        assert_eq!(parse_ofx_date("20070315"), Ok(iso("2007-03-15T12:00")));
        assert_eq!(
            parse_ofx_date("20190918100000[-03:EST]"),
            Ok(iso("2019-09-18T13:00:00"))
        );
        assert_eq!(
            parse_ofx_date("20171104000000[-3:GMT]"),
            Ok(iso("2017-11-04T03:00:00"))
        );
        assert_eq!(
            parse_ofx_date("20200101000000[+5.30:IST]"),
            Ok(iso("2019-12-31T18:30:00"))
        );
        assert_eq!(
            parse_ofx_date("20200101000000[+5.5:IST]"),
            Ok(iso("2019-12-31T18:30:00"))
        );
        assert_eq!(
            parse_ofx_date("20200101000000[0:GMT]"),
            Ok(iso("2020-01-01T00:00:00"))
        );
        assert_eq!(
            parse_ofx_date("20200101[-5:EST]"),
            Ok(iso("2020-01-01T05:00:00"))
        );
        assert_eq!(
            parse_ofx_date(" 20120720000000.000[-4:EDT] "),
            Ok(iso("2012-07-20T04:00:00"))
        );
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "2012",
            "20120231",
            "201120000000",
            "20121301",
            "20120101250000",
            "2012010112000",
            "20120101120000.",
            "20120101120000.0x",
            "20120101120000[-5:EST",
            "20120101[-:EST]",
            "20120101[+99]",
            "2012-01-01",
            "20120101120000:014",
            "２０１２０１０１",
        ] {
            assert_eq!(parse_ofx_date(bad), Err(BadDate), "{bad}");
        }
    }
}
