//! Property tests of the egress guard: sensitive numbers embedded in realistic replies, in any
//! script and with any separators, never pass at any level; ordinary `summary`/`full` replies
//! (amounts in every locale, last four digits, dates) do; arbitrary input never panics.

use super::*;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded, Locale};
use proptest::prelude::*;

const TEMPLATES: &[&str] = &[
    "Heads up: a charge on {} was declined.",
    "Your account {} has a new transaction.",
    "Payment sent to {} as requested.",
    "We noticed unusual activity on {}. Was this you?",
    "Transfer from {} is pending.",
    "Reply YES if you made the purchase with {}.",
    "The card {} was used online.",
    "Your statement for {} is ready.",
    "Autopay from {} ran today.",
    "{}",
    "Deposit to {} received",
    "Account number: {}",
    "Flagged: {} (please confirm)",
    "Refund to {} is on the way.",
    "Card {}, merchant Coffee Shop, confirm?",
];

const LEVELS: [DisclosureLevel; 3] = [
    DisclosureLevel::Minimal,
    DisclosureLevel::Summary,
    DisclosureLevel::Full,
];

/// Zero code points of scripts a number may be written in.
const SCRIPTS: &[u32] = &[0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE, 0x0E50];

fn luhn_complete(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Writes `digits` in a script, grouped, with separators and optional zero-width characters.
fn dress(digits: &[u8], script: u32, group: usize, sep: &str, zw: bool) -> String {
    let mut out = String::new();
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && group > 0 && i % group == 0 {
            out.push_str(sep);
        }
        out.push(char::from_u32(script + u32::from(d)).unwrap());
        if zw && i % 3 == 1 {
            out.push('\u{200B}');
        }
    }
    out
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "", " ", "-", ".", "  ", " - ", "\u{A0}", "\u{2009}", "/",
    ])
}

pub(crate) fn card_number() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![
            vec![4u8],
            vec![5, 1],
            vec![5, 5],
            vec![3, 7],
            vec![6, 0, 1, 1],
        ]),
        13usize..=19,
        prop::collection::vec(0u8..10, 19),
    )
        .prop_map(|(prefix, len, fill)| {
            let mut d = prefix;
            d.extend(fill.into_iter().take(len - 1 - d.len()));
            let c = luhn_complete(&d);
            d.push(c);
            d
        })
}

/// Countries and their BBAN shapes: 'n' digit, 'a' upper-case letter, 'c' either.
const IBAN_SHAPES: &[(&str, &str)] = &[
    ("DE", "nnnnnnnnnnnnnnnnnn"),
    ("GB", "aaaannnnnnnnnnnnnn"),
    ("FR", "nnnnnnnnnnccccccccccnnn"),
    ("NL", "aaaannnnnnnnnn"),
    ("ES", "nnnnnnnnnnnnnnnnnnnn"),
    ("IT", "annnnnnnnnncccccccccccc"),
    ("BE", "nnnnnnnnnnnn"),
    ("CH", "nnnnncccccccccccc"),
    ("NO", "nnnnnnnnnnn"),
    ("BR", "nnnnnnnnnnnnnnnnnnnnnnnac"),
];

pub(crate) fn iban() -> impl Strategy<Value = String> {
    (0..IBAN_SHAPES.len(), prop::collection::vec(0u32..36, 30)).prop_map(|(k, fill)| {
        let (cc, shape) = IBAN_SHAPES[k];
        let bban: String = shape
            .chars()
            .zip(fill)
            .map(|(s, r)| match s {
                'n' => char::from_digit(r % 10, 10).unwrap(),
                'a' => char::from_digit(10 + r % 26, 36)
                    .unwrap()
                    .to_ascii_uppercase(),
                _ => char::from_digit(r, 36).unwrap().to_ascii_uppercase(),
            })
            .collect();
        let mut m = 0u32;
        for c in bban.chars().chain(cc.chars()).chain("00".chars()) {
            let v = c.to_digit(36).unwrap();
            m = if v < 10 {
                (m * 10 + v) % 97
            } else {
                (m * 100 + v) % 97
            };
        }
        let s = format!("{cc}{:02}{bban}", 98 - m);
        assert!(is_valid_iban(&s));
        s
    })
}

fn dress_iban(s: &str, lower: bool, sep: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push_str(sep);
        }
        out.push(if lower { c.to_ascii_lowercase() } else { c });
    }
    out
}

proptest! {
    #[test]
    fn cards_never_pass(
        digits in card_number(),
        script in prop::sample::select(SCRIPTS.to_vec()),
        group in prop::sample::select(vec![0usize, 4, 4, 4, 5, 6]),
        sep in separator(),
        zw in any::<bool>(),
        t in 0..TEMPLATES.len(),
    ) {
        let guard = EgressGuard::default();
        let text = TEMPLATES[t].replace("{}", &dress(&digits, script, group, sep, zw));
        for level in LEVELS {
            prop_assert!(guard.check(&text, level).is_err(), "{level:?}");
        }
    }

    #[test]
    fn ibans_never_pass(
        iban in iban(),
        lower in any::<bool>(),
        sep in prop::sample::select(vec!["", " ", "-", "\u{A0}"]),
        t in 0..TEMPLATES.len(),
    ) {
        let guard = EgressGuard::default();
        let text = TEMPLATES[t].replace("{}", &dress_iban(&iban, lower, sep));
        for level in LEVELS {
            prop_assert!(guard.check(&text, level).is_err(), "{level:?}");
        }
    }

    #[test]
    fn known_numbers_never_pass(
        digits in prop::collection::vec(0u8..10, 6..=17),
        script in prop::sample::select(SCRIPTS.to_vec()),
        group in 0usize..6,
        sep in separator(),
        zw in any::<bool>(),
        t in 0..TEMPLATES.len(),
    ) {
        let plain: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let guard = EgressGuard::new(vec![SecretString::new(plain)]);
        let text = TEMPLATES[t].replace("{}", &dress(&digits, script, group, sep, zw));
        for level in LEVELS {
            prop_assert!(guard.check(&text, level).is_err(), "{level:?}");
        }
    }

    #[test]
    fn ordinary_replies_pass(
        minor in -10_000_000_000i64..10_000_000_000,
        cur in prop::sample::select(vec!["USD", "EUR", "GBP", "BRL", "JPY", "CHF", "AUD"]),
        li in 0usize..6,
        last4 in 0u32..10_000,
        (y, mo, d) in (2000u32..2100, 1u32..=12, 1u32..=28),
        (h, mi) in (0u32..24, 0u32..60),
        date_style in 0usize..5,
        t in 0usize..10,
        known in prop::collection::vec(prop::collection::vec(0u8..10, 9..=16), 0..3),
    ) {
        let cur = Currency::parse(cur).unwrap();
        let loc = Locale::ALL[li];
        let exact = format_money(minor, cur, loc);
        let rounded = format_money_rounded(minor, cur, loc);
        let date = match date_style {
            0 => format!("{y}-{mo:02}-{d:02}"),
            1 => format!("{mo}/{d}/{y}"),
            2 => format!("{d:02}.{mo:02}.{y}"),
            3 => format!("{d}/{mo}/{}", y % 100),
            _ => format!("Nov {d}, {y}"),
        };
        let time = format!("{h:02}:{mi:02}");
        let l4 = format!("{last4:04}");
        let known: Vec<SecretString> = known
            .iter()
            .map(|k| SecretString::new(k.iter().map(|d| char::from(b'0' + d)).collect()))
            .collect();
        let guard = EgressGuard::new(known);
        for amount in [&exact, &rounded] {
            let text = match t {
                0 => format!("You spent {amount} at Whole Foods on {date}."),
                1 => format!("Your checking ending {l4} has {amount} available."),
                2 => format!("{amount} was charged to your card ending {l4} on {date} at {time}."),
                3 => format!("Groceries: {amount} since {date}."),
                4 => format!("Payment of {amount} is due {date}."),
                5 => format!("On {date} {time}: {amount}, card ending {l4}."),
                6 => format!("Balance {amount} as of {date} {time}"),
                7 => format!("{date} {amount}"),
                8 => format!("Top merchant this month: Trader Joe's, {amount} over 12 visits."),
                _ => format!("Card ending {l4}: 3 charges, {amount} in total, last on {date}."),
            };
            let r = guard.check(&text, DisclosureLevel::Full);
            prop_assert!(r.is_ok(), "full {:?} {}", r, text);
            // `summary` names months, never days: the same reply with the month instead
            // of the date passes, the one with the date is a Date violation.
            let month = format!("{} {y}", ["January", "February", "March", "April", "May",
                "June", "July", "August", "September", "October", "November",
                "December"][(mo - 1) as usize]);
            let monthly = text.replace(&date, &month);
            let r = guard.check(&monthly, DisclosureLevel::Summary);
            prop_assert!(r.is_ok(), "summary {:?} {}", r, monthly);
            if text.contains(&date) {
                let r = guard.check(&text, DisclosureLevel::Summary);
                prop_assert!(
                    r.is_err_and(|v| v.kind == ViolationKind::Date),
                    "summary let a date out: {:?} {}", r, text
                );
            }
        }
    }

    #[test]
    fn summary_never_carries_a_day(
        m in 0usize..12,
        abbreviated in any::<bool>(),
        d in 1u32..=31,
        y in 2000u32..2100,
        form in 0usize..8,
        t in 0usize..6,
        minor in 0i64..10_000_000,
    ) {
        const NAMES: [&str; 12] = ["January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December"];
        let name = if abbreviated { &NAMES[m][..3] } else { NAMES[m] };
        let mo = m + 1;
        let day = match form {
            0 => format!("{name} {d}"),
            1 => format!("{name} {d}, {y}"),
            2 => format!("{d} {name} {y}"),
            3 => format!("the weekend of {name} {d}"),
            4 => format!("{name} {d}, {y} to today"),
            5 => format!("{y}-{mo:02}-{:02}", d.min(28)),
            6 => format!("{mo}/{}", d.min(28)),
            _ => format!("{mo}/{}/{y}", d.min(28)),
        };
        let amount = format_money_rounded(minor, Currency::USD, Locale::EnUs);
        let text = match t {
            0 => format!("You spent about {amount} on groceries {day}."),
            1 => format!("Your transactions ({day}): about {amount} out."),
            2 => format!("fewer than 10 purchases in {day}."),
            3 => format!("No charges at that merchant in {day}."),
            4 => format!("You spent about {amount} since {day}: about {amount} more."),
            _ => format!("Your top categories in {day}:\nGroceries about {amount}"),
        };
        let guard = EgressGuard::default();
        let r = guard.check(&text, DisclosureLevel::Summary);
        prop_assert!(r.is_err_and(|v| v.kind == ViolationKind::Date), "{:?} {}", r, text);
        prop_assert!(guard.check(&text, DisclosureLevel::Full).is_ok(), "{}", text);
        // the same reply naming the month passes
        let month = text.replace(&day, &format!("{name} {y}"));
        prop_assert!(guard.check(&month, DisclosureLevel::Summary).is_ok(), "{}", month);
    }

    #[test]
    fn summary_is_between_minimal_and_full(s in "[0-9a-zA-Z $.,:/@-]{0,80}") {
        let guard = EgressGuard::new(vec![SecretString::new("12345678".into())]);
        if guard.check(&s, DisclosureLevel::Summary).is_ok() {
            prop_assert!(guard.check(&s, DisclosureLevel::Full).is_ok());
        }
        if guard.check(&s, DisclosureLevel::Minimal).is_ok() {
            prop_assert!(guard.check(&s, DisclosureLevel::Summary).is_ok());
        }
    }

    #[test]
    fn never_panics(s in ".{0,200}", level in 0usize..3) {
        let guard = EgressGuard::new(vec![SecretString::new("12345678".into())]);
        if let Err(v) = guard.check(&s, LEVELS[level]) {
            prop_assert!(v.offset < s.len() && s.is_char_boundary(v.offset));
        }
        prop_assert!(!categories_in(&s).is_empty());
    }

    #[test]
    fn minimal_is_strictest(s in "[0-9a-zA-Z $.,:/@-]{0,80}") {
        let guard = EgressGuard::new(vec![SecretString::new("12345678".into())]);
        if guard.check(&s, DisclosureLevel::Minimal).is_ok() {
            prop_assert!(guard.check(&s, DisclosureLevel::Full).is_ok());
            prop_assert!(!s.chars().any(|c| c.is_numeric()));
        }
        if guard.check(&s, DisclosureLevel::Full).is_err() {
            prop_assert!(guard.check(&s, DisclosureLevel::Minimal).is_err());
        }
    }

    #[test]
    fn never_panics_on_number_soup(
        s in "[0-9 ,.\\-/+$€:()@a-zA-Z\u{200B}\u{0660}-\u{0669}]{0,120}",
        level in 0usize..3,
    ) {
        let guard = EgressGuard::new(vec![SecretString::new("12345678".into())]);
        let _ = guard.check(&s, LEVELS[level]);
        let _ = categories_in(&s);
    }
}

#[test]
fn iban_shapes_have_registered_lengths() {
    for (cc, shape) in IBAN_SHAPES {
        let mut c = cc.chars();
        let key = [c.next().unwrap(), c.next().unwrap()];
        assert_eq!(super::iban::iban_length(key), Some(shape.len() + 4), "{cc}");
    }
}

// ---- issue 15: every separator, single letters, spelled-out, full-width, zero-width ----

/// Separators a merchant name or memo may put between the groups of a number.
pub(crate) const WIDE_SEPS: &[&str] = &[
    "", " ", "-", ".", "/", "_", "|", "=", "~", "+", " -- ", " | ", "\u{A0}", "\u{2009}", "*",
    ", ", ":", " / ", "--", "\u{2014}",
];

const SPELLED: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// How a number is written into a text field.
#[derive(Clone, Debug)]
pub(crate) enum Dress {
    /// Groups of `group` joined by `sep`.
    Sep(usize, &'static str),
    /// Groups joined by single letters ("7391a8456b2057").
    Letters(usize),
    /// Full-width digits, grouped with `sep`.
    FullWidth(usize, &'static str),
    /// A zero-width space after every character.
    ZeroWidth,
    /// Spelled-out English digit words, any case.
    Spelled(bool),
}

pub(crate) fn dressing() -> impl Strategy<Value = Dress> {
    prop_oneof![
        4 => (1usize..=5, prop::sample::select(WIDE_SEPS.to_vec())).prop_map(|(g, s)| Dress::Sep(g, s)),
        1 => (2usize..=5).prop_map(Dress::Letters),
        1 => (2usize..=5, prop::sample::select(WIDE_SEPS.to_vec())).prop_map(|(g, s)| Dress::FullWidth(g, s)),
        1 => Just(Dress::ZeroWidth),
        1 => any::<bool>().prop_map(Dress::Spelled),
    ]
}

/// Writes `canonical` (digits, or an IBAN's letters and digits) in `dress`. Spelled-out and
/// letter-joined forms apply to digits; an IBAN falls back to its separator form.
pub(crate) fn dress_number(canonical: &str, dress: &Dress) -> String {
    let digits_only = canonical.chars().all(|c| c.is_ascii_digit());
    let grouped = |g: usize, sep: &str, map: &dyn Fn(char) -> char| {
        let mut out = String::new();
        for (i, c) in canonical.chars().enumerate() {
            if i > 0 && i % g == 0 {
                out.push_str(sep);
            }
            out.push(map(c));
        }
        out
    };
    match dress {
        Dress::Sep(g, s) => grouped(*g, s, &|c| c),
        Dress::Letters(g) if digits_only => {
            let mut out = String::new();
            for (i, c) in canonical.chars().enumerate() {
                if i > 0 && i % g == 0 {
                    out.push(char::from(b'a' + (i % 26) as u8));
                }
                out.push(c);
            }
            out
        }
        Dress::FullWidth(g, s) => {
            grouped(*g, s, &|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        }
        Dress::ZeroWidth => grouped(1, "\u{200B}", &|c| c),
        Dress::Spelled(upper) if digits_only => canonical
            .chars()
            .filter_map(|c| c.to_digit(10))
            .map(|d| {
                let w = SPELLED[d as usize];
                if *upper {
                    w.to_uppercase()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => grouped(4, " ", &|c| c),
    }
}

/// The digits a text carries, in order: digits of any script folded, spelled-out digit words
/// read as digits, everything else dropped.
pub(crate) fn carried_digits(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if let Some(d) = SPELLED.iter().position(|w| word.eq_ignore_ascii_case(w)) {
            out.push(char::from(b'0' + d as u8));
        }
        word.clear();
    };
    for c in text.chars() {
        if let Some(d) = super::normalize::digit_value(c) {
            flush(&mut word, &mut out);
            out.push(char::from(b'0' + d));
        } else if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A North American phone number with an optional country code, as digits.
pub(crate) fn phone_number() -> impl Strategy<Value = String> {
    (any::<bool>(), 2u32..10, 0u32..100, 0u32..1000, 0u32..10_000)
        .prop_map(|(cc, a, b, c, d)| format!("{}{a}{b:02}{c:03}{d:04}", if cc { "1" } else { "" }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every sensitive shape, dressed any way, blocks the line it is on at every level, and
    /// only that line: the other lines of the reply still get out, unchanged.
    #[test]
    fn dressed_numbers_drop_their_line_only(
        card in card_number(),
        ib in iban(),
        phone in phone_number(),
        acct in prop::collection::vec(0u8..10, 7..=16),
        own in prop::collection::vec(0u8..10, 4..=14),
        which in 0usize..5,
        dress in dressing(),
        line in 0usize..4,
        level in 0usize..3,
    ) {
        let digits = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
        let (canonical, prefix) = match which {
            0 => (digits(&card), "SHOP "),
            1 => (ib, "TRANSFER "),
            2 => (phone, "CALL "),
            // third-party account numbers are written after "ACCT#" in statement memos
            3 => (digits(&acct), "ACCT#"),
            _ => (digits(&own), "PAYMENT "),
        };
        let guard = EgressGuard::new(vec![SecretString::new(digits(&own))]);
        // The vault's own short ids (under 6 digits) are only blocked as account references.
        let prefix = if which == 4 && own.len() < 6 { "account ••" } else { prefix };
        let level = LEVELS[level];
        // `summary` lines name no day (a day is a violation of its own there).
        let day = |d: &str| if level == DisclosureLevel::Full { format!("Nov {d} · ") } else { String::new() };
        let poisoned = format!("{}{prefix}{} · $12.00", day("2"), dress_number(&canonical, &dress));
        let clean = [
            "3 transactions in Nov, totalling $42.00".to_string(),
            format!("{}Cafe · $30.00", day("1")),
            format!("{}Deli · $0.00", day("3")),
        ];
        let mut lines: Vec<&str> = clean.iter().map(String::as_str).collect();
        lines.insert(line.min(lines.len()), &poisoned);
        let text = lines.join("\n");
        if level == DisclosureLevel::Minimal {
            prop_assert!(guard.check(&text, level).is_err());
            return Ok(());
        }
        let out = guard.release(&text, level);
        let out = match out {
            Ok(r) => r,
            Err(v) => return Err(TestCaseError::fail(format!("whole reply blocked: {v}: {text:?}"))),
        };
        prop_assert_eq!(out.dropped.len(), 1, "{:?}", text);
        prop_assert_eq!(out.text, clean.join("\n"));
    }

    #[test]
    fn carried_digits_reads_every_dress(n in prop::collection::vec(0u8..10, 4..=19), dress in dressing()) {
        let canonical: String = n.iter().map(|d| char::from(b'0' + d)).collect();
        prop_assert_eq!(carried_digits(&dress_number(&canonical, &dress)), canonical);
    }
}
