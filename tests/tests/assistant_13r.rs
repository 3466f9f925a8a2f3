//! QA pass 4's leftovers (issue #13), on the sandbox bank with every figure computed from the
//! vault: a word asked about that names nothing in the vault never becomes the total of all
//! spending; the savings rate; merchants ranked by visits and by what a visit costs; the
//! balances net of the card; "does that include X" after a total; "which of those four"
//! across two comparisons; the card's last digits; money in against spending over the same
//! period.

use std::collections::BTreeMap;
use tacit_core::assistant::{Reply, Settings};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{AccountKind, Category, Transaction, TxnStatus};
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
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    p.ingest(&data.batch(), data.end).expect("ingest");
    (dir, p, data)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

fn txns(p: &Profile) -> Vec<Transaction> {
    p.transactions(&TxnFilter::default()).expect("txns")
}

fn day(t: &Transaction) -> Date {
    local_date(t.transacted_at, 0)
}

/// Spending as the assistant counts it: money out and refunds, never income or transfers.
fn spend(t: &Transaction) -> Option<i64> {
    match t.category {
        Some(Category::Transfer | Category::Income) => None,
        _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
        _ => Some(-t.amount),
    }
}

#[test]
fn an_unknown_thing_asked_about_is_never_the_total_of_everything() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    for q in [
        "how much on widgets this year",
        "how much on booze last month",
        "lol ok what about beer this year",
    ] {
        let r = ask(&p, q, data.end);
        assert!(!r.local_text.contains('$'), "{q}: {}", r.local_text);
    }
}

#[test]
fn the_savings_rate_is_saved_over_money_in_this_year() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let (mut money_in, mut money_out) = (0i64, 0i64);
    for t in txns(&p) {
        let d = day(&t);
        if d.year != today.year || d > today || t.category == Some(Category::Transfer) {
            continue;
        }
        if t.amount > 0 && t.status == TxnStatus::Posted {
            money_in += t.amount;
        } else if t.amount < 0 {
            money_out -= t.amount;
        }
    }
    let tenths = i128::from(money_in - money_out) * 1000 / i128::from(money_in);
    let want = format!("{}.{}% of what came in", tenths / 10, tenths % 10);
    for q in ["whats my savings rate", "my saving rate this year"] {
        let r = ask(&p, q, data.end);
        assert!(r.local_text.contains(&want), "{q}: {}", r.local_text);
        assert!(
            r.local_text.contains(&usd(money_in)),
            "{q}: {}",
            r.local_text
        );
    }
    // The rate stays on the phone at every level.
    for level in [DisclosureLevel::Full, DisclosureLevel::Summary] {
        let (_d, p, data) = profile(level);
        let r = ask(&p, "whats my savings rate", data.end);
        assert!(!r.platform_text.contains('%'), "{}", &*r.platform_text);
    }
}

/// A category's purchases per merchant over the last 365 days: how many, and what they cost.
fn by_merchant(p: &Profile, today: Date, cat: Category) -> BTreeMap<String, (i64, i64)> {
    let start = today.add_days(-364);
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for t in txns(p) {
        let d = day(&t);
        if d < start || d > today || t.category != Some(cat) {
            continue;
        }
        let (Some(s), Some(m)) = (spend(&t), t.merchant.clone()) else {
            continue;
        };
        let e = out.entry(m).or_insert((0, 0));
        *e = (e.0 + 1, e.1 + s);
    }
    out
}

#[test]
fn merchants_ranked_by_visits_and_by_what_a_visit_costs() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let dining = by_merchant(&p, today, Category::Dining);
    let (top, (n, _)) = dining
        .iter()
        .max_by_key(|(m, (n, _))| (*n, std::cmp::Reverse((*m).clone())))
        .expect("dining");
    for q in [
        "which restaurant do i go to most often",
        "what restaurant do i visit most frequently",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&format!("{top} {n} visits")),
            "{q}: {}",
            r.local_text
        );
    }
    let groceries = by_merchant(&p, today, Category::Groceries);
    let avg = |(n, sum): (i64, i64)| (2 * sum + n) / (2 * n);
    let (cheapest, per) = groceries
        .iter()
        .map(|(m, v)| (m.clone(), avg(*v)))
        .min_by_key(|(m, v)| (*v, m.clone()))
        .expect("groceries");
    for q in [
        "which grocery store is cheapest for me per visit",
        "what grocery store costs me the least per trip",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&format!("{cheapest} {}", usd(per))),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn the_balances_net_of_the_card_and_the_cards_last_digits() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let accounts = p.accounts().expect("accounts");
    let net: i64 = accounts
        .iter()
        .filter_map(|a| a.balance.as_ref().map(|b| b.minor))
        .sum();
    let r = ask(&p, "what's my net balance after the card", data.end);
    assert!(r.local_text.contains(&usd(net)), "{}", r.local_text);
    let card = accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .and_then(|a| a.last4.clone())
        .expect("card");
    for q in [
        "what's the last 4 of my card",
        "last four digits of my card",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&format!("••{card}")),
            "{q}: {}",
            r.local_text
        );
        // The number stays on the phone.
        assert!(!r.platform_text.contains(&card), "{q}");
    }
}

#[test]
fn whether_a_merchant_is_inside_the_figure_just_given() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = ask(&p, "amazon this year", data.end);
    assert!(r.local_text.contains("at Amazon"), "{}", r.local_text);
    let r = ask(&p, "does that include prime", data.end + 5);
    assert!(
        r.local_text
            .starts_with("No, that figure does not include it."),
        "{}",
        r.local_text
    );
    let today = local_date(data.end, 0);
    let prime: i64 = txns(&p)
        .iter()
        .filter(|t| t.merchant.as_deref() == Some("Amazon Prime") && day(t).year == today.year)
        .filter_map(spend)
        .sum();
    assert!(r.local_text.contains(&usd(prime)), "{}", r.local_text);
    // An unfiltered total holds every merchant's charges.
    ask(&p, "how much did i spend last month", data.end + 10);
    let r = ask(&p, "is netflix included in that", data.end + 15);
    assert!(
        r.local_text.starts_with("Yes, that figure includes it."),
        "{}",
        r.local_text
    );
}

#[test]
fn which_of_those_four_sets_both_comparisons_side_by_side() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let first = today.first_of_month().add_months_first(-1);
    let cats = [
        Category::Dining,
        Category::Groceries,
        Category::Transport,
        Category::Shopping,
    ];
    let total = |c: Category| -> i64 {
        txns(&p)
            .iter()
            .filter(|t| {
                let d = day(t);
                t.category == Some(c) && d >= first && d < today.first_of_month()
            })
            .filter_map(spend)
            .sum()
    };
    ask(
        &p,
        "how much did i spend on dining and groceries last month",
        data.end,
    );
    ask(&p, "and transport and shopping", data.end + 5);
    let r = ask(&p, "which of those four was biggest", data.end + 10);
    for c in cats {
        assert!(
            r.local_text.contains(&usd(total(c))),
            "{c:?}: {}",
            r.local_text
        );
    }
}

#[test]
fn money_in_against_spending_over_the_same_period() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let start = Date::new(today.year, 7, 1).expect("date");
    let out: i64 = txns(&p)
        .iter()
        .filter(|t| day(t) >= start && t.amount < 0 && t.category != Some(Category::Transfer))
        .map(|t| -t.amount)
        .sum();
    ask(
        &p,
        "how much have i been paid in total since july",
        data.end,
    );
    let r = ask(
        &p,
        "is that more or less than what i spent in the same time",
        data.end + 5,
    );
    assert!(r.local_text.contains(&usd(out)), "{}", r.local_text);
    assert!(r.local_text.contains("came in"), "{}", r.local_text);
}
