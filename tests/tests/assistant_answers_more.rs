//! Conversations about subscriptions, refunds, savings and the next pay on the sandbox bank,
//! every figure checked against a direct computation over the vault's transactions. The
//! sandbox person has no refunds, no gym and a month-end pay: a few transactions are added to
//! the sandbox batch (a gym charging the same amount monthly, two Amazon refunds, a second,
//! biweekly pay) so that each rule has something to find.

use std::collections::BTreeMap;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{AccountKind, Category, Transaction, TxnId, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::{OpenOptions, TxnFilter};

const GYM: &str = "Iron Temple Gym";
const PAYER: &str = "Acme Robotics";

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

fn settings(level: DisclosureLevel) -> Settings {
    Settings {
        level,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    }
}

/// A copy of `like` at `day` noon, with its own id.
fn txn(
    like: &Transaction,
    id: &str,
    day: Date,
    amount: i64,
    merchant: &str,
    c: Category,
) -> Transaction {
    let mut t = like.clone();
    t.id = TxnId::scoped(&like.account, id);
    t.amount = amount;
    t.status = TxnStatus::Posted;
    t.transacted_at = day.start_ts(0) + 12 * 3600;
    t.posted_at = Some(t.transacted_at);
    t.description = merchant.to_uppercase();
    t.merchant = Some(merchant.to_string());
    t.category = Some(c);
    t.pending_link = None;
    t
}

/// The sandbox bank with the added transactions; `biweekly` adds the second pay.
fn profile(level: DisclosureLevel, biweekly: bool) -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(settings(level)).expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    let today = local_date(data.end, 0);
    let mut batch = data.batch();
    let kind_of = |id: &tacit_core::model::AccountId| {
        batch.accounts.iter().find(|a| &a.id == id).map(|a| a.kind)
    };
    let card = batch
        .transactions
        .iter()
        .find(|t| kind_of(&t.account) == Some(AccountKind::CreditCard))
        .expect("a card transaction")
        .clone();
    let checking = batch
        .transactions
        .iter()
        .find(|t| kind_of(&t.account) == Some(AccountKind::Checking))
        .expect("a checking transaction")
        .clone();
    let mut extra = Vec::new();
    for (i, back) in [65, 35, 5].into_iter().enumerate() {
        let day = today.add_days(-back);
        extra.push(txn(
            &card,
            &format!("gym{i}"),
            day,
            -2_999,
            GYM,
            Category::Health,
        ));
    }
    let lm = today.add_months_first(-1);
    extra.push(txn(
        &card,
        "refund0",
        lm.add_days(3),
        2_500,
        "Amazon",
        Category::Shopping,
    ));
    extra.push(txn(
        &card,
        "refund1",
        lm.add_days(10),
        1_250,
        "Amazon",
        Category::Shopping,
    ));
    if biweekly {
        for (i, back) in [50, 36, 22, 8].into_iter().enumerate() {
            let day = today.add_days(-back);
            extra.push(txn(
                &checking,
                &format!("pay{i}"),
                day,
                600_000,
                PAYER,
                Category::Income,
            ));
        }
    }
    batch.transactions.extend(extra);
    p.ingest(&batch, data.end).expect("ingest");
    (dir, p, data)
}

fn txns(p: &Profile) -> Vec<Transaction> {
    let accounts = p.test_vault(|v| Ok(v.accounts()?)).expect("accounts");
    let loans: Vec<_> = accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Loan)
        .map(|a| a.id.clone())
        .collect();
    p.test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
        .expect("txns")
        .into_iter()
        .filter(|t| !loans.contains(&t.account))
        .collect()
}

fn day_of(t: &Transaction) -> Date {
    local_date(t.transacted_at, 0)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> tacit_core::assistant::Reply {
    p.handle_message(text, now).expect("reply")
}

/// "Nov 19" as replies write a day.
fn day_text(d: Date) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", M[d.month as usize - 1], d.day)
}

/// The recurring merchants by the documented rule, computed here from the transactions: each
/// with its latest amount.
fn recurring(all: &[Transaction], today: Date) -> BTreeMap<String, i64> {
    let start = today.first_of_month().add_months_first(-3);
    let mut by: BTreeMap<String, Vec<(Date, i64, Option<Category>)>> = BTreeMap::new();
    for t in all {
        let d = day_of(t);
        let (Some(m), true) = (&t.merchant, t.amount < 0 && d >= start && d <= today) else {
            continue;
        };
        if matches!(t.category, Some(Category::Transfer | Category::Income)) {
            continue;
        }
        by.entry(m.clone())
            .or_default()
            .push((d, -t.amount, t.category));
    }
    let mut out = BTreeMap::new();
    for (m, mut v) in by {
        v.sort_by_key(|x| x.0);
        let (last, latest, _) = *v.last().expect("one");
        if today.add_days(1).days() - last.days() > 45 {
            continue;
        }
        let sub = v.iter().any(|x| x.2 == Some(Category::Subscriptions));
        let bill = v
            .iter()
            .any(|x| matches!(x.2, Some(Category::Bills | Category::Housing)));
        let monthly = v.len() >= 3
            && v.windows(2)
                .all(|p| (25..=35).contains(&(p[1].0.days() - p[0].0.days())))
            && v.iter().all(|x| (x.1 - latest).abs() * 100 <= latest * 5);
        if sub || (!bill && monthly) {
            out.insert(m, latest);
        }
    }
    out
}

#[test]
fn subscriptions_list_each_merchant_and_the_monthly_total() {
    let (_d, p, data) = profile(DisclosureLevel::Full, false);
    let today = local_date(data.end, 0);
    let all = txns(&p);
    let want = recurring(&all, today);
    assert!(
        want.contains_key(GYM),
        "the gym is monthly at the same amount"
    );
    assert!(want.len() >= 3, "{want:?}");
    let total: i64 = want.values().sum();
    for q in [
        "what subscriptions do I have",
        "list my recurring charges",
        "how much do I pay for subscriptions a month",
    ] {
        let r = ask(&p, q, data.end);
        assert_eq!(r.intent.as_str(), "spending_history", "{q}");
        assert!(
            r.local_text.starts_with(&format!(
                "You have {} recurring charges, {} a month in all:",
                want.len(),
                usd(total)
            )),
            "{q}: {}",
            r.local_text
        );
        for (m, amount) in &want {
            assert!(
                r.local_text.contains(&format!("{m} {}", usd(*amount))),
                "{q}: {m}: {}",
                r.local_text
            );
        }
        // Rent and varying bills are not subscriptions.
        assert!(!r.local_text.contains("Avalon"), "{}", r.local_text);
    }
}

#[test]
fn subscription_follow_ups_take_a_period_or_one_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full, false);
    let today = local_date(data.end, 0);
    let all = txns(&p);
    let want = recurring(&all, today);
    ask(&p, "what subscriptions do I have", data.end);
    // "just netflix": that merchant's usual amount.
    let netflix = *want.get("Netflix").expect("netflix is a subscription");
    let r = ask(&p, "just netflix", data.end + 20);
    assert!(
        r.local_text
            .starts_with(&format!("Netflix charges you {} a month", usd(netflix))),
        "{}",
        r.local_text
    );
    // "and last month?": what the recurring merchants charged in that month.
    ask(&p, "what subscriptions do I have", data.end + 40);
    // The schedule as it stood at the end of that month.
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let then = recurring(&all, tm.add_days(-1));
    let charged: i64 = all
        .iter()
        .filter(|t| {
            let d = day_of(t);
            t.amount < 0
                && d >= lm
                && d < tm
                && t.merchant.as_ref().is_some_and(|m| then.contains_key(m))
                && !matches!(t.category, Some(Category::Transfer | Category::Income))
        })
        .map(|t| -t.amount)
        .sum();
    let r = ask(&p, "and last month?", data.end + 60);
    assert!(
        r.local_text.starts_with(&format!(
            "Your recurring charges last month: {} in all",
            usd(charged)
        )),
        "{}",
        r.local_text
    );
}

#[test]
fn refunds_are_credits_from_merchants_not_income() {
    let (_d, p, data) = profile(DisclosureLevel::Full, false);
    let today = local_date(data.end, 0);
    let all = txns(&p);
    let refunds = |from: Date, until: Date, merchant: Option<&str>| -> (i64, usize) {
        let v: Vec<i64> = all
            .iter()
            .filter(|t| {
                let d = day_of(t);
                t.amount > 0
                    && t.status == TxnStatus::Posted
                    && !matches!(t.category, Some(Category::Income | Category::Transfer))
                    && d >= from
                    && d < until
                    && merchant.is_none_or(|m| t.merchant.as_deref() == Some(m))
            })
            .map(|t| t.amount)
            .collect();
        (v.iter().sum(), v.len())
    };
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let (total, n) = refunds(lm, tm, None);
    assert_eq!(n, 2);
    let r = ask(&p, "any refunds last month", data.end);
    assert!(
        r.local_text
            .starts_with(&format!("{n} refunds last month: {} in all", usd(total))),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains("income"), "{}", r.local_text);
    let (total, n) = refunds(today.add_days(-89), today.add_days(1), Some("Amazon"));
    let r = ask(&p, "did I get a refund from amazon", data.end);
    assert!(
        r.local_text.starts_with(&format!(
            "{n} refunds from Amazon in the last 90 days: {} in all",
            usd(total)
        )),
        "{}",
        r.local_text
    );
    // None this month: said so, no figure (a new conversation: right after the Amazon
    // question it would be read as "and this month?", Amazon's).
    let (_, none) = refunds(tm, today.add_days(1), None);
    if none == 0 {
        let r = ask(&p, "any refunds this month", data.end + 700);
        assert_eq!(r.local_text, "No refunds this month.");
    }
}

/// Money in minus money out by the documented rule: posted credits and every debit, transfers
/// neither way.
fn net(all: &[Transaction], from: Date, until: Date) -> (i64, i64) {
    let mut money = (0, 0);
    for t in all {
        let d = day_of(t);
        if d < from || d >= until || t.category == Some(Category::Transfer) {
            continue;
        }
        if t.amount > 0 && t.status == TxnStatus::Posted {
            money.0 += t.amount;
        } else if t.amount < 0 {
            money.1 -= t.amount;
        }
    }
    money
}

#[test]
fn savings_are_the_net_of_money_in_and_out() {
    let (_d, p, data) = profile(DisclosureLevel::Full, false);
    let today = local_date(data.end, 0);
    let all = txns(&p);
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let (i, o) = net(&all, lm, tm);
    assert!(i > o, "the sandbox person saves");
    let r = ask(&p, "how much did i save last month", data.end);
    // On the phone, the share of money in that was saved (the savings rate).
    let tenths = i128::from(i - o) * 1000 / i128::from(i);
    assert!(
        r.local_text.starts_with(&format!(
            "You saved {} ({}.{}% of what came in) last month, net: {} came in and {} went out.",
            usd(i - o),
            tenths / 10,
            tenths % 10,
            usd(i),
            usd(o)
        )),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains("count neither way"));
    // A follow-up naming a category asks what it cost, not the same net again.
    let groceries: i64 = all
        .iter()
        .filter(|t| {
            let d = day_of(t);
            d >= lm
                && d < tm
                && t.category == Some(Category::Groceries)
                && !(t.status == TxnStatus::Pending && t.amount > 0)
        })
        .map(|t| -t.amount)
        .sum();
    let r = ask(&p, "and groceries?", data.end + 10);
    assert!(
        r.local_text.contains(&usd(groceries)) && !r.local_text.contains("net"),
        "{}",
        r.local_text
    );
    ask(&p, "how much did i save last month", data.end + 15);
    // A follow-up changes the period.
    let aug = Date::new(today.year, 8, 1).expect("aug");
    let (i, o) = net(&all, aug, aug.add_months_first(1));
    let r = ask(&p, "and in august?", data.end + 20);
    assert!(
        r.local_text.contains(&usd(i)) && r.local_text.contains(&usd(o)),
        "{}",
        r.local_text
    );
    // This year.
    let jan = Date::new(today.year, 1, 1).expect("jan");
    let (i, o) = net(&all, jan, today.add_days(1));
    let r = ask(&p, "what did I save this year", data.end + 700);
    assert!(
        r.local_text.contains(&usd((i - o).abs())),
        "{}",
        r.local_text
    );
    // No period, or one not understood: which dates? Never a default.
    for q in [
        "how much have i saved",
        "how much did i save since my last paycheck",
    ] {
        let r = ask(&p, q, data.end + 1_400);
        assert!(
            r.local_text.starts_with("Which dates do you mean?"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains('$'));
    }
}

#[test]
fn the_next_pay_is_an_estimate_from_the_steady_pay() {
    // A month-end pay: the next on the next month's last day.
    let (_d, p, data) = profile(DisclosureLevel::Full, false);
    let today = local_date(data.end, 0);
    let all = txns(&p);
    let latest = all
        .iter()
        .filter(|t| t.category == Some(Category::Income) && t.amount > 100_000)
        .max_by_key(|t| t.transacted_at)
        .expect("a pay");
    let last = day_of(latest);
    let r = ask(&p, "when's my next paycheck", data.end);
    assert!(
        r.local_text.contains(&format!(
            "has come every month, most recently {} on {}",
            usd(latest.amount),
            day_text(last)
        )),
        "{}",
        r.local_text
    );
    let next_month = last.first_of_month().add_months_first(1);
    let end = tacit_core::time::days_in_month(next_month.year, next_month.month);
    let next = Date::new(next_month.year, next_month.month, end).expect("day");
    assert!(
        r.local_text.contains(&format!(
            "the next would be around {} if that holds",
            day_text(next)
        )) || next < today,
        "{}",
        r.local_text
    );
    // A larger biweekly pay: fourteen days after the latest.
    let (_d, p, data) = profile(DisclosureLevel::Full, true);
    let r = ask(&p, "when do I get paid", data.end);
    let last = today.add_days(-8);
    assert!(
        r.local_text.starts_with(&format!(
            "Your pay from {PAYER} has come every 14 days, most recently {} on {}; the next would be around {} if that holds.",
            usd(600_000),
            day_text(last),
            day_text(last.add_days(14))
        )),
        "{}",
        r.local_text
    );
}

#[test]
fn no_steady_pay_is_said_and_no_date_invented() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([8; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(settings(DisclosureLevel::Full))
        .expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    let mut batch = data.batch();
    batch
        .transactions
        .retain(|t| t.category != Some(Category::Income));
    p.ingest(&batch, data.end).expect("ingest");
    let r = ask(&p, "when's my next paycheck", data.end);
    assert!(
        r.local_text.starts_with("I don't see a steady pay"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$'));
}

#[test]
fn the_platform_text_follows_the_disclosure_level() {
    for level in [DisclosureLevel::Minimal, DisclosureLevel::Summary] {
        let (_d, p, data) = profile(level, true);
        for (i, q) in [
            "what subscriptions do I have",
            "any refunds last month",
            "how much did i save last month",
            "when do I get paid",
        ]
        .into_iter()
        .enumerate()
        {
            let r = ask(&p, q, data.end + 700 * i as i64);
            let platform = r.platform_text.as_str();
            for name in ["Netflix", "Amazon", GYM, PAYER] {
                assert!(!platform.contains(name), "{level:?} {q}: {platform}");
            }
            if level == DisclosureLevel::Minimal {
                assert!(
                    !platform.chars().any(|c| c.is_ascii_digit()),
                    "{q}: {platform}"
                );
                assert!(r.categories.is_empty(), "{q}");
            } else {
                assert!(platform.contains("about $"), "{q}: {platform}");
                // Days stay on the phone at `summary`.
                assert!(!platform.contains(" on "), "{q}: {platform}");
            }
        }
    }
}
