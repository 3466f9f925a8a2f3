//! Answers about a kind of spending ("how much did I spend on gas last month", "my electric
//! bill", "how many coffees this week", "coffee per week", "more on gas than last month?"):
//! the transactions of that kind only ([`super::kinds`]), never the category's total, and the
//! reply says what it counted: the merchants it found, or, when it found none, how it looks
//! ("I count fuel stations by the bank's merchant code or names such as Shell or Chevron").
//!
//! The platform text follows the disclosure levels as a category's answer does: at
//! `minimal` a fixed text; at `summary` rounded figures and the kind's name (a category);
//! at `full` exact figures and the merchants as the vault names them.

use super::answer::{
    coverage, main_currency, period_bounds, period_or_default, spend_total, visit_period, Answer,
    Query,
};
use super::average::{average, per_purchase, Per};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::phrase::period_phrase;
use super::render::{coverage_note, platform_merchant, platform_period, plural, shows_period};
use super::render::Style;
use super::render_more::{summary_count, Texts};
use super::shape::Shape;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::slots::SpendKinds;
use crate::intent::{Intent, Period};
use crate::model::Account;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::vault::{Result, Vault};
use std::collections::HashMap;
use std::fmt;

/// How many merchants a reply names.
const NAMED: usize = 3;

/// What a kind's answer shows besides its total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindView {
    /// The period's total.
    Total,
    /// How many purchases.
    Count,
    /// The average per day, week, month or purchase, over `days` days.
    Average {
        /// The unit.
        per: Per,
        /// The average (positive), rounded half up.
        average: i64,
        /// Days averaged over.
        days: i64,
    },
    /// The same kind in another period: its label and total.
    Compare {
        /// The other period's label.
        other: String,
        /// Its total.
        other_total: i64,
    },
}

/// Spending of one or more kinds over a period.
#[derive(Clone, PartialEq, Eq)]
pub struct KindSpend {
    /// The kinds asked about.
    pub kinds: SpendKinds,
    /// A merchant also named ("gas at costco"), and whether the vault knows it.
    pub merchant: Option<(String, bool)>,
    /// The period's label.
    pub period: String,
    /// Total spent (positive; refunds netted as in every spending total).
    pub total: i64,
    /// Number of transactions counted.
    pub count: usize,
    /// The merchants counted, as the vault names them, biggest first (at most three).
    pub merchants: Vec<String>,
    /// How many more merchants (or purchases without a merchant name) were counted.
    pub others: usize,
    /// Currency.
    pub currency: Currency,
    /// The first day with data, when the period starts before it.
    pub coverage: Option<Date>,
    /// What else is shown.
    pub view: KindView,
}

impl fmt::Debug for KindSpend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KindSpend")
            .field("kinds", &self.kinds)
            .field("view", &std::mem::discriminant(&self.view))
            .finish_non_exhaustive()
    }
}

/// The spending of the question's kinds in `period`: total, count, purchases, merchants.
struct Found {
    total: i64,
    count: usize,
    purchases: usize,
    merchants: Vec<String>,
    others: usize,
}

fn find(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    q: &Query<'_>,
    period: &Period,
) -> Result<Found> {
    let filter = Filter::of_query(q);
    let currency = main_currency(sel);
    let (mut total, mut count, mut purchases, mut unnamed) = (0i64, 0usize, 0usize, false);
    let mut by_merchant: HashMap<String, i64> = HashMap::new();
    let bounds = period_bounds(period, q.offset);
    visit_period(vault, summary, sel, bounds, &filter, |t| {
        if t.currency != currency || !filter.keep(t) {
            return;
        }
        let Some(spent) = spend_of(t) else { return };
        total += spent;
        count += 1;
        purchases += usize::from(spent > 0);
        match t.merchant {
            Some(m) => *by_merchant.entry(m.to_string()).or_insert(0) += spent,
            None => unnamed = true,
        }
    })?;
    let others = by_merchant.len().saturating_sub(NAMED) + usize::from(unnamed);
    // The biggest few, largest first (ties: the name first in order).
    let mut merchants: Vec<String> = Vec::with_capacity(NAMED);
    for _ in 0..NAMED {
        let best = by_merchant
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(m, _)| m.clone());
        let Some(best) = best else { break };
        by_merchant.remove(&best);
        merchants.push(best);
    }
    Ok(Found {
        total,
        count,
        purchases,
        merchants,
        others,
    })
}

/// The answer to a spending question about kinds, for the shapes it has (a total, a count,
/// an average, two periods compared); `None` for the others (lists, rankings), which the
/// filter restricts to the kinds.
pub(super) fn compute(
    vault: &Vault,
    summary: &Summary,
    sel: &[&Account],
    all_selected: bool,
    q: &Query<'_>,
    today: Date,
) -> Result<Option<Answer>> {
    let (period, view) = match q.shape {
        Shape::Plain if q.intent == Intent::SpendingHistory => {
            (period_or_default(q, today, false), KindView::Total)
        }
        Shape::Count => (period_or_default(q, today, true), KindView::Count),
        Shape::Average(per) => {
            let period = q.slots.period.clone();
            let period = period.unwrap_or_else(|| per.default_period(today));
            (period, KindView::Total)
        }
        Shape::Compare(other) => {
            let first = match &q.slots.period {
                Some(p) if p.start != other.start || p.end != other.end => p.clone(),
                _ => Period {
                    start: today.first_of_month(),
                    end: today.add_days(1),
                    label: "this month so far".into(),
                },
            };
            let (b, _) = spend_total(vault, sel, all_selected, summary, q, other)?;
            let view = KindView::Compare {
                other: other.label.clone(),
                other_total: b,
            };
            (first, view)
        }
        _ => return Ok(None),
    };
    let found = find(vault, summary, sel, q, &period)?;
    // "how much do i pay for internet" with none this month: over all the data, said so.
    if found.count == 0 && q.slots.period.is_none() && *q.shape == Shape::Plain {
        if let Some(wider) = super::answer::all_history(q, summary, today) {
            return compute(vault, summary, sel, all_selected, &wider.query(q), today);
        }
    }
    // "coffee at peets" with nothing there: no charges at the merchant named, as for any
    // merchant question.
    if let (0, Some(m), false) = (
        found.count,
        &q.slots.merchant,
        matches!(view, KindView::Compare { .. }),
    ) {
        return Ok(Some(Answer::NoCharges {
            merchant: m.clone(),
            merchant_known: q.slots.merchant_known,
            period: period.label,
        }));
    }
    let cover = coverage(vault, summary, &period, q.offset)?;
    let view = match (q.shape, view) {
        (Shape::Average(per), _) => {
            let start = cover.map_or(period.start, |d| d.max(period.start));
            let end = period.end.min(today.add_days(1));
            let days = (end.days() - start.days()).max(1);
            let value = match per {
                Per::Purchase => per_purchase(found.total, found.count),
                _ => average(found.total, days, *per),
            };
            KindView::Average {
                per: *per,
                average: value,
                days,
            }
        }
        (_, view) => view,
    };
    Ok(Some(Answer::Kinds(Box::new(KindSpend {
        kinds: q.slots.kinds,
        merchant: q.slots.merchant.clone().map(|m| (m, q.slots.merchant_known)),
        period: period.label,
        total: found.total,
        count: if view == KindView::Count {
            found.purchases
        } else {
            found.count
        },
        merchants: found.merchants,
        others: found.others,
        currency: main_currency(sel),
        coverage: cover,
        view,
    }))))
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => rest.join(", ") + " and " + last,
    }
}

/// "Shell", "Shell and Chevron", "Shell, Chevron and Exxon", "Shell and 2 other places"
/// ("Shell and other places" when `counted` is false: the platform text carries no count).
fn names(list: &[String], others: usize, counted: bool, name: &dyn Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = list.iter().map(|m| name(m)).collect();
    match (others, counted) {
        (0, _) => {}
        (1, true) => parts.push("one other place".into()),
        (n, true) => parts.push(n.to_string() + " other places"),
        (_, false) => parts.push("other places".into()),
    }
    join_and(&parts)
}

/// "purchases" for what people buy, "payments" for bills.
fn noun(kinds: SpendKinds) -> &'static str {
    use crate::intent::slots::SpendKind::*;
    let bills = kinds.iter().all(|k| {
        matches!(
            k,
            Electricity | UtilityGas | Water | Phone | Internet | Insurance | Streaming
        )
    });
    if bills {
        "payments"
    } else {
        "purchases"
    }
}

/// What none of the kinds is called: "fuel purchases", "flight purchases", "hotel stays",
/// "electricity or water payments" (kinds sharing a noun joined with "or", each as a
/// modifier in the singular: never "flights purchases").
fn none_of(kinds: SpendKinds) -> String {
    use crate::intent::slots::SpendKind::*;
    if kinds.label() == "utilities" {
        return "utility payments".to_string();
    }
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for k in kinds.iter() {
        let (word, noun) = match k {
            Flights => ("flight", "purchases"),
            Hotels => ("hotel", "stays"),
            Movies => ("movie", "tickets"),
            Events => ("concert or event", "tickets"),
            GiftCards => ("gift card", "purchases"),
            Alcohol => ("bar or liquor store", "purchases"),
            Haircuts => ("haircut", "payments"),
            FoodDelivery => ("food delivery", "purchases"),
            Clothing => ("clothing", "purchases"),
            Rides => ("ride or taxi", "fares"),
            Transit => ("public transit", "fares"),
            Internet => ("internet or cable", "payments"),
            Electricity | UtilityGas | Water | Phone | Insurance | Streaming => {
                (k.as_str(), "payments")
            }
            Fuel | Coffee | FastFood | Parking => (k.as_str(), "purchases"),
        };
        match groups.iter_mut().find(|g| g.0 == noun) {
            Some(g) => g.1.push(word),
            None => groups.push((noun, vec![word])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(noun, words)| words.join(" or ") + " " + noun)
        .collect();
    parts.join(" or ")
}

/// The words around a kind's figures, for one of the two texts.
struct Words {
    /// "fuel", "fuel and parking".
    label: String,
    /// " at Costco" for a merchant named in the question.
    at: String,
    /// " at Shell and Chevron": the merchants found.
    found: String,
    /// "last month", "in September 2026".
    period: String,
    /// The other period of a comparison.
    other: String,
}

impl Words {
    /// The device's words (everything as asked and found) or the platform's (a merchant
    /// named only when the vault knows it, merchants found and dates only at `full`).
    fn of(k: &KindSpend, platform: bool, full: bool) -> Words {
        let name = |m: &str| match platform {
            true => platform_merchant(m),
            false => m.to_string(),
        };
        let at = match &k.merchant {
            Some((m, known)) if !platform || full && *known => " at ".to_string() + &name(m),
            Some(_) => " at that merchant".to_string(),
            None => String::new(),
        };
        let listed = k.merchant.is_none() && !k.merchants.is_empty() && (!platform || full);
        let found = match listed {
            true => " at ".to_string() + &names(&k.merchants, k.others, !platform, &name),
            false => String::new(),
        };
        let phrase = |label: &str| match platform {
            true => period_phrase(&platform_period(label, full)),
            false => period_phrase(label),
        };
        let other = match &k.view {
            KindView::Compare { other, .. } => phrase(other),
            _ => String::new(),
        };
        Words {
            label: k.kinds.label(),
            at,
            found,
            period: phrase(&k.period),
            other,
        }
    }
}

/// Whether nothing of the kinds was found (a comparison still has the other period's).
fn found_none(k: &KindSpend) -> bool {
    k.count == 0 && !matches!(k.view, KindView::Compare { .. })
}

/// Both texts of a kind's answer.
pub(super) fn texts(k: &KindSpend, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, k.currency, s.locale);
    let local = text(k, &Words::of(k, false, true), &exact, true, true);
    if s.level == DisclosureLevel::Minimal {
        let platform = "Your spending summary is ready: open the app to view it.".to_string();
        return (local, platform, Vec::new());
    }
    let full = s.level == DisclosureLevel::Full;
    let w = Words::of(k, true, full);
    let rounded = |v: i64| match full {
        true => format_money(v, k.currency, s.locale),
        false => "about ".to_string() + &format_money_rounded(v, k.currency, s.locale),
    };
    let mut cats = vec![DataCategory::Category];
    let other = match &k.view {
        KindView::Compare { other, .. } => shows_period(other, full),
        _ => false,
    };
    if shows_period(&k.period, full) || other {
        cats.push(DataCategory::Date);
    }
    // The merchants found are listed with a total or a count (not with an average or a
    // comparison, whose figures they would not explain).
    let lists = !found_none(k) && matches!(k.view, KindView::Total | KindView::Count);
    if full && (matches!(k.merchant, Some((_, true))) || lists && !w.found.is_empty()) {
        cats.push(DataCategory::Merchant);
    }
    match (found_none(k), &k.view) {
        (true, _) => {}
        (false, KindView::Count) => cats.push(DataCategory::Number),
        (false, _) => cats.push(DataCategory::Amount),
    }
    (local, text(k, &w, &rounded, false, full), cats)
}

/// One text: `device` adds the count of purchases, how a kind is looked for, and where the
/// data starts; `exact_count` says the count exactly (else "fewer than 10", "about 20").
/// Built from pieces joined once (smaller code than a template per view).
fn text(
    k: &KindSpend,
    w: &Words,
    money: &dyn Fn(i64) -> String,
    device: bool,
    exact_count: bool,
) -> String {
    let noun = noun(k.kinds);
    let counted = match k.count {
        1 => "1 ".to_string() + noun.trim_end_matches('s'),
        n => n.to_string() + " " + noun,
    };
    let (total, note) = (money(k.total), coverage_note(k.coverage));
    let on = [" on ", w.label.as_str(), &w.at, " ", &w.period];
    let mut p: Vec<&str> = Vec::with_capacity(16);
    let (ways, n, avg, days, other, delta);
    match &k.view {
        _ if found_none(k) => {
            ways = none_of(k.kinds);
            p.extend(["I found no ", &ways, &w.at, " ", &w.period]);
            if device {
                other = k.kinds.iter().map(super::kinds::how).collect::<Vec<_>>().join("; ");
                p.extend([" (I count ", &other, ")"]);
            }
            p.push(".");
            return p.concat();
        }
        KindView::Total => {
            if k.total < 0 {
                n = money(k.total.saturating_neg());
                p.extend(["Refunds came to ", &n, " more than you spent"]);
            } else {
                p.extend(["You spent ", &total]);
            }
            p.extend(on);
            p.push(&w.found);
            if device {
                p.extend([" (", &counted, ")"]);
            }
        }
        KindView::Count => {
            n = match exact_count {
                true => k.count.to_string(),
                false => summary_count(k.count),
            };
            let plural = if exact_count { plural(k.count) } else { "s" };
            p.extend([n.as_str(), " purchase", plural, " of ", &w.label, &w.at, " ", &w.period]);
            p.push(&w.found);
        }
        KindView::Average { per, average, days: d } => {
            avg = money(*average);
            p.extend(["On average you spent ", &avg, " a ", per.word()]);
            p.extend(on);
            if device {
                p.extend([": ", &total]);
                if *per != Per::Purchase {
                    days = d.to_string();
                    p.extend([" in all over ", &days, " days"]);
                }
                p.extend([" (", &counted, ")", &w.found]);
            }
        }
        KindView::Compare { other_total, .. } => {
            other = money(*other_total);
            let diff = k.total - other_total;
            delta = match diff.signum() {
                0 => "the same".to_string(),
                1 => money(diff) + " more " + &w.period,
                _ => money(diff.saturating_neg()) + " less " + &w.period,
            };
            p.extend(["You spent ", &total]);
            p.extend(on);
            p.extend([" and ", &other, " ", &w.other, ": ", &delta]);
        }
    }
    p.push(".");
    if device {
        p.push(&note);
    }
    p.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_found_is_grammatical_for_every_kind() {
        use crate::intent::slots::SpendKind;
        for k in SpendKind::ALL {
            let t = none_of(SpendKinds::of(k));
            let first = t.split(' ').next().unwrap_or("");
            // A modifier in the singular ("flight purchases", "hotel stays"), one noun.
            assert!(!first.ends_with('s') || first == "fares", "{k:?}: {t}");
            let nouns = ["purchases", "payments", "stays", "tickets", "fares"];
            assert!(nouns.iter().any(|n| t.ends_with(n)), "{k:?}: {t}");
            assert_eq!(t.split(' ').filter(|w| nouns.contains(w)).count(), 1, "{t}");
        }
        let of = |ks: &[SpendKind]| {
            let mut set = SpendKinds::default();
            ks.iter().for_each(|k| set.insert(*k));
            none_of(set)
        };
        assert_eq!(of(&[SpendKind::Flights]), "flight purchases");
        assert_eq!(of(&[SpendKind::Hotels]), "hotel stays");
        assert_eq!(of(&[SpendKind::Fuel, SpendKind::Parking]), "fuel or parking purchases");
        assert_eq!(
            of(&[SpendKind::Flights, SpendKind::Hotels]),
            "flight purchases or hotel stays"
        );
    }

    #[test]
    fn merchant_lists_read_as_english() {
        let l = |v: &[&str], o| {
            let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
            names(&v, o, true, &|m| m.to_string())
        };
        assert_eq!(l(&["Shell"], 0), "Shell");
        assert_eq!(l(&["Shell", "Chevron"], 0), "Shell and Chevron");
        assert_eq!(l(&["Shell", "Chevron", "Exxon"], 0), "Shell, Chevron and Exxon");
        assert_eq!(l(&["Shell"], 2), "Shell and 2 other places");
        let v = vec!["Shell".to_string()];
        assert_eq!(names(&v, 2, false, &|m| m.to_string()), "Shell and other places");
    }
}
