//! Replenishment reads: alerts with their order suggestions, the velocity report and
//! the defect report. Sales are read through the per-SKU ledger index, newest first,
//! and each walk stops at the window's start: never a scan of the whole ledger.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::replenishment::{
    DEFAULT_REVIEW_DAYS, Position, Severity, Thresholds, Velocity, days_of_cover, order_to_clear,
    severity, suggested_order,
};
use crate::domain::{
    ChannelId, Levels, Millis, MovementKind, ReservationStatus, Sku, SkuId, quantity::format_money,
};
use crate::store::Reader;

use super::Result;
use super::queries::{DAY_MS, channel_names, time_text, totals_by_sku};

/// Days the alert sparkline shows, whatever the velocity window.
pub const SPARK_DAYS: u32 = 28;
/// The longest window a report may look back over (two years).
pub const MAX_WINDOW_DAYS: u32 = 730;

/// One alert (`alerts --json`): where the SKU stands, how fast it sells, and what to order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRow {
    pub code: String,
    pub name: String,
    pub supplier: Option<String>,
    pub severity: Severity,
    /// on_hand - reserved over all locations; negative in shortage.
    pub available: i64,
    pub on_hand: u64,
    pub reserved: u64,
    /// Units on backorders: ordered by customers, not yet reserved.
    pub backorders: u64,
    /// Ordered from suppliers on open purchase orders, not yet received.
    pub on_order: u64,
    /// Units sold per day over the window (for display; decisions use the exact rate).
    pub velocity: f64,
    /// Units sold (ship + sell) in the window.
    pub sold: u64,
    pub window_days: u32,
    /// Whole days the available stock, less backorders, lasts; none when nothing sells.
    pub days_of_cover: Option<u64>,
    pub lead_days: u32,
    pub min: u64,
    pub safety: u64,
    pub reorder_point: u64,
    /// True when min or safety came from the rule of thumb, not from the owner.
    pub computed: bool,
    /// Units to order now, in whole packs.
    pub suggested: u64,
    pub pack_size: u64,
    /// Set when a snooze hides this alert (shown with `--all`).
    pub snoozed_until: Option<String>,
    /// Units sold per day over the last 28 days, oldest first.
    pub sales_28d: Vec<u64>,
}

/// One channel's share of a SKU's sales.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelRate {
    pub channel: String,
    pub units: u64,
    pub per_day: f64,
}

/// `report velocity --json`: one row per SKU that sold in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VelocityRow {
    pub code: String,
    pub name: String,
    pub units: u64,
    pub per_day: f64,
    /// Busiest channel first.
    pub channels: Vec<ChannelRate>,
}

/// Defective units of one reason from one supplier's goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectRow {
    pub reason: String,
    pub supplier: Option<String>,
    pub units: u64,
    /// Units x cost, where the cost is known.
    pub cost: String,
    pub cost_minor: i64,
}

/// `report defects --json`: defects and defective returns by reason x supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectReport {
    pub days: u32,
    /// Most units first.
    pub rows: Vec<DefectRow>,
    pub units: u64,
    pub cost: String,
    pub cost_minor: i64,
    /// Units of SKUs without a cost: counted in units, not in cost.
    pub uncosted_units: u64,
}

/// A sale or a defect, as the walks below collect them.
struct Dated {
    day: i64,
    channel: Option<ChannelId>,
    kind: MovementKind,
    qty: u64,
}

/// The SKU's movements from the day `first` on (day numbers since the epoch),
/// newest first, through the per-SKU index; stops at the first older one.
fn movements_since(r: &impl Reader, sku: SkuId, first: i64) -> Result<Vec<Dated>> {
    const PAGE: usize = 256;
    let mut out = Vec::new();
    let mut before = u64::MAX;
    loop {
        let page = r.movements_of_sku(sku, before, PAGE)?;
        for m in &page {
            let day = m.at.div_euclid(DAY_MS);
            if day < first {
                return Ok(out);
            }
            out.push(Dated {
                day,
                channel: m.channel,
                kind: m.kind,
                qty: m.qty,
            });
        }
        match page.last() {
            Some(m) if page.len() == PAGE => before = m.seq,
            _ => return Ok(out),
        }
    }
}

/// The first day of a window of `days` days ending with today.
fn first_day(now: Millis, days: u32) -> i64 {
    now.div_euclid(DAY_MS) - i64::from(days) + 1
}

/// Units on order per SKU: ordered minus received on open purchase orders.
pub fn on_order_by_sku(r: &impl Reader) -> Result<HashMap<SkuId, u64>> {
    let mut out: HashMap<SkuId, u64> = HashMap::new();
    for po in r.open_purchase_orders()? {
        for l in &po.lines {
            let e = out.entry(l.sku).or_default();
            *e = e.saturating_add(l.outstanding());
        }
    }
    Ok(out)
}

/// Units waiting on backorders per SKU (each backorder waits for its whole `qty`).
pub fn backorders_by_sku(r: &impl Reader) -> Result<HashMap<SkuId, u64>> {
    let mut out: HashMap<SkuId, u64> = HashMap::new();
    for res in r.open_reservations()? {
        if res.status == ReservationStatus::Backorder {
            let e = out.entry(res.sku).or_default();
            *e = e.saturating_add(res.qty);
        }
    }
    Ok(out)
}

/// Display rate: three decimals are plenty for units per day.
fn per_day(v: Velocity) -> f64 {
    (v.per_day() * 1000.0).round() / 1000.0
}

/// Everything replenishment knows about one SKU; `severity` is `None` when all is well.
fn assess(
    r: &impl Reader,
    s: &Sku,
    total: Levels,
    on_order: u64,
    backorders: u64,
    now: Millis,
    window: u32,
) -> Result<AlertRow> {
    let today = now.div_euclid(DAY_MS);
    let walk = first_day(now, window.max(SPARK_DAYS));
    let moves = movements_since(r, s.id, walk)?;
    let sales: Vec<(i64, u64)> = moves
        .iter()
        .filter(|m| m.kind.is_sale())
        .map(|m| (m.day, m.qty))
        .collect();
    let v = Velocity::from_sales(&sales, today, window);
    let mut sales_28d = vec![0u64; SPARK_DAYS as usize];
    let spark_first = first_day(now, SPARK_DAYS);
    for (day, q) in &sales {
        if (spark_first..=today).contains(day) {
            let i = (day - spark_first) as usize;
            sales_28d[i] = sales_28d[i].saturating_add(*q);
        }
    }
    let t = Thresholds::for_sku(s, v);
    let pos = Position {
        available: total.available(),
        reserved: total.reserved,
        backorders,
        on_order,
    };
    // Backordered units will take the next stock that arrives: they are demand
    // the available figure does not show yet, so cover and the order count them.
    let net = Position {
        available: pos
            .available
            .saturating_sub(i64::try_from(backorders).unwrap_or(i64::MAX)),
        ..pos
    };
    let sev = severity(&pos, v, s.lead_days, &t);
    Ok(AlertRow {
        code: s.code.clone(),
        name: s.name.clone(),
        supplier: s.supplier.clone(),
        severity: sev,
        available: pos.available,
        on_hand: total.on_hand,
        reserved: total.reserved,
        backorders,
        on_order,
        velocity: per_day(v),
        sold: v.units,
        window_days: window,
        days_of_cover: days_of_cover(net.available, v),
        lead_days: s.lead_days,
        min: t.min,
        safety: t.safety,
        reorder_point: t.reorder_point,
        computed: t.computed,
        suggested: suggested_order(
            &net,
            v,
            s.lead_days,
            DEFAULT_REVIEW_DAYS,
            t.safety,
            s.pack_size,
        )
        .max(order_to_clear(&net, t.reorder_point, s.pack_size)),
        pack_size: s.pack_size,
        snoozed_until: None,
        sales_28d,
    })
}

/// Alerts, most severe first, then the fewest days of cover. Snoozed ones are left
/// out unless `all`; archived SKUs never alert.
pub fn alerts(r: &impl Reader, now: Millis, window: u32, all: bool) -> Result<Vec<AlertRow>> {
    let window = window.clamp(1, MAX_WINDOW_DAYS);
    let totals = totals_by_sku(r)?;
    let on_order = on_order_by_sku(r)?;
    let backorders = backorders_by_sku(r)?;
    let snoozes: HashMap<SkuId, _> = r.snoozes()?.into_iter().map(|z| (z.sku, z)).collect();
    let mut out = Vec::new();
    for s in r.skus()?.into_iter().filter(|s| !s.archived) {
        let mut row = assess(
            r,
            &s,
            totals.get(&s.id).copied().unwrap_or_default(),
            on_order.get(&s.id).copied().unwrap_or(0),
            backorders.get(&s.id).copied().unwrap_or(0),
            now,
            window,
        )?;
        if row.severity == Severity::None {
            continue;
        }
        if let Some(z) = snoozes.get(&s.id).filter(|z| z.hides(row.severity, now)) {
            if !all {
                continue;
            }
            row.snoozed_until = Some(time_text(z.until));
        }
        out.push(row);
    }
    sort_alerts(&mut out);
    Ok(out)
}

/// Severity, then cover (none, "lasts forever", last), then code.
pub fn sort_alerts(rows: &mut [AlertRow]) {
    rows.sort_by(|a, b| {
        (a.severity, a.days_of_cover.unwrap_or(u64::MAX), &a.code).cmp(&(
            b.severity,
            b.days_of_cover.unwrap_or(u64::MAX),
            &b.code,
        ))
    });
}

/// The alert assessment of one SKU, alert or not (for purchase suggestions).
pub fn assess_sku(r: &impl Reader, s: &Sku, now: Millis, window: u32) -> Result<AlertRow> {
    let total = super::engine::sku_totals(r, s.id)?;
    let on_order = on_order_by_sku(r)?.get(&s.id).copied().unwrap_or(0);
    let backorders = backorders_by_sku(r)?.get(&s.id).copied().unwrap_or(0);
    assess(r, s, total, on_order, backorders, now, window)
}

/// Sales per SKU and channel over the last `days` days.
pub fn velocity_report(r: &impl Reader, now: Millis, days: u32) -> Result<Vec<VelocityRow>> {
    let days = days.clamp(1, MAX_WINDOW_DAYS);
    let names = channel_names(r)?;
    let today = now.div_euclid(DAY_MS);
    let first = first_day(now, days);
    let mut out = Vec::new();
    for s in r.skus()? {
        let mut by_channel: BTreeMap<Option<ChannelId>, u64> = BTreeMap::new();
        for m in movements_since(r, s.id, first)? {
            if m.kind.is_sale() && m.day <= today {
                let e = by_channel.entry(m.channel).or_default();
                *e = e.saturating_add(m.qty);
            }
        }
        let units = by_channel.values().fold(0u64, |a, q| a.saturating_add(*q));
        if units == 0 {
            continue;
        }
        let mut channels: Vec<ChannelRate> = by_channel
            .into_iter()
            .map(|(ch, q)| ChannelRate {
                channel: ch
                    .and_then(|c| names.get(&c).cloned())
                    .unwrap_or_else(|| "-".into()),
                units: q,
                per_day: per_day(Velocity::new(q, days)),
            })
            .collect();
        channels.sort_by(|a, b| b.units.cmp(&a.units).then(a.channel.cmp(&b.channel)));
        out.push(VelocityRow {
            code: s.code.clone(),
            name: s.name.clone(),
            units,
            per_day: per_day(Velocity::new(units, days)),
            channels,
        });
    }
    out.sort_by(|a, b| b.units.cmp(&a.units).then(a.code.cmp(&b.code)));
    Ok(out)
}

/// Defects found in stock and defective returns over the last `days` days,
/// by reason x supplier, with their cost.
pub fn defect_report(r: &impl Reader, now: Millis, days: u32) -> Result<DefectReport> {
    let days = days.clamp(1, MAX_WINDOW_DAYS);
    let today = now.div_euclid(DAY_MS);
    let first = first_day(now, days);
    let mut groups: BTreeMap<(&'static str, Option<String>), (u64, i64)> = BTreeMap::new();
    let mut uncosted = 0u64;
    for s in r.skus()? {
        for m in movements_since(r, s.id, first)? {
            let reason = match m.kind {
                MovementKind::Defect(reason) | MovementKind::ReturnDefect(reason) => reason,
                _ => continue,
            };
            if m.day > today {
                continue;
            }
            let cost = match s.cost {
                Some(c) => c.saturating_mul(i64::try_from(m.qty).unwrap_or(i64::MAX)),
                None => {
                    uncosted = uncosted.saturating_add(m.qty);
                    0
                }
            };
            let e = groups
                .entry((reason.as_str(), s.supplier.clone()))
                .or_default();
            e.0 = e.0.saturating_add(m.qty);
            e.1 = e.1.saturating_add(cost);
        }
    }
    let mut rows: Vec<DefectRow> = groups
        .into_iter()
        .map(|((reason, supplier), (units, cost))| DefectRow {
            reason: reason.to_string(),
            supplier,
            units,
            cost: format_money(cost),
            cost_minor: cost,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then(b.cost_minor.cmp(&a.cost_minor))
            .then(a.reason.cmp(&b.reason))
            .then(a.supplier.cmp(&b.supplier))
    });
    let units = rows.iter().fold(0u64, |a, r| a.saturating_add(r.units));
    let cost = rows
        .iter()
        .fold(0i64, |a, r| a.saturating_add(r.cost_minor));
    Ok(DefectReport {
        days,
        rows,
        units,
        cost: format_money(cost),
        cost_minor: cost,
        uncosted_units: uncosted,
    })
}
