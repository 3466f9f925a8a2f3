//! Periods: "today", "last week", "in March", "past 2 weeks", "since Monday",
//! "between 1 and 15 June", "this year" and friends, as half-open local date ranges.
//!
//! Calendar periods ("this week", "last month", "in March", "this year") span the whole
//! calendar unit (weeks start on Monday); rolling ones ("last 30 days", "past 2 weeks",
//! "since Monday") run up to and including today. A named month or date without a year is
//! the most recent one that does not start in the future.

use super::tokens::{starts_with, Token};
use super::Period;
use crate::time::{days_in_month, Date};

const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month number of a month word.
pub(super) fn month_of(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, m)| *m)
}

fn weekday_of(word: &str) -> Option<u32> {
    let w = word.strip_suffix('s').unwrap_or(word);
    WEEKDAYS.iter().position(|d| *d == w).map(|i| i as u32)
}

fn small_number(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == word) {
        return Some(n as i64);
    }
    match word {
        "a" | "an" => Some(1),
        "couple" => Some(2),
        "few" => Some(3),
        _ if word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) => word.parse().ok(),
        _ => None,
    }
}

/// A day of month: "15", "15th", "1st".
fn day_of(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok().filter(|y| (1900..=2200).contains(y))
    } else {
        None
    }
}

fn period(start: Date, end: Date, label: impl Into<String>) -> Option<Period> {
    (start < end).then(|| Period {
        start,
        end,
        label: label.into(),
    })
}

fn month_label(month: u32, year: i32) -> String {
    let name = MONTH_NAMES
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    format!("{name} {year}")
}

/// The most recent `month` whose first day is not after today.
fn recent_month(month: u32, today: Date) -> Option<Period> {
    let year = if month <= today.month {
        today.year
    } else {
        today.year - 1
    };
    let start = Date::new(year, month, 1)?;
    period(start, start.add_months_first(1), month_label(month, year))
}

/// A day with an optional year: the given year, else the most recent one not in the future.
fn recent_day(month: u32, day: u32, year: Option<i32>, today: Date) -> Option<Date> {
    if let Some(y) = year {
        return Date::new(y, month, day);
    }
    match Date::new(today.year, month, day) {
        Some(d) if d <= today => Some(d),
        _ => Date::new(
            today.year - 1,
            month,
            day.min(days_in_month(today.year - 1, month)),
        ),
    }
}

fn week_start(today: Date) -> Date {
    today.add_days(-i64::from(today.weekday()))
}

/// Finds the first period the tokens describe.
pub(super) fn find_period(toks: &[Token], today: Date) -> Option<Period> {
    for i in 0..toks.len() {
        if let Some(p) = range_at(toks, i, today)
            .or_else(|| rolling_at(toks, i, today))
            .or_else(|| since_at(toks, i, today))
            .or_else(|| relative_at(toks, i, today))
            .or_else(|| named_at(toks, i, today))
        {
            return Some(p);
        }
    }
    None
}

fn word(toks: &[Token], i: usize) -> &str {
    toks.get(i).map(|t| t.lower.as_str()).unwrap_or("")
}

/// "today", "yesterday", "this|last week|month|year", "past week|month|year".
fn relative_at(toks: &[Token], i: usize, today: Date) -> Option<Period> {
    let tomorrow = today.add_days(1);
    match word(toks, i) {
        "today" => return period(today, tomorrow, "today"),
        "yesterday" => return period(today.add_days(-1), today, "yesterday"),
        _ => {}
    }
    let which = word(toks, i);
    let unit = word(toks, i + 1);
    let this = matches!(which, "this" | "current");
    let last = matches!(which, "last" | "previous" | "prior");
    let past = which == "past";
    let week = week_start(today);
    let jan1 = Date::new(today.year, 1, 1)?;
    match (unit, this, last, past) {
        ("week", true, _, _) => period(week, week.add_days(7), "this week"),
        ("week", _, true, _) => period(week.add_days(-7), week, "last week"),
        ("week", _, _, true) => period(today.add_days(-6), tomorrow, "past 7 days"),
        ("month", true, _, _) => period(
            today.first_of_month(),
            today.add_months_first(1),
            "this month",
        ),
        ("month", _, true, _) => period(
            today.add_months_first(-1),
            today.first_of_month(),
            "last month",
        ),
        ("month", _, _, true) => period(today.add_days(-29), tomorrow, "past 30 days"),
        ("year", true, _, _) => period(jan1, Date::new(today.year + 1, 1, 1)?, "this year"),
        ("year", _, true, _) => period(Date::new(today.year - 1, 1, 1)?, jan1, "last year"),
        ("year", _, _, true) => period(today.add_days(-364), tomorrow, "past 365 days"),
        _ => None,
    }
}

/// "last 30 days", "past 2 weeks", "previous three months", "last couple of weeks".
fn rolling_at(toks: &[Token], i: usize, today: Date) -> Option<Period> {
    if !matches!(word(toks, i), "last" | "past" | "previous" | "prior") {
        return None;
    }
    let n = small_number(word(toks, i + 1))?;
    let mut j = i + 2;
    if word(toks, j) == "of" {
        j += 1;
    }
    let unit = word(toks, j);
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let tomorrow = today.add_days(1);
    if !(1..=3660).contains(&n) {
        return None;
    }
    let days = match unit {
        "day" => n,
        "week" => n * 7,
        "month" => {
            let first = today.add_months_first(-(n as i32));
            let day = today.day.min(days_in_month(first.year, first.month));
            let start = Date::new(first.year, first.month, day)?.add_days(1);
            return period(start, tomorrow, format!("past {n} months"));
        }
        "year" => n * 365,
        _ => return None,
    };
    period(
        today.add_days(1 - days),
        tomorrow,
        format!("past {days} days"),
    )
}

/// "since Monday", "since March", "since 3 June", "since June 3rd".
fn since_at(toks: &[Token], i: usize, today: Date) -> Option<Period> {
    if !matches!(word(toks, i), "since" | "from") {
        return None;
    }
    let tomorrow = today.add_days(1);
    let next = word(toks, i + 1);
    if let Some(wd) = weekday_of(next) {
        let back = (i64::from(today.weekday()) - i64::from(wd)).rem_euclid(7);
        let label = format!("since {}", next.trim_end_matches('s'));
        return period(today.add_days(-back), tomorrow, label);
    }
    let (date, _) = date_at(toks, i + 1, today)?;
    period(date, tomorrow, format!("since {date}"))
}

/// A date at `i`: "3 June", "3rd of June", "June 3", optionally with a year. Returns the date
/// and the number of tokens read.
fn date_at(toks: &[Token], i: usize, today: Date) -> Option<(Date, usize)> {
    let (month, day, used) = if let Some(d) = day_of(word(toks, i)) {
        let of = usize::from(word(toks, i + 1) == "of");
        (month_of(word(toks, i + 1 + of))?, d, 2 + of)
    } else {
        let m = month_of(word(toks, i))?;
        match day_of(word(toks, i + 1)) {
            Some(d) => (m, d, 2),
            None => (m, 1, 1),
        }
    };
    let year = year_of(word(toks, i + used));
    let used = used + usize::from(year.is_some());
    Some((recent_day(month, day, year, today)?, used))
}

/// "between 1 and 15 June", "from June 1 to June 15", "between 1 June and 15 June 2025".
fn range_at(toks: &[Token], i: usize, today: Date) -> Option<Period> {
    if !matches!(word(toks, i), "between" | "from") {
        return None;
    }
    // Left side: a day, a month, or both.
    let a = i + 1;
    let (left_day, left_month, after_left) = if let Some(d) = day_of(word(toks, a)) {
        let of = usize::from(word(toks, a + 1) == "of");
        match month_of(word(toks, a + 1 + of)) {
            Some(m) => (d, Some(m), a + 2 + of),
            None => (d, None, a + 1),
        }
    } else {
        let m = month_of(word(toks, a))?;
        let d = day_of(word(toks, a + 1))?;
        (d, Some(m), a + 2)
    };
    if !matches!(
        word(toks, after_left),
        "and" | "to" | "until" | "till" | "through" | "thru"
    ) {
        return None;
    }
    let b = after_left + 1;
    let (right_day, right_month, after_right) = if let Some(d) = day_of(word(toks, b)) {
        let of = usize::from(word(toks, b + 1) == "of");
        match month_of(word(toks, b + 1 + of)) {
            Some(m) => (d, Some(m), b + 2 + of),
            None => (d, None, b + 1),
        }
    } else {
        let m = month_of(word(toks, b))?;
        let d = day_of(word(toks, b + 1))?;
        (d, Some(m), b + 2)
    };
    let right_month = right_month.or(left_month)?;
    let left_month = left_month.unwrap_or(right_month);
    let year = year_of(word(toks, after_right));
    let end_day = recent_day(right_month, right_day, year, today)?;
    let mut start = Date::new(end_day.year, left_month, left_day)?;
    if start > end_day {
        start = Date::new(end_day.year - 1, left_month, left_day)?;
    }
    period(start, end_day.add_days(1), format!("{start} to {end_day}"))
}

/// "in March", "for June 2025", "in 2025", "on 3 March", "March".
fn named_at(toks: &[Token], i: usize, today: Date) -> Option<Period> {
    let w = word(toks, i);
    let prep = i.checked_sub(1).map(|p| word(toks, p)).unwrap_or("");
    let has_prep = matches!(prep, "in" | "for" | "during" | "of" | "on" | "throughout");
    if let Some(year) = year_of(w) {
        if matches!(prep, "in" | "for" | "during" | "of" | "throughout") && month_of(prep).is_none()
        {
            let start = Date::new(year, 1, 1)?;
            return period(start, Date::new(year + 1, 1, 1)?, year.to_string());
        }
        return None;
    }
    // A specific day: "on 3 March", "March 3rd".
    if day_of(w).is_some() || month_of(w).is_some() {
        if let Some((date, used)) = date_at(toks, i, today) {
            let is_single_day = day_of(w).is_some() || day_of(word(toks, i + 1)).is_some();
            if is_single_day && (has_prep || day_of(w).is_some()) {
                let _ = used;
                return period(date, date.add_days(1), date.to_string());
            }
        }
    }
    let month = month_of(w)?;
    // "may" and "march" are also verbs: only with a preposition or a year after them.
    let ambiguous = matches!(w, "may" | "march" | "mar" | "jan" | "sep");
    if ambiguous && !has_prep {
        return None;
    }
    if let Some(year) = year_of(word(toks, i + 1)) {
        let start = Date::new(year, month, 1)?;
        return period(start, start.add_months_first(1), month_label(month, year));
    }
    if starts_with(toks, i + 1, &["last", "year"]) {
        let start = Date::new(today.year - 1, month, 1)?;
        return period(
            start,
            start.add_months_first(1),
            month_label(month, today.year - 1),
        );
    }
    recent_month(month, today)
}
