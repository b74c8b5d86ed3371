//! `report lead-times`: how long each supplier really takes, measured by the receipts against
//! purchase orders (ordered → the last unit received, whole days, once per order), and how
//! often it was late.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::Millis;
use crate::domain::purchase::{LeadStats, PoId, PoStatus};
use crate::inventory::Result;
use crate::inventory::purchasing::{expected_of, is_late};
use crate::store::Reader;
use crate::store::purchase_dates::PurchaseDatesReader;

/// One supplier's measured lead times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadTimeRow {
    pub supplier: String,
    /// Orders with at least one receipt.
    pub orders: usize,
    /// Deliveries measured: one per complete order, at its last unit (`measured_orders`).
    pub receipts: usize,
    /// Days; the mean of the two middle deliveries for an even count. The figures are none
    /// for a supplier with nothing delivered in full yet (listed for an overdue order).
    pub median: Option<f64>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// 4 in 5 deliveries came within this many days (nearest rank).
    pub p80: Option<u32>,
    /// Orders with a receipt after their expected date.
    pub late: usize,
    /// Open orders past their expected date now, not fully received.
    pub overdue: usize,
}

/// `report lead-times --json`: one row per supplier, by name; suppliers with nothing
/// received yet appear when they have an overdue order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadTimeReport {
    pub rows: Vec<LeadTimeRow>,
}

#[derive(Default)]
struct Acc {
    days: Vec<u32>,
    orders: BTreeSet<PoId>,
    late: BTreeSet<PoId>,
    overdue: usize,
}

/// Each order's one measured lead time: the whole days from its creation to the receipt
/// that brought its last unit, once it is complete (fully received, or closed with what
/// came). An order delivered box by box counts once, at its last box, so a late supplier
/// that ships in parts does not look steadier for it; an open order with units still
/// outstanding is not measured yet (it is overdue when late). With each order: whether
/// any receipt came after its expected date.
fn measured_orders(
    r: &impl Reader,
) -> Result<Vec<(crate::domain::purchase::PurchaseOrder, Option<u32>, bool)>> {
    let mut by: BTreeMap<PoId, (u32, bool)> = BTreeMap::new();
    for (id, receipt) in r.all_po_receipts()? {
        let e = by.entry(id).or_insert((0, false));
        e.0 = e.0.max(receipt.lead_days);
        e.1 |= receipt.late;
    }
    let mut out = Vec::new();
    for po in r.purchase_orders()? {
        let Some(&(last, late)) = by.get(&po.id) else {
            continue;
        };
        let complete = po.status != PoStatus::Open || po.is_fully_received();
        out.push((po, complete.then_some(last), late));
    }
    Ok(out)
}

/// Each supplier's measured lead times (names compared as written), one per complete
/// order (`measured_orders`): read once for a whole query, so a catalog of a million SKUs
/// looks its suppliers up in a map rather than reading the receipts per SKU.
pub fn lead_stats_by_supplier(r: &impl Reader) -> Result<HashMap<String, LeadStats>> {
    let mut days: HashMap<String, Vec<u32>> = HashMap::new();
    for (po, lead, _) in measured_orders(r)? {
        if let Some(d) = lead {
            days.entry(po.supplier).or_default().push(d);
        }
    }
    Ok(days
        .into_iter()
        .filter_map(|(s, d)| LeadStats::of(&d).map(|st| (s, st)))
        .collect())
}

/// Per supplier (names compared as written), one lead time per complete order
/// (`measured_orders`).
pub fn lead_times(r: &impl PurchaseDatesReader, now: Millis) -> Result<LeadTimeReport> {
    let mut by: BTreeMap<String, Acc> = BTreeMap::new();
    for (po, lead, late) in measured_orders(r)? {
        let acc = by.entry(po.supplier.clone()).or_default();
        acc.days.extend(lead);
        acc.orders.insert(po.id);
        if late {
            acc.late.insert(po.id);
        }
    }
    for po in r
        .purchase_orders()?
        .into_iter()
        .filter(|p| p.status == PoStatus::Open)
    {
        if is_late(&po, expected_of(r, &po)?, now) {
            by.entry(po.supplier.clone()).or_default().overdue += 1;
        }
    }
    let rows = by
        .into_iter()
        .map(|(supplier, a)| {
            let s = LeadStats::of(&a.days);
            LeadTimeRow {
                supplier,
                orders: a.orders.len(),
                receipts: a.days.len(),
                median: s.map(|s| s.median),
                min: s.map(|s| s.min),
                max: s.map(|s| s.max),
                p80: s.map(|s| s.p80),
                late: a.late.len(),
                overdue: a.overdue,
            }
        })
        .collect();
    Ok(LeadTimeReport { rows })
}
