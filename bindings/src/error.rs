//! The one error type every fallible export returns.
//!
//! Hosts see it as `TacitException` subclasses in Kotlin and `TacitError` cases in Swift. The
//! variants are a stable contract: add new ones at the end, never rename or reuse one. No
//! variant carries input data, secrets or host exception text; the Display text is fixed.

use std::fmt;
use tacit_core::crypto::wrap::WrapError;
use tacit_core::crypto::CryptoError;

/// Why a Tacit call failed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum TacitError {
    /// The key or passphrase is not the one the vault (or wrapped key) was made with.
    WrongKey,
    /// Stored data or a wrapped key failed authentication: damaged or modified.
    Tampered,
    /// Stored data is structurally broken (not a tamper-evident failure, e.g. truncated).
    Corrupt,
    /// The file is not a Tacit vault.
    NotAVault,
    /// The vault was written by a newer format version than this library reads.
    UnsupportedVersion {
        /// The format version found in the file.
        found: u32,
    },
    /// The wrapping key cannot be reached now (keystore locked, user not authenticated,
    /// hardware error). Retrying later may succeed.
    KeyUnavailable,
    /// The vault is older than the last state this device saw (rollback attempt).
    Rollback,
    /// A file system error.
    Io,
    /// An argument is outside what the call accepts.
    InvalidInput,
    /// A network request failed.
    Network,
    /// The operation was cancelled.
    Cancelled,
    /// A host callback threw an exception that is not a `TacitException`.
    HostCallback,
    /// A bug in Tacit (a caught panic or an impossible state). Please report it.
    Internal,
}

impl fmt::Display for TacitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TacitError::WrongKey => f.write_str("wrong key or passphrase"),
            TacitError::Tampered => f.write_str("data failed authentication (damaged or modified)"),
            TacitError::Corrupt => f.write_str("stored data is corrupt"),
            TacitError::NotAVault => f.write_str("not a Tacit vault"),
            TacitError::UnsupportedVersion { found } => {
                write!(f, "unsupported vault format version {found}")
            }
            TacitError::KeyUnavailable => f.write_str("wrapping key unavailable"),
            TacitError::Rollback => f.write_str("vault is older than the last state seen"),
            TacitError::Io => f.write_str("file system error"),
            TacitError::InvalidInput => f.write_str("invalid input"),
            TacitError::Network => f.write_str("network error"),
            TacitError::Cancelled => f.write_str("cancelled"),
            TacitError::HostCallback => f.write_str("host callback failed"),
            TacitError::Internal => f.write_str("internal error"),
        }
    }
}

impl std::error::Error for TacitError {}

/// A host callback threw something other than a `TacitException` (or Swift `TacitError`).
/// The exception text is dropped: it is host data and may hold anything.
impl From<uniffi::UnexpectedUniFFICallbackError> for TacitError {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> TacitError {
        TacitError::HostCallback
    }
}

impl From<WrapError> for TacitError {
    fn from(e: WrapError) -> TacitError {
        match e {
            WrapError::WrongKey => TacitError::WrongKey,
            WrapError::Tampered => TacitError::Tampered,
            WrapError::Unavailable => TacitError::KeyUnavailable,
        }
    }
}

impl From<CryptoError> for TacitError {
    fn from(e: CryptoError) -> TacitError {
        match e {
            CryptoError::Auth => TacitError::Tampered,
            CryptoError::BadLength => TacitError::InvalidInput,
            CryptoError::Rng => TacitError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_errors_map_to_stable_variants() {
        assert_eq!(TacitError::from(WrapError::WrongKey), TacitError::WrongKey);
        assert_eq!(TacitError::from(WrapError::Tampered), TacitError::Tampered);
        assert_eq!(
            TacitError::from(WrapError::Unavailable),
            TacitError::KeyUnavailable
        );
        assert_eq!(TacitError::from(CryptoError::Auth), TacitError::Tampered);
    }

    #[test]
    fn unexpected_callback_error_drops_host_text() {
        let e = TacitError::from(uniffi::UnexpectedUniFFICallbackError::new(
            "secret-token-123",
        ));
        assert_eq!(e, TacitError::HostCallback);
        assert!(!e.to_string().contains("secret"));
        assert!(!format!("{e:?}").contains("secret"));
    }

    #[test]
    fn display_is_fixed_text() {
        assert_eq!(
            TacitError::UnsupportedVersion { found: 9 }.to_string(),
            "unsupported vault format version 9"
        );
        assert_eq!(TacitError::Internal.to_string(), "internal error");
    }
}
