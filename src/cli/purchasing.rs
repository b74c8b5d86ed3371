//! `stockroom alerts`, `po ...` and `report ...`: replenishment on the command line.

use std::path::Path;

use clap::{Args, Subcommand};

use super::table::{Col, table};
use super::values::{id_of, window};
use super::{open, print_json};
use crate::i18n::{fill, text};
use crate::inventory::purchasing::{PoLineView, PoView};
use crate::inventory::replenish::{AlertRow, DefectReport, DefectRow, VelocityRow};
use crate::inventory::reports::lead::{LeadTimeReport, LeadTimeRow};
use crate::inventory::{Command, Error, InventoryExt};

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
    /// Only the SKUs this channel lists, with what it shows and sells
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum AlertsCmd {
    /// Hide a SKU's alert for DAYS days (0 shows it again); it returns sooner if the SKU gets worse
    Snooze(SnoozeArgs),
}

#[derive(Args, Debug)]
pub struct SnoozeArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// Days to hide it, 0 to 365
    pub days: String,
}

#[derive(Subcommand, Debug)]
pub enum PoCmd {
    /// A purchase order: `--supplier S SKU QTY [SKU QTY]...`, or `--from-alerts`
    /// (one order per supplier with the suggested quantities)
    #[command(visible_alias = "add")]
    Create(PoCreateArgs),
    /// Purchase orders, newest first: the open ones, or all with --all
    List {
        /// Also received and cancelled orders
        #[arg(long)]
        all: bool,
        /// Only late orders: open, past their expected date, not fully received
        #[arg(long, conflicts_with = "all")]
        late: bool,
    },
    /// One purchase order with its lines
    Show {
        /// The purchase order number
        id: String,
    },
    /// Receive against an order: SKU QTY pairs, or everything outstanding
    Receive(PoReceiveArgs),
    /// Cancel an open order (what has not arrived is no longer expected)
    Cancel(PoCancelArgs),
}

#[derive(Args, Debug)]
pub struct PoCreateArgs {
    /// The supplier the order goes to
    #[arg(long)]
    pub supplier: Option<String>,
    /// Order what the alerts suggest; with --supplier only that supplier's SKUs
    #[arg(long)]
    pub from_alerts: bool,
    /// Days of sales the suggestions are based on
    #[arg(long, default_value = "28")]
    pub days: String,
    /// The day the order is expected by (YYYY-MM-DD, your local day) [default: today + the SKUs' longest lead time]
    #[arg(long, value_name = "DATE")]
    pub expected: Option<String>,
    /// SKU QTY pairs
    #[arg(value_name = "SKU QTY", conflicts_with = "from_alerts")]
    pub items: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PoReceiveArgs {
    /// The purchase order number
    pub id: String,
    /// SKU QTY pairs [default: everything still outstanding]
    #[arg(value_name = "SKU QTY")]
    pub items: Vec<String>,
    /// The location the units arrive at [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Args, Debug)]
pub struct PoCancelArgs {
    /// The purchase order number
    pub id: String,
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
    /// The stock at cost, per location and in total
    StockValue,
    /// Revenue, cost of goods, commission, fees, delivery and margin per channel, SKU or supplier
    Margin(super::reports::MarginArgs),
    /// Lead times per supplier measured by receipts against purchase orders: median, spread, late orders
    LeadTimes,
    /// Frozen money: dead stock (no sale in --days) and overstock (cover far past lead time + safety), most money first
    Slow {
        /// Days without a sale that make stock dead, 1 to 730
        #[arg(long, default_value = "60")]
        days: String,
    },
}

/// Runs `stockroom alerts ...`.
pub fn alerts(db: &Path, a: AlertsArgs, json: bool) -> Result<i32, Error> {
    if let Some(AlertsCmd::Snooze(s)) = a.cmd {
        return execute(db, s.try_into()?, json);
    }
    let inv = open(db)?;
    let days = window(&a.days)?;
    let rows = match &a.channel {
        Some(ch) => inv.channel_alerts(days, a.all, ch)?,
        None => inv.alerts(days, a.all)?,
    };
    // Late purchase orders warn too (their JSON is `po list --late --json`).
    let late: Vec<PoView> = match json {
        true => Vec::new(),
        false => inv
            .purchase_orders(false)?
            .into_iter()
            .filter(|p| p.late)
            .collect(),
    };
    for p in &late {
        println!("{}", late_order_text(p));
    }
    if json {
        print_json(&rows);
    } else if rows.is_empty() {
        if late.is_empty() {
            println!("{}", text("cli.no_alerts"));
        }
    } else {
        if let Some(part) = rows.first().and_then(|r| r.on_channel.as_ref()) {
            let name = crate::present::safe::clean(&part.channel);
            println!("{}", fill("market.alerts_channel", &[&name, &name]));
        }
        print!("{}", alerts_table(&rows));
    }
    Ok(0)
}

/// A late purchase order as an alert names it.
pub fn late_order_text(p: &PoView) -> String {
    fill(
        "alert.po_late",
        &[
            &p.id,
            &crate::present::safe::clean(&p.supplier),
            &crate::present::due_day(&p.expected),
            &p.outstanding,
        ],
    )
}

fn alerts_table(rows: &[AlertRow]) -> String {
    let approx = |computed: bool, n: u64| {
        if computed {
            format!("~{n}")
        } else {
            n.to_string()
        }
    };
    let severity = |r: &AlertRow| {
        let mut sev = crate::present::status::word(r.status).to_string();
        if r.backorders > 0 {
            sev.push_str(&format!(" ({})", fill("cli.backorders", &[&r.backorders])));
        }
        if r.snoozed_until.is_some() {
            sev.push_str(" z");
        }
        sev
    };
    let mut cols = vec![
        Col::left(text("col.code"), |r: &AlertRow| r.code.clone()),
        Col::left(text("col.name"), |r: &AlertRow| match &r.limited_by {
            // A kit's alert names the component that limits it: that one is ordered.
            Some(c) => format!("{} ({})", r.name, fill("alert.kit_limited", &[c])),
            None => r.name.clone(),
        }),
        Col::left(text("col.status"), severity),
        Col::right(text("col.available"), |r: &AlertRow| {
            r.available.to_string()
        }),
        Col::right(text("col.on_order"), |r: &AlertRow| r.on_order.to_string()),
        Col::right(text("col.velocity"), |r: &AlertRow| {
            crate::i18n::decimal(r.velocity, 2)
        }),
        Col::right(text("col.cover"), |r: &AlertRow| {
            r.days_of_cover.map(|c| c.to_string()).unwrap_or("-".into())
        }),
        Col::right(text("col.reorder_point"), |r: &AlertRow| {
            approx(r.computed, r.reorder_point)
        }),
        Col::right(text("col.suggested"), |r: &AlertRow| {
            r.suggested.to_string()
        }),
    ];
    // With --channel: what that channel shows (– when a rule holds it back) and sells.
    if rows.iter().any(|r| r.on_channel.is_some()) {
        cols.push(Col::right(
            text("col.channel_shows"),
            |r: &AlertRow| match &r.on_channel {
                Some(p) if p.withheld.is_some() => format!("–{}", p.shows),
                Some(p) => p.shows.to_string(),
                None => String::new(),
            },
        ));
        cols.push(Col::right(text("col.channel_velocity"), |r: &AlertRow| {
            r.on_channel
                .as_ref()
                .map(|p| crate::i18n::decimal(p.per_day, 2))
                .unwrap_or_default()
        }));
    }
    let mut out = table(rows, &cols);
    if rows.iter().any(|r| r.computed) {
        out.push_str(text("cli.computed_note"));
        out.push('\n');
    }
    out
}

/// Runs `stockroom po ...`.
pub fn po(db: &Path, cmd: PoCmd, json: bool) -> Result<i32, Error> {
    let command = match cmd {
        PoCmd::List { all, late } => {
            let mut rows = open(db)?.purchase_orders(all)?;
            rows.retain(|p| p.late || !late);
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
        PoCmd::Create(a) => a.try_into()?,
        PoCmd::Receive(a) => a.try_into()?,
        PoCmd::Cancel(a) => a.try_into()?,
    };
    execute(db, command, json)
}

fn execute(db: &Path, command: Command, json: bool) -> Result<i32, Error> {
    let what = command.name();
    let applied = open(db)?.execute(command)?;
    super::outcome::print(what, &applied, json);
    Ok(0)
}

fn po_list_table(rows: &[PoView]) -> String {
    table(
        rows,
        &[
            Col::right(text("col.id"), |p: &PoView| p.id.to_string()),
            Col::left(text("col.supplier"), |p: &PoView| p.supplier.clone()),
            Col::left(text("col.status"), |p: &PoView| {
                crate::i18n::po_status_text(p.status).to_string()
            }),
            Col::right(text("col.lines"), |p: &PoView| p.lines.len().to_string()),
            Col::right(text("col.ordered"), |p: &PoView| p.ordered.to_string()),
            Col::right(text("col.received"), |p: &PoView| p.received.to_string()),
            Col::right(text("col.outstanding"), |p: &PoView| {
                p.outstanding.to_string()
            }),
            Col::left(text("col.when"), |p: &PoView| p.created.clone()),
            Col::left(text("col.expected"), expected_cell),
        ],
    )
}

/// The expected day, marked when the order is late.
fn expected_cell(p: &PoView) -> String {
    let day = crate::present::due_day(&p.expected);
    if p.late {
        format!("{day} ({})", text("po.late"))
    } else {
        day
    }
}

fn po_text(p: &PoView) -> String {
    let mut out = fill(
        "cli.po_header",
        &[
            &p.id,
            &p.supplier,
            &crate::i18n::po_status_text(p.status),
            &p.created,
            &p.created_by,
        ],
    );
    out.push('\n');
    let day = crate::present::due_day(&p.expected);
    out.push_str(&if p.late {
        fill("po.expected_late", &[&day, &p.outstanding])
    } else {
        fill("po.expected_by", &[&day])
    });
    out.push('\n');
    out.push_str(&table(
        &p.lines,
        &[
            Col::left(text("col.code"), |l: &PoLineView| l.code.clone()),
            Col::left(text("col.name"), |l: &PoLineView| l.name.clone()),
            Col::right(text("col.ordered"), |l: &PoLineView| l.ordered.to_string()),
            Col::right(text("col.received"), |l: &PoLineView| {
                l.received.to_string()
            }),
            Col::right(text("col.outstanding"), |l: &PoLineView| {
                l.outstanding.to_string()
            }),
        ],
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
        ReportCmd::StockValue => return super::reports::stock_value(db, json),
        ReportCmd::LeadTimes => {
            let r = open(db)?.lead_times()?;
            if json {
                print_json(&r);
            } else {
                print!("{}", lead_times_text(&r));
            }
        }
        ReportCmd::Margin(a) => return super::reports::margin(db, a, json),
        ReportCmd::Slow { days } => return super::reports::slow(db, window(&days)?, json),
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
    let mut out = table(
        &r.rows,
        &[
            Col::left(text("col.reason"), |d: &DefectRow| {
                crate::i18n::reason_text(d.reason).to_string()
            }),
            Col::left(text("col.supplier"), |d: &DefectRow| {
                d.supplier.clone().unwrap_or_else(|| "-".into())
            }),
            Col::right(text("col.units"), |d: &DefectRow| d.units.to_string()),
            Col::right(text("col.cost"), |d: &DefectRow| d.cost.clone()),
        ],
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
    table(
        rows,
        &[
            Col::left(text("col.code"), |r: &VelocityRow| r.code.clone()),
            Col::left(text("col.name"), |r: &VelocityRow| r.name.clone()),
            Col::right(text("col.units"), |r: &VelocityRow| r.units.to_string()),
            Col::right(text("col.velocity"), |r: &VelocityRow| {
                crate::i18n::decimal(r.per_day, 2)
            }),
            Col::left(text("col.channels"), |r: &VelocityRow| {
                r.channels
                    .iter()
                    .map(|c| format!("{} {}", c.channel, c.units))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ],
    )
}

fn lead_times_text(r: &LeadTimeReport) -> String {
    if r.rows.is_empty() {
        return format!("{}\n", text("cli.lead_none"));
    }
    let mut out = format!("{}\n", text("cli.lead_title"));
    out.push_str(&table(
        &r.rows,
        &[
            Col::left(text("col.supplier"), |l: &LeadTimeRow| l.supplier.clone()),
            Col::right(text("col.orders"), |l: &LeadTimeRow| l.orders.to_string()),
            Col::right(text("col.receipts"), |l: &LeadTimeRow| {
                l.receipts.to_string()
            }),
            Col::right(text("col.median"), |l: &LeadTimeRow| {
                l.median.map_or("-".into(), |m| crate::i18n::decimal(m, 1))
            }),
            Col::right(text("col.spread"), |l: &LeadTimeRow| match (l.min, l.max) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "-".into(),
            }),
            Col::right(text("col.p80"), |l: &LeadTimeRow| {
                l.p80.map_or("-".into(), |p| p.to_string())
            }),
            Col::right(text("col.late"), |l: &LeadTimeRow| l.late.to_string()),
            Col::right(text("col.overdue"), |l: &LeadTimeRow| l.overdue.to_string()),
        ],
    ));
    out
}
