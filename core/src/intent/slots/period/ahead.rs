//! Forms that name one day inside or beside a period, mostly used for what is planned:
//! "a week from today", "two weeks from friday", "the week after next", "the 15th of next
//! month", "the first of next month", "the last day of the month", "by the end of the month",
//! "at the beginning of next month", "later this week", "the rest of the month".
//!
//! "The end of May" is one day (its last) only when the message speaks of the future ("pay it
//! by the end of May"): a deadline. In a question about money already spent ("what did I
//! spend at the end of May") it is a stretch of unknown length, and stays a question
//! ([`super::unclear`]).

use super::forms::{count_unit, expr_at, month_at, shift, unit_at, unit_containing, unit_name};
use super::words::{day_of, ordinal_of, unit_of, Unit};
use super::{day_label, one_day, span, Ctx, Dir};
use crate::intent::slots::Period;
use crate::time::{days_in_month, Date};

type Hit = Option<(Period, usize)>;

/// "a week from today", "3 days from now", "two weeks from tomorrow", "a week from friday":
/// that one day.
pub(super) fn from_now_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (n, unit, used) = count_unit(c, i)?;
    if c.word(i + used) != "from" {
        return None;
    }
    let at = i + used + 1;
    let (anchor, anchor_used) = match c.word(at) {
        "now" | "today" => (c.today, 1),
        "tomorrow" => (c.tomorrow(), 1),
        _ => {
            let (p, u) = expr_at(c, at)?;
            // Only from one day ("a week from friday"), never from a whole month.
            if p.end.days() - p.start.days() != 1 {
                return None;
            }
            (p.start, u)
        }
    };
    let d = shift(anchor, n, unit)?;
    Some((one_day(d, day_label(d))?, used + 1 + anchor_used))
}

/// "the week after next", "the month after next", "the weekend after next", "the year after
/// next": the calendar unit two ahead.
pub(super) fn after_next_at(c: &Ctx<'_>, i: usize) -> Hit {
    let the = usize::from(c.word(i) == "the");
    let w = c.word(i + the);
    if c.word(i + the + 1) != "after" || c.word(i + the + 2) != "next" {
        return None;
    }
    let used = the + 3;
    if super::words::is_weekend_word(w) {
        let sat = super::forms::week_start(c.today).add_days(5 + 14);
        let label = format!("the weekend of {} {}", super::month_name(sat.month), sat.day);
        return Some((span(sat, sat.add_days(2), label)?, used));
    }
    let unit = unit_of(w)?;
    if matches!(unit, Unit::Fortnight | Unit::Day) {
        return None;
    }
    let (s, e) = unit_containing(shift(c.today, 2, unit)?, unit)?;
    let label = format!("the {} after next", unit_name(unit));
    Some((span(s, e, label)?, used))
}

/// The period after "of" that a day is taken from: "the month" (this one), "next month",
/// "this year", "last month", "May", "May 2025". Returns it and the tokens used.
fn whole_period_at(c: &Ctx<'_>, i: usize) -> Hit {
    if let ("the", Some(u)) = (c.word(i), unit_of(c.word(i + 1))) {
        if matches!(u, Unit::Week | Unit::Month | Unit::Quarter | Unit::Year) {
            let (s, e) = unit_containing(c.today, u)?;
            return Some((span(s, e, format!("this {}", unit_name(u)))?, 2));
        }
    }
    let (p, used) = unit_at(c, i).or_else(|| month_at(c, i))?;
    // A rolling window ("past month") has no first or last day of its own.
    (p.label.starts_with("this ")
        || p.label.starts_with("last ")
        || p.label.starts_with("next ")
        || month_at(c, i).is_some())
    .then_some((p, used))
}

/// Which day of a period a phrase names.
#[derive(Clone, Copy)]
enum Which {
    /// A day of the month ("the 15th of next month").
    Nth(u32),
    /// Its first day.
    First,
    /// Its last day.
    Last,
}

/// "the 15th of next month", "the 1st of this month", "the first of next month", "the first
/// day of next month", "the last day of the month", "the last day of May": that one day.
pub(super) fn day_of_period_at(c: &Ctx<'_>, i: usize) -> Hit {
    let the = usize::from(c.word(i) == "the");
    let w = c.word(i + the);
    let mut j = i + the + 1;
    let which = match (ordinal_of(w), day_of(w)) {
        (Some(1), _) if c.word(j) == "day" || w == "first" => Which::First,
        (Some(-1), _) if c.word(j) == "day" => Which::Last,
        (_, Some(d)) if super::words::is_ordinal_day(w) => Which::Nth(d),
        _ => return None,
    };
    if c.word(j) == "day" {
        j += 1;
    }
    if c.word(j) != "of" {
        return None;
    }
    let (p, used) = whole_period_at(c, j + 1)?;
    let last = p.end.add_days(-1);
    let d = match which {
        Which::First => p.start,
        Which::Last => last,
        // The Nth of a month: only a month has days by number. "The 20th of the month" is
        // the most recent (or next) 20th, read by the day-of-month form.
        Which::Nth(n) => {
            if p.start.day != 1 || p.start.month != last.month || c.word(j + 1) == "the" {
                return None;
            }
            Date::new(p.start.year, p.start.month, n)?
        }
    };
    Some((one_day(d, day_label(d))?, j + 1 + used - i))
}

/// "(by) the end of the month", "the end of next month", "the beginning of next week", "end
/// of May", "the start of next year": the period's last or first day, in a message about the
/// future only (a deadline or a plan). Elsewhere it is not read here.
pub(super) fn edge_day_at(c: &Ctx<'_>, i: usize) -> Hit {
    if c.dir != Dir::Future {
        return None;
    }
    let the = usize::from(c.word(i) == "the");
    let end = match c.word(i + the) {
        "end" => true,
        "start" | "beginning" | "begining" => false,
        _ => return None,
    };
    if c.word(i + the + 1) != "of" {
        return None;
    }
    let at = i + the + 2;
    let (p, used) = whole_period_at(c, at)?;
    let d = if end { p.end.add_days(-1) } else { p.start };
    Some((one_day(d, day_label(d))?, at + used - i))
}

/// "later this week", "later this month", "the rest of the month", "rest of this year": from
/// tomorrow to the end of the unit.
pub(super) fn rest_of_at(c: &Ctx<'_>, i: usize) -> Hit {
    let (unit, used) = match (c.word(i), c.word(i + 1), c.word(i + 2), c.word(i + 3)) {
        ("later", "this", u, _) => (unit_of(u)?, 3),
        ("the", "rest", "of", _) | ("rest", "of", _, _) => {
            let at = i + usize::from(c.word(i) == "the") + 2;
            match (c.word(at), unit_of(c.word(at + 1))) {
                ("the" | "this", Some(u)) => (u, at + 2 - i),
                _ => return None,
            }
        }
        _ => return None,
    };
    if matches!(unit, Unit::Day | Unit::Fortnight) {
        return None;
    }
    let (_, e) = unit_containing(c.today, unit)?;
    let label = format!("the rest of this {}", unit_name(unit));
    Some((span(c.tomorrow(), e, label)?, used))
}

/// The `day`th of the month `months` away from `d`'s month (negative: back), or `None` when
/// that month has no such day.
pub(super) fn day_in_month(d: Date, months: i32, day: u32) -> Option<Date> {
    let m = d.add_months_first(months);
    (day <= days_in_month(m.year, m.month))
        .then(|| Date::new(m.year, m.month, day))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::super::super::tokens::tokenize;
    use super::super::{find_period, DateOrder, PeriodFind};
    use crate::time::Date;

    /// The period found, as inclusive (first, last) days; `None` when none or unclear.
    fn p(text: &str) -> Option<(Date, Date)> {
        let today = Date::new(2026, 4, 15)?;
        match find_period(&tokenize(text), today, DateOrder::Unknown) {
            PeriodFind::Found(p, ..) => Some((p.start, p.end.add_days(-1))),
            _ => None,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Option<(Date, Date)> {
        let d = Date::new(y, m, d)?;
        Some((d, d))
    }

    fn range(a: (i32, u32, u32), b: (i32, u32, u32)) -> Option<(Date, Date)> {
        Some((Date::new(a.0, a.1, a.2)?, Date::new(b.0, b.1, b.2)?))
    }

    // Today is Wednesday 2026-04-15 in these tests.

    #[test]
    fn counts_from_a_day() {
        assert_eq!(p("pay it a week from today"), day(2026, 4, 22));
        assert_eq!(p("send it 3 days from now"), day(2026, 4, 18));
        assert_eq!(p("two weeks from tomorrow"), day(2026, 4, 30));
        assert_eq!(p("a week from friday please"), day(2026, 4, 24));
    }

    #[test]
    fn units_after_next() {
        assert_eq!(
            p("the week after next"),
            range((2026, 4, 27), (2026, 5, 3))
        );
        assert_eq!(
            p("i'm away the month after next"),
            range((2026, 6, 1), (2026, 6, 30))
        );
        assert_eq!(
            p("the weekend after next"),
            range((2026, 5, 2), (2026, 5, 3))
        );
    }

    #[test]
    fn days_of_named_periods() {
        assert_eq!(p("pay it on the 15th of next month"), day(2026, 5, 15));
        assert_eq!(p("what did i spend on the 3rd of last month"), day(2026, 3, 3));
        assert_eq!(p("schedule it for the first of next month"), day(2026, 5, 1));
        assert_eq!(p("the first day of next month"), day(2026, 5, 1));
        assert_eq!(p("pay on the last day of the month"), day(2026, 4, 30));
        assert_eq!(p("the last day of last month"), day(2026, 3, 31));
        assert_eq!(p("the last day of february"), day(2026, 2, 28));
        assert_eq!(p("the last day of the year"), day(2026, 12, 31));
        // No 31st in next month (May has one, June does not).
        assert_eq!(p("pay it on the 31st of next month"), day(2026, 5, 31));
        // A day the month does not have is no date, and not the month either.
        assert_eq!(p("the 31st of june"), None);
        assert_eq!(p("spent on june 31st"), None);
    }

    #[test]
    fn edges_are_days_only_for_plans() {
        assert_eq!(p("i need the money by the end of the month"), day(2026, 4, 30));
        assert_eq!(p("set up the payment for the end of next month"), day(2026, 5, 31));
        assert_eq!(p("pay it at the beginning of next month"), day(2026, 5, 1));
        assert_eq!(p("will it arrive by the end of the week"), day(2026, 4, 19));
        assert_eq!(p("i need it by end of may"), day(2026, 5, 31));
        // About money already spent, the end of May is no one day.
        assert_eq!(p("what did i spend at the end of may"), None);
    }

    #[test]
    fn rest_of_a_unit() {
        assert_eq!(
            p("what's due later this week"),
            range((2026, 4, 16), (2026, 4, 19))
        );
        assert_eq!(
            p("my bills for the rest of the month"),
            range((2026, 4, 16), (2026, 4, 30))
        );
    }
}
