//! OFX and QFX statement files (OFX 1.x SGML and 2.x XML): bank (`STMTRS`) and credit-card
//! (`CCSTMTRS`) statements, converted into one [`ImportBatch`].
//!
//! Why a file import: banks are switching off OFX Direct Connect, but every bank still offers
//! an OFX/QFX download, and a file never needs a credential on the phone.
//!
//! Pipeline, one module each: [`lex`] (bytes to tokens, line numbers) → [`reader`] (header,
//! SGML/XML unification, charset, entities) → [`build`] (statements, validation, status codes)
//! → [`finish`] (ids, merging, FITID de-duplication, corrections).
//!
//! Conventions, documented once:
//! - Amounts: OFX signs amounts from the customer's view (debits negative), the same as Tacit,
//!   so they are converted exactly, without a sign flip; decimal commas are accepted.
//! - Currency: `CURDEF`, or USD when a statement has none (the OFX default in practice; files
//!   without it come from US banks). A transaction's `CURRENCY/CURSYM` overrides it.
//! - Dates: see [`date`]: the bracketed offset is applied; no offset means UTC; a date without
//!   a time is placed at 12:00 UTC so its calendar day survives any host time zone.
//! - Ids: source `ofx:<ORG, else first BANKID, else "file">`, accounts scoped by `ACCTID`,
//!   transactions by `FITID` within their account.
//! - Corrections: `CORRECTACTION` DELETE puts the `CORRECTFITID` transaction in `deletions`;
//!   REPLACE puts it in `deletions` too and imports the correcting transaction in its place.
//! - Statuses: a sign-on with an error status fails the file; a statement response with an
//!   error status becomes an `AccountIssue` (or fails the file when no statement succeeded).
//! - Investment statements are refused with [`OfxErrorKind::InvestmentUnsupported`].
//! - A file with a malformed element imports nothing: the whole call returns the error.

mod amount;
mod build;
mod date;
mod error;
mod finish;
#[doc(hidden)]
pub mod generate;
mod lex;
mod merchant;
mod reader;
mod tags;

pub use error::{OfxError, OfxErrorKind};
pub(crate) use finish::last4 as last4_of;
pub use finish::{Finisher, OfxImport, OfxStats};
pub use generate::generate_ofx;
pub use merchant::normalize_merchant;
pub(crate) use reader::cp1252 as cp1252_char;
pub(crate) use reader::decode_entities;

use super::statement::{note, NoteKind, StatementFormat, StatementImport};
use super::ImportBatch;

/// Imports an OFX or QFX file: every bank and credit-card statement in it, or an error and
/// nothing.
pub fn import_ofx(bytes: &[u8]) -> Result<ImportBatch, OfxError> {
    import_ofx_detailed(bytes).map(|i| i.batch)
}

/// Like [`import_ofx`], with counts of duplicates and corrections folded on the way.
pub fn import_ofx_detailed(bytes: &[u8]) -> Result<OfxImport, OfxError> {
    let parsed = build::parse(bytes)?;
    finish::finish(parsed)
}

/// [`import_ofx_detailed`] in the shape every statement format shares: the batch, each
/// statement's totals for its self-check, and what was folded, counted as notes.
pub fn import_statement(bytes: &[u8]) -> Result<StatementImport, OfxError> {
    Ok(statement_import(import_ofx_detailed(bytes)?))
}

/// Reads an OFX file in chunks: `chunk` receives batches of about `size` transactions in
/// file order (each with the accounts so far, without balances until their statement has
/// ended) as the file is read, and last the rest (the accounts with their balances, the last
/// transactions, the corrections' deletions, the failed statements). The returned import has
/// the accounts, no transactions, and the counts and totals of the whole file, exactly as
/// [`import_statement`] counts them. So memory holds one chunk and a 24-byte key per
/// transaction, not the statement.
///
/// Applied in order (chunks, then the rest's transactions, then its deletions), the batches
/// leave the same transactions as the whole file's batch, with two differences where the file
/// folds across a chunk boundary: a duplicate of a transaction already handed over is sent
/// again (its id replaces the stored copy), and a corrected one is deleted by the deletions
/// rather than never sent. An error anywhere (in the file or from `chunk`) stops the read:
/// the caller's write must roll back what the chunks stored.
pub fn import_statement_chunked<E: From<OfxError>>(
    bytes: &[u8],
    size: usize,
    mut chunk: impl FnMut(&finish::Finisher, ImportBatch) -> Result<(), E>,
) -> Result<StatementImport, E> {
    let size = size.max(1);
    let mut fin: Option<finish::Finisher> = None;
    let mut waiting: Vec<build::StmtRec<'_>> = Vec::new();
    let mut first_bankid: Option<String> = None;
    let mut used_org: Option<Option<String>> = None;
    let capacity = count_entries(bytes);
    let tail = build::parse_pieces(bytes, size, |org, piece| {
        let bankid = match &piece {
            build::Piece::Txns(head, _) => head.bankid.clone(),
            build::Piece::Statement(s) => s.bankid.clone(),
        };
        if first_bankid.is_none() {
            first_bankid = bankid;
        }
        let settled = org.is_some() || first_bankid.is_some();
        if fin.is_none() && (settled || matches!(piece, build::Piece::Txns(..))) {
            used_org = Some(org.map(str::to_string));
            let origin = finish::origin(org, first_bankid.as_deref());
            let mut f = finish::Finisher::new(origin, capacity);
            for s in waiting.drain(..) {
                f.statement(s);
            }
            fin = Some(f);
        }
        match (fin.as_mut(), piece) {
            (Some(f), build::Piece::Txns(head, recs)) => f.txns(head, recs),
            (Some(f), build::Piece::Statement(s)) => f.statement(s),
            (None, build::Piece::Statement(s)) => waiting.push(s),
            (None, build::Piece::Txns(..)) => {}
        }
        if let Some(f) = fin.as_mut().filter(|f| f.held() >= size) {
            let (accounts, transactions) = f.take();
            let batch = ImportBatch {
                source: Some(f.source().clone()),
                accounts,
                transactions,
                deletions: Vec::new(),
                account_issues: Vec::new(),
            };
            chunk(f, batch)?;
        }
        Ok::<(), E>(())
    })?;
    // The origin a whole read would have found: a file that names its ORG only after a
    // statement already handed over under another origin is refused, not mis-scoped.
    if used_org.as_ref().is_some_and(|o| *o != tail.org) {
        return Err(OfxError::new(OfxErrorKind::Syntax, Some("ORG"), 0).into());
    }
    let mut f = match fin {
        Some(f) => f,
        None => {
            let origin = finish::origin(tail.org.as_deref(), first_bankid.as_deref());
            let mut f = finish::Finisher::new(origin, 0);
            for s in waiting {
                f.statement(s);
            }
            f
        }
    };
    let rest = f.rest(&tail);
    chunk(&f, rest)?;
    Ok(statement_import(f.into_import(&tail)))
}

/// About how many transactions a file holds (its `<STMTTRN>` tags), to size the key table
/// once instead of growing it (a growth holds the old and the new table at once).
fn count_entries(bytes: &[u8]) -> usize {
    const TAG: &[u8] = b"<STMTTRN>";
    bytes
        .windows(TAG.len())
        .filter(|w| w.eq_ignore_ascii_case(TAG))
        .count()
}

fn statement_import(import: OfxImport) -> StatementImport {
    let OfxImport {
        batch,
        stats,
        totals,
    } = import;
    let mut notes = Vec::new();
    note(&mut notes, NoteKind::RepeatedIdsKept, stats.repeated_fitids);
    note(
        &mut notes,
        NoteKind::DuplicateInFileSkipped,
        stats.duplicate_fitids,
    );
    note(&mut notes, NoteKind::Replaced, stats.replaced);
    note(&mut notes, NoteKind::DeletionRecords, stats.deleted);
    note(&mut notes, NoteKind::AmountsRounded, stats.rounded_amounts);
    note(
        &mut notes,
        NoteKind::UnclosedRecovered,
        stats.recovered_unclosed,
    );
    note(
        &mut notes,
        NoteKind::FailedStatements,
        stats.failed_statements,
    );
    StatementImport {
        format: StatementFormat::Ofx,
        batch,
        totals,
        notes,
    }
}

#[cfg(test)]
mod tests;
