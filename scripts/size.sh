#!/usr/bin/env bash
# Builds the mobile-profile cdylib for the host (x86_64 Linux here) and checks it against the
# 4.0 MiB size budget. Prints cdylib_bytes=, cdylib_mib=, a per-section breakdown in MiB
# (when GNU `size` is available) and budget=ok|over; exit 1 if over.
#
# The cdylib is built alone with `cargo rustc --crate-type cdylib`, as the Android and iOS
# scripts do: bindings/Cargo.toml also lists `lib` (for Rust tests), and when one rustc run
# emits an rlib and a cdylib together, cargo cannot apply the profile's fat LTO to the cdylib
# and every public Rust symbol stays exported at link time (rust-lang/cargo#4611). That
# build came out about 0.7 MiB larger.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUDGET_BYTES=$((4 * 1024 * 1024))

# Linked as the mobile builds link it: relative relocations packed (RELR: Android API 28+ with
# lld's android+relr, see scripts/build-android-libs.sh; glibc 2.36+ here; iOS's chained
# fixups are compact already), and `-z defs` so that a symbol left undefined (e.g. by a
# SQLite OMIT option in .cargo/config.toml) fails the link instead of the app's load; and
# identical functions folded (`--icf=all`: lld here, rustc's default linker on x86_64 Linux
# since 1.90, and the NDK's lld in scripts/build-android-libs.sh; Apple's linker folds them
# by default when the app links the iOS staticlib). Rust promises no distinct function
# addresses, so folding is safe; it saves about 26 KB (sixteenth session). Through
# scripts/remap-paths.sh, as every mobile build: dependency source paths relative to the
# registry (no builder's home folder in the library, 12 KB less).
(cd "$ROOT" && "$ROOT/scripts/remap-paths.sh" cargo rustc --quiet -p tacit-ffi --lib --profile mobile --crate-type cdylib \
  -- -C link-arg=-Wl,-z,pack-relative-relocs -C link-arg=-Wl,-z,defs -C link-arg=-Wl,--icf=all)
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

# Per-section breakdown (ELF, GNU size): code, read-only data (of which the compressed intent
# model), unwind tables (kept: panic = "unwind"), relocations, relocated and writable data.
if size -A "$tmp/lib" >"$tmp/sections" 2>/dev/null; then
  awk -v model="$(wc -c <"$ROOT/core/models/intent.bin" | tr -d ' ')" '
    function m(b) { return sprintf("%.2f", b / 1048576) }
    $1 == ".text" { text += $2; next }
    $1 == ".rodata" { rodata += $2; next }
    $1 == ".eh_frame" || $1 == ".eh_frame_hdr" || $1 == ".gcc_except_table" { unwind += $2; next }
    $1 ~ /^\.rela/ { rela += $2; next }
    $1 == ".data.rel.ro" || $1 == ".data" || $1 == ".got" || $1 == ".got.plt" || $1 == ".tdata" || $1 == ".init_array" { data += $2; next }
    $1 == ".bss" || $1 == ".tbss" || $1 == ".relro_padding" { next }  # no file bytes
    $1 ~ /^\./ { other += $2 }
    END {
      print "text_mib=" m(text)
      print "rodata_mib=" m(rodata)
      print "intent_model_mib=" m(model)
      print "unwind_mib=" m(unwind)
      print "relocations_mib=" m(rela)
      print "data_mib=" m(data)
      print "other_mib=" m(other)
    }' "$tmp/sections"
fi

if [ "$bytes" -le "$BUDGET_BYTES" ]; then
  echo "budget=ok (<= 4.0 MiB)"
else
  echo "budget=over (> 4.0 MiB)" >&2
  exit 1
fi
