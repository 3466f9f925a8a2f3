//! The forms of the period grammar. Each `*_at` function reads one form starting at token
//! `i` and returns the period and how many tokens it used; [`expr_at`] tries them in turn and
//! [`bounded_at`] builds ranges and open ends ("between A and B", "since A", "until A") out
//! of them.

use super::words::{
    day_of, is_ordinal_day, is_weekend_word, month_of, ordinal_of, small_number, unit_of,
    weekday_of, weekdays_plural, year_of, Unit,
};
use super::{
    ahead, day_label, holidays, month_name, month_span, one_day, open_start, resolve_day, resolve_month,
    span, Ctx, Dir,
};
use crate::intent::slots::Period;
use crate::time::{days_in_month, Date};

type Hit = Option<(Period, usize)>;

pub(super) fn week_start(d: Date) -> Date {
    d.add_days(-i64::from(d.weekday()))
}

/// One period expression at `i`.
pub(super) fn expr_at(c: &Ctx<'_>, i: usize) -> Hit {
    so_far_at(c, i)
        .or_else(|| ahead::day_of_period_at(c, i))
        .or_else(|| ahead::edge_day_at(c, i))
        .or_else(|| ahead::rest_of_at(c, i))
        .or_else(|| ahead::from_now_at(c, i))
        .or_else(|| ahead::after_next_at(c, i))
        .or_else(|| day_word_at(c, i))
        .or_else(|| weekdays_ago_at(c, i))
        .or_else(|| ago_at(c, i))
        .or_else(|| in_n_at(c, i))
        .or_else(|| rolling_at(c, i))
        .or_else(|| next_n_at(c, i))
        .or_else(|| holidays::holiday_at(c, i))
        .or_else(|| holidays::season_at(c, i))
        .or_else(|| week_of_at(c, i))
        .or_else(|| before_last_at(c, i))
        .or_else(|| half_at(c, i))
        .or_else(|| whole_unit_at(c, i))
        .or_else(|| unit_at(c, i))
        .or_else(|| weekend_at(c, i))
        .or_else(|| weekday_at(c, i))
        .or_else(|| quarter_at(c, i))
        .or_else(|| date_at(c, i))
        .or_else(|| numeric_date_at(c, i))
        .or_else(|| the_date_at(c, i))
        .or_else(|| nth_at(c, i))
        .or_else(|| month_at(c, i))
        .or_else(|| year_at(c, i))
}

/// "ytd", "year to date", "so far this year", "this year so far", "month to date", "mtd".
fn so_far_at(c: &Ctx<'_>, i: usize) -> Hit {
    let w = |k| c.word(i + k);
    let (unit, used) = match (w(0), w(1), w(2), w(3)) {
        ("ytd", ..) => (Unit::Year, 1),
        ("mtd", ..) => (Unit::Month, 1),
        ("year", "to", "date", _) => (Unit::Year, 3),
        ("month", "to", "date", _) => (Unit::Month, 3),
        ("so", "far", "this", u) | ("this" | "the", u, "so", "far") => match unit_of(u) {
            Some(Unit::Year) => (Unit::Year, 4),
            Some(Unit::Month) => (Unit::Month, 4),
            Some(Unit::Week) => (Unit::Week, 4),
            _ => return None,
        },
        _ => return None,
    };
    let (start, label) = match unit {
        Unit::Year => (Date::new(c.today.year, 1, 1)?, "this year so far"),
        Unit::Week => (week_start(c.today), "this week so far"),
        _ => (c.today.first_of_month(), "this month so far"),
    };
    Some((span(start, c.tomorrow(), label)?, used))
}

/// "today", "tonight", "this morning", "yesterday", "last night", "the day before
/// yesterday", "tomorrow".
fn day_word_at(c: &Ctx<'_>, i: usize) -> Hit {
    let t = c.today;
    // "where's my money going lately": the last 30 days, labelled so in the reply.
    if c.word(i) == "lately" {
        return Some((span(t.add_days(-29), c.tomorrow(), "past 30 days")?, 1));
    }
    let (d, used, label) = match (c.word(i), c.word(i + 1), c.word(i + 2)) {
        ("day", "before", "yesterday") => (t.add_days(-2), 3, "the day before yesterday"),
        ("day", "after", "tomorrow") => (t.add_days(2), 3, "the day after tomorrow"),
        ("today" | "tonight" | "todays" | "2day" | "tday", ..) => (t, 1, "today"),
        ("this", "morning" | "afternoon" | "evening", _) => (t, 2, "today"),
        ("yesterday" | "yesterdays" | "yday" | "yest" | "yesterdy" | "ystrdy", ..) => {
            (t.add_days(-1), 1, "yesterday")
        }
        ("last", "night", _) => (t.add_days(-1), 2, "yesterday"),
        ("tomorrow" | "tmrw" | "2morrow" | "tmr", ..) => (t.add_days(1), 1, "tomorrow"),
        _ => return None,
    };
    Some((one_day(d, label)?, used))
}

/// A count of units at `i`: "3 weeks", "a couple of months", "few days". Returns the count,
/// the unit and the tokens used.
pub(super) fn count_unit(c: &Ctx<'_>, i: usize) -> Option<(i64, Unit, usize)> {
    let mut j = i;
    if c.word(j) == "a" && matches!(c.word(j + 1), "couple" | "few") {
        j += 1;
    }
    let n = small_number(c.word(j))?;
    j += 1;
    if c.word(j) == "of" {
        j += 1;
    }
    let unit = unit_of(c.word(j))?;
    (1..=3660).contains(&n).then_some((n, unit, j + 1 - i))
}

/// `d` moved by `n` units (negative: back), clamping the day of month.
pub(super) fn shift(d: Date, n: i64, unit: Unit) -> Option<Date> {
    let months = match unit {
        Unit::Day => return Some(d.add_days(n)),
        Unit::Week => return Some(d.add_days(7 * n)),
        Unit::Fortnight => return Some(d.add_days(14 * n)),
        Unit::Month => n,
        Unit::Quarter => 3 * n,
        Unit::Year => 12 * n,
    };
    let first = d.add_months_first(i32::try_from(months).ok()?);
    Date::new(
        first.year,
        first.month,
        d.day.min(days_in_month(first.year, first.month)),
    )
}

/// "2 fridays ago", "three mondays ago": the Nth last one of that weekday (the last one is
/// "1 friday ago").
fn weekdays_ago_at(c: &Ctx<'_>, i: usize) -> Hit {
    let n = small_number(c.word(i))?;
    let day = c.word(i + 1);
    // "two weekends ago": the weekend N weeks back ("1 weekend ago" is last weekend, "2" the
    // weekend before last).
    if is_weekend_word(day) && matches!(c.word(i + 2), "ago" | "back") && (1..=52).contains(&n) {
        let sat = week_start(c.today).add_days(5 - 7 * n);
        let label = format!("the weekend of {} {}", month_name(sat.month), sat.day);
        return Some((span(sat, sat.add_days(2), label)?, 3));
    }
    let wd = weekday_of(day.strip_suffix('s').filter(|_| n > 1).unwrap_or(day))?;
    if !matches!(c.word(i + 2), "ago" | "back") || !(1..=52).contains(&n) {
        return None;
    }
    let d = last_weekday(c.today, wd).add_days(-7 * (n - 1));
    Some((one_day(d, day_label(d))?, 3))
}

/// The last `wd` before today (a week ago when today is one).
fn last_weekday(today: Date, wd: u32) -> Date {
    let back = (i64::from(today.weekday()) - i64::from(wd)).rem_euclid(7);
    today.add_days(-(if back == 0 { 7 } else { back }))
}

/// "3 days ago": that day. In a question about money over time (spending, expenses, a list
/// of transactions: [`over_time`]), "2 weeks ago" is that calendar week, Monday to Sunday,
/// the one holding the day two weeks before today (so "1 week ago" is last week; "a
/// fortnight ago" likewise), and "3 months ago", "a quarter ago", "a year ago" that calendar
/// month, quarter or year, never the single day a whole unit back. Of one event ("the
/// transfer I made 5 weeks ago", "I lost my card a month ago", "my balance 6 months ago") it
/// is the day, as a person dates one thing.
fn ago_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (n, unit, used) = count_unit(c, i)?;
    if !matches!(c.word(i + used), "ago" | "back") {
        return None;
    }
    let d = shift(c.today, -n, unit)?;
    let unit = match unit {
        _ if !over_time(c) => Unit::Day,
        Unit::Fortnight => Unit::Week,
        u => u,
    };
    let (s, e) = unit_containing(d, unit)?;
    let label = match unit {
        Unit::Day => day_label(d),
        Unit::Week => format!("the week of {}", day_label(s)),
        Unit::Month => format!("{} {}", month_name(s.month), s.year),
        Unit::Quarter => format!("Q{} {}", s.month.div_ceil(3), s.year),
        _ => s.year.to_string(),
    };
    Some((span(s, e, label)?, used + 1))
}

/// Whether the message asks about money over a stretch of time: spending, expenses, or
/// transactions in the plural.
fn over_time(c: &Ctx<'_>) -> bool {
    c.toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "spend" | "spent" | "spending" | "spendings" | "expense" | "expenses" | "purchases"
                | "transactions" | "charges" | "payments" | "bought" | "buy" | "shopping"
                | "outgoings" | "txns"
        )
    })
}

/// "in 3 days", "in a week": that day, ahead. Not "in one day" or "in a week" after a word
/// for spending in a message without "will" ("the most I spent in one
/// day", "what do I spend in a week"): there it is a length of time.
fn in_n_at(c: &Ctx<'_>, i: usize) -> Hit {
    if c.word(i) != "in" {
        return None;
    }
    let before = if i > 0 { c.word(i - 1) } else { "" };
    let spent = matches!(
        before,
        "spent" | "spend" | "spending" | "spends" | "most" | "much" | "blew" | "blow" | "charged"
    );
    // "spend" counts as a past word for the direction rule, so "will" is looked for here.
    let will = c
        .toks
        .iter()
        .any(|t| matches!(t.lower.as_str(), "will" | "gonna" | "going" | "ll"));
    // "how much do i usually spend on groceries in a month": a rate in a message about the
    // record, not the day a month from now.
    let one = matches!(c.word(i + 1), "a" | "an" | "one" | "single");
    if one && !will && (spent || c.dir == Dir::Past) {
        return None;
    }
    let (n, unit, used) = count_unit(c, i + 1)?;
    let d = shift(c.today, n, unit)?;
    Some((one_day(d, day_label(d))?, used + 1))
}

/// "last 30 days", "past 2 weeks", "previous three months", "the last couple of weeks":
/// rolling windows that end today.
fn rolling_at(c: &Ctx<'_>, i: usize) -> Hit {
    if !matches!(
        c.word(i),
        "last" | "past" | "previous" | "prior" | "trailing"
    ) {
        return None;
    }
    let (n, unit, used) = count_unit(c, i + 1).or_else(|| hours_at(c, i + 1))?;
    let start = match unit {
        // "the last 3 days" on the 15th: the 13th, the 14th and today so far, exactly 3 days
        // (as "the last 90 days" is today and the 89 before).
        Unit::Day | Unit::Week | Unit::Fortnight => shift(c.today, -n, unit)?.add_days(1),
        Unit::Year => c.today.add_days(1 - 365 * n),
        Unit::Month | Unit::Quarter => shift(c.today, -n, unit)?.add_days(1),
    };
    let label = match unit {
        Unit::Month => format!("past {n} months"),
        Unit::Quarter => format!("past {n} quarters"),
        _ => format!("past {} days", c.tomorrow().days() - start.days()),
    };
    Some((span(start, c.tomorrow(), label)?, used + 1))
}

/// "48 hours", "24 hrs" after "last" or "past": the days such a window ending now can touch,
/// as that many whole days before today and today ("the past 48 hours" on the 5th is the
/// 3rd to the 5th, "the past 3 days"), since the data is dated by day.
fn hours_at(c: &Ctx<'_>, i: usize) -> Option<(i64, Unit, usize)> {
    let n = small_number(c.word(i))?;
    matches!(c.word(i + 1), "hours" | "hour" | "hrs" | "hr")
        .then_some(((n + 23) / 24 + 1, Unit::Day, 2))
        .filter(|_| (1..=3660 * 24).contains(&n))
}

/// "the next 3 days", "next couple of weeks": from tomorrow.
fn next_n_at(c: &Ctx<'_>, i: usize) -> Hit {
    if !matches!(c.word(i), "next" | "coming") {
        return None;
    }
    let (n, unit, used) = count_unit(c, i + 1)?;
    let end = shift(c.today, n, unit)?.add_days(1);
    Some((
        span(
            c.tomorrow(),
            end,
            format!("the next {n} {}s", unit_name(unit)),
        )?,
        used + 1,
    ))
}

/// The calendar unit containing `d`.
pub(super) fn unit_containing(d: Date, unit: Unit) -> Option<(Date, Date)> {
    Some(match unit {
        Unit::Day => (d, d.add_days(1)),
        Unit::Week => (week_start(d), week_start(d).add_days(7)),
        Unit::Fortnight => (d.add_days(-13), d.add_days(1)),
        Unit::Month => (d.first_of_month(), d.add_months_first(1)),
        Unit::Quarter => {
            let q = Date::new(d.year, (d.month - 1) / 3 * 3 + 1, 1)?;
            (q, q.add_months_first(3))
        }
        Unit::Year => (Date::new(d.year, 1, 1)?, Date::new(d.year + 1, 1, 1)?),
    })
}

pub(super) fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Fortnight => "fortnight",
        Unit::Month => "month",
        Unit::Quarter => "quarter",
        Unit::Year => "year",
    }
}

/// "this week", "last month", "last month's", "next year", "past month" (rolling 30 days),
/// "past week" (rolling 7 days), "this quarter".
pub(super) fn unit_at(c: &Ctx<'_>, i: usize) -> Hit {
    let which = c.word(i);
    let unit = unit_of(c.word(i + 1))?;
    let t = c.today;
    if unit == Unit::Week && matches!(which, "last" | "previous" | "this" | "next") {
        if let Some(wd) = weekday_of(c.word(i + 2)) {
            let weeks = match which {
                "this" => 0,
                "next" => 1,
                _ => -1,
            };
            let d = week_start(t).add_days(7 * weeks + i64::from(wd));
            return Some((one_day(d, day_label(d))?, 3));
        }
    }
    let tomorrow = c.tomorrow();
    let (start, end, label) = match which {
        "this" | "current" => {
            let (s, e) = unit_containing(t, unit)?;
            (s, e, format!("this {}", unit_name(unit)))
        }
        // "the last fortnight" is the fourteen days up to today, as "the past fortnight".
        "last" | "previous" | "prior" if unit == Unit::Fortnight => {
            (t.add_days(-13), tomorrow, "past 14 days".to_string())
        }
        "last" | "previous" | "prior" => {
            let (s, e) = unit_containing(shift(t, -1, unit)?, unit)?;
            (s, e, format!("last {}", unit_name(unit)))
        }
        "next" | "coming" | "upcoming" => {
            let (s, e) = unit_containing(shift(t, 1, unit)?, unit)?;
            (s, e, format!("next {}", unit_name(unit)))
        }
        "past" => {
            let days = match unit {
                Unit::Day => 1,
                Unit::Week => 7,
                Unit::Fortnight => 14,
                Unit::Month => 30,
                Unit::Quarter => 90,
                Unit::Year => 365,
            };
            (t.add_days(1 - days), tomorrow, format!("past {days} days"))
        }
        _ => return None,
    };
    Some((span(start, end, label)?, 2))
}

/// "for the year", "over the month", "the whole year", "the entire quarter", "all year": the
/// calendar unit containing today, as "this year" is ("how much total for the year" after a
/// payee). A year or month named next ("for the year 2025", "the whole month of may") is
/// left to its own form; "during the week" (weekdays) and plurals ("over the years") are
/// not this form.
fn whole_unit_at(c: &Ctx<'_>, i: usize) -> Hit {
    let w = |k| c.word(i + k);
    let at = match (w(0), w(1), w(2)) {
        ("for" | "over", "the", "whole" | "entire" | "full") => 3,
        ("for" | "over", "the", _) => 2,
        ("the", "whole" | "entire" | "full", _) => 2,
        ("all", _, _) => 1,
        _ => return None,
    };
    let unit = unit_of(w(at)).filter(|u| !matches!(u, Unit::Day | Unit::Fortnight))?;
    let plural = w(at).len() > 2 && w(at).ends_with('s');
    let named_next = w(at + 1) == "of" || year_of(w(at + 1)).is_some() || month_of(w(at + 1)).is_some();
    if plural || named_next {
        return None;
    }
    let (s, e) = unit_containing(c.today, unit)?;
    Some((span(s, e, format!("this {}", unit_name(unit)))?, at + 1))
}

/// "the week before last", "the month before last", "the weekend before last", "the year
/// before last": the calendar unit two back.
fn before_last_at(c: &Ctx<'_>, i: usize) -> Hit {
    let the = usize::from(c.word(i) == "the");
    let w = c.word(i + the);
    if c.word(i + the + 1) != "before" || c.word(i + the + 2) != "last" {
        return None;
    }
    let used = the + 3;
    if is_weekend_word(w) {
        let sat = week_start(c.today).add_days(5 - 14);
        let label = format!("the weekend of {} {}", month_name(sat.month), sat.day);
        return Some((span(sat, sat.add_days(2), label)?, used));
    }
    // "the friday before last": the Friday a week before the last one.
    if let Some(wd) = weekday_of(w) {
        let d = last_weekday(c.today, wd).add_days(-7);
        return Some((one_day(d, day_label(d))?, used));
    }
    let unit = unit_of(w)?;
    if unit == Unit::Fortnight {
        return None;
    }
    let (s, e) = unit_containing(shift(c.today, -2, unit)?, unit)?;
    let label = format!("the {} before last", unit_name(unit));
    Some((span(s, e, label)?, used))
}

/// "the first half of the year", "second half of last year", "1st half of 2025", "h1",
/// "H2 2025": January to June, or July to December.
fn half_at(c: &Ctx<'_>, i: usize) -> Hit {
    let the = usize::from(c.word(i) == "the");
    let w = c.word(i + the);
    let (half, mut used) = match (w, c.word(i + the + 1)) {
        ("h1", _) => (1, the + 1),
        ("h2", _) => (2, the + 1),
        ("first" | "1st", "half") => (1, the + 2),
        ("second" | "2nd" | "last", "half") => (2, the + 2),
        _ => return None,
    };
    let rest = i + used;
    let of = usize::from(c.word(rest) == "of");
    let year = match (
        c.word(rest + of),
        c.word(rest + of + 1),
        c.word(rest + of + 2),
    ) {
        (y, ..) if year_of(y).is_some() => {
            used += of + 1;
            year_of(y)?
        }
        ("the" | "this", "year", _) => {
            used += of + 2;
            c.today.year
        }
        ("last" | "previous", "year", _) => {
            used += of + 2;
            c.today.year - 1
        }
        // "the first half" alone: of this year only when it is written "h1" or "of".
        _ if w.starts_with('h') => match c.dir {
            Dir::Past if half == 2 && c.today.month <= 6 => c.today.year - 1,
            _ => c.today.year,
        },
        _ => return None,
    };
    let start = Date::new(year, if half == 1 { 1 } else { 7 }, 1)?;
    let label = format!("H{half} {year}");
    Some((span(start, start.add_months_first(6), label)?, used))
}

/// "last weekend", "this weekend", "next weekend", "the weekend", "over the weekend", "last
/// wknd".
fn weekend_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (which, used) = match (c.word(i), c.word(i + 1)) {
        (w, n) if is_weekend_word(n) && !is_weekend_word(w) => (w, 2),
        // "on weekends", "per weekend": a habit, not one weekend (an average, or a question).
        (w, _) if is_weekend_word(w) && !w.ends_with('s') => {
            let before = if i > 0 { c.word(i - 1) } else { "" };
            if matches!(before, "per" | "each" | "every") {
                return None;
            }
            ("", 1)
        }
        _ => return None,
    };
    // "the weekend of nov 21", "weekend of the 21st": the weekend of that date's week.
    if c.word(i + used) == "of" {
        let at = i + used + 1;
        let (d, n) = date_at(c, at)
            .or_else(|| numeric_date_at(c, at))
            .or_else(|| nth_at(c, at))
            .or_else(|| holidays::holiday_at(c, at))?;
        let sat = week_start(d.start).add_days(5);
        let label = format!("the weekend of {} {}", month_name(sat.month), sat.day);
        return Some((span(sat, sat.add_days(2), label)?, used + 1 + n));
    }
    let this_sat = week_start(c.today).add_days(5);
    let sat = match which {
        "this" => this_sat,
        "last" | "previous" | "past" => this_sat.add_days(-7),
        "next" | "coming" => this_sat.add_days(7),
        "the" | "" => match c.dir {
            Dir::Past if this_sat > c.today => this_sat.add_days(-7),
            _ => this_sat,
        },
        _ => return None,
    };
    let label = format!("the weekend of {} {}", month_name(sat.month), sat.day);
    Some((span(sat, sat.add_days(2), label)?, used))
}

/// "last tuesday", "this friday", "next monday", "on friday", "friday", "tuesday last week".
fn weekday_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (which, at) = match weekday_of(c.word(i)) {
        Some(_) => ("", i),
        None => (c.word(i), i + 1),
    };
    let wd = i64::from(weekday_of(c.word(at))?);
    // "fridays", "every friday": every such day of a period (a week part), never one day.
    let before = i.checked_sub(1).map_or("", |p| c.word(p));
    if weekdays_plural(c.word(at)).is_some() || matches!(before, "every" | "each" | "all") {
        return None;
    }
    // "sat", "sun", "wed" are words too: only with a qualifier.
    let bare_short = c.word(at).len() <= 3 && which.is_empty();
    let mut used = at + 1 - i;
    let today_wd = i64::from(c.today.weekday());
    let back = (today_wd - wd).rem_euclid(7);
    let d = match which {
        "last" | "past" | "previous" => c.today.add_days(-(if back == 0 { 7 } else { back })),
        "this" => week_start(c.today).add_days(wd),
        // "next friday": the Friday of next week.
        "next" => week_start(c.today).add_days(7 + wd),
        "coming" => c.today.add_days((wd - today_wd - 1).rem_euclid(7) + 1),
        "" | "on" | "since" | "from" | "until" | "till" | "before" | "after" | "to" | "and"
        | "by" => {
            // "friday nov 27", "friday the 27th": the date names the day.
            if let Some((p, u)) = date_at(c, at + 1)
                .or_else(|| numeric_date_at(c, at + 1))
                .or_else(|| the_date_at(c, at + 1))
                .or_else(|| nth_at(c, at + 1))
            {
                return Some((p, at + 1 - i + u));
            }
            if bare_short && which.is_empty() {
                return None;
            }
            match (c.word(at + 1), c.word(at + 2)) {
                ("last" | "previous", "week") => {
                    used += 2;
                    week_start(c.today).add_days(wd - 7)
                }
                ("this", "week") => {
                    used += 2;
                    week_start(c.today).add_days(wd)
                }
                ("next", "week") => {
                    used += 2;
                    week_start(c.today).add_days(wd + 7)
                }
                // "wednesday in a week": the one after the coming one.
                ("in", "a") if c.word(at + 3) == "week" => {
                    used += 3;
                    c.today.add_days((wd - today_wd - 1).rem_euclid(7) + 8)
                }
                _ => match c.dir {
                    Dir::Past => c.today.add_days(-back),
                    Dir::Future => c.today.add_days((wd - today_wd - 1).rem_euclid(7) + 1),
                },
            }
        }
        _ => return None,
    };
    Some((one_day(d, day_label(d))?, used))
}

/// "Q3", "q1 2025", "the third quarter", "3rd quarter of 2025", "first quarter last year".
fn quarter_at(c: &Ctx<'_>, i: usize) -> Hit {
    let w = c.word(i);
    let (q, mut used) = match w.strip_prefix('q').and_then(|d| d.parse::<u32>().ok()) {
        Some(q) if w.len() == 2 => (q, 1),
        _ => match (ordinal_of(w), c.word(i + 1)) {
            (Some(n), "quarter") if n > 0 => (n as u32, 2),
            _ => return None,
        },
    };
    if !(1..=4).contains(&q) {
        return None;
    }
    if c.word(i + used) == "of" {
        used += 1;
    }
    let year = if let Some(y) = year_of(c.word(i + used)) {
        used += 1;
        y
    } else if matches!(c.word(i + used), "last" | "this" | "next") && c.word(i + used + 1) == "year"
    {
        let y = match c.word(i + used) {
            "last" => c.today.year - 1,
            "next" => c.today.year + 1,
            _ => c.today.year,
        };
        used += 2;
        y
    } else {
        let start_month = (q - 1) * 3 + 1;
        match c.dir {
            Dir::Past if start_month > c.today.month => c.today.year - 1,
            Dir::Future if start_month + 2 < c.today.month => c.today.year + 1,
            _ => c.today.year,
        }
    };
    let start = Date::new(year, (q - 1) * 3 + 1, 1)?;
    Some((
        span(start, start.add_months_first(3), format!("Q{q} {year}"))?,
        used,
    ))
}

/// "the first week of May", "the last week of March 2025", "the week of the 1st",
/// "the week of June 3".
fn week_of_at(c: &Ctx<'_>, i: usize) -> Hit {
    if c.word(i) == "week" && c.word(i + 1) == "of" {
        let (d, used) = date_at(c, i + 2)
            .or_else(|| nth_at(c, i + 2))
            .or_else(|| holidays::holiday_at(c, i + 2))?;
        let s = week_start(d.start);
        let label = format!("the week of {}", day_label(s));
        return Some((span(s, s.add_days(7), label)?, used + 2));
    }
    // "the first 2 weeks of october": its first fourteen days.
    if c.word(i) == "first" {
        if let (Some(k), "weeks", "of" | "in") = (
            small_number(c.word(i + 1)),
            c.word(i + 2),
            c.word(i + 3),
        ) {
            let (m, used) = month_at(c, i + 4).or_else(|| unit_at(c, i + 4))?;
            let end = m.start.add_days(7 * k).min(m.end);
            let label = format!("{} to {}", day_label(m.start), day_label(end.add_days(-1)));
            return Some((span(m.start, end, label)?, used + 4));
        }
    }
    let n = ordinal_of(c.word(i))?;
    if c.word(i + 1) != "week" || !matches!(c.word(i + 2), "of" | "in") {
        return None;
    }
    let (m, used) = month_at(c, i + 3).or_else(|| unit_at(c, i + 3))?;
    let len = days_in_month(m.start.year, m.start.month);
    let first_day = if n < 0 {
        len.saturating_sub(6)
    } else {
        u32::try_from((n - 1) * 7 + 1).ok()?
    };
    let start = Date::new(m.start.year, m.start.month, first_day)?;
    let end = start.add_days(7).min(m.end);
    let label = format!("{} to {}", day_label(start), day_label(end.add_days(-1)));
    Some((span(start, end, label)?, used + 3))
}

/// "June 3", "June 3rd 2025", "June the 3rd", "3 June", "3rd of June", "2025-06-03".
pub(super) fn date_at(c: &Ctx<'_>, i: usize) -> Hit {
    let w = c.word(i);
    if let (Some(y), Some(m), Some(d)) = (
        year_of(w),
        c.word(i + 1).parse::<u32>().ok(),
        day_of(c.word(i + 2)),
    ) {
        let d = Date::new(y, m, d)?;
        return Some((one_day(d, day_label(d))?, 3));
    }
    let (month, day, mut used) = if let Some(d) = day_of(w) {
        let of = usize::from(c.word(i + 1) == "of");
        (month_of(c.word(i + 1 + of))?, d, 2 + of)
    } else {
        let m = month_of(w)?;
        let the = usize::from(c.word(i + 1) == "the");
        let d = day_of(c.word(i + 1 + the))?;
        // "June 3 transactions" is a date; "may 5 dollars" is not.
        if super::super::amount::is_money_word(c.word(i + 2 + the)) {
            return None;
        }
        (m, d, 2 + the)
    };
    let year = year_of(c.word(i + used));
    used += usize::from(year.is_some());
    let d = resolve_day(c, month, day, year)?;
    Some((one_day(d, day_label(d))?, used))
}

/// "11/28", "28/11", "9/3/2019", "2026/11/28", "11/28/26": a date written in numbers with
/// slashes (the tokeniser keeps them). Day and month are told apart by a part over 12, else
/// by the profile's [`DateOrder`]; "24/7" is not a date.
fn numeric_date_at(c: &Ctx<'_>, i: usize) -> Hit {
    let w = c.word(i);
    if w == "24/7" {
        return None;
    }
    let parts: Vec<&str> = w.split('/').collect();
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok().filter(|_| p.len() <= 4))
        .collect::<Option<_>>()?;
    let (a, b, year) = match (parts.as_slice(), nums.as_slice()) {
        ([y, ..], [yy, m, d]) if y.len() == 4 => {
            let d = Date::new(i32::try_from(*yy).ok()?, *m, *d)?;
            return Some((one_day(d, day_label(d))?, 1));
        }
        ([_, _], [a, b]) => (*a, *b, None),
        ([_, _, y], [a, b, yy]) => match y.len() {
            2 => (*a, *b, Some(2000 + i32::try_from(*yy).ok()?)),
            4 => (*a, *b, Some(i32::try_from(*yy).ok()?)),
            _ => return None,
        },
        _ => return None,
    };
    let (month, day) = match (a > 12, b > 12) {
        (true, false) => (b, a),
        (false, true) => (a, b),
        (false, false) if a == b => (a, b),
        (false, false) => match c.order {
            super::DateOrder::MonthFirst => (a, b),
            super::DateOrder::DayFirst => (b, a),
            super::DateOrder::Unknown => return None,
        },
        (true, true) => return None,
    };
    // The longest the month can be (2024 is a leap year): "2/30" is no date.
    if day == 0 || month == 0 || month > 12 || day > days_in_month(2024, month) {
        return None;
    }
    let d = resolve_day(c, month, day, year)?;
    Some((one_day(d, day_label(d))?, 1))
}

/// "the 3rd of June".
fn the_date_at(c: &Ctx<'_>, i: usize) -> Hit {
    if c.word(i) != "the" {
        return None;
    }
    date_at(c, i + 1).map(|(p, used)| (p, used + 1))
}

/// "the 15th", "on the 3rd", "15th": that day of this month (or the last one that had it).
fn nth_at(c: &Ctx<'_>, i: usize) -> Hit {
    let the = usize::from(c.word(i) == "the");
    let w = c.word(i + the);
    let day = day_of(w)?;
    if the == 0 && !is_ordinal_day(w) {
        return None;
    }
    // "the 2 most recent charges", "the 5 biggest": a count, not a day.
    if !is_ordinal_day(w) && counts_things(c.word(i + the + 1)) {
        return None;
    }
    // "June 31st", "June the 31st": a date the date form refused (no such day), not a day
    // of this month.
    let before = |k: usize| i.checked_sub(k).map(|p| c.word(p)).unwrap_or("");
    if month_of(before(1)).is_some() || (the == 0 && before(1) == "the" && month_of(before(2)).is_some())
    {
        return None;
    }
    // "the 3rd of June" is a date (date_at), "the 15th of the month" is this form, "the 15th
    // of next month" the day-of-period form (`ahead`), which refuses a day the month lacks.
    let after = i + the + 1;
    if matches!(
        (c.word(after), c.word(after + 1)),
        ("of", "this" | "next" | "last" | "previous" | "coming")
    ) || month_of(c.word(after)).is_some()
        || (c.word(after) == "of" && month_of(c.word(after + 1)).is_some())
        || unit_of(c.word(after)).is_some()
    {
        return None;
    }
    let used = the + 1;
    let used =
        if c.word(after) == "of" && c.word(after + 1) == "the" && c.word(after + 2) == "month" {
            used + 3
        } else {
            used
        };
    // The most recent month that has that day (or the next one, for the future): "the 30th"
    // in March is January 30 looking back, never a February 28 nobody named.
    let d = match c.dir {
        Dir::Past => (0..=3)
            .filter_map(|k| ahead::day_in_month(c.today, -k, day))
            .find(|d| *d <= c.today)?,
        Dir::Future => (0..=3)
            .filter_map(|k| ahead::day_in_month(c.today, k, day))
            .find(|d| *d >= c.today)?,
    };
    Some((one_day(d, day_label(d))?, used))
}

/// Words after a bare number that make it a count ("the 2 most recent", "the 3 biggest",
/// "the 5 transactions"), not a day of the month.
fn counts_things(w: &str) -> bool {
    matches!(
        w,
        "most" | "latest" | "last" | "recent" | "biggest" | "largest" | "top" | "newest"
    ) || w.starts_with("transaction")
        || w.starts_with("purchase")
        || w.starts_with("charge")
        || w.starts_with("payment")
}

/// Words before a month name that make "may" or "march" a month.
fn is_month_prep(w: &str) -> bool {
    matches!(
        w,
        "in" | "for"
            | "during"
            | "of"
            | "on"
            | "throughout"
            | "since"
            | "until"
            | "till"
            | "from"
            | "to"
            | "between"
            | "and"
            | "through"
            | "thru"
            | "-"
            | "by"
            | "before"
            | "after"
            | "last"
            | "this"
            | "next"
            | "whole"
            | "all"
            | "entire"
            | "early"
            | "late"
            | "mid"
    )
}

/// Words naming a part of a month: "mid", "early", "late", "end", "beginning", "middle".
pub(super) fn is_month_part(w: &str) -> bool {
    matches!(
        w,
        "mid" | "early" | "late" | "end" | "beginning" | "begining" | "middle" | "start"
    )
}

/// "March", "in March", "March 2025", "last March", "this March", "March last year",
/// "March of last year", "March of 2025".
pub(super) fn month_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (which, at) = match c.word(i) {
        w @ ("last" | "this" | "next") => (w, i + 1),
        _ => ("", i),
    };
    let w = c.word(at);
    let month = month_of(w)?;
    let prev = at.checked_sub(1).map(|p| c.word(p)).unwrap_or("");
    // "the 31st of June", "June 31st": a day the date form refused is no month either.
    let before_of = at.checked_sub(2).map(|p| c.word(p)).unwrap_or("");
    if day_of(prev).is_some()
        || (prev == "of" && day_of(before_of).is_some())
        || (which.is_empty() && day_of(c.word(at + 1)).is_some())
    {
        return None;
    }
    // "march thru may": a range's separator and a date after it make "march" a month.
    let in_range = matches!(
        c.word(at + 1),
        "through" | "thru" | "to" | "until" | "till" | "til" | "-"
    ) && (month_of(c.word(at + 2)).is_some() || day_of(c.word(at + 2)).is_some());
    let mut used = at + 1 - i;
    let of = usize::from(c.word(at + 1) == "of");
    let year = if let Some(y) = year_of(c.word(at + 1 + of)) {
        used += 1 + of;
        Some(y)
    } else if matches!(c.word(at + 1 + of), "last" | "this" | "next")
        && c.word(at + 2 + of) == "year"
    {
        let y = match c.word(at + 1 + of) {
            "last" => c.today.year - 1,
            "next" => c.today.year + 1,
            _ => c.today.year,
        };
        used += 2 + of;
        Some(y)
    } else {
        None
    };
    // "may", "march", "jan" are also ordinary words: only with a preposition or a year.
    let ambiguous = matches!(w, "may" | "march" | "mar" | "jan" | "sep" | "dec" | "jun");
    if ambiguous && year.is_none() && !is_month_prep(prev) && !in_range {
        return None;
    }
    let p = match (which, year) {
        (_, Some(y)) => month_span(y, month)?,
        ("last", None) => {
            let y = if month < c.today.month {
                c.today.year
            } else {
                c.today.year - 1
            };
            month_span(y, month)?
        }
        ("this", None) => month_span(c.today.year, month)?,
        ("next", None) => {
            let y = if month > c.today.month {
                c.today.year
            } else {
                c.today.year + 1
            };
            month_span(y, month)?
        }
        _ => resolve_month(c, month)?,
    };
    Some((p, used))
}

/// "in 2025", "for 2024", "2025" after a preposition.
fn year_at(c: &Ctx<'_>, i: usize) -> Hit {
    let y = year_of(c.word(i))?;
    let prev = i.checked_sub(1).map(|p| c.word(p)).unwrap_or("");
    if !matches!(
        prev,
        "in" | "for"
            | "during"
            | "of"
            | "throughout"
            | "since"
            | "until"
            | "from"
            | "to"
            | "between"
            | "and"
            | "before"
            | "after"
    ) {
        return None;
    }
    let start = Date::new(y, 1, 1)?;
    Some((span(start, Date::new(y + 1, 1, 1)?, y.to_string())?, 1))
}

/// A bare day of month at `i` ("the 1st", "1st", "the 20"), for ranges: day and tokens used.
fn bare_day_at(c: &Ctx<'_>, i: usize) -> Option<(u32, usize)> {
    let the = usize::from(c.word(i) == "the");
    let d = day_of(c.word(i + the))?;
    let after = c.word(i + the + 1);
    if month_of(after).is_some() || after == "of" || unit_of(after).is_some() {
        return None;
    }
    Some((d, the + 1))
}

fn with_dir<'a>(c: &Ctx<'a>, dir: Dir) -> Ctx<'a> {
    Ctx {
        toks: c.toks,
        today: c.today,
        dir,
        order: c.order,
    }
}

/// A range "between|from A and|to|until|through B", or "A through|thru|to|until|- B" with no
/// opening word ("the 3rd through the 9th", "march thru may", "oct 1-15"), where "and" is
/// not a separator ("last month and this month" are two periods).
fn range_at(c: &Ctx<'_>, i: usize) -> Option<(Period, usize)> {
    if matches!(c.word(i), "between" | "from" | "starting") {
        return range_from(c, i + 1, true).map(|(p, used)| (p, used + 1));
    }
    // Most messages have no separator after `i`: nothing more to read.
    let sep_ahead = c
        .toks
        .iter()
        .skip(i + 1)
        .any(|t| is_range_sep(t.lower.as_str(), false));
    if !sep_ahead {
        return None;
    }
    // "compare july to june", "last month to this month": two periods, not a range.
    let comparing = c.toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "compare" | "compared" | "comparing" | "vs" | "versus" | "than" | "against"
        )
    });
    if comparing || matches!(c.word(i), "last" | "this" | "next" | "past" | "previous") {
        return None;
    }
    range_from(c, i, false)
}

/// Whether the word separates the two ends of a range (`and` only after "between").
fn is_range_sep(w: &str, opened: bool) -> bool {
    matches!(
        w,
        "to" | "until" | "till" | "through" | "thru" | "til" | "-"
    ) || (opened && w == "and")
}

/// The two ends of a range starting at token `a`, and the tokens used.
fn range_from(c: &Ctx<'_>, a: usize, opened: bool) -> Option<(Period, usize)> {
    let left = bare_day_at(c, a).map(|(d, u)| (None, Some(d), u));
    let left = left.or_else(|| expr_at(c, a).map(|(p, u)| (Some(p), None, u)))?;
    let (left_p, left_day, used_a) = left;
    let sep = a + used_a;
    if !is_range_sep(c.word(sep), opened) {
        return None;
    }
    let b = sep + 1;
    // "from September to now", "from the 1st to date": up to today.
    if matches!(c.word(b), "now" | "date" | "today") {
        let start = match &left_p {
            Some(l) => l.start,
            None => nth_at(c, a)?.0.start,
        };
        let label = format!("{} to today", day_label(start));
        return Some((span(start, c.tomorrow(), label)?, b + 1 - a));
    }
    let right = bare_day_at(c, b).map(|(d, u)| (None, Some(d), u));
    let (right_p, right_day, used_b) =
        right.or_else(|| expr_at(c, b).map(|(p, u)| (Some(p), None, u)))?;
    let left_p = match (left_p, &right_p) {
        (Some(l), Some(r)) => Some(before_right(c, a, l, r)),
        (l, _) => l,
    };
    finish_range(c, a, left_p, left_day, (right_p, right_day), b + used_b)
}

/// A range's left end of a few days (a holiday, a date) read again as the last one up to the
/// right end, when the message's direction put it more than a week after the right end:
/// "between thanksgiving and christmas" on December 5 is Thanksgiving to Christmas of last
/// year (the whole range, as "between march and may" in April is last year's), never a range
/// that ends before it starts, nor Thanksgiving alone. Within a week the weekday rule of
/// [`finish_range`] applies ("from monday to sunday"); a longer left end (a month) has its
/// own rule there.
fn before_right(c: &Ctx<'_>, a: usize, left: Period, right: &Period) -> Period {
    let short = left.end.days() - left.start.days() <= 7;
    if !short || right.end.days() + 7 >= left.start.days() {
        return left;
    }
    let up_to_right = Ctx {
        toks: c.toks,
        today: right.start,
        dir: Dir::Past,
        order: c.order,
    };
    match expr_at(&up_to_right, a) {
        Some((l, _)) if l.end <= right.end => l,
        _ => left,
    }
}

/// The range from its two ends; `end_at` is the token after it.
fn finish_range(
    c: &Ctx<'_>,
    a: usize,
    left_p: Option<Period>,
    left_day: Option<u32>,
    right: (Option<Period>, Option<u32>),
    end_at: usize,
) -> Option<(Period, usize)> {
    let (start, end) = match (left_p, left_day, right) {
        (Some(l), _, (Some(r), _)) if l.start < r.end => (l.start, r.end),
        // "from monday to sunday" on a Tuesday: the Monday of the week before (a past
        // question) or the Sunday after (a future one), never a year apart.
        (Some(l), _, (Some(r), _)) if l.end.days() - l.start.days() <= 7 => match c.dir {
            Dir::Past => (l.start.add_days(-7), r.end),
            Dir::Future => (l.start, r.end.add_days(7)),
        },
        // "between march and may" in April: the March before that May.
        (Some(l), _, (Some(r), _)) => {
            let s = Date::new(l.start.year - 1, l.start.month, l.start.day)?;
            (s, r.end)
        }
        (None, Some(ld), (Some(r), _)) => {
            let m = r.end.add_days(-1);
            let s = Date::new(m.year, m.month, ld.min(days_in_month(m.year, m.month)))?;
            let s = if s > m {
                let p = m.add_months_first(-1);
                Date::new(p.year, p.month, ld.min(days_in_month(p.year, p.month)))?
            } else {
                s
            };
            (s, r.end)
        }
        (Some(l), _, (None, Some(rd))) => {
            let s = l.start;
            let e = Date::new(s.year, s.month, rd.min(days_in_month(s.year, s.month)))?;
            let e = if e < s {
                let n = s.add_months_first(1);
                Date::new(n.year, n.month, rd.min(days_in_month(n.year, n.month)))?
            } else {
                e
            };
            (s, e.add_days(1))
        }
        (None, Some(_), (None, Some(rd))) => {
            let (lo, _) = nth_at(c, a)?;
            let hi = Date::new(lo.start.year, lo.start.month, rd)?;
            (lo.start, hi.add_days(1))
        }
        _ => return None,
    };
    let p = span(
        start,
        end,
        format!("{} to {}", day_label(start), day_label(end.add_days(-1))),
    )?;
    Some((p, end_at - a))
}

/// "the week before thanksgiving", "the day after christmas", "2 days before my rent is due"
/// (not read: not a period), "the weekend after labor day", "the month before christmas": a
/// stretch of days next to another period, never the open end "before thanksgiving" (which
/// would answer for all the history before it).
///
/// A day is one day; a week seven days; a month thirty days; a weekend the Saturday and
/// Sunday before the period starts or after it ends. `N` units multiply (but "N weekends" is
/// not read).
fn beside_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (n, k) = match c.word(i) {
        "the" => (1, i + 1),
        w => match small_number(w).or_else(|| w.parse().ok()) {
            Some(n) if (1..=90).contains(&n) => (n, i + 1),
            _ => return None,
        },
    };
    let unit = c.word(k);
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let days = match unit {
        "day" => 1,
        "week" | "wk" => 7,
        "month" => 30,
        "weekend" | "wknd" if n == 1 => 0,
        _ => return None,
    };
    let after = match c.word(k + 1) {
        "before" | "prior" => false,
        "after" | "following" => true,
        _ => return None,
    };
    let at = k + 2 + usize::from(c.word(k + 1) == "prior" && c.word(k + 2) == "to");
    let (anchor, used) = expr_at(c, at)?;
    let (start, end) = match (days, after) {
        (0, false) => {
            // The Saturday and Sunday before the anchor starts.
            // Monday is 0: Sunday is the weekday's number plus one day back.
            let sunday = anchor.start.add_days(-(i64::from(anchor.start.weekday()) + 1));
            (sunday.add_days(-1), sunday.add_days(1))
        }
        (0, true) => {
            let last = anchor.end.add_days(-1);
            let ahead = (5 - i64::from(last.weekday())).rem_euclid(7);
            let saturday = last.add_days(if ahead == 0 { 7 } else { ahead });
            (saturday, saturday.add_days(2))
        }
        (d, false) => (anchor.start.add_days(-d * n), anchor.start),
        (d, true) => (anchor.end, anchor.end.add_days(d * n)),
    };
    let label = if end.days() - start.days() == 1 {
        day_label(start)
    } else {
        format!("{} to {}", day_label(start), day_label(end.add_days(-1)))
    };
    Some((span(start, end, label)?, at + used - i))
}

/// Which edge of a period a phrase names ("the start of", "the end of").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    None,
    Start,
    End,
}

/// "the start of", "the beginning of", "the end of", "start of" at `i`: the edge and where
/// the period after it begins.
fn edge_of(c: &Ctx<'_>, i: usize) -> (Edge, usize) {
    let the = usize::from(c.word(i) == "the");
    let edge = match c.word(i + the) {
        "start" | "beginning" | "begining" => Edge::Start,
        "end" => Edge::End,
        _ => return (Edge::None, i),
    };
    if c.word(i + the + 1) != "of" {
        return (Edge::None, i);
    }
    (edge, i + the + 2)
}

/// Whether "from" at `i`, followed by the one-day period `p`, starts an open range: `p` is
/// named as a calendar day ("the 21st", "May 21", "the 1st of November"; not "yesterday" or
/// "last friday") and the word before "from" is not a thing that happened on a day ("the
/// charge from May 21", "my transactions from the 15th": that day).
fn from_a_calendar_day(c: &Ctx<'_>, i: usize, p: &Period) -> bool {
    if p.end.days() - p.start.days() != 1 {
        return false;
    }
    let first = c.word(i + 1);
    let first = if first == "the" { c.word(i + 2) } else { first };
    // "12/1", "2026-12-01": a numeric date is a calendar day too.
    let numeric = first.starts_with(|c: char| c.is_ascii_digit()) && first.contains(['/', '-']);
    let calendar = is_ordinal_day(first) || month_of(first).is_some() || numeric;
    let before = if i > 0 { c.word(i - 1) } else { "" };
    let singular = before.strip_suffix('s').unwrap_or(before);
    let things = matches!(
        singular,
        "charge" | "payment" | "transaction" | "purchase" | "deposit" | "transfer" | "bill"
            | "one" | "refund" | "withdrawal" | "debit" | "receipt" | "order" | "that" | "it"
            | "txn"
    );
    calendar && !things
}

/// Ranges and open ends: "between A and B", "since A", "after A", "until A", "before A".
pub(super) fn bounded_at(c: &Ctx<'_>, i: usize) -> Option<(Period, usize)> {
    if let Some(hit) = beside_at(c, i) {
        return Some(hit);
    }
    if let Some(hit) = range_at(c, i) {
        return Some(hit);
    }
    let w = c.word(i);
    let (kind, at) = match (w, c.word(i + 1)) {
        ("since" | "starting" | "after", _) => (w, i + 1),
        // "from last month" is last month; "from September on" is since September, and so is
        // "spending from the 21st of May" (a calendar day with nothing after it is where the
        // time starts); "the charges from May 21" are that day's.
        ("from", _) => match expr_at(c, i + 1) {
            Some((_, used)) if matches!(c.word(i + 1 + used), "on" | "onwards" | "onward") => {
                ("since", i + 1)
            }
            Some((p, _)) if from_a_calendar_day(c, i, &p) => ("since", i + 1),
            _ => return None,
        },
        ("up", "to" | "until") | ("up", "till") => ("until", i + 2),
        ("no", "later") if c.word(i + 2) == "than" => ("until", i + 3),
        ("until" | "till" | "til" | "through" | "before", _) => (w, i + 1),
        _ => return None,
    };
    // "since" looks back and a bare "until" ahead ("until May"); "before" and "after" go the
    // message's way ("will it arrive before the 15th"), and so does "until" in a message about
    // the record ("what did I spend until March": the last March, not the next).
    let dir = match kind {
        "until" | "till" | "til" => {
            super::direction::stated_direction(c.toks).unwrap_or(Dir::Future)
        }
        "before" | "after" => c.dir,
        _ => Dir::Past,
    };
    let c2 = with_dir(c, dir);
    let (edge, at) = edge_of(c, at);
    // "since the start of May" is since May; "until the end of May" is until May. The other
    // pairings ("since the end of May") are not read: the message is then a question.
    let fits = match edge {
        Edge::None => true,
        Edge::Start => matches!(kind, "since" | "from" | "starting" | "before"),
        Edge::End => matches!(kind, "until" | "till" | "til" | "through" | "after"),
    };
    if !fits {
        return None;
    }
    let (p, used) = match (c.word(at), unit_of(c.word(at + 1))) {
        // "the start of the month": this month.
        ("the", Some(u)) if edge != Edge::None => {
            let (s, e) = unit_containing(c.today, u)?;
            (span(s, e, format!("this {}", unit_name(u)))?, 2)
        }
        _ => expr_at(&c2, at)?,
    };
    let tomorrow = c.tomorrow();
    let used = at + used - i;
    let p = match kind {
        "since" | "from" | "starting" => {
            span(p.start, tomorrow, format!("since {}", day_label(p.start)))
        }
        "after" => span(
            p.end,
            tomorrow,
            format!("after {}", day_label(p.end.add_days(-1))),
        ),
        "before" => span(
            open_start(),
            p.start,
            format!("before {}", day_label(p.start)),
        ),
        _ => span(
            open_start(),
            p.end,
            format!("until {}", day_label(p.end.add_days(-1))),
        ),
    }?;
    Some((p, used))
}
