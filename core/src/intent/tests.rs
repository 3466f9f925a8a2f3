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
    assert!(bytes.len() <= 1536 * 1024, "model adds at most 1.5 MiB");
    assert_eq!(&IntentModel::from_bytes(&bytes).unwrap(), m);
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
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        IntentModel::from_bytes(&longer),
        Err(IntentModelError::BadLength)
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
