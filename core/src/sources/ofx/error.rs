//! The one error type of the OFX import. It says what went wrong, in which element and on which
//! line, and never carries a field value: OFX files hold account numbers, names and amounts.

use std::fmt;

/// What went wrong while reading an OFX file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfxErrorKind {
    /// The bytes do not start like an OFX file (no `OFXHEADER:` header, XML prolog or `<OFX>`).
    NotOfx,
    /// The OFX 1.x header block is malformed or declares something unsupported
    /// (compression, encryption).
    BadHeader,
    /// The header declares `SECURITY:TYPE1` and what follows it is not plain OFX (an
    /// encrypted body): not supported.
    EncryptedBody,
    /// The file is OFX but holds no bank or credit-card statement (a sign-on only, an
    /// account list, an empty `<OFX>`): nothing to import.
    NoStatement,
    /// Broken markup: a tag that does not end, a bad tag name, text where only elements may be,
    /// a closing tag that matches nothing open.
    Syntax,
    /// The file ends before `</OFX>` closes everything.
    Truncated,
    /// Elements nested deeper than the parser allows.
    TooDeep,
    /// A required element is absent.
    MissingElement,
    /// A required element is present but empty.
    EmptyValue,
    /// An amount is not a decimal number in the statement currency.
    BadAmount,
    /// A date is not `YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]` or names no real day.
    BadDate,
    /// `CURDEF` or `CURSYM` is not an ISO 4217 code.
    BadCurrency,
    /// The server refused the sign-on (`SONRS` status with severity ERROR).
    SignonFailed,
    /// Every statement in the file came back with an error status (`STMTTRNRS/STATUS`).
    StatementFailed,
    /// An investment statement (`INVSTMTMSGSRSV1` / `INVSTMTRS`): not supported.
    InvestmentUnsupported,
    /// A worker thread of the import stopped (a bug, never the file's fault): nothing is
    /// imported rather than part of the file.
    Internal,
}

impl OfxErrorKind {
    /// Stable short name, for tests and machine-readable reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            OfxErrorKind::NotOfx => "not_ofx",
            OfxErrorKind::BadHeader => "bad_header",
            OfxErrorKind::EncryptedBody => "encrypted_body",
            OfxErrorKind::NoStatement => "no_statement",
            OfxErrorKind::Syntax => "syntax",
            OfxErrorKind::Truncated => "truncated",
            OfxErrorKind::TooDeep => "too_deep",
            OfxErrorKind::MissingElement => "missing_element",
            OfxErrorKind::EmptyValue => "empty_value",
            OfxErrorKind::BadAmount => "bad_amount",
            OfxErrorKind::BadDate => "bad_date",
            OfxErrorKind::BadCurrency => "bad_currency",
            OfxErrorKind::SignonFailed => "signon_failed",
            OfxErrorKind::StatementFailed => "statement_failed",
            OfxErrorKind::InvestmentUnsupported => "investment_unsupported",
            OfxErrorKind::Internal => "internal",
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            OfxErrorKind::NotOfx => "not an OFX or QFX file",
            OfxErrorKind::BadHeader => "malformed or unsupported OFX header",
            OfxErrorKind::EncryptedBody => {
                "the OFX header declares SECURITY:TYPE1 and the body is not plain OFX \
                 (encrypted statements are not supported)"
            }
            OfxErrorKind::NoStatement => "no bank or card statement in the file",
            OfxErrorKind::Syntax => "malformed OFX markup",
            OfxErrorKind::Truncated => "OFX file ends early",
            OfxErrorKind::TooDeep => "OFX elements nested too deeply",
            OfxErrorKind::MissingElement => "required OFX element missing",
            OfxErrorKind::EmptyValue => "required OFX element empty",
            OfxErrorKind::BadAmount => {
                "invalid amount (not a decimal number, or beyond the range of 64-bit minor units)"
            }
            OfxErrorKind::BadDate => "invalid date",
            OfxErrorKind::BadCurrency => "invalid currency code",
            OfxErrorKind::SignonFailed => "the bank refused the sign-on",
            OfxErrorKind::StatementFailed => "the bank returned an error instead of a statement",
            OfxErrorKind::InvestmentUnsupported => {
                "investment statements are not supported (bank and credit-card statements only)"
            }
            OfxErrorKind::Internal => "the import stopped unexpectedly; nothing was imported",
        }
    }
}

/// An OFX import failure: kind, the element involved (a tag name from the OFX specification,
/// never data from the file) and the 1-based line. A failed file imports nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfxError {
    /// What went wrong.
    pub kind: OfxErrorKind,
    /// The OFX element involved, when it is one the parser knows.
    pub element: Option<&'static str>,
    /// 1-based line number in the file (0 when not tied to a line).
    pub line: u32,
}

impl OfxError {
    /// Builds an error.
    pub fn new(kind: OfxErrorKind, element: Option<&'static str>, line: u32) -> OfxError {
        OfxError {
            kind,
            element,
            line,
        }
    }
}

impl fmt::Display for OfxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        match (self.kind, self.element) {
            (OfxErrorKind::BadHeader | OfxErrorKind::EncryptedBody, Some(field)) => {
                write!(f, " (header field {field})")?;
            }
            (OfxErrorKind::BadHeader, None) => f.write_str(" (a line that is not FIELD:VALUE)")?,
            (_, Some(el)) => write!(f, " in <{el}>")?,
            (_, None) => {}
        }
        if self.line > 0 {
            write!(f, " on line {}", self.line)?;
        }
        Ok(())
    }
}

impl std::error::Error for OfxError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_element_and_line() {
        let e = OfxError::new(OfxErrorKind::BadAmount, Some("TRNAMT"), 42);
        assert_eq!(
            e.to_string(),
            "invalid amount (not a decimal number, or beyond the range of 64-bit minor units) \
             in <TRNAMT> on line 42"
        );
        assert_eq!(e.kind.as_str(), "bad_amount");
    }
}
