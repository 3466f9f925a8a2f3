//! The vault's key hierarchy.
//!
//! ```text
//! data key (random 256-bit, ring SystemRandom) ── stored only wrapped by the host's KeyWrapper
//!   ├─ HKDF-SHA256 "tacit.v1.record"   → XChaCha20-Poly1305 key for every record envelope
//!   ├─ HKDF-SHA256 "tacit.v1.index"    → HMAC key for row references and transaction-id tags
//!   ├─ HKDF-SHA256 "tacit.v1.meta"     → HMAC key over the meta table (generation, ids)
//!   ├─ HKDF-SHA256 "tacit.v1.ledger"   → HMAC key for the outbound ledger's hash chain
//!   └─ HKDF-SHA256 "tacit.v1.check"    → HMAC key for the key check value
//! ```
//! Distinct labels mean a key compromised in one role says nothing about another. Raw key
//! bytes are zeroized on drop; ring's precomputed HMAC states cannot be zeroized from outside
//! ring (a documented limitation in docs/security-design.md).

use crate::crypto::kdf::{derive_subkey, hmac_key};
use crate::crypto::secret::SecretKey;
use ring::hmac;
use std::fmt;

const HKDF_SALT: &[u8] = b"tacit.vault.hkdf-salt.v1";
const CHECK_MESSAGE: &[u8] = b"tacit.vault.key-check.v1";

/// Subkeys derived from one data key.
pub struct VaultKeys {
    pub(crate) record: SecretKey,
    pub(crate) index: hmac::Key,
    pub(crate) meta: hmac::Key,
    pub(crate) ledger: hmac::Key,
    check: hmac::Key,
}

impl fmt::Debug for VaultKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKeys(<redacted>)")
    }
}

impl VaultKeys {
    /// Derives every subkey from the data key.
    pub fn derive(data_key: &SecretKey) -> Result<VaultKeys, crate::crypto::CryptoError> {
        let hmac_of = |label: &[u8]| -> Result<hmac::Key, crate::crypto::CryptoError> {
            let k = derive_subkey(data_key, HKDF_SALT, label)?;
            Ok(hmac_key(&k))
        };
        Ok(VaultKeys {
            record: derive_subkey(data_key, HKDF_SALT, b"tacit.v1.record")?,
            index: hmac_of(b"tacit.v1.index")?,
            meta: hmac_of(b"tacit.v1.meta")?,
            ledger: hmac_of(b"tacit.v1.ledger")?,
            check: hmac_of(b"tacit.v1.check")?,
        })
    }

    /// The key check value stored in meta: HMAC of a constant under the check subkey.
    pub fn key_check_value(&self) -> Vec<u8> {
        hmac::sign(&self.check, CHECK_MESSAGE).as_ref().to_vec()
    }

    /// Constant-time comparison of a stored key check value.
    pub fn verify_key_check(&self, stored: &[u8]) -> bool {
        hmac::verify(&self.check, CHECK_MESSAGE, stored).is_ok()
    }

    /// A 16-byte keyed reference for a logical id in a domain (table), so that ids such as
    /// account numbers never appear in plaintext columns.
    pub fn row_ref(&self, domain: &[u8], id: &[u8]) -> [u8; 16] {
        let tag = crate::crypto::kdf::hmac_parts(&self.index, &[domain, id]);
        let mut out = [0u8; 16];
        out.copy_from_slice(&tag.as_ref()[..16]);
        out
    }

    /// A 64-bit keyed tag of a transaction id, for the per-block lookup index.
    pub fn txn_tag(&self, txn_id: &str) -> u64 {
        self.txn_tag_parts(("", txn_id))
    }

    /// [`VaultKeys::txn_tag`] of an id given as `(account, suffix)`, meaning
    /// `account#suffix`, or `("", id)`: the same tag as the joined id, without joining it.
    pub fn txn_tag_parts(&self, (account, suffix): (&str, &str)) -> u64 {
        // Same bytes as `hmac_parts(index, [b"txn", id])`: each part length-prefixed.
        let joined_len = if account.is_empty() {
            suffix.len()
        } else {
            account.len() + 1 + suffix.len()
        };
        let mut ctx = hmac::Context::with_key(&self.index);
        ctx.update(&3u64.to_be_bytes());
        ctx.update(b"txn");
        ctx.update(&(joined_len as u64).to_be_bytes());
        if !account.is_empty() {
            ctx.update(account.as_bytes());
            ctx.update(b"#");
        }
        ctx.update(suffix.as_bytes());
        let tag = ctx.sign();
        let mut out = [0u8; 8];
        out.copy_from_slice(&tag.as_ref()[..8]);
        u64::from_le_bytes(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::kdf::hmac_parts;

    #[test]
    fn split_id_tags_match_joined_ones() {
        let keys = VaultKeys::derive(&SecretKey::from_bytes([7; 32])).unwrap();
        let joined = |id: &str| {
            let tag = hmac_parts(&keys.index, &[b"txn", id.as_bytes()]);
            u64::from_le_bytes(tag.as_ref()[..8].try_into().unwrap())
        };
        assert_eq!(
            keys.txn_tag("sandbox/chk#fit-1"),
            joined("sandbox/chk#fit-1")
        );
        assert_eq!(
            keys.txn_tag_parts(("sandbox/chk", "fit-1")),
            joined("sandbox/chk#fit-1")
        );
        assert_eq!(keys.txn_tag_parts(("", "plain-id")), joined("plain-id"));
        assert_ne!(keys.txn_tag("a#b"), keys.txn_tag("a#c"));
    }
}
