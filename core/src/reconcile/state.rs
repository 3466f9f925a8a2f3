//! The working set of reconciliation: every transaction by id, borrowed from the input until a
//! rule changes it.
//!
//! Why not a plain `HashMap<&str, Cow<Transaction>>`: reconciliation walks its whole state
//! several times, and a hash map walks it in hash order, so each step dereferences a
//! transaction somewhere else in memory (a first import of 100,000 transactions spent most of
//! its time on cache misses and on moving 230-byte values around a 30 MB table). Here the
//! entries live in a vector in insertion order (stored transactions, then the batch in its
//! order), the map holds only indices, and an entry is 16 bytes.

use crate::model::{Transaction, TxnId};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Deref;

/// A transaction in a plan or in the working set: borrowed from the caller's input, or owned
/// once a rule changed it (a pending link recorded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlannedTxn<'a> {
    /// The caller's transaction, unchanged.
    Borrowed(&'a Transaction),
    /// A changed copy.
    Owned(Box<Transaction>),
}

impl Deref for PlannedTxn<'_> {
    type Target = Transaction;
    fn deref(&self) -> &Transaction {
        match self {
            PlannedTxn::Borrowed(t) => t,
            PlannedTxn::Owned(t) => t,
        }
    }
}

impl PlannedTxn<'_> {
    /// Records (or clears) the pending charge this transaction settles, copying it first
    /// when borrowed.
    pub(super) fn set_pending_link(&mut self, link: Option<TxnId>) {
        match self {
            PlannedTxn::Owned(t) => t.pending_link = link,
            PlannedTxn::Borrowed(t) => {
                let mut copy = (*t).clone();
                copy.pending_link = link;
                *self = PlannedTxn::Owned(Box::new(copy));
            }
        }
    }

    /// The transaction, copied when borrowed.
    pub fn into_owned(self) -> Transaction {
        match self {
            PlannedTxn::Borrowed(t) => t.clone(),
            PlannedTxn::Owned(t) => *t,
        }
    }
}

/// Transactions by id, iterated in insertion order.
pub(super) struct State<'a> {
    slots: Vec<Option<(&'a str, PlannedTxn<'a>)>>,
    index: HashMap<&'a str, usize>,
}

impl<'a> State<'a> {
    pub(super) fn with_capacity(n: usize) -> State<'a> {
        State {
            slots: Vec::with_capacity(n),
            index: HashMap::with_capacity(n),
        }
    }

    /// Sets `id` to `t`, in place when the id is present (its position is kept).
    pub(super) fn insert(&mut self, id: &'a str, t: PlannedTxn<'a>) {
        match self.index.entry(id) {
            Entry::Occupied(e) => {
                if let Some(slot) = self.slots.get_mut(*e.get()) {
                    *slot = Some((id, t));
                }
            }
            Entry::Vacant(e) => {
                e.insert(self.slots.len());
                self.slots.push(Some((id, t)));
            }
        }
    }

    pub(super) fn get(&self, id: &str) -> Option<&PlannedTxn<'a>> {
        let i = *self.index.get(id)?;
        self.slots.get(i)?.as_ref().map(|(_, t)| t)
    }

    pub(super) fn get_mut(&mut self, id: &str) -> Option<&mut PlannedTxn<'a>> {
        let i = *self.index.get(id)?;
        self.slots.get_mut(i)?.as_mut().map(|(_, t)| t)
    }

    pub(super) fn contains_key(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub(super) fn remove(&mut self, id: &str) -> Option<PlannedTxn<'a>> {
        let i = self.index.remove(id)?;
        self.slots.get_mut(i)?.take().map(|(_, t)| t)
    }

    /// Every entry, in insertion order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&'a str, &PlannedTxn<'a>)> + '_ {
        self.slots.iter().flatten().map(|(id, t)| (*id, t))
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &PlannedTxn<'a>> + '_ {
        self.iter().map(|(_, t)| t)
    }

    /// Keeps the entries for which `keep` says so.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&'a str, &PlannedTxn<'a>) -> bool) {
        for slot in &mut self.slots {
            if let Some((id, t)) = slot {
                if !keep(id, t) {
                    self.index.remove(*id);
                    *slot = None;
                }
            }
        }
    }

    /// Every entry, in insertion order, consuming the state.
    pub(super) fn into_entries(self) -> impl Iterator<Item = (&'a str, PlannedTxn<'a>)> {
        self.slots.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txn(id: &str) -> Transaction {
        crate::reconcile::tests::pending(id, "a", -100, 0, "")
    }

    #[test]
    fn keeps_insertion_order_and_positions() {
        let (a, b, c) = (txn("a"), txn("b"), txn("c"));
        let mut s = State::with_capacity(4);
        s.insert("b", PlannedTxn::Borrowed(&b));
        s.insert("a", PlannedTxn::Borrowed(&a));
        s.insert("c", PlannedTxn::Borrowed(&c));
        s.insert("b", PlannedTxn::Borrowed(&b));
        assert!(s.remove("a").is_some());
        assert!(s.remove("a").is_none());
        s.insert("a", PlannedTxn::Borrowed(&a));
        let ids: Vec<&str> = s.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        s.retain(|id, _| id != "c");
        assert!(!s.contains_key("c"));
        assert!(s.get("c").is_none());
        let link = Some(TxnId("p".into()));
        s.get_mut("b").unwrap().set_pending_link(link.clone());
        assert_eq!(s.get("b").unwrap().pending_link, link);
        assert_eq!(b.pending_link, None);
        let out: Vec<(&str, bool)> = s
            .into_entries()
            .map(|(id, t)| (id, t.pending_link.is_some()))
            .collect();
        assert_eq!(out, [("b", true), ("a", false)]);
    }
}
