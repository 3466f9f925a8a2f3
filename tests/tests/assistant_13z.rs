//! Answers a person can trust (issue #13, helper 13z), on the sandbox bank: a merchant typed
//! with a typo is the merchant, even when a longer name starts the same ("amzon" is Amazon,
//! not Amazon Prime); "the burger joint" or "the sushi spot" is never "No charges at"; what
//! was "put away" is what was saved; "money in vs money out" gives both sides; "which month
//! did i save the least" names that month with its figures; "anything pendin" lists the
//! pending charges; "last costco trip" and "whats my phone bill" are the latest charge.

mod support;

use support::{day_of, month, profile, reply as ask, spend, usd};
use tacit_core::model::{Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::time::local_date;
use tacit_core::vault::TxnFilter;

fn all(p: &Profile) -> Vec<Transaction> {
    p.transactions(&TxnFilter::default()).expect("txns")
}

fn at(t: &Transaction, name: &str) -> bool {
    t.merchant.as_deref() == Some(name)
}

#[test]
fn a_typo_of_a_merchant_is_that_merchant() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let txns = all(&p);
    let m = (1..=6)
        .map(|back| month(today, back))
        .find(|m| spend(&txns, |t| at(t, "Amazon") && support::in_month(t, m)) > 0)
        .expect("a month with Amazon");
    let want = spend(&txns, |t| at(t, "Amazon") && support::in_month(t, &m));
    for typed in ["amzon", "amazn"] {
        let q = format!(
            "how much did i spend at {typed} in {} {}",
            m.name, m.from.year
        );
        let r = ask(&p, &q, data.end).local_text;
        assert!(r.contains(&usd(want)), "{q}: {r}");
        assert!(r.contains("Amazon"), "{q}: {r}");
    }
}

#[test]
fn a_kind_of_place_is_never_no_charges() {
    let (_d, p, data) = profile();
    for q in [
        "how much did i spend at the burger joint last month",
        "how much at the sushi spot this year",
        "how much did i spend at the pizza place in october",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            !r.local_text.starts_with("No charges at"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains('$'), "{q}: {}", r.local_text);
        assert_eq!(
            r.platform_text.as_str(),
            "Which merchant do you mean?",
            "{q}"
        );
    }
    // Both fast-food chains of the sandbox are offered for "the burger joint".
    let r = ask(
        &p,
        "how much did i spend at the burger joint last month",
        data.end,
    );
    for name in ["McDonald's", "Shake Shack"] {
        assert!(r.local_text.contains(name), "{}", r.local_text);
    }
}

#[test]
fn what_was_put_away_is_the_net_saved() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let txns = all(&p);
    let m = month(today, 2);
    let inside =
        |t: &&Transaction| support::in_month(t, &m) && t.category != Some(Category::Transfer);
    let money_in: i64 = txns
        .iter()
        .filter(inside)
        .filter(|t| t.amount > 0 && t.status == TxnStatus::Posted)
        .map(|t| t.amount)
        .sum();
    let money_out: i64 = txns
        .iter()
        .filter(inside)
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    for q in [
        format!("how much did i put away in {}", m.name),
        format!("money in vs money out in {}", m.name),
    ] {
        let r = ask(&p, &q, data.end).local_text;
        assert!(r.contains(&usd(money_in)), "{q}: {r}");
        assert!(r.contains(&usd(money_out)), "{q}: {r}");
        assert!(r.contains(&usd((money_in - money_out).abs())), "{q}: {r}");
        assert!(!r.starts_with("You spent"), "{q}: {r}");
    }
}

/// "$A came in and $B went out" of a savings reply, in minor units.
fn in_and_out(text: &str) -> (i64, i64) {
    let money = |s: &str| -> i64 {
        let digits: String = s
            .chars()
            .take_while(|c| *c != ' ')
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().expect("an amount")
    };
    let i = text.find("net: $").expect("net") + "net: $".len();
    let o = text.find(" came in and $").expect("out") + " came in and $".len();
    (money(&text[i..]), money(&text[o..]))
}

#[test]
fn the_month_that_saved_least_and_most_is_named_with_its_figures() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let nets: Vec<(support::Month, i64, i64)> = (1..=12)
        .map(|back| month(today, back))
        .filter(|m| all(&p).iter().any(|t| day_of(t) <= m.from))
        .map(|m| {
            let q = format!("how much did i save in {} {}", m.name, m.from.year);
            let (i, o) = in_and_out(&ask(&p, &q, data.end).local_text);
            (m, i, o)
        })
        .collect();
    assert!(nets.len() >= 3);
    for (q, most) in [
        ("which month did i save the least", false),
        ("what month did i save the most", true),
    ] {
        let pick = |n: &&(support::Month, i64, i64)| n.1 - n.2;
        let best = if most {
            nets.iter().max_by_key(pick)
        } else {
            nets.iter().min_by_key(pick)
        };
        let (m, i, o) = best.expect("a month");
        let r = ask(&p, q, data.end).local_text;
        let mut name = m.name.to_string();
        name[..1].make_ascii_uppercase();
        assert!(r.contains(&format!("{name} {}", m.from.year)), "{q}: {r}");
        assert!(r.contains(&usd(*i)) && r.contains(&usd(*o)), "{q}: {r}");
    }
}

#[test]
fn a_typo_of_pending_lists_the_pending_charges() {
    let (_d, p, data) = profile();
    let pending = all(&p)
        .into_iter()
        .filter(|t| t.status == TxnStatus::Pending)
        .count();
    let r = ask(&p, "anything pendin", data.end).local_text;
    if pending == 0 {
        assert!(!r.contains(" · "), "{r}");
    } else {
        assert!(r.contains("pending"), "{r}");
        let lines = r.lines().filter(|l| l.contains(" · ")).count();
        assert!(
            lines > 0
                && r.lines()
                    .filter(|l| l.contains(" · "))
                    .all(|l| l.contains("(pending)")),
            "{r}"
        );
    }
}

#[test]
fn the_last_trip_and_the_bill_are_the_latest_charge() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let last = |name: &str| {
        txns.iter()
            .filter(|t| at(t, name) && t.amount < 0)
            .max_by_key(|t| t.transacted_at)
            .expect("a charge")
    };
    let s = last("Starbucks");
    for q in [
        "last starbucks trip",
        "how much was my last starbucks purchase",
    ] {
        let r = ask(&p, q, data.end).local_text;
        assert!(r.contains(&usd(-s.amount)), "{q}: {r}");
        assert!(!r.contains("fraud"), "{q}: {r}");
    }
    let v = last("Verizon Wireless");
    let r = ask(&p, "whats my phone bill", data.end).local_text;
    assert!(r.contains(&usd(-v.amount)), "{r}");
    let year: i64 = txns
        .iter()
        .filter(|t| at(t, "Verizon Wireless"))
        .map(|t| -t.amount)
        .sum();
    assert!(!r.contains(&usd(year)), "{r}");
}

#[test]
fn a_thing_spent_on_asks_which_never_a_total() {
    let (_d, p, data) = profile();
    let everything = ask(&p, "how much did i spend last month", data.end).local_text;
    for q in [
        "how much did i spend on my car last month",
        "what did i pay for the dog last month",
    ] {
        let r = ask(&p, q, data.end);
        assert!(!r.local_text.contains('$'), "{q}: {}", r.local_text);
        assert_ne!(r.local_text, everything, "{q}");
        assert!(
            r.local_text.starts_with("Which spending do you mean"),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn bills_to_come_are_what_is_expected() {
    let (_d, p, data) = profile();
    let r = ask(&p, "how much will i be charged next week", data.end).local_text;
    assert!(!r.starts_with("That period"), "{r}");
    assert!(r.contains("expect"), "{r}");
}
