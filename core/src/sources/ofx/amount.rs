//! OFX amounts. OFX signs amounts from the customer's view (debits negative), which is Tacit's
//! convention too, so no sign flip happens. Both decimal points and decimal commas occur in real
//! files; OFX never uses grouping separators, so a lone comma is the decimal separator, and
//! with both present the last one is. Parsing is exact via [`crate::money::parse_decimal`].
//!
//! Some statements (money-market funds, interest accruals) give amounts with more decimals
//! than the currency has (`-995.4190396554627` USD). Refusing the whole statement for that
//! loses everything; such an amount is rounded half-even (banker's rounding, what ISO 20022
//! and most ledgers use) to the currency's minor unit, and the import counts it so that the
//! summary says so.

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

/// [`parse_ofx_amount`], rounding digits beyond the minor unit half-even instead of refusing;
/// also says whether it rounded.
pub(crate) fn parse_ofx_amount_rounding(
    text: &str,
    exponent: u32,
) -> Result<(i64, bool), MoneyError> {
    match parse_ofx_amount(text, exponent) {
        Err(MoneyError::TooPrecise) => {}
        other => return other.map(|v| (v, false)),
    }
    let t = text.trim();
    let sep = match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) if c > d => ',',
        (Some(_), None) => ',',
        _ => '.',
    };
    let at = t.rfind(sep).ok_or(MoneyError::Malformed)?;
    let head = t.get(..at).ok_or(MoneyError::Malformed)?;
    let frac = t.get(at + 1..).ok_or(MoneyError::Malformed)?;
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::Malformed);
    }
    let split = usize::try_from(exponent).map_err(|_| MoneyError::Overflow)?;
    let (keep, dropped) = (
        frac.get(..split).ok_or(MoneyError::Malformed)?,
        frac.get(split..).ok_or(MoneyError::Malformed)?,
    );
    let mut kept = String::with_capacity(at + 1 + keep.len());
    kept.push_str(head);
    if !keep.is_empty() {
        kept.push(sep);
        kept.push_str(keep);
    }
    let truncated = parse_ofx_amount(&kept, exponent)?;
    let mut dropped_digits = dropped.bytes();
    let first = dropped_digits.next().unwrap_or(b'0');
    let beyond_half = dropped_digits.any(|b| b != b'0');
    let up = first > b'5' || (first == b'5' && (beyond_half || truncated % 2 != 0));
    let rounded = match (up, t.starts_with('-')) {
        (false, _) => truncated,
        (true, false) => truncated.checked_add(1).ok_or(MoneyError::Overflow)?,
        (true, true) => truncated.checked_sub(1).ok_or(MoneyError::Overflow)?,
    };
    Ok((rounded, true))
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

    #[test]
    fn over_precise_amounts_round_half_even() {
        let r = |t: &str, e: u32| parse_ofx_amount_rounding(t, e);
        assert_eq!(r("-995.4190396554627", 2), Ok((-99_542, true)));
        assert_eq!(r("1.005", 2), Ok((100, true)));
        assert_eq!(r("1.015", 2), Ok((102, true)));
        assert_eq!(r("1.0051", 2), Ok((101, true)));
        assert_eq!(r("-1.015", 2), Ok((-102, true)));
        assert_eq!(r("-0.005", 2), Ok((0, true)));
        assert_eq!(r("12,3456", 2), Ok((1235, true)));
        assert_eq!(r("7.5", 0), Ok((8, true)));
        assert_eq!(r("6.5", 0), Ok((6, true)));
        assert_eq!(r("1.10", 2), Ok((110, false)));
        assert!(r("1.00x5", 2).is_err());
        assert!(r("abc", 2).is_err());
        assert!(r("92233720368547758.075", 2).is_err());
    }

    proptest! {
        #[test]
        fn rounding_matches_exact_arithmetic(
            minor in -(i64::MAX / 1000)..(i64::MAX / 1000), extra in 0u32..1000, exp in 0u32..4,
        ) {
            // minor * 1000 + extra in units of 10^-(exp+3): exact half-even by integers.
            let sign = if minor < 0 { -1 } else { 1 };
            let scaled = i128::from(minor) * 1000 + i128::from(sign) * i128::from(extra);
            let text = crate::money::format_decimal(i64::try_from(scaled).unwrap(), exp + 3);
            let (q, rem) = (scaled / 1000, (scaled % 1000).abs());
            let up = rem > 500 || (rem == 500 && q % 2 != 0);
            let want = if up { q + i128::from(sign) } else { q };
            let got = parse_ofx_amount_rounding(&text, exp).unwrap().0;
            prop_assert_eq!(i128::from(got), want, "{}", text);
        }
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
