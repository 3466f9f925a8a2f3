//! A small XML reader for ISO 20022 statements: elements (namespace prefixes dropped),
//! attributes, text with the five predefined entities and numeric references, CDATA,
//! comments and processing instructions skipped. A DOCTYPE is refused (no entity expansion,
//! no external fetches). Nesting and size are bounded; every node keeps its line.

use crate::sources::ofx::decode_entities;

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;
/// Most elements accepted.
const MAX_NODES: usize = 4_000_000;

/// One element.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) text: String,
    pub(crate) children: Vec<Node>,
    pub(crate) line: u32,
}

/// Text and attributes are a statement's content (names, amounts, IBANs): `Debug` shows only
/// the element's name, line and shape.
impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("children", &self.children.len())
            .finish_non_exhaustive()
    }
}

impl Node {
    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The node at `path` (child names), when present.
    pub(crate) fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, p| n.child(p))
    }

    /// The trimmed text at `path`, when present and not empty.
    pub(crate) fn text_at(&self, path: &[&str]) -> Option<&str> {
        self.at(path)
            .map(|n| n.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// An attribute's value.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why the XML could not be read, with the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum XmlError {
    Syntax(u32),
    Truncated(u32),
    TooLarge(u32),
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Parses `text` into its root element.
#[cfg(test)]
pub(crate) fn parse(text: &str) -> Result<Node, XmlError> {
    parse_with(text, |_, node| Ok(Some(node)))
}

/// Parses `text`, handing every element that closes inside another to `closed` with its
/// open ancestors (the root first): it returns the element to attach to its parent, or
/// `None` to leave it out of the tree (an element read and done with, so that a long
/// statement is never held whole). Returns the root.
pub(crate) fn parse_with<E: From<XmlError>>(
    text: &str,
    mut closed: impl FnMut(&[Node], Node) -> Result<Option<Node>, E>,
) -> Result<Node, E> {
    let b = text.as_bytes();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut stack: Vec<Node> = Vec::new();
    let mut nodes = 0usize;
    let lines_in =
        |s: &str| u32::try_from(s.bytes().filter(|&c| c == b'\n').count()).unwrap_or(u32::MAX);
    loop {
        let Some(rest) = text.get(i..) else {
            return Err(XmlError::Syntax(line).into());
        };
        if rest.is_empty() {
            return Err(XmlError::Truncated(line).into());
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = rest.get(..end).unwrap_or("");
            match stack.last_mut() {
                Some(top) => top.text.push_str(&decode_entities(chunk)),
                None if chunk.trim().is_empty() => {}
                None => return Err(XmlError::Syntax(line).into()),
            }
            line = line.saturating_add(lines_in(chunk));
            i += end;
            continue;
        }
        let skip = |open: &str, close: &str| -> Option<usize> {
            rest.strip_prefix(open)?;
            rest.get(open.len()..)?
                .find(close)
                .map(|p| p + open.len() + close.len())
        };
        if let Some(n) = skip("<?", "?>").or_else(|| skip("<!--", "-->")) {
            line = line.saturating_add(lines_in(rest.get(..n).unwrap_or("")));
            i += n;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let n = skip("<![CDATA[", "]]>").ok_or(XmlError::Truncated(line))?;
            let content = rest.get(9..n - 3).unwrap_or("");
            if let Some(top) = stack.last_mut() {
                top.text.push_str(content);
            }
            line = line.saturating_add(lines_in(content));
            i += n;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return Err(XmlError::Syntax(line).into()); // DOCTYPE, or an unterminated PI/comment
        }
        let end = tag_end(b, i).ok_or(XmlError::Truncated(line))?;
        let tag = text.get(i + 1..end).ok_or(XmlError::Syntax(line))?;
        let tag_line = line;
        line = line.saturating_add(lines_in(tag));
        i = end + 1;
        if let Some(name) = tag.strip_prefix('/') {
            let node = stack.pop().ok_or(XmlError::Syntax(tag_line))?;
            if local(name.trim()) != node.name {
                return Err(XmlError::Syntax(tag_line).into());
            }
            if stack.is_empty() {
                return Ok(node);
            }
            if let Some(node) = closed(&stack, node)? {
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            continue;
        }
        let self_close = tag.ends_with('/');
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let node = element(tag, tag_line)?;
        nodes += 1;
        if stack.len() >= MAX_DEPTH || nodes > MAX_NODES {
            return Err(XmlError::TooLarge(tag_line).into());
        }
        if self_close {
            if stack.is_empty() {
                return Ok(node);
            }
            if let Some(node) = closed(&stack, node)? {
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
        } else {
            stack.push(node);
        }
    }
}

/// The index of the `>` ending the tag that starts at `start`, skipping quoted values.
fn tag_end(b: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &c) in b.iter().enumerate().skip(start + 1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return Some(k),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// A start tag's name and attributes.
fn element(tag: &str, line: u32) -> Result<Node, XmlError> {
    let tag = tag.trim();
    let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let name = tag.get(..name_end).unwrap_or("");
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return Err(XmlError::Syntax(line));
    }
    let mut attrs = Vec::new();
    let mut rest = tag.get(name_end..).unwrap_or("").trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or(XmlError::Syntax(line))?;
        let key = rest.get(..eq).unwrap_or("").trim();
        let after = rest.get(eq + 1..).unwrap_or("").trim_start();
        let q = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or(XmlError::Syntax(line))?;
        let close = after
            .get(1..)
            .and_then(|a| a.find(q))
            .ok_or(XmlError::Syntax(line))?;
        let value = after.get(1..close + 1).unwrap_or("");
        attrs.push((local(key).to_string(), decode_entities(value)));
        rest = after.get(close + 2..).unwrap_or("").trim_start();
    }
    Ok(Node {
        name: local(name).to_string(),
        attrs,
        line,
        ..Node::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let n = parse("<?xml version=\"1.0\"?>\n<!-- c -->\n<a:Doc xmlns:a=\"x\">\n <Amt Ccy=\"EUR\">1.50</Amt><E/><T>x &amp; <![CDATA[<y>]]></T></a:Doc>").unwrap();
        assert_eq!(n.name, "Doc");
        let amt = n.child("Amt").unwrap();
        assert_eq!(
            (amt.text.as_str(), amt.attr("Ccy"), amt.line),
            ("1.50", Some("EUR"), 4)
        );
        assert_eq!(n.text_at(&["T"]), Some("x & <y>"));
        assert!(n.child("E").is_some());
    }

    #[test]
    fn refuses_broken_xml() {
        assert_eq!(parse("<a><b></a>"), Err(XmlError::Syntax(1)));
        assert_eq!(parse("<a>\n<b>"), Err(XmlError::Truncated(2)));
        assert!(matches!(
            parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>"),
            Err(XmlError::Syntax(_))
        ));
        assert!(matches!(
            parse(&"<a>".repeat(100)),
            Err(XmlError::TooLarge(_))
        ));
        assert!(matches!(parse("text<a/>"), Err(XmlError::Syntax(_))));
    }

    proptest! {
        #[test]
        fn never_panics(s in "[<>/a-c=\"' !?\\[\\]\n&;x-]{0,60}") {
            let _ = parse(&s);
        }
    }
}
