//! Out-of-scope messages that the routing rules would otherwise turn into a spending
//! question: the model heard them as out of scope, and their words ask for something the
//! person's bank records do not hold ("book a hotel from may 2 to may 4", "how much gas do i
//! have left", "how is my name saved", "how much do i make", "how do i set up direct
//! deposit"). Each test reads meaning (a request, a quantity that is not money, pay spoken
//! of as a job's, not as money that came in), and any money or bank word keeps the rules'
//! reading ("how much did i spend on hotels in may").

use super::income::Inflow;
use super::shape::Shape;
use crate::intent::Slots;

/// Word stems that speak of money or of the bank's records.
const MONEY: &[&str] = &[
    "spen", "spent", "cost", "paid", "pay", "money", "cash", "dollar", "buck", "price", "charg",
    "purchas", "transaction", "txn", "bought", "buy", "bill", "fee", "subscri", "refund",
    "budget", "expens", "total", "owe", "balance", "debit", "credit", "withdr", "transfer",
    "account", "acct", "checking", "saving", "card", "fraud", "suspicious", "stolen", "alert",
    "merchant", "income", "salary", "deposit", "earn", "wage",
];

/// Verbs that ask for something to be done in the world, not about records.
const REQUESTS: &[&str] = &[
    "book", "reserve", "add", "schedule", "increase", "decrease", "confirm",
    "remind", "setup", "link",
];

/// Requests that no money word turns into a question about records ("remind me to pay the
/// water bill", "book a hotel for under 200", "convert 100 dollars to euros").
const STRONG_REQUESTS: &[&str] = &[
    "remind", "book", "booked", "booking", "reserve", "reserved", "schedule", "conversion",
    "convert", "exchange",
];

/// Things no transaction records, asked about without any money word.
const NOT_RECORDS: &[&str] = &[
    "vacation", "pto", "name", "volume", "speaker", "bus", "train", "weather", "mileage",
    "calendar", "appointment", "reservation", "arrive", "arrival", "land", "board", "boarding",
    "referendum", "vote",
];

/// Whether a message the model heard as out of scope asks for something beyond the person's
/// bank records, so that no rule should make it a spending question.
pub(super) fn beyond_records(w: &[String], slots: &Slots, shape: &Shape) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    // "order a gift card from costco", "buy me a ticket": an errand, whatever it costs.
    let errand = w
        .iter()
        .find(|v| !matches!(v.as_str(), "can" | "could" | "would" | "you" | "u" | "please" | "pls" | "i" | "want" | "to"))
        .is_some_and(|v| matches!(v.as_str(), "order" | "buy"));
    if (errand || STRONG_REQUESTS.iter().any(|x| has(x))) && !slots.merchant_known {
        return true;
    }
    if converts_currency(w) {
        return true;
    }
    let money = w.iter().any(|v| MONEY.iter().any(|m| v.starts_with(m)))
        || slots.merchant_known
        || slots.exact_amount_minor.is_some()
        // "how much on dining after my vacation": a time in the person's life, asked about.
        || slots.period_unclear && has("much");
    if matches!(shape, Shape::MoneyIn(_) | Shape::Everyday(_)) && money {
        return how_to(w) || matches!(shape, Shape::MoneyIn(Inflow::Income)) && pay_as_a_job(w, slots);
    }
    if money {
        return false;
    }
    // "rent a car", "rent a ride": the verb; "rent last month" is the category.
    let rents = w.windows(2).any(|p| p[0] == "rent" && matches!(p[1].as_str(), "a" | "an"));
    let request = REQUESTS.iter().any(|r| has(r))
        || rents
        || w.windows(2).any(|p| p[0] == "set" && p[1] == "up")
        || seeks_a_thing(w) && !asks_when_it_was(w);
    // "how much have i saved" is money put by; "how much gas do i have" is not.
    let saved = matches!(shape, Shape::Everyday(super::everyday::Ask::Saved));
    let quantity = !saved
        && w.windows(2).any(|p| p[0] == "how" && matches!(p[1].as_str(), "much" | "many"))
        && ["have", "need", "take", "left", "used"].iter().any(|x| has(x));
    request || quantity || NOT_RECORDS.iter().any(|x| has(x))
}

/// "i need a car rental", "find me a flight", "looking for a 2-way flight": asking to be
/// found or given a thing (with no money word, never a record).
fn seeks_a_thing(w: &[String]) -> bool {
    let seek = |v: &str| {
        matches!(
            v,
            "find" | "get" | "need" | "want" | "look" | "looking" | "searching" | "seeking" | "procure"
        )
    };
    w.windows(3).any(|p| {
        seek(&p[0]) && (matches!(p[1].as_str(), "a" | "an" | "me") || p[1] == "for" && p[2] == "a")
    })
}

/// "when did i last get a haircut", "the last time i got a car wash": when something was
/// bought, which the records hold, not a request to be given it.
fn asks_when_it_was(w: &[String]) -> bool {
    w.iter()
        .any(|v| matches!(v.as_str(), "did" | "last" | "ago" | "was" | "got" | "were"))
}

/// "what can i get for 10 usd in cad", "100 dollars to euros": a conversion between
/// currencies, not money spent (a spending or charge word keeps the question).
fn converts_currency(w: &[String]) -> bool {
    let currency = w.iter().any(|v| {
        matches!(
            v.as_str(),
            "usd" | "cad" | "eur" | "euro" | "euros" | "peso" | "pesos" | "yen" | "rupee" | "rupees"
                | "yuan" | "currency" | "currencies"
        )
    });
    let spent = w.iter().any(|v| {
        ["spen", "charg", "purchas", "paid", "bought", "transaction", "fee"]
            .iter()
            .any(|m| v.starts_with(m))
    });
    currency && !spent
}

/// "how do i set up direct deposit", "what info do i need to direct deposit my paycheck":
/// how to arrange something, which no record answers.
fn how_to(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let arranging = has("setup")
        || has("link")
        || has("linking")
        || w.windows(2).any(|p| p[0] == "set" && p[1] == "up")
        || has("info")
        || has("information")
        || has("learn");
    let asks_how = w.windows(2).any(|p| p[0] == "how" && matches!(p[1].as_str(), "do" | "can" | "to"));
    arranging || asks_how && !has("much") && !has("many") && !has("often")
}

/// "how much do i make", "what's my salary", "my income tax": pay spoken of as the job's
/// (no period, no past tense, no deposit), or taxes on it, which the records do not hold.
fn pay_as_a_job(w: &[String], slots: &Slots) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let tax = w.iter().any(|v| v.starts_with("tax"));
    let past = ["did", "was", "were", "got", "came", "received", "last", "deposited"]
        .iter()
        .any(|x| has(x));
    let dated = slots.period.is_some() || slots.period_unclear;
    // "when do i usually get paid", "how often": the pattern of deposits, which records hold.
    let timing = ["when", "often", "usually", "next", "day", "date"].iter().any(|x| has(x));
    // "whats my paycheck": a paycheck is a deposit the records hold, not the job's pay.
    let deposit = w.iter().any(|v| {
        ["paycheck", "paycheque", "payroll", "deposit"]
            .iter()
            .any(|d| v.starts_with(d))
    });
    tax || !past && !dated && !timing && !deposit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::{extract_slots, SlotContext};
    use crate::time::Date;

    fn beyond(text: &str) -> bool {
        let today = Date::new(2026, 6, 15).unwrap();
        let slots = extract_slots(text, today, &SlotContext::default());
        let shape = super::super::shape::shape_of(text, today);
        beyond_records(&super::super::shape::words(text), &slots, &shape)
    }

    #[test]
    fn requests_and_quantities_that_are_not_money() {
        for t in [
            "book a motel in uptown from march 3 to march 4",
            "can i rent a car from the airport from the 1st to the 8th",
            "how much gas do i have left",
            "how many vacation days have i used",
            "how is my name saved",
            "increase the speaker volume please",
            "when is my flight going to board",
            "add a doctor's appointment to my calendar for friday",
            "i need a car rental this week",
            "find me a flight from philly to atl for june 5th to 8th",
            "remind me to pay the water bill on friday",
            "whats the conversion rate of 100 dollars to euros",
            "order a gift card in the amount of fifty dollars",
            "how do i get to the grocery store by bus",
            "what can i get for 10 usd in cad",
        ] {
            assert!(beyond(t), "{t}");
        }
    }

    #[test]
    fn pay_as_a_job_and_how_tos() {
        for t in [
            "how much money do i make at my job",
            "what's my yearly income",
            "how do i set up direct deposit for my account",
            "what's my income tax",
        ] {
            assert!(beyond(t), "{t}");
        }
    }

    /// Money words, a period or a past tense keep the rules' reading.
    #[test]
    fn leaves_money_questions_alone() {
        for t in [
            "how much did i spend on hotels in may",
            "groceries last month",
            "rent last month",
            "flights this year",
            "what was my income last year",
            "how much did i get paid last month",
            "when did my last paycheck come in",
            "top 5 merchants this year",
            "any fraud alerts",
            "how much have i saved this year",
            "when do i usually get paid",
            "find the 23.47 charge",
            "i need a list of my uber charges",
            "what did i order from amazon last month",
            "top stores last month",
            "how much on dining after my vacation",
            "how much did i spend in euros on my trip",
            "when did i last get a haircut",
            "whats my paycheck",
        ] {
            assert!(!beyond(t), "{t}");
        }
    }
}
