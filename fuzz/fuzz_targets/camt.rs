//! Fuzzes the CAMT statement reader: any bytes must give an import or a typed error, never a
//! panic; an import's transactions belong to its accounts, each statement's entry count
//! matches the transactions, and an error names only a field from the format, never data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::sources::camt::import_camt;
#[allow(unused_imports)]
use tacit_core::sources::statement::StatementOptions;
use tacit_core::sources::statement::{detect, read_statement_chunked, StatementFormat};

fuzz_target!(|data: &[u8]| {
    let result = import_camt(data);
    // Read in chunks, as an import stores it: the same transactions in the same order,
    // accounts, totals and notes, or the same error.
    if detect(data) == Some(StatementFormat::Camt053) {
        let mut handed = Vec::new();
        let chunked = read_statement_chunked(data, &StatementOptions::default(), 2, &mut |_, b| {
            assert!(b.transactions.len() <= 2);
            handed.extend(b.transactions);
            Ok(())
        });
        match (&result, chunked) {
            (Ok(whole), Ok(parts)) => {
                assert!(handed == whole.batch.transactions);
                assert!(parts.batch.accounts == whole.batch.accounts);
                assert!(parts.totals == whole.totals);
                assert!(parts.notes == whole.notes);
            }
            (Err(a), Err(b)) => assert_eq!(*a, b),
            _ => panic!("a chunked read and a whole read disagree"),
        }
    }
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
