//! The shape of a question, beyond its intent and slots: a total, a comparison with another
//! period ("more than last month?"), a ranking ("which category did I spend the most on",
//! "top 3 merchants"), a count ("how many times at Starbucks"), the last N transactions, or
//! the biggest purchase, or money in ("did I get paid?"). Rule-based over the words, like the
//! slots.

use crate::intent::slots::period::{open_start, period_opening};
use crate::intent::Period;
use crate::time::Date;
use crate::words::Words;

/// What to rank by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankBy {
    /// Spending categories.
    Category,
    /// Merchants.
    Merchant,
    /// Days: "the most I spent in one day", "my biggest spending day".
    Day,
    /// Calendar months: "which month did I spend the most".
    Month,
    /// Days of the week: "what day of the week do I spend the most".
    Weekday,
    /// Merchants by how many purchases: "which restaurant do I go to most often".
    Visits,
    /// Merchants by what one purchase costs on average: "which grocery store is cheapest per
    /// visit".
    PerVisit,
}

impl RankBy {
    /// Whether the rows are merchants.
    pub fn is_merchant(self) -> bool {
        matches!(self, RankBy::Merchant | RankBy::Visits | RankBy::PerVisit)
    }
}

/// The shape of a question.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Shape {
    /// A plain total or list.
    #[default]
    Plain,
    /// Compare the asked period with another one.
    Compare(Period),
    /// The top `n` categories or merchants.
    Rank(RankBy, usize),
    /// The other end of a ranking: "which month did I spend the least", "the category I
    /// spent the least on".
    Least(RankBy),
    /// How many transactions.
    Count,
    /// The last `n` transactions.
    LastN(usize),
    /// The biggest purchase(s).
    Largest(usize),
    /// The smallest purchase(s): "smallest charge", "cheapest purchase".
    Smallest(usize),
    /// Money in: pay, or every credit ([`super::income`]).
    MoneyIn(super::income::Inflow),
    /// The account's own number ("what's my checking account number"), not its routing
    /// number: shown on the device only.
    AccountNumber,
    /// Spending per day, week or month on average ([`super::average`]).
    Average(super::average::Per),
    /// Two merchants or categories compared over one period ([`super::versus`]).
    Versus(Box<super::versus::Pair>),
    /// Subscriptions, refunds, savings or the next pay ([`super::everyday`]).
    Everyday(super::everyday::Ask),
}

/// The lower-cased words of `text`, apostrophes dropped ("what's" -> "whats"), typos of the
/// ranking and transaction words read as those words ("purchse": purchase).
pub(super) fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('\'', ""))
        .map(|w| crate::intent::slots::nouns::fix_typo(&w).map_or(w, str::to_string))
        .collect()
}

fn number(w: &str) -> Option<usize> {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .iter()
        .position(|x| *x == w)
        .or_else(|| w.parse().ok())
        .filter(|n| (1..=50).contains(n))
}

/// "of those", "of these", "of them": a part of what the previous answer counted ("how many
/// of those were shake shack").
pub(super) fn of_those<S: AsRef<str>>(w: &[S]) -> bool {
    w.windows(2).any(|p| {
        p[0].as_ref() == "of" && matches!(p[1].as_ref(), "those" | "these" | "them")
    })
}

/// Reads the shape of `text`; `today` resolves the period compared against.
pub fn shape_of(text: &str, today: Date) -> Shape {
    shape_with(text, today, true)
}

/// The shape of `text` read as anything but an everyday question (whose words it has, but
/// not what that question needs: "how much is it a month" names no payee).
pub(super) fn shape_beside_everyday(text: &str, today: Date) -> Shape {
    shape_with(text, today, false)
}

fn shape_with(text: &str, today: Date, everyday: bool) -> Shape {
    let w = words(text);
    let has = |x: &str| w.iter().any(|v| v == x);
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    if asks_account_number(text, &w) {
        return Shape::AccountNumber;
    }
    // "last 5 transactions", "my last three purchases", "my last 2 atm withdrawals" (one
    // word between, not a unit of time: "last 2 weeks purchases" is a period).
    for i in 0..w.len() {
        if matches!(at(i), "last" | "latest" | "recent" | "past") {
            if let Some(n) = number(at(i + 1)) {
                let between = !matches!(
                    at(i + 2).trim_end_matches('s'),
                    "day" | "week" | "wk" | "month" | "mo" | "year" | "yr" | "quarter" | "weekend"
                        | "hour" | "night"
                );
                if listed_noun(at(i + 2)) || between && listed_noun(at(i + 3)) {
                    return Shape::LastN(n);
                }
            }
        }
    }
    // "my 3 most recent purchases", "5 latest transactions".
    for i in 0..w.len() {
        let Some(n) = number(at(i)) else { continue };
        let most = usize::from(at(i + 1) == "most");
        if matches!(at(i + 1 + most), "recent" | "latest" | "last") && listed_noun(at(i + 2 + most))
        {
            return Shape::LastN(n);
        }
    }
    if asks_the_latest(&w) {
        return Shape::LastN(1);
    }
    if let Some(ask) = super::everyday::ask_of(&w).filter(|_| everyday) {
        return Shape::Everyday(ask);
    }
    // "money in vs out": both ways, not money in alone.
    if let (Some(inflow), false) = (super::income::inflow_of(&w), in_and_out(&w)) {
        return Shape::MoneyIn(inflow);
    }
    let most = has("most")
        || has("top")
        || has("biggest")
        || has("largest")
        || has("highest")
        || has("rank")
        || has("ranking")
        || has("ranked");
    // A word for merchants ("which store"), or only "where".
    let merchant_noun = w.iter().any(|v| super::superlative::merchant_noun(v));
    let by = if w.iter().any(|v| v.starts_with("categor")) {
        Some(RankBy::Category)
    } else if merchant_noun || has("where") {
        Some(RankBy::Merchant)
    } else {
        None
    };
    // "what did i spend the most on", "what i spend most in october", "the biggest thing i
    // spend money on": the category.
    let spent_most_on = super::superlative::spent_most_or_least(&w);
    // "which month did i spend the most on dining": months, of dining.
    let by = by
        .or(asks_a_weekday(&w).then_some(RankBy::Weekday))
        .or(asks_a_day(&w).then_some(RankBy::Day))
        .or(asks_a_month(&w).then_some(RankBy::Month))
        .or(spent_most_on.then_some(RankBy::Category));
    // "spending by category", "breakdown per merchant", "my spending breakdown": a ranking
    // of every row worth showing.
    let broken_down = (0..w.len()).any(|i| matches!(at(i), "by" | "per" | "each"))
        || has("breakdown")
        || has("split");
    // "which month did i spend the least", "lowest spending month": the other end. "at
    // least" is an amount bound, not a ranking.
    let least = w.windows(2).any(|t| t[0] != "at" && t[1] == "least")
        || has("lowest")
        || has("fewest")
        || has("cheapest")
        || has("quietest")
        // "the smallest category": a ranking's other end; "smallest purchase" is one charge.
        || has("smallest") && !w.iter().any(|v| one_charge_noun(v));
    // "which restaurant do i go to most often", "the store i shop at least often": merchants
    // by visits; "which grocery store is cheapest per visit": by what a visit costs.
    let often = has("often")
        || has("frequently")
        || has("frequent")
        // "which gas station do i use most", "the store i visit most".
        || (has("use") || has("visit")) && has("most");
    // "the most expensive restaurant", "cheapest grocery store": what a visit costs there.
    let per_visit = (0..w.len()).any(|i| {
        matches!(at(i), "per" | "a" | "each" | "every")
            && matches!(at(i + 1), "visit" | "trip" | "purchase" | "shop" | "order")
    }) || merchant_noun && super::superlative::asks_price(&w);
    let by = match by {
        Some(RankBy::Merchant) if often && !per_visit => Some(RankBy::Visits),
        Some(RankBy::Merchant) if per_visit => Some(RankBy::PerVisit),
        other => other,
    };
    // "cheapest per visit", "least often": the other end.
    let least = least || has("often") && has("least");
    let most = most || has("priciest") || matches!(by, Some(RankBy::PerVisit)) && has("expensive");
    if let (true, false, Some(by)) = (least, most, by) {
        return Shape::Least(by);
    }
    if by == Some(RankBy::Visits) && !least {
        return Shape::Rank(RankBy::Visits, if asks_plural(&w) { 3 } else { 1 });
    }
    if let (true, Some(by)) = (broken_down && !most, by) {
        return Shape::Rank(by, 5);
    }
    // "where does my money go", "where's most of my money going": where it goes, by
    // category ("which stores does my money go to" names merchants).
    let money_goes = (has("where") || has("wheres"))
        && (has("money") || has("cash"))
        && (has("go") || has("goes") || has("going") || has("went") || has("gone"));
    if has("breakdown") && !most || money_goes && !merchant_noun && by != Some(RankBy::Category) {
        return Shape::Rank(RankBy::Category, 5);
    }
    if let (true, Some(by)) = (most, by) {
        let n = (0..w.len())
            .find(|&i| at(i) == "top")
            .and_then(|i| number(at(i + 1)))
            // "top merchants", "my biggest categories", "my biggest spending days": a few,
            // not one.
            .unwrap_or(if asks_plural(&w) || by == RankBy::Day && has("days") || by == RankBy::Month && has("months") {
                3
            } else {
                1
            });
        return Shape::Rank(by, n);
    }
    let big_noun = |v: &str| {
        v.starts_with("purchase")
            || v.starts_with("transaction")
            || v.starts_with("charge")
            || v.starts_with("expense")
            || v.starts_with("expenditure")
            || v.starts_with("subscription")
            || v.starts_with("order")
            || v.starts_with("bill")
            || v.starts_with("meal")
            || v.starts_with("trip")
            || v.starts_with("visit")
    };
    // "the most i ever spent at costco": its single biggest purchase. "the biggest thing i
    // bought": one purchase.
    // "the most i spent at amazon at once", "in one go": one purchase too.
    let once = has("once") && has("at") || w.windows(3).any(|x| x == ["in", "one", "go"]);
    let most_ever = has("most") && (has("ever") || once) && (has("spent") || has("paid") || has("spend"));
    let bought = has("bought") || has("buy") || has("purchased");
    let thing = |v: &str| bought && (v.starts_with("thing") || v.starts_with("item"));
    // "the most expensive one last month", "the cheapest one": one purchase.
    let one_after = |x: &[&str]| (0..w.len()).any(|i| x.contains(&at(i)) && at(i + 1) == "one");
    if (has("biggest") || has("largest") || has("most") && has("expensive"))
        && (w.iter().any(|v| big_noun(v) || thing(v)) || one_after(&["biggest", "largest", "expensive"]))
        || most_ever
    {
        // "my 3 biggest purchases", "the five largest charges".
        let n = (1..w.len())
            .find(|&i| matches!(at(i), "biggest" | "largest" | "most"))
            .and_then(|i| number(at(i - 1)).or_else(|| number(at(i + 1))))
            .unwrap_or(1);
        return Shape::Largest(n);
    }
    // "smallest charge", "cheapest purchase", "my 3 smallest transactions": the other end.
    if (has("smallest") || has("cheapest") || has("tiniest") || has("least") && has("expensive"))
        && (w.iter().any(|v| big_noun(v) || thing(v)) || one_after(&["smallest", "cheapest", "expensive"]))
    {
        let n = (1..w.len())
            .find(|&i| matches!(at(i), "smallest" | "cheapest" | "tiniest" | "least"))
            .and_then(|i| number(at(i - 1)).or_else(|| number(at(i + 1))))
            .unwrap_or(1);
        return Shape::Smallest(n);
    }
    // "my top 5 expenses this year": the five biggest.
    if let Some(n) = (0..w.len())
        .find(|&i| at(i) == "top" && big_noun(at(i + 2)))
        .and_then(|i| number(at(i + 1)))
    {
        return Shape::Largest(n);
    }
    if (has("how")
        && has("many")
        && (has("times")
            || w.iter().any(|v| {
                v.starts_with("transaction")
                    || v.starts_with("purchase")
                    || v.starts_with("charge")
                    || v.starts_with("order")
                    || v.starts_with("visit")
                    || v == "trips"
            })
            || of_those(&w)))
        || has("count")
    {
        return Shape::Count;
    }
    if let Some(p) = compared_period(&w, today) {
        return Shape::Compare(same_time_of(&w, p, today));
    }
    if let Some(per) = super::average::per_of(&w) {
        return Shape::Average(per);
    }
    Shape::Plain
}

/// "nov vs oct", "last week compared to this week": two periods and nothing else, a
/// comparison of spending whatever the model heard ("nov vs oct" sounds like an APR to it).
pub(super) fn two_periods_only(text: &str, today: Date) -> bool {
    let lower = text.to_lowercase();
    Words("versus|vs.|vs|compared to|compared with|against")
        .iter()
        .find_map(|cue| lower.split_once(&format!(" {cue} ")))
        .is_some_and(|(a, b)| {
            use crate::intent::slots::period::is_only_a_period;
            is_only_a_period(a, today) && is_only_a_period(b, today)
        })
}

/// "account number", "acct no", "account #", "acc num": the account's own number. A routing
/// question that also says "account" ("routing and account number") stays a routing one.
fn asks_account_number(text: &str, w: &[String]) -> bool {
    if w.iter().any(|v| v == "routing" || v == "aba") {
        return false;
    }
    let lower = text.to_lowercase();
    let account = |v: &str| matches!(v, "account" | "acct" | "acc" | "accnt" | "card");
    // "what's the last 4 of my card", "last four digits of my account": the masked number.
    let last_four = w.windows(2).any(|p| p[0] == "last" && matches!(p[1].as_str(), "4" | "four"))
        && w.iter().any(|v| account(v) || v == "digits")
        && !w.iter().any(|v| is_txn_noun(v) || v.starts_with("order"));
    last_four
        || w.windows(2).any(|p| {
        account(&p[0]) && matches!(p[1].as_str(), "number" | "numbers" | "no" | "num" | "nr")
    }) || Words("account #|acct #|account#|acct#").iter().any(|x| {
        // "acct#87654321" names a number (a merchant's text, say); "account #?" asks for one.
        lower.match_indices(x).any(|(i, _)| {
            !lower[i + x.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// "last month vs the month before", "this week compared to the week before", "october vs
/// the previous month": the period just before the one asked about (read from the words
/// before the cue).
fn the_one_before(before: &[String], rest: &[String], today: Date) -> Option<Period> {
    let link = usize::from(matches!(rest.first().map(String::as_str), Some("to" | "with")));
    let at = |i: usize| rest.get(link + i).map(String::as_str).unwrap_or("");
    let the = usize::from(at(0) == "the");
    let unit = match (at(the), at(the + 1)) {
        (u, "before") if u != "day" => Some(u.to_string()),
        ("previous" | "prior", u) => Some(u.to_string()),
        ("one", "before") => None,
        ("before", "that" | "") => None,
        _ => return None,
    };
    let first = crate::intent::slots::period::find_period_in(&before.join(" "), today)?;
    crate::intent::slots::period::period_before(&first, unit.as_deref())
}

/// "how much was my last amazon order", "my latest charge at target", "when did i last go to
/// starbucks", "most recent purchase": the one latest transaction.
fn asks_the_latest(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let noun = |v: &str| is_txn_noun(v) || v.starts_with("order");
    let latest = |i: usize| {
        matches!(at(i), "last" | "latest")
            || (at(i) == "most" && at(i + 1) == "recent")
            || (at(i) == "recent" && at(i.wrapping_sub(1)) == "most")
    };
    // Money in has its own "latest" ("last paycheck", [`super::income`]).
    // "last week's purchases", "last wknd's transactions", "last friday's charges": a period.
    let unit = |v: &str| {
        let v = v.strip_suffix('s').unwrap_or(v);
        matches!(
            v,
            "day" | "week" | "wk" | "weekend" | "wknd" | "month" | "mo" | "year" | "yr"
                | "quarter" | "few" | "couple" | "night" | "summer" | "winter" | "spring"
                | "fall" | "autumn" | "monday" | "tuesday" | "wednesday" | "thursday"
                | "friday" | "saturday" | "sunday" | "payday" | "paycheck"
        ) || crate::intent::slots::period::MONTH_NAMES
            .iter()
            .any(|m| m.eq_ignore_ascii_case(v))
    };
    (0..w.len()).any(|i| {
        latest(i) && (noun(at(i + 1)) || noun(at(i + 2)) && !unit(at(i + 1)) && number(at(i + 1)).is_none())
    })
        || (0..w.len()).any(|i| {
            at(i) == "when"
                && at(i + 1) == "did"
                && at(i + 2) == "i"
                && at(i + 3) == "last"
        })
}

/// "in one day", "in a single day", "my biggest spending day", "which day", "what days": a
/// day as the thing ranked, not a period ("in 3 days", "last 30 days", "today").
/// "what day of the week", "which weekday", "day of wk".
fn asks_a_weekday(w: &[String]) -> bool {
    w.iter().any(|v| v == "weekday")
        || w.windows(4).any(|t| {
            t[0] == "day" && t[1] == "of" && t[2] == "the" && matches!(t[3].as_str(), "week" | "wk")
        })
        || w.windows(3).any(|t| t[0] == "day" && t[1] == "of" && matches!(t[2].as_str(), "week" | "wk"))
}

fn asks_a_day(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    (0..w.len()).any(|i| {
        matches!(at(i), "day" | "days")
            && i > 0
            && matches!(
                at(i - 1),
                "one"
                    | "single"
                    | "spending"
                    | "which"
                    | "what"
                    | "expensive"
                    | "spendiest"
                    | "cheapest"
                    | "lowest"
                    | "quietest"
            )
            || at(i) == "day" && at(i.wrapping_sub(1)) == "a" && at(i.wrapping_sub(2)) == "in"
    })
}

/// "in and out", "out and in", "in vs out", "incoming and outgoing", "cash flow", "cashflow".
pub(super) fn in_and_out(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    w.windows(3).any(|t| {
        matches!(
            (t[0].as_str(), t[1].as_str(), t[2].as_str()),
            ("in", "and" | "vs" | "versus" | "n", "out") | ("out", "and" | "vs" | "versus" | "n", "in")
        )
    }) || has("incoming") && has("outgoing")
        || has("cashflow")
        || w.windows(2).any(|t| t[0] == "cash" && t[1] == "flow")
}

/// "which month", "what months", "my most expensive month": a month as the thing ranked,
/// not a period ("this month", "last month", "a month").
fn asks_a_month(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    (1..w.len()).any(|i| {
        matches!(at(i), "month" | "months")
            && matches!(
                at(i - 1),
                "which"
                    | "what"
                    | "spending"
                    | "expensive"
                    | "priciest"
                    | "worst"
                    | "biggest"
                    | "cheapest"
                    | "lowest"
                    | "quietest"
            )
    })
}

/// "merchants", "stores", "shops", "categories": a ranking of several.
fn asks_plural(w: &[String]) -> bool {
    w.iter().any(|v| {
        matches!(
            v.as_str(),
            "merchants" | "stores" | "shops" | "categories" | "places" | "retailers"
        )
    })
}

/// A word for what "the last N …" lists: a transaction noun, or how people say it plainly
/// ("the last 10 things on my card", "my 5 latest items", "last 3 orders").
fn listed_noun(w: &str) -> bool {
    is_txn_noun(w)
        || matches!(
            w,
            "things" | "thing" | "items" | "expenses" | "orders" | "swipes" | "debits" | "buys"
        )
}

/// A word for transactions: "transactions", "purchases", "charges", "payments".
/// A noun for one charge ("purchase", "order", "bill"): "smallest" before it asks for that
/// charge, not for a ranking's other end.
fn one_charge_noun(w: &str) -> bool {
    is_txn_noun(w)
        || Words("expense|order|bill|meal|trip|visit|subscription")
            .iter()
            .any(|n| w.starts_with(n))
}

fn is_txn_noun(w: &str) -> bool {
    w.starts_with("transaction")
        || w.starts_with("purchase")
        || w.starts_with("charge")
        || w.starts_with("payment")
        || w.starts_with("withdrawal")
        || matches!(w, "txn" | "txns" | "trans" | "transx" | "tx" | "txs")
}

/// "this month compared to the same time last month", "vs this time last year": the earlier
/// month or year only up to the same day as today's, so that a month so far is never set
/// against a whole month.
fn same_time_of(w: &[String], p: Period, today: Date) -> Period {
    let said = w.windows(2).any(|t| {
        matches!(
            (t[0].as_str(), t[1].as_str()),
            ("same" | "this", "time" | "point" | "stage") | ("same" | "this", "day")
        )
    });
    let days = p.end.days() - p.start.days();
    if !said || p.end > today {
        return p;
    }
    let (so_far, label) = if (28..=31).contains(&days) {
        let d = today.day.min(days as u32);
        let name = crate::intent::slots::period::MONTH_NAMES[p.start.month as usize - 1];
        (d as i64, format!("{name} 1 to {d}, {}", p.start.year))
    } else if (365..=366).contains(&days) {
        let so_far = today.days() - Date::new(today.year, 1, 1).map_or(0, |j| j.days()) + 1;
        let end = p.start.add_days(so_far.min(days));
        let last = end.add_days(-1);
        let name = crate::intent::slots::period::MONTH_NAMES[last.month as usize - 1];
        (so_far, format!("{} to {name} {}", p.start.year, last.day))
    } else {
        return p;
    };
    let end = p.start.add_days(so_far.min(days));
    Period {
        start: p.start,
        end,
        label,
    }
}

/// The other period of a comparison: "more than last month", "compared to August", "vs
/// last year".
fn compared_period(w: &[String], today: Date) -> Option<Period> {
    // The last cue: "compare july vs june" compares with June; "more in september or
    // august" is a comparison too.
    let more = w
        .iter()
        .any(|v| matches!(v.as_str(), "more" | "less" | "most"));
    let cue = w.iter().rposition(|v| {
        matches!(
            v.as_str(),
            "than" | "compared" | "compare" | "vs" | "versus" | "against"
        ) || (more && v == "or")
    })?;
    // "compare july to june": the period after "to", "with" or "and" is the other one.
    let cue = match w.get(cue).map(String::as_str) {
        Some("compare") => w
            .iter()
            .skip(cue + 1)
            .position(|v| matches!(v.as_str(), "to" | "with" | "and"))
            .map_or(cue, |k| cue + 1 + k),
        _ => cue,
    };
    let rest: Vec<String> = w.iter().skip(cue + 1).cloned().collect();
    if let Some(p) = the_one_before(&w[..cue], &rest, today) {
        return Some(p);
    }
    // "amazon vs walmart last month" compares merchants: no period comparison.
    let p = period_opening(&rest.join(" "), today)?;
    let p = a_year_before_if_same(&w[..cue], &rest, p, today);
    (p.start != open_start()).then_some(p)
}

/// "more this november than last november": alone, "last november" is the latest November,
/// the one the first half already names; set against it, it is the November a year before.
fn a_year_before_if_same(before: &[String], rest: &[String], p: Period, today: Date) -> Period {
    let same = crate::intent::slots::period::find_period_in(&before.join(" "), today)
        .is_some_and(|b| b.start == p.start && b.end == p.end);
    if !same || !rest.iter().any(|v| v == "last" || v == "previous") {
        return p;
    }
    Date::new(today.year - 1, today.month, today.day.min(28))
        .and_then(|earlier| period_opening(&rest.join(" "), earlier))
        .filter(|q| q.end <= p.start)
        .unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn this_month_name_against_last_month_name() {
        let t = d(2026, 12, 5);
        let compared = |text: &str| match shape_of(text, t) {
            Shape::Compare(p) => (p.start, p.end),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            compared("did i spend more this november than last november"),
            (d(2025, 11, 1), d(2025, 12, 1))
        );
        assert_eq!(
            compared("did i spend more in november than last november"),
            (d(2025, 11, 1), d(2025, 12, 1))
        );
        // Alone against another month, "last november" is the latest one.
        assert_eq!(
            compared("did i spend more in october than last november"),
            (d(2026, 11, 1), d(2026, 12, 1))
        );
    }

    #[test]
    fn shapes() {
        let t = d(2026, 4, 15);
        assert_eq!(shape_of("show my last 5 transactions", t), Shape::LastN(5));
        assert_eq!(shape_of("my last three purchases", t), Shape::LastN(3));
        assert_eq!(shape_of("my last 2 atm withdrawals", t), Shape::LastN(2));
        assert_eq!(shape_of("last 3 card purchases", t), Shape::LastN(3));
        assert_ne!(shape_of("last 2 weeks purchases", t), Shape::LastN(2));
        assert_eq!(shape_of("show me the last 10 things on my card", t), Shape::LastN(10));
        assert_eq!(shape_of("my 4 most recent orders", t), Shape::LastN(4));
        assert_ne!(shape_of("the last 2 months things on my card", t), Shape::LastN(2));
        assert_eq!(
            shape_of("whats the most i spent in one day", t),
            Shape::Rank(RankBy::Day, 1)
        );
        assert_eq!(
            shape_of("my biggest spending days last month", t),
            Shape::Rank(RankBy::Day, 3)
        );
        assert_eq!(
            shape_of("which day did i spend the most", t),
            Shape::Rank(RankBy::Day, 1)
        );
        assert_eq!(
            shape_of("which month did i spend the most this year", t),
            Shape::Rank(RankBy::Month, 1)
        );
        assert!(two_periods_only("nov vs oct", t));
        assert!(two_periods_only("last week compared to this week?", t));
        assert!(!two_periods_only("my apr in nov vs oct", t));
        assert!(!two_periods_only("nov", t));
        assert_eq!(
            shape_of("which month did i spend the least this year", t),
            Shape::Least(RankBy::Month)
        );
        assert_eq!(
            shape_of("cheapest month so far", t),
            Shape::Least(RankBy::Month)
        );
        assert_eq!(
            shape_of("which category did i spend the least on", t),
            Shape::Least(RankBy::Category)
        );
        assert_eq!(
            shape_of("what day of the week do i spend the most", t),
            Shape::Rank(RankBy::Weekday, 1)
        );
        assert_eq!(
            shape_of("which weekday is my lowest", t),
            Shape::Least(RankBy::Weekday)
        );
        // "smallest" ranks from the bottom; before a charge's noun it is one charge.
        for q in ["and the smallest category in november", "smallest category last month"] {
            assert_eq!(shape_of(q, t), Shape::Least(RankBy::Category), "{q}");
        }
        assert_eq!(
            shape_of("which store did i spend the smallest amount at", t),
            Shape::Least(RankBy::Merchant)
        );
        assert_eq!(shape_of("my smallest purchase at the store", t), Shape::Smallest(1));
        // Merchants by visits, and by what one visit costs.
        for q in ["which restaurant do i go to most often", "where do i shop most frequently"] {
            assert_eq!(shape_of(q, t), Shape::Rank(RankBy::Visits, 1), "{q}");
        }
        assert_eq!(shape_of("stores i go to most often", t), Shape::Rank(RankBy::Visits, 3));
        assert_eq!(shape_of("which gas station do i use most", t), Shape::Rank(RankBy::Visits, 1));
        assert_eq!(shape_of("the store i visit most", t), Shape::Rank(RankBy::Visits, 1));
        // The other shapes of the family (the category's own words are the slots').
        assert_eq!(shape_of("where does most of my money go", t), Shape::Rank(RankBy::Category, 5));
        assert_eq!(shape_of("and what i spend most in october", t), Shape::Rank(RankBy::Category, 1));
        assert_eq!(shape_of("whats the biggest thing i bought in october", t), Shape::Largest(1));
        assert_eq!(shape_of("whats the most i spent on amazon at once", t), Shape::Largest(1));
        assert_eq!(shape_of("most i paid at target in one go", t), Shape::Largest(1));
        assert_ne!(shape_of("where did i spend the most", t), Shape::Largest(1));
        assert_eq!(shape_of("most expensive restaurant this year", t), Shape::Rank(RankBy::PerVisit, 1));
        assert_eq!(shape_of("cheapest grocery store", t), Shape::Least(RankBy::PerVisit));
        assert_eq!(shape_of("which store did i spend the most at", t), Shape::Rank(RankBy::Merchant, 1));
        assert_eq!(shape_of("which store do i go to least often", t), Shape::Least(RankBy::Visits));
        assert_eq!(
            shape_of("which grocery store is cheapest for me per visit", t),
            Shape::Least(RankBy::PerVisit)
        );
        assert_eq!(
            shape_of("which store is the most expensive per trip", t),
            Shape::Rank(RankBy::PerVisit, 1)
        );
        // "at least" bounds an amount; it is not a ranking.
        assert_ne!(
            shape_of("which merchants did i pay at least 50", t),
            Shape::Least(RankBy::Merchant)
        );
        assert_eq!(
            shape_of("which month did i spend the most on dining", t),
            Shape::Rank(RankBy::Month, 1)
        );
        assert_eq!(
            shape_of("rank my spending categories this year", t),
            Shape::Rank(RankBy::Category, 3)
        );
        assert_eq!(
            shape_of("how much did i spend this month", t),
            Shape::Plain
        );
        assert_ne!(
            shape_of("what did i spend the most on in the last 30 days", t),
            Shape::Rank(RankBy::Day, 1)
        );
        assert_eq!(
            shape_of("which category did i spend the most on", t),
            Shape::Rank(RankBy::Category, 1)
        );
        assert_eq!(
            shape_of("top 3 merchants this year", t),
            Shape::Rank(RankBy::Merchant, 3)
        );
        assert_eq!(
            shape_of("top merchants last month", t),
            Shape::Rank(RankBy::Merchant, 3)
        );
        assert_eq!(
            shape_of("which store did i spend the most at", t),
            Shape::Rank(RankBy::Merchant, 1)
        );
        assert_eq!(
            shape_of("biggest purchase last month", t),
            Shape::Largest(1)
        );
        assert_eq!(
            shape_of("how many times did i go to starbucks", t),
            Shape::Count
        );
        match shape_of("did i spend more than last month?", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2026, 3, 1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(shape_of("more than $100 at amazon", t), Shape::Plain);
        match shape_of("compare my spending in july vs june", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2025, 6, 1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(shape_of("how much did i spend last month", t), Shape::Plain);
    }

    #[test]
    fn the_biggest_ones() {
        let t = d(2026, 4, 15);
        assert_eq!(shape_of("whats my biggest subscription", t), Shape::Largest(1));
        assert_eq!(shape_of("my top 5 expenses this year", t), Shape::Largest(5));
        assert_eq!(shape_of("my largest 3 purchases this year", t), Shape::Largest(3));
        assert_eq!(
            shape_of("top 5 places i spend money", t),
            Shape::Rank(RankBy::Merchant, 5)
        );
        assert_eq!(shape_of("last 4 txns", t), Shape::LastN(4));
        assert_eq!(shape_of("my last 3 txns pls", t), Shape::LastN(3));
        assert_eq!(
            shape_of("what were my 3 biggest purchases last month", t),
            Shape::Largest(3)
        );
        assert_eq!(shape_of("top 3 merchants", t), Shape::Rank(RankBy::Merchant, 3));
    }

    #[test]
    fn the_smallest_ones_and_typos() {
        let t = d(2026, 4, 15);
        assert_eq!(shape_of("smallest charge last month", t), Shape::Smallest(1));
        assert_eq!(shape_of("cheapest purchase this month", t), Shape::Smallest(1));
        assert_eq!(shape_of("my 3 smallest transactions", t), Shape::Smallest(3));
        assert_eq!(shape_of("least expensive purchase", t), Shape::Smallest(1));
        assert_eq!(shape_of("how much was the most expensive one last month", t), Shape::Largest(1));
        assert_eq!(shape_of("the cheapest one this week", t), Shape::Smallest(1));
        // A ranking within a category: the meal is dining (the slots' category).
        assert_eq!(shape_of("most expensive meal last month", t), Shape::Largest(1));
        // Typos of the ranking and transaction words.
        assert_eq!(shape_of("biggest purchse last month", t), Shape::Largest(1));
        assert_eq!(shape_of("largest transacion this year", t), Shape::Largest(1));
        assert_eq!(shape_of("smalest charg", t), Shape::Smallest(1));
        assert_eq!(shape_of("biggest purchace", t), Shape::Largest(1));
    }

    #[test]
    fn the_latest_one() {
        let t = d(2026, 4, 15);
        for q in [
            "how much was my last amazon order",
            "my latest charge at target",
            "when did i last go to starbucks",
            "most recent purchase",
            "what was my last transaction",
            "when was the last atm withdrawal",
        ] {
            assert_eq!(shape_of(q, t), Shape::LastN(1), "{q}");
        }
        for q in [
            "how much did i spend last month",
            "last week's purchases",
            "show me last wknd's transactions",
            "last friday's charges",
            "last march's purchases",
            "my last 3 purchases",
        ] {
            assert_ne!(shape_of(q, t), Shape::LastN(1), "{q}");
        }
    }

    #[test]
    fn breakdowns_rank_every_row_worth_showing() {
        let t = d(2026, 4, 15);
        for q in [
            "spending by category last month",
            "my spending breakdown",
            "breakdown of what i spent in march",
            "how much per category this year",
            "wheres all my money going lately",
            "where did my money go last month",
            "where does my cash go",
        ] {
            assert_eq!(shape_of(q, t), Shape::Rank(RankBy::Category, 5), "{q}");
        }
        assert_eq!(
            shape_of("spending by merchant", t),
            Shape::Rank(RankBy::Merchant, 5)
        );
        // "by" with nothing to rank by is no breakdown.
        assert_eq!(shape_of("spent by friday", t), Shape::Plain);
        // Where money went at a place is a merchant question, not a breakdown.
        assert_ne!(
            shape_of("where did i spend the most money", t),
            Shape::Rank(RankBy::Category, 5)
        );
    }

    #[test]
    fn account_number_questions() {
        let t = d(2026, 4, 15);
        for q in [
            "what's my checking account number",
            "acct no for savings?",
            "whats my account #",
            "i need my account number",
            "what's the last 4 of my card",
            "last four digits of my checking",
            "whats my card number",
        ] {
            assert_eq!(shape_of(q, t), Shape::AccountNumber, "{q}");
        }
        for q in [
            "what's my routing number",
            "routing and account number please",
            "how many accounts do i have",
            "number of transactions on my account",
            "how much did I spend at ACCT#87654321 last month",
            "last 4 transactions on my card",
            "my last four card purchases",
        ] {
            assert_ne!(shape_of(q, t), Shape::AccountNumber, "{q}");
        }
    }

    #[test]
    fn more_shapes() {
        let t = d(2026, 4, 15);
        assert_eq!(
            shape_of("show me my 3 most recent purchases", t),
            Shape::LastN(3)
        );
        assert_eq!(shape_of("5 latest transactions", t), Shape::LastN(5));
        assert_eq!(
            shape_of("how many amazon orders this year", t),
            Shape::Count
        );
        match shape_of("did i spend more on dining in march or february", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2026, 2, 1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            shape_of("what did i spend the most on in september", t),
            Shape::Rank(RankBy::Category, 1)
        );
        match shape_of("compare july to june", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2025, 6, 1)),
            other => panic!("{other:?}"),
        }
        // "or" without "more" or "less" is no comparison.
        assert_eq!(shape_of("groceries in march or so", t), Shape::Plain);
        // Two merchants compared, not two periods.
        assert_eq!(
            shape_of("how much on amazon vs walmart last month", t),
            Shape::Plain
        );
        assert!(matches!(
            shape_of("did i spend more this month than this coming friday", t),
            Shape::Compare(_)
        ));
        match shape_of("how much did i spend last month vs the month before", t) {
            Shape::Compare(p) => assert_eq!((p.start, p.end), (d(2026, 2, 1), d(2026, 3, 1))),
            other => panic!("{other:?}"),
        }
        match shape_of("this week compared to the week before", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2026, 4, 6)),
            other => panic!("{other:?}"),
        }
        // "the same time last month": March 1 to 15 against April 1 to 15, never all March.
        match shape_of("how does my spending this month compare to the same time last month", t) {
            Shape::Compare(p) => {
                assert_eq!((p.start, p.end), (d(2026, 3, 1), d(2026, 3, 16)));
                assert_eq!(p.label, "March 1 to 15, 2026");
            }
            other => panic!("{other:?}"),
        }
        match shape_of("spending this year vs this time last year", t) {
            Shape::Compare(p) => assert_eq!((p.start, p.end), (d(2025, 1, 1), d(2025, 4, 16))),
            other => panic!("{other:?}"),
        }
        match shape_of("groceries this month compared to last month", t) {
            Shape::Compare(p) => assert_eq!(p.start, d(2026, 3, 1)),
            other => panic!("{other:?}"),
        }
    }
}
