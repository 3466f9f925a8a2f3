//! `tacit bench vault`: Tacit's encrypted vault against two baselines in the same process,
//! on the same SQLite engine and the same data:
//!
//! - plain SQLite, one plaintext row per transaction (`id TEXT PRIMARY KEY` so it offers the
//!   same lookup by id as Tacit's keyed index), prepared statement, one transaction, WAL,
//!   `synchronous=FULL` like the vault;
//! - SQLCipher with a raw key and the same plaintext schema (only when built with
//!   `--features sqlcipher-baseline`, which links SQLCipher instead of SQLite for the whole
//!   binary; the library itself never depends on it).
//!
//! The vault is opened with the test key wrapper, standing in for a hardware keystore: the
//! passphrase wrapper's deliberate 600,000-iteration PBKDF2 is not what is being measured.
//!
//! Each store is measured in `--rounds` rounds (3 by default), each round in fresh files,
//! with the stores taking turns to go first, and reported by its median; the ratios are of
//! medians, and `ingest_vs_*_runs` lists each round's own ratio, after an untimed warm-up of
//! every store on a tenth of the rows. Until the twelfth session there was one round with
//! Tacit always first, and cold: the first store measured in a process ran 5-35% slower
//! than the same store later in the process, and on a shared machine one load spike decided a
//! ratio (docs/performance.md has the figures).

use crate::bench_data;
use crate::common::{Args, CliError};
use rusqlite::{params, Connection};
use std::path::Path;
use std::time::Instant;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::KekWrapper;
use tacit_core::model::*;
use tacit_core::money::Currency;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};

fn wrapper() -> KekWrapper {
    KekWrapper::new(SecretKey::from_bytes([0x5a; 32]))
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Ingest and read-all times for one store.
struct Timing {
    ingest_s: f64,
    read_s: f64,
}

fn bench_tacit(dir: &Path, txns: &[Transaction]) -> Result<Timing, CliError> {
    let path = dir.join("tacit.db");
    let mut v = Vault::create(&path, &wrapper(), OpenOptions::default())?;
    let accounts = bench_data::accounts();
    v.write(|w| accounts.iter().try_for_each(|a| w.put_account(a)))?;
    let t = Instant::now();
    v.write(|w| w.upsert_transactions(txns))?;
    let ingest_s = secs(t);
    let t = Instant::now();
    let back = v.transactions(&TxnFilter::default())?;
    let read_s = secs(t);
    if back.len() != txns.len() {
        return Err(CliError::Other(format!(
            "vault returned {} of {} transactions",
            back.len(),
            txns.len()
        )));
    }
    v.close()?;
    Ok(Timing { ingest_s, read_s })
}

const PLAIN_SCHEMA: &str = "CREATE TABLE txns (
    id TEXT PRIMARY KEY, account TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
    status INTEGER NOT NULL, transacted_at INTEGER NOT NULL, posted_at INTEGER,
    description TEXT NOT NULL, merchant TEXT, mcc INTEGER, category INTEGER,
    lat INTEGER, lon INTEGER, city TEXT, region TEXT, country TEXT, card_present INTEGER)";

fn bench_plain(path: &Path, key: Option<&str>, txns: &[Transaction]) -> Result<Timing, CliError> {
    let sql = |e: rusqlite::Error| CliError::Other(format!("baseline sqlite error: {e}"));
    let mut conn = Connection::open(path).map_err(sql)?;
    if let Some(k) = key {
        conn.execute_batch(&format!("PRAGMA key = \"x'{k}'\";"))
            .map_err(sql)?;
    }
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(sql)?;
    conn.execute_batch("PRAGMA synchronous = FULL;")
        .map_err(sql)?;
    conn.execute_batch(PLAIN_SCHEMA).map_err(sql)?;
    let t = Instant::now();
    let tx = conn.transaction().map_err(sql)?;
    {
        let mut stmt = tx
            .prepare("INSERT INTO txns VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)")
            .map_err(sql)?;
        for x in txns {
            let loc = x.location.as_ref();
            stmt.execute(params![
                x.id.0,
                x.account.0,
                x.amount,
                x.currency.code(),
                x.status == TxnStatus::Posted,
                x.transacted_at,
                x.posted_at,
                x.description,
                x.merchant,
                x.mcc,
                x.category.map(|c| c.code()),
                loc.and_then(|l| l.lat_e6),
                loc.and_then(|l| l.lon_e6),
                loc.and_then(|l| l.city.as_deref()),
                loc.and_then(|l| l.region.as_deref()),
                loc.and_then(|l| l.country.as_deref()),
                x.card_present,
            ])
            .map_err(sql)?;
        }
    }
    tx.commit().map_err(sql)?;
    let ingest_s = secs(t);
    let t = Instant::now();
    let mut stmt = conn.prepare("SELECT * FROM txns").map_err(sql)?;
    let back: Vec<Transaction> = stmt
        .query_map([], |r| {
            let city: Option<String> = r.get(13)?;
            Ok(Transaction {
                id: TxnId(r.get(0)?),
                account: AccountId(r.get(1)?),
                amount: r.get(2)?,
                currency: Currency::parse(&r.get::<_, String>(3)?).unwrap_or(Currency::USD),
                status: if r.get::<_, bool>(4)? {
                    TxnStatus::Posted
                } else {
                    TxnStatus::Pending
                },
                transacted_at: r.get(5)?,
                posted_at: r.get(6)?,
                description: r.get(7)?,
                merchant: r.get(8)?,
                mcc: r.get(9)?,
                category: r.get::<_, Option<u8>>(10)?.and_then(Category::from_code),
                location: city.map(|c| Location {
                    lat_e6: None,
                    lon_e6: None,
                    city: Some(c),
                    region: None,
                    country: None,
                }),
                card_present: r.get(16)?,
                pending_link: None,
            })
        })
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let read_s = secs(t);
    if back.len() != txns.len() {
        return Err(CliError::Other(
            "baseline returned the wrong number of rows".into(),
        ));
    }
    Ok(Timing { ingest_s, read_s })
}

fn sqlcipher_available() -> bool {
    cfg!(feature = "sqlcipher-baseline")
}

/// Opens the benchmark vault and sums the last 30 days; returns milliseconds.
fn open_and_sum(path: &Path, end: i64) -> Result<(f64, i64, usize), CliError> {
    let t = Instant::now();
    let v = Vault::open(path, &wrapper(), OpenOptions::default())?;
    let filter = TxnFilter {
        account: None,
        from: Some(end - 30 * 86_400),
        until: Some(end + 1),
    };
    let (mut sum, mut n) = (0i64, 0usize);
    v.visit_transactions(&filter, |t| {
        sum += t.amount;
        n += 1;
    })?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    drop(v);
    Ok((ms, sum, n))
}

/// The stores compared, in the order of their `key=value` lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Tacit,
    Sqlite,
    Sqlcipher,
}

impl Store {
    fn name(self) -> &'static str {
        match self {
            Store::Tacit => "tacit",
            Store::Sqlite => "sqlite",
            Store::Sqlcipher => "sqlcipher",
        }
    }

    fn measure(self, dir: &Path, txns: &[Transaction]) -> Result<Timing, CliError> {
        match self {
            Store::Tacit => bench_tacit(dir, txns),
            Store::Sqlite => bench_plain(&dir.join("plain.db"), None, txns),
            Store::Sqlcipher => {
                let key: String = (0..32).map(|i| format!("{:02x}", i * 7 + 3)).collect();
                bench_plain(&dir.join("cipher.db"), Some(&key), txns)
            }
        }
    }
}

/// One store's timings, one per round.
#[derive(Clone, Default)]
struct Runs {
    ingest: Vec<f64>,
    read: Vec<f64>,
}

/// The median (the upper one of an even count).
fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    s.get(s.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs `rounds` rounds of every store, each round in fresh files, the stores taking turns
/// to go first (round `r` starts with store `r mod n`), so that each store is measured in
/// every position and a load spike costs one round, not the figure. Returns the runs, in
/// `stores` order, and the last round's directory (its vault is the one opened after).
fn rounds(
    stores: &[Store],
    rounds: usize,
    txns: &[Transaction],
) -> Result<(Vec<Runs>, tempfile::TempDir), CliError> {
    // Warm-up, not timed: every store once on a tenth of the rows. The first store measured
    // in a process ran 5-35% slower than later runs of the same store (the heap faulted in
    // from the kernel, SQLite's first connection), and the one-round bench always put Tacit
    // first.
    let warm = tempfile_dir()?;
    let few = txns.get(..txns.len() / 10).unwrap_or(txns);
    for store in stores {
        store.measure(warm.path(), few)?;
    }
    drop(warm);
    let mut runs = vec![Runs::default(); stores.len()];
    let mut last = None;
    for r in 0..rounds.max(1) {
        let dir = tempfile_dir()?;
        for k in 0..stores.len() {
            let i = (r + k) % stores.len();
            let (Some(store), Some(out)) = (stores.get(i), runs.get_mut(i)) else {
                continue;
            };
            let t = store.measure(dir.path(), txns)?;
            out.ingest.push(t.ingest_s);
            out.read.push(t.read_s);
        }
        // The previous round's files are deleted here, between rounds.
        last = Some(dir);
    }
    let dir = last.ok_or_else(|| CliError::Other("no round was run".into()))?;
    Ok((runs, dir))
}

/// The average size of a transaction's fields, in bytes.
fn avg_txn_bytes(txns: &[Transaction]) -> usize {
    let total: usize = txns
        .iter()
        .map(|t| {
            t.id.0.len()
                + t.account.0.len()
                + 8
                + 3
                + 1
                + 8
                + 8
                + t.description.len()
                + t.merchant.as_ref().map_or(0, |m| m.len())
                + 2
                + 1
                + 8
                + 1
                + t.location.as_ref().map_or(0, |l| {
                    8 + l.city.as_ref().map_or(0, |c| c.len())
                        + l.region.as_ref().map_or(0, |c| c.len())
                        + 2
                })
        })
        .sum();
    total / txns.len().max(1)
}

/// Per-round ratios `base / tacit` of one measure, comma-separated.
fn ratio_runs(base: &[f64], tacit: &[f64]) -> String {
    base.iter()
        .zip(tacit)
        .map(|(b, t)| format!("{:.2}", b / t))
        .collect::<Vec<_>>()
        .join(",")
}

/// Prints each store's medians, then Tacit's ratios against each baseline.
fn report(stores: &[Store], runs: &[Runs], rows: usize) {
    for (store, r) in stores.iter().zip(runs) {
        println!("{}_ingest_s={:.4}", store.name(), median(&r.ingest));
        println!("{}_read_all_s={:.4}", store.name(), median(&r.read));
        let each: Vec<String> = r.ingest.iter().map(|s| format!("{s:.4}")).collect();
        println!("{}_ingest_runs={}", store.name(), each.join(","));
    }
    if !stores.contains(&Store::Sqlcipher) {
        println!("sqlcipher=not built (run scripts/bench-vault.sh, or cargo run --release -p tacit-cli --features sqlcipher-baseline -- bench vault)");
    }
    let Some(tacit) = runs.first() else { return };
    let (ingest, read) = (median(&tacit.ingest), median(&tacit.read));
    println!("ingest_rows_per_s={:.0}", rows as f64 / ingest);
    println!("read_rows_per_s={:.0}", rows as f64 / read);
    for (store, r) in stores.iter().zip(runs).skip(1) {
        let name = store.name();
        println!("ingest_vs_{name}={:.2}", median(&r.ingest) / ingest);
        println!("read_vs_{name}={:.2}", median(&r.read) / read);
        println!(
            "ingest_vs_{name}_runs={}",
            ratio_runs(&r.ingest, &tacit.ingest)
        );
    }
}

/// Runs the benchmark and prints `key=value` lines.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let rows = parsed.number("rows", 100_000).map_err(CliError::Usage)? as usize;
    let n_rounds = parsed.number("rounds", 3).map_err(CliError::Usage)?.max(1) as usize;
    let end = 1_790_000_000;
    let txns = bench_data::transactions(rows, end, 3 * 365, 42);
    println!("rows={rows}");
    println!("rounds={n_rounds}");
    println!("avg_txn_bytes={}", avg_txn_bytes(&txns));
    let mut stores = vec![Store::Tacit, Store::Sqlite];
    if sqlcipher_available() {
        stores.push(Store::Sqlcipher);
    }
    let (runs, dir) = rounds(&stores, n_rounds, &txns)?;
    report(&stores, &runs, rows);
    let mut opens: Vec<f64> = Vec::new();
    let mut last = (0, 0);
    for _ in 0..7 {
        let (ms, sum, n) = open_and_sum(&dir.path().join("tacit.db"), end)?;
        opens.push(ms);
        last = (sum, n);
    }
    println!("open_sum_30d_txns={}", last.1);
    let first = opens.first().copied().unwrap_or(f64::NAN);
    println!("open_sum_30d_first_ms={first:.3}");
    println!("open_sum_30d_ms={:.3}", median(&opens));
    Ok(())
}

fn tempfile_dir() -> Result<tempfile::TempDir, CliError> {
    tempfile::tempdir().map_err(|_| CliError::Other("cannot create a temporary directory".into()))
}
