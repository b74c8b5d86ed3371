//! The Alerts pane: alerts by severity then days of cover, the selected SKU's 28-day
//! sales sparkline below them, and the defect chart (reason x supplier) on its key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Cell, Paragraph, Row, Sparkline, Table};
use unicode_width::UnicodeWidthStr;

use super::skus::{status_style, status_width, status_word};
use super::{block, fit};
use crate::i18n::{fill, text};
use crate::inventory::replenish::{AlertRow, DefectReport};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// The panel under the list: a title line, two lines of numbers, a three-row sparkline.
const PANEL_HEIGHT: u16 = 6;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App, theme: &Theme, focused: bool, compact: bool) {
    if focused && app.alerts_ui.chart {
        return chart(f, area, app.alerts_ui.defects.as_ref(), theme);
    }
    let ui = &app.alerts_ui;
    let mut title = fill("tui.alerts_title", &[&ui.rows.len()]);
    if !ui.marked.is_empty() {
        title.push_str(&fill("tui.alerts_title_marked", &[&ui.marked.len()]));
    }
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if ui.rows.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.no_alerts"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let with_panel = focused && !compact && inner.height >= PANEL_HEIGHT + 6;
    let [list_area, panel_area] = Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(if with_panel { PANEL_HEIGHT } else { 0 }),
    ])
    .areas(inner);
    let (offset, height) = table(f, list_area, app, theme, focused, compact);
    if with_panel && let Some(row) = app.selected_alert() {
        panel(f, panel_area, row, theme);
    }
    if focused {
        app.page = height.max(1);
        app.alerts_ui.list.offset = offset;
    }
}

/// The visible rows; returns the first row drawn and how many fit.
fn table(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    compact: bool,
) -> (usize, usize) {
    let ui = &app.alerts_ui;
    let height = area.height.saturating_sub(1) as usize;
    let offset = ui.list.window(height);
    let rows: Vec<&AlertRow> = ui
        .list
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .filter_map(|&i| ui.rows.get(i))
        .collect();
    let narrow = compact || area.width < 70;
    let code_w = rows
        .iter()
        .map(|r| r.code.width())
        .max()
        .unwrap_or(8)
        .clamp(6, 20) as u16;
    let num = |key: &str| text(key).width().max(5) as u16;
    let sev_w = status_width().max(text("col.status").width() as u16);
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if narrow {
        (
            vec![
                "",
                text("col.code"),
                text("col.status"),
                text("col.available"),
                text("col.suggested"),
            ],
            vec![
                Constraint::Length(1),
                Constraint::Length(code_w.min(area.width / 3)),
                Constraint::Length(sev_w),
                Constraint::Length(num("col.available")),
                Constraint::Fill(1),
            ],
        )
    } else {
        (
            vec![
                "",
                text("col.code"),
                text("col.name"),
                text("col.status"),
                text("col.available"),
                text("col.on_order"),
                text("col.cover"),
                text("col.suggested"),
            ],
            vec![
                Constraint::Length(1),
                Constraint::Length(code_w),
                Constraint::Fill(1),
                Constraint::Length(sev_w),
                Constraint::Length(num("col.available")),
                Constraint::Length(num("col.on_order")),
                Constraint::Length(num("col.cover")),
                Constraint::Length(num("col.suggested")),
            ],
        )
    };
    let right = |s: String| Cell::from(Line::from(s).right_aligned());
    let body: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let st = status_style(r.status, theme);
            let mark = if ui.marked.contains(&r.code) { "*" } else { "" };
            let cover = r
                .days_of_cover
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into());
            let cells: Vec<Cell> = if narrow {
                vec![
                    Cell::from(mark).style(theme.key()),
                    Cell::from(r.code.clone()),
                    Cell::from(status_word(r.status)).style(st),
                    right(r.available.to_string()).style(st),
                    right(r.suggested.to_string()),
                ]
            } else {
                vec![
                    Cell::from(mark).style(theme.key()),
                    Cell::from(r.code.clone()),
                    Cell::from(crate::cli::table::clean(&r.name)),
                    Cell::from(status_word(r.status)).style(st),
                    right(r.available.to_string()).style(st),
                    right(r.on_order.to_string()),
                    right(cover),
                    right(r.suggested.to_string()),
                ]
            };
            let row = Row::new(cells);
            if focused && offset + i == ui.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    f.render_widget(
        Table::new(body, widths)
            .header(Row::new(header).style(theme.header()))
            .column_spacing(1),
        area,
    );
    (offset, height)
}

/// The selected SKU: its rate, thresholds and supplier, and 28 days of sales.
fn panel(f: &mut Frame, area: Rect, row: &AlertRow, theme: &Theme) {
    let w = area.width as usize;
    let b = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(
            fit(&format!("{}  {}", row.code, row.name), w.saturating_sub(2)),
            theme.title(),
        ));
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [sales, thresholds, spark] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let computed = if row.computed {
        text("tui.alert_computed")
    } else {
        ""
    };
    let sold: u64 = row.sales_28d.iter().sum();
    let mut first = fill(
        "tui.alert_sales",
        &[
            &sold,
            &crate::cli::status::decimal(row.velocity, 2),
            &row.lead_days,
        ],
    );
    if let Some(s) = &row.supplier {
        first.push_str(" · ");
        first.push_str(s);
    }
    let mut second = fill(
        "tui.alert_thresholds",
        &[
            &row.min,
            &row.safety,
            &row.reorder_point,
            &computed,
            &row.on_order,
        ],
    );
    if row.backorders > 0 {
        second.push_str(&fill("tui.alert_backorders", &[&row.backorders]));
    }
    for (line, at) in [(first, sales), (second, thresholds)] {
        f.render_widget(
            Paragraph::new(fit(&line, at.width as usize)).style(theme.dim()),
            at,
        );
    }
    // The newest days matter most: a narrow panel drops the oldest.
    let n = row.sales_28d.len();
    let shown = &row.sales_28d[n.saturating_sub(spark.width as usize)..];
    f.render_widget(Sparkline::default().data(shown).style(theme.good()), spark);
}

/// Defects by reason x supplier as horizontal bars, most units first.
fn chart(f: &mut Frame, area: Rect, report: Option<&DefectReport>, theme: &Theme) {
    let title = match report {
        Some(r) => fill("tui.defects_title", &[&r.days, &r.units, &r.cost]),
        None => text("tui.defects_none").to_string(),
    };
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        true,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let Some(r) = report.filter(|r| !r.rows.is_empty()) else {
        f.render_widget(
            Paragraph::new(text("tui.defects_none")).style(theme.dim()),
            inner,
        );
        return;
    };
    let [bars_area, note] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(r.uncosted_units > 0)),
    ])
    .areas(inner);
    // Labels carry the numbers, so even the shortest bar is seen whole.
    let shown = &r.rows[..r.rows.len().min(bars_area.height as usize)];
    let units_w = shown
        .iter()
        .map(|d| d.units.to_string().len())
        .max()
        .unwrap_or(1);
    let cost_w = shown.iter().map(|d| d.cost.len()).max().unwrap_or(1);
    let name_w = (bars_area.width as usize / 2)
        .saturating_sub(units_w + cost_w + 2)
        .clamp(8, 40);
    let bars: Vec<Bar> = shown
        .iter()
        .map(|d| {
            let reason = text(&format!("reason.{}", d.reason));
            let name = fit(
                &format!("{reason} · {}", d.supplier.as_deref().unwrap_or("-")),
                name_w,
            );
            let pad = " ".repeat(name_w.saturating_sub(name.width()));
            Bar::default()
                .label(Line::from(format!(
                    "{name}{pad} {:>units_w$} {:>cost_w$}",
                    d.units, d.cost
                )))
                .value(d.units)
                .text_value(String::new())
                .style(reason_style(&d.reason, theme))
        })
        .collect();
    f.render_widget(
        BarChart::horizontal(bars).bar_gap(0).bar_width(1),
        bars_area,
    );
    f.render_widget(
        Paragraph::new(fit(
            &fill("cli.defects_uncosted", &[&r.uncosted_units]),
            note.width as usize,
        ))
        .style(theme.dim()),
        note,
    );
}

fn reason_style(reason: &str, theme: &Theme) -> Style {
    match reason {
        "manufacturing" => theme.out(),
        "shipping_damage" => theme.low(),
        "packaging" => theme.title(),
        _ => theme.dim(),
    }
}
