//! Schema, migrations and connection settings.
//!
//! The format version is SQLite's `PRAGMA user_version`. `MIGRATIONS[i]` moves a vault from
//! version `i` to `i + 1`, each step inside its own transaction, so a crash mid-migration
//! leaves the previous version intact. Golden files of every released version live in
//! `tests/golden/` and are opened by the test suite.
//!
//! Plaintext columns are limited to the allow-list in docs/security-design.md: keyed
//! references (HMAC outputs), the month bucket of a transaction block, counts, the ledger's
//! sequence number, and the meta table's public parameters.

use super::error::Result;
use super::keys::VaultKeys;
use rusqlite::{Connection, Transaction};

/// The format version this library writes.
pub const CURRENT_VERSION: u32 = 6;

/// One upgrade step. It gets the vault's keys: a step may have to re-encrypt records.
type Migration = fn(&Transaction<'_>, &VaultKeys) -> Result<()>;

/// Migration steps; index `i` upgrades version `i` to `i + 1`.
///
/// - 0 → 1: the tables.
/// - 1 → 2: transaction-id tags change from HMAC-SHA256 to SipHash-2-4 (see `keys.rs` for
///   why); every block's tags are recomputed from its decrypted ids and the block resealed,
///   since the tags are bound into its associated data.
/// - 2 → 3: authenticated row counts of every table (`counts.rs`); the step itself changes
///   no table: the counts are written with the generation when the step commits, and from
///   format 3 on a vault without them does not open.
/// - 3 → 4: authenticated digests of every table's set of rows (`rowset.rs`); like the
///   counts, measured and written with the generation when the step commits.
/// - 4 → 5: the id index (`txn_index.rs`), filled from every block's tags column.
/// - 5 → 6: the id index's authenticated sums (`index_auth.rs`): the index is rebuilt from
///   the blocks' tags (so rows deleted from a format-5 index are not carried over), its sums
///   sealed, and their root written into the row-set digest when the step commits.
pub const MIGRATIONS: [Migration; 6] = [
    create_v1, retag_v2, counts_v3, rowset_v4, index_v5, index_sums_v6,
];

fn index_sums_v6(tx: &Transaction<'_>, keys: &VaultKeys) -> Result<()> {
    tx.execute_batch(super::index_auth::CREATE)?;
    super::txn_index::fill(tx)?;
    super::index_auth::build(tx, keys)
}

fn index_v5(tx: &Transaction<'_>, _keys: &VaultKeys) -> Result<()> {
    tx.execute_batch(super::txn_index::CREATE)?;
    super::txn_index::fill(tx)
}

fn counts_v3(_tx: &Transaction<'_>, _keys: &VaultKeys) -> Result<()> {
    Ok(())
}

fn rowset_v4(_tx: &Transaction<'_>, _keys: &VaultKeys) -> Result<()> {
    Ok(())
}

/// The first format with authenticated row-set digests.
pub const ROWSET_VERSION: u32 = 4;

/// The first format with authenticated table counts.
pub const COUNTS_VERSION: u32 = 3;

fn retag_v2(tx: &Transaction<'_>, keys: &VaultKeys) -> Result<()> {
    super::retag::retag_all(tx, keys)
}

fn create_v1(tx: &Transaction<'_>, _keys: &VaultKeys) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE meta (
             key   TEXT PRIMARY KEY,
             value BLOB NOT NULL
         );
         CREATE TABLE credentials (
             source_ref BLOB PRIMARY KEY,
             env        BLOB NOT NULL
         );
         CREATE TABLE accounts (
             account_ref BLOB PRIMARY KEY,
             source_ref  BLOB NOT NULL,
             env         BLOB NOT NULL
         );
         CREATE INDEX accounts_source ON accounts(source_ref);
         CREATE TABLE txn_blocks (
             id          INTEGER PRIMARY KEY,
             account_ref BLOB NOT NULL REFERENCES accounts(account_ref) ON DELETE CASCADE,
             month       INTEGER NOT NULL,
             source_ref  BLOB NOT NULL,
             n           INTEGER NOT NULL,
             tags        BLOB NOT NULL,
             env         BLOB NOT NULL,
             UNIQUE (account_ref, month)
         );
         CREATE INDEX txn_blocks_month ON txn_blocks(month);
         CREATE INDEX txn_blocks_source ON txn_blocks(source_ref);
         CREATE TABLE alerts (
             alert_ref  BLOB PRIMARY KEY,
             source_ref BLOB,
             env        BLOB NOT NULL
         );
         CREATE TABLE ledger (
             seq INTEGER PRIMARY KEY,
             env BLOB NOT NULL
         );
         CREATE TABLE settings (
             name_ref   BLOB PRIMARY KEY,
             source_ref BLOB,
             env        BLOB NOT NULL
         );",
    )?;
    Ok(())
}

/// Connection-level settings that do not write to the file: safe before the vault is
/// validated.
///
/// Not set: the query planner stability guarantee (QPSG). It would stop SQLite re-preparing
/// the id index's cached lookup at every use (about 40,000 instructions per incoming id of a
/// sync, a few milliseconds a week), but it also gave every chat reply a plan blind to its
/// bound dates, measured at about 100 µs more per reply (`tacit bench assistant` p50 307 µs
/// against 210 µs). A reply is what a person waits on.
pub fn apply_connection_pragmas(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA trusted_schema = OFF;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Write-ahead-log size, in pages, at which a commit runs an automatic checkpoint. SQLite's
/// default is 1,000 pages: with a chat reply writing a few pages (its ledger entry, the
/// ledger head, the write generation), that put a checkpoint (copying the log into the file
/// and two fsyncs, 10-20 ms here) inside one reply in every few hundred. The profile
/// checkpoints explicitly after each sync ([`super::Vault::checkpoint`]) and on close; this
/// larger limit is only the backstop that bounds the log (about 16 MiB with 4 KiB pages)
/// when a person chats for a long time between syncs.
pub const WAL_AUTOCHECKPOINT_PAGES: u32 = 4_000;

/// Durability settings, applied once the file is known to be a valid vault (switching to
/// WAL writes the file header).
pub fn apply_durability_pragmas(conn: &Connection) -> Result<()> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES};"
    ))?;
    Ok(())
}

/// Reads the format version.
pub fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v).map_err(|_| super::error::VaultError::NotAVault)
}

/// Writes the format version (inside the caller's transaction).
pub fn set_user_version(tx: &Transaction<'_>, v: u32) -> Result<()> {
    tx.execute_batch(&format!("PRAGMA user_version = {v}"))?;
    Ok(())
}

/// Whether the file holds triggers or views. Tacit's schema has none; one planted in the
/// file would run inside the vault's own writes (deleting rows as they commit, say), so a
/// file with any is refused at open.
pub fn has_foreign_code(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Whether the Tacit meta table exists.
pub fn has_meta_table(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}
