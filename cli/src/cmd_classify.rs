//! `tacit classify [--today YYYY-MM-DD]`: JSON lines `{"text": ...}` on stdin to
//! `{"intent": ..., "confidence": ..., "model_intent": ..., "slots": {...}}` on stdout, one
//! output line per input line, in order. `intent` is what the person asked as the assistant
//! understands the message as a first turn ([`tacit_core::assistant::understand::understand`]:
//! the model, screening, shapes and the routing rules, with no vault and no conversation;
//! [`Understanding::asked`](tacit_core::assistant::understand::Understanding::asked));
//! `answered_as` is added when the chat answers it as another intent (a utility's bill is
//! answered from what was paid to it); `model_intent` and `confidence` are the raw model's
//! decision. Slots are read against
//! `--today` (default: the system date, UTC) with no vault, so a merchant is the phrase as
//! written; keys are omitted when absent:
//! `{"period": {"from", "to"}}` (both days included; `from` omitted for an open start such
//! as "until May"), `"merchant"`, `"category"`, `"amount": {"value": "400.00", "op": "gt" |
//! "lt" | "eq"}`, `"account"` (a kind, or `"no_match"`), `"exclude": {"merchant",
//! "category"}`, and `"period_unclear": true` when a period-like phrase was not understood.
//! A line that is not a JSON object with a string `text` gets `{"error": "..."}` and
//! processing continues; the exit status is 0 unless stdin/stdout fail or the built-in model
//! cannot be loaded (1), or the arguments are wrong (2).

use std::io::{BufRead, Write};
use tacit_core::assistant::understand::understand;
use tacit_core::intent::slots::period::open_start;
use tacit_core::intent::{AccountSelector, IntentModel, SlotContext, Slots};
use tacit_core::time::{local_date, Date};

fn parse_today(args: &[String]) -> Result<Date, ()> {
    match args {
        [] => Ok(local_date(crate::common::unix_now(), 0)),
        [flag, day] if flag == "--today" => {
            let mut parts = day.split('-').map(|p| p.parse::<u32>().ok());
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(Some(y)), Some(Some(m)), Some(Some(d)), None) => {
                    Date::new(i32::try_from(y).map_err(|_| ())?, m, d).ok_or(())
                }
                _ => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// Entry point.
pub fn run(args: &[String]) -> i32 {
    let Ok(today) = parse_today(args) else {
        eprintln!("usage: tacit classify [--today YYYY-MM-DD] < lines.jsonl");
        return 2;
    };
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
        let reply = classify_line(model, &line, today);
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
fn classify_line(model: &IntentModel, line: &[u8], today: Date) -> serde_json::Value {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(line);
    let text = match &parsed {
        Ok(v) => v.get("text").and_then(|t| t.as_str()),
        Err(_) => return serde_json::json!({"error": "line is not valid JSON"}),
    };
    let Some(text) = text else {
        return serde_json::json!({"error": "expected an object with a string \"text\""});
    };
    let u = understand(Some(model), text, today, &SlotContext::default());
    // Round to 4 decimals so the output is stable and readable.
    let confidence = (f64::from(u.model.confidence) * 10_000.0).round() / 10_000.0;
    let mut out = serde_json::json!({
        "intent": u.asked().as_str(),
        "confidence": confidence,
        "model_intent": u.model.intent.as_str(),
        "slots": slots_json(&u.slots),
    });
    if u.asked() != u.intent {
        out["answered_as"] = u.intent.as_str().into();
    }
    out
}

fn money_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The slots as the classify contract writes them.
fn slots_json(s: &Slots) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let Some(p) = &s.period {
        let mut period = serde_json::Map::new();
        if p.start != open_start() {
            period.insert("from".into(), p.start.to_string().into());
        }
        period.insert("to".into(), p.end.add_days(-1).to_string().into());
        out.insert("period".into(), period.into());
    }
    if s.period_unclear {
        out.insert("period_unclear".into(), true.into());
    }
    if let Some(m) = &s.merchant {
        out.insert("merchant".into(), m.clone().into());
    }
    if let Some(c) = s.category {
        out.insert("category".into(), c.as_str().into());
    }
    let amount = match (s.exact_amount_minor, s.min_amount_minor, s.max_amount_minor) {
        // "exactly 17.99": both bounds the one amount.
        (_, Some(v), Some(w)) if v == w => Some((v, "eq")),
        (_, Some(v), _) => Some((v, "gt")),
        (_, None, Some(v)) => Some((v, "lt")),
        (Some(v), None, None) => Some((v, "eq")),
        _ => None,
    };
    if let Some((v, op)) = amount {
        out.insert(
            "amount".into(),
            serde_json::json!({"value": money_text(v), "op": op}),
        );
    }
    match &s.account {
        Some(AccountSelector::Kind(k)) => {
            out.insert("account".into(), k.as_str().into());
        }
        Some(AccountSelector::NoMatch) => {
            out.insert("account".into(), "no_match".into());
        }
        Some(AccountSelector::Index(_)) | None => {}
    }
    let mut exclude = serde_json::Map::new();
    if let Some(m) = &s.exclude_merchant {
        exclude.insert("merchant".into(), m.clone().into());
    }
    // The first category left out as "category" (as before); all of them when several.
    if let Some(c) = s.exclude_categories.first() {
        exclude.insert("category".into(), c.as_str().into());
    }
    if s.exclude_categories.len() > 1 {
        let all: Vec<serde_json::Value> = s
            .exclude_categories
            .iter()
            .map(|c| c.as_str().into())
            .collect();
        exclude.insert("categories".into(), all.into());
    }
    if !exclude.is_empty() {
        out.insert("exclude".into(), exclude.into());
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2022, 3, 15).unwrap()
    }

    #[test]
    fn slots_contract() {
        let model = IntentModel::builtin().unwrap();
        let v = classify_line(
            model,
            br#"{"text": "did I spend more than $400 at whole foods last month excluding rent"}"#,
            today(),
        );
        let s = &v["slots"];
        assert_eq!(s["period"]["from"], "2022-02-01");
        assert_eq!(s["period"]["to"], "2022-02-28");
        assert_eq!(s["merchant"], "whole foods");
        assert_eq!(s["amount"]["value"], "400.00");
        assert_eq!(s["amount"]["op"], "gt");
        assert_eq!(s["exclude"]["category"], "housing");
        let v = classify_line(model, br#"{"text": "until May"}"#, today());
        assert!(v["slots"]["period"].get("from").is_none());
        assert_eq!(v["slots"]["period"]["to"], "2022-05-31");
        let v = classify_line(model, br#"{"text": "what's my balance"}"#, today());
        assert_eq!(v["slots"], serde_json::json!({}));
        let v = classify_line(model, br#"{"text": "spent since I got paid"}"#, today());
        assert_eq!(v["slots"]["period_unclear"], true);
        assert!(v["slots"].get("period").is_none());
    }

    #[test]
    fn today_flag() {
        assert_eq!(
            parse_today(&["--today".into(), "2022-03-15".into()]),
            Ok(today())
        );
        assert!(parse_today(&["--today".into(), "2022-13-15".into()]).is_err());
        assert!(parse_today(&["--today".into()]).is_err());
        assert!(parse_today(&["x".into()]).is_err());
    }

    #[test]
    fn lines_in_order_with_errors_inline() {
        let model = IntentModel::builtin().unwrap();
        let ok = classify_line(model, br#"{"text": "what is my balance"}"#, today());
        assert_eq!(ok["intent"], "balance");
        assert!(ok["confidence"].as_f64().is_some());
        let bad = classify_line(model, b"not json", today());
        assert!(bad["error"].is_string());
        let missing = classify_line(model, br#"{"txt": 1}"#, today());
        assert!(missing["error"].is_string());
        let crlf = classify_line(model, b"{\"text\": \"set an alarm\"}\r", today());
        assert_eq!(crlf["intent"], "oos");
    }

    /// `intent` is what the assistant acts on, `model_intent` the raw model's.
    #[test]
    fn intent_is_routed_and_model_intent_raw() {
        let model = IntentModel::builtin().unwrap();
        let v = classify_line(
            model,
            br#"{"text": "which alerts are still open"}"#,
            today(),
        );
        assert_eq!(v["intent"], "report_fraud");
        assert!(v["model_intent"].is_string());
        let raw = model.classify("which alerts are still open");
        assert_eq!(v["model_intent"], raw.intent.as_str());
        let v = classify_line(model, br#"{"text": "what is my balance"}"#, today());
        assert_eq!(
            (&v["intent"], &v["model_intent"]),
            (&"balance".into(), &"balance".into())
        );
        assert!(v.get("answered_as").is_none());
    }

    /// A utility's bill is still a bill question, answered from what was paid to it.
    #[test]
    fn a_payee_bill_is_asked_as_a_bill_and_answered_as_spending() {
        let model = IntentModel::builtin().unwrap();
        let v = classify_line(
            model,
            br#"{"text": "how much is my electric bill"}"#,
            today(),
        );
        assert_eq!(v["model_intent"], "bill_balance", "{v}");
        assert_eq!(v["intent"], "bill_balance", "{v}");
        assert_eq!(v["answered_as"], "spending_history", "{v}");
    }
}
