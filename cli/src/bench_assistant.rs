//! `tacit bench assistant`: reply latency with a large vault. Builds a vault holding the
//! sandbox person's accounts plus `--txns` realistic transactions (default 100,000), then
//! times `handle_message` end to end (classify, slots, vault query, render twice, egress
//! guard, ledger write) over a mix of every answerable intent. Prints per-intent and
//! per-query percentiles (`intent_<name>_p50_us=`, `query_<i>_p99_us=`, in `MIX` order), the
//! load average and the write-ahead-log frames the replies wrote, and ends with
//! `reply_p50_us=` and `reply_p99_us=`.

use crate::cmd_chat::to_cli;
use crate::common::{Args, CliError};
use std::collections::BTreeMap;
use std::time::Instant;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::KekWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::profile::Profile;
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::time::Date;
use tacit_core::vault::OpenOptions;

const MIX: &[&str] = &[
    "what's my balance?",
    "how much did I spend on groceries last month?",
    "show my recent transactions",
    "what did I spend at Whole Foods this month",
    "transactions over $100 last week",
    "when is my credit card bill due",
    "what's the minimum payment on my card",
    "what's my credit limit",
    "what is my apr",
    "how much did I spend on dining this month",
    "is there any fraud on my account",
    "how much money is in checking",
    "what subscriptions do I have",
    "any refunds this month",
    "how much did I save last month",
    "when's my next paycheck",
    "how much do I owe on my credit card bill",
    "what is the interest rate on my card",
    "what is my routing number",
    "how much did I spend in march",
    "show my transactions at Whole Foods",
    "did I spend more than last month?",
    "which category did I spend the most on last month",
    "top 3 merchants this year",
    "how many times did I go to Starbucks last month",
    "show my last 5 transactions",
    "spending excluding rent last month",
    "how much have I spent since I got paid",
    "what about dining",
    "balance and due date",
    "what was my biggest purchase last month",
    "how much did I spend at zzyzx emporium in september",
    "how much will I spend next week",
    "amazon vs whole foods last month",
    "how much did I spend on groceries and dining this year",
    "how much do I spend a week on groceries",
    "any pending charges?",
    "how much did I spend between thanksgiving and christmas",
    "how much did I spend on gas last month",
    "how much was my electric bill in march",
    // Answers added by the fifteenth session: first charge, usual day, how often, a part of
    // the previous answer, a reference, a breakdown, a kind set.
    "when did i first go to starbucks",
    "when do i pay rent",
    "how often do i go to starbucks",
    "how many of those were whole foods",
    "how much did i spend there in total",
    "where does my money go",
    "total utilities last month",
    // Added by the sixteenth session: visits ranked, card payments, the savings rate, a
    // weekday inside a month.
    "which restaurant do i go to most often",
    "how much did i pay off on the card last month",
    "whats my savings rate",
    "how much on fridays in november",
];

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let n = parsed.number("txns", 100_000).map_err(CliError::Usage)? as usize;
    let rounds = parsed.number("rounds", 100).map_err(CliError::Usage)? as usize;
    let dir = tempfile::tempdir().map_err(|_| CliError::Other("no temporary folder".into()))?;
    let wrapper = KekWrapper::new(SecretKey::from_bytes([9; 32]));
    let profile = Profile::open(
        &dir.path().join("bench.db"),
        &wrapper,
        OpenOptions::default(),
    )
    .map_err(to_cli)?;
    let data = SandboxBank::generate(
        5,
        Date {
            year: 2025,
            month: 11,
            day: 1,
        },
        12,
    );
    let mut batch = data.batch();
    // Spread the extra transactions over the sandbox accounts, three years back from its end.
    let extra = crate::bench_data::transactions(n, data.end - 86_400, 3 * 365, 7);
    let accounts = batch.accounts.clone();
    for (i, mut t) in extra.into_iter().enumerate() {
        if let Some(a) = accounts.get(i % accounts.len()) {
            t.id = tacit_core::model::TxnId::scoped(&a.id, &format!("bench{i}"));
            t.account = a.id.clone();
            t.currency = a.currency;
        }
        batch.transactions.push(t);
    }
    let t = Instant::now();
    profile.ingest(&batch, data.end).map_err(to_cli)?;
    println!("vault_txns={}", batch.transactions.len());
    println!("ingest_s={:.3}", t.elapsed().as_secs_f64());
    profile
        .set_settings(Settings {
            level: DisclosureLevel::Summary,
            ..Settings::default()
        })
        .map_err(to_cli)?;
    // The intent model is parsed once per process, on first use.
    let t = Instant::now();
    tacit_core::intent::classify("hello");
    println!("intent_model_load_us={}", t.elapsed().as_micros());
    // The classifier alone (screening, language, model) on the mix, in nanoseconds.
    let mut classify_ns: Vec<u128> = Vec::with_capacity(rounds * MIX.len());
    for _ in 0..rounds {
        for q in MIX {
            let t = Instant::now();
            std::hint::black_box(tacit_core::intent::classify(q));
            classify_ns.push(t.elapsed().as_nanos());
        }
    }
    println!(
        "classify_p50_us={:.1}",
        percentile(&mut classify_ns, 0.50) as f64 / 1000.0
    );
    println!(
        "classify_p99_us={:.1}",
        percentile(&mut classify_ns, 0.99) as f64 / 1000.0
    );
    // What `tacit classify` prints: the model plus the assistant's standalone rules.
    let model = tacit_core::intent::IntentModel::builtin().ok();
    let ctx = tacit_core::intent::SlotContext::default();
    let today = tacit_core::time::local_date(data.end, 0);
    let mut understand_ns: Vec<u128> = Vec::with_capacity(rounds * MIX.len());
    for _ in 0..rounds {
        for q in MIX {
            let t = Instant::now();
            let u = tacit_core::assistant::understand::understand(model, q, today, &ctx);
            std::hint::black_box(u);
            understand_ns.push(t.elapsed().as_nanos());
        }
    }
    println!(
        "understand_p50_us={:.1}",
        percentile(&mut understand_ns, 0.50) as f64 / 1000.0
    );
    println!(
        "understand_p99_us={:.1}",
        percentile(&mut understand_ns, 0.99) as f64 / 1000.0
    );
    // The summary was rebuilt by the ingest (outside any reply); this is the first reply.
    let t = Instant::now();
    profile.handle_message(MIX[0], data.end).map_err(to_cli)?;
    println!("first_reply_after_sync_us={}", t.elapsed().as_micros());
    let load_before = loadavg();
    // Start the timed replies from a checkpointed log, as after a sync.
    profile.checkpoint().map_err(to_cli)?;
    let mut times: Vec<u128> = Vec::with_capacity(rounds * MIX.len());
    let mut by_intent: BTreeMap<&'static str, Vec<u128>> = BTreeMap::new();
    let mut by_query: Vec<Vec<u128>> = vec![Vec::with_capacity(rounds); MIX.len()];
    for _ in 0..rounds {
        for (qi, q) in MIX.iter().enumerate() {
            let t = Instant::now();
            let reply = profile.handle_message(q, data.end).map_err(to_cli)?;
            let us = t.elapsed().as_micros();
            times.push(us);
            if let Some(v) = by_query.get_mut(qi) {
                v.push(us);
            }
            by_intent.entry(reply.intent.as_str()).or_default().push(us);
        }
    }
    // Per-intent figures first, so that the overall ones stay the last two lines.
    for (intent, v) in &mut by_intent {
        println!("intent_{intent}_n={}", v.len());
        println!("intent_{intent}_p50_us={}", percentile(v, 0.50));
        println!("intent_{intent}_p99_us={}", percentile(v, 0.99));
        println!("intent_{intent}_max_us={}", percentile(v, 1.0));
    }
    for (qi, v) in by_query.iter_mut().enumerate() {
        println!("query_{qi}_p50_us={}", percentile(v, 0.50));
        println!("query_{qi}_p99_us={}", percentile(v, 0.99));
    }
    if let (Some(before), Some(after)) = (load_before, loadavg()) {
        println!("loadavg_1m_before={before}");
        println!("loadavg_1m_after={after}");
    }
    // Pages the replies wrote to the write-ahead log since the sync's checkpoint (the log
    // restarts from its beginning at the first write after a complete checkpoint).
    let (frames, _) = profile.checkpoint().map_err(to_cli)?;
    println!("wal_frames_after_replies={frames}");
    println!("replies={}", times.len());
    println!("reply_max_us={}", percentile(&mut times, 1.0));
    println!("reply_p50_us={}", percentile(&mut times, 0.50));
    println!("reply_p99_us={}", percentile(&mut times, 0.99));
    Ok(())
}

/// Nearest-rank percentile (`p` in 0..=1) of microsecond timings; 0 for none.
fn percentile(v: &mut [u128], p: f64) -> u128 {
    v.sort_unstable();
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0)
}

/// The one-minute load average (Linux), to note how busy the machine was.
fn loadavg() -> Option<String> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    s.split_whitespace().next().map(str::to_string)
}
