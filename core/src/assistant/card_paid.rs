//! "Did I pay my credit card", "did my card payment go through": the latest payment to a card
//! in the recent period, with its day and amount, or that none is seen since the period began.
//! A list of the month's transactions would leave the person to find it.
//!
//! A payment to a card is a credit on a credit-card account that is a transfer or is named a
//! payment ("PAYMENT - THANK YOU"), or a debit on another account named as a card payment
//! ("... CARD PAYMENT", "CRD PMT", "credit card autopay": the card may be at a bank that is
//! not synced). Only the latest is said, so the two sides of one payment are never two. The
//! period is the one asked, or the last 35 days (a statement cycle and a few days).

use super::answer::{main_currency, period_bounds, visit_period, Query};
use super::cache::{Summary, TxnView};
use super::filter::Filter;
use super::render::{date_text, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::{Account, AccountKind, Category};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{Result, Vault};

/// The latest payment to a card over a period.
#[derive(Clone, PartialEq, Eq)]
pub struct CardPaid {
    /// The first day looked at.
    pub since: Date,
    /// The latest payment: its day and amount (positive).
    pub latest: Option<(Date, i64)>,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for CardPaid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardPaid")
            .field("found", &self.latest.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether the lower-cased words ask whether a card was paid ("did i pay my credit card",
/// "did my card payment go through", "have i paid my visa bill"), not how to pay it, when it
/// is due, or whether a purchase was paid with the card ("did i pay with my card at target").
pub(super) fn asks(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let paid = ["pay", "paid", "payment", "pmt"].iter().any(|x| has(x));
    let card = ["card", "visa", "amex", "mastercard", "discover"]
        .iter()
        .any(|x| has(x));
    let asked = matches!(
        w.first().map(String::as_str),
        Some("did" | "have" | "has" | "was" | "were" | "is" | "didnt")
    ) || has("through")
        || has("thru")
        || has("posted")
        || has("went");
    let other = [
        "with", "for", "at", "how", "when", "due", "minimum", "min", "declined", "limit",
        "interest", "fee", "fees", "owe",
    ]
    .iter()
    .any(|x| has(x));
    paid && card && asked && !other
}

/// The latest payment to a card in the asked period (the last 35 days when none was named).
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<CardPaid> {
    let period = q.slots.period.clone().unwrap_or_else(|| Period {
        start: today.add_days(-34),
        end: today.add_days(1),
        label: String::new(),
    });
    let everything = Filter::of(&Slots::default());
    let bounds = period_bounds(&period, q.offset);
    let currency = main_currency(sel);
    let mut latest: Option<(Timestamp, i64)> = None;
    for on_card in [true, false] {
        let part: Vec<&Account> = sel
            .iter()
            .copied()
            .filter(|a| (a.kind == AccountKind::CreditCard) == on_card)
            .collect();
        if part.is_empty() {
            continue;
        }
        visit_period(vault, summary, &part, bounds, &everything, |t| {
            if t.currency == currency
                && pays_a_card(t, on_card)
                && latest.is_none_or(|(at, _)| t.transacted_at > at)
            {
                latest = Some((t.transacted_at, t.amount.abs()));
            }
        })?;
    }
    Ok(CardPaid {
        since: period.start,
        latest: latest.map(|(at, amount)| (local_date(at, q.offset), amount)),
        currency,
    })
}

/// Whether a transaction pays a card: on the card, a credit that is a transfer or a payment;
/// elsewhere, a debit named as a card payment.
fn pays_a_card(t: &TxnView<'_>, on_card: bool) -> bool {
    let text = format!("{} {}", t.merchant.unwrap_or(""), t.description).to_lowercase();
    let has = |x: &str| text.contains(x);
    if on_card {
        return t.amount > 0
            && (t.category == Some(Category::Transfer) || has("payment") || has("pymt"));
    }
    t.amount < 0
        && (has("card payment")
            || has("card pmt")
            || has("crd pmt")
            || has("credit card")
            || has("autopay") && has("card"))
}

/// Both texts. Device: yes with the day and amount, or none since the first day looked at.
/// Platform: a fixed text at `minimal`; at `summary` the rounded amount, no day; at `full`
/// the device text.
pub(super) fn texts(r: &CardPaid, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let local = sentence(r, &exact);
    match s.level {
        DisclosureLevel::Minimal => {
            let platform = "Your card payment check is ready: open the app to view it.";
            (local, platform.to_string(), Vec::new())
        }
        DisclosureLevel::Summary => match r.latest {
            Some((_, amount)) => {
                let money = format_money_rounded(amount, r.currency, s.locale);
                let platform = format!("Yes: a payment of about {money} went to your card.");
                (local, platform, vec![DataCategory::Amount])
            }
            None => {
                let platform = "I don't see a recent payment to your card.".to_string();
                (local, platform, Vec::new())
            }
        },
        DisclosureLevel::Full => {
            let cats = match r.latest {
                Some(_) => vec![DataCategory::Amount, DataCategory::Date],
                None => vec![DataCategory::Date],
            };
            (local.clone(), local, cats)
        }
    }
}

fn sentence(r: &CardPaid, money: &dyn Fn(i64) -> String) -> String {
    match r.latest {
        Some((day, amount)) => format!(
            "Yes: a payment of {} went to your card on {}.",
            money(amount),
            date_text(day)
        ),
        None => format!(
            "I don't see a payment to your card since {}.",
            date_text(r.since)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    #[test]
    fn asks_whether_the_card_was_paid() {
        for q in [
            "did i pay my credit card",
            "did my card payment go through",
            "have i paid my visa bill this month",
            "was my credit card payment posted",
        ] {
            assert!(asks(&words(q)), "{q}");
        }
        for q in [
            "pay my credit card",
            "how do i pay my credit card",
            "when is my card payment due",
            "did i pay with my card at target",
            "what's my minimum card payment",
            "did i pay for netflix with my visa",
            "did my card get declined",
        ] {
            assert!(!asks(&words(q)), "{q}");
        }
    }
}
