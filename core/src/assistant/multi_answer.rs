//! Answers a message that is several questions ([`super::multi`]) part by part, each with
//! its own slots and shape, in one reply; a part that names no period takes the one the
//! message names. The last part is what a follow-up refers to next.

use super::conversation::Turn;
use super::multi::{self, Part};
use super::render::Rendered;
use super::shape::shape_of;
use super::{date_order, joined, route, Assistant, AssistantError, Reply, Settings};
use crate::intent::{classify, extract_slots, Prediction};
use crate::ledger::Purpose;
use crate::time::{local_date, Timestamp};
use crate::vault::Vault;

impl Assistant {
    /// "balance and due date", "dining last 2 weeks and how many times at chipotle": each
    /// part answered on its own. `None` when the message is one question.
    #[inline(never)]
    pub(super) fn multi_part(
        &mut self,
        vault: &mut Vault,
        text: &str,
        whole: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Some(pieces) = multi::pieces(text) else {
            return Ok(None);
        };
        // Read the slots only of parts that may be questions: every one known to the
        // classifier, or every later one opening with a question word.
        let predictions: Vec<Prediction> = pieces.iter().map(|p| classify(p)).collect();
        if !multi::may_be_several(&pieces, &predictions) {
            return Ok(None);
        }
        let today = local_date(now, settings.utc_offset_minutes);
        self.ctx.date_order = date_order(settings.locale);
        let whole_period = extract_slots(text, today, &self.ctx).period;
        let parts: Vec<Part> = pieces
            .into_iter()
            .zip(predictions)
            .map(|(piece, prediction)| {
                let mut slots = extract_slots(&piece, today, &self.ctx);
                if slots.period.is_none() && !slots.period_unclear {
                    slots.period.clone_from(&whole_period);
                }
                let mut shape = shape_of(&piece, today);
                // "when is the payment due": no payee named, not a question of habits (as a
                // message alone).
                if let super::shape::Shape::Everyday(ask) = shape {
                    if !super::everyday::applies(ask, &slots) {
                        shape = super::shape::shape_beside_everyday(&piece, today);
                    }
                }
                let intent = route(prediction.intent, prediction.confidence, &slots, &shape, &piece);
                Part {
                    text: piece,
                    prediction,
                    intent,
                    slots,
                    shape,
                }
            })
            .collect();
        if !multi::several(&parts) {
            return Ok(None);
        }
        let mut texts: Vec<Rendered> = Vec::new();
        for p in &parts {
            let (_, r) = self.compute_rendered(vault, p.intent, &p.slots, &p.shape, now, settings)?;
            texts.push(r);
        }
        let mut reply =
            self.release(vault, joined(texts), Purpose::Reply, &[], None, now, settings)?;
        reply.intent = parts.first().map_or(whole.intent, |p| p.intent);
        reply.confidence = whole.confidence;
        self.conv = parts
            .into_iter()
            .last()
            .map(|p| Turn::new(p.intent, p.slots, p.shape, now, settings.level));
        Ok(Some(reply))
    }
}
