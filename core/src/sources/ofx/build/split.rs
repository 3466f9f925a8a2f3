//! Reading a large statement's transaction list on two cores.
//!
//! A statement file is almost all transaction list. While the calling thread reads the file
//! from the start, a second thread reads the list's second half: from the first `<STMTTRN>`
//! after the middle of the body to the end of that list, with the same reader and builder
//! code, inside the context the list must have (an open `BANKTRANLIST` of a bank or card
//! statement) and with the statement currency guessed from the last `CURDEF` before it.
//!
//! The calling thread takes the second thread's transactions only when it reaches that exact
//! point itself between two transactions of a list, in a statement of that currency, and the
//! second thread read a clean run of whole transactions. Otherwise (a guess was wrong, a
//! malformed or unusual file, an error anywhere in the second half) it ignores them and reads
//! on alone, so the result, errors and their lines included, is the sequential reading's.
//! Property tests check this on generated files split at every size.

use super::{Builder, Field, RawStmt, TxnRec};
use crate::money::Currency;
use crate::sources::ofx::lex::is_space;
use crate::sources::ofx::reader::{Event, Reader};
use crate::sources::ofx::tags::Tag;
use std::borrow::Cow;

/// Bodies smaller than this are read on one thread (a thread costs more than it saves).
pub(super) const MIN_SPLIT_BYTES: usize = 1 << 20;

/// Where the second thread starts, and what it assumes.
#[derive(Clone, Copy)]
pub(super) struct Plan<'a> {
    body: &'a [u8],
    text: Option<&'a str>,
    at: usize,
    currency: Currency,
}

/// What the second thread read: whole transactions, and how far, with how many line ends.
pub(super) struct Tail<'a> {
    txns: Vec<TxnRec<'a>>,
    consumed: usize,
    lines: u32,
    after_cr: bool,
}

const START: &[u8] = b"<STMTTRN>";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where to split `reader`'s body, if it is large enough and has a transaction after its
/// middle.
pub(super) fn plan<'a>(reader: &Reader<'a>, min_bytes: usize) -> Option<Plan<'a>> {
    let (body, text) = reader.body();
    if body.len() < min_bytes.max(1) {
        return None;
    }
    let half = body.len() / 2;
    let at = half + find(body.get(half..)?, START)?;
    Some(Plan {
        body,
        text,
        at,
        currency: currency_before(body.get(..at)?),
    })
}

/// The value of the last `<CURDEF>` in `head`, or the default a statement without one has.
fn currency_before(head: &[u8]) -> Currency {
    const CURDEF: &[u8] = b"<CURDEF>";
    let Some(start) = head.windows(CURDEF.len()).rposition(|w| w == CURDEF) else {
        return Currency::USD;
    };
    let value = head.get(start + CURDEF.len()..).unwrap_or(&[]);
    let end = value.iter().position(|&b| b == b'<').unwrap_or(value.len());
    let code = std::str::from_utf8(value.get(..end).unwrap_or(&[])).unwrap_or("");
    let field = Field {
        value: Cow::Borrowed(code),
        line: 0,
    };
    // An unreadable guess only means the halves will not be joined.
    super::currency(&field, Tag::CurDef).unwrap_or(Currency::USD)
}

/// Reads whole transactions from the plan's point to the end of their list; `None` at the
/// first thing that is not a clean run of transactions (the calling thread reads on alone).
pub(super) fn read_second_half(plan: Plan<'_>) -> Option<Tail<'_>> {
    let stack = vec![(Tag::BankTranList, &b"BANKTRANLIST"[..])];
    let mut reader = Reader::continuation(plan.body, plan.text, plan.at, stack);
    let mut b = Builder {
        ctx: vec![Tag::Stmtrs, Tag::BankTranList],
        stmt: Some(RawStmt::new(0, false, plan.currency)),
        ..Builder::default()
    };
    loop {
        let offset = reader.clean_offset()?;
        let rest = plan.body.get(plan.at + offset..)?;
        let next = rest
            .iter()
            .position(|&c| !is_space(c))
            .unwrap_or(rest.len());
        if !rest.get(next..).is_some_and(|r| r.starts_with(START)) {
            if reader.implicit_closes() > 0 || b.rounded > 0 {
                return None; // counted by the calling thread's own reading
            }
            let (lines, after_cr) = reader.lines_read();
            return Some(Tail {
                txns: b.stmt.map(|s| s.txns).unwrap_or_default(),
                consumed: offset,
                lines,
                after_cr,
            });
        }
        loop {
            let (event, line) = reader.next_event().ok()??;
            match event {
                Event::Open(tag) => b.open(tag, line).ok()?,
                Event::Close(tag) => b.close(tag, line).ok()?,
                Event::Leaf(tag, value) => b.leaf(tag, Field { value, line }).ok()?,
            }
            match b.ctx.len() {
                2 => break,
                n if n < 2 => return None,
                _ => {}
            }
        }
        if b.ctx.last() != Some(&Tag::BankTranList) || b.txn.is_some() {
            return None;
        }
    }
}

/// The second thread, while its result is still wanted.
pub(super) type Pending<'scope, 'a> = Option<(
    Plan<'a>,
    std::thread::ScopedJoinHandle<'scope, Option<Tail<'a>>>,
)>;

/// Called by the calling thread after each event: at the plan's point, takes the second
/// thread's transactions when everything checks out, and moves the reader past them.
pub(super) fn try_join<'a>(
    pending: &mut Pending<'_, 'a>,
    reader: &mut Reader<'a>,
    b: &mut Builder<'a>,
) {
    let Some((plan, _)) = pending.as_ref() else {
        return;
    };
    let Some(pos) = reader.clean_offset() else {
        return;
    };
    if pos > plan.at {
        *pending = None;
        return;
    }
    if !plan
        .body
        .get(pos..plan.at)
        .is_some_and(|gap| gap.iter().all(|&c| is_space(c)))
    {
        return;
    }
    let Some((plan, handle)) = pending.take() else {
        return;
    };
    let in_list = b.ctx.last() == Some(&Tag::BankTranList)
        && b.ctx
            .len()
            .checked_sub(2)
            .and_then(|i| b.ctx.get(i))
            .is_some_and(|t| matches!(t, Tag::Stmtrs | Tag::CcStmtrs))
        && b.txn.is_none()
        && b.stmt.as_ref().is_some_and(|s| s.currency == plan.currency);
    if !in_list {
        return;
    }
    let Ok(Some(tail)) = handle.join() else {
        return;
    };
    if let Some(stmt) = b.stmt.as_mut() {
        stmt.txns.extend(tail.txns);
        reader.hand_over(plan.at, tail.consumed, tail.lines, tail.after_cr);
        #[cfg(test)]
        JOINS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// How many times halves were joined (tests check that splitting really happens).
#[cfg(test)]
pub(super) static JOINS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cfg(test)]
mod tests {
    use super::super::parse_with;
    use super::JOINS;
    use crate::model::{Account, Transaction, TxnId};
    use crate::sources::ofx::finish::{finish, OfxStats};
    use crate::sources::ofx::{generate_ofx, OfxError};
    use proptest::prelude::*;
    use std::sync::atomic::Ordering;

    type Outcome = (Vec<Transaction>, Vec<Account>, OfxStats, Vec<TxnId>);

    fn outcome(bytes: &[u8], split_min: usize) -> Result<Outcome, OfxError> {
        let i = finish(parse_with(bytes, split_min)?)?;
        Ok((
            i.batch.transactions,
            i.batch.accounts,
            i.stats,
            i.batch.deletions,
        ))
    }

    #[test]
    fn large_lists_are_really_split() {
        let bytes = generate_ofx(2_000, 5);
        let before = JOINS.load(Ordering::Relaxed);
        assert_eq!(
            outcome(&bytes, 1).unwrap(),
            outcome(&bytes, usize::MAX).unwrap()
        );
        assert!(
            JOINS.load(Ordering::Relaxed) > before,
            "the halves were never joined"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn splitting_changes_nothing(n in 1usize..400, seed in any::<u64>(), min in 1usize..40_000) {
            let bytes = generate_ofx(n, seed);
            prop_assert_eq!(outcome(&bytes, min), outcome(&bytes, usize::MAX));
        }

        #[test]
        fn splitting_damaged_files_changes_nothing(
            n in 1usize..120,
            seed in any::<u64>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(
                vec![b'<', b'>', b'/', b' ', b'\n', b'\r', b'X', b'0', b'.', b'&', 0xE9u8],
            )), 1..4),
            cut in any::<Option<prop::sample::Index>>(),
        ) {
            let mut bytes = generate_ofx(n, seed);
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            prop_assert_eq!(outcome(&bytes, 1), outcome(&bytes, usize::MAX));
        }
    }
}
