//! Spending per day, week or month on average: "how much do i spend per week on groceries",
//! "average weekly spending", "what did i spend a day on average last month"; or per
//! purchase: "whats my average grocery bill", "avg costco trip" (the total over the number of
//! purchases).
//!
//! A total for a period would be a figure for another question (a month's total asked as a
//! week's), so the shape has its own answer: the period's spending divided by the days it
//! covers, scaled to the unit. Only days that have happened count (this month on the 5th is
//! 5 days), and none before the first transaction the vault holds (a history that starts in
//! the middle of the period would otherwise read as thrift). Money stays integer: the
//! average is rounded half up to the minor unit.

use super::answer::{coverage, main_currency, spend_total, Answer, Query};
use super::cache::Summary;
use super::phrase::period_phrase;
use super::render::{coverage_note, platform_merchant, platform_period, shows_period, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Period;
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::vault::{Result, Vault};

/// The unit an average is asked per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// A day.
    Day,
    /// A week.
    Week,
    /// A month (365.25 / 12 days).
    Month,
    /// One purchase ("average grocery bill", "avg costco trip").
    Purchase,
    /// A weekend, Saturday and Sunday ("what do I spend on weekends usually"): the spending
    /// of the weekends in the period over their number, never one weekend's total.
    Weekend,
}

impl Per {
    pub(super) fn word(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Week => "week",
            Per::Month => "month",
            Per::Purchase => "purchase",
            Per::Weekend => "weekend",
        }
    }

    /// The unit's length in days as a fraction (numerator, denominator).
    fn days(self) -> (i64, i64) {
        match self {
            Per::Day => (1, 1),
            Per::Week => (7, 1),
            Per::Month => (1461, 48),
            // Not used: a purchase's average divides by the count, a weekend's by the
            // weekends.
            Per::Purchase | Per::Weekend => (1, 1),
        }
    }

    /// The period averaged over when the question names none.
    pub(super) fn default_period(self, today: Date) -> Period {
        let (days, label) = match self {
            Per::Day => (30, "the last 30 days"),
            Per::Purchase => (90, "the last 90 days"),
            Per::Week | Per::Weekend => (84, "the last 12 weeks"),
            Per::Month => (0, "the last 6 months"),
        };
        match self {
            // Six whole months before this one: a month's average over whole months.
            Per::Month => Period {
                start: today.first_of_month().add_months_first(-6),
                end: today.first_of_month(),
                label: label.into(),
            },
            _ => Period {
                start: today.add_days(1 - days),
                end: today.add_days(1),
                label: label.into(),
            },
        }
    }
}

fn unit(w: &str) -> Option<Per> {
    match w {
        "day" => Some(Per::Day),
        "week" => Some(Per::Week),
        "month" => Some(Per::Month),
        _ => None,
    }
}

/// The unit `w` (the message's words) asks an average per, if any: "per week", "a week",
/// "each month", "every day", or "weekly", "daily", "monthly" with "average" or right before
/// a word for spending ("my weekly spend", "monthly expenses": what a week or a month costs
/// on average, never one week's or one month's total).
pub(super) fn per_of(w: &[String]) -> Option<Per> {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    let averaged = has("average") || has("avg") || has("averages") || has("typically");
    // "what do i spend on weekends usually", "my average weekend spending", "per weekend".
    let habit = averaged || has("usually") || has("normally") || has("generally") || has("typical");
    let weekend = (0..w.len()).find(|&i| {
        matches!(at(i), "weekend" | "weekends" | "wknd" | "wknds" | "wkend" | "wkends")
    });
    if let Some(i) = weekend {
        let before = if i > 0 { at(i - 1) } else { "" };
        if habit || matches!(before, "per" | "each" | "every") {
            return Some(Per::Weekend);
        }
    }
    for i in 0..w.len() {
        if let Some(per) = unit(at(i + 1)) {
            let lead = at(i);
            let before = if i > 0 { at(i - 1) } else { "" };
            // "a week ago", "a month of", "in a week", "over a month": periods, not units.
            let a_unit = lead == "a"
                && !matches!(
                    at(i + 2),
                    "ago" | "of" | "before" | "after" | "earlier" | "from" | "later" | "away"
                        | "or" | "and" | "to" | "back" | "since"
                )
                && !matches!(
                    before,
                    "in" | "over" | "for" | "within" | "past" | "last" | "than" | "about"
                );
            // "what do i spend in a week", "what do i usually spend on food in a month": a
            // length of time after spending, or in a question about what is usual, is a unit.
            let usually = has("usually") || has("normally") || has("typically");
            let spent_in = matches!(lead, "a" | "one")
                && before == "in"
                && i >= 2
                && (usually || matches!(at(i - 2), "spend" | "spent" | "spending" | "spends"));
            if matches!(lead, "per" | "each" | "every") || a_unit || spent_in {
                return Some(per);
            }
        }
        // "average grocery bill", "avg costco trip", "average per purchase": one purchase.
        // "my electric bill usually", "my typical grocery bill", "usual costco trip": one too
        // (not "where do i usually shop", "when is it usually due").
        let usual = (habit || has("usual"))
            && matches!(at(i), "bill" | "trip" | "order")
            && !has("where")
            && !has("when");
        if (averaged || usual) && is_one_purchase(at(i)) && !has("card") && !has("credit") {
            return Some(Per::Purchase);
        }
        if averaged || is_spending_word(at(i + 1)) {
            match at(i) {
                "daily" => return Some(Per::Day),
                "weekly" => return Some(Per::Week),
                "monthly" => return Some(Per::Month),
                _ => {}
            }
        }
    }
    // "whats my average at costco", "how much do i spend on average at the cheesecake
    // factory": per visit there; "my average spending": per month. Never the total of a
    // question that asked an average; "above / below (the) average" compares, not this.
    let compares = has("above") || has("below") || has("than");
    if averaged && !compares && !has("card") && !has("credit") && !has("balance") {
        if has("at") {
            return Some(Per::Purchase);
        }
        if w.iter().any(|v| is_spending_word(v)) {
            return Some(Per::Month);
        }
    }
    None
}

/// A word for one purchase that an average can be asked per.
fn is_one_purchase(w: &str) -> bool {
    matches!(
        w,
        "trip" | "trips" | "bill" | "purchase" | "order" | "transaction" | "visit" | "ticket"
            | "receipt" | "basket" | "shop" | "run" | "fill" | "fillup" | "haircut" | "meal"
    )
}

/// A word for spending that "weekly", "daily" or "monthly" can stand before.
fn is_spending_word(w: &str) -> bool {
    matches!(
        w,
        "spend" | "spending" | "spendings" | "spent" | "expenses" | "expense" | "outgoings"
            | "costs" | "purchases" | "shopping"
    )
}

/// The average of the question's spending per `per` over its period (or the default one).
pub(super) fn compute(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all_selected: bool,
    q: &Query<'_>,
    today: Date,
    per: Per,
) -> Result<Answer> {
    let period = q
        .slots
        .period
        .clone()
        // "what do i usually spend on a weekend": the grammar reads one weekend, which an
        // average over weekends is not.
        .filter(|p| per != Per::Weekend || p.end.days() - p.start.days() > 7)
        .unwrap_or_else(|| per.default_period(today));
    if per == Per::Weekend {
        return weekends(vault, summary, sel, q, today, period);
    }
    let (total, count) = spend_total(vault, sel, all_selected, summary, q, &period)?;
    if let (0, Some(m)) = (count, &q.slots.merchant) {
        return Ok(Answer::NoCharges {
            merchant: m.clone(),
            merchant_known: q.slots.merchant_known,
            period: period.label,
        });
    }
    let cover = coverage(vault, summary, &period, q.offset)?;
    let start = cover.map_or(period.start, |d| d.max(period.start));
    let end = period.end.min(today.add_days(1));
    let days = (end.days() - start.days()).max(1);
    let average = match per {
        Per::Purchase => per_purchase(total, count),
        _ => average(total, days, per),
    };
    Ok(Answer::Average {
        per,
        average,
        total,
        count,
        days,
        period: period.label,
        category: q.slots.category,
        merchant: q.slots.merchant.clone(),
        merchant_known: q.slots.merchant_known,
        currency: main_currency(sel),
        coverage: cover,
    })
}

/// The average weekend: the spending on the Saturdays and Sundays of the whole weekends in
/// `period` (those over by today, none before the first data) over their number.
fn weekends(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    today: Date,
    period: Period,
) -> Result<Answer> {
    let cover = coverage(vault, summary, &period, q.offset)?;
    // The first Saturday on or after the start (and the data), the last Sunday before today.
    let start = cover.map_or(period.start, |d| d.max(period.start));
    let first = start.add_days((5 - i64::from(start.weekday())).rem_euclid(7));
    let end = period.end.min(today);
    // The weekends whose Sunday is over: Saturday + 2 <= end.
    let n = match end.days() - first.days() {
        d if d >= 2 => (d - 2) / 7 + 1,
        // No whole weekend in the dates asked: which dates, never an average of none.
        _ => return Ok(Answer::Clarify),
    };
    let filter = super::filter::Filter::of_query(q);
    let currency = main_currency(sel);
    let until = first.add_days(7 * (n - 1) + 2);
    let (mut total, mut count) = (0i64, 0usize);
    let bounds = super::answer::period_bounds(
        &Period {
            start: first,
            end: until.max(first),
            label: String::new(),
        },
        q.offset,
    );
    super::answer::visit_period(vault, summary, sel, bounds, &filter, |t| {
        let day = crate::time::local_date(t.transacted_at, q.offset);
        if t.currency != currency || !filter.keep(t) || day.weekday() < 5 {
            return;
        }
        if let Some(spent) = super::cache::spend_of(t) {
            total += spent;
            count += 1;
        }
    })?;
    if let (0, Some(m)) = (count, &q.slots.merchant) {
        return Ok(Answer::NoCharges {
            merchant: m.clone(),
            merchant_known: q.slots.merchant_known,
            period: period.label,
        });
    }
    let weekends = usize::try_from(n.max(0)).unwrap_or(0);
    Ok(Answer::Average {
        per: Per::Weekend,
        average: per_purchase(total, weekends),
        total,
        count,
        days: 2 * n.max(0),
        period: format!(
            "the {weekends} weekends {}",
            super::phrase::period_phrase(&period.label)
        ),
        category: q.slots.category,
        merchant: q.slots.merchant.clone(),
        merchant_known: q.slots.merchant_known,
        currency,
        coverage: cover,
    })
}

/// `total` over `count` purchases, rounded half up to the minor unit (0 with none).
pub(super) fn per_purchase(total: i64, count: usize) -> i64 {
    let Ok(n) = i128::try_from(count) else {
        return 0;
    };
    if n == 0 {
        return 0;
    }
    let t = i128::from(total);
    i64::try_from((2 * t + n) / (2 * n)).unwrap_or(i64::MAX)
}

/// `total` spent over `days` days, per `per`, rounded half up to the minor unit.
pub(super) fn average(total: i64, days: i64, per: Per) -> i64 {
    let (num, den) = per.days();
    let (n, d) = (i128::from(total) * i128::from(num), i128::from(days * den));
    i64::try_from((2 * n + d) / (2 * d)).unwrap_or(i64::MAX)
}

/// The parts of [`Answer::Average`] a text is made from.
pub(super) struct AverageText<'a> {
    pub per: Per,
    pub average: i64,
    pub total: i64,
    pub count: usize,
    pub days: i64,
    pub period: &'a str,
    pub category: Option<crate::model::Category>,
    pub merchant: Option<&'a str>,
    pub merchant_known: bool,
    pub currency: Currency,
    pub coverage: Option<Date>,
}

/// Both texts: at `minimal` a fixed platform text; at `summary` the rounded average and the
/// category (never a merchant); at `full` the exact average and a merchant the vault knows.
pub(super) fn texts(a: &AverageText<'_>, s: &Style) -> Texts {
    let what = match (a.merchant, a.category) {
        (Some(m), _) => format!(" at {m}"),
        (None, Some(c)) => format!(" on {}", c.as_str()),
        (None, None) => String::new(),
    };
    let exact = |v: i64| format_money(v, a.currency, s.locale);
    let plural = if a.count == 1 { "" } else { "s" };
    let local = match a.per {
        Per::Purchase => format!(
            "On average you spent {} a purchase{what} {}: {} over {} purchase{plural}.{}",
            exact(a.average),
            period_phrase(a.period),
            exact(a.total),
            a.count,
            coverage_note(a.coverage)
        ),
        _ => format!(
            "On average you spent {} a {}{what} {}: {} in all over {} days ({} purchase{plural}).{}",
            exact(a.average),
            a.per.word(),
            period_phrase(a.period),
            exact(a.total),
            a.days,
            a.count,
            coverage_note(a.coverage)
        ),
    };
    if s.level == DisclosureLevel::Minimal {
        let platform = "Your spending summary is ready: open the app to view it.".to_string();
        return (local, platform, Vec::new());
    }
    let full = s.level == DisclosureLevel::Full;
    let mut cats = vec![DataCategory::Amount];
    let what = match (a.merchant, a.category) {
        (Some(m), _) if full && a.merchant_known => {
            cats.push(DataCategory::Merchant);
            format!(" at {}", platform_merchant(m))
        }
        (Some(_), _) => " at that merchant".to_string(),
        (None, Some(c)) => {
            cats.push(DataCategory::Category);
            format!(" on {}", c.as_str())
        }
        (None, None) => String::new(),
    };
    if shows_period(a.period, full) {
        cats.push(DataCategory::Date);
    }
    let money = if full {
        exact(a.average)
    } else {
        format!(
            "about {}",
            format_money_rounded(a.average, a.currency, s.locale)
        )
    };
    let platform = format!(
        "On average you spent {money} a {}{what} {}.",
        a.per.word(),
        period_phrase(&platform_period(a.period, full))
    );
    (local, platform, cats)
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    fn per(text: &str) -> Option<Per> {
        per_of(&words(text))
    }

    #[test]
    fn units_asked_per() {
        assert_eq!(
            per("how much do i spend per week on groceries"),
            Some(Per::Week)
        );
        assert_eq!(per("average weekly spending"), Some(Per::Week));
        assert_eq!(
            per("what did i spend a day on average last month"),
            Some(Per::Day)
        );
        assert_eq!(per("how much is netflix a month"), Some(Per::Month));
        assert_eq!(per("my avg monthly dining"), Some(Per::Month));
        assert_eq!(per("how much do i spend on average at the cheesecake factory"), Some(Per::Purchase));
        assert_eq!(per("average at costco per month"), Some(Per::Month));
        assert_eq!(per("each week at starbucks"), Some(Per::Week));
        assert_eq!(per("my weekly spending"), Some(Per::Week));
        assert_eq!(per("whats my weekly spend on eating out"), Some(Per::Week));
        assert_eq!(per("monthly spending on gas this year"), Some(Per::Month));
        assert_eq!(per("daily expenses last month"), Some(Per::Day));
        assert_eq!(per("how much do i spend in a week"), Some(Per::Week));
        assert_eq!(per("spending in a month"), Some(Per::Month));
        assert_eq!(per("whats my average grocery bill"), Some(Per::Purchase));
        assert_eq!(per("avg costco trip"), Some(Per::Purchase));
        assert_eq!(per("whats my average fill up"), Some(Per::Purchase));
        assert_eq!(per("average haircut this year"), Some(Per::Purchase));
        assert_eq!(per("whats my electric bill usually"), Some(Per::Purchase));
        assert_eq!(per("whats my average at costco"), Some(Per::Purchase));
        assert_eq!(per("avg at starbucks this year"), Some(Per::Purchase));
        assert_eq!(per("whats my average spending"), Some(Per::Month));
        assert_eq!(per("is that above average"), None);
        assert_eq!(per("average balance on my card"), None);
        assert_eq!(per("my typical grocery bill"), Some(Per::Purchase));
        assert_eq!(per("where do i usually shop"), None);
        assert_eq!(per("when is my phone bill usually due"), None);
        assert_eq!(per("average amount per grocery trip"), Some(Per::Purchase));
        assert_eq!(per("whats my average credit card bill"), None);
    }

    #[test]
    fn periods_are_not_units() {
        for q in [
            "what did i spend a week ago",
            "how much over the past week",
            "monthly statement",
            "my weekly budget",
            "monthly payment due",
            "how much did i spend last month",
            "spending by day",
            "my transactions a week from today",
            "a week or two ago",
        ] {
            assert_eq!(per(q), None, "{q}");
        }
    }

    #[test]
    fn a_purchases_average_is_the_total_over_the_count() {
        assert_eq!(per_purchase(10_000, 3), 3_333);
        assert_eq!(per_purchase(10_001, 2), 5_001);
        assert_eq!(per_purchase(5, 0), 0);
    }

    #[test]
    fn averages_are_rounded_half_up_in_minor_units() {
        // $100.00 over 14 days: $50.00 a week, $7.14 a day (714.28…).
        assert_eq!(average(10_000, 14, Per::Week), 5_000);
        assert_eq!(average(10_000, 14, Per::Day), 714);
        // 1 cent over 2 days: half a cent a day rounds up.
        assert_eq!(average(1, 2, Per::Day), 1);
        // $300 over 91.3125 days (3 months of 30.4375): $100 a month.
        assert_eq!(average(30_000, 91, Per::Month), 10_034);
        assert_eq!(average(0, 30, Per::Month), 0);
        assert_eq!(average(i64::MAX, 1, Per::Week), i64::MAX);
    }

    #[test]
    fn default_periods() {
        let today = Date::new(2026, 12, 5).unwrap();
        let week = Per::Week.default_period(today);
        assert_eq!(week.end.days() - week.start.days(), 84);
        assert_eq!(week.end, today.add_days(1));
        let month = Per::Month.default_period(today);
        assert_eq!(month.start, Date::new(2026, 6, 1).unwrap());
        assert_eq!(month.end, Date::new(2026, 12, 1).unwrap());
    }
}
