//! The one clock seam: where "now" comes from.
//!
//! Core's computations take `now` as an argument (the fraud judge, the assistant's periods,
//! quick-reply expiry, the sync scheduler), and nothing in core reads the system clock except
//! [`SystemClock`] here. A [`crate::profile::Profile`] owns one [`Clock`]; the CLI and the FFI
//! ask the profile for [`crate::profile::Profile::now`] instead of reading the system clock
//! themselves, so a test (or a demo pinned to a day) sets the profile's clock once and every
//! time-relative answer follows it. A test in this module fails when another file of core
//! starts reading the system clock.

use crate::time::{Date, Timestamp, DAY};
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current instant (Unix seconds, UTC).
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The device's real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // A clock before 1970 reads as the epoch; one past i64 seconds as the maximum.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}

/// A clock that reads what it was set to: for tests, and for demos pinned to a day.
#[derive(Default)]
pub struct FixedClock {
    at: AtomicI64,
}

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: Timestamp) -> FixedClock {
        FixedClock {
            at: AtomicI64::new(at),
        }
    }

    /// A clock stopped at `hour`:`minute` local time on `date` in the zone `offset_minutes`
    /// east of UTC.
    pub fn at_local(date: Date, hour: u32, minute: u32, offset_minutes: i32) -> FixedClock {
        let secs = i64::from(hour.min(23)) * 3600 + i64::from(minute.min(59)) * 60;
        FixedClock::new(date.start_ts(offset_minutes) + secs.min(DAY - 1))
    }

    /// Sets the clock.
    pub fn set(&self, at: Timestamp) {
        self.at.store(at, Ordering::SeqCst);
    }

    /// Moves the clock by `secs` (negative moves it back).
    pub fn advance(&self, secs: i64) {
        self.at.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.at.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for FixedClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FixedClock").field(&self.now()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::local_date;

    #[test]
    fn fixed_clock_reads_what_it_was_set_to() {
        let c = FixedClock::new(1_000);
        assert_eq!(c.now(), 1_000);
        c.advance(60);
        assert_eq!(c.now(), 1_060);
        c.set(5);
        assert_eq!(c.now(), 5);
    }

    #[test]
    fn local_time_on_a_day_is_on_that_day_in_that_zone() {
        for offset in [-12 * 60, -300, 0, 330, 14 * 60] {
            let day = Date::new(2028, 2, 29).unwrap();
            let c = FixedClock::at_local(day, 23, 59, offset);
            assert_eq!(local_date(c.now(), offset), day, "offset {offset}");
            let c = FixedClock::at_local(day, 0, 0, offset);
            assert_eq!(local_date(c.now(), offset), day, "offset {offset}");
        }
    }

    #[test]
    fn system_clock_is_after_this_code_was_written() {
        // 2026-01-01: a clock that reads earlier is broken, not "now".
        assert!(SystemClock.now() > 1_767_225_600);
    }

    /// The seam is the only reader of the system clock in core: every other file takes `now`
    /// from its caller, which takes it from the profile's clock.
    #[test]
    fn nothing_else_in_core_reads_the_system_clock() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("clock.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let reads = ["SystemTime::now", "UNIX_EPOCH", "Utc::now", "Local::now"];
                    if reads.iter().any(|r| text.contains(r)) {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "system clock read in {offenders:?}");
    }
}
