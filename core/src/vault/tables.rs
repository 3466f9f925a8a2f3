//! The small encrypted tables: accounts, credentials, alerts, settings and the ledger.
//!
//! Each row is one envelope whose associated data binds it to its table and keyed row
//! reference; rows that belong to a bank source also carry that source's keyed reference so
//! `forget_source` can find them without decrypting anything.

use super::blocks::{account_ref, source_ref};
use super::codec::{Reader, Writer};
use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use super::records::{decode_account, encode_account};
use crate::crypto::secret::SecretBytes;
use crate::model::{Account, SourceId};
use rusqlite::{params, Connection, OptionalExtension};

/// Stores or updates an account.
pub(crate) fn put_account(conn: &Connection, keys: &VaultKeys, a: &Account) -> Result<()> {
    if a.id.0.is_empty() || a.source.0.is_empty() {
        return Err(VaultError::InvalidInput("empty account or source id"));
    }
    let aref = account_ref(keys, &a.id.0);
    let sref = source_ref(keys, &a.source.0);
    let plaintext = zeroize::Zeroizing::new(encode_account(a));
    let env = envelope::seal(&keys.record, RecordKind::Account, &aref, &sref, &plaintext)?;
    conn.prepare_cached(
        "INSERT INTO accounts (account_ref, source_ref, env) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_ref) DO UPDATE SET source_ref = excluded.source_ref, env = excluded.env",
    )?
    .execute(params![&aref[..], &sref[..], env])?;
    Ok(())
}

/// Every stored account.
pub(crate) fn accounts(conn: &Connection, keys: &VaultKeys) -> Result<Vec<Account>> {
    let mut stmt =
        conn.prepare_cached("SELECT account_ref, source_ref, env FROM accounts ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let aref: Vec<u8> = row.get(0)?;
        let sref: Vec<u8> = row.get(1)?;
        let env: Vec<u8> = row.get(2)?;
        let plaintext = zeroize::Zeroizing::new(envelope::open(
            &keys.record,
            RecordKind::Account,
            &aref,
            &sref,
            &env,
        )?);
        out.push(
            decode_account(&plaintext)
                .map_err(|_| VaultError::Corrupt("account record does not decode"))?,
        );
    }
    Ok(out)
}

/// A keyed-reference table holding opaque encrypted values (credentials, alerts, settings).
#[derive(Clone, Copy, Debug)]
pub(crate) enum KvTable {
    Credentials,
    Alerts,
    Settings,
}

impl KvTable {
    fn kind(self) -> RecordKind {
        match self {
            KvTable::Credentials => RecordKind::Credential,
            KvTable::Alerts => RecordKind::Alert,
            KvTable::Settings => RecordKind::Setting,
        }
    }

    fn sql_put(self) -> &'static str {
        match self {
            KvTable::Credentials => "INSERT INTO credentials (source_ref, env) VALUES (?1, ?3)
                ON CONFLICT (source_ref) DO UPDATE SET env = excluded.env",
            KvTable::Alerts => "INSERT INTO alerts (alert_ref, source_ref, env) VALUES (?1, ?2, ?3)
                ON CONFLICT (alert_ref) DO UPDATE SET source_ref = excluded.source_ref, env = excluded.env",
            KvTable::Settings => "INSERT INTO settings (name_ref, source_ref, env) VALUES (?1, ?2, ?3)
                ON CONFLICT (name_ref) DO UPDATE SET source_ref = excluded.source_ref, env = excluded.env",
        }
    }

    fn sql_get(self) -> &'static str {
        match self {
            KvTable::Credentials => "SELECT env, source_ref FROM credentials WHERE source_ref = ?1",
            KvTable::Alerts => "SELECT env, source_ref FROM alerts WHERE alert_ref = ?1",
            KvTable::Settings => "SELECT env, source_ref FROM settings WHERE name_ref = ?1",
        }
    }

    fn sql_all(self) -> &'static str {
        match self {
            KvTable::Credentials => {
                "SELECT source_ref, env, source_ref FROM credentials ORDER BY rowid"
            }
            KvTable::Alerts => "SELECT alert_ref, env, source_ref FROM alerts ORDER BY rowid",
            KvTable::Settings => "SELECT name_ref, env, source_ref FROM settings ORDER BY rowid",
        }
    }

    fn sql_delete(self) -> &'static str {
        match self {
            KvTable::Credentials => "DELETE FROM credentials WHERE source_ref = ?1",
            KvTable::Alerts => "DELETE FROM alerts WHERE alert_ref = ?1",
            KvTable::Settings => "DELETE FROM settings WHERE name_ref = ?1",
        }
    }

    fn row_ref(self, keys: &VaultKeys, name: &str) -> [u8; 16] {
        match self {
            KvTable::Credentials => source_ref(keys, name),
            KvTable::Alerts => keys.row_ref(b"alert", name.as_bytes()),
            KvTable::Settings => keys.row_ref(b"setting", name.as_bytes()),
        }
    }
}

/// The plaintext of a kv row: the logical name (so listings can return it), the value and,
/// since issue 15, the row's source binding (`1` and the source reference, or `0` for none),
/// so that an edit of the plaintext `source_ref` column (which would hide the row from
/// [`delete_source`]) is caught on read. Rows written before carry no binding and are read
/// as before.
fn encode_kv(name: &str, value: &[u8], sref: Option<&[u8; 16]>) -> zeroize::Zeroizing<Vec<u8>> {
    let mut w = Writer::with_capacity(name.len() + value.len() + 28);
    w.str(name);
    w.bytes(value);
    match sref {
        Some(s) => {
            w.u8(1);
            w.bytes(s);
        }
        None => w.u8(0),
    }
    zeroize::Zeroizing::new(w.into_bytes())
}

/// What a kv row's plaintext says about its source binding.
enum Binding {
    /// Written before bindings existed: nothing to check.
    Legacy,
    /// Bound to this source reference (or to none).
    Bound(Option<Vec<u8>>),
}

fn decode_kv(plaintext: &[u8]) -> Result<(String, SecretBytes, Binding)> {
    let bad = |_| VaultError::Corrupt("record does not decode");
    let mut r = Reader::new(plaintext);
    let name = r.str().map_err(bad)?.to_owned();
    let value = r.bytes().map_err(bad)?.to_vec();
    let binding = if r.is_done() {
        Binding::Legacy
    } else {
        match r.u8().map_err(bad)? {
            0 => Binding::Bound(None),
            1 => Binding::Bound(Some(r.bytes().map_err(bad)?.to_vec())),
            _ => return Err(VaultError::Corrupt("record does not decode")),
        }
    };
    Ok((name, SecretBytes::new(value), binding))
}

/// Checks the plaintext `source_ref` column against the authenticated binding.
fn check_binding(table: KvTable, binding: &Binding, column: Option<&[u8]>) -> Result<()> {
    match binding {
        Binding::Legacy => Ok(()),
        Binding::Bound(b) if b.as_deref() == column => Ok(()),
        Binding::Bound(_) => Err(VaultError::Tampered(table.kind())),
    }
}

/// Stores a value under a name, optionally tied to a bank source.
pub(crate) fn kv_put(
    conn: &Connection,
    keys: &VaultKeys,
    table: KvTable,
    name: &str,
    source: Option<&SourceId>,
    value: &[u8],
) -> Result<()> {
    if name.is_empty() {
        return Err(VaultError::InvalidInput("empty record name"));
    }
    let rref = table.row_ref(keys, name);
    let sref = source.map(|s| source_ref(keys, &s.0));
    let env = envelope::seal(
        &keys.record,
        table.kind(),
        &rref,
        &[],
        &encode_kv(name, value, sref.as_ref()),
    )?;
    conn.prepare_cached(table.sql_put())?.execute(params![
        &rref[..],
        sref.as_ref().map(|s| &s[..]),
        env
    ])?;
    Ok(())
}

/// Reads a value by name.
pub(crate) fn kv_get(
    conn: &Connection,
    keys: &VaultKeys,
    table: KvTable,
    name: &str,
) -> Result<Option<SecretBytes>> {
    let rref = table.row_ref(keys, name);
    let row: Option<(Vec<u8>, Option<Vec<u8>>)> = conn
        .prepare_cached(table.sql_get())?
        .query_row([&rref[..]], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((env, column)) => {
            let plaintext = zeroize::Zeroizing::new(envelope::open(
                &keys.record,
                table.kind(),
                &rref,
                &[],
                &env,
            )?);
            let (stored_name, value, binding) = decode_kv(&plaintext)?;
            if stored_name != name {
                return Err(VaultError::Tampered(table.kind()));
            }
            check_binding(table, &binding, column.as_deref())?;
            Ok(Some(value))
        }
    }
}

/// Every `(name, value)` in a table.
pub(crate) fn kv_all(
    conn: &Connection,
    keys: &VaultKeys,
    table: KvTable,
) -> Result<Vec<(String, SecretBytes)>> {
    let mut stmt = conn.prepare_cached(table.sql_all())?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let rref: Vec<u8> = row.get(0)?;
        let env: Vec<u8> = row.get(1)?;
        let column: Option<Vec<u8>> = row.get(2)?;
        let plaintext = zeroize::Zeroizing::new(envelope::open(
            &keys.record,
            table.kind(),
            &rref,
            &[],
            &env,
        )?);
        let (name, value, binding) = decode_kv(&plaintext)?;
        check_binding(table, &binding, column.as_deref())?;
        out.push((name, value));
    }
    Ok(out)
}

/// Deletes a value by name; returns whether it existed.
pub(crate) fn kv_delete(
    conn: &Connection,
    keys: &VaultKeys,
    table: KvTable,
    name: &str,
) -> Result<bool> {
    let rref = table.row_ref(keys, name);
    Ok(conn
        .prepare_cached(table.sql_delete())?
        .execute([&rref[..]])?
        > 0)
}

/// Appends a ledger entry; returns its sequence number.
pub(crate) fn ledger_append(conn: &Connection, keys: &VaultKeys, payload: &[u8]) -> Result<i64> {
    let next: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger", [], |r| {
        r.get(0)
    })?;
    let env = envelope::seal(
        &keys.record,
        RecordKind::Ledger,
        &next.to_be_bytes(),
        &[],
        payload,
    )?;
    conn.prepare_cached("INSERT INTO ledger (seq, env) VALUES (?1, ?2)")?
        .execute(params![next, env])?;
    Ok(next)
}

/// Every ledger entry in order.
pub(crate) fn ledger_all(conn: &Connection, keys: &VaultKeys) -> Result<Vec<(i64, SecretBytes)>> {
    let mut stmt = conn.prepare_cached("SELECT seq, env FROM ledger ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let env: Vec<u8> = row.get(1)?;
        let plaintext = envelope::open(
            &keys.record,
            RecordKind::Ledger,
            &seq.to_be_bytes(),
            &[],
            &env,
        )?;
        out.push((seq, SecretBytes::new(plaintext)));
    }
    Ok(out)
}

/// Deletes every row tied to a source. Returns the number of rows deleted.
pub(crate) fn delete_source(
    conn: &Connection,
    keys: &VaultKeys,
    source: &SourceId,
) -> Result<usize> {
    // The id index's rows of these blocks went first (`Vault::forget_source`).
    let sref = source_ref(keys, &source.0);
    let mut n = 0;
    for sql in [
        "DELETE FROM txn_blocks WHERE source_ref = ?1",
        "DELETE FROM accounts WHERE source_ref = ?1",
        "DELETE FROM credentials WHERE source_ref = ?1",
        "DELETE FROM alerts WHERE source_ref = ?1",
        "DELETE FROM settings WHERE source_ref = ?1",
    ] {
        n += conn.execute(sql, [&sref[..]])?;
    }
    Ok(n)
}
