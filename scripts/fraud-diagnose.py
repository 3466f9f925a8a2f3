#!/usr/bin/env python3
"""Where a fraud evaluation's misses come from, and how a world's legitimate lives are built.

Reads a world's CSV (`score-fraud` columns: Sparkov's dev.csv, or `tacit gen-fraud-world`)
and the `tacit eval-fraud --dump ROWS.csv` of the same rows, and prints key=value lines:

- the misses (false negatives) by cause: on cards whose whole history is fraud (judged only
  against the population prior, in the learning period), before their episode's first alert,
  after it inside the card's learning period, after it later;
- the position in its episode of each episode's first alert;
- how often a payment's kind of spending (the file's `category`) differs from the card's
  previous payment, for legitimate payments, an episode's first fraud payment and the rest.
  A person who mixes kinds of spending changes it most of the time; a world whose
  legitimate lives run in long blocks of one kind changes it rarely, and then a change is a
  fingerprint of that world's fraud, not of a person (docs/fraud.md, seventh pass).

It also writes the two variants of a world that the seventh pass trained and tested on:
`hidden` (every category replaced by `misc_pos` / `misc_net`, card presence kept) and
`shuffled` (each card's legitimate payments keep their times but trade category, amount,
merchant and place among themselves, seeded: the blocks are undone, the person's amounts
and merchants kept; fraud rows unchanged).

Analysis only: nothing is fitted. Usage:
  tacit eval-fraud --model M.bin --test W.csv [--test-cards odd] --dump D.csv
  scripts/fraud-diagnose.py W.csv D.csv [all|even|odd]
  scripts/fraud-diagnose.py --variant hidden|shuffled W.csv OUT.csv
"""

import csv
import random
import sys
from collections import Counter, defaultdict

LEARNING_SECS = 30 * 86400  # the engine's learning period (engine.rs, LEARNING)


def selected(card, which):
    """The card split of `tacit eval-fraud --test-cards` (last hex digit's parity)."""
    try:
        odd = int(card[-1], 16) % 2 == 1
    except ValueError:
        odd = False
    return which == "all" or odd == (which == "odd")


def load(world, dump, which):
    """Rows of `world` in file order, each with the dump's ts, score and alert."""
    with open(world, newline="") as f:
        rows = [r for r in csv.DictReader(f) if selected(r["card_id"], which)]
    with open(dump, newline="") as f:
        dumped = list(csv.DictReader(f))
    if len(dumped) != len(rows):
        sys.exit(f"the dump has {len(dumped)} rows, the world {len(rows)}: same --test-cards?")
    for r, d in zip(rows, dumped):
        r["_ts"], r["_alert"] = int(d["ts"]), d["alert"] == "1"
        r["_fraud"] = r["is_fraud"] == "1"
    return rows


def misses(cards):
    """False negatives by cause, and the position of each episode's first alert."""
    why, first_alert = Counter(), Counter()
    for rows in cards.values():
        fraud_only = all(r["_fraud"] for r in rows)
        start, episode, alerted = rows[0]["_ts"], [], None
        for r in rows + [None]:
            if r is not None and r["_fraud"]:
                if alerted is None and r["_alert"]:
                    alerted = len(episode)
                episode.append(r)
                continue
            if episode:
                first_alert["never" if alerted is None else min(alerted + 1, 6)] += 1
                for k, e in enumerate(episode):
                    if e["_alert"]:
                        continue
                    if fraud_only:
                        why["fraud_only_card"] += 1
                    elif alerted is None or k < alerted:
                        why["before_first_alert"] += 1
                    elif e["_ts"] - start < LEARNING_SECS:
                        why["learning_period"] += 1
                    else:
                        why["after_first_alert"] += 1
            episode, alerted = [], None
    return why, first_alert


def kind_changes(cards):
    """Share of payments whose category differs from the card's previous payment."""
    n, changed = Counter(), Counter()
    for rows in cards.values():
        for prev, r in zip(rows, rows[1:]):
            if not r["_fraud"]:
                k = "legit"
            elif not prev["_fraud"]:
                k = "fraud_first"
            else:
                k = "fraud_next"
            n[k] += 1
            changed[k] += prev["category"] != r["category"]
    return {k: (changed[k] / n[k], n[k]) for k in n}


def variant(kind, world, out):
    """Writes `world` with its categories hidden or each card's legitimate payments shuffled."""
    with open(world, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    cat = header.index("category")
    if kind == "hidden":
        for r in rows:
            r[cat] = "misc_net" if r[cat].endswith("_net") else "misc_pos"
    elif kind == "shuffled":
        moved = ("category", "amount", "merchant", "merchant_lat", "merchant_lon")
        cols = [header.index(k) for k in moved]
        card, fraud = header.index("card_id"), header.index("is_fraud")
        legit = defaultdict(list)
        for i, r in enumerate(rows):
            if r[fraud] == "0":
                legit[r[card]].append(i)
        rng = random.Random(7)
        for idx in legit.values():
            values = [[rows[i][c] for c in cols] for i in idx]
            rng.shuffle(values)
            for i, v in zip(idx, values):
                for c, x in zip(cols, v):
                    rows[i][c] = x
    else:
        sys.exit(__doc__)
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(argv):
    if len(argv) == 5 and argv[1] == "--variant":
        variant(argv[2], argv[3], argv[4])
        return
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    rows = load(argv[1], argv[2], argv[3] if len(argv) == 4 else "all")
    cards = defaultdict(list)
    for r in rows:
        cards[r["card_id"]].append(r)
    tp = sum(r["_fraud"] and r["_alert"] for r in rows)
    fp = sum(not r["_fraud"] and r["_alert"] for r in rows)
    fn = sum(r["_fraud"] and not r["_alert"] for r in rows)
    only = sum(all(r["_fraud"] for r in c) for c in cards.values())
    print(f"cards={len(cards)} fraud_only_cards={only} tp={tp} fp={fp} fn={fn}")
    why, first_alert = misses(cards)
    for k in ("fraud_only_card", "before_first_alert", "learning_period", "after_first_alert"):
        print(f"fn_{k}={why[k]}")
    print("episodes_first_alerted_at=" + ",".join(
        f"{k}:{first_alert[k]}" for k in (1, 2, 3, 4, 5, 6, "never")) + " (6: sixth or later)")
    for k, (share, n) in sorted(kind_changes(cards).items()):
        print(f"{k}_category_changed={share:.3f} (n={n})")


if __name__ == "__main__":
    main(sys.argv)
