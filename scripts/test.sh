#!/usr/bin/env bash
# The whole test suite: every Rust crate (unit, property, end-to-end, crash and canary tests).
# Reference data under ../shared/data is used when present (TACIT_SHARED_DATA); without it
# the tests that need it are skipped locally (and fail in CI, where .ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TACIT_SHARED_DATA:-}" ] && [ -d ../shared/data ]; then
  TACIT_SHARED_DATA="$(cd ../shared/data && pwd)"
  export TACIT_SHARED_DATA
fi
cargo test --workspace --locked
