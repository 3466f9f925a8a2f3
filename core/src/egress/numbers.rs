//! Digit rules of the egress guard: known account numbers, Luhn card numbers, phone numbers,
//! long digit runs and, at `minimal`, any digit. Shapes that ordinary `summary`/`full` texts
//! contain (grouped amounts, dates) are recognised so that they do not trip the long-run rule.

use super::normalize::{digit_value, Norm};
use super::{violation, EgressViolation, KnownDigits, ViolationKind};
use crate::crypto::secret::SecretString;
use zeroize::Zeroizing;

/// Fewest digits for the long-run rule.
pub(crate) const LONG_RUN_DIGITS: usize = 9;
/// Most digits an exempt grouped amount may have (below the shortest card number).
pub(crate) const MAX_AMOUNT_DIGITS: usize = 12;
/// Longest gap of non-alphanumeric characters the known-number rule joins across.
const KNOWN_GAP: usize = 3;
/// Digits of a segment scanned for card numbers (longer segments are long runs anyway).
const CARD_SCAN: usize = 1024;
/// Longest separator sequence inside a digit run.
const MAX_SEP: usize = 3;

/// A run of digits joined by short separator sequences ("4111 1111-1111.1111"). No `Debug`:
/// it holds digits of the checked text.
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

fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '/' | '_' | '\'' | '(' | ')')
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
            // A separator sequence: a single ',' or 1..=MAX_SEP separator characters.
            let mut j = i;
            if norm.at(j) == ',' {
                j += 1;
            } else {
                while j < n && j - i < MAX_SEP && is_sep(norm.at(j)) {
                    j += 1;
                }
            }
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

/// Whether separator `g` contains white space.
fn sep_has_space(norm: &Norm, run: &Run, g: usize) -> bool {
    run.seps
        .get(g)
        .is_some_and(|&(s, e)| (s..e).any(|k| norm.at(k) == ' '))
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
const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "BRL", "AUD", "CAD", "CHF", "CNY", "HKD", "INR", "MXN", "NZD",
    "SEK", "NOK", "DKK", "PLN", "ZAR", "SGD", "KRW", "TRY", "CZK", "HUF", "ILS", "KWD", "BHD",
];

/// The three letters at `i..i+3` form a standalone currency code.
fn code_at(norm: &Norm, i: usize) -> bool {
    let w: String = (i..i + 3).map(|k| norm.at(k)).collect();
    CURRENCY_CODES.contains(&w.as_str())
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

/// Reduces known numbers to zeroized digit windows.
pub(crate) fn known_digits(known: &[SecretString]) -> KnownDigits {
    let all: Vec<Zeroizing<Vec<u8>>> = known
        .iter()
        .map(|s| Zeroizing::new(s.expose().chars().filter_map(digit_value).collect()))
        .filter(|d: &Zeroizing<Vec<u8>>| d.len() >= 6)
        .collect();
    let n8: usize = all.iter().map(|d| d.len().saturating_sub(7)).sum();
    let mut k = KnownDigits {
        whole6: Zeroizing::new(Vec::with_capacity(all.len())),
        whole7: Zeroizing::new(Vec::with_capacity(all.len())),
        win8: Zeroizing::new(Vec::with_capacity(n8)),
        last4: Zeroizing::new(Vec::with_capacity(all.len())),
    };
    let value = |ds: &[u8]| ds.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
    for d in &all {
        match d.len() {
            6 => k.whole6.push(value(d)),
            7 => k.whole7.push(value(d)),
            _ => k.win8.extend(d.windows(8).map(value)),
        }
        k.last4.push(value(d.get(d.len() - 4..).unwrap_or(&[])));
    }
    for v in [&mut k.whole6, &mut k.whole7, &mut k.win8, &mut k.last4] {
        v.sort_unstable();
        v.dedup();
    }
    k
}

/// Known-number rule: digits joined across gaps of at most [`KNOWN_GAP`] non-alphanumerics.
pub(crate) fn check_known(
    norm: &Norm,
    known: &KnownDigits,
    minimal: bool,
) -> Result<(), EgressViolation> {
    let mut w: u32 = 0;
    let mut streak = 0usize;
    let mut gap = 0usize;
    let mut ring = [0usize; 8];
    let hit = |set: &Zeroizing<Vec<u32>>, v: u32| !set.is_empty() && set.binary_search(&v).is_ok();
    for (i, &c) in norm.chars.iter().enumerate() {
        if let Some(d) = c.to_digit(10) {
            if gap > KNOWN_GAP {
                streak = 0;
            }
            gap = 0;
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
        } else if c.is_alphanumeric() {
            streak = 0;
            gap = 0;
        } else {
            gap += 1;
        }
    }
    Ok(())
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

/// Phone-number shapes (see the module documentation of `egress`).
pub(crate) fn check_phones(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs.iter().filter(|r| !r.amount) {
        let start = run.start();
        let n = run.digits.len();
        let lens: Vec<usize> = run.groups.iter().map(|g| g.1).collect();
        let before = norm.before(start);
        let plus = before == '+' || (before == ' ' && start >= 2 && norm.before(start - 1) == '+');
        let simple_seps =
            (0..run.seps.len()).all(|g| matches!(single_sep(norm, run, g), Some('-' | '.' | ' ')));
        let phone = (plus && (7..=15).contains(&n))
            || (lens == [3, 3, 4] && (simple_seps || before == '('))
            || (lens == [1, 3, 3, 4] && simple_seps && run.digits.first() == Some(&1))
            || (lens == [3, 4]
                && single_sep(norm, run, 0) == Some('-')
                && !currency_adjacent(norm, start, run.end()));
        if phone {
            return Err(violation(norm, ViolationKind::PhoneNumber, start));
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
        if sep_has_space(norm, run, g - 1) {
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
    while p < pieces {
        let a = starts.get(p).copied().unwrap_or(groups);
        // the longest benign sequence of pieces starting at p
        let mut benign_to = None;
        for q in (p + 1..=pieces.min(p + 6)).rev() {
            let b = starts.get(q).copied().unwrap_or(groups);
            let (f, l, s, e) = span(a, b);
            let ok = if q == p + 1 {
                date_shaped(norm, run, a, b)
                    || (b - a >= 2
                        && amount_shaped(norm, run, a, b)
                        && (l - f < LONG_RUN_DIGITS || currency_adjacent(norm, s, e)))
            } else {
                amount_shaped(norm, run, a, b) && currency_adjacent(norm, s, e)
            };
            if ok {
                benign_to = Some(q);
                break;
            }
        }
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

/// Long-run rule: 9+ digits in a suspect segment of a run.
pub(crate) fn check_long_runs(norm: &Norm, runs: &[Run]) -> Result<(), EgressViolation> {
    for run in runs
        .iter()
        .filter(|r| r.digits.len() >= LONG_RUN_DIGITS && !r.amount)
    {
        if let Some(&(a, _)) = segments(norm, run)
            .iter()
            .find(|&&(a, b)| b - a >= LONG_RUN_DIGITS)
        {
            let at = run.pos.get(a).copied().unwrap_or(0);
            return Err(violation(norm, ViolationKind::LongDigitRun, at));
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
