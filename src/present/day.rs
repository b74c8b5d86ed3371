//! The end-of-day report in words, for the command line and the day view of the TUI alike:
//! everything after the received units and the channels' table.

use crate::i18n::{self, fill, text};
use crate::inventory::reports::day::{DayReport, PoDue};

/// The first instant of a day in the user's time zone (the first hour that exists, on a day
/// whose midnight a clock change skips).
pub fn local_day_start(d: chrono::NaiveDate) -> crate::domain::Millis {
    use chrono::TimeZone;
    (0..24)
        .filter_map(|h| d.and_hms_opt(h, 0, 0))
        .find_map(|t| chrono::Local.from_local_datetime(&t).earliest())
        .map(|t| t.timestamp_millis())
        // No hour of the day exists locally (no real zone does this): the UTC day.
        .unwrap_or_else(|| {
            d.and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis()
        })
}

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
    lines.push(fill("cli.day_alerts", &[&r.alerts.len(), &none_or(alerts)]));
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
