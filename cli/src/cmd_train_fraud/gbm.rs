//! A small histogram gradient-boosting trainer (logistic loss, complete trees of fixed depth)
//! producing [`Tree`]s in the layout the core model reads. Deterministic: same data, same
//! trees.
//!
//! Features marked in [`MONOTONE`] are constrained: a split on one must give its right
//! (larger) side a leaf value at least that of its left side, and the bound is passed down to
//! the children (as in XGBoost's monotone constraints), so every tree, and the sum, never
//! decreases when such a feature grows.

use tacit_core::fraud::{Tree, FEATURE_COUNT, MONOTONE};

/// Training parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub trees: usize,
    pub depth: u8,
    pub learning_rate: f32,
    pub lambda: f64,
    pub min_hess: f64,
    pub bins: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            trees: 200,
            depth: 4,
            learning_rate: 0.1,
            lambda: 1.0,
            min_hess: 2.0,
            bins: 64,
        }
    }
}

/// Quantile thresholds per feature, from the data.
fn thresholds(x: &[[f32; FEATURE_COUNT]], bins: usize) -> Vec<Vec<f32>> {
    let step = (x.len() / 200_000).max(1);
    (0..FEATURE_COUNT)
        .map(|f| {
            let mut v: Vec<f32> = x.iter().step_by(step).map(|r| r[f]).collect();
            v.sort_by(f32::total_cmp);
            let mut t: Vec<f32> = (1..bins)
                .filter_map(|k| v.get(k * v.len() / bins).copied())
                .collect();
            t.dedup();
            // The largest value would send nothing right: drop it.
            if t.last() == v.last() {
                t.pop();
            }
            t
        })
        .collect()
}

fn bin_of(t: &[f32], v: f32) -> u8 {
    t.partition_point(|&th| th < v) as u8
}

/// Trains on rows `x` with labels `y`; returns the base log-odds and the trees.
pub fn train(x: &[[f32; FEATURE_COUNT]], y: &[u8], p: &Params) -> (f32, Vec<Tree>) {
    let n = x.len();
    let th = thresholds(x, p.bins);
    let nb = p.bins;
    // Column-major binned matrix.
    let mut binned = vec![0u8; n * FEATURE_COUNT];
    for f in 0..FEATURE_COUNT {
        for i in 0..n {
            binned[f * n + i] = bin_of(&th[f], x[i][f]);
        }
    }
    let pos = y.iter().filter(|&&v| v == 1).count() as f64;
    let rate = ((pos + 1.0) / (n as f64 + 2.0)).clamp(1e-6, 1.0 - 1e-6);
    let base = (rate / (1.0 - rate)).ln() as f32;
    let mut raw = vec![base; n];
    let mut g = vec![0f64; n];
    let mut h = vec![0f64; n];
    let mut node = vec![0u32; n];
    let depth = usize::from(p.depth);
    let internal = (1usize << depth) - 1;
    let mut trees = Vec::with_capacity(p.trees);
    for _ in 0..p.trees {
        for i in 0..n {
            let pr = 1.0 / (1.0 + (-f64::from(raw[i])).exp());
            g[i] = pr - f64::from(y[i]);
            h[i] = (pr * (1.0 - pr)).max(1e-12);
        }
        node.iter_mut().for_each(|v| *v = 0);
        let mut feature = vec![0u8; internal];
        let mut threshold = vec![f32::MAX; internal];
        // Leaf-value bounds per node (before the learning rate), from monotone splits above.
        let mut bounds = vec![(f64::NEG_INFINITY, f64::INFINITY); 2 * internal + 1];
        for d in 0..depth {
            let width = 1usize << d;
            let first = width - 1;
            // hist[node][feature][bin] = (g, h)
            let mut hist = vec![(0f64, 0f64); width * FEATURE_COUNT * nb];
            for f in 0..FEATURE_COUNT {
                let col = &binned[f * n..(f + 1) * n];
                for i in 0..n {
                    let k = node[i] as usize - first;
                    let e = &mut hist[(k * FEATURE_COUNT + f) * nb + col[i] as usize];
                    e.0 += g[i];
                    e.1 += h[i];
                }
            }
            for k in 0..width {
                let (lo, hi) = bounds[first + k];
                let mut best = (0f64, 0usize, usize::MAX, 0f64, 0f64);
                for f in 0..FEATURE_COUNT {
                    let hs = &hist[(k * FEATURE_COUNT + f) * nb..(k * FEATURE_COUNT + f + 1) * nb];
                    let (gt, ht) = hs.iter().fold((0.0, 0.0), |a, e| (a.0 + e.0, a.1 + e.1));
                    let parent = gt * gt / (ht + p.lambda);
                    let (mut gl, mut hl) = (0.0, 0.0);
                    for (b, e) in hs.iter().enumerate().take(th[f].len()) {
                        gl += e.0;
                        hl += e.1;
                        let (gr, hr) = (gt - gl, ht - hl);
                        if hl < p.min_hess || hr < p.min_hess {
                            continue;
                        }
                        let wl = (-gl / (hl + p.lambda)).clamp(lo, hi);
                        let wr = (-gr / (hr + p.lambda)).clamp(lo, hi);
                        if MONOTONE[f] && wl > wr {
                            continue;
                        }
                        let gain = gl * gl / (hl + p.lambda) + gr * gr / (hr + p.lambda) - parent;
                        if gain > best.0 {
                            best = (gain, f, b, wl, wr);
                        }
                    }
                }
                let node = first + k;
                let (l, r) = (2 * node + 1, 2 * node + 2);
                bounds[l] = (lo, hi);
                bounds[r] = (lo, hi);
                if best.2 != usize::MAX {
                    feature[node] = best.1 as u8;
                    threshold[node] = th[best.1][best.2];
                    if MONOTONE[best.1] {
                        let mid = (best.3 + best.4) / 2.0;
                        bounds[l] = (lo, mid);
                        bounds[r] = (mid, hi);
                    }
                }
            }
            for i in 0..n {
                let nd = node[i] as usize;
                let right = threshold[nd] != f32::MAX
                    && binned[feature[nd] as usize * n + i] as usize
                        > th[feature[nd] as usize].partition_point(|&t| t < threshold[nd]);
                node[i] = (2 * nd + 1 + usize::from(right)) as u32;
            }
        }
        let mut sums = vec![(0f64, 0f64); internal + 1];
        for i in 0..n {
            let l = node[i] as usize - internal;
            sums[l].0 += g[i];
            sums[l].1 += h[i];
        }
        let leaf: Vec<f32> = sums
            .iter()
            .enumerate()
            .map(|(j, (gs, hs))| {
                let (lo, hi) = bounds[internal + j];
                ((-gs / (hs + p.lambda)).clamp(lo, hi) as f32 * p.learning_rate).clamp(-4.0, 4.0)
            })
            .collect();
        for i in 0..n {
            raw[i] += leaf[node[i] as usize - internal];
        }
        trees.push(Tree {
            feature,
            threshold,
            leaf,
        });
    }
    (base, trees)
}
