//! OFX amounts. OFX signs amounts from the customer's view (debits negative), which is Tacit's
//! convention too, so no sign flip happens. Both decimal points and decimal commas occur in real
//! files; OFX never uses grouping separators, so a lone comma is the decimal separator, and
//! with both present the last one is. Parsing is exact via [`crate::money::parse_decimal`].

use crate::money::{parse_decimal, MoneyError};

/// Parses an OFX amount into minor units with `exponent` fractional digits.
pub(crate) fn parse_ofx_amount(text: &str, exponent: u32) -> Result<i64, MoneyError> {
    let t = text.trim();
    let decimal_comma = match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) => c > d,
        (Some(_), None) => true,
        _ => false,
    };
    parse_decimal(t, exponent, decimal_comma)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::format_decimal;
    use proptest::prelude::*;

    #[test]
    fn forms() {
        assert_eq!(parse_ofx_amount("-6.60", 2), Ok(-660));
        assert_eq!(parse_ofx_amount("-00000000001500.0000", 2), Ok(-150_000));
        assert_eq!(parse_ofx_amount("+12,5", 2), Ok(1250));
        assert_eq!(parse_ofx_amount("-1.234,56", 2), Ok(-123_456));
        assert_eq!(parse_ofx_amount("111", 2), Ok(11_100));
        assert_eq!(parse_ofx_amount("-500.5", 2), Ok(-50_050));
        assert_eq!(parse_ofx_amount("1500", 0), Ok(1500));
        assert_eq!(parse_ofx_amount(" 0.01 ", 2), Ok(1));
    }

    #[test]
    fn rejects() {
        assert!(parse_ofx_amount("$120", 2).is_err());
        assert!(parse_ofx_amount("", 2).is_err());
        assert!(parse_ofx_amount("1.005", 2).is_err());
        assert!(parse_ofx_amount("1,2,3", 2).is_err());
        assert!(parse_ofx_amount("12 34", 2).is_err());
    }

    proptest! {
        #[test]
        fn round_trips_with_point_and_comma(minor in -(i64::MAX / 10)..(i64::MAX / 10), exp in 0u32..4) {
            let text = format_decimal(minor, exp);
            prop_assert_eq!(parse_ofx_amount(&text, exp), Ok(minor));
            prop_assert_eq!(parse_ofx_amount(&text.replace('.', ","), exp), Ok(minor));
        }
    }
}
