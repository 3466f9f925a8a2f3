//! The last time of something: "when was my last haircut", "last time i went to great
//! clips", "when was the united flight", and which account a charge was on ("was the marriott
//! charge on the card or checking"). A named thing is searched over all the data (a flight a
//! year ago is still "the united flight"), never over a default month, and the reply gives
//! the charge's day, amount, payee and account.
//!
//! The latest charge is found from the payee's history ([`super::payee_history`]: the
//! digest's whole months, so years of data cost about a month), then its day is read again
//! account by account for the exact charge and the account it was on.

use super::answer::{label, visit_period, AccountLabel};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::habits::Named;
use super::payee_history::History;
use super::render::{account_text, date_text, number_category, platform_merchant, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Slots;
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::format_money;
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// Which question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// When the last one was.
    When,
    /// Which account it was on.
    Account,
}

/// The latest charge found.
#[derive(Clone, PartialEq, Eq)]
pub struct Last {
    /// The question.
    pub ask: Ask,
    /// What was asked about, as the reply names it.
    pub what: (String, Named),
    /// The charge: day, amount (positive), payee as stored, account.
    pub found: Option<(Date, i64, String, Option<AccountLabel>)>,
    /// How many charges there were in all.
    pub count: usize,
    /// The period asked about, as it reads in a sentence ("in July 2026"), when one was
    /// named: the last charge *of that period*, not of all the data.
    pub within: Option<String>,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for Last {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, days and amounts stay out of logs.
        f.debug_struct("Last").field("ask", &self.ask).finish_non_exhaustive()
    }
}

/// Which question the lower-cased words ask, if any (the caller checks that something is
/// named).
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    // "was the marriott charge on the card or checking", "which account was netflix on",
    // "what card did i use at costco".
    let account_word = any(Words("account|card|checking|savings|visa"));
    let which = (0..w.len()).any(|i| matches!(at(i), "which" | "what") && matches!(at(i + 1), "account" | "card"));
    let either = w.windows(3).any(|t| {
        matches!(t[0].as_str(), "card" | "checking" | "credit" | "debit" | "savings" | "visa")
            && t[1] == "or"
            && matches!(t[2].as_str(), "card" | "checking" | "credit" | "debit" | "savings" | "visa" | "the" | "my")
    });
    let past = any(Words("was|did|were|went"));
    if account_word && past && (which || either) && !any(Words("number|balance|much")) {
        return Some(Ask::Account);
    }
    // "when was my last haircut", "last time i went to great clips", "when was the united
    // flight", "when did i last go to x".
    let last_time = w.windows(2).any(|p| p[0] == "last" && p[1] == "time");
    let when_was = (0..w.len()).any(|i| {
        at(i) == "when" && matches!(at(i + 1), "was" | "were" | "did")
            && matches!(at(i + 2), "my" | "the" | "last" | "i")
    });
    let last = any(Words("last|latest")) || w.windows(2).any(|p| p[0] == "most" && p[1] == "recent");
    let pay = any(Words("paycheck|paid|salary|deposit|payday|refund|statement"));
    let money = any(Words("much|spend|spent|total|how"));
    let when = when_was && (last || at(2) == "the") || last_time && !money;
    ((when || last_one(w) || latest_bill(w)) && !pay).then_some(Ask::When)
}

/// Nouns for one charge or visit ("my last costco trip", "the last amazon order").
const ONE_CHARGE: Words = Words("trip|visit|run|order|purchase|charge|bill|payment|haircut");

/// Words after "last" that make it a period ("last month's phone bill"), not the latest one.
const PERIOD_AFTER_LAST: Words = Words(
    "week|weeks|month|months|year|years|yr|weekend|night|time|times|few|two|three|quarter\
     |monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april\
     |may|june|july|august|september|october|november|december|30|90|7",
);

/// "last starbucks trip", "how much was my last phone bill": "last" and, a word or two
/// on, a noun for one charge, with no period between.
fn last_one(w: &[String]) -> bool {
    w.iter().enumerate().any(|(i, v)| {
        (v == "last" || v == "latest")
            && w.get(i + 1).is_some_and(|n| !PERIOD_AFTER_LAST.contains(n))
            && w.iter().skip(i + 1).take(3).any(|n| ONE_CHARGE.contains(n))
            && !w.iter().skip(i + 1).any(|n| matches!(n.as_str(), "this" | "in" | "for" | "since"))
    })
}

/// "whats my phone bill", "what is my electric bill": the latest bill, with no period named
/// after it (then it is that period's).
fn latest_bill(w: &[String]) -> bool {
    let what = matches!(w.first().map(String::as_str), Some("whats"))
        || w.windows(2).any(|p| p[0] == "what" && p[1] == "is");
    let Some(bill) = w.iter().position(|v| v == "bill") else {
        return false;
    };
    // "whats my bill", "whats my card bill": the card's statement, another question.
    let of_what = bill
        .checked_sub(1)
        .and_then(|i| w.get(i))
        .is_some_and(|v| !Words("my|the|card|credit|cc|visa|statement|amex").contains(v));
    // "whats my average grocery bill" is an average, not the latest.
    let average = Words("average|avg|typical|usual|usually|mean|normal").iter().any(|a| w.iter().any(|v| v == a));
    what && of_what && !average && w.get(bill + 1).is_none()
}

/// The latest charge of the history, read again on its day for its exact amount and account.
pub(super) fn compute(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    h: &History,
    slots: &Slots,
    offset: i32,
    ask: Ask,
) -> Result<Last> {
    let currency = super::answer::main_currency(sel);
    let what = super::price::what(h, slots);
    let within = slots.period.as_ref().map(|p| super::phrase::period_phrase(&p.label));
    let Some(c) = h.last() else {
        return Ok(Last {
            ask,
            what,
            found: None,
            count: 0,
            currency,
            within,
        });
    };
    let filter = Filter::of(slots);
    let bounds = (c.day.start_ts(offset), c.day.add_days(1).start_ts(offset));
    let mut found: Option<(i64, i64, String, Option<AccountLabel>)> = None;
    for a in sel {
        visit_period(vault, summary, &[*a], bounds, &filter, |t| {
            let spent = spend_of(t).filter(|s| *s > 0 && t.currency == currency && filter.keep(t));
            if let (Some(spent), true) = (spent, local_date(t.transacted_at, offset) == c.day) {
                if found.as_ref().is_none_or(|f| t.transacted_at >= f.0) {
                    let name = t.merchant.unwrap_or_default().to_string();
                    found = Some((t.transacted_at, spent, name, Some(label(a))));
                }
            }
        })?;
    }
    let found = found
        .map(|(_, amount, name, account)| (c.day, amount, name, account))
        .or_else(|| Some((c.day, c.amount, h.name(c.payee).to_string(), None)));
    Ok(Last {
        ask,
        what,
        found,
        count: h.charges.len(),
        currency,
        within,
    })
}

/// Both texts. Device: day, amount, payee, account. `summary`: the account only when it was
/// asked (its last four digits), else a pointer to the app; `minimal`: a fixed text.
pub(super) fn texts(l: &Last, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, l.currency, s.locale);
    let local = sentence(l, &exact, &|m: &str| m.to_string(), &l.what.0);
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => match (&l.found, l.ask) {
            (None, _) => (local, "I see no charges there.".to_string(), Vec::new()),
            (Some((_, _, _, Some(a))), Ask::Account) => {
                let text = format!("It was on your {}.", account_text(a, true));
                (local, text, number_category(a).into_iter().collect())
            }
            _ => (
                local,
                "I found the last one: open the app for its day.".to_string(),
                Vec::new(),
            ),
        },
        DisclosureLevel::Full => {
            let who = match l.what.1 {
                Named::Vault => platform_merchant(&l.what.0),
                Named::Typed => "that merchant".to_string(),
                Named::Kind => l.what.0.clone(),
            };
            let platform = sentence(l, &exact, &platform_merchant, &who);
            let mut cats = match l.what.1 {
                Named::Kind => vec![DataCategory::Category],
                _ => Vec::new(),
            };
            if let Some((_, _, name, account)) = &l.found {
                // The day is given with its year: a number.
                cats.extend([DataCategory::Date, DataCategory::Amount, DataCategory::Number]);
                let payee_named = l.what.1 == Named::Kind && !name.is_empty();
                if payee_named || l.what.1 == Named::Vault {
                    cats.push(DataCategory::Merchant);
                }
                cats.extend(account.as_ref().and_then(number_category));
            } else if l.what.1 == Named::Vault {
                cats.push(DataCategory::Merchant);
            }
            (local, platform, cats)
        }
    }
}

/// The sentence: `name` renders a payee as stored, `who` is what was asked about.
fn sentence(
    l: &Last,
    money: &dyn Fn(i64) -> String,
    name: &dyn Fn(&str) -> String,
    who: &str,
) -> String {
    let mut at = match l.what.1 {
        Named::Kind => format!("on {who}"),
        _ => format!("at {who}"),
    };
    if let Some(within) = &l.within {
        at = format!("{at} {within}");
    }
    let Some((day, amount, payee, account)) = &l.found else {
        return format!("I see no charges {at} in your data.");
    };
    let when = format!("{}, {}", date_text(*day), day.year);
    let place = match (payee.is_empty(), l.what.1) {
        (false, Named::Kind) => format!(" at {}", name(payee)),
        _ => String::new(),
    };
    let on = account
        .as_ref()
        .map_or(String::new(), |a| format!(", on your {}", account_text(a, true)));
    match l.ask {
        Ask::When => format!("Your last charge {at} was on {when}{place}: {}{on}.", money(*amount)),
        Ask::Account => match account {
            Some(a) => format!(
                "The last charge {at} ({}{place} on {when}) was on your {}.",
                money(*amount),
                account_text(a, true)
            ),
            None => format!("The last charge {at} was {}{place} on {when}.", money(*amount)),
        },
    }
}

/// Answers covering each text (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(field: &mut dyn FnMut(&str) -> String, amount: &dyn Fn(usize) -> i64) -> Vec<Last> {
    let d = Date::new(2025, 11, 3).expect("a sample day");
    let mut v = Vec::new();
    for ask in [Ask::When, Ask::Account] {
        for (named, found, account) in [
            (Named::Vault, true, Some(crate::model::AccountKind::CreditCard)),
            (Named::Kind, true, Some(crate::model::AccountKind::Checking)),
            (Named::Typed, true, None),
            (Named::Vault, false, None),
        ] {
            let what = match named {
                Named::Kind => "fuel".to_string(),
                _ => field("SHOP"),
            };
            let account = account.map(|kind| AccountLabel {
                kind,
                last4: Some(if kind == crate::model::AccountKind::CreditCard { "8642" } else { "7531" }.into()),
            });
            v.push(Last {
                ask,
                what: (what, named),
                found: found.then(|| (d, amount(0).abs(), field("SHOP"), account)),
                count: 3,
                currency: Currency::USD,
                within: (named == Named::Kind).then(|| "in July 2026".to_string()),
            });
        }
    }
    v
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
            ("when was my last haircut", Ask::When),
            ("when was my last great clips", Ask::When),
            ("last time i went to great clips", Ask::When),
            ("when was the united flight", Ask::When),
            ("was the marriott charge on the card or checking", Ask::Account),
            ("which account was netflix on", Ask::Account),
            ("what card did i use at costco", Ask::Account),
            ("last starbucks trip", Ask::When),
            ("how much was my last phone bill", Ask::When),
            ("my latest amazon order", Ask::When),
            ("whats my phone bill", Ask::When),
            ("what is my electric bill", Ask::When),
        ] {
            assert_eq!(ask(q), Some(want), "{q}");
        }
        for q in [
            "how much did i spend last time at costco",
            "when was my last paycheck",
            "what is my card balance",
            "how much did i spend last month",
            "my phone bill last month",
            "whats my phone bill this month",
            "last month's phone bill",
            "purchases last week",
            "how much was my last paycheck",
            "whats my card bill",
            "whats my bill",
            "whats my average grocery bill",
        ] {
            assert_eq!(ask(q), None, "{q}");
        }
    }

    /// A follow-up that names a period ("what was it in july") asks for the last charge of
    /// that period: the sentence says so, it never calls July's charge the last one of all.
    #[test]
    fn the_last_charge_of_a_named_period_says_the_period() {
        let day = Date::new(2026, 7, 22).expect("day");
        let mut l = Last {
            ask: Ask::When,
            what: ("City Power".to_string(), Named::Vault),
            found: Some((day, 17_664, "City Power".to_string(), None)),
            count: 1,
            currency: Currency::USD,
            within: None,
        };
        let money = |v: i64| format!("${}.{:02}", v / 100, v % 100);
        let plain = sentence(&l, &money, &|m: &str| m.to_string(), "City Power");
        assert!(plain.starts_with("Your last charge at City Power was on Jul"), "{plain}");
        l.within = Some("in July 2026".to_string());
        let within = sentence(&l, &money, &|m: &str| m.to_string(), "City Power");
        assert!(within.starts_with("Your last charge at City Power in July 2026 was on Jul"), "{within}");
        assert!(within.contains("$176.64"), "{within}");
    }
}
