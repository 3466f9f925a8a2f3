//! "and if i also take out groceries", "take rent out too" after a spending total: the same
//! total with that also left out. "Take out" alone is withdrawing cash or takeout food (the
//! grammar reads it so), so only the edit form counts: "also" or "too" (or "if") around
//! "take … out" and a few words of what is left out. The message is then read again as
//! "without …", which the exclusion edit ([`super::edits`]) applies to the turn before.

use crate::words::Words;
use super::shape::words;

/// Words around the edit that change nothing.
const AROUND: Words = Words(
    "and|if|i|we|also|too|as|well|then|what|whats|about|now|ok|okay|so|the|my|how|much|is\
    |it|that|would|be|do",
);

/// The message as an exclusion ("without groceries"), when it is the edit form of "take
/// out"; `None` otherwise.
pub(super) fn as_exclusion(text: &str) -> Option<String> {
    let w = words(text);
    let take = w.iter().position(|v| matches!(v.as_str(), "take" | "took" | "taking"))?;
    let also = w.iter().any(|v| matches!(v.as_str(), "also" | "too" | "if"));
    let out = w.iter().skip(take + 1).position(|v| v == "out")? + take + 1;
    // "take out groceries" or "take groceries out": what is left out is the rest.
    let named: Vec<&str> = w[take + 1..]
        .iter()
        .enumerate()
        .filter(|(i, v)| take + 1 + i != out && !AROUND.contains(v.as_str()))
        .map(|(_, v)| v.as_str())
        .collect();
    let around = w[..take].iter().all(|v| AROUND.contains(v.as_str()));
    (also && around && (1..=3).contains(&named.len()) && w.len() <= 10)
        .then(|| format!("without {}", named.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edit_form_of_take_out() {
        for (q, want) in [
            ("and if i also take out groceries", "without groceries"),
            ("also take out rent", "without rent"),
            ("take rent out too", "without rent"),
            ("what if i take out dining as well", "without dining"),
        ] {
            assert_eq!(as_exclusion(q).as_deref(), Some(want), "{q}");
        }
        for q in [
            "how much did i take out from the atm",
            "take out last month",
            "takeout food",
            "i took out 200 cash yesterday at the atm near work",
        ] {
            assert_eq!(as_exclusion(q), None, "{q}");
        }
    }
}
