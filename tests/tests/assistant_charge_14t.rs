//! Issue #14 (first turns heard as out of scope), on the sandbox bank: a charge the person
//! doubts with no alert word ("any charge i should worry about", "are any of my purchases
//! sketchy") is fraud talk answered with the open alert, which stays open (a question records
//! nothing); a ranking of the world's things ("top five movies of the year") gets no figure.

mod support;

use support::{alert_of, open_ids, profile, reply, usd};
use tacit_core::intent::Intent;
use tacit_core::model::Category;
use tacit_core::vault::TxnFilter;

#[test]
fn a_doubted_charge_is_answered_with_the_open_alert() {
    let (_d, p, data) = profile();
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let t = txns
        .iter()
        .find(|t| {
            t.amount < -2000
                && t.merchant.is_some()
                && !matches!(t.category, Some(Category::Transfer | Category::Income))
        })
        .expect("a purchase");
    p.raise_alert(&alert_of(t, "a0", data.end), data.end)
        .expect("raise");
    let merchant = t.merchant.clone().expect("merchant");
    for text in [
        "is there any charge i should worry about",
        "are any of my purchases sketchy",
    ] {
        let r = reply(&p, text, data.end);
        assert_eq!(r.intent, Intent::ReportFraud, "{text}: {}", r.local_text);
        assert!(r.local_text.contains(&merchant), "{text}: {}", r.local_text);
        assert!(
            r.local_text.contains(&usd(-t.amount)),
            "{text}: {}",
            r.local_text
        );
        assert_eq!(r.answered_alert, None, "{text}");
        assert_eq!(open_ids(&p), vec!["a0".to_string()], "{text}");
    }
}

#[test]
fn a_ranking_of_the_world_gets_no_figure() {
    let (_d, p, data) = profile();
    for text in [
        "top five movies of the year",
        "best selling books of all time",
    ] {
        let r = reply(&p, text, data.end);
        assert_eq!(r.intent, Intent::Oos, "{text}: {}", r.local_text);
        assert!(!r.local_text.contains('$'), "{text}: {}", r.local_text);
    }
}
