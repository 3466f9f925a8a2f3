#!/usr/bin/env bash
# tacit bench vault with all three stores in one process: Tacit, plain SQLite and SQLCipher.
# Builds the CLI with SQLCipher linked in place of SQLite (vendored OpenSSL; needs perl and
# make) into its own target directory so that normal builds keep the plain SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/sqlcipher cargo run --release --locked -p tacit-cli --features sqlcipher-baseline -- bench vault "$@"
