//! The owner's money reports on the command line: `report stock-value` and `report slow`.
//! Every amount is printed with its currency (`1234.50 ₽`); `--json` keeps the figure, its
//! kopecks and `"currency": "RUB"`.

use std::path::Path;

use super::table::{Col, table};
use super::{open, print_json};
use crate::i18n::{fill, text};
use crate::inventory::reports::slow::{OVERSTOCK_FACTOR, SlowReport, SlowRow};
use crate::inventory::reports::value::{LocationValue, StockValue};
use crate::inventory::{Error, InventoryExt};

use crate::i18n::money;

/// Runs `stockroom report stock-value`.
pub fn stock_value(db: &Path, json: bool) -> Result<i32, Error> {
    let v = open(db)?.stock_value()?;
    if json {
        print_json(&v);
    } else {
        print!("{}", stock_value_text(&v));
    }
    Ok(0)
}

fn stock_value_text(v: &StockValue) -> String {
    let mut rows = v.locations.clone();
    rows.push(LocationValue {
        location: text("cli.total").to_string(),
        units: v.units,
        value: v.value.clone(),
        value_minor: v.value_minor,
        defective: v.defective,
        defective_value: v.defective_value.clone(),
        defective_value_minor: v.defective_value_minor,
    });
    let mut out = format!("{}\n", text("cli.stock_value_title"));
    out.push_str(&table(
        &rows,
        &[
            Col::left(text("col.location"), |l: &LocationValue| l.location.clone()),
            Col::right(text("col.units"), |l: &LocationValue| l.units.to_string()),
            Col::right(text("col.value_at_cost"), |l: &LocationValue| {
                money(&l.value)
            }),
            Col::right(text("col.defective"), |l: &LocationValue| {
                l.defective.to_string()
            }),
            Col::right(text("col.defective_value"), |l: &LocationValue| {
                money(&l.defective_value)
            }),
        ],
    ));
    if v.uncosted_units > 0 {
        out.push_str(&fill("cli.value_uncosted", &[&v.uncosted_units]));
        out.push('\n');
    }
    out
}

/// Runs `stockroom report slow`.
pub fn slow(db: &Path, days: u32, json: bool) -> Result<i32, Error> {
    let r = open(db)?.slow_report(days)?;
    if json {
        print_json(&r);
    } else {
        print!("{}", slow_text(&r));
    }
    Ok(0)
}

fn slow_text(r: &SlowReport) -> String {
    let mut out = fill(
        "cli.slow_title",
        &[&r.dead_days, &OVERSTOCK_FACTOR, &r.window_days],
    );
    out.push('\n');
    if r.rows.is_empty() {
        out.push_str(text("cli.slow_none"));
        out.push('\n');
        return out;
    }
    let dash = || "-".to_string();
    out.push_str(&table(
        &r.rows,
        &[
            Col::left(text("col.code"), |s: &SlowRow| s.code.clone()),
            Col::left(text("col.name"), |s: &SlowRow| s.name.clone()),
            Col::left(text("col.slow_kind"), |s: &SlowRow| {
                text(&format!("slow.{}", s.kind)).to_string()
            }),
            Col::right(text("col.on_hand"), |s: &SlowRow| s.on_hand.to_string()),
            Col::right(text("col.frozen_units"), |s: &SlowRow| s.units.to_string()),
            Col::left(text("col.last_sale"), move |s: &SlowRow| {
                s.last_sale
                    .as_deref()
                    .map(|t| t.chars().take(10).collect())
                    .unwrap_or_else(|| text("cli.never").to_string())
            }),
            Col::right(text("col.idle_days"), |s: &SlowRow| s.idle_days.to_string()),
            Col::right(text("col.cover_days"), move |s: &SlowRow| {
                s.days_of_cover.map(|d| d.to_string()).unwrap_or_else(dash)
            }),
            Col::right(text("col.target_days"), move |s: &SlowRow| {
                s.target_days.map(|d| d.to_string()).unwrap_or_else(dash)
            }),
            Col::right(text("col.frozen_money"), |s: &SlowRow| {
                if s.costed {
                    money(&s.value)
                } else {
                    text("cli.no_cost").to_string()
                }
            }),
        ],
    ));
    out.push_str(&fill(
        "cli.slow_total",
        &[&money(&r.dead_value), &money(&r.overstock_value)],
    ));
    out.push('\n');
    out
}
