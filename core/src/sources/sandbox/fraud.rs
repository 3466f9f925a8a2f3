//! Planted episodes with ground truth: card testing, a remote online burst, a duplicate
//! charge, a subscription price rise and a free trial that converts to paid. The fraud engine
//! is measured against these; everything else in the sandbox is legitimate.

use super::generator::{Gen, Place, CARD};
use super::merchants::{self, by_name, Group, Merchant};
use super::routine::{Plan, NETFLIX_NEW};
use super::EpisodeKind;
use crate::model::Category;
use crate::time::DAY;

/// An episode before ids are assigned: entry indices into the generator's entries.
#[derive(Debug)]
pub(crate) struct Planted {
    pub kind: EpisodeKind,
    pub account: usize,
    pub entries: Vec<usize>,
}

/// Merchants used only by card testers.
#[rustfmt::skip]
const TESTERS: &[Merchant] = &[
    Merchant { name: "Givehope Fund", descriptor: "WWW.GIVEHOPEFUND.ORG", category: Category::Other, mcc: 8398, min: 50, max: 199, card_present: false, group: Group::OnlineShopping },
    Merchant { name: "Digisvcs", descriptor: "PAYPAL *DIGISVCS 4029357733", category: Category::Shopping, mcc: 5816, min: 50, max: 199, card_present: false, group: Group::OnlineShopping },
    Merchant { name: "Kltra Store", descriptor: "KLTRA*STORE ONLINE", category: Category::Shopping, mcc: 5999, min: 50, max: 199, card_present: false, group: Group::OnlineShopping },
];

/// Merchants a thief cashes out at.
#[rustfmt::skip]
const CASH_OUT: &[Merchant] = &[
    Merchant { name: "Best Buy", descriptor: "BESTBUY.COM 00010", category: Category::Shopping, mcc: 5732, min: 45_000, max: 150_000, card_present: false, group: Group::OnlineShopping },
    Merchant { name: "Newegg", descriptor: "NEWEGG INC", category: Category::Shopping, mcc: 5732, min: 30_000, max: 120_000, card_present: false, group: Group::OnlineShopping },
    Merchant { name: "Gift Card Mall", descriptor: "GIFTCARDMALL.COM", category: Category::Shopping, mcc: 5947, min: 10_000, max: 50_000, card_present: false, group: Group::OnlineShopping },
    Merchant { name: "Razer Gold", descriptor: "RAZER GOLD*GIFTCARD", category: Category::Entertainment, mcc: 5816, min: 10_000, max: 50_000, card_present: false, group: Group::OnlineShopping },
];

/// Far-away places a stolen card is used from.
const FAR: &[Place] = &[
    ("Bucharest", "B", "RO", 44_426_767, 26_102_538),
    ("Lagos", "LA", "NG", 6_524_379, 3_379_206),
    ("Las Vegas", "NV", "US", 36_169_941, -115_139_830),
];

/// Plants every episode that fits the period (fraud needs at least 60 days).
pub(crate) fn plant(g: &mut Gen, plan: &Plan) -> Vec<Planted> {
    let mut out = Vec::new();
    let n = g.ndays;
    if n < 60 {
        return out;
    }
    let day = n * 22 / 100 + g.rng.range(0, n * 7 / 100);
    out.push(duplicate(g, day));
    let day = n * 40 / 100 + g.rng.range(0, n * 10 / 100);
    out.push(card_testing(g, day));
    let day = n * 62 / 100 + g.rng.range(0, n * 10 / 100);
    out.push(remote_burst(g, day));
    if let Some(p) = price_rise(g, plan) {
        out.push(p);
    }
    let day = n * 25 / 100 + g.rng.range(0, n * 10 / 100);
    if let Some(p) = trial(g, day) {
        out.push(p);
    }
    out
}

/// A card-testing episode five to seven days before the period's last day (for periods that
/// end today: its charges have posted by the last day, and the alert it raises is current).
pub(crate) fn recent(g: &mut Gen) -> Option<Planted> {
    let n = g.ndays;
    if n < 60 {
        return None;
    }
    let day = n - 1 - g.rng.range(5, 7);
    Some(card_testing(g, day))
}

/// The same charge twice, one to six minutes apart.
fn duplicate(g: &mut Gen, day: i64) -> Planted {
    let list = merchants::group(if g.rng.chance(500) {
        Group::Shopping
    } else {
        Group::QuickFood
    });
    let mut entries = Vec::new();
    if let Some(m) = g.rng.pick(&list).copied() {
        let date = g.day(day);
        let ts = g.when(date, 11, 19, 0, 50);
        let amount = g.rng.amount(m.min, m.max);
        entries.push(g.card(CARD, m, ts, amount, None));
        let again = ts + g.rng.range(60, 360);
        entries.push(g.card(CARD, m, again, amount, None));
    }
    Planted {
        kind: EpisodeKind::DuplicateCharge,
        account: CARD,
        entries,
    }
}

/// Four to eight micro-charges at an unknown online merchant in the small hours.
fn card_testing(g: &mut Gen, day: i64) -> Planted {
    let m = *g.rng.pick(TESTERS).unwrap_or(&TESTERS[0]);
    let date = g.day(day);
    let mut ts = g.when(date, 1, 4, 0, 59);
    let count = g.rng.range(4, 8);
    let mut entries = Vec::new();
    for _ in 0..count {
        let amount = if g.rng.chance(330) {
            100
        } else {
            g.rng.range(50, 199)
        };
        entries.push(g.card(CARD, &m, ts, amount, None));
        ts += g.rng.range(30, 240);
    }
    Planted {
        kind: EpisodeKind::CardTesting,
        account: CARD,
        entries,
    }
}

/// Three to five online purchases within about ninety minutes, located far from home.
fn remote_burst(g: &mut Gen, day: i64) -> Planted {
    let place = *g.rng.pick(FAR).unwrap_or(&FAR[0]);
    let date = g.day(day);
    let mut ts = g.when(date, 1, 5, 0, 59);
    let count = g.rng.range(3, 5);
    let mut entries = Vec::new();
    for _ in 0..count {
        let m = *g.rng.pick(CASH_OUT).unwrap_or(&CASH_OUT[0]);
        let amount = if m.mcc == 5732 {
            g.rng.range(m.min, m.max)
        } else {
            *g.rng
                .pick(&[10_000i64, 20_000, 25_000, 50_000])
                .unwrap_or(&10_000)
        };
        let idx = g.card(CARD, &m, ts, amount, None);
        let location = g.locate(&m, place);
        if let Some(e) = g.entries.get_mut(idx) {
            e.location = Some(location);
            e.description = format!("{} {} {}", m.descriptor, place.0.to_uppercase(), place.2);
        }
        entries.push(idx);
        ts += g.rng.range(300, 1800);
    }
    Planted {
        kind: EpisodeKind::RemoteOnlineBurst,
        account: CARD,
        entries,
    }
}

/// The first Netflix charge at the raised price.
fn price_rise(g: &Gen, plan: &Plan) -> Option<Planted> {
    let rise_ts = g.day(plan.netflix_rise_day).start_ts(g.offset);
    let first = g
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.merchant.as_deref() == Some("Netflix") && e.auth_ts >= rise_ts)
        .filter(|(_, e)| e.posted_amount == -NETFLIX_NEW)
        .min_by_key(|(i, e)| (e.auth_ts, *i))?;
    Some(Planted {
        kind: EpisodeKind::SubscriptionPriceRise,
        account: CARD,
        entries: vec![first.0],
    })
}

/// A $1.00 verification hold at sign-up that is released, then monthly paid charges from 30
/// days later.
fn trial(g: &mut Gen, day: i64) -> Option<Planted> {
    let m = by_name("Hulu")?;
    let date = g.day(day);
    let ts = g.when(date, 19, 22, 0, 59);
    let hold = g.card(CARD, m, ts, 100, None);
    if let Some(e) = g.entries.get_mut(hold) {
        e.post_ts = None;
        e.drop_ts = Some(ts + 4 * DAY);
    }
    let first_paid = date.add_days(30);
    let dom = first_paid.day.min(28);
    let mut month = first_paid.first_of_month();
    let mut first = None;
    while let Some(day) = crate::time::Date::new(month.year, month.month, dom) {
        month = month.add_months_first(1);
        if day < first_paid {
            continue;
        }
        let ts = g.when(day, 3, 3, 0, 59);
        if ts >= g.end_ts {
            break;
        }
        let idx = g.card(CARD, m, ts, m.min, None);
        first.get_or_insert(idx);
    }
    Some(Planted {
        kind: EpisodeKind::TrialConversion,
        account: CARD,
        entries: vec![first?],
    })
}
