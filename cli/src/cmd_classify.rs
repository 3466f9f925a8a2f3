//! `tacit classify`: JSON lines `{"text": ...}` on stdin to `{"intent": ..., "confidence": ...}`
//! on stdout, one output line per input line, in order. A line that is not a JSON object with a
//! string `text` gets `{"error": "..."}` and processing continues; the exit status is 0 unless
//! stdin/stdout fail or the built-in model cannot be loaded (1), or arguments are given (2).

use std::io::{BufRead, Write};
use tacit_core::intent::IntentModel;

/// Entry point.
pub fn run(args: &[String]) -> i32 {
    if !args.is_empty() {
        eprintln!("usage: tacit classify < lines.jsonl");
        return 2;
    }
    let model = match IntentModel::builtin() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("classify: {e}");
            return 1;
        }
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().split(b'\n') {
        let Ok(line) = line else {
            eprintln!("classify: cannot read stdin");
            return 1;
        };
        let reply = classify_line(model, &line);
        if writeln!(out, "{reply}").is_err() {
            eprintln!("classify: cannot write stdout");
            return 1;
        }
    }
    if out.flush().is_err() {
        eprintln!("classify: cannot write stdout");
        return 1;
    }
    0
}

/// The output line for one input line (without the newline).
fn classify_line(model: &IntentModel, line: &[u8]) -> serde_json::Value {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(line);
    let text = match &parsed {
        Ok(v) => v.get("text").and_then(|t| t.as_str()),
        Err(_) => return serde_json::json!({"error": "line is not valid JSON"}),
    };
    let Some(text) = text else {
        return serde_json::json!({"error": "expected an object with a string \"text\""});
    };
    let p = model.classify(text);
    // Round to 4 decimals so the output is stable and readable.
    let confidence = (f64::from(p.confidence) * 10_000.0).round() / 10_000.0;
    serde_json::json!({"intent": p.intent.as_str(), "confidence": confidence})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_order_with_errors_inline() {
        let model = IntentModel::builtin().unwrap();
        let ok = classify_line(model, br#"{"text": "what is my balance"}"#);
        assert_eq!(ok["intent"], "balance");
        assert!(ok["confidence"].as_f64().is_some());
        let bad = classify_line(model, b"not json");
        assert!(bad["error"].is_string());
        let missing = classify_line(model, br#"{"txt": 1}"#);
        assert!(missing["error"].is_string());
        let crlf = classify_line(model, b"{\"text\": \"set an alarm\"}\r");
        assert_eq!(crlf["intent"], "oos");
    }
}
