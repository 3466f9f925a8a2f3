//! Two merchants, categories or accounts compared over one period: "amazon vs walmart last
//! month", "did i spend more at target or costco", "groceries compared to dining this year",
//! "my card vs checking last month".
//!
//! The message is split at its comparison cue and each side's slots are read on their own
//! (with the vault's merchants, like any question). Only when both sides name something, and
//! name different things, is it a comparison of two; otherwise the message is what it was
//! before (a period comparison, or one merchant). Answering one side of such a question would
//! be a figure for something the person did not ask about alone, which is why this exists.

use super::answer::{
    label, main_currency, period_or_default, select, spend_total, AccountLabel, Answer, Query,
};
use super::cache::Summary;
use super::phrase::period_phrase;
use super::render::{platform_merchant, platform_period, shows_period, Style};
use super::render_more::Texts;
use super::shape::words;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::slots::SpendKinds;
use crate::intent::{
    extract_side_slots, extract_slots, AccountSelector, Period, SlotContext, Slots,
};
use crate::model::{Account, AccountKind, Category};
use crate::money::Currency;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;
use crate::vault::{Result, Vault};
use std::fmt;
use crate::words::Words;

/// Two or more things asked about over one period, compared ("amazon vs walmart", "chevron
/// vs shell vs exxon": ranked) or together ("gas and groceries": the totals and their sum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Every side (at least two), in the order asked.
    pub sides: Vec<Side>,
    /// Together, not compared.
    pub both: bool,
}

/// One side of a comparison of two.
#[derive(Clone, PartialEq, Eq)]
pub enum Side {
    /// A merchant: as the vault names it when `known`, else as the person wrote it.
    Merchant {
        /// The name.
        name: String,
        /// Whether the vault knows it.
        known: bool,
    },
    /// A spending category.
    Category(Category),
    /// Kinds of spending narrower than a category ("gas and groceries": fuel).
    Kind(SpendKinds),
    /// An account or every account of a kind ("my card", "checking"); `label` is filled in
    /// when the answer is computed, from the accounts the selector picks.
    Account {
        /// Which account(s).
        selector: AccountSelector,
        /// How replies name it.
        label: Option<AccountLabel>,
    },
}

impl fmt::Debug for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A merchant's name is financial data: only its kind is shown.
        match self {
            Side::Merchant { known, .. } => write!(f, "Merchant(<redacted>, known: {known})"),
            Side::Category(c) => write!(f, "Category({c:?})"),
            Side::Kind(k) => write!(f, "Kind({k:?})"),
            Side::Account { selector, .. } => match selector {
                AccountSelector::Kind(k) => write!(f, "Account(kind {k:?})"),
                _ => write!(f, "Account(<redacted>)"),
            },
        }
    }
}

/// The two things of two questions asked one after the other ("groceries last month", "and
/// dining?", then "compare the two"): a pair when each names a different merchant, category
/// or account.
pub(super) fn pair_of(first: &Slots, second: &Slots, both: bool) -> Option<Pair> {
    let (a, b) = (Side::of(first)?, Side::of(second)?);
    (!a.same_as(&b)).then_some(Pair {
        sides: vec![a, b],
        both,
    })
}

impl Side {
    fn of(slots: &Slots) -> Option<Side> {
        if slots.merchant.is_none() && !slots.kinds.is_empty() {
            return Some(Side::Kind(slots.kinds));
        }
        match (&slots.merchant, slots.category) {
            (Some(name), _) => Some(Side::Merchant {
                name: name.clone(),
                known: slots.merchant_known,
            }),
            (None, Some(c)) => Some(Side::Category(c)),
            (None, None) => match &slots.account {
                Some(sel @ (AccountSelector::Index(_) | AccountSelector::Kind(_))) => {
                    Some(Side::Account {
                        selector: sel.clone(),
                        label: None,
                    })
                }
                _ => None,
            },
        }
    }

    fn same_as(&self, other: &Side) -> bool {
        match (self, other) {
            (Side::Merchant { name: a, .. }, Side::Merchant { name: b, .. }) => {
                a.eq_ignore_ascii_case(b)
            }
            (Side::Account { selector: a, .. }, Side::Account { selector: b, .. }) => a == b,
            (a, b) => a == b,
        }
    }

    /// The slots of a question about this side alone.
    pub(super) fn slots(&self, whole: &Slots) -> Slots {
        let mut s = whole.clone();
        match self {
            Side::Merchant { name, known } => {
                s.merchant = Some(name.clone());
                s.merchant_known = *known;
                s.category = None;
                s.kinds = SpendKinds::default();
            }
            Side::Category(c) => {
                s.category = Some(*c);
                s.merchant = None;
                s.merchant_known = false;
                s.kinds = SpendKinds::default();
            }
            Side::Kind(k) => {
                s.kinds = *k;
                s.category = None;
                s.merchant = None;
                s.merchant_known = false;
            }
            // The question's merchant or category, if any, applies to both accounts.
            Side::Account { selector, .. } => s.account = Some(selector.clone()),
        }
        s
    }

    /// "at Amazon", "on groceries", "with your credit card ••6281"; `name` renders a
    /// merchant's name, `digits` whether an account's last four are shown.
    fn phrase(&self, name: impl Fn(&str) -> String, digits: bool) -> String {
        match self {
            Side::Merchant { name: n, .. } => format!("at {}", name(n)),
            Side::Category(c) => format!("on {}", c.as_str()),
            Side::Kind(k) => format!("on {}", k.label()),
            Side::Account { selector, label } => {
                let kind = match (label, selector) {
                    (Some(l), _) => l.kind,
                    (None, AccountSelector::Kind(k)) => *k,
                    (None, _) => return "with that account".to_string(),
                };
                let plural = matches!(selector, AccountSelector::Kind(_))
                    && label.as_ref().is_none_or(|l| l.last4.is_none());
                match label.as_ref().and_then(|l| l.last4.as_deref()) {
                    Some(d) if digits => format!("with your {} ••{d}", kind.human()),
                    // "checking accounts", "credit cards".
                    _ if plural => format!("with your {}s", kind.human()),
                    _ => format!("with your {}", kind.human()),
                }
            }
        }
    }
}

impl Pair {
    /// Whether either side is an account.
    pub(super) fn names_an_account(&self) -> bool {
        self.sides
            .iter()
            .any(|s| matches!(s, Side::Account { .. }))
    }
}

/// Where the comparison cue is, and where the second side begins.
fn cue(w: &[String]) -> Option<(usize, usize)> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let choice = has("more") || has("less") || has("most") || has("which") || has("higher");
    let pairs = has("compare") || has("between") || has("difference");
    let at = w.iter().position(|v| {
        matches!(v.as_str(), "vs" | "versus" | "against" | "than" | "compared")
            || (choice && v == "or")
            || (pairs && v == "and")
    })?;
    let skip = usize::from(
        w.get(at).is_some_and(|v| v == "compared")
            && w.get(at + 1).is_some_and(|v| v == "to" || v == "with"),
    );
    Some((at, at + 1 + skip))
}

/// The sides `text` compares or joins ("chevron vs shell vs exxon": three), and the period
/// named on any side; `None` unless every side names a merchant or category, different ones,
/// and no two different periods.
pub(super) fn sides(text: &str, today: Date, ctx: &SlotContext) -> Option<(Pair, Option<Period>)> {
    let joined = joiners(text);
    let listed = commas(&joined);
    (listed != joined)
        .then(|| sides_of(&listed, text, today, ctx))
        .flatten()
        .or_else(|| sides_of(&joined, text, today, ctx))
}

/// [`sides`] of `joined` (`text` with its joining signs written as words).
fn sides_of(joined: &str, text: &str, today: Date, ctx: &SlotContext) -> Option<(Pair, Option<Period>)> {
    let mut w = words(joined);
    // "and transport and shopping" (after "dining and groceries"): the things joined.
    if w.len() > 3 && matches!(w[0].as_str(), "and" | "plus" | "n") {
        w.remove(0);
    }
    let (at, from, both) = match cue(&w) {
        Some((at, from)) => (at, from, false),
        None => {
            let at = joined_at(&w)?;
            (at, at + 1, true)
        }
    };
    let left = extract_slots(&w[..at].join(" "), today, ctx);
    let a = Side::of(&left)?;
    let mut found = vec![(a, left.period)];
    for item in items(&w[from..], &w[at]) {
        let right_text = item.join(" ");
        let right = match found[0].0 {
            // "amazon vs zzyzx emporium": a merchant against what the other side opens with.
            Side::Merchant { .. } if !opens_a_question(item) => {
                extract_side_slots(&right_text, today, ctx)
            }
            _ => extract_slots(&right_text, today, ctx),
        };
        let b = Side::of(&right)?;
        if found.iter().any(|(x, _)| x.same_as(&b)) {
            return None;
        }
        found.push((b, right.period));
    }
    // A merchant whose own name holds the "and" ("Marks and Spencer") is one merchant. The
    // whole message's slots are read only for a join, not for every comparison cue.
    if both {
        let whole = extract_slots(text, today, ctx);
        if whole.merchant_known
            && whole.merchant.as_deref().is_some_and(|m| {
                let m = m.to_lowercase();
                m.contains(" and ") || m.contains(" & ")
            })
        {
            return None;
        }
    }
    // "in total" on one side is no period of its own ("amazon in total n amazon prime this
    // year").
    let own = |p: &Option<Period>| p.clone().filter(|p| p.label != crate::intent::slots::period::ALL_TIME);
    let mut period: Option<Period> = None;
    for p in found.iter().filter_map(|(_, p)| own(p)) {
        match &period {
            Some(q) if *q != p => return None,
            _ => period = Some(p),
        }
    }
    let sides = found.into_iter().map(|(side, _)| side).collect();
    Some((Pair { sides, both }, period))
}

/// The items after the first cue: split again at the same cue word ("shell vs exxon", "or",
/// "and"), and for a join at any joining word ("transport and shopping plus bills").
fn items<'a>(rest: &'a [String], cue_word: &str) -> Vec<&'a [String]> {
    let joins = |v: &str| matches!(v, "and" | "plus" | "n");
    let splits = |v: &String| match cue_word {
        "vs" | "versus" => matches!(v.as_str(), "vs" | "versus"),
        "or" => v == "or",
        w if joins(w) => joins(v),
        _ => false,
    };
    // Names with "and" inside them stay whole ("marks and spencer").
    let text = rest.join(" ");
    if ONE_NAME.iter().any(|n| text.contains(n)) {
        return vec![rest];
    }
    rest.split(splits).filter(|item| !item.is_empty()).collect()
}

/// `text` with "+" and a free-standing "&" written as "and" ("starbucks + blue bottle",
/// "costco & aldi"; "AT&T" stays one name).
fn joiners(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let letter = |i: Option<usize>| i.and_then(|i| c.get(i)).is_some_and(|c| c.is_alphanumeric());
    (0..c.len())
        .map(|i| match c[i] {
            '+' => " and ".to_string(),
            '&' if !(letter(i.checked_sub(1)) && letter(Some(i + 1))) => " and ".to_string(),
            ch => ch.to_string(),
        })
        .collect()
}

/// `text` with each comma of a list written as the word that joins its last item
/// ("starbucks, chipotle and target": "starbucks and chipotle and target"); a comma before
/// a question of its own ("in march, how much ...") or inside a number stays.
fn commas(text: &str) -> String {
    let parts: Vec<&str> = text.split(',').collect();
    let mut out = parts[0].to_string();
    for (i, part) in parts.iter().enumerate().skip(1) {
        let digits = |a: Option<char>, b: Option<char>| {
            a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_digit())
        };
        let rest = words(&parts[i..].join(" "));
        let join = rest.iter().position(|v| matches!(v.as_str(), "and" | "or" | "vs" | "plus"));
        let listed = join.filter(|&at| (1..=3).contains(&at) && !opens_a_question(&rest));
        match listed {
            Some(at) if !digits(parts[i - 1].chars().last(), part.chars().next()) => {
                out += &format!(" {} {part}", rest[at]);
            }
            _ => out += &format!(",{part}"),
        }
    }
    out
}

/// Names with "and" inside them: one thing, not two.
const ONE_NAME: Words = Words(
    "gas and electric|bed bath and beyond|barnes and noble|marks and spencer|bath and body\
     |food and drink|food and beverage|arts and crafts",
);

/// Where "and", "&" or "plus" joins two things asked about together ("gas and groceries").
fn joined_at(w: &[String]) -> Option<usize> {
    let text = w.join(" ");
    if ONE_NAME.iter().any(|n| text.contains(n)) {
        return None;
    }
    w.iter().position(|v| matches!(v.as_str(), "and" | "plus" | "n"))
}

/// Whether words open a question of their own ("what's my balance"), not a merchant's name.
fn opens_a_question(w: &[String]) -> bool {
    w.first().is_some_and(|v| {
        matches!(
            v.as_str(),
            "what" | "whats" | "when" | "whens" | "how" | "hows" | "is" | "are" | "do" | "did"
                | "can" | "show" | "list" | "my" | "i" | "the" | "any" | "where" | "which"
                | "who" | "tell" | "give" | "was" | "were" | "have" | "has"
        )
    })
}

/// Computes both sides' spending over the question's period. A side that is an account
/// spends from the accounts it selects; the others from those the question selects (all but
/// loans when it names none). `None` when a named account is not the user's.
pub(super) fn compute(
    vault: &Vault,
    accounts: &[Account],
    summary: &Summary,
    q: &Query<'_>,
    today: Date,
    pair: &Pair,
) -> Result<Option<Answer>> {
    let period = period_or_default(q, today, true);
    let spendable = |a: &Account| a.kind != AccountKind::Loan;
    let all = accounts.iter().filter(|a| spendable(a)).count();
    let mut sides = Vec::with_capacity(pair.sides.len());
    // "gas and uber": a vault merchant named with a category holding some of its charges.
    let inside = pair.sides.iter().find_map(|s| match s {
        Side::Merchant { name, known: true } if pair.both && pair.sides.len() == 2 => {
            Some(name.clone())
        }
        _ => None,
    });
    let mut once = false;
    let mut currency = None;
    for side in &pair.sides {
        let mut slots = side.slots(q.slots);
        let Some(sel) = select(accounts, &slots, spendable) else {
            return Ok(None);
        };
        let one = Query {
            slots: &slots,
            ..*q
        };
        let (mut total, mut count) =
            spend_total(vault, &sel, sel.len() == all, summary, &one, &period)?;
        if let (Side::Category(_), Some(m)) = (side, &inside) {
            // Each transaction once: the category without the merchant, when that differs.
            slots.exclude_merchant = Some(m.clone());
            slots.exclude_merchant_known = true;
            let rest = Query {
                slots: &slots,
                ..*q
            };
            let without = spend_total(vault, &sel, sel.len() == all, summary, &rest, &period)?;
            if without.1 != count {
                (total, count, once) = (without.0, without.1, true);
            }
        }
        let side = match side {
            Side::Account { selector, .. } => Side::Account {
                selector: selector.clone(),
                label: Some(match sel.as_slice() {
                    [only] => label(only),
                    _ => AccountLabel {
                        kind: sel[0].kind,
                        last4: None,
                    },
                }),
            },
            other => other.clone(),
        };
        currency.get_or_insert(main_currency(&sel));
        sides.push((side, total, count));
    }
    let Some(currency) = currency else {
        return Ok(None);
    };
    Ok(Some(Answer::Versus {
        period: period.label,
        sides,
        currency,
        both: pair.both,
        once,
    }))
}

/// Both texts of [`Answer::Versus`]. At `minimal` the platform gets a fixed text; at
/// `summary` rounded amounts when both sides are categories (a merchant's name never goes
/// at that level); at `full` exact amounts, with merchants only as the vault names them.
pub(super) fn texts(
    period: &str,
    sides: &[(Side, i64, usize)],
    currency: Currency,
    (both, once): (bool, bool),
    s: &Style,
) -> Texts {
    let full = s.level == DisclosureLevel::Full;
    // `money(v, count)`: a side's figure; the count is for the device text only.
    let sentence = |money: &dyn Fn(i64, Option<usize>) -> String,
                    name: &dyn Fn(&str) -> String,
                    p: &str,
                    digits: bool| match sides {
        [first, second] => two(first, second, (both, once), (money, name), p, digits),
        _ => several(sides, both, (money, name), p, digits),
    };
    let exact = |v: i64, count: Option<usize>| {
        let v = format_money(v, currency, s.locale);
        match count {
            Some(0) => format!("{v} (no purchases)"),
            Some(1) => format!("{v} (1 purchase)"),
            Some(k) => format!("{v} ({k} purchases)"),
            None => v,
        }
    };
    let local = sentence(&exact, &|n: &str| n.to_string(), period, true);
    let merchants: Vec<bool> = sides
        .iter()
        .filter_map(|(side, ..)| match side {
            Side::Merchant { known, .. } => Some(*known),
            Side::Category(_) | Side::Kind(_) | Side::Account { .. } => None,
        })
        .collect();
    let shown = match s.level {
        DisclosureLevel::Minimal => false,
        DisclosureLevel::Summary => merchants.is_empty(),
        DisclosureLevel::Full => merchants.iter().all(|k| *k),
    };
    if !shown {
        let platform = match both {
            true => "Your spending totals are ready: open the app to view them.",
            false => "Your spending comparison is ready: open the app to view it.",
        }
        .to_string();
        return (local, platform, Vec::new());
    }
    let money = |v: i64, _: Option<usize>| match s.level {
        DisclosureLevel::Full => format_money(v, currency, s.locale),
        _ => format!("about {}", format_money_rounded(v, currency, s.locale)),
    };
    let shown_period = platform_period(period, full);
    // An account's last four never go with two sides: the sentence holds several figures in
    // one run of text, where digits of neighbouring fields would read as one number.
    let platform = sentence(&money, &|n: &str| platform_merchant(n), &shown_period, false);
    let mut cats = vec![DataCategory::Amount];
    if sides
        .iter()
        .any(|(x, ..)| matches!(x, Side::Category(_) | Side::Kind(_)))
    {
        cats.push(DataCategory::Category);
    }
    if !merchants.is_empty() {
        cats.push(DataCategory::Merchant);
    }
    if shows_period(period, full) {
        cats.push(DataCategory::Date);
    }
    (local, platform, cats)
}

/// How a side's figure reads (`money(value, count)`, the count for the device only) and how
/// a merchant's name does.
type Writers<'a> = (&'a dyn Fn(i64, Option<usize>) -> String, &'a dyn Fn(&str) -> String);

/// "You spent $40 at Amazon and $25 at Walmart in March 2026: $15 more at Amazon."
fn two(
    (a, x, n): &(Side, i64, usize),
    (b, y, m): &(Side, i64, usize),
    (both, once): (bool, bool),
    (money, name): Writers<'_>,
    p: &str,
    digits: bool,
) -> String {
    // "on transport besides Uber" when Uber's charges are counted with Uber only.
    let phrase = |side: &Side, other: &Side| match (once, side, other) {
        (true, Side::Category(_), Side::Merchant { name: n, .. }) => {
            format!("{} besides {}", side.phrase(name, digits), name(n))
        }
        _ => side.phrase(name, digits),
    };
    let diff = match x.cmp(y) {
        _ if both => format!("{} in all", money(x + y, None)),
        std::cmp::Ordering::Equal => "the same".to_string(),
        std::cmp::Ordering::Greater => {
            format!("{} more {}", money(x - y, None), a.phrase(name, digits))
        }
        std::cmp::Ordering::Less => {
            format!("{} more {}", money(y - x, None), b.phrase(name, digits))
        }
    };
    format!(
        "You spent {} {} and {} {} {}: {diff}.",
        money(*x, Some(*n)),
        phrase(a, b),
        money(*y, Some(*m)),
        phrase(b, a),
        period_phrase(p)
    )
}

/// Three or more sides: compared, ranked from the most spent ("You spent $158.56 at Shell,
/// $131.27 at Chevron and $86.82 at Exxon in the past 2 months: the most at Shell."); joined,
/// in the order asked with their sum.
fn several(
    sides: &[(Side, i64, usize)],
    both: bool,
    (money, name): Writers<'_>,
    p: &str,
    digits: bool,
) -> String {
    let mut order: Vec<&(Side, i64, usize)> = sides.iter().collect();
    if !both {
        // A stable sort: equal figures keep the order asked.
        crate::sort::by_key(&mut order, |s| std::cmp::Reverse(s.1));
    }
    let parts: Vec<String> = order
        .iter()
        .map(|(side, v, k)| format!("{} {}", money(*v, Some(*k)), side.phrase(name, digits)))
        .collect();
    let (last, rest) = parts.split_last().map_or(("", &parts[..0]), |(l, r)| (l.as_str(), r));
    let end = match (both, order.as_slice()) {
        (true, _) => format!("{} in all", money(sides.iter().map(|s| s.1).sum(), None)),
        (false, [top, next, ..]) if top.1 == next.1 => "no single one the most".to_string(),
        (false, [top, ..]) => format!("the most {}", top.0.phrase(name, digits)),
        (false, []) => String::new(),
    };
    format!(
        "You spent {} and {last} {}: {end}.",
        rest.join(", "),
        period_phrase(p)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> SlotContext {
        SlotContext::new(
            Vec::new(),
            ["Amazon", "Walmart", "Target", "Costco", "Starbucks", "Chipotle"]
                .map(String::from)
                .to_vec(),
        )
    }

    fn day() -> Date {
        Date::new(2026, 4, 15).unwrap()
    }

    fn name(side: Side) -> String {
        match side {
            Side::Merchant { name, .. } => name,
            Side::Category(c) => c.as_str().to_string(),
            Side::Kind(k) => k.label(),
            Side::Account { .. } => "account".to_string(),
        }
    }

    fn names(text: &str) -> Option<Vec<String>> {
        sides(text, day(), &ctx()).map(|(pair, _)| pair.sides.into_iter().map(name).collect())
    }

    #[test]
    fn two_merchants_or_categories() {
        for (q, a, b) in [
            ("amazon vs walmart last month", "Amazon", "Walmart"),
            ("did i spend more at target or costco", "Target", "Costco"),
            ("compare amazon and walmart", "Amazon", "Walmart"),
            ("starbucks versus amazon this year", "Starbucks", "Amazon"),
            ("more at costco than at target in march?", "Costco", "Target"),
            ("amazon vs zzyzx emporium last month", "Amazon", "zzyzx emporium"),
        ] {
            assert_eq!(names(q), Some(vec![a.to_string(), b.to_string()]), "{q}");
        }
        let (pair, period) = sides("groceries compared to dining this year", day(), &ctx()).unwrap();
        assert!(period.is_some() && !pair.both);
        assert!(matches!(pair.sides.as_slice(), [Side::Category(_), Side::Category(_)]));
        for (q, a, b) in [
            ("how much on gas and groceries last month", "fuel", "groceries"),
            ("spent at amazon and target", "Amazon", "Target"),
            (
                "how much did i spend at whole foods and trader joes last month",
                "whole foods",
                "trader joes",
            ),
        ] {
            let (pair, _) = sides(q, day(), &ctx()).unwrap_or_else(|| panic!("{q}"));
            assert!(pair.both, "{q}");
            let names: Vec<String> = pair.sides.into_iter().map(|s| name(s).to_lowercase()).collect();
            assert_eq!(names, [a.to_lowercase(), b.to_lowercase()], "{q}");
        }
    }

    #[test]
    fn lists_of_three_or_more_keep_every_item() {
        let v = |xs: &[&str]| Some(xs.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(names("amazon vs walmart vs target"), v(&["Amazon", "Walmart", "Target"]));
        assert_eq!(
            names("target or costco or walmart, which is more last month"),
            v(&["Target", "Costco", "Walmart"])
        );
        assert_eq!(
            names("groceries and dining and shopping in march"),
            v(&["groceries", "dining", "shopping"])
        );
        // A follow-up's leading "and" is no item ("and transport and shopping").
        assert_eq!(names("and transport and shopping"), v(&["transport", "shopping"]));
        // The period of any item is the list's; two different ones make it no list.
        let (_, p) = sides("amazon vs walmart vs target last month", day(), &ctx()).unwrap();
        assert_eq!(p.unwrap().start, Date::new(2026, 3, 1).unwrap());
        assert_eq!(names("amazon in march vs walmart vs target in april"), None);
        // The same thing twice is no list.
        assert_eq!(names("amazon vs walmart vs amazon"), None);
        // A comma list joined at its last item keeps every item.
        let three = v(&["Starbucks", "Chipotle", "Target"]);
        assert_eq!(names("spent at starbucks, chipotle and target"), three);
        assert_eq!(names("starbucks, chipotle, or target, which is more"), three);
        // A comma before a question of its own, or in a number, is no list.
        assert_eq!(names("in march, groceries and dining"), v(&["groceries", "dining"]));
        assert_eq!(commas("over 1,000 at amazon and target"), "over 1,000 at amazon and target");
    }

    #[test]
    fn three_sides_are_ranked_or_summed() {
        let style = Style {
            level: DisclosureLevel::Full,
            locale: crate::render::money_fmt::Locale::EnUs,
            offset: 0,
        };
        let shop = |n: &str| Side::Merchant {
            name: n.to_string(),
            known: true,
        };
        let sides = vec![(shop("Chevron"), 13127, 2), (shop("Shell"), 15856, 3), (shop("Exxon"), 8682, 3)];
        let (local, platform, _) = texts("last month", &sides, Currency::USD, (false, false), &style);
        assert_eq!(
            local,
            "You spent $158.56 (3 purchases) at Shell, $131.27 (2 purchases) at Chevron and \
             $86.82 (3 purchases) at Exxon last month: the most at Shell."
        );
        assert!(platform.contains("$158.56 at Shell") && !platform.contains("purchases"));
        let (local, ..) = texts("last month", &sides, Currency::USD, (true, false), &style);
        assert!(local.ends_with("at Exxon last month: $376.65 in all."), "{local}");
        assert!(local.starts_with("You spent $131.27 (2 purchases) at Chevron, $158.56"), "{local}");
    }

    #[test]
    fn not_two_things() {
        for q in [
            "did i spend more than last month",
            "did i spend more at target than i did last month",
            "more at amazon than usual",
            "more at amazon than last year",
            "amazon this month vs last month",
            "amazon vs amazon",
            "how much at amazon",
            "amazon or walmart",
            "more at amazon in march than walmart in april",
            "how much at amazon and whats my balance",
            "balance and due date",
            "gas and electric bill",
        ] {
            assert_eq!(names(q), None, "{q}");
        }
    }

    #[test]
    fn the_period_of_either_side() {
        let (_, p) = sides("amazon last month vs walmart", day(), &ctx()).unwrap();
        assert_eq!(p.unwrap().start, Date::new(2026, 3, 1).unwrap());
        let (_, p) = sides("amazon vs walmart", day(), &ctx()).unwrap();
        assert!(p.is_none());
        // "in total" on one side is not a period that differs from the other's.
        let (_, p) = sides("amazon in total n walmart this year", day(), &ctx()).unwrap();
        assert_eq!(p.unwrap().start, Date::new(2026, 1, 1).unwrap());
    }

    #[test]
    fn plus_and_ampersand_join() {
        for q in ["amazon + walmart last month", "amazon & walmart last month", "amazon+walmart"] {
            let (pair, _) = sides(q, day(), &ctx()).unwrap_or_else(|| panic!("{q}"));
            assert!(pair.both, "{q}");
        }
        assert_eq!(joiners("AT&T and M&S"), "AT&T and M&S");
    }

    fn with_accounts() -> SlotContext {
        let account = |index, kind, last4: &str, name: &str| crate::intent::SlotAccount {
            index,
            kind,
            last4: Some(last4.into()),
            nickname: None,
            display_name: name.into(),
            institution: "Sandbox Bank".into(),
        };
        SlotContext::new(
            vec![
                account(0, AccountKind::Checking, "2938", "Everyday Checking"),
                account(1, AccountKind::CreditCard, "6281", "Rewards Visa"),
            ],
            ["Amazon", "Walmart"].map(String::from).to_vec(),
        )
    }

    fn accounts_of(text: &str) -> Option<(Vec<Option<AccountSelector>>, bool)> {
        let (pair, _) = sides(text, day(), &with_accounts())?;
        let both = pair.both;
        let sides = pair.sides.into_iter().map(|side| match side {
            Side::Account { selector, .. } => Some(selector),
            _ => None,
        });
        Some((sides.collect(), both))
    }

    #[test]
    fn two_accounts() {
        use AccountSelector::Index;
        for (q, a, b, both) in [
            ("how much did i spend on my card vs checking last month", 1, 0, false),
            ("did i spend more on checking or on my credit card", 0, 1, false),
            ("spending on my checking account and my visa in march", 0, 1, true),
        ] {
            assert_eq!(
                accounts_of(q),
                Some((vec![Some(Index(a)), Some(Index(b))], both)),
                "{q}"
            );
        }
        // A merchant on either side makes it a comparison of merchants, over that account.
        let (pair, _) = sides("amazon on my card vs walmart", day(), &with_accounts()).unwrap();
        assert!(matches!(
            pair.sides.as_slice(),
            [Side::Merchant { .. }, Side::Merchant { .. }]
        ));
        assert_eq!(accounts_of("checking vs checking"), None);
        assert_eq!(accounts_of("balance of checking"), None);
    }

    #[test]
    fn an_accounts_digits_never_reach_the_platform() {
        let side = |kind, last4: &str| Side::Account {
            selector: AccountSelector::Kind(kind),
            label: Some(AccountLabel {
                kind,
                last4: Some(last4.into()),
            }),
        };
        let sides = [
            (side(AccountKind::CreditCard, "6281"), 166_946, 48),
            (side(AccountKind::Checking, "2938"), 273_563, 12),
        ];
        for level in [
            DisclosureLevel::Minimal,
            DisclosureLevel::Summary,
            DisclosureLevel::Full,
        ] {
            let style = Style {
                level,
                locale: crate::render::money_fmt::Locale::EnUs,
                offset: 0,
            };
            let (local, platform, cats) = texts("last month", &sides, Currency::USD, (false, false), &style);
            assert!(local.contains("••6281") && local.contains("$1,066.17 more"), "{local}");
            assert!(!platform.contains("6281"), "{platform}");
            assert!(!cats.contains(&DataCategory::CardNumber));
            assert_eq!(
                platform.contains("with your checking account"),
                level != DisclosureLevel::Minimal,
                "{platform}"
            );
        }
    }

    #[test]
    fn merchant_names_are_redacted_in_debug() {
        let side = Side::Merchant {
            name: "Amazon".into(),
            known: true,
        };
        assert!(!format!("{side:?}").contains("Amazon"));
    }
}
