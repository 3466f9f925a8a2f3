//! `tacit bench egress`: the egress guard's cost against the length of the text. For each of
//! a set of adversarial repeating units (digits, IBAN-like groups, e-mail and token shapes,
//! zero-width characters, card-number groups), the guard checks a 256 KiB and a 1 MiB text at
//! `minimal` and `full` and classifies it; the ratio of the two times is printed as
//! `egress_1m_over_256k_<i>=` (4 for linear work), with `egress_1m_over_256k_max=` last.
//! (Both sizes are past the CPU caches: against 64 KiB, which stays cache-hot, linear work
//! measured ratios of 16–75.)
//!
//! This was a timed unit test (`egress::tests::linear_on_one_megabyte`), which a busy CI
//! machine could fail; here it is a regression guard read by a person: a quadratic rule would
//! show as a ratio near 16.

use crate::common::{Args, CliError};
use std::time::Instant;
use tacit_core::egress::{categories_in, DisclosureLevel, EgressGuard};
use tacit_core::SecretString;

/// The repeating units, each a shape one of the guard's rules looks for.
const UNITS: &[&str] = &[
    "7", "a1 ", "DE89 ", "x@y.", "Ab1+", "1,", "\u{200B}", "4111 ", "eyJ.a",
];

/// Runs the benchmark (`--rounds R`, default 3: the best of R timings per size).
pub fn run(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let rounds = parsed.number("rounds", 3).map_err(CliError::Usage)?.max(1) as usize;
    let guard = EgressGuard::new(vec![
        SecretString::new("000731945862".into()),
        SecretString::new("4111 1111 1111 1111".into()),
    ]);
    let mut worst = 0.0f64;
    for (i, unit) in UNITS.iter().enumerate() {
        let best = |bytes: usize| {
            let text = unit.repeat(bytes / unit.len());
            (0..rounds)
                .map(|_| {
                    let t = Instant::now();
                    for level in [DisclosureLevel::Minimal, DisclosureLevel::Full] {
                        let _ = guard.check(&text, level);
                    }
                    let _ = categories_in(&text);
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let small = best(256 << 10);
        let big = best(1 << 20);
        let ratio = big / small.max(1e-9);
        worst = worst.max(ratio);
        println!("egress_256k_ms_{i}={:.3}", small * 1e3);
        println!("egress_1m_ms_{i}={:.3}", big * 1e3);
        println!("egress_1m_over_256k_{i}={ratio:.2}");
    }
    println!("egress_1m_over_256k_max={worst:.2}");
    Ok(())
}
