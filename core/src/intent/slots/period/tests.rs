//! One test per grammar rule, against Wednesday 2026-04-15, and property tests: the grammar
//! never panics, every period it finds is non-empty, and a message never both finds a
//! period and calls it unclear.

use super::super::tokens::tokenize;
use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

/// Wednesday.
fn today() -> Date {
    d(2026, 4, 15)
}

fn find(text: &str) -> PeriodFind {
    find_period(&tokenize(text), today(), DateOrder::Unknown)
}

fn find_in(text: &str, order: DateOrder) -> Option<(Date, Date)> {
    match find_period(&tokenize(text), today(), order) {
        PeriodFind::Found(p, ..) => Some((p.start, p.end.add_days(-1))),
        _ => None,
    }
}

#[test]
fn numeric_dates() {
    // Unambiguous whatever the order: a part over 12, or a year first.
    assert_eq!(p("spent on 28/3"), day(2026, 3, 28));
    assert_eq!(p("spent on 3/28"), day(2026, 3, 28));
    assert_eq!(p("the charge on 2025/11/28"), day(2025, 11, 28));
    assert_eq!(p("the charge on 11/28/25"), day(2025, 11, 28));
    assert_eq!(p("The date I want is 19/3/2019"), day(2019, 3, 19));
    assert_eq!(p("on 4/4"), day(2026, 4, 4));
    // A past question without a year: the last one; the future: the next one.
    assert_eq!(p("what did i spend on 12/25"), day(2025, 12, 25));
    assert_eq!(p("will the payment arrive by 5/20"), day(2026, 5, 20));
    // Ambiguous day and month: the profile's order reads it, and without one it is a question.
    assert_eq!(
        find_in("spent on 9/3/2019", DateOrder::DayFirst),
        Some(day(2019, 3, 9))
    );
    assert_eq!(
        find_in("spent on 9/3/2019", DateOrder::MonthFirst),
        Some(day(2019, 9, 3))
    );
    assert_eq!(find("spent on 9/3/2019"), PeriodFind::Unclear);
    assert_eq!(find("what did i spend on 3/4"), PeriodFind::Unclear);
    // Not dates: "24/7", impossible parts.
    assert_eq!(find("is support 24/7"), PeriodFind::None);
    assert_eq!(find("spent on 13/13"), PeriodFind::Unclear);
    assert_eq!(find("spent on 2/30"), PeriodFind::Unclear);
}

/// The period as inclusive (first, last) days.
fn p(text: &str) -> (Date, Date) {
    match find(text) {
        PeriodFind::Found(p, ..) => (p.start, p.end.add_days(-1)),
        other => panic!("{text:?}: {other:?}"),
    }
}

fn r(a: (i32, u32, u32), b: (i32, u32, u32)) -> (Date, Date) {
    (d(a.0, a.1, a.2), d(b.0, b.1, b.2))
}

fn day(y: i32, m: u32, dd: u32) -> (Date, Date) {
    (d(y, m, dd), d(y, m, dd))
}

#[test]
fn relative_days() {
    assert_eq!(p("spent today"), day(2026, 4, 15));
    assert_eq!(p("yesterday's purchases"), day(2026, 4, 14));
    assert_eq!(p("lost it last night"), day(2026, 4, 14));
    assert_eq!(p("the day before yesterday"), day(2026, 4, 13));
}

#[test]
fn calendar_units() {
    assert_eq!(p("this week"), r((2026, 4, 13), (2026, 4, 19)));
    assert_eq!(p("last week"), r((2026, 4, 6), (2026, 4, 12)));
    assert_eq!(p("this month"), r((2026, 4, 1), (2026, 4, 30)));
    assert_eq!(
        p("show me last month's transactions"),
        r((2026, 3, 1), (2026, 3, 31))
    );
    assert_eq!(p("previous month"), r((2026, 3, 1), (2026, 3, 31)));
    assert_eq!(p("last year"), r((2025, 1, 1), (2025, 12, 31)));
    assert_eq!(p("current year"), r((2026, 1, 1), (2026, 12, 31)));
    assert_eq!(p("next week"), r((2026, 4, 20), (2026, 4, 26)));
}

#[test]
fn rolling_windows() {
    // "the last N days" is exactly N days: today and the N - 1 before.
    assert_eq!(p("last 30 days"), r((2026, 3, 17), (2026, 4, 15)));
    assert_eq!(p("last 90 days"), r((2026, 1, 16), (2026, 4, 15)));
    // "lately": the last 30 days (the reply says so).
    assert_eq!(p("wheres all my money going lately"), r((2026, 3, 17), (2026, 4, 15)));
    assert_eq!(p("what have i been buying lately"), r((2026, 3, 17), (2026, 4, 15)));
    assert_eq!(p("past 2 weeks"), r((2026, 4, 2), (2026, 4, 15)));
    assert_eq!(
        p("the last couple of weeks"),
        r((2026, 4, 2), (2026, 4, 15))
    );
    assert_eq!(p("past 3 months"), r((2026, 1, 16), (2026, 4, 15)));
    assert_eq!(p("past week"), r((2026, 4, 9), (2026, 4, 15)));
    assert_eq!(p("past month"), r((2026, 3, 17), (2026, 4, 15)));
}

#[test]
fn so_far() {
    assert_eq!(p("spending ytd"), r((2026, 1, 1), (2026, 4, 15)));
    assert_eq!(p("so far this year"), r((2026, 1, 1), (2026, 4, 15)));
    assert_eq!(p("year to date"), r((2026, 1, 1), (2026, 4, 15)));
    assert_eq!(p("this month so far"), r((2026, 4, 1), (2026, 4, 15)));
}

#[test]
fn ago_and_ahead() {
    // Days ago: a day. Weeks ago, of spending: that Monday-to-Sunday week (Mar 25 is a
    // Wednesday).
    assert_eq!(p("spent 3 days ago"), day(2026, 4, 12));
    assert_eq!(p("spending 3 weeks ago"), r((2026, 3, 23), (2026, 3, 29)));
    assert_eq!(p("how much did i spend 2 weeks ago"), r((2026, 3, 30), (2026, 4, 5)));
    assert_eq!(p("my transactions 1 week ago"), r((2026, 4, 6), (2026, 4, 12)));
    assert_eq!(p("expenses a fortnight ago"), r((2026, 3, 30), (2026, 4, 5)));
    // Months, quarters, years ago: that calendar unit.
    assert_eq!(p("what did i spend a month ago"), r((2026, 3, 1), (2026, 3, 31)));
    assert_eq!(p("spent 4 months back"), r((2025, 12, 1), (2025, 12, 31)));
    assert_eq!(p("my biggest expense a year ago"), r((2025, 1, 1), (2025, 12, 31)));
    // One event, or a balance at a time: that day.
    assert_eq!(p("3 weeks ago"), day(2026, 3, 25));
    assert_eq!(p("the transfer i made 5 weeks ago"), day(2026, 3, 11));
    assert_eq!(p("how much did i have in savings 6 months ago"), day(2025, 10, 15));
    assert_eq!(p("in 7 days"), day(2026, 4, 22));
}

#[test]
fn weekends_and_weekdays() {
    assert_eq!(p("spending last weekend"), r((2026, 4, 11), (2026, 4, 12)));
    assert_eq!(p("over the weekend"), r((2026, 4, 11), (2026, 4, 12)));
    assert_eq!(p("this weekend"), r((2026, 4, 18), (2026, 4, 19)));
    assert_eq!(p("what did I spend last tuesday"), day(2026, 4, 14));
    assert_eq!(p("last wednesday"), day(2026, 4, 8));
    assert_eq!(p("what did i buy on friday"), day(2026, 4, 10));
    assert_eq!(p("monday last week"), day(2026, 4, 6));
    assert_eq!(p("last week monday"), day(2026, 4, 6));
    assert_eq!(p("can we meet on wednesday, please"), day(2026, 4, 22));
    assert_eq!(p("I need it by friday"), day(2026, 4, 17));
    assert_eq!(p("this sat"), day(2026, 4, 18));
}

#[test]
fn days_of_month_and_dates() {
    assert_eq!(p("what did I spend on the 15th"), day(2026, 4, 15));
    assert_eq!(p("charges on the 20th"), day(2026, 3, 20));
    assert_eq!(p("June 3rd"), day(2025, 6, 3));
    assert_eq!(p("3 March"), day(2026, 3, 3));
    assert_eq!(p("the 3rd of march 2024"), day(2024, 3, 3));
    assert_eq!(p("Jan the 19th"), day(2026, 1, 19));
    assert_eq!(p("on 2025-12-24"), day(2025, 12, 24));
}

#[test]
fn months() {
    assert_eq!(p("in september"), r((2025, 9, 1), (2025, 9, 30)));
    assert_eq!(
        p("whole foods in september"),
        r((2025, 9, 1), (2025, 9, 30))
    );
    assert_eq!(p("april"), r((2026, 4, 1), (2026, 4, 30)));
    assert_eq!(p("march 2025"), r((2025, 3, 1), (2025, 3, 31)));
    assert_eq!(p("last march"), r((2026, 3, 1), (2026, 3, 31)));
    assert_eq!(p("last april"), r((2025, 4, 1), (2025, 4, 30)));
    assert_eq!(p("june last year"), r((2025, 6, 1), (2025, 6, 30)));
    assert_eq!(p("in septmber"), r((2025, 9, 1), (2025, 9, 30)));
    assert_eq!(find("may I see my balance"), PeriodFind::None);
    assert_eq!(find("march on"), PeriodFind::None);
}

#[test]
fn weeks_of_months() {
    assert_eq!(p("the first week of May"), r((2025, 5, 1), (2025, 5, 7)));
    assert_eq!(p("last week of march"), r((2026, 3, 25), (2026, 3, 31)));
    assert_eq!(p("the week of the 1st"), r((2026, 3, 30), (2026, 4, 5)));
}

#[test]
fn quarters_and_years() {
    assert_eq!(
        p("how much did i spend in Q3"),
        r((2025, 7, 1), (2025, 9, 30))
    );
    assert_eq!(p("q1"), r((2026, 1, 1), (2026, 3, 31)));
    assert_eq!(p("the third quarter"), r((2025, 7, 1), (2025, 9, 30)));
    assert_eq!(p("last quarter"), r((2026, 1, 1), (2026, 3, 31)));
    assert_eq!(p("this quarter"), r((2026, 4, 1), (2026, 6, 30)));
    assert_eq!(p("q4 2024"), r((2024, 10, 1), (2024, 12, 31)));
    assert_eq!(p("in 2025"), r((2025, 1, 1), (2025, 12, 31)));
}

#[test]
fn ranges() {
    assert_eq!(p("between march and may"), r((2025, 3, 1), (2025, 5, 31)));
    assert_eq!(
        p("from the 1st to the 20th of september"),
        r((2025, 9, 1), (2025, 9, 20))
    );
    assert_eq!(p("between 1 and 15 march"), r((2026, 3, 1), (2026, 3, 15)));
    assert_eq!(
        p("from monday to wednesday"),
        r((2026, 4, 13), (2026, 4, 15))
    );
    assert_eq!(p("since June 3"), r((2025, 6, 3), (2026, 4, 15)));
    assert_eq!(p("since monday"), r((2026, 4, 13), (2026, 4, 15)));
    assert_eq!(p("since march"), r((2026, 3, 1), (2026, 4, 15)));
    assert_eq!(p("until May"), (open_start(), d(2026, 5, 31)));
    // Chat spellings of a range: "btwn", "n", a dash between months.
    for text in [
        "spent how much btwn march n may",
        "spending mar-may",
        "spend march - may",
        "spending between march n may",
        "what did i spend from mar\u{2013}may",
    ] {
        assert_eq!(p(text), (d(2025, 3, 1), d(2025, 5, 31)), "{text}");
    }
    // About the record: the last one.
    assert_eq!(p("what did i spend until may"), (open_start(), d(2025, 5, 31)));
    assert_eq!(p("spending up to march"), (open_start(), d(2026, 3, 31)));
    assert_eq!(p("transactions till june"), (open_start(), d(2025, 6, 30)));
    assert_eq!(p("before june 2025"), (open_start(), d(2025, 5, 31)));
    assert_eq!(p("after the 10th"), r((2026, 4, 11), (2026, 4, 15)));
    assert_eq!(
        p("transactions from last month"),
        r((2026, 3, 1), (2026, 3, 31))
    );
    assert_eq!(
        p("payments from september on"),
        r((2025, 9, 1), (2026, 4, 15))
    );
    // "from" a calendar day with no end is where the time starts; one thing "from" a day,
    // or "from" a named relative day, is that day.
    assert_eq!(
        p("how much did i spend from the 1st of april"),
        r((2026, 4, 1), (2026, 4, 15))
    );
    assert_eq!(p("from the 21st of May"), r((2025, 5, 21), (2026, 4, 15)));
    assert_eq!(p("spent from march 3"), r((2026, 3, 3), (2026, 4, 15)));
    // A numeric date is a calendar day: "from 12/1" runs to today, "on 12/1" is the day.
    assert_eq!(
        find_in("how much did i spend from 12/1", DateOrder::MonthFirst),
        Some(r((2025, 12, 1), (2026, 4, 15)))
    );
    assert_eq!(
        find_in("spending since 3/2", DateOrder::MonthFirst),
        Some(r((2026, 3, 2), (2026, 4, 15)))
    );
    assert_eq!(
        find_in("spending on 12/1", DateOrder::MonthFirst),
        Some(day(2025, 12, 1))
    );
    assert_eq!(
        find_in("the charge from 12/1", DateOrder::MonthFirst),
        Some(day(2025, 12, 1))
    );
    assert_eq!(p("show my transactions from the 15th"), day(2026, 4, 15));
    assert_eq!(p("the charge from march 3"), day(2026, 3, 3));
    assert_eq!(p("my payment from the 3rd"), day(2026, 4, 3));
    assert_eq!(p("transactions from yesterday"), day(2026, 4, 14));
    // A weekday with its date is the date; weekdays counted back; the week of a holiday;
    // the first N weeks of a month. (Today is Wednesday 2026-04-15.)
    assert_eq!(p("what did i spend on friday april 3"), day(2026, 4, 3));
    assert_eq!(p("spent on friday the 3rd"), day(2026, 4, 3));
    assert_eq!(p("what did i spend 2 fridays ago"), day(2026, 4, 3));
    assert_eq!(p("one friday ago"), day(2026, 4, 10));
    assert_eq!(p("the friday before last"), day(2026, 4, 3));
    assert_eq!(
        p("how much did i spend the week of thanksgiving"),
        r((2025, 11, 24), (2025, 11, 30))
    );
    assert_eq!(
        p("spending first 2 weeks of march"),
        r((2026, 3, 1), (2026, 3, 14))
    );
    assert_eq!(
        p("spending first two weeks of march"),
        r((2026, 3, 1), (2026, 3, 14))
    );
    // "in one day" after spending is a length of time; "will ... in 3 days" is ahead.
    assert_eq!(find("the most i spent in one day"), PeriodFind::None);
    assert_eq!(p("how much will i spend in a week"), day(2026, 4, 22));
    assert_eq!(
        p("starting today until next friday"),
        r((2026, 4, 15), (2026, 4, 24))
    );
}

#[test]
fn holidays_and_seasons() {
    assert_eq!(p("black friday last year"), day(2025, 11, 28));
    assert_eq!(p("christmas"), day(2025, 12, 25));
    assert_eq!(p("thanksgiving 2024"), day(2024, 11, 28));
    // Holiday weekends are periods of their own (today is 2026-04-15 here).
    assert_eq!(
        p("over thanksgiving weekend"),
        r((2025, 11, 27), (2025, 11, 30))
    );
    assert_eq!(
        p("black friday weekend 2025"),
        r((2025, 11, 28), (2025, 11, 30))
    );
    assert_eq!(
        p("memorial day weekend 2026"),
        r((2026, 5, 23), (2026, 5, 25))
    );
    assert_eq!(p("labor day weekend"), r((2025, 8, 30), (2025, 9, 1)));
    assert_eq!(p("labor day 2025"), day(2025, 9, 1));
    assert_eq!(p("memorial day 2025"), day(2025, 5, 26));
    assert_eq!(p("last summer"), r((2025, 6, 1), (2025, 8, 31)));
    assert_eq!(p("this winter"), r((2025, 12, 1), (2026, 2, 28)));
    assert_eq!(find("did my balance fall"), PeriodFind::None);
    // After "since", "fall" and "spring" are the seasons: from the last one's start.
    assert_eq!(p("spending since fall"), r((2025, 9, 1), (2026, 4, 15)));
    assert_eq!(p("spending since spring"), r((2026, 3, 1), (2026, 4, 15)));
    assert_eq!(p("spending since summer"), r((2025, 6, 1), (2026, 4, 15)));
    assert_eq!(p("spent on new years"), day(2026, 1, 1));
    assert_eq!(
        p("how much did i spend between christmas and new years"),
        r((2025, 12, 25), (2026, 1, 1))
    );
}

#[test]
fn two_periods_joined_by_and() {
    assert_eq!(
        p("how much did i spend yesterday and today"),
        r((2026, 4, 14), (2026, 4, 15))
    );
    assert_eq!(
        p("expenses for january and february"),
        r((2026, 1, 1), (2026, 2, 28))
    );
    // A gap between them: a question, never the first alone.
    assert_eq!(find("spending in january and march"), PeriodFind::Unclear);
    // A comparison keeps them apart.
    assert_eq!(
        p("compare january and february"),
        r((2026, 1, 1), (2026, 1, 31))
    );
}

#[test]
fn stretches_next_to_a_period() {
    let on = |text: &str, today: Date| match find_period(&tokenize(text), today, DateOrder::Unknown) {
        PeriodFind::Found(p, ..) => Some((p.start, p.end.add_days(-1))),
        _ => None,
    };
    let t = d(2026, 12, 5);
    // Thanksgiving 2026 is Thursday November 26.
    assert_eq!(
        on("how much at amazon the week before thanksgiving", t),
        Some((d(2026, 11, 19), d(2026, 11, 25)))
    );
    assert_eq!(
        on("spending the day after thanksgiving", t),
        Some((d(2026, 11, 27), d(2026, 11, 27)))
    );
    assert_eq!(
        on("the weekend before thanksgiving", t),
        Some((d(2026, 11, 21), d(2026, 11, 22)))
    );
    assert_eq!(
        on("the weekend after thanksgiving", t),
        Some((d(2026, 11, 28), d(2026, 11, 29)))
    );
    assert_eq!(
        on("2 weeks after halloween", t),
        Some((d(2026, 11, 1), d(2026, 11, 14)))
    );
    assert_eq!(
        on("the month before christmas", t),
        Some((d(2025, 11, 25), d(2025, 12, 24)))
    );
    // A plain open end stays one.
    assert_eq!(on("before thanksgiving", t).map(|(_, e)| e), Some(d(2026, 11, 25)));
}

#[test]
fn a_range_between_holidays_is_whole_and_in_order() {
    let on = |text: &str, today: Date| match find_period(&tokenize(text), today, DateOrder::Unknown) {
        PeriodFind::Found(p, ..) => Some((p.start, p.end.add_days(-1))),
        _ => None,
    };
    // On December 5 this year's Christmas has not come: last year's Thanksgiving to
    // Christmas, as "between march and may" in April is last year's.
    assert_eq!(
        on("between thanksgiving and christmas", d(2026, 12, 5)),
        Some((d(2025, 11, 27), d(2025, 12, 25)))
    );
    assert_eq!(
        on("from halloween to thanksgiving", d(2026, 11, 1)),
        Some((d(2025, 10, 31), d(2025, 11, 27)))
    );
    // Both ends already in order: unchanged.
    assert_eq!(
        on("between thanksgiving and christmas", d(2026, 4, 15)),
        Some((d(2025, 11, 27), d(2025, 12, 25)))
    );
    assert_eq!(
        on("between thanksgiving and christmas", d(2026, 12, 28)),
        Some((d(2026, 11, 26), d(2026, 12, 25)))
    );
}

#[test]
fn unclear_phrases() {
    for text in [
        "how much have i spent since i got paid",
        "spending before my trip",
        "what did i buy a while ago",
        "spending last payday",
        "how much over the holidays",
        "how much did i spend on my birthday",
        "what did we spend for our anniversary",
        "spending on my vacation",
        "charges on the 45th",
        "what did I spend during the conference",
    ] {
        assert_eq!(find(text), PeriodFind::Unclear, "{text}");
    }
    for text in [
        "what's my balance",
        "my last 5 transactions",
        "biggest purchase",
        "since when do i pay for spotify",
    ] {
        assert_eq!(find(text), PeriodFind::None, "{text}");
    }
}

#[test]
fn short_forms_of_days_and_weekends() {
    assert_eq!(p("how much did i spend 2day"), day(2026, 4, 15));
    assert_eq!(p("spent yest"), day(2026, 4, 14));
    assert_eq!(p("spending last wknd"), r((2026, 4, 11), (2026, 4, 12)));
    assert_eq!(p("this wkend"), r((2026, 4, 18), (2026, 4, 19)));
}

#[test]
fn weekends_as_a_habit_are_no_one_weekend() {
    // "usually", "on average", "per": every weekend (the answer averages); alone: a question.
    assert_eq!(find("what do i spend on weekends usually"), PeriodFind::None);
    assert_eq!(find("avg spending per weekend"), PeriodFind::None);
    assert_eq!(find("what do i spend on weekends"), PeriodFind::Unclear);
    assert_eq!(p("what did i spend last weekend"), r((2026, 4, 11), (2026, 4, 12)));
}

#[test]
fn a_weekday_ranked_is_no_period() {
    // "which weekday": the day of the week is what is asked, over all the data.
    assert_eq!(find("which weekday do i usually spend the most on"), PeriodFind::None);
    assert_eq!(find("spending by weekday"), PeriodFind::None);
    assert_eq!(find("how much do i spend on weekdays"), PeriodFind::Unclear);
}

#[test]
fn last_fortnight_is_the_past_fourteen_days() {
    assert_eq!(
        p("spending in the last fortnight"),
        r((2026, 4, 2), (2026, 4, 15))
    );
    assert_eq!(p("over the past fortnight"), r((2026, 4, 2), (2026, 4, 15)));
}

#[test]
fn before_last() {
    assert_eq!(p("the week before last"), r((2026, 3, 30), (2026, 4, 5)));
    assert_eq!(p("the month before last"), r((2026, 2, 1), (2026, 2, 28)));
    assert_eq!(p("the weekend before last"), r((2026, 4, 4), (2026, 4, 5)));
    assert_eq!(p("spending two weekends ago"), r((2026, 4, 4), (2026, 4, 5)));
    assert_eq!(p("1 weekend ago"), p("last weekend"));
    assert_eq!(p("year before last"), r((2024, 1, 1), (2024, 12, 31)));
}

#[test]
fn halves_of_years() {
    assert_eq!(
        p("the first half of the year"),
        r((2026, 1, 1), (2026, 6, 30))
    );
    assert_eq!(p("2nd half of last year"), r((2025, 7, 1), (2025, 12, 31)));
    assert_eq!(p("h1 2025"), r((2025, 1, 1), (2025, 6, 30)));
    // H2 without a year, asked in April: the last one that has started.
    assert_eq!(p("spending in h2"), r((2025, 7, 1), (2025, 12, 31)));
    // "first half" of nothing named is no period.
    assert_eq!(find("the first half of the game"), PeriodFind::None);
}

#[test]
fn ranges_without_an_opening_word() {
    assert_eq!(
        p("how much did i spend the 3rd through the 9th"),
        r((2026, 4, 3), (2026, 4, 9))
    );
    assert_eq!(p("march thru may spending"), r((2025, 3, 1), (2025, 5, 31)));
    assert_eq!(p("january to march"), r((2026, 1, 1), (2026, 3, 31)));
    assert_eq!(p("spent mar 1-15"), r((2026, 3, 1), (2026, 3, 15)));
    assert_eq!(p("spent 1st - 7th march"), r((2026, 3, 1), (2026, 3, 7)));
    assert_eq!(p("btwn mar 3 and mar 9"), r((2026, 3, 3), (2026, 3, 9)));
    // "and" is a range only after "between"; two months with a gap between them are a
    // question (never the first alone).
    assert_eq!(find("january and march"), PeriodFind::Unclear);
    // A comparison's two periods, and relative units, are not one range.
    assert_eq!(p("compare july to june"), r((2025, 7, 1), (2025, 7, 31)));
    assert_eq!(
        p("last month to this month"),
        r((2026, 3, 1), (2026, 3, 31))
    );
    // Numbers that are not days stay amounts.
    assert_eq!(find("sent 20 to 30 dollars"), PeriodFind::None);
}

#[test]
fn ranges_of_weekdays_stay_within_a_week() {
    // Wednesday 15 April: Monday 13th comes after Sunday 12th.
    assert_eq!(
        p("list the transactions from friday to monday"),
        r((2026, 4, 10), (2026, 4, 13))
    );
    assert_eq!(
        p("show me the transactions from monday to sunday"),
        r((2026, 4, 6), (2026, 4, 12))
    );
    assert_eq!(
        p("i will be away from friday to monday"),
        r((2026, 4, 17), (2026, 4, 20))
    );
}

#[test]
fn before_and_after_follow_the_message() {
    assert_eq!(
        p("will it arrive before the 20th of may"),
        (open_start(), d(2026, 5, 19))
    );
    assert_eq!(
        p("what did i spend before the 20th of may"),
        (open_start(), d(2025, 5, 19))
    );
    assert_eq!(p("it must be changed to the 25th"), day(2026, 4, 25));
}

#[test]
fn ranges_up_to_now() {
    assert_eq!(p("from march to now"), r((2026, 3, 1), (2026, 4, 15)));
    assert_eq!(p("from the 1st to date"), r((2026, 4, 1), (2026, 4, 15)));
}

#[test]
fn edges_of_periods_in_open_ranges() {
    assert_eq!(
        p("since the beginning of march"),
        r((2026, 3, 1), (2026, 4, 15))
    );
    assert_eq!(
        p("since the start of the month"),
        r((2026, 4, 1), (2026, 4, 15))
    );
    assert_eq!(p("until the end of may"), (open_start(), d(2026, 5, 31)));
    // A part of a month is not the month: a question.
    for text in [
        "spending since the end of march",
        "how much did i spend in mid march",
        "spending early last month",
        "what did i spend at the end of last week",
        "spending in late february",
    ] {
        assert_eq!(find(text), PeriodFind::Unclear, "{text}");
    }
}

#[test]
fn counts_are_not_days() {
    assert_eq!(find("show the 2 most recent charges"), PeriodFind::None);
    assert_eq!(find("the 3 biggest purchases"), PeriodFind::None);
    assert_eq!(p("what did i spend on the 2nd"), day(2026, 4, 2));
}

#[test]
fn weekday_in_a_week() {
    assert_eq!(
        p("will the card arrive by wednesday in a week"),
        day(2026, 4, 29)
    );
}

#[test]
fn vague_times_are_questions() {
    for text in [
        "how much did i spend around my anniversary",
        "how much did i spend back when i was on vacation",
        "what did we spend when we were in paris",
        "how much did i spend a while back",
        "what did i spend the other day",
        "spending the other week",
    ] {
        assert_eq!(find(text), PeriodFind::Unclear, "{text}");
    }
}

#[test]
fn the_period_before_another() {
    let march = find_period_in("march 2026", today()).unwrap();
    let feb = period_before(&march, Some("month")).unwrap();
    assert_eq!((feb.start, feb.end), (d(2026, 2, 1), d(2026, 3, 1)));
    assert_eq!(feb.label, "February 2026");
    assert_eq!(period_before(&march, None).unwrap().start, d(2026, 2, 1));
    let week = find_period_in("last week", today()).unwrap();
    let before = period_before(&week, Some("week")).unwrap();
    assert_eq!((before.start, before.end), (d(2026, 3, 30), d(2026, 4, 6)));
    let q1 = find_period_in("q1", today()).unwrap();
    let q4 = period_before(&q1, None).unwrap();
    assert_eq!((q4.start, q4.end), (d(2025, 10, 1), d(2026, 1, 1)));
}

proptest! {
    #[test]
    fn never_panics_and_never_empty(text in "\\PC{0,80}") {
        if let PeriodFind::Found(p, ..) = find(&text) {
            prop_assert!(p.start < p.end);
        }
    }

    #[test]
    fn word_salad_is_well_formed(words in prop::collection::vec(prop::sample::select(vec![
        "last", "this", "next", "past", "the", "of", "week", "weekend", "month", "months",
        "year", "q3", "3rd", "15th", "june", "may", "march", "friday", "since", "until",
        "between", "and", "to", "from", "ago", "2", "a", "couple", "days", "christmas",
        "summer", "ytd", "so", "far", "in", "2025", "first", "quarter", "through", "-", "now",
        "half", "h2", "before", "start", "end", "wknd", "mid", "fortnight", "1", "9th",
        "after", "rest", "later", "day", "today", "tomorrow", "beginning", "31st", "will",
        "pay", "did", "have", "by", "week's", "from", "30th", "february",
    ]), 0..8)) {
        let text = words.join(" ");
        match find(&text) {
            PeriodFind::Found(p, ..) => prop_assert!(p.start < p.end, "{}", text),
            PeriodFind::Unclear | PeriodFind::None => {}
        }
    }

    /// The direction rule: a date without a year in a plan is never before today, and in a
    /// question about money already spent never after it; either way it is the day named.
    #[test]
    fn unyeared_dates_follow_the_message(
        month in 1u32..=12,
        day in 1u32..=31,
        ahead in prop::sample::select(vec![
            "pay it on", "will it arrive on", "schedule the transfer for", "i need it by",
            "move the payment to", "i have an appointment on",
        ]),
        back in prop::sample::select(vec![
            "what did i spend on", "how much was i charged on", "show my transactions on",
            "what have i bought on",
        ]),
        ordinal in any::<bool>(),
    ) {
        let name = MONTH_NAMES[month as usize - 1].to_lowercase();
        let date = if ordinal { format!("the {day}th of {name}") } else { format!("{name} {day}") };
        let valid = day <= crate::time::days_in_month(2024, month);
        for (verb, future) in [(ahead, true), (back, false)] {
            let text = format!("{verb} {date}");
            match find(&text) {
                PeriodFind::Found(p, ..) => {
                    prop_assert!(valid, "{}", text);
                    prop_assert_eq!((p.start.month, p.start.day), (month, day), "{}", text);
                    prop_assert_eq!(p.end, p.start.add_days(1), "{}", text);
                    if future {
                        prop_assert!(p.start >= today(), "{}", text);
                    } else {
                        prop_assert!(p.start <= today(), "{}", text);
                    }
                }
                // A day no month has ("February 30") is a question, never another day.
                other => prop_assert!(!valid && other == PeriodFind::Unclear, "{}: {:?}", text, other),
            }
        }
    }

    /// "The Nth of next month" and "the first / last day of" lie inside the period named, in
    /// whichever direction the message points.
    #[test]
    fn days_of_named_periods_stay_inside_them(
        day in 1u32..=31,
        which in prop::sample::select(vec!["last", "this", "next"]),
        verb in prop::sample::select(vec!["pay it on", "what did i spend on"]),
    ) {
        let month = match which {
            "last" => today().add_months_first(-1),
            "this" => today().first_of_month(),
            _ => today().add_months_first(1),
        };
        let text = format!("{verb} the {day}th of {which} month");
        match find(&text) {
            PeriodFind::Found(p, ..) => {
                prop_assert_eq!((p.start.year, p.start.month, p.start.day), (month.year, month.month, day));
            }
            other => {
                prop_assert!(day > crate::time::days_in_month(month.year, month.month), "{}: {:?}", text, other);
            }
        }
        for (edge, first) in [("first day", true), ("last day", false)] {
            let text = format!("{verb} the {edge} of {which} month");
            let PeriodFind::Found(p, ..) = find(&text) else {
                return Err(TestCaseError::fail(text));
            };
            let want = if first { month } else { month.add_months_first(1).add_days(-1) };
            prop_assert_eq!(p.start, want, "{}", text);
        }
    }
}

#[test]
fn a_period_and_nothing_else() {
    let t = today();
    for text in [
        "between oct 5 and oct 12",
        "and last month?",
        "what about the week of nov 9",
        "ok and since monday",
    ] {
        assert!(is_only_a_period(text, t), "{text}");
    }
    for text in [
        "how was the weather between oct 5 and oct 12",
        "groceries last month",
        "the honey",
        "",
    ] {
        assert!(!is_only_a_period(text, t), "{text}");
    }
}

#[test]
fn quarter_and_last_abbreviated() {
    assert_eq!(p("total spend for last qtr"), r((2026, 1, 1), (2026, 3, 31)));
    assert_eq!(p("this qtr so far"), r((2026, 4, 1), (2026, 6, 30)));
    assert_eq!(p("costco lst mnth"), r((2026, 3, 1), (2026, 3, 31)));
    assert_eq!(p("bills nxt month"), r((2026, 5, 1), (2026, 5, 31)));
}

#[test]
fn hours_are_the_days_they_touch() {
    // N hours back from now: that many whole days before today, and today.
    assert_eq!(p("spending in the past 48 hours"), r((2026, 4, 13), (2026, 4, 15)));
    assert_eq!(p("last 24 hrs"), r((2026, 4, 14), (2026, 4, 15)));
    assert_eq!(p("past 12 hours"), r((2026, 4, 14), (2026, 4, 15)));
    assert_eq!(p("the last 72 hours"), r((2026, 4, 12), (2026, 4, 15)));
    // An hour without a count is not on the calendar.
    assert_eq!(find("spending in the last hour"), PeriodFind::Unclear);
}

#[test]
fn a_length_of_time_in_a_past_question_is_a_rate() {
    assert_eq!(find("how much do i usually spend on groceries in a month"), PeriodFind::None);
    assert_eq!(find("what do i spend on coffee in a week"), PeriodFind::None);
    // Ahead, it is the day.
    assert_eq!(p("what will i owe in a month"), day(2026, 5, 15));
}

#[test]
fn unreadable_words_next_to_a_period_noun_are_unclear() {
    for q in [
        "spending lsat mnoth",
        "what did i spend this mnoth",
        "groceries last yeer",
        "spending pst week",
        "last quater",
    ] {
        assert_eq!(find(q), PeriodFind::Unclear, "{q}");
    }
    for q in ["how much did i spend a month", "which month did i spend the least", "my list"] {
        assert_eq!(find(q), PeriodFind::None, "{q}");
    }
}

#[test]
fn ever_and_in_total_are_all_the_data() {
    for q in [
        "most i ever spent at costco",
        "how much at ikea all time",
        "how much at ikea in total",
        "how much have i spent at nike so far",
        "lifetime spend at target",
    ] {
        match find(q) {
            PeriodFind::Found(p, ..) => {
                assert_eq!((p.start, p.end, p.label.as_str()), (open_start(), d(2026, 4, 16), ALL_TIME), "{q}")
            }
            other => panic!("{q}: {other:?}"),
        }
    }
    // Another period wins: "so far this month", "this year in total".
    assert_eq!(p("spent so far this month"), r((2026, 4, 1), (2026, 4, 15)));
    assert_eq!(p("this year in total"), r((2026, 1, 1), (2026, 12, 31)));
    assert_eq!(p("this quarter so far"), r((2026, 4, 1), (2026, 6, 30)));
    assert_eq!(p("and the year so far"), r((2026, 1, 1), (2026, 4, 15)));
    // "So far" of a period the grammar did not read is that period, unclear: never all of it.
    assert_eq!(find("and the second half so far"), PeriodFind::Unclear);
    assert!(matches!(find("how much in total do i spend per month"), PeriodFind::Found(..)));
}

#[test]
fn weekdays_inside_a_period_are_unclear_without_their_week_part() {
    // `find_period` (a period with nothing else) cannot carry the narrowing: unclear.
    assert_eq!(find("how much did i spend on weekdays in november"), PeriodFind::Unclear);
    assert_eq!(find("weekends this month"), PeriodFind::Unclear);
    assert_eq!(find("spending on weekdays"), PeriodFind::Unclear);
    assert_eq!(p("last weekend"), r((2026, 4, 11), (2026, 4, 12)));
}

fn parts(text: &str) -> Option<((Date, Date), Option<WeekPart>)> {
    match find_period_parts(&tokenize(text), today(), DateOrder::Unknown) {
        (PeriodFind::Found(p, ..), part) => Some(((p.start, p.end.add_days(-1)), part)),
        _ => None,
    }
}

#[test]
fn weekends_and_weekdays_narrow_the_period_named() {
    let march = r((2026, 3, 1), (2026, 3, 31));
    let (ends, days) = (Some(WeekPart::Weekends), Some(WeekPart::Weekdays));
    assert_eq!(parts("how much did i blow on weekends in march"), Some((march, ends)));
    assert_eq!(parts("weekday spending last month"), Some((march, days)));
    assert_eq!(parts("on weeknights in march"), Some((march, days)));
    // A bare "weekend" before a period narrows it: never that one weekend.
    assert_eq!(parts("weekend spending last month"), Some((march, ends)));
    // Alone, "weekend spending" is still the last weekend; "last weekend" no week part.
    assert_eq!(parts("weekend spending"), Some((r((2026, 4, 11), (2026, 4, 12)), None)));
    assert_eq!(parts("spending last weekend"), Some((r((2026, 4, 11), (2026, 4, 12)), None)));
    // Ranked or a rate: the days of the week are what is asked, not a narrowing.
    assert_eq!(parts("which weekday did i spend most last month"), Some((march, None)));
}

#[test]
fn that_day_alone_is_a_question() {
    for q in ["what did i buy that friday", "and that day?", "dining that week", "that weekend"] {
        assert_eq!(find(q), PeriodFind::Unclear, "{q}");
    }
    // "that" before anything else is not a period.
    let last_month = |q| match find(q) {
        PeriodFind::Found(p, ..) => Some((p.start, p.end)),
        _ => None,
    };
    assert_eq!(last_month("is that more than last month"), Some((d(2026, 3, 1), d(2026, 4, 1))));
}

#[test]
fn fixed_date_holiday_weekends_are_their_long_weekend() {
    // July 4, 2025 was a Friday: Friday to Sunday. 2026's is a Saturday: Friday (the day
    // off) to Sunday. Christmas 2025, a Thursday: to the Sunday after.
    assert_eq!(p("spending july 4th weekend 2025"), r((2025, 7, 4), (2025, 7, 6)));
    assert_eq!(p("the 4th of july weekend 2026"), r((2026, 7, 3), (2026, 7, 5)));
    assert_eq!(p("independence day weekend 2026"), r((2026, 7, 3), (2026, 7, 5)));
    assert_eq!(p("christmas weekend 2025"), r((2025, 12, 25), (2025, 12, 28)));
    // A Sunday (Christmas 2022): Saturday to Monday. A Tuesday (July 4, 2023): from the
    // Saturday before.
    assert_eq!(p("christmas weekend 2022"), r((2022, 12, 24), (2022, 12, 26)));
    assert_eq!(p("4th of july weekend 2023"), r((2023, 7, 1), (2023, 7, 4)));
    // Without "weekend" the day itself.
    assert_eq!(p("spending on july 4th 2026"), r((2026, 7, 4), (2026, 7, 4)));
}

#[test]
fn days_of_the_week_narrow_the_period_named() {
    let march = r((2026, 3, 1), (2026, 3, 31));
    let fri = Some(WeekPart::Day(4));
    assert_eq!(parts("how much on fridays in march"), Some((march, fri)));
    assert_eq!(parts("spending on mondays last month"), Some((march, Some(WeekPart::Day(0)))));
    assert_eq!(parts("every friday in march"), Some((march, fri)));
    assert_eq!(parts("what did i spend each tuesday last month"), Some((march, Some(WeekPart::Day(1)))));
    // Alone, every such day of which period is a question; one Friday stays one day.
    for q in ["how much do i spend on fridays", "every monday", "mondays?"] {
        assert_eq!(find(q), PeriodFind::Unclear, "{q}");
    }
    assert_eq!(p("spending last friday"), day(2026, 4, 10));
    assert_eq!(p("what did i spend 2 fridays ago"), day(2026, 4, 3));
}

#[test]
fn a_day_anchored_to_a_previous_one_is_a_question_here() {
    for q in [
        "what about the tuesday before that",
        "the weekend before that",
        "and the friday before?",
        "last monday before then",
    ] {
        assert_eq!(find(q), PeriodFind::Unclear, "{q}");
    }
    // "before last" and a named anchor are periods of their own.
    assert_eq!(p("the friday before last"), day(2026, 4, 3));
    assert_eq!(p("spending the weekend before last"), r((2026, 4, 4), (2026, 4, 5)));
    assert_eq!(p("last tuesday"), day(2026, 4, 14));
    // The weekend compared with is no narrowing of the one asked.
    let last = r((2026, 4, 11), (2026, 4, 12));
    assert_eq!(parts("was last weekend more than the weekend before"), Some((last, None)));
}

#[test]
fn the_days_before_a_day_of_the_week_are_a_week_earlier() {
    let period = |a: Date, b: Date| Period { start: a, end: b.add_days(1), label: String::new() };
    let before = |p: &Period, unit: Option<&str>| {
        period_before(p, unit).map(|q| (q.start, q.end.add_days(-1)))
    };
    let tuesday = period(d(2026, 4, 14), d(2026, 4, 14));
    assert_eq!(before(&tuesday, Some("tuesday")), Some(day(2026, 4, 7)));
    assert_eq!(period_before(&tuesday, Some("tuesday")).unwrap().label, "April 7, 2026");
    // With no unit, the day before; "the week before" is the seven days before it.
    assert_eq!(before(&tuesday, None), Some(day(2026, 4, 13)));
    assert_eq!(before(&tuesday, Some("week")), Some(r((2026, 4, 7), (2026, 4, 13))));
    // A weekend: the weekend before, named or not ("the one before").
    let weekend = period(d(2026, 4, 11), d(2026, 4, 12));
    assert_eq!(before(&weekend, None), Some(r((2026, 4, 4), (2026, 4, 5))));
    assert_eq!(before(&weekend, Some("weekend")), Some(r((2026, 4, 4), (2026, 4, 5))));
    assert_eq!(period_before(&weekend, None).unwrap().label, "the weekend of April 4");
    // A word that is no unit ("the one before") is none.
    assert_eq!(before(&weekend, Some("one")), Some(r((2026, 4, 4), (2026, 4, 5))));
    // Two days that are not a weekend: the two days before.
    let thu_fri = period(d(2026, 4, 9), d(2026, 4, 10));
    assert_eq!(before(&thu_fri, None), Some(r((2026, 4, 7), (2026, 4, 8))));
}

#[test]
fn please_points_ahead_unless_recorded_money_is_asked() {
    assert_eq!(p("bills in november please"), r((2025, 11, 1), (2025, 11, 30)));
    assert_eq!(p("total of all bills for november please"), r((2025, 11, 1), (2025, 11, 30)));
    assert_eq!(p("groceries in june please"), r((2025, 6, 1), (2025, 6, 30)));
    // A date alone with "please" answers when to plan something.
    assert_eq!(p("for the 23 december, please"), day(2026, 12, 23));
    assert_eq!(p("can we meet on wednesday, please"), day(2026, 4, 22));
}

proptest! {
    /// A weekday in the plural next to any period narrows that period to the weekday, and
    /// never becomes one day.
    #[test]
    fn plural_weekdays_narrow_any_period(
        wd in 0usize..7,
        period in prop::sample::select(vec![
            "in march", "last month", "this year", "in q1", "last week", "in 2025",
            "since march 3", "between march 1 and march 20", "this month",
        ]),
        before in any::<bool>(),
    ) {
        const DAYS: [&str; 7] =
            ["mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"];
        let text = if before {
            format!("how much on {} {period}", DAYS[wd])
        } else {
            format!("how much {period} on {}", DAYS[wd])
        };
        let alone = find(period);
        let PeriodFind::Found(whole, ..) = alone else {
            return Err(TestCaseError::fail(format!("{period} alone")));
        };
        let got = parts(&text);
        prop_assert_eq!(
            got,
            Some(((whole.start, whole.end.add_days(-1)), Some(WeekPart::Day(wd as u8)))),
            "{}", text
        );
    }
}

#[test]
fn the_whole_unit_is_this_one() {
    for q in ["total for the year", "how much over the year", "the whole year", "for the entire year", "all year"] {
        assert_eq!(p(q), p("this year"), "{q}");
    }
    assert_eq!(p("how much for the month"), p("this month"));
    assert_eq!(p("the whole quarter"), p("this quarter"));
    // A year or month named next keeps its own form; plurals and days are not this form.
    assert_ne!(find_in("for the year 2025", DateOrder::Unknown), find_in("this year", DateOrder::Unknown));
    assert_eq!(p("the whole month of march"), p("spent in march"));
    assert!(!matches!(find("how has it changed over the years"), PeriodFind::Found(..)));
    assert!(!matches!(find("i was out all day"), PeriodFind::Found(..)));
}

#[test]
fn the_weekend_of_a_date() {
    // 2026-03-21 is a Saturday, 2026-03-18 a Wednesday, 2026-03-22 a Sunday.
    for q in ["what did i spend the weekend of march 21", "weekend of mar 22", "the weekend of 3/21", "the weekend of march 18"] {
        assert_eq!(p(q), r((2026, 3, 21), (2026, 3, 22)), "{q}");
    }
    assert_eq!(p("the weekend of the 4th"), r((2026, 4, 4), (2026, 4, 5)));
    // Without "of" a date, the weekend words keep their own reading.
    assert_eq!(p("over the weekend"), r((2026, 4, 11), (2026, 4, 12)));
}
