//! Child process for the crash test: appends numbered batches to a vault forever, printing
//! `ack N` only after batch N has committed. The parent SIGKILLs it at random moments.

use std::io::Write;
use std::path::PathBuf;
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(start)) = (args.next(), args.next()) else {
        eprintln!("usage: vault_crash_writer PATH FIRST_BATCH");
        std::process::exit(2);
    };
    let path = PathBuf::from(path);
    let Ok(start) = start.parse::<i64>() else {
        std::process::exit(2)
    };
    let mut vault = match Vault::open_or_create(&path, &test_wrapper(), OpenOptions::default()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("open failed: {e}");
            std::process::exit(3);
        }
    };
    let src = SourceId("crash".into());
    let acct = account(&src, "chk", "5555000011112222");
    let stdout = std::io::stdout();
    for batch in start.. {
        // Each batch spreads over several months so a commit rewrites several blocks.
        let txns: Vec<_> = (0..60)
            .map(|j| {
                let mut t = txn(&acct, batch * 1000 + j, "Shop", "desc");
                t.id = tacit_core::model::TxnId(format!("b{batch}-{j}"));
                t.transacted_at = 1_700_000_000 + (j % 6) * 31 * 86_400 + batch * 60;
                t
            })
            .collect();
        let result = vault.write(|w| {
            w.put_account(&acct)?;
            w.upsert_transactions(&txns)?;
            w.put_setting("last_batch", None, &batch.to_le_bytes())
        });
        if let Err(e) = result {
            eprintln!("write failed: {e}");
            std::process::exit(4);
        }
        let mut out = stdout.lock();
        if writeln!(out, "ack {batch}")
            .and_then(|_| out.flush())
            .is_err()
        {
            std::process::exit(5);
        }
    }
}
