//! The sandbox bank on the facade: one place (used by the CLI's chat demo and the FFI) that
//! generates the sandbox year ending on the profile's today and stores it.
//!
//! The year is the one that ends on the profile's day (in its UTC offset), so whatever day a
//! developer runs the demo, "recent transactions", "this month" and the bills are current. A
//! replay ingests it as a phone would have seen it, one sync a week, each at its own instant,
//! so the fraud engine judges every purchase when it is new, from the past only; the last
//! sync is at the profile's "now" (charges authorised later today are not shown yet).
//!
//! Built with the `sandbox` feature only (demos and benchmarks; the production mobile
//! library links real banks).

use crate::error::Error;
use crate::model::TxnId;
use crate::profile::{IngestOutcome, Profile};
use crate::sources::sandbox::{sandbox_txns_for_bench, SandboxBank, SandboxData};
use crate::time::{Timestamp, DAY};

/// Time between two replayed syncs.
const WEEK: i64 = 7 * DAY;
/// Most synthetic transactions [`Profile::load_bench_vault`] adds.
pub const MAX_BENCH_TXNS: usize = 200_000;
/// The synthetic transactions cover the three years before the sandbox's end.
const BENCH_SPAN: i64 = 3 * 365 * DAY;

impl Profile {
    /// The sandbox year of `seed` ending on the profile's today, in its UTC offset.
    fn sandbox_year(&self, seed: u64) -> Result<SandboxData, Error> {
        let offset = self.settings()?.utc_offset_minutes;
        Ok(SandboxBank::year_ending(seed, self.today()?, offset))
    }

    /// Stores the sandbox year of `seed` (as the bank shows it now) in one ingest. Its fraud
    /// alerts are only those of the last days: use [`Profile::replay_sandbox`] for the year's.
    pub fn load_sandbox(&self, seed: u64) -> Result<IngestOutcome, Error> {
        let data = self.sandbox_year(seed)?;
        let now = self.now().min(data.end);
        self.set_home(data.home.0, data.home.1)?;
        self.ingest(&data.snapshot_at(now), now)
    }

    /// Replays the sandbox year of `seed` as weekly syncs up to now; returns each sync's
    /// outcome in order (counts, and the alerts it raised).
    pub fn replay_sandbox(&self, seed: u64) -> Result<Vec<IngestOutcome>, Error> {
        let data = self.sandbox_year(seed)?;
        let end = self.now().min(data.end);
        self.set_home(data.home.0, data.home.1)?;
        replay_instants(&data, end)
            .into_iter()
            .map(|t| self.ingest(&data.snapshot_at(t), t))
            .collect()
    }

    /// Benchmark vault: the sandbox year of `seed` (as the bank shows it now) plus `extra`
    /// (at most [`MAX_BENCH_TXNS`]) synthetic purchases spread evenly over its accounts and
    /// the three years before its end, stored in one ingest (the vault `tacit bench
    /// assistant` and the FFI benchmarks measure). `InvalidInput` above the cap.
    pub fn load_bench_vault(&self, seed: u64, extra: usize) -> Result<IngestOutcome, Error> {
        if extra > MAX_BENCH_TXNS {
            return Err(Error::InvalidInput("too many benchmark transactions"));
        }
        let data = self.sandbox_year(seed)?;
        let now = self.now().min(data.end);
        let mut batch = data.snapshot_at(now);
        let step = BENCH_SPAN / i64::try_from(extra.max(1)).unwrap_or(i64::MAX);
        let first = now - DAY - BENCH_SPAN;
        let accounts = batch.accounts.clone();
        let synthetic = sandbox_txns_for_bench(extra, seed);
        for (i, (mut t, a)) in synthetic
            .into_iter()
            .zip(accounts.iter().cycle())
            .enumerate()
        {
            let at = first + step.saturating_mul(i64::try_from(i).unwrap_or(i64::MAX));
            t.id = TxnId::scoped(&a.id, &format!("bench{i}"));
            t.account = a.id.clone();
            t.currency = a.currency;
            t.transacted_at = at;
            t.posted_at = Some(at + DAY / 2);
            batch.transactions.push(t);
        }
        self.ingest(&batch, now)
    }
}

/// The instants of the weekly syncs: a week after the first transaction, then every week,
/// and finally `end` itself.
fn replay_instants(data: &SandboxData, end: Timestamp) -> Vec<Timestamp> {
    let first = data
        .transactions
        .iter()
        .map(|t| t.transacted_at)
        .min()
        .unwrap_or(end);
    let mut out = Vec::new();
    let mut at = first.saturating_add(WEEK);
    while at < end {
        out.push(at);
        at = at.saturating_add(WEEK);
    }
    out.push(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Date;

    #[test]
    fn syncs_are_weekly_and_the_last_is_now() {
        let day = Date::new(2027, 1, 1).unwrap();
        let data = SandboxBank::year_ending(3, day, -300);
        let now = day.start_ts(-300) + 15 * 3600;
        let at = replay_instants(&data, now);
        assert_eq!(at.last(), Some(&now));
        assert!(at.windows(2).all(|w| w[1] > w[0] && w[1] - w[0] <= WEEK));
        assert!(at.len() >= 50, "a year of weekly syncs: {}", at.len());
    }
}
