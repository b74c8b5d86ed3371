//! What a SKU's status needs besides its record and its levels, read once per load: the
//! units on order and on backorder, the sales the forecast reads and the promotions
//! planned. Every surface (the SKU list and its first page, the detail, the alerts, the
//! matrix and the feeds) reads the status through here, so they cannot disagree.

use std::collections::HashMap;

use crate::domain::forecast::{Forecast, MAX_HORIZON_DAYS, Promo, SEASON_LAG_DAYS, Sale};
use crate::domain::purchase::LeadStats;
use crate::domain::replenishment::{DEFAULT_REVIEW_DAYS, DEFAULT_WINDOW_DAYS, Position, Velocity};
use crate::domain::status::{Assessment, assess_forecast};
use crate::domain::{Levels, Millis, Movement, ReservationStatus, Sku, SkuId};
use crate::store::Reader;

use super::Result;
use super::queries::DAY_MS;
use super::replenish::{
    MAX_WINDOW_DAYS, SPARK_DAYS, backorders_by_sku, first_day, on_order_by_sku,
};
use super::reports::lead::lead_stats_by_supplier;

/// Days of last year's week either side the season reads.
const SPREAD: i64 = 3;
/// Days ahead the SKU detail's chart shows the forecast for (8 weeks).
pub const CHART_DAYS: u32 = 56;

/// A SKU's sales in a window: the rate, the units per day of the last 28 days and the
/// forecast the thresholds come from.
pub struct Sales {
    pub velocity: Velocity,
    /// Units sold per day over the last [`SPARK_DAYS`] days, oldest first.
    pub daily: Vec<u64>,
    pub forecast: Forecast,
    /// Every sale read (this window, the one before, last year's weeks), for the chart.
    pub sold: Vec<Sale>,
}

/// Sales are the `ship` and `sell` entries of two stretches of the ledger: from the first
/// day of the window before this one on (the trailing rate and the trend), and last year's
/// weeks around today and the forecast's horizon (the season). A load of the whole catalog
/// reads them in two passes over those stretches; a load for a few SKUs reads each one's
/// through the per-SKU index. Neither replays the ledger.
pub struct StockFacts {
    now: Millis,
    window: u32,
    /// First entry of the recent stretch.
    from_seq: u64,
    /// First entry of last year's stretch.
    year_seq: u64,
    /// Days ahead the forecast is worked out for, at least.
    horizon: u32,
    on_order: HashMap<SkuId, u64>,
    backorders: HashMap<SkuId, u64>,
    promos: Vec<Promo>,
    /// Every sale read, per SKU: set by a whole-catalog load.
    sales: Option<HashMap<SkuId, Vec<Sale>>>,
    /// Each supplier's measured lead times, read once per load.
    lead: HashMap<String, LeadStats>,
}

fn sale_of(m: &Movement, per: u64) -> Option<Sale> {
    m.kind.is_sale().then(|| Sale {
        day: m.at.div_euclid(DAY_MS),
        qty: m.qty.saturating_mul(per),
        channel: m.channel,
    })
}

impl StockFacts {
    /// For the whole catalog, over the default window (28 days).
    pub fn load(r: &impl Reader, now: Millis) -> Result<StockFacts> {
        StockFacts::with_window(r, now, DEFAULT_WINDOW_DAYS)
    }

    /// For the whole catalog, with velocity over `window` days (`alerts --days`).
    pub fn with_window(r: &impl Reader, now: Millis, window: u32) -> Result<StockFacts> {
        let mut lead = 0u32;
        r.for_each_sku(&mut |s| lead = lead.max(s.lead_days))?;
        let mut f = StockFacts::new(r, now, window, lead.saturating_add(DEFAULT_REVIEW_DAYS))?;
        let mut sales: HashMap<SkuId, Vec<Sale>> = HashMap::new();
        let kits: HashMap<SkuId, Vec<crate::domain::kit::KitPart>> =
            r.kits()?.into_iter().map(|k| (k.kit, k.parts)).collect();
        let mut keep = |m: &Movement| match kits.get(&m.sku) {
            // A made kit's sale is its components' sale.
            Some(parts) => {
                for p in parts {
                    if let Some(s) = sale_of(m, p.qty) {
                        sales.entry(p.sku).or_default().push(s);
                    }
                }
            }
            None => {
                if let Some(s) = sale_of(m, 1) {
                    sales.entry(m.sku).or_default().push(s);
                }
            }
        };
        // Last year's weeks, up to where the recent stretch starts.
        let year_end = f.year_last_day().saturating_add(1).saturating_mul(DAY_MS);
        if f.year_seq < f.from_seq {
            let from_seq = f.from_seq;
            r.for_each_movement_from(f.year_seq, &mut |m| {
                if m.seq >= from_seq || m.at >= year_end {
                    return false;
                }
                keep(&m);
                true
            })?;
        }
        r.for_each_movement_from(f.from_seq, &mut |m| {
            keep(&m);
            true
        })?;
        f.sales = Some(sales);
        Ok(f)
    }

    /// For a few SKUs (a page of the list): each SKU's sales through its index.
    pub fn few(r: &impl Reader, now: Millis, window: u32) -> Result<StockFacts> {
        StockFacts::new(r, now, window, MAX_HORIZON_DAYS)
    }

    fn new(r: &impl Reader, now: Millis, window: u32, horizon: u32) -> Result<StockFacts> {
        let window = window.clamp(1, MAX_WINDOW_DAYS);
        let horizon = horizon.min(MAX_HORIZON_DAYS);
        let recent = window.saturating_mul(2).max(SPARK_DAYS).max(CHART_DAYS);
        let mut f = StockFacts {
            now,
            window,
            from_seq: r.first_seq_at(first_day(now, recent) * DAY_MS)?,
            year_seq: 0,
            horizon,
            on_order: on_order_by_sku(r)?,
            backorders: backorders_by_sku(r)?,
            promos: r.promos()?,
            sales: None,
            lead: lead_stats_by_supplier(r)?,
        };
        f.year_seq = r.first_seq_at(f.year_first_day().saturating_mul(DAY_MS))?;
        Ok(f)
    }

    /// For one SKU (its detail): also its backorders through their index.
    pub fn for_sku(r: &impl Reader, sku: SkuId, now: Millis) -> Result<StockFacts> {
        let mut backorders = HashMap::new();
        for id in r.backorders_of(sku)? {
            if let Some(res) = r.reservation(id)?
                && res.status == ReservationStatus::Backorder
            {
                let e: &mut u64 = backorders.entry(sku).or_default();
                *e = e.saturating_add(res.qty);
            }
        }
        let mut f = StockFacts::new(r, now, DEFAULT_WINDOW_DAYS, MAX_HORIZON_DAYS)?;
        f.on_order.retain(|id, _| *id == sku);
        f.backorders = backorders;
        Ok(f)
    }

    fn today(&self) -> i64 {
        self.now.div_euclid(DAY_MS)
    }

    /// The first day of last year's stretch: a year before the window's start, less the
    /// half week the season spreads over.
    fn year_first_day(&self) -> i64 {
        self.today() - SEASON_LAG_DAYS - i64::from(self.window) + 1 - SPREAD
    }

    fn year_last_day(&self) -> i64 {
        self.today() - SEASON_LAG_DAYS + i64::from(self.horizon) + SPREAD
    }

    pub fn window(&self) -> u32 {
        self.window
    }

    /// Where the SKU stands over all locations.
    pub fn position(&self, sku: SkuId, total: &Levels) -> Position {
        Position {
            available: total.available(),
            reserved: total.reserved,
            backorders: self.backorders.get(&sku).copied().unwrap_or(0),
            on_order: self.on_order.get(&sku).copied().unwrap_or(0),
        }
    }

    /// The SKU's sales in both stretches.
    fn sold(&self, r: &impl Reader, sku: SkuId) -> Result<Vec<Sale>> {
        if let Some(all) = &self.sales {
            return Ok(all.get(&sku).cloned().unwrap_or_default());
        }
        let kits = r.kits()?;
        if kits.iter().any(|k| k.kit == sku) {
            return Ok(Vec::new());
        }
        let from = self.year_seq.min(self.from_seq);
        let mut out: Vec<Sale> = r
            .movements_of_sku_from(sku, from)?
            .iter()
            .filter_map(|m| sale_of(m, 1))
            .collect();
        // Made kits sold count as their components sold.
        for k in &kits {
            if let Some(p) = k.parts.iter().find(|p| p.sku == sku) {
                let made = r.movements_of_sku_from(k.kit, from)?;
                out.extend(made.iter().filter_map(|m| sale_of(m, p.qty)));
            }
        }
        Ok(out)
    }

    /// The SKU's forecast from its sales: over its lead time and review period (the
    /// detail's chart: at least 8 weeks), with the promotions that cover it.
    fn forecast_of(&self, sales: &[Sale], s: &Sku) -> Forecast {
        let horizon = s
            .lead_days
            .saturating_add(DEFAULT_REVIEW_DAYS)
            .min(self.horizon)
            .max(CHART_DAYS.min(self.horizon));
        let promos: Vec<&Promo> = self.promos.iter().filter(|p| p.covers(s.id)).collect();
        Forecast::build(sales, self.today(), self.window, horizon, &promos)
    }

    /// The SKU's sales over the window, per day over the last 28 days, and its forecast.
    pub fn sales(&self, r: &impl Reader, s: &Sku) -> Result<Sales> {
        let today = self.today();
        let sold = self.sold(r, s.id)?;
        let mut daily = vec![0u64; SPARK_DAYS as usize];
        let spark_first = first_day(self.now, SPARK_DAYS);
        for x in &sold {
            if (spark_first..=today).contains(&x.day) {
                let i = (x.day - spark_first) as usize;
                daily[i] = daily[i].saturating_add(x.qty);
            }
        }
        let forecast = self.forecast_of(&sold, s);
        Ok(Sales {
            velocity: forecast.velocity,
            daily,
            forecast,
            sold,
        })
    }

    /// The measured lead times of the SKU's supplier; none when it has none or nothing
    /// was received from it.
    pub fn lead_of(&self, s: &Sku) -> Option<&LeadStats> {
        s.supplier.as_ref().and_then(|sup| self.lead.get(sup))
    }

    /// The SKU's status, thresholds, cover and order suggestion, by its forecast.
    pub fn assess(&self, r: &impl Reader, s: &Sku, total: &Levels) -> Result<Assessment> {
        let sales = self.sales(r, s)?;
        Ok(self.judge(s, &self.position(s.id, total), &sales))
    }

    /// The SKU's assessment from its sales already read: the one place every surface's
    /// status and thresholds come from (the forecast's min, a safety that covers the
    /// supplier's measured spread where that is above the share of min).
    pub fn judge(&self, s: &Sku, pos: &Position, sales: &Sales) -> Assessment {
        assess_forecast(s, pos, &sales.forecast, self.lead_of(s))
    }
}
