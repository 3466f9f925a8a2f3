//! The persisted digest of the transactions: what the assistant's summary reads of old history
//! (spending per local month, currency, category and merchant; the merchant names), kept up to
//! date by every write instead of refolded from the whole vault.
//!
//! Why here and not in the assistant: every write that changes a transaction goes through
//! [`super::WriteTx`], so the vault is the one place that sees each change (inserts, updates,
//! pending→posted, deletions, expiries, `forget_source`) and can apply it in the same SQLite
//! transaction, under the same write generation. Each change is a signed contribution
//! (`Change::note`): the stored version of a replaced transaction is taken out, the new one
//! put in. So a sync costs the months it touches, not the length of the history.
//!
//! Storage: encrypted setting records (keyed name references, covered by the table counts and
//! by `vault check`): one head (UTC offset, loan accounts, merchant names with their counts,
//! the months present) and one record per local month. A month also keeps, per payee (the
//! merchant name as stored) and category, the spending and the charges per day of the month:
//! "how much at Costco in total", "when did I first go", "when do I pay rent", "how often"
//! are answered from them without reading the history's blocks; and the month's money in and
//! out ([`Flow`]), which "how much did I save" nets. Each record starts with
//! [`FORMAT`]; a digest in another format (written by an older Tacit) is read as none, so it is
//! rebuilt, its old month records deleted (`Pending::load`, `rebuild_stored`). A full rebuild (`rebuild`) stays for
//! vaults written before the digest existed, a new UTC offset, a change of which accounts are
//! loans, and `vault check`, which compares the stored digest with a rebuild.

use super::blocks::{self, TxnFilter};
use super::codec::{DecodeError, Reader, Writer};
use super::error::{Result, VaultError};
use super::keys::VaultKeys;
use super::records::TxnRef;
use super::tables::{self, KvTable};
use crate::model::{AccountKind, Category, TxnStatus};
use crate::money::Currency;
use crate::time::local_date;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};
use zeroize::Zeroize;

const HEAD: &str = "digest.head";
/// The records' format: 2 added the payees ([`Payee`]), 3 the money in and out ([`Flow`]).
const FORMAT: u8 = 3;

fn month_name(month: i64) -> String {
    format!("digest.month.{month}")
}

/// Whether a transaction counts as spending, and how much (positive = spent; refunds
/// negative): transfers and income never do, nor money coming in that is still pending.
pub fn spend(category: Option<Category>, status: TxnStatus, amount: i64) -> Option<i64> {
    match category {
        Some(Category::Transfer | Category::Income) => None,
        _ if status == TxnStatus::Pending && amount > 0 => None,
        _ => Some(-amount),
    }
}

/// Money in and out of a local month, transfers aside (moves between the person's own
/// accounts and card payments count neither way): what "how much did I save" nets.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Flow {
    /// Posted credits (pay, refunds, interest, other deposits); a pending credit may still be
    /// reversed and is left out.
    pub money_in: i64,
    /// Debits, pending ones too (positive: the money is committed).
    pub money_out: i64,
}

impl std::fmt::Debug for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Flow(<redacted>)")
    }
}

impl Flow {
    /// A transaction's money in or out; `None` for a transfer and for what counts neither
    /// way (a pending credit, a zero amount).
    pub fn of(category: Option<Category>, status: TxnStatus, amount: i64) -> Option<Flow> {
        match category {
            Some(Category::Transfer) => None,
            _ if amount > 0 && status == TxnStatus::Posted => Some(Flow {
                money_in: amount,
                money_out: 0,
            }),
            _ if amount < 0 => Some(Flow {
                money_in: 0,
                money_out: amount.wrapping_neg(),
            }),
            _ => None,
        }
    }

    /// Adds `other` times `sign`.
    pub fn add(&mut self, other: Flow, sign: i64) {
        self.money_in = self.money_in.wrapping_add(other.money_in.wrapping_mul(sign));
        self.money_out = self.money_out.wrapping_add(other.money_out.wrapping_mul(sign));
    }
}

/// A signed sum and count of spending transactions.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    /// Sum of [`spend`].
    pub total: i64,
    /// Number of spending transactions.
    pub count: i64,
}

impl std::fmt::Debug for Sum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sum(<redacted>)")
    }
}

impl Sum {
    fn add(&mut self, spent: i64, sign: i64) {
        self.total = self.total.wrapping_add(spent.wrapping_mul(sign));
        self.count += sign;
    }

    fn merge(&mut self, other: Sum) {
        self.total = self.total.wrapping_add(other.total);
        self.count += other.count;
    }
}

/// Spending at one payee in one category in one local month: what [`Sum`] says, and the
/// charges (money out, refunds aside) alone: their sum and how many came on each day.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Payee {
    /// All spending there, refunds netted, as [`spend`] counts it.
    pub spent: Sum,
    /// The sum of the charges (positive).
    pub charged: i64,
    /// How many charges came on each day of the month (index 0: the 1st).
    pub days: [i32; 31],
}

impl std::fmt::Debug for Payee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Payee(<redacted>)")
    }
}

impl Payee {
    fn add(&mut self, spent: i64, day: u32, sign: i64) {
        self.spent.add(spent, sign);
        if spent > 0 {
            self.charged = self.charged.wrapping_add(spent.wrapping_mul(sign));
            if let Some(n) = self.days.get_mut(day.wrapping_sub(1) as usize) {
                *n += sign as i32;
            }
        }
    }

    fn merge(&mut self, other: &Payee) {
        self.spent.merge(other.spent);
        self.charged = self.charged.wrapping_add(other.charged);
        for (n, o) in self.days.iter_mut().zip(other.days) {
            *n += o;
        }
    }

    /// How many charges.
    pub fn charges(&self) -> i64 {
        self.days.iter().map(|n| i64::from(*n)).sum()
    }
}

/// A payee's key: its category and its merchant name as stored ("" for none).
pub type PayeeKey = (Option<Category>, String);

/// Spending of one local month in one currency.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// All spending.
    pub all: Sum,
    /// Money in and out (spending or not, transfers aside).
    pub flow: Flow,
    /// By category.
    pub by_category: BTreeMap<Category, Sum>,
    /// By lower-cased merchant name.
    pub by_merchant: BTreeMap<String, Sum>,
    /// By payee, in key order (a sorted list: a map here cost the mobile library kilobytes).
    pub payees: Vec<(PayeeKey, Payee)>,
}

impl std::fmt::Debug for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Totals(<redacted>)")
    }
}

impl Drop for Totals {
    fn drop(&mut self) {
        self.all.total.zeroize();
        self.flow.money_in.zeroize();
        self.flow.money_out.zeroize();
        for (_, mut s) in std::mem::take(&mut self.by_category) {
            s.total.zeroize();
        }
        for (mut name, mut s) in std::mem::take(&mut self.by_merchant) {
            name.zeroize();
            s.total.zeroize();
        }
        for ((_, name), p) in &mut self.payees {
            name.zeroize();
            p.spent.total.zeroize();
            p.charged.zeroize();
            p.days.zeroize();
        }
    }
}

impl Totals {
    fn is_empty(&self) -> bool {
        self.all == Sum::default()
            && self.flow == Flow::default()
            && self.by_category.is_empty()
            && self.by_merchant.is_empty()
            && self.payees.is_empty()
    }

    /// Adds `other` (signed) and drops entries that come to nothing, so that a digest kept
    /// by changes holds exactly what a rebuild holds.
    fn merge(&mut self, other: &Totals) {
        self.all.merge(other.all);
        self.flow.add(other.flow, 1);
        for (c, s) in &other.by_category {
            merge_entry(&mut self.by_category, *c, *s);
        }
        for (name, s) in &other.by_merchant {
            merge_entry(&mut self.by_merchant, name.clone(), *s);
        }
        for ((c, name), p) in &other.payees {
            payee_mut(&mut self.payees, *c, name).merge(p);
        }
        self.payees.retain(|(_, p)| *p != Payee::default());
    }
}

/// The payee of a category and name in a sorted list, added in its place when missing.
fn payee_mut<'a>(
    payees: &'a mut Vec<(PayeeKey, Payee)>,
    category: Option<Category>,
    name: &str,
) -> &'a mut Payee {
    let i = payees
        .binary_search_by(|((c, n), _)| (*c, n.as_str()).cmp(&(category, name)))
        .unwrap_or_else(|i| {
            payees.insert(i, ((category, name.to_string()), Payee::default()));
            i
        });
    &mut payees[i].1
}

fn merge_entry<K: Ord>(map: &mut BTreeMap<K, Sum>, key: K, s: Sum) {
    let e = map.entry(key).or_default();
    e.merge(s);
    if *e == Sum::default() {
        // `retain` rather than `remove(&key)`: the key was moved into the entry.
        map.retain(|_, v| *v != Sum::default());
    }
}

/// One local month: totals per currency.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Month(pub BTreeMap<Currency, Totals>);

impl Month {
    fn merge(&mut self, other: &Month) {
        for (c, t) in &other.0 {
            self.0.entry(*c).or_default().merge(t);
        }
        self.0.retain(|_, t| !t.is_empty());
    }

    fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(256);
        w.u8(FORMAT);
        w.varu(self.0.len() as u64);
        for (currency, t) in &self.0 {
            w.bytes(&currency.bytes());
            put_sum(&mut w, t.all);
            w.i64(t.flow.money_in);
            w.i64(t.flow.money_out);
            w.varu(t.by_category.len() as u64);
            for (c, s) in &t.by_category {
                w.u8(c.code());
                put_sum(&mut w, *s);
            }
            w.varu(t.by_merchant.len() as u64);
            for (name, s) in &t.by_merchant {
                w.str(name);
                put_sum(&mut w, *s);
            }
            w.varu(t.payees.len() as u64);
            for ((c, name), p) in &t.payees {
                // 255: no category.
                w.u8(c.map_or(u8::MAX, |c| c.code()));
                w.str(name);
                put_sum(&mut w, p.spent);
                w.i64(p.charged);
                // The days with charges only: (day index, count).
                w.varu(p.days.iter().filter(|n| **n != 0).count() as u64);
                for (d, n) in p.days.iter().enumerate().filter(|(_, n)| **n != 0) {
                    w.u8(d as u8);
                    w.i32(*n);
                }
            }
        }
        w.into_bytes()
    }

    fn decode(bytes: &[u8]) -> std::result::Result<Month, DecodeError> {
        let mut r = Reader::new(bytes);
        if r.u8()? != FORMAT {
            return Err(DecodeError("digest month format"));
        }
        let mut month = Month::default();
        for _ in 0..r.varu()? {
            let code: [u8; 3] = r
                .bytes()?
                .try_into()
                .map_err(|_| DecodeError("digest currency"))?;
            let currency =
                Currency::from_bytes(code).map_err(|_| DecodeError("digest currency"))?;
            let mut t = Totals::default();
            t.all = get_sum(&mut r)?;
            t.flow = Flow {
                money_in: r.i64()?,
                money_out: r.i64()?,
            };
            for _ in 0..r.varu()? {
                let c = Category::from_code(r.u8()?).ok_or(DecodeError("digest category"))?;
                t.by_category.insert(c, get_sum(&mut r)?);
            }
            for _ in 0..r.varu()? {
                let name = r.str()?.to_string();
                t.by_merchant.insert(name, get_sum(&mut r)?);
            }
            for _ in 0..r.varu()? {
                let c = match r.u8()? {
                    u8::MAX => None,
                    code => Some(Category::from_code(code).ok_or(DecodeError("digest category"))?),
                };
                let name = r.str()?.to_string();
                let mut p = Payee {
                    spent: get_sum(&mut r)?,
                    charged: r.i64()?,
                    days: [0; 31],
                };
                for _ in 0..r.varu()? {
                    let d = r.u8()?;
                    *p.days.get_mut(usize::from(d)).ok_or(DecodeError("digest day"))? = r.i32()?;
                }
                // Stored in key order; a list out of order is damage.
                if t.payees.last().is_some_and(|(k, _)| *k >= (c, name.clone())) {
                    return Err(DecodeError("digest payee order"));
                }
                t.payees.push(((c, name), p));
            }
            month.0.insert(currency, t);
        }
        if !r.is_done() {
            return Err(DecodeError("digest month trailing bytes"));
        }
        Ok(month)
    }
}

fn put_sum(w: &mut Writer, s: Sum) {
    w.i64(s.total);
    w.i64(s.count);
}

fn get_sum(r: &mut Reader<'_>) -> std::result::Result<Sum, DecodeError> {
    Ok(Sum {
        total: r.i64()?,
        count: r.i64()?,
    })
}

/// The digest's head: what it was built for, the merchant names and the months present.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Head {
    /// The UTC offset (minutes) its local months are in.
    pub offset: i32,
    /// Accounts that are loans (left out of the month totals, as spending answers leave them).
    pub loans: BTreeSet<String>,
    /// Merchant names as stored, each with the number of transactions carrying it.
    pub merchants: BTreeMap<String, i64>,
    /// Local months with a month record.
    pub months: BTreeSet<i64>,
}

impl std::fmt::Debug for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Head")
            .field("offset", &self.offset)
            .field("merchants", &self.merchants.len())
            .field("months", &self.months.len())
            .finish_non_exhaustive()
    }
}

impl Drop for Head {
    fn drop(&mut self) {
        for mut a in std::mem::take(&mut self.loans) {
            a.zeroize();
        }
        for (mut m, _) in std::mem::take(&mut self.merchants) {
            m.zeroize();
        }
    }
}

impl Head {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(1024);
        w.u8(FORMAT);
        w.i32(self.offset);
        w.varu(self.loans.len() as u64);
        for a in &self.loans {
            w.str(a);
        }
        w.varu(self.merchants.len() as u64);
        for (m, n) in &self.merchants {
            w.str(m);
            w.i64(*n);
        }
        w.varu(self.months.len() as u64);
        for m in &self.months {
            w.i64(*m);
        }
        w.into_bytes()
    }

    /// The head and its format: formats 1 and 2 are laid out as 3 (their months lack the
    /// payees, or the money in and out).
    fn decode(bytes: &[u8]) -> std::result::Result<(u8, Head), DecodeError> {
        let mut r = Reader::new(bytes);
        let format = r.u8()?;
        if !(1..=FORMAT).contains(&format) {
            return Err(DecodeError("digest head format"));
        }
        let mut h = Head::default();
        h.offset = r.i32()?;
        for _ in 0..r.varu()? {
            h.loans.insert(r.str()?.to_string());
        }
        for _ in 0..r.varu()? {
            let name = r.str()?.to_string();
            h.merchants.insert(name, r.i64()?);
        }
        for _ in 0..r.varu()? {
            h.months.insert(r.i64()?);
        }
        if !r.is_done() {
            return Err(DecodeError("digest head trailing bytes"));
        }
        Ok((format, h))
    }
}

/// Signed changes to the digest, collected during a write and applied when it commits.
#[derive(Default)]
pub(crate) struct Change {
    /// Merchant name → change of its count.
    merchants: BTreeMap<String, i64>,
    /// Local month → change of its totals.
    months: BTreeMap<i64, Month>,
    /// The lowercased merchant name of the transaction being noted, its allocation reused
    /// from one transaction to the next (a large import notes one per transaction).
    lower: String,
}

/// `name.to_lowercase()` written into `out`, which keeps its allocation: for ASCII, which is
/// most merchant names, the two are the same; anything else goes through `to_lowercase`.
fn lowercase_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        out.push_str(name);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&name.to_lowercase());
    }
}

impl Change {
    /// Puts a transaction in (`sign` 1) or takes it out (`sign` -1), with local months in
    /// `offset` and the accounts in `loans` left out of the totals.
    pub(crate) fn note(
        &mut self,
        t: &TxnRef<'_>,
        sign: i64,
        offset: i32,
        loans: &BTreeSet<String>,
    ) {
        if let Some(m) = t.merchant {
            match self.merchants.get_mut(m) {
                Some(n) => *n += sign,
                None => {
                    self.merchants.insert(m.to_string(), sign);
                }
            }
        }
        let flow = Flow::of(t.category, t.status, t.amount);
        let spent = spend(t.category, t.status, t.amount);
        if (flow.is_none() && spent.is_none()) || loans.contains(t.account) {
            return;
        }
        let day = local_date(t.transacted_at, offset);
        let month = day.month_index();
        let totals = self
            .months
            .entry(month)
            .or_default()
            .0
            .entry(t.currency)
            .or_default();
        if let Some(flow) = flow {
            totals.flow.add(flow, sign);
        }
        let Some(spent) = spent else {
            return;
        };
        totals.all.add(spent, sign);
        if let Some(c) = t.category {
            totals.by_category.entry(c).or_default().add(spent, sign);
        }
        if let Some(m) = t.merchant {
            lowercase_into(m, &mut self.lower);
            match totals.by_merchant.get_mut(self.lower.as_str()) {
                Some(s) => s.add(spent, sign),
                None => totals
                    .by_merchant
                    .entry(self.lower.clone())
                    .or_default()
                    .add(spent, sign),
            }
        }
        payee_mut(&mut totals.payees, t.category, t.merchant.unwrap_or_default()).add(
            spent,
            day.day,
            sign,
        );
    }

    fn is_empty(&self) -> bool {
        self.merchants.is_empty() && self.months.is_empty()
    }
}

impl Drop for Change {
    fn drop(&mut self) {
        for (mut m, _) in std::mem::take(&mut self.merchants) {
            m.zeroize();
        }
        self.lower.zeroize();
    }
}

/// The digest as a write keeps it: the head read once, the changes noted so far.
pub(crate) struct Pending {
    pub(crate) head: Head,
    pub(crate) change: Change,
    /// The stored digest cannot be updated by changes (none stored while transactions are,
    /// or a change of loans): rebuild it when the write commits.
    pub(crate) rebuild: bool,
}

impl Pending {
    /// The digest at the start of a write: the stored head, or, when there is none, an empty
    /// one for an empty vault and a rebuild for a vault written before digests (both grouping
    /// months in `offset`).
    pub(crate) fn load(conn: &Connection, keys: &VaultKeys, offset: i32) -> Result<Pending> {
        if let Some(head) = read_head(conn, keys)? {
            return Ok(Pending {
                head,
                change: Change::default(),
                rebuild: false,
            });
        }
        let any: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM txn_blocks)", [], |r| r.get(0))?;
        let mut head = Head::default();
        head.offset = offset;
        head.loans = loan_accounts(conn, keys)?;
        // A digest in an older format is rebuilt, its month records replaced.
        let old = read_any_head(conn, keys)?;
        if let Some((_, old)) = &old {
            head.months.clone_from(&old.months);
        }
        Ok(Pending {
            head,
            change: Change::default(),
            rebuild: any || old.is_some(),
        })
    }

    /// Notes a transaction put in (1) or taken out (-1).
    pub(crate) fn note(&mut self, t: &TxnRef<'_>, sign: i64) {
        if !self.rebuild {
            self.change
                .note(t, sign, self.head.offset, &self.head.loans);
        }
    }

    /// Writes the digest for the write's final state. `accounts_changed`: an account was
    /// stored, so which accounts are loans is checked again.
    pub(crate) fn commit(
        mut self,
        conn: &Connection,
        keys: &VaultKeys,
        accounts_changed: bool,
    ) -> Result<()> {
        // A loan account removed from the head must be written out even when no total
        // changed (a forgotten bank whose only account was a loan).
        let mut pruned = false;
        if accounts_changed && !self.rebuild {
            let now = loan_accounts(conn, keys)?;
            // A loan account that is gone took its transactions with it; any other
            // difference regroups the totals.
            let stored = accounts_stored(conn, keys)?;
            let before = self.head.loans.len();
            self.head.loans.retain(|a| stored.contains(a));
            pruned = self.head.loans.len() != before;
            if now != self.head.loans {
                self.rebuild = true;
                self.head.loans = now;
            }
        }
        if self.rebuild {
            let offset = self.head.offset;
            return rebuild_stored(conn, keys, offset, Some(&self.head));
        }
        if self.change.is_empty() && !pruned {
            return Ok(());
        }
        let change = std::mem::take(&mut self.change);
        apply(conn, keys, &mut self.head, &change)
    }
}

fn apply(conn: &Connection, keys: &VaultKeys, head: &mut Head, change: &Change) -> Result<()> {
    for (name, n) in &change.merchants {
        merge_count(&mut head.merchants, name, *n);
    }
    if head.merchants.values().any(|n| *n < 0) {
        return Err(VaultError::Corrupt("digest merchant count below zero"));
    }
    for (m, delta) in &change.months {
        let mut month = if head.months.contains(m) {
            read_month(conn, keys, *m)?.ok_or(VaultError::Corrupt("digest month missing"))?
        } else {
            Month::default()
        };
        month.merge(delta);
        let name = month_name(*m);
        if month.0.is_empty() {
            tables::kv_delete(conn, keys, KvTable::Settings, &name)?;
            head.months.remove(m);
        } else {
            let bytes = zeroize::Zeroizing::new(month.encode());
            tables::kv_put(conn, keys, KvTable::Settings, &name, None, &bytes)?;
            head.months.insert(*m);
        }
    }
    write_head(conn, keys, head)
}

fn merge_count(map: &mut BTreeMap<String, i64>, name: &str, n: i64) {
    match map.get_mut(name) {
        Some(v) => {
            *v += n;
            if *v == 0 {
                if let Some((mut k, _)) = map.remove_entry(name) {
                    k.zeroize();
                }
            }
        }
        None if n != 0 => {
            map.insert(name.to_string(), n);
        }
        None => {}
    }
}

fn write_head(conn: &Connection, keys: &VaultKeys, head: &Head) -> Result<()> {
    let bytes = zeroize::Zeroizing::new(head.encode());
    tables::kv_put(conn, keys, KvTable::Settings, HEAD, None, &bytes)
}

/// The stored head, if the vault has a digest in this format.
pub(crate) fn read_head(conn: &Connection, keys: &VaultKeys) -> Result<Option<Head>> {
    Ok(read_any_head(conn, keys)?.filter(|(f, _)| *f == FORMAT).map(|(_, h)| h))
}

/// The stored head in whatever format, with its format.
fn read_any_head(conn: &Connection, keys: &VaultKeys) -> Result<Option<(u8, Head)>> {
    tables::kv_get(conn, keys, KvTable::Settings, HEAD)?
        .map(|b| Head::decode(b.expose()).map_err(|_| VaultError::Corrupt("digest head")))
        .transpose()
}

/// One stored month record.
pub(crate) fn read_month(conn: &Connection, keys: &VaultKeys, month: i64) -> Result<Option<Month>> {
    tables::kv_get(conn, keys, KvTable::Settings, &month_name(month))?
        .map(|b| Month::decode(b.expose()).map_err(|_| VaultError::Corrupt("digest month")))
        .transpose()
}

// Both sets are built by inserts (`extend`), not `collect`: a collected set compiles its
// own sort.
fn accounts_stored(conn: &Connection, keys: &VaultKeys) -> Result<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    ids.extend(tables::accounts(conn, keys)?.into_iter().map(|a| a.id.0));
    Ok(ids)
}

fn loan_accounts(conn: &Connection, keys: &VaultKeys) -> Result<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    ids.extend(
        tables::accounts(conn, keys)?
            .into_iter()
            .filter(|a| a.kind == AccountKind::Loan)
            .map(|a| a.id.0),
    );
    Ok(ids)
}

/// The digest of every stored transaction, folded block by block, for `offset` and the
/// accounts that are loans now.
pub(crate) fn rebuild(
    conn: &Connection,
    keys: &VaultKeys,
    offset: i32,
) -> Result<(Head, BTreeMap<i64, Month>)> {
    let loans = loan_accounts(conn, keys)?;
    let mut change = Change::default();
    blocks::visit(conn, keys, &TxnFilter::default(), |t| {
        change.note(t, 1, offset, &loans)
    })?;
    let mut head = Head::default();
    head.offset = offset;
    head.loans = loans;
    for (name, n) in std::mem::take(&mut change.merchants) {
        if n != 0 {
            head.merchants.insert(name, n);
        }
    }
    let mut months = BTreeMap::new();
    for (m, mut month) in std::mem::take(&mut change.months) {
        // Through `merge`, so that entries that net to nothing are dropped as changes drop
        // them.
        let mut clean = Month::default();
        clean.merge(&month);
        month.0.clear();
        if !clean.0.is_empty() {
            head.months.insert(m);
            months.insert(m, clean);
        }
    }
    Ok((head, months))
}

/// Rebuilds the stored digest for `offset`, replacing the month records of `old` (the head
/// stored before, if known).
pub(crate) fn rebuild_stored(
    conn: &Connection,
    keys: &VaultKeys,
    offset: i32,
    old: Option<&Head>,
) -> Result<()> {
    let stored_old = match old {
        Some(_) => None,
        None => read_any_head(conn, keys)?.map(|(_, h)| h),
    };
    if let Some(old) = old.or(stored_old.as_ref()) {
        for m in &old.months {
            tables::kv_delete(conn, keys, KvTable::Settings, &month_name(*m))?;
        }
    }
    let (head, months) = rebuild(conn, keys, offset)?;
    for (m, month) in &months {
        let bytes = zeroize::Zeroizing::new(month.encode());
        tables::kv_put(conn, keys, KvTable::Settings, &month_name(*m), None, &bytes)?;
    }
    write_head(conn, keys, &head)
}

/// Whether the stored digest equals a rebuild from the transactions (`vault check`); `None`
/// when the vault has no digest.
pub(crate) fn matches_rebuild(conn: &Connection, keys: &VaultKeys) -> Result<Option<bool>> {
    let Some(head) = read_head(conn, keys)? else {
        return Ok(None);
    };
    let (built, months) = rebuild(conn, keys, head.offset)?;
    if built != head {
        return Ok(Some(false));
    }
    for (m, month) in &months {
        if read_month(conn, keys, *m)?.as_ref() != Some(month) {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Merchant names are grouped by exactly `to_lowercase`, ASCII or not (a final sigma
    /// lowercases by its context), whatever the reused buffer held before.
    #[test]
    fn lowercase_into_is_to_lowercase() {
        let mut out = String::from("left over from the previous name");
        for name in ["TRADER JOE'S", "Blue Bottle", "", "CAFÉ ÉCLAIR", "ΟΔΟΣ", "İstanbul"] {
            lowercase_into(name, &mut out);
            assert_eq!(out, name.to_lowercase());
        }
    }

    #[test]
    fn records_round_trip() {
        let mut month = Month::default();
        let mut t = Totals::default();
        t.all.add(1250, 1);
        t.flow.add(Flow::of(None, TxnStatus::Posted, -1250).unwrap(), 1);
        t.by_category
            .entry(Category::Groceries)
            .or_default()
            .add(1250, 1);
        t.by_merchant.entry("café".into()).or_default().add(1250, 1);
        month.0.insert(Currency::USD, t);
        assert_eq!(Month::decode(&month.encode()).unwrap(), month);
        let mut head = Head::default();
        head.offset = -300;
        head.loans.insert("a".into());
        head.merchants.insert("Café".into(), 3);
        head.months.insert(24_301);
        assert!(Head::decode(&head.encode()).unwrap() == (FORMAT, head));
        assert!(Month::decode(&[9]).is_err());
        assert!(Head::decode(&[]).is_err());
    }

    #[test]
    fn changes_that_cancel_leave_nothing() {
        let mut m = Month::default();
        let mut plus = Month::default();
        let mut t = Totals::default();
        t.all.add(500, 1);
        t.by_merchant.entry("x".into()).or_default().add(500, 1);
        plus.0.insert(Currency::EUR, t);
        m.merge(&plus);
        assert!(!m.0.is_empty());
        let mut minus = Month::default();
        let mut t = Totals::default();
        t.all.add(500, -1);
        t.by_merchant.entry("x".into()).or_default().add(500, -1);
        minus.0.insert(Currency::EUR, t);
        m.merge(&minus);
        assert!(m.0.is_empty());
    }
}
