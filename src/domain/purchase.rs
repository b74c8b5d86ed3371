//! Purchase orders and alert snoozes: what the owner has asked suppliers for, and
//! which alerts the owner chose not to see for a while.
//!
//! Quantity on order (ordered minus received on open orders) is part of the
//! replenishment position: it lowers the suggestion and can lift a reorder alert.

use serde::{Deserialize, Serialize};

use super::replenishment::{ThresholdSource, Velocity};
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

/// One receipt against a purchase order, kept beside the order (the order's own record is
/// unchanged): when it arrived, how many units, and the lead time it measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoReceipt {
    pub at: Millis,
    pub units: u64,
    /// Whole days from the order's creation to this receipt.
    pub lead_days: u32,
    /// Whether it arrived after the order's expected date.
    pub late: bool,
}

const DAY: Millis = 86_400_000;

impl PoReceipt {
    /// The receipt of `units` at `at` against an order created at `created` and expected by
    /// `expected`.
    pub fn measure(created: Millis, expected: Millis, at: Millis, units: u64) -> PoReceipt {
        let days = at.saturating_sub(created).max(0) / DAY;
        PoReceipt {
            at,
            units,
            lead_days: u32::try_from(days).unwrap_or(u32::MAX),
            late: at > expected,
        }
    }
}

/// Measured lead times of one supplier, in days: the middle, the spread, the slow tail.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeadStats {
    pub receipts: usize,
    /// The median (the mean of the two middle values for an even count).
    pub median: f64,
    pub min: u32,
    pub max: u32,
    /// 80th percentile, nearest rank: 4 in 5 receipts came within it.
    pub p80: u32,
}

impl LeadStats {
    /// The statistics of these lead times; none for no receipts.
    pub fn of(days: &[u32]) -> Option<LeadStats> {
        let mut d = days.to_vec();
        d.sort_unstable();
        let n = d.len();
        let (&min, &max) = (d.first()?, d.last()?);
        let median = if n % 2 == 1 {
            f64::from(d[n / 2])
        } else {
            (f64::from(d[n / 2 - 1]) + f64::from(d[n / 2])) / 2.0
        };
        // Nearest rank: the ⌈0.8 n⌉-th smallest.
        let rank = (n * 4).div_ceil(5).max(1);
        Some(LeadStats {
            receipts: n,
            median,
            min,
            max,
            p80: d[rank - 1],
        })
    }

    /// Whole days from the median to the 80th percentile, rounded up: how far a slow
    /// delivery runs past the usual one. 0 when the median is at or above p80.
    pub fn spread_days(&self) -> u32 {
        // Between 0 and p80, a u32, so the cast is exact.
        (f64::from(self.p80) - self.median).max(0.0).ceil() as u32
    }
}

/// Receipts a supplier needs before its measured spread sets safety stock: fewer say too
/// little about how late it runs.
pub const MIN_LEAD_RECEIPTS: usize = 3;

/// Safety stock that covers the supplier's measured spread: the units sold while a delivery
/// runs from its median to its 80th percentile, ⌈velocity × (p80 − median)⌉, never below
/// `floor` (the seed's share of min). With fewer than [`MIN_LEAD_RECEIPTS`] receipts
/// measured, the floor. The rule that gave the figure comes with it:
/// [`ThresholdSource::LeadSpread`] where the spread is above the floor, else
/// [`ThresholdSource::ShareOfMin`].
pub fn safety_with_lead_spread(
    floor: u64,
    velocity: Velocity,
    stats: Option<&LeadStats>,
) -> (u64, ThresholdSource) {
    let Some(s) = stats.filter(|s| s.receipts >= MIN_LEAD_RECEIPTS) else {
        return (floor, ThresholdSource::ShareOfMin);
    };
    let spread = velocity.units_over(s.spread_days());
    if spread > floor {
        (spread, ThresholdSource::LeadSpread)
    } else {
        (floor, ThresholdSource::ShareOfMin)
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
    fn lead_stats_of_three_receipts() {
        // 5, 12 and 7 days: sorted 5 7 12; median 7; p80 rank ⌈2.4⌉ = 3 -> 12.
        let s = LeadStats::of(&[5, 12, 7]).expect("three receipts");
        assert_eq!((s.receipts, s.min, s.max, s.p80), (3, 5, 12, 12));
        assert!((s.median - 7.0).abs() < 1e-9);
        // Even count: median of 4 and 6 is 5; p80 rank ⌈3.2⌉ = 4 -> 9.
        let s = LeadStats::of(&[9, 4, 6, 2]).expect("four");
        assert!((s.median - 5.0).abs() < 1e-9);
        assert_eq!(s.p80, 9);
        assert_eq!(LeadStats::of(&[]), None);
    }

    #[test]
    fn a_receipt_measures_whole_days_and_lateness() {
        let r = PoReceipt::measure(0, 7 * DAY, 7 * DAY + 5, 3);
        assert_eq!((r.lead_days, r.late, r.units), (7, true, 3));
        let r = PoReceipt::measure(0, 7 * DAY, 7 * DAY - 1, 3);
        assert_eq!((r.lead_days, r.late), (6, false));
        // A clock that went back never makes a negative lead time.
        assert_eq!(PoReceipt::measure(DAY, 2 * DAY, 0, 1).lead_days, 0);
    }

    #[test]
    fn safety_covers_the_measured_spread_above_the_floor() {
        use ThresholdSource::{LeadSpread, ShareOfMin};
        // 2 a day; lead times 5, 7, 15: sorted 5 7 15, median 7, p80 (rank ⌈2.4⌉ = 3) 15:
        // a spread of 8 days -> 16 units, above a floor of 4.
        let v = Velocity { units: 14, days: 7 };
        let stats = LeadStats::of(&[5, 15, 7]);
        assert_eq!(stats.map(|s| s.spread_days()), Some(8));
        assert_eq!(
            safety_with_lead_spread(4, v, stats.as_ref()),
            (16, LeadSpread)
        );
        // The seed's share of min stays the floor: 20 > 16.
        assert_eq!(
            safety_with_lead_spread(20, v, stats.as_ref()),
            (20, ShareOfMin)
        );
        // Equal to the floor: the floor's rule says it.
        assert_eq!(
            safety_with_lead_spread(16, v, stats.as_ref()),
            (16, ShareOfMin)
        );
        // A steady supplier (7, 7, 7) adds nothing; nothing measured: the floor.
        let steady = LeadStats::of(&[7, 7, 7]);
        assert_eq!(
            safety_with_lead_spread(3, v, steady.as_ref()),
            (3, ShareOfMin)
        );
        assert_eq!(safety_with_lead_spread(3, v, None), (3, ShareOfMin));
        // Two receipts are too few to go by, however wide apart.
        let two = LeadStats::of(&[5, 30]);
        assert_eq!(safety_with_lead_spread(3, v, two.as_ref()), (3, ShareOfMin));
        // An even count's half-day median rounds the spread up: 4 6 9 12 -> median 7.5,
        // p80 (rank ⌈3.2⌉ = 4) 12, 4.5 -> 5 days; 1 in 3 days over 5 days -> 2.
        let four = LeadStats::of(&[4, 6, 9, 12]).expect("four");
        assert_eq!(four.spread_days(), 5);
        assert_eq!(
            safety_with_lead_spread(1, Velocity::new(1, 3), Some(&four)),
            (2, LeadSpread)
        );
        // Nothing sold: nothing to cover.
        assert_eq!(
            safety_with_lead_spread(0, Velocity::new(0, 28), stats.as_ref()),
            (0, ShareOfMin)
        );
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
