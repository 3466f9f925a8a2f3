//! Kinds of spending narrower than a category: "gas" is fuel, not all of Transport (Uber,
//! parking, transit); "coffee" is coffee shops, not all of Dining; "my electric bill" is the
//! electricity company, not every bill. Answering those words with the category's total gave
//! confident wrong figures, so the words name a [`SpendKind`] and the assistant counts the
//! transactions of that kind only (`assistant/kinds.rs` says how a transaction is judged).
//!
//! The set is small and closed: each kind is one that people ask about by a common word and
//! that a category total would overstate. "gas" alone is fuel; "gas bill", "gas company",
//! "natural gas" and "gas and electric" are the utility.

use super::tokens::Token;
use crate::model::Category;
use std::fmt;

/// A kind of spending narrower than a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpendKind {
    /// Fuel for a vehicle (fuel stations). "gas", "fuel", "petrol", "fill-ups".
    Fuel,
    /// Coffee shops. "coffee", "cafes", "lattes".
    Coffee,
    /// Fast-food chains. "fast food", "drive-thru".
    FastFood,
    /// The electricity company. "electric bill", "electricity", "power bill".
    Electricity,
    /// The gas utility (heating and cooking gas). "gas bill", "natural gas".
    UtilityGas,
    /// The water and sewer utility. "water bill", "sewer".
    Water,
    /// Phone service. "phone bill", "cell phone bill".
    Phone,
    /// Internet and cable service. "internet", "wifi", "cable bill".
    Internet,
    /// Insurance premiums. "insurance", "car insurance".
    Insurance,
    /// Ride-hailing and taxis. "rides", "rideshare", "taxis".
    Rides,
    /// Parking. "parking".
    Parking,
    /// Public transit. "transit", "public transport", "bus fare".
    Transit,
    /// Video and music streaming services. "streaming".
    Streaming,
    /// Air travel. "flights", "airfare", "plane tickets".
    Flights,
    /// Hotels and lodging. "hotels", "lodging".
    Hotels,
    /// Cinemas. "movies", "the cinema".
    Movies,
    /// Concerts, shows and ticket agencies. "concerts", "concert tickets".
    Events,
    /// Gift cards and stored-value cards bought. "gift cards".
    GiftCards,
    /// Bars and liquor stores. "booze", "alcohol", "drinks".
    Alcohol,
    /// Hair salons and barbers. "haircuts", "the barber".
    Haircuts,
    /// Restaurant delivery apps. "food delivery", "delivery apps".
    FoodDelivery,
    /// Clothing and shoe stores. "clothes", "clothing", "apparel".
    Clothing,
}

impl SpendKind {
    /// Every kind, in bit order.
    pub const ALL: [SpendKind; 22] = [
        SpendKind::Fuel,
        SpendKind::Coffee,
        SpendKind::FastFood,
        SpendKind::Electricity,
        SpendKind::UtilityGas,
        SpendKind::Water,
        SpendKind::Phone,
        SpendKind::Internet,
        SpendKind::Insurance,
        SpendKind::Rides,
        SpendKind::Parking,
        SpendKind::Transit,
        SpendKind::Streaming,
        SpendKind::Flights,
        SpendKind::Hotels,
        SpendKind::Movies,
        SpendKind::Events,
        SpendKind::GiftCards,
        SpendKind::Alcohol,
        SpendKind::Haircuts,
        SpendKind::FoodDelivery,
        SpendKind::Clothing,
    ];

    /// How replies name it ("You spent $84.20 on *fuel*").
    pub fn as_str(self) -> &'static str {
        match self {
            SpendKind::Fuel => "fuel",
            SpendKind::Coffee => "coffee",
            SpendKind::FastFood => "fast food",
            SpendKind::Electricity => "electricity",
            SpendKind::UtilityGas => "utility gas",
            SpendKind::Water => "water",
            SpendKind::Phone => "phone",
            SpendKind::Internet => "internet and cable",
            SpendKind::Insurance => "insurance",
            SpendKind::Rides => "rides and taxis",
            SpendKind::Parking => "parking",
            SpendKind::Transit => "public transit",
            SpendKind::Streaming => "streaming",
            SpendKind::Flights => "flights",
            SpendKind::Hotels => "hotels",
            SpendKind::Movies => "movies",
            SpendKind::Events => "concerts and events",
            SpendKind::GiftCards => "gift cards",
            SpendKind::Alcohol => "alcohol and bars",
            SpendKind::Haircuts => "haircuts",
            SpendKind::FoodDelivery => "food delivery",
            SpendKind::Clothing => "clothing",
        }
    }

    /// The category its transactions usually have, which routing reads when the message names
    /// no category ("rideshare" is a question about Transport spending).
    pub fn category(self) -> Category {
        match self {
            SpendKind::Fuel | SpendKind::Rides | SpendKind::Parking | SpendKind::Transit => {
                Category::Transport
            }
            SpendKind::Coffee | SpendKind::FastFood | SpendKind::FoodDelivery => Category::Dining,
            SpendKind::Clothing => Category::Shopping,
            SpendKind::Streaming => Category::Subscriptions,
            SpendKind::Flights | SpendKind::Hotels => Category::Travel,
            SpendKind::Movies | SpendKind::Events => Category::Entertainment,
            SpendKind::GiftCards => Category::Shopping,
            SpendKind::Alcohol => Category::Dining,
            SpendKind::Haircuts => Category::Other,
            _ => Category::Bills,
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of kinds ("gas and parking": fuel and parking). Empty when the message names none.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SpendKinds(u32);

/// "Utilities": the services a home pays for by the month (power, gas, water, phone,
/// internet), not insurance or streaming, which a "bills" total would add.
const UTILITIES: &[SpendKind] = &[
    SpendKind::Electricity,
    SpendKind::UtilityGas,
    SpendKind::Water,
    SpendKind::Phone,
    SpendKind::Internet,
];

impl SpendKinds {
    /// The set of one kind.
    pub fn of(kind: SpendKind) -> SpendKinds {
        SpendKinds(kind.bit())
    }

    /// The set from its bits (as [`SpendKinds::bits`] gives them); unknown bits are dropped.
    pub fn from_bits(bits: u32) -> SpendKinds {
        SpendKinds(bits & ((1 << SpendKind::ALL.len()) - 1))
    }

    /// Its bits, one per kind in [`SpendKind::ALL`] order.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Adds a kind.
    pub fn insert(&mut self, kind: SpendKind) {
        self.0 |= kind.bit();
    }

    /// Whether no kind is named.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two sets share a kind.
    pub fn intersects(self, other: SpendKinds) -> bool {
        self.0 & other.0 != 0
    }

    /// The kinds, in [`SpendKind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = SpendKind> {
        SpendKind::ALL
            .into_iter()
            .filter(move |k| self.0 & k.bit() != 0)
    }

    /// "fuel", "fuel and parking", "coffee, fast food and parking"; "utilities" for the set
    /// the word names.
    pub fn label(self) -> String {
        if self == UTILITIES.iter().fold(SpendKinds::default(), |s, k| SpendKinds(s.0 | k.bit())) {
            return "utilities".to_string();
        }
        let names: Vec<&str> = self.iter().map(SpendKind::as_str).collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }
}

impl fmt::Debug for SpendKinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

use SpendKind as K;

/// The words for each kind. At one position the longest phrase wins, so "gas bill" is the
/// utility before "gas" is fuel; a phrase may name two kinds ("gas and electric").
const KIND_PHRASES: &[(&[&str], &[SpendKind])] = &[
    // The gas utility first: "gas" followed by a word of a bill or a utility.
    (&["gas", "bill"], &[K::UtilityGas]),
    (&["gas", "bills"], &[K::UtilityGas]),
    (&["gas", "company"], &[K::UtilityGas]),
    (&["gas", "utility"], &[K::UtilityGas]),
    (&["gas", "service"], &[K::UtilityGas]),
    (&["natural", "gas"], &[K::UtilityGas]),
    (&["gas", "and", "electric"], &[K::UtilityGas, K::Electricity]),
    (&["gas", "and", "electricity"], &[K::UtilityGas, K::Electricity]),
    (&["gas", "n", "electric"], &[K::UtilityGas, K::Electricity]),
    (&["gas", "electric"], &[K::UtilityGas, K::Electricity]),
    (&["electric", "and", "gas"], &[K::UtilityGas, K::Electricity]),
    (&["electricity", "and", "gas"], &[K::UtilityGas, K::Electricity]),
    (&["gas", "station"], &[K::Fuel]),
    (&["gas", "stations"], &[K::Fuel]),
    (&["gas"], &[K::Fuel]),
    (&["fuel"], &[K::Fuel]),
    (&["petrol"], &[K::Fuel]),
    (&["gasoline"], &[K::Fuel]),
    (&["diesel"], &[K::Fuel]),
    (&["fill", "ups"], &[K::Fuel]),
    (&["fill", "up"], &[K::Fuel]),
    (&["fillup"], &[K::Fuel]),
    (&["fillups"], &[K::Fuel]),
    (&["filling", "up"], &[K::Fuel]),
    (&["coffee"], &[K::Coffee]),
    (&["coffees"], &[K::Coffee]),
    (&["cafe"], &[K::Coffee]),
    (&["cafes"], &[K::Coffee]),
    (&["latte"], &[K::Coffee]),
    (&["lattes"], &[K::Coffee]),
    (&["espresso"], &[K::Coffee]),
    (&["fast", "food"], &[K::FastFood]),
    (&["fastfood"], &[K::FastFood]),
    (&["drive", "thru"], &[K::FastFood]),
    (&["electric"], &[K::Electricity]),
    (&["electricity"], &[K::Electricity]),
    (&["power", "bill"], &[K::Electricity]),
    (&["power", "bills"], &[K::Electricity]),
    (&["power", "company"], &[K::Electricity]),
    (&["light", "bill"], &[K::Electricity]),
    (&["water", "bill"], &[K::Water]),
    (&["water", "bills"], &[K::Water]),
    (&["water", "utility"], &[K::Water]),
    (&["water", "company"], &[K::Water]),
    (&["sewer"], &[K::Water]),
    (&["phone", "bill"], &[K::Phone]),
    (&["phone", "bills"], &[K::Phone]),
    (&["phone", "plan"], &[K::Phone]),
    (&["cell", "bill"], &[K::Phone]),
    (&["cellphone", "bill"], &[K::Phone]),
    (&["mobile", "bill"], &[K::Phone]),
    (&["wireless", "bill"], &[K::Phone]),
    (&["internet"], &[K::Internet]),
    (&["wifi"], &[K::Internet]),
    (&["broadband"], &[K::Internet]),
    (&["cable", "bill"], &[K::Internet]),
    (&["insurance"], &[K::Insurance]),
    (&["utilities"], UTILITIES),
    (&["utility", "bills"], UTILITIES),
    (&["utility", "bill"], UTILITIES),
    (&["utils"], UTILITIES),
    (&["gift", "card"], &[K::GiftCards]),
    (&["gift", "cards"], &[K::GiftCards]),
    (&["giftcard"], &[K::GiftCards]),
    (&["giftcards"], &[K::GiftCards]),
    (&["egift", "cards"], &[K::GiftCards]),
    (&["rides"], &[K::Rides]),
    (&["rideshare"], &[K::Rides]),
    (&["rideshares"], &[K::Rides]),
    (&["ridesharing"], &[K::Rides]),
    (&["ride", "share"], &[K::Rides]),
    (&["taxi"], &[K::Rides]),
    (&["taxis"], &[K::Rides]),
    (&["cabs"], &[K::Rides]),
    (&["parking"], &[K::Parking]),
    (&["transit"], &[K::Transit]),
    (&["public", "transport"], &[K::Transit]),
    (&["public", "transportation"], &[K::Transit]),
    (&["bus", "fare"], &[K::Transit]),
    (&["bus", "fares"], &[K::Transit]),
    (&["train", "fare"], &[K::Transit]),
    (&["metrocard"], &[K::Transit]),
    (&["streaming"], &[K::Streaming]),
    (&["flight"], &[K::Flights]),
    (&["flights"], &[K::Flights]),
    (&["airfare"], &[K::Flights]),
    (&["airfares"], &[K::Flights]),
    (&["airline"], &[K::Flights]),
    (&["airlines"], &[K::Flights]),
    (&["plane", "tickets"], &[K::Flights]),
    (&["plane", "ticket"], &[K::Flights]),
    (&["hotel"], &[K::Hotels]),
    (&["hotels"], &[K::Hotels]),
    (&["lodging"], &[K::Hotels]),
    (&["motel"], &[K::Hotels]),
    (&["motels"], &[K::Hotels]),
    (&["movie"], &[K::Movies]),
    (&["movies"], &[K::Movies]),
    (&["cinema"], &[K::Movies]),
    (&["cinemas"], &[K::Movies]),
    (&["movie", "theater"], &[K::Movies]),
    (&["movie", "tickets"], &[K::Movies]),
    (&["concert"], &[K::Events]),
    (&["concerts"], &[K::Events]),
    (&["concert", "tickets"], &[K::Events]),
    (&["event", "tickets"], &[K::Events]),
    (&["live", "music"], &[K::Events]),
    (&["booze"], &[K::Alcohol]),
    (&["alcohol"], &[K::Alcohol]),
    (&["liquor"], &[K::Alcohol]),
    (&["beer"], &[K::Alcohol]),
    (&["beers"], &[K::Alcohol]),
    (&["wine"], &[K::Alcohol]),
    (&["bars"], &[K::Alcohol]),
    (&["pubs"], &[K::Alcohol]),
    (&["drinks"], &[K::Alcohol]),
    (&["haircut"], &[K::Haircuts]),
    (&["haircuts"], &[K::Haircuts]),
    (&["barber"], &[K::Haircuts]),
    (&["barbers"], &[K::Haircuts]),
    (&["hair", "salon"], &[K::Haircuts]),
    (&["food", "delivery"], &[K::FoodDelivery]),
    (&["food", "deliveries"], &[K::FoodDelivery]),
    (&["delivery", "food"], &[K::FoodDelivery]),
    (&["delivery", "apps"], &[K::FoodDelivery]),
    (&["delivery", "app"], &[K::FoodDelivery]),
    (&["food", "delivery", "apps"], &[K::FoodDelivery]),
    (&["clothes"], &[K::Clothing]),
    (&["clothing"], &[K::Clothing]),
    (&["apparel"], &[K::Clothing]),
];

/// The phrase of most words that starts at token `i`, and how many words it has.
fn phrase_at(toks: &[Token], i: usize) -> Option<(usize, &'static [SpendKind])> {
    KIND_PHRASES
        .iter()
        .filter(|(phrase, _)| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w))
        })
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(phrase, kinds)| (phrase.len(), *kinds))
}

/// Every kind the message names, read left to right (a phrase's words are not read again:
/// the "gas" of "gas bill" is not also fuel).
pub(super) fn find_kinds(toks: &[Token]) -> SpendKinds {
    let mut out = SpendKinds::default();
    let mut i = 0;
    while i < toks.len() {
        match phrase_at(toks, i) {
            Some((len, kinds)) => {
                for k in kinds {
                    out.insert(*k);
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn kinds(text: &str) -> Vec<SpendKind> {
        find_kinds(&tokenize(text)).iter().collect()
    }

    #[test]
    fn gas_alone_is_fuel_and_a_gas_bill_is_the_utility() {
        for q in [
            "how much did I spend on gas last month",
            "gas this month",
            "how much on gas n groceries",
            "what did i spend at gas stations in june",
            "how many fill ups last month",
            "whats my average fill up",
        ] {
            assert_eq!(kinds(q).first(), Some(&SpendKind::Fuel), "{q}");
        }
        for q in [
            "how much was my gas bill last month",
            "what do i pay the gas company",
            "natural gas in january",
        ] {
            assert_eq!(kinds(q), vec![SpendKind::UtilityGas], "{q}");
        }
        for q in [
            "gas and electric last month",
            "my gas & electric bill",
            "electric and gas bills",
        ] {
            assert_eq!(
                kinds(q),
                vec![SpendKind::Electricity, SpendKind::UtilityGas],
                "{q}"
            );
        }
    }

    #[test]
    fn everyday_words_name_their_kind() {
        let cases: &[(&str, SpendKind)] = &[
            ("how much on coffee this month", SpendKind::Coffee),
            ("lattes last week", SpendKind::Coffee),
            ("fast food spending", SpendKind::FastFood),
            ("electric bill last month", SpendKind::Electricity),
            ("how much was my power bill", SpendKind::Electricity),
            ("water bill in march", SpendKind::Water),
            ("how much was my phone bill", SpendKind::Phone),
            ("internet bill", SpendKind::Internet),
            ("what do i pay for wifi", SpendKind::Internet),
            ("car insurance this year", SpendKind::Insurance),
            ("rideshare last month", SpendKind::Rides),
            ("taxis in october", SpendKind::Rides),
            ("parking last week", SpendKind::Parking),
            ("public transport this month", SpendKind::Transit),
            ("streaming services", SpendKind::Streaming),
            ("flights this year", SpendKind::Flights),
            ("how much on plane tickets", SpendKind::Flights),
            ("hotels in june", SpendKind::Hotels),
            ("movies in 2026", SpendKind::Movies),
            ("how much on concerts", SpendKind::Events),
            ("gift card charges in august", SpendKind::GiftCards),
            ("did someone buy giftcards with my card", SpendKind::GiftCards),
            ("lol ok what about booze", SpendKind::Alcohol),
            ("how much on beer this year", SpendKind::Alcohol),
            ("bars last month", SpendKind::Alcohol),
            ("how often do i get a haircut", SpendKind::Haircuts),
            ("barber visits this year", SpendKind::Haircuts),
            ("yo how much i blow on food delivery this yr", SpendKind::FoodDelivery),
            ("delivery apps last month", SpendKind::FoodDelivery),
            ("how much on clothes this year", SpendKind::Clothing),
            ("clothing spend in october", SpendKind::Clothing),
        ];
        for (q, k) in cases {
            assert_eq!(kinds(q), vec![*k], "{q}");
        }
    }

    #[test]
    fn other_words_name_no_kind() {
        for q in [
            "how much on groceries last month",
            "my balance",
            "spending at starbucks",
            "how much did i spend on transport",
            "my credit card bill",
            "bills last month",
            "phone",
        ] {
            assert!(find_kinds(&tokenize(q)).is_empty(), "{q}");
        }
    }

    #[test]
    fn two_kinds_named_are_both_kept() {
        assert_eq!(
            kinds("gas n parking in sept"),
            vec![SpendKind::Fuel, SpendKind::Parking]
        );
        let set = find_kinds(&tokenize("coffee, fast food and parking"));
        assert_eq!(set.label(), "coffee, fast food and parking");
        assert_eq!(SpendKinds::from_bits(set.bits()), set);
        assert_eq!(SpendKinds::from_bits(u32::MAX).iter().count(), 22);
    }

    #[test]
    fn utilities_are_the_home_services_not_insurance() {
        for q in ["total utilities in november", "my utility bills last month", "utils this year"] {
            let set = find_kinds(&tokenize(q));
            assert_eq!(set.iter().collect::<Vec<_>>(), UTILITIES, "{q}");
            assert_eq!(set.label(), "utilities", "{q}");
        }
        // One of them alone keeps its own name.
        assert_eq!(find_kinds(&tokenize("electric bill")).label(), "electricity");
    }
}
