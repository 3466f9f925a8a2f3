#!/usr/bin/env bash
# Builds the mobile-profile cdylib for the host (x86_64 Linux here) and checks it against the
# 4.0 MiB size budget. Prints cdylib_bytes=, cdylib_mib= and budget=ok|over; exit 1 if over.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUDGET_BYTES=$((4 * 1024 * 1024))

(cd "$ROOT" && cargo build --quiet -p tacit-ffi --profile mobile)
case "$(uname -s)" in Darwin) ext=dylib ;; *) ext=so ;; esac
lib="$TARGET_DIR/mobile/libtacit_ffi.$ext"

# The mobile profile already sets strip = true; strip a copy again in case a toolchain or
# override left symbols in (no-op otherwise).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$lib" "$tmp/lib"
if command -v strip >/dev/null 2>&1; then
  if [ "$ext" = dylib ]; then strip -x "$tmp/lib" 2>/dev/null || true; else strip --strip-all "$tmp/lib" 2>/dev/null || true; fi
fi
bytes=$(wc -c <"$tmp/lib" | tr -d ' ')
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
echo "cdylib=$lib"
echo "cdylib_bytes=$bytes"
echo "cdylib_mib=$mib"
if [ "$bytes" -le "$BUDGET_BYTES" ]; then
  echo "budget=ok (<= 4.0 MiB)"
else
  echo "budget=over (> 4.0 MiB)" >&2
  exit 1
fi
