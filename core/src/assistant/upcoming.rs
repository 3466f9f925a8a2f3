//! "What bills are coming up", "what bills are due this month": the bills expected next,
//! each with its expected day and typical amount, never what was already spent on bills.
//!
//! The bills are the monthly rent and bill payees found by the subscriptions' schedule rule
//! ([`super::subscriptions::bills`]: at least three charges a month apart, the latest at most
//! 45 days old), each expected a month after its latest charge at the mean of its recent
//! charges; and each card's payment, on its statement's due date for its statement balance.
//! Expected over the next 30 days, or to the end of the period named ("this month"); a day
//! already past by up to three days with no charge yet is said not seen yet; further past, the
//! next cycle's day is given. These are estimates, said as such.

use super::answer::{label, AccountLabel};
use super::render::{account_text, date_text, number_category, platform_merchant, plural, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::model::{Account, AccountKind};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::words::Words;

/// How far ahead "coming up" looks, in days.
const AHEAD_DAYS: i64 = 30;

/// One bill expected.
#[derive(Clone, PartialEq, Eq)]
pub struct Due {
    /// The payee as the vault names it, or the card paid.
    pub payee: Payee,
    /// The day expected.
    pub day: Date,
    /// The typical amount (positive), or the statement balance.
    pub amount: i64,
}

/// Who a bill is paid to.
#[derive(Clone, PartialEq, Eq)]
pub enum Payee {
    /// A merchant of the vault.
    Merchant(String),
    /// A card's payment.
    Card(AccountLabel),
}

/// The bills expected.
#[derive(Clone, PartialEq, Eq)]
pub struct Upcoming {
    /// Soonest first.
    pub bills: Vec<Due>,
    /// The last day looked at (included).
    pub until: Date,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, days and amounts stay out of logs.
        f.debug_struct("Due").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Payee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Payee(<redacted>)")
    }
}

impl std::fmt::Debug for Upcoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, days and amounts stay out of logs.
        f.debug_struct("Upcoming")
            .field("bills", &self.bills.len())
            .finish_non_exhaustive()
    }
}

/// Whether the lower-cased words ask which bills are coming: "what bills are coming up",
/// "upcoming bills", "what bills are due this month", "any bills due soon", "what payments
/// are due next". Not the card's own bill ("when is my card bill due"), nor what was paid.
pub(super) fn asks(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    let bills = any(Words("bills|payments|expenses|charges|debits")) || has("bill") && !any(Words("card|credit|statement|visa"));
    let coming = any(Words("upcoming|coming|due|expected|scheduled|ahead|soon"))
        || w.windows(2).any(|p| p[0] == "next" && matches!(p[1].as_str(), "week" | "weeks" | "month" | "bills"));
    let past = any(Words("did|was|were|paid|spent|spend|last|how|minimum|ago"));
    bills && coming && !past || will_pay(w) || going_out(w)
}

/// "whats coming out of my account next week", "how much is going out next month": money
/// leaving over a period not begun, which only the expected bills can answer.
fn going_out(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let out = w.windows(2).any(|p| {
        matches!(p[0].as_str(), "coming" | "going" | "come" | "go") && p[1] == "out"
    });
    let ahead = has("upcoming")
        || has("tomorrow")
        || w.windows(2).any(|p| p[0] == "next" && matches!(p[1].as_str(), "week" | "weeks" | "month" | "few" | "7" | "30"));
    out && ahead && !Words("did|was|were|paid|spent|last|ago").iter().any(has)
}

/// "how much will i pay next week", "what am i going to be charged next month": bills over a
/// period not begun, answered with what is expected (never "that period hasn't started"); a
/// balance to come is another question.
fn will_pay(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    let will = has("will") || has("gonna") || w.windows(2).any(|p| p[0] == "going" && p[1] == "to");
    // Bills only: "how much will i spend next week" is a forecast Tacit does not make
    // ([`super::not_yet`] says the period has not begun).
    let money = any(Words("owe|charged|bills|bill|payments"));
    let ahead = any(Words("upcoming|coming|ahead|tomorrow"))
        || w.windows(2).any(|p| p[0] == "next" && matches!(p[1].as_str(), "week" | "weeks" | "month" | "few" | "7" | "30"));
    let not = any(Words("balance|paid|paycheck|salary|card|credit|statement|minimum|get|save"));
    will && money && ahead && !not
}

/// The bills expected from `today` to the end of `until` (else the next 30 days).
pub(super) fn compute(
    bills: Vec<super::subscriptions::Bill>,
    accounts: &[&Account],
    today: Date,
    until: Option<Date>,
    currency: Currency,
) -> Upcoming {
    let until = until.unwrap_or(today.add_days(AHEAD_DAYS));
    let mut out: Vec<Due> = Vec::new();
    for b in bills {
        // A bill already paid this cycle comes again a month later.
        let mut day = b.next;
        while day < today.add_days(-3) {
            day = day.add_months_first(1).add_days(i64::from(b.next.day.min(28)) - 1);
        }
        if day <= until {
            out.push(Due {
                payee: Payee::Merchant(b.merchant),
                day,
                amount: b.typical,
            });
        }
    }
    for a in accounts.iter().filter(|a| a.kind == AccountKind::CreditCard) {
        let terms = a.credit.clone().unwrap_or_default();
        if let (Some(day), Some(owed)) = (terms.due_date, terms.statement_balance) {
            if day >= today && day <= until && owed > 0 {
                out.push(Due {
                    payee: Payee::Card(label(a)),
                    day,
                    amount: owed,
                });
            }
        }
    }
    // Soonest first (a stable insertion: no sort compiled in for this alone).
    let mut sorted: Vec<Due> = Vec::with_capacity(out.len());
    for d in out {
        let at = sorted.partition_point(|x| x.day <= d.day);
        sorted.insert(at, d);
    }
    Upcoming {
        bills: sorted,
        until,
        currency,
    }
}

/// Both texts. Device and `full`: each bill with its day and amount. `summary`: how many and
/// their rounded sum. `minimal`: a fixed text.
pub(super) fn texts(u: &Upcoming, s: &Style, today: Date) -> Texts {
    let exact = |v: i64| format_money(v, u.currency, s.locale);
    let local = list(u, &exact, &|m: &str| m.to_string(), today);
    let n = u.bills.len();
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your upcoming bills are ready: open the app to view them.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => {
            if n == 0 {
                return (local, "I expect no bills soon.".to_string(), Vec::new());
            }
            let sum: i64 = u.bills.iter().map(|b| b.amount).sum();
            let text = format!(
                "I expect {n} bill{} soon, about {} in all.",
                plural(n),
                format_money_rounded(sum, u.currency, s.locale)
            );
            (local, text, vec![DataCategory::Amount, DataCategory::Number])
        }
        DisclosureLevel::Full => {
            let platform = list(u, &exact, &platform_merchant, today);
            // The last day looked at is given with its year: a number.
            let mut cats = vec![DataCategory::Date, DataCategory::Number];
            if n > 0 {
                cats.push(DataCategory::Amount);
            }
            for b in &u.bills {
                match &b.payee {
                    Payee::Merchant(_) => cats.push(DataCategory::Merchant),
                    Payee::Card(a) => cats.extend(number_category(a)),
                }
            }
            crate::sort::sort(&mut cats);
            cats.dedup();
            (local, platform, cats)
        }
    }
}

fn list(u: &Upcoming, money: &dyn Fn(i64) -> String, name: &dyn Fn(&str) -> String, today: Date) -> String {
    let n = u.bills.len();
    let until = format!("{}, {}", date_text(u.until), u.until.year);
    if n == 0 {
        return format!("I expect no bills from your history before {until}.");
    }
    let head = format!(
        "{n} bill{} expected by {until} (estimated from past charges):",
        plural(n)
    );
    let lines = u.bills.iter().map(|b| {
        let late = if b.day < today { ", not seen yet" } else { "" };
        match &b.payee {
            Payee::Merchant(m) => format!("{} about {}, around {}{late}", name(m), money(b.amount), date_text(b.day)),
            Payee::Card(a) => format!(
                "Your {} payment {} due {}",
                account_text(a, true),
                money(b.amount),
                date_text(b.day)
            ),
        }
    });
    std::iter::once(head).chain(lines).collect::<Vec<_>>().join("\n")
}

/// Answers covering each text (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(field: &mut dyn FnMut(&str) -> String, amount: &dyn Fn(usize) -> i64) -> Vec<Upcoming> {
    let d = |m, day| Date::new(2025, m, day).expect("a sample day");
    let card = AccountLabel {
        kind: AccountKind::CreditCard,
        last4: Some("8642".into()),
    };
    vec![
        Upcoming {
            bills: vec![
                Due {
                    payee: Payee::Merchant(field("SHOP")),
                    day: d(11, 12),
                    amount: amount(0).abs(),
                },
                Due {
                    payee: Payee::Card(card),
                    day: d(11, 18),
                    amount: amount(1).abs(),
                },
            ],
            until: d(12, 5),
            currency: Currency::USD,
        },
        Upcoming {
            bills: Vec::new(),
            until: d(12, 5),
            currency: Currency::USD,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::super::subscriptions::Bill;
    use super::*;

    #[test]
    fn words_that_ask_for_upcoming_bills() {
        let ask = |s: &str| asks(&super::super::shape::words(s));
        for q in [
            "what bills are coming up",
            "what bills are due this month",
            "upcoming bills",
            "any bills due soon",
            "what payments are coming up next week",
            "how much will i be charged next week",
            "what bills am i going to owe next month",
            "whats coming out of my account next week",
            "how much is going out next month",
        ] {
            assert!(ask(q), "{q}");
        }
        for q in [
            "when is my card bill due",
            "how much did i pay in bills last month",
            "what was my phone bill",
            "bills last month",
            "what is my minimum payment due",
            "what will my balance be next week",
            "will i get paid next week",
            "how much will i pay on my card next month",
            "how much will i spend next week",
            "what will i pay at costco tomorrow",
            "what went out last week",
            "what was coming out next week",
        ] {
            assert!(!ask(q), "{q}");
        }
    }

    #[test]
    fn bills_come_a_month_after_their_last_charge_within_the_window() {
        let d = |m, day| Date::new(2026, m, day).unwrap();
        let bill = |m: &str, last: Date| Bill {
            merchant: m.into(),
            last,
            typical: 1_000,
            next: last.add_months_first(1).add_days(i64::from(last.day) - 1),
        };
        let today = d(12, 5);
        let u = compute(
            vec![bill("Xfinity", d(11, 18)), bill("Verizon", d(11, 12)), bill("Rent", d(11, 1))],
            &[],
            today,
            None,
            Currency::USD,
        );
        let got: Vec<(String, Date)> = u
            .bills
            .iter()
            .map(|b| match &b.payee {
                Payee::Merchant(m) => (m.clone(), b.day),
                Payee::Card(_) => (String::new(), b.day),
            })
            .collect();
        // Rent expected Dec 1 and more than three days past is the next cycle's, Jan 1.
        assert_eq!(
            got,
            vec![("Verizon".into(), d(12, 12)), ("Xfinity".into(), d(12, 18)), ("Rent".into(), Date::new(2027, 1, 1).unwrap())]
        );
        let this_month = compute(vec![bill("Rent", d(12, 1))], &[], today, Some(d(12, 31)), Currency::USD);
        assert!(this_month.bills.is_empty());
    }
}
