//! Follow-ups that keep the subject (issue #13, follow-ups), on the sandbox bank with every
//! figure computed here from the vault's transactions:
//! - a period alone after a merchant ("how much in total this year") stays on that merchant;
//! - after an either/or, "by how much" is the difference and "total on both" the sum;
//! - "and if i also take out groceries" after a total leaves groceries out too;
//! - "number 1 how many times" after a ranking counts the first row's purchases;
//! - "did it go out" after rent is that bill over the period named.

mod support;

use support::{ask, day_of, in_month, month, profile, spend, usd, Month};
use tacit_core::model::{Category, Transaction};
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::TxnFilter;

fn setup() -> (
    tempfile::TempDir,
    Profile,
    Timestamp,
    Vec<Transaction>,
    Month,
) {
    let (d, p, data) = profile();
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let m = month(local_date(data.end, 0), 2);
    (d, p, data.end, txns, m)
}

/// Merchants with purchases in the month, spending at each, most first (plain names only).
fn merchants(txns: &[Transaction], m: &Month) -> Vec<(String, i64)> {
    let mut names: Vec<String> = txns
        .iter()
        .filter(|t| in_month(t, m) && t.amount < 0)
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .filter_map(|t| t.merchant.clone())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        .collect();
    names.sort();
    names.dedup();
    let mut rows: Vec<(String, i64)> = names
        .into_iter()
        .map(|n| {
            let s = spend(txns, |t| {
                in_month(t, m) && t.merchant.as_deref() == Some(&n)
            });
            (n, s)
        })
        .filter(|(_, s)| *s > 0)
        .collect();
    rows.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    rows
}

#[test]
fn a_period_alone_after_a_merchant_stays_on_it() {
    let (_d, p, now, txns, m) = setup();
    let (name, in_m) = merchants(&txns, &m)[1].clone();
    let r = ask(
        &p,
        &format!("how much at {} in {}", name.to_lowercase(), m.name),
        now,
    );
    assert!(r.contains(&usd(in_m)), "{r}");
    let today = local_date(now, 0);
    let jan = Date::new(today.year, 1, 1).expect("date");
    let year = spend(&txns, |t| {
        t.merchant.as_deref() == Some(name.as_str()) && (jan..=today).contains(&day_of(t))
    });
    let all = spend(&txns, |t| (jan..=today).contains(&day_of(t)));
    let r = ask(&p, "how much in total this year", now);
    assert!(r.contains(&usd(year)) && r.contains(&name), "{r}");
    assert!(!r.contains(&usd(all)), "{r}");
    // Widened: all spending.
    let r = ask(&p, "how much did i spend this year", now);
    assert!(r.contains(&usd(all)), "{r}");
}

#[test]
fn after_an_either_or_by_how_much_and_total_on_both() {
    let (_d, p, now, txns, m) = setup();
    let rows = merchants(&txns, &m);
    let ((a, ta), (b, tb)) = (rows[1].clone(), rows[2].clone());
    let q = format!(
        "did i spend more at {} or {} in {}",
        a.to_lowercase(),
        b.to_lowercase(),
        m.name
    );
    let r = ask(&p, &q, now);
    assert!(r.contains(&usd(ta)) && r.contains(&usd(tb)), "{r}");
    let r = ask(&p, "by how much", now);
    let (more, diff) = if ta >= tb {
        (&a, ta - tb)
    } else {
        (&b, tb - ta)
    };
    assert!(r.contains(&format!("{} more at {more}", usd(diff))), "{r}");
    let r = ask(&p, "total on both", now);
    assert!(r.contains(&format!("{} in all", usd(ta + tb))), "{r}");
}

#[test]
fn also_take_out_a_category_leaves_it_out_too() {
    let (_d, p, now, txns, m) = setup();
    let all = spend(&txns, |t| in_month(t, &m));
    let r = ask(&p, &format!("spending in {}", m.name), now);
    assert!(r.contains(&usd(all)), "{r}");
    let without = spend(&txns, |t| {
        in_month(t, &m) && t.category != Some(Category::Groceries)
    });
    let r = ask(&p, "and if i also take out groceries", now);
    assert!(
        r.contains(&usd(without)) && r.contains("not counting groceries"),
        "{r}"
    );
    // Cash taken out is no edit: a question of its own.
    let r = ask(&p, "how much did i take out from the atm", now);
    assert!(!r.contains("not counting"), "{r}");
}

#[test]
fn a_numbered_row_of_a_ranking() {
    let (_d, p, now, txns, m) = setup();
    let rows = merchants(&txns, &m);
    let r = ask(&p, &format!("top merchants in {}", m.name), now);
    assert!(r.contains(&format!("1. {}", rows[0].0)), "{r}");
    let n = txns
        .iter()
        .filter(|t| {
            in_month(t, &m) && t.amount < 0 && t.merchant.as_deref() == Some(rows[0].0.as_str())
        })
        .count();
    let r = ask(&p, "number 1 how many times", now);
    let s = if n == 1 { "" } else { "s" };
    assert!(
        r.contains(&format!("{n} purchase{s} at {}", rows[0].0)),
        "{r}"
    );
    let r = ask(&p, "and the second?", now);
    assert!(r.contains(&usd(rows[1].1)) && r.contains(&rows[1].0), "{r}");
}

#[test]
fn did_it_go_out_after_rent_is_that_bill() {
    let (_d, p, now, txns, m) = setup();
    let before = month(local_date(now, 0), 3);
    ask(&p, &format!("how much was my rent in {}", before.name), now);
    let rent = spend(&txns, |t| {
        in_month(t, &m) && t.category == Some(Category::Housing)
    });
    let r = ask(&p, &format!("did it go out in {}", m.name), now);
    assert!(r.contains(&usd(rent)) && r.contains("housing"), "{r}");
}

#[test]
fn with_nothing_before_no_subject_is_made_up() {
    let (_d, p, now, _txns, _m) = setup();
    let r = ask(&p, "by how much", now);
    assert!(!r.contains('$'), "{r}");
}
