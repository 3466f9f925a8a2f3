//! Whole-vault folds, block by block: each block is read, decrypted, folded and dropped before
//! the next is read, so memory stays at one block whatever the vault's size. (They used to
//! collect every block's ciphertext first and fold runs of them on several cores; the only
//! whole-vault fold left on a user's path is the digest's rebuild after a migration, which is
//! rare enough that a bounded footprint matters more than a second core.)

use super::blocks::{self, TxnFilter};
use super::error::Result;
use super::keys::VaultKeys;
use super::records::TxnRef;
use rusqlite::Connection;

/// Folds every stored transaction matching `filter` into `acc`, in block order (months
/// ascending, then row id, as [`blocks::visit`] visits them).
pub(crate) fn fold<A>(
    conn: &Connection,
    keys: &VaultKeys,
    filter: &TxnFilter,
    mut acc: A,
    mut step: impl FnMut(&mut A, &TxnRef<'_>),
) -> Result<A> {
    blocks::visit(conn, keys, filter, |t| step(&mut acc, t))?;
    Ok(acc)
}
