//! Fuzzes the OFX/QFX importer: any bytes must give a batch or a typed error, never a panic,
//! and an error must carry only a specification element name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::sources::ofx::import_ofx;

fuzz_target!(|data: &[u8]| {
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
