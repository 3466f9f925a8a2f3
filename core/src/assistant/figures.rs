//! Answers with a shape beyond a total: two periods compared, the top categories or
//! merchants, and counts. Every figure is a spending total in the sense of
//! [`super::cache::spend_of`] (never netting in income or transfers).

use super::answer::{
    main_currency, period_bounds, period_or_default, spend_total, visit_period, Answer, Query,
};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::shape::{RankBy, Shape};
use crate::intent::Period;
use crate::model::Account;
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};
use std::collections::HashMap;

/// Computes a comparison, ranking or count.
pub(crate) fn shaped(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all_selected: bool,
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    match q.shape {
        Shape::Compare(other) => compare(vault, summary, sel, all_selected, q, today, other),
        Shape::Rank(by, n) => rank(vault, summary, sel, all_selected, q, today, *by, Some(*n)),
        Shape::Least(by) => rank(vault, summary, sel, all_selected, q, today, *by, None),
        Shape::Average(per) => {
            super::average::compute(vault, summary, sel, all_selected, q, today, *per)
        }
        _ => count(vault, summary, sel, q, today),
    }
}

/// "2026-11-29" as "Nov 29", "2026-11" as "November 2026".
fn calendar_name(iso: &str) -> Option<String> {
    let mut parts = iso.split('-').map(str::parse::<u32>);
    let year = i32::try_from(parts.next()?.ok()?).ok()?;
    let month = parts.next()?.ok()?;
    match parts.next() {
        Some(day) => Some(super::render::date_text(Date::new(year, month, day.ok()?)?)),
        None => Some(format!("{} {year}", super::render::month_title(month)?)),
    }
}

/// The last `n` whole months and this month so far.
fn last_months(today: Date, n: i32) -> Period {
    Period {
        start: today.add_months_first(-(n - 1)),
        end: today.add_days(1),
        label: format!("the last {n} months"),
    }
}

/// The last `n` days up to today, as "the last N days" reads.
fn last_days(today: Date, n: i64) -> Period {
    Period {
        start: today.add_days(1 - n),
        end: today.add_days(1),
        label: format!("the last {n} days"),
    }
}

/// This month so far, the default first side of "did I spend more than last month?".
fn month_so_far(today: Date) -> Period {
    Period {
        start: today.first_of_month(),
        end: today.add_days(1),
        label: "this month so far".into(),
    }
}

fn compare(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all_selected: bool,
    q: &Query<'_>,
    today: Date,
    other: &Period,
) -> Result<Answer> {
    // The period the slots found may be the compared one ("more than last month").
    let first = match &q.slots.period {
        Some(p) if p.start != other.start || p.end != other.end => p.clone(),
        _ => month_so_far(today),
    };
    let (a, _) = spend_total(vault, sel, all_selected, summary, q, &first)?;
    let (b, _) = spend_total(vault, sel, all_selected, summary, q, other)?;
    let earlier = if other.start < first.start {
        other
    } else {
        &first
    };
    let coverage = super::answer::coverage(vault, summary, earlier, q.offset)?;
    // "this year vs last year" with data from Dec 6: last year is 26 days, not a year.
    let half = earlier.start.add_days((earlier.end.days() - earlier.start.days()) / 2);
    let too_little_data = coverage.is_some_and(|first| first > half);
    Ok(Answer::Comparison {
        too_little_data,
        coverage,
        category: q.slots.category,
        merchant: q
            .slots
            .merchant
            .clone()
            .map(|m| (m, q.slots.merchant_known)),
        first: (first.label, a),
        second: (other.label.clone(), b),
        currency: main_currency(sel),
    })
}

/// The top `n` rows, or with `top` `None` the one with the least spending ("which month did I
/// spend the least": only whole months with data count, never this month so far or the month
/// the data starts in).
#[allow(clippy::too_many_arguments)]
fn rank(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all_selected: bool,
    q: &Query<'_>,
    today: Date,
    by: RankBy,
    top: Option<usize>,
) -> Result<Answer> {
    // Days are ranked over the last 90 days by default: a month's first days are too few.
    let period = q.slots.period.clone().unwrap_or_else(|| match by {
        RankBy::Day => last_days(today, 90),
        RankBy::Month | RankBy::Weekday => last_months(today, 12),
        // How often, and what a visit costs: a habit, over the last year.
        RankBy::Visits | RankBy::PerVisit => last_days(today, 365),
        // Where the money goes: the last 30 days, never a month's first few days.
        RankBy::Category | RankBy::Merchant => last_days(today, 30),
    });
    let currency = main_currency(sel);
    let by_merchant = by.is_merchant();
    let mut rows = match by {
        RankBy::Day | RankBy::Month | RankBy::Weekday => {
            by_time(vault, summary, sel, q, &period, by, currency)?
        }
        _ => {
            let r = super::rank_rows::Ranked {
                vault,
                summary,
                sel,
                all_selected,
                currency,
            };
            super::rank_rows::rows(&r, q, &period, by)?
        }
    };
    rows.retain(|(_, v)| *v > 0);
    if top.is_none() && by == RankBy::Month {
        let partial = partial_months(vault, summary, &period, today, q.offset)?;
        rows.retain(|(month, _)| !partial.contains(month));
    }
    crate::sort::by(&mut rows, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    match top {
        Some(n) => rows.truncate(n.clamp(1, 10)),
        None => {
            let last = rows.len().saturating_sub(1);
            rows.drain(..last);
        }
    }
    if matches!(by, RankBy::Day | RankBy::Month) {
        // Ranked by ISO date (ties go to the earlier one), shown as "Nov 29" or "November 2026".
        for (name, _) in &mut rows {
            *name = calendar_name(name).unwrap_or_default();
        }
    }
    if by_merchant {
        for (name, _) in &mut rows {
            if let Some(shown) = summary
                .merchants
                .iter()
                .find(|m| m.eq_ignore_ascii_case(name))
            {
                name.clone_from(shown);
            }
        }
    }
    Ok(Answer::Ranking {
        by,
        least: top.is_none(),
        period: period.label,
        rows,
        currency,
    })
}

/// Spending per day, month ("2026-11") or weekday over `period`, unsorted.
fn by_time(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    period: &Period,
    by: RankBy,
    currency: crate::money::Currency,
) -> Result<Vec<(String, i64)>> {
    let filter = Filter::of_query(q);
    let mut sums: HashMap<String, i64> = HashMap::new();
    visit_period(vault, summary, sel, period_bounds(period, q.offset), &filter, |t| {
        let (true, Some(spent)) = (t.currency == currency && filter.keep(t), spend_of(t)) else {
            return;
        };
        let d = local_date(t.transacted_at, q.offset);
        let key = match by {
            RankBy::Month => format!("{:04}-{:02}", d.year, d.month),
            RankBy::Weekday => WEEKDAYS[d.weekday() as usize % 7].to_string(),
            _ => d.to_string(),
        };
        *sums.entry(key).or_insert(0) += spent;
    })?;
    Ok(sums.into_iter().collect())
}

/// Weekday names, Monday first (as [`Date::weekday`] counts).
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The months ("2026-12") of `period` that are not whole: this month so far, and the month
/// the data starts in when it starts after the 1st. A month with little spending because it
/// is cut short is not "the month I spent the least".
fn partial_months(
    vault: &Vault,
    summary: &Summary,
    period: &Period,
    today: Date,
    offset: i32,
) -> Result<Vec<String>> {
    let iso = |d: Date| format!("{:04}-{:02}", d.year, d.month);
    let mut partial = vec![iso(today)];
    if let Some(first) = super::answer::coverage(vault, summary, period, offset)? {
        if first.day != 1 {
            partial.push(iso(first));
        }
    }
    let (start, end) = (period.start, period.end.add_days(-1));
    if start.day != 1 {
        partial.push(iso(start));
    }
    if end.add_days(1).day != 1 {
        partial.push(iso(end));
    }
    Ok(partial)
}

fn count(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    let filter = Filter::of_query(q);
    let period = period_or_default(q, today, true);
    let (from, until) = period_bounds(&period, q.offset);
    let (mut n, mut total) = (0usize, 0i64);
    let currency = super::answer::main_currency(sel);
    visit_period(vault, summary, sel, (from, until), &filter, |t| {
        match spend_of(t) {
            Some(s) if s > 0 && filter.keep(t) && t.currency == currency => {
                n += 1;
                total += s;
            }
            _ => {}
        }
    })?;
    Ok(Answer::Count {
        period: period.label,
        merchant: q.slots.merchant.clone(),
        merchant_known: q.slots.merchant_known,
        category: q.slots.category,
        count: n,
        total,
        currency,
    })
}
