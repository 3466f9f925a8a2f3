//! "How much did I save last month", "what did I save this year": money in minus money out
//! over the period, the net, said to be one.
//!
//! No transaction records "saving", so the honest answer is the difference, with what it
//! counts:
//! - in: posted credits (pay, refunds, interest, other deposits); a pending credit may still
//!   be reversed and is left out;
//! - out: every debit, pending ones too (the money is committed);
//! - transfers (the `transfer` category: moves between the person's own accounts, card
//!   payments, and so also transfers to people, which the bank's data does not tell apart)
//!   count neither way: paying the card bill is not spending, the card's purchases are;
//!   moving money to savings is not spending either, and stays in the figure saved.
//!
//! Loans are left out, as in spending answers. A question without a period ("how much have I
//! saved") asks which dates: a net needs two ends. Over all the accounts, the period's whole
//! months are read from the vault's digest ([`Flow`], the same rule) and only the days around
//! them from the transactions: "my savings rate this year" decrypts no block of the year.

use super::answer::{coverage, main_currency, months_inside, visit_period, Query};
use super::cache::Summary;
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{coverage_note, platform_period, shows_period, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Slots;
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::vault::digest::Flow;
use crate::vault::{Result, Vault};
use crate::words::Words;

/// Money in and out over a period.
#[derive(Clone, PartialEq, Eq)]
pub struct Saved {
    /// The period's label.
    pub period: String,
    /// Money in (positive).
    pub money_in: i64,
    /// Money out (positive).
    pub money_out: i64,
    /// Currency.
    pub currency: Currency,
    /// The first day with data, when the period starts before it.
    pub coverage: Option<Date>,
}

/// Whether the lower-cased words ask what was saved ("how much did I save", "what have I
/// saved this year", "my net for november"), not how to save ("how can I save more") or
/// about the savings account ("what's in my savings").
pub(super) fn asks(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    // "how much did i put away", "set aside", "stash": what was saved, said as the net.
    let put_away = Words("put|tuck|tucked|squirrel|squirreled").iter().any(|v| pair(v, "away"))
        || pair("set", "aside")
        || has("stash")
        || has("stashed");
    let save = has("save") || has("saved") || put_away;
    // "my net balance after the card" is the balances, net of the card.
    let net = has("net") && !has("worth") && !has("pay") && !has("paycheck") && !has("balance");
    let advice = Words("can|could|should|will|would|to|tips|ways|more|help")
    .iter()
    .any(&has);
    let asks = Words("how|what|whats|did|have|much|my")
        .iter()
        .any(&has);
    // "whats my savings rate": what was saved of what came in.
    let rate = w
        .windows(2)
        .any(|p| matches!(p[0].as_str(), "savings" | "saving") && p[1] == "rate");
    let paid = Words("pay|paid|income|earned|earn|earnings|paycheck|salary")
        .iter()
        .any(&has);
    (save && asks && !advice)
        || (net && asks && !has("to"))
        || rate
        || paid && against_spending(w)
        || in_and_out(w)
}

/// "money in vs money out", "what came in and what went out": both sides and the net.
fn in_and_out(w: &[String]) -> bool {
    let after = |first: &[&str], then: &str| {
        w.windows(2).any(|p| first.contains(&p[0].as_str()) && p[1] == then)
    };
    let came_in = after(&["money", "came", "coming", "comes", "cash"], "in");
    let went_out = after(&["money", "went", "going", "goes", "cash"], "out");
    let cue = Words("vs|versus|against|compared|compare|and").iter().any(|c| w.iter().any(|v| v == c));
    came_in && went_out && cue
}

/// "pay vs spending", "is that more or less than what i spent in the same time": what was
/// spent set against money in (after a question about money in, "that" is it).
pub(super) fn against_spending(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let spent = Words("spend|spent|spending|expenses|outgoings").iter().any(&has);
    // "whats left of that after spending": money in less what was spent.
    let left_after = has("left") && has("after");
    let cue = Words("than|vs|versus|against|compared|compare").iter().any(has)
        || left_after
        || w.windows(2).any(|p| p[0] == "same" && matches!(p[1].as_str(), "time" | "period"));
    spent && cue
}

/// "whats my savings rate", "saving rate this year": the rate asked, not an account's
/// interest rate (the caller reads the period, this year so far when none is named).
pub(super) fn asks_rate(w: &[String]) -> bool {
    w.iter().any(|v| v == "rate") && asks(w)
}

/// Money in and out over the asked period; `None` when no period was named.
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
) -> Result<Option<Saved>> {
    let Some(period) = q.slots.period.clone() else {
        return Ok(None);
    };
    let currency = main_currency(sel);
    let everything = Filter::of(&Slots::default());
    let mut flow = Flow::default();
    let mut rest = [(period.start, period.end), (period.end, period.end)];
    // No account named: every account but the loans, which the digest's months hold.
    if let (None, Some(((first, n), a, b))) = (&q.slots.account, months_inside(&period)) {
        if let Some(whole) = summary.months_flow(vault, first, n, currency) {
            flow = whole;
            rest = [(period.start, a), (b, period.end)];
        }
    }
    for (start, end) in rest.into_iter().filter(|(s, e)| s < e) {
        let bounds = (start.start_ts(q.offset), end.start_ts(q.offset));
        visit_period(vault, summary, sel, bounds, &everything, |t| {
            if let (true, Some(f)) = (t.currency == currency, Flow::of(t.category, t.status, t.amount)) {
                flow.add(f, 1);
            }
        })?;
    }
    Ok(Some(Saved {
        coverage: coverage(vault, summary, &period, q.offset)?,
        period: period.label,
        money_in: flow.money_in,
        money_out: flow.money_out,
        currency,
    }))
}

/// "You saved $1,234.56 last month, net: $5,580.94 came in and $4,346.38 went out." With
/// `rate`, the share of money in that was saved ("(22.1% of what came in)").
fn sentence(r: &Saved, money: &dyn Fn(i64) -> String, period: &str, rate: bool) -> String {
    let net = r.money_in.saturating_sub(r.money_out);
    let (i, o) = (money(r.money_in), money(r.money_out));
    let share = match (rate, r.money_in) {
        (true, m) if m > 0 => {
            let tenths = i128::from(net) * 1000 / i128::from(m);
            format!(" ({}.{}% of what came in)", tenths / 10, tenths % 10)
        }
        _ => String::new(),
    };
    match net.signum() {
        1 => format!(
            "You saved {}{share} {period}, net: {i} came in and {o} went out.",
            money(net)
        ),
        -1 => format!(
            "Money out exceeded money in by {} {period}, net: {i} came in and {o} went out.",
            money(net.saturating_neg())
        ),
        _ => format!("Money in and out were even {period}: {i} came in and {o} went out."),
    }
}

/// Both texts. Device: the net, both sides, what was counted. Platform: a fixed text at
/// `minimal`; at `summary` the rounded figures; at `full` the exact ones.
pub(super) fn texts(r: &Saved, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let local = sentence(r, &exact, &period_phrase(&r.period), true)
        + " (The net is money in minus money out; transfers, such as moves between your accounts and card payments, count neither way.)"
        + &coverage_note(r.coverage);
    let full = s.level == DisclosureLevel::Full;
    if s.level == DisclosureLevel::Minimal {
        let platform = "Your money in and out summary is ready: open the app to view it.";
        return (local, platform.to_string(), Vec::new());
    }
    let mut cats = vec![DataCategory::Amount];
    if shows_period(&r.period, full) {
        cats.push(DataCategory::Date);
    }
    let rounded = |v: i64| format!("about {}", format_money_rounded(v, r.currency, s.locale));
    let money: &dyn Fn(i64) -> String = if full { &exact } else { &rounded };
    // The share stays on the phone: the platform gets no more than before.
    let platform = sentence(r, money, &period_phrase(&platform_period(&r.period, full)), false);
    (local, platform, cats)
}

impl std::fmt::Debug for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Figures, days and merchant names stay out of logs.
        f.debug_struct("Saved").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    #[test]
    fn words_that_ask_what_was_saved() {
        for q in [
            "how much did i save last month",
            "what did I save this year",
            "how much have i saved",
            "whats my net for november",
            "whats my savings rate",
            "my saving rate last year",
            "pay vs spending same time",
            "did i spend more than i earned last month",
            "how much did i put away in october",
            "what did i set aside this year",
            "money in vs money out last month",
            "what came in and what went out in november",
        ] {
            assert!(asks(&words(q)), "{q}");
            assert_eq!(asks_rate(&words(q)), q.contains("rate"), "{q}");
        }
        for q in [
            "how can i save more",
            "tips to save money",
            "what's in my savings",
            "whats my net worth",
            "whats my net balance after the card",
            "how much did i spend last month",
            "whats the interest rate on my savings",
            "how much money went out last month",
            "how much did i take out in october",
            "put the groceries away",
        ] {
            assert!(!asks(&words(q)), "{q}");
        }
    }

    fn sample(money_in: i64, money_out: i64) -> Saved {
        Saved {
            period: "last month".into(),
            money_in,
            money_out,
            currency: Currency::USD,
            coverage: None,
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
    fn the_net_is_said_with_both_sides() {
        let (local, platform, _) = texts(&sample(558_094, 434_638), &style(DisclosureLevel::Full));
        assert!(local.starts_with(
            "You saved $1,234.56 (22.1% of what came in) last month, net: $5,580.94 came in and $4,346.38 went out."
        ), "{local}");
        assert!(local.contains("count neither way"));
        assert!(!platform.contains("neither"));
        let (local, _, _) = texts(&sample(100_000, 150_000), &style(DisclosureLevel::Full));
        assert!(local.starts_with("Money out exceeded money in by $500.00 last month, net:"));
        let (local, _, _) = texts(&sample(100, 100), &style(DisclosureLevel::Full));
        assert!(local.starts_with("Money in and out were even last month"));
        let (_, platform, cats) = texts(&sample(558_094, 434_638), &style(DisclosureLevel::Summary));
        assert!(platform.starts_with("You saved about $"), "{platform}");
        assert!(platform.contains("net") && cats.contains(&DataCategory::Amount));
        let (_, platform, cats) = texts(&sample(1, 2), &style(DisclosureLevel::Minimal));
        assert!(!platform.contains('$') && cats.is_empty());
    }
}
