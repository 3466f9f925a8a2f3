//! The host's key wrapper (Android Keystore, iOS Keychain / Secure Enclave) as seen from Rust.
//!
//! [`KeyWrapper`] is the foreign trait hosts implement; [`HostKeyWrapper`] adapts it to core's
//! [`tacit_core::crypto::wrap::KeyWrapper`] so the vault never knows the key came from Kotlin
//! or Swift. Error mapping: a host `HostException.WrongKey` / `.Tampered` keeps its meaning;
//! anything else the host throws means the wrapping key is unavailable now.
//!
//! Copies: the data key crosses the FFI as a `Vec<u8>`. The copies Rust owns are zeroized; the
//! buffers uniffi allocates to carry the bytes across (and the host's `ByteArray`/`Data`) are
//! outside our control, which is why only the wrapped form is ever stored.

use crate::error::{HostError, TacitError};
use std::fmt;
use std::sync::Arc;
use tacit_core::SecretBytes;
use tacit_core::{KeyWrapper as CoreKeyWrapper, WrapError};
use zeroize::Zeroizing;

/// Longest scheme name accepted from a host.
pub const MAX_SCHEME_LEN: usize = 64;

/// Wraps and unwraps the vault's 32-byte data key with a key the host keeps in its platform
/// keystore. Implemented by the host app; every method may throw `HostException` (Swift:
/// `HostError`).
#[uniffi::export(foreign)]
pub trait KeyWrapper: Send + Sync {
    /// A short, stable ASCII name of the scheme, e.g. "android-keystore-aesgcm" (at most 64
    /// characters of `[a-z0-9._-]`). Stored beside the wrapped key.
    fn scheme(&self) -> Result<String, HostError>;

    /// Wraps (encrypts and authenticates) the data key.
    fn wrap(&self, data_key: Vec<u8>) -> Result<Vec<u8>, HostError>;

    /// Unwraps what `wrap` produced. Throw `WrongKey` when the blob was made with another key,
    /// `Tampered` when it fails authentication, `KeyUnavailable` when the keystore is locked.
    fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, HostError>;
}

/// Checks a host scheme name: non-empty, short, lowercase ASCII letters, digits, `.`, `_`, `-`.
pub fn valid_scheme(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SCHEME_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Core's key wrapper over a host implementation.
pub struct HostKeyWrapper {
    host: Arc<dyn KeyWrapper>,
    scheme: String,
}

impl HostKeyWrapper {
    /// Adapts a host wrapper; asks it for its scheme once and checks it.
    pub fn new(host: Arc<dyn KeyWrapper>) -> Result<HostKeyWrapper, TacitError> {
        let scheme = host.scheme().map_err(TacitError::from)?;
        if !valid_scheme(&scheme) {
            return Err(TacitError::InvalidInput);
        }
        Ok(HostKeyWrapper { host, scheme })
    }
}

impl fmt::Debug for HostKeyWrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostKeyWrapper")
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

fn host_error(e: HostError) -> WrapError {
    match e {
        HostError::WrongKey => WrapError::WrongKey,
        HostError::Tampered => WrapError::Tampered,
        HostError::KeyUnavailable | HostError::Failed => WrapError::Unavailable,
    }
}

impl CoreKeyWrapper for HostKeyWrapper {
    fn scheme(&self) -> String {
        self.scheme.clone()
    }

    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError> {
        // The copy handed to uniffi is consumed by the lowering; nothing else to zeroize here.
        self.host.wrap(data_key.to_vec()).map_err(host_error)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError> {
        let key = Zeroizing::new(self.host.unwrap(wrapped.to_vec()).map_err(host_error)?);
        Ok(SecretBytes::new(key.to_vec()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;
    use tacit_core::crypto::wrap::TestKeyWrapper;
    use tacit_core::SecretKey;

    /// What a test host wrapper does.
    #[derive(Clone, Debug, PartialEq)]
    pub(crate) enum Mode {
        Good,
        Throws(HostError),
        IdentityWrap,
        GarbageUnwrap,
        ShortUnwrap,
        Unauthenticated,
        BadScheme,
        Panics,
    }

    /// A Rust stand-in for a host wrapper, backed by core's test wrapper.
    pub(crate) struct FakeHost {
        pub(crate) mode: Mode,
        inner: TestKeyWrapper,
        pub(crate) calls: Mutex<u32>,
    }

    impl FakeHost {
        pub(crate) fn new(mode: Mode) -> Arc<FakeHost> {
            Arc::new(FakeHost {
                mode,
                inner: TestKeyWrapper::new(SecretKey::from_bytes([7; 32])),
                calls: Mutex::new(0),
            })
        }
    }

    impl KeyWrapper for FakeHost {
        fn scheme(&self) -> Result<String, HostError> {
            Ok(if self.mode == Mode::BadScheme {
                "Bad Scheme!".into()
            } else {
                "fake".into()
            })
        }

        fn wrap(&self, data_key: Vec<u8>) -> Result<Vec<u8>, HostError> {
            *self.calls.lock().unwrap() += 1;
            match &self.mode {
                Mode::Throws(e) => Err(*e),
                Mode::IdentityWrap => Ok(data_key),
                Mode::Unauthenticated => Ok(data_key.iter().map(|b| b ^ 0x5a).collect()),
                Mode::Panics => panic!("host bug"),
                _ => Ok(CoreKeyWrapper::wrap(&self.inner, &data_key).unwrap()),
            }
        }

        fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, HostError> {
            match &self.mode {
                Mode::IdentityWrap => Ok(wrapped),
                Mode::Unauthenticated => Ok(wrapped.iter().map(|b| b ^ 0x5a).collect()),
                Mode::GarbageUnwrap => Ok(vec![0xee; 32]),
                Mode::ShortUnwrap => Ok(vec![1, 2, 3]),
                _ => CoreKeyWrapper::unwrap(&self.inner, &wrapped)
                    .map(|k| k.expose().to_vec())
                    .map_err(|e| match e {
                        WrapError::WrongKey => HostError::WrongKey,
                        WrapError::Tampered => HostError::Tampered,
                        WrapError::Unavailable => HostError::KeyUnavailable,
                    }),
            }
        }
    }

    #[test]
    fn adapter_round_trips_and_maps_errors() {
        let w = HostKeyWrapper::new(FakeHost::new(Mode::Good)).unwrap();
        assert_eq!(CoreKeyWrapper::scheme(&w), "fake");
        let wrapped = CoreKeyWrapper::wrap(&w, &[3u8; 32]).unwrap();
        assert_eq!(
            CoreKeyWrapper::unwrap(&w, &wrapped).unwrap().expose(),
            &[3u8; 32]
        );
        let mut bad = wrapped;
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(
            CoreKeyWrapper::unwrap(&w, &bad).err(),
            Some(WrapError::Tampered)
        );
        assert!(format!("{w:?}").contains("fake"));

        for (thrown, seen) in [
            (HostError::WrongKey, WrapError::WrongKey),
            (HostError::Tampered, WrapError::Tampered),
            (HostError::KeyUnavailable, WrapError::Unavailable),
            (HostError::Failed, WrapError::Unavailable),
        ] {
            let w = HostKeyWrapper::new(FakeHost::new(Mode::Throws(thrown))).unwrap();
            assert_eq!(CoreKeyWrapper::wrap(&w, &[0u8; 32]).err(), Some(seen));
        }
    }

    #[test]
    fn scheme_is_validated() {
        let e = HostKeyWrapper::new(FakeHost::new(Mode::BadScheme)).err();
        assert_eq!(e, Some(TacitError::InvalidInput));
        assert!(valid_scheme("android-keystore-aesgcm.v1"));
        assert!(!valid_scheme(""));
        assert!(!valid_scheme(&"a".repeat(65)));
        assert!(!valid_scheme("UPPER"));
    }
}
