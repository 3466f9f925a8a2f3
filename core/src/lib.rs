//! tacit-core: everything Tacit decides, on the device.
//!
//! Data flows one way: a bank source (SimpleFIN, OFX/QFX file, host feed, sandbox) is normalised
//! into [`model`] types, stored in the encrypted vault, scored by the fraud engine, and
//! queried by the assistant whose replies pass the egress guard and the outbound ledger before
//! the host may send them. Each stage is a module with one job.
//!
//! This crate holds no FFI types and no unsafe code; `tacit-ffi` translates it for Kotlin and
//! Swift.
//!
//! # The public API (issue 15: a boundary the compiler enforces)
//!
//! An app (and `tacit-ffi`, the mobile library) sees [`Profile`] and the documented types its
//! methods take and return: the modules [`profile`], [`error`], [`model`], [`money`],
//! [`time`] and [`clock`], and the types re-exported at the crate root below. Everything else
//! (the vault, ingest, reconciliation, the fraud engine, the intent model, the egress guard,
//! the ledger, the sources' parsers, the assistant, the crypto) is `pub(crate)`: no vault
//! handle, ledger key or record write is reachable from outside, so a text for the platform
//! can only come out of a `Profile` reply (egress guard plus ledger write).
//!
//! `#![deny(unnameable_types)]` (in a build without `internals`) makes every type that a
//! public signature mentions nameable from here: the public API is exactly what is listed.
//!
//! # Features
//!
//! - `internals` (not API, unstable, never in the mobile library): makes those modules `pub`
//!   again, with the same paths (`tacit_core::vault::Vault`, ...), hidden from the docs, for
//!   Tacit's own test suites, property tests and the CLI's developer tools (training,
//!   evaluation, benchmarks). `.ci/run` checks that `tacit-ffi` never enables it.
//! - `sandbox`: the sandbox bank on [`Profile`] (`load_sandbox`, `replay_sandbox`,
//!   `load_bench_vault`), for demos and benchmarks (`tacit-ffi`'s `dev-exports`).
//! - `test-support` (implies `internals`): `TestKeyWrapper`, a fixed-key wrapper, and
//!   `Profile::test_vault`, for test suites only (the CLI does not enable it; `.ci/run` checks).
//!
//! # The boundary, tested
//!
//! The same code compiles with `internals` and does not without it (`cargo test -p
//! tacit-core --doc`, which `.ci/run` runs alone, so no other crate turns the feature on):
//! the raw vault, the ledger and the ingest functions that write around a `Profile` are not
//! reachable from an app.
//!
#![cfg_attr(not(feature = "internals"), doc = "```compile_fail")]
#![cfg_attr(feature = "internals", doc = "```no_run")]
//! fn raw(_: &tacit_core::vault::Vault) {}
//! ```
//!
#![cfg_attr(not(feature = "internals"), doc = "```compile_fail")]
#![cfg_attr(feature = "internals", doc = "```no_run")]
//! let _ = tacit_core::ledger::verified_entries;
//! ```
//!
#![cfg_attr(not(feature = "internals"), doc = "```compile_fail")]
#![cfg_attr(feature = "internals", doc = "```no_run")]
//! let _ = tacit_core::ingest::ingest;
//! ```
//!
//! What an app uses compiles either way:
//!
//! ```no_run
//! use tacit_core::{KekWrapper, OpenOptions, Profile};
//! let wrapper = KekWrapper::random().expect("randomness");
//! let profile = Profile::open("p.db".as_ref(), &wrapper, OpenOptions::default());
//! let _reply = profile.and_then(|p| p.handle_message("what's my balance?", p.now()));
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(not(feature = "internals"), deny(unnameable_types))]

/// Declares internal modules: `pub(crate)` in the library apps link; `pub` but hidden from
/// the docs with the `internals` feature (Tacit's own tests and developer tools, same paths).
/// An optional leading attribute applies to the `pub(crate)` form only.
macro_rules! internal_mods {
    (#[$attr:meta] $($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[$attr]
        pub(crate) mod $name;
    )*};
    ($($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        pub(crate) mod $name;
    )*};
}

pub mod clock;
pub mod error;
pub mod model;
pub mod money;
pub mod profile;
pub mod time;

// Internal modules whose every item the library itself uses: dead code there is a warning.
internal_mods!(alerts, bridge_trust, ledger, render, sync,);

// Internal modules that also serve the `internals` consumers: items used only by the test
// suites (Wycheproof vectors on the crypto, vault attack and golden tests, OFX property and
// differential tests, egress and fraud property tests, core's own unit tests) or by the CLI's
// developer tools (fraud and intent training and evaluation, the ingest and vault benchmarks)
// are dead in the library alone, as they were while these modules were `pub`. Items dead
// everywhere were removed; new ones are found by a build with `internals` and clippy.
internal_mods!(
    #[allow(dead_code, unused_imports)]
    assistant,
    crypto,
    egress,
    fraud,
    fraud_watch,
    ingest,
    intent,
    reconcile,
    sources,
    vault,
);

mod profile_admin;
#[cfg(any(test, feature = "sandbox"))]
mod sandbox_replay;
mod sort;
mod words;
mod zlib;

pub use profile::{IngestOutcome, Profile};
pub use profile_admin::{VaultCheck, VaultSummary};

// Keys: the host's wrapper over its keystore, and core's own wrappers.
pub use crypto::secret::{SecretBytes, SecretKey, SecretString};
pub use crypto::wrap::{KekWrapper, KeyWrapper, PassphraseWrapper, WrapError};
pub use crypto::CryptoError;

// Opening a vault: rollback protection and the typed errors.
pub use vault::{GenerationStore, IoKind, OpenOptions, RecordKind, TxnFilter, VaultError};

// Replies, settings and what they carry.
pub use alerts::{AlertPayment, AlertRecord, AlertStatus};
pub use assistant::tokens::TokenError;
pub use assistant::{AssistantError, PlatformText, QuickReply, QuickReplyKind, Reply, Settings};
pub use egress::{DataCategory, DisclosureLevel, EgressViolation, ViolationKind};
pub use fraud::Reason;
pub use intent::Intent;
pub use ledger::LedgerError;
pub use render::money_fmt::Locale;

// Bank data in: batches, statement files, SimpleFIN, and what an ingest reports.
pub use ingest::{IngestReport, OpeningFrom, Reconciliation, StatementCheck, StatementReport};
pub use reconcile::ReconcileStats;
pub use sources::host_feed::{FeedError, FeedItem, FeedProblem};
pub use sources::ofx::{OfxError, OfxErrorKind};
pub use sources::simplefin::{
    AccessUrl, CancelToken, SimpleFinClient, SimpleFinConfig, SimpleFinError, SyncListener,
    SyncProgress, SyncWindow,
};
pub use sources::statement::{
    ImportNote, NoteKind, StatementError, StatementErrorKind, StatementFormat, StatementOptions,
};
pub use sources::{AccountIssue, AccountIssueKind, ImportBatch};
pub use sync::SyncOutcome;

/// The crate version, for diagnostics and the FFI layer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
