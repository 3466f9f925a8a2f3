//! Property tests: random Luhn-valid card numbers, valid IBANs (mod-97) and the vault's own
//! account and routing numbers, embedded in every data field a reply can echo, never leave the
//! device inside a platform text. For each case the reply is either free of every one of them
//! (also with spaces and dashes removed) or blocked with the typed egress error.
//!
//! Two layers, both through the real code:
//! - every reply template: [`ReplyKind::ALL`] (complete by construction) is rendered at every
//!   disclosure level from answers whose merchants, descriptions, period labels, typed
//!   merchants and alert fields carry the numbers; `sample` matches exhaustively on
//!   [`ReplyKind`], so a new template does not compile until it is sampled here;
//! - the whole assistant: a vault whose account names, nicknames, institutions, merchants,
//!   descriptions and alerts carry the numbers, asked as every intent in [`Intent::ALL`] with
//!   chat text that carries them too ("at <merchant>"), plus a raised alert and its answer.

use super::answer::{
    cannot_act, AccountLabel, Answer, BalanceLine, CreditField, CreditLine, TxnLine,
};
use super::average::Per;
use super::versus::Side;
use super::render::{
    alert_answer_texts, alert_explain_texts, alert_texts, render, Rendered, ReplyKind, Style,
};
use super::shape::RankBy;
use super::{Assistant, AssistantError, Settings};
use crate::alerts::{AlertPayment, AlertRecord, AlertStatus};
use crate::crypto::secret::{SecretKey, SecretString};
use crate::crypto::wrap::TestKeyWrapper;
use crate::egress::proptests::{
    card_number, carried_digits, dress_number, dressing, iban, phone_number,
};
use crate::egress::{DisclosureLevel, EgressGuard};
use crate::intent::{Intent, Prediction};
use crate::model::{
    Account, AccountId, AccountKind, Balance, Category, CreditTerms, SourceId, SourceKind,
    Transaction, TxnId, TxnStatus,
};
use crate::money::Currency;
use crate::render::money_fmt::Locale;
use crate::time::{Date, Timestamp};
use crate::vault::{OpenOptions, Vault};
use proptest::prelude::*;

const LEVELS: [DisclosureLevel; 3] = [
    DisclosureLevel::Minimal,
    DisclosureLevel::Summary,
    DisclosureLevel::Full,
];

/// The numbers of one case: what to search for, and the written forms to embed.
#[derive(Clone, Debug)]
pub(super) struct Secrets {
    /// Digits only (cards, account and routing numbers) or upper-case IBANs.
    pub(super) canonical: Vec<String>,
    /// The same numbers as a person or a bank might write them.
    pub(super) dressed: Vec<String>,
    /// The vault's account numbers (digits), one per account.
    pub(super) accounts: Vec<String>,
    /// The vault's routing numbers (digits).
    pub(super) routing: Vec<String>,
}

fn digits_string(d: &[u8]) -> String {
    d.iter().map(|d| char::from(b'0' + d)).collect()
}

fn secrets() -> impl Strategy<Value = Secrets> {
    // Issue 15: every separator, single letters between groups, spelled-out, full-width and
    // zero-width-split digits (`crate::egress::proptests::dressing`).
    let sep = || dressing();
    (
        prop::collection::vec((card_number(), sep()), 2),
        prop::collection::vec((iban(), sep(), any::<bool>()), 2),
        prop::collection::vec((prop::collection::vec(0u8..10, 7..=17), sep()), 3),
        prop::collection::vec(prop::collection::vec(0u8..10, 9), 2),
        (phone_number(), sep()),
    )
        .prop_map(|(cards, ibans, accounts, routing, (phone, phone_dress))| {
            let mut s = Secrets {
                canonical: Vec::new(),
                dressed: Vec::new(),
                accounts: Vec::new(),
                routing: Vec::new(),
            };
            for (d, dress) in cards {
                let plain = digits_string(&d);
                s.dressed.push(dress_number(&plain, &dress));
                s.canonical.push(plain);
            }
            for (i, dress, lower) in ibans {
                let i = if lower { i.to_ascii_lowercase() } else { i };
                s.dressed.push(dress_number(&i, &dress));
                s.canonical.push(i.to_ascii_uppercase());
            }
            for (d, dress) in accounts {
                let plain = digits_string(&d);
                s.dressed
                    .push(format!("ACCT#{}", dress_number(&plain, &dress)));
                s.canonical.push(plain.clone());
                s.accounts.push(plain);
            }
            for d in routing {
                let plain = digits_string(&d);
                s.dressed.push(plain.clone());
                s.canonical.push(plain.clone());
                s.routing.push(plain);
            }
            s.dressed.push(dress_number(&phone, &phone_dress));
            s.canonical.push(phone);
            s
        })
}

impl Secrets {
    /// The guard the assistant builds for a vault holding these accounts.
    fn guard(&self) -> EgressGuard {
        EgressGuard::new(
            self.accounts
                .iter()
                .chain(&self.routing)
                .map(|n| SecretString::new(n.clone()))
                .collect(),
        )
    }

    /// The index of a number found in `platform`: an IBAN in any case with anything between
    /// its characters, a number among the digits the text carries (any script, spelled out).
    fn leaked(&self, platform: &str) -> Option<usize> {
        let squashed: String = platform
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect();
        // digits per field of a template ("Nov 2 · <merchant> · $12.00", "<account>: ..."), so
        // that legitimate last fours and amounts of neighbouring fields do not add up
        let fields: Vec<String> = platform
            .split(['\n', '·'])
            .flat_map(|f| f.split(": "))
            .map(carried_digits)
            .collect();
        self.canonical.iter().position(|n| {
            if n.chars().all(|c| c.is_ascii_digit()) {
                fields.iter().any(|d| d.contains(n.as_str()))
            } else {
                squashed.contains(n.as_str())
            }
        })
    }
}

/// Hands out text fields that each carry one of the numbers, in turn.
pub(super) struct Filler<'a> {
    pub(super) secrets: &'a Secrets,
    pub(super) next: usize,
}

impl Filler<'_> {
    fn field(&mut self, prefix: &str) -> String {
        let n = self.secrets.dressed.len().max(1);
        let s = self.secrets.dressed.get(self.next % n).cloned();
        self.next += 1;
        format!("{prefix} {}", s.unwrap_or_default())
    }
}

fn last4(n: &str) -> String {
    n.get(n.len().saturating_sub(4)..).unwrap_or("").to_string()
}

fn checked(a: Answer, kind: ReplyKind) -> Answer {
    assert_eq!(a.kind(), kind, "sample built for the wrong template");
    a
}

fn alert(f: &mut Filler<'_>, amount: i64, at: Timestamp) -> AlertRecord {
    AlertRecord {
        id: "alert-1".into(),
        account: "acct".into(),
        txn_ids: vec![f.field("txn")],
        reasons: vec!["new_merchant".into()],
        explanations: vec![f.field("first time at")],
        score: 0.9,
        created: at,
        merchant: Some(f.field("SHOP")),
        amount_minor: amount,
        currency: "USD".into(),
        first_txn_at: at,
        status: AlertStatus::Open,
        episode: 1,
        payments: Vec::new(),
    }
}

/// Every view of a kind's answer ([`Answer::Kinds`]), with a merchant named or not, known
/// or not, merchants found or none.
fn kinds_samples(f: &mut Filler<'_>, amount: &dyn Fn(usize) -> i64, style: &Style) -> Vec<Rendered> {
    use crate::assistant::kind_answer::{KindSpend, KindView};
    use crate::intent::slots::{SpendKind, SpendKinds};
    let mut fuel_and_coffee = SpendKinds::of(SpendKind::Fuel);
    fuel_and_coffee.insert(SpendKind::Coffee);
    let mut out = Vec::new();
    for (i, view) in [
        KindView::Total,
        KindView::Count,
        KindView::Average { per: Per::Week, average: amount(3).abs(), days: 84 },
        KindView::Average { per: Per::Purchase, average: amount(4).abs(), days: 30 },
        KindView::Compare { other: f.field("since"), other_total: amount(5).abs() },
    ]
    .into_iter()
    .enumerate()
    {
        for (merchant, count, others) in [(None, 3, 0), (None, 0, 0), (Some(true), 2, 2), (Some(false), 1, 0), (None, 12, 4)] {
            let answer = Answer::Kinds(Box::new(KindSpend {
                kinds: if i % 2 == 0 { SpendKinds::of(SpendKind::Fuel) } else { fuel_and_coffee },
                merchant: merchant.map(|known| (f.field("SHOP"), known)),
                period: f.field("in"),
                total: amount(i).abs(),
                count,
                merchants: (0..count.min(3)).map(|_| f.field("SHOP")).collect(),
                others,
                currency: Currency::USD,
                coverage: Date::new(2025, 3, 2),
                view: view.clone(),
            }));
            out.push(render(&checked(answer, ReplyKind::Kinds), style));
        }
    }
    out
}

/// Renders every template of `kind` with the numbers in every field it can echo.
pub(super) fn sample(
    kind: ReplyKind,
    f: &mut Filler<'_>,
    amounts: &[i64],
    style: &Style,
) -> Vec<Rendered> {
    let amount = |i: usize| amounts.get(i % amounts.len().max(1)).copied().unwrap_or(0);
    let at: Timestamp = 1_762_000_000;
    let labels: Vec<AccountLabel> = [AccountKind::Checking, AccountKind::CreditCard]
        .into_iter()
        .zip(&f.secrets.accounts)
        .map(|(kind, n)| AccountLabel {
            kind,
            last4: Some(last4(n)),
        })
        .collect();
    let credit = |field: CreditField, k: ReplyKind| {
        let lines = labels
            .iter()
            .enumerate()
            .map(|(i, l)| CreditLine {
                account: l.clone(),
                currency: Currency::USD,
                owed: Some(amount(i)),
                owed_is_statement: i % 2 == 0,
                owed_now: (i % 3 == 0).then(|| amount(i + 4)),
                minimum: Some(amount(i + 1).abs() / 10),
                due: Date::new(2025, 11, 20),
                limit: Some(amount(i + 2).abs()),
                available: Some(amount(i + 3).abs()),
                apr_bps: Some((amount(i).unsigned_abs() % 4_000) as u32),
            })
            .collect();
        vec![render(&checked(Answer::Credit(field, lines), k), style)]
    };
    match kind {
        ReplyKind::Balances => {
            let lines = labels
                .iter()
                .enumerate()
                .map(|(i, l)| BalanceLine {
                    account: l.clone(),
                    currency: Currency::USD,
                    current: Some(amount(i)),
                    available: Some(amount(i + 1)),
                    as_of: Some(at),
                })
                .collect();
            vec![render(&checked(Answer::Balances(lines), kind), style)]
        }
        ReplyKind::Transactions => {
            let lines: Vec<TxnLine> = (0..6)
                .map(|i| TxnLine {
                    at: at - i * 3_600,
                    merchant: f.field(if i % 2 == 0 { "SHOP" } else { "POS DEBIT" }),
                    amount: amount(i as usize),
                    currency: Currency::USD,
                    pending: i == 0,
                })
                .collect();
            [(false, true), (true, true), (false, false)]
                .into_iter()
                .map(|(pending, with_period)| {
                    let answer = Answer::Transactions {
                        period: with_period.then(|| f.field("since")),
                        count: lines.len() + 3,
                        lines: lines.clone(),
                        total: amount(7).abs(),
                        received: amount(8).abs(),
                        currency: Currency::USD,
                        coverage: Date::new(2025, 3, 2),
                        pending,
                        biggest: !pending && with_period,
                        smallest: pending,
                        bounds: (with_period.then_some(5000), None),
                    };
                    render(&checked(answer, kind), style)
                })
                .collect()
        }
        ReplyKind::Spending => [
            (true, None),
            (false, None),
            (true, Some(Category::Groceries)),
        ]
        .into_iter()
        .map(|(known, category)| {
            let answer = Answer::Spending {
                period: f.field("in"),
                category,
                merchant: Some(f.field("SHOP")),
                merchant_known: known,
                total: amount(0).abs(),
                count: 4,
                typical: Some(amount(1).abs()),
                currency: Currency::USD,
                excluded: Some(f.field("SHOP")),
                coverage: Date::new(2025, 3, 2),
            };
            render(&checked(answer, kind), style)
        })
        .collect(),
        ReplyKind::CreditBillBalance => credit(CreditField::BillBalance, kind),
        ReplyKind::CreditBillDue => credit(CreditField::BillDue, kind),
        ReplyKind::CreditMinPayment => credit(CreditField::MinPayment, kind),
        ReplyKind::CreditLimit => credit(CreditField::CreditLimit, kind),
        ReplyKind::CreditApr => credit(CreditField::Apr, kind),
        ReplyKind::Fraud => {
            let open = vec![alert(f, amount(0), at), alert(f, amount(1), at)];
            vec![
                render(&checked(Answer::Fraud(open), kind), style),
                render(&checked(Answer::Fraud(Vec::new()), kind), style),
            ]
        }
        ReplyKind::Routing => {
            let lines = labels
                .iter()
                .zip(&f.secrets.routing)
                .map(|(l, r)| (l.clone(), Some(r.clone())))
                .chain([(labels[0].clone(), None)])
                .collect();
            vec![render(&checked(Answer::Routing(lines), kind), style)]
        }
        ReplyKind::AccountNumber => {
            let lines = labels
                .iter()
                .zip(&f.secrets.accounts)
                .map(|(l, n)| (l.clone(), Some(SecretString::new(n.clone()))))
                .chain([(labels[0].clone(), None)])
                .collect();
            vec![render(&checked(Answer::AccountNumber(lines), kind), style)]
        }
        ReplyKind::CannotAct => Intent::ALL
            .into_iter()
            .filter(|i| cannot_act(*i))
            .map(|i| render(&checked(Answer::CannotAct(i), kind), style))
            .collect(),
        ReplyKind::NoSuchAccount => vec![render(&checked(Answer::NoSuchAccount, kind), style)],
        ReplyKind::NoData => vec![render(&checked(Answer::NoData, kind), style)],
        ReplyKind::OutOfScope => vec![render(&checked(Answer::OutOfScope, kind), style)],
        ReplyKind::FraudAlert => {
            // One payment, and an episode of two at two merchants on two days; each raised
            // and explained ("why did you flag it?").
            let one = alert(f, amount(2), at);
            let mut several = alert(f, amount(3), at);
            several.add_payment(
                "txn-2",
                AlertPayment {
                    merchant: Some(f.field("SHOP")),
                    amount_minor: amount(4),
                    at: at + 90_000,
                },
            );
            vec![
                alert_texts(&one, style),
                alert_texts(&several, style),
                alert_explain_texts(&one, style),
                alert_explain_texts(&several, style),
            ]
        }
        ReplyKind::AlertFollowUp => vec![alert_answer_texts(true), alert_answer_texts(false)],
        ReplyKind::NoCharges => [true, false]
            .into_iter()
            .map(|known| {
                let answer = Answer::NoCharges {
                    merchant: f.field("SHOP"),
                    merchant_known: known,
                    period: f.field("in"),
                };
                render(&checked(answer, kind), style)
            })
            .collect(),
        ReplyKind::Comparison => [None, Some(true), Some(false)]
            .into_iter()
            .flat_map(|known| [(known, false), (known, true)])
            .map(|(known, too_little_data)| {
                let answer = Answer::Comparison {
                    category: Some(Category::Dining),
                    merchant: known.map(|k| (f.field("SHOP"), k)),
                    first: (f.field("in"), amount(0).abs()),
                    second: (f.field("since"), amount(1).abs()),
                    currency: Currency::USD,
                    coverage: Date::new(2025, 3, 2),
                    too_little_data,
                };
                render(&checked(answer, kind), style)
            })
            .collect(),
        ReplyKind::Average => {
            let mut out = Vec::new();
            for (i, per) in [Per::Day, Per::Week, Per::Month, Per::Purchase].into_iter().enumerate() {
                for (known, category) in [(true, None), (false, None), (true, Some(Category::Dining))] {
                    let answer = Answer::Average {
                        per,
                        average: amount(i).abs(),
                        total: amount(i + 1).abs(),
                        count: i + 2,
                        days: 84,
                        period: f.field("in"),
                        category,
                        merchant: category.is_none().then(|| f.field("SHOP")),
                        merchant_known: known,
                        currency: Currency::USD,
                        coverage: Date::new(2025, 3, 2),
                    };
                    out.push(render(&checked(answer, kind), style));
                }
            }
            out
        }
        ReplyKind::Versus => {
            let mut pairs = Vec::new();
            for known in [true, false] {
                let mut shop = || Side::Merchant {
                    name: f.field("SHOP"),
                    known,
                };
                pairs.push([shop(), shop()]);
                pairs.push([shop(), Side::Category(Category::Dining)]);
            }
            pairs.push([
                Side::Category(Category::Groceries),
                Side::Category(Category::Dining),
            ]);
            // Two accounts, each with its last four (shown on the device only).
            let account = |l: &AccountLabel| Side::Account {
                selector: crate::intent::AccountSelector::Kind(l.kind),
                label: Some(l.clone()),
            };
            if let [a, b, ..] = labels.as_slice() {
                pairs.push([account(a), account(b)]);
                pairs.push([account(b), Side::Category(Category::Dining)]);
            }
            let mut out: Vec<_> = pairs
                .into_iter()
                .enumerate()
                .map(|(i, [a, b])| {
                    let answer = Answer::Versus {
                        period: f.field("in"),
                        sides: vec![(a, amount(i).abs(), i), (b, amount(i + 1).abs(), 1)],
                        currency: Currency::USD,
                        both: i % 2 == 1,
                        once: i % 4 == 1,
                    };
                    render(&checked(answer, kind), style)
                })
                .collect();
            // Three or more sides ("chevron vs shell vs exxon"), compared and joined.
            for (i, known) in [true, false].into_iter().enumerate() {
                let mut shop = |n| Side::Merchant {
                    name: f.field(n),
                    known,
                };
                let mut sides = vec![
                    (shop("SHOP"), amount(i).abs(), 2),
                    (shop("SHOP"), amount(i + 1).abs(), 1),
                    (Side::Category(Category::Dining), amount(i + 2).abs(), 0),
                ];
                if i == 1 {
                    sides.push((Side::Category(Category::Transport), amount(i + 3).abs(), 3));
                }
                let answer = Answer::Versus {
                    period: f.field("in"),
                    sides,
                    currency: Currency::USD,
                    both: i == 1,
                    once: false,
                };
                out.push(render(&checked(answer, kind), style));
            }
            out
        }
        ReplyKind::Ranking => [
            RankBy::Category,
            RankBy::Merchant,
            RankBy::Day,
            RankBy::Month,
            RankBy::Weekday,
            RankBy::Visits,
            RankBy::PerVisit,
        ]
        .into_iter()
        .flat_map(|by| [(by, false), (by, true)])
        .map(|(by, least)| {
                let rows = (0..3)
                    .map(|i| {
                        let name = match by {
                            RankBy::Category => ["Groceries", "Dining", "Travel"][i].to_string(),
                            RankBy::Merchant | RankBy::Visits | RankBy::PerVisit => f.field("SHOP"),
                            RankBy::Day => ["Nov 29", "Jan 1", "Dec 31"][i].to_string(),
                            RankBy::Month => ["November 2026", "May 2025", "July 2026"][i]
                                .to_string(),
                            RankBy::Weekday => ["Saturday", "Monday", "Sunday"][i].to_string(),
                        };
                        (name, amount(i).abs())
                    })
                    .collect();
                let answer = Answer::Ranking {
                    by,
                    least,
                    period: f.field("in"),
                    rows,
                    currency: Currency::USD,
                };
                render(&checked(answer, kind), style)
            })
            .collect(),
        ReplyKind::Count => [true, false]
            .into_iter()
            .map(|known| {
                let answer = Answer::Count {
                    period: f.field("in"),
                    merchant: Some(f.field("SHOP")),
                    merchant_known: known,
                    category: None,
                    count: (amount(0).unsigned_abs() % 1000) as usize,
                    total: amount(1).abs(),
                    currency: Currency::USD,
                };
                render(&checked(answer, kind), style)
            })
            .collect(),
        ReplyKind::Received => [
            (crate::assistant::income::Inflow::Income, 3),
            (crate::assistant::income::Inflow::All, 0),
        ]
        .into_iter()
        .map(|(inflow, count)| {
            let answer = Answer::Received {
                period: f.field("in"),
                inflow,
                total: amount(0).abs(),
                count,
                latest: (count > 0).then(|| (at, amount(1).abs())),
                currency: Currency::USD,
                coverage: Date::new(2025, 3, 2),
            };
            render(&checked(answer, kind), style)
        })
        .collect(),
        ReplyKind::Subscriptions
        | ReplyKind::Refunds
        | ReplyKind::Saved
        | ReplyKind::NextPay
        | ReplyKind::CardPaid
        | ReplyKind::PriceChange
        | ReplyKind::Habit
        | ReplyKind::Fact => {
            super::everyday::samples(kind, &mut |p| f.field(p), &amount)
                .into_iter()
                .map(|a| render(&checked(a, kind), style))
                .collect()
        }
        ReplyKind::Kinds => kinds_samples(f, &amount, style),
        ReplyKind::Clarify => [Answer::Clarify, Answer::WhichMerchant]
            .into_iter()
            .map(|a| render(&checked(a, kind), style))
            .collect(),
        ReplyKind::NotYet => {
            let period = f.field("in");
            vec![render(&checked(Answer::NotYet { period }, kind), style)]
        }
        ReplyKind::SecretWarning => vec![render(&checked(Answer::SecretWarning, kind), style)],
        ReplyKind::AskWhat => vec![render(&checked(Answer::AskWhat, kind), style)],
        ReplyKind::FraudWhich => {
            let open = vec![alert(f, amount(0), at), alert(f, amount(1), at)];
            vec![render(&checked(Answer::FraudWhich(open), kind), style)]
        }
        ReplyKind::FraudNoMatch => {
            let answer = Answer::FraudNoMatch {
                merchant: f.field("SHOP"),
            };
            vec![render(&checked(answer, kind), style)]
        }
    }
}

// ---- the whole assistant over a vault ----

const NOW: Timestamp = 1_762_000_000; // 2025-11-01

fn account(f: &mut Filler<'_>, i: usize, kind: AccountKind, amounts: &[i64]) -> Account {
    let src = SourceId("sandbox".into());
    let number = f.secrets.accounts.get(i).cloned().unwrap_or_default();
    let amount = |k: usize| {
        amounts
            .get((i + k) % amounts.len().max(1))
            .copied()
            .unwrap_or(0)
    };
    Account {
        id: AccountId::scoped(&src, &format!("a{i}")),
        source: src,
        source_kind: SourceKind::Sandbox,
        institution: f.field("Bank"),
        display_name: f.field("Everyday"),
        nickname: Some(f.field("pot")),
        kind,
        currency: Currency::USD,
        last4: Some(last4(&number)),
        full_number: Some(number),
        routing_number: f.secrets.routing.get(i).cloned(),
        balance: Some(Balance {
            minor: amount(0),
            as_of: NOW - 3_600,
        }),
        available: Some(Balance {
            minor: amount(1),
            as_of: NOW - 3_600,
        }),
        credit: (kind == AccountKind::CreditCard).then(|| CreditTerms {
            limit: Some(amount(2).abs()),
            statement_balance: Some(amount(3).abs()),
            minimum_payment: Some(amount(4).abs() / 10),
            due_date: Date::new(2025, 11, 20),
            apr_bps: Some((amount(5).unsigned_abs() % 4_000) as u32),
        }),
    }
}

fn transactions(f: &mut Filler<'_>, a: &Account, amounts: &[i64]) -> Vec<Transaction> {
    let cats = [Category::Groceries, Category::Dining, Category::Shopping];
    (0..8i64)
        .map(|n| Transaction {
            id: TxnId::scoped(&a.id, &format!("t{n}")),
            account: a.id.clone(),
            amount: -amounts
                .get(n as usize % amounts.len().max(1))
                .copied()
                .unwrap_or(1)
                .abs(),
            currency: Currency::USD,
            status: if n == 0 {
                TxnStatus::Pending
            } else {
                TxnStatus::Posted
            },
            // Spread over the last two months, so "this month", "last month" and "recent"
            // all find some.
            transacted_at: NOW - 3_600 - n * 6 * 86_400,
            posted_at: (n != 0).then_some(NOW - n * 6 * 86_400),
            description: f.field("POS PURCHASE"),
            merchant: (n % 3 != 2).then(|| f.field("SHOP")),
            // Some are fuel by their code, so questions about a kind of spending find some.
            mcc: (n % 4 == 1).then_some(5541),
            category: cats.get(n as usize % cats.len()).copied(),
            location: None,
            card_present: Some(n % 2 == 0),
            pending_link: None,
        })
        .collect()
}

fn vault_with(secrets: &Secrets, amounts: &[i64]) -> (tempfile::TempDir, Vault, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([3; 32]));
    let mut v = Vault::create(&dir.path().join("p.db"), &w, OpenOptions::default()).unwrap();
    let mut f = Filler { secrets, next: 0 };
    let accounts = vec![
        account(&mut f, 0, AccountKind::Checking, amounts),
        account(&mut f, 1, AccountKind::CreditCard, amounts),
        account(&mut f, 2, AccountKind::Savings, amounts),
    ];
    let txns: Vec<Transaction> = accounts
        .iter()
        .flat_map(|a| transactions(&mut f, a, amounts))
        .collect();
    let merchants: Vec<String> = txns.iter().filter_map(|t| t.merchant.clone()).collect();
    let open = alert(
        &mut f,
        -amounts.first().copied().unwrap_or(1).abs(),
        NOW - 7_200,
    );
    v.write(|w| {
        for a in &accounts {
            w.put_account(a)?;
        }
        w.upsert_transactions(&txns)?;
        crate::alerts::put(w, &open)
    })
    .unwrap();
    (dir, v, merchants)
}

/// What people type, with the numbers in the slots ("at <merchant>") and elsewhere.
fn chat_texts(secrets: &Secrets, merchants: &[String], nickname_hint: &str) -> Vec<String> {
    let m = |i: usize| {
        merchants
            .get(i % merchants.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    let d = |i: usize| {
        secrets
            .dressed
            .get(i % secrets.dressed.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    vec![
        format!("how much did I spend at {} this month", m(0)),
        format!("show my transactions at {} last month", m(1)),
        format!("transactions at {} over $1 in the last 60 days", d(0)),
        format!("my {nickname_hint} {} account ending {}", d(2), d(4)),
        format!("{} {} {}", d(1), d(3), d(5)),
        format!("how much did I spend on gas at {} last month", m(2)),
        "how much on gas this month".to_string(),
        "how many times did i get gas in the last 60 days".to_string(),
        "how much do i spend on gas a week".to_string(),
        "did i spend more on gas than last month".to_string(),
        "my electric bill last month".to_string(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_template_at_every_level_keeps_numbers_in(
        secrets in secrets(),
        amounts in prop::collection::vec(-5_000_000i64..5_000_000, 8),
        offset in 0usize..16,
        locale in prop::sample::select(Locale::ALL.to_vec()),
    ) {
        let guard = secrets.guard();
        // Renders that carried a number and were stopped: proof the guard was exercised.
        let mut caught = 0usize;
        for level in LEVELS {
            let style = Style { level, locale, offset: 0 };
            for &kind in ReplyKind::ALL {
                let mut f = Filler { secrets: &secrets, next: offset };
                for r in sample(kind, &mut f, &amounts, &style) {
                    // Nothing leaks from the render itself (merchant names and memos are
                    // rendered from letters), so the guard lets the whole reply out.
                    prop_assert!(
                        secrets.leaked(&r.platform).is_none(),
                        "{kind:?} at {level:?} rendered a number: {:?}", r.platform
                    );
                    match guard.release(&r.platform, level) {
                        Ok(out) => prop_assert!(
                            out.dropped.is_empty() && out.text() == r.platform,
                            "{kind:?} at {level:?}: lines dropped from a clean render"
                        ),
                        Err(_) => {
                            prop_assert!(
                                level != DisclosureLevel::Minimal,
                                "{kind:?}: a minimal render was blocked (it carries no data)"
                            );
                            caught += usize::from(secrets.leaked(&r.platform).is_some());
                        }
                    }
                }
            }
        }
        // The guard is the backstop: every dressed number, written raw, is stopped.
        for d in &secrets.dressed {
            for level in LEVELS {
                prop_assert!(guard.check(&format!("Paid {d} today"), level).is_err(), "{level:?}");
            }
            caught += 1;
        }
        prop_assert!(caught > 0, "no number reached the guard");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn the_assistant_never_releases_an_embedded_number(
        secrets in secrets(),
        amounts in prop::collection::vec(100i64..5_000_000, 8),
    ) {
        let (_dir, mut vault, merchants) = vault_with(&secrets, &amounts);
        let texts = chat_texts(&secrets, &merchants, "pot");
        let mut assistant = Assistant::default();
        let (mut released, mut blocked, mut merchants_out) = (0usize, 0usize, 0usize);
        let mut tally = |r: Result<super::Reply, AssistantError>, what: &str| {
            match r {
                Ok(reply) => {
                    released += 1;
                    merchants_out += usize::from(
                        reply.categories.contains(&crate::egress::DataCategory::Merchant),
                    );
                    assert!(
                        secrets.leaked(&reply.platform_text).is_none(),
                        "{what}: a number reached the platform"
                    );
                }
                Err(AssistantError::Blocked(_)) => blocked += 1,
                Err(e) => panic!("{what}: unexpected error {e}"),
            }
        };
        for level in LEVELS {
            let settings = Settings { level, ..Settings::default() };
            for intent in Intent::ALL {
                for text in &texts {
                    let p = Prediction { intent, confidence: 1.0 };
                    let r = assistant.answer_as(&mut vault, text, p, NOW, &settings);
                    tally(r, intent.as_str());
                }
            }
            let mut f = Filler { secrets: &secrets, next: 1 };
            let mut raised = alert(&mut f, -amounts[0], NOW - 600);
            raised.id = format!("raised-{}", level.as_str());
            tally(assistant.raise_alert(&mut vault, &raised, NOW, &settings), "raise_alert");
            tally(
                assistant.answer_alert(&mut vault, &raised.id, false, NOW, &settings),
                "answer_alert",
            );
        }
        // Not vacuous: fixed-text replies (minimal, cannot-act, out of scope) are released, and
        // replies that echo merchants at `full` are released too, their names rendered from
        // letters only (issue 15: the renderer drops the numbers, the guard is the backstop).
        prop_assert!(released > Intent::ALL.len());
        prop_assert!(merchants_out > 0);
        prop_assert!(released + blocked == 3 * (Intent::ALL.len() * texts.len() + 2));
    }
}
