//! The charges of what a question names (a vault merchant, or a kind or category of
//! spending) over all the data stored, each with its day and amount: what the answers about a
//! payee's price ([`super::price`]) and its last charge ([`super::last_seen`]) read.
//!
//! Over all accounts, whole months come from the vault's digest (per payee and month: the
//! charges' sum and how many came on each day of the month), so a question over years of
//! history costs about what one month costs; the partial months at either end are visited.
//! A digest month with one charge at a payee gives that charge exactly; with several, each
//! gets the month's average and is marked inexact (ranges are read from exact charges only).
//! The digest holds no merchant code nor description: a kind of spending keeps there the
//! payees the recent window judged of that kind (by code and name), or, when it has none, the
//! payees whose name is of it; a merchant typed but unknown to the vault matches the payees'
//! names it is written in (a charge naming it in its description only is found in the
//! months visited).

use super::answer::{coverage, months_inside, visit_period};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use crate::intent::{Period, Slots};
use crate::model::Account;
use crate::money::Currency;
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};

/// One charge (money out, positive).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Charge {
    /// Its local day.
    pub day: Date,
    /// Its amount (positive).
    pub amount: i64,
    /// Whether the amount is the charge's own (else its month's average at that payee).
    pub exact: bool,
    /// Its payee: an index in [`History::payees`].
    pub payee: usize,
}

/// The charges found, oldest first.
pub(super) struct History {
    /// The payees' names as stored ("" for none).
    pub payees: Vec<String>,
    /// Every charge, oldest first.
    pub charges: Vec<Charge>,
    /// The first day read (the data's first day when the period starts before it).
    pub from: Date,
}

impl History {
    /// No charge yet, read from `from`.
    pub fn new(from: Date) -> History {
        History {
            payees: Vec::new(),
            charges: Vec::new(),
            from,
        }
    }

    /// The latest charge.
    pub fn last(&self) -> Option<&Charge> {
        self.charges.last()
    }

    /// A payee's name.
    pub fn name(&self, i: usize) -> &str {
        self.payees.get(i).map_or("", String::as_str)
    }

    fn payee(&mut self, name: &str) -> usize {
        match self.payees.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.payees.push(name.to_string());
                self.payees.len() - 1
            }
        }
    }

    fn push(&mut self, c: Charge) {
        let at = self.charges.partition_point(|x| x.day <= c.day);
        self.charges.insert(at, c);
    }
}

/// Where a question's charges are read.
pub(super) struct Reader<'a> {
    /// The vault.
    pub vault: &'a Vault,
    /// Its summary.
    pub summary: &'a Summary,
    /// The accounts asked about.
    pub sel: &'a [&'a Account],
    /// Whether they are all the accounts (the digest counts all of them).
    pub all: bool,
    /// The currency counted.
    pub currency: Currency,
    /// The person's UTC offset in minutes.
    pub offset: i32,
}

impl Reader<'_> {
    /// The charges `slots` name over `period` (all the data when `None`), up to `today`.
    pub fn read(&self, slots: &Slots, period: Option<&Period>, today: Date) -> Result<History> {
        let all_time = Period {
            start: crate::intent::slots::period::open_start(),
            end: today.add_days(1),
            label: String::new(),
        };
        let asked = period.unwrap_or(&all_time);
        let start = coverage(self.vault, self.summary, asked, self.offset)?.unwrap_or(asked.start);
        let span = Period {
            start: start.max(asked.start),
            end: asked.end.min(today.add_days(1)),
            label: String::new(),
        };
        let filter = Filter::of(slots);
        let mut h = History::new(span.start);
        let mut rest = vec![(span.start, span.end)];
        if let (true, Some(((first, n), a, b))) = (self.all, months_inside(&span)) {
            if self.read_digest(slots, (first, n), today, &mut h).is_some() {
                rest = vec![(span.start, a), (b, span.end)];
            } else {
                h = History::new(span.start);
            }
        }
        for (s, e) in rest.into_iter().filter(|(s, e)| s < e) {
            let bounds = (s.start_ts(self.offset), e.start_ts(self.offset));
            let mut seen = Vec::new();
            visit_period(self.vault, self.summary, self.sel, bounds, &filter, |t| {
                if t.currency != self.currency || !filter.keep(t) {
                    return;
                }
                if let Some(spent) = spend_of(t).filter(|s| *s > 0) {
                    let day = local_date(t.transacted_at, self.offset);
                    seen.push((day, spent, t.merchant.unwrap_or_default().to_string()));
                }
            })?;
            for (day, amount, name) in seen {
                let payee = h.payee(&name);
                h.push(Charge {
                    day,
                    amount,
                    exact: true,
                    payee,
                });
            }
        }
        Ok(h)
    }

    /// The merchant names of the question's kinds in the summary's recent window (none
    /// asked: none); `None` when the window cannot be read.
    fn names_of_kind(&self, slots: &Slots, today: Date) -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        if slots.kinds.is_empty() {
            return Some(out);
        }
        let only = Slots {
            kinds: slots.kinds,
            ..Slots::default()
        };
        let filter = Filter::of(&only);
        // The months the summary's recent window holds.
        let from = today.first_of_month().add_months_first(-3).start_ts(self.offset);
        let until = today.add_days(1).start_ts(self.offset);
        visit_period(self.vault, self.summary, self.sel, (from, until), &filter, |t| {
            if let (true, Some(m)) = (filter.keep(t), t.merchant) {
                if !out.iter().any(|o| o == m) {
                    out.push(m.to_string());
                }
            }
        })
        .ok()?;
        Some(out)
    }

    /// The charges of the whole months `[first, first + n)` from the digest; `None` when the
    /// question's filter is not one the digest's payees can answer, or a month is unreadable.
    fn read_digest(
        &self,
        slots: &Slots,
        (first, n): (i64, i64),
        today: Date,
        h: &mut History,
    ) -> Option<()> {
        // Beside the merchant and the kinds, only a category may filter (it is in the key).
        let rest = Slots {
            merchant: None,
            merchant_known: false,
            kinds: Default::default(),
            ..slots.clone()
        };
        let rest = Filter::of(&rest);
        let payees = rest.payees()?;
        let merchant = slots.merchant.as_deref().map(|m| (m.to_lowercase(), slots.merchant_known));
        // A kind's payees: those the recent window judged of it (by their merchant codes
        // too), else, when it has none, each name judged once.
        let recent = self.names_of_kind(slots, today)?;
        let mut found: Vec<(i64, String, i64, [i32; 31])> = Vec::new();
        let (mut names, mut judged) = (super::everyday::Groups::default(), Vec::<bool>::new());
        self.summary
            .visit_payees(self.vault, first, n, self.currency, &mut |m, key, p| {
                let (i, new) = names.of(&key.1);
                if new {
                    let named = match &merchant {
                        None => true,
                        Some((w, true)) => key.1.eq_ignore_ascii_case(w),
                        Some((w, false)) => crate::intent::slots::merchant_written_in(&key.1, w),
                    };
                    let kind = slots.kinds.is_empty()
                        || match recent.is_empty() {
                            false => recent.iter().any(|r| r == &key.1),
                            true => super::kinds::classify(None, Some(&key.1), "").intersects(slots.kinds),
                        };
                    judged.push(named && kind);
                }
                let kept = payees.keeps(key) && judged.get(i).copied().unwrap_or(false);
                if kept && p.charges() > 0 {
                    found.push((m, key.1.clone(), p.charged, p.days));
                }
            })?;
        for (m, name, charged, days) in found {
            let payee = h.payee(&name);
            let count: i64 = days.iter().map(|d| i64::from(*d)).sum();
            let month = month_start(m);
            for (i, k) in days.iter().enumerate() {
                for _ in 0..*k {
                    let day = month.add_days(i64::try_from(i).unwrap_or(0));
                    h.push(Charge {
                        day,
                        amount: (charged + count / 2) / count.max(1),
                        exact: count == 1,
                        payee,
                    });
                }
            }
        }
        Some(())
    }
}

/// The first day of a month index (months since year 0).
pub(super) fn month_start(m: i64) -> Date {
    let year = i32::try_from(m.div_euclid(12)).unwrap_or(0);
    Date {
        year,
        month: 1,
        day: 1,
    }
    .add_months_first(i32::try_from(m.rem_euclid(12)).unwrap_or(0))
}

/// What a list of charges says about their amount.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Amounts {
    /// How many.
    pub count: usize,
    /// Their sum.
    pub total: i64,
    /// Their mean, rounded half up.
    pub mean: i64,
    /// The smallest and largest exact ones (all of them when none is exact).
    pub low: i64,
    /// See `low`.
    pub high: i64,
}

impl std::fmt::Debug for Amounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Amounts stay out of logs.
        f.debug_struct("Amounts").field("count", &self.count).finish_non_exhaustive()
    }
}

impl Amounts {
    /// The amounts of `charges`; `None` when there are none.
    pub(super) fn of<'a>(charges: impl Iterator<Item = &'a Charge> + Clone) -> Option<Amounts> {
        let count = charges.clone().count();
        if count == 0 {
            return None;
        }
        let total: i64 = charges.clone().map(|c| c.amount).sum();
        let n = i64::try_from(count).unwrap_or(i64::MAX);
        let any_exact = charges.clone().any(|c| c.exact);
        let pick = charges.filter(|c| c.exact || !any_exact).map(|c| c.amount);
        let low = pick.clone().min().unwrap_or(0);
        let high = pick.max().unwrap_or(0);
        Some(Amounts {
            count,
            total,
            mean: (total + n / 2) / n,
            low,
            high,
        })
    }

    /// Whether every charge is within 5% of the largest: one price.
    pub(super) fn steady(&self) -> bool {
        (self.high - self.low) * 20 <= self.high
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(m: u32, d: u32, amount: i64, exact: bool) -> Charge {
        Charge {
            day: Date::new(2026, m, d).unwrap(),
            amount,
            exact,
            payee: 0,
        }
    }

    #[test]
    fn amounts_read_ranges_from_exact_charges() {
        let v = [c(1, 12, 7_348, true), c(2, 12, 9_472, true), c(3, 12, 100, false)];
        let a = Amounts::of(v.iter()).unwrap();
        assert_eq!((a.count, a.total, a.low, a.high), (3, 16_920, 7_348, 9_472));
        assert_eq!(a.mean, 5_640);
        assert!(!a.steady());
        let same = [c(1, 6, 1_799, true), c(2, 6, 1_799, true)];
        assert!(Amounts::of(same.iter()).unwrap().steady());
        assert!(Amounts::of([].iter()).is_none());
    }

    #[test]
    fn month_indexes_start_their_month() {
        let d = Date::new(2026, 11, 17).unwrap();
        assert_eq!(month_start(d.month_index()), Date::new(2026, 11, 1).unwrap());
    }
}
