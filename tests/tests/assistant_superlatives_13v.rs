//! Superlatives and rankings inside a category, in conversations with the assistant on the
//! sandbox bank, every figure checked against a direct computation over the vault: the one
//! biggest or smallest purchase of a kind or category ("most expensive gas fill up ever"),
//! the merchants ranked inside a category ("which restaurant did i spend the least at in
//! october", "which store do i spend most on for groceries" keeping the conversation's
//! period), where the money goes by category over a stated period, visits, what a visit
//! costs, and money in and out.

use std::collections::BTreeMap;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{Account, AccountKind, Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::{OpenOptions, TxnFilter};

fn profile() -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([13; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level: DisclosureLevel::Full,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    p.ingest(&data.batch(), data.end).expect("ingest");
    (dir, p, data)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

/// The vault's transactions, read directly.
struct Bank {
    txns: Vec<Transaction>,
    accounts: Vec<Account>,
}

impl Bank {
    fn of(p: &Profile) -> Bank {
        Bank {
            txns: p
                .test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
                .expect("txns"),
            accounts: p.test_vault(|v| Ok(v.accounts()?)).expect("accounts"),
        }
    }

    /// The transactions of the local days `[from, until)`, loans left out, that `keep` keeps.
    fn within<'a>(
        &'a self,
        from: Date,
        until: Date,
        keep: impl Fn(&Transaction) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Transaction> + 'a {
        self.txns.iter().filter(move |t| {
            let loan = self
                .accounts
                .iter()
                .any(|a| a.id == t.account && a.kind == AccountKind::Loan);
            t.transacted_at >= from.start_ts(0)
                && t.transacted_at < until.start_ts(0)
                && !loan
                && keep(t)
        })
    }
}

/// What a transaction spends: money out, refunds back, no income or transfers.
fn spent(t: &Transaction) -> Option<i64> {
    match t.category {
        Some(Category::Transfer | Category::Income) => None,
        _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
        _ => Some(-t.amount),
    }
}

/// Spending per merchant (as stored) or per category name, over the kept transactions.
fn per<'a>(txns: impl Iterator<Item = &'a Transaction>, by_merchant: bool) -> Vec<(String, i64)> {
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    for t in txns {
        let Some(s) = spent(t) else { continue };
        let key = if by_merchant {
            match &t.merchant {
                Some(m) => m.clone(),
                None => continue,
            }
        } else {
            t.category.map_or("other", |c| c.as_str()).to_string()
        };
        *sums.entry(key).or_default() += s;
    }
    let mut rows: Vec<(String, i64)> = sums.into_iter().filter(|(_, v)| *v > 0).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

fn month_word(d: Date) -> &'static str {
    const MONTHS: [&str; 12] = [
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
    MONTHS[d.month as usize - 1]
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> String {
    p.handle_message(text, now).expect("reply").local_text
}

fn is(c: Category) -> impl Fn(&Transaction) -> bool {
    move |t| t.category == Some(c)
}

/// "most expensive gas fill up ever": the one largest fuel purchase (merchant, amount, day),
/// never the fuel total; "cheapest dining in <month>": the one smallest dining purchase.
#[test]
fn the_one_purchase_inside_a_kind_or_category() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let fuel = |t: &Transaction| matches!(t.mcc, Some(5541 | 5542));
    let biggest = bank
        .within(Date::new(2000, 1, 1).unwrap(), today.add_days(1), fuel)
        .filter(|t| spent(t).is_some_and(|s| s > 0))
        .max_by_key(|t| (-t.amount, std::cmp::Reverse(t.transacted_at)))
        .expect("fuel bought");
    let total: i64 = bank
        .within(Date::new(2000, 1, 1).unwrap(), today.add_days(1), fuel)
        .filter_map(spent)
        .sum();
    let r = ask(&p, "most expensive gas fill up ever", data.end);
    assert!(r.contains("biggest purchase"), "{r}");
    assert!(r.contains(&usd(-biggest.amount)), "{r}");
    assert!(r.contains(biggest.merchant.as_deref().unwrap()), "{r}");
    assert!(!r.contains(&usd(total)), "the total: {r}");

    let month = today.add_months_first(-1);
    let dining = bank.within(month, today.first_of_month(), is(Category::Dining));
    let smallest = dining
        .filter(|t| spent(t).is_some_and(|s| s > 0))
        .min_by_key(|t| -t.amount)
        .expect("dining");
    let r = ask(
        &p,
        &format!("cheapest dining in {}", month_word(month)),
        data.end + 60,
    );
    assert!(r.contains("smallest purchase"), "{r}");
    assert!(r.contains(&usd(-smallest.amount)), "{r}");

    // "the biggest thing i bought in <month>": the one purchase, not the month listed.
    let biggest = bank
        .within(month, today.first_of_month(), |_| true)
        .filter(|t| spent(t).is_some_and(|s| s > 0))
        .map(|t| -t.amount)
        .max()
        .expect("purchases");
    let r = ask(
        &p,
        &format!("whats the biggest thing i bought in {}", month_word(month)),
        data.end + 120,
    );
    assert!(r.contains("biggest purchase"), "{r}");
    assert!(r.contains(&usd(biggest)), "{r}");
}

/// The merchants ranked inside a category: the least, the most, the top three, over the
/// period named or the one the conversation is about.
#[test]
fn merchants_ranked_inside_a_category() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let month = today.add_months_first(-1);
    let dining = per(
        bank.within(month, today.first_of_month(), is(Category::Dining)),
        true,
    );
    let (least, amount) = dining.last().expect("restaurants").clone();
    let r = ask(
        &p,
        &format!(
            "which restaurant did i spend the least at in {}",
            month_word(month)
        ),
        data.end,
    );
    assert!(
        r.contains(&least) && r.contains(&usd(amount)),
        "{least} {amount}: {r}"
    );
    assert!(dining.len() > 1, "a ranking, not one row");

    // The conversation is about the month before: the ranking keeps it.
    let before = month.add_months_first(-1);
    let r = ask(
        &p,
        &format!("how much did i spend in {}", month_word(before)),
        data.end + 60,
    );
    let all: i64 = bank.within(before, month, |_| true).filter_map(spent).sum();
    assert!(r.contains(&usd(all)), "{r}");
    let groceries = per(bank.within(before, month, is(Category::Groceries)), true);
    let r = ask(
        &p,
        "which store do i spend most on for groceries",
        data.end + 120,
    );
    let (top, amount) = groceries.first().expect("groceries").clone();
    assert!(
        r.contains(&top) && r.contains(&usd(amount)),
        "{top} {amount}: {r}"
    );
    let total: i64 = groceries.iter().map(|(_, v)| v).sum();
    assert!(
        groceries.len() == 1 || !r.contains(&usd(total)),
        "the total: {r}"
    );

    // "top 3 restaurants this year": three merchants, each with its spending.
    let year = Date::new(today.year, 1, 1).unwrap();
    let top3 = per(
        bank.within(year, today.add_days(1), is(Category::Dining)),
        true,
    );
    let r = ask(&p, "top 3 restaurants this year", data.end + 1_000);
    for (name, amount) in top3.iter().take(3) {
        assert!(r.contains(name) && r.contains(&usd(*amount)), "{name}: {r}");
    }
    // "what do i spend the most on in groceries": a grocer, over the last 30 days.
    let recent = per(
        bank.within(
            today.add_days(-29),
            today.add_days(1),
            is(Category::Groceries),
        ),
        true,
    );
    let r = ask(
        &p,
        "what do i spend the most on in groceries",
        data.end + 2_000,
    );
    let (top, amount) = recent.first().expect("groceries lately").clone();
    assert!(r.contains(&top) && r.contains(&usd(amount)), "{top}: {r}");
    assert!(r.contains("last 30 days"), "{r}");
}

/// "where does most of my money go": the categories over the last 30 days, said so;
/// "and what i spend most in <month>": that month's top category.
#[test]
fn where_the_money_goes_by_category() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let recent = per(
        bank.within(today.add_days(-29), today.add_days(1), |_| true),
        false,
    );
    let r = ask(&p, "where does most of my money go", data.end);
    assert!(r.contains("last 30 days"), "{r}");
    for (name, amount) in recent.iter().take(3) {
        assert!(
            r.contains(name.as_str()) && r.contains(&usd(*amount)),
            "{name}: {r}"
        );
    }
    let month = today.add_months_first(-1);
    let rows = per(bank.within(month, today.first_of_month(), |_| true), false);
    let r = ask(
        &p,
        &format!("and what i spend most in {}", month_word(month)),
        data.end + 60,
    );
    let (top, amount) = rows.first().expect("spending").clone();
    assert!(r.contains(&top) && r.contains(&usd(amount)), "{top}: {r}");
    let total: i64 = rows.iter().map(|(_, v)| v).sum();
    assert!(!r.contains(&usd(total)), "the month's total: {r}");
}

/// Visits and what a visit costs at restaurants over the last year, and a year's savings:
/// the figures the digest gives are the vault's.
#[test]
fn visits_per_visit_and_savings() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let from = today.add_days(-364);
    let mut visits: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for t in bank.within(from, today.add_days(1), is(Category::Dining)) {
        if let (Some(m), Some(s)) = (&t.merchant, spent(t).filter(|s| *s > 0)) {
            let e = visits.entry(m.clone()).or_default();
            *e = (e.0 + 1, e.1 + s);
        }
    }
    let most = visits
        .iter()
        .max_by_key(|(name, (n, _))| (*n, std::cmp::Reverse((*name).clone())))
        .expect("restaurants");
    let r = ask(&p, "which restaurant do i go to most often", data.end);
    assert!(
        r.contains(most.0.as_str()) && r.contains(&format!("{} visits", most.1 .0)),
        "{r}"
    );
    let year = Date::new(today.year, 1, 1).unwrap();
    let (mut money_in, mut money_out) = (0i64, 0i64);
    for t in bank.within(year, today.add_days(1), |t| {
        t.category != Some(Category::Transfer)
    }) {
        if t.amount > 0 && t.status == TxnStatus::Posted {
            money_in += t.amount;
        } else if t.amount < 0 {
            money_out -= t.amount;
        }
    }
    let r = ask(&p, "how much did i save this year", data.end + 60);
    assert!(
        r.contains(&usd(money_in)) && r.contains(&usd(money_out)),
        "{r}"
    );
}
