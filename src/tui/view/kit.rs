//! A kit in the SKU detail: what it has available, the component that limits it, and each
//! component with how many kits it alone would allow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::i18n::{fill, text};
use crate::inventory::kits::KitView;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, k: &KitView, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let limit = k
        .components
        .iter()
        .find(|c| c.limiting)
        .map(|c| c.code.as_str())
        .unwrap_or("");
    let head = fill("cli.kit_line", &[&k.available, &limit]);
    let [line, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(&head, line.width as usize),
            theme.header(),
        ))),
        line,
    );
    if table.height == 0 {
        return;
    }
    let rows: Vec<Row> = k
        .components
        .iter()
        .map(|c| {
            let row = Row::new(vec![
                c.code.clone(),
                format!("×{}", c.qty),
                c.available.to_string(),
                c.kits.to_string(),
                if c.limiting {
                    text("cli.kit_limits").to_string()
                } else {
                    String::new()
                },
            ]);
            if c.limiting {
                row.style(theme.low())
            } else {
                row
            }
        })
        .collect();
    let w = |h: &str, v: &dyn Fn(&crate::inventory::kits::KitComponentView) -> String| {
        k.components
            .iter()
            .map(|c| v(c).width())
            .max()
            .unwrap_or(0)
            .max(h.width()) as u16
            + 1
    };
    let widths = [
        Constraint::Length(w(text("col.component"), &|c| c.code.clone())),
        Constraint::Length(w(text("col.per_kit"), &|c| format!("×{}", c.qty))),
        Constraint::Length(w(text("col.available"), &|c| c.available.to_string())),
        Constraint::Length(w(text("col.kits"), &|c| c.kits.to_string())),
        Constraint::Fill(1),
    ];
    let head = Row::new(vec![
        text("col.component"),
        text("col.per_kit"),
        text("col.available"),
        text("col.kits"),
        "",
    ])
    .style(theme.header());
    f.render_widget(Table::new(rows, widths).header(head), table);
}
