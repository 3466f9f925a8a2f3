//! Legitimate lives: one person's year of card payments. People differ in income, how often
//! they pay (sparse to dense), when (day workers, night-shift workers, people who shop online
//! at 2 a.m.), how much they buy online, whether they travel (paying in person far from home,
//! legitimately), and they now and then make a big purchase or try a new merchant.

use super::rng::Rng;
use super::Txn;
use tacit_core::time::DAY;

/// Cities people live in and travel to: (latitude, longitude).
pub const CITIES: [(f64, f64); 24] = [
    (40.71, -74.01),
    (34.05, -118.24),
    (41.88, -87.63),
    (29.76, -95.37),
    (33.45, -112.07),
    (39.95, -75.17),
    (29.42, -98.49),
    (32.72, -117.16),
    (32.78, -96.80),
    (37.34, -121.89),
    (30.27, -97.74),
    (39.77, -86.16),
    (35.23, -80.84),
    (47.61, -122.33),
    (39.74, -104.99),
    (42.36, -71.06),
    (36.17, -115.14),
    (45.52, -122.68),
    (35.15, -90.05),
    (38.25, -85.76),
    (43.04, -87.91),
    (44.98, -93.27),
    (25.76, -80.19),
    (46.87, -96.79),
];

/// Spending categories (the `score-fraud` column values), with a typical amount in dollars
/// and whether they are paid online.
pub const CATEGORIES: [(&str, f64, bool); 14] = [
    ("grocery_pos", 55.0, false),
    ("grocery_net", 60.0, true),
    ("gas_transport", 45.0, false),
    ("shopping_pos", 60.0, false),
    ("shopping_net", 55.0, true),
    ("misc_pos", 30.0, false),
    ("misc_net", 25.0, true),
    ("food_dining", 28.0, false),
    ("entertainment", 35.0, false),
    ("health_fitness", 40.0, false),
    ("home", 70.0, false),
    ("kids_pets", 35.0, false),
    ("personal_care", 25.0, false),
    ("travel", 180.0, false),
];

/// The kinds of life the generator draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Day worker, pays morning to evening.
    Day,
    /// Night-shift worker: pays late evening to early morning.
    NightShift,
    /// Day life, but buys online in the small hours.
    NightOnline,
    /// Travels often and pays in person far from home.
    Traveller,
}

/// One person.
#[derive(Debug, Clone)]
pub struct Person {
    pub kind: Kind,
    pub home: (f64, f64),
    /// Multiplier of every amount (income level).
    pub scale: f64,
    /// Payments per day.
    pub rate: f64,
    /// Category weights.
    pub weights: [f64; 14],
    /// Hour peaks (centre, sd in hours, weight).
    pub hours: Vec<(f64, f64, f64)>,
    /// Regular merchants per category: (name, lat, lon).
    pub regulars: Vec<Vec<(String, f64, f64)>>,
    /// Probability of trying a new merchant.
    pub novelty: f64,
}

/// A merchant name nobody else uses (deterministic from the generator).
pub fn merchant_name(r: &mut Rng) -> String {
    const A: [&str; 16] = [
        "North", "Blue", "Oak", "River", "Sun", "Stone", "Maple", "Harbor", "Summit", "Pine",
        "Golden", "Silver", "Lake", "Cedar", "Prairie", "Bay",
    ];
    const B: [&str; 16] = [
        "Market", "Goods", "Supply", "Outlet", "Corner", "Depot", "Shop", "Store", "Trading",
        "House", "Works", "Mart", "Co", "Center", "Place", "Hub",
    ];
    format!(
        "{} {} {:04x}",
        A[r.int(0, 15) as usize],
        B[r.int(0, 15) as usize],
        r.next() & 0xffff
    )
}

/// A point within `km` of `c`.
pub fn near(r: &mut Rng, c: (f64, f64), km: f64) -> (f64, f64) {
    let d = km * r.f().sqrt() / 111.2;
    let a = r.range(0.0, std::f64::consts::TAU);
    (
        c.0 + d * a.sin(),
        c.1 + d * a.cos() / c.0.to_radians().cos(),
    )
}

/// Where an online merchant is registered: near a random city.
pub fn online_at(r: &mut Rng) -> (f64, f64) {
    let c = CITIES[r.int(0, CITIES.len() as i64 - 1) as usize];
    near(r, c, 10.0)
}

/// A city at least `min_km` from `home`.
pub fn far_city(r: &mut Rng, home: (f64, f64), min_km: f64) -> (f64, f64) {
    for _ in 0..50 {
        let c = CITIES[r.int(0, CITIES.len() as i64 - 1) as usize];
        let dy = (c.0 - home.0) * 111.2;
        let dx = (c.1 - home.1) * 111.2 * home.0.to_radians().cos();
        if (dx * dx + dy * dy).sqrt() >= min_km {
            return near(r, c, 10.0);
        }
    }
    (home.0 + 12.0, home.1)
}

impl Person {
    /// Draws a person.
    pub fn draw(r: &mut Rng) -> Person {
        let kind = [
            Kind::Day,
            Kind::NightShift,
            Kind::NightOnline,
            Kind::Traveller,
        ][r.pick(&[0.55, 0.15, 0.15, 0.15])];
        let home = {
            let c = CITIES[r.int(0, CITIES.len() as i64 - 1) as usize];
            near(r, c, 30.0)
        };
        let scale = (0.6 * r.normal()).exp();
        // Sparse (a few a week) to dense (several a day) card users.
        let rate = (r.range(-1.2, 1.9)).exp();
        let mut weights = [0f64; 14];
        for (w, (_, _, online)) in weights.iter_mut().zip(CATEGORIES.iter()) {
            *w = r.f().powi(2) * if *online { r.range(0.1, 1.5) } else { 1.0 };
        }
        let hours = match kind {
            Kind::NightShift => vec![
                (23.0, 1.2, 1.0),
                (2.5, 1.5, 1.0),
                (r.range(6.0, 8.0), 1.0, 0.7),
            ],
            _ => vec![
                (r.range(7.5, 9.5), 1.0, 0.6),
                (r.range(12.0, 13.5), 1.0, 1.0),
                (r.range(17.0, 20.0), 1.6, 1.4),
            ],
        };
        let regulars = CATEGORIES
            .iter()
            .map(|(_, _, online)| {
                (0..r.int(2, 7))
                    .map(|_| {
                        let at = if *online {
                            online_at(r)
                        } else {
                            near(r, home, 15.0)
                        };
                        (merchant_name(r), at.0, at.1)
                    })
                    .collect()
            })
            .collect();
        Person {
            kind,
            home,
            scale,
            rate,
            weights,
            hours,
            regulars,
            novelty: r.range(0.03, 0.25),
        }
    }

    /// The person's usual amount in a category, cents.
    pub fn usual_cents(&self, cat: usize) -> f64 {
        CATEGORIES.get(cat).map_or(30.0, |c| c.1) * self.scale * 100.0
    }

    /// One amount the person might pay in a category, cents: their usual amount with their
    /// own spread (log-normal, sd 0.5).
    pub fn draw_cents(&self, r: &mut Rng, cat: usize) -> f64 {
        self.usual_cents(cat) * (0.5 * r.normal()).exp()
    }

    /// A median amount over the person's own mix of spending, cents.
    pub fn median_cents(&self) -> f64 {
        let total: f64 = self.weights.iter().sum::<f64>().max(1e-9);
        let l: f64 = (0..14)
            .map(|c| self.weights[c] / total * self.usual_cents(c).ln())
            .sum();
        l.exp()
    }

    /// A second of the day drawn from the person's hours.
    pub fn second_of_day(&self, r: &mut Rng, online: bool) -> i64 {
        let h = if self.kind == Kind::NightOnline && online && r.chance(0.7) {
            r.range(0.0, 3.5)
        } else {
            let w: Vec<f64> = self.hours.iter().map(|h| h.2).collect();
            let (c, sd, _) = self.hours[r.pick(&w)];
            c + sd * r.normal()
        };
        ((h * 3600.0) as i64).rem_euclid(DAY)
    }

    /// One legitimate payment on `day` (days since the epoch).
    fn payment(&self, r: &mut Rng, day: i64, away: Option<(f64, f64)>) -> Txn {
        let cat = r.pick(&self.weights);
        let (name, _, online) = CATEGORIES[cat];
        let ts = day * DAY + self.second_of_day(r, online);
        let big = r.chance(0.004);
        let cents = self.draw_cents(r, cat) * if big { 10.0 } else { 1.0 };
        let (merchant, lat, lon) = match away {
            Some(c) if !online => {
                let at = near(r, c, 15.0);
                (merchant_name(r), at.0, at.1)
            }
            _ => {
                let regs = &self.regulars[cat];
                if r.chance(self.novelty) || regs.is_empty() {
                    let at = if online {
                        online_at(r)
                    } else {
                        near(r, self.home, 20.0)
                    };
                    (merchant_name(r), at.0, at.1)
                } else {
                    let m = &regs[r.int(0, regs.len() as i64 - 1) as usize];
                    (m.0.clone(), m.1, m.2)
                }
            }
        };
        Txn {
            ts,
            cents: (cents.round() as i64).max(50),
            category: name,
            merchant,
            lat,
            lon,
            pattern: None,
        }
    }

    /// The person's legitimate year: `days` days from `start_day`.
    pub fn year(&self, r: &mut Rng, start_day: i64, days: i64) -> Vec<Txn> {
        let mut trips = Vec::new();
        if self.kind == Kind::Traveller {
            for _ in 0..r.int(3, 7) {
                let s = start_day + r.int(10, days - 12);
                trips.push((s, s + r.int(3, 10), far_city(r, self.home, 600.0)));
            }
        }
        let mut out = Vec::new();
        let subscription = (merchant_name(r), r.int(5, 28), r.int(699, 1999));
        for d in start_day..start_day + days {
            let away = trips.iter().find(|t| d >= t.0 && d <= t.1).map(|t| t.2);
            for _ in 0..r.poisson(self.rate) {
                out.push(self.payment(r, d, away));
            }
            if (d - start_day) % 30 == subscription.1 {
                let at = CITIES[3];
                out.push(Txn {
                    ts: d * DAY + 6 * 3600 + r.int(0, 3600),
                    cents: subscription.2,
                    category: "misc_net",
                    merchant: subscription.0.clone(),
                    lat: at.0,
                    lon: at.1,
                    pattern: None,
                });
            }
        }
        out
    }
}
