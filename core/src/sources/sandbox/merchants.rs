//! The sandbox's merchant table: about sixty real-looking US merchants with their category,
//! merchant category code, a typical amount range and whether the card is present, plus the
//! home cities a sandbox person can live in. Data only; the generator decides when to spend.

use crate::model::Category;

/// Which part of a person's routine a merchant serves; the generator draws from a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    Grocery,
    Coffee,
    QuickFood,
    Restaurant,
    Delivery,
    Fuel,
    Ride,
    Shopping,
    OnlineShopping,
    Entertainment,
    Health,
    PersonalCare,
    Airline,
    Hotel,
    CarRental,
    Subscription,
    Bill,
}

/// One merchant. Amounts are positive magnitudes in cents; the generator signs them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Merchant {
    /// Normalised merchant name.
    pub name: &'static str,
    /// The statement descriptor a bank prints.
    pub descriptor: &'static str,
    pub category: Category,
    pub mcc: u16,
    pub min: i64,
    pub max: i64,
    pub card_present: bool,
    pub group: Group,
}

#[allow(clippy::too_many_arguments)]
const fn m(
    name: &'static str,
    descriptor: &'static str,
    category: Category,
    mcc: u16,
    min: i64,
    max: i64,
    card_present: bool,
    group: Group,
) -> Merchant {
    Merchant {
        name,
        descriptor,
        category,
        mcc,
        min,
        max,
        card_present,
        group,
    }
}

use Category as C;
use Group as G;

/// The merchant table.
#[rustfmt::skip]
pub(crate) const MERCHANTS: &[Merchant] = &[
    m("Whole Foods Market", "WHOLEFDS MKT 10234", C::Groceries, 5411, 2500, 18000, true, G::Grocery),
    m("Trader Joe's", "TRADER JOE S #552", C::Groceries, 5411, 1800, 12000, true, G::Grocery),
    m("Safeway", "SAFEWAY #1458", C::Groceries, 5411, 1500, 14000, true, G::Grocery),
    m("Kroger", "KROGER #0612", C::Groceries, 5411, 1500, 15000, true, G::Grocery),
    m("Costco", "COSTCO WHSE #0471", C::Groceries, 5300, 6000, 32000, true, G::Grocery),
    m("Aldi", "ALDI 72014", C::Groceries, 5411, 1200, 9000, true, G::Grocery),
    m("Starbucks", "STARBUCKS STORE 08841", C::Dining, 5814, 350, 1450, true, G::Coffee),
    m("Blue Bottle Coffee", "SQ *BLUE BOTTLE COFFEE", C::Dining, 5814, 450, 1600, true, G::Coffee),
    m("Dunkin'", "DUNKIN #347712", C::Dining, 5814, 300, 1100, true, G::Coffee),
    m("Chipotle", "CHIPOTLE 1893", C::Dining, 5814, 1050, 2600, true, G::QuickFood),
    m("Sweetgreen", "SWEETGREEN 0231", C::Dining, 5814, 1200, 2400, true, G::QuickFood),
    m("Panera Bread", "PANERA BREAD #601180", C::Dining, 5814, 900, 2200, true, G::QuickFood),
    m("Shake Shack", "SHAKE SHACK 1127", C::Dining, 5814, 1100, 3200, true, G::QuickFood),
    m("McDonald's", "MCDONALD'S F12093", C::Dining, 5814, 600, 1800, true, G::QuickFood),
    m("Olive Garden", "OLIVE GARDEN 0021", C::Dining, 5812, 3200, 9500, true, G::Restaurant),
    m("The Cheesecake Factory", "CHEESECAKE FACTORY 0112", C::Dining, 5812, 4000, 12000, true, G::Restaurant),
    m("Nopa Kitchen", "TST* NOPA KITCHEN", C::Dining, 5812, 3500, 16000, true, G::Restaurant),
    m("Lucky Dragon", "SQ *LUCKY DRAGON", C::Dining, 5812, 2200, 7000, true, G::Restaurant),
    m("Taqueria El Sol", "TAQUERIA EL SOL", C::Dining, 5812, 1500, 4500, true, G::Restaurant),
    m("DoorDash", "DOORDASH*DASHPASS", C::Dining, 5812, 1800, 6500, false, G::Delivery),
    m("Uber Eats", "UBER *EATS PENDING", C::Dining, 5812, 1700, 6000, false, G::Delivery),
    m("Shell", "SHELL OIL 57444512", C::Transport, 5541, 2500, 7500, true, G::Fuel),
    m("Chevron", "CHEVRON 0209481", C::Transport, 5541, 2500, 7800, true, G::Fuel),
    m("Exxon", "EXXONMOBIL 4471", C::Transport, 5541, 2400, 7200, true, G::Fuel),
    m("Uber", "UBER *TRIP", C::Transport, 4121, 900, 4800, false, G::Ride),
    m("Lyft", "LYFT *RIDE", C::Transport, 4121, 850, 4200, false, G::Ride),
    m("Target", "TARGET 00018796", C::Shopping, 5310, 1200, 16000, true, G::Shopping),
    m("Walmart", "WAL-MART #2290", C::Shopping, 5311, 900, 14000, true, G::Shopping),
    m("The Home Depot", "THE HOME DEPOT #6512", C::Shopping, 5200, 800, 25000, true, G::Shopping),
    m("IKEA", "IKEA 0410", C::Shopping, 5712, 2000, 40000, true, G::Shopping),
    m("Best Buy", "BEST BUY 00012", C::Shopping, 5732, 1500, 60000, true, G::Shopping),
    m("Nike", "NIKE STORE 0311", C::Shopping, 5661, 4500, 18000, true, G::Shopping),
    m("Amazon", "AMAZON MKTPL*2K4TR81Q2", C::Shopping, 5942, 700, 15000, false, G::OnlineShopping),
    m("Etsy", "ETSY, INC.", C::Shopping, 5999, 1200, 9000, false, G::OnlineShopping),
    m("Apple", "APPLE.COM/BILL", C::Shopping, 5732, 99, 12900, false, G::OnlineShopping),
    m("Chewy", "CHEWY.COM", C::Other, 5995, 2500, 11000, false, G::OnlineShopping),
    m("AMC Theatres", "AMC 2120 ONLINE", C::Entertainment, 7832, 1500, 4800, false, G::Entertainment),
    m("Ticketmaster", "TICKETMASTER", C::Entertainment, 7922, 4500, 32000, false, G::Entertainment),
    m("Steam", "STEAMGAMES.COM 4259522985", C::Entertainment, 5816, 499, 5999, false, G::Entertainment),
    m("CVS Pharmacy", "CVS/PHARMACY #08812", C::Health, 5912, 600, 6500, true, G::Health),
    m("Walgreens", "WALGREENS #4471", C::Health, 5912, 500, 5500, true, G::Health),
    m("Great Clips", "GREAT CLIPS #3361", C::Other, 7230, 2200, 3800, true, G::PersonalCare),
    m("Delta Air Lines", "DELTA AIR LINES", C::Travel, 3058, 18000, 65000, false, G::Airline),
    m("United Airlines", "UNITED 0162341234567", C::Travel, 3000, 16000, 70000, false, G::Airline),
    m("Marriott", "MARRIOTT DOWNTOWN", C::Travel, 3509, 18000, 90000, true, G::Hotel),
    m("Hilton", "HILTON GARDEN INN", C::Travel, 3504, 15000, 70000, true, G::Hotel),
    m("Hertz", "HERTZ RENT-A-CAR", C::Travel, 3357, 9000, 45000, true, G::CarRental),
    m("Netflix", "NETFLIX.COM", C::Subscriptions, 4899, 1549, 1549, false, G::Subscription),
    m("Spotify", "SPOTIFY USA", C::Subscriptions, 5815, 1199, 1199, false, G::Subscription),
    m("Apple iCloud", "APPLE.COM/BILL ICLOUD", C::Subscriptions, 5818, 299, 299, false, G::Subscription),
    m("Amazon Prime", "AMAZON PRIME*7Y1UX93R0", C::Subscriptions, 5968, 1499, 1499, false, G::Subscription),
    m("New York Times", "NYTIMES*NYTIMES", C::Subscriptions, 5968, 425, 425, false, G::Subscription),
    m("Planet Fitness", "PLANET FITNESS", C::Health, 7997, 2499, 2499, false, G::Subscription),
    m("Hulu", "HULU 877-8244858", C::Subscriptions, 4899, 1799, 1799, false, G::Subscription),
    m("Verizon Wireless", "VERIZON WIRELESS PAYMENTS", C::Bills, 4814, 7000, 9500, false, G::Bill),
    m("Xfinity", "COMCAST XFINITY", C::Bills, 4899, 7999, 8999, false, G::Bill),
    m("City Power & Light", "CITY POWER & LIGHT AUTOPAY", C::Bills, 4900, 5500, 18000, false, G::Bill),
    m("Municipal Water", "CITY WATER UTIL WEB PMT", C::Bills, 4900, 3500, 7500, false, G::Bill),
    m("State Farm", "STATE FARM RO 27 SFPP", C::Bills, 6300, 14200, 14200, false, G::Bill),
];

/// Looks a merchant up by its normalised name.
pub(crate) fn by_name(name: &str) -> Option<&'static Merchant> {
    MERCHANTS.iter().find(|m| m.name == name)
}

/// Merchants of one group.
pub(crate) fn group(g: Group) -> Vec<&'static Merchant> {
    MERCHANTS.iter().filter(|m| m.group == g).collect()
}

/// A city a sandbox person can live in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HomeCity {
    pub city: &'static str,
    pub region: &'static str,
    pub lat_e6: i32,
    pub lon_e6: i32,
    /// Standard-time UTC offset in minutes (the sandbox ignores daylight saving).
    pub offset_minutes: i32,
}

/// Home cities.
#[rustfmt::skip]
pub(crate) const HOME_CITIES: &[HomeCity] = &[
    HomeCity { city: "Austin", region: "TX", lat_e6: 30_267_153, lon_e6: -97_743_061, offset_minutes: -360 },
    HomeCity { city: "Denver", region: "CO", lat_e6: 39_739_236, lon_e6: -104_990_251, offset_minutes: -420 },
    HomeCity { city: "Chicago", region: "IL", lat_e6: 41_878_114, lon_e6: -87_629_798, offset_minutes: -360 },
    HomeCity { city: "Seattle", region: "WA", lat_e6: 47_606_209, lon_e6: -122_332_071, offset_minutes: -480 },
    HomeCity { city: "Columbus", region: "OH", lat_e6: 39_961_176, lon_e6: -82_998_794, offset_minutes: -300 },
    HomeCity { city: "Raleigh", region: "NC", lat_e6: 35_779_590, lon_e6: -78_638_179, offset_minutes: -300 },
];

/// Places a sandbox person travels to (city, region, country, lat, lon).
pub(crate) const TRIP_CITIES: &[(&str, &str, &str, i32, i32)] = &[
    ("New York", "NY", "US", 40_712_776, -74_005_974),
    ("San Diego", "CA", "US", 32_715_738, -117_161_084),
    ("Miami", "FL", "US", 25_761_680, -80_191_790),
    ("Boston", "MA", "US", 42_360_081, -71_058_884),
    ("Nashville", "TN", "US", 36_162_664, -86_781_602),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sane() {
        assert!(MERCHANTS.len() >= 55);
        for m in MERCHANTS {
            assert!(m.min > 0 && m.min <= m.max);
            assert!(m.mcc >= 1000 && m.mcc <= 9999);
            assert!(!m.name.is_empty() && !m.descriptor.is_empty());
        }
        for g in [
            Group::Grocery,
            Group::Coffee,
            Group::Fuel,
            Group::Bill,
            Group::Subscription,
        ] {
            assert!(!group(g).is_empty());
        }
        assert!(by_name("Netflix").is_some());
    }
}
