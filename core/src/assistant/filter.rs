//! Which transactions a question is about: its category and merchant, what it leaves out,
//! its amount bounds. A merchant the vault knows matches by name, whole (so "Uber" never
//! counts "Uber Eats"); a merchant only typed by the person matches as text in the merchant
//! or description, from the start of a word. "Any pending charges?" keeps pending
//! transactions only. A kind of spending ("gas", "my electric bill") replaces the category
//! its word also names: the transactions of that kind are kept ([`super::kinds`]), whatever
//! their category.

use super::cache::TxnView;
use crate::intent::slots::{SpendKinds, WeekPart};
use crate::intent::Slots;
use crate::model::{Category, TxnStatus};

/// The transaction filter of one question.
#[derive(Debug)]
pub struct Filter {
    category: Option<Category>,
    merchant: Option<(String, bool)>,
    exclude_categories: Vec<Category>,
    exclude_merchant: Option<(String, bool)>,
    /// Further vault merchants left out.
    exclude_also: Vec<String>,
    /// Bounds on the amount's magnitude, and whether each excludes its own value.
    min: Option<(i64, bool)>,
    max: Option<(i64, bool)>,
    pending_only: bool,
    kinds: SpendKinds,
    exclude_kinds: SpendKinds,
    /// Only the weekends or weekdays of the period, and the UTC offset (minutes) that dates
    /// a transaction locally.
    week: Option<(WeekPart, i32)>,
}

impl Filter {
    /// The filter of a question: its slots, with weekends and weekdays told apart in the
    /// person's own time zone.
    pub fn of_query(q: &super::answer::Query<'_>) -> Filter {
        let mut f = Filter::of(q.slots);
        f.week = q.slots.week_part.map(|p| (p, q.offset));
        // "did i get charged 17.99 last month", "any charge for 85.61": a search for that
        // amount, to the cent, in a list of transactions.
        // A whole amount ("the 131 dollar charge") is how people name a charge by its
        // dollars: any cents.
        if let Some(exact) = exact_search(q) {
            f.min = Some((exact, false));
            f.max = Some((exact + if exact % 100 == 0 { 99 } else { 0 }, false));
        }
        f
    }

    /// The filter the slots describe (a week part read at UTC: a question's own filter is
    /// [`Filter::of_query`]).
    pub fn of(slots: &Slots) -> Filter {
        Filter {
            category: slots.category,
            merchant: slots
                .merchant
                .as_deref()
                .map(|m| (m.to_lowercase(), slots.merchant_known)),
            exclude_categories: slots.exclude_categories.clone(),
            exclude_merchant: slots
                .exclude_merchant
                .as_deref()
                .map(|m| (m.to_lowercase(), slots.exclude_merchant_known)),
            exclude_also: slots.exclude_also.iter().map(|m| m.to_lowercase()).collect(),
            min: slots.min_amount_minor.map(|m| (m, slots.min_amount_strict)),
            max: slots.max_amount_minor.map(|m| (m, slots.max_amount_strict)),
            pending_only: slots.pending_only,
            kinds: slots.kinds,
            exclude_kinds: slots.exclude_kinds,
            week: slots.week_part.map(|p| (p, 0)),
        }
    }

    /// The lower-cased text the summary may pre-filter on (a superset of the matches).
    pub fn text(&self) -> Option<&str> {
        self.merchant.as_ref().map(|(m, _)| m.as_str())
    }

    /// Whether the question has any filter beyond the period and accounts.
    pub fn is_filtered(&self) -> bool {
        self.category.is_some()
            || self.merchant.is_some()
            || !self.exclude_categories.is_empty()
            || !self.exclude_kinds.is_empty()
            || self.exclude_merchant.is_some()
            || self.min.is_some()
            || self.max.is_some()
            || self.pending_only
            || !self.kinds.is_empty()
            || self.week.is_some()
    }

    /// When only a category, a vault merchant or both filter (nothing, or anything else, and
    /// the digest's payees cannot answer: `None`), which payees the question is about.
    pub fn payees(&self) -> Option<Payees<'_>> {
        let merchant = match &self.merchant {
            // A payee without a merchant is keyed by "": no name is matched as that.
            Some((m, true)) if !m.is_empty() => Some(m.as_str()),
            Some(_) => return None,
            None => None,
        };
        let only = self.exclude_categories.is_empty()
            && self.exclude_kinds.is_empty()
            && self.exclude_merchant.is_none()
            && self.exclude_also.is_empty()
            && self.min.is_none()
            && self.max.is_none()
            && !self.pending_only
            && self.kinds.is_empty()
            && self.week.is_none();
        only.then_some(Payees {
            category: self.category,
            merchant,
        })
    }

    fn merchant_is(t: &TxnView<'_>, name: &str, known: bool) -> bool {
        if known {
            t.merchant.is_some_and(|m| m.eq_ignore_ascii_case(name))
        } else {
            // From the start of a word, never inside one ("off" is not "COFFEE").
            let written = |text: &str| crate::intent::slots::merchant_written_in(text, name);
            t.merchant.is_some_and(written) || written(t.description)
        }
    }

    /// Whether a transaction is one the question is about.
    pub fn keep(&self, t: &TxnView<'_>) -> bool {
        let magnitude = t.amount.abs();
        let what = match self.kinds.is_empty() {
            true => self.category.is_none_or(|c| t.category == Some(c)),
            false => super::kinds::is_of(t, self.kinds),
        };
        what && self
                .merchant
                .as_ref()
                .is_none_or(|(m, known)| Self::merchant_is(t, m, *known))
            && t.category.is_none_or(|c| !self.exclude_categories.contains(&c))
            && (self.exclude_kinds.is_empty() || !super::kinds::is_of(t, self.exclude_kinds))
            // A vault merchant left out is matched as it is included (by its name: "excluding
            // amazon" keeps Amazon Prime, as "amazon spending" leaves it out).
            && self
                .exclude_merchant
                .as_ref()
                .is_none_or(|(m, known)| !Self::merchant_is(t, m, *known))
            && !self.exclude_also.iter().any(|m| Self::merchant_is(t, m, true))
            && self.min.is_none_or(|(m, strict)| magnitude > m || !strict && magnitude == m)
            && self.max.is_none_or(|(m, strict)| magnitude < m || !strict && magnitude == m)
            && (!self.pending_only || t.status == TxnStatus::Pending)
            && self.week.is_none_or(|(part, offset)| {
                part.keeps(crate::time::local_date(t.transacted_at, offset))
            })
    }
}

/// The amount a list of transactions is searched for: an amount named without a bound ("the
/// $40 charge", "charged 17.99") in a question asking for transactions. A spending question
/// naming an amount ("did i spend 500 on groceries") is not a search: its total is the answer.
pub(crate) fn exact_search(q: &super::answer::Query<'_>) -> Option<i64> {
    let s = q.slots;
    if q.intent != crate::intent::Intent::Transactions {
        return None;
    }
    // "charges of $17.99" reads as both bounds at that amount, inclusive: the same search.
    match (s.min_amount_minor, s.max_amount_minor) {
        (None, None) => s.exact_amount_minor,
        (Some(a), Some(b)) if a == b && !s.min_amount_strict && !s.max_amount_strict => Some(a),
        _ => None,
    }
    .filter(|m| *m > 0)
}

/// The payees (category and merchant name as stored) a question is about, when only its
/// category and vault merchant filter: see [`Filter::payees`].
#[derive(Clone, Copy, Debug)]
pub struct Payees<'a> {
    category: Option<Category>,
    /// Lower-cased.
    merchant: Option<&'a str>,
}

impl Payees<'_> {
    /// Whether the transactions of a payee are kept, as [`Filter::keep`] keeps each of them.
    pub fn keeps(&self, (category, name): &crate::vault::digest::PayeeKey) -> bool {
        self.category.is_none_or(|c| *category == Some(c))
            && self.merchant.is_none_or(|m| name.eq_ignore_ascii_case(m))
    }
}
