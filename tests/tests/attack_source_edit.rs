//! Attack class: editing the plaintext `source_ref` column of a row, which would hide it from
//! `forget_source` (or pin another bank's row to a source about to be forgotten). The binding
//! is authenticated for every table that has one: any edit is a typed `Tampered` error on read.

use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, RecordKind, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn filled() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let (s1, s2) = (SourceId("ofx:one".into()), SourceId("ofx:two".into()));
    let a = account(&s1, "1111", "99887766551111");
    let b = account(&s2, "2222", "11223344552222");
    v.write(|w| {
        for (acct, src) in [(&a, &s1), (&b, &s2)] {
            w.put_account(acct)?;
            let txns: Vec<_> = (0..10).map(|n| txn(acct, n, "Shop", "memo")).collect();
            w.upsert_transactions(&txns)?;
            w.put_credential(src, &SecretBytes::new(b"token".to_vec()))?;
            w.put_setting(&format!("cursor-{}", src.0), Some(src), b"c")?;
            w.put_alert(&format!("alert-{}", src.0), Some(src), b"alert")?;
        }
        Ok(())
    })
    .unwrap();
    v.close().unwrap();
    (dir, path)
}

fn read_all(path: &Path) -> Result<usize, VaultError> {
    let v = Vault::open(path, &test_wrapper(), OpenOptions::default())?;
    v.verify_all()
}

#[test]
fn source_edits_are_tampering() {
    // (table, record kind)
    let cases = [
        ("accounts", RecordKind::Account),
        ("txn_blocks", RecordKind::TransactionBlock),
        ("alerts", RecordKind::Alert),
        ("settings", RecordKind::Setting),
    ];
    for (table, kind) in cases {
        for edit in ["other", "null"] {
            let (_dir, path) = filled();
            assert!(read_all(&path).is_ok());
            {
                let conn = Connection::open(&path).unwrap();
                let other: Vec<u8> = conn
                    .query_row(
                        &format!("SELECT source_ref FROM {table} WHERE source_ref IS NOT NULL ORDER BY rowid DESC LIMIT 1"),
                        [],
                        |r| r.get(0),
                    )
                    .unwrap();
                let n = if edit == "null" {
                    conn.execute(
                        &format!("UPDATE {table} SET source_ref = NULL WHERE rowid = (SELECT MIN(rowid) FROM {table})"),
                        [],
                    )
                } else {
                    conn.execute(
                        &format!("UPDATE {table} SET source_ref = ?1 WHERE rowid = (SELECT MIN(rowid) FROM {table})"),
                        params![other],
                    )
                };
                // NOT NULL columns refuse the edit itself, which is as good.
                if n.is_err() {
                    continue;
                }
            }
            assert_eq!(
                read_all(&path),
                Err(VaultError::Tampered(kind)),
                "{table}: source_ref set to {edit}"
            );
        }
    }
}

#[test]
fn credential_rows_cannot_be_moved_to_another_source() {
    let (_dir, path) = filled();
    {
        let conn = Connection::open(&path).unwrap();
        // Swap the two credential rows' source references (their row keys).
        let refs: Vec<Vec<u8>> = conn
            .prepare("SELECT source_ref FROM credentials ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        conn.execute(
            "UPDATE credentials SET source_ref = x'00' WHERE source_ref = ?1",
            params![refs[0]],
        )
        .unwrap();
        conn.execute(
            "UPDATE credentials SET source_ref = ?1 WHERE source_ref = ?2",
            params![refs[0], refs[1]],
        )
        .unwrap();
        conn.execute(
            "UPDATE credentials SET source_ref = ?1 WHERE source_ref = x'00'",
            params![refs[1]],
        )
        .unwrap();
    }
    assert_eq!(
        read_all(&path),
        Err(VaultError::Tampered(RecordKind::Credential))
    );
}
