//! Link, e-mail and secret rules of the egress guard. Tacit's platform texts never carry
//! links, addresses, tokens or passwords, so any of these shapes blocks the text: a link in a
//! fraud alert is how phishing works, and a token in a platform text is a leaked credential.

use crate::words::Words;
use super::normalize::Norm;
use super::{violation, EgressViolation, ViolationKind};

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// A top-level label starting at `i`: 2-24 ASCII letters then no further alphanumeric.
/// Returns (length, whether the letters are all one case).
fn tld_at(norm: &Norm, i: usize) -> Option<(usize, bool)> {
    let mut j = i;
    while norm.at(j).is_ascii_alphabetic() && j - i <= 24 {
        j += 1;
    }
    let len = j - i;
    if !(2..=24).contains(&len) || norm.at(j).is_alphanumeric() {
        return None;
    }
    let lower = (i..j).all(|k| norm.at(k).is_ascii_lowercase());
    let upper = (i..j).all(|k| norm.at(k).is_ascii_uppercase());
    Some((len, lower || upper))
}

/// Whether a domain (label '.' ... '.' tld) starts at `i`.
fn domain_at(norm: &Norm, i: usize) -> bool {
    let mut j = i;
    let mut labels = 0;
    loop {
        let s = j;
        while is_host_char(norm.at(j)) && j - s < 64 {
            j += 1;
        }
        if j == s {
            return false;
        }
        labels += 1;
        if norm.at(j) != '.' {
            return false;
        }
        j += 1;
        if labels >= 1 && tld_at(norm, j).is_some() {
            return true;
        }
        if labels > 8 {
            return false;
        }
    }
}

/// Links: any scheme URL, `www.`, `user:pass@host`, e-mail addresses and bare domains.
pub(crate) fn check_links(norm: &Norm) -> Result<(), EgressViolation> {
    let n = norm.len();
    for i in 0..n {
        let c = norm.at(i);
        if c == ':' && norm.at(i + 1) == '/' && norm.at(i + 2) == '/' {
            let mut s = i;
            while s > 0 && is_scheme_char(norm.before(s)) && i - s < 32 {
                s -= 1;
            }
            let mut e = i + 3;
            while e < n && !matches!(norm.at(e), ' ' | '/' | '?' | '#') && e - i < 512 {
                if norm.at(e) == '@' {
                    return Err(violation(norm, ViolationKind::UrlWithCredentials, s));
                }
                e += 1;
            }
            return Err(violation(norm, ViolationKind::Url, s));
        }
        let word_start = !is_host_char(norm.before(i)) && norm.before(i) != '.';
        if word_start
            && c.eq_ignore_ascii_case(&'w')
            && norm.at(i + 1).eq_ignore_ascii_case(&'w')
            && norm.at(i + 2).eq_ignore_ascii_case(&'w')
            && norm.at(i + 3) == '.'
        {
            return Err(violation(norm, ViolationKind::Url, i));
        }
        if c == '@' && is_local_char(norm.before(i)) && domain_at(norm, i + 1) {
            // Walk back over the user part; a ':' in it means a password.
            let mut s = i;
            let mut colon = false;
            while s > 0 && (is_local_char(norm.before(s)) || norm.before(s) == ':') && i - s < 128 {
                colon |= norm.before(s) == ':';
                s -= 1;
            }
            let kind = if colon {
                ViolationKind::UrlWithCredentials
            } else {
                ViolationKind::EmailAddress
            };
            return Err(violation(norm, kind, s));
        }
        if c == '.' && is_host_char(norm.before(i)) {
            if let Some((len, one_case)) = tld_at(norm, i + 1) {
                let mut s = i;
                let mut letter = false;
                while s > 0 && is_host_char(norm.before(s)) && i - s < 64 {
                    letter |= norm.before(s).is_ascii_alphabetic();
                    s -= 1;
                }
                let path = matches!(norm.at(i + 1 + len), '/' | ':');
                if letter && (one_case || path) {
                    return Err(violation(norm, ViolationKind::Url, s));
                }
            }
        }
    }
    Ok(())
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=' | '.' | '~')
}

fn class(c: char) -> u8 {
    if c.is_ascii_uppercase() {
        1
    } else if c.is_ascii_lowercase() {
        2
    } else if c.is_ascii_digit() {
        3
    } else {
        0
    }
}

/// Checks one maximal run of token characters [s, e).
fn check_token(norm: &Norm, s: usize, e: usize) -> Option<usize> {
    let chars = norm.chars.get(s..e)?;
    // JWT-like
    let starts_eyj = chars.starts_with(&['e', 'y', 'J']) && chars.len() >= 16;
    let parts: Vec<&[char]> = chars.split(|&c| c == '.').collect();
    let b64url = |p: &&[char]| {
        p.len() >= 4
            && p.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    };
    let has = |k: u8| chars.iter().any(|&c| class(c) == k);
    if starts_eyj
        || (parts.len() >= 3
            && parts.iter().all(b64url)
            && chars.len() >= 24
            && has(1)
            && has(2)
            && has(3))
    {
        return Some(s);
    }
    // hex runs of 32+ (not only digits: those are the long-run rule's)
    let mut k = 0;
    while k < chars.len() {
        let h = k;
        while chars.get(k).is_some_and(|c| c.is_ascii_hexdigit()) {
            k += 1;
        }
        if k - h >= 32
            && chars
                .get(h..k)
                .is_some_and(|r| r.iter().any(|c| c.is_alphabetic()))
        {
            return Some(s + h);
        }
        k += 1;
    }
    // base64-like runs of 24+
    let mut k = 0;
    while k < chars.len() {
        let h = k;
        let (mut letter, mut digit, mut changes, mut last) = (false, false, 0, 0u8);
        while let Some(&c) = chars
            .get(k)
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '-' | '='))
        {
            let cl = class(c);
            letter |= cl == 1 || cl == 2;
            digit |= cl == 3;
            if cl != 0 {
                if last != 0 && cl != last {
                    changes += 1;
                }
                last = cl;
            }
            k += 1;
        }
        if k - h >= 24 && letter && digit && changes >= 5 {
            return Some(s + h);
        }
        k += 1;
    }
    None
}

const SECRET_WORDS: Words = Words(
    "password|passwd|pwd|passcode|pin|cvv|cvc|secret|token|apikey|api_key|api-key|otp",
);

/// Tokens, keys, `Bearer ...` and `password=...`-style assignments.
pub(crate) fn check_secrets(norm: &Norm) -> Result<(), EgressViolation> {
    let n = norm.len();
    let mut i = 0;
    while i < n {
        if !is_token_char(norm.at(i)) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && is_token_char(norm.at(i)) {
            i += 1;
        }
        if let Some(at) = check_token(norm, s, i) {
            return Err(violation(norm, ViolationKind::Secret, at));
        }
        // The leading word of the run ("token" in "token=abc").
        let word: String = (s..i)
            .map(|k| norm.at(k))
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .take(32)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let word = word.trim_end_matches(['-', '_']);
        // "Bearer <token>"
        if word == "bearer" || word == "basic" {
            let mut j = i;
            while norm.at(j) == ' ' {
                j += 1;
            }
            let t = j;
            while is_token_char(norm.at(j)) {
                j += 1;
            }
            let strong = (t..j).any(|k| norm.at(k).is_ascii_digit()) || word == "bearer";
            if j - t >= 8 && strong {
                return Err(violation(norm, ViolationKind::Secret, s));
            }
        }
        // "password: x", "api_key=x", "access_token = x"
        let keyword = SECRET_WORDS.contains(word)
            || ["_token", "-token", "_secret", "_key", "-key", "_password"]
                .iter()
                .any(|suf| word.ends_with(suf));
        if keyword {
            let mut j = s + word.chars().count();
            while norm.at(j) == ' ' {
                j += 1;
            }
            if matches!(norm.at(j), ':' | '=') {
                j += 1;
                while norm.at(j) == ' ' {
                    j += 1;
                }
                let v = norm.at(j);
                if v != '\0' && !v.is_whitespace() {
                    return Err(violation(norm, ViolationKind::Secret, s));
                }
            }
        }
    }
    Ok(())
}
