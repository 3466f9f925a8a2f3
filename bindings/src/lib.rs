//! tacit-ffi: the uniffi translation layer over `tacit-core`.
//!
//! Every decision lives in core; this crate only converts types and errors at the language
//! boundary. The uniffi exports arrive with the bindings issue; until then the crate re-exports
//! the core version so the workspace layout is in place.

/// The version of the core library this binding layer wraps.
pub fn core_version() -> &'static str {
    tacit_core::VERSION
}
