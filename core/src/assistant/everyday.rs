//! Everyday questions that a total or a list answers wrongly: "what subscriptions do I have"
//! ([`super::subscriptions`]), "any refunds this month" ([`super::refunds`]: credits from
//! merchants, not income), "how much did I save last month" ([`super::saved`]: money in minus
//! money out) and "when's my next paycheck" ([`super::next_pay`]: an estimate from the pay
//! already received).
//!
//! The words decide ([`ask_of`], read into the question's [`super::shape::Shape`]), whatever
//! the intent model guessed (it hears most of these as out of scope): each kind's own module
//! says which words ask it, computes its answer from the vault and renders it at each
//! disclosure level. This module only dispatches, so that the shared files (shape, routing,
//! answer, render) each carry one line per hook.

use super::answer::{select, Answer, Query};
use super::cache::Summary;
use super::render::Style;
use super::render_more::Texts;
use super::shape::Shape;
use crate::intent::Slots;
use crate::model::{Account, AccountKind};
use crate::time::Date;
use crate::vault::{Result, Vault};
use std::fmt;

/// Which everyday question was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// The merchants charging on a regular schedule.
    Subscriptions,
    /// Credits from merchants.
    Refunds,
    /// Money in minus money out over a period.
    Saved,
    /// When the next pay would come.
    NextPay,
    /// Whether a card was paid ([`super::card_paid`]).
    CardPaid,
    /// How much was paid to a card over a period ([`super::card_paid::asks_total`]).
    CardPaidTotal,
    /// Whether and when a payee's price changed.
    PriceChange,
    /// When and how often a payee is paid ([`super::habits`]).
    Habit(super::habits::Ask),
    /// A payee's price, its last charge, the bills ahead ([`super::facts`]).
    Fact(super::facts::Ask),
}

/// The answer to an everyday question (its figures; rendering is the kind's module's).
#[derive(Clone, PartialEq)]
pub enum Everyday {
    /// [`super::subscriptions`].
    Subscriptions(super::subscriptions::Recurring),
    /// [`super::refunds`].
    Refunds(super::refunds::Refunds),
    /// [`super::saved`].
    Saved(super::saved::Saved),
    /// [`super::next_pay`].
    NextPay(super::next_pay::NextPay),
    /// [`super::card_paid`].
    CardPaid(super::card_paid::CardPaid),
    /// [`super::price_change`].
    PriceChange(super::price_change::PriceChange),
    /// [`super::habits`].
    Habit(super::habits::Habit),
    /// [`super::facts`].
    Fact(super::facts::Fact),
}

impl fmt::Debug for Everyday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Figures and merchant names stay out of logs.
        let kind = match self {
            Everyday::Subscriptions(_) => "Subscriptions",
            Everyday::Refunds(_) => "Refunds",
            Everyday::Saved(_) => "Saved",
            Everyday::NextPay(_) => "NextPay",
            Everyday::CardPaid(_) => "CardPaid",
            Everyday::PriceChange(_) => "PriceChange",
            Everyday::Habit(_) => "Habit",
            Everyday::Fact(_) => "Fact",
        };
        f.debug_tuple("Everyday").field(&kind).finish()
    }
}

/// Which everyday question the lower-cased words ask, if any.
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    if super::card_paid::asks_total(w) {
        Some(Ask::CardPaidTotal)
    } else if super::card_paid::asks(w) {
        Some(Ask::CardPaid)
    } else if super::price_change::asks(w) {
        Some(Ask::PriceChange)
    } else if super::next_pay::asks(w) {
        Some(Ask::NextPay)
    } else if let Some(f) = super::facts::ask_of(w) {
        Some(Ask::Fact(f))
    } else if let Some(h) = super::habits::ask_of(w) {
        Some(Ask::Habit(h))
    } else if super::refunds::asks(w) {
        Some(Ask::Refunds)
    } else if super::saved::asks(w) {
        Some(Ask::Saved)
    } else if super::subscriptions::asks(w) {
        Some(Ask::Subscriptions)
    } else {
        None
    }
}

/// Names grouped in first-seen order: the index of each distinct name, through a map type the
/// library already holds (a map per value type would be compiled again).
#[derive(Default)]
pub(super) struct Groups {
    index: std::collections::BTreeMap<String, i64>,
    len: usize,
}

impl fmt::Debug for Groups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Groups").field("len", &self.len).finish()
    }
}

impl Groups {
    /// The index of `name`, and whether it is new (the caller then pushes its group).
    pub(super) fn of(&mut self, name: &str) -> (usize, bool) {
        if let Some(i) = self.index.get(name).and_then(|i| usize::try_from(*i).ok()) {
            return (i, false);
        }
        let i = self.len;
        self.index
            .insert(name.to_string(), i64::try_from(i).unwrap_or(i64::MAX));
        self.len += 1;
        (i, true)
    }
}

/// Whether the question names what its kind needs (a payee for a habit or a price): without
/// it the words ask something else ("how often do i check my balance").
pub(super) fn applies(ask: Ask, slots: &Slots) -> bool {
    match ask {
        Ask::Habit(_) => super::habits::applies(slots),
        Ask::Fact(f) => super::facts::applies(f, slots),
        _ => true,
    }
}

/// Whether a message that asks an everyday question of its own is a new question rather than
/// a follow-up: it is unless the previous turn asked the same kind ("any refunds this month"
/// after "refunds from amazon" keeps Amazon; "when's payday" after a question about the
/// savings account does not keep that account).
pub(super) fn new_question(prev: &Shape, own: &Shape) -> bool {
    matches!(own, Shape::Everyday(_)) && prev != own
}

/// The shape a follow-up to an everyday question takes: the same question when the follow-up
/// changes only what that question reads ("and last month?" after savings, "just netflix"
/// after subscriptions); a plain spending question when it names what the question does not
/// read ("and groceries?" after savings asks what groceries cost, not the same net again).
pub(super) fn follow_up(merged: Shape, own: &Slots, own_shape: &Shape) -> Shape {
    let Shape::Everyday(ask) = merged else {
        return merged;
    };
    // "and hulu?", "what about dining" after "how often do i go to starbucks": the same
    // question of what it names.
    if *own_shape != Shape::Plain || matches!(ask, Ask::Habit(_)) {
        return merged;
    }
    let reads_merchant = matches!(ask, Ask::Subscriptions | Ask::Refunds);
    let unread = own.category.is_some()
        || !own.exclude_categories.is_empty()
        || !own.exclude_kinds.is_empty()
        || own.exclude_merchant.is_some()
        || (own.merchant.is_some() && !reads_merchant)
        // A price change reads all the data: "what was it in july" after it asks that month.
        || (matches!(ask, Ask::NextPay | Ask::PriceChange) && (own.period.is_some() || own.period_unclear));
    if unread {
        Shape::Plain
    } else {
        merged
    }
}

/// Computes the answer. A period not understood gets the clarifying question and a period not
/// begun says so (the next pay names no period: its "next" is the question itself).
pub(super) fn compute(
    vault: &Vault,
    accounts: &[Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
    ask: Ask,
) -> Result<Answer> {
    if !matches!(ask, Ask::NextPay | Ask::PriceChange | Ask::Fact(_)) {
        // "when did i first go to X this year" reads that period; never a default one.
        if q.slots.period_unclear {
            return Ok(Answer::Clarify);
        }
        if let Some(p) = super::not_yet::future_period(q, today) {
            return Ok(Answer::NotYet {
                period: p.label.clone(),
            });
        }
    }
    let Some(sel) = select(accounts, q.slots, |a| a.kind != AccountKind::Loan) else {
        return Ok(Answer::NoSuchAccount);
    };
    let found = match ask {
        Ask::Subscriptions => Everyday::Subscriptions(super::subscriptions::compute(
            vault, &sel, summary, q, today,
        )?),
        Ask::Refunds => {
            Everyday::Refunds(super::refunds::compute(vault, &sel, summary, q, today)?)
        }
        Ask::Saved => match super::saved::compute(vault, &sel, summary, q)? {
            Some(s) => Everyday::Saved(s),
            // "how much have I saved": over which dates? Never a default.
            None => return Ok(Answer::Clarify),
        },
        Ask::NextPay => {
            Everyday::NextPay(super::next_pay::compute(vault, &sel, summary, q, today)?)
        }
        Ask::CardPaid | Ask::CardPaidTotal => {
            let total = ask == Ask::CardPaidTotal;
            Everyday::CardPaid(super::card_paid::compute(vault, &sel, summary, q, today, total)?)
        }
        Ask::PriceChange => match super::price_change::compute(vault, &sel, summary, q, today)? {
            Some(p) => Everyday::PriceChange(p),
            // "did it go up?" naming nothing: which merchant? Never a guess.
            None => return Ok(Answer::Clarify),
        },
        Ask::Habit(h) => {
            Everyday::Habit(super::habits::compute(vault, &sel, summary, q, today, h)?)
        }
        Ask::Fact(f) => {
            let all = accounts.iter().filter(|a| a.kind != AccountKind::Loan).count() == sel.len();
            let slots = super::facts::slots_read(f, q.slots);
            let q = Query { slots: &slots, ..*q };
            return super::facts::compute(vault, summary, accounts, &sel, all, &q, today, f);
        }
    };
    Ok(Answer::Everyday(found))
}

/// Renders an everyday answer; `None` for the other answers.
pub(super) fn render(answer: &Answer, s: &Style) -> Option<Texts> {
    let Answer::Everyday(e) = answer else {
        return None;
    };
    Some(match e {
        Everyday::Subscriptions(r) => super::subscriptions::texts(r, s),
        Everyday::Refunds(r) => super::refunds::texts(r, s),
        Everyday::Saved(r) => super::saved::texts(r, s),
        Everyday::NextPay(r) => super::next_pay::texts(r, s),
        Everyday::CardPaid(r) => super::card_paid::texts(r, s),
        Everyday::PriceChange(r) => super::price_change::texts(r, s),
        Everyday::Habit(r) => super::habits::texts(r, s),
        Everyday::Fact(r) => super::facts::texts(r, s),
    })
}

/// The template an everyday answer renders with.
pub(super) fn kind(e: &Everyday) -> super::render::ReplyKind {
    use super::render::ReplyKind;
    match e {
        Everyday::Subscriptions(_) => ReplyKind::Subscriptions,
        Everyday::Refunds(_) => ReplyKind::Refunds,
        Everyday::Saved(_) => ReplyKind::Saved,
        Everyday::NextPay(_) => ReplyKind::NextPay,
        Everyday::CardPaid(_) => ReplyKind::CardPaid,
        Everyday::PriceChange(_) => ReplyKind::PriceChange,
        Everyday::Habit(_) => ReplyKind::Habit,
        Everyday::Fact(_) => ReplyKind::Fact,
    }
}

/// Answers of an everyday `kind` covering each of its texts, with `field` filling names and
/// period labels and `amount` the figures (for the egress property tests).
#[cfg(test)]
pub(super) fn samples(
    kind: super::render::ReplyKind,
    field: &mut dyn FnMut(&str) -> String,
    amount: &dyn Fn(usize) -> i64,
) -> Vec<Answer> {
    use super::next_pay::{Cadence, NextPay, Steady};
    use super::render::ReplyKind;
    use crate::money::Currency;
    let day = |m: u32, d: u32| Date::new(2025, m, d).expect("a sample day");
    let usd = Currency::USD;
    let out = match kind {
        ReplyKind::Subscriptions => {
            let mut v = Vec::new();
            for (period, merchant, rows) in [
                (false, None, 2usize),
                (true, None, 3),
                (false, Some(true), 1),
                (true, Some(true), 1),
                (false, Some(false), 0),
                (false, Some(true), 0),
                (true, None, 0),
                (false, None, 0),
                (false, None, 1),
            ] {
                let rows: Vec<super::subscriptions::Row> = (0..rows)
                    .map(|i| super::subscriptions::Row {
                        merchant: field("SHOP"),
                        amount: amount(i).abs(),
                        last: day(11, 19),
                    })
                    .collect();
                v.push(Everyday::Subscriptions(super::subscriptions::Recurring {
                    period: period.then(|| field("in")),
                    total: rows.iter().map(|r| r.amount).sum(),
                    rows,
                    merchant: merchant.map(|k| (field("SHOP"), k)),
                    currency: usd,
                }));
            }
            v
        }
        ReplyKind::Refunds => {
            let mut v = Vec::new();
            for count in [0usize, 1, 3] {
                for merchant in [None, Some(true), Some(false)] {
                    v.push(Everyday::Refunds(super::refunds::Refunds {
                        period: field("in"),
                        merchant: merchant.map(|k| (field("SHOP"), k)),
                        total: amount(count).abs(),
                        count,
                        latest: (count > 0).then(|| (day(3, 2), amount(1).abs(), Some(field("SHOP")))),
                        currency: usd,
                        coverage: Date::new(2025, 3, 2),
                    }));
                }
            }
            v
        }
        ReplyKind::Saved => [(0, 1), (1, 0), (2, 2)]
            .into_iter()
            .map(|(i, o)| {
                Everyday::Saved(super::saved::Saved {
                    period: field("in"),
                    money_in: amount(i).abs(),
                    money_out: amount(o).abs(),
                    currency: usd,
                    coverage: Date::new(2025, 3, 2),
                })
            })
            .collect(),
        ReplyKind::NextPay => {
            let mut v = vec![Everyday::NextPay(NextPay {
                steady: None,
                currency: usd,
            })];
            for (every, payer, overdue) in [
                (Cadence::Monthly, true, false),
                (Cadence::Days(14), false, true),
                (Cadence::Days(7), true, true),
            ] {
                v.push(Everyday::NextPay(NextPay {
                    steady: Some(Steady {
                        payer: payer.then(|| field("SHOP")),
                        every,
                        last: (day(11, 27), amount(0).abs()),
                        next: day(12, 11),
                        overdue,
                        count: 4,
                    }),
                    currency: usd,
                }));
            }
            v
        }
        ReplyKind::CardPaid => {
            let latest = [Some((day(10, 15), amount(0).abs())), None];
            let totals = [None, Some(0usize), Some(1), Some(3)];
            let mut v = Vec::new();
            for (latest, count) in latest.into_iter().flat_map(|l| totals.map(|t| (l, t))) {
                v.push(Everyday::CardPaid(super::card_paid::CardPaid {
                    since: day(9, 27),
                    latest,
                    total: count.map(|count| super::card_paid::CardTotal {
                        sum: amount(count).abs(),
                        count,
                        period: field("in"),
                    }),
                    currency: usd,
                }));
            }
            v
        }
        ReplyKind::PriceChange => {
            let mut v = Vec::new();
            for (known, charges, change) in [
                (true, 7, Some((amount(0).abs(), amount(1).abs(), day(5, 19)))),
                (false, 3, Some((amount(1).abs(), amount(0).abs(), day(5, 19)))),
                (true, 12, None),
                (false, 0, None),
            ] {
                v.push(Everyday::PriceChange(super::price_change::PriceChange {
                    merchant: (field("SHOP"), known),
                    charges,
                    first: (charges > 0).then(|| day(1, 19)),
                    latest: amount(2).abs(),
                    change,
                    usual: (charges == 12).then(|| (amount(3).abs(), day(5, 19))),
                    currency: usd,
                }));
            }
            v
        }
        ReplyKind::Habit => super::habits::samples(field, amount)
            .into_iter()
            .map(Everyday::Habit)
            .collect(),
        ReplyKind::Fact => super::facts::samples(field, amount)
            .into_iter()
            .map(Everyday::Fact)
            .collect(),
        _ => Vec::new(),
    };
    out.into_iter().map(Answer::Everyday).collect()
}

#[cfg(test)]
mod tests {
    use super::super::shape::words;
    use super::*;

    fn ask(text: &str) -> Option<Ask> {
        ask_of(&words(text))
    }

    #[test]
    fn each_kind_is_read_from_its_words() {
        for (text, want) in [
            ("what subscriptions do I have", Ask::Subscriptions),
            ("list my recurring charges", Ask::Subscriptions),
            ("how much do I pay for subscriptions a month", Ask::Subscriptions),
            ("any refunds this month", Ask::Refunds),
            ("did I get a refund from amazon", Ask::Refunds),
            ("how much did i save last month", Ask::Saved),
            ("what did I save this year", Ask::Saved),
            ("when's my next paycheck", Ask::NextPay),
            ("when do I get paid", Ask::NextPay),
            ("when did netflix go up", Ask::PriceChange),
            ("has my rent gone up", Ask::PriceChange),
        ] {
            assert_eq!(ask(text), Some(want), "{text}");
        }
    }

    #[test]
    fn follow_ups_keep_the_question_only_for_what_it_reads() {
        use crate::model::Category;
        let today = Date::new(2026, 12, 5).unwrap();
        let month = Slots {
            period: Some(crate::intent::Period {
                start: today.add_months_first(-1),
                end: today.first_of_month(),
                label: "last month".into(),
            }),
            ..Slots::default()
        };
        let netflix = Slots {
            merchant: Some("Netflix".into()),
            merchant_known: true,
            ..Slots::default()
        };
        let groceries = Slots {
            category: Some(Category::Groceries),
            ..Slots::default()
        };
        let plain = Shape::Plain;
        let of = |a: Ask| Shape::Everyday(a);
        assert_eq!(follow_up(of(Ask::Saved), &month, &plain), of(Ask::Saved));
        assert_eq!(follow_up(of(Ask::Saved), &groceries, &plain), plain);
        assert_eq!(follow_up(of(Ask::Saved), &netflix, &plain), plain);
        assert_eq!(
            follow_up(of(Ask::Subscriptions), &netflix, &plain),
            of(Ask::Subscriptions)
        );
        assert_eq!(follow_up(of(Ask::Refunds), &groceries, &plain), plain);
        assert_eq!(follow_up(of(Ask::NextPay), &month, &plain), plain);
        assert_eq!(follow_up(of(Ask::PriceChange), &month, &plain), plain);
        // A follow-up with a shape of its own keeps it; other shapes are left alone.
        assert_eq!(
            follow_up(of(Ask::Saved), &groceries, &of(Ask::Refunds)),
            of(Ask::Saved)
        );
        assert_eq!(follow_up(Shape::Count, &groceries, &plain), Shape::Count);
    }

    #[test]
    fn an_everyday_question_of_another_kind_is_a_new_question() {
        let saved = Shape::Everyday(Ask::Saved);
        assert!(new_question(&Shape::Plain, &Shape::Everyday(Ask::NextPay)));
        assert!(new_question(&saved, &Shape::Everyday(Ask::Refunds)));
        assert!(!new_question(&saved, &saved));
        assert!(!new_question(&saved, &Shape::Plain));
    }

    #[test]
    fn other_questions_are_none_of_them() {
        for text in [
            "subscriptions last month",
            "how much did i spend on subscriptions last month",
            "spending other than subscriptions in august",
            "whats my biggest subscription",
            "what's in my savings account",
            "when was my last paycheck",
            "did i get paid yet",
            "how much did i spend last month",
            "cancel my netflix subscription",
        ] {
            assert_eq!(ask(text), None, "{text}");
        }
    }
}
