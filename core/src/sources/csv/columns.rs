//! Which CSV column holds what: recognised from the header row (names banks use, in English,
//! German, French, Spanish and Portuguese), given by the person as a mapping
//! (`date=0,amount=3,description=2`, 0-based), or taken from a preset for a widely used layout.

use super::super::statement::{StatementError, StatementErrorKind, StatementFormat};

/// Where each field of an entry is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mapping {
    /// Booking date (required).
    pub(crate) date: usize,
    /// The day the transaction happened, when another column than `date`.
    pub(crate) transacted: Option<usize>,
    /// One signed amount column...
    pub(crate) amount: Option<usize>,
    /// ...or money out...
    pub(crate) debit: Option<usize>,
    /// ...and money in.
    pub(crate) credit: Option<usize>,
    /// A fee column subtracted from the amount (Revolut).
    pub(crate) fee: Option<usize>,
    /// Columns joined into the description, in order.
    pub(crate) text: Vec<usize>,
    /// A bank id column, used as identity when its values are unique in the file.
    pub(crate) reference: Option<usize>,
    /// Running balance after each entry.
    pub(crate) balance: Option<usize>,
    /// Currency of each entry.
    pub(crate) currency: Option<usize>,
    /// A status column: rows whose status says pending, declined or reverted are skipped.
    pub(crate) status: Option<usize>,
    /// Amounts are written from the card issuer's view (charges positive): flip them.
    pub(crate) invert: bool,
    /// Date order, when the mapping fixes it.
    pub(crate) day_first: Option<bool>,
}

impl Mapping {
    /// The highest column index the mapping uses.
    pub(crate) fn max_column(&self) -> usize {
        [
            Some(self.date),
            self.transacted,
            self.amount,
            self.debit,
            self.credit,
            self.fee,
            self.reference,
            self.balance,
            self.currency,
            self.status,
        ]
        .into_iter()
        .flatten()
        .chain(self.text.iter().copied())
        .max()
        .unwrap_or(0)
    }

    fn check(self) -> Result<Mapping, &'static str> {
        if self.amount.is_none() && self.debit.is_none() && self.credit.is_none() {
            return Err("amount");
        }
        if self.amount.is_some() && (self.debit.is_some() || self.credit.is_some()) {
            return Err("amount");
        }
        Ok(self)
    }
}

fn err(kind: StatementErrorKind, element: &'static str, line: u32) -> StatementError {
    StatementError::new(Some(StatementFormat::Csv), kind, Some(element), line)
}

/// A header cell in a comparable form: lower case, single spaces, no quotes or BOM.
fn norm(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const DATE: &[&str] = &[
    "posting date",
    "post date",
    "posted date",
    "booking date",
    "buchungstag",
    "buchungsdatum",
    "completed date",
    "date",
    "transaction date",
    "trans. date",
    "trans date",
    "datum",
    "date opération",
    "date operation",
    "fecha",
    "data",
    "data lançamento",
];
const TRANSACTED: &[&str] = &[
    "transaction date",
    "trans. date",
    "started date",
    "date valeur",
];
const VALUE_DATE: &[&str] = &["value date", "valuta", "valutadatum", "wertstellung"];
const AMOUNT: &[&str] = &[
    "amount",
    "betrag",
    "montant",
    "importe",
    "valor",
    "transaction amount",
    "amount (eur)",
    "amount (gbp)",
    "amount (usd)",
    "betrag (eur)",
    "umsatz",
];
const DEBIT: &[&str] = &[
    "debit",
    "debit amount",
    "debits",
    "withdrawal",
    "withdrawals",
    "paid out",
    "money out",
    "out",
    "soll",
    "débit",
    "debit (eur)",
    "ausgang",
    "cargo",
];
const CREDIT: &[&str] = &[
    "credit",
    "credit amount",
    "credits",
    "deposit",
    "deposits",
    "paid in",
    "money in",
    "in",
    "haben",
    "crédit",
    "credit (eur)",
    "eingang",
    "abono",
];
const TEXT: &[&str] = &[
    "payee",
    "name",
    "merchant",
    "counterparty",
    "beguenstigter/zahlungspflichtiger",
    "empfänger",
    "auftraggeber / empfänger",
    "description",
    "details",
    "narrative",
    "transaction description",
    "verwendungszweck",
    "buchungstext",
    "beschreibung",
    "libellé",
    "libelle",
    "concepto",
    "descrição",
    "historico",
    "memo",
    "payment reference",
    "text",
];
const REFERENCE: &[&str] = &[
    "transaction id",
    "id",
    "fitid",
    "reference number",
    "ref",
    "reference",
];
const BALANCE: &[&str] = &[
    "balance",
    "running balance",
    "saldo",
    "solde",
    "kontostand",
    "balance (eur)",
];
const CURRENCY: &[&str] = &["currency", "währung", "waehrung", "devise", "moneda", "ccy"];
const STATUS: &[&str] = &["state", "status"];

fn find(header: &[String], names: &[&str], taken: &[usize]) -> Option<usize> {
    names.iter().find_map(|n| {
        header
            .iter()
            .position(|h| h == n)
            .filter(|i| !taken.contains(i))
    })
}

/// The mapping a header row implies, when it names a date and an amount (or debit/credit).
pub(crate) fn from_header(cells: &[String]) -> Option<Mapping> {
    let header: Vec<String> = cells.iter().map(|c| norm(c)).collect();
    let date = find(&header, DATE, &[])?;
    let mut taken = vec![date];
    let take = |names: &[&str], taken: &mut Vec<usize>| {
        let i = find(&header, names, taken);
        taken.extend(i);
        i
    };
    let transacted =
        take(TRANSACTED, &mut taken).or_else(|| take(VALUE_DATE, &mut taken).and(None));
    let amount = take(AMOUNT, &mut taken);
    let debit = take(DEBIT, &mut taken);
    let credit = take(CREDIT, &mut taken);
    let (debit, credit) = if amount.is_some() {
        (None, None)
    } else {
        (debit, credit)
    };
    let reference = take(REFERENCE, &mut taken);
    let balance = take(BALANCE, &mut taken);
    let currency = take(CURRENCY, &mut taken);
    let status = take(STATUS, &mut taken);
    let fee = take(&["fee", "fees"], &mut taken);
    let text: Vec<usize> = TEXT
        .iter()
        .filter_map(|n| header.iter().position(|h| h == n))
        .filter(|i| !taken.contains(i))
        .collect();
    let mut text_sorted = text;
    text_sorted.dedup();
    Mapping {
        date,
        transacted,
        amount,
        debit,
        credit,
        fee,
        text: text_sorted,
        reference,
        balance,
        currency,
        status,
        invert: false,
        day_first: None,
    }
    .check()
    .ok()
}

/// A preset: a documented layout, as header names per role.
struct Preset {
    name: &'static str,
    map: &'static str,
}

/// The presets (`--preset NAME`); their columns are found by header name, so a bank that
/// adds a column does not break them. Documented in the README.
const PRESETS: &[Preset] = &[
    // Chase checking: Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #
    Preset {
        name: "chase-checking",
        map: "date=posting date,description=description,amount=amount,balance=balance,month-first",
    },
    // Chase card: Transaction Date,Post Date,Description,Category,Type,Amount,Memo
    Preset {
        name: "chase-card",
        map: "date=post date,transacted=transaction date,description=description,description=memo,amount=amount,month-first",
    },
    // American Express: Date,Description,Amount (charges positive, payments negative)
    Preset {
        name: "amex",
        map: "date=date,description=description,amount=amount,invert,month-first",
    },
    // Revolut: Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance
    Preset {
        name: "revolut",
        map: "date=completed date,transacted=started date,description=description,amount=amount,fee=fee,currency=currency,status=state,balance=balance",
    },
    // N26: "Date","Payee","Account number","Transaction type","Payment reference","Amount (EUR)",...
    Preset {
        name: "n26",
        map: "date=date,description=payee,description=payment reference,amount=amount (eur)",
    },
];

/// The names of the presets.
pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|p| p.name)
}

/// A mapping from `spec`: a preset name, or `role=column` pairs (a 0-based index or a header
/// name) with the flags `invert`, `day-first`, `month-first`. Roles: date, transacted,
/// amount, debit, credit, fee, description (repeatable), reference, balance, currency,
/// status.
pub(crate) fn from_spec(spec: &str, header: Option<&[String]>) -> Result<Mapping, StatementError> {
    let spec = PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(spec.trim()))
        .map_or(spec, |p| p.map);
    let normed: Option<Vec<String>> = header.map(|h| h.iter().map(|c| norm(c)).collect());
    let column = |value: &str, role: &'static str| -> Result<usize, StatementError> {
        if let Ok(i) = value.trim().parse::<usize>() {
            return Ok(i);
        }
        let want = norm(value);
        normed
            .as_ref()
            .and_then(|h| h.iter().position(|c| *c == want))
            .ok_or(err(StatementErrorKind::BadMapping, role, 0))
    };
    let mut m = Mapping::default();
    let mut date = None;
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((role, value)) = part.split_once('=') else {
            match part {
                "invert" => m.invert = true,
                "day-first" => m.day_first = Some(true),
                "month-first" => m.day_first = Some(false),
                _ => return Err(err(StatementErrorKind::BadMapping, "flag", 0)),
            }
            continue;
        };
        let role = role.trim().to_ascii_lowercase();
        match role.as_str() {
            "date" => date = Some(column(value, "date")?),
            "transacted" => m.transacted = Some(column(value, "transacted")?),
            "amount" => m.amount = Some(column(value, "amount")?),
            "debit" => m.debit = Some(column(value, "debit")?),
            "credit" => m.credit = Some(column(value, "credit")?),
            "fee" => m.fee = Some(column(value, "fee")?),
            "description" | "payee" | "memo" => m.text.push(column(value, "description")?),
            "reference" => m.reference = Some(column(value, "reference")?),
            "balance" => m.balance = Some(column(value, "balance")?),
            "currency" => m.currency = Some(column(value, "currency")?),
            "status" => m.status = Some(column(value, "status")?),
            _ => return Err(err(StatementErrorKind::BadMapping, "role", 0)),
        }
    }
    m.date = date.ok_or(err(StatementErrorKind::BadMapping, "date", 0))?;
    if m.max_column() >= super::records::MAX_FIELDS {
        return Err(err(StatementErrorKind::BadMapping, "column", 0));
    }
    m.check()
        .map_err(|role| err(StatementErrorKind::BadMapping, role, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn headers_in_several_languages() {
        let m = from_header(&cells("Buchungstag,Valuta,Verwendungszweck,Betrag,Saldo")).unwrap();
        assert_eq!(
            (m.date, m.amount, m.balance, m.text.clone()),
            (0, Some(3), Some(4), vec![2])
        );
        let m = from_header(&cells("Date,Description,Paid out,Paid in,Balance")).unwrap();
        assert_eq!((m.debit, m.credit, m.amount), (Some(2), Some(3), None));
        let m = from_header(&cells(
            "\u{feff}\"Transaction Date\",\"Post Date\",Description,Amount",
        ))
        .unwrap();
        assert_eq!((m.date, m.transacted), (1, Some(0)));
        assert!(from_header(&cells("Name,Value,Other")).is_none());
    }

    #[test]
    fn specs_and_presets() {
        let m = from_spec(
            "date=0,amount=3,description=2,description=1,day-first",
            None,
        )
        .unwrap();
        assert_eq!(
            (m.date, m.amount, m.text.clone(), m.day_first),
            (0, Some(3), vec![2, 1], Some(true))
        );
        let header = cells("Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance");
        let m = from_spec("revolut", Some(&header)).unwrap();
        assert_eq!(
            (m.date, m.transacted, m.fee, m.status),
            (3, Some(2), Some(6), Some(8))
        );
        let bad = |s: &str| from_spec(s, None).unwrap_err().kind;
        assert_eq!(bad("amount=1"), StatementErrorKind::BadMapping);
        assert_eq!(bad("date=0"), StatementErrorKind::BadMapping);
        assert_eq!(
            bad("date=0,amount=1,debit=2"),
            StatementErrorKind::BadMapping
        );
        assert_eq!(bad("date=0,amount=x"), StatementErrorKind::BadMapping);
        assert_eq!(
            bad("date=0,amount=1,colour=2"),
            StatementErrorKind::BadMapping
        );
        assert_eq!(bad("date=0,amount=999"), StatementErrorKind::BadMapping);
        assert!(preset_names().count() >= 5);
    }
}
