//! The format-2 migration: transaction-id tags move from HMAC-SHA256 to SipHash-2-4
//! (`keys.rs` says why). The tags are bound into each block's associated data, so every
//! block is opened under its old tags and resealed under the new ones.

use super::blocks::{bound_columns, open_block, row_key, tag_column, BlockRow};
use super::envelope;
use super::error::{RecordKind, Result, VaultError};
use super::keys::VaultKeys;
use rusqlite::{params, Connection};

/// Recomputes every block's id tags with the current tag function and reseals the block
/// under them. The plaintext is kept as it is, so the transactions are byte-for-byte the
/// same; a block that does not open, does not decode or whose count disagrees fails the
/// whole step (the migration's transaction rolls back and the vault stays at the old
/// format).
pub(crate) fn retag_all(conn: &Connection, keys: &VaultKeys) -> Result<()> {
    let rows: Vec<(i64, Vec<u8>, i64, BlockRow)> = conn
        .prepare("SELECT id, account_ref, month, source_ref, n, tags, env FROM txn_blocks")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
            ))
        })?
        .collect::<std::result::Result<_, _>>()?;
    for (id, aref, month, (sref, n, old_tags, env)) in rows {
        let block = open_block(keys, &aref, month, &sref, n, &old_tags, &env)?;
        let txns = block.txns()?;
        if i64::try_from(txns.len()).ok() != Some(n) {
            return Err(VaultError::Tampered(RecordKind::TransactionBlock));
        }
        let tag_bytes = tag_column(
            txns.iter()
                .map(|t| keys.txn_tag_parts(t.id_parts()))
                .collect(),
        );
        let env = envelope::seal(
            &keys.record,
            RecordKind::TransactionBlock,
            &row_key(&aref, month),
            &bound_columns(&sref, n, &tag_bytes),
            &block.plaintext,
        )?;
        conn.prepare_cached("UPDATE txn_blocks SET tags = ?1, env = ?2 WHERE id = ?3")?
            .execute(params![tag_bytes, env, id])?;
    }
    Ok(())
}
