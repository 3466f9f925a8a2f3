use super::*;
use proptest::prelude::*;

fn src() -> SourceId {
    SourceId("simplefin:test".into())
}

const V2: &str = r#"{
  "errlist": [
    {"code": "con.auth", "message": "Secret Bank says: log in, account 12345678", "conn_id": "CON-A"},
    {"code": "act.timeout", "message": "x", "conn_id": "CON-B", "account_id": "B2"}
  ],
  "connections": [
    {"conn_id": "CON-A", "name": "Bank A - Jo", "org_name": "Bank A"},
    {"conn_id": "CON-B", "name": "Bank B", "org_id": "x"}
  ],
  "accounts": [
    {"id": "A1", "name": "Everyday Checking", "conn_id": "CON-A", "currency": "USD",
     "balance": "100.23", "available-balance": "75.23", "balance-date": 978366153,
     "transactions": [
       {"id": "t1", "posted": 793090572, "amount": "-33293.43", "description": "Bait \u0000Shop",
        "payee": "Uncle Frank", "transacted_at": 793080572},
       {"id": "t2", "posted": 0, "amount": "-4.50", "description": "Coffee", "transacted_at": 793190572, "pending": true}
     ]},
    {"id": "B1", "name": "Rewards Visa", "conn_id": "CON-B", "currency": "usd",
     "balance": "-812.30", "balance-date": "978366153", "transactions": [
       {"id": "b1", "posted": 793090572, "amount": 12, "description": "Refund"},
       {"id": "b2", "posted": 793090572, "amount": 1.5, "description": "Float"}
     ]},
    {"id": "B2", "name": "Savings", "conn_id": "CON-B", "currency": "JPY", "balance": "1000",
     "balance-date": 978366153, "transactions": []},
    {"id": "P", "name": "Miles", "currency": "https://example.com/miles", "balance": "5", "balance-date": 1}
  ]
}"#;

#[test]
fn converts_v2_account_set() {
    let b = parse_account_set(V2.as_bytes(), &src()).unwrap();
    assert_eq!(b.accounts.len(), 3);
    let a1 = &b.accounts[0];
    assert_eq!(a1.id.as_str(), "simplefin:test/A1");
    assert_eq!(a1.institution, "Bank A");
    assert_eq!(a1.kind, AccountKind::Checking);
    assert_eq!(a1.balance.unwrap().minor, 10023);
    assert_eq!(a1.available.unwrap().minor, 7523);
    assert_eq!(a1.balance.unwrap().as_of, 978366153);
    assert_eq!(b.accounts[1].institution, "Bank B");
    assert_eq!(b.accounts[1].kind, AccountKind::CreditCard);
    assert_eq!(b.accounts[1].balance.unwrap().minor, -81230);
    assert_eq!(b.accounts[1].balance.unwrap().as_of, 978366153);
    assert_eq!(
        b.accounts[2].balance.unwrap().minor,
        1000,
        "JPY has no minor unit"
    );

    let t1 = &b.transactions[0];
    assert_eq!(t1.id.as_str(), "simplefin:test/A1#t1");
    assert_eq!(t1.amount, -3329343);
    assert_eq!(t1.status, TxnStatus::Posted);
    assert_eq!(t1.posted_at, Some(793090572));
    assert_eq!(t1.transacted_at, 793080572);
    assert_eq!(t1.description, "Bait Shop");
    assert_eq!(t1.merchant.as_deref(), Some("Uncle Frank"));
    let t2 = &b.transactions[1];
    assert_eq!(t2.status, TxnStatus::Pending);
    assert_eq!(t2.posted_at, None);
    assert_eq!(t2.transacted_at, 793190572);
    assert_eq!(
        b.transactions[2].amount, 1200,
        "integer JSON amounts are exact"
    );
    assert_eq!(b.transactions.len(), 3, "the float amount is refused");

    let issue = |raw: Option<&str>| {
        let id = raw.map(|r| AccountId::scoped(&src(), r));
        b.account_issues
            .iter()
            .filter(|i| i.account == id)
            .map(|i| i.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(issue(Some("A1")), vec![AccountIssueKind::ReauthRequired]);
    assert_eq!(issue(Some("B1")), vec![AccountIssueKind::Invalid]);
    assert_eq!(issue(Some("B2")), vec![AccountIssueKind::Unavailable]);
    assert_eq!(issue(Some("P")), vec![AccountIssueKind::Invalid]);
}

#[test]
fn bank_messages_never_kept() {
    let b = parse_account_set(V2.as_bytes(), &src()).unwrap();
    let dump = format!("{b:?}");
    assert!(!dump.contains("Secret Bank") && !dump.contains("12345678"));
}

#[test]
fn general_error_only_when_nothing_usable() {
    let only_gen = br#"{"errlist":[{"code":"gen.unknown","message":"m"}],"accounts":[]}"#;
    assert_eq!(
        parse_account_set(only_gen, &src()).unwrap_err(),
        SimpleFinError::Bridge
    );
    let v1 = br#"{"errors":["Payment required."],"accounts":[]}"#;
    assert_eq!(
        parse_account_set(v1, &src()).unwrap_err(),
        SimpleFinError::Bridge
    );
    let with_data = br#"{"errlist":[{"code":"gen.x"}],"accounts":[{"id":"a","currency":"USD","balance":"1","balance-date":1}]}"#;
    assert_eq!(
        parse_account_set(with_data, &src()).unwrap().accounts.len(),
        1
    );
    let empty = br#"{"errors":[],"accounts":[]}"#;
    assert!(parse_account_set(empty, &src())
        .unwrap()
        .accounts
        .is_empty());
    let auth_only = br#"{"errlist":[{"code":"con.auth","conn_id":"C"}],"accounts":[]}"#;
    let b = parse_account_set(auth_only, &src()).unwrap();
    assert_eq!(b.account_issues[0].kind, AccountIssueKind::ReauthRequired);
}

#[test]
fn malformed_is_typed() {
    for bad in [
        &b""[..],
        b"{",
        b"[]",
        b"{\"accounts\":5}",
        b"{\"errors\":[]}",
        &V2.as_bytes()[..200],
    ] {
        assert_eq!(
            parse_account_set(bad, &src()).unwrap_err(),
            SimpleFinError::Malformed("account set JSON")
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_account_set(&data, &src());
    }

    #[test]
    fn never_panics_on_mutated_json(pos in 0usize..2000, byte in any::<u8>(), cut in 0usize..2000) {
        let mut data = V2.as_bytes().to_vec();
        let len = data.len();
        data[pos % len] = byte;
        data.truncate(len - cut % len);
        let _ = parse_account_set(&data, &src());
    }

    #[test]
    fn amounts_round_trip(minor in -1_000_000_000_000i64..1_000_000_000_000) {
        let text = crate::money::format_decimal(minor, 2);
        let json = format!(r#"{{"accounts":[{{"id":"a","currency":"USD","balance":"{text}","balance-date":1,
            "transactions":[{{"id":"t","posted":5,"amount":"{text}","description":"d"}}]}}]}}"#);
        let b = parse_account_set(json.as_bytes(), &src()).unwrap();
        prop_assert_eq!(b.transactions[0].amount, minor);
        prop_assert_eq!(b.accounts[0].balance.unwrap().minor, minor);
    }
}

proptest! {
    #[test]
    fn clean_matches_sanitize(s in "[ -~\\t\\n\u{202E}é]{0,40}", max in 0usize..50) {
        prop_assert_eq!(clean(&s, max), sanitize_text(&s, max));
    }
}
