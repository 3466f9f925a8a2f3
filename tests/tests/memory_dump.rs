//! After a profile is closed and dropped, the process's memory holds no key and no plaintext.
//!
//! Linux only: the test reads its own writable memory (heap, stacks, anonymous mappings)
//! through `/proc/self/mem` after importing a statement with canary strings, answering chat
//! questions about them and closing the profile, then searches it for the data key, the
//! record-encryption key, the transaction-tag key and the canaries.
//!
//! The needles are kept XOR-masked, so the search itself never puts them back in memory; the
//! keys are captured by a wrapper at vault creation and masked at once (their unmasked copies
//! go through the same zeroizing types the vault uses, so a failure to scrub those shows up as
//! a hit too: the test can only err on the side of failing).
//!
//! Runs without the test harness (one thread, nothing else in the process) and with the
//! allocator the shipped binaries install (`tacit-scrub-alloc`).

#[global_allocator]
static ALLOCATOR: tacit_scrub_alloc::ScrubAlloc = tacit_scrub_alloc::ScrubAlloc;

use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};
use tacit_core::clock::FixedClock;
use tacit_core::crypto::kdf::derive_subkey;
use tacit_core::crypto::secret::{scrub_stack, SecretBytes, SecretKey};
use tacit_core::crypto::wrap::{KeyWrapper, TestKeyWrapper, WrapError};
use tacit_core::profile::Profile;
use tacit_core::time::Timestamp;
use tacit_core::vault::OpenOptions;

const MASK: u8 = 0x5c;
/// The vault's HKDF salt and labels (core/src/vault/keys.rs).
const HKDF_SALT: &[u8] = b"tacit.vault.hkdf-salt.v1";

fn masked(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|b| b ^ MASK).collect()
}

/// Named byte strings to look for, XOR-masked.
type Needles = Vec<(String, Vec<u8>)>;

/// Wraps with the test wrapper, keeping masked copies of the data key and its subkeys.
struct Capturing {
    inner: TestKeyWrapper,
    needles: Arc<Mutex<Needles>>,
}

impl Capturing {
    fn capture(&self, data_key: &[u8]) {
        let Some(key) = SecretKey::from_slice(data_key) else {
            return;
        };
        let mut found = vec![("data key".to_string(), masked(key.expose()))];
        for (name, label) in [
            ("record key", &b"tacit.v1.record"[..]),
            ("tag key", b"tacit.v2.txn-tag"),
        ] {
            let sub = derive_subkey(&key, HKDF_SALT, label).expect("hkdf");
            found.push((name.to_string(), masked(sub.expose())));
        }
        self.needles.lock().expect("lock").extend(found);
    }
}

impl KeyWrapper for Capturing {
    fn scheme(&self) -> String {
        self.inner.scheme()
    }
    fn wrap(&self, data_key: &[u8]) -> Result<Vec<u8>, WrapError> {
        self.capture(data_key);
        scrub_stack();
        self.inner.wrap(data_key)
    }
    fn unwrap(&self, wrapped: &[u8]) -> Result<SecretBytes, WrapError> {
        self.inner.unwrap(wrapped)
    }
}

const CANARY_MERCHANT: &str = "ZQXCANARYMART";
const CANARY_ACCOUNT: &str = "918273645546";

/// The statement: a generated OFX file with a canary merchant and account number.
fn statement() -> Vec<u8> {
    let text = String::from_utf8(tacit_core::sources::ofx::generate_ofx(300, 11)).expect("utf8");
    text.replace("NETFLIX.COM", CANARY_MERCHANT)
        .replace("000123456789", CANARY_ACCOUNT)
        .into_bytes()
}

fn use_and_close_profile(dir: &std::path::Path, wrapper: &Capturing) {
    let now: Timestamp = 1_772_400_000;
    let clock = Arc::new(FixedClock::new(now));
    let path = dir.join("vault.db");
    let profile =
        Profile::open_with_clock(&path, wrapper, OpenOptions::default(), clock).expect("open");
    let outcome = profile.import_statement(&statement(), now).expect("import");
    assert!(
        outcome.report.reconcile.inserted > 0,
        "the statement must import"
    );
    drop(outcome);
    for q in [
        "how much did i spend at zqxcanarymart",
        "recent transactions",
        "what's my balance",
    ] {
        let reply = profile.handle_message(q, now).expect("reply");
        drop(reply);
    }
    profile.close().expect("close");
    drop(profile);
    // Reopen and close once more: unwrapping and deriving the keys again must leave nothing.
    let profile = Profile::open_with_clock(
        &path,
        wrapper,
        OpenOptions::default(),
        Arc::new(FixedClock::new(now)),
    )
    .expect("reopen");
    let reply = profile
        .handle_message("recent transactions", now)
        .expect("reply");
    drop(reply);
    profile.close().expect("close");
}

/// Writable regions of this process, from `/proc/self/maps`.
fn writable_regions() -> Vec<(u64, u64, String)> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
    maps.lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let range = parts.next()?;
            let perms = parts.next()?;
            let name = parts.nth(3).unwrap_or("").to_string();
            if !perms.starts_with("rw") || name == "[vvar]" || name == "[vsyscall]" {
                return None;
            }
            let (a, b) = range.split_once('-')?;
            Some((
                u64::from_str_radix(a, 16).ok()?,
                u64::from_str_radix(b, 16).ok()?,
                name,
            ))
        })
        .collect()
}

fn contains_masked(hay: &[u8], needle_masked: &[u8]) -> bool {
    let Some(&first) = needle_masked.first() else {
        return false;
    };
    hay.windows(needle_masked.len())
        .any(|w| w[0] ^ MASK == first && w.iter().zip(needle_masked).all(|(h, n)| h ^ MASK == *n))
}

/// Every needle found in the process's writable memory, with the region it was found in.
fn search_memory(needles: &Needles) -> Vec<String> {
    const CHUNK: usize = 1 << 20;
    let mut mem = std::fs::File::open("/proc/self/mem").expect("/proc/self/mem");
    let overlap = needles.iter().map(|(_, n)| n.len()).max().unwrap_or(0);
    let mut buf = vec![0u8; CHUNK + overlap];
    let mut hits = Vec::new();
    let mut scanned = 0u64;
    for (start, end, name) in writable_regions() {
        let mut at = start;
        while at < end {
            let len = ((end - at) as usize).min(CHUNK + overlap);
            if mem.seek(SeekFrom::Start(at)).is_err() || mem.read_exact(&mut buf[..len]).is_err() {
                break;
            }
            scanned += len as u64;
            for (what, needle) in needles {
                if contains_masked(&buf[..len], needle) {
                    hits.push(format!("{what} in {name:?} at {at:#x}"));
                }
            }
            at += CHUNK as u64;
        }
    }
    println!("memory_scanned_bytes={scanned}");
    assert!(scanned > 1 << 20, "the scan must read the process's memory");
    hits
}

fn main() {
    if !cfg!(target_os = "linux") {
        println!("memory_dump: skipped (Linux only)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let needles = Arc::new(Mutex::new(Vec::new()));
    let wrapper = Capturing {
        inner: TestKeyWrapper::new(SecretKey::from_bytes([7; 32])),
        needles: Arc::clone(&needles),
    };
    use_and_close_profile(dir.path(), &wrapper);
    drop(wrapper);
    let mut needles = std::mem::take(&mut *needles.lock().expect("lock"));
    assert_eq!(needles.len(), 3, "the wrapper saw the vault's data key");
    needles.push(("canary merchant".into(), masked(CANARY_MERCHANT.as_bytes())));
    needles.push((
        "canary merchant (lower case)".into(),
        masked(CANARY_MERCHANT.to_lowercase().as_bytes()),
    ));
    needles.push((
        "canary account number".into(),
        masked(CANARY_ACCOUNT.as_bytes()),
    ));
    scrub_stack();

    // The search must be able to fail: a live copy of each kind of needle is found.
    let live_key = SecretKey::from_bytes([0x3d; 32]);
    let live_text = String::from("live-") + &CANARY_MERCHANT.to_lowercase();
    let controls: Needles = vec![
        ("control key".to_string(), masked(live_key.expose())),
        ("control text".to_string(), masked(live_text.as_bytes())),
    ];
    let control_hits = search_memory(&controls);
    assert!(
        control_hits.iter().any(|h| h.starts_with("control key"))
            && control_hits.iter().any(|h| h.starts_with("control text")),
        "the scan finds live copies: {control_hits:?}"
    );
    drop(live_key);
    drop(live_text);

    let hits = search_memory(&needles);
    println!("memory_dump_hits={}", hits.len());
    for h in &hits {
        println!("  found: {h}");
    }
    assert!(
        hits.is_empty(),
        "secrets left in memory after close: {hits:?}"
    );
    println!("memory_dump: ok");
}
