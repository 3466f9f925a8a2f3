//! "How much is that per month" after "did I save money this year": the net saved, per day,
//! week or month of the period, never the average spending (which "per month" alone would
//! be). The net is the one [`super::saved`] computes; it is spread over the days of the
//! period that have happened, from the first with data, as spending averages are.

use super::average::{average, Per};
use super::phrase::period_phrase;
use super::render::{platform_period, shows_period, Rendered, Style};
use super::saved::Saved;
use crate::egress::{DataCategory, DisclosureLevel};
use crate::intent::Period;
use crate::render::money_fmt::{format_money, format_money_rounded};
use crate::time::Date;

/// Whether a follow-up asks the previous net per unit: a unit of time ("per month") and a
/// word pointing back ("that", "it"), or the unit alone ("per month?", "monthly?").
/// "whats my average per month this year" after savings asks the average saved too; an
/// average of spending names it ("average spending per month").
pub(super) fn asks_per(w: &[String], per: Per) -> bool {
    let has = |f: fn(&str) -> bool| w.iter().any(|v| f(v));
    let pointer = has(|v| matches!(v, "that" | "it" | "thats" | "this"));
    let averaged = has(|v| matches!(v, "average" | "avg"));
    let spent = has(|v| v.starts_with("spen") || matches!(v, "out" | "bought" | "paid" | "income"));
    !spent
        && matches!(per, Per::Day | Per::Week | Per::Month)
        && (pointer || averaged || w.len() <= 3)
        && w.len() <= 8
}

/// Days of `period` averaged over: from its start (or the first day with data) to its end
/// or today, whichever comes first; at least one.
pub(super) fn days_of(period: &Period, first: Option<Date>, today: Date) -> i64 {
    let start = first.map_or(period.start, |d| d.max(period.start));
    let end = period.end.min(today.add_days(1));
    (end.days() - start.days()).max(1)
}

fn sentence(r: &Saved, per: Per, days: i64, money: &dyn Fn(i64) -> String, period: &str) -> String {
    let net = r.money_in.saturating_sub(r.money_out);
    let each = money(average(net.saturating_abs(), days, per));
    let unit = per.word();
    let (said, net) = match net < 0 {
        true => ("Money out exceeded money in by", net.saturating_neg()),
        false => ("You saved", net),
    };
    format!(
        "{said} {each} a {unit} on average {period}: {} over {days} days, net of money in and out.",
        money(net)
    )
}

/// Both texts: at `minimal` a fixed platform text; at `summary` rounded amounts; at `full`
/// the exact ones. The platform text carries amounts, and the period when it may show it.
pub(super) fn texts(r: &Saved, per: Per, days: i64, s: &Style) -> Rendered {
    let exact = |v: i64| format_money(v, r.currency, s.locale);
    let local = sentence(r, per, days, &exact, &period_phrase(&r.period));
    if s.level == DisclosureLevel::Minimal {
        return Rendered {
            local,
            platform: "Your money in and out summary is ready: open the app to view it.".into(),
            categories: Vec::new(),
        };
    }
    let full = s.level == DisclosureLevel::Full;
    let mut categories = vec![DataCategory::Amount];
    if shows_period(&r.period, full) {
        categories.push(DataCategory::Date);
    }
    let rounded = |v: i64| format!("about {}", format_money_rounded(v, r.currency, s.locale));
    let money: &dyn Fn(i64) -> String = if full { &exact } else { &rounded };
    let platform = sentence(r, per, days, money, &period_phrase(&platform_period(&r.period, full)));
    Rendered {
        local,
        platform,
        categories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn saved(money_in: i64, money_out: i64) -> Saved {
        Saved {
            period: "this year".into(),
            money_in,
            money_out,
            currency: Currency::USD,
            coverage: None,
        }
    }

    fn style(level: DisclosureLevel) -> Style {
        Style {
            level,
            locale: crate::render::money_fmt::Locale::EnUs,
            offset: 0,
        }
    }

    #[test]
    fn the_net_per_unit() {
        // $10,869.92 over 339 days: 1,086,992 * 1461 / (339 * 48) = 97,596.8 cents a month.
        let r = texts(&saved(6_139_034, 5_052_042), Per::Month, 339, &style(DisclosureLevel::Full));
        assert!(r.local.starts_with("You saved $975.97 a month on average this year: $10,869.92 over 339 days"), "{}", r.local);
        assert_eq!(r.platform, r.local);
        let r = texts(&saved(100_000, 130_000), Per::Week, 14, &style(DisclosureLevel::Full));
        assert!(r.local.starts_with("Money out exceeded money in by $150.00 a week"), "{}", r.local);
    }

    #[test]
    fn the_platform_text_follows_the_level() {
        let r = texts(&saved(6_139_034, 5_052_042), Per::Month, 339, &style(DisclosureLevel::Minimal));
        assert!(!r.platform.contains('$') && r.categories.is_empty(), "{}", r.platform);
        let r = texts(&saved(6_139_034, 5_052_042), Per::Month, 339, &style(DisclosureLevel::Summary));
        assert!(r.platform.contains("about $980") && !r.platform.contains(".97"), "{}", r.platform);
        assert!(r.categories.contains(&DataCategory::Amount));
    }

    #[test]
    fn what_asks_per_unit() {
        let w = |q: &str| super::super::shape::words(q);
        assert!(asks_per(&w("how much is that per month"), Per::Month));
        assert!(asks_per(&w("per month?"), Per::Month));
        assert!(!asks_per(&w("how much is that per purchase"), Per::Purchase));
        assert!(!asks_per(&w("what do i spend per month on groceries"), Per::Month));
        assert!(asks_per(&w("whats my average per month this year"), Per::Month));
        assert!(asks_per(&w("my avg each week in 2026"), Per::Week));
        assert!(!asks_per(&w("whats my average spending per month this year"), Per::Month));
    }
}
