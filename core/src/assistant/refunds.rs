//! "Any refunds this month", "did I get a refund from Amazon": credits from merchants.
//!
//! A refund is money back from a merchant, not income: answered as money in it would read
//! "No income came in this month". Counted: posted credits whose category is neither
//! `income` nor `transfer` (the same credits a spending total subtracts as refunds); pending
//! credits are left out, as a bank may still reverse them. The period is the one asked, or
//! the last 90 days (said in the reply); a merchant named keeps that merchant's refunds.

use super::answer::{coverage, main_currency, period_bounds, visit_period, Query};
use super::cache::{Summary, TxnView};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{
    coverage_note, date_text, platform_merchant, platform_period, plural, shows_period, Style,
};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::{Account, Category, TxnStatus};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// The refunds of a period.
#[derive(Clone, PartialEq, Eq)]
pub struct Refunds {
    /// The period's label.
    pub period: String,
    /// The merchant asked about, and whether the vault knows it.
    pub merchant: Option<(String, bool)>,
    /// Their sum (positive).
    pub total: i64,
    /// How many.
    pub count: usize,
    /// The latest: its day, amount and merchant (as the vault names it).
    pub latest: Option<(Date, i64, Option<String>)>,
    /// Currency.
    pub currency: Currency,
    /// The first day with data, when the period starts before it.
    pub coverage: Option<Date>,
}

/// Whether the lower-cased words ask about refunds received ("any refunds", "did I get a
/// refund from amazon", "did I get my money back"), not how to ask for one ("how do I get a
/// refund", "I want a refund").
pub(super) fn asks(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    let refund = w.iter().any(|v| {
        matches!(
            v.as_str(),
            "refund" | "refunds" | "refunded" | "reimbursed" | "reimbursement" | "reimbursements"
        )
    }) || (0..w.len()).any(|i| at(i) == "money" && at(i + 1) == "back");
    let acting = Words("want|need|dispute|claim|can|could|should|would|request|policy")
    .iter()
    .any(has)
        || (0..w.len()).any(|i| at(i) == "how" && matches!(at(i + 1), "do" | "to" | "can"));
    refund && !acting
}

/// Whether a transaction is a refund.
fn is_refund(t: &TxnView<'_>) -> bool {
    t.amount > 0
        && t.status == TxnStatus::Posted
        && !matches!(t.category, Some(Category::Income | Category::Transfer))
}

/// The refunds over the asked period (the last 90 days when none was named).
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<Refunds> {
    let period = q.slots.period.clone().unwrap_or_else(|| Period {
        start: today.add_days(-89),
        end: today.add_days(1),
        label: "the last 90 days".into(),
    });
    let currency = main_currency(sel);
    // The merchant only: a refund's category is the purchase's, not what was asked.
    let only_merchant = Slots {
        merchant: q.slots.merchant.clone(),
        merchant_known: q.slots.merchant_known,
        ..Slots::default()
    };
    let filter = Filter::of(&only_merchant);
    let (mut total, mut count) = (0i64, 0usize);
    let mut latest: Option<(i64, i64, Option<String>)> = None;
    visit_period(
        vault,
        summary,
        sel,
        period_bounds(&period, q.offset),
        &filter,
        |t| {
            if t.currency != currency || !filter.keep(t) || !is_refund(t) {
                return;
            }
            total = total.saturating_add(t.amount);
            count += 1;
            if latest.as_ref().is_none_or(|(at, _, _)| t.transacted_at > *at) {
                latest = Some((t.transacted_at, t.amount, t.merchant.map(str::to_string)));
            }
        },
    )?;
    Ok(Refunds {
        coverage: coverage(vault, summary, &period, q.offset)?,
        period: period.label,
        merchant: q
            .slots
            .merchant
            .as_ref()
            .map(|m| (m.clone(), q.slots.merchant_known)),
        total,
        count,
        latest: latest.map(|(at, amount, m)| (local_date(at, q.offset), amount, m)),
        currency,
    })
}

/// Both texts. Device: the count, the sum, the latest refund and its merchant. Platform: a
/// fixed text at `minimal`; at `summary` the rounded sum and the period (no merchant, no
/// day); at `full` the device text without the coverage note, merchants as the vault names
/// them (a merchant only typed is "that merchant").
pub(super) fn texts(r: &Refunds, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let typed = |m: &str| m.to_string();
    let local = sentence(r, &exact, &typed, &period_phrase(&r.period), true)
        + &coverage_note(r.coverage);
    let full = s.level == DisclosureLevel::Full;
    if s.level == DisclosureLevel::Minimal {
        let platform = "Your refunds summary is ready: open the app to view it.".to_string();
        return (local, platform, Vec::new());
    }
    let mut cats = Vec::new();
    if shows_period(&r.period, full) {
        cats.push(DataCategory::Date);
    }
    let shown = period_phrase(&platform_period(&r.period, full));
    let from = match &r.merchant {
        Some((m, true)) if full => {
            cats.push(DataCategory::Merchant);
            format!(" from {}", platform_merchant(m))
        }
        Some(_) => " from that merchant".to_string(),
        None => String::new(),
    };
    let platform = if !full {
        if r.count == 0 {
            format!("No refunds{from} {shown}.")
        } else {
            cats.push(DataCategory::Amount);
            let money = format_money_rounded(r.total, r.currency, s.locale);
            format!("Refunds{from} {shown}: about {money}.")
        }
    } else {
        if r.count > 0 {
            cats.extend([DataCategory::Amount, DataCategory::Number, DataCategory::Date]);
            // The latest's merchant is said when no merchant was asked.
            if r.merchant.is_none() && r.latest.as_ref().is_some_and(|l| l.2.is_some()) {
                cats.push(DataCategory::Merchant);
            }
        }
        let named = |m: &str| match &r.merchant {
            Some((_, false)) => "that merchant".to_string(),
            _ => platform_merchant(m),
        };
        sentence(r, &exact, &named, &shown, false)
    };
    (local, platform, cats)
}

/// "2 refunds from Amazon this month: $45.00 in all, the latest $30.00 from Amazon on Dec
/// 3." `name` shows a merchant; `device` says whose the latest was even when one was asked.
fn sentence(
    r: &Refunds,
    money: &dyn Fn(i64) -> String,
    name: &dyn Fn(&str) -> String,
    period: &str,
    device: bool,
) -> String {
    let from = r
        .merchant
        .as_ref()
        .map(|(m, _)| format!(" from {}", name(m)))
        .unwrap_or_default();
    if r.count == 0 {
        return format!("No refunds{from} {period}.");
    }
    let Some((day, amount, merchant)) = &r.latest else {
        return format!("{} refund{}{from} {period}.", r.count, plural(r.count));
    };
    let whose = match (merchant, r.merchant.is_some() && !device) {
        (Some(m), false) => format!(" from {}", name(m)),
        _ => String::new(),
    };
    if r.count == 1 {
        return format!(
            "1 refund{from} {period}: {}{whose} on {}.",
            money(*amount),
            date_text(*day)
        );
    }
    format!(
        "{} refunds{from} {period}: {} in all, the latest {}{whose} on {}.",
        r.count,
        money(r.total),
        money(*amount),
        date_text(*day)
    )
}

impl std::fmt::Debug for Refunds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("Refunds").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    #[test]
    fn words_that_ask_about_refunds_received() {
        for q in [
            "any refunds this month",
            "did I get a refund from amazon",
            "how much was refunded last month",
            "did i get my money back from target",
            "show my refunds",
        ] {
            assert!(asks(&words(q)), "{q}");
        }
        for q in [
            "how do i get a refund",
            "i want a refund",
            "can i get a refund for this charge",
            "how much did i spend last month",
        ] {
            assert!(!asks(&words(q)), "{q}");
        }
    }

    fn sample(count: usize, merchant: Option<(&str, bool)>) -> Refunds {
        Refunds {
            period: "this month".into(),
            merchant: merchant.map(|(m, k)| (m.to_string(), k)),
            total: 4_500,
            count,
            latest: (count > 0).then(|| (Date::new(2026, 12, 3).unwrap(), 3_000, Some("Amazon".into()))),
            currency: Currency::USD,
            coverage: None,
        }
    }

    fn style(level: DisclosureLevel) -> Style {
        Style {
            level,
            locale: crate::render::money_fmt::Locale::EnUs,
            offset: 0,
        }
    }

    #[test]
    fn texts_at_each_level() {
        let (local, platform, _) = texts(&sample(2, None), &style(DisclosureLevel::Full));
        assert_eq!(
            local,
            "2 refunds this month: $45.00 in all, the latest $30.00 from Amazon on Dec 3."
        );
        assert_eq!(platform, local);
        let (local, platform, cats) =
            texts(&sample(0, Some(("amazon", true))), &style(DisclosureLevel::Full));
        assert_eq!(local, "No refunds from amazon this month.");
        assert_eq!(platform, "No refunds from amazon this month.");
        assert!(cats.contains(&DataCategory::Merchant));
        let (_, platform, cats) = texts(&sample(2, None), &style(DisclosureLevel::Summary));
        assert_eq!(platform, "Refunds this month: about $45.");
        assert!(cats.contains(&DataCategory::Amount) && !cats.contains(&DataCategory::Merchant));
        let (_, platform, cats) =
            texts(&sample(1, Some(("Amazon", true))), &style(DisclosureLevel::Summary));
        assert_eq!(platform, "Refunds from that merchant this month: about $45.");
        assert!(!cats.contains(&DataCategory::Merchant));
        let (_, platform, cats) = texts(&sample(2, None), &style(DisclosureLevel::Minimal));
        assert!(!platform.contains('$') && cats.is_empty());
    }
}
