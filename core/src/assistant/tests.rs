use super::*;
use crate::crypto::secret::SecretKey;
use crate::crypto::wrap::TestKeyWrapper;
use crate::ingest::ingest;
use crate::reconcile::ReconcilePolicy;
use crate::sources::sandbox::{SandboxBank, SandboxData};
use crate::time::Date;
use crate::vault::OpenOptions;

pub(crate) fn sandbox_vault() -> (tempfile::TempDir, Vault, SandboxData) {
    let dir = tempfile::tempdir().unwrap();
    let w = TestKeyWrapper::new(SecretKey::from_bytes([4; 32]));
    let mut v = Vault::create(&dir.path().join("a.db"), &w, OpenOptions::default()).unwrap();
    let data = SandboxBank::generate(11, Date::new(2025, 11, 1).unwrap(), 12);
    ingest(&mut v, &data.batch(), data.end, &ReconcilePolicy::default()).unwrap();
    (dir, v, data)
}

#[test]
fn smoke_conversation_prints() {
    let (_d, mut v, data) = sandbox_vault();
    let mut a = Assistant::default();
    for level in [
        DisclosureLevel::Minimal,
        DisclosureLevel::Summary,
        DisclosureLevel::Full,
    ] {
        let s = Settings {
            level,
            ..Settings::default()
        };
        for q in [
            "what's my balance?",
            "how much did I spend on groceries last month?",
            "show my recent transactions",
            "when is my credit card bill due?",
            "what's the minimum payment on my visa",
            "what is my routing number",
            "transfer $500 to savings",
            "what's the weather like",
        ] {
            let r = a.handle_message(&mut v, q, data.end, &s).unwrap();
            println!(
                "[{}] {q}\n  intent={} ({:.2})\n  local: {}\n  platform: {}",
                level.as_str(),
                r.intent.as_str(),
                r.confidence,
                r.local_text.replace('\n', " | "),
                r.platform_text.replace('\n', " | ")
            );
        }
    }
}
