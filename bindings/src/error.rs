//! The one error type every fallible export returns.
//!
//! Hosts see it as `TacitException` subclasses in Kotlin and `TacitError` cases in Swift. The
//! variants are a stable contract: add new ones at the end, never rename or reuse one. No
//! variant carries input data, secrets or host exception text; the Display text is fixed.

use std::fmt;
use tacit_core::error::Error;
use tacit_core::AssistantError;
use tacit_core::CryptoError;
use tacit_core::LedgerError;
use tacit_core::TokenError;
use tacit_core::VaultError;
use tacit_core::WrapError;

/// Why a Tacit call failed.
///
/// Flat in the bindings (issue 16): a Kotlin exception's `message` (Swift: the case's
/// `message`) is this type's fixed Display text, e.g. "statement refused: bad_amount"; the
/// variant is what to match on. Host callbacks throw [`HostError`] instead.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi(flat_error)]
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
    /// A statement file was refused; `reason` is a fixed code such as `bad_amount` (no file
    /// content).
    StatementRefused {
        /// Why, as a stable code.
        reason: String,
    },
    /// A host-fed batch was refused; `reason` names the item index and the field, never the
    /// value (e.g. "host batch transaction 3: field `amount` is out of range").
    HostBatchRefused {
        /// Which item and field, and what is wrong.
        reason: String,
    },
    /// The egress guard blocked the platform text (nothing was released); `reason` is the
    /// violation code, e.g. `card_number`.
    EgressBlocked {
        /// The violation code.
        reason: String,
    },
    /// The quick reply has expired: ask the question again.
    QuickReplyExpired,
    /// The quick reply was never issued, or was already used.
    QuickReplyUnknown,
    /// The alert answered does not exist or is not waiting for an answer.
    NoSuchAlert,
    /// The outbound ledger failed verification (entries modified or missing).
    LedgerBroken,
    /// A bank sync failed; `reason` names no URL, host, credential or bank text.
    Sync {
        /// What failed.
        reason: String,
    },
    /// The profile was closed or wiped; open it again.
    Closed,
    /// The statement file names no account (CSV, most QIF files): ask the person which
    /// account it is and call `importStatementWith` with that name. `format` is `CSV` or
    /// `QIF`.
    NeedsAccount {
        /// The format the file was read as.
        format: String,
    },
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
            TacitError::StatementRefused { reason } => write!(f, "statement refused: {reason}"),
            TacitError::HostBatchRefused { reason } => write!(f, "host batch refused: {reason}"),
            TacitError::EgressBlocked { reason } => {
                write!(f, "reply blocked by the egress guard ({reason})")
            }
            TacitError::QuickReplyExpired => f.write_str("this quick reply has expired"),
            TacitError::QuickReplyUnknown => f.write_str("unknown or already used quick reply"),
            TacitError::NoSuchAlert => f.write_str("no alert is waiting for that answer"),
            TacitError::LedgerBroken => f.write_str("the outbound ledger failed verification"),
            TacitError::Sync { reason } => write!(f, "sync failed: {reason}"),
            TacitError::Closed => f.write_str("the profile was closed or wiped"),
            TacitError::NeedsAccount { format } => {
                write!(f, "the {format} file names no account: choose one")
            }
        }
    }
}

impl std::error::Error for TacitError {}

/// What a host callback (`KeyWrapper`, progress listeners) may throw: Kotlin
/// `HostException.WrongKey("...")`, Swift `HostError.WrongKey(message:)`. Only the variant
/// crosses back (the message stays in the host: it may hold anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Error)]
#[uniffi(flat_error, with_try_read)]
pub enum HostError {
    /// The wrapped key was made with another key.
    WrongKey,
    /// The wrapped key failed authentication.
    Tampered,
    /// The keystore cannot be reached now (locked, user not authenticated).
    KeyUnavailable,
    /// Anything else.
    Failed,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostError::WrongKey => "wrong key",
            HostError::Tampered => "wrapped key failed authentication",
            HostError::KeyUnavailable => "key unavailable",
            HostError::Failed => "host callback failed",
        })
    }
}

impl std::error::Error for HostError {}

/// A host callback threw something other than a `HostException` (Swift `HostError`). The
/// exception text is dropped: it is host data and may hold anything.
impl From<uniffi::UnexpectedUniFFICallbackError> for HostError {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> HostError {
        HostError::Failed
    }
}

impl From<HostError> for TacitError {
    fn from(e: HostError) -> TacitError {
        match e {
            HostError::WrongKey => TacitError::WrongKey,
            HostError::Tampered => TacitError::Tampered,
            HostError::KeyUnavailable => TacitError::KeyUnavailable,
            HostError::Failed => TacitError::HostCallback,
        }
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

impl From<VaultError> for TacitError {
    fn from(e: VaultError) -> TacitError {
        match e {
            VaultError::WrongKey => TacitError::WrongKey,
            VaultError::Tampered(_) => TacitError::Tampered,
            VaultError::Corrupt(_) => TacitError::Corrupt,
            VaultError::NotAVault => TacitError::NotAVault,
            VaultError::UnsupportedVersion(found) => TacitError::UnsupportedVersion { found },
            VaultError::KeyUnavailable => TacitError::KeyUnavailable,
            VaultError::Rollback { .. } => TacitError::Rollback,
            VaultError::Io(_) => TacitError::Io,
            VaultError::InvalidInput(_) => TacitError::InvalidInput,
            VaultError::Internal(_) => TacitError::Internal,
        }
    }
}

impl From<LedgerError> for TacitError {
    fn from(e: LedgerError) -> TacitError {
        match e {
            LedgerError::Vault(v) => v.into(),
            LedgerError::Broken { .. } | LedgerError::Truncated => TacitError::LedgerBroken,
        }
    }
}

impl From<AssistantError> for TacitError {
    fn from(e: AssistantError) -> TacitError {
        match e {
            AssistantError::Vault(v) => v.into(),
            AssistantError::Blocked(k) => TacitError::EgressBlocked {
                reason: k.as_str().into(),
            },
            AssistantError::Token(TokenError::Expired) => TacitError::QuickReplyExpired,
            AssistantError::Token(TokenError::Unknown) => TacitError::QuickReplyUnknown,
            AssistantError::Token(TokenError::Vault(v)) => v.into(),
            AssistantError::Ledger(l) => l.into(),
            AssistantError::NoSuchAlert => TacitError::NoSuchAlert,
        }
    }
}

/// Core's facade error: each variant onto its stable counterpart. The `reason` strings come
/// from core's fixed codes and messages, which carry no input data.
impl From<Error> for TacitError {
    fn from(e: Error) -> TacitError {
        match e {
            Error::Vault(v) => v.into(),
            Error::Statement(s) if s.needs_account() => TacitError::NeedsAccount {
                format: s.format.map_or("", |f| f.as_str()).into(),
            },
            Error::Statement(s) => TacitError::StatementRefused {
                reason: s.kind.as_str().into(),
            },
            Error::HostFeed(f) => TacitError::HostBatchRefused {
                reason: f.to_string(),
            },
            Error::Assistant(a) => a.into(),
            Error::Ledger(l) => l.into(),
            Error::Sync(reason) => TacitError::Sync { reason },
            Error::InvalidInput(_) => TacitError::InvalidInput,
            Error::Closed => TacitError::Closed,
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
        let e = TacitError::from(HostError::from(uniffi::UnexpectedUniFFICallbackError::new(
            "secret-token-123",
        )));
        assert_eq!(e, TacitError::HostCallback);
        assert!(!e.to_string().contains("secret"));
        assert!(!format!("{e:?}").contains("secret"));
    }

    #[test]
    fn core_errors_map_to_stable_variants() {
        use tacit_core::ViolationKind;
        assert_eq!(
            TacitError::from(Error::Vault(VaultError::WrongKey)),
            TacitError::WrongKey
        );
        assert_eq!(
            TacitError::from(Error::Assistant(AssistantError::Token(TokenError::Expired))),
            TacitError::QuickReplyExpired
        );
        assert_eq!(
            TacitError::from(Error::Assistant(AssistantError::Blocked(
                ViolationKind::CardNumber
            ))),
            TacitError::EgressBlocked {
                reason: ViolationKind::CardNumber.as_str().into()
            }
        );
        assert_eq!(
            TacitError::from(Error::Ledger(LedgerError::Broken { seq: 3 })),
            TacitError::LedgerBroken
        );
        assert_eq!(TacitError::from(Error::Closed), TacitError::Closed);
        assert_eq!(
            TacitError::from(Error::InvalidInput("the profile was closed or wiped")),
            TacitError::InvalidInput,
            "only the typed variant means closed, never a message"
        );
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
