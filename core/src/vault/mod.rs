//! The encrypted vault: one SQLite file per profile holding credentials, accounts,
//! transactions, alerts, the outbound ledger and settings, every value inside an AEAD envelope
//! bound to its row.
//!
//! - [`keys`]: the key hierarchy (data key wrapped by the host; HKDF subkeys).
//! - [`envelope`]: the versioned record envelope and its associated data.
//! - [`meta`]: vault parameters, wrong-key versus damage, write generation.
//! - [`blocks`]: transactions in encrypted account-month blocks with a keyed-hash id index.
//! - [`tables`]: the small encrypted tables.
//! - [`digest`]: the assistant's summary digest (month totals, merchant names), kept by every
//!   write from its own changes.
//! - `txn_index`: which block holds each transaction-id tag, so a sync finds stored ids
//!   without reading old blocks.
//! - `index_auth`: the id index's authenticated sums, so a deleted, re-inserted or older
//!   index row is `Tampered` at the lookup that relies on it.
//! - [`schema`]: tables, migrations and pragmas.
//!
//! See docs/security-design.md for the threat model and the plaintext allow-list.

pub mod blocks;
pub mod codec;
mod counts;
pub mod digest;
pub mod envelope;
pub mod error;
mod index_auth;
pub mod keys;
mod meta;
pub mod records;
mod retag;
mod rowset;
mod scan;
pub mod schema;
mod tables;
mod txn_index;

pub use blocks::{TxnFilter, UpsertStats};
pub use error::{IoKind, RecordKind, Result, VaultError};
pub use records::TxnRef;

use crate::crypto::secret::{SecretBytes, SecretKey};
use crate::crypto::wrap::{KeyWrapper, WrapError};
use crate::model::{Account, SourceId, Transaction, TxnId};
use counts::Counts;
use index_auth::IndexAuth;
use keys::VaultKeys;
use meta::Meta;
use rowset::{RowDigest, RowSet};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tables::KvTable;

/// Where the host keeps the last write generation it saw, outside the vault file (its
/// keystore, preferences or server). Lets [`Vault::open`] refuse a restored older copy.
pub trait GenerationStore: Send + Sync {
    /// The highest generation recorded for this vault, if any.
    fn last_seen(&self, vault_id: &[u8]) -> Option<u64>;
    /// Records a generation after a commit. Failures are the host's to handle: the vault has
    /// already committed.
    fn record(&self, vault_id: &[u8], generation: u64);
}

/// Options for opening or creating a vault.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// The host's rollback guard, if it keeps one.
    pub generation_store: Option<Arc<dyn GenerationStore>>,
}

impl fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenOptions")
            .field("generation_store", &self.generation_store.is_some())
            .finish()
    }
}

/// An open vault. Not `Sync`: wrap it in a `Mutex` to share it between threads.
pub struct Vault {
    conn: Connection,
    keys: VaultKeys,
    vault_id: Vec<u8>,
    generation: u64,
    data_generation: u64,
    /// Row counts of every table, as authenticated at open and kept by every write.
    counts: Counts,
    /// The authenticated digests of every table's rows (`rowset.rs`).
    rowset: RowSet,
    /// The id index's authenticated sums (`index_auth.rs`).
    index: IndexAuth,
    /// The UTC offset a digest created by a write groups months in ([`Vault::ensure_digest`]).
    digest_offset: i32,
    options: OpenOptions,
    path: PathBuf,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

fn map_wrap_error(e: WrapError) -> VaultError {
    match e {
        WrapError::WrongKey => VaultError::WrongKey,
        WrapError::Tampered => VaultError::Tampered(RecordKind::WrappedKey),
        WrapError::Unavailable => VaultError::KeyUnavailable,
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Creates an empty file readable and writable by its owner only (0600 on Unix). SQLite gives
/// the `-wal` and `-shm` files it creates later the mode of the database file.
fn create_private_file(path: &Path) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?;
    Ok(())
}

/// A write transaction: everything done through it commits together, bumping the vault's
/// write generation, or not at all.
pub struct WriteTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    keys: &'a VaultKeys,
    rowset: &'a RowSet,
    index: &'a IndexAuth,
    /// Set by every call that changes accounts or transactions.
    touched_data: bool,
    /// Tables whose row count this write may have changed (`counts::bit`).
    touched_tables: u8,
    /// Ledger entries appended by this write.
    ledger_added: u64,
    /// The digest as this write changes it (loaded at the first data change).
    digest: Option<digest::Pending>,
    /// An account was stored: which accounts are loans is checked again at commit.
    accounts_changed: bool,
    /// The UTC offset a new digest groups months in.
    digest_offset: i32,
}

/// The write's digest, loaded on first use.
fn pending<'b>(
    slot: &'b mut Option<digest::Pending>,
    conn: &Connection,
    keys: &VaultKeys,
    offset: i32,
) -> Result<&'b mut digest::Pending> {
    if slot.is_none() {
        *slot = Some(digest::Pending::load(conn, keys, offset)?);
    }
    slot.as_mut()
        .ok_or(VaultError::Corrupt("digest not loaded"))
}

impl fmt::Debug for WriteTx<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WriteTx")
    }
}

/// Puts `synchronous` back to FULL when a relaxed write ends, on every path (an error
/// returned by the write, or a panic unwinding out of it).
struct RelaxedGuard<'v> {
    vault: &'v mut Vault,
}

impl RelaxedGuard<'_> {
    const FULL: &'static str = "PRAGMA synchronous = FULL";

    fn restore(self) -> Result<()> {
        let r = self.vault.conn.execute_batch(Self::FULL);
        std::mem::forget(self);
        Ok(r?)
    }
}

impl Drop for RelaxedGuard<'_> {
    fn drop(&mut self) {
        let _ = self.vault.conn.execute_batch(Self::FULL);
    }
}

impl WriteTx<'_> {
    /// Stores or updates an account (balances and terms included).
    pub fn put_account(&mut self, account: &Account) -> Result<()> {
        self.touched_tables |= counts::bit(RecordKind::Account);
        self.touched_data = true;
        pending(&mut self.digest, self.tx, self.keys, self.digest_offset)?;
        self.accounts_changed = true;
        tables::put_account(self.tx, self.keys, account)
    }

    /// Inserts or replaces transactions by id; their accounts must be stored first.
    pub fn upsert_transactions(&mut self, txns: &[Transaction]) -> Result<UpsertStats> {
        let refs: Vec<&Transaction> = txns.iter().collect();
        self.upsert_transaction_refs(&refs)
    }

    /// [`WriteTx::upsert_transactions`] over borrowed transactions.
    pub fn upsert_transaction_refs(&mut self, txns: &[&Transaction]) -> Result<UpsertStats> {
        self.upsert_checked(txns, &[])
    }

    /// [`WriteTx::upsert_transaction_refs`], given stored transactions read earlier in this
    /// write ([`WriteTx::transactions`]) and still stored: where one of them has an incoming
    /// id, the id index must list it, or the write fails as `Tampered` instead of storing
    /// that id a second time (a deleted index row; `blocks.rs`, `txn_index.rs`).
    pub fn upsert_checked(
        &mut self,
        txns: &[&Transaction],
        seen: &[&Transaction],
    ) -> Result<UpsertStats> {
        self.touched_tables |= counts::bit(RecordKind::TransactionBlock);
        self.touched_data = true;
        let d = pending(&mut self.digest, self.tx, self.keys, self.digest_offset)?;
        blocks::upsert(self.tx, self.keys, self.index, txns, seen, &mut |t, sign| {
            d.note(t, sign)
        })
    }

    /// Removes transactions by id; returns how many existed.
    pub fn remove_transactions(&mut self, ids: &[TxnId]) -> Result<usize> {
        self.remove_checked(ids, &[])
    }

    /// [`WriteTx::remove_transactions`], given stored transactions read earlier in this write
    /// and still stored: the id index must list each one whose id is to be removed, or the
    /// write fails as `Tampered` instead of silently removing nothing.
    pub fn remove_checked(&mut self, ids: &[TxnId], seen: &[&Transaction]) -> Result<usize> {
        self.touched_tables |= counts::bit(RecordKind::TransactionBlock);
        self.touched_data = true;
        let d = pending(&mut self.digest, self.tx, self.keys, self.digest_offset)?;
        blocks::remove(self.tx, self.keys, self.index, ids, seen, &mut |t, sign| {
            d.note(t, sign)
        })
    }

    /// Reads transactions inside this write (sees its own uncommitted changes).
    pub fn transactions(&self, filter: &TxnFilter) -> Result<Vec<Transaction>> {
        let mut out = Vec::new();
        blocks::visit(self.tx, self.keys, filter, |t| out.push(t.owned()))?;
        Ok(out)
    }

    /// Stores a bank credential (an Access URL, a token) for a source.
    pub fn put_credential(&mut self, source: &SourceId, secret: &SecretBytes) -> Result<()> {
        self.touched_tables |= counts::bit(RecordKind::Credential);
        tables::kv_put(
            self.tx,
            self.keys,
            KvTable::Credentials,
            &source.0,
            Some(source),
            secret.expose(),
        )
    }

    /// Stores a setting or state record, optionally tied to a source (deleted with it).
    pub fn put_setting(
        &mut self,
        name: &str,
        source: Option<&SourceId>,
        value: &[u8],
    ) -> Result<()> {
        self.touched_tables |= counts::bit(RecordKind::Setting);
        tables::kv_put(self.tx, self.keys, KvTable::Settings, name, source, value)
    }

    /// Deletes a setting.
    pub fn delete_setting(&mut self, name: &str) -> Result<bool> {
        self.touched_tables |= counts::bit(RecordKind::Setting);
        tables::kv_delete(self.tx, self.keys, KvTable::Settings, name)
    }

    /// Reads a setting inside this write.
    pub fn setting(&self, name: &str) -> Result<Option<SecretBytes>> {
        self.rowset.ensure(self.tx, RecordKind::Setting)?;
        tables::kv_get(self.tx, self.keys, KvTable::Settings, name)
    }

    /// Every stored account, read inside this write.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.rowset.ensure(self.tx, RecordKind::Account)?;
        tables::accounts(self.tx, self.keys)
    }

    /// Stores or updates an alert record.
    pub fn put_alert(&mut self, id: &str, source: Option<&SourceId>, value: &[u8]) -> Result<()> {
        self.touched_tables |= counts::bit(RecordKind::Alert);
        tables::kv_put(self.tx, self.keys, KvTable::Alerts, id, source, value)
    }

    /// Reads an alert inside this write.
    pub fn alert(&self, id: &str) -> Result<Option<SecretBytes>> {
        self.rowset.ensure(self.tx, RecordKind::Alert)?;
        tables::kv_get(self.tx, self.keys, KvTable::Alerts, id)
    }

    /// Deletes an alert.
    pub fn delete_alert(&mut self, id: &str) -> Result<bool> {
        self.touched_tables |= counts::bit(RecordKind::Alert);
        tables::kv_delete(self.tx, self.keys, KvTable::Alerts, id)
    }

    /// Appends an outbound ledger entry; returns its sequence number.
    pub fn append_ledger(&mut self, payload: &[u8]) -> Result<i64> {
        let seq = tables::ledger_append(self.tx, self.keys, payload)?;
        self.ledger_added += 1;
        Ok(seq)
    }

    /// Ledger entries inside this write.
    pub fn ledger(&self) -> Result<Vec<(i64, SecretBytes)>> {
        self.rowset.ensure(self.tx, RecordKind::Ledger)?;
        tables::ledger_all(self.tx, self.keys)
    }
}

impl Vault {
    /// Creates a new vault at `path` with a fresh random data key wrapped by `wrapper`. The
    /// file appears atomically: it is built beside the target and renamed into place.
    pub fn create(path: &Path, wrapper: &dyn KeyWrapper, options: OpenOptions) -> Result<Vault> {
        if path.exists() {
            return Err(VaultError::Io(IoKind::AlreadyExists));
        }
        let staging = sidecar(path, ".creating");
        // Stale sidecars of the target (a vault deleted without its -wal, say) would be merged
        // into the new file by SQLite on first open: remove them, and the staging file's.
        for p in [
            &staging,
            &sidecar(&staging, "-wal"),
            &sidecar(&staging, "-shm"),
            &sidecar(&staging, "-journal"),
            &sidecar(path, "-wal"),
            &sidecar(path, "-shm"),
            &sidecar(path, "-journal"),
        ] {
            remove_if_exists(p)?;
        }
        create_private_file(&staging)?;
        let data_key = SecretKey::generate().map_err(|_| VaultError::Io(IoKind::RandomSource))?;
        let keys =
            VaultKeys::derive(&data_key).map_err(|_| VaultError::Internal("key derivation"))?;
        let wrapped = wrapper.wrap(data_key.expose()).map_err(map_wrap_error)?;
        drop(data_key);
        let vault_id = crate::crypto::random_array::<16>()
            .map_err(|_| VaultError::Io(IoKind::RandomSource))?;
        {
            let mut conn = Connection::open(&staging)?;
            schema::apply_connection_pragmas(&conn)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for step in schema::MIGRATIONS.iter() {
                step(&tx, &keys)?;
            }
            schema::set_user_version(&tx, schema::CURRENT_VERSION)?;
            Meta::write_new(
                &tx,
                &keys,
                &vault_id,
                &wrapper.scheme(),
                &wrapped,
                schema::CURRENT_VERSION,
            )?;
            Counts::measure(&tx)?.write(&tx, &keys, 0, schema::CURRENT_VERSION)?;
            RowDigest::default().store(&tx, &keys, 0, schema::CURRENT_VERSION)?;
            tx.commit()?;
            schema::apply_durability_pragmas(&conn)?;
            conn.close().map_err(|(_, e)| VaultError::from(e))?;
        }
        std::fs::rename(&staging, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Make the rename durable; not every platform can open a directory.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Self::open_connection(path, keys, options)
    }

    /// Opens an existing vault. Nothing is written to the file until the key, the meta table
    /// and the rollback guard have all checked out.
    pub fn open(path: &Path, wrapper: &dyn KeyWrapper, options: OpenOptions) -> Result<Vault> {
        let conn = Self::connect_existing(path)?;
        let version = Self::check_format(&conn)?;
        let meta = Meta::read(&conn)?;
        meta.check_wrapped_key(&conn)?;
        let key_bytes = wrapper.unwrap(&meta.wrapped_key).map_err(map_wrap_error)?;
        let data_key = SecretKey::from_slice(key_bytes.expose())
            .ok_or(VaultError::Tampered(RecordKind::WrappedKey))?;
        drop(key_bytes);
        let keys =
            VaultKeys::derive(&data_key).map_err(|_| VaultError::Internal("key derivation"))?;
        drop(data_key);
        meta.verify(&keys, version)?;
        drop(conn);
        Self::open_connection(path, keys, options)
    }

    /// Opens the vault at `path`, creating it first if there is no file.
    pub fn open_or_create(
        path: &Path,
        wrapper: &dyn KeyWrapper,
        options: OpenOptions,
    ) -> Result<Vault> {
        if path.exists() {
            Self::open(path, wrapper, options)
        } else {
            Self::create(path, wrapper, options)
        }
    }

    fn connect_existing(path: &Path) -> Result<Connection> {
        if !path.is_file() {
            return Err(VaultError::Io(IoKind::NotFound));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        schema::apply_connection_pragmas(&conn)?;
        Ok(conn)
    }

    fn check_format(conn: &Connection) -> Result<u32> {
        let version = schema::user_version(conn)?;
        if !schema::has_meta_table(conn)? || version == 0 {
            return Err(VaultError::NotAVault);
        }
        if version > schema::CURRENT_VERSION {
            return Err(VaultError::UnsupportedVersion(version));
        }
        if schema::has_foreign_code(conn)? {
            return Err(VaultError::Tampered(RecordKind::Meta));
        }
        Ok(version)
    }

    fn open_connection(path: &Path, keys: VaultKeys, options: OpenOptions) -> Result<Vault> {
        let mut conn = Self::connect_existing(path)?;
        let version = Self::check_format(&conn)?;
        let meta = Meta::read(&conn)?;
        meta.verify(&keys, version)?;
        if let Some(store) = &options.generation_store {
            if let Some(seen) = store.last_seen(&meta.vault_id) {
                if meta.generation < seen {
                    return Err(VaultError::Rollback {
                        found: meta.generation,
                        expected_at_least: seen,
                    });
                }
            }
        }
        let rowset = RowSet::new(&keys, RowDigest::default());
        rowset.register(&conn)?;
        // Upgrade older formats one step at a time, each step atomic.
        for v in version..schema::CURRENT_VERSION {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(step) = schema::MIGRATIONS.get(v as usize) {
                step(&tx, &keys)?;
            }
            schema::set_user_version(&tx, v + 1)?;
            Meta::write_generation(&tx, &keys, meta.generation, v + 1)?;
            if v + 1 >= schema::COUNTS_VERSION {
                Counts::measure(&tx)?.write(&tx, &keys, meta.generation, v + 1)?;
            }
            if v + 1 >= schema::ROWSET_VERSION {
                rowset::measure(&tx)?.store(&tx, &keys, meta.generation, v + 1)?;
            }
            tx.commit()?;
        }
        // Deleted or added rows: the authenticated counts of every table must match.
        let counts = Counts::verify(&conn, &keys, meta.generation, schema::CURRENT_VERSION)?;
        // Older copies of rows: the row-set digest must be this generation's (its MAC says
        // so); the rows themselves are compared at their first read (`rowset.rs`).
        let (digest, months) =
            RowDigest::load(&conn, &keys, meta.generation, schema::CURRENT_VERSION)?;
        rowset.set_committed(digest, months);
        RowSet::install_triggers(&conn)?;
        schema::apply_durability_pragmas(&conn)?;
        let index = IndexAuth::new(&keys, rowset.clone());
        Ok(Vault {
            conn,
            index,
            keys,
            vault_id: meta.vault_id,
            generation: meta.generation,
            data_generation: 0,
            counts,
            rowset,
            digest_offset: 0,
            options,
            path: path.to_path_buf(),
        })
    }

    /// Closes the vault, checkpointing the write-ahead log into the main file.
    pub fn close(self) -> Result<()> {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        self.conn.close().map_err(|(_, e)| VaultError::from(e))
    }

    /// The vault's random public id (for the host's generation store).
    pub fn vault_id(&self) -> &[u8] {
        &self.vault_id
    }

    /// The write generation: bumped by every committed write.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A counter, kept in memory, bumped by every write that may have changed accounts or
    /// transactions (and by [`Vault::forget_source`]). In-memory caches of the vault's data
    /// (the assistant's summary, the egress guard's known numbers) key on it: a write of
    /// bookkeeping only (ledger, quick-reply tokens, alerts, settings) leaves them valid, any
    /// other write invalidates them. It starts at 0 on every open.
    pub fn data_generation(&self) -> u64 {
        self.data_generation
    }

    /// Copies committed write-ahead-log frames into the main file without waiting for or
    /// blocking anything (SQLite's PASSIVE checkpoint). The profile runs it after each sync,
    /// outside any chat reply, so that automatic checkpoints (see `schema`) do not land
    /// inside one. Durability does not depend on it: every commit is durable in the log.
    /// Returns the number of frames in the log and how many of them were copied.
    pub fn checkpoint(&self) -> Result<(i64, i64)> {
        Ok(self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })?)
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` inside one SQLite transaction. If `f` fails nothing is written; if it
    /// succeeds the write generation is bumped in the same transaction and committed.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        self.write_inner(f)
    }

    /// Like [`Vault::write`] but committed with `synchronous=NORMAL`: in WAL mode the commit
    /// survives an app crash but may be lost on power failure until the next full commit or
    /// checkpoint. Used for the chat's bookkeeping (outbound ledger, quick-reply tokens), where
    /// an fsync per reply (about 10 ms on this machine's disk) would dominate reply latency;
    /// bank data, credentials and keys always commit with `synchronous=FULL`.
    pub fn write_relaxed<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        self.conn
            .prepare_cached("PRAGMA synchronous = NORMAL")?
            .execute([])?;
        // Restores FULL however this returns: an error, or a panic unwinding out of `f`.
        let guard = RelaxedGuard { vault: self };
        let out = guard.vault.write_inner(f);
        let restored = guard.restore();
        let out = out?;
        restored?;
        Ok(out)
    }

    fn write_inner<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        self.rowset.begin();
        // A write that fails or panics leaves the committed digest as it was.
        let rowset = self.rowset.clone();
        let mut pending = rowset::AbortOnDrop::new(&rowset);
        let out = self.write_tx(f);
        if out.is_ok() {
            pending.disarm();
        } else {
            // The file is back to its last commit, which this write may have verified only
            // after changing it (`index_auth.rs`).
            self.index.forget();
        }
        out
    }

    fn write_tx<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (out, touched) = {
            let mut w = WriteTx {
                tx: &tx,
                keys: &self.keys,
                rowset: &self.rowset,
                index: &self.index,
                touched_data: false,
                touched_tables: 0,
                ledger_added: 0,
                digest: None,
                accounts_changed: false,
                digest_offset: self.digest_offset,
            };
            let mut out = f(&mut w);
            if let (Ok(_), Some(d)) = (&out, w.digest.take()) {
                w.touched_tables |= counts::bit(RecordKind::Setting);
                if let Err(e) = d.commit(&tx, &self.keys, w.accounts_changed) {
                    out = Err(e);
                }
            }
            // Conservative: a failed write that touched data invalidates caches too.
            (out, (w.touched_data, w.touched_tables, w.ledger_added))
        };
        let (touched, tables_touched, ledger_added) = touched;
        if touched {
            self.data_generation = self.data_generation.wrapping_add(1);
        }
        let out = out?;
        let next = self
            .generation
            .checked_add(1)
            .ok_or(VaultError::Corrupt("generation overflow"))?;
        Meta::write_generation(&tx, &self.keys, next, schema::CURRENT_VERSION)?;
        let mut counts = self.counts;
        counts.remeasure(&tx, tables_touched)?;
        if let Some(n) = counts.0.get_mut(counts::LEDGER) {
            *n += ledger_added;
        }
        counts.write(&tx, &self.keys, next, schema::CURRENT_VERSION)?;
        self.rowset
            .check_and_store(&tx, &self.keys, next, schema::CURRENT_VERSION)?;
        tx.commit()?;
        self.rowset.commit();
        self.generation = next;
        self.counts = counts;
        if let Some(store) = &self.options.generation_store {
            store.record(&self.vault_id, next);
        }
        Ok(out)
    }

    /// Replaces the wrapping of the data key (new passphrase, new keystore key). The data
    /// key and every record stay as they are.
    pub fn rewrap(&mut self, old: &dyn KeyWrapper, new: &dyn KeyWrapper) -> Result<()> {
        let meta = Meta::read(&self.conn)?;
        let key_bytes = old.unwrap(&meta.wrapped_key).map_err(map_wrap_error)?;
        let wrapped = new.wrap(key_bytes.expose()).map_err(map_wrap_error)?;
        let scheme = new.scheme();
        self.write(|w| meta::Meta::write_wrapped_key(w.tx, &scheme, &wrapped))
    }

    /// Every stored account.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.rowset.ensure(&self.conn, RecordKind::Account)?;
        tables::accounts(&self.conn, &self.keys)
    }

    /// Transactions matching `filter`, in month order and by time within a month.
    pub fn transactions(&self, filter: &TxnFilter) -> Result<Vec<Transaction>> {
        let mut out = Vec::new();
        blocks::visit(&self.conn, &self.keys, filter, |t| out.push(t.owned()))?;
        Ok(out)
    }

    /// Visits matching transactions as zero-copy views (no allocation per transaction).
    pub fn visit_transactions(&self, filter: &TxnFilter, f: impl FnMut(&TxnRef<'_>)) -> Result<()> {
        blocks::visit(&self.conn, &self.keys, filter, f)
    }

    /// Folds the stored transactions matching `filter` into `acc`, block by block in the
    /// order of [`Vault::visit_transactions`], holding one decrypted block at a time.
    pub fn fold_transactions<A>(
        &self,
        filter: &TxnFilter,
        acc: A,
        step: impl FnMut(&mut A, &TxnRef<'_>),
    ) -> Result<A> {
        scan::fold(&self.conn, &self.keys, filter, acc, step)
    }

    /// The stored digest's head (`digest.rs`), if the vault has one.
    pub fn digest_head(&self) -> Result<Option<digest::Head>> {
        self.rowset.ensure(&self.conn, RecordKind::Setting)?;
        digest::read_head(&self.conn, &self.keys)
    }

    /// One local month of the stored digest.
    pub fn digest_month(&self, month: i64) -> Result<Option<digest::Month>> {
        self.rowset.ensure(&self.conn, RecordKind::Setting)?;
        digest::read_month(&self.conn, &self.keys, month)
    }

    /// The digest rebuilt from every stored transaction for `offset`, in memory.
    pub fn digest_rebuilt(
        &self,
        offset: i32,
    ) -> Result<(digest::Head, std::collections::BTreeMap<i64, digest::Month>)> {
        digest::rebuild(&self.conn, &self.keys, offset)
    }

    /// Makes the stored digest group months in `offset` (the profile's UTC offset): rebuilds
    /// it (one pass over the vault, in one write) when it groups them otherwise, or when the
    /// vault holds transactions but no digest (written before digests: the migration). An
    /// empty vault is not written to; its first write creates the digest for `offset`.
    /// Changes no transaction, so the data generation stays.
    pub fn ensure_digest(&mut self, offset: i32) -> Result<()> {
        self.digest_offset = offset;
        match self.digest_head()? {
            Some(h) if h.offset == offset => return Ok(()),
            None if self.rowset.newest_month().is_none() => return Ok(()),
            _ => {}
        }
        self.write(|w| {
            w.touched_tables |= counts::bit(RecordKind::Setting);
            digest::rebuild_stored(w.tx, w.keys, offset, None)
        })
    }

    /// The newest month bucket (months since year 0, UTC) holding any transaction, without
    /// decrypting anything; `None` for an empty vault. Read from the authenticated row-set
    /// digest (`rowset.rs`), not from the month index, which damage could make lie.
    pub fn newest_month(&self) -> Result<Option<i64>> {
        Ok(self.rowset.newest_month())
    }

    /// One transaction by id.
    pub fn find_transaction(&self, id: &TxnId) -> Result<Option<Transaction>> {
        let found = blocks::find(&self.conn, &self.keys, &self.index, id)?;
        if let Some(t) = &found {
            // The block it came from must be the month's current one (`rowset.rs`).
            let m = crate::time::month_index(t.transacted_at);
            rowset::verify_months(&self.conn, (m, m))?;
        }
        Ok(found)
    }

    /// The credential stored for a source.
    pub fn credential(&self, source: &SourceId) -> Result<Option<SecretBytes>> {
        self.rowset.ensure(&self.conn, RecordKind::Credential)?;
        tables::kv_get(&self.conn, &self.keys, KvTable::Credentials, &source.0)
    }

    /// Every stored credential with its source.
    pub fn credentials(&self) -> Result<Vec<(SourceId, SecretBytes)>> {
        self.rowset.ensure(&self.conn, RecordKind::Credential)?;
        Ok(
            tables::kv_all(&self.conn, &self.keys, KvTable::Credentials)?
                .into_iter()
                .map(|(name, v)| (SourceId(name), v))
                .collect(),
        )
    }

    /// A setting or state record.
    pub fn setting(&self, name: &str) -> Result<Option<SecretBytes>> {
        self.rowset.ensure(&self.conn, RecordKind::Setting)?;
        tables::kv_get(&self.conn, &self.keys, KvTable::Settings, name)
    }

    /// An alert record.
    pub fn alert(&self, id: &str) -> Result<Option<SecretBytes>> {
        self.rowset.ensure(&self.conn, RecordKind::Alert)?;
        tables::kv_get(&self.conn, &self.keys, KvTable::Alerts, id)
    }

    /// Every alert record with its id.
    pub fn alerts(&self) -> Result<Vec<(String, SecretBytes)>> {
        self.rowset.ensure(&self.conn, RecordKind::Alert)?;
        tables::kv_all(&self.conn, &self.keys, KvTable::Alerts)
    }

    /// Every outbound ledger entry with its sequence number, in order.
    pub fn ledger(&self) -> Result<Vec<(i64, SecretBytes)>> {
        self.rowset.ensure(&self.conn, RecordKind::Ledger)?;
        tables::ledger_all(&self.conn, &self.keys)
    }

    /// The HMAC key of the outbound ledger's hash chain.
    pub(crate) fn ledger_key(&self) -> &crate::crypto::kdf::HmacKey {
        &self.keys.ledger
    }

    /// Decrypts every record to check that nothing was modified, and measures every table's
    /// row-set digest and every month's blocks against the authenticated ones (so an older
    /// copy of any row is found). Returns the number of records checked, or the first failure.
    pub fn verify_all(&self) -> Result<usize> {
        self.rowset.verify_all(&self.conn)?;
        let mut n = self.accounts()?.len();
        n += tables::kv_all(&self.conn, &self.keys, KvTable::Credentials)?.len();
        n += tables::kv_all(&self.conn, &self.keys, KvTable::Alerts)?.len();
        n += tables::kv_all(&self.conn, &self.keys, KvTable::Settings)?.len();
        n += self.ledger()?.len();
        blocks::visit(&self.conn, &self.keys, &TxnFilter::default(), |_| n += 1)?;
        if !txn_index::check(&self.conn)? {
            return Err(VaultError::Corrupt(
                "the transaction-id index does not match the blocks",
            ));
        }
        self.index.verify_all(&self.conn, &self.keys)?;
        if digest::matches_rebuild(&self.conn, &self.keys)? == Some(false) {
            return Err(VaultError::Corrupt(
                "the stored summary does not match the transactions",
            ));
        }
        Ok(n)
    }

    /// SQLite's own structural check; `Ok(true)` when it reports "ok".
    pub fn integrity_check(&self) -> Result<bool> {
        let s: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(s == "ok")
    }

    /// Forgets one bank: its credential, accounts, transactions, alerts and settings, in one
    /// transaction; then checkpoints and truncates the write-ahead log so that the deleted
    /// pages (zeroed by `secure_delete`) leave no copy behind.
    pub fn forget_source(&mut self, source: &SourceId) -> Result<usize> {
        let n = self.write(|w| {
            w.touched_data = true;
            w.touched_tables = counts::ALL;
            w.accounts_changed = true;
            let d = pending(&mut w.digest, w.tx, w.keys, w.digest_offset)?;
            let sref = blocks::source_ref(w.keys, &source.0);
            blocks::visit_source(w.tx, w.keys, &sref, |t| d.note(t, -1))?;
            txn_index::forget_source(w.tx, w.keys, w.index, &sref)?;
            tables::delete_source(w.tx, w.keys, source)
        })?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(n)
    }

    /// Destroys the vault: deletes every row (zeroed by `secure_delete`), checkpoints and
    /// truncates the log, vacuums, closes, and removes the files.
    pub fn wipe(self) -> Result<()> {
        self.conn.execute_batch(
            "BEGIN IMMEDIATE;
             DELETE FROM txn_index; DELETE FROM txn_index_sums; DELETE FROM txn_blocks; DELETE FROM accounts; DELETE FROM credentials;
             DELETE FROM alerts; DELETE FROM ledger; DELETE FROM settings; DELETE FROM meta;
             COMMIT;",
        )?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.execute_batch("VACUUM;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let path = self.path.clone();
        self.conn.close().map_err(|(_, e)| VaultError::from(e))?;
        for p in [path.clone(), sidecar(&path, "-wal"), sidecar(&path, "-shm")] {
            remove_if_exists(&p)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod model_tests;

#[cfg(test)]
mod digest_tests;

#[cfg(test)]
mod relaxed_tests;
