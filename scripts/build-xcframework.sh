#!/usr/bin/env bash
# Builds bindings/swift/TacitFFI.xcframework (macOS with Xcode only).
#
# Static libraries with the `mobile` profile (opt-level z, fat LTO, panic = unwind) for:
#   iOS device         aarch64-apple-ios
#   iOS simulator      aarch64-apple-ios-sim + x86_64-apple-ios       (lipo'd)
#   macOS              aarch64-apple-darwin + x86_64-apple-darwin     (lipo'd)
# and the generated C header + module map from bindings/swift/Headers (run
# scripts/generate-bindings.sh first if the exports changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE=mobile
LIB=libtacit_ffi.a
HEADERS="$ROOT/bindings/swift/Headers"
OUT="$ROOT/bindings/swift/TacitFFI.xcframework"
STAGE="$TARGET_DIR/xcframework-stage"

if [ "$(uname -s)" != "Darwin" ]; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild, lipo)" >&2
  exit 2
fi
for tool in xcodebuild lipo rustup cargo; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
if [ ! -f "$HEADERS/TacitFFI/TacitFFI.h" ] || [ ! -f "$HEADERS/TacitFFI/module.modulemap" ]; then
  echo "missing $HEADERS/TacitFFI/{TacitFFI.h,module.modulemap}: run scripts/generate-bindings.sh" >&2
  exit 2
fi

# Deployment targets for the C code built by ring and rusqlite (keep in line with Package.swift).
export IPHONEOS_DEPLOYMENT_TARGET=15.0
export MACOSX_DEPLOYMENT_TARGET=12.0

# The committed Tacit.swift is generated with the development exports (the sandbox bank the
# tests and the demo use), so the library must have them too. TACIT_PRODUCTION=1 builds the
# production library: then regenerate Tacit.swift from it (uniffi-bindgen generate --library)
# before releasing, as the Android module does for Kotlin.
FEATURES=(--features dev-exports)
if [ "${TACIT_PRODUCTION:-0}" = "1" ]; then FEATURES=(); fi

TARGETS=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${TARGETS[@]}"

for t in "${TARGETS[@]}"; do
  echo "building $t"
  # Only the staticlib: linking the cdylib for iOS is wasted work. scripts/remap-paths.sh:
  # dependency source paths relative to the registry, as in every mobile build.
  (cd "$ROOT" && "$ROOT/scripts/remap-paths.sh" cargo rustc --quiet -p tacit-ffi --lib --profile "$PROFILE" --target "$t" \
    --crate-type staticlib "${FEATURES[@]}")
done

lib_of() { echo "$TARGET_DIR/$1/$PROFILE/$LIB"; }

rm -rf "$STAGE" "$OUT"
mkdir -p "$STAGE/ios" "$STAGE/ios-sim" "$STAGE/macos"
cp "$(lib_of aarch64-apple-ios)" "$STAGE/ios/$LIB"
lipo -create "$(lib_of aarch64-apple-ios-sim)" "$(lib_of x86_64-apple-ios)" -output "$STAGE/ios-sim/$LIB"
lipo -create "$(lib_of aarch64-apple-darwin)" "$(lib_of x86_64-apple-darwin)" -output "$STAGE/macos/$LIB"

# The headers folder holds TacitFFI/{TacitFFI.h,module.modulemap}: the module map sits in a
# subfolder named after the module so that several XCFrameworks in one app do not clash on
# Headers/module.modulemap.
xcodebuild -create-xcframework \
  -library "$STAGE/ios/$LIB" -headers "$HEADERS" \
  -library "$STAGE/ios-sim/$LIB" -headers "$HEADERS" \
  -library "$STAGE/macos/$LIB" -headers "$HEADERS" \
  -output "$OUT"

for d in ios ios-sim macos; do
  printf '%-8s %s bytes\n' "$d" "$(wc -c <"$STAGE/$d/$LIB" | tr -d ' ')"
done
echo "wrote $OUT"
