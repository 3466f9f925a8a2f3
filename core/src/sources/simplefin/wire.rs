//! The SimpleFIN Account Set as it arrives on the wire (protocol 1.0 and the v2 `errlist` /
//! `connections` shape), deserialised with serde into structs that borrow from the response
//! buffer. Deliberately lenient where servers differ (timestamps as numbers or strings,
//! optional fields) and silent about what Tacit does not use (`extra`, `holdings`): unknown
//! fields are skipped. Bank error strings (`errors`, `errlist[].message`) are never even
//! stored: only their count and codes.

use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// The top-level Account Set.
#[derive(Deserialize)]
pub(crate) struct AccountSet<'a> {
    /// v1 human-readable errors: only counted, never kept.
    #[serde(default)]
    pub(crate) errors: Vec<IgnoredAny>,
    /// v2 structured errors.
    #[serde(default, borrow)]
    pub(crate) errlist: Vec<ErrEntry<'a>>,
    /// v2 connections (institution names live here).
    #[serde(default, borrow)]
    pub(crate) connections: Vec<Connection<'a>>,
    /// The accounts.
    #[serde(borrow)]
    pub(crate) accounts: Vec<WireAccount<'a>>,
}

/// One v2 `errlist` entry. The message is not deserialised.
#[derive(Deserialize)]
pub(crate) struct ErrEntry<'a> {
    #[serde(default, borrow)]
    pub(crate) code: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) conn_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) account_id: Option<Text<'a>>,
}

/// One v2 connection.
#[derive(Deserialize)]
pub(crate) struct Connection<'a> {
    #[serde(borrow)]
    pub(crate) conn_id: Text<'a>,
    #[serde(default, borrow)]
    pub(crate) name: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) org_name: Option<Text<'a>>,
}

/// The v1 organisation of an account.
#[derive(Deserialize)]
pub(crate) struct Org<'a> {
    #[serde(default, borrow)]
    pub(crate) name: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) domain: Option<Text<'a>>,
}

/// One account.
#[derive(Deserialize)]
pub(crate) struct WireAccount<'a> {
    #[serde(borrow)]
    pub(crate) id: Text<'a>,
    #[serde(default, borrow)]
    pub(crate) name: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) org: Option<Org<'a>>,
    #[serde(default, borrow)]
    pub(crate) conn_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) currency: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) balance: Option<Amount<'a>>,
    #[serde(default, borrow, rename = "available-balance")]
    pub(crate) available_balance: Option<Amount<'a>>,
    #[serde(default, rename = "balance-date")]
    pub(crate) balance_date: Option<Ts>,
    #[serde(default, borrow)]
    pub(crate) transactions: Vec<WireTxn<'a>>,
}

/// One transaction.
#[derive(Deserialize)]
pub(crate) struct WireTxn<'a> {
    #[serde(borrow)]
    pub(crate) id: Text<'a>,
    #[serde(default)]
    pub(crate) posted: Option<Ts>,
    #[serde(borrow)]
    pub(crate) amount: Amount<'a>,
    #[serde(default, borrow)]
    pub(crate) description: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) payee: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(crate) memo: Option<Text<'a>>,
    #[serde(default)]
    pub(crate) transacted_at: Option<Ts>,
    #[serde(default)]
    pub(crate) pending: Option<bool>,
}

/// A JSON string, borrowed from the buffer unless it had escapes. (`Cow<str>` itself always
/// copies when wrapped in `Option`, which costs an allocation per field.)
pub(crate) struct Text<'a>(pub(crate) Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// A decimal amount as sent: a numeric string (the protocol), or an integer JSON number
/// (exact, tolerated). A fractional JSON number would have passed through a float, so it is
/// kept as [`Amount::Inexact`] and refused later.
pub(crate) enum Amount<'a> {
    /// Decimal text.
    Text(Cow<'a, str>),
    /// A JSON integer.
    Integer(i128),
    /// A JSON float: never turned into money.
    Inexact,
}

impl<'de: 'a, 'a> Deserialize<'de> for Amount<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Amount<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Amount<'a>, E> {
                Ok(Amount::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount<'a>, E> {
                Ok(Amount::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount<'a>, E> {
                Ok(Amount::Integer(i128::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount<'a>, E> {
                Ok(Amount::Integer(i128::from(v)))
            }
            fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Amount<'a>, E> {
                Ok(Amount::Inexact)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A Unix timestamp as a JSON integer, an integral float, or a numeric string; anything else
/// (or out of range) becomes `None` instead of failing the whole response.
#[derive(Clone, Copy)]
pub(crate) struct Ts(pub(crate) Option<i64>);

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Unix timestamp")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ts, E> {
                Ok(Ts(Some(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ts, E> {
                Ok(Ts(i64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ts, E> {
                let ok = v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15;
                Ok(Ts(ok.then_some(v as i64)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ts, E> {
                Ok(Ts(v.trim().parse().ok()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ts, E> {
                Ok(Ts(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses the response body. serde_json's error is dropped: its text can quote the input.
pub(crate) fn parse(body: &[u8]) -> Result<AccountSet<'_>, ()> {
    serde_json::from_slice(body).map_err(|_| ())
}
