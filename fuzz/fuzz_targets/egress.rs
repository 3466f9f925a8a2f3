//! Fuzzes the egress guard: it must never panic, must report offsets on character boundaries
//! of the checked text, and `minimal` must be the strictest level (a text that passes at
//! `minimal` passes at `summary` and `full`, and contains no numeric character).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::crypto::secret::SecretString;
use tacit_core::egress::{categories_in, DisclosureLevel, EgressGuard};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let guard = EgressGuard::new(vec![
        SecretString::new("000731945862".into()),
        SecretString::new("021000021".into()),
        SecretString::new("4111 1111 1111 1111".into()),
    ]);
    let minimal = guard.check(text, DisclosureLevel::Minimal);
    let summary = guard.check(text, DisclosureLevel::Summary);
    let full = guard.check(text, DisclosureLevel::Full);
    for v in [minimal, summary, full].into_iter().filter_map(Result::err) {
        assert!(v.offset < text.len() && text.is_char_boundary(v.offset));
    }
    if minimal.is_ok() {
        assert!(summary.is_ok() && full.is_ok());
        assert!(!text.chars().any(char::is_numeric));
    }
    let cats = categories_in(text);
    assert!(!cats.is_empty());
});
