//! The end-of-day report in words, for the command line and the day view of the TUI alike:
//! everything after the received units and the channels' table.

use crate::i18n::{self, fill, text};
use crate::inventory::reports::day::{DayReport, PoDue};

pub use crate::inventory::clock::local_day_start;

/// The items joined with commas, or "none".
pub fn none_or(items: Vec<String>) -> String {
    if items.is_empty() {
        text("cli.day_none").to_string()
    } else {
        items.join(", ")
    }
}

/// Defects, counts, holds, drift, alerts and purchase orders due or late: one line each.
pub fn summary_lines(r: &DayReport) -> Vec<String> {
    let mut lines = Vec::new();
    let reasons: Vec<String> = r
        .defect_reasons
        .iter()
        .map(|x| format!("{} {}", i18n::reason_text(x.reason), x.units))
        .collect();
    lines.push(fill("cli.day_defects", &[&r.defects, &none_or(reasons)]));
    let counts: Vec<String> = r
        .counts
        .iter()
        .map(|c| fill("cli.day_count", &[&c.reference, &c.entries, &c.up, &c.down]))
        .collect();
    lines.push(fill("cli.day_counts", &[&none_or(counts)]));
    let holds: Vec<String> = r
        .overdue_holds
        .iter()
        .map(|h| {
            format!(
                "#{} {} {} {} x{}",
                h.reservation, h.channel, h.order, h.code, h.remaining
            )
        })
        .collect();
    lines.push(fill(
        "cli.day_holds",
        &[&r.overdue_holds.len(), &none_or(holds), &r.expired],
    ));
    let drift: Vec<String> = r
        .drift
        .iter()
        .map(|d| {
            fill(
                "cli.day_drift_one",
                &[&d.channel, &d.skus, &d.over, &d.under],
            )
        })
        .collect();
    lines.push(fill("cli.day_drift", &[&none_or(drift)]));
    let alerts: Vec<String> = r
        .alerts
        .iter()
        .map(|a| format!("{} {}", a.code, text(&format!("status.{}", a.status))))
        .collect();
    lines.push(match r.alerts_not_kept {
        true => text("cli.day_alerts_past").to_string(),
        false => fill("cli.day_alerts", &[&r.alerts.len(), &none_or(alerts)]),
    });
    let due: Vec<String> = r.purchase_orders_due.iter().map(po_due_text).collect();
    lines.push(fill(
        "cli.day_pos",
        &[&r.purchase_orders_due.len(), &none_or(due)],
    ));
    lines
}

/// One order due or late, as the day report names it.
pub fn po_due_text(p: &PoDue) -> String {
    let key = if p.late {
        "cli.day_po_late"
    } else {
        "cli.day_po"
    };
    fill(
        key,
        &[
            &p.id,
            &p.supplier,
            &crate::present::due_day(&p.due),
            &p.outstanding,
        ],
    )
}
