//! Folds a platform text into a canonical form before any rule looks at it, so that a number
//! cannot slip past the guard dressed in other characters: Unicode decimal digits of any script
//! (full-width, Arabic-Indic, Devanagari, mathematical, ...) and super/subscript or circled
//! digits become ASCII digits; zero-width, bidi, variation-selector, tag and combining
//! characters are dropped; every kind of space becomes `' '`, dashes become `'-'`, dot-like
//! characters become `'.'`, and full-width ASCII becomes ASCII. Each kept character remembers
//! the byte offset it came from, so a violation can point into the original text.

/// A normalised text: `chars[i]` came from byte `offs[i]` of the original. No `Debug`: it
/// holds the checked text.
pub(crate) struct Norm {
    /// Normalised characters.
    pub chars: Vec<char>,
    /// Byte offset in the original text of each character.
    pub offs: Vec<usize>,
}

impl Norm {
    /// The character at `i`, or `'\0'` past either end (never a digit, letter or separator).
    pub fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    /// The character before `i`, or `'\0'` at the start.
    pub fn before(&self, i: usize) -> char {
        match i.checked_sub(1) {
            Some(j) => self.at(j),
            None => '\0',
        }
    }

    /// Original byte offset of character `i` (the text length past the end).
    pub fn off(&self, i: usize) -> usize {
        self.offs.get(i).copied().unwrap_or(usize::MAX)
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }
}

/// Normalises `text` (linear time).
pub(crate) fn normalize(text: &str) -> Norm {
    let mut chars = Vec::with_capacity(text.len());
    let mut offs = Vec::with_capacity(text.len());
    for (off, c) in text.char_indices() {
        if is_invisible(c) {
            continue;
        }
        chars.push(fold(c));
        offs.push(off);
    }
    Norm { chars, offs }
}

/// Zero-width, format (Cf), bidi control, variation selector, tag and combining characters:
/// invisible, so a renderer or an attacker could interleave them with digits.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF
        // combining marks (diacritics, keycap U+20E3, half marks)
        | 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F)
}

/// Code points of the digit zero of every Unicode decimal-digit (Nd) block: each is followed
/// by the digits one to nine.
const DIGIT_ZEROS: &[u32] = &[
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60,
    0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0,
    0x1E950, 0x1FBF0,
];

/// The decimal value of a digit of any script (and of super/subscript and circled digits).
pub(crate) fn digit_value(c: char) -> Option<u8> {
    let u = c as u32;
    if c.is_ascii_digit() {
        return Some((u - 0x30) as u8);
    }
    if u < 0x80 {
        return None;
    }
    let special = match u {
        0x00B9 => Some(1),
        0x00B2 => Some(2),
        0x00B3 => Some(3),
        0x2070 => Some(0),
        0x2074..=0x2079 => Some(u - 0x2070),
        0x2080..=0x2089 => Some(u - 0x2080),
        0x2460..=0x2468 => Some(u - 0x245F),
        0x24EA => Some(0),
        0x2776..=0x277E => Some(u - 0x2775),
        0x2780..=0x2788 => Some(u - 0x277F),
        0x278A..=0x2792 => Some(u - 0x2789),
        _ => None,
    };
    if let Some(v) = special {
        return Some(v as u8);
    }
    // Nd blocks are sorted: find the last zero at or below u.
    let idx = DIGIT_ZEROS.partition_point(|&z| z <= u);
    let zero = *DIGIT_ZEROS.get(idx.checked_sub(1)?)?;
    let v = u - zero;
    if v < 10 {
        Some(v as u8)
    } else {
        None
    }
}

/// Folds one visible character.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return match c {
            '\t' | '\n' | '\r' | '\x0B' | '\x0C' => ' ',
            _ => c,
        };
    }
    if let Some(d) = digit_value(c) {
        return char::from(b'0' + d);
    }
    let u = c as u32;
    match u {
        0x00A0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0x0085 => {
            ' '
        }
        0x2010..=0x2015 | 0x2043 | 0x2212 | 0xFE58 | 0xFE63 | 0x2796 => '-',
        0x00B7 | 0x2024 | 0x2027 | 0x2219 | 0x22C5 | 0x30FB | 0xFE52 | 0x3002 | 0xFF61 => '.',
        0x2018 | 0x2019 | 0x201B | 0x2032 => '\'',
        0x2044 | 0x2215 => '/',
        // full-width ASCII
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        normalize(text).chars.into_iter().collect()
    }

    #[test]
    fn folds_digits_of_other_scripts() {
        assert_eq!(s("４１１１"), "4111");
        assert_eq!(s("٤١١١"), "4111");
        assert_eq!(s("۴۱۱۱"), "4111");
        assert_eq!(s("४१११"), "4111");
        assert_eq!(s("𝟒𝟏𝟏𝟏"), "4111");
        assert_eq!(s("¹²³⁴₅①⓪"), "1234510");
    }

    #[test]
    fn drops_invisible_and_folds_separators() {
        assert_eq!(s("4\u{200B}1\u{FEFF}1\u{2060}1\u{202E}"), "4111");
        assert_eq!(s("1\u{FE0F}\u{20E3}"), "1");
        assert_eq!(s("1\u{00A0}2\u{202F}3\u{2014}4\u{FF0E}5"), "1 2 3-4.5");
        assert_eq!(s("ｈｔｔｐｓ：／／"), "https://");
    }

    #[test]
    fn offsets_point_into_original() {
        let n = normalize("a\u{200B}４b");
        assert_eq!(n.chars, vec!['a', '4', 'b']);
        assert_eq!(n.offs, vec![0, 4, 7]);
    }

    #[test]
    fn digit_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('\u{0669}'), Some(9));
        assert_eq!(digit_value('\u{066A}'), None);
        assert_eq!(digit_value('\u{1FBF9}'), Some(9));
        assert_eq!(digit_value('€'), None);
    }
}
