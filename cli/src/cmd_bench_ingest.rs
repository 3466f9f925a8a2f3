//! `tacit bench ingest`: how fast bank data gets into the vault. Prints `key=value` lines.
//!
//! - OFX: a realistic 100,000-transaction OFX 1.x file is generated in memory; first the
//!   parse alone is timed, then the whole import (parse, reconcile, fraud scoring, the vault
//!   write, the assistant's summary rebuild and the checkpoint) into a fresh vault each run.
//!   `ofx_import_txn_per_s` is the best of `--runs` complete imports, the usual estimator on
//!   a shared machine (noise only ever adds time); the median and every run are printed too.
//! - SimpleFIN: 100,000 transactions over HTTPS from the loopback server into a fresh vault.

use std::time::Instant;
use tacit_core::sources::ofx::{generate_ofx, import_ofx};

/// Result of one OFX parse timing.
#[derive(Debug, Clone, Copy)]
pub struct ParseRate {
    /// Transactions in the generated file.
    pub txns: usize,
    /// Size of the generated file in bytes.
    pub bytes: usize,
    /// Best wall-clock seconds over the runs (parse + normalise).
    pub secs: f64,
    /// Transactions per second at that time.
    pub txn_per_s: f64,
    /// CPU seconds of the process (all threads) for the best run, when the platform reports
    /// it (Linux). On a loaded machine this is the figure that reflects the code.
    pub cpu_secs: Option<f64>,
}

/// User + system CPU time of the whole process (every thread: a large list is read on two),
/// from `/proc/self/stat` (Linux only, clock-tick resolution, usually 10 ms).
fn process_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Generates an OFX file of `n_txns` transactions and times `import_ofx` on it, best of
/// `runs`.
pub fn ofx_parse_rate(n_txns: usize, runs: usize) -> Result<ParseRate, String> {
    let bytes = generate_ofx(n_txns, 42);
    let mut best = f64::INFINITY;
    let mut best_cpu: Option<f64> = None;
    for _ in 0..runs.max(1) {
        let cpu_start = process_cpu_secs();
        let start = Instant::now();
        let batch = import_ofx(&bytes).map_err(|e| e.to_string())?;
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_start, process_cpu_secs()) {
            best_cpu = Some(best_cpu.map_or(b - a, |c: f64| c.min(b - a)));
        }
        if batch.transactions.len() != n_txns {
            return Err("generated file did not import completely".into());
        }
    }
    let rate = ParseRate {
        txns: n_txns,
        bytes: bytes.len(),
        secs: best,
        txn_per_s: n_txns as f64 / best.max(1e-9),
        cpu_secs: best_cpu,
    };
    Ok(rate)
}

/// Entry point: `tacit bench ingest [--txns N] [--runs R]` (`R` parse-only runs and `R`
/// complete imports).
pub fn run(args: &[String]) -> i32 {
    let mut txns = 100_000usize;
    let mut runs = 3usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next().and_then(|v| v.parse::<usize>().ok());
        match (a.as_str(), value) {
            ("--txns", Some(v)) if v > 0 => txns = v,
            ("--runs", Some(v)) if v > 0 => runs = v,
            _ => {
                eprintln!("usage: tacit bench ingest [--txns N] [--runs R]");
                return 2;
            }
        }
    }
    match ofx_parse_rate(txns, runs) {
        Ok(r) => {
            println!("ofx_file_bytes={}", r.bytes);
            println!("ofx_txns={}", r.txns);
            println!("ofx_parse_secs={:.4}", r.secs);
            println!("ofx_parse_txn_per_s={:.0}", r.txn_per_s);
            if let Some(cpu) = r.cpu_secs.filter(|c| *c > 0.0) {
                println!("ofx_parse_cpu_secs={cpu:.3}");
                println!("ofx_parse_txn_per_cpu_s={:.0}", r.txns as f64 / cpu);
            }
            match end_to_end(txns, runs) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("bench ingest: {e}");
                    1
                }
            }
        }
        Err(e) => {
            eprintln!("bench ingest: {e}");
            1
        }
    }
}

fn open_profile(dir: &std::path::Path, name: &str) -> Result<tacit_core::profile::Profile, String> {
    let wrapper = tacit_core::crypto::wrap::KekWrapper::new(
        tacit_core::crypto::secret::SecretKey::from_bytes([3; 32]),
    );
    tacit_core::profile::Profile::open(
        &dir.join(name),
        &wrapper,
        tacit_core::vault::OpenOptions::default(),
    )
    .map_err(|e| e.to_string())
}

/// One complete OFX import into a fresh vault: seconds parsing, seconds storing.
fn import_once(dir: &std::path::Path, run: usize, bytes: &[u8]) -> Result<(f64, f64), String> {
    let profile = open_profile(dir, &format!("ofx-{run}.db"))?;
    let t = Instant::now();
    let batch = import_ofx(bytes).map_err(|e| e.to_string())?;
    let parse_secs = t.elapsed().as_secs_f64();
    let now = batch
        .transactions
        .iter()
        .map(|t| t.transacted_at)
        .max()
        .unwrap_or(0)
        + 86_400;
    let outcome = profile.ingest(&batch, now).map_err(|e| e.to_string())?;
    let total = t.elapsed().as_secs_f64();
    if outcome.report.changed != batch.transactions.len() {
        return Err("the import did not store every transaction".into());
    }
    drop(batch);
    profile.close().map_err(|e| e.to_string())?;
    Ok((parse_secs, total - parse_secs))
}

/// The full paths: OFX file → parse → reconcile → fraud scoring → vault (best of `runs`, each
/// into a fresh vault), and SimpleFIN over TLS from the loopback bridge → reconcile → fraud
/// scoring → vault.
fn end_to_end(txns: usize, runs: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let bytes = generate_ofx(txns, 42);
    let mut imports: Vec<(f64, f64)> = Vec::with_capacity(runs);
    for run in 0..runs.max(1) {
        imports.push(import_once(dir.path(), run, &bytes)?);
    }
    let total = |(p, s): &(f64, f64)| p + s;
    let listed: Vec<String> = imports
        .iter()
        .map(|r| format!("{:.0}", txns as f64 / total(r)))
        .collect();
    println!("ofx_import_runs_txn_per_s={}", listed.join(","));
    let mut totals: Vec<f64> = imports.iter().map(total).collect();
    totals.sort_by(f64::total_cmp);
    let median = totals.get(totals.len() / 2).copied().unwrap_or(f64::NAN);
    println!("ofx_import_median_txn_per_s={:.0}", txns as f64 / median);
    let best = imports
        .iter()
        .min_by(|a, b| total(a).total_cmp(&total(b)))
        .copied()
        .ok_or("no import ran")?;
    println!("ofx_import_best_parse_secs={:.4}", best.0);
    println!("ofx_import_best_store_secs={:.4}", best.1);
    let ofx_import_txn_per_s = txns as f64 / total(&best);

    let data = tacit_devbridge::synthetic::synthetic_data(txns, 4, 365, 1_780_000_000);
    let server = tacit_devbridge::server::SimpleFinServer::start(&data);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let client = tacit_core::sources::simplefin::SimpleFinClient::new(Default::default())
        .and_then(|c| c.with_extra_roots(&[server.ca_der()]))
        .map_err(|e| e.to_string())?;
    let profile = open_profile(dir.path(), "sync.db")?;
    rt.block_on(profile.link_simplefin(&client, &server.setup_token()))
        .map_err(|e| e.to_string())?;
    let cancel = tacit_core::sources::simplefin::CancelToken::new();
    let t = Instant::now();
    let outcome = rt
        .block_on(profile.sync(
            &client,
            366,
            &cancel,
            &tacit_core::sources::simplefin::NoProgress,
            1_780_000_000,
            true,
        ))
        .map_err(|e| e.to_string())?;
    let secs = t.elapsed().as_secs_f64();
    let received: usize = outcome.results.iter().map(|r| r.report.received).sum();
    let fetch = tacit_devbridge::synthetic::measure_sync_throughput(txns);
    println!("sync_fetch_only_txn_per_s={:.0}", fetch.txn_per_s);
    println!("sync_txns={received}");
    // The two target figures close the output.
    println!("ofx_import_txn_per_s={ofx_import_txn_per_s:.0}");
    println!("sync_txn_per_s={:.0}", received as f64 / secs.max(1e-9));
    Ok(())
}
