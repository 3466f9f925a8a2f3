//! Canary test: store known secrets and financial data, then search every file SQLite wrote
//! (`.db`, `-wal`, `-shm`) for them as UTF-8, UTF-16 (LE and BE), hex and base64.

use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

const CANARIES: &[&str] = &[
    "https://canary-user:Sup3rS3cretCanaryPw@bridge.example/simplefin",
    "Sup3rS3cretCanaryPw",
    "918273645546372819",
    "ZebraCanaryMarket",
    "POS DEBIT CANARY-DESCRIPTION-7c1f",
    "Canary Savings & Loan",
    "alert: canary-alert-body",
    "ledger: canary-outbound-text",
];

fn encodings(s: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("utf8".to_string(), s.as_bytes().to_vec())];
    out.push((
        "utf16le".into(),
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
    ));
    out.push((
        "utf16be".into(),
        s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
    ));
    let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
    out.push(("hex".into(), hex.clone().into_bytes()));
    out.push(("HEX".into(), hex.to_uppercase().into_bytes()));
    // Base64 of the canary at each of the three alignments it can take inside a longer
    // encoded string; the characters touched by neighbouring bytes are trimmed.
    for shift in 0..3 {
        let mut bytes = vec![0u8; shift];
        bytes.extend_from_slice(s.as_bytes());
        let enc = base64(&bytes);
        let skip = if shift == 0 {
            0
        } else {
            (shift * 4).div_ceil(3)
        };
        let keep = enc.len().saturating_sub(skip + 4);
        let core = &enc[skip..skip + keep];
        if core.len() >= 12 {
            out.push((format!("base64+{shift}"), core.as_bytes().to_vec()));
        }
    }
    out
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn scan(dir: &std::path::Path) -> Vec<String> {
    let mut hits = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        files += 1;
        for canary in CANARIES {
            for (name, needle) in encodings(canary) {
                if data.windows(needle.len()).any(|w| w == needle.as_slice()) {
                    hits.push(format!("{} in {} as {name}", canary, path.display()));
                }
            }
        }
    }
    assert!(files >= 1);
    hits
}

#[test]
fn no_canary_reaches_any_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("canary.db");
    let mut vault = Vault::create(&path, &test_wrapper(), OpenOptions::default()).expect("create");
    let source = SourceId("simplefin:canary".into());
    let acct = account(&source, "918273645546372819", "918273645546372819");
    let txns: Vec<_> = (0..500)
        .map(|n| {
            txn(
                &acct,
                n,
                "ZebraCanaryMarket",
                "POS DEBIT CANARY-DESCRIPTION-7c1f",
            )
        })
        .collect();
    vault
        .write(|w| {
            w.put_account(&acct)?;
            w.upsert_transactions(&txns)?;
            w.put_credential(&source, &SecretBytes::new(CANARIES[0].as_bytes().to_vec()))?;
            w.put_alert("a1", Some(&source), CANARIES[6].as_bytes())?;
            w.append_ledger(CANARIES[7].as_bytes())?;
            w.put_setting("note", None, b"ZebraCanaryMarket")
        })
        .expect("write");
    // Rewrite some blocks so that old page images sit in the WAL too.
    vault
        .write(|w| w.upsert_transactions(&txns[..50]))
        .expect("rewrite");
    assert!(
        path.with_file_name("canary.db-wal").exists(),
        "WAL should exist while open"
    );
    let hits = scan(dir.path());
    assert!(hits.is_empty(), "plaintext found while open: {hits:?}");
    vault.close().expect("close");
    let hits = scan(dir.path());
    assert!(hits.is_empty(), "plaintext found after close: {hits:?}");
    // The search itself works: a plain SQLite file with the canary is caught.
    let control = dir.path().join("control.db");
    let conn = rusqlite::Connection::open(&control).expect("open control");
    conn.execute_batch("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('ZebraCanaryMarket');")
        .expect("control");
    drop(conn);
    assert!(
        !scan(dir.path()).is_empty(),
        "the scanner must detect a plaintext canary"
    );
}
