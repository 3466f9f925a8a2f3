//! A short question that names nothing of its own after a question about one merchant
//! (issue #13: never all spending this month for a question about something else), on the
//! sandbox bank with every figure computed here from the vault's transactions:
//! - "how much total" / "how much did i pay" keep the merchant and its period;
//! - "total for the year" / "for the whole year" are this year, on that merchant;
//! - "how much at #1" after a ranking is the first row;
//! - "how much did i spend" stays a question of its own (all spending).

mod support;

use support::{ask, day_of, in_month, month, profile, spend, usd};
use tacit_core::model::Transaction;
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::TxnFilter;

/// The merchant with the most purchases this year (plain names only), and its year's spend.
fn regular(txns: &[Transaction], jan: Date, today: Date) -> (String, i64) {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for t in txns
        .iter()
        .filter(|t| t.amount < 0 && (jan..=today).contains(&day_of(t)))
    {
        if let Some(n) = t
            .merchant
            .as_ref()
            .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        {
            *counts.entry(n.clone()).or_default() += 1;
        }
    }
    let name = counts
        .into_iter()
        .max_by_key(|(_, c)| *c)
        .expect("a merchant")
        .0;
    let s = spend(txns, |t| {
        t.merchant.as_deref() == Some(name.as_str()) && (jan..=today).contains(&day_of(t))
    });
    (name, s)
}

/// The sandbox profile, its transactions, today, and its most regular merchant with this
/// year's spend there.
fn setup() -> (
    tempfile::TempDir,
    Profile,
    Timestamp,
    Vec<Transaction>,
    Date,
    String,
    i64,
) {
    let (d, p, data) = profile();
    let now = data.end;
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let today = local_date(now, 0);
    let jan = Date::new(today.year, 1, 1).expect("date");
    let (name, year) = regular(&txns, jan, today);
    (d, p, now, txns, today, name, year)
}

#[test]
fn a_bare_total_after_a_merchant_stays_on_it() {
    let (_d, p, now, txns, today, name, year) = setup();
    let month_all = spend(&txns, |t| day_of(t) >= today.first_of_month());
    let r = ask(
        &p,
        &format!(
            "how many times did i go to {} this year",
            name.to_lowercase()
        ),
        now,
    );
    assert!(r.contains(&usd(year)), "{r}");
    for q in ["how much total", "how much did i pay"] {
        let r = ask(&p, q, now);
        assert!(r.contains(&usd(year)) && r.contains(&name), "{q}: {r}");
        assert!(!r.contains(&usd(month_all)), "{q}: {r}");
    }
    // A question of its own: all spending this month.
    let r = ask(&p, "how much did i spend", now);
    assert!(r.contains(&usd(month_all)), "{r}");
}

#[test]
fn total_for_the_year_after_a_payee_is_its_year() {
    let (_d, p, now, _, _, name, year) = setup();
    ask(
        &p,
        &format!("how much at {} last month", name.to_lowercase()),
        now,
    );
    let r = ask(&p, "total for the year", now);
    assert!(r.contains(&usd(year)) && r.contains(&name), "{r}");
}

#[test]
fn how_much_at_hash_one_is_the_first_row() {
    let (_d, p, data) = profile();
    let now = data.end;
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let m = month(local_date(now, 0), 1);
    let r = ask(&p, "top merchants last month", now);
    let first = r
        .lines()
        .find_map(|l| l.trim().strip_prefix("1. "))
        .and_then(|l| l.rsplit_once(" $"))
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| panic!("no first row: {r}"));
    let want = spend(&txns, |t| {
        in_month(t, &m) && t.merchant.as_deref() == Some(first.as_str())
    });
    let r = ask(&p, "how much at #1", now);
    assert!(r.contains(&first) && r.contains(&usd(want)), "{r}");
}
