//! `tacit bench <what>`: benchmarks that print `key=value` figures, ratios measured in one run
//! against baselines in the same process.

use crate::common::{usage, OK};

const HELP: &str = "usage: tacit bench vault [--rows N] [--rounds R] | ingest [--txns N] [--runs R] | fraud | assistant [--txns N] | egress [--rounds R] | scale [--sizes 10000,100000,1000000]";

/// Runs `tacit bench ...`.
pub fn run(args: &[String]) -> i32 {
    let Some((what, rest)) = args.split_first() else {
        return usage("which benchmark?", HELP);
    };
    let result = match what.as_str() {
        "vault" => crate::bench_vault::run(rest),
        "assistant" => crate::bench_assistant::run(rest),
        "egress" => crate::bench_egress::run(rest),
        "scale" => crate::bench_scale::run(rest),
        // Hidden: one measured phase of `bench scale`, in its own process.
        "scale-child" => crate::bench_scale::child(rest),
        "ingest" => return crate::cmd_bench_ingest::run(rest),
        "fraud" => return crate::cmd_bench_fraud::run(rest),
        other => return usage(&format!("unknown benchmark '{other}'"), HELP),
    };
    match result {
        Ok(()) => OK,
        Err(e) => e.report(HELP),
    }
}
