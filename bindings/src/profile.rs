//! `TacitProfile`: core's [`Profile`] facade for Kotlin and Swift.
//!
//! Translation only: every method converts its arguments, reads "now" from the profile's
//! clock (core's one clock seam; core functions take `now`), calls the one core function, and
//! converts the result and the error. The object is `Send + Sync`; core's profile holds one mutex, so calls from many
//! threads are serialised on the profile rather than racing. Every body runs in
//! [`guard`] (or on the shared runtime for async exports) so a panic becomes `Internal`.
//! Blocking: methods touch SQLite and the host's keystore; call them off the UI thread
//! (Kotlin `Dispatchers.IO`, a Swift `Task`), or use the async factory.

use crate::error::TacitError;
use crate::keywrap::{HostKeyWrapper, KeyWrapper};
use crate::records::{AlertInfo, ChatReply, DisclosureLevel, HostBatch, ImportSummary};
use crate::runtime::{guard, run_blocking};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tacit_core::model::SourceId;
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::Locale;
use tacit_core::sources::ImportBatch;
use tacit_core::vault::OpenOptions;

/// One person's Tacit profile: an encrypted vault on this device and the chat assistant.
#[derive(uniffi::Object)]
pub struct TacitProfile {
    pub(crate) inner: Arc<Profile>,
    /// Root certificates (DER) trusted for this profile's bank connections besides the
    /// public Web PKI roots (`trust_bridge_certificate`); not stored in the vault.
    pub(crate) extra_roots: Mutex<Vec<Vec<u8>>>,
}

impl fmt::Debug for TacitProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TacitProfile(<redacted>)")
    }
}

fn open_profile(path: &str, wrapper: Arc<dyn KeyWrapper>) -> Result<TacitProfile, TacitError> {
    if path.is_empty() {
        return Err(TacitError::InvalidInput);
    }
    let w = HostKeyWrapper::new(wrapper)?;
    let p = Profile::open(Path::new(path), &w, OpenOptions::default())?;
    Ok(TacitProfile {
        inner: Arc::new(p),
        extra_roots: Mutex::new(Vec::new()),
    })
}

/// Opens (or creates) the profile at `path` on Tacit's runtime, off the caller's thread.
/// Kotlin: `suspend fun`; Swift: `async`.
#[uniffi::export]
pub async fn open_profile_async(
    path: String,
    wrapper: Arc<dyn KeyWrapper>,
) -> Result<Arc<TacitProfile>, TacitError> {
    run_blocking(move || open_profile(&path, wrapper).map(Arc::new)).await
}

impl TacitProfile {
    pub(crate) fn call<T>(
        &self,
        f: impl FnOnce(&Profile) -> Result<T, TacitError>,
    ) -> Result<T, TacitError> {
        guard(|| f(&self.inner))
    }
}

#[uniffi::export]
impl TacitProfile {
    /// Opens the profile at `path` (a file path in app-private storage), creating it if there
    /// is none. The wrapper seals the vault's data key; a different key gives `WrongKey`.
    /// Blocks on the host keystore and SQLite: call it off the UI thread.
    #[uniffi::constructor]
    pub fn open(path: String, wrapper: Arc<dyn KeyWrapper>) -> Result<Arc<Self>, TacitError> {
        guard(|| open_profile(&path, wrapper).map(Arc::new))
    }

    /// Answers a chat message. Show `local_text` on the device; send only `platform_text`.
    pub fn handle_message(&self, text: String) -> Result<ChatReply, TacitError> {
        self.call(|p| Ok(p.handle_message(&text, p.now())?.into()))
    }

    /// Handles a tapped quick reply (its token).
    pub fn on_quick_reply(&self, token: String) -> Result<ChatReply, TacitError> {
        self.call(|p| Ok(p.on_quick_reply(&token, p.now())?.into()))
    }

    /// Fraud alerts waiting for an answer, oldest first.
    pub fn open_alerts(&self) -> Result<Vec<AlertInfo>, TacitError> {
        self.call(|p| Ok(p.open_alerts()?.into_iter().map(AlertInfo::from).collect()))
    }

    /// Asks about an open alert in the chat ("Was this you?") with YES / NO quick replies.
    pub fn raise_alert(&self, alert_id: String) -> Result<ChatReply, TacitError> {
        self.call(|p| {
            let alert = p
                .open_alerts()?
                .into_iter()
                .find(|a| a.id == alert_id)
                .ok_or(TacitError::NoSuchAlert)?;
            Ok(p.raise_alert(&alert, p.now())?.into())
        })
    }

    /// Answers an alert directly (the app's own buttons): `legit` = it was the user.
    pub fn answer_alert(&self, alert_id: String, legit: bool) -> Result<ChatReply, TacitError> {
        self.call(|p| Ok(p.answer_alert(&alert_id, legit, p.now())?.into()))
    }

    /// Sets what the platform text may carry (stored encrypted in the vault).
    pub fn set_disclosure(&self, level: DisclosureLevel) -> Result<(), TacitError> {
        self.call(|p| {
            let mut s = p.settings()?;
            s.level = level.into();
            Ok(p.set_settings(s)?)
        })
    }

    /// What the platform text may carry now.
    pub fn disclosure(&self) -> Result<DisclosureLevel, TacitError> {
        self.call(|p| Ok(p.settings()?.level.into()))
    }

    /// Sets money formatting from a BCP 47 or POSIX tag ("en-US", "de_DE"); unknown
    /// languages fall back to en-US.
    pub fn set_locale(&self, tag: String) -> Result<(), TacitError> {
        self.call(|p| {
            let mut s = p.settings()?;
            s.locale = Locale::parse(&tag);
            Ok(p.set_settings(s)?)
        })
    }

    /// The locale in use, as a BCP 47 tag.
    pub fn locale(&self) -> Result<String, TacitError> {
        self.call(|p| Ok(p.settings()?.locale.as_str().into()))
    }

    /// Sets the phone's UTC offset in minutes (for "today", "this month").
    pub fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), TacitError> {
        self.call(|p| {
            let mut s = p.settings()?;
            s.utc_offset_minutes = minutes;
            Ok(p.set_settings(s)?)
        })
    }

    /// Imports a statement file (OFX/QFX, CAMT.053, CSV, QIF; the format is read from the
    /// content). A file that names no account throws `NeedsAccount`: ask the person and
    /// call `importStatementWith`.
    pub fn import_statement(&self, bytes: Vec<u8>) -> Result<ImportSummary, TacitError> {
        self.call(|p| Ok(ImportSummary::from(p.import_statement(&bytes, p.now())?)))
    }

    /// Stores accounts and transactions the host app read itself, validated by core.
    pub fn push_host_batch(&self, batch: HostBatch) -> Result<ImportSummary, TacitError> {
        self.call(|p| {
            let batch = ImportBatch::try_from(batch)?;
            Ok(ImportSummary::from(p.push_host_batch(batch, p.now())?))
        })
    }

    /// Demo convenience: generates the deterministic sandbox bank for `seed`, the year that
    /// ends on the profile's today (in its UTC offset), and stores it as the bank shows it now.
    pub fn load_sandbox(&self, seed: u64) -> Result<ImportSummary, TacitError> {
        self.call(|p| Ok(ImportSummary::from(p.load_sandbox(seed)?)))
    }

    /// Demo convenience with fraud alerts: replays the same sandbox year (ending today) as a
    /// phone would have seen it, one sync a week up to now, so the fraud engine scores each
    /// purchase when it is new. Returns the summed counts and every alert message raised (the
    /// latest is last). Takes a few seconds.
    pub fn replay_sandbox(&self, seed: u64) -> Result<ImportSummary, TacitError> {
        self.call(|p| {
            let mut total = ImportSummary::default();
            for outcome in p.replay_sandbox(seed)? {
                total.absorb(outcome.into());
            }
            Ok(total)
        })
    }

    /// The outbound ledger (everything released to the platform) as JSON lines, after
    /// verifying its chain.
    pub fn export_ledger(&self) -> Result<String, TacitError> {
        self.call(|p| Ok(p.export_ledger()?))
    }

    /// Verifies the ledger chain; returns the number of entries.
    pub fn verify_ledger(&self) -> Result<u64, TacitError> {
        self.call(|p| Ok(u64::try_from(p.verify_ledger()?).unwrap_or(u64::MAX)))
    }

    /// Forgets one bank connection or file source (`sandbox`, `host`, `ofx:...`): its
    /// accounts, transactions, alerts and state. Returns how many records were removed.
    pub fn forget_source(&self, source_id: String) -> Result<u64, TacitError> {
        self.call(|p| {
            let n = p.forget_source(&SourceId(source_id))?;
            Ok(u64::try_from(n).unwrap_or(u64::MAX))
        })
    }

    /// Destroys the vault and its files; later calls fail with `Closed`.
    pub fn wipe(&self) -> Result<(), TacitError> {
        self.call(|p| Ok(p.wipe()?))
    }

    /// Closes the vault; later calls fail with `Closed`. Closing twice is fine. (Named
    /// `close_profile` because Kotlin's `AutoCloseable.close()` frees the object handle.)
    pub fn close_profile(&self) -> Result<(), TacitError> {
        self.call(|p| Ok(p.close()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywrap::tests::{FakeHost, Mode};

    fn open(dir: &tempfile::TempDir) -> Arc<TacitProfile> {
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        TacitProfile::open(path, FakeHost::new(Mode::Good)).unwrap()
    }

    #[test]
    fn sandbox_chat_levels_ledger_and_close() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        let s = p.load_sandbox(7).unwrap();
        assert!(s.inserted > 0 && s.accounts > 0);
        let r = p.handle_message("what's my balance?".into()).unwrap();
        assert!(r.local_text.contains('$'));
        assert!(!r.platform_text.chars().any(|c| c.is_ascii_digit()));
        assert_eq!(p.disclosure().unwrap(), DisclosureLevel::Minimal);
        p.set_disclosure(DisclosureLevel::Full).unwrap();
        let full = p.handle_message("what's my balance?".into()).unwrap();
        assert_ne!(full.platform_text, r.platform_text);
        // The load may raise the last week's alert: each alert message is in the ledger too.
        let loaded = s.alerts.len();
        assert_eq!(p.verify_ledger().unwrap(), 2 + loaded as u64);
        assert_eq!(p.export_ledger().unwrap().lines().count(), 2 + loaded);
        let before = p.verify_ledger().unwrap();
        let replay = p.replay_sandbox(7).unwrap();
        assert_eq!(
            p.verify_ledger().unwrap(),
            before + replay.alerts.len() as u64,
            "each alert message is in the ledger"
        );
        assert_eq!(r.alert_id, None, "a plain answer names no alert");
        assert_eq!(
            p.on_quick_reply("nope".into()),
            Err(TacitError::QuickReplyUnknown)
        );
        assert_eq!(p.raise_alert("x".into()), Err(TacitError::NoSuchAlert));
        p.close_profile().unwrap();
        p.close_profile().unwrap();
        assert_eq!(p.disclosure(), Err(TacitError::Closed));
    }

    #[test]
    fn alert_prompts_name_their_alert() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        let replay = p.replay_sandbox(7).unwrap();
        let open: Vec<String> = p.open_alerts().unwrap().into_iter().map(|a| a.id).collect();
        assert!(!replay.alerts.is_empty());
        for a in &replay.alerts {
            let id = a
                .alert_id
                .as_ref()
                .expect("an alert prompt names its alert");
            assert!(open.contains(id));
            assert_eq!(a.answered_alert_id, None);
        }
        let last = replay
            .alerts
            .last()
            .and_then(|a| a.alert_id.clone())
            .unwrap();
        let raised = p.raise_alert(last.clone()).unwrap();
        assert_eq!(raised.alert_id.as_deref(), Some(last.as_str()));
        let answered = p.answer_alert(last.clone(), true).unwrap();
        assert_eq!(answered.answered_alert_id.as_deref(), Some(last.as_str()));
        assert_eq!(answered.answered_legit, Some(true));
        assert_eq!(answered.alert_id, None);
        assert_eq!(p.answer_alert(last, false), Err(TacitError::NoSuchAlert));
    }

    #[test]
    fn wrong_key_and_bad_statement_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let p = open(&dir);
        assert!(matches!(
            p.import_statement(b"not ofx".to_vec()),
            Err(TacitError::StatementRefused { .. })
        ));
        p.close_profile().unwrap();
        let path = dir.path().join("p.db").to_string_lossy().into_owned();
        let e = TacitProfile::open(path, FakeHost::new(Mode::GarbageUnwrap)).err();
        assert!(matches!(
            e,
            Some(TacitError::WrongKey | TacitError::Tampered | TacitError::Corrupt)
        ));
    }
}
