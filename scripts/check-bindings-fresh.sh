#!/usr/bin/env bash
# Fails (exit 1) when the committed bindings differ from what the current code generates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-bindings.sh"

build_lib_and_bindgen
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
generate_into "$tmp/kotlin" "$tmp/swift-src" "$tmp/swift-hdr"

status=0
compare() { # compare GENERATED COMMITTED LABEL
  # Hand-written files beside the generated ones (TacitAsync.swift) are not generated.
  if ! diff -ru -x TacitAsync.swift "$2" "$1" >"$tmp/diff.txt" 2>&1; then
    echo "STALE: $3 differs from freshly generated bindings:" >&2
    head -n 40 "$tmp/diff.txt" >&2
    status=1
  fi
}
compare "$tmp/kotlin/dev" "$KOTLIN_OUT/dev" "bindings/kotlin/src/main/kotlin/dev"
compare "$tmp/swift-src" "$SWIFT_SRC_OUT" "bindings/swift/Sources/Tacit"
compare "$tmp/swift-hdr" "$SWIFT_HDR_OUT" "bindings/swift/Headers/TacitFFI"

if [ "$status" -ne 0 ]; then
  echo "Bindings are stale: run scripts/generate-bindings.sh and commit the result." >&2
  exit 1
fi
echo "bindings fresh"
