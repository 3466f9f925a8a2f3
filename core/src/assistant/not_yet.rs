//! Questions about a period that has not begun ("how much will I spend next week", "my
//! transactions tomorrow", "what's my balance going to be on Friday"). The grammar records the
//! period the person named, future included; a balance, list or spending answer for it would
//! be a figure for some other period (or a zero that means nothing), so the reply says the
//! period has not started and asks which dates are meant, with the same quick replies as
//! "which dates do you mean?". It never holds a figure, a date or a digit.

use super::answer::Query;
use super::render_more::Texts;
use super::shape::Shape;
use crate::intent::{Intent, Period};
use crate::time::Date;

/// The platform's text (no date, no digit: it may leave the device at every level).
pub(super) const NOT_YET: &str = "That period hasn't started yet, so there is nothing to show for it. Which dates do you mean? For example this month, last month or the last thirty days.";

/// Whether the period begins after `today` (it holds nothing that has happened).
pub(crate) fn is_ahead(p: &Period, today: Date) -> bool {
    p.start > today
}

/// The period of a balance, list or spending question that lies wholly after `today`: the
/// asked one, or the other side of a comparison. `None` for every other question.
pub(super) fn future_period<'q>(q: &'q Query<'_>, today: Date) -> Option<&'q Period> {
    if !matches!(
        q.intent,
        Intent::Balance | Intent::Transactions | Intent::SpendingHistory
    ) {
        return None;
    }
    let other = match q.shape {
        Shape::Compare(p) => Some(p),
        _ => None,
    };
    q.slots
        .period
        .as_ref()
        .into_iter()
        .chain(other)
        .find(|p| is_ahead(p, today))
}

/// The device and platform texts of [`super::answer::Answer::NotYet`].
pub(super) fn texts(period: &str) -> Texts {
    let local = format!(
        "That period ({period}) hasn't started yet, so there is nothing to show for it. Which dates do you mean? For example this month, last month or the last thirty days."
    );
    (local, NOT_YET.to_string(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Slots;
    use crate::time::Date;

    fn period(start: Date, days: i64) -> Period {
        Period {
            start,
            end: start.add_days(days),
            label: "next week".into(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn query<'a>(intent: Intent, slots: &'a Slots, shape: &'a Shape) -> Query<'a> {
        Query {
            intent,
            slots,
            now: 0,
            offset: 0,
            shape,
        }
    }

    #[test]
    fn only_periods_wholly_ahead_of_today_count() {
        let today = day(2026, 4, 15);
        assert!(is_ahead(&period(day(2026, 4, 16), 1), today));
        assert!(!is_ahead(&period(day(2026, 4, 15), 1), today));
        // "this week": partly ahead, answered up to today.
        assert!(!is_ahead(&period(day(2026, 4, 13), 7), today));
    }

    #[test]
    fn money_questions_about_the_future_are_caught() {
        let today = day(2026, 4, 15);
        let ahead = Slots {
            period: Some(period(day(2026, 4, 20), 7)),
            ..Slots::default()
        };
        let plain = Shape::Plain;
        for intent in [Intent::Balance, Intent::Transactions, Intent::SpendingHistory] {
            assert!(future_period(&query(intent, &ahead, &plain), today).is_some());
        }
        // A bill's due date next month is no question about money spent then.
        assert!(future_period(&query(Intent::BillDue, &ahead, &plain), today).is_none());
        // "more than next week?": the compared side is ahead.
        let now = Slots::default();
        let vs_next = Shape::Compare(period(day(2026, 4, 20), 7));
        assert!(future_period(&query(Intent::SpendingHistory, &now, &vs_next), today).is_some());
        assert!(future_period(&query(Intent::SpendingHistory, &now, &plain), today).is_none());
    }

    #[test]
    fn the_reply_holds_no_figure() {
        let (local, platform, cats) = texts("next week");
        assert!(local.contains("next week"));
        assert!(!platform.chars().any(|c| c.is_ascii_digit()));
        assert!(cats.is_empty());
    }
}
