//! Purchase orders and alert snoozes: what the owner has asked suppliers for, and
//! which alerts the owner chose not to see for a while.
//!
//! Quantity on order (ordered minus received on open orders) is part of the
//! replenishment position: it lowers the suggestion and can lift a reorder alert.

use serde::{Deserialize, Serialize};

use super::status::StockStatus;
use super::types::{Millis, SkuId};

pub type PoId = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PoStatus {
    /// Sent to the supplier; units may still arrive.
    Open,
    /// Every line arrived in full.
    Received,
    /// Closed by hand; what had not arrived is no longer expected.
    Cancelled,
}

impl PoStatus {
    pub const ALL: [PoStatus; 3] = [PoStatus::Open, PoStatus::Received, PoStatus::Cancelled];
    pub fn as_str(self) -> &'static str {
        match self {
            PoStatus::Open => "open",
            PoStatus::Received => "received",
            PoStatus::Cancelled => "cancelled",
        }
    }
}

/// One SKU on a purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoLine {
    pub sku: SkuId,
    pub ordered: u64,
    pub received: u64,
}

impl PoLine {
    pub fn outstanding(&self) -> u64 {
        self.ordered.saturating_sub(self.received)
    }
}

/// An order to one supplier. Receipts against it are ordinary `receive`
/// movements with the reference `PO-<id>`, so the ledger stays the one truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub id: PoId,
    pub supplier: String,
    pub status: PoStatus,
    pub created: Millis,
    pub created_by: String,
    /// When it was received in full or cancelled.
    pub closed: Option<Millis>,
    /// One line per SKU, in the order given.
    pub lines: Vec<PoLine>,
}

impl PurchaseOrder {
    /// The ledger reference of receipts against this order.
    pub fn reference(&self) -> String {
        reference(self.id)
    }

    /// Units still expected of a SKU: none once the order is closed.
    pub fn on_order(&self, sku: SkuId) -> u64 {
        if self.status != PoStatus::Open {
            return 0;
        }
        self.lines
            .iter()
            .filter(|l| l.sku == sku)
            .fold(0u64, |a, l| a.saturating_add(l.outstanding()))
    }

    pub fn is_fully_received(&self) -> bool {
        self.lines.iter().all(|l| l.outstanding() == 0)
    }
}

/// `PO-<id>`: the reference receipts carry.
pub fn reference(id: PoId) -> String {
    format!("PO-{id}")
}

/// An alert the owner hid until `until`. It shows again earlier if the SKU
/// gets worse than it was when snoozed: a snoozed "low" must not hide a shortage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snooze {
    pub sku: SkuId,
    pub until: Millis,
    pub by: String,
    /// The status when snoozed (stored by its position, see `StockStatus`).
    pub status: StockStatus,
}

impl Snooze {
    /// Whether an alert of `current` status stays hidden at `now`.
    pub fn hides(&self, current: StockStatus, now: Millis) -> bool {
        now < self.until && current >= self.status
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn po(status: PoStatus) -> PurchaseOrder {
        PurchaseOrder {
            id: 7,
            supplier: "ООО Чайный двор".into(),
            status,
            created: 0,
            created_by: "owner".into(),
            closed: None,
            lines: vec![
                PoLine {
                    sku: 1,
                    ordered: 10,
                    received: 4,
                },
                PoLine {
                    sku: 2,
                    ordered: 6,
                    received: 6,
                },
            ],
        }
    }

    #[test]
    fn on_order_is_what_has_not_arrived_on_open_orders() {
        let p = po(PoStatus::Open);
        assert_eq!(p.on_order(1), 6);
        assert_eq!(p.on_order(2), 0);
        assert_eq!(p.on_order(3), 0);
        assert!(!p.is_fully_received());
        assert_eq!(po(PoStatus::Cancelled).on_order(1), 0);
        assert_eq!(p.reference(), "PO-7");
    }

    #[test]
    fn a_snooze_hides_until_it_ends_or_the_alert_worsens() {
        let s = Snooze {
            sku: 1,
            until: 100,
            by: "owner".into(),
            status: StockStatus::Low,
        };
        assert!(s.hides(StockStatus::Low, 99));
        assert!(!s.hides(StockStatus::Low, 100));
        assert!(!s.hides(StockStatus::Critical, 50));
        let s = Snooze {
            status: StockStatus::Critical,
            ..s
        };
        assert!(s.hides(StockStatus::Low, 50));
    }
}
