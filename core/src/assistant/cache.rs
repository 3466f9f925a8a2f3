//! A summary of the vault that keeps replies fast, so that no reply decrypts blocks of
//! history the summary already holds:
//!
//! - the merchant names the slot extractor needs;
//! - spending totals and counts per local month and currency, overall, per category and per
//!   merchant: "how much on groceries in March" and "compared with your typical month" are
//!   answered from these; and per payee (merchant as stored, and category), the charges per
//!   day of the month: "how much at Costco in total", "how often do I go", "which restaurant do
//!   I go to most" ([`Summary::visit_payees`]); and the money in and out ([`Summary::months_flow`]);
//! - a recent window: every transaction from the first day of the month three months before
//!   the newest one, decrypted once. "Recent transactions", "last week", "this month", "last
//!   month" and the 90-day searches read it instead of the vault.
//!
//! It is refreshed when the vault (its id), its data generation ([`Vault::data_generation`])
//! or the user's UTC offset changes, so writes of the assistant's own bookkeeping (ledger,
//! tokens, alerts) leave it valid and any write of accounts or transactions invalidates it.
//! A refresh reads no old history: the month totals and merchant names come from the vault's
//! digest (`vault/digest.rs`), which every write keeps up to date, and are read month by month
//! when a reply first asks for them; the window is decrypted from the recent blocks only. Only
//! a vault without a digest for this offset (written before digests, or read with another
//! offset than the profile's) has its digest rebuilt in memory from every block. It is
//! zeroized when it is refreshed or dropped. The profile refreshes it right after a sync,
//! outside any reply.

mod build;

use crate::intent::slots::SpendKinds;
use crate::model::{AccountId, Category, TxnStatus};
use crate::money::Currency;
use crate::time::{Date, Timestamp};
use crate::vault::digest::{Flow, Month, Payee, PayeeKey};
use crate::vault::{Result, TxnFilter, TxnRef, Vault};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use zeroize::Zeroize;

/// What replies read of a transaction: a view of an entry of a vault block or of the
/// summary's recent window. Building one reads no string (only pointers), so scanning many
/// touches only what a filter needs.
#[derive(Clone, Copy)]
pub struct TxnView<'a> {
    /// Signed minor units, holder's view.
    pub amount: i64,
    /// Currency.
    pub currency: Currency,
    /// Pending or posted.
    pub status: TxnStatus,
    /// When it happened.
    pub transacted_at: Timestamp,
    /// Category when known.
    pub category: Option<Category>,
    /// Merchant when known.
    pub merchant: Option<&'a str>,
    /// Sanitised description.
    pub description: &'a str,
    /// Merchant category code, when the source gave one.
    pub mcc: Option<u16>,
    /// Its kinds of spending when already judged (the recent window judges each distinct
    /// merchant once); `None` for a view of a vault block ([`super::kinds::is_of`] judges it).
    pub kinds: Option<SpendKinds>,
}

impl std::fmt::Debug for TxnView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TxnView")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<'a> From<&TxnRef<'a>> for TxnView<'a> {
    fn from(t: &TxnRef<'a>) -> Self {
        TxnView {
            amount: t.amount,
            currency: t.currency,
            status: t.status,
            transacted_at: t.transacted_at,
            category: t.category,
            merchant: t.merchant,
            description: t.description,
            mcc: t.mcc,
            kinds: None,
        }
    }
}

/// One transaction of the recent window: the fields of [`TxnView`], its texts interned in
/// [`Window::texts`] (merchant names and descriptions repeat, so a text search tests each
/// distinct text once).
struct WindowTxn {
    amount: i64,
    currency: Currency,
    status: TxnStatus,
    transacted_at: Timestamp,
    category: Option<Category>,
    merchant: Option<u32>,
    description: u32,
    /// The source's merchant category code (kinds of spending are judged by it first).
    mcc: Option<u16>,
    /// Its kinds of spending, judged once when the window is built.
    kinds: SpendKinds,
}

/// Whether `wanted` (already lower-cased) occurs in `hay`, ignoring case. Allocates only for
/// non-ASCII text.
pub fn contains_lower(hay: &str, wanted: &str) -> bool {
    if hay.is_ascii() && wanted.is_ascii() {
        let (h, w) = (hay.as_bytes(), wanted.as_bytes());
        w.is_empty() || h.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w))
    } else {
        hay.to_lowercase().contains(wanted)
    }
}

/// Whether a transaction's merchant or description contains `wanted` (already lower-cased).
pub fn matches_text(t: &TxnView<'_>, wanted: &str) -> bool {
    t.merchant.is_some_and(|m| contains_lower(m, wanted)) || contains_lower(t.description, wanted)
}

/// Whether a transaction counts as spending, and how much (positive = spent; refunds negative).
pub fn spend_of(t: &TxnView<'_>) -> Option<i64> {
    crate::vault::digest::spend(t.category, t.status, t.amount)
}

/// Decrypted recent transactions, zeroized on drop.
#[derive(Default)]
struct Window {
    /// The window covers every transaction at or after this instant.
    from: Timestamp,
    /// Per account, sorted by time.
    by_account: Vec<(AccountId, Vec<WindowTxn>)>,
    /// Distinct merchant names and descriptions.
    texts: Vec<String>,
    /// The same, lower-cased, for text searches.
    lower: Vec<String>,
}

impl Window {
    fn len(&self) -> usize {
        self.by_account.iter().map(|(_, v)| v.len()).sum()
    }

    fn text(&self, i: u32) -> &str {
        self.texts.get(i as usize).map_or("", String::as_str)
    }

    fn view(&self, t: &WindowTxn) -> TxnView<'_> {
        TxnView {
            amount: t.amount,
            currency: t.currency,
            status: t.status,
            transacted_at: t.transacted_at,
            category: t.category,
            merchant: t.merchant.map(|i| self.text(i)),
            description: self.text(t.description),
            mcc: t.mcc,
            kinds: Some(t.kinds),
        }
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        for t in self.by_account.iter_mut().flat_map(|(_, v)| v.iter_mut()) {
            t.amount.zeroize();
            t.transacted_at.zeroize();
            t.mcc.zeroize();
            t.kinds = SpendKinds::default();
        }
        for text in self.texts.iter_mut().chain(self.lower.iter_mut()) {
            text.zeroize();
        }
        for (a, _) in &mut self.by_account {
            a.0.zeroize();
        }
    }
}

/// The cached summary.
#[derive(Default)]
pub struct Summary {
    /// `(vault id, data generation, UTC offset)` it was built for.
    built_for: Option<(Vec<u8>, u64, i32)>,
    /// Merchant names as stored (unique, sorted).
    pub merchants: Vec<String>,
    /// Local months that have totals.
    present: BTreeSet<i64>,
    /// Local month → totals per currency: read from the vault's digest when first asked for
    /// (`lazy`), or all built in memory when the vault has no digest for this offset.
    months: RefCell<BTreeMap<i64, Option<Month>>>,
    lazy: bool,
    window: Window,
    /// The first instant with data, read when a reply first asks for it.
    earliest: OnceCell<Option<Timestamp>>,
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary")
            .field("months", &self.present.len())
            .field("window", &self.window.len())
            .finish_non_exhaustive()
    }
}

impl Drop for Summary {
    fn drop(&mut self) {
        for m in &mut self.merchants {
            m.zeroize();
        }
        if let Some(mut e) = self.earliest.take().flatten() {
            e.zeroize();
        }
    }
}

/// The first instant of a local date.
fn day_start(d: Date, offset: i32) -> Timestamp {
    d.start_ts(offset)
}

impl Summary {
    /// Whether the summary reflects the vault as it is now, for this UTC offset.
    pub fn is_fresh(&self, vault: &Vault, offset: i32) -> bool {
        self.built_for.as_ref().is_some_and(|(id, generation, o)| {
            id.as_slice() == vault.vault_id()
                && *generation == vault.data_generation()
                && *o == offset
        })
    }

    /// Visits the transactions matching `filter` whose merchant or description contains
    /// `text` (already lower-cased), if given: from the recent window when it covers the
    /// filter's start, else from the vault. Order: newest first per account (window) or by
    /// month (vault); callers sort what they list.
    pub fn visit(
        &self,
        vault: &Vault,
        filter: &TxnFilter,
        text: Option<&str>,
        mut f: impl FnMut(&TxnView<'_>),
    ) -> Result<()> {
        let covered =
            self.built_for.is_some() && filter.from.is_some_and(|from| from >= self.window.from);
        if !covered {
            return vault.visit_transactions(filter, |t| {
                let v = TxnView::from(t);
                if text.is_none_or(|w| matches_text(&v, w)) {
                    f(&v);
                }
            });
        }
        // Each distinct text is searched at most once, in its lower-cased copy: 0 = not yet,
        // 1 = no, 2 = yes.
        let mut memo = vec![
            0u8;
            if text.is_some() {
                self.window.lower.len()
            } else {
                0
            }
        ];
        let mut hit = |i: u32| -> bool {
            let Some(w) = text else { return true };
            let i = i as usize;
            match memo.get(i) {
                Some(2) => true,
                Some(1) => false,
                _ => {
                    let yes = self.window.lower.get(i).is_some_and(|t| t.contains(w));
                    if let Some(m) = memo.get_mut(i) {
                        *m = if yes { 2 } else { 1 };
                    }
                    yes
                }
            }
        };
        let from = filter.from.unwrap_or(Timestamp::MIN);
        let until = filter.until.unwrap_or(Timestamp::MAX);
        for (account, txns) in &self.window.by_account {
            if filter.account.as_ref().is_some_and(|a| a != account) {
                continue;
            }
            let start = txns.partition_point(|t| t.transacted_at < from);
            let end = txns.partition_point(|t| t.transacted_at < until);
            // Newest first: a caller listing the most recent few stops replacing early.
            for t in txns.get(start..end).unwrap_or(&[]).iter().rev() {
                if text.is_none() || t.merchant.is_some_and(&mut hit) || hit(t.description) {
                    f(&self.window.view(t));
                }
            }
        }
        Ok(())
    }

    /// The first local month index with any transaction, if the summary was built.
    pub fn first_month(&self) -> Option<i64> {
        self.present.first().copied()
    }

    /// The first instant with data, if the summary was built: read once from the blocks
    /// around its first month, which a data-coverage note asks for at every reply over all
    /// the data.
    pub fn earliest(&self, vault: &Vault) -> Result<Option<Timestamp>> {
        if let Some(e) = self.earliest.get() {
            return Ok(*e);
        }
        let Some(first) = self.first_month() else {
            return Ok(None);
        };
        // The first local month is within a UTC month of the blocks' months.
        let filter = TxnFilter {
            account: None,
            from: Some(crate::time::month_start_ts(first - 1)),
            until: Some(crate::time::month_start_ts(first + 2)),
        };
        let mut earliest: Option<Timestamp> = None;
        vault.visit_transactions(&filter, |t| {
            earliest = Some(earliest.map_or(t.transacted_at, |e| e.min(t.transacted_at)));
        })?;
        Ok(*self.earliest.get_or_init(|| earliest))
    }

    /// Runs `f` on each payee of the whole local months `[first, first + n)` in one
    /// currency, with its month; `None` (and `f` not run) when the summary was not built or a
    /// month cannot be read: callers then visit the transactions.
    pub fn visit_payees(
        &self,
        vault: &Vault,
        first: i64,
        n: i64,
        currency: Currency,
        f: &mut dyn FnMut(i64, &PayeeKey, &Payee),
    ) -> Option<()> {
        self.built_for.as_ref()?;
        let wanted = first..first.saturating_add(n);
        // Every month read first, so that `f` sees all of them or none.
        for m in self.present.iter().filter(|m| wanted.contains(m)) {
            self.with_month(vault, *m, |_| ())?;
        }
        // Now in memory: the months with totals (a month without is not in `present`).
        let months = self.months.try_borrow().ok()?;
        for (m, month) in months.iter().filter(|(m, _)| wanted.contains(m)) {
            for (key, p) in month
                .iter()
                .filter_map(|month| month.0.get(&currency))
                .flat_map(|t| &t.payees)
            {
                f(*m, key, p);
            }
        }
        Some(())
    }

    /// Runs `f` on one local month's totals (`None` when the month has none), reading them
    /// from the vault's digest the first time; `None` when the summary was not built or the
    /// month cannot be read (callers then fall back to visiting the transactions).
    fn with_month<R>(
        &self,
        vault: &Vault,
        month: i64,
        f: impl FnOnce(Option<&Month>) -> R,
    ) -> Option<R> {
        self.built_for.as_ref()?;
        if !self.present.contains(&month) {
            return Some(f(None));
        }
        let mut months = self.months.try_borrow_mut().ok()?;
        let loaded = match months.entry(month) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(_) if !self.lazy => return Some(f(None)),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(vault.digest_month(month).ok()?)
            }
        };
        Some(f(loaded.as_ref()))
    }

    /// Money in and out over the whole local months `[first, first + n)` in one currency;
    /// `None` when the summary was not built or a month cannot be read (callers then visit
    /// the transactions).
    pub fn months_flow(&self, vault: &Vault, first: i64, n: i64, currency: Currency) -> Option<Flow> {
        self.built_for.as_ref()?;
        let mut flow = Flow::default();
        for m in self.present.range(first..first.saturating_add(n)) {
            self.with_month(vault, *m, |month| {
                if let Some(t) = month.and_then(|month| month.0.get(&currency)) {
                    flow.add(t.flow, 1);
                }
            })?;
        }
        Some(flow)
    }

    /// The median monthly spend over up to six complete months before `before_month` that
    /// have any data in `currency`, for an optional category or merchant; `None` without
    /// history.
    pub fn typical_month(
        &self,
        vault: &Vault,
        before_month: i64,
        currency: Currency,
        category: Option<Category>,
        merchant: Option<&str>,
    ) -> Option<i64> {
        let merchant = merchant.map(str::to_lowercase);
        let mut values: Vec<i64> = Vec::new();
        for k in 1..=6 {
            let value = self.with_month(vault, before_month - k, |month| {
                // A month with money in but no spending is no month of spending.
                let t = month
                    .and_then(|month| month.0.get(&currency))
                    .filter(|t| t.all.count != 0)?;
                Some(match (&merchant, category) {
                    (Some(name), _) => t.by_merchant.get(name).map_or(0, |s| s.total),
                    (None, Some(c)) => t.by_category.get(&c).map_or(0, |s| s.total),
                    (None, None) => t.all.total,
                })
            })?;
            values.extend(value);
        }
        if values.len() < 2 {
            return None;
        }
        crate::sort::sort(&mut values);
        values.get(values.len() / 2).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assistant::tests::sandbox_vault;
    use crate::time::local_date;

    /// The window and the month totals give exactly what a vault scan gives.
    #[test]
    fn window_and_months_match_the_vault() {
        let (_d, v, data) = sandbox_vault();
        let mut s = Summary::default();
        for offset in [0, -300, 330] {
            s.refresh(&v, offset).unwrap();
            assert!(s.is_fresh(&v, offset));
            let today = local_date(data.end, offset);
            let texts = [None, Some("a"), Some("costco"), Some("no such text")];
            for (back, text) in [1i64, 7, 30, 60, 90, 400]
                .into_iter()
                .flat_map(|b| texts.map(|t| (b, t)))
            {
                let filter = TxnFilter {
                    account: None,
                    from: Some(today.add_days(-back).start_ts(offset)),
                    until: Some(today.add_days(1).start_ts(offset)),
                };
                let fields = |t: &TxnView<'_>| {
                    (
                        t.transacted_at,
                        t.amount,
                        t.currency,
                        t.status == TxnStatus::Pending,
                        t.category,
                        t.merchant.map(str::to_string),
                        t.description.to_string(),
                        t.mcc,
                        // The window's kinds, judged when it was built, are those a vault
                        // block's view is judged to have.
                        crate::assistant::kinds::of(t).bits(),
                    )
                };
                let mut direct = Vec::new();
                v.visit_transactions(&filter, |t| {
                    let view = TxnView::from(t);
                    if text.is_none_or(|w| matches_text(&view, w)) {
                        direct.push(fields(&view));
                    }
                })
                .unwrap();
                let mut cached = Vec::new();
                s.visit(&v, &filter, text, |t| cached.push(fields(t)))
                    .unwrap();
                direct.sort();
                cached.sort();
                assert!(direct == cached, "{back} days, {text:?}, offset {offset}");
                // Not vacuous: the sandbox buys fuel (by its code), and the window says so.
                let fuel = SpendKinds::of(crate::intent::slots::SpendKind::Fuel).bits();
                assert!(back < 30 || text.is_some() || direct.iter().any(|f| f.8 & fuel != 0));
                assert!(back < 30 || text.is_some() || !direct.is_empty());
            }
            let month = today.add_months_first(-1);
            let (from, until) = (
                month.start_ts(offset),
                month.add_months_first(1).start_ts(offset),
            );
            let mut want = (0i64, 0i64);
            let filter = TxnFilter {
                account: None,
                from: Some(from),
                until: Some(until),
            };
            v.visit_transactions(&filter, |t| {
                if let (Some(spent), Some(Category::Groceries)) =
                    (spend_of(&TxnView::from(t)), t.category)
                {
                    want = (want.0 + spent, want.1 + 1);
                }
            })
            .unwrap();
            let mut got = (0i64, 0i64);
            s.visit_payees(&v, month.month_index(), 1, Currency::USD, &mut |_, key, p| {
                if key.0 == Some(Category::Groceries) {
                    got = (got.0 + p.spent.total, got.1 + p.spent.count);
                }
            })
            .unwrap();
            assert!(got == want && want.1 > 0);
        }
    }

    /// Bookkeeping writes keep the summary; a transaction write invalidates it.
    #[test]
    fn only_data_writes_invalidate() {
        let (_d, mut v, _data) = sandbox_vault();
        let mut s = Summary::default();
        s.refresh(&v, 0).unwrap();
        v.write(|w| w.put_setting("x", None, b"1")).unwrap();
        assert!(s.is_fresh(&v, 0));
        assert!(!s.is_fresh(&v, 60));
        let one = v.transactions(&TxnFilter::default()).unwrap().remove(0);
        v.write(|w| w.upsert_transactions(&[one]).map(|_| ()))
            .unwrap();
        assert!(!s.is_fresh(&v, 0));
    }
}
