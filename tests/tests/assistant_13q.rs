//! Answers a person can trust (issue #13, QA8's remaining causes), on the sandbox bank with
//! every figure computed here from the vault's transactions:
//! - an amount bound ("everything over $500") lists purchases only and says so;
//! - a comma list of three merchants answers each of them;
//! - "my average per month this year" after savings turns is the average saved;
//! - "is it higher than usual" after a bill that varies: the latest against its average;
//! - "when will it clear" after a pending charge: it, and how pending charges post;
//! - "where was it" after the biggest purchase: that purchase, with its merchant;
//! - "and on food" after an average asks which food, and keeps the average;
//! - "on average at <merchant>" is per visit;
//! - "any charge i should worry about" and "what are they" after it: the open alerts;
//! - "whats coming out of my account next week": the bills expected;
//! - "prime included?" after Amazon: not in that figure, and Prime's own total.

mod support;

use support::{alert_of, ask, day_of, in_month, month, profile, spend, usd};
use tacit_core::model::{Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::TxnFilter;

fn setup() -> (
    tempfile::TempDir,
    Profile,
    Timestamp,
    Vec<Transaction>,
    Date,
) {
    let (d, p, data) = profile();
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    (d, p, data.end, txns, local_date(data.end, 0))
}

/// Neither a transfer (card payments, moves between accounts) nor income.
fn purchase(t: &Transaction) -> bool {
    t.amount < 0 && !matches!(t.category, Some(Category::Transfer | Category::Income))
}

fn this_year(t: &Transaction, today: Date) -> bool {
    let d = day_of(t);
    d.year == today.year && d <= today
}

#[test]
fn an_amount_bound_lists_purchases_only() {
    let (_d, p, now, txns, today) = setup();
    let big: Vec<&Transaction> = txns
        .iter()
        .filter(|t| this_year(t, today) && purchase(t) && -t.amount > 50_000)
        .collect();
    let sum: i64 = big.iter().map(|t| -t.amount).sum();
    assert!(big.len() >= 2, "the sandbox has purchases over $500");
    let r = ask(&p, "show me everything over $500 this year", now);
    let head = format!(
        "{} purchases over {} this year: {} out",
        big.len(),
        usd(50_000),
        usd(sum)
    );
    assert!(r.starts_with(&head), "{r}\nwant: {head}");
    // A salary or a card payment of that size is no purchase.
    let all = txns
        .iter()
        .filter(|t| this_year(t, today) && t.amount.abs() > 50_000)
        .count();
    assert!(
        all > big.len(),
        "the year holds salary and card payments over $500"
    );
    // "transactions over $500" asks for every kind, money in too.
    let r = ask(&p, "transactions over $500 this year", now);
    assert!(r.starts_with(&format!("{all} transactions")), "{r}");
}

#[test]
fn a_comma_list_of_three_merchants_answers_each() {
    let (_d, p, now, txns, today) = setup();
    let m = month(today, 1);
    let mut names: Vec<String> = txns
        .iter()
        .filter(|t| in_month(t, &m) && purchase(t))
        .filter_map(|t| t.merchant.clone())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    names.sort();
    names.dedup();
    let three: Vec<String> = names.into_iter().take(3).collect();
    assert_eq!(three.len(), 3, "three one-word merchants last month");
    let q = format!(
        "how much at {}, {} and {} last month",
        three[0].to_lowercase(),
        three[1].to_lowercase(),
        three[2].to_lowercase()
    );
    let r = ask(&p, &q, now);
    for n in &three {
        let s = spend(&txns, |t| {
            in_month(t, &m) && t.merchant.as_deref() == Some(n)
        });
        assert!(
            r.contains(&format!("{} (", usd(s))) && r.contains(n.as_str()),
            "{q}\n{r}\n{n}: {}",
            usd(s)
        );
    }
}

#[test]
fn an_average_after_savings_is_the_average_saved() {
    let (_d, p, now, txns, today) = setup();
    ask(&p, "how much did i save last month", now);
    ask(&p, "and the month before", now);
    let r = ask(&p, "whats my average per month this year", now);
    // The net of the year: money in less money out, transfers neither way.
    let net: i64 = txns
        .iter()
        .filter(|t| this_year(t, today) && t.category != Some(Category::Transfer))
        .filter(|t| !(t.status == TxnStatus::Pending && t.amount > 0))
        .map(|t| t.amount)
        .sum();
    let said = if net >= 0 {
        "You saved "
    } else {
        "Money out exceeded money in by "
    };
    assert!(
        r.starts_with(said) && r.contains("a month on average this year"),
        "{r}"
    );
    assert!(
        r.contains(&format!("{} over ", usd(net.abs()))),
        "{r}\nnet {}",
        usd(net)
    );
    assert!(!r.contains("you spent"), "{r}");
}

#[test]
fn higher_than_usual_after_a_bill_that_varies() {
    let (_d, p, now, txns, today) = setup();
    let mut bills: Vec<&Transaction> = txns
        .iter()
        .filter(|t| t.merchant.as_deref() == Some("City Power & Light"))
        .filter(|t| t.status == TxnStatus::Posted && t.amount < 0)
        .collect();
    bills.sort_by_key(|t| t.transacted_at);
    assert!(bills.len() >= 3, "a year of electric bills");
    let avg = bills.iter().map(|t| -t.amount).sum::<i64>() / bills.len() as i64;
    let latest = -bills[bills.len() - 1].amount;
    ask(&p, "whats my electric bill", now);
    let r = ask(&p, "is it higher than usual", now);
    assert!(r.contains(&format!(" to {} on ", usd(latest))), "{r}");
    let avg_said = format!("your average is {} over {} charges", usd(avg), bills.len());
    assert!(
        r.contains("varies from charge to charge") && r.contains(&avg_said),
        "{r}"
    );
    // A month named next is that month's bill, not the comparison again.
    let m = month(today, 4);
    let paid = spend(&txns, |t| {
        in_month(t, &m) && t.merchant.as_deref() == Some("City Power & Light")
    });
    let r = ask(&p, &format!("what was it in {}", m.name), now);
    assert!(
        r.contains(&usd(paid)) && !r.contains("varies"),
        "{r}\nwant {}",
        usd(paid)
    );
}

#[test]
fn when_a_pending_charge_will_clear() {
    let (_d, p, now, txns, _today) = setup();
    let pending: Vec<&Transaction> = txns
        .iter()
        .filter(|t| t.status == TxnStatus::Pending && t.amount < 0)
        .collect();
    let one = pending
        .iter()
        .find(|t| {
            let m = t.merchant.as_deref().unwrap_or("");
            !m.is_empty()
                && m.chars().all(|c| c.is_ascii_alphabetic())
                && pending.iter().filter(|u| u.merchant == t.merchant).count() == 1
        })
        .expect("a pending charge at a merchant with only one");
    let name = one.merchant.clone().unwrap_or_default();
    ask(&p, "any pending charges", now);
    ask(&p, &format!("whats the {} one", name.to_lowercase()), now);
    let r = ask(&p, "when will it clear", now);
    assert!(
        r.starts_with("Pending charges usually post within a few business days"),
        "{r}"
    );
    assert!(
        r.contains(&format!(" · {name} · -{}", usd(-one.amount))),
        "{r}"
    );
    // A posted purchase is no pending one: "when did it post" gives its day.
    ask(&p, "biggest purchase last month", now);
    let r = ask(&p, "when did it post", now);
    assert!(!r.contains("usually post"), "{r}");
}

#[test]
fn where_the_biggest_purchase_was() {
    let (_d, p, now, txns, today) = setup();
    let m = month(today, 1);
    let top = txns
        .iter()
        .filter(|t| in_month(t, &m) && purchase(t))
        .min_by_key(|t| t.amount)
        .expect("a purchase last month");
    ask(&p, "biggest purchase last month", now);
    let r = ask(&p, "where was it", now);
    let name = top.merchant.clone().unwrap_or_default();
    assert!(
        r.contains(&format!(" · {name} · -{}", usd(-top.amount))),
        "{r}"
    );
    assert_eq!(r.lines().filter(|l| l.contains(" · ")).count(), 1, "{r}");
}

#[test]
fn and_on_food_after_an_average_asks_which_and_keeps_it() {
    let (_d, p, now, _txns, _today) = setup();
    ask(&p, "how much do i spend on average per month", now);
    let r = ask(&p, "and on food", now);
    assert_eq!(r, "Do you mean groceries or eating out?");
    let r = ask(&p, "and on groceries", now);
    assert!(
        r.starts_with("On average you spent") && r.contains("a month on groceries"),
        "{r}"
    );
}

#[test]
fn an_average_at_a_merchant_is_per_visit() {
    let (_d, p, now, txns, _today) = setup();
    let visits: Vec<&Transaction> = txns
        .iter()
        .filter(|t| t.merchant.as_deref() == Some("Starbucks") && purchase(t))
        .collect();
    assert!(visits.len() >= 3, "Starbucks visits");
    let r = ask(&p, "how much do i spend on average at starbucks", now);
    assert!(
        r.starts_with("On average you spent") && r.contains("a purchase at Starbucks"),
        "{r}"
    );
}

#[test]
fn charges_to_worry_about_are_the_open_alerts_and_they_are_listed_again() {
    let (_d, p, now, txns, _today) = setup();
    let t = txns
        .iter()
        .find(|t| purchase(t) && t.merchant.is_some())
        .expect("a purchase");
    p.raise_alert(&alert_of(t, "w0", now), now).expect("raise");
    let r = ask(&p, "is there any charge i should worry about", now);
    let at = format!(
        "{} at {}",
        usd(t.amount),
        t.merchant.clone().unwrap_or_default()
    );
    assert!(
        r.starts_with("1 open fraud alert:") && r.contains(&at),
        "{r}\nwant {at}"
    );
    let again = ask(&p, "what are they", now);
    assert_eq!(again, r);
}

#[test]
fn money_going_out_next_week_is_the_bills_expected() {
    let (_d, p, now, _txns, _today) = setup();
    let r = ask(&p, "whats coming out of my account next week", now);
    assert!(
        !r.starts_with("That period (next week) hasn't started"),
        "{r}"
    );
    assert!(r.contains("expected"), "{r}");
}

#[test]
fn a_merchant_included_is_told_with_its_own_total() {
    let (_d, p, now, txns, today) = setup();
    let m = month(today, 1);
    let prime = spend(&txns, |t| {
        in_month(t, &m) && t.merchant.as_deref() == Some("Amazon Prime")
    });
    assert!(prime > 0, "Amazon Prime last month");
    ask(&p, "how much did i spend at amazon last month", now);
    let r = ask(&p, "prime included?", now);
    assert!(r.starts_with("No, that figure does not include it."), "{r}");
    assert!(
        r.contains(&format!("{} at Amazon Prime", usd(prime))),
        "{r}"
    );
}
