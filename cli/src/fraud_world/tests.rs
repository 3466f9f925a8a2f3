//! Tests of the generator itself (determinism, labels, variety); the engine's behaviour on
//! generated lives is tested in `props.rs`.

use super::*;

#[test]
fn same_seed_same_world_and_labels_are_consistent() {
    let mut a = Vec::new();
    let mut b = Vec::new();
    write_world(5, 12, true, &mut a).unwrap();
    write_world(5, 12, true, &mut b).unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    let mut prev = String::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 12, "{line}");
        assert_eq!(f[10] == "1", !f[11].is_empty());
        assert!(f[2] >= prev.as_str(), "time order");
        prev = f[2].to_string();
    }
}

#[test]
fn every_pattern_and_kind_occurs() {
    let mut seen = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    for c in 0..300 {
        for fraud in [Some(true), None] {
            let (p, txns) = card_year(9, c, fraud, true, 0);
            kinds.insert(format!("{:?}", p.kind));
            for t in txns.iter().filter_map(|t| t.pattern) {
                seen.insert(t);
            }
        }
    }
    assert_eq!(seen.len(), attacks::PATTERNS.len(), "{seen:?}");
    assert_eq!(kinds.len(), 4);
}

/// `stolen_familiar` was added on its own random stream: without its rows, every card is
/// exactly the card it was before (its legitimate year and any other pattern's episode), and
/// `--no-familiar` writes that world (the shipped model's training world).
#[test]
fn stolen_familiar_leaves_the_rest_of_the_world_unchanged() {
    let mut familiar = 0;
    for c in 0..200 {
        let (_, before) = card_year(3, c, None, false, 0);
        let (_, now) = card_year(3, c, None, true, 0);
        let kept: Vec<_> = now
            .iter()
            .filter(|t| t.pattern != Some("stolen_familiar"))
            .collect();
        familiar += usize::from(kept.len() < now.len());
        assert_eq!(kept.len(), before.len(), "card {c}");
        for (a, b) in kept.iter().zip(&before) {
            assert_eq!((a.ts, a.cents, &a.merchant), (b.ts, b.cents, &b.merchant));
            assert_eq!(a.pattern, b.pattern);
        }
    }
    assert!((8..=30).contains(&familiar), "{familiar} of 200");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    write_world(3, 40, false, &mut a).unwrap();
    write_world(3, 40, true, &mut b).unwrap();
    let text = String::from_utf8(a).unwrap();
    assert!(!text.contains("stolen_familiar"));
    assert!(String::from_utf8(b).unwrap().contains("stolen_familiar"));
}

/// `stolen_familiar` is what its name says: the person's own merchants, kinds of spending and
/// hours, only the amounts 3–8 times theirs, over at most three weeks, at least two payments.
#[test]
fn stolen_familiar_is_familiar_but_big() {
    let (mut episodes, mut payments, mut all_log_ratio) = (0, 0, 0.0);
    for c in 0..400 {
        let (p, txns) = card_year(11, c, None, true, 0);
        let ep: Vec<_> = txns
            .iter()
            .filter(|t| t.pattern == Some("stolen_familiar"))
            .collect();
        if ep.is_empty() {
            continue;
        }
        episodes += 1;
        assert!((2..=attacks::FAMILIAR_MAX_PAYMENTS as usize).contains(&ep.len()));
        let span = ep[ep.len() - 1].ts - ep[0].ts;
        assert!(span < attacks::FAMILIAR_MAX_DAYS * DAY, "card {c}");
        let mut log_ratio = 0.0;
        for t in &ep {
            let cat = life::CATEGORIES
                .iter()
                .position(|k| k.0 == t.category)
                .unwrap();
            assert!(p.weights[cat] > 0.0);
            assert!(p.regulars[cat].iter().any(|m| m.0 == t.merchant));
            log_ratio += (t.cents as f64 / p.usual_cents(cat)).ln();
        }
        // The geometric mean of an episode's ratios: its multiple (3–8) times the person's own
        // spread (log-normal, sd 0.5, so within a factor 3 even for two payments).
        let ratio = (log_ratio / ep.len() as f64).exp();
        assert!((1.0..24.0).contains(&ratio), "card {c}: {ratio}");
        payments += ep.len();
        all_log_ratio += log_ratio;
    }
    assert!(episodes >= 15, "{episodes}");
    let ratio = (all_log_ratio / payments as f64).exp();
    assert!((3.5..7.5).contains(&ratio), "{ratio}");
}
