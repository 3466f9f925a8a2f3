//! Wrapping the vault's data key.
//!
//! The data key is generated in Rust and only ever stored wrapped. On a phone the host wraps
//! it with a key that never leaves the Android Keystore or the iOS Keychain / Secure Enclave,
//! by implementing [`KeyWrapper`]. Core ships wrappers of its own, sharing one format:
//!
//! - [`PassphraseWrapper`]: PBKDF2-HMAC-SHA256 (at least 600,000 iterations, random salt,
//!   parameters stored) for the CLI and desktop use;
//! - [`KekWrapper`]: a 256-bit key-encryption key the caller holds (no stretching): a key
//!   that only lives in memory (the CLI demo's throw-away vault) or comes from a keystore;
//! - `TestKeyWrapper`: a fixed key-encryption key, fast, for tests only (`test-support`).
//!
//! Wrapped format (all integers big-endian):
//! `magic[4] | iterations u32 | salt[16] | check[32] | nonce[24] | sealed key[32 + 16]`.
//! `check` is HMAC-SHA256(KEK, "tacit.kek-check.v1"): it tells a wrong passphrase (check fails)
//! from a damaged wrapped key (check passes, AEAD fails). The header is the AEAD's associated
//! data, so parameters cannot be swapped.

use super::aead::{xchacha_open, xchacha_seal, XNONCE_LEN};
use super::kdf::{hmac_key, pbkdf2_sha256};
use super::secret::{SecretBytes, SecretKey, SecretString};
use super::{fill_random, random_array};
use ring::hmac;
use std::fmt;

/// Fewest PBKDF2 iterations accepted when wrapping or unwrapping (OWASP 2023 for SHA-256).
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;
/// Most PBKDF2 iterations accepted when unwrapping (guards against a file that asks for hours).
pub const MAX_PBKDF2_ITERATIONS: u32 = 20_000_000;

const MAGIC_PASSPHRASE: &[u8; 4] = b"TPW1";
const MAGIC_KEK: &[u8; 4] = b"TKW1";
#[cfg(any(test, feature = "test-support"))]
const MAGIC_TEST: &[u8; 4] = b"TTW1";
const CHECK_LABEL: &[u8] = b"tacit.kek-check.v1";
const HEADER_LEN: usize = 4 + 4 + 16;
const WRAPPED_LEN: usize = HEADER_LEN + 32 + XNONCE_LEN + 32 + 16;

/// Why wrapping or unwrapping failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrapError {
    /// The wrapping key or passphrase is not the one the data key was wrapped with.
    WrongKey,
    /// The wrapped key is damaged or was modified.
    Tampered,
    /// The wrapping key cannot be reached now (keystore locked, user not authenticated,
    /// hardware error, host exception).
    Unavailable,
}

impl fmt::Display for WrapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WrapError::WrongKey => "wrong key or passphrase",
            WrapError::Tampered => "wrapped key damaged",
            WrapError::Unavailable => "wrapping key unavailable",
        })
    }
}

impl std::error::Error for WrapError {}

/// Wraps and unwraps the vault's 32-byte data key. Hosts implement this over their platform
/// keystore so that the wrapping key never enters Rust.
pub trait KeyWrapper: Send + Sync {
    /// A short, stable name of the scheme ("passphrase-pbkdf2", "android-keystore-aesgcm");
    /// stored beside the wrapped key so a vault can tell which wrapper it needs.
    fn scheme(&self) -> String;

    /// Wraps the data key; the result is stored in the vault's meta table.
    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError>;

    /// Unwraps what [`KeyWrapper::wrap`] produced.
    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError>;
}

fn kek_check(kek: &SecretKey) -> hmac::Tag {
    hmac::sign(&hmac_key(kek), CHECK_LABEL)
}

fn seal_with_kek(
    magic: &[u8; 4],
    iterations: u32,
    salt: &[u8; 16],
    kek: &SecretKey,
    data_key: &[u8],
) -> Result<Vec<u8>, WrapError> {
    if data_key.len() != 32 {
        return Err(WrapError::Tampered);
    }
    let mut out = Vec::with_capacity(WRAPPED_LEN);
    out.extend_from_slice(magic);
    out.extend_from_slice(&iterations.to_be_bytes());
    out.extend_from_slice(salt);
    let header = out.clone();
    out.extend_from_slice(kek_check(kek).as_ref());
    let nonce = random_array::<XNONCE_LEN>().map_err(|_| WrapError::Unavailable)?;
    out.extend_from_slice(&nonce);
    let sealed = xchacha_seal(kek.expose(), &nonce, &header, data_key)
        .map_err(|_| WrapError::Unavailable)?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The parsed header of a wrapped key.
struct Parsed<'a> {
    magic: &'a [u8],
    iterations: u32,
    salt: &'a [u8],
    header: &'a [u8],
    check: &'a [u8],
    nonce: &'a [u8],
    sealed: &'a [u8],
}

fn parse(wrapped: &[u8]) -> Result<Parsed<'_>, WrapError> {
    if wrapped.len() != WRAPPED_LEN {
        return Err(WrapError::Tampered);
    }
    let (header, rest) = wrapped.split_at(HEADER_LEN);
    let (check, rest) = rest.split_at(32);
    let (nonce, sealed) = rest.split_at(XNONCE_LEN);
    let mut iter_bytes = [0u8; 4];
    iter_bytes.copy_from_slice(&header[4..8]);
    Ok(Parsed {
        magic: &header[..4],
        iterations: u32::from_be_bytes(iter_bytes),
        salt: &header[8..24],
        header,
        check,
        nonce,
        sealed,
    })
}

fn open_with_kek(p: &Parsed<'_>, kek: &SecretKey) -> Result<SecretBytes, WrapError> {
    if hmac::verify(&hmac_key(kek), CHECK_LABEL, p.check).is_err() {
        return Err(WrapError::WrongKey);
    }
    let key =
        xchacha_open(kek.expose(), p.nonce, p.header, p.sealed).map_err(|_| WrapError::Tampered)?;
    Ok(SecretBytes::new(key))
}

/// Wraps the data key under a key derived from a passphrase with PBKDF2-HMAC-SHA256.
pub struct PassphraseWrapper {
    passphrase: SecretString,
    iterations: u32,
}

impl PassphraseWrapper {
    /// A wrapper using [`MIN_PBKDF2_ITERATIONS`] for new vaults.
    pub fn new(passphrase: SecretString) -> PassphraseWrapper {
        PassphraseWrapper {
            passphrase,
            iterations: MIN_PBKDF2_ITERATIONS,
        }
    }

    /// A wrapper with more iterations for new vaults (fewer than the minimum are raised to it).
    pub fn with_iterations(passphrase: SecretString, iterations: u32) -> PassphraseWrapper {
        PassphraseWrapper {
            passphrase,
            iterations: iterations.clamp(MIN_PBKDF2_ITERATIONS, MAX_PBKDF2_ITERATIONS),
        }
    }
}

impl fmt::Debug for PassphraseWrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PassphraseWrapper")
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}

impl KeyWrapper for PassphraseWrapper {
    fn scheme(&self) -> String {
        "passphrase-pbkdf2-sha256".into()
    }

    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError> {
        let mut salt = [0u8; 16];
        fill_random(&mut salt).map_err(|_| WrapError::Unavailable)?;
        let kek = pbkdf2_sha256(self.passphrase.expose().as_bytes(), &salt, self.iterations)
            .map_err(|_| WrapError::Unavailable)?;
        seal_with_kek(MAGIC_PASSPHRASE, self.iterations, &salt, &kek, data_key)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError> {
        let p = parse(wrapped)?;
        if p.magic != MAGIC_PASSPHRASE {
            return Err(WrapError::WrongKey);
        }
        if !(MIN_PBKDF2_ITERATIONS..=MAX_PBKDF2_ITERATIONS).contains(&p.iterations) {
            return Err(WrapError::Tampered);
        }
        let kek = pbkdf2_sha256(self.passphrase.expose().as_bytes(), p.salt, p.iterations)
            .map_err(|_| WrapError::Tampered)?;
        open_with_kek(&p, &kek)
    }
}

/// A wrapper over a 256-bit key-encryption key held by the caller, with no key stretching:
/// for a key that never touches the disk (the CLI demo's throw-away vault, whose key lives
/// only in the process), or one a desktop keystore hands out. Never use it with a key stored
/// next to the vault, nor a constant one for real data.
pub struct KekWrapper {
    kek: SecretKey,
}

impl KekWrapper {
    /// A wrapper for the given key-encryption key.
    pub fn new(kek: SecretKey) -> KekWrapper {
        KekWrapper { kek }
    }

    /// A wrapper for a fresh random key-encryption key: the vault it creates can only be
    /// opened again through this wrapper (or a clone of its key), in this process.
    pub fn random() -> Result<KekWrapper, WrapError> {
        Ok(KekWrapper::new(
            SecretKey::generate().map_err(|_| WrapError::Unavailable)?,
        ))
    }
}

impl fmt::Debug for KekWrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KekWrapper(<redacted>)")
    }
}

impl KeyWrapper for KekWrapper {
    fn scheme(&self) -> String {
        "kek-xchacha20poly1305".into()
    }

    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError> {
        seal_with_kek(MAGIC_KEK, 0, &[0u8; 16], &self.kek, data_key)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError> {
        let p = parse(wrapped)?;
        if p.magic != MAGIC_KEK {
            return Err(WrapError::WrongKey);
        }
        open_with_kek(&p, &self.kek)
    }
}

/// A wrapper with a fixed key-encryption key and no key stretching: for tests only, and as the model of what a host keystore wrapper does. Never use it with a key that
/// is stored next to the vault. Only built for tests and with the `test-support` feature,
/// which neither the mobile library nor the CLI enables (`.ci/run` checks their feature
/// trees); the CLI's throw-away vaults use [`KekWrapper`].
#[cfg(any(test, feature = "test-support"))]
pub struct TestKeyWrapper {
    kek: SecretKey,
}

#[cfg(any(test, feature = "test-support"))]
impl TestKeyWrapper {
    /// A wrapper for the given key-encryption key.
    pub fn new(kek: SecretKey) -> TestKeyWrapper {
        TestKeyWrapper { kek }
    }
}

#[cfg(any(test, feature = "test-support"))]
impl fmt::Debug for TestKeyWrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TestKeyWrapper(<redacted>)")
    }
}

#[cfg(any(test, feature = "test-support"))]
impl KeyWrapper for TestKeyWrapper {
    fn scheme(&self) -> String {
        "test-static-kek".into()
    }

    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError> {
        seal_with_kek(MAGIC_TEST, 0, &[0u8; 16], &self.kek, data_key)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError> {
        let p = parse(wrapped)?;
        if p.magic != MAGIC_TEST {
            return Err(WrapError::WrongKey);
        }
        open_with_kek(&p, &self.kek)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_wrap_round_trip_wrong_and_tampered() {
        let w = PassphraseWrapper::new(SecretString::new("correct horse".into()));
        let dk = [9u8; 32];
        let wrapped = w.wrap(&dk).unwrap();
        assert_eq!(wrapped.len(), WRAPPED_LEN);
        assert_eq!(w.unwrap(&wrapped).unwrap().expose(), &dk);
        let wrong = PassphraseWrapper::new(SecretString::new("battery staple".into()));
        assert_eq!(wrong.unwrap(&wrapped).err(), Some(WrapError::WrongKey));
        let mut bad = wrapped.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(w.unwrap(&bad).err(), Some(WrapError::Tampered));
        let mut low = wrapped.clone();
        low[4..8].copy_from_slice(&1000u32.to_be_bytes());
        assert_eq!(w.unwrap(&low).err(), Some(WrapError::Tampered));
        assert_eq!(w.unwrap(&wrapped[..10]).err(), Some(WrapError::Tampered));
    }

    #[test]
    fn test_wrapper_distinguishes_keys() {
        let a = TestKeyWrapper::new(SecretKey::from_bytes([1; 32]));
        let b = TestKeyWrapper::new(SecretKey::from_bytes([2; 32]));
        let wrapped = a.wrap(&[5u8; 32]).unwrap();
        assert_eq!(a.unwrap(&wrapped).unwrap().expose(), &[5u8; 32]);
        assert_eq!(b.unwrap(&wrapped).err(), Some(WrapError::WrongKey));
        let mut bad = wrapped;
        bad[70] ^= 0x10; // inside the nonce
        assert_eq!(a.unwrap(&bad).err(), Some(WrapError::Tampered));
    }

    #[test]
    fn kek_wrapper_round_trip_and_refuses_other_schemes() {
        let a = KekWrapper::new(SecretKey::from_bytes([1; 32]));
        let wrapped = a.wrap(&[5u8; 32]).unwrap();
        assert_eq!(a.unwrap(&wrapped).unwrap().expose(), &[5u8; 32]);
        let other = KekWrapper::random().unwrap();
        assert_eq!(other.unwrap(&wrapped).err(), Some(WrapError::WrongKey));
        // Same key, other scheme: a test-wrapped key is not a KEK-wrapped key, and back.
        let t = TestKeyWrapper::new(SecretKey::from_bytes([1; 32]));
        assert_eq!(t.unwrap(&wrapped).err(), Some(WrapError::WrongKey));
        assert_eq!(a.unwrap(&t.wrap(&[5u8; 32]).unwrap()).err(), Some(WrapError::WrongKey));
        let mut bad = wrapped;
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(a.unwrap(&bad).err(), Some(WrapError::Tampered));
        assert_eq!(format!("{a:?}"), "KekWrapper(<redacted>)");
    }
}
