//! Exclusions: "excluding rent", "except Amazon", "not counting groceries", "other than
//! Uber", "that aren't from Amazon", "besides dining", "everything but groceries"; several
//! things left out are split at "and", "or", "n", "&" ("besides amazon and costco"). The words after the cue name what to
//! leave out; the rest of the message is read as usual, so "spending excluding rent" asks
//! for all spending but rent, never for rent.

use super::tokens::{starts_with, Token};

/// Cues, longest first where one starts another.
const CUES: &[&[&str]] = &[
    // "everything but groceries", "all but rent": all of it but that, never that alone.
    &["everything", "but"],
    &["anything", "but"],
    &["all", "but"],
    &["not", "counting"],
    &["not", "including"],
    &["not", "incl"],
    &["not", "inc"],
    &["other", "than"],
    &["apart", "from"],
    &["aside", "from"],
    &["except", "for"],
    &["arent", "from"],
    &["arent", "at"],
    &["isnt", "from"],
    &["isnt", "at"],
    &["werent", "from"],
    &["werent", "at"],
    &["wasnt", "from"],
    &["wasnt", "at"],
    &["not", "from"],
    &["not", "at"],
    &["not", "on"],
    &["but", "not"],
    &["leaving", "out"],
    // "leave out the rent" (a follow-up that edits the last question). Not "take out" (cash
    // taken out at an ATM) nor "remove" (a request: "remove the direct debit for X").
    &["leave", "out"],
    // "w/o amazon" (the tokeniser splits at the slash).
    &["w", "o"],
    &["excluding"],
    &["excl"],
    &["exclude"],
    &["except"],
    &["besides"],
    &["ignoring"],
    &["minus"],
    &["without"],
];

/// Words that end the excluded phrase (a period, a new clause).
fn ends_phrase(w: &str) -> bool {
    matches!(
        w,
        "last"
            | "this"
            | "in"
            | "since"
            | "during"
            | "for"
            | "over"
            | "and"
            | "but"
            | "on"
            | "between"
            | "from"
            | "until"
            | "today"
            | "yesterday"
            | "past"
            | "previous"
            | "ytd"
            | "so"
            | "what"
            | "how"
            | "did"
            | "do"
            | "i"
            | "show"
            | "whats"
            | "list"
    )
}

/// Words that join two things left out ("rent and insurance", "amazon or walmart").
fn is_joiner(w: &str) -> bool {
    matches!(w, "and" | "or" | "n" | "nor")
}

/// The things an excluded phrase names, one per item ("rent and insurance": "rent",
/// "insurance").
pub(super) fn items(excluded: &[Token]) -> Vec<&[Token]> {
    excluded
        .split(|t| is_joiner(&t.lower))
        .filter(|g| !g.is_empty())
        .collect()
}

/// A message split into what it asks about and what it leaves out.
#[derive(Debug, Default)]
pub(super) struct Parts {
    /// Tokens outside the excluded phrase (cue removed).
    pub kept: Vec<Token>,
    /// The excluded phrase.
    pub excluded: Vec<Token>,
}

/// Splits off the first exclusion.
pub(super) fn split(toks: &[Token]) -> Parts {
    for i in 0..toks.len() {
        let Some(cue) = CUES.iter().find(|c| starts_with(toks, i, c)) else {
            continue;
        };
        let from = i + cue.len();
        let mut to = from;
        while to < toks.len() && to - from < 9 {
            let w = toks.get(to).map(|t| t.lower.as_str()).unwrap_or("");
            let next = toks.get(to + 1).map(|t| t.lower.as_str()).unwrap_or("");
            // "leaving out rent and insurance": a second thing left out, unless what follows
            // the joiner opens a period or a new clause ("excluding rent and what else").
            let joins = is_joiner(w) && !next.is_empty() && !ends_phrase(next);
            if to > from && ends_phrase(w) && !joins {
                break;
            }
            to += 1;
        }
        if to == from {
            continue;
        }
        let mut kept: Vec<Token> = toks.iter().take(i).cloned().collect();
        kept.extend(toks.iter().skip(to).cloned());
        return Parts {
            kept,
            excluded: toks.iter().skip(from).take(to - from).cloned().collect(),
        };
    }
    Parts {
        kept: toks.to_vec(),
        excluded: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn words(t: &[Token]) -> String {
        t.iter()
            .map(|t| t.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn two_things_left_out() {
        let p = split(&tokenize("total spend this year leaving out rent and insurance"));
        assert_eq!(words(&p.excluded), "rent and insurance");
        assert_eq!(words(&p.kept), "total spend this year");
        let items: Vec<String> = items(&p.excluded).iter().map(|g| words(g)).collect();
        assert_eq!(items, ["rent", "insurance"]);
        let p = split(&tokenize("spending except rent n groceries last month"));
        assert_eq!(words(&p.excluded), "rent n groceries");
        assert_eq!(words(&p.kept), "spending last month");
        // A new clause after the joiner is not left out.
        let p = split(&tokenize("spending excluding rent and what did i get paid"));
        assert_eq!(words(&p.excluded), "rent");
    }

    /// Cash taken out and a request to remove something leave nothing out.
    #[test]
    fn taking_out_cash_and_removing_are_no_cues() {
        for t in [
            "how much did i take out from the atm last week",
            "how much cash did i take out at chase atm",
            "remove the direct debit for scribbler",
        ] {
            assert!(split(&tokenize(t)).excluded.is_empty(), "{t}");
        }
        let p = split(&tokenize("leave out the rent"));
        assert_eq!(words(&p.excluded), "the rent");
    }

    #[test]
    fn splits_each_cue() {
        let p = split(&tokenize("spending excluding rent last month"));
        assert_eq!(words(&p.excluded), "rent");
        assert_eq!(words(&p.kept), "spending last month");
        let p = split(&tokenize("transactions that aren't from amazon"));
        assert_eq!(words(&p.excluded), "amazon");
        let p = split(&tokenize("what did i spend not counting groceries"));
        assert_eq!(words(&p.excluded), "groceries");
        let p = split(&tokenize("other than uber, what did I spend this week"));
        assert_eq!(words(&p.excluded), "uber");
        let p = split(&tokenize("spent last month w/o amazon"));
        assert_eq!(words(&p.excluded), "amazon");
        assert_eq!(words(&p.kept), "spent last month");
        let p = split(&tokenize("my balance"));
        assert!(p.excluded.is_empty());
    }
}
