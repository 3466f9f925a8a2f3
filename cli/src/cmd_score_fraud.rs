//! `tacit score-fraud [--model MODEL.bin] < transactions.csv > predictions.csv`: streams the
//! fraud CSV in file order, each `card_id` treated as a separate person's phone with its own
//! card state, and writes `txn_id,score,alert` as each row is processed. A row's output
//! depends only on the rows before it: nothing is read ahead.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use tacit_core::fraud::{CardState, FraudEngine, FraudModel};

use crate::fraud_csv::{split_csv, Columns, CsvError};

pub fn run(args: &[String]) -> i32 {
    let engine = match args {
        [] => FraudEngine::new(),
        [flag, path] if flag == "--model" => match std::fs::read(path) {
            Ok(b) => FraudModel::from_bytes(&b).map(FraudEngine::with_model),
            Err(_) => {
                eprintln!("score-fraud: could not read the model file");
                return 1;
            }
        },
        _ => {
            eprintln!(
                "usage: tacit score-fraud [--model MODEL.bin] < transactions.csv > predictions.csv"
            );
            return 2;
        }
    };
    let engine = match engine {
        Ok(e) => e,
        Err(e) => {
            eprintln!("score-fraud: {e}");
            return 1;
        }
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    match score(
        &engine,
        stdin.lock(),
        std::io::BufWriter::new(stdout.lock()),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("score-fraud: {e}");
            1
        }
    }
}

/// Scores a CSV stream row by row.
pub fn score(
    engine: &FraudEngine,
    mut input: impl BufRead,
    mut out: impl Write,
) -> Result<(), CsvError> {
    let mut line = String::new();
    if input.read_line(&mut line).map_err(|_| CsvError::Io)? == 0 {
        return Err(CsvError::MissingColumn);
    }
    let cols = Columns::from_header(&line)?;
    writeln!(out, "txn_id,score,alert").map_err(|_| CsvError::Io)?;
    let mut states: HashMap<String, CardState> = HashMap::new();
    let mut fields = Vec::new();
    let mut n = 1u64;
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(|_| CsvError::Io)? == 0 {
            break;
        }
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        split_csv(&line, &mut fields);
        let row = cols.parse(&fields, n)?;
        let state = states.entry(row.card).or_default();
        let a = engine.assess(state, &row.txn, &row.profile, n);
        writeln!(out, "{},{:.6},{}", row.txn_id, a.score, u8::from(a.alert))
            .map_err(|_| CsvError::Io)?;
    }
    out.flush().map_err(|_| CsvError::Io)
}
