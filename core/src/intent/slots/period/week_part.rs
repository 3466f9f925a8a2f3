//! Weekends or weekdays *inside* a period: "weekends in october", "weekday spending last
//! month", "weekend spending last month", "on weeknights in november". The dates stay the
//! period named; the answer counts only its Saturdays and Sundays (or only Monday to Friday).
//! Without another period the words keep their old meaning: "weekend spending" alone is
//! one weekend, "on weekends" alone a habit (an average, or a question).

use super::super::tokens::Token;
use super::words::is_weekend_word;
use crate::time::Date;

/// Which days of the week a period is narrowed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekPart {
    /// Saturdays and Sundays.
    Weekends,
    /// Monday to Friday.
    Weekdays,
}

impl WeekPart {
    /// Whether a local date is one of these days.
    pub fn keeps(self, d: Date) -> bool {
        let weekend = d.weekday() >= 5;
        weekend == (self == WeekPart::Weekends)
    }

    /// How a reply names these days before its period: "on weekends (in October 2026)".
    pub fn words(self) -> &'static str {
        match self {
            WeekPart::Weekends => "on weekends",
            WeekPart::Weekdays => "on weekdays",
        }
    }
}

/// The week part a word names: "weekends", "weekend", "wknds" are weekends; "weekdays",
/// "weekday", "weeknights" Monday to Friday.
pub(crate) fn part_of(word: &str) -> Option<WeekPart> {
    if is_weekend_word(word) {
        return Some(WeekPart::Weekends);
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
        (!ranked && !inside).then(|| part_of(&t.lower)).flatten()
    })
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
    }
}
