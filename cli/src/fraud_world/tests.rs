//! Tests of the generator itself (determinism, labels, variety); the engine's behaviour on
//! generated lives is tested in `props.rs`.

use super::*;

#[test]
fn same_seed_same_world_and_labels_are_consistent() {
    let mut a = Vec::new();
    let mut b = Vec::new();
    write_world(5, 12, &mut a).unwrap();
    write_world(5, 12, &mut b).unwrap();
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
        let (p, txns) = card_year(9, c, Some(true), 0);
        kinds.insert(format!("{:?}", p.kind));
        for t in txns.iter().filter_map(|t| t.pattern) {
            seen.insert(t);
        }
    }
    assert_eq!(seen.len(), attacks::PATTERNS.len(), "{seen:?}");
    assert_eq!(kinds.len(), 4);
}
