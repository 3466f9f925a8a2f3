//! Builds a sandbox person: accounts, the shared helpers that turn a purchase or transfer into
//! a ledger [`Entry`] (ids, posting lags, locations), and the monthly credit card payments.
//! The daily routine lives in `routine`, the planted episodes in `fraud`.

use super::ledger::{balances_at, Entry};
use super::merchants::{HomeCity, Merchant, HOME_CITIES, MERCHANTS};
use super::rng::{splitmix64, Rng};
use super::{fraud, routine, SandboxData, SANDBOX_SOURCE};
use crate::model::{
    Account, AccountId, AccountKind, Category, CreditTerms, Location, SourceId, SourceKind,
    Transaction, TxnId, TxnStatus,
};
use crate::money::Currency;
use crate::time::{local_date, Date, Timestamp, DAY};

/// Account index of the checking account.
pub(crate) const CHECKING: usize = 0;
/// Account index of the credit card.
pub(crate) const CARD: usize = 1;
/// Account index of the savings account, when the person has one.
pub(crate) const SAVINGS: usize = 2;

/// A place: city, region, ISO country, latitude and longitude in micro-degrees.
pub(crate) type Place = (&'static str, &'static str, &'static str, i32, i32);

/// Generation state shared by the routine and the episodes.
pub(crate) struct Gen {
    pub rng: Rng,
    seed: u64,
    pub home: HomeCity,
    pub offset: i32,
    pub start: Date,
    /// Number of generated days.
    pub ndays: i64,
    /// First instant after the generated period.
    pub end_ts: Timestamp,
    pub entries: Vec<Entry>,
    pub has_savings: bool,
    pub statement_day: u32,
    id_counter: u64,
}

impl Gen {
    /// The home city as a place.
    pub(crate) fn home_place(&self) -> Place {
        (
            self.home.city,
            self.home.region,
            "US",
            self.home.lat_e6,
            self.home.lon_e6,
        )
    }

    /// The date of day `d` of the period.
    pub(crate) fn day(&self, d: i64) -> Date {
        self.start.add_days(d)
    }

    /// A local time on `date`.
    pub(crate) fn at(&self, date: Date, hour: i64, minute: i64) -> Timestamp {
        date.start_ts(self.offset) + hour * 3600 + minute * 60
    }

    /// A random local time on `date`, hour and minute drawn from inclusive ranges.
    pub(crate) fn when(
        &mut self,
        date: Date,
        h_lo: i64,
        h_hi: i64,
        m_lo: i64,
        m_hi: i64,
    ) -> Timestamp {
        let h = self.rng.range(h_lo, h_hi);
        let m = self.rng.range(m_lo, m_hi);
        self.at(date, h, m)
    }

    /// A fresh bank id (SimpleFIN style).
    fn new_id(&mut self) -> String {
        let mut s = self.seed ^ self.id_counter.wrapping_mul(0xD134_2543_DE82_EF95);
        self.id_counter += 1;
        format!("TRN-{:016x}", splitmix64(&mut s))
    }

    /// Where a merchant's branch near `place` is: a stable point within a few kilometres.
    pub(crate) fn locate(&self, m: &Merchant, place: Place) -> Location {
        let mut s = self.seed ^ fnv(m.name) ^ fnv(place.0).rotate_left(17);
        let dlat = (splitmix64(&mut s) % 100_001) as i32 - 50_000;
        let dlon = (splitmix64(&mut s) % 120_001) as i32 - 60_000;
        Location {
            lat_e6: Some(place.3.saturating_add(dlat)),
            lon_e6: Some(place.4.saturating_add(dlon)),
            city: Some(place.0.to_string()),
            region: Some(place.1.to_string()),
            country: Some(place.2.to_string()),
        }
    }

    /// When a card charge authorised at `auth` settles: one to three business days later,
    /// early in the morning.
    fn post_time(&mut self, auth: Timestamp) -> Timestamp {
        let lag = match self.rng.below(100) {
            0..=49 => 1,
            50..=87 => 2,
            _ => 3,
        };
        let mut date = local_date(auth, self.offset).add_days(lag);
        while date.weekday() >= 5 {
            date = date.add_days(1);
        }
        let minute = self.rng.range(0, 179);
        self.at(date, 4, minute).max(auth + 3600)
    }

    /// A card charge of `amount` (positive cents) at `m` near `place` (home when `None`), with
    /// a pending phase and a later posting. Returns the entry index.
    pub(crate) fn card(
        &mut self,
        account: usize,
        m: &Merchant,
        auth: Timestamp,
        amount: i64,
        place: Option<Place>,
    ) -> usize {
        let place = place.unwrap_or_else(|| self.home_place());
        let location = m.card_present.then(|| self.locate(m, place));
        let description = if m.card_present {
            format!("{} {} {}", m.descriptor, place.0.to_uppercase(), place.1)
        } else {
            m.descriptor.to_string()
        };
        let post = self.post_time(auth);
        let pending_raw_id = self.new_id();
        let posted_raw_id = self.new_id();
        self.entries.push(Entry {
            account,
            auth_ts: auth,
            post_ts: Some(post),
            drop_ts: None,
            has_pending: true,
            pending_amount: -amount,
            posted_amount: -amount,
            pending_raw_id,
            posted_raw_id,
            pending_description: m.descriptor.to_string(),
            description,
            merchant: Some(m.name.to_string()),
            mcc: Some(m.mcc),
            category: Some(m.category),
            location,
            card_present: Some(m.card_present),
        });
        self.entries.len() - 1
    }

    /// A transfer, deposit or bill payment that appears already posted (no pending phase).
    pub(crate) fn ach(
        &mut self,
        account: usize,
        ts: Timestamp,
        amount: i64,
        description: &str,
        merchant: Option<&str>,
        category: Category,
    ) -> usize {
        let id = self.new_id();
        self.entries.push(Entry {
            account,
            auth_ts: ts,
            post_ts: Some(ts),
            drop_ts: None,
            has_pending: false,
            pending_amount: amount,
            posted_amount: amount,
            pending_raw_id: id.clone(),
            posted_raw_id: id,
            pending_description: description.to_string(),
            description: description.to_string(),
            merchant: merchant.map(str::to_string),
            mcc: None,
            category: Some(category),
            location: None,
            card_present: None,
        });
        self.entries.len() - 1
    }

    /// The ledger balance of an account at `ts` from the entries generated so far.
    pub(crate) fn balance_at(&self, account: usize, opening: i64, ts: Timestamp) -> i64 {
        balances_at(&self.entries, account, opening, ts).0
    }
}

/// FNV-1a, for stable per-name variation.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The days to generate and the zone they are lived in.
pub(crate) struct Span {
    /// The first generated day.
    pub start: Date,
    /// The first day after the generated period.
    pub end_exclusive: Date,
    /// The UTC offset of the person's days (`None`: their home city's standard time).
    pub offset: Option<i32>,
    /// Plant one more card-testing episode in the last week, so a period that ends today
    /// has a fraud alert that is current.
    pub recent_episode: bool,
}

/// Generates `months` months from `start` (the historical, fixed-calendar form).
pub(crate) fn build(seed: u64, start: Date, months: u32) -> SandboxData {
    let end_exclusive = start
        .add_months_first(months as i32)
        .add_days(i64::from(start.day) - 1);
    build_span(
        seed,
        &Span {
            start,
            end_exclusive,
            offset: None,
            recent_episode: false,
        },
    )
}

/// Generates the whole data set for `span`.
pub(crate) fn build_span(seed: u64, span: &Span) -> SandboxData {
    let mut rng = Rng::new(seed);
    let home = *rng.pick(HOME_CITIES).unwrap_or(&HOME_CITIES[0]);
    let start = span.start;
    let end_date = span.end_exclusive;
    let ndays = (end_date.days() - start.days()).max(0);
    let offset = span
        .offset
        .unwrap_or(home.offset_minutes)
        .clamp(-14 * 60, 14 * 60);
    let mut g = Gen {
        rng: rng.fork(1),
        seed,
        home,
        offset,
        start,
        ndays,
        end_ts: end_date.start_ts(offset),
        entries: Vec::new(),
        has_savings: rng.chance(750),
        statement_day: rng.range(12, 25) as u32,
        id_counter: 0,
    };
    let source = SourceId(SANDBOX_SOURCE.into());
    let (templates, opening) = accounts(&mut rng, &source, g.has_savings);

    let plan = routine::Plan::new(&mut g);
    routine::run(&mut g, &plan, &opening);
    let mut planted = fraud::plant(&mut g, &plan);
    if span.recent_episode {
        planted.extend(fraud::recent(&mut g));
    }
    card_payments(&mut g, &opening);

    // Ground truth refers to posted ids; entries are kept in authorisation order.
    let mut order: Vec<usize> = (0..g.entries.len()).collect();
    order.sort_by_key(|&i| (g.entries.get(i).map_or(0, |e| e.auth_ts), i));
    let mut new_index = vec![0usize; order.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(slot) = new_index.get_mut(old) {
            *slot = new;
        }
    }
    let entries: Vec<Entry> = order
        .iter()
        .filter_map(|&i| g.entries.get(i).cloned())
        .collect();
    let episodes = planted
        .into_iter()
        .filter_map(|p| {
            let acct = templates.get(p.account)?;
            let txn_ids: Vec<TxnId> = p
                .entries
                .iter()
                .filter_map(|&i| entries.get(*new_index.get(i)?))
                .filter(|e| e.post_ts.is_some_and(|t| t < g.end_ts))
                .map(|e| e.posted_id(&acct.id))
                .collect();
            (!txn_ids.is_empty()).then(|| super::ScriptedEpisode {
                kind: p.kind,
                account: acct.id.clone(),
                txn_ids,
            })
        })
        .collect();

    let mut data = SandboxData {
        accounts: Vec::new(),
        transactions: Vec::new(),
        episodes,
        home: (home.lat_e6, home.lon_e6),
        opening_balances: opening,
        end: g.end_ts - 1,
        offset_minutes: g.offset,
        templates,
        entries,
        statement_day: g.statement_day,
    };
    let view = data.snapshot_at(data.end);
    data.accounts = view.accounts;
    data.transactions = view.transactions;
    data
}

/// The person's accounts (without balances) and their opening ledger balances.
fn accounts(rng: &mut Rng, source: &SourceId, has_savings: bool) -> (Vec<Account>, Vec<i64>) {
    let institution = "Sandbox Federal Bank".to_string();
    let account =
        |raw: &str, name: &str, kind: AccountKind, last4: String, full: Option<String>| Account {
            id: AccountId::scoped(source, raw),
            source: source.clone(),
            source_kind: SourceKind::Sandbox,
            institution: institution.clone(),
            display_name: name.to_string(),
            nickname: None,
            kind,
            currency: Currency::USD,
            last4: Some(last4),
            full_number: full,
            routing_number: None,
            balance: None,
            available: None,
            credit: None,
        };
    let mut digits = |n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect()
    };
    let chk_number = format!("{}{}", 4, digits(9));
    let sav_number = format!("{}{}", 7, digits(9));
    let card_last4 = digits(4);
    let last4 = |s: &str| s.get(s.len().saturating_sub(4)..).unwrap_or("").to_string();
    let mut list = vec![
        account(
            "chk",
            "Everyday Checking",
            AccountKind::Checking,
            last4(&chk_number),
            Some(chk_number.clone()),
        ),
        account(
            "visa",
            "Cash Rewards Visa Signature",
            AccountKind::CreditCard,
            card_last4,
            None,
        ),
    ];
    let limit = rng.range(10, 30) * 50_000;
    let apr = *rng
        .pick(&[1999u32, 2249, 2499, 2749, 2999])
        .unwrap_or(&2499);
    if let Some(card) = list.get_mut(CARD) {
        card.credit = Some(CreditTerms {
            limit: Some(limit),
            statement_balance: None,
            minimum_payment: None,
            due_date: None,
            apr_bps: Some(apr),
        });
    }
    let mut opening = vec![rng.range(2_500, 6_000) * 100, -rng.range(300, 1_200) * 100];
    if has_savings {
        list.push(account(
            "sav",
            "High Yield Savings",
            AccountKind::Savings,
            last4(&sav_number),
            Some(sav_number.clone()),
        ));
        opening.push(rng.range(40, 200) * 10_000);
    }
    (list, opening)
}

/// Pays each closed statement in full from checking three days before it is due.
fn card_payments(g: &mut Gen, opening: &[i64]) {
    let card_opening = opening.get(CARD).copied().unwrap_or(0);
    let mut month = g.start.first_of_month();
    loop {
        let close_day = Date::new(month.year, month.month, g.statement_day);
        month = month.add_months_first(1);
        let Some(close_day) = close_day else { continue };
        let close = close_day.add_days(1).start_ts(g.offset) - 1;
        if close >= g.end_ts {
            break;
        }
        if close < g.start.start_ts(g.offset) {
            continue;
        }
        let owed = -g.balance_at(CARD, card_opening, close);
        let pay_day = close_day.add_days(21);
        let ts = g.at(pay_day, 9, 15);
        if owed <= 0 || ts >= g.end_ts {
            continue;
        }
        let desc = "SANDBOX FED CARD PAYMENT WEB PMT";
        g.ach(CHECKING, ts, -owed, desc, None, Category::Transfer);
        g.ach(
            CARD,
            ts,
            owed,
            "PAYMENT - THANK YOU",
            None,
            Category::Transfer,
        );
    }
}

/// `n` posted transactions for benchmarks, about three a day from 2024-01-01, deterministic.
pub(crate) fn bench_transactions(n: usize, seed: u64) -> Vec<Transaction> {
    let mut rng = Rng::new(seed ^ 0xBE7C);
    let source = SourceId(SANDBOX_SOURCE.into());
    let account = AccountId::scoped(&source, "visa");
    let home = *rng.pick(HOME_CITIES).unwrap_or(&HOME_CITIES[0]);
    let place: Place = (home.city, home.region, "US", home.lat_e6, home.lon_e6);
    let g = Gen {
        rng: Rng::new(seed),
        seed,
        home,
        offset: home.offset_minutes,
        start: Date {
            year: 2024,
            month: 1,
            day: 1,
        },
        ndays: 0,
        end_ts: 0,
        entries: Vec::new(),
        has_savings: false,
        statement_day: 20,
        id_counter: 0,
    };
    let mut ts = g.at(g.start, 8, 0);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        ts += rng.range(600, 16 * 3600);
        let m = rng.pick(MERCHANTS).unwrap_or(&MERCHANTS[0]);
        let amount = -rng.amount(m.min, m.max);
        let location = m.card_present.then(|| g.locate(m, place));
        let description = if m.card_present {
            format!(
                "{} {} {}",
                m.descriptor,
                home.city.to_uppercase(),
                home.region
            )
        } else {
            m.descriptor.to_string()
        };
        let mut s = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        out.push(Transaction {
            id: TxnId::scoped(&account, &format!("TRN-{:016x}", splitmix64(&mut s))),
            account: account.clone(),
            amount,
            currency: Currency::USD,
            status: TxnStatus::Posted,
            transacted_at: ts,
            posted_at: Some(ts + DAY),
            description,
            merchant: Some(m.name.to_string()),
            mcc: Some(m.mcc),
            category: Some(m.category),
            location,
            card_present: Some(m.card_present),
            pending_link: None,
        });
    }
    out
}
