//! Best-effort classification of a released platform text, for the outbound ledger: which
//! kinds of the user's data it contains (amounts, dates, merchants, ...), never the data. It
//! errs towards reporting a category; it is a record, not a guard.

use crate::words::Words;
use super::normalize::{normalize, Norm};
use super::numbers::{currency_adjacent, digit_runs, month_adjacent, Run};
use crate::model::Category;

/// A kind of data a platform text may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataCategory {
    /// A money amount.
    Amount,
    /// A merchant or payee name.
    Merchant,
    /// A date, weekday or relative day.
    Date,
    /// An account balance.
    Balance,
    /// An account's number, as its last four digits ("checking account ••4321").
    AccountNumber,
    /// A card's number, as its last four digits ("credit card ••1234").
    CardNumber,
    /// A spending category.
    Category,
    /// A reference to a fraud alert.
    AlertRef,
    /// Any other number (a count, a duration).
    Number,
    /// None of the above.
    None,
}

impl DataCategory {
    /// Stable short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DataCategory::Amount => "amount",
            DataCategory::Merchant => "merchant",
            DataCategory::Date => "date",
            DataCategory::Balance => "balance",
            DataCategory::AccountNumber => "account_number",
            DataCategory::CardNumber => "card_number",
            DataCategory::Category => "category",
            DataCategory::AlertRef => "alert_ref",
            DataCategory::Number => "number",
            DataCategory::None => "none",
        }
    }

    /// Inverse of [`DataCategory::as_str`]. Ledger entries written before account and card
    /// numbers were told apart say `account_last4`: read as an account number.
    pub fn parse(s: &str) -> Option<DataCategory> {
        if s == "account_last4" {
            return Some(DataCategory::AccountNumber);
        }
        [
            DataCategory::Amount,
            DataCategory::Merchant,
            DataCategory::Date,
            DataCategory::Balance,
            DataCategory::AccountNumber,
            DataCategory::CardNumber,
            DataCategory::Category,
            DataCategory::AlertRef,
            DataCategory::Number,
            DataCategory::None,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

const DAY_WORDS: Words = Words(
    "today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday\
    |jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june\
    |july|august|september|october|november|december",
);

/// Words of the text, lower-cased, with their normalised [start, end).
fn words(norm: &Norm) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        if norm.at(i).is_alphabetic() {
            let s = i;
            while norm.at(i).is_alphabetic() {
                i += 1;
            }
            out.push((
                s,
                i,
                (s..i).flat_map(|k| norm.at(k).to_lowercase()).collect(),
            ));
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a 4-digit run is marked as an account's last four ("ending 1234", "…1234").
fn is_last4(norm: &Norm, run: &Run, words: &[(usize, usize, String)]) -> bool {
    if run.digits.len() != 4 || run.groups.len() != 1 {
        return false;
    }
    let start = run.pos.first().copied().unwrap_or(0);
    let mut i = start;
    while i > 0 && start - i < 4 && matches!(norm.before(i), '*' | '…' | '•' | 'x' | 'X' | '#')
    {
        i -= 1;
    }
    if i < start {
        return true;
    }
    // words are sorted by position: the last one starting before the run
    let prev = words
        .partition_point(|(p, _, _)| *p < start)
        .checked_sub(1)
        .and_then(|k| words.get(k))
        .filter(|(_, e, _)| start.saturating_sub(*e) <= 4);
    prev.is_some_and(|(_, _, w)| matches!(w.as_str(), "ending" | "in" | "ends" | "last"))
}

/// The kinds of data `text` contains (sorted, no repeats; `[None]` when it has none).
pub fn categories_in(text: &str) -> Vec<DataCategory> {
    let norm = normalize(text);
    let runs = digit_runs(&norm);
    let words = words(&norm);
    let mut out = Vec::new();
    for run in &runs {
        if run
            .pos
            .first()
            .is_some_and(|&p| norm.before(p).is_alphabetic())
        {
            continue; // digits inside a word or reference ("A7K2")
        }
        let (s, e) = (
            run.pos.first().copied().unwrap_or(0),
            run.pos.last().map_or(0, |p| p + 1),
        );
        let date = run.groups.len() == 3
            && run
                .seps
                .iter()
                .all(|&(a, b)| b == a + 1 && matches!(norm.at(a), '-' | '/' | '.'));
        out.push(if currency_adjacent(&norm, s, e) {
            DataCategory::Amount
        } else if date || month_adjacent(&norm, s, e) {
            DataCategory::Date
        } else if is_last4(&norm, run, &words) {
            DataCategory::AccountNumber
        } else {
            DataCategory::Number
        });
    }
    for (k, (_, end, w)) in words.iter().enumerate() {
        let next = words.get(k + 1);
        if DAY_WORDS.contains(w.as_str()) {
            out.push(DataCategory::Date);
        }
        if matches!(w.as_str(), "balance" | "balances" | "available") {
            out.push(DataCategory::Balance);
        }
        if Category::ALL
            .iter()
            .any(|c| *c != Category::Other && c.as_str() == w)
        {
            out.push(DataCategory::Category);
        }
        if matches!(w.as_str(), "merchant" | "payee") {
            out.push(DataCategory::Merchant);
        }
        if matches!(w.as_str(), "at" | "from") {
            if let Some((np, _, _)) = next {
                let cap = norm.at(*np).is_uppercase();
                if cap && np.saturating_sub(*end) <= 2 {
                    out.push(DataCategory::Merchant);
                }
            }
        }
        if w == "alert" || w == "ref" {
            let tail = *end;
            let reference = (tail..tail + 4).any(|i| norm.at(i) == '#')
                || next.is_some_and(|(np, _, nw)| {
                    np.saturating_sub(tail) <= 2
                        && nw.chars().all(|c| c.is_ascii_alphanumeric())
                        && w == "ref"
                });
            if reference {
                out.push(DataCategory::AlertRef);
            }
        }
    }
    crate::sort::sort(&mut out);
    out.dedup();
    if out.is_empty() {
        out.push(DataCategory::None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataCategory as D;

    #[test]
    fn classifies_common_replies() {
        assert_eq!(
            categories_in("You spent $1,234.56 at Whole Foods on 2026-11-21."),
            vec![D::Amount, D::Merchant, D::Date]
        );
        assert_eq!(
            categories_in("Your checking ending 1234 has a balance of about $1,200."),
            vec![D::Amount, D::Balance, D::AccountNumber]
        );
        assert_eq!(
            categories_in("Groceries were your top category"),
            vec![D::Category]
        );
        assert_eq!(
            categories_in("Was this you? Reply YES or NO."),
            vec![D::None]
        );
        assert_eq!(
            categories_in("See alert #A7K2 from yesterday"),
            vec![D::Date, D::AlertRef]
        );
        assert_eq!(categories_in("3 charges"), vec![D::Number]);
        assert_eq!(categories_in("Nov 21: 12,50 €"), vec![D::Amount, D::Date]);
    }

    #[test]
    fn names_round_trip() {
        for c in [
            D::Amount,
            D::AlertRef,
            D::None,
            D::AccountNumber,
            D::CardNumber,
        ] {
            assert_eq!(D::parse(c.as_str()), Some(c));
        }
    }
}
