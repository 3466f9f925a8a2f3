//! "Which one" among the previous answer's items, by the measure named: "which of those two
//! did i go to more times" (purchases at each), "witch one is more" (spending, compared),
//! "which is cheaper per ride" (what one purchase costs at each), and "which account did i
//! spend more from" (checking against the card).
//!
//! The items are the sides of the comparison just given, or the two things of the last two
//! questions ("what did i spend from checking last month", "and from the card"). With no
//! items before it, an account question compares the person's spending accounts; any other
//! pick falls through to the usual reading.

use crate::words::Words;
use super::average::Per;
use super::conversation::{self, Turn};
use super::shape::{words, Shape};
use super::versus::{pair_of, Pair};
use super::{Assistant, AssistantError, Reply, Settings};
use crate::intent::{AccountSelector, Intent, Prediction, Slots};
use crate::model::AccountKind;
use crate::time::Timestamp;
use crate::vault::Vault;

/// What a pick is made by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Measure {
    /// "more times", "more often": purchases at each.
    Times,
    /// "more", "cheaper", "bigger": the spending of each, compared.
    Total,
    /// "cheaper per ride", "per trip", "on average": one purchase at each, on average.
    PerVisit,
}

/// The spellings of "which" people type.
const WHICH: &[&str] = &["which", "witch", "wich", "whch", "whihc", "whic"];

/// Words of a unit one purchase stands for ("per ride").
const VISIT: Words = Words(
    "ride|rides|trip|trips|visit|visits|purchase|time|order|orders|meal|meals|go\
    |transaction|charge",
);

/// The measure a "which" question picks by; `None` when the words are no such pick.
pub(super) fn measure(w: &[String]) -> Option<Measure> {
    let has = |x: &str| w.iter().any(|v| v == x);
    // "which one", "which of those", "which is": the items before; "which restaurant",
    // "which month" name what to rank, a question of its own.
    let at = w.iter().position(|v| WHICH.contains(&v.as_str()))?;
    let next = w.get(at + 1).map_or("", String::as_str);
    const POINT: Words = Words(
    "one|ones|of|is|was|did|do|does|cost|costs|account|acct|card|had|has|got|came|i|are\
    |were",
);
    if w.len() > 11 || !POINT.contains(next) {
        return None;
    }
    let per = w
        .windows(2)
        .any(|p| matches!(p[0].as_str(), "per" | "each" | "a") && VISIT.contains(p[1].as_str()))
        || has("average")
        || has("avg");
    let more = Words("more|most|less|least|cheaper|cheapest|bigger|higher|lower|expensive|pricier|costlier|fewer")
        .iter()
        .any(has);
    let times = has("times") || has("often") || has("frequently") || has("visits");
    let visited = Words("go|went|visit|visited|been|use|used|shop|eat")
        .iter()
        .any(&has);
    match () {
        _ if per && (more || has("better")) => Some(Measure::PerVisit),
        _ if (times || visited) && more => Some(Measure::Times),
        _ if more => Some(Measure::Total),
        _ => None,
    }
}

/// The things to pick among: the sides just compared, or the subjects of the last two
/// questions over one period.
fn items(prev: &Turn) -> Option<Pair> {
    if let Shape::Versus(pair) = &prev.shape {
        return Some((**pair).clone());
    }
    let first = prev.before.as_deref()?;
    let plain = |t: &Turn| {
        matches!(t.intent, Intent::SpendingHistory | Intent::Transactions) && t.shape == Shape::Plain
    };
    (plain(first) && plain(prev) && first.slots.period == prev.slots.period)
        .then(|| pair_of(&first.slots, &prev.slots, false))
        .flatten()
}

/// Whether the words ask about accounts ("which account did i spend more from").
fn about_accounts(w: &[String]) -> bool {
    w.iter().any(|v| matches!(v.as_str(), "account" | "accounts" | "acct" | "card"))
}

impl Assistant {
    /// Answers a pick among the previous answer's items; `None` when the message is no pick
    /// or names a subject of its own.
    #[inline(never)]
    pub(super) fn pick_among(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let w = words(text);
        let Some(by) = measure(&w) else {
            return Ok(None);
        };
        let accounts = about_accounts(&w);
        let own = slots.merchant.is_some() || slots.category.is_some() || !slots.kinds.is_empty();
        if own || slots.account.is_some() && !accounts {
            return Ok(None);
        }
        let prev = conversation::current(&self.conv, now, settings.level).cloned();
        let found = prev.as_ref().and_then(|p| Some((items(p)?, p.slots.clone())));
        let (pair, mut whole) = match found {
            Some((pair, s)) if !accounts || pair.names_an_account() => (pair, s),
            _ if accounts && by == Measure::Total => match self.spending_accounts() {
                Some(pair) => (pair, prev.map(|p| p.slots).unwrap_or_default()),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        if slots.period.is_some() || slots.period_unclear {
            whole.period.clone_from(&slots.period);
            whole.period_unclear = slots.period_unclear;
        }
        whole.account = None;
        let sure = Prediction {
            intent: Intent::SpendingHistory,
            confidence: 1.0,
        };
        let shape = match by {
            Measure::Total => {
                let pair = Pair { both: false, ..pair };
                return self
                    .answer_with(vault, sure, whole, Shape::Versus(Box::new(pair)), now, settings)
                    .map(Some);
            }
            Measure::Times => Shape::Count,
            Measure::PerVisit => Shape::Average(Per::Purchase),
        };
        let sides: Vec<Slots> = pair.sides.iter().map(|s| s.slots(&whole)).collect();
        self.each_side(vault, &sides, Intent::SpendingHistory, &shape, now, settings)
            .map(Some)
    }

    /// The person's checking accounts against their cards, when they have both.
    fn spending_accounts(&self) -> Option<Pair> {
        let kinds = [AccountKind::Checking, AccountKind::CreditCard];
        let held: Vec<AccountKind> = kinds
            .into_iter()
            .filter(|k| self.accounts.0.iter().any(|a| a.kind == *k))
            .collect();
        let side = |k: &AccountKind| Slots {
            account: Some(AccountSelector::Kind(*k)),
            ..Slots::default()
        };
        match held.as_slice() {
            [a, b] => pair_of(&side(a), &side(b), false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(q: &str) -> Option<Measure> {
        measure(&words(q))
    }

    #[test]
    fn the_measure_a_pick_is_made_by() {
        for (q, want) in [
            ("which of those two did i go to more times", Measure::Times),
            ("which one do i go to more often", Measure::Times),
            ("witch one is more", Measure::Total),
            ("which is cheaper", Measure::Total),
            ("which account did i spend more from", Measure::Total),
            ("which is cheaper per ride", Measure::PerVisit),
            ("which one is cheaper per trip", Measure::PerVisit),
            ("which costs more on average", Measure::PerVisit),
        ] {
            assert_eq!(by(q), Some(want), "{q}");
        }
        for q in [
            "which one",
            "what is more",
            "which dates",
            "how much per ride",
            "which restaurant do i go to most often",
            "which month did i spend the least",
        ] {
            assert_eq!(by(q), None, "{q}");
        }
    }

    #[test]
    fn the_items_are_the_sides_or_the_last_two_subjects() {
        use crate::egress::DisclosureLevel;
        let m = |name: &str| Slots {
            merchant: Some(name.into()),
            merchant_known: true,
            ..Slots::default()
        };
        let turn = |s: Slots, before: Option<Turn>| {
            let mut t = Turn::new(Intent::SpendingHistory, s, Shape::Plain, 0, DisclosureLevel::Full);
            t.before = before.map(Box::new);
            t
        };
        let two = turn(m("Lyft"), Some(turn(m("Uber"), None)));
        assert_eq!(items(&two).map(|p| p.sides.len()), Some(2));
        // One question only: nothing to pick among.
        assert!(items(&turn(m("Lyft"), None)).is_none());
    }
}
