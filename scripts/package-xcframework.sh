#!/usr/bin/env bash
# Zips bindings/swift/TacitFFI.xcframework for a SwiftPM release and prints its checksum, the
# value `binaryTarget(name:url:checksum:)` in bindings/swift/Package.swift takes.
# Usage: scripts/package-xcframework.sh [XCFRAMEWORK_DIR] [OUT_ZIP]
# Prints zip= and checksum= lines. The checksum is SwiftPM's (`swift package compute-checksum`,
# the SHA-256 of the zip); without a Swift toolchain it is computed with sha256sum / shasum,
# which gives the same value.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${1:-$ROOT/bindings/swift/TacitFFI.xcframework}"
OUT="${2:-$ROOT/bindings/swift/TacitFFI.xcframework.zip}"
[ -d "$SRC" ] || { echo "no $SRC: run scripts/build-xcframework.sh (macOS) first" >&2; exit 2; }

rm -f "$OUT"
parent="$(cd "$(dirname "$SRC")" && pwd)"
name="$(basename "$SRC")"
if command -v ditto >/dev/null 2>&1; then
  # macOS: keeps symlinks and permissions the way Xcode expects.
  (cd "$parent" && ditto -c -k --sequesterRsrc --keepParent "$name" "$OUT")
else
  # Entries sorted and stamped with a fixed time, so the same tree gives the same zip.
  (cd "$parent" && find "$name" -print0 | sort -z | xargs -0 touch -h -d '2000-01-01 00:00:00' \
    && find "$name" | sort | zip -q -X -y "$OUT" -@)
fi

if command -v swift >/dev/null 2>&1; then
  sum="$(cd "$ROOT/bindings/swift" && swift package compute-checksum "$OUT")"
elif command -v sha256sum >/dev/null 2>&1; then
  sum="$(sha256sum "$OUT" | cut -d' ' -f1)"
else
  sum="$(shasum -a 256 "$OUT" | cut -d' ' -f1)"
fi
echo "zip=$OUT"
echo "checksum=$sum"
