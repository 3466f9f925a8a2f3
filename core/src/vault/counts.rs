//! Authenticated row counts of every record table (vault format 3).
//!
//! Each record is sealed to its own row, so a deleted row leaves nothing that fails to open:
//! removing a transaction block, an alert or a setting with `sqlite3` used to pass `vault
//! check`. The number of rows of every table is kept under the meta key, MAC'd together with
//! the write generation and the format version, and rewritten in the same transaction as every
//! write (only the tables the write touched are counted again; ledger appends are added). At
//! open the counts are measured and compared: a deleted or added row is
//! [`VaultError::Tampered`] naming the table. `COUNT(*)` reads an index when SQLite prefers
//! one, so a damaged index that hides rows from a scan usually shows up here too.
//!
//! Not caught by counts: replacing a row by an older copy of itself (the count is unchanged;
//! the row-set digest of `rowset.rs` catches it), and rolling back the whole file (the
//! generation store's job).

use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use super::meta::{get_opt, put};
use crate::crypto::kdf::{hmac_parts, hmac_parts_verify};
use rusqlite::Connection;

/// The record tables, in the order of [`Counts`]. A new table must be added here (and to the
/// `forget_source` policy test).
pub(crate) const TABLES: [(&str, RecordKind); 6] = [
    ("accounts", RecordKind::Account),
    ("txn_blocks", RecordKind::TransactionBlock),
    ("credentials", RecordKind::Credential),
    ("alerts", RecordKind::Alert),
    ("settings", RecordKind::Setting),
    ("ledger", RecordKind::Ledger),
];

/// Bit of a table in a touched-tables mask.
pub(crate) fn bit(kind: RecordKind) -> u8 {
    TABLES
        .iter()
        .position(|(_, k)| *k == kind)
        .map_or(0, |i| 1 << i)
}

/// Every table's bit.
pub(crate) const ALL: u8 = 0b11_1111;

/// Index of the ledger in [`TABLES`].
pub(crate) const LEDGER: usize = 5;

const META_KEY: &str = "table_counts";

/// Row counts, one per entry of [`TABLES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts(pub [u64; 6]);

fn count(conn: &Connection, table: &str) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM {table}"))?
        .query_row([], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

impl Counts {
    /// Counts every table.
    pub fn measure(conn: &Connection) -> Result<Counts> {
        let mut c = Counts::default();
        c.remeasure(conn, ALL)?;
        Ok(c)
    }

    /// Counts again the tables in `mask`.
    pub fn remeasure(&mut self, conn: &Connection, mask: u8) -> Result<()> {
        for (i, (table, _)) in TABLES.iter().enumerate() {
            if mask & (1 << i) != 0 {
                if let Some(slot) = self.0.get_mut(i) {
                    *slot = count(conn, table)?;
                }
            }
        }
        Ok(())
    }

    fn encode(&self) -> Vec<u8> {
        self.0.iter().flat_map(|n| n.to_be_bytes()).collect()
    }

    fn mac(keys: &VaultKeys, generation: u64, version: u32, encoded: &[u8]) -> ring::hmac::Tag {
        hmac_parts(
            &keys.meta,
            &[
                b"tacit.table_counts",
                &generation.to_be_bytes(),
                &version.to_be_bytes(),
                encoded,
            ],
        )
    }

    /// Stores the counts for `generation` (inside the write's transaction).
    pub fn write(
        &self,
        conn: &Connection,
        keys: &VaultKeys,
        generation: u64,
        version: u32,
    ) -> Result<()> {
        let mut value = self.encode();
        let mac = Self::mac(keys, generation, version, &value);
        value.extend_from_slice(mac.as_ref());
        put(conn, META_KEY, &value)
    }

    /// Reads and authenticates the stored counts, measures the tables and compares. Returns
    /// the counts; a missing or forged record is `Tampered(Meta)`, a table whose rows differ
    /// `Tampered` of that table.
    pub fn verify(
        conn: &Connection,
        keys: &VaultKeys,
        generation: u64,
        version: u32,
    ) -> Result<Counts> {
        let stored = get_opt(conn, META_KEY)?.ok_or(VaultError::Tampered(RecordKind::Meta))?;
        let n = TABLES.len() * 8;
        let (encoded, mac) = (stored.get(..n), stored.get(n..));
        let (Some(encoded), Some(mac)) = (encoded, mac) else {
            return Err(VaultError::Tampered(RecordKind::Meta));
        };
        let parts: [&[u8]; 4] = [
            b"tacit.table_counts",
            &generation.to_be_bytes(),
            &version.to_be_bytes(),
            encoded,
        ];
        if !hmac_parts_verify(&keys.meta, &parts, mac) {
            return Err(VaultError::Tampered(RecordKind::Meta));
        }
        let actual = Counts::measure(conn)?;
        for (i, (_, kind)) in TABLES.iter().enumerate() {
            let want = encoded
                .get(i * 8..i * 8 + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes);
            if want != actual.0.get(i).copied() {
                return Err(VaultError::Tampered(*kind));
            }
        }
        Ok(actual)
    }
}
