//! Wycheproof vectors through Tacit's own crypto wrappers (not the underlying crates
//! directly): ChaCha20-Poly1305, XChaCha20-Poly1305, HKDF-SHA256 and PBKDF2-HMAC-SHA256.
//! Vectors with a wrong nonce size must be *rejected* by the wrapper, and are counted so.

use serde_json::Value;
use tacit_core::crypto::aead::{chacha_open, chacha_seal, xchacha_open, xchacha_seal};
use tacit_core::crypto::kdf::{hkdf_sha256, pbkdf2_sha256_verify};
use tacit_core::crypto::CryptoError;
use tacit_tests::{hex_decode, shared_data};

fn load(name: &str) -> Option<Value> {
    let dir = shared_data("wycheproof")?;
    let text = std::fs::read_to_string(dir.join(name)).expect("read vector file");
    Some(serde_json::from_str(&text).expect("parse vector file"))
}

fn tests_of(doc: &Value) -> Vec<(&Value, &Value)> {
    doc["testGroups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| {
            g["tests"]
                .as_array()
                .expect("tests")
                .iter()
                .map(move |t| (g, t))
        })
        .collect()
}

fn h(t: &Value, k: &str) -> Vec<u8> {
    hex_decode(t[k].as_str().expect("hex field")).expect("valid hex")
}

type Seal = fn(&[u8], &[u8], &[u8], &[u8]) -> Result<Vec<u8>, CryptoError>;

fn run_aead(file: &str, seal: Seal, open: Seal, nonce_len: usize) {
    let Some(doc) = load(file) else { return };
    let (mut valid, mut rejected, mut bad_nonce) = (0, 0, 0);
    let all = tests_of(&doc);
    assert_eq!(
        all.len() as u64,
        doc["numberOfTests"].as_u64().expect("count")
    );
    for (_, t) in all {
        let id = t["tcId"].as_u64().expect("id");
        let (key, iv, aad, msg, ct, tag) = (
            h(t, "key"),
            h(t, "iv"),
            h(t, "aad"),
            h(t, "msg"),
            h(t, "ct"),
            h(t, "tag"),
        );
        let mut sealed_expected = ct.clone();
        sealed_expected.extend_from_slice(&tag);
        let opened = open(&key, &iv, &aad, &sealed_expected);
        match t["result"].as_str().expect("result") {
            "valid" => {
                assert_eq!(opened.as_deref(), Ok(&msg[..]), "tcId {id} must open");
                assert_eq!(
                    seal(&key, &iv, &aad, &msg),
                    Ok(sealed_expected),
                    "tcId {id} must seal"
                );
                valid += 1;
            }
            "invalid" => {
                assert!(opened.is_err(), "tcId {id} must be rejected");
                if iv.len() != nonce_len {
                    assert_eq!(
                        opened,
                        Err(CryptoError::BadLength),
                        "tcId {id}: wrong nonce size"
                    );
                    assert!(seal(&key, &iv, &aad, &msg).is_err());
                    bad_nonce += 1;
                }
                rejected += 1;
            }
            other => panic!("tcId {id}: unexpected result {other}"),
        }
    }
    println!("{file}: {valid} valid opened and sealed, {rejected} invalid rejected ({bad_nonce} wrong nonce size)");
    assert!(valid > 0 && rejected > 0);
    assert_eq!(
        bad_nonce, 9,
        "Wycheproof has 9 wrong-nonce-size vectors per AEAD file"
    );
}

#[test]
fn chacha20_poly1305_vectors() {
    run_aead("chacha20_poly1305_test.json", chacha_seal, chacha_open, 12);
}

#[test]
fn xchacha20_poly1305_vectors() {
    run_aead(
        "xchacha20_poly1305_test.json",
        xchacha_seal,
        xchacha_open,
        24,
    );
}

#[test]
fn hkdf_sha256_vectors() {
    let Some(doc) = load("hkdf_sha256_test.json") else {
        return;
    };
    let (mut ok, mut rejected) = (0, 0);
    for (_, t) in tests_of(&doc) {
        let id = t["tcId"].as_u64().expect("id");
        let size = t["size"].as_u64().expect("size") as usize;
        let got = hkdf_sha256(&h(t, "ikm"), &h(t, "salt"), &h(t, "info"), size);
        match t["result"].as_str().expect("result") {
            "valid" => {
                assert_eq!(got, Ok(h(t, "okm")), "tcId {id}");
                ok += 1;
            }
            _ => {
                assert!(got.is_err(), "tcId {id} must be rejected");
                rejected += 1;
            }
        }
    }
    println!("hkdf: {ok} valid, {rejected} rejected");
    assert_eq!(
        ok + rejected,
        doc["numberOfTests"].as_u64().expect("count") as usize
    );
}

#[test]
fn pbkdf2_hmac_sha256_vectors() {
    let Some(doc) = load("pbkdf2_hmacsha256_test.json") else {
        return;
    };
    let mut n = 0;
    for (_, t) in tests_of(&doc) {
        let id = t["tcId"].as_u64().expect("id");
        let iterations = t["iterationCount"].as_u64().expect("iterations") as u32;
        let ok = pbkdf2_sha256_verify(&h(t, "password"), &h(t, "salt"), iterations, &h(t, "dk"));
        assert_eq!(ok, t["result"] == "valid", "tcId {id}");
        n += 1;
    }
    assert_eq!(n, doc["numberOfTests"].as_u64().expect("count") as usize);
}
