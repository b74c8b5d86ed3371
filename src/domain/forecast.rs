//! The demand forecast behind min, safety and the order suggestion: expected units per day
//! from tomorrow on, by one of three rules, with planned promotions on top.
//!
//! - **trailing** (the seed rule, the default): the rate of the last `window` days, the
//!   same every day. With no promotion in the horizon its totals are exactly
//!   [`Velocity::units_over`], so a shop with a short history plans as it always did.
//! - **season**: where the SKU sold in the same weeks last year (364 days back, so weekdays
//!   line up), a day's demand is last year's mean over the 7 days around the same day,
//!   scaled by this year's level against last year's (the window's units now over the
//!   window's units a year ago, bounded to ×0.25–×4), and never below half the trailing
//!   rate. Only where last year sold in the weeks ahead as well: a stockout a year ago is
//!   not a season.
//! - **trend**: where there is no season but the SKU sold through the window before this
//!   one as well (it sold in that window's first week), the trailing rate times the change
//!   between the two windows, bounded to ×0.5–×1.5. Only over windows of 28 days or more:
//!   a week against the week before is noise, not a trend.
//!
//! A promotion multiplies the demand on its days by `1 + share × (uplift − 1)`, where
//! `share` is its channel's part of the SKU's sales over the window (so a ×2 on a channel
//! that sells a quarter of the SKU adds a quarter). Promotions add up where they overlap.

use serde::{Deserialize, Serialize};

use super::replenishment::Velocity;
use super::{ChannelId, SkuId};

/// Last year's same day: 52 weeks back, so Mondays compare with Mondays.
pub const SEASON_LAG_DAYS: i64 = 364;
/// Days the forecast is worked out for; beyond them it repeats the trailing rule's rate.
pub const MAX_HORIZON_DAYS: u32 = 364;
/// Half the week each side of last year's day.
const SEASON_SPREAD: i64 = 3;
/// This year's level against last year's, bounded: one unit sold a year ago must not
/// multiply a season by hundreds.
pub const SEASON_MIN_PCT: u64 = 25;
pub const SEASON_MAX_PCT: u64 = 400;
/// A season day is never below this part of the trailing rate.
pub const SEASON_FLOOR_PCT: u64 = 50;
/// The shortest window a trend is read over: a week against the week before is noise.
pub const MIN_TREND_WINDOW: u32 = 28;
/// The trend's bounds, percent of the trailing rate.
pub const TREND_MIN_PCT: u64 = 50;
pub const TREND_MAX_PCT: u64 = 150;
/// A promotion's uplift, in hundredths: ×0.10 to ×10.00.
pub const MIN_UPLIFT_PCT: u32 = 10;
pub const MAX_UPLIFT_PCT: u32 = 1000;
/// The longest promotion, in days (a year and a day).
pub const MAX_PROMO_DAYS: i64 = 366;

/// A planned promotion on one channel: its days (UTC day numbers since 1970-01-01, both
/// ends included), its uplift and the SKUs it covers (none listed: every SKU).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promo {
    pub id: u32,
    pub channel: ChannelId,
    pub from_day: i64,
    pub to_day: i64,
    /// Hundredths: 200 = ×2.0.
    pub uplift_pct: u32,
    pub skus: Vec<SkuId>,
}

impl Promo {
    pub fn covers(&self, sku: SkuId) -> bool {
        self.skus.is_empty() || self.skus.contains(&sku)
    }

    pub fn on(&self, day: i64) -> bool {
        (self.from_day..=self.to_day).contains(&day)
    }
}

/// One sale as the forecast reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sale {
    pub day: i64,
    pub qty: u64,
    pub channel: Option<ChannelId>,
}

/// Which rule gives the base demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    #[default]
    Trailing,
    Season,
    Trend,
}

/// A promotion that lifts the forecast inside its horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoEffect {
    pub id: u32,
    pub channel: ChannelId,
    pub from_day: i64,
    pub to_day: i64,
    pub uplift_pct: u32,
    /// The channel's share of the SKU's sales over the window, percent (rounded).
    pub share_pct: u32,
}

/// Expected demand of one SKU, day by day from tomorrow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Forecast {
    pub rule: Rule,
    /// The trailing rate (the seed rule), exact.
    pub velocity: Velocity,
    /// With `Rule::Trend`: the factor applied, percent (125 = ×1.25).
    pub trend_pct: Option<u32>,
    /// With `Rule::Season`: this year's level against last year's, percent.
    pub season_pct: Option<u32>,
    /// Promotions inside the horizon that lift this SKU.
    pub promos: Vec<PromoEffect>,
    /// Expected units on each day from tomorrow on.
    pub daily: Vec<f64>,
}

/// Units sold on days `first..=last`.
fn units_in(sales: &[Sale], first: i64, last: i64) -> u64 {
    sales
        .iter()
        .filter(|s| (first..=last).contains(&s.day))
        .fold(0u64, |a, s| a.saturating_add(s.qty))
}

impl Forecast {
    /// The forecast for `horizon` days after `today`, from the SKU's sales (at least
    /// those of the last two windows and of last year's weeks around today and the
    /// horizon) and the promotions that cover it.
    pub fn build(
        sales: &[Sale],
        today: i64,
        window: u32,
        horizon: u32,
        promos: &[&Promo],
    ) -> Forecast {
        let w = i64::from(window.max(1));
        let horizon = horizon.min(MAX_HORIZON_DAYS);
        let recent = units_in(sales, today - w + 1, today);
        let velocity = Velocity::new(recent, window.max(1));
        let rate = recent as f64 / w as f64;
        let mut f = Forecast {
            velocity,
            ..Forecast::default()
        };
        let year_ago = today - SEASON_LAG_DAYS;
        let last_level = units_in(sales, year_ago - w + 1, year_ago);
        let before = units_in(sales, today - 2 * w + 1, today - w);
        let selling_then = units_in(sales, today - 2 * w + 1, today - 2 * w + 7) > 0;
        // Last year must have sold in the weeks ahead too: a stockout or a launch a year
        // ago is no season, and would forecast nothing for a SKU selling now.
        let ahead = units_in(sales, year_ago + 1, year_ago + i64::from(horizon.max(1)));
        let base: Box<dyn Fn(i64) -> f64> = if recent > 0 && last_level > 0 && ahead > 0 {
            f.rule = Rule::Season;
            let scale = (recent as f64 / last_level as f64)
                .clamp(SEASON_MIN_PCT as f64 / 100.0, SEASON_MAX_PCT as f64 / 100.0);
            // A quiet week last year never takes a day below half of today's rate.
            let floor = rate * SEASON_FLOOR_PCT as f64 / 100.0;
            f.season_pct = Some(pct(scale));
            let by_day = day_sums(
                sales,
                year_ago - SEASON_SPREAD,
                year_ago + i64::from(horizon),
            );
            Box::new(move |d: i64| {
                let mid = d - SEASON_LAG_DAYS;
                let week: u64 = (mid - SEASON_SPREAD..=mid + SEASON_SPREAD)
                    .map(|x| by_day.get(x))
                    .sum();
                (week as f64 / (2 * SEASON_SPREAD + 1) as f64 * scale).max(floor)
            })
        } else if recent > 0 && before > 0 && selling_then && window >= MIN_TREND_WINDOW {
            f.rule = Rule::Trend;
            let g = (recent as f64 / before as f64)
                .clamp(TREND_MIN_PCT as f64 / 100.0, TREND_MAX_PCT as f64 / 100.0);
            f.trend_pct = Some(pct(g));
            Box::new(move |_| rate * g)
        } else {
            Box::new(move |_| rate)
        };
        let mine: Vec<(&Promo, f64)> = promos
            .iter()
            .filter(|p| p.to_day > today && p.from_day <= today + i64::from(horizon))
            .map(|p| {
                let on_channel: u64 = sales
                    .iter()
                    .filter(|s| (today - w + 1..=today).contains(&s.day))
                    .filter(|s| s.channel == Some(p.channel))
                    .fold(0u64, |a, s| a.saturating_add(s.qty));
                let share = if recent == 0 {
                    0.0
                } else {
                    on_channel as f64 / recent as f64
                };
                (*p, share)
            })
            .collect();
        f.promos = mine
            .iter()
            .map(|(p, share)| PromoEffect {
                id: p.id,
                channel: p.channel,
                from_day: p.from_day,
                to_day: p.to_day,
                uplift_pct: p.uplift_pct,
                share_pct: pct(*share),
            })
            .collect();
        f.daily = (1..=i64::from(horizon))
            .map(|k| {
                let d = today + k;
                (base(d) * (1.0 + day_lift(&mine, d))).max(0.0)
            })
            .collect();
        f
    }

    /// The seed rule alone: the trailing rate, no promotion.
    pub fn trailing(velocity: Velocity) -> Forecast {
        Forecast {
            velocity,
            ..Forecast::default()
        }
    }

    /// True when the plain trailing rate decides (the seed rule, exact fractions).
    pub fn is_trailing(&self) -> bool {
        self.rule == Rule::Trailing && self.promos.is_empty()
    }

    /// Units expected over the next `days` days, rounded up (running short by a fraction
    /// of a unit is still running short). Days past the horizon take the trailing rate.
    pub fn units_over(&self, days: u32) -> u64 {
        if self.is_trailing() {
            return self.velocity.units_over(days);
        }
        let n = (days as usize).min(self.daily.len());
        let within: f64 = self.daily[..n].iter().sum();
        let rest = u64::from(days).saturating_sub(n as u64) as f64 * self.velocity.per_day();
        let total = within + rest;
        // Sums of fractions such as 7 × (10/7) land a hair above the whole number.
        let up = (total - 1e-6).ceil().max(0.0);
        if up >= u64::MAX as f64 {
            u64::MAX
        } else {
            up as u64
        }
    }

    /// Expected units on day `today + k` (k from 1), for the chart.
    pub fn on_day(&self, k: u32) -> f64 {
        match k.checked_sub(1).and_then(|i| self.daily.get(i as usize)) {
            Some(v) => *v,
            None => self.velocity.per_day(),
        }
    }
}

/// Units per day over `first..=last`, looked up by day.
struct DaySums {
    first: i64,
    units: Vec<u64>,
}

impl DaySums {
    fn get(&self, day: i64) -> u64 {
        usize::try_from(day - self.first)
            .ok()
            .and_then(|i| self.units.get(i))
            .copied()
            .unwrap_or(0)
    }
}

fn day_sums(sales: &[Sale], first: i64, last: i64) -> DaySums {
    let len = usize::try_from(last - first + SEASON_SPREAD + 1).unwrap_or(0);
    let mut units = vec![0u64; len];
    for s in sales {
        if let Ok(i) = usize::try_from(s.day - first)
            && let Some(u) = units.get_mut(i)
        {
            *u = u.saturating_add(s.qty);
        }
    }
    DaySums { first, units }
}

fn pct(x: f64) -> u32 {
    let p = (x * 100.0).round();
    if p <= 0.0 {
        0
    } else if p >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        p as u32
    }
}

/// How much a day's demand moves with the promotions running on it: each channel's share
/// of sales times its factor less one, summed. Promotions overlapping on one channel
/// multiply, within the range one promotion may have (×0.10 to ×10.00), so repeating a
/// promotion cannot take the channel past it, nor cut what other channels sell.
fn day_lift(promos: &[(&Promo, f64)], day: i64) -> f64 {
    let mut by_channel: std::collections::BTreeMap<ChannelId, (f64, f64)> =
        std::collections::BTreeMap::new();
    for (p, share) in promos.iter().filter(|(p, _)| p.on(day)) {
        let e = by_channel.entry(p.channel).or_insert((*share, 1.0));
        e.1 *= f64::from(p.uplift_pct) / 100.0;
    }
    let (lo, hi) = (
        f64::from(MIN_UPLIFT_PCT) / 100.0,
        f64::from(MAX_UPLIFT_PCT) / 100.0,
    );
    by_channel
        .values()
        .map(|(share, factor)| share * (factor.clamp(lo, hi) - 1.0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_day(first: i64, last: i64, qty: u64, channel: Option<ChannelId>) -> Vec<Sale> {
        (first..=last)
            .map(|day| Sale { day, qty, channel })
            .collect()
    }

    #[test]
    fn no_history_is_the_seed_rule_exactly() {
        // 10 over the last 7 days of a 28-day window: 10/28 a day, 14 days -> ceil(5) = 5.
        let sales = every_day(94, 100, 0, None)
            .into_iter()
            .chain([Sale {
                day: 100,
                qty: 10,
                channel: None,
            }])
            .collect::<Vec<_>>();
        let f = Forecast::build(&sales, 100, 28, 21, &[]);
        assert_eq!(f.rule, Rule::Trailing);
        assert!(f.is_trailing());
        assert_eq!(f.units_over(14), Velocity::new(10, 28).units_over(14));
        assert_eq!(f.units_over(14), 5);
        assert_eq!(Forecast::build(&[], 100, 28, 21, &[]).units_over(14), 0);
    }

    #[test]
    fn last_years_peak_comes_back_scaled() {
        // 2 a day from day 0 to today (663); last year's days 300..=330 sold 10 a day.
        let today = 663;
        let mut sales = every_day(0, today, 2, None);
        for s in sales.iter_mut().filter(|s| (300..=330).contains(&s.day)) {
            s.qty = 10;
        }
        let f = Forecast::build(&sales, today, 28, 60, &[]);
        assert_eq!(f.rule, Rule::Season);
        // Level now (56 over 28 days) against a year ago (days 272..=299: 56): ×1.00.
        assert_eq!(f.season_pct, Some(100));
        // Tomorrow (664) looks at last year's 300: days 297..=303 = 3×2 + 4×10 = 46, /7.
        assert!((f.on_day(1) - 46.0 / 7.0).abs() < 1e-9);
        assert!((f.on_day(2) - 54.0 / 7.0).abs() < 1e-9);
        assert!((f.on_day(3) - 62.0 / 7.0).abs() < 1e-9);
        // Inside the peak: 10 a day, as last December.
        assert!((f.on_day(10) - 10.0).abs() < 1e-9);
        // 14 days: 46/7 + 54/7 + 62/7 + 11 × 10 = 133.14 -> 134 (the trailing rule said 28).
        assert_eq!(f.units_over(14), 134);
        assert_eq!(f.velocity.units_over(14), 28);
    }

    #[test]
    fn a_stockout_a_year_ago_is_no_season() {
        // Sold 2 a day last year until a year ago today (299), then nothing; 2 a day again now.
        let today = 663;
        let sales: Vec<Sale> = every_day(250, 299, 2, None)
            .into_iter()
            .chain(every_day(today - 40, today, 2, None))
            .collect();
        let f = Forecast::build(&sales, today, 28, 21, &[]);
        assert_ne!(f.rule, Rule::Season);
        // 56 over 28 days: 2 a day, 14 days -> 28, as the trailing rule says.
        assert_eq!(f.units_over(14), 28);
    }

    #[test]
    fn a_season_is_bounded_and_never_below_half_todays_rate() {
        // Last year: 1 unit in the window and a quiet, then thin, stretch ahead; now 2 a day.
        let today = 663;
        let mut sales = every_day(today - 27, today, 2, None);
        sales.push(Sale {
            day: 290,
            qty: 1,
            channel: None,
        });
        sales.push(Sale {
            day: 310,
            qty: 7,
            channel: None,
        });
        let f = Forecast::build(&sales, today, 28, 21, &[]);
        assert_eq!(f.rule, Rule::Season);
        // 56 against 1 would be ×56: bounded to ×4.
        assert_eq!(f.season_pct, Some(400));
        // Tomorrow (last year's 300) sold nothing around it: half of 2 a day.
        assert!((f.on_day(1) - 1.0).abs() < 1e-9);
        // Day 10 (last year's 309): 7 units in 306..=312, /7 × 4 = 4 a day.
        assert!((f.on_day(10) - 4.0).abs() < 1e-9);
    }

    #[test]
    fn this_years_level_scales_last_years_season() {
        // Last year 2 a day with a 10-a-day peak; this year 3 a day: ×1.5.
        let today = 663;
        let mut sales = every_day(0, today, 2, None);
        for s in sales.iter_mut() {
            if (300..=330).contains(&s.day) {
                s.qty = 10;
            } else if s.day > today - 28 {
                s.qty = 3;
            }
        }
        let f = Forecast::build(&sales, today, 28, 30, &[]);
        assert_eq!(f.season_pct, Some(150));
        assert!((f.on_day(10) - 15.0).abs() < 1e-9);
    }

    #[test]
    fn a_trend_is_the_change_between_two_windows_bounded() {
        // The window before: 1 a day (28); this window: 35 units -> ×1.25.
        let today = 100;
        let mut sales = every_day(today - 55, today - 28, 1, None);
        sales.extend(every_day(today - 27, today - 21, 5, None)); // 35 in 7 days
        let f = Forecast::build(&sales, today, 28, 21, &[]);
        assert_eq!((f.rule, f.trend_pct), (Rule::Trend, Some(125)));
        // 35/28 = 1.25 a day × 1.25 = 1.5625; 14 days = 21.875 -> 22.
        assert_eq!(f.units_over(14), 22);
        // Tripled: bounded at ×1.5.
        let mut sales = every_day(today - 55, today - 28, 1, None);
        sales.extend(every_day(today - 27, today, 3, None));
        let f = Forecast::build(&sales, today, 28, 21, &[]);
        assert_eq!(f.trend_pct, Some(150));
        assert_eq!(f.units_over(10), 45); // 3 × 1.5 × 10
        // Halved and more: bounded at ×0.5.
        let mut sales = every_day(today - 55, today - 28, 8, None);
        sales.extend(every_day(today - 27, today, 1, None));
        assert_eq!(
            Forecast::build(&sales, today, 28, 21, &[]).trend_pct,
            Some(50)
        );
        // A SKU new in the earlier window has no trend: it was not selling through it.
        let sales = every_day(today - 40, today, 1, None);
        assert_eq!(
            Forecast::build(&sales, today, 28, 21, &[]).rule,
            Rule::Trailing
        );
        // Nor has a week against the week before.
        let mut sales = every_day(today - 13, today - 7, 1, None);
        sales.extend(every_day(today - 6, today, 2, None));
        assert_eq!(
            Forecast::build(&sales, today, 7, 21, &[]).rule,
            Rule::Trailing
        );
    }

    #[test]
    fn a_promotion_lifts_its_channels_share_on_its_days() {
        // 2 a day: 1 on channel 1, 1 on channel 2, over the last 28 days (no trend: new).
        let today = 100;
        let mut sales = every_day(today - 27, today, 1, Some(1));
        sales.extend(every_day(today - 27, today, 1, Some(2)));
        let p = Promo {
            id: 1,
            channel: 1,
            from_day: today + 5,
            to_day: today + 14,
            uplift_pct: 300,
            skus: vec![],
        };
        let f = Forecast::build(&sales, today, 28, 21, &[&p]);
        assert_eq!(f.rule, Rule::Trailing);
        assert_eq!(f.promos.len(), 1);
        assert_eq!(f.promos[0].share_pct, 50);
        // Days 1..=4: 2; days 5..=14: 2 × (1 + 0.5 × 2) = 4.
        assert!((f.on_day(4) - 2.0).abs() < 1e-9);
        assert!((f.on_day(5) - 4.0).abs() < 1e-9);
        // 14 days: 4 × 2 + 10 × 4 = 48 (the seed rule says 28).
        assert_eq!(f.units_over(14), 48);
        // Ended promotions and ones past the horizon change nothing.
        let old = Promo {
            from_day: today - 20,
            to_day: today - 10,
            ..p.clone()
        };
        let far = Promo {
            from_day: today + 40,
            to_day: today + 50,
            ..p
        };
        let f = Forecast::build(&sales, today, 28, 21, &[&old, &far]);
        assert!(f.is_trailing());
        assert_eq!(f.units_over(14), 28);
    }

    #[test]
    fn promotions_overlapping_on_a_channel_multiply_within_one_promotions_range() {
        // 2 a day: 1 on channel 1, 1 on channel 2.
        let today = 100;
        let mut sales = every_day(today - 27, today, 1, Some(1));
        sales.extend(every_day(today - 27, today, 1, Some(2)));
        let cut = |id| Promo {
            id,
            channel: 1,
            from_day: today + 1,
            to_day: today + 10,
            uplift_pct: 10,
            skus: vec![],
        };
        // One ×0.1 on channel 1: 1 × 0.1 + 1 = 1.1 a day.
        let one = cut(1);
        let f = Forecast::build(&sales, today, 28, 21, &[&one]);
        assert!((f.on_day(1) - 1.1).abs() < 1e-9, "{}", f.on_day(1));
        // Twelve of them: still ×0.1 on channel 1 at most; channel 2 keeps its 1 a day.
        let many: Vec<Promo> = (1..=12).map(cut).collect();
        let refs: Vec<&Promo> = many.iter().collect();
        let f = Forecast::build(&sales, today, 28, 21, &refs);
        assert!((f.on_day(1) - 1.1).abs() < 1e-9, "{}", f.on_day(1));
        // ×2 and ×3 together on channel 1: ×6 there, 1 × 6 + 1 = 7 a day; twelve ×10 stop at ×10.
        let up = |id, pct| Promo {
            uplift_pct: pct,
            ..cut(id)
        };
        let (a, b) = (up(1, 200), up(2, 300));
        let f = Forecast::build(&sales, today, 28, 21, &[&a, &b]);
        assert!((f.on_day(1) - 7.0).abs() < 1e-9, "{}", f.on_day(1));
        let big: Vec<Promo> = (1..=12).map(|i| up(i, 1000)).collect();
        let refs: Vec<&Promo> = big.iter().collect();
        let f = Forecast::build(&sales, today, 28, 21, &refs);
        assert!((f.on_day(1) - 11.0).abs() < 1e-9, "{}", f.on_day(1));
    }

    #[test]
    fn past_the_horizon_the_trailing_rate_goes_on() {
        let today = 100;
        let sales = every_day(today - 27, today, 1, Some(1));
        let p = Promo {
            id: 1,
            channel: 1,
            from_day: today + 1,
            to_day: today + 2,
            uplift_pct: 200,
            skus: vec![],
        };
        let f = Forecast::build(&sales, today, 28, 2, &[&p]);
        // 2 + 2 over the horizon, then 1 a day for 3 days.
        assert_eq!(f.units_over(5), 7);
        assert!(f.units_over(u32::MAX) > 1000);
    }
}
