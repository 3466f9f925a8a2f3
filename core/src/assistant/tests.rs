use super::*;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::ingest::ingest;
use crate::reconcile::ReconcilePolicy;
use crate::sources::sandbox::{SandboxBank, SandboxData};
use crate::time::Date;
use crate::vault::OpenOptions;

pub(crate) fn sandbox_vault() -> (tempfile::TempDir, Vault, SandboxData) {
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([4; 32]));
    let mut v = Vault::create(&dir.path().join("a.db"), &w, OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(11, Date::new(2025, 11, 1).unwrap(), 12);
    ingest(&mut v, &data.batch(), data.end, &ReconcilePolicy::default()).unwrap();
    (dir, v, data)
}

#[test]
fn smoke_conversation_prints() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    for level in [
        DisclosureLevel::Minimal,
        DisclosureLevel::Summary,
        DisclosureLevel::Full,
    ] {
        let s = Settings {
            level,
            ..Settings::default()
        };
        for q in [
            "what's my balance?",
            "how much did I spend on groceries last month?",
            "show my recent transactions",
            "when is my credit card bill due?",
            "what's the minimum payment on my visa",
            "what is my routing number",
            "transfer $500 to savings",
            "what's the weather like",
        ] {
            let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
            println!(
                "[{}] {q}\n  intent={} ({:.2})\n  local: {}\n  platform: {}",
                level.as_str(),
                r.intent.as_str(),
                r.confidence,
                r.local_text.replace('\n', " | "),
                r.platform_text.replace('\n', " | ")
            );
        }
    }
}

/// The routing rules around the classifier, one case each.
#[test]
fn routing_rules() {
    use crate::intent::Slots;
    let today = Date::new(2026, 11, 1).unwrap();
    let slots = |period: bool, merchant: bool| Slots {
        period: period
            .then(|| crate::intent::slots::period::find_period_in("last month", today))
            .flatten(),
        merchant: merchant.then(|| "Amazon".to_string()),
        merchant_known: merchant,
        ..Slots::default()
    };
    let plain = Shape::Plain;
    // A list asked for is a list, even when the model heard spending or was unsure.
    let t = "show me all my amazon orders in october";
    assert_eq!(
        route(Intent::SpendingHistory, 0.9, &slots(true, true), &plain, t),
        Intent::Transactions
    );
    assert_eq!(
        route(Intent::Oos, 0.6, &slots(true, true), &plain, t),
        Intent::Transactions
    );
    // ...but "show me ... spending" and "costco last month" are totals.
    assert_eq!(
        route(
            Intent::SpendingHistory,
            0.9,
            &slots(true, false),
            &plain,
            "show me last month's spending"
        ),
        Intent::SpendingHistory
    );
    assert_eq!(
        route(
            Intent::Oos,
            0.3,
            &slots(true, true),
            &plain,
            "amazon last month"
        ),
        Intent::SpendingHistory
    );
    // A ranking heard as a list is about spending.
    let rank = Shape::Rank(shape::RankBy::Category, 1);
    assert_eq!(
        route(
            Intent::Transactions,
            0.9,
            &slots(true, false),
            &rank,
            "what was my biggest expense category last month"
        ),
        Intent::SpendingHistory
    );
    // A count stays what the model heard when it is sure; unsure, it is about spending.
    assert_eq!(
        route(
            Intent::Transactions,
            0.9,
            &slots(true, true),
            &Shape::Count,
            "how many transactions at amazon"
        ),
        Intent::Transactions
    );
    assert_eq!(
        route(
            Intent::Oos,
            0.99,
            &slots(true, true),
            &Shape::Count,
            "how many amazon orders"
        ),
        Intent::SpendingHistory
    );
}

/// A bill question about a payee (rent, a utility, a subscription, a known merchant) is about
/// spending; about the card, or an instruction to pay, it stays what the model heard.
#[test]
fn bills_of_payees_are_spending_questions() {
    use crate::intent::Slots;
    use crate::model::Category;
    let with = |c: Option<Category>| Slots {
        category: c,
        ..Slots::default()
    };
    let plain = Shape::Plain;
    let rent = with(Some(Category::Housing));
    assert_eq!(
        route(Intent::BillBalance, 0.97, &rent, &plain, "how much is my rent"),
        Intent::SpendingHistory
    );
    let phone = with(Some(Category::Bills));
    assert_eq!(
        route(Intent::PayBill, 0.95, &phone, &plain, "did i pay my phone bill"),
        Intent::SpendingHistory
    );
    // An instruction stays one (Tacit then says it cannot pay).
    assert_eq!(
        route(Intent::PayBill, 0.95, &phone, &plain, "pay my phone bill"),
        Intent::PayBill
    );
    // The card's own bill stays a card question.
    assert_eq!(
        route(
            Intent::BillBalance,
            0.97,
            &with(None),
            &plain,
            "how much do i owe on my card"
        ),
        Intent::BillBalance
    );
    assert_eq!(
        route(
            Intent::BillDue,
            0.97,
            &phone,
            &plain,
            "when is my credit card bill due"
        ),
        Intent::BillDue
    );
}

/// Unsure, a money question about something the person spends on is a spending question.
#[test]
fn unsure_money_questions_about_a_payee_are_spending() {
    use crate::intent::Slots;
    use crate::model::Category;
    let subs = Slots {
        category: Some(Category::Subscriptions),
        ..Slots::default()
    };
    assert_eq!(
        route(Intent::Oos, 0.52, &subs, &Shape::Plain, "how much are my subscriptions"),
        Intent::SpendingHistory
    );
    let netflix = Slots {
        merchant: Some("Netflix".into()),
        merchant_known: true,
        ..Slots::default()
    };
    assert_eq!(
        route(
            Intent::Oos,
            0.4,
            &netflix,
            &Shape::Plain,
            "can u show me what i paid for netflix"
        ),
        Intent::SpendingHistory
    );
    // Without a money word, or without a payee, it stays out of scope.
    assert_eq!(
        route(Intent::Oos, 0.4, &netflix, &Shape::Plain, "is netflix down"),
        Intent::Oos
    );
    assert_eq!(
        route(
            Intent::Oos,
            0.4,
            &Slots::default(),
            &Shape::Plain,
            "how much is a flight to rome"
        ),
        Intent::Oos
    );
}

/// Torn between the card's bill and spending, a message naming a category is a spending
/// question (no "Do you mean…?"); a message naming the card still asks.
#[test]
fn a_named_category_settles_bill_or_spending() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings {
        level: DisclosureLevel::Full,
        ..Settings::default()
    };
    let r = a
        .handle_message(&mut v, "my grocery bill last month?", data.end, &s)
        .unwrap();
    assert_eq!(r.intent, Intent::SpendingHistory, "{}", r.local_text);
    assert!(r.quick_replies.is_empty(), "{}", r.local_text);
    assert!(r.local_text.contains("groceries"), "{}", r.local_text);
    assert!(!r.local_text.starts_with("Do you mean"));
}

/// "top 3 merchants last month" after a question about one merchant ranks every merchant,
/// not that one alone.
#[test]
fn a_ranking_after_a_merchant_question_ranks_every_merchant() {
    let (_d, mut v, data) = sandbox_vault();
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for t in &data.transactions {
        if let Some(m) = t.merchant.as_deref() {
            *counts.entry(m).or_default() += 1;
        }
    }
    let merchant = counts.iter().max_by_key(|(_, n)| **n).unwrap().0.to_string();
    let mut a = Assistant::default();
    let s = Settings {
        level: DisclosureLevel::Full,
        ..Settings::default()
    };
    let first = format!("how much at {merchant}");
    a.handle_message(&mut v, &first, data.end, &s).unwrap();
    let r = a
        .handle_message(&mut v, "top 3 merchants last month", data.end, &s)
        .unwrap();
    assert!(r.local_text.contains("\n3. "), "{}", r.local_text);
    // With no period, spending at a merchant is the last 30 days, and the reply says so.
    assert!(
        a.handle_message(&mut v, &first, data.end, &s)
            .unwrap()
            .local_text
            .contains(" in the last 30 days"),
    );
    // The follow-up still keeps the merchant when it asks about it: "and last month?".
    let again = a
        .handle_message(&mut v, &first, data.end, &s)
        .and_then(|_| a.handle_message(&mut v, "and last month?", data.end, &s))
        .unwrap();
    assert!(again.local_text.contains(&merchant), "{}", again.local_text);
}

/// "any fraud alerts?" lists the open alerts; setting alerts up is not that question.
#[test]
fn questions_about_alerts_list_the_open_ones() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings::default();
    for q in [
        "any fraud alerts?",
        "show my alerts",
        "do i have any alerts",
        "anything suspicious on my account?",
    ] {
        let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
        assert_eq!(r.intent, Intent::ReportFraud, "{q}");
    }
    for q in ["set up text alerts for my balance", "turn off alerts"] {
        let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
        assert_ne!(r.intent, Intent::ReportFraud, "{q}");
    }
}

/// "what's my checking account number" shows the account's own number on the device (not
/// the routing number) and never sends it.
#[test]
fn account_numbers_are_shown_on_the_device_only() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings {
        level: DisclosureLevel::Full,
        ..Settings::default()
    };
    let r = a
        .handle_message(&mut v, "what's my checking account number", data.end, &s)
        .unwrap();
    let checking = data
        .accounts
        .iter()
        .find(|a| a.kind == crate::model::AccountKind::Checking)
        .unwrap();
    assert!(r.local_text.contains("account number"), "{}", r.local_text);
    assert!(!r.local_text.contains("routing"), "{}", r.local_text);
    if let Some(n) = checking.full_number.as_deref() {
        assert!(r.local_text.contains(n));
        assert!(!r.platform_text.as_str().contains(n));
    }
    assert!(!r.platform_text.as_str().chars().any(|c| c.is_ascii_digit()));
}

/// Money questions a spending total would answer wrongly get no spending figure: what can be
/// spent is a balance; tips are out of scope; what was saved is the net of money in and out
/// ([`super::saved`]).
#[test]
fn questions_beyond_spending_get_no_spending_total() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings::default();
    for (q, want) in [
        ("how much can i spend today", Intent::Balance),
        ("how much have i saved this month", Intent::SpendingHistory),
        ("how much did i tip last month", Intent::Oos),
    ] {
        let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
        assert_eq!(r.intent, want, "{q}");
        assert!(!r.local_text.contains("You spent"), "{q}: {}", r.local_text);
        if q.contains("saved") {
            assert!(r.local_text.contains(", net: "), "{q}: {}", r.local_text);
        }
    }
    // Spending questions stay spending questions.
    let r = a
        .handle_message(&mut v, "how much did i spend this month", data.end, &s)
        .unwrap();
    assert_eq!(r.intent, Intent::SpendingHistory);
}

/// "when was my last paycheck" asks for the latest pay, not which dates: "last" is no period.
#[test]
fn the_last_paycheck_is_the_latest_one() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings {
        level: DisclosureLevel::Full,
        ..Settings::default()
    };
    let r = a
        .handle_message(&mut v, "when was my last paycheck", data.end, &s)
        .unwrap();
    assert!(
        !r.local_text.starts_with("Which dates"),
        "{}",
        r.local_text
    );
    assert_eq!(r.intent, Intent::SpendingHistory, "{}", r.local_text);
    // A period phrase that is not understood still asks.
    let r = a
        .handle_message(&mut v, "how much did i make since my last raise", data.end, &s)
        .unwrap();
    assert!(r.local_text.starts_with("Which dates"), "{}", r.local_text);
}

#[test]
fn a_bound_after_a_spending_verb_is_on_the_total() {
    let w = |t: &str| super::shape::words(t);
    for q in [
        "did i spend over 500 on groceries in november",
        "have i spent more than $200 on dining",
        "am i spending under 100 this week",
    ] {
        assert!(super::total_bound(&w(q)), "{q}");
    }
    for q in [
        "purchases over $100 this month",
        "how much did i spend on charges over 50",
        "did i spend more this month than last month",
    ] {
        assert!(!super::total_bound(&w(q)), "{q}");
    }
}

#[test]
fn what_is_left_on_the_statement_is_what_is_owed() {
    for q in [
        "whats left on my visa statement",
        "how much is left to pay on my card",
        "what's my statement balance",
    ] {
        for heard in [Intent::CreditLimit, Intent::Balance, Intent::BillDue] {
            assert!(asks_what_is_owed(heard, q), "{q} {heard:?}");
        }
    }
    for q in [
        "how much credit do i have left",
        "how much available credit is left on my card",
        "how much can i still spend on my card",
        "what's my checking balance",
        "whats my minimum payment on the statement",
    ] {
        assert!(!asks_what_is_owed(Intent::CreditLimit, q), "{q}");
    }
}

#[test]
fn the_statement_balance_or_the_current_one_is_named() {
    use super::answer::{AccountLabel, CreditField, CreditLine};
    let line = |statement: bool| CreditLine {
        account: AccountLabel {
            kind: crate::model::AccountKind::CreditCard,
            last4: Some("6281".into()),
        },
        currency: crate::money::Currency::USD,
        owed: Some(174_747),
        owed_is_statement: statement,
        owed_now: statement.then_some(200_000),
        minimum: None,
        due: None,
        limit: None,
        available: None,
        apr_bps: None,
    };
    let style = Style {
        level: DisclosureLevel::Full,
        locale: Locale::EnUs,
        offset: 0,
    };
    let r = render(&Answer::Credit(CreditField::BillBalance, vec![line(true)]), &style);
    assert!(r.local.contains("$1,747.47 (statement balance)"), "{}", r.local);
    // What is owed now beside it, named as such.
    assert!(r.local.contains("$2,000.00 now (current balance)"), "{}", r.local);
    let r = render(&Answer::Credit(CreditField::BillBalance, vec![line(false)]), &style);
    assert!(r.local.contains("$1,747.47 now (current balance;"), "{}", r.local);
    assert!(r.platform.contains("current balance"), "{}", r.platform);
}

/// A card-bill question about a deposit account ("the balance of my checking", heard as the
/// bill balance) gets that account's balance: a deposit account never "owes".
#[test]
fn a_deposit_account_never_owes() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    let s = Settings {
        level: DisclosureLevel::Full,
        ..Settings::default()
    };
    let p = Prediction {
        intent: Intent::BillBalance,
        confidence: 0.57,
    };
    let r = a
        .answer_as(&mut v, "balance of my checking", p, data.end, &s)
        .unwrap();
    assert!(!r.local_text.contains("owe"), "{}", r.local_text);
    assert!(r.local_text.starts_with("Checking"), "{}", r.local_text);
    let r = a
        .answer_as(&mut v, "balance on my credit card", p, data.end, &s)
        .unwrap();
    assert!(r.local_text.contains("you owe"), "{}", r.local_text);
}
