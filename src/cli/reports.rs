//! The owner's money reports on the command line: `report stock-value` and `report slow`.
//! Every amount is printed with its currency (`1234.50 ₽`); `--json` keeps the figure, its
//! kopecks and `"currency": "RUB"`.

use std::path::Path;

use super::table::{Col, table};
use super::{open, print_json};
use crate::i18n::{fill, text};
use crate::inventory::reports::margin::{GROUPS, MarginReport, MarginRow};
use crate::inventory::reports::slow::{OVERSTOCK_FACTOR, SlowReport, SlowRow};
use crate::inventory::reports::value::{LocationValue, StockValue};
use crate::inventory::{Error, InventoryExt};

use crate::i18n::money;

/// `report margin`'s arguments.
#[derive(clap::Args, Debug)]
pub struct MarginArgs {
    /// From this day on (YYYY-MM-DD, your local day) [default: every sale]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to and including this day (YYYY-MM-DD, your local day)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Group by channel, sku or supplier
    #[arg(long, default_value = "channel")]
    pub by: String,
    /// Also write the rows to this file: .csv or .xlsx
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Replace an existing --out file (never the database, its socket or a backup)
    #[arg(long)]
    pub force: bool,
}

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

/// Runs `stockroom report margin`.
pub fn margin(db: &Path, a: MarginArgs, json: bool) -> Result<i32, Error> {
    let (from, to) = super::values::local_days(a.from.as_deref(), a.to.as_deref())?;
    let by = a.by.trim().to_lowercase();
    if !GROUPS.contains(&by.as_str()) {
        return Err(Error::field(
            "by",
            &a.by,
            crate::inventory::FieldProblem::OneOf(GROUPS.iter().map(|g| g.to_string()).collect()),
        ));
    }
    let replace = crate::io::paths::Replace::forced(a.force);
    let xlsx = match a.out.as_deref() {
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase);
            let xlsx = match ext.as_deref() {
                Some("xlsx") => true,
                Some("csv") => false,
                _ => return Err(file_error(path, text("cli.margin_out").to_string())),
            };
            crate::io::paths::Protected::of(db).check_target(path, replace)?;
            xlsx
        }
        None => false,
    };
    let r = open(db)?.margin_report(from, to, &by)?;
    if let Some(path) = a.out.as_deref() {
        let bytes = if xlsx {
            margin_book(&r).map_err(|e| file_error(path, e.to_string()))?
        } else {
            margin_csv(&r).map_err(|e| file_error(path, e))?
        };
        crate::io::paths::write_file(path, &bytes, replace)?;
        eprintln!("{}", fill("cli.margin_written", &[&path.display()]));
    }
    if json {
        print_json(&r);
    } else {
        print!("{}", margin_text(&r, a.from.as_deref(), a.to.as_deref()));
    }
    Ok(0)
}

fn file_error(path: &Path, message: String) -> Error {
    Error::Input(crate::inventory::InputError::Path {
        path: path.display().to_string(),
        message,
    })
}

fn margin_text(r: &MarginReport, from: Option<&str>, to: Option<&str>) -> String {
    let span = match (from, to) {
        (None, None) => text("cli.margin_all_time").to_string(),
        (f, t) => format!("{} – {}", f.unwrap_or("…"), t.unwrap_or("…")),
    };
    let by = text(&format!("margin.by_{}", r.by));
    let mut out = fill("cli.margin_title", &[&by, &span]);
    out.push('\n');
    if r.rows.is_empty() {
        out.push_str(text("cli.margin_none"));
        out.push('\n');
        return out;
    }
    let head = text(match r.by.as_str() {
        "sku" => "col.code",
        "supplier" => "col.supplier",
        _ => "col.channel",
    });
    let mut rows = r.rows.clone();
    let mut total = r.total.clone();
    total.key = text("cli.total").to_string();
    rows.push(total);
    out.push_str(&table(
        &rows,
        &[
            Col::left(head, |m: &MarginRow| m.key.clone()),
            Col::right(text("col.units"), |m: &MarginRow| m.units.to_string()),
            Col::right(text("col.revenue"), |m: &MarginRow| money(&m.revenue)),
            Col::right(text("col.cogs"), |m: &MarginRow| money(&m.cost)),
            Col::right(text("col.commission"), |m: &MarginRow| money(&m.commission)),
            Col::right(text("col.order_fees"), |m: &MarginRow| money(&m.order_fees)),
            Col::right(text("col.delivery_cost"), |m: &MarginRow| {
                money(&m.delivery)
            }),
            Col::right(text("col.margin"), |m: &MarginRow| money(&m.margin)),
            Col::right(text("col.per_unit"), |m: &MarginRow| money(&m.per_unit)),
        ],
    ));
    for line in crate::present::margin::notes(r, money) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The rows, then the total named in the reader's language.
fn margin_rows(r: &MarginReport) -> Vec<MarginRow> {
    let mut total = r.total.clone();
    total.key = text("cli.total").to_string();
    r.rows
        .iter()
        .cloned()
        .chain(std::iter::once(total))
        .collect()
}

/// The export's headings in the reader's language, the group's first (a channel, SKU or
/// supplier, as grouped).
fn margin_heads(r: &MarginReport) -> [&'static str; 9] {
    [
        text(match r.by.as_str() {
            "sku" => "col.code",
            "supplier" => "col.supplier",
            _ => "col.channel",
        }),
        text("col.units"),
        text("col.revenue"),
        text("col.cogs"),
        text("col.commission"),
        text("col.order_fees"),
        text("col.delivery_cost"),
        text("col.margin"),
        text("col.per_unit"),
    ]
}

fn margin_cells(m: &MarginRow) -> [String; 9] {
    [
        m.key.clone(),
        m.units.to_string(),
        m.revenue.clone(),
        m.cost.clone(),
        m.commission.clone(),
        m.order_fees.clone(),
        m.delivery.clone(),
        m.margin.clone(),
        m.per_unit.clone(),
    ]
}

/// The rows and the total as CSV (amounts in roubles, `RUB`).
fn margin_csv(r: &MarginReport) -> Result<Vec<u8>, String> {
    let mut w = crate::io::export::csv_writer(Vec::new(), b',');
    w.write_record(margin_heads(r)).map_err(|e| e.to_string())?;
    for m in &margin_rows(r) {
        let mut cells = margin_cells(m);
        // The group (a channel, SKU or supplier) is text; the amounts stay numbers.
        cells[0] = crate::io::export::text_field(&cells[0]);
        w.write_record(cells).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn margin_book(r: &MarginReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use crate::io::xlsx::{Cell, SheetWriter, book};
    let mut s = SheetWriter::new(text("xlsx.margin"), &margin_heads(r))?;
    for m in &margin_rows(r) {
        let cells = margin_cells(m);
        let row: Vec<Cell> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| match (i, c.parse::<f64>()) {
                (0, _) | (_, Err(_)) => Cell::Text(c),
                (_, Ok(n)) => Cell::Num(n),
            })
            .collect();
        s.row(&row)?;
    }
    book(vec![s.finish()?])
}
