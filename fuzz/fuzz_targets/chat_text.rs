//! Fuzzes chat understanding: intent classification and slot extraction on arbitrary UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tacit_core::intent::{classify, extract_slots, AccountSelector, SlotAccount, SlotContext};
use tacit_core::model::AccountKind;
use tacit_core::time::Date;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = classify(text);
    assert!((0.0..=1.0).contains(&p.confidence));
    let ctx = SlotContext::new(
        vec![SlotAccount {
            index: 0,
            kind: AccountKind::CreditCard,
            last4: Some("1234".into()),
            nickname: Some("travel card".into()),
            display_name: "Sapphire".into(),
            institution: "Chase".into(),
        }],
        vec!["Whole Foods".into(), "Uber Eats".into(), "Uber".into()],
    );
    let today = Date::new(2026, 2, 28).unwrap_or(Date { year: 2026, month: 1, day: 1 });
    let slots = extract_slots(text, today, &ctx);
    if let Some(period) = slots.period {
        assert!(period.start < period.end);
    }
    if let Some(AccountSelector::Index(i)) = slots.account {
        assert_eq!(i, 0);
    }
});
