//! Attack class: putting back an older copy of a row. An old envelope of a row opens (it was
//! sealed to that very row) and the row count does not change, so neither the AEAD nor the
//! counts see it. The vault keeps an authenticated keyed digest of every table's set of rows
//! (format 4, `core/src/vault/rowset.rs`): the older row is a typed `Tampered` error of its
//! table at the first read of that table (or of that month, for transaction blocks), and at
//! `verify_all` (`tacit vault check`); never the old value read back silently.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::{Account, SourceId};
use tacit_core::vault::{OpenOptions, RecordKind, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn src() -> SourceId {
    SourceId("ofx:bank".into())
}

fn accounts() -> (Account, Account) {
    (
        account(&src(), "1111", "99887766551111"),
        account(&src(), "2222", "11223344552222"),
    )
}

fn filled(dir: &Path) -> PathBuf {
    let path = dir.join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let (a, b) = accounts();
    v.write(|w| {
        w.put_account(&a)?;
        w.put_account(&b)?;
        let txns: Vec<_> = (0..40)
            .map(|n| txn(if n % 2 == 0 { &a } else { &b }, n, "Shop", "memo"))
            .collect();
        w.upsert_transactions(&txns)?;
        w.put_credential(&src(), &SecretBytes::new(b"token-1".to_vec()))?;
        w.put_alert("alert-1", Some(&src()), b"alert v1")?;
        w.put_setting("level", None, b"minimal")?;
        Ok(())
    })
    .unwrap();
    v.write_relaxed(|w| w.append_ledger(b"entry").map(|_| ()))
        .unwrap();
    v.close().unwrap();
    path
}

/// The row of `table` whose key column is `key`, every column as stored.
fn snapshot(
    path: &Path,
    table: &str,
    key_col: &str,
    key: &[u8],
) -> Vec<(String, rusqlite::types::Value)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} WHERE {key_col} = ?1"))
        .unwrap();
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    stmt.query_row([key], |r| {
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), r.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect())
    })
    .unwrap()
}

/// Writes an old snapshot back over the row with the same key.
fn put_back(
    path: &Path,
    table: &str,
    key_col: &str,
    key: &[u8],
    old: &[(String, rusqlite::types::Value)],
) {
    let conn = Connection::open(path).unwrap();
    for (col, value) in old {
        conn.execute(
            &format!("UPDATE {table} SET {col} = ?1 WHERE {key_col} = ?2"),
            rusqlite::params![value, key],
        )
        .unwrap();
    }
}

/// A key column value of some row of `table` (the one with the smallest rowid).
fn first_key(path: &Path, table: &str, key_col: &str) -> Vec<u8> {
    let conn = Connection::open(path).unwrap();
    conn.query_row(
        &format!("SELECT {key_col} FROM {table} ORDER BY rowid LIMIT 1"),
        [],
        |r| r.get(0),
    )
    .unwrap()
}

type Change = fn(&mut Vault);
type Read = fn(&Vault) -> Result<(), VaultError>;

fn reinsert_case(table: &str, key_col: &str, kind: RecordKind, change: Change, read: Read) {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let key = first_key(&path, table, key_col);
    let old = snapshot(&path, table, key_col, &key);
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    change(&mut v);
    assert_eq!(read(&v), Ok(()), "{table}: the honest state reads");
    v.close().unwrap();
    assert_ne!(
        snapshot(&path, table, key_col, &key),
        old,
        "{table}: the row changed"
    );
    put_back(&path, table, key_col, &key, &old);

    // The file opens (the count is right) but the first read of the table is refused, and so
    // is `verify_all`.
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    assert_eq!(read(&v), Err(VaultError::Tampered(kind)), "{table}");
    assert_eq!(
        v.verify_all().map(|_| ()),
        Err(VaultError::Tampered(kind)),
        "{table}"
    );
}

#[test]
fn an_older_account_row_is_tampering() {
    reinsert_case(
        "accounts",
        "account_ref",
        RecordKind::Account,
        |v| {
            let (mut a, _) = accounts();
            a.balance = a.balance.map(|mut b| {
                b.minor = 5;
                b
            });
            v.write(|w| w.put_account(&a)).unwrap();
        },
        |v| v.accounts().map(|_| ()),
    );
}

#[test]
fn an_older_credential_row_is_tampering() {
    reinsert_case(
        "credentials",
        "source_ref",
        RecordKind::Credential,
        |v| {
            v.write(|w| w.put_credential(&src(), &SecretBytes::new(b"token-2".to_vec())))
                .unwrap()
        },
        |v| v.credential(&src()).map(|_| ()),
    );
}

#[test]
fn an_older_alert_row_is_tampering() {
    reinsert_case(
        "alerts",
        "alert_ref",
        RecordKind::Alert,
        |v| {
            v.write(|w| w.put_alert("alert-1", Some(&src()), b"alert v2 (dismissed)"))
                .unwrap()
        },
        |v| v.alert("alert-1").map(|_| ()),
    );
}

#[test]
fn an_older_setting_row_is_tampering() {
    reinsert_case(
        "settings",
        "name_ref",
        RecordKind::Setting,
        |v| v.write(|w| w.put_setting("level", None, b"full")).unwrap(),
        |v| v.setting("level").map(|_| ()),
    );
}

#[test]
fn an_older_transaction_block_is_tampering() {
    reinsert_case(
        "txn_blocks",
        "account_ref",
        RecordKind::TransactionBlock,
        |v| {
            let (a, _) = accounts();
            // A new transaction in the first block's month (same account, an hour later).
            let mut t = txn(&a, 0, "Later Shop", "memo");
            t.id = tacit_core::model::TxnId::scoped(&a.id, "NEW-1");
            t.transacted_at += 60;
            v.write(|w| w.upsert_transactions(&[t]).map(|_| ()))
                .unwrap();
        },
        |v| v.transactions(&TxnFilter::default()).map(|_| ()),
    );
}

/// Each kind of read of transactions refuses the month with the older block: filtered by
/// account (the other account's blocks of the month are checked too), by id, and a write that
/// would merge new transactions into the older block (it is refused and nothing commits).
#[test]
fn every_read_and_write_of_a_month_with_an_older_block_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let (a, b) = accounts();
    let key = first_key(&path, "txn_blocks", "account_ref");
    let old = snapshot(&path, "txn_blocks", "account_ref", &key);
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let mut t = txn(&a, 0, "Later Shop", "memo");
    t.id = tacit_core::model::TxnId::scoped(&a.id, "NEW-1");
    let mut t_b = txn(&b, 1, "Other", "memo");
    t_b.id = tacit_core::model::TxnId::scoped(&b.id, "NEW-2");
    v.write(|w| w.upsert_transactions(&[t.clone(), t_b.clone()]).map(|_| ()))
        .unwrap();
    let generation = v.generation();
    v.close().unwrap();
    put_back(&path, "txn_blocks", "account_ref", &key, &old);

    let tampered = Err(VaultError::Tampered(RecordKind::TransactionBlock));
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let only = |acct: &Account| TxnFilter {
        account: Some(acct.id.clone()),
        ..TxnFilter::default()
    };
    assert_eq!(v.transactions(&only(&a)).map(|_| ()), tampered);
    assert_eq!(v.transactions(&only(&b)).map(|_| ()), tampered);
    assert_eq!(v.find_transaction(&t_b.id).map(|_| ()), tampered);
    let mut t2 = t.clone();
    t2.id = tacit_core::model::TxnId::scoped(&a.id, "NEW-3");
    assert_eq!(
        v.write(|w| w.upsert_transactions(&[t2.clone()]).map(|_| ())),
        tampered
    );
    assert_eq!(v.generation(), generation, "nothing committed");
    assert_eq!(v.transactions(&TxnFilter::default()).map(|_| ()), tampered);
}

/// The digest row itself cannot be replayed from an earlier generation or removed.
#[test]
fn an_older_or_missing_digest_row_is_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let read_digest = |p: &Path| -> Vec<u8> {
        Connection::open(p)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'row_digest'", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let old = read_digest(&path);
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    v.write(|w| w.put_setting("level", None, b"full")).unwrap();
    v.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'row_digest'",
        [&old],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        Vault::open(&path, &test_wrapper(), OpenOptions::default()).err(),
        Some(VaultError::Tampered(RecordKind::Meta))
    );
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'row_digest'", [])
        .unwrap();
    drop(conn);
    assert_eq!(
        Vault::open(&path, &test_wrapper(), OpenOptions::default()).err(),
        Some(VaultError::Tampered(RecordKind::Meta))
    );
}

/// Honest use keeps the digest right: updates, deletions, `forget_source`, reopening.
#[test]
fn ordinary_writes_keep_the_digest_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let (a, _) = accounts();
    for round in 0..3 {
        let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
        v.write(|w| {
            w.put_setting("level", None, format!("v{round}").as_bytes())?;
            w.put_alert("alert-1", Some(&src()), b"again")?;
            w.delete_setting("missing")?;
            w.remove_transactions(&[txn(&a, 2 * round, "", "").id])
                .map(|_| ())
        })
        .unwrap();
        v.write_relaxed(|w| w.append_ledger(b"more").map(|_| ()))
            .unwrap();
        assert!(v.verify_all().is_ok());
        v.close().unwrap();
    }
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    v.forget_source(&src()).unwrap();
    v.close().unwrap();
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    assert!(v.verify_all().is_ok());
    assert!(v.accounts().unwrap().is_empty());
}
