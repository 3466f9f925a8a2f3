//! A per-generation summary of the vault that keeps replies fast: the merchant names the slot
//! extractor needs and monthly spending totals per category and merchant for "compared with
//! your typical month". Rebuilt with one scan when the vault's write generation changes, so a
//! reply never rescans years of history. It lives in memory only.

use crate::model::{Category, TxnStatus};
use crate::vault::{Result, TxnFilter, TxnRef, Vault};
use std::collections::{BTreeSet, HashMap};

/// Whether a transaction counts as spending, and how much (positive = spent; refunds negative).
pub fn spend_of(t: &TxnRef<'_>) -> Option<i64> {
    match t.category {
        Some(Category::Transfer | Category::Income) => None,
        _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
        _ => Some(-t.amount),
    }
}

/// Totals of one month.
#[derive(Default, Clone)]
pub struct MonthTotals {
    /// All spending.
    pub all: i64,
    /// By category.
    pub by_category: HashMap<Category, i64>,
    /// By lower-cased merchant.
    pub by_merchant: HashMap<String, i64>,
}

impl std::fmt::Debug for MonthTotals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MonthTotals(<redacted>)")
    }
}

/// The cached summary.
#[derive(Default)]
pub struct Summary {
    generation: Option<u64>,
    /// Merchant names as stored (unique, sorted).
    pub merchants: Vec<String>,
    /// Month index (UTC) → totals.
    pub months: HashMap<i64, MonthTotals>,
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary")
            .field("months", &self.months.len())
            .finish_non_exhaustive()
    }
}

impl Summary {
    /// Whether the summary reflects the vault as it is now.
    pub fn is_fresh(&self, vault: &Vault) -> bool {
        self.generation == Some(vault.generation())
    }

    /// Records that a write which changed no transaction brought the vault to `generation`.
    pub fn carry_to(&mut self, generation: u64) {
        self.generation = Some(generation);
    }

    /// Rebuilds the summary if the vault changed since it was built.
    pub fn refresh(&mut self, vault: &Vault) -> Result<()> {
        if self.generation == Some(vault.generation()) {
            return Ok(());
        }
        let mut merchants = BTreeSet::new();
        let mut months: HashMap<i64, MonthTotals> = HashMap::new();
        vault.visit_transactions(&TxnFilter::default(), |t| {
            if let Some(m) = t.merchant {
                if !merchants.contains(m) {
                    merchants.insert(m.to_string());
                }
            }
            if let Some(spent) = spend_of(t) {
                let month = months
                    .entry(crate::time::month_index(t.transacted_at))
                    .or_default();
                month.all += spent;
                if let Some(c) = t.category {
                    *month.by_category.entry(c).or_default() += spent;
                }
                if let Some(m) = t.merchant {
                    *month.by_merchant.entry(m.to_lowercase()).or_default() += spent;
                }
            }
        })?;
        self.merchants = merchants.into_iter().collect();
        self.months = months;
        self.generation = Some(vault.generation());
        Ok(())
    }

    /// The median monthly spend over up to six complete months before `before_month` that
    /// have any data, for an optional category or merchant; `None` without history.
    pub fn typical_month(
        &self,
        before_month: i64,
        category: Option<Category>,
        merchant: Option<&str>,
    ) -> Option<i64> {
        let merchant = merchant.map(str::to_lowercase);
        let mut values: Vec<i64> = (1..=6)
            .filter_map(|k| self.months.get(&(before_month - k)))
            .map(|m| match (&merchant, category) {
                (Some(name), _) => m.by_merchant.get(name).copied().unwrap_or(0),
                (None, Some(c)) => m.by_category.get(&c).copied().unwrap_or(0),
                (None, None) => m.all,
            })
            .collect();
        if values.len() < 2 {
            return None;
        }
        values.sort_unstable();
        Some(values[values.len() / 2])
    }
}
