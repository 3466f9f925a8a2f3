use super::*;
use crate::crypto::secret::{SecretBytes, SecretKey, SecretString};
use crate::crypto::wrap::{KeyWrapper, PassphraseWrapper, TestKeyWrapper, WrapError};
use crate::model::{AccountId, AccountKind, Balance, SourceKind, TxnStatus};
use crate::money::Currency;
use std::collections::HashMap;
use std::sync::Mutex;

fn wrapper() -> TestKeyWrapper {
    TestKeyWrapper::new(SecretKey::from_bytes([7; 32]))
}

fn account(source: &SourceId, raw: &str) -> Account {
    Account {
        id: AccountId::scoped(source, raw),
        source: source.clone(),
        source_kind: SourceKind::Sandbox,
        institution: "Example Bank".into(),
        display_name: "Everyday Checking".into(),
        nickname: None,
        kind: AccountKind::Checking,
        currency: Currency::USD,
        last4: Some("4321".into()),
        full_number: Some("000123454321".into()),
        routing_number: None,
        balance: Some(Balance {
            minor: 150_000,
            as_of: 1_760_000_000,
        }),
        available: None,
        credit: None,
    }
}

fn txn(account: &Account, n: i64, month_offset: i64) -> Transaction {
    Transaction {
        id: TxnId::scoped(&account.id, &format!("t{n}")),
        account: account.id.clone(),
        amount: -(n * 100 + 7),
        currency: Currency::USD,
        status: TxnStatus::Posted,
        transacted_at: 1_700_000_000 + month_offset * 31 * 86_400 + n * 60,
        posted_at: Some(1_700_000_000 + month_offset * 31 * 86_400 + n * 60 + 86_400),
        description: format!("CARD PURCHASE {n}"),
        merchant: Some("Blue Bottle".into()),
        mcc: Some(5814),
        category: Some(crate::model::Category::Dining),
        location: None,
        card_present: Some(true),
        pending_link: None,
    }
}

fn setup() -> (tempfile::TempDir, PathBuf, Vault, Account) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut v = Vault::create(&path, &wrapper(), OpenOptions::default()).unwrap();
    let src = SourceId("sandbox".into());
    let a = account(&src, "chk");
    v.write(|w| w.put_account(&a)).unwrap();
    (dir, path, v, a)
}

#[test]
fn round_trip_accounts_and_transactions() {
    let (_d, path, mut v, a) = setup();
    let txns: Vec<Transaction> = (0..50).map(|n| txn(&a, n, n % 3)).collect();
    let stats = v.write(|w| w.upsert_transactions(&txns)).unwrap();
    assert_eq!(
        stats,
        UpsertStats {
            inserted: 50,
            replaced: 0
        }
    );
    v.close().unwrap();
    let v = Vault::open(&path, &wrapper(), OpenOptions::default()).unwrap();
    assert_eq!(v.accounts().unwrap(), vec![a.clone()]);
    let mut back = v.transactions(&TxnFilter::default()).unwrap();
    back.sort_by(|x, y| x.id.cmp(&y.id));
    let mut want = txns.clone();
    want.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(back, want);
    assert_eq!(
        v.find_transaction(&txns[7].id).unwrap(),
        Some(txns[7].clone())
    );
    assert_eq!(v.find_transaction(&TxnId("nope".into())).unwrap(), None);
    assert!(v.integrity_check().unwrap());
}

#[test]
fn upsert_is_idempotent_and_moves_across_months() {
    let (_d, _p, mut v, a) = setup();
    let txns: Vec<Transaction> = (0..20).map(|n| txn(&a, n, 0)).collect();
    v.write(|w| w.upsert_transactions(&txns)).unwrap();
    let again = v.write(|w| w.upsert_transactions(&txns)).unwrap();
    assert_eq!(
        again,
        UpsertStats {
            inserted: 0,
            replaced: 20
        }
    );
    // The same id re-dated into another month replaces, not duplicates.
    let mut moved = txns[3].clone();
    moved.transacted_at += 62 * 86_400;
    v.write(|w| w.upsert_transactions(std::slice::from_ref(&moved)))
        .unwrap();
    let all = v.transactions(&TxnFilter::default()).unwrap();
    assert_eq!(all.len(), 20);
    assert_eq!(all.iter().filter(|t| t.id == moved.id).count(), 1);
    assert_eq!(v.find_transaction(&moved.id).unwrap(), Some(moved.clone()));
    assert_eq!(
        v.write(|w| w.remove_transactions(&[moved.id.clone()]))
            .unwrap(),
        1
    );
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 19);
}

#[test]
fn range_filter_is_exact() {
    let (_d, _p, mut v, a) = setup();
    let txns: Vec<Transaction> = (0..30).map(|n| txn(&a, n, n % 5)).collect();
    v.write(|w| w.upsert_transactions(&txns)).unwrap();
    let from = txns[10].transacted_at;
    let until = txns[20].transacted_at + 31 * 86_400;
    let filter = TxnFilter {
        account: Some(a.id.clone()),
        from: Some(from),
        until: Some(until),
    };
    let got = v.transactions(&filter).unwrap();
    let want = txns
        .iter()
        .filter(|t| t.transacted_at >= from && t.transacted_at < until)
        .count();
    assert_eq!(got.len(), want);
    let mut sum = 0;
    v.visit_transactions(&filter, |t| sum += t.amount).unwrap();
    assert_eq!(sum, got.iter().map(|t| t.amount).sum::<i64>());
}

#[test]
fn transactions_need_their_account() {
    let (_d, _p, mut v, a) = setup();
    let mut t = txn(&a, 1, 0);
    t.account = AccountId("sandbox/unknown".into());
    assert_eq!(
        v.write(|w| w.upsert_transactions(&[t])),
        Err(VaultError::InvalidInput(
            "transaction for an account that is not stored"
        ))
    );
    let gen = v.generation();
    assert!(v
        .write(|_| -> Result<()> { Err(VaultError::InvalidInput("x")) })
        .is_err());
    assert_eq!(
        v.generation(),
        gen,
        "a failed write must not bump the generation"
    );
}

#[test]
fn wrong_key_and_wrong_passphrase() {
    let (_d, path, v, _a) = setup();
    v.close().unwrap();
    let before = std::fs::read(&path).unwrap();
    let other = TestKeyWrapper::new(SecretKey::from_bytes([8; 32]));
    assert_eq!(
        Vault::open(&path, &other, OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
    let pass = PassphraseWrapper::new(SecretString::new("pw".into()));
    assert_eq!(
        Vault::open(&path, &pass, OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a failed open must not write"
    );
}

#[test]
fn passphrase_vault_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let pw = PassphraseWrapper::new(SecretString::new("correct horse".into()));
    Vault::create(&path, &pw, OpenOptions::default())
        .unwrap()
        .close()
        .unwrap();
    assert!(Vault::open(&path, &pw, OpenOptions::default()).is_ok());
    let wrong = PassphraseWrapper::new(SecretString::new("wrong horse".into()));
    assert_eq!(
        Vault::open(&path, &wrong, OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
}

#[test]
fn rewrap_changes_the_key_not_the_data() {
    let (_d, path, mut v, _a) = setup();
    v.write(|w| w.put_setting("greeting", None, b"hello"))
        .unwrap();
    let new = TestKeyWrapper::new(SecretKey::from_bytes([9; 32]));
    v.rewrap(&wrapper(), &new).unwrap();
    v.close().unwrap();
    assert_eq!(
        Vault::open(&path, &wrapper(), OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
    let v = Vault::open(&path, &new, OpenOptions::default()).unwrap();
    assert_eq!(
        v.setting("greeting").unwrap().map(|s| s.expose().to_vec()),
        Some(b"hello".to_vec())
    );
}

#[derive(Default)]
struct MemGen(Mutex<HashMap<Vec<u8>, u64>>);

impl GenerationStore for MemGen {
    fn last_seen(&self, id: &[u8]) -> Option<u64> {
        self.0.lock().unwrap().get(id).copied()
    }
    fn record(&self, id: &[u8], g: u64) {
        self.0.lock().unwrap().insert(id.to_vec(), g);
    }
}

#[test]
fn rollback_to_an_older_copy_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let store = Arc::new(MemGen::default());
    let opts = OpenOptions {
        generation_store: Some(store.clone()),
    };
    let mut v = Vault::create(&path, &wrapper(), opts.clone()).unwrap();
    v.write(|w| w.put_setting("a", None, b"1")).unwrap();
    v.close().unwrap();
    let old_copy = std::fs::read(&path).unwrap();
    let mut v = Vault::open(&path, &wrapper(), opts.clone()).unwrap();
    v.write(|w| w.put_setting("a", None, b"2")).unwrap();
    v.write(|w| w.put_setting("a", None, b"3")).unwrap();
    assert_eq!(v.generation(), 3);
    v.close().unwrap();
    std::fs::write(&path, &old_copy).unwrap();
    assert_eq!(
        Vault::open(&path, &wrapper(), opts).err(),
        Some(VaultError::Rollback {
            found: 1,
            expected_at_least: 3
        })
    );
}

#[test]
fn forget_source_removes_only_that_source() {
    let (_d, _p, mut v, a) = setup();
    let other_src = SourceId("ofx:other".into());
    let b = account(&other_src, "sav");
    v.write(|w| {
        w.put_account(&b)?;
        w.upsert_transactions(&[txn(&a, 1, 0), txn(&b, 2, 0)])?;
        w.put_credential(&other_src, &SecretBytes::new(b"secret".to_vec()))?;
        w.put_setting("fraud/b", Some(&other_src), b"state")?;
        w.put_setting("global", None, b"keep")
    })
    .unwrap();
    assert!(v.forget_source(&other_src).unwrap() >= 4);
    assert_eq!(v.accounts().unwrap(), vec![a.clone()]);
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 1);
    assert!(v.credential(&other_src).unwrap().is_none());
    assert!(v.setting("fraud/b").unwrap().is_none());
    assert!(v.setting("global").unwrap().is_some());
}

#[test]
fn wipe_removes_the_files() {
    let (_d, path, mut v, a) = setup();
    v.write(|w| w.upsert_transactions(&[txn(&a, 1, 0)]))
        .unwrap();
    v.wipe().unwrap();
    assert!(!path.exists());
    assert!(!sidecar(&path, "-wal").exists());
}

#[test]
fn not_a_vault_and_newer_versions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.db");
    // A non-empty file that is not SQLite (zero-filled after a crash, overwritten) may be a
    // damaged vault: `Corrupt`, never "some other file"; an empty one holds nothing.
    let damaged = VaultError::Corrupt("the file is not a readable database (damaged?)");
    for (content, want) in [
        (vec![0u8; 8192], damaged),
        (b"hello, this is not sqlite at all".repeat(200), damaged),
        (Vec::new(), VaultError::NotAVault),
    ] {
        std::fs::write(&p, &content).unwrap();
        assert_eq!(
            Vault::open(&p, &wrapper(), OpenOptions::default()).err(),
            Some(want)
        );
        assert_eq!(
            std::fs::read(&p).unwrap(),
            content,
            "file must be left untouched"
        );
    }
    // A plain SQLite database without Tacit's tables.
    std::fs::remove_file(&p).unwrap();
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("CREATE TABLE t(x);")
        .unwrap();
    assert_eq!(
        Vault::open(&p, &wrapper(), OpenOptions::default()).err(),
        Some(VaultError::NotAVault)
    );
    // A vault from a newer format.
    let (_d2, path, v, _a) = setup();
    v.close().unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    assert_eq!(
        Vault::open(&path, &wrapper(), OpenOptions::default()).err(),
        Some(VaultError::UnsupportedVersion(99))
    );
    assert_eq!(
        Vault::open(
            &dir.path().join("missing.db"),
            &wrapper(),
            OpenOptions::default()
        )
        .err(),
        Some(VaultError::Io(IoKind::NotFound))
    );
}

#[test]
fn meta_damage_is_told_apart_from_a_wrong_key() {
    let (_d, path, v, _a) = setup();
    v.close().unwrap();
    let flip = |key: &str, want: VaultError| {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let orig: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .unwrap();
        let mut bad = orig.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x01;
        conn.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            rusqlite::params![key, bad],
        )
        .unwrap();
        drop(conn);
        assert_eq!(
            Vault::open(&path, &wrapper(), OpenOptions::default()).err(),
            Some(want),
            "{key}"
        );
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            rusqlite::params![key, orig],
        )
        .unwrap();
    };
    flip("key_check", VaultError::Tampered(RecordKind::KeyCheck));
    flip("sentinel", VaultError::Tampered(RecordKind::Meta));
    flip("generation", VaultError::Tampered(RecordKind::Meta));
    flip("vault_id", VaultError::Tampered(RecordKind::Meta));
    flip("meta_mac", VaultError::Tampered(RecordKind::Meta));
    flip("wrapped_key", VaultError::Tampered(RecordKind::WrappedKey));
    assert!(Vault::open(&path, &wrapper(), OpenOptions::default()).is_ok());
}

/// A host wrapper like Android's AES-GCM one: any failure to unwrap is "wrong key".
struct CoarseWrapper(TestKeyWrapper);

impl KeyWrapper for CoarseWrapper {
    fn scheme(&self) -> String {
        self.0.scheme()
    }
    fn wrap(&self, data_key: &[u8]) -> std::result::Result<Vec<u8>, WrapError> {
        self.0.wrap(data_key)
    }
    fn unwrap(&self, wrapped: &[u8]) -> std::result::Result<SecretBytes, WrapError> {
        self.0.unwrap(wrapped).map_err(|_| WrapError::WrongKey)
    }
}

#[test]
fn a_damaged_wrapped_key_is_tampering_even_when_the_host_wrapper_says_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let coarse = CoarseWrapper(wrapper());
    Vault::create(&path, &coarse, OpenOptions::default())
        .unwrap()
        .close()
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'wrapped_key'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    blob[3] ^= 0x40;
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'wrapped_key'",
        [&blob],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        Vault::open(&path, &coarse, OpenOptions::default()).err(),
        Some(VaultError::Tampered(RecordKind::WrappedKey))
    );
    // A wrong key on an intact blob is still a wrong key.
    blob[3] ^= 0x40;
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'wrapped_key'",
        [&blob],
    )
    .unwrap();
    drop(conn);
    let other = CoarseWrapper(TestKeyWrapper::new(SecretKey::from_bytes([9; 32])));
    assert_eq!(
        Vault::open(&path, &other, OpenOptions::default()).err(),
        Some(VaultError::WrongKey)
    );
    assert!(Vault::open(&path, &coarse, OpenOptions::default()).is_ok());
}

#[test]
fn debug_output_has_no_secrets() {
    let (_d, _p, v, _a) = setup();
    let s = format!("{v:?} {:?}", v.keys);
    assert!(!s.contains("4321") && s.contains("redacted"));
}

#[test]
fn relaxed_writes_restore_full_sync_and_only_data_writes_bump_the_data_generation() {
    let (_d, _p, mut v, a) = setup();
    let sync = |v: &Vault| -> i64 {
        v.conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(sync(&v), 2, "FULL");
    let data = v.data_generation();
    v.write_relaxed(|w| w.put_setting("s", None, b"1")).unwrap();
    v.write(|w| w.append_ledger(b"x").map(|_| ())).unwrap();
    assert_eq!(sync(&v), 2, "back to FULL after a relaxed write");
    assert_eq!(v.data_generation(), data, "bookkeeping leaves it");
    v.write(|w| w.upsert_transactions(&[txn(&a, 1, 0)]).map(|_| ()))
        .unwrap();
    assert_eq!(v.data_generation(), data + 1);
    v.write(|w| w.put_account(&a)).unwrap();
    assert_eq!(v.data_generation(), data + 2);
    let (frames, copied) = v.checkpoint().unwrap();
    assert!(frames >= 0 && copied <= frames);
    v.forget_source(&a.source).unwrap();
    assert_eq!(v.data_generation(), data + 3);
}

mod id_index {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Clone, Debug)]
    enum Op {
        /// `(id number, month offset, amount)`.
        Upsert(Vec<(i64, i64, i64)>),
        Remove(Vec<i64>),
        /// An upsert inside a write that then fails (nothing is committed).
        Failed(Vec<(i64, i64, i64)>),
        /// Close and open again: nothing of the id index's sums is taken on trust.
        Reopen,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => prop::collection::vec((0i64..16, 0i64..5, 1i64..1000), 0..24).prop_map(Op::Upsert),
            1 => prop::collection::vec(0i64..20, 0..6).prop_map(Op::Remove),
            1 => prop::collection::vec((0i64..20, 0i64..5, 1i64..1000), 1..8).prop_map(Op::Failed),
            1 => Just(Op::Reopen),
        ]
    }

    fn with(a: &Account, n: i64, month: i64, amount: i64) -> Transaction {
        let mut t = txn(a, n, month);
        t.amount = -amount;
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Whether an upsert finds stored ids through the index (small batches) or by
        /// reading the tag columns (large ones), the vault holds exactly one copy of every id,
        /// the latest, and the index lists exactly the blocks' tags; its authenticated sums
        /// (`index_auth.rs`) verify after every write, failed writes and reopening included:
        /// no lookup is ever a false `Tampered`.
        #[test]
        fn upserts_and_removals_keep_one_copy_per_id_and_the_index_exact(
            ops in prop::collection::vec(op(), 1..10),
            probe in prop_oneof![Just(0usize), Just(1000usize)],
        ) {
            let (_d, path, mut v, a) = setup();
            blocks::read_log::set_probe_max(Some(probe));
            let mut model: BTreeMap<i64, Transaction> = BTreeMap::new();
            for op in &ops {
                match op {
                    Op::Upsert(list) => {
                        let txns: Vec<Transaction> =
                            list.iter().map(|&(n, m, x)| with(&a, n, m, x)).collect();
                        v.write(|w| w.upsert_transactions(&txns)).unwrap();
                        for (t, &(n, _, _)) in txns.into_iter().zip(list) {
                            model.insert(n, t);
                        }
                    }
                    Op::Remove(ns) => {
                        let ids: Vec<TxnId> =
                            ns.iter().map(|&n| txn(&a, n, 0).id).collect();
                        let removed = v.write(|w| w.remove_transactions(&ids)).unwrap();
                        let mut distinct = ns.clone();
                        distinct.sort_unstable();
                        distinct.dedup();
                        let want = distinct.iter().filter(|n| model.remove(n).is_some()).count();
                        prop_assert_eq!(removed, want);
                    }
                    Op::Failed(list) => {
                        let txns: Vec<Transaction> =
                            list.iter().map(|&(n, m, x)| with(&a, n, m, x)).collect();
                        let r: Result<()> = v.write(|w| {
                            w.upsert_transactions(&txns)?;
                            Err(VaultError::InvalidInput("abandoned"))
                        });
                        prop_assert!(matches!(r, Err(VaultError::InvalidInput(_))));
                    }
                    Op::Reopen => {
                        v.close().unwrap();
                        v = Vault::open(&path, &wrapper(), OpenOptions::default()).unwrap();
                    }
                }
                for n in 0..20 {
                    let id = txn(&a, n, 0).id;
                    prop_assert_eq!(v.find_transaction(&id).unwrap(), model.get(&n).cloned());
                }
                prop_assert!(v.index.verify_all(&v.conn, &v.keys).is_ok());
                let mut got = v.transactions(&TxnFilter::default()).unwrap();
                got.sort_by(|x, y| x.id.cmp(&y.id));
                let mut want: Vec<Transaction> = model.values().cloned().collect();
                want.sort_by(|x, y| x.id.cmp(&y.id));
                prop_assert_eq!(got, want);
                prop_assert!(txn_index::check(&v.conn).unwrap());
            }
            for n in 0..16 {
                let id = txn(&a, n, 0).id;
                prop_assert_eq!(v.find_transaction(&id).unwrap(), model.get(&n).cloned());
            }
            blocks::read_log::set_probe_max(None);
        }
    }

    /// `vault check` notices an index row removed behind the vault's back.
    #[test]
    fn a_missing_index_row_fails_the_check() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..10).map(|n| txn(&a, n, n % 2)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        assert!(v.verify_all().is_ok());
        v.conn
            .execute(
                "DELETE FROM txn_index WHERE tag = (SELECT MIN(tag) FROM txn_index)",
                [],
            )
            .unwrap();
        assert!(matches!(v.verify_all(), Err(VaultError::Corrupt(_))));
    }
}

/// The id index is not authenticated; damage to it that a write or a lookup meets is
/// `Tampered`, never a second copy of an id or a silently missed one (`txn_index.rs`).
mod id_index_damage {
    use super::*;

    fn db_tag(v: &Vault, id: &TxnId) -> i64 {
        i64::from_le_bytes(v.keys.txn_tag(&id.0).to_le_bytes())
    }

    fn delete_row(v: &Vault, id: &TxnId) {
        let n = v
            .conn
            .execute("DELETE FROM txn_index WHERE tag = ?1", [db_tag(v, id)])
            .unwrap();
        assert_eq!(n, 1);
    }

    fn tampered<T: std::fmt::Debug>(r: Result<T>) {
        assert!(
            matches!(r, Err(VaultError::Tampered(RecordKind::TransactionBlock))),
            "{r:?}"
        );
    }

    fn stored(v: &Vault) -> Vec<Transaction> {
        v.transactions(&TxnFilter::default()).unwrap()
    }

    #[test]
    fn a_row_naming_a_block_that_is_gone_is_tampering() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, 0)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        // Renumbering the block leaves its rows naming no block (an inner join dropped them).
        v.conn
            .execute("UPDATE txn_blocks SET id = id + 1000", [])
            .unwrap();
        tampered(v.find_transaction(&txns[2].id));
        tampered(v.write(|w| w.upsert_transactions(&txns[2..3])));
        tampered(v.write(|w| w.remove_transactions(&[txns[2].id.clone()])));
    }

    #[test]
    fn a_deleted_row_of_a_block_the_write_opens_is_tampering() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, 0)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        delete_row(&v, &txns[3].id);
        // The same month is opened for the re-sent copy: its block holds the id unlisted.
        tampered(v.write(|w| w.upsert_transactions(&txns[3..4])));
        assert_eq!(stored(&v), txns);
    }

    #[test]
    fn a_row_put_back_before_its_write_is_tampering() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, 0)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        let new = txn(&a, 7, 0);
        let block: i64 = v
            .conn
            .query_row("SELECT id FROM txn_blocks", [], |r| r.get(0))
            .unwrap();
        v.conn
            .execute(
                "INSERT INTO txn_index (tag, block) VALUES (?1, ?2)",
                [db_tag(&v, &new.id), block],
            )
            .unwrap();
        tampered(v.write(|w| w.upsert_transactions(std::slice::from_ref(&new))));
        assert_eq!(stored(&v), txns);
    }

    /// The case an index exists for: the stored copy is in a month the write would not open.
    /// Given what it read, the write refuses instead of storing the id twice or removing
    /// nothing; without a damaged index the same calls succeed.
    #[test]
    fn a_write_checks_the_index_against_what_it_read() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, 0)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        let mut moved = txns[3].clone();
        moved.transacted_at += 62 * 86_400;
        let fine = v
            .write(|w| {
                let seen = w.transactions(&TxnFilter::default())?;
                let seen: Vec<&Transaction> = seen.iter().collect();
                w.upsert_checked(&[&moved], &seen)
            })
            .unwrap();
        assert_eq!(fine.replaced, 1);
        assert_eq!(stored(&v).len(), 6);

        delete_row(&v, &txns[4].id);
        let mut moved = txns[4].clone();
        moved.transacted_at += 62 * 86_400;
        let before = stored(&v);
        tampered(v.write(|w| {
            let seen = w.transactions(&TxnFilter::default())?;
            let seen: Vec<&Transaction> = seen.iter().collect();
            w.upsert_checked(&[&moved], &seen)
        }));
        tampered(v.write(|w| {
            let seen = w.transactions(&TxnFilter::default())?;
            let seen: Vec<&Transaction> = seen.iter().collect();
            w.remove_checked(&[txns[4].id.clone()], &seen)
        }));
        assert_eq!(stored(&v), before);
    }

    /// The residual the id index's sums close: a deleted row of an id that the write
    /// neither opens nor reads (moved to another month, no `seen`) is `Tampered` once the
    /// vault no longer trusts what it verified (a reopen), and so is a lookup of it.
    #[test]
    fn a_deleted_row_of_an_unread_month_is_tampering_after_reopen() {
        let (_d, path, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, 0)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        delete_row(&v, &txns[4].id);
        v.close().unwrap();
        let mut v = Vault::open(&path, &wrapper(), OpenOptions::default()).unwrap();
        let mut moved = txns[4].clone();
        moved.transacted_at += 92 * 86_400;
        tampered(v.write(|w| w.upsert_transactions(std::slice::from_ref(&moved))));
        assert_eq!(stored(&v), txns);
        tampered(v.find_transaction(&txns[4].id));
        tampered(v.write(|w| w.remove_transactions(&[txns[4].id.clone()])));
        // Ids of other buckets are unaffected.
        assert_eq!(v.find_transaction(&txns[1].id).unwrap(), Some(txns[1].clone()));
        assert!(v.verify_all().is_err());
    }

    /// Two blocks' row ids swapped: the index rows (and their sums) are intact but name the
    /// wrong blocks; every lookup confirms a row against the block's authenticated tags.
    #[test]
    fn swapped_block_ids_are_tampering() {
        let (_d, _p, mut v, a) = setup();
        let txns: Vec<Transaction> = (0..6).map(|n| txn(&a, n, n % 2)).collect();
        v.write(|w| w.upsert_transactions(&txns)).unwrap();
        v.conn
            .execute_batch(
                "UPDATE txn_blocks SET id = -id;
                 UPDATE txn_blocks SET id = (SELECT MAX(-id) FROM txn_blocks) + (SELECT MIN(-id) FROM txn_blocks) + id;",
            )
            .unwrap();
        tampered(v.find_transaction(&txns[2].id));
        tampered(v.write(|w| w.upsert_transactions(&txns[2..3])));
        tampered(v.write(|w| w.remove_transactions(&[txns[2].id.clone()])));
    }
}

/// The row-set digest's months row (`rowset.rs`) is rewritten only by writes that change a
/// month's blocks, and an older copy of it is tampering at open.
#[test]
fn the_digest_months_row_changes_with_blocks_only_and_cannot_be_replayed() {
    let (_dir, path, mut v, a) = setup();
    v.write(|w| w.upsert_transactions(&[txn(&a, 1, 0)]).map(|_| ()))
        .unwrap();
    let months = |v: &Vault| -> Vec<u8> {
        v.conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'row_digest_months'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = months(&v);
    v.write(|w| w.put_setting("level", None, b"full")).unwrap();
    v.write_relaxed(|w| w.append_ledger(b"entry").map(|_| ()))
        .unwrap();
    assert_eq!(months(&v), before);
    v.write(|w| w.upsert_transactions(&[txn(&a, 2, 1)]).map(|_| ()))
        .unwrap();
    assert_ne!(months(&v), before);
    v.close().unwrap();
    let v = Vault::open(&path, &wrapper(), OpenOptions::default()).unwrap();
    assert_eq!(v.transactions(&TxnFilter::default()).unwrap().len(), 2);
    v.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'row_digest_months'",
        [&before],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        Vault::open(&path, &wrapper(), OpenOptions::default()).err(),
        Some(VaultError::Tampered(RecordKind::Meta))
    );
}
