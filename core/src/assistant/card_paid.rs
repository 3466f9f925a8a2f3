//! "Did I pay my credit card", "did my card payment go through": the latest payment to a card
//! in the recent period, with its day and amount, or that none is seen since the period began.
//! A list of the month's transactions would leave the person to find it.
//!
//! A payment to a card is a credit on a credit-card account that is a transfer or is named a
//! payment ("PAYMENT - THANK YOU"), or a debit on another account named as a card payment
//! ("... CARD PAYMENT", "CRD PMT", "credit card autopay": the card may be at a bank that is
//! not synced). Only the latest is said, so the two sides of one payment are never two. The
//! period is the one asked, or the last 35 days (a statement cycle and a few days).
//!
//! "How much did I pay off on the card last month", "how much have I paid toward my visa this
//! year": the payments to the card over the period, summed, with their number. Each payment
//! is counted once, from the card's side of the transfer pair when the card is synced (else
//! from the paying account's side), never the card's purchases.

use super::answer::{main_currency, period_bounds, visit_period, Query};
use super::cache::{Summary, TxnView};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{date_text, platform_period, plural, shows_period, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::{Account, AccountKind, Category};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// The latest payment to a card over a period.
#[derive(Clone, PartialEq, Eq)]
pub struct CardPaid {
    /// The first day looked at.
    pub since: Date,
    /// The latest payment: its day and amount (positive).
    pub latest: Option<(Date, i64)>,
    /// How much was paid, when the question asked it.
    pub total: Option<CardTotal>,
    /// Currency.
    pub currency: Currency,
}

/// The payments to a card over the asked period.
#[derive(Clone, PartialEq, Eq)]
pub struct CardTotal {
    /// Their sum (positive).
    pub sum: i64,
    /// How many.
    pub count: usize,
    /// The period's label ("last month", "since October 31").
    pub period: String,
}

impl std::fmt::Debug for CardTotal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures stay out of logs.
        f.debug_struct("CardTotal").finish_non_exhaustive()
    }
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
    let paid = Words("pay|paid|payment|pmt").iter().any(&has);
    let card = Words("card|visa|amex|mastercard|discover")
        .iter()
        .any(&has);
    let asked = matches!(
        w.first().map(String::as_str),
        Some("did" | "have" | "has" | "was" | "were" | "is" | "didnt")
    ) || has("through")
        || has("thru")
        || has("posted")
        || has("went");
    let other = Words("with|for|at|how|when|due|minimum|min|declined|limit|interest|fee|fees|owe")
    .iter()
    .any(has);
    paid && card && asked && !other
}

/// Whether the lower-cased words ask how much was paid to a card ("how much did i pay off on
/// the card last month", "how much have i paid toward my visa", "how much did i pay the card
/// in november"): "how much" or "total", a past "pay" whose object is the card, possibly
/// after "off", "down", "toward" or "into". Not what is owed or due ("how much do i need to
/// pay off my card"), nor purchases made with the card ("how much did i pay with my card",
/// "how much did i pay on my card").
pub(super) fn asks_total(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    let how_much = (0..w.len()).any(|i| at(i) == "how" && at(i + 1) == "much") || has("total");
    let past = has("did") || has("have") || has("ive") || has("paid") || has("payed");
    let owed = Words("need|needs|should|must|owe|left|remaining|due|minimum|min|can|could|will|gotta|supposed")
    .iter()
    .any(has)
        || (0..w.len()).any(|i| matches!(at(i), "have" | "has") && at(i + 1) == "to");
    how_much && past && !owed && (0..w.len()).any(|i| pays_the_card_at(w, i))
}

/// Whether a pay verb at `i` has the card as its object: "pay the card", "paid off my visa",
/// "paid toward the credit card", "pay off on the card".
fn pays_the_card_at(w: &[String], i: usize) -> bool {
    let at = |k: usize| w.get(k).map(String::as_str).unwrap_or("");
    let verb = matches!(at(i), "pay" | "paid" | "payed")
        || matches!(at(i), "put" | "sent") && matches!(at(i + 1), "toward" | "towards" | "into");
    if !verb {
        return false;
    }
    let mut k = i + 1;
    let particle = matches!(at(k), "off" | "down" | "toward" | "towards" | "into" | "to");
    if particle {
        k += 1;
        if at(k) == "on" {
            k += 1;
        }
    }
    if matches!(at(k), "the" | "my" | "our") {
        k += 1;
    }
    if at(k) == "credit" && matches!(at(k + 1), "card" | "cards") {
        k += 1;
    }
    matches!(
        at(k),
        "card" | "visa" | "amex" | "mastercard" | "discover" | "cc" | "creditcard"
    )
}

/// The latest payment to a card in the asked period (the last 35 days when none was named),
/// and, when `total`, the sum and number of the payments.
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
    total: bool,
) -> Result<CardPaid> {
    let period = q.slots.period.clone().unwrap_or_else(|| {
        let start = today.add_days(-34);
        Period {
            start,
            end: today.add_days(1),
            label: format!("since {}", date_text(start)),
        }
    });
    let everything = Filter::of(&Slots::default());
    let bounds = period_bounds(&period, q.offset);
    let currency = main_currency(sel);
    let mut latest: Option<(Timestamp, i64)> = None;
    // (sum, count) on the card's side, then on the paying side.
    let mut sides = [(0i64, 0usize); 2];
    for (side, on_card) in [true, false].into_iter().enumerate() {
        let part: Vec<&Account> = sel
            .iter()
            .copied()
            .filter(|a| (a.kind == AccountKind::CreditCard) == on_card)
            .collect();
        if part.is_empty() {
            continue;
        }
        visit_period(vault, summary, &part, bounds, &everything, |t| {
            if t.currency != currency || !pays_a_card(t, on_card) {
                return;
            }
            if let Some(s) = sides.get_mut(side) {
                *s = (s.0.saturating_add(t.amount.abs()), s.1 + 1);
            }
            if latest.is_none_or(|(at, _)| t.transacted_at > at) {
                latest = Some((t.transacted_at, t.amount.abs()));
            }
        })?;
    }
    // One payment is two transactions when both sides are synced: the card's side counts.
    let (sum, count) = if sides[0].1 > 0 { sides[0] } else { sides[1] };
    Ok(CardPaid {
        since: period.start,
        latest: latest.map(|(at, amount)| (local_date(at, q.offset), amount)),
        total: total.then_some(CardTotal {
            sum,
            count,
            period: period.label,
        }),
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
    if let Some(t) = &r.total {
        return total_texts(r, t, s);
    }
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

/// Both texts of how much was paid. Device: the sum over the period, how many payments and
/// the latest one's day. Platform: a fixed text at `minimal`; at `summary` the rounded sum
/// (the period only when it names no day); at `full` the device text.
fn total_texts(r: &CardPaid, t: &CardTotal, s: &Style) -> Texts {
    let exact = format_money(t.sum, r.currency, s.locale);
    let latest = r.latest.filter(|_| t.count > 0);
    let said = |period: &str| match (t.count, latest) {
        (_, None) => format!("I don't see a payment to your card {period}."),
        (n, Some((day, _))) => format!(
            "You paid {exact} to your card {period} ({n} payment{}, the latest on {}).",
            plural(n),
            date_text(day)
        ),
    };
    let local = said(&period_phrase(&t.period));
    let full = s.level == DisclosureLevel::Full;
    let period = period_phrase(&platform_period(&t.period, full));
    let mut cats = Vec::new();
    if shows_period(&t.period, full) || full && latest.is_some() {
        cats.push(DataCategory::Date);
    }
    match s.level {
        DisclosureLevel::Minimal => {
            let platform = "Your card payments summary is ready: open the app to view it.";
            (local, platform.to_string(), Vec::new())
        }
        DisclosureLevel::Summary => {
            let platform = if latest.is_none() {
                format!("I don't see a payment to your card {period}.")
            } else {
                cats.push(DataCategory::Amount);
                let money = format_money_rounded(t.sum, r.currency, s.locale);
                format!("You paid about {money} to your card {period}.")
            };
            (local, platform, cats)
        }
        DisclosureLevel::Full => {
            if latest.is_some() {
                cats.extend([DataCategory::Amount, DataCategory::Number]);
            }
            (local, said(&period), cats)
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

    #[test]
    fn asks_how_much_was_paid_to_the_card() {
        for q in [
            "how much did i pay off on the card last month",
            "how much have i paid toward the card this year in total",
            "how much did i pay the card last month",
            "how much did i pay towards my credit card in october",
            "total i paid off my visa this year",
            "how much have i put toward my card since june",
            "how much did i pay to the card in november",
        ] {
            assert!(asks_total(&words(q)), "{q}");
        }
        for q in [
            "how much do i need to pay off my card",
            "how much should i pay on the card",
            "how much is left to pay on my card",
            "how much did i pay with my card last month",
            "how much did i pay on my card last month",
            "how much did i spend on the card last month",
            "did i pay my credit card",
            "how much did i pay at target",
            "how much can i pay off my card",
            "how much do i have to pay off my card",
        ] {
            assert!(!asks_total(&words(q)), "{q}");
        }
    }

    fn style(level: DisclosureLevel) -> Style {
        Style {
            level,
            locale: crate::render::money_fmt::Locale::EnUs,
            offset: 0,
        }
    }

    fn paid(count: usize) -> CardPaid {
        CardPaid {
            since: Date::new(2026, 11, 1).unwrap(),
            latest: (count > 0).then(|| (Date::new(2026, 11, 14).unwrap(), 168_511)),
            total: Some(CardTotal {
                sum: if count > 0 { 2_088_834 } else { 0 },
                count,
                period: "this year".into(),
            }),
            currency: Currency::USD,
        }
    }

    #[test]
    fn the_total_paid_is_said_with_its_count() {
        let (local, platform, cats) = texts(&paid(11), &style(DisclosureLevel::Full));
        assert_eq!(
            local,
            "You paid $20,888.34 to your card this year (11 payments, the latest on Nov 14)."
        );
        assert_eq!(platform, local);
        assert!(cats.contains(&DataCategory::Amount) && cats.contains(&DataCategory::Date));
        let (_, platform, cats) = texts(&paid(11), &style(DisclosureLevel::Summary));
        assert_eq!(platform, "You paid about $20,900 to your card this year.");
        assert!(cats.contains(&DataCategory::Amount));
        let (_, platform, cats) = texts(&paid(11), &style(DisclosureLevel::Minimal));
        assert!(!platform.contains('$') && cats.is_empty());
        let (local, _, _) = texts(&paid(0), &style(DisclosureLevel::Full));
        assert_eq!(local, "I don't see a payment to your card this year.");
    }
}
