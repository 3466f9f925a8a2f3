//! A period label as it reads inside a sentence: "You spent $40 *in June 2026*", "*on*
//! November 26, 2026", "*in the* past 3 months", "*from* June 3 to June 20", "*over*
//! Thanksgiving weekend 2026", and "last month", "since June 1" or "this year so far" as
//! they are. Replies put labels after a preposition of their own no more: one place decides,
//! so "in since June 1" or "at Amazon past 3 months" cannot be written.

use crate::intent::slots::period::MONTH_NAMES;
use crate::words::Words;

/// `label` with the preposition it needs (none when it carries its own).
pub(super) fn period_phrase(label: &str) -> String {
    let label = label.trim();
    let lower = label.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    const AS_IS: Words = Words(
        "since|after|before|until|from|between|over|during|in|on|this|last|next|today|yesterday\
         |recently|so",
    );
    if label.is_empty() || AS_IS.contains(first) {
        return label.to_string();
    }
    let month = MONTH_NAMES.iter().any(|m| m.eq_ignore_ascii_case(first));
    let preposition = if lower.contains(" to ") {
        "from"
    } else if first == "past" {
        "in the"
    } else if lower.starts_with("the weekend") || lower.contains("weekend") && !month {
        "over"
    } else if first == "the" {
        "in"
    } else if month && label.contains(',') {
        "on"
    } else if month
        || first.chars().next().is_some_and(|c| c.is_ascii_digit())
        || is_part_of_year(first)
        || matches!(first, "summer" | "winter" | "spring" | "autumn" | "fall" | "h1" | "h2")
    {
        "in"
    } else {
        // A named day ("Thanksgiving 2026").
        "on"
    };
    format!("{preposition} {label}")
}

/// The slots with their period labelled as narrowed to weekends or weekdays ("on weekends
/// in October 2026"), when they are; the state keeps the plain label, so that "same thing
/// for september" or "how about just weekdays" label their own.
pub(super) fn with_week_part(slots: &crate::intent::Slots) -> Option<crate::intent::Slots> {
    let (part, p) = (slots.week_part?, slots.period.as_ref()?);
    let mut s = slots.clone();
    s.period = Some(crate::intent::Period {
        label: format!("{} {}", part.words(), period_phrase(&p.label)),
        ..p.clone()
    });
    Some(s)
}

/// "q3", "h1": a quarter or half of a year.
fn is_part_of_year(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 2 && matches!(b[0], b'q' | b'h') && (b'1'..=b'4').contains(&b[1])
}

#[cfg(test)]
mod tests {
    use super::period_phrase;

    #[test]
    fn labels_read_inside_a_sentence() {
        for (label, phrase) in [
            ("October 2026", "in October 2026"),
            ("November 26, 2026", "on November 26, 2026"),
            ("past 3 months", "in the past 3 months"),
            ("2025", "in 2025"),
            ("summer 2026", "in summer 2026"),
            ("the last 30 days", "in the last 30 days"),
            ("Q3 2026", "in Q3 2026"),
            ("H1 2026", "in H1 2026"),
            ("June 3, 2026 to June 20, 2026", "from June 3, 2026 to June 20, 2026"),
            ("June 3, 2026 to today", "from June 3, 2026 to today"),
            ("the weekend of October 3", "over the weekend of October 3"),
            ("Thanksgiving weekend 2026", "over Thanksgiving weekend 2026"),
            ("the week of June 3, 2026", "in the week of June 3, 2026"),
            ("the period you asked about", "in the period you asked about"),
            ("Halloween 2026", "on Halloween 2026"),
        ] {
            assert_eq!(period_phrase(label), phrase, "{label}");
        }
        for same in [
            "last month",
            "this month so far",
            "since June 1, 2026",
            "until May 31, 2026",
            "this year so far",
            "today",
            "yesterday",
            "last week",
            "",
        ] {
            assert_eq!(period_phrase(same), same);
        }
    }
}
