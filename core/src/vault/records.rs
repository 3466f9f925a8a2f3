//! Encoding of accounts and transaction blocks inside envelopes.
//!
//! A transaction block holds one account's transactions for one month. Transactions are
//! decoded as zero-copy [`TxnRef`] views so that the assistant can sum a month without
//! allocating a string per row; [`TxnRef::to_owned`] builds a full [`Transaction`].

use super::codec::{DecodeError, Reader, Writer};
use crate::model::{
    Account, AccountId, AccountKind, Balance, Category, CreditTerms, Location, SourceId,
    SourceKind, Transaction, TxnId, TxnStatus,
};
use crate::money::Currency;
use crate::time::Timestamp;

const ACCOUNT_FORMAT: u8 = 1;
const BLOCK_FORMAT: u8 = 1;

const F_MCC: u8 = 1;
const F_CATEGORY: u8 = 1 << 1;
const F_CARD_KNOWN: u8 = 1 << 2;
const F_CARD_PRESENT: u8 = 1 << 3;
const F_LOCATION: u8 = 1 << 4;
const F_ID_SCOPED: u8 = 1 << 5;

fn opt_i32(w: &mut Writer, v: Option<i32>) {
    match v {
        Some(v) => {
            w.u8(1);
            w.i32(v);
        }
        None => w.u8(0),
    }
}

fn read_opt_i32(r: &mut Reader<'_>) -> Result<Option<i32>, DecodeError> {
    match r.u8()? {
        0 => Ok(None),
        1 => Ok(Some(r.i32()?)),
        _ => Err(DecodeError("bad presence flag")),
    }
}

fn write_balance(w: &mut Writer, b: &Option<Balance>) {
    match b {
        Some(b) => {
            w.u8(1);
            w.i64(b.minor);
            w.i64(b.as_of);
        }
        None => w.u8(0),
    }
}

fn read_balance(r: &mut Reader<'_>) -> Result<Option<Balance>, DecodeError> {
    match r.u8()? {
        0 => Ok(None),
        1 => Ok(Some(Balance {
            minor: r.i64()?,
            as_of: r.i64()?,
        })),
        _ => Err(DecodeError("bad presence flag")),
    }
}

/// Encodes an account.
pub fn encode_account(a: &Account) -> Vec<u8> {
    let mut w = Writer::with_capacity(256);
    w.u8(ACCOUNT_FORMAT);
    w.str(&a.id.0);
    w.str(&a.source.0);
    w.str(a.source_kind.as_str());
    w.str(&a.institution);
    w.str(&a.display_name);
    w.opt_str(a.nickname.as_deref());
    w.str(a.kind.as_str());
    w.u8(0);
    for b in a.currency.bytes() {
        w.u8(b);
    }
    w.opt_str(a.last4.as_deref());
    w.opt_str(a.full_number.as_deref());
    w.opt_str(a.routing_number.as_deref());
    write_balance(&mut w, &a.balance);
    write_balance(&mut w, &a.available);
    match &a.credit {
        Some(c) => {
            w.u8(1);
            w.opt_i64(c.limit);
            w.opt_i64(c.statement_balance);
            w.opt_i64(c.minimum_payment);
            w.opt_i64(c.due_date.map(|d| d.days()));
            w.opt_i64(c.apr_bps.map(i64::from));
        }
        None => w.u8(0),
    }
    w.into_bytes()
}

/// Decodes an account.
pub fn decode_account(bytes: &[u8]) -> Result<Account, DecodeError> {
    let mut r = Reader::new(bytes);
    if r.u8()? != ACCOUNT_FORMAT {
        return Err(DecodeError("unknown account format"));
    }
    let id = AccountId(r.str()?.to_owned());
    let source = SourceId(r.str()?.to_owned());
    let source_kind = SourceKind::parse(r.str()?).ok_or(DecodeError("bad source kind"))?;
    let institution = r.str()?.to_owned();
    let display_name = r.str()?.to_owned();
    let nickname = r.opt_str()?.map(str::to_owned);
    let kind = AccountKind::parse(r.str()?).ok_or(DecodeError("bad account kind"))?;
    let _reserved = r.u8()?;
    let currency = Currency::from_bytes([r.u8()?, r.u8()?, r.u8()?])
        .map_err(|_| DecodeError("bad currency"))?;
    let last4 = r.opt_str()?.map(str::to_owned);
    let full_number = r.opt_str()?.map(str::to_owned);
    let routing_number = r.opt_str()?.map(str::to_owned);
    let balance = read_balance(&mut r)?;
    let available = read_balance(&mut r)?;
    let credit = match r.u8()? {
        0 => None,
        1 => Some(CreditTerms {
            limit: r.opt_i64()?,
            statement_balance: r.opt_i64()?,
            minimum_payment: r.opt_i64()?,
            due_date: r.opt_i64()?.map(crate::time::civil_from_days),
            apr_bps: r.opt_i64()?.and_then(|v| u32::try_from(v).ok()),
        }),
        _ => return Err(DecodeError("bad presence flag")),
    };
    if !r.is_done() {
        return Err(DecodeError("trailing bytes"));
    }
    Ok(Account {
        id,
        source,
        source_kind,
        institution,
        display_name,
        nickname,
        kind,
        currency,
        last4,
        full_number,
        routing_number,
        balance,
        available,
        credit,
    })
}

/// A location decoded in place: latitude, longitude, city, region, country.
type LocationRef<'a> = (
    Option<i32>,
    Option<i32>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// A transaction decoded in place from a block.
#[derive(Clone, Copy)]
pub struct TxnRef<'a> {
    /// The block's account id.
    pub account: &'a str,
    /// Signed minor units.
    pub amount: i64,
    /// Currency.
    pub currency: Currency,
    /// Pending or posted.
    pub status: TxnStatus,
    /// When it happened.
    pub transacted_at: Timestamp,
    /// When it posted.
    pub posted_at: Option<Timestamp>,
    /// MCC when known.
    pub mcc: Option<u16>,
    /// Category when known.
    pub category: Option<Category>,
    /// Card present, when known.
    pub card_present: Option<bool>,
    id_scoped: bool,
    id_text: &'a str,
    /// Sanitised description.
    pub description: &'a str,
    /// Merchant, when known.
    pub merchant: Option<&'a str>,
    /// The pending transaction this settles.
    pub pending_link: Option<&'a str>,
    location: Option<LocationRef<'a>>,
}

impl std::fmt::Debug for TxnRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TxnRef")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<'a> TxnRef<'a> {
    /// A view of an owned transaction, as it would decode from a block of its own account:
    /// lets the block encoder take stored and incoming transactions alike without copying.
    pub fn borrowed(t: &'a Transaction) -> Self {
        let account = t.account.0.as_str();
        let scoped =
            t.id.0
                .strip_prefix(account)
                .and_then(|rest| rest.strip_prefix('#'));
        TxnRef {
            account,
            amount: t.amount,
            currency: t.currency,
            status: t.status,
            transacted_at: t.transacted_at,
            posted_at: t.posted_at,
            mcc: t.mcc,
            category: t.category,
            card_present: t.card_present,
            id_scoped: scoped.is_some(),
            id_text: scoped.unwrap_or(&t.id.0),
            description: &t.description,
            merchant: t.merchant.as_deref(),
            pending_link: t.pending_link.as_ref().map(|l| l.0.as_str()),
            location: t.location.as_ref().map(|l| {
                (
                    l.lat_e6,
                    l.lon_e6,
                    l.city.as_deref(),
                    l.region.as_deref(),
                    l.country.as_deref(),
                )
            }),
        }
    }

    /// The id split as stored: `(account, suffix)` for an id of the form `account#suffix`,
    /// `("", id)` otherwise. Lets callers hash or compare the id without allocating.
    pub fn id_parts(&self) -> (&'a str, &'a str) {
        if self.id_scoped {
            (self.account, self.id_text)
        } else {
            ("", self.id_text)
        }
    }

    /// Whether this transaction has exactly this id (without allocating).
    pub fn id_is(&self, id: &str) -> bool {
        if self.id_scoped {
            id.len() == self.account.len() + 1 + self.id_text.len()
                && id.starts_with(self.account)
                && id.as_bytes().get(self.account.len()) == Some(&b'#')
                && id.ends_with(self.id_text)
        } else {
            id == self.id_text
        }
    }

    /// The full transaction id.
    pub fn id(&self) -> TxnId {
        if self.id_scoped {
            TxnId(format!("{}#{}", self.account, self.id_text))
        } else {
            TxnId(self.id_text.to_owned())
        }
    }

    /// An owned copy.
    pub fn owned(self) -> Transaction {
        Transaction {
            id: self.id(),
            account: AccountId(self.account.to_owned()),
            amount: self.amount,
            currency: self.currency,
            status: self.status,
            transacted_at: self.transacted_at,
            posted_at: self.posted_at,
            description: self.description.to_owned(),
            merchant: self.merchant.map(str::to_owned),
            mcc: self.mcc,
            category: self.category,
            location: self
                .location
                .map(|(lat, lon, city, region, country)| Location {
                    lat_e6: lat,
                    lon_e6: lon,
                    city: city.map(str::to_owned),
                    region: region.map(str::to_owned),
                    country: country.map(str::to_owned),
                }),
            card_present: self.card_present,
            pending_link: self.pending_link.map(|s| TxnId(s.to_owned())),
        }
    }
}

fn encode_txn(w: &mut Writer, t: &TxnRef<'_>) {
    let mut flags = 0u8;
    if t.mcc.is_some() {
        flags |= F_MCC;
    }
    if t.category.is_some() {
        flags |= F_CATEGORY;
    }
    if let Some(present) = t.card_present {
        flags |= F_CARD_KNOWN;
        if present {
            flags |= F_CARD_PRESENT;
        }
    }
    if t.location.is_some() {
        flags |= F_LOCATION;
    }
    if t.id_scoped {
        flags |= F_ID_SCOPED;
    }
    w.i64(t.amount);
    w.i64(t.transacted_at);
    w.opt_i64(t.posted_at);
    for b in t.currency.bytes() {
        w.u8(b);
    }
    w.u8(match t.status {
        TxnStatus::Pending => 0,
        TxnStatus::Posted => 1,
    });
    w.u8(flags);
    w.u16(t.mcc.unwrap_or(0));
    w.u8(t.category.map(|c| c.code()).unwrap_or(0));
    w.str(t.id_text);
    w.str(t.description);
    w.opt_str(t.merchant);
    w.opt_str(t.pending_link);
    if let Some((lat, lon, city, region, country)) = t.location {
        opt_i32(w, lat);
        opt_i32(w, lon);
        w.opt_str(city);
        w.opt_str(region);
        w.opt_str(country);
    }
}

fn decode_txn<'a>(r: &mut Reader<'a>, account: &'a str) -> Result<TxnRef<'a>, DecodeError> {
    let amount = r.i64()?;
    let transacted_at = r.i64()?;
    let posted_at = r.opt_i64()?;
    let currency = Currency::from_bytes([r.u8()?, r.u8()?, r.u8()?])
        .map_err(|_| DecodeError("bad currency"))?;
    let status = match r.u8()? {
        0 => TxnStatus::Pending,
        1 => TxnStatus::Posted,
        _ => return Err(DecodeError("bad status")),
    };
    let flags = r.u8()?;
    let mcc = r.u16()?;
    let category = r.u8()?;
    let id_text = r.str()?;
    let description = r.str()?;
    let merchant = r.opt_str()?;
    let pending_link = r.opt_str()?;
    let location = if flags & F_LOCATION != 0 {
        Some((
            read_opt_i32(r)?,
            read_opt_i32(r)?,
            r.opt_str()?,
            r.opt_str()?,
            r.opt_str()?,
        ))
    } else {
        None
    };
    Ok(TxnRef {
        account,
        amount,
        currency,
        status,
        transacted_at,
        posted_at,
        mcc: (flags & F_MCC != 0).then_some(mcc),
        category: if flags & F_CATEGORY != 0 {
            Some(Category::from_code(category).ok_or(DecodeError("bad category"))?)
        } else {
            None
        },
        card_present: (flags & F_CARD_KNOWN != 0).then_some(flags & F_CARD_PRESENT != 0),
        id_scoped: flags & F_ID_SCOPED != 0,
        id_text,
        description,
        merchant,
        pending_link,
        location,
    })
}

/// Encodes one account-month block. Every transaction must belong to `account` (the block
/// stores the account once; [`TxnRef::borrowed`] views carry it per transaction).
pub fn encode_block<'t, 'a: 't>(
    account: &str,
    txns: impl ExactSizeIterator<Item = &'t TxnRef<'a>>,
) -> Vec<u8> {
    let mut w = Writer::with_capacity(64 + txns.len() * 176);
    w.u8(BLOCK_FORMAT);
    w.str(account);
    w.varu(txns.len() as u64);
    for t in txns {
        debug_assert_eq!(t.account, account);
        encode_txn(&mut w, t);
    }
    w.into_bytes()
}

/// Decodes a block into zero-copy views.
pub fn decode_block(bytes: &[u8]) -> Result<Vec<TxnRef<'_>>, DecodeError> {
    let mut r = Reader::new(bytes);
    if r.u8()? != BLOCK_FORMAT {
        return Err(DecodeError("unknown block format"));
    }
    let account = r.str()?;
    let count = r.varu()?;
    // Each transaction takes at least 30 bytes: refuse counts the bytes cannot hold.
    if count > (bytes.len() / 30) as u64 {
        return Err(DecodeError("count exceeds block size"));
    }
    let mut out = Vec::with_capacity(count as usize);
    for _ in 0..count {
        out.push(decode_txn(&mut r, account)?);
    }
    if !r.is_done() {
        return Err(DecodeError("trailing bytes"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_txn(account: &AccountId, n: u32) -> Transaction {
        Transaction {
            id: TxnId::scoped(account, &format!("fit{n}")),
            account: account.clone(),
            amount: -1234 - i64::from(n),
            currency: Currency::USD,
            status: if n % 2 == 0 {
                TxnStatus::Posted
            } else {
                TxnStatus::Pending
            },
            transacted_at: 1_760_000_000 + i64::from(n) * 3600,
            posted_at: (n % 2 == 0).then_some(1_760_100_000),
            description: format!("POS DEBIT STORE {n}"),
            merchant: Some("Corner Grocer".into()),
            mcc: Some(5411),
            category: Some(Category::Groceries),
            location: (n % 3 == 0).then(|| Location {
                lat_e6: Some(40_712_776),
                lon_e6: Some(-74_005_974),
                city: Some("New York".into()),
                region: Some("NY".into()),
                country: Some("US".into()),
            }),
            card_present: Some(n % 2 == 0),
            pending_link: None,
        }
    }

    #[test]
    fn block_round_trip() {
        let acct = AccountId("sandbox/chk".into());
        let txns: Vec<Transaction> = (0..10).map(|n| sample_txn(&acct, n)).collect();
        let mut foreign = sample_txn(&acct, 99);
        foreign.id = TxnId("unscoped-id".into());
        let mut all: Vec<&Transaction> = txns.iter().collect();
        all.push(&foreign);
        let views: Vec<TxnRef<'_>> = all.iter().map(|t| TxnRef::borrowed(t)).collect();
        let bytes = encode_block(&acct.0, views.iter());
        let decoded = decode_block(&bytes).unwrap();
        assert_eq!(decoded.len(), 11);
        for (d, t) in decoded.iter().zip(all.iter()) {
            assert_eq!(&d.owned(), *t);
            assert!(d.id_is(&t.id.0));
        }
        assert!(!decoded[0].id_is("sandbox/chk#fit1"));
    }

    #[test]
    fn truncated_block_is_an_error() {
        let acct = AccountId("a".into());
        let t = sample_txn(&acct, 1);
        let bytes = encode_block(&acct.0, [TxnRef::borrowed(&t)].iter());
        for cut in 0..bytes.len() {
            assert!(decode_block(&bytes[..cut]).is_err());
        }
    }
}
