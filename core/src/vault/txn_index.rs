//! The id index: which block rows hold each transaction-id tag (vault format 4).
//!
//! Why: an upsert must find the stored copy of every incoming id wherever it is. Reading every
//! block's `tags` column of the account did that, 8 bytes per transaction of history: a weekly
//! sync on ten years of history read 8 MB to place 230 transactions. With this table a sync
//! looks up each incoming tag (a B-tree probe), so its cost follows the batch, not the history.
//!
//! What it holds: `(tag, block)` pairs, the SipHash id tags of each block's `tags` column and
//! the block's row id; nothing that the `tags` column does not already show in plaintext. It is
//! kept by the block writes themselves (`blocks::store_block` diffs a block's old and new tags),
//! so no writer can forget it. It is a hint, never trusted alone: a block found through it is
//! opened and each match confirmed against the decrypted id, so a stale row costs one block
//! read.
//!
//! Damage (`sqlite3` can edit the table) is a `Tampered(TransactionBlock)` error wherever a
//! write or a lookup meets it:
//! - any row deleted, added, put back or rolled back in the bucket of a tag a lookup asks
//!   about: since format 6 the index's completeness is authenticated (`index_auth.rs`), and
//!   every lookup verifies the buckets of its tags first, so a lookup that finds no row
//!   proves the id is not stored (a re-sent id whose date moved to a month the write neither
//!   opens nor reads included);
//! - a row naming a block that does not exist, or one that does not list the tag in its
//!   authenticated `tags` column (a block row renumbered);
//! - a write removing a row that is not there, or adding one that already is;
//! - a write that opens a block holding an incoming id the index did not list there;
//! - a write given the stored transactions it read itself (an ingest reads the account's
//!   recent history to reconcile): any of those whose id is incoming must be listed in its
//!   month.
//!
//! `vault check` compares the whole index with the blocks' tags and every bucket with its
//! sum.
//!
//! Writes are gathered per upsert and applied sorted by tag, so a large import appends to the
//! B-tree in key order instead of touching a random page per transaction.

use super::error::{RecordKind, Result, VaultError};
use super::index_auth::IndexAuth;
use super::keys::VaultKeys;
use rusqlite::{params, params_from_iter, Connection};
use std::collections::{BTreeMap, BTreeSet};

/// The table, created by the format-4 migration and by `Vault::create`.
pub(super) const CREATE: &str = "CREATE TABLE txn_index (
         tag   INTEGER NOT NULL,
         block INTEGER NOT NULL,
         PRIMARY KEY (tag, block)
     ) WITHOUT ROWID;";

/// A tag as SQLite stores it (the same 64 bits, signed).
fn db_tag(tag: u64) -> i64 {
    i64::from_le_bytes(tag.to_le_bytes())
}

/// Reads a `tags` column (sorted little-endian u64s) into its distinct tags.
pub(super) fn tags_of(column: &[u8]) -> Result<Vec<u64>> {
    if column.len() % 8 != 0 {
        return Err(VaultError::Tampered(RecordKind::TransactionBlock));
    }
    let mut tags: Vec<u64> = column
        .chunks_exact(8)
        .map(|c| {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            u64::from_le_bytes(a)
        })
        .collect();
    crate::sort::sort(&mut tags);
    tags.dedup();
    Ok(tags)
}

/// `(tag, block)` rows of the index.
type Rows = Vec<(u64, i64)>;

/// Blocks `(account_ref, month)` with the tags the index lists them for.
pub(super) type Named = BTreeMap<(Vec<u8>, i64), Vec<u64>>;

/// Index rows to add and remove, gathered over one write and applied sorted.
#[derive(Default)]
pub(super) struct Changes {
    add: Vec<(u64, i64)>,
    remove: Vec<(u64, i64)>,
}

impl Changes {
    /// Records that block `block` went from the distinct sorted tags `old` to `new`.
    pub(super) fn block(&mut self, block: i64, old: &[u64], new: &[u64]) {
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a < b => {
                    self.remove.push((*a, block));
                    i += 1;
                }
                (Some(a), None) => {
                    self.remove.push((*a, block));
                    i += 1;
                }
                (_, Some(b)) => {
                    self.add.push((*b, block));
                    j += 1;
                }
                (None, None) => break,
            }
        }
    }

    /// Writes the gathered changes and keeps the index's authenticated sums
    /// (`index_auth.rs`) in the same transaction.
    pub(super) fn apply(self, conn: &Connection, keys: &VaultKeys, auth: &IndexAuth) -> Result<()> {
        let mut rows = self.write_rows(conn)?;
        rows.0.extend(rows.1);
        auth.update(conn, keys, &rows.0)
    }

    /// Writes the gathered changes, removals first, each in tag order; returns them. A row to
    /// remove that is not there, or one to add that already is, means the index was edited
    /// behind the vault's back: `Tampered`.
    fn write_rows(mut self, conn: &Connection) -> Result<(Rows, Rows)> {
        let tampered = VaultError::Tampered(RecordKind::TransactionBlock);
        // Stable sorts: each block's rows were added in tag order, and merging those runs is
        // cheaper than sorting from scratch.
        crate::sort::sort(&mut self.remove);
        crate::sort::sort(&mut self.add);
        let mut del = conn.prepare_cached("DELETE FROM txn_index WHERE tag = ?1 AND block = ?2")?;
        for (tag, block) in &self.remove {
            if del.execute(params![db_tag(*tag), block])? != 1 {
                return Err(tampered);
            }
        }
        let mut chunks = self.add.chunks_exact(INSERT_ROWS);
        if chunks.len() > 0 {
            let mut ins = conn.prepare_cached(&insert_sql(INSERT_ROWS))?;
            for chunk in &mut chunks {
                let values = chunk.iter().flat_map(|(t, b)| [db_tag(*t), *b]);
                inserted(ins.execute(params_from_iter(values)))?;
            }
        }
        let mut ins = conn.prepare_cached(&insert_sql(1))?;
        for (tag, block) in chunks.remainder() {
            inserted(ins.execute(params![db_tag(*tag), block]))?;
        }
        Ok((self.remove, self.add))
    }
}

/// Rows added by one `INSERT` statement: a large import adds a row per transaction, and
/// stepping a statement once per row cost more than the B-tree insert itself.
const INSERT_ROWS: usize = 64;

/// `INSERT OR FAIL INTO txn_index (tag, block) VALUES (?, ?), ...` with `rows` rows. `OR
/// FAIL`: a row already there stops the statement with a constraint error without undoing
/// the rows it inserted before, so SQLite keeps no statement journal (a copy of every page
/// the statement touches); the error fails the whole vault write, which rolls all of it back.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from("INSERT OR FAIL INTO txn_index (tag, block) VALUES (?, ?)");
    for _ in 1..rows {
        sql.push_str(", (?, ?)");
    }
    sql
}

/// The result of an insert into the index: a row that is already there means the index was
/// edited behind the vault's back (`Tampered`).
fn inserted(r: rusqlite::Result<usize>) -> Result<()> {
    match r {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(VaultError::Tampered(RecordKind::TransactionBlock))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the index lists for an upsert's tags: `(tag, month)` of `account_ref`'s blocks, and
/// `(tag, account, month)` of other accounts' blocks (a 64-bit tag collision, or a block
/// renumbered to name another account's: the caller confirms those against the blocks).
pub(super) type Listed = (BTreeSet<(u64, i64)>, Vec<(u64, Vec<u8>, i64)>);

/// [`Listed`] for `tags`, after verifying their buckets (`index_auth.rs`): what it does not
/// list is not stored. A row naming a block that does not exist is `Tampered`.
pub(super) fn months_of(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    account_ref: &[u8],
    tags: &[u64],
) -> Result<Listed> {
    auth.verify(conn, keys, tags.iter().copied())?;
    let mut found = BTreeSet::new();
    let mut others = Vec::new();
    for &tag in tags {
        for (account, month) in lookup(conn, tag)? {
            if account == account_ref {
                found.insert((tag, month));
            } else {
                others.push((tag, account, month));
            }
        }
    }
    Ok((found, others))
}

/// Every block `(account_ref, month)` the index lists for any of `tags`, any account, with
/// the tags that listed it, after verifying their buckets. A row naming a block that does
/// not exist is `Tampered`.
pub(super) fn blocks_of(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    tags: &[u64],
) -> Result<Named> {
    auth.verify(conn, keys, tags.iter().copied())?;
    let mut found = Named::new();
    for &tag in tags {
        for block in lookup(conn, tag)? {
            found.entry(block).or_default().push(tag);
        }
    }
    Ok(found)
}

/// The blocks listed for one tag (see [`lookup`]).
const LOOKUP: &str =
    "SELECT b.account_ref, b.month FROM txn_index i LEFT JOIN txn_blocks b ON b.id = i.block
     WHERE i.tag = ?1";

/// The `(account_ref, month)` of the blocks listed for one tag. `LEFT JOIN`: an inner join
/// would silently drop a row whose block is gone or was renumbered, turning damage into a
/// missed stored copy.
fn lookup(conn: &Connection, tag: u64) -> Result<Vec<(Vec<u8>, i64)>> {
    let mut stmt = conn.prepare_cached(LOOKUP)?;
    let mut rows = stmt.query(params![db_tag(tag)])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (account, month): (Option<Vec<u8>>, Option<i64>) = (row.get(0)?, row.get(1)?);
        match (account, month) {
            (Some(a), Some(m)) => out.push((a, m)),
            _ => return Err(VaultError::Tampered(RecordKind::TransactionBlock)),
        }
    }
    Ok(out)
}

/// Removes the rows of every block of a source, before `forget_source` deletes the blocks,
/// keeping the sums.
pub(super) fn forget_source(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    source_ref: &[u8],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.tag, i.block FROM txn_index i JOIN txn_blocks b ON b.id = i.block
         WHERE b.source_ref = ?1",
    )?;
    let remove = stmt
        .query_map([source_ref], |r| {
            Ok((u64::from_le_bytes(r.get::<_, i64>(0)?.to_le_bytes()), r.get(1)?))
        })?
        .collect::<std::result::Result<Vec<(u64, i64)>, _>>()?;
    Changes {
        add: Vec::new(),
        remove,
    }
    .apply(conn, keys, auth)
}

/// Every block's tags, as the index should list them, sorted: `(tag, block)`.
fn expected(conn: &Connection) -> Result<Vec<(u64, i64)>> {
    let mut stmt = conn.prepare("SELECT id, tags FROM txn_blocks")?;
    let mut rows = stmt.query([])?;
    let mut all = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let column = row
            .get_ref(1)?
            .as_blob()
            .map_err(|_| VaultError::Tampered(RecordKind::TransactionBlock))?;
        all.extend(tags_of(column)?.into_iter().map(|t| (t, id)));
    }
    crate::sort::sort(&mut all);
    Ok(all)
}

/// Builds the index from every block's tags (the format-5 migration; the format-6 one
/// rebuilds it, then its sums, `index_auth::build`).
pub(super) fn fill(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM txn_index")?;
    Changes {
        add: expected(conn)?,
        remove: Vec::new(),
    }
    .write_rows(conn)
    .map(|_| ())
}

/// Whether the index lists exactly the blocks' tags (`vault check`).
pub(super) fn check(conn: &Connection) -> Result<bool> {
    let want = expected(conn)?;
    let mut stmt = conn.prepare("SELECT tag, block FROM txn_index ORDER BY tag, block")?;
    let have: Vec<(u64, i64)> = stmt
        .query_map([], |r| {
            Ok((
                u64::from_le_bytes(r.get::<_, i64>(0)?.to_le_bytes()),
                r.get(1)?,
            ))
        })?
        .collect::<std::result::Result<_, _>>()?;
    // `ORDER BY tag` sorts the signed form; compare as sets of the unsigned form.
    let mut have = have;
    crate::sort::sort(&mut have);
    Ok(have == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_diff_adds_and_removes_exactly_the_changed_tags() {
        let mut c = Changes::default();
        c.block(7, &[1, 3, 5, 9], &[2, 3, 9, 10]);
        c.add.sort_unstable();
        c.remove.sort_unstable();
        assert_eq!(c.add, vec![(2, 7), (10, 7)]);
        assert_eq!(c.remove, vec![(1, 7), (5, 7)]);
        let mut d = Changes::default();
        d.block(1, &[], &[4]);
        d.block(2, &[4], &[]);
        assert_eq!((d.add, d.remove), (vec![(4, 1)], vec![(4, 2)]));
    }


    #[test]
    fn tags_of_dedups_and_refuses_a_torn_column() {
        let col: Vec<u8> = [5u64, 5, 1].iter().flat_map(|t| t.to_le_bytes()).collect();
        assert_eq!(tags_of(&col).unwrap(), vec![1, 5]);
        assert!(tags_of(&[0u8; 7]).is_err());
    }
}
