//! Holidays people shop around ("black friday last year", "christmas", "thanksgiving weekend")
//! and seasons ("last summer"), as periods. Seasons are the northern meteorological ones (summer is June to
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

/// The last `weekday` (Monday = 0) of a month.
fn last_weekday(year: i32, month: u32, weekday: u32) -> Option<Date> {
    let next = if month == 12 {
        Date::new(year + 1, 1, 1)?
    } else {
        Date::new(year, month + 1, 1)?
    };
    let back = (i64::from(next.weekday()) - i64::from(weekday) - 1).rem_euclid(7) + 1;
    Some(next.add_days(-back))
}

/// A named holiday: its first day in a year, how many days it covers, and its label. A
/// holiday on a fixed date named with "weekend" ("july 4th weekend") has `days` 0: its long
/// weekend depends on the weekday it falls on ([`long_weekend`]).
struct Holiday {
    first: DateIn,
    days: i64,
    label: &'static str,
}

/// The long weekend around a holiday on a fixed date: on a Saturday, Friday (the day off)
/// to Sunday; on a Sunday, Saturday to Monday (the day off); Monday to Wednesday, from the
/// Saturday before to the day; Thursday or Friday, from the day to the Sunday after.
fn long_weekend(d: Date) -> (Date, Date) {
    match d.weekday() {
        5 => (d.add_days(-1), d.add_days(2)),
        6 => (d.add_days(-1), d.add_days(2)),
        wd @ 0..=2 => (d.add_days(-2 - i64::from(wd)), d.add_days(1)),
        wd => (d, d.add_days(7 - i64::from(wd))),
    }
}

/// The holiday named at `i` and the tokens used. Weekends people shop or travel around are
/// periods of their own: Thanksgiving weekend is Thursday to Sunday, Black Friday weekend
/// Friday to Sunday, Memorial Day and Labor Day weekends Saturday to Monday.
fn holiday_name(c: &Ctx<'_>, i: usize) -> Option<(Holiday, usize)> {
    let w = |k| c.word(i + k);
    let h = |first: DateIn, days: i64, label: &'static str| Holiday { first, days, label };
    let thanksgiving: DateIn = |y| nth_weekday(y, 11, 3, 4);
    let weekend = |k: usize| matches!(w(k), "weekend" | "wknd");
    if let Some((first, label, used)) = fixed_date_name(c, i) {
        if weekend(used) {
            return Some((h(first, 0, label), used + 1));
        }
    }
    Some(match (w(0), w(1), w(2)) {
        ("christmas" | "xmas", "eve", _) => (h(|y| Date::new(y, 12, 24), 1, ""), 2),
        ("christmas" | "xmas", "day", _) => (h(|y| Date::new(y, 12, 25), 1, ""), 2),
        ("christmas" | "xmas", ..) => (h(|y| Date::new(y, 12, 25), 1, ""), 1),
        ("boxing", "day", _) => (h(|y| Date::new(y, 12, 26), 1, ""), 2),
        ("new", "years" | "year", "eve") | ("nye", ..) => (
            h(|y| Date::new(y, 12, 31), 1, ""),
            if w(0) == "nye" { 1 } else { 3 },
        ),
        ("new", "years" | "year", "day") => (h(|y| Date::new(y, 1, 1), 1, ""), 3),
        // "new years" (or "new year's") alone is the day; "the new year" is not read.
        ("new", "years", _) => (h(|y| Date::new(y, 1, 1), 1, ""), 2),
        ("thanksgiving", ..) if weekend(1) => (h(thanksgiving, 4, "Thanksgiving weekend"), 2),
        ("thanksgiving", ..) => (h(thanksgiving, 1, ""), 1),
        ("black", "friday", _) if weekend(2) => (
            h(|y| nth_weekday(y, 11, 3, 4).map(|d| d.add_days(1)), 3, "Black Friday weekend"),
            3,
        ),
        ("black", "friday", _) => (h(|y| nth_weekday(y, 11, 3, 4).map(|d| d.add_days(1)), 1, ""), 2),
        ("cyber", "monday", _) => (h(|y| nth_weekday(y, 11, 3, 4).map(|d| d.add_days(4)), 1, ""), 2),
        ("memorial", "day", _) if weekend(2) => (
            h(|y| last_weekday(y, 5, 0).map(|d| d.add_days(-2)), 3, "Memorial Day weekend"),
            3,
        ),
        ("memorial", "day", _) => (h(|y| last_weekday(y, 5, 0), 1, ""), 2),
        ("labor" | "labour", "day", _) if weekend(2) => (
            h(|y| nth_weekday(y, 9, 0, 1).map(|d| d.add_days(-2)), 3, "Labor Day weekend"),
            3,
        ),
        ("labor" | "labour", "day", _) => (h(|y| nth_weekday(y, 9, 0, 1), 1, ""), 2),
        ("halloween", ..) => (h(|y| Date::new(y, 10, 31), 1, ""), 1),
        ("valentines", "day", _) => (h(|y| Date::new(y, 2, 14), 1, ""), 2),
        ("valentines", ..) => (h(|y| Date::new(y, 2, 14), 1, ""), 1),
        ("independence", "day", _) => (h(|y| Date::new(y, 7, 4), 1, ""), 2),
        _ => return None,
    })
}

/// A holiday on a fixed date, as its long weekend is named ("july 4th weekend", "the 4th of
/// july weekend", "christmas weekend"): its date, label and tokens used.
fn fixed_date_name(c: &Ctx<'_>, i: usize) -> Option<(DateIn, &'static str, usize)> {
    let w = |k| c.word(i + k);
    let july4: DateIn = |y| Date::new(y, 7, 4);
    Some(match (w(0), w(1), w(2)) {
        ("july" | "jul", "4th" | "4" | "fourth", _) => (july4, "Independence Day weekend", 2),
        ("4th" | "fourth", "of", "july" | "jul") => (july4, "Independence Day weekend", 3),
        ("independence", "day", _) => (july4, "Independence Day weekend", 2),
        ("christmas" | "xmas", ..) => (|y| Date::new(y, 12, 25), "Christmas weekend", 1),
        ("new", "years" | "year", _) => (|y| Date::new(y, 1, 1), "New Year's weekend", 2),
        ("halloween", ..) => (|y| Date::new(y, 10, 31), "Halloween weekend", 1),
        ("valentines", "day", _) => (|y| Date::new(y, 2, 14), "Valentine's weekend", 2),
        ("valentines", ..) => (|y| Date::new(y, 2, 14), "Valentine's weekend", 1),
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
    let last = usize::from(matches!(c.word(i), "last" | "this" | "next" | "the"));
    let (holiday, used) = holiday_name(c, i + last)?;
    let date_in = holiday.first;
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
    let period = if holiday.days == 0 {
        let (start, end) = long_weekend(d);
        span(start, end, format!("{} {}", holiday.label, d.year))?
    } else if holiday.days > 1 {
        span(
            d,
            d.add_days(holiday.days),
            format!("{} {}", holiday.label, d.year),
        )?
    } else {
        one_day(d, day_label(d))?
    };
    Some((period, last + used + more))
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
    // "fall" and "spring" alone are words too; after "since" or "during" they are seasons.
    let cued = matches!(c.word(i.wrapping_sub(1)), "since" | "during" | "til" | "till" | "until");
    if common && q == 0 && year.is_none() && !cued {
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
