//! QA pass 6's families (issue #13), on the sandbox year ending 2026-12-05, every figure
//! computed here from the vault's transactions and accounts, not by the assistant's code: a
//! recurring charge's price (its typical charge, not a calendar average), a year of it,
//! whether it is monthly, the bills coming up, the last time of something and its account,
//! the average per visit; and each of these at `summary` and `minimal` names no merchant, and
//! at `minimal` carries no digit.

use tacit_core::assistant::{Reply, Settings};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{AccountKind, Category, Transaction};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::{OpenOptions, TxnFilter};

fn profile(level: DisclosureLevel) -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    let data = SandboxBank::year_ending(2026, Date::new(2026, 12, 5).expect("date"), 0);
    p.ingest(&data.batch(), data.end).expect("ingest");
    (dir, p, data)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

/// A merchant's charges (money out), oldest first: day, amount (positive), account kind.
fn charges(p: &Profile, merchant: &str) -> Vec<(Date, i64, AccountKind)> {
    let accounts = p.accounts().expect("accounts");
    let mut v: Vec<(Date, i64, AccountKind)> = p
        .transactions(&TxnFilter::default())
        .expect("txns")
        .into_iter()
        .filter(|t: &Transaction| t.merchant.as_deref() == Some(merchant) && t.amount < 0)
        .map(|t| {
            let kind = accounts
                .iter()
                .find(|a| a.id == t.account)
                .map(|a| a.kind)
                .expect("account");
            (local_date(t.transacted_at, 0), -t.amount, kind)
        })
        .collect();
    v.sort_by_key(|c| (c.0, c.1));
    v
}

fn mean(v: &[(Date, i64, AccountKind)]) -> i64 {
    let n = v.len() as i64;
    (v.iter().map(|c| c.1).sum::<i64>() + n / 2) / n
}

fn short(d: Date) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", M[d.month as usize - 1], d.day)
}

#[test]
fn a_recurring_charge_is_priced_by_its_charge_not_a_calendar_average() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let hulu = charges(&p, "Hulu");
    assert!(hulu.len() >= 3 && hulu.iter().all(|c| c.1 == hulu[0].1));
    let r = ask(&p, "how much is hulu a month", data.end);
    let want = format!(
        "{} a charge, the same each time ({} charges",
        usd(hulu[0].1),
        hulu.len()
    );
    assert!(r.local_text.contains(&want), "{}", r.local_text);
    assert!(
        r.local_text.contains("It comes monthly"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains("on average"), "{}", r.local_text);
    // A year of it: twelve charges.
    let r = ask(&p, "how much would i save a year without hulu", data.end);
    assert!(
        r.local_text.contains(&usd(12 * hulu[0].1)),
        "{}",
        r.local_text
    );
}

#[test]
fn a_bill_that_varies_is_its_mean_with_its_range_and_latest() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let v = charges(&p, "Verizon Wireless");
    let low = v.iter().map(|c| c.1).min().expect("bills");
    let high = v.iter().map(|c| c.1).max().expect("bills");
    let last = v.last().expect("bills");
    for q in [
        "how much is my verizon bill a month",
        "phone bill how much is every month",
    ] {
        let r = ask(&p, q, data.end);
        let t = &r.local_text;
        assert!(
            t.contains(&format!("about {} a charge on average", usd(mean(&v)))),
            "{q}: {t}"
        );
        assert!(
            t.contains(&format!("from {} to {}", usd(low), usd(high))),
            "{q}: {t}"
        );
        assert!(
            t.contains(&format!(
                "the last was {} on {}",
                usd(last.1),
                short(last.0)
            )),
            "{q}: {t}"
        );
    }
}

#[test]
fn a_monthly_payee_is_said_monthly_with_its_day() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let v = charges(&p, "State Farm");
    let day = v.last().expect("charges").0.day;
    assert!(v.iter().all(|c| c.0.day == day));
    let r = ask(&p, "is state farm monthly", data.end);
    let t = &r.local_text;
    assert!(
        t.starts_with(&format!("Yes: {} at State Farm every month", usd(v[0].1))),
        "{t}"
    );
    assert!(
        t.contains(&format!("({} of {} months", v.len(), v.len())),
        "{t}"
    );
    // Not monthly: a haircut every month or two.
    let r = ask(&p, "is great clips monthly", data.end);
    assert!(r.local_text.starts_with("No:"), "{}", r.local_text);
}

#[test]
fn the_bills_coming_up_are_the_monthly_bills_and_the_card_due() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let r = ask(&p, "what bills are coming up", data.end);
    let t = &r.local_text;
    assert!(!t.contains("on bills this month"), "{t}");
    // Each monthly bill payee of the last months, a month after its latest charge.
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let mut payees: Vec<String> = txns
        .iter()
        .filter(|t| matches!(t.category, Some(Category::Bills | Category::Housing)))
        .filter_map(|t| t.merchant.clone())
        .collect();
    payees.sort();
    payees.dedup();
    let mut expected = 0;
    for m in payees {
        let v = charges(&p, &m);
        let Some(last) = v.last() else { continue };
        let next = last
            .0
            .add_months_first(1)
            .add_days(i64::from(last.0.day) - 1);
        if today.days() - last.0.days() > 45 || next > today.add_days(30) || v.len() < 3 {
            continue;
        }
        expected += 1;
        assert!(t.contains(&format!("{m} about ")), "{m}: {t}");
        assert!(t.contains(&format!("around {}", short(next))), "{m}: {t}");
    }
    let card = p
        .accounts()
        .expect("accounts")
        .into_iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("card");
    let terms = card.credit.expect("terms");
    let (due, owed) = (
        terms.due_date.expect("due"),
        terms.statement_balance.expect("owed"),
    );
    assert!(
        t.contains(&format!("payment {} due {}", usd(owed), short(due))),
        "{t}"
    );
    assert!(
        t.starts_with(&format!("{} bills expected", expected + 1)),
        "{t}"
    );
    // "due this month": only those before the month ends.
    let r = ask(&p, "what bills are due this month", data.end);
    assert!(
        r.local_text.contains("expected by Dec 31, 2026"),
        "{}",
        r.local_text
    );
    assert!(!r.local_text.contains("around Jan"), "{}", r.local_text);
}

#[test]
fn the_last_time_of_something_is_searched_over_all_the_data() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let clips = charges(&p, "Great Clips");
    let last = clips.last().expect("haircuts");
    let want = format!("{}, {}", short(last.0), last.0.year);
    for q in [
        "when was my last haircut",
        "when was my last great clips",
        "last time i went to great clips",
    ] {
        let r = ask(&p, q, data.end);
        assert!(r.local_text.contains(&want), "{q}: {}", r.local_text);
        assert!(r.local_text.contains(&usd(last.1)), "{q}: {}", r.local_text);
    }
    let united = charges(&p, "United Airlines");
    let flight = united.last().expect("a flight");
    let r = ask(&p, "when was the united flight", data.end);
    assert!(
        r.local_text
            .contains(&format!("{}, {}", short(flight.0), flight.0.year)),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains(&usd(flight.1)), "{}", r.local_text);
    // Which account: the account the latest charge was on.
    let marriott = charges(&p, "Marriott");
    let stay = marriott.last().expect("a stay");
    let r = ask(
        &p,
        "was the marriott charge on the card or checking",
        data.end,
    );
    let kind = match stay.2 {
        AccountKind::CreditCard => "credit card",
        _ => "checking",
    };
    assert!(
        r.local_text.contains(&format!("was on your {kind}")),
        "{}",
        r.local_text
    );
    // The average per visit.
    let r = ask(&p, "great clips avg price", data.end);
    assert!(
        r.local_text
            .starts_with(&format!("{} a visit on average", usd(mean(&clips)))),
        "{}",
        r.local_text
    );
}

#[test]
fn no_merchant_or_exact_figure_leaves_at_summary_or_minimal() {
    let questions = [
        "how much is hulu a month",
        "how much is my verizon bill a month",
        "is state farm monthly",
        "how much would i save a year without hulu",
        "what bills are coming up",
        "when was my last haircut",
        "when was the united flight",
        "great clips avg price",
        "how many no-spend days did i have in november",
        "how much do i usually have left at the end of a month",
        "break it down by month since august",
        "do i ever pay interest on the card",
        "how many accounts do i have",
    ];
    for level in [DisclosureLevel::Summary, DisclosureLevel::Minimal] {
        let (_d, p, data) = profile(level);
        for q in questions {
            let r = ask(&p, q, data.end);
            let text: &str = &r.platform_text;
            for name in [
                "Hulu",
                "Verizon",
                "State Farm",
                "Great Clips",
                "United",
                "Xfinity",
                "Avalon",
            ] {
                assert!(!text.contains(name), "{q} at {level:?}: {text}");
            }
            // Rounded amounts only: no cents.
            assert!(!has_cents(text), "{q} at {level:?}: {text}");
            if level == DisclosureLevel::Minimal {
                assert!(!text.chars().any(|c| c.is_ascii_digit()), "{q}: {text}");
            }
        }
    }
}

/// Whether a "$" amount in the text has cents ("$17.99").
fn has_cents(text: &str) -> bool {
    text.split('$').skip(1).any(|rest| {
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        n.trim_end_matches('.').contains('.')
    })
}

/// Spending as the assistant counts it: money out and refunds, never income or transfers.
fn spend(t: &Transaction) -> Option<i64> {
    match t.category {
        Some(Category::Transfer | Category::Income) => None,
        _ if t.status == tacit_core::model::TxnStatus::Pending && t.amount > 0 => None,
        _ => Some(-t.amount),
    }
}

#[test]
fn days_months_accounts_and_interest_are_counted_from_the_vault() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    // No-spend days in November: the days with no purchase.
    let (nov, dec) = (
        Date::new(2026, 11, 1).expect("d"),
        Date::new(2026, 12, 1).expect("d"),
    );
    let free = (0..30)
        .map(|i| nov.add_days(i))
        .filter(|d| {
            !txns
                .iter()
                .any(|t| local_date(t.transacted_at, 0) == *d && spend(t).is_some_and(|s| s > 0))
        })
        .count();
    let r = ask(
        &p,
        "how many no-spend days did i have in november",
        data.end,
    );
    assert!(
        r.local_text
            .starts_with(&format!("You had {free} no-spend day")),
        "{}",
        r.local_text
    );
    // What is left a month: money in minus out over the whole months, averaged.
    let first = txns
        .iter()
        .map(|t| local_date(t.transacted_at, 0))
        .min()
        .expect("data");
    let first_whole = if first.day == 1 {
        first
    } else {
        first.first_of_month().add_months_first(1)
    };
    let months = (today.first_of_month().month_index() - first_whole.month_index()).min(12);
    let from = today.first_of_month().add_months_first(-(months as i32));
    let net: i64 = txns
        .iter()
        .filter(|t| {
            let d = local_date(t.transacted_at, 0);
            d >= from && d < today.first_of_month() && t.category != Some(Category::Transfer)
        })
        .filter(|t| t.amount < 0 || t.status == tacit_core::model::TxnStatus::Posted)
        .map(|t| t.amount)
        .sum();
    let r = ask(
        &p,
        "how much do i usually have left at the end of a month",
        data.end,
    );
    let avg = (net + months / 2) / months;
    assert!(
        r.local_text
            .contains(&format!("On average {} was left", usd(avg))),
        "{}",
        r.local_text
    );
    // By month since August: each month's spending.
    let r = ask(&p, "break it down by month since august", data.end);
    for (m, name) in [
        (8, "August"),
        (9, "September"),
        (10, "October"),
        (11, "November"),
    ] {
        let start = Date::new(2026, m, 1).expect("d");
        let end = start.add_months_first(1);
        let sum: i64 = txns
            .iter()
            .filter(|t| (start..end).contains(&local_date(t.transacted_at, 0)))
            .filter_map(spend)
            .sum();
        assert!(
            r.local_text
                .contains(&format!("{name} 2026: {}\n", usd(sum))),
            "{name}: {}",
            r.local_text
        );
    }
    assert!(r.local_text.contains("December 2026: "), "{}", r.local_text);
    assert!(dec < today);
    // The accounts, masked; interest: none in the data, and the APR.
    let accounts = p.accounts().expect("accounts");
    let r = ask(&p, "how many accounts do i have", data.end);
    assert!(
        r.local_text
            .starts_with(&format!("You have {} accounts", accounts.len())),
        "{}",
        r.local_text
    );
    for a in &accounts {
        let last4 = a.last4.clone().expect("last four");
        assert!(
            r.local_text.contains(&format!("••{last4}")),
            "{}",
            r.local_text
        );
    }
    let interest = txns
        .iter()
        .any(|t| t.description.to_lowercase().contains("interest"));
    let r = ask(&p, "do i ever pay interest on the card", data.end);
    assert_eq!(
        r.local_text.starts_with("I see no interest charges"),
        !interest,
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains("purchase APR is"), "{}", r.local_text);
    // The weekday spent most on, over all the data.
    let mut by_day = [0i64; 7];
    for t in &txns {
        if let Some(s) = spend(t) {
            by_day[local_date(t.transacted_at, 0).weekday() as usize] += s;
        }
    }
    let r = ask(&p, "which weekday do i usually spend the most on", data.end);
    assert!(!r.local_text.starts_with("Which dates"), "{}", r.local_text);
    let top = (0..7).max_by_key(|i| by_day[*i]).expect("a day");
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    assert!(
        r.local_text.contains(DAYS[top]),
        "{}: {}",
        DAYS[top],
        r.local_text
    );
}
