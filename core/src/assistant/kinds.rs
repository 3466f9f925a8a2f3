//! Which kind of spending a transaction is ([`SpendKind`]: fuel, coffee, the electricity
//! company, ...), judged from what the bank says first and the names second:
//!
//! - its **merchant category code**, when the source gives one: a code that means the kind
//!   (5541/5542 service stations are fuel) decides alone; a code several kinds share (4900
//!   is electricity, gas and water alike; 5814 is fast food and coffee chains) admits the
//!   kinds whose names the merchant carries; any other code says it is something else (a
//!   Shell store's snacks under 5499 are not fuel);
//! - without a code, a **short lexicon** of names and words ("Shell", "Chevron",
//!   "Starbucks", "coffee", "electric"), matched as whole words in the merchant name and the
//!   description after the merchant matcher's normalisation ([`merchant_words`]: case,
//!   punctuation and descriptor noise such as "SQ *" or store numbers ignored).
//!
//! The lexicon is small on purpose (a few names per kind, each well known); the reply says
//! which merchants it counted, and when it finds none, how it looks, so a name it misses
//! shows instead of hiding in a total.

use super::cache::TxnView;
use crate::words::Words;
use crate::intent::slots::{merchant_words, SpendKind, SpendKinds};

/// How one kind is recognised.
struct Rule {
    kind: SpendKind,
    /// Merchant category codes that mean this kind alone.
    codes: &'static [u16],
    /// Codes shared with other kinds or other spending: the name decides.
    shared: &'static [u16],
    /// Ranges of codes that mean this kind alone (airlines 3000–3299, hotels 3501–3999).
    ranges: &'static [(u16, u16)],
    /// Names and words (normalised words, space-separated), any of which marks the kind.
    names: Words,
    /// Words that unmark it ("Uber Eats" is no ride).
    not: Words,
    /// How the reply says it looks, when it finds nothing.
    how: &'static str,
}

use SpendKind as K;

/// The rules, one per kind (codes from ISO 18245).
const RULES: &[Rule] = &[
    Rule {
        kind: K::Fuel,
        codes: &[5541, 5542],
        shared: &[],
        ranges: &[],
        names: Words(
            "shell|chevron|exxon|exxonmobil|mobil|bp|texaco|sunoco|arco|valero|citgo|speedway|fuel\
             |gas station|petrol|gasoline",
        ),
        not: Words(""),
        how: "fuel stations by the bank's merchant code or names such as Shell or Chevron",
    },
    Rule {
        kind: K::Coffee,
        codes: &[],
        shared: &[5814, 5812, 5499, 5462],
        ranges: &[],
        names: Words(
            "starbucks|dunkin|peets|blue bottle|tim hortons|caribou|dutch bros|philz|coffee|cafe\
             |espresso",
        ),
        not: Words(""),
        how: "coffee shops by names such as Starbucks, Dunkin' or Peet's, or the word coffee",
    },
    Rule {
        kind: K::FastFood,
        codes: &[],
        shared: &[5814],
        ranges: &[],
        names: Words(
            "mcdonalds|burger king|wendys|taco bell|kfc|subway|chick fil a|popeyes|five guys\
             |in n out|jack in the box|sonic|shake shack|dominos|pizza hut|arbys|whataburger\
             |white castle|panda express",
        ),
        not: Words(""),
        how: "fast food by chain names such as McDonald's, Burger King or Taco Bell",
    },
    Rule {
        kind: K::Electricity,
        codes: &[],
        shared: &[4900],
        ranges: &[],
        names: Words("electric|electricity|power|edison|coned|pg e|pge|duke energy"),
        not: Words(""),
        how: "electricity by utility payments with names such as Con Edison or PG&E, or the words electric or power",
    },
    Rule {
        kind: K::UtilityGas,
        codes: &[],
        shared: &[4900],
        ranges: &[],
        names: Words(
            "gas electric|gas company|gas service|gas util|gas utility|natural gas|gas light\
             |socalgas|national grid|nicor|pg e|pge",
        ),
        not: Words(""),
        how: "the gas utility by names such as PG&E, SoCalGas or National Grid",
    },
    Rule {
        kind: K::Water,
        codes: &[],
        shared: &[4900],
        ranges: &[],
        names: Words("water|sewer"),
        not: Words(""),
        how: "water by utility payments with the word water or sewer in the name",
    },
    Rule {
        kind: K::Phone,
        codes: &[],
        shared: &[4812, 4814, 4899],
        ranges: &[],
        names: Words(
            "verizon|t mobile|tmobile|at t|sprint|mint mobile|cricket|wireless|cellular|phone",
        ),
        not: Words(""),
        how: "phone service by names such as Verizon, T-Mobile or AT&T",
    },
    Rule {
        kind: K::Internet,
        codes: &[4816],
        shared: &[4814, 4899],
        ranges: &[],
        names: Words(
            "xfinity|comcast|spectrum|cox|fios|internet|broadband|centurylink|optimum|starlink",
        ),
        not: Words(""),
        how: "internet and cable by names such as Xfinity, Comcast or Spectrum",
    },
    Rule {
        kind: K::Insurance,
        codes: &[5960, 6300, 6381, 6399],
        shared: &[],
        ranges: &[],
        names: Words("insurance|geico|state farm|progressive|allstate|liberty mutual|nationwide"),
        not: Words(""),
        how: "insurance by the bank's merchant code or names such as GEICO or State Farm",
    },
    Rule {
        kind: K::Rides,
        codes: &[4121],
        shared: &[],
        ranges: &[],
        names: Words("uber|lyft|taxi|cab"),
        not: Words("eats"),
        how: "rides by the bank's merchant code for taxis or names such as Uber or Lyft",
    },
    Rule {
        kind: K::Parking,
        codes: &[7523],
        shared: &[],
        ranges: &[],
        names: Words("parking|parkmobile|spothero|parkwhiz"),
        not: Words(""),
        how: "parking by the bank's merchant code or names such as ParkMobile or SpotHero",
    },
    Rule {
        kind: K::Transit,
        codes: &[4111, 4131],
        shared: &[4112],
        ranges: &[],
        names: Words("transit|metro|mta|bart|clipper|ventra|septa|wmata"),
        not: Words(""),
        how: "public transit by the bank's merchant code or names such as MTA or BART",
    },
    Rule {
        kind: K::Streaming,
        codes: &[],
        shared: &[4899, 5815, 5818, 5968],
        ranges: &[],
        names: Words(
            "netflix|hulu|disney|hbo|peacock|paramount|spotify|youtube|crunchyroll|pandora",
        ),
        not: Words(""),
        how: "streaming by names such as Netflix, Hulu or Spotify",
    },
    Rule {
        kind: K::Flights,
        codes: &[4511],
        shared: &[],
        ranges: &[(3000, 3299)],
        names: Words(
            "united airlines|delta air|american airlines|southwest airlines|jetblue|alaska airlines\
             |spirit airlines|frontier airlines|airline|airlines|airways",
        ),
        not: Words(""),
        how: "flights by the bank's merchant codes for airlines or names such as Delta or United Airlines",
    },
    Rule {
        kind: K::Hotels,
        codes: &[7011],
        shared: &[],
        ranges: &[(3501, 3999)],
        names: Words(
            "marriott|hilton|hyatt|holiday inn|sheraton|westin|best western|airbnb|vrbo|hotel\
             |hotels|motel",
        ),
        not: Words(""),
        how: "hotels by the bank's merchant codes for lodging or names such as Marriott or Hilton",
    },
    Rule {
        kind: K::Movies,
        codes: &[7832],
        shared: &[],
        ranges: &[],
        names: Words("amc theatres|regal cinemas|cinemark|fandango|cinema|cinemas"),
        not: Words(""),
        how: "cinemas by the bank's merchant code or names such as AMC, Regal or Cinemark",
    },
    Rule {
        kind: K::Events,
        codes: &[7922, 7929],
        shared: &[],
        ranges: &[],
        names: Words("ticketmaster|live nation|stubhub|seatgeek|eventbrite|concert"),
        not: Words(""),
        how: "concerts and events by the bank's merchant code or names such as Ticketmaster or StubHub",
    },
    Rule {
        kind: K::GiftCards,
        // Stored-value card purchases; gift cards are also sold where other things are (gift
        // shops, game stores' digital goods, department, discount, grocery and electronics
        // stores), so there the words decide.
        codes: &[6540],
        shared: &[5947, 5816, 5999, 5311, 5310, 5331, 5411, 5732],
        ranges: &[],
        // Matching drops "card" as descriptor noise, so "Gift Card Mall" reads "gift mall".
        names: Words("gift|giftcard|giftcards|egift"),
        not: Words("shop|shoppe|shops|wrap|basket|baskets|boutique"),
        how: "gift cards by the words gift card in the merchant's name or the bank's description",
    },
    Rule {
        kind: K::Alcohol,
        // Bars and taverns, liquor stores.
        codes: &[5813, 5921],
        shared: &[],
        ranges: &[],
        names: Words("bar|pub|tavern|brewery|liquor|wine|wines|spirits|beer"),
        not: Words("salad bar|juice|bar b q|sandwich bar"),
        how: "bars and liquor stores by the bank's merchant codes or words such as bar, pub or liquor",
    },
    Rule {
        kind: K::Haircuts,
        codes: &[7241],
        shared: &[7230],
        ranges: &[],
        names: Words(
            "great clips|supercuts|sport clips|fantastic sams|barber|barbers|haircut|hair salon",
        ),
        not: Words(""),
        how: "haircuts by the bank's merchant codes or names such as Great Clips or Supercuts",
    },
    Rule {
        kind: K::FoodDelivery,
        // The apps charge under restaurant codes, which other dining shares: the name decides.
        codes: &[],
        shared: &[5812, 5814, 4215],
        ranges: &[],
        names: Words("doordash|uber eats|ubereats|grubhub|postmates|seamless|caviar|deliveroo|just eat"),
        not: Words(""),
        how: "food delivery by app names such as DoorDash, Uber Eats or Grubhub",
    },
    Rule {
        kind: K::Clothing,
        // Clothing, accessory and shoe stores (ISO 18245 56xx).
        codes: &[5611, 5621, 5631, 5641, 5651, 5655, 5661, 5691, 5699],
        shared: &[5311, 5941],
        ranges: &[],
        names: Words(
            "nike|adidas|zara|uniqlo|old navy|banana republic|h m|lululemon|foot locker|tj maxx|\
             marshalls|nordstrom|forever 21|american eagle|clothing|apparel",
        ),
        not: Words(""),
        how: "clothing by the bank's merchant codes or names such as Nike, Zara or Old Navy",
    },
];

fn rule(kind: SpendKind) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.kind == kind)
}

/// How the reply says it looks for a kind ("fuel stations by the bank's merchant code ...").
pub(super) fn how(kind: SpendKind) -> &'static str {
    rule(kind).map_or("", |r| r.how)
}

/// Whether `phrase` (space-separated words) occurs as a run of whole words in `words`.
fn has_run(words: &[String], phrase: &str) -> bool {
    let want: Vec<&str> = phrase.split(' ').collect();
    words.windows(want.len()).any(|w| w.iter().zip(&want).all(|(a, b)| a == b))
}

/// The kinds among `wanted` of a transaction with this code, merchant name and description.
/// A code decides without reading a name whenever it can, so the names of most transactions
/// (those with a code no wanted kind shares) are never normalised.
fn judge(
    wanted: SpendKinds,
    mcc: Option<u16>,
    merchant: Option<&str>,
    description: &str,
) -> SpendKinds {
    let mut out = SpendKinds::default();
    let mut by_name: Vec<&Rule> = Vec::new();
    for r in RULES.iter().filter(|r| wanted.intersects(SpendKinds::of(r.kind))) {
        match mcc {
            Some(c) if r.codes.contains(&c) || r.ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) => {
                out.insert(r.kind)
            }
            Some(c) if r.shared.contains(&c) => by_name.push(r),
            Some(_) => {}
            None => by_name.push(r),
        }
    }
    if by_name.is_empty() {
        return out;
    }
    let mut words = merchant.map(merchant_words).unwrap_or_default();
    words.extend(merchant_words(description));
    for r in by_name {
        let named = r.names.iter().any(|n| has_run(&words, n));
        if named && !r.not.iter().any(|n| has_run(&words, n)) {
            out.insert(r.kind);
        }
    }
    out
}

/// Every kind of a transaction with this code, merchant name and description.
pub(crate) fn classify(mcc: Option<u16>, merchant: Option<&str>, description: &str) -> SpendKinds {
    judge(SpendKinds::from_bits(u32::MAX), mcc, merchant, description)
}

/// Whether a transaction is of one of `wanted`: from the kinds the summary's recent window
/// judged when it was built, else judged now for those kinds only.
pub(crate) fn is_of(t: &TxnView<'_>, wanted: SpendKinds) -> bool {
    match t.kinds {
        Some(k) => k.intersects(wanted),
        None => judge(wanted, t.mcc, t.merchant, t.description).intersects(wanted),
    }
}

/// The kinds of a transaction (the window's, else judged now).
#[cfg(test)]
pub(crate) fn of(t: &TxnView<'_>) -> SpendKinds {
    t.kinds
        .unwrap_or_else(|| classify(t.mcc, t.merchant, t.description))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(mcc: Option<u16>, merchant: &str, description: &str) -> Vec<SpendKind> {
        classify(mcc, Some(merchant), description).iter().collect()
    }

    /// A list written twice over (a line continuation without its separator) would repeat.
    #[test]
    fn name_lists_have_no_repeats() {
        for r in RULES {
            let mut names: Vec<&str> = r.names.iter().collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{:?}", r.kind);
        }
    }

    #[test]
    fn a_code_that_means_the_kind_decides() {
        assert_eq!(one(Some(5541), "Shell", "SHELL OIL 57444512"), [K::Fuel]);
        // A station the lexicon does not know is fuel by its code alone.
        assert_eq!(one(Some(5542), "QuikTrip", "QT 0442"), [K::Fuel]);
        assert_eq!(one(Some(4121), "Uber", "UBER *TRIP"), [K::Rides]);
        assert_eq!(one(Some(6300), "State Farm", "STATE FARM RO 27 SFPP"), [K::Insurance]);
        assert_eq!(one(Some(7523), "City Garage", "CITY GARAGE 12"), [K::Parking]);
    }

    #[test]
    fn another_code_overrules_the_name() {
        // Snacks in a Shell store, a Starbucks counter inside a grocery: not the kind.
        assert!(one(Some(5499), "Shell", "SHELL STORE").is_empty());
        assert!(one(Some(5411), "Starbucks", "STARBUCKS IN SAFEWAY").is_empty());
        // Uber Eats is food delivery (no ride), under a restaurant code.
        assert_eq!(one(Some(5812), "Uber Eats", "UBER *EATS PENDING"), [K::FoodDelivery]);
        assert_eq!(one(Some(4121), "Shell", "SHELL"), [K::Rides]);
    }

    #[test]
    fn a_shared_code_needs_the_name() {
        assert_eq!(one(Some(5814), "Starbucks", "STARBUCKS STORE 08841"), [K::Coffee]);
        assert_eq!(one(Some(5814), "Dunkin'", "DUNKIN #347712"), [K::Coffee]);
        assert_eq!(one(Some(5814), "McDonald's", "MCDONALD'S F12093"), [K::FastFood]);
        assert!(one(Some(5814), "Sweetgreen", "SWEETGREEN 0231").is_empty());
        assert_eq!(
            one(Some(4900), "City Power & Light", "CITY POWER & LIGHT AUTOPAY"),
            [K::Electricity]
        );
        assert_eq!(one(Some(4900), "Municipal Water", "CITY WATER UTIL WEB PMT"), [K::Water]);
        assert_eq!(
            one(Some(4900), "PG&E", "PACIFIC GAS & ELECTRIC"),
            [K::Electricity, K::UtilityGas]
        );
        assert_eq!(one(Some(4814), "Verizon Wireless", "VERIZON WIRELESS PAYMENTS"), [K::Phone]);
        assert_eq!(one(Some(4899), "Xfinity", "COMCAST XFINITY"), [K::Internet]);
        assert_eq!(one(Some(4899), "Netflix", "NETFLIX.COM"), [K::Streaming]);
        assert_eq!(one(Some(5815), "Spotify", "SPOTIFY USA"), [K::Streaming]);
        // Airlines and hotels by their code ranges; cinemas and ticket agencies by code or name.
        assert_eq!(one(Some(3000), "United Airlines", "UNITED 0162341234567"), [K::Flights]);
        assert_eq!(one(Some(4511), "Air Co", "AIR CO 123"), [K::Flights]);
        assert_eq!(one(Some(3509), "Marriott", "MARRIOTT DOWNTOWN"), [K::Hotels]);
        assert_eq!(one(Some(7011), "Inn at the Park", "INN AT THE PARK"), [K::Hotels]);
        assert_eq!(one(Some(7832), "AMC Theatres", "AMC 2120 ONLINE"), [K::Movies]);
        assert_eq!(one(Some(7922), "Ticketmaster", "TICKETMASTER"), [K::Events]);
        assert_eq!(one(None, "Ticketmaster", "TICKETMASTER"), [K::Events]);
        assert_eq!(one(Some(6540), "Vanilla", "VANILLA PREPAID LOAD"), [K::GiftCards]);
        assert_eq!(one(Some(5816), "Razer Gold", "RAZER GOLD*GIFTCARD"), [K::GiftCards]);
        assert_eq!(one(Some(5947), "Gift Card Mall", "GIFTCARDMALL.COM"), [K::GiftCards]);
        assert!(one(Some(5816), "Steam", "STEAM PURCHASE").is_empty());
        assert_eq!(one(Some(5813), "The Rusty Nail", "RUSTY NAIL"), [K::Alcohol]);
        assert_eq!(one(None, "Great Clips", "GREAT CLIPS #1234"), [K::Haircuts]);
        assert_eq!(one(Some(7230), "Great Clips", "GREAT CLIPS #1234"), [K::Haircuts]);
        assert_eq!(one(Some(5812), "DoorDash", "DOORDASH*CHIPOTLE"), [K::FoodDelivery]);
        assert_eq!(one(None, "Uber Eats", "UBER   EATS"), [K::FoodDelivery]);
        assert!(!one(Some(5812), "Chipotle", "CHIPOTLE 1234").contains(&K::FoodDelivery));
        assert_eq!(one(Some(5651), "Some Boutique", "SOME BOUTIQUE"), [K::Clothing]);
        assert_eq!(one(None, "Nike", "NIKE.COM"), [K::Clothing]);
        assert!(!one(Some(5411), "Target", "TARGET T-1234").contains(&K::Clothing));
        assert!(one(Some(7230), "Nail Spa", "NAIL SPA 22").is_empty());
        assert!(one(Some(5411), "Safeway", "SAFEWAY 1234").is_empty());
        assert!(one(Some(5947), "Airport Gift Shop", "AIRPORT GIFT SHOP 12").is_empty());
        // A code outside the ranges is no flight, whatever the name.
        assert!(one(Some(5812), "Airline Diner", "AIRLINE DINER").is_empty());
        // A utility code with no known name is no kind (rather than a guess).
        assert!(one(Some(4900), "City Utilities", "CITY UTIL WEB PMT").is_empty());
    }

    #[test]
    fn without_a_code_the_names_decide() {
        assert_eq!(one(None, "Chevron", "CHEVRON 0209481"), [K::Fuel]);
        assert_eq!(one(None, "EXXONMOBIL", "EXXONMOBIL 4471"), [K::Fuel]);
        assert_eq!(one(None, "SQ *BLUE BOTTLE COFFEE", "SQ *BLUE BOTTLE COFFEE"), [K::Coffee]);
        assert_eq!(one(None, "Peet's Coffee", "PEETS #0210"), [K::Coffee]);
        assert_eq!(one(None, "Con Edison", "CONED AUTOPAY"), [K::Electricity]);
        assert_eq!(one(None, "Lyft", "LYFT *RIDE"), [K::Rides]);
        assert_eq!(one(None, "Uber Eats", "UBER *EATS"), [K::FoodDelivery]);
        // Whole words only: "Shellfish Shack" is no Shell, "Mobile deposit" no Mobil.
        assert!(one(None, "Shellfish Shack", "SHELLFISH SHACK").is_empty());
        assert!(one(None, "Whole Foods Market", "WHOLEFDS MKT 10234").is_empty());
        assert!(classify(None, None, "").is_empty());
    }
}
