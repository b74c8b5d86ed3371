//! The stock status and the thresholds behind it, in words: one place for the CLI's text
//! output and the TUI, so both say the same thing (JSON keeps the English names).

use crate::domain::StockStatus;
use crate::domain::forecast::Rule;
use crate::domain::purchase::LeadStats;
use crate::domain::replenishment::ThresholdSource;
use crate::i18n::{Lang, fill, lang, text};
use crate::inventory::SkuDetail;
use crate::inventory::plan::{ForecastView, PromoUse};

/// The status word in the interface language (`status.NAME` in the catalog).
pub fn word(s: StockStatus) -> &'static str {
    text(match s {
        StockStatus::Shortage => "status.shortage",
        StockStatus::Out => "status.out",
        StockStatus::Critical => "status.critical",
        StockStatus::Low => "status.low",
        StockStatus::Ok => "status.ok",
        StockStatus::Archived => "status.archived",
    })
}

/// A number with `places` decimals, with a decimal comma in Russian.
pub fn decimal(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    match lang() {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Where min comes from: "min 23 from sales: 3.43/day × 7 days" or "min 20 set by hand".
pub fn min_text(min: u64, source: ThresholdSource, per_day: f64, lead_days: u32) -> String {
    match source {
        ThresholdSource::Hand => fill("thr.min_hand", &[&min]),
        _ => fill("thr.min_sales", &[&min, &decimal(per_day, 2), &lead_days]),
    }
}

/// Where safety comes from: "safety 6 = 25 % of min", "safety 2 set by hand" or "safety 16
/// = 8 d of supplier's spread (p80 15 − median 7 d) × 2.00 a day" (`lead`: the supplier's
/// measured lead times; `per_day`: the trailing rate the spread is covered at).
pub fn safety_text(
    safety: u64,
    source: ThresholdSource,
    lead: Option<&LeadStats>,
    per_day: f64,
) -> String {
    match (source, lead) {
        (ThresholdSource::Hand, _) => fill("thr.safety_hand", &[&safety]),
        (ThresholdSource::LeadSpread, Some(l)) => fill(
            "thr.safety_spread",
            &[
                &safety,
                &l.spread_days(),
                &l.p80,
                &days_text(l.median),
                &decimal(per_day, 2),
            ],
        ),
        _ => fill("thr.safety_share", &[&safety]),
    }
}

/// A number of days that may be a half (an even count's median): "7", "7.5" ("7,5").
fn days_text(days: f64) -> String {
    if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        decimal(days, 1)
    }
}

/// "min … · safety … · reorder at N": the thresholds the status is computed from.
pub fn thresholds_line(d: &SkuDetail) -> String {
    thresholds_parts(d).join(" · ")
}

/// The parts of [`thresholds_line`]: where min comes from, where safety comes from, the
/// reorder point (a narrow screen puts them on lines of their own).
pub fn thresholds_parts(d: &SkuDetail) -> [String; 3] {
    let by_forecast = d.min_source == ThresholdSource::Sales && !is_trailing(&d.forecast);
    [
        if by_forecast {
            fill(
                "thr.min_forecast",
                &[
                    &d.min_stock,
                    &decimal(d.forecast.lead_per_day, 2),
                    &d.lead_days,
                ],
            )
        } else {
            min_text(d.min_stock, d.min_source, d.velocity, d.lead_days)
        },
        safety_text(
            d.safety_stock,
            d.safety_source,
            d.supplier_lead.as_ref(),
            d.velocity,
        ),
        fill("thr.reorder_at", &[&d.reorder_point]),
    ]
}

/// "days of cover: 0 · to order 57": how long the stock lasts, what is coming and what to
/// order now (on order, backordered and to order only when not 0).
pub fn cover_line(d: &SkuDetail) -> String {
    let mut parts = vec![match d.days_of_cover {
        Some(days) => fill("thr.cover", &[&days]),
        None => fill("thr.no_sales", &[&d.window_days]),
    }];
    if d.on_order > 0 {
        parts.push(fill("thr.on_order", &[&d.on_order]));
    }
    if d.backorders > 0 {
        parts.push(fill("cli.backorders", &[&d.backorders]));
    }
    if d.suggested > 0 {
        parts.push(fill("thr.to_order", &[&d.suggested]));
    }
    parts.join(" · ")
}

fn is_trailing(f: &ForecastView) -> bool {
    f.rule == Rule::Trailing && f.promos.is_empty()
}

/// The forecast's rule: "trailing 28 days", "last year's season ×1.10", "trend ×1.25",
/// then each promotion it plans for.
pub fn forecast_rule(f: &ForecastView) -> String {
    let pct = |p: Option<u32>| decimal(f64::from(p.unwrap_or(100)) / 100.0, 2);
    let mut parts = vec![match f.rule {
        Rule::Trailing => fill("fc.trailing", &[&f.window_days]),
        Rule::Season => fill("fc.season", &[&pct(f.season_pct)]),
        Rule::Trend => fill("fc.trend", &[&pct(f.trend_pct), &f.window_days]),
    }];
    for p in &f.promos {
        parts.push(promo_use(p));
    }
    parts.join("; ")
}

/// "promotion Ozon 2026-03-01 – 2026-03-14 ×2.00 on 50 % of sales".
pub fn promo_use(p: &PromoUse) -> String {
    let uplift = crate::i18n::point(&p.uplift);
    fill(
        "fc.promo",
        &[&p.channel, &p.from, &p.to, &uplift, &p.share_pct],
    )
}

/// "forecast: trailing 28 days" when min or safety is computed; none when both are the
/// owner's.
pub fn forecast_line(d: &SkuDetail) -> Option<String> {
    let computed =
        d.min_source != ThresholdSource::Hand || d.safety_source != ThresholdSource::Hand;
    computed.then(|| fill("fc.line", &[&forecast_rule(&d.forecast)]))
}
