//! The date window a sync asks for, and its split into requests: the SimpleFIN Bridge serves
//! at most 90 days of history per request, so a backfill is several requests whose results
//! are merged.

use crate::time::{Timestamp, DAY};

/// Most days one `/accounts` request may cover (the Bridge's cap).
pub const MAX_CHUNK_DAYS: i64 = 90;

/// A half-open window of transaction dates `[start, end)`, Unix seconds, as SimpleFIN's
/// `start-date` (inclusive) and `end-date` (exclusive) parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncWindow {
    /// First instant included.
    pub start: Timestamp,
    /// First instant excluded.
    pub end: Timestamp,
}

impl SyncWindow {
    /// A window from `start` to `end`; `None` unless `start < end`.
    pub fn new(start: Timestamp, end: Timestamp) -> Option<SyncWindow> {
        (start < end).then_some(SyncWindow { start, end })
    }

    /// The last `days` days up to `now`, with a day of slack after `now` so that a bridge that
    /// dates today's transactions at the end of the day still returns them.
    pub fn last_days(now: Timestamp, days: u32) -> SyncWindow {
        let days = i64::from(days.max(1));
        SyncWindow {
            start: now - days * DAY,
            end: now + DAY,
        }
    }

    /// Splits the window into consecutive chunks of at most `max_days` days (at least one),
    /// oldest first; together they cover exactly the window.
    pub fn chunks(&self, max_days: i64) -> Vec<SyncWindow> {
        let step = max_days.clamp(1, MAX_CHUNK_DAYS) * DAY;
        let mut out = Vec::new();
        let mut start = self.start;
        while start < self.end {
            let end = start.saturating_add(step).min(self.end);
            out.push(SyncWindow { start, end });
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_a_year() {
        let w = SyncWindow::new(0, 365 * DAY).unwrap();
        let c = w.chunks(90);
        assert_eq!(c.len(), 5);
        assert_eq!(
            c[0],
            SyncWindow {
                start: 0,
                end: 90 * DAY
            }
        );
        assert_eq!(
            c[4],
            SyncWindow {
                start: 360 * DAY,
                end: 365 * DAY
            }
        );
        assert_eq!(w.chunks(1000).len(), 5, "never more than the bridge's cap");
        assert!(SyncWindow::new(5, 5).is_none());
    }

    proptest! {
        #[test]
        fn chunks_cover_exactly(start in -1_000_000_000i64..1_000_000_000, len in 1i64..100_000_000, days in 1i64..120) {
            let w = SyncWindow::new(start, start + len).unwrap();
            let c = w.chunks(days);
            prop_assert_eq!(c.first().unwrap().start, w.start);
            prop_assert_eq!(c.last().unwrap().end, w.end);
            for pair in c.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
            for x in &c {
                prop_assert!(x.end - x.start <= days.min(MAX_CHUNK_DAYS) * DAY);
            }
        }
    }
}
