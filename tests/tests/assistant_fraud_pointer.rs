//! QA pass 5 (issue #13, cause 2), on the sandbox bank: a claim that points at a flagged
//! charge by a word the slots do not read as a merchant ("the lagos one wasnt me": the place
//! in the bank's descriptor) binds to the alert whose payment carries that word, never to
//! the alert just pushed; a pointer that fits no alert records nothing; plural claims ("the
//! X charges werent me") are claims; "got an alert about X whats that about" explains X's
//! alert and a denial after it ("no never shopped there") answers that alert.

mod support;

use support::{alert_of, open_ids, profile, reply};
use tacit_core::model::{Category, Transaction};
use tacit_core::profile::Profile;
use tacit_core::vault::TxnFilter;

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Two purchases at different merchants, and a word of the first one's description that is
/// in neither merchant's name nor the second's description, nor any merchant name of the
/// vault (so the slots cannot read it as a merchant): the place or store word a person
/// sees in their bank's app.
fn pointed(p: &Profile) -> (Transaction, Transaction, String) {
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let names: Vec<String> = txns.iter().filter_map(|t| t.merchant.clone()).collect();
    let name_words: Vec<String> = names.iter().flat_map(|n| words(n)).collect();
    let buys: Vec<&Transaction> = txns
        .iter()
        .filter(|t| {
            t.amount < -300
                && t.merchant.is_some()
                && !matches!(t.category, Some(Category::Transfer | Category::Income))
        })
        .collect();
    for a in &buys {
        for b in &buys {
            if a.merchant == b.merchant {
                continue;
            }
            let other = words(&b.description);
            let word = words(&a.description).into_iter().find(|w| {
                w.len() >= 4
                    && w.chars().all(|c| c.is_ascii_alphabetic())
                    && !name_words.contains(w)
                    && !other.contains(w)
            });
            if let Some(word) = word {
                return ((*a).clone(), (*b).clone(), word);
            }
        }
    }
    panic!("no purchase with a description word of its own");
}

#[test]
fn a_word_of_the_description_binds_its_alert_not_the_one_just_pushed() {
    let (_d, p, data) = profile();
    let (a, b, word) = pointed(&p);
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    // The second alert is the one just pushed ("Was this you?").
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    let r = reply(&p, &format!("the {word} one wasnt me"), data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{word}: {}",
        r.local_text
    );
    assert_eq!(open_ids(&p), vec!["a1".to_string()]);
}

#[test]
fn a_charge_posted_under_a_new_id_is_found_by_its_payment() {
    let (_d, p, data) = profile();
    let (a, b, word) = pointed(&p);
    // The alert was raised on the pending charge; the posted one has another id.
    let mut gone = alert_of(&a, "a0", data.end);
    gone.txn_ids = vec!["no-longer-held".into()];
    p.raise_alert(&gone, data.end).expect("raise");
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    let r = reply(&p, &format!("the {word} charges werent me"), data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{word}: {}",
        r.local_text
    );
    assert_eq!(open_ids(&p), vec!["a1".to_string()]);
}

#[test]
fn a_pointer_that_fits_no_alert_records_nothing() {
    let (_d, p, data) = profile();
    let (a, _, _) = pointed(&p);
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    for text in ["the zyxwv one wasnt me", "the qqqzz charges werent me"] {
        let r = reply(&p, text, data.end);
        assert!(r.answered_alert.is_none(), "{text}: {}", r.local_text);
        assert_eq!(open_ids(&p), vec!["a0".to_string()], "{text}");
    }
    // "that one" points at the alert just pushed.
    let r = reply(&p, "that one wasnt me", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{}",
        r.local_text
    );
}

#[test]
fn plural_claims_and_a_question_then_a_denial() {
    let (_d, p, data) = profile();
    let (a, b, _) = pointed(&p);
    p.raise_alert(&alert_of(&a, "a0", data.end), data.end)
        .expect("raise");
    p.raise_alert(&alert_of(&b, "a1", data.end), data.end)
        .expect("raise");
    let name_a = a.merchant.clone().expect("merchant").to_lowercase();
    // A question naming the first alert's merchant explains it (the second was pushed last).
    let r = reply(
        &p,
        &format!("got an alert about {name_a} whats that about"),
        data.end,
    );
    assert_eq!(r.alert_id.as_deref(), Some("a0"), "{}", r.local_text);
    assert!(r.answered_alert.is_none());
    let r = reply(&p, "no never shopped there", data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a0".to_string(), false)),
        "{}",
        r.local_text
    );
    let name_b = b.merchant.clone().expect("merchant").to_lowercase();
    let r = reply(&p, &format!("the {name_b} charges werent me"), data.end);
    assert_eq!(
        r.answered_alert,
        Some(("a1".to_string(), false)),
        "{}",
        r.local_text
    );
    assert!(open_ids(&p).is_empty());
}
