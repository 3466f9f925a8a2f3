//! Development exports (cargo feature `dev-exports`): the sandbox bank for demos, the JVM
//! quickstart and tests. Kept out of the production library: an app links real banks.

use crate::error::TacitError;
use crate::profile::TacitProfile;
use crate::records::ImportSummary;

#[uniffi::export]
impl TacitProfile {
    /// Demo convenience: generates the deterministic sandbox bank for `seed`, the year that
    /// ends on the profile's today (in its UTC offset), and stores it as the bank shows it now.
    pub fn load_sandbox(&self, seed: u64) -> Result<ImportSummary, TacitError> {
        self.call(|p| Ok(ImportSummary::from(p.load_sandbox(seed)?)))
    }

    /// Demo convenience with fraud alerts: replays the same sandbox year (ending today) as a
    /// phone would have seen it, one sync a week up to now, so the fraud engine scores each
    /// purchase when it is new. Returns the summed counts and every alert message raised (the
    /// latest is last). Takes a few seconds.
    pub fn replay_sandbox(&self, seed: u64) -> Result<ImportSummary, TacitError> {
        self.call(|p| {
            let mut total = ImportSummary::default();
            for outcome in p.replay_sandbox(seed)? {
                total.absorb(outcome.into());
            }
            Ok(total)
        })
    }
}
