//! More conversations, one per answerable intent not covered in the parent file or covered
//! only in part: `interest_rate` and `apr` against the card's stored APR (and a card without
//! one), recent and amount-filtered transaction lists, spending compared with the typical
//! month, a whole month older than the summary's recent window, credit limit with available
//! credit, open fraud alerts, and a routing number. Every figure is recomputed here from the
//! vault, following the period and filter rules the reply states.

use super::*;
use tacit_core::alerts::{AlertRecord, AlertStatus};
use tacit_core::model::TxnStatus;
use tacit_core::sources::ImportBatch;

/// A profile at `level` over the sandbox bank, with `edit` applied to the batch first.
fn profile_edited(
    level: DisclosureLevel,
    edit: impl FnOnce(&mut ImportBatch),
) -> (tempfile::TempDir, Profile, SandboxData) {
    let (dir, p) = empty_profile(level);
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    let mut batch = data.batch();
    edit(&mut batch);
    p.ingest(&batch, data.end).expect("ingest");
    (dir, p, data)
}

fn set_level(p: &Profile, level: DisclosureLevel) {
    p.set_settings(Settings {
        level,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
}

fn card(p: &Profile) -> Account {
    accounts(p)
        .into_iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("a card")
}

fn apr_text(bps: u32) -> String {
    format!("{}.{:02}%", bps / 100, bps % 100)
}

/// The assistant's definition of spending (positive = spent; transfers and income left out;
/// a pending credit is not yet money back).
fn spend(t: &Transaction) -> Option<i64> {
    match t.category {
        Some(Category::Transfer | Category::Income) => None,
        _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
        _ => Some(-t.amount),
    }
}

fn in_range(t: &Transaction, from: Date, until: Date) -> bool {
    t.transacted_at >= from.start_ts(0) && t.transacted_at < until.start_ts(0)
}

const LEVELS: [DisclosureLevel; 3] = [
    DisclosureLevel::Minimal,
    DisclosureLevel::Summary,
    DisclosureLevel::Full,
];

#[test]
fn interest_rate_and_apr_quote_the_stored_apr() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let card = card(&p);
    let bps = card
        .credit
        .as_ref()
        .and_then(|c| c.apr_bps)
        .expect("the sandbox card has an APR");
    let want = format!("purchase APR {}", apr_text(bps));
    let last4 = card.last4.clone().expect("last4");
    let cases = [
        (
            "what is the interest rate on my credit card",
            "interest_rate",
        ),
        ("what interest rate am I paying on my card", "interest_rate"),
        ("what apr do I pay on my credit card", "apr"),
        ("what is my apr", "apr"),
    ];
    for level in LEVELS {
        set_level(&p, level);
        for (q, intent) in cases {
            let r = p.handle_message(q, data.end).expect("reply");
            assert_eq!(r.intent.as_str(), intent, "{q}");
            assert!(
                r.local_text.contains(&want) && r.local_text.contains(&last4),
                "{q}: {:?} lacks {want}",
                r.local_text
            );
            // The other accounts are not credit cards: one line, the card's.
            assert_eq!(r.local_text.lines().count(), 1, "{q}");
            if level == DisclosureLevel::Minimal {
                assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()), "{q}");
            } else if level == DisclosureLevel::Summary {
                // `summary` rounds the rate to a whole percent (issue 15).
                let rounded = format!("purchase APR about {}%", (bps + 50) / 100);
                assert!(
                    r.platform_text.contains(&rounded) && r.platform_text.contains(&last4),
                    "{q} at {level:?}: {:?}",
                    r.platform_text
                );
            } else {
                assert!(
                    r.platform_text.contains(&want) && r.platform_text.contains(&last4),
                    "{q} at {level:?}"
                );
            }
        }
    }
}

#[test]
fn a_card_without_an_apr_says_so() {
    let (_d, p, data) = profile_edited(DisclosureLevel::Full, |b| {
        for a in &mut b.accounts {
            if let Some(c) = a.credit.as_mut() {
                c.apr_bps = None;
            }
        }
    });
    for q in [
        "what is the interest rate on my credit card",
        "what is my apr",
    ] {
        let r = p.handle_message(q, data.end).expect("reply");
        assert!(r.local_text.contains("hasn't shared"), "{q}");
        assert!(!r.local_text.contains('%') && !r.platform_text.contains('%'));
    }
}

#[test]
fn recent_and_amount_filtered_transactions_match() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let txns = all_txns(&p);
    let today = local_date(data.end, 0);
    let tomorrow = today.add_days(1);
    // "recent": the last 30 days and today.
    let recent: Vec<&Transaction> = txns
        .iter()
        .filter(|t| in_range(t, today.add_days(-30), tomorrow))
        .collect();
    let r = p
        .handle_message("show my recent transactions", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "transactions");
    // Money out and money in are reported apart: a salary never nets into spending.
    let out: i64 = recent
        .iter()
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    let inflow: i64 = recent
        .iter()
        .filter(|t| t.amount > 0)
        .map(|t| t.amount)
        .sum();
    assert!(recent.len() > 8);
    assert!(
        r.local_text.starts_with(&format!(
            "{} transactions in the last 30 days: {} out, {} in",
            recent.len(),
            usd(out),
            usd(inflow)
        )),
        "{}",
        r.local_text
    );
    // The eight listed are the most recent, newest first.
    let mut newest = recent.clone();
    newest.sort_by_key(|t| std::cmp::Reverse(t.transacted_at));
    let listed: Vec<&str> = r.local_text.lines().skip(1).take(8).collect();
    assert_eq!(listed.len(), 8);
    for (line, t) in listed.iter().zip(&newest) {
        let name = t.merchant.as_deref().unwrap_or(&t.description);
        assert!(
            line.contains(name) && line.contains(&usd(t.amount)),
            "{line}"
        );
    }
    // "over $100 in the last 30 days": 30 days ending today, magnitude at least $100.
    let big: Vec<&Transaction> = txns
        .iter()
        .filter(|t| in_range(t, today.add_days(-30), tomorrow) && t.amount.abs() >= 10_000)
        .collect();
    let r = p
        .handle_message("transactions over $100 in the last 30 days", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "transactions");
    let out: i64 = big.iter().filter(|t| t.amount < 0).map(|t| -t.amount).sum();
    assert!(!big.is_empty());
    assert!(
        r.local_text
            .starts_with(&format!("{} transaction", big.len()))
            && r.local_text.contains(&format!("{} out", usd(out))),
        "{}",
        r.local_text
    );
}

#[test]
fn spending_compares_with_the_typical_month() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let txns = all_txns(&p);
    let today = local_date(data.end, 0);
    let last = today.add_months_first(-1);
    let dining = |from: Date| -> (i64, usize, bool) {
        let until = from.add_months_first(1);
        let mut any = false;
        let (mut total, mut count) = (0i64, 0usize);
        for t in txns.iter().filter(|t| in_range(t, from, until)) {
            if let Some(s) = spend(t) {
                any = true;
                if t.category == Some(Category::Dining) {
                    total += s;
                    count += 1;
                }
            }
        }
        (total, count, any)
    };
    let (total, count, _) = dining(last);
    // The median (upper, for an even count) of the up to six months before, with any
    // spending at all.
    let mut months: Vec<i64> = (1..=6)
        .map(|k| dining(last.add_months_first(-k)))
        .filter(|m| m.2)
        .map(|m| m.0)
        .collect();
    months.sort_unstable();
    assert!(months.len() >= 2, "the sandbox has a year of history");
    let typical = months[months.len() / 2];
    let r = p
        .handle_message("how much did I spend on dining last month", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "spending_history");
    assert!(
        r.local_text
            .starts_with(&format!("You spent {} on dining", usd(total)))
            && r.local_text.contains(&format!("({count} transaction"))
            && r.local_text
                .contains(&format!("Your typical month is {}.", usd(typical))),
        "{}",
        r.local_text
    );
}

#[test]
fn a_whole_month_outside_the_recent_window_matches() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let txns = all_txns(&p);
    let today = local_date(data.end, 0);
    // Seven months back: older than the summary's recent window (the newest month and the
    // three before it), so the answer comes from the month totals.
    let month = today.add_months_first(-7);
    let names = [
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
    ];
    let q = format!(
        "how much did I spend on groceries in {}",
        names[month.month as usize - 1]
    );
    let (mut total, mut count) = (0i64, 0usize);
    for t in txns
        .iter()
        .filter(|t| in_range(t, month, month.add_months_first(1)))
    {
        if let (Some(s), Some(Category::Groceries)) = (spend(t), t.category) {
            total += s;
            count += 1;
        }
    }
    assert!(count > 0);
    let r = p.handle_message(&q, data.end).expect("reply");
    assert_eq!(r.intent.as_str(), "spending_history", "{q}");
    assert!(
        r.local_text
            .starts_with(&format!("You spent {} on groceries", usd(total)))
            && r.local_text.contains(&format!("({count} transaction")),
        "{q}: {}",
        r.local_text
    );
}

#[test]
fn credit_limit_quotes_limit_and_available_credit() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let card = card(&p);
    let limit = card.credit.as_ref().and_then(|c| c.limit).expect("limit");
    let owed = -card.balance.expect("balance").minor;
    let available = card.available.map(|b| b.minor).unwrap_or(limit - owed);
    let r = p
        .handle_message("what's my credit limit", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "credit_limit");
    assert!(
        r.local_text.contains(&format!(
            "limit {}, {} available",
            usd(limit),
            usd(available)
        )),
        "{}",
        r.local_text
    );
}

#[test]
fn fraud_lists_every_open_alert_and_an_answer_closes_one() {
    let (_d, p, data) = profile(DisclosureLevel::Summary);
    // Whatever the fraud engine raised at ingest, plus two alerts raised in the chat for the
    // two largest card purchases, as the engine would raise them.
    let card = card(&p);
    let mut purchases: Vec<Transaction> = all_txns(&p)
        .into_iter()
        .filter(|t| t.account == card.id && t.amount < 0)
        .collect();
    purchases.sort_by_key(|t| t.amount);
    for (i, t) in purchases.iter().take(2).enumerate() {
        let alert = AlertRecord {
            id: format!("test-alert-{i}"),
            account: card.id.0.clone(),
            txn_ids: vec![t.id.0.clone()],
            reasons: vec!["amount_unusual".into()],
            explanations: vec!["much larger than your usual purchases".into()],
            score: 0.9,
            created: data.end,
            merchant: t.merchant.clone(),
            amount_minor: t.amount,
            currency: "USD".into(),
            first_txn_at: t.transacted_at,
            status: AlertStatus::Open,
            episode: 1,
            payments: Vec::new(),
        };
        p.raise_alert(&alert, data.end).expect("raise");
    }
    let open = p.open_alerts().expect("alerts");
    assert!(open.len() >= 2);
    let r = p
        .handle_message("any fraud alerts on my account", data.end)
        .expect("reply");
    assert_eq!(r.intent.as_str(), "report_fraud");
    let plural = if open.len() == 1 { "" } else { "s" };
    assert!(r
        .local_text
        .starts_with(&format!("{} open fraud alert{plural}:", open.len())));
    for a in &open {
        assert!(r.local_text.contains(&usd(a.amount_minor)));
        if let Some(m) = &a.merchant {
            assert!(r.local_text.contains(m.as_str()));
        }
    }
    assert_eq!(r.quick_replies.len(), 2, "YES and NO");
    assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
    // With several open alerts a bare "yes" after the list binds to none of them: it asks
    // which one, with a "yes" button per open alert (up to eight), and closes nothing.
    let r = p.handle_message("yes", data.end).expect("answer");
    assert!(r.answered_alert.is_none());
    assert_eq!(r.quick_replies.len(), open.len().min(8));
    assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
    assert_eq!(p.open_alerts().expect("alerts").len(), open.len());
    // Tapping the first pair's YES answers that alert only.
    let token = r.quick_replies[0].token.clone();
    let r = p.on_quick_reply(&token, data.end).expect("tap");
    assert!(r.answered_alert.is_some_and(|(_, legit)| legit));
    assert_eq!(p.open_alerts().expect("alerts").len(), open.len() - 1);
}

#[test]
fn a_routing_number_is_shown_on_the_device_only() {
    const ROUTING: &str = "021000021";
    let (_d, p, data) = profile_edited(DisclosureLevel::Full, |b| {
        for a in &mut b.accounts {
            if a.kind == AccountKind::Checking {
                a.routing_number = Some(ROUTING.into());
            }
        }
    });
    for level in LEVELS {
        set_level(&p, level);
        let r = p
            .handle_message("what is my routing number", data.end)
            .expect("reply");
        assert_eq!(r.intent.as_str(), "routing");
        assert!(r.local_text.contains(&format!("routing number {ROUTING}")));
        assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
    }
}
