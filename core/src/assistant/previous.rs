//! What a previous answer exposes to a follow-up that names nothing of its own: "when was
//! that" (the day of the one item just answered), "list them" (the lines behind the total),
//! "how many coffees is that" (how many purchases the figure holds), "avg bill at each" (the
//! question asked of every side just compared), "which one do i go to more often" (those
//! sides by visits) and "what else went through that day" (the day of the item answered).
//!
//! The state keeps the question, not the answer: the answer is computed again from the
//! vault when a follow-up needs it, so no amount or merchant of it sits in memory between
//! turns. With nothing before that exposes what is asked, Tacit asks which figures are
//! meant, never a figure of something else.

use crate::words::Words;
use super::answer::{compute, Answer, Query};
use super::conversation::{self, Turn};
use super::render::{render, Rendered};
use super::shape::{shape_of, words, RankBy, Shape};
use super::{joined, style, Assistant, AssistantError, Reply, Settings};
use crate::intent::{Intent, Period, Prediction, Slots};
use crate::ledger::Purpose;
use crate::time::{local_date, Date, Timestamp};
use crate::vault::Vault;

/// What a follow-up asks of the previous answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ask {
    /// "when was that", "what day was it": the day of the one item answered.
    When,
    /// "list them", "list those transactions individually": the lines behind the figure.
    List,
    /// "how many coffees is that", "how many is that": how many purchases it holds.
    Count,
    /// "avg bill at each", "how much at each": the question asked of every side compared.
    Each,
    /// "which one do i go to more often", "which do i use more": how many purchases at each
    /// side compared.
    MoreOften,
    /// "when will it clear", "how long until that posts": the pending item again, and how
    /// pending charges post.
    Clear,
}

/// How pending card charges post: said with the pending item, no figure of its own.
const CLEARS: &str = "Pending charges usually post within a few business days; your bank decides when.";

/// Pointing words: what the previous answer is called.
const POINTERS: &[&str] = &["that", "it", "this", "those", "these", "them", "they", "thats"];

/// Time units after "each", which make it an average ("how much each month").
const UNITS: &[&str] = &["day", "week", "month", "year", "weekend", "time", "visit", "trip"];

/// What the (lower-cased) words ask of the previous answer, if that is all they ask.
pub(super) fn ask_of(w: &[String]) -> Option<Ask> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let pointer = w.iter().any(|v| POINTERS.contains(&v.as_str()));
    if w.is_empty() || w.len() > 9 {
        return None;
    }
    let clears = w.iter().any(|v| {
        v.starts_with("clear") || v.starts_with("post") || v.starts_with("settl") || v == "through"
    });
    let how_long = has("when") || has("how") && has("long");
    if clears && how_long && (pointer || w.len() <= 4) && w.len() <= 7 {
        return Some(Ask::Clear);
    }
    // "when was that", "what day was it", "where was it": short, pointing back, about no
    // deadline: the one item (its merchant and day).
    // "where was it" is the one item; "where did most of it go" ranks where the money went.
    let place = (has("where") || has("wheres")) && !has("most") && !has("go") && !has("went");
    let when = has("when") || has("whens") || place || (has("what") && (has("day") || has("date")));
    let deadline = Words("due|next|will|my").iter().any(&has);
    if when && pointer && !deadline && w.len() <= 6 {
        return Some(Ask::When);
    }
    let listing = Words("list|show|see|itemize|itemise").iter().any(&has)
        && (pointer || has("individually") || has("separately"))
        || has("which") && has("ones")
        || has("what") && (has("were") || has("are")) && pointer;
    if listing && !has("my") && w.len() <= 7 {
        return Some(Ask::List);
    }
    // "how many coffees is that": one word of its own at most.
    let many = w.windows(2).any(|p| p[0] == "how" && p[1] == "many");
    let verb = Words("is|was|were|are|s").iter().any(&has);
    if many && verb && pointer && w.len() <= 6 {
        return Some(Ask::Count);
    }
    let each = w.iter().position(|v| v == "each");
    if let Some(i) = each {
        let unit = w
            .get(i + 1)
            .is_some_and(|n| UNITS.contains(&n.trim_end_matches('s')));
        if !unit && w.len() <= 7 {
            return Some(Ask::Each);
        }
    }
    // A choice between things just given: "which … more", "which one … most" ("where do i
    // shop most frequently" ranks every merchant, a question of its own).
    let often = has("often") || has("frequently")
        || Words("go|use|visit|shop|eat").iter().any(&has) && has("more");
    let choice = has("more") || has("most") && (has("one") || pointer);
    (has("which") && often && choice).then_some(Ask::MoreOften)
}

/// The one day a previous answer is about: its one line (or the first of the biggest or
/// smallest), its latest credit, or the top day of a ranking of days.
pub(super) fn day_of(answer: &Answer, offset: i32) -> Option<Date> {
    match answer {
        Answer::Transactions { lines, .. } if lines.len() == 1 => {
            lines.first().map(|l| local_date(l.at, offset))
        }
        Answer::Transactions {
            lines,
            biggest: true,
            ..
        } => lines.first().map(|l| local_date(l.at, offset)),
        Answer::Received {
            latest: Some((at, _)),
            ..
        } => Some(local_date(*at, offset)),
        _ => None,
    }
}

/// Whether a turn's answer is a figure of spending whose lines can be listed or counted.
fn spending_figure(t: &Turn) -> bool {
    matches!(t.intent, Intent::SpendingHistory | Intent::Transactions)
        && matches!(t.shape, Shape::Plain | Shape::Count | Shape::Average(_))
}

/// The question a [`Ask::List`] or [`Ask::Count`] asks of a previous figure (not a
/// comparison, which [`Ask::Each`] splits).
pub(super) fn list_or_count(prev: &Turn, ask: Ask) -> Option<(Intent, Slots, Shape)> {
    if !spending_figure(prev) {
        return None;
    }
    let mut slots = prev.slots.clone();
    slots.charges_only = true;
    match ask {
        Ask::List => Some((Intent::Transactions, slots, Shape::Plain)),
        Ask::Count => Some((Intent::SpendingHistory, slots, Shape::Count)),
        _ => None,
    }
}

/// The period of one day, as replies name it ("November 1, 2026").
fn one_day(day: Date) -> Option<Period> {
    let month = crate::intent::slots::period::MONTH_NAMES.get(day.month as usize - 1)?;
    Some(Period {
        label: format!("{month} {}, {}", day.day, day.year),
        start: day,
        end: day.add_days(1),
    })
}

impl Assistant {
    /// The answer a turn had, computed again from the vault.
    pub(super) fn answer_of(
        &self,
        vault: &Vault,
        t: &Turn,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Answer, AssistantError> {
        let query = Query {
            intent: t.intent,
            slots: &t.slots,
            now,
            offset: settings.utc_offset_minutes,
            shape: &t.shape,
        };
        Ok(compute(vault, &self.accounts.0, &self.summary, &query)?)
    }

    /// A reply of `rendered`, sure of `intent` (it was read from the conversation).
    pub(super) fn reply_of(
        &mut self,
        vault: &mut Vault,
        rendered: Rendered,
        intent: Intent,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let mut reply = self.release(vault, rendered, Purpose::Reply, &[], None, now, settings)?;
        reply.intent = intent;
        reply.confidence = 1.0;
        Ok(reply)
    }

    /// "Which figures do you mean?": a follow-up with nothing before it can be about.
    pub(super) fn ask_what(
        &mut self,
        vault: &mut Vault,
        prediction: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let rendered = render(&Answer::AskWhat, &style(settings));
        let mut reply = self.reply_of(vault, rendered, prediction.intent, now, settings)?;
        reply.confidence = prediction.confidence;
        Ok(reply)
    }

    /// The previous turn moved to the one day its answer was about ("that day" after "my
    /// biggest purchase last month"): every transaction of that day. `None` when the turn
    /// was about one day already (its own period says it), or its answer has no one day.
    pub(super) fn on_its_day(
        &mut self,
        vault: &mut Vault,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Turn>, AssistantError> {
        let Some(prev) = conversation::current(&self.conv, now, settings.level) else {
            return Ok(None);
        };
        if prev.slots.period.as_ref().is_some_and(|p| p.end == p.start.add_days(1)) {
            return Ok(None);
        }
        let answer = self.answer_of(vault, prev, now, settings)?;
        let period = day_of(&answer, settings.utc_offset_minutes).and_then(one_day);
        Ok(period.map(|p| {
            let slots = Slots {
                period: Some(p),
                ..Slots::default()
            };
            Turn::new(Intent::Transactions, slots, Shape::Plain, prev.at, prev.level)
        }))
    }

    /// A follow-up about what the previous answer exposes ([`Ask`]): answered from it, or
    /// "which figures do you mean?" when there is none to answer from. `None` when the
    /// message is no such follow-up or names a subject of its own.
    #[inline(never)]
    pub(super) fn about_previous(
        &mut self,
        vault: &mut Vault,
        text: &str,
        slots: &Slots,
        prediction: &Prediction,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let w = words(text);
        if let Some(reply) = self.saved_per(vault, text, &w, slots, now, settings)? {
            return Ok(Some(reply));
        }
        if let Some(reply) = self.subject_again(vault, text, &w, slots, now, settings)? {
            return Ok(Some(reply));
        }
        if let Some(reply) = self.take_out_edit(vault, text, now, settings)? {
            return Ok(Some(reply));
        }
        let Some(ask) = ask_of(&w) else {
            return Ok(None);
        };
        if conversation::names_something(slots) {
            return Ok(None);
        }
        let prev = conversation::current(&self.conv, now, settings.level).cloned();
        let answered = match prev {
            Some(prev) => self.answer_of_previous(vault, prev, ask, text, now, settings)?,
            None => None,
        };
        match answered {
            Some(reply) => Ok(Some(reply)),
            None => self.ask_what(vault, prediction, now, settings).map(Some),
        }
    }

    /// "how much is that per month" after what was saved: the net per unit
    /// ([`super::saved_per`]). `None` when the message or the turn before is not that.
    fn saved_per(
        &mut self,
        vault: &mut Vault,
        text: &str,
        w: &[String],
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let saved_shape = Shape::Everyday(super::everyday::Ask::Saved);
        let Some(prev) = conversation::current(&self.conv, now, settings.level)
            .filter(|p| p.shape == saved_shape && p.slots.period.is_some())
        else {
            return Ok(None);
        };
        let today = local_date(now, settings.utc_offset_minutes);
        // The unit from the words: "how much is that per month" may also read as a price.
        let per = match shape_of(text, today) {
            Shape::Average(per) => per,
            _ => match super::average::per_of(w) {
                Some(per) => per,
                None => return Ok(None),
            },
        };
        // A period of its own ("... per month this year") is the one averaged over.
        let mut rest = slots.clone();
        let period = rest.period.take();
        if !super::saved_per::asks_per(w, per) || conversation::names_something(&rest) {
            return Ok(None);
        }
        let mut turn = prev.clone();
        turn.slots.period = period.or(turn.slots.period);
        let answer = self.answer_of(vault, &turn, now, settings)?;
        let (Answer::Everyday(super::everyday::Everyday::Saved(saved)), Some(period)) =
            (answer, turn.slots.period.as_ref())
        else {
            return Ok(None);
        };
        let days = super::saved_per::days_of(period, saved.coverage, today);
        let rendered = super::saved_per::texts(&saved, per, days, &style(settings));
        self.reply_of(vault, rendered, Intent::SpendingHistory, now, settings)
            .map(Some)
    }

    /// "did it go up", "when was the last one", "did it go out this month" after a question
    /// about one subject: the question of that subject ([`super::subject_back`]).
    fn subject_again(
        &mut self,
        vault: &mut Vault,
        text: &str,
        w: &[String],
        slots: &Slots,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Some(prev) = conversation::current(&self.conv, now, settings.level) else {
            return Ok(None);
        };
        let today = local_date(now, settings.utc_offset_minutes);
        let q = super::subject_back::again_of(w, &shape_of(text, today))
            .and_then(|again| super::subject_back::question(prev, again, slots));
        let Some((intent, slots, shape)) = q else {
            return Ok(None);
        };
        let sure = Prediction {
            intent,
            confidence: 1.0,
        };
        self.answer_with(vault, sure, slots, shape, now, settings).map(Some)
    }

    /// "and if i also take out groceries" after a spending total: the same total, that also
    /// left out ([`super::take_out`]). `None` when the message or the turn before is not that.
    fn take_out_edit(
        &mut self,
        vault: &mut Vault,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Some(without) = super::take_out::as_exclusion(&text.to_lowercase()) else {
            return Ok(None);
        };
        let Some(prev) = conversation::current(&self.conv, now, settings.level) else {
            return Ok(None);
        };
        let today = local_date(now, settings.utc_offset_minutes);
        let own = crate::intent::slots::extract_slots(&without, today, &self.ctx);
        let Some((intent, slots, shape)) = super::edits::edit(prev, &without, &own, &Shape::Plain) else {
            return Ok(None);
        };
        let sure = Prediction {
            intent,
            confidence: 1.0,
        };
        self.answer_with(vault, sure, slots, shape, now, settings).map(Some)
    }

    /// The reply to `ask` about `prev`, or `None` when its answer does not expose it.
    fn answer_of_previous(
        &mut self,
        vault: &mut Vault,
        prev: Turn,
        ask: Ask,
        text: &str,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let sure = |intent| Prediction {
            intent,
            confidence: 1.0,
        };
        if let Shape::Versus(pair) = &prev.shape {
            let sides: Vec<Slots> = pair.sides.iter().map(|s| s.slots(&prev.slots)).collect();
            let today = local_date(now, settings.utc_offset_minutes);
            let (intent, shape) = match (ask, shape_of(text, today)) {
                (Ask::Each, own) => (Intent::SpendingHistory, own),
                (Ask::Count, _) | (Ask::MoreOften, _) => (Intent::SpendingHistory, Shape::Count),
                (Ask::List, _) => (Intent::Transactions, Shape::Plain),
                (Ask::When | Ask::Clear, _) => return Ok(None),
            };
            return self
                .each_side(vault, &sides, intent, &shape, now, settings)
                .map(Some);
        }
        // "what are they" after the open alerts: the alerts again.
        if prev.intent == Intent::ReportFraud && ask == Ask::List {
            let (slots, shape) = (prev.slots.clone(), prev.shape.clone());
            return self.answer_with(vault, sure(Intent::ReportFraud), slots, shape, now, settings).map(Some);
        }
        if let Some((intent, slots, shape)) = list_or_count(&prev, ask) {
            return self.answer_with(vault, sure(intent), slots, shape, now, settings).map(Some);
        }
        if !matches!(ask, Ask::When | Ask::Clear) {
            return Ok(None);
        }
        let answer = self.answer_of(vault, &prev, now, settings)?;
        // "when did it post" after a posted one: its day, as "when was it".
        if ask == Ask::Clear && all_pending(&answer) {
            return self.clearing(vault, answer, prev.intent, now, settings);
        }
        // The one item on its own, with its day; money in or the top day of a ranking: the
        // same answer, which says its day.
        let one = match answer {
            Answer::Received { latest: Some(_), .. } => answer,
            Answer::Ranking {
                by: RankBy::Day, ..
            } => answer,
            other if day_of(&other, settings.utc_offset_minutes).is_some() => {
                match super::list_follow::nth_line(other, 1, settings.utc_offset_minutes) {
                    Some(one) => one,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let rendered = render(&one, &style(settings));
        self.reply_of(vault, rendered, prev.intent, now, settings)
            .map(Some)
    }

    /// "when will it clear" after pending transactions ([`all_pending`]): they again (the
    /// one on its own), with how pending charges post.
    fn clearing(
        &mut self,
        vault: &mut Vault,
        answer: Answer,
        intent: Intent,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Option<Reply>, AssistantError> {
        let Answer::Transactions { lines, .. } = &answer else {
            return Ok(None);
        };
        let one = match lines.len() {
            1 => super::list_follow::nth_line(answer, 1, settings.utc_offset_minutes),
            _ => Some(answer),
        };
        let Some(one) = one else {
            return Ok(None);
        };
        let mut rendered = render(&one, &style(settings));
        rendered.local = format!("{CLEARS}\n{}", rendered.local);
        rendered.platform = format!("{CLEARS}\n{}", rendered.platform);
        self.reply_of(vault, rendered, intent, now, settings).map(Some)
    }

    /// The same question of every side, one line each.
    pub(super) fn each_side(
        &mut self,
        vault: &mut Vault,
        sides: &[Slots],
        intent: Intent,
        shape: &Shape,
        now: Timestamp,
        settings: &Settings,
    ) -> Result<Reply, AssistantError> {
        let mut texts: Vec<Rendered> = Vec::new();
        for s in sides {
            let (_, r) = self.compute_rendered(vault, intent, s, shape, now, settings)?;
            texts.push(r);
        }
        self.reply_of(vault, joined(texts), intent, now, settings)
    }
}

/// Whether the answer is a list of transactions, all of them pending.
fn all_pending(answer: &Answer) -> bool {
    matches!(answer, Answer::Transactions { lines, .. } if !lines.is_empty() && lines.iter().all(|l| l.pending))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(q: &str) -> Option<Ask> {
        ask_of(&words(q))
    }

    #[test]
    fn what_is_asked_of_the_previous_answer() {
        for (q, want) in [
            ("when was that", Ask::When),
            ("when was it?", Ask::When),
            ("what day was that", Ask::When),
            ("when did that happen", Ask::When),
            ("where was it", Ask::When),
            ("where was that one?", Ask::When),
            ("when will it clear", Ask::Clear),
            ("how long until that posts", Ask::Clear),
            ("when does it go through", Ask::Clear),
            ("list them", Ask::List),
            ("list those transactions individually", Ask::List),
            ("can you show me those", Ask::List),
            ("which ones", Ask::List),
            ("what are they", Ask::List),
            ("how many coffees is that", Ask::Count),
            ("how many is that", Ask::Count),
            ("how many times was it", Ask::Count),
            ("avg bill at each", Ask::Each),
            ("how much at each", Ask::Each),
            ("which one do i go to more often", Ask::MoreOften),
            ("which one do i use more", Ask::MoreOften),
            ("which of them do i go to most often", Ask::MoreOften),
        ] {
            assert_eq!(ask(q), Some(want), "{q}");
        }
        for q in [
            "when is my card due",
            "list my transactions last week",
            "how many purchases last month",
            "how much each month",
            "how much do i spend each week",
            "which category do i spend the most on",
            "show me 10 more",
            "where do i shop most frequently",
            "which restaurant do i go to most often",
            "what did i spend",
            "where did most of it go",
            "where did it all go",
        ] {
            assert_eq!(ask(q), None, "{q}");
        }
    }

    #[test]
    fn lists_and_counts_of_a_figure() {
        use crate::egress::DisclosureLevel;
        use crate::model::Category;
        let dining = Slots {
            category: Some(Category::Dining),
            ..Slots::default()
        };
        let t = Turn::new(Intent::SpendingHistory, dining, Shape::Plain, 0, DisclosureLevel::Full);
        let (i, s, sh) = list_or_count(&t, Ask::List).unwrap();
        assert_eq!((i, s.category, sh), (Intent::Transactions, Some(Category::Dining), Shape::Plain));
        let (i, _, sh) = list_or_count(&t, Ask::Count).unwrap();
        assert_eq!((i, sh), (Intent::SpendingHistory, Shape::Count));
        // Balances hold no lines to list.
        let b = Turn::new(Intent::Balance, Slots::default(), Shape::Plain, 0, DisclosureLevel::Full);
        assert!(list_or_count(&b, Ask::List).is_none());
    }
}
