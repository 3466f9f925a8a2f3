//! Claims about a purchase ("I didn't make this purchase at Best Buy", "the $89 charge was
//! me"): whether the person says it was theirs, and which open alert it names. A claim binds
//! only to an alert whose merchant, amount or day it names, never to whichever alert is open.

use crate::alerts::AlertRecord;
use crate::intent::slots::merchant_key;
use crate::intent::{Intent, Prediction, Slots};
use crate::time::local_date;

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
    // "show me what i bought at target" asks; it claims nothing.
    let asks = lower.split_whitespace().next().is_some_and(|w| {
        matches!(
            w,
            "show"
                | "list"
                | "what"
                | "whats"
                | "how"
                | "which"
                | "when"
                | "where"
                | "did"
                | "can"
                | "could"
                | "give"
                | "tell"
                | "find"
                | "get"
                | "pull"
        )
    });
    if owns
        && !asks
        && matches!(
            prediction.intent,
            Intent::ReportFraud | Intent::Transactions | Intent::Oos
        )
    {
        return Some(true);
    }
    (prediction.intent == Intent::ReportFraud && has("fraud")).then_some(false)
}

/// The one open alert that fits everything the claim names: its merchant, its amount and
/// the day its first charge was made ("the charge on Tuesday wasn't me"), each only when
/// the message names it. `None` when the message names none of them, or when no alert or
/// several fit: the assistant then asks instead of guessing.
pub(super) fn matching<'a>(
    open: &'a [AlertRecord],
    slots: &Slots,
    utc_offset_minutes: i32,
) -> Option<&'a AlertRecord> {
    let key = slots
        .merchant
        .as_deref()
        .map(merchant_key)
        .filter(|k| !k.is_empty());
    let period = slots.period.as_ref().filter(|_| !slots.period_unclear);
    if key.is_none() && slots.exact_amount_minor.is_none() && period.is_none() {
        return None;
    }
    let fits = |a: &AlertRecord| {
        let by_merchant = key.as_ref().is_none_or(|k| {
            a.merchant.as_deref().is_some_and(|m| {
                let mk = merchant_key(m);
                mk == *k || mk.starts_with(k.as_str())
            })
        });
        let by_amount = slots
            .exact_amount_minor
            .is_none_or(|v| a.amount_minor.abs() == v);
        let by_day = period.is_none_or(|p| {
            let day = local_date(a.first_txn_at, utc_offset_minutes);
            p.start <= day && day < p.end
        });
        by_merchant && by_amount && by_day
    };
    let mut hits = open.iter().filter(|a| fits(a));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(intent: Intent) -> Prediction {
        Prediction {
            intent,
            confidence: 0.9,
        }
    }

    #[test]
    fn a_question_about_purchases_claims_nothing() {
        let t = p(Intent::Transactions);
        assert_eq!(
            polarity("show me what i bought at target last month", &t),
            None
        );
        assert_eq!(polarity("what did i buy at target", &t), None);
        assert_eq!(polarity("yes i bought that at target", &t), Some(true));
        assert_eq!(
            polarity(
                "i didnt make this purchase at best buy",
                &p(Intent::ReportFraud)
            ),
            Some(false)
        );
    }
}
