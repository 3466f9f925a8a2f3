//! Fuzzes `CardState::from_bytes`: any input must give a typed error or a state that
//! re-encodes to the same bytes and can score a transaction without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::fraud::{CardState, FraudEngine, FraudTxn, Profile, MAX_STATE_BYTES};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut state) = CardState::from_bytes(data) {
        let bytes = state.to_bytes();
        assert_eq!(bytes.as_slice(), data);
        assert!(bytes.len() <= MAX_STATE_BYTES);
        if let Ok(engine) = FraudEngine::new() {
            let txn = FraudTxn {
                ts: 1_660_000_000,
                amount_minor: 12_345,
                merchant: Some("fuzz".into()),
                category: None,
                mcc: None,
                card_present: Some(false),
                lat_e6: Some(1),
                lon_e6: Some(2),
            };
            let a = engine.assess(&mut state, &txn, &Profile::default(), 0);
            assert!(a.score.is_finite());
        }
    }
});
