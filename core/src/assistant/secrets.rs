//! Secrets typed by the person: a card number, an IBAN, one of the vault's own account
//! numbers, a token, a password or PIN given as "my password is …", a card's security code
//! ("cvv 123"), a social security number ("ssn 123-45-6789", or that 3-2-4 shape), a US
//! routing number after "routing", "aba" or "rtn" (nine digits passing its checksum) or an
//! account number of six digits or more after "acct" or "account number". Such a
//! message gets a warning, is never echoed, and leaves no trace in the conversation state.

use crate::egress::{DisclosureLevel, EgressGuard, ViolationKind};
use crate::words::Words;

/// Words after which the next word is a secret ("password is hunter2", "pin: 1234").
const SECRET_NAMES: Words = Words("password|passcode|passwd|pwd|pin|cvv|cvc|otp");

fn said_secret(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ':' || c == '=')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !SECRET_NAMES.contains(w) {
            return false;
        }
        let mut j = i + 1;
        if words
            .get(j)
            .is_some_and(|n| matches!(*n, "is" | "was" | "="))
        {
            j += 1;
        }
        words.get(j).is_some_and(|v| {
            let v = v.trim_matches(|c: char| c == '.' || c == ',' || c == '!' || c == '?');
            v.len() >= 4
                && !matches!(
                    v,
                    "change" | "reset" | "wrong" | "blocked" | "locked" | "correct"
                )
                && (v.chars().any(|c| c.is_ascii_digit())
                    || i > 0 && words.get(i + 1) == Some(&"is"))
        })
    })
}

/// A card number as typed, whether or not its check digit is right (a mistyped number is
/// still most of a real one): 13 to 19 digits in one run, or in groups of 3 to 6 separated by
/// spaces or dashes ("4532 7712 0093 4418", "3782-822463-10005"). No amount, date or phone
/// number has that many digits.
fn card_shaped(text: &str) -> bool {
    let mut digits = 0usize;
    for word in text.split_whitespace() {
        match digit_groups(word) {
            Some(groups) if groups.iter().all(|g| (3..=6).contains(&g.len()) || groups.len() == 1) => {
                let n: usize = groups.iter().map(|g| g.len()).sum();
                // A group run: each group short, or one long run on its own.
                if groups.len() == 1 && n > 6 {
                    if (13..=19).contains(&n) {
                        return true;
                    }
                    digits = 0;
                    continue;
                }
                digits += n;
                if (13..=19).contains(&digits) {
                    return true;
                }
            }
            _ => digits = 0,
        }
    }
    false
}

/// Names of a card's security code, after which 3 or 4 digits are the code.
const CODE_NAMES: Words = Words("cvv|cvv2|cvc|cvc2|csc|cid");

/// The digits of `w` when it is only digits (with `-` between groups), else `None`.
fn digit_groups(w: &str) -> Option<Vec<&str>> {
    let w = w.trim_matches(|c: char| matches!(c, '.' | ',' | '!' | '?' | ')' | '(' | ';'));
    let groups: Vec<&str> = w.split('-').collect();
    groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        .then_some(groups)
}

/// A card's security code ("cvv 123", "cvc: 4821", "security code is 123"), or a social
/// security number: 9 digits after "ssn" / "social security" (in any grouping), or the
/// 3-2-4 shape itself ("123-45-6789", "123 45 6789"), which no date, amount or phone
/// number has.
fn said_code_or_ssn(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ':' || c == '=' || c == '#')
        .filter(|w| !w.is_empty())
        .collect();
    let word = |i: usize| {
        words
            .get(i)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .unwrap_or("")
    };
    let digits_at = |i: usize| -> String {
        // The next words that are only digits, joined ("123 45 6789" → 9 digits).
        let mut out = String::new();
        for j in i..(i + 3).min(words.len()) {
            match words.get(j).and_then(|w| digit_groups(w)) {
                Some(g) => out.extend(g),
                None => break,
            }
        }
        out
    };
    (0..words.len()).any(|i| {
        let named_code = CODE_NAMES.contains(word(i))
            || word(i) == "security" && word(i + 1) == "code"
            || word(i) == "card" && word(i + 1) == "code";
        let named_ssn = word(i) == "ssn"
            || word(i) == "ss"
            || word(i) == "social" && word(i + 1) == "security";
        let after = |i: usize| {
            let mut j = i + 1 + usize::from(word(i) == "security" || word(i) == "social" || word(i) == "card");
            if matches!(word(j), "number" | "no" | "num") {
                j += 1;
            }
            if matches!(word(j), "is" | "was") {
                j += 1;
            }
            digits_at(j)
        };
        let three_two_four = words.get(i).and_then(|w| digit_groups(w)).is_some_and(|g| {
            matches!(g.as_slice(), [a, b, c] if a.len() == 3 && b.len() == 2 && c.len() == 4)
        }) || [word(i), word(i + 1), word(i + 2)]
            .iter()
            .map(|w| w.len())
            .eq([3, 2, 4])
            && (i..i + 3).all(|j| words.get(j).and_then(|w| digit_groups(w)).is_some_and(|g| g.len() == 1));
        // "routing 021000021" (nine digits that pass the ABA checksum), "acct # 12345678".
        let named_routing = matches!(word(i), "routing" | "aba" | "rtn");
        // Not where a merchant's name goes: "spent at ACCT#87654321" names a payee's text.
        let payee = i
            .checked_sub(1)
            .is_some_and(|k| matches!(word(k), "at" | "from" | "to" | "with"));
        let named_account = matches!(word(i), "acct" | "account" | "acc") && !payee;
        named_code && matches!(after(i).len(), 3 | 4)
            || named_ssn && after(i).len() == 9
            || named_routing && aba_checksum(&after(i))
            || named_account && after(i).len() >= 6
            || three_two_four
    })
}

/// Whether nine digits pass the ABA routing number checksum (3, 7, 1 weights, a multiple
/// of ten).
fn aba_checksum(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    d.len() == 9
        && d.iter()
            .zip([3, 7, 1].iter().cycle())
            .map(|(x, w)| x * w)
            .sum::<u32>()
            % 10
            == 0
}

/// Whether the message holds something secret.
pub(super) fn holds_secret(guard: &EgressGuard, text: &str) -> bool {
    if said_secret(text) || said_code_or_ssn(text) || card_shaped(text) {
        return true;
    }
    match guard.check(text, DisclosureLevel::Full) {
        Ok(()) => false,
        Err(v) => matches!(
            v.kind,
            ViolationKind::CardNumber
                | ViolationKind::Iban
                | ViolationKind::KnownNumber
                | ViolationKind::Secret
                | ViolationKind::UrlWithCredentials
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_noticed() {
        let g = EgressGuard::default();
        assert!(holds_secret(
            &g,
            "my card is 4111 1111 1111 1111 is it blocked"
        ));
        assert!(holds_secret(&g, "send to GB82 WEST 1234 5698 7654 32"));
        assert!(holds_secret(&g, "my password is hunter22"));
        assert!(holds_secret(&g, "pin: 4821"));
        assert!(!holds_secret(&g, "how do i change my pin"));
        assert!(!holds_secret(&g, "my password is wrong"));
        assert!(!holds_secret(&g, "how much did i spend in 2025"));
        assert!(!holds_secret(&g, "card ending 1234"));
    }

    #[test]
    fn a_card_number_with_a_wrong_check_digit_is_still_one() {
        let g = EgressGuard::default();
        for t in [
            "is 4532 7712 0093 4418 blocked",
            "card 4532-7712-0093-4418",
            "4532771200934418 pls check",
            "amex 3782 822463 10005",
        ] {
            assert!(holds_secret(&g, t), "{t}");
        }
        for t in [
            "how much did i spend between 2025 and 2026",
            "call 555 123 4567",
            "transactions over 1000 in 2025",
            "my zip is 94107",
            "the 1261.22 charge on 8/8",
        ] {
            assert!(!holds_secret(&g, t), "{t}");
        }
    }

    #[test]
    fn security_codes_are_noticed() {
        let g = EgressGuard::default();
        for t in [
            "cvv 123 exp 09/28",
            "my cvv is 123",
            "CVC: 4821",
            "exp 09/28 cvv2 999",
            "the security code is 321",
            "card code 1234",
        ] {
            assert!(holds_secret(&g, t), "{t}");
        }
        for t in [
            "what is a cvv",
            "where is the cvv on my card",
            "my security code doesnt work",
        ] {
            assert!(!holds_secret(&g, t), "{t}");
        }
    }

    #[test]
    fn routing_and_account_numbers_are_noticed() {
        let g = EgressGuard::default();
        assert!(aba_checksum("021000021") && aba_checksum("011000015"));
        assert!(!aba_checksum("123456789") && !aba_checksum("02100002"));
        for t in [
            "routing 021000021 acct 123456789",
            "my aba is 011000015",
            "RTN: 021000021",
            "my account number is 98765432",
            "acct # 4455667",
            "account no. 123456",
        ] {
            assert!(holds_secret(&g, t), "{t}");
        }
        for t in [
            // Nine digits that fail the checksum, or too few after "account".
            "routing 123456789",
            "what's my routing number",
            "account ending 4821",
            "spent 120 from my account 2 days ago",
            "how much is in my account",
            "how much did I spend at ACCT#87654321 last month",
        ] {
            assert!(!holds_secret(&g, t), "{t}");
        }
    }

    #[test]
    fn social_security_numbers_are_noticed() {
        let g = EgressGuard::default();
        for t in [
            "my ssn is 123-45-6789",
            "ssn 123456789",
            "social security number: 123 45 6789",
            "here you go 123-45-6789",
            "it's 078 05 1120",
        ] {
            assert!(holds_secret(&g, t), "{t}");
        }
        for t in [
            "spending 2026-12-05",
            "call 555-123-4567",
            "do you need my ssn",
            "ssn 1234",
            "spent 123 on 45 things in 2026",
        ] {
            assert!(!holds_secret(&g, t), "{t}");
        }
    }
}
