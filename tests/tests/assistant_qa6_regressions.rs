//! Regressions found when QA pass 6 was re-run on the merged tree (issue #13): a request
//! Tacit cannot carry out ("pay the water bill") right after a question about bills is the
//! request, not a follow-up spending question; a part of a multi-part message that names no
//! payee ("when is the payment due and whats the minimum") is not a question of habits over
//! every payee; a pronoun ("from them") is never a merchant.

use tacit_core::assistant::{Reply, Settings};
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::Locale;
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{Date, Timestamp};
use tacit_core::vault::OpenOptions;

fn profile() -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level: DisclosureLevel::Full,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    p.ingest(&data.batch(), data.end).expect("ingest");
    (dir, p, data)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> Reply {
    p.handle_message(text, now).expect("reply")
}

#[test]
fn a_payment_request_after_bill_questions_is_a_request() {
    let (_d, p, data) = profile();
    let _ = ask(&p, "how much was the electric bill last month", data.end);
    let r = ask(&p, "pay the water bill", data.end);
    assert!(
        r.local_text.contains("can't make payments"),
        "{}",
        r.local_text
    );
}

#[test]
fn a_part_naming_no_payee_is_not_a_habit_of_every_payee() {
    let (_d, p, data) = profile();
    let r = ask(
        &p,
        "when is the payment due and whats the minimum",
        data.end,
    );
    let text = r.local_text.to_lowercase();
    assert!(text.contains("due"), "{text}");
    assert!(text.contains("minimum payment"), "{text}");
    assert!(
        !text.contains("come on") && !text.contains("charges at"),
        "{text}"
    );
}

#[test]
fn a_pronoun_is_no_merchant() {
    let (_d, p, data) = profile();
    let _ = ask(&p, "doordash this year", data.end);
    let r = ask(&p, "whens the last time i ordered from them", data.end);
    assert!(
        !r.local_text.to_lowercase().contains("no charges at them"),
        "{}",
        r.local_text
    );
    assert!(
        !r.local_text.contains("no charges at that merchant"),
        "{}",
        r.local_text
    );
}

#[test]
fn whats_left_after_spending_is_the_net_of_the_period_before() {
    let (_d, p, data) = profile();
    let earned = ask(&p, "how much have i earned in total this year", data.end);
    let r = ask(&p, "and whats left of that after spending", data.end);
    assert!(
        r.local_text.contains("came in") && !r.local_text.contains("No income"),
        "{} / {}",
        earned.local_text,
        r.local_text
    );
}
