//! Causes of the sixth QA pass, on the sandbox bank (issue #13). Fraud talk around an answer
//! (Build 6): a request to look
//! for charges one did not make ("can you check if there are any charges i didnt make")
//! claims nothing and closes no alert; after an answer about a merchant that one open alert
//! flagged, a claim ("that was me", "the second one isnt mine") is about that alert, while a
//! bare "no" still asks which alert. Also the narrower kinds a category word hid (food
//! delivery, clothing), "this november" set against "last november", a kind's monthly price
//! (its recurring charges), and "the last 10 things on my card".

mod support;

use support::{alert_of, open_ids, profile, reply as ask};
use tacit_core::model::{Category, Transaction};
use tacit_core::money::Currency;
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::time::{local_date, Date};
use tacit_core::vault::TxnFilter;

fn purchases(p: &Profile) -> Vec<Transaction> {
    p.transactions(&TxnFilter::default())
        .expect("txns")
        .into_iter()
        .filter(|t| {
            t.amount < 0
                && t.merchant.is_some()
                && !matches!(t.category, Some(Category::Transfer | Category::Income))
        })
        .collect()
}

/// Purchases at two merchants of one word each (so a message can name them plainly).
fn two_merchants(p: &Profile) -> (Transaction, Transaction) {
    let buys = purchases(p);
    let plain = |t: &&Transaction| {
        t.merchant
            .as_deref()
            .is_some_and(|m| m.len() >= 5 && m.chars().all(|c| c.is_ascii_alphabetic()))
    };
    let a = buys
        .iter()
        .find(plain)
        .expect("a one-word merchant")
        .clone();
    let b = buys
        .iter()
        .filter(plain)
        .find(|t| t.merchant != a.merchant)
        .expect("another")
        .clone();
    (a, b)
}

#[test]
fn a_request_to_look_for_charges_closes_nothing() {
    let (_d, p, data) = profile();
    let (a, b) = two_merchants(&p);
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    for q in [
        "can you check if there are any charges i didnt make",
        "Could you please check whether there are any charges on my account that I did not make?",
    ] {
        let r = ask(&p, q, data.end);
        assert_eq!(r.answered_alert, None, "{q}: {}", r.local_text);
        assert_eq!(
            open_ids(&p),
            vec!["a0".to_string(), "a1".to_string()],
            "{q}"
        );
        assert!(
            r.local_text.contains("open fraud alerts"),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn a_claim_after_an_answer_about_a_flagged_merchant_is_about_its_alert() {
    let (_d, p, data) = profile();
    let (a, b) = two_merchants(&p);
    let name = a.merchant.clone().expect("merchant").to_lowercase();
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    // The one just pushed is b's: a bare answer would go to it.
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    let r = ask(&p, &format!("how much have i spent at {name}"), data.end);
    assert!(r.local_text.contains("You spent"), "{}", r.local_text);
    let r = ask(&p, "yeah that was me", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), true)),
        "{}",
        r.local_text
    );
    assert_eq!(open_ids(&p), vec!["a1".to_string()]);
}

#[test]
fn a_bare_no_after_an_answer_about_a_flagged_merchant_asks_which() {
    let (_d, p, data) = profile();
    let (a, b) = two_merchants(&p);
    let name = a.merchant.clone().expect("merchant").to_lowercase();
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    ask(&p, &format!("how much have i spent at {name}"), data.end);
    let r = ask(&p, "no", data.end);
    assert_eq!(r.answered_alert, None, "{}", r.local_text);
    assert_eq!(open_ids(&p), vec!["a0".to_string(), "a1".to_string()]);
}

/// This year's purchases at merchants whose name holds one of `names`.
fn spent_at(p: &Profile, today: Date, names: &[&str]) -> (i64, usize) {
    let year = Date::new(today.year, 1, 1).expect("date");
    let hits: Vec<Transaction> = purchases(p)
        .into_iter()
        .filter(|t| {
            let m = t.merchant.as_deref().unwrap_or("").to_lowercase();
            local_date(t.transacted_at, 0) >= year && names.iter().any(|n| m.contains(n))
        })
        .collect();
    (hits.iter().map(|t| -t.amount).sum(), hits.len())
}

#[test]
fn food_delivery_and_clothing_are_their_kinds_not_their_categories() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let money = |m: i64| format_money(m, Currency::USD, Locale::EnUs);
    let (delivery, n) = spent_at(&p, today, &["doordash", "uber eats"]);
    assert!(n > 0, "the sandbox has delivery orders");
    let r = ask(
        &p,
        "how much did i spend on food delivery this year",
        data.end,
    );
    assert!(r.local_text.contains(&money(delivery)), "{}", r.local_text);
    let (clothes, n) = spent_at(&p, today, &["nike"]);
    assert!(n > 0, "the sandbox has clothing purchases");
    let r = ask(&p, "how much on clothes this year", data.end);
    assert!(r.local_text.contains(&money(clothes)), "{}", r.local_text);
}

#[test]
fn this_month_name_against_last_month_name_is_a_year_apart() {
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
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    // The month before this one, a whole month of data: "this <it>" is that one, "last <it>"
    // the same month a year before (alone, "last <it>" would be the latest, the same one).
    let before = Date::new(today.year, today.month, 1)
        .expect("date")
        .add_days(-1);
    let name = MONTHS[before.month as usize - 1];
    let q = format!(
        "did i spend more this {} than last {}",
        name.to_lowercase(),
        name.to_lowercase()
    );
    let r = ask(&p, &q, data.end);
    assert!(
        r.local_text.contains(&format!("{name} {}", before.year))
            && r.local_text
                .contains(&format!("{name} {}", before.year - 1)),
        "{q}: {}",
        r.local_text
    );
    assert!(!r.local_text.contains("this month"), "{}", r.local_text);
}

#[test]
fn a_kinds_monthly_price_is_its_recurring_charges_summed() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let money = |m: i64| format_money(m, Currency::USD, Locale::EnUs);
    // Each streaming payee charged in the last 45 days: its latest charge.
    let mut latest: Vec<(String, i64)> = Vec::new();
    for name in ["Netflix", "Hulu", "Spotify"] {
        let last = purchases(&p)
            .into_iter()
            .filter(|t| t.merchant.as_deref() == Some(name))
            .max_by_key(|t| t.transacted_at)
            .filter(|t| local_date(t.transacted_at, 0) >= today.add_days(-45));
        if let Some(t) = last {
            latest.push((name.to_string(), -t.amount));
        }
    }
    assert!(
        latest.len() >= 2,
        "the sandbox has streaming subscriptions: {latest:?}"
    );
    let r = ask(&p, "how much do i pay for streaming each month", data.end);
    let total: i64 = latest.iter().map(|(_, a)| a).sum();
    assert!(r.local_text.contains(&money(total)), "{}", r.local_text);
    for (name, amount) in &latest {
        assert!(
            r.local_text.contains(&format!("{name} {}", money(*amount))),
            "{name}: {}",
            r.local_text
        );
    }
}

#[test]
fn the_last_things_on_the_card_are_the_cards_latest_transactions() {
    use tacit_core::model::AccountKind;
    let (_d, p, data) = profile();
    let money = |m: i64| format_money(m, Currency::USD, Locale::EnUs);
    let card = p
        .accounts()
        .expect("accounts")
        .into_iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("a card");
    let mut txns: Vec<Transaction> = p
        .transactions(&TxnFilter::default())
        .expect("txns")
        .into_iter()
        .filter(|t| t.account == card.id)
        .collect();
    txns.sort_by_key(|t| std::cmp::Reverse(t.transacted_at));
    txns.truncate(6);
    let out: i64 = txns
        .iter()
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    let r = ask(&p, "show me the last 6 things on my card", data.end);
    assert!(
        r.local_text.starts_with("Your last 6 transactions"),
        "{}",
        r.local_text
    );
    assert!(
        r.local_text.contains(&format!("{} out", money(out))),
        "{}",
        r.local_text
    );
}

/// "take out from the atm" is cash withdrawn: neither takeout food nor an exclusion (the
/// exclusion cue gave "$X, not counting cash", everything else).
#[test]
fn cash_taken_out_at_the_atm_is_cash() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let year = Date::new(today.year, 1, 1).expect("date");
    let cash: i64 = p
        .transactions(&TxnFilter::default())
        .expect("txns")
        .iter()
        .filter(|t| {
            t.amount < 0
                && t.category == Some(Category::Cash)
                && local_date(t.transacted_at, 0) >= year
        })
        .map(|t| -t.amount)
        .sum();
    assert!(cash > 0, "the sandbox has ATM withdrawals this year");
    let r = ask(
        &p,
        "how much did i take out from the atm this year",
        data.end,
    );
    let money = format_money(cash, Currency::USD, Locale::EnUs);
    assert!(r.local_text.contains(&money), "{}", r.local_text);
    assert!(!r.local_text.contains("not counting"), "{}", r.local_text);
}
