//! A developer's SimpleFIN bridge and synthetic bank data: not test code, not the product.
//!
//! - [`server`]: a SimpleFIN bridge on 127.0.0.1 over real HTTPS, with a certificate authority
//!   made at start-up and credentials drawn at random for each server (nothing fixed that
//!   could end up trusted or reused). `tacit bridge --sandbox` serves the sandbox bank from
//!   it so an app can link and sync without a real bank; the end-to-end suites inject faults
//!   into it.
//! - [`synthetic`]: generated accounts and transactions of a given size, and the SimpleFIN
//!   fetch throughput measurement of `tacit bench ingest`.
//!
//! Why its own crate: the `tacit` CLI needs the bridge (`tacit bridge`, `tacit bench ingest`)
//! but must not depend on the test suites (`tacit-tests`, with its fixtures and test
//! wrappers); the mobile library depends on neither.

pub mod server;
pub mod synthetic;
