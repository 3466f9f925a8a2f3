//! The lines `tacit import` prints for one imported statement file: what was done with its
//! entries (new, updated, already imported, skipped with the reason) and each statement's
//! check against its own balance.

use tacit_core::model::Balance;
use tacit_core::money::{format_decimal, Currency};
use tacit_core::profile::IngestOutcome;
use tacit_core::time::local_date;
use tacit_core::{OpeningFrom, Reconciliation, StatementCheck};

/// The summary lines of `outcome`.
pub fn lines(outcome: &IngestOutcome) -> Vec<String> {
    let r = &outcome.report;
    let Some(s) = &outcome.statement else {
        return vec![crate::common::ingest_summary(r)];
    };
    let mut out = vec![format!(
        "{}, {} account{}, {} entries: {} new, {} updated, {} already imported, {} skipped, {} deleted",
        s.format.as_str(),
        r.accounts,
        if r.accounts == 1 { "" } else { "s" },
        r.received,
        r.reconcile.inserted,
        r.reconcile.updated,
        r.reconcile.unchanged + r.reconcile.rotated_ids_deduped,
        s.skipped(),
        r.deleted
    )];
    if r.reconcile.rotated_ids_deduped > 0 {
        out.push(format!(
            "  {} of them already stored under another id (same account, day, amount and description): not added again",
            r.reconcile.rotated_ids_deduped
        ));
    }
    for n in &s.notes {
        out.push(format!("  {} {}", n.count, n.kind.describe()));
    }
    for c in &s.checks {
        out.push(format!("  {}: {}", name(c), check(c)));
    }
    out
}

fn name(c: &StatementCheck) -> String {
    match (&c.last4, &c.nickname) {
        (Some(l), _) => format!("account ••{l}"),
        (None, Some(n)) => format!("account \"{n}\""),
        (None, None) => "account".to_string(),
    }
}

fn money(minor: i64, currency: Currency) -> String {
    format!(
        "{} {}",
        format_decimal(minor, currency.exponent()),
        currency.code()
    )
}

fn day(b: &Balance) -> String {
    let d = local_date(b.as_of, 0);
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn check(c: &StatementCheck) -> String {
    let cur = c.currency;
    let from = |f: &OpeningFrom| match f {
        OpeningFrom::Statement => "the statement's opening balance",
        OpeningFrom::EarlierImport => "the balance of an earlier import",
    };
    match &c.result {
        Reconciliation::Reconciled { opening, from: f, net, closing } => format!(
            "reconciles: {} ({}, {}) {} {} = ledger balance {} on {}",
            money(opening.minor, cur),
            from(f),
            day(opening),
            if *net < 0 { "-" } else { "+" },
            money(net.saturating_abs(), cur),
            money(closing.minor, cur),
            day(closing)
        ),
        Reconciliation::Mismatch { opening, from: f, net, closing, difference } => format!(
            "DOES NOT RECONCILE: {} ({}, {}) {} {} of entries = {}, but the ledger balance on {} is {}: {} unexplained",
            money(opening.minor, cur),
            from(f),
            day(opening),
            if *net < 0 { "-" } else { "+" },
            money(net.saturating_abs(), cur),
            money(opening.minor.saturating_add(*net), cur),
            day(closing),
            money(closing.minor, cur),
            money(*difference, cur)
        ),
        Reconciliation::NoClosingBalance => {
            format!("{} entries; not checked: the file gives no closing balance", c.entries)
        }
        Reconciliation::NoOpeningBalance => format!(
            "{} entries; not checked: no opening balance (the statement gives none and no earlier import of the account precedes it)",
            c.entries
        ),
        Reconciliation::NotComparable => format!(
            "{} entries; not checked: entries in more than one currency",
            c.entries
        ),
    }
}
