//! Out-of-scope messages that the routing rules would otherwise turn into a spending
//! question: the model heard them as out of scope, and their words ask for something the
//! person's bank records do not hold ("book a hotel from may 2 to may 4", "how much gas do i
//! have left", "how is my name saved", "how much do i make", "how do i set up direct
//! deposit"). Each test reads meaning (a request, a quantity that is not money, pay spoken
//! of as a job's, not as money that came in), and any money or bank word keeps the rules'
//! reading ("how much did i spend on hotels in may").

use crate::words::Words;
use super::income::Inflow;
use super::shape::Shape;
use crate::intent::{Intent, Slots};

/// Word stems that speak of money or of the bank's records.
const MONEY: Words = Words(
    "spen|spent|cost|paid|pay|money|cash|dollar|buck|price|charg|purchas|transaction|txn\
    |bought|buy|bill|fee|subscri|refund|budget|expens|total|owe|balance|debit|credit\
    |withdr|transfer|account|acct|checking|saving|card|fraud|suspicious|stolen|alert\
    |merchant|income|salary|deposit|earn|wage",
);

/// Word stems of the person's own records (what happened to their money), narrower than
/// [`MONEY`]: a price ("dollars", "cost") or money in general is no record.
const RECORDS: Words = Words(
    "spen|spent|paid|pay|charg|purchas|transaction|txn|bought|refund|balance|debit|withdr\
    |transfer|deposit|bill|fee|subscri|owe|income|salary|alert|fraud|suspicious|account\
    |acct|card|merchant|expens|budget|total|store|shop|restaurant|vendor",
);

/// Words by which a person speaks of their own money.
const FIRST_PERSON: Words = Words(
    "i|im|ive|id|ill|me|my|mine|myself|we|us|our|ours",
);

/// Verbs that ask for something to be done in the world, not about records.
const REQUESTS: &[&str] = &[
    "book", "reserve", "add", "schedule", "increase", "decrease", "confirm",
    "remind", "setup", "link",
];

/// Requests that no money word turns into a question about records ("remind me to pay the
/// water bill", "book a hotel for under 200", "convert 100 dollars to euros").
const STRONG_REQUESTS: Words = Words(
    "remind|book|booked|booking|reserve|reserved|schedule|conversion|convert|exchange",
);

/// Things no transaction records, asked about without any money word.
const NOT_RECORDS: Words = Words(
    "vacation|pto|name|volume|speaker|bus|train|weather|mileage|calendar|appointment\
    |reservation|arrive|arrival|land|board|boarding|referendum|vote",
);

/// Whether a message the model heard as out of scope asks for something beyond the person's
/// bank records, so that no rule should make it a spending question.
pub(super) fn beyond_records(w: &[String], slots: &Slots, shape: &Shape) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    // "order a gift card from costco", "buy me a ticket": an errand, whatever it costs.
    let errand = w
        .iter()
        .find(|v| !matches!(v.as_str(), "can" | "could" | "would" | "you" | "u" | "please" | "pls" | "i" | "want" | "to"))
        .is_some_and(|v| matches!(v.as_str(), "order" | "buy"));
    let fetch = asks_to_be_given(w) && !w.iter().any(|v| RECORDS.iter().any(|r| v.starts_with(r)));
    if (errand || fetch || STRONG_REQUESTS.iter().any(&has)) && !slots.merchant_known {
        return true;
    }
    if converts_currency(w)
        || general_question(w, slots)
        || offers(w)
        || would_be(w, slots)
        || world_ranking(w, slots, shape)
    {
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
        // "how do i top up my account with cash": how to do something, which no record shows.
        return asks_how_to_act(w);
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
        && Words("have|need|take|left|used").iter().any(&has);
    request || quantity || NOT_RECORDS.iter().any(has)
}

/// "what are popular mountains to hike in arizona", "what is the cheapest electric guitar",
/// "what's a good savings rate in general": a question about the world in the present tense,
/// with no first person and no record word, so not about anyone's records. "top stores last
/// month" (no verb) and "how much is rent" (someone's own bill) keep the rules' reading.
fn general_question(w: &[String], slots: &Slots) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let mine = w.iter().any(|v| FIRST_PERSON.contains(v.as_str()));
    let record = w.iter().any(|v| RECORDS.iter().any(|r| v.starts_with(r)));
    let present = Words("is|are|whats|whos|wheres|hows|does|isnt")
        .iter()
        .any(&has);
    let past = Words("was|were|did|had|last|ago").iter().any(&has);
    // "how much is netflix": a price the person may pay; "how much does a latte cost" is not.
    let amount_of_a_thing = !has("much") || has("a") || has("an");
    // "how does september compare to august": a span of the records named (a day, "today's
    // high and low", is no span).
    let span = slots.period.as_ref().is_some_and(|p| p.end.days() - p.start.days() > 1);
    w.len() >= 4
        && !mine
        && !record
        && present
        && !past
        && amount_of_a_thing
        && !span
        && !slots.merchant_known
        && slots.exact_amount_minor.is_none()
}

/// "top five movies of the year", "best songs of all time": a ranking of the world's things
/// ("of the year", "of all time", "ever") with no first person, money or record word, even
/// when a word starts a merchant's name ("best selling books": Best Buy). "top 5 merchants of
/// the year" and "my top movies of the year" rank the person's spending.
fn world_ranking(w: &[String], slots: &Slots, shape: &Shape) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let world = has("ever") || w.windows(2).any(|p| p[0] == "of" && matches!(p[1].as_str(), "the" | "all"));
    let theirs = w.iter().any(|v| {
        FIRST_PERSON.contains(v.as_str()) || MONEY.iter().any(|m| v.starts_with(m))
    });
    (matches!(shape, Shape::Rank(..) | Shape::Least(_)) || has("top") || has("best"))
        && world
        && !theirs
        && slots.exact_amount_minor.is_none()
}

/// "Open a savings account today and earn 5.00% APY", "Switch banks and get a $300 bonus":
/// an offer addressed to anyone (marketing copy), with no first person.
pub(super) fn offers(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let verb = Words("earn|get|open|switch|join|apply|enjoy")
        .iter()
        .any(&has);
    let offer = Words("apy|bonus|fdic|unlimited|promo|offer|introductory")
        .iter()
        .any(has);
    verb && offer && !w.iter().any(|v| FIRST_PERSON.contains(v.as_str()))
}

/// "how much country of canada money would i get for $100", "how much would a trip to paris
/// cost": what would be, with no record word; the records hold only what was.
fn would_be(w: &[String], slots: &Slots) -> bool {
    w.iter().any(|v| v == "would" || v == "wouldnt")
        && !w.iter().any(|v| RECORDS.iter().any(|r| v.starts_with(r)))
        // "how much would i save a year without hulu": what is paid to a payee, asked.
        && slots.merchant.is_none()
        && slots.exclude_merchant.is_none()
        && slots.category.is_none()
}

/// "how do i top up my account with cash", "how can i add money to savings": how to act,
/// not what happened ("how do i see my spending" asks for the records).
fn asks_how_to_act(w: &[String]) -> bool {
    let see = ["see", "view", "check", "find", "look", "know", "tell", "get", "show"];
    let sums = ["much", "many", "often", "spend", "spent", "spending"];
    let verb = w.windows(4).find_map(|p| {
        (p[0] == "how" && matches!(p[1].as_str(), "do" | "can" | "should" | "to"))
            .then(|| if p[1] == "to" { &p[2] } else { &p[3] })
    });
    verb.is_some_and(|v| !see.contains(&v.as_str()))
        && !w.iter().any(|v| sums.contains(&v.as_str()))
}

/// "can you find me a flight … for under 700 dollars", "get me a table", "do you have a car
/// rental": asking the assistant to be given a thing, whatever it costs.
fn asks_to_be_given(w: &[String]) -> bool {
    let fetch = w.windows(3).any(|p| {
        matches!(p[0].as_str(), "find" | "get" | "book" | "show")
            && p[1] == "me"
            && matches!(p[2].as_str(), "a" | "an" | "some")
    });
    let offered = w.windows(4).any(|p| {
        p[0] == "do" && p[1] == "you" && p[2] == "have" && matches!(p[3].as_str(), "a" | "an" | "any")
    });
    fetch || offered
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
        Words("spen|charg|purchas|paid|bought|transaction|fee")
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
    let past = Words("did|was|were|got|came|received|last|deposited")
        .iter()
        .any(&has);
    // "how much do i make in a year", "an hour": a rate of pay, not a period of the records.
    let rate = w.windows(2).any(|p| {
        matches!(p[0].as_str(), "a" | "an" | "per" | "every" | "each")
            && matches!(p[1].as_str(), "hour" | "day" | "week" | "month" | "year")
    });
    let dated = (slots.period.is_some() || slots.period_unclear) && !rate;
    // "when do i usually get paid", "how often": the pattern of deposits, which records hold.
    let timing = Words("when|often|usually|next|day|date").iter().any(has);
    // "whats my paycheck": a paycheck is a deposit the records hold, not the job's pay.
    let deposit = w.iter().any(|v| {
        Words("paycheck|paycheque|payroll|deposit")
            .iter()
            .any(|d| v.starts_with(d))
    });
    tax || !past && !dated && !timing && !deposit
}

/// The intent acted on once the routing rules have spoken (`routed`), where the words say
/// whose money or which kind of question it is, whatever intent a rule or the model chose:
/// an offer to anyone, someone else's money and a gift card's balance are beyond the records;
/// a question about a card's terms asked as what would happen ("will i be charged fees if i
/// use my card in japan") stays the terms the model heard, not a spending total.
pub(super) fn overrule(heard: Intent, routed: Intent, w: &[String]) -> Intent {
    use Intent::*;
    let about_records = matches!(
        routed,
        Balance | Transactions | SpendingHistory | BillBalance | BillDue | MinPayment | CreditLimit
    );
    if offers(w) || about_records && (someone_elses(w) || gift_card_balance(w)) {
        return Oos;
    }
    let terms = matches!(heard, InternationalFees | CreditLimit | Apr | InterestRate);
    if terms && matches!(routed, SpendingHistory | Transactions) && card_terms(w) {
        return heard;
    }
    routed
}

/// "how much does my roommate owe me", "did my dad pay his credit card", "how much does my
/// husband spend on golf": another person's money, asked with them as the subject. "did my
/// wife use my card" and "did my roommate pay me back" are the person's own records.
fn someone_elses(w: &[String]) -> bool {
    const PEOPLE: Words = Words(
    "roommate|roommates|roomate|dad|mom|mother|father|husband|wife|spouse|partner\
    |boyfriend|girlfriend|bf|gf|friend|brother|sister|son|daughter|kid|kids|boss\
    |neighbor|parents|coworker",
);
    let aux = |v: &str| {
        matches!(v, "does" | "did" | "do" | "has" | "have" | "is" | "was" | "will" | "can" | "should")
    };
    let Some(at) = w
        .windows(3)
        .position(|p| aux(&p[0]) && p[1] == "my" && PEOPLE.contains(p[2].as_str()))
    else {
        return false;
    };
    let after = &w[at + 3..];
    let has = |x: &str| w.iter().any(|v| v == x);
    let theirs = Words("his|her|their|hers|theirs").iter().any(&has);
    let debt = Words("owe|owes|owed").iter().any(has);
    let mine = after.iter().any(|v| matches!(v.as_str(), "me" | "my" | "our" | "us"));
    debt || theirs || !mine
}

/// "check my gift card balance", "how much is left on my target gift card": a gift card's
/// balance, which no bank record holds ("how much did i spend on gift cards" is spending).
fn gift_card_balance(w: &[String]) -> bool {
    let gift = w.windows(2).any(|p| p[0] == "gift" && p[1].starts_with("card"));
    let left = w.iter().any(|v| matches!(v.as_str(), "balance" | "left" | "remaining" | "remain"));
    let spent = w.iter().any(|v| {
        Words("spen|bought|buy|purchas|paid|charg|order")
            .iter()
            .any(|s| v.starts_with(s))
    });
    gift && left && !spent
}

/// "will i be charged fees if i use my card in japan", "how much spending power is on my
/// card": a card's terms or its available credit, not what was charged (no past tense).
fn card_terms(w: &[String]) -> bool {
    let has = |x: &str| w.iter().any(|v| v == x);
    let would = Words("will|would|if").iter().any(&has);
    let past = Words("did|was|were|last").iter().any(&has);
    would || has("power") && !past
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
            "can you find me a flight from denver to new york on the 4th for under 700 dollars",
            "do you have a car rental in new york from june 6th to june 9th",
            "how do i top up my account with cash",
            "what are popular mountains to hike in arizona",
            "what is the cheapest electric guitar",
            "how much does a starbucks latte cost",
            "Open a savings account today and earn 5.00% APY, member FDIC",
            "Switch banks and get a $300 bonus with direct deposit",
            "top 3 films of the year",
            "best selling books of all time",
        ] {
            assert!(beyond(t), "{t}");
        }
        let w = |t: &str| super::super::shape::words(t);
        assert!(would_be(&w("how much would a trip to paris cost"), &Slots::default()));
        assert!(!would_be(&w("how much would i have spent"), &Slots::default()));
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
            "how does september compare to august",
            "how much would i save a year without hulu",
            "how do i see my spending",
            "how much is rent",
            "show me a list of my charges",
            "when is the next payday",
            "top 5 merchants of the year",
            "my top movies of the year",
            "biggest purchases of the year",
        ] {
            assert!(!beyond(t), "{t}");
        }
    }

    fn overruled(heard: Intent, routed: Intent, text: &str) -> Intent {
        overrule(heard, routed, &super::super::shape::words(text))
    }

    /// Someone else's money, a gift card and offers are beyond the records, whatever a rule
    /// made of them; the person's own records are left alone.
    #[test]
    fn whose_money_it_is() {
        use Intent::*;
        for (heard, t) in [
            (Oos, "how much does my roommate owe me for utilities"),
            (Transactions, "did my dad pay his credit card"),
            (SpendingHistory, "how much does my husband spend on golf"),
            (Balance, "check my gift card balance"),
            (Oos, "how much is left on my target gift card"),
            (RedeemRewards, "Wells Fargo Active Cash: earn unlimited 2% cash rewards on purchases"),
        ] {
            assert_eq!(overruled(heard, SpendingHistory, t), Oos, "{t}");
        }
        for t in [
            "did my wife use my card at target",
            "did my roommate pay me back",
            "how much did i spend on gift cards",
            "how much did i send my mom last month",
            "whats my apy",
        ] {
            assert_eq!(overruled(SpendingHistory, SpendingHistory, t), SpendingHistory, "{t}");
        }
    }

    /// A card's terms asked as what would happen stay the terms; what was charged is spending.
    #[test]
    fn card_terms_asked_as_what_would_happen() {
        use Intent::*;
        let t = "will I be charged fees if I use my card in Japan";
        assert_eq!(overruled(InternationalFees, SpendingHistory, t), InternationalFees);
        let t = "how much spending power is on my discover card";
        assert_eq!(overruled(CreditLimit, SpendingHistory, t), CreditLimit);
        let t = "any fees last month";
        assert_eq!(overruled(InternationalFees, SpendingHistory, t), SpendingHistory);
    }
}
