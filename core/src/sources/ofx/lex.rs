//! Byte-level tokenizer for OFX bodies, shared by 1.x (SGML) and 2.x (XML). It splits the bytes
//! into start tags, end tags, self-closing tags and text, skips processing instructions,
//! comments and declarations, and tracks 1-based line numbers across CRLF, LF and CR-only line
//! ends. It never panics and never allocates: tokens borrow the input.

use super::error::{OfxError, OfxErrorKind};

/// How a CDATA section starts.
const CDATA_OPEN: &[u8] = b"<![CDATA[";

/// Longest element name accepted.
const MAX_NAME: usize = 64;

/// One lexical token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// `<NAME>` (attributes, if any, are ignored).
    Start(&'a [u8]),
    /// `</NAME>`.
    End(&'a [u8]),
    /// `<NAME/>`.
    SelfClose(&'a [u8]),
    /// Text between tags, trimmed of surrounding white space; never empty.
    Text(&'a [u8]),
    /// The content of a `<![CDATA[...]]>` section, as it is (no entities; `<`, `>` and `&`
    /// inside it are text). Possibly empty.
    CData(&'a [u8]),
    /// End of input.
    Eof,
}

/// The tokenizer state.
#[derive(Debug)]
pub(crate) struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
    line: u32,
    /// Whether the previous byte consumed was a CR (so a following LF is the same line end).
    after_cr: bool,
}

impl<'a> Lexer<'a> {
    /// A tokenizer over `buf`, whose first byte is on line `line`.
    pub(crate) fn new(buf: &'a [u8], line: u32) -> Lexer<'a> {
        Lexer {
            buf,
            pos: 0,
            line,
            after_cr: false,
        }
    }

    /// Where the token `tok` starts within the input, when it borrows from it.
    pub(crate) fn offset_of(&self, tok: &[u8]) -> Option<usize> {
        (tok.as_ptr() as usize).checked_sub(self.buf.as_ptr() as usize)
    }

    /// The current line (1-based).
    pub(crate) fn line(&self) -> u32 {
        self.line
    }

    /// Advances over `n` bytes, counting line ends (LF, CR, and CRLF once, also when a CRLF
    /// straddles two calls). One scalar pass: the slices are short (a tag, a value and its
    /// line end), where vectorised counting costs more in setup than it saves.
    fn advance(&mut self, n: usize) {
        let end = self.pos.saturating_add(n).min(self.buf.len());
        let slice = self.buf.get(self.pos..end).unwrap_or(&[]);
        self.pos = end;
        let mut lines: u32 = 0;
        let mut after_cr = self.after_cr;
        for &b in slice {
            match b {
                b'\n' => {
                    lines = lines.saturating_add(u32::from(!after_cr));
                    after_cr = false;
                }
                b'\r' => {
                    lines = lines.saturating_add(1);
                    after_cr = true;
                }
                _ => after_cr = false,
            }
        }
        self.line = self.line.saturating_add(lines);
        self.after_cr = after_cr;
    }

    fn err(&self, kind: OfxErrorKind) -> OfxError {
        OfxError::new(kind, None, self.line)
    }

    /// Position of `needle` at or after `from`, if any.
    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let hay = self.buf.get(from..)?;
        if needle.is_empty() || hay.len() < needle.len() {
            return None;
        }
        hay.windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    }

    /// The next token and the line it starts on.
    pub(crate) fn next_token(&mut self) -> Result<(Tok<'a>, u32), OfxError> {
        loop {
            let rest = self.buf.get(self.pos..).unwrap_or(&[]);
            let Some(&first) = rest.first() else {
                return Ok((Tok::Eof, self.line));
            };
            if first != b'<' {
                let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
                let raw = rest.get(..len).unwrap_or(&[]);
                let lead = raw.iter().take_while(|b| is_space(**b)).count();
                let body = trim_end(raw.get(lead..).unwrap_or(&[]));
                if body.is_empty() {
                    self.advance(len);
                    continue;
                }
                self.advance(lead);
                let line = self.line;
                self.advance(len - lead);
                return Ok((Tok::Text(body), line));
            }
            let line = self.line;
            match rest.get(1) {
                Some(b'?') => {
                    let end = self
                        .find(self.pos + 2, b"?>")
                        .ok_or(self.err(OfxErrorKind::Truncated))?;
                    self.advance(end + 2 - self.pos);
                }
                Some(b'!') if rest.starts_with(CDATA_OPEN) => {
                    let from = self.pos + CDATA_OPEN.len();
                    let end = self
                        .find(from, b"]]>")
                        .ok_or(self.err(OfxErrorKind::Truncated))?;
                    let content = self.buf.get(from..end).unwrap_or(&[]);
                    self.advance(end + 3 - self.pos);
                    return Ok((Tok::CData(content), line));
                }
                Some(b'!') => {
                    let end = if rest.starts_with(b"<!--") {
                        self.find(self.pos + 4, b"-->").map(|p| p + 3)
                    } else {
                        self.find(self.pos + 2, b">").map(|p| p + 1)
                    };
                    let end = end.ok_or(self.err(OfxErrorKind::Truncated))?;
                    self.advance(end - self.pos);
                }
                Some(b'/') => {
                    let (name, used) = tag_body(rest.get(2..).unwrap_or(&[]))
                        .map_err(|k| OfxError::new(k, None, line))?;
                    if name.self_close {
                        return Err(OfxError::new(OfxErrorKind::Syntax, None, line));
                    }
                    self.advance(2 + used);
                    return Ok((Tok::End(name.name), line));
                }
                Some(_) => {
                    let (name, used) = tag_body(rest.get(1..).unwrap_or(&[]))
                        .map_err(|k| OfxError::new(k, None, line))?;
                    self.advance(1 + used);
                    let tok = if name.self_close {
                        Tok::SelfClose(name.name)
                    } else {
                        Tok::Start(name.name)
                    };
                    return Ok((tok, line));
                }
                None => return Err(OfxError::new(OfxErrorKind::Truncated, None, line)),
            }
        }
    }
}

struct TagName<'a> {
    name: &'a [u8],
    self_close: bool,
}

/// Reads `NAME [attributes] [/]>` from just after `<` or `</`; returns the name and how many
/// bytes the tag used, including the `>`.
fn tag_body(s: &[u8]) -> Result<(TagName<'_>, usize), OfxErrorKind> {
    let name_len = s.iter().take_while(|b| is_name_byte(**b)).count();
    if name_len == 0 || name_len > MAX_NAME {
        return Err(OfxErrorKind::Syntax);
    }
    if !s.first().is_some_and(|b| b.is_ascii_alphabetic()) {
        return Err(OfxErrorKind::Syntax);
    }
    let name = s.get(..name_len).unwrap_or(&[]);
    let mut i = name_len;
    loop {
        match s.get(i) {
            None => return Err(OfxErrorKind::Truncated),
            Some(b'>') => {
                let self_close = i > 0 && s.get(i - 1) == Some(&b'/');
                return Ok((TagName { name, self_close }, i + 1));
            }
            Some(b'<') => return Err(OfxErrorKind::Syntax),
            Some(b'/') => i += 1,
            Some(b) if is_space(*b) || i > name_len => i += 1,
            Some(_) => return Err(OfxErrorKind::Syntax),
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':')
}

/// ASCII white space as OFX files use it (space, tab, CR, LF, form feed, vertical tab).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

/// `s` without trailing white space.
pub(crate) fn trim_end(s: &[u8]) -> &[u8] {
    let keep = s.len() - s.iter().rev().take_while(|b| is_space(**b)).count();
    s.get(..keep).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Result<Vec<(Tok<'_>, u32)>, OfxError> {
        let mut lx = Lexer::new(input, 1);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token()?;
            if t.0 == Tok::Eof {
                return Ok(out);
            }
            out.push(t);
        }
    }

    #[test]
    fn splits_tags_and_text() {
        let toks = all(b"<OFX>\n<CODE>0\n</OFX>").unwrap();
        assert_eq!(
            toks,
            vec![
                (Tok::Start(b"OFX"), 1),
                (Tok::Start(b"CODE"), 2),
                (Tok::Text(b"0"), 2),
                (Tok::End(b"OFX"), 3)
            ]
        );
    }

    #[test]
    fn counts_cr_only_and_crlf_lines() {
        let toks = all(b"<A>\r<B>x\r\n<C>\n\n<D/>").unwrap();
        let lines: Vec<u32> = toks.iter().map(|t| t.1).collect();
        assert_eq!(lines, vec![1, 2, 2, 3, 5]);
        assert_eq!(toks[4].0, Tok::SelfClose(b"D"));
    }

    #[test]
    fn crlf_split_across_tokens_counts_once() {
        let toks = all(b"<A>x\r\n\r\n<B>y\r<C>\n\n<D>").unwrap();
        let lines: Vec<u32> = toks.iter().map(|t| t.1).collect();
        assert_eq!(lines, vec![1, 1, 3, 3, 4, 6]);
    }

    #[test]
    fn skips_prolog_and_comments() {
        let toks = all(b"<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?><!-- c --><OFX>").unwrap();
        assert_eq!(toks, vec![(Tok::Start(b"OFX"), 1)]);
    }

    #[test]
    fn cdata_is_text_with_markup_inside() {
        let toks = all(b"<NAME><![CDATA[A <b> & C]]></NAME><MEMO><![CDATA[]]>").unwrap();
        assert_eq!(toks[1].0, Tok::CData(b"A <b> & C"));
        assert_eq!(toks[2].0, Tok::End(b"NAME"));
        assert_eq!(toks[4].0, Tok::CData(b""));
        assert_eq!(
            all(b"<NAME><![CDATA[open").unwrap_err().kind,
            OfxErrorKind::Truncated
        );
    }

    #[test]
    fn trims_text() {
        let toks = all(b"<NAME>  Joe's  Shop \t\r\n</NAME>").unwrap();
        assert_eq!(toks[1].0, Tok::Text(b"Joe's  Shop"));
    }

    #[test]
    fn rejects_broken_tags() {
        assert_eq!(all(b"<OFX").unwrap_err().kind, OfxErrorKind::Truncated);
        assert_eq!(all(b"<>").unwrap_err().kind, OfxErrorKind::Syntax);
        assert_eq!(all(b"<A<B>").unwrap_err().kind, OfxErrorKind::Syntax);
        assert_eq!(all(b"\n\n<1A>").unwrap_err().line, 3);
        assert_eq!(all(b"<!-- x").unwrap_err().kind, OfxErrorKind::Truncated);
        assert_eq!(all(b"<").unwrap_err().kind, OfxErrorKind::Truncated);
    }
}
