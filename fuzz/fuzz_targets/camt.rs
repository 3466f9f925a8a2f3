//! Fuzzes the CAMT statement reader: any bytes must give an import or a typed error, never a
//! panic; an import's transactions belong to its accounts, each statement's entry count
//! matches the transactions, and an error names only a field from the format, never data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::sources::camt::import_camt;
#[allow(unused_imports)]
use tacit_core::sources::statement::StatementOptions;

fuzz_target!(|data: &[u8]| {
    let result = import_camt(data);
    match result {
        Ok(import) => {
            let b = &import.batch;
            for t in &b.transactions {
                assert!(b.accounts.iter().any(|a| a.id == t.account));
            }
            let entries: usize = import.totals.iter().map(|t| t.entries).sum();
            assert_eq!(entries, b.transactions.len());
        }
        Err(e) => {
            if let Some(el) = e.element {
                assert!(el.is_ascii() && el.len() < 40);
            }
            let _ = e.to_string();
        }
    }
});
