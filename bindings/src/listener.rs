//! Host callbacks for long operations, and cancellation.
//!
//! The pattern every listener follows (sync progress, fraud alerts): a `#[uniffi::export(foreign)]`
//! trait that is `Send + Sync` (it is called from the runtime's threads, not the host's main
//! thread) and whose methods all return `Result<(), TacitError>`, so a host exception arrives
//! as [`TacitError::HostCallback`] instead of a panic. Listener failures are advisory: the
//! operation carries on and the error is dropped.
//!
//! Cancellation is explicit: uniffi does not cancel the Rust work when a coroutine or Swift
//! task is cancelled (the awaited task keeps running), so long operations take a
//! [`CancelHandle`] the host keeps and calls `cancel()` on.

use crate::error::TacitError;
use std::sync::Arc;
use tacit_core::sources::simplefin::CancelToken;

/// Receives progress of a long operation. Called from Tacit's worker threads: post to the UI
/// thread yourself.
#[uniffi::export(foreign)]
pub trait ProgressListener: Send + Sync {
    /// `done` of `total` steps are finished.
    fn on_progress(&self, done: u32, total: u32) -> Result<(), TacitError>;
}

/// Tells the listener, ignoring its failure (progress is advisory).
pub fn notify(listener: Option<&Arc<dyn ProgressListener>>, done: u32, total: u32) {
    if let Some(l) = listener {
        let _ = l.on_progress(done, total);
    }
}

/// A cancellation flag the host keeps and the running operation checks between steps (a
/// running bank sync also races it against the request in flight).
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelHandle {
    token: CancelToken,
}

impl CancelHandle {
    /// Core's token behind this handle (clones share its state).
    pub fn token(&self) -> CancelToken {
        self.token.clone()
    }
}

#[uniffi::export]
impl CancelHandle {
    /// A handle that is not cancelled.
    #[uniffi::constructor]
    pub fn new() -> Arc<CancelHandle> {
        Arc::new(CancelHandle::default())
    }

    /// Asks the operation to stop at its next step; it then fails with `Cancelled`.
    pub fn cancel(&self) {
        self.token.cancel();
    }

    /// Whether `cancel` was called.
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}

/// `Err(Cancelled)` once the optional handle is cancelled.
pub fn check(cancel: Option<&Arc<CancelHandle>>) -> Result<(), TacitError> {
    match cancel {
        Some(c) if c.is_cancelled() => Err(TacitError::Cancelled),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_handle_flips_once() {
        let c = CancelHandle::new();
        assert_eq!(check(Some(&c)), Ok(()));
        c.cancel();
        assert!(c.is_cancelled());
        assert_eq!(check(Some(&c)), Err(TacitError::Cancelled));
        assert_eq!(check(None), Ok(()));
    }
}
