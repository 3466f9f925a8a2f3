//! Fuzzes the OFX/QFX importer: any bytes must give a batch or a typed error, never a panic,
//! and an error must carry only a specification element name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::sources::ofx::{import_ofx, import_ofx_with_split};

fuzz_target!(|data: &[u8]| {
    // Reading the transaction list on two threads (forced on any size here) must give exactly
    // the one-thread reading, errors included.
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
    match import_ofx(data) {
        Ok(batch) => {
            for t in &batch.transactions {
                assert!(batch.accounts.iter().any(|a| a.id == t.account));
            }
        }
        Err(e) => {
            if let Some(el) = e.element {
                assert!(el.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.'));
            }
            let _ = e.to_string();
        }
    }
});
