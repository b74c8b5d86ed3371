//! `stockroom day`: the end-of-day report the seller reads every evening. What moved in the
//! span `[from, to)` (received, sold and shipped per channel, returns, defects, counts
//! applied), and where things stand at the end of it or now, whichever is earlier (holds past
//! their deadline, channels whose listing drifted, alerts, purchase orders due).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{ChannelId, Millis, MovementKind, ReservationStatus, SkuId};
use crate::inventory::queries::{DAY_MS, channel_names, location_names, time_text};
use crate::inventory::{ReservationView, Result};
use crate::store::economics::EconomicsReader;
use crate::store::market::MarketReader;

/// Units of one SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuUnits {
    pub code: String,
    pub name: String,
    pub units: u64,
}

/// One channel's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelDay {
    pub channel: String,
    /// Sold at once (the till): `sell`.
    pub sold: u64,
    /// Shipped against reservations: `ship`.
    pub shipped: u64,
    /// Came back and went to stock.
    pub returned: u64,
    /// Came back defective.
    pub returned_defective: u64,
}

/// Units found defective (in stock or on return) for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonUnits {
    pub reason: crate::domain::DefectReason,
    pub units: u64,
}

/// A stocktake applied in the span: its corrections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountApplied {
    pub reference: String,
    pub entries: u64,
    /// Units the count added and took away.
    pub up: u64,
    pub down: u64,
}

/// A channel whose own listing differs from what it should show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelDrift {
    pub channel: String,
    /// SKUs whose listed quantity differs.
    pub skus: u64,
    /// Units listed beyond what may be shown (oversell risk).
    pub over: u64,
    /// Units shown too few (lost sales).
    pub under: u64,
}

/// A SKU that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertLine {
    pub code: String,
    pub name: String,
    pub status: String,
    pub available: i64,
    pub suggested: u64,
}

/// An open purchase order expected by the day's end and not fully received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoDue {
    pub id: u64,
    pub supplier: String,
    pub created: String,
    /// Its expected date (given at creation, else created + its SKUs' longest lead time).
    pub due: String,
    pub outstanding: u64,
    /// Past its expected date at the report's `as_of` (not merely due within the day).
    #[serde(default)]
    pub late: bool,
}

/// `day --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReport {
    pub from: String,
    pub to: String,
    /// The instant the state parts (holds, drift, alerts, orders due) are read at.
    pub as_of: String,
    pub received: u64,
    /// Received units per SKU, most first.
    pub received_skus: Vec<SkuUnits>,
    /// Channels with any sale, shipment or return, by name.
    pub channels: Vec<ChannelDay>,
    pub sold: u64,
    pub shipped: u64,
    pub returned: u64,
    pub returned_defective: u64,
    /// Defects found in stock (not returns), units.
    pub defects: u64,
    /// Defects in stock and defective returns by reason, most first.
    pub defect_reasons: Vec<ReasonUnits>,
    pub counts: Vec<CountApplied>,
    /// Open reservations whose hold deadline has passed.
    pub overdue_holds: Vec<ReservationView>,
    /// Units whose hold expired in the span (released back to stock).
    pub expired: u64,
    pub drift: Vec<ChannelDrift>,
    /// Alerts at the end of the day. Only for a day that has not ended: the stock a past
    /// day ended with is not kept, and today's levels would pass for that day's.
    pub alerts: Vec<AlertLine>,
    /// The day has ended, so `alerts` is empty by design (see `stockroom alerts` for now).
    #[serde(default)]
    pub alerts_not_kept: bool,
    pub purchase_orders_due: Vec<PoDue>,
}

fn add(a: &mut u64, q: u64) {
    *a = a.saturating_add(q);
}

/// The report of the span `[from, to)`, its state read at `min(now, to)`.
pub fn day_report(
    r: &(
         impl MarketReader
         + EconomicsReader
         + crate::store::ApiSent
         + crate::store::purchase_dates::PurchaseDatesReader
     ),
    now: Millis,
    from: Millis,
    to: Millis,
) -> Result<DayReport> {
    let as_of = now.min(to);
    let chans = channel_names(r)?;
    let mut received: BTreeMap<SkuId, u64> = BTreeMap::new();
    let mut by_channel: BTreeMap<Option<ChannelId>, ChannelDay> = BTreeMap::new();
    let mut reasons: BTreeMap<&'static str, (crate::domain::DefectReason, u64)> = BTreeMap::new();
    let mut counts: BTreeMap<String, CountApplied> = BTreeMap::new();
    let mut defects = 0u64;
    let mut expired = 0u64;
    // A day's margin before `from`: entries are in time order but for a clock stepping back.
    let start = r.first_seq_at(from.saturating_sub(DAY_MS))?;
    r.for_each_movement_from(start, &mut |m| {
        if m.at >= to.saturating_add(DAY_MS) {
            return false;
        }
        if m.at < from || m.at >= to {
            return true;
        }
        match m.kind {
            MovementKind::Receive => add(received.entry(m.sku).or_default(), m.qty),
            MovementKind::Sell => add(&mut by_channel.entry(m.channel).or_default().sold, m.qty),
            MovementKind::Ship => add(&mut by_channel.entry(m.channel).or_default().shipped, m.qty),
            MovementKind::ReturnRestock => add(
                &mut by_channel.entry(m.channel).or_default().returned,
                m.qty,
            ),
            MovementKind::ReturnDefect(reason) => {
                let d = by_channel.entry(m.channel).or_default();
                add(&mut d.returned_defective, m.qty);
                add(
                    &mut reasons.entry(reason.as_str()).or_insert((reason, 0)).1,
                    m.qty,
                );
            }
            MovementKind::Expire => add(&mut expired, m.qty),
            MovementKind::Defect(reason) => {
                add(&mut defects, m.qty);
                add(
                    &mut reasons.entry(reason.as_str()).or_insert((reason, 0)).1,
                    m.qty,
                );
            }
            MovementKind::Adjust => {
                let Some(reference) = m.reference.as_deref().filter(|x| x.starts_with("count #"))
                else {
                    return true;
                };
                let c = counts
                    .entry(reference.to_string())
                    .or_insert_with(|| CountApplied {
                        reference: reference.to_string(),
                        entries: 0,
                        up: 0,
                        down: 0,
                    });
                c.entries = c.entries.saturating_add(1);
                if m.delta.on_hand >= 0 {
                    add(&mut c.up, m.delta.on_hand.unsigned_abs());
                } else {
                    add(&mut c.down, m.delta.on_hand.unsigned_abs());
                }
            }
            _ => {}
        }
        true
    })?;
    let mut channels: Vec<ChannelDay> = by_channel
        .into_iter()
        .map(|(id, mut d)| {
            d.channel = id
                .and_then(|c| chans.get(&c).cloned())
                .unwrap_or_else(|| "-".into());
            d
        })
        .collect();
    channels.sort_by(|a, b| a.channel.cmp(&b.channel));
    let sum = |f: fn(&ChannelDay) -> u64| channels.iter().fold(0u64, |a, d| a.saturating_add(f(d)));
    let mut received_skus = Vec::new();
    for (sku, units) in received {
        let s = crate::inventory::engine::sku_by_id(r, sku)?;
        received_skus.push(SkuUnits {
            code: s.code,
            name: s.name,
            units,
        });
    }
    received_skus.sort_by(|a, b| b.units.cmp(&a.units).then(a.code.cmp(&b.code)));
    let mut defect_reasons: Vec<ReasonUnits> = reasons
        .into_iter()
        .map(|(_, (reason, units))| ReasonUnits { reason, units })
        .collect();
    defect_reasons.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then(a.reason.as_str().cmp(b.reason.as_str()))
    });
    Ok(DayReport {
        from: time_text(from),
        to: time_text(to),
        as_of: time_text(as_of),
        received: received_skus
            .iter()
            .fold(0u64, |a, s| a.saturating_add(s.units)),
        received_skus,
        sold: sum(|d| d.sold),
        shipped: sum(|d| d.shipped),
        returned: sum(|d| d.returned),
        returned_defective: sum(|d| d.returned_defective),
        channels,
        defects,
        defect_reasons,
        counts: counts.into_values().collect(),
        overdue_holds: overdue_holds(r, as_of)?,
        expired,
        drift: drift(r, as_of)?,
        alerts: match to <= now {
            true => Vec::new(),
            false => alerts(r, as_of)?,
        },
        alerts_not_kept: to <= now,
        purchase_orders_due: orders_due(r, to, as_of)?,
    })
}

fn overdue_holds(r: &impl MarketReader, as_of: Millis) -> Result<Vec<ReservationView>> {
    let locs = location_names(r)?;
    let chans = channel_names(r)?;
    let mut out = Vec::new();
    for res in r.open_reservations()? {
        let late = res.deadline.is_some_and(|d| d <= as_of);
        if !late
            || !matches!(
                res.status,
                ReservationStatus::Open | ReservationStatus::Picked
            )
        {
            continue;
        }
        let s = crate::inventory::engine::sku_by_id(r, res.sku)?;
        out.push(crate::inventory::queries::reservation_view_with(
            &res,
            &s,
            locs.get(&res.location).map(String::as_str).unwrap_or(""),
            chans.get(&res.channel).map(String::as_str).unwrap_or(""),
        ));
    }
    out.sort_by_key(|v| (v.deadline_ms, v.reservation));
    Ok(out)
}

fn drift(
    r: &(impl MarketReader + EconomicsReader + crate::store::ApiSent),
    as_of: Millis,
) -> Result<Vec<ChannelDrift>> {
    let (_, rows) = crate::inventory::channels::matrix(r, as_of)?;
    let mut by: BTreeMap<String, ChannelDrift> = BTreeMap::new();
    for row in rows {
        for c in row.channels {
            let Some(d) = c.drift.filter(|d| *d != 0) else {
                continue;
            };
            let e = by.entry(c.channel.clone()).or_insert_with(|| ChannelDrift {
                channel: c.channel.clone(),
                skus: 0,
                over: 0,
                under: 0,
            });
            e.skus = e.skus.saturating_add(1);
            if d > 0 {
                add(&mut e.over, d.unsigned_abs());
            } else {
                add(&mut e.under, d.unsigned_abs());
            }
        }
    }
    Ok(by.into_values().collect())
}

fn alerts(r: &impl MarketReader, as_of: Millis) -> Result<Vec<AlertLine>> {
    let rows = crate::inventory::replenish::alerts(
        r,
        as_of,
        crate::domain::replenishment::DEFAULT_WINDOW_DAYS,
        false,
    )?;
    Ok(rows
        .into_iter()
        .map(|a| AlertLine {
            code: a.code,
            name: a.name,
            status: a.status.as_str().to_string(),
            available: a.available,
            suggested: a.suggested,
        })
        .collect())
}

fn orders_due(
    r: &impl crate::store::purchase_dates::PurchaseDatesReader,
    to: Millis,
    as_of: Millis,
) -> Result<Vec<PoDue>> {
    let mut out = Vec::new();
    for po in r.open_purchase_orders()? {
        let outstanding = po
            .lines
            .iter()
            .fold(0u64, |a, l| a.saturating_add(l.outstanding()));
        let due = crate::inventory::purchasing::expected_of(r, &po)?;
        if due <= to && outstanding > 0 {
            out.push(PoDue {
                id: po.id,
                supplier: po.supplier.clone(),
                created: time_text(po.created),
                due: time_text(due),
                outstanding,
                late: crate::inventory::purchasing::is_late(&po, due, as_of),
            });
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
    Ok(out)
}
