//! The assistant: what a person in the chat meets.
//!
//! A message is classified on the device ([`crate::intent`]), its slots extracted, the answer
//! computed from the vault ([`answer`]), and rendered twice ([`render`]): a local text for the
//! device and a platform text limited by the user's disclosure level. The platform text must
//! pass the [`crate::egress`] guard (a violation blocks it with a typed error: it is never
//! "redacted by luck"), and is recorded in the outbound [`crate::ledger`] in the same vault
//! write that issues its quick-reply tokens, before the host gets it.

mod account_facts;
mod alert_text;
mod beyond;
pub mod answer;
pub mod average;
pub mod cache;
pub mod card_paid;
mod carry;
mod conversation;
mod edits;
pub mod everyday;
pub mod facts;
mod figures;
mod filter;
mod follow_words;
mod either;
mod includes;
mod food;
mod fraud_claim;
mod fraud_words;
pub mod habits;
pub mod income;
pub mod kind_answer;
pub mod last_seen;
pub(crate) mod kinds;
mod list_follow;
mod month_facts;
mod multi;
mod multi_answer;
pub mod next_pay;
mod not_yet;
mod payee_history;
mod period_context;
mod pick;
mod phrase;
mod previous;
pub mod refunds;
pub mod render;
mod render_more;
pub mod saved;
mod saved_per;
mod sealed;
mod secrets;
pub mod shape;
mod price_change;
mod rank_rows;
pub mod price;
mod reference;
pub mod subscriptions;
mod subject_back;
mod subjectless;
mod superlative;
pub mod tokens;
pub mod upcoming;
mod take_out;
mod understood;
pub mod understand;
pub mod versus;
mod venue;

pub use sealed::PlatformText;

use crate::alerts::{self, AlertRecord, AlertStatus};
use crate::egress::{DataCategory, DisclosureLevel, EgressGuard, ViolationKind};
use crate::intent::{Intent, Prediction, SlotContext};
use crate::ledger::{LedgerError, Purpose};
use crate::render::money_fmt::Locale;
use crate::time::{local_date, Timestamp};
use crate::vault::{Vault, VaultError};
use answer::{compute, slot_context, Answer, Query};
use cache::Summary;
use conversation::Turn;
use render::{alert_answer_texts, alert_explain_texts, alert_texts, render, Rendered, Style};
use shape::Shape;
use std::fmt;
use tokens::{QuickAction, TokenError};

/// Longest part of a message that is looked at (characters); the rest is ignored.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

const AWAITING: &str = "conv/awaiting_alert";
/// Below this confidence the intent model's guess does not overrule what the words say
/// (two merchants compared are a spending question).
const UNSURE: f32 = 0.5;

/// The user's reply preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// What the platform text may carry.
    pub level: DisclosureLevel,
    /// Money formatting.
    pub locale: Locale,
    /// The phone's UTC offset in minutes.
    pub utc_offset_minutes: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            level: DisclosureLevel::Minimal,
            locale: Locale::EnUs,
            utc_offset_minutes: 0,
        }
    }
}

/// A button under a reply. The token means nothing off the device.
#[derive(Clone, PartialEq, Eq)]
pub struct QuickReply {
    /// The button's label ("Yes, it was me").
    pub label: String,
    /// A random single-use token to hand back through `on_quick_reply`.
    pub token: String,
    /// What the button does, so a host can find the YES of an alert without its label.
    pub kind: QuickReplyKind,
}

/// What a quick reply does (its label is localised; this is not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuickReplyKind {
    /// "Yes, it was me" for a fraud alert.
    Yes,
    /// "No, it wasn't me" for a fraud alert.
    No,
    /// Asks a canned question, as if typed.
    Ask,
}

impl QuickReplyKind {
    fn of(action: &QuickAction) -> QuickReplyKind {
        match action {
            QuickAction::AlertYes { .. } => QuickReplyKind::Yes,
            QuickAction::AlertNo { .. } => QuickReplyKind::No,
            QuickAction::Ask { .. } => QuickReplyKind::Ask,
        }
    }
}

impl fmt::Debug for QuickReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuickReply")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// One reply.
#[derive(Clone, PartialEq)]
pub struct Reply {
    /// Shown on the device only.
    pub local_text: String,
    /// The only text the host may send to the platform: released by the egress guard and
    /// recorded in the ledger ([`PlatformText`] has no public constructor).
    pub platform_text: PlatformText,
    /// Buttons.
    pub quick_replies: Vec<QuickReply>,
    /// What the message was understood as.
    pub intent: Intent,
    /// How sure the classifier was.
    pub confidence: f32,
    /// Data categories in the platform text (as recorded in the ledger).
    pub categories: Vec<DataCategory>,
    /// When the message answered a fraud alert: its id and whether it was the user.
    pub answered_alert: Option<(String, bool)>,
    /// When the reply asks about a fraud alert ("Was this you?"): that alert's id.
    pub alert_id: Option<String>,
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("intent", &self.intent)
            .field("categories", &self.categories)
            .finish_non_exhaustive()
    }
}

/// Why a reply could not be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssistantError {
    /// The vault failed.
    Vault(VaultError),
    /// The egress guard blocked the platform text.
    Blocked(ViolationKind),
    /// A quick-reply token was refused.
    Token(TokenError),
    /// The ledger could not record the release.
    Ledger(LedgerError),
    /// An alert answer named no alert waiting for one.
    NoSuchAlert,
}

impl fmt::Display for AssistantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssistantError::Vault(e) => write!(f, "{e}"),
            AssistantError::Blocked(k) => {
                write!(f, "reply blocked by the egress guard ({})", k.as_str())
            }
            AssistantError::Token(e) => write!(f, "{e}"),
            AssistantError::Ledger(e) => write!(f, "{e}"),
            AssistantError::NoSuchAlert => f.write_str("no alert is waiting for that answer"),
        }
    }
}

impl std::error::Error for AssistantError {}

impl From<VaultError> for AssistantError {
    fn from(e: VaultError) -> Self {
        AssistantError::Vault(e)
    }
}

/// The assistant's in-memory state; everything durable is in the vault. The caches (summary,
/// accounts, slot context, guard) are rebuilt when the vault's data generation changes.
#[derive(Debug, Default)]
pub struct Assistant {
    summary: Summary,
    accounts: CachedAccounts,
    ctx: SlotContext,
    guard: EgressGuard,
    /// The vault's data generation the accounts, context and guard were built for (the
    /// summary, which is built at the same time, also checks the vault's id).
    guard_generation: Option<u64>,
    /// The previous turn, for follow-ups (memory only).
    conv: Option<Turn>,
    /// The alert the previous reply asked "Was this you?" about (memory only): what a bare
    /// "no" or "that wasn't me" right after it answers.
    asked_alert: Option<String>,
    /// The merchant of the one transaction the previous reply listed, when no open alert
    /// holds it (memory only): "i didnt make that" right after it is about that charge, not
    /// about whichever alert is open.
    listed_unflagged: Option<crate::crypto::secret::SecretString>,
    /// The open alert whose merchant the previous answer was about (memory only): a claim
    /// next ("that was me", "the second one isn't mine") is about it; a bare "no" is not
    /// (it asks which alert).
    subject_alert: Option<String>,
}

/// The accounts, decrypted once per data generation; their numbers are zeroized on drop.
#[derive(Default)]
struct CachedAccounts(Vec<crate::model::Account>);

impl fmt::Debug for CachedAccounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CachedAccounts({})", self.0.len())
    }
}

impl Drop for CachedAccounts {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for a in &mut self.0 {
            a.full_number.zeroize();
            a.routing_number.zeroize();
            a.last4.zeroize();
            a.nickname.zeroize();
            a.display_name.zeroize();
            for b in [&mut a.balance, &mut a.available].into_iter().flatten() {
                b.minor.zeroize();
            }
        }
    }
}

/// A YES or NO to "Was this you?", typed in any common way.
pub fn yes_or_no(text: &str) -> Option<bool> {
    let t: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '\'')
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.as_str() {
        "yes" | "y" | "yeah" | "yep" | "ya" | "yea" | "yup" | "yes it was me" | "it was me" | "that was me"
        | "that was me yes" | "yes that was me" | "mine" | "it was mine" => Some(true),
        "no" | "n" | "nope" | "not me" | "no it wasnt me" | "no it wasn't me" | "it wasnt me"
        | "it wasn't me" | "that wasnt me" | "that wasn't me" | "no not me" | "nah" | "nah not me"
        | "nope not me" => Some(false),
        _ => None,
    }
}

impl Assistant {
    /// A write of the assistant's own bookkeeping (ledger, tokens, alerts, conversation
    /// state), committed without an fsync (see [`Vault::write_relaxed`]). It changes no
    /// transaction or account, so the vault's data generation, and with it the summary and
    /// the guard, stay as they are.
    fn own_write<T>(
        &mut self,
        vault: &mut Vault,
        f: impl FnOnce(&mut crate::vault::WriteTx<'_>) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        vault.write_relaxed(f)
    }

    fn refresh(&mut self, vault: &Vault, settings: &Settings) -> Result<(), AssistantError> {
        let offset = settings.utc_offset_minutes;
        if self.guard_generation == Some(vault.data_generation())
            && self.summary.is_fresh(vault, offset)
        {
            return Ok(());
        }
        self.summary.refresh(vault, offset)?;
        self.accounts = CachedAccounts(vault.accounts()?);
        let mut known = Vec::new();
        for a in &self.accounts.0 {
            known.extend(
                a.full_number
                    .iter()
                    .chain(&a.routing_number)
                    .map(|n| crate::crypto::secret::SecretString::new(n.clone())),
            );
        }
        self.guard = EgressGuard::new(known);
        self.ctx = slot_context(&self.accounts.0, &self.summary);
        self.guard_generation = Some(vault.data_generation());
        Ok(())
    }

    /// Brings the in-memory summary and guard up to date with the vault, so that the next
    /// reply does not pay for it. The profile calls it right after a sync.
    pub fn warm(&mut self, vault: &Vault, settings: &Settings) -> Result<(), AssistantError> {
        self.refresh(vault, settings)
    }

    /// Answers one chat message.
    pub fn handle_message(
        &mut self,
        vault: &mut Vault,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let text: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
        self.refresh(vault, settings)?;
        let just_asked = self.asked_alert.take();
        let just_listed = self.listed_unflagged.take();
        let subject = self.subject_alert.take();
        let one_word = !text.trim().contains(char::is_whitespace);
        let just_asked = just_asked.or(subject.filter(|_| !one_word));
        if secrets::holds_secret(&self.guard, &text) {
            self.conv = None;
            let rendered = render(&Answer::SecretWarning, &style(settings));
            return self.release(vault, rendered, Purpose::Reply, &[], None, now, settings);
        }
        if let Some(yes) = yes_or_no(&text) {
            if let Some(reply) = self.answer_bare(vault, yes, just_asked.as_deref(), now, settings)?
            {
                return Ok(reply);
            }
        }
        if let Some(reply) = self.not_understood(vault, &text, now, settings)? {
            return Ok(reply);
        }
        let today = local_date(now, settings.utc_offset_minutes);
        self.ctx.date_order = date_order(settings.locale);
        let model = crate::intent::IntentModel::builtin().ok();
        let (prediction, slots) = understand::hear(model, &text, today, &self.ctx);
        let claim = fraud_claim::Said {
            text: &text,
            prediction: &prediction,
            slots: &slots,
            just_asked: just_asked.as_deref(),
            just_listed: just_listed.as_ref().map(|m| m.expose()),
        };
        if let Some(reply) = self.bind_fraud_claim(vault, &claim, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.follow_list(vault, &text, now, settings)? {
            return Ok(reply);
        }
        // "and on food" after a spending figure: the same food question, whose answer keeps
        // the previous question's shape and dates ("and on groceries" after an average).
        let before = conversation::current(&self.conv, now, settings.level).cloned();
        let follows = before.is_some()
            && conversation::opens_follow_up(&follow_words::plain(&text.trim().to_lowercase()));
        if food::asks_about_food(&text, &slots, &prediction, follows) {
            let reply = self.ask_which_food(vault, &text, &slots, now, settings)?;
            if let (Some(p), Some(t), true) = (before, self.conv.as_mut(), follows) {
                if matches!(p.shape, Shape::Average(_) | Shape::Count) {
                    t.shape = p.shape;
                }
                t.slots.period = t.slots.period.take().or(p.slots.period);
                t.slots.exclude_categories = p.slots.exclude_categories;
            }
            return Ok(reply);
        }
        if let Some(reply) = self.ask_which_venue(vault, &text, &slots, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.inside_previous(vault, &text, &slots, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.pick_among(vault, &text, &slots, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.about_previous(vault, &text, &slots, &prediction, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.refer_back(vault, &text, &slots, &prediction, now, settings)? {
            return Ok(reply);
        }
        if let Some(reply) = self.point_back(vault, &text, &slots, &prediction, now, settings)? {
            return Ok(reply);
        }
        // The message alone: its shape and the slots it is answered with.
        let reading = understand::read(&text, today, &self.ctx, &prediction, &slots);
        if !reading.paired || multi::asks_again(&text) {
            if let Some(reply) = self.multi_part(vault, &text, &prediction, now, settings)? {
                return Ok(reply);
            }
        }
        let (shape, mut slots, either) = (reading.shape, reading.slots, reading.either);
        let prev = conversation::current(&self.conv, now, settings.level);
        // "is that more or less than what i spent in the same time" after money in, "pay vs
        // spending same time": money in against money out over the period just asked about.
        let against = saved::against_spending(&shape::words(&text))
            && slots.period.is_none()
            && (shape == Shape::Everyday(everyday::Ask::Saved)
                || prev.is_some_and(|p| matches!(p.shape, Shape::MoneyIn(_))));
        if let Some(period) = prev.and_then(|p| p.slots.period.clone()).filter(|_| against) {
            let s = crate::intent::Slots {
                period: Some(period),
                ..Default::default()
            };
            let p = Prediction {
                intent: Intent::SpendingHistory,
                confidence: prediction.confidence,
            };
            return self.answer_with(vault, p, s, Shape::Everyday(everyday::Ask::Saved), now, settings);
        }
        let prev_asked_food = prev.is_some_and(|p| p.asked_food);
        let prev_period = prev.and_then(|p| p.slots.period.clone());
        period_context::resolve(prev.and_then(|p| p.slots.period.as_ref()), &text, today, &mut slots);
        // "pay the water bill" after a question about bills: a request Tacit cannot carry
        // out, never a follow-up that turns it into a spending question.
        let request = prediction.intent == Intent::PayBill
            && prediction.confidence >= UNSURE
            && shape::words(&text).first().is_some_and(|w| w == "pay");
        let merged = prev
            .filter(|p| !request && !everyday::new_question(&p.shape, &shape))
            .and_then(|p| {
                conversation::follow_up(p, &text, &prediction, &slots, &shape).or_else(|| {
                    let only = crate::intent::slots::period::is_only_a_period(&text, today);
                    conversation::over_period(p, &slots, &shape, only)
                })
            });
        // "and how much came in" after spending in 2026: a new question over the same dates.
        if let Some(p) = prev.filter(|_| merged.is_none()).and_then(|p| {
            let lower = follow_words::plain(&text.trim().to_lowercase());
            let opens = conversation::opens_follow_up(&lower);
            carry::period_of_previous(p, &lower, &slots, &shape, opens)
        }) {
            slots.period = Some(p);
        }
        // "how many of those were shake shack" with no answer before to count in: which?
        if merged.is_none() && shape == Shape::Count && shape::of_those(&shape::words(&text)) {
            return self.ask_what(vault, &prediction, now, settings);
        }
        let mut settled = None;
        // An everyday question (subscriptions, refunds, savings, next pay) is read from its
        // words: the model's doubt between two other intents does not concern it.
        if merged.is_none() && !matches!(shape, Shape::Everyday(_)) {
            match self.ask_which(vault, &text, &slots, now, settings)? {
                understood::Which::Asked(reply) => return Ok(reply),
                understood::Which::Settled(intent) => settled = Some(intent),
                understood::Which::Clear => {}
            }
        }
        let asked_food = prev_asked_food && merged.is_some();
        let was_merged = merged.is_some();
        let (intent, slots, shape) = match merged {
            Some((intent, merged_slots, merged_shape)) => (
                intent,
                merged_slots,
                everyday::follow_up(merged_shape, &slots, &shape),
            ),
            None => {
                let slots = superlative::inherit_period(prev_period, &shape, slots);
                (settled.unwrap_or(prediction.intent), slots, shape)
            }
        };
        if asked_food && food::names_no_food(&slots) {
            return self.ask_food_again(vault, &slots, now, settings);
        }
        let prediction = Prediction {
            intent: understand::decide(intent, prediction.confidence, &slots, &shape, &text, today, either),
            confidence: prediction.confidence,
        };
        let mut slots = slots;
        // "how much total" after a question about one merchant: that merchant, never all
        // spending this month.
        if let Some(s) = conversation::current(&self.conv, now, settings.level)
            .filter(|_| !was_merged)
            .and_then(|p| subjectless::about_previous(p, &text, prediction.intent, &slots, &shape))
        {
            slots = s;
        }
        if prediction.intent == Intent::Balance && net_of_card(&shape::words(&text)) {
            // "what's my net balance after the card": every account, with the net.
            slots.account = None;
        }
        if prediction.intent == Intent::Balance {
            // "whats in checking and savings": each account's balance, one line each.
            let named = crate::intent::slots::accounts_named(&text, &self.ctx);
            if named.len() >= 2 {
                return self.balances_of(vault, named, &slots, &prediction, now, settings);
            }
        }
        self.answer_with(vault, prediction, slots, shape, now, settings)
    }

    /// The balance of each account named, one answer per line (an account that is not linked
    /// says so on its own line).
    #[inline(never)]
    fn balances_of(
        &mut self,
        vault: &mut Vault,
        named: Vec<crate::intent::AccountSelector>,
        slots: &crate::intent::Slots,
        p: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let mut texts = Vec::new();
        for a in named {
            let mut one = slots.clone();
            one.account = Some(a);
            let (_, r) =
                self.compute_rendered(vault, Intent::Balance, &one, &Shape::Plain, now, settings)?;
            texts.push(r);
        }
        let mut reply =
            self.release(vault, joined(texts), Purpose::Reply, &[], None, now, settings)?;
        reply.intent = Intent::Balance;
        reply.confidence = p.confidence;
        self.conv = None;
        Ok(reply)
    }

    /// "how much was that", "compare the two", "total of both", "biggest one?": a message
    /// that names nothing and asks about the previous answer(s) gets the question it makes
    /// of them, or, with nothing to refer to, "which figures do you mean?" (never a figure).
    #[inline(never)]
    fn refer_back(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &crate::intent::Slots,
        prediction: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Some(back) = conversation::refers_back(&shape::words(text)) else {
            return Ok(None);
        };
        if conversation::names_something(slots) {
            return Ok(None);
        }
        let prev = conversation::current(&self.conv, now, settings.level);
        let (intent, slots, shape) = match conversation::resolve_back(prev, back) {
            Some(q) => q,
            None => return self.ask_what(vault, prediction, now, settings).map(Some),
        };
        let p = Prediction {
            intent,
            confidence: prediction.confidence,
        };
        self.answer_with(vault, p, slots, shape, now, settings).map(Some)
    }

    /// Answers `text` as the given intent: slots, vault query, both renders, egress guard,
    /// ledger. The egress property test calls it with every intent.
    #[cfg(test)]
    pub(crate) fn answer_as(
        &mut self,
        vault: &mut Vault,
        text: &str,
        prediction: Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        self.refresh(vault, settings)?;
        let today = local_date(now, settings.utc_offset_minutes);
        self.ctx.date_order = date_order(settings.locale);
        let slots = crate::intent::extract_slots(text, today, &self.ctx);
        let shape = shape::shape_of(text, today);
        self.answer_with(vault, prediction, slots, shape, now, settings)
    }

    /// Computes, renders and releases the answer for resolved intent, slots and shape, and
    /// remembers the turn for follow-ups.
    fn answer_with(
        &mut self,
        vault: &mut Vault,
        prediction: Prediction,
        slots: crate::intent::Slots,
        shape: Shape,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        self.refresh(vault, settings)?;
        let (answer, rendered) =
            self.compute_rendered(vault, prediction.intent, &slots, &shape, now, settings)?;
        let actions = match &answer {
            Answer::Fraud(open) => match open.last() {
                Some(a) => alert_actions(&a.id),
                None => Vec::new(),
            },
            Answer::Clarify | Answer::NotYet { .. } => clarify_actions(),
            _ => Vec::new(),
        };
        let awaiting = match &answer {
            Answer::Fraud(open) => open.last().map(|a| a.id.as_str()),
            _ => None,
        };
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::Reply,
            &actions,
            awaiting,
            now,
            settings,
        )?;
        reply.intent = prediction.intent;
        reply.confidence = prediction.confidence;
        if let Answer::Fraud(open) = &answer {
            // One open alert listed with YES/NO: "that wasn't me" next is about it.
            if let [one] = open.as_slice() {
                self.asked_alert = Some(one.id.clone());
            }
        }
        // A few lines found, all payments of one flagged episode: "i didnt make that" next
        // is about that alert.
        if let Answer::Transactions { lines, .. } = &answer {
            if lines.len() <= 3 {
                let open = alerts::open(vault)?;
                self.asked_alert = fraud_claim::alert_of_lines(&open, lines).map(|a| a.id.clone());
                if let ([one], None) = (lines.as_slice(), &self.asked_alert) {
                    // A merchant name: kept out of the assistant's `Debug`.
                    self.listed_unflagged =
                        Some(crate::crypto::secret::SecretString::new(one.merchant.clone()));
                }
            }
        }
        // An answer about a merchant one open alert flagged: "that was me" next is about it.
        if self.asked_alert.is_none() && slots.merchant.is_some() {
            let open = alerts::open(vault)?;
            self.subject_alert = fraud_claim::alert_of_subject(&open, &slots, settings.utc_offset_minutes)
                .map(|a| a.id.clone());
        }
        // The turn before is kept one deep, while it is current, for "compare the two".
        let before = conversation::current(&self.conv, now, settings.level)
            .cloned()
            .map(|mut t| {
                t.before = None;
                Box::new(t)
            });
        // One turn out of scope or for an action Tacit cannot take leaves the conversation as
        // it was ("and since monday" after a misheard turn still follows the last question);
        // a second one ends it.
        if prediction.intent == Intent::Oos || answer::cannot_act(prediction.intent) {
            self.conv = self.conv.take().filter(|t| !t.outlived_one_miss).map(|mut t| {
                t.outlived_one_miss = true;
                t
            });
            return Ok(reply);
        }
        self.conv = Some(Turn {
                intent: prediction.intent,
                slots,
                shape,
                at: now,
                level: settings.level,
            asked_dates: matches!(answer, Answer::Clarify | Answer::NotYet { .. }),
            asked_food: false,
            before,
            outlived_one_miss: false,
            named: match &answer {
                Answer::Ranking { by, rows, .. } if rows.len() == 1 && by.is_merchant() => {
                    rows.first().map(|r| r.0.clone())
                }
                _ => None,
            },
        });
        Ok(reply)
    }

    fn compute_rendered(
        &mut self,
        vault: &Vault,
        intent: Intent,
        slots: &crate::intent::Slots,
        shape: &Shape,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<(Answer, Rendered), AssistantError> {
        let narrowed = phrase::with_week_part(slots);
        let slots = narrowed.as_ref().unwrap_or(slots);
        let query = Query {
            intent,
            slots,
            now,
            offset: settings.utc_offset_minutes,
            shape,
        };
        let answer = compute(vault, &self.accounts.0, &self.summary, &query)?;
        let rendered = render(&answer, &style(settings));
        Ok((answer, rendered))
    }

    /// A YES/NO or "that wasn't me" that names no alert: the alert just asked about, the only
    /// one open, or, with several open, a question. `None` when no alert waits.
    #[inline(never)]
    fn answer_bare(
        &mut self,
        vault: &mut Vault,
        legit: bool,
        just_asked: Option<&str>,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let open = alerts::open(vault)?;
        let awaiting = vault
            .setting(AWAITING)?
            .map(|b| String::from_utf8_lossy(b.expose()).into_owned());
        match fraud_claim::bare_target(&open, just_asked, awaiting.as_deref()) {
            fraud_claim::Target::One(id) => {
                self.answer_alert(vault, &id, legit, now, settings).map(Some)
            }
            fraud_claim::Target::Which => self
                .ask_which_alert(vault, open, legit, now, settings)
                .map(Some),
            fraud_claim::Target::Nothing => Ok(None),
        }
    }

    /// With several open alerts, a bare YES/NO asks which one: a button per open alert (up to
    /// [`alert_text::ORDINALS`], newest first) that gives the person's answer to that alert.
    #[inline(never)]
    fn ask_which_alert(
        &mut self,
        vault: &mut Vault,
        open: Vec<AlertRecord>,
        legit: bool,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let actions: Vec<(String, QuickAction)> = open
            .iter()
            .rev()
            .zip(alert_text::ORDINALS)
            .map(|(a, ord)| {
                let alert_id = a.id.clone();
                match legit {
                    true => (
                        format!("{ord} alert: it was me"),
                        QuickAction::AlertYes { alert_id },
                    ),
                    false => (
                        format!("{ord} alert: not me"),
                        QuickAction::AlertNo { alert_id },
                    ),
                }
            })
            .collect();
        let rendered = render(&Answer::FraudWhich(open), &style(settings));
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::Reply,
            &actions,
            None,
            now,
            settings,
        )?;
        reply.intent = Intent::ReportFraud;
        reply.confidence = 1.0;
        Ok(reply)
    }

    /// "Was the kltra store charge fraud?": why the alert was raised, and "Was this you?"
    /// again with its buttons. The alert stays open.
    #[inline(never)]
    fn explain_alert(
        &mut self,
        vault: &mut Vault,
        alert: &AlertRecord,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let rendered = alert_explain_texts(alert, &style(settings));
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::Reply,
            &alert_actions(&alert.id),
            Some(&alert.id),
            now,
            settings,
        )?;
        reply.intent = Intent::ReportFraud;
        reply.confidence = 1.0;
        reply.alert_id = Some(alert.id.clone());
        self.asked_alert = Some(alert.id.clone());
        self.conv = None;
        Ok(reply)
    }

    /// A message about a flagged purchase. A question ("was the kltra charge fraud?")
    /// explains the alert it names; a claim ("I didn't make this purchase at Best Buy", "the
    /// 6.35 one wasnt me") answers the open alert with a payment whose merchant, amount or
    /// day it names; "i didn't buy that" answers the alert just asked about. A merchant with
    /// no alert gets "no such alert" and an offer to list the charges there.
    #[inline(never)]
    fn bind_fraud_claim(
        &mut self,
        vault: &mut Vault,
        said: &fraud_claim::Said<'_>,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let offset = settings.utc_offset_minutes;
        // "any fraud alerts?" lists them; "got an alert about kltra whats that" names one.
        let (question, what_is) = (fraud_claim::asks_about_alert(said.text), said.asks_what_it_is());
        let names_open = (question || what_is)
            && said.names_an_open_alert(&alerts::open(vault)?, offset);
        let asks = (question || what_is && names_open)
            && (!asks_for_alerts(&said.text.to_lowercase()) || names_open);
        let legit = match asks {
            true => None,
            false => fraud_claim::polarity(said.text, said.prediction),
        };
        if !asks && legit.is_none() {
            return Ok(None);
        }
        let open = alerts::open(vault)?;
        // "the lagos one wasnt me": a name the slots did not catch still names an alert, and
        // never the one just asked about unless it fits that one ("the lagos one" had closed
        // the Givehope alert just pushed).
        let pointer = fraud_claim::pointer_name(said.text);
        let named = said.named();
        let mut found = named.and_then(|n| said.alert(&open, n, offset)).cloned();
        if found.is_none() {
            if let Some(name) = &pointer {
                let fits = fraud_claim::alerts_named(vault, &open, name)?;
                match fits.as_slice() {
                    [one] => found = Some((*one).clone()),
                    [_, _, ..] => {
                        let several: Vec<AlertRecord> = fits.into_iter().cloned().collect();
                        return match legit {
                            Some(legit) => self
                                .ask_which_alert(vault, several, legit, now, settings)
                                .map(Some),
                            // A question about several: the list, to name one of them.
                            None => {
                                let rendered = render(&Answer::Fraud(several), &style(settings));
                                self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)
                                    .map(Some)
                            }
                        };
                    }
                    [] => {}
                }
            }
        }
        if let Some(a) = found {
            return match legit {
                Some(legit) => self.answer_alert(vault, &a.id, legit, now, settings),
                None => self.explain_alert(vault, &a, now, settings),
            }
            .map(Some);
        }
        // "i didnt make that" right after a charge listed that no alert holds: about that
        // charge (no alert is answered), not about whichever alert is open.
        let listed = said
            .just_listed
            .filter(|_| named.is_none() && pointer.is_none() && legit == Some(false))
            .filter(|_| fraud_claim::points_back(said.text).is_some())
            .map(str::to_string);
        if named.is_none() && pointer.is_none() && listed.is_none() {
            return self.answer_pointing(vault, said, asks, open, now, settings);
        }
        let typed = said.slots.merchant.clone().filter(|_| said.names_a_merchant());
        let Some(merchant) = typed.or(pointer).or(listed) else {
            // "i bought a tv last week" claims nothing about an alert: answered as asked.
            if legit == Some(true) {
                return Ok(None);
            }
            // "the 7.13 one wasnt me" with no open alert of that amount: the open alerts,
            // to name one of them (never whichever is open).
            let rendered = render(&Answer::Fraud(open), &style(settings));
            let mut reply = self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)?;
            reply.intent = Intent::ReportFraud;
            reply.confidence = said.prediction.confidence;
            return Ok(Some(reply));
        };
        let ask = format!("show my charges at {merchant} in the last 90 days");
        let actions = vec![(
            "List recent charges there".to_string(),
            QuickAction::Ask { text: ask },
        )];
        let rendered = render(&Answer::FraudNoMatch { merchant }, &style(settings));
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::Reply,
            &actions,
            None,
            now,
            settings,
        )?;
        reply.intent = Intent::ReportFraud;
        reply.confidence = said.prediction.confidence;
        Ok(Some(reply))
    }

    /// "i didnt buy that", "yep thats mine", "why did you flag this?": a claim or question
    /// that names no merchant, amount or day, about the alert just asked about (or the only
    /// one open); with several open and none just asked about, a claim asks which one.
    #[inline(never)]
    fn answer_pointing(
        &mut self,
        vault: &mut Vault,
        said: &fraud_claim::Said<'_>,
        asks: bool,
        open: Vec<AlertRecord>,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        if asks && !fraud_claim::deictic(said.text) {
            return Ok(None);
        }
        let legit = match asks {
            true => None,
            false => match fraud_claim::points_back(said.text) {
                Some(legit) => Some(legit),
                None => return Ok(None),
            },
        };
        let awaiting = vault
            .setting(AWAITING)?
            .map(|b| String::from_utf8_lossy(b.expose()).into_owned());
        match (fraud_claim::bare_target(&open, said.just_asked, awaiting.as_deref()), legit) {
            (fraud_claim::Target::One(id), Some(legit)) => {
                self.answer_alert(vault, &id, legit, now, settings).map(Some)
            }
            (fraud_claim::Target::One(id), None) => match open.iter().find(|a| a.id == id) {
                Some(a) => {
                    let a = a.clone();
                    self.explain_alert(vault, &a, now, settings).map(Some)
                }
                None => Ok(None),
            },
            (fraud_claim::Target::Which, Some(legit)) => self
                .ask_which_alert(vault, open, legit, now, settings)
                .map(Some),
            _ => Ok(None),
        }
    }

    /// Raises a fraud alert in the chat: stores it, asks "Was this you?" with YES/NO buttons.
    pub fn raise_alert(
        &mut self,
        vault: &mut Vault,
        alert: &AlertRecord,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        self.refresh(vault, settings)?;
        // A new alert changes what "yes" or "and last month?" would mean.
        self.conv = None;
        self.own_write(vault, |w| {
            alerts::put(w, alert)?;
            w.put_setting(AWAITING, None, alert.id.as_bytes())
        })?;
        self.asked_alert = Some(alert.id.clone());
        let rendered = alert_texts(alert, &style(settings));
        let mut reply = self.release(
            vault,
            rendered,
            Purpose::FraudAlert,
            &alert_actions(&alert.id),
            None,
            now,
            settings,
        )?;
        reply.alert_id = Some(alert.id.clone());
        Ok(reply)
    }

    /// Records the person's answer to an alert.
    pub fn answer_alert(
        &mut self,
        vault: &mut Vault,
        alert_id: &str,
        legit: bool,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        self.refresh(vault, settings)?;
        let mut alert = alerts::get(vault, alert_id)?.ok_or(AssistantError::NoSuchAlert)?;
        if alert.status != AlertStatus::Open {
            return Err(AssistantError::NoSuchAlert);
        }
        alert.status = if legit {
            AlertStatus::ConfirmedLegit
        } else {
            AlertStatus::ConfirmedFraud
        };
        self.own_write(vault, |w| {
            alerts::put(w, &alert)?;
            let awaiting = w.setting(AWAITING)?;
            if awaiting.is_some_and(|a| a.expose() == alert_id.as_bytes()) {
                w.delete_setting(AWAITING)?;
            }
            Ok(())
        })?;
        let mut reply = self.release(
            vault,
            alert_answer_texts(legit),
            Purpose::AlertFollowUp,
            &[],
            None,
            now,
            settings,
        )?;
        reply.intent = Intent::ReportFraud;
        reply.confidence = 1.0;
        reply.answered_alert = Some((alert.id, legit));
        Ok(reply)
    }

    /// Handles a tapped quick reply.
    pub fn on_quick_reply(
        &mut self,
        vault: &mut Vault,
        token: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        match tokens::redeem(vault, token, now).map_err(AssistantError::Token)? {
            QuickAction::AlertYes { alert_id } => {
                self.answer_alert(vault, &alert_id, true, now, settings)
            }
            QuickAction::AlertNo { alert_id } => {
                self.answer_alert(vault, &alert_id, false, now, settings)
            }
            QuickAction::Ask { text } => self.handle_message(vault, &text, now, settings),
        }
    }

    /// Checks, records and returns a reply. The ledger entry, the tokens and the alert the
    /// conversation now waits on (if any) commit together.
    #[allow(clippy::too_many_arguments)]
    fn release(
        &mut self,
        vault: &mut Vault,
        rendered: Rendered,
        purpose: Purpose,
        actions: &[(String, QuickAction)],
        awaiting: Option<&str>,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        // A blocked line drops that line (noted on the device), not the whole reply.
        let released = self
            .guard
            .release(&rendered.platform, settings.level)
            .map_err(|v| AssistantError::Blocked(v.kind))?;
        let mut rendered = rendered;
        if !released.dropped.is_empty() {
            rendered.local += &format!(
                "\n(Kept on your phone: {} line{} of this reply held data the chat must not carry.)",
                released.dropped.len(),
                if released.dropped.len() == 1 { "" } else { "s" }
            );
        }
        // What the render declared it put in the text (exact: `category_exact` tests every
        // template at every level), never a scan of its words. A line the guard dropped
        // keeps its categories in the record: the ledger may then over-state, never hide.
        let mut categories = rendered.categories.clone();
        crate::sort::sort(&mut categories);
        categories.dedup();
        let names: Vec<String> = categories.iter().map(|c| c.as_str().to_string()).collect();
        let key = vault.ledger_key().clone();
        let mut ledger_error = None;
        let mut sealed_text = None;
        let issued = self.own_write(vault, |w| {
            match sealed::record(w, &key, now, purpose, names, released) {
                Ok(t) => sealed_text = Some(t),
                Err(e) => {
                    ledger_error = Some(e);
                    return Err(VaultError::InvalidInput("ledger"));
                }
            }
            if let Some(id) = awaiting {
                w.put_setting(AWAITING, None, id.as_bytes())?;
            }
            let only_actions: Vec<QuickAction> = actions.iter().map(|(_, a)| a.clone()).collect();
            tokens::issue(w, &only_actions, now)
        });
        let issued = match (issued, ledger_error) {
            (_, Some(e)) => return Err(AssistantError::Ledger(e)),
            (r, None) => r?,
        };
        let platform_text =
            sealed_text.ok_or(AssistantError::Vault(VaultError::InvalidInput("ledger")))?;
        Ok(Reply {
            local_text: rendered.local,
            platform_text,
            quick_replies: actions
                .iter()
                .zip(issued)
                .map(|((label, action), token)| QuickReply {
                    label: label.clone(),
                    token,
                    kind: QuickReplyKind::of(action),
                })
                .collect(),
            intent: Intent::Oos,
            confidence: 0.0,
            categories,
            answered_alert: None,
            alert_id: None,
        })
    }
}

/// Several answers as one reply, a line (or block) each, with all their data categories.
fn joined(texts: Vec<Rendered>) -> Rendered {
    let mut categories: Vec<DataCategory> =
        texts.iter().flat_map(|r| r.categories.clone()).collect();
    crate::sort::sort(&mut categories);
    categories.dedup();
    // At `minimal` two answers may give the same fixed text: said once.
    let join = |f: &dyn Fn(&Rendered) -> &str| {
        let mut lines: Vec<&str> = texts.iter().map(f).collect();
        lines.dedup();
        lines.join("\n")
    };
    Rendered {
        local: join(&|r| r.local.as_str()),
        platform: join(&|r| r.platform.as_str()),
        categories,
    }
}

fn style(s: &Settings) -> Style {
    Style {
        level: s.level,
        locale: s.locale,
        offset: s.utc_offset_minutes,
    }
}

/// Rules around the classifier: a question the model is unsure of but whose shape or slots
/// only make sense about money ("how many times at Starbucks", "top 3 merchants", "costco
/// last month") is a spending or transactions question; "how much … at X" asks for a total,
/// not a list; a card-bill question that names a spending category and a period ("how much
/// for utilities in August") asks about spending, and so does a bill question about a payee
/// rather than the card ("how much is my rent", "did i pay my phone bill").
fn route(
    intent: Intent,
    confidence: f32,
    slots: &crate::intent::Slots,
    shape: &Shape,
    text: &str,
) -> Intent {
    let lower = text.to_lowercase();
    // "book a hotel from may 2 to may 4", "how much do i make": heard as out of scope, and
    // asking for what no record holds; no rule below makes it a spending question.
    if intent == Intent::Oos && beyond::beyond_records(&shape::words(&lower), slots, shape) {
        return Intent::Oos;
    }
    // "what subscriptions do I have", "any refunds", "how much did I save", "when's my next
    // paycheck": spending data, however the model heard them (mostly out of scope), unless
    // it heard something Tacit cannot do ("cancel my subscription" is not read as one).
    if matches!(shape, Shape::Everyday(_)) && !answer::cannot_act(intent) {
        return Intent::SpendingHistory;
    }
    // "did i pay my credit card" asks what happened, whether or not it was heard as a
    // request to pay (which Tacit cannot do).
    if matches!(
        shape,
        Shape::Everyday(
            everyday::Ask::CardPaid | everyday::Ask::CardPaidTotal | everyday::Ask::Fact(_)
        )
    ) {
        return Intent::SpendingHistory;
    }
    // "what's my checking account number": the account's own number, whatever it was heard
    // as (the model knows routing numbers only).
    if *shape == Shape::AccountNumber
        && (matches!(
            intent,
            Intent::Routing
                | Intent::Balance
                | Intent::Oos
                | Intent::Transactions
                | Intent::SpendingHistory
                | Intent::BillBalance
                | Intent::CreditLimit
        ) || confidence < 0.5)
    {
        return Intent::Routing;
    }
    // "can you block it", "pls freeze my card": a request Tacit cannot carry out, never why a
    // bank blocked something; "is my card active": a status Tacit cannot see.
    let w = shape::words(&lower);
    let first = w
        .iter()
        .map(String::as_str)
        .find(|v| !matches!(*v, "can" | "could" | "you" | "u" | "pls" | "please"));
    if matches!(first, Some("block" | "freeze" | "lock")) {
        return Intent::FreezeAccount;
    }
    if w.iter().any(|v| v == "active" || v == "activated") && w.iter().any(|v| v == "card") {
        return Intent::AccountBlocked;
    }
    if matches!(intent, Intent::SpendingHistory | Intent::Transactions | Intent::Oos) {
        if let Some(routed) = beyond_spending(&lower) {
            return routed;
        }
    }
    // "any fraud alerts?", "show my alerts", "anything suspicious on my card": the open alerts.
    if asks_for_alerts(&lower) {
        return Intent::ReportFraud;
    }
    // "was there a 1261.22 charge in august", "who charged me 142", "any payment of 85.61":
    // a search for that amount, however the model heard it (a spending question naming an
    // amount keeps its total).
    if matches!(intent, Intent::Oos | Intent::SpendingHistory | Intent::Transactions)
        && *shape == Shape::Plain
        && searches_an_amount(slots, &w)
    {
        return Intent::Transactions;
    }
    let lists = [
        "show",
        "list",
        "transaction",
        "charges",
        "purchases",
        "what did i buy",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if intent == Intent::Transactions
        && lower.contains("how much")
        && !lists
        && *shape == Shape::Plain
    {
        return Intent::SpendingHistory;
    }
    // "show me all my amazon orders": a list, even when the model heard spending.
    if intent == Intent::SpendingHistory
        && (lower.starts_with("show") || lower.starts_with("list"))
        && !["how much", "spen", "total"]
            .iter()
            .any(|w| lower.contains(w))
        && *shape == Shape::Plain
    {
        return Intent::Transactions;
    }
    // "how much is pending", "what hasn't posted yet": the pending charges listed with their
    // total, not a month's spending compared with a typical month (nor out of scope).
    if slots.pending_only
        && matches!(
            intent,
            Intent::SpendingHistory | Intent::Oos | Intent::BillBalance
        )
        && *shape == Shape::Plain
    {
        return Intent::Transactions;
    }
    // "total in and out for november", "money in vs out", "cash flow last month": both sums,
    // which the transactions answer heads with ("$X out, $Y in"), not spending alone.
    if shape::in_and_out(&shape::words(&lower))
        && matches!(
            intent,
            Intent::SpendingHistory | Intent::Transactions | Intent::Oos
        )
        && *shape == Shape::Plain
        && slots.merchant.is_none()
        && slots.category.is_none()
    {
        return Intent::Transactions;
    }
    // A ranking ("top merchants last month", heard as the credit limit) is only ever of
    // spending: no card service ranks anything.
    if matches!(shape, Shape::Rank(..) | Shape::Least(_))
        && !matches!(intent, Intent::ReportFraud | Intent::SpendingHistory)
        && !answer::cannot_act(intent)
    {
        return Intent::SpendingHistory;
    }
    // A ranking or comparison is about spending, whichever of the two it was heard as.
    if matches!(intent, Intent::Transactions | Intent::Oos)
        && matches!(shape, Shape::Versus(_) | Shape::Average(_))
        || intent == Intent::Transactions && matches!(shape, Shape::Rank(..) | Shape::Least(_) | Shape::Compare(_))
    {
        return Intent::SpendingHistory;
    }
    if let Some(routed) = not_about_the_card(intent, slots, &lower) {
        return routed;
    }
    if asks_what_is_owed(intent, &lower) {
        return Intent::BillBalance;
    }
    // "credit card balance", "whats my visa balance": the card's current balance; what the
    // statement says only when the statement, a bill or what is owed is asked.
    if intent == Intent::BillBalance && w.iter().any(|v| v == "balance") {
        let owed = ["statement", "owe", "owed", "bill", "due", "pay", "payment", "minimum", "last"];
        if !w.iter().any(|v| owed.contains(&v.as_str())) {
            return Intent::Balance;
        }
    }
    let names_spending = slots.merchant_known
        || slots
            .category
            .is_some_and(|c| c != crate::model::Category::Fees);
    // "my grocery bill last month", "whats my average grocery bill": spending, unless the
    // card is named.
    let card_named = ["card", "credit", "visa", "amex", "mastercard", "statement"]
        .iter()
        .any(|w| lower.contains(w));
    if matches!(
        intent,
        Intent::BillBalance | Intent::MinPayment | Intent::BillDue
    ) && names_spending
        && (slots.period.is_some() || !card_named)
    {
        return Intent::SpendingHistory;
    }
    // "how much is my rent", "what do i pay for netflix", "did i pay my phone bill": a bill the
    // person pays someone (rent, utilities, a subscription, a merchant the vault knows), not
    // the card's bill, unless the card is named. Answered from their spending.
    let names_payee = slots.merchant_known
        || slots.category.is_some_and(|c| {
            use crate::model::Category::{Bills, Housing, Subscriptions};
            matches!(c, Housing | Bills | Subscriptions)
        });
    let names_card = ["card", "credit", "visa", "amex", "mastercard", "statement"]
        .iter()
        .any(|w| lower.contains(w));
    let asks_past = ["did i", "have i", "how much", "what do i pay", "what did i pay"]
        .iter()
        .any(|w| lower.contains(w));
    if names_payee
        && !names_card
        && (matches!(
            intent,
            Intent::BillBalance | Intent::MinPayment | Intent::BillDue
        ) || intent == Intent::PayBill && asks_past)
    {
        return Intent::SpendingHistory;
    }
    // "give me a summary of last month", "recap of october": that period's spending.
    if intent == Intent::Oos
        && slots.period.is_some()
        && [
            "summary", "recap", "overview", "rundown", "report", "expense", "spending", "spent",
        ]
            .iter()
            .any(|w| lower.contains(w))
    {
        return Intent::SpendingHistory;
    }
    // "purchases in nov besides amazon and costco": something left out of spending is
    // never out of scope, and "everything but groceries" (no list word) is spending.
    if matches!(intent, Intent::Oos | Intent::Transactions)
        && *shape == Shape::Plain
        && (slots.exclude_merchant_known || !slots.exclude_categories.is_empty())
    {
        return match lists {
            true => Intent::Transactions,
            false => Intent::SpendingHistory,
        };
    }
    let unsure = intent == Intent::Oos || confidence < 0.5;
    if !unsure {
        return intent;
    }
    match shape {
        Shape::LastN(_) | Shape::Largest(_) | Shape::Smallest(_) => Intent::Transactions,
        Shape::Count
        | Shape::Rank(..)
        | Shape::Least(_)
        | Shape::Compare(_)
        | Shape::MoneyIn(_)
        | Shape::Average(_)
        | Shape::Versus(_)
        | Shape::Everyday(_) => Intent::SpendingHistory,
        Shape::Plain
            if (slots.merchant_known || slots.category.is_some())
                && (slots.period.is_some() || slots.period_unclear) =>
        {
            // "show me all my amazon orders in october" lists; "costco last month" totals.
            if lists && !lower.contains("how much") {
                Intent::Transactions
            } else {
                Intent::SpendingHistory
            }
        }
        // "how much are my subscriptions", "what did i pay for netflix": money asked about
        // something the person spends on, with no period (this month, said in the reply).
        Shape::Plain
            if (slots.merchant_known || slots.category.is_some())
                && ["how much", "paid", "pay for", "spen", "cost"]
                    .iter()
                    .any(|w| lower.contains(w)) =>
        {
            Intent::SpendingHistory
        }
        Shape::Plain if slots.min_amount_minor.is_some() || slots.max_amount_minor.is_some() => {
            Intent::Transactions
        }
        Shape::Plain if slots.period_unclear && (lists || lower.contains("bought")) => {
            Intent::Transactions
        }
        Shape::Plain | Shape::AccountNumber => intent,
    }
}

/// Questions the model heard as a card or fraud service that name none of that service's
/// words, and name spending instead:
/// - "whats my spending trend" (heard as the credit limit): spending;
/// - "any fees this month" (heard as foreign transaction fees): the fees spent;
/// - "was there a charge from apple" (heard as fraud, which lists the open alerts): the
///   charges at that merchant. A message with a fraud word stays a fraud question.
fn not_about_the_card(
    intent: Intent,
    slots: &crate::intent::Slots,
    lower: &str,
) -> Option<Intent> {
    let w = shape::words(lower);
    let has = |x: &str| w.iter().any(|v| v.starts_with(x));
    let spending = has("spen") || has("spent");
    let card_words = ["limit", "apr", "interest", "owe", "due", "minimum", "bill", "statement"];
    // "how much can i still spend on the card": the credit available, as heard.
    let can_spend = intent == Intent::CreditLimit && can_still_spend(&w);
    match intent {
        Intent::CreditLimit | Intent::Apr | Intent::InterestRate | Intent::MinPayment
            if spending && !can_spend && !card_words.iter().any(|c| has(c)) =>
        {
            Some(Intent::SpendingHistory)
        }
        Intent::InternationalFees
            if slots.category == Some(crate::model::Category::Fees)
                && !["international", "foreign", "abroad", "overseas", "currency", "travel"]
                    .iter()
                    .any(|c| has(c)) =>
        {
            Some(Intent::SpendingHistory)
        }
        // "was there a 500 dollar charge on my card in august": a search, unless it says fraud.
        Intent::ReportFraud
            if (slots.merchant_known || slots.exact_amount_minor.is_some())
                && ![
                    "fraud", "stol", "steal", "suspicious", "unauthori", "scam", "hack",
                    "alert", "dispute", "recogni", "didnt", "not", "wasnt", "never",
                ]
                .iter()
                .any(|c| has(c)) =>
        {
            Some(Intent::Transactions)
        }
        _ => None,
    }
}

/// Whether the words ask for the charges of one amount: a charge word, an amount named
/// without a bound (or "of/for X", both bounds at it), and no spending or sum word.
fn searches_an_amount(slots: &crate::intent::Slots, w: &[String]) -> bool {
    let Some(exact) = slots.exact_amount_minor.filter(|m| *m > 0) else {
        return false;
    };
    let bounds = (slots.min_amount_minor, slots.max_amount_minor);
    let one = bounds == (None, None) || bounds == (Some(exact), Some(exact));
    let charge = w.iter().any(|v| {
        v.starts_with("charge")
            || v.starts_with("payment")
            || v.starts_with("transaction")
            || v.starts_with("purchase")
            || v == "debit"
            || v == "debited"
    });
    let sum = w.iter().any(|v| {
        v.starts_with("spen") || matches!(v.as_str(), "much" | "total" | "sum" | "average" | "budget")
    });
    one && charge && !sum
}

/// "how much can i still spend", "what's left to spend", "how much am i able to spend": what
/// may still be spent (the available credit or balance), not what was spent.
fn can_still_spend(w: &[String]) -> bool {
    let is = |x: &str| w.iter().any(|v| v == x);
    ["can", "could", "able", "left", "available", "remaining"]
        .iter()
        .any(|x| is(x))
        && !is("did")
        && !is("spent")
}

/// "whats left on my visa statement", "how much is left to pay on my card": what is owed on
/// the card (its statement balance), not the credit left to spend, whichever card figure the
/// model heard. "How much credit do I have left" keeps the available credit.
fn asks_what_is_owed(intent: Intent, lower: &str) -> bool {
    let w = shape::words(lower);
    let has = |x: &str| w.iter().any(|v| v == x);
    let card_figure = matches!(
        intent,
        Intent::CreditLimit | Intent::Balance | Intent::MinPayment | Intent::BillDue
    );
    let card = ["card", "visa", "amex", "mastercard", "statement"]
        .iter()
        .any(|x| has(x));
    let owed = has("statement") && (has("left") || has("owe") || has("remaining") || has("balance"))
        || card && has("left") && has("to") && has("pay");
    // "how much credit do i have left": the available credit ("credit card" is the card).
    let credit_left = has("available")
        || has("spend")
        || w.windows(2).any(|p| p[0] == "credit" && p[1] != "card")
        || w.last().is_some_and(|v| v == "credit");
    card_figure && owed && !credit_left && !has("minimum")
}

/// "net balance", "after the card", "minus my card": the balances with what the card owes
/// taken off (every account, not the card alone).
fn net_of_card(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    has("net") || (has("after") || has("minus") || has("less")) && (has("card") || has("visa"))
}

/// Whether an amount bound follows a spending verb ("did i spend over 500", "have i spent more
/// than $200 on dining", "spending under 100 this week"): a bound on the total, not on each
/// purchase ("purchases over $100" keeps its filter).
fn total_bound(w: &[String]) -> bool {
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    (0..w.len()).any(|i| {
        matches!(at(i), "spend" | "spent" | "spending" | "spendin")
            && (matches!(at(i + 1), "over" | "above" | "under" | "below" | "past")
                || matches!(at(i + 1), "more" | "less" | "fewer") && at(i + 2) == "than")
    })
}

/// Money questions that are not about what was spent, which a spending total would answer
/// with a confident wrong figure: "how much can i spend today" asks what is available (a
/// balance; on the card, its available credit); "how much can i save" and "how much did i tip" ask what no transaction
/// records (out of scope: the reply says what Tacit can answer). What was saved is asked
/// with other words and answered as a net ([`saved`], routed before this).
fn beyond_spending(lower: &str) -> Option<Intent> {
    let w = shape::words(lower);
    let has = |x: &str| w.iter().any(|v| v == x);
    let can_spend = (has("can") || has("could"))
        && has("i")
        && (has("spend") || has("afford"))
        && !has("did");
    if can_spend {
        // On the card, what may still be spent is its available credit.
        let card = ["card", "visa", "amex", "mastercard", "credit"].iter().any(|x| has(x));
        return Some(if card { Intent::CreditLimit } else { Intent::Balance });
    }
    let unrecorded = ["saved", "save", "tip", "tips", "tipped", "tipping"]
        .iter()
        .any(|x| has(x));
    unrecorded.then_some(Intent::Oos)
}

/// Whether the message asks which fraud alerts are open ("any fraud alerts?", "show my
/// alerts", "anything suspicious on my account?"), not how to set alerts up.
fn asks_for_alerts(lower: &str) -> bool {
    let w = shape::words(lower);
    let has = |x: &str| w.iter().any(|v| v == x);
    let settings = [
        "set", "setup", "turn", "enable", "disable", "stop", "create", "add", "change", "text",
        "email", "push", "notification", "notifications",
    ]
    .iter()
    .any(|x| has(x));
    // "any travel alerts for brazil", "weather alerts": alerts about the world, not fraud.
    let of_the_world = ["travel", "weather", "storm", "news", "amber", "flood", "traveling"]
        .iter()
        .any(|x| has(x));
    let alerts = (has("alert") || has("alerts")) && !of_the_world;
    let suspicious = (has("suspicious") || has("fraudulent") || has("fraud"))
        && w.iter().any(|v| {
            matches!(
                v.as_str(),
                "activity" | "charge" | "charges" | "transaction" | "transactions" | "anything"
            )
        });
    let asking = ["any", "anything", "show", "list", "what", "whats", "do", "are", "have"]
        .iter()
        .any(|x| has(x));
    // "anything else i need to look at", "anything i should check", "any charge i should
    // worry about": what is open.
    let to_look_at = (has("anything") || has("charge") || has("charges") || has("transactions"))
        && (has("need") || has("should"))
        && (has("look") || has("check") || has("know") || has("worry"));
    // "how much was taken in total", "how much got stolen": the open alerts' charges, never
    // a total of all spending ("taken out" is cash).
    let taken = has("much") && (has("stolen") || has("stole") || has("taken") && !has("out"));
    !settings && (asking && (alerts || suspicious) || to_look_at || taken)
}

/// The quick replies under "which dates do you mean?": each is answered as a follow-up.
fn clarify_actions() -> Vec<(String, QuickAction)> {
    // Labels carry no digit: at `minimal` the platform may see them.
    [
        ("This month", "this month"),
        ("Last month", "last month"),
        ("Last thirty days", "last 30 days"),
    ]
    .into_iter()
    .map(|(label, text)| {
        (
            label.to_string(),
            QuickAction::Ask {
                text: text.to_string(),
            },
        )
    })
    .collect()
}

fn alert_actions(alert_id: &str) -> Vec<(String, QuickAction)> {
    vec![
        (
            "Yes, it was me".to_string(),
            QuickAction::AlertYes {
                alert_id: alert_id.to_string(),
            },
        ),
        (
            "No, it wasn't me".to_string(),
            QuickAction::AlertNo {
                alert_id: alert_id.to_string(),
            },
        ),
    ]
}

#[cfg(test)]
mod category_exact;
#[cfg(test)]
mod egress_props;
#[cfg(test)]
mod tests;

/// How a person in this locale writes numeric dates ("11/28" in the US, "28/11" elsewhere).
fn date_order(locale: crate::render::money_fmt::Locale) -> crate::intent::slots::DateOrder {
    use crate::intent::slots::DateOrder;
    use crate::render::money_fmt::Locale;
    match locale {
        // Japan writes year/month/day, and month/day without the year.
        Locale::EnUs | Locale::JaJp => DateOrder::MonthFirst,
        Locale::EnGb | Locale::DeDe | Locale::FrFr | Locale::PtBr => DateOrder::DayFirst,
    }
}
