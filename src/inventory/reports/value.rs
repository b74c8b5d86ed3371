//! `report stock-value`: what the stock cost, per location and in total.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{CURRENCY, times};
use crate::domain::{LocationId, Money, Sku, SkuId, quantity::format_money};
use crate::inventory::Result;
use crate::inventory::queries::location_names;
use crate::store::Reader;

/// One location's stock at cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationValue {
    pub location: String,
    /// Sellable units on hand (reserved ones included: they are still ours).
    pub units: u64,
    pub value: String,
    pub value_minor: Money,
    /// Defective units lying there, valued apart: they will not sell at full price.
    pub defective: u64,
    pub defective_value: String,
    pub defective_value_minor: Money,
}

/// `report stock-value --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockValue {
    pub currency: String,
    /// Location by location, in name order.
    pub locations: Vec<LocationValue>,
    pub units: u64,
    pub value: String,
    pub value_minor: Money,
    pub defective: u64,
    pub defective_value: String,
    pub defective_value_minor: Money,
    /// Units of SKUs without a cost: counted in units, not in value.
    pub uncosted_units: u64,
}

#[derive(Default)]
struct Sum {
    units: u64,
    value: Money,
    defective: u64,
    defective_value: Money,
}

/// On hand and defective units at each SKU's cost, per location.
pub fn stock_value(r: &impl Reader) -> Result<StockValue> {
    let costs: HashMap<SkuId, Option<Money>> =
        r.skus()?.into_iter().map(|s: Sku| (s.id, s.cost)).collect();
    let names = location_names(r)?;
    let mut by_loc: BTreeMap<LocationId, Sum> = BTreeMap::new();
    let mut uncosted = 0u64;
    for (sku, loc, l) in r.all_levels()? {
        let e = by_loc.entry(loc).or_default();
        e.units = e.units.saturating_add(l.on_hand);
        e.defective = e.defective.saturating_add(l.defective);
        match costs.get(&sku).copied().flatten() {
            Some(c) => {
                e.value = e.value.saturating_add(times(c, l.on_hand));
                e.defective_value = e.defective_value.saturating_add(times(c, l.defective));
            }
            None => uncosted = uncosted.saturating_add(l.on_hand.saturating_add(l.defective)),
        }
    }
    let mut total = Sum::default();
    let mut locations: Vec<LocationValue> = by_loc
        .into_iter()
        .filter(|(_, s)| s.units > 0 || s.defective > 0)
        .map(|(loc, s)| {
            total.units = total.units.saturating_add(s.units);
            total.value = total.value.saturating_add(s.value);
            total.defective = total.defective.saturating_add(s.defective);
            total.defective_value = total.defective_value.saturating_add(s.defective_value);
            LocationValue {
                location: names.get(&loc).cloned().unwrap_or_default(),
                units: s.units,
                value: format_money(s.value),
                value_minor: s.value,
                defective: s.defective,
                defective_value: format_money(s.defective_value),
                defective_value_minor: s.defective_value,
            }
        })
        .collect();
    locations.sort_by(|a, b| a.location.cmp(&b.location));
    super::refuse_cut_sums(&[total.value, total.defective_value])?;
    Ok(StockValue {
        currency: CURRENCY.to_string(),
        locations,
        units: total.units,
        value: format_money(total.value),
        value_minor: total.value,
        defective: total.defective,
        defective_value: format_money(total.defective_value),
        defective_value_minor: total.defective_value,
        uncosted_units: uncosted,
    })
}
