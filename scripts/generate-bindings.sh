#!/usr/bin/env bash
# Regenerates the committed Kotlin and Swift bindings from the built tacit-ffi library.
# Run after changing any export in bindings/src, then commit the results;
# scripts/check-bindings-fresh.sh fails CI when they are stale.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-bindings.sh"

build_lib_and_bindgen
# Start clean so a renamed namespace or package leaves no stale file behind.
rm -rf "$KOTLIN_OUT/dev/tacit" "$SWIFT_SRC_OUT/Tacit.swift" "$SWIFT_HDR_OUT"
generate_into "$KOTLIN_OUT" "$SWIFT_SRC_OUT" "$SWIFT_HDR_OUT"
echo "generated:"
(cd "$ROOT" && find bindings/kotlin/src/main bindings/swift/Sources bindings/swift/Headers -type f | sort)
