//! Authenticated digests of every table's set of rows (vault format 4): re-insertion of an
//! older row, and index damage that hides blocks, are `Tampered` errors.
//!
//! Row counts (`counts.rs`) catch a deleted or added row, but not a row put back as an older
//! copy of itself (an old envelope of the same row opens fine: it was sealed to that row). So
//! the vault also keeps, for every table, the XOR of a keyed hash of each row's identity:
//!
//! ```text
//! element(row) = HMAC(rowset key, "tacit.row.v1" | table | row key | month | nonce)
//! ```
//!
//! where the nonce is the row's envelope nonce: 192 random bits drawn for every seal, so it
//! names one sealed version of the row, and (the AEAD being unforgeable) no other ciphertext
//! opens under it with the row's associated data. An older copy of a row has another nonce,
//! hence another element. The XOR is a keyed set hash: without the key nobody can make two
//! different row sets agree. Transaction blocks are also kept per month (block count and
//! XOR), so a scan checks exactly the months it reads.
//!
//! **Kept incrementally.** TEMP triggers (on this connection only, not in the file) call the
//! `tacit_rowset` function for every inserted, updated or deleted row, whatever code path
//! wrote it (including `forget_source`'s deletes and foreign-key cascades); the function
//! XORs the element in or out of the working digest. The write stores the digest in the
//! `row_digest` meta row, MAC'd under the meta key with the write generation and the format
//! version, in the write's own transaction. The per-month part (48 bytes per month with
//! blocks: 20 KB for 34 years) is its own meta row, `row_digest_months`, named in `row_digest`
//! by its SHA-256, so it is authenticated with the generation like the rest; a write that
//! changes no month's blocks (a setting, an alert, a chat reply's ledger entry) rewrites only
//! `row_digest` (a fixed 289 bytes), and an older months row disagrees with the hash.
//!
//! **Verified** (docs/security-design.md has the costs):
//! - at open: the MAC of the `row_digest` row and the hash of the months row (48 bytes per
//!   month with blocks: flat in the number of transactions);
//! - transaction blocks: every scan compares the blocks it returned for each month it covers
//!   (their number and the XOR of their elements) with the digest, so a damaged index that
//!   hides, repeats or swaps blocks, or an older block, is `Tampered(TransactionBlock)` on
//!   that read; [`verify_months`] does the same for single-block reads;
//! - the other tables: in full, once per open vault, at the first read of the table (and at
//!   commit when a write replaced or deleted one of its rows before reading it): a pass over
//!   that table's rows;
//! - a write checks every month where it wrote a block at commit (the month's rows, just
//!   written), so it never merges new data into an older block, nor adds a second block for
//!   an account-month past a damaged unique index, silently;
//! - `Vault::verify_all` (`tacit vault check`) checks every table and every month.
//!
//! The functions are registered `DIRECTONLY`: triggers or views stored in the file cannot call
//! them (and `trusted_schema` is off).

use super::counts::TABLES;
use super::error::{RecordKind, Result, VaultError};
use super::index_auth;
use super::keys::VaultKeys;
use super::meta::{get_opt, put};
use crate::crypto::kdf::{hmac_parts, hmac_parts_verify};
use ring::hmac;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

const META_KEY: &str = "row_digest";
/// The meta row holding the per-month part of the digest (format 3).
const MONTHS_KEY: &str = "row_digest_months";
/// Format 2 (vault format 6) adds the id index's root (`index_auth.rs`); format 3 moves the
/// per-month part into its own meta row, named by its hash in the MAC'd `row_digest` row.
const FORMAT: u8 = 3;
/// The format before the months had their own row (read, never written).
const FORMAT_INLINE: u8 = 2;
/// Index of the transaction blocks in [`TABLES`].
pub(crate) const BLOCKS: usize = 1;
const HASH: usize = 32;

type Hash = [u8; HASH];

/// The SQL of each table's row key and month, for triggers and full passes.
const ROW_SQL: [(&str, &str, &str); 6] = [
    ("accounts", "account_ref", "NULL"),
    ("txn_blocks", "account_ref", "month"),
    ("credentials", "source_ref", "NULL"),
    ("alerts", "alert_ref", "NULL"),
    ("settings", "name_ref", "NULL"),
    ("ledger", "seq", "NULL"),
];

fn xor_into(acc: &mut Hash, e: &[u8]) {
    for (a, b) in acc.iter_mut().zip(e) {
        *a ^= b;
    }
}

/// Every table's set hash, per month the number of blocks and their set hash, and the root
/// of the id index's sums (`index_auth.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RowDigest {
    tables: [Hash; 6],
    months: BTreeMap<i64, (u64, Hash)>,
    index_root: [u8; index_auth::ROOT],
}

impl RowDigest {
    fn apply(&mut self, table: usize, month: Option<i64>, e: &[u8], sign: i64) {
        if let Some(t) = self.tables.get_mut(table) {
            xor_into(t, e);
        }
        if table == BLOCKS {
            let m = month.unwrap_or(i64::MIN);
            let entry = self.months.entry(m).or_insert((0, [0; HASH]));
            entry.0 = if sign < 0 {
                entry.0.wrapping_sub(1)
            } else {
                entry.0.wrapping_add(1)
            };
            xor_into(&mut entry.1, e);
            if entry.0 == 0 && entry.1 == [0; HASH] {
                self.months.remove(&m);
            }
        }
    }

    /// The per-month part: the number of months, then each month's bucket.
    fn encode_months(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.months.len() * (16 + HASH));
        out.extend_from_slice(&(self.months.len() as u32).to_be_bytes());
        for (m, (n, h)) in &self.months {
            out.extend_from_slice(&m.to_be_bytes());
            out.extend_from_slice(&n.to_be_bytes());
            out.extend_from_slice(h);
        }
        out
    }

    /// Reads [`RowDigest::encode_months`] into `self.months`; `None` unless exactly that.
    fn decode_months(&mut self, bytes: &[u8]) -> Option<()> {
        let (n, rest) = (bytes.get(..4)?, bytes.get(4..)?);
        let months = u32::from_be_bytes(n.try_into().ok()?) as usize;
        if rest.len() != months.checked_mul(16 + HASH)? {
            return None;
        }
        self.months.clear();
        for c in rest.chunks_exact(16 + HASH) {
            let m = i64::from_be_bytes(c.get(..8)?.try_into().ok()?);
            let n = u64::from_be_bytes(c.get(8..16)?.try_into().ok()?);
            self.months.insert(m, (n, c.get(16..)?.try_into().ok()?));
        }
        Some(())
    }

    /// The hash that names a months row's exact bytes in the `row_digest` row.
    fn months_hash(encoded: &[u8]) -> Hash {
        let d = ring::digest::digest(
            &ring::digest::SHA256,
            &[&b"tacit.row_digest.months.v1"[..], encoded].concat(),
        );
        let mut out = [0u8; HASH];
        out.copy_from_slice(d.as_ref());
        out
    }

    /// The `row_digest` row's body (before its MAC): the format, the tables' set hashes, the
    /// id index's root and the hash of the months row.
    fn encode_head(&self, months_hash: &Hash) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 6 * HASH + index_auth::ROOT + HASH);
        out.push(FORMAT);
        for t in &self.tables {
            out.extend_from_slice(t);
        }
        out.extend_from_slice(&self.index_root);
        out.extend_from_slice(months_hash);
        out
    }

    /// Reads a `row_digest` body: format 3 gives the digest without its months and the hash
    /// the months row must have; format 2 (written before) carries its months inline.
    fn decode_head(bytes: &[u8]) -> Option<(RowDigest, Option<Hash>)> {
        let (&format, rest) = bytes.split_first()?;
        let mut d = RowDigest::default();
        let (tables, rest) = (rest.get(..6 * HASH)?, rest.get(6 * HASH..)?);
        for (t, c) in d.tables.iter_mut().zip(tables.chunks_exact(HASH)) {
            t.copy_from_slice(c);
        }
        let (root, rest) = (
            rest.get(..index_auth::ROOT)?,
            rest.get(index_auth::ROOT..)?,
        );
        d.index_root.copy_from_slice(root);
        match format {
            FORMAT if rest.len() == HASH => Some((d, Some(rest.try_into().ok()?))),
            FORMAT_INLINE => {
                d.decode_months(rest)?;
                Some((d, None))
            }
            _ => None,
        }
    }

    fn mac_parts<'a>(gen: &'a [u8; 8], version: &'a [u8; 4], enc: &'a [u8]) -> [&'a [u8]; 4] {
        [b"tacit.row_digest", gen, version, enc]
    }

    /// Stores the digest for `generation` (inside the write's transaction): both rows.
    /// Returns the months row's hash.
    pub fn store(&self, conn: &Connection, keys: &VaultKeys, gen: u64, version: u32) -> Result<Hash> {
        let months = self.encode_months();
        put(conn, MONTHS_KEY, &months)?;
        let hash = Self::months_hash(&months);
        self.store_head(conn, keys, gen, version, &hash)?;
        Ok(hash)
    }

    /// Stores the `row_digest` row only, naming the months row already stored, whose hash is
    /// `months_hash` (a write that changed no block's month bucket).
    fn store_head(
        &self,
        conn: &Connection,
        keys: &VaultKeys,
        gen: u64,
        version: u32,
        months_hash: &Hash,
    ) -> Result<()> {
        let mut value = self.encode_head(months_hash);
        let (g, v) = (gen.to_be_bytes(), version.to_be_bytes());
        let mac = hmac_parts(&keys.meta, &Self::mac_parts(&g, &v, &value));
        value.extend_from_slice(mac.as_ref());
        put(conn, META_KEY, &value)
    }

    /// Reads and authenticates the stored digest, with the hash of its months row (`None`
    /// for a digest written before the months had their own row); missing, forged or
    /// replayed from another generation, or a months row other than the one the digest
    /// names, is `Tampered(Meta)`.
    pub fn load(
        conn: &Connection,
        keys: &VaultKeys,
        gen: u64,
        version: u32,
    ) -> Result<(Self, Option<Hash>)> {
        let bad = VaultError::Tampered(RecordKind::Meta);
        let stored = get_opt(conn, META_KEY)?.ok_or(bad)?;
        let split = stored.len().checked_sub(HASH).ok_or(bad)?;
        let (enc, mac) = stored.split_at(split);
        let (g, v) = (gen.to_be_bytes(), version.to_be_bytes());
        if !hmac_parts_verify(&keys.meta, &Self::mac_parts(&g, &v, enc), mac) {
            return Err(bad);
        }
        let (mut digest, months_hash) = RowDigest::decode_head(enc).ok_or(bad)?;
        if let Some(want) = months_hash {
            let months = get_opt(conn, MONTHS_KEY)?.ok_or(bad)?;
            if Self::months_hash(&months) != want {
                return Err(bad);
            }
            digest.decode_months(&months).ok_or(bad)?;
        }
        Ok((digest, months_hash))
    }
}

/// One row's element, under the rowset key.
fn element(key: &hmac::Key, table: usize, row: &[u8], month: Option<i64>, nonce: &[u8]) -> Hash {
    let m = month.map(i64::to_be_bytes);
    let tag = hmac_parts(
        key,
        &[
            b"tacit.row.v1",
            &[table as u8],
            row,
            m.as_ref().map_or(&[][..], |m| &m[..]),
            nonce,
        ],
    );
    let mut out = [0u8; HASH];
    out.copy_from_slice(tag.as_ref());
    out
}

struct Shared {
    key: hmac::Key,
    committed: RowDigest,
    working: RowDigest,
    /// Tables that had a row replaced or deleted in the current write.
    dirty_tables: u8,
    /// Months where the current write inserted, replaced or deleted a block.
    dirty_months: BTreeSet<i64>,
    /// Tables verified in full since open (the vault's own writes keep them so).
    verified: u8,
    /// The hash of the months row as committed (`None`: not stored in its own row yet).
    months_stored: Option<Hash>,
    /// The hash of the months row the current write stored (kept if it commits).
    months_written: Option<Hash>,
}

/// The vault's row digest: the authenticated state, the working copy of the current write,
/// and the SQL functions and triggers that keep it. One per open vault.
#[derive(Clone)]
pub(crate) struct RowSet(Arc<Mutex<Shared>>);

fn arg_key(ctx: &Context<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    match ctx.get_raw(i) {
        ValueRef::Blob(b) => Ok(b.to_vec()),
        ValueRef::Integer(n) => Ok(n.to_be_bytes().to_vec()),
        _ => Err(rusqlite::Error::UserFunctionError("bad row key".into())),
    }
}

fn arg_nonce(ctx: &Context<'_>, i: usize) -> Vec<u8> {
    match ctx.get_raw(i) {
        ValueRef::Blob(b) => b.to_vec(),
        _ => Vec::new(),
    }
}

fn arg_table(ctx: &Context<'_>) -> rusqlite::Result<usize> {
    let t: i64 = ctx.get(0)?;
    usize::try_from(t)
        .ok()
        .filter(|t| *t < TABLES.len())
        .ok_or_else(|| rusqlite::Error::UserFunctionError("bad table".into()))
}

impl RowSet {
    /// The state for a vault whose stored digest is `digest`.
    pub fn new(keys: &VaultKeys, digest: RowDigest) -> RowSet {
        let seed = zeroize::Zeroizing::new(
            hmac_parts(&keys.meta, &[b"tacit.v1.rowset-key"])
                .as_ref()
                .to_vec(),
        );
        RowSet(Arc::new(Mutex::new(Shared {
            key: hmac::Key::new(hmac::HMAC_SHA256, &seed),
            committed: digest.clone(),
            working: digest,
            dirty_tables: 0,
            dirty_months: BTreeSet::new(),
            verified: 0,
            months_stored: None,
            months_written: None,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers the SQL functions on `conn` (before anything reads blocks through it).
    pub fn register(&self, conn: &Connection) -> Result<()> {
        let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY;
        let s = self.clone();
        conn.create_scalar_function("tacit_rowset", 5, flags, move |ctx| {
            let table = arg_table(ctx)?;
            let (row, nonce) = (arg_key(ctx, 1)?, arg_nonce(ctx, 3));
            let month: Option<i64> = ctx.get(2)?;
            let sign: i64 = ctx.get(4)?;
            let mut sh = s.lock();
            let e = element(&sh.key, table, &row, month, &nonce);
            sh.working.apply(table, month, &e, sign);
            if sign < 0 {
                sh.dirty_tables |= 1 << table;
            }
            if let (BLOCKS, Some(m)) = (table, month) {
                sh.dirty_months.insert(m);
            }
            Ok(0i64)
        })?;
        let s = self.clone();
        conn.create_scalar_function("tacit_row_el", 4, flags, move |ctx| {
            let table = arg_table(ctx)?;
            let (row, nonce) = (arg_key(ctx, 1)?, arg_nonce(ctx, 3));
            let month: Option<i64> = ctx.get(2)?;
            Ok(element(&s.lock().key, table, &row, month, &nonce).to_vec())
        })?;
        let s = self.clone();
        conn.create_scalar_function("tacit_blocks_expected", 2, flags, move |ctx| {
            let (lo, hi): (i64, i64) = (ctx.get(0)?, ctx.get(1)?);
            let sh = s.lock();
            let mut out = Vec::new();
            if lo <= hi {
                for (m, (n, h)) in sh.working.months.range(lo..=hi) {
                    out.extend_from_slice(&m.to_be_bytes());
                    out.extend_from_slice(&n.to_be_bytes());
                    out.extend_from_slice(h);
                }
            }
            Ok(out)
        })?;
        Ok(())
    }

    /// Creates the TEMP triggers that keep the working digest (after any migration).
    pub fn install_triggers(conn: &Connection) -> Result<()> {
        let mut sql = String::new();
        for (i, (table, key, month)) in ROW_SQL.iter().enumerate() {
            let call = |row: &str, sign: i32| {
                let m = if *month == "NULL" {
                    "NULL".to_owned()
                } else {
                    format!("{row}.{month}")
                };
                format!(
                    "SELECT tacit_rowset({i}, {row}.{key}, {m}, substr({row}.env, 3, 24), {sign});"
                )
            };
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER tacit_rs_{table}_i AFTER INSERT ON main.{table} BEGIN {} END;
                 CREATE TEMP TRIGGER tacit_rs_{table}_d AFTER DELETE ON main.{table} BEGIN {} END;
                 CREATE TEMP TRIGGER tacit_rs_{table}_u AFTER UPDATE ON main.{table} BEGIN {} {} END;",
                call("NEW", 1),
                call("OLD", -1),
                call("OLD", -1),
                call("NEW", 1),
            ));
        }
        conn.execute_batch(&sql)?;
        Ok(())
    }

    /// The authenticated digest read at open, and the hash of its months row as stored.
    pub fn set_committed(&self, digest: RowDigest, months_stored: Option<Hash>) {
        let mut sh = self.lock();
        sh.committed = digest;
        sh.months_stored = months_stored;
        drop(sh);
        self.begin();
    }

    /// The id index's root in the working digest (`index_auth.rs`).
    pub fn index_root(&self) -> [u8; index_auth::ROOT] {
        self.lock().working.index_root
    }

    /// Sets the id index's root of the current write.
    pub fn set_index_root(&self, root: [u8; index_auth::ROOT]) {
        self.lock().working.index_root = root;
    }

    /// The newest month holding a block, from the authenticated digest (no index read).
    pub fn newest_month(&self) -> Option<i64> {
        self.lock().working.months.keys().next_back().copied()
    }

    /// Starts a write: the working digest is the committed one.
    pub fn begin(&self) {
        let mut sh = self.lock();
        sh.working = sh.committed.clone();
        sh.dirty_tables = 0;
        sh.dirty_months.clear();
        sh.months_written = None;
    }

    /// Forgets a failed write's changes.
    pub fn abort(&self) {
        self.begin();
    }

    /// The write committed.
    pub fn commit(&self) {
        let mut sh = self.lock();
        sh.committed = sh.working.clone();
        sh.dirty_tables = 0;
        sh.dirty_months.clear();
        if let Some(h) = sh.months_written.take() {
            sh.months_stored = Some(h);
        }
    }

    /// Before commit: every table where this write replaced or removed a row is checked
    /// against the digest (once per open vault), and every month where it wrote a block (each
    /// time: a few rows, just written), so that the write did not build on an older row nor
    /// add a second block for an account-month past a damaged unique index. Then stores the
    /// working digest: its months row only when the write changed a month's bucket (a write
    /// of settings, alerts or the ledger rewrites 230 bytes, not 48 per month of history).
    pub fn check_and_store(
        &self,
        conn: &Connection,
        keys: &VaultKeys,
        gen: u64,
        version: u32,
    ) -> Result<()> {
        let (tables, months) = {
            let sh = self.lock();
            (
                sh.dirty_tables & !sh.verified & !(1 << BLOCKS),
                sh.dirty_months.clone(),
            )
        };
        for i in 0..TABLES.len() {
            if tables & (1 << i) != 0 {
                self.verify_table(conn, i)?;
            }
        }
        for m in months {
            verify_months(conn, (m, m))?;
        }
        let (digest, unchanged) = {
            let sh = self.lock();
            let unchanged = sh
                .months_stored
                .filter(|_| sh.working.months == sh.committed.months);
            (sh.working.clone(), unchanged)
        };
        let written = match unchanged {
            Some(hash) => {
                digest.store_head(conn, keys, gen, version, &hash)?;
                hash
            }
            None => digest.store(conn, keys, gen, version)?,
        };
        self.lock().months_written = Some(written);
        Ok(())
    }

    /// Verifies table `kind` in full unless it was since open (not for transaction blocks,
    /// which scans check month by month).
    pub fn ensure(&self, conn: &Connection, kind: RecordKind) -> Result<()> {
        let Some(i) = TABLES.iter().position(|(_, k)| *k == kind) else {
            return Ok(());
        };
        if i == BLOCKS || self.lock().verified & (1 << i) != 0 {
            return Ok(());
        }
        self.verify_table(conn, i)
    }

    fn verify_table(&self, conn: &Connection, i: usize) -> Result<()> {
        let (table, key, month) = ROW_SQL
            .get(i)
            .copied()
            .ok_or(VaultError::Corrupt("table"))?;
        let kind = TABLES.get(i).map_or(RecordKind::Meta, |t| t.1);
        let measured = table_hash(conn, i, table, key, month)?;
        let mut sh = self.lock();
        if sh.working.tables.get(i) != Some(&measured) {
            return Err(VaultError::Tampered(kind));
        }
        sh.verified |= 1 << i;
        Ok(())
    }

    /// Every table and every month, measured from scratch and compared (`vault check`).
    pub fn verify_all(&self, conn: &Connection) -> Result<()> {
        for i in 0..TABLES.len() {
            self.verify_table(conn, i)?;
        }
        verify_months(conn, (i64::MIN, i64::MAX))
    }
}

/// Puts the working digest back to the committed one when a write ends without committing
/// (an error or a panic), unless disarmed.
pub(crate) struct AbortOnDrop<'r> {
    rowset: &'r RowSet,
    armed: bool,
}

impl<'r> AbortOnDrop<'r> {
    pub fn new(rowset: &'r RowSet) -> Self {
        AbortOnDrop {
            rowset,
            armed: true,
        }
    }

    pub fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for AbortOnDrop<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.rowset.abort();
        }
    }
}

fn table_hash(conn: &Connection, i: usize, table: &str, key: &str, month: &str) -> Result<Hash> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT tacit_row_el({i}, {key}, {month}, substr(env, 3, 24)) FROM {table}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut h = [0u8; HASH];
    while let Some(row) = rows.next()? {
        xor_into(&mut h, row.get_ref(0)?.as_blob().unwrap_or(&[]));
    }
    Ok(h)
}

/// The digest of every table measured from the rows (the migrations from format 4 on), with
/// the id index's root as stored.
pub(crate) fn measure(conn: &Connection) -> Result<RowDigest> {
    let mut d = RowDigest {
        index_root: index_auth::stored_root(conn)?,
        ..Default::default()
    };
    for (i, (table, key, month)) in ROW_SQL.iter().enumerate() {
        if let Some(t) = d.tables.get_mut(i) {
            *t = table_hash(conn, i, table, key, month)?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT month, tacit_row_el(1, account_ref, month, substr(env, 3, 24)) FROM txn_blocks",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let m: i64 = row.get(0)?;
        let e = row.get_ref(1)?.as_blob().unwrap_or(&[]).to_vec();
        let entry = d.months.entry(m).or_insert((0, [0; HASH]));
        entry.0 += 1;
        xor_into(&mut entry.1, &e);
    }
    Ok(d)
}

/// What a scan of a month range saw: per month, the blocks and the XOR of their elements
/// (the `tacit_row_el` column of its query), compared with the digest at the end.
pub(crate) struct ScanCheck {
    range: (i64, i64),
    seen: BTreeMap<i64, (u64, Hash)>,
    /// Account refs seen per month: an account-month returned twice (a damaged unique
    /// index letting a second row in) is refused too.
    accounts: BTreeSet<(i64, Vec<u8>)>,
}

impl ScanCheck {
    /// A check of the months `range.0..=range.1`.
    pub fn new(range: (i64, i64)) -> ScanCheck {
        ScanCheck {
            range,
            seen: BTreeMap::new(),
            accounts: BTreeSet::new(),
        }
    }

    /// One block row returned by the scan (its month, account ref and element column).
    pub fn see(&mut self, month: i64, account: &[u8], element: ValueRef<'_>) -> Result<()> {
        let bad = VaultError::Tampered(RecordKind::TransactionBlock);
        let e = element.as_blob().map_err(|_| bad)?;
        if !self.accounts.insert((month, account.to_vec())) {
            return Err(bad);
        }
        let entry = self.seen.entry(month).or_insert((0, [0; HASH]));
        entry.0 += 1;
        xor_into(&mut entry.1, e);
        Ok(())
    }

    /// Compares with the digest: a month with blocks missing, repeated, older or foreign is
    /// `Tampered(TransactionBlock)`.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        let bad = VaultError::Tampered(RecordKind::TransactionBlock);
        let blob: Vec<u8> = conn
            .prepare_cached("SELECT tacit_blocks_expected(?1, ?2)")?
            .query_row(params![self.range.0, self.range.1], |r| r.get(0))?;
        let mut expected = BTreeMap::new();
        if blob.len() % (16 + HASH) != 0 {
            return Err(bad);
        }
        for c in blob.chunks_exact(16 + HASH) {
            let entry = (|| {
                let m = i64::from_be_bytes(c.get(..8)?.try_into().ok()?);
                let n = u64::from_be_bytes(c.get(8..16)?.try_into().ok()?);
                Some((m, (n, <Hash>::try_from(c.get(16..)?).ok()?)))
            })()
            .ok_or(bad)?;
            expected.insert(entry.0, entry.1);
        }
        if expected != self.seen {
            return Err(bad);
        }
        Ok(())
    }
}

/// Reads the block rows of the months `range` (without decrypting them) and compares them
/// with the digest: for reads of single blocks, and for writes that replaced one.
pub(crate) fn verify_months(conn: &Connection, range: (i64, i64)) -> Result<()> {
    let mut check = ScanCheck::new(range);
    {
        let mut stmt = conn.prepare_cached(
            "SELECT month, account_ref, tacit_row_el(1, account_ref, month, substr(env, 3, 24))
             FROM txn_blocks WHERE month BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![range.0, range.1])?;
        while let Some(row) = rows.next()? {
            let account: Vec<u8> = row.get(1)?;
            check.see(row.get(0)?, &account, row.get_ref(2)?)?;
        }
    }
    check.finish(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;

    fn keys() -> VaultKeys {
        VaultKeys::derive(&SecretKey::from_bytes([9; 32])).unwrap()
    }

    fn sample() -> RowDigest {
        let mut d = RowDigest::default();
        d.apply(0, None, &[1; HASH], 1);
        d.apply(BLOCKS, Some(24_300), &[2; HASH], 1);
        d.apply(BLOCKS, Some(24_301), &[3; HASH], 1);
        d.index_root = [4; index_auth::ROOT];
        d
    }

    /// The head with the months row's hash, the months row, and the format-2 form (months
    /// inline) all decode to the digest, and nothing longer or shorter does.
    #[test]
    fn digest_round_trips_and_refuses_damage() {
        let mut d = sample();
        let months = d.encode_months();
        let hash = RowDigest::months_hash(&months);
        let head = d.encode_head(&hash);
        let (mut back, named) = RowDigest::decode_head(&head).unwrap();
        assert_eq!(named, Some(hash));
        assert!(back.months.is_empty());
        back.decode_months(&months).unwrap();
        assert_eq!(back, d);
        assert_eq!(RowDigest::decode_head(&head[..head.len() - 1]), None);
        let mut longer = head.clone();
        longer.push(0);
        assert_eq!(RowDigest::decode_head(&longer), None);
        assert_eq!(RowDigest::default().decode_months(&months[..months.len() - 1]), None);
        let mut inline = vec![FORMAT_INLINE];
        inline.extend_from_slice(&head[1..1 + 6 * HASH + index_auth::ROOT]);
        inline.extend_from_slice(&months);
        assert_eq!(RowDigest::decode_head(&inline), Some((d.clone(), None)));
        let mut other = head.clone();
        other[0] = 9;
        assert_eq!(RowDigest::decode_head(&other), None);
        // Removing the last block of a month removes the month.
        d.apply(BLOCKS, Some(24_301), &[3; HASH], -1);
        assert_eq!(d.months.len(), 1);
    }

    fn meta_table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);")
            .unwrap();
        conn
    }

    fn months_row(conn: &Connection) -> Vec<u8> {
        get_opt(conn, MONTHS_KEY).unwrap().unwrap()
    }

    /// The months row is authenticated through the MAC'd head: an older, altered or missing
    /// months row is `Tampered(Meta)`, as is the head of another generation.
    #[test]
    fn the_months_row_is_the_one_the_head_names() {
        let (conn, k) = (meta_table(), keys());
        let tampered = Err(VaultError::Tampered(RecordKind::Meta));
        let d = sample();
        let hash = d.store(&conn, &k, 7, 6).unwrap();
        assert_eq!(RowDigest::load(&conn, &k, 7, 6), Ok((d.clone(), Some(hash))));
        assert_eq!(RowDigest::load(&conn, &k, 8, 6), tampered);
        let old = months_row(&conn);
        let mut newer = d.clone();
        newer.apply(BLOCKS, Some(24_302), &[5; HASH], 1);
        newer.store(&conn, &k, 8, 6).unwrap();
        assert_eq!(RowDigest::load(&conn, &k, 8, 6).map(|l| l.0), Ok(newer));
        put(&conn, MONTHS_KEY, &old).unwrap();
        assert_eq!(RowDigest::load(&conn, &k, 8, 6), tampered);
        conn.execute("DELETE FROM meta WHERE key = ?1", [MONTHS_KEY])
            .unwrap();
        assert_eq!(RowDigest::load(&conn, &k, 8, 6), tampered);
    }

    /// A digest stored before the months had their own row (format 2, MAC'd the same way)
    /// still loads, and its first write stores the months row.
    #[test]
    fn a_format_2_digest_loads_and_is_rewritten_whole() {
        let (conn, k) = (meta_table(), keys());
        let d = sample();
        let mut value = vec![FORMAT_INLINE];
        for t in &d.tables {
            value.extend_from_slice(t);
        }
        value.extend_from_slice(&d.index_root);
        value.extend_from_slice(&d.encode_months());
        let (g, v) = (3u64.to_be_bytes(), 6u32.to_be_bytes());
        let mac = hmac_parts(&k.meta, &RowDigest::mac_parts(&g, &v, &value));
        value.extend_from_slice(mac.as_ref());
        put(&conn, META_KEY, &value).unwrap();
        let (loaded, named) = RowDigest::load(&conn, &k, 3, 6).unwrap();
        assert_eq!((&loaded, named), (&d, None));
        let rs = RowSet::new(&k, RowDigest::default());
        rs.set_committed(loaded, named);
        rs.check_and_store(&conn, &k, 4, 6).unwrap();
        rs.commit();
        assert_eq!(RowDigest::load(&conn, &k, 4, 6).map(|l| l.0), Ok(d));
    }

    /// A write that changes no month's bucket rewrites the head only; one that does rewrites
    /// the months row too, and an aborted write leaves the stored hash as it was.
    #[test]
    fn the_months_row_is_rewritten_only_when_a_month_changed() {
        let (conn, k) = (meta_table(), keys());
        let d = sample();
        let hash = d.store(&conn, &k, 1, 6).unwrap();
        let rs = RowSet::new(&k, RowDigest::default());
        rs.set_committed(d.clone(), Some(hash));
        // Only a table's hash changes: the months row is left alone (a marker shows it).
        put(&conn, MONTHS_KEY, b"left alone").unwrap();
        rs.begin();
        rs.lock().working.apply(0, None, &[6; HASH], 1);
        rs.check_and_store(&conn, &k, 2, 6).unwrap();
        rs.commit();
        assert_eq!(months_row(&conn), b"left alone");
        put(&conn, MONTHS_KEY, &d.encode_months()).unwrap();
        let (now, named) = RowDigest::load(&conn, &k, 2, 6).unwrap();
        assert_eq!((now.months.clone(), named), (d.months.clone(), Some(hash)));
        // A write that fails after storing a new months row keeps the committed hash.
        rs.begin();
        rs.lock().working.apply(BLOCKS, Some(24_310), &[7; HASH], 1);
        let stored = rs.lock().working.store(&conn, &k, 3, 6).unwrap();
        rs.lock().months_written = Some(stored);
        rs.abort();
        assert_eq!(rs.lock().months_stored, Some(hash));
        // A month changed: both rows are written, and the new hash is kept.
        put(&conn, MONTHS_KEY, &d.encode_months()).unwrap();
        rs.begin();
        rs.lock().working.apply(BLOCKS, Some(24_310), &[7; HASH], 1);
        rs.check_and_store(&conn, &k, 3, 6).unwrap();
        rs.commit();
        let (after, named) = RowDigest::load(&conn, &k, 3, 6).unwrap();
        assert_eq!(after, rs.lock().committed);
        assert_eq!(named, rs.lock().months_stored);
        assert_ne!(named, Some(hash));
    }

    #[test]
    fn elements_depend_on_every_part_and_the_key() {
        let k = RowSet::new(&keys(), RowDigest::default());
        let key = k.lock().key.clone();
        let e = element(&key, 1, b"row", Some(5), b"nonce");
        assert_ne!(e, element(&key, 2, b"row", Some(5), b"nonce"));
        assert_ne!(e, element(&key, 1, b"rox", Some(5), b"nonce"));
        assert_ne!(e, element(&key, 1, b"row", Some(6), b"nonce"));
        assert_ne!(e, element(&key, 1, b"row", None, b"nonce"));
        assert_ne!(e, element(&key, 1, b"row", Some(5), b"noncf"));
        let other = VaultKeys::derive(&SecretKey::from_bytes([8; 32])).unwrap();
        let k2 = RowSet::new(&other, RowDigest::default());
        assert_ne!(e, element(&k2.lock().key, 1, b"row", Some(5), b"nonce"));
    }

    /// Code stored in a file (a view here) cannot call the digest's functions.
    #[test]
    fn functions_are_direct_only() {
        let conn = Connection::open_in_memory().unwrap();
        let rs = RowSet::new(&keys(), RowDigest::default());
        rs.register(&conn).unwrap();
        let direct: Vec<u8> = conn
            .query_row("SELECT tacit_row_el(0, x'00', NULL, x'00')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(direct.len(), HASH);
        conn.execute_batch("CREATE VIEW v AS SELECT tacit_rowset(0, x'00', NULL, x'00', 1) AS x")
            .unwrap();
        assert!(conn
            .query_row("SELECT x FROM v", [], |r| r.get::<_, i64>(0))
            .is_err());
        assert_eq!(rs.lock().working, RowDigest::default());
    }
}
