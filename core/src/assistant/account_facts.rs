//! Two questions about the accounts themselves that other answers took: "how many accounts do
//! I have" (heard as rewards: the accounts linked, each masked as the level requires) and "do I
//! ever pay interest on the card" (heard as the APR alone: whether interest charges appear in
//! the data, and the APR).
//!
//! Interest charges are money out whose merchant or description names interest or a finance
//! charge, in the `fees` category or with no category. The digest tells which months have
//! fees at all, so only those months are read: years of history without a fee cost nothing.

use crate::words::Words;
use super::answer::{label, main_currency, months_inside, visit_period, AccountLabel};
use super::cache::Summary;
use super::filter::Filter;
use super::render::{account_text, date_text, number_category, plural, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::{Period, Slots};
use crate::model::{Account, AccountKind, Category};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};

/// The accounts linked.
#[derive(Clone, PartialEq, Eq)]
pub struct Accounts(pub Vec<AccountLabel>);

/// Interest charges found, and the cards' APRs.
#[derive(Clone, PartialEq, Eq)]
pub struct Interest {
    /// How many interest charges, their sum (positive) and the latest: day and amount.
    pub count: usize,
    /// Their sum.
    pub total: i64,
    /// The latest.
    pub last: Option<(Date, i64)>,
    /// The first day read.
    pub from: Date,
    /// Each card and its purchase APR in basis points, when known.
    pub aprs: Vec<(AccountLabel, u32)>,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Accounts").field(&self.0.len()).finish()
    }
}

impl std::fmt::Debug for Interest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Amounts and days stay out of logs.
        f.debug_struct("Interest").field("count", &self.count).finish_non_exhaustive()
    }
}

/// "how many accounts do i have", "what accounts do i have", "list my accounts".
pub(super) fn asks_accounts(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let accounts = has("accounts") || has("account") && has("many");
    let asking = (has("how") && has("many")) || has("which") || has("list") || has("what") && (has("have") || has("linked"));
    let other = ["number", "numbers", "balance", "balances", "routing", "transactions", "spend", "spent", "open", "close", "add"];
    accounts && asking && !other.iter().any(|x| has(x))
}

/// "do i ever pay interest on the card", "have i been charged interest", "any interest
/// charges": whether interest was charged, not the rate alone.
pub(super) fn asks_interest(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let charged = Words("pay|paid|paying|charged|charge|charges|ever|any")
        .iter()
        .any(&has);
    (has("interest") || w.windows(2).any(|p| p[0] == "finance" && p[1].starts_with("charge")))
        && charged
        && !Words("rate|apr|much|what|whats").iter().any(has)
}

/// The accounts, all of them.
pub(super) fn accounts(all: &[Account]) -> Accounts {
    Accounts(all.iter().map(label).collect())
}

/// Whether a transaction is an interest charge.
fn is_interest(merchant: Option<&str>, description: &str) -> bool {
    let words = |t: &str| crate::intent::slots::merchant_words(t);
    let mut w = merchant.map(words).unwrap_or_default();
    w.extend(words(description));
    w.iter().any(|x| x == "interest") || w.windows(2).any(|p| p[0] == "finance" && p[1] == "charge")
}

/// The interest charges over all the data, read in the months with fees only.
pub(super) fn interest(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    offset: i32,
    today: Date,
) -> Result<Interest> {
    let currency = main_currency(sel);
    let all = Period {
        start: crate::intent::slots::period::open_start(),
        end: today.add_days(1),
        label: String::new(),
    };
    let from = super::answer::coverage(vault, summary, &all, offset)?.unwrap_or(today);
    let span = Period {
        start: from,
        ..all
    };
    let mut ranges: Vec<(Date, Date)> = vec![(span.start, span.end)];
    if let Some(((first, n), a, b)) = months_inside(&span) {
        let mut months: Vec<i64> = Vec::new();
        let read = summary.visit_payees(vault, first, n, currency, &mut |m, key, p| {
            if matches!(key.0, Some(Category::Fees) | None) && p.charges() > 0 && months.last() != Some(&m) {
                months.push(m);
            }
        });
        if read.is_some() {
            ranges = vec![(span.start, a), (b, span.end)];
            for m in months {
                let s = super::payee_history::month_start(m);
                ranges.push((s, s.add_months_first(1)));
            }
        }
    }
    let everything = Filter::of(&Slots::default());
    let (mut count, mut total, mut last) = (0usize, 0i64, None::<(Date, i64)>);
    for (s, e) in ranges.into_iter().filter(|(s, e)| s < e) {
        let bounds = (s.start_ts(offset), e.start_ts(offset));
        visit_period(vault, summary, sel, bounds, &everything, |t| {
            let fee = matches!(t.category, Some(Category::Fees) | None);
            if t.amount < 0 && t.currency == currency && fee && is_interest(t.merchant, t.description) {
                count += 1;
                total += -t.amount;
                let day = local_date(t.transacted_at, offset);
                if last.is_none_or(|l| day >= l.0) {
                    last = Some((day, -t.amount));
                }
            }
        })?;
    }
    let aprs = sel
        .iter()
        .filter(|a| a.kind == AccountKind::CreditCard)
        .filter_map(|a| a.credit.as_ref().and_then(|c| c.apr_bps).map(|r| (label(a), r)))
        .collect();
    Ok(Interest {
        count,
        total,
        last,
        from,
        aprs,
        currency,
    })
}

/// "You have 2 accounts: checking account ••2938 and credit card ••6281." `minimal`: a
/// fixed text (a count and the last digits are data).
pub(super) fn accounts_texts(a: &Accounts, s: &Style) -> Texts {
    let n = a.0.len();
    let names: Vec<String> = a.0.iter().map(|l| account_text(l, true)).collect();
    let text = format!("You have {n} account{}: {}.", plural(n), names.join(", "));
    match s.level {
        DisclosureLevel::Minimal => (
            text,
            "Your accounts are listed in the app.".to_string(),
            Vec::new(),
        ),
        _ => {
            let mut cats = vec![DataCategory::Number];
            cats.extend(a.0.iter().filter_map(number_category));
            crate::sort::sort(&mut cats);
            cats.dedup();
            (text.clone(), text, cats)
        }
    }
}

fn apr_text(i: &Interest) -> String {
    i.aprs
        .iter()
        .map(|(a, bps)| format!(" Your {}'s purchase APR is {}.{:02}%.", account_text(a, true), bps / 100, bps % 100))
        .collect()
}

/// Both texts: whether interest was charged (how much, the latest) and the APR.
pub(super) fn interest_texts(i: &Interest, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, i.currency, s.locale);
    let since = format!("since {}, {}", date_text(i.from), i.from.year);
    let found = match i.last {
        None => format!("I see no interest charges in your data ({since})."),
        Some((day, amount)) => format!(
            "Yes: {} interest charge{} {since}, {} in all; the last was {} on {}.",
            i.count,
            plural(i.count),
            exact(i.total),
            exact(amount),
            date_text(day)
        ),
    };
    let local = found.clone() + &apr_text(i);
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => match i.last {
            None => (local, "I see no interest charges in your data.".to_string(), Vec::new()),
            Some(_) => {
                let text = format!(
                    "Yes, about {} in interest charges.",
                    format_money_rounded(i.total, i.currency, s.locale)
                );
                (local, text, vec![DataCategory::Amount])
            }
        },
        DisclosureLevel::Full => {
            // "since Mar 2, 2025": a day and its year (a number).
            let mut cats = vec![DataCategory::Date, DataCategory::Number];
            if i.last.is_some() {
                cats.push(DataCategory::Amount);
            }
            cats.extend(i.aprs.iter().filter_map(|(a, _)| number_category(a)));
            (local.clone(), local, cats)
        }
    }
}

/// Answers covering each text (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(amount: &dyn Fn(usize) -> i64) -> (Vec<Accounts>, Vec<Interest>) {
    let card = AccountLabel {
        kind: AccountKind::CreditCard,
        last4: Some("8642".into()),
    };
    let checking = AccountLabel {
        kind: AccountKind::Checking,
        last4: Some("7531".into()),
    };
    let d = |m, day| Date::new(2025, m, day).expect("a sample day");
    let accounts = vec![Accounts(vec![checking, card.clone()])];
    let interest = [(0usize, true), (2, true), (0, false)]
        .into_iter()
        .map(|(count, apr)| Interest {
            count,
            total: amount(count).abs(),
            last: (count > 0).then(|| (d(10, 15), amount(1).abs())),
            from: d(3, 2),
            aprs: if apr { vec![(card.clone(), 2_499)] } else { Vec::new() },
            currency: Currency::USD,
        })
        .collect();
    (accounts, interest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        super::super::shape::words(s)
    }

    #[test]
    fn each_question_is_read_from_its_words() {
        for q in ["how many accounts do i have", "what accounts do i have", "list my accounts", "which accounts are linked"] {
            assert!(asks_accounts(&w(q)), "{q}");
        }
        for q in ["what's my account number", "balances of all my accounts", "how many transactions on my account"] {
            assert!(!asks_accounts(&w(q)), "{q}");
        }
        for q in ["do i ever pay interest on the card", "have i been charged interest", "any interest charges this year", "any finance charges"] {
            assert!(asks_interest(&w(q)), "{q}");
        }
        for q in ["what is my interest rate", "whats the apr", "how much interest would i pay"] {
            assert!(!asks_interest(&w(q)), "{q}");
        }
    }

    #[test]
    fn interest_charges_are_named_so() {
        assert!(is_interest(None, "INTEREST CHARGE ON PURCHASES"));
        assert!(is_interest(None, "FINANCE CHARGE"));
        assert!(!is_interest(Some("Interesting Books"), "INTERESTING BOOKS 12"));
        assert!(!is_interest(None, "LATE FEE"));
    }
}
