//! Merchants: matched against the names in the vault, or, without a match, the phrase the
//! person wrote.
//!
//! Matching is insensitive to case, spacing and punctuation and ignores the noise banks add to
//! descriptors ("SQ *", "TST*", "AMZN Mktp", store numbers), with a short alias list for
//! the usual abbreviations; the longest match wins ("uber eats" over "uber"). Without a match
//! the merchant is the words after "at", "from", "on", "to", "with", "in", "for" or "paid"
//! that are not a period, category, account or function word ("spend at whole foods",
//! "payments to elia greek restaurant"), or a capitalised name ("Did I shop at Godaddy").

use super::account::kind_word;
use super::lexicon::{category_phrase_at, is_category_word, misspelt_category};
use super::period::{distance, month_of, one_swap, unit_of};
use super::tokens::Token;
use crate::words::Words;

/// Abbreviations and descriptor spellings, and the name people use.
const ALIASES: &[(&str, &str)] = &[
    ("amzn", "amazon"),
    ("amzn mktp", "amazon"),
    ("amazon marketplace", "amazon"),
    ("wholefds", "whole foods"),
    ("wfm", "whole foods"),
    ("mcd", "mcdonalds"),
    ("mcdonald", "mcdonalds"),
    ("sbux", "starbucks"),
    ("starbux", "starbucks"),
    ("strbucks", "starbucks"),
    ("bk", "burger king"),
    ("cvs pharmacy", "cvs"),
    ("wal mart", "walmart"),
    ("walgreen", "walgreens"),
    ("netflix com", "netflix"),
    ("paypal", "paypal"),
    ("att", "at t"),
];

/// Short forms people type for a merchant whose name they shorten ("amc", "prime", "tj's",
/// "hd"): read as the full name's words when matching the vault, never applied to the
/// vault's own names (where "amc" would become "amc theatres theatres").
const SHORT_FORMS: &[(&str, &str)] = &[
    ("amc", "amc theatres"),
    ("prime", "amazon prime"),
    ("tj", "trader joes"),
    ("tjs", "trader joes"),
    ("hd", "home depot"),
    // Nicknames people type for the big chains.
    ("starbs", "starbucks"),
    ("starbies", "starbucks"),
    ("dunks", "dunkin"),
    ("tbell", "taco bell"),
    ("cfa", "chick fil a"),
    ("bww", "buffalo wild wings"),
];

/// The matching word for one typed token: its short form's full name, else its normalised
/// words run together.
fn query_word(lower: &str) -> String {
    match SHORT_FORMS.iter().find(|(short, _)| *short == lower) {
        Some((_, full)) => key_of(full),
        None => normalise(lower).concat(),
    }
}

/// Descriptor noise: processor prefixes and filler words in bank descriptors.
fn is_noise(w: &str) -> bool {
    matches!(
        w,
        "sq" | "tst"
            | "pos"
            | "purchase"
            | "debit"
            | "card"
            | "www"
            | "com"
            | "inc"
            | "llc"
            | "ltd"
            | "co"
            | "store"
            | "mktp"
            | "marketplace"
            | "pp"
            | "paypal"
            | "the"
    ) || w.bytes().all(|b| b.is_ascii_digit())
        || (w.starts_with('#') && w.len() > 1)
}

/// The words of a name for matching: lowercase alphanumerics, descriptor noise dropped,
/// aliases applied. "AMZN Mktp US*2K3" and "Amazon" both become `["amazon", ...]`.
pub fn normalise(name: &str) -> Vec<String> {
    let lower = name.to_lowercase().replace(['\'', '\u{2019}'], "");
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let joined = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let aliased = ALIASES
        .iter()
        .filter(|(from, _)| {
            // `from` then a space, without formatting that string for every alias.
            joined
                .strip_prefix(*from)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        .max_by_key(|(from, _)| from.len())
        .map(|(from, to)| format!("{to}{}", &joined[from.len()..]))
        .unwrap_or(joined);
    let words: Vec<String> = aliased
        .split_whitespace()
        .filter(|w| !is_noise(w) || *w == "paypal" && aliased == "paypal")
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        aliased.split_whitespace().map(str::to_string).collect()
    } else {
        words
    }
}

/// A merchant's matching key: its normalised words without spaces ("wholefoods").
pub fn key_of(name: &str) -> String {
    normalise(name).concat()
}

/// The vault merchant named in the tokens, longest key first. `keys` are [`key_of`] of
/// `names`, in the same order.
pub(super) fn known_merchant(
    toks: &[Token],
    names: &[String],
    keys: &[String],
    parts: &[Vec<String>],
) -> Option<String> {
    let words: Vec<String> = toks.iter().map(|t| query_word(&t.lower)).collect();
    let mut best: Option<(usize, usize)> = None;
    for (k, key) in keys.iter().enumerate() {
        if key.len() < 2 || best.is_some_and(|(len, _)| key.len() <= len) {
            continue;
        }
        if contains_run(&words, key) {
            best = Some((key.len(), k));
        }
    }
    if let Some((_, k)) = best {
        return names.get(k).cloned();
    }
    first_words_match(&words, names, parts).or_else(|| misspelt_merchant(&words, names, keys, parts))
}

/// Common words a merchant name could be one typo away from ("apply" for Apple, "spell" for
/// Shell): never read as a misspelt merchant.
const NOT_MISSPELT: Words = Words(
    "apply|spell|smell|shall|shelf|spent|spend|money|month|total|where|there|their|which|about|price\
     |place|store|shops|every|times|since|today|daily|often|check|owing|stuff|things|target|charge\
     |charges|payment|payments|balance|credit|savings|checking",
);

/// A merchant of the vault written with one typo ("costo", "amazn", "chipotel": a swap of
/// two neighbouring letters counts as one), two for names of eight letters or more
/// ("starbuks"). The typo may be in any word of a name of several: the words typed are
/// compared run together with the whole name ("cheescake factory" for "The Cheesecake
/// Factory"), and a word alone with the name's first word of six letters or more
/// ("chesecake this year"). Only
/// typed text of five letters or more, starting with the name's letter, and only when one
/// merchant is that close: otherwise the phrase stays as written and the answer says it found
/// no such merchant, never a total of everything.
fn misspelt_merchant(
    words: &[String],
    names: &[String],
    keys: &[String],
    parts: &[Vec<String>],
) -> Option<String> {
    // (distance, matched a first word only, index, ambiguous): at the same distance a whole
    // name beats the first word of a longer one ("amzon" is Amazon, not Amazon Prime).
    let mut best: Option<(usize, bool, usize, bool)> = None;
    let mut consider = |typed: &str, target: &str, k: usize, part: bool| {
        if target.len() < 5
            || target.as_bytes().first() != typed.as_bytes().first()
            || target.len().abs_diff(typed.len()) > 2
        {
            return;
        }
        let allowed = if target.len() >= 8 { 2 } else { 1 };
        let d = if one_swap(typed, target) { 1 } else { distance(typed, target) };
        if d == 0 || d > allowed {
            return;
        }
        best = match best {
            Some(b) if (b.0, b.1) < (d, part) => Some(b),
            Some((bd, bp, bk, amb)) if (bd, bp) == (d, part) => {
                Some((bd, bp, bk, amb || names[bk] != names[k]))
            }
            _ => Some((d, part, k, false)),
        };
    };
    for start in 0..words.len() {
        let mut typed = String::new();
        for (n, w) in words.iter().skip(start).take(4).enumerate() {
            if !may_be_misspelt(w) {
                break;
            }
            typed.push_str(w);
            if typed.len() < 5 {
                continue;
            }
            for (k, key) in keys.iter().enumerate() {
                consider(&typed, key, k, false);
                // The first word of a name of several, typed alone, when it is long enough
                // not to be one typo from a common word ("while" is not "Whole Foods").
                let first = parts.get(k).filter(|p| p.len() > 1).and_then(|p| p.first());
                if let Some(first) = first.filter(|f| n == 0 && f.len() >= 6) {
                    consider(&typed, first, k, true);
                }
            }
        }
    }
    best.filter(|b| !b.3).and_then(|(_, _, k, _)| names.get(k).cloned())
}

/// Whether a typed word may be part of a misspelt merchant name: plain letters, and not a
/// word of the message's grammar (a common word, a category, a month, a function word).
fn may_be_misspelt(w: &str) -> bool {
    !w.is_empty()
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_MISSPELT.contains(w)
        && !is_category_word(w)
        && month_of(w).is_none()
        && !BOUNDARY.contains(w)
}

/// A name given by its first words only ("verizon" for "Verizon Wireless"), when exactly one
/// vault merchant starts that way and the words are not too short to mean anything.
fn first_words_match(
    words: &[String],
    names: &[String],
    all_parts: &[Vec<String>],
) -> Option<String> {
    // (matched length, name, ambiguous)
    let mut best: Option<(usize, &String, bool)> = None;
    for (name, parts) in names.iter().zip(all_parts) {
        let Some(first) = parts.first() else { continue };
        // "verizon" for "Verizon Wireless", "wholefoods" for "Whole Foods Market".
        if !words.iter().any(|m| {
            !m.is_empty() && (first.starts_with(m.as_str()) || m.starts_with(first.as_str()))
        }) {
            continue;
        }
        let mut head = String::new();
        let mut longest = 0;
        for w in parts.iter().take(parts.len().saturating_sub(1)) {
            head.push_str(w);
            if head.len() >= 4 && contains_run(words, &head) {
                longest = head.len();
            }
        }
        // "amc" for "AMC Theatres": an acronym that opens the name, typed as a word of its own.
        if longest == 0 && parts.len() > 1 && opens_with_acronym(name) && words.contains(first) {
            longest = first.len();
        }
        if longest == 0 {
            continue;
        }
        best = match best {
            Some((len, n, _)) if len > longest => Some((len, n, best.is_some_and(|b| b.2))),
            Some((len, n, _)) if len == longest && n != name => Some((len, n, true)),
            _ => Some((longest, name, false)),
        };
    }
    best.filter(|(_, _, ambiguous)| !ambiguous)
        .map(|(_, n, _)| n.clone())
}

/// Whether a name opens with an acronym of two to four capitals ("AMC Theatres", "UPS
/// Store") and is not written in capitals throughout (a bank descriptor such as "ATM
/// WITHDRAWAL", whose first word is an ordinary one).
fn opens_with_acronym(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    (2..=4).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_uppercase())
        && name.bytes().any(|b| b.is_ascii_lowercase())
}

/// Whether the typed merchant `wanted` (lower-cased) is written in `hay` (a merchant name or
/// bank descriptor) from the start of one of its words: "bottle" and "blue bottle" are in
/// "SQ *BLUE BOTTLE COFFEE", "off" and "ott" are not (they sit inside "COFFEE" and
/// "Marriott"). A word starts after a character that is not a letter or digit, at a capital
/// after a small letter ("PayPal"), or at a letter after a digit ("7ELEVEN"). Allocates only
/// for non-ASCII text.
pub fn written_in(hay: &str, wanted: &str) -> bool {
    if wanted.is_empty() {
        return true;
    }
    if hay.is_ascii() && wanted.is_ascii() {
        let (h, w) = (hay.as_bytes(), wanted.as_bytes());
        let starts = |i: usize| match (i.checked_sub(1).and_then(|p| h.get(p)), h.get(i)) {
            (None, _) => true,
            (Some(p), Some(c)) => {
                !p.is_ascii_alphanumeric()
                    || p.is_ascii_lowercase() && c.is_ascii_uppercase()
                    || p.is_ascii_digit() && c.is_ascii_alphabetic()
            }
            (Some(_), None) => false,
        };
        return h.len() >= w.len()
            && (0..=h.len() - w.len())
                .any(|i| starts(i) && h.get(i..i + w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w)));
    }
    let lower = hay.to_lowercase();
    lower.match_indices(wanted).any(|(i, _)| {
        lower
            .get(..i)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether a run of consecutive words, concatenated, equals `key` (so "whole foods",
/// "wholefoods" and "Whole-Foods" all match "wholefoods").
fn contains_run(words: &[String], key: &str) -> bool {
    for start in 0..words.len() {
        let mut acc = String::new();
        for w in words.iter().skip(start) {
            if w.is_empty() {
                break;
            }
            acc.push_str(w);
            if acc.len() > key.len() || !key.starts_with(acc.as_str()) {
                break;
            }
            if acc == key {
                return true;
            }
        }
    }
    false
}

/// Words that end a merchant phrase or cannot start one.
const BOUNDARY: Words = Words(
    "i|my|me|a|an|this|that|these|those|last|lst|lsat|next|nxt|past|previous|today\
    |yesterday|tomorrow|since|until|till|between|from|to|at|in|on|for|with|by|during|is\
    |was|are|were|it|and|or|but|any|all|some|total|much|many|anything|something|money\
    |payment|payments|transaction|transactions|purchase|purchases|charges|charge|direct\
    |standing|transfer|refund|average|usual|usually|normally|typically|generally|weekend\
    |weekends|most|least|often|overall|altogether|so|far|far?|than|more|less|over|under\
    |please|as|of|the|your|our|their|his|her|you|we|they|did|do|does|have|has|had|be\
    |been|not|again|now|then|there|here|what|when|how|where|why|who|which|ytd|q1|q2|q3\
    |q4|per|each|every|week|month|year|day|weekend|stuff|things|store|shop|online\
    |contactless|cash|account|excluding|except|besides|without|only|after|before|them\
    |him|us|like|around|about|roughly|approximately|long|just|lately|recently|ago|times\
    |time|same|too|also|because|if|though|spend|spent|spending|paid|pay|buy|bought|get\
    |got|make|made|go|went|used|use|can|could|will|would|should|using|must|didnt|doesnt\
    |dont|cant|cannot|isnt|wasnt|arent|atm|atms|thanks|yet|still|stopped|straightaway\
    |via|vs|versus|compared|compare|against|full",
);

/// Particles and adverbs that make "pay" or "paid" a phrasal verb ("pay off the card", "paid
/// toward it", "paid back", "paid twice"): the word after the verb is then no merchant.
const PAY_PARTICLES: Words = Words(
    "off|toward|towards|down|up|into|onto|back|out|twice|already|extra|ahead|early|late|in|it|them\
     |everything|anything",
);

/// Whether the word at `i` ends a merchant phrase or cannot start one. A category word ends it only at its
/// start ("santore restaurant" is a name; "on groceries" is not).
fn is_boundary(toks: &[Token], i: usize) -> bool {
    let w = toks.get(i).map_or("", |t| t.lower.as_str());
    is_boundary_word(toks, i)
        || is_category_word(w)
        || misspelt_category(w).is_some()
        || category_phrase_at(toks, i)
}

fn is_boundary_word(toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return true };
    let w = t.lower.as_str();
    BOUNDARY.contains(w)
        || month_of(w).is_some()
        // "costco lst mnth": a period's words are never part of a name.
        || unit_of(w).is_some()
        || w.ends_with("day")
        // "what about sundays": the days of a week, never a name.
        || w.ends_with("days")
        || w.starts_with("weekday")
        || w.starts_with("weekend")
        || kind_word(toks, i).is_some()
        || w.bytes().any(|b| b.is_ascii_digit())
        || matches!(w, "$" | "£" | "€")
}

/// A short number that starts a name: "7 eleven" (from "7-Eleven"), "99 ranch", "5 guys":
/// one or two digits followed by a word that is neither a boundary nor a category.
fn number_in_name(toks: &[Token], k: usize) -> bool {
    let Some(t) = toks.get(k) else { return false };
    let short_number = t.lower.len() <= 2 && t.lower.bytes().all(|b| b.is_ascii_digit());
    let next = toks.get(k + 1).map_or("", |n| n.lower.as_str());
    short_number
        && next.bytes().all(|b| b.is_ascii_lowercase())
        && !next.is_empty()
        && !is_boundary(toks, k + 1)
        && super::period::month_of(next).is_none()
        && !super::amount::is_money_word(next)
}

/// The phrase at the start of an excluded part ("amazon" in "aren't from amazon").
pub(super) fn leading_phrase(toks: &[Token]) -> Option<String> {
    phrase_from(toks, 0, true)
}

/// The merchant phrase after a cue word, as written.
fn phrase_after(toks: &[Token], cue: usize, strong: bool) -> Option<String> {
    phrase_from(toks, cue + 1, strong)
}

fn phrase_from(toks: &[Token], first: usize, strong: bool) -> Option<String> {
    let mut start = first;
    if toks.get(start).is_some_and(|t| t.lower == "the") {
        start += 1;
    }
    if names_a_length_of_time(toks, start) {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut k = start;
    while k < toks.len() && words.len() < 5 {
        let t = toks.get(k)?;
        // "Marks and Spencer": a capitalised "and" run stays one name.
        let joins = t.lower == "and"
            && !words.is_empty()
            && toks.get(k + 1).is_some_and(Token::is_capitalised)
            && toks.get(k - 1).is_some_and(Token::is_capitalised);
        let stop = if words.is_empty() {
            is_boundary(toks, k) && !number_in_name(toks, k)
        } else {
            is_boundary_word(toks, k)
        };
        if !joins && stop {
            break;
        }
        words.push(&t.orig);
        k += 1;
    }
    if words.is_empty() {
        return None;
    }
    let capitalised = toks.get(start).is_some_and(Token::is_capitalised);
    (strong || capitalised).then(|| words.join(" "))
}

/// "one day", "a single week", "two months" at `i`: a length of time ("the most I spent in one
/// day"), never a merchant's name.
fn names_a_length_of_time(toks: &[Token], i: usize) -> bool {
    let word = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let count = matches!(
        word(i),
        "one" | "a" | "an" | "single" | "two" | "three" | "few" | "couple"
    ) || word(i).parse::<u32>().is_ok();
    let unit = |w: &str| {
        matches!(
            w.strip_suffix('s').unwrap_or(w),
            "day" | "week" | "month" | "year" | "night" | "weekend"
        )
    };
    count && (unit(word(i + 1)) || word(i + 1) == "single" && unit(word(i + 2)))
}

/// Words that make "to", "on", "with", "in", "for" and "of" introduce a merchant.
const MONEY_WORDS: Words = Words(
    "spend|spent|spending|paid|pay|payment|payments|debit|order|refund|charge|charges\
    |charged|buy|bought|shop|shopped|purchases|purchase|transactions|transaction|money\
    |go|went|been|gone|visit|visited|ordered|much",
);

/// The merchant phrase as written, when no vault merchant matched.
#[cfg(test)]
fn written_merchant(toks: &[Token]) -> Option<String> {
    written_merchant_how(toks).map(|(m, _)| m)
}

/// [`written_merchant`], and whether the phrase looks like a merchant: written after "at",
/// "paid" or "to", capitalised, or a known abbreviation. Words after "on", "for", "in" or
/// "with" ("on stuff for the house", "on weekdays") may name no merchant at all.
pub(super) fn written_merchant_how(toks: &[Token]) -> Option<(String, bool)> {
    let alias = |p: &str| ALIASES.iter().any(|(from, _)| p.eq_ignore_ascii_case(from));
    for (i, t) in toks.iter().enumerate() {
        let strong = match t.lower.as_str() {
            // "pay off on the card", "paid toward my visa": a phrasal verb, not "paid X".
            "paid" | "pay" | "paying"
                if toks
                    .get(i + 1)
                    .is_some_and(|n| PAY_PARTICLES.contains(n.lower.as_str())) =>
            {
                continue
            }
            "at" | "paid" | "pay" | "paying" => true,
            "on" | "to" | "with" | "from" | "in" | "for" | "of" => {
                // "spend on eon", "payments to deliveroo": a money verb or noun before it.
                toks.iter()
                    .take(i)
                    .any(|p| MONEY_WORDS.contains(p.lower.as_str()))
            }
            _ => continue,
        };
        if let Some(p) = phrase_after(toks, i, strong) {
            let sure = matches!(t.lower.as_str(), "at" | "paid" | "pay" | "paying" | "to" | "from")
                || p.starts_with(char::is_uppercase)
                || alias(&p);
            return Some((p, sure));
        }
    }
    capitalised_name(toks)
        .map(|p| (p, true))
        .or_else(|| before_spending(toks).map(|p| (p, false)))
}

/// "rental car spending this year", "pet expenses": the words right before a spending noun,
/// when none of them is a category, kind, period or function word. Unsure (a thing, maybe
/// no merchant): a total of everything would answer a question not understood.
fn before_spending(toks: &[Token]) -> Option<String> {
    let noun = toks.iter().position(|t| {
        matches!(
            t.lower.as_str(),
            "spending" | "expenses" | "expense" | "costs"
        )
    })?;
    // How spending is measured or judged, not what it is on.
    let modifier = |t: &Token| {
        let w = t.lower.as_str();
        w.ends_with("ly")
            || !w.bytes().all(|b| b.is_ascii_alphabetic())
            || MODIFIERS.contains(w)
    };
    let mut start = noun;
    while start > 0
        && noun - start < 3
        && !is_boundary(toks, start - 1)
        && !modifier(&toks[start - 1])
    {
        start -= 1;
    }
    let at_edge = start == 0 || is_boundary_word(toks, start - 1);
    (start < noun && at_edge).then(|| {
        toks[start..noun]
            .iter()
            .map(|t| t.orig.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Words before "spending" that say how it is measured or judged ("avg spending", "my usual
/// spending", "holiday spending" is a period), never what it is on.
const MODIFIERS: Words = Words(
    "avg|average|mean|median|typical|normal|regular|usual|overall|recent|current|total|net|gross\
     |annual|big|biggest|largest|high|highest|low|lowest|huge|crazy|extra|unusual|discretionary\
     |household|personal|everyday|card|credit|debit|checking|savings|account|holiday|christmas|xmas\
     |vacation|trip|travel|impulse|unnecessary|out|top|spending|spend|own|family|joint|business|work\
     |online|whole|entire|full|budget|daily|weekly|yearly|gonna|going|will|would|one|two|three|four\
     |five|six|seven|eight|nine|ten|few|couple|several|other|all|new",
);

/// Words that open a follow-up naming only a merchant ("and trader joes", "what about hbo").
const OPENERS: Words = Words("and|what|about|how|just|only|also|now|ok|okay|so|then|but|n|or");

/// Chat and banking words that no rule above stops but that are never a merchant's name on
/// their own ("balance this month", "and fees", "both last year").
const NOT_NAMES: Words = Words(
    "balance|bal|bill|bills|statement|statements|income|salary|paycheck|paychecks|wages|deposit\
     |deposits|refunds|subscription|subscriptions|subs|fee|fees|interest|credit|limit|apr|due|minimum\
     |min|budget|fraud|alert|alerts|help|hi|hello|hey|thanks|thank|thx|ty|yes|no|yeah|yep|nope|ok\
     |okay|cool|lol|both|either|everything|else|more|again|expenses|expense|outgoings|spendings\
     |earnings|bank|transfers|withdrawals|withdrawal|together|details|breakdown|list|show|tell|sum\
     |avg|summary|categories|category|merchants|merchant|stores|owe|owed|left|net|history|recurring\
     |pending|in|out|income|earned|saved|save|savings|cashflow|bought|rest|whole|entire|half|first\
     |second|third|fourth|end|start|beginning|middle|mid|early|late",
);

/// A message that is only a name and a period ("amc this year", "hbo in march"), or a
/// follow-up that is only a name ("and trader joes"): the name, as written, whatever the
/// vault holds, so that an unknown one gets "no charges at X", never the total of everything.
/// `toks` are the message's words without its period; `dated` says a period was removed.
pub(super) fn bare_name(toks: &[Token], dated: bool) -> Option<String> {
    let opened = toks
        .iter()
        .take_while(|t| OPENERS.contains(t.lower.as_str()))
        .count();
    let name = toks.get(opened..)?;
    let plain = |t: &Token| {
        !t.lower.is_empty()
            && t.lower.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
            && !NOT_NAMES.contains(t.lower.as_str())
    };
    let ok = (dated || opened > 0)
        && (1..=3).contains(&name.len())
        && name.iter().all(plain)
        && (0..name.len()).all(|i| !is_boundary(name, i));
    ok.then(|| name.iter().map(|t| t.orig.as_str()).collect::<Vec<_>>().join(" "))
}

/// A capitalised run that is not the first word ("did I shop at Godaddy", "Is Godaddy...").
fn capitalised_name(toks: &[Token]) -> Option<String> {
    let mut i = 1;
    while i < toks.len() {
        if toks.get(i).is_some_and(Token::is_capitalised) && !is_boundary(toks, i) {
            let mut words = Vec::new();
            while let Some(t) = toks.get(i) {
                if !t.is_capitalised() || is_boundary(toks, i) {
                    break;
                }
                words.push(t.orig.as_str());
                i += 1;
            }
            return Some(words.join(" "));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn known(text: &str, names: &[&str]) -> Option<String> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let keys: Vec<String> = names.iter().map(|n| key_of(n)).collect();
        let parts: Vec<Vec<String>> = names.iter().map(|n| normalise(n)).collect();
        known_merchant(&tokenize(text), &names, &keys, &parts)
    }

    #[test]
    fn normalises_descriptor_noise() {
        assert_eq!(key_of("AMZN Mktp US"), "amazonus");
        assert_eq!(key_of("SQ *Blue Bottle #0423"), "bluebottle");
        assert_eq!(key_of("Whole Foods Market 10234"), "wholefoodsmarket");
        assert_eq!(key_of("TST* Joe's Pizza"), "joespizza");
    }

    #[test]
    fn a_typo_of_a_whole_name_beats_the_first_word_of_a_longer_one() {
        let names = ["Amazon", "Amazon Prime", "Chipotle", "Starbucks"];
        assert_eq!(known("how much at amzon", &names).as_deref(), Some("Amazon"));
        assert_eq!(known("chipotel last week", &names).as_deref(), Some("Chipotle"));
        assert_eq!(known("starbcks", &names).as_deref(), Some("Starbucks"));
        // Two whole names equally close: no winner.
        assert_eq!(known("how much at chipotl", &["Chipotle", "Chipotla"]), None);
    }

    #[test]
    fn longest_vault_match_wins() {
        let names = ["Uber", "Uber Eats", "Whole Foods"];
        assert_eq!(
            known("spent on uber eats", &names).as_deref(),
            Some("Uber Eats")
        );
        assert_eq!(known("my UBER rides", &names).as_deref(), Some("Uber"));
        assert_eq!(
            known("wholefoods in june", &names).as_deref(),
            Some("Whole Foods")
        );
        assert_eq!(
            known("whole-foods?", &names).as_deref(),
            Some("Whole Foods")
        );
        assert_eq!(known("my groceries", &names), None);
    }

    #[test]
    fn first_words_of_one_merchant_match() {
        let names = ["Verizon Wireless", "Blue Bottle Coffee", "Blue Apron"];
        assert_eq!(
            known("verizon bill", &names).as_deref(),
            Some("Verizon Wireless")
        );
        assert_eq!(
            known("blue bottle last month", &names).as_deref(),
            Some("Blue Bottle Coffee")
        );
        // A word run together from a name's first words.
        let names = ["Whole Foods Market", "Whole Earth Bakery"];
        assert_eq!(
            known("wholefoods this year", &names).as_deref(),
            Some("Whole Foods Market")
        );
        // "blue" starts two names, and is too short anyway.
        assert_eq!(known("blue things", &names), None);
    }

    #[test]
    fn aliases_match() {
        assert_eq!(
            known("amzn last month", &["Amazon"]).as_deref(),
            Some("Amazon")
        );
        assert_eq!(
            known("how much at starbux", &["Starbucks", "Stars Cafe"]).as_deref(),
            Some("Starbucks")
        );
    }

    #[test]
    fn written_names_with_numbers_and_visits() {
        let w = |s: &str| written_merchant(&tokenize(s));
        assert_eq!(
            w("how much did i spend at 7-eleven last month").as_deref(),
            Some("7 eleven")
        );
        assert_eq!(
            w("how many times did i go to starbux").as_deref(),
            Some("starbux")
        );
        // A category phrase is not a name.
        assert_eq!(w("how much did i spend on food delivery last month"), None);
        // A number then a money word is an amount, not a name.
        assert_eq!(w("spent at 5 dollars"), None);
    }

    #[test]
    fn lengths_of_time_are_not_merchants() {
        for q in [
            "whats the most i spent in one day",
            "what did i spend in a single day",
            "how much do i spend in a week",
            "money spent in 3 days",
        ] {
            assert_eq!(written_merchant(&tokenize(q)), None, "{q}");
        }
        assert_eq!(
            written_merchant(&tokenize("spent at one medical")).as_deref(),
            Some("one medical")
        );
    }

    #[test]
    fn typed_names_match_from_a_word_start() {
        assert!(written_in("SQ *BLUE BOTTLE COFFEE", "bottle"));
        assert!(written_in("SQ *BLUE BOTTLE COFFEE", "blue bottle"));
        assert!(written_in("Blue Bottle Coffee", "coffee"));
        assert!(written_in("PayPal *Netflix", "pal"));
        assert!(written_in("7ELEVEN 0423", "eleven"));
        assert!(written_in("Café Nero", "nero"));
        assert!(written_in("anything", ""));
        // Inside a word: never.
        for (hay, wanted) in [
            ("Blue Bottle Coffee", "off"),
            ("Marriott", "ott"),
            ("Marriott Hotels", "ott"),
            ("COFFEE", "ee"),
            ("Café Nero", "ero"),
            ("ab", "abc"),
        ] {
            assert!(!written_in(hay, wanted), "{wanted} in {hay}");
        }
    }

    #[test]
    fn particles_after_pay_are_not_merchants() {
        let w = |s: &str| written_merchant(&tokenize(s));
        for q in [
            "how much did i pay off on the card last month",
            "how much have i paid toward the card this year in total",
            "how much did i pay towards my visa",
            "i paid twice for that",
            "paid back in full",
        ] {
            assert_eq!(w(q), None, "{q}");
        }
        // The verb's particle only: a merchant named after it is still one.
        assert_eq!(w("paid twice at starbux").as_deref(), Some("starbux"));
        assert_eq!(w("how much did i pay at Offbeat Books").as_deref(), Some("Offbeat Books"));
        assert_eq!(w("how much did i pay offbeat books").as_deref(), Some("offbeat books"));
        // After "at" the word is as written (no charges there is said so, never a total).
        assert_eq!(w("how much at off this year").as_deref(), Some("off"));
    }

    #[test]
    fn written_phrases() {
        let w = |s: &str| written_merchant(&tokenize(s));
        assert_eq!(
            w("how much did i spend at whole foods in september").as_deref(),
            Some("whole foods")
        );
        assert_eq!(
            w("payments to elia greek restaurant between May 22 and May 29th").as_deref(),
            Some("elia greek restaurant")
        );
        assert_eq!(
            w("contactless payments with Marks and Spencer?").as_deref(),
            Some("Marks and Spencer")
        );
        assert_eq!(
            w("Did I shop at Godaddy this month").as_deref(),
            Some("Godaddy")
        );
        assert_eq!(w("how much did I spend on groceries last month"), None);
        assert_eq!(w("what is my balance"), None);
        assert_eq!(w("spending from Monday"), None);
    }
}
