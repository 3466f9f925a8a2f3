#!/usr/bin/env bash
# The FFI benchmark (issue 6): builds the RELEASE native library and runs the Kotlin harness
# FfiBench (bindings/kotlin/src/test/kotlin/dev/tacit/FfiBench.kt) on the JVM with Maven,
# JNA loading target/release/libtacit_ffi.so. Prints key=value lines and ends with
# ffi_call_overhead_ns= and handle_message_p99_us=. FfiBench is not in the normal suite.
#
# Environment: TXNS (vault size, default 100000), ROUNDS (default 25), PASSES (12-message
# mixes per side per round, default 4), WARMUP (mixes per side, default 100),
# MVN_OFFLINE=1 (mvn -o). Extra arguments go to mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

(cd "$ROOT" && cargo build --quiet --release -p tacit-ffi --lib --features dev-exports)

offline=()
if [ "${MVN_OFFLINE:-0}" = "1" ]; then offline=(-o); fi

cd "$ROOT/bindings/kotlin"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
set +e
mvn -q -B -Dstyle.color=never "${offline[@]}" test \
  -Dtest=FfiBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtacit.lib.dir="$TARGET_DIR/release" \
  -DargLine="-Dtacit.bench.txns=${TXNS:-100000} -Dtacit.bench.rounds=${ROUNDS:-25} -Dtacit.bench.passes=${PASSES:-4} -Dtacit.bench.warmup=${WARMUP:-100}" \
  "$@" >"$out" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
  cat "$out"
  exit $rc
fi
echo "native_library=$TARGET_DIR/release/libtacit_ffi.so"
sed -e 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^[a-z0-9_]+='
