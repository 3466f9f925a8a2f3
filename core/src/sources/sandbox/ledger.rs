//! The sandbox's ground truth: every card authorisation, settlement and transfer as one
//! [`Entry`] with the times it was authorised and posted, from which the view a bank would give
//! at any instant is derived (pending with its pending id, then posted with a new id, like
//! SimpleFIN).

use crate::model::{AccountId, Category, Location, Transaction, TxnId, TxnStatus};
use crate::money::Currency;
use crate::time::Timestamp;

/// One economic event in the sandbox's history.
#[derive(Clone)]
pub(crate) struct Entry {
    /// Index into the generated accounts.
    pub account: usize,
    /// When the card was swiped or the transfer initiated.
    pub auth_ts: Timestamp,
    /// When it settles; `None` for an authorisation that is reversed and never posts.
    pub post_ts: Option<Timestamp>,
    /// For a never-posting authorisation: when the bank stops showing it.
    pub drop_ts: Option<Timestamp>,
    /// Whether the bank shows a pending phase before posting (card charges do, ACH does not).
    pub has_pending: bool,
    /// Signed amount while pending (before a tip is added).
    pub pending_amount: i64,
    /// Signed amount once posted.
    pub posted_amount: i64,
    /// The bank's id for the pending authorisation.
    pub pending_raw_id: String,
    /// The bank's id once posted (unrelated to the pending one).
    pub posted_raw_id: String,
    /// Description while pending.
    pub pending_description: String,
    /// Description once posted (often with the merchant's city appended).
    pub description: String,
    pub merchant: Option<String>,
    pub mcc: Option<u16>,
    pub category: Option<Category>,
    pub location: Option<Location>,
    pub card_present: Option<bool>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// Where an entry stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Not yet authorised, or a reversed authorisation no longer shown.
    Absent,
    /// Authorised, not settled.
    Pending,
    /// Settled.
    Posted,
}

impl Entry {
    /// The phase of this entry at `ts`.
    pub(crate) fn phase_at(&self, ts: Timestamp) -> Phase {
        if self.auth_ts > ts {
            return Phase::Absent;
        }
        match self.post_ts {
            Some(p) if p <= ts => Phase::Posted,
            Some(_) if self.has_pending => Phase::Pending,
            Some(_) => Phase::Absent,
            None => match self.drop_ts {
                Some(d) if d <= ts => Phase::Absent,
                _ => Phase::Pending,
            },
        }
    }

    /// The scoped id of the posted transaction.
    pub(crate) fn posted_id(&self, account: &AccountId) -> TxnId {
        TxnId::scoped(account, &self.posted_raw_id)
    }

    /// The transaction a bank would report at `ts`, if any.
    pub(crate) fn view_at(
        &self,
        ts: Timestamp,
        account: &AccountId,
        currency: Currency,
    ) -> Option<Transaction> {
        let phase = self.phase_at(ts);
        let (id, amount, status, posted_at, description) = match phase {
            Phase::Absent => return None,
            Phase::Pending => (
                TxnId::scoped(account, &self.pending_raw_id),
                self.pending_amount,
                TxnStatus::Pending,
                None,
                self.pending_description.clone(),
            ),
            Phase::Posted => (
                self.posted_id(account),
                self.posted_amount,
                TxnStatus::Posted,
                self.post_ts,
                self.description.clone(),
            ),
        };
        Some(Transaction {
            id,
            account: account.clone(),
            amount,
            currency,
            status,
            transacted_at: self.auth_ts,
            posted_at,
            description,
            merchant: self.merchant.clone(),
            mcc: self.mcc,
            category: self.category,
            location: self.location.clone(),
            card_present: self.card_present,
            pending_link: None,
        })
    }
}

/// Ledger and pending sums of one account at `ts`, starting from `opening`.
pub(crate) fn balances_at(
    entries: &[Entry],
    account: usize,
    opening: i64,
    ts: Timestamp,
) -> (i64, i64) {
    let mut ledger = opening;
    let mut pending = 0i64;
    for e in entries.iter().filter(|e| e.account == account) {
        match e.phase_at(ts) {
            Phase::Posted => ledger = ledger.saturating_add(e.posted_amount),
            Phase::Pending => pending = pending.saturating_add(e.pending_amount),
            Phase::Absent => {}
        }
    }
    (ledger, pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(post: Option<Timestamp>, drop: Option<Timestamp>, has_pending: bool) -> Entry {
        Entry {
            account: 0,
            auth_ts: 100,
            post_ts: post,
            drop_ts: drop,
            has_pending,
            pending_amount: -500,
            posted_amount: -600,
            pending_raw_id: "p".into(),
            posted_raw_id: "q".into(),
            pending_description: "X".into(),
            description: "X CITY".into(),
            merchant: None,
            mcc: None,
            category: None,
            location: None,
            card_present: None,
        }
    }

    #[test]
    fn phases() {
        let e = entry(Some(200), None, true);
        assert_eq!(e.phase_at(99), Phase::Absent);
        assert_eq!(e.phase_at(100), Phase::Pending);
        assert_eq!(e.phase_at(200), Phase::Posted);
        let ach = entry(Some(100), None, false);
        assert_eq!(ach.phase_at(100), Phase::Posted);
        let hold = entry(None, Some(300), true);
        assert_eq!(hold.phase_at(299), Phase::Pending);
        assert_eq!(hold.phase_at(300), Phase::Absent);
        let entries = [e, hold];
        assert_eq!(balances_at(&entries, 0, 1000, 250), (400, -500));
    }
}
