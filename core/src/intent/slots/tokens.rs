//! The slot extractor's tokeniser: words, numbers (with their separators) and currency signs,
//! each with its original spelling (merchant names need the capitals).

use crate::intent::features::MAX_TEXT_CHARS;

/// Tokens kept; later ones are ignored.
const MAX_TOKENS: usize = 400;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// Lowercased text.
    pub lower: String,
    /// As written.
    pub orig: String,
}

impl Token {
    /// Whether it starts with a capital letter as written.
    pub fn is_capitalised(&self) -> bool {
        self.orig.chars().next().is_some_and(char::is_uppercase)
    }
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '$' | '£' | '€')
}

/// Splits text into tokens. Digits keep an inner `.`, `,` or `/` when a digit follows it.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().take(MAX_TEXT_CHARS).collect();
    let mut out: Vec<Token> = Vec::new();
    let mut orig = String::new();
    let flush = |orig: &mut String, out: &mut Vec<Token>| {
        if !orig.is_empty() && out.len() < MAX_TOKENS {
            let lower = orig.to_lowercase();
            // "purchse", "transacion": read as the word ([`super::nouns`]).
            let lower = super::nouns::fix_typo(&lower).map_or(lower, str::to_string);
            out.push(Token {
                lower,
                orig: std::mem::take(orig),
            });
        }
        orig.clear();
    };
    for (i, &c) in chars.iter().enumerate() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            orig.push(c);
            continue;
        }
        // "M&S", "AT&T": one name.
        let inside_name = c == '&'
            && orig.chars().last().is_some_and(char::is_alphabetic)
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if inside_name {
            orig.push(c);
            continue;
        }
        // "9/3/2019", "11/28": one token, read by the period grammar's numeric dates.
        let inside_number = (c == '.' || c == ',' || c == '/')
            && orig.chars().last().is_some_and(|p| p.is_ascii_digit())
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if inside_number {
            orig.push(c);
            continue;
        }
        flush(&mut orig, &mut out);
        // "oct 1-15", "1st - 7th": a dash between a number and a number is a range's "to".
        if (c == '-' || c == '\u{2013}')
            && (dash_between_numbers(&chars, i, &out) || dash_between_months(&chars, i, &out))
        {
            orig.push('-');
            flush(&mut orig, &mut out);
            continue;
        }
        // "500+": a plus right after a number is a token ("and up").
        let plus = c == '+' && out.last().is_some_and(|t| t.lower.ends_with(|d: char| d.is_ascii_digit()))
            && chars.get(i.wrapping_sub(1)).is_some_and(char::is_ascii_digit);
        if is_currency_sign(c) || plus {
            orig.push(c);
            flush(&mut orig, &mut out);
        }
        // "starbucks + blue bottle", "rent & groceries": a joiner, read as "and".
        if matches!(c, '&' | '+') && !out.is_empty() && out.len() < MAX_TOKENS {
            out.push(Token {
                lower: "and".into(),
                orig: c.to_string(),
            });
        }
    }
    flush(&mut orig, &mut out);
    out
}

/// Whether the dash at `i` stands between a number token just read (`out`'s last, with no
/// other token since: "1-15", "1st - 7th") and a digit after optional spaces.
fn dash_between_numbers(chars: &[char], i: usize, out: &[Token]) -> bool {
    // A number before ("1", "15th", "50"); a dashed date ("2025-12-24") is ruled out below.
    // An amount range ("50-100", "$50 - $100") has numbers of any length.
    let before_ok = out.last().is_some_and(|t| {
        t.lower.bytes().next().is_some_and(|b| b.is_ascii_digit())
    });
    // A number after, not the middle of a dashed date ("12-24-2025").
    let rest = chars.get(i + 1..).unwrap_or(&[]);
    let skip = rest
        .iter()
        .take_while(|c| c.is_whitespace() || is_currency_sign(**c))
        .count();
    let digits = rest
        .iter()
        .skip(skip)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let after_run = rest.get(skip + digits).copied().unwrap_or(' ');
    let day_after = digits > 0 && after_run != '-' && after_run != '/';
    // Nor the end of one ("2025-12-24"): the number before is not itself after a dash.
    let before = chars.get(..i).unwrap_or(&[]);
    let back = before
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let run = before
        .iter()
        .rev()
        .skip(back)
        .take_while(|c| c.is_alphanumeric())
        .count();
    let day_before = !matches!(before.iter().rev().nth(back + run), Some('-' | '/'));
    let touching = chars
        .get(..i)
        .and_then(|b| b.iter().rev().find(|c| !c.is_whitespace()))
        .is_some_and(|c| c.is_alphanumeric());
    let after_ok = chars
        .get(i + 1..)
        .and_then(|a| a.iter().find(|c| !c.is_whitespace() && !is_currency_sign(**c)))
        .is_some_and(|c| c.is_ascii_digit());
    before_ok && touching && after_ok && day_after && day_before
}

/// Whether the dash at `i` stands between two month words ("mar-may", "march - may").
fn dash_between_months(chars: &[char], i: usize, out: &[Token]) -> bool {
    let before = out
        .last()
        .is_some_and(|t| super::period::month_of(&t.lower).is_some());
    let touching = chars
        .get(..i)
        .and_then(|b| b.iter().rev().find(|c| !c.is_whitespace()))
        .is_some_and(|c| c.is_alphabetic());
    let after: String = chars
        .get(i + 1..)
        .unwrap_or(&[])
        .iter()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_alphabetic())
        .take(12)
        .collect();
    before && touching && super::period::month_of(&after.to_lowercase()).is_some()
}

/// Whether `toks[at..]` starts with the words of `phrase`.
pub(super) fn starts_with(toks: &[Token], at: usize, phrase: &[&str]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, w)| toks.get(at + k).is_some_and(|t| t.lower == *w))
}

/// The lowercase words of a name, tokenised like a message.
pub(super) fn words_of(name: &str) -> Vec<String> {
    tokenize(name).into_iter().map(|t| t.lower).collect()
}

/// Position of the first occurrence of a word sequence (non-empty) in the tokens.
pub(super) fn find_words(toks: &[Token], words: &[String]) -> Option<usize> {
    if words.is_empty() || words.len() > toks.len() {
        return None;
    }
    (0..=toks.len() - words.len()).find(|&i| {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + k).is_some_and(|t| &t.lower == w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_and_signs() {
        let t: Vec<String> = tokenize("Over $1,234.50 at Target's, ok?")
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(t, vec!["over", "$", "1,234.50", "at", "targets", "ok"]);
        assert!(tokenize("").is_empty());
        let t: Vec<String> = tokenize("on 9/3/2019, or 11/28?")
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(t, vec!["on", "9/3/2019", "or", "11/28"]);
    }

    #[test]
    fn a_dash_between_numbers_is_a_token() {
        let lower = |s: &str| -> Vec<String> { tokenize(s).into_iter().map(|t| t.lower).collect() };
        assert_eq!(lower("oct 1-15"), vec!["oct", "1", "-", "15"]);
        assert_eq!(lower("1st - 7th oct"), vec!["1st", "-", "7th", "oct"]);
        assert_eq!(lower("7-eleven"), vec!["7", "eleven"]);
        assert_eq!(lower("wal-mart"), vec!["wal", "mart"]);
        assert_eq!(lower("spent -50"), vec!["spent", "50"]);
        assert_eq!(lower("on 2025-12-24"), vec!["on", "2025", "12", "24"]);
        assert_eq!(lower("12-24-2025"), vec!["12", "24", "2025"]);
    }
}
