//! Conversations on the sandbox bank about references and short names (QA pass 4, causes 1,
//! 2, 5 and 6): "there", "the last one", "that day" resolve against the previous turn or ask;
//! a short or unknown merchant word is the merchant ("amc this year", "hbo this year"), never
//! the total of everything; "smallest category" ranks from the bottom; "altogether" is all
//! the data, not a merchant. Every figure is computed from the vault, never written down.

use std::collections::HashMap;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::TestKeyWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::model::{Account, AccountKind, Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::{SandboxBank, SandboxData};
use tacit_core::time::{local_date, Date, Timestamp};
use tacit_core::vault::{OpenOptions, TxnFilter};

fn profile(level: DisclosureLevel) -> (tempfile::TempDir, Profile, SandboxData) {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TestKeyWrapper::new(SecretKey::from_bytes([7; 32]));
    let p = Profile::open(&dir.path().join("p.db"), &w, OpenOptions::default()).expect("open");
    p.set_settings(Settings {
        level,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .expect("settings");
    let data = SandboxBank::generate(2026, Date::new(2025, 11, 1).expect("date"), 12);
    p.ingest(&data.batch(), data.end).expect("ingest");
    (dir, p, data)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

fn ask(p: &Profile, text: &str, now: Timestamp) -> tacit_core::assistant::Reply {
    p.handle_message(text, now).expect("reply")
}

struct Bank {
    txns: Vec<Transaction>,
    accounts: Vec<Account>,
}

impl Bank {
    fn of(p: &Profile) -> Bank {
        Bank {
            txns: p
                .test_vault(|v| Ok(v.transactions(&TxnFilter::default())?))
                .expect("txns"),
            accounts: p.test_vault(|v| Ok(v.accounts()?)).expect("accounts"),
        }
    }

    /// Spending as the assistant counts it: money out, refunds back, no income, transfers
    /// or loans, pending credits left out.
    fn spend(&self, from: Date, until: Date, keep: impl Fn(&Transaction) -> bool) -> i64 {
        self.txns
            .iter()
            .filter(|t| t.transacted_at >= from.start_ts(0) && t.transacted_at < until.start_ts(0))
            .filter(|t| {
                !self
                    .accounts
                    .iter()
                    .any(|a| a.id == t.account && a.kind == AccountKind::Loan)
            })
            .filter(|t| keep(t))
            .filter_map(|t| match t.category {
                Some(Category::Transfer | Category::Income) => None,
                _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
                _ => Some(-t.amount),
            })
            .sum()
    }

    /// The first day with data.
    fn first_day(&self) -> Date {
        let first = self
            .txns
            .iter()
            .map(|t| t.transacted_at)
            .min()
            .expect("txns");
        local_date(first, 0)
    }
}

fn at(name: &'static str) -> impl Fn(&Transaction) -> bool {
    move |t| t.merchant.as_deref() == Some(name)
}

#[test]
fn there_as_a_first_message_asks_which_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    for q in ["how much did i spend there", "what did i get there"] {
        let r = ask(&p, q, data.end);
        assert!(
            r.local_text.contains("Which merchant"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.platform_text.as_str().contains('$'), "{q}");
    }
    // "what did i buy that day" with no day before: which dates, never the 30-day list.
    let r = ask(&p, "what did i buy that day", data.end);
    assert!(r.local_text.contains("Which dates"), "{}", r.local_text);
}

#[test]
fn there_and_the_last_one_take_the_previous_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let year = Date::new(today.year, 1, 1).expect("jan 1");
    let tomorrow = today.add_days(1);
    let r = ask(&p, "costco this year", data.end);
    let costco_year = bank.spend(year, tomorrow, at("Costco"));
    assert!(r.local_text.contains(&usd(costco_year)), "{}", r.local_text);
    // "there in total": Costco over all the data, not all spending.
    let r = ask(&p, "how much i pay there in total", data.end + 10);
    let costco_all = bank.spend(bank.first_day(), tomorrow, at("Costco"));
    assert!(r.local_text.contains(&usd(costco_all)), "{}", r.local_text);
    let everything = bank.spend(bank.first_day(), tomorrow, |_| true);
    assert!(!r.local_text.contains(&usd(everything)), "{}", r.local_text);
    // "the last one": Costco's latest charge this year.
    let r = ask(&p, "costco this year", data.end + 20);
    assert!(r.local_text.contains(&usd(costco_year)));
    let r = ask(&p, "how much was the most recent one", data.end + 30);
    let latest = bank
        .txns
        .iter()
        .filter(|t| at("Costco")(t) && t.transacted_at >= year.start_ts(0))
        .max_by_key(|t| t.transacted_at)
        .expect("a costco charge");
    assert!(
        r.local_text.contains(&usd(-latest.amount)),
        "{}",
        r.local_text
    );
    assert_eq!(r.intent.as_str(), "transactions");
    // "what did i get there": Costco's charges, no other merchant's.
    let r = ask(&p, "what did i get there", data.end + 40);
    assert!(r.local_text.contains("Costco"), "{}", r.local_text);
    let others: HashMap<&str, ()> = bank
        .txns
        .iter()
        .filter_map(|t| t.merchant.as_deref())
        .filter(|m| *m != "Costco")
        .map(|m| (m, ()))
        .collect();
    for m in others.keys() {
        assert!(
            !r.local_text.contains(&format!("· {m} ·")),
            "{m}: {}",
            r.local_text
        );
    }
}

#[test]
fn that_day_lists_the_day_just_asked_about() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let day = (1..20)
        .map(|n| today.add_days(-n))
        .find(|d| bank.spend(*d, d.add_days(1), |_| true) > 0)
        .expect("a day with spending");
    let q = format!("spending on {} {}", month_word(day.month), day.day);
    let r = ask(&p, &q, data.end);
    let total = bank.spend(day, day.add_days(1), |_| true);
    assert!(r.local_text.contains(&usd(total)), "{q}: {}", r.local_text);
    let r = ask(&p, "what did i buy that day", data.end + 10);
    assert_eq!(r.intent.as_str(), "transactions");
    assert!(r.local_text.contains(&usd(total)), "{}", r.local_text);
}

fn month_word(m: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS[m as usize - 1]
}

#[test]
fn short_and_unknown_merchant_words_are_the_merchant() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let year = Date::new(today.year, 1, 1).expect("jan 1");
    let tomorrow = today.add_days(1);
    let everything = usd(bank.spend(year, tomorrow, |_| true));
    let amc = bank.spend(year, tomorrow, at("AMC Theatres"));
    let r = ask(&p, "amc this year", data.end);
    assert!(r.local_text.contains(&usd(amc)), "{}", r.local_text);
    let prime = bank.spend(year, tomorrow, at("Amazon Prime"));
    let r = ask(&p, "prime cost this year", data.end + 700);
    assert!(r.local_text.contains(&usd(prime)), "{}", r.local_text);
    for q in ["hbo this year", "ups this year"] {
        let r = ask(&p, q, data.end + 1400);
        assert!(
            r.local_text.starts_with("No charges at"),
            "{q}: {}",
            r.local_text
        );
        assert!(!r.local_text.contains(&everything), "{q}");
    }
    // A follow-up that is only an unknown name: no charges there, not out of scope.
    ask(&p, "aldi this year", data.end + 2100);
    let r = ask(&p, "and trader joes", data.end + 2110);
    assert!(
        r.local_text.starts_with("No charges at"),
        "{}",
        r.local_text
    );
}

#[test]
fn smallest_category_and_altogether() {
    let (_d, p, data) = profile(DisclosureLevel::Full);
    let bank = Bank::of(&p);
    let today = local_date(data.end, 0);
    let (lm, tm) = (today.add_months_first(-1), today.first_of_month());
    let mut cats: Vec<Category> = bank.txns.iter().filter_map(|t| t.category).collect();
    cats.sort_by_key(|c| format!("{c:?}"));
    cats.dedup();
    let least = cats
        .iter()
        .map(|c| bank.spend(lm, tm, |t| t.category == Some(*c)))
        .filter(|v| *v > 0)
        .min()
        .expect("a category");
    // After a merchant question, categories are still ranked over all spending.
    ask(&p, "costco last month", data.end - 10);
    let r = ask(&p, "smallest category last month", data.end);
    assert!(r.local_text.contains(&usd(least)), "{}", r.local_text);
    // "altogether": all the data, and never a merchant.
    let year = Date::new(today.year, 1, 1).expect("jan 1");
    let rent = bank.spend(year, today.add_days(1), |t| {
        t.category == Some(Category::Housing)
    });
    let r = ask(
        &p,
        "how much rent have i paid this year altogether",
        data.end + 700,
    );
    assert!(!r.local_text.contains("altogether"), "{}", r.local_text);
    assert!(r.local_text.contains(&usd(rent)), "{}", r.local_text);
}
