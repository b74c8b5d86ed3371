//! `report lead-times`: how long each supplier really takes, measured by the receipts against
//! purchase orders (ordered → received, whole days), and how often it was late.

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
    pub receipts: usize,
    /// Days; the mean of the two middle receipts for an even count. The figures are none
    /// for a supplier with nothing received yet (listed for an overdue order).
    pub median: Option<f64>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// 4 in 5 receipts came within this many days (nearest rank).
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

/// Each supplier's measured lead times (names compared as written), from every receipt
/// against every order: read once for a whole query, so a catalog of a million SKUs looks
/// its suppliers up in a map rather than reading the receipts per SKU.
pub fn lead_stats_by_supplier(r: &impl Reader) -> Result<HashMap<String, LeadStats>> {
    let suppliers: HashMap<PoId, String> = r
        .purchase_orders()?
        .into_iter()
        .map(|p| (p.id, p.supplier))
        .collect();
    let mut days: HashMap<&str, Vec<u32>> = HashMap::new();
    for (id, receipt) in r.all_po_receipts()? {
        if let Some(s) = suppliers.get(&id) {
            days.entry(s.as_str()).or_default().push(receipt.lead_days);
        }
    }
    Ok(days
        .into_iter()
        .filter_map(|(s, d)| LeadStats::of(&d).map(|st| (s.to_string(), st)))
        .collect())
}

/// Per supplier (names compared as written), from every receipt against every order.
pub fn lead_times(r: &impl PurchaseDatesReader, now: Millis) -> Result<LeadTimeReport> {
    let orders: BTreeMap<PoId, _> = r
        .purchase_orders()?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut by: BTreeMap<String, Acc> = BTreeMap::new();
    for (id, receipt) in r.all_po_receipts()? {
        let Some(po) = orders.get(&id) else { continue };
        let acc = by.entry(po.supplier.clone()).or_default();
        acc.days.push(receipt.lead_days);
        acc.orders.insert(id);
        if receipt.late {
            acc.late.insert(id);
        }
    }
    for po in orders.values().filter(|p| p.status == PoStatus::Open) {
        if is_late(po, expected_of(r, po)?, now) {
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
