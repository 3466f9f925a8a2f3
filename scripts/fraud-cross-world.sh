#!/usr/bin/env bash
# Cross-world fraud figures (docs/fraud.md, issue #19): train on one world, test on the
# other, both directions, plus training on both. Worlds: Sparkov (dev.csv, split by card
# parity so no test card is ever trained on) and our own generator (`tacit gen-fraud-world`,
# seed 1 to train, seed 2 to test: other people, other merchants). Deterministic.
# Each training is about 1-2 CPU-minutes on the full sets (no subsampling; two passes: the
# first pass, then the main trees over its out-of-fold scores); the whole run about 15
# CPU-minutes. Usage: TACIT_SHARED_DATA=/work/shared/data scripts/fraud-cross-world.sh
# FAMILIAR=off: our world without `stolen_familiar` (as before the eighth pass; the cross-world
# tables before the eleventh pass were measured so). The defaults are the shipped recipe since
# the eleventh pass: seed 1 with `stolen_familiar`, our world's budget 15.
set -euo pipefail
DATA="${TACIT_SHARED_DATA:?set TACIT_SHARED_DATA to the reference data folder}"
TREES="${TREES:-150}"
DEPTH="${DEPTH:-5}"
FIRST_TREES="${FIRST_TREES:-40}"
# False alerts per 1,000 card-months the threshold search may spend, per training world (the
# issue's targets: 20 on Sparkov, 30 on another simulator; kept with margin; our world's is
# the level the model shipped before the eleventh pass spent out of fold, 24 before it).
SB="${SPARKOV_BUDGET:-20}"
OB="${OWN_BUDGET:-15}"
OUT="${OUT:-$(mktemp -d)}"
GEN=()
if [ "${FAMILIAR:-on}" = off ]; then GEN=(--no-familiar); fi
cargo build -q --release -p tacit-cli
T="${CARGO_TARGET_DIR:-target}/release/tacit"
zcat "$DATA/fraud/dev.csv.gz" > "$OUT/sparkov.csv"
"$T" gen-fraud-world --seed 1 --cards 600 "${GEN[@]}" --out "$OUT/world1.csv"
"$T" gen-fraud-world --seed 2 --cards 600 "${GEN[@]}" --out "$OUT/world2.csv"
run() { # name, train args..., -- test args...
  local name="$1"; shift
  echo "== $name"
  "$T" eval-fraud --trees "$TREES" --depth "$DEPTH" --first-trees "$FIRST_TREES" "$@" 2>&1 | grep -v '^train-fraud: wrote'
}
run "sparkov(even) -> own world (seed 2)" --data "$OUT/sparkov.csv" --cards even --budget "$SB" --test "$OUT/world2.csv"
run "own world (seed 1) -> sparkov(odd)" --data "$OUT/world1.csv" --budget "$OB" --test "$OUT/sparkov.csv" --test-cards odd
run "both (sparkov even + seed 1) -> sparkov(odd)" --data "$OUT/sparkov.csv" --data "$OUT/world1.csv" --cards even --budget "$SB,$OB" --test "$OUT/sparkov.csv" --test-cards odd
run "both (sparkov even + seed 1) -> own world (seed 2)" --data "$OUT/sparkov.csv" --data "$OUT/world1.csv" --cards even --budget "$SB,$OB" --test "$OUT/world2.csv"
run "sparkov(even) -> sparkov(odd)" --data "$OUT/sparkov.csv" --cards even --budget "$SB" --test "$OUT/sparkov.csv" --test-cards odd
run "own world (seed 1) -> own world (seed 2)" --data "$OUT/world1.csv" --budget "$OB" --test "$OUT/world2.csv"
echo "== shipped (core/models/fraud.bin: all sparkov + seed 1) -> own world (seed 2)"
"$T" eval-fraud --model core/models/fraud.bin --test "$OUT/world2.csv"
echo "== shipped -> sparkov dev (in-sample, score.py)"
"$T" score-fraud --model core/models/fraud.bin < "$OUT/sparkov.csv" > "$OUT/pred.csv"
python3 "$DATA/fraud/score.py" "$OUT/sparkov.csv" "$OUT/sparkov.csv" "$OUT/pred.csv"
