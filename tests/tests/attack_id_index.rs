//! Attack class: rows of the id index (`txn_index`) deleted, put back, or rolled back.
//!
//! The index says which block holds each transaction id. A sync that re-sends a transaction
//! whose date moved into another month (a pending charge posted the next month) finds the
//! stored copy only through it: with its row deleted by `sqlite3`, the sync used to store the
//! id a second time (the charge counted twice), and a pending charge settled under another id
//! stayed beside its posting. An ingest checks the index against the stored transactions it
//! read to reconcile; since vault format 6 every lookup also verifies the index's
//! authenticated sums (`core/src/vault/index_auth.rs`), so a deleted row is caught even for an
//! id re-sent months later, outside anything the sync reads, and so are a row put back after
//! its removal and an index (rows, group sums, top) restored from an older copy. Each is
//! `Tampered` and nothing is written; undamaged, the same syncs keep one copy.

use rusqlite::Connection;
use std::path::Path;
use tacit_core::ingest::ingest;
use tacit_core::model::{Account, SourceId, Transaction, TxnId, TxnStatus};
use tacit_core::reconcile::ReconcilePolicy;
use tacit_core::sources::ImportBatch;
use tacit_core::time::{days_from_civil, DAY};
use tacit_core::vault::{OpenOptions, RecordKind, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn at(month: u32, day: u32) -> i64 {
    days_from_civil(2026, month, day) * DAY + 12 * 3_600
}

fn batch(a: &Account, transactions: Vec<Transaction>) -> ImportBatch {
    ImportBatch {
        source: Some(a.source.clone()),
        accounts: vec![a.clone()],
        transactions,
        deletions: Vec::new(),
        account_issues: Vec::new(),
    }
}

fn dated(a: &Account, n: i64, when: i64, status: TxnStatus) -> Transaction {
    let mut t = txn(a, n, "Blue Bottle", "POS BLUE BOTTLE");
    t.transacted_at = when;
    t.status = status;
    t.posted_at = (status == TxnStatus::Posted).then_some(when + DAY);
    t
}

/// A vault with a few January purchases and a pending charge of 31 January.
fn january(path: &Path) -> (Account, Transaction) {
    let a = account(&SourceId("simplefin:bank".into()), "chk", "000123454321");
    let mut v = Vault::create(path, &test_wrapper(), OpenOptions::default()).unwrap();
    let mut txns: Vec<Transaction> = (0..5)
        .map(|n| dated(&a, n, at(1, 10 + n as u32), TxnStatus::Posted))
        .collect();
    let pending = dated(&a, 9, at(1, 31), TxnStatus::Pending);
    txns.push(pending.clone());
    ingest(
        &mut v,
        &batch(&a, txns),
        at(2, 1),
        &ReconcilePolicy::default(),
    )
    .unwrap();
    v.close().unwrap();
    (a, pending)
}

/// Deletes every index row of January's block, with `sqlite3`'s powers.
fn delete_january_rows(path: &Path) {
    let c = Connection::open(path).unwrap();
    let n = c
        .execute(
            "DELETE FROM txn_index WHERE block IN
                 (SELECT id FROM txn_blocks WHERE month = (SELECT MIN(month) FROM txn_blocks))",
            [],
        )
        .unwrap();
    assert_eq!(n, 6);
}

fn copies(v: &Vault, id: &TxnId) -> usize {
    v.transactions(&TxnFilter::default())
        .unwrap()
        .iter()
        .filter(|t| &t.id == id)
        .count()
}

fn run(damaged: bool, sync: impl Fn(&Account, &Transaction) -> Vec<Transaction>) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let (a, pending) = january(&path);
    if damaged {
        delete_january_rows(&path);
    }
    let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let sent = sync(&a, &pending);
    let result = ingest(
        &mut v,
        &batch(&a, sent.clone()),
        at(2, 3),
        &ReconcilePolicy::default(),
    );
    Outcome {
        tampered: matches!(
            result,
            Err(VaultError::Tampered(RecordKind::TransactionBlock))
        ),
        ok: result.is_ok(),
        pending: copies(&v, &pending.id),
        sent: sent.iter().map(|t| copies(&v, &t.id)).collect(),
        total: v.transactions(&TxnFilter::default()).unwrap().len(),
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    tampered: bool,
    ok: bool,
    /// Copies of the January pending charge's id.
    pending: usize,
    /// Copies of each id the sync sent.
    sent: Vec<usize>,
    total: usize,
}

/// The pending charge re-sent under its own id, posted on 2 February.
fn posted_same_id(_: &Account, pending: &Transaction) -> Vec<Transaction> {
    let mut p = pending.clone();
    p.status = TxnStatus::Posted;
    p.transacted_at = at(2, 2);
    p.posted_at = Some(at(2, 2));
    vec![p]
}

/// The pending charge settled by a posting with another id that names it.
fn posted_new_id(a: &Account, pending: &Transaction) -> Vec<Transaction> {
    let mut p = dated(a, 20, at(2, 2), TxnStatus::Posted);
    p.amount = pending.amount;
    p.pending_link = Some(pending.id.clone());
    vec![p]
}

#[test]
fn a_deleted_index_row_cannot_store_a_re_sent_transaction_twice() {
    let clean = run(false, posted_same_id);
    assert!(clean.ok, "{clean:?}");
    assert_eq!((clean.pending, clean.total), (1, 6));
    let damaged = run(true, posted_same_id);
    assert!(damaged.tampered, "{damaged:?}");
    // Nothing was written: one copy, still the January one.
    assert_eq!((damaged.pending, damaged.total), (1, 6));
}

#[test]
fn a_deleted_index_row_cannot_leave_a_settled_pending_charge_beside_its_posting() {
    let clean = run(false, posted_new_id);
    assert!(clean.ok, "{clean:?}");
    assert_eq!(
        (clean.pending, clean.sent.clone(), clean.total),
        (0, vec![1], 6)
    );
    let damaged = run(true, posted_new_id);
    assert!(damaged.tampered, "{damaged:?}");
    assert_eq!(
        (damaged.pending, damaged.sent, damaged.total),
        (1, vec![0], 6)
    );
}

fn tampered<T: std::fmt::Debug>(r: &Result<T, VaultError>) -> bool {
    matches!(r, Err(VaultError::Tampered(RecordKind::TransactionBlock)))
}

/// January's posted purchase of the 12th re-sent in June (its date moved five months, far
/// outside the reconciliation window, so the sync reads nothing of January).
fn moved_to_june(a: &Account) -> Transaction {
    dated(a, 2, at(6, 12), TxnStatus::Posted)
}

#[test]
fn a_deleted_index_row_is_caught_for_an_id_re_sent_months_later() {
    for damaged in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let (a, _) = january(&path);
        if damaged {
            delete_january_rows(&path);
        }
        let mut v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
        let moved = moved_to_june(&a);
        let r = ingest(
            &mut v,
            &batch(&a, vec![moved.clone()]),
            at(6, 14),
            &ReconcilePolicy::default(),
        );
        let all = v.transactions(&TxnFilter::default()).unwrap();
        let copies = all.iter().filter(|t| t.id == moved.id).count();
        if damaged {
            assert!(tampered(&r), "{r:?}");
            // Nothing written: one copy, still in January.
            assert_eq!((copies, all.len()), (1, 6));
            let kept = all.iter().find(|t| t.id == moved.id).unwrap();
            assert_eq!(kept.transacted_at, at(1, 12));
        } else {
            assert!(r.is_ok(), "{r:?}");
            assert_eq!((copies, all.len()), (1, 6));
        }
    }
}

#[test]
fn find_transaction_of_an_id_whose_row_was_deleted_is_tampered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let (a, pending) = january(&path);
    let id = moved_to_june(&a).id;
    {
        let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
        assert!(v.find_transaction(&id).unwrap().is_some());
        assert!(v.find_transaction(&pending.id).unwrap().is_some());
        v.close().unwrap();
    }
    delete_january_rows(&path);
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let r = v.find_transaction(&id);
    assert!(tampered(&r), "{r:?}");
    let r = v.find_transaction(&pending.id);
    assert!(tampered(&r), "{r:?}");
    // `vault check` says so too.
    assert!(v.verify_all().is_err());
}

/// The index's rows and its sums table, as `sqlite3` would copy them out of a file.
struct IndexCopy {
    rows: Vec<(i64, i64)>,
    sums: Vec<(i64, Vec<u8>)>,
}

fn copy_index(path: &Path) -> IndexCopy {
    let c = Connection::open(path).unwrap();
    let rows = c
        .prepare("SELECT tag, block FROM txn_index")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let sums = c
        .prepare("SELECT grp, env FROM txn_index_sums")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    IndexCopy { rows, sums }
}

/// Puts back an older copy: its rows (all, or only those missing now) and, if asked, its
/// group sums (`groups`) and top row (`top`, the row after the last group).
fn restore(path: &Path, old: &IndexCopy, all_rows: bool, groups: bool, top: bool) {
    let c = Connection::open(path).unwrap();
    let top_grp: i64 = old.sums.iter().map(|(g, _)| *g).max().unwrap();
    if all_rows {
        c.execute("DELETE FROM txn_index", []).unwrap();
    }
    for (tag, block) in &old.rows {
        c.execute(
            "INSERT OR IGNORE INTO txn_index (tag, block) VALUES (?1, ?2)",
            rusqlite::params![tag, block],
        )
        .unwrap();
    }
    for (g, env) in &old.sums {
        if (*g == top_grp && top) || (*g != top_grp && groups) {
            c.execute(
                "INSERT OR REPLACE INTO txn_index_sums (grp, env) VALUES (?1, ?2)",
                rusqlite::params![g, env],
            )
            .unwrap();
        }
    }
}

/// January, then a sync in February that settles the pending charge under a new id (its
/// index row is removed) and adds a purchase. Returns the pending charge, the new ids, and
/// the index as it was before the sync.
fn january_then_february(path: &Path) -> (Transaction, Vec<TxnId>, IndexCopy) {
    let (a, pending) = january(path);
    let before = copy_index(path);
    let mut v = Vault::open(path, &test_wrapper(), OpenOptions::default()).unwrap();
    let mut sent = posted_new_id(&a, &pending);
    sent.push(dated(&a, 21, at(2, 2), TxnStatus::Posted));
    ingest(
        &mut v,
        &batch(&a, sent.clone()),
        at(2, 3),
        &ReconcilePolicy::default(),
    )
    .unwrap();
    assert!(v.find_transaction(&pending.id).unwrap().is_none());
    v.close().unwrap();
    (pending, sent.into_iter().map(|t| t.id).collect(), before)
}

#[test]
fn a_removed_index_row_put_back_is_tampered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let (pending, _, before) = january_then_february(&path);
    // The settled pending charge's row, removed by the sync, re-inserted (with every other
    // row of the old copy that is missing now).
    restore(&path, &before, false, false, false);
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    let r = v.find_transaction(&pending.id);
    assert!(tampered(&r), "{r:?}");
}

#[test]
fn an_index_restored_from_an_older_copy_is_tampered() {
    // The old rows with the old group sums (consistent with each other), then with the old
    // top row as well: the top no longer names the groups, then the root (kept with the
    // write generation) no longer names the top.
    for (groups, top) in [(true, false), (true, true), (false, true)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let (pending, new_ids, before) = january_then_february(&path);
        restore(&path, &before, true, groups, top);
        let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
        for id in new_ids.iter().chain([&pending.id]) {
            let r = v.find_transaction(id);
            assert!(tampered(&r), "groups {groups} top {top}: {r:?}");
        }
        assert!(v.verify_all().is_err());
    }
}

#[test]
fn an_undamaged_index_passes_every_lookup_and_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let (pending, new_ids, _) = january_then_february(&path);
    let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).unwrap();
    assert!(v.find_transaction(&pending.id).unwrap().is_none());
    for id in &new_ids {
        assert!(v.find_transaction(id).unwrap().is_some());
    }
    assert!(v.verify_all().is_ok());
}
