//! End-to-end suites and loopback test servers for Tacit.
//!
//! Reference data from `../shared/data` (never committed) is found through the
//! `TACIT_SHARED_DATA` environment variable. Locally, a test that needs it is skipped with a
//! message when the variable is unset; in CI (`CI` set) a missing path fails the test.

pub mod fixtures;

use std::path::PathBuf;

/// The folder `sub` under `$TACIT_SHARED_DATA`, or `None` (after printing why) when the
/// variable is unset outside CI. Panics in CI when the data is missing, so CI cannot go green
/// by silently skipping.
pub fn shared_data(sub: &str) -> Option<PathBuf> {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    match std::env::var_os("TACIT_SHARED_DATA") {
        Some(root) => {
            let path = PathBuf::from(root).join(sub);
            assert!(
                path.exists(),
                "TACIT_SHARED_DATA is set but {} is missing",
                path.display()
            );
            Some(path)
        }
        None if in_ci => panic!("CI requires TACIT_SHARED_DATA (set by .ci/run)"),
        None => {
            eprintln!("skipping: TACIT_SHARED_DATA is not set (needs shared/data/{sub})");
            None
        }
    }
}

/// Decodes lower- or upper-case hex; `None` on odd length or a non-hex character.
pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}
/// The loopback bridge and synthetic data live in `tacit-devbridge` (the CLI uses them too);
/// re-exported under their old names for the suites.
pub use tacit_devbridge::{server as simplefin_server, synthetic as simplefin_bench};
