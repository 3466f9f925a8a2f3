//! Transactions stored as encrypted account-month blocks.
//!
//! One envelope per account and month rather than one per transaction: a year of a busy
//! account is a few dozen AEAD calls and SQLite rows instead of thousands, which is what lets
//! ingest beat plain SQLite (see `tacit bench vault`). What leaks is the number of
//! transactions per account-month, which the ciphertext length would leak anyway.
//!
//! Lookup by transaction id uses a keyed-hash index: each block row carries the sorted 64-bit
//! SipHash-2-4 tags of its transaction ids. The tags, the month and the count are bound into the
//! envelope's associated data, so editing them makes the block fail to open. Tag collisions
//! are harmless: a match is always confirmed against the decrypted id. Which blocks hold a tag
//! is looked up in the id index (`txn_index`), kept by every block write here.

use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::index_auth::IndexAuth;
use super::keys::VaultKeys;
use super::records::{decode_block, encode_block, TxnRef};
use super::txn_index;
use crate::model::{Transaction, TxnId};
use crate::time::{month_index, month_start_ts, Timestamp};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which transactions a scan visits.
#[derive(Clone, Debug, Default)]
pub struct TxnFilter {
    /// Only this account.
    pub account: Option<crate::model::AccountId>,
    /// Transacted at or after this instant.
    pub from: Option<Timestamp>,
    /// Transacted before this instant.
    pub until: Option<Timestamp>,
}

/// Counts from an upsert.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertStats {
    /// Transactions whose id was new.
    pub inserted: usize,
    /// Transactions that replaced a stored one with the same id.
    pub replaced: usize,
}

pub(crate) fn account_ref(keys: &VaultKeys, account: &str) -> [u8; 16] {
    keys.row_ref(b"account", account.as_bytes())
}

pub(crate) fn source_ref(keys: &VaultKeys, source: &str) -> [u8; 16] {
    keys.row_ref(b"source", source.as_bytes())
}

pub(super) fn row_key(account_ref: &[u8], month: i64) -> Vec<u8> {
    let mut k = account_ref.to_vec();
    k.extend_from_slice(&month.to_be_bytes());
    k
}

pub(super) fn bound_columns(source_ref: &[u8], n: i64, tags: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(source_ref.len() + 8 + tags.len());
    b.extend_from_slice(source_ref);
    b.extend_from_slice(&n.to_be_bytes());
    b.extend_from_slice(tags);
    b
}

/// A block's `tags` column: its id tags sorted, little-endian, 8 bytes each (what
/// `txn_index::tags_of` reads back).
pub(super) fn tag_column(mut tags: Vec<u64>) -> Vec<u8> {
    crate::sort::sort(&mut tags);
    tags.iter().flat_map(|t| t.to_le_bytes()).collect()
}

/// A decrypted block's plaintext, with helpers to view its transactions.
pub(crate) struct OpenBlock {
    pub(super) plaintext: zeroize::Zeroizing<Vec<u8>>,
}

impl OpenBlock {
    pub(crate) fn txns(&self) -> Result<Vec<TxnRef<'_>>> {
        decode_block(&self.plaintext)
            .map_err(|_| VaultError::Corrupt("transaction block does not decode"))
    }
}

pub(super) fn open_block(
    keys: &VaultKeys,
    account_ref: &[u8],
    month: i64,
    source_ref: &[u8],
    n: i64,
    tags: &[u8],
    env: &[u8],
) -> Result<OpenBlock> {
    #[cfg(test)]
    read_log::record(month);
    let plaintext = envelope::open(
        &keys.record,
        RecordKind::TransactionBlock,
        &row_key(account_ref, month),
        &bound_columns(source_ref, n, tags),
        env,
    )?;
    Ok(OpenBlock {
        plaintext: zeroize::Zeroizing::new(plaintext),
    })
}

/// What a scan of `filter` reads: the month buckets, the exact instants, the account.
pub(super) struct Scan {
    months: (i64, i64),
    /// Transacted at or after `.0`, before `.1`.
    instants: (Timestamp, Timestamp),
    account: Option<[u8; 16]>,
}

impl Scan {
    pub(super) fn new(keys: &VaultKeys, filter: &TxnFilter) -> Scan {
        let lo = filter.from.map(month_index).unwrap_or(i64::MIN);
        let hi = filter
            .until
            .map(|t| month_index(t.saturating_sub(1)))
            .unwrap_or(i64::MAX);
        Scan {
            months: (lo, hi),
            instants: (
                filter.from.unwrap_or(i64::MIN),
                filter.until.unwrap_or(i64::MAX),
            ),
            account: filter.account.as_ref().map(|a| account_ref(keys, &a.0)),
        }
    }

    /// Whether a transaction of a scanned block is in the filter.
    pub(super) fn covers(&self, t: &TxnRef<'_>) -> bool {
        t.transacted_at >= self.instants.0 && t.transacted_at < self.instants.1
    }

    /// The block rows (account ref, month, the rest), months ascending, then row id.
    pub(super) fn rows<T>(
        &self,
        conn: &Connection,
        mut each: impl FnMut(Vec<u8>, i64, BlockRow) -> Result<T>,
    ) -> Result<Vec<T>> {
        // Every block of the months in range is read (an account filter is applied here, not
        // in SQL) so that each month can be checked whole against the authenticated row-set
        // digest: a damaged index cannot hide a block (issue 15, `rowset.rs`).
        let mut stmt = conn.prepare_cached(
            "SELECT account_ref, month, source_ref, n, tags, env,
                    tacit_row_el(1, account_ref, month, substr(env, 3, 24)) FROM txn_blocks
             WHERE month BETWEEN ?1 AND ?2 ORDER BY month, id",
        )?;
        let mut check = super::rowset::ScanCheck::new(self.months);
        let mut rows = stmt.query(params![self.months.0, self.months.1])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (account, month): (Vec<u8>, i64) = (row.get(0)?, row.get(1)?);
            check.see(month, &account, row.get_ref(6)?)?;
            if self.account.is_some_and(|a| a[..] != account[..]) {
                continue;
            }
            let rest = (row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?);
            out.push(each(account, month, rest)?);
        }
        drop(rows);
        check.finish(conn)?;
        Ok(out)
    }
}

/// Visits every stored transaction matching `filter`, block by block in month order.
#[inline]
pub(crate) fn visit(
    conn: &Connection,
    keys: &VaultKeys,
    filter: &TxnFilter,
    mut f: impl FnMut(&TxnRef<'_>),
) -> Result<()> {
    visit_dyn(conn, keys, filter, &mut f)
}

/// [`visit`] through one function object: the scan, the decryption and the decoding are
/// compiled once, not once per caller's closure (the mobile library's size).
fn visit_dyn(
    conn: &Connection,
    keys: &VaultKeys,
    filter: &TxnFilter,
    f: &mut dyn FnMut(&TxnRef<'_>),
) -> Result<()> {
    let scan = Scan::new(keys, filter);
    scan.rows(conn, |a, month, (s, n, tags, env)| {
        let block = open_block(keys, &a, month, &s, n, &tags, &env)?;
        for t in block.txns()? {
            if scan.covers(&t) {
                f(&t);
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// The stored source of an account, or `None` when the account is not stored.
fn account_source_ref(conn: &Connection, account_ref: &[u8]) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT source_ref FROM accounts WHERE account_ref = ?1")?
        .query_row([account_ref], |r| r.get(0))
        .optional()?)
}

/// A stored block opened for rewriting: its row id and distinct tags (for the id index), its
/// source reference, and its plaintext.
pub(super) struct StoredBlock {
    id: i64,
    source_ref: Vec<u8>,
    tags: Vec<u64>,
    block: OpenBlock,
}

fn open_stored_block(
    conn: &Connection,
    keys: &VaultKeys,
    account_ref: &[u8],
    month: i64,
) -> Result<Option<StoredBlock>> {
    let row: Option<(i64, BlockRow)> = conn
        .prepare_cached(
            "SELECT id, source_ref, n, tags, env FROM txn_blocks WHERE account_ref = ?1 AND month = ?2",
        )?
        .query_row(params![account_ref, month], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })
        .optional()?;
    let Some((id, (s, n, tags, env))) = row else {
        return Ok(None);
    };
    let block = open_block(keys, account_ref, month, &s, n, &tags, &env)?;
    Ok(Some(StoredBlock {
        id,
        tags: txn_index::tags_of(&tags)?,
        source_ref: s,
        block,
    }))
}

/// A block row's columns besides its key: source ref, count, tags, envelope.
pub(super) type BlockRow = (Vec<u8>, i64, Vec<u8>, Vec<u8>);

/// Orders ids given as [`TxnRef::id_parts`] exactly as their joined strings would order.
fn cmp_id_parts(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    if a.0 == b.0 {
        return a.1.cmp(b.1);
    }
    joined_bytes(a).cmp(joined_bytes(b))
}

fn joined_bytes<'a>((account, suffix): (&'a str, &'a str)) -> impl Iterator<Item = u8> + 'a {
    let hash: &[u8] = if account.is_empty() { b"" } else { b"#" };
    account
        .as_bytes()
        .iter()
        .chain(hash)
        .chain(suffix.as_bytes())
        .copied()
}

/// Writes one account-month block from `(tag, transaction)` pairs, or deletes the row when
/// there are none. Transactions are stored in time order, tags sorted. `old` is the row id and
/// distinct tags of the block it replaces, if stored; the id index's changes go to `index`.
#[allow(clippy::too_many_arguments)]
fn store_block(
    conn: &Connection,
    keys: &VaultKeys,
    account: &str,
    account_ref: &[u8],
    source_ref: &[u8],
    month: i64,
    txns: &mut [(u64, TxnRef<'_>)],
    old: Option<(i64, &[u64])>,
    index: &mut txn_index::Changes,
) -> Result<()> {
    match seal_block(keys, account, account_ref, source_ref, month, txns)? {
        Some(sealed) => {
            let id = write_block(conn, account_ref, source_ref, &sealed)?;
            let before = old.filter(|(o, _)| *o == id).map_or(&[][..], |(_, t)| t);
            index.block(id, before, &sealed.distinct);
        }
        None => {
            delete_block(conn, account_ref, month)?;
            if let Some((id, tags)) = old {
                index.block(id, tags, &[]);
            }
        }
    }
    Ok(())
}

/// A block ready to be written: everything but the SQLite statement.
struct SealedBlock {
    month: i64,
    n: i64,
    tags: Vec<u8>,
    /// The distinct tags, sorted (the id index's rows of this block).
    distinct: Vec<u64>,
    env: Vec<u8>,
}

/// Sorts, encodes and seals one account-month block; `None` when it is empty.
fn seal_block(
    keys: &VaultKeys,
    account: &str,
    account_ref: &[u8],
    source_ref: &[u8],
    month: i64,
    txns: &mut [(u64, TxnRef<'_>)],
) -> Result<Option<SealedBlock>> {
    if txns.is_empty() {
        return Ok(None);
    }
    crate::sort::by(txns, |(_, a), (_, b)| {
        a.transacted_at
            .cmp(&b.transacted_at)
            .then_with(|| cmp_id_parts(a.id_parts(), b.id_parts()))
    });
    let mut sorted: Vec<u64> = txns.iter().map(|(tag, _)| *tag).collect();
    crate::sort::sort(&mut sorted);
    let tag_bytes = tag_column(sorted.clone());
    sorted.dedup();
    let plaintext = zeroize::Zeroizing::new(encode_block(account, txns.iter().map(|(_, t)| t)));
    let n = txns.len() as i64;
    let env = envelope::seal(
        &keys.record,
        RecordKind::TransactionBlock,
        &row_key(account_ref, month),
        &bound_columns(source_ref, n, &tag_bytes),
        &plaintext,
    )?;
    Ok(Some(SealedBlock {
        month,
        n,
        tags: tag_bytes,
        distinct: sorted,
        env,
    }))
}

/// Inserts or updates a block row; returns its row id (kept by an update).
fn write_block(
    conn: &Connection,
    account_ref: &[u8],
    source_ref: &[u8],
    b: &SealedBlock,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO txn_blocks (account_ref, month, source_ref, n, tags, env) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (account_ref, month) DO UPDATE SET source_ref = excluded.source_ref,
                 n = excluded.n, tags = excluded.tags, env = excluded.env
             RETURNING id",
        )?
        .query_row(
            params![account_ref, b.month, source_ref, b.n, b.tags, b.env],
            |r| r.get(0),
        )?)
}

fn delete_block(conn: &Connection, account_ref: &[u8], month: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM txn_blocks WHERE account_ref = ?1 AND month = ?2")?
        .execute(params![account_ref, month])?;
    Ok(())
}

/// [`month_index`] with the last month's bounds remembered: consecutive transactions of a
/// batch mostly fall in the same month, and the civil-date conversion is not free.
#[derive(Default)]
struct MonthOf {
    cached: Option<(Timestamp, Timestamp, i64)>,
}

impl MonthOf {
    /// Instants this far from 1970 (about 35 million years) have month bounds that fit.
    const SANE: i64 = 1 << 50;

    fn month(&mut self, ts: Timestamp) -> i64 {
        if let Some((start, end, m)) = self.cached {
            if ts >= start && ts < end {
                return m;
            }
        }
        let m = month_index(ts);
        self.cached = (-Self::SANE..Self::SANE)
            .contains(&ts)
            .then(|| (month_start_ts(m), month_start_ts(m + 1), m));
        m
    }
}

/// An account's incoming transactions, one per id (the batch's last occurrence): sorted by
/// keyed tag, so that membership is a binary search confirmed against the id, and in batch
/// order with their months, which is how they are written (a batch is mostly in time order,
/// so walking it in order touches memory and months in order; walking it in tag order cost a
/// cache miss per transaction).
struct Incoming<'a> {
    by_tag: Vec<(u64, &'a Transaction)>,
    /// A 65,536-bit filter of the incoming tags' low bits: testing each stored tag of an
    /// account against the batch is one bit test for almost every tag, a binary search only
    /// for the few that pass.
    filter: Vec<u64>,
    /// `(tag, month, transaction)` in batch order.
    in_order: Vec<Tagged<'a>>,
}

impl<'a> Incoming<'a> {
    /// From an account's `(tag, month, transaction)` in batch order ([`tagged_by_account`]).
    fn new(list: &[Tagged<'a>]) -> Incoming<'a> {
        let mut order: Vec<(u64, usize)> = list.iter().map(|e| e.0).zip(0..).collect();
        crate::sort::sort(&mut order);
        // Within one tag's run (index order), keep each distinct id's last occurrence. A run
        // holds one id barring a 64-bit tag collision, so the seen-list stays tiny even when
        // a hostile batch repeats one id many times; a run of one needs no id at all.
        let mut keep = vec![false; list.len()];
        let mut seen: Vec<&str> = Vec::new();
        for run in order.chunk_by(|a, b| a.0 == b.0) {
            if let [(_, i)] = run {
                if let Some(k) = keep.get_mut(*i) {
                    *k = true;
                }
                continue;
            }
            seen.clear();
            for &(_, i) in run.iter().rev() {
                let Some(&(_, _, t)) = list.get(i) else {
                    continue;
                };
                if !seen.contains(&t.id.0.as_str()) {
                    seen.push(&t.id.0);
                    if let Some(k) = keep.get_mut(i) {
                        *k = true;
                    }
                }
            }
        }
        let kept = |i: usize| keep.get(i).copied().unwrap_or(false);
        let mut filter = vec![0u64; 1024];
        for &(tag, _, _) in list {
            if let Some(w) = filter.get_mut((tag as usize & 0xFFFF) >> 6) {
                *w |= 1 << (tag & 63);
            }
        }
        let by_tag = order
            .iter()
            .filter(|(_, i)| kept(*i))
            .filter_map(|&(tag, i)| Some((tag, list.get(i)?.2)))
            .collect();
        let in_order = list
            .iter()
            .enumerate()
            .filter(|(i, _)| kept(*i))
            .map(|(_, &e)| e)
            .collect();
        Incoming {
            by_tag,
            filter,
            in_order,
        }
    }

    fn has_tag(&self, tag: u64) -> bool {
        let maybe = self
            .filter
            .get((tag as usize & 0xFFFF) >> 6)
            .is_some_and(|w| w & (1 << (tag & 63)) != 0);
        maybe && self.by_tag.binary_search_by_key(&tag, |e| e.0).is_ok()
    }

    /// Whether a stored transaction (its tag and view) is replaced by an incoming one.
    fn replaces(&self, tag: u64, stored: &TxnRef<'_>) -> bool {
        let from = self.by_tag.partition_point(|e| e.0 < tag);
        self.by_tag[from..]
            .iter()
            .take_while(|e| e.0 == tag)
            .any(|(_, t)| stored.id_is(&t.id.0))
    }
}

/// Batches of at most this many distinct ids find their stored copies through the id index,
/// one probe each, so a sync costs the same whatever the history's length. A larger batch (a
/// statement of years imported whole) reads the account's tag columns once instead, which is
/// cheaper than a probe per transaction when the batch is as long as the history itself.
pub(super) const PROBE_MAX: usize = 4096;

fn probe_max() -> usize {
    #[cfg(test)]
    if let Some(n) = read_log::probe_max() {
        return n;
    }
    PROBE_MAX
}

/// `(tag, month)` of `account_ref`'s stored blocks that may hold an incoming id: from the id
/// index, or (a batch larger than [`PROBE_MAX`]) from the blocks' tag columns.
fn stored_months(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    account_ref: &[u8],
    incoming: &Incoming<'_>,
) -> Result<BTreeSet<(u64, i64)>> {
    let mut tags: Vec<u64> = incoming.by_tag.iter().map(|(t, _)| *t).collect();
    tags.dedup();
    if tags.len() <= probe_max() {
        let (found, others) = txn_index::months_of(conn, keys, auth, account_ref, &tags)?;
        for (tag, account, month) in others {
            confirm(conn, keys, &account, month, &[tag])?;
        }
        return Ok(found);
    }
    let mut found = BTreeSet::new();
    let mut stmt =
        conn.prepare_cached("SELECT month, tags FROM txn_blocks WHERE account_ref = ?1")?;
    let mut rows = stmt.query([account_ref])?;
    while let Some(row) = rows.next()? {
        let month: i64 = row.get(0)?;
        #[cfg(test)]
        read_log::record_tags(month);
        let column = row
            .get_ref(1)?
            .as_blob()
            .map_err(|_| VaultError::Tampered(RecordKind::TransactionBlock))?;
        if column.len() % 8 != 0 {
            return Err(VaultError::Tampered(RecordKind::TransactionBlock));
        }
        for c in column.chunks_exact(8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            let tag = u64::from_le_bytes(a);
            if incoming.has_tag(tag) {
                found.insert((tag, month));
            }
        }
    }
    Ok(found)
}

/// Confirms that block `(account_ref, month)`, named by the id index for `tags`, exists and
/// lists each of them in its authenticated tags: a row renumbered to name another block is
/// `Tampered`, not a silently missed stored copy.
fn confirm(
    conn: &Connection,
    keys: &VaultKeys,
    account_ref: &[u8],
    month: i64,
    tags: &[u64],
) -> Result<()> {
    let stored = open_stored_block(conn, keys, account_ref, month)?.ok_or_else(tampered)?;
    lists_all(&stored, tags)
}

fn tampered() -> VaultError {
    VaultError::Tampered(RecordKind::TransactionBlock)
}

/// Whether an opened block's authenticated tags include every one of `tags`.
fn lists_all(stored: &StoredBlock, tags: &[u64]) -> Result<()> {
    if tags.iter().all(|t| stored.tags.binary_search(t).is_ok()) {
        Ok(())
    } else {
        Err(tampered())
    }
}

/// Checks the lookup against stored transactions the caller read in this write (authenticated
/// scans): each one whose id is incoming must be in a month the lookup found for its tag.
/// Otherwise the id index lost a row, and writing on would store the id twice.
fn check_seen(
    keys: &VaultKeys,
    account: &str,
    incoming: &Incoming<'_>,
    found: &BTreeSet<(u64, i64)>,
    seen: &[&Transaction],
) -> Result<()> {
    let mut month_of = MonthOf::default();
    for t in seen.iter().filter(|t| t.account.0 == account) {
        let tag = keys.txn_tag(&t.id.0);
        if incoming.replaces(tag, &TxnRef::borrowed(t))
            && !found.contains(&(tag, month_of.month(t.transacted_at)))
        {
            return Err(VaultError::Tampered(RecordKind::TransactionBlock));
        }
    }
    Ok(())
}

/// An incoming transaction with its id tag and month bucket.
type Tagged<'a> = (u64, i64, &'a Transaction);

/// A batch's transactions by account, each as `(id tag, month bucket, transaction)` in batch
/// order: one pass over the batch reads each transaction's account, id and date together
/// (a large batch is larger than the CPU's caches, and its strings are scattered on the
/// heap: a pass per step cost a cache miss per transaction per step).
fn tagged_by_account<'a>(
    keys: &VaultKeys,
    txns: &[&'a Transaction],
) -> Result<BTreeMap<&'a str, Vec<Tagged<'a>>>> {
    let mut by_account: BTreeMap<&str, Vec<Tagged<'_>>> = BTreeMap::new();
    let mut month_of = MonthOf::default();
    for &t in txns {
        if t.id.0.is_empty() || t.account.0.is_empty() {
            return Err(VaultError::InvalidInput("empty transaction or account id"));
        }
        let entry = (keys.txn_tag(&t.id.0), month_of.month(t.transacted_at), t);
        by_account.entry(&t.account.0).or_default().push(entry);
    }
    Ok(by_account)
}

/// Inserts or replaces transactions by id. Every transaction's account must already be
/// stored. Within the batch, a repeated id keeps the last occurrence.
///
/// Works on views throughout: incoming transactions are encoded straight from the caller's
/// slice and stored ones straight from their decrypted blocks, each id hashed once.
///
/// `note` sees every change: each stored transaction replaced (-1) and each one written
/// (1), for the digest. `seen`: stored transactions the caller read in this write, which the
/// id index must agree with (`txn_index.rs`); may be empty.
pub(crate) fn upsert(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    txns: &[&Transaction],
    seen: &[&Transaction],
    note: &mut dyn FnMut(&TxnRef<'_>, i64),
) -> Result<UpsertStats> {
    let mut stats = UpsertStats::default();
    for (account, list) in tagged_by_account(keys, txns)? {
        let aref = account_ref(keys, account);
        let source_ref = account_source_ref(conn, &aref)?.ok_or(VaultError::InvalidInput(
            "transaction for an account that is not stored",
        ))?;
        let incoming = Incoming::new(&list);
        // Months whose block must be rewritten: targets of incoming transactions, and any
        // stored month whose tags include an incoming id's tag.
        let mut per_month: BTreeMap<i64, usize> = BTreeMap::new();
        for &(_, month, _) in &incoming.in_order {
            *per_month.entry(month).or_default() += 1;
        }
        // Built by inserts, not `collect` (a collected map compiles its own sort).
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        touched.extend(per_month.keys().copied());
        let found = stored_months(conn, keys, auth, &aref, &incoming)?;
        check_seen(keys, account, &incoming, &found, seen)?;
        touched.extend(found.iter().map(|(_, m)| *m));
        let mut opened: Vec<(i64, StoredBlock)> = Vec::new();
        for &month in &touched {
            if let Some(block) = open_stored_block(conn, keys, &aref, month)? {
                opened.push((month, block));
            }
        }
        // Every block the index named must be there and list the tag it was named for.
        for run in found.iter().collect::<Vec<_>>().chunk_by(|a, b| a.1 == b.1) {
            let Some((_, month)) = run.first() else { continue };
            let tags: Vec<u64> = run.iter().map(|(t, _)| *t).collect();
            let block = opened.iter().find(|(m, _)| m == month).ok_or_else(tampered)?;
            lists_all(&block.1, &tags)?;
        }
        let mut lists: BTreeMap<i64, Vec<(u64, TxnRef<'_>)>> = BTreeMap::new();
        for &m in &touched {
            let capacity = per_month.get(&m).copied().unwrap_or(0);
            lists.insert(m, Vec::with_capacity(capacity));
        }
        let mut old: BTreeMap<i64, (i64, &[u64])> = BTreeMap::new();
        for (month, stored) in &opened {
            old.insert(*month, (stored.id, &stored.tags));
            let list = lists.entry(*month).or_default();
            for t in stored.block.txns()? {
                let tag = keys.txn_tag_parts(t.id_parts());
                if incoming.replaces(tag, &t) {
                    // An opened block holds an incoming id the lookup did not list here.
                    if !found.contains(&(tag, *month)) {
                        return Err(VaultError::Tampered(RecordKind::TransactionBlock));
                    }
                    note(&t, -1);
                    stats.replaced += 1;
                } else {
                    list.push((tag, t));
                }
            }
        }
        for &(tag, month, t) in &incoming.in_order {
            let view = TxnRef::borrowed(t);
            note(&view, 1);
            lists.entry(month).or_default().push((tag, view));
        }
        stats.inserted += incoming.by_tag.len();
        // One block at a time, in month order: sealed, written, dropped.
        let mut index = txn_index::Changes::default();
        for (month, mut list) in lists {
            let before = old.get(&month).copied();
            store_block(
                conn,
                keys,
                account,
                &aref,
                &source_ref,
                month,
                &mut list,
                before,
                &mut index,
            )?;
        }
        index.apply(conn, keys, auth)?;
    }
    stats.inserted -= stats.replaced;
    Ok(stats)
}

/// Removes transactions by id, wherever they are stored. Returns how many were removed;
/// `note` sees each one (-1). `seen`: stored transactions the caller read in this write; the
/// id index must list each one whose id is to be removed (`txn_index.rs`).
pub(crate) fn remove(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    ids: &[TxnId],
    seen: &[&Transaction],
    note: &mut dyn FnMut(&TxnRef<'_>, i64),
) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let wanted: HashMap<u64, Vec<&str>> = ids.iter().fold(HashMap::new(), |mut m, id| {
        m.entry(keys.txn_tag(&id.0)).or_default().push(&id.0);
        m
    });
    let tags: Vec<u64> = wanted.keys().copied().collect();
    let candidates = txn_index::blocks_of(conn, keys, auth, &tags)?;
    for t in seen {
        let tag = keys.txn_tag(&t.id.0);
        let asked = wanted
            .get(&tag)
            .is_some_and(|list| list.contains(&t.id.0.as_str()));
        if asked {
            let block = (
                account_ref(keys, &t.account.0).to_vec(),
                month_index(t.transacted_at),
            );
            if !candidates.contains_key(&block) {
                return Err(VaultError::Tampered(RecordKind::TransactionBlock));
            }
        }
    }
    let mut removed = 0;
    let mut index = txn_index::Changes::default();
    for ((aref, month), listed) in candidates {
        // The id index names this block: missing now means a damaged index (issue 15).
        let Some(stored) = open_stored_block(conn, keys, &aref, month)? else {
            return Err(VaultError::Tampered(RecordKind::TransactionBlock));
        };
        lists_all(&stored, &listed)?;
        let txns = stored.block.txns()?;
        let before = txns.len();
        let account = txns.first().map(|t| t.account).unwrap_or("");
        let mut kept: Vec<(u64, TxnRef<'_>)> = Vec::with_capacity(before);
        for t in txns.iter() {
            let tag = keys.txn_tag_parts(t.id_parts());
            let gone = wanted
                .get(&tag)
                .is_some_and(|list| list.iter().any(|id| t.id_is(id)));
            if gone {
                note(t, -1);
            } else {
                kept.push((tag, *t));
            }
        }
        if kept.len() != before {
            removed += before - kept.len();
            let old = Some((stored.id, &stored.tags[..]));
            store_block(
                conn,
                keys,
                account,
                &aref,
                &stored.source_ref,
                month,
                &mut kept,
                old,
                &mut index,
            )?;
        }
    }
    index.apply(conn, keys, auth)?;
    Ok(removed)
}

/// Finds one transaction by id. `None` is proven: the tag's bucket of the id index was
/// verified (`index_auth.rs`), so no row of it was deleted.
pub(crate) fn find(
    conn: &Connection,
    keys: &VaultKeys,
    auth: &IndexAuth,
    id: &TxnId,
) -> Result<Option<Transaction>> {
    let tag = keys.txn_tag(&id.0);
    for ((aref, month), listed) in txn_index::blocks_of(conn, keys, auth, &[tag])? {
        // The id index names this block: missing now means a damaged index (issue 15).
        let stored = open_stored_block(conn, keys, &aref, month)?
            .ok_or(VaultError::Tampered(RecordKind::TransactionBlock))?;
        lists_all(&stored, &listed)?;
        if let Some(t) = stored.block.txns()?.iter().find(|t| t.id_is(&id.0)) {
            return Ok(Some(t.owned()));
        }
    }
    Ok(None)
}

/// Visits every transaction stored for a source (its blocks, by their plaintext source
/// reference), before `forget_source` deletes them.
#[inline]
pub(crate) fn visit_source(
    conn: &Connection,
    keys: &VaultKeys,
    source_ref: &[u8],
    mut f: impl FnMut(&TxnRef<'_>),
) -> Result<()> {
    visit_source_dyn(conn, keys, source_ref, &mut f)
}

/// [`visit_source`] compiled once (see [`visit_dyn`]).
fn visit_source_dyn(
    conn: &Connection,
    keys: &VaultKeys,
    source_ref: &[u8],
    f: &mut dyn FnMut(&TxnRef<'_>),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_ref, month, n, tags, env FROM txn_blocks WHERE source_ref = ?1 ORDER BY month, id",
    )?;
    let mut rows = stmt.query([source_ref])?;
    while let Some(row) = rows.next()? {
        let (a, month, n, tags, env): (Vec<u8>, i64, i64, Vec<u8>, Vec<u8>) = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        );
        let block = open_block(keys, &a, month, source_ref, n, &tags, &env)?;
        for t in block.txns()? {
            f(&t);
        }
    }
    Ok(())
}

/// Test-only log of the blocks decrypted on this thread (their month buckets), so tests can
/// show that a sync or a reply reads no old history.
#[cfg(test)]
pub(crate) mod read_log {
    use std::cell::RefCell;

    thread_local! {
        static MONTHS: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
        static TAGS: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
    }

    thread_local! {
        static PROBE_MAX: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    /// Overrides `PROBE_MAX` on this thread (tests of both lookup paths).
    pub(crate) fn set_probe_max(n: Option<usize>) {
        PROBE_MAX.with(|c| c.set(n));
    }

    pub(super) fn probe_max() -> Option<usize> {
        PROBE_MAX.with(|c| c.get())
    }

    /// A block's `tags` column read (by an upsert too large for the id index).
    pub(super) fn record_tags(month: i64) {
        TAGS.with(|m| m.borrow_mut().push(month));
    }

    /// The months of the tag columns read since the last call, and clears that log.
    pub(crate) fn take_tags() -> Vec<i64> {
        TAGS.with(|m| std::mem::take(&mut *m.borrow_mut()))
    }

    pub(super) fn record(month: i64) {
        MONTHS.with(|m| m.borrow_mut().push(month));
    }

    /// The months of the blocks opened since the last call, and clears the log.
    pub(crate) fn take() -> Vec<i64> {
        MONTHS.with(|m| std::mem::take(&mut *m.borrow_mut()))
    }
}
