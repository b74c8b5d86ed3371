//! The channel matrix: SKUs down, channels across, published quantities with drift.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{block, fit, wrap_words};
use crate::i18n::{fill, text, yes_no};
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::panes::channels::MatrixPane;
use crate::tui::theme::Theme;

const CELL: u16 = 10;

/// The selected channel's rules in one sentence.
fn rules_line(app: &App) -> Option<String> {
    let m = &app.matrix;
    m.channels.get(m.column).map(|c| {
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
    })
}

/// The selected channel's last sync and how many SKUs drift there, in the short words
/// when the long ones do not fit `width`.
fn sync_line(app: &App, width: usize) -> Option<String> {
    let m = &app.matrix;
    let c = m.channels.get(m.column)?;
    let drift = m
        .rows
        .iter()
        .filter_map(|r| r.channels.get(m.column))
        .filter(|c| c.drift.is_some_and(|d| d != 0))
        .count();
    let when = crate::present::last_synced(c.last_synced.as_deref());
    // Before the first sync nothing is known of what the channel shows.
    let drift = match c.last_synced {
        Some(_) => drift.to_string(),
        None => "–".to_string(),
    };
    let long = fill("market.sync_line", &[&when, &drift]);
    if long.width() <= width {
        Some(long)
    } else {
        Some(fill("market.sync_line_short", &[&when, &drift]))
    }
}

/// A cell as text: the published quantity, with the drift from what is listed or the
/// mark of a withheld one.
fn cell_text(c: &crate::inventory::channels::MatrixCell) -> String {
    match c.drift {
        _ if c.withheld.as_deref() == Some(crate::inventory::market::NOT_LISTED) => {
            text("market.not_listed_short").to_string()
        }
        Some(d) if d > 0 => format!("{} ▲{}", c.published, c.listed.unwrap_or(0)),
        Some(d) if d < 0 => format!("{} ▼{}", c.published, c.listed.unwrap_or(0)),
        _ if c.withheld.is_some() => format!("–{}", c.published),
        _ => c.published.to_string(),
    }
}

/// The channel columns that fit beside `fixed` columns: the selected one, then its
/// neighbours to the right and left while they fit.
fn shown_columns(col_w: &[u16], column: usize, fixed: u16, width: u16) -> Vec<usize> {
    let mut cols: Vec<usize> = Vec::new();
    if col_w.is_empty() {
        return cols;
    }
    let sel = column.min(col_w.len() - 1);
    let mut used = fixed + 1 + col_w[sel];
    cols.push(sel);
    let (mut lo, mut hi) = (sel, sel);
    loop {
        let mut grew = false;
        if hi + 1 < col_w.len() && used + 1 + col_w[hi + 1] <= width {
            hi += 1;
            used += 1 + col_w[hi];
            cols.push(hi);
            grew = true;
        } else if lo > 0 && used + 1 + col_w[lo - 1] <= width {
            lo -= 1;
            used += 1 + col_w[lo];
            cols.insert(0, lo);
            grew = true;
        }
        if !grew {
            break;
        }
    }
    cols
}

/// Each channel column's width: its widest cell, and its name up to [`CELL`].
fn channel_widths(m: &MatrixPane) -> Vec<u16> {
    (0..m.channels.len())
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
        .collect()
}

/// The head: code, available (when it fits), and the shown channels, the selected one
/// marked.
fn head_cells(
    m: &MatrixPane,
    cols: &[usize],
    col_w: &[u16],
    with_avail: bool,
    theme: &Theme,
) -> Vec<Cell<'static>> {
    let mut head = vec![Cell::from(text("col.code"))];
    if with_avail {
        head.push(Cell::from(
            Line::from(text("col.available")).right_aligned(),
        ));
    }
    for &i in cols {
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
    head
}

pub fn draw(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    compact: bool,
    view: &mut ViewState,
) {
    let m = &app.matrix;
    let mut title = fill("tui.title_matrix", &[&m.list.visible.len()]);
    title.push_str(&super::matching(&app.matrix.filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if !m.loaded {
        f.render_widget(
            Paragraph::new(text("tui.not_loaded"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    // The rules of the selected channel and the legend wrap onto a second line rather than
    // being cut.
    let rules_text = rules_line(app);
    let w = inner.width as usize;
    let rules_lines = rules_text
        .as_deref()
        .map(|t| wrap_words(t, w))
        .unwrap_or_default();
    let mut rules_lines: Vec<String> = rules_lines.into_iter().take(3).collect();
    // When the channel was last synced and how many SKUs drift: one line of its own.
    if let Some(sync) = sync_line(app, w) {
        rules_lines.extend(wrap_words(&sync, w).into_iter().take(1));
    }
    // The legend names the key that lists and unlists; a handheld gets its short form.
    let key = app.key_of("toggle_listing");
    let legend_lines: Vec<String> = if compact {
        vec![fit(text("tui.matrix_legend_short"), w)]
    } else {
        wrap_words(&fill("tui.matrix_legend", &[&key]), w)
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
    let col_w = channel_widths(m);
    // On a handheld the selected channel goes before the available column.
    let sel_w = col_w.get(m.column).copied().unwrap_or(0);
    let with_avail = code_w + 1 + avail_w + 1 + sel_w <= table_area.width;
    let fixed = if with_avail {
        code_w + 1 + avail_w
    } else {
        code_w
    };
    let cols = shown_columns(&col_w, m.column, fixed, table_area.width);
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = m.list.window(height);
    let head = head_cells(m, &cols, &col_w, with_avail, theme);
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
            let on_cursor = focused && ri == m.list.cursor;
            for &i in &cols {
                let Some(c) = r.channels.get(i) else { continue };
                let mut style = match c.drift {
                    Some(d) if d > 0 => theme.shortage(),
                    Some(d) if d < 0 => theme.low(),
                    _ if c.withheld.is_some() => theme.dim(),
                    _ => ratatui::style::Style::new(),
                };
                // The cell the space key works on stands out of the selected row.
                if on_cursor && i == m.column {
                    style = style.patch(theme.cell());
                }
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
        view.page = Some(height.max(1));
        view.offset = Some(offset);
    }
}
