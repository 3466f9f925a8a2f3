//! tacit-core: everything Tacit decides, on the device.
//!
//! Data flows one way: a bank source (SimpleFIN, OFX/QFX file, host feed, sandbox) is normalised
//! into [`model`] types, stored in the encrypted [`vault`], scored by the fraud engine, and
//! queried by the assistant whose replies pass the egress guard and the outbound ledger before
//! the host may send them. Each stage is a module with one job.
//!
//! This crate holds no FFI types and no unsafe code; `tacit-ffi` translates it for Kotlin and
//! Swift.
#![forbid(unsafe_code)]

pub mod alerts;
pub mod assistant;
pub mod bridge_trust;
pub mod clock;
pub mod crypto;
pub mod egress;
pub mod error;
pub mod fraud;
pub mod fraud_watch;
pub mod ingest;
pub mod intent;
pub mod ledger;
pub mod model;
pub mod money;
pub mod profile;
pub mod reconcile;
pub mod render;
mod sandbox_replay;
pub mod sources;
pub mod sync;
pub mod time;
pub mod vault;

/// The crate version, for diagnostics and the FFI layer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
