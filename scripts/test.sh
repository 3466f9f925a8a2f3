#!/usr/bin/env bash
# The whole test suite: every Rust crate (unit, property, end-to-end, crash and canary tests),
# then the Kotlin binding tests on the JVM against the real native library (Maven).
# Reference data under ../shared/data is used when present (TACIT_SHARED_DATA); without it
# the tests that need it are skipped locally (and fail in CI, where .ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TACIT_SHARED_DATA:-}" ] && [ -d ../shared/data ]; then
  TACIT_SHARED_DATA="$(cd ../shared/data && pwd)"
  export TACIT_SHARED_DATA
fi
cargo test --workspace --locked

if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  bash scripts/test-kotlin.sh
elif [ -n "${CI:-}" ]; then
  echo "CI needs Maven and a JDK for the Kotlin binding tests" >&2
  exit 1
else
  echo "skipping the Kotlin binding tests: Maven or a JDK is not installed"
fi
