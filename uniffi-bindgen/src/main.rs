//! The uniffi binding generator, built from the workspace so that its version is exactly the
//! uniffi version locked in `Cargo.lock` (generated code and scaffolding must match).
//!
//! Run through `scripts/generate-bindings.sh`, or directly:
//! `cargo run -p uniffi-bindgen -- generate --language kotlin --no-format --config uniffi.toml
//! --out-dir DIR target/debug/libtacit_ffi.so`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
