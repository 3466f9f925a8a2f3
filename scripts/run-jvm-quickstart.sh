#!/usr/bin/env bash
# Installs the JVM artifact from the working tree (scripts/install-jvm-artifact.sh) and runs
# examples/jvm-quickstart against it: a plain Maven project depending only on
# dev.tacit:tacit-kotlin. Ends with quickstart=ok. MVN_OFFLINE=1 adds -o.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/install-jvm-artifact.sh"
offline=()
if [ "${MVN_OFFLINE:-0}" = "1" ]; then offline=(-o); fi
cd "$ROOT/examples/jvm-quickstart"
mvn -q -B -Dstyle.color=never "${offline[@]}" compile exec:java
