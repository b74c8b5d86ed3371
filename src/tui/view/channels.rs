//! The channel matrix: SKUs down, channels across, published quantities with drift.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, fit};
use crate::i18n::{fill, text};
use crate::tui::app::App;
use crate::tui::theme::Theme;

const CELL: u16 = 10;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App, theme: &Theme, focused: bool, compact: bool) {
    let m = &app.matrix;
    let mut title = fill("tui.title_matrix", &[&m.list.visible.len()]);
    title.push_str(&super::matching(&app.matrix_filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [rules, table_area, legend] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(if compact { 0 } else { 1 }),
    ])
    .areas(inner);
    if let Some(c) = m.channels.get(m.column) {
        let state = if c.paused {
            text("tui.paused")
        } else {
            text("tui.active")
        };
        let max = c
            .max_listed
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into());
        let line = fill(
            "tui.rules_line",
            &[
                &c.name,
                &c.priority,
                &c.share_pct,
                &c.buffer,
                &max,
                &text(if c.keep_when_low {
                    "word.yes"
                } else {
                    "word.no"
                }),
                &state,
            ],
        );
        f.render_widget(
            Paragraph::new(fit(&line, rules.width as usize)).style(theme.title()),
            rules,
        );
    }
    // As many channel columns as fit, scrolled so the selected one shows.
    let code_w: u16 = if compact { 12 } else { 16 };
    // The "available" column is as wide as its head in the interface language.
    let avail_w = (unicode_width::UnicodeWidthStr::width(text("col.available")) as u16).max(6);
    let fixed = code_w + avail_w + 1;
    let fit_cols = (table_area.width.saturating_sub(fixed) / (CELL + 1)).max(1) as usize;
    let first = m.column.saturating_sub(fit_cols - 1);
    let cols: Vec<usize> = (first..m.channels.len()).take(fit_cols).collect();
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = m.list.window(height);
    let mut head = vec![
        Cell::from(text("col.code")),
        Cell::from(Line::from(text("col.available")).right_aligned()),
    ];
    for &i in &cols {
        let style = if i == m.column {
            theme.selected()
        } else {
            theme.header()
        };
        head.push(
            Cell::from(Line::from(fit(&m.channels[i].name, CELL as usize)).right_aligned())
                .style(style),
        );
    }
    let rows: Vec<Row> = m
        .list
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .filter_map(|(ri, &i)| m.rows.get(i).map(|r| (ri, r)))
        .map(|(ri, r)| {
            let mut cells = vec![
                Cell::from(r.code.clone()),
                Cell::from(Line::from(r.available.to_string()).right_aligned()),
            ];
            for &i in &cols {
                let Some(c) = r.channels.get(i) else { continue };
                let (txt, style) = match c.drift {
                    Some(d) if d > 0 => (
                        format!("{} ▲{}", c.published, c.listed.unwrap_or(0)),
                        theme.shortage(),
                    ),
                    Some(d) if d < 0 => (
                        format!("{} ▼{}", c.published, c.listed.unwrap_or(0)),
                        theme.low(),
                    ),
                    _ if c.withheld.is_some() => (format!("–{}", c.published), theme.dim()),
                    _ => (c.published.to_string(), ratatui::style::Style::new()),
                };
                cells.push(Cell::from(Line::from(txt).right_aligned()).style(style));
            }
            let row = Row::new(cells);
            if focused && ri == m.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let mut widths = vec![Constraint::Length(code_w), Constraint::Length(avail_w)];
    widths.extend(cols.iter().map(|_| Constraint::Length(CELL)));
    f.render_widget(Table::new(rows, widths).header(Row::new(head)), table_area);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(text("tui.matrix_legend"), legend.width as usize),
            theme.dim(),
        ))),
        legend,
    );
    if focused {
        app.page = height.max(1);
        app.matrix.list.offset = offset;
    }
}
