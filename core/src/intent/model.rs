//! The shipped linear intent model: a versioned, checksummed binary format and inference.
//!
//! The model is a multinomial logistic regression over hashed n-gram features
//! ([`super::features`]), with int8 weights and a per-class scale so that it fits in about a
//! megabyte. A message whose best in-scope intent has a probability below the stored threshold
//! is reported as [`Intent::Oos`]: saying "I can't help with that" is cheaper than answering the
//! wrong question about someone's money.
//!
//! File layout (little-endian), version 1:
//! `b"TACITINT"`, version `u16`, class count `u16` (31), buckets `u32`, word_max `u8`,
//! char_min `u8`, char_max `u8`, char_weight_pct `u8`, pair_window `u8`, pair_weight_pct `u8`,
//! flags `u8` (bit 0 lexicon, bit 1 IDF present), reserved `u8` (0), oos threshold `f32`,
//! per-class scale `f32` x 31, per-class bias `f32` x 31, IDF `u8` x buckets (if flagged),
//! weights `i8` x buckets x 31 (bucket-major), then an
//! FNV-1a 64 checksum of everything before it.
//!
//! Version 2 (what [`IntentModel::to_bytes`] writes) is version 1 with the IDF and weights
//! replaced by one zlib stream of those same bytes. Most weights are zero, so the shipped file
//! shrinks from about 1 MB to about 0.24 MB of the mobile library; decompression is lossless,
//! so the loaded weights are bit for bit those of version 1. The checksum covers the stored
//! (compressed) bytes, and the stream must inflate to exactly the length the header implies.

use super::features::{featurize, FeatureConfig};
use super::labels::Intent;
use super::Prediction;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"TACITINT";
/// The model format version this build writes (it also reads [`RAW_FORMAT_VERSION`]).
pub const FORMAT_VERSION: u16 = 2;
/// The uncompressed format version, still read.
pub const RAW_FORMAT_VERSION: u16 = 1;
const HEADER_LEN: usize = 8 + 2 + 2 + 4 + 8 + 4;
/// Largest bucket count accepted (bounds memory on hostile files).
pub const MAX_BUCKETS: u32 = 1 << 20;
const N: usize = Intent::COUNT;

/// Why model bytes were rejected. Carries no input data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntentModelError {
    /// Shorter than the header or the length the header implies, or longer.
    BadLength,
    /// Not a Tacit intent model.
    BadMagic,
    /// A format version this build does not read.
    UnsupportedVersion,
    /// Header values out of range (class count, buckets, n-gram sizes, threshold).
    BadHeader,
    /// A scale, bias or threshold is NaN or infinite.
    NonFinite,
    /// The checksum does not match: the file is corrupt.
    BadChecksum,
    /// The compressed weights are not a zlib stream of exactly the length the header implies.
    BadCompression,
}

impl fmt::Display for IntentModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IntentModelError::BadLength => "intent model has the wrong length",
            IntentModelError::BadMagic => "not an intent model file",
            IntentModelError::UnsupportedVersion => "unsupported intent model version",
            IntentModelError::BadHeader => "intent model header out of range",
            IntentModelError::NonFinite => "intent model holds a non-finite number",
            IntentModelError::BadChecksum => "intent model checksum mismatch",
            IntentModelError::BadCompression => "intent model weights do not decompress",
        })
    }
}

impl std::error::Error for IntentModelError {}

/// A loaded intent classifier.
#[derive(Clone, PartialEq)]
pub struct IntentModel {
    config: FeatureConfig,
    oos_threshold: f32,
    scales: [f32; N],
    biases: [f32; N],
    /// Per-bucket IDF weights in sixteenths (empty: none).
    idf: Vec<u8>,
    /// `buckets * N` int8 weights, bucket-major.
    weights: Vec<i8>,
}

impl fmt::Debug for IntentModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntentModel")
            .field("config", &self.config)
            .field("oos_threshold", &self.oos_threshold)
            .finish_non_exhaustive()
    }
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A little-endian reader over a slice that never panics.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IntentModelError> {
        let end = self.pos.checked_add(n).ok_or(IntentModelError::BadLength)?;
        let out = self
            .bytes
            .get(self.pos..end)
            .ok_or(IntentModelError::BadLength)?;
        self.pos = end;
        Ok(out)
    }
    fn array<const K: usize>(&mut self) -> Result<[u8; K], IntentModelError> {
        let mut out = [0u8; K];
        out.copy_from_slice(self.take(K)?);
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, IntentModelError> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, IntentModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, IntentModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, IntentModelError> {
        let v = f32::from_le_bytes(self.array()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(IntentModelError::NonFinite)
        }
    }
}

fn check_config(config: &FeatureConfig) -> Result<(), IntentModelError> {
    let chars_ok =
        config.char_min == 0 || (config.char_min <= config.char_max && config.char_max <= 8);
    if config.buckets == 0
        || config.buckets > MAX_BUCKETS
        || !(1..=3).contains(&config.word_max)
        || !chars_ok
    {
        return Err(IntentModelError::BadHeader);
    }
    Ok(())
}

impl IntentModel {
    /// Builds a model from trained parts (used by the trainer), validating them.
    pub fn from_parts(
        config: FeatureConfig,
        oos_threshold: f32,
        scales: [f32; N],
        biases: [f32; N],
        idf: Vec<u8>,
        weights: Vec<i8>,
    ) -> Result<IntentModel, IntentModelError> {
        check_config(&config)?;
        if !oos_threshold.is_finite() || scales.iter().chain(biases.iter()).any(|v| !v.is_finite())
        {
            return Err(IntentModelError::NonFinite);
        }
        if !(0.0..=1.0).contains(&oos_threshold) {
            return Err(IntentModelError::BadHeader);
        }
        if weights.len() != config.buckets as usize * N
            || !(idf.is_empty() || idf.len() == config.buckets as usize)
        {
            return Err(IntentModelError::BadLength);
        }
        Ok(IntentModel {
            config,
            oos_threshold,
            scales,
            biases,
            idf,
            weights,
        })
    }

    /// Parses and validates a model file. Never panics, whatever the bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<IntentModel, IntentModelError> {
        if bytes.len() < HEADER_LEN + 8 {
            return Err(IntentModelError::BadLength);
        }
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(IntentModelError::BadMagic);
        }
        let version = r.u16()?;
        if version != FORMAT_VERSION && version != RAW_FORMAT_VERSION {
            return Err(IntentModelError::UnsupportedVersion);
        }
        if usize::from(r.u16()?) != N {
            return Err(IntentModelError::BadHeader);
        }
        let config = FeatureConfig {
            buckets: r.u32()?,
            word_max: r.u8()?,
            char_min: r.u8()?,
            char_max: r.u8()?,
            char_weight_pct: r.u8()?,
            pair_window: r.u8()?,
            pair_weight_pct: r.u8()?,
            lexicon: false,
        };
        let flags = r.u8()?;
        if flags > 3 || r.u8()? != 0 {
            return Err(IntentModelError::BadHeader);
        }
        let config = FeatureConfig {
            lexicon: flags & 1 != 0,
            ..config
        };
        let has_idf = flags & 2 != 0;
        check_config(&config)?;
        let body = config.buckets as usize * N;
        let idf_len = if has_idf { config.buckets as usize } else { 0 };
        let fixed = HEADER_LEN + 8 * N;
        let raw = version == RAW_FORMAT_VERSION;
        let length_ok = if raw {
            bytes.len() == fixed + idf_len + body + 8
        } else {
            bytes.len() > fixed + 8
        };
        if !length_ok {
            return Err(IntentModelError::BadLength);
        }
        let (content, sum) = bytes.split_at(bytes.len() - 8);
        let mut sum_bytes = [0u8; 8];
        sum_bytes.copy_from_slice(sum);
        if fnv64(content) != u64::from_le_bytes(sum_bytes) {
            return Err(IntentModelError::BadChecksum);
        }
        let oos_threshold = r.f32()?;
        let mut scales = [0f32; N];
        for s in scales.iter_mut() {
            *s = r.f32()?;
        }
        let mut biases = [0f32; N];
        for b in biases.iter_mut() {
            *b = r.f32()?;
        }
        let stored = r.take(content.len().saturating_sub(fixed))?;
        let payload = if raw {
            Cow::Borrowed(stored)
        } else {
            Cow::Owned(inflate_exact(stored, idf_len + body)?)
        };
        let weights = payload.get(idf_len..).unwrap_or_default();
        let weights = weights.iter().map(|&b| b as i8).collect();
        let idf = payload.get(..idf_len).unwrap_or_default().to_vec();
        IntentModel::from_parts(config, oos_threshold, scales, biases, idf, weights)
    }

    /// Serialises to the compressed format ([`FORMAT_VERSION`]) that
    /// [`IntentModel::from_bytes`] reads (the uncompressed one should zlib ever fail).
    pub fn to_bytes(&self) -> Vec<u8> {
        let payload = self.payload();
        match deflate(&payload) {
            Some(stream) => self.encode(FORMAT_VERSION, &stream),
            None => self.encode(RAW_FORMAT_VERSION, &payload),
        }
    }

    /// Serialises to the uncompressed format ([`RAW_FORMAT_VERSION`]).
    pub fn to_raw_bytes(&self) -> Vec<u8> {
        self.encode(RAW_FORMAT_VERSION, &self.payload())
    }

    /// The IDF then the weights as stored uncompressed.
    fn payload(&self) -> Vec<u8> {
        let mut payload = Vec::with_capacity(self.idf.len() + self.weights.len());
        payload.extend_from_slice(&self.idf);
        payload.extend(self.weights.iter().map(|&w| w as u8));
        payload
    }

    /// The header, scales and biases, then `payload` (IDF and weights, raw or compressed as
    /// `version` says), then the checksum.
    fn encode(&self, version: u16, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 8 * N + payload.len() + 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(N as u16).to_le_bytes());
        out.extend_from_slice(&self.config.buckets.to_le_bytes());
        out.extend_from_slice(&[
            self.config.word_max,
            self.config.char_min,
            self.config.char_max,
            self.config.char_weight_pct,
            self.config.pair_window,
            self.config.pair_weight_pct,
            u8::from(self.config.lexicon) | (u8::from(!self.idf.is_empty()) << 1),
            0,
        ]);
        out.extend_from_slice(&self.oos_threshold.to_le_bytes());
        for s in &self.scales {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for b in &self.biases {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend_from_slice(payload);
        let sum = fnv64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// The model shipped inside the library, parsed once.
    pub fn builtin() -> Result<&'static IntentModel, IntentModelError> {
        static BYTES: &[u8] = include_bytes!("../../models/intent.bin");
        static MODEL: OnceLock<Result<IntentModel, IntentModelError>> = OnceLock::new();
        MODEL
            .get_or_init(|| IntentModel::from_bytes(BYTES))
            .as_ref()
            .map_err(|e| *e)
    }

    /// The feature configuration this model was trained with.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// The probability below which the best in-scope intent is reported as out of scope.
    pub fn oos_threshold(&self) -> f32 {
        self.oos_threshold
    }

    /// A copy with another out-of-scope threshold (clamped to 0..=1; NaN keeps the old one).
    pub fn with_oos_threshold(&self, threshold: f32) -> IntentModel {
        let mut out = self.clone();
        if !threshold.is_nan() {
            out.oos_threshold = threshold.clamp(0.0, 1.0);
        }
        out
    }

    /// Raw class scores, in [`Intent::ALL`] order.
    pub fn logits(&self, text: &str) -> [f32; N] {
        let mut features = Vec::new();
        featurize(text, &self.config, &self.idf, &mut features);
        let mut acc = [0f32; N];
        for &(bucket, value) in &features {
            let start = bucket as usize * N;
            if let Some(row) = self.weights.get(start..start + N) {
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += value * f32::from(w);
                }
            }
        }
        for ((a, s), b) in acc.iter_mut().zip(&self.scales).zip(&self.biases) {
            *a = *a * s + b;
        }
        acc
    }

    /// A copy with every logit multiplied by `factor` (temperature calibration; the ranking
    /// of classes is unchanged). Non-finite or non-positive factors are ignored.
    pub fn with_logit_scale(&self, factor: f32) -> IntentModel {
        let mut out = self.clone();
        if factor.is_finite() && factor > 0.0 {
            out.scales.iter_mut().for_each(|s| *s *= factor);
            out.biases.iter_mut().for_each(|b| *b *= factor);
        }
        out
    }

    /// Class probabilities (softmax of [`IntentModel::logits`]), in [`Intent::ALL`] order.
    pub fn probabilities(&self, text: &str) -> [f32; N] {
        softmax(&self.logits(text))
    }

    /// A copy whose out-of-scope bias is moved by `shift` (the trainer's recall/accuracy
    /// trade-off knob; non-finite shifts are ignored).
    pub fn with_oos_bias_shift(&self, shift: f32) -> IntentModel {
        let mut out = self.clone();
        if shift.is_finite() {
            if let Some(b) = out.biases.get_mut(Intent::Oos.index()) {
                *b += shift;
            }
        }
        out
    }

    /// Classifies one message. Bounded time on any input (see
    /// [`super::features::MAX_TEXT_CHARS`]); never panics.
    ///
    /// `confidence` is the probability of the returned intent; when the best in-scope intent
    /// falls below the threshold and `Oos` is returned, it is one minus that intent's
    /// probability.
    ///
    /// A message screened out ([`super::screen`]: an instruction to the assistant, a card
    /// number) or not in English ([`super::lang`]) is `Oos` with confidence 1, whatever its
    /// words.
    pub fn classify(&self, text: &str) -> Prediction {
        if !understood(text) {
            return Prediction {
                intent: Intent::Oos,
                confidence: 1.0,
            };
        }
        decide(&self.probabilities(text), self.oos_threshold)
    }

    /// The two most probable classes with their calibrated probabilities, best first
    /// (`Oos` included); `None` for a message [`IntentModel::classify`] screens out.
    pub fn top_two(&self, text: &str) -> Option<[(Intent, f32); 2]> {
        if !understood(text) {
            return None;
        }
        let probs = self.probabilities(text);
        let mut order: Vec<usize> = (0..N).collect();
        crate::sort::by(&mut order, |&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
        let at = |k: usize| {
            let i = order.get(k).copied().unwrap_or(N - 1);
            (
                Intent::from_index(i).unwrap_or(Intent::Oos),
                probs.get(i).copied().unwrap_or(0.0),
            )
        };
        Some([at(0), at(1)])
    }
}

/// Whether the message is one the model may classify: in English, no instruction to the
/// assistant, no card number.
fn understood(text: &str) -> bool {
    super::screen::screen(text) == super::screen::Screen::Clean
        && super::lang::identify(text) == super::lang::Language::English
}

/// zlib-compresses `payload` at the best level; `None` if the stream did not complete.
fn deflate(payload: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    // Deflate's worst case adds 5 bytes per 16 KiB stored block plus the zlib framing.
    let mut out = Vec::with_capacity(payload.len() + payload.len() / 1024 + 64);
    let mut z = Compress::new(Compression::best(), true);
    match z.compress_vec(payload, &mut out, FlushCompress::Finish) {
        Ok(Status::StreamEnd) => Some(out),
        _ => None,
    }
}

/// Inflates a zlib `stream` that must hold exactly `len` bytes and nothing after them. Never
/// allocates more than `len` (bounded by the header's validated bucket count).
fn inflate_exact(stream: &[u8], len: usize) -> Result<Vec<u8>, IntentModelError> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut out = Vec::with_capacity(len);
    let mut z = Decompress::new(true);
    let status = z
        .decompress_vec(stream, &mut out, FlushDecompress::Finish)
        .map_err(|_| IntentModelError::BadCompression)?;
    let whole_stream = usize::try_from(z.total_in()).is_ok_and(|n| n == stream.len());
    if status != Status::StreamEnd || out.len() != len || !whole_stream {
        return Err(IntentModelError::BadCompression);
    }
    Ok(out)
}

/// Numerically stable softmax; all zeros if the scores are not finite.
pub fn softmax(logits: &[f32; N]) -> [f32; N] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut out = [0f32; N];
    let mut total = 0f32;
    for (o, &l) in out.iter_mut().zip(logits) {
        *o = (l - max).exp();
        total += *o;
    }
    if total > 0.0 && total.is_finite() {
        for o in out.iter_mut() {
            *o /= total;
        }
    } else {
        out = [0f32; N];
    }
    out
}

/// The decision rule from class probabilities (exposed so the trainer tunes exactly this).
pub fn decide(probs: &[f32; N], oos_threshold: f32) -> Prediction {
    let mut best = N - 1;
    let mut best_p = f32::NEG_INFINITY;
    for (i, &p) in probs.iter().enumerate() {
        if p > best_p {
            best = i;
            best_p = p;
        }
    }
    let intent = Intent::from_index(best).unwrap_or(Intent::Oos);
    if intent.is_in_scope() && best_p < oos_threshold {
        return Prediction {
            intent: Intent::Oos,
            confidence: (1.0 - best_p).clamp(0.0, 1.0),
        };
    }
    Prediction {
        intent,
        confidence: best_p.clamp(0.0, 1.0),
    }
}
