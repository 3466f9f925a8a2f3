//! "When's my next paycheck", "when do I get paid": an estimate from the pay already
//! received, said as one, never a promise.
//!
//! Read over the three calendar months before this one and this month so far: the posted
//! credits in the `income` category, grouped by payer (the merchant the bank named, else the
//! description). A payer is steady when it paid at least three times and every interval is
//! within three days of their median: about a month (27 to 34 days: "every month", the next
//! on the same day of next month, or its last day when every pay came on a month's last day)
//! or a number of days from 6 to 26 ("every 14 days", the next that many days after the
//! latest). Of the steady payers the one with the largest latest pay is told. No steady
//! payer: the reply says so and names no date. A next day already past says the pay was
//! expected then and has not come.

use super::answer::{main_currency, period_bounds, visit_period, Query};
use super::cache::Summary;
use super::filter::Filter;
use super::render::{date_text, platform_merchant, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::{Account, Category, TxnStatus};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{days_in_month, local_date, Date};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// How regularly a payer pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Every month.
    Monthly,
    /// Every so many days.
    Days(i64),
}

/// A steady pay.
#[derive(Clone, PartialEq, Eq)]
pub struct Steady {
    /// The payer as the bank names it, when it does.
    pub payer: Option<String>,
    /// How often.
    pub every: Cadence,
    /// The latest pay's day and amount (positive).
    pub last: (Date, i64),
    /// When the next would come if the schedule holds.
    pub next: Date,
    /// The next day is already past and no pay came.
    pub overdue: bool,
    /// How many pays the estimate rests on.
    pub count: usize,
}

/// The estimate, or none when no pay was steady.
#[derive(Clone, PartialEq, Eq)]
pub struct NextPay {
    /// The steady pay found.
    pub steady: Option<Steady>,
    /// Currency.
    pub currency: Currency,
}

/// Whether the lower-cased words ask when the next pay comes ("when's my next paycheck",
/// "when do I get paid", "when is payday"), not about a pay received ("when was my last
/// paycheck", "did I get paid").
pub(super) fn asks(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    let pay_noun = |v: &str| {
        matches!(
            v,
            "paycheck" | "paycheque" | "pay" | "payday" | "salary" | "deposit" | "direct"
                | "wages" | "check"
        )
    };
    let next = (0..w.len()).any(|i| at(i) == "next" && (1..=3).any(|k| pay_noun(at(i + k))));
    let past = Words("was|did|last|were|got").iter().any(&has);
    let when = has("when") || has("whens");
    let future = Words("do|will|does|is|am|whens|should|are|get")
        .iter()
        .any(&has);
    let paid = has("paid")
        || has("payday")
        || (0..w.len()).any(|i| at(i) == "my" && pay_noun(at(i + 1)) && at(i + 1) != "check");
    (next && !has("last")) || (when && future && paid && !past)
}

/// One payer's pays: day and amount, in order of days.
type Pays = Vec<(Date, i64)>;

/// The estimate from the income of the selected accounts.
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<NextPay> {
    let currency = main_currency(sel);
    let window = Period {
        start: today.first_of_month().add_months_first(-3),
        end: today.add_days(1),
        label: String::new(),
    };
    let everything = Filter::of(&Slots::default());
    let mut names = super::everyday::Groups::default();
    let mut payers: Vec<(Option<String>, Pays)> = Vec::new();
    visit_period(
        vault,
        summary,
        sel,
        period_bounds(&window, q.offset),
        &everything,
        |t| {
            if t.amount <= 0
                || t.status != TxnStatus::Posted
                || t.category != Some(Category::Income)
                || t.currency != currency
            {
                return;
            }
            let (i, new) = names.of(&t.merchant.unwrap_or(t.description).to_lowercase());
            if new {
                payers.push((t.merchant.map(str::to_string), Vec::new()));
            }
            if let Some(p) = payers.get_mut(i) {
                // Kept in order of days as they come.
                let pay = (local_date(t.transacted_at, q.offset), t.amount);
                let at = p.1.partition_point(|x| *x <= pay);
                p.1.insert(at, pay);
            }
        },
    )?;
    let steady = payers
        .into_iter()
        .filter_map(|(payer, pays)| steady(&pays, today).map(|s| Steady { payer, ..s }))
        .max_by_key(|s| (s.last.1, s.last.0));
    Ok(NextPay { steady, currency })
}

/// The schedule of one payer's pays (sorted by day), if steady.
fn steady(pays: &[(Date, i64)], today: Date) -> Option<Steady> {
    let &(last, amount) = pays.last()?;
    if pays.len() < 3 {
        return None;
    }
    let gaps: Vec<i64> = pays
        .windows(2)
        .map(|p| p[1].0.days() - p[0].0.days())
        .collect();
    // The middle gap (the upper one of an even count), found without sorting: a handful of
    // pays.
    let half = gaps.len() / 2;
    let median = gaps.iter().copied().find(|g| {
        let below = gaps.iter().filter(|x| *x < g).count();
        let at_most = gaps.iter().filter(|x| *x <= g).count();
        below <= half && half < at_most
    })?;
    if !gaps.iter().all(|g| (g - median).abs() <= 3) {
        return None;
    }
    let (every, next) = match median {
        27..=34 => (Cadence::Monthly, next_month(pays, last)?),
        6..=26 => (Cadence::Days(median), last.add_days(median)),
        _ => return None,
    };
    Some(Steady {
        payer: None,
        every,
        last: (last, amount),
        next,
        overdue: next < today,
        count: pays.len(),
    })
}

/// The same day next month (its last day when every pay came on a month's last day, or when
/// the month is shorter).
fn next_month(pays: &[(Date, i64)], last: Date) -> Option<Date> {
    let first = last.first_of_month().add_months_first(1);
    let end = days_in_month(first.year, first.month);
    let month_ends = pays
        .iter()
        .all(|(d, _)| d.day == days_in_month(d.year, d.month));
    let day = if month_ends { end } else { last.day.min(end) };
    Date::new(first.year, first.month, day)
}

/// "Your pay from ACME has come every 14 days, most recently $2,345.00 on Nov 27; the next
/// would be around Dec 11 if that holds."
fn sentence(s: &Steady, money: &dyn Fn(i64) -> String, payer: Option<String>) -> String {
    let from = payer.map(|p| format!(" from {p}")).unwrap_or_default();
    let every = match s.every {
        Cadence::Monthly => "month".to_string(),
        Cadence::Days(n) => format!("{n} days"),
    };
    let next = if s.overdue {
        format!(
            "the next was expected around {} and has not come yet",
            date_text(s.next)
        )
    } else {
        format!("the next would be around {} if that holds", date_text(s.next))
    };
    format!(
        "Your pay{from} has come every {every}, most recently {} on {}; {next}.",
        money(s.last.1),
        date_text(s.last.0)
    )
}

const NONE: &str = "I don't see a steady pay in the last three months (the same payer at a regular interval), so I can't tell when the next one comes.";

/// Both texts. Platform: a fixed text at `minimal`; at `summary` the interval and the rounded
/// pay (no payer, no day); at `full` the device sentence, the payer as the bank names it.
pub(super) fn texts(r: &NextPay, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let Some(st) = &r.steady else {
        let platform = match s.level {
            DisclosureLevel::Minimal => "Your pay estimate is ready: open the app to view it.",
            _ => NONE,
        };
        return (NONE.to_string(), platform.to_string(), Vec::new());
    };
    let local = format!(
        "{} (An estimate from your last {} pays.)",
        sentence(st, &exact, st.payer.clone()),
        st.count
    );
    let mut cats = Vec::new();
    if s.level != DisclosureLevel::Minimal {
        cats.push(DataCategory::Amount);
        if matches!(st.every, Cadence::Days(_)) {
            cats.push(DataCategory::Number);
        }
    }
    let platform = match s.level {
        DisclosureLevel::Minimal => "Your pay estimate is ready: open the app to view it.".into(),
        DisclosureLevel::Summary => {
            let every = match st.every {
                Cadence::Monthly => "month".to_string(),
                Cadence::Days(n) => format!("{n} days"),
            };
            format!(
                "Your pay has come every {every}, about {} each time. Open the app for the day the next would come.",
                format_money_rounded(st.last.1, r.currency, s.locale)
            )
        }
        DisclosureLevel::Full => {
            cats.push(DataCategory::Date);
            if st.payer.is_some() {
                cats.push(DataCategory::Merchant);
            }
            sentence(st, &exact, st.payer.as_deref().map(platform_merchant))
        }
    };
    (local, platform, cats)
}

impl std::fmt::Debug for Steady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("Steady").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for NextPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("NextPay").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn words_that_ask_for_the_next_pay() {
        for q in [
            "when's my next paycheck",
            "when do I get paid",
            "when is payday",
            "when will i be paid",
            "next direct deposit?",
            "when am i getting paid next",
        ] {
            assert!(asks(&words(q)), "{q}");
        }
        for q in [
            "when was my last paycheck",
            "did i get paid yet",
            "when did i get paid",
            "how much was my last paycheck",
            "how much did i spend since i got paid",
            "show my transactions next week",
        ] {
            assert!(!asks(&words(q)), "{q}");
        }
    }

    #[test]
    fn biweekly_pay_comes_fourteen_days_on() {
        let pays = [
            (d(2026, 10, 16), 234_500),
            (d(2026, 10, 30), 234_500),
            (d(2026, 11, 13), 234_500),
            (d(2026, 11, 27), 234_500),
        ];
        let s = steady(&pays, d(2026, 12, 5)).unwrap();
        assert_eq!(s.every, Cadence::Days(14));
        assert_eq!(s.next, d(2026, 12, 11));
        assert!(!s.overdue);
        assert!(steady(&pays, d(2026, 12, 12)).unwrap().overdue);
    }

    #[test]
    fn month_end_pay_comes_on_the_next_month_end() {
        let pays = [
            (d(2026, 9, 30), 558_094),
            (d(2026, 10, 31), 558_094),
            (d(2026, 11, 30), 558_094),
        ];
        let s = steady(&pays, d(2026, 12, 5)).unwrap();
        assert_eq!(s.every, Cadence::Monthly);
        assert_eq!(s.next, d(2026, 12, 31));
        // On a fixed day of the month: the same day next month.
        let fifteenth = [
            (d(2026, 9, 15), 1),
            (d(2026, 10, 15), 1),
            (d(2026, 11, 15), 1),
        ];
        assert_eq!(
            steady(&fifteenth, d(2026, 12, 5)).unwrap().next,
            d(2026, 12, 15)
        );
    }

    #[test]
    fn irregular_or_too_few_pays_give_no_estimate() {
        let two = [(d(2026, 10, 31), 1), (d(2026, 11, 30), 1)];
        assert!(steady(&two, d(2026, 12, 5)).is_none());
        let irregular = [
            (d(2026, 9, 3), 1),
            (d(2026, 10, 20), 1),
            (d(2026, 11, 2), 1),
        ];
        assert!(steady(&irregular, d(2026, 12, 5)).is_none());
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
        let r = NextPay {
            steady: Some(Steady {
                payer: Some("ACME".into()),
                every: Cadence::Days(14),
                last: (d(2026, 11, 27), 234_500),
                next: d(2026, 12, 11),
                overdue: false,
                count: 4,
            }),
            currency: Currency::USD,
        };
        let (local, platform, cats) = texts(&r, &style(DisclosureLevel::Full));
        assert!(local.starts_with("Your pay from ACME has come every 14 days, most recently $2,345.00 on Nov 27; the next would be around Dec 11 if that holds."), "{local}");
        assert!(platform.starts_with("Your pay from ACME has come every 14 days"));
        assert!(cats.contains(&DataCategory::Merchant) && cats.contains(&DataCategory::Date));
        let (_, platform, cats) = texts(&r, &style(DisclosureLevel::Summary));
        assert!(platform.starts_with("Your pay has come every 14 days, about $"), "{platform}");
        assert_eq!(cats, vec![DataCategory::Amount, DataCategory::Number]);
        let none = NextPay {
            steady: None,
            currency: Currency::USD,
        };
        let (local, _, cats) = texts(&none, &style(DisclosureLevel::Full));
        assert!(local.starts_with("I don't see a steady pay") && !local.contains('$'));
        assert!(cats.is_empty());
    }
}
