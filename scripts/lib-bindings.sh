# Shared helpers for the binding scripts (sourced, not run).
# Paths: ROOT (workspace), TARGET_DIR (cargo's target dir), LIB (debug cdylib), BINDGEN.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$(uname -s)" in
  Darwin) LIB_EXT=dylib ;;
  *) LIB_EXT=so ;;
esac
LIB="$TARGET_DIR/debug/libtacit_ffi.$LIB_EXT"
BINDGEN="$TARGET_DIR/debug/uniffi-bindgen"

KOTLIN_OUT="$ROOT/bindings/kotlin/src/main/kotlin"
SWIFT_SRC_OUT="$ROOT/bindings/swift/Sources/Tacit"
SWIFT_HDR_OUT="$ROOT/bindings/swift/Headers/TacitFFI"

# Builds the debug cdylib and the workspace's own uniffi-bindgen (same uniffi as Cargo.lock).
build_lib_and_bindgen() {
  (cd "$ROOT" && cargo build --quiet -p tacit-ffi -p uniffi-bindgen)
}

# generate_into KOTLIN_DIR SWIFT_SRC_DIR SWIFT_HDR_DIR: library-mode generation for both
# languages with the global config. Swift output is split: Tacit.swift goes to the Swift
# target; TacitFFI.h and the modulemap (renamed module.modulemap, as an XCFramework's
# headers folder needs it) go to the headers folder build-xcframework.sh packs. The Kotlin is
# post-processed by patch-kotlin-bindings.py (pooled call statuses).
generate_into() {
  local kt="$1" swsrc="$2" swhdr="$3" tmp
  tmp="$(mktemp -d)"
  "$BINDGEN" generate --language kotlin --no-format --config "$ROOT/uniffi.toml" \
    --out-dir "$kt" "$LIB"
  # Reuse JNA call statuses per thread (see the script's doc): the FFI overhead fix.
  python3 "$ROOT/scripts/patch-kotlin-bindings.py" "$kt/dev/tacit/tacit.kt"
  "$BINDGEN" generate --language swift --no-format --config "$ROOT/uniffi.toml" \
    --out-dir "$tmp" "$LIB"
  mkdir -p "$swsrc" "$swhdr"
  mv "$tmp/Tacit.swift" "$swsrc/Tacit.swift"
  mv "$tmp/TacitFFI.h" "$swhdr/TacitFFI.h"
  mv "$tmp/TacitFFI.modulemap" "$swhdr/module.modulemap"
  rm -rf "$tmp"
}
