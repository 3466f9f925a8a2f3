//! Secrets typed by the person: a card number, an IBAN, one of the vault's own account
//! numbers, a token, or a password or PIN given as "my password is …". Such a message gets a
//! warning, is never echoed, and leaves no trace in the conversation state.

use crate::egress::{DisclosureLevel, EgressGuard, ViolationKind};

/// Words after which the next word is a secret ("password is hunter2", "pin: 1234").
const SECRET_NAMES: &[&str] = &[
    "password", "passcode", "passwd", "pwd", "pin", "cvv", "cvc", "otp",
];

fn said_secret(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ':' || c == '=')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !SECRET_NAMES.contains(&w) {
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

/// Whether the message holds something secret.
pub(super) fn holds_secret(guard: &EgressGuard, text: &str) -> bool {
    if said_secret(text) {
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
}
