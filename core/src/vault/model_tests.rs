//! Model-based property test of the transaction blocks: random batches of upserts (with ids
//! repeated inside a batch, moved across months and accounts' ids that share prefixes) and
//! removals, checked after every step against a plain map of what must be stored.

use super::*;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::model::{AccountId, AccountKind, SourceKind, TxnStatus};
use crate::money::Currency;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn account(source: &SourceId, raw: &str) -> Account {
    Account {
        id: AccountId::scoped(source, raw),
        source: source.clone(),
        source_kind: SourceKind::Sandbox,
        institution: "Example Bank".into(),
        display_name: "Everyday".into(),
        nickname: None,
        kind: AccountKind::Checking,
        currency: Currency::USD,
        last4: None,
        full_number: None,
        routing_number: None,
        balance: None,
        available: None,
        credit: None,
    }
}

/// One generated write: `(account index, id number, scoped id?, month, amount)`.
type Op = (usize, u8, bool, u8, i64);

#[derive(Clone, Debug)]
enum Step {
    Upsert(Vec<Op>),
    Remove(Vec<(usize, u8, bool)>),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec((0..2usize, 0..24u8, any::<bool>(), 0..4u8, -5_000..5_000i64), 0..30)
            .prop_map(Step::Upsert),
        1 => prop::collection::vec((0..2usize, 0..24u8, any::<bool>()), 0..6).prop_map(Step::Remove),
    ]
}

fn id_for(accounts: &[Account], a: usize, n: u8, scoped: bool) -> TxnId {
    if scoped {
        TxnId::scoped(&accounts[a].id, &format!("f{n}"))
    } else {
        // Unscoped ids, some of which look like another account's scoped ones.
        TxnId(format!("{}#f{n}x", accounts[1 - a].id.0))
    }
}

fn txn(accounts: &[Account], (a, n, scoped, month, amount): Op) -> Transaction {
    let at = 1_700_000_000 + i64::from(month) * 31 * 86_400 + i64::from(n % 3) * 3600;
    Transaction {
        id: id_for(accounts, a, n, scoped),
        account: accounts[a].id.clone(),
        amount,
        currency: Currency::USD,
        status: TxnStatus::Posted,
        transacted_at: at,
        posted_at: None,
        description: format!("PURCHASE {n}"),
        merchant: (n % 2 == 0).then(|| "Corner Shop".to_string()),
        mcc: None,
        category: None,
        location: None,
        card_present: None,
        pending_link: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn blocks_match_a_plain_map(steps in prop::collection::vec(step(), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        let wrapper = TestKeyWrapper::new(SecretKey::from_bytes([3; 32]));
        let mut v = Vault::create(&dir.path().join("v.db"), &wrapper, OpenOptions::default()).unwrap();
        let src = SourceId("bank".into());
        let accounts = vec![account(&src, "a"), account(&src, "a#b")];
        v.write(|w| accounts.iter().try_for_each(|a| w.put_account(a))).unwrap();
        let mut model: BTreeMap<String, Transaction> = BTreeMap::new();
        for step in steps {
            match step {
                Step::Upsert(ops) => {
                    let batch: Vec<Transaction> = ops.iter().map(|op| txn(&accounts, *op)).collect();
                    let mut distinct = BTreeMap::new();
                    for t in &batch {
                        distinct.insert(t.id.0.clone(), t.clone());
                    }
                    let replaced = distinct.keys().filter(|id| model.contains_key(*id)).count();
                    let stats = v.write(|w| w.upsert_transactions(&batch)).unwrap();
                    prop_assert_eq!(stats.replaced, replaced);
                    prop_assert_eq!(stats.inserted, distinct.len() - replaced);
                    model.extend(distinct);
                }
                Step::Remove(ids) => {
                    let ids: Vec<TxnId> = ids.iter().map(|&(a, n, s)| id_for(&accounts, a, n, s)).collect();
                    let unique: std::collections::BTreeSet<&str> = ids.iter().map(|i| i.0.as_str()).collect();
                    let expected = unique.iter().filter(|id| model.remove(**id).is_some()).count();
                    let removed = v.write(|w| w.remove_transactions(&ids)).unwrap();
                    prop_assert_eq!(removed, expected);
                }
            }
            let stored = v.transactions(&TxnFilter::default()).unwrap();
            prop_assert_eq!(stored.len(), model.len());
            for t in &stored {
                prop_assert_eq!(Some(t), model.get(&t.id.0));
            }
            // Stored in time order, ties by id, as readers expect.
            for w in stored.windows(2) {
                if w[0].account == w[1].account && month_of(&w[0]) == month_of(&w[1]) {
                    prop_assert!((w[0].transacted_at, &w[0].id.0) <= (w[1].transacted_at, &w[1].id.0));
                }
            }
        }
        for (id, t) in &model {
            let found = v.find_transaction(&TxnId(id.clone())).unwrap();
            prop_assert_eq!(found.as_ref(), Some(t));
        }
    }
}

fn month_of(t: &Transaction) -> i64 {
    crate::time::month_index(t.transacted_at)
}
