//! Periods: a small grammar of the ways people name dates in a banking chat, resolved against
//! the profile's "today" (the local date under its UTC offset) into half-open date ranges.
//!
//! - Calendar units span the whole unit (weeks start on Monday): "this week", "last month",
//!   "last month's", "Q3", "the third quarter", "this year", "March", "March 2025", "last
//!   March", "March last year", "the first week of May", "last weekend".
//! - Rolling windows run up to and including today: "last 30 days", "past 2 weeks", "past
//!   month", "ytd", "so far this year", "since June 3", "since Monday".
//! - Days: "today", "yesterday", "last night", "last tuesday", "on friday", "the 15th",
//!   "3 weeks ago", "June 3rd", "Christmas", "black friday last year".
//! - Numeric dates: "2026-11-28", "2026/11/28", "28/11", "11/28/26"; a date whose day and
//!   month could be either way round ("9/3") is read by the profile's [`DateOrder`], and is
//!   a question when that is unknown.
//! - Ranges: "between March and May", "from the 1st to the 20th of September",
//!   "until May" (open start), "before June", "after the 10th".
//! - A day or unit anchored to one a previous message named ("the tuesday before that", "the
//!   weekend after it") is unclear here: the assistant places it from the previous turn's
//!   period ([`period_before`]), and asks which dates when there is none.
//! - Days of the week inside a period ("fridays in november", "every monday in october")
//!   narrow it to those days ([`WeekPart::Day`]), as weekends and weekdays do.
//!
//! A date without a year is the most recent one that has started, unless the message speaks of
//! the future ("will", "next", "need … by"), where it is the next one. When a message holds a
//! phrase that looks like a period but none of these forms ("since I got paid", "last trip",
//! "a while ago"), [`find_period`] says so ([`PeriodFind::Unclear`]) instead of guessing: the
//! assistant then asks which dates are meant and never answers with a figure.

mod ahead;
mod direction;
mod forms;
mod holidays;
mod unclear;
mod week_part;
mod words;

use super::tokens::Token;
use super::Period;
use crate::time::Date;
use crate::words::Words;
pub use week_part::WeekPart;
pub(crate) use week_part::part_of as week_part_of;

/// The weekends or weekdays a message names outside any period ("how about just weekdays").
pub(in crate::intent::slots) fn week_part_in(toks: &[Token]) -> Option<WeekPart> {
    week_part::in_message(toks, 0, 0)
}
pub(crate) use words::{distance, month_of, one_swap, unit_of, MONTH_NAMES};

/// What the period grammar found in a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PeriodFind {
    /// No period mentioned.
    None,
    /// A period it understood, and the tokens it was read from (first, count).
    Found(Period, usize, usize),
    /// Something period-like it did not understand.
    Unclear,
}

/// The first day of an open-ended period ("until May"): before any bank data.
pub fn open_start() -> Date {
    Date {
        year: 1970,
        month: 1,
        day: 1,
    }
}

/// How the person writes numeric dates: "9/3" is 3 September in the US and 9 March in most
/// other places. From the profile's locale; `Unknown` (as in `tacit classify`) makes an
/// ambiguous numeric date a question, never a guess.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// "11/28" is November 28 (United States).
    MonthFirst,
    /// "28/11" is 28 November.
    DayFirst,
    /// Not known: only dates whose parts can be told apart ("28/11", "2026/11/28") are read.
    #[default]
    Unknown,
}

/// Which way a date without a year points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    Past,
    Future,
}

/// The parser's view of one message.
pub(crate) struct Ctx<'a> {
    toks: &'a [Token],
    today: Date,
    dir: Dir,
    order: DateOrder,
}

impl Ctx<'_> {
    /// The `i`th word, lowercase, with chat spellings of the grammar's own words made plain
    /// ("btwn" is "between", "n" is "and").
    fn word(&self, i: usize) -> &str {
        match self.toks.get(i).map(|t| t.lower.as_str()).unwrap_or("") {
            "btwn" | "betwen" | "bewteen" | "inbetween" | "betweeen" => "between",
            "n" => "and",
            "lst" | "lsat" => "last",
            "nxt" => "next",
            w => w,
        }
    }

    fn tomorrow(&self) -> Date {
        self.today.add_days(1)
    }
}

/// A period from `start` (included) to `end` (excluded), if not empty.
fn span(start: Date, end: Date, label: impl Into<String>) -> Option<Period> {
    (start < end).then(|| Period {
        start,
        end,
        label: label.into(),
    })
}

fn one_day(d: Date, label: impl Into<String>) -> Option<Period> {
    span(d, d.add_days(1), label)
}

fn month_name(month: u32) -> &'static str {
    MONTH_NAMES
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

fn month_span(year: i32, month: u32) -> Option<Period> {
    let start = Date::new(year, month, 1)?;
    span(
        start,
        start.add_months_first(1),
        format!("{} {year}", month_name(month)),
    )
}

fn day_label(d: Date) -> String {
    format!("{} {}, {}", month_name(d.month), d.day, d.year)
}

/// A month and day without a year: the most recent one that has started (or the next one
/// not yet over, for the future). A day no year of the search has ("February 30") is none.
fn resolve_day(c: &Ctx<'_>, month: u32, day: u32, year: Option<i32>) -> Option<Date> {
    if let Some(y) = year {
        return Date::new(y, month, day);
    }
    // Four years on either side reach a February 29.
    let y = c.today.year;
    match c.dir {
        Dir::Past => (0..=4)
            .filter_map(|k| Date::new(y - k, month, day))
            .find(|d| *d <= c.today),
        Dir::Future => (0..=4)
            .filter_map(|k| Date::new(y + k, month, day))
            .find(|d| *d >= c.today),
    }
}

/// A month without a year: the most recent one that has started, or the next one.
fn resolve_month(c: &Ctx<'_>, month: u32) -> Option<Period> {
    let year = match c.dir {
        Dir::Past if month > c.today.month => c.today.year - 1,
        Dir::Future if month < c.today.month => c.today.year + 1,
        _ => c.today.year,
    };
    month_span(year, month)
}

/// Finds the first period in the message, or says that a period-like phrase was not
/// understood. A period narrowed to weekends or weekdays ("weekends in october") is
/// unclear here: only [`find_period_parts`] reads it, for the slots that carry it.
pub(in crate::intent::slots) fn find_period(
    toks: &[Token],
    today: Date,
    order: DateOrder,
) -> PeriodFind {
    match find_period_parts(toks, today, order) {
        (PeriodFind::Found(..), Some(_)) => PeriodFind::Unclear,
        (found, _) => found,
    }
}

/// [`find_period`], with the weekends or weekdays the period is narrowed to ("weekend
/// spending last month": the Saturdays and Sundays of last month, never one weekend).
pub(in crate::intent::slots) fn find_period_parts(
    toks: &[Token],
    today: Date,
    order: DateOrder,
) -> (PeriodFind, Option<WeekPart>) {
    let c = Ctx {
        toks,
        today,
        dir: direction::direction(toks),
        order,
    };
    let at = |i: usize| forms::bounded_at(&c, i).or_else(|| forms::expr_at(&c, i));
    if unclear::points_back(toks) {
        return (PeriodFind::Unclear, None);
    }
    for i in 0..toks.len() {
        if let Some((p, used)) = at(i) {
            if unclear::is_part_of(toks, i) || unclear::anchored_back(toks, i + used) {
                return (PeriodFind::Unclear, None);
            }
            // "weekend spending last month": a bare weekend word before a period narrows it.
            if week_part::bare_weekend_at(toks, i, used) {
                if let Some((j, (q, used_q))) = (i + 1..toks.len()).find_map(|j| Some((j, at(j)?))) {
                    return (joined(&c, q, j, used_q), Some(WeekPart::Weekends));
                }
            }
            return (joined(&c, p, i, used), week_part::in_message(toks, i, used));
        }
    }
    (find_unplaced(toks, today), None)
}

/// The message holds no period form: a period-like phrase (unclear), all the data, or none.
fn find_unplaced(toks: &[Token], today: Date) -> PeriodFind {
    if unclear::looks_like_period(toks) {
        return PeriodFind::Unclear;
    }
    match all_time_at(toks) {
        // "and the second half so far": "so far" of a period the grammar did not read.
        Some((at, 2)) if unread_period_noun(toks) && toks[at].lower != "all" => PeriodFind::Unclear,
        Some((at, used)) => all_time(today).map_or(PeriodFind::None, |p| PeriodFind::Found(p, at, used)),
        None => PeriodFind::None,
    }
}

/// A period noun not after "per", "each", "every" or "a" ("the second half", "the year"): the
/// grammar found no period in the message, so it is one it did not read.
fn unread_period_noun(toks: &[Token]) -> bool {
    toks.iter().enumerate().any(|(i, t)| {
        let rate = i > 0 && matches!(toks[i - 1].lower.as_str(), "per" | "each" | "every" | "a");
        (unit_of(&t.lower).is_some() || t.lower == "half" || month_of(&t.lower).is_some()) && !rate
    })
}

/// All the data there is, up to today ([`ALL_TIME`]).
pub(in crate::intent::slots) fn all_time(today: Date) -> Option<Period> {
    span(open_start(), today.add_days(1), ALL_TIME)
}

/// The label of [`all_time_at`]'s period, which the assistant replaces by "since" the first
/// day of the person's data.
pub const ALL_TIME: &str = "all time";

/// "ever", "all time", "in total", "altogether", "so far", "to date", "lifetime" in a message
/// that names no other period: all the data there is, never a default window. Where it is and its length.
fn all_time_at(toks: &[Token]) -> Option<(usize, usize)> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    (0..toks.len()).find_map(|i| match (w(i), w(i + 1)) {
        ("all", "time") | ("in", "total") | ("so", "far") | ("to", "date") => Some((i, 2)),
        ("ever" | "alltime" | "lifetime" | "altogether", _) => Some((i, 1)),
        _ => None,
    })
}

/// "yesterday and today", "september and october": two periods joined by "and" are one when
/// they touch (the span of both); "january and march" (a gap between) is a question, never
/// the first alone. A comparison ("compare june and july") keeps its two periods apart.
fn joined(c: &Ctx<'_>, p: Period, at: usize, used: usize) -> PeriodFind {
    let and = at + used;
    let comparing = c.toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "compare" | "compared" | "comparing" | "vs" | "versus" | "than" | "against" | "more"
                | "less" | "difference"
        )
    });
    if comparing || !matches!(c.word(and), "and" | "&" | "plus") {
        return PeriodFind::Found(p, at, used);
    }
    let Some((q, used_q)) = forms::bounded_at(c, and + 1).or_else(|| forms::expr_at(c, and + 1))
    else {
        return PeriodFind::Found(p, at, used);
    };
    let (first, second) = if p.start <= q.start { (&p, &q) } else { (&q, &p) };
    if second.start > first.end {
        return PeriodFind::Unclear;
    }
    let end = first.end.max(second.end);
    let label = format!("{} and {}", p.label, q.label);
    match span(first.start, end, label) {
        Some(both) => PeriodFind::Found(both, at, used + 1 + used_q),
        None => PeriodFind::Found(p, at, used),
    }
}

#[cfg(test)]
mod tests;

/// Whether a word names days of the week ("tuesday", "fri", "weekend"): "the tuesday before
/// that" is the same day a week earlier ([`period_before`]).
pub fn names_week_days(word: &str) -> bool {
    words::weekday_of(word).is_some() || words::is_weekend_word(word)
}

/// The period just before `p`, for a follow-up ("and the month before?", "the week before
/// that"): one `unit` back ("day", "week", "month", "quarter", "year") from its start, or,
/// with no unit, as many whole months (when `p` is whole months) or days as `p` spans. A day
/// of the week or a weekend ("the tuesday before that", "the weekend before", "the one
/// before" a weekend) is the same days a week earlier.
pub fn period_before(p: &Period, unit: Option<&str>) -> Option<Period> {
    // A word that is no unit ("the one before") names none.
    let unit = unit.filter(|u| names_week_days(u) || words::unit_of(u).is_some());
    let weekend = p.start.weekday() == 5 && p.end.days() - p.start.days() == 2;
    if unit.map_or(weekend, names_week_days) && p.end.days() - p.start.days() <= 7 {
        let (start, end) = (p.start.add_days(-7), p.end.add_days(-7));
        let label = match end.days() - start.days() {
            1 => day_label(start),
            2 if start.weekday() == 5 => {
                format!("the weekend of {} {}", month_name(start.month), start.day)
            }
            _ => format!("{} to {}", day_label(start), day_label(end.add_days(-1))),
        };
        return span(start, end, label);
    }
    let whole_months = p.start.day == 1 && p.end.day == 1;
    let months = |a: Date, b: Date| (b.year - a.year) * 12 + b.month as i32 - a.month as i32;
    let start = match unit.and_then(words::unit_of) {
        Some(u @ (words::Unit::Month | words::Unit::Quarter | words::Unit::Year)) => {
            let n = match u {
                words::Unit::Month => 1,
                words::Unit::Quarter => 3,
                _ => 12,
            };
            p.start.add_months_first(-n)
        }
        Some(words::Unit::Day) => p.start.add_days(-1),
        Some(words::Unit::Week) => p.start.add_days(-7),
        Some(words::Unit::Fortnight) => p.start.add_days(-14),
        None if whole_months => p.start.add_months_first(-months(p.start, p.end)),
        None => p.start.add_days(p.start.days() - p.end.days()),
    };
    let end = p.start;
    if start.day == 1 && end.day == 1 && months(start, end) == 1 {
        return month_span(start.year, start.month);
    }
    span(
        start,
        end,
        format!("{} to {}", day_label(start), day_label(end.add_days(-1))),
    )
}

/// The period `text` opens with, allowing a few linking words before it ("to last month",
/// "with the month before", "what i spent in june"); `None` when anything else comes first
/// ("walmart last month": the thing compared is a merchant, not a period).
pub fn period_opening(text: &str, today: Date) -> Option<Period> {
    const LINKS: Words = Words(
        "to|with|and|in|on|during|for|the|of|what|i|spent|spend|did|over|from|my|spending|this|that\
         |coming|upcoming|a|an|same|time|period",
    );
    let tokens = super::tokens::tokenize(text);
    match find_period(&tokens, today, DateOrder::Unknown) {
        PeriodFind::Found(p, first, _)
            if tokens[..first.min(tokens.len())]
                .iter()
                .all(|t| LINKS.contains(t.lower.as_str())) =>
        {
            Some(p)
        }
        _ => None,
    }
}

/// Whether `text` is a period and nothing else but linking words ("between oct 5 and oct 12",
/// "for last week then", "ok and the year so far"): as a follow-up it changes the period only.
pub fn is_only_a_period(text: &str, today: Date) -> bool {
    const LINKS: Words = Words(
        "and|what|about|how|for|in|on|during|over|the|so|far|then|ok|okay|now|just|only|same|but|this\
         |time|period|from|of",
    );
    let tokens = super::tokens::tokenize(text);
    match find_period(&tokens, today, DateOrder::Unknown) {
        PeriodFind::Found(_, first, used) => tokens.iter().enumerate().all(|(i, t)| {
            (first..first + used).contains(&i) || LINKS.contains(t.lower.as_str())
        }),
        _ => false,
    }
}

/// The period in a piece of text, if the grammar understands one (no locale: an either-way
/// numeric date is not read).
pub fn find_period_in(text: &str, today: Date) -> Option<Period> {
    match find_period(&super::tokens::tokenize(text), today, DateOrder::Unknown) {
        PeriodFind::Found(p, ..) => Some(p),
        _ => None,
    }
}
