//! `stockroom day [DATE]`: the end-of-day report as text, JSON or an .xlsx workbook.

use std::path::{Path, PathBuf};

use clap::Args;

use super::table::{Col, table};
use super::values::{date, local_day_start};
use super::{open, print_json};
use crate::i18n::{fill, text};
use crate::inventory::reports::day::{ChannelDay, DayReport};
use crate::inventory::{Error, InputError, InventoryExt, clock};
use crate::io::xlsx::{Cell, SheetWriter, book};

#[derive(Args, Debug)]
pub struct DayArgs {
    /// The day (YYYY-MM-DD, your local day) [default: today]
    #[arg(value_name = "DATE")]
    pub date: Option<String>,
    /// Also write the report to this .xlsx file
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file (never the database, its socket or a backup)
    #[arg(long)]
    pub force: bool,
}

/// Runs `stockroom day`.
pub fn day(db: &Path, a: DayArgs, json: bool) -> Result<i32, Error> {
    let d = match a.date.as_deref() {
        Some(v) => date("date", v)?,
        None => today(),
    };
    // A day still to come has nothing to report, and its alerts would be today's.
    if d > today() {
        return Err(Error::field(
            "date",
            &d.to_string(),
            crate::inventory::FieldProblem::Future {
                today: today().to_string(),
            },
        ));
    }
    let replace = crate::io::paths::Replace::forced(a.force);
    if let Some(path) = a.out.as_deref() {
        if !crate::io::xlsx::is_xlsx(path) {
            return Err(file_error(path, text("cli.day_out_xlsx").to_string()));
        }
        crate::io::paths::Protected::of(db).check_target(path, replace)?;
    }
    let from = local_day_start(d);
    let to = local_day_start(d.succ_opt().unwrap_or(d));
    let r = open(db)?.day_report(from, to)?;
    if let Some(path) = a.out.as_deref() {
        let bytes = day_book(&r, &d.to_string()).map_err(|e| file_error(path, e.to_string()))?;
        crate::io::paths::write_file(path, &bytes, replace)?;
        eprintln!("{}", fill("cli.day_written", &[&path.display()]));
    }
    if json {
        print_json(&r);
    } else {
        print!("{}", day_text(&r, &d.to_string()));
    }
    Ok(0)
}

fn file_error(path: &Path, message: String) -> Error {
    Error::Input(InputError::Path {
        path: path.display().to_string(),
        message,
    })
}

/// Today in the user's time zone, by the program's clock.
fn today() -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(clock::now_ms())
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .unwrap_or_default()
}

/// The report as the seller reads it in the evening.
pub fn day_text(r: &DayReport, day: &str) -> String {
    let mut out = fill("cli.day_title", &[&day]);
    out.push('\n');
    let received: Vec<String> = r
        .received_skus
        .iter()
        .map(|s| format!("{} {}", s.code, s.units))
        .collect();
    out.push_str(&fill(
        "cli.day_received",
        &[&r.received, &crate::present::day::none_or(received)],
    ));
    out.push('\n');
    if r.channels.is_empty() {
        out.push_str(&fill("cli.day_channels", &[&text("cli.day_none")]));
        out.push('\n');
    } else {
        let mut rows = r.channels.clone();
        rows.push(ChannelDay {
            channel: text("cli.total").to_string(),
            sold: r.sold,
            shipped: r.shipped,
            returned: r.returned,
            returned_defective: r.returned_defective,
        });
        out.push_str(&table(
            &rows,
            &[
                Col::left(text("col.channel"), |c: &ChannelDay| c.channel.clone()),
                Col::right(text("col.sold"), |c: &ChannelDay| c.sold.to_string()),
                Col::right(text("col.shipped"), |c: &ChannelDay| c.shipped.to_string()),
                Col::right(text("col.returned"), |c: &ChannelDay| {
                    c.returned.to_string()
                }),
                Col::right(text("col.returned_defective"), |c: &ChannelDay| {
                    c.returned_defective.to_string()
                }),
            ],
        ));
    }
    for line in crate::present::day::summary_lines(r) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn n(v: u64) -> Cell<'static> {
    Cell::Num(v as f64)
}

/// The report as a workbook: a summary sheet, then one sheet per list.
fn day_book(r: &DayReport, day: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut sheets = Vec::new();
    let mut s = SheetWriter::new(
        text("xlsx.day_summary"),
        &[text("col.what"), text("col.units")],
    )?;
    let summary: [(&str, u64); 7] = [
        ("col.received", r.received),
        ("col.sold", r.sold),
        ("col.shipped", r.shipped),
        ("col.returned", r.returned),
        ("col.returned_defective", r.returned_defective),
        ("col.defective", r.defects),
        ("col.holds_overdue", r.overdue_holds.len() as u64),
    ];
    s.row(&[Cell::Text(text("col.day")), Cell::Text(day)])?;
    for (k, v) in summary {
        s.row(&[Cell::Text(text(k)), n(v)])?;
    }
    sheets.push(s.finish()?);
    let mut s = SheetWriter::new(
        text("xlsx.day_channels"),
        &[
            text("col.channel"),
            text("col.sold"),
            text("col.shipped"),
            text("col.returned"),
            text("col.returned_defective"),
        ],
    )?;
    for c in &r.channels {
        s.row(&[
            Cell::Text(&c.channel),
            n(c.sold),
            n(c.shipped),
            n(c.returned),
            n(c.returned_defective),
        ])?;
    }
    sheets.push(s.finish()?);
    let mut s = SheetWriter::new(
        text("xlsx.day_received"),
        &[text("col.code"), text("col.name"), text("col.units")],
    )?;
    for x in &r.received_skus {
        s.row(&[Cell::Text(&x.code), Cell::Text(&x.name), n(x.units)])?;
    }
    sheets.push(s.finish()?);
    let mut s = SheetWriter::new(
        text("xlsx.day_attention"),
        &[text("col.what"), text("col.code"), text("col.detail")],
    )?;
    let holds = text("col.holds_overdue");
    for h in &r.overdue_holds {
        let detail = format!(
            "#{} {} {} x{}",
            h.reservation, h.channel, h.order, h.remaining
        );
        s.row(&[Cell::Text(holds), Cell::Text(&h.code), Cell::Text(&detail)])?;
    }
    if r.alerts_not_kept {
        let why = text("cli.day_alerts_past");
        s.row(&[
            Cell::Text(text("col.alert")),
            Cell::Text(""),
            Cell::Text(why),
        ])?;
    }
    for a in &r.alerts {
        let status = text(&format!("status.{}", a.status));
        s.row(&[
            Cell::Text(text("col.alert")),
            Cell::Text(&a.code),
            Cell::Text(status),
        ])?;
    }
    for d in &r.drift {
        let detail = fill(
            "cli.day_drift_one",
            &[&d.channel, &d.skus, &d.over, &d.under],
        );
        s.row(&[
            Cell::Text(text("col.drift")),
            Cell::Text(""),
            Cell::Text(&detail),
        ])?;
    }
    for p in &r.purchase_orders_due {
        let detail = crate::present::day::po_due_text(p);
        s.row(&[
            Cell::Text(text("col.po_due")),
            Cell::Text(""),
            Cell::Text(&detail),
        ])?;
    }
    sheets.push(s.finish()?);
    book(sheets)
}
