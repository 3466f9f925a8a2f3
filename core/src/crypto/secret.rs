//! Containers for secrets: zeroized when dropped, redacted in `Debug`, never `Display`.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit symmetric key.
///
/// The bytes live in one heap allocation for the key's whole life: moving a `SecretKey` (into
/// a struct, out of a function) moves only the pointer, so no stale copy is left in a stack
/// frame, and the one copy is zeroized when the key is dropped. Keys made by [`generate`] and
/// by HKDF ([`crate::crypto::kdf::derive_subkey`]) are written straight into that allocation.
///
/// [`generate`]: SecretKey::generate
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Box<[u8; 32]>);

impl SecretKey {
    /// A zeroed key to be filled in place (`fill`).
    pub(crate) fn zeroed() -> SecretKey {
        SecretKey(Box::new([0u8; 32]))
    }

    /// The key bytes, to be written in place by a key derivation or the CSPRNG.
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8; 32] {
        &mut self.0
    }

    /// Wraps raw key bytes. The array is copied to the heap; the caller's copy (an argument
    /// passed by value) is the caller's to zeroize, so prefer [`SecretKey::from_slice`] on a
    /// zeroizing buffer outside tests.
    pub fn from_bytes(mut bytes: [u8; 32]) -> SecretKey {
        let mut key = SecretKey::zeroed();
        key.0.copy_from_slice(&bytes);
        bytes.zeroize();
        key
    }

    /// Copies a key from a slice; refuses anything but 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<SecretKey> {
        if bytes.len() != 32 {
            return None;
        }
        let mut key = SecretKey::zeroed();
        key.0.copy_from_slice(bytes);
        Some(key)
    }

    /// A fresh random key from the system CSPRNG, written straight into its heap place.
    pub fn generate() -> Result<SecretKey, super::CryptoError> {
        let mut key = SecretKey::zeroed();
        super::fill_random(&mut key.0[..])?;
        Ok(key)
    }

    /// The key bytes. Keep the borrow short.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Secret bytes of any length (a decrypted credential, an Access URL).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Takes ownership of the bytes.
    pub fn new(bytes: Vec<u8>) -> SecretBytes {
        SecretBytes(Zeroizing::new(bytes))
    }

    /// The bytes. Keep the borrow short.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBytes(<redacted>)")
    }
}

/// A secret string (a passphrase, a URL with a password in it).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Takes ownership of the string.
    pub fn new(s: String) -> SecretString {
        SecretString(Zeroizing::new(s))
    }

    /// The text. Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

/// Overwrites 32 KiB of the stack below the caller's frame with zeros.
///
/// Key derivation and AEAD code (ring's HKDF and HMAC, ChaCha20's block function) keep key
/// material and cipher states in their own stack frames, which stay in memory after they
/// return until deeper calls happen to overwrite them. Calling this right after such work,
/// from the frame that called it, clears those dead frames. `black_box` keeps the zeroing
/// from being optimised away.
#[inline(never)]
pub fn scrub_stack() {
    let mut frame = [0u8; 32 * 1024];
    std::hint::black_box(&mut frame);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secret() {
        let k = SecretKey::from_bytes([0x41; 32]);
        let s = SecretString::new("hunter2-passphrase".into());
        let b = SecretBytes::new(b"https://user:pw@bridge".to_vec());
        let all = format!("{k:?} {s:?} {b:?}");
        assert!(!all.contains("hunter2") && !all.contains("pw@") && !all.contains("AAAA"));
        assert!(!all.contains("65, 65"));
    }
}
