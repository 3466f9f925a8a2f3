//! The habits ("when did I first go", "when do I pay", "how often") and the spending totals,
//! which read whole months from the digest's payees, equal a direct scan of every transaction:
//! on the sandbox and on a longer generated vault with refunds and merchant names in two
//! spellings, in three UTC offsets (one the stored digest is not grouped in, so rebuilt in
//! memory), over all the data and over periods that start and end mid-month. And a question
//! over the whole history reads no old block but the first charge's month.

use super::*;
use crate::assistant::answer::spend_total;
use crate::assistant::cache::TxnView;
use crate::assistant::shape::Shape;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::ingest::ingest;
use crate::intent::Intent;
use crate::model::{AccountKind, Category, TxnId, TxnStatus};
use crate::reconcile::ReconcilePolicy;
use crate::sources::sandbox::{SandboxBank, SandboxData};
use crate::time::Timestamp;
use crate::vault::{OpenOptions, TxnFilter, Vault};
use std::collections::BTreeMap;

/// A transaction as the scan keeps it.
struct Owned {
    account: String,
    amount: i64,
    currency: Currency,
    status: TxnStatus,
    at: Timestamp,
    category: Option<Category>,
    merchant: Option<String>,
    description: String,
    mcc: Option<u16>,
}

impl Owned {
    fn view(&self) -> TxnView<'_> {
        TxnView {
            amount: self.amount,
            currency: self.currency,
            status: self.status,
            transacted_at: self.at,
            category: self.category,
            merchant: self.merchant.as_deref(),
            description: &self.description,
            mcc: self.mcc,
            kinds: None,
        }
    }
}

/// The sandbox year, and 30 generated months with a refund after some charges and some
/// merchants also written in capitals.
fn vaults() -> Vec<(tempfile::TempDir, Vault, SandboxData)> {
    let mut out = vec![crate::assistant::tests::sandbox_vault()];
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([6; 32]));
    let mut v = Vault::create(&dir.path().join("g.db"), &w, OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(29, Date::new(2023, 3, 1).unwrap(), 30);
    let mut batch = data.batch();
    let mut extra = Vec::new();
    for (i, t) in batch.transactions.iter().enumerate() {
        if t.amount >= 0 || t.merchant.is_none() {
            continue;
        }
        if i % 7 == 0 {
            let mut c = t.clone();
            c.id = TxnId::scoped(&t.account, &format!("caps{i}"));
            c.merchant = c.merchant.map(|m| m.to_uppercase());
            extra.push(c);
        }
        if i % 11 == 0 {
            let mut r = t.clone();
            r.id = TxnId::scoped(&t.account, &format!("refund{i}"));
            r.amount = -t.amount / 2;
            r.transacted_at += 2 * 86_400;
            extra.push(r);
        }
    }
    batch.transactions.extend(extra);
    ingest(&mut v, &batch, data.end, &ReconcilePolicy::default()).unwrap();
    out.push((dir, v, data));
    out
}

fn scan(v: &Vault) -> Vec<Owned> {
    let mut all = Vec::new();
    v.visit_transactions(&TxnFilter::default(), |t| {
        all.push(Owned {
            account: t.account.to_string(),
            amount: t.amount,
            currency: t.currency,
            status: t.status,
            at: t.transacted_at,
            category: t.category,
            merchant: t.merchant.map(str::to_string),
            description: t.description.to_string(),
            mcc: t.mcc,
        })
    })
    .unwrap();
    all
}

/// The periods asked over: all the data, and spans that start and end mid-month, or on
/// month boundaries, in the past.
fn periods(today: Date) -> Vec<Option<Period>> {
    let p = |start: Date, end: Date| {
        Some(Period {
            start,
            end,
            label: "then".into(),
        })
    };
    let month = today.add_months_first(0);
    vec![
        None,
        p(today.add_days(-99), today.add_days(1)),
        p(today.add_days(-400), today.add_days(-20)),
        p(month.add_months_first(-7), month.add_months_first(-1)),
        p(month.add_months_first(-5).add_days(9), month.add_months_first(-4).add_days(3)),
    ]
}

/// What the scan says the habit is: count, total, first charge, usual day, payee.
type Expected = (usize, i64, Option<(Date, i64)>, Option<(u32, usize)>, Option<String>);

fn expected(charges: &mut Vec<(Timestamp, i64, String)>, ask: Ask, slots: &Slots, offset: i32) -> Expected {
    if ask == Ask::UsualDay && slots.merchant.is_none() {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in charges.iter().filter(|c| !c.2.is_empty()) {
            *counts.entry(c.2.as_str()).or_default() += 1;
        }
        let top = counts
            .iter()
            .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
            .map(|(name, _)| name.to_string());
        if let Some(top) = top {
            charges.retain(|c| c.2 == top);
        }
    }
    charges.sort();
    let mut days = [0usize; 31];
    for c in charges.iter() {
        days[local_date(c.0, offset).day as usize - 1] += 1;
    }
    let first = charges.first();
    (
        charges.len(),
        charges.iter().map(|c| c.1).sum(),
        first.map(|c| (local_date(c.0, offset), c.1)),
        usual_day(&days),
        first.map(|c| c.2.clone()),
    )
}

#[test]
fn habits_and_totals_equal_a_scan() {
    let mut checked = 0;
    for (_d, v, data) in vaults() {
        let all = scan(&v);
        let accounts = v.accounts().unwrap();
        let sel: Vec<&crate::model::Account> = accounts
            .iter()
            .filter(|a| a.kind != AccountKind::Loan)
            .collect();
        let currency = main_currency(&sel);
        let head = v.digest_head().unwrap().unwrap();
        let merchants: Vec<String> = head.merchants.keys().cloned().collect();
        let mut subjects: Vec<(Option<String>, Option<Category>)> =
            merchants.iter().map(|m| (Some(m.clone()), None)).collect();
        subjects.extend(Category::ALL.iter().map(|c| (None, Some(*c))));
        // A merchant and a category together.
        subjects.push((merchants.first().cloned(), Some(Category::Dining)));
        for offset in [0, -300, 330] {
            let mut summary = Summary::default();
            summary.refresh(&v, offset).unwrap();
            let today = local_date(data.end, offset);
            for (period, (merchant, category)) in periods(today)
                .into_iter()
                .flat_map(|p| subjects.iter().map(move |s| (p.clone(), s)))
            {
                let slots = Slots {
                    merchant: merchant.clone(),
                    merchant_known: merchant.is_some(),
                    category: *category,
                    period: period.clone(),
                    ..Slots::default()
                };
                let q = Query {
                    intent: Intent::SpendingHistory,
                    slots: &slots,
                    now: data.end,
                    offset,
                    shape: &Shape::Plain,
                };
                let p = period.clone().unwrap_or(all_time(today));
                let (from, until) = (p.start.start_ts(offset), p.end.start_ts(offset));
                let filter = Filter::of(&slots);
                let mine = all.iter().filter(|t| {
                    sel.iter().any(|a| a.id.0 == t.account)
                        && (from..until).contains(&t.at)
                        && t.currency == currency
                        && filter.keep(&t.view())
                });
                // Spending, refunds netted.
                let spent: Vec<i64> = mine.clone().filter_map(|t| spend_of(&t.view())).collect();
                let total = spend_total(&v, &sel, true, &summary, &q, &p).unwrap();
                assert_eq!(total, (spent.iter().sum(), spent.len()), "{offset} {p:?} {category:?}");
                let charges: Vec<(Timestamp, i64, String)> = mine
                    .filter_map(|t| {
                        let spent = spend_of(&t.view()).filter(|s| *s > 0)?;
                        Some((t.at, spent, t.merchant.clone().unwrap_or_default()))
                    })
                    .collect();
                for ask in [Ask::First, Ask::UsualDay, Ask::HowOften] {
                    let h = compute(&v, &sel, &summary, &q, today, ask).unwrap();
                    let (count, total, first, day, payee) =
                        expected(&mut charges.clone(), ask, &slots, offset);
                    let what = format!("{ask:?} {offset} {p:?} {category:?}");
                    assert_eq!((h.count, h.total, h.first, h.day), (count, total, first, day), "{what}");
                    if merchant.is_some() || ask == Ask::UsualDay {
                        if let Some(payee) = payee.filter(|p| !p.is_empty()) {
                            assert_eq!(h.what.0, payee, "{what}");
                        }
                    }
                    checked += usize::from(count > 0);
                }
            }
        }
    }
    // Not vacuous: most questions found charges.
    assert!(checked > 500, "{checked}");
}

/// "How often", "when did I first" and the total at a merchant over all the data read no old
/// block but the first charge's month: the digest's payees answer the rest.
#[test]
fn a_whole_history_question_reads_one_old_month() {
    let (_d, v, data) = vaults().pop().unwrap();
    let accounts = v.accounts().unwrap();
    let sel: Vec<&crate::model::Account> = accounts
        .iter()
        .filter(|a| a.kind != AccountKind::Loan)
        .collect();
    let mut summary = Summary::default();
    summary.refresh(&v, 0).unwrap();
    let today = local_date(data.end, 0);
    // The merchant with the most charges.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in scan(&v) {
        if let (Some(m), Some(1..)) = (&t.merchant, spend_of(&t.view())) {
            *counts.entry(m.clone()).or_default() += 1;
        }
    }
    let (name, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let slots = Slots {
        merchant: Some(name.clone()),
        merchant_known: true,
        ..Slots::default()
    };
    let q = Query {
        intent: Intent::SpendingHistory,
        slots: &slots,
        now: data.end,
        offset: 0,
        shape: &Shape::Plain,
    };
    let window_floor = v.newest_month().unwrap().unwrap() - 5;
    // Where the data starts is read once per refresh, by the first reply that asks.
    summary.earliest(&v).unwrap();
    for ask in [Ask::First, Ask::UsualDay, Ask::HowOften] {
        crate::vault::blocks::read_log::take();
        let h = compute(&v, &sel, &summary, &q, today, ask).unwrap();
        assert!(h.count > 20, "a payee of every month");
        let mut old = crate::vault::blocks::read_log::take();
        old.retain(|m| *m < window_floor);
        old.sort_unstable();
        old.dedup();
        assert!(old.len() <= 1, "{ask:?} read old months {old:?}");
    }
    crate::vault::blocks::read_log::take();
    let all = crate::assistant::answer::all_history(&q, &summary, today).unwrap();
    let q = all.query(&q);
    let period = q.slots.period.clone().unwrap();
    let (total, count) = spend_total(&v, &sel, true, &summary, &q, &period).unwrap();
    assert!(total > 0 && count > 20);
    let mut old = crate::vault::blocks::read_log::take();
    old.retain(|m| *m < window_floor);
    assert!(old.is_empty(), "the total read old months {old:?}");
}
