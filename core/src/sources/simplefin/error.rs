//! The one error type of the SimpleFIN source. Each variant names what went wrong in terms the
//! app can act on, and none carries data: no URL, password, host, account or bank message can
//! reach a log through it.

use std::fmt;

/// Why a SimpleFIN claim or sync failed. Carries no input data (no URL, host, credential or
/// bank error text), so it is safe to log and to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimpleFinError {
    /// Claiming the setup token was refused (403): it does not exist or was already claimed,
    /// possibly by someone else. The user should disable the token at the bridge.
    TokenCompromised,
    /// The setup token is not base64 of an `https://` claim URL.
    BadSetupToken,
    /// The access URL is not a well-formed `https://user:pass@host/path`.
    BadAccessUrl,
    /// A URL used plain `http://`: SimpleFIN is only ever spoken over TLS.
    NotHttps,
    /// The bridge refused the credentials on `/accounts` (401 or 403): access was revoked or
    /// the access URL is wrong. Not retried.
    AuthFailed,
    /// The bridge wants payment (402). Not retried.
    PaymentRequired,
    /// Any other unexpected HTTP status (after retries for 5xx).
    Http(u16),
    /// A connection could not be made or broke (after retries).
    Network,
    /// Connecting or the whole request took longer than the configured limit (after retries).
    Timeout,
    /// TLS failed: most often the server's certificate did not verify.
    Tls,
    /// The response was larger than the configured cap.
    ResponseTooLarge,
    /// The response could not be read; the text says which part, never what it held.
    Malformed(&'static str),
    /// The bridge reported only general errors (`gen.*`, or v1 `errors`) and no usable data.
    Bridge,
    /// The caller cancelled the operation.
    Cancelled,
}

impl SimpleFinError {
    /// Whether trying the same request again later may succeed (5xx, network, timeout).
    pub fn is_transient(&self) -> bool {
        match self {
            SimpleFinError::Http(status) => (500..600).contains(status),
            SimpleFinError::Network | SimpleFinError::Timeout => true,
            _ => false,
        }
    }
}

impl fmt::Display for SimpleFinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimpleFinError::TokenCompromised => f.write_str(
                "the SimpleFIN setup token was refused: it may have been used by someone else; \
                 disable it at your SimpleFIN bridge and create a new one",
            ),
            SimpleFinError::BadSetupToken => f.write_str("this is not a SimpleFIN setup token"),
            SimpleFinError::BadAccessUrl => f.write_str("the SimpleFIN access URL is not valid"),
            SimpleFinError::NotHttps => f.write_str("SimpleFIN URLs must use https"),
            SimpleFinError::AuthFailed => {
                f.write_str("SimpleFIN refused the credentials: access was revoked or is wrong")
            }
            SimpleFinError::PaymentRequired => {
                f.write_str("the SimpleFIN bridge requires payment for this connection")
            }
            SimpleFinError::Http(status) => write!(f, "SimpleFIN answered with HTTP {status}"),
            SimpleFinError::Network => f.write_str("could not reach SimpleFIN"),
            SimpleFinError::Timeout => f.write_str("SimpleFIN did not answer in time"),
            SimpleFinError::Tls => {
                f.write_str("secure connection to SimpleFIN failed (certificate not trusted?)")
            }
            SimpleFinError::ResponseTooLarge => f.write_str("SimpleFIN response too large"),
            SimpleFinError::Malformed(what) => write!(f, "SimpleFIN response malformed: {what}"),
            SimpleFinError::Bridge => {
                f.write_str("the SimpleFIN bridge reported an error and returned no data")
            }
            SimpleFinError::Cancelled => f.write_str("SimpleFIN sync cancelled"),
        }
    }
}

impl std::error::Error for SimpleFinError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_classification() {
        assert!(SimpleFinError::Http(503).is_transient());
        assert!(SimpleFinError::Network.is_transient());
        assert!(SimpleFinError::Timeout.is_transient());
        assert!(!SimpleFinError::Http(404).is_transient());
        assert!(!SimpleFinError::AuthFailed.is_transient());
        assert!(!SimpleFinError::Tls.is_transient());
        assert!(!SimpleFinError::Malformed("json").is_transient());
    }
}
