//! The assistant against the sandbox bank: every answerable intent's figures are checked
//! against a direct computation over the vault; at `minimal` nothing of the person's data
//! reaches the platform over a long conversation; the ledger holds exactly what was released;
//! hostile input gets a bounded, non-echoing reply.

use std::collections::HashMap;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::ledger::text_hash;
use tacit_core::model::{Account, AccountKind, Category, Transaction};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date};
use tacit_core::vault::{OpenOptions, TxnFilter};

fn profile(level: DisclosureLevel) -> (tempfile::TempDir, Profile, SandboxData) {
    let (d, p, data, _) = profile_with_alerts(level);
    (d, p, data)
}

/// A new profile at `level`, en-US, UTC, with nothing stored yet.
fn empty_profile(level: DisclosureLevel) -> (tempfile::TempDir, Profile) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([5; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    (dir, p)
}

/// A profile at `level` over the sandbox bank (seed 2026, a year from November 2025).
/// Also returns the platform texts of the fraud alerts the ingest released (they are in the
/// ledger too).
fn profile_with_alerts(
    level: DisclosureLevel,
) -> (tempfile::TempDir, Profile, SandboxData, Vec<String>) {
    let (dir, p) = empty_profile(level);
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    let outcome = p.ingest(&data.batch(), data.end).expect("ingest");
    let alerts = outcome
        .alerts
        .iter()
        .map(|a| a.platform_text.as_str().to_string())
        .collect();
    (dir, p, data, alerts)
}

fn accounts(p: &Profile) -> Vec<Account> {
    p.test_vault(|v| Ok(v.accounts()?)).expect("accounts")
}

fn all_txns(p: &Profile) -> Vec<Transaction> {
    p.test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
        .expect("txns")
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

#[test]
fn balances_match_the_vault() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = p
        .handle_message("what's my balance?", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "balance");
    for a in accounts(&p) {
        let b = a.balance.expect("sandbox accounts have balances");
        assert!(
            r.local_text.contains(&usd(b.minor)),
            "current balance of a {:?} missing",
            a.kind
        );
        if let Some(av) = a.available {
            assert!(r.local_text.contains(&usd(av.minor)));
            assert!(
                r.platform_text.contains(&usd(av.minor)),
                "full level quotes the exact available balance"
            );
        }
        assert!(r.local_text.contains(a.last4.as_deref().expect("last4")));
    }
}

#[test]
fn spending_by_category_matches_a_direct_sum() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = p
        .handle_message("how much did I spend on groceries last month?", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "spending_history");
    let today = local_date(data.end, 0);
    let start = today.add_months_first(-1).start_ts(0);
    let end = today.first_of_month().start_ts(0);
    let total: i64 = all_txns(&p)
        .iter()
        .filter(|t| {
            t.transacted_at >= start
                && t.transacted_at < end
                && t.category == Some(Category::Groceries)
        })
        .map(|t| -t.amount)
        .sum();
    assert!(total > 0);
    assert!(
        r.local_text.contains(&usd(total)),
        "local text {:?} lacks {}",
        r.local_text,
        usd(total)
    );
}

#[test]
fn transactions_at_a_merchant_match() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let txns = all_txns(&p);
    // The merchant seen most often in the last 90 days.
    let since = data.end - 89 * 86_400;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in txns.iter().filter(|t| t.transacted_at >= since) {
        if let Some(m) = &t.merchant {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let (merchant, _) = counts
        .iter()
        .max_by_key(|(m, c)| (**c, *m))
        .expect("a merchant");
    let r = p
        .handle_message(&format!("show my transactions at {merchant}"), data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "transactions");
    let today = local_date(data.end, 0);
    let from = today.add_days(-90).start_ts(0);
    let matching: Vec<&Transaction> = txns
        .iter()
        .filter(|t| {
            t.transacted_at >= from
                && t.merchant
                    .as_deref()
                    .is_some_and(|m| m.to_lowercase().contains(&merchant.to_lowercase()))
        })
        .collect();
    let out: i64 = matching
        .iter()
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    assert!(
        r.local_text
            .starts_with(&format!("{} transaction", matching.len())),
        "{}",
        r.local_text
    );
    assert!(r.local_text.contains(&format!("{} out", usd(out))));
}

#[test]
fn credit_card_figures_match_the_account() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let card = accounts(&p)
        .into_iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("a card");
    let terms = card.credit.clone().expect("credit terms");
    let cases: [(&str, &str, Option<String>); 5] = [
        (
            "what is my credit card bill balance",
            "bill_balance",
            terms.statement_balance.map(usd),
        ),
        (
            "what is the minimum payment on my credit card",
            "min_payment",
            terms.minimum_payment.map(usd),
        ),
        (
            "what's my credit limit",
            "credit_limit",
            terms.limit.map(usd),
        ),
        (
            "what is the apr on my credit card",
            "apr",
            terms
                .apr_bps
                .map(|b| format!("{}.{:02}%", b / 100, b % 100)),
        ),
        ("when is my credit card payment due", "bill_due", None),
    ];
    for (q, intent, want) in cases {
        let r = p.handle_message(q, data.end).expect("reply");
        assert_eq!(r.intent.as_str(), intent, "{q}");
        if let Some(w) = want {
            assert!(
                r.local_text.contains(&w),
                "{q}: {:?} lacks {w}",
                r.local_text
            );
        }
        assert!(r.local_text.contains(card.last4.as_deref().expect("last4")));
    }
    let due = terms.due_date.expect("due date");
    let r = p
        .handle_message("when is my credit card payment due", data.end)
        .expect("reply");
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    assert!(r
        .local_text
        .contains(&format!("{} {}", months[due.month as usize - 1], due.day)));
}

#[test]
fn fraud_and_routing_and_cannot_act() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let r = p
        .handle_message("I want to report fraud on my card", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "report_fraud");
    let open = p.open_alerts().expect("alerts").len();
    assert_eq!(open == 0, r.local_text.contains("no open fraud alerts"));
    let r = p
        .handle_message("what is my routing number", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "routing");
    assert!(
        !r.platform_text.chars().any(|c| c.is_ascii_digit()),
        "routing never reaches the platform"
    );
    let r = p
        .handle_message("please transfer 500 dollars to my savings", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "transfer");
    assert!(r.platform_text.contains("can't move money"));
}

const SCRIPT: &[&str] = &[
    "what's my balance?",
    "how much money do I have in checking",
    "show my recent transactions",
    "how much did I spend on groceries last month?",
    "how much did I spend eating out this month",
    "what did I spend at Costco",
    "transactions over $100 this month",
    "what's my credit card balance",
    "when is my credit card bill due",
    "what's the minimum payment",
    "what's my credit limit",
    "what's my apr",
    "what is the interest rate on my card",
    "is there any fraud on my account",
    "what is my routing number",
    "transfer money to savings",
    "freeze my card",
    "I lost my card",
    "order new checks",
    "what's the weather",
    "tell me a joke",
    "how much did I spend in march",
    "spending last week",
    "what did I buy yesterday",
    "balance of my credit card ending 1234",
    "how much have I spent since monday",
    "show transactions between 1 and 15 october",
];

#[test]
fn minimal_level_releases_nothing_personal() {
    let (_d, p, data, alert_texts) = profile_with_alerts(DisclosureLevel::Minimal);
    let merchants: Vec<String> = all_txns(&p)
        .iter()
        .filter_map(|t| t.merchant.clone())
        .map(|m| m.to_lowercase())
        .collect();
    let mut released: Vec<String> = alert_texts.iter().map(|t| text_hash(t)).collect();
    for t in &alert_texts {
        assert!(
            !t.chars().any(|c| c.is_ascii_digit()),
            "an alert released digits at minimal"
        );
    }
    for round in 0..3 {
        for q in SCRIPT {
            let r = p.handle_message(q, data.end + round).expect("reply");
            let text = r.platform_text.to_lowercase();
            assert!(
                !text.chars().any(|c| c.is_ascii_digit()),
                "{q}: digits reached the platform: {text}"
            );
            for m in &merchants {
                assert!(
                    !text.contains(m.as_str()),
                    "{q}: merchant reached the platform"
                );
            }
            for sym in ["$", "€", "£", "usd"] {
                assert!(!text.contains(sym), "{q}: an amount reached the platform");
            }
            released.push(text_hash(&r.platform_text));
        }
    }
    // Ledger completeness: the multiset of released texts equals the ledger's.
    let ledger = p.export_ledger().expect("ledger");
    let mut in_ledger: Vec<String> = ledger
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["sha256"]
                .as_str()
                .expect("hash")
                .to_string()
        })
        .collect();
    in_ledger.sort();
    released.sort();
    assert_eq!(in_ledger, released);
}

#[test]
fn hostile_input_gets_bounded_non_echoing_replies() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let huge = "a".repeat(1 << 20);
    let binary: String = (0u8..=255).map(char::from).collect();
    let inputs = [
        String::new(),
        huge,
        binary,
        "\u{0}\u{1b}[31mred\u{7}".to_string(),
        "'; DROP TABLE txn_blocks; --".to_string(),
        "%s%s%n{0}{}${jndi:ldap://x}".to_string(),
        "💸💳🤑 balance 💰".to_string(),
        "баланс 余额 رصيد balance".to_string(),
        "spend at 4111 1111 1111 1111".to_string(),
        "how much at ZZZ-ECHO-CANARY-123 last month".to_string(),
    ];
    for text in &inputs {
        let t = std::time::Instant::now();
        let r = p
            .handle_message(text, data.end)
            .expect("a reply, not an error");
        assert!(t.elapsed().as_secs() < 5, "reply took too long");
        assert!(
            !r.platform_text.contains("DROP TABLE")
                && !r.platform_text.contains("%n")
                && !r.platform_text.contains("jndi")
        );
        assert!(!r.platform_text.contains("4111") && !r.platform_text.contains("ECHO-CANARY"));
    }
    assert!(p.verify_ledger().expect("ledger") >= inputs.len());
}

#[path = "assistant_answers/more.rs"]
mod more;
