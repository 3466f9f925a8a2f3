//! Money in: "how much came in last month", "did I get paid yet", "what's my paycheck".
//!
//! Spending answers never net income ([`super::cache::spend_of`] leaves salary and transfers
//! out), so an income question answered as spending gives a confident wrong figure ("You
//! spent $0.00 on income"). Money in is its own answer: the posted credits of the period and
//! the latest one. Words about pay (paycheck, salary, got paid, earned) count the `income`
//! category only; words about money arriving ("came in", deposits, received) count every
//! credit but transfers between accounts (card payments, moves from savings), and the reply
//! says so. Pending credits are left out: a bank may still reverse them.

use crate::words::Words;
use super::answer::{
    coverage, main_currency, period_bounds, period_or_default, visit_period, Answer, Query,
};
use super::cache::{Summary, TxnView};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{coverage_note, date_text, plural, platform_period, shows_period, Style};
use crate::egress::{DataCategory, DisclosureLevel};
use crate::model::{Account, Category, TxnStatus};
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};

/// Which money in the person asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inflow {
    /// Pay: salary, wages, paychecks (the `income` category).
    Income,
    /// Every credit but transfers between accounts.
    All,
}

/// Whether the words ask for the most recent pay or deposit ("when was my last paycheck", "my
/// latest deposit"): "last" there is no period, and the answer's latest credit is the reply.
/// Only with words about money in (the caller checks the shape); never a listing of
/// transactions.
pub(super) fn asks_latest(w: &[String]) -> bool {
    // Not "payday": "my transactions last payday" names a day (a period to ask about).
    const NOUNS: [&str; 6] = ["paycheck", "paycheque", "salary", "deposit", "wage", "wages"];
    w.windows(2).any(|p| {
        matches!(p[0].as_str(), "last" | "latest" | "recent") && NOUNS.contains(&p[1].as_str())
    }) || w.windows(3).any(|p| {
        matches!(p[0].as_str(), "last" | "latest" | "recent")
            && p[1] == "direct"
            && p[2].starts_with("deposit")
    })
}

/// Reads whether lower-cased words ask about money in, and which.
pub(super) fn inflow_of(w: &[String]) -> Option<Inflow> {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let has = |x: &str| w.iter().any(|v| v == x);
    const PAY: [&str; 10] = [
        "paycheck", "paychecks", "payday", "salary", "wages", "wage", "income", "earn", "earned",
        "earnings",
    ];
    // A question about spending is one even when pay marks its period ("how much have i spent
    // since i got paid").
    const SPENDING: [&str; 8] = [
        "spend", "spent", "spending", "buy", "bought", "purchases", "charges", "charged",
    ];
    if SPENDING.iter().any(|x| has(x)) {
        return None;
    }
    let paid = (0..w.len()).any(|i| {
        // "did i get paid", "have i been paid", "got paid", "paid me"; not "since i got paid"
        let time_cue = i >= 3
            && matches!(at(i - 3), "since" | "after" | "before" | "until" | "till" | "when");
        (at(i) == "paid"
            && i > 0
            && matches!(at(i - 1), "get" | "got" | "been" | "gotten")
            && !time_cue)
            || (at(i) == "paid" && at(i + 1) == "me")
    });
    // "how much (money) did i make last month" (not "how many purchases did i make")
    let made = (0..w.len()).any(|i| {
        let m = usize::from(at(i + 2) == "money");
        at(i) == "how"
            && at(i + 1) == "much"
            && matches!(at(i + 2 + m), "did" | "do" | "have")
            && at(i + 3 + m) == "i"
            && matches!(at(i + 4 + m), "make" | "made")
    });
    if paid || made || PAY.iter().any(|p| has(p)) {
        return Some(Inflow::Income);
    }
    let arrived = (0..w.len()).any(|i| {
        matches!(at(i), "came" | "come" | "comes" | "coming") && at(i + 1) == "in"
            || at(i) == "money" && at(i + 1) == "in"
    });
    let deposits = Words("deposit|deposits|deposited|received|incoming")
        .iter()
        .any(has);
    (arrived || deposits).then_some(Inflow::All)
}

/// Whether a transaction is money in of that kind.
fn counts(inflow: Inflow, t: &TxnView<'_>) -> bool {
    t.amount > 0
        && t.status == TxnStatus::Posted
        && match inflow {
            Inflow::Income => t.category == Some(Category::Income),
            Inflow::All => t.category != Some(Category::Transfer),
        }
}

/// The money in of the selected accounts over the asked period (the last 30 days when none
/// was named), with the latest credit.
pub(super) fn received(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
    inflow: Inflow,
) -> Result<Answer> {
    let period = period_or_default(q, today, false);
    let currency = main_currency(sel);
    let (from, until) = period_bounds(&period, q.offset);
    let filter = Filter::of_query(q);
    let (mut total, mut count, mut latest) = (0i64, 0usize, None);
    visit_period(vault, summary, sel, (from, until), &filter, |t| {
        if t.currency != currency || !filter.keep(t) || !counts(inflow, t) {
            return;
        }
        total = total.saturating_add(t.amount);
        count += 1;
        if latest.is_none_or(|(at, _)| t.transacted_at > at) {
            latest = Some((t.transacted_at, t.amount));
        }
    })?;
    Ok(Answer::Received {
        coverage: coverage(vault, summary, &period, q.offset)?,
        period: period.label,
        inflow,
        total,
        count,
        latest,
        currency,
    })
}

/// Renders [`Answer::Received`]; `None` for other answers. Device: the total, the count and
/// the latest credit. Platform: nothing at `minimal`; at `summary` the rounded total and the
/// period (a month or relative period only); at `full` the device text without the coverage
/// note. "income" is a category name: declared as one.
pub(super) fn render(answer: &Answer, s: &Style) -> Option<super::render_more::Texts> {
    let Answer::Received {
        period,
        inflow,
        total,
        count,
        latest,
        currency,
        coverage,
    } = answer
    else {
        return None;
    };
    let full = s.level == DisclosureLevel::Full;
    let (what, none, note) = match inflow {
        Inflow::Income => ("in income", "No income came in", ""),
        Inflow::All => (
            "in all",
            "Nothing came in",
            ", not counting transfers between accounts",
        ),
    };
    let exact = |v: i64| format_money(v, *currency, s.locale);
    let device_text = |shown_period: &str, money: &dyn Fn(i64) -> String, details: bool| {
        if *count == 0 {
            return format!("{none} {shown_period}{note}.");
        }
        let mut t = format!("You received {} {what} {shown_period}", money(*total));
        if details {
            let day = latest.map(|(at, _)| date_text(local_date(at, s.offset)));
            match (count, latest, day) {
                (1, _, Some(day)) => t += &format!("{note}, on {day}"),
                (_, Some((_, amount)), Some(day)) => {
                    t += &format!(
                        " ({count} transactions{note}), the latest {} on {day}",
                        money(*amount)
                    );
                }
                _ => t += &format!(" ({count} transaction{}{note})", plural(*count)),
            }
        } else {
            t += note;
        }
        t + "."
    };
    let local = device_text(&period_phrase(period), &exact, true) + &coverage_note(*coverage);
    let mut cats = Vec::new();
    let platform = match s.level {
        DisclosureLevel::Minimal => {
            "Your summary of money in is ready: open the app to view it.".into()
        }
        _ => {
            if *count > 0 {
                cats.push(DataCategory::Amount);
            }
            if *inflow == Inflow::Income {
                cats.push(DataCategory::Category);
            }
            if shows_period(period, full) {
                cats.push(DataCategory::Date);
            }
            let shown = period_phrase(&platform_period(period, full));
            if full {
                if *count > 0 {
                    cats.push(DataCategory::Date);
                }
                if *count > 1 {
                    cats.push(DataCategory::Number);
                }
                device_text(&shown, &exact, true)
            } else {
                let rounded =
                    |v: i64| format!("about {}", format_money_rounded(v, *currency, s.locale));
                device_text(&shown, &rounded, false)
            }
        }
    };
    Some((local, platform, cats))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::assistant::shape::words;

    #[test]
    fn pay_words_ask_for_income() {
        for m in [
            "did i get paid yet",
            "whats my paycheck",
            "how much did i make last month",
            "how much money did i make this year",
            "how much salary came in in october",
            "how much did i earn this year",
            "has my employer paid me",
            "when was payday",
        ] {
            assert_eq!(inflow_of(&words(m)), Some(Inflow::Income), "{m}");
        }
    }

    #[test]
    fn arrival_words_ask_for_all_money_in() {
        for m in [
            "how much money came in last month",
            "any deposits this week?",
            "what did i receive... received anything?",
            "money in vs out",
        ] {
            assert_eq!(inflow_of(&words(m)), Some(Inflow::All), "{m}");
        }
    }

    #[test]
    fn spending_words_do_not() {
        for m in [
            "how much did i spend last month",
            "did i pay my phone bill",
            "how many purchases did i make at target",
            "how much did i pay for rent",
            "what came out of my account",
            "how much have i spent since i got paid",
            "show my transactions since i got paid",
        ] {
            assert_eq!(inflow_of(&words(m)), None, "{m}");
        }
    }
}
