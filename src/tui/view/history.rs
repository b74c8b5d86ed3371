//! The ledger, newest first: who did what.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table};

use super::{block, fit};
use crate::i18n::{fill, text};
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App, theme: &Theme, focused: bool, compact: bool) {
    let mut title = fill("tui.title_history", &[&app.hist_list.visible.len()]);
    title.push_str(&super::matching(&app.hist_filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let height = inner.height.saturating_sub(1) as usize;
    let offset = app.hist_list.window(height);
    let narrow = compact || inner.width < 60;
    let medium = !narrow && inner.width < 90;
    let (head, widths): (Vec<&str>, Vec<Constraint>) = if narrow {
        (
            vec![text("col.kind"), text("col.code"), text("col.change")],
            vec![
                Constraint::Fill(1),
                Constraint::Fill(1),
                Constraint::Length(6),
            ],
        )
    } else if medium {
        (
            vec![
                text("col.when"),
                text("col.who"),
                text("col.kind"),
                text("col.code"),
                text("col.change"),
            ],
            vec![
                Constraint::Length(11),
                Constraint::Length(7),
                Constraint::Fill(1),
                Constraint::Length(16),
                Constraint::Length(6),
            ],
        )
    } else {
        (
            vec![
                text("col.id"),
                text("col.when"),
                text("col.who"),
                text("col.kind"),
                text("col.code"),
                text("col.qty"),
                text("col.location"),
                text("col.reference"),
            ],
            vec![
                Constraint::Length(6),
                Constraint::Length(16),
                Constraint::Length(7),
                Constraint::Length(18),
                Constraint::Length(15),
                Constraint::Length(4),
                Constraint::Length(14),
                Constraint::Fill(1),
            ],
        )
    };
    let rows: Vec<Row> = app
        .hist_list
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .enumerate()
        .map(|(i, &hi)| {
            let m = &app.history[hi];
            let change = if m.on_hand_change > 0 {
                format!("+{}", m.on_hand_change)
            } else {
                m.on_hand_change.to_string()
            };
            let cells: Vec<Cell> = if narrow {
                vec![
                    Cell::from(crate::i18n::kind_text(&m.kind)),
                    Cell::from(m.code.clone()),
                    Cell::from(Line::from(change).right_aligned()),
                ]
            } else if medium {
                vec![
                    Cell::from(m.at.get(5..16).unwrap_or(&m.at).replace('T', " ")),
                    Cell::from(m.actor.clone()),
                    Cell::from(crate::i18n::kind_text(&m.kind)),
                    Cell::from(m.code.clone()),
                    Cell::from(Line::from(change).right_aligned()),
                ]
            } else {
                vec![
                    Cell::from(Line::from(m.seq.to_string()).right_aligned()),
                    Cell::from(m.at.get(..16).unwrap_or(&m.at).replace('T', " ")),
                    Cell::from(m.actor.clone()),
                    Cell::from(crate::i18n::kind_text(&m.kind)),
                    Cell::from(m.code.clone()),
                    Cell::from(Line::from(m.qty.to_string()).right_aligned()),
                    Cell::from(m.location.clone()),
                    Cell::from(crate::i18n::source_text(
                        &m.kind,
                        m.channel.as_deref(),
                        m.reference.as_deref(),
                    )),
                ]
            };
            let row = Row::new(cells);
            if focused && offset + i == app.hist_list.cursor {
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
        app.hist_list.offset = offset;
    }
}
