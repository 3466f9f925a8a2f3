//! Rendering an answer twice: the local text, shown only on the device, with every detail;
//! and the platform text, which the messaging platform will read, with only what the user's
//! disclosure level allows:
//!
//! - `minimal` (default): no amount, merchant, date, balance, account identifier or any digit;
//! - `summary`: rounded amounts and the last four digits of an account; no merchants or dates;
//! - `full`: exact amounts, merchants and dates; never full account or card numbers.
//!
//! Routing numbers and anything else device-only are never rendered for the platform at any
//! level. Each render also declares the data categories it put in the platform text, for the
//! outbound ledger.

use super::phrase::period_phrase;
use super::answer::{AccountLabel, Answer, CreditField, CreditLine, TxnLine};
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Intent;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded, Locale};
use crate::time::{local_date, Date, Timestamp};

/// Both texts of a reply and what the platform one contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Shown only on the device.
    pub local: String,
    /// Handed to the host for the platform.
    pub platform: String,
    /// Data categories in the platform text.
    pub categories: Vec<DataCategory>,
}

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Disclosure level of the platform text.
    pub level: DisclosureLevel,
    /// Money formatting locale.
    pub locale: Locale,
    /// UTC offset for dates, minutes.
    pub offset: i32,
}

/// Month names, lower case, for reading period labels.
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "November" for 11.
pub(super) fn month_title(month: u32) -> Option<String> {
    let name = MONTH_NAMES.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    let mut c = name.chars();
    Some(c.next()?.to_uppercase().collect::<String>() + c.as_str())
}

pub(super) fn date_text(d: Date) -> String {
    format!(
        "{} {}",
        MONTHS
            .get(d.month.saturating_sub(1) as usize)
            .unwrap_or(&"?"),
        d.day
    )
}

fn ts_text(ts: Timestamp, offset: i32) -> String {
    date_text(local_date(ts, offset))
}

/// The opening of a spending answer. Spending is purchases minus refunds; when refunds were
/// larger (a month of returns), saying "You spent -$126.75" reads as an error, so the sign
/// becomes words.
fn spent_lead(total: i64, money: &dyn Fn(i64) -> String) -> String {
    if total < 0 {
        format!(
            "Refunds came to {} more than you spent",
            money(total.saturating_neg())
        )
    } else {
        format!("You spent {}", money(total))
    }
}

/// What showing an account's last four declares: a card's number for a credit card, an
/// account's number otherwise; nothing when it has no digits to show.
pub(super) fn number_category(a: &AccountLabel) -> Option<DataCategory> {
    a.last4.as_ref()?;
    Some(if a.kind == crate::model::AccountKind::CreditCard {
        DataCategory::CardNumber
    } else {
        DataCategory::AccountNumber
    })
}

/// "checking account ••4321" (local and summary/full), "checking account" (minimal).
/// On the device, under several balances that hold a card's: what is left once the card is
/// paid ("what's my net balance after the card"), when every current balance is known and in
/// one currency.
fn net_line(lines: &[super::answer::BalanceLine], m: &Money<'_>) -> String {
    let card = lines
        .iter()
        .any(|l| l.account.kind == crate::model::AccountKind::CreditCard);
    let one = lines.first().map(|l| l.currency);
    let sum = lines.iter().try_fold(0i64, |acc, l| match (l.current, Some(l.currency) == one) {
        (Some(c), true) => acc.checked_add(c),
        _ => None,
    });
    match (card && lines.len() > 1, sum, one) {
        (true, Some(net), Some(cur)) => format!("\nNet, after what the card owes: {}", m.exact(net, cur)),
        _ => String::new(),
    }
}

pub(super) fn account_text(a: &AccountLabel, with_digits: bool) -> String {
    match (&a.last4, with_digits) {
        (Some(d), true) => format!("{} ••{d}", a.kind.human()),
        _ => a.kind.human().to_string(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

struct Money<'a>(&'a Style);

impl Money<'_> {
    fn exact(&self, minor: i64, c: Currency) -> String {
        format_money(minor, c, self.0.locale)
    }
    fn platform(&self, minor: i64, c: Currency) -> String {
        match self.0.level {
            DisclosureLevel::Full => format_money(minor, c, self.0.locale),
            _ => format!("about {}", format_money_rounded(minor, c, self.0.locale)),
        }
    }
}

macro_rules! reply_kinds {
    ($( $(#[$doc:meta])* $variant:ident, )*) => {
        /// Every reply template the renderer has: one per shape of platform text. The list
        /// and [`ReplyKind::ALL`] come from one macro invocation, so `ALL` is complete by
        /// construction, and [`Answer::kind`] is an exhaustive match, so a new kind of answer
        /// does not compile until it has a kind here (and the egress property test, which
        /// renders a sample of every kind, does not compile until it can build one).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ReplyKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ReplyKind {
            /// Every kind.
            pub const ALL: &'static [ReplyKind] = &[ $( ReplyKind::$variant, )* ];
        }
    };
}

reply_kinds! {
    /// [`Answer::Balances`].
    Balances,
    /// [`Answer::Transactions`].
    Transactions,
    /// [`Answer::Spending`].
    Spending,
    /// [`Answer::Credit`] with [`CreditField::BillBalance`].
    CreditBillBalance,
    /// [`Answer::Credit`] with [`CreditField::BillDue`].
    CreditBillDue,
    /// [`Answer::Credit`] with [`CreditField::MinPayment`].
    CreditMinPayment,
    /// [`Answer::Credit`] with [`CreditField::CreditLimit`].
    CreditLimit,
    /// [`Answer::Credit`] with [`CreditField::Apr`].
    CreditApr,
    /// [`Answer::Fraud`].
    Fraud,
    /// [`Answer::Routing`].
    Routing,
    /// [`Answer::AccountNumber`].
    AccountNumber,
    /// [`Answer::CannotAct`] (one text per intent: [`cannot_act_text`]).
    CannotAct,
    /// [`Answer::NoSuchAccount`].
    NoSuchAccount,
    /// [`Answer::NoData`].
    NoData,
    /// [`Answer::OutOfScope`].
    OutOfScope,
    /// A raised fraud alert ("Was this you?"): [`alert_texts`].
    FraudAlert,
    /// The follow-up to an alert answer: [`alert_answer_texts`].
    AlertFollowUp,
    /// [`Answer::NoCharges`].
    NoCharges,
    /// [`Answer::Comparison`].
    Comparison,
    /// [`Answer::Versus`].
    Versus,
    /// [`Answer::Average`].
    Average,
    /// [`Answer::Ranking`].
    Ranking,
    /// [`Answer::Count`].
    Count,
    /// [`Answer::Clarify`].
    Clarify,
    /// [`Answer::NotYet`].
    NotYet,
    /// [`Answer::SecretWarning`].
    SecretWarning,
    /// [`Answer::AskWhat`].
    AskWhat,
    /// [`Answer::FraudWhich`].
    FraudWhich,
    /// [`Answer::FraudNoMatch`].
    FraudNoMatch,
    /// [`Answer::Received`].
    Received,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::Subscriptions`].
    Subscriptions,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::Refunds`].
    Refunds,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::Saved`].
    Saved,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::NextPay`].
    NextPay,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::CardPaid`].
    CardPaid,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::PriceChange`].
    PriceChange,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::Habit`].
    Habit,
    /// [`Answer::Kinds`].
    Kinds,
    /// [`Answer::Everyday`] with [`super::everyday::Everyday::Fact`].
    Fact,
}

impl Answer {
    /// Which template renders this answer.
    pub fn kind(&self) -> ReplyKind {
        match self {
            Answer::Balances(_) => ReplyKind::Balances,
            Answer::Transactions { .. } => ReplyKind::Transactions,
            Answer::Spending { .. } => ReplyKind::Spending,
            Answer::Credit(field, _) => match field {
                CreditField::BillBalance => ReplyKind::CreditBillBalance,
                CreditField::BillDue => ReplyKind::CreditBillDue,
                CreditField::MinPayment => ReplyKind::CreditMinPayment,
                CreditField::CreditLimit => ReplyKind::CreditLimit,
                CreditField::Apr => ReplyKind::CreditApr,
            },
            Answer::Fraud(_) => ReplyKind::Fraud,
            Answer::Routing(_) => ReplyKind::Routing,
            Answer::AccountNumber(_) => ReplyKind::AccountNumber,
            Answer::CannotAct(_) => ReplyKind::CannotAct,
            Answer::NoSuchAccount => ReplyKind::NoSuchAccount,
            Answer::NoData => ReplyKind::NoData,
            Answer::OutOfScope => ReplyKind::OutOfScope,
            Answer::NoCharges { .. } => ReplyKind::NoCharges,
            Answer::Comparison { .. } => ReplyKind::Comparison,
            Answer::Versus { .. } => ReplyKind::Versus,
            Answer::Average { .. } => ReplyKind::Average,
            Answer::Ranking { .. } => ReplyKind::Ranking,
            Answer::Count { .. } => ReplyKind::Count,
            Answer::Clarify | Answer::WhichMerchant => ReplyKind::Clarify,
            Answer::NotYet { .. } => ReplyKind::NotYet,
            Answer::SecretWarning => ReplyKind::SecretWarning,
            Answer::AskWhat => ReplyKind::AskWhat,
            Answer::FraudWhich(_) => ReplyKind::FraudWhich,
            Answer::FraudNoMatch { .. } => ReplyKind::FraudNoMatch,
            Answer::Received { .. } => ReplyKind::Received,
            Answer::Everyday(e) => super::everyday::kind(e),
            Answer::Kinds(_) => ReplyKind::Kinds,
        }
    }
}

/// Renders an answer.
pub fn render(answer: &Answer, style: &Style) -> Rendered {
    if let Some((local, platform, mut categories)) = super::render_more::render_more(answer, style)
        .or_else(|| super::income::render(answer, style))
        .or_else(|| super::everyday::render(answer, style))
        .or_else(|| match answer {
            Answer::Kinds(k) => Some(super::kind_answer::texts(k, style)),
            _ => None,
        })
    {
        crate::sort::sort(&mut categories);
        categories.dedup();
        return Rendered {
            local,
            platform,
            categories,
        };
    }
    let m = Money(style);
    let minimal = style.level == DisclosureLevel::Minimal;
    let full = style.level == DisclosureLevel::Full;
    let mut cats: Vec<DataCategory> = Vec::new();
    let (local, platform) = match answer {
        Answer::Balances(lines) => {
            let local = lines
                .iter()
                .map(|l| {
                    let mut s = capitalise(&account_text(&l.account, true));
                    match (l.current, l.available) {
                        (Some(c), Some(a)) => {
                            s += &format!(
                                ": {} available, {} current",
                                m.exact(a, l.currency),
                                m.exact(c, l.currency)
                            )
                        }
                        (Some(c), None) => s += &format!(": {}", m.exact(c, l.currency)),
                        (None, Some(a)) => s += &format!(": {} available", m.exact(a, l.currency)),
                        (None, None) => s += ": no balance reported yet",
                    }
                    if let Some(t) = l.as_of {
                        s += &format!(" (as of {})", ts_text(t, style.offset));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n")
                + &net_line(lines, &m);
            let platform = if minimal {
                "Your balance is ready: open the app to view it.".to_string()
            } else {
                cats.push(DataCategory::Balance);
                cats.extend(lines.iter().filter_map(|l| number_category(&l.account)));
                lines
                    .iter()
                    .map(|l| {
                        let quoted = l.available.or(l.current);
                        let which = if l.available.is_some() {
                            "available"
                        } else {
                            "current"
                        };
                        match quoted {
                            Some(v) => format!(
                                "{}: {} {which}",
                                capitalise(&account_text(&l.account, true)),
                                m.platform(v, l.currency)
                            ),
                            None => format!(
                                "{}: no balance yet",
                                capitalise(&account_text(&l.account, true))
                            ),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            (local, platform)
        }
        Answer::Transactions {
            period,
            lines,
            count,
            total,
            received,
            currency,
            coverage,
            pending,
            biggest,
            smallest,
            bounds,
        } => {
            // No period: the last N, counted and summed over the lines listed.
            let last_n = period.is_none();
            let period = period.clone().unwrap_or_else(|| "recently".into());
            let noun = match (*pending, *bounds != (None, None)) {
                (true, _) => "pending transaction",
                (false, true) => "purchase",
                (false, false) => "transaction",
            };
            // "14 purchases over $500.00 this year".
            let within = |p: &str, f: &dyn Fn(i64) -> String| match *bounds {
                (Some(lo), Some(hi)) => format!("between {} and {} {p}", f(lo), f(hi)),
                (Some(lo), None) => format!("over {} {p}", f(lo)),
                (None, Some(hi)) => format!("under {} {p}", f(hi)),
                (None, None) => p.to_string(),
            };
            let sums = |f: &dyn Fn(i64) -> String| {
                if *biggest {
                    let all = if *count > 1 { " in all" } else { "" };
                    format!("{}{all}", f(*total))
                } else if *received > 0 {
                    format!("{} out, {} in", f(*total), f(*received))
                } else {
                    format!("{} out", f(*total))
                }
            };
            let end = if *smallest { "smallest" } else { "biggest" };
            let head = |n: &str| match (last_n, *biggest) {
                (_, true) if *count == 1 => format!("Your {end} purchase {n}"),
                (_, true) => format!("Your {count} {end} purchases {n}"),
                (true, _) if *count == 1 => format!("Your last {noun}"),
                (true, _) => format!("Your last {count} {noun}{}", plural(*count)),
                (false, _) => format!("{count} {noun}{} {n}", plural(*count)),
            };
            let mut local = format!(
                "{}: {}{}",
                head(&within(&period_phrase(&period), &|v| m.exact(v, *currency))),
                sums(&|v| m.exact(v, *currency)),
                coverage_note(*coverage)
            );
            for l in lines {
                local += &format!("\n{}", txn_line(l, &m, style.offset, false));
            }
            if *count > lines.len() {
                local += &format!("\n…and {} more", count - lines.len());
            }
            let platform = if minimal {
                "Your transactions are ready: open the app to view them.".to_string()
            } else if full {
                cats.extend([
                    DataCategory::Amount,
                    DataCategory::Merchant,
                    DataCategory::Date,
                ]);
                // "Your biggest purchase", "Your last transaction": no count in the text.
                if *count != 1 || !(last_n || *biggest) {
                    cats.push(DataCategory::Number);
                }
                let mut s = format!(
                    "{}: {}{}",
                    head(&within(
                        &period_phrase(&platform_period(&period, true)),
                        &|v| m.platform(v, *currency)
                    )),
                    sums(&|v| m.platform(v, *currency)),
                    coverage_note(*coverage)
                );
                for l in lines.iter().take(5) {
                    s += &format!("\n{}", txn_line(l, &m, style.offset, true));
                }
                s
            } else {
                cats.push(DataCategory::Amount);
                if *biggest {
                    if shows_period(&period, false) {
                        cats.push(DataCategory::Date);
                    }
                    if *count > 1 {
                        cats.push(DataCategory::Number);
                    }
                    format!(
                        "{} ({}): {}.",
                        head("").trim_end(),
                        platform_period(&period, false),
                        sums(&|v| m.platform(v, *currency))
                    )
                } else if last_n {
                    format!("Your last {noun}s: {}.", sums(&|v| m.platform(v, *currency)))
                } else {
                    if shows_period(&period, false) {
                        cats.push(DataCategory::Date);
                    }
                    format!(
                        "Your {noun}s ({}): {}.",
                        platform_period(&period, false),
                        sums(&|v| m.platform(v, *currency))
                    )
                }
            };
            (local, platform)
        }
        Answer::Spending {
            period,
            total,
            count,
            coverage,
            ..
        } if *count == 0 && *total == 0 && coverage.is_some() => {
            // Nothing stored in a period that starts before the data does: there is no
            // figure to give ("$0.00" would claim nothing was spent).
            let local = format!(
                "I have no data {}.{}",
                period_phrase(period),
                coverage_note(*coverage)
            );
            let platform = if minimal {
                "I have no data for that period.".to_string()
            } else {
                if shows_period(period, full) {
                    cats.push(DataCategory::Date);
                }
                format!(
                    "I have no data {}.",
                    period_phrase(&platform_period(period, full))
                )
            };
            (local, platform)
        }
        Answer::Spending {
            period,
            category,
            merchant,
            merchant_known,
            total,
            count,
            typical,
            currency,
            excluded,
            coverage,
        } => {
            let but = excluded
                .as_ref()
                .map(|e| format!(", not counting {e},"))
                .unwrap_or_default();
            let what = match (merchant, category) {
                (Some(name), _) => format!("at {name}"),
                (None, Some(c)) => format!("on {}", c.as_str()),
                (None, None) => String::new(),
            };
            let what_platform = match (merchant, category) {
                // A merchant the user typed reaches the platform only when it is one the vault
                // knows (never raw user text), and only at `full`.
                (Some(name), _) if full && *merchant_known => {
                    format!("at {}", platform_merchant(name))
                }
                (Some(_), _) => "at that merchant".to_string(),
                (None, Some(c)) => format!("on {}", c.as_str()),
                _ => String::new(),
            };
            let compare = |render: &dyn Fn(i64) -> String| match typical {
                Some(t) if *t > 0 => format!(" Your typical month is {}.", render(*t)),
                _ => String::new(),
            };
            let local = format!(
                "{} {what}{but} {} ({count} transaction{}).{}{}",
                spent_lead(*total, &|v| m.exact(v, *currency)),
                period_phrase(period),
                plural(*count),
                compare(&|v| m.exact(v, *currency)),
                coverage_note(*coverage)
            )
            .replace("  ", " ")
            .replace(" ,", ",");
            let platform = if minimal {
                "Your spending summary is ready: open the app to view it.".to_string()
            } else {
                cats.push(DataCategory::Amount);
                // The category is named only when no merchant is (see `what_platform`).
                if category.is_some() && merchant.is_none() {
                    cats.push(DataCategory::Category);
                }
                if merchant.is_some() && full && *merchant_known {
                    cats.push(DataCategory::Merchant);
                }
                if shows_period(period, full) {
                    cats.push(DataCategory::Date);
                }
                let period = period_phrase(&platform_period(period, full));
                let but = if excluded.is_some() {
                    ", not counting what you left out,"
                } else {
                    ""
                };
                format!(
                    "{} {what_platform}{but} {period}.{}",
                    spent_lead(*total, &|v| m.platform(v, *currency)),
                    compare(&|v| m.platform(v, *currency))
                )
                .replace("  ", " ")
                .replace(" ,", ",")
            };
            (local, platform)
        }
        Answer::Credit(field, lines) => {
            let local = lines
                .iter()
                .map(|l| credit_text(*field, l, &m, true, style))
                .collect::<Vec<_>>()
                .join("\n");
            let platform = if minimal {
                "Your card details are ready: open the app to view them.".to_string()
            } else {
                cats.extend(lines.iter().filter_map(|l| number_category(&l.account)));
                // Due dates and exact rates go out only at `full` (see `credit_text`).
                let due_shown = full && lines.iter().any(|l| l.due.is_some());
                match field {
                    CreditField::BillDue if due_shown => cats.push(DataCategory::Date),
                    CreditField::BillDue => {}
                    CreditField::Apr => cats.push(DataCategory::Number),
                    CreditField::MinPayment => {
                        cats.push(DataCategory::Amount);
                        if due_shown {
                            cats.push(DataCategory::Date);
                        }
                    }
                    _ => cats.push(DataCategory::Amount),
                }
                lines
                    .iter()
                    .map(|l| credit_text(*field, l, &m, false, style))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            (local, platform)
        }
        Answer::Fraud(open) => {
            if open.is_empty() {
                let s = "You have no open fraud alerts. If you see a charge you don't recognise, call the number on the back of your card.".to_string();
                (s.clone(), s)
            } else {
                // It speaks of open alerts (as "several open fraud alerts" does).
                cats.push(DataCategory::AlertRef);
                let mut local = format!("{} open fraud alert{}:", open.len(), plural(open.len()));
                for a in open {
                    local += &format!(
                        "\n• {}: {}",
                        super::alert_text::episode_local(a, style),
                        reasons_text(&a.explanations)
                    );
                }
                local += "\nReply YES if it was you or NO if not. If not, call the number on the back of your card and freeze the card in your bank's app.";
                let platform = "You have open fraud alerts: open the app to review them, or reply YES if the recent charges were yours and NO if not.".to_string();
                (local, platform)
            }
        }
        Answer::Routing(lines) => {
            let local = lines
                .iter()
                .map(|(a, r)| match r {
                    Some(r) => format!("{}: routing number {r}", capitalise(&account_text(a, true))),
                    None => format!("{}: your bank did not share a routing number; it is printed on your checks and in your bank's app", capitalise(&account_text(a, true))),
                })
                .collect::<Vec<_>>()
                .join("\n");
            (
                local,
                "Your routing number is shown in the app only: it is never sent in chat."
                    .to_string(),
            )
        }
        Answer::AccountNumber(lines) => {
            let local = lines
                .iter()
                .map(|(a, n)| match n {
                    Some(n) => format!("{}: account number {}", capitalise(&account_text(a, true)), n.expose()),
                    None => format!("{}: your bank shared only the last digits shown here; the full number is on your statements and in your bank's app", capitalise(&account_text(a, true))),
                })
                .collect::<Vec<_>>()
                .join("\n");
            (
                local,
                "Your account number is shown in the app only: it is never sent in chat."
                    .to_string(),
            )
        }
        Answer::CannotAct(intent) => {
            let s = cannot_act_text(*intent).to_string();
            (s.clone(), s)
        }
        Answer::NoSuchAccount => {
            let s = "I couldn't find that account among the ones you've linked.".to_string();
            (s.clone(), s)
        }
        Answer::NoData => {
            let s =
                "No bank is linked yet: link one or import a statement in the app, then ask again."
                    .to_string();
            (s.clone(), s)
        }
        Answer::NoCharges { .. }
        | Answer::Comparison { .. }
        | Answer::Versus { .. }
        | Answer::Average { .. }
        | Answer::Ranking { .. }
        | Answer::Count { .. }
        | Answer::Clarify
        | Answer::WhichMerchant
        | Answer::NotYet { .. }
        | Answer::SecretWarning
        | Answer::AskWhat
        | Answer::FraudWhich(_)
        | Answer::FraudNoMatch { .. }
        | Answer::Received { .. }
        | Answer::Everyday(_)
        | Answer::Kinds(_) => (String::new(), String::new()),
        Answer::OutOfScope => {
            let s = "I can tell you your balances, recent transactions and spending, your card bill, due date, minimum payment, limit and APR, and help with fraud alerts.".to_string();
            (s.clone(), s)
        }
    };
    crate::sort::sort(&mut cats);
    cats.dedup();
    Rendered {
        local,
        platform,
        categories: cats,
    }
}

/// " Your data starts on Nov 3." when the asked period starts before the first
/// transaction (device text and `full` only: it is a date).
pub(super) fn coverage_note(first: Option<Date>) -> String {
    first
        .map(|d| format!(" (Your data starts on {}, {}.)", date_text(d), d.year))
        .unwrap_or_default()
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// English digit words: two or more in a name or label spell a number.
const DIGIT_WORDS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

fn spelled_digits(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| DIGIT_WORDS.contains(&w.to_lowercase().as_str()))
        .count()
}

/// Words that introduce or label a number in a statement line ("ACCT# 8765", "ref 5678",
/// "call 415 ...", "A/C 1234"): dropped together with the number.
const NUMBER_WORDS: [&str; 18] = [
    "acct", "account", "acc", "no", "nr", "num", "number", "ref", "iban", "tel", "ph", "phone",
    "call", "card", "id", "bic", "swift", "pin",
];

/// A piece of a merchant name: a word, or where a number (digits of any script, or two or
/// more spelled-out digits) stood.
enum Piece {
    Word(String),
    Number,
}

/// A merchant name as the platform may see it: built from its letters only, never a number
/// or a link (a merchant name or memo chosen by a fraudster, or one that embeds a card or
/// account number, must not carry it to the platform: the egress guard is the last line of
/// defence, not the only one). Invisible characters are dropped; a word holding a digit of
/// any script is a number, and so are spelled-out digits when a name has two or more; a
/// number takes with it the short words (one or two letters: the "a" of "7391a8456") and
/// the number words ("acct", "ref", "call") beside it, so "Zintaro 7391a8456b2057" and
/// "Kestova acct no 876~5432" become "Zintaro" and "Kestova", while "7-Eleven" keeps
/// "Eleven". Symbols become word breaks, domain endings ("NETFLIX.COM") are cut and
/// characters that build URLs or handles dropped. A name with no letters left becomes "a
/// merchant".
pub fn platform_merchant(name: &str) -> String {
    let visible: String = name
        .chars()
        .filter(|c| !crate::egress::is_invisible(*c))
        .collect();
    let spelled = spelled_digits(&visible) >= 2;
    let mut pieces = merchant_pieces(&visible, spelled);
    // A number takes the short and number words beside it, repeatedly ("A/C b x 1234").
    loop {
        let mut changed = false;
        for i in 0..pieces.len() {
            let near = |j: Option<usize>| {
                j.and_then(|j| pieces.get(j))
                    .is_some_and(|p| matches!(p, Piece::Number))
            };
            let goes = match pieces.get(i) {
                Some(Piece::Word(w)) => {
                    let letters: String = w
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .flat_map(char::to_lowercase)
                        .collect();
                    (letters.chars().count() <= 2 || NUMBER_WORDS.contains(&letters.as_str()))
                        && (near(i.checked_sub(1)) || near(Some(i + 1)))
                }
                _ => false,
            };
            if goes {
                if let Some(p) = pieces.get_mut(i) {
                    *p = Piece::Number;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = String::with_capacity(name.len());
    for piece in &pieces {
        let Piece::Word(word) = piece else { continue };
        let cut = match word.rfind('.') {
            Some(i)
                if word[i + 1..].chars().all(|c| c.is_ascii_alphabetic()) && word.len() > i + 2 =>
            {
                &word[..i]
            }
            _ => word.as_str(),
        };
        let clean: String = cut.chars().filter(|c| *c != '.').collect();
        if clean.chars().any(char::is_alphabetic) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&clean);
        }
    }
    if out.is_empty() {
        out.push_str("a merchant");
    }
    out
}

/// Splits a (visible) merchant name into words and numbers. A whitespace-separated token
/// holding a digit is a number, followed by its letter runs of three or more ("7-Eleven":
/// a number, then "Eleven"); other tokens become the words of their letters (symbols break
/// words; `& ' - .` are kept inside them).
fn merchant_pieces(visible: &str, spelled: bool) -> Vec<Piece> {
    let is_digit_word = |w: &str| DIGIT_WORDS.contains(&w.to_lowercase().as_str());
    let mut pieces = Vec::new();
    for token in visible.split_whitespace() {
        let numeric = token.chars().any(char::is_numeric);
        if numeric {
            pieces.push(Piece::Number);
        }
        let letters: String = token
            .chars()
            .map(|c| {
                let kept = (c.is_alphabetic() && !c.is_numeric())
                    || (!numeric && matches!(c, '&' | '\'' | '-' | '.'));
                if kept {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        for word in letters.split_whitespace() {
            if (spelled && is_digit_word(word)) || (numeric && word.chars().count() < 3) {
                pieces.push(Piece::Number);
            } else {
                pieces.push(Piece::Word(word.to_string()));
            }
        }
    }
    pieces
}

/// A period label for a platform text. Labels are built by the slot parser but may quote
/// what the person typed, so each word must be a word, a year, a quarter or half ("Q3",
/// "H1"), a small count ("past 3 months") or, at `full` only, a date ("since 2026-10-02") or
/// a day of a month ("October 3, 2026"); otherwise the label becomes a generic one. At
/// `summary` no exact date goes out (months and relative periods do): a count there must
/// count days, weeks, months, quarters or years, so the day in "the weekend of October 3"
/// or "October 1, 2026 to today" is never read as a count.
pub(super) fn platform_period(label: &str, full: bool) -> String {
    let words: Vec<&str> = label.split_whitespace().collect();
    let ok = |i: usize, w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')'));
        let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
        let year = w.len() == 4 && digits == 4;
        let part = w.len() == 2
            && matches!(w.as_bytes().first(), Some(b'Q' | b'H'))
            && w.as_bytes().get(1).is_some_and(|b| (b'1'..=b'4').contains(b));
        let unit_follows = words.get(i + 1).is_some_and(|next| {
            let n = next.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            let n = n.strip_suffix('s').unwrap_or(&n);
            matches!(n, "day" | "week" | "month" | "quarter" | "year")
        });
        let count = (1..=3).contains(&digits) && digits == w.len() && (full || unit_follows);
        let date = full
            && (6..=10).contains(&w.len())
            && digits <= 8
            && w.split(['-', '/']).count() == 3
            && w.split(['-', '/']).all(|p| (1..=4).contains(&p.len()))
            && w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/'));
        w.chars().all(|c| c.is_alphabetic() && !c.is_numeric()) || year || part || count || date
    };
    // Besides years, full dates and (at `full`) days after a month name, a count at most:
    // digits spread over single-character words ("3 6 0 0 ...") are a number, not a period.
    let month = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        MONTH_NAMES.iter().any(|m| *m == w || (w.len() >= 3 && m.starts_with(&w)))
    };
    let loose_digits: usize = words
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.contains(['-', '/']))
        .filter(|(_, w)| {
            let t = w.trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')'));
            let year = t.len() == 4
                && t.parse::<u32>().is_ok_and(|y| (1900..=2199).contains(&y));
            !year
        })
        .filter(|(i, w)| {
            let t = w.trim_matches(|c: char| matches!(c, ',' | '.'));
            let day = full
                && (1..=2).contains(&t.len())
                && t.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
                && i.checked_sub(1)
                    .and_then(|p| words.get(p))
                    .is_some_and(|p| month(p));
            !day
        })
        .map(|(_, w)| w.chars().filter(char::is_ascii_digit).count())
        .sum();
    let dates = words.iter().filter(|w| w.contains(['-', '/'])).count();
    // Words of digits in a row are one number split by spaces ("1994 2038 903": three
    // "years" and a count), unless a month name opens them ("November 1, 2026").
    let numeric = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && !w.chars().any(char::is_alphabetic);
    let mut run = 0;
    let mut runs_ok = true;
    for (i, w) in words.iter().enumerate() {
        run = if numeric(w) { run + 1 } else { 0 };
        let opened_by_month = i
            .checked_sub(run)
            .and_then(|p| words.get(p))
            .is_some_and(|p| month(p));
        if run > 2 || run == 2 && !opened_by_month {
            runs_ok = false;
        }
    }
    if loose_digits <= 4
        && runs_ok
        && dates <= 2
        && spelled_digits(label) < 2
        && words.iter().enumerate().all(|(i, w)| ok(i, w))
    {
        label.to_string()
    } else {
        "the period you asked about".to_string()
    }
}

/// Whether [`platform_period`] shows this label itself (a date category in the platform
/// text) rather than "the period you asked about".
pub(super) fn shows_period(label: &str, full: bool) -> bool {
    !label.trim().is_empty() && platform_period(label, full) == label
}

fn txn_line(l: &TxnLine, m: &Money<'_>, offset: i32, for_platform: bool) -> String {
    let merchant = if for_platform {
        platform_merchant(&l.merchant)
    } else {
        l.merchant.clone()
    };
    format!(
        "{} · {} · {}{}",
        ts_text(l.at, offset),
        merchant,
        m.exact(l.amount, l.currency),
        if l.pending { " (pending)" } else { "" }
    )
}

fn credit_text(
    field: CreditField,
    l: &CreditLine,
    m: &Money<'_>,
    local: bool,
    style: &Style,
) -> String {
    let name = capitalise(&account_text(&l.account, true));
    let amount = |v: i64| {
        if local {
            m.exact(v, l.currency)
        } else {
            m.platform(v, l.currency)
        }
    };
    let missing = "your bank hasn't shared this";
    match field {
        CreditField::BillBalance => match l.owed {
            Some(v) if l.owed_is_statement => match l.owed_now {
                Some(now) => format!(
                    "{name}: you owe {} (statement balance); {} now (current balance)",
                    amount(v),
                    amount(now)
                ),
                None => format!("{name}: you owe {} (statement balance)", amount(v)),
            },
            // No statement shared: what is owed now, named as such (never another figure).
            Some(v) => format!(
                "{name}: you owe {} now (current balance; your bank hasn't shared the statement balance)",
                amount(v)
            ),
            None => format!("{name}: {missing}"),
        },
        CreditField::BillDue => match l.due {
            Some(d) if local || style.level == DisclosureLevel::Full => {
                format!("{name}: payment due {}", date_text(d))
            }
            Some(_) => format!("{name}: your due date is in the app"),
            None => format!("{name}: {missing}"),
        },
        CreditField::MinPayment => match l.minimum {
            Some(v) => {
                let due = l
                    .due
                    .filter(|_| local || style.level == DisclosureLevel::Full)
                    .map(|d| format!(", due {}", date_text(d)))
                    .unwrap_or_default();
                format!("{name}: minimum payment {}{due}", amount(v))
            }
            None => format!("{name}: {missing}"),
        },
        CreditField::CreditLimit => match (l.limit, l.available) {
            (Some(lim), Some(av)) => {
                format!("{name}: limit {}, {} available", amount(lim), amount(av))
            }
            (Some(lim), None) => format!("{name}: limit {}", amount(lim)),
            _ => format!("{name}: {missing}"),
        },
        CreditField::Apr => match l.apr_bps {
            Some(bps) if local || style.level == DisclosureLevel::Full => {
                format!("{name}: purchase APR {}.{:02}%", bps / 100, bps % 100)
            }
            // `summary`: a rate rounded to a whole percent
            Some(bps) => format!("{name}: purchase APR about {}%", (bps + 50) / 100),
            None => format!("{name}: {missing}"),
        },
    }
}

/// The honest reply for an intent Tacit cannot act on: where to do it instead. No links and
/// no phone numbers (a chat message with either is what phishing looks like).
pub fn cannot_act_text(intent: Intent) -> &'static str {
    use Intent::*;
    match intent {
        Transfer => "I can't move money. Make transfers in your bank's app or website.",
        PayBill => "I can't make payments. Pay your bill in your bank's app or website.",
        FreezeAccount => "I can't freeze accounts or cards. Freeze your card in your bank's app, or call the number on the back of your card.",
        ReportLostCard => "I can't block cards. Freeze the card in your bank's app right away and call the number on the back of a card or on your statement.",
        PinChange => "I can't change PINs. Change it in your bank's app or at one of its ATMs.",
        OrderChecks => "I can't order checks. Order them in your bank's app or website.",
        NewCard | DamagedCard | ReplacementCardDuration => "I can't order or replace cards. Request a replacement in your bank's app; it will tell you when the card ships.",
        CreditLimitChange => "I can't change credit limits. Ask for a change in your card issuer's app.",
        AccountBlocked | CardDeclined => "I can't see whether a card is active, or why a bank blocked or declined something. Check your bank's app or call the number on the back of your card.",
        ApplicationStatus => "I can't see applications. Check their status in your bank's app.",
        ExpirationDate => "I don't keep card expiry dates. It is printed on your card and shown in your bank's app.",
        RedeemRewards | RewardsBalance => "I don't have your rewards. Check them in your card issuer's app.",
        CreditScore | ImproveCreditScore => "I don't have your credit score. Your card issuer's app or a credit bureau can show it.",
        InternationalFees => "I don't know your card's foreign transaction fee. Check your card agreement in your issuer's app.",
        _ => "I can't do that here. Your bank's app or website can.",
    }
}

/// An alert's reasons as one clause list: "much larger than usual; a new merchant".
pub(super) fn reasons_text(explanations: &[String]) -> String {
    explanations
        .iter()
        .map(|e| e.trim().trim_end_matches('.'))
        .filter(|e| !e.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

pub use super::alert_text::{alert_explain_texts, alert_texts};

/// What to say after the person answers an alert.
pub fn alert_answer_texts(legit: bool) -> Rendered {
    let s = if legit {
        "Thanks, got it: I'll treat charges like this as yours from now on."
    } else {
        "Thanks for telling me. Call the number on the back of your card now and freeze the card in your bank's app; your bank will cancel the charges and send a new card."
    };
    Rendered {
        local: s.to_string(),
        platform: s.to_string(),
        categories: vec![DataCategory::AlertRef],
    }
}

#[cfg(test)]
mod reason_tests {
    use super::{reasons_text, spent_lead};

    #[test]
    fn net_refunds_are_said_in_words_not_as_negative_spending() {
        let money = |v: i64| format!("${}.{:02}", v / 100, v % 100);
        assert_eq!(spent_lead(12_675, &money), "You spent $126.75");
        assert_eq!(
            spent_lead(-12_675, &money),
            "Refunds came to $126.75 more than you spent"
        );
        assert_eq!(spent_lead(0, &money), "You spent $0.00");
    }

    #[test]
    fn reasons_join_without_doubled_stops() {
        let e = vec![
            "The amount is much larger than usual.".to_string(),
            " You have not paid this merchant before. ".to_string(),
            String::new(),
        ];
        assert_eq!(
            reasons_text(&e),
            "The amount is much larger than usual; You have not paid this merchant before"
        );
        assert_eq!(reasons_text(&[]), "");
    }
}

#[cfg(test)]
mod merchant_tests {
    use super::{platform_merchant, platform_period};

    #[test]
    fn merchant_names_keep_their_words_and_lose_every_number() {
        let cases = [
            ("Quorvex 4539|1488|0343|6467", "Quorvex"),
            ("Zintaro 7391a8456b2057", "Zintaro"),
            ("Kestova acct no 876~543~2", "Kestova"),
            ("Lorvaine A/C 8765a4321b09", "Lorvaine"),
            ("Blandor call 415~555~0142", "Blandor"),
            ("Velquist ACCT#87654321", "Velquist"),
            ("Ostrelle 45 -- 39 -- 14 -- 88", "Ostrelle"),
            ("Pandurix four five three nine one four", "Pandurix"),
            ("Drummask \u{FF14}\u{FF15}\u{FF13}\u{FF19}", "Drummask"),
            ("Wendrosa 4\u{200B}5\u{200B}3\u{200B}9", "Wendrosa"),
            ("Tibrakka DE89 3704 0044 0532 0130 00", "Tibrakka"),
            ("7-Eleven", "Eleven"),
            ("NETFLIX.COM", "NETFLIX"),
            ("Trader Joe's", "Trader Joe's"),
            ("Card Factory", "Card Factory"),
            ("One Medical", "One Medical"),
            ("4539 1488", "a merchant"),
        ];
        for (name, want) in cases {
            let got = platform_merchant(name);
            assert_eq!(got, want, "{name:?}");
            assert!(!got.chars().any(char::is_numeric), "{name:?}");
        }
    }

    #[test]
    fn summary_periods_never_name_a_day() {
        for label in [
            "October 3, 2026",
            "the weekend of October 3",
            "October 1, 2026 to today",
            "since October 2, 2026",
            "the week of October 5, 2026",
            "October 1, 2026 to October 15, 2026",
            "since 2026-10-02",
        ] {
            assert_eq!(
                platform_period(label, false),
                "the period you asked about",
                "{label}"
            );
            assert_eq!(platform_period(label, true), label, "{label} at full");
        }
        for label in [
            "October 2026",
            "last month",
            "past 3 months",
            "the last 30 days",
            "Q3 2026",
            "H1 2026",
            "this week",
        ] {
            assert_eq!(platform_period(label, false), label);
            assert_eq!(platform_period(label, true), label);
        }
        // digits spread over words are a number, not a period, at every level, even when
        // each part could be a year or a count
        for full in [false, true] {
            for label in ["3 6 0 0 1 2", "since 1994\u{2009}2038\u{2009}903", "since 1994 2038"] {
                assert_eq!(platform_period(label, full), "the period you asked about", "{label}");
            }
        }
        assert_eq!(platform_period("between 2024 and 2025", true), "between 2024 and 2025");
    }
}
