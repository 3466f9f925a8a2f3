#!/usr/bin/env bash
# Runs a command (a cargo build of the mobile library) with the sources of dependencies
# named relative to the registry in the compiled code: `--remap-path-prefix` turns
# "/home/me/.cargo/registry/src/index.crates.io-<hash>/tokio-1.54.1/src/..." into
# "tokio-1.54.1/src/..." in panic locations. The library then holds no path of the machine
# that built it (no user name; builds on two machines give the same bytes), and about 11 KB
# less (scripts/size.sh). Flags already in RUSTFLAGS or CARGO_ENCODED_RUSTFLAGS are kept.
# Usage: scripts/remap-paths.sh cargo rustc ...
set -euo pipefail
home="${CARGO_HOME:-$HOME/.cargo}"
sep=$'\x1f'
flags="${CARGO_ENCODED_RUSTFLAGS:-}"
if [ -z "$flags" ] && [ -n "${RUSTFLAGS:-}" ]; then
  read -r -a words <<<"$RUSTFLAGS"
  flags="$(IFS="$sep"; echo "${words[*]}")"
fi
for dir in "$home"/registry/src/*/ "$home"/git/checkouts/; do
  [ -d "$dir" ] && flags="${flags:+$flags$sep}--remap-path-prefix=$dir="
done
unset RUSTFLAGS
export CARGO_ENCODED_RUSTFLAGS="$flags"
exec "$@"
