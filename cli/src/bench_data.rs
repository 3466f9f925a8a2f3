//! Realistic synthetic transactions for benchmarks: about 200 bytes each (id, account,
//! amount, currency, dates, merchant, description, category, MCC, location), three accounts,
//! spread over three years in date order, as a sync would append them.

use tacit_core::model::*;
use tacit_core::money::Currency;
use tacit_core::time::Timestamp;

const MERCHANTS: &[(&str, &str, Category, u16, &str, &str)] = &[
    (
        "Whole Foods Market",
        "WHOLEFDS MKT #10234",
        Category::Groceries,
        5411,
        "San Francisco",
        "CA",
    ),
    (
        "Trader Joe's",
        "TRADER JOE S #0236",
        Category::Groceries,
        5411,
        "Oakland",
        "CA",
    ),
    (
        "Safeway",
        "SAFEWAY STORE 1507",
        Category::Groceries,
        5411,
        "San Francisco",
        "CA",
    ),
    (
        "Blue Bottle Coffee",
        "BLUE BOTTLE COFFEE MINT",
        Category::Dining,
        5814,
        "San Francisco",
        "CA",
    ),
    (
        "Chipotle",
        "CHIPOTLE 2241",
        Category::Dining,
        5814,
        "Berkeley",
        "CA",
    ),
    (
        "Uber",
        "UBER *TRIP HELP.UBER.COM",
        Category::Transport,
        4121,
        "San Francisco",
        "CA",
    ),
    (
        "Shell",
        "SHELL OIL 57444213400",
        Category::Transport,
        5541,
        "Daly City",
        "CA",
    ),
    (
        "Amazon",
        "AMZN Mktp US*2K4LP0TX2",
        Category::Shopping,
        5942,
        "Seattle",
        "WA",
    ),
    (
        "Target",
        "TARGET 00012831",
        Category::Shopping,
        5310,
        "Colma",
        "CA",
    ),
    (
        "Netflix",
        "NETFLIX.COM",
        Category::Subscriptions,
        4899,
        "Los Gatos",
        "CA",
    ),
    (
        "PG&E",
        "PGANDE WEB ONLINE",
        Category::Bills,
        4900,
        "San Francisco",
        "CA",
    ),
    (
        "Walgreens",
        "WALGREENS #3125",
        Category::Health,
        5912,
        "San Francisco",
        "CA",
    ),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The three benchmark accounts.
pub fn accounts() -> Vec<Account> {
    let source = SourceId("bench".into());
    [
        ("chk", AccountKind::Checking, "8842"),
        ("visa", AccountKind::CreditCard, "4417"),
        ("sav", AccountKind::Savings, "1190"),
    ]
    .iter()
    .map(|(raw, kind, last4)| Account {
        id: AccountId::scoped(&source, raw),
        source: source.clone(),
        source_kind: SourceKind::Sandbox,
        institution: "Bench Bank".into(),
        display_name: format!("Bench {raw}"),
        nickname: None,
        kind: *kind,
        currency: Currency::USD,
        last4: Some((*last4).into()),
        full_number: None,
        routing_number: None,
        balance: None,
        available: None,
        credit: None,
    })
    .collect()
}

/// `n` transactions ending at `end`, over `days` days, in date order.
pub fn transactions(n: usize, end: Timestamp, days: i64, seed: u64) -> Vec<Transaction> {
    let accts = accounts();
    let mut rng = Rng(seed);
    let start = end - days * 86_400;
    let step = (days * 86_400) as f64 / n.max(1) as f64;
    (0..n)
        .map(|i| {
            let r = rng.next();
            let acct = match r % 20 {
                0 => &accts[2],
                1..=9 => &accts[0],
                _ => &accts[1],
            };
            let (merchant, desc, category, mcc, city, region) =
                MERCHANTS[(r >> 8) as usize % MERCHANTS.len()];
            let ts = start + (i as f64 * step) as i64;
            let pending = ts > end - 3 * 86_400;
            Transaction {
                id: TxnId::scoped(&acct.id, &format!("{:016X}", rng.next())),
                account: acct.id.clone(),
                amount: -(((r >> 20) % 25_000) as i64) - 99,
                currency: Currency::USD,
                status: if pending {
                    TxnStatus::Pending
                } else {
                    TxnStatus::Posted
                },
                transacted_at: ts,
                posted_at: (!pending).then_some(ts + 86_400),
                description: format!(
                    "POS DEBIT {:02}/{:02} CARD {} {desc} {city} {region}",
                    (i % 12) + 1,
                    (i % 28) + 1,
                    acct.last4.as_deref().unwrap_or("0000")
                ),
                merchant: Some(merchant.into()),
                mcc: Some(mcc),
                category: Some(category),
                location: Some(Location {
                    lat_e6: Some(37_774_929 + ((r >> 40) % 20_000) as i32),
                    lon_e6: Some(-122_419_416 - ((r >> 44) % 20_000) as i32),
                    city: Some(city.into()),
                    region: Some(region.into()),
                    country: Some("US".into()),
                }),
                card_present: Some(mcc != 5942 && mcc != 4899),
                pending_link: None,
            }
        })
        .collect()
}
