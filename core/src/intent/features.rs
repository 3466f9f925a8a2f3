//! Text to sparse feature vector, shared by inference (here) and training (the CLI).
//!
//! Training and inference must see identical features, so this is the only featuriser: the
//! CLI's trainer calls it too. Text is normalised (lowercase, punctuation to spaces,
//! apostrophes dropped, every digit mapped to `0`), cut to [`MAX_TEXT_CHARS`] characters, split
//! into words, and turned into hashed word n-grams and per-word character n-grams. The vector
//! is L2-normalised so that long and short messages score on the same scale.

use super::lexicon::concept;

/// Characters of input looked at; the rest is ignored (bounded time on hostile input).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Words kept after normalisation.
pub const MAX_WORDS: usize = 400;
/// Characters of a word used for character n-grams.
const MAX_WORD_CHARS_FOR_GRAMS: usize = 32;

/// How text becomes features; stored in the model file so both sides agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Number of hash buckets (the model's input width), at least 1.
    pub buckets: u32,
    /// Longest word n-gram (1 = unigrams only, up to 3).
    pub word_max: u8,
    /// Shortest character n-gram (0 = no character n-grams).
    pub char_min: u8,
    /// Longest character n-gram.
    pub char_max: u8,
    /// Weight of each character n-gram relative to a word n-gram, in percent.
    pub char_weight_pct: u8,
    /// Unordered word pairs at most this many positions apart (0 = none).
    pub pair_window: u8,
    /// Weight of each word pair relative to a word n-gram, in percent.
    pub pair_weight_pct: u8,
    /// Whether to add banking concept tokens (card brands, bank names, months).
    pub lexicon: bool,
}

/// Lowercases, maps digits to `0`, drops apostrophes, turns every other non-alphanumeric
/// character into a space, and splits into at most [`MAX_WORDS`] words.
pub fn normalize_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in text.chars().take(MAX_TEXT_CHARS) {
        if ch == '\'' || ch == '\u{2019}' {
            continue;
        }
        if ch.is_alphanumeric() {
            if ch.is_numeric() {
                current.push('0');
            } else {
                current.extend(ch.to_lowercase());
            }
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
            if words.len() >= MAX_WORDS {
                return words;
            }
        }
    }
    if !current.is_empty() && words.len() < MAX_WORDS {
        words.push(current);
    }
    words
}

/// FNV-1a over a tag byte and the given parts, separated by a unit separator.
fn hash_parts(tag: u8, parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(tag);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        for b in part.bytes() {
            eat(b);
        }
    }
    // Final avalanche (murmur3 fmix32) so that the bucket reduction sees well-mixed bits.
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

fn bucket(hash: u32, buckets: u32) -> u32 {
    ((u64::from(hash) * u64::from(buckets.max(1))) >> 32) as u32
}

/// Appends the sparse features of `text` to `out` as `(bucket, value)` pairs (a bucket may
/// repeat; values add). The vector is L2-normalised. Empty text gives no features.
///
/// `idf` holds one inverse-document-frequency weight per bucket in sixteenths (empty for
/// none); a bucket outside it keeps weight 1.
pub fn featurize(text: &str, config: &FeatureConfig, idf: &[u8], out: &mut Vec<(u32, f32)>) {
    raw_features(text, config, out);
    if !idf.is_empty() {
        for (b, v) in out.iter_mut() {
            if let Some(&w) = idf.get(*b as usize) {
                *v *= f32::from(w) / 16.0;
            }
        }
    }
    l2_normalize(out);
}

/// Appends unweighted, unnormalised features (the trainer counts document frequencies on them).
pub fn raw_features(text: &str, config: &FeatureConfig, out: &mut Vec<(u32, f32)>) {
    out.clear();
    let words = normalize_words(text);
    if words.is_empty() {
        return;
    }
    let word_max = usize::from(config.word_max.clamp(1, 3));
    let bos = "\u{2}";
    let eos = "\u{3}";
    // With the lexicon, entity words count as their class in n-grams and pairs, and as both
    // themselves and their class as unigrams.
    let seq: Vec<&str> = words
        .iter()
        .map(|w| {
            config
                .lexicon
                .then(|| concept(w))
                .flatten()
                .unwrap_or(w.as_str())
        })
        .collect();
    let mut padded: Vec<&str> = Vec::with_capacity(seq.len() + 2);
    padded.push(bos);
    padded.extend(seq.iter().copied());
    padded.push(eos);
    for (w, s) in words.iter().zip(&seq) {
        out.push((bucket(hash_parts(1, &[w]), config.buckets), 1.0));
        if s != w {
            out.push((bucket(hash_parts(1, &[s]), config.buckets), 1.0));
        }
    }
    for n in 2..=word_max {
        for window in padded.windows(n) {
            out.push((bucket(hash_parts(n as u8, window), config.buckets), 1.0));
        }
    }
    if config.char_min > 0 && config.char_max >= config.char_min {
        let weight = f32::from(config.char_weight_pct) / 100.0;
        let mut chars: Vec<char> = Vec::with_capacity(MAX_WORD_CHARS_FOR_GRAMS + 2);
        let mut gram = String::new();
        for w in &words {
            chars.clear();
            chars.push('<');
            chars.extend(w.chars().take(MAX_WORD_CHARS_FOR_GRAMS));
            chars.push('>');
            for n in usize::from(config.char_min)..=usize::from(config.char_max) {
                for window in chars.windows(n) {
                    gram.clear();
                    gram.extend(window.iter());
                    out.push((
                        bucket(hash_parts(16 + n as u8, &[&gram]), config.buckets),
                        weight,
                    ));
                }
            }
        }
    }
    if config.pair_window > 0 {
        let weight = f32::from(config.pair_weight_pct) / 100.0;
        let window = usize::from(config.pair_window);
        for (i, a) in seq.iter().enumerate() {
            for b in seq.iter().skip(i + 1).take(window) {
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                out.push((bucket(hash_parts(8, &[lo, hi]), config.buckets), weight));
            }
        }
    }
}

fn l2_normalize(out: &mut [(u32, f32)]) {
    let norm: f32 = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in out.iter_mut() {
            *v /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: FeatureConfig = FeatureConfig {
        buckets: 1 << 15,
        word_max: 2,
        char_min: 3,
        char_max: 5,
        char_weight_pct: 50,
        pair_window: 4,
        pair_weight_pct: 50,
        lexicon: true,
    };

    #[test]
    fn normalises_case_punctuation_digits() {
        assert_eq!(
            normalize_words("What's my BALANCE?! Card ending 1234."),
            vec!["whats", "my", "balance", "card", "ending", "0000"]
        );
        assert!(normalize_words("").is_empty());
        assert!(normalize_words("!!! \u{0} \t 🎉").is_empty());
    }

    #[test]
    fn features_are_normalised_and_in_range() {
        let mut out = Vec::new();
        featurize("how much did I spend on groceries", &CONFIG, &[], &mut out);
        assert!(!out.is_empty());
        let norm: f32 = out.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!(out.iter().all(|(b, _)| *b < CONFIG.buckets));
        featurize("", &CONFIG, &[], &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn huge_input_is_capped() {
        let text = "a ".repeat(1_000_000);
        let mut out = Vec::new();
        featurize(&text, &CONFIG, &[], &mut out);
        assert!(out.len() < 10 * MAX_WORDS);
    }
}
