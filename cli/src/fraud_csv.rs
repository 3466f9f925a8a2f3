//! Reading the Sparkov-style fraud CSV (`txn_id,card_id,ts,amount,category,merchant,
//! merchant_lat,merchant_lon,home_lat,home_lon[,is_fraud]`) into fraud-engine inputs, shared by
//! `train-fraud`, `score-fraud` and `bench fraud`. Amounts and coordinates are parsed exactly
//! (decimal strings to integers), never through floats.

use std::fmt;
use std::io::BufRead;

use tacit_core::fraud::{FraudTxn, Profile};
use tacit_core::model::Category;
use tacit_core::money::parse_decimal;
use tacit_core::time::parse_iso_local;

/// CSV problems, with the line number only (no data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvError {
    /// Header lacks a required column.
    MissingColumn,
    /// A row is malformed.
    BadRow(u64),
    /// Reading failed.
    Io,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::MissingColumn => f.write_str("CSV header lacks a required column"),
            CsvError::BadRow(n) => write!(f, "malformed CSV row at line {n}"),
            CsvError::Io => f.write_str("could not read the input"),
        }
    }
}

impl std::error::Error for CsvError {}

/// Column positions found in the header.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    txn_id: usize,
    card: usize,
    ts: usize,
    amount: usize,
    category: usize,
    merchant: usize,
    mlat: usize,
    mlon: usize,
    hlat: usize,
    hlon: usize,
    label: Option<usize>,
    pattern: Option<usize>,
}

/// One parsed row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Transaction id (output key).
    pub txn_id: String,
    /// Card id: one person's phone.
    pub card: String,
    /// The engine input.
    pub txn: FraudTxn,
    /// Home location.
    pub profile: Profile,
    /// `is_fraud`, when the file has it.
    pub label: Option<bool>,
    /// `fraud_pattern` (our own generator's files), when the file has it and it is not empty.
    pub pattern: Option<String>,
}

/// Splits one CSV line into fields (double quotes, `""` escapes).
pub fn split_csv(line: &str, out: &mut Vec<String>) {
    out.clear();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            ('\r' | '\n', false) => {}
            _ => cur.push(c),
        }
    }
    out.push(cur);
}

impl Columns {
    /// Finds the columns in a header line.
    pub fn from_header(line: &str) -> Result<Columns, CsvError> {
        let mut f = Vec::new();
        split_csv(line.trim_start_matches('\u{feff}'), &mut f);
        let find = |n: &str| f.iter().position(|h| h.trim() == n);
        let need = |n: &str| find(n).ok_or(CsvError::MissingColumn);
        Ok(Columns {
            txn_id: need("txn_id")?,
            card: need("card_id")?,
            ts: need("ts")?,
            amount: need("amount")?,
            category: need("category")?,
            merchant: need("merchant")?,
            mlat: need("merchant_lat")?,
            mlon: need("merchant_lon")?,
            hlat: need("home_lat")?,
            hlon: need("home_lon")?,
            label: find("is_fraud"),
            pattern: find("fraud_pattern"),
        })
    }

    /// Parses one data row (`line_no` for errors only).
    pub fn parse(&self, f: &[String], line_no: u64) -> Result<Row, CsvError> {
        let bad = CsvError::BadRow(line_no);
        let get = |i: usize| f.get(i).map(|s| s.trim()).ok_or(bad);
        let ts = parse_iso_local(get(self.ts)?, 0).ok_or(bad)?;
        let amount_minor = parse_decimal(get(self.amount)?, 2, false).map_err(|_| bad)?;
        let (category, card_present, mcc) = match sparkov_category(get(self.category)?) {
            Some((c, p, m)) => (Some(c), Some(p), Some(m)),
            None => (None, None, None),
        };
        let merchant = get(self.merchant)?;
        let label = match self.label {
            None => None,
            Some(i) => match get(i)? {
                "0" => Some(false),
                "1" => Some(true),
                _ => return Err(bad),
            },
        };
        Ok(Row {
            txn_id: get(self.txn_id)?.to_string(),
            card: get(self.card)?.to_string(),
            txn: FraudTxn {
                ts,
                amount_minor,
                merchant: (!merchant.is_empty()).then(|| merchant.to_string()),
                category,
                mcc,
                card_present,
                lat_e6: coord(get(self.mlat)?),
                lon_e6: coord(get(self.mlon)?),
            },
            profile: Profile {
                home_lat_e6: coord(get(self.hlat)?),
                home_lon_e6: coord(get(self.hlon)?),
            },
            label,
            pattern: self
                .pattern
                .and_then(|i| f.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        })
    }
}

/// A decimal degree string as micro-degrees, exactly (None when empty or malformed).
pub fn coord(s: &str) -> Option<i32> {
    if s.is_empty() {
        return None;
    }
    parse_decimal(s, 6, false)
        .ok()
        .and_then(|v| i32::try_from(v).ok())
}

/// Sparkov category → (core category, card present, a representative MCC). `_net` means card
/// not present. The MCC only keeps the generator's 14 categories apart in the per-card
/// buckets; none is a high-risk code.
pub fn sparkov_category(s: &str) -> Option<(Category, bool, u16)> {
    Some(match s {
        "grocery_pos" => (Category::Groceries, true, 5411),
        "grocery_net" => (Category::Groceries, false, 5411),
        "gas_transport" => (Category::Transport, true, 5541),
        "shopping_pos" => (Category::Shopping, true, 5311),
        "shopping_net" => (Category::Shopping, false, 5311),
        "misc_pos" => (Category::Other, true, 5999),
        "misc_net" => (Category::Other, false, 5999),
        "food_dining" => (Category::Dining, true, 5812),
        "entertainment" => (Category::Entertainment, true, 7832),
        "health_fitness" => (Category::Health, true, 7997),
        "home" => (Category::Other, true, 5200),
        "kids_pets" => (Category::Other, true, 5995),
        "personal_care" => (Category::Other, true, 7230),
        "travel" => (Category::Travel, true, 4722),
        _ => return None,
    })
}

/// Opens a CSV file, gunzipping `.gz`.
pub fn open(path: &str) -> Result<Box<dyn BufRead>, CsvError> {
    let file = std::fs::File::open(path).map_err(|_| CsvError::Io)?;
    if path.ends_with(".gz") {
        Ok(Box::new(std::io::BufReader::new(
            flate2::read::GzDecoder::new(file),
        )))
    } else {
        Ok(Box::new(std::io::BufReader::new(file)))
    }
}

/// Reads a whole CSV into rows.
pub fn read_all(mut input: Box<dyn BufRead>) -> Result<Vec<Row>, CsvError> {
    let mut line = String::new();
    if input.read_line(&mut line).map_err(|_| CsvError::Io)? == 0 {
        return Err(CsvError::MissingColumn);
    }
    let cols = Columns::from_header(&line)?;
    let mut rows = Vec::new();
    let mut fields = Vec::new();
    let mut n = 1u64;
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(|_| CsvError::Io)? == 0 {
            break;
        }
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        split_csv(&line, &mut fields);
        rows.push(cols.parse(&fields, n)?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        let mut f = Vec::new();
        split_csv("a,\"b, c\",\"d \"\"e\"\"\",\n", &mut f);
        assert_eq!(f, vec!["a", "b, c", "d \"e\"", ""]);
    }

    #[test]
    fn parses_a_row() {
        let cols = Columns::from_header(
            "txn_id,card_id,ts,amount,category,merchant,merchant_lat,merchant_lon,home_lat,home_lon,is_fraud",
        )
        .unwrap();
        let mut f = Vec::new();
        split_csv("t1,c1,2022-01-01T00:01:20,27.11,misc_net,\"A, B\",39.999132,-97.199307,39.0299,-96.8396,1", &mut f);
        let r = cols.parse(&f, 2).unwrap();
        assert_eq!(r.txn.amount_minor, 2711);
        assert_eq!(r.txn.lat_e6, Some(39_999_132));
        assert_eq!(r.profile.home_lon_e6, Some(-96_839_600));
        assert_eq!(r.txn.card_present, Some(false));
        assert_eq!(r.label, Some(true));
        assert_eq!(coord(""), None);
    }
}
