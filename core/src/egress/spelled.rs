//! Spelled-out numbers: "four five three nine one four eight eight ..." carries a card number
//! as well as its digits do. A chain of digit words (`zero` to `nine`, English) and digit
//! groups, joined by any non-alphanumeric characters or isolated single letters, with at least
//! one digit word, is counted digit by digit: 9 or more is a long run, 7 or more after
//! "acct", "account" or `#` an account number. Ordinary replies never chain number words
//! ("No one", "Five Guys" are one word each).

use super::normalize::Norm;
use super::numbers::{account_context, ACCOUNT_DIGITS, LONG_RUN_DIGITS};
use super::{violation, EgressViolation, ViolationKind};

const DIGIT_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// A chain being counted: where it started, its digits and how many were spelled.
struct Chain {
    start: usize,
    digits: usize,
    spelled: usize,
}

impl Chain {
    fn verdict(&self, norm: &Norm) -> Result<(), EgressViolation> {
        if self.spelled == 0 {
            return Ok(());
        }
        if self.digits >= LONG_RUN_DIGITS {
            return Err(violation(norm, ViolationKind::LongDigitRun, self.start));
        }
        if self.digits >= ACCOUNT_DIGITS && account_context(norm, self.start) {
            return Err(violation(norm, ViolationKind::AccountNumber, self.start));
        }
        Ok(())
    }
}

/// Spelled-number rule over the normalised text (linear).
pub(crate) fn check_spelled(norm: &Norm) -> Result<(), EgressViolation> {
    let n = norm.len();
    let mut chain = Chain {
        start: 0,
        digits: 0,
        spelled: 0,
    };
    let mut i = 0;
    while i < n {
        let c = norm.at(i);
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        let (digits, spelled) = if c.is_ascii_digit() {
            while norm.at(i).is_ascii_digit() {
                i += 1;
            }
            (i - s, 0)
        } else if c.is_alphabetic() {
            while norm.at(i).is_alphabetic() {
                i += 1;
            }
            let word: String = (s..i).flat_map(|k| norm.at(k).to_lowercase()).collect();
            if DIGIT_WORDS.contains(&word.as_str()) {
                (1, 1)
            } else if i - s == 1 {
                continue; // an isolated letter joins the chain
            } else {
                (0, 0)
            }
        } else {
            // another numeric character (already folded where it has a digit value)
            i += 1;
            (0, 0)
        };
        if digits == 0 {
            chain.verdict(norm)?;
            chain = Chain {
                start: i,
                digits: 0,
                spelled: 0,
            };
            continue;
        }
        if chain.digits == 0 {
            chain.start = s;
        }
        chain.digits += digits;
        chain.spelled += spelled;
    }
    chain.verdict(norm)
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    fn kind(t: &str) -> Option<ViolationKind> {
        check_spelled(&normalize(t)).err().map(|v| v.kind)
    }

    #[test]
    fn spelled_numbers_are_counted() {
        assert_eq!(
            kind("FOUR FIVE THREE NINE one four eight eight zero three"),
            Some(ViolationKind::LongDigitRun)
        );
        assert_eq!(
            kind("four-five-three-nine 1488 0343"),
            Some(ViolationKind::LongDigitRun)
        );
        assert_eq!(
            kind("acct eight seven six five four three two"),
            Some(ViolationKind::AccountNumber)
        );
        assert_eq!(
            kind("one a two b three c four d five six seven eight nine"),
            Some(ViolationKind::LongDigitRun)
        );
    }

    #[test]
    fn ordinary_words_pass() {
        for t in [
            "No one at Five Guys",
            "one of your two cards, 3 charges over $100",
            "4111 1111 1111",
            "Nine West, Seven Eleven: one two three",
        ] {
            assert_eq!(kind(t), None, "{t}");
        }
    }
}
