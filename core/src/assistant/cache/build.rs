//! Refreshing the [`Summary`]: the month totals and merchant names from the vault's digest,
//! and the recent window decrypted from the blocks that can hold it.
//!
//! Which transactions can be in the window is known before reading anything from the newest
//! month bucket (a plaintext column): see [`window_floor`]. So a refresh reads the last four
//! or five months of blocks, whatever the length of the history.

use super::{day_start, Summary, Window, WindowTxn};
use crate::intent::slots::SpendKinds;
use crate::model::{Category, TxnStatus};
use crate::money::Currency;
use crate::time::{local_date, month_start_ts, Timestamp, DAY};
use crate::vault::{Result, TxnFilter, TxnRef, Vault};
use std::collections::HashMap;
use zeroize::Zeroize;

/// The largest UTC offset the window bound below allows for (the profile clamps to it).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Transactions before this instant cannot be in the recent window, whose start is the first
/// day of the local month three months before the newest transaction's.
///
/// The newest transaction lies in the newest month bucket `m` (UTC), so its local month is
/// at least `m - 1` for any offset within ±14 h, and the window starts no earlier than the
/// first of month `m - 4`, less 14 hours: a day of margin covers that. Outside that offset
/// range (never set by the profile) every transaction is a candidate.
fn window_floor(newest_month: Option<i64>, offset: i32) -> Timestamp {
    match newest_month {
        Some(m) if offset.abs() <= MAX_OFFSET_MINUTES => {
            month_start_ts(m.saturating_sub(4)).saturating_sub(DAY)
        }
        _ => Timestamp::MIN,
    }
}

/// A transaction that may belong to the recent window, with its texts copied out of the
/// decrypted block (zeroized on drop).
struct Candidate {
    amount: i64,
    currency: Currency,
    status: TxnStatus,
    transacted_at: Timestamp,
    category: Option<Category>,
    merchant: Option<String>,
    description: String,
    mcc: Option<u16>,
}

impl Drop for Candidate {
    fn drop(&mut self) {
        self.amount.zeroize();
        self.mcc.zeroize();
        self.transacted_at.zeroize();
        self.merchant.zeroize();
        self.description.zeroize();
    }
}

/// The window's candidates, per account in block order, and the newest instant seen.
#[derive(Default)]
struct Candidates {
    newest: Option<Timestamp>,
    by_account: HashMap<String, Vec<Candidate>>,
}

impl Drop for Candidates {
    fn drop(&mut self) {
        for (mut a, _) in self.by_account.drain() {
            a.zeroize();
        }
    }
}

impl Candidates {
    fn add(&mut self, t: &TxnRef<'_>) {
        self.newest = Some(
            self.newest
                .map_or(t.transacted_at, |n| n.max(t.transacted_at)),
        );
        let c = Candidate {
            amount: t.amount,
            currency: t.currency,
            status: t.status,
            transacted_at: t.transacted_at,
            category: t.category,
            merchant: t.merchant.map(str::to_string),
            description: t.description.to_string(),
            mcc: t.mcc,
        };
        match self.by_account.get_mut(t.account) {
            Some(v) => v.push(c),
            None => self
                .by_account
                .entry(t.account.to_string())
                .or_default()
                .push(c),
        }
    }
}

/// A transaction's code and merchant (interned), and the kinds judged for them.
type Judged = (Option<u16>, Option<u32>, SpendKinds);

/// The recent window from the candidates: those at or after the first day of the local month
/// three months before `newest`, per account in time order, texts interned.
fn build_window(newest: Timestamp, offset: i32, candidates: &mut Candidates) -> Window {
    let mut window = Window::default();
    let first = local_date(newest, offset).add_months_first(-3);
    window.from = day_start(first, offset);
    let from = window.from;
    let mut interned: HashMap<String, u32> = HashMap::new();
    let mut intern = |window: &mut Window, text: &str| -> u32 {
        if let Some(&i) = interned.get(text) {
            return i;
        }
        let i = u32::try_from(window.texts.len()).unwrap_or(u32::MAX);
        window.texts.push(text.to_string());
        window.lower.push(text.to_lowercase());
        interned.insert(text.to_string(), i);
        i
    };
    // Kinds of spending are judged once per distinct description (interned), again only when
    // its code or merchant differs from the last judged with it.
    let mut judged: Vec<Option<Judged>> = Vec::new();
    let mut by_account = Vec::with_capacity(candidates.by_account.len());
    for (account, list) in candidates.by_account.drain() {
        let mut txns: Vec<WindowTxn> = Vec::new();
        for c in list.iter().filter(|c| c.transacted_at >= from) {
            let merchant = c.merchant.as_deref().map(|m| intern(&mut window, m));
            let description = intern(&mut window, &c.description);
            let at = description as usize;
            if judged.len() <= at {
                judged.resize(at + 1, None);
            }
            let kinds = match judged.get(at).copied().flatten() {
                Some((mcc, m, k)) if mcc == c.mcc && m == merchant => k,
                _ => {
                    let k = super::super::kinds::classify(
                        c.mcc,
                        c.merchant.as_deref(),
                        &c.description,
                    );
                    if let Some(slot) = judged.get_mut(at) {
                        *slot = Some((c.mcc, merchant, k));
                    }
                    k
                }
            };
            txns.push(WindowTxn {
                mcc: c.mcc,
                kinds,
                amount: c.amount,
                currency: c.currency,
                status: c.status,
                transacted_at: c.transacted_at,
                category: c.category,
                merchant,
                description,
            });
        }
        if txns.is_empty() {
            let mut account = account;
            account.zeroize();
            continue;
        }
        crate::sort::by_key(&mut txns, |t| t.transacted_at);
        by_account.push((crate::model::AccountId(account), txns));
    }
    for (mut k, _) in interned.drain() {
        k.zeroize();
    }
    window.by_account = by_account;
    window
}

/// The recent window, read from the blocks at or after [`window_floor`].
fn recent_window(vault: &Vault, offset: i32) -> Result<Window> {
    let filter = TxnFilter {
        account: None,
        from: Some(window_floor(vault.newest_month()?, offset)),
        until: None,
    };
    let mut candidates =
        vault.fold_transactions(&filter, Candidates::default(), |c, t| c.add(t))?;
    Ok(match candidates.newest {
        Some(newest) => build_window(newest, offset, &mut candidates),
        // No transactions at all: the empty window covers everything.
        None => {
            let mut empty = Window::default();
            empty.from = Timestamp::MIN;
            empty
        }
    })
}

impl Summary {
    /// Brings the summary up to date if the vault's data or the offset changed since it was
    /// built: the digest's head from the vault (or, without a digest for this offset, the
    /// whole digest rebuilt in memory), and the recent window.
    pub fn refresh(&mut self, vault: &Vault, offset: i32) -> Result<()> {
        if self.is_fresh(vault, offset) {
            return Ok(());
        }
        // Drop (and so zeroize) the old summary first, also when a read below fails.
        *self = Summary::default();
        let (head, months, lazy) = match vault.digest_head()? {
            Some(head) if head.offset == offset => (head, Default::default(), true),
            _ => {
                let (head, months) = vault.digest_rebuilt(offset)?;
                (head, months, false)
            }
        };
        let window = recent_window(vault, offset)?;
        self.merchants = head.merchants.keys().cloned().collect();
        self.present = head.months.clone();
        // Inserted, not collected (a collected map compiles its own sort).
        let loaded = self.months.get_mut();
        for (m, month) in months {
            loaded.insert(m, Some(month));
        }
        self.lazy = lazy;
        self.window = window;
        self.built_for = Some((vault.vault_id().to_vec(), vault.data_generation(), offset));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::month_index;

    /// The floor never cuts into the window, whatever the offset and wherever the newest
    /// transaction falls in its month.
    #[test]
    fn floor_is_below_every_possible_window_start() {
        let month_starts = [
            1_700_000_000_i64,
            1_704_067_200,
            1_709_251_200,
            1_735_689_600,
        ];
        for base in month_starts {
            let m = month_index(base);
            for newest in [
                month_start_ts(m),
                month_start_ts(m) + 1,
                month_start_ts(m) + 15 * DAY,
                month_start_ts(m + 1) - 1,
            ] {
                for offset in [-MAX_OFFSET_MINUTES, -300, 0, 330, MAX_OFFSET_MINUTES] {
                    let first = local_date(newest, offset).add_months_first(-3);
                    let start = day_start(first, offset);
                    let floor = window_floor(Some(month_index(newest)), offset);
                    assert!(floor <= start, "offset {offset}: floor after window start");
                }
            }
        }
        assert_eq!(window_floor(Some(24_300), 15 * 60), Timestamp::MIN);
        assert_eq!(window_floor(None, 0), Timestamp::MIN);
    }
}
