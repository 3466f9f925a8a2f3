//! The egress guard: the last check before a platform text leaves the device.
//!
//! A business chat on a messaging platform is not end-to-end encrypted, so every text Tacit
//! hands to the host for sending can be read by the platform. The renderer writes the platform
//! text for the user's [`DisclosureLevel`]; the guard independently checks it for shapes that
//! must never leave (card numbers, IBANs, known account and routing numbers, long digit runs,
//! links, credentials and tokens, phone numbers) and, at `minimal`, for any digit at all. It
//! only blocks: it never "redacts and sends", because a half-redacted text is a rendering bug
//! that should fail closed (the caller falls back to a fixed text).
//!
//! Every rule runs on a normalised copy of the text (module `normalize`: digits of every
//! script folded to ASCII, invisible characters dropped), in linear time. Rules run in the
//! order listed; the first that matches names the violation.
//!
//! Rules and thresholds (the security design note quotes these):
//! - **Digit runs** (every digit rule): the text's digits are joined across *any* run of
//!   non-alphanumeric characters and across isolated single letters ("4539|1488",
//!   "45 -- 39", "7391a8456b2057"); a word of two or more letters breaks the join. A run is
//!   cut into pieces at every separator that is not 1-3 of `- . / _ ' ( ) , :`.
//! - **Known numbers** (all levels): the vault's account, routing and card numbers (their
//!   digits). Blocked: the whole number; for numbers longer than 8 digits also any 8-digit run
//!   of it; at `minimal` also the last 4 digits. Numbers of 4-5 digits are never shown whole:
//!   blocked when written as an account reference (`••7391`, "ending 7391", "acct 7391", even
//!   with separators between the digits); the renderer shows no digits of them. (8, not 6:
//!   the allowed "ending 1234" next to an amount would otherwise collide by chance about once
//!   in a hundred texts.)
//! - **Account numbers** (all levels): a number of 7 or 8 digits (a suspect segment, or an
//!   ungrouped "amount" no currency marks) within 16 characters after "acct", "account",
//!   "a/c" or `#` ("ACCT#87654321").
//! - **Spelled-out numbers** (all levels, module `spelled`): chains of English digit words and
//!   digits count digit by digit, 9+ a long run, 7+ after an account word.
//! - **IBANs** (all levels): a registered country code, its registered length, ISO 13616
//!   mod-97 check; any case, with or without a repeated separator of up to 6 non-alphanumerics
//!   between characters ("GB82|WEST|1234|...").
//! - **Card numbers** (all levels): 13 to 19 digits passing Luhn inside a digit run (digits
//!   joined by separator sequences of 1-3 of space, `-`, `.`, `/`, `_`, `'`, `(`, `)`, or a
//!   single `,`), after dropping the dates and amounts described under long runs.
//! - **Links** (all levels): Tacit's platform texts never contain links (phishing-proof
//!   alerts), so any `scheme://`, `www.`, `host.tld/path`, bare `host.tld` (top-level label
//!   2-24 letters of one case) is a violation; credentials (`user:pass@host`, `user@host`
//!   after a scheme) are reported as [`ViolationKind::UrlWithCredentials`]. E-mail addresses
//!   too.
//! - **Secrets** (all levels): JWT-like `xxx.yyy.zzz` (3+ base64url parts of 4+ characters,
//!   24+ in all, or anything starting `eyJ`), hex runs of 32+, base64-like runs of 24+ with a
//!   letter, a digit and 5+ changes between upper case, lower case and digits, `Bearer <8+>`,
//!   and `password=`/`token:`/`api_key=`-style assignments.
//! - **Phone numbers** (all levels; a fraud alert must never carry a number to call): `+` and
//!   7+ digits, and anywhere among a run's groups `ddd?ddd?dddd` and `1?ddd?ddd?dddd` (`?`
//!   any 1-3 non-alphanumerics but `,`), and `ddd-dddd` (also `~ | = _ +`).
//! - **Long digit runs** (all levels): 9 or more digits in one run (joined as for cards).
//!   A run is cut into pieces at separators containing a space and benign pieces are dropped
//!   before counting: valid dates (`2026-11-21`, `21.11.2026`, `11/21/2026`, so
//!   "2026-11-21 14:05" passes) and amounts - grouped 1-3 digits then groups of 3, optional
//!   1-3 decimals, at most 12 digits; 9+ digits, or space-grouped across pieces
//!   ("1 234 567,89 €"), only when a currency marker touches them; also times ("14:05") and
//!   a day or year next to a month name ("Nov 1, 2026"). 12 is below the shortest
//!   card number, so an exempt amount can never hide one; a bare "123,456,789" is blocked.
//!   Card windows are searched in the first 1,024 digits of a segment (a longer one is a long
//!   run anyway).
//! - **`summary`** additionally: no exact date. A day of the month next to a month name
//!   ("Oct 3", "3 October", "October 3, 2026"), a calendar date ("2026-10-02",
//!   "10/2/2026") or a month and day with a slash ("10/15") is a `Date` violation; a number
//!   a currency marker touches is an amount, not a day. Months, years, quarters and
//!   relative periods ("past 30 days") pass.
//! - **`minimal`** additionally: no digit at all, of any script (amounts, dates, counts),
//!   reported as `Amount` when a currency marker touches it, `Date` when date-shaped,
//!   else `Digits`.
//! - [`EgressGuard::release`] drops the lines that fail (the rest of the reply still goes
//!   out) and re-checks the kept lines together.
//! - Not enforced here: that `summary` amounts are rounded (the renderer's job); look-alike
//!   letters (`O` for `0`); numbers spelled in other languages; merchant names (the renderer
//!   builds them from letters only). A merchant name that is a bare
//!   domain ("Netflix.com") is blocked: the renderer should defang it ("Netflix").

mod classify;
mod iban;
mod links;
mod normalize;
mod numbers;
#[cfg(test)]
pub(crate) mod proptests;
mod spelled;

pub use classify::{categories_in, DataCategory};
pub use iban::is_valid_iban;
pub(crate) use normalize::is_invisible;

use crate::crypto::secret::SecretString;
use std::fmt;
use zeroize::Zeroizing;

/// How much of the user's financial data a platform text may carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DisclosureLevel {
    /// No amount, merchant, date, balance or account identifier; no digits at all.
    #[default]
    Minimal,
    /// Rounded amounts and the last four digits of an account.
    Summary,
    /// Exact amounts; never full account or card numbers.
    Full,
}

impl DisclosureLevel {
    /// Stable short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DisclosureLevel::Minimal => "minimal",
            DisclosureLevel::Summary => "summary",
            DisclosureLevel::Full => "full",
        }
    }

    /// Inverse of [`DisclosureLevel::as_str`] (case-insensitive, trimmed).
    pub fn parse(s: &str) -> Option<DisclosureLevel> {
        let s = s.trim();
        [
            DisclosureLevel::Minimal,
            DisclosureLevel::Summary,
            DisclosureLevel::Full,
        ]
        .into_iter()
        .find(|l| l.as_str().eq_ignore_ascii_case(s))
    }
}

/// What kind of data a blocked text contained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// One of the vault's own account, routing or card numbers (or a long part of one).
    KnownNumber,
    /// A Luhn-valid payment card number.
    CardNumber,
    /// A valid IBAN.
    Iban,
    /// A URL carrying a user name or password.
    UrlWithCredentials,
    /// Any link.
    Url,
    /// An e-mail address.
    EmailAddress,
    /// A token, key or password.
    Secret,
    /// A phone number.
    PhoneNumber,
    /// A run of 9 or more digits (written as digits or spelled out).
    LongDigitRun,
    /// A 7- or 8-digit number written after "acct", "account" or `#`.
    AccountNumber,
    /// A money amount (at `minimal`).
    Amount,
    /// A date (at `minimal`).
    Date,
    /// Any other digit (at `minimal`).
    Digits,
}

impl ViolationKind {
    /// Stable short name (for the outbound ledger and metrics).
    pub fn as_str(&self) -> &'static str {
        match self {
            ViolationKind::KnownNumber => "known_number",
            ViolationKind::CardNumber => "card_number",
            ViolationKind::Iban => "iban",
            ViolationKind::UrlWithCredentials => "url_with_credentials",
            ViolationKind::Url => "url",
            ViolationKind::EmailAddress => "email_address",
            ViolationKind::Secret => "secret",
            ViolationKind::PhoneNumber => "phone_number",
            ViolationKind::LongDigitRun => "long_digit_run",
            ViolationKind::AccountNumber => "account_number",
            ViolationKind::Amount => "amount",
            ViolationKind::Date => "date",
            ViolationKind::Digits => "digits",
        }
    }
}

/// Why a platform text was blocked: the rule and where it matched, never the text itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EgressViolation {
    /// Which rule matched.
    pub kind: ViolationKind,
    /// Byte offset in the checked text where the offending data starts.
    pub offset: usize,
}

impl fmt::Display for EgressViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "egress blocked: {} at byte {}",
            self.kind.as_str(),
            self.offset
        )
    }
}

impl std::error::Error for EgressViolation {}

/// Known numbers reduced to the digit windows the guard searches for. Zeroized on drop.
pub(crate) struct KnownDigits {
    /// Whole 6-digit known numbers.
    pub whole6: Zeroizing<Vec<u32>>,
    /// Whole 7-digit known numbers.
    pub whole7: Zeroizing<Vec<u32>>,
    /// Every 8-digit window of known numbers of 8+ digits (sorted).
    pub win8: Zeroizing<Vec<u32>>,
    /// Last four digits of every known number of 6+ digits (sorted).
    pub last4: Zeroizing<Vec<u32>>,
    /// Known numbers of 4-5 digits, as length * 10^5 + value (sorted): never shown whole.
    pub short: Zeroizing<Vec<u32>>,
}

/// Checks platform texts before release. Built from the vault's sensitive numbers, which it
/// keeps only as zeroized digit windows.
pub struct EgressGuard {
    known: KnownDigits,
}

impl fmt::Debug for EgressGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EgressGuard(<{} known windows redacted>)",
            self.known.win8.len()
        )
    }
}

impl Default for EgressGuard {
    fn default() -> Self {
        EgressGuard::new(Vec::new())
    }
}

impl EgressGuard {
    /// Builds a guard from the vault's account numbers, routing numbers and full card numbers
    /// (any formatting; only their digits count; fewer than 6 digits are ignored).
    pub fn new(known: Vec<SecretString>) -> EgressGuard {
        EgressGuard {
            known: numbers::known_digits(&known),
        }
    }

    /// Checks a platform text for `level`. `Ok(())` means it may be released.
    pub fn check(&self, text: &str, level: DisclosureLevel) -> Result<(), EgressViolation> {
        let norm = normalize::normalize(text);
        let minimal = level == DisclosureLevel::Minimal;
        numbers::check_known(&norm, &self.known, minimal)?;
        iban::check(&norm)?;
        let runs = numbers::digit_runs(&norm);
        numbers::check_short_known(&norm, &runs, &self.known)?;
        numbers::check_cards(&norm, &runs)?;
        links::check_links(&norm)?;
        links::check_secrets(&norm)?;
        numbers::check_phones(&norm, &runs)?;
        numbers::check_long_runs(&norm, &runs)?;
        spelled::check_spelled(&norm)?;
        if level == DisclosureLevel::Summary {
            numbers::check_summary_dates(&norm, &runs)?;
        }
        if minimal {
            numbers::check_any_digit(&norm, &runs)?;
        }
        Ok(())
    }
}

/// A platform text the guard let out, possibly without some of its lines.
#[derive(Clone, PartialEq, Eq)]
pub struct Released {
    /// The text that may be sent (private: a `Released` only comes from the guard, which is
    /// what the assistant's sealed release path relies on).
    text: String,
    /// What each dropped line was blocked for (empty when the whole text passed).
    pub dropped: Vec<ViolationKind>,
}

impl Released {
    /// The text that may be sent.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, for the sealed release path that records it in the ledger.
    pub(crate) fn into_text(self) -> String {
        self.text
    }
}

impl fmt::Debug for Released {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Released")
            .field("dropped", &self.dropped)
            .finish_non_exhaustive()
    }
}

impl EgressGuard {
    /// Checks a multi-line platform text and drops the lines that may not leave instead of
    /// blocking the whole reply (one poisoned merchant name must not hide every other line).
    /// The kept lines are checked again together, so a number split across lines is still
    /// caught; when that fails, or every line is dropped, the whole text is blocked.
    pub fn release(&self, text: &str, level: DisclosureLevel) -> Result<Released, EgressViolation> {
        let first = match self.check(text, level) {
            Ok(()) => {
                return Ok(Released {
                    text: text.to_string(),
                    dropped: Vec::new(),
                })
            }
            Err(v) => v,
        };
        let mut kept: Vec<&str> = Vec::new();
        let mut dropped = Vec::new();
        for line in text.split('\n') {
            match self.check(line, level) {
                Ok(()) => kept.push(line),
                Err(v) => dropped.push(v.kind),
            }
        }
        if dropped.is_empty() || kept.iter().all(|l| l.trim().is_empty()) {
            return Err(first);
        }
        let joined = kept.join("\n");
        self.check(&joined, level)?;
        Ok(Released {
            text: joined,
            dropped,
        })
    }
}

/// Builds a violation at normalised position `i`.
pub(crate) fn violation(norm: &normalize::Norm, kind: ViolationKind, i: usize) -> EgressViolation {
    EgressViolation {
        kind,
        offset: norm.off(i),
    }
}

#[cfg(test)]
mod tests;
