//! `tacit bench ingest` keeps its output contract (issue 3): it runs both paths for real on a
//! small input and ends with the two target figures, `ofx_import_txn_per_s=` and then
//! `sync_txn_per_s=`, each a positive whole number; every complete import is listed.

use std::process::Command;

#[test]
fn bench_ingest_ends_with_the_two_target_figures() {
    let out = Command::new(env!("CARGO_BIN_EXE_tacit"))
        .args(["bench", "ingest", "--txns", "3000", "--runs", "2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let value = |line: &str, key: &str| -> u64 {
        let v = line
            .strip_prefix(key)
            .unwrap_or_else(|| panic!("expected {key}, got {line}"));
        v.parse().unwrap_or_else(|_| panic!("not a number: {line}"))
    };
    let [.., ofx, sync] = lines.as_slice() else {
        panic!("too little output: {stdout}")
    };
    assert!(value(ofx, "ofx_import_txn_per_s=") > 0);
    assert!(value(sync, "sync_txn_per_s=") > 0);
    let runs = lines
        .iter()
        .find_map(|l| l.strip_prefix("ofx_import_runs_txn_per_s="))
        .expect("every run listed");
    assert_eq!(runs.split(',').count(), 2);
    assert!(lines.contains(&"sync_txns=3000"), "{stdout}");
}
