//! The library's one tokio runtime, and guards that turn panics into [`TacitError::Internal`].
//!
//! Every async export runs its work here, whatever executor the host polls the future from
//! (Kotlin coroutines, Swift tasks): the exported future only awaits a tokio `JoinHandle`,
//! which any executor can poll. This is why the crate does not use uniffi's
//! `async_runtime = "tokio"`: that wraps futures in `async-compat`, which lazily starts a
//! second, private tokio runtime and thread on the first poll from a host thread.
//!
//! Cancellation: a host that stops awaiting an export drops its future (a cancelled Kotlin
//! coroutine frees the uniffi future at once; a cancelled Swift task does so through the
//! hand-written `TacitAsync.swift`). Dropping the exported future cannot stop a tokio task by
//! itself (the task is detached), so every export holds a [`CancelOnDrop`]: dropped before the
//! work finished, it cancels the work's [`CancelToken`], which the work checks at its chunk
//! boundaries (a sync: before each request, and raced against the request in flight;
//! blocking work: before it starts). Work that is one vault transaction has no boundary
//! inside: once started it commits or not, as a whole.
//!
//! The runtime is tokio's current-thread scheduler, driven by one thread of its own
//! (`tacit-rt`, started with the runtime), plus the blocking pool (threads also named
//! `tacit-rt`). The async work is a bank sync or link, whose tasks spend their time waiting
//! on the network; every other export runs on the blocking pool. The multi-thread scheduler
//! (two workers before) cost about 37 KB of the mobile library for no call that needs it.
//!
//! Panics never reach the host as uniffi's `InternalException` (Kotlin) or a `try!` crash
//! (Swift): synchronous exports run inside [`guard`], async work inside a tokio task whose
//! panic comes back as a `JoinError`. Panic payloads are dropped, never forwarded.

use crate::error::TacitError;
use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use tacit_core::CancelToken;
use tokio::runtime::{Builder, Handle};

/// Most threads the runtime's blocking pool may start (host keystore calls block).
pub const MAX_BLOCKING_THREADS: usize = 8;

static RUNTIME: OnceLock<Option<Handle>> = OnceLock::new();

/// The shared runtime, started on first use: a current-thread scheduler driven by its own
/// thread (`tacit-rt`), which runs the async work (network I/O, timers), and the blocking
/// pool that runs everything else.
pub fn runtime() -> Result<&'static Handle, TacitError> {
    RUNTIME
        .get_or_init(start)
        .as_ref()
        .ok_or(TacitError::Internal)
}

/// Builds the runtime and hands it to the thread that drives it for the life of the process
/// (a current-thread runtime runs its tasks, I/O and timers only inside `block_on`).
fn start() -> Option<Handle> {
    let rt = Builder::new_current_thread()
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .thread_name("tacit-rt")
        .enable_all()
        .build()
        .ok()?;
    let handle = rt.handle().clone();
    std::thread::Builder::new()
        .name("tacit-rt".into())
        .spawn(move || rt.block_on(std::future::pending::<()>()))
        .ok()?;
    Some(handle)
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

/// Cancels its token when dropped, unless [`CancelOnDrop::disarm`]ed first: held by an
/// exported future, it turns "the host stopped awaiting" into "the Rust work stops".
#[derive(Debug)]
pub struct CancelOnDrop(Option<CancelToken>);

impl CancelOnDrop {
    /// Arms a guard over `token` (a clone: it shares the token's state).
    pub fn new(token: &CancelToken) -> CancelOnDrop {
        CancelOnDrop(Some(token.clone()))
    }

    /// The work finished: dropping the guard no longer cancels anything (a host's own
    /// `CancelHandle` stays usable for its next call).
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            t.cancel();
        }
    }
}

/// A result passed through the runtime type-erased (see [`run_blocking`]).
type Erased = Box<dyn Any + Send>;
/// Blocking work, type-erased.
type Work = Box<dyn FnOnce() -> Result<Erased, TacitError> + Send>;
/// The awaitable of [`spawn_work`].
type ErasedFuture = Pin<Box<dyn Future<Output = Result<Erased, TacitError>> + Send>>;

/// Runs blocking work (host callbacks, SQLite, crypto) on the runtime's blocking pool and
/// awaits it from any executor. Panics become [`TacitError::Internal`]. When the awaiting
/// future is dropped before the work started, the work never starts; once started it runs to
/// its end (one transaction), and its result is dropped.
///
/// Every export's work goes through one compiled [`spawn_work`], its result boxed as `Any`
/// and unboxed here: one tokio task type for all of them instead of one per export (their
/// task harnesses and await code were about 40 KB of the mobile library).
pub fn run_blocking<T, F>(f: F) -> Unbox<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, TacitError> + Send + 'static,
{
    let work: Work = Box::new(move || f().map(|v| Box::new(v) as Erased));
    Unbox {
        work: spawn_work(work),
        out: PhantomData,
    }
}

/// The future of [`run_blocking`]: awaits the type-erased work and unboxes its `T` (a plain
/// future rather than an `async fn`: one state machine less in every export).
#[must_use = "futures do nothing unless awaited"]
pub struct Unbox<T> {
    work: ErasedFuture,
    out: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Unbox<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Unbox")
    }
}

impl<T: 'static> Future for Unbox<T> {
    type Output = Result<T, TacitError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.work.as_mut().poll(cx).map(|r| {
            // Always a `T`: `run_blocking` boxed it.
            r?.downcast::<T>()
                .map(|v| *v)
                .map_err(|_| TacitError::Internal)
        })
    }
}

/// [`run_blocking`]'s type-erased body: spawns `work` once first polled.
fn spawn_work(work: Work) -> ErasedFuture {
    Box::pin(async move {
        let token = CancelToken::new();
        let guard = CancelOnDrop::new(&token);
        let work = move || {
            if token.is_cancelled() {
                return Err(TacitError::Cancelled);
            }
            work()
        };
        let r = runtime()?.spawn_blocking(work).await.map_err(join_error);
        guard.disarm();
        r?
    })
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
pub(crate) mod tests {
    use super::*;

    /// Runs an export's future to completion on the calling thread (what a host's executor
    /// does); its work still runs on the shared runtime.
    pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
        Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a test runtime")
            .block_on(f)
    }

    #[test]
    fn guard_catches_panics() {
        let r: Result<u8, TacitError> = guard(|| panic!("boom"));
        assert_eq!(r, Err(TacitError::Internal));
        assert_eq!(guard(|| Ok(7u8)), Ok(7));
    }

    #[test]
    fn the_shared_runtime_drives_tasks_and_timers_from_its_own_thread() {
        // Two timers awaited at once from a test runtime that has no timer of its own: only
        // the shared runtime's thread can fire them.
        let rt = Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let nap = || {
                run_async(async {
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    Ok(std::thread::current().name().map(str::to_owned))
                })
            };
            let (a, b) = tokio::join!(nap(), nap());
            assert_eq!(a, Ok(Some("tacit-rt".to_owned())));
            assert_eq!(b, Ok(Some("tacit-rt".to_owned())));
        });
    }

    #[test]
    fn cancel_on_drop_cancels_unless_disarmed() {
        let t = CancelToken::new();
        CancelOnDrop::new(&t).disarm();
        assert!(!t.is_cancelled());
        drop(CancelOnDrop::new(&t));
        assert!(t.is_cancelled());
    }

    #[test]
    fn dropped_blocking_work_that_has_not_started_never_runs() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let rt = Builder::new_current_thread().enable_all().build().unwrap();
        let ran = Arc::new(AtomicBool::new(false));
        let seen = ran.clone();
        rt.block_on(async {
            let fut = run_blocking(move || {
                seen.store(true, Ordering::SeqCst);
                Ok(())
            });
            // Polled never: dropping it before the first poll spawns nothing at all.
            drop(fut);
        });
        assert!(!ran.load(Ordering::SeqCst));
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
