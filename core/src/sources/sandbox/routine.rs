//! The sandbox person's ordinary life: pay, rent, bills, subscriptions, weekly groceries,
//! coffee, dining with tips, fuel, rides, shopping, savings and the odd trip. Everything here
//! is legitimate; planted anomalies live in `fraud`.

use super::generator::{Gen, Place, CARD, CHECKING, SAVINGS};
use super::merchants::{self, by_name, Group, Merchant, TRIP_CITIES};
use crate::model::Category;
use crate::time::{days_in_month, Date, DAY};

/// Netflix's price before and after the planted price rise, in cents.
pub(crate) const NETFLIX_OLD: i64 = 1549;
/// See [`NETFLIX_OLD`].
pub(crate) const NETFLIX_NEW: i64 = 1799;

/// A trip away from home.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trip {
    pub start: i64,
    pub len: i64,
    pub place: Place,
}

/// The person's fixed habits, drawn once.
#[derive(Debug)]
pub(crate) struct Plan {
    biweekly: bool,
    pay: i64,
    first_payday: i64,
    employer: &'static str,
    rent: i64,
    grocery_weekday: u32,
    favourite_grocers: Vec<&'static Merchant>,
    subs: Vec<(&'static Merchant, u32)>,
    bills: Vec<(&'static Merchant, u32)>,
    savings_transfer: i64,
    fuel_every: i64,
    pub trips: Vec<Trip>,
    /// First day index at which Netflix charges the new price.
    pub netflix_rise_day: i64,
}

impl Plan {
    /// Draws the habits of the person.
    pub(crate) fn new(g: &mut Gen) -> Plan {
        let rng = &mut g.rng;
        let biweekly = rng.chance(700);
        let pay = if biweekly {
            rng.range(2_300, 3_000) * 100 + rng.range(0, 99)
        } else {
            rng.range(5_000, 6_500) * 100 + rng.range(0, 99)
        };
        // The first Friday of the period, possibly a week later.
        let first_friday = (4 + 7 - i64::from(g.start.weekday())) % 7;
        let first_payday = first_friday + if rng.chance(500) { 7 } else { 0 };
        let employer = *rng
            .pick(&[
                "NORTHWIND TRADERS",
                "CONTOSO LTD",
                "GLOBEX CORP",
                "INITECH INC",
            ])
            .unwrap_or(&"GLOBEX CORP");
        let grocers = merchants::group(Group::Grocery);
        let mut favourite_grocers = Vec::new();
        for _ in 0..2 {
            if let Some(m) = rng.pick(&grocers) {
                favourite_grocers.push(*m);
            }
        }
        let mut subs = Vec::new();
        for name in [
            "Netflix",
            "Spotify",
            "Apple iCloud",
            "Amazon Prime",
            "New York Times",
            "Planet Fitness",
        ] {
            let always = name == "Netflix" || name == "Spotify";
            if let Some(m) = by_name(name) {
                if always || rng.chance(550) {
                    subs.push((m, rng.range(1, 28) as u32));
                }
            }
        }
        let mut bills = Vec::new();
        for (name, day) in [
            ("Verizon Wireless", 12u32),
            ("Xfinity", 18),
            ("City Power & Light", 22),
            ("Municipal Water", 26),
            ("State Farm", 5),
        ] {
            let always = name != "Municipal Water" && name != "State Farm";
            if let Some(m) = by_name(name) {
                if always || rng.chance(600) {
                    bills.push((m, day));
                }
            }
        }
        let mut trips = Vec::new();
        let n = g.ndays;
        if n >= 60 {
            let place = *rng.pick(TRIP_CITIES).unwrap_or(&TRIP_CITIES[0]);
            trips.push(Trip {
                start: n * 8 / 100 + rng.range(0, n * 8 / 100),
                len: rng.range(3, 5),
                place,
            });
            if rng.chance(500) {
                let place = *rng.pick(TRIP_CITIES).unwrap_or(&TRIP_CITIES[0]);
                trips.push(Trip {
                    start: n * 78 / 100 + rng.range(0, n * 8 / 100),
                    len: rng.range(2, 4),
                    place,
                });
            }
        }
        Plan {
            biweekly,
            pay,
            first_payday,
            employer,
            rent: rng.range(14, 19) * 10_000 + rng.range(0, 9) * 500,
            grocery_weekday: if rng.chance(500) { 5 } else { 6 },
            favourite_grocers,
            subs,
            bills,
            savings_transfer: rng.range(4, 16) * 5_000,
            fuel_every: rng.range(6, 9),
            trips,
            netflix_rise_day: n * 45 / 100,
        }
    }

    fn trip_on(&self, d: i64) -> Option<&Trip> {
        self.trips
            .iter()
            .find(|t| d >= t.start && d < t.start + t.len)
    }
}

/// Generates every day of the period.
pub(crate) fn run(g: &mut Gen, plan: &Plan, opening: &[i64]) {
    for t in &plan.trips {
        book_flight(g, t);
    }
    let mut next_fuel = g.rng.range(0, plan.fuel_every);
    for d in 0..g.ndays {
        let date = g.day(d);
        income_and_bills(g, plan, d, date, opening);
        if let Some(trip) = plan.trip_on(d).copied() {
            trip_day(g, &trip, d, date);
            next_fuel = next_fuel.max(d + 1);
            continue;
        }
        home_day(g, plan, d, date);
        if d == g.ndays - 1 {
            // A tipped dinner on the last evening: pending now, posting later for more.
            spend(g, Group::Restaurant, date, 19, 21, None);
        }
        if d >= next_fuel {
            if let Some(m) = pick(g, Group::Fuel) {
                let ts = g.when(date, 7, 19, 0, 59);
                let amount = g.rng.range(m.min, m.max);
                let account = debit_or_credit(g);
                g.card(account, m, ts, amount, None);
            }
            next_fuel = d + plan.fuel_every + g.rng.range(-1, 1);
        }
    }
}

/// Pay, rent, bills, subscriptions and savings on their days.
fn income_and_bills(g: &mut Gen, plan: &Plan, d: i64, date: Date, opening: &[i64]) {
    let last_day = days_in_month(date.year, date.month);
    let payday = if plan.biweekly {
        d >= plan.first_payday && (d - plan.first_payday) % 14 == 0
    } else {
        date.day == last_day
    };
    if payday {
        let desc = format!(
            "{} PAYROLL PPD ID: 9{:09}",
            plan.employer,
            plan.pay % 1_000_000_000
        );
        g.ach(
            CHECKING,
            g.at(date, 6, 0),
            plan.pay,
            &desc,
            Some(plan.employer),
            Category::Income,
        );
    }
    if date.day == 1 {
        let ts = g.at(date, 7, 30);
        g.ach(
            CHECKING,
            ts,
            -plan.rent,
            "AVALON COMMUNITIES WEB PMT",
            Some("Avalon Communities"),
            Category::Housing,
        );
    }
    for &(m, day) in &plan.bills {
        if date.day == day {
            let seasonal = matches!(date.month, 1 | 2 | 7 | 8 | 12);
            let amount = if seasonal && m.mcc == 4900 {
                m.max - g.rng.range(0, 2000)
            } else {
                g.rng.range(m.min, m.max)
            };
            let ts = g.at(date, 8, 0);
            g.ach(
                CHECKING,
                ts,
                -amount,
                m.descriptor,
                Some(m.name),
                m.category,
            );
        }
    }
    for &(m, day) in &plan.subs {
        if date.day == day {
            let amount = if m.name == "Netflix" && d >= plan.netflix_rise_day {
                NETFLIX_NEW
            } else if m.name == "Netflix" {
                NETFLIX_OLD
            } else {
                m.min
            };
            let ts = g.when(date, 3, 3, 0, 59);
            g.card(CARD, m, ts, amount, None);
        }
    }
    if g.has_savings {
        if date.day == 2 {
            let ts = g.at(date, 9, 0);
            g.ach(
                CHECKING,
                ts,
                -plan.savings_transfer,
                "ONLINE TRANSFER TO SAV",
                None,
                Category::Transfer,
            );
            g.ach(
                SAVINGS,
                ts,
                plan.savings_transfer,
                "ONLINE TRANSFER FROM CHK",
                None,
                Category::Transfer,
            );
        }
        if date.day == last_day {
            let ts = g.at(date, 20, 0);
            let balance = g.balance_at(SAVINGS, opening.get(SAVINGS).copied().unwrap_or(0), ts);
            let interest = (balance * 400 / 10_000 / 12).max(1);
            g.ach(
                SAVINGS,
                ts,
                interest,
                "INTEREST PAYMENT",
                None,
                Category::Income,
            );
        }
    }
}

/// A merchant of a group, drawn uniformly.
fn pick(g: &mut Gen, group: Group) -> Option<&'static Merchant> {
    let list = merchants::group(group);
    g.rng.pick(&list).copied()
}

/// Most card spending goes on the credit card; some on the checking account's debit card.
fn debit_or_credit(g: &mut Gen) -> usize {
    if g.rng.chance(150) {
        CHECKING
    } else {
        CARD
    }
}

/// A purchase from `group` at a random time between `from` and `to` hours local.
fn spend(
    g: &mut Gen,
    group: Group,
    date: Date,
    from: i64,
    to: i64,
    place: Option<Place>,
) -> Option<usize> {
    let m = pick(g, group)?;
    let ts = g.when(date, from, to - 1, 0, 59);
    let amount = g.rng.amount(m.min, m.max);
    let account = if m.card_present {
        debit_or_credit(g)
    } else {
        CARD
    };
    let idx = g.card(account, m, ts, amount, place);
    if group == Group::Restaurant {
        add_tip(g, idx, amount);
    }
    Some(idx)
}

/// A sit-down restaurant's posted amount includes a tip the pending charge did not.
fn add_tip(g: &mut Gen, idx: usize, base: i64) {
    let pct = g.rng.range(15, 22);
    let tip = base * pct / 100;
    if let Some(e) = g.entries.get_mut(idx) {
        e.posted_amount = -(base + tip);
    }
}

/// One ordinary day at home.
fn home_day(g: &mut Gen, plan: &Plan, d: i64, date: Date) {
    let weekday = date.weekday();
    let workday = weekday < 5;
    if weekday == plan.grocery_weekday || (weekday == 2 && g.rng.chance(250)) {
        let m = g.rng.pick(&plan.favourite_grocers).copied();
        if let Some(m) = m {
            let ts = g.when(date, 10, 18, 0, 59);
            let amount = g.rng.amount(m.min, m.max);
            let account = debit_or_credit(g);
            g.card(account, m, ts, amount, None);
        }
    }
    if workday && g.rng.chance(400) {
        spend(g, Group::Coffee, date, 7, 10, None);
    }
    if workday && g.rng.chance(300) {
        spend(g, Group::QuickFood, date, 12, 14, None);
    }
    let dinner_odds = if weekday == 4 || weekday == 5 {
        500
    } else {
        70
    };
    if g.rng.chance(dinner_odds) {
        spend(g, Group::Restaurant, date, 18, 21, None);
    }
    let odds = [
        (Group::Delivery, 60, 18, 22),
        (Group::Ride, 50, 8, 23),
        (Group::Shopping, if workday { 60 } else { 150 }, 10, 20),
        (Group::OnlineShopping, 100, 7, 23),
        (Group::Entertainment, 40, 12, 22),
        (Group::Health, 40, 9, 20),
    ];
    for (group, per_mille, from, to) in odds {
        if g.rng.chance(per_mille) {
            spend(g, group, date, from, to, None);
        }
    }
    if d % 35 == 17 {
        spend(g, Group::PersonalCare, date, 10, 18, None);
    }
    if g.rng.chance(20) {
        let ts = g.when(date, 9, 21, 0, 59);
        let amount = g.rng.range(3, 10) * 2_000;
        let desc = format!(
            "ATM WITHDRAWAL #00{} {}",
            g.rng.range(1000, 9999),
            g.home.city.to_uppercase()
        );
        g.ach(CHECKING, ts, -amount, &desc, None, Category::Cash);
    }
}

/// The flight for a trip, bought online about a month before.
fn book_flight(g: &mut Gen, trip: &Trip) {
    let day = (trip.start - g.rng.range(21, 40)).max(0);
    if let Some(m) = pick(g, Group::Airline) {
        let ts = g.when(g.day(day), 19, 22, 0, 59);
        let amount = g.rng.range(m.min, m.max);
        g.card(CARD, m, ts, amount, None);
    }
}

/// One day of a trip: meals and rides in the trip city, hotel and car on the last day, and an
/// incidental hold at check-in that is released without posting.
fn trip_day(g: &mut Gen, trip: &Trip, d: i64, date: Date) {
    let place = Some(trip.place);
    let day_of_trip = d - trip.start;
    if day_of_trip == 0 {
        if let Some(m) = by_name("Marriott") {
            let ts = g.when(date, 16, 16, 0, 59);
            let idx = g.card(CARD, m, ts, 10_000 * trip.len, place);
            let drop = ts + (trip.len + 3) * DAY;
            if let Some(e) = g.entries.get_mut(idx) {
                e.post_ts = None;
                e.drop_ts = Some(drop);
                e.pending_description = "MARRIOTT DOWNTOWN AUTH HOLD".to_string();
            }
        }
    }
    spend(g, Group::Coffee, date, 8, 10, place);
    spend(g, Group::QuickFood, date, 12, 14, place);
    spend(g, Group::Restaurant, date, 19, 22, place);
    if g.rng.chance(600) {
        spend(g, Group::Ride, date, 9, 23, place);
    }
    if day_of_trip == trip.len - 1 {
        if let Some(m) = by_name("Marriott") {
            let ts = g.when(date, 11, 11, 0, 59);
            let nightly = g.rng.range(179, 329) * 100;
            g.card(CARD, m, ts, nightly * trip.len, place);
        }
        if g.rng.chance(500) {
            if let Some(m) = by_name("Hertz") {
                let ts = g.when(date, 13, 13, 0, 59);
                let amount = g.rng.range(m.min, m.max);
                g.card(CARD, m, ts, amount, place);
            }
        }
    }
}
