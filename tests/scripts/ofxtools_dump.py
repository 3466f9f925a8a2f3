#!/usr/bin/env python3
"""Reads every file under ROOT with ofxtools (PyPI) and prints one JSON line per file: the
bank and card statements it finds, or the error that made it refuse the file. The Rust test
tests/tests/ofx_differential.rs compares these with Tacit's reading. Amounts are printed as
the decimal text ofxtools parsed; dates as Unix seconds (ofxtools reads dates without a time
as 00:00 UTC, and so says "date_only" when the time is exactly midnight UTC)."""

import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

from ofxtools.Parser import OFXTree  # noqa: E402


def when(dt):
    if dt is None:
        return None
    return {"ts": int(dt.timestamp()), "midnight": dt.hour == 0 and dt.minute == 0 and dt.second == 0}


def statement(s):
    kind = type(s).__name__
    if kind not in ("STMTRS", "CCSTMTRS"):
        return None
    txns = []
    for t in s.banktranlist or []:
        txns.append({"fitid": t.fitid, "amount": str(t.trnamt), "posted": when(t.dtposted)})
    ledger = None
    if s.ledgerbal is not None:
        ledger = {"amount": str(s.ledgerbal.balamt), "as_of": when(s.ledgerbal.dtasof)}
    return {"acctid": s.account.acctid, "currency": s.curdef, "txns": txns, "ledger": ledger}


def main(root):
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            try:
                tree = OFXTree()
                tree.parse(path)
                ofx = tree.convert()
                stmts = [x for x in (statement(s) for s in ofx.statements) if x is not None]
                print(json.dumps({"file": rel, "ok": True, "statements": stmts}))
            except Exception as e:  # ofxtools refuses with many exception types
                print(json.dumps({"file": rel, "ok": False, "error": type(e).__name__}))


if __name__ == "__main__":
    main(sys.argv[1])
