mod cmd_classify;
mod cmd_train_intents;
mod intent_train;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let code = match args.first().map(String::as_str) {
        Some("train-intents") => cmd_train_intents::run(rest),
        Some("classify") => cmd_classify::run(rest),
        _ => {
            eprintln!("usage: tacit <command> [args]");
            2
        }
    };
    std::process::exit(code);
}
