//! "What subscriptions do I have", "list my recurring charges", "how much do I pay for
//! subscriptions a month": the merchants charging on a regular schedule, each with its usual
//! amount, and the monthly total.
//!
//! What counts as recurring (decided here, said in the reply): over the three calendar months
//! before the one the question ends in, plus that month so far, a merchant is recurring when
//! - its charges are in the `subscriptions` category, or
//! - it charged at least three times, a month apart each time (25 to 35 days), each within 5%
//!   of its latest amount; rent and bills (`housing`, `bills`) are left to their own answers,
//!   since their amounts vary and they are not subscriptions;
//!
//! and its latest charge is at most 45 days old (a lapsed subscription is no longer one).
//! Charges need a merchant name (a bank's raw description carries reference numbers). The
//! usual amount is the latest charge (a price rise shows at once); the monthly total is their
//! sum, every cadence taken as monthly. With a period ("and last month?") the same merchants'
//! charges in that period are listed and summed instead. "just netflix" keeps that merchant.

use super::answer::{main_currency, period_bounds, visit_period, Query};
use super::cache::Summary;
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{date_text, platform_merchant, platform_period, plural, shows_period, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Slots;
use crate::model::{Account, Category};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// Days between two charges of a monthly schedule.
const MONTHLY_GAP: std::ops::RangeInclusive<i64> = 25..=35;
/// The most the latest charge may be old for the merchant to still be charging.
const LAPSED_AFTER_DAYS: i64 = 45;
/// How far (in percent) a charge may be from the latest for "the same amount".
const SAME_AMOUNT_PCT: i64 = 5;

/// One recurring merchant.
#[derive(Clone, PartialEq, Eq)]
pub struct Row {
    /// The merchant as the vault names it.
    pub merchant: String,
    /// The usual (latest) amount, or the period's sum when a period was asked (positive).
    pub amount: i64,
    /// The latest charge's day (in the period, when one was asked).
    pub last: Date,
}

/// The recurring charges found.
#[derive(Clone, PartialEq, Eq)]
pub struct Recurring {
    /// The period asked about, if any: then amounts are what was charged in it.
    pub period: Option<String>,
    /// The merchants, largest first.
    pub rows: Vec<Row>,
    /// Their sum: a month's worth, or the period's.
    pub total: i64,
    /// The merchant the person narrowed to ("just netflix"), and whether the vault knows it.
    pub merchant: Option<(String, bool)>,
    /// Currency.
    pub currency: Currency,
}

/// Whether the lower-cased words ask for the recurring charges: "recurring charges" in any
/// phrasing, or subscriptions listed ("what / which / show / list … subscriptions", without a
/// spending word: "what did I spend on subscriptions" is a total) or priced per month ("how
/// much do I pay for subscriptions a month"). Rankings, counts, comparisons and requests to
/// change a subscription are not.
pub(super) fn asks(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    let other = [
        "most", "top", "biggest", "largest", "cheapest", "many", "count", "compare", "vs",
        "versus", "than", "cancel", "stop", "pause", "unsubscribe", "add", "change", "upgrade",
        "start", "renew",
    ];
    // "when does spotify charge me next", "when will netflix bill me next": a payee's next
    // charge, from its monthly schedule (never the card's bill).
    let card = ["card", "credit", "statement", "minimum", "due", "paycheck", "pay"];
    if (has("when") || has("whens"))
        && has("next")
        && Words("charge|charges|bill|bills|renew|renews").iter().any(&has)
        && !card.iter().any(|x| has(x))
    {
        return true;
    }
    if other.iter().any(|x| has(x)) {
        return false;
    }
    let recurring = (0..w.len()).any(|i| {
        matches!(at(i), "recurring" | "repeating" | "reoccurring")
            && matches!(
                at(i + 1),
                "charge" | "charges" | "payment" | "payments" | "bills" | "subscriptions"
                    | "expenses" | "debits" | "transactions" | "costs"
            )
    });
    if recurring {
        return true;
    }
    if !w
        .iter()
        .any(|v| matches!(v.as_str(), "subscription" | "subscriptions" | "subscribed"))
    {
        return false;
    }
    let spending = Words("spend|spent|spending").iter().any(&has);
    // "my subscriptions" lists them; "how much were my subscriptions" is a total.
    let listing = Words("what|whats|which|list|show|have|active|all")
        .iter()
        .any(&has)
        || (has("my") && !has("much"));
    let per_month = has("monthly")
        || (0..w.len())
            .any(|i| matches!(at(i), "a" | "per" | "each" | "every") && at(i + 1) == "month");
    let priced = Words("pay|paying|cost|costs|spend|total|much")
        .iter()
        .any(has);
    (listing && !spending) || (per_month && priced)
}

/// One merchant's charges seen in the window.
#[derive(Default)]
struct Seen {
    /// (day, amount positive, in the asked period)
    charges: Vec<(Date, i64, bool)>,
    subscription: bool,
    bill: bool,
}

impl Seen {
    /// Whether the charges come monthly (at least three, each 25 to 35 days after the one
    /// before) and still do at `end` (excluded).
    fn on_schedule(&self, end: Date) -> bool {
        self.charges.len() >= 3
            && self.charges.last().is_some_and(|l| end.days() - l.0.days() <= LAPSED_AFTER_DAYS)
            && self
                .charges
                .windows(2)
                .all(|p| MONTHLY_GAP.contains(&(p[1].0.days() - p[0].0.days())))
    }

    /// Whether these charges are a recurring schedule still running at `end` (excluded).
    fn recurring(&self, end: Date) -> bool {
        let Some(&(last, latest, _)) = self.charges.last() else {
            return false;
        };
        if end.days() - last.days() > LAPSED_AFTER_DAYS {
            return false;
        }
        if self.subscription {
            return true;
        }
        !self.bill
            && self.on_schedule(end)
            && self
                .charges
                .iter()
                .all(|(_, a, _)| (a - latest).abs() * 100 <= latest * SAME_AMOUNT_PCT)
    }
}

/// The merchants' charges (money out, the main currency, transfers and income aside) over
/// `window`, each marked whether it falls in `period`.
fn seen_in(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    window: &crate::intent::Period,
    period: Option<&crate::intent::Period>,
    offset: i32,
) -> Result<Vec<(String, Seen)>> {
    let currency = main_currency(sel);
    let mut names = super::everyday::Groups::default();
    let mut seen: Vec<(String, Seen)> = Vec::new();
    let everything = Filter::of(&Slots::default());
    visit_period(
        vault,
        summary,
        sel,
        period_bounds(window, offset),
        &everything,
        |t| {
            let Some(name) = t.merchant else { return };
            if t.amount >= 0
                || t.currency != currency
                || matches!(t.category, Some(Category::Transfer | Category::Income))
            {
                return;
            }
            let day = local_date(t.transacted_at, offset);
            let in_period = period.is_some_and(|p| p.start <= day && day < p.end);
            let (i, new) = names.of(name);
            if new {
                seen.push((name.to_string(), Seen::default()));
            }
            let Some((_, entry)) = seen.get_mut(i) else { return };
            // Kept in order of days as they come (no sort compiled in for this alone).
            let at = entry.charges.partition_point(|c| c.0 <= day);
            entry
                .charges
                .insert(at, (day, t.amount.saturating_neg(), in_period));
            entry.subscription |= t.category == Some(Category::Subscriptions);
            entry.bill |= matches!(t.category, Some(Category::Bills | Category::Housing));
        },
    )?;
    Ok(seen)
}

/// The window the schedules are read over: the three calendar months before the one `end`
/// (excluded) falls in, and that month up to `end`.
fn window_to(end: Date) -> crate::intent::Period {
    crate::intent::Period {
        start: end.add_days(-1).first_of_month().add_months_first(-3),
        end,
        label: String::new(),
    }
}

/// A monthly bill (rent or a bill: its amount may vary) still running today.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Bill {
    /// The payee as the vault names it.
    pub merchant: String,
    /// Its latest charge's day.
    pub last: Date,
    /// Its charges' mean over the window (positive).
    pub typical: i64,
    /// When the next would come, a month after the latest.
    pub next: Date,
}

/// The monthly bills (rent and bills) as of `today`, read by the same schedule rule as the
/// subscriptions (at least three charges, each 25 to 35 days after the one before, the latest
/// at most 45 days old), with any amount.
pub(super) fn bills(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    offset: i32,
    today: Date,
) -> Result<Vec<Bill>> {
    let end = today.add_days(1);
    let seen = seen_in(vault, sel, summary, &window_to(end), None, offset)?;
    let mut out = Vec::new();
    for (merchant, s) in seen {
        let Some(&(last, _, _)) = s.charges.last() else { continue };
        if !s.bill || !s.on_schedule(end) {
            continue;
        }
        let n = i64::try_from(s.charges.len()).unwrap_or(1).max(1);
        let sum: i64 = s.charges.iter().map(|c| c.1).sum();
        out.push(Bill {
            merchant,
            last,
            typical: (sum + n / 2) / n,
            next: next_monthly(last),
        });
    }
    Ok(out)
}

/// The recurring charges as of the asked period's end (or today).
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<Recurring> {
    let period = q.slots.period.as_ref();
    let end = period.map_or(today.add_days(1), |p| p.end.min(today.add_days(1)));
    let mut window = window_to(end);
    window.start = period.map_or(window.start, |p| p.start.min(window.start));
    let currency = main_currency(sel);
    let seen = seen_in(vault, sel, summary, &window, period, q.offset)?;
    let merchant = q
        .slots
        .merchant
        .as_ref()
        .map(|m| (m.clone(), q.slots.merchant_known));
    let mut rows = Vec::new();
    for (name, mut s) in seen {
        // The schedule is read over the months before the period's end only.
        s.charges.retain(|c| c.0 < end);
        if !s.recurring(end) || !narrowed_to(&name, merchant.as_ref()) {
            continue;
        }
        let row = match period {
            None => s.charges.last().map(|&(last, amount, _)| Row {
                merchant: name,
                amount,
                last,
            }),
            Some(_) => {
                let inside: Vec<&(Date, i64, bool)> = s.charges.iter().filter(|c| c.2).collect();
                inside.last().map(|&&(last, _, _)| Row {
                    merchant: name,
                    amount: inside.iter().map(|c| c.1).sum(),
                    last,
                })
            }
        };
        // Largest first, then by name.
        if let Some(row) = row {
            let at = rows.partition_point(|r: &Row| {
                r.amount > row.amount || (r.amount == row.amount && r.merchant <= row.merchant)
            });
            rows.insert(at, row);
        }
    }
    Ok(Recurring {
        period: period.map(|p| p.label.clone()),
        total: rows.iter().map(|r| r.amount).sum(),
        rows,
        merchant,
        currency,
    })
}

/// Whether a recurring merchant is the one the person narrowed to (all of them when none).
fn narrowed_to(name: &str, merchant: Option<&(String, bool)>) -> bool {
    match merchant {
        None => true,
        Some((m, true)) => name.eq_ignore_ascii_case(m),
        Some((m, false)) => crate::intent::slots::merchant_written_in(name, &m.to_lowercase()),
    }
}

/// Both texts. Device: every merchant, its amount and day, the total and what "recurring"
/// counted. Platform: a fixed text at `minimal`; at `summary` the rounded total only (no
/// merchant, no day); at `full` the device's list without the definition note.
pub(super) fn texts(r: &Recurring, s: &Style) -> Texts {
    let full = s.level == DisclosureLevel::Full;
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let local = device(r, &exact, &|m: &str| m.to_string(), r.period.as_deref())
        + "\n(Recurring: subscriptions, and other merchants charging the same amount every month; rent and bills are not counted.)";
    let mut cats = Vec::new();
    let platform = match s.level {
        DisclosureLevel::Minimal => {
            "Your recurring charges are ready: open the app to view them.".to_string()
        }
        DisclosureLevel::Summary => {
            let shown = r
                .period
                .as_deref()
                .map(|p| period_phrase(&platform_period(p, false)));
            if r.period.as_deref().is_some_and(|p| shows_period(p, false)) {
                cats.push(DataCategory::Date);
            }
            if r.rows.is_empty() {
                match shown {
                    Some(p) => format!("I found no recurring charges {p}."),
                    None => "I found no recurring charges.".to_string(),
                }
            } else {
                cats.push(DataCategory::Amount);
                let money = format!(
                    "about {}",
                    format_money_rounded(r.total, r.currency, s.locale)
                );
                match shown {
                    Some(p) => format!("Your recurring charges came to {money} {p}."),
                    None => format!("Your recurring charges come to {money} a month."),
                }
            }
        }
        DisclosureLevel::Full => {
            let shown = r.period.as_deref().map(|p| platform_period(p, full));
            if r.period.as_deref().is_some_and(|p| shows_period(p, full)) {
                cats.push(DataCategory::Date);
            }
            if !r.rows.is_empty() {
                cats.extend([DataCategory::Amount, DataCategory::Merchant, DataCategory::Date]);
                if !one_named(r, shown.as_deref()) {
                    // "You have 2 recurring charges", "(3 merchants)".
                    cats.push(DataCategory::Number);
                }
            } else if r.merchant.as_ref().is_some_and(|m| m.1) {
                cats.push(DataCategory::Merchant);
            }
            device(r, &exact, &platform_name, shown.as_deref())
        }
    };
    (local, platform, cats)
}

/// A merchant the person typed is not repeated to the platform; a vault name is, from its
/// letters.
fn platform_name(m: &str) -> String {
    platform_merchant(m)
}

/// Whether the text is the one-merchant sentence ("Netflix charges you $17.99 a month"), which
/// counts nothing.
fn one_named(r: &Recurring, period: Option<&str>) -> bool {
    r.rows.len() == 1 && r.merchant.is_some() && period.is_none()
}

/// The text listing the recurring charges, with `money` and `name` formatting.
/// The same day a month after `last` (the month's last day when it is shorter): when a
/// monthly charge comes next.
fn next_monthly(last: Date) -> Date {
    let first = last.first_of_month().add_months_first(1);
    let days = crate::time::days_in_month(first.year, first.month);
    first.add_days(i64::from(last.day.min(days)) - 1)
}

fn device(
    r: &Recurring,
    money: &dyn Fn(i64) -> String,
    name: &dyn Fn(&str) -> String,
    period: Option<&str>,
) -> String {
    let when = period.map(period_phrase);
    if r.rows.is_empty() {
        return match (&r.merchant, when) {
            (Some((m, known)), when) => {
                let m = if *known { name(m) } else { "That merchant".to_string() };
                match when {
                    Some(p) => format!("{m} is not among your recurring charges {p}."),
                    None => format!("{m} is not among your recurring charges."),
                }
            }
            (None, Some(p)) => format!("I found no recurring charges {p}."),
            (None, None) => "I found no recurring charges in the last three months.".into(),
        };
    }
    if let (true, [row]) = (one_named(r, period), r.rows.as_slice()) {
        return format!(
            "{} charges you {} a month, last on {}, so next about {}.",
            name(&row.merchant),
            money(row.amount),
            date_text(row.last),
            date_text(next_monthly(row.last))
        );
    }
    let n = r.rows.len();
    let head = match when {
        Some(p) => format!(
            "Your recurring charges {p}: {} in all ({n} merchant{}):",
            money(r.total),
            plural(n)
        ),
        None => format!(
            "You have {n} recurring charge{}, {} a month in all:",
            plural(n),
            money(r.total)
        ),
    };
    let lines = r.rows.iter().map(|row| {
        let day = if period.is_some() { "" } else { "last " };
        format!(
            "{} {} ({day}{})",
            name(&row.merchant),
            money(row.amount),
            date_text(row.last)
        )
    });
    std::iter::once(head)
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n")
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("Row").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Recurring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("Recurring").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    fn d(m: u32, day: u32) -> Date {
        Date::new(2026, m, day).unwrap()
    }

    #[test]
    fn words_that_ask_for_recurring_charges() {
        for q in [
            "what subscriptions do I have",
            "list my recurring charges",
            "how much do I pay for subscriptions a month",
            "show my subscriptions",
            "which subscriptions am i paying for",
            "my recurring payments",
            "monthly subscriptions cost",
            "my subscriptions",
            "what am i subscribed to",
            "when does spotify charge me next",
            "when will netflix bill me next",
            "whens hulu next charge",
        ] {
            assert!(asks(&words(q)), "{q}");
        }
        for q in [
            "subscriptions last month",
            "how much did i spend on subscriptions last month",
            "what did i spend on subscriptions",
            "whats my biggest subscription",
            "how many subscriptions do i have",
            "cancel my netflix subscription",
            "show my netflix charges",
            "how much were my subscriptions last month",
            "when is my next credit card bill due",
            "when is my next payment due",
        ] {
            assert!(!asks(&words(q)), "{q}");
        }
    }

    fn seen(charges: &[(Date, i64)], subscription: bool, bill: bool) -> Seen {
        Seen {
            charges: charges.iter().map(|&(d, a)| (d, a, false)).collect(),
            subscription,
            bill,
        }
    }

    #[test]
    fn a_monthly_same_amount_merchant_is_recurring() {
        let gym = [(d(9, 3), 2_499), (d(10, 3), 2_499), (d(11, 3), 2_499)];
        assert!(seen(&gym, false, false).recurring(d(12, 6)));
        // Lapsed: nothing for more than 45 days.
        assert!(!seen(&gym, false, false).recurring(d(12, 31)));
        // Two charges are not yet a schedule; rent and bills are not subscriptions.
        assert!(!seen(&gym[1..], false, false).recurring(d(12, 6)));
        assert!(!seen(&gym, false, true).recurring(d(12, 6)));
    }

    #[test]
    fn amounts_or_intervals_that_vary_are_not() {
        let varied = [(d(9, 3), 2_000), (d(10, 3), 2_499), (d(11, 3), 2_499)];
        assert!(!seen(&varied, false, false).recurring(d(12, 6)));
        let weekly = [(d(11, 3), 2_499), (d(11, 10), 2_499), (d(11, 17), 2_499)];
        assert!(!seen(&weekly, false, false).recurring(d(12, 6)));
        // Within 5% is the same amount (a tax change).
        let close = [(d(9, 3), 2_400), (d(10, 3), 2_450), (d(11, 3), 2_499)];
        assert!(seen(&close, false, false).recurring(d(12, 6)));
    }

    #[test]
    fn the_subscriptions_category_is_recurring_whatever_its_schedule() {
        let netflix = [(d(11, 19), 1_799)];
        assert!(seen(&netflix, true, false).recurring(d(12, 6)));
        assert!(!seen(&netflix, true, false).recurring(d(1, 30).add_days(365)));
    }

    fn sample(period: Option<&str>) -> Recurring {
        Recurring {
            period: period.map(str::to_string),
            rows: vec![
                Row {
                    merchant: "Netflix".into(),
                    amount: 1_799,
                    last: d(11, 19),
                },
                Row {
                    merchant: "Spotify".into(),
                    amount: 1_199,
                    last: d(11, 13),
                },
            ],
            total: 2_998,
            merchant: None,
            currency: Currency::USD,
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
        let r = sample(None);
        let (local, platform, cats) = texts(&r, &style(DisclosureLevel::Full));
        assert!(local.starts_with("You have 2 recurring charges, $29.98 a month in all:"));
        assert!(local.contains("Netflix $17.99 (last Nov 19)"), "{local}");
        assert!(platform.contains("Netflix $17.99") && !platform.contains("Recurring:"));
        assert!(cats.contains(&DataCategory::Merchant));
        let (_, platform, cats) = texts(&r, &style(DisclosureLevel::Summary));
        assert_eq!(platform, "Your recurring charges come to about $30 a month.");
        assert_eq!(cats, vec![DataCategory::Amount]);
        let (_, platform, cats) = texts(&r, &style(DisclosureLevel::Minimal));
        assert!(!platform.contains('$') && cats.is_empty());
        let mut one = sample(None);
        one.rows.truncate(1);
        one.total = 1_799;
        one.merchant = Some(("Netflix".into(), true));
        let (local, _, _) = texts(&one, &style(DisclosureLevel::Full));
        assert!(local.starts_with("Netflix charges you $17.99 a month, last on Nov 19, so next about Dec 19."));
        let (local, _, _) = texts(&sample(Some("last month")), &style(DisclosureLevel::Full));
        assert!(local.starts_with("Your recurring charges last month: $29.98 in all"));
    }
}
