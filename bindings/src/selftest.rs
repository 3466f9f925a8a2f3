//! Self-tests a host runs at setup to prove its key wrapper works before a vault depends on it.
//!
//! One check: core generates a random data key, the host wraps it, the result must not
//! contain the key in clear, unwrapping must give the key back, and a blob with one bit
//! flipped must not unwrap to a different key (which would mean the wrapper does not
//! authenticate, and a damaged blob would silently open the vault with a wrong key).
//! `false` means the wrapper works but is unfit; an error means a call failed.

use crate::error::TacitError;
use crate::keywrap::{HostKeyWrapper, KeyWrapper};
use crate::listener::{notify, CancelHandle, ProgressListener};
use crate::runtime::{run_blocking, CancelOnDrop};
use std::sync::Arc;
use tacit_core::KeyWrapper as CoreKeyWrapper;
use tacit_core::SecretKey;

/// Largest wrapped key accepted from a host (real schemes produce well under 1 KiB).
pub const MAX_WRAPPED_LEN: usize = 16 * 1024;
/// Most rounds one async self-test runs.
pub const MAX_ROUNDS: u32 = 1000;

const DATA_KEY_LEN: usize = 32;

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| ct_eq(w, needle))
}

/// One wrap / unwrap / tamper round through `w`.
pub fn check_wrapper(w: &dyn CoreKeyWrapper) -> Result<bool, TacitError> {
    let data_key = SecretKey::generate()?;
    let dk = data_key.expose();
    let wrapped = w.wrap(dk)?;
    if wrapped.is_empty() || wrapped.len() > MAX_WRAPPED_LEN {
        return Err(TacitError::Corrupt);
    }
    if contains(&wrapped, dk) {
        return Ok(false);
    }
    let unwrapped = w.unwrap(&wrapped)?;
    if unwrapped.len() != DATA_KEY_LEN {
        return Err(TacitError::Corrupt);
    }
    if !ct_eq(unwrapped.expose(), dk) {
        return Ok(false);
    }
    let mut tampered = wrapped;
    if let Some(last) = tampered.last_mut() {
        *last ^= 0x01;
    }
    match w.unwrap(&tampered) {
        Ok(k) if !ct_eq(k.expose(), dk) => Ok(false),
        _ => Ok(true),
    }
}

/// Checks the host's key wrapper once (see the module doc), off the caller's thread (it
/// calls the host's keystore).
#[uniffi::export]
pub async fn verify_key_wrapper(wrapper: Arc<dyn KeyWrapper>) -> Result<bool, TacitError> {
    run_blocking(move || check_wrapper(&HostKeyWrapper::new(wrapper)?)).await
}

/// Runs `rounds` (1 to 1000) checks of the host's key wrapper on Tacit's runtime, reporting
/// progress after each and stopping with `Cancelled` once `cancel` is cancelled.
#[uniffi::export(default(rounds = 1, listener = None, cancel = None))]
pub async fn self_test(
    wrapper: Arc<dyn KeyWrapper>,
    rounds: i32,
    listener: Option<Arc<dyn ProgressListener>>,
    cancel: Option<Arc<CancelHandle>>,
) -> Result<bool, TacitError> {
    let rounds = u32::try_from(rounds)
        .ok()
        .filter(|r| (1..=MAX_ROUNDS).contains(r))
        .ok_or(TacitError::InvalidInput)?;
    let token = cancel.as_ref().map(|c| c.token()).unwrap_or_default();
    let on_drop = CancelOnDrop::new(&token);
    let r = run_blocking(move || {
        let w = HostKeyWrapper::new(wrapper)?;
        for done in 1..=rounds {
            if token.is_cancelled() {
                return Err(TacitError::Cancelled);
            }
            if !check_wrapper(&w)? {
                return Ok(false);
            }
            notify(listener.as_ref(), done, rounds);
        }
        Ok(true)
    })
    .await;
    on_drop.disarm();
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::HostError;
    use crate::keywrap::tests::{FakeHost, Mode};
    use std::sync::Mutex;

    fn verify(mode: Mode) -> Result<bool, TacitError> {
        crate::runtime::tests::block_on(verify_key_wrapper(FakeHost::new(mode)))
    }

    #[test]
    fn good_wrapper_passes() {
        assert_eq!(verify(Mode::Good), Ok(true));
    }

    #[test]
    fn unfit_wrappers_fail_and_broken_ones_error() {
        assert_eq!(verify(Mode::IdentityWrap), Ok(false));
        assert_eq!(verify(Mode::Unauthenticated), Ok(false));
        assert_eq!(verify(Mode::GarbageUnwrap), Ok(false));
        assert_eq!(verify(Mode::ShortUnwrap), Err(TacitError::Corrupt));
        assert_eq!(verify(Mode::BadScheme), Err(TacitError::InvalidInput));
        assert_eq!(
            verify(Mode::Throws(HostError::Failed)),
            Err(TacitError::KeyUnavailable)
        );
        assert_eq!(
            verify(Mode::Throws(HostError::WrongKey)),
            Err(TacitError::WrongKey)
        );
        assert_eq!(verify(Mode::Panics), Err(TacitError::Internal));
    }

    struct Counter(Mutex<Vec<(i32, i32)>>);
    impl ProgressListener for Counter {
        fn on_progress(&self, done: i32, total: i32) -> Result<(), HostError> {
            self.0.lock().unwrap().push((done, total));
            Err(HostError::Failed) // ignored: progress is advisory
        }
    }

    #[test]
    fn async_self_test_reports_progress_and_cancels() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let counter = Arc::new(Counter(Mutex::new(Vec::new())));
            let l: Arc<dyn ProgressListener> = counter.clone();
            let ok = self_test(FakeHost::new(Mode::Good), 3, Some(l), None).await;
            assert_eq!(ok, Ok(true));
            assert_eq!(*counter.0.lock().unwrap(), vec![(1, 3), (2, 3), (3, 3)]);

            let c = CancelHandle::new();
            c.cancel();
            let host = FakeHost::new(Mode::Good);
            let r = self_test(host.clone(), 5, None, Some(c)).await;
            assert_eq!(r, Err(TacitError::Cancelled));
            assert_eq!(*host.calls.lock().unwrap(), 0);

            let r = self_test(FakeHost::new(Mode::Good), 0, None, None).await;
            assert_eq!(r, Err(TacitError::InvalidInput));
            let r = self_test(FakeHost::new(Mode::Panics), 1, None, None).await;
            assert_eq!(r, Err(TacitError::Internal));
        });
    }
}
