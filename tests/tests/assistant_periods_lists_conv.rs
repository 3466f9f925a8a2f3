//! Conversations on the sandbox bank about the shapes of periods and lists, every figure
//! checked against a direct computation over the vault: weekends or weekdays inside a period
//! (kept by follow-ups), holiday weekends, "that friday" / "that day" after a named day, "the
//! rest of the month" after part of it, corrections ("no i meant the week before"), lists of
//! three or more merchants or categories, and "the last N days" as exactly N days.

use std::collections::HashMap;
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
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
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

    /// The assistant's spending over `[from, until)`: money out, refunds back, no income or
    /// transfers, no loans.
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

fn weekend(t: &Transaction) -> bool {
    local_date(t.transacted_at, 0).weekday() >= 5
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> String {
    p.handle_message(text, now).expect("reply").local_text
}

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

#[test]
fn weekends_and_weekdays_inside_a_period_and_kept_by_follow_ups() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let ends = bank.spend(lm, tm, weekend);
    let days = bank.spend(lm, tm, |t| !weekend(t));
    // The test's own split adds up: every day is one or the other.
    assert_eq!(ends + days, bank.spend(lm, tm, |_| true));
    assert_ne!(ends, days);
    // "weekend spending last month": last month's Saturdays and Sundays, never one weekend.
    let r = ask(&p, "weekend spending last month", data.end);
    assert!(r.contains(&usd(ends)) && r.contains("on weekends"), "{r}");
    let r = ask(&p, "how about just weekdays", data.end + 30);
    assert!(r.contains(&usd(days)) && r.contains("on weekdays"), "{r}");
    // "same thing for <the month before>": that month's weekdays.
    let before = lm.add_months_first(-1);
    let r = ask(
        &p,
        &format!("same thing for {}", MONTHS[before.month as usize - 1]),
        data.end + 60,
    );
    let want = bank.spend(before, lm, |t| !weekend(t));
    assert!(r.contains(&usd(want)) && r.contains("on weekdays"), "{r}");
    // A category with the week part: both filters.
    let r = ask(
        &p,
        "how much on dining on weekends last month",
        data.end + 600 * 3,
    );
    let want = bank.spend(lm, tm, |t| {
        weekend(t) && t.category == Some(Category::Dining)
    });
    assert!(r.contains(&usd(want)), "{r}");
}

#[test]
fn holiday_weekends_are_the_long_weekend() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let july4 = Date::new(2026, 7, 4).expect("date");
    // July 4, 2026 is a Saturday: its long weekend is Friday (the day off) to Sunday.
    assert_eq!(july4.weekday(), 5);
    let want = bank.spend(july4.add_days(-1), july4.add_days(2), |_| true);
    let r = ask(
        &p,
        "how much did i spend over the 4th of july weekend",
        data.end,
    );
    assert!(r.contains(&usd(want)) && r.contains("weekend"), "{r}");
    let r = ask(&p, "spending july 4th weekend", data.end + 600 * 2);
    assert!(r.contains(&usd(want)), "{r}");
    // After a holiday weekend, "and labor day" is Labor Day weekend (Saturday to Monday,
    // September 5 to 7 in 2026).
    let labor = Date::new(2026, 9, 7).expect("date");
    assert_eq!(labor.weekday(), 0);
    ask(&p, "memorial day weekend spending", data.end + 600 * 4);
    let r = ask(&p, "and labor day", data.end + 600 * 4 + 30);
    let want = bank.spend(labor.add_days(-2), labor.add_days(1), |_| true);
    assert!(r.contains(&usd(want)), "{r}");
}

#[test]
fn that_day_is_the_day_the_previous_turn_named() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    // The last Friday before today.
    let back = (i64::from(today.weekday()) - 4).rem_euclid(7);
    let friday = today.add_days(if back == 0 { -7 } else { -back });
    let label = format!(
        "{}{} {}, {}",
        MONTHS[friday.month as usize - 1][..1].to_uppercase(),
        &MONTHS[friday.month as usize - 1][1..],
        friday.day,
        friday.year
    );
    // Alone, "that friday" is a question, never the last Friday.
    let r = ask(&p, "what did i buy that friday", data.end);
    assert!(
        r.starts_with("Which dates do you mean?") && !r.contains('$'),
        "{r}"
    );
    let r = ask(&p, "how much did i spend last friday", data.end + 600 * 2);
    assert!(
        r.contains(&usd(bank.spend(friday, friday.add_days(1), |_| true))),
        "{r}"
    );
    for q in [
        "what did i actually get that friday",
        "and what did i buy that day",
    ] {
        let r = ask(&p, q, data.end + 600 * 2 + 30);
        let n = bank
            .txns
            .iter()
            .filter(|t| local_date(t.transacted_at, 0) == friday && !bank.is_loan(t))
            .filter(|t| t.amount < 0 && t.category != Some(Category::Transfer))
            .count();
        assert!(r.contains(&label), "{q}: {r}");
        if n > 0 {
            assert!(r.starts_with(&format!("{n} transaction")), "{q}: {r}");
        }
    }
}

#[test]
fn the_rest_of_the_month_and_corrections_follow_the_previous_period() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let lm = today.add_months_first(-1);
    let month = MONTHS[lm.month as usize - 1];
    let sixteenth = lm.add_days(15);
    ask(&p, &format!("spending {month} 1 to 15"), data.end);
    let r = ask(&p, "and the rest of the month", data.end + 30);
    let want = bank.spend(sixteenth, today.first_of_month(), |_| true);
    assert!(r.contains(&usd(want)), "{r}");
    // "no i meant the week before": the week before last week; the next turn keeps it.
    let monday = today.add_days(-i64::from(today.weekday()));
    let (w2, w1) = (monday.add_days(-14), monday.add_days(-7));
    let r = ask(&p, "spending last week", data.end + 600 * 2);
    assert!(r.contains(&usd(bank.spend(w1, monday, |_| true))), "{r}");
    let r = ask(&p, "no i meant the week before", data.end + 600 * 2 + 30);
    assert!(r.contains(&usd(bank.spend(w2, w1, |_| true))), "{r}");
    let r = ask(&p, "ok and on dining that week", data.end + 600 * 2 + 60);
    let want = bank.spend(w2, w1, |t| t.category == Some(Category::Dining));
    assert!(r.contains(&usd(want)) && r.contains("dining"), "{r}");
}

#[test]
fn lists_of_three_keep_every_item_and_a_comparison_ranks_them() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    // The three merchants with the most purchases last month.
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
    let three: Vec<&str> = ranked.iter().take(3).map(|(m, _)| *m).collect();
    let at = |m: &str| bank.spend(lm, tm, |t| t.merchant.as_deref() == Some(m));
    let q = format!(
        "{} vs {} vs {} last month",
        three[0].to_lowercase(),
        three[1].to_lowercase(),
        three[2].to_lowercase()
    );
    let r = ask(&p, &q, data.end);
    let mut figures: Vec<(i64, usize)> = three
        .iter()
        .map(|m| {
            let v = at(m);
            let pos = r
                .find(&format!("{} ", usd(v)))
                .unwrap_or_else(|| panic!("{m}: {r}"));
            assert!(r.contains(m), "{m}: {r}");
            (v, pos)
        })
        .collect();
    // Ranked: the most spent first.
    figures.sort_by_key(|f| std::cmp::Reverse(f.0));
    assert!(figures.windows(2).all(|w| w[0].1 < w[1].1), "{r}");
    // Three categories joined: each, and their sum.
    let cats = [Category::Groceries, Category::Dining, Category::Shopping];
    let r = ask(
        &p,
        "groceries and dining and shopping last month",
        data.end + 600 * 2,
    );
    let each: Vec<i64> = cats
        .iter()
        .map(|c| bank.spend(lm, tm, |t| t.category == Some(*c)))
        .collect();
    for v in &each {
        assert!(r.contains(&usd(*v)), "{r}");
    }
    assert!(
        r.contains(&format!("{} in all", usd(each.iter().sum()))),
        "{r}"
    );
}

#[test]
fn the_last_n_days_are_exactly_n_days() {
    let (_d, p, data) = profile();
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let want = bank.spend(today.add_days(-89), today.add_days(1), |_| true);
    let r = ask(&p, "how much did i spend in the last 90 days", data.end);
    assert!(r.contains(&usd(want)) && r.contains("past 90 days"), "{r}");
    let want = bank.spend(today.add_days(-6), today.add_days(1), |_| true);
    let r = ask(&p, "spending last 7 days", data.end + 600 * 2);
    assert!(r.contains(&usd(want)) && r.contains("past 7 days"), "{r}");
}
