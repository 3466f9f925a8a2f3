//! Weekends or weekdays *inside* a period: "weekends in october", "weekday spending last
//! month", "weekend spending last month", "on weeknights in november", and one day of the
//! week: "fridays in november", "every monday in october". The dates stay the period named;
//! the answer counts only its Saturdays and Sundays (or only Monday to Friday, or only its
//! Fridays). Without another period the words keep their old meaning: "weekend spending"
//! alone is one weekend, "on weekends" alone a habit (an average, or a question); "on
//! fridays" alone is a question.

use super::super::tokens::Token;
use super::words::{is_weekend_word, weekday_of, weekdays_plural};
use crate::time::Date;

/// Which days of the week a period is narrowed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekPart {
    /// Saturdays and Sundays.
    Weekends,
    /// Monday to Friday.
    Weekdays,
    /// One day of the week, Monday = 0 ("fridays in november").
    Day(u8),
}

/// How a reply names each day of the week in the plural.
const PLURALS: [&str; 7] = [
    "on Mondays",
    "on Tuesdays",
    "on Wednesdays",
    "on Thursdays",
    "on Fridays",
    "on Saturdays",
    "on Sundays",
];

impl WeekPart {
    /// Whether a local date is one of these days.
    pub fn keeps(self, d: Date) -> bool {
        match self {
            WeekPart::Day(wd) => d.weekday() == u32::from(wd),
            part => (d.weekday() >= 5) == (part == WeekPart::Weekends),
        }
    }

    /// How a reply names these days before its period: "on weekends (in October 2026)".
    pub fn words(self) -> &'static str {
        match self {
            WeekPart::Weekends => "on weekends",
            WeekPart::Weekdays => "on weekdays",
            WeekPart::Day(wd) => PLURALS.get(usize::from(wd)).copied().unwrap_or("on those days"),
        }
    }
}

/// The week part a word names: "weekends", "weekend", "wknds" are weekends; "weekdays",
/// "weekday", "weeknights" Monday to Friday; "fridays" the Fridays.
pub(crate) fn part_of(word: &str) -> Option<WeekPart> {
    if is_weekend_word(word) {
        return Some(WeekPart::Weekends);
    }
    if let Some(wd) = weekdays_plural(word) {
        return u8::try_from(wd).ok().map(WeekPart::Day);
    }
    match word {
        "weekday" | "weekdays" | "weeknight" | "weeknights" | "wkday" | "wkdays" => {
            Some(WeekPart::Weekdays)
        }
        _ => None,
    }
}

/// The week part named in a message whose period the grammar read at `at..at + used`
/// (a word outside it), unless the word is ranked ("which weekday") or a rate ("per
/// weekend").
pub(super) fn in_message(toks: &[Token], at: usize, used: usize) -> Option<WeekPart> {
    toks.iter().enumerate().find_map(|(i, t)| {
        let before = if i > 0 { toks[i - 1].lower.as_str() } else { "" };
        let ranked = matches!(before, "which" | "what" | "per" | "by");
        let inside = (at..at + used).contains(&i);
        // "than the weekend before": another weekend, compared, not a narrowing.
        let anchored = toks
            .get(i + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "before" | "after" | "prior"));
        (!ranked && !inside && !anchored)
            .then(|| part_of(&t.lower).or_else(|| every_day_at(toks, i)))
            .flatten()
    })
}

/// "every friday", "each monday": one day of the week, every week (as "fridays").
pub(super) fn every_day_at(toks: &[Token], i: usize) -> Option<WeekPart> {
    let before = i.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.lower.as_str());
    let wd = weekday_of(&toks.get(i)?.lower)?;
    matches!(before, Some("every" | "each" | "all"))
        .then(|| u8::try_from(wd).ok().map(WeekPart::Day))
        .flatten()
}

/// Whether the tokens at `i` are a bare weekend word ("weekend spending …"): one weekend
/// when nothing else dates the message, a week part when something does.
pub(super) fn bare_weekend_at(toks: &[Token], i: usize, used: usize) -> bool {
    used == 1 && toks.get(i).is_some_and(|t| is_weekend_word(&t.lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_part_keeps_its_days() {
        // 2026-10-03 is a Saturday, 2026-10-05 a Monday.
        let sat = Date::new(2026, 10, 3).unwrap();
        let mon = Date::new(2026, 10, 5).unwrap();
        assert!(WeekPart::Weekends.keeps(sat) && !WeekPart::Weekends.keeps(mon));
        assert!(WeekPart::Weekdays.keeps(mon) && !WeekPart::Weekdays.keeps(sat));
        assert_eq!(WeekPart::Weekends.words(), "on weekends");
    }

    #[test]
    fn words_of_a_week_part() {
        for w in ["weekends", "weekend", "wknds", "wkend"] {
            assert_eq!(part_of(w), Some(WeekPart::Weekends), "{w}");
        }
        for w in ["weekdays", "weekday", "weeknights"] {
            assert_eq!(part_of(w), Some(WeekPart::Weekdays), "{w}");
        }
        assert_eq!(part_of("week"), None);
        assert_eq!(part_of("fridays"), Some(WeekPart::Day(4)));
        assert_eq!(part_of("mondays"), Some(WeekPart::Day(0)));
        // One day is not every such day; nor are "thurs" or "weds" (abbreviations).
        for w in ["friday", "thurs", "weds", "days", "todays"] {
            assert_eq!(part_of(w), None, "{w}");
        }
    }

    #[test]
    fn a_day_of_the_week_keeps_only_that_day() {
        // 2026-11-06 is a Friday.
        let fri = Date::new(2026, 11, 6).unwrap();
        assert!(WeekPart::Day(4).keeps(fri));
        assert!(!WeekPart::Day(4).keeps(fri.add_days(1)));
        assert!(WeekPart::Day(4).keeps(fri.add_days(7)));
        assert_eq!(WeekPart::Day(4).words(), "on Fridays");
        assert_eq!(WeekPart::Day(0).words(), "on Mondays");
    }
}
