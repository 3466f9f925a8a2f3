//! A search for an amount, on the sandbox bank (issue #13): "did i get charged 17.99 last
//! month", "any charge for 85.61", "was there a 500 dollar charge in august" list the
//! transactions of exactly that amount (to the cent, either sign) over the period asked, or
//! over all the data when none is named (said as "since ..."), never every transaction of
//! the period; a spending question that names an amount keeps its total. A denial right after
//! a search that found a payment of a flagged episode ("i didnt make that") answers that
//! alert; after a line that is in no alert it records nothing.

mod support;

use support::{profile, reply, MONTHS};
use tacit_core::alerts::{AlertPayment, AlertRecord, AlertStatus};
use tacit_core::model::{Category, Transaction};
use tacit_core::money::Currency;
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::time::{local_date, Timestamp};
use tacit_core::vault::TxnFilter;

fn money(minor: i64) -> String {
    format_money(minor.abs(), Currency::USD, Locale::EnUs)
}

/// The amount as a person types it: "85.61", no sign.
fn typed(minor: i64) -> String {
    let m = minor.abs();
    format!("{}.{:02}", m / 100, m % 100)
}

/// Purchases whose amount no other transaction of the vault has, oldest first.
fn unique_purchases(p: &Profile) -> Vec<Transaction> {
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let mut out: Vec<Transaction> = txns
        .iter()
        .filter(|t| {
            t.amount < -1_000
                && t.merchant.is_some()
                && !matches!(t.category, Some(Category::Transfer | Category::Income))
                && txns
                    .iter()
                    .filter(|u| u.amount.abs() == t.amount.abs())
                    .count()
                    == 1
        })
        .cloned()
        .collect();
    out.sort_by_key(|t| t.transacted_at);
    assert!(
        out.len() >= 3,
        "the sandbox has purchases of unique amounts"
    );
    out
}

fn alert_of(t: &Transaction, id: &str, now: Timestamp) -> AlertRecord {
    AlertRecord {
        id: id.to_string(),
        account: t.account.0.clone(),
        txn_ids: vec![t.id.0.clone()],
        reasons: vec!["velocity".into()],
        explanations: vec!["Many payments in a short time.".into()],
        score: 0.9,
        created: now,
        merchant: t.merchant.clone(),
        amount_minor: t.amount,
        currency: "USD".into(),
        first_txn_at: t.transacted_at,
        status: AlertStatus::Open,
        episode: 1,
        payments: vec![AlertPayment {
            merchant: t.merchant.clone(),
            amount_minor: t.amount,
            at: t.transacted_at,
        }],
    }
}

fn month_of(t: &Transaction) -> String {
    let d = local_date(t.transacted_at, 0);
    format!("{} {}", MONTHS[d.month as usize - 1], d.year)
}

#[test]
fn a_named_amount_lists_only_the_transactions_of_that_amount() {
    let (_d, p, data) = profile();
    let t = unique_purchases(&p).pop().expect("a purchase");
    let r = reply(
        &p,
        &format!("did i get charged {} in {}", typed(t.amount), month_of(&t)),
        data.end,
    );
    let text = r.local_text.to_lowercase();
    assert!(text.contains("1 transaction"), "{text}");
    assert!(text.contains(&money(t.amount)), "{text}");
    let merchant = t.merchant.clone().expect("merchant").to_lowercase();
    assert!(text.contains(&merchant), "{text}");
    // Nothing else of the month is listed.
    assert_eq!(text.matches(" · ").count(), 2, "one line: {text}");
}

#[test]
fn a_whole_amount_finds_the_charges_of_those_dollars() {
    let (_d, p, data) = profile();
    let t = unique_purchases(&p)
        .into_iter()
        .rev()
        .find(|t| t.amount % 100 != 0)
        .expect("a purchase with cents");
    let dollars = t.amount.abs() / 100;
    let r = reply(
        &p,
        &format!("what was that {dollars} dollar charge in {}", month_of(&t)),
        data.end,
    );
    let text = r.local_text.to_lowercase();
    assert!(text.contains(&money(t.amount)), "{dollars}: {text}");
    // Every line listed is of those dollars.
    let month = local_date(t.transacted_at, 0);
    let same: usize = p
        .transactions(&TxnFilter::default())
        .expect("txns")
        .iter()
        .filter(|u| {
            let d = local_date(u.transacted_at, 0);
            u.amount.abs() / 100 == dollars && (d.year, d.month) == (month.year, month.month)
        })
        .count();
    assert_eq!(text.matches(" · ").count(), 2 * same, "{text}");
}

#[test]
fn without_a_period_the_search_covers_all_the_data() {
    let (_d, p, data) = profile();
    let oldest = unique_purchases(&p).remove(0);
    assert!(
        data.end - oldest.transacted_at > 100 * 86_400,
        "the oldest unique purchase is outside a 90-day window"
    );
    let asked = format!("any charge for {}", typed(oldest.amount));
    let r = reply(&p, &asked, data.end);
    let text = r.local_text.to_lowercase();
    assert!(text.contains("1 transaction since"), "{asked}: {text}");
    assert!(text.contains(&money(oldest.amount)), "{text}");
    // An amount the vault never saw: none, over everything, and no other figure.
    let r = reply(&p, "any charge for 98765.43", data.end);
    let text = r.local_text.to_lowercase();
    assert!(text.contains("0 transactions since"), "{text}");
}

#[test]
fn a_spending_question_naming_an_amount_keeps_its_total() {
    let (_d, p, data) = profile();
    let r = reply(&p, "did i spend 500 on groceries last month", data.end);
    let end = local_date(data.end, 0);
    let (y, m) = if end.month == 1 {
        (end.year - 1, 12)
    } else {
        (end.year, end.month - 1)
    };
    let total: i64 = p
        .transactions(&TxnFilter::default())
        .expect("txns")
        .iter()
        .filter(|t| {
            let d = local_date(t.transacted_at, 0);
            t.category == Some(Category::Groceries) && (d.year, d.month) == (y, m)
        })
        .map(|t| -t.amount)
        .sum();
    assert!(
        total > 50_000,
        "the sandbox spends over $500 a month on groceries"
    );
    assert!(r.local_text.contains(&money(total)), "{}", r.local_text);
}

#[test]
fn a_denial_after_finding_a_flagged_payment_answers_its_alert() {
    let (_d, p, data) = profile();
    let mut found = unique_purchases(&p);
    let (flagged, other, unflagged) = (found.remove(0), found.remove(0), found.remove(0));
    p.raise_alert(&alert_of(&flagged, "a0", data.end), data.end)
        .expect("raise");
    // The alert pushed last is another one.
    p.raise_alert(&alert_of(&other, "a1", data.end), data.end)
        .expect("raise");
    let r = reply(
        &p,
        &format!(
            "was there a {} dollar charge in {}",
            typed(flagged.amount),
            month_of(&flagged)
        ),
        data.end,
    );
    assert!(
        r.local_text.contains(&money(flagged.amount)),
        "{}",
        r.local_text
    );
    let r = reply(&p, "i didnt make that", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{} {}: {}",
        typed(flagged.amount),
        month_of(&flagged),
        r.local_text
    );
    // A payment in no alert: the denial is not recorded against an alert.
    let _ = reply(
        &p,
        &format!("any charge for {}", typed(unflagged.amount)),
        data.end,
    );
    let r = reply(&p, "i didnt make that", data.end);
    assert!(r.answered_alert.is_none(), "{}", r.local_text);
    let open: Vec<String> = p
        .open_alerts()
        .expect("open")
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(open, vec!["a1".to_string()]);
}
