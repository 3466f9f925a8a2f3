//! The one error type of the facade: every failure a host or the CLI can meet, each variant
//! typed and free of secret or personal data, so it can be logged or shown as it is.

use crate::assistant::AssistantError;
use crate::ledger::LedgerError;
use crate::sources::host_feed::FeedError;
use crate::sources::ofx::OfxError;
use crate::sources::statement::StatementError;
use crate::vault::VaultError;
use std::fmt;

/// Every failure of [`crate::profile::Profile`].
#[derive(Debug, Clone)]
pub enum Error {
    /// The vault failed (wrong key, tampering, I/O...).
    Vault(VaultError),
    /// A statement file (OFX/QFX, CSV, QIF, CAMT.053) was refused.
    Statement(StatementError),
    /// A host-fed batch was refused.
    HostFeed(FeedError),
    /// The assistant could not reply (egress guard block, expired quick reply...).
    Assistant(AssistantError),
    /// The outbound ledger failed verification.
    Ledger(LedgerError),
    /// A bank sync failed (the message names no URL, host, credential or bank text).
    Sync(String),
    /// The caller passed something invalid.
    InvalidInput(&'static str),
    /// The profile was closed or wiped: every later call fails with this until it is opened
    /// again.
    Closed,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Vault(e) => write!(f, "{e}"),
            Error::Statement(e) => write!(f, "statement refused: {e}"),
            Error::HostFeed(e) => write!(f, "host batch refused: {e}"),
            Error::Assistant(e) => write!(f, "{e}"),
            Error::Ledger(e) => write!(f, "{e}"),
            Error::Sync(e) => write!(f, "sync failed: {e}"),
            Error::InvalidInput(e) => write!(f, "invalid input: {e}"),
            Error::Closed => f.write_str("the profile was closed or wiped"),
        }
    }
}

impl std::error::Error for Error {}

impl From<VaultError> for Error {
    fn from(e: VaultError) -> Self {
        Error::Vault(e)
    }
}

impl From<AssistantError> for Error {
    fn from(e: AssistantError) -> Self {
        match e {
            AssistantError::Vault(v) => Error::Vault(v),
            other => Error::Assistant(other),
        }
    }
}

impl From<OfxError> for Error {
    fn from(e: OfxError) -> Self {
        Error::Statement(e.into())
    }
}

impl From<StatementError> for Error {
    fn from(e: StatementError) -> Self {
        Error::Statement(e)
    }
}

impl From<FeedError> for Error {
    fn from(e: FeedError) -> Self {
        Error::HostFeed(e)
    }
}

impl From<LedgerError> for Error {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Vault(v) => Error::Vault(v),
            other => Error::Ledger(other),
        }
    }
}
