//! The library's one tokio runtime, and guards that turn panics into [`TacitError::Internal`].
//!
//! Every async export runs its work here, whatever executor the host polls the future from
//! (Kotlin coroutines, Swift tasks): the exported future only awaits a tokio `JoinHandle`,
//! which any executor can poll. This is why the crate does not use uniffi's
//! `async_runtime = "tokio"`: that wraps futures in `async-compat`, which lazily starts a
//! second, private tokio runtime and thread on the first poll from a host thread.
//!
//! Panics never reach the host as uniffi's `InternalException` (Kotlin) or a `try!` crash
//! (Swift): synchronous exports run inside [`guard`], async work inside a tokio task whose
//! panic comes back as a `JoinError`. Panic payloads are dropped, never forwarded.

use crate::error::TacitError;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use tokio::runtime::{Builder, Runtime};

/// Worker threads of the shared runtime (phones: keep the thread count low).
pub const WORKER_THREADS: usize = 2;
/// Most threads the runtime's blocking pool may start (host keystore calls block).
pub const MAX_BLOCKING_THREADS: usize = 8;

static RUNTIME: OnceLock<Option<Runtime>> = OnceLock::new();

/// The shared multi-thread runtime, started on first use.
pub fn runtime() -> Result<&'static Runtime, TacitError> {
    RUNTIME
        .get_or_init(|| {
            Builder::new_multi_thread()
                .worker_threads(WORKER_THREADS)
                .max_blocking_threads(MAX_BLOCKING_THREADS)
                .thread_name("tacit-rt")
                .enable_all()
                .build()
                .ok()
        })
        .as_ref()
        .ok_or(TacitError::Internal)
}

/// Runs a synchronous export body, turning a panic into [`TacitError::Internal`].
pub fn guard<T>(f: impl FnOnce() -> Result<T, TacitError>) -> Result<T, TacitError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(TacitError::Internal))
}

fn join_error(e: tokio::task::JoinError) -> TacitError {
    if e.is_cancelled() {
        TacitError::Cancelled
    } else {
        TacitError::Internal
    }
}

/// Runs blocking work (host callbacks, SQLite, crypto) on the runtime's blocking pool and
/// awaits it from any executor. Panics become [`TacitError::Internal`].
pub async fn run_blocking<T, F>(f: F) -> Result<T, TacitError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, TacitError> + Send + 'static,
{
    runtime()?.spawn_blocking(f).await.map_err(join_error)?
}

/// Runs async work (network I/O, timers) as a task on the runtime's workers and awaits it
/// from any executor. Panics become [`TacitError::Internal`].
pub async fn run_async<T, F>(fut: F) -> Result<T, TacitError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, TacitError>> + Send + 'static,
{
    runtime()?.spawn(fut).await.map_err(join_error)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_catches_panics() {
        let r: Result<u8, TacitError> = guard(|| panic!("boom"));
        assert_eq!(r, Err(TacitError::Internal));
        assert_eq!(guard(|| Ok(7u8)), Ok(7));
    }

    #[test]
    fn run_blocking_and_async_work_and_catch_panics() {
        let rt = Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            assert_eq!(run_blocking(|| Ok(1u8)).await, Ok(1));
            assert_eq!(run_async(async { Ok(2u8) }).await, Ok(2));
            let p: Result<u8, _> = run_blocking(|| panic!("boom")).await;
            assert_eq!(p, Err(TacitError::Internal));
            let p: Result<u8, _> = run_async(async { panic!("boom") }).await;
            assert_eq!(p, Err(TacitError::Internal));
            assert_eq!(
                run_async(async { Err::<u8, _>(TacitError::Io) }).await,
                Err(TacitError::Io)
            );
        });
    }
}
