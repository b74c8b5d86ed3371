//! The packer's queue: open reservations, oldest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, fit};
use crate::i18n::{fill, text};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// "3h", "2d": how long an order has waited.
pub fn age(now_ms: i64, created_ms: i64) -> String {
    let mins = (now_ms - created_ms).max(0) / 60_000;
    if mins < 60 {
        format!("{mins}m")
    } else if mins < 48 * 60 {
        format!("{}h", mins / 60)
    } else {
        format!("{}d", mins / 1440)
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &mut App, theme: &Theme, focused: bool, compact: bool) {
    let mut title = fill("tui.title_reservations", &[&app.res_list.visible.len()]);
    if let Some(c) = &app.channel_filter {
        title.push_str(&format!(" · {c}"));
    }
    if let Some(d) = &app.delivery_filter {
        title.push_str(&format!(" · {d}"));
    }
    title.push_str(&super::matching(&app.res_filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if app.res_list.visible.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.queue_empty")).style(theme.dim()),
            inner,
        );
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = app.res_list.window(height);
    // wide: every column; medium (an 80-column terminal): the packer's columns; narrow: a handheld.
    let layout = if compact || inner.width < 60 {
        0
    } else if inner.width < 100 {
        1
    } else {
        2
    };
    let heads: &[(&str, Constraint)] = match layout {
        0 => &[
            ("col.code", Constraint::Fill(2)),
            ("col.remaining", Constraint::Length(6)),
            ("col.location", Constraint::Fill(1)),
            ("col.delivery", Constraint::Length(8)),
        ],
        1 => &[
            ("col.order", Constraint::Length(10)),
            ("col.code", Constraint::Fill(1)),
            ("col.remaining", Constraint::Length(6)),
            ("col.picked", Constraint::Length(6)),
            ("col.location", Constraint::Length(14)),
            ("col.delivery", Constraint::Length(17)),
            ("col.age", Constraint::Length(5)),
        ],
        _ => &[
            ("col.id", Constraint::Length(6)),
            ("col.order", Constraint::Length(10)),
            ("col.channel", Constraint::Length(11)),
            ("col.code", Constraint::Length(14)),
            ("col.name", Constraint::Fill(1)),
            ("col.remaining", Constraint::Length(6)),
            ("col.picked", Constraint::Length(6)),
            ("col.location", Constraint::Length(14)),
            ("col.delivery", Constraint::Length(20)),
            ("col.age", Constraint::Length(5)),
        ],
    };
    let head: Vec<&str> = heads.iter().map(|(k, _)| text(k)).collect();
    let widths: Vec<Constraint> = heads.iter().map(|(_, c)| *c).collect();
    let now = app.now_ms;
    let rows: Vec<Row> = app
        .res_list
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .enumerate()
        .map(|(i, &ri)| {
            let r = &app.reservations[ri];
            let dest = |d: &str| {
                if d == "door" {
                    text("tui.door")
                } else {
                    text("tui.pvz")
                }
            };
            let delivery = match (&r.delivery, &r.destination) {
                (Some(m), Some(d)) if layout > 0 => format!("{m} → {}", dest(d)),
                (Some(m), _) => m.clone(),
                _ => String::new(),
            };
            // A hold that runs out within six hours stands out.
            let expiring = r.deadline_ms.is_some_and(|d| d - now < 6 * 3_600_000);
            let age_text = if expiring {
                format!("⏰{}", age(now, r.created_ms))
            } else {
                age(now, r.created_ms)
            };
            let picked = if r.status == "picked" {
                format!("✓{}", r.picked)
            } else {
                r.picked.to_string()
            };
            let picked_style = if r.status == "picked" {
                theme.good()
            } else {
                ratatui::style::Style::new()
            };
            let right = |s: String| Cell::from(Line::from(s).right_aligned());
            // A backorder waits for stock: "BO n" in the quantity column.
            // A short one (fewer on the shelf than it holds): "✗n" after its quantity.
            let left = if r.status == "backorder" {
                format!("{} {}", text("tui.backorder_short"), r.qty)
            } else if r.short > 0 {
                format!("{} ✗{}", r.remaining, r.short)
            } else {
                r.remaining.to_string()
            };
            let cells: Vec<Cell> = match layout {
                0 => vec![
                    Cell::from(r.code.clone()),
                    right(left.clone()),
                    Cell::from(r.location.clone()),
                    Cell::from(delivery),
                ],
                1 => vec![
                    Cell::from(r.order.clone()),
                    Cell::from(r.code.clone()),
                    right(left.clone()),
                    right(picked).style(picked_style),
                    Cell::from(r.location.clone()),
                    Cell::from(delivery),
                    Cell::from(age_text),
                ],
                _ => vec![
                    right(r.reservation.to_string()),
                    Cell::from(r.order.clone()),
                    Cell::from(r.channel.clone()),
                    Cell::from(r.code.clone()),
                    Cell::from(crate::cli::table::clean(&r.name)),
                    right(left.clone()),
                    right(picked).style(picked_style),
                    Cell::from(r.location.clone()),
                    Cell::from(delivery),
                    Cell::from(age_text),
                ],
            };
            let mut row = Row::new(cells);
            if expiring {
                row = row.style(theme.low());
            }
            // A backorder holds nothing yet: red, and its quantity says so.
            if r.status == "backorder" || r.short > 0 {
                row = row.style(theme.shortage());
            }
            if focused && offset + i == app.res_list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    f.render_widget(
        Table::new(rows, widths).header(Row::new(head).style(theme.header())),
        inner,
    );
    if focused {
        app.page = height.max(1);
        app.res_list.offset = offset;
    }
}
