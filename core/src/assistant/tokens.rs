//! Quick-reply tokens. A quick-reply payload travels through the messaging platform, so it
//! must mean nothing off the device: a random single-use token that maps, in the vault, to an
//! action. Never an id, an amount or a merchant.

use crate::time::Timestamp;
use crate::vault::{Result, Vault, VaultError, WriteTx};
use serde::{Deserialize, Serialize};

/// How long a quick-reply token stays valid (seven days: alerts may be answered late).
pub const TOKEN_TTL_SECS: i64 = 7 * 86_400;

/// What a quick reply does when tapped. Stored as JSON, internally tagged
/// (`{"kind":"alert_yes","alert_id":"..."}`); read back through [`StoredAction`], which takes
/// the same bytes without serde's buffering of internally tagged enums (about 7 KB of the
/// mobile library).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "StoredAction")]
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

/// The variant names of [`QuickAction`] as stored.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ActionKind {
    AlertYes,
    AlertNo,
    Ask,
}

/// A stored [`QuickAction`] read as one flat object: its tag and every variant's fields.
#[derive(Deserialize)]
struct StoredAction {
    kind: ActionKind,
    #[serde(default)]
    alert_id: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

impl TryFrom<StoredAction> for QuickAction {
    type Error = &'static str;

    /// The variant's own field is required, as the derived internally tagged form required
    /// it; another variant's field is ignored, as an unknown field was.
    fn try_from(a: StoredAction) -> std::result::Result<Self, Self::Error> {
        let missing = "quick action without its field";
        Ok(match a.kind {
            ActionKind::AlertYes => QuickAction::AlertYes {
                alert_id: a.alert_id.ok_or(missing)?,
            },
            ActionKind::AlertNo => QuickAction::AlertNo {
                alert_id: a.alert_id.ok_or(missing)?,
            },
            ActionKind::Ask => QuickAction::Ask {
                text: a.text.ok_or(missing)?,
            },
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Option<QuickAction> {
        serde_json::from_str::<Stored>(json).ok().map(|s| s.action)
    }

    #[test]
    fn tokens_stored_by_the_derived_tagged_encoding_still_decode() {
        // Bytes as the earlier derive (`#[serde(tag = "kind")]`, no `try_from`) wrote them.
        let yes = r#"{"action":{"kind":"alert_yes","alert_id":"a1"},"expires":1700000000,"group":"q_g"}"#;
        let no = r#"{"action":{"kind":"alert_no","alert_id":"a2"},"expires":1,"group":"q_g"}"#;
        let ask = r#"{"action":{"kind":"ask","text":"what's my balance?"},"expires":1,"group":"g"}"#;
        assert_eq!(
            decode(yes),
            Some(QuickAction::AlertYes {
                alert_id: "a1".into()
            })
        );
        assert_eq!(
            decode(no),
            Some(QuickAction::AlertNo {
                alert_id: "a2".into()
            })
        );
        assert_eq!(
            decode(ask),
            Some(QuickAction::Ask {
                text: "what's my balance?".into()
            })
        );
        // Field order does not matter; an unknown field is ignored.
        let reordered = r#"{"action":{"alert_id":"a3","extra":1,"kind":"alert_no"},"expires":1,"group":"g"}"#;
        assert_eq!(
            decode(reordered),
            Some(QuickAction::AlertNo {
                alert_id: "a3".into()
            })
        );
    }

    #[test]
    fn the_encoding_is_unchanged_and_round_trips() {
        let actions = [
            QuickAction::AlertYes {
                alert_id: "a1".into(),
            },
            QuickAction::AlertNo {
                alert_id: "a2".into(),
            },
            QuickAction::Ask {
                text: "hi \"there\"".into(),
            },
        ];
        let json = serde_json::to_string(&actions[0]).unwrap();
        assert_eq!(json, r#"{"kind":"alert_yes","alert_id":"a1"}"#);
        for a in actions {
            let back: QuickAction = serde_json::from_slice(&serde_json::to_vec(&a).unwrap()).unwrap();
            assert_eq!(back, a);
        }
    }

    /// The derived decoder the tokens were read with before `StoredAction`.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Derived {
        AlertYes { alert_id: String },
        AlertNo { alert_id: String },
        Ask { text: String },
    }

    fn from_derived(d: Derived) -> QuickAction {
        match d {
            Derived::AlertYes { alert_id } => QuickAction::AlertYes { alert_id },
            Derived::AlertNo { alert_id } => QuickAction::AlertNo { alert_id },
            Derived::Ask { text } => QuickAction::Ask { text },
        }
    }

    #[test]
    fn the_flat_decoder_accepts_and_refuses_what_the_derived_one_did() {
        for json in [
            r#"{"kind":"alert_yes","alert_id":"a1"}"#,
            r#"{"alert_id":"a1","kind":"alert_no"}"#,
            r#"{"kind":"ask","text":"t","alert_id":"a1"}"#,
            r#"{"kind":"alert_yes","alert_id":"a1","text":"t","x":[1,{"y":null}]}"#,
            r#"["alert_no","a1"]"#,
            r#"{"kind":"alert_yes"}"#,
            r#"{"kind":"ask","alert_id":"a1"}"#,
            r#"{"kind":"delete_all","alert_id":"a1"}"#,
            r#"{"alert_id":"a1"}"#,
            r#"{"kind":"alert_no","alert_id":7}"#,
            r#"{"kind":"alert_no","alert_id":null}"#,
            r#"{"kind":"Alert_No","alert_id":"a1"}"#,
            r#""ask""#,
            r#"{}"#,
        ] {
            let derived = serde_json::from_str::<Derived>(json).ok().map(from_derived);
            let flat = serde_json::from_str::<QuickAction>(json).ok();
            assert_eq!(flat, derived, "{json}");
        }
        assert!(serde_json::from_str::<QuickAction>(r#"{"kind":"alert_yes"}"#).is_err());
    }
}
