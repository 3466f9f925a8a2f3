//! Small hand-made vault contents shared by the vault suites.

use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::model::*;
use tacit_core::money::Currency;

/// The key-encryption key every test vault uses.
pub fn test_wrapper() -> TestKeyWrapper {
    TestKeyWrapper::new(SecretKey::from_bytes([7; 32]))
}

/// An account of the given source with distinctive strings.
pub fn account(source: &SourceId, raw: &str, number: &str) -> Account {
    Account {
        id: AccountId::scoped(source, raw),
        source: source.clone(),
        source_kind: SourceKind::Ofx,
        institution: "Canary Savings & Loan".into(),
        display_name: format!("Account {raw}"),
        nickname: None,
        kind: AccountKind::Checking,
        currency: Currency::USD,
        last4: Some(number[number.len().saturating_sub(4)..].to_string()),
        full_number: Some(number.to_string()),
        routing_number: Some("021000021".into()),
        balance: Some(Balance {
            minor: 987_654,
            as_of: 1_760_000_000,
        }),
        available: Some(Balance {
            minor: 900_000,
            as_of: 1_760_000_000,
        }),
        credit: None,
    }
}

/// A transaction with a merchant and description.
pub fn txn(account: &Account, n: i64, merchant: &str, description: &str) -> Transaction {
    Transaction {
        id: TxnId::scoped(&account.id, &format!("FIT{n:06}")),
        account: account.id.clone(),
        amount: -(1000 + n),
        currency: Currency::USD,
        status: TxnStatus::Posted,
        transacted_at: 1_750_000_000 + n * 3_600,
        posted_at: Some(1_750_000_000 + n * 3_600 + 86_400),
        description: description.to_string(),
        merchant: Some(merchant.to_string()),
        mcc: Some(5411),
        category: Some(Category::Groceries),
        location: Some(Location {
            lat_e6: Some(37_774_929),
            lon_e6: Some(-122_419_416),
            city: Some("San Francisco".into()),
            region: Some("CA".into()),
            country: Some("US".into()),
        }),
        card_present: Some(true),
        pending_link: None,
    }
}
