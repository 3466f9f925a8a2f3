//! Unit tests of the fraud engine on hostile input and the state encoding: never a panic,
//! always a sane score or a typed error, and a bounded state.

use super::tests::{history, profile, rules_only, ts, txn, LONDON, T_LATER};
use super::*;
use crate::time::DAY;

fn sane(a: &Assessment) {
    assert!(a.score.is_finite() && (0.0..=1.0).contains(&a.score));
}

#[test]
fn hostile_input_never_panics_and_state_stays_bounded() {
    let e = FraudEngine::new().unwrap();
    let mut s = CardState::new();
    // One transaction on a new card.
    sane(&e.assess(
        &mut s,
        &txn(0, 1_000, "A", Category::Other),
        &Profile::default(),
        0,
    ));
    let weird = [
        FraudTxn {
            ts: i64::MAX,
            amount_minor: i64::MAX,
            merchant: None,
            category: None,
            mcc: Some(u16::MAX),
            card_present: None,
            lat_e6: None,
            lon_e6: None,
        },
        FraudTxn {
            ts: i64::MIN,
            amount_minor: 0,
            merchant: Some(String::new()),
            category: None,
            mcc: None,
            card_present: Some(false),
            lat_e6: Some(i32::MAX),
            lon_e6: Some(i32::MIN),
        },
        FraudTxn {
            ts: -5,
            amount_minor: -50_000,
            merchant: Some("R".into()),
            category: Some(Category::Income),
            mcc: None,
            card_present: None,
            lat_e6: Some(0),
            lon_e6: None,
        },
        txn(4_102_444_800, 1, "Future", Category::Travel),
        txn(10, 1, "Past", Category::Travel),
    ];
    for w in &weird {
        sane(&e.assess(&mut s, w, &profile(), 1));
        sane(&e.assess(
            &mut s,
            w,
            &Profile {
                home_lat_e6: Some(i32::MIN),
                home_lon_e6: Some(0),
            },
            1,
        ));
    }
    let refund = e.assess(&mut s, &weird[2], &profile(), 1);
    assert_eq!(refund.score, 0.0);
    assert!(!refund.alert);
    let b = s.to_bytes();
    assert!(b.len() <= MAX_STATE_BYTES);
    assert_eq!(CardState::from_bytes(&b).unwrap(), s);
}

#[test]
fn a_million_transactions_in_one_burst() {
    let e = FraudEngine::new().unwrap();
    let mut s = CardState::new();
    let t = ts(T_LATER);
    let mut alerts = 0u32;
    for i in 0..1_000_000u64 {
        let a = e.assess(
            &mut s,
            &txn(
                t,
                100 + (i % 5000) as i64,
                &format!("m{}", i % 3000),
                Category::Shopping,
            ),
            &profile(),
            i,
        );
        sane(&a);
        alerts += u32::from(a.alert);
    }
    assert!(alerts > 0);
    let b = s.to_bytes();
    assert!(b.len() <= MAX_STATE_BYTES, "{}", b.len());
    assert_eq!(
        CardState::from_bytes(&b).unwrap().transactions_seen(),
        1_000_000
    );
}

#[test]
fn state_roundtrip_and_hostile_bytes() {
    let e = rules_only();
    let mut s = history(&e);
    let t = ts(T_LATER);
    for k in 0..4 {
        e.assess(
            &mut s,
            &txn(t + k * 60, 100, &format!("W{k}"), Category::Shopping),
            &profile(),
            k as u64,
        );
    }
    e.snooze_merchant(&mut s, "Grocer A", t + DAY);
    let notice = TravelNotice {
        lat_e6: LONDON.0,
        lon_e6: LONDON.1,
        radius_km: 50,
        start: t,
        end: t + DAY,
    };
    e.add_travel_notice(&mut s, notice, t).unwrap();
    let b = s.to_bytes();
    let back = CardState::from_bytes(&b).unwrap();
    assert_eq!(back, s);
    assert!(format!("{back:?}").len() < 80);
    for cut in [0, 1, 4, 5, 100, b.len() - 1] {
        assert!(CardState::from_bytes(&b[..cut]).is_err());
    }
    let mut flipped = b.clone();
    flipped[50] ^= 1;
    assert_eq!(
        CardState::from_bytes(&flipped),
        Err(FraudError::BadChecksum)
    );
    let mut v = b.clone();
    v[4] = 9;
    assert_eq!(
        CardState::from_bytes(&v),
        Err(FraudError::UnsupportedVersion)
    );
    let mut extra = b[..b.len() - 4].to_vec();
    extra.push(0);
    let sum = {
        let mut h: u32 = 0x811c_9dc5;
        for x in &extra {
            h ^= u32::from(*x);
            h = h.wrapping_mul(0x0100_0193);
        }
        h
    };
    extra.extend_from_slice(&sum.to_le_bytes());
    assert_eq!(
        CardState::from_bytes(&extra),
        Err(FraudError::TrailingBytes)
    );
}

proptest::proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
        let _ = CardState::from_bytes(&bytes);
        let _ = FraudModel::from_bytes(&bytes);
    }

    #[test]
    fn random_transactions_keep_scores_sane(
        ts in proptest::num::i64::ANY, amount in proptest::num::i64::ANY,
        lat in proptest::num::i32::ANY, lon in proptest::num::i32::ANY, cp in proptest::option::of(proptest::bool::ANY),
    ) {
        let e = rules_only();
        let mut s = CardState::new();
        for k in 0..3 {
            let t = FraudTxn { ts: ts.saturating_add(k), amount_minor: amount, merchant: Some("m".into()), category: None, mcc: None, card_present: cp, lat_e6: Some(lat), lon_e6: Some(lon) };
            let a = e.assess(&mut s, &t, &profile(), 0);
            proptest::prop_assert!(a.score.is_finite() && (0.0..=1.0).contains(&a.score));
        }
        proptest::prop_assert!(CardState::from_bytes(&s.to_bytes()).is_ok());
    }
}
