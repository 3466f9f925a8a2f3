//! The sandbox bank on the facade: one place (used by the CLI's chat demo and the FFI) that
//! generates the sandbox year ending on the profile's today and stores it.
//!
//! The year is the one that ends on the profile's day (in its UTC offset), so whatever day a
//! developer runs the demo, "recent transactions", "this month" and the bills are current. A
//! replay ingests it as a phone would have seen it, one sync a week, each at its own instant,
//! so the fraud engine judges every purchase when it is new, from the past only; the last
//! sync is at the profile's "now" (charges authorised later today are not shown yet).

use crate::error::Error;
use crate::profile::{IngestOutcome, Profile};
use crate::sources::sandbox::{SandboxBank, SandboxData};
use crate::time::{Timestamp, DAY};

/// Time between two replayed syncs.
const WEEK: i64 = 7 * DAY;

impl Profile {
    /// The sandbox year of `seed` ending on the profile's today, in its UTC offset.
    pub fn sandbox_year(&self, seed: u64) -> Result<SandboxData, Error> {
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
