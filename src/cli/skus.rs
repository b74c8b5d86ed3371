//! `sku list` and `sku show`: the catalogue with its levels. (`sku add|edit|archive` are
//! Commands: `to_command.rs`.)

use std::path::Path;

use super::table::{self, Col, print_list};
use super::{open, print_json};
use crate::i18n::{fill, text};
use crate::inventory::kits::{KitComponentView, KitView};
use crate::inventory::{Error, InventoryExt, LocationLevels, SkuRow};
use crate::present::status;

pub fn list(db: &Path, filter: Option<String>, low: bool, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.sku_list(filter, low)?;
    print_list(
        &rows,
        json,
        &[
            Col::left(text("col.code"), |r: &SkuRow| r.code.clone()),
            Col::left(text("col.name"), |r: &SkuRow| {
                if r.kit {
                    format!("{} {}", r.name, text("sku.kit_mark"))
                } else {
                    r.name.clone()
                }
            }),
            Col::right(text("col.on_hand"), |r: &SkuRow| r.on_hand.to_string()),
            Col::right(text("col.reserved"), |r: &SkuRow| r.reserved.to_string()),
            Col::right(text("col.available"), |r: &SkuRow| r.available.to_string()),
            Col::right(text("col.defective"), |r: &SkuRow| r.defective.to_string()),
            Col::left(text("col.status"), |r: &SkuRow| {
                status::word(r.status).to_string()
            }),
        ],
    );
    Ok(0)
}

pub fn show(db: &Path, code: &str, json: bool) -> Result<i32, Error> {
    let d = open(db)?.sku_detail(code, 10)?;
    if json {
        // The contract of cli.md: levels, thresholds and locations. The status and
        // the thresholds in force are the ones every other surface shows; `*_source`
        // says where each threshold comes from (hand, sales, share_of_min, lead_spread).
        print_json(&serde_json::json!({
            "code": d.code, "name": d.name, "barcodes": d.barcodes,
            "on_hand": d.on_hand, "reserved": d.reserved, "available": d.available,
            "defective": d.defective, "min_stock": d.min_stock, "safety_stock": d.safety_stock,
            "status": d.status, "supplier": d.supplier, "lead_days": d.lead_days,
            "pack_size": d.pack_size, "cost": d.cost, "price": d.price, "archived": d.archived,
            "locations": d.locations,
            "reorder_point": d.reorder_point, "min_source": d.min_source,
            "safety_source": d.safety_source, "velocity": d.velocity, "sold": d.sold,
            "window_days": d.window_days, "review_days": d.review_days,
            "days_of_cover": d.days_of_cover, "on_order": d.on_order,
            "backorders": d.backorders, "suggested": d.suggested, "kit": d.kit,
            "forecast": d.forecast, "weeks": d.weeks, "supplier_lead": d.supplier_lead,
        }));
        return Ok(0);
    }
    println!("{}  {}", table::clean(&d.code), table::clean(&d.name));
    if !d.barcodes.is_empty() {
        println!("  {}", d.barcodes.join(" "));
    }
    println!("{}", fill("cli.status_line", &[&status::word(d.status)]));
    println!("{}", status::thresholds_line(&d));
    if let Some(line) = status::forecast_line(&d) {
        println!("{line}");
    }
    println!("{}", status::cover_line(&d));
    if let Some(k) = &d.kit {
        kit_lines(k);
    }
    print!(
        "{}",
        table::table(
            &d.locations,
            &[
                Col::left(text("col.location"), |l: &LocationLevels| l
                    .location
                    .clone()),
                Col::right(text("col.on_hand"), |l: &LocationLevels| l
                    .on_hand
                    .to_string()),
                Col::right(text("col.reserved"), |l: &LocationLevels| l
                    .reserved
                    .to_string()),
                Col::right(text("col.available"), |l: &LocationLevels| l
                    .available
                    .to_string()),
                Col::right(text("col.defective"), |l: &LocationLevels| l
                    .defective
                    .to_string()),
            ],
        )
    );
    Ok(0)
}

/// A kit's components, what each allows and which one limits it.
fn kit_lines(k: &KitView) {
    println!(
        "{}",
        fill(
            "cli.kit_line",
            &[&k.available, &table::clean(&k.limit_text())]
        )
    );
    let places = k.places.len();
    print!(
        "{}",
        table::table(
            &k.components,
            &[
                Col::left(text("col.component"), |c: &KitComponentView| c.code.clone()),
                Col::left(text("col.name"), |c: &KitComponentView| c.name.clone()),
                Col::right(text("col.per_kit"), |c: &KitComponentView| c
                    .qty
                    .to_string()),
                Col::right(text("col.available"), |c: &KitComponentView| c
                    .available
                    .to_string()),
                Col::right(text("col.kits"), |c: &KitComponentView| c.kits.to_string()),
                Col::left("", move |c: &KitComponentView| c.limit_mark(places)),
            ],
        )
    );
}
