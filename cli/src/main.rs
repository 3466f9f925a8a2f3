mod cmd_bench_fraud;
mod cmd_score_fraud;
mod cmd_train_fraud;
mod fraud_csv;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let code = match args.first().map(String::as_str) {
        Some("train-fraud") => cmd_train_fraud::run(rest),
        Some("score-fraud") => cmd_score_fraud::run(rest),
        Some("bench") if rest.first().map(String::as_str) == Some("fraud") => {
            cmd_bench_fraud::run(rest.get(1..).unwrap_or(&[]))
        }
        _ => {
            eprintln!("usage: tacit <train-fraud|score-fraud|bench fraud> ...");
            2
        }
    };
    std::process::exit(code);
}
