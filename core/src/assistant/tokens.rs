//! Quick-reply tokens. A quick-reply payload travels through the messaging platform, so it
//! must mean nothing off the device: a random single-use token that maps, in the vault, to an
//! action. Never an id, an amount or a merchant.

use crate::time::Timestamp;
use crate::vault::{Result, Vault, VaultError, WriteTx};
use serde::{Deserialize, Serialize};

/// How long a quick-reply token stays valid (seven days: alerts may be answered late).
pub const TOKEN_TTL_SECS: i64 = 7 * 86_400;

/// What a quick reply does when tapped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuickAction {
    /// "Yes, it was me" for an alert.
    AlertYes {
        /// The alert.
        alert_id: String,
    },
    /// "No, it wasn't me" for an alert.
    AlertNo {
        /// The alert.
        alert_id: String,
    },
    /// Ask a canned question, as if typed.
    Ask {
        /// The question's text.
        text: String,
    },
}

#[derive(Serialize, Deserialize)]
struct Stored {
    action: QuickAction,
    expires: Timestamp,
    /// Tokens issued together (YES and NO of one alert) are all spent by one tap.
    group: String,
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Never issued, already used, or from another device.
    Unknown,
    /// Issued but past its lifetime.
    Expired,
    /// The vault failed.
    Vault(VaultError),
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::Unknown => f.write_str("unknown or already used quick reply"),
            TokenError::Expired => f.write_str("this quick reply has expired"),
            TokenError::Vault(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TokenError {}

impl From<VaultError> for TokenError {
    fn from(e: VaultError) -> Self {
        TokenError::Vault(e)
    }
}

const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

fn random_token() -> Result<String> {
    let bytes = crate::crypto::random_array::<20>()
        .map_err(|_| VaultError::Io(crate::vault::IoKind::RandomSource))?;
    let mut s = String::with_capacity(22);
    s.push_str("q_");
    for b in bytes {
        s.push(ALPHABET[usize::from(b) % 32] as char);
    }
    Ok(s)
}

fn setting_name(token: &str) -> String {
    format!("qr/{token}")
}

/// Issues one token per action, all spent together when any one is redeemed.
pub fn issue(w: &mut WriteTx<'_>, actions: &[QuickAction], now: Timestamp) -> Result<Vec<String>> {
    if actions.is_empty() {
        // Most replies have no buttons: write nothing (no empty group record per reply).
        return Ok(Vec::new());
    }
    let group = random_token()?;
    let mut tokens = Vec::with_capacity(actions.len());
    for action in actions {
        let token = random_token()?;
        let stored = Stored {
            action: action.clone(),
            expires: now + TOKEN_TTL_SECS,
            group: group.clone(),
        };
        let bytes = serde_json::to_vec(&stored).map_err(|_| VaultError::InvalidInput("token"))?;
        w.put_setting(&setting_name(&token), None, &bytes)?;
        tokens.push(token);
    }
    w.put_setting(
        &format!("qrgroup/{group}"),
        None,
        tokens.join(",").as_bytes(),
    )?;
    Ok(tokens)
}

/// Redeems a token: returns its action and spends it (and its siblings).
pub fn redeem(
    vault: &mut Vault,
    token: &str,
    now: Timestamp,
) -> std::result::Result<QuickAction, TokenError> {
    if token.len() > 64 || !token.starts_with("q_") {
        return Err(TokenError::Unknown);
    }
    let stored = vault
        .setting(&setting_name(token))?
        .ok_or(TokenError::Unknown)?;
    let stored: Stored =
        serde_json::from_slice(stored.expose()).map_err(|_| TokenError::Unknown)?;
    let siblings = vault
        .setting(&format!("qrgroup/{}", stored.group))?
        .map(|b| String::from_utf8_lossy(b.expose()).into_owned())
        .unwrap_or_default();
    vault.write(|w| {
        for t in siblings.split(',').filter(|t| !t.is_empty()) {
            w.delete_setting(&setting_name(t))?;
        }
        w.delete_setting(&setting_name(token))?;
        w.delete_setting(&format!("qrgroup/{}", stored.group))
            .map(|_| ())
    })?;
    if now > stored.expires {
        return Err(TokenError::Expired);
    }
    Ok(stored.action)
}
