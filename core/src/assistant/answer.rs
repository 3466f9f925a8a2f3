//! Computing answers from the vault. An [`Answer`] holds the figures; rendering turns them
//! into text twice. Keeping the numbers apart from the words is what lets the tests check
//! every figure against a direct computation over the vault.

use crate::crypto::secret::SecretString;
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::shape::{RankBy, Shape};
use crate::alerts::{self, AlertRecord};
use crate::intent::{AccountSelector, Intent, Period, SlotAccount, SlotContext, Slots};
use crate::model::{Account, AccountKind, Category, TxnStatus};
use crate::money::Currency;
use crate::time::{local_date, Date, Timestamp};
use crate::vault::digest::Sum;
use crate::vault::{Result, TxnFilter, Vault};

/// How many transactions a reply lists at most, unless the person asks for more.
pub const MAX_LISTED: usize = 8;

/// The most transactions "last N transactions" lists.
pub const MAX_ASKED: usize = 25;

/// An account as replies name it: kind and last four digits at most.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLabel {
    /// Kind of account.
    pub kind: AccountKind,
    /// Last four digits, if known.
    pub last4: Option<String>,
}

/// One account's balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceLine {
    /// Which account.
    pub account: AccountLabel,
    /// Currency.
    pub currency: Currency,
    /// Current (ledger) balance, holder's view.
    pub current: Option<i64>,
    /// Available balance (or available credit).
    pub available: Option<i64>,
    /// As of when.
    pub as_of: Option<Timestamp>,
}

/// One listed transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnLine {
    /// When.
    pub at: Timestamp,
    /// Merchant or description.
    pub merchant: String,
    /// Amount, holder's view.
    pub amount: i64,
    /// Currency.
    pub currency: Currency,
    /// Still pending.
    pub pending: bool,
}

/// Which credit figure was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditField {
    /// Statement balance owed.
    BillBalance,
    /// Payment due date.
    BillDue,
    /// Minimum payment.
    MinPayment,
    /// Credit limit and available credit.
    CreditLimit,
    /// Purchase APR.
    Apr,
}

/// One credit account's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditLine {
    /// Which card.
    pub account: AccountLabel,
    /// Currency.
    pub currency: Currency,
    /// Statement balance owed (positive = owed), or the current balance owed.
    pub owed: Option<i64>,
    /// Whether `owed` is the statement balance (else the current balance: the bank shared
    /// no statement, and the reply says which it is).
    pub owed_is_statement: bool,
    /// The balance owed now, when the bank shared it beside the statement balance and it
    /// differs from it (charges since the statement, or a payment): what "how much do i
    /// owe" also means.
    pub owed_now: Option<i64>,
    /// Minimum payment.
    pub minimum: Option<i64>,
    /// Due date.
    pub due: Option<Date>,
    /// Limit.
    pub limit: Option<i64>,
    /// Available credit.
    pub available: Option<i64>,
    /// APR in basis points.
    pub apr_bps: Option<u32>,
}

/// What was computed for a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Balances of the selected accounts.
    Balances(Vec<BalanceLine>),
    /// Matching transactions (most recent first, at most [`MAX_LISTED`]) and their totals.
    Transactions {
        /// The period searched.
        period: Option<String>,
        /// Listed lines.
        lines: Vec<TxnLine>,
        /// How many matched in all.
        count: usize,
        /// Money out among them (positive), never netted with money in.
        total: i64,
        /// Money in among them (positive): income, refunds, transfers in.
        received: i64,
        /// Currency of the sums.
        currency: Currency,
        /// The first day with data, when the period starts before it.
        coverage: Option<Date>,
        /// Only pending transactions were asked for ("any pending charges?").
        pending: bool,
        /// The biggest purchases were asked for ("my 3 largest purchases"): the lines are
        /// those, and `count` and `total` are theirs, not the period's.
        biggest: bool,
        /// With `biggest`: the smallest purchases instead ("cheapest purchase").
        smallest: bool,
        /// Purchases between these amounts were asked for ("everything over $500"): the
        /// lines are purchases only, and the heading names the bounds.
        bounds: (Option<i64>, Option<i64>),
    },
    /// Spending over a period, compared with a typical month.
    Spending {
        /// The period's label.
        period: String,
        /// Category asked about.
        category: Option<Category>,
        /// Merchant asked about.
        merchant: Option<String>,
        /// Whether that merchant is one the vault knows (not just text the user typed).
        merchant_known: bool,
        /// Total spent (positive).
        total: i64,
        /// Number of transactions.
        count: usize,
        /// Median of the previous months, when there is history.
        typical: Option<i64>,
        /// Currency.
        currency: Currency,
        /// What was left out ("rent", "Amazon"), when the person asked.
        excluded: Option<String>,
        /// The first day with data, when the period starts before it.
        coverage: Option<Date>,
    },
    /// A merchant with no charges in the period ("No charges at X in <period>").
    NoCharges {
        /// The merchant as the vault or the person names it.
        merchant: String,
        /// Whether the vault knows it.
        merchant_known: bool,
        /// The period's label.
        period: String,
    },
    /// Spending in two periods and the difference.
    Comparison {
        /// Category asked about.
        category: Option<Category>,
        /// Merchant asked about, and whether the vault knows it ("costco this year vs last
        /// year").
        merchant: Option<(String, bool)>,
        /// The asked period's label and total.
        first: (String, i64),
        /// The other period's label and total.
        second: (String, i64),
        /// Currency.
        currency: Currency,
        /// The first day with data, when either period starts before it ("this year vs last
        /// year" with a history that starts in December).
        coverage: Option<Date>,
        /// Most of the earlier period is before the data starts: the reply gives the asked
        /// period's total and says it cannot compare, never a difference against a few days.
        too_little_data: bool,
    },
    /// Two or more merchants or categories compared over one period ([`super::versus`]):
    /// each side's spending and number of purchases.
    Versus {
        /// The period's label.
        period: String,
        /// Every side (at least two), in the order asked.
        sides: Vec<(super::versus::Side, i64, usize)>,
        /// "gas and groceries": both totals and their sum, not a difference.
        both: bool,
        /// "transport and uber": the merchant's charges inside the category are counted
        /// once, with the merchant, and the category's figure is the rest of it.
        once: bool,
        /// Currency.
        currency: Currency,
    },
    /// Spending per day, week or month on average over a period ([`super::average`]).
    Average {
        /// The unit.
        per: super::average::Per,
        /// The average per unit (positive), rounded half up.
        average: i64,
        /// The period's total (positive).
        total: i64,
        /// Number of purchases.
        count: usize,
        /// Days averaged over (those that have happened, from the first with data).
        days: i64,
        /// The period's label.
        period: String,
        /// Category asked about.
        category: Option<Category>,
        /// Merchant asked about.
        merchant: Option<String>,
        /// Whether the vault knows that merchant.
        merchant_known: bool,
        /// Currency.
        currency: Currency,
        /// The first day with data, when the period starts before it.
        coverage: Option<Date>,
    },
    /// The top categories or merchants by spending.
    Ranking {
        /// What is ranked.
        by: RankBy,
        /// The one with the least spending, not the top ones.
        least: bool,
        /// The period's label.
        period: String,
        /// Names and totals, largest first.
        rows: Vec<(String, i64)>,
        /// Currency.
        currency: Currency,
    },
    /// How many transactions matched.
    Count {
        /// The period's label.
        period: String,
        /// The merchant, when one was asked about.
        merchant: Option<String>,
        /// Whether the vault knows that merchant.
        merchant_known: bool,
        /// Category asked about.
        category: Option<Category>,
        /// How many.
        count: usize,
        /// What they came to (positive).
        total: i64,
        /// Currency.
        currency: Currency,
    },
    /// Money in over a period ([`super::income`]): never answered as spending.
    Received {
        /// The period's label.
        period: String,
        /// Pay only, or every credit but transfers.
        inflow: super::income::Inflow,
        /// Sum of the credits (positive).
        total: i64,
        /// How many.
        count: usize,
        /// The latest credit: when, and how much.
        latest: Option<(Timestamp, i64)>,
        /// Currency.
        currency: Currency,
        /// The first day with data, when the period starts before it.
        coverage: Option<Date>,
    },
    /// Subscriptions, refunds, savings or the next pay ([`super::everyday`]).
    Everyday(super::everyday::Everyday),
    /// Spending of a kind narrower than a category ("gas" is fuel, not all of Transport):
    /// [`super::kind_answer`].
    Kinds(Box<super::kind_answer::KindSpend>),
    /// The person asked about a period the grammar did not understand: which dates?
    Clarify,
    /// Nothing matched words that may name no merchant at all ("on stuff for the house"):
    /// which merchant or category? Never "no charges at house".
    WhichMerchant,
    /// A balance, list or spending question about a period that has not started ("next
    /// week", "tomorrow"): nothing to show yet, which dates? Never a figure.
    NotYet {
        /// The period's label, for the device text.
        period: String,
    },
    /// The message held a card number, IBAN or password: a warning, never an echo.
    SecretWarning,
    /// A follow-up about the previous answer ("compare the two", "how much was that") with
    /// no previous answer it can be about: which figures? Never a figure.
    AskWhat,
    /// A bare YES/NO with several open alerts: which one?
    FraudWhich(Vec<AlertRecord>),
    /// A claim about a purchase that matches no open alert.
    FraudNoMatch {
        /// The merchant named.
        merchant: String,
    },
    /// A credit figure.
    Credit(CreditField, Vec<CreditLine>),
    /// Open fraud alerts.
    Fraud(Vec<AlertRecord>),
    /// Routing numbers (device only).
    Routing(Vec<(AccountLabel, Option<String>)>),
    /// Account numbers, in full when the bank shared them (device only; redacted in `Debug`).
    AccountNumber(Vec<(AccountLabel, Option<SecretString>)>),
    /// Something Tacit cannot do; says where to do it.
    CannotAct(Intent),
    /// The message named an account the user does not have, or needs a kind they lack.
    NoSuchAccount,
    /// Nothing to answer from (no accounts synced yet).
    NoData,
    /// Out of scope.
    OutOfScope,
}

/// Inputs of one computation.
#[derive(Debug)]
pub struct Query<'a> {
    /// The intent.
    pub intent: Intent,
    /// Its slots.
    pub slots: &'a Slots,
    /// Now.
    pub now: Timestamp,
    /// The user's UTC offset in minutes.
    pub offset: i32,
    /// The question's shape (comparison, ranking, count, ...).
    pub shape: &'a Shape,
}

/// The slot context for the user's accounts and known merchants.
pub fn slot_context(accounts: &[Account], summary: &Summary) -> SlotContext {
    SlotContext::new(
        accounts
            .iter()
            .enumerate()
            .map(|(index, a)| SlotAccount {
                index,
                kind: a.kind,
                last4: a.last4.clone(),
                nickname: a.nickname.clone(),
                display_name: a.display_name.clone(),
                institution: a.institution.clone(),
            })
            .collect(),
        summary.merchants.clone(),
    )
}

/// Accounts the slots select; `None` when the message named an account that does not exist.
pub(super) fn select<'a>(
    accounts: &'a [Account],
    slots: &Slots,
    default: impl Fn(&Account) -> bool,
) -> Option<Vec<&'a Account>> {
    match &slots.account {
        Some(AccountSelector::Index(i)) => accounts.get(*i).map(|a| vec![a]),
        Some(AccountSelector::Kind(k)) => {
            let v: Vec<&Account> = accounts.iter().filter(|a| a.kind == *k).collect();
            (!v.is_empty()).then_some(v)
        }
        Some(AccountSelector::NoMatch) => None,
        None => {
            let v: Vec<&Account> = accounts.iter().filter(|a| default(a)).collect();
            (!v.is_empty()).then_some(v)
        }
    }
}

/// An account's balance as a reply line.
fn balance_line(a: &Account) -> BalanceLine {
    BalanceLine {
        account: label(a),
        currency: a.currency,
        current: a.balance.map(|b| b.minor),
        available: a.available.map(|b| b.minor),
        as_of: a.balance.or(a.available).map(|b| b.as_of),
    }
}

/// The label replies use for an account.
pub fn label(a: &Account) -> AccountLabel {
    AccountLabel {
        kind: a.kind,
        last4: shown_last4(a),
    }
}

/// The last four digits a reply may show: none when the account number is under 6 digits
/// (its "last four" would be most or all of it).
fn shown_last4(a: &Account) -> Option<String> {
    let short = a
        .full_number
        .as_deref()
        .is_some_and(|n| n.chars().filter(|c| c.is_numeric()).count() < 6);
    if short {
        None
    } else {
        a.last4.clone()
    }
}

pub(crate) fn main_currency(accounts: &[&Account]) -> Currency {
    accounts
        .first()
        .map(|a| a.currency)
        .unwrap_or(Currency::USD)
}

pub(crate) fn period_bounds(p: &Period, offset: i32) -> (Timestamp, Timestamp) {
    (p.start.start_ts(offset), p.end.start_ts(offset))
}

fn this_month(today: Date) -> Period {
    Period {
        start: today.first_of_month(),
        end: today.add_days(1),
        label: "this month".into(),
    }
}

/// Computes the answer to one message.
pub fn compute(
    vault: &Vault,
    accounts: &[Account],
    summary: &Summary,
    q: &Query<'_>,
) -> Result<Answer> {
    use Intent::*;
    let today = local_date(q.now, q.offset);
    if accounts.is_empty() && !matches!(q.intent, Oos) && !cannot_act(q.intent) {
        return Ok(Answer::NoData);
    }
    let credit_kind = |a: &Account| a.kind == AccountKind::CreditCard;
    if let (Shape::Everyday(ask), Transactions | SpendingHistory) = (q.shape, q.intent) {
        return super::everyday::compute(vault, accounts, summary, q, today, *ask);
    }
    if q.slots.period_unclear && matches!(q.intent, Transactions | SpendingHistory) {
        return Ok(Answer::Clarify);
    }
    // "ever", "in total", "all time", "biggest costco trip": from the first month of data,
    // which the reply names.
    let biggest_at = matches!(q.shape, Shape::Largest(_)) && q.slots.merchant_known;
    if q.slots.period.as_ref().map_or(biggest_at, |p| p.label == crate::intent::slots::period::ALL_TIME) {
        if let Some(all) = all_history(q, summary, today) {
            return compute(vault, accounts, summary, &all.query(q));
        }
    }
    if let Some(p) = super::not_yet::future_period(q, today) {
        return Ok(Answer::NotYet {
            period: p.label.clone(),
        });
    }
    // Money in is never answered as spending (which leaves income out: "$0.00 on income").
    let inflow = match q.shape {
        Shape::MoneyIn(i) => Some(*i),
        _ => (q.slots.category == Some(Category::Income))
            .then_some(super::income::Inflow::Income),
    };
    // Two things compared or joined: each side selects its own accounts.
    if let (Shape::Versus(pair), Transactions | SpendingHistory) = (q.shape, q.intent) {
        return Ok(super::versus::compute(vault, accounts, summary, q, today, pair)?
            .unwrap_or(Answer::NoSuchAccount));
    }
    // "gas last month", "my electric bill": the kinds' transactions, never the category's.
    if let (false, Transactions | SpendingHistory) = (q.slots.kinds.is_empty(), q.intent) {
        let sel = select(accounts, q.slots, |a| a.kind != AccountKind::Loan);
        let all = accounts.iter().filter(|a| a.kind != AccountKind::Loan).count();
        if let Some(sel) = sel {
            let answer = super::kind_answer::compute(vault, summary, &sel, sel.len() == all, q, today)?;
            if let Some(answer) = answer {
                return Ok(answer);
            }
        }
    }
    if let (Some(inflow), Transactions | SpendingHistory) = (inflow, q.intent) {
        return match select(accounts, q.slots, |a| a.kind != AccountKind::Loan) {
            None => Ok(Answer::NoSuchAccount),
            Some(sel) => super::income::received(vault, &sel, summary, q, today, inflow),
        };
    }
    Ok(match q.intent {
        Balance => match select(accounts, q.slots, |_| true) {
            None => Answer::NoSuchAccount,
            Some(sel) => Answer::Balances(sel.iter().map(|a| balance_line(a)).collect()),
        },
        Transactions => match select(accounts, q.slots, |_| true) {
            None => Answer::NoSuchAccount,
            Some(sel) => match q.shape {
                Shape::Rank(..) | Shape::Least(_) | Shape::Compare(_) | Shape::Count | Shape::Average(_) => super::figures::shaped(
                    vault,
                    summary,
                    &sel,
                    sel.len() == accounts.len(),
                    q,
                    today,
                )?,
                _ => transactions(vault, summary, &sel, q, today)?,
            },
        },
        SpendingHistory => match select(accounts, q.slots, |a| a.kind != AccountKind::Loan) {
            None => Answer::NoSuchAccount,
            Some(sel) => {
                let all = accounts
                    .iter()
                    .filter(|a| a.kind != AccountKind::Loan)
                    .count();
                match q.shape {
                    Shape::Plain => spending(vault, &sel, sel.len() == all, summary, q, today)?,
                    Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_) => {
                        transactions(vault, summary, &sel, q, today)?
                    }
                    _ => super::figures::shaped(vault, summary, &sel, sel.len() == all, q, today)?,
                }
            }
        },
        BillBalance | BillDue | MinPayment | CreditLimit | Apr | InterestRate => {
            let field = match q.intent {
                BillBalance => CreditField::BillBalance,
                BillDue => CreditField::BillDue,
                MinPayment => CreditField::MinPayment,
                CreditLimit => CreditField::CreditLimit,
                _ => CreditField::Apr,
            };
            match select(accounts, q.slots, credit_kind) {
                None => Answer::NoSuchAccount,
                // "the balance of my checking", heard as a card bill: a deposit account owes
                // nothing, so its balance is the answer, never "you owe -$21,518.83".
                Some(sel)
                    if field == CreditField::BillBalance && !sel.iter().any(|a| credit_kind(a)) =>
                {
                    Answer::Balances(sel.iter().map(|a| balance_line(a)).collect())
                }
                Some(sel) => Answer::Credit(field, sel.iter().map(|a| credit_line(a)).collect()),
            }
        }
        ReportFraud => Answer::Fraud(alerts::open(vault)?),
        Routing if *q.shape == Shape::AccountNumber => match select(accounts, q.slots, |_| true) {
            None => Answer::NoSuchAccount,
            Some(sel) => Answer::AccountNumber(
                sel.iter()
                    .map(|a| (label(a), a.full_number.clone().map(SecretString::new)))
                    .collect(),
            ),
        },
        Routing => match select(accounts, q.slots, |a| a.kind != AccountKind::CreditCard) {
            None => Answer::NoSuchAccount,
            Some(sel) => Answer::Routing(
                sel.iter()
                    .map(|a| (label(a), a.routing_number.clone()))
                    .collect(),
            ),
        },
        Oos => Answer::OutOfScope,
        other => Answer::CannotAct(other),
    })
}

/// Intents Tacit answers honestly that it cannot act on.
pub fn cannot_act(intent: Intent) -> bool {
    use Intent::*;
    !matches!(
        intent,
        Balance
            | Transactions
            | SpendingHistory
            | BillBalance
            | BillDue
            | MinPayment
            | CreditLimit
            | Apr
            | InterestRate
            | ReportFraud
            | Routing
            | Oos
    )
}

fn credit_line(a: &Account) -> CreditLine {
    let terms = a.credit.clone().unwrap_or_default();
    let owed_now = a.balance.map(|b| -b.minor);
    CreditLine {
        account: label(a),
        currency: a.currency,
        owed: terms.statement_balance.or(owed_now),
        owed_is_statement: terms.statement_balance.is_some(),
        owed_now: owed_now.filter(|now| terms.statement_balance.is_some_and(|s| s != *now)),
        minimum: terms.minimum_payment,
        due: terms.due_date,
        limit: terms.limit,
        available: a
            .available
            .map(|b| b.minor)
            .or_else(|| terms.limit.zip(owed_now).map(|(l, o)| l - o)),
        apr_bps: terms.apr_bps,
    }
}

/// Keeps the `max` lines that sort first by `key` (ties: the first seen).
fn keep_top<K: Ord + Copy>(
    lines: &mut Vec<TxnLine>,
    max: usize,
    key: K,
    key_of: impl Fn(&TxnLine) -> K,
    line: impl FnOnce() -> TxnLine,
) {
    if lines.len() < max {
        lines.push(line());
        return;
    }
    let worst = lines
        .iter()
        .enumerate()
        .min_by_key(|(i, l)| (key_of(l), std::cmp::Reverse(*i)))
        .map(|(i, l)| (i, key_of(l)));
    if let Some((i, worst_key)) = worst {
        if key > worst_key {
            lines.remove(i);
            lines.push(line());
        }
    }
}

/// The period a question means, or its default: the last 30 days for a plain list, 90 days
/// for a filtered one, the last 30 days for spending at a merchant, this month so far for
/// other spending. The label always says which.
pub(crate) fn period_or_default(q: &Query<'_>, today: Date, filtered: bool) -> Period {
    q.slots
        .period
        .clone()
        .unwrap_or(match (q.intent, filtered) {
            // "how much at starbucks": a rolling month, not this calendar month, which on the
            // 2nd holds almost nothing. Category totals stay calendar months (they compare
            // with the typical month).
            (Intent::SpendingHistory, _)
                if matches!(q.shape, Shape::Plain) && q.slots.merchant.is_some() =>
            {
                Period {
                    start: today.add_days(-29),
                    end: today.add_days(1),
                    label: "the last 30 days".into(),
                }
            }
            (Intent::SpendingHistory, _) if matches!(q.shape, Shape::Plain) => this_month(today),
            (_, true) => Period {
                start: today.add_days(-90),
                end: today.add_days(1),
                label: "the last 90 days".into(),
            },
            _ => Period {
                start: today.add_days(-30),
                end: today.add_days(1),
                label: "the last 30 days".into(),
            },
        })
}

/// The first day with data, when `period` starts before it.
pub(crate) fn coverage(
    vault: &Vault,
    summary: &Summary,
    period: &Period,
    offset: i32,
) -> Result<Option<Date>> {
    let Some(first) = summary.first_month() else {
        return Ok(None);
    };
    if period.start.month_index() > first {
        return Ok(None);
    }
    Ok(summary
        .earliest(vault)?
        .map(|e| local_date(e, offset))
        .filter(|d| period.start < *d))
}

fn transactions(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    let filter = Filter::of_query(q);
    // A search for an amount with no period ("any charge for 85.61") looks through all the
    // data and says from when, rather than a default window that may miss it.
    if q.slots.period.is_none() && super::filter::exact_search(q).is_some() {
        if let Some(wider) = all_history(q, summary, today) {
            return transactions(vault, summary, sel, &wider.query(q), today);
        }
    }
    let period = period_or_default(q, today, filter.is_filtered());
    let (from, until) = period_bounds(&period, q.offset);
    let currency = main_currency(sel);
    let (max, biggest) = match q.shape {
        Shape::LastN(n) => ((*n).min(MAX_ASKED), false),
        Shape::Largest(n) | Shape::Smallest(n) => ((*n).min(MAX_ASKED), true),
        _ => (MAX_LISTED, false),
    };
    // The other end of the ranking: the smallest purchases first.
    let smallest = matches!(q.shape, Shape::Smallest(_));
    // "everything over $500": purchases between amount bounds (the slots read them as
    // charges unless "transactions" is said), named so in the heading; a search for one
    // amount is no bound.
    let bounds = match super::filter::exact_search(q) {
        None if !biggest && q.slots.charges_only => (q.slots.min_amount_minor, q.slots.max_amount_minor),
        _ => (None, None),
    };
    let purchases_only = biggest || q.slots.charges_only;
    let mut all: Vec<TxnLine> = Vec::with_capacity(max);
    let (mut total, mut received, mut count) = (0i64, 0i64, 0usize);
    visit_period(vault, summary, sel, (from, until), &filter, |t| {
        // "biggest purchase", "charges over $500": spending only (no money in, no transfer
        // such as a card payment).
        if !filter.keep(t) || (purchases_only && spend_of(t).is_none_or(|s| s <= 0)) {
            return;
        }
        if t.currency == currency {
            if t.amount < 0 {
                total -= t.amount;
            } else {
                received += t.amount;
            }
        }
        count += 1;
        let line = || TxnLine {
            at: t.transacted_at,
            merchant: t.merchant.unwrap_or(t.description).to_string(),
            amount: t.amount,
            currency: t.currency,
            pending: t.status == TxnStatus::Pending,
        };
        if smallest {
            keep_top(&mut all, max, t.amount, |l| l.amount, line);
        } else if biggest {
            keep_top(&mut all, max, -t.amount, |l| -l.amount, line);
        } else {
            keep_top(&mut all, max, t.transacted_at, |l| l.at, line);
        }
    })?;
    if smallest {
        crate::sort::by_key(&mut all, |l| std::cmp::Reverse(l.amount));
    } else if biggest {
        crate::sort::by_key(&mut all, |l| l.amount);
    } else {
        crate::sort::by_key(&mut all, |l| std::cmp::Reverse(l.at));
    }
    if count == 0 {
        if let Some(m) = &q.slots.merchant {
            if let Some(wider) = with_all_history(q, summary, today) {
                return transactions(vault, summary, sel, &wider.query(q), today);
            }
            if q.slots.merchant_unsure {
                return Ok(Answer::WhichMerchant);
            }
            return Ok(Answer::NoCharges {
                merchant: m.clone(),
                merchant_known: q.slots.merchant_known,
                period: period.label,
            });
        }
    }
    // "the total of my last 3 purchases": the figures are those of the lines listed, never
    // of the whole period they were found in.
    let period_label = match q.shape {
        Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_) => {
            count = all.len();
            total = all
                .iter()
                .filter(|l| l.currency == currency && l.amount < 0)
                .map(|l| -l.amount)
                .sum();
            received = all
                .iter()
                .filter(|l| l.currency == currency && l.amount > 0)
                .map(|l| l.amount)
                .sum();
            biggest.then(|| period.label.clone())
        }
        _ => Some(period.label.clone()),
    };
    Ok(Answer::Transactions {
        coverage: coverage(vault, summary, &period, q.offset)?,
        period: period_label,
        lines: all,
        count,
        total,
        received,
        currency,
        pending: q.slots.pending_only,
        biggest,
        smallest,
        bounds,
    })
}

/// What a question leaves out, as the reply names it ("housing and bills", "Amazon").
fn excluded_text(slots: &Slots) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    if !slots.exclude_kinds.is_empty() {
        names.push(slots.exclude_kinds.label());
    }
    names.extend(slots.exclude_categories.iter().map(|c| c.as_str().to_string()));
    names.extend(slots.exclude_merchant.clone());
    names.extend(slots.exclude_also.iter().cloned());
    match names.len() {
        0 => None,
        1 => names.pop(),
        _ => {
            let last = names.pop().unwrap_or_default();
            Some(format!("{} and {last}", names.join(", ")))
        }
    }
}

/// The slots of a question about a vault merchant that named no period, with the period
/// set to all the data: "how much at uber" when the default window (the last 30 or 90 days)
/// holds none is answered over everything stored, and says so, rather than a "no charges"
/// that hides the rides of the spring.
pub(super) struct AllHistory(Slots);

impl AllHistory {
    pub(super) fn query<'a>(&'a self, q: &Query<'a>) -> Query<'a> {
        Query {
            intent: q.intent,
            slots: &self.0,
            now: q.now,
            offset: q.offset,
            shape: q.shape,
        }
    }
}

fn with_all_history(q: &Query<'_>, summary: &Summary, today: Date) -> Option<AllHistory> {
    let named = q.slots.merchant_known || q.slots.merchant.is_none() && q.slots.category.is_some();
    if q.slots.period.is_some() || !named {
        return None;
    }
    all_history(q, summary, today)
}

/// The slots of `q` over all the data, labelled "since" its first month.
pub(super) fn all_history(q: &Query<'_>, summary: &Summary, today: Date) -> Option<AllHistory> {
    let first = summary.first_month()?;
    let start = today.add_months_first(i32::try_from(first - today.month_index()).ok()?);
    let label = format!(
        "since {} {}",
        crate::intent::slots::period::MONTH_NAMES[start.month as usize - 1],
        start.year
    );
    let mut slots = q.slots.clone();
    slots.period = Some(Period {
        start,
        end: today.add_days(1),
        label,
    });
    Some(AllHistory(slots))
}

/// Visits the transactions of the selected accounts in `[from, until)`, account by account,
/// letting the summary pre-filter on the question's merchant text (a superset: `f` still
/// applies the whole filter).
pub(crate) fn visit_period(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    bounds: (Timestamp, Timestamp),
    filter: &Filter,
    mut f: impl FnMut(&super::cache::TxnView<'_>),
) -> Result<()> {
    visit_each(vault, summary, sel, bounds, filter, &mut f)
}

/// [`visit_period`]'s body, compiled once: the scan of the summary and the vault's blocks is
/// the same for every question, and a copy per caller's closure cost the mobile library tens
/// of KiB (one indirect call per transaction instead).
fn visit_each(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    (from, until): (Timestamp, Timestamp),
    filter: &Filter,
    f: &mut dyn FnMut(&super::cache::TxnView<'_>),
) -> Result<()> {
    for a in sel {
        let tf = TxnFilter {
            account: Some(a.id.clone()),
            from: Some(from),
            until: Some(until),
        };
        summary.visit(vault, &tf, filter.text(), &mut *f)?;
    }
    Ok(())
}

/// Total spending (positive) and count over the selected accounts, never netting income or
/// transfers: the whole months of the period from the month totals when they can answer (a
/// category, a vault merchant or both, over all accounts), the days around them visited.
pub(crate) fn spend_total(
    vault: &Vault,
    sel: &[&Account],
    all_selected: bool,
    summary: &Summary,
    q: &Query<'_>,
    period: &Period,
) -> Result<(i64, usize)> {
    let filter = Filter::of_query(q);
    let currency = main_currency(sel);
    let (mut total, mut count) = (0i64, 0usize);
    let mut rest = [(period.start, period.end), (period.end, period.end)];
    if let (Some(payees), Some(((first, n), a, b)), true) =
        (filter.payees(), months_inside(period), all_selected)
    {
        let mut sum = Sum::default();
        let found = summary.visit_payees(vault, first, n, currency, &mut |_, key, p| {
            if payees.keeps(key) {
                sum.total += p.spent.total;
                sum.count += p.spent.count;
            }
        });
        if found.is_some() {
            total = sum.total;
            count = usize::try_from(sum.count).unwrap_or(0);
            rest = [(period.start, a), (b, period.end)];
        }
    }
    for (start, end) in rest.into_iter().filter(|(s, e)| s < e) {
        let bounds = (start.start_ts(q.offset), end.start_ts(q.offset));
        visit_period(vault, summary, sel, bounds, &filter, |t| {
            if t.currency != currency || !filter.keep(t) {
                return;
            }
            if let Some(spent) = spend_of(t) {
                total += spent;
                count += 1;
            }
        })?;
    }
    Ok((total, count))
}

/// The whole calendar months inside a period, `(first month index, number of months)`, with
/// the first day of the first and the first day after the last: the days before and after
/// them are `[start, first)` and `[after, end)`. `None` when no whole month fits.
pub(crate) fn months_inside(p: &Period) -> Option<((i64, i64), Date, Date)> {
    let first = match p.start.day {
        1 => p.start,
        _ => p.start.add_months_first(1),
    };
    let after = p.end.add_months_first(0);
    let n = after.month_index() - first.month_index();
    (n > 0).then_some(((first.month_index(), n), first, after))
}

fn spending(
    vault: &Vault,
    sel: &[&Account],
    all_selected: bool,
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    let period = period_or_default(q, today, false);
    let currency = main_currency(sel);
    let (total, count) = spend_total(vault, sel, all_selected, summary, q, &period)?;
    if count == 0 {
        // "total spent on travel" with none this month: over all the data, said so.
        if let Some(wider) = with_all_history(q, summary, today) {
            return spending(vault, sel, all_selected, summary, &wider.query(q), today);
        }
        if let Some(m) = &q.slots.merchant {
            if q.slots.merchant_unsure {
                return Ok(Answer::WhichMerchant);
            }
            return Ok(Answer::NoCharges {
                merchant: m.clone(),
                merchant_known: q.slots.merchant_known,
                period: period.label,
            });
        }
    }
    let plain = q.slots.exclude_categories.is_empty()
        && q.slots.week_part.is_none()
        && q.slots.exclude_kinds.is_empty()
        && q.slots.exclude_merchant.is_none();
    // A month, or this month so far: "on the 1st" is one day, not a month to compare.
    let month_like = period.start.day == 1
        && period.end.days() - period.start.days() <= 31
        && (period.end.days() - period.start.days() >= 28 || period.end > today);
    let typical = if all_selected && plain && month_like {
        summary.typical_month(
            vault,
            period.start.month_index(),
            currency,
            q.slots.category,
            q.slots.merchant.as_deref(),
        )
    } else {
        None
    };
    let excluded = excluded_text(q.slots);
    Ok(Answer::Spending {
        coverage: coverage(vault, summary, &period, q.offset)?,
        period: period.label,
        category: q.slots.category,
        merchant: q.slots.merchant.clone(),
        merchant_known: q.slots.merchant_known,
        total,
        count,
        typical,
        currency,
        excluded,
    })
}
