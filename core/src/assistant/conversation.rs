//! Conversation state: what the previous question was, so that "and last month?", "what
//! about groceries", "just the card", "and savings?" or "the month before that" can be
//! answered. It lives in memory
//! on the device only, expires after ten minutes of silence, and is cleared by a change of
//! disclosure level or a new alert. A message that held a secret never becomes state.

use crate::words::Words;
use super::shape::{RankBy, Shape};
use crate::egress::DisclosureLevel;
use crate::intent::slots::period::period_before;
use crate::intent::{Intent, Prediction, Slots};
use crate::time::Timestamp;

/// Seconds of silence after which a follow-up no longer refers to the previous turn.
pub(super) const EXPIRY_SECS: i64 = 600;

/// The previous answerable turn.
#[derive(Clone, Debug)]
pub(super) struct Turn {
    pub intent: Intent,
    pub slots: Slots,
    pub shape: Shape,
    pub at: Timestamp,
    pub level: DisclosureLevel,
    /// The reply asked which dates were meant (a period not understood, or not yet begun):
    /// a bare period next ("last month", a quick reply) answers it.
    pub asked_dates: bool,
    /// The reply asked "groceries or eating out?" ([`super::food`]): a follow-up that still
    /// names neither ("what about last week") is asked again, never answered as all spending.
    pub asked_food: bool,
    /// The answerable turn before this one (its own `before` is dropped): what "compare the
    /// two" or "total of both" sets beside this one.
    pub before: Option<Box<Turn>>,
    /// One turn out of scope came after it: the next one still follows it, a second such
    /// turn ends the conversation.
    pub outlived_one_miss: bool,
    /// The one merchant its answer named ("the place you went to most often": Blue Bottle),
    /// which "how much did i spend there" is about.
    pub named: Option<String>,
}

impl Turn {
    /// A turn with nothing asked back and nothing before it.
    pub(super) fn new(
        intent: Intent,
        slots: Slots,
        shape: Shape,
        at: Timestamp,
        level: DisclosureLevel,
    ) -> Turn {
        Turn {
            intent,
            slots,
            shape,
            at,
            level,
            asked_dates: false,
            asked_food: false,
            before: None,
            outlived_one_miss: false,
            named: None,
        }
    }
}

/// What a follow-up with no subject of its own asks of the previous answer(s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Back {
    /// "how much was that", "how much is it": the amount of what was just shown.
    Amount,
    /// "compare the two", "which is more": the last two figures side by side.
    Compare,
    /// "total of both", "add them up": the last two figures and their sum.
    Sum,
    /// "biggest one?", "the largest?": the biggest purchase of what was just asked.
    Largest,
    /// "the smallest?", "cheapest one": the smallest purchase of what was just asked.
    Smallest,
    /// "which of those was biggest", "which of those four cost the most": which of the
    /// figures just given; `many` when more than two are said.
    WhichOf {
        /// More than two.
        many: bool,
    },
}

/// The words that make a short message a question about the previous answer(s), which
/// names nothing of its own (the caller checks its slots).
pub(super) fn refers_back(w: &[String]) -> Option<Back> {
    let has = |x: &str| w.iter().any(|v| v == x);
    // Only these words: any other ("biggest spending day", "which month is more") makes it a
    // question of its own.
    const ONLY: Words = Words(
    "the|one|ones|a|was|is|were|are|what|whats|which|and|so|ok|okay|then|of|them|those\
    |these|that|it|this|two|both|how|much|did|does|do|come|to|up|add|total|sum|combined\
    |together|compare|more|less|bigger|smaller|higher|lower|biggest|largest|highest\
    |smallest|cheapest|lowest|tiniest|most|least|expensive|difference|between|cost\
    |amount|please|pls|all|in|thats|its|three|four|five|3|4|5|amt|there|on|by|why|visit\
    |purchase|charge|trip|order",
);
    if w.is_empty() || w.len() > 6 || w.iter().any(|v| !ONLY.contains(v.as_str())) {
        return None;
    }
    let pointer = Words("that|it|this|those|these|them|thats|its")
        .iter()
        .any(&has);
    let two = Words("two|both|them|those|these").iter().any(&has);
    let which = has("which") || has("difference");
    // "which of those was biggest", "which of them cost the most": which of the figures
    // just given (a count of them beyond two: only a comparison already holding them).
    let superlative = Words("biggest|largest|highest|most|smallest|lowest|least")
        .iter()
        .any(&has);
    let many = Words("three|four|five|3|4|5").iter().any(&has);
    if has("which") && superlative && (two || many) {
        return Some(Back::WhichOf { many });
    }
    let more = Words("more|bigger|higher|less|smaller|lower|difference")
        .iter()
        .any(&has);
    // "by how much", "how much more", "why so much more": the difference of the figures.
    let by_how_much = has("by") && has("much") || (has("much") || has("why")) && more;
    if (has("compare") && two) || which && more || by_how_much {
        return Some(Back::Compare);
    }
    // "together?", "all together": the figures just given, summed.
    let alone_sum = w.len() <= 2 && has("together");
    if (has("total") || has("sum") || has("add") || has("combined") || has("together")) && two
        || has("combined")
        || alone_sum
    {
        return Some(Back::Sum);
    }
    if Words("biggest|largest|highest").iter().any(&has)
        || has("most") && has("expensive")
    {
        return Some(Back::Largest);
    }
    if Words("smallest|cheapest|lowest|tiniest").iter().any(&has) {
        return Some(Back::Smallest);
    }
    let much = has("how") && has("much") || has("cost") || has("total") || has("amount");
    // "amt?", "amount?", "how much?" alone: the amount of what was just answered.
    let alone = matches!(w, [a] if a == "amt" || a == "amount")
        || matches!(w, [a, b] if a == "how" && b == "much");
    (much && pointer || alone).then_some(Back::Amount)
}

/// The question a [`Back`] follow-up asks, built from the previous turn (and the one before
/// it); `None` when there is nothing it can refer to (the reply then asks which figures).
pub(super) fn resolve_back(prev: Option<&Turn>, back: Back) -> Option<(Intent, Slots, Shape)> {
    let prev = prev?;
    let spending = |t: &Turn| matches!(t.intent, Intent::SpendingHistory | Intent::Transactions);
    match back {
        // A listing: what it adds up to, as spending. One charge, the last N (whose reply
        // sums them) or a figure: the same answer again, which holds its amount.
        Back::Amount => match (&prev.shape, prev.intent) {
            (Shape::Plain, Intent::Transactions) => {
                Some((Intent::SpendingHistory, prev.slots.clone(), Shape::Plain))
            }
            (shape, intent) => Some((intent, prev.slots.clone(), shape.clone())),
        },
        // Two figures already side by side: the same comparison again, now saying which
        // is more (never their sum).
        // "total on both", "together?" after "uber or lyft": the same sides, summed.
        Back::Sum if matches!(prev.shape, Shape::Versus(_)) => {
            let Shape::Versus(pair) = &prev.shape else { return None };
            let both = super::versus::Pair {
                both: true,
                ..(**pair).clone()
            };
            Some((prev.intent, prev.slots.clone(), Shape::Versus(Box::new(both))))
        }
        Back::Compare if matches!(prev.shape, Shape::Versus(_) | Shape::Compare(_)) => {
            Some((prev.intent, prev.slots.clone(), compared(&prev.shape)))
        }
        // "which of those four was biggest" after things compared side by side: the same
        // comparison, which names the biggest.
        Back::Largest | Back::Smallest if matches!(prev.shape, Shape::Versus(_)) => {
            Some((prev.intent, prev.slots.clone(), compared(&prev.shape)))
        }
        // "which one is the most expensive" after the subscriptions (a list by amount): the
        // same list again, never the biggest purchase of all the spending.
        Back::Largest | Back::Smallest | Back::WhichOf { .. }
            if matches!(prev.shape, Shape::Everyday(_)) =>
        {
            Some((prev.intent, prev.slots.clone(), prev.shape.clone()))
        }
        Back::Largest | Back::Smallest if spending(prev) => {
            let shape = match back {
                Back::Largest => Shape::Largest(1),
                _ => Shape::Smallest(1),
            };
            Some((Intent::Transactions, prev.slots.clone(), shape))
        }
        Back::Largest | Back::Smallest => None,
        // "which of those four was biggest" after "dining and groceries last month", then
        // "and transport and shopping": every side of both turns over their one period.
        Back::WhichOf { many: true } if sides_of_both(prev).is_some() => {
            Some((prev.intent, prev.slots.clone(), sides_of_both(prev)?))
        }
        // Figures side by side already: the same comparison, which names the biggest.
        Back::WhichOf { .. } if matches!(prev.shape, Shape::Versus(_) | Shape::Compare(_)) => {
            Some((prev.intent, prev.slots.clone(), compared(&prev.shape)))
        }
        // More than two said, and not all given side by side: ask which figures.
        Back::WhichOf { many: true } => None,
        Back::Compare | Back::Sum | Back::WhichOf { .. } => {
            let first = prev.before.as_deref().filter(|b| spending(b) && spending(prev));
            // Totals or counts ("how many times at dunkin", "and starbucks"): each turn
            // holds one figure of money, so "total on both" sums those two, never repeats
            // the last one alone.
            let one_figure = |s: &Shape| matches!(s, Shape::Plain | Shape::Count);
            let two = first.filter(|f| one_figure(&f.shape) && one_figure(&prev.shape));
            match two.and_then(|f| two_figures(f, prev, back == Back::Sum)) {
                Some(q) => Some(q),
                // "what was the total of those" after one listing: what it adds up to.
                None if back == Back::Sum && spending(prev) => resolve_back(Some(prev), Back::Amount),
                None => None,
            }
        }
    }
}

/// Two comparisons one after the other over the same period ("dining and groceries last
/// month", "and transport and shopping"): one comparison of all their sides.
fn sides_of_both(prev: &Turn) -> Option<Shape> {
    let first = prev.before.as_deref()?;
    let (Shape::Versus(a), Shape::Versus(b)) = (&first.shape, &prev.shape) else {
        return None;
    };
    if first.slots.period != prev.slots.period {
        return None;
    }
    let mut sides = a.sides.clone();
    for side in &b.sides {
        if !sides.contains(side) {
            sides.push(side.clone());
        }
    }
    Some(Shape::Versus(Box::new(super::versus::Pair { sides, both: false })))
}

/// The shape again, two things asked together ("dining and groceries") now compared: the
/// reply then says which is more, not their sum.
fn compared(shape: &Shape) -> Shape {
    match shape {
        Shape::Versus(pair) => Shape::Versus(Box::new(super::versus::Pair {
            both: false,
            ..(**pair).clone()
        })),
        other => other.clone(),
    }
}

/// "compare the two" or "total of both" over two plain spending questions: two things over
/// the later one's period (a pair), or one thing over two periods (compared; summed only
/// when the periods touch, as one period).
fn two_figures(first: &Turn, second: &Turn, sum: bool) -> Option<(Intent, Slots, Shape)> {
    let (a, b) = (&first.slots, &second.slots);
    if a.period == b.period {
        let pair = super::versus::pair_of(a, b, sum)?;
        return Some((Intent::SpendingHistory, b.clone(), Shape::Versus(Box::new(pair))));
    }
    let same_thing = a.merchant == b.merchant && a.category == b.category && a.account == b.account;
    let (pa, pb) = (a.period.clone()?, b.period.clone()?);
    if !same_thing {
        return None;
    }
    if !sum {
        return Some((Intent::SpendingHistory, b.clone(), Shape::Compare(pa)));
    }
    let (early, late) = if pa.start <= pb.start { (pa, pb) } else { (pb, pa) };
    if early.end < late.start {
        return None;
    }
    let mut s = b.clone();
    s.period = Some(crate::intent::Period {
        label: format!("{} and {}", early.label, late.label),
        start: early.start,
        end: early.end.max(late.end),
    });
    Some((Intent::SpendingHistory, s, Shape::Plain))
}

/// "cancel hulu", "stop netflix", "transfer 50 to savings": a request to act, which Tacit
/// cannot carry out: never a follow-up of the last question (it would answer it again).
fn asks_an_action(lower: &str) -> bool {
    const ACTS: Words = Words(
    "cancel|stop|pause|unsubscribe|freeze|unfreeze|lock|unlock|block|transfer|send|book\
    |order|buy|dispute|close|open|renew|upgrade|downgrade",
);
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty() && !matches!(*w, "pls" | "please" | "can" | "u" | "you"))
        .unwrap_or("");
    ACTS.contains(first)
}

/// Words that open a follow-up.
pub(super) fn opens_follow_up(lower: &str) -> bool {
    const OPENERS: Words = Words(
    "and |what about|how about|same for|same but|just |only |now |ok and|okay and|and?\
    |also |what of|vs|versus|compared to|compared with|no i meant|no, i meant|no i mean \
    |no, i mean |i meant |sorry i meant|sorry, i meant",
);
    OPENERS.iter().any(|o| lower.starts_with(o))
}

/// A yes-or-no question of its own ("did my rent go thru", "is the netflix charge pending",
/// "have i paid comcast"): it asks something new even when short and heard with doubt, so it
/// does not take the previous turn's period or filters.
fn stands_alone(lower: &str) -> bool {
    const ASKS: Words = Words(
    "did|didnt|do|does|is|isnt|was|were|has|hasnt|have|havent|am|are|can|could|will|would\
    |should",
);
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first().map(|w| w.replace('\'', "")).unwrap_or_default();
    let asks_of_mine = matches!(
        first.as_str(),
        "what" | "whats" | "how" | "hows" | "where" | "which" | "when" | "whens" | "show" | "list"
    ) && words.iter().take(4).any(|w| *w == "my");
    // "everything but rent in september": all of it, whatever was asked before.
    let all_but = matches!(first.as_str(), "everything" | "anything" | "all")
        && words.get(1).is_some_and(|w| matches!(*w, "but" | "except"));
    (words.len() >= 4 && ASKS.contains(first.as_str()))
        || (words.len() >= 3 && asks_of_mine)
        || all_but
}

/// Whether the slots name anything a follow-up can change.
pub(super) fn names_something(s: &Slots) -> bool {
    s.period.is_some()
        || s.period_unclear
        || s.category.is_some()
        || !s.kinds.is_empty()
        || s.merchant.is_some()
        || s.account.is_some()
        || !s.exclude_categories.is_empty()
        || !s.exclude_kinds.is_empty()
        || s.exclude_merchant.is_some()
        || s.min_amount_minor.is_some()
        || s.max_amount_minor.is_some()
        || s.week_part.is_some()
}

/// The previous turn's slots as a follow-up inherits them. A turn that asked which dates
/// were meant carries nothing of its period phrase: "weekends" read in a period not
/// understood ("two weekends ago") is no filter for the turns after it.
fn carried(prev: &Turn) -> Slots {
    let mut s = prev.slots.clone();
    if prev.asked_dates || prev.slots.period_unclear {
        s.week_part = None;
    }
    s
}

/// "and the month after", "the day after": the period after the previous turn's, when the
/// message names none of its own.
fn shifted_after(prev: &Turn, slots: &Slots, lower: &str) -> Option<crate::intent::Period> {
    let p = prev.slots.period.as_ref().filter(|_| slots.period.is_none())?;
    let unit = super::edits::after_previous(lower)?;
    super::edits::period_after(p, unit.as_deref())
}

/// "the month before", "the week before that", "and before that?", "the one before": the
/// period before the previous turn's, and the unit named (if any). `None` when the message
/// says none of these.
pub(super) fn before_previous(lower: &str) -> Option<Option<String>> {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let pos = words.iter().position(|w| *w == "before")?;
    let after = words.get(pos + 1).copied().unwrap_or("");
    // "the month before last" is a period of its own (the grammar reads it).
    if after == "last" {
        return None;
    }
    let prev = pos.checked_sub(1).and_then(|i| words.get(i)).copied();
    const UNITS: &[&str] = &[
        "day",
        "week",
        "wk",
        "fortnight",
        "month",
        "mo",
        "quarter",
        "year",
        "yr",
    ];
    match prev {
        // "the tuesday before that", "the weekend before": the same days a week earlier.
        Some(u) if UNITS.contains(&u) || crate::intent::slots::period::names_week_days(u) => {
            Some(Some(u.to_string()))
        }
        Some("one") | Some("period") => Some(None),
        _ if matches!(after, "that" | "it" | "then" | "") => Some(None),
        _ => None,
    }
}

/// The state as it stands at `now` for `level`: `None` when expired or the level changed.
pub(super) fn current(
    state: &Option<Turn>,
    now: Timestamp,
    level: DisclosureLevel,
) -> Option<&Turn> {
    state
        .as_ref()
        .filter(|t| now - t.at <= EXPIRY_SECS && now >= t.at && t.level == level)
}

/// The intent, slots and shape of a follow-up to `prev`, or `None` when the message stands
/// on its own. A follow-up keeps what it does not name and overrides what it does.
pub(super) fn follow_up(
    prev: &Turn,
    text: &str,
    prediction: &Prediction,
    slots: &Slots,
    shape: &Shape,
) -> Option<(Intent, Slots, Shape)> {
    let lower = super::follow_words::plain(&text.trim().to_lowercase());
    if asks_an_action(&lower) {
        return None;
    }
    if let Some(q) = super::carry::compare_with(prev, &lower, slots) {
        return Some(q);
    }
    if let Some(q) = super::edits::edit(prev, &lower, slots, shape) {
        return Some(q);
    }
    let visits = super::carry::visits_again(prev, &lower, slots, shape);
    let again = visits
        || super::carry::period_only(prev, &lower, slots, shape)
        || super::carry::subject_only(prev, &lower, slots) && !stands_alone(&lower);
    let visit_shape;
    let shape = match visits {
        true => {
            visit_shape = super::carry::visit_shape(&lower, shape);
            &visit_shape
        }
        false => shape,
    };
    let words = lower.split_whitespace().count();
    let unsure = prediction.intent == Intent::Oos || prediction.confidence < 0.6;
    let answers_clarify = (prev.slots.period_unclear || prev.asked_dates)
        && (slots.period.is_some() || slots.period_unclear);
    let before = prev
        .slots
        .period
        .as_ref()
        .filter(|_| slots.period.is_none())
        .and_then(|p| Some((p, before_previous(&lower)?)))
        .and_then(|(p, unit)| period_before(p, unit.as_deref()))
        .or_else(|| shifted_after(prev, slots, &lower));
    // "how many times tho", "which category?": a count or ranking of what was just asked.
    // "whats that per month", "avg per week?": an average of what was just asked, unless it
    // names its own spending ("avg daily spending last month" asks about all of it).
    let own_spending = lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "spend" | "spending" | "spent" | "expenses" | "purchases" | "outgoings"
        )
    });
    let refers_back = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "that" | "it" | "those" | "this"));
    // "how much is that per month": an average of what was just asked, up to eight words
    // when a word points back at it.
    let that_per = words <= 8 && refers_back && !own_spending && matches!(shape, Shape::Average(_));
    let shape_only = that_per
        || words <= 5
            && (matches!(shape, Shape::Count | Shape::Rank(..) | Shape::Least(_))
                || matches!(shape, Shape::Average(_)) && (refers_back || !own_spending));
    // "how many of those were shake shack": a part of the previous answer, inside its
    // period and category, whatever its length.
    let part = super::shape::of_those(&lower.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>())
        && matches!(shape, Shape::Count);
    let total = totals_previous(prev, slots, &lower);
    let short = words <= 5
        && !stands_alone(&lower)
        && (unsure || answers_clarify || before.is_some() || shape_only || total);
    // "and trader joes" after a merchant question: the name given, even one the vault
    // does not know (the answer then says there are no charges there).
    let named = (prev.slots.merchant.is_some() && !names_something(slots))
        .then(|| super::follow_words::bare_name(&lower))
        .flatten();
    if !(opens_follow_up(&lower) || short || part || again || that_per)
        || !(names_something(slots) || before.is_some() || shape_only || named.is_some())
    {
        return None;
    }
    if total {
        // "and in total?" after a question over a period: that period's total.
        let intent = match prev.intent {
            Intent::Transactions => Intent::SpendingHistory,
            other => other,
        };
        let shape = match &prev.shape {
            Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_) => Shape::Plain,
            other => other.clone(),
        };
        return Some((intent, prev.slots.clone(), shape));
    }
    let slots = &match named {
        Some(name) => Slots {
            merchant: Some(name),
            ..slots.clone()
        },
        None => slots.clone(),
    };
    // "vs july?": the period named is the one compared against, not the one asked about.
    let compared_only = matches!((shape, &slots.period), (Shape::Compare(c), Some(p)) if c == p);
    let mut s = carried(prev);
    if let Some(p) = before {
        s.period = Some(p);
        s.period_unclear = false;
    } else if compared_only {
        s.period_unclear = false;
    } else if slots.period.is_some() || slots.period_unclear && slots.week_part.is_none() {
        s.period = slots.period.clone();
        s.period_unclear = slots.period_unclear;
    }
    // "how about just weekdays": the same period, other days of the week; with no period
    // before, which dates (never a default period narrowed without saying so).
    if slots.week_part.is_some() {
        s.week_part = slots.week_part;
        s.period_unclear |= s.period.is_none();
    }
    if slots.category.is_some() {
        s.category = slots.category;
        s.merchant = None;
        s.merchant_known = false;
    }
    if slots.merchant.is_some() {
        s.merchant = slots.merchant.clone();
        s.merchant_known = slots.merchant_known;
        s.merchant_unsure = slots.merchant_unsure;
        if !part {
            s.category = None;
        }
    }
    // "what about groceries" after "gas last month": the kinds go with what they named.
    if !part && (slots.category.is_some() || slots.merchant.is_some() || !slots.kinds.is_empty()) {
        s.kinds = slots.kinds;
    }
    if slots.account.is_some() {
        s.account = slots.account.clone();
    }
    if !slots.exclude_categories.is_empty()
        || !slots.exclude_kinds.is_empty()
        || slots.exclude_merchant.is_some()
    {
        super::edits::add_exclusions(&mut s, slots);
    }
    if super::follow_words::drops_exclusions(&lower, slots) {
        s.exclude_categories.clear();
        s.exclude_kinds = Default::default();
        s.exclude_merchant = None;
        s.exclude_merchant_known = false;
        s.exclude_also.clear();
    }
    if slots.min_amount_minor.is_some() || slots.max_amount_minor.is_some() {
        s.min_amount_minor = slots.min_amount_minor;
        s.max_amount_minor = slots.max_amount_minor;
        s.min_amount_strict = slots.min_amount_strict;
        s.max_amount_strict = slots.max_amount_strict;
    }
    // "top 3 merchants last month" after a Starbucks question ranks every merchant: a
    // ranking is never filtered to one of the things it ranks.
    match shape {
        Shape::Rank(RankBy::Merchant | RankBy::Visits | RankBy::PerVisit, _)
        | Shape::Least(RankBy::Merchant | RankBy::Visits | RankBy::PerVisit)
            if slots.merchant.is_none() =>
        {
            s.merchant = None;
            s.merchant_known = false;
        }
        // Categories ranked after a merchant question rank all spending: a merchant's
        // purchases are mostly of one category.
        Shape::Rank(RankBy::Category, _) | Shape::Least(RankBy::Category)
            if slots.category.is_none() =>
        {
            s.category = None;
            s.kinds = Default::default();
            if slots.merchant.is_none() {
                s.merchant = None;
                s.merchant_known = false;
            }
        }
        _ => {}
    }
    let shape = match shape {
        Shape::Plain => match &prev.shape {
            // "and last month?" after a comparison compares that month instead.
            Shape::Compare(_) => Shape::Plain,
            // "what about target?" after "amazon vs walmart" asks about Target alone.
            Shape::Versus(_)
                if slots.merchant.is_some()
                    || slots.category.is_some()
                    || slots.account.is_some() =>
            {
                Shape::Plain
            }
            // "rides in nov" after "how much came in": what rides cost, not money in.
            Shape::MoneyIn(_) if slots.category.is_some() || !slots.kinds.is_empty() => {
                Shape::Plain
            }
            other => other.clone(),
        },
        other => other.clone(),
    };
    // "uber how much" after a list: what it came to.
    let intent = match prev.intent {
        Intent::Transactions if shape == Shape::Plain && super::carry::asks_amount(&lower) => {
            Intent::SpendingHistory
        }
        other => other,
    };
    Some((intent, s, shape))
}

/// "and in total?", "total?", "altogether": a total of the previous question over its own
/// period, when it had one (the grammar reads "in total" alone as all the data, which is
/// right only when the first question named no period). "ever" and "all time" still mean all
/// the data.
fn totals_previous(prev: &Turn, slots: &Slots, lower: &str) -> bool {
    let w: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let said_total = w
        .iter()
        .any(|x| matches!(*x, "total" | "altogether" | "combined" | "overall"));
    let said_all = w.iter().any(|x| matches!(*x, "ever" | "lifetime"))
        || w.windows(2).any(|p| p == ["all", "time"]);
    let all_time = slots
        .period
        .as_ref()
        .is_some_and(|p| p.label == crate::intent::slots::period::ALL_TIME);
    let names_other = slots.category.is_some()
        || slots.merchant.is_some()
        || !slots.kinds.is_empty()
        || slots.account.is_some();
    prev.slots.period.is_some() && all_time && said_total && !said_all && !names_other
}

/// A follow-up that is a period and nothing else ("between oct 5 and oct 12", "the year so
/// far"), however long: the previous question over that period. `only_a_period` is
/// [`crate::intent::slots::period::is_only_a_period`] of the message.
pub(super) fn over_period(
    prev: &Turn,
    slots: &Slots,
    shape: &Shape,
    only_a_period: bool,
) -> Option<(Intent, Slots, Shape)> {
    if !only_a_period || slots.period.is_none() || *shape != Shape::Plain {
        return None;
    }
    let mut s = carried(prev);
    s.period.clone_from(&slots.period);
    s.period_unclear = false;
    let shape = match &prev.shape {
        Shape::Compare(_) => Shape::Plain,
        other => other.clone(),
    };
    Some((prev.intent, s, shape))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_act_are_never_follow_ups() {
        for q in ["cancel hulu", "pls stop netflix", "can you freeze my card", "transfer 50"] {
            assert!(asks_an_action(q), "{q}");
        }
        for q in ["and hulu?", "what about netflix", "cancelled charges", "how about stop"] {
            assert!(!asks_an_action(q), "{q}");
        }
    }

    #[test]
    fn yes_or_no_questions_stand_alone() {
        for q in [
            "did my rent go thru",
            "is the netflix charge pending",
            "have i paid comcast?",
            "whats my biggest subscription",
            "show my netflix charges",
        ] {
            assert!(stands_alone(q), "{q}");
        }
        for q in [
            "and groceries?",
            "what about amazon",
            "did i?",
            "just the card",
            "is it",
            "how much at target",
        ] {
            assert!(!stands_alone(q), "{q}");
        }
    }

    fn back(q: &str) -> Option<Back> {
        refers_back(&super::super::shape::words(q))
    }

    #[test]
    fn follow_ups_about_the_previous_answer() {
        for (q, want) in [
            ("how much was that", Back::Amount),
            ("how much is it?", Back::Amount),
            ("amt?", Back::Amount),
            ("amount", Back::Amount),
            ("how much?", Back::Amount),
            ("compare the two", Back::Compare),
            ("which is more", Back::Compare),
            ("which one was bigger?", Back::Compare),
            ("whats the difference", Back::Compare),
            ("total of both", Back::Sum),
            ("add them up", Back::Sum),
            ("both combined", Back::Sum),
            ("biggest one?", Back::Largest),
            ("the most expensive one", Back::Largest),
            ("most expensive visit?", Back::Largest),
            ("and the cheapest purchase", Back::Smallest),
            ("the smallest?", Back::Smallest),
            ("and the cheapest one", Back::Smallest),
            ("which of those was biggest", Back::WhichOf { many: false }),
            ("which of them cost the most", Back::WhichOf { many: false }),
            ("which of those four was biggest", Back::WhichOf { many: true }),
            ("by how much", Back::Compare),
            ("how much more", Back::Compare),
            ("why so much more", Back::Compare),
            ("total on both", Back::Sum),
            ("together?", Back::Sum),
        ] {
            assert_eq!(back(q), Some(want), "{q}");
        }
        // Questions of their own: other words, or no word that points back.
        for q in [
            "my biggest spending day",
            "biggest purchase last month",
            "which month is more expensive",
            "how much did i spend",
            "compare july and june",
            "smallest charge at target",
            "how much is my rent",
        ] {
            assert_eq!(back(q), None, "{q}");
        }
    }

    fn turn(intent: Intent, slots: Slots, shape: Shape, before: Option<Turn>) -> Turn {
        Turn {
            intent,
            slots,
            shape,
            at: 0,
            level: DisclosureLevel::Full,
            asked_dates: false,
            asked_food: false,
            before: before.map(Box::new),
            outlived_one_miss: false,
            named: None,
        }
    }

    #[test]
    fn what_a_follow_up_about_the_previous_answer_asks() {
        use crate::model::Category;
        let cat = |c| Slots {
            category: Some(c),
            ..Slots::default()
        };
        // Nothing to refer to: none (the reply asks which figures).
        assert!(resolve_back(None, Back::Compare).is_none());
        assert!(resolve_back(None, Back::Amount).is_none());
        // "how much was that" after a listing: the spending of the same slots.
        let list = turn(Intent::Transactions, cat(Category::Dining), Shape::Plain, None);
        let (i, s, sh) = resolve_back(Some(&list), Back::Amount).unwrap();
        assert_eq!((i, s.category, sh), (Intent::SpendingHistory, Some(Category::Dining), Shape::Plain));
        // "biggest one?" / "the smallest?": the ends of the same slots.
        let (i, _, sh) = resolve_back(Some(&list), Back::Smallest).unwrap();
        assert_eq!((i, sh), (Intent::Transactions, Shape::Smallest(1)));
        // One figure only: "compare the two" has nothing to compare.
        assert!(resolve_back(Some(&list), Back::Compare).is_none());
        // Two categories one after the other: a pair, compared or summed.
        let groceries = turn(Intent::SpendingHistory, cat(Category::Groceries), Shape::Plain, None);
        let dining = turn(Intent::SpendingHistory, cat(Category::Dining), Shape::Plain, Some(groceries));
        match resolve_back(Some(&dining), Back::Sum) {
            Some((Intent::SpendingHistory, _, Shape::Versus(p))) => assert!(p.both),
            other => panic!("{other:?}"),
        }
        match resolve_back(Some(&dining), Back::Compare) {
            Some((_, _, Shape::Versus(p))) => assert!(!p.both),
            other => panic!("{other:?}"),
        }
        // "total on both" after two counts ("how many times at X", "and Y"): both summed.
        let visits_a = turn(Intent::SpendingHistory, cat(Category::Groceries), Shape::Count, None);
        let visits_b = turn(Intent::SpendingHistory, cat(Category::Dining), Shape::Count, Some(visits_a));
        match resolve_back(Some(&visits_b), Back::Sum) {
            Some((Intent::SpendingHistory, _, Shape::Versus(p))) => assert!(p.both),
            other => panic!("{other:?}"),
        }
        // "total on both" after an either/or (two sides compared): the same sides, summed.
        let either = resolve_back(Some(&dining), Back::Compare).unwrap();
        let compared = turn(either.0, either.1, either.2, None);
        match resolve_back(Some(&compared), Back::Sum) {
            Some((_, _, Shape::Versus(p))) => assert!(p.both && p.sides.len() == 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_period_before_the_previous_one() {
        assert_eq!(
            before_previous("and the month before that"),
            Some(Some("month".into()))
        );
        assert_eq!(
            before_previous("and the week before?"),
            Some(Some("week".into()))
        );
        assert_eq!(before_previous("and before that?"), Some(None));
        assert_eq!(before_previous("the one before"), Some(None));
        // A period of its own, or "before" about something else.
        assert_eq!(before_previous("the month before last"), None);
        assert_eq!(before_previous("spending before my trip"), None);
        assert_eq!(before_previous("and groceries?"), None);
    }
}
