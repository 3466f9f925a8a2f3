//! `tacit eval-chat FILE`: runs a conversation set (JSON lines) through a real profile on the
//! sandbox bank (seed 2026, twelve months from 2025-11-01, "now" at the end of the data, UTC,
//! level `full`) and prints intent accuracy, slot accuracy and answer correctness by kind,
//! ending with `chat_answer_correct=`.
//!
//! Each line: `{"conv": id, "text": ..., "intent": ..., "slots": {...}, "expect": {...}}`.
//! `slots` uses the `tacit classify` contract (period from/to, merchant, category, exclude);
//! its keys are compared with the message's own slots (a follow-up's inherited slots are not
//! its own); merchant names are compared without case, spacing or punctuation ("7 eleven" is
//! "7-Eleven"). `expect` names what the answer must contain, and the figure is computed here,
//! directly from the vault's transactions, not by the assistant's code:
//! `spend` (a spending total over from/to with optional category, merchant, account kind
//! and exclusions, `exclude_categories` for several; `merchants`, a list, for a kind of spending such as fuel: "I found no" when
//! none of them has a purchase; `exclude_merchants` likewise for a kind left out), `txns` (count and money out; "No charges at" when a merchant named has
//! none in the period, as for `spend`), `compare` (both totals), `top_category`,
//! `count` (purchases at a merchant), `last_n`, `balance`, `no_charges`, `clarify`,
//! `not_yet` (a period that has not begun: said so, no figure), `secret`, `text` (a phrase),
//! `no_figure`, `top_merchant` (the merchant with the most spending among the filtered
//! transactions, or with `"least": true` the least, and its figure) and `one_purchase` (the
//! biggest charge among them, or with `"smallest": true` the smallest: its amount and
//! merchant). The session runs on the data's last day from
//! its first minute; a multi-turn conversation starts ten minutes after the previous message
//! (so no state carries over into it or out of it), a single message 30 seconds after.

use crate::common::{CliError, OK, USAGE};
use serde_json::Value;
use std::collections::BTreeMap;
use tacit_core::assistant::Settings;
use tacit_core::crypto::secret::SecretKey;
use tacit_core::crypto::wrap::KekWrapper;
use tacit_core::egress::DisclosureLevel;
use tacit_core::intent::{extract_slots, SlotContext};
use tacit_core::model::{Account, AccountKind, Category, Transaction, TxnStatus};
use tacit_core::profile::Profile;
use tacit_core::render::money_fmt::{format_money, Locale};
use tacit_core::sources::sandbox::SandboxBank;
use tacit_core::time::{local_date, Date};
use tacit_core::vault::{OpenOptions, TxnFilter};

/// Entry point.
pub fn run(args: &[String]) -> i32 {
    match args {
        [file] => match eval(file) {
            Ok(()) => OK,
            Err(e) => e.report("usage: tacit eval-chat FILE"),
        },
        _ => {
            eprintln!("usage: tacit eval-chat FILE");
            USAGE
        }
    }
}

fn err(s: impl Into<String>) -> CliError {
    CliError::Other(s.into())
}

struct Bank {
    txns: Vec<Transaction>,
    accounts: Vec<Account>,
}

fn date(v: &Value) -> Option<Date> {
    let s = v.as_str()?;
    let mut p = s.split('-').map(|x| x.parse::<u32>().ok());
    let (y, m, d) = (p.next()??, p.next()??, p.next()??);
    Date::new(i32::try_from(y).ok()?, m, d)
}

fn usd(minor: i64) -> String {
    format_money(minor, tacit_core::money::Currency::USD, Locale::EnUs)
}

impl Bank {
    fn loan(&self, t: &Transaction) -> bool {
        self.accounts
            .iter()
            .any(|a| a.id == t.account && a.kind == AccountKind::Loan)
    }

    /// Transactions in `[from, to]` (days included) that the expectation's filters keep.
    fn select<'a>(&'a self, e: &'a Value) -> impl Iterator<Item = &'a Transaction> + 'a {
        let from = date(&e["from"]).map(|d| d.start_ts(0)).unwrap_or(i64::MIN);
        let to = date(&e["to"])
            .map(|d| d.add_days(1).start_ts(0))
            .unwrap_or(i64::MAX);
        let cat = e["category"].as_str().and_then(Category::parse);
        let merchant = e["merchant"].as_str().map(str::to_lowercase);
        // A kind of spending, given as the merchants that are of it ("fuel": Shell, Chevron,
        // Exxon), so the figure does not come from the assistant's own classification.
        let merchants: Option<Vec<String>> = e["merchants"].as_array().map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_lowercase))
                .collect()
        });
        // One category left out, or several ("exclude_categories").
        let mut ex_cats: Vec<Category> = e["exclude_categories"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().and_then(Category::parse))
                    .collect()
            })
            .unwrap_or_default();
        ex_cats.extend(e["exclude_category"].as_str().and_then(Category::parse));
        // Only the accounts of a kind ("checking", "credit_card").
        let kind = e["account"].as_str().and_then(AccountKind::parse);
        let of_kind = move |t: &Transaction| {
            kind.is_none_or(|k| {
                self.accounts
                    .iter()
                    .any(|a| a.id == t.account && a.kind == k)
            })
        };
        let ex_merchant = e["exclude_merchant"].as_str().map(str::to_lowercase);
        let ex_merchants: Vec<String> = e["exclude_merchants"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_lowercase))
                    .collect()
            })
            .unwrap_or_default();
        let min = e["min"].as_i64();
        let max = e["max"].as_i64();
        // "weekends" or "weekdays": only those days of the period (dated at UTC, as the bank).
        let days = e["days"].as_str().map(|d| d == "weekends");
        let pending = e["pending"].as_bool().unwrap_or(false);
        self.txns.iter().filter(move |t| {
            let name = t
                .merchant
                .as_deref()
                .unwrap_or(&t.description)
                .to_lowercase();
            t.transacted_at >= from
                && t.transacted_at < to
                && !self.loan(t)
                && cat.is_none_or(|c| t.category == Some(c))
                && merchant.as_ref().is_none_or(|m| &name == m)
                && merchants.as_ref().is_none_or(|ms| ms.contains(&name))
                && !t.category.is_some_and(|c| ex_cats.contains(&c))
                && of_kind(t)
                // A vault merchant left out is matched as one asked about (by its name).
                && ex_merchant.as_ref().is_none_or(|m| &name != m)
                && !ex_merchants.contains(&name)
                && min.is_none_or(|m| t.amount.abs() >= m)
                && max.is_none_or(|m| t.amount.abs() <= m)
                && (!pending || t.status == TxnStatus::Pending)
                && days.is_none_or(|w| (local_date(t.transacted_at, 0).weekday() >= 5) == w)
        })
    }

    /// The merchant (as stored) with the most spending among the filtered transactions, or
    /// with `"least": true` the least (above zero), and that spending.
    fn top_merchant(&self, e: &Value) -> Option<(String, i64)> {
        let mut sums: BTreeMap<String, i64> = BTreeMap::new();
        for t in self.select(e) {
            let spent = match t.category {
                Some(Category::Transfer | Category::Income) => continue,
                _ if t.status == TxnStatus::Pending && t.amount > 0 => continue,
                _ => -t.amount,
            };
            if let Some(m) = &t.merchant {
                *sums.entry(m.clone()).or_default() += spent;
            }
        }
        let rows = sums.into_iter().filter(|(_, v)| *v > 0);
        if e["least"].as_bool() == Some(true) {
            rows.min_by_key(|(name, v)| (*v, std::cmp::Reverse(name.clone())))
        } else {
            rows.max_by_key(|(name, v)| (*v, std::cmp::Reverse(name.clone())))
        }
    }

    fn spend(&self, e: &Value) -> (i64, usize) {
        let mut n = 0;
        let total = self
            .select(e)
            .filter_map(|t| match t.category {
                Some(Category::Transfer | Category::Income) => None,
                _ if t.status == TxnStatus::Pending && t.amount > 0 => None,
                _ => Some(-t.amount),
            })
            .inspect(|_| n += 1)
            .sum();
        (total, n)
    }
}

/// Whether the reply meets the expectation.
fn meets(bank: &Bank, e: &Value, local: &str) -> bool {
    let kind = e["kind"].as_str().unwrap_or("");
    match kind {
        "spend" => {
            let (total, n) = bank.spend(e);
            if n == 0 && e["merchant"].is_string() {
                local.starts_with("No charges at")
            } else if n == 0 && e["merchants"].is_array() {
                local.starts_with("I found no ")
            } else {
                local.contains(&usd(total))
            }
        }
        "txns" => {
            // "charges", "purchases", "what I bought": spending only (no money in, no
            // transfer such as a card payment).
            let charges = e["charges"].as_bool() == Some(true);
            let sel: Vec<&Transaction> = bank
                .select(e)
                .filter(|t| {
                    !charges
                        || t.amount < 0
                            && !matches!(t.category, Some(Category::Transfer | Category::Income))
                })
                .collect();
            if sel.is_empty() && e["merchant"].is_string() {
                return local.starts_with("No charges at");
            }
            let out: i64 = sel.iter().filter(|t| t.amount < 0).map(|t| -t.amount).sum();
            let noun = if e["pending"].as_bool() == Some(true) {
                "pending transaction"
            } else {
                "transaction"
            };
            // Charges between amount bounds are headed as purchases ("14 purchases over $500").
            let said = |noun: &str| local.starts_with(&format!("{} {noun}", sel.len()));
            (said(noun) || charges && said("purchase"))
                && local.contains(&format!("{} out", usd(out)))
        }
        "compare" => {
            let (a, _) = bank.spend(&e["a"]);
            let (b, _) = bank.spend(&e["b"]);
            local.contains(&usd(a)) && local.contains(&usd(b))
        }
        // Three or more sides: every side's figure, and compared ("ranked"), the biggest first.
        "several" => {
            let figures: Vec<i64> = e["sides"]
                .as_array()
                .map(|a| a.iter().map(|side| bank.spend(side).0).collect())
                .unwrap_or_default();
            let at: Vec<Option<usize>> = figures.iter().map(|v| local.find(&usd(*v))).collect();
            let ranked = e["ranked"].as_bool() == Some(true);
            let mut order: Vec<(i64, Option<usize>)> = figures.iter().copied().zip(at).collect();
            order.sort_by_key(|s| std::cmp::Reverse(s.0));
            figures.len() >= 3
                && order.iter().all(|(_, at)| at.is_some())
                && (!ranked || order.windows(2).all(|w| w[0].1 < w[1].1))
        }
        "average" => average_meets(bank, e, local),
        "top_category" => {
            let best = Category::ALL
                .iter()
                .filter(|c| !matches!(c, Category::Income | Category::Transfer))
                .map(|c| {
                    let mut f = e.clone();
                    f["category"] = Value::from(c.as_str());
                    (bank.spend(&f).0, *c)
                })
                .max_by_key(|(v, c)| (*v, std::cmp::Reverse(c.as_str())));
            best.is_some_and(|(v, c)| local.contains(c.as_str()) && local.contains(&usd(v)))
        }
        "count" => {
            let n = bank.select(e).filter(|t| t.amount < 0).count();
            local.starts_with(&format!("{n} purchase"))
        }
        "last_n" => {
            let n = e["n"].as_u64().unwrap_or(0) as usize;
            local.lines().filter(|l| l.contains(" · ")).count() == n
        }
        "balance" => {
            let kind = e["account"].as_str().and_then(AccountKind::parse);
            bank.accounts
                .iter()
                .filter(|a| kind.is_none_or(|k| a.kind == k))
                .all(|a| a.balance.is_some_and(|b| local.contains(&usd(b.minor))))
        }
        "no_charges" => local.starts_with("No charges at"),
        "clarify" => local.starts_with("Which dates do you mean?"),
        // A period not yet begun: said so, and no money figure.
        "not_yet" => local.starts_with("That period (") && !local.contains('$'),
        "secret" => local.contains("don't type card numbers"),
        "text" => e["contains"]
            .as_str()
            .is_some_and(|c| local.to_lowercase().contains(&c.to_lowercase())),
        "no_figure" => !local.contains('$'),
        "top_merchant" => bank
            .top_merchant(e)
            .is_some_and(|(name, v)| local.contains(&name) && local.contains(&usd(v))),
        "one_purchase" => {
            let smallest = e["smallest"].as_bool() == Some(true);
            let charges = bank.select(e).filter(|t| {
                t.amount < 0 && !matches!(t.category, Some(Category::Transfer | Category::Income))
            });
            let one = if smallest {
                charges.max_by_key(|t| t.amount)
            } else {
                charges.min_by_key(|t| t.amount)
            };
            one.is_some_and(|t| {
                local.contains(&usd(-t.amount))
                    && t.merchant.as_deref().is_none_or(|m| local.contains(m))
            })
        }
        _ => false,
    }
}

/// An average per day, week or month over `[from, to]`: the spending divided by the days,
/// scaled to the unit, rounded half up (no charges at a merchant: said so).
fn average_meets(bank: &Bank, e: &Value, local: &str) -> bool {
    let (total, n) = bank.spend(e);
    if n == 0 && e["merchant"].is_string() {
        return local.starts_with("No charges at");
    }
    let (Some(from), Some(to)) = (date(&e["from"]), date(&e["to"])) else {
        return false;
    };
    let days = i128::from(to.days() - from.days() + 1);
    let per = e["per"].as_str().unwrap_or("");
    let (num, den): (i128, i128) = match per {
        "day" => (1, 1),
        "week" => (7, 1),
        "month" => (1461, 48),
        _ => return false,
    };
    let avg = (2 * i128::from(total) * num + days * den) / (2 * days * den);
    i64::try_from(avg).is_ok_and(|avg| local.contains(&format!("{} a {per}", usd(avg))))
}

/// The message's own slots in the classify contract's terms, compared key by key.
fn slots_match(
    want: &Value,
    text: &str,
    today: Date,
    ctx: &SlotContext,
) -> (bool, [Option<bool>; 2]) {
    let s = extract_slots(text, today, ctx);
    let mut ok = true;
    let mut period_ok = None;
    let mut merchant_ok = None;
    if let Some(p) = want.get("period") {
        let got = s.period.as_ref().map(|p| (p.start, p.end.add_days(-1)));
        let hit = got == date(&p["from"]).zip(date(&p["to"]));
        period_ok = Some(hit);
        ok &= hit;
    }
    if let Some(m) = want.get("merchant").and_then(Value::as_str) {
        let hit = s.merchant.as_deref().is_some_and(|g| same_name(g, m));
        merchant_ok = Some(hit);
        ok &= hit;
    }
    if let Some(c) = want.get("category").and_then(Value::as_str) {
        ok &= s.category.map(|c| c.as_str()) == Some(c);
    }
    if let Some(x) = want.get("exclude") {
        if let Some(c) = x.get("category").and_then(Value::as_str) {
            // An item left out that names a kind ("besides gas") is a kind left out, not a
            // category; the category it counts as is the kind's.
            let first = s
                .exclude_categories
                .first()
                .copied()
                .or_else(|| s.exclude_kinds.iter().next().map(|k| k.category()));
            ok &= first.map(|c| c.as_str()) == Some(c);
        }
        if let Some(m) = x.get("merchant").and_then(Value::as_str) {
            ok &= s
                .exclude_merchant
                .as_deref()
                .is_some_and(|g| same_name(g, m));
        }
    }
    (ok, [period_ok, merchant_ok])
}

/// Merchant names compared as the classify contract's readers do: case, spacing and
/// punctuation aside ("7 eleven" is "7-Eleven").
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

#[derive(Default)]
struct Score {
    n: usize,
    hit: usize,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.n += 1;
        self.hit += usize::from(ok);
    }
    fn ratio(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.hit as f64 / self.n as f64
        }
    }
}

fn eval(file: &str) -> Result<(), CliError> {
    let text = std::fs::read_to_string(file).map_err(|_| err(format!("cannot read {file}")))?;
    let dir = tempfile::tempdir().map_err(|_| err("cannot create a temporary folder"))?;
    let key = SecretKey::generate().map_err(|_| err("no randomness"))?;
    let w = KekWrapper::new(key);
    let p = Profile::open(&dir.path().join("eval.db"), &w, OpenOptions::default())
        .map_err(|e| err(e.to_string()))?;
    p.set_settings(Settings {
        level: DisclosureLevel::Full,
        locale: Locale::EnUs,
        utc_offset_minutes: 0,
    })
    .map_err(|e| err(e.to_string()))?;
    let start = Date::new(2025, 11, 1).ok_or_else(|| err("date"))?;
    let data = SandboxBank::generate(2026, start, 12);
    p.ingest(&data.batch(), data.end)
        .map_err(|e| err(e.to_string()))?;
    let bank = Bank {
        txns: p
            .transactions(&TxnFilter::default())
            .map_err(|e| err(e.to_string()))?,
        accounts: p.accounts().map_err(|e| err(e.to_string()))?,
    };
    let mut merchants: Vec<String> = bank
        .txns
        .iter()
        .filter_map(|t| t.merchant.clone())
        .collect();
    merchants.sort();
    merchants.dedup();
    let ctx = SlotContext::new(Vec::new(), merchants);
    let today = local_date(data.end, 0);
    let (mut intent, mut slots, mut period, mut merchant, mut all) = (
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
    );
    let mut by_kind: BTreeMap<String, Score> = BTreeMap::new();
    let sizes = conversation_sizes(&text);
    let multi = |c: &str| sizes.get(c).is_some_and(|n| *n > 1);
    let (mut now, mut conv) = (today.start_ts(0) + 60, String::new());
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: Value =
            serde_json::from_str(line).map_err(|_| err(format!("line {}: not JSON", i + 1)))?;
        let msg = v["text"]
            .as_str()
            .ok_or_else(|| err(format!("line {}: no text", i + 1)))?;
        let this_conv = v["conv"].as_str().unwrap_or("").to_string();
        now += match (this_conv == conv, multi(&conv) || multi(&this_conv)) {
            (true, _) => 5,
            (false, true) => 601,
            (false, false) => 30,
        };
        conv = this_conv;
        if local_date(now, 0) != today {
            return Err(err("the set is too long for one day of conversations"));
        }
        let r = p.handle_message(msg, now).map_err(|e| err(e.to_string()))?;
        if let Some(want) = v["intent"].as_str() {
            intent.add(r.intent.as_str() == want);
        }
        if let Some(want) = v.get("slots") {
            let (ok, [p_ok, m_ok]) = slots_match(want, msg, today, &ctx);
            slots.add(ok);
            if let Some(h) = p_ok {
                period.add(h);
            }
            if let Some(h) = m_ok {
                merchant.add(h);
            }
        }
        let e = &v["expect"];
        let ok = v["intent"].as_str().is_none_or(|w| r.intent.as_str() == w)
            && meets(&bank, e, &r.local_text);
        if !ok && std::env::var_os("EVAL_CHAT_MISSES").is_some() {
            eprintln!(
                "miss [{}] {msg}\n  -> {} | {}",
                e["kind"],
                r.intent.as_str(),
                r.local_text.replace('\n', " / ")
            );
        }
        all.add(ok);
        by_kind
            .entry(e["kind"].as_str().unwrap_or("none").to_string())
            .or_default()
            .add(ok);
    }
    println!("messages={}", all.n);
    println!(
        "conversations_multi_turn={}",
        sizes.values().filter(|n| **n > 1).count()
    );
    println!("intent_accuracy={:.4}", intent.ratio());
    println!("slot_accuracy={:.4}", slots.ratio());
    println!("period_recall={:.4} (n={})", period.ratio(), period.n);
    println!("merchant_recall={:.4} (n={})", merchant.ratio(), merchant.n);
    for (k, s) in &by_kind {
        println!("answer_correct_{k}={:.4} (n={})", s.ratio(), s.n);
    }
    println!("chat_answer_correct={:.4}", all.ratio());
    Ok(())
}

/// Messages per conversation.
fn conversation_sizes(text: &str) -> BTreeMap<String, usize> {
    let mut n: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            *n.entry(v["conv"].as_str().unwrap_or("").to_string())
                .or_default() += 1;
        }
    }
    n
}
