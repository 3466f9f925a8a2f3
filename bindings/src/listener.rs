//! Host callbacks for long operations, and cancellation.
//!
//! The pattern every listener follows (sync progress, fraud alerts): a `#[uniffi::export(foreign)]`
//! trait that is `Send + Sync` (it is called from the runtime's threads, not the host's main
//! thread) and whose methods all return `Result<(), HostError>`, so a host exception arrives
//! as [`HostError::Failed`] instead of a panic. Listener failures are advisory: the
//! operation carries on and the error is dropped.
//!
//! Cancellation: cancelling the awaiting coroutine or Swift task cancels the Rust work
//! (`runtime::CancelOnDrop`); long operations also take an optional [`CancelHandle`] for hosts
//! that cancel from elsewhere (a button, a `WorkManager` stop).

use crate::error::{HostError, TacitError};
use std::sync::Arc;
use tacit_core::CancelToken;

/// Receives progress of a long operation. Called from Tacit's worker threads: post to the UI
/// thread yourself.
#[uniffi::export(foreign)]
pub trait ProgressListener: Send + Sync {
    /// `done` of `total` steps are finished.
    fn on_progress(&self, done: i32, total: i32) -> Result<(), HostError>;
}

/// Tells the listener, ignoring its failure (progress is advisory).
pub fn notify(listener: Option<&Arc<dyn ProgressListener>>, done: u32, total: u32) {
    if let Some(l) = listener {
        let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        let _ = l.on_progress(n(done), n(total));
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
