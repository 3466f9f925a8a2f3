//! Periods that only the previous turn places: "what did I buy that friday" after Black
//! Friday, "that day", "and on dining that week"; "and the rest of the month" after the 1st
//! to the 15th (the days after those, not the rest of today's month); "and labor day" after
//! "memorial day weekend" (the holiday's weekend, as the turn before). The grammar marks a
//! "that …" period unclear; here it becomes the previous turn's dates when they are one such
//! day or lie in one such unit, and stays unclear (a question, never a figure) otherwise.

use crate::intent::slots::period::{find_period_in, MONTH_NAMES};
use crate::intent::{Period, Slots};
use crate::time::Date;

/// Replaces the period of `slots` by the one the previous turn's period (`prev`) places, when
/// the message points at it.
pub(super) fn resolve(prev: Option<&Period>, text: &str, today: Date, slots: &mut Slots) {
    let Some(prev) = prev else {
        return;
    };
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let placed = if slots.period_unclear {
        that_period(prev, &words)
    } else {
        rest_of(prev, &words).or_else(|| holiday_weekend(prev, &lower, &words, today, slots))
    };
    if let Some(p) = placed {
        slots.period = Some(p);
        slots.period_unclear = false;
    }
}

/// "that friday", "that day", "that week", "that weekend", "that month": the previous period
/// when it is that day, or the unit holding it when it lies in one.
fn that_period(prev: &Period, words: &[&str]) -> Option<Period> {
    let at = words.iter().position(|w| *w == "that")?;
    let what = *words.get(at + 1)?;
    let last = prev.end.add_days(-1);
    let one_day = prev.end.days() - prev.start.days() == 1;
    let weekday = weekday_number(what);
    match what {
        "day" if one_day => Some(day(prev.start)),
        _ if weekday.is_some() => {
            // The one such weekday of a period of at most a week.
            let mut d = prev.start;
            while d < prev.end && prev.end.days() - prev.start.days() <= 7 {
                if Some(d.weekday()) == weekday {
                    return Some(day(d));
                }
                d = d.add_days(1);
            }
            None
        }
        "week" | "wk" => {
            let monday = prev.start.add_days(-i64::from(prev.start.weekday()));
            (last < monday.add_days(7)).then(|| days(monday, monday.add_days(7)))
        }
        "weekend" | "wknd" => {
            let sat = prev.start.add_days(5 - i64::from(prev.start.weekday()));
            let inside = prev.start.weekday() >= 5 && last < sat.add_days(2);
            inside.then(|| days(sat, sat.add_days(2)))
        }
        "month" => {
            let first = prev.start.first_of_month();
            (last < first.add_months_first(1)).then(|| month(first))
        }
        _ => None,
    }
}

/// "the rest of the month" (week, year) after a period that ends inside one: the days after
/// it to the unit's end.
fn rest_of(prev: &Period, words: &[&str]) -> Option<Period> {
    if words.len() > 7 {
        return None;
    }
    let at = words.windows(2).position(|w| w == ["rest", "of"])?;
    let unit = words[at + 2..].iter().take(2).find(|w| !matches!(**w, "the" | "that"))?;
    let end = match *unit {
        "month" => prev.start.first_of_month().add_months_first(1),
        "week" | "wk" => prev.start.add_days(7 - i64::from(prev.start.weekday())),
        "year" => Date::new(prev.start.year + 1, 1, 1)?,
        _ => return None,
    };
    (prev.end < end).then(|| days(prev.end, end))
}

/// "and labor day" after a holiday's weekend: that holiday's weekend too, when the grammar
/// knows one (the message named one day, and nothing else that dates it).
fn holiday_weekend(
    prev: &Period,
    lower: &str,
    words: &[&str],
    today: Date,
    slots: &Slots,
) -> Option<Period> {
    let p = slots.period.as_ref()?;
    let one_day = p.end.days() - p.start.days() == 1;
    let after_weekend = prev.label.to_lowercase().contains("weekend");
    if !one_day || !after_weekend || words.len() > 5 || words.iter().any(|w| w.contains("weekend"))
    {
        return None;
    }
    let text = format!("{} weekend", lower.trim_end_matches(|c: char| !c.is_alphanumeric()));
    find_period_in(&text, today).filter(|q| q.label.contains("weekend") && q.start <= p.start)
}

fn weekday_number(w: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ];
    DAYS.iter()
        .position(|d| *d == w || w.len() >= 3 && d.starts_with(w))
        .map(|i| i as u32)
}

fn month_name(d: Date) -> &'static str {
    MONTH_NAMES.get(d.month as usize - 1).copied().unwrap_or("")
}

fn day(d: Date) -> Period {
    Period {
        start: d,
        end: d.add_days(1),
        label: format!("{} {}, {}", month_name(d), d.day, d.year),
    }
}

fn month(first: Date) -> Period {
    Period {
        start: first,
        end: first.add_months_first(1),
        label: format!("{} {}", month_name(first), first.year),
    }
}

fn days(start: Date, end: Date) -> Period {
    let last = end.add_days(-1);
    Period {
        start,
        end,
        label: format!(
            "{} {} to {} {}, {}",
            month_name(start),
            start.day,
            month_name(last),
            last.day,
            last.year
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn unclear() -> Slots {
        Slots {
            period_unclear: true,
            ..Slots::default()
        }
    }

    fn placed(prev: &Period, text: &str, mut slots: Slots) -> Option<(Date, Date)> {
        resolve(Some(prev), text, d(2026, 12, 5), &mut slots);
        slots.period.map(|p| (p.start, p.end))
    }

    #[test]
    fn that_day_is_the_previous_day() {
        // Black Friday 2026 is Friday, November 27.
        let friday = day(d(2026, 11, 27));
        let want = Some((d(2026, 11, 27), d(2026, 11, 28)));
        assert_eq!(placed(&friday, "what did i buy that friday", unclear()), want);
        assert_eq!(placed(&friday, "and that day?", unclear()), want);
        // Not that weekday: still a question.
        assert_eq!(placed(&friday, "what about that monday", unclear()), None);
        // The week that holds it, Monday to Sunday.
        assert_eq!(
            placed(&friday, "dining that week", unclear()),
            Some((d(2026, 11, 23), d(2026, 11, 30)))
        );
        assert_eq!(
            placed(&friday, "that month", unclear()),
            Some((d(2026, 11, 1), d(2026, 12, 1)))
        );
    }

    #[test]
    fn that_day_after_a_long_period_stays_a_question() {
        let november = month(d(2026, 11, 1));
        assert_eq!(placed(&november, "what did i buy that day", unclear()), None);
        assert_eq!(placed(&november, "that friday", unclear()), None);
        let mut none = unclear();
        resolve(None, "what did i buy that friday", d(2026, 12, 5), &mut none);
        assert!(none.period_unclear && none.period.is_none());
    }

    #[test]
    fn the_rest_of_the_month_after_part_of_it() {
        let first_half = days(d(2026, 11, 1), d(2026, 11, 16));
        let grammar = Slots {
            period: Some(days(d(2026, 12, 6), d(2027, 1, 1))),
            ..Slots::default()
        };
        assert_eq!(
            placed(&first_half, "and the rest of the month", grammar.clone()),
            Some((d(2026, 11, 16), d(2026, 12, 1)))
        );
        // A whole month has no rest: the grammar's reading stays.
        let november = month(d(2026, 11, 1));
        assert_eq!(
            placed(&november, "and the rest of the month", grammar),
            Some((d(2026, 12, 6), d(2027, 1, 1)))
        );
    }
}
