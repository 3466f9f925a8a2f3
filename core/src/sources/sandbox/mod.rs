//! The sandbox bank: a deterministic, seeded generator of one realistic person's banking (a
//! checking account, often a savings account, and a Visa credit card) with a year of
//! transactions at real-looking merchants, pending charges that later post under new ids, tips
//! that change restaurant amounts, and scripted fraud episodes with their ground truth.
//!
//! It exists so that the whole product (sync, reconciliation, vault, assistant, fraud engine)
//! can be demonstrated and tested end to end without a bank connection, and so that the fraud
//! engine's precision can be measured against known episodes. Same seed, same bytes.

mod fraud;
mod generator;
mod ledger;
mod merchants;
mod rng;
mod routine;

#[cfg(test)]
mod tests;

use super::ImportBatch;
use crate::model::{Account, AccountId, Balance, CreditTerms, SourceId, Transaction, TxnId};
use crate::time::{local_date, Date, Timestamp};
#[cfg(test)]
use ledger::Phase;
use ledger::{balances_at, Entry};
use std::fmt;

/// The source id every sandbox batch carries.
pub const SANDBOX_SOURCE: &str = "sandbox";

/// The kinds of scripted episodes the sandbox plants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EpisodeKind {
    /// A burst of tiny ($0.50 to $1.99) online charges at a merchant the person never used.
    CardTesting,
    /// Several online purchases (electronics, gift cards) within hours, located far from home.
    RemoteOnlineBurst,
    /// The same merchant charging the same amount twice, minutes apart.
    DuplicateCharge,
    /// A recurring subscription charging more than before (ids: the first raised charge).
    SubscriptionPriceRise,
    /// A free trial turning into a paid subscription (ids: the first paid charge).
    TrialConversion,
}

impl EpisodeKind {
    /// Whether the episode is fraud (as opposed to a legitimate change worth mentioning).
    pub fn is_fraud(&self) -> bool {
        matches!(
            self,
            EpisodeKind::CardTesting
                | EpisodeKind::RemoteOnlineBurst
                | EpisodeKind::DuplicateCharge
        )
    }
}

/// One planted episode and the posted transactions that make it up (ids as they appear in
/// [`SandboxData::transactions`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptedEpisode {
    /// What happened.
    pub kind: EpisodeKind,
    /// The account it happened on.
    pub account: AccountId,
    /// The transactions involved, in time order.
    pub txn_ids: Vec<TxnId>,
}

/// The generator's entry point.
#[derive(Clone, Copy, Debug, Default)]
pub struct SandboxBank;

impl SandboxBank {
    /// Generates `months` months of history starting on `start` for the person of `seed`. The
    /// data describes the bank as seen at [`SandboxData::end`]: charges of the last days are
    /// still pending and post later (see [`SandboxData::snapshot_at`]). `months` is capped at
    /// 120.
    pub fn generate(seed: u64, start: Date, months: u32) -> SandboxData {
        generator::build(seed, start, months.min(120))
    }

    /// Generates the year of the person of `seed` that ends on `last_day` (included), lived in
    /// the zone `offset_minutes` east of UTC (clamped to ±14 h): the sandbox a profile replays
    /// "today", so its recent activity, bills and a fraud episode of the last week are current.
    /// The year starts the day after the same date a year before (1 March after a 29 February).
    /// Same seed, day and offset, same bytes. [`SandboxData::end`] is the last second of
    /// `last_day`; show the bank as of an earlier instant with [`SandboxData::snapshot_at`].
    pub fn year_ending(seed: u64, last_day: Date, offset_minutes: i32) -> SandboxData {
        let end_exclusive = last_day.add_days(1);
        let start = Date::new(
            end_exclusive.year - 1,
            end_exclusive.month,
            end_exclusive.day,
        )
        .unwrap_or_else(|| end_exclusive.add_months_first(-11));
        generator::build_span(
            seed,
            &generator::Span {
                start,
                end_exclusive,
                offset: Some(offset_minutes),
                recent_episode: true,
            },
        )
    }
}

/// A generated person's bank data with the ground truth of its planted episodes.
#[derive(Clone)]
pub struct SandboxData {
    /// The accounts as of [`SandboxData::end`], balances included.
    pub accounts: Vec<Account>,
    /// The transactions a bank reports at [`SandboxData::end`] (pending ones included).
    pub transactions: Vec<Transaction>,
    /// Planted episodes.
    pub episodes: Vec<ScriptedEpisode>,
    /// Home coordinates in micro-degrees (latitude, longitude).
    pub home: (i32, i32),
    /// Opening ledger balances, one per account in the order of `accounts`.
    pub opening_balances: Vec<i64>,
    /// The instant the data describes ("now" for the person).
    pub end: Timestamp,
    /// The person's UTC offset in minutes (fixed; the sandbox ignores daylight saving).
    pub offset_minutes: i32,
    pub(crate) templates: Vec<Account>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) statement_day: u32,
}

impl fmt::Debug for SandboxData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxData")
            .field("accounts", &self.accounts.len())
            .field("transactions", &self.transactions.len())
            .field("episodes", &self.episodes.len())
            .finish_non_exhaustive()
    }
}

impl SandboxData {
    /// The source id of sandbox batches.
    pub fn source_id() -> SourceId {
        SourceId(SANDBOX_SOURCE.into())
    }

    /// The whole data set as one import batch (the bank's view at [`SandboxData::end`]).
    pub fn batch(&self) -> ImportBatch {
        ImportBatch {
            source: Some(Self::source_id()),
            accounts: self.accounts.clone(),
            transactions: self.transactions.clone(),
            deletions: Vec::new(),
            account_issues: Vec::new(),
        }
    }

    /// What the bank would report at `ts`: nothing authorised after `ts`; charges authorised
    /// but not settled at `ts` as pending under their pending id; balances as of `ts`. Times
    /// after [`SandboxData::end`] show the last pending charges posting (nothing new is
    /// authorised after the end).
    pub fn snapshot_at(&self, ts: Timestamp) -> ImportBatch {
        ImportBatch {
            source: Some(Self::source_id()),
            accounts: (0..self.templates.len())
                .filter_map(|i| self.account_at(i, ts))
                .collect(),
            transactions: self.transactions_at(ts),
            deletions: Vec::new(),
            account_issues: Vec::new(),
        }
    }

    /// The transactions visible at `ts`, in time order.
    fn transactions_at(&self, ts: Timestamp) -> Vec<Transaction> {
        self.entries
            .iter()
            .filter_map(|e| {
                let acct = self.templates.get(e.account)?;
                e.view_at(ts, &acct.id, acct.currency)
            })
            .collect()
    }

    /// Account `i` with balances and credit terms as of `ts`.
    fn account_at(&self, i: usize, ts: Timestamp) -> Option<Account> {
        let mut acct = self.templates.get(i)?.clone();
        let opening = self.opening_balances.get(i).copied().unwrap_or(0);
        let (ledger, pending) = balances_at(&self.entries, i, opening, ts);
        acct.balance = Some(Balance {
            minor: ledger,
            as_of: ts,
        });
        if let Some(terms) = acct.credit.as_mut() {
            let limit = terms.limit.unwrap_or(0);
            acct.available = Some(Balance {
                minor: limit.saturating_add(ledger).saturating_add(pending),
                as_of: ts,
            });
            self.fill_statement(terms, i, opening, ts);
        } else {
            acct.available = Some(Balance {
                minor: ledger.saturating_add(pending),
                as_of: ts,
            });
        }
        Some(acct)
    }

    /// Statement balance, minimum payment and due date from the last statement closed by `ts`.
    fn fill_statement(&self, terms: &mut CreditTerms, i: usize, opening: i64, ts: Timestamp) {
        let Some(close) = last_statement_close(ts, self.offset_minutes, self.statement_day) else {
            return;
        };
        let (at_close, _) = balances_at(&self.entries, i, opening, close);
        let owed = (-at_close).max(0);
        terms.statement_balance = Some(owed);
        terms.minimum_payment = Some(minimum_payment(owed));
        terms.due_date = Some(local_date(close, self.offset_minutes).add_days(24));
    }

    /// How many entries are in `phase` at [`SandboxData::end`] (for tests).
    #[cfg(test)]
    pub(crate) fn entries_in_phase(&self, phase: Phase) -> usize {
        self.entries
            .iter()
            .filter(|e| e.phase_at(self.end) == phase)
            .count()
    }
}

/// The instant a statement closing on `statement_day` last closed at or before `ts` (the end
/// of that local day), if any closing is representable.
pub(crate) fn last_statement_close(
    ts: Timestamp,
    offset: i32,
    statement_day: u32,
) -> Option<Timestamp> {
    let today = local_date(ts, offset);
    let this_month = Date::new(today.year, today.month, statement_day)?;
    let close_of = |d: Date| d.add_days(1).start_ts(offset) - 1;
    if close_of(this_month) <= ts {
        return Some(close_of(this_month));
    }
    let prev = today.add_months_first(-1);
    Some(close_of(Date::new(prev.year, prev.month, statement_day)?))
}

/// The minimum payment on a statement: the greater of $25 and 1 % plus a token interest
/// share, never more than the statement.
pub(crate) fn minimum_payment(owed: i64) -> i64 {
    if owed <= 0 {
        return 0;
    }
    (owed / 100 + owed / 200).max(2500).min(owed)
}

/// `n` realistic card and bank transactions (about 200 bytes each once encoded) spread over
/// time in date order, for benchmarks. Deterministic for a seed.
pub fn sandbox_txns_for_bench(n: usize, seed: u64) -> Vec<Transaction> {
    generator::bench_transactions(n, seed)
}
