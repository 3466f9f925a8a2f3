//! The sealed release path (issue 15): a [`PlatformText`], the only text a host may send to
//! the messaging platform, can be made in one place only, [`record`], which takes what the
//! egress guard released ([`Released`] has no public constructor) and writes it to the
//! outbound ledger in the caller's transaction. So every `PlatformText` in a [`super::Reply`]
//! went through the guard and is in the ledger: the compiler, not discipline, keeps a text
//! that skipped either from reaching the host.

use crate::egress::Released;
use crate::ledger::{self, LedgerError, Purpose};
use crate::time::Timestamp;
use crate::vault::WriteTx;
use std::fmt;
use std::ops::Deref;

/// A text the egress guard let out and the ledger recorded. No public constructor: outside
/// this module it cannot be made, so a host can only send what went through both.
///
/// ```compile_fail
/// // Does not compile: the field is private.
/// let text = tacit_core::assistant::PlatformText(String::from("unchecked"));
/// ```
///
/// ```compile_fail
/// // Does not compile either: a guard's release has no public constructor or text field.
/// let r = tacit_core::egress::Released { text: String::new(), dropped: Vec::new() };
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformText(String);

impl PlatformText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned (for the bindings, which hand it to the host).
    pub fn into_string(self) -> String {
        self.0
    }
}

impl Deref for PlatformText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for PlatformText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PlatformText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for PlatformText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What leaves the device is recorded in the ledger; logs get only its size.
        write!(f, "PlatformText({} chars)", self.0.chars().count())
    }
}

/// Records the released text in the ledger (in `w`'s transaction) and seals it.
pub(super) fn record(
    w: &mut WriteTx<'_>,
    key: &ring::hmac::Key,
    now: Timestamp,
    purpose: Purpose,
    categories: Vec<String>,
    released: Released,
) -> Result<PlatformText, LedgerError> {
    let text = released.into_text();
    ledger::record(w, key, now, purpose, categories, &text)?;
    Ok(PlatformText(text))
}
