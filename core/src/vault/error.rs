//! The vault's typed errors. None carries a secret, an amount, a name or any other stored
//! datum: they are safe to log and to show to a user or a bug report.

use std::fmt;

/// Which kind of stored record an integrity failure concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// The meta table (ids, generation, MAC).
    Meta,
    /// The wrapped data key.
    WrappedKey,
    /// The key check value.
    KeyCheck,
    /// A stored bank credential.
    Credential,
    /// An account record.
    Account,
    /// A block of transactions.
    TransactionBlock,
    /// A fraud alert.
    Alert,
    /// An outbound ledger entry.
    Ledger,
    /// A setting or state record.
    Setting,
}

impl RecordKind {
    /// Stable name, also used as the table code in associated data.
    pub fn as_str(&self) -> &'static str {
        match self {
            RecordKind::Meta => "meta",
            RecordKind::WrappedKey => "wrapped_key",
            RecordKind::KeyCheck => "key_check",
            RecordKind::Credential => "credential",
            RecordKind::Account => "account",
            RecordKind::TransactionBlock => "transaction_block",
            RecordKind::Alert => "alert",
            RecordKind::Ledger => "ledger",
            RecordKind::Setting => "setting",
        }
    }
}

/// Where an I/O failure happened, without paths (a path can name the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoKind {
    /// The vault file does not exist.
    NotFound,
    /// A vault already exists where one was to be created.
    AlreadyExists,
    /// Permission denied.
    PermissionDenied,
    /// The disk is full.
    DiskFull,
    /// The database is locked by another connection for too long.
    Busy,
    /// The operating system's random source failed (no fresh key or nonce could be drawn;
    /// nothing was written). Retrying later may succeed.
    RandomSource,
    /// Any other operating-system or SQLite I/O failure.
    Other,
}

/// Everything that can go wrong with a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultError {
    /// The key or passphrase is not this vault's (told apart from damage by the key check
    /// value and a sentinel record).
    WrongKey,
    /// A stored record failed authentication: modified, or moved from another row or table.
    Tampered(RecordKind),
    /// The database structure is damaged (SQLite reports corruption, a required row is
    /// missing, a record does not decode).
    Corrupt(&'static str),
    /// The file is not a Tacit vault (not SQLite, or SQLite without Tacit's tables).
    NotAVault,
    /// The vault was written by a newer format version than this library understands.
    UnsupportedVersion(u32),
    /// The host's key wrapper could not provide the key (keystore locked, host exception).
    KeyUnavailable,
    /// The file is older than the last state the host saw: a copy was restored over it.
    Rollback {
        /// The write generation found in the file.
        found: u64,
        /// The lowest generation the host expected.
        expected_at_least: u64,
    },
    /// A file-system or SQLite I/O failure.
    Io(IoKind),
    /// The caller passed something the vault refuses (empty id, oversized record).
    InvalidInput(&'static str),
    /// A bug in Tacit (a worker thread panicked); the write was rolled back.
    Internal(&'static str),
}

impl fmt::Display for VaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VaultError::WrongKey => f.write_str("wrong key or passphrase for this vault"),
            VaultError::Tampered(kind) => {
                write!(f, "vault record failed authentication ({})", kind.as_str())
            }
            VaultError::Corrupt(what) => write!(f, "vault is damaged: {what}"),
            VaultError::NotAVault => f.write_str("file is not a Tacit vault"),
            VaultError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "vault format version {v} is newer than this library supports"
                )
            }
            VaultError::KeyUnavailable => f.write_str("the key wrapper could not provide the key"),
            VaultError::Rollback {
                found,
                expected_at_least,
            } => write!(
                f,
                "vault was rolled back: generation {found} is older than {expected_at_least}"
            ),
            VaultError::Io(kind) => write!(f, "vault I/O error: {kind:?}"),
            VaultError::InvalidInput(what) => write!(f, "invalid input: {what}"),
            VaultError::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

impl std::error::Error for VaultError {}

impl From<rusqlite::Error> for VaultError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(err, _) => match err.code {
                // A file whose header is not SQLite's (zero-filled after a crash, overwritten)
                // is treated as a damaged vault, not as "some other file": the app must offer
                // a restore or a wipe, never quietly create a new vault over it. A readable
                // SQLite database without Tacit's tables is `NotAVault` (`check_format`).
                ErrorCode::NotADatabase => {
                    VaultError::Corrupt("the file is not a readable database (damaged?)")
                }
                ErrorCode::DatabaseCorrupt => VaultError::Corrupt("sqlite reports corruption"),
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => VaultError::Io(IoKind::Busy),
                ErrorCode::DiskFull => VaultError::Io(IoKind::DiskFull),
                ErrorCode::PermissionDenied | ErrorCode::ReadOnly => {
                    VaultError::Io(IoKind::PermissionDenied)
                }
                ErrorCode::CannotOpen => VaultError::Io(IoKind::NotFound),
                _ => VaultError::Io(IoKind::Other),
            },
            rusqlite::Error::QueryReturnedNoRows => VaultError::Corrupt("required row missing"),
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => {
                VaultError::Corrupt("unexpected column type")
            }
            _ => VaultError::Io(IoKind::Other),
        }
    }
}

impl From<std::io::Error> for VaultError {
    fn from(e: std::io::Error) -> Self {
        VaultError::Io(match e.kind() {
            std::io::ErrorKind::NotFound => IoKind::NotFound,
            std::io::ErrorKind::AlreadyExists => IoKind::AlreadyExists,
            std::io::ErrorKind::PermissionDenied => IoKind::PermissionDenied,
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => IoKind::DiskFull,
            _ => IoKind::Other,
        })
    }
}

/// Shorthand for vault results.
pub type Result<T> = std::result::Result<T, VaultError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_filed_as_such() {
        for kind in [
            std::io::ErrorKind::StorageFull,
            std::io::ErrorKind::QuotaExceeded,
        ] {
            assert_eq!(
                VaultError::from(std::io::Error::from(kind)),
                VaultError::Io(IoKind::DiskFull)
            );
        }
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert_eq!(VaultError::from(full), VaultError::Io(IoKind::DiskFull));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_damage_not_a_foreign_file() {
        let notadb = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
            None,
        );
        assert!(matches!(VaultError::from(notadb), VaultError::Corrupt(_)));
    }
}
