//! Development exports (cargo feature `dev-exports`): the sandbox bank for demos, the JVM
//! quickstart and tests. Kept out of the production library: an app links real banks.

use crate::error::TacitError;
use crate::profile::TacitProfile;
use crate::records::ImportSummary;

/// A sandbox seed: a Kotlin `Long` / Swift `Int64` that must not be negative.
pub(crate) fn seed_of(seed: i64) -> Result<u64, TacitError> {
    u64::try_from(seed).map_err(|_| TacitError::InvalidInput)
}

#[uniffi::export]
impl TacitProfile {
    /// Demo convenience: generates the deterministic sandbox bank for `seed`, the year that
    /// ends on the profile's today (in its UTC offset), and stores it as the bank shows it now.
    /// `seed` is non-negative (`InvalidInput` otherwise).
    pub async fn load_sandbox(&self, seed: i64) -> Result<ImportSummary, TacitError> {
        let seed = seed_of(seed)?;
        self.run(move |p| Ok(ImportSummary::from(p.load_sandbox(seed)?)))
            .await
    }

    /// Demo convenience with fraud alerts: replays the same sandbox year (ending today) as a
    /// phone would have seen it, one sync a week up to now, so the fraud engine scores each
    /// purchase when it is new. Returns the summed counts and every alert message raised (the
    /// latest is last). Takes a few seconds.
    pub async fn replay_sandbox(&self, seed: i64) -> Result<ImportSummary, TacitError> {
        let seed = seed_of(seed)?;
        self.run(move |p| {
            let mut total = ImportSummary::default();
            for outcome in p.replay_sandbox(seed)? {
                total.absorb(outcome.into());
            }
            Ok(total)
        })
        .await
    }
}
