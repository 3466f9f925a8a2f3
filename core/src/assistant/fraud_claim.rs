//! Claims about a purchase ("I didn't make this purchase at Best Buy", "the $89 charge was
//! me"): whether the person says it was theirs, and which open alert it names. A claim binds
//! only to an alert whose merchant or amount it names, never to whichever alert is open.

use crate::alerts::AlertRecord;
use crate::intent::slots::merchant_key;
use crate::intent::{Intent, Prediction, Slots};

/// `Some(false)` for "not me", `Some(true)` for "it was me", `None` when the message makes
/// no claim about a purchase.
pub(super) fn polarity(text: &str, prediction: &Prediction) -> Option<bool> {
    let lower = text.to_lowercase().replace(['\'', '\u{2019}'], "");
    let has = |p: &str| lower.contains(p);
    let denies = [
        "didnt make",
        "did not make",
        "wasnt me",
        "was not me",
        "not mine",
        "didnt buy",
        "did not buy",
        "dont recogni",
        "do not recogni",
        "never made",
        "never bought",
        "not me",
        "fraudulent",
        "unauthori",
    ]
    .iter()
    .any(|p| has(p));
    if denies {
        return Some(false);
    }
    let owns = [
        "was me",
        "i made",
        "was mine",
        "i bought",
        "i did make",
        "that was me",
    ]
    .iter()
    .any(|p| has(p));
    if owns
        && matches!(
            prediction.intent,
            Intent::ReportFraud | Intent::Transactions | Intent::Oos
        )
    {
        return Some(true);
    }
    (prediction.intent == Intent::ReportFraud && has("fraud")).then_some(false)
}

/// The open alert the slots name by merchant or amount (one only).
pub(super) fn matching<'a>(open: &'a [AlertRecord], slots: &Slots) -> Option<&'a AlertRecord> {
    let key = slots.merchant.as_deref().map(merchant_key);
    let hits: Vec<&AlertRecord> = open
        .iter()
        .filter(|a| {
            let by_merchant = match (&key, a.merchant.as_deref()) {
                (Some(k), Some(m)) => {
                    let mk = merchant_key(m);
                    !k.is_empty() && (mk == *k || mk.starts_with(k.as_str()))
                }
                _ => false,
            };
            let by_amount = slots
                .exact_amount_minor
                .is_some_and(|v| a.amount_minor.abs() == v);
            by_merchant || by_amount
        })
        .collect();
    match hits.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}
