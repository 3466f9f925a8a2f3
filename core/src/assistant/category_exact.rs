//! The ledger's declared data categories are exact, both ways (issue 15): every template at
//! every level is rendered from answers whose fields carry recognisable sentinels (a merchant
//! word, a period label, amounts, dates, last fours, category names, counts), and the
//! categories a render declares are compared with the sentinels its platform text actually
//! carries. A category declared without its data, or data carried without its category,
//! fails the test. The ledger records exactly the declaration ([`super::Assistant`]'s release
//! path does not add categories by scanning words).

use super::egress_props::{sample, Filler, Secrets};
use super::render::{ReplyKind, Style};
use crate::egress::{DataCategory, DisclosureLevel};
use crate::render::money_fmt::Locale;
use std::collections::BTreeSet;

const SENTINEL: &str = "Zorblax";
const LAST4: [&str; 2] = ["8642", "7531"];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
/// Category names, and the kinds of spending the samples name (a kind is declared as a
/// category).
const CATEGORY_WORDS: [&str; 7] = [
    "groceries", "dining", "travel", "shopping", "income", "fuel", "coffee",
];

fn sentinels() -> Secrets {
    Secrets {
        canonical: Vec::new(),
        dressed: vec![SENTINEL.to_string()],
        accounts: vec!["11118642".into(), "22227531".into()],
        routing: vec!["021000021".into()],
    }
}

/// Removes every occurrence of the pattern matched at a byte position by `at` (which
/// returns the match's length), replacing it with a space.
fn strip(text: &str, at: impl Fn(&str) -> Option<usize>) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        match at(rest) {
            Some(n) if n > 0 => {
                found = true;
                out.push(' ');
                i += n;
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    (out, found)
}

fn digits_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
        .count()
}

/// What the platform text carries, read from the sentinels.
fn carried(platform: &str) -> BTreeSet<&'static str> {
    // A list's ordinals ("1. ", "2. ") are layout, not data.
    let lower: String = platform
        .to_lowercase()
        .lines()
        .map(|l| match l.split_once(". ") {
            Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let sentinel = SENTINEL.to_lowercase();
    let (text, merchant) = strip(&lower, |r| {
        ["shop ", "pos debit "]
            .iter()
            .find(|p| r.starts_with(&format!("{p}{sentinel}")))
            .map(|p| p.len() + sentinel.len())
    });
    let (text, label) = strip(&text, |r| {
        ["in ", "since "]
            .iter()
            .find(|p| r.starts_with(&format!("{p}{sentinel}")))
            .map(|p| p.len() + sentinel.len())
    });
    let (text, money) = strip(&text, |r| {
        let r2 = r.strip_prefix('-').unwrap_or(r);
        let sign = usize::from(r2.len() < r.len());
        let body = r2.strip_prefix('$')?;
        let n = digits_len(body);
        (n > 0).then_some(sign + 1 + n)
    });
    let (text, date) = strip(&text, |r| {
        let m = MONTHS.iter().find(|m| r.starts_with(*m))?;
        let after = r[m.len()..].trim_start_matches(|c: char| c.is_alphabetic());
        let after = after.strip_prefix(' ')?;
        let n = after.bytes().take_while(u8::is_ascii_digit).count();
        // "APR 25.67%" is a rate, not 25 April.
        let tail = after.as_bytes().get(n..).unwrap_or(&[]);
        let rate = matches!(tail, [b'%', ..] | [b'.', b'0'..=b'9', ..]);
        // A day ("Nov 29") or a year ("November 2026") after a month name.
        (matches!(n, 1 | 2 | 4) && !rate).then_some(r.len() - after.len() + n)
    });
    // "credit card ••8642" is a card's number; any other "••8642" an account's.
    let (text, card) = strip(&text, |r| {
        LAST4
            .iter()
            .map(|l| format!("card ••{l}"))
            .find(|p| r.starts_with(p.as_str()))
            .map(|p| p.len())
    });
    let (text, last4) = strip(&text, |r| {
        LAST4.iter().find(|l| r.starts_with(*l)).map(|l| l.len())
    });
    if merchant {
        out.insert("merchant");
    }
    if label || date {
        out.insert("date");
    }
    if money {
        out.insert("money");
    }
    if card {
        out.insert("card_number");
    }
    if last4 {
        out.insert("account_number");
    }
    if CATEGORY_WORDS.iter().any(|w| text.contains(w)) {
        out.insert("category");
    }
    if text.contains(&sentinel) {
        out.insert("unread sentinel");
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        out.insert("number");
    }
    out
}

/// Whether a reply refers to fraud alerts: a raised alert and its follow-up always do;
/// another text when it asks about one or speaks of open ones ("You have no open fraud
/// alerts" refers to none).
fn speaks_of_alerts(kind: ReplyKind, platform: &str) -> bool {
    let lower = platform.to_lowercase();
    matches!(kind, ReplyKind::FraudAlert | ReplyKind::AlertFollowUp)
        || lower.contains("was this you")
        || (lower.contains("open fraud alert") && !lower.contains("no open fraud alert"))
        || lower.contains("fraud alert for")
}

/// The declaration in the same terms (an amount and a balance are both money).
fn declared(categories: &[DataCategory]) -> BTreeSet<&'static str> {
    categories
        .iter()
        .filter_map(|c| match c {
            DataCategory::Amount | DataCategory::Balance => Some("money"),
            DataCategory::Merchant => Some("merchant"),
            DataCategory::Date => Some("date"),
            DataCategory::AccountNumber => Some("account_number"),
            DataCategory::CardNumber => Some("card_number"),
            DataCategory::Category => Some("category"),
            DataCategory::Number => Some("number"),
            DataCategory::AlertRef => Some("alert_ref"),
            DataCategory::None => None,
        })
        .collect()
}

#[test]
fn declared_categories_are_exactly_what_the_platform_text_carries() {
    let secrets = sentinels();
    let amounts = [
        1_234_567, -98_765, 4_321_099, 55_500, 77_123, 9_999, 250_075, 31_415,
    ];
    let mut wrong = Vec::new();
    for level in [
        DisclosureLevel::Minimal,
        DisclosureLevel::Summary,
        DisclosureLevel::Full,
    ] {
        let style = Style {
            level,
            locale: Locale::EnUs,
            offset: 0,
        };
        for &kind in ReplyKind::ALL {
            let mut f = Filler {
                secrets: &secrets,
                next: 0,
            };
            for r in sample(kind, &mut f, &amounts, &style) {
                let (mut has, says) = (carried(&r.platform), declared(&r.categories));
                if speaks_of_alerts(kind, &r.platform) {
                    has.insert("alert_ref");
                }
                if has != says {
                    wrong.push(format!(
                        "{kind:?} at {level:?}: carries {has:?}, declares {says:?}: {:?}",
                        r.platform
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_oracle_reads_each_sentinel() {
    let all = carried(
        "Shop Zorblax: -$1,234.56 on Nov 1 in Zorblax, card ••8642, savings ••7531, 3 groceries",
    );
    let want: BTreeSet<&str> = [
        "merchant",
        "money",
        "date",
        "card_number",
        "account_number",
        "number",
        "category",
    ]
    .into_iter()
    .collect();
    assert_eq!(all, want);
    assert!(carried("Your balance is ready: open the app to view it.").is_empty());
}
