//! Bank sync on the facade: link a SimpleFIN connection (the Access URL goes straight into the
//! vault and nowhere else), and sync every linked connection: fetch over HTTPS from the bank's
//! bridge without holding the profile lock, then ingest each connection's batch in one vault
//! write (fraud scoring included). Unattended syncs respect the polite scheduler (at most four a
//! day); a sync the user asked for always runs.

use crate::error::Error;
use crate::model::SourceId;
use crate::profile::{IngestOutcome, Profile};
use crate::sources::simplefin::{
    AccessUrl, CancelToken, PoliteScheduler, SimpleFinClient, SimpleFinError, SyncListener,
    SyncWindow,
};
use crate::sources::AccountIssue;
use crate::time::Timestamp;

const SCHEDULER: &str = "simplefin/scheduler";

/// What a sync did across every linked connection.
#[derive(Debug, Default)]
pub struct SyncOutcome {
    /// Connections synced.
    pub connections: usize,
    /// Per-connection ingest results (counts and the alerts raised).
    pub results: Vec<IngestOutcome>,
    /// Per-account problems the bridge reported (re-authorisation needed, account unavailable).
    pub issues: Vec<AccountIssue>,
    /// Connections that failed entirely, with the typed reason (no URL, host or bank text).
    pub failures: Vec<(SourceId, SimpleFinError)>,
    /// True when an unattended sync was skipped by the scheduler.
    pub skipped_by_scheduler: bool,
}

fn sync_error(e: SimpleFinError) -> Error {
    Error::Sync(e.to_string())
}

impl Profile {
    /// Claims a SimpleFIN setup token and stores the Access URL in the vault. A 403 means the
    /// token was already claimed — possibly by someone else: the error says so.
    pub async fn link_simplefin(
        &self,
        client: &SimpleFinClient,
        setup_token: &str,
    ) -> Result<SourceId, Error> {
        let access = client.claim(setup_token).await.map_err(sync_error)?;
        let source = access.source_id();
        let secret = access.to_secret_bytes();
        self.with_vault(|v| Ok(v.write(|w| w.put_credential(&source, &secret))?))?;
        Ok(source)
    }

    /// Syncs every linked SimpleFIN connection over the last `days` days (chunked by the
    /// client into ≤ 90-day requests). One failing connection does not stop the others.
    pub async fn sync(
        &self,
        client: &SimpleFinClient,
        days: u32,
        cancel: &CancelToken,
        listener: &dyn SyncListener,
        now: Timestamp,
        user_initiated: bool,
    ) -> Result<SyncOutcome, Error> {
        let mut scheduler = self.with_vault(|v| {
            Ok(match v.setting(SCHEDULER)? {
                Some(b) => PoliteScheduler::from_bytes(b.expose()).unwrap_or_default(),
                None => PoliteScheduler::new(),
            })
        })?;
        if !user_initiated && !scheduler.may_sync_unattended(now) {
            return Ok(SyncOutcome {
                skipped_by_scheduler: true,
                ..SyncOutcome::default()
            });
        }
        scheduler.record(now, user_initiated);
        let bytes = scheduler.to_bytes();
        self.with_vault(|v| Ok(v.write(|w| w.put_setting(SCHEDULER, None, &bytes))?))?;
        let credentials = self.with_vault(|v| Ok(v.credentials()?))?;
        let mut outcome = SyncOutcome::default();
        for (source, secret) in credentials
            .iter()
            .filter(|(s, _)| s.0.starts_with("simplefin:"))
        {
            if cancel.is_cancelled() {
                return Err(sync_error(SimpleFinError::Cancelled));
            }
            let access = AccessUrl::from_secret_bytes(secret).map_err(sync_error)?;
            match client
                .fetch(&access, SyncWindow::last_days(now, days), cancel, listener)
                .await
            {
                Ok(batch) => {
                    outcome.issues.extend(batch.account_issues.iter().cloned());
                    outcome.results.push(self.ingest(&batch, now)?);
                    outcome.connections += 1;
                }
                Err(SimpleFinError::Cancelled) => {
                    return Err(sync_error(SimpleFinError::Cancelled))
                }
                Err(e) => outcome.failures.push((source.clone(), e)),
            }
        }
        Ok(outcome)
    }
}
