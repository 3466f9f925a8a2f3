//! The meta table: public parameters of the vault, authenticated under the meta subkey.
//!
//! Rows: `vault_id` (16 random bytes), `wrapper_scheme`, `wrapped_key`, `key_check`,
//! `sentinel` (an envelope of a constant), `generation` (8 bytes, big-endian) and `meta_mac`
//! (HMAC over all of the above and the format version). Opening tells a wrong key from damage:
//!
//! | key check | sentinel | verdict |
//! |---|---|---|
//! | fails | fails | `WrongKey` |
//! | fails | opens | `Tampered(KeyCheck)` |
//! | passes | fails | `Tampered(Meta)` |
//! | passes | opens | then the meta MAC must verify, else `Tampered(Meta)` |
//!
//! Before any of that, the wrapped key is checked against `wrapped_key_digest` (its SHA-256,
//! written with it): a host wrapper that fails on a damaged blob cannot tell damage from a
//! wrong key, so without this a flipped byte in the wrapped key read as `WrongKey` and the app
//! would ask for another passphrase. A mismatch is `Tampered(WrappedKey)`. The digest is not a
//! MAC (whoever rewrites the blob can rewrite it too; that is still only a denial of service,
//! which the key check already allows); it tells damage from a wrong key. Vaults written
//! before the digest existed have none and skip the check.

use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use crate::crypto::kdf::{hmac_parts, hmac_parts_verify};
use rusqlite::{params, Connection, OptionalExtension};

const SENTINEL_ROW: &[u8] = b"sentinel";
const SENTINEL_PLAINTEXT: &[u8] = b"tacit vault sentinel v1";

/// The meta values read from a vault file.
pub(crate) struct Meta {
    pub vault_id: Vec<u8>,
    pub scheme: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub key_check: Vec<u8>,
    pub sentinel: Vec<u8>,
    pub generation: u64,
    generation_raw: Vec<u8>,
    mac: Vec<u8>,
}

fn wrapped_key_digest(wrapped_key: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, wrapped_key)
        .as_ref()
        .to_vec()
}

fn get(conn: &Connection, key: &str) -> Result<Vec<u8>> {
    let v: Option<Vec<u8>> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    v.ok_or(VaultError::Corrupt("meta row missing"))
}

/// A meta value that may be absent.
pub(super) fn get_opt(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(super) fn put(conn: &Connection, key: &str, value: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

fn mac_parts<'a>(m: &'a [&'a [u8]; 6], version: &'a [u8; 4]) -> [&'a [u8]; 7] {
    [m[0], m[1], m[2], m[3], m[4], m[5], version]
}

impl Meta {
    /// Reads every meta row.
    pub fn read(conn: &Connection) -> Result<Meta> {
        let generation_raw = get(conn, "generation")?;
        let generation = <[u8; 8]>::try_from(generation_raw.as_slice())
            .map(u64::from_be_bytes)
            .map_err(|_| VaultError::Tampered(RecordKind::Meta))?;
        Ok(Meta {
            vault_id: get(conn, "vault_id")?,
            scheme: get(conn, "wrapper_scheme")?,
            wrapped_key: get(conn, "wrapped_key")?,
            key_check: get(conn, "key_check")?,
            sentinel: get(conn, "sentinel")?,
            generation,
            generation_raw,
            mac: get(conn, "meta_mac")?,
        })
    }

    fn fields(&self) -> [&[u8]; 6] {
        [
            &self.vault_id,
            &self.scheme,
            &self.wrapped_key,
            &self.key_check,
            &self.sentinel,
            &self.generation_raw,
        ]
    }

    /// Applies the table above.
    pub fn verify(&self, keys: &VaultKeys, version: u32) -> Result<()> {
        let sentinel_ok = envelope::open(
            &keys.record,
            RecordKind::Meta,
            SENTINEL_ROW,
            &self.vault_id,
            &self.sentinel,
        )
        .map(|p| p == SENTINEL_PLAINTEXT)
        .unwrap_or(false);
        if !keys.verify_key_check(&self.key_check) {
            return Err(if sentinel_ok {
                VaultError::Tampered(RecordKind::KeyCheck)
            } else {
                VaultError::WrongKey
            });
        }
        if !sentinel_ok {
            return Err(VaultError::Tampered(RecordKind::Meta));
        }
        let fields = self.fields();
        let v = version.to_be_bytes();
        if !hmac_parts_verify(&keys.meta, &mac_parts(&fields, &v), &self.mac) {
            return Err(VaultError::Tampered(RecordKind::Meta));
        }
        Ok(())
    }

    /// Writes a fresh meta table for a new vault.
    pub fn write_new(
        conn: &Connection,
        keys: &VaultKeys,
        vault_id: &[u8],
        scheme: &str,
        wrapped_key: &[u8],
        version: u32,
    ) -> Result<()> {
        let sentinel = envelope::seal(
            &keys.record,
            RecordKind::Meta,
            SENTINEL_ROW,
            vault_id,
            SENTINEL_PLAINTEXT,
        )?;
        put(conn, "vault_id", vault_id)?;
        put(conn, "wrapper_scheme", scheme.as_bytes())?;
        put(conn, "wrapped_key", wrapped_key)?;
        put(conn, "wrapped_key_digest", &wrapped_key_digest(wrapped_key))?;
        put(conn, "key_check", &keys.key_check_value())?;
        put(conn, "sentinel", &sentinel)?;
        Self::write_generation(conn, keys, 0, version)
    }

    /// Replaces the wrapped key (re-keying the wrapper, same data key).
    pub fn write_wrapped_key(conn: &Connection, scheme: &str, wrapped_key: &[u8]) -> Result<()> {
        put(conn, "wrapper_scheme", scheme.as_bytes())?;
        put(conn, "wrapped_key", wrapped_key)?;
        put(conn, "wrapped_key_digest", &wrapped_key_digest(wrapped_key))
    }

    /// Refuses a wrapped key that does not match its stored digest (damage, not a wrong key).
    pub fn check_wrapped_key(&self, conn: &Connection) -> Result<()> {
        match get_opt(conn, "wrapped_key_digest")? {
            Some(d) if d != wrapped_key_digest(&self.wrapped_key) => {
                Err(VaultError::Tampered(RecordKind::WrappedKey))
            }
            _ => Ok(()),
        }
    }

    /// Sets the generation and recomputes the MAC over the current meta rows.
    pub fn write_generation(
        conn: &Connection,
        keys: &VaultKeys,
        generation: u64,
        version: u32,
    ) -> Result<()> {
        put(conn, "generation", &generation.to_be_bytes())?;
        put(conn, "meta_mac", &[])?;
        let m = Meta::read(conn)?;
        let fields = m.fields();
        let v = version.to_be_bytes();
        let mac = hmac_parts(&keys.meta, &mac_parts(&fields, &v));
        put(conn, "meta_mac", mac.as_ref())
    }
}
