//! SimpleFIN: a user connects their banks at a SimpleFIN bridge, pastes a setup token here,
//! and Tacit exchanges it (once) for an Access URL that it keeps in the vault and uses to read
//! accounts and transactions over HTTPS. See `docs/simplefin.md` for the flow and policies.
//!
//! - [`access`]: setup tokens and the Access URL credential (secret, never printed).
//! - [`client`]: claim and chunked, retried, cancellable fetch.
//! - [`convert`]: Account Set JSON to an [`ImportBatch`](crate::sources::ImportBatch).
//! - [`scheduler`]: how often background syncs may run.

pub mod access;
mod base64;
pub mod cancel;
pub mod client;
pub mod convert;
pub mod error;
mod http;
mod merge;
pub mod scheduler;
pub mod window;
mod wire;

pub use access::{AccessUrl, ClaimUrl};
pub use cancel::CancelToken;
pub use client::{NoProgress, SimpleFinClient, SimpleFinConfig, SyncListener, SyncProgress};
pub use convert::parse_account_set;
pub use error::SimpleFinError;
pub use scheduler::PoliteScheduler;
pub use window::{SyncWindow, MAX_CHUNK_DAYS};
