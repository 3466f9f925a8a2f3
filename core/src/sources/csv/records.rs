//! Splits CSV text into records: RFC 4180 quoting (a quoted field may hold the delimiter, a
//! line break and doubled quotes), any of CRLF/LF/CR line ends, and the delimiter detected
//! from the file (comma, semicolon, tab or pipe: the one that splits the first lines into the
//! same number of fields, most often and most fields).

/// Most records a file may have.
pub(crate) const MAX_RECORDS: usize = 1_000_000;
/// Most fields a record may have.
pub(crate) const MAX_FIELDS: usize = 256;

/// One record: its fields and the line it starts on.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) line: u32,
    pub(crate) fields: Vec<String>,
}

/// The fields are a statement's text (descriptions, amounts): `Debug` shows only their shape.
impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("line", &self.line)
            .field("fields", &self.fields.len())
            .finish_non_exhaustive()
    }
}

/// Why a file could not be split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// A quoted field never closes (line where it opened).
    UnclosedQuote(u32),
    /// More records or fields than accepted (line).
    TooLarge(u32),
}

/// Splits `text` on `delim`, skipping blank lines.
pub(crate) fn split(text: &str, delim: char) -> Result<Vec<Record>, SplitError> {
    Records::new(text, delim).collect()
}

/// The records of a text one at a time, so that a file is never held split: what
/// [`split`] returns, in order, then nothing after the first error.
pub(crate) struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    delim: char,
    line: u32,
    count: usize,
    done: bool,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str, delim: char) -> Records<'a> {
        Records {
            chars: text.chars().peekable(),
            delim,
            line: 1,
            count: 0,
            done: false,
        }
    }

    /// The next record, blank or not; `None` at the end of the text.
    fn record(&mut self) -> Option<Result<Record, SplitError>> {
        let start = self.line;
        let mut fields: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut quoted_field = false;
        let mut any = false;
        let mut ended = false;
        let chars = &mut self.chars;
        while let Some(c) = chars.next() {
            any = true;
            match c {
                '"' if field.trim().is_empty() && !quoted_field => {
                    field.clear();
                    quoted_field = true;
                    loop {
                        match chars.next() {
                            None => return Some(Err(SplitError::UnclosedQuote(start))),
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            Some('"') => break,
                            Some(c) => {
                                if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                                    self.line = self.line.saturating_add(1);
                                }
                                field.push(c);
                            }
                        }
                    }
                }
                c if c == self.delim => {
                    fields.push(std::mem::take(&mut field));
                    quoted_field = false;
                    if fields.len() > MAX_FIELDS {
                        return Some(Err(SplitError::TooLarge(start)));
                    }
                }
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    self.line = self.line.saturating_add(1);
                    ended = true;
                    break;
                }
                // Text after a closing quote ("abc"x) is kept, as spreadsheets do.
                c => field.push(c),
            }
        }
        if !any {
            return None;
        }
        fields.push(field);
        if !ended {
            self.done = true;
        }
        Some(Ok(Record {
            line: start,
            fields,
        }))
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, SplitError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = match self.record()? {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if record.fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if self.count >= MAX_RECORDS {
                self.done = true;
                return Some(Err(SplitError::TooLarge(record.line)));
            }
            self.count += 1;
            return Some(Ok(record));
        }
        None
    }
}

/// The delimiter of `text`: among `, ; \t |`, the one whose most common field count over
/// the first 30 lines is highest (at least 2) and shared by most of those lines.
pub(crate) fn detect_delimiter(text: &str) -> Option<char> {
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect::<Vec<_>>()
        .join("\n");
    let mut best: Option<(char, usize, usize)> = None;
    for delim in [',', ';', '\t', '|'] {
        let Ok(records) = split(&head, delim) else {
            continue;
        };
        let mut counts: std::collections::BTreeMap<usize, usize> =
            std::collections::BTreeMap::new();
        for r in &records {
            *counts.entry(r.fields.len()).or_default() += 1;
        }
        let Some((&fields, &lines)) = counts.iter().max_by_key(|(f, n)| (**n, **f)) else {
            continue;
        };
        if fields < 2 || lines * 2 < records.len() {
            continue;
        }
        if best.is_none_or(|(_, bf, bl)| (lines, fields) > (bl, bf)) {
            best = Some((delim, fields, lines));
        }
    }
    best.map(|(d, _, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(text: &str, d: char) -> Vec<Vec<String>> {
        split(text, d)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn quoting_and_line_ends() {
        let r = split(
            "a,\"b,c\",\"d \"\"q\"\"\"\r\n\r\n\"multi\nline\",x\rlast,1",
            ',',
        )
        .unwrap();
        assert_eq!(r[0].fields, vec!["a", "b,c", "d \"q\""]);
        assert_eq!(
            (r[1].line, r[1].fields.clone()),
            (3, vec!["multi\nline".to_string(), "x".into()])
        );
        assert_eq!(
            (r[2].line, r[2].fields.clone()),
            (5, vec!["last".to_string(), "1".into()])
        );
        assert_eq!(split("a,\"open", ','), Err(SplitError::UnclosedQuote(1)));
        assert_eq!(fields("x;\"1,5\";y\n", ';'), vec![vec!["x", "1,5", "y"]]);
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(
            detect_delimiter("Date;Amount;Text\n01.02.2024;-1,50;Shop\n"),
            Some(';')
        );
        assert_eq!(
            detect_delimiter("Date,Amount,Text\n2024-01-02,\"-1,50\",Shop\n"),
            Some(',')
        );
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), Some('\t'));
        assert_eq!(detect_delimiter("just some words\nand more\n"), None);
    }

    proptest! {
        #[test]
        fn quoted_fields_round_trip(rows in prop::collection::vec(prop::collection::vec("[a-z,;\"\n ]{0,6}", 1..5), 1..5)) {
            let text: String = rows.iter().map(|r| {
                r.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect::<Vec<_>>().join(",")
            }).collect::<Vec<_>>().join("\r\n");
            let got: Vec<Vec<String>> = split(&text, ',').unwrap().into_iter().map(|r| r.fields).collect();
            let want: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.iter().all(|f| f.trim().is_empty())).collect();
            prop_assert_eq!(got, want);
        }
    }
}
