#!/usr/bin/env bash
# Slot recall of `tacit classify` on the NLU++ banking folds (CC BY 4.0; not in this
# repository): every utterance of the folds in $TACIT_SHARED_DATA/nlupp/banking (default
# ../shared/data) goes through the real binary with `--today 2022-03-15`, the dataset's
# reference day, and its slots are compared with the labels:
#   period  - `date` (one day), absolute `date_period` (from/to), `date_from`/`date_to`
#             (the side given); relative, periodic and ambiguous periods have no dates and
#             are not counted;
#   merchant - `company_name`, compared lowercase with punctuation and spacing removed;
#   amount  - `amount_of_money`, compared to the cent (any op).
# Prints period_recall=, merchant_recall=, amount_recall= (and their counts),
# period_misses_label_ahead= (misses where the label resolves an unyeared date forward and
# Tacit backward, see below), period_misses_label_after_reference_day=,
# period_misses_label_one_day_longer= (a "last N days" labelled as N + 1 days) and, beside the plain
# figure, period_recall_labels_up_to_reference_day= (recall over the labels that lie on or
# before 2022-03-15) for all the folds given (default 0-9), e.g. `scripts/eval-slots.sh 0 1 2`.
# A miss list goes to stderr with EVAL_SLOTS_MISSES=1. TACIT_BIN=PATH measures that binary
# instead of building the debug one (e.g. a release build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${TACIT_SHARED_DATA:-$ROOT/../shared/data}/nlupp/banking"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[ -d "$DATA" ] || { echo "no NLU++ data at $DATA" >&2; exit 1; }
folds=("$@")
[ ${#folds[@]} -gt 0 ] || folds=(0 1 2 3 4 5 6 7 8 9)
[ -n "${TACIT_BIN:-}" ] || (cd "$ROOT" && cargo build --quiet -p tacit-cli)
BIN="${TACIT_BIN:-$TARGET_DIR/debug/tacit}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
files=()
for f in "${folds[@]}"; do files+=("$DATA/fold$f.json"); done
python3 - "$tmp/in.jsonl" "$tmp/gold.json" "${files[@]}" <<'PY'
import json, sys
out, gold_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
gold = []
with open(out, "w") as fh:
    for f in files:
        for e in json.load(open(f)):
            fh.write(json.dumps({"text": e["text"]}) + "\n")
            gold.append({"text": e["text"], "slots": e.get("slots", {})})
json.dump(gold, open(gold_path, "w"))
PY
"$BIN" classify --today 2022-03-15 <"$tmp/in.jsonl" >"$tmp/out.jsonl"
python3 - "$tmp/gold.json" "$tmp/out.jsonl" <<'PY'
import json, os, re, sys
gold = json.load(open(sys.argv[1]))
pred = [json.loads(l) for l in open(sys.argv[2])]
assert len(gold) == len(pred), "one output line per input line"
misses = os.environ.get("EVAL_SLOTS_MISSES") == "1"

def day(v):
    if not isinstance(v, dict) or not all(k in v for k in ("year", "month", "day")):
        return None
    return "%04d-%02d-%02d" % (v["year"], v["month"], v["day"])

def norm(s):
    s = re.sub(r"[^a-z0-9]", "", s.lower())
    return s[:-1] if s.endswith("s") else s

hits = {"period": [0, 0], "merchant": [0, 0], "amount": [0, 0]}
# Misses where the label puts an unyeared date ahead of the reference day (its annotators
# resolve "June 21", "the 5th", "since April" forward) and Tacit, which answers questions
# about money already spent, puts it in the past: same day and month, earlier year or month.
direction = 0
# Misses whose label lies after the reference day (2022-03-15), for questions about money
# already spent as much as for appointments: Tacit resolves a date without a year forward only
# when the message speaks of the future.
future = 0
# Recall over the labels that lie on or before the reference day only (printed as well as,
# never instead of, the plain figure).
past = [0, 0]

# Misses where the label's window starts one day before Tacit's and ends the same day: the
# annotators read "the last 3 days" on March 15 as March 12 to 15 (N + 1 days); Tacit's
# "last N days" is exactly N days, today and the N - 1 before (docs/slot-grammar.md).
longer = 0

def one_day_before(g, o):
    if g is None or o is None:
        return False
    import datetime
    a, b = datetime.date.fromisoformat(g), datetime.date.fromisoformat(o)
    return (b - a).days == 1

def behind(g, o):
    if g is None or o is None or g <= o:
        return False
    gy, gm, gd = map(int, g.split("-")); oy, om, od = map(int, o.split("-"))
    return gd == od and (gm == om or (gy * 12 + gm) - (oy * 12 + om) == 1)
for g, p in zip(gold, pred):
    s, ps = g["slots"], p.get("slots", {})
    want = {}
    if "date" in s:
        want = {"from": day(s["date"]["value"]), "to": day(s["date"]["value"])}
    dp = s.get("date_period", {}).get("values", {})
    if dp.get("type") == "absolute":
        want = {"from": day(dp["from"]), "to": day(dp["to"])}
    if "date_from" in s:
        want["from"] = day(s["date_from"]["value"])
    if "date_to" in s:
        want["to"] = day(s["date_to"]["value"])
    want = {k: v for k, v in want.items() if v is not None}
    if want:
        got = ps.get("period", {})
        ok = all(got.get(k) == v for k, v in want.items())
        hits["period"][0] += ok
        hits["period"][1] += 1
        if not ok and all(behind(v, got.get(k)) or got.get(k) == v for k, v in want.items()):
            direction += 1
        if not ok and any(v > "2022-03-15" for v in want.values()):
            future += 1
        if not ok and want.get("to") == got.get("to") and one_day_before(want.get("from"), got.get("from")):
            longer += 1
        if all(v <= "2022-03-15" for v in want.values()):
            past[0] += ok
            past[1] += 1
        if misses and not ok:
            print("period", g["text"], want, got, file=sys.stderr)
    if "company_name" in s:
        ok = norm(ps.get("merchant", "")) == norm(s["company_name"]["value"])
        hits["merchant"][0] += ok
        hits["merchant"][1] += 1
        if misses and not ok:
            print("merchant", g["text"], s["company_name"]["value"], ps.get("merchant"), file=sys.stderr)
    if "amount_of_money" in s:
        want_a = "%.2f" % s["amount_of_money"]["value"]["amount"]
        ok = ps.get("amount", {}).get("value") == want_a
        hits["amount"][0] += ok
        hits["amount"][1] += 1
        if misses and not ok:
            print("amount", g["text"], want_a, ps.get("amount"), file=sys.stderr)
for k, (h, n) in hits.items():
    print("%s_recall=%.4f" % (k, h / n if n else 0.0))
    print("%s_labelled=%d" % (k, n))
print("period_misses_label_ahead=%d" % direction)
print("period_misses_label_after_reference_day=%d" % future)
print("period_misses_label_one_day_longer=%d" % longer)
print("period_recall_labels_up_to_reference_day=%.4f" % (past[0] / past[1] if past[1] else 0.0))
print("period_labelled_up_to_reference_day=%d" % past[1])
print("utterances=%d" % len(gold))
PY
