//! Conversation state and multi-part questions (issue #13, build items 4 and 5; QA pass 6),
//! on the sandbox bank with every figure computed here from the vault's transactions:
//! - a follow-up that names something new keeps what it does not name: a visit with no place
//!   is to the place before, a merchant alone keeps the period, "compare with X" sets X
//!   beside the previous subject, "and how much came in" keeps the period;
//! - what a previous answer exposes: "when was that", "what else went through that day",
//!   "list them", "how many is that", "avg bill at each", "which one do i go to more often",
//!   "how much is that per month" after what was saved, and with nothing before, a question
//!   back, never a figure;
//! - a message of several questions gets every answer, each with its own filters.

mod support;

use support::{ask, day_of, in_month, month, profile, spend, usd, Month, MONTHS};
use tacit_core::model::{Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::time::{local_date, Timestamp};
use tacit_core::vault::TxnFilter;

/// Purchases (money out) at a merchant in a month: how many and what they came to.
fn at(txns: &[Transaction], merchant: &str, m: &Month) -> (usize, i64) {
    let on: Vec<&Transaction> = txns
        .iter()
        .filter(|t| t.merchant.as_deref() == Some(merchant) && in_month(t, m) && t.amount < 0)
        .collect();
    (on.len(), on.iter().map(|t| -t.amount).sum())
}

/// Merchants of a category with only purchases, plain names none a prefix of another,
/// most purchases in the month first.
fn merchants(txns: &[Transaction], cat: Category, m: &Month) -> Vec<String> {
    let mut names: Vec<String> = txns
        .iter()
        .filter(|t| t.category == Some(cat) && in_month(t, m))
        .filter_map(|t| t.merchant.clone())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        .collect();
    names.sort();
    names.dedup();
    let refunded = |n: &str| {
        txns.iter()
            .any(|t| t.merchant.as_deref() == Some(n) && t.amount > 0)
    };
    let clash = |n: &str, all: &[String]| {
        all.iter().any(|o| {
            let (a, b) = (o.to_lowercase(), n.to_lowercase());
            a != b && (a.starts_with(&b) || b.starts_with(&a))
        })
    };
    let all = names.clone();
    names.retain(|n| !refunded(n) && !clash(n, &all) && at(txns, n, m).0 >= 2);
    names.sort_by_key(|n| std::cmp::Reverse(at(txns, n, m).0));
    names
}

fn setup() -> (
    tempfile::TempDir,
    Profile,
    Timestamp,
    Vec<Transaction>,
    Month,
    Vec<String>,
) {
    let (d, p, data) = profile();
    let txns = p.transactions(&TxnFilter::default()).expect("txns");
    let m = month(local_date(data.end, 0), 2);
    let names = merchants(&txns, Category::Dining, &m);
    assert!(
        names.len() >= 2,
        "two dining merchants with purchases in {}",
        m.name
    );
    (d, p, data.end, txns, m, names)
}

#[test]
fn a_visit_with_no_place_is_to_the_place_before() {
    let (_d, p, now, txns, m, names) = setup();
    let a = &names[0];
    let (n, _) = at(&txns, a, &m);
    ask(&p, &format!("{} last month", a.to_lowercase()), now);
    let r = ask(&p, &format!("how many times did i go in {}", m.name), now);
    assert!(r.contains(a) && r.contains(&format!("{n} purchase")), "{r}");
    // Not every purchase of the month: the place was kept.
    let all = txns
        .iter()
        .filter(|t| in_month(t, &m) && t.amount < 0)
        .count();
    assert!(!r.contains(&format!("{all} purchase")), "{r}");
}

#[test]
fn a_merchant_alone_keeps_the_period_and_compare_with_sets_two_side_by_side() {
    let (_d, p, now, txns, m, names) = setup();
    let (a, b) = (&names[0], &names[1]);
    ask(&p, &format!("dining in {}", m.name), now);
    let r = ask(&p, &format!("{} how much", a.to_lowercase()), now);
    let (_, ta) = at(&txns, a, &m);
    assert!(r.contains(&usd(ta)) && r.contains(a), "{r}");
    let r = ask(
        &p,
        &format!("please compare with {}", b.to_lowercase()),
        now,
    );
    let (_, tb) = at(&txns, b, &m);
    assert!(r.contains(&usd(ta)) && r.contains(&usd(tb)), "{r}");
    assert!(r.contains(a) && r.contains(b), "{r}");
}

#[test]
fn a_new_kind_of_question_keeps_the_period() {
    let (_d, p, now, txns, m, _) = setup();
    let out = spend(&txns, |t| in_month(t, &m));
    let r = ask(&p, &format!("how much did i spend in {}", m.name), now);
    assert!(r.contains(&usd(out)), "{r}");
    let came_in: i64 = txns
        .iter()
        .filter(|t| in_month(t, &m) && t.amount > 0 && t.status == TxnStatus::Posted)
        .filter(|t| t.category != Some(Category::Transfer))
        .map(|t| t.amount)
        .sum();
    let r = ask(&p, "and how much came in", now);
    assert!(r.contains(&usd(came_in)), "{r}");
}

#[test]
fn when_and_that_day_are_the_day_of_the_one_item_answered() {
    let (_d, p, now, txns, m, _) = setup();
    let biggest = txns
        .iter()
        .filter(|t| in_month(t, &m) && t.amount < 0)
        .filter(|t| !matches!(t.category, Some(Category::Transfer | Category::Income)))
        .min_by_key(|t| t.amount)
        .expect("a purchase");
    let day = day_of(biggest);
    ask(&p, &format!("biggest purchase in {}", m.name), now);
    let r = ask(&p, "when was that", now);
    let label = format!(
        "{} {}, {}",
        capital(MONTHS[day.month as usize - 1]),
        day.day,
        day.year
    );
    assert!(
        r.contains(&label) && r.contains(&usd(-biggest.amount)),
        "{r}"
    );
    let that_day: Vec<&Transaction> = txns.iter().filter(|t| day_of(t) == day).collect();
    let r = ask(&p, "what else went through that day", now);
    let n = that_day.len();
    let word = if n == 1 {
        "transaction"
    } else {
        "transactions"
    };
    assert!(r.contains(&format!("{n} {word} on {label}")), "{r}");
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[test]
fn list_them_and_how_many_is_that_are_the_lines_behind_the_total() {
    let (_d, p, now, txns, m, _) = setup();
    let dining: Vec<&Transaction> = txns
        .iter()
        .filter(|t| in_month(t, &m) && t.category == Some(Category::Dining) && t.amount < 0)
        .collect();
    let total: i64 = dining.iter().map(|t| -t.amount).sum();
    let r = ask(&p, &format!("how much on dining in {}", m.name), now);
    assert!(r.contains(&usd(total)), "{r}");
    let r = ask(&p, "how many is that", now);
    assert!(r.contains(&format!("{} purchases", dining.len())), "{r}");
    let r = ask(&p, "list those transactions individually", now);
    assert!(r.contains(&format!("{} transactions", dining.len())), "{r}");
    assert!(r.contains(&format!("{} out", usd(total))), "{r}");
}

#[test]
fn each_and_which_one_more_often_answer_every_side_compared() {
    let (_d, p, now, txns, m, names) = setup();
    let (a, b) = (&names[0], &names[1]);
    let ((na, ta), (nb, tb)) = (at(&txns, a, &m), at(&txns, b, &m));
    ask(
        &p,
        &format!("{} vs {} in {}", a.to_lowercase(), b.to_lowercase(), m.name),
        now,
    );
    let r = ask(&p, "avg bill at each", now);
    let avg = |t: i64, n: usize| (2 * t + n as i64) / (2 * n as i64);
    assert!(
        r.contains(&usd(avg(ta, na))) && r.contains(&usd(avg(tb, nb))),
        "{r}"
    );
    // How many purchases at each, each with its own count (both at least two).
    let r = ask(&p, "which one do i go to more often", now);
    assert!(r.contains(&format!("{na} purchases at {a}")), "{r}");
    assert!(r.contains(&format!("{nb} purchases at {b}")), "{r}");
}

#[test]
fn nothing_before_gets_a_question_back_never_a_figure() {
    let (_d, p, now, ..) = setup();
    for q in [
        "when was that",
        "list them",
        "how many is that",
        "which one do i go to more often",
    ] {
        let r = ask(&p, q, now);
        assert!(!r.contains('$'), "{q}: {r}");
        assert!(r.contains("Which figures do you mean?"), "{q}: {r}");
    }
}

#[test]
fn several_questions_get_every_answer_each_with_its_own_filters() {
    let (_d, p, now, txns, m, names) = setup();
    let a = &names[0];
    let dining = spend(&txns, |t| {
        in_month(t, &m) && t.category == Some(Category::Dining)
    });
    let (n, _) = at(&txns, a, &m);
    let q = format!(
        "how much money i spent eating out in {} and also how many times i went to {}",
        m.name,
        a.to_lowercase()
    );
    let r = ask(&p, &q, now);
    assert!(r.contains(&usd(dining)), "{r}");
    assert!(
        r.contains(&format!("{n} purchases")) && r.contains(a.as_str()),
        "{r}"
    );
    let r = ask(
        &p,
        &format!(
            "dining in {} and how many times at {}",
            m.name,
            a.to_lowercase()
        ),
        now,
    );
    assert!(
        r.contains(&usd(dining)) && r.contains(&format!("{n} purchases")),
        "{r}"
    );
    // Two questions about the card: its due date and its minimum payment.
    let r = ask(
        &p,
        "When must the credit card be paid, and what is the smallest amount I may pay?",
        now,
    );
    assert!(
        r.contains("payment due") && r.contains("minimum payment"),
        "{r}"
    );
    // "groceries and dining" stays one question: both sides and their sum.
    let groceries = spend(&txns, |t| {
        in_month(t, &m) && t.category == Some(Category::Groceries)
    });
    let r = ask(&p, &format!("groceries and dining in {}", m.name), now);
    assert!(r.contains(&usd(groceries + dining)), "{r}");
}

#[test]
fn that_per_month_after_what_was_saved_is_the_net_per_month() {
    let (_d, p, now, txns, m, _) = setup();
    let loans: Vec<_> = p
        .accounts()
        .expect("accounts")
        .into_iter()
        .filter(|a| a.kind == tacit_core::model::AccountKind::Loan)
        .map(|a| a.id)
        .collect();
    let kept = |t: &&Transaction| {
        in_month(t, &m) && t.category != Some(Category::Transfer) && !loans.contains(&t.account)
    };
    let came_in: i64 = txns
        .iter()
        .filter(kept)
        .filter(|t| t.amount > 0 && t.status == TxnStatus::Posted)
        .map(|t| t.amount)
        .sum();
    let went_out: i64 = txns
        .iter()
        .filter(kept)
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .sum();
    let net = came_in - went_out;
    ask(&p, &format!("did i save money in {}", m.name), now);
    let r = ask(&p, "how much is that per month", now);
    // The month's days: a month's average over one whole month is (about) the net itself,
    // days × 48 / 1461 months.
    let days = i128::from(m.to.add_days(1).days() - m.from.days());
    let per = (2 * i128::from(net.abs()) * 1461 + days * 48) / (2 * days * 48);
    let per = usd(i64::try_from(per).expect("fits"));
    assert!(r.contains(&format!("{per} a month on average")), "{r}");
    assert!(r.contains(&usd(net.abs())), "{r}");
    // Not an average of the spending.
    let spent = spend(&txns, |t| in_month(t, &m));
    assert!(!r.contains(&usd(spent)), "{r}");
}
