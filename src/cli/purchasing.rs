//! `stockroom alerts`, `po ...` and `report ...`: replenishment on the command line.

use std::path::Path;

use clap::{Args, Subcommand};

use super::table::{Align, render};
use super::{id_of, open, print_json, qty};
use crate::i18n::{fill, text};
use crate::inventory::purchasing::PoView;
use crate::inventory::replenish::{AlertRow, DefectReport, MAX_WINDOW_DAYS, VelocityRow};
use crate::inventory::{Command, Error, FieldProblem, InventoryExt, Outcome};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub cmd: Option<AlertsCmd>,
    /// Days of sales velocity is measured over
    #[arg(long, default_value = "28")]
    pub days: String,
    /// Also alerts hidden by a snooze
    #[arg(long)]
    pub all: bool,
}

#[derive(Subcommand, Debug)]
pub enum AlertsCmd {
    /// Hide a SKU's alert for DAYS days (0 shows it again); it returns sooner if the SKU gets worse
    Snooze {
        /// The SKU's code or one of its barcodes
        sku: String,
        /// Days to hide it, 0 to 365
        days: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PoCmd {
    /// A purchase order: `--supplier S SKU QTY [SKU QTY]...`, or `--from-alerts`
    /// (one order per supplier with the suggested quantities)
    Create {
        /// The supplier the order goes to
        #[arg(long)]
        supplier: Option<String>,
        /// Order what the alerts suggest; with --supplier only that supplier's SKUs
        #[arg(long)]
        from_alerts: bool,
        /// Days of sales the suggestions are based on
        #[arg(long, default_value = "28")]
        days: String,
        /// SKU QTY pairs
        #[arg(value_name = "SKU QTY", conflicts_with = "from_alerts")]
        items: Vec<String>,
    },
    /// Purchase orders, newest first: the open ones, or all with --all
    List {
        /// Also received and cancelled orders
        #[arg(long)]
        all: bool,
    },
    /// One purchase order with its lines
    Show {
        /// The purchase order number
        id: String,
    },
    /// Receive against an order: SKU QTY pairs, or everything outstanding
    Receive {
        /// The purchase order number
        id: String,
        /// SKU QTY pairs [default: everything still outstanding]
        #[arg(value_name = "SKU QTY")]
        items: Vec<String>,
        /// The location the units arrive at [default: the default location]
        #[arg(long)]
        at: Option<String>,
    },
    /// Cancel an open order (what has not arrived is no longer expected)
    Cancel {
        /// The purchase order number
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Defective units and their cost by reason x supplier
    Defects {
        /// Days back from today, 1 to 730
        #[arg(long, default_value = "28")]
        days: String,
    },
    /// Units sold per SKU and channel
    Velocity {
        /// Days back from today, 1 to 730
        #[arg(long, default_value = "28")]
        days: String,
    },
}

/// A window in days: 1..=730.
fn window(v: &str) -> Result<u32, Error> {
    let n = super::limited("days", v, u64::from(MAX_WINDOW_DAYS))?;
    if n == 0 {
        return Err(Error::field("days", v, crate::domain::NumberError::Zero));
    }
    Ok(n as u32)
}

/// `SKU QTY SKU QTY ...` as pairs.
fn pairs(items: &[String]) -> Result<Vec<(String, u64)>, Error> {
    if items.len() % 2 == 1 {
        return Err(Error::field("quantity", "", FieldProblem::Empty));
    }
    items
        .chunks(2)
        .map(|p| Ok((p[0].clone(), qty("quantity", &p[1])?)))
        .collect()
}

/// Runs `stockroom alerts ...`.
pub fn alerts(db: &Path, a: AlertsArgs, json: bool) -> Result<i32, Error> {
    if let Some(AlertsCmd::Snooze { sku, days }) = a.cmd {
        let days = super::limited(
            "days",
            &days,
            u64::from(crate::inventory::purchasing::MAX_SNOOZE_DAYS),
        )? as u32;
        return execute(db, Command::Snooze { sku, days }, json);
    }
    let rows = open(db)?.alerts(window(&a.days)?, a.all)?;
    if json {
        print_json(&rows);
    } else if rows.is_empty() {
        println!("{}", text("cli.no_alerts"));
    } else {
        print!("{}", alerts_table(&rows));
    }
    Ok(0)
}

fn alerts_table(rows: &[AlertRow]) -> String {
    let approx = |computed: bool, n: u64| {
        if computed {
            format!("~{n}")
        } else {
            n.to_string()
        }
    };
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut sev = crate::present::status::word(r.status).to_string();
            if r.backorders > 0 {
                sev.push_str(&format!(" ({})", fill("cli.backorders", &[&r.backorders])));
            }
            if r.snoozed_until.is_some() {
                sev.push_str(" z");
            }
            vec![
                r.code.clone(),
                r.name.clone(),
                sev,
                r.available.to_string(),
                r.on_order.to_string(),
                crate::i18n::decimal(r.velocity, 2),
                r.days_of_cover.map(|c| c.to_string()).unwrap_or("-".into()),
                approx(r.computed, r.reorder_point),
                r.suggested.to_string(),
            ]
        })
        .collect();
    let mut out = render(
        &[
            (text("col.code"), Align::Left),
            (text("col.name"), Align::Left),
            (text("col.status"), Align::Left),
            (text("col.available"), Align::Right),
            (text("col.on_order"), Align::Right),
            (text("col.velocity"), Align::Right),
            (text("col.cover"), Align::Right),
            (text("col.reorder_point"), Align::Right),
            (text("col.suggested"), Align::Right),
        ],
        &body,
    );
    if rows.iter().any(|r| r.computed) {
        out.push_str(text("cli.computed_note"));
        out.push('\n');
    }
    out
}

/// Runs `stockroom po ...`.
pub fn po(db: &Path, cmd: PoCmd, json: bool) -> Result<i32, Error> {
    let command = match cmd {
        PoCmd::List { all } => {
            let rows = open(db)?.purchase_orders(all)?;
            if json {
                print_json(&rows);
            } else if rows.is_empty() {
                println!("{}", text("cli.no_rows"));
            } else {
                print!("{}", po_list_table(&rows));
            }
            return Ok(0);
        }
        PoCmd::Show { id } => {
            let po = open(db)?.purchase_order(id_of("purchase order", &id)?)?;
            if json {
                print_json(&po);
            } else {
                print!("{}", po_text(&po));
            }
            return Ok(0);
        }
        PoCmd::Create {
            supplier,
            from_alerts,
            days,
            items,
        } => Command::PoCreate {
            supplier,
            lines: pairs(&items)?,
            from_alerts,
            only: Vec::new(),
            window: window(&days)?,
        },
        PoCmd::Receive { id, items, at } => Command::PoReceive {
            id: id_of("purchase order", &id)?,
            lines: pairs(&items)?,
            at,
        },
        PoCmd::Cancel { id } => Command::PoCancel {
            id: id_of("purchase order", &id)?,
        },
    };
    execute(db, command, json)
}

fn execute(db: &Path, command: Command, json: bool) -> Result<i32, Error> {
    let applied = open(db)?.execute(command)?;
    if json {
        match &applied.outcome {
            Outcome::PoCreated { orders, skipped } => {
                print_json(&serde_json::json!({"orders": orders, "skipped": skipped}))
            }
            Outcome::PoReceived { order, units } => {
                print_json(&serde_json::json!({"order": order, "units": units}))
            }
            Outcome::PoCancelled(order) => print_json(order),
            Outcome::Snoozed { code, until } => {
                print_json(&serde_json::json!({"code": code, "until": until}))
            }
            other => print_json(other),
        }
    } else {
        println!(
            "{}",
            super::table::clean_lines(&crate::present::outcome_text(&applied.outcome))
        );
    }
    Ok(0)
}

fn po_list_table(rows: &[PoView]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.supplier.clone(),
                text(&format!("po.{}", p.status)).to_string(),
                p.lines.len().to_string(),
                p.ordered.to_string(),
                p.received.to_string(),
                p.outstanding.to_string(),
                p.created.clone(),
            ]
        })
        .collect();
    render(
        &[
            (text("col.id"), Align::Right),
            (text("col.supplier"), Align::Left),
            (text("col.status"), Align::Left),
            (text("col.lines"), Align::Right),
            (text("col.ordered"), Align::Right),
            (text("col.received"), Align::Right),
            (text("col.outstanding"), Align::Right),
            (text("col.when"), Align::Left),
        ],
        &body,
    )
}

fn po_text(p: &PoView) -> String {
    let mut out = fill(
        "cli.po_header",
        &[
            &p.id,
            &p.supplier,
            &text(&format!("po.{}", p.status)),
            &p.created,
            &p.created_by,
        ],
    );
    out.push('\n');
    let body: Vec<Vec<String>> = p
        .lines
        .iter()
        .map(|l| {
            vec![
                l.code.clone(),
                l.name.clone(),
                l.ordered.to_string(),
                l.received.to_string(),
                l.outstanding.to_string(),
            ]
        })
        .collect();
    out.push_str(&render(
        &[
            (text("col.code"), Align::Left),
            (text("col.name"), Align::Left),
            (text("col.ordered"), Align::Right),
            (text("col.received"), Align::Right),
            (text("col.outstanding"), Align::Right),
        ],
        &body,
    ));
    out
}

/// Runs `stockroom report ...`.
pub fn report(db: &Path, cmd: ReportCmd, json: bool) -> Result<i32, Error> {
    match cmd {
        ReportCmd::Defects { days } => {
            let r = open(db)?.defect_report(window(&days)?)?;
            if json {
                print_json(&r);
            } else {
                print!("{}", defects_text(&r));
            }
        }
        ReportCmd::Velocity { days } => {
            let days = window(&days)?;
            let rows = open(db)?.velocity_report(days)?;
            if json {
                print_json(&rows);
            } else {
                println!("{}", fill("cli.velocity_title", &[&days]));
                print!("{}", velocity_table(&rows));
            }
        }
    }
    Ok(0)
}

fn defects_text(r: &DefectReport) -> String {
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|d| {
            vec![
                text(&format!("reason.{}", d.reason)).to_string(),
                d.supplier.clone().unwrap_or_else(|| "-".into()),
                d.units.to_string(),
                d.cost.clone(),
            ]
        })
        .collect();
    let mut out = render(
        &[
            (text("col.reason"), Align::Left),
            (text("col.supplier"), Align::Left),
            (text("col.units"), Align::Right),
            (text("col.cost"), Align::Right),
        ],
        &body,
    );
    out.push_str(&fill("cli.defects_total", &[&r.units, &r.days, &r.cost]));
    out.push('\n');
    if r.uncosted_units > 0 {
        out.push_str(&fill("cli.defects_uncosted", &[&r.uncosted_units]));
        out.push('\n');
    }
    out
}

fn velocity_table(rows: &[VelocityRow]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.name.clone(),
                r.units.to_string(),
                crate::i18n::decimal(r.per_day, 2),
                r.channels
                    .iter()
                    .map(|c| format!("{} {}", c.channel, c.units))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    render(
        &[
            (text("col.code"), Align::Left),
            (text("col.name"), Align::Left),
            (text("col.units"), Align::Right),
            (text("col.velocity"), Align::Right),
            (text("col.channels"), Align::Left),
        ],
        &body,
    )
}
