//! Replenishment reads: alerts with their order suggestions, the velocity report and
//! the defect report. Sales are read through the per-SKU ledger index, newest first,
//! and each walk stops at the window's start: never a scan of the whole ledger.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::replenishment::Velocity;
use crate::domain::status::StockStatus;
use crate::domain::{
    ChannelId, DefectReason, Levels, Millis, MovementKind, ReservationStatus, Sku, SkuId,
    quantity::format_money,
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
    /// The SKU's status (`domain::status`), the same word the SKU list shows. Named
    /// `severity` in JSON as before; `low` was called `reorder` there.
    #[serde(rename = "severity", alias = "status")]
    pub status: StockStatus,
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
    /// A kit: the component that limits it (the one to order); a kit itself is never
    /// ordered, so its suggestion is 0.
    pub limited_by: Option<String>,
    /// With `alerts --channel`: that channel's own numbers for the SKU.
    // No `skip_serializing_if`: the wire (postcard) keeps no field names, so a field left
    // out would not read back.
    #[serde(default)]
    pub on_channel: Option<ChannelPart>,
    /// Which rule produced the computed min and safety, with the promotions it plans for.
    #[serde(default)]
    pub forecast: super::plan::ForecastView,
    /// Where min and safety come from (`hand`, `sales`, `share_of_min`, `lead_spread`), as
    /// `sku show --json` says them.
    #[serde(default)]
    pub min_source: crate::domain::replenishment::ThresholdSource,
    #[serde(default)]
    pub safety_source: crate::domain::replenishment::ThresholdSource,
}

/// One channel's numbers for an alert's SKU: what it shows and what it sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelPart {
    pub channel: String,
    /// What the matrix says the channel shows.
    pub shows: u64,
    /// Why it shows 0, when a rule withholds the stock.
    pub withheld: Option<String>,
    /// Units sold on the channel in the window, and per day.
    pub sold: u64,
    pub per_day: f64,
}

/// The alerts for the SKUs a channel lists, each with the channel's own numbers (from
/// the matrix and the velocity report).
pub fn for_channel(
    rows: Vec<AlertRow>,
    setup: &super::market::SetupView,
    matrix: &[super::channels::MatrixRow],
    sales: &[VelocityRow],
) -> Vec<AlertRow> {
    let listed = |code: &str| {
        setup
            .listing
            .as_ref()
            .is_none_or(|l| l.iter().any(|c| c == code))
    };
    rows.into_iter()
        .filter(|r| listed(&r.code))
        .map(|mut r| {
            let cell = matrix
                .iter()
                .find(|m| m.code == r.code)
                .and_then(|m| m.channels.iter().find(|c| c.channel == setup.channel));
            let rate = sales
                .iter()
                .find(|v| v.code == r.code)
                .and_then(|v| v.channels.iter().find(|c| c.channel == setup.channel));
            r.on_channel = Some(ChannelPart {
                channel: setup.channel.clone(),
                shows: cell.map(|c| c.published).unwrap_or(0),
                withheld: cell.and_then(|c| c.withheld.clone()),
                sold: rate.map(|c| c.units).unwrap_or(0),
                per_day: rate.map(|c| c.per_day).unwrap_or(0.0),
            });
            r
        })
        .collect()
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
    pub reason: DefectReason,
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
pub(super) fn first_day(now: Millis, days: u32) -> i64 {
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
    for (sku, id) in r.all_backorders()? {
        if let Some(res) = r.reservation(id)?
            && res.status == ReservationStatus::Backorder
        {
            let e = out.entry(sku).or_default();
            *e = e.saturating_add(res.qty);
        }
    }
    Ok(out)
}

/// Display rate: three decimals are plenty for units per day.
pub fn per_day(v: Velocity) -> f64 {
    (v.per_day() * 1000.0).round() / 1000.0
}

pub use super::facts::{Sales, StockFacts};

/// Everything replenishment knows about one SKU, alert or not.
fn alert_row(r: &impl Reader, facts: &StockFacts, s: &Sku, total: Levels) -> Result<AlertRow> {
    let sales = facts.sales(r, s)?;
    let pos = facts.position(s.id, &total);
    let a = facts.judge(s, &pos, &sales);
    let chans = if sales.forecast.promos.is_empty() {
        HashMap::new()
    } else {
        channel_names(r)?
    };
    let forecast = super::plan::forecast_view(&sales.forecast, &chans, s.lead_days);
    let t = a.thresholds;
    let limited_by = super::kits::kit_view(r, s.id)?.map(|k| {
        k.components
            .into_iter()
            .find(|c| c.limiting)
            .map(|c| c.code)
            .unwrap_or_default()
    });
    Ok(AlertRow {
        code: s.code.clone(),
        name: s.name.clone(),
        supplier: s.supplier.clone(),
        status: a.status,
        available: pos.available,
        on_hand: total.on_hand,
        reserved: total.reserved,
        backorders: pos.backorders,
        on_order: pos.on_order,
        velocity: per_day(a.velocity),
        sold: a.velocity.units,
        window_days: facts.window(),
        days_of_cover: a.days_of_cover,
        lead_days: s.lead_days,
        min: t.min,
        safety: t.safety,
        reorder_point: t.reorder_point,
        computed: t.computed,
        suggested: if limited_by.is_some() { 0 } else { a.suggested },
        pack_size: s.pack_size,
        snoozed_until: None,
        on_channel: None,
        forecast,
        sales_28d: sales.daily,
        limited_by,
        min_source: t.min_source,
        safety_source: t.safety_source,
    })
}

/// Alerts: every SKU whose status is shortage, out, critical or low, most severe first,
/// then the fewest days of cover. Snoozed ones are left out unless `all`; archived SKUs
/// never alert.
pub fn alerts(r: &impl Reader, now: Millis, window: u32, all: bool) -> Result<Vec<AlertRow>> {
    let facts = StockFacts::with_window(r, now, window)?;
    let totals = totals_by_sku(r)?;
    let snoozes: HashMap<SkuId, _> = r.snoozes()?.into_iter().map(|z| (z.sku, z)).collect();
    let mut out = Vec::new();
    for s in r.skus()?.into_iter().filter(|s| !s.archived) {
        let total = totals.get(&s.id).copied().unwrap_or_default();
        let mut row = alert_row(r, &facts, &s, total)?;
        if !row.status.is_alert() {
            continue;
        }
        if let Some(z) = snoozes.get(&s.id).filter(|z| z.hides(row.status, now)) {
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

/// Status, then cover (none, "lasts forever", last), then code.
pub fn sort_alerts(rows: &mut [AlertRow]) {
    rows.sort_by(|a, b| {
        (a.status, a.days_of_cover.unwrap_or(u64::MAX), &a.code).cmp(&(
            b.status,
            b.days_of_cover.unwrap_or(u64::MAX),
            &b.code,
        ))
    });
}

/// The alert assessment of one SKU, alert or not (for purchase suggestions).
pub fn assess_sku(r: &impl Reader, s: &Sku, now: Millis, window: u32) -> Result<AlertRow> {
    let total = super::engine::sku_totals(r, s.id)?;
    let facts = StockFacts::few(r, now, window)?;
    alert_row(r, &facts, s, total)
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
    // Keyed by the reason's word: rows of equal units and cost sort by it.
    let mut groups: BTreeMap<(&'static str, Option<String>), (DefectReason, u64, i64)> =
        BTreeMap::new();
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
                .or_insert((reason, 0, 0));
            e.1 = e.1.saturating_add(m.qty);
            e.2 = e.2.saturating_add(cost);
        }
    }
    let mut rows: Vec<DefectRow> = groups
        .into_iter()
        .map(|((_, supplier), (reason, units, cost))| DefectRow {
            reason,
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
            .then(a.reason.as_str().cmp(b.reason.as_str()))
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
