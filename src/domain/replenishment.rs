//! Replenishment: how fast a SKU sells, when to reorder and how much.
//!
//! The math of stock-model.md, "Replenishment". Rates are kept as exact
//! fractions (units over days) so the sellers' hand-worked examples come out
//! exactly: 10 a week over a 14-day lead time is 20, not 19.999…

use serde::{Deserialize, Serialize};

use super::purchase::{LeadStats, safety_with_lead_spread};
use super::types::Sku;

/// The sales window velocity looks back over when none is chosen: four weeks
/// smooths out weekly rhythm without hiding a trend.
pub const DEFAULT_WINDOW_DAYS: u32 = 28;
/// How often the owner reviews and places orders; an order must last until the next one.
pub const DEFAULT_REVIEW_DAYS: u32 = 7;
/// The rule of thumb's safety share of min_stock (sellers use 20-30 %).
pub const SAFETY_PCT: u64 = 25;

/// A sales rate as an exact fraction: `units` sold over `days`.
///
/// Kept as a fraction rather than a float so thresholds computed from it are
/// exact. A window of 0 days carries no information and counts as no sales.
/// Equality compares rates, so 10 over 7 equals 20 over 14.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Velocity {
    pub units: u64,
    pub days: u32,
}

impl Velocity {
    pub fn new(units: u64, days: u32) -> Self {
        Velocity { units, days }
    }

    /// Velocity from sales dated by day number (any consecutive day count,
    /// e.g. days since the epoch), over the `window_days` days ending with
    /// `today` inclusive. Sales outside the window, including future ones, are ignored.
    /// Pass one channel's sales for that channel's velocity, all sales for the total.
    pub fn from_sales(sales: &[(i64, u64)], today: i64, window_days: u32) -> Self {
        let first = today
            .saturating_sub(i64::from(window_days))
            .saturating_add(1);
        let units = sales
            .iter()
            .filter(|(day, _)| (first..=today).contains(day))
            .fold(0u64, |sum, (_, q)| sum.saturating_add(*q));
        Velocity {
            units,
            days: window_days,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.units == 0 || self.days == 0
    }

    /// Units sold over `days` at this rate, rounded up: running short by a
    /// fraction of a unit is still running short.
    pub fn units_over(&self, days: u32) -> u64 {
        if self.is_zero() {
            return 0;
        }
        let n = u128::from(self.units) * u128::from(days);
        sat(n.div_ceil(u128::from(self.days)))
    }

    /// For display only; decisions use the exact fraction.
    pub fn per_day(&self) -> f64 {
        if self.is_zero() {
            0.0
        } else {
            self.units as f64 / f64::from(self.days)
        }
    }
}

impl PartialEq for Velocity {
    fn eq(&self, other: &Self) -> bool {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => true,
            (false, false) => {
                u128::from(self.units) * u128::from(other.days)
                    == u128::from(other.units) * u128::from(self.days)
            }
            _ => false,
        }
    }
}

impl Eq for Velocity {}

/// Where a threshold in force comes from, so screens can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdSource {
    /// Set by the owner (`sku add/edit --min/--safety`, a catalog import).
    #[default]
    Hand,
    /// min = ⌈velocity × lead_days⌉.
    Sales,
    /// safety = ⌈min × 25 %⌉.
    ShareOfMin,
    /// safety = ⌈velocity × (p80 − median)⌉ of the supplier's measured lead times, where
    /// that is above ⌈min × 25 %⌉ (`purchase::safety_with_lead_spread`).
    LeadSpread,
}

impl ThresholdSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ThresholdSource::Hand => "hand",
            ThresholdSource::Sales => "sales",
            ThresholdSource::ShareOfMin => "share_of_min",
            ThresholdSource::LeadSpread => "lead_spread",
        }
    }
}

/// The effective stock thresholds of a SKU: the owner's values where set by
/// hand, the rule of thumb where not. Each is chosen independently, so an
/// owner may fix min_stock and still let safety follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Thresholds {
    pub min: u64,
    pub safety: u64,
    /// min + safety: at or below it, reorder (see `status::stock_status`).
    pub reorder_point: u64,
    /// True when at least one of min and safety came from the rule of thumb,
    /// so screens can mark the numbers as estimates.
    pub computed: bool,
    pub min_source: ThresholdSource,
    pub safety_source: ThresholdSource,
}

impl Thresholds {
    /// Rule of thumb: min = ceil(velocity * lead_days), safety = ceil(min * 25 %).
    /// A computed safety follows the effective min, manual or computed.
    pub fn new(
        manual_min: Option<u64>,
        manual_safety: Option<u64>,
        velocity: Velocity,
        lead_days: u32,
    ) -> Self {
        Thresholds::from_demand(manual_min, manual_safety, velocity.units_over(lead_days))
    }

    /// As [`Thresholds::new`], with the units expected over the lead time given (the
    /// forecast's): min = that demand, safety = ⌈min × 25 %⌉, where not set by hand.
    pub fn from_demand(manual_min: Option<u64>, manual_safety: Option<u64>, demand: u64) -> Self {
        let min = manual_min.unwrap_or(demand);
        let safety = manual_safety
            .unwrap_or_else(|| sat((u128::from(min) * u128::from(SAFETY_PCT)).div_ceil(100)));
        let source = |manual: bool, rule: ThresholdSource| {
            if manual { ThresholdSource::Hand } else { rule }
        };
        Thresholds {
            min,
            safety,
            reorder_point: min.saturating_add(safety),
            computed: manual_min.is_none() || manual_safety.is_none(),
            min_source: source(manual_min.is_some(), ThresholdSource::Sales),
            safety_source: source(manual_safety.is_some(), ThresholdSource::ShareOfMin),
        }
    }

    /// As [`Thresholds::from_demand`], with the supplier's measured lead times: a safety
    /// not set by hand covers what sells at `velocity` while a slow delivery runs from the
    /// median to the 80th percentile, where that is more than ⌈min × 25 %⌉ and at least
    /// [`MIN_LEAD_RECEIPTS`](super::purchase::MIN_LEAD_RECEIPTS) receipts were measured.
    /// The one rule for the thresholds every surface shows (`status::assess_forecast`).
    pub fn with_lead(
        manual_min: Option<u64>,
        manual_safety: Option<u64>,
        demand: u64,
        velocity: Velocity,
        lead: Option<&LeadStats>,
    ) -> Self {
        let mut t = Thresholds::from_demand(manual_min, manual_safety, demand);
        if manual_safety.is_none() {
            let (safety, source) = safety_with_lead_spread(t.safety, velocity, lead);
            t.safety = safety;
            t.safety_source = source;
            t.reorder_point = t.min.saturating_add(safety);
        }
        t
    }

    pub fn for_sku(sku: &Sku, velocity: Velocity) -> Self {
        Thresholds::new(sku.min_stock, sku.safety_stock, velocity, sku.lead_days)
    }
}

/// Whole days the available stock lasts at this rate, rounded down; `None`
/// when nothing sells, since then it lasts indefinitely. A shortage lasts 0 days.
/// Rounding down keeps `cover < lead_days` exact for whole-day lead times.
pub fn days_of_cover(available: i64, velocity: Velocity) -> Option<u64> {
    if velocity.is_zero() {
        return None;
    }
    let day_units = u128::try_from(available.max(0)).unwrap_or(0) * u128::from(velocity.days);
    Some(sat(day_units / u128::from(velocity.units)))
}

/// Where a SKU stands, summed over locations: the inputs the status and the
/// order suggestion need besides the rate and the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Position {
    /// on_hand - reserved over all locations; negative in shortage.
    pub available: i64,
    pub reserved: u64,
    /// Units on backorders (orders accepted without stock to reserve).
    pub backorders: u64,
    /// Ordered on open purchase orders, not yet received.
    pub on_order: u64,
}

/// Units to order now: enough to sell through the lead time and until the
/// next review, plus the safety stock, less what is available and already
/// on order; rounded up to whole packs, because suppliers sell packs.
///
/// Follows the contract's formula exactly: backordered units are not part
/// of it. A shortage (negative available) raises the suggestion by the units owed.
pub fn suggested_order(
    pos: &Position,
    velocity: Velocity,
    lead_days: u32,
    review_days: u32,
    safety: u64,
    pack_size: u64,
) -> u64 {
    order_for_demand(
        pos,
        velocity.units_over(lead_days.saturating_add(review_days)),
        safety,
        pack_size,
    )
}

/// As [`suggested_order`], with the units expected over lead + review days given.
pub fn order_for_demand(pos: &Position, cover: u64, safety: u64, pack_size: u64) -> u64 {
    let need = i128::from(cover) + i128::from(safety)
        - i128::from(pos.available)
        - i128::from(pos.on_order);
    let need = u128::try_from(need.max(0)).unwrap_or(0);
    let pack = u128::from(pack_size.max(1));
    sat(need.div_ceil(pack) * pack)
}

/// Units that lift available plus on order just above the reorder point, in whole packs:
/// the least an order must bring for a `low` status to clear when it arrives. Where
/// nothing sells (a new shop with a hand-set min), the sales formula has nothing to go by
/// and this is the suggestion (`status::assess`), so an alert never says "low" with
/// nothing to order. 0 when no reorder point is kept.
pub fn order_to_clear(pos: &Position, reorder_point: u64, pack_size: u64) -> u64 {
    if reorder_point == 0 {
        return 0;
    }
    let need = i128::from(reorder_point) + 1 - i128::from(pos.available) - i128::from(pos.on_order);
    let need = u128::try_from(need.max(0)).unwrap_or(0);
    let pack = u128::from(pack_size.max(1));
    sat(need.div_ceil(pack) * pack)
}

fn sat(n: u128) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10 a week.
    const TEN_A_WEEK: Velocity = Velocity { units: 10, days: 7 };

    fn pos(available: i64, on_order: u64) -> Position {
        owed(available, 0, 0, on_order)
    }

    fn owed(available: i64, reserved: u64, backorders: u64, on_order: u64) -> Position {
        Position {
            available,
            reserved,
            backorders,
            on_order,
        }
    }

    fn all(t: Thresholds) -> (u64, u64, u64, bool) {
        (t.min, t.safety, t.reorder_point, t.computed)
    }

    fn classic() -> Thresholds {
        Thresholds::new(None, None, TEN_A_WEEK, 14)
    }

    #[test]
    fn classic_example_is_exact() {
        // 10 a week, 2-week lead time: min 20, safety 5, reorder point 25.
        let t = classic();
        assert_eq!(all(t), (20, 5, 25, true));
        // Through lead + review (21 days) that sells 30; +5 safety - 12 available - 0 = 23.
        let s = suggested_order(&pos(12, 0), TEN_A_WEEK, 14, 7, t.safety, 1);
        assert_eq!(s, 23);
    }

    #[test]
    fn velocity_from_sales_window() {
        // today = 100, window 28: days 73..=100 count.
        let sales = [(72, 99), (73, 10), (90, 15), (100, 15), (101, 7)];
        let v = Velocity::from_sales(&sales, 100, DEFAULT_WINDOW_DAYS);
        assert_eq!((v.units, v.days), (40, 28));
        assert_eq!(v, TEN_A_WEEK);
        assert_eq!(Velocity::from_sales(&[], 100, 28), Velocity::default());
        assert!(Velocity::from_sales(&sales, 100, 0).is_zero());
    }

    #[test]
    fn velocity_rounds_up_and_compares_rates() {
        assert_eq!(TEN_A_WEEK.units_over(14), 20);
        assert_eq!(TEN_A_WEEK.units_over(1), 2); // 1.43 -> 2
        assert_eq!(TEN_A_WEEK.units_over(0), 0);
        assert_eq!(Velocity::new(20, 14), TEN_A_WEEK);
        assert_ne!(Velocity::new(11, 7), TEN_A_WEEK);
        assert_eq!(Velocity::new(0, 28), Velocity::new(5, 0));
        assert!((TEN_A_WEEK.per_day() - 10.0 / 7.0).abs() < 1e-12);
        assert_eq!(Velocity::new(5, 0).per_day(), 0.0);
        assert_eq!(Velocity::new(u64::MAX, 1).units_over(u32::MAX), u64::MAX);
    }

    #[test]
    fn zero_velocity() {
        let v = Velocity::new(0, 28);
        let t = Thresholds::new(None, None, v, 14);
        assert_eq!((t.min, t.safety, t.reorder_point), (0, 0, 0));
        assert_eq!(days_of_cover(50, v), None);
        assert_eq!(suggested_order(&pos(0, 0), v, 14, 7, 0, 6), 0);
        assert_eq!(
            (t.min_source, t.safety_source),
            (ThresholdSource::Sales, ThresholdSource::ShareOfMin)
        );
    }

    #[test]
    fn safety_rounds_up() {
        // 9 a week, lead 7: min 9, safety ceil(2.25) = 3.
        let t = Thresholds::new(None, None, Velocity::new(9, 7), 7);
        assert_eq!((t.min, t.safety, t.reorder_point), (9, 3, 12));
        // 1 in 28 days, lead 14: min ceil(0.5) = 1, safety ceil(0.25) = 1.
        let t = Thresholds::new(None, None, Velocity::new(1, 28), 14);
        assert_eq!((t.min, t.safety), (1, 1));
    }

    #[test]
    fn manual_thresholds_override_each_independently() {
        let t = Thresholds::new(Some(40), Some(2), TEN_A_WEEK, 14);
        assert_eq!(all(t), (40, 2, 42, false));
        assert_eq!(
            (t.min_source, t.safety_source),
            (ThresholdSource::Hand, ThresholdSource::Hand)
        );
        // Manual min, computed safety follows it.
        let t = Thresholds::new(Some(40), None, TEN_A_WEEK, 14);
        assert_eq!(all(t), (40, 10, 50, true));
        assert_eq!(
            (t.min_source, t.safety_source),
            (ThresholdSource::Hand, ThresholdSource::ShareOfMin)
        );
        // Computed min, manual safety (0 is a value, not "unset").
        let t = Thresholds::new(None, Some(0), TEN_A_WEEK, 14);
        assert_eq!(all(t), (20, 0, 20, true));
        assert_eq!(
            (t.min_source, t.safety_source),
            (ThresholdSource::Sales, ThresholdSource::Hand)
        );
        let mut sku = Sku::new(1, "A-1", "Кружка");
        sku.min_stock = Some(7);
        sku.safety_stock = Some(3);
        let t = Thresholds::for_sku(&sku, TEN_A_WEEK);
        assert_eq!((t.reorder_point, t.computed), (10, false));
    }

    #[test]
    fn a_computed_safety_covers_the_measured_lead_spread() {
        use crate::domain::purchase::LeadStats;
        // 2 a day, lead 7: min 14, floor ⌈3.5⌉ = 4. Lead times 5, 7, 15: p80 15 − median
        // 7 = 8 days -> 16 units, reorder point 14 + 16 = 30.
        let v = Velocity::new(56, 28);
        let slow = LeadStats::of(&[5, 7, 15]);
        let t = Thresholds::with_lead(None, None, v.units_over(7), v, slow.as_ref());
        assert_eq!(all(t), (14, 16, 30, true));
        assert_eq!(
            (t.min_source, t.safety_source),
            (ThresholdSource::Sales, ThresholdSource::LeadSpread)
        );
        // A min set by hand still lets safety follow the spread when that is more.
        let t = Thresholds::with_lead(Some(20), None, 14, v, slow.as_ref());
        assert_eq!((t.safety, t.reorder_point), (16, 36));
        // ...and its share when that is more: 25 % of 100 = 25 > 16.
        let t = Thresholds::with_lead(Some(100), None, 14, v, slow.as_ref());
        assert_eq!(
            (t.safety, t.safety_source),
            (25, ThresholdSource::ShareOfMin)
        );
        // A safety set by hand is the owner's.
        let t = Thresholds::with_lead(None, Some(2), 14, v, slow.as_ref());
        assert_eq!((t.safety, t.reorder_point), (2, 16));
        assert_eq!(t.safety_source, ThresholdSource::Hand);
        // Nothing measured: the seed rule exactly.
        assert_eq!(
            Thresholds::with_lead(None, None, 14, v, None),
            Thresholds::from_demand(None, None, 14)
        );
        assert_eq!(ThresholdSource::LeadSpread.as_str(), "lead_spread");
    }

    #[test]
    fn days_of_cover_floors_and_clamps() {
        assert_eq!(days_of_cover(20, TEN_A_WEEK), Some(14));
        assert_eq!(days_of_cover(19, TEN_A_WEEK), Some(13)); // 13.3
        assert_eq!(days_of_cover(0, TEN_A_WEEK), Some(0));
        assert_eq!(days_of_cover(-4, TEN_A_WEEK), Some(0));
    }

    #[test]
    fn pack_size_rounds_up() {
        // cover 21 days at 1/day = 21, + safety 0 - 8 available = 13 -> packs of 6 -> 18.
        let v = Velocity::new(28, 28);
        assert_eq!(suggested_order(&pos(8, 0), v, 14, 7, 0, 6), 18);
        assert_eq!(suggested_order(&pos(9, 0), v, 14, 7, 0, 6), 12); // 12 exactly
        assert_eq!(suggested_order(&pos(8, 0), v, 14, 7, 0, 1), 13);
        assert_eq!(suggested_order(&pos(8, 0), v, 14, 7, 0, 0), 13); // 0 treated as 1
    }

    #[test]
    fn on_order_reduces_the_suggestion() {
        let s = classic().safety;
        assert_eq!(suggested_order(&pos(12, 0), TEN_A_WEEK, 14, 7, s, 1), 23);
        assert_eq!(suggested_order(&pos(12, 10), TEN_A_WEEK, 14, 7, s, 1), 13);
        assert_eq!(suggested_order(&pos(12, 30), TEN_A_WEEK, 14, 7, s, 1), 0);
        assert_eq!(suggested_order(&pos(40, 0), TEN_A_WEEK, 14, 7, s, 10), 0);
    }

    #[test]
    fn shortage_raises_the_suggestion() {
        // 30 + 5 - (-3) = 38.
        let s = classic().safety;
        assert_eq!(suggested_order(&pos(-3, 0), TEN_A_WEEK, 14, 7, s, 1), 38);
    }

    #[test]
    fn an_order_always_lifts_stock_above_the_reorder_point() {
        // min 4 + safety 1 by hand, nothing sells, 3 left: 3 more make 6 > 5.
        assert_eq!(order_to_clear(&pos(3, 0), 5, 1), 3);
        // Packs of 6: one pack.
        assert_eq!(order_to_clear(&pos(3, 0), 5, 6), 6);
        // On order counts; above the point nothing is needed.
        assert_eq!(order_to_clear(&pos(3, 2), 5, 1), 1);
        assert_eq!(order_to_clear(&pos(6, 0), 5, 1), 0);
        // In shortage the units owed come first.
        assert_eq!(order_to_clear(&pos(-4, 0), 5, 1), 10);
        // No reorder point kept: no order from this rule.
        assert_eq!(order_to_clear(&pos(0, 0), 0, 1), 0);
        // At the limits nothing overflows.
        assert_eq!(order_to_clear(&pos(i64::MIN, 0), u64::MAX, 1), u64::MAX);
    }
}
