//! The words periods are made of: month and weekday names (with common typos of the long
//! month names), small numbers written as words, ordinals, days of month and years.

const MONTHS: [(&str, u32); 25] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("febuary", 2),
];

/// English month names, for labels.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const WEEKDAY_SHORT: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Levenshtein distance, bounded inputs (both words are short).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// Month number of a month word. Long month names (six letters or more) also match with one
/// typo ("septmber", "agust"), eight letters or more with two.
pub(crate) fn month_of(word: &str) -> Option<u32> {
    if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == word) {
        return Some(*m);
    }
    if word.len() < 5 || word.len() > 12 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    MONTH_NAMES.iter().enumerate().find_map(|(i, name)| {
        let name = name.to_ascii_lowercase();
        let allowed = match name.len() {
            9.. => 2,
            6..=8 => 1,
            _ => 0,
        };
        let same_start = word.as_bytes().first() == name.as_bytes().first();
        (allowed > 0 && same_start && distance(word, &name) <= allowed).then_some(i as u32 + 1)
    })
}

/// Monday = 0 .. Sunday = 6 ("friday", "fridays", "fri").
pub(crate) fn weekday_of(word: &str) -> Option<u32> {
    let w = word.strip_suffix('s').unwrap_or(word);
    WEEKDAYS
        .iter()
        .position(|d| *d == w)
        .or_else(|| WEEKDAY_SHORT.iter().position(|d| *d == word))
        .or_else(|| WEEKDAY_ABBREVIATED.iter().find(|(a, _)| *a == word).map(|(_, i)| *i))
        .or_else(|| weekday_typo(w))
        .map(|i| i as u32)
}

/// A weekday named in the plural ("fridays", "mondays", "firdays"): every such day of a
/// period, never one day. Monday = 0.
pub(crate) fn weekdays_plural(word: &str) -> Option<u32> {
    word.ends_with("days").then(|| weekday_of(word)).flatten()
}

/// Abbreviations people type that are no other word: "tues", "weds", "thurs".
const WEEKDAY_ABBREVIATED: [(&str, usize); 5] = [
    ("tues", 1),
    ("weds", 2),
    ("wednes", 2),
    ("thur", 3),
    ("thurs", 3),
];

/// A weekday name with one typo ("wensday", "firday", "tuseday": a swap of two neighbouring
/// letters counts as one), two for names of eight letters or more ("wendsday", "thrusday").
/// The word must start with the name's letter and end in "day", so "midday" or "today" are
/// never weekdays.
fn weekday_typo(w: &str) -> Option<usize> {
    if w.len() < 6 || !w.ends_with("day") || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    WEEKDAYS.iter().position(|name| {
        let allowed = if name.len() >= 8 { 2 } else { 1 };
        w.as_bytes()[0] == name.as_bytes()[0]
            && (distance(w, name) <= allowed || one_swap(w, name))
    })
}

/// Whether `a` is `b` with two neighbouring letters swapped.
pub(crate) fn one_swap(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff[..], [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

/// "three", "a", "couple", "few", "12".
pub(crate) fn small_number(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == word) {
        return Some(n as i64);
    }
    match word {
        "a" | "an" | "single" => Some(1),
        "couple" => Some(2),
        "few" | "several" => Some(3),
        "fifteen" => Some(15),
        "twenty" => Some(20),
        "thirty" => Some(30),
        "sixty" => Some(60),
        "ninety" => Some(90),
        _ if word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) => word.parse().ok(),
        _ => None,
    }
}

/// "first" .. "fifth", "1st" .. "5th", "last" (as -1): which week or quarter.
pub(crate) fn ordinal_of(word: &str) -> Option<i32> {
    Some(match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "last" | "final" => -1,
        _ => return None,
    })
}

/// A day of month: "15", "15th", "1st".
pub(crate) fn day_of(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Whether a day word is written as an ordinal ("15th").
pub(crate) fn is_ordinal_day(word: &str) -> bool {
    day_of(word).is_some() && !word.bytes().all(|b| b.is_ascii_digit())
}

/// A four-digit year between 1900 and 2200.
pub(crate) fn year_of(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok().filter(|y| (1900..=2200).contains(y))
    } else {
        None
    }
}

/// A calendar unit word, singular or plural or possessive ("months" from "month's").
pub(crate) fn unit_of(word: &str) -> Option<Unit> {
    Some(match word.strip_suffix('s').unwrap_or(word) {
        "day" => Unit::Day,
        "week" | "wk" => Unit::Week,
        "fortnight" => Unit::Fortnight,
        "month" | "mo" | "mth" | "mnth" | "monht" | "moth" => Unit::Month,
        "quarter" | "qtr" | "qrt" => Unit::Quarter,
        "year" | "yr" => Unit::Year,
        _ => return None,
    })
}

/// "weekend" and the ways people shorten it ("wknd", "wkend"), singular or plural.
pub(crate) fn is_weekend_word(word: &str) -> bool {
    matches!(
        word.strip_suffix('s').unwrap_or(word),
        "weekend" | "wknd" | "wkend"
    )
}

/// A calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A day.
    Day,
    /// Monday to Sunday.
    Week,
    /// Fourteen days.
    Fortnight,
    /// A calendar month.
    Month,
    /// Three calendar months from January, April, July or October.
    Quarter,
    /// A calendar year.
    Year,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_abbreviated_and_with_typos() {
        for (w, d) in [
            ("tues", 1),
            ("weds", 2),
            ("thurs", 3),
            ("wensday", 2),
            ("wendsday", 2),
            ("wednsday", 2),
            ("thrusday", 3),
            ("tuseday", 1),
            ("firday", 4),
            ("saterday", 5),
            ("mondays", 0),
        ] {
            assert_eq!(weekday_of(w), Some(d), "{w}");
        }
        for w in ["midday", "today", "someday", "payday", "holiday", "weekday", "sundae", "tue5day"] {
            assert_eq!(weekday_of(w), None, "{w}");
        }
    }

    #[test]
    fn months_with_typos() {
        assert_eq!(month_of("september"), Some(9));
        assert_eq!(month_of("septmber"), Some(9));
        assert_eq!(month_of("febuary"), Some(2));
        assert_eq!(month_of("augst"), Some(8));
        assert_eq!(month_of("must"), None);
        assert_eq!(month_of("sepember"), Some(9));
        assert_eq!(month_of("match"), None);
        assert_eq!(month_of("mayor"), None);
        assert_eq!(month_of("remember"), None);
        assert_eq!(month_of("decmber"), Some(12));
    }

    #[test]
    fn numbers_days_years_units() {
        assert_eq!(small_number("couple"), Some(2));
        assert_eq!(small_number("12"), Some(12));
        assert_eq!(small_number("apple"), None);
        assert_eq!(day_of("21st"), Some(21));
        assert_eq!(day_of("32"), None);
        assert!(is_ordinal_day("3rd"));
        assert!(!is_ordinal_day("3"));
        assert_eq!(year_of("2025"), Some(2025));
        assert_eq!(year_of("12345"), None);
        assert_eq!(unit_of("months"), Some(Unit::Month));
        assert_eq!(unit_of("yrs"), Some(Unit::Year));
        assert_eq!(weekday_of("fridays"), Some(4));
        assert_eq!(weekday_of("fri"), Some(4));
        assert_eq!(ordinal_of("third"), Some(3));
    }

    #[test]
    fn weekend_words() {
        for w in ["weekend", "weekends", "wknd", "wkend", "wknds"] {
            assert!(is_weekend_word(w), "{w}");
        }
        assert!(!is_weekend_word("week"));
        assert!(!is_weekend_word("end"));
    }
}
