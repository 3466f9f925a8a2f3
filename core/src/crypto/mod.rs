//! Cryptographic building blocks, each a thin, tested wrapper over ring or RustCrypto.
//!
//! - [`secret`]: key and secret containers that zeroize on drop and never print.
//! - [`aead`]: XChaCha20-Poly1305 (records) and ChaCha20-Poly1305 (vectors), with nonce length
//!   checked at the boundary rather than trusted.
//! - [`kdf`]: HKDF-SHA256 for subkeys, PBKDF2-HMAC-SHA256 for passphrases, HMAC helpers.
//! - [`wrap`]: the [`wrap::KeyWrapper`] trait the host implements, plus the passphrase and
//!   test wrappers shipped in core.

pub mod aead;
pub mod kdf;
pub mod secret;
pub mod wrap;

use ring::rand::{SecureRandom, SystemRandom};

/// Why a cryptographic operation failed. Deliberately coarse: no detail that helps an attacker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoError {
    /// Authentication failed: wrong key, or the data was modified.
    Auth,
    /// A nonce, key or output length is not what the algorithm takes.
    BadLength,
    /// The system random number generator failed.
    Rng,
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CryptoError::Auth => "authentication failed",
            CryptoError::BadLength => "invalid length",
            CryptoError::Rng => "random number generator failed",
        })
    }
}

impl std::error::Error for CryptoError {}

/// Fills `out` from the operating system's CSPRNG (ring `SystemRandom`).
pub fn fill_random(out: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new().fill(out).map_err(|_| CryptoError::Rng)
}

/// Returns `N` random bytes from the system CSPRNG.
pub fn random_array<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut out = [0u8; N];
    fill_random(&mut out)?;
    Ok(out)
}
