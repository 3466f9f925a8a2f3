//! Opens a vault written by every earlier format version (golden files in tests/golden/,
//! one per version, made by `TACIT_WRITE_GOLDEN=1 cargo test -p tacit-tests --test
//! vault_golden`) and checks that every record survives the upgrade to the current format.

use std::path::PathBuf;
use tacit_core::crypto::secret::SecretBytes;
use tacit_core::model::SourceId;
use tacit_core::vault::schema::CURRENT_VERSION;
use tacit_core::vault::{OpenOptions, TxnFilter, Vault};
use tacit_tests::fixtures::{account, test_wrapper, txn};

fn golden(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(format!("vault-v{version}.db"))
}

fn expected() -> (
    tacit_core::model::Account,
    Vec<tacit_core::model::Transaction>,
) {
    let src = SourceId("ofx:golden".into());
    let a = account(&src, "7777", "4400007777");
    let txns = (0..5)
        .map(|n| txn(&a, n, "Golden Grocer", "POS golden"))
        .collect();
    (a, txns)
}

#[test]
fn write_current_golden_when_asked() {
    if std::env::var_os("TACIT_WRITE_GOLDEN").is_none() {
        return;
    }
    let path = golden(CURRENT_VERSION);
    let _ = std::fs::remove_file(&path);
    let (a, txns) = expected();
    let mut v = Vault::create(&path, &test_wrapper(), OpenOptions::default()).expect("create");
    v.write(|w| {
        w.put_account(&a)?;
        w.upsert_transactions(&txns)?;
        w.put_credential(&a.source, &SecretBytes::new(b"golden-credential".to_vec()))?;
        w.put_setting("disclosure", None, b"minimal")?;
        w.put_alert("golden-alert", Some(&a.source), b"alert")?;
        w.append_ledger(b"golden ledger entry").map(|_| ())
    })
    .expect("write");
    v.close().expect("close");
}

#[test]
fn every_earlier_format_opens() {
    if std::env::var_os("TACIT_WRITE_GOLDEN").is_some() {
        return; // the writer test above is rewriting the file
    }
    let mut opened = 0;
    for version in 1..=CURRENT_VERSION {
        let src = golden(version);
        assert!(
            src.exists(),
            "golden file for format {version} is missing: {}",
            src.display()
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("copy.db");
        std::fs::copy(&src, &path).expect("copy");
        let v = Vault::open(&path, &test_wrapper(), OpenOptions::default()).expect("open golden");
        let (a, mut txns) = expected();
        assert_eq!(v.accounts().expect("accounts"), vec![a.clone()]);
        let mut got = v.transactions(&TxnFilter::default()).expect("txns");
        got.sort_by(|x, y| x.id.cmp(&y.id));
        txns.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(got, txns);
        assert_eq!(
            v.credential(&a.source)
                .expect("cred")
                .map(|c| c.expose().to_vec()),
            Some(b"golden-credential".to_vec())
        );
        assert_eq!(
            v.setting("disclosure")
                .expect("setting")
                .map(|c| c.expose().to_vec()),
            Some(b"minimal".to_vec())
        );
        assert_eq!(v.ledger().expect("ledger").len(), 1);
        assert!(v.integrity_check().expect("integrity"));
        opened += 1;
    }
    assert_eq!(opened, CURRENT_VERSION as usize);
}
