//! How a fraud alert's episode is told, on both sides: one payment ("-$6.35 at Kltra Store on
//! May 23") or several ("-$2,061.22 in 4 purchases at Razer Gold, Gift Card Mall and Best Buy
//! on Aug 8"), never an episode's total as if all of it was paid at its first merchant.
//! The platform text follows the disclosure levels as the alert always has: at `minimal` no
//! amount, merchant, date or digit; at `summary` a rounded total only; at `full` the exact
//! total, the vault's merchant names made safe, the days and the number of payments.

use super::render::{date_text, platform_merchant, reasons_text, Rendered, Style};
use crate::alerts::AlertRecord;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::local_date;

/// Labels of the "which one do you mean?" buttons, newest alert first. Open alerts beyond
/// these are still listed on the device, to be named by merchant or amount.
pub(super) const ORDINALS: [&str; 8] = [
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
];

fn currency(a: &AlertRecord) -> Currency {
    Currency::parse(&a.currency).unwrap_or(Currency::USD)
}

/// "A", "A and B", "A, B and C".
fn and_list(names: &[String]) -> String {
    match names {
        [] => "an unknown merchant".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What follows the total: " at A on Aug 8", " in 4 purchases at A, B and C from Aug 8 to
/// Aug 9"; for a record stored before episodes kept their payments, " in 4 purchases, the
/// first at A on Aug 8" (all it knows). Merchant names go through `name`.
fn episode_tail(a: &AlertRecord, offset: i32, name: &dyn Fn(&str) -> String) -> String {
    let n = a.payment_count();
    // Deduplicated as shown: two raw names can read the same once made safe.
    let mut merchants: Vec<String> = Vec::new();
    for m in a.merchants().iter().map(|m| name(m)) {
        if !merchants.contains(&m) {
            merchants.push(m);
        }
    }
    let at = and_list(&merchants);
    let first = local_date(a.first_txn_at, offset);
    let last = local_date(a.last_txn_at(), offset);
    let when = if last > first {
        format!("from {} to {}", date_text(first), date_text(last))
    } else {
        format!("on {}", date_text(first))
    };
    match (n, a.payments.is_empty()) {
        (1, _) => format!(" at {at} {when}"),
        (_, true) => format!(" in {n} purchases, the first at {at} {when}"),
        _ => format!(" in {n} purchases at {at} {when}"),
    }
}

/// The device's words for an alert: its signed total, where and when it was paid.
pub(super) fn episode_local(a: &AlertRecord, s: &Style) -> String {
    format!(
        "{}{}",
        format_money(a.amount_minor, currency(a), s.locale),
        episode_tail(a, s.offset, &|m| m.to_string())
    )
}

/// The platform's "Was this you?" at the style's level, and what it carries. The total is
/// said as a positive amount whatever its sign (a purchase is negative from the holder's
/// view: "a charge of -$7,450" reads as a refund).
fn platform_ask(a: &AlertRecord, s: &Style) -> (String, Vec<DataCategory>) {
    let c = currency(a);
    let several = a.payment_count() > 1;
    let total = a.amount_minor.saturating_abs();
    match s.level {
        DisclosureLevel::Minimal => (
            format!(
                "Was this you? We noticed {} on your card. Open the app for details, or reply YES or NO.",
                if several { "unusual charges" } else { "an unusual charge" }
            ),
            vec![DataCategory::AlertRef],
        ),
        DisclosureLevel::Summary => {
            let about = format!("about {}", format_money_rounded(total, c, s.locale));
            let what = if several {
                format!("Unusual charges of {about} in all")
            } else {
                format!("An unusual charge of {about}")
            };
            (
                format!("Was this you? {what} on your card. Reply YES or NO."),
                vec![DataCategory::AlertRef, DataCategory::Amount],
            )
        }
        DisclosureLevel::Full => {
            let mut cats = vec![
                DataCategory::AlertRef,
                DataCategory::Amount,
                DataCategory::Merchant,
                DataCategory::Date,
            ];
            if several {
                cats.push(DataCategory::Number);
            }
            let text = format!(
                "Was this you? {}{}. Reply YES or NO.",
                format_money(total, c, s.locale),
                episode_tail(a, s.offset, &platform_merchant)
            );
            (text, cats)
        }
    }
}

/// The text of a fraud alert ("Was this you?") for both sides.
pub fn alert_texts(a: &AlertRecord, style: &Style) -> Rendered {
    let local = format!(
        "Was this you? {} ({}). Reply YES or NO.",
        episode_local(a, style),
        reasons_text(&a.explanations)
    );
    let (platform, categories) = platform_ask(a, style);
    Rendered {
        local,
        platform,
        categories,
    }
}

/// The reply to a question about an alert ("was the kltra charge fraud?", "why did you flag
/// netflix?"): why it was flagged, on the device, and "Was this you?" again. It answers
/// nothing for the person.
pub fn alert_explain_texts(a: &AlertRecord, style: &Style) -> Rendered {
    // "because you rarely spend on this kind of thing; many payments in a short time".
    let lowered: Vec<String> = a
        .explanations
        .iter()
        .map(|e| {
            let mut c = e.trim().chars();
            match c.next() {
                Some(first) => first.to_lowercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    let why = match reasons_text(&lowered) {
        r if r.is_empty() => "it looked unusual".to_string(),
        r => r,
    };
    let local = format!(
        "I flagged {} because {why}. It stays open until you tell me: was this you? Reply YES or NO.",
        episode_local(a, style)
    );
    let (ask, categories) = platform_ask(a, style);
    Rendered {
        local,
        platform: format!("I flagged this because it looked unusual; the app shows why. {ask}"),
        categories,
    }
}

/// "Which one do you mean?" with every open alert on the device, newest first, each with
/// the ordinal of its button; beyond [`ORDINALS`], named by merchant or amount.
pub(super) fn which_texts(open: &[AlertRecord], s: &Style) -> (String, String) {
    let all_buttons = open.len() <= ORDINALS.len();
    let mut local = if all_buttons {
        format!(
            "You have {} open fraud alerts: which one do you mean? Tap it below, or name the merchant or amount.",
            open.len()
        )
    } else {
        format!(
            "You have {} open fraud alerts: which one do you mean? Tap one of the {} most recent below, or name the merchant or amount of another.",
            open.len(),
            ORDINALS.len()
        )
    };
    for (i, a) in open.iter().rev().enumerate() {
        match ORDINALS.get(i) {
            Some(ord) => local += &format!("\n{ord}: {}", episode_local(a, s)),
            None => local += &format!("\n• {}", episode_local(a, s)),
        }
    }
    let platform = if all_buttons {
        "You have several open fraud alerts: which one do you mean? Tap it below."
    } else {
        "You have several open fraud alerts: which one do you mean? Tap one of the most recent below, or open the app for the others."
    };
    (local, platform.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::{AlertPayment, AlertStatus};
    use crate::render::money_fmt::Locale;

    fn style(level: DisclosureLevel) -> Style {
        Style {
            level,
            locale: Locale::EnUs,
            offset: 0,
        }
    }

    /// 2026-08-08 12:00 UTC.
    const AUG8: i64 = 1_786_190_400;

    fn episode(payments: &[(&str, i64, i64)]) -> AlertRecord {
        let (m, amount, at) = payments[0];
        let mut a = AlertRecord {
            id: "fa-1".into(),
            account: "acct".into(),
            txn_ids: vec!["t0".into()],
            reasons: vec!["velocity".into()],
            explanations: vec!["Many payments in a short time.".into()],
            score: 0.9,
            created: at,
            merchant: Some(m.into()),
            amount_minor: amount,
            currency: "USD".into(),
            first_txn_at: at,
            status: AlertStatus::Open,
            episode: 1,
            payments: Vec::new(),
        };
        for (i, (m, amount, at)) in payments.iter().enumerate().skip(1) {
            a.add_payment(
                &format!("t{i}"),
                AlertPayment {
                    merchant: Some(m.to_string()),
                    amount_minor: *amount,
                    at: *at,
                },
            );
        }
        a
    }

    #[test]
    fn an_episode_names_every_merchant_and_its_count() {
        let a = episode(&[
            ("Razer Gold", -10_000, AUG8),
            ("Gift Card Mall", -20_000, AUG8 + 600),
            ("Best Buy", -126_122, AUG8 + 1_200),
            ("Razer Gold", -50_000, AUG8 + 1_800),
        ]);
        let r = alert_texts(&a, &style(DisclosureLevel::Full));
        assert!(
            r.local.contains(
                "-$2,061.22 in 4 purchases at Razer Gold, Gift Card Mall and Best Buy on Aug 8"
            ),
            "{}",
            r.local
        );
        assert!(
            r.platform
                .contains("$2,061.22 in 4 purchases at Razer Gold, Gift Card Mall and Best Buy on Aug 8"),
            "{}",
            r.platform
        );
        assert!(r.categories.contains(&DataCategory::Number));
        let summary = alert_texts(&a, &style(DisclosureLevel::Summary));
        assert!(!summary.platform.contains("Best Buy"));
        assert!(summary.platform.contains("in all"));
        let minimal = alert_texts(&a, &style(DisclosureLevel::Minimal));
        assert!(!minimal.platform.chars().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn one_payment_reads_as_before_and_days_apart_as_a_range() {
        let one = episode(&[("Kltra Store", -635, AUG8)]);
        let r = alert_texts(&one, &style(DisclosureLevel::Full));
        assert!(r.local.starts_with("Was this you? -$6.35 at Kltra Store on Aug 8 ("));
        assert!(!r.categories.contains(&DataCategory::Number));
        let two = episode(&[("Kltra Store", -635, AUG8), ("Kltra Store", -635, AUG8 + 86_400)]);
        let r = alert_texts(&two, &style(DisclosureLevel::Full));
        assert!(
            r.local.contains("-$12.70 in 2 purchases at Kltra Store from Aug 8 to Aug 9"),
            "{}",
            r.local
        );
    }

    #[test]
    fn an_old_record_says_only_what_it_knows() {
        let mut a = episode(&[("Razer Gold", -206_122, AUG8)]);
        a.txn_ids = vec!["t0".into(), "t1".into(), "t2".into(), "t3".into()];
        let r = alert_texts(&a, &style(DisclosureLevel::Full));
        assert!(
            r.local
                .contains("-$2,061.22 in 4 purchases, the first at Razer Gold on Aug 8"),
            "{}",
            r.local
        );
    }

    #[test]
    fn an_explanation_gives_the_reasons_and_asks_again() {
        let a = episode(&[("Kltra Store", -635, AUG8)]);
        let r = alert_explain_texts(&a, &style(DisclosureLevel::Full));
        assert!(r
            .local
            .contains("I flagged -$6.35 at Kltra Store on Aug 8 because many payments in a short time."));
        assert!(r.local.contains("Reply YES or NO"));
        assert!(r.platform.contains("Was this you?"));
        let minimal = alert_explain_texts(&a, &style(DisclosureLevel::Minimal));
        assert!(!minimal.platform.chars().any(|c| c.is_ascii_digit()));
    }
}
