//! Opens a vault written by every earlier format version (golden files in tests/golden/,
//! one per version, made by `TACIT_WRITE_GOLDEN=1 cargo test -p tacit-tests --test
//! vault_golden`) and checks that every record survives the upgrade to the current format.

use std::path::PathBuf;
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::SourceId;
use tacit_core::vault::schema::CURRENT_VERSION;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn golden(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(format!("vault-v{version}.db"))
}

fn expected() -> (
    tacit_core::model::Account,
    Vec<tacit_core::model::Transaction>,
) {
    let src = SourceId("ofx:golden".into());
    let a = account(&src, "7777", "4400007777");
    let txns = (0..5)
        .map(|n| txn(&a, n, "Golden Grocer", "POS golden"))
        .collect();
    (a, txns)
}

#[test]
fn write_current_golden_when_asked() {
    if std::env::var_os("TACIT_WRITE_GOLDEN").is_none() {
        return;
    }
    let path = golden(CURRENT_VERSION);
    let _ = std::fs::remove_file(&path);
    let (a, txns) = expected();
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).expect("create");
    v.write(|w| {
        w.put_account(&a)?;
        w.upsert_transactions(&txns)?;
        w.put_credential(&a.source, &SecretBytes::new(b"golden-credential".to_vec()))?;
        w.put_setting("disclosure", None, b"minimal")?;
        w.put_alert("golden-alert", Some(&a.source), b"alert")?;
        w.append_ledger(b"golden ledger entry").map(|_| ())
    })
    .expect("write");
    v.close().expect("close");
}

#[test]
fn every_earlier_format_opens() {
    if std::env::var_os("TACIT_WRITE_GOLDEN").is_some() {
        return; // the writer test above is rewriting the file
    }
    let mut opened = 0;
    for version in 1..=CURRENT_VERSION {
        let src = golden(version);
        assert!(
            src.exists(),
            "golden file for format {version} is missing: {}",
            src.display()
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("copy.db");
        std::fs::copy(&src, &path).expect("copy");
        let mut v =
            Vault::open(&path, &test_wrapper(), OpenOptions::default()).expect("open golden");
        let (a, mut txns) = expected();
        assert_eq!(v.accounts().expect("accounts"), vec![a.clone()]);
        let mut got = v.transactions(&TxnFilter::default()).expect("txns");
        got.sort_by(|x, y| x.id.cmp(&y.id));
        txns.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(got, txns);
        assert_eq!(
            v.credential(&a.source)
                .expect("cred")
                .map(|c| c.expose().to_vec()),
            Some(b"golden-credential".to_vec())
        );
        assert_eq!(
            v.setting("disclosure")
                .expect("setting")
                .map(|c| c.expose().to_vec()),
            Some(b"minimal".to_vec())
        );
        assert_eq!(v.ledger().expect("ledger").len(), 1);
        assert!(v.integrity_check().expect("integrity"));
        // The id index was carried over (format 2 changed the tag function): every id is
        // found, and storing one again replaces it instead of adding a second copy.
        for t in &txns {
            assert_eq!(
                v.find_transaction(&t.id).expect("find").as_ref(),
                Some(t),
                "format {version}: id not found after the upgrade"
            );
        }
        let mut changed = txns[0].clone();
        changed.description = "POS golden again".into();
        v.write(|w| {
            w.upsert_transactions(std::slice::from_ref(&changed))
                .map(|_| ())
        })
        .expect("upsert");
        let after = v.transactions(&TxnFilter::default()).expect("txns");
        assert_eq!(
            after.len(),
            txns.len(),
            "format {version}: upsert duplicated"
        );
        assert!(after.contains(&changed));
        // `vault check`: every record, every table digest, the id index and its sums.
        v.verify_all().expect("check after the upgrade");
        opened += 1;
    }
    assert_eq!(opened, CURRENT_VERSION as usize);
}

/// A format-5 vault whose id index lost a row (which format 5 could not see outside `vault
/// check`): the format-6 upgrade rebuilds the index from the blocks' tags before sealing its
/// sums, so the lost row is not carried over as authenticated damage.
#[test]
fn the_format_6_upgrade_rebuilds_a_damaged_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v5.db");
    std::fs::copy(golden(5), &path).expect("copy");
    {
        let c = rusqlite::Connection::open(&path).expect("sqlite");
        let n = c
            .execute(
                "DELETE FROM txn_index WHERE tag = (SELECT MIN(tag) FROM txn_index)",
                [],
            )
            .expect("delete");
        assert_eq!(n, 1);
    }
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).expect("open");
    let (_, txns) = expected();
    for t in &txns {
        assert_eq!(v.find_transaction(&t.id).expect("find").as_ref(), Some(t));
    }
    v.verify_all().expect("check");
}

/// An upgrade that meets a damaged record stops with a typed error and leaves the file at
/// its old format, every byte of it: the step runs in one transaction.
#[test]
fn a_failed_upgrade_leaves_the_old_format_intact() {
    if std::env::var_os("TACIT_WRITE_GOLDEN").is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.db");
    std::fs::copy(golden(1), &path).expect("copy");
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        let (id, mut env): (i64, Vec<u8>) = conn
            .query_row("SELECT id, env FROM txn_blocks LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("block");
        let last = env.len() - 1;
        env[last] ^= 1;
        conn.execute(
            "UPDATE txn_blocks SET env = ?1 WHERE id = ?2",
            rusqlite::params![env, id],
        )
        .expect("damage");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Vault::open(&path, &test_wrapper(), OpenOptions::default())
        .expect_err("a damaged block must stop the upgrade");
    assert!(
        matches!(err, tacit_core::vault::VaultError::Tampered(_)),
        "{err:?}"
    );
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1);
    drop(conn);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}
