//! Running the fraud engine over newly stored transactions, on the device, and turning its
//! episodes into alert records — inside the same vault write as the transactions.
//!
//! Each account's engine state ([`CardState`], bounded at about 10 KiB) lives encrypted in the
//! vault's settings, tied to the account's source so that forgetting the bank forgets it.
//! Transactions are scored once, in time order, from the account's own past: a posted charge
//! whose pending form was already scored is not scored again. Episodes whose first charge is
//! older than [`ALERT_WINDOW_SECS`] (a first backfill of a year of history) update the state
//! but raise no alert: nobody wants to be asked about a charge from last spring.

use crate::alerts::{self, AlertPayment, AlertRecord, AlertStatus};
use crate::fraud::{AlertEvent, Assessment, CardState, FraudEngine, FraudTxn, Profile as Home};
use crate::model::{SourceId, Transaction};
use crate::time::Timestamp;
use crate::vault::{Result, Vault, VaultError, WriteTx};
use ring::digest;
use std::collections::BTreeMap;

// A newly connected account's learning period is the engine's own
// (`crate::fraud::LEARNING`): during a card's first 30 days the model may open at most
// `crate::fraud::LEARNING_ALERTS` episodes and alert at most `crate::fraud::LEARNING_PAYMENTS`
// transactions, so the app and `tacit score-fraud` (how the engine is measured) raise exactly
// the same alerts.

/// Episodes starting more than this long before "now" are not raised as alerts. Longer than a
/// week so that weekly syncs still alert a charge that posted (became visible) a few days
/// after it was made (measured on the sandbox: 7 days missed a duplicate and a card test).
pub const ALERT_WINDOW_SECS: i64 = 10 * 86_400;

const HOME: &str = "fraud/home";

fn state_name(account: &str) -> String {
    format!("fraud/state/{account}")
}

fn short_hash(s: &str) -> String {
    digest::digest(&digest::SHA256, s.as_bytes()).as_ref()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The alert id of an account's episode (no personal data in it).
pub fn alert_id(account: &str, episode: u32) -> String {
    format!("fa-{}-{episode}", short_hash(account))
}

fn txn_ref(id: &str) -> u64 {
    let d = digest::digest(&digest::SHA256, id.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d.as_ref()[..8]);
    u64::from_le_bytes(b)
}

/// The cardholder's home for the far-from-home signals, if known.
pub fn home(vault: &Vault) -> Result<Home> {
    Ok(match vault.setting(HOME)? {
        Some(b) if b.len() == 8 => {
            let e = b.expose();
            let lat = i32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            let lon = i32::from_le_bytes([e[4], e[5], e[6], e[7]]);
            Home {
                home_lat_e6: Some(lat),
                home_lon_e6: Some(lon),
            }
        }
        _ => Home::default(),
    })
}

/// Sets the cardholder's home (micro-degrees).
pub fn set_home(w: &mut WriteTx<'_>, lat_e6: i32, lon_e6: i32) -> Result<()> {
    let mut b = lat_e6.to_le_bytes().to_vec();
    b.extend_from_slice(&lon_e6.to_le_bytes());
    w.put_setting(HOME, None, &b)
}

fn load_state(w: &WriteTx<'_>, account: &str) -> Result<CardState> {
    match w.setting(&state_name(account))? {
        Some(b) => CardState::from_bytes(b.expose())
            .map_err(|_| VaultError::Corrupt("fraud state does not decode")),
        None => Ok(CardState::new()),
    }
}

/// Scores `new` (in time order) and stores state and alerts; returns the alerts to raise.
pub fn score_new(
    w: &mut WriteTx<'_>,
    engine: &FraudEngine,
    new: &[&Transaction],
    sources: &BTreeMap<String, SourceId>,
    home: &Home,
    offset_minutes: i32,
    now: Timestamp,
) -> Result<Vec<AlertRecord>> {
    let states = load_states(w, new)?;
    let assessed = assess_all(engine, states, new, home, offset_minutes, judge_from(now));
    store(w, assessed, new, sources, now)
}

/// The stored fraud state of every account with a transaction in `new`.
pub fn load_states(w: &WriteTx<'_>, new: &[&Transaction]) -> Result<BTreeMap<String, CardState>> {
    let mut states = BTreeMap::new();
    for t in new {
        if !states.contains_key(t.account.0.as_str()) {
            states.insert(t.account.0.clone(), load_state(w, &t.account.0)?);
        }
    }
    Ok(states)
}

/// One account's scoring: its final state and what stood out, in time order.
pub struct Assessed {
    account: String,
    state: CardState,
    /// `(index into new, the assessment)` of every transaction that opened or joined an
    /// alert episode.
    events: Vec<(usize, Assessment)>,
}

impl std::fmt::Debug for Assessed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assessed")
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}

/// The earliest transaction time (UTC) that [`assess_all`] judges when "now" is `now`.
///
/// Older transactions could only open episodes that [`store`] never raises (they start
/// before [`ALERT_WINDOW_SECS`]), so they only teach the engine the card's habits
/// ([`FraudEngine::observe`]): a first import of a year of history costs a fraction of
/// judging every charge. The extra [`JOIN_WINDOW`](crate::fraud::JOIN_WINDOW) plus a day keeps
/// the episodes that charges inside the alert window can join: those opened just before it
/// are still judged as before, and an older transaction is judged whenever the card has an
/// episode it could join. What differs from judging everything: a pattern that began more
/// than that margin before the window, unalerted, no longer absorbs the charges that continue
/// it inside the window, so those can open an alert of their own.
pub fn judge_from(now: Timestamp) -> Timestamp {
    now.saturating_sub(ALERT_WINDOW_SECS + crate::fraud::JOIN_WINDOW + 86_400)
}

/// Runs the engine over `new` (in time order) from `states`: transactions from `judge_from`
/// on (UTC, see [`judge_from`]) are judged, older ones only observed. Pure: touches no
/// vault, so it can run on another thread while the transactions are written.
pub fn assess_all(
    engine: &FraudEngine,
    mut states: BTreeMap<String, CardState>,
    new: &[&Transaction],
    home: &Home,
    offset_minutes: i32,
    judge_from: Timestamp,
) -> Vec<Assessed> {
    let mut by_account: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, t) in new.iter().enumerate() {
        by_account.entry(t.account.0.as_str()).or_default().push(i);
    }
    let mut out = Vec::with_capacity(by_account.len());
    for (account, indices) in by_account {
        let mut state = states.remove(account).unwrap_or_default();
        let mut events = Vec::new();
        for i in indices {
            let Some(t) = new.get(i) else { continue };
            let mut ft = FraudTxn::from_transaction(t);
            ft.ts = t.transacted_at + i64::from(offset_minutes) * 60;
            if t.transacted_at < judge_from && !engine.could_join(&state, ft.ts) {
                engine.observe(&mut state, &ft, home);
                continue;
            }
            let a = engine.assess(&mut state, &ft, home, txn_ref(&t.id.0));
            if !matches!(a.event, AlertEvent::None) {
                events.push((i, a));
            }
        }
        out.push(Assessed {
            account: account.to_owned(),
            state,
            events,
        });
    }
    out
}

/// Stores the scoring's states and alerts; returns the alerts to raise.
pub fn store(
    w: &mut WriteTx<'_>,
    assessed: Vec<Assessed>,
    new: &[&Transaction],
    sources: &BTreeMap<String, SourceId>,
    now: Timestamp,
) -> Result<Vec<AlertRecord>> {
    let mut raised: BTreeMap<String, AlertRecord> = BTreeMap::new();
    for Assessed {
        account,
        state,
        events,
    } in assessed
    {
        let account = account.as_str();
        for (i, a) in events {
            let Some(t) = new.get(i) else { continue };
            match a.event {
                AlertEvent::Opened(alert) if now - t.transacted_at <= ALERT_WINDOW_SECS => {
                    let record = AlertRecord {
                        id: alert_id(account, alert.episode),
                        account: account.to_string(),
                        txn_ids: vec![t.id.0.clone()],
                        reasons: alert.reasons.iter().map(|r| r.code().to_string()).collect(),
                        explanations: alert
                            .reasons
                            .iter()
                            .map(|r| r.explanation().to_string())
                            .collect(),
                        score: alert.score,
                        created: now,
                        merchant: t.merchant.clone(),
                        amount_minor: t.amount,
                        currency: t.currency.code().to_string(),
                        first_txn_at: t.transacted_at,
                        status: AlertStatus::Open,
                        episode: alert.episode,
                        payments: vec![payment_of(t)],
                    };
                    alerts::put(w, &record)?;
                    raised.insert(record.id.clone(), record);
                }
                AlertEvent::Joined(episode) => {
                    let id = alert_id(account, episode);
                    let stored = match raised.get(&id) {
                        Some(r) => Some(r.clone()),
                        None => w_alert(w, &id)?,
                    };
                    if let Some(mut r) = stored.filter(|r| r.status == AlertStatus::Open) {
                        r.add_payment(&t.id.0, payment_of(t));
                        for reason in a.reasons.to_vec() {
                            if !r.reasons.iter().any(|c| c == reason.code()) {
                                r.reasons.push(reason.code().to_string());
                                r.explanations.push(reason.explanation().to_string());
                            }
                        }
                        alerts::put(w, &r)?;
                        if raised.contains_key(&id) {
                            raised.insert(id, r);
                        }
                    }
                }
                _ => {}
            }
        }
        w.put_setting(
            &state_name(account),
            sources.get(account),
            &state.to_bytes(),
        )?;
    }
    Ok(raised.into_values().collect())
}

fn payment_of(t: &Transaction) -> AlertPayment {
    AlertPayment {
        merchant: t.merchant.clone(),
        amount_minor: t.amount,
        at: t.transacted_at,
    }
}

fn w_alert(w: &WriteTx<'_>, id: &str) -> Result<Option<AlertRecord>> {
    w.alert(id)?
        .map(|b| {
            serde_json::from_slice(b.expose())
                .map_err(|_| VaultError::Corrupt("alert record does not decode"))
        })
        .transpose()
}

/// Feeds the person's answer back: YES teaches the engine (merchant known, baseline wider),
/// NO marks the episode as fraud.
pub fn feedback(
    vault: &mut Vault,
    engine: &FraudEngine,
    alert: &AlertRecord,
    legit: bool,
) -> Result<()> {
    let account = alert.account.clone();
    let source = vault
        .accounts()?
        .into_iter()
        .find(|a| a.id.0 == account)
        .map(|a| a.source);
    vault.write(|w| {
        let mut state = load_state(w, &account)?;
        let outcome = if legit {
            engine.confirm_legit(&mut state, alert.episode)
        } else {
            engine.confirm_fraud(&mut state, alert.episode)
        };
        // An episode the engine has since closed can no longer be taught; the answer is still
        // recorded on the alert itself.
        if outcome.is_ok() {
            w.put_setting(&state_name(&account), source.as_ref(), &state.to_bytes())?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::sandbox::SandboxBank;
    use crate::time::Date;

    /// A year of one sandbox account, in time order.
    fn history(seed: u64, index: usize) -> Vec<Transaction> {
        let data = SandboxBank::generate(seed, Date::new(2025, 1, 1).unwrap(), 12);
        let batch = data.batch();
        let Some(account) = batch.accounts.get(index).map(|a| a.id.clone()) else {
            return Vec::new();
        };
        let mut txns: Vec<Transaction> = batch
            .transactions
            .into_iter()
            .filter(|t| t.account == account)
            .collect();
        crate::sort::by(&mut txns, |a, b| {
            a.transacted_at.cmp(&b.transacted_at).then(a.id.cmp(&b.id))
        });
        txns
    }

    #[test]
    fn old_history_teaches_what_judging_it_would_have_taught() {
        let engine = FraudEngine::new().unwrap();
        let home = Home::default();
        // The first sandbox account-year (seeds 3, 4, ...) whose judging raises an episode.
        let (judged, observed) = (3..40u64)
            .flat_map(|seed| (0..3).map(move |i| history(seed, i)))
            .find_map(|txns| {
                let refs: Vec<&Transaction> = txns.iter().collect();
                let judged = assess_all(&engine, BTreeMap::new(), &refs, &home, 0, Timestamp::MIN);
                let j = judged.into_iter().next()?;
                if j.events.is_empty() {
                    return None;
                }
                let observed =
                    assess_all(&engine, BTreeMap::new(), &refs, &home, 0, Timestamp::MAX);
                Some((j, observed.into_iter().next()?))
            })
            .unwrap();
        let (judged, observed) = (&judged, &observed);
        assert!(observed.events.is_empty(), "observed history raised events");
        assert_eq!(
            observed.state.transactions_seen(),
            judged.state.transactions_seen()
        );
        // Judging differs only by the episodes it opened and the scores it gave: everything
        // learned is the same.
        assert!(
            !judged.events.is_empty(),
            "the year raised no episode: nothing compared"
        );
        let mut learned = judged.state.clone();
        learned.episode = observed.state.episode;
        learned.next_episode = observed.state.next_episode;
        learned.learning_alerts = observed.state.learning_alerts;
        // The engine's own scores of past payments (the two-payment rule) exist only for
        // judged payments.
        for (l, o) in learned.recent.iter_mut().zip(observed.state.recent.iter()) {
            l.score = o.score;
        }
        assert!(learned.to_bytes() == observed.state.to_bytes());
        assert!(judged.state.to_bytes() != observed.state.to_bytes());
    }

    #[test]
    fn judging_starts_before_the_alert_window() {
        let now = 1_800_000_000;
        let from = judge_from(now);
        assert!(now - from > ALERT_WINDOW_SECS + crate::fraud::JOIN_WINDOW);
        assert!(now - from <= ALERT_WINDOW_SECS + crate::fraud::JOIN_WINDOW + 86_400);
    }
}
