//! `TacitProfile`: core's [`Profile`] facade for Kotlin and Swift.
//!
//! Translation only: every method converts its arguments, reads "now" from the profile's
//! clock (core's one clock seam; core functions take `now`), calls the one core function, and
//! converts the result and the error. The object is `Send + Sync`; core's profile holds one
//! mutex, so calls from many threads are serialised on the profile rather than racing.
//!
//! Suspend-first (issue 16): every method touches SQLite or the host's keystore, so every
//! method is `async` (Kotlin `suspend fun`, Swift `async`) and runs on the runtime's blocking
//! pool ([`run_blocking`]), never on the caller's thread; a panic becomes `Internal`. Java
//! callers use the blocking twins of the hand-written `TacitBlocking.kt`.
//!
//! Closing (issue 16: one close semantics): [`TacitProfile::close_vault`] closes the vault once
//! the call in flight (if any) ends; every later call on the object fails with the typed
//! `Closed`, as after `wipe`. Kotlin apps use the hand-written `TacitProfile`
//! (`bindings/kotlin/src/ext/kotlin/dev/tacit/TacitProfile.kt`), whose `close()` / `use {}`
//! calls it and keeps the generated handle (renamed `TacitProfileHandle` for Kotlin in
//! `uniffi.toml`) alive, so later calls reach Rust and get `Closed` rather than uniffi's
//! `IllegalStateException`; the handle itself is freed when the object is collected. Swift:
//! `closeVault()`, or the last reference going away.
//!
//! Rollback: a host that passes a [`GenerationStore`] to [`open_profile`] gets `Rollback` when
//! an older copy of the vault file is opened (see `generation.rs`).

use crate::error::TacitError;
use crate::generation::{GenerationStore, HostGenerationStore};
use crate::keywrap::{HostKeyWrapper, KeyWrapper};
#[cfg(test)]
use crate::records::QuickReplyKind;
use crate::records::{AlertInfo, ChatReply, DisclosureLevel, HostBatch, ImportSummary};
use crate::runtime::run_blocking;
use std::fmt;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use tacit_core::model::SourceId;
use tacit_core::profile::Profile;
use tacit_core::ImportBatch;
use tacit_core::Locale;
use tacit_core::OpenOptions;

/// One person's Tacit profile: an encrypted vault on this device and the chat assistant.
#[derive(uniffi::Object)]
pub struct TacitProfile {
    pub(crate) inner: Arc<Profile>,
}

impl fmt::Debug for TacitProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TacitProfile(<redacted>)")
    }
}

pub(crate) fn open_blocking(
    path: &str,
    wrapper: Arc<dyn KeyWrapper>,
    generation_store: Option<Arc<dyn GenerationStore>>,
) -> Result<TacitProfile, TacitError> {
    if path.is_empty() {
        return Err(TacitError::InvalidInput);
    }
    let w = HostKeyWrapper::new(wrapper)?;
    let store = generation_store.map(|g| Arc::new(HostGenerationStore::new(g)));
    let options = OpenOptions {
        generation_store: store
            .clone()
            .map(|s| s as Arc<dyn tacit_core::GenerationStore>),
    };
    let p = Profile::open(Path::new(path), &w, options)?;
    // A store that could not be read fails the open (closed): never open unchecked.
    if let Some(e) = store.and_then(|s| s.read_failure()) {
        let _ = p.close();
        return Err(e);
    }
    Ok(TacitProfile { inner: Arc::new(p) })
}

/// Opens (or creates) the profile at `path` (a file path in app-private storage), off the
/// caller's thread. The wrapper seals the vault's data key; a different key gives `WrongKey`.
/// With a `generation_store` (kept outside the vault file: keystore, preferences), opening an
/// older copy of the vault than the last one this store saw fails with `Rollback`.
#[uniffi::export(default(generation_store = None))]
pub async fn open_profile(
    path: String,
    wrapper: Arc<dyn KeyWrapper>,
    generation_store: Option<Arc<dyn GenerationStore>>,
) -> Result<Arc<TacitProfile>, TacitError> {
    run_blocking(move || open_blocking(&path, wrapper, generation_store).map(Arc::new)).await
}

/// A non-negative count as a Kotlin `Long` / Swift `Int64`.
pub(crate) fn count(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl TacitProfile {
    /// Runs `f` on the profile on the runtime's blocking pool (see the module doc). A plain
    /// function returning [`run_blocking`]'s future: one async state machine less per export.
    pub(crate) fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T, TacitError>>
    where
        T: Send + 'static,
        F: FnOnce(&Profile) -> Result<T, TacitError> + Send + 'static,
    {
        let p = self.inner.clone();
        run_blocking(move || f(&p))
    }
}

#[uniffi::export]
impl TacitProfile {
    /// Answers a chat message. Show `local_text` on the device; send only `platform_text`.
    pub async fn handle_message(&self, text: String) -> Result<ChatReply, TacitError> {
        self.run(move |p| Ok(p.handle_message(&text, p.now())?.into()))
            .await
    }

    /// Handles a tapped quick reply (its token).
    pub async fn on_quick_reply(&self, token: String) -> Result<ChatReply, TacitError> {
        self.run(move |p| Ok(p.on_quick_reply(&token, p.now())?.into()))
            .await
    }

    /// Fraud alerts waiting for an answer, oldest first.
    pub async fn open_alerts(&self) -> Result<Vec<AlertInfo>, TacitError> {
        self.run(move |p| Ok(p.open_alerts()?.into_iter().map(AlertInfo::from).collect()))
            .await
    }

    /// Asks about an open alert in the chat ("Was this you?") with YES / NO quick replies.
    pub async fn raise_alert(&self, alert_id: String) -> Result<ChatReply, TacitError> {
        self.run(move |p| Ok(p.raise_alert_by_id(&alert_id, p.now())?.into()))
            .await
    }

    /// Answers an alert directly (the app's own buttons): `legit` = it was the user.
    pub async fn answer_alert(
        &self,
        alert_id: String,
        legit: bool,
    ) -> Result<ChatReply, TacitError> {
        self.run(move |p| Ok(p.answer_alert(&alert_id, legit, p.now())?.into()))
            .await
    }

    /// Sets what the platform text may carry (stored encrypted in the vault).
    pub async fn set_disclosure(&self, level: DisclosureLevel) -> Result<(), TacitError> {
        self.run(move |p| {
            p.update_settings(|s| s.level = level.into())?;
            Ok(())
        })
        .await
    }

    /// What the platform text may carry now.
    pub async fn disclosure(&self) -> Result<DisclosureLevel, TacitError> {
        self.run(move |p| Ok(p.settings()?.level.into())).await
    }

    /// Sets money formatting from a BCP 47 or POSIX tag ("en-US", "de_DE"); unknown
    /// languages fall back to en-US.
    pub async fn set_locale(&self, tag: String) -> Result<(), TacitError> {
        self.run(move |p| {
            p.update_settings(|s| s.locale = Locale::parse(&tag))?;
            Ok(())
        })
        .await
    }

    /// The locale in use, as a BCP 47 tag.
    pub async fn locale(&self) -> Result<String, TacitError> {
        self.run(move |p| Ok(p.settings()?.locale.as_str().into()))
            .await
    }

    /// Sets the phone's UTC offset in minutes (for "today", "this month").
    pub async fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), TacitError> {
        self.run(move |p| {
            p.update_settings(|s| s.utc_offset_minutes = minutes)?;
            Ok(())
        })
        .await
    }

    /// Imports a statement file (OFX/QFX, CAMT.053, CSV, QIF; the format is read from the
    /// content). A file that names no account throws `NeedsAccount`: ask the person and
    /// call `importStatementWith`.
    pub async fn import_statement(&self, bytes: Vec<u8>) -> Result<ImportSummary, TacitError> {
        self.run(move |p| Ok(ImportSummary::from(p.import_statement(&bytes, p.now())?)))
            .await
    }

    /// Stores accounts and transactions the host app read itself, validated by core.
    pub async fn push_host_batch(&self, batch: HostBatch) -> Result<ImportSummary, TacitError> {
        self.run(move |p| {
            let batch = ImportBatch::try_from(batch)?;
            Ok(ImportSummary::from(p.push_host_batch(batch, p.now())?))
        })
        .await
    }

    /// The outbound ledger (everything released to the platform) as JSON lines, after
    /// verifying its chain.
    pub async fn export_ledger(&self) -> Result<String, TacitError> {
        self.run(move |p| Ok(p.export_ledger()?)).await
    }

    /// Verifies the ledger chain; returns the number of entries.
    pub async fn verify_ledger(&self) -> Result<i64, TacitError> {
        self.run(move |p| Ok(count(p.verify_ledger()?))).await
    }

    /// Forgets one bank connection or file source (`sandbox`, `host`, `ofx:...`): its
    /// accounts, transactions, alerts and state. Returns how many records were removed.
    pub async fn forget_source(&self, source_id: String) -> Result<i64, TacitError> {
        self.run(move |p| Ok(count(p.forget_source(&SourceId(source_id))?)))
            .await
    }

    /// Closes the vault once the call in flight (if any) ends; later calls fail with
    /// `Closed`. Closing twice is fine. Kotlin's `close()` / `use {}` call this.
    pub async fn close_vault(&self) -> Result<(), TacitError> {
        self.run(move |p| Ok(p.close()?)).await
    }

    /// Destroys the vault and its files; later calls fail with `Closed`. Use it to recover
    /// from `WrongKey` / `KeyUnavailable` when the key is gone for good (then link again).
    pub async fn wipe(&self) -> Result<(), TacitError> {
        self.run(move |p| Ok(p.wipe()?)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywrap::tests::{FakeHost, Mode};
    use crate::runtime::tests::block_on as b;

    fn open(dir: &tempfile::TempDir) -> Arc<TacitProfile> {
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        b(open_profile(path, FakeHost::new(Mode::Good), None)).unwrap()
    }

    #[test]
    fn sandbox_chat_levels_ledger_and_close() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        let s = b(p.load_sandbox(7)).unwrap();
        assert!(s.inserted > 0 && s.accounts > 0);
        let r = b(p.handle_message("what's my balance?".into())).unwrap();
        assert!(r.local_text.contains('$'));
        assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
        assert_eq!(b(p.disclosure()).unwrap(), DisclosureLevel::Minimal);
        b(p.set_disclosure(DisclosureLevel::Full)).unwrap();
        let full = b(p.handle_message("what's my balance?".into())).unwrap();
        assert_ne!(full.platform_text, r.platform_text);
        // The load may raise the last week's alert: each alert message is in the ledger too.
        let loaded = count(s.alerts.len());
        assert_eq!(b(p.verify_ledger()).unwrap(), 2 + loaded);
        assert_eq!(
            count(b(p.export_ledger()).unwrap().lines().count()),
            2 + loaded
        );
        let before = b(p.verify_ledger()).unwrap();
        let replay = b(p.replay_sandbox(7)).unwrap();
        assert_eq!(
            b(p.verify_ledger()).unwrap(),
            before + count(replay.alerts.len()),
            "each alert message is in the ledger"
        );
        assert_eq!(r.alert_id, None, "a plain answer names no alert");
        assert_eq!(
            b(p.on_quick_reply("nope".into())),
            Err(TacitError::QuickReplyUnknown)
        );
        assert_eq!(b(p.raise_alert("x".into())), Err(TacitError::NoSuchAlert));
        b(p.close_vault()).unwrap();
        b(p.close_vault()).unwrap();
        assert_eq!(b(p.disclosure()), Err(TacitError::Closed));
        assert_eq!(b(p.wipe()), Err(TacitError::Closed));
        let p = open(&dir);
        b(p.wipe()).unwrap();
        assert_eq!(b(p.disclosure()), Err(TacitError::Closed));
    }

    #[test]
    fn alert_prompts_name_their_alert() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        let replay = b(p.replay_sandbox(7)).unwrap();
        let open: Vec<String> = b(p.open_alerts())
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert!(!replay.alerts.is_empty());
        for a in &replay.alerts {
            let id = a
                .alert_id
                .as_ref()
                .expect("an alert prompt names its alert");
            assert!(open.contains(id));
            assert_eq!(a.answered_alert_id, None);
            let kinds: Vec<QuickReplyKind> = a.quick_replies.iter().map(|q| q.kind).collect();
            assert_eq!(kinds, [QuickReplyKind::Yes, QuickReplyKind::No]);
        }
        let last = replay
            .alerts
            .last()
            .and_then(|a| a.alert_id.clone())
            .unwrap();
        let raised = b(p.raise_alert(last.clone())).unwrap();
        assert_eq!(raised.alert_id.as_deref(), Some(last.as_str()));
        let answered = b(p.answer_alert(last.clone(), true)).unwrap();
        assert_eq!(answered.answered_alert_id.as_deref(), Some(last.as_str()));
        assert_eq!(answered.answered_legit, Some(true));
        assert_eq!(answered.alert_id, None);
        assert_eq!(b(p.answer_alert(last, false)), Err(TacitError::NoSuchAlert));
    }

    #[test]
    fn wrong_key_and_bad_statement_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        assert!(matches!(
            b(p.import_statement(b"not ofx".to_vec())),
            Err(TacitError::StatementRefused { .. })
        ));
        // The last reference closes the vault, so that it can be opened again.
        drop(p);
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        let e = b(open_profile(path, FakeHost::new(Mode::GarbageUnwrap), None)).err();
        assert!(matches!(
            e,
            Some(TacitError::WrongKey | TacitError::Tampered | TacitError::Corrupt)
        ));
    }
}
