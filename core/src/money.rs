//! Money: signed integer minor units plus an ISO 4217 currency code, from the account holder's
//! point of view (money in is positive, money out negative). Never floats: amounts arrive as
//! decimal strings and are parsed exactly, or rejected.

use std::fmt;

/// An ISO 4217 alphabetic currency code (three ASCII upper-case letters).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Brazilian real.
    pub const BRL: Currency = Currency(*b"BRL");
    /// Australian dollar.
    pub const AUD: Currency = Currency(*b"AUD");
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency(*b"JPY");

    /// Parses a code, accepting lower case; anything but three ASCII letters is refused.
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        let bytes = code.trim().as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(|b| b.is_ascii_alphabetic()) {
            return Err(MoneyError::BadCurrency);
        }
        Ok(Currency([
            bytes[0].to_ascii_uppercase(),
            bytes[1].to_ascii_uppercase(),
            bytes[2].to_ascii_uppercase(),
        ]))
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // Always ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// The raw bytes of the code, for compact encodings.
    pub fn bytes(&self) -> [u8; 3] {
        self.0
    }

    /// Rebuilds a currency from stored bytes, validating them.
    pub fn from_bytes(b: [u8; 3]) -> Result<Currency, MoneyError> {
        if b.iter().all(|c| c.is_ascii_uppercase()) {
            Ok(Currency(b))
        } else {
            Err(MoneyError::BadCurrency)
        }
    }

    /// Number of digits in the minor unit (ISO 4217 exponent).
    pub fn exponent(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"VND" | b"CLP" | b"ISK" | b"UGX" | b"XAF" | b"XOF" | b"PYG"
            | b"RWF" | b"KMF" | b"GNF" | b"DJF" | b"VUV" | b"XPF" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"IQD" | b"LYD" | b"TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an amount or currency could not be read. Carries no part of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a three-letter ISO 4217 code.
    BadCurrency,
    /// Not a decimal number.
    Malformed,
    /// More fractional digits than the currency's minor unit allows (non-zero ones).
    TooPrecise,
    /// Outside the range of signed 64-bit minor units.
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::BadCurrency => "not an ISO 4217 currency code",
            MoneyError::Malformed => "not a decimal amount",
            MoneyError::TooPrecise => "more decimal places than the currency allows",
            MoneyError::Overflow => "amount out of range",
        })
    }
}

impl std::error::Error for MoneyError {}

/// An amount of money in minor units of a currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// Signed minor units (cents for USD), from the account holder's view.
    pub minor: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Builds an amount.
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }
}

impl fmt::Debug for Money {
    // Amounts are personal financial data: Debug never shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money(<redacted> {})", self.currency)
    }
}

/// Parses a decimal string ("-12.34", "+5", "1,234.50", "12,5" with a decimal comma) into
/// minor units of a currency with `exponent` fractional digits. Exact: no floats. Extra
/// fractional digits are accepted only when they are zeros ("12.340" for USD).
///
/// `decimal_comma` selects whether a lone comma is the decimal separator (OFX files from some
/// banks); with it false, commas are treated as grouping separators and must group by three.
pub fn parse_decimal(text: &str, exponent: u32, decimal_comma: bool) -> Result<i64, MoneyError> {
    let s = text.trim();
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        Some(_) => (false, s),
        None => return Err(MoneyError::Malformed),
    };
    let (int_part, frac_part) = split_decimal(digits, decimal_comma)?;
    if int_part.is_empty() && frac_part.is_none_or(|f| f.is_empty()) {
        return Err(MoneyError::Malformed);
    }
    let mut value: i128 = 0;
    for c in int_part.bytes() {
        if c == b',' || c == b'.' || c == b' ' {
            continue; // grouping separators were validated by split_decimal
        }
        if !c.is_ascii_digit() {
            return Err(MoneyError::Malformed);
        }
        value = value * 10 + i128::from(c - b'0');
        if value > i128::from(i64::MAX) {
            return Err(MoneyError::Overflow);
        }
    }
    let frac = frac_part.unwrap_or("");
    let mut scale_left = exponent;
    for (i, c) in frac.bytes().enumerate() {
        if !c.is_ascii_digit() {
            return Err(MoneyError::Malformed);
        }
        if (i as u32) < exponent {
            value = value * 10 + i128::from(c - b'0');
            scale_left -= 1;
        } else if c != b'0' {
            return Err(MoneyError::TooPrecise);
        }
    }
    value *= 10i128.pow(scale_left);
    if negative {
        value = -value;
    }
    i64::try_from(value).map_err(|_| MoneyError::Overflow)
}

/// Splits the unsigned part of a decimal into integer and fractional text, validating the
/// placement of separators.
fn split_decimal(digits: &str, decimal_comma: bool) -> Result<(&str, Option<&str>), MoneyError> {
    let dec_sep = if decimal_comma { ',' } else { '.' };
    let group_sep = if decimal_comma { '.' } else { ',' };
    let mut parts = digits.splitn(2, dec_sep);
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if frac_part.is_some_and(|f| f.contains(dec_sep) || f.contains(group_sep)) {
        return Err(MoneyError::Malformed);
    }
    if int_part.contains(group_sep) {
        let mut groups = int_part.split(group_sep);
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(MoneyError::Malformed);
        }
    }
    if int_part.contains(' ') {
        return Err(MoneyError::Malformed);
    }
    Ok((int_part, frac_part))
}

/// Formats minor units as a plain decimal string with the currency's exponent ("-12.34"). For
/// machine output (CSV, JSON); chat text uses the locale-aware formatter.
pub fn format_decimal(minor: i64, exponent: u32) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    if exponent == 0 {
        return format!("{}{}", if negative { "-" } else { "" }, abs);
    }
    let scale = 10u64.pow(exponent);
    format!(
        "{}{}.{:0width$}",
        if negative { "-" } else { "" },
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_decimal("-12.34", 2, false), Ok(-1234));
        assert_eq!(parse_decimal("+5", 2, false), Ok(500));
        assert_eq!(parse_decimal("1,234.5", 2, false), Ok(123_450));
        assert_eq!(parse_decimal("12,5", 2, true), Ok(1250));
        assert_eq!(parse_decimal("1.234,56", 2, true), Ok(123_456));
        assert_eq!(parse_decimal(".5", 2, false), Ok(50));
        assert_eq!(parse_decimal("12.340", 2, false), Ok(1234));
        assert_eq!(parse_decimal("7", 0, false), Ok(7));
        assert_eq!(parse_decimal("1.005", 3, false), Ok(1005));
    }

    #[test]
    fn rejects_bad_forms() {
        assert_eq!(parse_decimal("", 2, false), Err(MoneyError::Malformed));
        assert_eq!(parse_decimal("-", 2, false), Err(MoneyError::Malformed));
        assert_eq!(
            parse_decimal("12.345", 2, false),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(parse_decimal("1e5", 2, false), Err(MoneyError::Malformed));
        assert_eq!(parse_decimal("NaN", 2, false), Err(MoneyError::Malformed));
        assert_eq!(parse_decimal("12,34", 2, false), Err(MoneyError::Malformed));
        assert_eq!(parse_decimal("1.2.3", 2, false), Err(MoneyError::Malformed));
        assert_eq!(
            parse_decimal("99999999999999999999", 2, false),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn currency_codes() {
        assert_eq!(
            Currency::parse("usd").map(|c| c.code().to_string()),
            Ok("USD".into())
        );
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("U$D").is_err());
        assert_eq!(Currency::JPY.exponent(), 0);
        assert_eq!(Currency::parse("KWD").map(|c| c.exponent()), Ok(3));
    }

    #[test]
    fn debug_hides_amounts() {
        let m = Money::new(123_456, Currency::USD);
        assert!(!format!("{m:?}").contains("1234"));
    }

    proptest! {
        #[test]
        fn decimal_round_trips(minor in -(i64::MAX / 10)..(i64::MAX / 10), exp in 0u32..4) {
            let text = format_decimal(minor, exp);
            prop_assert_eq!(parse_decimal(&text, exp, false), Ok(minor));
        }

        #[test]
        fn parser_never_panics(s in ".{0,40}") {
            let _ = parse_decimal(&s, 2, false);
            let _ = parse_decimal(&s, 2, true);
        }
    }
}
