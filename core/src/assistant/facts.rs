//! Questions about one payee or the bills ahead that a period's total answered wrongly
//! (found by a QA pass on new messages): what a recurring charge costs ([`super::price`]),
//! the last time of something and which account it was on ([`super::last_seen`]), and the
//! bills coming up ([`super::upcoming`]), days and months ([`super::month_facts`]: no-spend
//! days, what is usually left, spending by month), the accounts and interest charged
//! ([`super::account_facts`]). This module reads which one the words ask and
//! dispatches, so that the shared files (everyday, render) carry one line per hook.

use super::answer::{main_currency, Answer, Query};
use super::cache::Summary;
use super::payee_history::Reader;
use super::render::Style;
use super::render_more::Texts;
use crate::intent::Slots;
use crate::model::Account;
use crate::time::Date;
use crate::vault::{Result, Vault};

/// Which question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// [`super::price`].
    Price(super::price::Ask),
    /// [`super::last_seen`].
    Last(super::last_seen::Ask),
    /// [`super::upcoming`].
    Upcoming,
    /// [`super::month_facts`].
    Month(super::month_facts::Ask),
    /// The accounts linked ([`super::account_facts`]).
    Accounts,
    /// Interest charged ([`super::account_facts`]).
    Interest,
}

/// The answer.
#[derive(Clone, PartialEq)]
pub enum Fact {
    /// [`super::price`].
    Price(super::price::Price),
    /// [`super::last_seen`].
    Last(super::last_seen::Last),
    /// [`super::upcoming`], and the day it was computed on.
    Upcoming(super::upcoming::Upcoming, Date),
    /// [`super::month_facts`].
    Month(super::month_facts::MonthFact),
    /// [`super::account_facts`].
    Accounts(super::account_facts::Accounts),
    /// [`super::account_facts`].
    Interest(super::account_facts::Interest),
}

impl std::fmt::Debug for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fact::Price(p) => p.fmt(f),
            Fact::Last(l) => l.fmt(f),
            Fact::Upcoming(u, _) => u.fmt(f),
            Fact::Month(m) => m.fmt(f),
            Fact::Accounts(a) => a.fmt(f),
            Fact::Interest(i) => i.fmt(f),
        }
    }
}

/// Which question the lower-cased words ask, if any.
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    if super::account_facts::asks_accounts(w) {
        return Some(Ask::Accounts);
    }
    if super::account_facts::asks_interest(w) {
        return Some(Ask::Interest);
    }
    if let Some(m) = super::month_facts::ask_of(w) {
        return Some(Ask::Month(m));
    }
    if super::upcoming::asks(w) {
        return Some(Ask::Upcoming);
    }
    if let Some(a) = super::last_seen::ask_of(w) {
        return Some(Ask::Last(a));
    }
    super::price::ask_of(w).map(Ask::Price)
}

/// Whether the question names what it needs: a payee, kind or category for a price or a last
/// charge (without one, "how much is it a month" is another question).
pub(super) fn applies(ask: Ask, slots: &Slots) -> bool {
    match ask {
        Ask::Upcoming | Ask::Month(_) | Ask::Accounts | Ask::Interest => true,
        Ask::Price(super::price::Ask::Yearly) => {
            super::habits::applies(slots) || slots.exclude_merchant.is_some()
        }
        Ask::Price(_) | Ask::Last(_) => super::habits::applies(slots),
    }
}

/// The slots a question reads: "what would i save a year without hulu" asks about Hulu, not
/// everything but Hulu; a period not understood ("my last haircut") is no period.
pub(super) fn slots_read(ask: Ask, slots: &Slots) -> Slots {
    let mut s = slots.clone();
    if s.period_unclear {
        s.period = None;
        s.period_unclear = false;
    }
    let without = ask == Ask::Price(super::price::Ask::Yearly) && s.merchant.is_none();
    if let (true, Some(m)) = (without, s.exclude_merchant.take()) {
        s.merchant = Some(m);
        s.merchant_known = s.exclude_merchant_known;
        s.exclude_merchant_known = false;
    }
    s
}

/// Computes the answer.
#[allow(clippy::too_many_arguments)]
pub(super) fn compute(
    vault: &Vault,
    summary: &Summary,
    accounts: &[Account],
    sel: &[&Account],
    all: bool,
    q: &Query<'_>,
    today: Date,
    ask: Ask,
) -> Result<Answer> {
    let currency = main_currency(sel);
    let reader = Reader {
        vault,
        summary,
        sel,
        all,
        currency,
        offset: q.offset,
    };
    let fact = match ask {
        Ask::Upcoming => {
            let bills = super::subscriptions::bills(vault, sel, summary, q.offset, today)?;
            let until = q.slots.period.as_ref().map(|p| p.end.add_days(-1)).filter(|d| *d > today);
            Fact::Upcoming(super::upcoming::compute(bills, sel, today, until, currency), today)
        }
        Ask::Price(super::price::Ask::Price)
            if q.slots.merchant.is_none() && !q.slots.kinds.is_empty() && q.slots.period.is_none() =>
        {
            // "how much do i pay for streaming each month": several payees' prices, each
            // its own; their recurring charges of that kind and the sum, not one blended
            // average of every charge.
            let mut r = super::subscriptions::compute(vault, sel, summary, q, today)?;
            r.rows.retain(|row| {
                super::kinds::classify(None, Some(&row.merchant), &row.merchant).intersects(q.slots.kinds)
            });
            if r.rows.len() >= 2 {
                r.total = r.rows.iter().map(|row| row.amount).sum();
                return Ok(Answer::Everyday(super::everyday::Everyday::Subscriptions(r)));
            }
            let h = reader.read(q.slots, None, today)?;
            Fact::Price(super::price::compute(&h, q.slots, super::price::Ask::Price, today, currency))
        }
        Ask::Month(m) => Fact::Month(super::month_facts::compute(vault, summary, sel, all, q, today, m)?),
        Ask::Accounts => Fact::Accounts(super::account_facts::accounts(accounts)),
        Ask::Interest => Fact::Interest(super::account_facts::interest(vault, summary, sel, q.offset, today)?),
        Ask::Price(a) => {
            let h = reader.read(q.slots, q.slots.period.as_ref(), today)?;
            Fact::Price(super::price::compute(&h, q.slots, a, today, currency))
        }
        Ask::Last(a) => {
            let h = reader.read(q.slots, q.slots.period.as_ref(), today)?;
            Fact::Last(super::last_seen::compute(vault, summary, sel, &h, q.slots, q.offset, a)?)
        }
    };
    Ok(Answer::Everyday(super::everyday::Everyday::Fact(fact)))
}

/// Both texts.
pub(super) fn texts(f: &Fact, s: &Style) -> Texts {
    match f {
        Fact::Price(p) => super::price::texts(p, s),
        Fact::Last(l) => super::last_seen::texts(l, s),
        Fact::Upcoming(u, today) => super::upcoming::texts(u, s, *today),
        Fact::Month(m) => super::month_facts::texts(m, s),
        Fact::Accounts(a) => super::account_facts::accounts_texts(a, s),
        Fact::Interest(i) => super::account_facts::interest_texts(i, s),
    }
}

/// Answers covering each text (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(field: &mut dyn FnMut(&str) -> String, amount: &dyn Fn(usize) -> i64) -> Vec<Fact> {
    let today = Date::new(2025, 11, 15).expect("a sample day");
    let mut v: Vec<Fact> = super::price::samples(field, amount).into_iter().map(Fact::Price).collect();
    v.extend(super::last_seen::samples(field, amount).into_iter().map(Fact::Last));
    v.extend(
        super::upcoming::samples(field, amount)
            .into_iter()
            .map(|u| Fact::Upcoming(u, today)),
    );
    v.extend(super::month_facts::samples(field, amount).into_iter().map(Fact::Month));
    let (accounts, interest) = super::account_facts::samples(amount);
    v.extend(accounts.into_iter().map(Fact::Accounts));
    v.extend(interest.into_iter().map(Fact::Interest));
    v
}
