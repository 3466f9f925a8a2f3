//! Multinomial logistic regression over sparse hashed features, trained by SGD.
//!
//! Deterministic: the only randomness is the example order, drawn from a fixed-seed
//! SplitMix64, and the loop is single-threaded.

use tacit_core::intent::Intent;

const N: usize = Intent::COUNT;

/// Training hyperparameters.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Passes over the training data.
    pub epochs: usize,
    /// Initial learning rate (decays linearly to a tenth of it).
    pub lr: f32,
    /// L2 penalty, applied to the weights an example touches.
    pub l2: f32,
    /// Loss weight of an out-of-scope example relative to an in-scope one.
    pub oos_weight: f32,
    /// Order seed.
    pub seed: u64,
    /// Multiclass hinge loss (Crammer-Singer) instead of logistic.
    pub hinge: bool,
    /// Epochs (counted from the end) whose end-of-epoch weights are averaged into the result;
    /// 0 or 1 keeps the last weights. Averaging SGD iterates lowers the variance the last
    /// few steps leave in a hinge-loss model.
    pub average_last: usize,
}

/// SplitMix64: a tiny, good-enough PRNG for shuffling.
#[derive(Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A uniform index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A float linear model: `buckets * N` weights (bucket-major) and N biases.
#[derive(Debug, Clone)]
pub struct Dense {
    /// Weights, bucket-major.
    pub weights: Vec<f32>,
    /// Biases.
    pub bias: [f32; N],
}

impl Dense {
    /// Raw class scores of one example.
    pub fn logits(&self, x: &[(u32, f32)]) -> [f32; N] {
        let mut out = self.bias;
        for &(f, v) in x {
            let start = f as usize * N;
            if let Some(row) = self.weights.get(start..start + N) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += v * w;
                }
            }
        }
        out
    }
}

fn softmax(z: &mut [f32; N]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut total = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        total += *v;
    }
    for v in z.iter_mut() {
        *v /= total;
    }
}

/// Trains on featurised examples with labels given as class indices and per-example loss
/// weights (`ws`, one per example; missing weights count as 1).
pub fn train(
    xs: &[Vec<(u32, f32)>],
    ys: &[usize],
    ws: &[f32],
    buckets: usize,
    p: &Params,
) -> Dense {
    let mut model = Dense {
        weights: vec![0.0; buckets * N],
        bias: [0.0; N],
    };
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut rng = SplitMix::new(p.seed);
    let total_steps = (p.epochs * xs.len()).max(1) as f32;
    let mut step = 0usize;
    let oos = Intent::Oos.index();
    let average_from = p.epochs.saturating_sub(p.average_last.max(1));
    let mut sum = Dense {
        weights: Vec::new(),
        bias: [0.0; N],
    };
    let mut averaged = 0usize;
    for epoch in 0..p.epochs {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        for &i in &order {
            let (x, y) = (&xs[i], ys[i]);
            let lr = p.lr * (1.0 - 0.9 * step as f32 / total_steps);
            step += 1;
            let mut g = model.logits(x);
            let weight =
                if y == oos { p.oos_weight } else { 1.0 } * ws.get(i).copied().unwrap_or(1.0);
            if p.hinge {
                let mut rival = None;
                let mut best = f32::NEG_INFINITY;
                for (c, &v) in g.iter().enumerate() {
                    if c != y && v > best {
                        best = v;
                        rival = Some(c);
                    }
                }
                let violated = g[y] - best < 1.0;
                g = [0.0; N];
                if let (true, Some(r)) = (violated, rival) {
                    g[y] = -1.0;
                    g[r] = 1.0;
                }
            } else {
                softmax(&mut g);
                g[y] -= 1.0;
            }
            for v in g.iter_mut() {
                *v *= weight;
            }
            for (b, gc) in model.bias.iter_mut().zip(&g) {
                *b -= lr * gc;
            }
            for &(f, v) in x {
                let start = f as usize * N;
                let row = &mut model.weights[start..start + N];
                for (w, gc) in row.iter_mut().zip(&g) {
                    *w -= lr * (gc * v + p.l2 * *w);
                }
            }
        }
        if epoch >= average_from && p.average_last > 1 {
            accumulate(&mut sum, &model);
            averaged += 1;
        }
    }
    if averaged > 1 {
        let k = averaged as f32;
        sum.weights.iter_mut().for_each(|w| *w /= k);
        sum.bias.iter_mut().for_each(|b| *b /= k);
        return sum;
    }
    model
}

/// Adds `model` into the running sum `sum` (which starts empty).
fn accumulate(sum: &mut Dense, model: &Dense) {
    if sum.weights.is_empty() {
        sum.weights = vec![0.0; model.weights.len()];
    }
    for (a, b) in sum.weights.iter_mut().zip(&model.weights) {
        *a += b;
    }
    for (a, b) in sum.bias.iter_mut().zip(&model.bias) {
        *a += b;
    }
}

/// Int8 weights with a per-class scale (`w ≈ q * scale`), rounding to nearest, using the
/// levels `-levels..=levels` (127: full int8; 7: the 15 levels of 4 bits, which the file's
/// zlib stream stores in far fewer bytes).
pub fn quantize(model: &Dense, levels: u8) -> ([f32; N], Vec<i8>) {
    let top = f32::from(levels.clamp(1, 127));
    let mut scales = [0f32; N];
    for row in model.weights.chunks_exact(N) {
        for (s, w) in scales.iter_mut().zip(row) {
            *s = s.max(w.abs());
        }
    }
    for s in scales.iter_mut() {
        *s = if *s > 0.0 { *s / top } else { 1.0 };
    }
    let q = model
        .weights
        .chunks_exact(N)
        .flat_map(|row| {
            row.iter()
                .zip(&scales)
                .map(|(w, s)| (w / s).round().clamp(-top, top) as i8)
                .collect::<Vec<_>>()
        })
        .collect();
    (scales, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_bounded() {
        let mut a = SplitMix::new(7);
        let mut b = SplitMix::new(7);
        for _ in 0..100 {
            let (x, y) = (a.below(10), b.below(10));
            assert_eq!(x, y);
            assert!(x < 10);
        }
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        let xs = vec![vec![(0u32, 1.0f32)], vec![(1, 1.0)]];
        let ys = vec![0usize, Intent::Oos.index()];
        for hinge in [false, true] {
            let p = Params {
                epochs: 50,
                lr: 0.5,
                l2: 0.0,
                oos_weight: 1.0,
                seed: 1,
                hinge,
                average_last: 5,
            };
            let m = train(&xs, &ys, &[], 2, &p);
            let l0 = m.logits(&xs[0]);
            assert!(l0[0] > l0[Intent::Oos.index()]);
        }
        let p = Params {
            epochs: 50,
            lr: 0.5,
            l2: 0.0,
            oos_weight: 1.0,
            seed: 1,
            hinge: false,
            average_last: 0,
        };
        let m = train(&xs, &ys, &[], 2, &p);
        let (scales, q) = quantize(&m, 7);
        assert!(q.iter().all(|v| (-7..=7).contains(v)));
        assert_eq!(q.len(), 2 * N);
        assert!(scales.iter().all(|s| *s > 0.0));
    }
}
