//! The facade: one person's Tacit profile. It ties the stages together (source → normalise →
//! vault → fraud → alerts; chat → intent → vault → render → egress → ledger) and is what the
//! CLI and the FFI layer call. Everything in it is `Send + Sync`: one mutex guards the vault
//! and the assistant, so calls from many threads are serialised rather than racing.

use crate::alerts::{self, AlertRecord};
use crate::assistant::{Assistant, AssistantError, Reply, Settings};
use crate::bridge_trust::TrustRoots;
use crate::clock::{Clock, SystemClock};
use crate::crypto::wrap::KeyWrapper;
use crate::egress::DisclosureLevel;
use crate::error::Error;
use crate::fraud::FraudEngine;
use crate::fraud_watch;
use crate::ingest::{
    ingest_ofx_chunked, ingest_statement_chunked, ingest_with, statement_report_stored,
    ChunkedError, IngestReport, StatementReport,
};
use crate::ledger;
use crate::model::{SourceId, Transaction};
use crate::reconcile::ReconcilePolicy;
use crate::render::money_fmt::Locale;
use crate::sources::host_feed::validate_host_batch;
use crate::sources::statement::StatementOptions;
use crate::sources::ImportBatch;
use crate::time::{local_date, Date, Timestamp};
use crate::vault::{OpenOptions, Vault};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

const PREFS: &str = "prefs";

#[derive(Serialize, Deserialize)]
struct Prefs {
    level: String,
    locale: String,
    utc_offset_minutes: i32,
}

struct Inner {
    vault: Vault,
    assistant: Assistant,
    settings: Settings,
    engine: FraudEngine,
}

/// What an ingest did, and the fraud alerts it raised in the chat ("Was this you?"), each
/// already checked by the egress guard and recorded in the ledger, ready for the host to send.
#[derive(Debug)]
pub struct IngestOutcome {
    /// Counts.
    pub report: IngestReport,
    /// One message per new suspicious episode.
    pub alerts: Vec<Reply>,
    /// For a statement file: its format, what was folded or skipped, and its self-check.
    pub statement: Option<StatementReport>,
}

fn feed_back(inner: &mut Inner, reply: &Reply) -> Result<(), Error> {
    if let Some((id, legit)) = &reply.answered_alert {
        if let Some(alert) = alerts::get(&inner.vault, id)? {
            fraud_watch::feedback(&mut inner.vault, &inner.engine, &alert, *legit)?;
        }
    }
    Ok(())
}

/// Stores `settings` (the offset clamped to ±14 h, every real zone, in memory as in the
/// vault) and rebuilds what depends on them. Called with the profile's lock held.
fn store_settings(i: &mut Inner, settings: Settings) -> Result<(), Error> {
    let settings = Settings {
        utc_offset_minutes: settings.utc_offset_minutes.clamp(-14 * 60, 14 * 60),
        ..settings
    };
    let prefs = Prefs {
        level: settings.level.as_str().into(),
        locale: settings.locale.as_str().into(),
        utc_offset_minutes: settings.utc_offset_minutes,
    };
    let bytes = serde_json::to_vec(&prefs).map_err(|_| Error::InvalidInput("preferences"))?;
    i.vault.write(|w| w.put_setting(PREFS, None, &bytes))?;
    i.vault.ensure_digest(settings.utc_offset_minutes)?;
    i.settings = settings;
    // A new UTC offset regroups the summary's months: rebuild it now, not in a reply.
    i.assistant.warm(&i.vault, &settings)?;
    Ok(())
}

/// One person's profile: their vault and assistant, and the clock they are read against.
pub struct Profile {
    inner: Mutex<Option<Inner>>,
    clock: Arc<dyn Clock>,
    /// Extra roots trusted for this profile's SimpleFIN connections (memory only).
    trust: TrustRoots,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Profile(<redacted>)")
    }
}

fn load_settings(vault: &Vault) -> Result<Settings, Error> {
    let Some(bytes) = vault.setting(PREFS)? else {
        return Ok(Settings::default());
    };
    let p: Prefs = serde_json::from_slice(bytes.expose())
        .map_err(|_| crate::vault::VaultError::Corrupt("preferences do not decode"))?;
    Ok(Settings {
        level: DisclosureLevel::parse(&p.level).unwrap_or_default(),
        locale: Locale::parse(&p.locale),
        utc_offset_minutes: p.utc_offset_minutes.clamp(-14 * 60, 14 * 60),
    })
}

impl Profile {
    /// Opens the profile at `path`, creating the vault if there is none. Its clock is the
    /// device's ([`SystemClock`]).
    pub fn open(
        path: &Path,
        wrapper: &dyn KeyWrapper,
        options: OpenOptions,
    ) -> Result<Profile, Error> {
        Profile::open_with_clock(path, wrapper, options, Arc::new(SystemClock))
    }

    /// Opens the profile with its own clock (a [`crate::clock::FixedClock`] in tests and in
    /// demos pinned to a day): [`Profile::now`] and everything derived from it read `clock`.
    pub fn open_with_clock(
        path: &Path,
        wrapper: &dyn KeyWrapper,
        options: OpenOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Profile, Error> {
        Profile::from_vault(Vault::open_or_create(path, wrapper, options)?, clock)
    }

    /// The profile over an opened vault.
    pub(crate) fn from_vault(mut vault: Vault, clock: Arc<dyn Clock>) -> Result<Profile, Error> {
        let settings = load_settings(&vault)?;
        // The digest the summary reads groups months in the person's offset; a vault written
        // before digests gets one here (the migration's full pass, once).
        vault.ensure_digest(settings.utc_offset_minutes)?;
        let engine = FraudEngine::new()
            .map_err(|_| Error::InvalidInput("the built-in fraud model failed to load"))?;
        let inner = Inner {
            vault,
            assistant: Assistant::default(),
            settings,
            engine,
        };
        Ok(Profile {
            inner: Mutex::new(Some(inner)),
            clock,
            trust: TrustRoots::default(),
        })
    }

    /// "Now" for this profile: the instant every caller passes as `now` (the CLI and the FFI
    /// read it here, never from the system clock).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Today's date in the profile's UTC offset.
    pub fn today(&self) -> Result<Date, Error> {
        let offset = self.settings()?.utc_offset_minutes;
        Ok(local_date(self.now(), offset))
    }

    fn lock(&self) -> Result<MutexGuard<'_, Option<Inner>>, Error> {
        // A panic while holding the lock poisons it; the vault's own state is transactional,
        // so continuing with the inner value is safe.
        Ok(self.inner.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> Result<T, Error>) -> Result<T, Error> {
        let mut guard = self.lock()?;
        let inner = guard.as_mut().ok_or(Error::Closed)?;
        f(inner)
    }

    /// The reply preferences.
    pub fn settings(&self) -> Result<Settings, Error> {
        self.with(|i| Ok(i.settings))
    }

    /// Changes the reply preferences (stored encrypted in the vault). To change one field
    /// while other threads may change others, use [`Profile::update_settings`].
    pub fn set_settings(&self, settings: Settings) -> Result<(), Error> {
        self.with(|i| store_settings(i, settings))
    }

    /// Reads, changes and stores the reply preferences under one lock, so that concurrent
    /// updates of different fields (a level from one thread, a locale from another) never
    /// lose each other. Returns the settings as stored (the offset clamped to ±14 h).
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, Error> {
        self.with(|i| {
            let mut s = i.settings;
            change(&mut s);
            store_settings(i, s)?;
            Ok(i.settings)
        })
    }

    /// Answers a chat message (a typed YES or NO answers the alert waiting for one).
    pub fn handle_message(&self, text: &str, now: Timestamp) -> Result<Reply, Error> {
        self.with(|i| {
            let settings = i.settings;
            let reply = i
                .assistant
                .handle_message(&mut i.vault, text, now, &settings)?;
            feed_back(i, &reply)?;
            Ok(reply)
        })
    }

    /// Handles a tapped quick reply.
    pub fn on_quick_reply(&self, token: &str, now: Timestamp) -> Result<Reply, Error> {
        self.with(|i| {
            let settings = i.settings;
            let reply = i
                .assistant
                .on_quick_reply(&mut i.vault, token, now, &settings)?;
            feed_back(i, &reply)?;
            Ok(reply)
        })
    }

    /// Answers an alert directly (the app's own YES/NO buttons).
    pub fn answer_alert(
        &self,
        alert_id: &str,
        legit: bool,
        now: Timestamp,
    ) -> Result<Reply, Error> {
        self.with(|i| {
            let settings = i.settings;
            let reply = i
                .assistant
                .answer_alert(&mut i.vault, alert_id, legit, now, &settings)?;
            feed_back(i, &reply)?;
            Ok(reply)
        })
    }

    /// Sets the cardholder's home (micro-degrees) for the far-from-home fraud signals.
    pub fn set_home(&self, lat_e6: i32, lon_e6: i32) -> Result<(), Error> {
        self.with(|i| {
            Ok(i.vault
                .write(|w| fraud_watch::set_home(w, lat_e6, lon_e6))?)
        })
    }

    /// Raises the open alert `alert_id` in the chat ("Was this you?"), looked up and raised
    /// under one lock; an id that is not an open alert is [`AssistantError::NoSuchAlert`].
    pub fn raise_alert_by_id(&self, alert_id: &str, now: Timestamp) -> Result<Reply, Error> {
        self.with(|i| {
            let alert = alerts::open(&i.vault)?
                .into_iter()
                .find(|a| a.id == alert_id)
                .ok_or(AssistantError::NoSuchAlert)?;
            let settings = i.settings;
            Ok(i.assistant
                .raise_alert(&mut i.vault, &alert, now, &settings)?)
        })
    }

    /// Also trusts `der` (an X.509 root certificate) for this profile's SimpleFIN connections,
    /// in memory only; the policy is [`TrustRoots::add`]'s.
    pub fn trust_bridge_certificate(&self, der: Vec<u8>) -> Result<(), Error> {
        self.trust.add(der)
    }

    /// A SimpleFIN client for this profile: the public roots and the ones added by
    /// [`Profile::trust_bridge_certificate`].
    pub fn simplefin_client(&self) -> Result<crate::sources::simplefin::SimpleFinClient, Error> {
        self.trust.client()
    }

    /// Raises an alert in the chat ("Was this you?").
    pub fn raise_alert(&self, alert: &AlertRecord, now: Timestamp) -> Result<Reply, Error> {
        self.with(|i| {
            let settings = i.settings;
            Ok(i.assistant
                .raise_alert(&mut i.vault, alert, now, &settings)?)
        })
    }

    /// Alerts waiting for an answer.
    pub fn open_alerts(&self) -> Result<Vec<AlertRecord>, Error> {
        self.with(|i| Ok(alerts::open(&i.vault)?))
    }

    /// Stores a batch from any source, reconciled, and scores its new purchases for fraud, in
    /// one vault write; then raises the new alerts in the chat.
    pub fn ingest(&self, batch: &ImportBatch, now: Timestamp) -> Result<IngestOutcome, Error> {
        self.ingest_by(now, |vault, hook| {
            let policy = ReconcilePolicy::default();
            Ok((ingest_with(vault, batch, now, &policy, hook)?, ()))
        })
        .map(|(outcome, ())| outcome)
    }

    /// Runs one ingest (`run`, given the vault and the fraud hook), then raises the new
    /// alerts in the chat, warms the summary and checkpoints.
    fn ingest_by<T>(
        &self,
        now: Timestamp,
        run: impl FnOnce(&mut Vault, &mut FraudHook<'_>) -> Result<(IngestReport, T), Error>,
    ) -> Result<(IngestOutcome, T), Error> {
        self.with(|i| {
            let home = fraud_watch::home(&i.vault)?;
            // Inserted, not collected: a collected map compiles its own sort, here once
            // per `ingest_by` instance.
            let mut sources = std::collections::BTreeMap::<String, SourceId>::new();
            for a in i.vault.accounts()? {
                sources.insert(a.id.0, a.source);
            }
            let mut hook = FraudHook {
                engine: &i.engine,
                sources,
                home: &home,
                offset_minutes: i.settings.utc_offset_minutes,
                now,
                raised: Vec::new(),
            };
            let (report, extra) = run(&mut i.vault, &mut hook)?;
            let raised = hook.raised;
            let settings = i.settings;
            let mut alerts = Vec::with_capacity(raised.len());
            for a in &raised {
                alerts.push(i.assistant.raise_alert(&mut i.vault, a, now, &settings)?);
            }
            // Outside any reply: rebuild the assistant's summary for the new data and copy
            // the write-ahead log into the main file, so neither lands in the next reply.
            i.assistant.warm(&i.vault, &settings)?;
            i.vault.checkpoint()?;
            Ok((
                IngestOutcome {
                    report,
                    alerts,
                    statement: None,
                },
                extra,
            ))
        })
    }

    /// Imports a statement file in any supported format (OFX/QFX, CAMT.053, CSV, QIF),
    /// picked from its content. A file that names no account (CSV, most QIF) is refused with
    /// [`Error::Statement`] whose [`StatementError::needs_account`] is true: ask the person
    /// which account it is and call [`Profile::import_statement_with`] with that name.
    ///
    /// [`StatementError::needs_account`]: crate::sources::statement::StatementError::needs_account
    pub fn import_statement(&self, bytes: &[u8], now: Timestamp) -> Result<IngestOutcome, Error> {
        self.import_statement_with(bytes, &StatementOptions::default(), now)
    }

    /// [`Profile::import_statement`] with the choices CSV and QIF files need; the outcome
    /// carries the statement's self-check against its own balance. For a CSV file with an
    /// account and no mapping, the mapping saved for that account is used; a mapping given
    /// with an account is saved for it once the import succeeds
    /// ([`crate::sources::statement_maps`]).
    pub fn import_statement_with(
        &self,
        bytes: &[u8],
        options: &StatementOptions,
        now: Timestamp,
    ) -> Result<IngestOutcome, Error> {
        use crate::sources::{statement, statement_maps};
        let csv = statement::detect(bytes) == Some(statement::StatementFormat::Csv);
        let account = options
            .account
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let mut chosen = options.clone();
        if let (true, Some(a), None) = (csv, account, &options.csv_map) {
            chosen.csv_map = self.with(|i| Ok(statement_maps::saved(&i.vault, a)?))?;
        }
        let prior = self.with(|i| Ok(i.vault.accounts()?))?;
        let outcome = if statement::detect(bytes) == Some(statement::StatementFormat::Ofx) {
            // Read, reconciled and stored in chunks: a statement of years in bounded memory.
            let (mut outcome, file) = self.ingest_by(now, |vault, hook| {
                let policy = ReconcilePolicy::default();
                let size = crate::ingest::STATEMENT_CHUNK;
                match ingest_ofx_chunked(vault, bytes, size, now, &policy, hook) {
                    Ok(done) => Ok(done),
                    Err(ChunkedError::Ofx(e)) => Err(e.into()),
                    Err(ChunkedError::Statement(e)) => Err(e.into()),
                    Err(ChunkedError::Vault(e)) => Err(e.into()),
                }
            })?;
            let report = self.with(|i| Ok(statement_report_stored(&file, &prior, &i.vault)?))?;
            outcome.statement = Some(report);
            outcome
        } else {
            // CSV, QIF, CAMT.053: read, reconciled and stored in chunks too.
            let (mut outcome, file) = self.ingest_by(now, |vault, hook| {
                let policy = ReconcilePolicy::default();
                let size = crate::ingest::STATEMENT_CHUNK;
                match ingest_statement_chunked(vault, bytes, &chosen, size, now, &policy, hook) {
                    Ok(done) => Ok(done),
                    Err(ChunkedError::Statement(e)) => Err(e.into()),
                    Err(ChunkedError::Ofx(e)) => Err(e.into()),
                    Err(ChunkedError::Vault(e)) => Err(e.into()),
                }
            })?;
            let report = self.with(|i| Ok(statement_report_stored(&file, &prior, &i.vault)?))?;
            outcome.statement = Some(report);
            outcome
        };
        if let (true, Some(a), Some(spec)) = (csv, account, &options.csv_map) {
            self.with(|i| Ok(statement_maps::save(&mut i.vault, a, spec)?))?;
        }
        Ok(outcome)
    }

    /// Stores accounts and transactions the host app already has (FinanceKit, bank
    /// notifications), validated like any other source.
    pub fn push_host_batch(
        &self,
        batch: ImportBatch,
        now: Timestamp,
    ) -> Result<IngestOutcome, Error> {
        let batch = validate_host_batch(batch, now)?;
        self.ingest(&batch, now)
    }

    /// The outbound ledger as JSON lines, after verifying its chain.
    pub fn export_ledger(&self) -> Result<String, Error> {
        self.with(|i| Ok(ledger::export_jsonl(&i.vault)?))
    }

    /// Verifies the ledger chain; returns the number of entries.
    pub fn verify_ledger(&self) -> Result<usize, Error> {
        self.with(|i| Ok(ledger::verified_entries(&i.vault)?.len()))
    }

    /// Forgets one bank: credentials, accounts, transactions, alerts, state.
    pub fn forget_source(&self, source: &SourceId) -> Result<usize, Error> {
        self.with(|i| Ok(i.vault.forget_source(source)?))
    }

    /// Runs `f` with the vault: core's own modules only (sync). Hosts and the CLI read through
    /// the typed methods below; nothing outside core gets a `&mut Vault`, so nothing outside
    /// core can write a record or a ledger entry around the release path.
    pub(crate) fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.with(|i| f(&mut i.vault))
    }

    /// Raw vault access for the test suites (feature `test-support`, which neither the mobile
    /// library nor the CLI enables: CI checks their dependency trees).
    #[cfg(feature = "test-support")]
    pub fn test_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.with_vault(f)
    }

    /// The stored accounts (the person's own data, for the app's screens).
    pub fn accounts(&self) -> Result<Vec<crate::model::Account>, Error> {
        self.with(|i| Ok(i.vault.accounts()?))
    }

    /// The stored transactions matching `filter` (for the app's screens).
    pub fn transactions(
        &self,
        filter: &crate::vault::TxnFilter,
    ) -> Result<Vec<crate::model::Transaction>, Error> {
        self.with(|i| Ok(i.vault.transactions(filter)?))
    }

    /// The sources that have a stored credential (no secret: only their ids).
    pub fn linked_sources(&self) -> Result<Vec<SourceId>, Error> {
        self.with(|i| {
            Ok(i.vault
                .credentials()?
                .into_iter()
                .map(|(source, _secret)| source)
                .collect())
        })
    }

    /// Folds the write-ahead log into the vault file; returns SQLite's (log frames, frames
    /// checkpointed).
    pub fn checkpoint(&self) -> Result<(i64, i64), Error> {
        self.with(|i| Ok(i.vault.checkpoint()?))
    }

    /// Closes the profile; later calls fail with [`Error::Closed`]. Closing twice is fine.
    pub fn close(&self) -> Result<(), Error> {
        let taken = self.lock()?.take();
        let closed = match taken {
            Some(inner) => inner.vault.close(),
            None => Ok(()),
        };
        // Decrypting and answering left plaintext in dead stack frames below this one.
        crate::crypto::secret::scrub_stack();
        Ok(closed?)
    }

    /// Destroys everything: the vault and its files. Later calls (and a second wipe) fail
    /// with [`Error::Closed`].
    pub fn wipe(&self) -> Result<(), Error> {
        let taken = self.lock()?.take();
        match taken {
            Some(inner) => Ok(inner.vault.wipe()?),
            None => Err(Error::Closed),
        }
    }
}

/// The fraud engine as an ingest hook: states read in the write, scoring on a second thread
/// while the transactions are written, states and alerts stored in the same write.
struct FraudHook<'a> {
    engine: &'a crate::fraud::FraudEngine,
    sources: std::collections::BTreeMap<String, SourceId>,
    home: &'a crate::fraud::Profile,
    offset_minutes: i32,
    now: Timestamp,
    raised: Vec<AlertRecord>,
}

impl crate::ingest::IngestHook for FraudHook<'_> {
    type Input = std::collections::BTreeMap<String, crate::fraud::CardState>;
    type Output = Vec<fraud_watch::Assessed>;

    fn read(
        &mut self,
        w: &crate::vault::WriteTx<'_>,
        new: &[&Transaction],
    ) -> crate::vault::Result<Self::Input> {
        fraud_watch::load_states(w, new)
    }

    fn compute(&self, input: Self::Input, new: &[&Transaction]) -> Self::Output {
        fraud_watch::assess_all(
            self.engine,
            input,
            new,
            self.home,
            self.offset_minutes,
            fraud_watch::judge_from(self.now),
        )
    }

    fn write(
        &mut self,
        w: &mut crate::vault::WriteTx<'_>,
        new: &[&Transaction],
        output: Self::Output,
    ) -> crate::vault::Result<()> {
        // Extended, not replaced: a statement read in chunks writes once per chunk.
        let raised = fraud_watch::store(w, output, new, &self.sources, self.now)?;
        self.raised.extend(raised);
        Ok(())
    }

    fn accounts(&mut self, accounts: &[crate::model::Account]) {
        for a in accounts {
            self.sources.insert(a.id.0.clone(), a.source.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::SecretKey;
    use crate::crypto::wrap::TestKeyWrapper;

    /// A temporary directory with a profile path in it, and a test key wrapper.
    fn place() -> (tempfile::TempDir, std::path::PathBuf, TestKeyWrapper) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        (
            dir,
            path,
            TestKeyWrapper::new(SecretKey::from_bytes([3; 32])),
        )
    }

    /// An out-of-range UTC offset is clamped in memory as in the vault, so the summary never
    /// groups months by an offset no zone has.
    #[test]
    fn offsets_are_clamped_to_real_zones() {
        let (_dir, path, w) = place();
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        let mut s = p.settings().unwrap();
        s.utc_offset_minutes = 100_000;
        p.set_settings(s).unwrap();
        assert_eq!(p.settings().unwrap().utc_offset_minutes, 14 * 60);
        p.close().unwrap();
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        assert_eq!(p.settings().unwrap().utc_offset_minutes, 14 * 60);
    }

    /// Concurrent read-modify-write updates never lose each other: four threads each add 1 to
    /// the offset 50 times (a lost update would leave less than 200), while another thread
    /// changes the level, which must survive them too.
    #[test]
    fn concurrent_setting_updates_lose_nothing() {
        let (_dir, path, w) = place();
        let p = Arc::new(Profile::open(&path, &w, OpenOptions::default()).unwrap());
        const THREADS: i32 = 4;
        const ROUNDS: i32 = 50;
        let mut handles: Vec<_> = (0..THREADS)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || {
                    for _ in 0..ROUNDS {
                        p.update_settings(|s| s.utc_offset_minutes += 1).unwrap();
                    }
                })
            })
            .collect();
        let q = p.clone();
        handles.push(std::thread::spawn(move || {
            for n in 0..ROUNDS {
                let l = if n % 2 == 0 {
                    DisclosureLevel::Summary
                } else {
                    DisclosureLevel::Full
                };
                q.update_settings(|s| s.level = l).unwrap();
            }
        }));
        for h in handles {
            h.join().unwrap();
        }
        let check = |s: Settings| {
            assert_eq!(s.utc_offset_minutes, THREADS * ROUNDS, "no update lost");
            assert_eq!(s.level, DisclosureLevel::Full);
        };
        check(p.settings().unwrap());
        p.close().unwrap();
        // And as stored in the vault.
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        check(p.settings().unwrap());
    }

    #[test]
    fn raising_an_unknown_alert_is_typed() {
        let (_dir, path, w) = place();
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        assert!(matches!(
            p.raise_alert_by_id("nope", 0),
            Err(Error::Assistant(AssistantError::NoSuchAlert))
        ));
        assert!(matches!(
            p.trust_bridge_certificate(b"junk".to_vec()),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn calls_after_close_or_wipe_are_typed_closed() {
        let (_dir, path, w) = place();
        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        assert!(p.settings().is_ok());
        p.close().unwrap();
        p.close().unwrap();
        assert!(matches!(p.settings(), Err(Error::Closed)));
        assert!(matches!(p.handle_message("hi", 0), Err(Error::Closed)));
        assert!(matches!(p.wipe(), Err(Error::Closed)));
        assert_eq!(Error::Closed.to_string(), "the profile was closed or wiped");

        let p = Profile::open(&path, &w, OpenOptions::default()).unwrap();
        p.wipe().unwrap();
        assert!(matches!(p.open_alerts(), Err(Error::Closed)));
    }
}
