//! Locale-aware money formatting for chat replies, without floats: minor units are split into
//! whole and fractional digits with integer arithmetic (in `u128`, so `i64::MIN` cannot
//! overflow), grouped, and wrapped with the locale's symbol placement. Also the rounded form
//! used at the `summary` disclosure level.
//!
//! Spacing follows CLDR: a no-break space (U+00A0) joins a number and a symbol or code written
//! apart from it ("1.234,56 €", "R$ 1.234,56", "1,234.56 CHF"), so a chat bubble never breaks
//! a line inside an amount; fr-FR groups with a narrow no-break space (U+202F). The minus sign
//! is ASCII `-`, before the symbol ("-$1,234.56", "-1.234,56 €").

use crate::money::Currency;

/// A formatting locale (a small fixed set; anything else falls back to [`Locale::EnUs`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English (United States): "$1,234.56".
    #[default]
    EnUs,
    /// English (United Kingdom): "£1,234.56".
    EnGb,
    /// German (Germany): "1.234,56 €".
    DeDe,
    /// French (France): "1 234,56 €" (narrow no-break space grouping).
    FrFr,
    /// Portuguese (Brazil): "R$ 1.234,56".
    PtBr,
    /// Japanese (Japan): "￥1,235".
    JaJp,
}

/// No-break space between a number and a detached symbol or code.
const NBSP: &str = "\u{A0}";

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 6] = [
        Locale::EnUs,
        Locale::EnGb,
        Locale::DeDe,
        Locale::FrFr,
        Locale::PtBr,
        Locale::JaJp,
    ];

    /// The BCP 47 tag ("en-US").
    pub fn as_str(&self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::EnGb => "en-GB",
            Locale::DeDe => "de-DE",
            Locale::FrFr => "fr-FR",
            Locale::PtBr => "pt-BR",
            Locale::JaJp => "ja-JP",
        }
    }

    /// Reads a BCP 47 or POSIX tag ("en-US", "de_DE", "fr", "pt-BR", "en_GB.UTF-8",
    /// "de-DE-u-nu-latn"), case-insensitive. Unknown languages fall back to en-US; English
    /// regions GB, IE, AU and NZ format like en-GB.
    pub fn parse(tag: &str) -> Locale {
        let tag = tag.trim().split(['.', '@']).next().unwrap_or("");
        let mut parts = tag.split(['-', '_']).map(|p| p.to_ascii_lowercase());
        let lang = parts.next().unwrap_or_default();
        // The region is the first 2-letter (or 3-digit) subtag after the language.
        let region = parts
            .find(|p| p.len() == 2 || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())))
            .unwrap_or_default();
        match lang.as_str() {
            "en" if matches!(region.as_str(), "gb" | "ie" | "au" | "nz") => Locale::EnGb,
            "de" => Locale::DeDe,
            "fr" => Locale::FrFr,
            "pt" => Locale::PtBr,
            "ja" => Locale::JaJp,
            _ => Locale::EnUs,
        }
    }

    fn group_sep(&self) -> &'static str {
        match self {
            Locale::EnUs | Locale::EnGb | Locale::JaJp => ",",
            Locale::DeDe | Locale::PtBr => ".",
            Locale::FrFr => "\u{202F}",
        }
    }

    fn decimal_sep(&self) -> char {
        match self {
            Locale::EnUs | Locale::EnGb | Locale::JaJp => '.',
            Locale::DeDe | Locale::PtBr | Locale::FrFr => ',',
        }
    }
}

/// How the currency is written around the number.
enum Marker {
    /// Symbol right before the number, no space ("$1").
    Before(&'static str),
    /// Symbol before the number with a no-break space ("R$ 1").
    BeforeSpaced(&'static str),
    /// Symbol or code after the number with a no-break space ("1 €").
    After(String),
}

fn marker(currency: Currency, locale: Locale) -> Marker {
    use Locale::*;
    let symbol: Option<&'static str> = match (currency.code(), locale) {
        ("USD", EnUs | JaJp | DeDe) => Some("$"),
        ("USD", EnGb | PtBr) => Some("US$"),
        ("USD", FrFr) => Some("$US"),
        ("EUR", _) => Some("€"),
        ("GBP", _) => Some("£"),
        ("BRL", _) => Some("R$"),
        ("JPY", JaJp) => Some("￥"),
        ("JPY", _) => Some("¥"),
        ("AUD", EnUs | EnGb | JaJp) => Some("A$"),
        ("AUD", DeDe | PtBr) => Some("AU$"),
        ("AUD", FrFr) => Some("$AU"),
        _ => None,
    };
    match (symbol, locale) {
        (None, _) => Marker::After(currency.code().to_string()),
        (Some(s), DeDe | FrFr) => Marker::After(s.to_string()),
        (Some(s), PtBr) => Marker::BeforeSpaced(s),
        (Some(s), EnUs | EnGb | JaJp) => Marker::Before(s),
    }
}

/// Groups the decimal digits of `v` by three with `sep`.
fn grouped(v: u128, sep: &str) -> String {
    let digits = v.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// Wraps a formatted absolute number with sign and currency marker.
fn wrap(negative: bool, number: &str, currency: Currency, locale: Locale) -> String {
    let sign = if negative { "-" } else { "" };
    match marker(currency, locale) {
        Marker::Before(s) => format!("{sign}{s}{number}"),
        Marker::BeforeSpaced(s) => format!("{sign}{s}{NBSP}{number}"),
        Marker::After(s) => format!("{sign}{number}{NBSP}{s}"),
    }
}

/// Formats an exact amount: `minor` units of `currency` (its ISO 4217 exponent decides the
/// decimals) in `locale`'s style. Never panics, for any `i64`.
pub fn format_money(minor: i64, currency: Currency, locale: Locale) -> String {
    let exp = currency.exponent();
    let unit = 10u128.pow(exp);
    let abs = u128::from(minor.unsigned_abs());
    let mut number = grouped(abs / unit, locale.group_sep());
    if exp > 0 {
        number.push(locale.decimal_sep());
        number.push_str(&format!("{:0width$}", abs % unit, width = exp as usize));
    }
    wrap(minor < 0, &number, currency, locale)
}

/// The rounding step, in whole units, for an absolute amount of `abs` minor units: one unit
/// below 100, ten below 1,000, fifty below 10,000, a hundred above.
fn rounding_step(abs: u128, unit: u128) -> u128 {
    if abs < 100 * unit {
        1
    } else if abs < 1_000 * unit {
        10
    } else if abs < 10_000 * unit {
        50
    } else {
        100
    }
}

/// Rounds an amount to whole units for the `summary` disclosure level (half away from zero;
/// to 1 unit below 100, to 10 below 1,000, to 50 below 10,000, to 100 above). Returns the
/// rounded amount in whole units.
pub fn round_for_summary(minor: i64, currency: Currency) -> i128 {
    let unit = 10u128.pow(currency.exponent());
    let abs = u128::from(minor.unsigned_abs());
    let step = rounding_step(abs, unit) * unit;
    let rounded_units = (abs + step / 2) / step * step / unit;
    let v = rounded_units as i128; // at most about 9.3e18: fits
    if minor < 0 {
        -v
    } else {
        v
    }
}

/// Formats the `summary`-level rounded form of an amount with no decimals ("$1,250",
/// "1.250 €"). Just the number: the caller adds words such as "about".
pub fn format_money_rounded(minor: i64, currency: Currency, locale: Locale) -> String {
    let v = round_for_summary(minor, currency);
    let number = grouped(v.unsigned_abs(), locale.group_sep());
    wrap(v < 0, &number, currency, locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chf() -> Currency {
        Currency::parse("CHF").unwrap()
    }

    #[test]
    fn each_locale() {
        use Locale::*;
        let cases: &[(i64, Currency, Locale, &str)] = &[
            (123_456, Currency::USD, EnUs, "$1,234.56"),
            (-123_456, Currency::USD, EnUs, "-$1,234.56"),
            (123_456, Currency::EUR, DeDe, "1.234,56\u{A0}€"),
            (-123_456, Currency::EUR, DeDe, "-1.234,56\u{A0}€"),
            (123_456, Currency::EUR, FrFr, "1\u{202F}234,56\u{A0}€"),
            (
                -123_456_789,
                Currency::EUR,
                FrFr,
                "-1\u{202F}234\u{202F}567,89\u{A0}€",
            ),
            (123_456, Currency::BRL, PtBr, "R$\u{A0}1.234,56"),
            (-123_456, Currency::BRL, PtBr, "-R$\u{A0}1.234,56"),
            (123_456, Currency::GBP, EnGb, "£1,234.56"),
            (1_235, Currency::JPY, JaJp, "￥1,235"),
            (1_235, Currency::JPY, EnUs, "¥1,235"),
            (123_456, chf(), EnUs, "1,234.56\u{A0}CHF"),
            (123_456, chf(), DeDe, "1.234,56\u{A0}CHF"),
            (123_456, Currency::USD, FrFr, "1\u{202F}234,56\u{A0}$US"),
            (
                1_234_567,
                Currency::parse("KWD").unwrap(),
                EnUs,
                "1,234.567\u{A0}KWD",
            ),
            (5, Currency::USD, EnUs, "$0.05"),
            (99, Currency::EUR, DeDe, "0,99\u{A0}€"),
            (100_000, Currency::USD, EnUs, "$1,000.00"),
            (12_345_678, Currency::JPY, JaJp, "￥12,345,678"),
        ];
        for &(minor, cur, loc, want) in cases {
            assert_eq!(format_money(minor, cur, loc), want, "{loc:?}");
        }
    }

    #[test]
    fn zero_and_extremes() {
        for loc in Locale::ALL {
            assert!(!format_money(0, Currency::USD, loc).contains('-'));
            assert!(!format_money_rounded(0, Currency::USD, loc).contains('-'));
        }
        assert_eq!(format_money(0, Currency::USD, Locale::EnUs), "$0.00");
        assert_eq!(
            format_money(i64::MIN, Currency::USD, Locale::EnUs),
            "-$92,233,720,368,547,758.08"
        );
        assert_eq!(
            format_money(i64::MAX, Currency::JPY, Locale::JaJp),
            "￥9,223,372,036,854,775,807"
        );
        assert_eq!(
            format_money_rounded(i64::MIN, Currency::USD, Locale::EnUs),
            "-$92,233,720,368,547,800"
        );
        assert_eq!(
            format_money_rounded(i64::MAX, Currency::JPY, Locale::EnUs),
            "¥9,223,372,036,854,775,800"
        );
    }

    #[test]
    fn rounding_steps() {
        let r = |minor| format_money_rounded(minor, Currency::USD, Locale::EnUs);
        assert_eq!(r(1_249), "$12");
        assert_eq!(r(1_250), "$13");
        assert_eq!(r(-1_250), "-$13");
        assert_eq!(r(9_949), "$99");
        assert_eq!(r(9_950), "$100");
        assert_eq!(r(12_345), "$120");
        assert_eq!(r(12_500), "$130");
        assert_eq!(r(99_899), "$1,000");
        assert_eq!(r(123_456), "$1,250");
        assert_eq!(r(122_499), "$1,200");
        assert_eq!(r(1_234_567), "$12,300");
        assert_eq!(r(-1_235_000), "-$12,400");
        assert_eq!(r(49), "$0");
        assert_eq!(r(-49), "$0");
        assert_eq!(
            format_money_rounded(123_456, Currency::EUR, Locale::DeDe),
            "1.250\u{A0}€"
        );
        assert_eq!(
            format_money_rounded(1_234, Currency::JPY, Locale::JaJp),
            "￥1,250"
        );
        assert_eq!(
            format_money_rounded(87, Currency::JPY, Locale::JaJp),
            "￥87"
        );
    }

    #[test]
    fn parses_tags() {
        use Locale::*;
        for (tag, want) in [
            ("en-US", EnUs),
            ("en_us", EnUs),
            ("en-GB", EnGb),
            ("en_AU", EnGb),
            ("de_DE", DeDe),
            ("de-AT", DeDe),
            ("de", DeDe),
            ("fr-FR", FrFr),
            ("fr_CA.UTF-8", FrFr),
            ("pt-BR", PtBr),
            ("ja-JP", JaJp),
            ("ja", JaJp),
            ("en-Latn-GB", EnGb),
            ("de-DE-u-nu-latn", DeDe),
            ("zh-Hant-TW", EnUs),
            ("", EnUs),
            ("C", EnUs),
            ("💥", EnUs),
        ] {
            assert_eq!(Locale::parse(tag), want, "{tag}");
        }
        for loc in Locale::ALL {
            assert_eq!(Locale::parse(loc.as_str()), loc);
        }
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(vec!["USD", "EUR", "GBP", "BRL", "JPY", "AUD", "KWD", "CHF"])
            .prop_map(|c| Currency::parse(c).unwrap())
    }

    proptest! {
        #[test]
        fn digits_round_trip(minor in any::<i64>(), cur in any_currency(), li in 0usize..6) {
            let loc = Locale::ALL[li];
            let s = format_money(minor, cur, loc);
            let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
            prop_assert_eq!(digits.parse::<u128>().unwrap(), u128::from(minor.unsigned_abs()));
            prop_assert_eq!(s.starts_with('-'), minor < 0);
            prop_assert_eq!(s.matches('-').count(), usize::from(minor < 0));
            // the number of decimals is the currency's exponent
            let exp = cur.exponent() as usize;
            let tail: String = s.chars().rev()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if exp > 0 {
                prop_assert_eq!(tail.len(), exp);
            }
        }

        #[test]
        fn rounded_is_close(minor in any::<i64>(), cur in any_currency(), li in 0usize..6) {
            let loc = Locale::ALL[li];
            let v = round_for_summary(minor, cur);
            let unit = 10i128.pow(cur.exponent());
            let exact = i128::from(minor);
            // within half a step (step at most 100 units)
            prop_assert!((v * unit - exact).abs() <= 50 * unit);
            let s = format_money_rounded(minor, cur, loc);
            let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
            prop_assert_eq!(digits.parse::<u128>().unwrap(), v.unsigned_abs());
        }
    }
}
