//! A polite sync scheduler. The SimpleFIN Bridge limits how often a connection may be read and
//! bank data changes a few times a day, so background ("unattended") syncs are capped at
//! [`PoliteScheduler::MAX_UNATTENDED_PER_DAY`] per rolling 24 hours and spaced at least
//! [`PoliteScheduler::MIN_SPACING`] apart. A sync the user asks for always runs; it counts
//! towards the day's total so that background syncs back off after it. A pure value: the
//! caller supplies the clock and persists [`PoliteScheduler::to_bytes`].

use super::error::SimpleFinError;
use crate::time::{Timestamp, DAY};

const FORMAT_VERSION: u8 = 1;
/// Recent syncs remembered (more than a day's worth is never needed).
const MAX_REMEMBERED: usize = 32;

/// Sync history for one connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoliteScheduler {
    /// Syncs in the last 24 hours (oldest first): time and whether the user asked.
    recent: Vec<(Timestamp, bool)>,
}

impl PoliteScheduler {
    /// Unattended syncs allowed per rolling 24 hours (user syncs count towards it).
    pub const MAX_UNATTENDED_PER_DAY: usize = 4;
    /// Least time between an unattended sync and the previous sync of any kind, seconds.
    pub const MIN_SPACING: i64 = 3 * 3600;

    /// A scheduler with no history.
    pub fn new() -> PoliteScheduler {
        PoliteScheduler::default()
    }

    fn in_window(&self, now: Timestamp) -> impl Iterator<Item = &(Timestamp, bool)> {
        self.recent
            .iter()
            .filter(move |(t, _)| *t > now - DAY && *t <= now)
    }

    /// Whether a background sync may run now.
    pub fn may_sync_unattended(&self, now: Timestamp) -> bool {
        let count = self.in_window(now).count();
        let last = self.in_window(now).map(|(t, _)| *t).max();
        count < Self::MAX_UNATTENDED_PER_DAY && last.is_none_or(|t| now - t >= Self::MIN_SPACING)
    }

    /// The earliest time at or after `now` when a background sync may run.
    pub fn next_unattended(&self, now: Timestamp) -> Timestamp {
        let mut in_window: Vec<Timestamp> = self.in_window(now).map(|(t, _)| *t).collect();
        crate::sort::sort(&mut in_window);
        let mut at = now;
        if let Some(last) = in_window.last() {
            at = at.max(last + Self::MIN_SPACING);
        }
        if in_window.len() >= Self::MAX_UNATTENDED_PER_DAY {
            // Wait until enough old syncs leave the 24-hour window.
            let idx = in_window.len() - Self::MAX_UNATTENDED_PER_DAY;
            if let Some(t) = in_window.get(idx) {
                at = at.max(t + DAY + 1);
            }
        }
        at
    }

    /// Records a sync that ran at `now`.
    pub fn record(&mut self, now: Timestamp, user_initiated: bool) {
        self.recent.retain(|(t, _)| *t > now - DAY);
        self.recent.push((now, user_initiated));
        crate::sort::by_key(&mut self.recent, |(t, _)| *t);
        let excess = self.recent.len().saturating_sub(MAX_REMEMBERED);
        self.recent.drain(..excess);
    }

    /// Compact bytes for storage: version, count, then (i64 LE time, u8 user flag) each.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 + self.recent.len() * 9);
        out.push(FORMAT_VERSION);
        out.push(self.recent.len() as u8);
        for (t, user) in &self.recent {
            out.extend_from_slice(&t.to_le_bytes());
            out.push(u8::from(*user));
        }
        out
    }

    /// Inverse of [`PoliteScheduler::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PoliteScheduler, SimpleFinError> {
        const BAD: SimpleFinError = SimpleFinError::Malformed("scheduler state");
        let (&version, rest) = bytes.split_first().ok_or(BAD)?;
        let (&count, rest) = rest.split_first().ok_or(BAD)?;
        if version != FORMAT_VERSION
            || usize::from(count) > MAX_REMEMBERED
            || rest.len() != usize::from(count) * 9
        {
            return Err(BAD);
        }
        let mut recent = Vec::with_capacity(usize::from(count));
        for rec in rest.chunks_exact(9) {
            let (t, flag) = rec.split_at(8);
            let t = i64::from_le_bytes(t.try_into().map_err(|_| BAD)?);
            let user = match flag {
                [0] => false,
                [1] => true,
                _ => return Err(BAD),
            };
            recent.push((t, user));
        }
        Ok(PoliteScheduler { recent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: i64 = 3600;

    #[test]
    fn caps_unattended_syncs() {
        let mut s = PoliteScheduler::new();
        let t0 = 1_700_000_000;
        assert!(s.may_sync_unattended(t0));
        for i in 0..4 {
            let now = t0 + i * 4 * H;
            assert!(s.may_sync_unattended(now), "sync {i}");
            s.record(now, false);
            assert!(!s.may_sync_unattended(now + H), "spacing");
        }
        let after = t0 + 16 * H;
        assert!(!s.may_sync_unattended(after), "4 per day");
        let next = s.next_unattended(after);
        assert_eq!(next, t0 + DAY + 1);
        assert!(s.may_sync_unattended(next));
        // A user sync is recorded and pushes the next background one back.
        s.record(next, true);
        assert!(!s.may_sync_unattended(next + H));
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut s = PoliteScheduler::new();
        s.record(100, false);
        s.record(5000, true);
        assert_eq!(PoliteScheduler::from_bytes(&s.to_bytes()).unwrap(), s);
        assert!(PoliteScheduler::from_bytes(&[]).is_err());
        assert!(PoliteScheduler::from_bytes(&[2, 0]).is_err());
        assert!(PoliteScheduler::from_bytes(&[1, 1, 0]).is_err());
    }

    proptest! {
        #[test]
        fn from_bytes_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = PoliteScheduler::from_bytes(&data);
        }

        #[test]
        fn next_is_allowed(times in proptest::collection::vec(0i64..200_000, 0..12), later in 0i64..100_000) {
            let now = 200_000 + later;
            let mut s = PoliteScheduler::new();
            let mut sorted = times.clone();
            sorted.sort_unstable();
            for t in sorted { s.record(t, false); }
            let next = s.next_unattended(now);
            prop_assert!(next >= now);
            prop_assert!(s.may_sync_unattended(next));
        }
    }
}
