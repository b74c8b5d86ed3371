//! A SKU's stock status: one word for where its stock stands, computed here and nowhere
//! else. The SKU list, the SKU detail, `sku show`, `sku list --low`, the alerts, the
//! channel matrix and the feeds all show the word this module gives (stock-model.md,
//! "Stock status").
//!
//! The status is computed from the thresholds in force ([`Thresholds`]: set by hand, else
//! the rule of thumb from sales velocity and lead time), the SKU's position over all
//! locations ([`Position`]) and its sales velocity ([`Velocity`]).

use serde::{Deserialize, Serialize};

use super::forecast::Forecast;
use super::purchase::LeadStats;
use super::replenishment::{
    DEFAULT_REVIEW_DAYS, Position, Thresholds, Velocity, days_of_cover, order_for_demand,
    order_to_clear,
};
use super::types::Sku;

/// Where a SKU's stock stands. Declared most severe first, so sorting ascending puts the
/// worst at the top; `Archived` (no longer sold) sorts last.
///
/// The serde names are the stable English names every JSON answer carries. Postcard
/// stores a snooze's status by its position here: `Shortage` 0, `Out` 1, `Critical` 2,
/// `Low` 3, `Ok` 4 are the positions of the alert severities of schema 4 (`reorder` was 3,
/// `none` 4), so snoozes written then read back the same. New variants go at the end.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StockStatus {
    /// More is promised than exists: available below 0, or orders wait on backorder.
    Shortage,
    /// Nothing available.
    Out,
    /// Will run out before a new order could arrive, or at or below the safety stock.
    Critical,
    /// At or below the reorder point (counting what is on order), and an order is due.
    #[serde(alias = "reorder")]
    Low,
    /// Nothing to do.
    #[default]
    #[serde(alias = "none")]
    Ok,
    /// No longer sold.
    Archived,
}

impl StockStatus {
    /// Every status, most severe first.
    pub const ALL: [StockStatus; 6] = [
        StockStatus::Shortage,
        StockStatus::Out,
        StockStatus::Critical,
        StockStatus::Low,
        StockStatus::Ok,
        StockStatus::Archived,
    ];

    /// The stable English name (JSON, catalog keys `status.NAME`).
    pub fn as_str(self) -> &'static str {
        match self {
            StockStatus::Shortage => "shortage",
            StockStatus::Out => "out",
            StockStatus::Critical => "critical",
            StockStatus::Low => "low",
            StockStatus::Ok => "ok",
            StockStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<StockStatus> {
        StockStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Shortage, out, critical and low: what the alerts list and `sku list --low` shows,
    /// and what channels that do not keep stock when low stop showing.
    pub fn is_alert(self) -> bool {
        self < StockStatus::Ok
    }
}

/// A SKU's status: the first rule that holds, in this order.
///
/// - `archived`: the SKU is archived;
/// - `shortage`: available < 0, or backorders > 0;
/// - `out`: available = 0;
/// - `critical`: available ≤ safety (when safety > 0), or the SKU sells and its days of
///   cover (available ÷ velocity, rounded down) are fewer than its lead days;
/// - `low`: available + on order ≤ reorder point, and either nothing sells or available +
///   on order is below what an order fills up to (⌈velocity × (lead + review days)⌉ +
///   safety). Stock that outlasts the lead time and the review period with the safety stock
///   left over is not low, whatever the reorder point: there is nothing to order;
/// - `ok`: otherwise.
///
/// `low` therefore always comes with something to order (see `suggested`), and a SKU with
/// cover far beyond its lead time reads `ok` even when a reorder point set by hand is higher.
pub fn stock_status(
    archived: bool,
    pos: &Position,
    velocity: Velocity,
    lead_days: u32,
    review_days: u32,
    t: &Thresholds,
) -> StockStatus {
    let demand = |days| velocity.units_over(days);
    status_by(
        archived,
        pos,
        velocity,
        (lead_days, review_days),
        t,
        &demand,
    )
}

/// As [`stock_status`], with the units expected over a number of days given by `demand`
/// (the forecast) rather than by the trailing rate.
fn status_by(
    archived: bool,
    pos: &Position,
    velocity: Velocity,
    (lead_days, review_days): (u32, u32),
    t: &Thresholds,
    demand: &dyn Fn(u32) -> u64,
) -> StockStatus {
    // Waiting backorders are demand on what is available: a shortage only when they are more
    // than it (or it is below 0), not whenever one waits (a paused channel's backorder, or one
    // whose sources are empty while another location has the units).
    let avail = i128::from(pos.available) - i128::from(pos.backorders);
    // On order units count towards the reorder point.
    let stock = avail + i128::from(pos.on_order);
    // Runs out before a delivery ordered now arrives: fewer units than the demand over the
    // lead time. Under the seed rule this is exactly "days of cover < lead days" (avail <
    // ⌈v × lead⌉ ⟺ ⌊avail / v⌋ < lead for whole units); under a forecast it follows the
    // season, trend and promotions that set min, so the status agrees with the thresholds.
    let short_cover = avail < i128::from(demand(lead_days));
    let fills_to = i128::from(demand(lead_days.saturating_add(review_days))) + i128::from(t.safety);
    if archived {
        StockStatus::Archived
    } else if avail < 0 {
        StockStatus::Shortage
    } else if avail == 0 {
        StockStatus::Out
    } else if (t.safety > 0 && avail <= i128::from(t.safety)) || short_cover {
        StockStatus::Critical
    } else if stock <= i128::from(t.reorder_point) && (velocity.is_zero() || stock < fills_to) {
        StockStatus::Low
    } else {
        StockStatus::Ok
    }
}

/// Everything the screens say about a SKU's stock besides its levels: the thresholds in
/// force and where they come from, the status, the days of cover and what to order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assessment {
    pub status: StockStatus,
    pub thresholds: Thresholds,
    pub velocity: Velocity,
    pub review_days: u32,
    /// Whole days (available − backorders) lasts at the velocity; none when nothing sells.
    pub days_of_cover: Option<u64>,
    /// Units to order now, in whole packs: enough for lead + review days plus safety (where
    /// nothing sells, what lifts the stock above the reorder point); 0 while the status is
    /// `ok` or `archived`.
    pub suggested: u64,
}

/// Assesses a SKU with the owner's review period ([`DEFAULT_REVIEW_DAYS`]): the one
/// computation every surface shows.
pub fn assess(sku: &Sku, pos: &Position, velocity: Velocity) -> Assessment {
    assess_with(sku, pos, velocity, DEFAULT_REVIEW_DAYS)
}

pub fn assess_with(sku: &Sku, pos: &Position, velocity: Velocity, review_days: u32) -> Assessment {
    assess_by(sku, pos, velocity, review_days, None, &|days| {
        velocity.units_over(days)
    })
}

/// Assesses a SKU by its demand forecast: min over the lead time and the order over lead
/// plus review days come from the forecast (the seed rule's exact figures when it is the
/// plain trailing rate); cover stays on the trailing rate. `lead` is the SKU's supplier's
/// measured lead times: a computed safety covers their spread at the trailing rate where
/// that is above the share of min ([`Thresholds::with_lead`]).
pub fn assess_forecast(
    sku: &Sku,
    pos: &Position,
    f: &Forecast,
    lead: Option<&LeadStats>,
) -> Assessment {
    assess_by(sku, pos, f.velocity, DEFAULT_REVIEW_DAYS, lead, &|days| {
        f.units_over(days)
    })
}

fn assess_by(
    sku: &Sku,
    pos: &Position,
    velocity: Velocity,
    review_days: u32,
    lead: Option<&LeadStats>,
    demand: &dyn Fn(u32) -> u64,
) -> Assessment {
    let t = Thresholds::with_lead(
        sku.min_stock,
        sku.safety_stock,
        demand(sku.lead_days),
        velocity,
        lead,
    );
    let status = status_by(
        sku.archived,
        pos,
        velocity,
        (sku.lead_days, review_days),
        &t,
        demand,
    );
    // Backordered units will take the next stock that arrives: they are demand the
    // available figure does not show yet, so cover and the order count them.
    let net = Position {
        available: pos
            .available
            .saturating_sub(i64::try_from(pos.backorders).unwrap_or(i64::MAX)),
        ..*pos
    };
    let by_sales = || {
        order_for_demand(
            &net,
            demand(sku.lead_days.saturating_add(review_days)),
            t.safety,
            sku.pack_size,
        )
    };
    // What to order now follows the status: nothing while it is ok (or archived). Where
    // nothing sells, the sales formula has nothing to go by, so the order lifts the stock
    // above the reorder point; where it sells, `low` means below what an order fills up
    // to, so the sales formula always has something to order.
    let suggested = if !status.is_alert() {
        0
    } else if velocity.is_zero() {
        by_sales().max(order_to_clear(&net, t.reorder_point, sku.pack_size))
    } else {
        by_sales()
    };
    Assessment {
        status,
        thresholds: t,
        velocity,
        review_days,
        days_of_cover: days_of_cover(net.available, velocity),
        suggested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::replenishment::ThresholdSource;
    use StockStatus as S;

    /// 10 a week.
    const TEN_A_WEEK: Velocity = Velocity { units: 10, days: 7 };
    const NONE: Velocity = Velocity { units: 0, days: 28 };

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

    /// Status with lead 14, review 7 and the thresholds the rule of thumb or the hand gives.
    fn st(p: Position, v: Velocity, min: Option<u64>, safety: Option<u64>) -> StockStatus {
        let t = Thresholds::new(min, safety, v, 14);
        stock_status(false, &p, v, 14, 7, &t)
    }

    #[test]
    fn the_classic_example() {
        // 10 a week, lead 14: min 20, safety 5, reorder point 25; an order fills up to
        // ⌈10/7 × 21⌉ + 5 = 35.
        let sev = |p: Position| st(p, TEN_A_WEEK, None, None);
        assert_eq!(sev(pos(-1, 0)), S::Shortage);
        assert_eq!(sev(owed(1, 0, 2, 0)), S::Shortage); // backorders not covered
        assert_eq!(sev(owed(0, 0, 2, 0)), S::Shortage);
        // Covered backorders are demand, not a shortage: 2 owed of 30 leaves 28.
        assert_eq!(sev(owed(30, 0, 2, 0)), S::Ok);
        assert_eq!(sev(owed(2, 0, 2, 0)), S::Out);
        assert_eq!(sev(owed(10, 0, 2, 0)), S::Critical); // 8 left: 5.6 days
        assert_eq!(sev(pos(0, 100)), S::Out);
        assert_eq!(sev(pos(5, 100)), S::Critical); // at safety
        assert_eq!(sev(pos(19, 100)), S::Critical); // 13 days < 14 lead
        assert_eq!(sev(pos(20, 0)), S::Low); // 14 days, 20 <= 25
        assert_eq!(sev(pos(25, 0)), S::Low);
        assert_eq!(sev(pos(20, 5)), S::Low);
        assert_eq!(sev(pos(20, 6)), S::Ok); // on order lifts it past 25
        assert_eq!(sev(pos(26, 0)), S::Ok);
    }

    #[test]
    fn shortage_comes_first_then_out() {
        // Backorders the stock here covers are demand, not a shortage (a paused channel's);
        // more owed than available is.
        assert_eq!(st(owed(50, 0, 1, 0), NONE, None, None), S::Ok);
        assert_eq!(st(owed(1, 0, 3, 0), NONE, None, None), S::Shortage);
        assert_eq!(st(owed(-3, 5, 0, 0), NONE, None, None), S::Shortage);
        // Nothing available is out, whether or not anything sells or is kept.
        assert_eq!(st(pos(0, 0), NONE, None, None), S::Out);
        assert_eq!(st(owed(0, 4, 0, 0), NONE, None, None), S::Out);
        assert_eq!(st(pos(0, 0), NONE, Some(4), Some(1)), S::Out);
        assert_eq!(st(pos(0, 10), TEN_A_WEEK, None, None), S::Out);
    }

    #[test]
    fn archived_wins_over_everything() {
        let t = Thresholds::new(None, None, TEN_A_WEEK, 14);
        for p in [
            pos(-5, 0),
            owed(3, 0, 2, 0),
            pos(0, 0),
            pos(1, 0),
            pos(500, 0),
        ] {
            assert_eq!(stock_status(true, &p, TEN_A_WEEK, 14, 7, &t), S::Archived);
        }
    }

    #[test]
    fn critical_at_the_safety_stock_or_short_cover() {
        // Nothing sells: the safety stock alone decides.
        assert_eq!(st(pos(3, 0), NONE, Some(0), Some(3)), S::Critical);
        assert_eq!(st(pos(4, 0), NONE, Some(10), Some(3)), S::Low);
        // A safety of 0 keeps nothing.
        assert_eq!(st(pos(1, 0), NONE, Some(0), Some(0)), S::Ok);
        // 2 a day over a lead time of 14, min and safety small by hand: 27 lasts 13 days.
        let v = Velocity::new(56, 28);
        assert_eq!(st(pos(27, 0), v, Some(2), Some(1)), S::Critical);
        assert_eq!(st(pos(28, 0), v, Some(2), Some(1)), S::Ok); // 14 days: not short
        // On order does not help cover: it is not here yet.
        assert_eq!(st(pos(27, 1000), v, Some(2), Some(1)), S::Critical);
    }

    #[test]
    fn lots_of_cover_is_ok_even_below_a_reorder_point_set_by_hand() {
        // 1 every 4 days (7 in 28), lead 14 + review 7: an order fills up to ⌈5.25⌉ + 2 = 8.
        let v = Velocity::new(7, 28);
        // Reorder point 42 by hand: 40 units last 160 days, nothing to order: ok.
        assert_eq!(st(pos(40, 0), v, Some(40), Some(2)), S::Ok);
        assert_eq!(st(pos(8, 0), v, Some(40), Some(2)), S::Ok); // 32 days
        // Below what an order fills up to, the reorder point decides again.
        assert_eq!(st(pos(7, 0), v, Some(40), Some(2)), S::Low);
        // On order counts on both sides.
        assert_eq!(st(pos(6, 2), v, Some(40), Some(2)), S::Ok);
        assert_eq!(st(pos(6, 1), v, Some(40), Some(2)), S::Low);
        // Nothing sells: the hand-set reorder point alone decides.
        assert_eq!(st(pos(40, 0), NONE, Some(40), Some(2)), S::Low);
        assert_eq!(st(pos(43, 0), NONE, Some(40), Some(2)), S::Ok);
    }

    #[test]
    fn low_always_has_something_to_order_and_ok_nothing() {
        // Every position from shortage to plenty, with hand and computed thresholds and
        // packs: `low` never comes with 0 to order, `ok` never with more.
        let mut sku = Sku::new(1, "A-1", "Кружка");
        sku.lead_days = 14;
        for pack in [1, 6] {
            sku.pack_size = pack;
            for (min, safety) in [(None, None), (Some(40), Some(2)), (Some(3), None)] {
                sku.min_stock = min;
                sku.safety_stock = safety;
                for v in [
                    NONE,
                    TEN_A_WEEK,
                    Velocity::new(7, 28),
                    Velocity::new(90, 28),
                ] {
                    for avail in -3..80 {
                        for on_order in [0, 5] {
                            let a = assess(&sku, &pos(avail, on_order), v);
                            if a.status == S::Low {
                                assert!(a.suggested > 0, "{min:?} {safety:?} {v:?} {avail}");
                            }
                            if !a.status.is_alert() {
                                assert_eq!(a.suggested, 0, "{min:?} {safety:?} {v:?} {avail}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn assessment_counts_backorders_in_cover_and_order() {
        let mut sku = Sku::new(1, "A-1", "Кружка");
        sku.lead_days = 14;
        let a = assess(&sku, &owed(12, 0, 2, 0), TEN_A_WEEK);
        // 10 left after the backorders: above the safety of 5, but 7 days of cover < 14.
        assert_eq!(a.status, S::Critical);
        // 10 left after the backorders: 7 days.
        assert_eq!(a.days_of_cover, Some(7));
        // 30 through lead + review, + 5 safety - 10 = 25.
        assert_eq!(a.suggested, 25);
        assert_eq!(a.review_days, DEFAULT_REVIEW_DAYS);
        assert_eq!(
            (a.thresholds.min_source, a.thresholds.safety_source),
            (ThresholdSource::Sales, ThresholdSource::ShareOfMin)
        );
    }

    #[test]
    fn a_suppliers_spread_raises_safety_status_and_order() {
        // 2 a day, lead 7: min 14, share-of-min safety 4. Lead times 5, 7, 15: spread 8 days
        // -> safety 16, reorder point 30.
        let mut sku = Sku::new(1, "TEA", "Чай");
        sku.lead_days = 7;
        let f = Forecast::trailing(Velocity::new(56, 28));
        let slow = LeadStats::of(&[5, 7, 15]);
        let floor = assess_forecast(&sku, &pos(10, 0), &f, None);
        let a = assess_forecast(&sku, &pos(10, 0), &f, slow.as_ref());
        assert_eq!((floor.thresholds.safety, a.thresholds.safety), (4, 16));
        assert_eq!(a.thresholds.safety_source, ThresholdSource::LeadSpread);
        // 10 left: 5 days of cover < 7 either way; the order covers lead + review (28)
        // plus the safety, less the 10 there: 22 on the floor, 34 on the spread.
        assert_eq!((floor.status, a.status), (S::Critical, S::Critical));
        assert_eq!((floor.suggested, a.suggested), (22, 34));
        // 20 left: 10 days of cover; above the floor's safety and reorder point 18 (ok),
        // but at or below the spread's reorder point 30 and short of what an order fills
        // up to (28 + 16): low, with 24 to order.
        let floor = assess_forecast(&sku, &pos(20, 0), &f, None);
        let a = assess_forecast(&sku, &pos(20, 0), &f, slow.as_ref());
        assert_eq!((floor.status, a.status), (S::Ok, S::Low));
        assert_eq!(a.suggested, 24);
    }

    #[test]
    fn order_and_names_are_stable() {
        let mut v = StockStatus::ALL.to_vec();
        v.reverse();
        v.sort();
        assert_eq!(v, StockStatus::ALL);
        let names: Vec<&str> = StockStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            ["shortage", "out", "critical", "low", "ok", "archived"]
        );
        for s in StockStatus::ALL {
            assert_eq!(StockStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        // The words of the old alert list still read.
        let old: StockStatus = serde_json::from_str("\"reorder\"").unwrap();
        assert_eq!(old, S::Low);
        assert!(S::Low.is_alert() && !S::Ok.is_alert() && !S::Archived.is_alert());
        // A snooze of schema 4 stored its severity by position: critical 2, reorder 3.
        assert_eq!(postcard::to_allocvec(&S::Critical).unwrap(), [2]);
        assert_eq!(postcard::to_allocvec(&S::Low).unwrap(), [3]);
        assert_eq!(postcard::to_allocvec(&S::Ok).unwrap(), [4]);
    }
}
