//! Bank sync for hosts: link a SimpleFIN connection and sync every linked connection, as
//! async exports (Kotlin `suspend fun`, Swift `async`) running on Tacit's one runtime.
//!
//! Translation only: core's `Profile::link_simplefin` / `Profile::sync` do the work; this
//! module adapts the host's progress listener and [`CancelHandle`] to core's `SyncListener`
//! and `CancelToken`, and converts the outcome. Cancelling the host's coroutine or task
//! cancels the sync (the exported future holds a [`CancelOnDrop`]): no further request is
//! sent, the one in flight is abandoned, and nothing of the unfinished connection is stored
//! (a connection's transactions are stored in one vault write after its last request). A
//! `CancelHandle` does the same for hosts that keep one.

use crate::error::{HostError, TacitError};
use crate::listener::CancelHandle;
use crate::profile::TacitProfile;
use crate::records::ImportSummary;
use crate::runtime::{guard, run_async, CancelOnDrop};
use std::sync::Arc;
use tacit_core::AccountIssueKind;
use tacit_core::SyncOutcome;
use tacit_core::{SyncListener, SyncProgress};

/// Default sync window in days (one SimpleFIN request).
pub const DEFAULT_SYNC_DAYS: u32 = 90;
/// Longest sync window, in days.
pub const MAX_SYNC_DAYS: u32 = 3_650;

/// Progress of a running sync, after each completed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SyncProgressInfo {
    /// Requests (date chunks) completed.
    pub chunks_done: i32,
    /// Requests the window needs in all.
    pub chunks_total: i32,
    /// Distinct accounts received so far.
    pub accounts_done: i32,
    /// Distinct transactions received so far.
    pub transactions_seen: i32,
}

fn n32(v: usize) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn n64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl From<SyncProgress> for SyncProgressInfo {
    fn from(p: SyncProgress) -> Self {
        SyncProgressInfo {
            chunks_done: n32(p.chunks_done),
            chunks_total: n32(p.chunks_total),
            accounts_done: n32(p.accounts_done),
            transactions_seen: n32(p.transactions_seen),
        }
    }
}

/// Receives sync progress. Called from Tacit's threads: post to the UI thread yourself. A
/// failure is ignored (progress is advisory).
#[uniffi::export(foreign)]
pub trait SyncProgressListener: Send + Sync {
    /// After each completed request.
    fn on_progress(&self, progress: SyncProgressInfo) -> Result<(), HostError>;
}

struct Listener(Option<Arc<dyn SyncProgressListener>>);

impl SyncListener for Listener {
    fn on_progress(&self, progress: SyncProgress) {
        if let Some(l) = &self.0 {
            let _ = l.on_progress(progress.into());
        }
    }
}

/// A connection whose sync failed entirely.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SyncFailure {
    /// The connection's source id (for `forgetSource`).
    pub source_id: String,
    /// Why (no URL, host, credential or bank text).
    pub reason: String,
}

/// What a sync did across every linked connection.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct SyncSummary {
    /// Connections synced.
    pub connections: i64,
    /// Per connection: what was stored and the fraud alerts raised (show them in the chat).
    pub imports: Vec<ImportSummary>,
    /// Accounts whose bank connection needs the user to re-authorise at the bridge.
    pub reauth_required: i64,
    /// Accounts that could not be fetched this time.
    pub accounts_unavailable: i64,
    /// Connections that failed entirely.
    pub failures: Vec<SyncFailure>,
    /// An unattended sync was skipped by the polite scheduler (at most four a day).
    pub skipped_by_scheduler: bool,
}

impl From<SyncOutcome> for SyncSummary {
    fn from(o: SyncOutcome) -> Self {
        let count = |k| n64(o.issues.iter().filter(|i| i.kind == k).count());
        SyncSummary {
            connections: n64(o.connections),
            reauth_required: count(AccountIssueKind::ReauthRequired),
            accounts_unavailable: count(AccountIssueKind::Unavailable),
            failures: o
                .failures
                .iter()
                .map(|(s, e)| SyncFailure {
                    source_id: s.0.clone(),
                    reason: e.to_string(),
                })
                .collect(),
            skipped_by_scheduler: o.skipped_by_scheduler,
            imports: o.results.into_iter().map(ImportSummary::from).collect(),
        }
    }
}

#[uniffi::export]
impl TacitProfile {
    /// Also trusts `der_certificate` (one X.509 root certificate, DER) for this profile's
    /// SimpleFIN connections, besides the public Web PKI roots: for a self-hosted bridge
    /// with its own certificate authority, or a test server. Certificate and host name
    /// verification stay on. Not stored: call it after each open. At most 8 roots;
    /// `InvalidInput` for anything that is not a usable certificate.
    pub fn trust_bridge_certificate(&self, der_certificate: Vec<u8>) -> Result<(), TacitError> {
        guard(|| Ok(self.inner.trust_bridge_certificate(der_certificate)?))
    }

    /// Claims a SimpleFIN setup token (from the user's bridge) and stores the Access URL
    /// encrypted in the vault. Returns the new connection's source id. `Sync` when the token
    /// is malformed or was already claimed (possibly by someone else: tell the user to
    /// disable it at the bridge).
    pub async fn link_simplefin(&self, setup_token: String) -> Result<String, TacitError> {
        let p = self.inner.clone();
        let c = p.simplefin_client()?;
        run_async(async move { Ok(p.link_simplefin(&c, &setup_token).await?.0) }).await
    }

    /// Syncs every linked SimpleFIN connection over the last `days` days. `user_initiated`
    /// = the user asked (always runs); unattended syncs run at most four times a day.
    /// Progress goes to `listener`. Cancelling the awaiting coroutine / task, or `cancel`,
    /// stops it at its next request boundary (the request in flight is abandoned) with
    /// `Cancelled`; nothing of an unfinished connection is stored. `days` is 1 to 3,650.
    #[uniffi::method(default(days = 90, user_initiated = true, listener = None, cancel = None))]
    pub async fn sync(
        &self,
        days: i32,
        user_initiated: bool,
        listener: Option<Arc<dyn SyncProgressListener>>,
        cancel: Option<Arc<CancelHandle>>,
    ) -> Result<SyncSummary, TacitError> {
        let days = u32::try_from(days)
            .ok()
            .filter(|d| (1..=MAX_SYNC_DAYS).contains(d))
            .ok_or(TacitError::InvalidInput)?;
        let p = self.inner.clone();
        let token = cancel.map(|c| c.token()).unwrap_or_default();
        let on_drop = CancelOnDrop::new(&token);
        let c = p.simplefin_client()?;
        let r = run_async(async move {
            let l = Listener(listener);
            match p.sync(&c, days, &token, &l, p.now(), user_initiated).await {
                Ok(o) => Ok(o.into()),
                Err(_) if token.is_cancelled() => Err(TacitError::Cancelled),
                Err(e) => Err(e.into()),
            }
        })
        .await;
        on_drop.disarm();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywrap::tests::{FakeHost, Mode};

    #[test]
    fn sync_without_connections_and_bad_tokens_need_no_network() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        let p = crate::runtime::tests::block_on(crate::profile::open_profile(
            path,
            FakeHost::new(Mode::Good),
            None,
        ))
        .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let s = p.sync(30, true, None, None).await.unwrap();
            assert_eq!(s.connections, 0);
            assert!(s.failures.is_empty() && !s.skipped_by_scheduler);
            assert_eq!(
                p.sync(0, true, None, None).await,
                Err(TacitError::InvalidInput)
            );
            assert_eq!(
                p.trust_bridge_certificate(b"not a certificate".to_vec()),
                Err(TacitError::InvalidInput)
            );
            assert_eq!(
                p.trust_bridge_certificate(Vec::new()),
                Err(TacitError::InvalidInput)
            );
            let e = p.link_simplefin("not base64!".into()).await;
            assert!(matches!(e, Err(TacitError::Sync { .. })), "{e:?}");
            assert_eq!(
                p.sync(-1, true, None, None).await,
                Err(TacitError::InvalidInput)
            );
            let c = CancelHandle::new();
            c.cancel();
            let r = p.sync(30, true, None, Some(c)).await;
            assert!(matches!(r, Ok(_) | Err(TacitError::Cancelled)));
        });
    }
}
