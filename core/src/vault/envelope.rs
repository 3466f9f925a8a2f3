//! The record envelope: every encrypted value in the vault is one of these.
//!
//! ```text
//! envelope = version (1 byte, 0x01) | algorithm (1 byte, 0x01 = XChaCha20-Poly1305)
//!          | nonce (24 bytes, random) | ciphertext | tag (16 bytes)
//! associated data = "tacit.record" | version | table code | len(row key) | row key
//!                 | len(bound columns) | bound columns
//! ```
//! The associated data binds a ciphertext to its table, its row key and the format version, so
//! a ciphertext copied onto another row or into another table fails to open. "Bound columns"
//! are the row's plaintext columns (a block's month, count and id tags), so those cannot be
//! edited either. This is what matrix-sdk-store-encryption and application-services leave out.

use super::error::{RecordKind, Result, VaultError};
use crate::crypto::aead::{xchacha_open, xchacha_seal, TAG_LEN, XNONCE_LEN};
use crate::crypto::secret::SecretKey;

/// Envelope format version.
pub const ENVELOPE_VERSION: u8 = 1;
/// Algorithm code of XChaCha20-Poly1305.
pub const ALG_XCHACHA20_POLY1305: u8 = 1;
/// Bytes an envelope adds to its plaintext.
pub const OVERHEAD: usize = 2 + XNONCE_LEN + TAG_LEN;

fn associated_data(kind: RecordKind, row_key: &[u8], bound: &[u8]) -> Vec<u8> {
    let table = kind.as_str().as_bytes();
    let mut ad = Vec::with_capacity(32 + table.len() + row_key.len() + bound.len());
    ad.extend_from_slice(b"tacit.record");
    ad.push(ENVELOPE_VERSION);
    ad.push(table.len() as u8);
    ad.extend_from_slice(table);
    ad.extend_from_slice(&(row_key.len() as u32).to_be_bytes());
    ad.extend_from_slice(row_key);
    ad.extend_from_slice(&(bound.len() as u64).to_be_bytes());
    ad.extend_from_slice(bound);
    ad
}

/// Encrypts `plaintext` for the row `row_key` of table `kind`, binding `bound` columns.
pub fn seal(
    key: &SecretKey,
    kind: RecordKind,
    row_key: &[u8],
    bound: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let nonce = crate::crypto::random_array::<XNONCE_LEN>()
        .map_err(|_| VaultError::Io(super::error::IoKind::RandomSource))?;
    let ad = associated_data(kind, row_key, bound);
    let sealed = xchacha_seal(key.expose(), &nonce, &ad, plaintext)
        .map_err(|_| VaultError::InvalidInput("record too large"))?;
    let mut out = Vec::with_capacity(2 + XNONCE_LEN + sealed.len());
    out.push(ENVELOPE_VERSION);
    out.push(ALG_XCHACHA20_POLY1305);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens an envelope; any modification, wrong row, wrong table or wrong key is `Tampered`.
pub fn open(
    key: &SecretKey,
    kind: RecordKind,
    row_key: &[u8],
    bound: &[u8],
    envelope: &[u8],
) -> Result<Vec<u8>> {
    if envelope.len() < OVERHEAD {
        return Err(VaultError::Tampered(kind));
    }
    let (header, rest) = envelope.split_at(2);
    if header != [ENVELOPE_VERSION, ALG_XCHACHA20_POLY1305] {
        return Err(VaultError::Tampered(kind));
    }
    let (nonce, sealed) = rest.split_at(XNONCE_LEN);
    let ad = associated_data(kind, row_key, bound);
    xchacha_open(key.expose(), nonce, &ad, sealed).map_err(|_| VaultError::Tampered(kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> SecretKey {
        SecretKey::from_bytes([42; 32])
    }

    #[test]
    fn binds_table_row_and_columns() {
        let env = seal(&key(), RecordKind::Account, b"row-1", b"cols", b"secret").unwrap();
        assert_eq!(
            open(&key(), RecordKind::Account, b"row-1", b"cols", &env).unwrap(),
            b"secret"
        );
        assert_eq!(
            open(&key(), RecordKind::Account, b"row-2", b"cols", &env),
            Err(VaultError::Tampered(RecordKind::Account))
        );
        assert_eq!(
            open(&key(), RecordKind::Credential, b"row-1", b"cols", &env),
            Err(VaultError::Tampered(RecordKind::Credential))
        );
        assert_eq!(
            open(&key(), RecordKind::Account, b"row-1", b"colz", &env),
            Err(VaultError::Tampered(RecordKind::Account))
        );
        let other = SecretKey::from_bytes([1; 32]);
        assert!(open(&other, RecordKind::Account, b"row-1", b"cols", &env).is_err());
    }

    proptest! {
        #[test]
        fn any_flip_truncation_or_extension_fails(
            pt in proptest::collection::vec(any::<u8>(), 0..300),
            pos in any::<usize>(),
            bit in 0u8..8,
            cut in any::<usize>(),
            extra in proptest::collection::vec(any::<u8>(), 1..16),
        ) {
            let env = seal(&key(), RecordKind::Setting, b"k", b"", &pt).unwrap();
            let mut flipped = env.clone();
            let i = pos % flipped.len();
            flipped[i] ^= 1 << bit;
            prop_assert_eq!(open(&key(), RecordKind::Setting, b"k", b"", &flipped), Err(VaultError::Tampered(RecordKind::Setting)));
            let truncated = &env[..cut % env.len()];
            prop_assert!(open(&key(), RecordKind::Setting, b"k", b"", truncated).is_err());
            let mut extended = env.clone();
            extended.extend_from_slice(&extra);
            prop_assert!(open(&key(), RecordKind::Setting, b"k", b"", &extended).is_err());
        }
    }
}
