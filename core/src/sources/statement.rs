//! Statement files in any format a bank exports (OFX/QFX, CSV, QIF, CAMT.053), reduced to one
//! shape before the vault: an [`ImportBatch`] plus, per statement, the figures it gives for
//! checking itself ([`StatementTotals`]) and what the reader folded or dropped on the way
//! ([`ImportNote`]). Every format goes the same way from here: normalise (the format's own
//! reader) → reconcile (`crate::ingest::statement_report`) → one vault write
//! (`Profile::import_statement_with`).
//!
//! The format is picked from the content, never from the file name: see [`detect`].

use super::entries::Builder;
pub use super::entries::Given;
use super::{camt, csv, ofx, qif, ImportBatch};
use crate::model::{AccountId, Balance};
use crate::money::Currency;
use crate::time::Timestamp;
use std::fmt;

/// A statement file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementFormat {
    /// OFX 1.x/2.x or QFX.
    Ofx,
    /// A bank's CSV export.
    Csv,
    /// Quicken Interchange Format.
    Qif,
    /// ISO 20022 `camt.053` bank-to-customer statement.
    Camt053,
}

impl StatementFormat {
    /// Short name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementFormat::Ofx => "OFX",
            StatementFormat::Csv => "CSV",
            StatementFormat::Qif => "QIF",
            StatementFormat::Camt053 => "CAMT.053",
        }
    }
}

/// What one statement says about one account, for checking it against itself.
#[derive(Clone, PartialEq, Eq)]
pub struct StatementTotals {
    /// The account.
    pub account: AccountId,
    /// The statement currency (entries in another currency are not summed: see `mixed`).
    pub currency: Currency,
    /// The opening balance the statement gives, when it gives one (CAMT `OPBD`, a CSV
    /// balance column).
    pub opening: Option<Balance>,
    /// The closing (ledger) balance, when it gives one.
    pub closing: Option<Balance>,
    /// Where the statement's period starts (OFX `DTSTART`, the first entry), when known.
    pub start: Option<Timestamp>,
    /// Sum of the statement's entries in minor units (`None` when it overflows).
    pub net: Option<i64>,
    /// Entries in the statement.
    pub entries: usize,
    /// Entries in another currency than the statement's (not in `net`).
    pub mixed: usize,
}

impl fmt::Debug for StatementTotals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatementTotals")
            .field("entries", &self.entries)
            .field("has_opening", &self.opening.is_some())
            .field("has_closing", &self.closing.is_some())
            .finish_non_exhaustive()
    }
}

impl StatementTotals {
    /// Totals for `account` with nothing counted yet.
    pub fn new(account: AccountId, currency: Currency) -> StatementTotals {
        StatementTotals {
            account,
            currency,
            opening: None,
            closing: None,
            start: None,
            net: Some(0),
            entries: 0,
            mixed: 0,
        }
    }

    /// Counts one entry.
    pub fn add(&mut self, amount: i64, currency: Currency) {
        self.entries += 1;
        if currency == self.currency {
            self.net = self.net.and_then(|n| n.checked_add(amount));
        } else {
            self.mixed += 1;
        }
    }
}

/// Something a reader folded, recovered or dropped, counted for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// Entries sharing their id (FITID) with another entry of the same statement, kept as
    /// transactions of their own.
    RepeatedIdsKept,
    /// Entries identical to one of an earlier statement of the same account in this file:
    /// skipped (one copy kept).
    DuplicateInFileSkipped,
    /// Transactions replaced by a correction in the file (OFX `CORRECTACTION=REPLACE`).
    Replaced,
    /// Deletion records (OFX `CORRECTACTION=DELETE`).
    DeletionRecords,
    /// Amounts with more decimals than the currency has, rounded half-even.
    AmountsRounded,
    /// Elements left unclosed that were closed by what followed them.
    UnclosedRecovered,
    /// Statement responses that carried an error status instead of a statement.
    FailedStatements,
    /// QIF split lines folded into their parent transaction.
    SplitsFolded,
    /// CSV rows without an amount or date (totals, blank or informational rows): skipped.
    RowsWithoutEntrySkipped,
    /// CAMT entries not booked (status `PDNG` or `INFO`): skipped.
    UnbookedSkipped,
    /// CAMT opening or closing balances in another currency than the account's: not used
    /// (neither for the check nor as the account's balance).
    ForeignBalancesIgnored,
}

impl NoteKind {
    /// Whether the entries counted were left out of the vault.
    pub fn is_skip(self) -> bool {
        matches!(
            self,
            NoteKind::DuplicateInFileSkipped
                | NoteKind::RowsWithoutEntrySkipped
                | NoteKind::UnbookedSkipped
                | NoteKind::DeletionRecords
        )
    }

    /// The sentence the summary shows after the count.
    pub fn describe(self) -> &'static str {
        match self {
            NoteKind::RepeatedIdsKept => {
                "entries share their id with another entry of the same statement: kept, each a transaction"
            }
            NoteKind::DuplicateInFileSkipped => {
                "entries repeat an earlier statement of the same account in this file: skipped (one copy kept)"
            }
            NoteKind::Replaced => "transactions replaced by a correction in the file",
            NoteKind::DeletionRecords => "deletion records: skipped, the transactions they name deleted",
            NoteKind::AmountsRounded => {
                "amounts had more decimals than the currency has: rounded half-even"
            }
            NoteKind::UnclosedRecovered => {
                "elements were left unclosed: closed where the next one starts, nothing lost"
            }
            NoteKind::FailedStatements => {
                "statements came back from the bank with an error instead of data"
            }
            NoteKind::SplitsFolded => "split lines folded into their transaction",
            NoteKind::RowsWithoutEntrySkipped => {
                "rows without a date or amount (headings, totals, notes): skipped"
            }
            NoteKind::UnbookedSkipped => "entries not yet booked (pending or information only): skipped",
            NoteKind::ForeignBalancesIgnored => {
                "opening or closing balances in another currency than the account's: not used, so they cannot check the statement"
            }
        }
    }
}

/// A counted note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportNote {
    /// What happened.
    pub kind: NoteKind,
    /// To how many entries.
    pub count: usize,
}

/// Adds `count` of `kind` to `notes` (nothing when zero).
pub(crate) fn note(notes: &mut Vec<ImportNote>, kind: NoteKind, count: usize) {
    if count > 0 {
        notes.push(ImportNote { kind, count });
    }
}

/// A statement file read and normalised, ready for the vault.
#[derive(Clone, Debug)]
pub struct StatementImport {
    /// The format read.
    pub format: StatementFormat,
    /// What to store.
    pub batch: ImportBatch,
    /// One per statement (per account for formats with one statement per file).
    pub totals: Vec<StatementTotals>,
    /// What was folded, recovered or skipped.
    pub notes: Vec<ImportNote>,
}

/// Choices the person makes for formats that do not carry them (CSV, QIF). `Debug` shows
/// which are made, never the account's name or the mapping.
#[derive(Clone, Default)]
pub struct StatementOptions {
    /// The account the file belongs to, as the person names it (CSV and QIF files rarely
    /// carry an account number). Required for those formats.
    pub account: Option<String>,
    /// A CSV column mapping (`date=0,amount=3,...`) or a preset name; see [`csv`].
    pub csv_map: Option<String>,
    /// The currency of a file that does not say (CSV, QIF); USD when unset.
    pub currency: Option<Currency>,
    /// Day-first (`31/01/2024`) or month-first (`01/31/2024`) for ambiguous dates; detected
    /// from the file when unset.
    pub day_first: Option<bool>,
}

impl fmt::Debug for StatementOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatementOptions")
            .field("has_account", &self.account.is_some())
            .field("has_csv_map", &self.csv_map.is_some())
            .field("currency", &self.currency)
            .field("day_first", &self.day_first)
            .finish()
    }
}

/// Reads a statement file in whichever supported format its content is.
pub fn read_statement(
    bytes: &[u8],
    options: &StatementOptions,
) -> Result<StatementImport, StatementError> {
    match detect(bytes) {
        Some(StatementFormat::Ofx) => ofx::import_statement(bytes).map_err(StatementError::from),
        Some(StatementFormat::Camt053) => camt::import_camt(bytes),
        Some(StatementFormat::Qif) => qif::import_qif(bytes, options),
        Some(StatementFormat::Csv) => csv::import_csv(bytes, options),
        None => Err(StatementError::new(
            None,
            StatementErrorKind::Unrecognised,
            None,
            0,
        )),
    }
}

/// Reads a statement file in chunks: `chunk` receives batches of `size` transactions (at
/// least one) in file order, each with the accounts so far, and last the rest with every
/// account and its balance, together with the ids handed over before that batch. The
/// returned import has the accounts, no transactions, and the totals and notes of the whole
/// file, exactly as [`read_statement`] gives them; applied in order, the batches store what
/// its batch stores. So a CSV, QIF or CAMT.053 file is never held read: memory is one chunk,
/// a 16-byte hash per transaction id and one occurrence count per distinct entry content.
/// An error stops the read where the whole read would have reported it, possibly after
/// chunks were handed over: the caller's write must roll them back. OFX has its own chunked
/// reader (`ofx::import_statement_chunked`); an OFX file given here is read whole and
/// handed over as one chunk.
pub fn read_statement_chunked(
    bytes: &[u8],
    options: &StatementOptions,
    size: usize,
    chunk: &mut dyn FnMut(&Given, ImportBatch) -> Result<(), StatementError>,
) -> Result<StatementImport, StatementError> {
    type Read = fn(&[u8], &StatementOptions, &mut Builder<'_>) -> Result<Vec<ImportNote>, StatementError>;
    let format = detect(bytes);
    let read: Read = match format {
        Some(StatementFormat::Csv) => csv::read_csv,
        Some(StatementFormat::Qif) => qif::read_qif,
        Some(StatementFormat::Camt053) => |b, _, out| camt::read_camt(b, out),
        Some(StatementFormat::Ofx) | None => {
            let mut whole = read_statement(bytes, options)?;
            let mut first = whole.batch.clone();
            first.transactions = std::mem::take(&mut whole.batch.transactions);
            first.deletions = std::mem::take(&mut whole.batch.deletions);
            chunk(&Given::default(), first)?;
            return Ok(whole);
        }
    };
    let Some(format) = format else {
        return Err(StatementError::new(None, StatementErrorKind::Unrecognised, None, 0));
    };
    let mut out = Builder::chunked(format, size, chunk);
    let notes = read(bytes, options, &mut out)?;
    out.finish(notes)
}

/// The format of `bytes`, from their content: OFX (an `OFXHEADER:` header, an `<?OFX`
/// prolog or an `<OFX>` element near the start), CAMT.053 (XML with a `BkToCstmrStmt`
/// element or the camt.053 namespace), QIF (a `!Type:`, `!Account` or `!Option` line first),
/// CSV (text whose first lines split into the same number of fields, two or more, on one
/// delimiter). `None` for anything else.
pub fn detect(bytes: &[u8]) -> Option<StatementFormat> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = bytes.get(start..)?;
    let head = body.get(..body.len().min(4096))?;
    let upper: Vec<u8> = head.to_ascii_uppercase();
    let has = |needle: &[u8]| upper.windows(needle.len()).any(|w| w == needle);
    if upper.starts_with(b"OFXHEADER") || has(b"<?OFX") || has(b"<OFX>") || has(b"<OFX ") {
        return Some(StatementFormat::Ofx);
    }
    if upper.starts_with(b"<") && (has(b"BKTOCSTMRSTMT") || has(b"CAMT.053")) {
        return Some(StatementFormat::Camt053);
    }
    if upper.starts_with(b"!TYPE:")
        || upper.starts_with(b"!ACCOUNT")
        || upper.starts_with(b"!OPTION")
    {
        return Some(StatementFormat::Qif);
    }
    if csv::looks_like_csv(body) {
        return Some(StatementFormat::Csv);
    }
    None
}

/// What went wrong reading a statement file, in any format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementErrorKind {
    /// The OFX reader's own error.
    Ofx(ofx::OfxErrorKind),
    /// Not a statement in any supported format.
    Unrecognised,
    /// The file holds no entry and no balance: nothing to import.
    NoStatement,
    /// Not text in UTF-8 or Windows-1252 (binary data).
    Encoding,
    /// Broken structure (a quote that never closes, XML that does not nest, a QIF record
    /// without its end).
    Syntax,
    /// The file ends in the middle of a record or element.
    Truncated,
    /// A required column, field or element is missing.
    Missing,
    /// An amount is not a decimal number in the currency (or out of range).
    BadAmount,
    /// A date is not a real day in a known form.
    BadDate,
    /// Dates that read both day-first and month-first: pass the order explicitly.
    AmbiguousDates,
    /// A currency is not an ISO 4217 code.
    BadCurrency,
    /// A CSV column mapping or preset is malformed or names a column the file lacks.
    BadMapping,
    /// The CSV columns could not be recognised: a mapping is needed.
    NeedsMapping,
    /// The format names no account: the person must choose one (`--account NAME`).
    NeedsAccount,
    /// A row has a different number of fields than the header.
    RaggedRow,
    /// More rows, fields or nesting than the reader accepts.
    TooLarge,
}

impl StatementErrorKind {
    /// Stable short name, for tests and machine-readable reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            StatementErrorKind::Ofx(k) => k.as_str(),
            StatementErrorKind::Unrecognised => "unrecognised",
            StatementErrorKind::NoStatement => "no_statement",
            StatementErrorKind::Encoding => "encoding",
            StatementErrorKind::Syntax => "syntax",
            StatementErrorKind::Truncated => "truncated",
            StatementErrorKind::Missing => "missing",
            StatementErrorKind::BadAmount => "bad_amount",
            StatementErrorKind::BadDate => "bad_date",
            StatementErrorKind::AmbiguousDates => "ambiguous_dates",
            StatementErrorKind::BadCurrency => "bad_currency",
            StatementErrorKind::BadMapping => "bad_mapping",
            StatementErrorKind::NeedsMapping => "needs_mapping",
            StatementErrorKind::NeedsAccount => "needs_account",
            StatementErrorKind::RaggedRow => "ragged_row",
            StatementErrorKind::TooLarge => "too_large",
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            StatementErrorKind::Ofx(_) => "",
            StatementErrorKind::Unrecognised => {
                "not a statement in a supported format (OFX/QFX, CSV, QIF, CAMT.053)"
            }
            StatementErrorKind::NoStatement => "no bank or card statement in the file",
            StatementErrorKind::Encoding => "not text (UTF-8 or Windows-1252)",
            StatementErrorKind::Syntax => "malformed",
            StatementErrorKind::Truncated => "the file ends early",
            StatementErrorKind::Missing => "required field missing",
            StatementErrorKind::BadAmount => "invalid amount",
            StatementErrorKind::BadDate => "invalid date",
            StatementErrorKind::AmbiguousDates => {
                "dates read both day-first and month-first (choose with --day-first or --month-first)"
            }
            StatementErrorKind::BadCurrency => "invalid currency code",
            StatementErrorKind::BadMapping => "invalid column mapping",
            StatementErrorKind::NeedsMapping => {
                "columns not recognised (give --map date=N,amount=N,description=N or --preset NAME)"
            }
            StatementErrorKind::NeedsAccount => {
                "the file names no account: choose one with --account NAME"
            }
            StatementErrorKind::RaggedRow => "a row has a different number of fields than the header",
            StatementErrorKind::TooLarge => "too large",
        }
    }
}

/// A refused statement file: the format it was read as, what went wrong, the element,
/// field or column involved (names from the format's specification or the mapping, never
/// data from the file) and the 1-based line. A refused file imports nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementError {
    /// The format the content was read as (`None` when it matched none).
    pub format: Option<StatementFormat>,
    /// What went wrong.
    pub kind: StatementErrorKind,
    /// The element, field or column role involved.
    pub element: Option<&'static str>,
    /// 1-based line (0 when not tied to a line).
    pub line: u32,
}

impl StatementError {
    /// Builds an error.
    pub fn new(
        format: Option<StatementFormat>,
        kind: StatementErrorKind,
        element: Option<&'static str>,
        line: u32,
    ) -> StatementError {
        StatementError {
            format,
            kind,
            element,
            line,
        }
    }

    /// Whether the file was refused only because it names no account (CSV, a QIF file
    /// without `!Account`): the caller asks the person which account it is and imports it
    /// again with that name (`StatementOptions::account`).
    pub fn needs_account(&self) -> bool {
        self.kind == StatementErrorKind::NeedsAccount
    }

    /// Whether the file simply held no statement (the CLI says so in its own words).
    pub fn is_no_statement(&self) -> bool {
        matches!(
            self.kind,
            StatementErrorKind::NoStatement
                | StatementErrorKind::Ofx(ofx::OfxErrorKind::NoStatement)
        )
    }
}

impl From<ofx::OfxError> for StatementError {
    fn from(e: ofx::OfxError) -> Self {
        StatementError::new(
            Some(StatementFormat::Ofx),
            StatementErrorKind::Ofx(e.kind),
            e.element,
            e.line,
        )
    }
}

impl fmt::Display for StatementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let StatementErrorKind::Ofx(kind) = self.kind {
            return ofx::OfxError::new(kind, self.element, self.line).fmt(f);
        }
        if let (Some(format), false) = (self.format, self.kind == StatementErrorKind::NoStatement) {
            write!(f, "{}: ", format.as_str())?;
        }
        f.write_str(self.kind.describe())?;
        if let Some(el) = self.element {
            match self.format {
                Some(StatementFormat::Camt053) => write!(f, " in <{el}>")?,
                Some(StatementFormat::Csv) => write!(f, " (column {el})")?,
                _ => write!(f, " (field {el})")?,
            }
        }
        if self.line > 0 {
            write!(f, " on line {}", self.line)?;
        }
        Ok(())
    }
}

impl std::error::Error for StatementError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_from_content() {
        let d = |s: &str| detect(s.as_bytes());
        assert_eq!(
            d("OFXHEADER:100\nDATA:OFXSGML\n<OFX>"),
            Some(StatementFormat::Ofx)
        );
        assert_eq!(
            d("<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?><OFX>"),
            Some(StatementFormat::Ofx)
        );
        assert_eq!(
            d("\u{feff}<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"),
            Some(StatementFormat::Camt053)
        );
        assert_eq!(
            d("!Type:Bank\nD01/02/2024\nT-1.00\n^\n"),
            Some(StatementFormat::Qif)
        );
        assert_eq!(
            d("Date,Description,Amount\n2024-01-02,Shop,-1.00\n"),
            Some(StatementFormat::Csv)
        );
        assert_eq!(d("hello"), None);
        assert_eq!(d(""), None);
        assert_eq!(detect(b"\x00\x01\x02\xff,\x00\n"), None);
    }

    /// Reads `bytes` in chunks of `size`: the transactions handed over (each chunk at most
    /// `size`) and the import returned.
    fn chunked(
        bytes: &[u8],
        options: &StatementOptions,
        size: usize,
    ) -> Result<(Vec<crate::model::Transaction>, StatementImport), StatementError> {
        let mut handed = Vec::new();
        let import = read_statement_chunked(bytes, options, size, &mut |_, b| {
            assert!(b.transactions.len() <= size, "a chunk too long");
            handed.extend(b.transactions);
            Ok(())
        })?;
        Ok((handed, import))
    }

    proptest::proptest! {
        /// A CSV or QIF file read in chunks gives what the whole read gives: the same
        /// transactions in the same order (repeated rows included), accounts, totals and
        /// notes, or the same error.
        #[test]
        fn chunked_reads_equal_whole_reads(
            rows in proptest::collection::vec((1u8..4, 0u8..3, -300i32..300, 0u8..12), 0..40),
            size in 1usize..6,
            qif in proptest::bool::ANY,
        ) {
            let mut text = if qif { "!Type:Bank\n".to_string() } else { "Date,Description,Amount,Status\n".to_string() };
            for (day, shop, cents, odd) in &rows {
                let amount = if *odd == 0 { "x1".to_string() } else { format!("{}.{:02}", cents / 100, cents.abs() % 100) };
                if qif {
                    text += &format!("D01/0{day}/2024\nT{amount}\nPShop {shop}\n^\n");
                } else {
                    let status = if *odd == 1 { "PENDING" } else { "BOOKED" };
                    text += &format!("2024-01-0{day},Shop {shop},{amount},{status}\n");
                }
            }
            let options = StatementOptions { account: Some("Everyday".into()), ..StatementOptions::default() };
            let whole = read_statement(text.as_bytes(), &options);
            let parts = chunked(text.as_bytes(), &options, size);
            match (whole, parts) {
                (Ok(w), Ok((handed, p))) => {
                    proptest::prop_assert_eq!(&handed, &w.batch.transactions);
                    proptest::prop_assert_eq!(&p.batch.accounts, &w.batch.accounts);
                    proptest::prop_assert_eq!(&p.totals, &w.totals);
                    proptest::prop_assert_eq!(&p.notes, &w.notes);
                }
                (Err(a), Err(b)) => proptest::prop_assert_eq!(a, b),
                (w, p) => proptest::prop_assert!(false, "{:?} / {:?}", w.map(|_| ()), p.map(|_| ())),
            }
        }
    }

    #[test]
    fn fixtures_read_in_chunks_equal_whole_reads() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/statements");
        let mut read = 0;
        let mut dirs = vec![std::path::PathBuf::from(dir)];
        let mut files = Vec::new();
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            if detect(&bytes) == Some(StatementFormat::Ofx) {
                continue;
            }
            let options = StatementOptions {
                account: Some("Everyday".into()),
                ..StatementOptions::default()
            };
            let whole = read_statement(&bytes, &options);
            for size in [1, 2, 1000] {
                match (&whole, chunked(&bytes, &options, size)) {
                    (Ok(w), Ok((handed, p))) => {
                        assert_eq!(handed, w.batch.transactions, "{path:?}");
                        assert_eq!(p.batch.accounts, w.batch.accounts, "{path:?}");
                        assert_eq!(p.totals, w.totals, "{path:?}");
                        assert_eq!(p.notes, w.notes, "{path:?}");
                    }
                    (Err(a), Err(b)) => assert_eq!(*a, b, "{path:?}"),
                    _ => panic!("{path:?}: one read failed, the other did not"),
                }
            }
            read += 1;
        }
        assert!(read >= 10, "{read} fixtures");
    }

    #[test]
    fn options_debug_shows_no_names() {
        let o = StatementOptions {
            account: Some("Joint with Sam".into()),
            csv_map: Some("date=0,amount=3".into()),
            ..StatementOptions::default()
        };
        let d = format!("{o:?}");
        assert!(!d.contains("Sam") && !d.contains("amount="), "{d}");
        assert!(d.contains("has_account: true"), "{d}");
    }

    #[test]
    fn errors_name_format_element_and_line() {
        let e = StatementError::new(
            Some(StatementFormat::Csv),
            StatementErrorKind::BadAmount,
            Some("amount"),
            7,
        );
        assert_eq!(
            e.to_string(),
            "CSV: invalid amount (column amount) on line 7"
        );
        assert_eq!(e.kind.as_str(), "bad_amount");
        let o: StatementError =
            ofx::OfxError::new(ofx::OfxErrorKind::BadDate, Some("DTPOSTED"), 3).into();
        assert_eq!(o.to_string(), "invalid date in <DTPOSTED> on line 3");
        assert!(
            StatementError::from(ofx::OfxError::new(ofx::OfxErrorKind::NoStatement, None, 0))
                .is_no_statement()
        );
    }
}
