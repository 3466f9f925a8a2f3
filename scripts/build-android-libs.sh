#!/usr/bin/env bash
# Builds libtacit_ffi.so for Android with cargo-ndk at the `mobile` profile (opt-level z,
# fat LTO, stripped, panic = unwind) into android-demo/app/src/main/jniLibs/<abi>/.
#
# Needs: the Android NDK (ANDROID_NDK_HOME, or ANDROID_HOME/ndk/<version>), cargo-ndk
# (`cargo install cargo-ndk`), and the Rust targets:
#   rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# Usage: scripts/build-android-libs.sh [abi ...]   (default: arm64-v8a armeabi-v7a x86_64)
# The Kotlin sources are not generated here: the app compiles the committed
# bindings/kotlin/src/main/kotlin (keep them fresh with scripts/generate-bindings.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/android-demo/app/src/main/jniLibs"
MIN_API="${ANDROID_MIN_API:-28}"  # = minSdk in android-demo/app/build.gradle.kts
abis=("$@")
if [ ${#abis[@]} -eq 0 ]; then abis=(arm64-v8a armeabi-v7a x86_64); fi

command -v cargo-ndk >/dev/null || { echo "missing cargo-ndk: cargo install cargo-ndk" >&2; exit 2; }
if [ -z "${ANDROID_NDK_HOME:-}" ] && [ -z "${ANDROID_NDK_ROOT:-}" ] && [ -z "${ANDROID_HOME:-}" ]; then
  echo "set ANDROID_NDK_HOME (or ANDROID_HOME with an installed NDK)" >&2
  exit 2
fi

targets=()
for abi in "${abis[@]}"; do
  case "$abi" in
    arm64-v8a) rustup target add aarch64-linux-android >/dev/null ;;
    armeabi-v7a) rustup target add armv7-linux-androideabi >/dev/null ;;
    x86_64) rustup target add x86_64-linux-android >/dev/null ;;
    x86) rustup target add i686-linux-android >/dev/null ;;
    *) echo "unknown ABI: $abi" >&2; exit 2 ;;
  esac
  targets+=(-t "$abi")
done

mkdir -p "$OUT"
cd "$ROOT"
# cargo-ndk puts each ABI's .so under $OUT/<abi>/ and sets the linker and sysroot. Only the
# cdylib is built (`rustc --crate-type cdylib`, as scripts/size.sh does): with the manifest's
# `lib` crate type in the same rustc run, the profile's fat LTO is not applied to the cdylib
# and it comes out about 0.7 MiB larger (rust-lang/cargo#4611).
# `-z max-page-size=16384`: 16 KB page alignment (Android 15+ devices with 16 KB pages).
# `--pack-dyn-relocs=android+relr` with `--use-android-relr-tags`: relative relocations packed
# (RELR, Android's tags for API 28-29; minSdk is 28), about 0.12 MiB less per ABI, as
# scripts/size.sh measures on the host. `--icf=all`: lld folds identical functions (Rust makes
# no promise that two functions have distinct addresses), about 26 KB. scripts/remap-paths.sh:
# dependency source paths relative to the registry (no builder's home folder in the
# library, about 12 KB). Not built here (no NDK on this machine).
# The demo uses the sandbox bank: the development exports are on (`dev-exports`); the
# library module bindings/android builds the production library.
"$ROOT/scripts/remap-paths.sh" cargo ndk "${targets[@]}" --platform "$MIN_API" -o "$OUT" \
  rustc -p tacit-ffi --lib --profile mobile --crate-type cdylib --features dev-exports \
  -- -C link-arg=-Wl,-z,max-page-size=16384 \
  -C link-arg=-Wl,--pack-dyn-relocs=android+relr -C link-arg=-Wl,--use-android-relr-tags \
  -C link-arg=-Wl,--icf=all

for abi in "${abis[@]}"; do
  lib="$OUT/$abi/libtacit_ffi.so"
  [ -f "$lib" ] || { echo "missing $lib" >&2; exit 1; }
  printf '%s %s bytes\n' "$lib" "$(wc -c <"$lib" | tr -d ' ')"
done
# libc++_shared.so is not needed: tacit-ffi links no C++ code.
