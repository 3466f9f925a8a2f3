//! QA pass 4 (issue #13, causes 8, 9 and "just nike"), on the sandbox bank with every
//! figure computed from the vault: fraud replies bound to what the person named ("what is
//! this X thing" explains X's alert, "i never ordered from them" right after is a NO for
//! it, "the 1261 one" binds by its dollars, a bare NO with several open still asks which);
//! follow-ups that point into a list ("the second one", "show me 10 more"), a choice of two
//! periods ("was may or june cheaper"), a filler before a follow-up ("ok what about the
//! card only"), a name alone after a merchant question ("and <name>"), and "just X" that
//! drops an inherited exclusion.

use tacit_core::alerts::{AlertPayment, AlertRecord, AlertStatus};
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
    // Only the alerts each test raises are open.
    for a in p.open_alerts().expect("open") {
        p.answer_alert(&a.id, true, data.end).expect("close");
    }
    (dir, p, data)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

/// Card-like purchases with cents, one per merchant, at merchants whose names are plain
/// words and none a prefix of another (so naming one names only it).
fn purchases(p: &Profile, n: usize) -> Vec<Transaction> {
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let mut out: Vec<Transaction> = Vec::new();
    for t in txns.into_iter().filter(|t| {
        t.amount < -300
            && t.amount % 100 != 0
            && !matches!(
                t.category,
                Some(Category::Transfer | Category::Income | Category::Housing)
            )
    }) {
        let Some(m) = t.merchant.clone() else {
            continue;
        };
        let key = m.to_lowercase();
        let plain = key.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
        let clash = out.iter().any(|o| {
            let k = o.merchant.clone().unwrap_or_default().to_lowercase();
            k.starts_with(&key) || key.starts_with(&k) || o.amount == t.amount
        });
        if plain && !clash {
            out.push(t);
        }
        if out.len() == n {
            break;
        }
    }
    assert_eq!(out.len(), n, "not enough distinct purchases");
    out
}

/// An open alert over `txns` (one episode), as the fraud engine stores it.
fn alert_of(txns: &[&Transaction], id: &str, now: Timestamp) -> AlertRecord {
    let first = txns[0];
    let mut a = AlertRecord {
        id: id.to_string(),
        account: first.account.0.clone(),
        txn_ids: vec![first.id.0.clone()],
        reasons: vec!["velocity".into()],
        explanations: vec!["Many payments in a short time.".into()],
        score: 0.9,
        created: now,
        merchant: first.merchant.clone(),
        amount_minor: first.amount,
        currency: "USD".into(),
        first_txn_at: first.transacted_at,
        status: AlertStatus::Open,
        episode: 1,
        payments: vec![AlertPayment {
            merchant: first.merchant.clone(),
            amount_minor: first.amount,
            at: first.transacted_at,
        }],
    };
    for t in &txns[1..] {
        a.add_payment(
            &t.id.0,
            AlertPayment {
                merchant: t.merchant.clone(),
                amount_minor: t.amount,
                at: t.transacted_at,
            },
        );
    }
    a
}

fn merchant(t: &Transaction) -> String {
    t.merchant.clone().expect("merchant")
}

fn open_ids(p: &Profile) -> Vec<String> {
    p.open_alerts()
        .expect("open")
        .into_iter()
        .map(|a| a.id)
        .collect()
}

#[test]
fn what_a_name_is_explains_its_alert_and_a_denial_after_it_is_a_no() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 2);
    p.raise_alert(&alert_of(&[&t[0]], "a0", data.end), data.end)
        .expect("raise");
    p.raise_alert(&alert_of(&[&t[1]], "a1", data.end), data.end)
        .expect("raise");
    let name = merchant(&t[0]).to_lowercase();
    let r = ask(&p, &format!("what is this {name} thing"), data.end);
    assert_eq!(r.alert_id.as_deref(), Some("a0"), "{}", r.local_text);
    assert!(r.answered_alert.is_none());
    assert!(r.local_text.contains(&usd(t[0].amount)), "{}", r.local_text);
    assert_eq!(open_ids(&p).len(), 2);
    // "them": the alert just explained.
    let r = ask(&p, "i never ordered anything from them", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{}",
        r.local_text
    );
    // A denial of dealings that names the other merchant binds to its alert.
    let r = ask(
        &p,
        &format!("i never donated to {}", merchant(&t[1]).to_lowercase()),
        data.end,
    );
    assert_eq!(
        r.answered_alert,
        Some(("a1".to_string(), false)),
        "{}",
        r.local_text
    );
    assert!(open_ids(&p).is_empty());
}

#[test]
fn a_whole_amount_binds_by_its_dollars_and_a_bare_no_asks_which() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 3);
    for (i, x) in t.iter().enumerate() {
        p.raise_alert(&alert_of(&[x], &format!("a{i}"), data.end), data.end)
            .expect("raise");
    }
    // Several open, none just asked about: a bare NO or "i never ordered from them" asks.
    let _ = ask(&p, "how much did i spend last month", data.end);
    for text in ["no", "i never ordered from them"] {
        let r = ask(&p, text, data.end);
        assert!(r.answered_alert.is_none(), "{text}: {}", r.local_text);
        assert_eq!(r.quick_replies.len(), 3, "{text}: {}", r.local_text);
    }
    assert_eq!(open_ids(&p).len(), 3);
    // "the 12 one": the dollars of one payment (cents dropped), bound to that alert only
    // when no other payment has those dollars.
    let dollars = |x: &Transaction| x.amount.abs() / 100;
    let unique = t
        .iter()
        .position(|x| t.iter().filter(|y| dollars(y) == dollars(x)).count() == 1)
        .expect("a payment with its own dollars");
    let r = ask(
        &p,
        &format!("the {} one was not me either", dollars(&t[unique])),
        data.end,
    );
    assert_eq!(
        r.answered_alert,
        Some((format!("a{unique}"), false)),
        "{}",
        r.local_text
    );
    assert_eq!(open_ids(&p).len(), 2);
}

fn bank(p: &Profile) -> (Vec<Transaction>, Vec<tacit_core::model::Account>) {
    (
        p.test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
            .expect("txns"),
        p.test_vault(|v| Ok(v.accounts()?)).expect("accounts"),
    )
}

/// The assistant's spending: money out, refunds back, no income or transfers, no loans.
fn spend(p: &Profile, from: Date, until: Date, keep: impl Fn(&Transaction) -> bool) -> i64 {
    let (txns, accounts) = bank(p);
    txns.iter()
        .filter(|t| t.transacted_at >= from.start_ts(0) && t.transacted_at < until.start_ts(0))
        .filter(|t| {
            !accounts
                .iter()
                .any(|a| a.id == t.account && a.kind == AccountKind::Loan)
                && keep(t)
        })
        .filter_map(|t| match t.category {
            Some(Category::Transfer | Category::Income) => None,
            _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
            _ => Some(-t.amount),
        })
        .sum()
}

#[test]
fn the_nth_of_a_list_and_more_of_it() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let (mut txns, _) = bank(&p);
    txns.sort_by_key(|t| std::cmp::Reverse(t.transacted_at));
    let list = ask(&p, "last 3 transactions", data.end);
    assert!(
        list.local_text.starts_with("Your last 3 transactions"),
        "{}",
        list.local_text
    );
    let second = &txns[1];
    let name = second
        .merchant
        .clone()
        .unwrap_or(second.description.clone());
    let r = ask(&p, "the second one, where was that", data.end);
    let line = r.local_text.lines().nth(1).unwrap_or("");
    // The second line of the list, which is the vault's second latest (when no other
    // transaction shares its time).
    assert_eq!(
        Some(line),
        list.local_text.lines().nth(2),
        "{}",
        r.local_text
    );
    let tie = txns[0].transacted_at == second.transacted_at
        || txns[2].transacted_at == second.transacted_at;
    assert!(
        tie || line.contains(&name) && line.contains(&usd(second.amount)),
        "{}",
        r.local_text
    );
    assert!(
        r.local_text.starts_with("1 transaction on "),
        "{}",
        r.local_text
    );
    // The list is still the question: "show me 10 more" makes it 13 long.
    let r = ask(&p, "show me 10 more", data.end);
    assert!(
        r.local_text.starts_with("Your last 13 transactions"),
        "{}",
        r.local_text
    );
    assert_eq!(
        r.local_text.lines().filter(|l| l.contains(" · ")).count(),
        13
    );
    // With no list before, an ordinal is no figure.
    let (_d2, fresh, data) = profile(DisclosureLevel::Full);
    let r = ask(&fresh, "the second one", data.end);
    assert!(!r.local_text.contains('$'), "{}", r.local_text);
}

#[test]
fn a_choice_of_two_months_compares_them() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let two_back = today.add_months_first(-2);
    let one_back = today.add_months_first(-1);
    let month = |d: Date| {
        [
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
        ][d.month as usize - 1]
    };
    let a = spend(&p, two_back, one_back, |_| true);
    let b = spend(&p, one_back, today.first_of_month(), |_| true);
    let _ = ask(&p, &format!("spending in {}", month(two_back)), data.end);
    let _ = ask(&p, month(one_back), data.end);
    let r = ask(
        &p,
        &format!("was {} or {} cheaper", month(two_back), month(one_back)),
        data.end,
    );
    for v in [a, b, (a - b).abs()] {
        assert!(
            r.local_text.contains(&usd(v)),
            "{}: {}",
            usd(v),
            r.local_text
        );
    }
    // The same asked fresh, with no turn before.
    let (_d2, fresh, data) = profile(DisclosureLevel::Full);
    let r = ask(
        &fresh,
        &format!(
            "did i spend more in {} or {}?",
            month(two_back),
            month(one_back)
        ),
        data.end,
    );
    assert!(
        r.local_text.contains(&usd((a - b).abs())),
        "{}",
        r.local_text
    );
}

#[test]
fn fillers_names_alone_and_just_x_follow_up() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let today = local_date(data.end, 0);
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let (_, accounts) = bank(&p);
    let card = accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("a card")
        .id
        .clone();
    let dining_card = spend(&p, lm, tm, |t| {
        t.category == Some(Category::Dining) && t.account == card
    });
    let _ = ask(&p, "how much did i spend on dining last month", data.end);
    let r = ask(&p, "ok what about the card only", data.end);
    assert!(r.local_text.contains(&usd(dining_card)), "{}", r.local_text);
    // A name alone after a merchant question: that merchant, over the same period.
    let (txns, _) = bank(&p);
    let m = txns
        .iter()
        .filter(|t| t.amount < 0 && t.transacted_at >= lm.start_ts(0))
        .find_map(|t| t.merchant.clone())
        .expect("a merchant");
    let _ = ask(&p, &format!("{m} last month"), data.end);
    let r = ask(&p, "and zyxwvu", data.end);
    assert!(
        r.local_text.starts_with("No charges at zyxwvu"),
        "{}",
        r.local_text
    );
    // "just X" after an exclusion: X alone, the exclusion no longer named.
    let shopping = |t: &Transaction| t.category == Some(Category::Shopping);
    let (txns, _) = bank(&p);
    let mut shops: Vec<String> = txns
        .iter()
        .filter(|t| shopping(t) && t.amount < 0 && t.transacted_at >= lm.start_ts(0))
        .filter(|t| t.transacted_at < tm.start_ts(0))
        .filter_map(|t| t.merchant.clone())
        .collect();
    shops.sort();
    shops.dedup();
    if let [first, second, ..] = shops.as_slice() {
        let _ = ask(&p, "shopping last month", data.end);
        let _ = ask(&p, &format!("without {first}"), data.end);
        let r = ask(&p, &format!("just {second}"), data.end);
        let want = spend(&p, lm, tm, |t| {
            t.merchant.as_deref() == Some(second.as_str())
        });
        assert!(r.local_text.contains(&usd(want)), "{}", r.local_text);
        assert!(!r.local_text.contains("not counting"), "{}", r.local_text);
    }
}
