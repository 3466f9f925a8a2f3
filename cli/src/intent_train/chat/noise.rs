//! Chat-style surface noise: how people type on a phone. Each function rewrites a clean
//! sentence the way a hurried person might (short forms, slang, typos, casing, emoji, missing
//! punctuation), driven by a seeded generator so the training data is reproducible.

use crate::intent_train::logreg::SplitMix;

/// Word-level short forms and slang (whole words only; the first form is the usual one).
const SHORT: &[(&str, &[&str])] = &[
    ("balance", &["bal", "balence", "blance", "balanse"]),
    ("transactions", &["txns", "txs", "transactons", "trans"]),
    ("transaction", &["txn", "tx", "transacton"]),
    ("account", &["acct", "acc", "accnt", "acount"]),
    ("accounts", &["accts", "accs"]),
    ("checking", &["chk", "chking", "checkin"]),
    ("savings", &["svgs", "saving", "savngs"]),
    ("statement", &["stmt", "statment"]),
    ("payment", &["pmt", "paymnt", "payement"]),
    ("payments", &["pmts", "paymnts"]),
    ("credit card", &["cc", "credit crd", "creditcard"]),
    ("number", &["#", "no.", "num", "nr"]),
    ("you", &["u", "ya"]),
    ("your", &["ur", "yr"]),
    ("are", &["r"]),
    ("please", &["pls", "plz", "pleas"]),
    ("thanks", &["thx", "ty", "tnx"]),
    ("what is", &["whats", "wats", "what's", "wat is"]),
    ("what's", &["whats", "wats", "wut's"]),
    ("how much", &["how mch", "hw much", "how much$"]),
    ("did i", &["did i", "i did"]),
    ("money", &["$$", "cash", "dough"]),
    ("spent", &["spnt", "dropped", "blew"]),
    ("spend", &["spnd", "drop"]),
    ("because", &["bc", "cuz", "coz"]),
    ("someone", &["some1", "sum1", "somebody"]),
    ("tonight", &["2nite", "tonite"]),
    ("today", &["2day", "tday"]),
    ("tomorrow", &["tmrw", "2moro"]),
    ("right now", &["rn", "asap"]),
    ("really", &["rly", "rlly"]),
    ("with", &["w", "w/"]),
    ("without", &["w/o"]),
    ("about", &["abt", "bout"]),
    ("can you", &["cn u", "can u", "could u"]),
    ("i don't know", &["idk", "dunno"]),
    ("minimum", &["min", "minimun"]),
    ("available", &["avail", "availble"]),
    ("information", &["info"]),
    ("limit", &["lmt", "limt"]),
    ("routing", &["routng", "rtng"]),
    ("declined", &["declind", "denied", "rejected"]),
    ("charged", &["chargd", "hit"]),
    ("purchases", &["purchs", "buys"]),
    ("between", &["btwn", "b/w"]),
    ("month", &["mo", "mnth"]),
    ("months", &["mos", "mnths"]),
    ("year", &["yr"]),
    ("dollars", &["bucks", "$"]),
];

const EMOJI: &[&str] = &[
    "🙏", "😩", "😬", "🤔", "💸", "💳", "😅", "🥲", "😭", "👀", "🙃", "😡", "🤷", "✌️", "💰",
];
const TAILS: &[&str] = &[
    "?", "??", "???", "?!", "!", "", "", "", " pls", " plz", " thx", " asap",
];
const OPENERS: &[&str] = &[
    "hey ",
    "hi ",
    "yo ",
    "ok ",
    "um ",
    "quick q ",
    "so ",
    "hey tacit ",
    "hello ",
    "ugh ",
    "",
];
const KEYBOARD: &[&str] = &["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Picks one element.
pub fn pick<'a, T>(rng: &mut SplitMix, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

/// True with probability `pct` percent.
pub fn chance(rng: &mut SplitMix, pct: usize) -> bool {
    rng.below(100) < pct
}

/// Replaces some phrases by their short forms or slang.
pub fn shorten(text: &str, rng: &mut SplitMix, pct: usize) -> String {
    let mut out = format!(" {} ", text.to_lowercase());
    for (long, shorts) in SHORT {
        let key = format!(" {long} ");
        if out.contains(&key) && chance(rng, pct) {
            let rep = format!(" {} ", pick(rng, shorts));
            out = out.replacen(&key, &rep, 1);
        }
    }
    out.trim().to_string()
}

fn neighbour(c: char, rng: &mut SplitMix) -> char {
    for row in KEYBOARD {
        let chars: Vec<char> = row.chars().collect();
        if let Some(i) = chars.iter().position(|&k| k == c) {
            let j = if i == 0 {
                1
            } else if i + 1 == chars.len() || chance(rng, 50) {
                i - 1
            } else {
                i + 1
            };
            return chars[j];
        }
    }
    c
}

/// One typo in a word of four letters or more: a dropped, doubled, swapped or neighbouring key.
pub fn typo(text: &str, rng: &mut SplitMix) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    if long.is_empty() {
        return text.to_string();
    }
    let at = *pick(rng, &long);
    let mut chars: Vec<char> = words[at].chars().collect();
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        2 => chars.swap(i, i + 1),
        _ => chars[i] = neighbour(chars[i], rng),
    }
    let fixed: String = chars.into_iter().collect();
    words
        .iter()
        .enumerate()
        .map(|(k, w)| if k == at { fixed.as_str() } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops end punctuation and apostrophes, or shouts, or capitalises, as people do.
pub fn casing(text: &str, rng: &mut SplitMix) -> String {
    match rng.below(6) {
        0 => text.to_uppercase(),
        1 => {
            let mut c = text.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
        2 => text.replace('\'', ""),
        _ => text.to_lowercase(),
    }
}

/// A chat-style rewrite of a clean sentence: some of short forms, typos, casing, an opener,
/// a tail, an emoji.
pub fn chatify(text: &str, rng: &mut SplitMix) -> String {
    let mut t = text.trim_end_matches(['?', '.', '!']).to_string();
    t = shorten(&t, rng, 45);
    for _ in 0..rng.below(3) {
        if chance(rng, 55) {
            t = typo(&t, rng);
        }
    }
    if chance(rng, 25) {
        t = format!("{}{t}", *pick(rng, OPENERS));
    }
    let tail = *pick(rng, TAILS);
    t.push_str(tail);
    if chance(rng, 15) {
        t = format!("{t} {}", pick(rng, EMOJI));
    }
    casing(&t, rng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_changes_text() {
        let mut a = SplitMix::new(3);
        let mut b = SplitMix::new(3);
        let s = "what is my checking account balance please";
        let xs: Vec<String> = (0..20).map(|_| chatify(s, &mut a)).collect();
        let ys: Vec<String> = (0..20).map(|_| chatify(s, &mut b)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(|x| x != s));
    }

    #[test]
    fn typo_keeps_short_words() {
        let mut r = SplitMix::new(1);
        assert_eq!(typo("a b c", &mut r), "a b c");
        let t = typo("balance", &mut r);
        assert_ne!(t, "balance");
    }
}
