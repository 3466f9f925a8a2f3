//! "does that include prime", "is uber in that": whether a merchant is inside the figure
//! just given. The previous answer's filter decides (a merchant's total holds only that
//! merchant's charges; an unfiltered total holds every merchant's), and the reply is the
//! named merchant's own total over the same period, headed by the verdict. The verdict is a
//! fixed text (no name, no figure), so each level's platform text carries no more than the
//! total's own.

use crate::words::Words;
use super::conversation::Turn;
use super::render::Rendered;
use super::shape::Shape;
use super::{Assistant, AssistantError, Reply, Settings};
use crate::intent::{Intent, Slots};
use crate::ledger::Purpose;
use crate::time::Timestamp;
use crate::vault::Vault;

/// Whether the words ask if something is inside the previous figure: "include", "included",
/// "count", "counted" with "that", "it" or "this" ("does that include prime", "is netflix
/// counted in it").
fn asks_inside(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let verb = Words("include|includes|including|included|counted")
        .iter()
        .any(&has)
        || has("in") && has("is");
    let pointer = Words("that|it|this|thats").iter().any(&has);
    // "prime included?", "is uber counted": short, the figure understood.
    let short = (has("included") || has("counted")) && w.len() <= 4;
    verb && (pointer || short) && w.len() <= 7
}

/// The previous figure's verdict for a merchant named now: `Some(true)` when it holds every
/// merchant's charges, `Some(false)` when it holds another merchant's only; `None` when its
/// filter cannot tell without the merchant's category (then the question is not taken here).
fn inside(prev: &Turn, merchant: &str) -> Option<bool> {
    let s = &prev.slots;
    let narrowed = s.category.is_some()
        || !s.kinds.is_empty()
        || s.exclude_merchant.is_some()
        || !s.exclude_categories.is_empty()
        || !s.exclude_kinds.is_empty()
        || s.account.is_some();
    match (&s.merchant, narrowed) {
        (Some(m), _) => Some(m.eq_ignore_ascii_case(merchant)),
        (None, false) => Some(true),
        (None, true) => None,
    }
}

impl Assistant {
    /// "does that include prime" after a total: the verdict, then the named merchant's total
    /// over the previous period. `None` when the message is not such a question or there is
    /// no plain spending figure before it.
    #[inline(never)]
    pub(super) fn inside_previous(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Some(merchant) = slots.merchant.clone().filter(|_| slots.merchant_known) else {
            return Ok(None);
        };
        if !asks_inside(&super::shape::words(text)) {
            return Ok(None);
        }
        let prev = super::conversation::current(&self.conv, now, settings.level);
        let Some(prev) = prev.filter(|p| {
            matches!(
                p.shape,
                Shape::Plain | Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_)
            ) && matches!(p.intent, Intent::SpendingHistory | Intent::Transactions)
        }) else {
            return Ok(None);
        };
        let Some(within) = inside(prev, &merchant) else {
            return Ok(None);
        };
        let asked = Slots {
            merchant: Some(merchant),
            merchant_known: true,
            period: prev.slots.period.clone(),
            ..Slots::default()
        };
        let (_, r) = self.compute_rendered(
            vault,
            Intent::SpendingHistory,
            &asked,
            &Shape::Plain,
            now,
            settings,
        )?;
        let head = match within {
            true => "Yes, that figure includes it. On its own:",
            false => "No, that figure does not include it. On its own:",
        };
        let rendered = Rendered {
            local: format!("{head}\n{}", r.local),
            platform: format!("{head}\n{}", r.platform),
            categories: r.categories,
        };
        let mut reply = self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)?;
        reply.intent = Intent::SpendingHistory;
        reply.confidence = 1.0;
        Ok(Some(reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(q: &str) -> Vec<String> {
        super::super::shape::words(q)
    }

    #[test]
    fn questions_about_what_a_figure_holds() {
        for q in ["does that include prime", "is netflix counted in that", "is uber in it?", "prime included?", "is uber counted"] {
            assert!(asks_inside(&w(q)), "{q}");
        }
        for q in ["how much at amazon", "include prime", "does my plan include roaming abroad and calls"] {
            assert!(!asks_inside(&w(q)), "{q}");
        }
    }
}
