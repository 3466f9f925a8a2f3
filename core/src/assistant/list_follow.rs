//! Follow-ups about a list just shown: "the second one, where was that" (that one line of
//! it, with its day) and "show me 10 more" (the list, longer by that many). Only after a
//! list of transactions; otherwise the message is read as any other. And "the one before
//! that" after the latest pay: the credit before it (the money in of the weeks before its
//! day, which names the latest of them), not the money in of the period before.

use crate::words::Words;
use super::answer::Answer;
use super::conversation;
use super::shape::{words, RankBy, Shape};
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
const AROUND: Words = Words(
    "the|one|where|wheres|was|that|what|whats|which|it|is|how|much|who|when|show|me|about\
    |and|tell|on|details|of|in|this|charge|purchase|transaction|at|did|i|go|more|ok|okay\
    |so|pls|please|from|list|many|times|often|number|no|spend|spent|there",
);

/// "the second one", "2nd one where was that", "what was the third": the position (from 1)
/// asked about, when the message is an ordinal and words of [`AROUND`] only.
pub(super) fn asks_nth(w: &[String]) -> Option<usize> {
    // "number 1", "no 2": the position written as a digit.
    let numbered = |i: usize| {
        let n = w.get(i)?.parse::<usize>().ok().filter(|n| (1..=10).contains(n))?;
        matches!(w.get(i.checked_sub(1)?)?.as_str(), "number" | "no").then_some(n)
    };
    let mut found = (0..w.len()).filter_map(|i| {
        ORDINALS
            .iter()
            .position(|(a, b)| w[i] == *a || w[i] == *b)
            .map(|k| k + 1)
            .or_else(|| numbered(i))
    });
    let k = found.next()?;
    let others_fit = w.iter().all(|v| {
        AROUND.contains(v.as_str())
            || ORDINALS.iter().any(|(a, b)| v == a || v == b)
            || v.parse::<usize>().is_ok()
    });
    (found.next().is_none() && others_fit).then_some(k)
}

/// "show me 10 more", "5 more pls", "more": how many more lines are asked for (ten when no
/// number is said, with "show" or "more" alone).
pub(super) fn more_of(w: &[String]) -> Option<usize> {
    const AROUND_MORE: Words = Words(
    "show|me|give|list|can|you|i|see|pls|please|ok|okay|and|the|next|ones|transactions\
    |purchases|charges|more",
);
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
        .all(|(i, v)| AROUND_MORE.contains(v.as_str()) || i + 1 == at);
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
        bounds: (None, None),
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
        // "how much at #1": the row written with a sign is the row "number 1".
        let w = words(&text.replace('#', " number "));
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
        if let (Some(k), Some((rank, by))) = (nth, ranking_of(&prev)) {
            return self.ranked_item(vault, &rank, by, k, &w, now, settings);
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

/// The slots of the `k`-th row (from 1) of a ranking of merchants or categories: the
/// ranking's own slots narrowed to that row. `None` for other rankings or a shorter one.
pub(super) fn row_slots(answer: &Answer, prev: &crate::intent::Slots, k: usize) -> Option<crate::intent::Slots> {
    let Answer::Ranking { by, rows, .. } = answer else {
        return None;
    };
    let (name, _) = rows.get(k.checked_sub(1)?)?;
    let mut s = prev.clone();
    match by {
        RankBy::Merchant | RankBy::Visits | RankBy::PerVisit => {
            s.merchant = Some(name.clone());
            s.merchant_known = true;
        }
        RankBy::Category => {
            s.category = Some(crate::model::Category::parse(&name.to_lowercase())?);
            s.merchant = None;
        }
        _ => return None,
    }
    Some(s)
}

/// The ranking a row is picked from: the turn before, or the one before it when the turn
/// before was about one of its rows ("number 1 how many times", then "and the second?").
fn ranking_of(prev: &conversation::Turn) -> Option<(conversation::Turn, RankBy)> {
    if let Shape::Rank(by, _) = prev.shape {
        return Some((prev.clone(), by));
    }
    let before = prev.before.as_deref()?;
    let one_row = prev.slots.merchant.is_some() || prev.slots.category.is_some();
    match before.shape {
        Shape::Rank(by, _) if one_row && prev.slots.period == before.slots.period => {
            Some((before.clone(), by))
        }
        _ => None,
    }
}

impl super::Assistant {
    /// "number 1 how many times", "and the second?" after a ranking of merchants or
    /// categories: that row's visits (asked "how many"/"how often") or spending over the
    /// ranking's period. With no such row: which figures are meant.
    #[allow(clippy::too_many_arguments)]
    fn ranked_item(
        &mut self,
        vault: &mut Vault,
        prev: &conversation::Turn,
        by: RankBy,
        k: usize,
        w: &[String],
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        if !matches!(by, RankBy::Merchant | RankBy::Visits | RankBy::PerVisit | RankBy::Category) {
            return Ok(None);
        }
        let answer = self.answer_of(vault, prev, now, settings)?;
        let Some(slots) = row_slots(&answer, &prev.slots, k) else {
            let p = Prediction {
                intent: prev.intent,
                confidence: 1.0,
            };
            return self.ask_what(vault, &p, now, settings).map(Some);
        };
        let times = w.iter().any(|v| matches!(v.as_str(), "many" | "times" | "often"));
        let shape = if times { Shape::Count } else { Shape::Plain };
        let p = Prediction {
            intent: Intent::SpendingHistory,
            confidence: 1.0,
        };
        self.answer_with(vault, p, slots, shape, now, settings).map(Some)
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
    fn a_numbered_row() {
        assert_eq!(asks_nth(&w("number 1 how many times")), Some(1));
        assert_eq!(asks_nth(&w("and the second?")), Some(2));
        assert_eq!(asks_nth(&w("no 3 how much")), Some(3));
        assert_eq!(asks_nth(&w("how many times")), None);
        let ranking = Answer::Ranking {
            by: RankBy::Merchant,
            least: false,
            period: "last month".into(),
            rows: vec![("Costco".into(), 100), ("Nike".into(), 50)],
            currency: crate::money::Currency::USD,
        };
        let s = row_slots(&ranking, &crate::intent::Slots::default(), 2).unwrap();
        assert_eq!(s.merchant.as_deref(), Some("Nike"));
        assert!(row_slots(&ranking, &crate::intent::Slots::default(), 3).is_none());
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
