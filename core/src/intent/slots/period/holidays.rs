//! Holidays people shop around ("black friday last year", "christmas") and seasons ("last
//! summer"), as periods. Seasons are the northern meteorological ones (summer is June to
//! August; winter is December to February).

use super::words::year_of;
use super::{day_label, one_day, span, Ctx, Dir};
use crate::intent::slots::Period;
use crate::time::Date;

type Hit = Option<(Period, usize)>;

/// The `n`th `weekday` (Monday = 0) of a month.
fn nth_weekday(year: i32, month: u32, weekday: u32, n: i64) -> Option<Date> {
    let first = Date::new(year, month, 1)?;
    let offset = (i64::from(weekday) - i64::from(first.weekday())).rem_euclid(7);
    Some(first.add_days(offset + 7 * (n - 1)))
}

/// A holiday's date in a given year.
type DateIn = fn(i32) -> Option<Date>;

/// The holiday named at `i`: its date in a year, and the tokens used.
fn holiday_name(c: &Ctx<'_>, i: usize) -> Option<(DateIn, usize)> {
    let w = |k| c.word(i + k);
    let thanksgiving: DateIn = |y| nth_weekday(y, 11, 3, 4);
    Some(match (w(0), w(1), w(2)) {
        ("christmas" | "xmas", "eve", _) => (|y| Date::new(y, 12, 24), 2),
        ("christmas" | "xmas", "day", _) => (|y| Date::new(y, 12, 25), 2),
        ("christmas" | "xmas", ..) => (|y| Date::new(y, 12, 25), 1),
        ("boxing", "day", _) => (|y| Date::new(y, 12, 26), 2),
        ("new", "years" | "year", "eve") | ("nye", ..) => {
            (|y| Date::new(y, 12, 31), if w(0) == "nye" { 1 } else { 3 })
        }
        ("new", "years" | "year", "day") => (|y| Date::new(y, 1, 1), 3),
        ("thanksgiving", ..) => (thanksgiving, 1),
        ("black", "friday", _) => (|y| nth_weekday(y, 11, 3, 4).map(|d| d.add_days(1)), 2),
        ("cyber", "monday", _) => (|y| nth_weekday(y, 11, 3, 4).map(|d| d.add_days(4)), 2),
        ("halloween", ..) => (|y| Date::new(y, 10, 31), 1),
        ("valentines", "day", _) => (|y| Date::new(y, 2, 14), 2),
        ("valentines", ..) => (|y| Date::new(y, 2, 14), 1),
        ("independence", "day", _) => (|y| Date::new(y, 7, 4), 2),
        _ => return None,
    })
}

/// A year after a name: "2025", "last year", "this year". Returns it and the tokens used.
fn year_after(c: &Ctx<'_>, i: usize) -> (Option<i32>, usize) {
    let of = usize::from(c.word(i) == "of");
    if let Some(y) = year_of(c.word(i + of)) {
        return (Some(y), 1 + of);
    }
    match (c.word(i + of), c.word(i + of + 1)) {
        ("last", "year" | "years") => (Some(c.today.year - 1), 2 + of),
        ("this", "year") => (Some(c.today.year), 2 + of),
        ("next", "year") => (Some(c.today.year + 1), 2 + of),
        _ => (None, 0),
    }
}

/// "christmas", "last christmas", "black friday last year", "thanksgiving 2025".
pub(super) fn holiday_at(c: &Ctx<'_>, i: usize) -> Hit {
    let last = usize::from(matches!(c.word(i), "last" | "this" | "next"));
    let (date_in, used) = holiday_name(c, i + last)?;
    let (year, more) = year_after(c, i + last + used);
    let d = match (year, c.word(i)) {
        (Some(y), _) => date_in(y)?,
        (None, "this") => date_in(c.today.year)?,
        (None, "next") => match date_in(c.today.year)? {
            d if d > c.today => d,
            _ => date_in(c.today.year + 1)?,
        },
        (None, "last") => match date_in(c.today.year)? {
            d if d < c.today => d,
            _ => date_in(c.today.year - 1)?,
        },
        _ => match (date_in(c.today.year)?, c.dir) {
            (d, Dir::Past) if d <= c.today => d,
            (_, Dir::Past) => date_in(c.today.year - 1)?,
            (d, Dir::Future) if d >= c.today => d,
            (_, Dir::Future) => date_in(c.today.year + 1)?,
        },
    };
    Some((one_day(d, day_label(d))?, last + used + more))
}

/// First month of a season word, and whether the word is too common to stand alone.
fn season_of(w: &str) -> Option<(u32, bool, &'static str)> {
    Some(match w {
        "summer" => (6, false, "summer"),
        "winter" => (12, false, "winter"),
        "spring" => (3, true, "spring"),
        "fall" | "autumn" => (9, w == "fall", "autumn"),
        _ => return None,
    })
}

/// "last summer", "this winter", "summer 2025", "in the spring".
pub(super) fn season_at(c: &Ctx<'_>, i: usize) -> Hit {
    let which = c.word(i);
    let q = usize::from(matches!(which, "last" | "this" | "next" | "the" | "past"));
    let (month, common, name) = season_of(c.word(i + q))?;
    let (year, more) = year_after(c, i + q + 1);
    if common && q == 0 && year.is_none() {
        return None;
    }
    let start_in = |y: i32| Date::new(y, month, 1);
    let current = match start_in(c.today.year)? {
        s if s <= c.today => s,
        _ => start_in(c.today.year - 1)?,
    };
    let inside = c.today < current.add_months_first(3);
    let start = match (year, which) {
        (Some(y), _) => start_in(y)?,
        (None, "last" | "past") if inside => start_in(current.year - 1)?,
        (None, "next") => start_in(current.year + 1)?,
        _ => current,
    };
    let label = format!("{name} {}", start.year);
    Some((span(start, start.add_months_first(3), label)?, q + 1 + more))
}
