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
    let narrow = compact || inner.width < 90;
    let (head, widths): (Vec<&str>, Vec<Constraint>) = if narrow {
        (
            vec![
                text("col.code"),
                text("col.remaining"),
                text("col.location"),
                text("col.delivery"),
            ],
            vec![
                Constraint::Fill(2),
                Constraint::Length(5),
                Constraint::Fill(1),
                Constraint::Length(8),
            ],
        )
    } else {
        (
            vec![
                text("col.id"),
                text("col.order"),
                text("col.channel"),
                text("col.code"),
                text("col.name"),
                text("col.remaining"),
                text("col.picked"),
                text("col.location"),
                text("col.delivery"),
                text("col.age"),
            ],
            vec![
                Constraint::Length(6),
                Constraint::Length(10),
                Constraint::Length(11),
                Constraint::Length(14),
                Constraint::Fill(1),
                Constraint::Length(5),
                Constraint::Length(6),
                Constraint::Length(14),
                Constraint::Length(20),
                Constraint::Length(4),
            ],
        )
    };
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
            let delivery = match (&r.delivery, &r.destination) {
                (Some(m), Some(d)) if !narrow => format!(
                    "{m} → {}",
                    if d == "door" {
                        text("tui.door")
                    } else {
                        text("tui.pvz")
                    }
                ),
                (Some(m), _) => m.clone(),
                _ => String::new(),
            };
            let picked = if r.status == "picked" {
                format!("✓{}", r.picked)
            } else {
                r.picked.to_string()
            };
            let cells: Vec<Cell> = if narrow {
                vec![
                    Cell::from(r.code.clone()),
                    Cell::from(Line::from(r.remaining.to_string()).right_aligned()),
                    Cell::from(r.location.clone()),
                    Cell::from(delivery),
                ]
            } else {
                vec![
                    Cell::from(Line::from(r.reservation.to_string()).right_aligned()),
                    Cell::from(r.order.clone()),
                    Cell::from(r.channel.clone()),
                    Cell::from(r.code.clone()),
                    Cell::from(crate::cli::table::clean(&r.name)),
                    Cell::from(Line::from(r.remaining.to_string()).right_aligned()),
                    Cell::from(Line::from(picked).right_aligned()).style(if r.status == "picked" {
                        theme.good()
                    } else {
                        ratatui::style::Style::new()
                    }),
                    Cell::from(r.location.clone()),
                    Cell::from(delivery),
                    Cell::from(age(now, r.created_ms)),
                ]
            };
            let row = Row::new(cells);
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
