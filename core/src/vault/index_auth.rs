//! Authenticated completeness of the id index (vault format 6): a missing, re-inserted or
//! older `txn_index` row is `Tampered` at the lookup that relies on it, not only at
//! `tacit vault check`.
//!
//! **The threat.** The id index (`txn_index.rs`) is a plain table: with `sqlite3` anyone
//! can delete a `(tag, block)` row. A write that re-sends that transaction with its date
//! moved to a month it neither opens nor reads (a pending charge posted weeks later) asked
//! the index, found nothing, and stored the id a second time; `find_transaction` returned
//! `None`. Nothing in a lookup could tell "not stored" from "row deleted".
//!
//! **The structure.** Tags are split by their top 15 bits into 32,768 buckets. Each
//! bucket has a sum, the XOR of a keyed element per row:
//!
//! ```text
//! element(tag, block) = SipHash-2-4(sums key, tag | block)      (64 bits)
//! sum(bucket)         = XOR of element(row) over the bucket's rows
//! ```
//!
//! The sums of 128 consecutive buckets form one group (256 groups), stored in
//! `txn_index_sums` as one AEAD envelope per group (1 KiB of sums, sealed with the record
//! key to the group's row): nobody without the key sees a sum or an element, so a row
//! cannot be removed or added while keeping a bucket's sum (the changed sum is a secret
//! 64-bit value), and a group cannot be edited. An older envelope of a group still opens,
//! so freshness comes from above: the `top` row lists, per group, the first 12 bytes of its
//! envelope's random nonce (a fresh nonce per seal names one version; zero for a group
//! never written), and SHA-256 of `top` is the **root**, kept in the row-set digest
//! (`rowset.rs`), which is MAC'd with the write generation. So an older group, an older top,
//! an older bucket, or an older or deleted row each disagree with this generation's root.
//!
//! **Verified where it is relied on.** Every lookup of the index (an upsert's probes, a
//! removal, `find_transaction`) first verifies the bucket of each tag it asks about: the top
//! against the root, the group's envelope against the top, then the bucket's rows (a range
//! of the index, about 30 rows at a million transactions) against its sum. A lookup that
//! finds no row therefore proves absence, and one that finds rows proves they are all the
//! rows. What was verified is remembered while the vault is open (the vault's own writes
//! keep it true; a failed write forgets everything), so a sync verifies each bucket it
//! touches once: cost flat in the length of the history (a group envelope and a bucket's
//! rows per incoming tag, never a scan of the index). Nothing is read at open.
//!
//! **Kept incrementally.** The write that adds or removes index rows (`txn_index::Changes`)
//! XORs their elements into the sums of their buckets, re-seals the groups it touched,
//! updates `top` and sets the root of the working row-set digest, in the same SQLite
//! transaction, committed with the generation. It verifies the top and each group before
//! building on them, so it never re-seals an older group as current.
//!
//! Renumbered blocks (a row's block id made to name another block) keep the rows' sums; the
//! lookups confirm every row they return against the authenticated tags of the block it
//! names (`blocks.rs`). `vault check` recomputes every bucket ([`IndexAuth::verify_all`]).

use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use super::rowset::RowSet;
use crate::crypto::kdf::hmac_parts;
use rusqlite::{params, Connection, OptionalExtension};
use siphasher::sip::SipHasher24;
use std::cell::RefCell;
use std::hash::Hasher;

/// The table of group envelopes and the top row.
pub(super) const CREATE: &str = "CREATE TABLE txn_index_sums (
         grp INTEGER PRIMARY KEY,
         env BLOB NOT NULL
     );";

/// Bits of a tag that name its bucket.
const BUCKET_BITS: u32 = 15;
/// Buckets per group: a group's envelope (1 KiB of sums) takes a third of a page, so a sync,
/// which touches most groups, rewrites about 86 pages of sums.
const PER_GROUP: usize = 128;
/// Number of groups.
pub(super) const GROUPS: usize = (1 << BUCKET_BITS) / PER_GROUP;
/// The `grp` of the top row.
const TOP: i64 = GROUPS as i64;
/// Bytes of a group's version id in the top row (a prefix of its envelope's random nonce: 96
/// bits, so an older version of a group has another id but with chance 2^-96), keeping the
/// top row (3 KiB) in one page.
const ID: usize = 12;
/// The root's size (SHA-256).
pub(crate) const ROOT: usize = 32;

/// The root of an index with no sums stored (a new vault): all zero.
pub(crate) const EMPTY_ROOT: [u8; ROOT] = [0; ROOT];

fn bucket(tag: u64) -> usize {
    (tag >> (64 - BUCKET_BITS)) as usize
}

/// The tags of a bucket, as SQLite stores them (signed; a bucket never straddles the sign).
fn bucket_range(b: usize) -> (i64, i64) {
    let lo = (b as u64) << (64 - BUCKET_BITS);
    let hi = lo | ((1u64 << (64 - BUCKET_BITS)) - 1);
    (
        i64::from_le_bytes(lo.to_le_bytes()),
        i64::from_le_bytes(hi.to_le_bytes()),
    )
}

fn tampered() -> VaultError {
    VaultError::Tampered(RecordKind::TransactionBlock)
}

fn group_row_key(g: usize) -> Vec<u8> {
    let mut k = b"tacit.txn_index.group".to_vec();
    k.extend_from_slice(&(g as u64).to_be_bytes());
    k
}

/// The top row: one version id per group.
struct Top(Vec<[u8; ID]>);

impl Top {
    fn empty() -> Top {
        Top(vec![[0; ID]; GROUPS])
    }

    fn decode(bytes: &[u8]) -> Option<Top> {
        if bytes.len() != GROUPS * ID {
            return None;
        }
        Some(Top(bytes
            .chunks_exact(ID)
            .map(|c| {
                let mut a = [0; ID];
                a.copy_from_slice(c);
                a
            })
            .collect()))
    }

    fn encode(&self) -> Vec<u8> {
        self.0.concat()
    }

    fn root(&self) -> [u8; ROOT] {
        let d = ring::digest::digest(
            &ring::digest::SHA256,
            &[&b"tacit.txn_index.top.v1"[..], &self.encode()].concat(),
        );
        let mut r = [0; ROOT];
        r.copy_from_slice(d.as_ref());
        r
    }
}

/// The root of the index as stored (the migrations measure it): zero with no top row.
pub(crate) fn stored_root(conn: &Connection) -> Result<[u8; ROOT]> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'txn_index_sums')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(EMPTY_ROOT);
    }
    match read_row(conn, TOP)? {
        None => Ok(EMPTY_ROOT),
        Some(b) => Ok(Top::decode(&b).ok_or_else(tampered)?.root()),
    }
}

fn read_row(conn: &Connection, grp: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT env FROM txn_index_sums WHERE grp = ?1")?
        .query_row([grp], |r| r.get(0))
        .optional()?)
}

fn write_row(conn: &Connection, grp: i64, value: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO txn_index_sums (grp, env) VALUES (?1, ?2)
         ON CONFLICT (grp) DO UPDATE SET env = excluded.env",
    )?
    .execute(params![grp, value])?;
    Ok(())
}

/// What has been verified since open (the vault's own writes keep it true).
struct Verified {
    top: bool,
    buckets: Vec<u64>,
}

impl Verified {
    fn none() -> Verified {
        Verified {
            top: false,
            buckets: vec![0; (1 << BUCKET_BITS) / 64],
        }
    }

    fn bucket(&self, b: usize) -> bool {
        self.buckets
            .get(b / 64)
            .is_some_and(|w| w & (1 << (b % 64)) != 0)
    }

    fn set_bucket(&mut self, b: usize) {
        if let Some(w) = self.buckets.get_mut(b / 64) {
            *w |= 1 << (b % 64);
        }
    }
}

/// The id index's sums: their key, the row-set digest that holds the root, and what was
/// verified since open. One per open vault.
pub(crate) struct IndexAuth {
    /// Boxed: one heap place, never copied by a move of the vault.
    sum_key: Box<zeroize::Zeroizing<[u8; 16]>>,
    rowset: RowSet,
    verified: RefCell<Verified>,
}

impl IndexAuth {
    /// The state of a vault whose row-set digest is `rowset`.
    pub(crate) fn new(keys: &VaultKeys, rowset: RowSet) -> IndexAuth {
        let seed = hmac_parts(&keys.meta, &[b"tacit.v1.txn-index-sums"]);
        let mut sum_key = Box::new(zeroize::Zeroizing::new([0u8; 16]));
        sum_key.copy_from_slice(&seed.as_ref()[..16]);
        IndexAuth {
            sum_key,
            rowset,
            verified: RefCell::new(Verified::none()),
        }
    }

    fn element(&self, tag: u64, block: i64) -> u64 {
        element(&self.sum_key, tag, block)
    }

    /// Forgets what was verified (a write failed: the file is back to a state that may
    /// never have been checked).
    pub(crate) fn forget(&self) {
        *self.verified.borrow_mut() = Verified::none();
    }

    /// The top row, checked against the root once per open vault.
    fn top(&self, conn: &Connection) -> Result<Top> {
        let top = match read_row(conn, TOP)? {
            None => None,
            Some(b) => Some(Top::decode(&b).ok_or_else(tampered)?),
        };
        if !self.verified.borrow().top {
            let root = top.as_ref().map_or(EMPTY_ROOT, Top::root);
            if root != self.rowset.index_root() {
                return Err(tampered());
            }
            self.verified.borrow_mut().top = true;
        }
        Ok(top.unwrap_or_else(Top::empty))
    }

    /// Group `g`'s sums, its envelope checked against the top.
    fn group(&self, conn: &Connection, keys: &VaultKeys, top: &Top, g: usize) -> Result<Vec<u64>> {
        let id = top.0.get(g).ok_or_else(tampered)?;
        let Some(env) = read_row(conn, g as i64)? else {
            return if *id == [0; ID] {
                Ok(vec![0; PER_GROUP])
            } else {
                Err(tampered())
            };
        };
        if env.get(2..2 + ID) != Some(&id[..]) {
            return Err(tampered());
        }
        let plain = zeroize::Zeroizing::new(envelope::open(
            &keys.record,
            RecordKind::TransactionBlock,
            &group_row_key(g),
            &[],
            &env,
        )?);
        if plain.len() != PER_GROUP * 8 {
            return Err(tampered());
        }
        Ok(plain
            .chunks_exact(8)
            .map(|c| {
                let mut a = [0; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }

    /// Verifies the bucket of every tag in `tags` (once per open vault each): the lookup of
    /// those tags may then trust the index to list all of their rows, and only them.
    pub(crate) fn verify(
        &self,
        conn: &Connection,
        keys: &VaultKeys,
        tags: impl Iterator<Item = u64>,
    ) -> Result<()> {
        let mut todo: Vec<usize> = {
            let v = self.verified.borrow();
            tags.map(bucket).filter(|b| !v.bucket(*b)).collect()
        };
        if todo.is_empty() {
            return Ok(());
        }
        crate::sort::sort(&mut todo);
        todo.dedup();
        let top = self.top(conn)?;
        for run in todo.chunk_by(|a, b| a / PER_GROUP == b / PER_GROUP) {
            let Some(first) = run.first() else { continue };
            let sums = self.group(conn, keys, &top, first / PER_GROUP)?;
            for &b in run {
                let want = sums.get(b % PER_GROUP).copied().ok_or_else(tampered)?;
                if self.measure_bucket(conn, b)? != want {
                    return Err(tampered());
                }
                self.verified.borrow_mut().set_bucket(b);
            }
        }
        Ok(())
    }

    /// The sum of bucket `b`'s rows as stored.
    fn measure_bucket(&self, conn: &Connection, b: usize) -> Result<u64> {
        let (lo, hi) = bucket_range(b);
        let mut stmt =
            conn.prepare_cached("SELECT tag, block FROM txn_index WHERE tag BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query(params![lo, hi])?;
        let mut sum = 0;
        while let Some(row) = rows.next()? {
            let tag = u64::from_le_bytes(row.get::<_, i64>(0)?.to_le_bytes());
            sum ^= self.element(tag, row.get(1)?);
        }
        Ok(sum)
    }

    /// Applies a write's index changes to the sums: `rows` are the `(tag, block)` rows it
    /// added or removed (either way, XOR). Re-seals the groups touched, rewrites the top and
    /// sets the working root, all in the caller's transaction.
    pub(crate) fn update(
        &self,
        conn: &Connection,
        keys: &VaultKeys,
        rows: &[(u64, i64)],
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // Every bucket's change (an array: a large import touches most buckets), and which
        // groups have a row in `rows`.
        let mut deltas = vec![0u64; GROUPS * PER_GROUP];
        let mut touched = vec![false; GROUPS];
        for &(tag, block) in rows {
            let b = bucket(tag);
            if let (Some(d), Some(t)) = (deltas.get_mut(b), touched.get_mut(b / PER_GROUP)) {
                *d ^= self.element(tag, block);
                *t = true;
            }
        }
        let mut top = self.top(conn)?;
        for g in (0..GROUPS).filter(|g| touched.get(*g) == Some(&true)) {
            let mut sums = self.group(conn, keys, &top, g)?;
            let changes = deltas.get(g * PER_GROUP..(g + 1) * PER_GROUP).ok_or_else(tampered)?;
            for (s, d) in sums.iter_mut().zip(changes) {
                *s ^= d;
            }
            let id = seal_group(conn, keys, g, &sums)?;
            if let Some(slot) = top.0.get_mut(g) {
                *slot = id;
            }
        }
        write_row(conn, TOP, &top.encode())?;
        self.rowset.set_index_root(top.root());
        Ok(())
    }

    /// Recomputes every bucket from the index and compares (`vault check`).
    pub(crate) fn verify_all(&self, conn: &Connection, keys: &VaultKeys) -> Result<()> {
        self.verified.borrow_mut().top = false;
        let top = self.top(conn)?;
        let sums = all_sums(conn, &self.sum_key)?;
        for g in 0..GROUPS {
            let stored = self.group(conn, keys, &top, g)?;
            let want = sums.get(g * PER_GROUP..(g + 1) * PER_GROUP).ok_or_else(tampered)?;
            if stored != want {
                return Err(tampered());
            }
        }
        let extra: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM txn_index_sums WHERE grp < 0 OR grp > ?1)",
            [TOP],
            |r| r.get(0),
        )?;
        if extra {
            return Err(tampered());
        }
        Ok(())
    }
}

/// Seals and writes group `g`; returns its new version id.
fn seal_group(conn: &Connection, keys: &VaultKeys, g: usize, sums: &[u64]) -> Result<[u8; ID]> {
    let plain = zeroize::Zeroizing::new(
        sums.iter()
            .flat_map(|s| s.to_le_bytes())
            .collect::<Vec<u8>>(),
    );
    let env = envelope::seal(
        &keys.record,
        RecordKind::TransactionBlock,
        &group_row_key(g),
        &[],
        &plain,
    )?;
    let mut id = [0; ID];
    id.copy_from_slice(env.get(2..2 + ID).ok_or_else(tampered)?);
    write_row(conn, g as i64, &env)?;
    Ok(id)
}

fn element(key: &[u8; 16], tag: u64, block: i64) -> u64 {
    let mut h = SipHasher24::new_with_key(key);
    h.write(&tag.to_le_bytes());
    h.write(&block.to_le_bytes());
    h.finish()
}

/// Every bucket's sum, measured in one pass over the index.
fn all_sums(conn: &Connection, key: &[u8; 16]) -> Result<Vec<u64>> {
    let mut sums = vec![0u64; 1 << BUCKET_BITS];
    let mut stmt = conn.prepare("SELECT tag, block FROM txn_index")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let tag = u64::from_le_bytes(row.get::<_, i64>(0)?.to_le_bytes());
        if let Some(s) = sums.get_mut(bucket(tag)) {
            *s ^= element(key, tag, row.get(1)?);
        }
    }
    Ok(sums)
}

/// Writes every group and the top from the index as it is (the format-6 migration, after
/// the index was rebuilt from the blocks). An empty index writes nothing (root zero).
pub(super) fn build(conn: &Connection, keys: &VaultKeys) -> Result<()> {
    conn.execute_batch("DELETE FROM txn_index_sums")?;
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM txn_index)", [], |r| r.get(0))?;
    if !any {
        return Ok(());
    }
    let auth = IndexAuth::new(keys, RowSet::new(keys, Default::default()));
    let sums = all_sums(conn, &auth.sum_key)?;
    let mut top = Top::empty();
    for (g, chunk) in sums.chunks_exact(PER_GROUP).enumerate() {
        if let Some(slot) = top.0.get_mut(g) {
            *slot = seal_group(conn, keys, g, chunk)?;
        }
    }
    write_row(conn, TOP, &top.encode())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;

    fn keys() -> VaultKeys {
        VaultKeys::derive(&SecretKey::from_bytes([7; 32])).unwrap()
    }

    /// An in-memory index with the sums table and an auth over a fresh row-set digest.
    fn setup() -> (Connection, IndexAuth) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(super::super::txn_index::CREATE).unwrap();
        conn.execute_batch(CREATE).unwrap();
        let k = keys();
        let auth = IndexAuth::new(&k, RowSet::new(&k, Default::default()));
        (conn, auth)
    }

    fn insert(conn: &Connection, auth: &IndexAuth, rows: &[(u64, i64)]) {
        for (t, b) in rows {
            conn.execute(
                "INSERT INTO txn_index (tag, block) VALUES (?1, ?2)",
                params![i64::from_le_bytes(t.to_le_bytes()), b],
            )
            .unwrap();
        }
        auth.update(conn, &keys(), rows).unwrap();
    }

    #[test]
    fn buckets_split_the_tag_space_in_order() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(u64::MAX), (1 << BUCKET_BITS) - 1);
        for b in [0, 1, 16_383, 16_384, 32_767] {
            let (lo, hi) = bucket_range(b);
            assert!(lo <= hi, "bucket {b}");
            let (ulo, uhi) = (
                u64::from_le_bytes(lo.to_le_bytes()),
                u64::from_le_bytes(hi.to_le_bytes()),
            );
            assert_eq!((bucket(ulo), bucket(uhi)), (b, b));
            assert_ne!(bucket(uhi.wrapping_add(1)), b);
        }
    }

    #[test]
    fn kept_sums_verify_and_a_deleted_or_added_row_does_not() {
        let (conn, auth) = setup();
        let rows = [(5u64, 1i64), (6, 1), (u64::MAX - 3, 2), (1 << 63, 2)];
        insert(&conn, &auth, &rows);
        auth.forget();
        auth.verify(&conn, &keys(), rows.iter().map(|r| r.0)).unwrap();
        // Absence of a tag in a verified bucket is proven too.
        auth.verify(&conn, &keys(), std::iter::once(7)).unwrap();
        conn.execute("DELETE FROM txn_index WHERE tag = 6", []).unwrap();
        auth.forget();
        assert!(auth.verify(&conn, &keys(), std::iter::once(7)).is_err());
        // Another bucket is unaffected.
        auth.verify(&conn, &keys(), std::iter::once(u64::MAX)).unwrap();
        conn.execute("INSERT INTO txn_index (tag, block) VALUES (6, 1)", [])
            .unwrap();
        conn.execute("INSERT INTO txn_index (tag, block) VALUES (8, 1)", [])
            .unwrap();
        auth.forget();
        assert!(auth.verify(&conn, &keys(), std::iter::once(5)).is_err());
    }

    #[test]
    fn an_older_group_or_top_is_refused() {
        let (conn, auth) = setup();
        insert(&conn, &auth, &[(5, 1)]);
        let old_group = read_row(&conn, 0).unwrap().unwrap();
        let old_top = read_row(&conn, TOP).unwrap().unwrap();
        conn.execute("DELETE FROM txn_index", []).unwrap();
        auth.update(&conn, &keys(), &[(5, 1)]).unwrap();
        auth.forget();
        auth.verify(&conn, &keys(), std::iter::once(5)).unwrap();
        // Rows and group put back as they were: the top names the current group.
        conn.execute("INSERT INTO txn_index (tag, block) VALUES (5, 1)", [])
            .unwrap();
        write_row(&conn, 0, &old_group).unwrap();
        auth.forget();
        assert!(auth.verify(&conn, &keys(), std::iter::once(5)).is_err());
        // And the top too: the root names the current top.
        write_row(&conn, TOP, &old_top).unwrap();
        auth.forget();
        assert!(auth.verify(&conn, &keys(), std::iter::once(5)).is_err());
        // A removed top is refused as well.
        conn.execute("DELETE FROM txn_index_sums WHERE grp = ?1", [TOP])
            .unwrap();
        auth.forget();
        assert!(auth.verify(&conn, &keys(), std::iter::once(5)).is_err());
    }

    #[test]
    fn build_matches_the_kept_sums() {
        let (conn, auth) = setup();
        let rows: Vec<(u64, i64)> = (0..500u64)
            .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15), (i % 7) as i64))
            .collect();
        insert(&conn, &auth, &rows);
        let kept = stored_root(&conn).unwrap();
        assert_eq!(kept, auth.rowset.index_root());
        auth.verify_all(&conn, &keys()).unwrap();
        build(&conn, &keys()).unwrap();
        // Rebuilt groups are new envelopes: a new root, and it verifies against it.
        let built = stored_root(&conn).unwrap();
        assert_ne!(built, kept);
        auth.rowset.set_index_root(built);
        auth.forget();
        auth.verify_all(&conn, &keys()).unwrap();
        auth.verify(&conn, &keys(), rows.iter().map(|r| r.0)).unwrap();
    }
}
