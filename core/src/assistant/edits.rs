//! Follow-ups that edit the previous question rather than ask a new one. The previous turn's
//! slots are the question; the follow-up changes only what it names:
//! - remove: "leave out the rent", "and without groceries", "what about without dining too":
//!   one more thing left out, every exclusion before kept;
//! - add: "add home depot to that", "and home depot too": one more merchant or category
//!   beside those asked, all of them together;
//! - narrow: "which store was the most in november" after a groceries question ranks the
//!   grocery merchants, not every merchant;
//! - compare with the previous answer: "is that more than i spend on groceries" (the other
//!   thing over the same period), "is it more than october" (the same thing, the previous
//!   period against the one named);
//! - shift: "and the month after", "the day after": the period after the previous one.
//!
//! Anything the follow-up does not name (period, account, amount bounds, exclusions) is kept.

use crate::words::Words;
use super::conversation::Turn;
use super::shape::{RankBy, Shape};
use super::versus::{pair_of, Pair};
use crate::intent::slots::SpendKinds;
use crate::intent::{Intent, Period, Slots};
use crate::time::Date;

/// Words around an edit that change nothing ("and", "what about", "too").
const AROUND: Words = Words(
    "and|what|whats|about|how|too|also|as|well|now|then|please|pls|same|but|ok|okay|so\
    |the|that|this|it|to|from|of|thing|again|if|i|my|a|one|ones|in|for|on|at|with",
);

/// Words that open an exclusion (the grammar reads what follows as left out).
const CUES: &[&str] = &[
    "without", "excluding", "excl", "exclude", "except", "besides", "minus", "ignoring",
    "leave", "leaving", "not", "other", "apart", "aside", "remove", "ignore", "take", "w",
];

/// Words that add to the previous subject ("too", "also", "add … to that", "as well").
const ADDS: &[&str] = &["too", "also", "add", "plus", "include", "including", "well", "throw"];

fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the slots name a merchant, category or kind.
fn subject(s: &Slots) -> bool {
    s.merchant.is_some() || s.category.is_some() || !s.kinds.is_empty()
}

/// Whether the slots leave anything out.
fn excludes(s: &Slots) -> bool {
    !s.exclude_categories.is_empty() || !s.exclude_kinds.is_empty() || s.exclude_merchant.is_some()
}

/// Whether a turn asked a figure of spending that an edit can change.
fn spending(t: &Turn) -> bool {
    matches!(t.intent, Intent::SpendingHistory | Intent::Transactions)
        && !matches!(t.shape, Shape::MoneyIn(_) | Shape::Everyday(_) | Shape::AccountNumber)
}

/// Adds what `new` leaves out to what `s` already leaves out ("and without groceries" after
/// "without rent": both left out).
pub(super) fn add_exclusions(s: &mut Slots, new: &Slots) {
    for c in &new.exclude_categories {
        if !s.exclude_categories.contains(c) {
            s.exclude_categories.push(*c);
        }
    }
    s.exclude_kinds = SpendKinds::from_bits(s.exclude_kinds.bits() | new.exclude_kinds.bits());
    let Some(name) = new.exclude_merchant.clone() else {
        return;
    };
    match s.exclude_merchant.take() {
        Some(old) if old.eq_ignore_ascii_case(&name) => s.exclude_merchant = Some(old),
        // The further merchants left out are matched as the vault names them.
        Some(old) if new.exclude_merchant_known => {
            s.exclude_merchant = Some(old);
            s.exclude_also.push(name);
        }
        Some(old) if s.exclude_merchant_known => {
            s.exclude_also.push(old);
            s.exclude_merchant = Some(name);
            s.exclude_merchant_known = false;
        }
        _ => {
            s.exclude_merchant = Some(name);
            s.exclude_merchant_known = new.exclude_merchant_known;
        }
    }
    for m in &new.exclude_also {
        if !s.exclude_also.contains(m) {
            s.exclude_also.push(m.clone());
        }
    }
}

/// The question an edit makes of the previous turn, or `None` when the message is no edit.
pub(super) fn edit(prev: &Turn, lower: &str, slots: &Slots, shape: &Shape) -> Option<(Intent, Slots, Shape)> {
    if !spending(prev) {
        return None;
    }
    let w = words(lower);
    removes(prev, &w, slots, shape)
        .or_else(|| adds(prev, &w, slots, shape))
        .or_else(|| narrows(prev, &w, slots, shape))
        .or_else(|| against_previous(prev, &w, slots))
        .or_else(|| part_of(prev, &w, slots))
        .or_else(|| other_end(prev, &w, slots, shape))
}

/// "were any of them atm withdrawals", "which of those were at amazon": the previous
/// question's transactions that are also of the thing named (its period, bounds and
/// exclusions kept), listed, or counted after "how many".
fn part_of(prev: &Turn, w: &[&str], slots: &Slots) -> Option<(Intent, Slots, Shape)> {
    let of = super::shape::of_those(w) || w.windows(2).any(|p| p == ["in", "there"]);
    if !of || !subject(slots) || excludes(slots) || w.len() > 10 {
        return None;
    }
    let mut s = prev.slots.clone();
    if slots.category.is_some() {
        s.category = slots.category;
    }
    if !slots.kinds.is_empty() {
        s.kinds = slots.kinds;
    }
    if slots.merchant.is_some() {
        s.merchant.clone_from(&slots.merchant);
        s.merchant_known = slots.merchant_known;
    }
    s.charges_only = true;
    let many = w.windows(2).any(|p| p == ["how", "many"]);
    match many {
        true => Some((Intent::SpendingHistory, s, Shape::Count)),
        false => Some((Intent::Transactions, s, Shape::Plain)),
    }
}

/// "and the worst month" after the best one, "and the least?" after the most: the other end
/// of the previous ranking, over its period and filters.
fn other_end(prev: &Turn, w: &[&str], slots: &Slots, shape: &Shape) -> Option<(Intent, Slots, Shape)> {
    let by = match prev.shape {
        Shape::Rank(by, _) | Shape::Least(by) => by,
        _ => return None,
    };
    let own = matches!(shape, Shape::Rank(b, _) | Shape::Least(b) if *b != by);
    let top = w.iter().any(|x| matches!(*x, "worst" | "most" | "highest" | "biggest" | "top"));
    let bottom = w.iter().any(|x| matches!(*x, "best" | "least" | "lowest" | "smallest"));
    if own || top == bottom || subject(slots) || slots.period.is_some() || w.len() > 6 {
        return None;
    }
    let shape = if top { Shape::Rank(by, 1) } else { Shape::Least(by) };
    Some((prev.intent, prev.slots.clone(), shape))
}

/// "leave out the rent", "and without groceries too": nothing but an exclusion (and perhaps
/// a period): the previous question with that also left out.
fn removes(prev: &Turn, w: &[&str], slots: &Slots, shape: &Shape) -> Option<(Intent, Slots, Shape)> {
    // Nothing of its own before the cue: "spending without rent" is a question of its own.
    let cue = w.iter().position(|x| CUES.contains(x))?;
    // "not counting rent how much did i spend in october": a question of its own after it.
    const ASKS: &[&str] = &["how", "what", "whats", "spend", "spent", "spending", "show", "list", "did"];
    let only = w[..cue].iter().all(|x| AROUND.contains(x)) && !w[cue..].iter().any(|x| ASKS.contains(x));
    if !excludes(slots) || subject(slots) || slots.account.is_some() || !only || w.len() > 9 {
        return None;
    }
    let mut s = prev.slots.clone();
    add_exclusions(&mut s, slots);
    if slots.period.is_some() {
        s.period.clone_from(&slots.period);
        s.period_unclear = false;
    }
    let shape = match shape {
        Shape::Plain => prev.shape.clone(),
        other => other.clone(),
    };
    Some((prev.intent, s, shape))
}

/// "add home depot to that", "and home depot too": the previous subject(s) and the one
/// named, together over the previous period (or the one named).
fn adds(prev: &Turn, w: &[&str], slots: &Slots, shape: &Shape) -> Option<(Intent, Slots, Shape)> {
    let said = w.iter().any(|x| ADDS.contains(x)) && !w.contains(&"just") && !w.contains(&"only");
    if !said || !subject(slots) || excludes(slots) || *shape != Shape::Plain || w.len() > 8 {
        return None;
    }
    let mut sides = match &prev.shape {
        Shape::Versus(pair) => pair.sides.clone(),
        Shape::Plain if subject(&prev.slots) => pair_of(&prev.slots, slots, true)?.sides,
        _ => return None,
    };
    let first = sides.first()?.slots(&prev.slots);
    let new = pair_of(&first, slots, true)?.sides.pop()?;
    if !sides.contains(&new) {
        sides.push(new);
    }
    let mut s = prev.slots.clone();
    if slots.period.is_some() {
        s.period.clone_from(&slots.period);
        s.period_unclear = false;
    }
    let pair = Pair { sides, both: true };
    Some((Intent::SpendingHistory, s, Shape::Versus(Box::new(pair))))
}

/// "which store was the most in november" after a groceries question: the merchants of that
/// category ranked, over the period named (or the previous one). "overall", "of all" or
/// "everything" ask of all spending.
fn narrows(prev: &Turn, w: &[&str], slots: &Slots, shape: &Shape) -> Option<(Intent, Slots, Shape)> {
    let merchants = matches!(
        shape,
        Shape::Rank(RankBy::Merchant | RankBy::Visits | RankBy::PerVisit, _)
            | Shape::Least(RankBy::Merchant | RankBy::Visits | RankBy::PerVisit)
    );
    let overall = w.iter().any(|x| matches!(*x, "overall" | "all" | "everything" | "every" | "any" | "general"));
    let had = prev.slots.merchant.is_none() && (prev.slots.category.is_some() || !prev.slots.kinds.is_empty());
    if !merchants || overall || !had || subject(slots) || slots.account.is_some() {
        return None;
    }
    let mut s = prev.slots.clone();
    if slots.period.is_some() || slots.period_unclear {
        s.period.clone_from(&slots.period);
        s.period_unclear = slots.period_unclear;
    }
    add_exclusions(&mut s, slots);
    Some((Intent::SpendingHistory, s, shape.clone()))
}

/// "is that more than i spend on groceries", "is it more than october", "is this less than
/// lyft": the previous figure against the thing (over the same period) or the period named.
fn against_previous(prev: &Turn, w: &[&str], slots: &Slots) -> Option<(Intent, Slots, Shape)> {
    let than = w.iter().position(|x| *x == "than")?;
    let before = &w[..than];
    let more = before
        .iter()
        .any(|x| matches!(*x, "more" | "less" | "bigger" | "higher" | "lower" | "smaller" | "fewer"));
    // "is that more", "is it": a pointer, never "this year" or "that week" (a period).
    const UNITS: &[&str] = &["year", "month", "week", "weekend", "day", "quarter", "time", "yr", "mo", "wk"];
    let pointer = before.iter().enumerate().any(|(i, x)| {
        matches!(*x, "that" | "it" | "this" | "thats" | "its")
            && !before.get(i + 1).is_some_and(|n| UNITS.contains(n))
    });
    let usual = w[than..]
        .iter()
        .any(|x| matches!(*x, "usual" | "normal" | "average" | "typical" | "budget"));
    if !more || !pointer || usual || !matches!(prev.shape, Shape::Plain) {
        return None;
    }
    if subject(slots) || slots.account.is_some() {
        let mut other = slots.clone();
        other.period.clone_from(&prev.slots.period);
        other.period_unclear = false;
        let pair = pair_of(&prev.slots, &other, false)?;
        let s = prev.slots.clone();
        return Some((Intent::SpendingHistory, s, Shape::Versus(Box::new(pair))));
    }
    let against = slots.period.clone()?;
    prev.slots.period.as_ref().filter(|p| **p != against)?;
    Some((Intent::SpendingHistory, prev.slots.clone(), Shape::Compare(against)))
}

/// "and the month after", "the day after", "and after that?", "the following week": the
/// unit asked for (if any). `None` when the message says none of these.
pub(super) fn after_previous(lower: &str) -> Option<Option<String>> {
    let w = words(lower);
    let units = ["day", "week", "wk", "weekend", "month", "mo", "quarter", "year", "yr"];
    // "the following month": at most a few words ("and the following week?").
    if let Some(i) = w.iter().position(|x| *x == "following").filter(|_| w.len() <= 4) {
        let unit = w.get(i + 1).copied().filter(|u| units.contains(u))?;
        return (i + 2 == w.len()).then(|| Some(unit.to_string()));
    }
    let pos = w.iter().position(|x| *x == "after")?;
    let next = w.get(pos + 1).copied().unwrap_or("");
    let unit = pos.checked_sub(1).and_then(|i| w.get(i)).copied();
    match unit {
        Some(u) if units.contains(&u) && matches!(next, "" | "that" | "it" | "then") => {
            Some(Some(u.to_string()))
        }
        Some("one") if next.is_empty() => Some(None),
        _ if matches!(next, "that" | "it" | "then") => Some(None),
        _ => None,
    }
}

/// The period right after `p`, one `unit` long (or as long as `p`): "the month after" October
/// is November, "the day after" November 3 is November 4.
pub(super) fn period_after(p: &Period, unit: Option<&str>) -> Option<Period> {
    let start = p.end;
    let whole_months = p.start.day == 1 && p.end.day == 1;
    let months = (p.end.year - p.start.year) * 12 + p.end.month as i32 - p.start.month as i32;
    let end = match unit {
        Some("day") => start.add_days(1),
        Some("week" | "wk" | "weekend") => start.add_days(7),
        Some("month" | "mo") if start.day == 1 => start.add_months_first(1),
        Some("quarter") if start.day == 1 => start.add_months_first(3),
        Some("year" | "yr") if start.day == 1 => start.add_months_first(12),
        Some("month" | "mo") => start.add_days(30),
        Some(_) => return None,
        None if whole_months => start.add_months_first(months),
        None => start.add_days(p.end.days() - p.start.days()),
    };
    // "the weekend after": the same days a week later.
    let (start, end) = match unit {
        Some("weekend") if p.end.days() - p.start.days() <= 7 => (p.start.add_days(7), p.end.add_days(7)),
        _ => (start, end),
    };
    Some(Period {
        label: label_of(start, end),
        start,
        end,
    })
}

/// How replies name the dates `start` (included) to `end` (excluded).
fn label_of(start: Date, end: Date) -> String {
    let names = crate::intent::slots::period::MONTH_NAMES;
    let name = |d: Date| names.get(d.month as usize - 1).copied().unwrap_or("");
    let day = |d: Date| format!("{} {}, {}", name(d), d.day, d.year);
    if end.days() - start.days() == 1 {
        return day(start);
    }
    if start.day == 1 && end == start.add_months_first(1) {
        return format!("{} {}", name(start), start.year);
    }
    format!("{} to {}", day(start), day(end.add_days(-1)))
}

#[cfg(test)]
#[path = "edits_tests.rs"]
mod tests;
