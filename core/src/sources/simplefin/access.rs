//! SimpleFIN credentials: the setup token a user pastes (base64 of a one-time claim URL) and
//! the Access URL it is exchanged for (`https://user:pass@host/path`, a bearer credential to
//! the user's bank data). The Access URL lives only in [`SecretString`]s, never prints, and
//! leaves this module only as secret bytes for the vault.

use super::base64;
use super::error::SimpleFinError;
use crate::crypto::secret::{SecretBytes, SecretString};
use crate::model::SourceId;
use std::fmt;

/// Where a request goes: host, port and base path of an `https://` URL. Not printed either:
/// the host can identify the user's bank or self-hosted bridge.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Host name or IP address (IPv6 without brackets).
    pub(crate) host: String,
    /// TCP port (443 unless given).
    pub(crate) port: u16,
    /// Path without a trailing slash ("" for the root), still percent-encoded.
    pub(crate) path: String,
}

impl Target {
    /// The `Host` header value.
    pub(crate) fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 443 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Target(<redacted>)")
    }
}

/// A parsed `https://` URL: optional user and password (percent-decoded) and the target.
struct ParsedUrl {
    userinfo: Option<(String, String)>,
    target: Target,
}

/// Parses an absolute `https://` URL without query or fragment. `bad` is the error for
/// anything malformed; `http://` is always [`SimpleFinError::NotHttps`].
fn parse_https(text: &str, bad: SimpleFinError) -> Result<ParsedUrl, SimpleFinError> {
    let text = text.trim();
    let lower_prefix = text.get(..8).map(str::to_ascii_lowercase);
    if text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
    {
        return Err(SimpleFinError::NotHttps);
    }
    if lower_prefix.as_deref() != Some("https://") {
        return Err(bad);
    }
    let rest = text.get(8..).ok_or(bad)?;
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) || rest.contains(['?', '#']) {
        return Err(bad);
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).ok_or(bad)?, rest.get(i..).ok_or(bad)?),
        None => (rest, ""),
    };
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (
            Some(authority.get(..i).ok_or(bad)?),
            authority.get(i + 1..).ok_or(bad)?,
        ),
        None => (None, authority),
    };
    let userinfo = match userinfo {
        None => None,
        Some(ui) => {
            let (u, p) = ui.split_once(':').ok_or(bad)?;
            let user = percent_decode(u).ok_or(bad)?;
            let pass = percent_decode(p).ok_or(bad)?;
            if user.is_empty() {
                return Err(bad);
            }
            Some((user, pass))
        }
    };
    let (host, port) = split_host_port(hostport).ok_or(bad)?;
    let path = path.trim_end_matches('/').to_owned();
    Ok(ParsedUrl {
        userinfo,
        target: Target { host, port, path },
    })
}

fn split_host_port(hostport: &str) -> Option<(String, u16)> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        if !h
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
            || h.is_empty()
        {
            return None;
        }
        (h, after.strip_prefix(':'))
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let valid_host = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b':');
    if !valid_host {
        return None;
    }
    let port = match port {
        None => 443,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u16>().ok().filter(|p| *p != 0)?
        }
        Some(_) => return None,
    };
    Some((host.to_ascii_lowercase(), port))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded setup token: the one-time claim URL. Redacted in `Debug` (whoever holds it
/// can claim the user's Access URL).
#[derive(Clone)]
pub struct ClaimUrl {
    pub(crate) target: Target,
}

impl ClaimUrl {
    /// Decodes a pasted setup token (base64 of an `https://` claim URL; white space allowed).
    pub fn from_setup_token(token: &str) -> Result<ClaimUrl, SimpleFinError> {
        let raw = base64::decode(token).ok_or(SimpleFinError::BadSetupToken)?;
        let text = String::from_utf8(raw).map_err(|_| SimpleFinError::BadSetupToken)?;
        let parsed = parse_https(&text, SimpleFinError::BadSetupToken)?;
        if parsed.userinfo.is_some() || parsed.target.path.is_empty() {
            return Err(SimpleFinError::BadSetupToken);
        }
        Ok(ClaimUrl {
            target: parsed.target,
        })
    }
}

impl fmt::Debug for ClaimUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaimUrl(<redacted>)")
    }
}

/// A SimpleFIN Access URL: the long-lived credential to a user's bank data. Held only in
/// zeroizing secret containers; `Debug` is redacted and there is no `Display`. Store it in
/// the vault via [`AccessUrl::to_secret_bytes`].
#[derive(Clone)]
pub struct AccessUrl {
    url: SecretString,
    user: SecretString,
    password: SecretString,
    pub(crate) target: Target,
}

impl AccessUrl {
    /// Parses `https://user:pass@host[:port]/path`. Plain `http://` is refused with
    /// [`SimpleFinError::NotHttps`]; anything else malformed with
    /// [`SimpleFinError::BadAccessUrl`].
    pub fn parse(text: &str) -> Result<AccessUrl, SimpleFinError> {
        let parsed = parse_https(text, SimpleFinError::BadAccessUrl)?;
        let (user, password) = parsed.userinfo.ok_or(SimpleFinError::BadAccessUrl)?;
        Ok(AccessUrl {
            url: SecretString::new(text.trim().to_owned()),
            user: SecretString::new(user),
            password: SecretString::new(password),
            target: parsed.target,
        })
    }

    /// The URL as secret bytes, for the vault.
    pub fn to_secret_bytes(&self) -> SecretBytes {
        SecretBytes::new(self.url.expose().as_bytes().to_vec())
    }

    /// Rebuilds an Access URL from bytes the vault stored with [`AccessUrl::to_secret_bytes`].
    pub fn from_secret_bytes(bytes: &SecretBytes) -> Result<AccessUrl, SimpleFinError> {
        let text = std::str::from_utf8(bytes.expose()).map_err(|_| SimpleFinError::BadAccessUrl)?;
        AccessUrl::parse(text)
    }

    /// An opaque, stable id for this connection: `simplefin:` and 16 hex digits of SHA-256 over
    /// host, port and user name (never the password), so re-claiming the same connection maps
    /// to the same accounts and the id reveals neither bank nor user.
    pub fn source_id(&self) -> SourceId {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        ctx.update(b"tacit/simplefin/source/v1\0");
        ctx.update(self.target.host.as_bytes());
        ctx.update(b"\0");
        ctx.update(&self.target.port.to_be_bytes());
        ctx.update(self.user.expose().as_bytes());
        let digest = ctx.finish();
        let mut id = String::from("simplefin:");
        for b in digest.as_ref().iter().take(8) {
            id.push_str(&format!("{b:02x}"));
        }
        SourceId(id)
    }

    /// The `Authorization` header value (HTTP Basic from the URL's user info).
    pub(crate) fn basic_auth(&self) -> SecretString {
        let mut raw =
            String::with_capacity(self.user.expose().len() + self.password.expose().len() + 1);
        raw.push_str(self.user.expose());
        raw.push(':');
        raw.push_str(self.password.expose());
        let raw = SecretString::new(raw);
        SecretString::new(format!("Basic {}", base64::encode(raw.expose().as_bytes())))
    }
}

impl fmt::Debug for AccessUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessUrl(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_access_url() {
        let a = AccessUrl::parse("https://user123:pass456@bridge.simplefin.org/simplefin").unwrap();
        assert_eq!(a.target.host, "bridge.simplefin.org");
        assert_eq!(a.target.port, 443);
        assert_eq!(a.target.path, "/simplefin");
        assert_eq!(a.basic_auth().expose(), "Basic dXNlcjEyMzpwYXNzNDU2");
        let b = AccessUrl::parse("https://u:p%40ss@127.0.0.1:8443/").unwrap();
        assert_eq!(b.target.port, 8443);
        assert_eq!(b.target.path, "");
        assert_eq!(b.password.expose(), "p@ss");
        assert_eq!(b.target.host_header(), "127.0.0.1:8443");
        let v6 = AccessUrl::parse("https://u:p@[::1]:9/x").unwrap();
        assert_eq!(v6.target.host, "::1");
        assert_eq!(v6.target.host_header(), "[::1]:9");
    }

    #[test]
    fn refuses_bad_urls() {
        assert_eq!(
            AccessUrl::parse("http://u:p@h/x").unwrap_err(),
            SimpleFinError::NotHttps
        );
        assert_eq!(
            AccessUrl::parse("HTTP://u:p@h/x").unwrap_err(),
            SimpleFinError::NotHttps
        );
        for bad in [
            "",
            "https://",
            "https://h/x",
            "https://u:p@/x",
            "https://u:p@h:0/",
            "https://u:p@h:99999/",
            "https://u:p@h/x?y=1",
            "ftp://u:p@h",
            "https://u:p@h x/",
            "https://:p@h/",
            "https://u:p@h:/",
        ] {
            assert_eq!(
                AccessUrl::parse(bad).unwrap_err(),
                SimpleFinError::BadAccessUrl,
                "{bad}"
            );
        }
    }

    #[test]
    fn setup_token_decodes_to_claim_url() {
        let t = "aHR0cHM6Ly9icmlkZ2Uuc2ltcGxlZmluLm9yZy9zaW1wbGVmaW4vY2xhaW0vZGVtbw==";
        let c = ClaimUrl::from_setup_token(t).unwrap();
        assert_eq!(c.target.path, "/simplefin/claim/demo");
        assert_eq!(
            ClaimUrl::from_setup_token("not a token").unwrap_err(),
            SimpleFinError::BadSetupToken
        );
        let http = base64::encode(b"http://bridge/claim/x");
        assert_eq!(
            ClaimUrl::from_setup_token(&http).unwrap_err(),
            SimpleFinError::NotHttps
        );
    }

    #[test]
    fn secrets_never_print_and_round_trip() {
        let a = AccessUrl::parse("https://alice:hunter2@bank.example/sf").unwrap();
        let shown = format!("{a:?} {:?} {:?}", a.to_secret_bytes(), a.source_id());
        assert!(!shown.contains("hunter2") && !shown.contains("alice") && !shown.contains("bank"));
        let back = AccessUrl::from_secret_bytes(&a.to_secret_bytes()).unwrap();
        assert_eq!(back.source_id(), a.source_id());
        assert!(!a.source_id().as_str().contains("alice"));
        let other = AccessUrl::parse("https://alice:other@bank.example/sf").unwrap();
        assert_eq!(
            other.source_id(),
            a.source_id(),
            "password is not part of the id"
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC*") {
            let _ = AccessUrl::parse(&s);
            let _ = ClaimUrl::from_setup_token(&s);
            let _ = AccessUrl::parse(&format!("https://{s}"));
        }
    }
}
