//! `tacit chat`: the terminal demo. Opens a profile on the built-in sandbox bank and, for
//! every message, prints what the person sees on the phone and, beside it, exactly what the
//! messaging platform would receive.
//!
//! Without `--vault` the demo uses a throwaway vault in a temporary folder whose key exists
//! only in memory for the session; with `--vault PATH` it uses (or creates) a passphrase vault.
//!
//! The sandbox year ends today (the system clock, in the zone of `--utc-offset`, UTC by
//! default), so "recent", "this month" and the last week's fraud alert are current;
//! `--today YYYY-MM-DD` pins the profile's clock to 6 p.m. of that day instead.

use crate::common::{passphrase, Args, CliError, OK};
use std::io::{BufRead, Write};
use std::sync::Arc;
use tacit_core::clock::{Clock, FixedClock, SystemClock};
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Date};
use tacit_core::{
    DisclosureLevel, KekWrapper, KeyWrapper, Locale, OpenOptions, PassphraseWrapper, Reply,
    Settings,
};

const HELP: &str = "usage: tacit chat [--vault PATH] [--level minimal|summary|full] [--locale en-US|de-DE|...] [--seed N]
                  [--utc-offset MINUTES] [--today YYYY-MM-DD]
In the chat: type a question, or
  /level minimal|summary|full   change what the platform may see
  /tap N                        tap quick reply N of the last message
  /alerts                       list open fraud alerts
  /ledger                       show what left the phone (verified)
  /quit";

/// Runs `tacit chat`.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(()) => OK,
        Err(e) => e.report(HELP),
    }
}

fn print_reply(out: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    let mut first = true;
    for line in reply.local_text.lines() {
        writeln!(
            out,
            "  {} │ {line}",
            if first {
                "on your phone "
            } else {
                "              "
            }
        )?;
        first = false;
    }
    let mut first = true;
    for line in reply.platform_text.lines() {
        writeln!(
            out,
            "  {} │ {line}",
            if first {
                "platform sees "
            } else {
                "              "
            }
        )?;
        first = false;
    }
    if !reply.quick_replies.is_empty() {
        let buttons: Vec<String> = reply
            .quick_replies
            .iter()
            .enumerate()
            .map(|(i, q)| format!("[{}] {}", i + 1, q.label))
            .collect();
        writeln!(
            out,
            "  buttons        │ {}   (payloads are random single-use tokens)",
            buttons.join("  ")
        )?;
    }
    writeln!(
        out,
        "  (intent {}, confidence {:.2}; ledger records: {})",
        reply.intent.as_str(),
        reply.confidence,
        if reply.categories.is_empty() {
            "no personal data".to_string()
        } else {
            reply
                .categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    )?;
    Ok(())
}

/// The demo's throw-away vault goes with the session, also when the person presses Ctrl-C
/// (the temporary folder would otherwise stay behind: its `Drop` does not run on a signal).
/// The handler is registered before this returns, so from then on an interrupt removes it.
#[cfg(unix)]
fn remove_on_interrupt(dir: std::path::PathBuf) {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    let registered = {
        let _in_runtime = rt.enter();
        signal(SignalKind::interrupt())
    };
    let Ok(mut interrupt) = registered else {
        return;
    };
    std::thread::spawn(move || {
        if rt.block_on(interrupt.recv()).is_some() {
            let _ = std::fs::remove_dir_all(&dir);
            eprintln!("\n(interrupted: the demo's temporary vault was removed)");
            std::process::exit(130);
        }
    });
}

#[cfg(not(unix))]
fn remove_on_interrupt(_dir: std::path::PathBuf) {}

fn run_inner(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let seed = parsed.number("seed", 2026).map_err(CliError::Usage)?;
    let level = match parsed.get("level") {
        Some(l) => DisclosureLevel::parse(l)
            .ok_or_else(|| CliError::Usage(format!("unknown level '{l}'")))?,
        None => DisclosureLevel::Minimal,
    };
    let locale = Locale::parse(parsed.get("locale").unwrap_or("en-US"));
    let temp = tempfile::tempdir()
        .map_err(|_| CliError::Other("cannot create a temporary folder".into()))?;
    let (path, wrapper): (std::path::PathBuf, Box<dyn KeyWrapper>) = match parsed.get("vault") {
        Some(p) => (
            p.into(),
            Box::new(PassphraseWrapper::new(
                passphrase().map_err(CliError::Usage)?,
            )),
        ),
        None => {
            // A key that lives only in this process: the throw-away vault is removed on exit.
            let wrapper =
                KekWrapper::random().map_err(|_| CliError::Other("no randomness".into()))?;
            remove_on_interrupt(temp.path().to_path_buf());
            (temp.path().join("demo.db"), Box::new(wrapper))
        }
    };
    let offset = match parsed.get("utc-offset") {
        None => 0,
        Some(v) => v
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (-14 * 60..=14 * 60).contains(m))
            .ok_or_else(|| CliError::Usage("--utc-offset is minutes east of UTC, ±840".into()))?,
    };
    let clock: Arc<dyn Clock> = match parsed.get("today") {
        Some(day) => {
            let date = parse_day(day)
                .ok_or_else(|| CliError::Usage(format!("--today '{day}' is not YYYY-MM-DD")))?;
            Arc::new(FixedClock::at_local(date, 18, 0, offset))
        }
        None => Arc::new(SystemClock),
    };
    // A named vault gets the rollback guard; the throwaway one leaves no record behind.
    let options = if parsed.get("vault").is_some() {
        crate::generation_store::open_options()
    } else {
        OpenOptions::default()
    };
    let profile =
        Profile::open_with_clock(&path, wrapper.as_ref(), options, clock).map_err(to_cli)?;
    let mut settings = Settings {
        level,
        locale,
        utc_offset_minutes: offset,
    };
    profile.set_settings(settings).map_err(to_cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = |_| CliError::Other("cannot write to the terminal".into());
    // Replay the sandbox year (ending today) as a phone would have seen it: a sync every
    // week, so the fraud engine scores each purchase when it is new, from the past only.
    let mut alerts: Vec<Reply> = Vec::new();
    for outcome in profile.replay_sandbox(seed).map_err(to_cli)? {
        alerts.extend(outcome.alerts);
    }
    let stored = profile
        .transactions(&tacit_core::TxnFilter::default())
        .map_err(to_cli)?
        .len();
    let today = local_date(profile.now(), offset);
    writeln!(out, "Tacit chat demo — sandbox bank (seed {seed}): a year of weekly syncs up to today ({today}, UTC{offset:+} min), {stored} transactions stored encrypted on this device.").map_err(io)?;
    writeln!(
        out,
        "The on-device fraud engine raised {} alert{} over the year.",
        alerts.len(),
        if alerts.len() == 1 { "" } else { "s" }
    )
    .map_err(io)?;
    writeln!(out, "Disclosure level: {}. Type a question (\"what's my balance?\"), /level full, /tap 1, /alerts, /ledger, /quit.", settings.level.as_str()).map_err(io)?;
    let latest = alerts.pop();
    if let Some(a) = &latest {
        writeln!(out, "\ntacit (latest alert)").map_err(io)?;
        print_reply(&mut out, a).map_err(io)?;
    }
    let mut last: Option<Reply> = latest;
    let stdin = std::io::stdin();
    loop {
        write!(out, "\nyou> ")
            .and_then(|_| out.flush())
            .map_err(io)?;
        let mut line = String::new();
        if stdin
            .lock()
            .read_line(&mut line)
            .map_err(|_| CliError::Other("cannot read input".into()))?
            == 0
        {
            break;
        }
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let result = if let Some(cmd) = text.strip_prefix('/') {
            let mut words = cmd.split_whitespace();
            match (words.next(), words.next()) {
                (Some("quit" | "exit"), _) => break,
                (Some("level"), Some(l)) => match DisclosureLevel::parse(l) {
                    Some(level) => {
                        settings.level = level;
                        profile.set_settings(settings).map_err(to_cli)?;
                        writeln!(out, "  platform may now see: {}", level.as_str()).map_err(io)?;
                        continue;
                    }
                    None => {
                        writeln!(out, "  levels: minimal, summary, full").map_err(io)?;
                        continue;
                    }
                },
                (Some("tap"), Some(n)) => {
                    let token = n.parse::<usize>().ok().and_then(|n| {
                        last.as_ref()?
                            .quick_replies
                            .get(n.checked_sub(1)?)
                            .map(|q| q.token.clone())
                    });
                    match token {
                        Some(t) => profile.on_quick_reply(&t, profile.now()),
                        None => {
                            writeln!(out, "  no such button").map_err(io)?;
                            continue;
                        }
                    }
                }
                (Some("alerts"), _) => {
                    for a in profile.open_alerts().map_err(to_cli)? {
                        writeln!(
                            out,
                            "  open alert: {} ({})",
                            a.reasons.join(", "),
                            a.explanations.join("; ")
                        )
                        .map_err(io)?;
                    }
                    continue;
                }
                (Some("ledger"), _) => {
                    let jsonl = profile.export_ledger().map_err(to_cli)?;
                    writeln!(
                        out,
                        "  what left this phone (chain verified, {} entries):",
                        jsonl.lines().count()
                    )
                    .map_err(io)?;
                    for l in jsonl.lines() {
                        writeln!(out, "  {l}").map_err(io)?;
                    }
                    continue;
                }
                _ => {
                    writeln!(out, "{HELP}").map_err(io)?;
                    continue;
                }
            }
        } else {
            profile.handle_message(text, profile.now())
        };
        match result {
            Ok(reply) => {
                print_reply(&mut out, &reply).map_err(io)?;
                last = Some(reply);
            }
            Err(e) => writeln!(out, "  (no reply: {e})").map_err(io)?,
        }
    }
    profile.close().map_err(to_cli)?;
    Ok(())
}

/// A `YYYY-MM-DD` day.
fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::new(year, month, day)
}

/// Maps a facade error to the CLI's.
pub fn to_cli(e: tacit_core::error::Error) -> CliError {
    match e {
        tacit_core::error::Error::Vault(v) => CliError::Vault(v),
        other => CliError::Other(other.to_string()),
    }
}
