//! Benchmark helpers for the host-side FFI harness (`FfiBench.kt`, run by
//! `scripts/bench-ffi.sh`): a large vault built like `tacit bench assistant` builds its own,
//! and a reply loop timed inside Rust so the host can subtract core's own reply time from
//! what it measures through the bindings, in the same process and on the same vault.
//!
//! Not for apps: they only cost a few hundred bytes and touch nothing but the caller's
//! profile (their replies are recorded in the ledger like any other).

use crate::error::TacitError;
use crate::profile::TacitProfile;
use crate::records::{ChatReply, ImportSummary};
use crate::sandbox::seed_of;
use std::sync::Mutex;
use std::time::Instant;

/// Most replies one `bench_handle_messages` call times.
pub const MAX_BENCH_CALLS: u32 = 100_000;
/// Most synthetic transactions `load_bench_vault` adds.
pub const MAX_BENCH_TXNS: u32 = 200_000;

/// The last reply `bench_handle_messages` produced, echoed by `bench_echo_reply`.
static LAST_REPLY: Mutex<Option<ChatReply>> = Mutex::new(None);

#[uniffi::export]
impl TacitProfile {
    /// Benchmark convenience: the sandbox bank of `seed` (the year ending today) plus
    /// `extra_transactions` (at most 200,000) synthetic purchases spread evenly over its
    /// accounts and the three years before its end, stored in one ingest (the vault
    /// `tacit bench assistant` measures). Takes seconds for 100,000.
    pub async fn load_bench_vault(
        &self,
        seed: i64,
        extra_transactions: i32,
    ) -> Result<ImportSummary, TacitError> {
        let seed = seed_of(seed)?;
        let extra = usize::try_from(extra_transactions)
            .ok()
            .filter(|n| *n <= MAX_BENCH_TXNS as usize)
            .ok_or(TacitError::InvalidInput)?;
        self.run(move |p| Ok(ImportSummary::from(p.load_bench_vault(seed, extra)?)))
            .await
    }

    /// Benchmark helper: answers each of `texts` in turn, `rounds` times over (1 to 100,000
    /// calls in all), and returns each call's time in nanoseconds, in call order, measured
    /// inside Rust around core's `handle_message` (nothing of the FFI is timed). Writes to
    /// the ledger like any reply.
    pub async fn bench_handle_messages(
        &self,
        texts: Vec<String>,
        rounds: i32,
    ) -> Result<Vec<i64>, TacitError> {
        let rounds = u32::try_from(rounds).map_err(|_| TacitError::InvalidInput)?;
        let calls = u64::try_from(texts.len())
            .unwrap_or(u64::MAX)
            .saturating_mul(u64::from(rounds));
        if calls == 0 || calls > u64::from(MAX_BENCH_CALLS) {
            return Err(TacitError::InvalidInput);
        }
        self.run(move |p| {
            let mut ns = Vec::with_capacity(usize::try_from(calls).unwrap_or(0));
            let mut last = None;
            for _ in 0..rounds {
                for text in &texts {
                    let t = Instant::now();
                    let reply = p.handle_message(text, p.now())?;
                    ns.push(i64::try_from(t.elapsed().as_nanos()).unwrap_or(i64::MAX));
                    last = Some(reply);
                }
            }
            *LAST_REPLY.lock().unwrap_or_else(|e| e.into_inner()) = last.map(ChatReply::from);
            Ok(ns)
        })
        .await
    }

    /// Benchmark helper: the FFI half of `handle_message` without core. Takes a message like
    /// `handle_message`, runs in the same panic guard, and returns a copy of the last reply
    /// `bench_handle_messages` produced (the same record, so the same marshalling work);
    /// `InvalidInput` before any. Timing it from the host gives the bindings' own cost per
    /// reply, including the hop to the blocking pool every profile call makes.
    pub async fn bench_echo_reply(&self, text: String) -> Result<ChatReply, TacitError> {
        self.run(move |_| {
            if text.is_empty() {
                return Err(TacitError::InvalidInput);
            }
            LAST_REPLY
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .ok_or(TacitError::InvalidInput)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywrap::tests::{FakeHost, Mode};
    use crate::profile::{count, open_profile};
    use crate::runtime::tests::block_on as b;

    #[test]
    fn bench_vault_and_timed_replies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        let p = b(open_profile(path, FakeHost::new(Mode::Good), None)).unwrap();
        let s = b(p.load_bench_vault(5, 2_000)).unwrap();
        assert!(s.inserted >= 2_000, "{}", s.inserted);
        let texts = vec![
            "what's my balance?".to_string(),
            "show my recent transactions".into(),
        ];
        let ns = b(p.bench_handle_messages(texts.clone(), 3)).unwrap();
        assert_eq!(ns.len(), 6);
        assert!(ns.iter().all(|&t| t > 0));
        let echo = b(p.bench_echo_reply("x".into())).unwrap();
        assert!(!echo.local_text.is_empty());
        assert_eq!(
            b(p.bench_echo_reply(String::new())),
            Err(TacitError::InvalidInput)
        );
        assert_eq!(b(p.verify_ledger()).unwrap(), 6 + count(s.alerts.len()));
        for (texts, rounds) in [
            (texts.clone(), 0),
            (Vec::new(), 3),
            (texts.clone(), -1),
            (texts, MAX_BENCH_CALLS as i32),
        ] {
            assert_eq!(
                b(p.bench_handle_messages(texts, rounds)),
                Err(TacitError::InvalidInput)
            );
        }
        assert_eq!(
            b(p.load_bench_vault(5, MAX_BENCH_TXNS as i32 + 1)),
            Err(TacitError::InvalidInput)
        );
        assert_eq!(b(p.load_bench_vault(-1, 1)), Err(TacitError::InvalidInput));
    }
}
