//! The digest kept by changes equals the digest rebuilt from the transactions, over random
//! sequences of writes and over a year of weekly syncs; a sync and the first reply after
//! opening decrypt no old block.

use super::*;
use crate::assistant::Assistant;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::ingest::ingest;
use crate::model::{AccountId, AccountKind, Category, SourceKind, TxnStatus};
use crate::money::Currency;
use crate::reconcile::ReconcilePolicy;
use crate::sources::sandbox::SandboxBank;
use crate::time::{month_index, Date, DAY};
use proptest::prelude::*;

fn wrapper() -> TestKeyWrapper {
    TestKeyWrapper::new(SecretKey::from_bytes([3; 32]))
}

/// Panics unless the stored digest is exactly the rebuilt one.
fn assert_digest_is_rebuilt(v: &Vault) {
    let head = v.digest_head().unwrap().expect("a digest is stored");
    let (built, months) = v.digest_rebuilt(head.offset).unwrap();
    assert!(head == built, "head differs: {head:?} vs {built:?}");
    for m in head.months.iter().chain(months.keys()) {
        assert_eq!(
            v.digest_month(*m).unwrap().as_ref(),
            months.get(m),
            "month {m}"
        );
    }
    assert_eq!(
        super::digest::matches_rebuild(&v.conn, &v.keys).unwrap(),
        Some(true)
    );
}

const SOURCES: [&str; 2] = ["bank-a", "bank-b"];
const MERCHANTS: [&str; 5] = ["Blue Bottle", "BLUE BOTTLE", "Costco", "Café Noir", "Shell"];
const CATEGORIES: [Option<Category>; 5] = [
    None,
    Some(Category::Groceries),
    Some(Category::Dining),
    Some(Category::Income),
    Some(Category::Transfer),
];

/// Account `i`: 0 and 1 at the first bank, 2 at the second.
fn account(i: usize, loan: bool) -> Account {
    let source = SourceId(SOURCES[usize::from(i == 2)].into());
    Account {
        id: AccountId::scoped(&source, &format!("acct{i}")),
        source,
        source_kind: SourceKind::Sandbox,
        institution: "Example Bank".into(),
        display_name: "Account".into(),
        nickname: None,
        kind: if loan {
            AccountKind::Loan
        } else {
            AccountKind::Checking
        },
        currency: Currency::USD,
        last4: None,
        full_number: None,
        routing_number: None,
        balance: None,
        available: None,
        credit: None,
    }
}

/// A transaction as the proptest draws it.
#[derive(Clone, Debug)]
struct Drawn {
    account: usize,
    id: u8,
    amount: i64,
    euro: bool,
    pending: bool,
    /// Days after 2024-12-20 (crosses month and year ends), and an hour.
    day: i64,
    hour: i64,
    merchant: Option<usize>,
    category: usize,
}

fn txn(d: &Drawn, loan: bool) -> Transaction {
    let a = account(d.account, loan);
    let at = Date::new(2024, 12, 20).unwrap().start_ts(0) + d.day * DAY + d.hour * 3600;
    Transaction {
        id: TxnId::scoped(&a.id, &format!("t{}", d.id)),
        account: a.id,
        amount: d.amount,
        currency: if d.euro { Currency::EUR } else { Currency::USD },
        status: if d.pending {
            TxnStatus::Pending
        } else {
            TxnStatus::Posted
        },
        transacted_at: at,
        posted_at: None,
        description: format!("purchase {}", d.id),
        merchant: d.merchant.map(|m| MERCHANTS[m].to_string()),
        mcc: None,
        category: CATEGORIES[d.category],
        location: None,
        card_present: None,
        pending_link: None,
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Stores the accounts used and upserts (new ids and updates of stored ones alike).
    Upsert(Vec<Drawn>),
    /// Removes ids of an account.
    Remove(usize, Vec<u8>),
    /// Forgets a bank.
    Forget(usize),
    /// Makes an account a loan or not.
    Loan(usize, bool),
    /// The person's UTC offset changes.
    Offset(i32),
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        (
            0usize..3,
            0u8..30,
            -20_000i64..5_000,
            any::<bool>(),
            any::<bool>(),
        ),
        (
            0i64..120,
            0i64..24,
            proptest::option::of(0usize..5),
            0usize..5,
        ),
    )
        .prop_map(
            |((account, id, amount, euro, pending), (day, hour, merchant, category))| Drawn {
                account,
                id,
                amount,
                euro,
                pending,
                day,
                hour,
                merchant,
                category,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => proptest::collection::vec(drawn(), 1..25).prop_map(Op::Upsert),
        2 => (0usize..3, proptest::collection::vec(0u8..30, 1..8))
            .prop_map(|(a, ids)| Op::Remove(a, ids)),
        1 => (0usize..2).prop_map(Op::Forget),
        1 => (0usize..3, any::<bool>()).prop_map(|(a, l)| Op::Loan(a, l)),
        1 => prop_oneof![Just(0), Just(-300), Just(330), Just(840)].prop_map(Op::Offset),
    ]
}

fn run(v: &mut Vault, op: &Op, loans: &mut [bool; 3]) {
    match op {
        Op::Upsert(list) => {
            let txns: Vec<Transaction> = list.iter().map(|d| txn(d, loans[d.account])).collect();
            v.write(|w| {
                for (i, loan) in loans.iter().enumerate() {
                    if list.iter().any(|d| d.account == i) {
                        w.put_account(&account(i, *loan))?;
                    }
                }
                w.upsert_transactions(&txns).map(|_| ())
            })
            .unwrap();
        }
        Op::Remove(a, ids) => {
            let acct = account(*a, false);
            let ids: Vec<TxnId> = ids
                .iter()
                .map(|n| TxnId::scoped(&acct.id, &format!("t{n}")))
                .collect();
            v.write(|w| w.remove_transactions(&ids).map(|_| ()))
                .unwrap();
        }
        Op::Forget(s) => {
            v.forget_source(&SourceId(SOURCES[*s].into())).unwrap();
        }
        Op::Loan(a, loan) => {
            loans[*a] = *loan;
            let acct = account(*a, *loan);
            let stored = v.accounts().unwrap().iter().any(|x| x.id == acct.id);
            if stored {
                v.write(|w| w.put_account(&acct)).unwrap();
            }
        }
        Op::Offset(offset) => v.ensure_digest(*offset).unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Whatever the sequence of writes, the digest each write keeps is the rebuilt one.
    #[test]
    fn incremental_digest_equals_rebuilt(ops in proptest::collection::vec(op(), 1..10)) {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vault::create(&dir.path().join("d.db"), &wrapper(), OpenOptions::default())
            .unwrap();
        let mut loans = [false; 3];
        for op in &ops {
            run(&mut v, op, &mut loans);
            if v.digest_head().unwrap().is_some() {
                assert_digest_is_rebuilt(&v);
            }
        }
    }
}

/// A profile-like setup: the sandbox year ingested as weekly syncs, each carrying the last 30
/// days the bank shows (pending charges, their posting, expiries).
fn weekly_syncs(v: &mut Vault, data: &crate::sources::sandbox::SandboxData, check: bool) {
    let first = data
        .transactions
        .iter()
        .map(|t| t.transacted_at)
        .min()
        .unwrap();
    let mut at = first + 7 * DAY;
    while at < data.end {
        let mut batch = data.snapshot_at(at);
        batch
            .transactions
            .retain(|t| t.transacted_at >= at - 30 * DAY);
        ingest(v, &batch, at, &ReconcilePolicy::default()).unwrap();
        if check {
            assert_digest_is_rebuilt(v);
        }
        at += 7 * DAY;
    }
}

/// A year of weekly syncs (pending charges posting under new ids, expiries) keeps the digest
/// equal to the rebuilt one after every sync.
#[test]
fn weekly_syncs_keep_the_digest() {
    let dir = tempfile::tempdir().unwrap();
    let mut v =
        Vault::create(&dir.path().join("w.db"), &wrapper(), OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(11, Date::new(2025, 1, 1).unwrap(), 6);
    weekly_syncs(&mut v, &data, true);
    assert!(v.digest_head().unwrap().unwrap().months.len() >= 6);
    assert!(v.verify_all().is_ok());
}

/// A sync decrypts only the blocks of the months it writes and of the reconciliation window;
/// the first reply after opening decrypts only the recent window's blocks. "Old" is anything
/// before the window's floor (the newest month bucket less five).
#[test]
fn a_sync_and_the_first_reply_read_no_old_block() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut v = Vault::create(&path, &wrapper(), OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(5, Date::new(2024, 1, 1).unwrap(), 24);
    weekly_syncs(&mut v, &data, false);
    let newest = v.newest_month().unwrap().unwrap();
    let oldest = month_index(
        data.transactions
            .iter()
            .map(|t| t.transacted_at)
            .min()
            .unwrap(),
    );
    assert!(newest - oldest >= 20, "two years of history");
    let settings = crate::assistant::Settings::default();

    // One more weekly sync, with the summary refreshed after it as the profile does.
    let mut assistant = Assistant::default();
    let at = data.end;
    let mut batch = data.snapshot_at(at);
    batch
        .transactions
        .retain(|t| t.transacted_at >= at - 30 * DAY);
    super::blocks::read_log::take();
    super::blocks::read_log::take_tags();
    ingest(&mut v, &batch, at, &ReconcilePolicy::default()).unwrap();
    assistant.warm(&v, &settings).unwrap();
    let read = super::blocks::read_log::take();
    assert!(!read.is_empty(), "the sync read the recent blocks");
    // Stored ids are found through the id index: no block's tag column is read either.
    assert_eq!(super::blocks::read_log::take_tags(), Vec::<i64>::new());
    assert!(
        read.iter().all(|m| *m >= newest - 5),
        "old blocks read by a sync: {read:?}"
    );

    // Reopen, then the first reply.
    v.close().unwrap();
    let mut v = Vault::open(&path, &wrapper(), OpenOptions::default()).unwrap();
    super::blocks::read_log::take();
    let mut assistant = Assistant::default();
    for text in [
        "how much did I spend on groceries last month?",
        "recent transactions",
    ] {
        let reply = assistant
            .handle_message(&mut v, text, at, &settings)
            .unwrap();
        assert!(!reply.local_text.is_empty());
    }
    let read = super::blocks::read_log::take();
    assert!(!read.is_empty());
    assert!(
        read.iter().all(|m| *m >= newest - 5),
        "old blocks read by the first reply: {read:?}"
    );
    // Without the digest (an in-memory rebuild) the same reply reads every block: the
    // assertion above can fail.
    let other = crate::assistant::Settings {
        utc_offset_minutes: 60,
        ..crate::assistant::Settings::default()
    };
    let mut assistant = Assistant::default();
    assistant.warm(&v, &other).unwrap();
    let read = super::blocks::read_log::take();
    assert!(read.iter().any(|m| *m < newest - 5));
}

/// Makes the stored digest look written by an older Tacit: its head in `format`, its month
/// records in an old layout, and one more month record that a rebuild finds no data for.
fn make_stale(v: &mut Vault, format: u8) {
    let head = v.digest_head().unwrap().expect("a digest");
    let mut stale = head.clone();
    stale.months.insert(1000);
    let mut bytes = stale.encode();
    bytes[0] = format;
    v.write(|w| {
        w.put_setting("digest.head", None, &bytes)?;
        for m in &stale.months {
            w.put_setting(&format!("digest.month.{m}"), None, &[format, 0])?;
        }
        Ok(())
    })
    .unwrap();
    assert!(v.digest_head().unwrap().is_none(), "a stale digest is read as none");
}

fn stale_month_left(v: &Vault) -> bool {
    let settings = super::tables::KvTable::Settings;
    super::tables::kv_get(&v.conn, &v.keys, settings, "digest.month.1000")
        .unwrap()
        .is_some()
}

/// A digest in an older format (1: without the payees, 2: without the money in and out) is
/// rebuilt, its old month records deleted: when the profile opens the vault
/// (`ensure_digest`) and by the next write.
#[test]
fn an_older_digest_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut v =
        Vault::create(&dir.path().join("o.db"), &wrapper(), OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(11, Date::new(2025, 1, 1).unwrap(), 6);
    ingest(&mut v, &data.batch(), data.end, &ReconcilePolicy::default()).unwrap();
    make_stale(&mut v, 1);
    assert!(stale_month_left(&v));
    v.ensure_digest(0).unwrap();
    assert_digest_is_rebuilt(&v);
    assert!(!stale_month_left(&v));
    // Not vacuous: the rebuilt months hold payees.
    let head = v.digest_head().unwrap().unwrap();
    let month = v.digest_month(*head.months.last().unwrap()).unwrap().unwrap();
    assert!(month.0.values().any(|t| !t.payees.is_empty()));
    assert!(month.0.values().any(|t| t.flow.money_in > 0));

    make_stale(&mut v, 2);
    let mut one = v.transactions(&TxnFilter::default()).unwrap().remove(0);
    one.amount -= 100;
    v.write(|w| w.upsert_transactions(&[one]).map(|_| ()))
        .unwrap();
    assert_digest_is_rebuilt(&v);
    assert!(!stale_month_left(&v));
    assert!(v.verify_all().is_ok());
}
