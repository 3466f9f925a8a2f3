//! The HTTPS transport: one HTTP/1.1 connection at a time over rustls (ring provider), with
//! certificate verification always on (the public Web PKI roots, plus extra roots a test may
//! add; there is no switch to turn verification off), connect and whole-request timeouts, a
//! response size cap, and no redirects followed at all (a 3xx is just a status). The caller
//! keeps the connection between requests of one sync so a backfill pays one TLS handshake.

use super::access::Target;
use super::error::SimpleFinError;
use crate::crypto::secret::SecretString;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, HOST, USER_AGENT};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, ServerName};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// The client presents no certificate (`with_no_client_auth`), so it never loads a private
/// key: with this key loader instead of ring's, rustls's RSA, ECDSA and Ed25519 signing code
/// stays out of the mobile library (about 47 KB). Server certificates are verified as before
/// (the provider's verification algorithms are ring's, unchanged).
#[derive(Debug)]
struct NoClientKeys;

impl rustls::crypto::KeyProvider for NoClientKeys {
    fn load_private_key(
        &self,
        _key: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        Err(rustls::Error::General("this client loads no private key".into()))
    }
}

/// ring's provider (cipher suites, key exchange groups, signature verification), with the
/// key loader that loads no key.
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::CryptoProvider {
        key_provider: &NoClientKeys,
        ..rustls::crypto::ring::default_provider()
    }
}

/// An open connection and where it goes.
pub(crate) struct Conn {
    sender: SendRequest<Empty<Bytes>>,
    host: String,
    port: u16,
}

/// TLS settings and limits shared by every request of a client.
#[derive(Clone)]
pub(crate) struct Transport {
    tls: TlsConnector,
    connect_timeout: Duration,
    request_timeout: Duration,
}

/// A response: status and the whole body.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl Transport {
    /// Builds the TLS client: Web PKI roots when `public_roots`, plus `extra_roots` (DER).
    pub(crate) fn new(
        public_roots: bool,
        extra_roots: &[Vec<u8>],
        connect_timeout: Duration,
        request_timeout: Duration,
    ) -> Result<Transport, SimpleFinError> {
        let mut roots = rustls::RootCertStore::empty();
        if public_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for der in extra_roots {
            roots
                .add(CertificateDer::from(der.clone()))
                .map_err(|_| SimpleFinError::Tls)?;
        }
        let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(provider()))
            // TLS 1.3 only, whatever features other crates of a build turn on: no CBC suites,
            // no RSA key exchange, no renegotiation; the SimpleFIN bridge speaks it, and the
            // mobile library leaves rustls's TLS 1.2 code out (53 KB; docs/security-design.md).
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|_| SimpleFinError::Tls)?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Transport {
            tls: TlsConnector::from(Arc::new(config)),
            connect_timeout,
            request_timeout,
        })
    }

    async fn connect(&self, target: &Target) -> Result<Conn, SimpleFinError> {
        let server_name =
            ServerName::try_from(target.host.clone()).map_err(|_| SimpleFinError::BadAccessUrl)?;
        let tcp = TcpStream::connect((target.host.as_str(), target.port))
            .await
            .map_err(|_| SimpleFinError::Network)?;
        let _ = tcp.set_nodelay(true);
        let tls = self.tls.connect(server_name, tcp).await.map_err(|e| {
            if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) {
                SimpleFinError::Tls
            } else {
                SimpleFinError::Network
            }
        })?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|_| SimpleFinError::Network)?;
        tokio::spawn(async move {
            // Ends when the sender is dropped or the peer closes; errors have nowhere to go.
            let _ = connection.await;
        });
        Ok(Conn {
            sender,
            host: target.host.clone(),
            port: target.port,
        })
    }

    /// Sends one request (reusing `conn` when it is open and goes to the same place) and reads
    /// the whole body, at most `max_body` bytes. The connection is dropped on any error.
    pub(crate) async fn request(
        &self,
        conn: &mut Option<Conn>,
        method: Method,
        target: &Target,
        path_and_query: &str,
        auth: Option<&SecretString>,
        max_body: usize,
    ) -> Result<Response, SimpleFinError> {
        let result = self
            .request_inner(conn, method, target, path_and_query, auth, max_body)
            .await;
        if result.is_err() {
            *conn = None;
        }
        result
    }

    async fn request_inner(
        &self,
        conn: &mut Option<Conn>,
        method: Method,
        target: &Target,
        path_and_query: &str,
        auth: Option<&SecretString>,
        max_body: usize,
    ) -> Result<Response, SimpleFinError> {
        let reusable = conn.as_ref().is_some_and(|c| {
            !c.sender.is_closed() && c.host == target.host && c.port == target.port
        });
        if !reusable {
            *conn = None;
            let fresh = tokio::time::timeout(self.connect_timeout, self.connect(target))
                .await
                .map_err(|_| SimpleFinError::Timeout)??;
            *conn = Some(fresh);
        }
        let c = conn.as_mut().ok_or(SimpleFinError::Network)?;
        let mut builder = Request::builder()
            .method(method)
            .uri(path_and_query)
            .header(HOST, target.host_header())
            .header(USER_AGENT, concat!("tacit/", env!("CARGO_PKG_VERSION")))
            .header(ACCEPT, "application/json");
        if let Some(auth) = auth {
            let mut value =
                HeaderValue::from_str(auth.expose()).map_err(|_| SimpleFinError::BadAccessUrl)?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        let request = builder
            .header(CONTENT_LENGTH, "0")
            .body(Empty::<Bytes>::new())
            .map_err(|_| SimpleFinError::BadAccessUrl)?;
        let exchange = async {
            c.sender
                .ready()
                .await
                .map_err(|_| SimpleFinError::Network)?;
            let response = c
                .sender
                .send_request(request)
                .await
                .map_err(|_| SimpleFinError::Network)?;
            let status = response.status().as_u16();
            let declared = response
                .headers()
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if declared.is_some_and(|n| n > max_body as u64) {
                return Err(SimpleFinError::ResponseTooLarge);
            }
            let collected = Limited::new(response.into_body(), max_body)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        SimpleFinError::ResponseTooLarge
                    } else {
                        SimpleFinError::Network
                    }
                })?;
            Ok(Response {
                status,
                body: collected.to_bytes(),
            })
        };
        tokio::time::timeout(self.request_timeout, exchange)
            .await
            .map_err(|_| SimpleFinError::Timeout)?
    }
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::crypto::KeyProvider;

    /// The transport's provider is ring's except for the key loader, which refuses any key.
    #[test]
    fn the_provider_loads_no_key_and_verifies_as_ring() {
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(vec![0x30, 0x00].into());
        assert!(NoClientKeys.load_private_key(key).is_err());
        let ring = rustls::crypto::ring::default_provider();
        let ours = provider();
        assert_eq!(ours.cipher_suites, ring.cipher_suites);
        assert_eq!(ours.kx_groups.len(), ring.kx_groups.len());
        assert_eq!(
            format!("{:?}", ours.signature_verification_algorithms),
            format!("{:?}", ring.signature_verification_algorithms)
        );
        assert!(Transport::new(true, &[], Duration::from_secs(1), Duration::from_secs(1)).is_ok());
    }
}
