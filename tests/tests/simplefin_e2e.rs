//! SimpleFIN end to end: the real client over real TLS against the loopback bridge, plus the
//! public fixtures parsed through the same converter.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tacit_core::model::{Account, AccountId, AccountKind, Balance, SourceId, SourceKind};
use tacit_core::model::{Transaction, TxnId, TxnStatus};
use tacit_core::money::Currency;
use tacit_core::sources::simplefin::*;
use tacit_core::sources::AccountIssueKind;
use tacit_core::time::DAY;
use tacit_tests::simplefin_server::{ServerData, SimpleFinServer};

const NOW: i64 = 1_780_000_000;

fn account(raw: &str, institution: &str, name: &str, minor: i64) -> Account {
    let source = SourceId("sandbox:e2e".into());
    Account {
        id: AccountId::scoped(&source, raw),
        source,
        source_kind: SourceKind::Sandbox,
        institution: institution.into(),
        display_name: name.into(),
        nickname: None,
        kind: AccountKind::Other,
        currency: Currency::USD,
        last4: None,
        full_number: None,
        routing_number: None,
        balance: Some(Balance { minor, as_of: NOW }),
        available: None,
        credit: None,
    }
}

fn txn(acct: &Account, raw: &str, days_ago: i64, amount: i64, pending: bool) -> Transaction {
    let ts = NOW - days_ago * DAY;
    Transaction {
        id: TxnId::scoped(&acct.id, raw),
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
        description: format!("Purchase {raw}"),
        merchant: Some("Corner Grocer".into()),
        mcc: None,
        category: None,
        location: None,
        card_present: None,
        pending_link: None,
    }
}

/// Two banks, three accounts, transactions over 200 days, two pending.
fn data() -> ServerData {
    let chk = account("CHK", "Bank A", "Everyday Checking", 152_033);
    let sav = account("SAV", "Bank A", "Savings", 1_000_000);
    let card = account("CARD", "Bank B", "Rewards Visa", -81_230);
    let transactions = vec![
        txn(&chk, "c1", 199, 250_000, false),
        txn(&chk, "c2", 120, -4_599, false),
        txn(&chk, "c3", 60, -1_250, false),
        txn(&chk, "c4", 1, -899, true),
        txn(&sav, "s1", 150, 10_000, false),
        txn(&card, "k1", 100, -12_345, false),
        txn(&card, "k2", 30, -67, false),
        txn(&card, "k3", 0, -100, true),
    ];
    ServerData {
        accounts: vec![chk, sav, card],
        transactions,
    }
}

fn config() -> SimpleFinConfig {
    SimpleFinConfig {
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(40),
        request_timeout: Duration::from_secs(5),
        ..SimpleFinConfig::default()
    }
}

fn client_for(server: &SimpleFinServer, cfg: SimpleFinConfig) -> SimpleFinClient {
    SimpleFinClient::new(cfg)
        .unwrap()
        .with_extra_roots(&[server.ca_der()])
        .unwrap()
}

fn window() -> SyncWindow {
    SyncWindow::new(NOW - 200 * DAY, NOW + DAY).unwrap()
}

#[derive(Default)]
struct Recorder {
    progress: Mutex<Vec<SyncProgress>>,
    retries: AtomicUsize,
}

impl SyncListener for Recorder {
    fn on_progress(&self, p: SyncProgress) {
        self.progress.lock().unwrap().push(p);
    }
    fn on_retry(&self, _attempt: u32, _error: SimpleFinError) {
        self.retries.fetch_add(1, Ordering::SeqCst);
    }
}

async fn fetch(
    server: &SimpleFinServer,
    client: &SimpleFinClient,
) -> Result<tacit_core::sources::ImportBatch, SimpleFinError> {
    let access = AccessUrl::parse(&server.access_url()).unwrap();
    client
        .fetch(&access, window(), &CancelToken::new(), &NoProgress)
        .await
}

#[tokio::test]
async fn claim_then_full_backfill_in_90_day_chunks() {
    let server = SimpleFinServer::start(&data());
    let client = client_for(&server, config());
    let access = client.claim(&server.setup_token()).await.unwrap();
    assert!(!format!("{access:?}").contains("s3cret"));
    // The token is single-use: a second claim is refused and reported as possible theft.
    assert_eq!(
        client.claim(&server.setup_token()).await.unwrap_err(),
        SimpleFinError::TokenCompromised
    );

    let rec = Recorder::default();
    let batch = client
        .fetch(&access, window(), &CancelToken::new(), &rec)
        .await
        .unwrap();
    let reqs = server.account_requests();
    assert_eq!(reqs.len(), 3, "201 days in chunks of at most 90");
    for r in &reqs {
        assert!(r.authorized && r.pending);
        assert_eq!(r.version.as_deref(), Some("2"));
        assert!(r.end.unwrap() - r.start.unwrap() <= 90 * DAY);
    }
    assert_eq!(reqs[0].start, Some(NOW - 200 * DAY));
    assert_eq!(reqs[2].end, Some(NOW + DAY));
    assert_eq!(reqs[0].end, reqs[1].start);

    assert_eq!(batch.accounts.len(), 3);
    assert_eq!(batch.transactions.len(), 8);
    assert_eq!(batch.source, Some(access.source_id()));
    let by_raw = |raw: &str| {
        batch
            .transactions
            .iter()
            .find(|t| t.id.as_str().ends_with(&format!("#{raw}")))
            .unwrap()
    };
    assert_eq!(by_raw("c1").amount, 250_000);
    assert_eq!(by_raw("c2").amount, -4_599);
    assert_eq!(by_raw("c4").status, TxnStatus::Pending);
    assert_eq!(by_raw("c4").posted_at, None);
    assert_eq!(by_raw("k1").status, TxnStatus::Posted);
    assert_eq!(by_raw("k1").posted_at, Some(NOW - 100 * DAY + 3600));
    let card = batch
        .accounts
        .iter()
        .find(|a| a.id.as_str().ends_with("/CARD"))
        .unwrap();
    assert_eq!(card.balance.unwrap().minor, -81_230);
    assert_eq!(card.institution, "Bank B");
    assert_eq!(card.kind, AccountKind::CreditCard);
    assert!(batch.account_issues.is_empty());

    let progress = rec.progress.lock().unwrap().clone();
    assert_eq!(progress.len(), 3);
    assert_eq!(
        progress[2],
        SyncProgress {
            chunks_done: 3,
            chunks_total: 3,
            accounts_done: 3,
            transactions_seen: 8
        }
    );
}

#[tokio::test]
async fn retries_500_then_succeeds() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.fail_500 = 2);
    let client = client_for(&server, config());
    let access = AccessUrl::parse(&server.access_url()).unwrap();
    let rec = Recorder::default();
    let w = SyncWindow::new(NOW - 30 * DAY, NOW + DAY).unwrap();
    let batch = client
        .fetch(&access, w, &CancelToken::new(), &rec)
        .await
        .unwrap();
    assert_eq!(batch.transactions.len(), 3);
    assert_eq!(server.account_requests().len(), 3);
    assert_eq!(rec.retries.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn persistent_500_gives_up_after_max_attempts() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.fail_500 = 100);
    let client = client_for(&server, config());
    assert_eq!(
        fetch(&server, &client).await.unwrap_err(),
        SimpleFinError::Http(500)
    );
    assert_eq!(server.account_requests().len(), 4);
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.delay = Some(Duration::from_secs(3)));
    let cfg = SimpleFinConfig {
        request_timeout: Duration::from_millis(300),
        max_attempts: 2,
        ..config()
    };
    let client = client_for(&server, cfg);
    let start = Instant::now();
    assert_eq!(
        fetch(&server, &client).await.unwrap_err(),
        SimpleFinError::Timeout
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.account_requests().len(), 2, "timeouts are retried");
}

#[tokio::test]
async fn truncated_json_is_a_typed_error_not_retried() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.truncate_json = true);
    let client = client_for(&server, config());
    assert_eq!(
        fetch(&server, &client).await.unwrap_err(),
        SimpleFinError::Malformed("account set JSON")
    );
    assert_eq!(server.account_requests().len(), 1);
}

#[tokio::test]
async fn claim_403_means_token_compromised() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.claim_403 = true);
    let client = client_for(&server, config());
    let err = client.claim(&server.setup_token()).await.unwrap_err();
    assert_eq!(err, SimpleFinError::TokenCompromised);
    assert!(err.to_string().contains("someone else"));
    assert_eq!(server.requests().len(), 1, "a claim is never retried");
    assert_eq!(
        client.claim("garbage!").await.unwrap_err(),
        SimpleFinError::BadSetupToken
    );
}

#[tokio::test]
async fn auth_and_payment_errors_are_not_retried() {
    let server = SimpleFinServer::start(&data());
    let client = client_for(&server, config());
    for (status, expected) in [
        (401, SimpleFinError::AuthFailed),
        (403, SimpleFinError::AuthFailed),
        (402, SimpleFinError::PaymentRequired),
        (404, SimpleFinError::Http(404)),
    ] {
        let before = server.account_requests().len();
        server.set_faults(|f| f.accounts_status = Some(status));
        assert_eq!(fetch(&server, &client).await.unwrap_err(), expected);
        assert_eq!(
            server.account_requests().len(),
            before + 1,
            "status {status}"
        );
    }
    server.set_faults(|f| f.accounts_status = None);
    let url = server.access_url_with_password("pw-xyzzy");
    let access = AccessUrl::parse(&url).unwrap();
    let err = client
        .fetch(&access, window(), &CancelToken::new(), &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(err, SimpleFinError::AuthFailed);
    assert!(!err.to_string().contains("127.0.0.1") && !err.to_string().contains("xyzzy"));
}

#[tokio::test]
async fn errlist_marks_failing_accounts_and_others_sync() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| {
        f.con_auth = true; // Bank A: CHK and SAV need re-authorising
        f.act_error = Some("CARD".into());
    });
    let client = client_for(&server, config());
    let batch = fetch(&server, &client).await.unwrap();
    assert_eq!(batch.accounts.len(), 2, "CARD was left out by the bridge");
    let kinds = |suffix: &str| {
        batch
            .account_issues
            .iter()
            .filter(|i| {
                i.account
                    .as_ref()
                    .is_some_and(|a| a.as_str().ends_with(suffix))
            })
            .map(|i| i.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds("/CHK"), vec![AccountIssueKind::ReauthRequired]);
    assert_eq!(kinds("/SAV"), vec![AccountIssueKind::ReauthRequired]);
    assert_eq!(kinds("/CARD"), vec![AccountIssueKind::Unavailable]);
    assert_eq!(
        batch.transactions.len(),
        5,
        "Bank A's transactions still arrive"
    );
    assert!(
        !format!("{batch:?}").contains("99887766"),
        "bank messages are dropped"
    );
}

#[tokio::test]
async fn cancellation_mid_sync_returns_promptly() {
    let server = SimpleFinServer::start(&data());
    server.set_faults(|f| f.delay = Some(Duration::from_secs(10)));
    let client = client_for(&server, config());
    let access = AccessUrl::parse(&server.access_url()).unwrap();
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c2.cancel();
    });
    let start = Instant::now();
    let err = client
        .fetch(&access, window(), &cancel, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(err, SimpleFinError::Cancelled);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // Already cancelled: no request at all.
    let before = server.requests().len();
    assert_eq!(
        client
            .fetch(&access, window(), &cancel, &NoProgress)
            .await
            .unwrap_err(),
        SimpleFinError::Cancelled
    );
    assert_eq!(server.requests().len(), before);
}

/// The client speaks TLS 1.3 only: a bridge that offers nothing newer than TLS 1.2 is refused
/// with the typed TLS error before any request is sent (the test build turns rustls's TLS 1.2
/// code on for this server, so the refusal comes from the client's own configuration).
#[tokio::test]
async fn a_tls12_only_bridge_is_refused() {
    let server = SimpleFinServer::start_tls12_only(&data());
    let client = client_for(&server, config());
    assert_eq!(
        fetch(&server, &client).await.unwrap_err(),
        SimpleFinError::Tls
    );
    assert_eq!(
        client.claim(&server.setup_token()).await.unwrap_err(),
        SimpleFinError::Tls
    );
    assert!(
        server.requests().is_empty(),
        "nothing was sent over TLS 1.2"
    );
}

#[tokio::test]
async fn unknown_certificate_authority_is_refused() {
    let server = SimpleFinServer::start(&data());
    let other = SimpleFinServer::start(&ServerData::default());
    let public_only = SimpleFinClient::new(config()).unwrap();
    assert_eq!(
        fetch(&server, &public_only).await.unwrap_err(),
        SimpleFinError::Tls
    );
    let wrong_ca = client_for(&other, config());
    assert_eq!(
        fetch(&server, &wrong_ca).await.unwrap_err(),
        SimpleFinError::Tls
    );
    assert_eq!(
        wrong_ca.claim(&server.setup_token()).await.unwrap_err(),
        SimpleFinError::Tls
    );
    assert!(
        server.account_requests().is_empty(),
        "no request was sent over an untrusted link"
    );
}

#[tokio::test]
async fn plain_http_is_refused() {
    let err = AccessUrl::parse("http://u:p@127.0.0.1:1/simplefin").unwrap_err();
    assert_eq!(err, SimpleFinError::NotHttps);
    let token = tacit_tests::simplefin_server::base64_encode(b"http://127.0.0.1:1/claim/x");
    let client = SimpleFinClient::new(config()).unwrap();
    assert_eq!(
        client.claim(&token).await.unwrap_err(),
        SimpleFinError::NotHttps
    );
}

#[tokio::test]
async fn rotated_ids_and_posted_pendings_come_back_as_new_ids() {
    let server = SimpleFinServer::start(&data());
    let client = client_for(&server, config());
    let first = fetch(&server, &client).await.unwrap();
    server.set_faults(|f| f.rotate_ids = 1);
    let second = fetch(&server, &client).await.unwrap();
    assert_eq!(first.transactions.len(), second.transactions.len());
    let amounts = |b: &tacit_core::sources::ImportBatch| {
        let mut v: Vec<i64> = b.transactions.iter().map(|t| t.amount).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(amounts(&first), amounts(&second), "same transactions");
    assert!(
        second
            .transactions
            .iter()
            .all(|t| first.transactions.iter().all(|f| f.id != t.id)),
        "new ids"
    );

    server.set_faults(|f| {
        f.rotate_ids = 0;
        f.post_pending = true;
    });
    let posted = fetch(&server, &client).await.unwrap();
    let c4 = posted
        .transactions
        .iter()
        .find(|t| t.id.as_str().ends_with("#c4-posted"))
        .unwrap();
    assert_eq!(c4.status, TxnStatus::Posted);
    assert_eq!(
        c4.pending_link, None,
        "SimpleFIN gives no link: reconciliation must match it"
    );
    assert!(posted
        .transactions
        .iter()
        .all(|t| t.status == TxnStatus::Posted));
}

#[tokio::test]
async fn response_size_cap() {
    let server = SimpleFinServer::start(&data());
    let client = client_for(
        &server,
        SimpleFinConfig {
            max_response_bytes: 200,
            ..config()
        },
    );
    assert_eq!(
        fetch(&server, &client).await.unwrap_err(),
        SimpleFinError::ResponseTooLarge
    );
}

#[test]
fn public_fixtures_parse() {
    let Some(root) = tacit_tests::shared_data("simplefin") else {
        return;
    };
    let source = SourceId("simplefin:fixture".into());
    let mut parsed = 0;
    for dir in ["simplefin4py-fixtures", "protocol/examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            // Some protocol examples are illustrative (trailing commas, "..."): the parser must
            // refuse them with a typed error, never panic.
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                assert!(parse_account_set(&bytes, &source).is_err(), "{name}");
                continue;
            };
            if value.get("accounts").is_none() {
                continue; // a single account, transaction, or /info example
            }
            let has_errors = value["errors"].as_array().is_some_and(|e| !e.is_empty());
            let accounts = value["accounts"].as_array().unwrap().len();
            match parse_account_set(&bytes, &source) {
                Ok(b) => {
                    assert_eq!(b.accounts.len(), accounts, "{name}");
                    assert!(b.account_issues.is_empty(), "{name}");
                    let txns: usize = value["accounts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a["transactions"].as_array().map_or(0, |t| t.len()))
                        .sum();
                    assert_eq!(b.transactions.len(), txns, "{name}");
                    parsed += 1;
                }
                Err(e) => {
                    assert!(
                        accounts == 0 && has_errors && e == SimpleFinError::Bridge,
                        "{name}: {e}"
                    );
                    parsed += 1;
                }
            }
        }
    }
    assert!(parsed >= 4, "parsed {parsed}");
    let set = std::fs::read(root.join("simplefin4py-fixtures/account_set.json")).unwrap();
    let b = parse_account_set(&set, &source).unwrap();
    assert_eq!(b.transactions[0].amount, -3_329_343);
    assert_eq!(b.transactions[0].transacted_at, 793_080_572);
    assert_eq!(b.accounts[0].balance.unwrap().minor, 10_023);
    assert_eq!(b.accounts[0].available.unwrap().minor, 7_523);
    assert_eq!(b.accounts[0].institution, "mybank.com");
}

#[test]
fn fixture_mutations_never_panic() {
    let Some(root) = tacit_tests::shared_data("simplefin") else {
        return;
    };
    let base = std::fs::read(root.join("simplefin4py-fixtures/200-with-errors.json")).unwrap();
    let source = SourceId("simplefin:fixture".into());
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut m = base.clone();
        for k in 0..(seed % 4 + 1) {
            let pos = ((seed >> (8 * k)) as usize) % m.len();
            m[pos] = (seed >> 32) as u8 ^ (k as u8);
        }
        m.truncate(m.len() - (seed as usize >> 40) % 64);
        let _ = parse_account_set(&m, &source);
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<SimpleFinClient>();
    is::<CancelToken>();
    is::<Arc<dyn SyncListener>>();
}

#[allow(dead_code)]
fn _futures_are_send(c: &SimpleFinClient, a: &AccessUrl, t: &CancelToken) {
    fn is_send<T: Send>(_: &T) {}
    is_send(&c.fetch(a, window(), t, &NoProgress));
    is_send(&c.claim("token"));
}
