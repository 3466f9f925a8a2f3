//! A merchant name from an OFX `NAME` (or `PAYEE/NAME`, or `MEMO` when there is no name):
//! bank noise is trimmed so that the same shop reads the same across statements.
//! "POS DEBIT 1234 MCDONALD'S #112" and "MCDONALD'S #4471" both become "MCDONALD'S".
//! Deliberately simple: prefixes of payment channels, card digits, store numbers, dates and
//! reference numbers are removed; case is kept.

use crate::model::{sanitize_text, MAX_NAME_CHARS};
use std::borrow::Cow;
use std::collections::HashMap;

/// Channel prefixes banks put before the merchant (upper case, longest first within a family).
const PREFIXES: &[&str] = &[
    "POS DEBIT",
    "POS PURCHASE",
    "POS WITHDRAWAL",
    "POS MERCHANDISE",
    "POS",
    "DEBIT CARD PURCHASE",
    "DEBIT CARD",
    "DEBIT PURCHASE",
    "CHECKCARD",
    "CHECK CARD",
    "CARD PURCHASE",
    "PURCHASE AUTHORIZED ON",
    "PURCHASE",
    "RECURRING PAYMENT",
    "ACH DEBIT",
    "ACH CREDIT",
    "VISA DEBIT",
    "VISA",
    "MASTERCARD",
    "SQ *",
    "SQ*",
    "TST*",
    "TST *",
];

/// [`sanitize_text`] with a fast path for the common case of clean printable ASCII, which it
/// would return unchanged.
pub(crate) fn clean_text(raw: &str, max_chars: usize) -> String {
    clean_text_cow(raw, max_chars).into_owned()
}

/// [`clean_text`], borrowing `raw` when it is already clean.
fn clean_text_cow(raw: &str, max_chars: usize) -> Cow<'_, str> {
    let b = raw.as_bytes();
    let simple = b.len() <= max_chars
        && b.first().is_none_or(|&c| c != b' ')
        && b.last().is_none_or(|&c| c != b' ')
        && b.iter().all(|&c| (0x20..0x7f).contains(&c))
        && !b.windows(2).any(|w| w == b"  ");
    if simple {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(sanitize_text(raw, max_chars))
    }
}

/// Most distinct raw names a [`MerchantCache`] keeps: enough for the shops and billers of years
/// of statements. When full it starts over, so that names that never repeat (reference
/// numbers) cannot crowd out the ones that do, and a hostile file cannot grow it.
const MAX_CACHED_NAMES: usize = 8192;

/// [`normalize_merchant`] remembered per raw name within one import.
///
/// Statements repeat the same raw names (the same shops, billers and employers) many times,
/// and normalising one costs a prefix scan, word classification and three allocations; a hit
/// costs one hash and one copy. Results are identical with or without it (a test checks).
#[derive(Default)]
pub(crate) struct MerchantCache {
    names: HashMap<String, Option<String>>,
}

impl MerchantCache {
    /// The normalised merchant of `raw`.
    pub(crate) fn normalize(&mut self, raw: &str) -> Option<String> {
        if let Some(hit) = self.names.get(raw) {
            return hit.clone();
        }
        let out = normalize_merchant(raw);
        if self.names.len() >= MAX_CACHED_NAMES {
            self.names.clear();
        }
        self.names.insert(raw.to_owned(), out.clone());
        out
    }
}

/// Normalises a raw merchant string; `None` when nothing meaningful is left.
pub fn normalize_merchant(raw: &str) -> Option<String> {
    let clean = clean_text_cow(raw, MAX_NAME_CHARS * 2);
    let mut rest: &str = &clean;
    // Some banks repeat the channel in the name: "POS MERCHANDISE;MCDONALD'S #112".
    if let Some((head, tail)) = rest.split_once(';') {
        if is_prefix_only(head) && !tail.trim().is_empty() {
            rest = tail;
        }
    }
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == ':');
        let mut stripped = false;
        for p in PREFIXES {
            if let Some(after) = strip_prefix_ci(trimmed, p) {
                if p.ends_with('*') || after.is_empty() || after.starts_with([' ', '-', ':', '*']) {
                    rest = after;
                    stripped = true;
                    break;
                }
            }
        }
        if !stripped {
            rest = trimmed;
            break;
        }
    }
    let mut joined = String::with_capacity(rest.len());
    let mut words = rest
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        if is_noise(w) {
            continue;
        }
        // "STORE 0042", "STR #12", "NO. 7": the label goes with its number.
        let labels_number = ["STORE", "STR", "NO", "NO.", "UNIT"]
            .iter()
            .any(|l| w.eq_ignore_ascii_case(l))
            && words.peek().is_some_and(|next| is_noise(next));
        if !labels_number {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(w);
        }
    }
    let out = joined.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '*' | '#' | ',' | ';' | ':' | '/')
    });
    if !out.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(match clean_text_cow(out, MAX_NAME_CHARS) {
        Cow::Borrowed(b) if b.len() == joined.len() => joined,
        other => other.into_owned(),
    })
}

/// Whether `s` is only a channel prefix ("POS MERCHANDISE").
fn is_prefix_only(s: &str) -> bool {
    let t = s.trim();
    PREFIXES.iter().any(|p| t.eq_ignore_ascii_case(p))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Words that identify a card, store, date or reference rather than the merchant.
fn is_noise(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')'));
    if w.is_empty() {
        return true;
    }
    let digits = w.chars().filter(char::is_ascii_digit).count();
    let masks = w
        .chars()
        .filter(|c| matches!(c, 'X' | 'x' | '*' | '#'))
        .count();
    let others = w.chars().count() - digits - masks;
    // "#112", "1234", "XXXX1234", "****1234", "#", "x4471"; but a short number is part of a
    // brand ("Union 76", "Forever 21").
    if others == 0 && (masks > 0 || digits >= 3) {
        return true;
    }
    // Dates, times and references: "03/15", "12-31", "04/01/2009", "17:56"; "REF#123" stays.
    if digits > 0
        && others > 0
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ':'))
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize_merchant(s)
    }

    #[test]
    fn trims_noise() {
        assert_eq!(n("MCDONALD'S #112").as_deref(), Some("MCDONALD'S"));
        assert_eq!(
            n("POS MERCHANDISE;MCDONALD'S #112").as_deref(),
            Some("MCDONALD'S")
        );
        assert_eq!(
            n("POS DEBIT 1234 STARBUCKS STORE 0042").as_deref(),
            Some("STARBUCKS")
        );
        assert_eq!(
            n("CHECKCARD 0315 SHELL OIL 57442 XXXX1234").as_deref(),
            Some("SHELL OIL")
        );
        assert_eq!(
            n("SQ *BLUE BOTTLE COFFEE").as_deref(),
            Some("BLUE BOTTLE COFFEE")
        );
        assert_eq!(
            n("PURCHASE AUTHORIZED ON 03/15 TARGET T-1234").as_deref(),
            Some("TARGET T-1234")
        );
        assert_eq!(
            n("  Joe's   Bald Hairstyles ").as_deref(),
            Some("Joe's Bald Hairstyles")
        );
        assert_eq!(
            n("Uber do Brasil Tecnologia").as_deref(),
            Some("Uber do Brasil Tecnologia")
        );
        assert_eq!(n("POSTMATES").as_deref(), Some("POSTMATES"));
        assert_eq!(n("VISAGE SALON").as_deref(), Some("VISAGE SALON"));
        assert_eq!(n("Union 76").as_deref(), Some("Union 76"));
        assert_eq!(
            n("Saque no TAA - 02/06 17:56").as_deref(),
            Some("Saque no TAA")
        );
    }

    #[test]
    fn clean_text_matches_sanitize_text() {
        for s in [
            "",
            "a",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "Caf\u{e9}",
            "x\u{202E}y",
            "abcdef",
            "ok text",
        ] {
            assert_eq!(clean_text(s, 5), sanitize_text(s, 5), "{s:?}");
            assert_eq!(clean_text(s, 50), sanitize_text(s, 50), "{s:?}");
        }
    }

    #[test]
    fn cache_gives_what_normalising_gives() {
        let mut cache = MerchantCache::default();
        let names = [
            "POS DEBIT 1234 STARBUCKS STORE 0042",
            "#0000001001",
            "  Joe's   Bald Hairstyles ",
            "SQ *BLUE BOTTLE COFFEE",
            "x\u{202E}y",
        ];
        for _ in 0..2 {
            for raw in names {
                assert_eq!(cache.normalize(raw), normalize_merchant(raw), "{raw:?}");
            }
        }
        assert_eq!(cache.names.len(), names.len());
        for i in 0..MAX_CACHED_NAMES + 10 {
            let raw = format!("SHOP {i}");
            assert_eq!(cache.normalize(&raw), normalize_merchant(&raw));
        }
        assert!(cache.names.len() <= MAX_CACHED_NAMES);
        assert_eq!(cache.normalize("SHOP 3"), normalize_merchant("SHOP 3"));
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(n(""), None);
        assert_eq!(n("POS DEBIT 1234"), None);
        assert_eq!(n("#0000001001"), None);
        assert_eq!(n("\u{202E}\u{0}"), None);
    }
}
