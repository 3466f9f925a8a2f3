//! SimpleFIN throughput: the real client against the loopback bridge, and the parser alone.
//! Release figures: `cargo test --release -p tacit-tests --test simplefin_throughput --
//! --ignored --nocapture --test-threads=1`.

use std::time::Instant;
use tacit_core::model::SourceId;
use tacit_core::sources::simplefin::parse_account_set;
use tacit_tests::simplefin_bench::{measure_sync_throughput, synthetic_data};

const NOW: i64 = 1_780_000_000;

#[test]
fn sync_throughput_smoke() {
    let t = measure_sync_throughput(5_000);
    assert_eq!(t.transactions, 5_000);
    assert_eq!(t.requests, 5);
    eprintln!("sync_txn_per_s={:.0} (5k, debug build)", t.txn_per_s);
    let d = synthetic_data(10, 2, 30, NOW);
    assert_eq!(d.transactions.len(), 10);
}

/// `cargo test --release -p tacit-tests --test simplefin_throughput sync_throughput_100k -- --ignored --nocapture`
#[test]
#[ignore]
fn sync_throughput_100k() {
    let t = measure_sync_throughput(100_000);
    assert_eq!(t.transactions, 100_000);
    println!(
        "sync_txn_per_s={:.0} seconds={:.3} requests={}",
        t.txn_per_s, t.seconds, t.requests
    );
}

/// Where sync time goes: the client-side parse and conversion of one 100k-transaction body.
#[test]
#[ignore]
fn parse_throughput_100k() {
    let mut txns = String::new();
    for n in 0..100_000 {
        if n > 0 {
            txns.push(',');
        }
        txns.push_str(&format!(
            r#"{{"id":"T{n:08}","posted":{},"amount":"-{}.{:02}","description":"POS DEBIT Corner Grocer #{}","payee":"Corner Grocer","transacted_at":{},"pending":false}}"#,
            1_700_000_000 + n, n % 200, n % 100, n % 1000, 1_700_000_000 + n
        ));
    }
    let body = format!(
        r#"{{"errors":[],"errlist":[],"connections":[{{"conn_id":"C","name":"Bank","org_name":"Bank"}}],"accounts":[{{"id":"A","name":"Checking","conn_id":"C","currency":"USD","balance":"1.00","balance-date":1,"transactions":[{txns}]}}]}}"#
    );
    let source = SourceId("simplefin:bench".into());
    let start = Instant::now();
    let b = parse_account_set(body.as_bytes(), &source).unwrap();
    let s = start.elapsed().as_secs_f64();
    assert_eq!(b.transactions.len(), 100_000);
    println!(
        "parse_txn_per_s={:.0} bytes={} seconds={s:.3}",
        100_000.0 / s,
        body.len()
    );
}
