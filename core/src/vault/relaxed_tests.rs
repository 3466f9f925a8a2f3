//! `write_relaxed` puts `synchronous` back to FULL on every path (issue 15): success, an
//! error returned by the write, an error at commit, and a panic unwinding out of it. And a
//! failed or panicked write leaves the row-set digest as committed.

use super::*;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([3; 32]));
    let v = Vault::create(&dir.path().join("r.db"), &w, OpenOptions::default()).unwrap();
    (dir, v)
}

fn synchronous(v: &Vault) -> i64 {
    v.conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap()
}

const FULL: i64 = 2;

#[test]
fn an_error_inside_a_relaxed_write_restores_full() {
    let (_d, mut v) = vault();
    let r: Result<()> = v.write_relaxed(|w| {
        w.append_ledger(b"x")?;
        Err(VaultError::InvalidInput("refused by the caller"))
    });
    assert_eq!(r, Err(VaultError::InvalidInput("refused by the caller")));
    assert_eq!(synchronous(&v), FULL);
    assert!(v.ledger().unwrap().is_empty(), "nothing committed");
    assert!(v.verify_all().is_ok());
}

#[test]
fn a_panic_inside_a_relaxed_write_restores_full() {
    let (_d, mut v) = vault();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = v.write_relaxed(|w| -> Result<()> {
            w.put_setting("half", None, b"written")?;
            panic!("the caller's closure panics mid-write");
        });
    }));
    assert!(r.is_err());
    assert_eq!(synchronous(&v), FULL);
    assert_eq!(v.setting("half").unwrap(), None, "rolled back");
    // The digest is the committed one: later writes and reads agree with the file.
    v.write(|w| w.put_setting("after", None, b"1")).unwrap();
    assert!(v.verify_all().is_ok());
}

#[test]
fn a_failed_commit_inside_a_relaxed_write_restores_full() {
    let (_d, mut v) = vault();
    // The write itself fails in SQLite: the connection is made query-only for it.
    v.conn.execute_batch("PRAGMA query_only = ON").unwrap();
    let r = v.write_relaxed(|w| w.append_ledger(b"x").map(|_| ()));
    assert!(r.is_err());
    v.conn.execute_batch("PRAGMA query_only = OFF").unwrap();
    assert_eq!(synchronous(&v), FULL);
    v.write_relaxed(|w| w.append_ledger(b"y").map(|_| ()))
        .unwrap();
    assert_eq!(synchronous(&v), FULL);
    assert_eq!(v.ledger().unwrap().len(), 1);
    assert!(v.verify_all().is_ok());
}
