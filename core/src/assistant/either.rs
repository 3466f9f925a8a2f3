//! "was may or june cheaper", "did i spend more in october or november", "which was worse,
//! last month or this month": two periods offered as a choice with a comparative word are
//! a comparison of the two (both figures and the difference), never one of them alone.

use crate::intent::slots::period::find_period_in;
use crate::intent::Period;
use crate::time::Date;
use crate::words::Words;

/// Words that make "A or B" a choice between two amounts.
const COMPARATIVES: Words = Words(
    "cheaper|pricier|more|less|bigger|smaller|higher|lower|worse|better|most|least|expensive|costlier\
     |biggest|smallest|highest|lowest",
);

/// The two periods of "A or B" with a comparative word: the one asked about (A) and the one
/// it is compared with (B). `None` unless each side of "or" holds a period and they differ.
pub(super) fn periods(text: &str, today: Date) -> Option<(Period, Period)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.iter().any(|w| COMPARATIVES.contains(w)) {
        return None;
    }
    let (a, b) = lower.split_once(" or ")?;
    if b.contains(" or ") {
        return None;
    }
    let first = side(a, today, true)?;
    let second = side(b, today, false)?;
    (first != second).then_some((first, second))
}

/// The period at the end of the text before "or" (`before`), or at the start of the text
/// after it: the longest run of words there that reads as a period, alone or after "in"
/// ("was may": May, which alone reads as a verb).
fn side(text: &str, today: Date, before: bool) -> Option<Period> {
    let w: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '!' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let runs = (1..=w.len().min(4)).rev().map(|n| match before {
        true => w[w.len() - n..].join(" "),
        false => w[..n].join(" "),
    });
    for run in runs {
        let found = find_period_in(&format!("in {run}"), today).or_else(|| find_period_in(&run, today));
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn a_choice_of_two_periods() {
        let today = d(2026, 12, 5);
        let (a, b) = periods("was may or june cheaper", today).unwrap();
        assert_eq!((a.start, b.start), (d(2026, 5, 1), d(2026, 6, 1)));
        let (a, b) = periods("did i spend more in october or november?", today).unwrap();
        assert_eq!((a.start, b.start), (d(2026, 10, 1), d(2026, 11, 1)));
        assert!(periods("which was worse, last month or this month", today).is_some());
        // No comparative, one period, or the same period twice: no choice.
        assert!(periods("spending in may or june", today).is_none());
        assert!(periods("was amazon or walmart cheaper in june", today).is_none());
        assert!(periods("more in june or june", today).is_none());
    }
}
