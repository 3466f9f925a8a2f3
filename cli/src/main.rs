//! `tacit`: the command-line face of Tacit: chat demo, import, sync, evaluation, benchmarks
//! and audit. Every subcommand that opens a vault takes `--vault PATH` and reads the
//! passphrase from `TACIT_PASSPHRASE` or asks for it. Exit status: 0 success, 1 a typed error
//! (one line on stderr), 2 bad usage.

/// The CLI frees nothing unscrubbed either (see `tacit-scrub-alloc`).
#[global_allocator]
static ALLOCATOR: tacit_scrub_alloc::ScrubAlloc = tacit_scrub_alloc::ScrubAlloc;

mod bench_assistant;
mod bench_data;
mod bench_egress;
mod bench_scale;
mod bench_vault;
mod cmd_audit;
mod cmd_bench;
mod cmd_bench_fraud;
mod cmd_bench_ingest;
mod cmd_bridge;
mod cmd_chat;
mod cmd_classify;
mod cmd_eval_chat;
mod cmd_eval_fraud;
mod cmd_import;
mod cmd_score_fraud;
mod cmd_sync;
mod cmd_train_fraud;
mod cmd_train_intents;
mod cmd_vault;
mod common;
mod fraud_csv;
mod fraud_world;
mod generation_store;
mod import_report;
mod intent_train;

const HELP: &str = "tacit — private banking answers and fraud alerts, computed on the device

usage: tacit <command> [options]
  chat           [--vault PATH] [--level minimal|summary|full]   the chat demo on the sandbox bank
  import         --vault PATH [--account NAME] [--map SPEC|--preset NAME] FILE...   import statements (OFX/QFX, CSV, QIF, CAMT.053)
  sync           --vault PATH [--link] [--days N]   sync a SimpleFIN bank (progress on stderr)
  bridge         --sandbox [--port N]   the sandbox bank as a SimpleFIN bridge on 127.0.0.1 (HTTPS, test CA)
  audit          --vault PATH [--export FILE]   verify and export what left the phone
  vault          create | info | check | wipe  --vault PATH
  classify       [--today YYYY-MM-DD]   JSON lines {\"text\": ...} on stdin → {\"intent\", \"confidence\", \"slots\"}
  eval-chat      FILE   a conversation set through the sandbox bank: accuracy by kind
  train-intents  --data DIR --out FILE   (retrain the shipped intent model)
  score-fraud    CSV on stdin → txn_id,score,alert per row (no look-ahead)
  train-fraud    --data FILE [--data FILE2] --out MODEL   (retrain the shipped fraud model)
  eval-fraud     (--data TRAIN... | --model MODEL) --test FILE   (cross-world figures)
  gen-fraud-world --seed S --cards N --out FILE   (our own fraud-scenario world)
  bench          vault [--rows N] | ingest [--txns N] [--runs R] | fraud | assistant | scale [--sizes N,N,N]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{HELP}");
        std::process::exit(common::USAGE);
    };
    let status = match cmd.as_str() {
        "chat" => cmd_chat::run(rest),
        "import" => cmd_import::run(rest),
        "sync" => cmd_sync::run(rest),
        "bridge" => cmd_bridge::run(rest),
        "audit" => cmd_audit::run(rest),
        "vault" => cmd_vault::run(rest),
        "bench" => cmd_bench::run(rest),
        "classify" => cmd_classify::run(rest),
        "eval-chat" => cmd_eval_chat::run(rest),
        "train-intents" => cmd_train_intents::run(rest),
        "score-fraud" => cmd_score_fraud::run(rest),
        "train-fraud" => cmd_train_fraud::run(rest),
        "eval-fraud" => cmd_eval_fraud::run(rest),
        "gen-fraud-world" => fraud_world::run(rest),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            common::OK
        }
        other => common::usage(&format!("unknown command '{other}'"), HELP),
    };
    std::process::exit(status);
}
