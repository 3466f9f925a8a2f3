//! Fuzzes the two-thread reading of OFX transaction lists: for any bytes, reading with the
//! list split across two threads (forced on any size here) must give exactly the one-thread
//! reading, errors included.
//!
//! Run with `-detect_leaks=0`: the second thread's own teardown (its handle and thread-local
//! data) can still be running when libFuzzer's per-input leak check looks, which reports a
//! leak that is not one. The `ofx` target, which never starts a thread on fuzz-sized inputs,
//! keeps leak detection on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::sources::ofx::import_ofx_with_split;

fuzz_target!(|data: &[u8]| {
    let split = import_ofx_with_split(data, 1);
    let whole = import_ofx_with_split(data, usize::MAX);
    match (&split, &whole) {
        (Ok(a), Ok(b)) => {
            assert!(a.batch.transactions == b.batch.transactions);
            assert!(a.batch.accounts == b.batch.accounts);
            assert!(a.stats == b.stats);
        }
        (Err(a), Err(b)) => assert!(a == b),
        _ => panic!("split reading differs"),
    }
});
