//! The demo's seasons: the year of sales before its simulated days, the seasonal shape of
//! demand, and two promotions (one past, one coming), so a newcomer sees the forecast
//! follow last year's peak and a promotion raise the order ahead of it.
//!
//! Only the first [`SEASONAL_SKUS`] SKUs get the year of history, so a catalog of 100,000
//! SKUs takes no longer to make than before but for a constant few thousand entries. The
//! simulated days after it keep their even demand: the forecast scales last year's shape by
//! this year's level.

use chrono::Datelike;

use super::shop_data::{CHANNELS, Chan};
use super::{DAY, Shop, run};
use crate::domain::Millis;
use crate::inventory::plan::PromoSpec;
use crate::inventory::{Command, Ctx, Result};
use crate::store::WriteTx;

/// Days of sales the demo reaches back over at least: a year, the forecast's window and
/// the weeks the detail's chart shows ahead.
const HISTORY_DAYS: i64 = 400;
/// SKUs that get the year of history and a seasonal shape: the first ones.
pub(super) const SEASONAL_SKUS: usize = 40;

/// The season's factor on SKU `i`'s sales on `day`: every fifth SKU peaks in winter (×3
/// in December and January, ×2 in November and February), the next one in March (×3, and
/// ×2 from 20 February); the rest sell the same all year.
pub(super) fn factor(i: usize, day: i64) -> f64 {
    if i >= SEASONAL_SKUS {
        return 1.0;
    }
    let Some(date) = chrono::DateTime::from_timestamp(day.saturating_mul(86_400), 0) else {
        return 1.0;
    };
    match (i % 5, date.month(), date.day()) {
        (0, 12 | 1, _) => 3.0,
        (0, 11 | 2, _) => 2.0,
        (1, 3, _) => 3.0,
        (1, 2, 20..) => 2.0,
        _ => 1.0,
    }
}

impl Shop {
    /// Sales at the till and on the channels over the year before `start_day` (as far back
    /// as [`HISTORY_DAYS`] before `today`), from one receipt per SKU at its start. Its own
    /// random numbers, so the simulated days after it are what they were.
    pub(super) fn history(
        &mut self,
        tx: &WriteTx,
        start_day: i64,
        today: i64,
        seed: u64,
    ) -> Result<()> {
        let first = today - HISTORY_DAYS;
        if first >= start_day {
            return Ok(());
        }
        let n = self.items.len().min(SEASONAL_SKUS);
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EA5_0115_DA7A);
        let total_share: u32 = CHANNELS.iter().map(|c| c.3).sum();
        // (day, sku index, units, channel), in time order.
        let mut sales: Vec<(i64, usize, u64, Chan)> = Vec::new();
        let mut totals = vec![0u64; n];
        // A week's sales as one entry on its middle day: the forecast reads last year by
        // the week, and the ledger stays a seventh of the size.
        for week in (first..start_day).step_by(7) {
            let day = (week + 3).min(start_day - 1);
            for (i, total) in totals.iter_mut().enumerate() {
                let lambda: f64 = (week..(week + 7).min(start_day))
                    .map(|d| self.items[i].velocity * factor(i, d))
                    .sum();
                let mut q = lambda.floor() as u64;
                if rng.f64() < lambda.fract() {
                    q += 1;
                }
                if q == 0 {
                    continue;
                }
                let mut pick = rng.u32(0..total_share);
                let mut chan = CHANNELS[0].0;
                for c in CHANNELS {
                    if pick < c.3 {
                        chan = c.0;
                        break;
                    }
                    pick -= c.3;
                }
                *total += q;
                sales.push((day, i, q, chan));
            }
        }
        let ctx = |ms: Millis| Ctx {
            actor: self.owner.clone(),
            now: ms,
        };
        for (i, total) in totals.iter().enumerate().filter(|(_, t)| **t > 0) {
            let receive = Command::Receive {
                sku: super::sku_code(i),
                qty: *total,
                at: None,
                reference: Some("history".into()),
            };
            run(tx, &ctx(first * DAY + 7 * 3_600_000 + i as i64), receive)?;
        }
        let mut last = (i64::MIN, 0i64);
        for (day, i, qty, chan) in sales {
            // A second apart within the day, so the ledger stays in time order.
            last = if last.0 == day {
                (day, last.1 + 1)
            } else {
                (day, 0)
            };
            let sell = Command::Sell {
                sku: super::sku_code(i),
                qty,
                channel: chan.name().to_string(),
                at: None,
            };
            run(tx, &ctx(day * DAY + 9 * 3_600_000 + last.1 * 1000), sell)?;
        }
        Ok(())
    }

    /// Two promotions on Ozon: one that ended three weeks ago, one that starts in a week
    /// for the seasonal SKUs.
    pub(super) fn promotions(&self, tx: &WriteTx, ctx: &Ctx, today: i64) -> Result<()> {
        let seasonal: Vec<String> = (0..self.items.len().min(SEASONAL_SKUS))
            .map(super::sku_code)
            .collect();
        for (from, to, uplift_pct, skus) in [
            (today - 35, today - 21, 150, Vec::new()),
            (today + 7, today + 20, 200, seasonal),
        ] {
            let spec = PromoSpec {
                channel: Chan::Ozon.name().to_string(),
                from_day: from,
                to_day: to,
                uplift_pct,
                skus,
            };
            run(tx, ctx, Command::PromoAdd(spec))?;
        }
        Ok(())
    }
}
