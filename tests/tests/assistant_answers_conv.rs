//! Conversations with the assistant on the sandbox bank, every figure checked against a
//! direct computation over the vault: follow-ups, multi-part questions, comparisons,
//! rankings, counts, the last N transactions, exclusions, "no charges at X", alert binding
//! with several open alerts, data-coverage notes, typed secrets, and the rule that a message
//! whose period was not understood never gets a figure (a property test).

use proptest::prelude::*;
use std::collections::HashMap;
use tacit_core::alerts::{AlertRecord, AlertStatus};
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

fn profile(level: DisclosureLevel) -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([6; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level,
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

    fn is_loan(&self, t: &Transaction) -> bool {
        self.accounts
            .iter()
            .any(|a| a.id == t.account && a.kind == AccountKind::Loan)
    }

    /// The assistant's spending: money out, refunds back, no income or transfers, no loans.
    fn spend(&self, from: Date, until: Date, keep: impl Fn(&Transaction) -> bool) -> i64 {
        self.txns
            .iter()
            .filter(|t| t.transacted_at >= from.start_ts(0) && t.transacted_at < until.start_ts(0))
            .filter(|t| !self.is_loan(t) && keep(t))
            .filter_map(|t| match t.category {
                Some(Category::Transfer | Category::Income) => None,
                _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
                _ => Some(-t.amount),
            })
            .sum()
    }
}

/// The month's name as a person types it ("october").
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

fn last_month(today: Date) -> (Date, Date) {
    (today.add_months_first(-1), today.first_of_month())
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> tacit_core::assistant::Reply {
    p.handle_message(text, now).expect("reply")
}

#[test]
fn follow_ups_inherit_and_override() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let cat = |c: Category| move |t: &Transaction| t.category == Some(c);
    let r = ask(
        &p,
        "how much did I spend on groceries last month?",
        data.end,
    );
    assert!(r
        .local_text
        .contains(&usd(bank.spend(lm, tm, cat(Category::Groceries)))));
    // "what about dining": same period, other category.
    let r = ask(&p, "what about dining", data.end + 30);
    let dining = bank.spend(lm, tm, cat(Category::Dining));
    assert!(r.local_text.contains(&usd(dining)), "{}", r.local_text);
    // "same for august": same category, other period.
    let aug = Date::new(today.year, 8, 1).expect("aug");
    let r = ask(&p, "same for august", data.end + 60);
    let want = bank.spend(aug, aug.add_months_first(1), cat(Category::Dining));
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // After a balance question, "just the card" asks the card's balance only.
    let r = ask(&p, "what's my balance", data.end + 90);
    assert_eq!(r.intent.as_str(), "balance");
    let r = ask(&p, "just the card", data.end + 100);
    assert_eq!(r.intent.as_str(), "balance");
    let card = bank
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("card");
    assert!(
        r.local_text.contains(card.last4.as_deref().expect("last4")),
        "{}",
        r.local_text
    );
    let checking = bank
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::Checking)
        .expect("checking");
    assert!(!r
        .local_text
        .contains(checking.last4.as_deref().expect("last4")));
}

#[test]
fn follow_ups_expire_after_ten_minutes_and_on_a_level_change() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let dining = usd(bank.spend(lm, tm, |t| t.category == Some(Category::Dining)));
    ask(
        &p,
        "how much did I spend on groceries last month?",
        data.end,
    );
    let r = ask(&p, "what about dining", data.end + 601);
    assert!(!r.local_text.contains(&dining) || r.intent.as_str() == "spending_history");
    // Within the window it is a follow-up; after a level change it is not.
    ask(
        &p,
        "how much did I spend on groceries last month?",
        data.end + 700,
    );
    p.set_settings(Settings {
        level: DisclosureLevel::Summary,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("level");
    let r = ask(&p, "what about dining", data.end + 710);
    assert!(
        !r.local_text
            .contains(&format!("{dining} on dining last month")),
        "{}",
        r.local_text
    );
}

#[test]
fn multi_part_answers_every_part() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let r = ask(
        &p,
        "what's my balance and when is my credit card bill due",
        data.end,
    );
    let checking = bank
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::Checking)
        .expect("checking");
    let bal = checking.balance.expect("balance").minor;
    assert!(r.local_text.contains(&usd(bal)), "{}", r.local_text);
    assert!(r.local_text.contains("payment due"), "{}", r.local_text);
    // Chat shorthand for "and".
    let r = ask(&p, "whats my balance n whens my card due", data.end + 700);
    assert!(r.local_text.contains(&usd(bal)), "{}", r.local_text);
    assert!(r.local_text.contains("payment due"), "{}", r.local_text);
}

#[test]
fn comparisons_give_both_totals_and_the_difference() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let now_total = bank.spend(tm, today.add_days(1), |_| true);
    let last_total = bank.spend(lm, tm, |_| true);
    let r = ask(&p, "did i spend more than last month?", data.end);
    assert!(r.local_text.contains(&usd(now_total)), "{}", r.local_text);
    assert!(r.local_text.contains(&usd(last_total)), "{}", r.local_text);
    assert!(r.local_text.contains(&usd((now_total - last_total).abs())));
}

#[test]
fn rankings_counts_and_last_n() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let mut by_cat: HashMap<Category, i64> = HashMap::new();
    for c in Category::ALL {
        by_cat.insert(c, bank.spend(lm, tm, |t| t.category == Some(c)));
    }
    let (top, top_total) = by_cat
        .iter()
        .max_by_key(|(c, v)| (**v, std::cmp::Reverse(c.as_str())))
        .map(|(c, v)| (*c, *v))
        .expect("a category");
    let r = ask(
        &p,
        "which category did i spend the most on last month",
        data.end,
    );
    assert!(
        r.local_text.contains(top.as_str()) && r.local_text.contains(&usd(top_total)),
        "{}",
        r.local_text
    );
    let r = ask(&p, "show my last 5 transactions", data.end);
    assert_eq!(
        r.local_text.lines().filter(|l| l.contains(" · ")).count(),
        5,
        "{}",
        r.local_text
    );
    // "the total of my last 3 purchases": the header sums the lines listed, nothing more.
    let r = ask(&p, "whats the total of my last 3 purchases", data.end);
    let cents = |s: &str| -> i64 {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let out: i64 = r
        .local_text
        .lines()
        .filter_map(|l| l.rsplit(" · ").next())
        .filter(|a| a.starts_with("-$"))
        .map(|a| cents(a.split(' ').next().unwrap_or("")))
        .sum();
    assert!(
        r.local_text
            .starts_with(&format!("Your last 3 transactions: {} out", usd(out))),
        "{}",
        r.local_text
    );
    // "how many times at X" over the last 90 days.
    let since = today.add_days(-90);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= since.start_ts(0) && t.amount < 0)
    {
        if let Some(m) = &t.merchant {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let (m, n) = counts
        .iter()
        .max_by_key(|(m, c)| (**c, *m))
        .expect("merchant");
    let r = ask(&p, &format!("how many times did i shop at {m}"), data.end);
    assert!(
        r.local_text.starts_with(&format!("{n} purchase")),
        "{}",
        r.local_text
    );
}

#[test]
fn exclusions_and_no_charges() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let want = bank.spend(lm, tm, |t| t.category != Some(Category::Groceries));
    let r = ask(&p, "spending excluding groceries last month", data.end);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    assert!(
        r.local_text.contains("not counting groceries"),
        "{}",
        r.local_text
    );
    let r = ask(
        &p,
        "how much did i spend at zzyzx emporium last month",
        data.end,
    );
    assert!(
        r.local_text
            .starts_with("No charges at zzyzx emporium last month"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$'));
}

#[test]
fn data_coverage_is_told() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = ask(&p, "how much did i spend in 2025", data.end);
    assert!(
        r.local_text.contains("Your data starts on"),
        "{}",
        r.local_text
    );
}

#[test]
fn typed_secrets_get_a_warning_never_an_echo() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    for text in [
        "my card number is 4111 1111 1111 1111, is it blocked?",
        "my password is hunter22",
    ] {
        let r = ask(&p, text, data.end);
        assert!(r.local_text.contains("don't type card numbers"));
        assert!(!r.local_text.contains("4111") && !r.local_text.contains("hunter22"));
        assert!(!r.platform_text.contains("4111"));
    }
}

fn alert_for(t: &Transaction, id: &str, now: Timestamp) -> AlertRecord {
    AlertRecord {
        id: id.to_string(),
        account: t.account.0.clone(),
        txn_ids: vec![t.id.0.clone()],
        reasons: vec!["amount_unusual".into()],
        explanations: vec!["much larger than your usual purchases".into()],
        score: 0.9,
        created: now,
        merchant: t.merchant.clone(),
        amount_minor: t.amount,
        currency: "USD".into(),
        first_txn_at: t.transacted_at,
        status: AlertStatus::Open,
        episode: 1,
        payments: Vec::new(),
    }
}

#[test]
fn fraud_claims_bind_to_the_alert_they_name() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    // Two purchases at two different merchants, each with an alert.
    let mut seen = Vec::new();
    for t in bank.txns.iter().filter(|t| t.amount < -5_000) {
        if let Some(m) = &t.merchant {
            if !seen.iter().any(|(n, _): &(String, &Transaction)| n == m) {
                seen.push((m.clone(), t));
            }
        }
        if seen.len() == 2 {
            break;
        }
    }
    assert_eq!(seen.len(), 2);
    for (i, (_, t)) in seen.iter().enumerate() {
        p.raise_alert(&alert_for(t, &format!("claim-{i}"), data.end), data.end)
            .expect("raise");
    }
    let before = p.open_alerts().expect("open").len();
    // A claim about a merchant with no alert binds to none.
    let r = ask(
        &p,
        "i didn't make this purchase at zzyzx emporium",
        data.end,
    );
    assert!(r.answered_alert.is_none());
    assert!(
        r.local_text.contains("I don't see a fraud alert"),
        "{}",
        r.local_text
    );
    assert_eq!(p.open_alerts().expect("open").len(), before);
    // A claim naming the first alert's merchant answers that one, as fraud.
    let name = &seen[0].0;
    let r = ask(
        &p,
        &format!("i didn't make the purchase at {name}"),
        data.end,
    );
    assert_eq!(r.answered_alert, Some(("claim-0".to_string(), false)));
    assert_eq!(p.open_alerts().expect("open").len(), before - 1);
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[test]
fn fraud_claims_bind_by_the_day_they_name() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    // Three purchases on three different days, more than a week apart, each with an alert.
    let mut picked: Vec<&Transaction> = Vec::new();
    for t in bank.txns.iter().filter(|t| t.amount < -2_000) {
        let day = local_date(t.transacted_at, 0);
        let far = picked
            .iter()
            .all(|o| (local_date(o.transacted_at, 0).days() - day.days()).abs() > 7);
        if far && day.days() < local_date(data.end, 0).days() - 10 {
            picked.push(t);
        }
        if picked.len() == 3 {
            break;
        }
    }
    assert_eq!(picked.len(), 3);
    for (i, t) in picked.iter().enumerate() {
        p.raise_alert(&alert_for(t, &format!("day-{i}"), data.end), data.end)
            .expect("raise");
    }
    let on = |t: &Transaction| {
        let d = local_date(t.transacted_at, 0);
        format!("{} {}", MONTHS[d.month as usize - 1], d.day)
    };
    // A day with no alert binds to none: the assistant asks which alert, changing nothing.
    let none_day = local_date(data.end, 0).add_days(-3);
    let r = ask(
        &p,
        &format!(
            "the charge on {} {} wasn't me",
            MONTHS[none_day.month as usize - 1],
            none_day.day
        ),
        data.end,
    );
    assert!(r.answered_alert.is_none(), "{}", r.local_text);
    assert_eq!(p.open_alerts().expect("open").len(), 3);
    // The second alert's day binds to the second alert, as fraud; the others stay open.
    let r = ask(
        &p,
        &format!("the charge on {} wasn't me", on(picked[1])),
        data.end,
    );
    assert_eq!(r.answered_alert, Some(("day-1".to_string(), false)));
    let open: Vec<String> = p
        .open_alerts()
        .expect("open")
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(open.len(), 2);
    assert!(!open.contains(&"day-1".to_string()));
    // "it was me" with the third alert's day answers that one as the person's own.
    let r = ask(
        &p,
        &format!("the purchase on {} was me", on(picked[2])),
        data.end,
    );
    assert_eq!(r.answered_alert, Some(("day-2".to_string(), true)));
}

#[test]
fn numeric_dates_follow_the_profiles_locale() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    // A day whose day of month is 1-12 and differs from its month, so "D/M" and "M/D"
    // name different days.
    let today = local_date(data.end, 0);
    let day = (20..300)
        .map(|k| today.add_days(-k))
        // Both readings in the past: a day not yet come gets no total at all (see
        // `periods_not_yet_begun_get_no_figure_and_a_question`).
        .find(|d| {
            d.day <= 12
                && d.day != d.month
                && Date::new(d.year, d.day, d.month).is_some_and(|us| us < today)
                && bank.spend(*d, d.add_days(1), |_| true) > 0
        })
        .expect("a day");
    let spent = usd(bank.spend(day, day.add_days(1), |_| true));
    let text = format!(
        "how much did i spend on {}/{}/{}",
        day.day, day.month, day.year
    );
    let set = |locale| {
        p.set_settings(Settings {
            level: DisclosureLevel::Full,
            locale,
            utc_offset_minutes: 0,
        })
        .expect("settings")
    };
    set(Locale::EnGb);
    let r = ask(&p, &text, data.end);
    assert!(r.local_text.contains(&spent), "{}", r.local_text);
    // The same words in the US name another day, whose total is not this one's.
    set(Locale::EnUs);
    let us = Date::new(day.year, day.day, day.month).expect("date");
    let r = ask(&p, &text, data.end);
    let us_spent = bank.spend(us, us.add_days(1), |_| true);
    assert!(r.local_text.contains(&usd(us_spent)), "{}", r.local_text);
}

#[test]
fn unclear_periods_get_a_question_with_quick_replies() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = ask(&p, "how much have i spent since i got paid", data.end);
    assert!(
        r.local_text.starts_with("Which dates do you mean?"),
        "{}",
        r.local_text
    );
    assert_eq!(r.quick_replies.len(), 3);
    // Tapping "Last month" answers the same question for last month.
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let token = r.quick_replies[1].token.clone();
    let r = p.on_quick_reply(&token, data.end + 5).expect("tap");
    assert!(
        r.local_text.contains(&usd(bank.spend(lm, tm, |_| true))),
        "{}",
        r.local_text
    );
}

#[test]
fn periods_not_yet_begun_get_no_figure_and_a_question() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = ask(&p, "how much will i spend next week", data.end);
    assert!(
        r.local_text
            .starts_with("That period (next week) hasn't started yet"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$') && !r.platform_text.contains('$'));
    assert_eq!(r.quick_replies.len(), 3);
    // Tapping "Last month" answers the same question (as the model heard it) for last month.
    let asked = r.intent;
    let token = r.quick_replies[1].token.clone();
    let r = p.on_quick_reply(&token, data.end + 5).expect("tap");
    assert_eq!(r.intent, asked);
    assert!(
        r.local_text.contains("last month") && r.local_text.contains('$'),
        "{}",
        r.local_text
    );
    // This week has begun: it is answered up to today, with a figure.
    let r = ask(&p, "how much did i spend this week", data.end + 10);
    assert!(r.local_text.contains('$'), "{}", r.local_text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A question about a period that has not begun never gets a figure: no currency sign
    /// anywhere and no digit in the platform text. When the model hears a balance, list or
    /// spending question, the device text says the period has not started (its only digits
    /// are the period's own label); other readings (out of scope, "can't pay bills") hold no
    /// figure either.
    #[test]
    fn no_figure_for_a_period_not_yet_begun(
        ask_part in prop::sample::select(vec![
            "how much will i spend", "show my transactions", "what will my balance be",
            "spending on groceries", "what will i pay at costco", "how many purchases",
            "did i spend more this month than",
        ]),
        period in prop::sample::select(vec![
            "tomorrow", "next week", "next month", "in 3 days", "the day after tomorrow",
            "a week from today", "the week after next", "next year", "the next 5 days",
            "the rest of the month", "the first of next month", "this coming friday",
        ]),
        level in prop::sample::select(vec![
            DisclosureLevel::Minimal, DisclosureLevel::Summary, DisclosureLevel::Full,
        ]),
    ) {
        thread_local! {
            static BANK: (tempfile::TempDir, Profile, SandboxData) = profile(DisclosureLevel::Full);
        }
        BANK.with(|(_, p, data)| {
            p.set_settings(Settings { level, locale: Locale::EnUs, utc_offset_minutes: 0 })
                .expect("level");
            let today = local_date(data.end, 0);
            let r = ask(p, &format!("{ask_part} {period}"), data.end);
            // "the rest of the month" on the month's last day is no period at all.
            if period == "the rest of the month" && today.add_days(1).day == 1 {
                return Ok(());
            }
            prop_assert!(!r.local_text.contains('$'), "{} {}: {}", ask_part, period, r.local_text);
            prop_assert!(
                !r.platform_text.contains('$')
                    && !r.platform_text.chars().any(|c| c.is_ascii_digit()),
                "{}", r.platform_text.as_str()
            );
            let money = matches!(r.intent.as_str(), "balance" | "transactions" | "spending_history");
            if !money {
                return Ok(());
            }
            prop_assert!(
                r.local_text.starts_with("That period ("),
                "{} {}: {}", ask_part, period, r.local_text
            );
            let label_end = r.local_text.find(')').unwrap_or(0);
            let rest = &r.local_text[label_end..];
            prop_assert!(!rest.chars().any(|c| c.is_ascii_digit()), "{}", r.local_text);
            Ok(())
        })?;
    }

    /// No reply to a message whose period was not understood holds a figure: no currency
    /// sign and no digit, at any level.
    #[test]
    fn no_figure_without_an_understood_period(
        ask_part in prop::sample::select(vec![
            "how much did i spend", "show my transactions", "spending on groceries",
            "what did i buy at costco", "total charges on my card", "how much went to dining",
        ]),
        period in prop::sample::select(vec![
            "since i got paid", "before my trip", "a while ago", "during the conference",
            "over the holidays", "last payday", "after my birthday", "until i moved",
            "a while back", "the other day", "in mid september", "early last month",
            "at the end of may", "since the end of june", "the other week",
        ]),
        level in prop::sample::select(vec![
            DisclosureLevel::Minimal, DisclosureLevel::Summary, DisclosureLevel::Full,
        ]),
    ) {
        thread_local! {
            static BANK: (tempfile::TempDir, Profile, SandboxData) = profile(DisclosureLevel::Full);
        }
        BANK.with(|(_, p, data)| {
            p.set_settings(Settings { level, locale: Locale::EnUs, utc_offset_minutes: 0 })
                .expect("level");
            let r = ask(p, &format!("{ask_part} {period}"), data.end);
            for text in [r.local_text.as_str(), r.platform_text.as_str()] {
                prop_assert!(
                    !text.contains('$') && !text.chars().any(|c| c.is_ascii_digit()),
                    "{} {}: {}", ask_part, period, text
                );
            }
            Ok(())
        })?;
    }
}

/// Money in of the sandbox over [from, until): posted credits of non-loan accounts, salary
/// only or everything but transfers between accounts.
fn money_in(bank: &Bank, from: Date, until: Date, pay_only: bool) -> (i64, usize) {
    let credits: Vec<i64> = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= from.start_ts(0) && t.transacted_at < until.start_ts(0))
        .filter(|t| !bank.is_loan(t) && t.amount > 0 && t.status == TxnStatus::Posted)
        .filter(|t| {
            if pay_only {
                t.category == Some(Category::Income)
            } else {
                t.category != Some(Category::Transfer)
            }
        })
        .map(|t| t.amount)
        .collect();
    (credits.iter().sum(), credits.len())
}

#[test]
fn income_questions_get_money_in_never_spending() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let (pay, n) = money_in(&bank, lm, tm, true);
    assert!(pay > 0 && n > 0, "the sandbox person is paid monthly");
    for q in [
        "how much did i get paid last month",
        "whats my income last month",
        "how much did i make last month",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.starts_with("You received"),
            "{q}: {}",
            r.local_text
        );
        assert!(r.local_text.contains(&usd(pay)), "{q}: {}", r.local_text);
        assert!(!r.local_text.contains("spent"), "{q}: {}", r.local_text);
    }
    // The follow-up keeps the question: the month before, still income.
    let before = (lm.add_months_first(-1), lm);
    let (pay_before, _) = money_in(&bank, before.0, before.1, true);
    let r = ask(&p, "and the month before that?", data.end);
    assert!(r.local_text.contains(&usd(pay_before)), "{}", r.local_text);
    // Money arriving: every credit but transfers, and the reply says so.
    let (all, _) = money_in(&bank, lm, tm, false);
    let r = ask(&p, "how much money came in last month", data.end);
    assert!(r.local_text.contains(&usd(all)), "{}", r.local_text);
    assert!(
        r.local_text.contains("not counting transfers"),
        "{}",
        r.local_text
    );
}

#[test]
fn income_at_minimal_and_summary_carries_no_digit_or_only_a_rounded_sum() {
    let (_d, p, data) = profile(DisclosureLevel::Minimal);
    let r = ask(&p, "did i get paid last month", data.end);
    assert!(r.local_text.starts_with("You received"), "{}", r.local_text);
    assert!(!r.platform_text.as_str().chars().any(|c| c.is_ascii_digit()));
    let (_d, p, data) = profile(DisclosureLevel::Summary);
    let r = ask(&p, "did i get paid last month", data.end);
    let platform = r.platform_text.as_str();
    assert!(platform.contains("about $"), "{platform}");
    let cents = platform
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'.' && w[1].is_ascii_digit() && w[2].is_ascii_digit());
    assert!(!cents, "no exact amount at summary: {platform}");
    assert!(
        !platform.contains("deposit"),
        "no count at summary: {platform}"
    );
}

/// Money out at `merchant` over `[from, until)`, the assistant's way.
fn spend_at(bank: &Bank, from: Date, until: Date, merchant: &str) -> i64 {
    bank.spend(from, until, |t| {
        t.merchant
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case(merchant))
    })
}

#[test]
fn two_merchants_or_two_categories_are_compared_over_one_period() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    // The two merchants with the most purchases last month, both spent at.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in bank.txns.iter().filter(|t| {
        t.amount < 0 && t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0)
    }) {
        if let Some(m) = &t.merchant {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|(m, n)| (std::cmp::Reverse(*n), *m));
    let (a, b) = (ranked[0].0, ranked[1].0);
    let (x, y) = (spend_at(&bank, lm, tm, a), spend_at(&bank, lm, tm, b));
    for q in [
        format!("{} vs {} last month", a.to_lowercase(), b.to_lowercase()),
        format!(
            "did i spend more at {} or {} last month?",
            a.to_lowercase(),
            b.to_lowercase()
        ),
    ] {
        let r = ask(&p, &q, data.end);
        let text = &r.local_text;
        assert!(
            text.contains(&format!("{} ", usd(x))) && text.contains(a),
            "{q}: {text}"
        );
        assert!(
            text.contains(&format!("{} ", usd(y))) && text.contains(b),
            "{q}: {text}"
        );
        let more = if x >= y { a } else { b };
        if x != y {
            assert!(
                text.contains(&format!("{} more at {more}", usd((x - y).abs()))),
                "{q}: {text}"
            );
        }
        // At `full`, merchants the vault knows may be named to the platform.
        assert!(
            r.platform_text.contains(&usd(x)),
            "{}",
            r.platform_text.as_str()
        );
    }
    let g = bank.spend(lm, tm, |t| t.category == Some(Category::Groceries));
    let d = bank.spend(lm, tm, |t| t.category == Some(Category::Dining));
    let r = ask(&p, "groceries compared to dining last month", data.end);
    assert!(
        r.local_text.contains(&usd(g)) && r.local_text.contains(&usd(d)),
        "{}",
        r.local_text
    );
    // A follow-up keeps both sides and takes the new period.
    let (lm2, _) = last_month(lm);
    let r = ask(&p, "and the month before that?", data.end + 60);
    let g2 = bank.spend(lm2, lm, |t| t.category == Some(Category::Groceries));
    assert!(r.local_text.contains(&usd(g2)), "{}", r.local_text);
}

#[test]
fn comparisons_of_two_are_never_sent_with_typed_names_or_below_full() {
    for level in [DisclosureLevel::Minimal, DisclosureLevel::Summary] {
        let (_d, p, data) = profile(level);
        let r = ask(&p, "amazon vs zzyzx emporium last month", data.end);
        assert!(
            !r.platform_text.contains("zzyzx"),
            "{}",
            r.platform_text.as_str()
        );
        assert!(
            !r.platform_text.contains('$'),
            "{}",
            r.platform_text.as_str()
        );
        assert!(r.local_text.contains("zzyzx"), "{}", r.local_text);
    }
}

/// `total` over `days`, per unit of `unit_days`, rounded half up (as the assistant does).
fn per(total: i64, days: i64, unit_days: i64) -> i64 {
    (2 * total * unit_days + days) / (2 * days)
}

#[test]
fn averages_per_week_and_day_are_the_period_divided_by_its_days() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let from = today.add_days(-83);
    let groceries = bank.spend(from, today.add_days(1), |t| {
        t.category == Some(Category::Groceries)
    });
    let r = ask(&p, "how much do i spend per week on groceries", data.end);
    assert!(
        r.local_text.contains(&format!(
            "{} a week on groceries",
            usd(per(groceries, 84, 7))
        )),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains(&usd(groceries)), "{}", r.local_text);
    let (lm, tm) = last_month(today);
    let days = tm.days() - lm.days();
    let all = bank.spend(lm, tm, |_| true);
    let r = ask(&p, "what did i spend a day on average last month", data.end);
    assert!(
        r.local_text
            .contains(&format!("{} a day", usd(per(all, days, 1)))),
        "{}",
        r.local_text
    );
    // A merchant with no purchases gets no average of zero.
    let r = ask(&p, "how much do i spend a week at zzyzx emporium", data.end);
    assert!(
        r.local_text.starts_with("No charges at"),
        "{}",
        r.local_text
    );
}

#[test]
fn pending_questions_list_pending_transactions_only() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let from = today.add_days(-90).start_ts(0);
    let pending: Vec<&Transaction> = bank
        .txns
        .iter()
        .filter(|t| t.status == TxnStatus::Pending && t.transacted_at >= from)
        .collect();
    assert!(!pending.is_empty(), "the sandbox has pending charges");
    let out: i64 = pending
        .iter()
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    for q in [
        "any pending charges?",
        "how much is pending",
        "what hasn't posted yet",
    ] {
        let r = ask(&p, q, data.end);
        let head = r.local_text.lines().next().unwrap_or("");
        let n = pending.len();
        assert!(
            head.starts_with(&format!("{n} pending transaction")),
            "{q}: {}",
            r.local_text
        );
        assert!(head.contains(&usd(out)), "{q}: {}", r.local_text);
        assert!(
            r.local_text
                .lines()
                .skip(1)
                .filter(|l| l.contains(" · "))
                .all(|l| l.ends_with("(pending)")),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn two_things_asked_together_get_both_totals_and_their_sum() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let g = bank.spend(lm, tm, |t| t.category == Some(Category::Groceries));
    let d = bank.spend(lm, tm, |t| t.category == Some(Category::Dining));
    let r = ask(
        &p,
        "how much did i spend on groceries and dining last month",
        data.end,
    );
    let text = &r.local_text;
    assert!(text.contains(&format!("{} ", usd(g))), "{text}");
    assert!(text.contains(&format!("{} ", usd(d))), "{text}");
    assert!(text.contains(&format!("{} in all", usd(g + d))), "{text}");
}

#[test]
fn two_accounts_are_compared_each_with_its_own_spending() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let on = |kind: AccountKind| {
        let ids: Vec<_> = bank
            .accounts
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.id.clone())
            .collect();
        bank.spend(lm, tm, |t| ids.contains(&t.account))
    };
    let (card, checking) = (on(AccountKind::CreditCard), on(AccountKind::Checking));
    assert!(card > 0 && checking > 0, "the sandbox spends from both");
    for q in [
        "how much did i spend on my card vs checking last month",
        "card vs checking last month",
    ] {
        let r = ask(&p, q, data.end);
        let text = &r.local_text;
        assert!(text.contains(&format!("{} ", usd(card))), "{q}: {text}");
        assert!(text.contains(&format!("{} ", usd(checking))), "{q}: {text}");
        let more = if card > checking {
            "credit card"
        } else {
            "checking account"
        };
        assert!(
            text.contains(&format!(
                "{} more with your {more}",
                usd((card - checking).abs())
            )),
            "{q}: {text}"
        );
    }
    let r = ask(
        &p,
        "how much did i spend on my credit card and my checking account last month",
        data.end,
    );
    assert!(
        r.local_text
            .contains(&format!("{} in all", usd(card + checking))),
        "{}",
        r.local_text
    );
}

#[test]
fn weekly_spending_is_an_average_and_from_a_day_is_since_it() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let from = today.add_days(-83);
    let all = bank.spend(from, today.add_days(1), |_| true);
    let r = ask(&p, "whats my weekly spending", data.end);
    assert!(
        r.local_text
            .contains(&format!("{} a week", usd(per(all, 84, 7)))),
        "{}",
        r.local_text
    );
    let first = today.add_months_first(-1);
    let since = bank.spend(first, today.add_days(1), |_| true);
    let q = format!("how much did i spend from the 1st of {}", month_word(first));
    let r = ask(&p, &q, data.end);
    assert!(r.local_text.contains(&usd(since)), "{q}: {}", r.local_text);
}

#[test]
fn a_merchant_question_without_a_period_looks_further_back_when_the_month_is_empty() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let recent = today.add_days(-29);
    // A merchant paid before the last 30 days and not in them.
    let merchant =
        bank.txns
            .iter()
            .filter(|t| t.amount < 0 && !bank.is_loan(t) && t.category != Some(Category::Transfer))
            .filter_map(|t| t.merchant.clone())
            .find(|m| {
                !bank.txns.iter().any(|t| {
                    t.merchant.as_deref() == Some(m) && t.transacted_at >= recent.start_ts(0)
                }) && m.split_whitespace().count() == 1
                    && m.chars().all(|c| c.is_ascii_alphabetic())
            })
            .expect("a merchant of the spring");
    let all = bank.spend(Date::new(2000, 1, 1).expect("d"), today.add_days(1), |t| {
        t.merchant.as_deref() == Some(merchant.as_str())
    });
    let r = ask(&p, &format!("how much do i spend at {merchant}"), data.end);
    assert!(
        r.local_text.contains(&usd(all)),
        "{merchant}: {}",
        r.local_text
    );
    assert!(r.local_text.contains("since "), "{}", r.local_text);
    assert!(!r.local_text.starts_with("No charges"), "{}", r.local_text);
}

#[test]
fn the_biggest_purchases_are_listed_with_their_own_total() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let jan = Date::new(today.year, 1, 1).expect("jan");
    // The year's purchases (money out, not loans, transfers or income), biggest first.
    let mut out: Vec<i64> = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= jan.start_ts(0) && t.amount < 0 && !bank.is_loan(t))
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .map(|t| -t.amount)
        .collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    let r = ask(&p, "my largest 3 purchases this year", data.end);
    let head = r.local_text.lines().next().expect("head");
    let want = out[..3].iter().sum::<i64>();
    assert!(
        head.starts_with("Your 3 biggest purchases this year"),
        "{head}"
    );
    assert!(head.contains(&usd(want)), "{head}: want {}", usd(want));
    assert_eq!(r.local_text.lines().count(), 4, "{}", r.local_text);
    assert!(!r.local_text.contains("more"), "{}", r.local_text);
    let r = ask(&p, "biggest purchase last month", data.end + 60);
    let (lm, tm) = last_month(today);
    let top = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0))
        .filter(|t| t.amount < 0 && !bank.is_loan(t))
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .map(|t| -t.amount)
        .max()
        .expect("a purchase");
    assert!(
        r.local_text
            .starts_with(&format!("Your biggest purchase last month: {}", usd(top))),
        "{}",
        r.local_text
    );
}

#[test]
fn the_biggest_spending_day_is_the_day_with_the_most_spent() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let mut by_day: Vec<(i64, Date)> = (lm.days()..tm.days())
        .map(|n| {
            let d = lm.add_days(n - lm.days());
            (bank.spend(d, d.add_days(1), |_| true), d)
        })
        .collect();
    by_day.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.days().cmp(&b.1.days())));
    let r = ask(&p, "my biggest spending days last month", data.end);
    let rows: Vec<&str> = r.local_text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{}", r.local_text);
    for (row, (spent, _)) in rows.iter().zip(&by_day) {
        assert!(
            row.ends_with(&format!(" {}", usd(*spent))),
            "{}",
            r.local_text
        );
    }
    // "in one day" is neither a period ahead nor a merchant.
    let r = ask(&p, "whats the most i spent in one day last month", data.end);
    assert!(
        r.local_text.ends_with(&format!(" {}", usd(by_day[0].0))),
        "{}",
        r.local_text
    );
}

#[test]
fn money_in_and_out_gets_both_sums_not_spending_alone() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let listed = ask(&p, "show my transactions last month", data.end);
    let head = listed.local_text.lines().next().unwrap_or("").to_string();
    assert!(head.contains(" out, ") && head.ends_with(" in"), "{head}");
    for q in [
        "total in and out last month",
        "money in vs out last month",
        "whats my cash flow last month",
    ] {
        let r = ask(&p, q, data.end + 3_600);
        assert_eq!(r.local_text.lines().next(), Some(head.as_str()), "{q}");
    }
}

#[test]
fn the_biggest_spending_month_and_follow_up_averages_keep_the_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    // Whole months of the last twelve (this month so far is the twelfth).
    let mut months: Vec<(i64, Date)> = (0..12)
        .map(|k| {
            let first = today.add_months_first(-k);
            let until = if k == 0 {
                today.add_days(1)
            } else {
                today.add_months_first(1 - k)
            };
            (bank.spend(first, until, |_| true), first)
        })
        .collect();
    months.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.days().cmp(&b.1.days())));
    let r = ask(&p, "which month did i spend the most", data.end);
    assert!(
        r.local_text.ends_with(&format!(" {}", usd(months[0].0))),
        "{}",
        r.local_text
    );
    // "whats that per month" after a merchant's total averages that merchant's spending.
    let (lm, tm) = last_month(today);
    let merchant = bank
        .txns
        .iter()
        .filter(|t| {
            t.amount < 0 && t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0)
        })
        .find_map(|t| t.merchant.clone())
        .expect("a merchant last month");
    let name = month_word(lm);
    let q = format!("how much at {} in {name}", merchant.to_lowercase());
    let (nov, dec) = (lm, tm);
    let total = spend_at(&bank, nov, dec, &merchant);
    let r0 = ask(&p, &q, data.end);
    assert!(
        r0.local_text.contains(&usd(total)),
        "{q}: {}",
        r0.local_text
    );
    let r = ask(&p, "whats that per week", data.end + 30);
    let days = dec.days() - nov.days();
    assert!(
        r.local_text.contains(&format!(
            "{} a week at {merchant}",
            usd(per(total, days, 7))
        )),
        "{}",
        r.local_text
    );
    // A short average that names its own spending stands alone.
    let all = bank.spend(lm, tm, |_| true);
    let r = ask(&p, "avg daily spending last month", data.end + 45);
    assert!(
        r.local_text
            .contains(&format!("{} a day last month", usd(per(all, days, 1)))),
        "{}",
        r.local_text
    );
    // Money made is income, never spending.
    let r = ask(&p, "how much money did i make this year", data.end + 60);
    assert!(r.local_text.starts_with("You received"), "{}", r.local_text);
}

#[test]
fn an_average_bill_or_trip_is_the_total_over_the_purchases() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let from = today.add_days(-89);
    let in_window = |t: &Transaction| {
        t.category == Some(Category::Groceries)
            && t.amount < 0
            && t.transacted_at >= from.start_ts(0)
            && t.transacted_at < today.add_days(1).start_ts(0)
            && !bank.is_loan(t)
    };
    let count = bank.txns.iter().filter(|t| in_window(t)).count() as i64;
    let total = bank.spend(from, today.add_days(1), |t| {
        t.category == Some(Category::Groceries)
    });
    assert!(count > 0, "the sandbox buys groceries");
    let r = ask(&p, "whats my average grocery bill", data.end);
    let avg = (2 * total + count) / (2 * count);
    assert!(
        r.local_text
            .contains(&format!("{} a purchase on groceries", usd(avg))),
        "{}",
        r.local_text
    );
}

/// The purchases (spending transactions with money out, loans aside) in `[from, until)`.
fn purchases<'a>(
    bank: &'a Bank,
    from: Date,
    until: Date,
) -> impl Iterator<Item = &'a Transaction> + 'a {
    bank.txns.iter().filter(move |t| {
        t.transacted_at >= from.start_ts(0)
            && t.transacted_at < until.start_ts(0)
            && !bank.is_loan(t)
            && t.amount < 0
            && !matches!(t.category, Some(Category::Transfer | Category::Income))
    })
}

#[test]
fn follow_ups_about_the_previous_answer() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let cat = |c: Category| move |t: &Transaction| t.category == Some(c);
    // Nothing to refer to: a question, never a figure.
    for (i, q) in [
        "how much was that",
        "compare the two",
        "total of both",
        "biggest one?",
    ]
    .iter()
    .enumerate()
    {
        let r = ask(&p, q, data.end + i as i64);
        assert!(
            r.local_text.starts_with("Which figures do you mean?"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains('$'), "{q}");
    }
    let groceries = bank.spend(lm, tm, cat(Category::Groceries));
    let dining = bank.spend(lm, tm, cat(Category::Dining));
    let t = data.end + 100;
    ask(&p, "how much on groceries last month", t);
    ask(&p, "and dining?", t + 5);
    let r = ask(&p, "which is more", t + 10);
    for v in [groceries, dining, (groceries - dining).abs()] {
        assert!(r.local_text.contains(&usd(v)), "{}", r.local_text);
    }
    ask(&p, "how much on groceries last month", t + 15);
    ask(&p, "and dining?", t + 20);
    let r = ask(&p, "total of both", t + 25);
    assert!(
        r.local_text.contains(&usd(groceries + dining)),
        "{}",
        r.local_text
    );
    // One thing over two periods: compared.
    let (pm, _) = last_month(lm);
    ask(&p, "how much did i spend last month", t + 30);
    ask(&p, "and the month before?", t + 35);
    let r = ask(&p, "compare the two", t + 40);
    for v in [bank.spend(lm, tm, |_| true), bank.spend(pm, lm, |_| true)] {
        assert!(r.local_text.contains(&usd(v)), "{}", r.local_text);
    }
    // After a listing: "how much was that" is its spending; "biggest one?" and "the
    // smallest?" its ends.
    ask(&p, "show my dining purchases last month", t + 45);
    let r = ask(&p, "how much was that", t + 50);
    assert!(r.local_text.contains(&usd(dining)), "{}", r.local_text);
    let amounts: Vec<i64> = purchases(&bank, lm, tm)
        .filter(|t| t.category == Some(Category::Dining))
        .map(|t| -t.amount)
        .collect();
    let r = ask(&p, "biggest one?", t + 55);
    let max = amounts.iter().max().expect("dining purchases");
    assert!(r.local_text.contains(&usd(*max)), "{}", r.local_text);
    let r = ask(&p, "the smallest?", t + 60);
    let min = amounts.iter().min().expect("dining purchases");
    assert!(
        r.local_text.starts_with("Your smallest purchase"),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains(&usd(*min)), "{}", r.local_text);
}

#[test]
fn the_ranking_s_other_end_a_category_and_typos() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let all: Vec<i64> = purchases(&bank, lm, tm).map(|t| -t.amount).collect();
    let (max, min) = (
        all.iter().max().expect("max"),
        all.iter().min().expect("min"),
    );
    for (i, (q, want)) in [
        ("smallest charge last month", *min),
        ("cheapest purchase last month", *min),
        ("biggest purchse last month", *max),
        ("largest transacion last month", *max),
    ]
    .into_iter()
    .enumerate()
    {
        let r = ask(&p, q, data.end + 700 * i as i64);
        assert!(r.local_text.contains(&usd(want)), "{q}: {}", r.local_text);
    }
    let meal = purchases(&bank, lm, tm)
        .filter(|t| t.category == Some(Category::Dining))
        .map(|t| -t.amount)
        .max()
        .expect("a meal");
    let r = ask(&p, "most expensive meal last month", data.end + 5_000);
    assert!(r.local_text.contains(&usd(meal)), "{}", r.local_text);
}

#[test]
fn periods_ago_from_and_amount_bounds() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    // "2 weeks ago": the Monday-to-Sunday week holding the day two weeks back.
    let back = today.add_days(-14);
    let monday = back.add_days(-i64::from(back.weekday()));
    let r = ask(&p, "how much did i spend 2 weeks ago", data.end);
    let want = bank.spend(monday, monday.add_days(7), |_| true);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // "from 12/1": December 1 to today, not that day alone.
    let dec = Date::new(2025, 12, 1).expect("dec");
    let r = ask(&p, "how much did i spend from 12/1", data.end + 700);
    let want = bank.spend(dec, today.add_days(1), |_| true);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // "over 500" leaves a charge of exactly $500.00 out; "at least 500" and "500+" keep it.
    let year = Date::new(today.year, 1, 1).expect("jan");
    let count = |keep: &dyn Fn(i64) -> bool| {
        purchases(&bank, year, today.add_days(1))
            .filter(|t| keep(-t.amount))
            .count()
    };
    let (over, at_least) = (count(&|a| a > 50_000), count(&|a| a >= 50_000));
    assert!(
        at_least > over,
        "the sandbox has a charge of exactly $500.00"
    );
    for (i, (q, n)) in [
        ("charges over 500 this year", over),
        ("charges of at least 500 this year", at_least),
        ("charges 500+ this year", at_least),
    ]
    .into_iter()
    .enumerate()
    {
        let r = ask(&p, q, data.end + 1_400 * (i as i64 + 1));
        // Charges between amount bounds are headed as purchases (issue #13, 13q).
        assert!(
            r.local_text.starts_with(&format!("{n} purchase")),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn card_bill_statement_and_payment() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let card = bank
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("card");
    // What is left on the statement is what is owed, never the available credit.
    let owed = card
        .credit
        .as_ref()
        .and_then(|c| c.statement_balance)
        .expect("the sandbox shares a statement balance");
    let r = ask(&p, "whats left on my visa statement", data.end);
    assert!(r.local_text.contains(&usd(owed)), "{}", r.local_text);
    assert!(
        r.local_text.contains("statement balance"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains("available"), "{}", r.local_text);
    // The latest payment to the card in the last 35 days: its day and amount.
    let from = today.add_days(-34);
    let paid = bank
        .txns
        .iter()
        .filter(|t| t.account == card.id && t.amount > 0)
        .filter(|t| t.transacted_at >= from.start_ts(0))
        .filter(|t| t.category == Some(Category::Transfer))
        .max_by_key(|t| t.transacted_at)
        .expect("a card payment in the sandbox");
    let day = local_date(paid.transacted_at, 0);
    for (i, q) in ["did i pay my credit card", "did my card payment go through"]
        .iter()
        .enumerate()
    {
        let r = ask(&p, q, data.end + 700 * (i as i64 + 1));
        assert!(r.local_text.starts_with("Yes"), "{q}: {}", r.local_text);
        assert!(
            r.local_text.contains(&usd(paid.amount)),
            "{q}: {}",
            r.local_text
        );
        assert!(
            r.local_text.contains(&format!(" {}.", day.day)),
            "{q}: {}",
            r.local_text
        );
    }
    // None since the period began: said so, with no figure.
    let r = ask(&p, "have i paid my visa bill today", data.end + 3_000);
    assert!(
        r.local_text.starts_with("I don't see a payment"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$'), "{}", r.local_text);
}

#[test]
fn usual_weekend_spending_is_an_average_over_weekends() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    // The whole weekends of the last 12 weeks (84 days up to today), their Sunday over.
    let start = today.add_days(-83);
    let first = start.add_days((5 - i64::from(start.weekday())).rem_euclid(7));
    let mut sat = first;
    let (mut total, mut n) = (0i64, 0i64);
    while sat.add_days(2) <= today {
        total += bank.spend(sat, sat.add_days(2), |_| true);
        n += 1;
        sat = sat.add_days(7);
    }
    let average = (2 * total + n) / (2 * n);
    for (i, q) in [
        "what do i spend on weekends usually",
        "avg spending per weekend",
    ]
    .iter()
    .enumerate()
    {
        let r = ask(&p, q, data.end + 700 * i as i64);
        assert!(
            r.local_text
                .contains(&format!("{} a weekend", usd(average))),
            "{q}: {}",
            r.local_text
        );
        assert!(
            r.local_text.contains(&format!("{n} weekends")),
            "{q}: {}",
            r.local_text
        );
    }
    // Without a word of habit, which weekends is a question.
    let r = ask(&p, "what do i spend on weekends", data.end + 2_000);
    assert!(
        r.local_text.starts_with("Which dates do you mean?"),
        "{}",
        r.local_text
    );
}

#[test]
fn least_rankings_and_days_of_the_week() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let jan = Date::new(today.year, 1, 1).expect("date");
    // Whole months of this year only: this month so far is never "the month I spent least".
    let months: Vec<(Date, i64)> = (0..i32::try_from(today.month).expect("month") - 1)
        .map(|k| {
            let from = jan.add_months_first(k);
            (from, bank.spend(from, from.add_months_first(1), |_| true))
        })
        .filter(|(_, v)| *v > 0)
        .collect();
    let (least_month, least_total) = *months.iter().min_by_key(|(_, v)| *v).expect("months");
    let r = ask(&p, "which month did i spend the least this year", data.end);
    let name = month_word(least_month);
    let shown = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    assert!(
        r.local_text.contains(&shown) && r.local_text.contains(&usd(least_total)),
        "{}",
        r.local_text
    );
    let r = ask(&p, "lowest spending month this year", data.end);
    assert!(r.local_text.contains(&usd(least_total)), "{}", r.local_text);
    // Days of the week, over this year.
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let mut by_day = [0i64; 7];
    let mut d = jan;
    while d <= today {
        by_day[d.weekday() as usize] += bank.spend(d, d.add_days(1), |_| true);
        d = d.add_days(1);
    }
    let most = (0..7).max_by_key(|&i| by_day[i]).expect("a day");
    let r = ask(
        &p,
        "what day of the week do i spend the most this year",
        data.end,
    );
    assert!(
        r.local_text.contains(NAMES[most]) && r.local_text.contains(&usd(by_day[most])),
        "{}",
        r.local_text
    );
    let least = (0..7).min_by_key(|&i| by_day[i]).expect("a day");
    let r = ask(&p, "which weekday do i spend the least this year", data.end);
    assert!(
        r.local_text.contains(NAMES[least]) && r.local_text.contains(&usd(by_day[least])),
        "{}",
        r.local_text
    );
    // "at least" is an amount bound, never the least of a ranking.
    let r = ask(&p, "purchases of at least 500 this year", data.end);
    assert!(!r.local_text.contains("the least"), "{}", r.local_text);
}

#[test]
fn a_period_alone_follows_up_even_after_an_out_of_scope_turn() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let cat = |c: Category| move |t: &Transaction| t.category == Some(c);
    let r = ask(&p, "how much did i spend on dining last month", data.end);
    assert_eq!(r.intent.as_str(), "spending_history", "{}", r.local_text);
    // A long period with nothing else: the same question over it.
    let (from, until) = (today.add_days(-40), today.add_days(-33));
    let text = format!(
        "between {} {} and {} {}",
        &month_word(from)[..3],
        from.day,
        &month_word(until)[..3],
        until.day
    );
    let r = ask(&p, &text, data.end + 20);
    let want = bank.spend(from, until.add_days(1), cat(Category::Dining));
    assert!(
        r.local_text.contains(&usd(want)),
        "{text}: {}",
        r.local_text
    );
    // An out-of-scope turn in between does not wipe the conversation.
    let r = ask(&p, "whats the weather like", data.end + 40);
    assert_eq!(r.intent.as_str(), "oos", "{}", r.local_text);
    // The last question stands: dining over those days, now groceries over them.
    let r = ask(&p, "what about groceries", data.end + 60);
    let want = bank.spend(from, until.add_days(1), cat(Category::Groceries));
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
}

#[test]
fn periods_before_the_data_get_no_figure_for_them() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let first = bank
        .txns
        .iter()
        .map(|t| local_date(t.transacted_at, 0))
        .min()
        .expect("data");
    // A month wholly before the data: no "$0.00", the data's start said instead.
    let before = first.add_months_first(-3);
    let text = format!("spending in {} {}", month_word(before), before.year);
    let r = ask(&p, &text, data.end);
    assert!(
        r.local_text.starts_with("I have no data") && !r.local_text.contains("$0.00"),
        "{}",
        r.local_text
    );
    // A year compared with one mostly before the data: this year's total, no difference.
    let jan = Date::new(today.year, 1, 1).expect("jan");
    let r = ask(
        &p,
        "did i spend more this year than last year",
        data.end + 1,
    );
    let this_year = bank.spend(jan, today.add_days(1), |_| true);
    assert!(
        r.local_text.contains(&usd(this_year)) && r.local_text.contains("can't compare"),
        "{}",
        r.local_text
    );
}

#[test]
fn a_price_change_is_read_from_the_charges() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    // The payee with the most charges: its charges in order, and the latest change.
    let mut by: HashMap<&str, Vec<&Transaction>> = HashMap::new();
    // Payees that charge on a schedule (a restaurant's "price" is each meal).
    let scheduled = |t: &&Transaction| {
        t.amount < 0
            && t.status == TxnStatus::Posted
            && matches!(
                t.category,
                Some(Category::Subscriptions | Category::Housing | Category::Bills)
            )
    };
    for t in bank.txns.iter().filter(scheduled) {
        if let Some(m) = t.merchant.as_deref() {
            by.entry(m).or_default().push(t);
        }
    }
    let mut checked = 0;
    for (m, mut charges) in by.into_iter().filter(|(_, c)| c.len() >= 3) {
        if m.chars().any(|c| !c.is_ascii_alphabetic() && c != ' ') {
            continue;
        }
        checked += 1;
        charges.sort_by_key(|t| t.transacted_at);
        let change = charges
            .windows(2)
            .rfind(|w| (w[1].amount - w[0].amount).abs() * 100 > -w[0].amount);
        let r = ask(&p, &format!("did {m} go up"), data.end);
        match change {
            Some(w) => assert!(
                r.local_text.contains(&format!(
                    "went from {} to {}",
                    usd(-w[0].amount),
                    usd(-w[1].amount)
                )),
                "{m}: {}",
                r.local_text
            ),
            None => assert!(
                r.local_text.starts_with("No change")
                    && r.local_text
                        .contains(&usd(-charges[charges.len() - 1].amount)),
                "{m}: {}",
                r.local_text
            ),
        }
    }
    assert!(checked >= 3, "{checked} payees checked");
    // Naming nothing: which one? Never a figure.
    let r = ask(&p, "did it go up", data.end + 700);
    assert!(!r.local_text.contains('$'), "{}", r.local_text);
}

/// Fuel as the bank codes it: service stations and fuel dispensers (the sandbox's Shell,
/// Chevron and Exxon), never the rest of Transport.
fn is_fuel(t: &Transaction) -> bool {
    matches!(t.mcc, Some(5541 | 5542))
}

fn named(names: &'static [&'static str]) -> impl Fn(&Transaction) -> bool {
    move |t| t.merchant.as_deref().is_some_and(|m| names.contains(&m))
}

#[test]
fn kinds_of_spending_count_their_own_transactions_and_say_where() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let transport = bank.spend(lm, tm, |t| t.category == Some(Category::Transport));
    let fuel = bank.spend(lm, tm, is_fuel);
    // The test can fail: Transport holds more than fuel (Uber, Lyft).
    assert!(fuel > 0 && transport > fuel);
    let n = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0))
        .filter(|t| is_fuel(t))
        .count();
    let r = ask(&p, "how much did I spend on gas last month", data.end);
    assert!(
        r.local_text
            .starts_with(&format!("You spent {} on fuel last month at ", usd(fuel))),
        "{}",
        r.local_text
    );
    assert!(
        r.local_text.contains(&format!("({n} purchases)")),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains(&usd(transport)));
    // Full: the merchants as the vault names them go to the platform too.
    assert!(
        r.platform_text.as_str().contains("Shell") || r.platform_text.as_str().contains("Chevron")
    );
    let cases: [(&str, &'static [&'static str]); 4] = [
        (
            "how much on coffee last month",
            &["Starbucks", "Blue Bottle Coffee", "Dunkin'"],
        ),
        (
            "what was my electric bill last month",
            &["City Power & Light"],
        ),
        (
            "how much was my phone bill last month",
            &["Verizon Wireless"],
        ),
        ("internet bill last month", &["Xfinity"]),
    ];
    for (k, (q, names)) in cases.into_iter().enumerate() {
        let want = bank.spend(lm, tm, named(names));
        let r = ask(&p, q, data.end + 700 * (k as i64 + 1));
        assert!(
            want > 0 && r.local_text.contains(&usd(want)),
            "{q}: {}",
            r.local_text
        );
        assert!(r.local_text.contains(names[0]), "{q}: {}", r.local_text);
    }
    // Coffee is not all of Dining.
    let dining = bank.spend(lm, tm, |t| t.category == Some(Category::Dining));
    let r = ask(&p, "how much on coffee last month", data.end + 5_000);
    assert!(!r.local_text.contains(&usd(dining)), "{}", r.local_text);
}

#[test]
fn a_kind_with_nothing_found_says_how_it_looks_and_gives_no_figure() {
    let (_d, p, data) = profile(DisclosureLevel::Summary);
    let r = ask(&p, "how much did i spend on parking last month", data.end);
    assert!(
        r.local_text
            .starts_with("I found no parking purchases last month (I count parking by"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$'));
    // "gas bill" is the utility (the sandbox person has none), never fuel.
    let r = ask(&p, "how much was my gas bill last month", data.end + 700);
    assert!(
        r.local_text
            .starts_with("I found no utility gas payments last month"),
        "{}",
        r.local_text
    );
    assert!(!r.platform_text.as_str().contains('$'));
}

#[test]
fn kinds_follow_ups_counts_and_comparisons() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let (sep, oct) = (lm.add_months_first(-1), lm);
    ask(&p, "how much on gas last month", data.end);
    // "and in september?": fuel still, the other month.
    let r = ask(&p, &format!("and in {}?", month_word(sep)), data.end + 30);
    let want = bank.spend(sep, oct, is_fuel);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    assert!(r.local_text.contains("on fuel"), "{}", r.local_text);
    // "what about groceries": the category, and no fuel left in the filter.
    let r = ask(&p, "what about groceries", data.end + 60);
    let want = bank.spend(sep, oct, |t| t.category == Some(Category::Groceries));
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // A count of fill-ups.
    let n = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0))
        .filter(|t| is_fuel(t) && t.amount < 0)
        .count();
    let r = ask(
        &p,
        "how many times did i get gas last month",
        data.end + 1_000,
    );
    assert!(
        r.local_text
            .starts_with(&format!("{n} purchases of fuel last month")),
        "{}",
        r.local_text
    );
    // Fuel against groceries, each its own total.
    let r = ask(&p, "gas vs groceries last month", data.end + 2_000);
    let fuel = bank.spend(lm, tm, is_fuel);
    let groceries = bank.spend(lm, tm, |t| t.category == Some(Category::Groceries));
    assert!(
        r.local_text.contains(&usd(fuel)) && r.local_text.contains(&usd(groceries)),
        "{}",
        r.local_text
    );
}

#[test]
fn kinds_follow_the_disclosure_levels() {
    for level in [DisclosureLevel::Minimal, DisclosureLevel::Summary] {
        let (_d, p, data) = profile(level);
        let r = ask(&p, "how much did I spend on gas last month", data.end);
        let platform = r.platform_text.as_str();
        for name in ["Shell", "Chevron", "Exxon"] {
            assert!(!platform.contains(name), "{level:?}: {platform}");
        }
        match level {
            DisclosureLevel::Minimal => {
                assert!(!platform.chars().any(|c| c.is_ascii_digit()), "{platform}")
            }
            _ => assert!(
                platform.starts_with("You spent about $") && platform.contains("on fuel"),
                "{platform}"
            ),
        }
    }
}

/// Money out at a merchant (by its vault name) in `[from, until)`.
fn spent_at(bank: &Bank, from: Date, until: Date, merchant: &str) -> i64 {
    bank.spend(from, until, |t| t.merchant.as_deref() == Some(merchant))
}

/// The first day of the month the data starts in (what "all time" counts from).
fn data_start(bank: &Bank) -> Date {
    let first = bank
        .txns
        .iter()
        .map(|t| t.transacted_at)
        .min()
        .expect("data");
    local_date(first, 0).first_of_month()
}

#[test]
fn qa3_periods_are_read_or_asked_never_defaulted() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    // "last qtr": the last calendar quarter.
    let q = Date::new(today.year, (today.month - 1) / 3 * 3 + 1, 1).expect("quarter");
    let want = bank.spend(q.add_months_first(-3), q, |_| true);
    let r = ask(&p, "what was my total spend for last qtr", data.end);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // "lst mnth" is last month, and not part of the merchant.
    let (lm, tm) = last_month(today);
    let costco = spent_at(&bank, lm, tm, "Costco");
    let r = ask(&p, "wat i spent at costco lst mnth", data.end + 60);
    assert!(r.local_text.contains(&usd(costco)), "{}", r.local_text);
    // Hours: the days they touch (two days before today, and today).
    let want = bank.spend(today.add_days(-2), today.add_days(1), |_| true);
    let r = ask(&p, "spending in the past 48 hours", data.end + 120);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    // A word the grammar can't read next to a period noun: a question, no figure.
    for (k, text) in ["spending lsat mnoth", "groceries this yeer"]
        .iter()
        .enumerate()
    {
        let r = ask(&p, text, data.end + 180 + 700 * k as i64);
        assert!(
            r.local_text.starts_with("Which dates"),
            "{text}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains('$'));
    }
}

#[test]
fn qa3_ever_and_in_total_count_all_the_data() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (start, end) = (data_start(&bank), today.add_days(1));
    let all = spent_at(&bank, start, end, "Costco");
    let recent = spent_at(&bank, today.add_days(-29), end, "Costco");
    assert!(all > recent, "Costco before the last 30 days");
    for (k, text) in [
        "how much did i spend at costco in total",
        "how much at costco all time",
        "how much have i spent at costco",
    ]
    .iter()
    .enumerate()
    {
        let r = ask(&p, text, data.end + 700 * k as i64);
        assert!(r.local_text.contains(&usd(all)), "{text}: {}", r.local_text);
        assert!(r.local_text.contains(" since "), "{text}: {}", r.local_text);
    }
    // "the most i ever spent at costco": its biggest single purchase.
    let biggest = bank
        .txns
        .iter()
        .filter(|t| t.merchant.as_deref() == Some("Costco") && !bank.is_loan(t))
        .map(|t| -t.amount)
        .max()
        .expect("a Costco purchase");
    let r = ask(&p, "most i ever spent at costco", data.end + 3000);
    assert!(
        r.local_text.starts_with("Your biggest purchase") && r.local_text.contains(&usd(biggest)),
        "{}",
        r.local_text
    );
    // A category with nothing in the default window: all the data, said so.
    let (m0, m1) = (today.first_of_month(), today.add_days(1));
    let cat = [Category::Travel, Category::Entertainment, Category::Health]
        .into_iter()
        .find(|c| bank.spend(m0, m1, |t| t.category == Some(*c)) == 0)
        .expect("a category with nothing this month");
    let want = bank.spend(start, end, |t| t.category == Some(cat));
    assert!(want > 0);
    let r = ask(
        &p,
        &format!("total spent on {}", cat.as_str()),
        data.end + 3700,
    );
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
}

#[test]
fn qa3_everything_but_and_besides_leave_things_out() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let want = bank.spend(lm, tm, |t| t.category != Some(Category::Groceries));
    let r = ask(&p, "everything but groceries last month", data.end);
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    assert!(
        r.local_text.contains("not counting groceries"),
        "{}",
        r.local_text
    );
    let out = ["Costco", "Amazon"];
    let want = bank.spend(lm, tm, |t| {
        !out.contains(&t.merchant.as_deref().unwrap_or(""))
    });
    let r = ask(
        &p,
        "what did i spend last month besides costco and amazon",
        data.end + 700,
    );
    assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
    assert!(r.local_text.contains("Costco") && r.local_text.contains("Amazon"));
}

#[test]
fn qa3_plus_and_ampersand_join_and_a_merchant_inside_its_category_counts_once() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let (a, b) = (
        spent_at(&bank, lm, tm, "Costco"),
        spent_at(&bank, lm, tm, "Aldi"),
    );
    for (k, text) in ["costco + aldi last month", "costco & aldi last month"]
        .iter()
        .enumerate()
    {
        let r = ask(&p, text, data.end + 700 * k as i64);
        assert!(
            r.local_text.contains(&format!("{} in all", usd(a + b))),
            "{text}: {}",
            r.local_text
        );
    }
    // The month with the most Uber rides: transport and Uber together are transport's total.
    let month = (1..12)
        .map(|k| today.add_months_first(-k))
        .max_by_key(|m| spent_at(&bank, *m, m.add_months_first(1), "Uber"))
        .expect("a month");
    let next = month.add_months_first(1);
    let transport = bank.spend(month, next, |t| t.category == Some(Category::Transport));
    let uber = spent_at(&bank, month, next, "Uber");
    assert!(uber > 0);
    let text = format!("transport and uber in {} {}", month_word(month), month.year);
    let r = ask(&p, &text, data.end + 3000);
    assert!(
        r.local_text.contains(&format!("{} in all", usd(transport))),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains("besides Uber"), "{}", r.local_text);
}

#[test]
fn qa3_amount_ranges_filter_the_list() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let sel: Vec<&Transaction> = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0))
        .filter(|t| (5_000..=10_000).contains(&t.amount.abs()))
        .collect();
    assert!(!sel.is_empty());
    let out: i64 = sel.iter().filter(|t| t.amount < 0).map(|t| -t.amount).sum();
    for (k, text) in [
        "transactions between 50 and 100 last month",
        "transactions from $50 to $100 last month",
    ]
    .iter()
    .enumerate()
    {
        let r = ask(&p, text, data.end + 700 * k as i64);
        assert!(
            r.local_text
                .starts_with(&format!("{} transaction", sel.len()))
                && r.local_text.contains(&format!("{} out", usd(out))),
            "{text}: {}",
            r.local_text
        );
    }
}

#[test]
fn qa3_words_that_name_no_merchant_get_a_question() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    for (k, text) in [
        "how much did i spend on stuff for the house this year",
        // "on weekdays last month" is last month's weekdays now, never a merchant
        // (tests/tests/assistant_periods_lists_conv.rs).
    ]
    .iter()
    .enumerate()
    {
        let r = ask(&p, text, data.end + 700 * k as i64);
        assert!(!r.local_text.contains('$'), "{text}: {}", r.local_text);
        assert!(
            !r.local_text.starts_with("No charges"),
            "{text}: {}",
            r.local_text
        );
        assert!(
            r.local_text.starts_with("Which "),
            "{text}: {}",
            r.local_text
        );
    }
    // Written after "at", an unknown name is still a merchant with no charges.
    let r = ask(
        &p,
        "how much did i spend at zzyzx emporium this year",
        data.end + 2000,
    );
    assert!(
        r.local_text.starts_with("No charges at zzyzx emporium"),
        "{}",
        r.local_text
    );
}

#[test]
fn qa3_routing_and_account_numbers_get_the_warning() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    for text in [
        "routing 021000021 acct 123456789",
        "my account number is 55512345",
    ] {
        let r = ask(&p, text, data.end);
        assert!(
            r.local_text.contains("don't type card numbers"),
            "{text}: {}",
            r.local_text
        );
        for digits in ["021000021", "123456789", "55512345"] {
            assert!(!r.local_text.contains(digits) && !r.platform_text.contains(digits));
        }
    }
}

/// "Dec 18, 2025", as the replies write a day.
fn day_text(d: Date) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}, {}", M[d.month as usize - 1], d.day, d.year)
}

impl Bank {
    /// The charges at a merchant (spending, money out), oldest first: day and amount.
    fn charges_at(&self, merchant: &str) -> Vec<(Date, i64)> {
        let mut v: Vec<(Date, i64)> = self
            .txns
            .iter()
            .filter(|t| !self.is_loan(t) && t.amount < 0)
            .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
            .filter(|t| t.merchant.as_deref() == Some(merchant))
            .map(|t| (local_date(t.transacted_at, 0), -t.amount))
            .collect();
        v.sort_by_key(|c| c.0);
        v
    }

    fn first_day(&self) -> Date {
        self.txns
            .iter()
            .map(|t| local_date(t.transacted_at, 0))
            .min()
            .expect("data")
    }
}

#[test]
fn qa4_the_first_charge_at_a_merchant_is_its_day_and_amount() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    for (i, (q, m)) in [
        ("when did i first go to starbucks", "Starbucks"),
        ("first time i paid netflix", "Netflix"),
        ("when did i start paying netflix", "Netflix"),
    ]
    .into_iter()
    .enumerate()
    {
        let charges = bank.charges_at(m);
        let (day, amount) = charges[0];
        let r = ask(&p, q, data.end + 1000 * (i as i64 + 1));
        assert!(
            r.local_text.contains(&day_text(day)) && r.local_text.contains(&usd(amount)),
            "{q}: {}",
            r.local_text
        );
        // Not the total (the test can fail: there are several charges).
        assert!(charges.len() > 1);
        let total: i64 = charges.iter().map(|c| c.1).sum();
        assert!(!r.local_text.contains(&usd(total)), "{q}: {}", r.local_text);
        // The data's first day is said when the first charge fell on it.
        assert_eq!(
            r.local_text.contains("Your data starts on"),
            day == bank.first_day(),
            "{q}: {}",
            r.local_text
        );
    }
    // A merchant charged on the data's first day: the reply says the data starts then.
    let first = bank.first_day();
    let on_first = bank
        .txns
        .iter()
        .filter(|t| local_date(t.transacted_at, 0) == first && t.amount < 0)
        .filter_map(|t| t.merchant.clone())
        .find(|m| m.chars().all(|c| c.is_ascii_alphabetic() || c == ' '));
    if let Some(m) = on_first {
        let r = ask(&p, &format!("when did i first pay {m}"), data.end + 9000);
        assert!(
            r.local_text
                .contains(&format!("Your data starts on {}", day_text(first))),
            "{m}: {}",
            r.local_text
        );
    }
}

#[test]
fn qa4_the_usual_day_of_a_payee_and_how_often() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    // Rent: the housing payee with the most charges, and its most common day of the month.
    let mut by: HashMap<String, Vec<Date>> = HashMap::new();
    for t in bank
        .txns
        .iter()
        .filter(|t| t.category == Some(Category::Housing) && t.amount < 0)
    {
        if let Some(m) = &t.merchant {
            by.entry(m.clone())
                .or_default()
                .push(local_date(t.transacted_at, 0));
        }
    }
    let (payee, days) = by.into_iter().max_by_key(|(_, d)| d.len()).expect("rent");
    let mut n = [0usize; 32];
    days.iter().for_each(|d| n[d.day as usize] += 1);
    let usual = (1..32)
        .max_by_key(|d| (n[*d], std::cmp::Reverse(*d)))
        .expect("day");
    let suffix = match usual {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    for (i, q) in ["when do i pay rent", "when is my rent usually taken"]
        .into_iter()
        .enumerate()
    {
        let r = ask(&p, q, data.end + 1000 * (i as i64 + 1));
        assert!(
            r.local_text.contains(&payee)
                && r.local_text.contains(&format!("the {usual}{suffix}"))
                && r.local_text
                    .contains(&format!("({} of {} charges)", n[usual], days.len())),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains('$'), "{q}: {}", r.local_text);
    }
    // How often: the count and its total over all the data, and a rate, never a total alone.
    let charges = bank.charges_at("Starbucks");
    let total: i64 = charges.iter().map(|c| c.1).sum();
    let r = ask(&p, "how often do i go to starbucks", data.end + 5000);
    assert!(
        r.local_text
            .starts_with(&format!("{} times at Starbucks since ", charges.len()))
            && r.local_text.contains(&usd(total))
            && r.local_text.contains("a month"),
        "{}",
        r.local_text
    );
}

#[test]
fn qa4_two_balances_in_one_question() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let of = |k: AccountKind| {
        bank.accounts
            .iter()
            .find(|a| a.kind == k)
            .and_then(|a| a.balance)
            .map(|b| b.minor)
    };
    let (checking, card) = (
        of(AccountKind::Checking).expect("checking"),
        of(AccountKind::CreditCard).expect("card"),
    );
    let r = ask(&p, "balance of my visa and my checking", data.end);
    assert!(
        r.local_text.contains(&usd(checking)) && r.local_text.contains(&usd(card)),
        "{}",
        r.local_text
    );
    assert_eq!(r.local_text.lines().count(), 2, "{}", r.local_text);
    let r = ask(&p, "whats in checking and savings", data.end + 10);
    assert!(r.local_text.contains(&usd(checking)), "{}", r.local_text);
    assert_eq!(r.local_text.lines().count(), 2, "{}", r.local_text);
}

#[test]
fn qa4_a_part_of_the_previous_answer_and_its_total() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = last_month(today);
    let dining = |t: &Transaction| t.category == Some(Category::Dining);
    ask(&p, "how much did i spend on dining last month", data.end);
    let r = ask(&p, "how many of those were shake shack", data.end + 20);
    let shack = |t: &Transaction| dining(t) && t.merchant.as_deref() == Some("Shake Shack");
    let n = bank
        .txns
        .iter()
        .filter(|t| t.transacted_at >= lm.start_ts(0) && t.transacted_at < tm.start_ts(0))
        .filter(|t| shack(t) && t.amount < 0)
        .count();
    let total = bank.spend(lm, tm, shack);
    assert!(n > 0);
    assert!(
        r.local_text.starts_with(&format!("{n} purchase"))
            && r.local_text.contains("last month")
            && r.local_text.contains(&usd(total)),
        "{}",
        r.local_text
    );
    // "and in total?" keeps the period asked before.
    let oct = Date::new(today.year, 10, 1).expect("oct");
    let nov = Date::new(today.year, 11, 1).expect("nov");
    ask(
        &p,
        "how much did i spend on dining in october",
        data.end + 40,
    );
    let r = ask(&p, "and in total?", data.end + 60);
    assert!(
        r.local_text.contains(&usd(bank.spend(oct, nov, dining))),
        "{}",
        r.local_text
    );
    // With no period asked before, "in total" is all the data.
    ask(&p, "how much at starbucks", data.end + 1000);
    let r = ask(&p, "and in total?", data.end + 1020);
    let all: i64 = bank.charges_at("Starbucks").iter().map(|c| c.1).sum();
    assert!(r.local_text.contains(&usd(all)), "{}", r.local_text);
}

#[test]
fn qa4_new_answers_leak_nothing_at_minimal_and_summary() {
    for level in [DisclosureLevel::Minimal, DisclosureLevel::Summary] {
        let (_d, p, data) = profile(level);
        for (i, q) in [
            "when did i first go to starbucks",
            "when do i pay rent",
            "how often do i go to starbucks",
            "balance of my visa and my checking",
        ]
        .iter()
        .enumerate()
        {
            let r = ask(&p, q, data.end + 1000 * i as i64);
            let t = r.platform_text.as_str();
            assert!(
                !t.contains("Starbucks") && !t.contains("Avalon"),
                "{q}: {t}"
            );
            assert!(!t.contains(", 2025") && !t.contains(", 2026"), "{q}: {t}");
            if level == DisclosureLevel::Minimal {
                assert!(!t.chars().any(|c| c.is_ascii_digit()), "{q}: {t}");
            }
        }
        ask(
            &p,
            "how much did i spend on dining last month",
            data.end + 9000,
        );
        let r = ask(&p, "how many of those were shake shack", data.end + 9010);
        assert!(!r.platform_text.as_str().contains("Shake Shack"));
    }
}

#[test]
fn qa4_a_part_of_nothing_asks_which() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = ask(&p, "how many of those were shake shack", data.end);
    assert!(
        r.local_text.starts_with("Which figures"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains('$'));
    // "since when" asks for the first charge, not which dates.
    let r = ask(&p, "since when do i pay for spotify", data.end + 1000);
    assert!(
        r.local_text.starts_with("Your first charge at Spotify"),
        "{}",
        r.local_text
    );
}
