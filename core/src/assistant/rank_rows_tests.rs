//! The rankings by category, merchant, visits and spend per visit, and the money in and out
//! of "how much did I save", which read whole months (visits: every day) from the digest,
//! equal a direct scan of every transaction: on the sandbox and on 30 generated months with
//! refunds, merchant names in two spellings and charges without a merchant name, in three
//! UTC offsets (one the stored digest is not grouped in, so rebuilt in memory), over periods
//! that start and end mid-month or on month boundaries. And a year of visits or of savings
//! reads no old block.

use super::*;
use crate::assistant::cache::TxnView;
use crate::assistant::shape::Shape;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::ingest::ingest;
use crate::intent::{Intent, Slots};
use crate::model::{AccountKind, TxnId, TxnStatus};
use crate::reconcile::ReconcilePolicy;
use crate::sources::sandbox::{SandboxBank, SandboxData};
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{OpenOptions, TxnFilter};
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
            mcc: None,
            kinds: None,
        }
    }
}

/// The sandbox year, and 30 generated months with a refund after some charges, some
/// merchants also written in capitals and some dining charges without a merchant name.
pub(super) fn vaults() -> Vec<(tempfile::TempDir, Vault, SandboxData)> {
    let mut out = vec![crate::assistant::tests::sandbox_vault()];
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let mut v = Vault::create(&dir.path().join("r.db"), &w, OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(31, Date::new(2023, 5, 1).unwrap(), 30);
    let mut batch = data.batch();
    let mut extra = Vec::new();
    for (i, t) in batch.transactions.iter().enumerate() {
        if t.amount >= 0 || t.merchant.is_none() {
            continue;
        }
        let mut c = t.clone();
        c.id = TxnId::scoped(&t.account, &format!("extra{i}"));
        match i % 13 {
            0 => c.merchant = c.merchant.map(|m| m.to_uppercase()),
            5 => {
                c.amount = -t.amount / 2;
                c.transacted_at += 2 * 86_400;
            }
            9 => {
                c.merchant = None;
                c.category = Some(Category::Dining);
            }
            _ => continue,
        }
        extra.push(c);
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
        })
    })
    .unwrap();
    all
}

/// Spans that start and end mid-month or on month boundaries, a year, and one in the
/// future's direction (ending after today).
fn periods(today: Date) -> Vec<Period> {
    let p = |start: Date, end: Date| Period {
        start,
        end,
        label: "then".into(),
    };
    let month = today.add_months_first(0);
    vec![
        p(today.add_days(-364), today.add_days(1)),
        p(today.add_days(-99), today.add_days(1)),
        p(today.add_days(-400), today.add_days(-20)),
        p(month.add_months_first(-7), month.add_months_first(-1)),
        p(month.add_months_first(-5).add_days(9), month.add_months_first(-4).add_days(3)),
        p(month.add_months_first(-2).add_days(3), month.add_months_first(-2).add_days(4)),
        p(month.add_months_first(-12), month.add_months_first(1)),
    ]
}

/// What the scan ranks: per row, the spending, the charges' sum and their count.
fn expected(mine: &[&Owned], by: RankBy) -> Vec<(String, i64)> {
    let mut rows: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for t in mine {
        let Some(spent) = spend_of(&t.view()) else {
            continue;
        };
        let name = match by {
            RankBy::Category => t.category.map_or("other", |c| c.as_str()).to_string(),
            _ => match t.merchant.as_deref() {
                Some(m) if !m.is_empty() => m.to_lowercase(),
                _ => continue,
            },
        };
        let e = rows.entry(name).or_default();
        e.0 += spent;
        if spent > 0 {
            e.1 += spent;
            e.2 += 1;
        }
    }
    rows.into_iter()
        .map(|(k, (spent, charged, n))| {
            let v = match by {
                RankBy::Visits => n,
                RankBy::PerVisit => crate::assistant::average::per_purchase(charged, n as usize),
                _ => spent,
            };
            (k, v)
        })
        .collect()
}

#[test]
fn rankings_equal_a_scan() {
    let mut checked = 0;
    for (_d, v, data) in vaults() {
        let all = scan(&v);
        let accounts = v.accounts().unwrap();
        let sel: Vec<&Account> = accounts.iter().filter(|a| a.kind != AccountKind::Loan).collect();
        let currency = crate::assistant::answer::main_currency(&sel);
        let head = v.digest_head().unwrap().unwrap();
        let top = head.merchants.iter().max_by_key(|m| *m.1).map(|m| m.0.clone());
        let subjects = [
            (None, None),
            (None, Some(Category::Dining)),
            (None, Some(Category::Groceries)),
            (top.clone(), None),
            (top, Some(Category::Dining)),
        ];
        for offset in [0, -300, 330] {
            let mut summary = Summary::default();
            summary.refresh(&v, offset).unwrap();
            let today = local_date(data.end, offset);
            for (p, (merchant, category)) in periods(today)
                .into_iter()
                .flat_map(|p| subjects.iter().map(move |s| (p.clone(), s)))
            {
                let slots = Slots {
                    merchant: merchant.clone(),
                    merchant_known: merchant.is_some(),
                    category: *category,
                    period: Some(p.clone()),
                    ..Slots::default()
                };
                let q = Query {
                    intent: Intent::SpendingHistory,
                    slots: &slots,
                    now: data.end,
                    offset,
                    shape: &Shape::Plain,
                };
                let (from, until) = (p.start.start_ts(offset), p.end.start_ts(offset));
                let filter = Filter::of(&slots);
                let mine: Vec<&Owned> = all
                    .iter()
                    .filter(|t| {
                        sel.iter().any(|a| a.id.0 == t.account)
                            && (from..until).contains(&t.at)
                            && t.currency == currency
                            && filter.keep(&t.view())
                    })
                    .collect();
                for by in [RankBy::Category, RankBy::Merchant, RankBy::Visits, RankBy::PerVisit] {
                    let want = expected(&mine, by);
                    // Through the digest (every account) and by visiting (one account named
                    // in the question would do the same: here, the same accounts).
                    for all_selected in [true, false] {
                        let r = Ranked {
                            vault: &v,
                            summary: &summary,
                            sel: &sel,
                            all_selected,
                            currency,
                        };
                        let mut got = rows(&r, &q, &p, by).unwrap();
                        got.retain(|(_, v)| *v != 0);
                        got.sort();
                        let mut want = want.clone();
                        want.retain(|(_, v)| *v != 0);
                        assert_eq!(got, want, "{by:?} {offset} {p:?} {merchant:?} {category:?}");
                    }
                    checked += usize::from(!want.is_empty());
                }
            }
        }
    }
    // Not vacuous: most rankings had rows.
    assert!(checked > 300, "{checked}");
}

/// Money in and out as "how much did I save" counts them, from the digest's whole months and
/// the days around them, equal the scan's.
#[test]
fn money_in_and_out_equal_a_scan() {
    let mut checked = 0;
    for (_d, v, data) in vaults() {
        let all = scan(&v);
        let accounts = v.accounts().unwrap();
        let sel: Vec<&Account> = accounts.iter().filter(|a| a.kind != AccountKind::Loan).collect();
        let currency = crate::assistant::answer::main_currency(&sel);
        for offset in [0, -300, 330] {
            let mut summary = Summary::default();
            summary.refresh(&v, offset).unwrap();
            let today = local_date(data.end, offset);
            for p in periods(today) {
                let slots = Slots {
                    period: Some(p.clone()),
                    ..Slots::default()
                };
                let q = Query {
                    intent: Intent::SpendingHistory,
                    slots: &slots,
                    now: data.end,
                    offset,
                    shape: &Shape::Plain,
                };
                let (from, until) = (p.start.start_ts(offset), p.end.start_ts(offset));
                let (mut money_in, mut money_out) = (0i64, 0i64);
                for t in all.iter().filter(|t| {
                    sel.iter().any(|a| a.id.0 == t.account)
                        && (from..until).contains(&t.at)
                        && t.currency == currency
                        && t.category != Some(Category::Transfer)
                }) {
                    if t.amount > 0 && t.status == TxnStatus::Posted {
                        money_in += t.amount;
                    } else if t.amount < 0 {
                        money_out -= t.amount;
                    }
                }
                let got = crate::assistant::saved::compute(&v, &sel, &summary, &q).unwrap().unwrap();
                assert_eq!((got.money_in, got.money_out), (money_in, money_out), "{offset} {p:?}");
                checked += usize::from(money_in > 0 && money_out > 0);
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

/// A year of visits at restaurants, and a year's savings, read no block older than the
/// recent window's but, for the savings, the year's first month (its days before the whole
/// months).
#[test]
fn a_year_of_visits_or_savings_reads_no_old_block() {
    let (_d, v, data) = vaults().pop().unwrap();
    let accounts = v.accounts().unwrap();
    let sel: Vec<&Account> = accounts.iter().filter(|a| a.kind != AccountKind::Loan).collect();
    let currency = crate::assistant::answer::main_currency(&sel);
    let mut summary = Summary::default();
    summary.refresh(&v, 0).unwrap();
    let today = local_date(data.end, 0);
    let year = periods(today).remove(0);
    let slots = Slots {
        category: Some(Category::Dining),
        period: Some(year.clone()),
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
    let old = || {
        let mut old = crate::vault::blocks::read_log::take();
        old.retain(|m| *m < window_floor);
        old.sort_unstable();
        old.dedup();
        old
    };
    old();
    let r = Ranked {
        vault: &v,
        summary: &summary,
        sel: &sel,
        all_selected: true,
        currency,
    };
    let visits = rows(&r, &q, &year, RankBy::Visits).unwrap();
    assert!(visits.iter().any(|(_, n)| *n > 20), "a restaurant of every month");
    assert_eq!(old(), Vec::<i64>::new());
    let saved = crate::assistant::saved::compute(&v, &sel, &summary, &q).unwrap().unwrap();
    assert!(saved.money_in > 0 && saved.money_out > 0);
    assert!(old().len() <= 2, "the savings read old months");
}
