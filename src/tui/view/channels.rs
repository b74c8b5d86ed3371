//! The channel matrix: SKUs down, channels across, published quantities with drift.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::{block, fit, wrap_words};
use crate::i18n::{fill, text, yes_no};
use crate::present::safe::clean;
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
    // The rules of the selected channel and the legend wrap onto a second line rather than
    // being cut.
    let rules_text = m.channels.get(m.column).map(|c| {
        let state = if c.paused {
            text("tui.paused")
        } else {
            text("tui.active")
        };
        let max = c
            .max_listed
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into());
        fill(
            "tui.rules_line",
            &[
                &clean(&c.name),
                &c.priority,
                &c.share_pct,
                &c.buffer,
                &max,
                &yes_no(c.keep_when_low),
                &state,
            ],
        )
    });
    let w = inner.width as usize;
    let rules_lines = rules_text
        .as_deref()
        .map(|t| wrap_words(t, w))
        .unwrap_or_default();
    let rules_lines: Vec<String> = rules_lines.into_iter().take(3).collect();
    let legend_lines: Vec<String> = if compact {
        Vec::new()
    } else {
        wrap_words(text("tui.matrix_legend"), w)
            .into_iter()
            .take(2)
            .collect()
    };
    let [rules, table_area, legend] = Layout::vertical([
        Constraint::Length(rules_lines.len() as u16),
        Constraint::Min(1),
        Constraint::Length(legend_lines.len() as u16),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(rules_lines.join("\n")).style(theme.title()),
        rules,
    );
    // Each cell as text first: the code and every number are shown whole; as many channel
    // columns as fit, scrolled so the selected one shows.
    let cell_text = |c: &crate::inventory::channels::MatrixCell| match c.drift {
        _ if c.withheld.as_deref() == Some(crate::inventory::market::NOT_LISTED) => {
            text("market.not_listed_short").to_string()
        }
        Some(d) if d > 0 => format!("{} ▲{}", c.published, c.listed.unwrap_or(0)),
        Some(d) if d < 0 => format!("{} ▼{}", c.published, c.listed.unwrap_or(0)),
        _ if c.withheld.is_some() => format!("–{}", c.published),
        _ => c.published.to_string(),
    };
    let code_w = m
        .rows
        .iter()
        .map(|r| clean(&r.code).width())
        .max()
        .unwrap_or(0)
        .max(text("col.code").width()) as u16;
    let avail_w = m
        .rows
        .iter()
        .map(|r| r.available.to_string().len())
        .max()
        .unwrap_or(0)
        .max(text("col.available").width()) as u16;
    let col_w: Vec<u16> = (0..m.channels.len())
        .map(|i| {
            let values = m
                .rows
                .iter()
                .filter_map(|r| r.channels.get(i))
                .map(|c| cell_text(c).width())
                .max()
                .unwrap_or(0);
            values.max(m.channels[i].name.width().min(CELL as usize)) as u16
        })
        .collect();
    // On a handheld the selected channel goes before the available column.
    let sel_w = col_w.get(m.column).copied().unwrap_or(0);
    let with_avail = code_w + 1 + avail_w + 1 + sel_w <= table_area.width;
    let fixed = if with_avail {
        code_w + 1 + avail_w
    } else {
        code_w
    };
    let mut cols: Vec<usize> = Vec::new();
    if !m.channels.is_empty() {
        // The selected column, then its neighbours to the right and left while they fit.
        let sel = m.column.min(m.channels.len() - 1);
        let mut used = fixed + 1 + col_w[sel];
        cols.push(sel);
        let (mut lo, mut hi) = (sel, sel);
        loop {
            let mut grew = false;
            if hi + 1 < m.channels.len() && used + 1 + col_w[hi + 1] <= table_area.width {
                hi += 1;
                used += 1 + col_w[hi];
                cols.push(hi);
                grew = true;
            } else if lo > 0 && used + 1 + col_w[lo - 1] <= table_area.width {
                lo -= 1;
                used += 1 + col_w[lo];
                cols.insert(0, lo);
                grew = true;
            }
            if !grew {
                break;
            }
        }
    }
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = m.list.window(height);
    let mut head = vec![Cell::from(text("col.code"))];
    if with_avail {
        head.push(Cell::from(
            Line::from(text("col.available")).right_aligned(),
        ));
    }
    for &i in &cols {
        let style = if i == m.column {
            theme.selected()
        } else {
            theme.header()
        };
        head.push(
            Cell::from(Line::from(fit(&m.channels[i].name, col_w[i] as usize)).right_aligned())
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
            let mut cells = vec![Cell::from(clean(&r.code))];
            if with_avail {
                cells.push(Cell::from(
                    Line::from(r.available.to_string()).right_aligned(),
                ));
            }
            for &i in &cols {
                let Some(c) = r.channels.get(i) else { continue };
                let style = match c.drift {
                    Some(d) if d > 0 => theme.shortage(),
                    Some(d) if d < 0 => theme.low(),
                    _ if c.withheld.is_some() => theme.dim(),
                    _ => ratatui::style::Style::new(),
                };
                let txt = cell_text(c);
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
    let mut widths = vec![Constraint::Length(code_w)];
    if with_avail {
        widths.push(Constraint::Length(avail_w));
    }
    widths.extend(cols.iter().map(|&i| Constraint::Length(col_w[i])));
    f.render_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .header(Row::new(head)),
        table_area,
    );
    f.render_widget(
        Paragraph::new(legend_lines.join("\n")).style(theme.dim()),
        legend,
    );
    if focused {
        app.page = height.max(1);
        app.matrix.list.offset = offset;
    }
}
