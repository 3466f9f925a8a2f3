//! IBAN rule: ISO 13616 account numbers, in any case, with or without runs of up to six
//! non-alphanumeric characters (spaces, dashes, `|`, ...) between characters. A candidate
//! needs a registered country code, that country's registered length and a valid mod-97 check, so ordinary words followed by digits rarely match (about
//! one chance in 97 for a text that already has the exact shape).

use super::normalize::Norm;
use super::{violation, EgressViolation, ViolationKind};

/// Country code and IBAN length, from the SWIFT IBAN registry.
pub(crate) const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// The registered IBAN length for a country code (upper case).
pub(crate) fn iban_length(cc: [char; 2]) -> Option<usize> {
    IBAN_LENGTHS.iter().find_map(|&(c, len)| {
        let mut it = c.chars();
        (it.next() == Some(cc[0]) && it.next() == Some(cc[1])).then_some(len)
    })
}

/// Appends one IBAN character (digit, or letter as 10..35) to a running mod-97 value.
fn push_mod97(m: u32, c: char) -> Option<u32> {
    let v = c.to_digit(36)?;
    Some(if v < 10 {
        (m * 10 + v) % 97
    } else {
        (m * 100 + v) % 97
    })
}

/// Whether `s` (alphanumerics only, any case) is a valid IBAN.
pub fn is_valid_iban(s: &str) -> bool {
    let chars: Vec<char> = s.chars().map(|c| c.to_ascii_uppercase()).collect();
    let (Some(&a), Some(&b)) = (chars.first(), chars.get(1)) else {
        return false;
    };
    if iban_length([a, b]) != Some(chars.len()) {
        return false;
    }
    mod97_rearranged(&chars) == Some(1)
}

fn mod97_rearranged(chars: &[char]) -> Option<u32> {
    let mut m = 0;
    for &c in chars.iter().skip(4).chain(chars.iter().take(4)) {
        if !c.is_ascii_alphanumeric() {
            return None;
        }
        m = push_mod97(m, c)?;
    }
    Some(m)
}

/// Longest run of non-alphanumeric characters skipped between two characters of an IBAN.
const IBAN_GAP: usize = 6;

/// The next `want` alphanumerics from `i`, upper-cased, skipping runs of at most
/// [`IBAN_GAP`] non-alphanumerics between them (not before the first). Every gap after the
/// first must repeat it ("GB82|WEST|1234", "de89 3704 0044"), so the words and amounts of
/// ordinary prose do not string together.
fn collect(norm: &Norm, i: usize, want: usize, out: &mut Vec<char>) {
    out.clear();
    let n = norm.len();
    let mut j = i;
    let mut gap: Option<(usize, usize)> = None;
    while out.len() < want && j < n {
        let c = norm.at(j);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
            j += 1;
            continue;
        }
        let mut k = j;
        while k < n && k - j < IBAN_GAP && !norm.at(k).is_alphanumeric() {
            k += 1;
        }
        if out.is_empty() || !norm.at(k).is_ascii_alphanumeric() {
            break;
        }
        let same = |(s, e): (usize, usize)| {
            e - s == k - j && (0..k - j).all(|x| norm.at(s + x) == norm.at(j + x))
        };
        match gap {
            None => gap = Some((j, k)),
            Some(g) if same(g) => {}
            Some(_) => break,
        }
        j = k;
    }
}

/// IBAN rule over the normalised text.
pub(crate) fn check(norm: &Norm) -> Result<(), EgressViolation> {
    let n = norm.len();
    let mut chars = Vec::with_capacity(36);
    for i in 0..n {
        // No word-boundary requirement: "IBANDE89..." must not slip through.
        if !norm.at(i).is_ascii_alphabetic() {
            continue;
        }
        collect(norm, i, 4, &mut chars);
        let (Some(&a), Some(&b), Some(c), Some(d)) =
            (chars.first(), chars.get(1), chars.get(2), chars.get(3))
        else {
            continue;
        };
        if !b.is_ascii_uppercase() || !c.is_ascii_digit() || !d.is_ascii_digit() {
            continue;
        }
        let Some(len) = iban_length([a, b]) else {
            continue;
        };
        collect(norm, i, len, &mut chars);
        if chars.len() == len && mod97_rearranged(&chars) == Some(1) {
            return Err(violation(norm, ViolationKind::Iban, i));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    #[test]
    fn validates_known_examples() {
        assert!(is_valid_iban("DE89370400440532013000"));
        assert!(is_valid_iban("GB82WEST12345698765432"));
        assert!(is_valid_iban("gb82west12345698765432"));
        assert!(is_valid_iban("FR1420041010050500013M02606"));
        assert!(is_valid_iban("NL91ABNA0417164300"));
        assert!(!is_valid_iban("DE89370400440532013001"));
        assert!(!is_valid_iban("DE8937040044053201300"));
    }

    #[test]
    fn finds_in_text() {
        for t in [
            "Pay to DE89 3704 0044 0532 0130 00 today",
            "iban:gb82west12345698765432.",
            "NL91-ABNA-0417-1643-00",
            "GB82|WEST|1234|5698|7654|32",
            "gb82 -- west -- 1234 -- 5698 -- 7654 -- 32",
        ] {
            assert!(check(&normalize(t)).is_err(), "{t}");
        }
        assert!(check(&normalize("DE89 3704 0044 0532 0130 01")).is_ok());
        assert!(check(&normalize("Spent at DE store 12")).is_ok());
    }
}
