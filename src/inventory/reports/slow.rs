//! `report slow`: money frozen in stock that does not move. Dead stock has not sold for
//! `dead_days`; overstock sells, but its cover runs far past the lead time plus the safety
//! stock's days. The rules are in stock-model.md ("Frozen money").

use serde::{Deserialize, Serialize};

use super::{CURRENCY, times};
use crate::domain::replenishment::{DEFAULT_WINDOW_DAYS, Velocity};
use crate::domain::{Millis, Money, Sku, quantity::format_money};
use crate::inventory::Result;
use crate::inventory::queries::{DAY_MS, time_text, totals_by_sku};
use crate::inventory::replenish::{MAX_WINDOW_DAYS, StockFacts};
use crate::store::Reader;

/// Days without a sale after which stock counts as dead when none are chosen.
pub const DEFAULT_DEAD_DAYS: u32 = 60;
/// Overstock: cover above this many times (lead time + safety days).
pub const OVERSTOCK_FACTOR: u64 = 3;

/// One SKU whose money stands still.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowRow {
    pub code: String,
    pub name: String,
    pub supplier: Option<String>,
    /// `dead` or `overstock`.
    pub kind: String,
    pub on_hand: u64,
    /// The units the money is frozen in: all of them for dead stock, those beyond
    /// lead time + safety for overstock.
    pub units: u64,
    /// The last sale, none when the SKU never sold.
    pub last_sale: Option<String>,
    /// Whole days since the last sale (or since its first entry, when it never sold).
    pub idle_days: u64,
    pub days_of_cover: Option<u64>,
    /// Lead time + the days the safety stock lasts (overstock only).
    pub target_days: Option<u64>,
    pub value: String,
    pub value_minor: Money,
    /// False when the SKU has no cost (its value counts as 0).
    pub costed: bool,
}

/// `report slow --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowReport {
    pub currency: String,
    pub dead_days: u32,
    /// The days sales are counted over for the cover.
    pub window_days: u32,
    /// Most money first.
    pub rows: Vec<SlowRow>,
    pub dead_value: String,
    pub dead_value_minor: Money,
    pub overstock_value: String,
    pub overstock_value_minor: Money,
}

/// Lead time + safety days, and the units beyond what lasts that long, when the cover runs
/// past `OVERSTOCK_FACTOR` times it; `None` otherwise (or when nothing sells).
pub fn overstock(
    available: i64,
    cover: Option<u64>,
    v: Velocity,
    lead_days: u32,
    safety: u64,
) -> Option<(u64, u64)> {
    let cover = cover?;
    if v.is_zero() {
        return None;
    }
    let safety_days = (u128::from(safety) * u128::from(v.days)).div_ceil(u128::from(v.units));
    let target =
        u64::from(lead_days).saturating_add(u64::try_from(safety_days).unwrap_or(u64::MAX));
    if cover <= target.saturating_mul(OVERSTOCK_FACTOR) {
        return None;
    }
    let need = v.units_over(u32::try_from(target).unwrap_or(u32::MAX));
    let have = u64::try_from(available.max(0)).unwrap_or(0);
    Some((target, have.saturating_sub(need)))
}

/// The last sale of a SKU, else its first entry (None for a SKU with no entries).
fn last_sale(r: &impl Reader, s: &Sku) -> Result<(Option<Millis>, Option<Millis>)> {
    const PAGE: usize = 256;
    let mut before = u64::MAX;
    let mut first = None;
    loop {
        let page = r.movements_of_sku(s.id, before, PAGE)?;
        for m in &page {
            if m.kind.is_sale() {
                return Ok((Some(m.at), Some(m.at)));
            }
            first = Some(m.at);
        }
        match page.last() {
            Some(m) if page.len() == PAGE => before = m.seq,
            _ => return Ok((None, first)),
        }
    }
}

/// Dead stock and overstock, most money first.
pub fn slow_report(r: &impl Reader, now: Millis, dead_days: u32) -> Result<SlowReport> {
    let dead_days = dead_days.clamp(1, MAX_WINDOW_DAYS);
    let facts = StockFacts::few(r, now, DEFAULT_WINDOW_DAYS)?;
    let totals = totals_by_sku(r)?;
    let cutoff = now.saturating_sub(i64::from(dead_days).saturating_mul(DAY_MS));
    let mut rows = Vec::new();
    for s in r.skus()? {
        let Some(total) = totals.get(&s.id).filter(|t| t.on_hand > 0) else {
            continue;
        };
        let (sale, since) = last_sale(r, &s)?;
        let idle = since.map(|t| u64::try_from(now.saturating_sub(t) / DAY_MS).unwrap_or(0));
        let sales = facts.sales(r, &s)?;
        let a = facts.judge(&s, &facts.position(s.id, total), &sales);
        let (kind, units, target) = if since.is_some_and(|t| t < cutoff) {
            ("dead", total.on_hand, None)
        } else {
            match overstock(
                total.available(),
                a.days_of_cover,
                a.velocity,
                s.lead_days,
                a.thresholds.safety,
            ) {
                // The forecast (a season ahead, a promotion) sells what is here within the
                // same span: not overstock; the excess is what it does not sell by the target.
                Some((target, _)) => {
                    let have = u64::try_from(total.available().max(0)).unwrap_or(0);
                    let days = |d: u64| u32::try_from(d).unwrap_or(u32::MAX);
                    let f = &sales.forecast;
                    if f.units_over(days(target.saturating_mul(OVERSTOCK_FACTOR))) >= have {
                        continue;
                    }
                    match have.saturating_sub(f.units_over(days(target))) {
                        0 => continue,
                        excess => ("overstock", excess, Some(target)),
                    }
                }
                None => continue,
            }
        };
        let value = s.cost.map(|c| times(c, units)).unwrap_or(0);
        rows.push(SlowRow {
            code: s.code.clone(),
            name: s.name.clone(),
            supplier: s.supplier.clone(),
            kind: kind.to_string(),
            on_hand: total.on_hand,
            units,
            last_sale: sale.map(time_text),
            idle_days: idle.unwrap_or(0),
            days_of_cover: a.days_of_cover,
            target_days: target,
            value: format_money(value),
            value_minor: value,
            costed: s.cost.is_some(),
        });
    }
    rows.sort_by(|a, b| b.value_minor.cmp(&a.value_minor).then(a.code.cmp(&b.code)));
    let sum = |k: &str| {
        rows.iter()
            .filter(|r| r.kind == k)
            .fold(0i64, |a, r| a.saturating_add(r.value_minor))
    };
    let (dead, over) = (sum("dead"), sum("overstock"));
    let mut sums: Vec<Money> = rows.iter().map(|r| r.value_minor).collect();
    sums.extend([dead, over]);
    super::refuse_cut_sums(&sums)?;
    Ok(SlowReport {
        currency: CURRENCY.to_string(),
        dead_days,
        window_days: facts.window(),
        rows,
        dead_value: format_money(dead),
        dead_value_minor: dead,
        overstock_value: format_money(over),
        overstock_value_minor: over,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overstock_is_cover_past_three_times_lead_and_safety_days() {
        // 14 units over 28 days = 0.5 a day; safety 2 lasts 4 days; lead 10: target 14 days.
        let v = Velocity::new(14, 28);
        // 50 available last 100 days > 42: overstock; 14 days need 7 units, 43 are beyond.
        assert_eq!(overstock(50, Some(100), v, 10, 2), Some((14, 43)));
        // 21 available last 42 days: not past 3 x 14.
        assert_eq!(overstock(21, Some(42), v, 10, 2), None);
        // Nothing sells: that is dead stock's business, not overstock's.
        assert_eq!(overstock(50, None, Velocity::new(0, 28), 10, 2), None);
    }
}
