//! Attack class: damage to the indexes of the transaction blocks. Blocks are found through
//! SQLite indexes (by month, by account and month, by source), which are not authenticated:
//! one flipped bit in `txn_blocks_month` used to make `vault info` report 0 transactions
//! instead of 705, with no error. Every scan now checks the blocks it got for each month it
//! covers against the authenticated row-set digest (count and keyed set hash,
//! `core/src/vault/rowset.rs`), and the newest month comes from the digest, so damage is
//! either harmless or a typed error; never fewer, more or other transactions silently.
//!
//! The file is a real vault; the pages of every index of `txn_blocks` are found by walking
//! their b-trees from `sqlite_master`'s root pages, and random bytes of them are flipped
//! (fixed seed). `PRAGMA writable_schema` tricks (swapped index roots, an index rewritten to
//! be partial or to point at an empty b-tree, a planted trigger) are tried as well.

use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;
use tacit_core::model::{Account, SourceId, Transaction, TxnId};
use tacit_core::vault::{OpenOptions, TxnFilter, Vault, VaultError};
use tacit_tests::fixtures::{account, test_wrapper, txn};

const ACCOUNTS: i64 = 8;
const MONTHS: i64 = 120;
const TRIALS: u64 = 1_000;
const DAY: i64 = 86_400;

fn accounts() -> Vec<Account> {
    let src = SourceId("ofx:bank".into());
    (0..ACCOUNTS)
        .map(|i| account(&src, &format!("{i:04}"), &format!("99887766{i:06}")))
        .collect()
}

/// Two transactions per account and month for ten years: 960 blocks, so that each index
/// spans several pages.
fn transactions(accts: &[Account]) -> Vec<Transaction> {
    let mut out = Vec::new();
    for (i, a) in accts.iter().enumerate() {
        for m in 0..MONTHS {
            for k in 0..2 {
                let n = (i as i64) * 10_000 + m * 10 + k;
                let mut t = txn(a, n, "Shop", "memo");
                // 1_600_000_000 is 2020-09-13: every 30.5 days lands in a new month.
                t.transacted_at = 1_600_000_000 + m * 30 * DAY + m * DAY / 2 + k * 3_600;
                t.posted_at = Some(t.transacted_at + DAY);
                out.push(t);
            }
        }
    }
    out
}

fn build(path: &Path) -> Vec<Transaction> {
    let accts = accounts();
    let txns = transactions(&accts);
    let mut v = Vault::create(path, &test_wrapper(), OpenOptions::default()).unwrap();
    v.write(|w| {
        for a in &accts {
            w.put_account(a)?;
        }
        w.upsert_transactions(&txns).map(|_| ())
    })
    .unwrap();
    v.close().unwrap();
    txns
}

/// Everything a user-facing read could show, from a vault that opened.
#[derive(Debug, PartialEq, Eq)]
struct Observed {
    all: BTreeSet<String>,
    one_account: BTreeSet<String>,
    one_year: BTreeSet<String>,
    newest_month: Option<i64>,
    found: Vec<Option<String>>,
    accounts: usize,
    /// After a write that replaces one transaction and adds one: every id with its amount.
    after_write: BTreeSet<(String, i64)>,
}

fn ids(txns: &[Transaction]) -> BTreeSet<String> {
    txns.iter().map(|t| t.id.0.clone()).collect()
}

fn probe_ids() -> Vec<TxnId> {
    let accts = accounts();
    let txns = transactions(&accts);
    [0, 7, 500, 1_001, 1_919]
        .iter()
        .filter_map(|&i| txns.get(i).map(|t| t.id.clone()))
        .collect()
}

fn observe(path: &Path) -> Result<Observed, VaultError> {
    let mut v = Vault::open(path, &test_wrapper(), OpenOptions::default())?;
    let accts = accounts();
    let year = TxnFilter {
        from: Some(1_600_000_000 + 24 * 30 * DAY),
        until: Some(1_600_000_000 + 36 * 30 * DAY),
        ..TxnFilter::default()
    };
    let one = TxnFilter {
        account: accts.get(3).map(|a| a.id.clone()),
        ..TxnFilter::default()
    };
    let mut found = Vec::new();
    for id in probe_ids() {
        found.push(v.find_transaction(&id)?.map(|t| t.id.0));
    }
    let all = ids(&v.transactions(&TxnFilter::default())?);
    let one_account = ids(&v.transactions(&one)?);
    let one_year = ids(&v.transactions(&year)?);
    let newest_month = v.newest_month()?;
    let accounts = v.accounts()?.len();
    let txns = transactions(&accts);
    let mut changed = txns[900].clone();
    changed.amount = -77;
    let mut added = txns[901].clone();
    added.id = TxnId::scoped(&added.account, "ADDED");
    v.write(|w| w.upsert_transactions(&[changed, added]).map(|_| ()))?;
    let after_write = v
        .transactions(&TxnFilter::default())?
        .into_iter()
        .map(|t| (t.id.0, t.amount))
        .collect();
    Ok(Observed {
        all,
        one_account,
        one_year,
        newest_month,
        found,
        accounts,
        after_write,
    })
}

/// [`observe`] on a copy of the file (observing writes to it).
fn observe_copy(dir: &Path, db: &[u8]) -> Result<Observed, VaultError> {
    let path = dir.join("copy.db");
    std::fs::write(&path, db).unwrap();
    let got = observe(&path);
    let _ = std::fs::remove_file(&path);
    got
}

fn page_size(db: &[u8]) -> usize {
    match u16::from_be_bytes([db[16], db[17]]) {
        1 => 65_536,
        n => n as usize,
    }
}

/// The pages of the b-tree rooted at `root` (1-based page numbers).
fn btree_pages(db: &[u8], root: usize) -> Vec<usize> {
    let ps = page_size(db);
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        out.push(p);
        let base = (p - 1) * ps;
        let hdr = base + if p == 1 { 100 } else { 0 };
        let kind = db[hdr];
        if kind == 0x02 || kind == 0x05 {
            let cells = u16::from_be_bytes([db[hdr + 3], db[hdr + 4]]) as usize;
            let right = u32::from_be_bytes(db[hdr + 8..hdr + 12].try_into().unwrap());
            todo.push(right as usize);
            for c in 0..cells {
                let at = hdr + 12 + 2 * c;
                let off = u16::from_be_bytes([db[at], db[at + 1]]) as usize;
                let child = u32::from_be_bytes(db[base + off..base + off + 4].try_into().unwrap());
                todo.push(child as usize);
            }
        }
    }
    out
}

/// Every page of every index on `txn_blocks`, with the index's name.
fn index_pages(path: &Path, db: &[u8]) -> Vec<(String, usize)> {
    let conn = Connection::open(path).unwrap();
    let roots: Vec<(String, i64)> = conn
        .prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'txn_blocks'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for (name, root) in roots {
        for p in btree_pages(db, root as usize) {
            out.push((name.clone(), p));
        }
    }
    out
}

fn next(seed: &mut u64) -> u64 {
    // splitmix64
    *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Default, Debug)]
struct Tally {
    unaffected: u64,
    detected: u64,
    silent: u64,
}

impl Tally {
    fn add(&mut self, got: &Result<Observed, VaultError>, want: &Observed) {
        match got {
            Ok(o) if o == want => self.unaffected += 1,
            Ok(_) => self.silent += 1,
            Err(_) => self.detected += 1,
        }
    }
}

#[test]
fn flipped_index_bytes_are_harmless_or_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.db");
    let txns = build(&clean);
    let pristine = std::fs::read(&clean).unwrap();
    let want = observe_copy(dir.path(), &pristine).unwrap();
    assert_eq!(want.all, ids(&txns));
    assert_eq!(want.one_account.len() as i64, MONTHS * 2);
    assert!(want.found.iter().all(Option::is_some));
    assert_eq!(want.after_write.len(), txns.len() + 1);
    let pages = index_pages(&clean, &pristine);
    let month_pages = pages
        .iter()
        .filter(|(n, _)| n == "txn_blocks_month")
        .count();
    assert!(
        month_pages >= 3,
        "the month index spans {month_pages} pages"
    );
    let ps = page_size(&pristine);

    let mut seed = 0x15_15_15_15_u64;
    let mut tally = Tally::default();
    let trial = dir.path().join("trial.db");
    for _ in 0..TRIALS {
        let mut db = pristine.clone();
        let (_, page) = &pages[(next(&mut seed) % pages.len() as u64) as usize];
        let at = (page - 1) * ps + (next(&mut seed) % ps as u64) as usize;
        let r = next(&mut seed);
        if r % 2 == 0 {
            db[at] ^= 1 << (r % 8);
        } else {
            db[at] = (r >> 8) as u8;
        }
        std::fs::write(&trial, &db).unwrap();
        let got = observe(&trial);
        if let Ok(o) = &got {
            if o != &want && tally.silent < 5 {
                eprintln!(
                    "silent: index page {page} of {}: all {} one_account {} one_year {} newest {:?} found {:?} accounts {}",
                    pages.iter().find(|(_, p)| p == page).map_or("", |(n, _)| n.as_str()),
                    o.all.len(),
                    o.one_account.len(),
                    o.one_year.len(),
                    o.newest_month,
                    o.found.iter().filter(|f| f.is_none()).count(),
                    o.accounts
                );
            }
        }
        tally.add(&got, &want);
        let _ = std::fs::remove_file(&trial);
    }
    println!(
        "index_flip_trials={TRIALS}\nindex_pages={}\nindex_flip_unaffected={}\nindex_flip_detected={}\nindex_flip_silent={}",
        pages.len(),
        tally.unaffected,
        tally.detected,
        tally.silent
    );
    assert_eq!(tally.silent, 0, "{tally:?}");
    assert!(tally.detected > 0, "{tally:?}");
}

/// Rewrites `sqlite_master` with `writable_schema`, as an attacker with the file can.
fn with_schema_edit(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA writable_schema = ON; {sql} PRAGMA schema_version = {}; PRAGMA writable_schema = OFF;",
        v + 1
    ))
    .unwrap();
}

#[test]
fn writable_schema_tricks_are_harmless_or_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.db");
    build(&clean);
    let pristine = std::fs::read(&clean).unwrap();
    let want = observe_copy(dir.path(), &pristine).unwrap();
    let tricks = [
        // The month index's root swapped with the source index's.
        "UPDATE sqlite_master SET rootpage = CASE name
             WHEN 'txn_blocks_month' THEN (SELECT rootpage FROM sqlite_master WHERE name = 'txn_blocks_source')
             ELSE (SELECT rootpage FROM sqlite_master WHERE name = 'txn_blocks_month') END
         WHERE name IN ('txn_blocks_month', 'txn_blocks_source');",
        // The month index pointed at the accounts' source index (another table's b-tree).
        "UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'accounts_source')
         WHERE name = 'txn_blocks_month';",
        // The month index declared partial, over the newest months only.
        "UPDATE sqlite_master SET sql = 'CREATE INDEX txn_blocks_month ON txn_blocks(month) WHERE month > 24300'
         WHERE name = 'txn_blocks_month';",
        // The unique index pointed at the month index.
        "UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'txn_blocks_month')
         WHERE name = 'sqlite_autoindex_txn_blocks_1';",
        // A trigger planted in the file that deletes old blocks whenever a block is written.
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'prune', 'txn_blocks', 0,
         'CREATE TRIGGER prune AFTER UPDATE ON txn_blocks BEGIN DELETE FROM txn_blocks WHERE month < NEW.month - 12; END');",
    ];
    let trial = dir.path().join("trial.db");
    let mut tally = Tally::default();
    for sql in tricks {
        std::fs::write(&trial, &pristine).unwrap();
        with_schema_edit(&trial, sql);
        let got = observe(&trial);
        tally.add(&got, &want);
        assert!(
            got.as_ref().map_or(true, |o| o == &want),
            "silent outcome for {sql}"
        );
        let _ = std::fs::remove_file(&trial);
    }
    println!(
        "schema_tricks={}\nschema_tricks_unaffected={}\nschema_tricks_detected={}\nschema_tricks_silent={}",
        tricks.len(),
        tally.unaffected,
        tally.detected,
        tally.silent
    );
    assert_eq!(tally.silent, 0);
}
