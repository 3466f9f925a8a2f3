//! Merges the batches of a chunked backfill into one: accounts by id (the latest chunk's
//! balances win), transactions by id (a transaction seen in two chunks is kept once), issues
//! without repeats.

use crate::model::{AccountId, SourceId, TxnId};
use crate::sources::ImportBatch;
use std::collections::HashMap;

/// Accumulates chunk batches.
pub(crate) struct Merger {
    batch: ImportBatch,
    accounts: HashMap<AccountId, usize>,
    txns: HashMap<TxnId, usize>,
}

impl Merger {
    pub(crate) fn new(source: SourceId) -> Merger {
        Merger {
            batch: ImportBatch {
                source: Some(source),
                ..ImportBatch::default()
            },
            accounts: HashMap::new(),
            txns: HashMap::new(),
        }
    }

    pub(crate) fn add(&mut self, chunk: ImportBatch) {
        if self.batch.accounts.is_empty() && self.batch.transactions.is_empty() {
            // First chunk: adopt it wholesale, indexing once.
            let source = self.batch.source.take();
            let issues = std::mem::take(&mut self.batch.account_issues);
            self.batch = chunk;
            self.batch.source = source;
            for i in issues {
                if !self.batch.account_issues.contains(&i) {
                    self.batch.account_issues.push(i);
                }
            }
            self.accounts = self
                .batch
                .accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect();
            self.txns.reserve(self.batch.transactions.len());
            for (i, t) in self.batch.transactions.iter().enumerate() {
                self.txns.insert(t.id.clone(), i);
            }
            return;
        }
        for a in chunk.accounts {
            match self.accounts.get(&a.id) {
                Some(&i) => {
                    if let Some(slot) = self.batch.accounts.get_mut(i) {
                        *slot = a;
                    }
                }
                None => {
                    self.accounts
                        .insert(a.id.clone(), self.batch.accounts.len());
                    self.batch.accounts.push(a);
                }
            }
        }
        for t in chunk.transactions {
            match self.txns.get(&t.id) {
                Some(&i) => {
                    if let Some(slot) = self.batch.transactions.get_mut(i) {
                        *slot = t;
                    }
                }
                None => {
                    self.txns
                        .insert(t.id.clone(), self.batch.transactions.len());
                    self.batch.transactions.push(t);
                }
            }
        }
        for i in chunk.account_issues {
            if !self.batch.account_issues.contains(&i) {
                self.batch.account_issues.push(i);
            }
        }
        self.batch.deletions.extend(chunk.deletions);
    }

    pub(crate) fn account_count(&self) -> usize {
        self.batch.accounts.len()
    }

    pub(crate) fn transaction_count(&self) -> usize {
        self.batch.transactions.len()
    }

    pub(crate) fn finish(self) -> ImportBatch {
        self.batch
    }
}
