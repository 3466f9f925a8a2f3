//! QA pass 5 (issue #13, the slot-level causes), on the sandbox bank with every figure computed
//! here from the vault's transactions, not by the assistant's code:
//! - a word in merchant position is matched from the start of a word, never inside one ("how
//!   much at off" is not Blue Bottle COFFEE), and "how much did i pay off on the card" is the
//!   payments to the card (one side of each transfer pair), not a merchant;
//! - a typo in the first word of a merchant's name still names it ("cheescake factory");
//! - periods anchored to another one: "the tuesday before that" after last Tuesday is the
//!   Tuesday a week before, "the one before" a weekend is the weekend before, "fridays in
//!   october" every Friday of October, "bills in october please" the October just past;
//! - "how much can i still spend on the card" is the available credit, not a spending total.

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

fn profile() -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([5; 32]));
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

fn ask(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

fn all(p: &Profile) -> Vec<Transaction> {
    p.transactions(&TxnFilter::default()).expect("txns")
}

fn day_of(t: &Transaction) -> Date {
    local_date(t.transacted_at, 0)
}

/// Spending as the answers define it: money out that is neither a transfer nor income, net of
/// posted refunds, on days that `keep` keeps.
fn spend(txns: &[Transaction], keep: impl Fn(&Transaction) -> bool) -> i64 {
    txns.iter()
        .filter(|t| keep(t))
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .filter(|t| !(t.status == TxnStatus::Pending && t.amount > 0))
        .map(|t| -t.amount)
        .sum()
}

fn in_days(t: &Transaction, from: Date, to: Date) -> bool {
    (from..=to).contains(&day_of(t))
}

/// The first day of the month `back` months before `today`'s.
fn month_start(today: Date, back: i32) -> Date {
    today.first_of_month().add_months_first(-back)
}

#[test]
fn payments_to_the_card_are_summed_from_one_side_of_each_pair() {
    let (_d, p, data) = profile();
    let today = local_date(data.end, 0);
    let txns = all(&p);
    let cards: Vec<_> = p
        .accounts()
        .expect("accounts")
        .into_iter()
        .filter(|a| a.kind == AccountKind::CreditCard)
        .map(|a| a.id)
        .collect();
    // The card's side: credits on the card named a payment.
    let paid = |from: Date, to: Date| -> (i64, usize) {
        let on: Vec<&Transaction> = txns
            .iter()
            .filter(|t| cards.contains(&t.account) && t.amount > 0 && in_days(t, from, to))
            .filter(|t| t.description.to_lowercase().contains("payment"))
            .collect();
        (on.iter().map(|t| t.amount).sum(), on.len())
    };
    let last_month = (month_start(today, 1), month_start(today, 0).add_days(-1));
    let (sum, n) = paid(last_month.0, last_month.1);
    assert!(n >= 1, "the sandbox pays the card every month");
    let now = data.end;
    for q in [
        "how much did i pay off on the card last month",
        "how much did i pay the card last month",
        "how much did i pay toward my credit card last month",
    ] {
        let r = ask(&p, q, now);
        assert!(r.local_text.contains(&usd(sum)), "{q}: {}", r.local_text);
        assert!(
            r.local_text.contains("to your card"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains(" at "), "{q}: {}", r.local_text);
    }
    let year = Date::new(today.year, 1, 1).expect("jan 1");
    let (sum, n) = paid(year, today);
    let r = ask(
        &p,
        "how much have i paid toward the card this year in total",
        now,
    );
    assert!(r.local_text.contains(&usd(sum)), "{}", r.local_text);
    assert!(
        r.local_text.contains(&format!("({n} payments")),
        "{}",
        r.local_text
    );
    // What is owed is not what was paid.
    let r = ask(&p, "how much do i need to pay off my card", now);
    assert!(!r.local_text.contains("You paid"), "{}", r.local_text);
}

#[test]
fn a_typed_word_is_matched_from_a_word_start_only() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    // The sandbox has "Blue Bottle Coffee" and "Marriott": "off" and "ott" sit inside words.
    let inside = |w: &str| {
        txns.iter().any(|t| {
            t.merchant
                .as_deref()
                .is_some_and(|m| m.to_lowercase().contains(w))
        })
    };
    assert!(
        inside("off") && inside("ott"),
        "the test needs such merchants"
    );
    for q in [
        "how much at off this year",
        "how much at ott this year",
        "spent at ee last month",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.starts_with("No charges at"),
            "{q}: {}",
            r.local_text
        );
    }
    // From a word start, a typed word still finds its merchant.
    let year = Date::new(local_date(data.end, 0).year, 1, 1).expect("jan 1");
    let bottle = spend(&txns, |t| {
        t.merchant.as_deref() == Some("Blue Bottle Coffee") && day_of(t) >= year
    });
    let r = ask(&p, "how much at Bottle Coffee this year", data.end);
    assert!(r.local_text.contains(&usd(bottle)), "{}", r.local_text);
}

#[test]
fn a_typo_in_the_first_word_of_a_name_still_names_it() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let today = local_date(data.end, 0);
    let year = Date::new(today.year, 1, 1).expect("jan 1");
    let cheesecake = spend(&txns, |t| {
        t.merchant.as_deref() == Some("The Cheesecake Factory") && day_of(t) >= year
    });
    assert!(cheesecake > 0);
    for q in [
        "how much at cheescake factory this year",
        "how much did i spend at chesecake factory this year",
        "cheescake factory this year",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&usd(cheesecake)),
            "{q}: {}",
            r.local_text
        );
        assert!(
            r.local_text.contains("The Cheesecake Factory"),
            "{q}: {}",
            r.local_text
        );
    }
}

#[test]
fn the_day_before_that_is_the_same_day_a_week_earlier() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let today = local_date(data.end, 0);
    // Last Tuesday (a week ago when today is one), and the Tuesday before it.
    let back = (i64::from(today.weekday()) - 1).rem_euclid(7);
    let last_tue = today.add_days(-(if back == 0 { 7 } else { back }));
    let before = last_tue.add_days(-7);
    let on = |d: Date| spend(&txns, |t| day_of(t) == d);
    let now = data.end;
    let r = ask(&p, "spending last tuesday", now);
    assert!(
        r.local_text.contains(&usd(on(last_tue))),
        "{}",
        r.local_text
    );
    let r = ask(&p, "what about the tuesday before that", now + 5);
    assert!(r.local_text.contains(&usd(on(before))), "{}", r.local_text);
    // Alone (the conversation expired), never a figure: a question or out of scope.
    let r = ask(&p, "the tuesday before that", now + 900);
    assert!(!r.local_text.contains('$'), "{}", r.local_text);
}

#[test]
fn the_weekend_before_is_a_whole_weekend() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let today = local_date(data.end, 0);
    // The last whole weekend: the Saturday of this week when it is over, else last week's.
    let this_sat = today.add_days(5 - i64::from(today.weekday()));
    let sat = if this_sat.add_days(1) < today {
        this_sat
    } else {
        this_sat.add_days(-7)
    };
    let weekend = |s: Date| spend(&txns, |t| in_days(t, s, s.add_days(1)));
    let (last, before) = (weekend(sat), weekend(sat.add_days(-7)));
    for q in [
        "was last weekend more than the one before",
        "did i spend more last weekend than the weekend before",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&usd(last)) && r.local_text.contains(&usd(before)),
            "{q}: {} (want {} and {})",
            r.local_text,
            usd(last),
            usd(before)
        );
    }
}

#[test]
fn fridays_in_a_month_are_every_friday_of_it() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let today = local_date(data.end, 0);
    let (from, to) = (month_start(today, 1), month_start(today, 0).add_days(-1));
    let month = [
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
    ][from.month as usize - 1];
    for (wd, q) in [
        (
            4u32,
            format!("how much on fridays in {}", month.to_lowercase()),
        ),
        (
            0,
            format!("spending on mondays in {}", month.to_lowercase()),
        ),
        (5, format!("what did i spend every saturday in {month}")),
    ] {
        let want = spend(&txns, |t| in_days(t, from, to) && day_of(t).weekday() == wd);
        let r = ask(&p, &q, data.end);
        assert!(
            r.local_text.contains(&usd(want)),
            "{q}: {} (want {})",
            r.local_text,
            usd(want)
        );
    }
}

#[test]
fn please_keeps_a_month_in_the_past() {
    let (_d, p, data) = profile();
    let txns = all(&p);
    let today = local_date(data.end, 0);
    let (from, to) = (month_start(today, 1), month_start(today, 0).add_days(-1));
    let month = [
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
    ][from.month as usize - 1];
    let bills = spend(&txns, |t| {
        in_days(t, from, to) && t.category == Some(Category::Bills)
    });
    assert!(bills > 0);
    for q in [
        format!("bills in {month} please"),
        format!("total of all bills for {month} please"),
    ] {
        let r = ask(&p, &q, data.end);
        assert!(r.local_text.contains(&usd(bills)), "{q}: {}", r.local_text);
    }
}

#[test]
fn what_can_still_be_spent_on_the_card_is_the_available_credit() {
    let (_d, p, data) = profile();
    let card = p
        .accounts()
        .expect("accounts")
        .into_iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("a card");
    let limit = card.credit.as_ref().and_then(|c| c.limit).expect("a limit");
    let owed = card.balance.as_ref().map_or(0, |b| b.minor);
    let available = card.available.as_ref().map_or(limit + owed, |b| b.minor);
    for q in [
        "how much can i still spend on the card",
        "how much can i spend on my card",
        "how much more can i spend on my visa",
    ] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains(&usd(available)) && r.local_text.contains("available"),
            "{q}: {} (want {})",
            r.local_text,
            usd(available)
        );
        assert!(
            !r.local_text.starts_with("You spent"),
            "{q}: {}",
            r.local_text
        );
    }
}
