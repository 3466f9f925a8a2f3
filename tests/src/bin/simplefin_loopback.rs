//! The loopback SimpleFIN bridge as a process, for suites in other languages (the Kotlin
//! binding tests sync from it through the FFI). Serves the sandbox bank of `--seed` on
//! 127.0.0.1 over HTTPS with a fresh test CA, prints `port=`, `setup_token=` and
//! `ca_der_hex=` lines, then `ready`, and serves until its stdin closes.
//!
//! The sandbox year ends today (UTC, or the zone of `--utc-offset` minutes) and is served as
//! the bank shows it at start-up, like a real bridge: "recent" activity is recent whatever the
//! date.
//!
//! Usage: `simplefin_loopback [--seed N] [--delay-ms MS] [--delay-from N] [--utc-offset MINUTES]`
//! (`--delay-ms`: every `/accounts` answer, or with `--delay-from N` the N-th and later ones,
//! waits that long, for cancellation tests).
//!
//! Events on stdout after `ready`, one line each: `in_flight=N` when the N-th `/accounts`
//! request arrives (before any delay), `abandoned=N` when its client disconnects before the
//! answer, and `served=N` (the `/accounts` requests seen in all)
//! when stdin closes, just before exiting. Tests wait on these lines, never on the clock.

use std::io::{Read, Write};
use std::time::Duration;
use tacit_core::clock::{Clock, SystemClock};
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::time::local_date;
use tacit_tests::simplefin_server::{RequestEvent, ServerData, SimpleFinServer};

fn usage() -> ! {
    eprintln!(
        "usage: simplefin_loopback [--seed N] [--delay-ms MS] [--delay-from N] [--utc-offset MINUTES]"
    );
    std::process::exit(2);
}

fn main() {
    let mut seed = 7u64;
    let mut delay_ms = 0u64;
    let mut delay_from = 0usize;
    let mut offset = 0i32;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or_else(|| usage());
        match flag.as_str() {
            "--seed" => seed = u64::try_from(value).unwrap_or_else(|_| usage()),
            "--delay-ms" => delay_ms = u64::try_from(value).unwrap_or_else(|_| usage()),
            "--delay-from" => delay_from = usize::try_from(value).unwrap_or_else(|_| usage()),
            "--utc-offset" if (-840..=840).contains(&value) => offset = value as i32,
            _ => usage(),
        }
    }
    let now = SystemClock.now();
    let data = SandboxBank::year_ending(seed, local_date(now, offset), offset);
    let batch = data.snapshot_at(now.min(data.end));
    let server = SimpleFinServer::start(&ServerData {
        accounts: batch.accounts,
        transactions: batch.transactions,
    });
    if delay_ms > 0 {
        server.set_faults(|f| {
            f.delay = Some(Duration::from_millis(delay_ms));
            f.delay_from = delay_from;
        });
    }
    let events = server.subscribe();
    let hex: String = server.ca_der().iter().map(|b| format!("{b:02x}")).collect();
    let mut out = std::io::stdout().lock();
    let printed = writeln!(
        out,
        "port={}\nsetup_token={}\nca_der_hex={hex}\nready",
        server.addr().port(),
        server.setup_token()
    )
    .and_then(|()| out.flush());
    if printed.is_err() {
        std::process::exit(3);
    }
    drop(out);
    std::thread::spawn(move || {
        for e in events {
            let line = match e {
                RequestEvent::InFlight(n) => format!("in_flight={n}"),
                RequestEvent::Abandoned(n) => format!("abandoned={n}"),
            };
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    // Serve until the parent closes our stdin (or dies).
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    let requests = server.account_requests().len();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "served={requests}").and_then(|()| out.flush());
    eprintln!("simplefin_loopback: {requests} /accounts requests served");
}
