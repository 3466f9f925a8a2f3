//! Host feed validation tests: a good batch passes sanitised, every check names its item and
//! field, and no error shows a value.

use super::*;
use crate::model::{AccountId, AccountKind, Balance, CreditTerms, SourceId, TxnId};
use crate::money::Currency;
use proptest::prelude::*;

/// A mutation and the error it must cause.
type Case<T> = (fn(&mut T), &'static str, FeedProblem);

const NOW: Timestamp = 1_767_225_600; // 2026-01-01T00:00Z

fn source() -> SourceId {
    SourceId("host:financekit".into())
}

fn acct_id() -> AccountId {
    AccountId::scoped(&source(), "card-1")
}

fn account() -> Account {
    Account {
        id: acct_id(),
        source: source(),
        source_kind: SourceKind::HostFeed,
        institution: "Apple\u{202E} Card".into(),
        display_name: "Apple Card".into(),
        nickname: Some("   ".into()),
        kind: AccountKind::CreditCard,
        currency: Currency::USD,
        last4: Some("1234".into()),
        full_number: None,
        routing_number: None,
        balance: Some(Balance {
            minor: -12_345,
            as_of: NOW,
        }),
        available: Some(Balance {
            minor: 487_655,
            as_of: NOW,
        }),
        credit: Some(CreditTerms {
            limit: Some(500_000),
            statement_balance: Some(10_000),
            minimum_payment: Some(2_500),
            due_date: Date::new(2026, 1, 25),
            apr_bps: Some(2499),
        }),
    }
}

fn txn(raw: &str) -> Transaction {
    Transaction {
        id: TxnId::scoped(&acct_id(), raw),
        account: acct_id(),
        amount: -4_250,
        currency: Currency::USD,
        status: TxnStatus::Posted,
        transacted_at: NOW - 3 * DAY,
        posted_at: Some(NOW - 2 * DAY),
        description: "  BLUE\tBOTTLE\u{200B} COFFEE ".into(),
        merchant: Some(" ".into()),
        mcc: Some(5814),
        category: None,
        location: Some(Location {
            lat_e6: Some(37_776_000),
            lon_e6: Some(-122_423_000),
            city: Some("San Francisco".into()),
            region: Some("CA".into()),
            country: Some("us".into()),
        }),
        card_present: Some(true),
        pending_link: None,
    }
}

fn batch() -> ImportBatch {
    ImportBatch {
        source: Some(source()),
        accounts: vec![account()],
        transactions: vec![txn("a"), txn("b")],
        deletions: vec![TxnId::scoped(&acct_id(), "old")],
        account_issues: Vec::new(),
    }
}

fn fails(b: ImportBatch) -> FeedError {
    validate_host_batch(b, NOW).unwrap_err()
}

fn at(item: FeedItem, field: &'static str, problem: FeedProblem) -> FeedError {
    FeedError {
        item,
        field,
        problem,
    }
}

#[test]
fn good_batch_passes_sanitised() {
    let out = validate_host_batch(batch(), NOW).unwrap();
    assert_eq!(out.accounts[0].institution, "Apple Card");
    assert_eq!(out.accounts[0].nickname, None);
    let t = &out.transactions[0];
    assert_eq!(t.description, "BLUE BOTTLE COFFEE");
    assert_eq!(t.merchant, None);
    assert_eq!(
        t.location.as_ref().and_then(|l| l.country.clone()),
        Some("US".into())
    );
    assert_eq!(out.transactions.len(), 2);
    assert_eq!(out.deletions.len(), 1);
}

#[test]
fn batch_level_checks() {
    let mut b = batch();
    b.source = None;
    assert_eq!(
        fails(b),
        at(FeedItem::Batch, "source", FeedProblem::Missing)
    );
    let mut b = batch();
    b.source = Some(SourceId("simplefin:x".into()));
    assert_eq!(
        fails(b),
        at(FeedItem::Batch, "source", FeedProblem::WrongScope)
    );
    let mut b = batch();
    b.accounts = vec![account(); MAX_ACCOUNTS + 1];
    assert_eq!(
        fails(b),
        at(FeedItem::Batch, "accounts", FeedProblem::TooMany)
    );
}

#[test]
fn account_checks() {
    let cases: Vec<Case<Account>> = vec![
        (
            |a| a.id = AccountId(String::new()),
            "id",
            FeedProblem::Empty,
        ),
        (
            |a| a.id = AccountId("host:financekit/".into()),
            "id",
            FeedProblem::WrongScope,
        ),
        (
            |a| a.id = AccountId("ofx:1/card".into()),
            "id",
            FeedProblem::WrongScope,
        ),
        (
            |a| a.id = AccountId(format!("host:financekit/{}", "x".repeat(300))),
            "id",
            FeedProblem::TooLong,
        ),
        (
            |a| a.id = AccountId("host:financekit/a\u{0}b".into()),
            "id",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.source = SourceId("host:other".into()),
            "source",
            FeedProblem::WrongScope,
        ),
        (
            |a| a.source_kind = SourceKind::Ofx,
            "source_kind",
            FeedProblem::WrongScope,
        ),
        (
            |a| a.last4 = Some("12345".into()),
            "last4",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.last4 = Some("12a4".into()),
            "last4",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.last4 = Some(String::new()),
            "last4",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.full_number = Some("12-34".into()),
            "full_number",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.routing_number = Some("1".into()),
            "routing_number",
            FeedProblem::BadFormat,
        ),
        (
            |a| {
                a.balance = Some(Balance {
                    minor: i64::MIN,
                    as_of: NOW,
                })
            },
            "balance",
            FeedProblem::OutOfRange,
        ),
        (
            |a| {
                a.available = Some(Balance {
                    minor: 0,
                    as_of: NOW + 3 * DAY,
                })
            },
            "available",
            FeedProblem::InFuture,
        ),
        (
            |a| a.credit.as_mut().unwrap().limit = Some(-1),
            "credit.limit",
            FeedProblem::OutOfRange,
        ),
        (
            |a| a.credit.as_mut().unwrap().apr_bps = Some(10_001),
            "credit.apr_bps",
            FeedProblem::OutOfRange,
        ),
        (
            |a| {
                a.credit.as_mut().unwrap().due_date = Some(Date {
                    year: 2026,
                    month: 2,
                    day: 30,
                })
            },
            "credit.due_date",
            FeedProblem::BadFormat,
        ),
        (
            |a| a.credit.as_mut().unwrap().due_date = Date::new(1989, 12, 31),
            "credit.due_date",
            FeedProblem::TooOld,
        ),
    ];
    for (mutate, field, problem) in cases {
        let mut b = batch();
        mutate(&mut b.accounts[0]);
        b.transactions.clear();
        b.deletions.clear();
        assert_eq!(
            fails(b),
            at(FeedItem::Account(0), field, problem),
            "{field}"
        );
    }
    let mut b = batch();
    b.accounts.push(account());
    assert_eq!(
        fails(b),
        at(FeedItem::Account(1), "id", FeedProblem::Duplicate)
    );
}

#[test]
fn transaction_checks() {
    let cases: Vec<Case<Transaction>> = vec![
        (|t| t.id = TxnId(String::new()), "id", FeedProblem::Empty),
        (
            |t| t.id = TxnId("host:financekit/card-2#x".into()),
            "id",
            FeedProblem::WrongScope,
        ),
        (
            |t| t.id = TxnId("host:financekit/card-1#".into()),
            "id",
            FeedProblem::WrongScope,
        ),
        (
            |t| t.account = AccountId("host:financekit/card-9".into()),
            "account",
            FeedProblem::UnknownAccount,
        ),
        (
            |t| t.currency = Currency::EUR,
            "currency",
            FeedProblem::CurrencyMismatch,
        ),
        (
            |t| t.amount = MAX_ABS_MINOR + 1,
            "amount",
            FeedProblem::OutOfRange,
        ),
        (|t| t.amount = i64::MIN, "amount", FeedProblem::OutOfRange),
        (
            |t| t.transacted_at = NOW + 2 * DAY + 1,
            "transacted_at",
            FeedProblem::InFuture,
        ),
        (
            |t| t.transacted_at = EARLIEST_TS - 1,
            "transacted_at",
            FeedProblem::TooOld,
        ),
        (
            |t| t.transacted_at = i64::MIN,
            "transacted_at",
            FeedProblem::TooOld,
        ),
        (
            |t| t.posted_at = Some(i64::MAX),
            "posted_at",
            FeedProblem::InFuture,
        ),
        (
            |t| t.status = TxnStatus::Pending,
            "posted_at",
            FeedProblem::Inconsistent,
        ),
        (
            |t| t.pending_link = Some(TxnId("host:financekit/card-2#p".into())),
            "pending_link",
            FeedProblem::WrongScope,
        ),
        (|t| t.mcc = Some(10_000), "mcc", FeedProblem::OutOfRange),
        (
            |t| t.location.as_mut().unwrap().lat_e6 = Some(90_000_001),
            "location.lat_e6",
            FeedProblem::OutOfRange,
        ),
        (
            |t| t.location.as_mut().unwrap().lon_e6 = Some(-180_000_001),
            "location.lon_e6",
            FeedProblem::OutOfRange,
        ),
        (
            |t| t.location.as_mut().unwrap().country = Some("USA".into()),
            "location.country",
            FeedProblem::BadFormat,
        ),
    ];
    for (mutate, field, problem) in cases {
        let mut b = batch();
        mutate(&mut b.transactions[1]);
        assert_eq!(
            fails(b),
            at(FeedItem::Transaction(1), field, problem),
            "{field}"
        );
    }
    let mut b = batch();
    b.transactions[1].status = TxnStatus::Pending;
    b.transactions[1].posted_at = None;
    b.transactions[1].pending_link = Some(TxnId::scoped(&acct_id(), "p"));
    assert_eq!(
        fails(b),
        at(
            FeedItem::Transaction(1),
            "pending_link",
            FeedProblem::Inconsistent
        )
    );
    let mut b = batch();
    b.transactions[1].id = b.transactions[0].id.clone();
    assert_eq!(
        fails(b),
        at(FeedItem::Transaction(1), "id", FeedProblem::Duplicate)
    );
}

#[test]
fn deletion_and_issue_checks() {
    let mut b = batch();
    b.deletions.push(TxnId("simplefin:x/acct#1".into()));
    assert_eq!(
        fails(b),
        at(FeedItem::Deletion(1), "id", FeedProblem::WrongScope)
    );
    let mut b = batch();
    b.account_issues.push(crate::sources::AccountIssue {
        account: Some(AccountId("host:financekit/nope".into())),
        kind: crate::sources::AccountIssueKind::Unavailable,
    });
    assert_eq!(
        fails(b),
        at(
            FeedItem::AccountIssue(0),
            "account",
            FeedProblem::UnknownAccount
        )
    );
}

#[test]
fn errors_show_no_values() {
    let mut b = batch();
    b.transactions[0].amount = 987_654_321_987;
    let e = fails(b);
    let text = format!("{e} {e:?}");
    assert!(!text.contains("987654321"));
    assert_eq!(text.split(' ').next(), Some("host"));
    let mut b = batch();
    b.transactions[0].id = TxnId("host:financekit/card-2#SECRET".into());
    let e = fails(b);
    assert!(!format!("{e} {e:?}").contains("SECRET"));
    assert!(format!("{e}").contains("transaction 0") && format!("{e}").contains("`id`"));
}

proptest! {
    #[test]
    fn never_panics_and_output_is_sanitised(
        desc in ".{0,300}",
        merchant in ".{0,200}",
        id in ".{0,40}",
        amount in any::<i64>(),
        ts in any::<i64>(),
    ) {
        let mut b = batch();
        b.transactions[0].description = desc;
        b.transactions[0].merchant = Some(merchant);
        b.transactions[0].id = TxnId(format!("{}#{id}", acct_id().as_str()));
        b.transactions[0].amount = amount;
        b.transactions[0].transacted_at = ts;
        if let Ok(out) = validate_host_batch(b, NOW) {
            let t = &out.transactions[0];
            prop_assert!(t.description.chars().count() <= MAX_DESCRIPTION_CHARS);
            prop_assert!(!t.description.chars().any(char::is_control));
            prop_assert!(t.merchant.as_ref().is_none_or(|m| !m.is_empty() && m.chars().count() <= MAX_NAME_CHARS));
            prop_assert!(t.amount.abs() <= MAX_ABS_MINOR);
        }
    }
}
