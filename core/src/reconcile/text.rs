//! Description normalisation for reconciliation: significant tokens of a bank descriptor
//! (store numbers, reference codes and processor prefixes removed), a position-weighted
//! similarity, and the normalised text used in content fingerprints.

use crate::words::Words;
/// Processor prefixes and filler words that say nothing about the merchant.
const NOISE: Words = Words(
    "pos|debit|credit|purchase|card|visa|mastercard|pending|sq|tst|pp|paypal|www|com|inc\
    |llc|ltd|co|the|store|recurring|online|authorization|auth|hold|checkcard|chk|pmt",
);

/// Lower-case alphanumeric tokens of `text`, keeping the merchant words: all-digit tokens,
/// tokens with three or more digits (store numbers, reference codes), one-letter tokens and
/// noise words are dropped. Order is kept (merchants come first in descriptors).
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.chars().count() < 2 {
            continue;
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if digits == raw.chars().count() || digits >= 3 {
            continue;
        }
        let t = raw.to_lowercase();
        if NOISE.contains(t.as_str()) || out.contains(&t) {
            continue;
        }
        out.push(t);
    }
    out
}

/// The normalised description used in fingerprints: significant tokens joined by spaces.
pub(crate) fn normalised(text: &str) -> String {
    tokens(text).join(" ")
}

/// Similarity of two token lists in per mille. The shorter list is looked up in the longer
/// one with weights falling by position (1, 1/2, 1/3, ...), because a descriptor starts with
/// the merchant and ends with location or reference noise; the shorter list's first token
/// must be present, or the similarity is 0 (two merchants in the same city share only their
/// trailing tokens).
pub(crate) fn token_similarity(a: &[String], b: &[String]) -> u32 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let Some(first) = short.first() else {
        return 0;
    };
    if !long.contains(first) {
        return 0;
    }
    let mut total = 0u64;
    let mut hit = 0u64;
    for (i, t) in short.iter().enumerate() {
        let w = 1_000_000 / (i as u64 + 1);
        total += w;
        if long.contains(t) {
            hit += w;
        }
    }
    (hit * 1000 / total.max(1)) as u32
}

/// Similarity of two transactions' merchant identity in per mille: the better of the
/// descriptions' and the merchant names' similarity (1000 when the names normalise equal).
pub(crate) fn similarity(
    desc_a: &str,
    merchant_a: Option<&str>,
    desc_b: &str,
    merchant_b: Option<&str>,
) -> u32 {
    let by_desc = token_similarity(&tokens(desc_a), &tokens(desc_b));
    let by_name = match (merchant_a, merchant_b) {
        (Some(a), Some(b)) => token_similarity(&tokens(a), &tokens(b)),
        _ => 0,
    };
    by_desc.max(by_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tokens_drop_noise() {
        assert_eq!(
            tokens("SQ *BLUE BOTTLE COFFEE #0231"),
            ["blue", "bottle", "coffee"]
        );
        assert_eq!(tokens("AMAZON MKTPL*2K4TR81Q2"), ["amazon", "mktpl"]);
        assert_eq!(
            tokens("MCDONALD'S F12093 SEATTLE WA"),
            ["mcdonald", "seattle", "wa"]
        );
        assert_eq!(normalised("  Starbucks   STORE 08841 "), "starbucks");
    }

    #[test]
    fn similarity_cases() {
        let s = |a: &str, b: &str| similarity(a, None, b, None);
        assert!(s("STARBUCKS STORE 08841", "STARBUCKS STORE 08841 SEATTLE WA") >= 500);
        assert!(s("TST* NOPA KITCHEN", "TST* NOPA KITCHEN SEATTLE WA") >= 500);
        assert_eq!(s("CHIPOTLE SEATTLE WA", "OLIVE GARDEN SEATTLE WA"), 0);
        assert_eq!(s("TARGET", "WALMART"), 0);
        assert_eq!(s("", "WALMART"), 0);
        assert_eq!(
            similarity("X1", Some("Chipotle"), "Y2", Some("CHIPOTLE")),
            1000
        );
    }

    proptest! {
        #[test]
        fn similarity_is_bounded(a in ".{0,40}", b in ".{0,40}") {
            let ab = similarity(&a, None, &b, None);
            prop_assert!(ab <= 1000);
            let ta = tokens(&a);
            prop_assert_eq!(token_similarity(&ta, &ta), if ta.is_empty() { 0 } else { 1000 });
        }
    }
}
