//! Superlatives over a category or a kind of spending: "most expensive gas fill up ever",
//! "cheapest coffee this year", "top 3 dining", "what do i spend the most on in groceries".
//! A category word with a superlative asks for the one purchase (the biggest or smallest) or
//! for the merchants ranked inside the category, never for the category's total, which is all
//! a ranking of categories filtered to one category could say.
//!
//! The category or kind comes from the slots, which [`super::shape::shape_of`] does not see:
//! [`inside_category`] refines its shape once the slots are known. The word tests the shape
//! reader shares ("which store", "what i spend most on", "the most expensive restaurant")
//! live here too.

use super::shape::{RankBy, Shape};
use crate::intent::{Period, Slots};
use crate::words::Words;

/// A word for merchants: "store", "restaurants", "vendor", "gas station" (its second word).
pub(super) fn merchant_noun(v: &str) -> bool {
    v.starts_with("merchant")
        || v.starts_with("retailer")
        || matches!(
            v,
            "store" | "stores" | "shop" | "shops" | "place" | "places" | "vendor" | "vendors"
                | "restaurant" | "restaurants" | "station" | "stations" | "supermarket"
                | "supermarkets" | "cafe" | "cafes" | "bar" | "bars"
        )
}

/// "what do i spend the most on", "what i spend most in october", "the biggest thing i spend
/// money on", "what did i spend the least on": where the money goes most (or least), by
/// category (a following "recently" or "often" is no ranking: "what did i spend most
/// recently").
pub(super) fn spent_most_or_least(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let verb = |i: usize| matches!(at(i), "spend" | "spent" | "blow" | "blew");
    let most = (0..w.len()).any(|i| {
        let the = usize::from(at(i + 1) == "the");
        verb(i)
            && matches!(at(i + 1 + the), "most" | "least")
            && !matches!(at(i + 2 + the), "recent" | "recently" | "often" | "frequently" | "likely")
    });
    // "the biggest things i spend on".
    let thing = w.iter().any(|v| v == "thing" || v == "things")
        && w.iter().any(|v| matches!(v.as_str(), "biggest" | "largest" | "most" | "top"))
        && (0..w.len()).any(verb);
    most || thing
}

/// "most expensive", "priciest", "cheapest", "least expensive": a price asked of a merchant
/// ("the most expensive restaurant" is where a visit costs the most), not spending there.
pub(super) fn asks_price(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let spent = Words("spend|spent|spending|money|paid|pay").iter().any(&has);
    !spent && (has("expensive") || has("priciest") || has("pricey") || has("cheapest"))
}

/// A ranking of categories or merchants, or the biggest or smallest purchases, that names no
/// period asks over the one the conversation is about ("how much in september", then "which
/// store do i spend most on for groceries"): `prev`, the previous turn's period, if any.
pub(super) fn inherit_period(prev: Option<Period>, shape: &Shape, mut slots: Slots) -> Slots {
    let ranks = matches!(
        shape,
        Shape::Rank(RankBy::Category | RankBy::Merchant, _)
            | Shape::Least(RankBy::Category | RankBy::Merchant)
            | Shape::Largest(_)
            | Shape::Smallest(_)
    );
    if ranks && slots.period.is_none() && !slots.period_unclear {
        slots.period = prev;
    }
    slots
}

/// "top 3" or "3 biggest": the number asked, if any.
fn asked_number(w: &[String]) -> Option<usize> {
    let number = |v: &str| v.parse::<usize>().ok().filter(|n| (1..=10).contains(n));
    w.windows(2).find_map(|p| match (p[0].as_str(), p[1].as_str()) {
        ("top", n) => number(n),
        (n, "biggest" | "largest" | "smallest" | "cheapest") => number(n),
        _ => None,
    })
}

/// The shape of a question whose slots name a category or a kind of spending and no merchant:
/// a superlative there is the biggest or smallest purchase, or the merchants ranked inside it.
/// Any other question's shape is kept.
pub(super) fn inside_category(shape: Shape, w: &[String], slots: &Slots) -> Shape {
    let named = slots.category.is_some() || !slots.kinds.is_empty();
    if !named || slots.merchant.is_some() {
        return shape;
    }
    let has = |x: &str| w.iter().any(|v| v == x);
    let asks_categories = w.iter().any(|v| v.starts_with("categor"));
    match shape {
        // "what did i spend the most on in dining": the restaurants, not dining's one row.
        Shape::Rank(RankBy::Category, n) if !asks_categories => Shape::Rank(RankBy::Merchant, n),
        Shape::Least(RankBy::Category) if !asks_categories => Shape::Least(RankBy::Merchant),
        Shape::Plain => {
            let n = asked_number(w);
            let biggest = has("biggest")
                || has("largest")
                || has("priciest")
                || has("highest")
                || has("most") && has("expensive");
            let smallest = has("smallest")
                || has("cheapest")
                || has("lowest")
                || has("least") && has("expensive");
            match (biggest, smallest, has("top")) {
                (true, false, _) => Shape::Largest(n.unwrap_or(1)),
                (false, true, _) => Shape::Smallest(n.unwrap_or(1)),
                // "top 3 dining this year": the merchants.
                (false, false, true) => Shape::Rank(RankBy::Merchant, n.unwrap_or(3)),
                _ => Shape::Plain,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::{shape_of, words};
    use super::*;
    use crate::intent::slots::{SpendKind, SpendKinds};
    use crate::model::Category;
    use crate::time::Date;

    fn refined(text: &str, slots: &Slots) -> Shape {
        let today = Date::new(2026, 12, 5).unwrap();
        inside_category(shape_of(text, today), &words(text), slots)
    }

    fn category(c: Category) -> Slots {
        Slots {
            category: Some(c),
            ..Slots::default()
        }
    }

    fn kind(k: SpendKind) -> Slots {
        Slots {
            kinds: SpendKinds::of(k),
            ..Slots::default()
        }
    }

    /// A superlative with a kind or category is the one purchase, never the total.
    #[test]
    fn the_one_purchase_inside_a_category() {
        let fuel = kind(SpendKind::Fuel);
        assert_eq!(refined("most expensive gas fill up ever", &fuel), Shape::Largest(1));
        assert_eq!(refined("priciest fill up this year", &fuel), Shape::Largest(1));
        assert_eq!(refined("highest gas this year", &fuel), Shape::Largest(1));
        let dining = category(Category::Dining);
        assert_eq!(refined("cheapest dining last month", &dining), Shape::Smallest(1));
        assert_eq!(refined("my 3 biggest dining in october", &dining), Shape::Largest(3));
        // Without a category it is not this rule's.
        assert_eq!(refined("most expensive fill up", &Slots::default()), Shape::Plain);
        // A total stays a total.
        assert_eq!(refined("how much on gas this year", &fuel), Shape::Plain);
    }

    /// A ranking of categories inside one category ranks its merchants.
    #[test]
    fn rankings_inside_a_category_rank_merchants() {
        let groceries = category(Category::Groceries);
        for q in ["what do i spend the most on in groceries", "top 3 groceries this year"] {
            assert!(
                matches!(refined(q, &groceries), Shape::Rank(RankBy::Merchant, _)),
                "{q}"
            );
        }
        assert_eq!(
            refined("what did i spend the least on for groceries", &groceries),
            Shape::Least(RankBy::Merchant)
        );
        assert_eq!(
            refined("which store do i spend most on for groceries", &groceries),
            Shape::Rank(RankBy::Merchant, 1)
        );
        assert_eq!(
            refined("which restaurant did i spend the least at", &category(Category::Dining)),
            Shape::Least(RankBy::Merchant)
        );
        // "by category" asked: the categories.
        assert_eq!(
            refined("spending by category", &groceries),
            Shape::Rank(RankBy::Category, 5)
        );
        // A merchant named: not a category's superlative.
        let at_costco = Slots {
            merchant: Some("Costco".into()),
            ..groceries
        };
        assert_eq!(refined("top groceries at costco", &at_costco), Shape::Plain);
    }

    #[test]
    fn a_ranking_keeps_the_conversations_period() {
        let today = Date::new(2026, 12, 5).unwrap();
        let september = crate::intent::slots::period::find_period_in("in september", today);
        let rank = Shape::Rank(RankBy::Merchant, 1);
        let s = inherit_period(september.clone(), &rank, category(Category::Groceries));
        assert_eq!(s.period, september);
        // A period of its own, or one not understood, stays.
        let own = Slots {
            period: crate::intent::slots::period::find_period_in("last week", today),
            ..Slots::default()
        };
        assert_eq!(inherit_period(september.clone(), &rank, own.clone()).period, own.period);
        let unclear = Slots {
            period_unclear: true,
            ..Slots::default()
        };
        assert_eq!(inherit_period(september.clone(), &rank, unclear).period, None);
        // A total, or a ranking of months, is not this rule's.
        assert_eq!(inherit_period(september.clone(), &Shape::Plain, Slots::default()).period, None);
        let months = Shape::Rank(RankBy::Month, 1);
        assert_eq!(inherit_period(september, &months, Slots::default()).period, None);
    }

    #[test]
    fn word_tests() {
        assert!(spent_most_or_least(&words("and what i spend most in october")));
        assert!(spent_most_or_least(&words("what do i spend the most on")));
        assert!(spent_most_or_least(&words("the biggest things i spend money on")));
        assert!(spent_most_or_least(&words("what did i spend the least on")));
        assert!(!spent_most_or_least(&words("what did i spend most recently")));
        assert!(!spent_most_or_least(&words("did i spend at least 50 at costco")));
        assert!(!spent_most_or_least(&words("how much did i spend on groceries")));
        assert!(asks_price(&words("most expensive restaurant this year")));
        assert!(asks_price(&words("cheapest grocery store")));
        assert!(!asks_price(&words("which store did i spend the most at")));
        assert!(merchant_noun("restaurants") && merchant_noun("station"));
        assert!(!merchant_noun("where"));
        assert_eq!(asked_number(&words("top 3 groceries")), Some(3));
        assert_eq!(asked_number(&words("my 2 biggest gas")), Some(2));
        assert_eq!(asked_number(&words("biggest gas")), None);
    }
}
