//! Digit rules of the egress guard: known account numbers, Luhn card numbers, phone numbers,
//! long digit runs and, at `minimal`, any digit. Shapes that ordinary `summary`/`full` texts
//! contain (grouped amounts, dates) are recognised so that they do not trip the long-run rule.

use crate::words::Words;
use super::normalize::{digit_value, Norm};
use super::{violation, EgressViolation, KnownDigits, ViolationKind};
use crate::crypto::secret::SecretString;
use zeroize::Zeroizing;

/// Fewest digits for the long-run rule.
pub(crate) const LONG_RUN_DIGITS: usize = 9;
/// Most digits an exempt grouped amount may have (below the shortest card number).
pub(crate) const MAX_AMOUNT_DIGITS: usize = 12;
/// Digits of a segment scanned for card numbers (longer segments are long runs anyway).
const CARD_SCAN: usize = 1024;
/// Longest separator sequence that keeps two groups in one piece (see [`segments`]).
const MAX_SEP: usize = 3;
/// Fewest digits of a number written near "acct", "account" or "#" that is blocked as an
/// account number (shorter than [`LONG_RUN_DIGITS`]: third-party account numbers are often
/// 7 or 8 digits).
pub(crate) const ACCOUNT_DIGITS: usize = 7;
/// How far before a number the account words are looked for (normalised characters).
const ACCOUNT_CONTEXT: usize = 16;

/// A run of digits joined across any non-alphanumeric characters and isolated single letters
/// ("4111 1111-1111.1111", "4539|1488", "7391a8456b2057"). No `Debug`: it holds digits of the
/// checked text.
pub(crate) struct Run {
    /// Digit values.
    pub digits: Vec<u8>,
    /// Normalised position of each digit.
    pub pos: Vec<usize>,
    /// Groups of adjacent digits: (index of first digit in `digits`, count).
    pub groups: Vec<(usize, usize)>,
    /// Separator sequences between groups: normalised [start, end).
    pub seps: Vec<(usize, usize)>,
    /// Whether the whole run is an exempt money amount.
    pub amount: bool,
}

impl Run {
    fn start(&self) -> usize {
        self.pos.first().copied().unwrap_or(0)
    }

    fn end(&self) -> usize {
        self.pos.last().map_or(0, |p| p + 1)
    }
}

/// Characters that may separate the groups of one number inside a piece ("1,234.56",
/// "2026-11-21", "4111-1111"). Anything else between digits (spaces, `|`, `=`, `~`, a single
/// letter, a long sequence) still joins the run but cuts it into pieces.
fn is_piece_sep(c: char) -> bool {
    matches!(c, '-' | '.' | '/' | '_' | '\'' | '(' | ')' | ',' | ':')
}

/// A letter standing alone between non-letters ("7391a8456"): it joins digits.
fn single_letter(norm: &Norm, j: usize) -> bool {
    norm.at(j).is_alphabetic() && !norm.before(j).is_alphabetic() && !norm.at(j + 1).is_alphabetic()
}

/// End of the separator starting at `i`: any run of non-alphanumeric characters and isolated
/// single letters. `i` itself when there is none.
fn sep_end(norm: &Norm, i: usize) -> usize {
    let n = norm.len();
    let mut j = i;
    while j < n {
        let c = norm.at(j);
        if !c.is_alphanumeric() || single_letter(norm, j) {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// Splits the normalised text into digit runs (linear).
pub(crate) fn digit_runs(norm: &Norm) -> Vec<Run> {
    let mut runs = Vec::new();
    let n = norm.len();
    let mut i = 0;
    while i < n {
        if !norm.at(i).is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut run = Run {
            digits: Vec::new(),
            pos: Vec::new(),
            groups: Vec::new(),
            seps: Vec::new(),
            amount: false,
        };
        loop {
            let first = run.digits.len();
            while let Some(d) = norm.at(i).to_digit(10) {
                run.digits.push(d as u8);
                run.pos.push(i);
                i += 1;
            }
            run.groups.push((first, run.digits.len() - first));
            let j = sep_end(norm, i);
            if j > i && norm.at(j).is_ascii_digit() {
                run.seps.push((i, j));
                i = j;
            } else {
                break;
            }
        }
        run.amount = exempt_amount(norm, &run);
        runs.push(run);
    }
    runs
}

/// The separator between group `g` and `g + 1`, when it is a single character.
fn single_sep(norm: &Norm, run: &Run, g: usize) -> Option<char> {
    let &(s, e) = run.seps.get(g)?;
    (e == s + 1).then(|| norm.at(s))
}

/// Whether separator `g` cuts the run into pieces: anything but 1-[`MAX_SEP`] characters of
/// [`is_piece_sep`] (a single `,` included).
fn sep_cuts(norm: &Norm, run: &Run, g: usize) -> bool {
    run.seps.get(g).is_some_and(|&(s, e)| {
        e - s > MAX_SEP
            || (s..e).any(|k| !is_piece_sep(norm.at(k)))
            || (e - s > 1 && (s..e).any(|k| norm.at(k) == ','))
    })
}

fn group_len(run: &Run, g: usize) -> usize {
    run.groups.get(g).map_or(0, |x| x.1)
}

fn group_value(run: &Run, g: usize) -> u32 {
    let Some(&(first, len)) = run.groups.get(g) else {
        return u32::MAX;
    };
    let mut v: u32 = 0;
    for k in first..first + len.min(9) {
        v = v * 10 + u32::from(run.digits.get(k).copied().unwrap_or(0));
    }
    v
}

fn digits_in(run: &Run, a: usize, b: usize) -> usize {
    (a..b).map(|g| group_len(run, g)).sum()
}

/// Whether groups `a..b` read as a money amount: ungrouped 1-7 digits or 1-3 digits then
/// groups of 3 with one grouping separator, optionally a different decimal separator and 1-3
/// decimals; at most [`MAX_AMOUNT_DIGITS`] digits.
fn amount_shaped(norm: &Norm, run: &Run, a: usize, b: usize) -> bool {
    if b <= a || digits_in(run, a, b) > MAX_AMOUNT_DIGITS {
        return false;
    }
    let int_ok = |end: usize, dec: Option<char>| -> bool {
        if end == a + 1 {
            return (1..=7).contains(&group_len(run, a));
        }
        if !(1..=3).contains(&group_len(run, a)) {
            return false;
        }
        let Some(gs) = single_sep(norm, run, a) else {
            return false;
        };
        if !matches!(gs, ',' | '.' | ' ' | '\'') || Some(gs) == dec {
            return false;
        }
        (a + 1..end).all(|g| group_len(run, g) == 3)
            && (a + 1..end).all(|g| single_sep(norm, run, g - 1) == Some(gs))
    };
    if int_ok(b, None) {
        return true;
    }
    if b - a >= 2 {
        let last = b - 1;
        if let Some(d) = single_sep(norm, run, last - 1) {
            if matches!(d, '.' | ',') && (1..=3).contains(&group_len(run, last)) {
                return int_ok(last, Some(d));
            }
        }
    }
    false
}

/// Whether groups `a..b` are a valid calendar date (Y-M-D, D.M.Y, M/D/Y, two-digit years).
fn date_shaped(norm: &Norm, run: &Run, a: usize, b: usize) -> bool {
    if b != a + 3 {
        return false;
    }
    let (Some(s1), Some(s2)) = (single_sep(norm, run, a), single_sep(norm, run, a + 1)) else {
        return false;
    };
    if s1 != s2 || !matches!(s1, '-' | '/' | '.') {
        return false;
    }
    let lens = [
        group_len(run, a),
        group_len(run, a + 1),
        group_len(run, a + 2),
    ];
    let vals = [
        group_value(run, a),
        group_value(run, a + 1),
        group_value(run, a + 2),
    ];
    let md = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    let short = |l: usize| (1..=2).contains(&l);
    match lens {
        [4, m, d] if short(m) && short(d) => {
            (1900..=2199).contains(&vals[0]) && md(vals[1], vals[2])
        }
        [x, y, yl] if short(x) && short(y) && (yl == 4 || yl == 2) => {
            (yl == 2 || (1900..=2199).contains(&vals[2]))
                && (md(vals[1], vals[0]) || md(vals[0], vals[1]))
        }
        _ => false,
    }
}

/// Whether groups `a..b` are a time of day ("14:05", "9:30").
fn time_shaped(norm: &Norm, run: &Run, a: usize, b: usize) -> bool {
    b == a + 2
        && single_sep(norm, run, a) == Some(':')
        && (1..=2).contains(&group_len(run, a))
        && group_len(run, a + 1) == 2
        && group_value(run, a) < 24
        && group_value(run, a + 1) < 60
}

/// Whether group `a..b` is one day of the month written next to a month name ("Nov 21").
fn b_is_day(norm: &Norm, run: &Run, a: usize, b: usize) -> bool {
    if b != a + 1 || !(1..=2).contains(&group_len(run, a)) {
        return false;
    }
    let Some(&(f, l)) = run.groups.get(a) else {
        return false;
    };
    let s = run.pos.get(f).copied().unwrap_or(0);
    let e = run.pos.get(f + l - 1).map_or(0, |p| p + 1);
    (1..=31).contains(&group_value(run, a)) && month_adjacent(norm, s, e)
}

/// Whether the single group `a..b` is a day next to a month name, or a year (1900-2199) next to
/// a month name or right after such a day ("Nov 1, 2026", "1 Nov 2026").
fn calendar_word(norm: &Norm, run: &Run, a: usize, b: usize, after_day: bool) -> bool {
    if b_is_day(norm, run, a, b) {
        return true;
    }
    if b != a + 1 || group_len(run, a) != 4 || !(1900..=2199).contains(&group_value(run, a)) {
        return false;
    }
    let Some(&(f, l)) = run.groups.get(a) else {
        return false;
    };
    let s = run.pos.get(f).copied().unwrap_or(0);
    let e = run.pos.get(f + l - 1).map_or(0, |p| p + 1);
    after_day || month_adjacent(norm, s, e)
}

/// Currency symbols (a subset of Unicode Sc plus the common ones outside the block).
pub(crate) fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '¢' | '£' | '¤' | '¥' | '€' | '\u{20A0}'
            ..='\u{20CF}'
                | '\u{FFE0}'
                | '\u{FFE1}'
                | '\u{FFE5}'
                | '\u{FFE6}'
                | '\u{058F}'
                | '\u{060B}'
                | '\u{09F3}'
                | '\u{0E3F}'
                | '\u{17DB}'
                | '\u{FDFC}'
    )
}

/// Common ISO 4217 codes written next to amounts.
const CURRENCY_CODES: Words = Words(
    "USD|EUR|GBP|JPY|BRL|AUD|CAD|CHF|CNY|HKD|INR|MXN|NZD|SEK|NOK|DKK|PLN|ZAR|SGD|KRW|TRY\
    |CZK|HUF|ILS|KWD|BHD",
);

/// The three letters at `i..i+3` form a standalone currency code.
fn code_at(norm: &Norm, i: usize) -> bool {
    let w: String = (i..i + 3).map(|k| norm.at(k)).collect();
    CURRENCY_CODES.contains(w.as_str())
        && !norm.before(i).is_alphanumeric()
        && !norm.at(i + 3).is_alphanumeric()
}

/// Whether a currency marker touches the normalised span [start, end) (a sign and one space
/// may sit between).
pub(crate) fn currency_adjacent(norm: &Norm, start: usize, end: usize) -> bool {
    // before
    let mut i = start;
    for _ in 0..3 {
        let c = norm.before(i);
        if is_currency_symbol(c) {
            return true;
        }
        if c == ' ' || c == '-' || c == '+' {
            i -= 1;
            continue;
        }
        if c.is_ascii_uppercase() && i >= 3 && code_at(norm, i - 3) {
            return true;
        }
        break;
    }
    // after
    let mut j = end;
    for _ in 0..2 {
        let c = norm.at(j);
        if is_currency_symbol(c) {
            return true;
        }
        if c == ' ' {
            j += 1;
            continue;
        }
        // "R$", "US$", "A$" written after the number
        let prefixed = (c.is_ascii_uppercase() && is_currency_symbol(norm.at(j + 1)))
            || (c.is_ascii_uppercase()
                && norm.at(j + 1).is_ascii_uppercase()
                && is_currency_symbol(norm.at(j + 2)));
        return prefixed || (c.is_ascii_uppercase() && code_at(norm, j));
    }
    false
}

fn exempt_amount(norm: &Norm, run: &Run) -> bool {
    let d = run.digits.len();
    amount_shaped(norm, run, 0, run.groups.len())
        && (d < LONG_RUN_DIGITS || currency_adjacent(norm, run.start(), run.end()))
}

/// A short known number (4-5 digits) as one value: its length times 10^5 plus its value, so
/// that "0123" and "00123" differ.
fn short_code(len: usize, value: u32) -> u32 {
    (len as u32) * 100_000 + value
}

/// Reduces known numbers to zeroized digit windows.
pub(crate) fn known_digits(known: &[SecretString]) -> KnownDigits {
    let all: Vec<Zeroizing<Vec<u8>>> = known
        .iter()
        .map(|s| Zeroizing::new(s.expose().chars().filter_map(digit_value).collect()))
        .filter(|d: &Zeroizing<Vec<u8>>| d.len() >= 4)
        .collect();
    let n8: usize = all.iter().map(|d| d.len().saturating_sub(7)).sum();
    let mut k = KnownDigits {
        whole6: Zeroizing::new(Vec::with_capacity(all.len())),
        whole7: Zeroizing::new(Vec::with_capacity(all.len())),
        win8: Zeroizing::new(Vec::with_capacity(n8)),
        last4: Zeroizing::new(Vec::with_capacity(all.len())),
        short: Zeroizing::new(Vec::new()),
    };
    let value = |ds: &[u8]| ds.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
    for d in &all {
        match d.len() {
            4 | 5 => {
                k.short.push(short_code(d.len(), value(d)));
                continue;
            }
            6 => k.whole6.push(value(d)),
            7 => k.whole7.push(value(d)),
            _ => k.win8.extend(d.windows(8).map(value)),
        }
        k.last4.push(value(d.get(d.len() - 4..).unwrap_or(&[])));
    }
    for v in [
        &mut k.whole6,
        &mut k.whole7,
        &mut k.win8,
        &mut k.last4,
        &mut k.short,
    ] {
        crate::sort::sort(v);
        v.dedup();
    }
    k
}

/// Known-number rule: the text's digits joined across any non-alphanumeric characters and
/// isolated single letters (a word of two or more letters breaks the join).
pub(crate) fn check_known(
    norm: &Norm,
    known: &KnownDigits,
    minimal: bool,
) -> Result<(), EgressViolation> {
    let mut w: u32 = 0;
    let mut streak = 0usize;
    let mut ring = [0usize; 8];
    let hit = |set: &Zeroizing<Vec<u32>>, v: u32| !set.is_empty() && set.binary_search(&v).is_ok();
    for (i, &c) in norm.chars.iter().enumerate() {
        if let Some(d) = c.to_digit(10) {
            w = (w % 10_000_000) * 10 + d;
            if let Some(slot) = ring.get_mut(streak % 8) {
                *slot = i;
            }
            streak += 1;
            let start = |len: usize| ring.get((streak - len) % 8).copied().unwrap_or(i);
            let found = if streak >= 8 && hit(&known.win8, w) {
                Some(8)
            } else if streak >= 7 && hit(&known.whole7, w % 10_000_000) {
                Some(7)
            } else if streak >= 6 && hit(&known.whole6, w % 1_000_000) {
                Some(6)
            } else if minimal && streak >= 4 && hit(&known.last4, w % 10_000) {
                Some(4)
            } else {
                None
            };
            if let Some(len) = found {
                return Err(violation(norm, ViolationKind::KnownNumber, start(len)));
            }
        } else if c.is_alphanumeric() && !single_letter(norm, i) {
            streak = 0;
        }
    }
    Ok(())
}

/// Short known numbers (4-5 digits) are never shown: a group of exactly that number written
/// as an account reference ("••7391", "ending 7391", "acct 7391") is blocked at every level.
pub(crate) fn check_short_known(
    norm: &Norm,
    runs: &[Run],
    known: &KnownDigits,
) -> Result<(), EgressViolation> {
    if known.short.is_empty() {
        return Ok(());
    }
    for run in runs {
        // group ends, as digit indices
        let ends: Vec<usize> = run.groups.iter().map(|&(f, l)| f + l).collect();
        for &(first, _) in &run.groups {
            let at = run.pos.get(first).copied().unwrap_or(0);
            if !account_marked(norm, at) {
                continue;
            }
            // the id written whole from here, joined across separators ("••7 3 9 1")
            for len in 4..=5 {
                if !ends.contains(&(first + len)) {
                    continue;
                }
                let v = (first..first + len).fold(0u32, |v, k| {
                    v * 10 + u32::from(run.digits.get(k).copied().unwrap_or(0))
                });
                if known.short.binary_search(&short_code(len, v)).is_ok() {
                    return Err(violation(norm, ViolationKind::KnownNumber, at));
                }
            }
        }
    }
    Ok(())
}

/// Whether the number starting at normalised `at` is written as an account reference: a mask
/// character (`•`, `*`, `…`, `x`, `#`) right before it, or an account word shortly before.
fn account_marked(norm: &Norm, at: usize) -> bool {
    if matches!(norm.before(at), '•' | '*' | '…' | 'x' | 'X' | '#' | '·') {
        return true;
    }
    account_context(norm, at)
        || preceding_word(norm, at, 3).is_some_and(|w| {
            matches!(
                w.as_str(),
                "ending" | "ends" | "in" | "last" | "no" | "number"
            )
        })
}

/// The lower-cased word ending at most `gap` non-alphanumerics before `at`.
fn preceding_word(norm: &Norm, at: usize, gap: usize) -> Option<String> {
    let mut e = at;
    while e > 0 && at - e < gap && !norm.before(e).is_alphanumeric() {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && norm.before(s).is_alphabetic() && e - s < 12 {
        s -= 1;
    }
    (s < e).then(|| (s..e).flat_map(|k| norm.at(k).to_lowercase()).collect())
}

/// Whether "acct", "account", "a/c" or `#` occurs in the [`ACCOUNT_CONTEXT`] characters before
/// `at`.
pub(crate) fn account_context(norm: &Norm, at: usize) -> bool {
    let s = at.saturating_sub(ACCOUNT_CONTEXT);
    let window: String = (s..at).flat_map(|k| norm.at(k).to_lowercase()).collect();
    window.contains('#')
        || window.contains("acct")
        || window.contains("account")
        || window.contains("a/c")
}

fn luhn_double(d: u8) -> u32 {
    let x = u32::from(d) * 2;
    if x > 9 {
        x - 9
    } else {
        x
    }
}

/// Card rule: any 13-19 digit window of a suspect segment that passes Luhn (prefix sums:
/// linear).
pub(crate) fn check_cards(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs.iter().filter(|r| r.digits.len() >= 13 && !r.amount) {
        let segs = segments(norm, run);
        if segs.iter().all(|&(a, b)| b - a < 13) {
            continue;
        }
        let n = run.digits.len();
        // plain[p][i] / dbl[p][i]: sums over j < i with j % 2 == p.
        let mut plain = [vec![0u32; n + 1], vec![0u32; n + 1]];
        let mut dbl = [vec![0u32; n + 1], vec![0u32; n + 1]];
        for (j, &d) in run.digits.iter().enumerate() {
            for p in 0..2 {
                let (pl, db) = if j % 2 == p {
                    (u32::from(d), luhn_double(d))
                } else {
                    (0, 0)
                };
                let prev_p = plain[p].get(j).copied().unwrap_or(0);
                let prev_d = dbl[p].get(j).copied().unwrap_or(0);
                if let Some(x) = plain[p].get_mut(j + 1) {
                    *x = prev_p + pl;
                }
                if let Some(x) = dbl[p].get_mut(j + 1) {
                    *x = prev_d + db;
                }
            }
        }
        let range = |v: &Vec<u32>, s: usize, e: usize| {
            v.get(e).copied().unwrap_or(0) - v.get(s).copied().unwrap_or(0)
        };
        for &(a, b) in &segs {
            // Past the first CARD_SCAN digits a segment is blocked as a long run anyway.
            for s in a..b.min(a + CARD_SCAN) {
                for len in 13..=19 {
                    let e = s + len;
                    if e > b {
                        break;
                    }
                    // The check digit (e - 1) is not doubled; digits of the other parity are.
                    let keep = (e - 1) % 2;
                    let sum = range(&plain[keep], s, e) + range(&dbl[1 - keep], s, e);
                    if sum % 10 == 0 {
                        let at = run.pos.get(s).copied().unwrap_or(0);
                        return Err(violation(norm, ViolationKind::CardNumber, at));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether separator `g` is a short phone-style separator: 1-3 non-alphanumeric characters,
/// no `,` (which groups amounts) and no letter.
fn phone_sep(norm: &Norm, run: &Run, g: usize) -> bool {
    run.seps.get(g).is_some_and(|&(s, e)| {
        e - s <= MAX_SEP && (s..e).all(|k| !norm.at(k).is_alphanumeric() && norm.at(k) != ',')
    })
}

/// Phone-number shapes (see the module documentation of `egress`), anywhere among the groups
/// of a run: `+` and 7+ digits, `ddd?ddd?dddd`, `1?ddd?ddd?dddd`, `ddd-dddd` (with `?` any
/// short separator).
pub(crate) fn check_phones(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs.iter().filter(|r| !r.amount) {
        let start = run.start();
        let before = norm.before(start);
        let plus = before == '+' || (before == ' ' && start >= 2 && norm.before(start - 1) == '+');
        if plus && run.digits.len() >= 7 {
            return Err(violation(norm, ViolationKind::PhoneNumber, start));
        }
        let lens: Vec<usize> = run.groups.iter().map(|g| g.1).collect();
        for g in 0..lens.len() {
            let at = |k: usize| lens.get(g + k).copied().unwrap_or(0);
            let seps = |k: usize| (0..k).all(|x| phone_sep(norm, run, g + x));
            let first_digit = run.groups.get(g).and_then(|&(f, _)| run.digits.get(f));
            let dash = |x: usize| {
                run.seps.get(g + x).is_some_and(|&(s, e)| {
                    e == s + 1 && matches!(norm.at(s), '-' | '~' | '|' | '=' | '_' | '+')
                })
            };
            let (s, e) = (
                run.groups.get(g).map_or(0, |&(f, _)| f),
                run.groups.get(g + 1).map_or(0, |&(f, l)| f + l),
            );
            let seven_amount = currency_adjacent(
                norm,
                run.pos.get(s).copied().unwrap_or(0),
                run.pos.get(e.saturating_sub(1)).map_or(0, |p| p + 1),
            );
            let phone = ((at(0), at(1), at(2)) == (3, 3, 4) && seps(2))
                || ((at(0), at(1), at(2), at(3)) == (1, 3, 3, 4)
                    && seps(3)
                    && first_digit == Some(&1))
                || ((at(0), at(1)) == (3, 4) && dash(0) && !seven_amount);
            if phone {
                let p = run.pos.get(s).copied().unwrap_or(start);
                return Err(violation(norm, ViolationKind::PhoneNumber, p));
            }
        }
    }
    Ok(())
}

/// The suspect parts of a run, as [start, end) digit indices. The run is cut into pieces at
/// separators containing a space; benign pieces are dropped and consecutive other pieces
/// joined. Benign: a valid date; an amount within one piece (2+ groups, e.g. "1.234,56") of
/// under 9 digits or touching a currency marker; an amount grouped by spaces across pieces
/// ("1 234 567,89 €", at most 6 pieces) only when it touches a currency marker. An exempt
/// amount run has no suspect part.
pub(crate) fn segments(norm: &Norm, run: &Run) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if run.amount {
        return out;
    }
    // piece boundaries: group index where each piece starts
    let groups = run.groups.len();
    let mut starts = vec![0usize];
    for g in 1..groups {
        if sep_cuts(norm, run, g - 1) {
            starts.push(g);
        }
    }
    starts.push(groups);
    let span = |a: usize, b: usize| {
        let first = run.groups.get(a).map_or(0, |g| g.0);
        let last = first + digits_in(run, a, b);
        (
            first,
            last,
            run.pos.get(first).copied().unwrap_or(0),
            run.pos.get(last.saturating_sub(1)).map_or(0, |p| p + 1),
        )
    };
    let mut cur: Option<(usize, usize)> = None;
    let mut p = 0usize;
    let pieces = starts.len() - 1;
    let mut after_day = false;
    while p < pieces {
        let a = starts.get(p).copied().unwrap_or(groups);
        // the longest benign sequence of pieces starting at p
        let mut benign_to = None;
        for q in (p + 1..=pieces.min(p + 6)).rev() {
            let b = starts.get(q).copied().unwrap_or(groups);
            let (f, l, s, e) = span(a, b);
            let ok = if q == p + 1 {
                date_shaped(norm, run, a, b)
                    || time_shaped(norm, run, a, b)
                    || calendar_word(norm, run, a, b, after_day)
                    || (b - a >= 2
                        && amount_shaped(norm, run, a, b)
                        && (currency_adjacent(norm, s, e)
                            || (l - f < ACCOUNT_DIGITS
                                || (l - f < LONG_RUN_DIGITS && !account_context(norm, s)))))
            } else {
                amount_shaped(norm, run, a, b) && currency_adjacent(norm, s, e)
            };
            if ok {
                benign_to = Some(q);
                break;
            }
        }
        after_day = benign_to == Some(p + 1)
            && b_is_day(norm, run, a, starts.get(p + 1).copied().unwrap_or(groups));
        match benign_to {
            Some(q) => {
                out.extend(cur.take());
                p = q;
            }
            None => {
                let b = starts.get(p + 1).copied().unwrap_or(groups);
                let (f, l, _, _) = span(a, b);
                cur = Some(match cur {
                    Some((s0, _)) => (s0, l),
                    None => (f, l),
                });
                p += 1;
            }
        }
    }
    out.extend(cur);
    out
}

/// Long-run rule: 9+ digits in a suspect segment of a run; 7+ when "acct", "account" or `#`
/// comes shortly before it (an account number).
pub(crate) fn check_long_runs(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs.iter().filter(|r| r.digits.len() >= ACCOUNT_DIGITS) {
        if run.amount {
            // "acct no. 8765432" reads as an ungrouped amount, but no currency marks it.
            let at = run.start();
            if !currency_adjacent(norm, at, run.end()) && account_context(norm, at) {
                return Err(violation(norm, ViolationKind::AccountNumber, at));
            }
            continue;
        }
        for (a, b) in segments(norm, run) {
            let at = run.pos.get(a).copied().unwrap_or(0);
            if b - a >= LONG_RUN_DIGITS {
                return Err(violation(norm, ViolationKind::LongDigitRun, at));
            }
            if b - a >= ACCOUNT_DIGITS && account_context(norm, at) {
                return Err(violation(norm, ViolationKind::AccountNumber, at));
            }
        }
    }
    Ok(())
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a month name sits right before or after the span [start, end).
pub(crate) fn month_adjacent(norm: &Norm, start: usize, end: usize) -> bool {
    let word_before = {
        let mut e = start;
        while e > 0 && matches!(norm.before(e), ' ' | ',' | '.') && start - e < 2 {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && norm.before(s).is_alphabetic() && e - s < 10 {
            s -= 1;
        }
        (s..e)
            .map(|k| norm.at(k).to_ascii_lowercase())
            .collect::<String>()
    };
    let word_after = {
        let mut s = end;
        while matches!(norm.at(s), ' ' | ',' | '.') && s - end < 2 {
            s += 1;
        }
        let mut e = s;
        while norm.at(e).is_alphabetic() && e - s < 10 {
            e += 1;
        }
        (s..e)
            .map(|k| norm.at(k).to_ascii_lowercase())
            .collect::<String>()
    };
    MONTHS.contains(&word_before.as_str()) || MONTHS.contains(&word_after.as_str())
}

/// Whether groups `a..a + 2` are a month and day written with a slash ("10/15", "15/10").
fn month_day_shaped(norm: &Norm, run: &Run, a: usize) -> bool {
    if single_sep(norm, run, a) != Some('/')
        || !(1..=2).contains(&group_len(run, a))
        || !(1..=2).contains(&group_len(run, a + 1))
    {
        return false;
    }
    let (x, y) = (group_value(run, a), group_value(run, a + 1));
    let md = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    md(x, y) || md(y, x)
}

/// `summary` rule: no exact date. A day of the month next to a month name ("Oct 3",
/// "3 October", "October 3, 2026"), a calendar date ("2026-10-02", "10/2/2026") or a month
/// and day with a slash ("10/15") is a [`ViolationKind::Date`]. Numbers a currency marker
/// touches are amounts, not days. `summary` texts name months and years, never days.
pub(crate) fn check_summary_dates(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs {
        let n = run.groups.len();
        for g in 0..n {
            let Some(&(f, l)) = run.groups.get(g) else {
                continue;
            };
            let s = run.pos.get(f).copied().unwrap_or(0);
            let e = run.pos.get(f + l - 1).map_or(0, |p| p + 1);
            let day = b_is_day(norm, run, g, g + 1) && !currency_adjacent(norm, s, e);
            let dated = (g + 3 <= n && date_shaped(norm, run, g, g + 3))
                || (g + 2 <= n && month_day_shaped(norm, run, g));
            if day || dated {
                return Err(violation(norm, ViolationKind::Date, s));
            }
        }
    }
    Ok(())
}

/// `minimal` rule: no numeric character at all.
pub(crate) fn check_any_digit(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    let Some(i) = norm.chars.iter().position(|c| c.is_numeric()) else {
        return Ok(());
    };
    let kind = match runs.iter().find(|r| r.start() == i) {
        Some(run) if currency_adjacent(norm, run.start(), run.end()) => ViolationKind::Amount,
        Some(run)
            if date_shaped(norm, run, 0, run.groups.len())
                || month_adjacent(norm, run.start(), run.end()) =>
        {
            ViolationKind::Date
        }
        _ => ViolationKind::Digits,
    };
    Err(violation(norm, kind, i))
}
