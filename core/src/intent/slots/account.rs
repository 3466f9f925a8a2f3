//! Which of the user's accounts a message means: "card ending 1234", a nickname, a display
//! name, "my chase card", or a kind ("checking", "my savings", "my visa", "credit card").

use super::tokens::{find_words, words_of, Token};
use super::{AccountSelector, SlotAccount, SlotContext};
use crate::model::AccountKind;

/// The account kind a word names.
pub(super) fn kind_word(toks: &[Token], i: usize) -> Option<(AccountKind, usize)> {
    let w = toks.get(i).map(|t| t.lower.as_str())?;
    let next = toks.get(i + 1).map(|t| t.lower.as_str()).unwrap_or("");
    Some(match (w, next) {
        ("credit", "card" | "cards") => (AccountKind::CreditCard, 2),
        ("debit", "card" | "cards") => (AccountKind::Checking, 2),
        ("current", "account" | "accounts") => (AccountKind::Checking, 2),
        ("checking" | "chequing" | "debit", _) => (AccountKind::Checking, 1),
        ("savings" | "saving", _) => (AccountKind::Savings, 1),
        ("card" | "cards" | "visa" | "mastercard" | "amex" | "cc", _) => {
            (AccountKind::CreditCard, 1)
        }
        ("loan" | "loans" | "mortgage", _) => (AccountKind::Loan, 1),
        _ => return None,
    })
}

/// Four digits after "ending", "ending in/with", "last four", or written as "x1234".
fn last4_mentioned(toks: &[Token]) -> Option<String> {
    let four = |t: &Token| t.lower.len() == 4 && t.lower.bytes().all(|b| b.is_ascii_digit());
    for (i, t) in toks.iter().enumerate() {
        let after = match t.lower.as_str() {
            "ending" | "ends" | "ended" => {
                let skip = toks
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "in" | "with"));
                i + 1 + usize::from(skip)
            }
            "four" | "4" if i > 0 && toks.get(i - 1).is_some_and(|p| p.lower == "last") => {
                let skip = toks
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "digits" | "of"));
                i + 1 + usize::from(skip)
            }
            w if w.len() == 5
                && w.starts_with('x')
                && w.bytes().skip(1).all(|b| b.is_ascii_digit()) =>
            {
                return w.get(1..).map(str::to_string);
            }
            _ => continue,
        };
        if let Some(n) = toks.get(after).filter(|n| four(n)) {
            return Some(n.lower.clone());
        }
    }
    None
}

/// The account whose nickname or display name appears, longest name first.
fn named(toks: &[Token], accounts: &[SlotAccount]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (name length, index)
    for a in accounts {
        for name in a.nickname.iter().chain(std::iter::once(&a.display_name)) {
            let words = words_of(name);
            if find_words(toks, &words).is_some() && best.is_none_or(|(len, _)| words.len() > len) {
                best = Some((words.len(), a.index));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// Finds the account selector, if the message names one.
pub(super) fn find_account(toks: &[Token], ctx: &SlotContext) -> Option<AccountSelector> {
    if let Some(last4) = last4_mentioned(toks) {
        let found = ctx
            .accounts
            .iter()
            .find(|a| a.last4.as_deref() == Some(last4.as_str()));
        return Some(found.map_or(AccountSelector::NoMatch, |a| {
            AccountSelector::Index(a.index)
        }));
    }
    if let Some(index) = named(toks, &ctx.accounts) {
        return Some(AccountSelector::Index(index));
    }
    let kind = (0..toks.len())
        .find_map(|i| kind_word(toks, i))
        .map(|(k, _)| k);
    let at_institution: Vec<&SlotAccount> = ctx
        .accounts
        .iter()
        .filter(|a| {
            let words = words_of(&a.institution);
            find_words(toks, &words).is_some()
        })
        .collect();
    let pool: Vec<&SlotAccount> = if at_institution.is_empty() {
        ctx.accounts.iter().collect()
    } else {
        at_institution.clone()
    };
    match kind {
        Some(kind) => {
            let of_kind: Vec<&&SlotAccount> = pool.iter().filter(|a| a.kind == kind).collect();
            match of_kind.as_slice() {
                [only] => Some(AccountSelector::Index(only.index)),
                _ => Some(AccountSelector::Kind(kind)),
            }
        }
        None => match at_institution.as_slice() {
            [only] => Some(AccountSelector::Index(only.index)),
            _ => None,
        },
    }
}

/// Every account a message names when it joins several ("checking and savings", "my visa
/// and my checking", "checking, savings & card"): the account of each part between the
/// joining words, in order and without repeats. Fewer than two means one question.
pub fn accounts_named(text: &str, ctx: &SlotContext) -> Vec<AccountSelector> {
    let toks = super::tokens::tokenize(text);
    let mut out: Vec<AccountSelector> = Vec::new();
    for part in toks.split(|t| matches!(t.lower.as_str(), "and" | "&" | "+" | "n" | "or" | ",")) {
        if let Some(a) = find_account(part, ctx).filter(|a| !out.contains(a)) {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> SlotContext {
        let acct = |index, kind, last4: &str| SlotAccount {
            index,
            kind,
            last4: Some(last4.into()),
            nickname: None,
            display_name: format!("{kind:?}"),
            institution: "Bank".into(),
        };
        SlotContext {
            accounts: vec![
                acct(0, AccountKind::Checking, "1111"),
                acct(1, AccountKind::CreditCard, "2222"),
            ],
            ..SlotContext::default()
        }
    }

    #[test]
    fn several_accounts_joined_are_each_named() {
        let c = ctx();
        use AccountSelector::{Index, Kind};
        assert_eq!(
            accounts_named("whats in checking and savings", &c),
            vec![Index(0), Kind(AccountKind::Savings)]
        );
        assert_eq!(
            accounts_named("balance of my visa and my checking", &c),
            vec![Index(1), Index(0)]
        );
        assert_eq!(accounts_named("balance of my checking", &c), vec![Index(0)]);
        assert!(accounts_named("groceries and dining", &c).len() < 2);
    }
}
