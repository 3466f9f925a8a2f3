#!/usr/bin/env bash
# Runs the whole test suite with the machine's clock moved ahead (default a year: `+365d`),
# by hand, to show that no test depends on the real date (issue 12). Needs Debian's `faketime`.
# rustc deadlocks and the Kotlin compiler daemon spins under libfaketime, so everything is
# built first with the real clock; only the test executables and surefire run under faketime.
# Usage: scripts/test-clock-ahead.sh [OFFSET]   (faketime -f syntax, e.g. +365d, +3y)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AHEAD="${1:-+365d}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
command -v faketime >/dev/null || { echo "needs faketime (apt-get install faketime)" >&2; exit 2; }
if [ -z "${TACIT_SHARED_DATA:-}" ] && [ -d "$ROOT/../shared/data" ]; then
  TACIT_SHARED_DATA="$(cd "$ROOT/../shared/data" && pwd)"; export TACIT_SHARED_DATA
fi
ahead() { DONT_FAKE_MONOTONIC=1 faketime -f "$AHEAD" "$@"; }
cd "$ROOT"
cargo build --quiet -p tacit-ffi --lib && cargo build --quiet -p tacit-tests --bin simplefin_loopback || exit 1
exes=$(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null | python3 -c '
import json, os, sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m.get("profile", {}).get("test"):
        print(os.path.dirname(m["manifest_path"]), m["executable"])')
echo "clock under faketime: $(ahead date -u)"
fail=0
while read -r dir exe; do
  out=$(cd "$dir" && ahead "$exe" 2>&1); rc=$?
  echo "$(basename "$exe") rc=$rc $(echo "$out" | grep -E '^test result' | tail -1)"
  if [ $rc -ne 0 ]; then fail=1; echo "$out" | grep -E "panicked|FAILED" | head -20; fi
done <<< "$exes"
if command -v mvn >/dev/null 2>&1; then
  cd "$ROOT/bindings/kotlin" && rm -rf target/surefire-reports
  mvn -q -B -Dstyle.color=never test-compile || exit 1
  ahead mvn -q -B -o -Dstyle.color=never surefire:test -Dtacit.lib.dir="$TARGET_DIR/debug" \
    -Dtacit.bin.dir="$TARGET_DIR/debug" || fail=1
  python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = e = 0
for p in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(p).getroot(); t += int(r.get("tests", 0)); f += int(r.get("failures", 0)); e += int(r.get("errors", 0))
print(f"Kotlin tests run: {t}, Failures: {f}, Errors: {e}")
PY
fi
echo "clock_ahead=$AHEAD failed=$fail"
exit $fail
