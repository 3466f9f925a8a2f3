//! Turns an OFX file into a stream of element events, hiding the difference between OFX 1.x
//! (SGML: a `KEY:VALUE` header block, leaf elements left unclosed, aggregates closed, sometimes
//! not) and OFX 2.x (XML: `<?OFX ...?>` prolog, everything closed).
//!
//! A leaf is an element followed by text (its value) or, for names the spec defines as leaves,
//! by nothing (an empty value). An aggregate's end tag closes every element still open inside
//! it, which is how SGML leniency is absorbed. Events are emitted for known aggregates only;
//! unknown elements followed by elements are treated as empty leaves, so their children fall
//! through to the nearest known aggregate. Text is decoded as UTF-8 when the whole file is valid
//! UTF-8 and as Windows-1252 otherwise (whatever the header claims: files often lie), and the
//! character entities OFX uses are resolved.

use super::error::{OfxError, OfxErrorKind};
use super::lex::{is_space, Lexer, Tok};
use super::tags::Tag;
use std::borrow::Cow;

/// Deepest element nesting accepted.
const MAX_DEPTH: usize = 64;

/// One structural event.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A known aggregate opens.
    Open(Tag),
    /// A known aggregate closes (explicitly or because an enclosing one did).
    Close(Tag),
    /// A leaf element and its decoded, trimmed value (possibly empty).
    Leaf(Tag, Cow<'a, str>),
}

/// Streaming reader over one OFX file.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    lex: Lexer<'a>,
    /// The body as text when the whole file is valid UTF-8 (values are sliced from it).
    text: Option<&'a str>,
    /// Open aggregates: tag and raw name (for matching unknown end tags).
    stack: Vec<(Tag, &'a [u8])>,
    /// A token read ahead and not yet used.
    peeked: Option<(Tok<'a>, u32)>,
    /// Aggregates still to be closed by an end tag that closed several at once.
    closing: usize,
    started: bool,
    done: bool,
    /// Aggregates closed because an element that cannot nest in them opened.
    implicit_closes: usize,
}

impl<'a> Reader<'a> {
    /// Reads the header and positions the reader on the body.
    pub(crate) fn new(bytes: &'a [u8]) -> Result<Reader<'a>, OfxError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let (start, line) = skip_header(bytes)?;
        let body = bytes.get(start..).unwrap_or(&[]);
        Ok(Reader {
            lex: Lexer::new(body, line),
            text: std::str::from_utf8(body).ok(),
            stack: Vec::new(),
            peeked: None,
            closing: 0,
            started: false,
            done: false,
            implicit_closes: 0,
        })
    }

    fn token(&mut self) -> Result<(Tok<'a>, u32), OfxError> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lex.next_token(),
        }
    }

    fn peek(&mut self) -> Result<(Tok<'a>, u32), OfxError> {
        let t = self.token()?;
        self.peeked = Some(t);
        Ok(t)
    }

    /// The innermost open aggregate's name, for errors.
    fn open_name(&self) -> Option<&'static str> {
        self.stack.last().and_then(|(t, _)| t.name())
    }

    /// The next event and its line, or `None` after `</OFX>`.
    pub(crate) fn next_event(&mut self) -> Result<Option<(Event<'a>, u32)>, OfxError> {
        if self.closing > 0 {
            self.closing -= 1;
            let line = self.lex.line();
            if let Some((tag, _)) = self.stack.pop() {
                if self.stack.is_empty() {
                    self.done = true;
                }
                return Ok(Some((Event::Close(tag), line)));
            }
        }
        if self.done {
            return Ok(None);
        }
        loop {
            let (tok, line) = self.token()?;
            match tok {
                Tok::Eof => {
                    let kind = if self.started {
                        OfxErrorKind::Truncated
                    } else {
                        OfxErrorKind::NotOfx
                    };
                    return Err(OfxError::new(kind, self.open_name(), line));
                }
                Tok::Text(_) | Tok::CData(_) => {
                    return Err(OfxError::new(OfxErrorKind::Syntax, self.open_name(), line));
                }
                Tok::Start(name) | Tok::SelfClose(name) => {
                    let tag = Tag::from_name(name);
                    if !self.started {
                        if tag != Tag::Ofx {
                            return Err(OfxError::new(OfxErrorKind::NotOfx, None, line));
                        }
                        self.started = true;
                    } else if tag == Tag::Ofx {
                        // A second document inside the first (two files pasted together).
                        return Err(OfxError::new(OfxErrorKind::Syntax, tag.name(), line));
                    }
                    let self_close = matches!(tok, Tok::SelfClose(_));
                    if tag.is_aggregate() == Some(true) {
                        let unclosed = self.unclosed_by(tag);
                        if unclosed > 0 {
                            // An aggregate that cannot nest here closes the ones left open
                            // (a list without its end tag): read on, and count it.
                            self.implicit_closes = self.implicit_closes.saturating_add(unclosed);
                            self.closing = unclosed;
                            self.peeked = Some((tok, line));
                            return self.next_event();
                        }
                        if self_close {
                            self.peeked = Some((Tok::End(name), line));
                        }
                        if self.stack.len() >= MAX_DEPTH {
                            return Err(OfxError::new(OfxErrorKind::TooDeep, tag.name(), line));
                        }
                        self.stack.push((tag, name));
                        return Ok(Some((Event::Open(tag), line)));
                    }
                    if self_close {
                        if tag == Tag::Unknown {
                            continue;
                        }
                        return Ok(Some((Event::Leaf(tag, Cow::Borrowed("")), line)));
                    }
                    let value = self.leaf_value(name)?;
                    if tag == Tag::Unknown {
                        continue;
                    }
                    return Ok(Some((Event::Leaf(tag, value), line)));
                }
                Tok::End(name) => {
                    let found = self
                        .stack
                        .iter()
                        .rposition(|(_, open)| open.eq_ignore_ascii_case(name));
                    match found {
                        Some(depth) => {
                            // Closes everything from the top of the stack down to `depth`.
                            self.closing = self.stack.len() - depth;
                            return self.next_event();
                        }
                        None => {
                            let tag = Tag::from_name(name);
                            // The late end tag of an aggregate closed implicitly is harmless.
                            if tag.is_aggregate() == Some(true) && self.implicit_closes == 0 {
                                return Err(OfxError::new(OfxErrorKind::Syntax, tag.name(), line));
                            }
                            // A stray end tag of a leaf or unknown element: harmless.
                        }
                    }
                }
            }
        }
    }

    /// How many open aggregates were closed implicitly so far.
    pub(crate) fn implicit_closes(&self) -> usize {
        self.implicit_closes
    }

    /// How many open aggregates the aggregate `tag` closes when it opens now: those on top
    /// of the stack at its nesting rank or deeper (see [`Tag::rank`]), up to the first one
    /// without a rank.
    fn unclosed_by(&self, tag: Tag) -> usize {
        let Some(rank) = tag.rank() else {
            return 0;
        };
        self.stack
            .iter()
            .rev()
            .take_while(|(open, _)| open.rank().is_some_and(|r| r >= rank))
            .count()
    }

    /// A leaf's value: the text and CDATA sections after its start tag (joined when there
    /// are several), and its end tag when that follows.
    fn leaf_value(&mut self, name: &[u8]) -> Result<Cow<'a, str>, OfxError> {
        let mut value: Option<Cow<'a, str>> = None;
        loop {
            let piece = match self.peek()?.0 {
                Tok::Text(v) => self.decode(v),
                Tok::CData(v) => self.decode_chars(v),
                Tok::End(end) if end.eq_ignore_ascii_case(name) => {
                    self.peeked = None;
                    break;
                }
                _ => break,
            };
            self.peeked = None;
            value = Some(match value {
                None => piece,
                Some(prev) => Cow::Owned(prev.into_owned() + &piece),
            });
        }
        Ok(value.unwrap_or(Cow::Borrowed("")))
    }

    /// Decodes a leaf value: UTF-8 or Windows-1252, then character entities.
    fn decode(&self, raw: &'a [u8]) -> Cow<'a, str> {
        let text = self.decode_chars(raw);
        if text.contains('&') {
            Cow::Owned(decode_entities(&text))
        } else {
            text
        }
    }

    /// Decodes bytes as UTF-8 (when the whole file is) or Windows-1252, without entities.
    fn decode_chars(&self, raw: &'a [u8]) -> Cow<'a, str> {
        let sliced = self.text.and_then(|t| {
            let at = self.lex.offset_of(raw)?;
            t.get(at..at.checked_add(raw.len())?)
        });
        if let Some(t) = sliced {
            Cow::Borrowed(t)
        } else if raw.is_ascii() {
            Cow::Borrowed(std::str::from_utf8(raw).unwrap_or(""))
        } else {
            Cow::Owned(raw.iter().map(|&b| cp1252(b)).collect())
        }
    }
}

/// Skips the OFX 1.x header block (`OFXHEADER:100` ... up to the first `<`), or nothing for
/// XML and header-less files. Returns where the body starts and its line number.
fn skip_header(bytes: &[u8]) -> Result<(usize, u32), OfxError> {
    let lead = bytes.iter().take_while(|b| is_space(**b)).count();
    let rest = bytes.get(lead..).unwrap_or(&[]);
    let body_at = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
    let header = rest.get(..body_at).unwrap_or(&[]);
    if !header.is_empty() {
        if !header.starts_with(b"OFXHEADER") {
            return Err(OfxError::new(OfxErrorKind::NotOfx, None, 1));
        }
        let type1 = check_header(header)?;
        let body = rest.get(body_at..).unwrap_or(&[]);
        let plain = body
            .get(..4)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"<OFX"));
        if type1 && !plain {
            let line = 1 + count_lines(bytes.get(..lead + body_at).unwrap_or(&[]));
            return Err(OfxError::new(
                OfxErrorKind::EncryptedBody,
                Some("SECURITY"),
                line,
            ));
        }
    }
    let start = lead + body_at;
    let line = 1 + count_lines(bytes.get(..start).unwrap_or(&[]));
    Ok((start, line))
}

/// Validates the `KEY:VALUE` lines of an OFX 1.x header: compression is refused, and so is
/// any security other than `NONE` and `TYPE1`. `TYPE1` protects only the password of a
/// sign-on request (OFX 1.6 section 4.2.2): a downloaded statement under it is plain text,
/// read like any other once the body is checked to be plain (see [`skip_header`]). Returns
/// whether the header declared `TYPE1`. Errors name the header field.
fn check_header(header: &[u8]) -> Result<bool, OfxError> {
    let mut type1 = false;
    for (line, raw) in (1u32..).zip(header.split(|&b| b == b'\n' || b == b'\r')) {
        let entry = raw.trim_ascii();
        if entry.is_empty() {
            continue;
        }
        let Some(colon) = entry.iter().position(|&b| b == b':') else {
            let kind = if type1 {
                OfxErrorKind::EncryptedBody
            } else {
                OfxErrorKind::BadHeader
            };
            return Err(OfxError::new(kind, type1.then_some("SECURITY"), line));
        };
        let key = entry.get(..colon).unwrap_or(&[]).trim_ascii();
        let value = entry.get(colon + 1..).unwrap_or(&[]).trim_ascii();
        let none = value.eq_ignore_ascii_case(b"NONE") || value.is_empty();
        if key.eq_ignore_ascii_case(b"COMPRESSION") && !none {
            return Err(OfxError::new(
                OfxErrorKind::BadHeader,
                Some("COMPRESSION"),
                line,
            ));
        }
        if key.eq_ignore_ascii_case(b"SECURITY") && !none {
            if !value.eq_ignore_ascii_case(b"TYPE1") {
                return Err(OfxError::new(
                    OfxErrorKind::BadHeader,
                    Some("SECURITY"),
                    line,
                ));
            }
            type1 = true;
        }
    }
    Ok(type1)
}

/// Line ends in `bytes` (CRLF, LF and lone CR each count once).
pub(crate) fn count_lines(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut prev_cr = false;
    for &b in bytes {
        if b == b'\r' || (b == b'\n' && !prev_cr) {
            n = n.saturating_add(1);
        }
        prev_cr = b == b'\r';
    }
    n
}

/// Windows-1252 byte to char (ISO-8859-1 plus the 0x80-0x9F printable block).
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH.get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}')
    } else {
        char::from(b)
    }
}

/// Resolves `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; an
/// unknown or unterminated `&` stays as it is (real files contain bare ampersands).
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let semi = tail.get(..12.min(tail.len())).and_then(|t| t.find(';'));
        let decoded = semi.and_then(|semi| {
            let ent = tail.get(1..semi)?;
            let c = match ent {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = ent.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = tail.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Result<Vec<String>, OfxError> {
        let mut r = Reader::new(input)?;
        let mut out = Vec::new();
        while let Some((ev, line)) = r.next_event()? {
            out.push(match ev {
                Event::Open(t) => format!("+{}@{line}", t.name().unwrap_or("?")),
                Event::Close(t) => format!("-{}", t.name().unwrap_or("?")),
                Event::Leaf(t, v) => format!("{}={v}", t.name().unwrap_or("?")),
            });
        }
        Ok(out)
    }

    #[test]
    fn sgml_leaves_and_implicit_closes() {
        let ev = events(
            b"OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX><STMTTRN><TRNAMT>-1.5<NAME>A&amp;B\r\n<FOO><MEMO></MEMO></OFX>",
        )
        .unwrap();
        assert_eq!(
            ev,
            vec![
                "+OFX@4",
                "+STMTTRN@4",
                "TRNAMT=-1.5",
                "NAME=A&B",
                "MEMO=",
                "-STMTTRN",
                "-OFX"
            ]
        );
    }

    #[test]
    fn xml_and_self_closing() {
        let ev = events(b"<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?>\n<OFX><LEDGERBAL><BALAMT>1</BALAMT><DTASOF/></LEDGERBAL><STATUS/></OFX>").unwrap();
        assert_eq!(
            ev,
            vec![
                "+OFX@3",
                "+LEDGERBAL@3",
                "BALAMT=1",
                "DTASOF=",
                "-LEDGERBAL",
                "+STATUS@3",
                "-STATUS",
                "-OFX"
            ]
        );
    }

    #[test]
    fn known_leaf_without_value_is_empty() {
        let ev = events(b"<OFX><LEDGERBAL><BALAMT>\n<DTASOF>2019</LEDGERBAL></OFX>").unwrap();
        assert_eq!(
            ev,
            vec![
                "+OFX@1",
                "+LEDGERBAL@1",
                "BALAMT=",
                "DTASOF=2019",
                "-LEDGERBAL",
                "-OFX"
            ]
        );
    }

    #[test]
    fn decodes_cp1252_when_not_utf8() {
        let ev = events(b"<OFX><MEMO>Cr\xe9dito \x80</OFX>").unwrap();
        assert_eq!(ev[1], "MEMO=Crédito €");
        let ev = events("<OFX><MEMO>Crédito</OFX>".as_bytes()).unwrap();
        assert_eq!(ev[1], "MEMO=Crédito");
    }

    #[test]
    fn errors() {
        let kind = |b: &[u8]| events(b).unwrap_err().kind;
        assert_eq!(kind(b"hello"), OfxErrorKind::NotOfx);
        assert_eq!(kind(b""), OfxErrorKind::NotOfx);
        assert_eq!(kind(b"<FOO></FOO>"), OfxErrorKind::NotOfx);
        assert_eq!(kind(b"<OFX><STMTTRN>"), OfxErrorKind::Truncated);
        assert_eq!(kind(b"<OFX></STMTTRN></OFX>"), OfxErrorKind::Syntax);
        assert_eq!(kind(b"<OFX>text</OFX>"), OfxErrorKind::Syntax);
        assert_eq!(
            kind(b"OFXHEADER:100\nCOMPRESSION:ZIP\n<OFX></OFX>"),
            OfxErrorKind::BadHeader
        );
        let deep = "<OFX>".to_string() + &"<ACCTINFO>".repeat(100);
        assert_eq!(kind(deep.as_bytes()), OfxErrorKind::TooDeep);
    }

    #[test]
    fn cdata_values_are_text() {
        let ev = events(
            b"<OFX><NAME><![CDATA[EFTPOS WDL HANDYWAY ALDI STORE]]></NAME>\
              <MEMO><![CDATA[a > b & <c>]]><NAME>x &amp; <![CDATA[&amp;]]></OFX>",
        )
        .unwrap();
        assert_eq!(ev[1], "NAME=EFTPOS WDL HANDYWAY ALDI STORE");
        assert_eq!(ev[2], "MEMO=a > b & <c>");
        assert_eq!(ev[3], "NAME=x &&amp;");
    }

    #[test]
    fn unclosed_list_is_closed_by_what_cannot_nest_in_it() {
        let mut r = Reader::new(
            b"<OFX><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT>1<STMTTRN><TRNAMT>2</STMTTRN>\
              <LEDGERBAL><BALAMT>3</LEDGERBAL></BANKTRANLIST></STMTRS></OFX>",
        )
        .unwrap();
        let mut out = Vec::new();
        while let Some((ev, _)) = r.next_event().unwrap() {
            out.push(match ev {
                Event::Open(t) => format!("+{}", t.name().unwrap_or("?")),
                Event::Close(t) => format!("-{}", t.name().unwrap_or("?")),
                Event::Leaf(t, v) => format!("{}={v}", t.name().unwrap_or("?")),
            });
        }
        let want = "+OFX +STMTRS +BANKTRANLIST +STMTTRN TRNAMT=1 -STMTTRN +STMTTRN TRNAMT=2 \
                    -STMTTRN -BANKTRANLIST +LEDGERBAL BALAMT=3 -LEDGERBAL -STMTRS -OFX";
        assert_eq!(out.join(" "), want);
        assert_eq!(r.implicit_closes(), 2);
    }

    #[test]
    fn security_type1_is_read_when_the_body_is_plain() {
        let plain = b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:TYPE1\nENCODING:USASCII\n\n<OFX></OFX>";
        assert_eq!(events(plain).unwrap(), vec!["+OFX@7", "-OFX"]);
        let enc = b"OFXHEADER:100\nSECURITY:TYPE1\n\n\x93\xa1\x07garbage<OFX></OFX>";
        let e = events(enc).unwrap_err();
        assert_eq!(
            (e.kind, e.element, e.line),
            (OfxErrorKind::EncryptedBody, Some("SECURITY"), 4)
        );
        let other = b"OFXHEADER:100\nVERSION:102\nSECURITY:TYPE2\n\n<OFX></OFX>";
        let e = events(other).unwrap_err();
        assert_eq!(
            (e.kind, e.element, e.line),
            (OfxErrorKind::BadHeader, Some("SECURITY"), 3)
        );
        assert!(e.to_string().contains("SECURITY"), "{e}");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&lt;b&gt;&#65;&#x42;&bogus; & x&"),
            "a<b>AB&bogus; & x&"
        );
    }
}
