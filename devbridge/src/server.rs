//! A SimpleFIN bridge on 127.0.0.1 for tests and benchmarks: real HTTPS with a certificate
//! authority created at start-up, Basic auth, a one-time claim endpoint, `start-date` /
//! `end-date` / `pending` honoured, and injectable faults (5xx bursts, slowness, truncated
//! JSON, refused claims, `errlist` entries, re-issued ids, pending charges that post under new
//! ids) that can be changed between requests. Data is given as core model values and
//! converted to SimpleFIN JSON (sign kept: both are the holder's view; decimal strings;
//! `posted = 0` while pending).

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tacit_core::model::{Account, Transaction, TxnStatus};
use tacit_core::money::format_decimal;

/// The data a server serves: accounts and their transactions (matched by `Transaction::account`).
#[derive(Clone, Debug, Default)]
pub struct ServerData {
    /// Accounts; the part of `id` after the last `/` becomes the SimpleFIN account id.
    pub accounts: Vec<Account>,
    /// Transactions; the part of `id` after the last `#` becomes the SimpleFIN id.
    pub transactions: Vec<Transaction>,
}

/// Faults to inject; change them between requests with [`SimpleFinServer::set_faults`].
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// The next this many `/accounts` requests answer 500 (counts down).
    pub fail_500: u32,
    /// Each `/accounts` response waits this long before answering.
    pub delay: Option<Duration>,
    /// With `delay`: only the `/accounts` requests from this one on (1-based) wait; 0 = all.
    pub delay_from: usize,
    /// Serve only the first half of the JSON (with a matching Content-Length).
    pub truncate_json: bool,
    /// The claim endpoint answers 403.
    pub claim_403: bool,
    /// `/accounts` answers this status with a v1 error body (401, 402, 403...).
    pub accounts_status: Option<u16>,
    /// `errlist` carries `con.auth` for the first connection (its accounts still listed).
    pub con_auth: bool,
    /// `errlist` carries `act.unavailable` for this SimpleFIN account id, which is left out.
    pub act_error: Option<String>,
    /// When non-zero, every transaction id gets the suffix `~g<n>` (the bridge re-issuing ids).
    pub rotate_ids: u32,
    /// Pending transactions are served posted, a day later, under the id `<id>-posted`.
    pub post_pending: bool,
}

/// What [`SimpleFinServer::subscribe`] reports about `/accounts` requests (numbered from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestEvent {
    /// The request arrived (before any delay).
    InFlight(usize),
    /// The client went away before the answer was sent (hyper dropped the handler).
    Abandoned(usize),
}

/// Sends `Abandoned` when dropped before `done`: a handler future hyper drops because its
/// client disconnected.
struct AbandonGuard<'a> {
    st: &'a State,
    number: usize,
    done: bool,
}

impl Drop for AbandonGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            if let Some(tx) = self.st.events.lock().unwrap().as_ref() {
                let _ = tx.send(RequestEvent::Abandoned(self.number));
            }
        }
    }
}

/// One request the server saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// `start-date`, when given.
    pub start: Option<i64>,
    /// `end-date`, when given.
    pub end: Option<i64>,
    /// Whether `pending=1` was asked.
    pub pending: bool,
    /// `version`, when given.
    pub version: Option<String>,
    /// Whether Basic auth matched.
    pub authorized: bool,
}

struct Prepared {
    accounts: Vec<WireAcct>,
    connections: Vec<(String, String)>,
}

struct WireAcct {
    id: String,
    name: String,
    conn_id: String,
    institution: String,
    currency: String,
    balance: String,
    available: Option<String>,
    balance_date: i64,
    txns: Vec<WireTxnSrc>,
}

struct WireTxnSrc {
    id: String,
    date_key: i64,
    posted: i64,
    transacted_at: i64,
    amount: String,
    description: String,
    payee: Option<String>,
}

struct State {
    data: Prepared,
    faults: Mutex<Faults>,
    log: Mutex<Vec<SeenRequest>>,
    /// Told each `/accounts` request as it arrives, and when its client gives up on it.
    events: Mutex<Option<std::sync::mpsc::Sender<RequestEvent>>>,
    auth_header: String,
    claim_path: String,
    claimed: AtomicBool,
    access_url: String,
}

/// A running loopback SimpleFIN server; stops when dropped.
pub struct SimpleFinServer {
    addr: SocketAddr,
    ca_der: Vec<u8>,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for SimpleFinServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimpleFinServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

const BASE: &str = "/simplefin";
const USER: &str = "tacit-user";

/// A password drawn for one server: 16 random bytes as hex. Nothing fixed, so an Access URL
/// of one bridge never opens another.
fn fresh_password() -> String {
    let mut bytes = [0u8; 16];
    if tacit_core::crypto::fill_random(&mut bytes).is_err() {
        // A developer tool without an OS random source: still distinct per port and time.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        bytes.copy_from_slice(&t.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn raw_after(s: &str, sep: char) -> String {
    s.rsplit(sep).next().unwrap_or(s).to_owned()
}

fn prepare(data: &ServerData) -> Prepared {
    let mut connections: Vec<(String, String)> = Vec::new();
    let mut by_account: BTreeMap<&str, Vec<&Transaction>> = BTreeMap::new();
    for t in &data.transactions {
        by_account.entry(t.account.as_str()).or_default().push(t);
    }
    let accounts = data
        .accounts
        .iter()
        .map(|a| {
            let conn_id = match connections
                .iter()
                .position(|(_, name)| *name == a.institution)
            {
                Some(i) => format!("CON-{i}"),
                None => {
                    connections.push((format!("CON-{}", connections.len()), a.institution.clone()));
                    format!("CON-{}", connections.len() - 1)
                }
            };
            let exp = a.currency.exponent();
            let mut txns: Vec<WireTxnSrc> = by_account
                .get(a.id.as_str())
                .map(|v| v.as_slice())
                .unwrap_or(&[])
                .iter()
                .map(|t| {
                    let posted = match t.status {
                        TxnStatus::Pending => 0,
                        TxnStatus::Posted => t.posted_at.unwrap_or(t.transacted_at),
                    };
                    WireTxnSrc {
                        id: raw_after(t.id.as_str(), '#'),
                        date_key: if posted == 0 { t.transacted_at } else { posted },
                        posted,
                        transacted_at: t.transacted_at,
                        amount: format_decimal(t.amount, t.currency.exponent()),
                        description: t.description.clone(),
                        payee: t.merchant.clone(),
                    }
                })
                .collect();
            txns.sort_by_key(|t| t.date_key);
            WireAcct {
                id: raw_after(a.id.as_str(), '/'),
                name: a.display_name.clone(),
                conn_id,
                institution: a.institution.clone(),
                currency: a.currency.code().to_owned(),
                balance: format_decimal(a.balance.map_or(0, |b| b.minor), exp),
                available: a.available.map(|b| format_decimal(b.minor, exp)),
                balance_date: a.balance.map_or(0, |b| b.as_of),
                txns,
            }
        })
        .collect();
    Prepared {
        accounts,
        connections,
    }
}

/// Standard base64 with padding (the tests crate's own, for tokens and auth headers).
pub fn base64_encode(input: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in input.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// A test certificate authority and a server certificate for 127.0.0.1 / localhost.
fn make_certs() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Tacit Test CA");
    ca_params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let leaf_params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca).unwrap();
    (
        ca.der().to_vec(),
        leaf.der().to_vec(),
        leaf_key.serialize_der(),
    )
}

impl SimpleFinServer {
    /// Starts a server on 127.0.0.1 (an ephemeral port) on its own thread and runtime.
    pub fn start(data: &ServerData) -> SimpleFinServer {
        Self::start_on(data, 0).unwrap()
    }

    /// Starts a server on 127.0.0.1:`port` (0: an ephemeral one); fails when the port is taken.
    pub fn start_on(data: &ServerData, port: u16) -> std::io::Result<SimpleFinServer> {
        Self::start_with_versions(data, port, rustls::DEFAULT_VERSIONS)
    }

    /// Starts a server that speaks only TLS 1.2: Tacit's client (TLS 1.3 only) must refuse it.
    pub fn start_tls12_only(data: &ServerData) -> SimpleFinServer {
        Self::start_with_versions(data, 0, &[&rustls::version::TLS12]).unwrap()
    }

    fn start_with_versions(
        data: &ServerData,
        port: u16,
        versions: &[&'static rustls::SupportedProtocolVersion],
    ) -> std::io::Result<SimpleFinServer> {
        let (ca_der, leaf_der, key_der) = make_certs();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(leaf_der)],
                PrivatePkcs8KeyDer::from(key_der).into(),
            )
            .unwrap();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));

        let std_listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let pass = fresh_password();
        let state = Arc::new(State {
            data: prepare(data),
            faults: Mutex::new(Faults::default()),
            log: Mutex::new(Vec::new()),
            events: Mutex::new(None),
            auth_header: format!(
                "Basic {}",
                base64_encode(format!("{USER}:{pass}").as_bytes())
            ),
            claim_path: format!("{BASE}/claim/one-time-{}", addr.port()),
            claimed: AtomicBool::new(false),
            access_url: format!("https://{USER}:{pass}@127.0.0.1:{}{BASE}", addr.port()),
        });
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                loop {
                    let accepted = tokio::select! {
                        _ = &mut stopped => break,
                        a = listener.accept() => a,
                    };
                    let Ok((tcp, _)) = accepted else { continue };
                    let _ = tcp.set_nodelay(true);
                    let acceptor = acceptor.clone();
                    let st = st.clone();
                    tokio::spawn(async move {
                        let Ok(tls) = acceptor.accept(tcp).await else {
                            return;
                        };
                        let service = hyper::service::service_fn(move |req| {
                            let st = st.clone();
                            async move { Ok::<_, Infallible>(handle(&st, req).await) }
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(tls), service)
                            .await;
                    });
                }
            });
        });
        Ok(SimpleFinServer {
            addr,
            ca_der,
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The test CA certificate (DER) to trust in the client.
    pub fn ca_der(&self) -> Vec<u8> {
        self.ca_der.clone()
    }

    /// The Access URL (with credentials) of this server.
    pub fn access_url(&self) -> String {
        self.state.access_url.clone()
    }

    /// The same Access URL with another password (to test refused credentials).
    pub fn access_url_with_password(&self, password: &str) -> String {
        let url = &self.state.access_url;
        match (url.find("tacit-user:"), url.find('@')) {
            (Some(at), Some(end)) => {
                format!(
                    "{}{password}{}",
                    &url[..at + "tacit-user:".len()],
                    &url[end..]
                )
            }
            _ => url.clone(),
        }
    }

    /// A setup token (base64 claim URL) for this server; claimable once.
    pub fn setup_token(&self) -> String {
        let url = format!(
            "https://127.0.0.1:{}{}",
            self.addr.port(),
            self.state.claim_path
        );
        base64_encode(url.as_bytes())
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Changes the faults for the following requests.
    pub fn set_faults(&self, change: impl FnOnce(&mut Faults)) {
        change(&mut self.state.faults.lock().unwrap());
    }

    /// Requests seen so far.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.state.log.lock().unwrap().clone()
    }

    /// Events about `/accounts` requests: each one as it arrives, before any delay (so a test
    /// can wait for "request N is in flight" instead of sleeping), and each one its client
    /// abandoned. A new subscription replaces the previous one.
    pub fn subscribe(&self) -> std::sync::mpsc::Receiver<RequestEvent> {
        let (tx, rx) = std::sync::mpsc::channel();
        *self.state.events.lock().unwrap() = Some(tx);
        rx
    }

    /// The `/accounts` requests seen so far.
    pub fn account_requests(&self) -> Vec<SeenRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/accounts"))
            .collect()
    }
}

impl Drop for SimpleFinServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn reply(status: u16, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r
}

async fn handle(st: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_owned();
    let mut seen = SeenRequest {
        method: req.method().to_string(),
        path: path.clone(),
        start: None,
        end: None,
        pending: false,
        version: None,
        authorized: req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            == Some(st.auth_header.as_str()),
    };
    for pair in req.uri().query().unwrap_or("").split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "start-date" => seen.start = v.parse().ok(),
            "end-date" => seen.end = v.parse().ok(),
            "pending" => seen.pending = v == "1",
            "version" => seen.version = Some(v.to_owned()),
            _ => {}
        }
    }
    st.log.lock().unwrap().push(seen.clone());
    let faults = st.faults.lock().unwrap().clone();
    if req.method() == Method::POST && path == st.claim_path {
        if faults.claim_403 || st.claimed.swap(true, Ordering::SeqCst) {
            return reply(403, "<html>Forbidden</html>");
        }
        return reply(200, st.access_url.clone());
    }
    if req.method() != Method::GET || path != format!("{BASE}/accounts") {
        return reply(404, "not found");
    }
    let number = st
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path.ends_with("/accounts"))
        .count();
    if let Some(tx) = st.events.lock().unwrap().as_ref() {
        let _ = tx.send(RequestEvent::InFlight(number));
    }
    let mut guard = AbandonGuard {
        st,
        number,
        done: false,
    };
    if let Some(d) = faults.delay.filter(|_| number >= faults.delay_from) {
        tokio::time::sleep(d).await;
    }
    guard.done = true;
    if faults.fail_500 > 0 {
        st.faults.lock().unwrap().fail_500 -= 1;
        return reply(500, "internal error");
    }
    if !seen.authorized {
        return reply(403, "<html>Forbidden</html>");
    }
    if let Some(s) = faults.accounts_status {
        return reply(s, r#"{"errors":["Nope."],"accounts":[]}"#);
    }
    let body = render(&st.data, &faults, &seen);
    if faults.truncate_json {
        return reply(200, body[..body.len() / 2].to_vec());
    }
    reply(200, body)
}

#[derive(Serialize)]
struct OutSet<'a> {
    errors: Vec<&'a str>,
    errlist: Vec<OutErr<'a>>,
    connections: Vec<OutConn<'a>>,
    accounts: Vec<OutAcct<'a>>,
}

#[derive(Serialize)]
struct OutErr<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    conn_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
}

#[derive(Serialize)]
struct OutConn<'a> {
    conn_id: &'a str,
    name: &'a str,
    org_name: &'a str,
    sfin_url: &'a str,
}

#[derive(Serialize)]
struct OutOrg<'a> {
    name: &'a str,
    #[serde(rename = "sfin-url")]
    sfin_url: &'a str,
}

#[derive(Serialize)]
struct OutAcct<'a> {
    org: OutOrg<'a>,
    id: &'a str,
    name: &'a str,
    conn_id: &'a str,
    currency: &'a str,
    balance: &'a str,
    #[serde(rename = "available-balance", skip_serializing_if = "Option::is_none")]
    available: Option<&'a str>,
    #[serde(rename = "balance-date")]
    balance_date: i64,
    transactions: Vec<OutTxn<'a>>,
}

#[derive(Serialize)]
struct OutTxn<'a> {
    id: std::borrow::Cow<'a, str>,
    posted: i64,
    amount: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payee: Option<&'a str>,
    transacted_at: i64,
    pending: bool,
}

fn render(data: &Prepared, faults: &Faults, seen: &SeenRequest) -> Vec<u8> {
    let sfin_url = "https://127.0.0.1/simplefin";
    let mut set = OutSet {
        errors: Vec::new(),
        errlist: Vec::new(),
        connections: Vec::new(),
        accounts: Vec::new(),
    };
    for (id, name) in &data.connections {
        set.connections.push(OutConn {
            conn_id: id,
            name,
            org_name: name,
            sfin_url,
        });
    }
    if faults.con_auth {
        if let Some((id, _)) = data.connections.first() {
            set.errlist.push(OutErr {
                code: "con.auth",
                message: "Bank needs you to sign in again (secret detail 99887766)",
                conn_id: Some(id),
                account_id: None,
            });
        }
    }
    let start = seen.start.unwrap_or(i64::MIN);
    let end = seen.end.unwrap_or(i64::MAX);
    for a in &data.accounts {
        if faults.act_error.as_deref() == Some(a.id.as_str()) {
            set.errlist.push(OutErr {
                code: "act.unavailable",
                message: "Account temporarily unavailable",
                conn_id: Some(&a.conn_id),
                account_id: Some(&a.id),
            });
            continue;
        }
        let first = a.txns.partition_point(|t| t.date_key < start);
        let mut txns = Vec::new();
        for t in a.txns[first..].iter().take_while(|t| t.date_key < end) {
            let pending = t.posted == 0;
            if pending && !seen.pending && !faults.post_pending {
                continue;
            }
            let (mut id, posted, is_pending) = if pending && faults.post_pending {
                (
                    std::borrow::Cow::Owned(format!("{}-posted", t.id)),
                    t.transacted_at + 86_400,
                    false,
                )
            } else {
                (std::borrow::Cow::Borrowed(t.id.as_str()), t.posted, pending)
            };
            if faults.rotate_ids > 0 {
                id = std::borrow::Cow::Owned(format!("{id}~g{}", faults.rotate_ids));
            }
            txns.push(OutTxn {
                id,
                posted,
                amount: &t.amount,
                description: &t.description,
                payee: t.payee.as_deref(),
                transacted_at: t.transacted_at,
                pending: is_pending,
            });
        }
        set.accounts.push(OutAcct {
            org: OutOrg {
                name: &a.institution,
                sfin_url,
            },
            id: &a.id,
            name: &a.name,
            conn_id: &a.conn_id,
            currency: &a.currency,
            balance: &a.balance,
            available: a.available.as_deref(),
            balance_date: a.balance_date,
            transactions: txns,
        });
    }
    serde_json::to_vec(&set).unwrap()
}
