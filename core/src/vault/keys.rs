//! The vault's key hierarchy.
//!
//! ```text
//! data key (random 256-bit, ring SystemRandom) ── stored only wrapped by the host's KeyWrapper
//!   ├─ HKDF-SHA256 "tacit.v1.record"   → XChaCha20-Poly1305 key for every record envelope
//!   ├─ HKDF-SHA256 "tacit.v1.index"    → HMAC key for row references
//!   ├─ HKDF-SHA256 "tacit.v2.txn-tag"  → SipHash-2-4 key (first 128 bits) for transaction-id tags
//!   ├─ HKDF-SHA256 "tacit.v1.meta"     → HMAC key over the meta table (generation, ids)
//!   ├─ HKDF-SHA256 "tacit.v1.ledger"   → HMAC key for the outbound ledger's hash chain
//!   └─ HKDF-SHA256 "tacit.v1.check"    → HMAC key for the key check value
//! ```
//! Distinct labels mean a key compromised in one role says nothing about another. Every key
//! lives in one heap place (`SecretKey` and `HmacKey` are boxes), so moving `VaultKeys` or the
//! vault copies pointers, never key bytes; raw keys are zeroized on drop and ring's HMAC states
//! overwritten (`HmacKey`). The memory-dump test (`tests/tests/memory_dump.rs`) checks it.
//!
//! Why SipHash for the id tags: the vault computes one per transaction on every import and
//! sync (100,000 for a large statement), and HMAC-SHA256 of a short id costs two SHA-256
//! compressions, about 0.6 µs here without SHA extensions; SipHash-2-4 is a PRF designed for
//! exactly this (short inputs under a 128-bit secret key) at a few tens of nanoseconds. The
//! tags only need to be pseudorandom to whoever lacks the key, and a collision is harmless
//! (every match is confirmed against the decrypted id). Vaults of format 1 carried HMAC
//! tags; the format-2 migration recomputes them (`schema.rs`).

use crate::crypto::kdf::{derive_subkey, hmac_key, HmacKey};
use crate::crypto::secret::SecretKey;
use ring::hmac;
use siphasher::sip::SipHasher24;
use std::fmt;
use std::hash::Hasher;

const HKDF_SALT: &[u8] = b"tacit.vault.hkdf-salt.v1";
const CHECK_MESSAGE: &[u8] = b"tacit.vault.key-check.v1";

/// Subkeys derived from one data key.
pub struct VaultKeys {
    pub(crate) record: SecretKey,
    pub(crate) index: HmacKey,
    /// SipHash-2-4 key for transaction-id tags (the first 16 bytes are used).
    txn_tag: SecretKey,
    pub(crate) meta: HmacKey,
    pub(crate) ledger: HmacKey,
    check: HmacKey,
}

impl fmt::Debug for VaultKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKeys(<redacted>)")
    }
}

impl VaultKeys {
    /// Derives every subkey from the data key.
    pub fn derive(data_key: &SecretKey) -> Result<VaultKeys, crate::crypto::CryptoError> {
        let hmac_of = |label: &[u8]| -> Result<HmacKey, crate::crypto::CryptoError> {
            let k = derive_subkey(data_key, HKDF_SALT, label)?;
            Ok(hmac_key(&k))
        };
        let keys = VaultKeys {
            record: derive_subkey(data_key, HKDF_SALT, b"tacit.v1.record")?,
            index: hmac_of(b"tacit.v1.index")?,
            txn_tag: derive_subkey(data_key, HKDF_SALT, b"tacit.v2.txn-tag")?,
            meta: hmac_of(b"tacit.v1.meta")?,
            ledger: hmac_of(b"tacit.v1.ledger")?,
            check: hmac_of(b"tacit.v1.check")?,
        };
        // Every field is a box: `keys` is six pointers. ring's HKDF and HMAC set-up left key
        // material in the frames below this one; clear them.
        crate::crypto::secret::scrub_stack();
        Ok(keys)
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

    /// A 64-bit keyed tag of a transaction id, for the per-block lookup index:
    /// SipHash-2-4 of the id's UTF-8 bytes under the tag key.
    pub fn txn_tag(&self, txn_id: &str) -> u64 {
        self.txn_tag_parts(("", txn_id))
    }

    /// [`VaultKeys::txn_tag`] of an id given as `(account, suffix)`, meaning
    /// `account#suffix`, or `("", id)`: the same tag as the joined id, without joining it.
    pub fn txn_tag_parts(&self, (account, suffix): (&str, &str)) -> u64 {
        let mut hasher = self.tag_hasher();
        if !account.is_empty() {
            hasher.write(account.as_bytes());
            hasher.write(b"#");
        }
        hasher.write(suffix.as_bytes());
        hasher.finish()
    }

    fn tag_hasher(&self) -> SipHasher24 {
        let mut key = zeroize::Zeroizing::new([0u8; 16]);
        key.copy_from_slice(&self.txn_tag.expose()[..16]);
        SipHasher24::new_with_key(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tag is the SipHash-2-4 of the specification: the test vector of the SipHash paper
    /// (Aumasson and Bernstein, appendix A: key 00..0f, message 00..0e).
    #[test]
    fn tag_function_is_siphash_2_4() {
        let key: [u8; 16] = std::array::from_fn(|i| i as u8);
        let message: Vec<u8> = (0u8..15).collect();
        let mut h = SipHasher24::new_with_key(&key);
        h.write(&message);
        assert_eq!(h.finish(), 0xa129_ca61_49be_45e5);
    }

    #[test]
    fn split_id_tags_match_joined_ones() {
        let keys = VaultKeys::derive(&SecretKey::from_bytes([7; 32])).unwrap();
        let joined = |id: &str| {
            let mut h = keys.tag_hasher();
            h.write(id.as_bytes());
            h.finish()
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

    #[test]
    fn tags_depend_on_the_key() {
        let a = VaultKeys::derive(&SecretKey::from_bytes([7; 32])).unwrap();
        let b = VaultKeys::derive(&SecretKey::from_bytes([8; 32])).unwrap();
        assert_ne!(a.txn_tag("acct#fit-1"), b.txn_tag("acct#fit-1"));
    }
}
