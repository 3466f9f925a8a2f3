//! Attack class: deleting rows. Every record is sealed to its own row, so a deleted row leaves
//! nothing that fails to open; the vault keeps authenticated row counts of every table under
//! the write generation (format 3), and a deletion from any table is a typed `Tampered` error
//! naming that table when the vault is opened. Putting back an older copy of a row in place
//! of the current one (the count is unchanged) is `attack_reinsert_older_row.rs`.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::SourceId;
use tacit_core::vault::{OpenOptions, RecordKind, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn filled(dir: &Path) -> PathBuf {
    let path = dir.join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "99887766551111");
    let b = account(&src, "2222", "11223344552222");
    v.write(|w| {
        w.put_account(&a)?;
        w.put_account(&b)?;
        let txns: Vec<_> = (0..40)
            .map(|n| txn(if n % 2 == 0 { &a } else { &b }, n, "Shop", "memo"))
            .collect();
        w.upsert_transactions(&txns)?;
        w.put_credential(&src, &SecretBytes::new(b"token".to_vec()))?;
        w.put_credential(
            &SourceId("simplefin:x".into()),
            &SecretBytes::new(b"t2".to_vec()),
        )?;
        w.put_alert("alert-1", Some(&src), b"alert 1")?;
        w.put_alert("alert-2", Some(&src), b"alert 2")?;
        w.put_setting("level", None, b"full")?;
        w.put_setting("cursor", Some(&src), b"c")?;
        Ok(())
    })
    .unwrap();
    // Bookkeeping writes, as the chat makes them.
    for i in 0..3 {
        v.write_relaxed(|w| w.append_ledger(format!("entry {i}").as_bytes()).map(|_| ()))
            .unwrap();
    }
    v.close().unwrap();
    path
}

fn open(path: &Path) -> Result<(), VaultError> {
    let v = Vault::open(path, &test_wrapper(), OpenOptions::default())?;
    v.verify_all().map(|_| ())
}

#[test]
fn a_deleted_row_of_any_table_is_tampering() {
    let cases = [
        ("accounts", RecordKind::Account),
        ("txn_blocks", RecordKind::TransactionBlock),
        ("credentials", RecordKind::Credential),
        ("alerts", RecordKind::Alert),
        ("settings", RecordKind::Setting),
        ("ledger", RecordKind::Ledger),
    ];
    for (table, kind) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = filled(dir.path());
        assert_eq!(open(&path), Ok(()));
        let conn = Connection::open(&path).unwrap();
        let n = conn
            .execute(
                &format!("DELETE FROM {table} WHERE rowid = (SELECT MAX(rowid) FROM {table})"),
                [],
            )
            .unwrap();
        assert_eq!(n, 1, "{table}");
        drop(conn);
        assert_eq!(open(&path), Err(VaultError::Tampered(kind)), "{table}");
    }
}

#[test]
fn removing_the_counts_or_replaying_old_ones_is_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let conn = Connection::open(&path).unwrap();
    let old: Vec<u8> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'table_counts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    // One more write changes the counts and the generation.
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    v.write(|w| w.put_setting("more", None, b"x")).unwrap();
    v.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "DELETE FROM settings WHERE rowid = (SELECT MAX(rowid) FROM settings)",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'table_counts'",
        [&old],
    )
    .unwrap();
    drop(conn);
    assert_eq!(open(&path), Err(VaultError::Tampered(RecordKind::Meta)));
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'table_counts'", [])
        .unwrap();
    drop(conn);
    assert_eq!(open(&path), Err(VaultError::Tampered(RecordKind::Meta)));
}

#[test]
fn forget_source_and_ordinary_writes_keep_the_counts_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    v.write(|w| {
        w.delete_alert("alert-1")?;
        w.delete_setting("level").map(|_| ())
    })
    .unwrap();
    v.forget_source(&SourceId("ofx:bank".into())).unwrap();
    v.close().unwrap();
    assert_eq!(open(&path), Ok(()));
}
