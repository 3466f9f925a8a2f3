//! `tacit bench scale`: how Tacit's cost grows with the length of a person's history.
//!
//! For each size (10k, 100k, 1M transactions by default) a history is generated at the same
//! rate (80 transactions a day on one checking account, so a longer history is the same person
//! over more years, ending on the same day) and written as one OFX file. Then, each phase in
//! its own child process (the binary re-run with the hidden `bench scale-child`), so that its
//! peak RSS (`VmHWM` from `/proc/self/status`) is that phase's alone:
//!
//! - `import`: the OFX file imported into a fresh vault (its peak RSS is `import_peak_rss_mib`),
//!   then 80 pending charges synced (not measured);
//! - `import-csv`: the same history as a CSV file (no header, a column mapping, as a bank
//!   export without one) imported into another fresh vault: `import_csv_peak_rss_mib`, since
//!   CSV, QIF and CAMT.053 are read in chunks too;
//! - `sync`: on a copy of that vault, one weekly sync: 150 new transactions and the 80 pending
//!   charges re-sent as posted, through `Profile::ingest` (reconcile, fraud, vault write,
//!   summary refresh, checkpoint): wall time and peak RSS;
//! - `reply`: the vault opened again and the first reply timed (the intent model is loaded
//!   before the clock starts, as it is once per process).
//!
//! Sync and reply run nine times (each on its own copy of the vault, flushed to disk before the
//! run), round robin over the sizes (run 1 of every size, then run 2, ...), so that a change in
//! the machine's load during the benchmark falls on every size alike instead of on the ratios;
//! medians and the per-run lists are printed, and each ratio's per-run list (`_runs`: the runs
//! taken at the same moment, paired). The sync's CPU time (`getrusage`, user + system) is
//! printed beside its wall time (`sync_cpu_1m_over_10k`), and so is the first reply's
//! (`first_reply_cpu_1m_over_10k`): wall time on a loaded machine is mostly waiting for a core
//! or an fsync, CPU time follows the work. `sync_1m_over_100k` is printed too: from 100k on
//! the id index is larger than a sync's batch, so that ratio shows the growth that remains (a
//! sync touches one index page per new id whatever the history's length).

use crate::common::{Args, CliError};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::KekWrapper;
use tacit_core::model::{Transaction, TxnId, TxnStatus};
use tacit_core::money::Currency;
use tacit_core::profile::Profile;
use tacit_core::sources::ImportBatch;
use tacit_core::time::{civil_from_days, days_from_civil, Timestamp, DAY};
use tacit_core::vault::OpenOptions;

/// Transactions a day in every history.
const PER_DAY: usize = 80;
/// Every history ends on this day (days since 1970-01-01 of 2030-06-01).
fn end_day() -> i64 {
    days_from_civil(2030, 6, 1)
}
/// Pending charges synced after the import, re-sent as posted by the weekly sync.
const PENDING: usize = 80;
/// New transactions in the weekly sync.
const NEW: usize = 150;
/// Runs of each measured phase.
const RUNS: usize = 9;

const MERCHANTS: &[(&str, &str, u16, u64)] = &[
    (
        "POS DEBIT STARBUCKS STORE ",
        "STARBUCKS SEATTLE WA",
        5814,
        12,
    ),
    ("WHOLEFDS MKT #", "WHOLE FOODS MARKET", 5411, 6),
    ("SHELL OIL ", "FUEL PURCHASE", 5541, 8),
    ("AMAZON MKTPLACE PMTS", "AMZN.COM/BILL WA", 5942, 0),
    ("NETFLIX.COM", "RECURRING PAYMENT", 4899, 0),
    ("CHECKCARD CVS/PHARMACY #", "CVS PHARMACY", 5912, 5),
    ("UBER TRIP HELP.UBER.COM", "UBER", 4121, 0),
    ("PAYROLL ACME CORP", "DIRECT DEPOSIT", 0, 0),
    ("TRADER JOE S #", "GROCERY", 5411, 4),
    ("COMCAST CABLE", "ONLINE PMT", 4899, 0),
    ("CHIPOTLE ", "RESTAURANT", 5814, 6),
    ("TARGET ", "RETAIL", 5310, 5),
];

fn key() -> KekWrapper {
    KekWrapper::new(SecretKey::from_bytes([5; 32]))
}

fn open(path: &Path) -> Result<Profile, CliError> {
    Profile::open(path, &key(), OpenOptions::default()).map_err(crate::cmd_chat::to_cli)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Writes the OFX 1.x statement of an `n`-transaction history ending the day before
/// [`end_day`], streamed to `path` (the generator holds one transaction at a time).
fn write_history(path: &Path, n: usize) -> Result<(), CliError> {
    let io = |_| CliError::Other("cannot write the history file".into());
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    let days = n.div_ceil(PER_DAY) as i64;
    let first = end_day() - days;
    let (s, e) = (civil_from_days(first), civil_from_days(end_day()));
    write!(
        f,
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
         CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
         <OFX>\r\n<SIGNONMSGSRSV1>\r\n<SONRS>\r\n<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n\
         <DTSERVER>{:04}{:02}{:02}\r\n<LANGUAGE>ENG\r\n</SONRS>\r\n</SIGNONMSGSRSV1>\r\n\
         <BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1\r\n<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n\
         <STMTRS>\r\n<CURDEF>USD\r\n<BANKACCTFROM>\r\n<BANKID>021000021\r\n<ACCTID>000555000111\r\n\
         <ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n<DTSTART>{:04}{:02}{:02}\r\n<DTEND>{:04}{:02}{:02}\r\n",
        e.year, e.month, e.day, s.year, s.month, s.day, e.year, e.month, e.day
    )
    .map_err(io)?;
    let mut rng = Rng(n as u64);
    let mut total: i64 = 0;
    for i in 0..n {
        let r = rng.next();
        let (name, memo, sic, variety) = MERCHANTS[(r % MERCHANTS.len() as u64) as usize];
        let number = if variety > 0 {
            format!("{:04}", (r >> 8) % variety)
        } else {
            String::new()
        };
        let cents = ((r >> 20) % 25_000) as i64 + 1;
        let amount = if sic == 0 { cents * 40 } else { -cents };
        total += amount;
        let d = civil_from_days(first + (i / PER_DAY) as i64);
        let secs = (r >> 40) % 86_400;
        let whole = amount.abs() / 100;
        let sign = if amount < 0 { "-" } else { "" };
        write!(
            f,
            "<STMTTRN>\r\n<TRNTYPE>{}\r\n<DTPOSTED>{:04}{:02}{:02}{:02}{:02}{:02}\r\n<TRNAMT>{sign}{whole}.{:02}\r\n\
             <FITID>H{i:09}\r\n<NAME>{name}{number}\r\n<MEMO>{memo}\r\n</STMTTRN>\r\n",
            if amount < 0 { "DEBIT" } else { "CREDIT" },
            d.year,
            d.month,
            d.day,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            amount.abs() % 100,
        )
        .map_err(io)?;
    }
    let whole = total.abs() / 100;
    let sign = if total < 0 { "-" } else { "" };
    write!(
        f,
        "</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>{sign}{whole}.{:02}\r\n<DTASOF>{:04}{:02}{:02}\r\n</LEDGERBAL>\r\n\
         </STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n",
        total.abs() % 100,
        e.year,
        e.month,
        e.day
    )
    .map_err(io)?;
    f.flush().map_err(io)
}

/// Writes the same `n`-transaction history as [`write_history`] as a CSV file without a
/// header (`date,description,amount`, read with the mapping [`CSV_MAP`]).
fn write_history_csv(path: &Path, n: usize) -> Result<(), CliError> {
    let io = |_| CliError::Other("cannot write the history file".into());
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    let first = end_day() - n.div_ceil(PER_DAY) as i64;
    let mut rng = Rng(n as u64);
    for i in 0..n {
        let r = rng.next();
        let (name, _, sic, variety) = MERCHANTS[(r % MERCHANTS.len() as u64) as usize];
        let number = if variety > 0 {
            format!("{:04}", (r >> 8) % variety)
        } else {
            String::new()
        };
        let cents = ((r >> 20) % 25_000) as i64 + 1;
        let amount = if sic == 0 { cents * 40 } else { -cents };
        let d = civil_from_days(first + (i / PER_DAY) as i64);
        let sign = if amount < 0 { "-" } else { "" };
        writeln!(
            f,
            "{:04}-{:02}-{:02},{name}{number},{sign}{}.{:02}",
            d.year,
            d.month,
            d.day,
            amount.abs() / 100,
            amount.abs() % 100
        )
        .map_err(io)?;
    }
    f.flush().map_err(io)
}

/// The column mapping of [`write_history_csv`]'s file.
const CSV_MAP: &str = "date=0,description=1,amount=2";

/// The weekly sync's transactions on the history's account: `PENDING` charges of the last
/// days (pending, or re-sent as posted) and, when `new`, `NEW` new ones of the week after.
fn sync_batch(profile: &Profile, posted: bool, new: bool) -> Result<ImportBatch, CliError> {
    let account = profile
        .accounts()
        .map_err(crate::cmd_chat::to_cli)?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::Other("the history has no account".into()))?;
    let end = end_day() * DAY;
    let txn = |id: String, at: Timestamp, amount: i64, status: TxnStatus| Transaction {
        id: TxnId::scoped(&account.id, &id),
        account: account.id.clone(),
        amount,
        currency: Currency::USD,
        status,
        transacted_at: at,
        posted_at: (status == TxnStatus::Posted).then_some(at + DAY),
        description: "POS DEBIT BLUE BOTTLE COFFEE".into(),
        merchant: Some("Blue Bottle Coffee".into()),
        mcc: Some(5814),
        category: None,
        location: None,
        card_present: Some(true),
        pending_link: None,
    };
    let status = if posted {
        TxnStatus::Posted
    } else {
        TxnStatus::Pending
    };
    let mut transactions: Vec<Transaction> = (0..PENDING)
        .map(|i| {
            let at = end + (i as i64 * 3 * DAY) / PENDING as i64;
            txn(format!("P{i}"), at, -450 - i as i64, status)
        })
        .collect();
    if new {
        transactions.extend((0..NEW).map(|i| {
            let at = end + 3 * DAY + (i as i64 * 4 * DAY) / NEW as i64;
            txn(format!("N{i}"), at, -1_200 - i as i64, TxnStatus::Posted)
        }));
    }
    Ok(ImportBatch {
        source: Some(account.source.clone()),
        accounts: vec![account],
        transactions,
        deletions: Vec::new(),
        account_issues: Vec::new(),
    })
}

/// This process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time this process has used so far (user and system, every thread), in ms: unlike the
/// wall time it does not count waiting for a core or for the disk, so under load it follows
/// the work done.
fn cpu_time_ms() -> f64 {
    // SAFETY: `getrusage` only writes the `rusage` it is given, which lives for the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// The hidden child: `bench scale-child import|sync|reply --vault PATH [--file OFX]`.
pub fn child(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let phase = parsed.positional.first().map(String::as_str).unwrap_or("");
    let vault = PathBuf::from(parsed.get("vault").unwrap_or("bench.db"));
    let now = (end_day() + 8) * DAY;
    let cli = crate::cmd_chat::to_cli;
    match phase {
        "import" => {
            let file = parsed.get("file").unwrap_or("history.ofx");
            let profile = open(&vault)?;
            let t = Instant::now();
            let bytes = std::fs::read(file)
                .map_err(|_| CliError::Other("cannot read the history file".into()))?;
            let outcome = profile.import_statement(&bytes, now).map_err(cli)?;
            drop(bytes);
            println!("import_ms={:.1}", t.elapsed().as_secs_f64() * 1e3);
            println!("import_peak_rss_kib={}", peak_rss_kib());
            println!("imported={}", outcome.report.reconcile.inserted);
            profile
                .ingest(&sync_batch(&profile, false, false)?, now - 7 * DAY)
                .map_err(cli)?;
            profile.close().map_err(cli)?;
        }
        "import-csv" => {
            let file = parsed.get("file").unwrap_or("history.csv");
            let profile = open(&vault)?;
            let t = Instant::now();
            let bytes = std::fs::read(file)
                .map_err(|_| CliError::Other("cannot read the history file".into()))?;
            let options = tacit_core::sources::statement::StatementOptions {
                account: Some("Checking".into()),
                csv_map: Some(CSV_MAP.into()),
                ..Default::default()
            };
            let outcome = profile
                .import_statement_with(&bytes, &options, now)
                .map_err(cli)?;
            drop(bytes);
            println!("import_ms={:.1}", t.elapsed().as_secs_f64() * 1e3);
            println!("import_peak_rss_kib={}", peak_rss_kib());
            println!("imported={}", outcome.report.reconcile.inserted);
            profile.close().map_err(cli)?;
        }
        "sync" => {
            let profile = open(&vault)?;
            let batch = sync_batch(&profile, true, true)?;
            let (t, cpu) = (Instant::now(), cpu_time_ms());
            let outcome = profile.ingest(&batch, now).map_err(cli)?;
            println!("sync_ms={:.3}", t.elapsed().as_secs_f64() * 1e3);
            println!("sync_cpu_ms={:.3}", cpu_time_ms() - cpu);
            println!("sync_peak_rss_kib={}", peak_rss_kib());
            println!("sync_changed={}", outcome.report.changed);
            profile.close().map_err(cli)?;
        }
        "reply" => {
            let profile = open(&vault)?;
            tacit_core::intent::classify("hello");
            let (t, cpu) = (Instant::now(), cpu_time_ms());
            profile
                .handle_message("how much did I spend last month?", now)
                .map_err(cli)?;
            println!("first_reply_ms={:.3}", t.elapsed().as_secs_f64() * 1e3);
            println!("first_reply_cpu_ms={:.3}", cpu_time_ms() - cpu);
            profile.close().map_err(cli)?;
        }
        _ => {
            return Err(CliError::Usage(
                "scale-child import|import-csv|sync|reply".into(),
            ))
        }
    }
    Ok(())
}

/// Runs the child for `phase` and returns its `key=value` lines.
fn run_child(
    phase: &str,
    vault: &Path,
    file: Option<&Path>,
) -> Result<Vec<(String, f64)>, CliError> {
    let exe = std::env::current_exe().map_err(|_| CliError::Other("no executable path".into()))?;
    let mut cmd = Command::new(exe);
    cmd.args(["bench", "scale-child", phase, "--vault"])
        .arg(vault);
    if let Some(f) = file {
        cmd.arg("--file").arg(f);
    }
    let out = cmd
        .output()
        .map_err(|_| CliError::Other("cannot start the child".into()))?;
    if !out.status.success() {
        return Err(CliError::Other(format!(
            "bench scale-child {phase} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect())
}

fn value(lines: &[(String, f64)], key: &str) -> Result<f64, CliError> {
    lines
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
        .ok_or_else(|| CliError::Other(format!("the child printed no {key}")))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// What one size's base vault measured at import.
struct Imported {
    n: usize,
    base: PathBuf,
    import_rss_mib: f64,
    import_csv_rss_mib: f64,
}

/// Copies the base vault for one run and flushes the copy to disk: otherwise the sync's first
/// fsync would write out the whole copy (118 MB at 1M transactions), which is the benchmark's
/// own doing, not the sync's.
fn copy_vault(from: &Path, to: &Path) -> Result<(), CliError> {
    let err = |_| CliError::Other("cannot copy the vault".into());
    std::fs::copy(from, to).map_err(err)?;
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(err)?;
    Ok(())
}

fn remove_vault(path: &Path) {
    for p in [
        path.to_path_buf(),
        PathBuf::from(format!("{}-wal", path.display())),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

/// Generates the `n`-transaction history, imports it as OFX (the base vault, kept for the
/// runs) and as CSV (peak RSS only), and prints the import figures.
fn prepare(dir: &Path, n: usize) -> Result<Imported, CliError> {
    let file = dir.join(format!("h{n}.ofx"));
    let base = dir.join(format!("h{n}.db"));
    write_history(&file, n)?;
    let import = run_child("import", &base, Some(&file))?;
    let _ = std::fs::remove_file(&file);
    let import_rss_mib = value(&import, "import_peak_rss_kib")? / 1024.0;
    println!("n{n}_import_ms={:.0}", value(&import, "import_ms")?);
    println!("n{n}_import_peak_rss_mib={import_rss_mib:.1}");
    let csv = dir.join(format!("h{n}.csv"));
    let csv_vault = dir.join(format!("h{n}-csv.db"));
    write_history_csv(&csv, n)?;
    let import_csv = run_child("import-csv", &csv_vault, Some(&csv))?;
    let _ = std::fs::remove_file(&csv);
    remove_vault(&csv_vault);
    let import_csv_rss_mib = value(&import_csv, "import_peak_rss_kib")? / 1024.0;
    println!("n{n}_import_csv_ms={:.0}", value(&import_csv, "import_ms")?);
    println!("n{n}_import_csv_peak_rss_mib={import_csv_rss_mib:.1}");
    if value(&import_csv, "imported")? as usize != n {
        return Err(CliError::Other(
            "the CSV history did not import whole".into(),
        ));
    }
    Ok(Imported {
        n,
        base,
        import_rss_mib,
        import_csv_rss_mib,
    })
}

/// One size's sync and first-reply runs, in run order.
#[derive(Default)]
struct Runs {
    sync_ms: Vec<f64>,
    sync_cpu_ms: Vec<f64>,
    sync_rss_mib: Vec<f64>,
    reply_ms: Vec<f64>,
    reply_cpu_ms: Vec<f64>,
}

/// One run at one size: a fresh copy of the base vault, its sync, then the first reply.
fn run_once(dir: &Path, size: &Imported, run: usize, into: &mut Runs) -> Result<(), CliError> {
    let copy = dir.join(format!("h{}-{run}.db", size.n));
    copy_vault(&size.base, &copy)?;
    let s = run_child("sync", &copy, None)?;
    let r = run_child("reply", &copy, None)?;
    into.sync_ms.push(value(&s, "sync_ms")?);
    into.sync_cpu_ms.push(value(&s, "sync_cpu_ms")?);
    into.sync_rss_mib
        .push(value(&s, "sync_peak_rss_kib")? / 1024.0);
    into.reply_ms.push(value(&r, "first_reply_ms")?);
    into.reply_cpu_ms.push(value(&r, "first_reply_cpu_ms")?);
    remove_vault(&copy);
    Ok(())
}

fn list(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{x:.2}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Prints one size's runs and medians; returns the median sync peak RSS.
fn report(n: usize, runs: &Runs) -> f64 {
    println!("n{n}_sync_runs_ms={}", list(&runs.sync_ms));
    println!("n{n}_sync_cpu_runs_ms={}", list(&runs.sync_cpu_ms));
    println!("n{n}_first_reply_runs_ms={}", list(&runs.reply_ms));
    println!("n{n}_first_reply_cpu_runs_ms={}", list(&runs.reply_cpu_ms));
    let rss = median(runs.sync_rss_mib.clone());
    println!("n{n}_sync_ms={:.2}", median(runs.sync_ms.clone()));
    println!("n{n}_sync_cpu_ms={:.2}", median(runs.sync_cpu_ms.clone()));
    println!("n{n}_sync_peak_rss_mib={rss:.1}");
    println!("n{n}_first_reply_ms={:.2}", median(runs.reply_ms.clone()));
    println!(
        "n{n}_first_reply_cpu_ms={:.2}",
        median(runs.reply_cpu_ms.clone())
    );
    rss
}

fn tag(n: usize) -> String {
    match n {
        1_000_000 => "1m".to_string(),
        100_000 => "100k".to_string(),
        10_000 => "10k".to_string(),
        n => n.to_string(),
    }
}

/// The ratio of the medians, and the ratio of each run's pair (taken at the same moment).
fn ratio(name: &str, large: &[f64], small: &[f64]) {
    let per_run: Vec<f64> = large
        .iter()
        .zip(small)
        .map(|(l, s)| l / s.max(1e-9))
        .collect();
    println!(
        "{name}={:.2}",
        median(large.to_vec()) / median(small.to_vec()).max(1e-9)
    );
    println!("{name}_runs={}", list(&per_run));
}

/// Runs the benchmark: `tacit bench scale [--sizes 10000,100000,1000000]`.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let parsed = Args::parse(args, &[]).map_err(CliError::Usage)?;
    let sizes: Vec<usize> = parsed
        .get("sizes")
        .unwrap_or("10000,100000,1000000")
        .split(',')
        .map(|s| s.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| CliError::Usage("--sizes: numbers separated by commas".into()))?;
    let dir = tempfile::tempdir().map_err(|_| CliError::Other("no temporary folder".into()))?;
    // `--keep DIR`: work in DIR and leave the base vaults there (to profile a phase alone).
    let keep = parsed.get("keep").map(PathBuf::from);
    let work = keep.as_deref().unwrap_or(dir.path());
    println!("per_day={PER_DAY}");
    let mut sizes_done = Vec::new();
    for &n in &sizes {
        sizes_done.push(prepare(work, n)?);
    }
    // Round robin: run `r` of every size before run `r + 1` of any, so that the machine's
    // load drifting during the benchmark lands on every size alike, not in the ratios.
    let mut runs: Vec<Runs> = sizes_done.iter().map(|_| Runs::default()).collect();
    for run in 0..RUNS {
        for (size, into) in sizes_done.iter().zip(runs.iter_mut()) {
            run_once(work, size, run, into)?;
        }
    }
    let sync_rss: Vec<f64> = sizes_done
        .iter()
        .zip(&runs)
        .map(|(size, r)| report(size.n, r))
        .collect();
    if keep.is_none() {
        for size in &sizes_done {
            let _ = std::fs::remove_file(&size.base);
        }
    }
    let (Some(lo), Some(hi)) = (sizes_done.first(), sizes_done.last()) else {
        return Ok(());
    };
    let (Some(small), Some(large)) = (runs.first(), runs.last()) else {
        return Ok(());
    };
    let (lt, ht) = (tag(lo.n), tag(hi.n));
    ratio(
        &format!("sync_{ht}_over_{lt}"),
        &large.sync_ms,
        &small.sync_ms,
    );
    ratio(
        &format!("sync_cpu_{ht}_over_{lt}"),
        &large.sync_cpu_ms,
        &small.sync_cpu_ms,
    );
    ratio(
        &format!("first_reply_{ht}_over_{lt}"),
        &large.reply_ms,
        &small.reply_ms,
    );
    ratio(
        &format!("first_reply_cpu_{ht}_over_{lt}"),
        &large.reply_cpu_ms,
        &small.reply_cpu_ms,
    );
    if hi.n != 100_000 {
        if let Some(mid) = sizes_done
            .iter()
            .zip(&runs)
            .find(|(s, _)| s.n == 100_000)
            .map(|(_, r)| r)
        {
            ratio(
                &format!("sync_{ht}_over_100k"),
                &large.sync_ms,
                &mid.sync_ms,
            );
        }
    }
    println!(
        "sync_peak_rss_{ht}_mib={:.1}",
        sync_rss.last().copied().unwrap_or(0.0)
    );
    println!("import_peak_rss_{ht}_mib={:.1}", hi.import_rss_mib);
    println!("import_peak_rss_{ht}_csv_mib={:.1}", hi.import_csv_rss_mib);
    Ok(())
}
