//! Allocation: how much of the one stock pool each sales channel should show.
//!
//! Channels are windows onto a single pool, so what a channel publishes is a
//! view computed from the pool's levels and the channel's rules, never a stock
//! of its own (stock-model.md, "Channels"). Pure arithmetic: the caller
//! gathers the levels and the SKU's status (`status::stock_status`), so what a
//! channel withholds always agrees with the status the SKU list shows.

use serde::{Deserialize, Serialize};

use super::status::StockStatus;
use super::types::{Channel, Levels, LocationId};

/// Why a channel shows nothing whatever the stock, so a screen can answer
/// "why does this marketplace show 0?" without redoing the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// The owner switched the channel off.
    Paused,
    /// The SKU is no longer sold.
    Archived,
    /// The SKU's status is `shortage`. More reserved than on hand overall: every extra
    /// sale would be a broken promise, so no channel shows it. Orders waiting on backorder
    /// with stock still here: only `keep_when_low` channels show what is spare.
    Shortage,
    /// The SKU's status is `out`, `critical` or `low` and the channel is not a priority
    /// (`keep_when_low`) channel, so the last units are kept for the priority ones.
    NearMinimum,
}

impl Withheld {
    pub fn as_str(self) -> &'static str {
        match self {
            Withheld::Paused => "paused",
            Withheld::Archived => "archived",
            Withheld::Shortage => "shortage",
            Withheld::NearMinimum => "near_minimum",
        }
    }
}

/// The result of allocating one SKU to one channel, with enough detail to
/// explain it: `base` is what the channel's source locations could offer
/// before the channel's own rules, even when the result is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The quantity the channel should show.
    pub qty: u64,
    /// Available units in the channel's sources (never more than the SKU's total available).
    pub base: u64,
    /// Set when a rule forced `qty` to 0 regardless of `base`.
    pub withheld: Option<Withheld>,
}

/// Allocates a SKU to a channel, keeping the reason when the answer is 0.
///
/// `levels` holds the SKU's levels at every location (one entry per location);
/// the SKU's total available is summed over all of them, while `base` only
/// counts the channel's sources (all locations when `sources` is empty).
/// `status` is the SKU's status (`status::stock_status`, from the thresholds in force):
/// a channel that does not keep stock when low shows nothing unless it is `ok`.
///
/// Each location contributes its available clamped at 0, so one location in
/// local shortage does not hide stock lying elsewhere; but `base` is capped at
/// the SKU's total available, because units owed to orders at one location are
/// owed from the one pool and must not be promised again through another.
/// `share_pct` above 100 is treated as 100 for the same reason.
pub fn allocate(
    channel: &Channel,
    levels: &[(LocationId, Levels)],
    status: StockStatus,
) -> Allocation {
    let total: i128 = levels.iter().map(|(_, l)| available(l)).sum();
    let in_sources: i128 = levels
        .iter()
        .filter(|(loc, _)| channel.sources.is_empty() || channel.sources.contains(loc))
        .map(|(_, l)| available(l).max(0))
        .sum();
    let base_wide = in_sources.min(total.max(0));
    let base = to_u64(base_wide);

    let withheld = if channel.paused {
        Some(Withheld::Paused)
    } else if status == StockStatus::Archived {
        Some(Withheld::Archived)
    } else if total < 0 || (status == StockStatus::Shortage && !channel.keep_when_low) {
        Some(Withheld::Shortage)
    } else if status.is_alert() && !channel.keep_when_low {
        Some(Withheld::NearMinimum)
    } else {
        None
    };
    if withheld.is_some() {
        return Allocation {
            qty: 0,
            base,
            withheld,
        };
    }

    let share = i128::from(channel.share_pct.min(100));
    let shared = to_u64(base_wide.saturating_mul(share) / 100);
    let mut qty = shared.saturating_sub(channel.buffer);
    if let Some(cap) = channel.max_listed {
        qty = qty.min(cap);
    }
    Allocation {
        qty,
        base,
        withheld: None,
    }
}

/// The quantity a channel should show for a SKU (stock-model.md, "Channels").
/// See [`allocate`] for the arguments and for why the answer is what it is.
pub fn published(channel: &Channel, levels: &[(LocationId, Levels)], status: StockStatus) -> u64 {
    allocate(channel, levels, status).qty
}

/// How far a channel's listing has wandered from what it should show.
/// The two directions cost differently: showing too much sells units that do
/// not exist, showing too little loses sales, so they are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Drift {
    /// The channel shows this many more units than it should (red).
    OversellRisk(u64),
    /// The channel shows this many fewer units than it could (yellow).
    LostSales(u64),
    InStep,
}

/// Compares what a channel last reported showing with what it should publish.
pub fn drift(listed: u64, published: u64) -> Drift {
    use std::cmp::Ordering;
    match listed.cmp(&published) {
        Ordering::Greater => Drift::OversellRisk(listed - published),
        Ordering::Less => Drift::LostSales(published - listed),
        Ordering::Equal => Drift::InStep,
    }
}

/// Available at one location, widened so sums over many locations cannot overflow.
fn available(l: &Levels) -> i128 {
    i128::from(l.on_hand) - i128::from(l.reserved)
}

fn to_u64(n: i128) -> u64 {
    u64::try_from(n.max(0)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::types::ChannelKind;
    use StockStatus::{Archived, Low, Ok as OK, Shortage};

    const MAIN: LocationId = 1;
    const SHOP: LocationId = 2;
    const GARAGE: LocationId = 3;

    fn lv(on_hand: u64, reserved: u64) -> Levels {
        Levels {
            on_hand,
            reserved,
            defective: 0,
        }
    }

    fn ch(kind: ChannelKind) -> Channel {
        Channel::new(1, "test", kind, 1)
    }

    fn market() -> Channel {
        ch(ChannelKind::Marketplace)
    }

    /// One location holding `available` units, nothing reserved.
    fn one(available: u64) -> Vec<(LocationId, Levels)> {
        vec![(MAIN, lv(available, 0))]
    }

    #[test]
    fn defaults_publish_everything_available() {
        let levels = vec![(MAIN, lv(10, 3)), (SHOP, lv(5, 0))];
        assert_eq!(published(&market(), &levels, OK), 12);
        let a = allocate(&market(), &levels, OK);
        assert_eq!((a.qty, a.base, a.withheld), (12, 12, None));
    }

    #[test]
    fn no_levels_publishes_zero() {
        assert_eq!(published(&market(), &[], OK), 0);
    }

    #[test]
    fn paused_publishes_zero_but_keeps_base() {
        let mut c = market();
        c.paused = true;
        let a = allocate(&c, &one(40), OK);
        assert_eq!((a.qty, a.base, a.withheld), (0, 40, Some(Withheld::Paused)));
    }

    #[test]
    fn archived_publishes_zero() {
        let a = allocate(&market(), &one(40), Archived);
        assert_eq!((a.qty, a.withheld), (0, Some(Withheld::Archived)));
    }

    #[test]
    fn shortage_publishes_zero_even_on_keep_when_low_channels() {
        // Main has 5 spare, the shop owes 7 it does not have: total available -2.
        let levels = vec![(MAIN, lv(5, 0)), (SHOP, lv(3, 10))];
        let mut c = market();
        c.keep_when_low = true;
        c.sources = vec![MAIN];
        let a = allocate(&c, &levels, OK);
        assert_eq!((a.qty, a.withheld), (0, Some(Withheld::Shortage)));
        assert_eq!(a.base, 0, "nothing is spare while the pool is short");
    }

    #[test]
    fn sources_limit_the_base() {
        let levels = vec![(MAIN, lv(10, 0)), (SHOP, lv(4, 1)), (GARAGE, lv(7, 0))];
        let mut c = ch(ChannelKind::Retail);
        c.sources = vec![SHOP];
        assert_eq!(published(&c, &levels, OK), 3);
        c.sources = vec![SHOP, GARAGE];
        assert_eq!(published(&c, &levels, OK), 10);
        c.sources = vec![];
        assert_eq!(published(&c, &levels, OK), 20);
    }

    #[test]
    fn source_without_levels_contributes_nothing() {
        let mut c = market();
        c.sources = vec![GARAGE];
        assert_eq!(published(&c, &one(9), OK), 0);
    }

    #[test]
    fn local_shortage_is_clamped_but_base_never_exceeds_the_pool() {
        // Shop owes 2 more than it holds; main has 5 spare; the pool has 3.
        let levels = vec![(MAIN, lv(5, 0)), (SHOP, lv(1, 3))];
        let mut c = market();
        c.sources = vec![MAIN];
        let a = allocate(&c, &levels, OK);
        assert_eq!((a.base, a.qty), (3, 3));
        // With a location-only view, the negative location is not subtracted.
        let levels = vec![(MAIN, lv(5, 0)), (SHOP, lv(1, 3)), (GARAGE, lv(10, 0))];
        assert_eq!(published(&c, &levels, OK), 5);
    }

    #[test]
    fn share_rounds_down() {
        let mut c = market();
        c.share_pct = 50;
        assert_eq!(published(&c, &one(7), OK), 3);
        c.share_pct = 33;
        assert_eq!(published(&c, &one(10), OK), 3);
        c.share_pct = 99;
        assert_eq!(published(&c, &one(1), OK), 0);
        c.share_pct = 0;
        assert_eq!(published(&c, &one(100), OK), 0);
    }

    #[test]
    fn share_above_100_never_shows_more_than_exists() {
        let mut c = market();
        c.share_pct = 150;
        assert_eq!(published(&c, &one(10), OK), 10);
    }

    #[test]
    fn buffer_subtracts_but_not_below_zero() {
        let mut c = market();
        c.buffer = 2;
        assert_eq!(published(&c, &one(10), OK), 8);
        assert_eq!(published(&c, &one(2), OK), 0);
        assert_eq!(published(&c, &one(1), OK), 0);
    }

    #[test]
    fn max_listed_caps() {
        let mut c = market();
        c.max_listed = Some(5);
        assert_eq!(published(&c, &one(100), OK), 5);
        assert_eq!(published(&c, &one(3), OK), 3);
        c.max_listed = Some(0);
        assert_eq!(published(&c, &one(100), OK), 0);
    }

    #[test]
    fn rules_apply_in_order_share_then_buffer_then_cap() {
        let mut c = market();
        c.share_pct = 50;
        c.buffer = 3;
        c.max_listed = Some(40);
        // floor(101 * 50 / 100) = 50, - 3 = 47, capped at 40.
        assert_eq!(published(&c, &one(101), OK), 40);
        // floor(15 * 50 / 100) = 7, - 3 = 4, under the cap.
        assert_eq!(published(&c, &one(15), OK), 4);
        // floor(7 * 50 / 100) = 3, - 3 = 0.
        assert_eq!(published(&c, &one(7), OK), 0);
    }

    #[test]
    fn near_minimum_only_priority_channels_keep_showing() {
        // The status is low (22 available, at or below a reorder point of 25, say).
        let levels = vec![(MAIN, lv(20, 4)), (SHOP, lv(6, 0))];
        let mut ozon = ch(ChannelKind::Marketplace);
        ozon.keep_when_low = true;
        let mut wb = ch(ChannelKind::Marketplace);
        wb.share_pct = 50;
        let site = ch(ChannelKind::Website);
        let mut shop = ch(ChannelKind::Retail);
        shop.sources = vec![SHOP];

        assert_eq!(published(&ozon, &levels, Low), 22);
        for c in [&wb, &site, &shop] {
            let a = allocate(c, &levels, Low);
            assert_eq!((a.qty, a.withheld), (0, Some(Withheld::NearMinimum)));
        }

        // Out and critical too: only the priority channels keep showing.
        let at = vec![(MAIN, lv(25, 0))];
        assert_eq!(published(&site, &at, StockStatus::Critical), 0);
        assert_eq!(published(&ozon, &at, StockStatus::Critical), 25);
        let none = vec![(MAIN, lv(3, 3))];
        let a = allocate(&site, &none, StockStatus::Out);
        assert_eq!((a.qty, a.withheld), (0, Some(Withheld::NearMinimum)));
        assert_eq!(allocate(&ozon, &none, StockStatus::Out).withheld, None);

        // Once the status is ok, everyone shows again, each by its own rules.
        let above = vec![(MAIN, lv(20, 0)), (SHOP, lv(6, 0))];
        assert_eq!(published(&ozon, &above, OK), 26);
        assert_eq!(published(&wb, &above, OK), 13);
        assert_eq!(published(&site, &above, OK), 26);
        assert_eq!(published(&shop, &above, OK), 6);
    }

    #[test]
    fn near_minimum_looks_at_the_status_of_the_whole_pool_not_the_sources() {
        // The shop alone is below the reorder point, the pool is not: the status is ok.
        let levels = vec![(MAIN, lv(100, 0)), (SHOP, lv(3, 0))];
        let mut shop = ch(ChannelKind::Retail);
        shop.sources = vec![SHOP];
        assert_eq!(published(&shop, &levels, OK), 3);
    }

    #[test]
    fn keep_when_low_channel_still_applies_its_rules() {
        let mut c = market();
        c.keep_when_low = true;
        c.share_pct = 50;
        c.buffer = 1;
        c.max_listed = Some(3);
        assert_eq!(published(&c, &one(9), Low), 3);
        assert_eq!(published(&c, &one(4), Low), 1);
    }

    #[test]
    fn withheld_reasons_take_precedence_in_order() {
        let mut c = market();
        c.paused = true;
        let short = vec![(MAIN, lv(1, 5))];
        assert_eq!(
            allocate(&c, &short, Archived).withheld,
            Some(Withheld::Paused)
        );
        c.paused = false;
        assert_eq!(
            allocate(&c, &short, Archived).withheld,
            Some(Withheld::Archived)
        );
        assert_eq!(
            allocate(&c, &short, Shortage).withheld,
            Some(Withheld::Shortage)
        );
        assert_eq!(
            allocate(&c, &one(5), Low).withheld,
            Some(Withheld::NearMinimum)
        );
        assert_eq!(allocate(&c, &one(5), OK).withheld, None);
    }

    #[test]
    fn backorders_waiting_keep_the_stock_for_the_priority_channels() {
        // Stock is here but orders wait on backorder: the status is shortage. A channel
        // that keeps stock when low shows what is spare; the others show 0, as shortage.
        let mut ozon = market();
        ozon.keep_when_low = true;
        let site = ch(ChannelKind::Website);
        assert_eq!(allocate(&ozon, &one(8), Shortage).qty, 8);
        let a = allocate(&site, &one(8), Shortage);
        assert_eq!((a.qty, a.withheld), (0, Some(Withheld::Shortage)));
        // Available below 0 is a shortage on every channel, whatever status it is given.
        let short = vec![(MAIN, lv(1, 5))];
        assert_eq!(
            allocate(&ozon, &short, OK).withheld,
            Some(Withheld::Shortage)
        );
    }

    #[test]
    fn huge_levels_do_not_overflow() {
        let levels = vec![(MAIN, lv(u64::MAX, 0)), (SHOP, lv(u64::MAX, 0))];
        assert_eq!(published(&market(), &levels, OK), u64::MAX);
        let mut c = market();
        c.share_pct = 50;
        assert_eq!(published(&c, &levels, OK), u64::MAX);
    }

    #[test]
    fn drift_directions() {
        assert_eq!(drift(12, 10), Drift::OversellRisk(2));
        assert_eq!(drift(3, 10), Drift::LostSales(7));
        assert_eq!(drift(10, 10), Drift::InStep);
        assert_eq!(drift(0, 0), Drift::InStep);
        assert_eq!(drift(u64::MAX, 0), Drift::OversellRisk(u64::MAX));
    }

    #[test]
    fn withheld_names() {
        assert_eq!(Withheld::NearMinimum.as_str(), "near_minimum");
        assert_eq!(Withheld::Paused.as_str(), "paused");
    }
}
