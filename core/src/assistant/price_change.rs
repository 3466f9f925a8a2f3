//! "When did Netflix go up", "has my rent gone up", "how much more am I paying for Spotify
//! now": the latest change in what one payee charges, read from the charges stored.
//!
//! The rule, said in the reply: the posted charges at the merchant named over all the stored
//! data, oldest first (for a category named without a merchant, "has my rent gone up", the
//! payee of that category with the most charges, named in the reply); a change is a charge
//! that differs from the one before it by more than 1%. The latest change is told with both
//! amounts and its day; with none, the amount charged every time since the first charge. A
//! question naming neither a merchant nor a category gets asked which one ("is my spending
//! going up" is a spending question, not this one).

use super::answer::{main_currency, period_bounds, visit_period, Query};
use super::cache::{spend_of, Summary};
use super::filter::Filter;
use super::render::{date_text, platform_merchant, plural, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Period;
use crate::model::{Account, TxnStatus};
use crate::money::Currency;
use crate::render::money_fmt::format_money;
use crate::time::{local_date, Date};
use crate::vault::{Result, Vault};
use crate::words::Words;

/// A change is a charge more than this many percent away from the one before it.
const CHANGE_PCT: i64 = 1;

/// What one payee charged, and its latest change.
#[derive(Clone, PartialEq, Eq)]
pub struct PriceChange {
    /// The payee as the vault names it (or as asked, when it has no charges), and whether the
    /// vault knows it.
    pub merchant: (String, bool),
    /// How many charges were read.
    pub charges: usize,
    /// The first charge's day.
    pub first: Option<Date>,
    /// The latest charge's amount (positive).
    pub latest: i64,
    /// The latest change: the amount before, the amount after, and the day of the first
    /// charge at the new amount.
    pub change: Option<(i64, i64, Date)>,
    /// For a payee whose amount varies from charge to charge (a utility bill): the average of
    /// all its charges and the latest charge's day, told instead of the latest change.
    pub usual: Option<(i64, Date)>,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for PriceChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names and amounts stay out of logs.
        f.debug_struct("PriceChange")
            .field("charges", &self.charges)
            .field("changed", &self.change.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether the lower-cased words ask whether a price went up or changed ("did netflix go up",
/// "when did my rent increase", "how much more am i paying for hulu now", "price change"),
/// not about spending as a whole ("is my spending going up").
pub(super) fn asks(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    if any(Words("spend|spending|spent|expenses|balance|limit|apr|rate")) {
        return false;
    }
    let went_up = has("up") && any(Words("go|goes|gone|went|going|go"));
    let raised = any(Words("increase|increased|raised|hike|hiked|pricier"));
    let more_now = has("more") && has("now") && any(Words("paying|pay|charging|charged"));
    let price_changed = any(Words("price|prices|cost")) && any(Words("change|changed|went"));
    // "did netflix get more expensive", "has hulu gotten pricier".
    let dearer = has("expensive") && has("more")
        && any(Words("get|got|gotten|getting|become|became|gone"));
    went_up || raised || more_now || price_changed || dearer
}

/// The charges of the payee asked about, and its latest change. `None` when the question names
/// neither a merchant nor a category (the caller asks which one).
pub(super) fn compute(
    vault: &Vault,
    sel: &[&Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
) -> Result<Option<PriceChange>> {
    let asked = match (&q.slots.merchant, q.slots.category) {
        (Some(m), _) => Some(m.clone()),
        (None, Some(_)) => None,
        (None, None) => return Ok(None),
    };
    let currency = main_currency(sel);
    let all = Period {
        start: crate::intent::slots::period::open_start(),
        end: today.add_days(1),
        label: String::new(),
    };
    let filter = Filter::of_query(q);
    let mut charges: Vec<(i64, Date, String)> = Vec::new();
    visit_period(
        vault,
        summary,
        sel,
        period_bounds(&all, q.offset),
        &filter,
        |t| {
            let (true, Some(spent)) = (
                t.currency == currency && t.status == TxnStatus::Posted && filter.keep(t),
                spend_of(t),
            ) else {
                return;
            };
            if let (true, Some(m)) = (spent > 0, t.merchant) {
                let day = local_date(t.transacted_at, q.offset);
                charges.push((spent, day, m.to_string()));
            }
        },
    )?;
    // A category named: its payee with the most charges (ties to the name first in order).
    let payee = match asked {
        Some(m) => m,
        None => {
            // Counted in a map type the library already holds.
            let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
            for c in &charges {
                *counts.entry(c.2.clone()).or_insert(0) += 1;
            }
            let best = counts
                .iter()
                .max_by_key(|(name, n)| (**n, std::cmp::Reverse(name.as_str())))
                .map(|(name, _)| name.clone());
            match best {
                Some(b) => b,
                None => return Ok(None),
            }
        }
    };
    let lower = payee.to_lowercase();
    charges.retain(|c| q.slots.merchant.is_some() || c.2.to_lowercase() == lower);
    crate::sort::by_key(&mut charges, |c| c.1);
    let shown = charges.first().map_or(payee.clone(), |c| c.2.clone());
    let known = q.slots.merchant.is_none() || q.slots.merchant_known;
    let change = charges
        .windows(2)
        .rfind(|p| (p[1].0 - p[0].0).abs() * 100 > p[0].0 * CHANGE_PCT)
        .map(|p| (p[0].0, p[1].0, p[1].1));
    Ok(Some(PriceChange {
        merchant: (shown, known),
        charges: charges.len(),
        first: charges.first().map(|c| c.1),
        latest: charges.last().map_or(0, |c| c.0),
        change,
        usual: usual_of(&charges),
        currency,
    }))
}

/// The average charge and the latest day, when the amount changed between at least half of
/// the charges in a row (three or more): a bill that varies has no "latest change" to tell.
fn usual_of(charges: &[(i64, Date, String)]) -> Option<(i64, Date)> {
    let changes = charges
        .windows(2)
        .filter(|p| (p[1].0 - p[0].0).abs() * 100 > p[0].0 * CHANGE_PCT)
        .count();
    let n = charges.len();
    let sum: i64 = charges.iter().map(|c| c.0).sum();
    (n >= 3 && changes * 2 >= n - 1).then(|| (sum / n as i64, charges[n - 1].1))
}

/// The reply at each disclosure level: the device always says it all; `summary` gives the
/// direction without figures or names; `minimal` points to the app.
pub(super) fn texts(r: &PriceChange, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let local = sentence(r, &exact, &|m| m.to_string());
    let full = s.level == DisclosureLevel::Full;
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer about that price is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => {
            let platform = match r.change {
                _ if r.charges == 0 => "I see no charges there.".to_string(),
                _ if r.usual.is_some_and(|(avg, _)| r.latest > avg) => {
                    "That amount varies: the latest is above your average.".to_string()
                }
                _ if r.usual.is_some() => "That amount varies: the latest is not above your average.".to_string(),
                Some((a, b, _)) if b > a => "Yes, that price went up.".to_string(),
                Some(_) => "That price changed: it went down.".to_string(),
                None => "No, that price has not changed.".to_string(),
            };
            (local, platform, Vec::new())
        }
        DisclosureLevel::Full => {
            let named = |m: &str| match r.merchant.1 {
                true => platform_merchant(m),
                false => "that merchant".to_string(),
            };
            let mut cats = Vec::new();
            if r.charges > 0 {
                cats.extend([DataCategory::Amount, DataCategory::Date, DataCategory::Number]);
            }
            if r.merchant.1 && full {
                cats.push(DataCategory::Merchant);
            }
            (local, sentence(r, &exact, &named), cats)
        }
    }
}

/// "Netflix went from $15.49 to $17.99 on May 19, 2026 ($2.50 more a charge)."
fn sentence(r: &PriceChange, money: &dyn Fn(i64) -> String, name: &dyn Fn(&str) -> String) -> String {
    let who = name(&r.merchant.0);
    match (r.change, r.first) {
        (_, None) => format!("I see no charges at {who} in your data."),
        (Some((a, b, on)), _) => {
            let word = if b > a { "more" } else { "less" };
            // A bill that varies: its own average too ("is it higher than usual").
            let varies = r.usual.map_or(String::new(), |(avg, _)| {
                format!(" It varies from charge to charge: your average is {} over {} charges.", money(avg), r.charges)
            });
            format!(
                "{who} went from {} to {} on {}, {} ({} {word} a charge).{varies}",
                money(a),
                money(b),
                date_text(on),
                on.year,
                money((b - a).abs())
            )
        }
        (None, Some(first)) => format!(
            "No change: {who} has charged {} every time since {}, {} ({} charge{}).",
            money(r.latest),
            date_text(first),
            first.year,
            r.charges,
            plural(r.charges)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        super::super::shape::words(s)
    }

    #[test]
    fn which_words_ask_about_a_price_change() {
        for q in [
            "when did netflix go up",
            "has my rent gone up",
            "did my insurance go up",
            "how much more am i paying for netflix now",
            "did the spotify price change",
            "when did hulu increase",
            "did netflix get more expensive",
            "has spotify gotten more expensive",
            "is my internet getting more expensive",
        ] {
            assert!(asks(&w(q)), "{q}");
        }
        for q in [
            "is my spending going up",
            "how much did i spend at netflix",
            "did my credit limit go up",
            "what subscriptions do i have",
            "whats more expensive hulu or netflix",
        ] {
            assert!(!asks(&w(q)), "{q}");
        }
    }

    #[test]
    fn the_sentence_gives_the_change_or_the_steady_amount() {
        let day = Date::new(2026, 5, 19).expect("day");
        let mut r = PriceChange {
            merchant: ("Netflix".into(), true),
            charges: 7,
            first: Date::new(2025, 12, 19),
            latest: 1799,
            change: Some((1549, 1799, day)),
            usual: None,
            currency: Currency::USD,
        };
        let usd = |v: i64| format_money(v, Currency::USD, crate::render::money_fmt::Locale::EnUs);
        let named = |m: &str| m.to_string();
        assert_eq!(
            sentence(&r, &usd, &named),
            "Netflix went from $15.49 to $17.99 on May 19, 2026 ($2.50 more a charge)."
        );
        r.change = None;
        assert_eq!(
            sentence(&r, &usd, &named),
            "No change: Netflix has charged $17.99 every time since Dec 19, 2025 (7 charges)."
        );
        // A bill that varies: its average too.
        r.change = Some((1549, 1799, day));
        r.usual = Some((1550, day));
        assert_eq!(
            sentence(&r, &usd, &named),
            "Netflix went from $15.49 to $17.99 on May 19, 2026 ($2.50 more a charge). It varies from charge to charge: your average is $15.50 over 7 charges."
        );
        let c = |a: i64, d: u32| (a, Date::new(2026, 1, d).expect("day"), String::new());
        assert_eq!(usual_of(&[c(100, 1), c(120, 2), c(110, 3)]), Some((110, Date::new(2026, 1, 3).expect("day"))));
        assert_eq!(usual_of(&[c(100, 1), c(100, 2), c(100, 3), c(120, 4)]), None);
    }
}
