//! The learned part of the score: boosted depth-limited regression trees over the signal
//! features (all relative to the person's own history) and the alert thresholds. Version 2
//! dropped the per-category prior table of version 1: a category's base rate in one
//! generator is not a property of the person. Version 3 adds `t_join_new`, the lower join
//! threshold for a payment at a merchant new to the card while an episode is open (a thief's
//! follow-up payments are at merchants new to the card, the person's regulars are not);
//! version 2 files still load, with `t_join_new` equal to `t_join` (no change of behaviour).
//! Version 4 adds the **first pass**: a small ensemble over the transaction's own features
//! (the first [`BASE_FEATURES`]) whose score is kept in the card's recent ring, so the main
//! trees read how suspicious the person's last payments looked (episode context, computed
//! from the card's past only, whatever the alert policy did). Version 2 and 3 files (25
//! features) still load, without a first pass. Version 5 adds `t_pair`: a payment scoring
//! at least that, when another payment of the last 48 hours also did, opens an episode (two
//! somewhat suspicious payments in a row are the evidence a thief's burst leaves, when no
//! single one stands out); older files load with it off ([`NO_PAIR`]). Version 6 adds the
//! 31st feature, `big_kind_last8`, to the main trees; version 4 and 5 files (30 features)
//! still load and never read it.
//!
//! Weights are trained offline (`tacit train-fraud`, in the CLI crate so training code stays
//! out of the mobile library), committed as `core/models/fraud.bin` and parsed with full
//! validation: a damaged file yields a typed error, never a panic. The library embeds its
//! zlib-compressed copy, `core/models/fraud.bin.z`, which `train-fraud` writes beside it.

use std::sync::OnceLock;

use super::features::{BASE_FEATURES, FEATURE_COUNT, FEATURE_COUNT_V5};
use super::FraudError;

/// First bytes of a model file.
pub const MODEL_MAGIC: [u8; 4] = *b"TFRM";
const MODEL_VERSION: u16 = 6;
/// Version 5: 30 features (no `big_kind_last8`).
const MODEL_VERSION_V5: u16 = 5;
/// Version 4: no `t_pair`.
const MODEL_VERSION_V4: u16 = 4;
/// Version 3: no first pass, [`BASE_FEATURES`] features.
const MODEL_VERSION_V3: u16 = 3;
/// The oldest model version still read (it has no `t_join_new` and no first pass).
const MODEL_VERSION_V2: u16 = 2;
const MAX_DEPTH: u8 = 6;
const MAX_TREES: u16 = 2000;

/// One complete binary tree of the model's depth, stored breadth-first: node `i` has children
/// `2i+1` (feature value <= threshold) and `2i+2`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    /// Feature index of each internal node.
    pub feature: Vec<u8>,
    /// Threshold of each internal node.
    pub threshold: Vec<f32>,
    /// Leaf values (log-odds contributions), `2^depth` of them.
    pub leaf: Vec<f32>,
}

/// The trees flattened into contiguous arrays for fast scoring.
#[derive(Clone, Debug, Default)]
pub(crate) struct Compiled {
    depth: usize,
    internal: usize,
    base: f32,
    /// Per internal node: feature index (validated < FEATURE_COUNT) and threshold.
    nodes: Vec<(u8, f32)>,
    leaves: Vec<f32>,
}

impl Compiled {
    pub(crate) fn new(m: &FraudModel) -> Compiled {
        Compiled::of(m.depth, m.base, &m.trees)
    }

    /// The first pass of `m` (empty when it has none).
    pub(crate) fn first(m: &FraudModel) -> Compiled {
        Compiled::of(m.first.depth.max(1), m.first.base, &m.first.trees)
    }

    fn of(depth: u8, base: f32, trees: &[Tree]) -> Compiled {
        let internal = (1usize << depth) - 1;
        let mut c = Compiled {
            depth: usize::from(depth),
            internal,
            base,
            nodes: Vec::with_capacity(trees.len() * internal),
            leaves: Vec::with_capacity(trees.len() * (internal + 1)),
        };
        for t in trees {
            for i in 0..internal {
                let f = t.feature.get(i).copied().unwrap_or(0);
                let f = if usize::from(f) < FEATURE_COUNT { f } else { 0 };
                c.nodes
                    .push((f, t.threshold.get(i).copied().unwrap_or(f32::MAX)));
            }
            for i in 0..=internal {
                c.leaves.push(t.leaf.get(i).copied().unwrap_or(0.0));
            }
        }
        c
    }

    /// Log-odds of a feature vector. Walks four trees at a time so their independent
    /// comparisons overlap in the CPU pipeline.
    #[inline]
    pub(crate) fn logit(&self, x: &[f32; FEATURE_COUNT]) -> f32 {
        let step = |tn: &[(u8, f32)], i: usize| -> usize {
            let (f, thr) = tn.get(i).copied().unwrap_or((0, f32::MAX));
            let v = x.get(usize::from(f)).copied().unwrap_or(0.0);
            2 * i + 1 + usize::from(v > thr)
        };
        let leaf = |tl: &[f32], i: usize| {
            tl.get(i.wrapping_sub(self.internal))
                .copied()
                .unwrap_or(0.0)
        };
        let ni = self.internal.max(1);
        let nl = self.internal + 1;
        let mut sums = [self.base, 0.0, 0.0, 0.0];
        let mut nodes = self.nodes.chunks_exact(4 * ni);
        let mut leaves = self.leaves.chunks_exact(4 * nl);
        for (tn, tl) in (&mut nodes).zip(&mut leaves) {
            let (n0, r) = tn.split_at(ni);
            let (n1, r) = r.split_at(ni);
            let (n2, n3) = r.split_at(ni);
            let mut i = [0usize; 4];
            for _ in 0..self.depth {
                i = [
                    step(n0, i[0]),
                    step(n1, i[1]),
                    step(n2, i[2]),
                    step(n3, i[3]),
                ];
            }
            for (k, s) in sums.iter_mut().enumerate() {
                let l = tl.get(k * nl..(k + 1) * nl).unwrap_or(&[]);
                *s += leaf(l, i[k]);
            }
        }
        let rest = nodes
            .remainder()
            .chunks_exact(ni)
            .zip(leaves.remainder().chunks_exact(nl));
        for (tn, tl) in rest {
            let mut i = 0usize;
            for _ in 0..self.depth {
                i = step(tn, i);
            }
            sums[0] += leaf(tl, i);
        }
        sums.iter().sum()
    }
}

/// A boosted-tree fraud model.
#[derive(Clone, Debug, PartialEq)]
pub struct FraudModel {
    /// Depth of every tree.
    pub depth: u8,
    /// Starting log-odds.
    pub base: f32,
    /// Probability at or above which a transaction opens an alert episode.
    pub t_open: f32,
    /// Probability at or above which a transaction joins an open episode.
    pub t_join: f32,
    /// Probability at or above which a payment at a merchant new to the card joins an open
    /// episode (at most `t_join`; equal to it in version 2 models).
    pub t_join_new: f32,
    /// Probability at or above which a payment opens an episode when another payment of the
    /// card's last 48 hours also scored at least this (version 5; [`NO_PAIR`], off, in older
    /// models).
    pub t_pair: f32,
    /// The trees.
    pub trees: Vec<Tree>,
    /// The first pass, whose scores of past payments the trees read (empty in version 2 and
    /// 3 models).
    pub first: FirstPass,
}

/// The first-pass ensemble: trees over the transaction's own features only (indices below
/// [`BASE_FEATURES`]). Its score of each payment is kept in the card's recent ring.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstPass {
    /// Depth of every tree (0 when there are none).
    pub depth: u8,
    /// Starting log-odds.
    pub base: f32,
    /// The trees.
    pub trees: Vec<Tree>,
}

impl FirstPass {
    /// Whether the model has a first pass.
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }
}

/// `t_pair` of a model without the two-payment rule (no score reaches it).
pub const NO_PAIR: f32 = 1.0;

static BUILTIN: OnceLock<Result<FraudModel, FraudError>> = OnceLock::new();

/// The shipped model, zlib-compressed (`tacit train-fraud` writes it beside `--out`).
const BUILTIN_Z: &[u8] = include_bytes!("../../models/fraud.bin.z");

/// More than any valid model file: [`MAX_TREES`] trees of [`MAX_DEPTH`] in both passes.
const MAX_MODEL_BYTES: usize = 4 << 20;

fn checksum(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], FraudError> {
        let end = self.pos.checked_add(n).ok_or(FraudError::Truncated)?;
        let s = self.b.get(self.pos..end).ok_or(FraudError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, FraudError> {
        Ok(*self.take(1)?.first().ok_or(FraudError::Truncated)?)
    }
    fn u16(&mut self) -> Result<u16, FraudError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes(
            s.try_into().map_err(|_| FraudError::Truncated)?,
        ))
    }
    fn f32(&mut self) -> Result<f32, FraudError> {
        let s = self.take(4)?;
        let v = f32::from_le_bytes(s.try_into().map_err(|_| FraudError::Truncated)?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(FraudError::Corrupt)
        }
    }
}

impl FraudModel {
    /// The model shipped with this build (parsed once). The library holds it zlib-compressed
    /// (`core/models/fraud.bin.z`, 19 KB less); a test checks that it inflates to
    /// `core/models/fraud.bin` byte for byte.
    pub fn builtin() -> Result<&'static FraudModel, FraudError> {
        BUILTIN
            .get_or_init(|| {
                let bytes = crate::zlib::inflate(BUILTIN_Z, MAX_MODEL_BYTES)
                    .ok_or(FraudError::Corrupt)?;
                FraudModel::from_bytes(&bytes)
            })
            .as_ref()
            .map_err(|e| *e)
    }

    /// Log-odds of a feature vector (without rule adjustments).
    pub fn logit(&self, x: &[f32; FEATURE_COUNT]) -> f32 {
        let internal = (1usize << self.depth) - 1;
        let mut sum = self.base;
        for t in &self.trees {
            let mut i = 0usize;
            while i < internal {
                let f = usize::from(*t.feature.get(i).unwrap_or(&0));
                let v = x.get(f).copied().unwrap_or(0.0);
                let thr = t.threshold.get(i).copied().unwrap_or(f32::MAX);
                i = 2 * i + 1 + usize::from(v > thr);
            }
            sum += t.leaf.get(i - internal).copied().unwrap_or(0.0);
        }
        sum
    }

    /// Serialises the model (training side).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&MODEL_MAGIC);
        out.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        out.extend_from_slice(&(FEATURE_COUNT as u16).to_le_bytes());
        out.push(self.depth);
        out.extend_from_slice(&(self.trees.len() as u16).to_le_bytes());
        for v in [self.base, self.t_open, self.t_join, self.t_join_new] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        write_trees(&mut out, &self.trees);
        out.push(self.first.depth);
        out.extend_from_slice(&(self.first.trees.len() as u16).to_le_bytes());
        out.extend_from_slice(&self.first.base.to_le_bytes());
        write_trees(&mut out, &self.first.trees);
        out.extend_from_slice(&self.t_pair.to_le_bytes());
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Parses and validates a model.
    pub fn from_bytes(bytes: &[u8]) -> Result<FraudModel, FraudError> {
        let body_len = bytes.len().checked_sub(4).ok_or(FraudError::Truncated)?;
        let (body, sum) = bytes.split_at(body_len);
        let mut r = Reader { b: body, pos: 0 };
        if r.take(4)? != MODEL_MAGIC {
            return Err(FraudError::BadMagic);
        }
        let version = r.u16()?;
        if ![
            MODEL_VERSION,
            MODEL_VERSION_V5,
            MODEL_VERSION_V4,
            MODEL_VERSION_V3,
            MODEL_VERSION_V2,
        ]
        .contains(&version)
        {
            return Err(FraudError::UnsupportedVersion);
        }
        let want = u32::from_le_bytes(sum.try_into().map_err(|_| FraudError::Truncated)?);
        if checksum(body) != want {
            return Err(FraudError::BadChecksum);
        }
        let features = match version {
            MODEL_VERSION => FEATURE_COUNT,
            MODEL_VERSION_V5 | MODEL_VERSION_V4 => FEATURE_COUNT_V5,
            _ => BASE_FEATURES,
        };
        if usize::from(r.u16()?) != features {
            return Err(FraudError::ModelMismatch);
        }
        let depth = r.u8()?;
        let n_trees = r.u16()?;
        if depth == 0 || depth > MAX_DEPTH || n_trees > MAX_TREES {
            return Err(FraudError::Corrupt);
        }
        let base = r.f32()?;
        let t_open = r.f32()?;
        let t_join = r.f32()?;
        let t_join_new = if version == MODEL_VERSION_V2 {
            t_join
        } else {
            r.f32()?
        };
        if ![t_open, t_join, t_join_new]
            .iter()
            .all(|t| (0.0..=1.0).contains(t))
        {
            return Err(FraudError::Corrupt);
        }
        let trees = read_trees(&mut r, depth, n_trees, features)?;
        let first = if version >= MODEL_VERSION_V4 {
            let depth = r.u8()?;
            let n = r.u16()?;
            let base = r.f32()?;
            if depth > MAX_DEPTH || n > MAX_TREES || (depth == 0 && n > 0) {
                return Err(FraudError::Corrupt);
            }
            FirstPass {
                depth,
                base,
                trees: read_trees(&mut r, depth.max(1), n, BASE_FEATURES)?,
            }
        } else {
            FirstPass::default()
        };
        let t_pair = if version >= MODEL_VERSION_V5 {
            r.f32()?
        } else {
            NO_PAIR
        };
        if !(0.0..=1.0).contains(&t_pair) {
            return Err(FraudError::Corrupt);
        }
        if r.pos != body.len() {
            return Err(FraudError::TrailingBytes);
        }
        Ok(FraudModel {
            depth,
            base,
            t_open,
            t_join,
            t_join_new,
            t_pair,
            trees,
            first,
        })
    }
}

fn write_trees(out: &mut Vec<u8>, trees: &[Tree]) {
    for t in trees {
        for (f, thr) in t.feature.iter().zip(&t.threshold) {
            out.push(*f);
            out.extend_from_slice(&thr.to_le_bytes());
        }
        for l in &t.leaf {
            out.extend_from_slice(&l.to_le_bytes());
        }
    }
}

/// Reads `n` complete trees of `depth` whose features must be below `features`.
fn read_trees(
    r: &mut Reader<'_>,
    depth: u8,
    n: u16,
    features: usize,
) -> Result<Vec<Tree>, FraudError> {
    let internal = (1usize << depth) - 1;
    let mut trees = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let mut t = Tree {
            feature: Vec::with_capacity(internal),
            threshold: Vec::with_capacity(internal),
            leaf: Vec::with_capacity(internal + 1),
        };
        for _ in 0..internal {
            let f = r.u8()?;
            if usize::from(f) >= features {
                return Err(FraudError::Corrupt);
            }
            t.feature.push(f);
            t.threshold.push(r.f32()?);
        }
        for _ in 0..=internal {
            t.leaf.push(r.f32()?);
        }
        trees.push(t);
    }
    Ok(trees)
}

/// Logistic function.
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> FraudModel {
        FraudModel {
            depth: 1,
            base: -1.0,
            t_open: 0.5,
            t_join: 0.3,
            t_join_new: 0.2,
            t_pair: 0.4,
            trees: vec![Tree {
                feature: vec![0],
                threshold: vec![2.0],
                leaf: vec![-1.0, 3.0],
            }],
            first: FirstPass {
                depth: 1,
                base: 0.5,
                trees: vec![Tree {
                    feature: vec![1],
                    threshold: vec![0.0],
                    leaf: vec![-2.0, 2.0],
                }],
            },
        }
    }

    /// A model file of an older version: `tiny()` without its first pass, 25 features.
    fn older(version: u16) -> (FraudModel, Vec<u8>) {
        let mut m = tiny();
        m.first = FirstPass::default();
        m.t_pair = NO_PAIR;
        let mut b = m.to_bytes();
        // Drop the checksum, t_pair and the (empty) first-pass header: depth, count, base.
        b.truncate(b.len() - 4 - 4 - 7);
        b[4..6].copy_from_slice(&version.to_le_bytes());
        b[6..8].copy_from_slice(&(BASE_FEATURES as u16).to_le_bytes());
        (m, b)
    }

    fn seal(mut b: Vec<u8>) -> Vec<u8> {
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        b
    }

    #[test]
    fn version_3_models_load_without_a_first_pass() {
        let (m, b) = older(MODEL_VERSION_V3);
        let old = FraudModel::from_bytes(&seal(b.clone())).unwrap();
        assert_eq!(old, m);
        assert!(old.first.is_empty());
        // A v3 file naming a context feature is refused.
        let mut bad = b;
        bad[6..8].copy_from_slice(&(FEATURE_COUNT as u16).to_le_bytes());
        assert!(FraudModel::from_bytes(&seal(bad)).is_err());
    }

    /// A version 4 file (no `t_pair`) loads with the two-payment rule off.
    #[test]
    fn version_4_models_load_without_the_pair_rule() {
        let m = tiny();
        let mut b = m.to_bytes();
        b.truncate(b.len() - 4 - 4);
        b[4..6].copy_from_slice(&MODEL_VERSION_V4.to_le_bytes());
        b[6..8].copy_from_slice(&(FEATURE_COUNT_V5 as u16).to_le_bytes());
        let old = FraudModel::from_bytes(&seal(b)).unwrap();
        assert_eq!(old.t_pair, NO_PAIR);
        assert_eq!((old.trees, old.first), (m.trees, m.first));
    }

    /// A version 5 file (30 features) loads; its trees may not read `big_kind_last8`.
    #[test]
    fn version_5_models_load_without_the_last_feature() {
        let mut m = tiny();
        let v5 = |m: &FraudModel| {
            let mut b = m.to_bytes();
            b.truncate(b.len() - 4);
            b[4..6].copy_from_slice(&MODEL_VERSION_V5.to_le_bytes());
            b[6..8].copy_from_slice(&(FEATURE_COUNT_V5 as u16).to_le_bytes());
            FraudModel::from_bytes(&seal(b))
        };
        assert_eq!(v5(&m), Ok(m.clone()));
        m.trees[0].feature[0] = FEATURE_COUNT_V5 as u8;
        assert_eq!(v5(&m), Err(FraudError::Corrupt));
        assert!(FraudModel::from_bytes(&m.to_bytes()).is_ok());
    }

    #[test]
    fn first_pass_trees_may_not_read_context_features() {
        let mut m = tiny();
        m.first.trees[0].feature[0] = BASE_FEATURES as u8;
        assert_eq!(
            FraudModel::from_bytes(&m.to_bytes()),
            Err(FraudError::Corrupt)
        );
    }

    #[test]
    fn roundtrip_and_predict() {
        let m = tiny();
        let b = m.to_bytes();
        let m2 = FraudModel::from_bytes(&b).unwrap();
        assert_eq!(m, m2);
        let mut x = [0f32; FEATURE_COUNT];
        assert_eq!(m.logit(&x), -2.0);
        x[0] = 5.0;
        assert_eq!(m.logit(&x), 2.0);
    }

    #[test]
    fn damaged_models_are_typed_errors() {
        let b = tiny().to_bytes();
        for cut in 0..b.len() {
            assert!(FraudModel::from_bytes(&b[..cut]).is_err());
        }
        for i in 0..b.len() {
            let mut c = b.clone();
            c[i] ^= 0x55;
            assert!(FraudModel::from_bytes(&c).is_err(), "byte {i}");
        }
    }

    /// The compressed copy the library holds is the committed model, byte for byte: after a
    /// retrain, `tacit train-fraud --out core/models/fraud.bin` rewrites both files.
    #[test]
    fn builtin_z_is_the_committed_model() {
        let raw = include_bytes!("../../models/fraud.bin");
        let inflated = crate::zlib::inflate(BUILTIN_Z, MAX_MODEL_BYTES).unwrap();
        assert!(inflated == raw, "core/models/fraud.bin.z is stale: rerun train-fraud");
        assert_eq!(FraudModel::builtin().unwrap(), &FraudModel::from_bytes(raw).unwrap());
    }

    #[test]
    fn builtin_parses() {
        let m = FraudModel::builtin().unwrap();
        assert!(!m.trees.is_empty());
        assert!(m.t_join <= m.t_open);
        assert!(m.t_join_new <= m.t_join);
    }

    /// A version 2 file (no `t_join_new`) still loads, joining new merchants at `t_join`.
    #[test]
    fn version_2_models_still_load() {
        let (m, mut b) = older(MODEL_VERSION_V2);
        // Drop t_join_new: the fourth f32 after magic, version, feature count, depth, trees.
        let at = 4 + 2 + 2 + 1 + 2 + 3 * 4;
        b.drain(at..at + 4);
        let mut b = seal(b);
        let old = FraudModel::from_bytes(&b).unwrap();
        assert_eq!(old.t_join_new, old.t_join);
        assert_eq!(old.trees, m.trees);
        b[4..6].copy_from_slice(&9u16.to_le_bytes());
        assert!(FraudModel::from_bytes(&b).is_err());
    }
}
