//! Key derivation and MACs from ring: HKDF-SHA256 for subkeys, PBKDF2-HMAC-SHA256 for
//! passphrases, HMAC-SHA256 for keyed indexes and checks. Comparisons of MACs and check values
//! go through `ring::hmac::verify`, which is constant-time.

use super::secret::SecretKey;
use super::CryptoError;
use ring::{hkdf, hmac, pbkdf2};
use std::num::NonZeroU32;

struct OutLen(usize);

impl hkdf::KeyType for OutLen {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-SHA256 (RFC 5869) extract-and-expand into `len` bytes. Fails when `len` exceeds
/// 255 × 32 bytes, the RFC's limit.
pub fn hkdf_sha256(
    ikm: &[u8],
    salt: &[u8],
    info: &[u8],
    len: usize,
) -> Result<Vec<u8>, CryptoError> {
    if len > 255 * 32 {
        return Err(CryptoError::BadLength);
    }
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [info];
    let okm = prk
        .expand(&info, OutLen(len))
        .map_err(|_| CryptoError::BadLength)?;
    let mut out = vec![0u8; len];
    okm.fill(&mut out).map_err(|_| CryptoError::BadLength)?;
    Ok(out)
}

/// Derives a 256-bit subkey from a root key with a distinct info label, written straight
/// into the key's heap place (no intermediate buffer).
pub fn derive_subkey(
    root: &SecretKey,
    salt: &[u8],
    label: &[u8],
) -> Result<SecretKey, CryptoError> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(root.expose());
    let info = [label];
    let okm = prk
        .expand(&info, OutLen(32))
        .map_err(|_| CryptoError::BadLength)?;
    let mut key = SecretKey::zeroed();
    okm.fill(&mut key.bytes_mut()[..])
        .map_err(|_| CryptoError::BadLength)?;
    Ok(key)
}

/// PBKDF2-HMAC-SHA256 into a 256-bit key, written straight into the key's heap place.
pub fn pbkdf2_sha256(
    passphrase: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<SecretKey, CryptoError> {
    let iterations = NonZeroU32::new(iterations).ok_or(CryptoError::BadLength)?;
    let mut key = SecretKey::zeroed();
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        salt,
        passphrase,
        &mut key.bytes_mut()[..],
    );
    Ok(key)
}

/// Verifies a PBKDF2-HMAC-SHA256 output of any length (for test vectors).
pub fn pbkdf2_sha256_verify(
    passphrase: &[u8],
    salt: &[u8],
    iterations: u32,
    expected: &[u8],
) -> bool {
    match NonZeroU32::new(iterations) {
        Some(n) => {
            pbkdf2::verify(pbkdf2::PBKDF2_HMAC_SHA256, n, salt, passphrase, expected).is_ok()
        }
        None => false,
    }
}

/// HMAC-SHA256 of `parts` concatenated, each length-prefixed so that different splits of the
/// same bytes never collide.
pub fn hmac_parts(key: &hmac::Key, parts: &[&[u8]]) -> hmac::Tag {
    let mut ctx = hmac::Context::with_key(key);
    for part in parts {
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    ctx.sign()
}

/// Constant-time check of an HMAC-SHA256 over length-prefixed `parts` (ring's `verify`).
pub fn hmac_parts_verify(key: &hmac::Key, parts: &[&[u8]], expected: &[u8]) -> bool {
    let mut msg = Vec::with_capacity(parts.iter().map(|p| p.len() + 8).sum());
    for part in parts {
        msg.extend_from_slice(&(part.len() as u64).to_be_bytes());
        msg.extend_from_slice(part);
    }
    hmac::verify(key, &msg, expected).is_ok()
}

/// An HMAC-SHA256 key built from a secret key.
pub fn hmac_key(key: &SecretKey) -> HmacKey {
    HmacKey(Box::new(hmac::Key::new(hmac::HMAC_SHA256, key.expose())))
}

/// A ring HMAC-SHA256 key (its precomputed inner and outer hash states, as good as the key
/// for forging MACs) kept in one heap place, so moving the owner copies no state, and
/// overwritten with the states of an all-zero key when dropped. ring's `hmac::Key` has no
/// `zeroize`; replacing the value in place is the safe-Rust equivalent, and `black_box` keeps
/// the optimiser from dropping that store as dead.
pub struct HmacKey(Box<hmac::Key>);

impl std::ops::Deref for HmacKey {
    type Target = hmac::Key;
    fn deref(&self) -> &hmac::Key {
        &self.0
    }
}

impl Clone for HmacKey {
    /// A second boxed copy, itself overwritten when dropped.
    fn clone(&self) -> HmacKey {
        HmacKey(Box::new((*self.0).clone()))
    }
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        *self.0 = hmac::Key::new(hmac::HMAC_SHA256, &[0u8; 32]);
        std::hint::black_box(&*self.0);
    }
}

impl std::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5869_case_1() {
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0u8..=0x0c).collect();
        let info: Vec<u8> = (0xf0u8..=0xf9).collect();
        let okm = hkdf_sha256(&ikm, &salt, &info, 42).unwrap();
        assert_eq!(okm[..8], [0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a]);
        assert!(hkdf_sha256(&ikm, &salt, &info, 255 * 32 + 1).is_err());
    }

    #[test]
    fn hmac_verify_detects_difference() {
        let key = hmac_key(&SecretKey::from_bytes([3; 32]));
        let tag = hmac_parts(&key, &[b"a", b"bc"]);
        assert!(hmac_parts_verify(&key, &[b"a", b"bc"], tag.as_ref()));
        assert!(!hmac_parts_verify(&key, &[b"ab", b"c"], tag.as_ref()));
        let mut bad = tag.as_ref().to_vec();
        bad[31] ^= 1;
        assert!(!hmac_parts_verify(&key, &[b"a", b"bc"], &bad));
        assert!(!hmac_parts_verify(&key, &[b"a", b"bc"], &bad[..16]));
    }
}
