//! BANKING77 and NLU++ mapped onto Tacit's intents. A category that is one of Tacit's intents
//! is mapped to it; a banking service Tacit does not handle (top-ups, identity checks, exchange
//! rates, ...) becomes an in-domain negative; categories that sit between the two (a transfer
//! that has not arrived, a pending payment) are left out rather than forced either way.

use super::noise::{chance, chatify};
use super::{example, DataError, Example, SplitMix};
use std::path::Path;
use tacit_core::intent::Intent;

/// Loss weight of an in-domain negative (before the trainer's out-of-scope weight).
const SERVICE_NEGATIVE_WEIGHT: f32 = 1.0;

fn banking77_label(category: &str) -> Option<Intent> {
    use Intent::*;
    Some(match category {
        "lost_or_stolen_card" => ReportLostCard,
        "declined_card_payment" => CardDeclined,
        "change_pin" => PinChange,
        "card_payment_not_recognised" | "compromised_card" => ReportFraud,
        "age_limit"
        | "apple_pay_or_google_pay"
        | "atm_support"
        | "automatic_top_up"
        | "country_support"
        | "edit_personal_details"
        | "exchange_rate"
        | "exchange_via_app"
        | "fiat_currency_support"
        | "lost_or_stolen_phone"
        | "passcode_forgotten"
        | "receiving_money"
        | "supported_cards_and_currencies"
        | "terminate_account"
        | "top_up_by_bank_transfer_charge"
        | "top_up_by_card_charge"
        | "top_up_by_cash_or_cheque"
        | "top_up_failed"
        | "top_up_limits"
        | "top_up_reverted"
        | "pending_top_up"
        | "topping_up_by_card"
        | "unable_to_verify_identity"
        | "verify_my_identity"
        | "verify_source_of_funds"
        | "verify_top_up"
        | "why_verify_identity"
        | "visa_or_mastercard"
        | "card_linking"
        | "activate_my_card"
        | "get_disposable_virtual_card"
        | "getting_virtual_card"
        | "disposable_card_limits"
        | "request_refund"
        | "Refund_not_showing_up"
        | "card_acceptance"
        | "beneficiary_not_allowed"
        | "cancel_transfer"
        | "wrong_amount_of_cash_received"
        | "card_swallowed"
        | "reverted_card_payment?" => Oos,
        _ => return None,
    })
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, `""` and line breaks) into
/// records; `None` if a quote is left open.
fn records(text: &str) -> Option<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        out.push(record);
    }
    Some(out)
}

/// BANKING77's training queries that map (see [`banking77_label`]); a third chat-rewritten.
pub fn banking77(shared: &Path, rng: &mut SplitMix) -> Result<Vec<Example>, DataError> {
    let file = "banking77/train.csv";
    let text =
        std::fs::read_to_string(shared.join(file)).map_err(|_| DataError::Io(file.into()))?;
    let rows = records(&text).ok_or(DataError::BadLine(0))?;
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let [query, category] = row.as_slice() else {
            return Err(DataError::BadLine(i + 1));
        };
        let query = query.trim().to_string();
        let Some(intent) = banking77_label(category.trim()) else {
            continue;
        };
        let query = if chance(rng, 33) {
            chatify(&query, rng)
        } else {
            query
        };
        let weight = if intent == Intent::Oos {
            SERVICE_NEGATIVE_WEIGHT
        } else {
            1.0
        };
        out.push(example(query, intent, weight));
    }
    Ok(out)
}

/// An NLU++ utterance's intent labels mapped to one of Tacit's, when they name one clearly.
fn nlupp_label(labels: &[&str]) -> Option<Intent> {
    let has = |l: &str| labels.contains(&l);
    const DIALOGUE: &[&str] = &[
        "affirm",
        "deny",
        "dont_know",
        "acknowledge",
        "greet",
        "end_call",
        "handoff",
        "thank",
        "repeat",
    ];
    if has("lost_stolen") && has("card") {
        Some(Intent::ReportLostCard)
    } else if has("pin") && has("change") {
        Some(Intent::PinChange)
    } else if has("balance") && !has("transfer_payment_deposit") && labels.len() <= 3 {
        Some(Intent::Balance)
    } else if has("appointment")
        || has("loan")
        || has("mortgage")
        || has("overdraft")
        || labels.iter().all(|l| DIALOGUE.contains(l))
    {
        Some(Intent::Oos)
    } else {
        None
    }
}

/// NLU++ banking folds: the utterances whose labels map (see [`nlupp_label`]).
pub fn nlupp(shared: &Path, rng: &mut SplitMix) -> Result<Vec<Example>, DataError> {
    let dir = shared.join("nlupp/banking");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|_| DataError::Io("nlupp/banking".into()))?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| n.to_string_lossy().ends_with(".json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let file = name.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join(&name)).map_err(|_| DataError::Io(file))?;
        let items: Vec<serde_json::Value> =
            serde_json::from_str(&text).map_err(|_| DataError::BadLine(0))?;
        for item in items {
            let Some(query) = item.get("text").and_then(|t| t.as_str()) else {
                continue;
            };
            let labels: Vec<&str> = item
                .get("intents")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|l| l.as_str()).collect())
                .unwrap_or_default();
            let Some(intent) = nlupp_label(&labels) else {
                continue;
            };
            let query = if chance(rng, 33) {
                chatify(query, rng)
            } else {
                query.to_string()
            };
            out.push(example(query, intent, 1.0));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields() {
        let rows =
            records("text,category\nI lost my card,lost\n\"Hi, \"\"where\"\"\nis it?\",arrival\n")
                .unwrap_or_default();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], vec!["I lost my card", "lost"]);
        assert_eq!(rows[2], vec!["Hi, \"where\"\nis it?", "arrival"]);
        assert_eq!(records("\"unterminated,x"), None);
    }

    #[test]
    fn labels_map() {
        assert_eq!(
            banking77_label("lost_or_stolen_card"),
            Some(Intent::ReportLostCard)
        );
        assert_eq!(banking77_label("top_up_failed"), Some(Intent::Oos));
        assert_eq!(banking77_label("pending_transfer"), None);
        assert_eq!(nlupp_label(&["thank"]), Some(Intent::Oos));
        assert_eq!(
            nlupp_label(&["lost_stolen", "card"]),
            Some(Intent::ReportLostCard)
        );
    }
}
