//! Whole-vault folds on several cores: the assistant's summary rebuild after an import reads
//! every stored transaction, and decrypting, decoding and totting up a year of a busy account
//! on one core leaves the others idle while the person waits for the import to finish.
//!
//! The block rows are read on the calling thread (SQLite stays there), split into contiguous
//! runs of about equal transaction counts, and each run is opened and folded into its own
//! accumulator on its own thread. The accumulators come back in block order, so a caller that
//! merges them in order sees the transactions in the same order as [`super::blocks::visit`].

use super::blocks::{open_block, BlockRow, Scan, TxnFilter};
use super::error::{Result, VaultError};
use super::keys::VaultKeys;
use super::records::TxnRef;
use crate::par;
use rusqlite::Connection;

/// Below this many transactions per thread, a fold runs on the calling thread alone. (Unit
/// tests use a small figure, so that every summary test of this crate, on vaults of a few
/// thousand transactions, goes through the split-and-merge path.)
const MIN_TXNS_PER_WORKER: usize = if cfg!(test) { 256 } else { 8_192 };

/// Most runs a fold is split into (threads are capped by [`par`] too).
const MAX_RUNS: usize = 4;

/// A block row with its key columns.
type KeyedRow = (Vec<u8>, i64, BlockRow);

/// Folds every stored transaction matching `filter` into accumulators made by `init`, one
/// per run of blocks, returned in block order (months ascending, then row id, as
/// [`super::blocks::visit`] visits them).
pub(crate) fn fold<A: Send>(
    conn: &Connection,
    keys: &VaultKeys,
    filter: &TxnFilter,
    init: impl Fn() -> A + Sync,
    step: impl Fn(&mut A, &TxnRef<'_>) + Sync,
) -> Result<Vec<A>> {
    let scan = Scan::new(keys, filter);
    let rows: Vec<KeyedRow> = scan.rows(conn, |a, month, rest| Ok((a, month, rest)))?;
    let runs = split_runs(rows);
    let folded = par::map(runs, 1, |run| -> Result<A> {
        let mut acc = init();
        for (account_ref, month, (source_ref, n, tags, env)) in &run {
            let block = open_block(keys, account_ref, *month, source_ref, *n, tags, env)?;
            for t in block.txns()? {
                if scan.covers(&t) {
                    step(&mut acc, &t);
                }
            }
        }
        Ok(acc)
    })
    .ok_or(VaultError::Corrupt("a scan worker stopped"))?;
    folded.into_iter().collect()
}

/// Splits block rows (in order) into contiguous runs of about equal transaction counts: as
/// many as there are multiples of [`MIN_TXNS_PER_WORKER`], at most [`MAX_RUNS`], at least one.
fn split_runs(rows: Vec<KeyedRow>) -> Vec<Vec<KeyedRow>> {
    let count = |r: &KeyedRow| usize::try_from(r.2 .1).unwrap_or(0);
    let total: usize = rows.iter().map(count).sum();
    let runs = (total / MIN_TXNS_PER_WORKER).clamp(1, MAX_RUNS);
    let share = total.div_ceil(runs).max(1);
    let mut out: Vec<Vec<KeyedRow>> = Vec::with_capacity(runs);
    let mut current: Vec<KeyedRow> = Vec::new();
    let mut in_current = 0usize;
    for row in rows {
        in_current += count(&row);
        current.push(row);
        if in_current >= share && out.len() + 1 < runs {
            out.push(std::mem::take(&mut current));
            in_current = 0;
        }
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// The newest month bucket (UTC month index) that holds a transaction, read from the
/// plaintext month column without opening any block.
pub(crate) fn newest_month(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT MAX(month) FROM txn_blocks", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: i64) -> KeyedRow {
        (vec![], 0, (vec![], n, vec![], vec![]))
    }

    #[test]
    fn runs_keep_order_and_balance_counts() {
        let rows: Vec<KeyedRow> = (0..40).map(|i| row(1_000 + i)).collect();
        const { assert!(40 * 1_000 >= 4 * MIN_TXNS_PER_WORKER) };
        let total: i64 = rows.iter().map(|r| r.2 .1).sum();
        let runs = split_runs(rows.clone());
        assert_eq!(runs.len(), 4);
        let flat: Vec<i64> = runs.iter().flatten().map(|r| r.2 .1).collect();
        assert_eq!(flat, rows.iter().map(|r| r.2 .1).collect::<Vec<_>>());
        for run in &runs {
            let sum: i64 = run.iter().map(|r| r.2 .1).sum();
            assert!(
                sum * 4 <= total + 4 * 1_040,
                "unbalanced run: {sum} of {total}"
            );
        }
        assert_eq!(split_runs(vec![row(5), row(7)]).len(), 1);
        let two = split_runs(vec![row(1), row(MIN_TXNS_PER_WORKER as i64 * 2)]);
        assert_eq!(two.iter().map(Vec::len).collect::<Vec<_>>(), vec![2]);
        assert_eq!(split_runs(Vec::new()).len(), 1);
    }
}
