//! What a recurring charge costs: "how much is hulu a month", "how much is my phone bill",
//! "is state farm monthly", "how much would I save a year without hulu", "great clips avg
//! price". A calendar average answers none of them: a $17.99 subscription is not "$17.95 a
//! month on average" because one month in six had no charge yet.
//!
//! The price is the payee's typical charge over all the data (or the period named): when
//! every charge is within 5% of the others it is the latest charge ("the same each time");
//! when the latest price has held for three charges or more after other amounts (a price
//! rise), the latest, since when, and the mean before; otherwise their mean, said to vary,
//! with the lowest, the highest and the latest. Whether it
//! is monthly: at least two charges, every gap between them 25 to 35 days, the latest at most
//! 45 days old; the reply then says its usual day and how many months had one. A year's cost
//! is twelve charges when it is monthly, else the charges' pace over the days read.

use super::habits::Named;
use super::payee_history::{Amounts, History};
use super::render::{date_text, platform_merchant, plural, Style};
use super::render_more::Texts;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Slots;
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::words::Words;

/// Days between two charges of a monthly schedule.
const MONTHLY_GAP: std::ops::RangeInclusive<i64> = 25..=35;
/// The most the latest charge may be old for a schedule to still run.
const LAPSED_AFTER_DAYS: i64 = 45;

/// Which question about a price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// What one charge costs ("how much is hulu a month").
    Price,
    /// What a year of it costs, or would save ("how much would i save a year without hulu").
    Yearly,
    /// Whether it is charged monthly ("is state farm monthly").
    IsMonthly,
    /// What one visit costs on average ("great clips avg price").
    PerVisit,
}

/// A monthly schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Monthly {
    /// The usual day of the month, and how many charges came on it.
    pub day: (u32, usize),
    /// Calendar months with a charge, from the first charge's month to the latest's.
    pub months: usize,
    /// Calendar months in that span.
    pub of: usize,
}

/// The answer.
#[derive(Clone, PartialEq, Eq)]
pub struct Price {
    /// The question.
    pub ask: Ask,
    /// What was asked about, as the reply names it.
    pub what: (String, Named),
    /// The charges' amounts.
    pub amounts: Option<Amounts>,
    /// The first and latest charges: day and amount.
    pub first: Option<Date>,
    /// The latest charge.
    pub last: Option<(Date, i64)>,
    /// The schedule, when monthly.
    pub monthly: Option<Monthly>,
    /// When the price changed and has held since (at least three charges at the latest
    /// price): the first charge at it, how many, and the mean of the charges before.
    pub changed: Option<(Date, usize, i64)>,
    /// The usual charge: the latest when steady or since a change, else the mean.
    pub usual: i64,
    /// A year's worth (positive).
    pub yearly: i64,
    /// Currency.
    pub currency: Currency,
}

impl std::fmt::Debug for Price {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, days and amounts stay out of logs.
        f.debug_struct("Price").field("ask", &self.ask).finish_non_exhaustive()
    }
}

/// Which price question the lower-cased words ask, if any (the caller checks that a payee is
/// named).
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let any = |xs: Words| xs.iter().any(&has);
    let pair = |a: &str, b: &[&str]| w.windows(2).any(|p| p[0] == a && b.contains(&p[1].as_str()));
    let past = any(Words("did|was|were|spent|spend|spending|ago|last|since"));
    // "how much do i pay for subscriptions a month": all of them ([`super::subscriptions`]).
    if has("subscriptions") {
        return None;
    }
    let per_month = has("monthly")
        || w.windows(2).any(|p| {
            matches!(p[0].as_str(), "a" | "per" | "every" | "each" | "one") && p[1] == "month"
        });
    let per_year = any(Words("yearly|annually|annual"))
        || w.windows(2).any(|p| matches!(p[0].as_str(), "a" | "per" | "every" | "each") && p[1] == "year");
    let without = any(Words("without|cancel|cancelled|canceled|drop|dropped|quit"));
    if per_year && (any(Words("save|saved|cost|costs|pay|much"))) && !has("spent") {
        return Some(Ask::Yearly);
    }
    if without && any(Words("save|saved|saving")) {
        return Some(Ask::Yearly);
    }
    let first = w.first().map(String::as_str);
    if matches!(first, Some("is" | "are" | "does" | "do" | "am")) && per_month && !has("much") {
        return Some(Ask::IsMonthly);
    }
    let average = any(Words("avg|average|typical|typically|usual|usually|normally"));
    let price_noun = any(Words("price|cost|costs|fee|ticket"));
    if average && price_noun {
        return Some(Ask::PerVisit);
    }
    if past || any(Words("most|least|biggest|total|times|often|left|leftover|save|saved")) {
        return None;
    }
    let how_much = pair("how", &["much"]);
    let present = any(Words("is|does|do|cost|costs|usually|normally|typically|pay"));
    let bill = any(Words("bill|bills|subscription|membership|plan|premium|insurance"));
    let price_words = how_much && present && (per_month || bill) || (has("what") && any(Words("cost|costs")) && per_month);
    price_words.then_some(Ask::Price)
}

/// Whether these charges are a monthly schedule running as of `today`.
fn monthly(h: &History, today: Date) -> Option<Monthly> {
    let c = &h.charges;
    let last = c.last()?;
    if c.len() < 2 || today.days() - last.day.days() > LAPSED_AFTER_DAYS {
        return None;
    }
    if !c.windows(2).all(|p| MONTHLY_GAP.contains(&(p[1].day.days() - p[0].day.days()))) {
        return None;
    }
    let first = c.first()?.day;
    // Every five weeks is not monthly, though each gap is within a month's range: the mean
    // gap must be a month's (26 to 33 days).
    let n = i64::try_from(c.len() - 1).unwrap_or(1).max(1);
    if !(26..=33).contains(&((last.day.days() - first.days()) / n)) {
        return None;
    }
    let of = usize::try_from(last.day.month_index() - first.month_index() + 1).unwrap_or(0);
    let mut days = [0usize; 31];
    let mut months = Vec::new();
    for x in c {
        if let Some(d) = days.get_mut(x.day.day as usize - 1) {
            *d += 1;
        }
        if months.last() != Some(&x.day.month_index()) {
            months.push(x.day.month_index());
        }
    }
    let day = (1..32u32)
        .zip(days)
        .filter(|(_, k)| *k > 0)
        .max_by_key(|(d, k)| (*k, std::cmp::Reverse(*d)))?;
    Some(Monthly {
        day,
        months: months.len(),
        of,
    })
}

/// The answer from the charges read.
pub(super) fn compute(h: &History, slots: &Slots, ask: Ask, today: Date, currency: Currency) -> Price {
    let amounts = Amounts::of(h.charges.iter());
    let monthly = monthly(h, today);
    let last = h.last().map(|c| (c.day, c.amount));
    let changed = changed(h);
    let usual = match amounts {
        Some(a) if a.steady() || changed.is_some() => last.map_or(a.mean, |l| l.1),
        Some(a) => a.mean,
        None => 0,
    };
    let yearly = match (monthly, amounts) {
        (Some(_), _) => usual * 12,
        (None, Some(a)) => {
            let days = (today.days() - h.from.days() + 1).max(1);
            (a.total * 365 + days / 2) / days
        }
        (None, None) => 0,
    };
    Price {
        ask,
        what: what(h, slots),
        amounts,
        first: h.charges.first().map(|c| c.day),
        last,
        monthly,
        changed,
        usual,
        yearly,
        currency,
    }
}

/// The latest price, when it differs from earlier charges and has held for at least three:
/// its first charge, how many, and the mean of the charges before it.
fn changed(h: &History) -> Option<(Date, usize, i64)> {
    let last = h.last()?.amount;
    let same = |a: i64| (a - last).abs() * 20 <= last;
    let run = h.charges.iter().rev().take_while(|c| same(c.amount)).count();
    let before = h.charges.len() - run;
    if run < 3 || before == 0 {
        return None;
    }
    let first = h.charges.get(before)?.day;
    let earlier = Amounts::of(h.charges.iter().take(before))?;
    Some((first, run, earlier.mean))
}

/// What was asked about as the reply names it: the one payee found (as the vault names it),
/// else the kind or category, else the merchant as typed.
pub(super) fn what(h: &History, slots: &Slots) -> (String, Named) {
    let payees: Vec<&String> = h.payees.iter().filter(|p| !p.is_empty()).collect();
    match (payees.as_slice(), &slots.merchant) {
        ([one], _) if slots.merchant_known || slots.merchant.is_none() => ((*one).clone(), Named::Vault),
        (_, Some(m)) if slots.merchant_known => (m.clone(), Named::Vault),
        (_, Some(m)) => (m.clone(), Named::Typed),
        _ => {
            let kind = match (slots.kinds.is_empty(), slots.category) {
                (false, _) => slots.kinds.label(),
                (true, Some(c)) => c.as_str().to_string(),
                (true, None) => String::new(),
            };
            (kind, Named::Kind)
        }
    }
}

/// "1st", "12th", "22nd".
pub(super) fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// Both texts: the device's says it all; `summary` gives rounded amounts only (no name, day
/// or count); `minimal` points to the app.
pub(super) fn texts(p: &Price, s: &Style) -> Texts {
    let exact = |v: i64| format_money(v, p.currency, s.locale);
    let local = sentence(p, &exact, &p.what.0);
    match s.level {
        DisclosureLevel::Minimal => (
            local,
            "Your answer is ready: open the app to view it.".to_string(),
            Vec::new(),
        ),
        DisclosureLevel::Summary => {
            let round = |v: i64| format!("about {}", format_money_rounded(v, p.currency, s.locale));
            let Some(a) = p.amounts else {
                return (local, "I see no charges there.".to_string(), Vec::new());
            };
            let usual = p.usual;
            let text = match (p.ask, p.monthly.is_some()) {
                (Ask::Yearly, _) => format!("{} a year.", capital(&round(p.yearly))),
                (Ask::IsMonthly, true) => format!("Yes, {} a month.", round(usual)),
                (Ask::IsMonthly, false) => {
                    return (local, "No, it is not charged every month.".to_string(), Vec::new())
                }
                (Ask::PerVisit, _) => format!("{} a visit on average.", capital(&round(a.mean))),
                (Ask::Price, _) => format!("{} a charge.", capital(&round(usual))),
            };
            (local, text, vec![DataCategory::Amount])
        }
        DisclosureLevel::Full => {
            let name = match p.what.1 {
                Named::Vault => platform_merchant(&p.what.0),
                Named::Typed => "that merchant".to_string(),
                Named::Kind => p.what.0.clone(),
            };
            let platform = sentence(p, &exact, &name);
            let mut cats = Vec::new();
            match (p.what.1, p.amounts.is_some()) {
                (Named::Vault, _) => cats.push(DataCategory::Merchant),
                (Named::Kind, _) => cats.push(DataCategory::Category),
                (Named::Typed, _) => {}
            }
            if p.amounts.is_some() {
                cats.push(DataCategory::Number);
                // "No: charges at X do not come every month" gives no amount.
                if !(p.ask == Ask::IsMonthly && p.monthly.is_none()) {
                    cats.push(DataCategory::Amount);
                }
                // A year of a monthly charge names no day.
                if !(p.ask == Ask::Yearly && p.monthly.is_some()) {
                    cats.push(DataCategory::Date);
                }
            }
            (local, platform, cats)
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// The sentence, naming the payee `who`.
fn sentence(p: &Price, money: &dyn Fn(i64) -> String, who: &str) -> String {
    let at = match p.what.1 {
        Named::Kind => format!("on {who}"),
        _ => format!("at {who}"),
    };
    let (Some(a), Some((last, last_amount)), Some(first)) = (p.amounts, p.last, p.first) else {
        return format!("I see no charges {at} in your data.");
    };
    let n = a.count;
    let since = format!("{n} charge{} since {}, {}", plural(n), date_text(first), first.year);
    let price = match (a.steady(), p.changed) {
        (false, Some((from, k, before))) => format!(
            "{} a charge since {}, {} ({k} charges; {} on average before that); the last on {}",
            money(last_amount),
            date_text(from),
            from.year,
            money(before),
            date_text(last)
        ),
        (true, _) => format!(
            "{} a charge, the same each time ({since}); the last on {}",
            money(last_amount),
            date_text(last)
        ),
        (false, None) => format!(
            "about {} a charge on average, but it varies: from {} to {} ({since}); the last was {} on {}",
            money(a.mean),
            money(a.low),
            money(a.high),
            money(last_amount),
            date_text(last)
        ),
    };
    let schedule = match p.monthly {
        Some(m) => format!(
            "It comes monthly, usually on the {} ({} of the last {} month{} had one).",
            ordinal(m.day.0),
            m.months,
            m.of,
            plural(m.of)
        ),
        None => "It is not charged every month.".to_string(),
    };
    let usual = p.usual;
    match p.ask {
        Ask::Price => {
            let subject = match p.what.1 {
                Named::Kind => format!("Your {who} charges"),
                _ => who.to_string(),
            };
            format!("{subject}: {price}. {schedule}")
        }
        Ask::PerVisit => format!(
            "{} a visit on average {at} ({since}, from {} to {}); the last was {} on {}.",
            money(a.mean),
            money(a.low),
            money(a.high),
            money(last_amount),
            date_text(last)
        ),
        Ask::IsMonthly => match p.monthly {
            Some(m) => format!(
                "Yes: {} {at} every month, usually on the {} ({} of {} months since {}, {}).",
                money(usual),
                ordinal(m.day.0),
                m.months,
                m.of,
                date_text(first),
                first.year
            ),
            None => format!("No: charges {at} do not come every month ({since}; the last on {}).", date_text(last)),
        },
        Ask::Yearly => match p.monthly {
            Some(_) => format!(
                "About {} a year {at}: 12 monthly charges of {} (without it, you would save that).",
                money(p.yearly),
                money(usual)
            ),
            None => format!(
                "About {} a year {at} at the pace of your data ({since}; it is not charged monthly).",
                money(p.yearly)
            ),
        },
    }
}

/// Answers covering each text, with `field` filling names and `amount` the figures (for the
/// egress property tests).
#[cfg(test)]
pub(super) fn samples(field: &mut dyn FnMut(&str) -> String, amount: &dyn Fn(usize) -> i64) -> Vec<Price> {
    let d = |m, day| Date::new(2025, m, day).expect("a sample day");
    let mut v = Vec::new();
    for ask in [Ask::Price, Ask::Yearly, Ask::IsMonthly, Ask::PerVisit] {
        for (named, steady, monthly, found) in [
            (Named::Vault, true, true, true),
            (Named::Kind, false, false, true),
            (Named::Typed, false, true, true),
            (Named::Vault, true, false, false),
        ] {
            let what = match named {
                Named::Kind => "fuel".to_string(),
                _ => field("SHOP"),
            };
            let (low, high) = (amount(0).abs(), amount(0).abs() + if steady { 0 } else { amount(1).abs() });
            v.push(Price {
                ask,
                what: (what, named),
                amounts: found.then_some(Amounts {
                    count: 7,
                    total: low * 7,
                    mean: (low + high) / 2,
                    low,
                    high,
                }),
                first: found.then(|| d(3, 2)),
                last: found.then(|| (d(11, 3), low)),
                monthly: (found && monthly).then_some(Monthly {
                    day: (5, 7),
                    months: 7,
                    of: 7,
                }),
                changed: (named == Named::Typed).then(|| (d(6, 2), 4, high)),
                usual: low,
                yearly: low * 12,
                currency: Currency::USD,
            });
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::super::payee_history::Charge;
    use super::*;

    fn ask(s: &str) -> Option<Ask> {
        ask_of(&super::super::shape::words(s))
    }

    #[test]
    fn each_question_is_read_from_its_words() {
        for (q, want) in [
            ("how much is hulu a month", Ask::Price),
            ("phone bill how much is every month", Ask::Price),
            ("how much is my verizon bill a month", Ask::Price),
            ("how much is my phone bill", Ask::Price),
            ("what does netflix cost per month", Ask::Price),
            ("how much would i save a year without hulu", Ask::Yearly),
            ("how much does spotify cost a year", Ask::Yearly),
            ("what would i save if i cancel netflix", Ask::Yearly),
            ("is state farm monthly", Ask::IsMonthly),
            ("does hulu charge every month", Ask::IsMonthly),
            ("great clips avg price", Ask::PerVisit),
            ("average cost of a haircut", Ask::PerVisit),
        ] {
            assert_eq!(ask(q), Some(want), "{q}");
        }
        for q in [
            "how much did i spend at hulu last month",
            "how much do i spend a month",
            "how much was my phone bill last month",
            "how many times a month do i go to starbucks",
            "what was my biggest bill",
            "how much have i spent on netflix since june",
        ] {
            assert_eq!(ask(q), None, "{q}");
        }
    }

    fn history(charges: &[(u32, u32, i64)]) -> History {
        let mut h = History::new(Date::new(2025, 12, 6).unwrap());
        h.payees.push("Hulu".into());
        for &(m, d, amount) in charges {
            let year = if m == 12 { 2025 } else { 2026 };
            h.charges.push(Charge {
                day: Date::new(year, m, d).unwrap(),
                amount,
                exact: true,
                payee: 0,
            });
        }
        h
    }

    #[test]
    fn a_steady_monthly_charge_is_its_latest_price_and_twelve_a_year() {
        let today = Date::new(2026, 12, 5).unwrap();
        let h = history(&[(5, 6, 1_799), (6, 6, 1_799), (7, 6, 1_799), (8, 6, 1_799)]);
        // Lapsed: the latest is more than 45 days old.
        assert!(monthly(&h, today).is_none());
        let h = history(&[(9, 6, 1_799), (10, 6, 1_799), (11, 6, 1_799)]);
        let p = compute(&h, &Slots::default(), Ask::Yearly, today, Currency::USD);
        assert_eq!(p.yearly, 12 * 1_799);
        assert_eq!(p.monthly.map(|m| (m.day, m.months, m.of)), Some(((6, 3), 3, 3)));
        let usd = |v: i64| format_money(v, Currency::USD, crate::render::money_fmt::Locale::EnUs);
        let s = sentence(&Price { ask: Ask::Price, ..p.clone() }, &usd, "Hulu");
        assert!(s.starts_with("Hulu: $17.99 a charge, the same each time (3 charges since Sep 6, 2026)"), "{s}");
        assert!(s.contains("usually on the 6th"), "{s}");
    }

    #[test]
    fn a_price_rise_that_held_is_the_new_price() {
        let today = Date::new(2026, 12, 5).unwrap();
        let h = history(&[(6, 19, 1_549), (7, 19, 1_549), (8, 19, 1_799), (9, 19, 1_799), (10, 19, 1_799), (11, 19, 1_799)]);
        let p = compute(&h, &Slots::default(), Ask::Price, today, Currency::USD);
        assert_eq!((p.usual, p.yearly), (1_799, 12 * 1_799));
        let usd = |v: i64| format_money(v, Currency::USD, crate::render::money_fmt::Locale::EnUs);
        let s = sentence(&p, &usd, "Netflix");
        assert!(s.starts_with("Netflix: $17.99 a charge since Aug 19, 2026 (4 charges; $15.49 on average before that)"), "{s}");
        // Two at a new price are not yet a change: the mean, said to vary.
        let h = history(&[(8, 19, 1_549), (9, 19, 1_549), (10, 19, 1_799), (11, 19, 1_799)]);
        assert!(compute(&h, &Slots::default(), Ask::Price, today, Currency::USD).changed.is_none());
    }

    #[test]
    fn a_varying_bill_is_its_mean_with_its_range_and_last() {
        let today = Date::new(2026, 12, 5).unwrap();
        let h = history(&[(9, 12, 9_472), (10, 12, 9_048), (11, 12, 8_149)]);
        let p = compute(&h, &Slots::default(), Ask::Price, today, Currency::USD);
        let usd = |v: i64| format_money(v, Currency::USD, crate::render::money_fmt::Locale::EnUs);
        let s = sentence(&p, &usd, "Verizon Wireless");
        assert!(s.contains("about $88.90 a charge on average, but it varies: from $81.49 to $94.72"), "{s}");
        assert!(s.contains("the last was $81.49 on Nov 12"), "{s}");
        // Every five weeks is not monthly.
        let h = history(&[(6, 16, 2_550), (7, 21, 2_567), (8, 25, 2_401), (9, 29, 2_587), (11, 3, 2_772)]);
        assert!(monthly(&h, today).is_none());
        // Irregular gaps are not monthly; a year is then the pace of the days read.
        let h = history(&[(1, 3, 2_000), (3, 20, 2_000), (4, 1, 2_000)]);
        let p = compute(&h, &Slots::default(), Ask::Yearly, today, Currency::USD);
        assert!(p.monthly.is_none());
        assert_eq!(p.yearly, (6_000 * 365 + 182) / 365);
    }
}
