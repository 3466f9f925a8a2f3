//! Unit tests of [`super`]: one per edit rule.

use super::*;
use crate::egress::DisclosureLevel;
use crate::model::Category;

fn today() -> Date {
    Date::new(2026, 12, 5).unwrap()
}

fn period(text: &str) -> Option<Period> {
    crate::intent::slots::period::find_period_in(text, today())
}

fn turn(slots: Slots, shape: Shape) -> Turn {
    Turn::new(Intent::SpendingHistory, slots, shape, 0, DisclosureLevel::Full)
}

fn cat(c: Category, p: &str) -> Slots {
    Slots {
        category: Some(c),
        period: period(p),
        ..Slots::default()
    }
}

fn merchant(m: &str) -> Slots {
    Slots {
        merchant: Some(m.into()),
        merchant_known: true,
        ..Slots::default()
    }
}

fn without(c: Category) -> Slots {
    Slots {
        exclude_categories: vec![c],
        ..Slots::default()
    }
}

#[test]
fn exclusions_are_added_to_those_before() {
    let mut s = without(Category::Housing);
    add_exclusions(&mut s, &without(Category::Groceries));
    assert_eq!(s.exclude_categories, vec![Category::Housing, Category::Groceries]);
    add_exclusions(&mut s, &without(Category::Groceries));
    assert_eq!(s.exclude_categories.len(), 2);
    // Two merchants left out: both kept, the vault's name among the further ones.
    let mut s = Slots {
        exclude_merchant: Some("Amazon".into()),
        exclude_merchant_known: true,
        ..Slots::default()
    };
    let costco = Slots {
        exclude_merchant: Some("Costco".into()),
        exclude_merchant_known: true,
        ..Slots::default()
    };
    add_exclusions(&mut s, &costco);
    assert_eq!(s.exclude_merchant.as_deref(), Some("Amazon"));
    assert_eq!(s.exclude_also, vec!["Costco".to_string()]);
}

#[test]
fn an_exclusion_alone_edits_the_previous_question() {
    let spent = Slots {
        period: period("last month"),
        ..without(Category::Housing)
    };
    let prev = turn(spent, Shape::Largest(3));
    for q in ["leave out the groceries", "and without groceries", "what about without groceries too"] {
        let (i, s, shape) = edit(&prev, q, &without(Category::Groceries), &Shape::Plain).expect(q);
        assert_eq!(i, Intent::SpendingHistory, "{q}");
        assert_eq!(s.exclude_categories, vec![Category::Housing, Category::Groceries], "{q}");
        assert_eq!(s.period, period("last month"), "{q}");
        assert_eq!(shape, Shape::Largest(3), "{q}");
    }
    // A question of its own before the cue.
    assert!(edit(&prev, "spending without groceries", &without(Category::Groceries), &Shape::Plain).is_none());
}

#[test]
fn a_subject_added_joins_those_asked() {
    let target = Slots {
        period: period("this year"),
        ..merchant("Target")
    };
    let prev = turn(target.clone(), Shape::Plain);
    for q in ["and home depot too", "add home depot to that"] {
        let (_, s, shape) = edit(&prev, q, &merchant("The Home Depot"), &Shape::Plain).expect(q);
        assert_eq!(s.period, period("this year"));
        match shape {
            Shape::Versus(p) => assert!(p.both && p.sides.len() == 2, "{q}"),
            other => panic!("{q}: {other:?}"),
        }
    }
    // Two already: three together.
    let two = pair_of(&target, &merchant("Walmart"), true).unwrap();
    let prev = turn(target, Shape::Versus(Box::new(two)));
    match edit(&prev, "and home depot too", &merchant("The Home Depot"), &Shape::Plain) {
        Some((_, _, Shape::Versus(p))) => assert_eq!(p.sides.len(), 3),
        other => panic!("{other:?}"),
    }
    // No word that adds: a question about Home Depot alone (the general follow-up rule).
    assert!(edit(&prev, "and home depot", &merchant("The Home Depot"), &Shape::Plain).is_none());
}

#[test]
fn a_merchant_ranking_after_a_category_stays_inside_it() {
    let prev = turn(cat(Category::Groceries, "last month"), Shape::Plain);
    let nov = Slots {
        period: period("november"),
        ..Slots::default()
    };
    let rank = Shape::Rank(RankBy::Merchant, 1);
    let (_, s, shape) = edit(&prev, "which store was the most in november", &nov, &rank).unwrap();
    assert_eq!((s.category, s.period, shape), (Some(Category::Groceries), period("november"), rank.clone()));
    // "overall" asks of all spending.
    assert!(edit(&prev, "which store was the most overall", &nov, &rank).is_none());
}

#[test]
fn a_comparison_with_the_previous_figure() {
    let prev = turn(cat(Category::Dining, "last 3 months"), Shape::Plain);
    let groceries = Slots {
        category: Some(Category::Groceries),
        ..Slots::default()
    };
    match edit(&prev, "is that more than i spend on groceries", &groceries, &Shape::Plain) {
        Some((_, s, Shape::Versus(p))) => {
            assert!(!p.both && p.sides.len() == 2);
            assert_eq!(s.period, period("last 3 months"));
        }
        other => panic!("{other:?}"),
    }
    let all = turn(
        Slots {
            period: period("last month"),
            ..Slots::default()
        },
        Shape::Plain,
    );
    let oct = Slots {
        period: period("october"),
        ..Slots::default()
    };
    let (_, s, shape) = edit(&all, "is it more than october", &oct, &Shape::Plain).unwrap();
    assert_eq!((s.period, shape), (period("last month"), Shape::Compare(period("october").unwrap())));
    // Against the usual, or a period of its own: a question of its own.
    assert!(edit(&all, "is that more than usual", &Slots::default(), &Shape::Plain).is_none());
    let q = "did i spend more this year than last year";
    assert!(edit(&all, q, &oct, &Shape::Plain).is_none());
}

#[test]
fn the_period_after_the_previous_one() {
    assert_eq!(after_previous("and the month after"), Some(Some("month".into())));
    assert_eq!(after_previous("the day after?"), Some(Some("day".into())));
    assert_eq!(after_previous("and after that"), Some(None));
    assert_eq!(after_previous("the following month"), Some(Some("month".into())));
    assert_eq!(after_previous("the following day?"), Some(Some("day".into())));
    assert_eq!(after_previous("spending after my trip"), None);
    assert_eq!(after_previous("the month after next"), None);
    let oct = period("october").unwrap();
    let nov = period_after(&oct, Some("month")).unwrap();
    assert_eq!((nov.start, nov.end, nov.label.as_str()), (period("november").unwrap().start, period("november").unwrap().end, "November 2026"));
    let day = period("nov 3").unwrap();
    let next = period_after(&day, Some("day")).unwrap();
    assert_eq!((next.start, next.label.as_str()), (Date::new(2026, 11, 4).unwrap(), "November 4, 2026"));
    assert_eq!(period_after(&oct, None).unwrap().start, nov.start);
}
