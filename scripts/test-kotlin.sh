#!/usr/bin/env bash
# Builds the debug cdylib (and the loopback SimpleFIN server binary) and runs the Kotlin binding tests on the JVM with Maven.
# The first run fetches Maven dependencies (Maven Central); later runs work offline
# (pass MVN_OFFLINE=1 to add -o). Extra arguments go to mvn (e.g. -Dtest=BindingsTest).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# The library, and the loopback SimpleFIN bridge the sync tests start as a child process.
# Two builds: `--bin` would otherwise restrict the first package to binaries too, and the
# cdylib would only exist when another command (cargo test) had built it.
(cd "$ROOT" && cargo build --quiet -p tacit-ffi --lib --features dev-exports)
(cd "$ROOT" && cargo build --quiet -p tacit-tests --bin simplefin_loopback)

offline=()
if [ "${MVN_OFFLINE:-0}" = "1" ]; then offline=(-o); fi

cd "$ROOT/bindings/kotlin"
rm -rf target/surefire-reports
set +e
mvn -q -B -Dstyle.color=never "${offline[@]}" test -Dtacit.lib.dir="$TARGET_DIR/debug" \
  -Dtacit.bin.dir="$TARGET_DIR/debug" "$@"
rc=$?
set -e

# -q hides surefire's own summary, so print one from its XML reports.
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests", 0)); f += int(r.get("failures", 0))
    e += int(r.get("errors", 0)); s += int(r.get("skipped", 0))
print(f"Tests run: {t}, Failures: {f}, Errors: {e}, Skipped: {s}")
PY
exit $rc
