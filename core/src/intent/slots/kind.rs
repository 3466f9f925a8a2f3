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
use crate::words::Words;
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
const KIND_PHRASES: &[(Words, &[SpendKind])] = &[
    // The gas utility first: "gas" followed by a word of a bill or a utility.
    (Words("gas|bill"), &[K::UtilityGas]),
    (Words("gas|bills"), &[K::UtilityGas]),
    (Words("gas|company"), &[K::UtilityGas]),
    (Words("gas|utility"), &[K::UtilityGas]),
    (Words("gas|service"), &[K::UtilityGas]),
    (Words("natural|gas"), &[K::UtilityGas]),
    (Words("gas|and|electric"), &[K::UtilityGas, K::Electricity]),
    (Words("gas|and|electricity"), &[K::UtilityGas, K::Electricity]),
    (Words("gas|n|electric"), &[K::UtilityGas, K::Electricity]),
    (Words("gas|electric"), &[K::UtilityGas, K::Electricity]),
    (Words("electric|and|gas"), &[K::UtilityGas, K::Electricity]),
    (Words("electricity|and|gas"), &[K::UtilityGas, K::Electricity]),
    (Words("gas|station"), &[K::Fuel]),
    (Words("gas|stations"), &[K::Fuel]),
    (Words("gas"), &[K::Fuel]),
    (Words("fuel"), &[K::Fuel]),
    (Words("petrol"), &[K::Fuel]),
    (Words("gasoline"), &[K::Fuel]),
    (Words("diesel"), &[K::Fuel]),
    (Words("fill|ups"), &[K::Fuel]),
    (Words("fill|up"), &[K::Fuel]),
    (Words("fillup"), &[K::Fuel]),
    (Words("fillups"), &[K::Fuel]),
    (Words("filling|up"), &[K::Fuel]),
    (Words("coffee"), &[K::Coffee]),
    (Words("coffees"), &[K::Coffee]),
    (Words("cafe"), &[K::Coffee]),
    (Words("cafes"), &[K::Coffee]),
    (Words("latte"), &[K::Coffee]),
    (Words("lattes"), &[K::Coffee]),
    (Words("espresso"), &[K::Coffee]),
    (Words("fast|food"), &[K::FastFood]),
    (Words("fastfood"), &[K::FastFood]),
    (Words("drive|thru"), &[K::FastFood]),
    (Words("electric"), &[K::Electricity]),
    (Words("electricity"), &[K::Electricity]),
    (Words("power|bill"), &[K::Electricity]),
    (Words("power|bills"), &[K::Electricity]),
    (Words("power|company"), &[K::Electricity]),
    (Words("light|bill"), &[K::Electricity]),
    (Words("water|bill"), &[K::Water]),
    (Words("water|bills"), &[K::Water]),
    (Words("water|utility"), &[K::Water]),
    (Words("water|company"), &[K::Water]),
    (Words("sewer"), &[K::Water]),
    (Words("phone|bill"), &[K::Phone]),
    (Words("phone|bills"), &[K::Phone]),
    (Words("phone|plan"), &[K::Phone]),
    (Words("cell|bill"), &[K::Phone]),
    (Words("cellphone|bill"), &[K::Phone]),
    (Words("mobile|bill"), &[K::Phone]),
    (Words("wireless|bill"), &[K::Phone]),
    (Words("internet"), &[K::Internet]),
    (Words("wifi"), &[K::Internet]),
    (Words("broadband"), &[K::Internet]),
    (Words("cable|bill"), &[K::Internet]),
    (Words("insurance"), &[K::Insurance]),
    (Words("utilities"), UTILITIES),
    (Words("utility|bills"), UTILITIES),
    (Words("utility|bill"), UTILITIES),
    (Words("utils"), UTILITIES),
    (Words("gift|card"), &[K::GiftCards]),
    (Words("gift|cards"), &[K::GiftCards]),
    (Words("giftcard"), &[K::GiftCards]),
    (Words("giftcards"), &[K::GiftCards]),
    (Words("egift|cards"), &[K::GiftCards]),
    (Words("rides"), &[K::Rides]),
    (Words("rideshare"), &[K::Rides]),
    (Words("rideshares"), &[K::Rides]),
    (Words("ridesharing"), &[K::Rides]),
    (Words("ride|share"), &[K::Rides]),
    (Words("taxi"), &[K::Rides]),
    (Words("taxis"), &[K::Rides]),
    (Words("cabs"), &[K::Rides]),
    (Words("parking"), &[K::Parking]),
    (Words("transit"), &[K::Transit]),
    (Words("public|transport"), &[K::Transit]),
    (Words("public|transportation"), &[K::Transit]),
    (Words("bus|fare"), &[K::Transit]),
    (Words("bus|fares"), &[K::Transit]),
    (Words("train|fare"), &[K::Transit]),
    (Words("metrocard"), &[K::Transit]),
    (Words("streaming"), &[K::Streaming]),
    (Words("flight"), &[K::Flights]),
    (Words("flights"), &[K::Flights]),
    (Words("airfare"), &[K::Flights]),
    (Words("airfares"), &[K::Flights]),
    (Words("airline"), &[K::Flights]),
    (Words("airlines"), &[K::Flights]),
    (Words("plane|tickets"), &[K::Flights]),
    (Words("plane|ticket"), &[K::Flights]),
    (Words("hotel"), &[K::Hotels]),
    (Words("hotels"), &[K::Hotels]),
    (Words("lodging"), &[K::Hotels]),
    (Words("motel"), &[K::Hotels]),
    (Words("motels"), &[K::Hotels]),
    (Words("movie"), &[K::Movies]),
    (Words("movies"), &[K::Movies]),
    (Words("cinema"), &[K::Movies]),
    (Words("cinemas"), &[K::Movies]),
    (Words("movie|theater"), &[K::Movies]),
    (Words("movie|tickets"), &[K::Movies]),
    (Words("concert"), &[K::Events]),
    (Words("concerts"), &[K::Events]),
    (Words("concert|tickets"), &[K::Events]),
    (Words("event|tickets"), &[K::Events]),
    (Words("live|music"), &[K::Events]),
    (Words("booze"), &[K::Alcohol]),
    (Words("alcohol"), &[K::Alcohol]),
    (Words("liquor"), &[K::Alcohol]),
    (Words("beer"), &[K::Alcohol]),
    (Words("beers"), &[K::Alcohol]),
    (Words("wine"), &[K::Alcohol]),
    (Words("bars"), &[K::Alcohol]),
    (Words("pubs"), &[K::Alcohol]),
    (Words("drinks"), &[K::Alcohol]),
    (Words("haircut"), &[K::Haircuts]),
    (Words("haircuts"), &[K::Haircuts]),
    (Words("barber"), &[K::Haircuts]),
    (Words("barbers"), &[K::Haircuts]),
    (Words("hair|salon"), &[K::Haircuts]),
    (Words("food|delivery"), &[K::FoodDelivery]),
    (Words("food|deliveries"), &[K::FoodDelivery]),
    (Words("delivery|food"), &[K::FoodDelivery]),
    (Words("delivery|apps"), &[K::FoodDelivery]),
    (Words("delivery|app"), &[K::FoodDelivery]),
    (Words("food|delivery|apps"), &[K::FoodDelivery]),
    (Words("clothes"), &[K::Clothing]),
    (Words("clothing"), &[K::Clothing]),
    (Words("apparel"), &[K::Clothing]),
];

/// The phrase of most words that starts at token `i`, and how many words it has.
fn phrase_at(toks: &[Token], i: usize) -> Option<(usize, &'static [SpendKind])> {
    KIND_PHRASES
        .iter()
        .filter(|(phrase, _)| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == w))
        })
        .max_by_key(|(phrase, _)| phrase.iter().count())
        .map(|(phrase, kinds)| (phrase.iter().count(), *kinds))
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
