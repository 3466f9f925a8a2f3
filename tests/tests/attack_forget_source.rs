//! Attack class: a forgotten bank leaves something behind. `forget_source` must remove every
//! record of a source from every table (alerts included: they hold a merchant and an amount),
//! and leave the other source's records whole. The table list is read from the file itself,
//! so a new table without a source policy fails this test until it gets one.

use rusqlite::Connection;
use std::collections::BTreeMap;
use tacit_core::alerts::{self, AlertRecord, AlertStatus};
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::{Account, SourceId};
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

/// What `forget_source` does with each table.
#[derive(Debug, PartialEq)]
enum Policy {
    /// Rows carry an authenticated `source_ref`; a source's rows are deleted with it.
    PerSource,
    /// Vault-wide rows holding no bank data (keys, parameters).
    VaultWide,
    /// The outbound ledger: what already left the device, kept as the person's audit record;
    /// it holds only platform texts, which never carry a full number.
    AuditRecord,
    /// The id index: rows point at block rows and go with them.
    IdIndex,
    /// The id index's sealed sums (`index_auth.rs`): 128 group envelopes and a top row, no
    /// bank data; a forgotten source's rows are XORed out (`verify_all` compares them with
    /// the index that is left).
    IdIndexSums,
}

fn policy(table: &str) -> Option<Policy> {
    Some(match table {
        "accounts" | "txn_blocks" | "credentials" | "alerts" | "settings" => Policy::PerSource,
        "meta" => Policy::VaultWide,
        "ledger" => Policy::AuditRecord,
        "txn_index" => Policy::IdIndex,
        "txn_index_sums" => Policy::IdIndexSums,
        _ => return None,
    })
}

fn alert(id: &str, a: &Account) -> AlertRecord {
    AlertRecord {
        id: id.into(),
        account: a.id.0.clone(),
        txn_ids: vec![format!("{}#t1", a.id.0)],
        reasons: vec!["new_merchant".into()],
        explanations: vec!["You have not paid this merchant before".into()],
        score: 0.9,
        created: 1_762_000_000,
        merchant: Some("SECRET MERCHANT".into()),
        amount_minor: -12_345,
        currency: "USD".into(),
        first_txn_at: 1_762_000_000,
        status: AlertStatus::Open,
        episode: 1,
        payments: Vec::new(),
    }
}

fn rows(conn: &Connection) -> BTreeMap<String, i64> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    names
        .into_iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

#[test]
fn forget_source_leaves_nothing_of_the_source_in_any_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let (gone, kept) = (SourceId("ofx:gone".into()), SourceId("ofx:kept".into()));
    let a = account(&gone, "1111", "99887766551111");
    let b = account(&kept, "2222", "11223344552222");
    v.write(|w| {
        for (acct, src) in [(&a, &gone), (&b, &kept)] {
            w.put_account(acct)?;
            let txns: Vec<_> = (0..30).map(|n| txn(acct, n, "Shop", "memo")).collect();
            w.upsert_transactions(&txns)?;
            w.put_credential(src, &SecretBytes::new(b"token".to_vec()))?;
            w.put_setting(&format!("sync/{}", src.0), Some(src), b"cursor")?;
            alerts::put(w, &alert(&format!("alert-{}", src.0), acct))?;
        }
        w.put_setting("level", None, b"full")?;
        w.append_ledger(b"entry").map(|_| ())
    })
    .unwrap();
    v.forget_source(&gone).unwrap();

    // Through the API: nothing of `gone`, everything of `kept`.
    let accounts = v.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].source, kept);
    let txns = v.transactions(&TxnFilter::default()).unwrap();
    assert_eq!(txns.len(), 30);
    assert!(txns.iter().all(|t| t.account == b.id));
    let creds = v.credentials().unwrap();
    assert_eq!(creds.len(), 1);
    assert_eq!(creds[0].0, kept);
    let all_alerts = alerts::all(&v).unwrap();
    assert_eq!(
        all_alerts.len(),
        1,
        "the forgotten bank's alert was left behind"
    );
    assert_eq!(all_alerts[0].account, b.id.0);
    assert!(v.setting("sync/ofx:gone").unwrap().is_none());
    assert!(v.setting("sync/ofx:kept").unwrap().is_some());
    assert!(v.setting("level").unwrap().is_some());
    // The summary digest keeps only `kept`'s transactions: it equals a rebuild from them
    // (`verify_all` compares), one head and one record per month of `kept`.
    v.verify_all().unwrap();
    let digest_rows = v.digest_head().unwrap().unwrap().months.len() as i64 + 1;
    assert!(digest_rows >= 2);
    v.close().unwrap();

    // In the file: every table has a policy, and per-source tables hold only `kept`'s rows.
    let conn = Connection::open(&path).unwrap();
    let counts = rows(&conn);
    for (table, n) in &counts {
        let p = policy(table).unwrap_or_else(|| {
            panic!("table {table} has no forget_source policy: add one to the vault and here")
        });
        if p == Policy::IdIndex {
            let orphans: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM txn_index WHERE block NOT IN (SELECT id FROM txn_blocks)",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                (*n, orphans),
                (30, 0),
                "the index kept the forgotten bank's ids"
            );
        }
        if p == Policy::PerSource {
            let expected = match table.as_str() {
                "txn_blocks" => {
                    // kept's blocks only: the same number of months as its transactions span
                    conn.query_row("SELECT COUNT(DISTINCT month) FROM txn_blocks", [], |r| {
                        r.get::<_, i64>(0)
                    })
                    .unwrap()
                }
                // kept's cursor, the vault-wide level and the digest
                "settings" => 2 + digest_rows,
                _ => 1,
            };
            assert_eq!(*n, expected, "{table}");
            let sources: i64 = conn
                .query_row(
                    &format!("SELECT COUNT(DISTINCT source_ref) FROM \"{table}\" WHERE source_ref IS NOT NULL"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(sources, 1, "{table} still holds rows of two sources");
        }
    }
    for t in [
        "accounts",
        "txn_blocks",
        "credentials",
        "alerts",
        "settings",
        "meta",
        "ledger",
    ] {
        assert!(counts.contains_key(t), "{t} missing from the schema");
    }
}

#[test]
fn alerts_are_stored_with_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let src = SourceId("ofx:bank".into());
    let a = account(&src, "1111", "99887766551111");
    v.write(|w| {
        w.put_account(&a)?;
        alerts::put(w, &alert("x", &a))
    })
    .unwrap();
    v.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    let nulls: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM alerts WHERE source_ref IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(nulls, 0);
}
