//! tacit-ffi: the uniffi translation layer over `tacit-core`.
//!
//! Every decision lives in core; this crate only converts types and errors at the language
//! boundary (uniffi proc-macros, no UDL). Generated bindings: Kotlin package `dev.tacit`,
//! Swift module `Tacit` (see `uniffi.toml` and `scripts/generate-bindings.sh`).
//!
//! Rules for exports, so that hosts never crash on a Rust bug:
//! - every export that can fail returns `Result<_, TacitError>` and runs in
//!   [`runtime::guard`] (sync) or on the shared runtime (async), so panics become
//!   `TacitError::Internal`; Swift calls non-throwing exports with `try!`;
//! - host-implemented traits are `#[uniffi::export(foreign)]`, `Send + Sync`, and every
//!   method returns `Result<_, TacitError>`;
//! - async exports await work spawned on [`runtime::runtime`], the one tokio runtime;
//! - byte strings are `Vec<u8>` (a Kotlin `ByteArray`), never `&[u8]` (a `ByteBuffer`).
//!
//! Modules: [`profile`] (`TacitProfile`, the facade), [`records`] (the records it passes),
//! [`sync`] (bank sync, async), [`keywrap`] (the host's key wrapper), [`generation`] (the
//! host's rollback guard), [`selftest`],
//! [`listener`] (progress, cancellation), [`runtime`], [`error`]; with the `dev-exports`
//! feature only, `sandbox` (the sandbox bank) and `bench` (helpers for the FFI benchmark). Host-facing guide:
//! `docs/integrating.md`.
//!
//! The uniffi namespace is `tacit`: the Kotlin file is `dev/tacit/tacit.kt`, and a JVM host
//! can point JNA at the library with `-Duniffi.component.tacit.libraryOverride=/abs/libtacit_ffi.so`
//! (or `-Djna.library.path=DIR`). Scripts: `generate-bindings.sh`, `check-bindings-fresh.sh`,
//! `test-kotlin.sh`, `build-xcframework.sh` (macOS), `size.sh`.

uniffi::setup_scaffolding!("tacit");

/// Every block the library frees is zeroed first (see `tacit-scrub-alloc`): decrypted records,
/// parsed statements and HTTP headers leave nothing in freed memory. A `#[global_allocator]`
/// in a library applies to the whole program it is linked into; in the mobile library that is
/// Tacit's own Rust code (the host's Kotlin or Swift heap is separate).
#[global_allocator]
static ALLOCATOR: tacit_scrub_alloc::ScrubAlloc = tacit_scrub_alloc::ScrubAlloc;

#[cfg(feature = "dev-exports")]
pub mod bench;
pub mod error;
pub mod generation;
pub mod keywrap;
pub mod listener;
pub mod profile;
pub mod records;
pub mod runtime;
#[cfg(feature = "dev-exports")]
pub mod sandbox;
pub mod selftest;
pub mod statement;
pub mod sync;

pub use error::{HostError, TacitError};

/// The version of the core library this binding layer wraps.
#[uniffi::export]
pub fn core_version() -> String {
    tacit_core::VERSION.to_string()
}
