//! Attack class: rows deleted from the id index (`txn_index`), which is not authenticated.
//!
//! The index says which block holds each transaction id. A sync that re-sends a transaction
//! whose date moved into another month (a pending charge posted the next month) finds the
//! stored copy only through it: with its row deleted by `sqlite3`, the sync used to store the
//! id a second time (the charge counted twice), and a pending charge settled under another id
//! stayed beside its posting. An ingest now checks the index against the stored transactions
//! it read to reconcile (authenticated month by month), so both are `Tampered` and nothing is
//! written; undamaged, the same syncs keep one copy (`core/src/vault/txn_index.rs`).

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
