//! Planned promotions through the engine: `promo add`, `promo remove` and `promo list`.
//! The forecast that reads them is `replenish::StockFacts` with `domain::forecast`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::forecast::{MAX_PROMO_DAYS, MAX_UPLIFT_PCT, MIN_UPLIFT_PCT, Promo};
use crate::domain::quantity::format_money;
use crate::domain::{Millis, SkuId};
use crate::store::plan::PlanReader;
use crate::store::{Reader, WriteTx};

use super::engine::{resolve_channel, resolve_sku};
use super::queries::{DAY_MS, channel_names};
use super::{Error, FieldProblem, InputError, Outcome, Result};

/// A promotion as every surface shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoView {
    pub id: u32,
    pub channel: String,
    /// First and last day, `YYYY-MM-DD` (UTC days).
    pub from: String,
    pub to: String,
    /// The factor on the channel's sales, `2.00`.
    pub uplift: String,
    /// The SKUs it covers; empty: every SKU.
    pub skus: Vec<String>,
    /// `past`, `running` or `planned`, as of now.
    pub state: String,
}

/// A day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn day_text(day: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(day.saturating_mul(DAY_MS))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Days since 1970-01-01 of a calendar date.
pub fn day_number(d: chrono::NaiveDate) -> i64 {
    d.signed_duration_since(chrono::NaiveDate::default())
        .num_days()
}

fn view(
    p: &Promo,
    chans: &HashMap<u16, String>,
    codes: &HashMap<SkuId, String>,
    now: Millis,
) -> PromoView {
    let today = now.div_euclid(DAY_MS);
    let state = if p.to_day < today {
        "past"
    } else if p.from_day <= today {
        "running"
    } else {
        "planned"
    };
    PromoView {
        id: p.id,
        channel: chans.get(&p.channel).cloned().unwrap_or_else(|| "-".into()),
        from: day_text(p.from_day),
        to: day_text(p.to_day),
        uplift: format_money(i64::from(p.uplift_pct)),
        skus: p
            .skus
            .iter()
            .map(|s| codes.get(s).cloned().unwrap_or_else(|| format!("#{s}")))
            .collect(),
        state: state.into(),
    }
}

/// The codes of the SKUs these promotions name, read one by one: a promotion names a few
/// SKUs, and reading the whole catalog for them held every SKU in memory (400 MB at a
/// million SKUs).
fn sku_codes<'a>(
    r: &impl Reader,
    promos: impl IntoIterator<Item = &'a Promo>,
) -> Result<HashMap<SkuId, String>> {
    let mut codes = HashMap::new();
    for p in promos {
        for &id in &p.skus {
            if !codes.contains_key(&id)
                && let Some(s) = r.sku(id)?
            {
                codes.insert(id, s.code);
            }
        }
    }
    Ok(codes)
}

/// Every promotion, soonest start first.
pub fn promo_list(r: &impl Reader, now: Millis) -> Result<Vec<PromoView>> {
    let chans = channel_names(r)?;
    let mut all = r.promos()?;
    let codes = sku_codes(r, &all)?;
    all.sort_by_key(|p| (p.from_day, p.id));
    Ok(all.iter().map(|p| view(p, &chans, &codes, now)).collect())
}

/// What `promo add` asks for, its days already read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoSpec {
    pub channel: String,
    pub from_day: i64,
    pub to_day: i64,
    pub uplift_pct: u32,
    pub skus: Vec<String>,
}

/// `promo add`: checks every field, then keeps the promotion under the next number.
pub fn run_promo_add(tx: &WriteTx, spec: &PromoSpec, now: Millis) -> Result<Outcome> {
    if !(MIN_UPLIFT_PCT..=MAX_UPLIFT_PCT).contains(&spec.uplift_pct) {
        return Err(Error::field(
            "uplift",
            &format_money(i64::from(spec.uplift_pct)),
            FieldProblem::Between {
                min: format_money(i64::from(MIN_UPLIFT_PCT)),
                max: format_money(i64::from(MAX_UPLIFT_PCT)),
            },
        ));
    }
    if spec.to_day < spec.from_day {
        return Err(Error::field(
            "to date",
            &day_text(spec.to_day),
            FieldProblem::BeforeStart {
                start: day_text(spec.from_day),
            },
        ));
    }
    if spec.to_day - spec.from_day + 1 > MAX_PROMO_DAYS {
        return Err(Error::field(
            "to date",
            &day_text(spec.to_day),
            FieldProblem::LongerThan {
                max_days: MAX_PROMO_DAYS as u64,
            },
        ));
    }
    let c = resolve_channel(tx, &spec.channel)?;
    let mut skus: Vec<SkuId> = Vec::new();
    for code in &spec.skus {
        let s = resolve_sku(tx, code)?;
        // An archived SKU sells nowhere: a promotion of it plans nothing.
        super::lookup::not_archived(&s)?;
        if !skus.contains(&s.id) {
            skus.push(s.id);
        }
    }
    let all = tx.promos()?;
    let id = all
        .iter()
        .map(|p| p.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let p = Promo {
        id,
        channel: c.id,
        from_day: spec.from_day,
        to_day: spec.to_day,
        uplift_pct: spec.uplift_pct,
        skus,
    };
    tx.put_promo(&p)?;
    Ok(Outcome::PromoAdded(view(
        &p,
        &channel_names(tx)?,
        &sku_codes(tx, [&p])?,
        now,
    )))
}

/// `promo remove ID`.
pub fn run_promo_remove(tx: &WriteTx, id: u32, now: Millis) -> Result<Outcome> {
    let Some(p) = tx.promos()?.into_iter().find(|p| p.id == id) else {
        return Err(Error::Input(InputError::UnknownPromotion(id)));
    };
    let v = view(&p, &channel_names(tx)?, &sku_codes(tx, [&p])?, now);
    tx.remove_promo(id)?;
    Ok(Outcome::PromoRemoved(v))
}

/// A promotion as it lifts one SKU's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoUse {
    pub id: u32,
    pub channel: String,
    pub from: String,
    pub to: String,
    pub uplift: String,
    /// The channel's share of the SKU's sales over the window, percent.
    pub share_pct: u32,
}

/// Which rule produced the computed thresholds (`sku show`, the detail, `alerts --json`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ForecastView {
    /// `trailing` (the seed rule), `season` or `trend`.
    pub rule: crate::domain::forecast::Rule,
    pub window_days: u32,
    /// With `season`: this year's level against last year's, percent.
    pub season_pct: Option<u32>,
    /// With `trend`: the factor applied, percent.
    pub trend_pct: Option<u32>,
    /// Promotions inside the horizon that lift this SKU.
    pub promos: Vec<PromoUse>,
    /// Units expected over the lead time (the computed min), and their mean per day.
    pub lead_demand: u64,
    pub lead_per_day: f64,
}

/// One week of the chart: what sold (past weeks) or what is expected (coming weeks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekPoint {
    /// The week's first day, `YYYY-MM-DD`.
    pub start: String,
    pub actual: Option<u64>,
    pub forecast: Option<u64>,
}

/// The forecast's rule in a form screens show.
pub fn forecast_view(
    f: &crate::domain::forecast::Forecast,
    chans: &HashMap<u16, String>,
    lead_days: u32,
) -> ForecastView {
    ForecastView {
        rule: f.rule,
        window_days: f.velocity.days,
        season_pct: f.season_pct,
        trend_pct: f.trend_pct,
        promos: f
            .promos
            .iter()
            .map(|p| PromoUse {
                id: p.id,
                channel: chans.get(&p.channel).cloned().unwrap_or_else(|| "-".into()),
                from: day_text(p.from_day),
                to: day_text(p.to_day),
                uplift: format_money(i64::from(p.uplift_pct)),
                share_pct: p.share_pct,
            })
            .collect(),
        lead_demand: f.units_over(lead_days),
        lead_per_day: if lead_days == 0 {
            0.0
        } else {
            let sum: f64 = (1..=lead_days).map(|k| f.on_day(k)).sum();
            (sum / f64::from(lead_days) * 1000.0).round() / 1000.0
        },
    }
}

/// `weeks` past weeks of sales (the last ending today) and `weeks` coming weeks of the
/// forecast (the first starting tomorrow), oldest first.
pub fn chart_weeks(
    sold: &[crate::domain::forecast::Sale],
    f: &crate::domain::forecast::Forecast,
    today: i64,
    weeks: u32,
) -> Vec<WeekPoint> {
    let w = i64::from(weeks);
    let mut out = Vec::new();
    for i in (0..w).rev() {
        let first = today - 7 * (i + 1) + 1;
        let units = sold
            .iter()
            .filter(|s| (first..first + 7).contains(&s.day))
            .fold(0u64, |a, s| a.saturating_add(s.qty));
        out.push(WeekPoint {
            start: day_text(first),
            actual: Some(units),
            forecast: None,
        });
    }
    for j in 0..weeks {
        let sum: f64 = (1..=7).map(|k| f.on_day(j * 7 + k)).sum();
        out.push(WeekPoint {
            start: day_text(today + 1 + 7 * i64::from(j)),
            actual: None,
            forecast: Some(sum.round().max(0.0) as u64),
        });
    }
    out
}
