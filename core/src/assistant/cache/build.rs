//! Building the [`Summary`] in one pass over the vault, on several cores.
//!
//! Why this shape: the rebuild runs after every import and sync, and for a large first
//! import it was a sixth of the time the person waited. It used to scan the vault twice on
//! one core (every transaction for the month totals, then the last months again for the
//! recent window). Now the vault folds every block once ([`Vault::fold_transactions`]): each
//! run of blocks gets its own [`Partial`] (month totals, merchant names, and the recent
//! window's candidates), and the partials are merged in block order, so the result is the
//! one a single sequential pass gives. Which transactions can be in the window is known
//! before the scan from the newest month bucket (a plaintext column): see [`window_floor`].

use super::{day_start, spend_of, MonthTotals, Summary, Tally, TxnView, Window, WindowTxn};
use crate::model::{AccountId, AccountKind, Category, TxnStatus};
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
}

impl Drop for Candidate {
    fn drop(&mut self) {
        self.amount.zeroize();
        self.transacted_at.zeroize();
        self.merchant.zeroize();
        self.description.zeroize();
    }
}

/// What one run of blocks contributes.
#[derive(Default)]
struct Partial {
    newest: Option<Timestamp>,
    /// Each distinct merchant once, with its lower-cased key (one allocation per merchant,
    /// not per transaction).
    lower_of: HashMap<String, String>,
    months: HashMap<(i64, Currency), MonthTotals>,
    /// Window candidates per account, in block order.
    candidates: HashMap<String, Vec<Candidate>>,
    /// Consecutive transactions mostly fall on the same local day: (day, month index).
    day_cache: Option<(i64, i64)>,
}

impl Drop for Partial {
    fn drop(&mut self) {
        for (mut m, mut lower) in self.lower_of.drain() {
            m.zeroize();
            lower.zeroize();
        }
        for (mut a, _) in self.candidates.drain() {
            a.zeroize();
        }
    }
}

/// What [`Partial::add`] needs besides the transaction.
struct Context<'a> {
    offset: i32,
    loans: &'a [AccountId],
    floor: Timestamp,
}

impl Partial {
    fn add(&mut self, t: &TxnRef<'_>, cx: &Context<'_>) {
        self.newest = Some(
            self.newest
                .map_or(t.transacted_at, |n| n.max(t.transacted_at)),
        );
        if t.transacted_at >= cx.floor {
            let c = Candidate {
                amount: t.amount,
                currency: t.currency,
                status: t.status,
                transacted_at: t.transacted_at,
                category: t.category,
                merchant: t.merchant.map(str::to_string),
                description: t.description.to_string(),
            };
            match self.candidates.get_mut(t.account) {
                Some(v) => v.push(c),
                None => self
                    .candidates
                    .entry(t.account.to_string())
                    .or_default()
                    .push(c),
            }
        }
        let lower = t.merchant.map(|m| {
            if !self.lower_of.contains_key(m) {
                self.lower_of.insert(m.to_string(), m.to_lowercase());
            }
            self.lower_of.get(m).map_or("", String::as_str)
        });
        // Spending answers leave loan accounts out; so do the month totals.
        let loan = cx.loans.iter().any(|l| l.0 == t.account);
        let (Some(spent), false) = (spend_of(&TxnView::from(t)), loan) else {
            return;
        };
        let day = (t.transacted_at + i64::from(cx.offset) * 60).div_euclid(86_400);
        let month = match self.day_cache {
            Some((d, m)) if d == day => m,
            _ => {
                let m = local_date(t.transacted_at, cx.offset).month_index();
                self.day_cache = Some((day, m));
                m
            }
        };
        let totals = self.months.entry((month, t.currency)).or_default();
        totals.all.add(spent);
        if let Some(c) = t.category {
            totals.by_category.entry(c).or_default().add(spent);
        }
        if let Some(lower) = lower {
            match totals.by_merchant.get_mut(lower) {
                Some(tally) => tally.add(spent),
                None => totals
                    .by_merchant
                    .entry(lower.to_string())
                    .or_default()
                    .add(spent),
            }
        }
    }

    /// Adds a later run's partial to this one.
    // `contains_key` then `insert` on purpose: `entry` would drop a repeated merchant name
    // without zeroizing it.
    #[allow(clippy::map_entry)]
    fn merge(&mut self, mut later: Partial) {
        self.newest = match (self.newest, later.newest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for (mut m, mut lower) in later.lower_of.drain() {
            if self.lower_of.contains_key(&m) {
                m.zeroize();
                lower.zeroize();
            } else {
                self.lower_of.insert(m, lower);
            }
        }
        for (key, mut month) in later.months.drain() {
            let into = self.months.entry(key).or_default();
            into.all.merge(month.all);
            for (c, tally) in month.by_category.drain() {
                into.by_category.entry(c).or_default().merge(tally);
            }
            for (mut name, tally) in month.by_merchant.drain() {
                match into.by_merchant.get_mut(&name) {
                    Some(t) => {
                        t.merge(tally);
                        name.zeroize();
                    }
                    None => {
                        into.by_merchant.insert(name, tally);
                    }
                }
            }
        }
        for (mut account, mut list) in later.candidates.drain() {
            match self.candidates.get_mut(&account) {
                Some(v) => {
                    v.append(&mut list);
                    account.zeroize();
                }
                None => {
                    self.candidates.insert(account, list);
                }
            }
        }
    }
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.total += other.total;
        self.count += other.count;
    }
}

/// The recent window from the merged candidates: those at or after the first day of the
/// local month three months before `newest`, per account in time order, texts interned.
fn build_window(newest: Timestamp, offset: i32, candidates: &mut Partial) -> Window {
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
    let mut by_account = Vec::with_capacity(candidates.candidates.len());
    for (account, list) in candidates.candidates.drain() {
        let mut txns: Vec<WindowTxn> = Vec::new();
        for c in list.iter().filter(|c| c.transacted_at >= from) {
            let merchant = c.merchant.as_deref().map(|m| intern(&mut window, m));
            let description = intern(&mut window, &c.description);
            txns.push(WindowTxn {
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
        txns.sort_by_key(|t| t.transacted_at);
        by_account.push((AccountId(account), txns));
    }
    for (mut k, _) in interned.drain() {
        k.zeroize();
    }
    window.by_account = by_account;
    window
}

impl Summary {
    /// Rebuilds the summary if the vault's data or the offset changed since it was built.
    pub fn refresh(&mut self, vault: &Vault, offset: i32) -> Result<()> {
        if self.is_fresh(vault, offset) {
            return Ok(());
        }
        // Drop (and so zeroize) the old summary first, also when the scan below fails.
        *self = Summary::default();
        let loans: Vec<AccountId> = vault
            .accounts()?
            .into_iter()
            .filter(|a| a.kind == AccountKind::Loan)
            .map(|a| a.id)
            .collect();
        let cx = Context {
            offset,
            loans: &loans,
            floor: window_floor(vault.newest_month()?, offset),
        };
        let partials =
            vault.fold_transactions(&TxnFilter::default(), Partial::default, |p, t| {
                p.add(t, &cx)
            })?;
        let mut all = Partial::default();
        for p in partials {
            all.merge(p);
        }
        let window = match all.newest {
            Some(newest) => build_window(newest, offset, &mut all),
            // No transactions at all: the empty window covers everything.
            None => {
                let mut empty = Window::default();
                empty.from = Timestamp::MIN;
                empty
            }
        };
        let mut merchants: Vec<String> = Vec::with_capacity(all.lower_of.len());
        for (m, mut lower) in all.lower_of.drain() {
            lower.zeroize();
            merchants.push(m);
        }
        merchants.sort_unstable();
        self.merchants = merchants;
        self.months = std::mem::take(&mut all.months);
        self.window = window;
        self.built_for = Some((vault.vault_id().to_vec(), vault.data_generation(), offset));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::sandbox::SandboxBank;
    use crate::time::{month_index, Date};

    /// Everything a partial holds, in a comparable form.
    type Flat = (
        Option<Timestamp>,
        Vec<(String, String)>,
        Vec<(
            (i64, Currency),
            Tally,
            Vec<(Category, Tally)>,
            Vec<(String, Tally)>,
        )>,
        Vec<(String, Vec<(i64, Timestamp, Option<String>, String)>)>,
    );

    fn flatten(p: &Partial) -> Flat {
        let mut lower: Vec<(String, String)> = p
            .lower_of
            .iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect();
        lower.sort();
        let mut months: Vec<_> = p
            .months
            .iter()
            .map(|(k, m)| {
                let mut cats: Vec<(Category, Tally)> =
                    m.by_category.iter().map(|(c, t)| (*c, *t)).collect();
                cats.sort_by_key(|(c, _)| format!("{c:?}"));
                let mut names: Vec<(String, Tally)> =
                    m.by_merchant.iter().map(|(n, t)| (n.clone(), *t)).collect();
                names.sort_by(|a, b| a.0.cmp(&b.0));
                (*k, m.all, cats, names)
            })
            .collect();
        months.sort_by_key(|(k, ..)| (k.0, format!("{:?}", k.1)));
        let mut candidates: Vec<_> = p
            .candidates
            .iter()
            .map(|(a, list)| {
                let list = list
                    .iter()
                    .map(|c| {
                        (
                            c.amount,
                            c.transacted_at,
                            c.merchant.clone(),
                            c.description.clone(),
                        )
                    })
                    .collect();
                (a.clone(), list)
            })
            .collect();
        candidates.sort_by(|a, b| a.0.cmp(&b.0));
        (p.newest, lower, months, candidates)
    }

    /// Folding runs separately and merging them in order gives exactly the one-run result,
    /// wherever the runs are cut (the parallel rebuild's correctness rests on this).
    #[test]
    fn merged_runs_equal_one_run() {
        let data = SandboxBank::generate(5, Date::new(2025, 1, 1).unwrap(), 12);
        let batch = data.batch();
        let txns = &batch.transactions;
        assert!(txns.len() > 500);
        let loans: Vec<AccountId> = batch
            .accounts
            .iter()
            .filter(|a| a.kind == AccountKind::Loan)
            .map(|a| a.id.clone())
            .collect();
        let newest = txns.iter().map(|t| t.transacted_at).max().unwrap();
        for offset in [-600, 0, 120] {
            let cx = Context {
                offset,
                loans: &loans,
                floor: window_floor(Some(month_index(newest)), offset),
            };
            let fold = |range: &[crate::model::Transaction]| {
                let mut p = Partial::default();
                for t in range {
                    p.add(&TxnRef::borrowed(t), &cx);
                }
                p
            };
            let whole = flatten(&fold(txns));
            assert!(!whole.3.is_empty(), "no window candidates");
            for cuts in [vec![1], vec![txns.len() / 2], vec![7, 300, txns.len() - 1]] {
                let mut merged = Partial::default();
                let mut start = 0;
                for &cut in cuts.iter().chain([txns.len()].iter()) {
                    merged.merge(fold(&txns[start..cut]));
                    start = cut;
                }
                assert_eq!(flatten(&merged), whole, "cuts {cuts:?}, offset {offset}");
            }
        }
    }

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
