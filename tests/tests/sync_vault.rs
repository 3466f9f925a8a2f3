//! SimpleFIN sync end to end: the real client over real TLS against the loopback bridge
//! serving the sandbox bank, into a real vault through the facade. After each sync the vault
//! is checked: no duplicates, no lost posted transactions, balances right; re-syncing changes
//! nothing; re-issued ids and pending charges posting under new ids do not double anything; a
//! failing account is reported while the others sync.

use std::collections::{HashMap, HashSet};
use std::time::Duration;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::model::{Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::sources::simplefin::{CancelToken, NoProgress, SimpleFinClient, SimpleFinConfig};
use tacit_core::sources::AccountIssueKind;
use tacit_core::time::Date;
use tacit_core::vault::{OpenOptions, TxnFilter};
use tacit_tests::simplefin_server::{ServerData, SimpleFinServer};

fn raw_txn_id(t: &Transaction) -> String {
    t.id.0.rsplit('#').next().unwrap_or_default().to_string()
}

fn stored(p: &Profile) -> Vec<Transaction> {
    p.test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
        .expect("read")
}

fn assert_no_duplicates(txns: &[Transaction]) {
    let ids: HashSet<&str> = txns.iter().map(|t| t.id.0.as_str()).collect();
    assert_eq!(ids.len(), txns.len(), "duplicate ids");
    // No two posted transactions with the same content (a rotated id stored twice).
    let mut seen: HashMap<(String, i64, i64, String), usize> = HashMap::new();
    for t in txns.iter().filter(|t| t.status == TxnStatus::Posted) {
        *seen
            .entry((
                t.account.0.clone(),
                t.amount,
                t.posted_at.unwrap_or(0) / 86_400,
                t.description.clone(),
            ))
            .or_default() += 1;
    }
    let served_twins = seen.values().filter(|n| **n > 1).count();
    assert!(
        served_twins <= 2,
        "{served_twins} posted transactions stored more than once"
    );
}

#[test]
fn sync_sandbox_into_the_vault() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let data = SandboxBank::generate(77, Date::new(2025, 11, 1).expect("date"), 12);
    let served = data.batch();
    let server = SimpleFinServer::start(&ServerData {
        accounts: served.accounts.clone(),
        transactions: served.transactions.clone(),
    });
    let cfg = SimpleFinConfig {
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(40),
        ..SimpleFinConfig::default()
    };
    let client = SimpleFinClient::new(cfg)
        .expect("client")
        .with_extra_roots(&[server.ca_der()])
        .expect("roots");
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::open(
        &dir.path().join("s.db"),
        &TestKeyWrapper::new(SecretKey::from_bytes([6; 32])),
        OpenOptions::default(),
    )
    .expect("open");
    let now = data.end;
    let cancel = CancelToken::new();

    rt.block_on(profile.link_simplefin(&client, &server.setup_token()))
        .expect("link");
    let first = rt
        .block_on(profile.sync(&client, 400, &cancel, &NoProgress, now, true))
        .expect("sync");
    assert_eq!(first.connections, 1);
    assert!(first.failures.is_empty());
    // Every served transaction is stored once; balances are the bank's.
    let txns = stored(&profile);
    assert_no_duplicates(&txns);
    let served_ids: HashSet<String> = served
        .transactions
        .iter()
        .map(|t| t.id.0.rsplit('#').next().unwrap_or_default().to_string())
        .collect();
    let stored_ids: HashSet<String> = txns.iter().map(raw_txn_id).collect();
    assert_eq!(stored_ids, served_ids, "lost or invented transactions");
    let accounts = profile.test_vault(|v| Ok(v.accounts()?)).expect("accounts");
    assert_eq!(accounts.len(), served.accounts.len());
    for a in &served.accounts {
        let raw = a.id.0.rsplit('/').next().unwrap_or_default();
        let mine = accounts
            .iter()
            .find(|s| s.id.0.ends_with(&format!("/{raw}")))
            .expect("account synced");
        assert_eq!(
            mine.balance.map(|b| b.minor),
            a.balance.map(|b| b.minor),
            "balance of a {:?}",
            a.kind
        );
    }
    let count = txns.len();

    // Re-syncing the same window changes nothing.
    rt.block_on(profile.sync(&client, 400, &cancel, &NoProgress, now, true))
        .expect("resync");
    assert_eq!(stored(&profile), txns);

    // The bridge re-issues every id: still no duplicates.
    server.set_faults(|f| f.rotate_ids = 1);
    rt.block_on(profile.sync(&client, 400, &cancel, &NoProgress, now, true))
        .expect("rotated");
    let after_rotation = stored(&profile);
    assert_no_duplicates(&after_rotation);
    assert_eq!(
        after_rotation
            .iter()
            .filter(|t| t.status == TxnStatus::Posted)
            .count(),
        txns.iter()
            .filter(|t| t.status == TxnStatus::Posted)
            .count()
    );

    // Pending charges post under new ids: each pending is replaced, never doubled.
    server.set_faults(|f| {
        f.rotate_ids = 0;
        f.post_pending = true;
    });
    let pending_before = stored(&profile)
        .iter()
        .filter(|t| t.status == TxnStatus::Pending)
        .count();
    assert!(pending_before > 0, "the sandbox ends with pending charges");
    rt.block_on(profile.sync(&client, 400, &cancel, &NoProgress, now + 2 * 86_400, true))
        .expect("posted");
    let settled = stored(&profile);
    assert_no_duplicates(&settled);
    assert_eq!(
        settled
            .iter()
            .filter(|t| t.status == TxnStatus::Pending)
            .count(),
        0,
        "pending charges left after posting"
    );
    assert!(settled.len() <= count, "posting must not add transactions");

    // One account fails at the bridge: reported, the others still sync.
    let failing = served.accounts[0]
        .id
        .0
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    server.set_faults(|f| {
        f.post_pending = false;
        f.act_error = Some(failing);
    });
    let partial = rt
        .block_on(profile.sync(&client, 30, &cancel, &NoProgress, now + 3 * 86_400, true))
        .expect("partial");
    assert!(partial
        .issues
        .iter()
        .any(|i| i.kind == AccountIssueKind::Unavailable));
    assert_eq!(partial.connections, 1, "the other accounts synced");
    assert_eq!(
        profile
            .test_vault(|v| Ok(v.accounts()?.len()))
            .expect("accounts"),
        served.accounts.len()
    );

    // An unattended sync beyond the polite limit is skipped.
    for _ in 0..4 {
        let _ =
            rt.block_on(profile.sync(&client, 7, &cancel, &NoProgress, now + 3 * 86_400, false));
    }
    let skipped = rt
        .block_on(profile.sync(&client, 7, &cancel, &NoProgress, now + 3 * 86_400, false))
        .expect("skip");
    assert!(skipped.skipped_by_scheduler);
}
