//! Crash test: a writer child is SIGKILLed at random points at least 200 times. After each
//! kill the vault must open, `PRAGMA integrity_check` must say `ok`, and every batch the child
//! acknowledged must be present in full (and no batch may be present in part).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_tests::fixtures::test_wrapper;

const KILLS: usize = 200;

fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn sigkill_never_loses_acknowledged_writes() {
    let exe = env!("CARGO_BIN_EXE_vault_crash_writer");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crash.db");
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    println!("crash test seed {seed}");
    let mut acked_max: i64 = -1;
    let mut total_acks = 0;
    for kill in 0..KILLS {
        let first = acked_max + 1;
        let mut child = Command::new(exe)
            .arg(&path)
            .arg(first.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line
                    .strip_prefix("ack ")
                    .and_then(|n| n.parse::<i64>().ok())
                {
                    let _ = tx.send(n);
                }
            }
        });
        // Kill anywhere from during start-up to several commits in.
        // Half the kills land early (start-up, first commit), half later among commits.
        let window = if kill % 2 == 0 { 40_000 } else { 600_000 };
        std::thread::sleep(Duration::from_micros(next(&mut seed) % window));
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        reader.join().expect("reader");
        let acks: Vec<i64> = rx.try_iter().collect();
        if let Some(code) = status.code() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            panic!("writer exited by itself with {code} before the kill: {err}");
        }
        total_acks += acks.len();
        if let Some(&last) = acks.last() {
            acked_max = last;
        }
        if !path.exists() {
            assert_eq!(
                acked_max, -1,
                "kill {kill}: vault vanished after acknowledged writes"
            );
            continue;
        }
        let vault = Vault::open(&path, &test_wrapper(), OpenOptions::default())
            .unwrap_or_else(|e| panic!("kill {kill}: vault does not open: {e}"));
        assert!(
            vault.integrity_check().expect("integrity"),
            "kill {kill}: integrity_check failed"
        );
        let mut per_batch: HashMap<i64, usize> = HashMap::new();
        for t in vault.transactions(&TxnFilter::default()).expect("read") {
            let batch =
                t.id.0
                    .trim_start_matches('b')
                    .split('-')
                    .next()
                    .and_then(|b| b.parse().ok())
                    .expect("batch id");
            *per_batch.entry(batch).or_default() += 1;
        }
        for b in 0..=acked_max {
            assert_eq!(
                per_batch.get(&b),
                Some(&60),
                "kill {kill}: acknowledged batch {b} incomplete"
            );
        }
        for (b, n) in &per_batch {
            assert_eq!(*n, 60, "kill {kill}: batch {b} partially present");
        }
        // A batch may have committed without its ack being read; continue after it.
        acked_max = per_batch
            .keys()
            .copied()
            .max()
            .unwrap_or(acked_max)
            .max(acked_max);
        vault.close().expect("close");
    }
    println!(
        "{KILLS} kills, {total_acks} acknowledged batches, {} batches stored",
        acked_max + 1
    );
    assert!(
        total_acks >= KILLS / 2,
        "too few acknowledged batches ({total_acks}) for the test to mean much"
    );
}
