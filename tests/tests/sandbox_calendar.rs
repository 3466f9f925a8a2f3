//! The sandbox year ends on whatever day the profile's clock says, and the answers follow it.
//!
//! For calendar edges (29 February, the day before and after it, 31 December, 1 January, a
//! month end, the days clocks change) and several UTC offsets, a profile whose clock is pinned
//! to that day (one clock seam: `Profile::open_with_clock`) replays the sandbox year as weekly
//! syncs, and a second profile syncs the same bank over real HTTPS from the loopback SimpleFIN
//! bridge. Both must then answer: balances (the bank's own figures), recent transactions (the
//! last days' activity), this month's spending (checked against a direct computation over the
//! stored transactions), and the replay must have raised fraud alerts, one of them current.
//! No test here reads the real clock.

use std::sync::Arc;
use std::time::Duration;
use tacit_core::assistant::{Reply, Settings};
use tacit_core::clock::{Clock, FixedClock};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{AccountKind, Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::Locale;
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::sources::simplefin::{CancelToken, NoProgress, SimpleFinClient, SimpleFinConfig};
use tacit_core::time::{local_date, Date, Timestamp, DAY};
use tacit_core::vault::{OpenOptions, TxnFilter};
use tacit_tests::simplefin_server::{ServerData, SimpleFinServer};

/// A day, the profile's UTC offset on it, and the hour (local) the clock shows.
struct Case {
    day: Date,
    offset: i32,
    hour: u32,
}

fn case(y: i32, m: u32, d: u32, offset: i32, hour: u32) -> Case {
    Case {
        day: Date::new(y, m, d).expect("valid day"),
        offset,
        hour,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(2028, 2, 29, -300, 15),
        case(2028, 2, 28, 60, 9),
        case(2028, 3, 1, 0, 23),
        case(2026, 12, 31, -480, 22),
        case(2027, 1, 1, 330, 1),
        case(2026, 11, 30, 0, 12),
        // US daylight saving starts (EST -300 to EDT -240) and EU's ends (CEST 120 to CET 60).
        case(2026, 3, 8, -300, 3),
        case(2026, 10, 25, 120, 16),
    ]
}

fn open(dir: &std::path::Path, name: &str, clock: Arc<FixedClock>, offset: i32) -> Profile {
    let w = TestKeyWrapper::new(SecretKey::from_bytes([4; 32]));
    let p = Profile::open_with_clock(&dir.join(name), &w, OpenOptions::default(), clock)
        .expect("open profile");
    p.set_settings(Settings {
        level: DisclosureLevel::Minimal,
        locale: Locale::EnUs,
        utc_offset_minutes: offset,
    })
    .expect("settings");
    p
}

/// Every `$1,234.56` figure in a text, in cents (a leading `-` makes it negative).
fn dollar_figures(text: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('$') {
        let negative = text[..i].ends_with('-');
        let digits: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .filter(|c| *c != ',')
            .collect();
        let digits = digits.trim_end_matches('.');
        let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
        if let (Ok(w), Ok(c)) = (whole.parse::<i64>(), cents.parse::<i64>()) {
            let v = w * 100 + c;
            out.push(if negative { -v } else { v });
        }
    }
    out
}

fn stored(p: &Profile) -> Vec<Transaction> {
    p.test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
        .expect("read transactions")
}

/// This month's spending computed directly from the stored transactions: outflows (and
/// refunds) of this local month, without transfers, income or pending credits.
fn month_spending(p: &Profile, now: Timestamp, offset: i32) -> i64 {
    let today = local_date(now, offset);
    let from = today.first_of_month().start_ts(offset);
    stored(p)
        .iter()
        .filter(|t| t.transacted_at >= from && t.transacted_at <= now)
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .filter(|t| !(t.status == TxnStatus::Pending && t.amount > 0))
        .map(|t| -t.amount)
        .sum()
}

fn ask(p: &Profile, text: &str) -> Reply {
    p.handle_message(text, p.now()).expect("reply")
}

/// The sync-then-chat checks on a profile holding the sandbox year that ends today.
fn check_answers(p: &Profile, label: &str, offset: i32) {
    let now = p.now();
    // Balances: the checking account's current balance, as the bank reported it.
    let accounts = p.test_vault(|v| Ok(v.accounts()?)).expect("accounts");
    let checking = accounts
        .iter()
        .find(|a| a.kind == AccountKind::Checking)
        .expect("a checking account");
    let current = checking.balance.expect("checking balance").minor;
    let balance = ask(p, "what's my balance?");
    assert!(
        dollar_figures(&balance.local_text).contains(&current),
        "{label}: balance reply lacks {current}: {}",
        balance.local_text
    );
    // Recent transactions: the last days' activity is there.
    let recent_stored = stored(p)
        .iter()
        .filter(|t| t.transacted_at > now - 7 * DAY && t.transacted_at <= now)
        .count();
    assert!(
        recent_stored >= 3,
        "{label}: {recent_stored} in the last week"
    );
    let recent = ask(p, "show my recent transactions");
    assert!(
        recent.local_text.lines().count() >= 3,
        "{label}: recent transactions: {}",
        recent.local_text
    );
    // This month's spending, whatever day of the month it is.
    let expected = month_spending(p, now, offset);
    let spent = ask(p, "how much did I spend this month?");
    // Net refunds are said in words ("Refunds came to $X more than you spent"), not as a
    // negative figure.
    let shown = if expected < 0 {
        assert!(
            spent.local_text.starts_with("Refunds came to"),
            "{label}: net refunds: {}",
            spent.local_text
        );
        -expected
    } else {
        expected
    };
    assert!(
        dollar_figures(&spent.local_text).first() == Some(&shown),
        "{label}: this month's spending should be {expected}: {}",
        spent.local_text
    );
}

#[test]
fn the_sandbox_year_ends_today_on_every_calendar_edge() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, c) in cases().iter().enumerate() {
        let label = format!("{:?} at UTC{:+} min", c.day, c.offset);
        let clock = Arc::new(FixedClock::at_local(c.day, c.hour, 7, c.offset));
        let p = open(
            dir.path(),
            &format!("replay{i}.db"),
            clock.clone(),
            c.offset,
        );
        assert_eq!(p.today().expect("today"), c.day);
        let syncs = p.replay_sandbox(40 + i as u64).expect("replay");
        let alerts: Vec<&Reply> = syncs.iter().flat_map(|s| s.alerts.iter()).collect();
        assert!(alerts.len() >= 3, "{label}: {} alerts", alerts.len());
        // The last week's planted episode raised an alert that is still open and current.
        let open = p.open_alerts().expect("open alerts");
        let newest = open.iter().map(|a| a.created).max().unwrap_or(0);
        assert!(
            newest > clock.now() - 10 * DAY,
            "{label}: no alert raised in the last ten days"
        );
        check_answers(&p, &format!("replay {label}"), c.offset);
        p.close().expect("close");
    }
}

#[test]
fn a_simplefin_sync_of_the_sandbox_ending_today_answers_on_every_calendar_edge() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, c) in cases().iter().enumerate() {
        let label = format!("{:?} at UTC{:+} min", c.day, c.offset);
        let clock = Arc::new(FixedClock::at_local(c.day, c.hour, 7, c.offset));
        let data = SandboxBank::year_ending(60 + i as u64, c.day, c.offset);
        let served = data.snapshot_at(clock.now());
        let server = SimpleFinServer::start(&ServerData {
            accounts: served.accounts,
            transactions: served.transactions,
        });
        let client = SimpleFinClient::new(SimpleFinConfig {
            backoff_base: Duration::from_millis(10),
            backoff_max: Duration::from_millis(40),
            ..SimpleFinConfig::default()
        })
        .expect("client")
        .with_extra_roots(&[server.ca_der()])
        .expect("roots");
        let p = open(dir.path(), &format!("sync{i}.db"), clock, c.offset);
        rt.block_on(p.link_simplefin(&client, &server.setup_token()))
            .expect("link");
        let outcome = rt
            .block_on(p.sync(
                &client,
                400,
                &CancelToken::new(),
                &NoProgress,
                p.now(),
                true,
            ))
            .expect("sync");
        assert!(outcome.failures.is_empty(), "{label}: sync failures");
        check_answers(&p, &format!("sync {label}"), c.offset);
        p.close().expect("close");
    }
}

#[test]
fn answers_follow_a_daylight_saving_change_of_the_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The night US clocks go forward: the phone's offset moves from -300 to -240.
    let day = Date::new(2026, 3, 8).expect("day");
    let clock = Arc::new(FixedClock::at_local(day, 1, 30, -300));
    let p = open(dir.path(), "dst.db", clock.clone(), -300);
    p.replay_sandbox(12).expect("replay");
    check_answers(&p, "before the change", -300);
    clock.advance(2 * 3600);
    let mut s = p.settings().expect("settings");
    s.utc_offset_minutes = -240;
    p.set_settings(s).expect("new offset");
    assert_eq!(p.today().expect("today"), day);
    check_answers(&p, "after the change", -240);
}
