//! Fraud answers bound to what the person named, on the sandbox bank, with several open
//! alerts built from the vault's own purchases: a question about a charge explains its alert
//! and never resolves it; an episode of several payments binds by any of its merchants or
//! amounts and says all of them; "the 6.35 one", "the X one is legit"; "i didn't buy that"
//! right after an alert answers that alert; "which one do you mean?" offers every open alert;
//! security codes and social security numbers get the secrets warning and are not kept.

use tacit_core::alerts::{AlertPayment, AlertRecord, AlertStatus};
use tacit_core::assistant::{QuickReplyKind, Reply, Settings};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{Category, Transaction};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{Date, Timestamp};
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
fn a_question_about_a_charge_explains_its_alert_and_resolves_nothing() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 2);
    p.raise_alert(&alert_of(&[&t[0]], "a0", data.end), data.end)
        .expect("raise");
    p.raise_alert(&alert_of(&[&t[1]], "a1", data.end), data.end)
        .expect("raise");
    for (text, id, who) in [
        (
            format!("was the {} charge fraud?", merchant(&t[0])),
            "a0",
            &t[0],
        ),
        (format!("why did u flag {}", merchant(&t[1])), "a1", &t[1]),
        (
            format!("is the {} thing a scam?", merchant(&t[0])),
            "a0",
            &t[0],
        ),
    ] {
        let r = ask(&p, &text, data.end);
        assert!(r.answered_alert.is_none(), "{text}: {}", r.local_text);
        assert_eq!(r.alert_id.as_deref(), Some(id), "{text}: {}", r.local_text);
        assert!(r
            .local_text
            .contains("because many payments in a short time"));
        assert!(r.local_text.contains(&usd(who.amount)), "{}", r.local_text);
        let kinds: Vec<QuickReplyKind> = r.quick_replies.iter().map(|q| q.kind).collect();
        assert_eq!(kinds, vec![QuickReplyKind::Yes, QuickReplyKind::No]);
        assert_eq!(open_ids(&p).len(), 2, "{text} closed an alert");
    }
    // The answer right after the question is about the alert it explained.
    let r = ask(&p, "no", data.end);
    assert_eq!(r.answered_alert, Some(("a0".to_string(), false)));
    assert_eq!(open_ids(&p), vec!["a1".to_string()]);
}

#[test]
fn an_episode_binds_by_any_payment_and_names_every_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 4);
    let episode = alert_of(&[&t[0], &t[1], &t[2]], "episode", data.end);
    let total: i64 = t[..3].iter().map(|t| t.amount).sum();
    let r = p.raise_alert(&episode, data.end).expect("raise");
    p.raise_alert(&alert_of(&[&t[3]], "other", data.end), data.end)
        .expect("raise");
    // The alert says the total, the count and every merchant, on both sides.
    for text in [r.local_text.as_str(), r.platform_text.as_str()] {
        assert!(text.contains(&usd(total.abs())), "{text}");
        assert!(text.contains("in 3 purchases at"), "{text}");
        for x in &t[..3] {
            assert!(text.contains(&merchant(x)), "{text}");
        }
    }
    // The third payment's merchant binds to the episode.
    let r = ask(
        &p,
        &format!("i never bought anything from {}", merchant(&t[2])),
        data.end,
    );
    assert_eq!(r.answered_alert, Some(("episode".to_string(), false)));
    assert_eq!(open_ids(&p), vec!["other".to_string()]);
}

#[test]
fn the_one_forms_and_amounts_without_a_sign_bind() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 3);
    for (i, x) in t.iter().enumerate() {
        p.raise_alert(&alert_of(&[x], &format!("a{i}"), data.end), data.end)
            .expect("raise");
    }
    let bare = usd(t[1].amount.abs()).trim_start_matches('$').to_string();
    let r = ask(&p, &format!("the {bare} one wasnt me"), data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a1".to_string(), false)),
        "{}",
        r.local_text
    );
    let r = ask(
        &p,
        &format!("the {} one is legit", merchant(&t[0]).to_lowercase()),
        data.end,
    );
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), true)),
        "{}",
        r.local_text
    );
    assert_eq!(open_ids(&p), vec!["a2".to_string()]);
}

#[test]
fn that_answers_the_alert_just_shown_and_else_every_alert_is_offered() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let t = purchases(&p, 6);
    for (i, x) in t.iter().enumerate() {
        p.raise_alert(&alert_of(&[x], &format!("a{i}"), data.end), data.end)
            .expect("raise");
    }
    // Right after the last alert was pushed, "that" is it.
    let r = ask(&p, "i didnt buy that", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a5".to_string(), false)),
        "{}",
        r.local_text
    );
    // After another reply, nothing was just shown: a claim asks which one, offering every
    // open alert (newest first) with the answer the person gave, and closes nothing.
    ask(&p, "what's my balance", data.end);
    let r = ask(&p, "yep thats mine", data.end);
    assert!(r.answered_alert.is_none(), "{}", r.local_text);
    assert!(r.local_text.starts_with("You have 5 open fraud alerts"));
    for x in &t[..5] {
        assert!(r.local_text.contains(&merchant(x)), "{}", r.local_text);
    }
    assert_eq!(r.quick_replies.len(), 5);
    assert!(r
        .quick_replies
        .iter()
        .all(|q| q.kind == QuickReplyKind::Yes));
    assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
    assert_eq!(open_ids(&p).len(), 5);
    // The last button is the oldest alert.
    let token = r.quick_replies[4].token.clone();
    let r = p.on_quick_reply(&token, data.end).expect("tap");
    assert_eq!(r.answered_alert, Some(("a0".to_string(), true)));
    // A bare "no" now, with nothing just shown, asks again (four open).
    let r = ask(&p, "no", data.end);
    assert!(r.answered_alert.is_none());
    assert_eq!(r.quick_replies.len(), 4);
    assert!(r.quick_replies.iter().all(|q| q.kind == QuickReplyKind::No));
}

#[test]
fn security_codes_and_ssns_are_warned_about_and_not_kept() {
    let (dir, p, data) = profile(DisclosureLevel::Full);
    for (text, secret) in [
        ("my ssn is 123-45-6789", "6789"),
        ("cvv 123 exp 09/28", "09/28"),
        ("social security number 078 05 1120", "1120"),
    ] {
        let r = ask(&p, text, data.end);
        assert!(r.local_text.contains("don't type card numbers"), "{text}");
        assert!(!r.local_text.contains(secret) && !r.platform_text.contains(secret));
    }
    let ledger = p.export_ledger().expect("ledger");
    for secret in ["6789", "09/28", "1120", "cvv 123"] {
        assert!(!ledger.contains(secret), "the ledger kept {secret}");
    }
    drop(p);
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        for secret in [&b"123-45-6789"[..], b"078 05 1120", b"cvv 123"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "a vault file holds a typed secret"
            );
        }
    }
}
