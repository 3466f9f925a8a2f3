//! Unit tests for each slot form, and a proptest that extraction never panics.

use super::*;
use proptest::prelude::*;

/// Wednesday 2026-04-15.
fn today() -> Date {
    Date::new(2026, 4, 15).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

fn ctx() -> SlotContext {
    let acct =
        |index, kind, last4: &str, nickname: Option<&str>, display: &str, inst: &str| SlotAccount {
            index,
            kind,
            last4: Some(last4.to_string()),
            nickname: nickname.map(str::to_string),
            display_name: display.to_string(),
            institution: inst.to_string(),
        };
    SlotContext::new(
        vec![
            acct(
                0,
                AccountKind::Checking,
                "1111",
                None,
                "Everyday Checking",
                "Chase",
            ),
            acct(
                1,
                AccountKind::Savings,
                "2222",
                Some("rainy day fund"),
                "Savings Plus",
                "Ally",
            ),
            acct(
                2,
                AccountKind::CreditCard,
                "1234",
                None,
                "Sapphire Visa",
                "Chase",
            ),
            acct(
                3,
                AccountKind::Savings,
                "3333",
                None,
                "Holiday Saver",
                "Monzo",
            ),
        ],
        vec!["Whole Foods".into(), "Uber".into(), "Amazon".into()],
    )
}

fn slots(text: &str) -> Slots {
    extract_slots(text, today(), &ctx())
}

fn period_of(text: &str) -> (Date, Date) {
    let p = slots(text)
        .period
        .unwrap_or_else(|| panic!("no period in {text:?}"));
    (p.start, p.end)
}

#[test]
fn periods_calendar() {
    assert_eq!(
        period_of("what did I spend today"),
        (d(2026, 4, 15), d(2026, 4, 16))
    );
    assert_eq!(period_of("yesterday"), (d(2026, 4, 14), d(2026, 4, 15)));
    assert_eq!(
        period_of("spending this week"),
        (d(2026, 4, 13), d(2026, 4, 20))
    );
    assert_eq!(
        period_of("spending last week"),
        (d(2026, 4, 6), d(2026, 4, 13))
    );
    assert_eq!(period_of("this month"), (d(2026, 4, 1), d(2026, 5, 1)));
    assert_eq!(period_of("last month"), (d(2026, 3, 1), d(2026, 4, 1)));
    assert_eq!(period_of("this year"), (d(2026, 1, 1), d(2027, 1, 1)));
    assert_eq!(period_of("last year"), (d(2025, 1, 1), d(2026, 1, 1)));
}

#[test]
fn periods_named_months() {
    assert_eq!(
        period_of("groceries in March"),
        (d(2026, 3, 1), d(2026, 4, 1))
    );
    // June has not happened yet this year: the most recent June is last year's.
    assert_eq!(
        period_of("what about in june"),
        (d(2025, 6, 1), d(2025, 7, 1))
    );
    assert_eq!(period_of("in april"), (d(2026, 4, 1), d(2026, 5, 1)));
    assert_eq!(
        period_of("for december 2024"),
        (d(2024, 12, 1), d(2025, 1, 1))
    );
    assert_eq!(period_of("in 2025"), (d(2025, 1, 1), d(2026, 1, 1)));
    assert_eq!(period_of("on 3 March"), (d(2026, 3, 3), d(2026, 3, 4)));
    // "may" as a verb is not a month.
    assert_eq!(slots("may I see my balance").period, None);
}

#[test]
fn periods_rolling() {
    assert_eq!(period_of("last 30 days"), (d(2026, 3, 17), d(2026, 4, 16)));
    assert_eq!(
        period_of("over the past 2 weeks"),
        (d(2026, 4, 2), d(2026, 4, 16))
    );
    assert_eq!(
        period_of("past three days"),
        (d(2026, 4, 13), d(2026, 4, 16))
    );
    assert_eq!(
        period_of("the last couple of weeks"),
        (d(2026, 4, 2), d(2026, 4, 16))
    );
    assert_eq!(period_of("past 3 months"), (d(2026, 1, 16), d(2026, 4, 16)));
}

#[test]
fn periods_since_and_between() {
    assert_eq!(period_of("since Monday"), (d(2026, 4, 13), d(2026, 4, 16)));
    // Today is a Wednesday: "since Wednesday" is just today.
    assert_eq!(
        period_of("since wednesday"),
        (d(2026, 4, 15), d(2026, 4, 16))
    );
    assert_eq!(period_of("since Thursday"), (d(2026, 4, 9), d(2026, 4, 16)));
    assert_eq!(period_of("since March"), (d(2026, 3, 1), d(2026, 4, 16)));
    assert_eq!(
        period_of("between 1 and 15 June"),
        (d(2025, 6, 1), d(2025, 6, 16))
    );
    assert_eq!(
        period_of("between 1 and 15 April"),
        (d(2026, 4, 1), d(2026, 4, 16))
    );
    assert_eq!(
        period_of("from March 3 to March 10"),
        (d(2026, 3, 3), d(2026, 3, 11))
    );
    assert_eq!(
        period_of("between 1st of March and 5th April"),
        (d(2026, 3, 1), d(2026, 4, 6))
    );
    assert_eq!(
        period_of("between 20 December and 5 January"),
        (d(2025, 12, 20), d(2026, 1, 6))
    );
}

#[test]
fn accounts() {
    use AccountSelector::*;
    assert_eq!(slots("balance of my checking").account, Some(Index(0)));
    // Two savings accounts: the kind, not one of them.
    assert_eq!(
        slots("my savings").account,
        Some(Kind(AccountKind::Savings))
    );
    assert_eq!(slots("what's on my visa").account, Some(Index(2)));
    assert_eq!(slots("credit card balance").account, Some(Index(2)));
    assert_eq!(slots("card ending 1234").account, Some(Index(2)));
    assert_eq!(slots("the account ending in 2222").account, Some(Index(1)));
    assert_eq!(slots("card ending with 9999").account, Some(NoMatch));
    assert_eq!(
        slots("move 50 to the rainy day fund").account,
        Some(Index(1))
    );
    assert_eq!(slots("Holiday Saver balance").account, Some(Index(3)));
    assert_eq!(slots("my monzo savings").account, Some(Index(3)));
    assert_eq!(slots("how much did I spend").account, None);
}

#[test]
fn categories() {
    assert_eq!(
        slots("groceries last month").category,
        Some(Category::Groceries)
    );
    assert_eq!(
        slots("supermarket spending").category,
        Some(Category::Groceries)
    );
    assert_eq!(
        slots("how much on eating out").category,
        Some(Category::Dining)
    );
    assert_eq!(
        slots("restaurants this week").category,
        Some(Category::Dining)
    );
    assert_eq!(slots("gas in march").category, Some(Category::Transport));
    assert_eq!(slots("my gas bill").category, Some(Category::Bills));
    assert_eq!(
        slots("rides this month").category,
        Some(Category::Transport)
    );
    assert_eq!(slots("Uber this month").category, None);
    assert_eq!(
        slots("subscriptions").category,
        Some(Category::Subscriptions)
    );
    assert_eq!(slots("what's my balance").category, None);
}

#[test]
fn merchants() {
    assert_eq!(
        slots("spent at Target last week").merchant.as_deref(),
        Some("Target")
    );
    assert_eq!(
        slots("orders from Amazon").merchant.as_deref(),
        Some("Amazon")
    );
    assert_eq!(
        slots("how much at whole foods").merchant.as_deref(),
        Some("Whole Foods")
    );
    assert_eq!(
        slots("uber rides in march").merchant.as_deref(),
        Some("Uber")
    );
    assert_eq!(
        slots("at Trader Joes yesterday").merchant.as_deref(),
        Some("Trader Joes")
    );
    assert_eq!(slots("transfer from my checking").merchant, None);
    assert_eq!(slots("spending from Monday").merchant, None);
}

#[test]
fn merchants_with_a_typo() {
    let known = |text: &str| {
        let s = slots(text);
        (s.merchant, s.merchant_known)
    };
    assert_eq!(known("amazn purchases this yr"), (Some("Amazon".into()), true));
    assert_eq!(known("amzon last month"), (Some("Amazon".into()), true));
    assert_eq!(known("how much at whole fods"), (Some("Whole Foods".into()), true));
    assert_eq!(known("wholefods"), (Some("Whole Foods".into()), true));
    // Too far, too short, or a word of its own: never a vault merchant.
    assert!(!known("amazing deals").1);
    assert!(!known("ubr rides").1);
    assert_ne!(slots("spending excl amazn").merchant.as_deref(), Some("Amazon"));
    assert_eq!(
        slots("spending excl amazn").exclude_merchant.as_deref(),
        Some("Amazon")
    );
    assert_eq!(
        slots("last months spending not incl whole foods")
            .exclude_merchant
            .as_deref(),
        Some("Whole Foods")
    );
}

#[test]
fn amounts() {
    let s = slots("transactions over $100");
    assert_eq!(
        (s.min_amount_minor, s.max_amount_minor),
        (Some(10_000), None)
    );
    let s = slots("more than 50 dollars");
    assert_eq!(
        (s.min_amount_minor, s.max_amount_minor),
        (Some(5_000), None)
    );
    let s = slots("anything under $20");
    assert_eq!(
        (s.min_amount_minor, s.max_amount_minor),
        (None, Some(2_000))
    );
    let s = slots("between $10 and $50 last month");
    assert_eq!(
        (s.min_amount_minor, s.max_amount_minor),
        (Some(1_000), Some(5_000))
    );
    let s = slots("no more than $12.50");
    assert_eq!(
        (s.min_amount_minor, s.max_amount_minor),
        (None, Some(1_250))
    );
    let s = slots("purchases above $1,234.56");
    assert_eq!(s.min_amount_minor, Some(123_456));
    let s = slots("over 2k");
    assert_eq!(s.min_amount_minor, Some(200_000));
    // Dates are not amounts.
    let s = slots("between 1 and 15 June");
    assert_eq!((s.min_amount_minor, s.max_amount_minor), (None, None));
    let s = slots("over the last month");
    assert_eq!(s.min_amount_minor, None);
}

#[test]
fn strict_and_inclusive_bounds() {
    // "over", "more than", "above" exclude the amount; "at least", "and up", "+" include it.
    for (text, min, strict) in [
        ("transactions over 500", 50_000, true),
        ("charges more than 500", 50_000, true),
        ("anything above $500", 50_000, true),
        ("purchases of at least 500", 50_000, false),
        ("purchases 500+ this year", 50_000, false),
        ("purchases $500 and up", 50_000, false),
        ("charges of 500 or more", 50_000, false),
    ] {
        let s = slots(text);
        assert_eq!((s.min_amount_minor, s.min_amount_strict), (Some(min), strict), "{text}");
        assert_eq!(s.max_amount_minor, None, "{text}");
    }
    for (text, strict) in [
        ("under $20", true),
        ("less than 20 dollars", true),
        ("at most $20", false),
        ("$20 or less", false),
    ] {
        let s = slots(text);
        assert_eq!((s.max_amount_minor, s.max_amount_strict), (Some(2_000), strict), "{text}");
    }
    // A count is no amount: "3 or more purchases".
    let s = slots("3 or more purchases at target");
    assert_eq!(s.min_amount_minor, None);
    // "Disney+" is a name, not a bound.
    assert_eq!(slots("disney+ charges").min_amount_minor, None);
}

#[test]
fn everything_at_once() {
    let s = slots("show restaurant charges over $25 on my visa at Whole Foods since Monday");
    assert_eq!(s.account, Some(AccountSelector::Index(2)));
    assert_eq!(s.category, Some(Category::Dining));
    assert_eq!(s.merchant.as_deref(), Some("Whole Foods"));
    assert_eq!(s.min_amount_minor, Some(2_500));
    assert_eq!(s.period.map(|p| p.start), Some(d(2026, 4, 13)));
}

#[test]
fn debug_redacts() {
    let s = slots("over $100 at Target");
    let text = format!("{s:?} {:?}", ctx());
    assert!(!text.contains("Target"));
    assert!(!text.contains("10000"));
    assert!(!text.contains("1234"));
    assert!(!text.contains("rainy"));
}

#[test]
fn hostile_inputs() {
    for text in [
        "",
        "\u{0}\u{1}\u{7f}",
        "🎉💸🤑",
        "between between between and and",
        "ending",
        "last",
        "over $",
        "$$$$ 99999999999999999999999999 dollars",
        "between 31 and 31 February",
        "since",
        "from 99 to 1 june 9999",
        "ظرفیت last 3 weeks 日本語",
    ] {
        let _ = slots(text);
    }
    let big = "over $100 in March ".repeat(60_000);
    let _ = slots(&big);
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,200}") {
        let _ = slots(&text);
    }

    #[test]
    fn never_panics_on_slot_words(words in proptest::collection::vec(
        proptest::sample::select(vec![
            "between", "and", "from", "to", "last", "past", "since", "over", "under", "$",
            "1", "15", "31", "2024", "june", "march", "may", "ending", "in", "1234", "days",
            "weeks", "months", "year", "this", "at", "Target", "k", "5k", "1,000.50", "of",
        ]), 0..12)) {
        let text = words.join(" ");
        let s = slots(&text);
        if let Some(p) = s.period {
            prop_assert!(p.start < p.end);
        }
    }
}

#[test]
fn exact_amounts_exclusions_and_unclear_periods() {
    assert_eq!(slots("the $40 charge").exact_amount_minor, Some(4_000));
    assert_eq!(
        slots("a payment of 73 pounds").exact_amount_minor,
        Some(7_300)
    );
    assert_eq!(
        slots("i sent 700£ yesterday").exact_amount_minor,
        Some(70_000)
    );
    assert_eq!(slots("my last 5 transactions").exact_amount_minor, None);
    // After a charge verb a bare number is the charge's amount; a count is not.
    assert_eq!(slots("who charged me 142 today").exact_amount_minor, Some(14_200));
    assert_eq!(slots("i was billed 85.50 twice").exact_amount_minor, Some(8_550));
    assert_eq!(slots("they charged me 3 times").exact_amount_minor, None);
    let s = slots("spending excluding rent last month");
    assert_eq!(s.exclude_categories, [Category::Housing]);
    let s = slots("total spend this year leaving out rent and groceries");
    assert_eq!(s.exclude_categories, [Category::Housing, Category::Groceries]);
    assert_eq!(s.category, None);
    assert_eq!(s.category, None);
    let s = slots("transactions that aren't from amazon");
    assert_eq!(s.exclude_merchant.as_deref(), Some("Amazon"));
    assert_eq!(s.merchant, None);
    // A vault merchant is marked known; a typed one is not.
    assert_eq!(
        slots("how much at uber last month").merchant.as_deref(),
        Some("Uber")
    );
    assert!(slots("how much at uber last month").merchant_known);
    assert!(!slots("how much at zzyzx last month").merchant_known);
    let s = slots("how much have I spent since I got paid");
    assert!(s.period_unclear && s.period.is_none());
    let s = slots("spent on black friday last year");
    assert_eq!(s.merchant, None);
    assert!(s.period.is_some());
}

#[test]
fn kinds_are_read_with_the_other_slots() {
    let s = extract_slots("how much did i spend on gas last month", today(), &ctx());
    assert_eq!(s.kinds, SpendKinds::of(SpendKind::Fuel));
    assert_eq!(s.category, Some(Category::Transport));
    assert!(s.period.is_some());
    // A kind word with no category word gets the kind's category (for routing).
    let s = extract_slots("rideshare last month", today(), &ctx());
    assert_eq!(s.category, Some(Category::Transport));
    let s = extract_slots("my gas bill", today(), &ctx());
    assert_eq!(s.kinds, SpendKinds::of(SpendKind::UtilityGas));
    assert_eq!(s.category, Some(Category::Bills));
    // Left out, not asked about: "besides gas" is all spending but fuel.
    let s = extract_slots("spending last month besides gas", today(), &ctx());
    assert!(s.kinds.is_empty());
    assert_eq!(s.exclude_kinds, SpendKinds::of(SpendKind::Fuel));
    assert!(s.exclude_categories.is_empty(), "{:?}", s.exclude_categories);
    let s = extract_slots("spending on groceries", today(), &ctx());
    assert!(s.kinds.is_empty() && s.exclude_kinds.is_empty());
}

#[test]
fn everything_but_leaves_out() {
    for q in [
        "everything but groceries last month",
        "all but groceries last month",
        "anything but groceries last month",
    ] {
        let s = slots(q);
        assert_eq!(s.exclude_categories, vec![Category::Groceries], "{q}");
        assert_eq!(s.category, None, "{q}");
        assert!(s.period.is_some(), "{q}");
    }
}

#[test]
fn several_merchants_left_out() {
    let s = slots("purchases in nov besides amazon and uber");
    assert_eq!(s.exclude_merchant.as_deref(), Some("Amazon"));
    assert!(s.exclude_merchant_known);
    assert_eq!(s.exclude_also, vec!["Uber".to_string()]);
    assert_eq!(s.merchant, None);
    // "&" and "+" join as "and" does.
    let s = slots("spending except amazon & whole foods");
    assert_eq!(s.exclude_also, vec!["Whole Foods".to_string()]);
    let s = slots("spending excluding rent + groceries");
    assert_eq!(s.exclude_categories, vec![Category::Housing, Category::Groceries]);
}

#[test]
fn period_words_are_not_a_merchant() {
    let s = slots("wat i spent at costco lst mnth");
    assert_eq!(s.merchant.as_deref(), Some("costco"));
    assert_eq!(period_of("wat i spent at costco lst mnth"), (d(2026, 3, 1), d(2026, 4, 1)));
    // Unclear: still no period word in the name.
    let s = slots("spent at costco lsat mnoth");
    assert!(s.period_unclear);
    assert_eq!(s.merchant.as_deref(), Some("costco"));
    assert_eq!(slots("how much did i spend on weekdays in november").merchant, None);
}

#[test]
fn a_week_part_narrows_the_period_and_is_never_a_merchant() {
    let s = slots("how much did i spend on weekdays in november");
    assert_eq!(s.week_part, Some(WeekPart::Weekdays));
    assert_eq!(s.period.map(|p| (p.start, p.end)), Some((d(2025, 11, 1), d(2025, 12, 1))));
    assert!(!s.period_unclear && s.merchant.is_none());
    let s = slots("weekend spending on dining last month");
    assert_eq!(s.week_part, Some(WeekPart::Weekends));
    assert_eq!(s.category, Some(Category::Dining));
    assert_eq!(s.period.map(|p| (p.start, p.end)), Some((d(2026, 3, 1), d(2026, 4, 1))));
    // A follow-up's own week part, with no period ("how about just weekdays"): the period
    // stays the previous turn's (the slots have none, and no figure is given alone).
    let s = slots("how about just weekdays");
    assert_eq!((s.week_part, s.period), (Some(WeekPart::Weekdays), None));
    assert!(s.merchant.is_none());
    // One weekend, no narrowing.
    assert_eq!(slots("spending last weekend").week_part, None);
}

#[test]
fn a_merchant_only_after_on_or_for_may_be_none() {
    let s = slots("how much did i spend on stuff for the house this year");
    assert_eq!(s.merchant.as_deref(), Some("house"));
    assert!(s.merchant_unsure);
    // After "at", capitalised, or the vault's: a merchant.
    assert!(!slots("how much did i spend at zzyzx emporium").merchant_unsure);
    assert!(!slots("how much did i spend on Zara").merchant_unsure);
    assert!(!slots("how much did i spend on uber").merchant_unsure);
}

#[test]
fn amount_ranges_and_exact_amounts() {
    let s = slots("transactions between 50 and 100 in nov");
    assert_eq!((s.min_amount_minor, s.max_amount_minor), (Some(5_000), Some(10_000)));
    let s = slots("purchases 50-100 last month");
    assert_eq!((s.min_amount_minor, s.max_amount_minor), (Some(5_000), Some(10_000)));
    let s = slots("charges from $50 to $100");
    assert_eq!((s.min_amount_minor, s.max_amount_minor), (Some(5_000), Some(10_000)));
    for q in ["anything for exactly 17.99", "charges of 17.99", "what was that for $17.99"] {
        let s = slots(q);
        assert_eq!((s.min_amount_minor, s.max_amount_minor), (Some(1_799), Some(1_799)), "{q}");
    }
    // Days and years are not amounts.
    let s = slots("between 2024 and 2025");
    assert_eq!((s.min_amount_minor, s.max_amount_minor), (None, None));
    assert_eq!(slots("spending 1-15 march").min_amount_minor, None);
    // A bare amount names a charge without filtering by it.
    let s = slots("the $40 charge");
    assert_eq!((s.exact_amount_minor, s.min_amount_minor), (Some(4_000), None));
}

#[test]
fn have_i_spent_at_a_merchant_is_to_date() {
    let s = slots("how much have i spent at whole foods");
    assert_eq!(s.period.map(|p| p.label), Some(period::ALL_TIME.to_string()));
    assert_eq!(slots("how much have i spent").period, None);
}

#[test]
fn a_kind_wins_over_a_merchant_matched_by_its_first_words() {
    let c = SlotContext::new(
        ctx().accounts.clone(),
        vec!["Gift Card Mall".into(), "Coffee Bean".into()],
    );
    let s = extract_slots("gift cards in august", today(), &c);
    assert_eq!(s.merchant, None);
    assert!(s.kinds.iter().eq([SpendKind::GiftCards]));
    let s = extract_slots("how much at gift card mall in august", today(), &c);
    assert_eq!(s.merchant.as_deref(), Some("Gift Card Mall"));
    let s = extract_slots("coffee last week", today(), &c);
    assert_eq!(s.merchant, None);
    assert!(s.kinds.iter().eq([SpendKind::Coffee]));
}

#[test]
fn a_kind_or_category_word_is_not_also_an_unknown_merchant() {
    for (text, kind) in [
        ("how much on gasoline this year", Some(SpendKind::Fuel)),
        ("how much on haircuts this year", Some(SpendKind::Haircuts)),
        ("how much on beer this year", Some(SpendKind::Alcohol)),
    ] {
        let s = slots(text);
        assert_eq!(s.merchant, None, "{text}");
        assert!(!s.merchant_unsure, "{text}");
        if let Some(k) = kind {
            assert!(s.kinds.intersects(SpendKinds::of(k)), "{text}");
        }
    }
    // A name that holds a category word stays a name.
    assert_eq!(
        slots("how much at santore restaurant").merchant.as_deref(),
        Some("santore restaurant")
    );
}

#[test]
fn fillers_and_days_of_the_week_are_not_merchants() {
    for text in [
        "what about sundays",
        "the charges on nov 29 around 4am are not mine",
        "spent on groceries in november like at all the stores",
        "spending over the long weekend",
        "and whats left of that after spending",
    ] {
        assert_eq!(slots(text).merchant, None, "{text}");
    }
}

#[test]
fn words_before_spending_are_an_unsure_thing_never_nothing() {
    let s = slots("rental car spending this year");
    assert_eq!(s.merchant.as_deref(), Some("rental car"));
    assert!(s.merchant_unsure);
    assert_eq!(slots("pet expenses last month").merchant.as_deref(), Some("pet"));
    // How spending is measured, a category or a count is no thing of its own.
    for text in [
        "monthly spending",
        "avg spending per month",
        "total spending this year",
        "grocery spending last month",
        "weekend spending in november",
        "my last three purchases",
        "how much am i gonna spend on groceries",
    ] {
        assert_eq!(slots(text).merchant, None, "{text}");
    }
}

#[test]
fn a_kind_word_outside_a_spending_question_may_be_a_payee() {
    assert_eq!(
        slots("set up a direct debit with cabs").merchant.as_deref(),
        Some("cabs")
    );
}

#[test]
fn amounts_in_words_before_a_currency_word() {
    let s = slots("any charges under a dollar this year");
    assert_eq!((s.max_amount_minor, s.max_amount_strict), (Some(100), true));
    assert_eq!(slots("over twenty bucks").min_amount_minor, Some(2_000));
    assert_eq!(slots("more than a hundred dollars").min_amount_minor, Some(10_000));
    // Words alone are no amount.
    assert_eq!(slots("under a minute").max_amount_minor, None);
    assert_eq!(slots("one coffee a day").exact_amount_minor, None);
}
