//! The privacy probe (issue 15, "Must show" 2 and 4): what a privacy tester does to Tacit,
//! through a real `Profile` over a real vault file, fixed dates, no wall clock.
//!
//! 1. Sentinel data: transactions whose merchant names and memos embed card numbers
//!    (Luhn-valid), IBANs, phone numbers, 7-16-digit account numbers and the vault's own
//!    account and card numbers, written with every separator (`| = ~ --`, spaces, mixed),
//!    single letters between digit groups, spelled out, in full-width digits and split by
//!    zero-width characters; a statement file (OFX) for an account whose id has 4 digits;
//!    fraud alerts at poisoned merchants.
//! 2. A long scripted conversation at each disclosure level covering every kind of answer
//!    (balances, spending by period, merchant and category, lists, rankings, comparisons,
//!    counts, follow-ups, exclusions, the card bill, fraud alerts and YES/NO, help and
//!    out-of-scope, exact days typed by the person).
//! 3. Every platform text and the exported ledger are scanned, with rules written here and
//!    independent of the guard's: no sentinel datum (any 7 digits in a row of a sentinel
//!    number, joined across separators, single letters and spelled digits); no more of a
//!    vault id than its last four (none of an id under 6 digits); at `minimal` no digit, no
//!    merchant; at `summary` no merchant, no exact date, no exact count, no cents, no exact
//!    rate (every number must be one of the shapes `summary` allows); the reply still says
//!    something (no reply is blocked whole or loses a line to the guard); and the ledger's
//!    declared categories are what the text holds, both ways.
//!
//! Every finding is collected and printed before the test fails, so one run lists them all.

use std::collections::BTreeSet;
use std::sync::Arc;
use tacit_core::assistant::Settings;
use tacit_core::clock::FixedClock;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{AccountKind, Category, Transaction, TxnId, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::Locale;
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::{OpenOptions, TxnFilter};
use tacit_core::{AlertRecord, AlertStatus};

// ---------------------------------------------------------------------------------------
// Sentinel numbers and how they are dressed
// ---------------------------------------------------------------------------------------

/// Completes `prefix` with its Luhn check digit.
fn luhn(prefix: &str) -> String {
    let sum: u32 = prefix
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
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
    format!("{prefix}{}", (10 - sum % 10) % 10)
}

const WORDS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// The ways a number is written into a merchant name or memo.
#[derive(Clone, Copy, Debug)]
enum Dress {
    Pipes,
    Equals,
    Tildes,
    DoubleDash,
    Spaces,
    Mixed,
    Letters,
    Spelled,
    Fullwidth,
    ZeroWidth,
    Plain,
}

const DRESSES: [Dress; 11] = [
    Dress::Pipes,
    Dress::Equals,
    Dress::Tildes,
    Dress::DoubleDash,
    Dress::Spaces,
    Dress::Mixed,
    Dress::Letters,
    Dress::Spelled,
    Dress::Fullwidth,
    Dress::ZeroWidth,
    Dress::Plain,
];

fn groups(s: &str, n: usize) -> Vec<String> {
    s.as_bytes()
        .chunks(n)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect()
}

fn dress(number: &str, how: Dress) -> String {
    match how {
        Dress::Pipes => groups(number, 4).join("|"),
        Dress::Equals => groups(number, 4).join("="),
        Dress::Tildes => groups(number, 3).join("~"),
        Dress::DoubleDash => groups(number, 2).join(" -- "),
        Dress::Spaces => groups(number, 4).join(" "),
        Dress::Mixed => {
            let seps = [" | ", "~", " = ", "--", " ", "/"];
            let mut out = String::new();
            for (i, g) in groups(number, 3).iter().enumerate() {
                if i > 0 {
                    out.push_str(seps[i % seps.len()]);
                }
                out.push_str(g);
            }
            out
        }
        Dress::Letters => {
            let letters = ['a', 'b', 'x', 'k', 'q', 'z'];
            let mut out = String::new();
            for (i, g) in groups(number, 4).iter().enumerate() {
                if i > 0 {
                    out.push(letters[i % letters.len()]);
                }
                out.push_str(g);
            }
            out
        }
        Dress::Spelled => number
            .bytes()
            .map(|b| WORDS[usize::from(b - b'0')])
            .collect::<Vec<_>>()
            .join(" "),
        Dress::Fullwidth => number
            .chars()
            .map(|c| char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap_or(c))
            .collect(),
        Dress::ZeroWidth => number
            .chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\u{200B}"),
        Dress::Plain => number.to_string(),
    }
}

/// One sentinel: a number (its digits) and how it is introduced.
struct Sentinel {
    /// Digits (for an IBAN, its digits after the country code).
    digits: String,
    /// The text as written into the statement.
    written: String,
}

/// Letters-only marker words, one per sentinel merchant, so a merchant name reaching a level
/// that may not carry it is seen.
const MARKERS: [&str; 12] = [
    "Quorvex", "Blandor", "Zintaro", "Mervakin", "Ostrelle", "Pandurix", "Velquist", "Drummask",
    "Kestova", "Lorvaine", "Tibrakka", "Wendrosa",
];

fn sentinels(own_checking: &str, own_card: &str) -> Vec<Sentinel> {
    let card1 = luhn("453914880343646");
    let card2 = "5555555555554444".to_string();
    let mut out = Vec::new();
    let mut add = |digits: &str, written: String| {
        out.push(Sentinel {
            digits: digits.to_string(),
            written,
        })
    };
    for (i, how) in DRESSES.iter().enumerate() {
        let card = if i % 2 == 0 { &card1 } else { &card2 };
        add(card, dress(card, *how));
        add(own_checking, dress(own_checking, *how));
        add(own_card, dress(own_card, *how));
    }
    // IBANs: the registered example numbers, grouped by 4 with several separators.
    for iban in ["GB82WEST12345698765432", "DE89370400440532013000"] {
        let digits: String = iban[2..].chars().filter(char::is_ascii_digit).collect();
        for sep in ["|", " ", "~", "=", " -- ", "."] {
            add(&digits, groups(iban, 4).join(sep));
        }
        add(&digits, iban.to_lowercase());
    }
    // Phone numbers.
    let phone = "4155550142";
    for written in [
        "415~555~0142",
        "415=555=0142",
        "(415) 555 0142",
        "+1 415 555 0142",
        "415|555|0142",
        "4 1 5 5 5 5 0 1 4 2",
        "four one five five five five zero one four two",
        "４１５５５５０１４２",
    ] {
        add(phone, written.to_string());
    }
    // Third-party account numbers of 7 to 16 digits, after an account word or not.
    let base = "8765432109876543";
    for len in 7..=16 {
        let n = &base[..len];
        add(n, format!("ACCT#{n}"));
        add(n, format!("acct no {}", dress(n, Dress::Tildes)));
        add(n, format!("A/C {}", dress(n, Dress::Letters)));
    }
    out
}

// ---------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------

const OFFSET: i32 = 0;

struct World {
    _dir: tempfile::TempDir,
    profile: Profile,
    today: Date,
    end: Timestamp,
    /// Every sentinel number's digits (7+).
    numbers: Vec<String>,
    /// The vault's own account, card and routing numbers (6+ digits).
    own: Vec<String>,
    /// Last fours the renderer may show (of ids with 6+ digits).
    last4: Vec<String>,
    /// Ids under 6 digits (never shown).
    short_ids: Vec<String>,
    /// Merchant words that may not reach `minimal` or `summary`.
    merchant_words: Vec<String>,
    /// A letters-only sandbox merchant the person asks about.
    plain_merchant: String,
    /// The fraud alerts the imports raised by themselves (device text, platform text).
    ingest_alerts: Vec<(String, String)>,
}

fn ts(d: Date, hour: i64) -> Timestamp {
    d.start_ts(OFFSET) + hour * 3600
}

fn savings_ofx(lines: &[(String, String, i64, String)]) -> Vec<u8> {
    let mut body = String::new();
    for (i, (name, memo, cents, day)) in lines.iter().enumerate() {
        body.push_str(&format!(
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{day}<TRNAMT>-{}.{:02}<FITID>P{i}<NAME>{name}<MEMO>{memo}</STMTTRN>",
            cents / 100,
            cents % 100
        ));
    }
    format!(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:UTF-8\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS>\
         <CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261020</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1>\
         <STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD\
         <BANKACCTFROM><BANKID>021000021<ACCTID>4821<ACCTTYPE>SAVINGS</BANKACCTFROM><BANKTRANLIST>\
         <DTSTART>20261001<DTEND>20261020{body}</BANKTRANLIST><LEDGERBAL><BALAMT>5000.00<DTASOF>20261020</LEDGERBAL></STMTRS>\
         </STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
    .into_bytes()
}

fn world(level: DisclosureLevel) -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    let clock = Arc::new(FixedClock::new(data.end));
    let wrapper = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let profile = Profile::open_with_clock(
        &dir.path().join("probe.db"),
        &wrapper,
        OpenOptions::default(),
        clock,
    )
    .expect("open");
    profile
        .set_settings(Settings {
            level,
            locale: Locale::EnUs,
            utc_offset_minutes: OFFSET,
        })
        .expect("settings");
    let today = local_date(data.end, OFFSET);
    // The vault's own numbers: the sandbox's checking number, and a card number given to
    // the sandbox card (the sandbox shares none for cards).
    let mut batch = data.batch();
    for a in batch.accounts.iter_mut() {
        if a.kind == AccountKind::CreditCard && a.full_number.is_none() {
            let n = luhn("471625380912744");
            a.last4 = Some(n[n.len() - 4..].to_string());
            a.full_number = Some(n);
        }
    }
    let checking = batch
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::Checking)
        .expect("checking")
        .clone();
    let card = batch
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::CreditCard)
        .expect("card")
        .clone();
    let digits = |s: &Option<String>| -> String {
        s.as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let own_checking = digits(&checking.full_number);
    let own_card = digits(&card.full_number);
    assert!(
        own_checking.len() >= 8 && own_card.len() >= 13,
        "sandbox ids"
    );
    let list = sentinels(&own_checking, &own_card);

    // The sandbox year, then the sentinel transactions over the last seven weeks, on the
    // checking account and the card, in merchant names and in memos.
    let plain_merchant = most_frequent_merchant(&batch.transactions);
    let mut merchant_words: Vec<String> = MARKERS.iter().map(|m| m.to_string()).collect();
    merchant_words.push(plain_merchant.clone());
    for (i, s) in list.iter().enumerate() {
        let marker = MARKERS[i % MARKERS.len()];
        let day = today.add_days(-((i % 48) as i64) - 1);
        let acct = if i % 3 == 2 { &card } else { &checking };
        let (merchant, description) = match i % 3 {
            0 => (
                Some(format!("{marker} {}", s.written)),
                format!("POS DEBIT {marker}"),
            ),
            1 => (
                Some(marker.to_string()),
                format!("{marker} REF {}", s.written),
            ),
            _ => (None, format!("{marker} {}", s.written)),
        };
        batch.transactions.push(Transaction {
            id: TxnId::scoped(&acct.id, &format!("probe-{i}")),
            account: acct.id.clone(),
            amount: -(1_000 + (i as i64 * 7_919) % 90_000),
            currency: acct.currency,
            status: TxnStatus::Posted,
            transacted_at: ts(day, 12),
            posted_at: Some(ts(day, 18)),
            description,
            merchant,
            mcc: None,
            category: Some(Category::ALL[i % 6]),
            location: None,
            card_present: Some(i % 2 == 0),
            pending_link: None,
        });
    }
    let outcome = profile.ingest(&batch, data.end).expect("ingest");
    let mut ingest_alerts: Vec<(String, String)> = outcome
        .alerts
        .iter()
        .map(|r| (r.local_text.clone(), r.platform_text.as_str().to_string()))
        .collect();

    // A later sync: a card-testing run and large online charges at poisoned merchants in the
    // last hours, which the fraud engine alerts on by itself (unsolicited alerts).
    let mut later = data.batch();
    later.transactions.clear();
    later.accounts = batch.accounts.clone();
    let burst = [
        (
            format!("Tibrakka {}", dress(&list[0].digits, Dress::Pipes)),
            100,
        ),
        (
            format!("Tibrakka {}", dress(&list[0].digits, Dress::Letters)),
            100,
        ),
        (
            format!("Tibrakka {}", dress(&list[0].digits, Dress::ZeroWidth)),
            100,
        ),
        (
            format!("Tibrakka {}", dress(&list[0].digits, Dress::Fullwidth)),
            100,
        ),
        ("Wendrosa call +1 415 555 0142".to_string(), 189_900),
        (
            format!("Wendrosa {}", dress(&own_checking, Dress::Letters)),
            245_000,
        ),
        (
            format!("Drummask {}", dress(&own_card, Dress::Spelled)),
            310_000,
        ),
    ];
    for (k, (name, cents)) in burst.iter().enumerate() {
        let at = data.end - 5_400 + 300 * k as i64;
        later.transactions.push(Transaction {
            id: TxnId::scoped(&card.id, &format!("probe-late-{k}")),
            account: card.id.clone(),
            amount: -(*cents as i64),
            currency: card.currency,
            status: TxnStatus::Pending,
            transacted_at: at,
            posted_at: None,
            description: name.clone(),
            merchant: Some(name.clone()),
            mcc: Some(5999),
            category: Some(Category::Shopping),
            location: None,
            card_present: Some(false),
            pending_link: None,
        });
    }
    let outcome = profile.ingest(&later, data.end).expect("later ingest");
    ingest_alerts.extend(
        outcome
            .alerts
            .iter()
            .map(|r| (r.local_text.clone(), r.platform_text.as_str().to_string())),
    );

    // A statement file for an account whose id has 4 digits, with sentinel names and memos.
    let mut ofx_lines = Vec::new();
    for (i, s) in list.iter().enumerate().filter(|(i, _)| i % 4 == 0).take(24) {
        let day = today.add_days(-((i % 19) as i64) - 1);
        let ymd = format!("{:04}{:02}{:02}", day.year, day.month, day.day);
        let marker = MARKERS[(i + 5) % MARKERS.len()];
        let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
        ofx_lines.push((
            esc(&format!("{marker} {}", s.written)),
            esc(&format!("memo {}", list[(i + 1) % list.len()].written)),
            2_000 + i as i64 * 113,
            ymd,
        ));
    }
    let outcome = profile
        .import_statement(&savings_ofx(&ofx_lines), data.end)
        .expect("statement import");
    ingest_alerts.extend(
        outcome
            .alerts
            .iter()
            .map(|r| (r.local_text.clone(), r.platform_text.as_str().to_string())),
    );

    let mut own = Vec::new();
    let mut last4 = Vec::new();
    let mut short_ids = vec!["4821".to_string()];
    for a in profile.accounts().expect("accounts") {
        for n in [&a.full_number, &a.routing_number] {
            let d = digits(n);
            if d.len() >= 6 {
                last4.push(d[d.len() - 4..].to_string());
                own.push(d);
            } else if d.len() >= 4 {
                short_ids.push(d);
            }
        }
    }
    // Every merchant name of the vault, as the platform would be shown it (for the ledger's
    // merchant category and the levels that may not name merchants).
    for t in profile
        .transactions(&TxnFilter::default())
        .expect("transactions")
    {
        if t.amount < 0 {
            let shown = tacit_core::assistant::render::platform_merchant(
                t.merchant.as_deref().unwrap_or(&t.description),
            );
            if shown.len() >= 4 && shown != "a merchant" {
                merchant_words.push(shown);
            }
        }
    }
    merchant_words.sort();
    merchant_words.dedup();
    let mut numbers: Vec<String> = list.iter().map(|s| s.digits.clone()).collect();
    numbers.extend(own.iter().cloned());
    numbers.sort();
    numbers.dedup();
    short_ids.sort();
    short_ids.dedup();
    World {
        _dir: dir,
        profile,
        today,
        end: data.end,
        numbers,
        own,
        last4,
        short_ids,
        merchant_words,
        plain_merchant,
        ingest_alerts,
    }
}

fn most_frequent_merchant(txns: &[Transaction]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for t in txns.iter().filter(|t| t.amount < 0) {
        if let Some(m) = t.merchant.as_deref() {
            if m.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') && m.len() >= 4 {
                *counts.entry(m).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(m, n)| (*n, std::cmp::Reverse(*m)))
        .map(|(m, _)| m.to_string())
        .expect("a sandbox merchant")
}

// ---------------------------------------------------------------------------------------
// The conversation
// ---------------------------------------------------------------------------------------

/// One step: a message (or an action) and what the reply must still say at `summary` and
/// `full` (any one of the words, case-insensitive; empty: anything non-empty).
enum Step {
    Say(String, &'static [&'static str]),
    /// Raise a fraud alert at a poisoned merchant, then answer it.
    Alert(usize, &'static str),
}

fn script(w: &World) -> Vec<Step> {
    let m = &w.plain_merchant;
    let say = |t: &str, want: &'static [&'static str]| Step::Say(t.to_string(), want);
    const SPENT: &[&str] = &["spent", "spending", "refunds", "no charges", "period"];
    // (an intent the classifier reads otherwise still answers: only an empty or cut reply fails)
    const TXNS: &[&str] = &["transaction", "·", "spent"];
    let mut s = vec![
        say("what's my balance?", &["available", "current", "balance"]),
        say("how many purchases in October?", &["purchase"]),
        say("how many purchases did I make last month?", &["purchase"]),
        say(
            "how much is in my checking account?",
            &["available", "current", "balance"],
        ),
        say(
            "what's my savings balance",
            &["available", "current", "balance"],
        ),
        say("how much did I spend last month?", SPENT),
        // money in (its own answer: a total, a count and the latest credit's day)
        say("did I get paid last month?", &["received", "income"]),
        say(
            "how much money came in since Oct 3?",
            &["received", "came in"],
        ),
        say("whats my paycheck", &["received", "income"]),
        say("how much did I spend this month?", SPENT),
        say("how much did I spend in October?", SPENT),
        say("how much did I spend last week?", SPENT),
        say("spending on groceries this month", SPENT),
        say("how much did I spend on dining last month", SPENT),
        say(&format!("how much did I spend at {m} last month?"), SPENT),
        say("how much did I spend at Quorvex this month?", SPENT),
        say(
            &format!("how many times did I go to {m} in October?"),
            &["purchase"],
        ),
        say(
            "how many transactions last month?",
            &["purchase", "transaction"],
        ),
        say("show my recent transactions", TXNS),
        say("last 5 transactions", TXNS),
        say("list my purchases last week", TXNS),
        say("transactions in October", TXNS),
        say("top merchants in October", &["top", "merchant"]),
        say("top categories last month", &["top", "categor"]),
        say(
            "where do I spend the most?",
            &["top", "spent", "merchant", "categor"],
        ),
        say(
            "did I spend more on dining this month than last month?",
            &["spent", "comparison", "more", "less"],
        ),
        say(
            "compare groceries in October and September",
            &["spent", "more", "less"],
        ),
        say("what about September?", &[]),
        say("and on travel?", &[]),
        say(
            "how much did I spend in October not counting groceries?",
            SPENT,
        ),
        say("spending last month excluding Quorvex", SPENT),
        say("what's my credit card bill?", &["owe", "card"]),
        say("when is my payment due?", &["due"]),
        say("what's my minimum payment", &["minimum", "card"]),
        say("what's my credit limit?", &["limit", "card"]),
        say("what's my APR?", &["apr", "card"]),
        say("any fraud alerts?", &["fraud"]),
        say("do I have any open fraud alerts?", &["fraud"]),
        say("show my fraud alerts", &["fraud"]),
        say("was there any suspicious activity on my card?", &[]),
        say("what's my checking account number?", &[]),
        say("what's my routing number?", &["routing"]),
        say("what's my card number?", &[]),
        say("what is my IBAN?", &[]),
        say("how many purchases in October?", &["purchase"]),
        say(
            "top 3 merchants last month",
            &["top", "merchant", "spending"],
        ),
        say("biggest purchases this month", &[]),
        say("how much did I spend at Costco on Oct 3", SPENT),
        // merchants the person types, holding numbers (never echoed)
        say("how much did I spend at ACCT#87654321 last month", SPENT),
        say(
            "spending at GB82 WEST 1234 5698 7654 32 this month",
            &["don't type"],
        ),
        say("transactions at 415-555-0142", &[]),
        say(
            "how much did I spend at 4539|1488|0343|6467?",
            &["don't type"],
        ),
        say("what about Oct 3?", &[]),
        say("and the weekend of Oct 10?", &[]),
        Step::Alert(0, "yes"),
        Step::Alert(1, "no"),
        Step::Alert(2, "yes"),
        say("help", &[]),
        say("what can you do?", &[]),
        say("tell me a joke", &[]),
        say("transfer $50 to savings", &["can't", "cannot"]),
        say("my card number is 4539 1488 0343 6467", &[]),
        say("how much did I spend on Oct 3", SPENT),
        say("what did I spend the weekend of Oct 3", SPENT),
        say("spending since 2026-10-02", SPENT),
        say("how much did I spend Oct 1 to today", SPENT),
        say("transactions between 10/1 and 10/15", TXNS),
        say("how many purchases on Oct 3?", &["purchase"]),
        say(
            "top merchants since 2026-10-02",
            &["top", "merchant", "spending"],
        ),
        say("what did I buy on October 3, 2026?", &[]),
        say("show transactions from the week of Oct 5", &[]),
        say("groceries from 10/1/2026 to 10/15/2026", &[]),
        // two sides, averages and pending charges (eleventh session)
        say(&format!("{m} vs Quorvex last month"), SPENT),
        say("did I spend more on groceries or dining last month?", SPENT),
        say(&format!("how much do I spend a week at {m}"), SPENT),
        say("average daily spending in October", SPENT),
        say("any pending charges?", TXNS),
        say("what hasn't posted yet", TXNS),
    ];
    // The sentinel merchants asked about by name (merchants the vault knows).
    for marker in MARKERS.iter().take(4) {
        s.push(Step::Say(
            format!("how much did I spend at {marker} in October?"),
            SPENT,
        ));
        s.push(Step::Say(format!("show my {marker} transactions"), &[]));
        s.push(Step::Say(format!("{marker} vs {m} in October"), SPENT));
        s.push(Step::Say(
            format!("what do I spend per week at {marker}"),
            SPENT,
        ));
    }
    s
}

// ---------------------------------------------------------------------------------------
// The scans (independent of the guard)
// ---------------------------------------------------------------------------------------

fn invisible(c: char) -> bool {
    matches!(c as u32, 0x00AD | 0x034F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0xFE00..=0xFE0F | 0xFEFF | 0x0300..=0x036F | 0x20D0..=0x20FF)
}

fn digit_of(c: char) -> Option<u8> {
    if let Some(d) = c.to_digit(10) {
        return Some(d as u8);
    }
    for zero in [
        0xFF10u32, 0x0660, 0x06F0, 0x0966, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    ] {
        let u = c as u32;
        if (zero..zero + 10).contains(&u) {
            return Some((u - zero) as u8);
        }
    }
    None
}

/// The text's digit runs: digits (of any script, spelled-out words too) joined across
/// anything but a word of two or more letters that is not a digit word.
fn joined_runs(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().filter(|c| !invisible(*c)).collect();
    let mut runs = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = digit_of(c) {
            cur.push(char::from(b'0' + d));
            i += 1;
        } else if c.is_alphabetic() {
            let mut j = i;
            while j < chars.len() && chars[j].is_alphabetic() {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect::<String>().to_lowercase();
            if let Some(d) = WORDS.iter().position(|w| *w == word) {
                cur.push(char::from(b'0' + d as u8));
            } else if j - i >= 2 && !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

fn windows_of(number: &str, n: usize) -> impl Iterator<Item = &str> {
    (0..=number.len().saturating_sub(n)).map(move |i| &number[i..i + n.min(number.len())])
}

const MONTH_WORDS: [&str; 24] = [
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Number tokens of a text with the character before and the text after: digits with
/// `, . - /` between digits.
fn number_tokens(text: &str) -> Vec<(String, String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_numeric() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len()
            && (chars[i].is_numeric()
                || (matches!(chars[i], ',' | '.' | '-' | '/')
                    && chars.get(i + 1).is_some_and(|c| c.is_numeric())))
        {
            i += 1;
        }
        let before: String = chars[s.saturating_sub(14)..s].iter().collect();
        let after: String = chars[i..(i + 14).min(chars.len())].iter().collect();
        out.push((chars[s..i].iter().collect(), before, after));
    }
    out
}

/// One significant figure ("10", "600", "1000").
fn round_count(t: &str) -> bool {
    let t = t.replace(',', "");
    t.chars().next().is_some_and(|c| c != '0') && t.chars().skip(1).all(|c| c == '0')
}

/// Why a number may appear at `summary` (None: it may not).
fn summary_number_ok(tok: &str, before: &str, after: &str) -> bool {
    let b = before.to_lowercase();
    let a = after.to_lowercase();
    let cents = tok.rsplit_once('.').is_some_and(|(_, c)| c.len() == 2);
    if b.ends_with('$') {
        return !cents;
    }
    if b.ends_with("••") {
        return tok.len() == 4;
    }
    if a.starts_with('%') {
        return !tok.contains('.');
    }
    if tok.len() == 4 && tok.chars().all(|c| c.is_ascii_digit()) {
        let y: u32 = tok.parse().unwrap_or(0);
        if (1990..=2100).contains(&y) {
            return true;
        }
    }
    if (b.ends_with('q') || b.ends_with('h')) && tok.len() == 1 {
        return true;
    }
    if b.ends_with("about ") || b.ends_with("fewer than ") {
        return round_count(tok);
    }
    let relative = ["past ", "last ", "next "].iter().any(|p| b.ends_with(p))
        && ["day", "week", "month", "quarter", "year"]
            .iter()
            .any(|u| a.trim_start().starts_with(u));
    relative && tok.chars().all(|c| c.is_ascii_digit())
}

/// Whether a day of the month is written next to a month name ("Oct 3", "3 October").
fn day_by_month(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '(' | ')' | ':' | '·'))
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|p| {
        let day = |w: &str| {
            let w = w.trim_end_matches(|c: char| c.is_alphabetic());
            !w.is_empty()
                && w.len() <= 2
                && w.chars().all(|c| c.is_ascii_digit())
                && (1..=31).contains(&w.parse::<u32>().unwrap_or(0))
        };
        (MONTH_WORDS.contains(&p[0]) && day(p[1])) || (day(p[0]) && MONTH_WORDS.contains(&p[1]))
    })
}

fn leaks(w: &World, text: &str, level: DisclosureLevel) -> Vec<String> {
    let mut found = Vec::new();
    let runs = joined_runs(text);
    for n in &w.numbers {
        if n.len() < 7 {
            continue;
        }
        if let Some(win) = windows_of(n, 7).find(|win| runs.iter().any(|r| r.contains(win))) {
            found.push(format!("7 digits of a sentinel number ({win})"));
        }
    }
    for n in &w.own {
        if let Some(win) = windows_of(n, 6).find(|win| runs.iter().any(|r| r.contains(win))) {
            found.push(format!("more than the last four of a vault id ({win})"));
        }
    }
    let compact: String = text.chars().filter(|c| !invisible(*c)).collect();
    for id in &w.short_ids {
        for mark in ["•", "*", "ending ", "x", "#", "acct "] {
            if compact.contains(&format!("{mark}{id}")) {
                found.push(format!("a short vault id shown ({mark}{id})"));
            }
        }
    }
    let masked: Vec<String> = compact
        .split("••")
        .skip(1)
        .map(|r| r.chars().take_while(|c| c.is_ascii_digit()).collect())
        .collect();
    for m in masked {
        if !w.last4.contains(&m) {
            found.push(format!(
                "a masked number that is no vault last four (••{m})"
            ));
        }
    }
    let lower = text.to_lowercase();
    match level {
        DisclosureLevel::Minimal => {
            if let Some(c) = text.chars().find(|c| c.is_numeric()) {
                found.push(format!("a digit at minimal ({c})"));
            }
            if text.contains("••") {
                found.push("a masked number at minimal".into());
            }
        }
        DisclosureLevel::Summary => {
            if day_by_month(text) {
                found.push("an exact day at summary".into());
            }
            for (tok, before, after) in number_tokens(text) {
                if !summary_number_ok(&tok, &before, &after) {
                    found.push(format!(
                        "a number summary may not carry ({before}[{tok}]{after})"
                    ));
                }
            }
        }
        DisclosureLevel::Full => {}
    }
    if level != DisclosureLevel::Full {
        for m in &w.merchant_words {
            if lower.contains(&m.to_lowercase()) {
                found.push(format!("a merchant at {} ({m})", level.as_str()));
            }
        }
    }
    found
}

/// The categories a platform text holds, read from the text (for the ledger check).
fn holds(w: &World, text: &str, purpose: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let lower = text.to_lowercase();
    let mut add = |c: &str| {
        out.insert(c.to_string());
    };
    for line in lower.lines() {
        // A balance line's amount is the balance.
        let balance_line = !line.contains("limit")
            && (line.contains(" available") || line.contains(" current"))
            && line.contains(':');
        let amount = line
            .match_indices('$')
            .any(|(i, _)| line[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
        if amount && !balance_line {
            add("amount");
        }
        // "1. Costco $200.16": a ranking row names a merchant or a category.
        if let Some((n, rest)) = line.split_once(". ") {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                let name = rest.rsplit_once(' ').map_or(rest, |(a, _)| a).trim();
                if Category::ALL.iter().any(|c| c.as_str() == name) {
                    add("category");
                } else {
                    add("merchant");
                }
            }
        }
        if line.contains("••") {
            add(if line.contains("credit card") {
                "card_number"
            } else {
                "account_number"
            });
        }
        let balance_line = !line.contains("limit")
            && (line.contains(" available")
                || line.contains(" current")
                || line.contains("no balance yet"))
            && line.contains(':');
        if balance_line {
            add("balance");
        }
    }
    let date_words = [
        "today",
        "yesterday",
        "week",
        "weekend",
        "month",
        "year",
        "quarter",
        "days",
        "since",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "recently",
        "christmas",
        "thanksgiving",
    ];
    // "APR" is a rate, not April; "your typical month" is not a date.
    let cleaned = lower.replace("typical month", "");
    let words: Vec<&str> = cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "apr")
        .collect();
    let dated = words
        .iter()
        .any(|w| date_words.contains(w) || MONTH_WORDS.contains(w))
        || words.iter().any(|w| {
            w.len() == 2
                && (w.starts_with('q') || w.starts_with('h'))
                && w[1..].chars().all(|c| c.is_ascii_digit())
        })
        || number_tokens(text)
            .iter()
            .any(|(t, _, _)| t.contains('-') || t.contains('/'));
    if dated {
        add("date");
    }
    for c in Category::ALL {
        if words.contains(&c.as_str()) {
            add("category");
        }
    }
    if w.merchant_words
        .iter()
        .any(|m| lower.contains(&m.to_lowercase()))
        || text.contains(" · ")
    {
        add("merchant");
    }
    if purpose != "reply"
        || lower.contains("was this you")
        || (lower.contains("open fraud alert") && !lower.contains("no open fraud alert"))
        || lower.contains("fraud alert for")
    {
        add("alert_ref");
    }
    let counted = number_tokens(text).iter().any(|(_, _, after)| {
        let a = after.trim_start().to_lowercase();
        a.starts_with("purchase")
            || a.starts_with("transaction")
            || a.starts_with("pending trans")
            || a.starts_with('%')
    });
    if counted {
        add("number");
    }
    out
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

fn poisoned_alert(w: &World, k: usize) -> AlertRecord {
    let accounts = w.profile.accounts().expect("accounts");
    let checking = accounts
        .iter()
        .find(|a| a.kind == AccountKind::Checking)
        .expect("checking");
    let merchants = [
        format!("Quorvex {}", dress(&luhn("453914880343646"), Dress::Pipes)),
        format!("Blandor call {}", "415~555~0142"),
        format!("Zintaro {}", dress(&w.own[0], Dress::Letters)),
    ];
    AlertRecord {
        id: format!("probe-alert-{k}"),
        account: checking.id.as_str().to_string(),
        txn_ids: Vec::new(),
        reasons: vec!["amount_vs_history".into()],
        explanations: vec!["The amount is much larger than usual.".into()],
        score: 0.97,
        created: w.end - 3_600,
        merchant: Some(merchants[k % merchants.len()].clone()),
        amount_minor: 248_913 + k as i64,
        currency: "USD".into(),
        first_txn_at: ts(w.today.add_days(-1), 9),
        status: AlertStatus::Open,
        episode: 1,
        payments: Vec::new(),
    }
}

#[derive(Default)]
struct Findings {
    items: Vec<String>,
    texts: usize,
}

impl Findings {
    fn add(&mut self, level: DisclosureLevel, said: &str, what: String, text: &str) {
        self.items.push(format!(
            "[{}] {said:?}: {what}\n      platform: {text:?}",
            level.as_str()
        ));
    }
}

fn probe_level(level: DisclosureLevel, f: &mut Findings) {
    let w = world(level);
    let mut sent: Vec<String> = Vec::new();
    let dump = std::env::var_os("PROBE_DUMP").is_some();
    let check = |f: &mut Findings, said: &str, local: &str, text: &str, want: &[&str]| {
        f.texts += 1;
        if dump {
            println!("[{}] {said:?}\n    -> {text:?}", level.as_str());
        }
        for l in leaks(&w, text, level) {
            f.add(level, said, l, text);
        }
        if text.trim().is_empty() {
            f.add(level, said, "an empty platform text".into(), text);
        }
        if local.contains("(Kept on your phone:") {
            f.add(level, said, "the guard dropped a line".into(), text);
        }
        let lower = text.to_lowercase();
        if level != DisclosureLevel::Minimal
            && !want.is_empty()
            && !want.iter().any(|k| lower.contains(k))
        {
            f.add(
                level,
                said,
                format!("the reply lost its content (wanted one of {want:?})"),
                text,
            );
        }
    };
    if w.ingest_alerts.is_empty() {
        f.add(
            level,
            "<imports>",
            "the fraud engine raised no alert to probe".into(),
            "",
        );
    }
    for (local, text) in &w.ingest_alerts {
        check(
            f,
            "<alert raised by an import>",
            local,
            text,
            &["was this you"],
        );
        sent.push(text.clone());
    }
    for step in script(&w) {
        match step {
            Step::Say(msg, want) => match w.profile.handle_message(&msg, w.end) {
                Ok(r) => {
                    check(f, &msg, &r.local_text, r.platform_text.as_str(), want);
                    sent.push(r.platform_text.as_str().to_string());
                }
                Err(e) => f.add(level, &msg, format!("no reply: {e}"), ""),
            },
            Step::Alert(k, answer) => {
                let alert = poisoned_alert(&w, k);
                let label = format!("<alert {k} at a poisoned merchant>");
                match w.profile.raise_alert(&alert, w.end) {
                    Ok(r) => {
                        check(
                            f,
                            &label,
                            &r.local_text,
                            r.platform_text.as_str(),
                            &["was this you"],
                        );
                        sent.push(r.platform_text.as_str().to_string());
                    }
                    Err(e) => f.add(level, &label, format!("no alert: {e}"), ""),
                }
                match w.profile.handle_message(answer, w.end) {
                    Ok(r) => {
                        check(f, answer, &r.local_text, r.platform_text.as_str(), &[]);
                        sent.push(r.platform_text.as_str().to_string());
                    }
                    Err(e) => f.add(level, answer, format!("no reply: {e}"), ""),
                }
            }
        }
    }
    // The ledger: every entry scanned; the texts sent are in it; categories exact.
    let ledger = w.profile.export_ledger().expect("ledger");
    let entries: Vec<serde_json::Value> = ledger
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let texts: Vec<&str> = entries
        .iter()
        .map(|e| e["text"].as_str().unwrap_or(""))
        .collect();
    for s in &sent {
        if !texts.contains(&s.as_str()) {
            f.add(
                level,
                "<ledger>",
                "a sent text is missing from the ledger".into(),
                s,
            );
        }
    }
    for e in &entries {
        let text = e["text"].as_str().unwrap_or("");
        let purpose = e["purpose"].as_str().unwrap_or("");
        for l in leaks(&w, text, level) {
            f.add(level, "<ledger entry>", l, text);
        }
        let declared: BTreeSet<String> = e["categories"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let held = holds(&w, text, purpose);
        if declared != held {
            let over: Vec<_> = declared.difference(&held).collect();
            let under: Vec<_> = held.difference(&declared).collect();
            f.add(
                level,
                "<ledger categories>",
                format!("declared but not held {over:?}, held but not declared {under:?}"),
                text,
            );
        }
    }
}

#[test]
fn privacy_probe_finds_no_leak_at_any_level() {
    let mut f = Findings::default();
    for level in [
        DisclosureLevel::Minimal,
        DisclosureLevel::Summary,
        DisclosureLevel::Full,
    ] {
        probe_level(level, &mut f);
    }
    println!("privacy_probe_texts={}", f.texts);
    println!("privacy_probe_findings={}", f.items.len());
    for i in &f.items {
        println!("  {i}");
    }
    assert!(f.texts > 150, "the probe ran its conversation");
    assert!(
        f.items.is_empty(),
        "{} findings (listed above)",
        f.items.len()
    );
}

#[test]
fn the_probe_scans_can_fail() {
    // The scans themselves: each rule catches what it is for.
    let runs = joined_runs("Quorvex 4539|1488 x 0343\u{200B}6467 four two");
    assert_eq!(runs, vec!["453914880343646742".to_string()]);
    assert_eq!(joined_runs("Oct 3 · Shop · $45.39"), vec!["3", "4539"]);
    assert!(day_by_month("spent on October 3, 2026"));
    assert!(day_by_month("the weekend of Oct 3"));
    assert!(!day_by_month("in October 2026"));
    assert!(summary_number_ok("1,200", "about $", " out"));
    assert!(!summary_number_ok("12.50", "about $", ""));
    assert!(!summary_number_ok("14", "", " purchases"));
    assert!(summary_number_ok("10", "fewer than ", " purchases"));
    assert!(!summary_number_ok("24.99", "APR ", "%"));
    assert!(summary_number_ok("3", "past ", " months"));
    assert!(!summary_number_ok("2026-10-02", "since ", ""));
    assert_eq!(luhn("453914880343646").len(), 16);
}
