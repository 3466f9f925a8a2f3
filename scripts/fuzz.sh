#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECS seconds each (default 60), with libFuzzer, on the
# nightly toolchain (cargo install cargo-fuzz; rustup toolchain install nightly). Corpora are
# kept under fuzz/corpus/<target> (not committed); crashes land in fuzz/artifacts/<target>.
# Not part of the test command: it needs nightly and minutes of CPU.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${SECS:-60}"
cd "$ROOT/fuzz"
status=0
for target in ofx csv qif camt simplefin_json chat_text egress fraud_state; do
  mkdir -p "corpus/$target"
  extra=()
  echo "== $target (${SECS}s)"
  log="$(mktemp)"
  if cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$SECS" -rss_limit_mb=2048 "${extra[@]}" >"$log" 2>&1; then
    grep -E "^Done" "$log" || true
  else
    grep -E "ERROR|panicked|SUMMARY|^Done" "$log" || tail -20 "$log"
    status=1
  fi
  rm -f "$log"
done
exit $status
