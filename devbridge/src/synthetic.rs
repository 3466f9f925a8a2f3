//! Hand-built SimpleFIN data sets and a sync throughput measurement against the loopback
//! server (used by `tacit bench ingest`, which prints `sync_txn_per_s=`).

use crate::server::{ServerData, SimpleFinServer};
use std::time::Instant;
use tacit_core::model::{
    Account, AccountId, AccountKind, Balance, SourceId, SourceKind, Transaction, TxnId, TxnStatus,
};
use tacit_core::money::Currency;
use tacit_core::sources::simplefin::{
    AccessUrl, CancelToken, NoProgress, SimpleFinClient, SimpleFinConfig, SyncWindow,
};
use tacit_core::time::DAY;

/// Deterministic synthetic data: `accounts` accounts sharing `transactions` transactions
/// spread evenly over the `days` days before `now`; the newest ones of each account pending.
pub fn synthetic_data(transactions: usize, accounts: usize, days: i64, now: i64) -> ServerData {
    let source = SourceId("sandbox:bench".into());
    let accounts = accounts.max(1);
    let accts: Vec<Account> = (0..accounts)
        .map(|i| Account {
            id: AccountId::scoped(&source, &format!("ACT-{i}")),
            source: source.clone(),
            source_kind: SourceKind::Sandbox,
            institution: if i % 2 == 0 {
                "First Example Bank".into()
            } else {
                "Second Example CU".into()
            },
            display_name: if i % 2 == 0 {
                format!("Checking {i}")
            } else {
                format!("Rewards Visa {i}")
            },
            nickname: None,
            kind: if i % 2 == 0 {
                AccountKind::Checking
            } else {
                AccountKind::CreditCard
            },
            currency: Currency::USD,
            last4: None,
            full_number: None,
            routing_number: None,
            balance: Some(Balance {
                minor: 123_456 - i as i64 * 1000,
                as_of: now,
            }),
            available: Some(Balance {
                minor: 100_000,
                as_of: now,
            }),
            credit: None,
        })
        .collect();
    let merchants = [
        "Corner Grocer",
        "Metro Transit",
        "Cafe Luna",
        "Online Books",
        "City Power",
    ];
    let span = days.max(1) * DAY;
    let txns = (0..transactions)
        .map(|n| {
            let acct = &accts[n % accounts];
            let ts = now - span + (span * n as i64) / transactions.max(1) as i64;
            let pending = now - ts < 2 * DAY && n % 3 == 0;
            let amount = if n % 17 == 0 {
                250_000
            } else {
                -((n as i64 * 7919) % 20_000 + 100)
            };
            Transaction {
                id: TxnId::scoped(&acct.id, &format!("T{n:08}")),
                account: acct.id.clone(),
                amount,
                currency: Currency::USD,
                status: if pending {
                    TxnStatus::Pending
                } else {
                    TxnStatus::Posted
                },
                transacted_at: ts,
                posted_at: if pending { None } else { Some(ts + 3600) },
                description: format!("POS DEBIT {} #{}", merchants[n % merchants.len()], n % 1000),
                merchant: Some(merchants[n % merchants.len()].to_owned()),
                mcc: None,
                category: None,
                location: None,
                card_present: None,
                pending_link: None,
            }
        })
        .collect();
    ServerData {
        accounts: accts,
        transactions: txns,
    }
}

/// Result of [`measure_sync_throughput`].
#[derive(Clone, Copy, Debug)]
pub struct SyncThroughput {
    /// Transactions received.
    pub transactions: usize,
    /// `/accounts` requests made.
    pub requests: usize,
    /// Wall time of the fetch, seconds.
    pub seconds: f64,
    /// Transactions per second.
    pub txn_per_s: f64,
}

/// Serves `transactions` synthetic transactions (over 365 days, so 5 chunked requests) from
/// the loopback server and times one full `fetch` by the real client over TLS.
pub fn measure_sync_throughput(transactions: usize) -> SyncThroughput {
    let now = 1_780_000_000;
    let data = synthetic_data(transactions, 4, 365, now);
    let server = SimpleFinServer::start(&data);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = SimpleFinClient::new(SimpleFinConfig::default())
        .unwrap()
        .with_extra_roots(&[server.ca_der()])
        .unwrap();
    let access = AccessUrl::parse(&server.access_url()).unwrap();
    let window = SyncWindow::new(now - 366 * DAY, now + DAY).unwrap();
    let start = Instant::now();
    let batch = rt
        .block_on(client.fetch(&access, window, &CancelToken::new(), &NoProgress))
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    SyncThroughput {
        transactions: batch.transactions.len(),
        requests: server.account_requests().len(),
        seconds,
        txn_per_s: batch.transactions.len() as f64 / seconds.max(1e-9),
    }
}
