//! Fraud patterns drawn on a person's card. Each episode is a run of fraudulent payments
//! labelled with its pattern, so recall can be reported per pattern:
//!
//! - `stolen_day` / `stolen_night`: card details used online at 3–8 times the person's usual
//!   amounts, by day or by night, at merchants the person never used;
//! - `card_testing`: a burst of tiny online charges, then a few larger ones;
//! - `account_takeover`: new merchants, shipped to new places, at hours of the thief's choosing;
//! - `skimmed_far`: a cloned card used in person in a city far away;
//! - `big_ticket_online`: one or two very large online purchases;
//! - `compromised_terminal`: the person's usual amounts at a merchant they already use. One
//!   person's history cannot show it (no cross-customer view): it is drawn to state that limit,
//!   not to be caught;
//! - `stolen_familiar`: stolen card details used over one to three weeks for a share of the
//!   card's payments at 3–8 times the person's usual amounts, at merchants and kinds of spending
//!   the person already uses, at their usual hours and places. Only the amount is wrong: it
//!   asks whether the engine sees "big for this person" without "new merchant, online"
//!   (issue #19: the independent simulator's main pattern).

use super::life::{far_city, merchant_name, near, online_at, Person, CATEGORIES};
use super::rng::Rng;
use super::Txn;
use tacit_core::time::DAY;

/// Pattern names, in report order. The first seven are drawn for a compromised card (weights in
/// `PATTERN_WEIGHTS`); `stolen_familiar` is drawn apart, on its own random stream, so adding it
/// left every other card's payments as they were.
pub const PATTERNS: [&str; 8] = [
    "stolen_day",
    "stolen_night",
    "card_testing",
    "account_takeover",
    "skimmed_far",
    "big_ticket_online",
    "compromised_terminal",
    "stolen_familiar",
];

const ONLINE: [usize; 3] = [1, 4, 6];

fn online_txn(
    ts: i64,
    cents: f64,
    cat: usize,
    merchant: &str,
    at: (f64, f64),
    p: &'static str,
) -> Txn {
    Txn {
        ts,
        cents: (cents.round() as i64).max(1),
        category: CATEGORIES[cat].0,
        merchant: merchant.to_string(),
        lat: at.0,
        lon: at.1,
        pattern: Some(p),
    }
}

/// One fraud episode of pattern `p` starting on `day` (days since the epoch).
pub fn episode(r: &mut Rng, person: &Person, p: &'static str, day: i64) -> Vec<Txn> {
    let med = person.median_cents();
    let start = day * DAY + r.int(0, DAY - 1);
    let mut out = Vec::new();
    match p {
        "stolen_day" | "stolen_night" => {
            let n = r.int(2, 8);
            let mut t = day * DAY;
            for _ in 0..n {
                let hour = if p == "stolen_day" {
                    r.range(8.0, 20.0)
                } else {
                    r.range(0.0, 5.0)
                };
                let cat = ONLINE[r.int(0, 2) as usize];
                let m = merchant_name(r);
                let at = online_at(r);
                let ts = t + (hour * 3600.0) as i64;
                out.push(online_txn(ts, med * r.range(3.0, 8.0), cat, &m, at, p));
                if r.chance(0.4) {
                    t += DAY;
                }
            }
        }
        "card_testing" => {
            let m = merchant_name(r);
            let at = online_at(r);
            let mut ts = start;
            for _ in 0..r.int(3, 6) {
                out.push(online_txn(ts, r.range(50.0, 200.0), 6, &m, at, p));
                ts += r.int(60, 600);
            }
            for _ in 0..r.int(1, 3) {
                ts += r.int(600, 4 * 3600);
                let m2 = merchant_name(r);
                out.push(online_txn(ts, med * r.range(3.0, 10.0), 4, &m2, at, p));
            }
        }
        "account_takeover" => {
            let far = far_city(r, person.home, 500.0);
            let mut ts = start;
            for _ in 0..r.int(3, 6) {
                let m = merchant_name(r);
                out.push(online_txn(ts, med * r.range(2.0, 5.0), 4, &m, far, p));
                ts += r.int(1800, DAY / 2);
            }
        }
        "skimmed_far" => {
            let far = far_city(r, person.home, 800.0);
            let mut ts = start;
            for _ in 0..r.int(3, 8) {
                let cat = [0usize, 2, 3][r.int(0, 2) as usize];
                let m = merchant_name(r);
                let at = near(r, far, 20.0);
                let cents = person.usual_cents(cat) * r.range(2.0, 6.0);
                out.push(Txn {
                    ts,
                    cents: cents.round() as i64,
                    category: CATEGORIES[cat].0,
                    merchant: m,
                    lat: at.0,
                    lon: at.1,
                    pattern: Some(p),
                });
                ts += r.int(1200, 8 * 3600);
            }
        }
        "stolen_familiar" => out = stolen_familiar(r, person, day),
        "big_ticket_online" => {
            let mut ts = start;
            for _ in 0..r.int(1, 2) {
                let m = merchant_name(r);
                let at = online_at(r);
                let cents = (med * r.range(15.0, 40.0)).max(r.range(80_000.0, 300_000.0));
                out.push(online_txn(ts, cents, 4, &m, at, p));
                ts += r.int(600, 6 * 3600);
            }
        }
        _ => {
            // compromised_terminal: usual merchant, usual amounts.
            let cat = (0..14)
                .max_by(|&a, &b| person.weights[a].total_cmp(&person.weights[b]))
                .unwrap_or(0);
            if let Some(m) = person.regulars.get(cat).and_then(|v| v.first()) {
                let mut ts = start;
                for _ in 0..r.int(2, 4) {
                    let cents = person.usual_cents(cat) * (0.4 * r.normal()).exp();
                    out.push(Txn {
                        ts,
                        cents: cents.round() as i64,
                        category: CATEGORIES[cat].0,
                        merchant: m.0.clone(),
                        lat: m.1,
                        lon: m.2,
                        pattern: Some(p),
                    });
                    ts += r.int(3600, 2 * DAY);
                }
            }
        }
    }
    out
}

/// The longest `stolen_familiar` span, days.
pub const FAMILIAR_MAX_DAYS: i64 = 21;
/// The most payments a `stolen_familiar` thief makes (a dense card user's share would be more).
pub const FAMILIAR_MAX_PAYMENTS: i64 = 20;

/// `stolen_familiar` from `day`: over 7–21 days, a thief's share (1/4 to 1/2) of the card's
/// payments, each as the person might pay (their kind of spending, a regular merchant of that
/// kind with its place, their hours, their spread of amounts) at 3–8 times the amount.
fn stolen_familiar(r: &mut Rng, person: &Person, day: i64) -> Vec<Txn> {
    let span = r.int(7, FAMILIAR_MAX_DAYS);
    let share = r.range(0.25, 0.5);
    let multiple = r.range(3.0, 8.0);
    let expected = person.rate * span as f64 * share / (1.0 - share);
    let n = (expected.round() as i64).clamp(2, FAMILIAR_MAX_PAYMENTS);
    (0..n)
        .map(|_| {
            let cat = r.pick(&person.weights);
            let (name, _, online) = CATEGORIES[cat];
            let regs = &person.regulars[cat];
            let m = &regs[r.int(0, regs.len() as i64 - 1) as usize];
            let ts = (day + r.int(0, span - 1)) * DAY + person.second_of_day(r, online);
            let cents = person.draw_cents(r, cat) * multiple;
            Txn {
                ts,
                cents: (cents.round() as i64).max(50),
                category: name,
                merchant: m.0.clone(),
                lat: m.1,
                lon: m.2,
                pattern: Some("stolen_familiar"),
            }
        })
        .collect()
}
