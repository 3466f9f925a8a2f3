//! AEAD wrappers. Vault records use XChaCha20-Poly1305 with random 192-bit nonces: at that
//! size random nonces never collide in practice (2^-96 after 2^48 messages), so no counter has
//! to survive crashes, restores or clones of the database. ChaCha20-Poly1305 (96-bit nonce) is
//! wrapped too, for test vectors and for callers that manage nonces themselves.
//!
//! Nonces arrive as slices and are length-checked here: a wrong length is an error, never a
//! panic and never silently padded.

use super::CryptoError;
use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag, XChaCha20Poly1305, XNonce};

/// XChaCha20-Poly1305 nonce length.
pub const XNONCE_LEN: usize = 24;
/// ChaCha20-Poly1305 (IETF) nonce length.
pub const NONCE_LEN: usize = 12;
/// Poly1305 tag length.
pub const TAG_LEN: usize = 16;

fn key_of(key: &[u8]) -> Result<Key, CryptoError> {
    Key::try_from(key).map_err(|_| CryptoError::BadLength)
}

macro_rules! seal_open {
    ($seal:ident, $open:ident, $cipher:ty, $nonce:ty, $len:expr, $doc:literal) => {
        #[doc = concat!("Encrypts `plaintext` with ", $doc, "; returns ciphertext || tag.")]
        pub fn $seal(
            key: &[u8],
            nonce: &[u8],
            ad: &[u8],
            plaintext: &[u8],
        ) -> Result<Vec<u8>, CryptoError> {
            let cipher = <$cipher>::new(&key_of(key)?);
            let nonce = <$nonce>::try_from(nonce).map_err(|_| CryptoError::BadLength)?;
            let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
            buf.extend_from_slice(plaintext);
            let tag = cipher
                .encrypt_inout_detached(&nonce, ad, buf.as_mut_slice().into())
                .map_err(|_| CryptoError::BadLength)?;
            buf.extend_from_slice(tag.as_slice());
            Ok(buf)
        }

        #[doc = concat!("Decrypts ciphertext || tag with ", $doc, "; fails on any modification.")]
        pub fn $open(
            key: &[u8],
            nonce: &[u8],
            ad: &[u8],
            sealed: &[u8],
        ) -> Result<Vec<u8>, CryptoError> {
            let cipher = <$cipher>::new(&key_of(key)?);
            let nonce = <$nonce>::try_from(nonce).map_err(|_| CryptoError::BadLength)?;
            let split = sealed.len().checked_sub(TAG_LEN).ok_or(CryptoError::Auth)?;
            let (ct, tag) = sealed.split_at(split);
            let tag = Tag::try_from(tag).map_err(|_| CryptoError::Auth)?;
            let mut buf = ct.to_vec();
            match cipher.decrypt_inout_detached(&nonce, ad, buf.as_mut_slice().into(), &tag) {
                Ok(()) => Ok(buf),
                Err(_) => {
                    zeroize::Zeroize::zeroize(&mut buf);
                    Err(CryptoError::Auth)
                }
            }
        }
    };
}

seal_open!(
    xchacha_seal,
    xchacha_open,
    XChaCha20Poly1305,
    XNonce,
    XNONCE_LEN,
    "XChaCha20-Poly1305"
);
seal_open!(
    chacha_seal,
    chacha_open,
    ChaCha20Poly1305,
    Nonce,
    NONCE_LEN,
    "ChaCha20-Poly1305"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 24];
        let sealed = xchacha_seal(&key, &nonce, b"ad", b"hello").unwrap();
        assert_eq!(
            xchacha_open(&key, &nonce, b"ad", &sealed).unwrap(),
            b"hello"
        );
        assert_eq!(
            xchacha_open(&key, &nonce, b"AD", &sealed),
            Err(CryptoError::Auth)
        );
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert_eq!(
            xchacha_open(&key, &nonce, b"ad", &bad),
            Err(CryptoError::Auth)
        );
        assert_eq!(
            xchacha_open(&key, &nonce, b"ad", &sealed[..10]),
            Err(CryptoError::Auth)
        );
        assert_eq!(
            xchacha_open(&key, &[0u8; 12], b"ad", &sealed),
            Err(CryptoError::BadLength)
        );
        assert_eq!(
            chacha_seal(&key, &[0u8; 24], b"", b""),
            Err(CryptoError::BadLength)
        );
        assert_eq!(
            xchacha_seal(&key[..31], &nonce, b"", b""),
            Err(CryptoError::BadLength)
        );
    }
}
