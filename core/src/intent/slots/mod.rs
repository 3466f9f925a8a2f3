//! Slot extraction: the account, period, category, merchant and amount bounds in a message.
//!
//! Rule-based and deterministic, because these values select the user's own data: "last
//! month" must always mean the same dates. The text is tokenised once ([`tokens`]) and each
//! slot has its own small module. Hostile input is cut to the first
//! [`crate::intent::features::MAX_TEXT_CHARS`] characters and never panics.

mod account;
mod amount;
mod exclude;
mod kind;
mod lexicon;
mod merchant;
pub(crate) mod nouns;
pub mod period;
mod status;
mod tokens;

pub use account::accounts_named;
pub use kind::{SpendKind, SpendKinds};
pub use merchant::key_of as merchant_key;
pub use merchant::normalise as merchant_words;
pub use merchant::written_in as merchant_written_in;
pub use period::{DateOrder, WeekPart};

use crate::model::{AccountKind, Category};
use crate::time::Date;
use std::fmt;

/// Which account a message refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountSelector {
    /// One account, by its [`SlotAccount::index`].
    Index(usize),
    /// Every account of a kind ("my savings" with several savings accounts).
    Kind(AccountKind),
    /// The message names an account ("card ending 9999") that matches none of the user's.
    NoMatch,
}

/// A half-open range of local dates, `start <= d < end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day included.
    pub start: Date,
    /// First day excluded.
    pub end: Date,
    /// Short human label ("last month", "March 2026").
    pub label: String,
}

/// One of the user's accounts as the extractor sees it.
#[derive(Clone, PartialEq, Eq)]
pub struct SlotAccount {
    /// The caller's index for this account (returned in [`AccountSelector::Index`]).
    pub index: usize,
    /// What kind of account it is.
    pub kind: AccountKind,
    /// Last four digits of the number, if known.
    pub last4: Option<String>,
    /// The user's own name for it ("bills pot").
    pub nickname: Option<String>,
    /// The institution's name for it ("Everyday Checking").
    pub display_name: String,
    /// The institution ("Chase").
    pub institution: String,
}

impl fmt::Debug for SlotAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlotAccount")
            .field("index", &self.index)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// What the extractor knows about the user.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SlotContext {
    /// The user's accounts.
    pub accounts: Vec<SlotAccount>,
    /// Merchant names seen in the user's transactions.
    pub merchants: Vec<String>,
    /// Their matching keys ([`merchant_key`]), same order; built by [`SlotContext::new`].
    merchant_keys: Vec<String>,
    /// Their normalised words, same order.
    merchant_parts: Vec<Vec<String>>,
    /// How the person writes numeric dates (from the profile's locale).
    pub date_order: DateOrder,
}

impl SlotContext {
    /// A context for these accounts and merchant names (their matching keys are built once).
    pub fn new(accounts: Vec<SlotAccount>, merchants: Vec<String>) -> Self {
        let merchant_keys = merchants.iter().map(|m| merchant::key_of(m)).collect();
        let merchant_parts = merchants.iter().map(|m| merchant::normalise(m)).collect();
        SlotContext {
            accounts,
            merchants,
            merchant_keys,
            merchant_parts,
            date_order: DateOrder::Unknown,
        }
    }

    /// The same context, reading numeric dates in this order.
    pub fn with_date_order(mut self, order: DateOrder) -> Self {
        self.date_order = order;
        self
    }
}

impl fmt::Debug for SlotContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlotContext")
            .field("accounts", &self.accounts)
            .field("merchants", &self.merchants.len())
            .finish()
    }
}

/// Slots found in a message; `None` where the message says nothing.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Slots {
    /// Which account.
    pub account: Option<AccountSelector>,
    /// Which dates.
    pub period: Option<Period>,
    /// Which spending category.
    pub category: Option<Category>,
    /// Which merchant (the context's spelling when it matched a known one).
    pub merchant: Option<String>,
    /// Smallest amount of interest, in minor units (cents); inclusive unless
    /// `min_amount_strict` ("over 500" is strict, "at least 500" and "500+" are not).
    pub min_amount_minor: Option<i64>,
    /// Largest amount of interest, in minor units (cents); inclusive unless
    /// `max_amount_strict` ("under 20" is strict, "at most 20" is not).
    pub max_amount_minor: Option<i64>,
    /// The lower bound excludes its amount.
    pub min_amount_strict: bool,
    /// The upper bound excludes its amount.
    pub max_amount_strict: bool,
    /// An amount named without a bound ("the $40 charge"), in minor units.
    pub exact_amount_minor: Option<i64>,
    /// The message holds a period-like phrase the grammar did not understand: no answer
    /// with a figure may be given for it ([`period::PeriodFind::Unclear`]).
    pub period_unclear: bool,
    /// A merchant to leave out ("excluding Amazon", "that aren't from Uber").
    pub exclude_merchant: Option<String>,
    /// Categories to leave out ("not counting rent", "except rent and groceries").
    pub exclude_categories: Vec<Category>,
    /// Whether the merchant left out is one of the vault's (then matched by its name, as an
    /// included one is).
    pub exclude_merchant_known: bool,
    /// Further vault merchants left out ("besides amazon and costco": Costco).
    pub exclude_also: Vec<String>,
    /// Whether the merchant is one of the vault's (not only the words the person wrote).
    pub merchant_known: bool,
    /// Whether the merchant is only words after "on", "for", "in" or "with", neither
    /// capitalised nor a known abbreviation ("on stuff for the house"): finding no charges
    /// there is a question ("which merchant or category?"), never a claim.
    pub merchant_unsure: bool,
    /// Only transactions the bank has not settled ("any pending charges?").
    pub pending_only: bool,
    /// Only money going out ("any charges over $500", "my purchases at Target"): a listing
    /// of those leaves out money coming in.
    pub charges_only: bool,
    /// Kinds of spending narrower than a category ("gas" is fuel, "my electric bill" the
    /// electricity company); empty when none is named. The category stays as the words
    /// give it, but answers count the kinds' transactions only.
    pub kinds: SpendKinds,
    /// Kinds to leave out ("besides gas": fuel, not all of Transport); an item left out that
    /// names a kind is not also a category left out.
    pub exclude_kinds: SpendKinds,
    /// Only the weekends or only the weekdays of the period ("weekends in october",
    /// "weekday spending last month").
    pub week_part: Option<WeekPart>,
}

impl fmt::Debug for Slots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Amounts and merchants are financial data: only say whether they are present.
        f.debug_struct("Slots")
            .field("account", &self.account)
            .field("period", &self.period)
            .field("category", &self.category)
            .field("merchant", &self.merchant.as_ref().map(|_| "<redacted>"))
            .field("min_amount", &self.min_amount_minor.map(|_| "<redacted>"))
            .field("max_amount", &self.max_amount_minor.map(|_| "<redacted>"))
            .field(
                "exact_amount",
                &self.exact_amount_minor.map(|_| "<redacted>"),
            )
            .field("period_unclear", &self.period_unclear)
            .field(
                "exclude_merchant",
                &self.exclude_merchant.as_ref().map(|_| "<redacted>"),
            )
            .field("exclude_categories", &self.exclude_categories)
            .field("pending_only", &self.pending_only)
            .field("charges_only", &self.charges_only)
            .field("kinds", &self.kinds)
            .field("exclude_kinds", &self.exclude_kinds)
            .field("week_part", &self.week_part)
            .finish()
    }
}

/// Whether the merchant's whole matching key is written in the tokens ("gift card mall"), not
/// only its first words ("gift cards").
fn written_whole(merchant: &str, toks: &[tokens::Token]) -> bool {
    let said: String = toks.iter().map(|t| t.lower.as_str()).collect::<Vec<_>>().join(" ");
    merchant::key_of(&said).contains(&merchant::key_of(merchant))
}

/// Extracts every slot from `text`, with `today` as the user's local date. Amounts are read
/// with two decimal places (cents).
pub fn extract_slots(text: &str, today: Date, ctx: &SlotContext) -> Slots {
    let toks = tokens::tokenize(text);
    let (found, week_part) = period::find_period_parts(&toks, today, ctx.date_order);
    let (period, period_unclear, rest) = match found {
        // The period's words are not a merchant ("on black friday", "in the third quarter"),
        // nor are "weekends" or "weekdays" narrowing it.
        period::PeriodFind::Found(p, at, used) => {
            let mut rest = toks.clone();
            rest.drain(at..(at + used).min(rest.len()));
            rest.retain(|t| week_part.is_none() || period::week_part_of(&t.lower).is_none());
            (Some(p), false, rest)
        }
        period::PeriodFind::Unclear => (None, true, toks.clone()),
        period::PeriodFind::None => (None, false, toks.clone()),
    };
    let parts = exclude::split(&rest);
    let amounts = amount::find_amounts(&parts.kept);
    let (merchant, merchant_known, merchant_unsure) =
        find_merchant(&parts.kept, ctx, period.is_some());
    // Each vault merchant left out ("besides amazon and costco"), else the whole phrase's
    // ("except marks and spencer").
    let known_in = |t: &[tokens::Token]| {
        merchant::known_merchant(t, &ctx.merchants, &ctx.merchant_keys, &ctx.merchant_parts)
    };
    let mut known: Vec<String> = Vec::new();
    for k in exclude::items(&parts.excluded).into_iter().filter_map(known_in) {
        if !known.contains(&k) {
            known.push(k);
        }
    }
    if known.is_empty() && !parts.excluded.is_empty() {
        known.extend(known_in(&parts.excluded));
    }
    let mut known = known.into_iter();
    let known_excluded = known.next();
    let also: Vec<String> = known.collect();
    let exclude_merchant_known = known_excluded.is_some();
    let exclude_merchant = known_excluded.or_else(|| match parts.excluded.is_empty() {
        true => None,
        false => merchant::leading_phrase(&parts.excluded),
    });
    let kinds = kind::find_kinds(&parts.kept);
    let exclude_kinds = kind::find_kinds(&parts.excluded);
    // "gift cards in august" names a kind, not the vault's "Gift Card Mall" by its first
    // words: a merchant matched only by part of its name yields to a kind the words name.
    let (merchant, merchant_known) = match (&merchant, kinds.is_empty()) {
        (Some(m), false) if merchant_known && !written_whole(m, &parts.kept) => (None, false),
        _ => (merchant, merchant_known),
    };
    // "how much on gasoline", "haircuts this year": a word that names a kind of spending or a
    // category is that, not also an unknown merchant (whose "no charges" would be a false
    // zero).
    // One word only: "santore restaurant" is a name.
    let names_a_kind = |m: &str| {
        let t = tokens::tokenize(m);
        t.len() == 1 && (!kind::find_kinds(&t).is_empty() || lexicon::find_category(&t).is_some())
    };
    // In a question of what was spent; "a direct debit with cabs" names a payee.
    let spend_question = toks.iter().any(|t| {
        matches!(t.lower.as_str(), "much" | "spend" | "spent" | "spending" | "total" | "about")
    });
    let (merchant, merchant_unsure) = match &merchant {
        Some(m) if !merchant_known && spend_question && names_a_kind(m) => (None, false),
        _ => (merchant, merchant_unsure),
    };
    // "how much have i spent at nike": to date, all of it.
    let has = |w: &str| toks.iter().any(|t| t.lower == w);
    let period = match period {
        None if !period_unclear && merchant.is_some() && has("have") && (has("spent") || has("paid")) => {
            period::all_time(today)
        }
        p => p,
    };
    // Without a period of its own ("how about just weekdays"), a follow-up narrows the
    // previous one; a question alone stays unclear.
    let week_part = match period {
        Some(_) => week_part,
        None if period_unclear => period::week_part_in(&toks),
        // "what do i spend on weekends usually": a habit, averaged over weekends.
        None => None,
    };
    Slots {
        account: account::find_account(&parts.kept, ctx),
        period,
        category: lexicon::find_category(&parts.kept)
            .or_else(|| kinds.iter().next().map(SpendKind::category)),
        merchant,
        min_amount_minor: amounts.min,
        max_amount_minor: amounts.max,
        min_amount_strict: amounts.min_strict,
        max_amount_strict: amounts.max_strict,
        exact_amount_minor: amounts.exact,
        period_unclear,
        exclude_merchant,
        exclude_merchant_known,
        exclude_also: also,
        exclude_categories: excluded_categories(&parts.excluded),
        merchant_known,
        merchant_unsure,
        pending_only: status::pending_only(&toks),
        charges_only: status::charges_only(&toks)
            || (amounts.min.is_some() || amounts.max.is_some()) && !status::names_transactions(&toks),
        kinds,
        exclude_kinds,
        week_part,
    }
}

/// The categories an excluded phrase names, one per item, in order, without repeats.
fn excluded_categories(excluded: &[tokens::Token]) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for c in exclude::items(excluded)
        .into_iter()
        .filter(|item| kind::find_kinds(item).is_empty())
        .filter_map(lexicon::find_category)
    {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The slots of the second side of a comparison of two ("amazon vs *zzyzx emporium last
/// month*"): as [`extract_slots`], and when that finds neither a merchant nor a category, the
/// phrase the side opens with, as written (a merchant the vault does not know).
pub fn extract_side_slots(text: &str, today: Date, ctx: &SlotContext) -> Slots {
    let mut slots = extract_slots(text, today, ctx);
    if slots.merchant.is_none() && slots.category.is_none() {
        let toks = tokens::tokenize(text);
        let rest = match period::find_period(&toks, today, ctx.date_order) {
            period::PeriodFind::Found(_, at, used) => {
                let mut rest = toks.clone();
                rest.drain(at..(at + used).min(rest.len()));
                rest
            }
            _ => toks,
        };
        slots.merchant = merchant::leading_phrase(&rest);
        slots.merchant_known = false;
        slots.merchant_unsure = false;
    }
    slots
}

/// The vault merchant named, else the phrase as written; whether it is the vault's; and
/// whether it may be no merchant at all ([`Slots::merchant_unsure`]).
fn find_merchant(
    toks: &[tokens::Token],
    ctx: &SlotContext,
    dated: bool,
) -> (Option<String>, bool, bool) {
    if let Some(m) = merchant::known_merchant(
        toks,
        &ctx.merchants,
        &ctx.merchant_keys,
        &ctx.merchant_parts,
    ) {
        return (Some(m), true, false);
    }
    match merchant::written_merchant_how(toks) {
        Some((m, sure)) => (Some(m), false, !sure),
        // A bare name, unless its words are a kind or category ("fast food last month").
        None => match merchant::bare_name(toks, dated) {
            Some(m) if kind::find_kinds(toks).is_empty() && lexicon::find_category(toks).is_none() => {
                (Some(m), false, false)
            }
            _ => (None, false, false),
        },
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod names_tests;
