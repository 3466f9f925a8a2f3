//! Claims about a purchase ("I didn't make this purchase at Best Buy", "the $89 charge was
//! me", "the 6.35 one wasnt me"): whether the person says it was theirs, and which open alert
//! it names. A claim binds only to an alert with a payment whose merchant, amount or day it
//! names, or, said as "that wasn't me", to the alert the person was just asked about; never
//! to whichever alert is open. A question about a charge ("was the kltra charge fraud?")
//! claims nothing.

use super::fraud_words::words;
use crate::alerts::AlertRecord;
use crate::intent::slots::merchant_key;
use crate::intent::{Intent, Prediction, Slots};
use crate::time::local_date;
use crate::words::Words;

/// A message that may be about a flagged purchase, with what the assistant knows around it.
pub(super) struct Said<'a> {
    /// The message.
    pub text: &'a str,
    /// What the intent model heard.
    pub prediction: &'a Prediction,
    /// Its slots.
    pub slots: &'a Slots,
    /// The alert the previous reply asked about.
    pub just_asked: Option<&'a str>,
    /// The merchant of the one charge the previous reply listed, held by no open alert.
    pub just_listed: Option<&'a str>,
}

impl Said<'_> {
    /// `Some(amount)` when the message names a merchant, an amount (with or without a
    /// currency sign) or a day; the amount in minor units when it names one.
    pub(super) fn named(&self) -> Option<Option<i64>> {
        let amount = self
            .slots
            .exact_amount_minor
            .or_else(|| bare_amount(self.text));
        let day = self.slots.period.is_some() && !self.slots.period_unclear;
        (self.names_a_merchant() || amount.is_some() || day).then_some(amount)
    }

    /// Whether the merchant slot is a name, not "them" or "it" ("i never ordered from them"
    /// points at the alert just asked about).
    pub(super) fn names_a_merchant(&self) -> bool {
        self.slots.merchant.as_deref().is_some_and(|m| !is_pronoun(m))
    }

    /// "what is this givehope thing": a question about what a name is, with no period,
    /// about the merchant of an open alert's payment ([`super::fraud_words`]).
    /// The caller then checks [`Said::names_an_open_alert`].
    pub(super) fn asks_what_it_is(&self) -> bool {
        self.slots.merchant.is_some()
            && self.slots.period.is_none()
            && super::fraud_words::asks_what_it_is(&normal(self.text))
    }

    /// Whether the merchant the message names has a payment in exactly one open alert.
    pub(super) fn names_an_open_alert(&self, open: &[AlertRecord], offset: i32) -> bool {
        matching(open, self.slots, None, offset).is_some()
    }

    /// The one open alert the message names ([`matching`]). A number without a currency
    /// sign may have been read as a day too ("the 12.15 one"): when nothing fits with that
    /// day, the amount alone decides.
    pub(super) fn alert<'o>(
        &self,
        open: &'o [AlertRecord],
        amount: Option<i64>,
        offset: i32,
    ) -> Option<&'o AlertRecord> {
        let bare = self.slots.exact_amount_minor.is_none() && amount.is_some();
        let named = Slots {
            merchant: self.slots.merchant.clone().filter(|_| self.names_a_merchant()),
            ..self.slots.clone()
        };
        let undated = Slots {
            period: None,
            ..named.clone()
        };
        // "the 1261 one": a whole number without a sign, its dollars.
        let whole = bare && amount.is_some_and(|v| v % 100 == 0);
        matching(open, &named, amount, offset)
            .or_else(|| {
                let dated = self.slots.period.is_some();
                (bare && dated)
                    .then(|| matching(open, &undated, amount, offset))
                    .flatten()
            })
            .or_else(|| {
                whole
                    .then(|| matching_by(open, &undated, amount, offset, true))
                    .flatten()
            })
    }
}

/// What a message about a purchase says outright: `Some(false)` for "wasn't me", "not
/// mine", "not legit"; `Some(true)` for "was me", "is mine", "the netflix one is legit".
fn says_outright(lower: &str) -> Option<bool> {
    if asks_to_look(lower) {
        return None;
    }
    let has = |p: &str| lower.contains(p);
    let denies = Words("didnt make|did not make|wasnt me|was not me|werent me|were not me|werent mine|arent mine|wasnt us|werent us|not mine|isnt mine|didnt buy|did not buy|dont recogni|do not recogni|never made|never bought|not me|not legit|isnt legit|wasnt legit|didnt authori|did not authori|never authori|fraudulent|unauthori")
    .iter()
    .any(&has);
    if denies || super::fraud_words::denies_dealings(lower) {
        return Some(false);
    }
    Words("was me|were me|were mine|i made|was mine|is mine|its mine|thats mine|i bought|i did make|i did buy|is legit|its legit|thats legit|was legit|is fine|its fine|thats fine|was fine|i authori|i recogni")
    .iter()
    .any(has)
    .then_some(true)
}

/// "can you check if there are any charges i didnt make", "are there charges i didnt
/// authorize", "show me anything that wasnt me": a request to look for such charges (the
/// open alerts answer it), which says nothing about any one of them. It opens with a
/// request or a question and looks for "any", "anything", "if" or "whether".
fn asks_to_look(lower: &str) -> bool {
    let w = words(lower);
    let opens = w.first().is_some_and(|f| {
        matches!(
            *f,
            "can" | "could" | "would" | "will" | "pls" | "please" | "check" | "are" | "is" | "was"
                | "were" | "any" | "anything" | "look" | "see" | "search" | "scan" | "find"
                | "show" | "list" | "did" | "do" | "have" | "has" | "tell"
        )
    });
    opens
        && w.iter()
            .any(|v| matches!(*v, "any" | "anything" | "if" | "whether" | "anythin"))
}

fn normal(text: &str) -> String {
    text.to_lowercase().replace(['\'', '\u{2019}'], "")
}

/// `Some(false)` for "not me", `Some(true)` for "it was me", `None` when the message makes
/// no claim about a purchase.
pub(super) fn polarity(text: &str, prediction: &Prediction) -> Option<bool> {
    let lower = normal(text);
    if asks_to_look(&lower) {
        return None;
    }
    let said = says_outright(&lower);
    if said == Some(false) {
        return said;
    }
    // "show me what i bought at target" asks; it claims nothing.
    let asks = lower.split_whitespace().next().is_some_and(|w| {
        matches!(
            w,
            "show"
                | "list"
                | "what"
                | "whats"
                | "how"
                | "which"
                | "when"
                | "where"
                | "did"
                | "can"
                | "could"
                | "give"
                | "tell"
                | "find"
                | "get"
                | "pull"
        )
    });
    // "last time i bought coffee" asks when, as "when did i last buy" does.
    let asks = asks || lower.contains("last time");
    if said == Some(true)
        && !asks
        && matches!(
            prediction.intent,
            Intent::ReportFraud | Intent::Transactions | Intent::Oos
        )
    {
        return Some(true);
    }
    let fraud_word = lower.contains("fraud") || lower.contains("scam");
    (prediction.intent == Intent::ReportFraud && fraud_word).then_some(false)
}

/// Whether the message says "this", "that" or "it" about a purchase, or is a short claim
/// ("not mine", "nope not me"): it points at the alert the person was just asked about.
/// `None` when it makes no outright claim.
pub(super) fn points_back(text: &str) -> Option<bool> {
    let lower = normal(text);
    let said = says_outright(&lower)?;
    (deictic(&lower) || words(&lower).len() <= 4).then_some(said)
}

/// Whether the message says "this", "that", "it" or "the one" (what was just shown).
pub(super) fn deictic(text: &str) -> bool {
    words(&normal(text)).iter().any(|w| {
        matches!(
            *w,
            "that" | "this" | "it" | "thats" | "its" | "these" | "those" | "one" | "them"
                | "they" | "there"
        )
    })
}

/// Words that may stand between "the" and "one" / "charge" without naming anything: what
/// was just shown ("that one"), an order ("the second one"), a judgement ("the weird
/// charges"), an amount ("the 6.35 one").
const NOT_A_NAME: Words = Words(
    "that|this|these|those|other|first|second|third|last|latest|newest|oldest|earlier|recent|previous\
     |big|bigger|biggest|small|smaller|smallest|tiny|large|huge|weird|strange|odd|same|double\
     |duplicate|new|old|online|fraud|fraudulent|suspicious|flagged|unknown|random|two|three|both|all\
     |a|an|my|most|more|few|couple|little",
);

/// Words of the account, not of a merchant: "the card one" names no alert.
const ACCOUNT_WORDS: Words = Words("card|credit|debit|visa|mastercard|checking");

/// Nouns that end a pointer ("the lagos one", "the gift card charges").
const POINTED: Words = Words(
    "one|ones|charge|charges|payment|payments|purchase|purchases|transaction|transactions|thing\
     |things|alert|alerts",
);

/// The name in a pointer at a flagged charge: "the lagos one wasnt me" → "lagos", "the gift
/// card charges werent me" → "gift card". A pointer whose words name nothing ("that one",
/// "the second one", "the 6.35 one") gives `None`. The caller binds the name to an alert
/// (its merchants, or the words of its payments' descriptions) and, finding none, must not
/// fall back to whichever alert was just asked about: the person named another.
pub(super) fn pointer_name(text: &str) -> Option<String> {
    let lower = normal(text);
    let w = words(&lower);
    let end = w.iter().position(|v| POINTED.contains(v))?;
    let start = w[..end].iter().rposition(|v| *v == "the")? + 1;
    let name: Vec<&str> = w[start..end]
        .iter()
        .copied()
        .filter(|v| !NOT_A_NAME.contains(v) && !v.bytes().any(|b| b.is_ascii_digit()))
        .collect();
    let only_account = name.iter().all(|v| ACCOUNT_WORDS.contains(v));
    (!only_account && name.len() <= 3).then(|| name.join(" "))
}

/// Whether `name` (lower-case words) occurs as whole words in `hay`, ignoring case and
/// punctuation: "lagos" in "RAZER GOLD*GIFTCARD LAGOS NG", "gift card" in "Gift Card Mall";
/// never inside a word ("off" is not in "COFFEE").
pub(super) fn names_words(hay: &str, name: &str) -> bool {
    let hay = hay.to_lowercase();
    let hw = words(&hay);
    let nw = words(name);
    !nw.is_empty() && hw.windows(nw.len()).any(|win| win == nw.as_slice())
}

/// The open alerts a pointer's name fits ([`pointer_name`]): a payment's merchant, or a
/// word of a payment's description as the bank wrote it (the place in "RAZER GOLD*GIFTCARD
/// LAGOS NG", which the person sees in their bank's app). Reads the alerts' transactions
/// from the vault: by id, and, for an alert none of whose ids the vault still holds (a
/// pending charge posts under a new id), the account's transactions of each payment's
/// amount within a day of it.
pub(super) fn alerts_named<'o>(
    vault: &crate::vault::Vault,
    open: &'o [AlertRecord],
    name: &str,
) -> crate::vault::Result<Vec<&'o AlertRecord>> {
    let mut found = Vec::new();
    for a in open {
        let by_merchant = a
            .payments()
            .iter()
            .any(|p| p.merchant.as_deref().is_some_and(|m| names_words(m, name)));
        if by_merchant || described(vault, a, name)? {
            found.push(a);
        }
    }
    Ok(found)
}

/// Whether a payment of the alert has `name` in its description ([`alerts_named`]).
fn described(
    vault: &crate::vault::Vault,
    a: &AlertRecord,
    name: &str,
) -> crate::vault::Result<bool> {
    let mut held = false;
    for id in &a.txn_ids {
        if let Some(t) = vault.find_transaction(&crate::model::TxnId(id.clone()))? {
            held = true;
            if names_words(&t.description, name) {
                return Ok(true);
            }
        }
    }
    if held {
        return Ok(false);
    }
    let account = crate::model::AccountId(a.account.clone());
    for p in a.payments() {
        let filter = crate::vault::TxnFilter {
            account: Some(account.clone()),
            from: Some(p.at - 86_400),
            until: Some(p.at + 86_400),
        };
        let txns = vault.transactions(&filter)?;
        if txns
            .iter()
            .any(|t| t.amount == p.amount_minor && names_words(&t.description, name))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the message asks about a flagged charge rather than answering for it ("was the
/// kltra store charge fraud?", "why did you flag netflix", "is the razer gold thing a
/// scam?"). A question never resolves an alert: the assistant explains the alert and asks.
pub(super) fn asks_about_alert(text: &str) -> bool {
    let lower = normal(text);
    if says_outright(&lower).is_some() {
        return false;
    }
    let words = words(&lower);
    // "got an alert about kltra store whats that about": the question may come last.
    let question = text.trim_end().ends_with('?')
        || words.first().is_some_and(|w| {
            matches!(
                *w,
                "was" | "is" | "were" | "are" | "did" | "why" | "what" | "whats" | "how"
                    | "could" | "can" | "should" | "do" | "does" | "which"
            )
        })
        || words.iter().any(|w| matches!(*w, "whats" | "explain"))
        || lower.contains("what is")
        || lower.contains("tell me about");
    // Fraud words only: "why did my netflix go up" is a spending question.
    let about_fraud = words.iter().any(|w| {
        Words("fraud|scam|flag|suspicious|legit|unauthori|hack|dodgy|alert")
            .iter()
            .any(|p| w.starts_with(p))
            || matches!(*w, "stolen" | "sketchy" | "shady")
    });
    question && about_fraud
}

/// An amount the message names without a currency sign, as people point at an alert ("the
/// 6.35 one", "the 2,061.22 charge", "the 600 one"): a number with cents, or a whole number
/// right before "one". Minor units; `None` when there is none or several.
pub(super) fn bare_amount(text: &str) -> Option<i64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut found = words.iter().enumerate().filter_map(|(i, w)| {
        let w = w
            .trim_start_matches('$')
            .trim_end_matches([',', '.', '?', '!', ';', ':']);
        let numeric = !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        let cents = w.rsplit_once('.').is_some_and(|(_, c)| c.len() == 2);
        let before_one = words.get(i + 1).is_some_and(|n| matches!(*n, "one" | "ones"));
        (numeric && (cents || before_one))
            .then(|| crate::money::parse_decimal(w, 2, false).ok())
            .flatten()
    });
    match (found.next(), found.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// The one open alert that fits everything the claim names: a merchant, an amount and a day
/// of one of its payments ("the best buy charge in august wasn't me" binds to an episode
/// whose third payment was at Best Buy), the amount being that payment's or the episode's
/// total, each only when the message names it. `None` when the message names none of them,
/// or when no alert or several fit: the assistant then asks instead of guessing.
pub(super) fn matching<'a>(
    open: &'a [AlertRecord],
    slots: &Slots,
    amount: Option<i64>,
    utc_offset_minutes: i32,
) -> Option<&'a AlertRecord> {
    matching_by(open, slots, amount, utc_offset_minutes, false)
}

/// [`matching`], where `dollars` lets a whole amount ("the 1261 one") stand for a payment
/// of that many dollars and some cents (1,261.22), or rounded to it (17.99 for "the 18
/// one"): people name a charge by its dollars. Still one alert or none.
fn matching_by<'a>(
    open: &'a [AlertRecord],
    slots: &Slots,
    amount: Option<i64>,
    utc_offset_minutes: i32,
    dollars: bool,
) -> Option<&'a AlertRecord> {
    let key = slots
        .merchant
        .as_deref()
        .map(merchant_key)
        .filter(|k| !k.is_empty());
    let period = slots.period.as_ref().filter(|_| !slots.period_unclear);
    if key.is_none() && amount.is_none() && period.is_none() {
        return None;
    }
    let fits = |a: &AlertRecord| {
        a.payments().iter().any(|p| {
            let by_merchant = key.as_ref().is_none_or(|k| {
                p.merchant.as_deref().is_some_and(|m| {
                    let mk = merchant_key(m);
                    mk == *k || mk.starts_with(k.as_str())
                })
            });
            let same = |x: i64| {
                let x = x.abs();
                amount.is_some_and(|v| {
                    x == v || dollars && (x / 100 == v / 100 || (x + 50) / 100 == v / 100)
                })
            };
            let by_amount = amount.is_none() || same(p.amount_minor) || same(a.amount_minor);
            let by_day = period.is_none_or(|per| {
                let day = local_date(p.at, utc_offset_minutes);
                per.start <= day && day < per.end
            });
            by_merchant && by_amount && by_day
        })
    };
    let mut hits = open.iter().filter(|a| fits(a));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The one open alert whose payments include every line just listed ("was there a $500
/// charge in august" found a payment of a flagged episode): "i didnt make that" next is about
/// it. A line matches a payment at the same moment and amount. `None` when a line is in no
/// alert, or the lines span several.
pub(super) fn alert_of_lines<'a>(
    open: &'a [AlertRecord],
    lines: &[super::answer::TxnLine],
) -> Option<&'a AlertRecord> {
    let holds = |a: &AlertRecord, l: &super::answer::TxnLine| {
        a.payments()
            .iter()
            .any(|p| p.at == l.at && p.amount_minor == l.amount)
    };
    let mut hits = open
        .iter()
        .filter(|a| !lines.is_empty() && lines.iter().all(|l| holds(a, l)));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The one open alert with a payment at the merchant an answer was about, in the answer's
/// period ("why did my netflix bill go up", "sweetgreen charged me twice in march"): a "that
/// was me" or "the second one isn't mine" next is about it. `None` when the answer named no
/// merchant (a pronoun is none), or no alert or several fit.
pub(super) fn alert_of_subject<'a>(
    open: &'a [AlertRecord],
    slots: &Slots,
    utc_offset_minutes: i32,
) -> Option<&'a AlertRecord> {
    let named = slots.merchant.as_deref().is_some_and(|m| !is_pronoun(m));
    named
        .then(|| matching(open, slots, None, utc_offset_minutes))
        .flatten()
}

fn is_pronoun(m: &str) -> bool {
    matches!(
        m.to_lowercase().as_str(),
        "them" | "they" | "it" | "that" | "this" | "there" | "those" | "these" | "him" | "her"
            | "that one" | "this one"
    )
}

/// Which alert a bare answer ("no", "that wasn't me", "yep thats mine") is about.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// This alert.
    One(String),
    /// Several are open and none was just asked about: ask which.
    Which,
    /// No alert is waiting for an answer.
    Nothing,
}

/// The alert the previous reply asked about, while it is open; else the only open alert
/// when one was raised in the chat; else, with several open, a question.
pub(super) fn bare_target(
    open: &[AlertRecord],
    just_asked: Option<&str>,
    awaiting: Option<&str>,
) -> Target {
    if let Some(id) = just_asked.filter(|id| open.iter().any(|a| a.id == *id)) {
        return Target::One(id.to_string());
    }
    match open {
        [] => Target::Nothing,
        [one] if awaiting.is_some() => Target::One(one.id.clone()),
        [_] => Target::Nothing,
        _ => Target::Which,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(intent: Intent) -> Prediction {
        Prediction {
            intent,
            confidence: 0.9,
        }
    }

    #[test]
    fn a_question_about_purchases_claims_nothing() {
        let t = p(Intent::Transactions);
        assert_eq!(
            polarity("show me what i bought at target last month", &t),
            None
        );
        assert_eq!(polarity("what did i buy at target", &t), None);
        assert_eq!(polarity("yes i bought that at target", &t), Some(true));
        assert_eq!(polarity("last time i bought starbucks", &t), None);
        assert_eq!(
            polarity(
                "i didnt make this purchase at best buy",
                &p(Intent::ReportFraud)
            ),
            Some(false)
        );
    }

    #[test]
    fn a_question_about_a_charge_is_no_claim() {
        for t in [
            "was the kltra store charge fraud?",
            "why did u flag netflix",
            "is the razer gold thing a scam?",
            "is the netflix one legit?",
            "was that fraud",
        ] {
            assert!(asks_about_alert(t), "{t}");
        }
        assert!(!asks_about_alert("why did my netflix go up?"));
        assert!(asks_about_alert("got an alert about kltra store whats that about"));
        assert!(!asks_about_alert("got an alert about kltra store, it wasnt me"));
        for t in [
            "the kltra store charge was fraud",
            "kltra wasnt me",
            "was the kltra charge not me? it wasnt me",
            "how much did i spend at netflix",
            "the netflix one is legit",
        ] {
            assert!(!asks_about_alert(t), "{t}");
        }
        // The question mark makes no claim either way.
        assert_eq!(says_outright(&normal("is the netflix one legit?")), None);
    }

    #[test]
    fn the_one_forms_and_ownership_words_are_claims() {
        let oos = p(Intent::Oos);
        assert_eq!(polarity("the netflix one is legit", &oos), Some(true));
        assert_eq!(polarity("the netflix one is mine", &oos), Some(true));
        assert_eq!(polarity("yep thats mine", &oos), Some(true));
        assert_eq!(polarity("the 7.13 one wasnt me", &oos), Some(false));
        assert_eq!(polarity("that's not legit", &oos), Some(false));
        assert_eq!(polarity("i didnt authorize that", &oos), Some(false));
    }

    #[test]
    fn pointing_back_needs_this_or_that_or_a_short_claim() {
        assert_eq!(points_back("i didnt buy that"), Some(false));
        assert_eq!(points_back("yep thats mine"), Some(true));
        assert_eq!(points_back("nope not me"), Some(false));
        assert_eq!(
            points_back("i never bought anything from best buy in my whole life"),
            None
        );
        assert_eq!(points_back("how much at best buy"), None);
    }

    #[test]
    fn pointers_name_a_place_or_a_merchant_or_nothing() {
        assert_eq!(pointer_name("the lagos one wasnt me").as_deref(), Some("lagos"));
        assert_eq!(
            pointer_name("the gift card ones werent me").as_deref(),
            Some("gift card")
        );
        assert_eq!(
            pointer_name("The LAGOS charges definitely weren't me").as_deref(),
            Some("lagos")
        );
        for t in [
            "that one wasnt me",
            "the second one wasnt me",
            "the 6.35 one wasnt me",
            "the weird charges werent me",
            "the credit card one wasnt me",
            "not me",
            "i never shopped there",
        ] {
            assert_eq!(pointer_name(t), None, "{t}");
        }
    }

    #[test]
    fn names_are_whole_words() {
        assert!(names_words("RAZER GOLD*GIFTCARD LAGOS NG", "lagos"));
        assert!(names_words("Gift Card Mall", "gift card"));
        assert!(!names_words("BLUE BOTTLE COFFEE", "off"));
        assert!(!names_words("RAZER GOLD*GIFTCARD", "gift card"));
        assert!(!names_words("anything", ""));
    }

    #[test]
    fn plural_claims() {
        let oos = p(Intent::Oos);
        assert_eq!(polarity("the kltra charges werent me", &oos), Some(false));
        assert_eq!(polarity("those were not me", &oos), Some(false));
        assert_eq!(polarity("yes those were mine", &oos), Some(true));
    }

    #[test]
    fn amounts_without_a_currency_sign() {
        assert_eq!(bare_amount("the 6.35 one wasnt me"), Some(635));
        assert_eq!(bare_amount("the 2,061.22 charge wasnt me"), Some(206_122));
        assert_eq!(bare_amount("the 600 one was me"), Some(60_000));
        assert_eq!(bare_amount("the $7.13 one?"), Some(713));
        // A whole number not said as "the N one", a day, or two amounts: none.
        assert_eq!(bare_amount("the charge on the 15th wasnt me"), None);
        assert_eq!(bare_amount("i spent 600 there"), None);
        assert_eq!(bare_amount("the 6.35 and the 7.13 ones"), None);
    }

    fn record(id: &str, payments: &[(&str, i64, i64)]) -> AlertRecord {
        let (m, amount, at) = payments[0];
        let mut a = AlertRecord {
            id: id.into(),
            account: "acct".into(),
            txn_ids: vec!["t0".into()],
            reasons: Vec::new(),
            explanations: Vec::new(),
            score: 0.9,
            created: at,
            merchant: Some(m.into()),
            amount_minor: amount,
            currency: "USD".into(),
            first_txn_at: at,
            status: crate::alerts::AlertStatus::Open,
            episode: 1,
            payments: Vec::new(),
        };
        for (i, (m, amount, at)) in payments.iter().enumerate().skip(1) {
            a.add_payment(
                &format!("t{i}"),
                crate::alerts::AlertPayment {
                    merchant: Some(m.to_string()),
                    amount_minor: *amount,
                    at: *at,
                },
            );
        }
        a
    }

    const AUG8: i64 = 1_786_190_400;
    const MAY23: i64 = AUG8 - 77 * 86_400;

    fn open() -> Vec<AlertRecord> {
        vec![
            record("kltra", &[("Kltra Store", -635, MAY23)]),
            record(
                "razer",
                &[
                    ("Razer Gold", -10_000, AUG8),
                    ("Gift Card Mall", -20_000, AUG8 + 600),
                    ("Best Buy", -126_122, AUG8 + 1_200),
                    ("Razer Gold", -50_000, AUG8 + 1_800),
                ],
            ),
        ]
    }

    fn named(merchant: Option<&str>, period: Option<(crate::time::Date, crate::time::Date)>) -> Slots {
        Slots {
            merchant: merchant.map(str::to_string),
            period: period.map(|(start, end)| crate::intent::slots::Period {
                start,
                end,
                label: String::new(),
            }),
            ..Slots::default()
        }
    }

    #[test]
    fn any_payment_of_an_episode_binds() {
        let open = open();
        let id = |s: &Slots, amount: Option<i64>| matching(&open, s, amount, 0).map(|a| a.id.as_str());
        assert_eq!(id(&named(Some("Best Buy"), None), None), Some("razer"));
        assert_eq!(id(&named(Some("gift card mall"), None), None), Some("razer"));
        assert_eq!(id(&named(None, None), Some(126_122)), Some("razer"));
        assert_eq!(id(&named(None, None), Some(206_122)), Some("razer"));
        assert_eq!(id(&named(None, None), Some(635)), Some("kltra"));
        let august = crate::time::Date::new(2026, 8, 1).zip(crate::time::Date::new(2026, 9, 1));
        let march = crate::time::Date::new(2026, 3, 1).zip(crate::time::Date::new(2026, 4, 1));
        assert_eq!(id(&named(Some("Best Buy"), august), None), Some("razer"));
        // The merchant's payment is not on the day named: no alert.
        assert_eq!(id(&named(Some("Best Buy"), march), None), None);
        // An amount of another merchant's payment: no alert.
        assert_eq!(id(&named(Some("Best Buy"), None), Some(10_000)), None);
        assert_eq!(id(&named(Some("Sweetgreen"), None), None), None);
        assert_eq!(id(&named(None, None), None), None);
    }

    #[test]
    fn a_request_to_look_for_charges_one_did_not_make_claims_nothing() {
        let t = p(Intent::ReportFraud);
        for q in [
            "can you check if there are any charges i didnt make",
            "Could you please check whether there are any charges on my account that I did not make?",
            "are there any charges i didnt authorize",
            "any charges that werent me this month?",
            "check for anything i didnt buy",
            "can you check for any fraudulent charges",
        ] {
            assert_eq!(polarity(q, &t), None, "{q}");
            assert_eq!(points_back(q), None, "{q}");
        }
        // Claims, even when they ask something too.
        assert_eq!(polarity("i didnt make any of these", &t), Some(false));
        assert_eq!(polarity("can you block it, i didnt make that charge", &t), Some(false));
        assert_eq!(points_back("that wasnt me"), Some(false));
    }

    #[test]
    fn an_answer_about_an_alerted_merchant_is_asked_about() {
        let open = open();
        let id = |s: &Slots| alert_of_subject(&open, s, 0).map(|a| a.id.as_str());
        assert_eq!(id(&named(Some("Kltra Store"), None)), Some("kltra"));
        let august = crate::time::Date::new(2026, 8, 1).zip(crate::time::Date::new(2026, 9, 1));
        let march = crate::time::Date::new(2026, 3, 1).zip(crate::time::Date::new(2026, 4, 1));
        assert_eq!(id(&named(Some("best buy"), august)), Some("razer"));
        // Another period, another merchant, a pronoun or no merchant: none.
        assert_eq!(id(&named(Some("best buy"), march)), None);
        assert_eq!(id(&named(Some("Sweetgreen"), None)), None);
        assert_eq!(id(&named(Some("them"), None)), None);
        assert_eq!(id(&named(None, august)), None);
    }

    #[test]
    fn a_bare_answer_goes_to_the_alert_just_asked_about() {
        let open = open();
        assert_eq!(
            bare_target(&open, Some("kltra"), None),
            Target::One("kltra".into())
        );
        // Answered or unknown: several open, so ask.
        assert_eq!(bare_target(&open, Some("gone"), Some("razer")), Target::Which);
        assert_eq!(bare_target(&open, None, Some("razer")), Target::Which);
        assert_eq!(
            bare_target(&open[..1], None, Some("kltra")),
            Target::One("kltra".into())
        );
        assert_eq!(bare_target(&open[..1], None, None), Target::Nothing);
        assert_eq!(bare_target(&[], Some("kltra"), Some("kltra")), Target::Nothing);
    }
}
