//! Phrases that look like a period but that the grammar does not understand: "since I got
//! paid", "before my trip", "a while ago", "a while back", "the other day", "mid September",
//! "the end of May", "last payday", "over the holidays", "the 45th", "9/3" when the
//! profile's date order is unknown.
//! When a message holds one, the assistant asks which dates are meant instead of answering
//! for a default period.

use super::super::tokens::Token;
use super::words::{
    day_of, distance, is_ordinal_day, is_weekend_word, one_swap, unit_of, weekday_of,
    weekdays_plural,
};
use crate::words::Words;

/// Words after "last", "this", "past", "next" or "previous" that name a time the grammar
/// cannot place on the calendar.
const VAGUE_TIMES: Words = Words(
    "payday|pay|paycheck|paycheque|trip|vacation|holiday|holidays|semester|term|season|while|period\
     |cycle|billing|statement|visit|time|night|evening|morning|birthday|bday|anniversary|wedding\
     |honeymoon|graduation|break|move|hour|hours|hrs",
);

/// Words that name a time on their own but are not on the calendar.
const VAGUE_ALONE: Words = Words(
    "payday|easter|ramadan|diwali|hanukkah|eid|weekend|weekends|weekday|weekdays|weeknights|fortnight",
);

/// Whether the tokens (in which the grammar found no period) hold a period-like phrase.
pub(super) fn looks_like_period(toks: &[Token]) -> bool {
    let word = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    toks.iter().enumerate().any(|(i, t)| {
        let next = word(i + 1);
        match t.lower.as_str() {
            // A word the grammar cannot read next to a period noun: "lsat month", "this mnoth",
            // "last yeer" ("last qtr" before the grammar knew it).
            w if unit_of(w).is_some() && near_miss(word(i.wrapping_sub(1)), MODIFIERS) => true,
            w if MODIFIERS.contains(w) && near_miss(next, UNITS) && unit_of(next).is_none() => true,
            // "since when do i pay for spotify" asks for a day: no period is named.
            "since" => next != "when",
            "until" | "till" | "til" | "during" | "ago" => true,
            "before" | "after" => matches!(
                next,
                "i" | "my" | "we" | "the" | "last" | "payday" | "christmas" | "that" | "our"
            ),
            // "on my birthday", "for our anniversary", "at my wedding": a day of the person's
            // own that no calendar in the vault places.
            "on" | "for" | "at" | "over" | "in" | "from"
                if matches!(next, "my" | "our" | "his" | "her" | "their")
                    && VAGUE_TIMES.contains(word(i + 2)) =>
            {
                true
            }
            // "around my anniversary", "back when i was on vacation", "when we were in paris".
            "around" => matches!(next, "my" | "our" | "the" | "when" | "then"),
            "when" => {
                matches!(next, "i" | "we" | "my" | "our")
                    && i.checked_sub(1)
                        .and_then(|p| toks.get(p))
                        .is_none_or(|t| !matches!(t.lower.as_str(), "know" | "tell" | "remind"))
            }
            // "a while back", "the other day", "the other week".
            "while" => {
                matches!(next, "ago" | "back")
                    || i.checked_sub(1)
                        .and_then(|p| toks.get(p))
                        .is_some_and(|t| t.lower == "a")
            }
            "other" => matches!(
                next,
                "day" | "week" | "night" | "month" | "time" | "weekend"
            ),
            // "mid september", "the end of may", "early last month".
            w if super::forms::is_month_part(w)
                && (super::words::month_of(next).is_some()
                    || next == "of"
                    || matches!(next, "last" | "this" | "next")) =>
            {
                true
            }
            "last" | "past" | "previous" | "this" | "next" | "over" => {
                VAGUE_TIMES.contains(next) || (next == "the" && VAGUE_TIMES.contains(word(i + 2)))
            }
            // "what do i spend on weekends usually": every weekend, an average the answer
            // computes over the weeks; without such a word, which weekends is a question.
            "weekend" | "weekends" | "wknd" | "wknds" if habitual(toks) => false,
            // "which weekday do i spend the most on", "spending by weekday": a day of the
            // week ranked, not a period.
            "weekday" | "weekdays"
                if matches!(word(i.wrapping_sub(1)), "which" | "what" | "each" | "per" | "by") =>
            {
                false
            }
            w if VAGUE_ALONE.contains(w) => true,
            // "on fridays", "every monday": which period's Fridays is a question.
            w if weekdays_plural(w).is_some() => true,
            "every" | "each" if weekday_of(next).is_some() => true,
            // A numeric date the grammar could not read ("9/3" with no known date order).
            w if w.contains('/')
                && w != "24/7"
                && w.bytes().all(|b| b.is_ascii_digit() || b == b'/') =>
            {
                true
            }
            // "february 30": a month and a number that make no date.
            w if super::words::month_of(w).is_some()
                && !matches!(w, "may" | "march")
                && day_of(next).is_some() =>
            {
                true
            }
            w => {
                is_ordinal_day(w)
                    || (w.len() <= 4
                        && w.ends_with("th")
                        && day_of(w).is_none()
                        && w.bytes().next().is_some_and(|b| b.is_ascii_digit()))
            }
        }
    })
}

/// Whether the message asks about a habit ("usually", "on average", "per weekend").
fn habitual(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "usually" | "normally" | "typically" | "generally" | "typical" | "average" | "avg"
                | "per" | "each" | "every"
        )
    })
}

/// Words that open a relative period.
const MODIFIERS: Words = Words("last|past|this|next|lst|lsat|nxt");

/// Period nouns of four letters or more.
const UNITS: Words = Words("week|month|year|quarter|weekend|fortnight");

/// Whether `w` is one typo from one of `names` (a swap of neighbours counts as one) without
/// being it, and is no common word of that shape ("list", "least", "his").
fn near_miss(w: &str, names: Words) -> bool {
    w.len() >= 3
        && !matches!(w, "list" | "lost" | "least" | "lust" | "fast" | "cast" | "vast" | "post" | "his" | "thus" | "text" | "nest" | "best" | "test" | "mouth" | "wear" | "dear" | "near")
        && names
            .iter()
            .any(|n| w != n && (distance(w, n) == 1 || one_swap(w, n)))
}

/// Whether the period read at token `at` is only a part of what the person named: "early
/// last month", "mid september", "the end of last week", or a day of it that does not exist
/// ("the 31st of next month" in a 30-day month): a part of a period is not the period, so
/// the message becomes a question.
pub(super) fn is_part_of(toks: &[Token], at: usize) -> bool {
    let word = |k: usize| {
        at.checked_sub(k)
            .and_then(|i| toks.get(i))
            .map(|t| t.lower.as_str())
            .unwrap_or("")
    };
    let part = super::forms::is_month_part;
    // "the 31st of next month" when next month has 30 days: the day was named and is none.
    let day_of_it = word(1) == "of" && is_ordinal_day(word(2));
    day_of_it
        || (matches!(word(1), "mid" | "early" | "late"))
        || (word(1) == "of" && part(word(2)))
        || (word(1) == "the" && word(2) == "of" && part(word(3)))
}

/// Whether the words at `after` (just past a period the grammar read) anchor it to a time a
/// previous message named: "the tuesday before that", "the weekend after it", "the week
/// before then", "and the friday before?". The period read alone would be the wrong one
/// (the last Tuesday, again).
pub(super) fn anchored_back(toks: &[Token], after: usize) -> bool {
    let word = |k: usize| toks.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    matches!(word(after), "before" | "after" | "prior")
        && matches!(word(after + 1), "that" | "it" | "then" | "this" | "those" | "")
}

/// "that friday", "that day", "that week", "that weekend": a day or unit a previous message
/// named, which this one alone does not place (the assistant reads it against the previous
/// turn's period, and asks which dates when there is none).
pub(super) fn points_back(toks: &[Token]) -> bool {
    toks.windows(2).any(|w| {
        let next = w[1].lower.as_str();
        w[0].lower == "that"
            && (weekday_of(next).is_some() || unit_of(next).is_some() || is_weekend_word(next))
    })
}
