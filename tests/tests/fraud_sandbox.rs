//! The fraud engine end to end on the sandbox bank: a year replayed as weekly syncs through
//! `Profile::ingest`, as the phone would see it. Every scripted fraud episode must raise
//! exactly one alert with the expected reason, the scripted price rise and trial conversion
//! must raise their heads-up alerts, and a normal year must raise few alerts that belong to no
//! scripted episode. A YES answer must teach the engine.

use std::collections::BTreeSet;
use tacit_core::alerts::{self, AlertRecord};
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::fraud::{AlertEvent, CardState, FraudEngine, FraudTxn, Reason};
use tacit_core::model::Category;
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::Locale;
use tacit_core::sources::sandbox::{EpisodeKind, SandboxBank, SandboxData};
use tacit_core::time::Date;
use tacit_core::vault::OpenOptions;

/// Seeds replayed.
const SEEDS: [u64; 7] = [2026, 1, 2, 3, 4, 5, 6];
/// Largest number of alerts per sandbox year that belong to no scripted episode.
const MAX_FALSE_ALERTS_PER_YEAR: usize = 3;

/// A replayed year: the profile, the generated data, the alerts, and whether any weekly
/// snapshot showed the trial's $1.00 verification hold (it is released after four days, so a
/// weekly sync sees it only when one falls inside those days; without it nobody can tell the
/// first paid charge is a trial turning paid).
struct Replay {
    _dir: tempfile::TempDir,
    profile: Profile,
    data: SandboxData,
    alerts: Vec<AlertRecord>,
    trial_hold_seen: bool,
}

fn replay(seed: u64) -> Replay {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    let data = SandboxBank::generate(seed, Date::new(2025, 11, 1).expect("date"), 12);
    p.set_home(data.home.0, data.home.1).expect("home");
    p.set_settings(Settings {
        level: DisclosureLevel::Minimal,
        locale: Locale::EnUs,
        utc_offset_minutes: data.offset_minutes,
    })
    .expect("settings");
    let now = data.end;
    let start = data
        .transactions
        .iter()
        .map(|t| t.transacted_at)
        .min()
        .unwrap_or(now);
    let mut at = start + 7 * 86_400;
    let mut trial_hold_seen = false;
    loop {
        let t = at.min(now);
        let batch = data.snapshot_at(t);
        trial_hold_seen |= batch
            .transactions
            .iter()
            .any(|x| x.merchant.as_deref() == Some("Hulu") && x.amount == -100);
        p.ingest(&batch, t).expect("ingest");
        if t == now {
            break;
        }
        at += 7 * 86_400;
    }
    let alerts = p.test_vault(|v| Ok(alerts::all(v)?)).expect("alerts");
    Replay {
        _dir: dir,
        profile: p,
        data,
        alerts,
        trial_hold_seen,
    }
}

/// The reason codes an alert for an episode of this kind must carry (any one of them).
fn expected_codes(kind: &EpisodeKind) -> &'static [&'static str] {
    match kind {
        EpisodeKind::CardTesting => &["card_testing"],
        EpisodeKind::DuplicateCharge => &["duplicate_charge"],
        // Online purchases located in another city: the far-from-home rule always fires.
        EpisodeKind::RemoteOnlineBurst => &["far_from_home"],
        EpisodeKind::SubscriptionPriceRise => &["recurring_increase"],
        EpisodeKind::TrialConversion => &["trial_to_paid"],
    }
}

struct Outcome {
    fraud_episodes: usize,
    heads_up_episodes: usize,
    problems: Vec<String>,
    trial_unseen: usize,
    false_alerts: Vec<Vec<String>>,
}

fn check_seed(seed: u64) -> Outcome {
    let r = replay(seed);
    let (data, records) = (&r.data, &r.alerts);
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut out = Outcome {
        fraud_episodes: 0,
        heads_up_episodes: 0,
        problems: Vec::new(),
        trial_unseen: 0,
        false_alerts: Vec::new(),
    };
    for ep in &data.episodes {
        let ids: BTreeSet<&str> = ep.txn_ids.iter().map(|t| t.0.as_str()).collect();
        // Alerts name the transaction they scored, which may be the pending form (another id)
        // of a scripted posted transaction: match by id, or by account and time.
        let times: Vec<i64> = data
            .transactions
            .iter()
            .filter(|t| ids.contains(t.id.0.as_str()))
            .map(|t| t.transacted_at)
            .collect();
        let (lo, hi) = (
            times.iter().min().copied().unwrap_or(i64::MAX),
            times.iter().max().copied().unwrap_or(i64::MIN),
        );
        let hits: Vec<&AlertRecord> = records
            .iter()
            .filter(|r| {
                r.txn_ids.iter().any(|t| ids.contains(t.as_str()))
                    || (r.account == ep.account.0
                        && r.first_txn_at >= lo.saturating_sub(3600)
                        && r.first_txn_at <= hi.saturating_add(60))
            })
            .collect();
        if ep.kind == EpisodeKind::TrialConversion && !r.trial_hold_seen && hits.is_empty() {
            out.trial_unseen += 1;
            continue;
        }
        if ep.kind.is_fraud() {
            out.fraud_episodes += 1;
        } else {
            out.heads_up_episodes += 1;
        }
        let [alert] = hits.as_slice() else {
            out.problems.push(format!(
                "{:?}: {} alerts instead of one",
                ep.kind,
                hits.len()
            ));
            continue;
        };
        let want = expected_codes(&ep.kind);
        if !alert.reasons.iter().any(|c| want.contains(&c.as_str())) {
            out.problems.push(format!(
                "{:?}: reasons {:?} lack {want:?}",
                ep.kind, alert.reasons
            ));
        }
        claimed.insert(alert.id.clone());
    }
    for r in records.iter().filter(|r| !claimed.contains(&r.id)) {
        out.false_alerts.push(r.reasons.clone());
    }
    out
}

#[test]
fn sandbox_years_alert_every_episode_and_few_false_alerts() {
    let mut total_false = 0;
    let mut problems = Vec::new();
    for seed in SEEDS {
        let o = check_seed(seed);
        eprintln!(
            "seed {seed}: {} fraud + {} heads-up episodes ({} trial hold never synced), problems {:?}, {} false alerts {:?}",
            o.fraud_episodes,
            o.heads_up_episodes,
            o.trial_unseen,
            o.problems,
            o.false_alerts.len(),
            o.false_alerts
        );
        if o.fraud_episodes == 0 {
            problems.push(format!("seed {seed}: no scripted fraud"));
        }
        problems.extend(o.problems.iter().map(|p| format!("seed {seed}: {p}")));
        if o.false_alerts.len() > MAX_FALSE_ALERTS_PER_YEAR {
            problems.push(format!(
                "seed {seed}: {} false alerts",
                o.false_alerts.len()
            ));
        }
        total_false += o.false_alerts.len();
    }
    eprintln!(
        "total false alerts over {} years: {total_false}",
        SEEDS.len()
    );
    assert!(problems.is_empty(), "{problems:?}");
}

fn far_online(ts: i64, cents: i64, merchant: &str) -> FraudTxn {
    FraudTxn {
        ts,
        amount_minor: cents,
        merchant: Some(merchant.to_string()),
        category: Some(Category::Shopping),
        mcc: None,
        card_present: Some(false),
        // About 1,200 km from home.
        lat_e6: Some(HOME.0 + 11_000_000),
        lon_e6: Some(HOME.1),
    }
}

const HOME: (i32, i32) = (40_700_000, -74_000_000);

/// YES ("that was me") teaches the engine: a later similar payment at that merchant scores
/// lower and opens no alert.
#[test]
fn yes_answer_lowers_the_next_similar_charge() {
    let engine = FraudEngine::new().expect("engine");
    let home = tacit_core::fraud::Profile {
        home_lat_e6: Some(HOME.0),
        home_lon_e6: Some(HOME.1),
    };
    let mut state = CardState::new();
    let t0 = 1_640_995_200; // 2022-01-01
    for d in 0..60i64 {
        let m = ["Grocer A", "Grocer B", "Cafe C"][(d % 3) as usize];
        let t = FraudTxn {
            ts: t0 + d * 86_400 + 12 * 3600,
            amount_minor: 3_500 + (d * 137) % 1_500,
            merchant: Some(m.to_string()),
            category: Some(Category::Groceries),
            mcc: None,
            card_present: Some(true),
            lat_e6: Some(HOME.0 + 10_000),
            lon_e6: Some(HOME.1 + 10_000),
        };
        engine.assess(&mut state, &t, &home, 0);
    }
    let t1 = t0 + 61 * 86_400 + 3 * 3600;
    let before = engine.assess(&mut state, &far_online(t1, 89_900, "ElectroMart"), &home, 1);
    let AlertEvent::Opened(alert) = before.event else {
        panic!("a large far-away online charge at a new merchant should open an alert");
    };
    assert!(alert.reasons.contains(&Reason::FarFromHome));
    engine
        .confirm_legit(&mut state, alert.episode)
        .expect("answer");
    let after = engine.assess(
        &mut state,
        &far_online(t1 + 3 * 86_400, 85_000, "ElectroMart"),
        &home,
        2,
    );
    assert!(
        after.score < before.score,
        "score {} should drop below {}",
        after.score,
        before.score
    );
    assert!(!matches!(after.event, AlertEvent::Opened(_)));
}

/// The same through the profile: answering the remote-burst alert YES is stored on the alert
/// and accepted by the engine.
#[test]
fn yes_answer_through_the_profile_is_recorded() {
    let r = replay(2026);
    let (p, records) = (&r.profile, &r.alerts);
    let alert = records
        .iter()
        .find(|r| r.reasons.iter().any(|c| c == "far_from_home"))
        .expect("remote burst alert");
    p.answer_alert(&alert.id, true, alert.created + 3600)
        .expect("answer");
    let after = p
        .test_vault(|v| Ok(alerts::get(v, &alert.id)?))
        .expect("get")
        .expect("stored");
    assert_ne!(after.status, alerts::AlertStatus::Open);
}
