//! What the assistant does before answering when the message is not one it should answer as
//! classified (the hook of issue 14, kept out of the main flow):
//! - a message in another language gets, in that language, a short reply saying which
//!   language Tacit understands, and no guess;
//! - an instruction aimed at the assistant ("ignore…", "system:", "print my…", "as json", role
//!   play) is answered as out of scope, without the rules that would otherwise turn a merchant
//!   or period in it into a spending question;
//! - a message whose two most likely intents are close gets "Do you mean X or Y?" with two
//!   quick replies instead of a guess.

use super::render::Rendered;
use super::tokens::QuickAction;
use super::{Assistant, AssistantError, Reply, Settings};
use crate::intent::{ambiguity, identify, screen, Intent, IntentModel, Prediction, Screen};
use crate::ledger::Purpose;
use crate::time::Timestamp;
use crate::vault::Vault;

impl Assistant {
    /// The reply for a message in another language or carrying an instruction; `None` when
    /// the message should be understood as usual.
    pub(super) fn not_understood(
        &mut self,
        vault: &mut Vault,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        if let Some(line) = identify(text).unsupported_reply() {
            let rendered = Rendered {
                local: line.to_string(),
                platform: line.to_string(),
                categories: Vec::new(),
            };
            self.conv = None;
            let reply = self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)?;
            return Ok(Some(reply));
        }
        if screen(text) == Screen::Instruction {
            let prediction = Prediction {
                intent: Intent::Oos,
                confidence: 1.0,
            };
            let shape = super::shape::Shape::Plain;
            let reply = self.answer_with(
                vault,
                prediction,
                crate::intent::Slots::default(),
                shape,
                now,
                settings,
            )?;
            return Ok(Some(reply));
        }
        Ok(None)
    }

    /// "Do you mean your balance or your recent spending?" with a button for each, when the
    /// classifier's two best intents are close; `None` otherwise.
    pub(super) fn ask_which(
        &mut self,
        vault: &mut Vault,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Ok(model) = IntentModel::builtin() else {
            return Ok(None);
        };
        let Some(choice) = ambiguity(model, text) else {
            return Ok(None);
        };
        let question = choice.question();
        let rendered = Rendered {
            local: question.clone(),
            platform: question,
            categories: Vec::new(),
        };
        let actions: Vec<(String, QuickAction)> = choice
            .options()
            .iter()
            .map(|(label, ask)| {
                (
                    label.to_string(),
                    QuickAction::Ask {
                        text: ask.to_string(),
                    },
                )
            })
            .collect();
        self.conv = None;
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::Reply,
            &actions,
            None,
            now,
            settings,
        )?;
        reply.intent = choice.first.0;
        reply.confidence = choice.first.1;
        Ok(Some(reply))
    }
}
