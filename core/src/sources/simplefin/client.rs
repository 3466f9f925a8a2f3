//! The SimpleFIN client: claims setup tokens and syncs accounts over a date window, in chunks
//! of at most 90 days, retrying transient failures (5xx, network, timeout) with exponential
//! backoff and jitter and never 4xx, reporting progress and honouring cancellation.

use super::access::{AccessUrl, ClaimUrl};
use super::cancel::CancelToken;
use super::convert::parse_account_set;
use super::error::SimpleFinError;
use super::http::{Conn, Transport};
use super::merge::Merger;
use super::window::{SyncWindow, MAX_CHUNK_DAYS};
use crate::sources::ImportBatch;
use hyper::body::Bytes;
use hyper::Method;
use std::time::Duration;

/// Largest claim response accepted (an Access URL is a short line).
const MAX_CLAIM_BYTES: usize = 8 * 1024;

/// Limits and policies of a [`SimpleFinClient`].
#[derive(Clone, Debug)]
pub struct SimpleFinConfig {
    /// Longest wait for TCP connect plus TLS handshake.
    pub connect_timeout: Duration,
    /// Longest wait for one request, from sending to the last body byte.
    pub request_timeout: Duration,
    /// Largest response body accepted, bytes.
    pub max_response_bytes: usize,
    /// Attempts per request, the first included (transient failures only are retried).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubled each retry, with jitter (50-100 %).
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_max: Duration,
    /// Days per `/accounts` request (capped at [`MAX_CHUNK_DAYS`]).
    pub chunk_days: i64,
    /// Whether to trust the public Web PKI roots (true except in tests with a private CA).
    pub public_roots: bool,
}

impl Default for SimpleFinConfig {
    fn default() -> SimpleFinConfig {
        SimpleFinConfig {
            connect_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(120),
            max_response_bytes: 64 * 1024 * 1024,
            max_attempts: 4,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
            chunk_days: MAX_CHUNK_DAYS,
            public_roots: true,
        }
    }
}

/// Progress of a sync, reported after each chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncProgress {
    /// Requests (date chunks) completed.
    pub chunks_done: usize,
    /// Requests the window needs in all.
    pub chunks_total: usize,
    /// Distinct accounts received so far.
    pub accounts_done: usize,
    /// Distinct transactions received so far.
    pub transactions_seen: usize,
}

/// Receives progress from a running sync (from the task running it; keep it quick).
pub trait SyncListener: Send + Sync {
    /// After each completed chunk.
    fn on_progress(&self, progress: SyncProgress);
    /// Before retrying after a transient failure (`attempt` is the one that failed, from 1).
    fn on_retry(&self, attempt: u32, error: SimpleFinError) {
        let _ = (attempt, error);
    }
}

/// A listener that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl SyncListener for NoProgress {
    fn on_progress(&self, _progress: SyncProgress) {}
}

/// A SimpleFIN client. Cheap to clone; runs on the caller's tokio runtime.
#[derive(Clone)]
pub struct SimpleFinClient {
    config: SimpleFinConfig,
    extra_roots: Vec<Vec<u8>>,
    transport: Transport,
}

impl std::fmt::Debug for SimpleFinClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimpleFinClient")
            .field("config", &self.config)
            .field("extra_roots", &self.extra_roots.len())
            .finish_non_exhaustive()
    }
}

impl SimpleFinClient {
    /// A client with the given limits, trusting the public Web PKI roots.
    pub fn new(config: SimpleFinConfig) -> Result<SimpleFinClient, SimpleFinError> {
        let transport = Transport::new(
            config.public_roots,
            &[],
            config.connect_timeout,
            config.request_timeout,
        )?;
        Ok(SimpleFinClient {
            config,
            extra_roots: Vec::new(),
            transport,
        })
    }

    /// Also trusts these root certificates (DER), e.g. a test CA. Verification stays on.
    pub fn with_extra_roots(
        mut self,
        roots: &[Vec<u8>],
    ) -> Result<SimpleFinClient, SimpleFinError> {
        self.extra_roots.extend(roots.iter().cloned());
        self.transport = Transport::new(
            self.config.public_roots,
            &self.extra_roots,
            self.config.connect_timeout,
            self.config.request_timeout,
        )?;
        Ok(self)
    }

    /// The configuration.
    pub fn config(&self) -> &SimpleFinConfig {
        &self.config
    }

    /// Exchanges a setup token for an Access URL with one POST, never retried: the token is
    /// single-use, and a retry after a lost response would be refused and look like theft.
    /// A 403 is [`SimpleFinError::TokenCompromised`].
    pub async fn claim(&self, setup_token: &str) -> Result<AccessUrl, SimpleFinError> {
        let claim = ClaimUrl::from_setup_token(setup_token)?;
        let mut conn = None;
        let response = self
            .transport
            .request(
                &mut conn,
                Method::POST,
                &claim.target,
                &claim.target.path,
                None,
                MAX_CLAIM_BYTES,
            )
            .await?;
        match response.status {
            200..=299 => {
                let text = std::str::from_utf8(&response.body)
                    .map_err(|_| SimpleFinError::Malformed("access URL"))?;
                AccessUrl::parse(text).map_err(|e| match e {
                    SimpleFinError::NotHttps => SimpleFinError::NotHttps,
                    _ => SimpleFinError::Malformed("access URL"),
                })
            }
            403 => Err(SimpleFinError::TokenCompromised),
            status => Err(SimpleFinError::Http(status)),
        }
    }

    /// Fetches accounts and transactions (pending included) in `window`, in chunks of at
    /// most [`SimpleFinConfig::chunk_days`] days, merged into one batch. Any chunk failing
    /// after retries fails the whole fetch (the vault then stores nothing of it).
    pub async fn fetch(
        &self,
        access: &AccessUrl,
        window: SyncWindow,
        cancel: &CancelToken,
        listener: &dyn SyncListener,
    ) -> Result<ImportBatch, SimpleFinError> {
        let source = access.source_id();
        let chunks = window.chunks(self.config.chunk_days);
        let auth = access.basic_auth();
        let mut merger = Merger::new(source.clone());
        let mut conn: Option<Conn> = None;
        for (i, chunk) in chunks.iter().enumerate() {
            if cancel.is_cancelled() {
                return Err(SimpleFinError::Cancelled);
            }
            let path = format!(
                "{}/accounts?version=2&pending=1&start-date={}&end-date={}",
                access.target.path, chunk.start, chunk.end
            );
            let body = self
                .get_with_retries(access, &path, &auth, &mut conn, cancel, listener)
                .await?;
            let batch = parse_account_set(&body, &source)?;
            merger.add(batch);
            listener.on_progress(SyncProgress {
                chunks_done: i + 1,
                chunks_total: chunks.len(),
                accounts_done: merger.account_count(),
                transactions_seen: merger.transaction_count(),
            });
        }
        Ok(merger.finish())
    }

    async fn get_with_retries(
        &self,
        access: &AccessUrl,
        path: &str,
        auth: &crate::crypto::secret::SecretString,
        conn: &mut Option<Conn>,
        cancel: &CancelToken,
        listener: &dyn SyncListener,
    ) -> Result<Bytes, SimpleFinError> {
        let mut attempt: u32 = 1;
        loop {
            let request = self.transport.request(
                conn,
                Method::GET,
                &access.target,
                path,
                Some(auth),
                self.config.max_response_bytes,
            );
            let result = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(SimpleFinError::Cancelled),
                r = request => r,
            };
            let error = match result {
                Ok(r) if (200..300).contains(&r.status) => return Ok(r.body),
                Ok(r) => match r.status {
                    401 | 403 => SimpleFinError::AuthFailed,
                    402 => SimpleFinError::PaymentRequired,
                    s => SimpleFinError::Http(s),
                },
                Err(e) => e,
            };
            if !error.is_transient() || attempt >= self.config.max_attempts.max(1) {
                return Err(error);
            }
            listener.on_retry(attempt, error);
            *conn = None;
            let delay = self.backoff(attempt);
            tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(SimpleFinError::Cancelled),
                _ = tokio::time::sleep(delay) => {}
            }
            attempt += 1;
        }
    }

    /// Exponential backoff for retry number `attempt` (from 1) with jitter: a uniform pick
    /// between half and all of `base * 2^(attempt-1)`, capped at `backoff_max`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .backoff_base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let full = exp.min(self.config.backoff_max);
        let mut r = [0u8; 4];
        let fraction =
            match ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r) {
                Ok(()) => f64::from(u32::from_le_bytes(r)) / f64::from(u32::MAX),
                Err(_) => 0.5,
            };
        full.mul_f64(0.5 + 0.5 * fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let cfg = SimpleFinConfig {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(1000),
            ..SimpleFinConfig::default()
        };
        let c = SimpleFinClient::new(cfg).unwrap();
        for _ in 0..20 {
            let d1 = c.backoff(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = c.backoff(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            assert!(c.backoff(30) <= Duration::from_millis(1000));
        }
    }
}
