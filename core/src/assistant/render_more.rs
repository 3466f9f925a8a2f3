//! Renderings of the answer kinds added for trustworthy answers: comparisons, rankings,
//! counts, "no charges", clarifying questions, typed-secret warnings and alert binding.
//! Same rules as [`super::render`]: at `minimal` no amount, merchant, date or digit reaches
//! the platform; at `summary` rounded amounts and categories, no merchants or dates; at
//! `full` exact amounts and the vault's merchant names (never words the person typed).

use super::answer::Answer;
use super::phrase::period_phrase;
use super::render::{platform_merchant, platform_period, shows_period};
use super::shape::RankBy;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};

use super::render::Style;

/// Both texts and the platform text's categories.
pub(super) type Texts = (String, String, Vec<DataCategory>);

fn exact(minor: i64, c: Currency, s: &Style) -> String {
    format_money(minor, c, s.locale)
}

fn platform_money(minor: i64, c: Currency, s: &Style) -> String {
    match s.level {
        DisclosureLevel::Full => format_money(minor, c, s.locale),
        _ => format!("about {}", format_money_rounded(minor, c, s.locale)),
    }
}

/// The text of "which dates do you mean?".
pub(super) const CLARIFY: &str =
    "Which dates do you mean? For example this month, last month or the last thirty days.";

/// The question when a follow-up has nothing to refer to.
pub(super) const ASK_WHAT: &str =
    "Which figures do you mean? Ask me about each one first, then ask again.";
/// The text of "which merchant or category do you mean?".
pub(super) const WHICH_MERCHANT: &str =
    "Which merchant or category do you mean? Name the store, or the kind of spending.";

/// The typed-secret warning.
pub(super) const SECRET_WARNING: &str = "Please don't type card numbers, security codes, IBANs, passwords or social security numbers here: chat messages pass through the messaging platform. I didn't keep your message. If it held a password, change it.";

/// Renders the new kinds; `None` for the others.
pub(super) fn render_more(answer: &Answer, s: &Style) -> Option<Texts> {
    let minimal = s.level == DisclosureLevel::Minimal;
    let full = s.level == DisclosureLevel::Full;
    Some(match answer {
        Answer::Clarify => (CLARIFY.into(), CLARIFY.into(), Vec::new()),
        Answer::WhichMerchant => (WHICH_MERCHANT.into(), WHICH_MERCHANT.into(), Vec::new()),
        Answer::NotYet { period } => super::not_yet::texts(period),
        Answer::SecretWarning => (SECRET_WARNING.into(), SECRET_WARNING.into(), Vec::new()),
        Answer::AskWhat => (ASK_WHAT.into(), ASK_WHAT.into(), Vec::new()),
        Answer::NoCharges {
            merchant,
            merchant_known,
            period,
        } => {
            let local = format!("No charges at {merchant} {}.", period_phrase(period));
            let shown = period_phrase(&platform_period(period, full));
            let platform = if minimal {
                "I found no charges there for that period.".to_string()
            } else if full && *merchant_known {
                format!("No charges at {} {shown}.", platform_merchant(merchant))
            } else {
                format!("No charges at that merchant {shown}.")
            };
            let mut cats = Vec::new();
            if !minimal && full && *merchant_known {
                cats.push(DataCategory::Merchant);
            }
            if !minimal && shows_period(period, full) {
                cats.push(DataCategory::Date);
            }
            (local, platform, cats)
        }
        Answer::Comparison {
            category,
            merchant,
            first,
            second,
            currency,
            coverage,
            too_little_data,
        } => {
            // The coverage note stays on the device (the platform text is the comparison).
            let (mut local, platform, cats) = if *too_little_data {
                partial_comparison((*category, merchant.as_ref()), first, second, *currency, s)
            } else {
                comparison((*category, merchant.as_ref()), first, second, *currency, s)
            };
            local += &super::render::coverage_note(*coverage);
            (local, platform, cats)
        }
        Answer::Ranking {
            by,
            least,
            period,
            rows,
            currency,
        } => ranking((*by, *least), period, rows, *currency, s),
        Answer::Average {
            per,
            average,
            total,
            count,
            days,
            period,
            category,
            merchant,
            merchant_known,
            currency,
            coverage,
        } => super::average::texts(
            &super::average::AverageText {
                per: *per,
                average: *average,
                total: *total,
                count: *count,
                days: *days,
                period,
                category: *category,
                merchant: merchant.as_deref(),
                merchant_known: *merchant_known,
                currency: *currency,
                coverage: *coverage,
            },
            s,
        ),
        Answer::Versus {
            period,
            sides,
            currency,
            both,
            once,
        } => super::versus::texts(period, sides, *currency, (*both, *once), s),
        Answer::Count {
            period,
            merchant,
            merchant_known,
            category,
            count,
            total,
            currency,
        } => {
            let what = |shown: Option<String>| match (shown, category) {
                // "how many of those were shake shack" after dining: both.
                (Some(m), Some(c)) => format!(" on {} at {m}", c.as_str()),
                (Some(m), None) => format!(" at {m}"),
                (None, Some(c)) => format!(" on {}", c.as_str()),
                (None, None) => String::new(),
            };
            let plural = if *count == 1 { "" } else { "s" };
            // "3 purchases at Shake Shack last month, $41.20 in all."
            let sum = |m: String| match count {
                0 => String::new(),
                _ => format!(", {m} in all"),
            };
            let local = format!(
                "{count} purchase{plural}{} {}{}.",
                what(merchant.clone()),
                period_phrase(period),
                sum(exact(*total, *currency, s))
            );
            let shown = merchant.as_ref().map(|m| {
                if full && *merchant_known {
                    platform_merchant(m)
                } else {
                    "that merchant".to_string()
                }
            });
            let platform = if minimal {
                "Your count is ready: open the app to view it.".to_string()
            } else {
                let (n, plural) = if full {
                    (count.to_string(), plural)
                } else {
                    (summary_count(*count), "s")
                };
                format!(
                    "{n} purchase{plural}{} {}{}.",
                    what(shown),
                    period_phrase(&platform_period(period, full)),
                    sum(platform_money(*total, *currency, s))
                )
            };
            let mut cats = Vec::new();
            if !minimal {
                cats.push(DataCategory::Number);
                if *count > 0 {
                    cats.push(DataCategory::Amount);
                }
                if category.is_some() {
                    cats.push(DataCategory::Category);
                }
                if full && *merchant_known && merchant.is_some() {
                    cats.push(DataCategory::Merchant);
                }
                if shows_period(period, full) {
                    cats.push(DataCategory::Date);
                }
            }
            (local, platform, cats)
        }
        Answer::FraudWhich(open) => {
            let (local, platform) = super::alert_text::which_texts(open, s);
            (local, platform, vec![DataCategory::AlertRef])
        }
        Answer::FraudNoMatch { merchant } => {
            let local = format!("I don't see a fraud alert for a charge at {merchant}. Want me to list your recent charges there? If a charge isn't yours, call the number on the back of your card.");
            let platform = "I don't see a fraud alert for that charge. Want me to list your recent charges there? If a charge isn't yours, call the number on the back of your card.".to_string();
            (local, platform, vec![DataCategory::AlertRef])
        }
        _ => return None,
    })
}

fn comparison(
    (category, merchant): (Option<crate::model::Category>, Option<&(String, bool)>),
    first: &(String, i64),
    second: &(String, i64),
    currency: Currency,
    s: &Style,
) -> Texts {
    let full = s.level == DisclosureLevel::Full;
    // The device names the merchant as asked; the platform only a merchant the vault knows,
    // at `full`.
    let (on, on_platform) = match (merchant, category) {
        (Some((m, known)), _) => (
            format!(" at {m}"),
            if full && *known {
                format!(" at {}", platform_merchant(m))
            } else {
                " at that merchant".to_string()
            },
        ),
        (None, Some(c)) => (format!(" on {}", c.as_str()), format!(" on {}", c.as_str())),
        (None, None) => (String::new(), String::new()),
    };
    let diff = first.1 - second.1;
    let word = match diff.signum() {
        1 => "more",
        -1 => "less",
        _ => "the same",
    };
    let text = |m: &dyn Fn(i64) -> String, name: &dyn Fn(&str) -> String, on: &str| {
        // "$168.97 more in October 2026": which period the difference is of, said.
        let delta = if diff == 0 {
            "the same".to_string()
        } else {
            format!("{} {word} {}", m(diff.abs()), name(&first.0))
        };
        format!(
            "You spent {}{on} {} and {} {}: {delta}.",
            m(first.1),
            name(&first.0),
            m(second.1),
            name(&second.0)
        )
    };
    let local = text(&|v| exact(v, currency, s), &|p| period_phrase(p), &on);
    if s.level == DisclosureLevel::Minimal {
        let platform = "Your spending comparison is ready: open the app to view it.".to_string();
        return (local, platform, Vec::new());
    }
    let mut cats = vec![DataCategory::Amount];
    match merchant {
        Some((_, true)) if full => cats.push(DataCategory::Merchant),
        Some(_) => {}
        None if category.is_some() => cats.push(DataCategory::Category),
        None => {}
    }
    if shows_period(&first.0, full) || shows_period(&second.0, full) {
        cats.push(DataCategory::Date);
    }
    let platform = text(
        &|v| platform_money(v, currency, s),
        &|p| period_phrase(&platform_period(p, full)),
        &on_platform,
    );
    (local, platform, cats)
}

/// A comparison whose earlier period is mostly before the data: the asked period's total, and
/// why there is no difference to give.
fn partial_comparison(
    (category, merchant): (Option<crate::model::Category>, Option<&(String, bool)>),
    first: &(String, i64),
    second: &(String, i64),
    currency: Currency,
    s: &Style,
) -> Texts {
    let (_, platform_minimal, cats) = comparison((category, merchant), first, second, currency, s);
    let full = s.level == DisclosureLevel::Full;
    let (on, on_platform) = match (merchant, category) {
        (Some((m, known)), _) => (
            format!(" at {m}"),
            if full && *known {
                format!(" at {}", platform_merchant(m))
            } else {
                " at that merchant".to_string()
            },
        ),
        (None, Some(c)) => (format!(" on {}", c.as_str()), format!(" on {}", c.as_str())),
        (None, None) => (String::new(), String::new()),
    };
    let text = |m: &dyn Fn(i64) -> String, name: &dyn Fn(&str) -> String, on: &str| {
        format!(
            "You spent {}{on} {}. I can't compare it with {}: most of that period is before your data starts.",
            m(first.1),
            name(&first.0),
            name(&second.0)
        )
    };
    let local = text(&|v| exact(v, currency, s), &|p| period_phrase(p), &on);
    if s.level == DisclosureLevel::Minimal {
        return (local, platform_minimal, cats);
    }
    let platform = text(
        &|v| platform_money(v, currency, s),
        &|p| period_phrase(&platform_period(p, full)),
        &on_platform,
    );
    (local, platform, cats)
}

fn ranking(
    (by, least): (RankBy, bool),
    period: &str,
    rows: &[(String, i64)],
    currency: Currency,
    s: &Style,
) -> Texts {
    let noun = match by {
        RankBy::Category => "categories",
        RankBy::Merchant => "merchants",
        RankBy::Day => "spending days",
        RankBy::Month => "spending months",
        RankBy::Weekday => "spending days of the week",
        RankBy::Visits => "places by visits",
        RankBy::PerVisit => "merchants by cost a visit",
    };
    let full = s.level == DisclosureLevel::Full;
    if rows.is_empty() {
        let local = format!("No spending found {}.", period_phrase(period));
        let platform = if s.level == DisclosureLevel::Minimal {
            "I found no spending for that period.".to_string()
        } else {
            format!(
                "No spending found {}.",
                period_phrase(&platform_period(period, full))
            )
        };
        let shown = s.level != DisclosureLevel::Minimal && shows_period(period, full);
        let cats = if shown {
            vec![DataCategory::Date]
        } else {
            Vec::new()
        };
        return (local, platform, cats);
    }
    // The device numbers its rows; the platform's rows are not numbered, so that no row's
    // rank runs on from the amount before it ("$3,100.00\n2." reads as digits 3100002).
    let list = |name: &dyn Fn(&str) -> String, m: &dyn Fn(i64) -> String, numbered: bool| {
        rows.iter()
            .enumerate()
            .map(|(i, (n, v))| match numbered {
                true => format!("{}. {} {}", i + 1, name(n), m(*v)),
                false => format!("{} {}", name(n), m(*v)),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let head = |period: &str| match (rows.len(), by) {
        _ if least => match by {
            RankBy::Category => format!("The category you spent the least on {}:", period_phrase(period)),
            RankBy::Merchant => format!("The merchant you spent the least at {}:", period_phrase(period)),
            RankBy::Day => format!("Your lowest spending day {}:", period_phrase(period)),
            RankBy::Month => format!("Your lowest spending month {} (whole months only):", period_phrase(period)),
            RankBy::Weekday => format!("The day of the week you spend the least {}:", period_phrase(period)),
            RankBy::Visits => format!("The place you went to least often {}:", period_phrase(period)),
            RankBy::PerVisit => format!("Where a visit cost the least on average {}:", period_phrase(period)),
        },
        (1, RankBy::Visits) => format!("The place you went to most often {}:", period_phrase(period)),
        (_, RankBy::Visits) => format!("The places you went to most often {}:", period_phrase(period)),
        (_, RankBy::PerVisit) => format!("Where a visit cost the most on average {}:", period_phrase(period)),
        (1, RankBy::Weekday) => format!("The day of the week you spend the most {}:", period_phrase(period)),
        (_, RankBy::Weekday) => format!("Your biggest spending days of the week {}:", period_phrase(period)),
        (1, RankBy::Category) => format!("Your top category {}:", period_phrase(period)),
        (1, RankBy::Merchant) => format!("Your top merchant {}:", period_phrase(period)),
        (1, RankBy::Day) => format!("Your biggest spending day {}:", period_phrase(period)),
        (_, RankBy::Day) => format!("Your biggest spending days {}:", period_phrase(period)),
        (1, RankBy::Month) => format!("Your biggest spending month {}:", period_phrase(period)),
        (_, RankBy::Month) => format!("Your biggest spending months {}:", period_phrase(period)),
        _ => format!("Your top {noun} {}:", period_phrase(period)),
    };
    // Visits are counts ("44 visits"); every other row is money.
    let visits = |v: i64| format!("{v} visit{}", if v == 1 { "" } else { "s" });
    let local = match by {
        RankBy::Visits => format!("{}\n{}", head(period), list(&|n| n.to_string(), &visits, true)),
        _ => format!(
            "{}\n{}",
            head(period),
            list(&|n| n.to_string(), &|v| exact(v, currency, s), true)
        ),
    };
    let (platform, cats) = match (s.level, by) {
        (DisclosureLevel::Minimal, _)
        | (
            DisclosureLevel::Summary,
            RankBy::Merchant
            | RankBy::Day
            | RankBy::Month
            | RankBy::Weekday
            | RankBy::Visits
            | RankBy::PerVisit,
        ) => (
            format!("Your top {noun} are ready: open the app to view them."),
            Vec::new(),
        ),
        (DisclosureLevel::Summary, RankBy::Category) => (
            format!(
                "{}\n{}",
                match least {
                    true => "The category you spent the least on:".to_string(),
                    false => format!("Your top {noun}:"),
                },
                rows.iter()
                    .map(|(n, v)| {
                        // Category names are words; rendered from their letters like any name.
                        format!(
                            "{} {}",
                            platform_merchant(n),
                            platform_money(*v, currency, s)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            vec![DataCategory::Amount, DataCategory::Category],
        ),
        (DisclosureLevel::Full, _) => (
            format!(
                "{}\n{}",
                head(&platform_period(period, full)),
                list(
                    // A day's name is our own date text, not a merchant's.
                    &|n| match by {
                        RankBy::Day | RankBy::Month | RankBy::Weekday => n.to_string(),
                        _ => platform_merchant(n),
                    },
                    &|v| match by {
                        RankBy::Visits => visits(v),
                        _ => platform_money(v, currency, s),
                    },
                    false
                )
            ),
            {
                let mut cats = match by {
                    RankBy::Category => vec![DataCategory::Amount, DataCategory::Category],
                    RankBy::Merchant | RankBy::PerVisit => {
                        vec![DataCategory::Amount, DataCategory::Merchant]
                    }
                    RankBy::Visits => vec![DataCategory::Number, DataCategory::Merchant],
                    RankBy::Day | RankBy::Month | RankBy::Weekday => {
                        vec![DataCategory::Amount, DataCategory::Date]
                    }
                };
                if shows_period(period, full) {
                    cats.push(DataCategory::Date);
                }
                cats
            },
        ),
    };
    (local, platform, cats)
}

/// A count at `summary`: never exact, since exact counts let the platform bisect amounts
/// (issue 15). "fewer than 10", then one significant figure ("about 600").
pub(super) fn summary_count(count: usize) -> String {
    if count < 10 {
        return "fewer than 10".to_string();
    }
    let mut scale = 1usize;
    while count / scale >= 10 {
        scale *= 10;
    }
    let rounded = (count + scale / 2) / scale * scale;
    format!("about {rounded}")
}

#[cfg(test)]
mod count_tests {
    use super::summary_count;

    #[test]
    fn summary_counts_are_never_exact() {
        assert_eq!(summary_count(0), "fewer than 10");
        assert_eq!(summary_count(9), "fewer than 10");
        assert_eq!(summary_count(10), "about 10");
        assert_eq!(summary_count(14), "about 10");
        assert_eq!(summary_count(15), "about 20");
        assert_eq!(summary_count(567), "about 600");
        assert_eq!(summary_count(950), "about 1000");
    }
}
