//! Which marketplace item stands for which SKU. A channel's own item ids (`channel map`)
//! come first; a SKU without one keeps the natural id: Ozon's offer id is our SKU code,
//! Wildberries' barcode is the SKU's (first) barcode.

use std::collections::HashMap;

use super::config::ApiKind;
use crate::inventory::channels::FeedRow;
use crate::inventory::market::SetupView;

/// A channel's item ids, both ways.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Our SKU code -> the marketplace's id.
    by_code: HashMap<String, String>,
    /// The marketplace's id -> our SKU code.
    by_item: HashMap<String, String>,
}

impl Mapping {
    /// The item ids of a channel's setup (`channel map`).
    pub fn of(setup: &SetupView) -> Mapping {
        let mut m = Mapping::default();
        for (code, item) in &setup.items {
            m.by_code.insert(code.clone(), item.clone());
            m.by_item.insert(item.clone(), code.clone());
        }
        m
    }
}

/// The marketplace's id for a SKU of the feed, if it has one.
pub fn item_id(kind: ApiKind, map: &Mapping, row: &FeedRow) -> Option<String> {
    if let Some(id) = map.by_code.get(&row.code) {
        return Some(id.clone());
    }
    let id = match kind {
        ApiKind::Ozon => row.code.clone(),
        ApiKind::Wildberries => row.barcode.clone(),
    };
    (!id.trim().is_empty()).then_some(id)
}

/// The SKU (its code or a barcode, as order imports take it) of a marketplace item.
pub fn sku_of(_kind: ApiKind, map: &Mapping, item: &str) -> String {
    map.by_item
        .get(item)
        .cloned()
        .unwrap_or_else(|| item.to_string())
}
