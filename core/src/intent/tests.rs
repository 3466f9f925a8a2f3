//! Tests of the shipped model: format validation, hostile text, sensible answers.

use super::*;
use proptest::prelude::*;

fn model() -> &'static IntentModel {
    IntentModel::builtin().unwrap()
}

#[test]
fn builtin_loads_and_round_trips() {
    let m = model();
    let bytes = m.to_bytes();
    assert_eq!(&bytes[8..10], &FORMAT_VERSION.to_le_bytes());
    assert!(
        bytes.len() <= 128 * 1024,
        "compressed model adds at most 128 KiB"
    );
    assert_eq!(&IntentModel::from_bytes(&bytes).unwrap(), m);
    let raw = m.to_raw_bytes();
    assert_eq!(&raw[8..10], &RAW_FORMAT_VERSION.to_le_bytes());
    assert_eq!(&IntentModel::from_bytes(&raw).unwrap(), m);
}

/// The compressed file holds bit for bit the weights of the uncompressed version-1 encoding
/// of the same model (508,188 bytes, whose FNV-1a checksum is this constant).
#[test]
fn builtin_weights_match_the_uncompressed_release() {
    let raw = model().to_raw_bytes();
    assert_eq!(raw.len(), 508_188);
    assert_eq!(raw[raw.len() - 8..], 0xc275_a7e7_0a9e_f60au64.to_le_bytes());
}

/// The shipped weights use the 31 levels -15..=15 only (5 bits' worth, stored as int8):
/// that is what lets zlib store them in under 100 KB.
#[test]
fn builtin_weights_use_five_bit_levels() {
    let raw = model().to_raw_bytes();
    let fixed = 28 + 8 * Intent::COUNT;
    let weights = &raw[fixed..raw.len() - 8];
    assert_eq!(weights.len(), 16_384 * Intent::COUNT);
    assert!(weights.iter().all(|&b| (-15..=15).contains(&(b as i8))));
    assert!(weights.iter().any(|&b| (b as i8).abs() == 15));
}

#[test]
fn rejects_bad_compressed_bodies() {
    let bytes = model().to_bytes();
    let fixed = 28 + 8 * Intent::COUNT;
    let reseal = |mut b: Vec<u8>| {
        let n = b.len() - 8;
        let sum = fnv(&b[..n]);
        b[n..].copy_from_slice(&sum.to_le_bytes());
        b
    };
    // A stream cut short, one with trailing bytes, and one that is not zlib at all, each with a
    // valid checksum so that only decompression can catch them.
    let mut short = bytes[..bytes.len() - 8 - 100].to_vec();
    short.extend_from_slice(&[0; 8]);
    let mut trailing = bytes[..bytes.len() - 8].to_vec();
    trailing.extend_from_slice(&[1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut garbage = bytes[..fixed].to_vec();
    garbage.extend_from_slice(&[0xff; 64]);
    garbage.extend_from_slice(&[0; 8]);
    for b in [short, trailing, garbage] {
        assert_eq!(
            IntentModel::from_bytes(&reseal(b)),
            Err(IntentModelError::BadCompression)
        );
    }
    // A valid stream of the wrong length (one bucket short).
    let m = model();
    let mut payload = m.to_raw_bytes()[fixed..].to_vec();
    payload.truncate(payload.len() - 8 - Intent::COUNT);
    let mut z = flate2::Compress::new(flate2::Compression::fast(), true);
    let mut stream = Vec::with_capacity(payload.len() + 1024);
    z.compress_vec(&payload, &mut stream, flate2::FlushCompress::Finish)
        .unwrap();
    let mut wrong = bytes[..fixed].to_vec();
    wrong.extend_from_slice(&stream);
    wrong.extend_from_slice(&[0; 8]);
    assert_eq!(
        IntentModel::from_bytes(&reseal(wrong)),
        Err(IntentModelError::BadCompression)
    );
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn rejects_bad_bytes_with_typed_errors() {
    let bytes = model().to_bytes();
    assert_eq!(
        IntentModel::from_bytes(&[]),
        Err(IntentModelError::BadLength)
    );
    assert_eq!(
        IntentModel::from_bytes(&bytes[..100]),
        Err(IntentModelError::BadLength)
    );
    let mut magic = bytes.clone();
    magic[0] ^= 1;
    assert_eq!(
        IntentModel::from_bytes(&magic),
        Err(IntentModelError::BadMagic)
    );
    let mut version = bytes.clone();
    version[8] = 9;
    assert_eq!(
        IntentModel::from_bytes(&version),
        Err(IntentModelError::UnsupportedVersion)
    );
    let mut body = bytes.clone();
    let mid = body.len() / 2;
    body[mid] ^= 0x55;
    assert_eq!(
        IntentModel::from_bytes(&body),
        Err(IntentModelError::BadChecksum)
    );
    let mut longer = model().to_raw_bytes();
    longer.push(0);
    assert_eq!(
        IntentModel::from_bytes(&longer),
        Err(IntentModelError::BadLength)
    );
    // The compressed format has no fixed length: an extra byte breaks the checksum.
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        IntentModel::from_bytes(&longer),
        Err(IntentModelError::BadChecksum)
    );
    let mut buckets = bytes.clone();
    buckets[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        IntentModel::from_bytes(&buckets),
        Err(IntentModelError::BadHeader)
    );
    // Debug shows no weights.
    assert!(format!("{:?}", model()).len() < 400);
}

#[test]
fn answers_plain_questions() {
    let cases = [
        ("what is my checking account balance", Intent::Balance),
        ("i lost my credit card", Intent::ReportLostCard),
        ("what is the routing number for my bank", Intent::Routing),
        ("transfer $100 from checking to savings", Intent::Transfer),
        (
            "how much did i spend on groceries last month",
            Intent::SpendingHistory,
        ),
        ("what's the weather like in paris tomorrow", Intent::Oos),
        ("set an alarm for 7am", Intent::Oos),
    ];
    for (text, want) in cases {
        let p = model().classify(text);
        assert_eq!(p.intent, want, "{text}");
        assert!((0.0..=1.0).contains(&p.confidence));
    }
}

#[test]
fn hostile_text_is_bounded_and_safe() {
    let huge = "💳 balance ".repeat(200_000);
    let start = std::time::Instant::now();
    let p = model().classify(&huge);
    assert!(start.elapsed().as_secs() < 5);
    assert!(p.confidence.is_finite());
    for text in [
        "",
        " ",
        "\u{0}\u{1b}[31m",
        "🎉🎉🎉",
        "日本語のテキスト",
        "\u{202e}abc",
        "ﷺ",
    ] {
        let p = model().classify(text);
        assert!((0.0..=1.0).contains(&p.confidence));
    }
    assert_eq!(model().classify("").intent, Intent::Oos);
}

proptest! {
    #[test]
    fn classify_never_panics(text in "\\PC{0,300}") {
        let p = classify(&text);
        prop_assert!((0.0..=1.0).contains(&p.confidence));
    }

    #[test]
    fn from_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = IntentModel::from_bytes(&bytes);
    }
}
