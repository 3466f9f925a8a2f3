//! Amount bounds: "over $100", "more than 50 dollars", "under $20", "at least 5",
//! "between $10 and $50". Values are minor units with two decimals (cents); exact decimal
//! parsing, no floats.

use super::period::month_of;
use super::tokens::{starts_with, Token};
use crate::money::parse_decimal;

/// Lower bounds and whether each is strict. The rule: "over", "more than", "above" (and their
/// kin) exclude the amount named ("over 500" is more than $500.00); "at least", "minimum" include
/// it, as do the amount followed by "+", "or more", "and up" ([`OR_MORE`]).
const MIN_PHRASES: [(&[&str], bool); 10] = [
    (&["more", "than"], true),
    (&["greater", "than"], true),
    (&["bigger", "than"], true),
    (&["larger", "than"], true),
    (&["higher", "than"], true),
    (&["at", "least"], false),
    (&["over"], true),
    (&["above"], true),
    (&["exceeding"], true),
    (&["minimum"], false),
];

/// Upper bounds and whether each is strict: "under", "below", "less than" exclude the amount;
/// "at most", "up to", "no more than", "maximum" include it, as does "or less" after it.
const MAX_PHRASES: [(&[&str], bool); 12] = [
    (&["no", "more", "than"], false),
    (&["not", "more", "than"], false),
    (&["less", "than"], true),
    (&["fewer", "than"], true),
    (&["lower", "than"], true),
    (&["smaller", "than"], true),
    (&["cheaper", "than"], true),
    (&["at", "most"], false),
    (&["up", "to"], false),
    (&["under"], true),
    (&["below"], true),
    (&["maximum"], false),
];

/// After an amount, an inclusive lower bound: "500+", "500 or more", "$500 and up".
const OR_MORE: [&[&str]; 6] = [
    &["+"],
    &["or", "more"],
    &["and", "up"],
    &["and", "above"],
    &["or", "above"],
    &["or", "higher"],
];

/// After an amount, an inclusive upper bound: "20 or less", "$20 and under".
const OR_LESS: [&[&str]; 5] = [
    &["or", "less"],
    &["and", "under"],
    &["or", "under"],
    &["and", "below"],
    &["or", "below"],
];

/// Whether a word names money ("dollars", "bucks", "$").
pub(super) fn is_money_word(w: &str) -> bool {
    is_currency_word(w) || matches!(w, "$" | "£" | "€")
}

fn is_currency_word(w: &str) -> bool {
    matches!(
        w,
        "dollars" | "dollar" | "bucks" | "usd" | "euros" | "euro" | "pounds" | "gbp" | "eur"
    )
}

/// An amount at `i`: optional sign, a number (optionally with a `k` suffix), optional currency
/// word. Returns minor units, tokens read, and whether money was explicit ($ or a word).
fn amount_at(toks: &[Token], i: usize) -> Option<(i64, usize, bool)> {
    if let Some(found) = worded_amount_at(toks, i) {
        return Some(found);
    }
    let mut j = i;
    let sign = toks
        .get(j)
        .is_some_and(|t| matches!(t.lower.as_str(), "$" | "£" | "€"));
    j += usize::from(sign);
    let tok = toks.get(j)?;
    let (digits, thousand) = match tok.lower.strip_suffix('k') {
        Some(d) => (d, true),
        None => (tok.lower.as_str(), false),
    };
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let mut minor = parse_decimal(digits, 2, false).ok()?;
    if thousand {
        minor = minor.checked_mul(1000)?;
    }
    j += 1;
    if toks.get(j).is_some_and(|t| t.lower == "thousand") {
        minor = minor.checked_mul(1000)?;
        j += 1;
    }
    let word = toks.get(j).is_some_and(|t| is_money_word(&t.lower))
        || toks.get(j).is_some_and(|t| {
            // "a 800 transfer": a number before a money noun is money.
            matches!(
                t.lower.as_str(),
                "transfer" | "payment" | "charge" | "purchase" | "withdrawal" | "deposit"
            )
        });
    j += usize::from(word);
    // "17.99": cents make a number money.
    let cents = digits.rsplit_once('.').is_some_and(|(_, c)| c.len() == 2);
    // A number followed by a month ("over 15 June") is a date, not money.
    if !sign && !word && toks.get(j).is_some_and(|t| month_of(&t.lower).is_some()) {
        return None;
    }
    Some((minor, j - i, sign || word || cents))
}

/// "a dollar", "five bucks", "twenty dollars", "a hundred dollars": a number in words right
/// before a currency word (never alone: "one" and "a" are not amounts by themselves).
fn worded_amount_at(toks: &[Token], i: usize) -> Option<(i64, usize, bool)> {
    const ONES: [&str; 10] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    const TENS: [(&str, i64); 8] = [
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let mut n = match w(i) {
        "a" | "an" => 1,
        x => ONES
            .iter()
            .position(|o| *o == x)
            .map(|p| p as i64 + 1)
            .or_else(|| TENS.iter().find(|(t, _)| *t == x).map(|(_, v)| *v))?,
    };
    let mut used = 1;
    if matches!(w(i + used), "hundred" | "thousand") {
        n *= if w(i + used) == "hundred" { 100 } else { 1000 };
        used += 1;
    }
    is_currency_word(w(i + used)).then_some((n * 100, used + 1, true))
}

/// Whether a number without a money sign is still an amount in a range: money, or more
/// than any day of a month and not a year ("between 50 and 100", "50-100").
fn range_amount(a: (i64, usize, bool), toks: &[Token], i: usize) -> bool {
    let year = toks
        .get(i)
        .is_some_and(|t| t.lower.len() == 4 && (1900..=2200).contains(&(a.0 / 100)));
    a.2 || (a.0 > 3100 && !year)
}

fn phrase_len(toks: &[Token], i: usize, phrases: &[(&[&str], bool)]) -> Option<(usize, bool)> {
    phrases
        .iter()
        .find(|(p, _)| starts_with(toks, i, p))
        .map(|(p, strict)| (p.len(), *strict))
}

/// "500 or more", "500+", "20 or less" at `i` (after a number): the bound's side (true: a
/// lower bound) and its length. Not a count of things ("3 or more purchases").
fn suffix_at(toks: &[Token], i: usize) -> Option<(bool, usize)> {
    let (lower, n) = OR_MORE
        .iter()
        .map(|p| (true, p))
        .chain(OR_LESS.iter().map(|p| (false, p)))
        .find(|(_, p)| starts_with(toks, i, p))
        .map(|(lower, p)| (lower, p.len()))?;
    let counted = toks.get(i + n).is_some_and(|t| {
        let w = t.lower.strip_suffix('s').unwrap_or(&t.lower);
        matches!(w, "time" | "transaction" | "purchase" | "charge" | "payment" | "day" | "week" | "month")
    });
    (!counted).then_some((lower, n))
}

/// Amounts a message names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Amounts {
    /// Lower bound ("over $100").
    pub min: Option<i64>,
    /// Upper bound ("under $20").
    pub max: Option<i64>,
    /// An amount named as money without a bound ("the $40 charge", "73 pounds").
    pub exact: Option<i64>,
    /// Whether the lower bound excludes its amount ("over", not "at least").
    pub min_strict: bool,
    /// Whether the upper bound excludes its amount ("under", not "at most").
    pub max_strict: bool,
}

/// Finds amount bounds and an exact amount.
pub(super) fn find_amounts(toks: &[Token]) -> Amounts {
    let mut found = Amounts::default();
    let mut i = 0;
    while i < toks.len() {
        let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
        // "between $10 and $50", "from 50 to 100", "50-100": both bounds.
        let opened = usize::from(matches!(w(i), "between" | "from"));
        if let Some(a) = amount_at(toks, i + opened) {
            let k = i + opened + a.1;
            let joined = match opened {
                1 => matches!(w(k), "and" | "to" | "-"),
                _ => w(k) == "-",
            };
            if let (true, Some(b)) = (joined, amount_at(toks, k + 1)) {
                if range_amount(a, toks, i + opened) || range_amount(b, toks, k + 1) {
                    found.min = Some(a.0.min(b.0));
                    found.max = Some(a.0.max(b.0));
                    i = k + 1 + b.1;
                    continue;
                }
            }
        }
        // "who charged me 142", "billed 85 yesterday": the number after a charge verb is its
        // amount ("charged me 3 times" is a count).
        if matches!(w(i), "charged" | "billed" | "debited") && found.exact.is_none() {
            let k = i + 1 + usize::from(matches!(w(i + 1), "me" | "us"));
            if let Some((a, used, _)) = amount_at(toks, k) {
                if !matches!(w(k + used), "times" | "time" | "x" | "days" | "weeks" | "months") {
                    found.exact = Some(a);
                    i = k + used;
                    continue;
                }
            }
        }
        // "exactly 17.99", "charges of $17.99", "anything for 17.99": that amount only.
        let strong = matches!(w(i), "exactly" | "exact");
        if strong || matches!(w(i), "of" | "for") {
            if let Some((a, used, true)) = amount_at(toks, i + 1).map(|a| (a.0, a.1, strong || a.2)) {
                (found.min, found.max, found.exact) = (Some(a), Some(a), Some(a));
                (found.min_strict, found.max_strict) = (false, false);
                i += 1 + used;
                continue;
            }
        }
        // The max phrases come first: "no more than" must not read as "more than".
        let bound = phrase_len(toks, i, &MAX_PHRASES)
            .map(|(n, strict)| (false, n, strict))
            .or_else(|| phrase_len(toks, i, &MIN_PHRASES).map(|(n, strict)| (true, n, strict)));
        if let Some((lower, n, strict)) = bound {
            if let Some((a, used, _)) = amount_at(toks, i + n) {
                match lower {
                    true => (found.min, found.min_strict) = (Some(a), strict),
                    false => (found.max, found.max_strict) = (Some(a), strict),
                }
                i += n + used;
                continue;
            }
        }
        if let Some((a, used, money)) = amount_at(toks, i) {
            if let Some((lower, n)) = suffix_at(toks, i + used) {
                match lower {
                    true => (found.min, found.min_strict) = (Some(a), false),
                    false => (found.max, found.max_strict) = (Some(a), false),
                }
                i += used + n;
                continue;
            }
            if money && found.exact.is_none() {
                found.exact = Some(a);
                i += used;
                continue;
            }
        }
        i += 1;
    }
    found
}
