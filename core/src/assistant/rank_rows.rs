//! The rows of a ranking by category or by merchant (spending, visits, what a visit costs)
//! over a period, read without decrypting the period's history where the vault's digest
//! already holds it.
//!
//! Over all the accounts, with no filter but a category or a vault merchant, the period's
//! whole months come from the digest's payees (per month, category and merchant name: the
//! spending, the charges' sum and their count) and only the days around them from the
//! transactions, as spend totals and habits read them: "which restaurant do I go to most
//! often" over the last year reads twelve month records and the blocks of one month, not the
//! year. Visits are counted from the digest's charges per day of the month, so a ranking by
//! visits reads the days around the whole months from it too, and no transaction at all.
//! Anything else visits the whole period. Both ways count by one rule ([`Tally`]), so they
//! give the same rows (`rank_rows_tests.rs`).
//!
//! A merchant ranking ranks merchants: spending without a merchant name (a cash withdrawal,
//! a fee) belongs to none, and is left out of it (the digest keeps no description).

use super::answer::{months_inside, visit_period, Query};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::shape::RankBy;
use crate::intent::Period;
use crate::model::{Account, Category};
use crate::money::Currency;
use crate::vault::{Result, Vault};
use std::collections::HashMap;

/// What a row sums: the spending (refunds netted, as [`spend_of`] counts it), and the charges
/// alone (money out): their sum and how many. A visit is a charge.
#[derive(Clone, Copy, Default)]
struct Tally {
    spent: i64,
    charged: i64,
    charges: i64,
}

impl Tally {
    fn add(&mut self, spent: i64) {
        self.spent += spent;
        if spent > 0 {
            self.charged += spent;
            self.charges += 1;
        }
    }

    /// The figure a row is ranked by.
    fn value(&self, by: RankBy) -> i64 {
        match by {
            RankBy::Visits => self.charges,
            RankBy::PerVisit => {
                super::average::per_purchase(self.charged, usize::try_from(self.charges).unwrap_or(0))
            }
            _ => self.spent,
        }
    }
}

/// A row's name: the category ("other" for none), or the merchant name lower-cased (`None`
/// without one).
fn key(by: RankBy, category: Option<Category>, merchant: Option<&str>) -> Option<String> {
    match by {
        RankBy::Category => Some(category.map_or("other", |c| c.as_str()).to_string()),
        _ => merchant.filter(|m| !m.is_empty()).map(str::to_lowercase),
    }
}

/// The charges of a month's days (counted per day of the month, index 0 the 1st) that fall
/// inside `period`: all of them for a month inside it.
fn charges_in(period: &Period, month: i64, days: &[i32; 31]) -> i64 {
    let from = (period.start.month_index(), period.start.day);
    let until = (period.end.month_index(), period.end.day);
    days.iter()
        .zip(1u32..)
        .filter(|(_, d)| (month, *d) >= from && (month, *d) < until)
        .map(|(n, _)| i64::from(*n))
        .sum()
}

/// Where a ranking reads: the question's accounts, filter and currency.
pub(super) struct Ranked<'a> {
    pub vault: &'a Vault,
    pub summary: &'a Summary,
    pub sel: &'a [&'a Account],
    /// Every account but the loans is selected (the digest's months hold exactly those).
    pub all_selected: bool,
    pub currency: Currency,
}

/// The rows of a ranking `by` a category or merchant measure (not a day, month or weekday)
/// over `period`, unsorted, each with the figure it is ranked by.
pub(super) fn rows(r: &Ranked<'_>, q: &Query<'_>, period: &Period, by: RankBy) -> Result<Vec<(String, i64)>> {
    let filter = Filter::of_query(q);
    let mut sums: HashMap<String, Tally> = HashMap::new();
    let mut rest = [(period.start, period.end), (period.end, period.end)];
    let span = match by {
        // Every month the period touches: its days are told apart.
        RankBy::Visits => {
            let first = period.start.month_index();
            let n = period.end.month_index() - first + 1;
            (period.start < period.end).then_some(((first, n), period.start, period.end))
        }
        _ => months_inside(period),
    };
    if let (Some(payees), Some(((first, n), a, b)), true) = (filter.payees(), span, r.all_selected) {
        let mut digest: HashMap<String, Tally> = HashMap::new();
        let read = r.summary.visit_payees(r.vault, first, n, r.currency, &mut |m, k, p| {
            let Some(name) = key(by, k.0, Some(&k.1)).filter(|_| payees.keeps(k)) else {
                return;
            };
            let t = digest.entry(name).or_default();
            t.spent += p.spent.total;
            t.charged += p.charged;
            t.charges += charges_in(period, m, &p.days);
        });
        if read.is_some() {
            sums = digest;
            rest = [(period.start, a), (b, period.end)];
        }
    }
    for (start, end) in rest.into_iter().filter(|(s, e)| s < e) {
        let bounds = (start.start_ts(q.offset), end.start_ts(q.offset));
        visit_period(r.vault, r.summary, r.sel, bounds, &filter, |t| {
            let (true, Some(spent)) = (t.currency == r.currency && filter.keep(t), spend_of(t)) else {
                return;
            };
            if let Some(name) = key(by, t.category, t.merchant) {
                sums.entry(name).or_default().add(spent);
            }
        })?;
    }
    Ok(sums.into_iter().map(|(k, t)| (k, t.value(by))).collect())
}

#[cfg(test)]
#[path = "rank_rows_tests.rs"]
mod tests;
