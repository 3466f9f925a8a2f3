//! Bank data sources. Each source converts its own format into one [`ImportBatch`] of the
//! normalised model, converting its sign convention once, here at the edge. The vault then
//! stores a batch in a single SQLite transaction, so a failed import leaves no trace.

pub mod camt;
pub mod csv;
mod entries;
pub mod host_feed;
pub mod ofx;
pub mod qif;
#[cfg(any(test, feature = "sandbox"))]
pub mod sandbox;
pub mod simplefin;
pub mod statement;
pub mod statement_maps;
mod text;

use crate::model::{Account, AccountId, SourceId, SourceKind, Transaction, TxnId};
use std::fmt;

/// What one import or sync produced, ready for reconciliation and the vault.
#[derive(Clone, Default)]
pub struct ImportBatch {
    /// The connection or file origin the data came from.
    pub source: Option<SourceId>,
    /// Accounts seen (with their latest balances).
    pub accounts: Vec<Account>,
    /// Transactions seen, in any order.
    pub transactions: Vec<Transaction>,
    /// Transactions the source says to delete (OFX `CORRECTACTION=DELETE`).
    pub deletions: Vec<TxnId>,
    /// Problems confined to one account that did not stop the others.
    pub account_issues: Vec<AccountIssue>,
}

impl ImportBatch {
    /// The source kind of the batch's accounts, when it has any.
    pub fn source_kind(&self) -> Option<SourceKind> {
        self.accounts.first().map(|a| a.source_kind)
    }
}

impl fmt::Debug for ImportBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportBatch")
            .field("accounts", &self.accounts.len())
            .field("transactions", &self.transactions.len())
            .field("deletions", &self.deletions.len())
            .field("account_issues", &self.account_issues)
            .finish()
    }
}

/// A problem with one account in an otherwise successful batch.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountIssue {
    /// The account affected, when the source named it.
    pub account: Option<AccountId>,
    /// What kind of problem.
    pub kind: AccountIssueKind,
}

impl fmt::Debug for AccountIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountIssue")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Kinds of per-account problems. Bank error strings are never kept: they may carry data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountIssueKind {
    /// The bank connection needs the user to re-authorise (SimpleFIN `con.auth`).
    ReauthRequired,
    /// The account could not be fetched this time (SimpleFIN `act.*`).
    Unavailable,
    /// The source sent data for the account that failed validation and was skipped.
    Invalid,
}
