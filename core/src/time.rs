//! Calendar arithmetic without a time-zone database.
//!
//! Instants are Unix seconds (UTC). Dates are proleptic Gregorian civil dates. Local time is an
//! instant plus a fixed offset in minutes that the host supplies (the phone knows its zone);
//! that is all the assistant needs for "today", "last month" and "since Monday". The day/civil
//! conversions are Howard Hinnant's public-domain algorithms.

use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z.
pub type Timestamp = i64;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A civil date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of month, 1 to 31.
    pub day: u32,
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Days since 1970-01-01 for a civil date.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date for a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (y + i64::from(m <= 2)) as i32;
    Date {
        year,
        month: m,
        day: d,
    }
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, validating month and day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since the epoch.
    pub fn days(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The date `n` days later (or earlier for negative `n`).
    pub fn add_days(&self, n: i64) -> Date {
        civil_from_days(self.days() + n)
    }

    /// Midnight at the start of this date in local time with the given offset, as an instant.
    pub fn start_ts(&self, offset_minutes: i32) -> Timestamp {
        self.days() * DAY - i64::from(offset_minutes) * 60
    }

    /// Day of week, Monday = 0 .. Sunday = 6.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// The first day of this date's month.
    pub fn first_of_month(&self) -> Date {
        Date { day: 1, ..*self }
    }

    /// The first day of the month `n` months later (negative for earlier).
    pub fn add_months_first(&self, n: i32) -> Date {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Date {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }

    /// The month bucket used by the vault: months since year 0 (`year * 12 + month - 1`).
    pub fn month_index(&self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

/// The local civil date of an instant.
pub fn local_date(ts: Timestamp, offset_minutes: i32) -> Date {
    civil_from_days((ts + i64::from(offset_minutes) * 60).div_euclid(DAY))
}

/// Seconds since local midnight of an instant.
pub fn local_seconds_of_day(ts: Timestamp, offset_minutes: i32) -> i64 {
    (ts + i64::from(offset_minutes) * 60).rem_euclid(DAY)
}

/// The UTC month bucket of an instant (see [`Date::month_index`]).
pub fn month_index(ts: Timestamp) -> i64 {
    local_date(ts, 0).month_index()
}

/// The instant of the start of a month bucket, UTC.
pub fn month_start_ts(month_index: i64) -> Timestamp {
    let year = month_index.div_euclid(12) as i32;
    let month = month_index.rem_euclid(12) as u32 + 1;
    days_from_civil(year, month, 1) * DAY
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` (no zone, read as UTC plus the given offset
/// being the zone of the text) into an instant.
pub fn parse_iso_local(text: &str, offset_minutes: i32) -> Option<Timestamp> {
    let b = text.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    let date = Date::new(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let mut secs = 0i64;
    if b.len() > 10 {
        if b[10] != b'T' && b[10] != b' ' {
            return None;
        }
        let rest = &b[11..];
        if rest.len() < 5 || rest[2] != b':' {
            return None;
        }
        let h = num(&rest[0..2])?;
        let m = num(&rest[3..5])?;
        let s = if rest.len() >= 8 && rest[5] == b':' {
            num(&rest[6..8])?
        } else if rest.len() == 5 {
            0
        } else {
            return None;
        };
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        secs = i64::from(h * 3600 + m * 60 + s);
    }
    Some(date.start_ts(offset_minutes) + secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            civil_from_days(19_723),
            Date {
                year: 2024,
                month: 1,
                day: 1
            }
        );
        assert_eq!(Date::new(2026, 11, 21).map(|d| d.weekday()), Some(5)); // Saturday
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
    }

    #[test]
    fn months_and_local_time() {
        let d = Date {
            year: 2026,
            month: 1,
            day: 15,
        };
        assert_eq!(
            d.add_months_first(-1),
            Date {
                year: 2025,
                month: 12,
                day: 1
            }
        );
        assert_eq!(
            d.add_months_first(13),
            Date {
                year: 2027,
                month: 2,
                day: 1
            }
        );
        // 2026-01-01T02:00Z is still 2025-12-31 in New York (UTC-5).
        let ts = parse_iso_local("2026-01-01T02:00", 0).unwrap_or_default();
        assert_eq!(
            local_date(ts, -300),
            Date {
                year: 2025,
                month: 12,
                day: 31
            }
        );
        assert_eq!(month_start_ts(month_index(ts)), ts - 2 * 3600);
    }

    proptest! {
        #[test]
        fn civil_round_trip(days in -1_000_000i64..1_000_000) {
            let d = civil_from_days(days);
            prop_assert_eq!(d.days(), days);
            prop_assert!(Date::new(d.year, d.month, d.day).is_some());
        }

        #[test]
        fn iso_parser_never_panics(s in ".{0,30}") {
            let _ = parse_iso_local(&s, 0);
        }
    }
}
