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

# Builds the debug cdylib with the development exports (sandbox bank, FFI benchmark: the
# committed bindings, the Kotlin tests, the JVM artifact and the demos use them) and the
# workspace's own uniffi-bindgen (same uniffi as Cargo.lock).
build_lib_and_bindgen() {
  (cd "$ROOT" && cargo build --quiet -p tacit-ffi --lib --features dev-exports)
  (cd "$ROOT" && cargo build --quiet -p uniffi-bindgen)
}

# generate_into KOTLIN_DIR SWIFT_SRC_DIR SWIFT_HDR_DIR: library-mode generation for both
# languages with the global config. Swift output is split: Tacit.swift goes to the Swift
# target; TacitFFI.h and the modulemap (renamed module.modulemap, as an XCFramework's
# headers folder needs it) go to the headers folder build-xcframework.sh packs. Both are
# uniffi's own output, unchanged (issue 16: no post-processing).
generate_into() {
  local kt="$1" swsrc="$2" swhdr="$3" tmp
  tmp="$(mktemp -d)"
  "$BINDGEN" generate --language kotlin --no-format --config "$ROOT/uniffi.toml" \
    --out-dir "$kt" "$LIB"
  "$BINDGEN" generate --language swift --no-format --config "$ROOT/uniffi.toml" \
    --out-dir "$tmp" "$LIB"
  mkdir -p "$swsrc" "$swhdr"
  mv "$tmp/Tacit.swift" "$swsrc/Tacit.swift"
  mv "$tmp/TacitFFI.h" "$swhdr/TacitFFI.h"
  mv "$tmp/TacitFFI.modulemap" "$swhdr/module.modulemap"
  rm -rf "$tmp"
}
