#!/usr/bin/env bash
# Builds the JVM artifact dev.tacit:tacit-kotlin from the working tree and installs it in the
# local Maven repository (~/.m2): the release native library (with the `dev-exports` feature
# the committed bindings are generated with: sandbox bank, FFI benchmark) packed at JNA's
# resource path linux-x86-64/, the generated and hand-written Kotlin, no demo classes.
# Prints artifact= and jar_native_lib= lines. MVN_OFFLINE=1 adds -o; TACIT_LIB_DIR=DIR packs
# an already built libtacit_ffi.so from DIR instead of building it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

lib_dir="${TACIT_LIB_DIR:-}"
if [ -z "$lib_dir" ]; then
  (cd "$ROOT" && cargo build --quiet --release -p tacit-ffi --lib --features dev-exports)
  lib_dir="$TARGET_DIR/release"
fi

offline=()
if [ "${MVN_OFFLINE:-0}" = "1" ]; then offline=(-o); fi
cd "$ROOT/bindings/kotlin"
mvn -q -B -Dstyle.color=never "${offline[@]}" -P jvm-artifact -Dmaven.test.skip=true \
  -Dtacit.lib.dir="$lib_dir" clean install
jar="target/tacit-kotlin-0.1.0.jar"
if ! jar tf "$jar" | grep -qx 'linux-x86-64/libtacit_ffi.so'; then
  echo "the jar lacks linux-x86-64/libtacit_ffi.so" >&2
  exit 1
fi
if jar tf "$jar" | grep -q '^dev/tacit/demo/'; then
  echo "the jar carries demo classes" >&2
  exit 1
fi
echo "artifact=dev.tacit:tacit-kotlin:0.1.0"
echo "jar_native_lib=linux-x86-64/libtacit_ffi.so"
