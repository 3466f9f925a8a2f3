//! Habits of whole days and months that a period's total or "which dates?" answered wrongly:
//! "how many no-spend days did I have in november" (the days without a purchase), "how much
//! do I usually have left at the end of a month" (the average monthly net, money in minus
//! money out, over whole months), "break it down by month since august" (each month's
//! spending, in order, not a list of transactions).
//!
//! Days with a purchase come from the vault's digest for whole months (per payee, how many
//! charges came on each day of the month), over all accounts; the partial months at either
//! end are visited. A month's spending likewise. The monthly net reuses the savings answer's
//! count ([`super::saved::compute`]: posted money in, all money out, transfers aside) over the
//! last twelve whole months at most.

use super::answer::{main_currency, months_inside, visit_period, Query};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{date_text, plural, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};

/// Most whole months averaged for the monthly net.
const NET_MONTHS: i64 = 12;
/// Most no-spend days listed by date.
const LISTED_DAYS: usize = 10;

/// Which question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Days without a purchase.
    NoSpend,
    /// The average monthly net.
    Left,
    /// Spending month by month.
    ByMonth,
    /// The whole month with the most (`true`) or least net saved.
    SavedRank(bool),
}

/// The answer.
#[derive(Clone, PartialEq, Eq)]
pub enum MonthFact {
    /// Days without a purchase over a period: its label, the days read, those without.
    NoSpend {
        /// The period's label.
        period: String,
        /// Days read (up to today, from the data's first day).
        days: usize,
        /// The days without a purchase.
        free: Vec<Date>,
    },
    /// The monthly net: the average, the months averaged (first and count), money in, out.
    Left {
        /// Average net per month (negative: more went out).
        average: i64,
        /// First month averaged.
        first: Date,
        /// How many months.
        months: usize,
        /// Money in over them.
        money_in: i64,
        /// Money out over them.
        money_out: i64,
        /// Currency.
        currency: Currency,
    },
    /// Spending per month: the period's label and each month's first day, spending, and
    /// whether the month is partly in the period.
    ByMonth {
        /// The period's label.
        period: String,
        /// Each month.
        rows: Vec<(Date, i64, bool)>,
        /// Currency.
        currency: Currency,
    },
    /// The whole month that saved the most or least (money in minus money out), of those
    /// read; `month` is `None` when no whole month was.
    SavedRank {
        /// Most (`true`) or least.
        most: bool,
        /// That month's first day, money in and money out.
        month: Option<MonthFlow>,
        /// Whole months compared.
        months: usize,
        /// Currency.
        currency: Currency,
    },
}

impl std::fmt::Debug for MonthFact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Days and amounts stay out of logs.
        f.write_str("MonthFact(<redacted>)")
    }
}

/// Which question the lower-cased words ask, if any.
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: &[&str]| xs.iter().any(|x| has(x));
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    if (pair("no", "spend") || pair("zero", "spend") || pair("spend", "free") || pair("nospend", "days"))
        && any(&["day", "days"])
    {
        return Some(Ask::NoSpend);
    }
    if let Some(most) = saved_rank(w) {
        return Some(Ask::SavedRank(most));
    }
    let usually = any(&["usually", "typically", "normally", "average", "avg", "typical", "generally"]);
    if any(&["left", "leftover"]) && any(&["month", "months", "monthly"]) && usually {
        return Some(Ask::Left);
    }
    let by_month = pair("by", "month") || pair("month", "by") || pair("per", "month") && any(&["breakdown", "break", "split"])
        || any(&["breakdown", "break", "split"]) && any(&["month", "monthly", "months"]) && !pair("this", "month") && !pair("last", "month");
    (by_month && !usually && !any(&["category", "categories", "merchant", "merchants"])).then_some(Ask::ByMonth)
}

/// "which month did i save the least", "my best month for saving": `Some(true)` for the
/// most, `Some(false)` for the least.
fn saved_rank(w: &[String]) -> Option<bool> {
    let any = |xs: &[&str]| xs.iter().any(|x| w.iter().any(|v| v == x));
    let saving = any(&["save", "saved", "saving", "savings"]) && !any(&["account", "balance", "interest"]);
    let month = any(&["month", "months"]) && any(&["which", "what", "whats", "best", "worst"]);
    let least = any(&["least", "worst", "lowest", "less", "smallest", "fewest"]);
    let most = any(&["most", "best", "highest", "more", "biggest", "largest"]);
    (saving && month && (least || most)).then_some(!least)
}

/// Computes the answer.
pub(super) fn compute(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all: bool,
    q: &Query<'_>,
    today: Date,
    ask: Ask,
) -> Result<MonthFact> {
    let currency = main_currency(sel);
    let data_start = super::answer::coverage(vault, summary, &open(today), q.offset)?;
    let clip = |p: &Period| Period {
        start: data_start.map_or(p.start, |d| d.max(p.start)),
        end: p.end.min(today.add_days(1)),
        label: p.label.clone(),
    };
    match ask {
        Ask::NoSpend => {
            let asked = q.slots.period.clone().unwrap_or_else(|| this_month(today));
            let span = clip(&asked);
            let spent = Months { vault, summary, sel, all, currency, offset: q.offset }.days_with_spending(&span, q.slots)?;
            let free: Vec<Date> = (0..(span.end.days() - span.start.days()).max(0))
                .map(|i| span.start.add_days(i))
                .filter(|d| !spent.contains(d))
                .collect();
            Ok(MonthFact::NoSpend {
                period: asked.label,
                days: usize::try_from((span.end.days() - span.start.days()).max(0)).unwrap_or(0),
                free,
            })
        }
        Ask::Left => {
            // Whole months only: from the first whole month of data, at most the last twelve.
            let last = today.first_of_month();
            let first_whole = data_start.map_or(last, |d| if d.day == 1 { d } else { d.first_of_month().add_months_first(1) });
            let n = (last.month_index() - first_whole.month_index()).clamp(0, NET_MONTHS);
            let first = last.add_months_first(-i32::try_from(n).unwrap_or(0));
            let slots = Slots {
                period: Some(Period { start: first, end: last, label: String::new() }),
                ..Slots::default()
            };
            let inner = Query { slots: &slots, ..*q };
            let saved = super::saved::compute(vault, sel, summary, &inner)?;
            let (money_in, money_out) = saved.map_or((0, 0), |s| (s.money_in, s.money_out));
            let net = money_in - money_out;
            Ok(MonthFact::Left {
                average: if n > 0 { (net + n / 2) / n } else { 0 },
                first,
                months: usize::try_from(n).unwrap_or(0),
                money_in,
                money_out,
                currency,
            })
        }
        Ask::SavedRank(most) => {
            // No period named: the last twelve whole months, as the monthly net reads.
            let asked = q.slots.period.clone().unwrap_or_else(|| Period {
                start: today.first_of_month().add_months_first(-i32::try_from(NET_MONTHS).unwrap_or(12)),
                end: today.first_of_month(),
                label: String::new(),
            });
            let (month, months) = rank_saved(vault, summary, sel, q, clip(&asked), today, most)?;
            Ok(MonthFact::SavedRank { most, month, months, currency })
        }
        Ask::ByMonth => {
            let asked = q.slots.period.clone().unwrap_or_else(|| Period {
                start: Date { year: today.year, month: 1, day: 1 },
                end: today.add_days(1),
                label: "this year".into(),
            });
            let span = clip(&asked);
            let rows = Months { vault, summary, sel, all, currency, offset: q.offset }.spending_by_month(&span, q.slots)?;
            Ok(MonthFact::ByMonth {
                period: asked.label,
                rows,
                currency,
            })
        }
    }
}

/// A month's first day, money in and money out.
type MonthFlow = (Date, i64, i64);

/// The whole month of `span` (none after this one started) that saved the most or least,
/// by the savings answer's count, and how many whole months were compared.
fn rank_saved(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    span: Period,
    today: Date,
    most: bool,
) -> Result<(Option<MonthFlow>, usize)> {
    let first = match span.start.day {
        1 => span.start,
        _ => span.start.first_of_month().add_months_first(1),
    };
    let mut best: Option<MonthFlow> = None;
    let mut months = 0;
    let mut m = first;
    while m.add_months_first(1) <= span.end.min(today.first_of_month()) && months < 24 {
        let end = m.add_months_first(1);
        let slots = Slots {
            period: Some(Period { start: m, end, label: String::new() }),
            ..Slots::default()
        };
        let inner = Query { slots: &slots, ..*q };
        if let Some(s) = super::saved::compute(vault, sel, summary, &inner)? {
            let net = s.money_in - s.money_out;
            let better = best.is_none_or(|(_, i, o)| if most { net > i - o } else { net < i - o });
            if better {
                best = Some((m, s.money_in, s.money_out));
            }
            months += 1;
        }
        m = end;
    }
    Ok((best, months))
}

fn open(today: Date) -> Period {
    Period {
        start: crate::intent::slots::period::open_start(),
        end: today.add_days(1),
        label: String::new(),
    }
}

fn this_month(today: Date) -> Period {
    Period {
        start: today.first_of_month(),
        end: today.add_days(1),
        label: "this month".into(),
    }
}

/// Where whole months are read.
struct Months<'a> {
    vault: &'a Vault,
    summary: &'a Summary,
    sel: &'a [&'a Account],
    all: bool,
    currency: Currency,
    offset: i32,
}

impl Months<'_> {
    /// Runs `f` on each purchase (day, amount) of `[start, end)` that `slots` keep.
    fn visit(&self, start: Date, end: Date, slots: &Slots, f: &mut dyn FnMut(Date, i64)) -> Result<()> {
        let filter = Filter::of(slots);
        let bounds = (start.start_ts(self.offset), end.start_ts(self.offset));
        visit_period(self.vault, self.summary, self.sel, bounds, &filter, |t| {
            if t.currency == self.currency && filter.keep(t) {
                if let Some(s) = spend_of(t) {
                    f(local_date(t.transacted_at, self.offset), s);
                }
            }
        })
    }

    /// Whole months from the digest: `f(month, day index, charges that day, spent)` per
    /// payee the slots keep; `None` when the digest cannot answer.
    fn digest(&self, span: &Period, slots: &Slots, f: &mut dyn FnMut(i64, &[i32; 31], i64)) -> Option<(Date, Date)> {
        let ((first, n), a, b) = months_inside(span)?;
        if !self.all {
            return None;
        }
        let filter = Filter::of(slots);
        let payees = filter.payees()?;
        self.summary
            .visit_payees(self.vault, first, n, self.currency, &mut |m, key, p| {
                if payees.keeps(key) {
                    f(m, &p.days, p.spent.total);
                }
            })?;
        Some((a, b))
    }

    /// The days with a purchase (money out) in `span`.
    fn days_with_spending(&self, span: &Period, slots: &Slots) -> Result<Vec<Date>> {
        let mut days: Vec<Date> = Vec::new();
        let mut add = |d: Date| {
            let at = days.partition_point(|x| *x < d);
            if days.get(at) != Some(&d) {
                days.insert(at, d);
            }
        };
        let mut rest = vec![(span.start, span.end)];
        let mut from_digest: Vec<Date> = Vec::new();
        if let Some((a, b)) = self.digest(span, slots, &mut |m, per_day, _| {
            let start = super::payee_history::month_start(m);
            for (i, k) in per_day.iter().enumerate() {
                if *k > 0 {
                    from_digest.push(start.add_days(i64::try_from(i).unwrap_or(0)));
                }
            }
        }) {
            rest = vec![(span.start, a), (b, span.end)];
        } else {
            from_digest.clear();
        }
        for d in from_digest {
            add(d);
        }
        for (s, e) in rest.into_iter().filter(|(s, e)| s < e) {
            self.visit(s, e, slots, &mut |d, spent| {
                if spent > 0 {
                    add(d);
                }
            })?;
        }
        Ok(days)
    }

    /// Each month's spending in `span`, oldest first, and whether the month is partial.
    fn spending_by_month(&self, span: &Period, slots: &Slots) -> Result<Vec<(Date, i64, bool)>> {
        let mut rows: Vec<(Date, i64, bool)> = Vec::new();
        let mut m = span.start.first_of_month();
        while m < span.end {
            let partial = m < span.start || m.add_months_first(1) > span.end;
            rows.push((m, 0, partial));
            m = m.add_months_first(1);
        }
        let mut add = |d: Date, v: i64| {
            if let Some(r) = rows.iter_mut().find(|r| r.0 == d.first_of_month()) {
                r.1 += v;
            }
        };
        let mut rest = vec![(span.start, span.end)];
        let mut whole: Vec<(i64, i64)> = Vec::new();
        match self.digest(span, slots, &mut |m, _, spent| whole.push((m, spent))) {
            Some((a, b)) => rest = vec![(span.start, a), (b, span.end)],
            None => whole.clear(),
        }
        for (m, v) in whole {
            add(super::payee_history::month_start(m), v);
        }
        for (s, e) in rest.into_iter().filter(|(s, e)| s < e) {
            self.visit(s, e, slots, &mut |d, v| add(d, v))?;
        }
        Ok(rows)
    }
}

fn month_name(d: Date) -> String {
    const M: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ];
    format!("{} {}", M.get(d.month as usize - 1).copied().unwrap_or(""), d.year)
}

/// Both texts. `summary`: rounded figures and counts, no day or month named; `minimal`: a
/// fixed text.
pub(super) fn texts(f: &MonthFact, s: &Style) -> Texts {
    let local = sentence(f, s, true);
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => {
            let (text, cats) = match f {
                MonthFact::NoSpend { free, days, .. } => (
                    format!("{} of {} days had no purchase.", free.len(), days),
                    vec![DataCategory::Number],
                ),
                MonthFact::Left { average, currency, months, .. } if *months > 0 => (
                    format!("About {} a month on average.", format_money_rounded(*average, *currency, s.locale)),
                    vec![DataCategory::Amount],
                ),
                MonthFact::Left { .. } | MonthFact::SavedRank { month: None, .. } => {
                    ("I need a whole month of data for that.".to_string(), Vec::new())
                }
                MonthFact::SavedRank { month: Some((_, i, o)), currency, .. } => (
                    format!("About {} net that month: open the app for which month.", format_money_rounded(i - o, *currency, s.locale)),
                    vec![DataCategory::Amount],
                ),
                MonthFact::ByMonth { rows, currency, .. } => {
                    let total: i64 = rows.iter().map(|r| r.1).sum();
                    (
                        format!("About {} over those months: open the app for each month.", format_money_rounded(total, *currency, s.locale)),
                        vec![DataCategory::Amount],
                    )
                }
            };
            (local, text, cats)
        }
        DisclosureLevel::Full => {
            let platform = sentence(f, s, false);
            let cats = match f {
                MonthFact::NoSpend { .. } => vec![DataCategory::Date, DataCategory::Number],
                MonthFact::Left { months: 0, .. } => Vec::new(),
                MonthFact::Left { .. } => {
                    vec![DataCategory::Amount, DataCategory::Date, DataCategory::Number]
                }
                MonthFact::ByMonth { .. } => vec![DataCategory::Amount, DataCategory::Date],
                MonthFact::SavedRank { month: None, .. } => Vec::new(),
                MonthFact::SavedRank { .. } => {
                    vec![DataCategory::Amount, DataCategory::Date, DataCategory::Number]
                }
            };
            (local, platform, cats)
        }
    }
}

fn sentence(f: &MonthFact, s: &Style, device: bool) -> String {
    let period = |label: &str| match device {
        true => period_phrase(label),
        false => period_phrase(&super::render::platform_period(label, true)),
    };
    match f {
        MonthFact::NoSpend { period: p, days, free } => {
            let mut text = format!(
                "You had {} no-spend day{} {} (of {days} day{} with data).",
                free.len(),
                plural(free.len()),
                period(p),
                plural(*days)
            );
            if !free.is_empty() && free.len() <= LISTED_DAYS {
                let list: Vec<String> = free.iter().map(|d| date_text(*d)).collect();
                let were = if free.len() == 1 { "It was" } else { "They were" };
                text += &format!(" {were} {}.", list.join(", "));
            }
            text
        }
        MonthFact::Left { months: 0, .. } => {
            "I need at least one whole month of data to say what is usually left.".to_string()
        }
        MonthFact::Left { average, first, months, money_in, money_out, currency } => {
            let m = |v: i64| format_money(v, *currency, s.locale);
            let head = match *average >= 0 {
                true => format!("On average {} was left at the end of a month", m(*average)),
                false => format!("On average {} more went out than came in each month", m(-average)),
            };
            format!(
                "{head}: money in minus money out over the {months} whole month{} since {} ({} in, {} out).",
                plural(*months),
                month_name(*first),
                m(*money_in),
                m(*money_out)
            )
        }
        MonthFact::SavedRank { month: None, .. } => {
            "I need at least one whole month of data to compare months.".to_string()
        }
        MonthFact::SavedRank { most, month: Some((d, i, o)), months, currency } => {
            let m = |v: i64| format_money(v, *currency, s.locale);
            let which = if *most { "most" } else { "least" };
            let net = match i - o {
                n if n >= 0 => format!("{} saved", m(n)),
                n => format!("{} more went out than came in", m(-n)),
            };
            format!(
                "You saved the {which} in {}: {net}, net of money in and out ({} in, {} out), of the {months} whole month{} compared.",
                month_name(*d),
                m(*i),
                m(*o),
                plural(*months)
            )
        }
        MonthFact::ByMonth { period: p, rows, currency } => {
            let m = |v: i64| format_money(v, *currency, s.locale);
            let total: i64 = rows.iter().map(|r| r.1).sum();
            let head = format!("Your spending by month {} ({} in all):", period(p), m(total));
            let lines = rows.iter().map(|(d, v, partial)| {
                let part = if *partial { " (part of the month)" } else { "" };
                format!("{}: {}{part}", month_name(*d), m(*v))
            });
            std::iter::once(head).chain(lines).collect::<Vec<_>>().join("\n")
        }
    }
}

/// Answers covering each text (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(field: &mut dyn FnMut(&str) -> String, amount: &dyn Fn(usize) -> i64) -> Vec<MonthFact> {
    let d = |m, day| Date::new(2025, m, day).expect("a sample day");
    vec![
        MonthFact::NoSpend { period: field("in"), days: 30, free: vec![d(11, 2), d(11, 9)] },
        MonthFact::NoSpend { period: field("in"), days: 30, free: Vec::new() },
        MonthFact::Left { average: amount(0).abs(), first: d(1, 1), months: 11, money_in: amount(1).abs(), money_out: amount(2).abs(), currency: Currency::USD },
        MonthFact::Left { average: -amount(0).abs(), first: d(1, 1), months: 11, money_in: amount(1).abs(), money_out: amount(2).abs(), currency: Currency::USD },
        MonthFact::Left { average: 0, first: d(1, 1), months: 0, money_in: 0, money_out: 0, currency: Currency::USD },
        MonthFact::SavedRank { most: true, month: Some((d(3, 1), amount(1).abs(), amount(2).abs())), months: 11, currency: Currency::USD },
        MonthFact::SavedRank { most: false, month: Some((d(3, 1), 0, amount(2).abs())), months: 11, currency: Currency::USD },
        MonthFact::SavedRank { most: false, month: None, months: 0, currency: Currency::USD },
        MonthFact::ByMonth { period: field("since"), rows: vec![(d(8, 1), amount(0).abs(), false), (d(9, 1), amount(1).abs(), true)], currency: Currency::USD },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(s: &str) -> Option<Ask> {
        ask_of(&super::super::shape::words(s))
    }

    #[test]
    fn each_question_is_read_from_its_words() {
        for (q, want) in [
            ("how many no-spend days did i have in november", Ask::NoSpend),
            ("no spend days this month", Ask::NoSpend),
            ("how much do i usually have left at the end of a month", Ask::Left),
            ("whats left over each month on average", Ask::Left),
            ("break it down by month since august", Ask::ByMonth),
            ("spending by month this year", Ask::ByMonth),
            ("monthly breakdown since june", Ask::ByMonth),
            ("which month did i save the least", Ask::SavedRank(false)),
            ("what month did i save the most this year", Ask::SavedRank(true)),
            ("my worst month for saving", Ask::SavedRank(false)),
        ] {
            assert_eq!(ask(q), Some(want), "{q}");
        }
        for q in [
            "how much did i spend this month",
            "average spending per month",
            "spending breakdown by category this month",
            "how much is left on my card",
            "how much did i save last month",
            "which month was my savings account balance highest",
            "how much did i spend last month",
        ] {
            assert_eq!(ask(q), None, "{q}");
        }
    }
}
