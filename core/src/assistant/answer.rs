//! Computing answers from the vault. An [`Answer`] holds the figures; rendering turns them
//! into text twice. Keeping the numbers apart from the words is what lets the tests check
//! every figure against a direct computation over the vault.

use super::cache::{spend_of, Summary};
use crate::alerts::{self, AlertRecord};
use crate::intent::{AccountSelector, Intent, Period, SlotAccount, SlotContext, Slots};
use crate::model::{Account, AccountKind, Category, TxnStatus};
use crate::money::Currency;
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{Result, TxnFilter, Vault};

/// How many transactions a reply lists at most.
pub const MAX_LISTED: usize = 8;

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
        /// Their sum, holder's view.
        total: i64,
        /// Currency of the sum.
        currency: Currency,
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
    },
    /// A credit figure.
    Credit(CreditField, Vec<CreditLine>),
    /// Open fraud alerts.
    Fraud(Vec<AlertRecord>),
    /// Routing numbers (device only).
    Routing(Vec<(AccountLabel, Option<String>)>),
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
fn select<'a>(
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

/// The label replies use for an account.
pub fn label(a: &Account) -> AccountLabel {
    AccountLabel {
        kind: a.kind,
        last4: a.last4.clone(),
    }
}

fn main_currency(accounts: &[&Account]) -> Currency {
    accounts
        .first()
        .map(|a| a.currency)
        .unwrap_or(Currency::USD)
}

fn period_bounds(p: &Period, offset: i32) -> (Timestamp, Timestamp) {
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
    Ok(match q.intent {
        Balance => match select(accounts, q.slots, |_| true) {
            None => Answer::NoSuchAccount,
            Some(sel) => Answer::Balances(
                sel.iter()
                    .map(|a| BalanceLine {
                        account: label(a),
                        currency: a.currency,
                        current: a.balance.map(|b| b.minor),
                        available: a.available.map(|b| b.minor),
                        as_of: a.balance.or(a.available).map(|b| b.as_of),
                    })
                    .collect(),
            ),
        },
        Transactions => match select(accounts, q.slots, |_| true) {
            None => Answer::NoSuchAccount,
            Some(sel) => transactions(vault, summary, &sel, q, today)?,
        },
        SpendingHistory => match select(accounts, q.slots, |a| a.kind != AccountKind::Loan) {
            None => Answer::NoSuchAccount,
            Some(sel) => {
                let all = accounts
                    .iter()
                    .filter(|a| a.kind != AccountKind::Loan)
                    .count();
                spending(vault, &sel, sel.len() == all, summary, q, today)?
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
                Some(sel) => Answer::Credit(field, sel.iter().map(|a| credit_line(a)).collect()),
            }
        }
        ReportFraud => Answer::Fraud(alerts::open(vault)?),
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

/// Keeps the `MAX_LISTED` most recent lines (ties: the first seen).
fn keep_recent(lines: &mut Vec<TxnLine>, at: Timestamp, line: impl FnOnce() -> TxnLine) {
    if lines.len() < MAX_LISTED {
        lines.push(line());
        return;
    }
    let oldest = lines
        .iter()
        .enumerate()
        .min_by_key(|(i, l)| (l.at, std::cmp::Reverse(*i)))
        .map(|(i, l)| (i, l.at));
    if let Some((i, oldest_at)) = oldest {
        if at > oldest_at {
            lines.remove(i);
            lines.push(line());
        }
    }
}

fn transactions(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    let filtered = q.slots.merchant.is_some()
        || q.slots.category.is_some()
        || q.slots.min_amount_minor.is_some()
        || q.slots.max_amount_minor.is_some();
    let period = q.slots.period.clone().unwrap_or(Period {
        start: today.add_days(if filtered { -90 } else { -30 }),
        end: today.add_days(1),
        label: if filtered {
            "the last 90 days".into()
        } else {
            "the last 30 days".into()
        },
    });
    let (from, until) = period_bounds(&period, q.offset);
    let currency = main_currency(sel);
    let mut all: Vec<TxnLine> = Vec::with_capacity(MAX_LISTED);
    let mut total = 0i64;
    let mut count = 0usize;
    let wanted = q.slots.merchant.as_deref().map(str::to_lowercase);
    for a in sel {
        let filter = TxnFilter {
            account: Some(a.id.clone()),
            from: Some(from),
            until: Some(until),
        };
        summary.visit(vault, &filter, wanted.as_deref(), |t| {
            let magnitude = t.amount.abs();
            let keep = q.slots.category.is_none_or(|c| t.category == Some(c))
                && q.slots.min_amount_minor.is_none_or(|m| magnitude >= m)
                && q.slots.max_amount_minor.is_none_or(|m| magnitude <= m);
            if keep {
                if t.currency == currency {
                    total += t.amount;
                }
                count += 1;
                keep_recent(&mut all, t.transacted_at, || TxnLine {
                    at: t.transacted_at,
                    merchant: t.merchant.unwrap_or(t.description).to_string(),
                    amount: t.amount,
                    currency: t.currency,
                    pending: t.status == TxnStatus::Pending,
                });
            }
        })?;
    }
    all.sort_by_key(|l| std::cmp::Reverse(l.at));
    Ok(Answer::Transactions {
        period: Some(period.label),
        lines: all,
        count,
        total,
        currency,
    })
}

fn spending(
    vault: &Vault,
    sel: &[&Account],
    all_selected: bool,
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<Answer> {
    let period = q.slots.period.clone().unwrap_or_else(|| this_month(today));
    let (from, until) = period_bounds(&period, q.offset);
    let currency = main_currency(sel);
    let whole_months = whole_months(&period);
    let from_totals = match (whole_months, &q.slots.merchant) {
        // Whole months over every account without a merchant search: the month totals.
        (Some((first, n)), None) if all_selected => {
            summary.months_spending(first, n, currency, q.slots.category)
        }
        _ => None,
    };
    let (total, count) = match from_totals {
        Some(t) => (t.total, t.count),
        None => {
            let wanted = q.slots.merchant.as_deref().map(str::to_lowercase);
            let (mut total, mut count) = (0i64, 0usize);
            for a in sel {
                let filter = TxnFilter {
                    account: Some(a.id.clone()),
                    from: Some(from),
                    until: Some(until),
                };
                summary.visit(vault, &filter, wanted.as_deref(), |t| {
                    let keep = t.currency == currency
                        && q.slots.category.is_none_or(|c| t.category == Some(c));
                    if let (true, Some(spent)) = (keep, spend_of(t)) {
                        total += spent;
                        count += 1;
                    }
                })?;
            }
            (total, count)
        }
    };
    let typical = if all_selected && period.start.day == 1 {
        summary.typical_month(
            period.start.month_index(),
            currency,
            q.slots.category,
            q.slots.merchant.as_deref(),
        )
    } else {
        None
    };
    let merchant_known = q
        .slots
        .merchant
        .as_deref()
        .is_some_and(|m| summary.merchants.iter().any(|k| k.eq_ignore_ascii_case(m)));
    Ok(Answer::Spending {
        period: period.label,
        category: q.slots.category,
        merchant: q.slots.merchant.clone(),
        merchant_known,
        total,
        count,
        typical,
        currency,
    })
}

/// `(first month index, number of months)` when a period is exactly whole calendar months.
fn whole_months(p: &Period) -> Option<(i64, i64)> {
    let n = p.end.month_index() - p.start.month_index();
    (p.start.day == 1 && p.end.day == 1 && n > 0).then(|| (p.start.month_index(), n))
}
