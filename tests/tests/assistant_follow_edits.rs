//! Follow-ups that edit the previous question (issue #13, build items 4 and 5; helper 13y),
//! on the sandbox bank, every figure computed here from the vault's transactions:
//! - remove: "leave out the rent", "and without groceries" add to what is left out, and
//!   "same thing for <month>" keeps every exclusion;
//! - add: "and <merchant> too", "add <merchant> to that": all of them together;
//! - narrow: "which store was the most" after a groceries question ranks grocery stores;
//! - compare with the previous figure: "is that more than i spend on groceries" (same
//!   period), "is it more than <month>" (the previous period against it), "so which account
//!   did i spend more from" after checking and the card;
//! - pick among the previous answer's items: "which of those two did i go to more times",
//!   "witch one is more", "which is cheaper per trip";
//! - the period after the previous one, the items of the previous answer ("whats the biggest
//!   in there", "were any of them atm withdrawals", "what was the total of those"), the other
//!   end of a ranking, a bare merchant after thanks;
//! - a turn that asked which dates leaves no weekday filter behind.

mod support;

use support::{ask, day_of, in_month, month, profile, spend, usd, Month};
use tacit_core::model::{AccountKind, Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Timestamp};
use tacit_core::vault::TxnFilter;

struct Bank {
    _dir: tempfile::TempDir,
    p: Profile,
    now: Timestamp,
    txns: Vec<Transaction>,
}

fn bank() -> Bank {
    let (dir, p, data) = profile();
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    Bank {
        _dir: dir,
        p,
        now: data.end,
        txns,
    }
}

impl Bank {
    fn ask(&self, text: &str) -> String {
        ask(&self.p, text, self.now)
    }

    fn month(&self, back: i32) -> Month {
        month(local_date(self.now, 0), back)
    }

    /// Spending in a month, but for the categories left out.
    fn spent_without(&self, m: &Month, out: &[Category]) -> i64 {
        spend(&self.txns, |t| {
            in_month(t, m) && !t.category.is_some_and(|c| out.contains(&c))
        })
    }

    fn spent_on(&self, m: &Month, cat: Category) -> i64 {
        spend(&self.txns, |t| in_month(t, m) && t.category == Some(cat))
    }

    /// Purchases at a merchant in a month: how many and what they came to.
    fn at(&self, name: &str, m: &Month) -> (usize, i64) {
        let on: Vec<&Transaction> = self
            .txns
            .iter()
            .filter(|t| t.merchant.as_deref() == Some(name) && in_month(t, m) && t.amount < 0)
            .collect();
        (on.len(), on.iter().map(|t| -t.amount).sum())
    }

    /// Merchants of a category with plain names, purchases only, none a prefix of another,
    /// at least `min` purchases in the month, different totals and counts; most spent first.
    fn merchants(&self, cat: Category, m: &Month, min: usize) -> Vec<String> {
        let mut names: Vec<String> = self
            .txns
            .iter()
            .filter(|t| t.category == Some(cat) && in_month(t, m))
            .filter_map(|t| t.merchant.clone())
            .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
            .collect();
        names.sort();
        names.dedup();
        let refunded = |n: &str| {
            self.txns
                .iter()
                .any(|t| t.merchant.as_deref() == Some(n) && t.amount > 0)
        };
        let all = names.clone();
        let clash = |n: &str| {
            all.iter().any(|o| {
                let (a, b) = (o.to_lowercase(), n.to_lowercase());
                a != b && (a.contains(&b) || b.contains(&a))
            })
        };
        names.retain(|n| !refunded(n) && !clash(n) && self.at(n, m).0 >= min);
        names.sort_by_key(|n| std::cmp::Reverse(self.at(n, m).1));
        names.dedup_by_key(|n| self.at(n, m).1);
        names
    }

    /// Money out of the accounts of a kind in a month, as spending counts it.
    fn spent_from(&self, m: &Month, kind: AccountKind) -> i64 {
        let ids: Vec<_> = self
            .p
            .accounts()
            .expect("accounts")
            .into_iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.id)
            .collect();
        spend(&self.txns, |t| in_month(t, m) && ids.contains(&t.account))
    }
}

#[test]
fn an_exclusion_follow_up_adds_to_those_before_and_a_new_period_keeps_them() {
    let b = bank();
    let (last, before) = (b.month(1), b.month(2));
    let r = b.ask(&format!("spending in {} without rent", last.name));
    assert!(
        r.contains(&usd(b.spent_without(&last, &[Category::Housing]))),
        "{r}"
    );
    let both = [Category::Housing, Category::Groceries];
    let r = b.ask("and without groceries");
    assert!(r.contains(&usd(b.spent_without(&last, &both))), "{r}");
    let r = b.ask(&format!("same thing for {}", before.name));
    assert!(r.contains(&usd(b.spent_without(&before, &both))), "{r}");
    // "what about without groceries too": the same edit in other words.
    b.ask(&format!("spending in {} without rent", last.name));
    let r = b.ask("what about without groceries too");
    assert!(r.contains(&usd(b.spent_without(&last, &both))), "{r}");
}

#[test]
fn leave_out_the_rent_keeps_the_three_biggest() {
    let b = bank();
    let last = b.month(1);
    let mut out: Vec<i64> = b
        .txns
        .iter()
        .filter(|t| in_month(t, &last) && t.amount < 0 && t.status == TxnStatus::Posted)
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Housing)))
        .map(|t| -t.amount)
        .collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    b.ask(&format!("three biggest purchases in {}", last.name));
    let r = b.ask("leave out the rent");
    assert!(r.contains(&usd(out.iter().take(3).sum())), "{r}");
    for a in out.iter().take(3) {
        assert!(r.contains(&usd(*a)), "{r}");
    }
}

#[test]
fn a_merchant_added_joins_those_asked() {
    let b = bank();
    let m = b.month(2);
    let names = b.merchants(Category::Dining, &m, 1);
    assert!(names.len() >= 3, "three dining merchants in {}", m.name);
    let (x, y, z) = (&names[0], &names[1], &names[2]);
    let t: Vec<i64> = [x, y, z].iter().map(|n| b.at(n, &m).1).collect();
    b.ask(&format!(
        "{} and {} in {}",
        x.to_lowercase(),
        y.to_lowercase(),
        m.name
    ));
    let r = b.ask(&format!("and {} too", z.to_lowercase()));
    for (n, v) in [x, y, z].iter().zip(&t) {
        assert!(r.contains(n.as_str()) && r.contains(&usd(*v)), "{r}");
    }
    assert!(r.contains(&usd(t.iter().sum())), "{r}");
    // One merchant, then "add … to that": both together.
    b.ask(&format!("{} in {}", x.to_lowercase(), m.name));
    let r = b.ask(&format!("add {} to that", y.to_lowercase()));
    assert!(r.contains(&usd(t[0] + t[1])), "{r}");
}

#[test]
fn a_store_ranking_after_groceries_ranks_grocery_stores() {
    let b = bank();
    let m = b.month(1);
    let stores = b.merchants(Category::Groceries, &m, 1);
    let top = stores.first().expect("a grocery store");
    b.ask(&format!("how much on groceries in {}", b.month(2).name));
    let r = b.ask(&format!("which store was the most in {}", m.name));
    assert!(
        r.contains(top.as_str()) && r.contains(&usd(b.at(top, &m).1)),
        "{r}"
    );
}

#[test]
fn is_that_more_than_compares_over_the_previous_period() {
    let b = bank();
    let (m, other) = (b.month(1), b.month(2));
    let (dining, groceries) = (
        b.spent_on(&m, Category::Dining),
        b.spent_on(&m, Category::Groceries),
    );
    b.ask(&format!("dining in {}", m.name));
    let r = b.ask("is that more than i spend on groceries");
    for v in [dining, groceries, (dining - groceries).abs()] {
        assert!(r.contains(&usd(v)), "{r}");
    }
    let (a, c) = (b.spent_without(&m, &[]), b.spent_without(&other, &[]));
    b.ask(&format!("how much money went out in {}", m.name));
    let r = b.ask(&format!("is it more than {}", other.name));
    for v in [a, c, (a - c).abs()] {
        assert!(r.contains(&usd(v)), "{r}");
    }
}

#[test]
fn which_account_compares_checking_and_the_card() {
    let b = bank();
    let m = b.month(1);
    let (chk, card) = (
        b.spent_from(&m, AccountKind::Checking),
        b.spent_from(&m, AccountKind::CreditCard),
    );
    let r = b.ask(&format!("what did i spend from checking in {}", m.name));
    assert!(r.contains(&usd(chk)), "{r}");
    let r = b.ask("and from the card");
    assert!(r.contains(&usd(card)), "{r}");
    let r = b.ask("so which account did i spend more from");
    for v in [chk, card, (chk - card).abs()] {
        assert!(r.contains(&usd(v)), "{r}");
    }
    // The same question on its own.
    let r = b.ask(&format!(
        "which account did i spend more from in {}",
        m.name
    ));
    for v in [chk, card, (chk - card).abs()] {
        assert!(r.contains(&usd(v)), "{r}");
    }
}

#[test]
fn which_of_those_picks_by_the_measure_named() {
    let b = bank();
    let m = b.month(1);
    let names = b.merchants(Category::Dining, &m, 1);
    // Two places visited a different number of times.
    let x = names.first().expect("a dining merchant");
    let y = names
        .iter()
        .find(|n| b.at(n, &m).0 != b.at(x, &m).0)
        .expect("two dining merchants visited a different number of times");
    let ((nx, tx), (ny, ty)) = (b.at(x, &m), b.at(y, &m));
    b.ask(&format!(
        "{} and {} in {}",
        x.to_lowercase(),
        y.to_lowercase(),
        m.name
    ));
    let r = b.ask("which of those two did i go to more times");
    assert!(
        r.contains(&format!("{nx} purchase")) && r.contains(&format!("{ny} purchase")),
        "{r}"
    );
    let r = b.ask("witch one is more");
    assert!(
        r.contains(&usd((tx - ty).abs())) && r.contains("more"),
        "{r}"
    );
    let r = b.ask("which is cheaper per trip");
    let avg = |t: i64, n: usize| (2 * t + n as i64) / (2 * n as i64);
    assert!(
        r.contains(&usd(avg(tx, nx))) && r.contains(&usd(avg(ty, ny))),
        "{r}"
    );
}

#[test]
fn the_month_and_the_day_after() {
    let b = bank();
    let (earlier, later) = (b.month(2), b.month(1));
    b.ask(&format!("spending in {}", earlier.name));
    let r = b.ask("and the month after");
    assert!(r.contains(&usd(b.spent_without(&later, &[]))), "{r}");
    let day = later.from.add_days(9);
    let on = |d| spend(&b.txns, |t| day_of(t) == d);
    b.ask(&format!("spending on {} {}", later.name, day.day));
    let r = b.ask("and the day after");
    assert!(r.contains(&usd(on(day.add_days(1)))), "{r}");
}

#[test]
fn the_items_of_the_previous_answer() {
    let b = bank();
    let m = b.month(1);
    let over: Vec<&Transaction> = b
        .txns
        .iter()
        .filter(|t| in_month(t, &m) && t.amount < -10_000 && t.category != Some(Category::Transfer))
        .collect();
    let total: i64 = over.iter().map(|t| -t.amount).sum();
    let r = b.ask(&format!("charges over 100 in {}", m.name));
    assert!(r.contains(&usd(total)), "{r}");
    let r = b.ask("what was the total of those");
    assert!(r.contains(&usd(total)), "{r}");
    let r = b.ask("list them");
    assert!(r.contains(&format!("{} purchases", over.len())), "{r}");
    let cash: Vec<i64> = over
        .iter()
        .filter(|t| t.category == Some(Category::Cash))
        .map(|t| -t.amount)
        .collect();
    let r = b.ask("were any of them atm withdrawals");
    for c in &cash {
        assert!(r.contains(&usd(*c)), "{r}");
    }
    if cash.is_empty() {
        assert!(!r.contains(&usd(total)), "{r}");
    }
    b.ask(&format!("charges over 100 in {}", m.name));
    let r = b.ask("whats the biggest in there");
    let biggest = over.iter().map(|t| -t.amount).max().expect("one");
    assert!(r.contains(&usd(biggest)), "{r}");
}

#[test]
fn the_worst_month_after_the_best() {
    let b = bank();
    b.ask("which month did i spend the least this year");
    let r = b.ask("and the worst month");
    let year = local_date(b.now, 0).year;
    let most = (1..local_date(b.now, 0).month)
        .map(|mo| {
            let from = tacit_core::time::Date::new(year, mo, 1).expect("date");
            let m = Month {
                from,
                to: from.add_months_first(1).add_days(-1),
                name: support::MONTHS[mo as usize - 1],
            };
            b.spent_without(&m, &[])
        })
        .max()
        .expect("a month");
    assert!(r.contains(&usd(most)), "{r}");
}

#[test]
fn a_bare_merchant_after_thanks_asks_the_same_of_it() {
    let b = bank();
    let m = b.month(1);
    let names = b.merchants(Category::Dining, &m, 1);
    let (x, y) = (&names[0], &names[1]);
    b.ask(&format!("how much at {} in {}", x.to_lowercase(), m.name));
    let r = b.ask(&format!("thank you, and for {}?", y.to_lowercase()));
    assert!(
        r.contains(y.as_str()) && r.contains(&usd(b.at(y, &m).1)),
        "{r}"
    );
    let known = b
        .txns
        .iter()
        .any(|t| t.merchant.as_deref().is_some_and(|n| n.contains("Whole")));
    let r = b.ask("whole foods?");
    assert!(known || r.contains("No charges at whole foods"), "{r}");
}

#[test]
fn a_period_not_understood_leaves_no_weekday_filter() {
    let b = bank();
    let m = b.month(1);
    let r = b.ask("spending on weekends since i got paid");
    assert!(r.contains("Which dates"), "{r}");
    let r = b.ask(&format!("how about {}", m.name));
    assert!(r.contains(&usd(b.spent_without(&m, &[]))), "{r}");
}
