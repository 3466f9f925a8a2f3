//! `tacit`: the command-line face of Tacit: chat demo, import, sync, evaluation, benchmarks
//! and audit. Every subcommand that opens a vault takes `--vault PATH` and reads the
//! passphrase from `TACIT_PASSPHRASE` or asks for it. Exit status: 0 success, 1 a typed error
//! (one line on stderr), 2 bad usage.

mod bench_data;
mod bench_vault;
mod cmd_bench;
mod cmd_bench_ingest;
mod cmd_classify;
mod cmd_train_intents;
mod cmd_vault;
mod common;
mod intent_train;

const HELP: &str = "tacit — private banking answers and fraud alerts, computed on the device

usage: tacit <command> [options]
  vault          create | info | check | wipe  --vault PATH
  classify       JSON lines {\"text\": ...} on stdin → {\"intent\": ..., \"confidence\": ...}
  train-intents  --data DIR --out FILE   (retrain the shipped intent model)
  bench          vault [--rows N] | ingest [--txns N] [--runs R]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{HELP}");
        std::process::exit(common::USAGE);
    };
    let status = match cmd.as_str() {
        "vault" => cmd_vault::run(rest),
        "bench" => cmd_bench::run(rest),
        "classify" => cmd_classify::run(rest),
        "train-intents" => cmd_train_intents::run(rest),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            common::OK
        }
        other => common::usage(&format!("unknown command '{other}'"), HELP),
    };
    std::process::exit(status);
}
