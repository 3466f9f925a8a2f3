//! Follow-ups about a list just shown: "the second one, where was that" (that one line of
//! it, with its day) and "show me 10 more" (the list, longer by that many). Only after a
//! list of transactions; otherwise the message is read as any other. And "the one before
//! that" after the latest pay: the credit before it (the money in of the weeks before its
//! day, which names the latest of them), not the money in of the period before.

use super::answer::Answer;
use super::conversation;
use super::shape::{words, Shape};
use super::{render, style, AssistantError, Reply, Settings};
use crate::intent::slots::period::MONTH_NAMES;
use crate::intent::{Intent, Prediction};
use crate::time::{local_date, Timestamp};
use crate::vault::Vault;

const ORDINALS: &[(&str, &str)] = &[
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
];

/// Words that may stand around an ordinal pointing into the list.
const AROUND: &[&str] = &[
    "the", "one", "where", "wheres", "was", "that", "what", "whats", "which", "it", "is",
    "how", "much", "who", "when", "show", "me", "about", "and", "tell", "on", "details", "of",
    "in", "this", "charge", "purchase", "transaction", "at", "did", "i", "go", "more", "ok",
    "okay", "so", "pls", "please", "from", "list",
];

/// "the second one", "2nd one where was that", "what was the third": the position (from 1)
/// asked about, when the message is an ordinal and words of [`AROUND`] only.
pub(super) fn asks_nth(w: &[String]) -> Option<usize> {
    let mut found = w.iter().filter_map(|v| {
        ORDINALS
            .iter()
            .position(|(a, b)| v == a || v == b)
            .map(|i| i + 1)
    });
    let k = found.next()?;
    let others_fit = w
        .iter()
        .all(|v| AROUND.contains(&v.as_str()) || ORDINALS.iter().any(|(a, b)| v == a || v == b));
    (found.next().is_none() && others_fit).then_some(k)
}

/// "show me 10 more", "5 more pls", "more": how many more lines are asked for (ten when no
/// number is said, with "show" or "more" alone).
pub(super) fn more_of(w: &[String]) -> Option<usize> {
    const AROUND_MORE: &[&str] = &[
        "show", "me", "give", "list", "can", "you", "i", "see", "pls", "please", "ok", "okay",
        "and", "the", "next", "ones", "transactions", "purchases", "charges", "more",
    ];
    let at = w.iter().position(|v| v == "more")?;
    let n = match at.checked_sub(1).map(|i| w[i].as_str()) {
        Some(v) if v.bytes().all(|b| b.is_ascii_digit()) => v.parse().ok()?,
        Some("five") => 5,
        Some("ten") => 10,
        Some("twenty") => 20,
        _ => 10,
    };
    let fits = w
        .iter()
        .enumerate()
        .all(|(i, v)| AROUND_MORE.contains(&v.as_str()) || i + 1 == at);
    ((1..=50).contains(&n) && fits).then_some(n)
}

/// The `k`-th line (from 1) of a list of transactions, as a list of that one line over its
/// day; `None` when the answer is no list or shorter.
pub(super) fn nth_line(answer: Answer, k: usize, offset: i32) -> Option<Answer> {
    let Answer::Transactions {
        mut lines,
        currency,
        pending,
        ..
    } = answer
    else {
        return None;
    };
    if k == 0 || k > lines.len() {
        return None;
    }
    let line = lines.swap_remove(k - 1);
    let day = local_date(line.at, offset);
    let month = MONTH_NAMES.get(day.month as usize - 1)?;
    let (total, received) = match line.amount < 0 {
        true => (-line.amount, 0),
        false => (0, line.amount),
    };
    Some(Answer::Transactions {
        coverage: None,
        period: Some(format!("{month} {}, {}", day.day, day.year)),
        lines: vec![line],
        count: 1,
        total,
        received,
        currency,
        pending,
        biggest: false,
        smallest: false,
    })
}

impl super::Assistant {
    /// "the second one", "show me 10 more" after a list of transactions: that line, or the
    /// list made longer. `None` when the message is neither or no list was just shown.
    #[inline(never)]
    pub(super) fn follow_list(
        &mut self,
        vault: &mut Vault,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let w = words(text);
        let (nth, more) = (asks_nth(&w), more_of(&w));
        let one_before = conversation::before_previous(&text.to_lowercase()) == Some(None);
        if nth.is_none() && more.is_none() && !one_before {
            return Ok(None);
        }
        let Some(prev) = conversation::current(&self.conv, now, settings.level).cloned() else {
            return Ok(None);
        };
        if let (true, Shape::MoneyIn(_)) = (one_before, &prev.shape) {
            return self.pay_before(vault, prev, now, settings);
        }
        let listed = matches!(prev.intent, Intent::Transactions | Intent::SpendingHistory);
        let longer = match (&prev.shape, more) {
            (Shape::LastN(n), Some(k)) => Some(Shape::LastN(n + k)),
            (Shape::Largest(n), Some(k)) => Some(Shape::Largest(n + k)),
            (Shape::Smallest(n), Some(k)) => Some(Shape::Smallest(n + k)),
            _ => None,
        };
        if let Some(shape) = longer.filter(|_| listed) {
            let p = Prediction {
                intent: Intent::Transactions,
                confidence: 1.0,
            };
            return self.answer_with(vault, p, prev.slots, shape, now, settings).map(Some);
        }
        let list = matches!(prev.shape, Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_))
            || prev.intent == Intent::Transactions && prev.shape == Shape::Plain;
        let Some(k) = nth.filter(|_| listed && list) else {
            return Ok(None);
        };
        let answer = self.answer_of(vault, &prev, now, settings)?;
        let Some(one) = nth_line(answer, k, settings.utc_offset_minutes) else {
            return Ok(None);
        };
        let rendered = render(&one, &style(settings));
        self.reply_of(vault, rendered, Intent::Transactions, now, settings)
            .map(Some)
    }
}

impl super::Assistant {
    /// "and the one before that" after money in: the credits of the [`BEFORE_DAYS`] days
    /// before the latest one's day, whose reply names the latest of them. `None` when the
    /// previous answer had no credit.
    fn pay_before(
        &mut self,
        vault: &mut Vault,
        prev: conversation::Turn,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let answer = self.answer_of(vault, &prev, now, settings)?;
        let Answer::Received {
            latest: Some((at, _)),
            ..
        } = answer
        else {
            return Ok(None);
        };
        let end = local_date(at, settings.utc_offset_minutes);
        let start = end.add_days(-BEFORE_DAYS);
        let label = |d: crate::time::Date| {
            let month = MONTH_NAMES.get(d.month as usize - 1).copied().unwrap_or("");
            format!("{month} {}, {}", d.day, d.year)
        };
        let mut slots = prev.slots.clone();
        slots.period = Some(crate::intent::Period {
            label: format!("{} to {}", label(start), label(end.add_days(-1))),
            start,
            end,
        });
        slots.period_unclear = false;
        let p = Prediction {
            intent: prev.intent,
            confidence: 1.0,
        };
        self.answer_with(vault, p, slots, prev.shape, now, settings)
            .map(Some)
    }
}

/// How far back "the one before" looks for the credit before the latest: five weeks, which
/// holds one monthly pay (or two or three more frequent ones, all named in the reply).
const BEFORE_DAYS: i64 = 35;

#[cfg(test)]
mod tests {
    use super::*;

    fn w(q: &str) -> Vec<String> {
        words(q)
    }

    #[test]
    fn an_ordinal_into_the_list() {
        assert_eq!(asks_nth(&w("the second one, where was that")), Some(2));
        assert_eq!(asks_nth(&w("2nd one?")), Some(2));
        assert_eq!(asks_nth(&w("what was the third")), Some(3));
        assert_eq!(asks_nth(&w("first one")), Some(1));
        // A question of its own, or two ordinals.
        assert_eq!(asks_nth(&w("spending in the first week of may")), None);
        assert_eq!(asks_nth(&w("the first and second")), None);
        assert_eq!(asks_nth(&w("the 1st of november")), None);
    }

    #[test]
    fn more_of_the_list() {
        assert_eq!(more_of(&w("show me 10 more")), Some(10));
        assert_eq!(more_of(&w("5 more pls")), Some(5));
        assert_eq!(more_of(&w("more")), Some(10));
        assert_eq!(more_of(&w("show me more transactions")), Some(10));
        assert_eq!(more_of(&w("did i spend more")), None);
        assert_eq!(more_of(&w("more than last month")), None);
        assert_eq!(more_of(&w("100 more")), None);
    }
}
