//! Transactions stored as encrypted account-month blocks.
//!
//! One envelope per account and month rather than one per transaction: a year of a busy
//! account is a few dozen AEAD calls and SQLite rows instead of thousands, which is what lets
//! ingest beat plain SQLite (see `tacit bench vault`). What leaks is the number of
//! transactions per account-month, which the ciphertext length would leak anyway.
//!
//! Lookup by transaction id uses a keyed-hash index: each block row carries the sorted 64-bit
//! HMAC tags of its transaction ids. The tags, the month and the count are bound into the
//! envelope's associated data, so editing them makes the block fail to open. Tag collisions
//! are harmless: a match is always confirmed against the decrypted id.

use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use super::records::{decode_block, encode_block, TxnRef};
use crate::model::{Transaction, TxnId};
use crate::time::{month_index, Timestamp};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap, HashSet};

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

fn row_key(account_ref: &[u8], month: i64) -> Vec<u8> {
    let mut k = account_ref.to_vec();
    k.extend_from_slice(&month.to_be_bytes());
    k
}

fn bound_columns(source_ref: &[u8], n: i64, tags: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(source_ref.len() + 8 + tags.len());
    b.extend_from_slice(source_ref);
    b.extend_from_slice(&n.to_be_bytes());
    b.extend_from_slice(tags);
    b
}

fn parse_tags(tags: &[u8]) -> Result<Vec<u64>> {
    if tags.len() % 8 != 0 {
        return Err(VaultError::Tampered(RecordKind::TransactionBlock));
    }
    Ok(tags
        .chunks_exact(8)
        .map(|c| {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            u64::from_le_bytes(a)
        })
        .collect())
}

/// A decrypted block's plaintext, with helpers to view its transactions.
pub(crate) struct OpenBlock {
    plaintext: zeroize::Zeroizing<Vec<u8>>,
}

impl OpenBlock {
    pub(crate) fn txns(&self) -> Result<Vec<TxnRef<'_>>> {
        decode_block(&self.plaintext)
            .map_err(|_| VaultError::Corrupt("transaction block does not decode"))
    }
}

fn open_block(
    keys: &VaultKeys,
    account_ref: &[u8],
    month: i64,
    source_ref: &[u8],
    n: i64,
    tags: &[u8],
    env: &[u8],
) -> Result<OpenBlock> {
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

/// Visits every stored transaction matching `filter`, block by block in month order.
pub(crate) fn visit(
    conn: &Connection,
    keys: &VaultKeys,
    filter: &TxnFilter,
    mut f: impl FnMut(&TxnRef<'_>),
) -> Result<()> {
    let lo = filter.from.map(month_index).unwrap_or(i64::MIN);
    let hi = filter
        .until
        .map(|t| month_index(t.saturating_sub(1)))
        .unwrap_or(i64::MAX);
    let from = filter.from.unwrap_or(i64::MIN);
    let until = filter.until.unwrap_or(i64::MAX);
    let acct = filter.account.as_ref().map(|a| account_ref(keys, &a.0));
    let mut stmt = conn.prepare_cached(
        "SELECT account_ref, month, source_ref, n, tags, env FROM txn_blocks
         WHERE month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR account_ref = ?3) ORDER BY month, id",
    )?;
    let mut rows = stmt.query(params![lo, hi, acct.as_ref().map(|a| &a[..])])?;
    while let Some(row) = rows.next()? {
        let a: Vec<u8> = row.get(0)?;
        let month: i64 = row.get(1)?;
        let s: Vec<u8> = row.get(2)?;
        let n: i64 = row.get(3)?;
        let tags: Vec<u8> = row.get(4)?;
        let env: Vec<u8> = row.get(5)?;
        let block = open_block(keys, &a, month, &s, n, &tags, &env)?;
        for t in block.txns()? {
            if t.transacted_at >= from && t.transacted_at < until {
                f(&t);
            }
        }
    }
    Ok(())
}

struct AccountIndex {
    source_ref: Vec<u8>,
    /// tag → months holding a transaction with that tag.
    months_by_tag: HashMap<u64, Vec<i64>>,
}

fn load_index(conn: &Connection, account_ref: &[u8]) -> Result<Option<AccountIndex>> {
    let source_ref: Option<Vec<u8>> = conn
        .query_row(
            "SELECT source_ref FROM accounts WHERE account_ref = ?1",
            [account_ref],
            |r| r.get(0),
        )
        .optional()?;
    let Some(source_ref) = source_ref else {
        return Ok(None);
    };
    let mut months_by_tag: HashMap<u64, Vec<i64>> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT month, tags FROM txn_blocks WHERE account_ref = ?1")?;
    let mut rows = stmt.query([account_ref])?;
    while let Some(row) = rows.next()? {
        let month: i64 = row.get(0)?;
        let tags: Vec<u8> = row.get(1)?;
        for tag in parse_tags(&tags)? {
            months_by_tag.entry(tag).or_default().push(month);
        }
    }
    Ok(Some(AccountIndex {
        source_ref,
        months_by_tag,
    }))
}

/// A block row's columns besides its key: source ref, count, tags, envelope.
type BlockRow = (Vec<u8>, i64, Vec<u8>, Vec<u8>);

fn load_block_owned(
    conn: &Connection,
    keys: &VaultKeys,
    account_ref: &[u8],
    month: i64,
) -> Result<Vec<Transaction>> {
    let row: Option<BlockRow> = conn
        .query_row(
            "SELECT source_ref, n, tags, env FROM txn_blocks WHERE account_ref = ?1 AND month = ?2",
            params![account_ref, month],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match row {
        None => Ok(Vec::new()),
        Some((s, n, tags, env)) => {
            let block = open_block(keys, account_ref, month, &s, n, &tags, &env)?;
            Ok(block.txns()?.iter().map(TxnRef::to_owned).collect())
        }
    }
}

fn store_block(
    conn: &Connection,
    keys: &VaultKeys,
    account_ref: &[u8],
    source_ref: &[u8],
    month: i64,
    txns: &mut [Transaction],
) -> Result<()> {
    if txns.is_empty() {
        conn.prepare_cached("DELETE FROM txn_blocks WHERE account_ref = ?1 AND month = ?2")?
            .execute(params![account_ref, month])?;
        return Ok(());
    }
    txns.sort_by(|a, b| {
        a.transacted_at
            .cmp(&b.transacted_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut tags: Vec<u64> = txns.iter().map(|t| keys.txn_tag(&t.id.0)).collect();
    tags.sort_unstable();
    let tag_bytes: Vec<u8> = tags.iter().flat_map(|t| t.to_le_bytes()).collect();
    let account = txns.first().map(|t| t.account.0.as_str()).unwrap_or("");
    let refs: Vec<&Transaction> = txns.iter().collect();
    let plaintext = zeroize::Zeroizing::new(encode_block(account, &refs));
    let n = txns.len() as i64;
    let env = envelope::seal(
        &keys.record,
        RecordKind::TransactionBlock,
        &row_key(account_ref, month),
        &bound_columns(source_ref, n, &tag_bytes),
        &plaintext,
    )?;
    conn.prepare_cached(
        "INSERT INTO txn_blocks (account_ref, month, source_ref, n, tags, env) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (account_ref, month) DO UPDATE SET source_ref = excluded.source_ref,
             n = excluded.n, tags = excluded.tags, env = excluded.env",
    )?
    .execute(params![account_ref, month, source_ref, n, tag_bytes, env])?;
    Ok(())
}

/// Inserts or replaces transactions by id. Every transaction's account must already be
/// stored. Within the batch, a repeated id keeps the last occurrence.
pub(crate) fn upsert(
    conn: &Connection,
    keys: &VaultKeys,
    txns: &[Transaction],
) -> Result<UpsertStats> {
    let mut by_account: BTreeMap<&str, HashMap<&str, &Transaction>> = BTreeMap::new();
    for t in txns {
        if t.id.0.is_empty() || t.account.0.is_empty() {
            return Err(VaultError::InvalidInput("empty transaction or account id"));
        }
        by_account
            .entry(&t.account.0)
            .or_default()
            .insert(&t.id.0, t);
    }
    let mut stats = UpsertStats::default();
    for (account, incoming) in by_account {
        let aref = account_ref(keys, account);
        let index = load_index(conn, &aref)?.ok_or(VaultError::InvalidInput(
            "transaction for an account that is not stored",
        ))?;
        // Months whose block must be rewritten: targets of incoming transactions, and any
        // month that may already hold one of their ids.
        let mut touched: BTreeMap<i64, Vec<Transaction>> = BTreeMap::new();
        let mut maybe_existing: HashSet<i64> = HashSet::new();
        for t in incoming.values() {
            touched.entry(month_index(t.transacted_at)).or_default();
            if let Some(months) = index.months_by_tag.get(&keys.txn_tag(&t.id.0)) {
                maybe_existing.extend(months.iter().copied());
            }
        }
        for month in maybe_existing {
            touched.entry(month).or_default();
        }
        for (month, list) in touched.iter_mut() {
            let existing = load_block_owned(conn, keys, &aref, *month)?;
            for t in existing {
                if incoming.contains_key(t.id.0.as_str()) {
                    stats.replaced += 1;
                } else {
                    list.push(t);
                }
            }
        }
        for t in incoming.values() {
            if let Some(list) = touched.get_mut(&month_index(t.transacted_at)) {
                list.push((*t).clone());
            }
        }
        stats.inserted += incoming.len();
        for (month, mut list) in touched {
            store_block(conn, keys, &aref, &index.source_ref, month, &mut list)?;
        }
    }
    stats.inserted -= stats.replaced;
    Ok(stats)
}

/// Removes transactions by id, wherever they are stored. Returns how many were removed.
pub(crate) fn remove(conn: &Connection, keys: &VaultKeys, ids: &[TxnId]) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let wanted: HashMap<u64, Vec<&str>> = ids.iter().fold(HashMap::new(), |mut m, id| {
        m.entry(keys.txn_tag(&id.0)).or_default().push(&id.0);
        m
    });
    let mut candidates: Vec<(Vec<u8>, Vec<u8>, i64)> = Vec::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT account_ref, source_ref, month, tags FROM txn_blocks")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let tags: Vec<u8> = row.get(3)?;
            if parse_tags(&tags)?.iter().any(|t| wanted.contains_key(t)) {
                candidates.push((row.get(0)?, row.get(1)?, row.get(2)?));
            }
        }
    }
    let id_set: HashSet<&str> = ids.iter().map(|i| i.0.as_str()).collect();
    let mut removed = 0;
    for (aref, sref, month) in candidates {
        let mut txns = load_block_owned(conn, keys, &aref, month)?;
        let before = txns.len();
        txns.retain(|t| !id_set.contains(t.id.0.as_str()));
        if txns.len() != before {
            removed += before - txns.len();
            store_block(conn, keys, &aref, &sref, month, &mut txns)?;
        }
    }
    Ok(removed)
}

/// Finds one transaction by id.
pub(crate) fn find(conn: &Connection, keys: &VaultKeys, id: &TxnId) -> Result<Option<Transaction>> {
    let tag = keys.txn_tag(&id.0);
    let mut stmt = conn.prepare_cached("SELECT account_ref, month, tags FROM txn_blocks")?;
    let mut rows = stmt.query([])?;
    let mut hits = Vec::new();
    while let Some(row) = rows.next()? {
        let tags: Vec<u8> = row.get(2)?;
        if parse_tags(&tags)?.binary_search(&tag).is_ok() {
            hits.push((row.get::<_, Vec<u8>>(0)?, row.get::<_, i64>(1)?));
        }
    }
    for (aref, month) in hits {
        if let Some(t) = load_block_owned(conn, keys, &aref, month)?
            .into_iter()
            .find(|t| t.id == *id)
        {
            return Ok(Some(t));
        }
    }
    Ok(None)
}
