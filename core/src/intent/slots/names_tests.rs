//! Unit tests for short and bare merchant names and "altogether" (QA pass 4): a short form
//! or an acronym matches its vault merchant, a bare name with a period is the merchant, and
//! words of the chat, kinds and categories never are.

use super::*;

/// Wednesday 2026-04-15.
fn today() -> Date {
    Date::new(2026, 4, 15).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

/// A context with this vault's merchant names and no accounts.
fn ctx_of(names: &[&str]) -> SlotContext {
    SlotContext::new(Vec::new(), names.iter().map(|n| n.to_string()).collect())
}

#[test]
fn short_forms_and_acronyms_match_their_merchant() {
    let c = ctx_of(&["AMC Theatres", "Amazon", "Amazon Prime", "The Home Depot", "Aldi"]);
    let m = |q: &str| extract_slots(q, today(), &c).merchant;
    assert_eq!(m("amc this year").as_deref(), Some("AMC Theatres"));
    assert_eq!(m("prime cost this year").as_deref(), Some("Amazon Prime"));
    assert_eq!(m("amazon prime this year").as_deref(), Some("Amazon Prime"));
    assert_eq!(m("amazon this year").as_deref(), Some("Amazon"));
    assert_eq!(m("hd last month").as_deref(), Some("The Home Depot"));
    let c = ctx_of(&["Starbucks", "Dunkin'", "Taco Bell"]);
    let m = |q: &str| extract_slots(q, today(), &c).merchant;
    assert_eq!(m("spent how much at starbs in march").as_deref(), Some("Starbucks"));
    assert_eq!(m("dunks this year").as_deref(), Some("Dunkin'"));
    assert_eq!(m("how much at tbell").as_deref(), Some("Taco Bell"));
    // An acronym opens the name: matched as a word of its own, whatever the alias list says.
    let c = ctx_of(&["UPS Store", "REI Co-op", "ATM WITHDRAWAL #1 SEATTLE"]);
    let m = |q: &str| extract_slots(q, today(), &c).merchant;
    assert_eq!(m("rei last month").as_deref(), Some("REI Co-op"));
    assert_ne!(m("atm last month").as_deref(), Some("ATM WITHDRAWAL #1 SEATTLE"));
}

#[test]
fn a_bare_name_with_a_period_is_the_merchant() {
    let c = ctx_of(&["Aldi", "Costco"]);
    let s = |q: &str| extract_slots(q, today(), &c);
    for (q, name) in [
        ("hbo this year", "hbo"),
        ("ups this year", "ups"),
        ("and trader joes", "trader joes"),
        ("what about zzyzx emporium", "zzyzx emporium"),
    ] {
        let got = s(q);
        assert_eq!(got.merchant.as_deref(), Some(name), "{q}");
        assert!(!got.merchant_known && !got.merchant_unsure, "{q}");
    }
    // Words of the chat, categories, accounts and periods are never a name; nor is a lone
    // word with neither a period nor a follow-up's opener.
    for q in [
        "balance this month",
        "groceries this year",
        "and savings",
        "and last month",
        "spending this year",
        "fees last month",
        "and the card",
        "both last year",
        "hbo",
        "income in march",
    ] {
        assert_eq!(s(q).merchant, None, "{q}");
    }
}

#[test]
fn altogether_is_all_the_data_and_no_merchant() {
    let c = ctx_of(&["CVS Pharmacy"]);
    let s = extract_slots("how much rent have i paid this year altogether", today(), &c);
    assert_eq!(s.merchant, None);
    assert_eq!(s.period.map(|p| p.start), Some(d(2026, 1, 1)));
    let s = extract_slots("how much rent have i paid altogether", today(), &c);
    assert_eq!(s.merchant, None);
    assert_eq!(s.period.map(|p| p.label).as_deref(), Some(period::ALL_TIME));
    let s = extract_slots("how much at cvs altogether", today(), &c);
    assert_eq!(s.merchant.as_deref(), Some("CVS Pharmacy"));
    assert_eq!(s.period.map(|p| p.label).as_deref(), Some(period::ALL_TIME));
}

#[test]
fn a_bare_kind_is_no_merchant() {
    let c = ctx_of(&["Aldi"]);
    let s = extract_slots("fast food last month", today(), &c);
    assert_eq!(s.merchant, None);
}

#[test]
fn a_typo_in_any_word_of_a_name_matches_it() {
    let c = ctx_of(&[
        "The Cheesecake Factory",
        "Olive Garden",
        "Whole Foods Market",
        "Chipotle",
        "Blue Bottle Coffee",
    ]);
    let m = |q: &str| extract_slots(q, today(), &c).merchant;
    for q in [
        "how much at cheescake factory this year",
        "how much at chesecake factory",
        "cheescake factory this year",
        "cheesecake factry this year",
        "chesecake this year",
    ] {
        assert_eq!(m(q).as_deref(), Some("The Cheesecake Factory"), "{q}");
    }
    assert_eq!(m("spent at olive gardn in march").as_deref(), Some("Olive Garden"));
    assert_eq!(m("wholefods market last month").as_deref(), Some("Whole Foods Market"));
    // A common word one typo from a short first word is not the name.
    assert_eq!(m("what did i spend a while ago"), None);
    // Two names as close: neither.
    let c = ctx_of(&["Cheesecake Factory", "Cheesecake Bistro"]);
    let s = extract_slots("chesecake this year", today(), &c);
    assert!(!s.merchant_known, "{:?}", s.merchant);
}

#[test]
fn function_words_are_never_the_merchant() {
    let c = ctx_of(&["Blue Bottle Coffee", "Marriott", "Target"]);
    let s = |q: &str| extract_slots(q, today(), &c);
    for q in [
        "how much did i pay off on the card last month",
        "how much have i paid toward the card this year in total",
        "how much did i pay towards my visa in march",
        "i paid back in full last month",
    ] {
        assert_eq!(s(q).merchant, None, "{q}");
    }
}
