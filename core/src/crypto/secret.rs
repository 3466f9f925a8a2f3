//! Containers for secrets: zeroized when dropped, redacted in `Debug`, never `Display`.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit symmetric key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// Wraps raw key bytes (the caller's copy should be zeroized by the caller).
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(bytes)
    }

    /// Copies a key from a slice; refuses anything but 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<SecretKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(SecretKey(arr))
    }

    /// A fresh random key from the system CSPRNG.
    pub fn generate() -> Result<SecretKey, super::CryptoError> {
        Ok(SecretKey(super::random_array::<32>()?))
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
