//! When and how often a person pays someone: "when did I first go to Starbucks" (the first
//! charge there, and where the data starts when that is its first day), "when do I pay rent"
//! (the day of the month a payee's charges usually come), "how often do I order DoorDash" (a
//! rate per month, with the count). A total would answer none of them, and gave one before.
//!
//! The charges read are the spending of the merchant, category or kind named (money out,
//! refunds aside), over the period named or else all the data stored. A question naming no
//! merchant, category or kind is not one of these ([`applies`]): "how often do I check my
//! balance" is answered as anything else would be.
//!
//! Over all accounts, the charges at a vault merchant or in a category come from the vault's
//! digest for the period's whole months (`vault/digest.rs`: per payee and month, the charges'
//! sum and how many came on each day), and only the month of the first charge is read from
//! the blocks: a question over years of history costs about what one month costs.

use super::answer::{coverage, main_currency, months_inside, visit_period, Query};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{date_text, platform_merchant, platform_period, plural, shows_period, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::format_money;
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// Which of the three questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// The first charge.
    First,
    /// The usual day of the month.
    UsualDay,
    /// How many times a month.
    HowOften,
}

/// Where the name of what was asked about comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    /// A merchant of the vault.
    Vault,
    /// A merchant as the person typed it (never sent to the platform).
    Typed,
    /// A category or kind of spending.
    Kind,
}

/// The charges found and what they say.
#[derive(Clone, PartialEq, Eq)]
pub struct Habit {
    /// The question.
    pub ask: Ask,
    /// What was asked about as the reply names it: the payee (as the vault names it, or as
    /// typed when the vault does not know it), or the category or kind.
    pub what: (String, Named),
    /// The period's label ("" for all the data).
    pub period: String,
    /// How many charges, and their sum (positive).
    pub count: usize,
    /// Their sum (positive).
    pub total: i64,
    /// The first charge: day and amount.
    pub first: Option<(Date, i64)>,
    /// The first day with data, when the first charge falls on it (it may have come earlier).
    pub data_start: Option<Date>,
    /// The first day read (the period's start, or the data's when that is later).
    pub from: Date,
    /// The most common day of the month and how many charges came on it.
    pub day: Option<(u32, usize)>,
    /// Tenths of a charge per month over the days read.
    pub per_month_tenths: i64,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for Habit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, days and amounts stay out of logs.
        f.debug_struct("Habit")
            .field("ask", &self.ask)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// Which of the questions the lower-cased words ask, if any.
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let card = any(Words("card|credit|visa|amex|mastercard|statement|minimum|balance|limit|apr|interest|paycheck|payday|salary|deposit|most|least|alert|alerts|next"));
    // "when do i get paid" is the next pay, not a payee's habit.
    let got_paid = w
        .windows(2)
        .any(|p| matches!(p[0].as_str(), "get" | "got" | "getting") && p[1] == "paid");
    if card || got_paid {
        return None;
    }
    if (0..w.len()).any(|i| at(i) == "how" && matches!(at(i + 1), "often" | "frequently")) {
        return Some(Ask::HowOften);
    }
    // "first" before a unit or "of" is a period ("the first week of may").
    let first = (0..w.len()).any(|i| {
        at(i) == "first"
            && !matches!(
                at(i + 1),
                "week" | "weeks" | "weekend" | "month" | "months" | "quarter" | "half" | "day"
                    | "days" | "of" | "few" | "couple" | "two" | "three" | "2" | "3" | ""
            )
    }) && (has("when") || has("time") || has("date"));
    // "when did i start paying netflix", "since when do i pay for hulu".
    let started = has("when")
        && (any(Words("start|started|begin|began"))
            && w.iter().any(|v| v.len() > 4 && v.ends_with("ing"))
            || w.windows(2).any(|p| p[0] == "since" && p[1] == "when"));
    if first || started {
        return Some(Ask::First);
    }
    // "when do i pay rent", "what day is rent taken out", "when does netflix charge me":
    // present tense, never "did" or "was" (one charge asked about).
    let when = has("when") || (0..w.len()).any(|i| matches!(at(i), "what" | "which") && at(i + 1) == "day");
    let past = any(Words("did|was|were|last|ago|spend|spent|spending"));
    let present = any(Words("do|does|is|are|usually|normally|typically|generally|each|every"));
    (when && present && !past).then_some(Ask::UsualDay)
}

/// "which weekday do i usually spend the most on", "what day of the week do i typically spend
/// the most": a ranking of days or months asked as a habit, over all the data, never a
/// default month.
pub(super) fn habitual_ranking(w: &[String], shape: &super::shape::Shape) -> bool {
    use super::shape::{RankBy, Shape};
    let ranked = matches!(
        shape,
        Shape::Rank(RankBy::Weekday | RankBy::Month, _) | Shape::Least(RankBy::Weekday | RankBy::Month)
    );
    let usually = Words("usually|typically|normally|generally|tend|always")
        .iter()
        .any(|x| w.iter().any(|v| v == x));
    ranked && usually
}

/// All the data, as the period of a habit (the answer says from when).
pub(super) fn all_data(today: Date) -> Period {
    Period {
        start: crate::intent::slots::period::open_start(),
        end: today.add_days(1),
        label: crate::intent::slots::period::ALL_TIME.to_string(),
    }
}

/// Whether the question names what it is about (a merchant, category or kind): without one
/// it is not a question about a payee's habits.
pub(super) fn applies(slots: &Slots) -> bool {
    slots.merchant.is_some() || slots.category.is_some() || !slots.kinds.is_empty()
}

/// The charges of what the question names over its period (else all the data), and what they
/// say. For the usual day asked of a category or kind ("when do i pay rent"), its payee with
/// the most charges.
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
    ask: Ask,
) -> Result<Habit> {
    let currency = main_currency(sel);
    let period = q.slots.period.clone().unwrap_or(all_time(today));
    let start = coverage(vault, summary, &period, q.offset)?.unwrap_or(period.start);
    let end = period.end.min(today.add_days(1));
    let filter = Filter::of(q.slots);
    let at = Charges {
        vault,
        summary,
        sel,
        filter: &filter,
        currency,
        offset: q.offset,
    };
    let found = at.found(&period, q.slots.account.is_none())?;
    let chosen = match (&q.slots.merchant, ask) {
        (None, Ask::UsualDay) => top_payee(&found.payees),
        _ => None,
    };
    let mine = |name: &str| chosen.as_deref().is_none_or(|c| c == name);
    let first = at.first(&found, &mine)?;
    let what = match (&q.slots.merchant, &chosen) {
        (_, Some(p)) => (p.clone(), Named::Vault),
        (Some(m), None) => match &first {
            Some(c) if q.slots.merchant_known && !c.2.is_empty() => (c.2.clone(), Named::Vault),
            _ if q.slots.merchant_known => (m.clone(), Named::Vault),
            _ => (m.clone(), Named::Typed),
        },
        (None, None) => (subject(q.slots), Named::Kind),
    };
    let (mut count, mut total, mut days) = (0usize, 0i64, [0usize; 31]);
    for (_, seen) in found.payees.iter().filter(|(name, _)| mine(name)) {
        count += seen.count;
        total += seen.total;
        for (d, n) in days.iter_mut().zip(seen.days) {
            *d += n;
        }
    }
    let first = first.map(|(at, amount, _)| (local_date(at, q.offset), amount));
    let data_start = coverage(vault, summary, &all_time(today), q.offset)?;
    let span = (end.days() - start.days()).max(1);
    Ok(Habit {
        ask,
        what,
        period: q.slots.period.as_ref().map_or(String::new(), |p| p.label.clone()),
        count,
        total,
        data_start: data_start.filter(|d| first.is_some_and(|f| f.0 == *d)),
        from: start,
        first,
        day: usual_day(&days),
        per_month_tenths: rate_tenths(count, span),
        currency,
    })
}

/// The charges at one payee (its merchant name as stored, "" for none).
#[derive(Default)]
struct Seen {
    count: usize,
    total: i64,
    /// How many came on each day of the month (index 0: the 1st).
    days: [usize; 31],
    /// The first one visited: instant and amount.
    first: Option<(Timestamp, i64)>,
    /// The first month the digest has one in.
    first_month: Option<i64>,
}

/// The charges found, per payee (a list: a map here cost the mobile library kilobytes).
#[derive(Default)]
struct Found {
    payees: Vec<(String, Seen)>,
}

impl Found {
    fn payee(&mut self, name: &str) -> &mut Seen {
        let i = match self.payees.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.payees.push((name.to_string(), Seen::default()));
                self.payees.len() - 1
            }
        };
        &mut self.payees[i].1
    }
}

/// The first charge: instant, amount, payee.
type First = (Timestamp, i64, String);

/// Where the charges of a question are read.
struct Charges<'a> {
    vault: &'a Vault,
    summary: &'a Summary,
    sel: &'a [&'a Account],
    filter: &'a Filter,
    currency: Currency,
    offset: i32,
}

impl Charges<'_> {
    /// The charges over `period`: over all accounts (`all`) at a category or vault merchant,
    /// those of its whole months from the digest and of the days around them visited; else
    /// all visited.
    fn found(&self, period: &Period, all: bool) -> Result<Found> {
        let mut found = Found::default();
        let mut rest = [(period.start, period.end), (period.end, period.end)];
        if let (Some(payees), Some(((first, n), a, b)), true) =
            (self.filter.payees(), months_inside(period), all)
        {
            let mut digest = Found::default();
            let read = self.summary.visit_payees(self.vault, first, n, self.currency, &mut |m, key, p| {
                let charges = usize::try_from(p.charges()).unwrap_or(0);
                if !payees.keeps(key) || charges == 0 {
                    return;
                }
                let seen = digest.payee(&key.1);
                seen.count += charges;
                seen.total += p.charged;
                for (d, n) in seen.days.iter_mut().zip(p.days) {
                    *d += usize::try_from(n).unwrap_or(0);
                }
                seen.first_month = Some(seen.first_month.map_or(m, |f| f.min(m)));
            });
            if read.is_some() {
                found = digest;
                rest = [(period.start, a), (b, period.end)];
            }
        }
        for (start, end) in rest.into_iter().filter(|(s, e)| s < e) {
            self.visit(start, end, &mut |at, spent, name| {
                let seen = found.payee(name);
                seen.count += 1;
                seen.total += spent;
                let day = local_date(at, self.offset).day as usize;
                if let Some(d) = seen.days.get_mut(day.wrapping_sub(1)) {
                    *d += 1;
                }
                seen.first = Some(seen.first.map_or((at, spent), |f| f.min((at, spent))));
            })?;
        }
        Ok(found)
    }

    /// Visits the charges (money out, in the currency) in the local days `[start, end)`:
    /// instant, amount, payee.
    fn visit(&self, start: Date, end: Date, f: &mut dyn FnMut(Timestamp, i64, &str)) -> Result<()> {
        let bounds = (start.start_ts(self.offset), end.start_ts(self.offset));
        visit_period(self.vault, self.summary, self.sel, bounds, self.filter, |t| {
            if let (true, Some(spent)) = (t.currency == self.currency && self.filter.keep(t), spend_of(t)) {
                if spent > 0 {
                    f(t.transacted_at, spent, t.merchant.unwrap_or_default());
                }
            }
        })
    }

    /// The first charge at the payees `mine` keeps: the first visited, unless the digest has
    /// one in an earlier month, which is then read.
    fn first(&self, found: &Found, mine: &dyn Fn(&str) -> bool) -> Result<Option<First>> {
        let mut first: Option<First> = None;
        let mut month: Option<i64> = None;
        for (name, seen) in found.payees.iter().filter(|(name, _)| mine(name)) {
            if let Some((at, amount)) = seen.first {
                let c = (at, amount, name.clone());
                first = Some(first.map_or(c.clone(), |f| f.min(c)));
            }
            month = match (month, seen.first_month) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let Some(m) = month else {
            return Ok(first);
        };
        // Its first day: month indexes count months since year 0.
        let year = i32::try_from(m.div_euclid(12)).unwrap_or(0);
        let day = Date {
            year,
            month: 1,
            day: 1,
        }
        .add_months_first(m.rem_euclid(12) as i32);
        if first.as_ref().is_some_and(|f| f.0 < day.start_ts(self.offset)) {
            return Ok(first);
        }
        self.visit(day, day.add_months_first(1), &mut |at, spent, name| {
            if mine(name) {
                let c = (at, spent, name.to_string());
                first = Some(first.take().map_or(c.clone(), |f| f.min(c)));
            }
        })?;
        Ok(first)
    }
}

fn all_time(today: Date) -> Period {
    Period {
        start: crate::intent::slots::period::open_start(),
        end: today.add_days(1),
        label: String::new(),
    }
}

/// The category or kind asked about, as the reply names it ("dining", "fuel").
fn subject(slots: &Slots) -> String {
    match (slots.kinds.is_empty(), slots.category) {
        (false, _) => slots.kinds.label(),
        (true, Some(c)) => c.as_str().to_string(),
        (true, None) => String::new(),
    }
}

/// The payee with the most charges (ties to the name first in order).
fn top_payee(payees: &[(String, Seen)]) -> Option<String> {
    payees
        .iter()
        .filter(|(name, seen)| !name.is_empty() && seen.count > 0)
        .max_by_key(|(name, seen)| (seen.count, std::cmp::Reverse(name.as_str())))
        .map(|(name, _)| name.clone())
}

/// The most common day of the month and how many charges came on it (ties to the earlier day),
/// from the charges per day (index 0: the 1st).
fn usual_day(days: &[usize; 31]) -> Option<(u32, usize)> {
    (1..32u32)
        .zip(days.iter().copied())
        .filter(|(_, k)| *k > 0)
        .max_by_key(|(d, k)| (*k, std::cmp::Reverse(*d)))
}

/// Charges per month over `days`, in tenths, rounded half up (a month is 30.4375 days).
fn rate_tenths(count: usize, days: i64) -> i64 {
    let count = i64::try_from(count).unwrap_or(i64::MAX / 1000);
    (count * 10 * 1461 * 2 + days * 48) / (days * 48 * 2)
}

/// "1st", "2nd", "23rd", "11th".
fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// "3.8 times a month", "about once a month", "less than once a month".
fn rate_text(tenths: i64) -> String {
    match tenths {
        0..=9 => "less than once a month".to_string(),
        10 => "about once a month".to_string(),
        t if t % 10 == 0 => format!("about {} times a month", t / 10),
        t => format!("about {}.{} times a month", t / 10, t % 10),
    }
}

/// The reply at each level: the device says it all; `summary` gives a rate rounded, or no
/// figure, and no name or day; `minimal` points to the app.
pub(super) fn texts(h: &Habit, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, h.currency, s.locale);
    let local = sentence(h, &exact, &h.what.0, true);
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => {
            let (platform, cats) = match (h.ask, h.count) {
                (_, 0) => ("I see no charges there.".to_string(), Vec::new()),
                (Ask::First, _) => (
                    "I found the first charge there: open the app for its day.".to_string(),
                    Vec::new(),
                ),
                (Ask::UsualDay, _) => (
                    "I found the day those charges usually come: open the app to view it."
                        .to_string(),
                    Vec::new(),
                ),
                (Ask::HowOften, _) => {
                    let n = (h.per_month_tenths + 5) / 10;
                    let text = match n {
                        0 => "Less than once a month.".to_string(),
                        1 => "About once a month.".to_string(),
                        n => format!("About {n} times a month."),
                    };
                    let cats = match n {
                        0 | 1 => Vec::new(),
                        _ => vec![DataCategory::Number],
                    };
                    (text, cats)
                }
            };
            (local, platform, cats)
        }
        DisclosureLevel::Full => {
            let name = match h.what.1 {
                Named::Vault => platform_merchant(&h.what.0),
                Named::Typed => "that merchant".to_string(),
                Named::Kind => h.what.0.clone(),
            };
            let platform = sentence(h, &exact, &name, false);
            (local, platform.clone(), full_categories(h, &platform))
        }
    }
}

/// What the `full` text carries.
fn full_categories(h: &Habit, platform: &str) -> Vec<DataCategory> {
    let mut cats = Vec::new();
    match h.what.1 {
        Named::Vault => cats.push(DataCategory::Merchant),
        Named::Kind => cats.push(DataCategory::Category),
        Named::Typed => {}
    }
    if platform.contains('$') {
        cats.push(DataCategory::Amount);
    }
    if h.count > 0 && h.ask == Ask::First || shows_period(&h.period, true) {
        cats.push(DataCategory::Date);
    }
    if platform.chars().any(|c| c.is_ascii_digit()) {
        cats.push(DataCategory::Number);
    }
    cats
}

/// One text. `device` adds the count and the data's start where the first charge came.
fn sentence(h: &Habit, money: &dyn Fn(i64) -> String, who: &str, device: bool) -> String {
    let at = match h.what.1 {
        Named::Kind => format!("on {who}"),
        _ => format!("at {who}"),
    };
    let when = match (h.period.is_empty(), device) {
        (true, _) => "in your data".to_string(),
        (false, true) => period_phrase(&h.period),
        (false, false) => period_phrase(&platform_period(&h.period, true)),
    };
    let Some((first, first_amount)) = h.first else {
        return format!("I see no charges {at} {when}.");
    };
    match h.ask {
        Ask::First => {
            let mut s = format!(
                "Your first charge {at} {when} was {} on {}, {}.",
                money(first_amount),
                date_text(first),
                first.year
            );
            if let (Some(d), true) = (h.data_start, device) {
                s += &format!(
                    " Your data starts on {}, {}, so it may have been earlier.",
                    date_text(d),
                    d.year
                );
            }
            s
        }
        Ask::UsualDay => {
            let (day, on_it) = h.day.unwrap_or((first.day, 1));
            let span = match h.period.is_empty() {
                true => String::new(),
                false => format!(" {when}"),
            };
            let usually = match (h.count, on_it * 2 > h.count) {
                (1, _) => format!("The only charge {at} {when} came on the {}", ordinal(day)),
                (_, true) => format!(
                    "Charges {at}{span} usually come on the {} of the month",
                    ordinal(day)
                ),
                (_, false) => format!(
                    "Charges {at}{span} come on different days, most often the {}",
                    ordinal(day)
                ),
            };
            format!("{usually} ({on_it} of {} charge{}).", h.count, plural(h.count))
        }
        Ask::HowOften => {
            let since = match h.period.is_empty() && device {
                true => format!("since {}, {}", date_text(h.from), h.from.year),
                false => when.clone(),
            };
            format!(
                "{} time{} {at} {since}: {}, {} in all.",
                h.count,
                plural(h.count),
                rate_text(h.per_month_tenths),
                money(h.total)
            )
        }
    }
}

/// Answers covering each text at each level, with `field` filling names and period labels
/// and `amount` the figures (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(
    field: &mut dyn FnMut(&str) -> String,
    amount: &dyn Fn(usize) -> i64,
) -> Vec<Habit> {
    let d = |m, day| Date::new(2025, m, day).expect("a sample day");
    let mut v = Vec::new();
    for ask in [Ask::First, Ask::UsualDay, Ask::HowOften] {
        for (named, count, period, start) in [
            (Named::Vault, 7usize, false, true),
            (Named::Typed, 0, false, false),
            (Named::Vault, 0, true, false),
            (Named::Kind, 3, true, false),
            (Named::Vault, 1, false, false),
            (Named::Kind, 30, false, false),
        ] {
            let what = match named {
                Named::Kind => "dining".to_string(),
                _ => field("SHOP"),
            };
            v.push(Habit {
                ask,
                what: (what, named),
                period: if period { field("in") } else { String::new() },
                count,
                total: amount(count).abs(),
                first: (count > 0).then(|| (d(3, 2), amount(1).abs())),
                data_start: start.then(|| d(3, 2)),
                from: d(3, 2),
                day: (count > 0).then_some((2, count.div_ceil(2))),
                per_month_tenths: i64::try_from(count).unwrap_or(0) * 3,
                currency: Currency::USD,
            });
        }
    }
    v
}

#[cfg(test)]
#[path = "habits_scan_tests.rs"]
mod scan_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(s: &str) -> Option<Ask> {
        ask_of(&super::super::shape::words(s))
    }

    #[test]
    fn each_question_is_read_from_its_words() {
        for (q, want) in [
            ("when did i first go to starbucks", Ask::First),
            ("first time i paid netflix", Ask::First),
            ("when did i start paying netflix", Ask::First),
            ("when was my first uber ride", Ask::First),
            ("since when do i pay for hulu", Ask::First),
            ("when do i pay rent", Ask::UsualDay),
            ("when is my rent usually taken", Ask::UsualDay),
            ("when is rent due", Ask::UsualDay),
            ("what day does netflix charge me", Ask::UsualDay),
            ("how often do i order doordash", Ask::HowOften),
            ("how often do i go to starbucks", Ask::HowOften),
            ("how frequently do i eat out", Ask::HowOften),
        ] {
            assert_eq!(ask(q), Some(want), "{q}");
        }
        for q in [
            "spending in the first week of may",
            "when is my card payment due",
            "when is my next payment",
            "when did i pay rent last month",
            "what day do i spend the most",
            "when do i get paid",
            "how much did i spend at starbucks",
            "the first of next month",
        ] {
            assert_eq!(ask(q), None, "{q}");
        }
    }

    #[test]
    fn a_day_of_the_week_asked_as_a_habit_reads_all_the_data() {
        use super::super::shape::{shape_of, words};
        let today = Date::new(2026, 12, 5).unwrap();
        for (q, want) in [
            ("which weekday do i usually spend the most on", true),
            ("what day of the week do i typically spend the most", true),
            ("which weekday did i spend the most on last month", false),
            ("where do i usually spend the most", false),
        ] {
            assert_eq!(habitual_ranking(&words(q), &shape_of(q, today)), want, "{q}");
        }
    }

    #[test]
    fn the_usual_day_and_the_rate_are_counted() {
        let days = |ds: &[usize]| {
            let mut n = [0usize; 31];
            for d in ds {
                n[d - 1] += 1;
            }
            n
        };
        assert_eq!(usual_day(&days(&[1, 1, 2, 1])), Some((1, 3)));
        assert_eq!(usual_day(&days(&[5, 3])), Some((3, 1)));
        assert_eq!(usual_day(&days(&[])), None);
        // 12 charges over a year: about once a month; 46 over 365 days: 3.8.
        assert_eq!(rate_tenths(12, 365), 10);
        assert_eq!(rate_tenths(46, 365), 38);
        assert_eq!(rate_tenths(0, 30), 0);
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(23), "23rd");
    }

    #[test]
    fn each_sentence_says_what_was_asked() {
        let d = |m, day| Date::new(2025, m, day).expect("day");
        let usd = |v: i64| format_money(v, Currency::USD, crate::render::money_fmt::Locale::EnUs);
        let mut h = Habit {
            ask: Ask::First,
            what: ("Netflix".into(), Named::Vault),
            period: String::new(),
            count: 12,
            total: 21_588,
            first: Some((d(12, 6), 1799)),
            data_start: Some(d(12, 6)),
            from: d(12, 6),
            day: Some((6, 11)),
            per_month_tenths: 10,
            currency: Currency::USD,
        };
        assert_eq!(
            sentence(&h, &usd, "Netflix", true),
            "Your first charge at Netflix in your data was $17.99 on Dec 6, 2025. \
             Your data starts on Dec 6, 2025, so it may have been earlier."
        );
        h.ask = Ask::UsualDay;
        assert_eq!(
            sentence(&h, &usd, "Netflix", true),
            "Charges at Netflix usually come on the 6th of the month (11 of 12 charges)."
        );
        h.ask = Ask::HowOften;
        assert_eq!(
            sentence(&h, &usd, "Netflix", true),
            "12 times at Netflix since Dec 6, 2025: about once a month, $215.88 in all."
        );
        h.first = None;
        assert_eq!(
            sentence(&h, &usd, "Netflix", true),
            "I see no charges at Netflix in your data."
        );
    }
}
