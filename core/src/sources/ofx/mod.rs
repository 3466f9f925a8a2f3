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
pub use finish::{OfxImport, OfxStats};
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
    let OfxImport {
        batch,
        stats,
        totals,
    } = import_ofx_detailed(bytes)?;
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
    Ok(StatementImport {
        format: StatementFormat::Ofx,
        batch,
        totals,
        notes,
    })
}

#[cfg(test)]
mod tests;
