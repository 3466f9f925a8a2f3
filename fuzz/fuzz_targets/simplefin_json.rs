//! Fuzzes the SimpleFIN Account Set parser: any bytes must give a batch or a typed error,
//! never a panic. Run with `cargo +nightly fuzz run simplefin_json` from `fuzz/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::model::SourceId;
use tacit_core::sources::simplefin::parse_account_set;

fuzz_target!(|data: &[u8]| {
    let source = SourceId("simplefin:fuzz".into());
    if let Ok(batch) = parse_account_set(data, &source) {
        // Every transaction belongs to an account id scoped to the source.
        for t in &batch.transactions {
            assert!(t.account.as_str().starts_with("simplefin:fuzz/"));
        }
    }
});
