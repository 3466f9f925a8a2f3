//! Tampering with every stored blob kind: a flipped bit, a truncation or an extension of any
//! envelope, tag list or meta value gives a typed error (never a panic, never plaintext); a
//! ciphertext swapped onto another row or into another table fails to open; a wrong key is
//! told apart from damage.

use proptest::prelude::*;
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use tacit_core::crypto::secret::{SecretBytes, SecretKey};
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, RecordKind, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

/// (table, blob column, key column, record kind the failure must name)
const BLOBS: &[(&str, &str, &str, RecordKind)] = &[
    ("accounts", "env", "rowid", RecordKind::Account),
    ("credentials", "env", "rowid", RecordKind::Credential),
    ("alerts", "env", "rowid", RecordKind::Alert),
    ("settings", "env", "rowid", RecordKind::Setting),
    ("ledger", "env", "rowid", RecordKind::Ledger),
    ("txn_blocks", "env", "rowid", RecordKind::TransactionBlock),
    ("txn_blocks", "tags", "rowid", RecordKind::TransactionBlock),
];

fn template() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("template.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).expect("create");
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "1234561111");
    let b = account(&src, "2222", "1234562222");
    let txns: Vec<_> = (0..40)
        .map(|n| txn(if n % 2 == 0 { &a } else { &b }, n, "Shop", "desc"))
        .collect();
    v.write(|w| {
        w.put_account(&a)?;
        w.put_account(&b)?;
        w.upsert_transactions(&txns)?;
        w.put_credential(&src, &SecretBytes::new(b"token-1".to_vec()))?;
        w.put_credential(
            &SourceId("simplefin:x".into()),
            &SecretBytes::new(b"token-2".to_vec()),
        )?;
        w.put_alert("alert-1", Some(&src), b"alert body 1")?;
        w.put_alert("alert-2", None, b"alert body 2")?;
        w.put_setting("s1", None, b"setting 1")?;
        w.put_setting("s2", None, b"setting 2")?;
        w.append_ledger(b"ledger 1")?;
        w.append_ledger(b"ledger 2").map(|_| ())
    })
    .expect("fill");
    v.close().expect("close");
    (dir, path)
}

/// Opens the vault and reads everything; returns the first error.
fn read_all(path: &Path) -> Result<usize, VaultError> {
    let v = Vault::open(path, &test_wrapper(), OpenOptions::default())?;
    let n = v.verify_all()?;
    v.transactions(&TxnFilter::default())?;
    Ok(n)
}

fn copy_of(template: &Path, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(template, &p).expect("copy");
    p
}

fn first_blob(conn: &Connection, table: &str, col: &str) -> (i64, Vec<u8>) {
    conn.query_row(
        &format!("SELECT rowid, {col} FROM {table} ORDER BY rowid LIMIT 1"),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("blob")
}

fn set_blob(conn: &Connection, table: &str, col: &str, rowid: i64, value: &[u8]) {
    conn.execute(
        &format!("UPDATE {table} SET {col} = ?1 WHERE rowid = ?2"),
        params![value, rowid],
    )
    .expect("update");
}

#[derive(Debug, Clone)]
enum Damage {
    Flip(usize, u8),
    Truncate(usize),
    Extend(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(p, b)| Damage::Flip(p, b)),
        any::<usize>().prop_map(Damage::Truncate),
        proptest::collection::vec(any::<u8>(), 1..24).prop_map(Damage::Extend),
    ]
}

fn apply(blob: &[u8], d: &Damage) -> Vec<u8> {
    let mut out = blob.to_vec();
    match d {
        Damage::Flip(p, b) => {
            let i = p % out.len();
            out[i] ^= 1 << b;
        }
        Damage::Truncate(p) => out.truncate(p % out.len()),
        Damage::Extend(extra) => out.extend_from_slice(extra),
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn damaged_record_blobs_are_detected(which in 0..BLOBS.len(), d in damage()) {
        let (dir, template) = template();
        let (table, col, _, kind) = BLOBS[which];
        let path = copy_of(&template, dir.path(), "t.db");
        {
            let conn = Connection::open(&path).expect("open");
            let (rowid, blob) = first_blob(&conn, table, col);
            set_blob(&conn, table, col, rowid, &apply(&blob, &d));
        }
        let got = read_all(&path);
        prop_assert_eq!(got, Err(VaultError::Tampered(kind)), "{} {:?}", table, d);
    }

    #[test]
    fn damaged_meta_values_are_detected(which in 0usize..7, d in damage()) {
        let keys = ["vault_id", "wrapper_scheme", "wrapped_key", "key_check", "sentinel", "generation", "meta_mac"];
        let (dir, template) = template();
        let path = copy_of(&template, dir.path(), "m.db");
        {
            let conn = Connection::open(&path).expect("open");
            let blob: Vec<u8> = conn.query_row("SELECT value FROM meta WHERE key = ?1", [keys[which]], |r| r.get(0)).expect("meta");
            conn.execute("UPDATE meta SET value = ?1 WHERE key = ?2", params![apply(&blob, &d), keys[which]]).expect("update");
        }
        let got = read_all(&path);
        // A damaged wrapped key can look like a wrong key (its salt or KEK check changed) or
        // like damage; everything else must be reported as damage of the right record.
        let ok = matches!(
            (keys[which], got),
            ("wrapped_key", Err(VaultError::WrongKey | VaultError::Tampered(RecordKind::WrappedKey)))
                | ("key_check", Err(VaultError::Tampered(RecordKind::KeyCheck)))
                | (_, Err(VaultError::Tampered(RecordKind::Meta)))
        );
        prop_assert!(ok, "meta {} damaged by {:?} gave {:?}", keys[which], d, got);
    }
}

#[test]
fn swapped_rows_and_tables_are_detected() {
    let (dir, template) = template();
    // Row swaps within each table, including the two halves of the transaction index.
    for (table, col) in [
        ("accounts", "env"),
        ("credentials", "env"),
        ("alerts", "env"),
        ("settings", "env"),
        ("ledger", "env"),
        ("txn_blocks", "env"),
    ] {
        let path = copy_of(&template, dir.path(), &format!("swap-{table}.db"));
        let conn = Connection::open(&path).expect("open");
        let rows: Vec<(i64, Vec<u8>)> = conn
            .prepare(&format!(
                "SELECT rowid, {col} FROM {table} ORDER BY rowid LIMIT 2"
            ))
            .expect("prep")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(rows.len(), 2, "{table} needs two rows");
        set_blob(&conn, table, col, rows[0].0, &rows[1].1);
        set_blob(&conn, table, col, rows[1].0, &rows[0].1);
        drop(conn);
        assert!(
            matches!(read_all(&path), Err(VaultError::Tampered(_))),
            "row swap in {table} undetected"
        );
    }
    // A ciphertext copied into another table.
    for (from, to) in [
        ("settings", "alerts"),
        ("alerts", "credentials"),
        ("credentials", "settings"),
        ("ledger", "settings"),
        ("accounts", "settings"),
    ] {
        let path = copy_of(&template, dir.path(), &format!("move-{from}-{to}.db"));
        let conn = Connection::open(&path).expect("open");
        let (_, blob) = first_blob(&conn, from, "env");
        let (rowid, _) = first_blob(&conn, to, "env");
        set_blob(&conn, to, "env", rowid, &blob);
        drop(conn);
        assert!(
            matches!(read_all(&path), Err(VaultError::Tampered(_))),
            "{from} → {to} undetected"
        );
    }
    // A block moved to another month, and its count edited.
    let path = copy_of(&template, dir.path(), "month.db");
    let conn = Connection::open(&path).expect("open");
    conn.execute(
        "UPDATE txn_blocks SET month = month + 1 WHERE rowid = (SELECT MIN(rowid) FROM txn_blocks)",
        [],
    )
    .expect("update");
    drop(conn);
    assert_eq!(
        read_all(&path),
        Err(VaultError::Tampered(RecordKind::TransactionBlock))
    );
    let path = copy_of(&template, dir.path(), "count.db");
    let conn = Connection::open(&path).expect("open");
    conn.execute("UPDATE txn_blocks SET n = n + 1", [])
        .expect("update");
    drop(conn);
    assert_eq!(
        read_all(&path),
        Err(VaultError::Tampered(RecordKind::TransactionBlock))
    );
}

#[test]
fn wrong_key_versus_damage() {
    let (dir, template) = template();
    let wrong = TestKeyWrapper::new(SecretKey::from_bytes([8; 32]));
    assert_eq!(
        Vault::open(&template, &wrong, OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
    assert!(read_all(&template).is_ok());
    // Damage plus the right key is never reported as a wrong key.
    let path = copy_of(&template, dir.path(), "kcv.db");
    let conn = Connection::open(&path).expect("open");
    conn.execute(
        "UPDATE meta SET value = zeroblob(32) WHERE key = 'key_check'",
        [],
    )
    .expect("update");
    drop(conn);
    assert_eq!(
        read_all(&path),
        Err(VaultError::Tampered(RecordKind::KeyCheck))
    );
}

#[test]
fn damaged_files_are_typed_errors_and_untouched() {
    let (dir, template) = template();
    let bytes = std::fs::read(&template).expect("read");
    for (name, content) in [
        ("truncated-half", bytes[..bytes.len() / 2].to_vec()),
        ("truncated-header", bytes[..50].to_vec()),
        ("zeroed", vec![0u8; bytes.len()]),
        (
            "garbage",
            (0..bytes.len()).map(|i| (i * 31 % 251) as u8).collect(),
        ),
    ] {
        let path = dir.path().join(format!("{name}.db"));
        std::fs::write(&path, &content).expect("write");
        let got = read_all(&path);
        assert!(
            matches!(
                got,
                Err(VaultError::NotAVault | VaultError::Corrupt(_) | VaultError::Tampered(_))
            ),
            "{name}: {got:?}"
        );
        assert_eq!(
            std::fs::read(&path).expect("read back"),
            content,
            "{name} must be left untouched"
        );
    }
}
