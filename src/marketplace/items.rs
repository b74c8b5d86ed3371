//! Which marketplace item stands for which SKU. Until a channel has its own mapping, the
//! natural ids: Ozon's offer id is our SKU code, Wildberries' barcode is the SKU's (first)
//! barcode. A mapping replaces these two functions and nothing else.

use super::config::ApiKind;
use crate::inventory::channels::FeedRow;

/// The marketplace's id for a SKU of the feed, if it has one.
pub fn item_id(kind: ApiKind, row: &FeedRow) -> Option<String> {
    let id = match kind {
        ApiKind::Ozon => row.code.clone(),
        ApiKind::Wildberries => row.barcode.clone(),
    };
    (!id.trim().is_empty()).then_some(id)
}

/// The SKU (its code or a barcode, as order imports take it) of a marketplace item.
pub fn sku_of(_kind: ApiKind, item: &str) -> String {
    item.to_string()
}
