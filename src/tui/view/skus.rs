//! The SKU list (and the alerts, which are the same rows, only the low ones).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{block, fit};
use crate::i18n::{fill, text};
use crate::inventory::{SkuRow, StockStatus};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// The status's color, the same in the SKU list, the detail and the alerts.
pub fn status_style(s: StockStatus, theme: &Theme) -> ratatui::style::Style {
    match s {
        StockStatus::Shortage => theme.shortage(),
        StockStatus::Out => theme.out(),
        StockStatus::Critical => theme.low().add_modifier(ratatui::style::Modifier::BOLD),
        StockStatus::Low => theme.low(),
        StockStatus::Ok => theme.good(),
        StockStatus::Archived => theme.dim(),
    }
}

/// The status word in the interface language (`present::status::word`).
pub fn status_word(s: StockStatus) -> &'static str {
    crate::present::status::word(s)
}

/// The marker beside the available number, readable without colors.
pub fn status_mark(s: StockStatus) -> &'static str {
    match s {
        StockStatus::Shortage => "!!",
        StockStatus::Out | StockStatus::Critical => "!",
        StockStatus::Low => "↓",
        StockStatus::Ok | StockStatus::Archived => "",
    }
}

/// As wide as the longest status word in the interface language.
pub fn status_width() -> u16 {
    StockStatus::ALL
        .iter()
        .map(|s| status_word(*s).width())
        .max()
        .unwrap_or(8) as u16
}

/// The list's title: how many SKUs, how many the filter leaves, or that the rest is
/// still being read.
fn title(app: &App) -> String {
    let shown = app.skus.len();
    let total = app.skus.total.map_or(shown as u64, |t| t.max(shown as u64));
    if app.skus.partial {
        if !app.skus.filter.is_empty() && app.loading_skus() {
            return fill(
                "tui.title_skus_loading_filtered",
                &[&app.skus.list.visible.len(), &app.skus.filter, &total],
            );
        }
        let key = if app.loading_skus() {
            "tui.title_skus_loading"
        } else {
            "tui.title_skus_partial"
        };
        fill(key, &[&shown, &total])
    } else if app.skus.filter.is_empty() {
        fill("tui.title_skus", &[&total])
    } else {
        fill(
            "tui.title_skus_filtered",
            &[&app.skus.list.visible.len(), &total, &app.skus.filter],
        )
    }
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
    let list = &app.skus.list;
    let title = title(app);
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if app.skus.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.no_skus"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    if list.visible.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.nothing_matches"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = list.window(height);
    let cursor = list.cursor;
    let rows: Vec<&SkuRow> = list
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .filter_map(|&i| app.skus.row(i))
        .collect();
    let narrow = compact || inner.width < 64;
    // Columns as wide as their heads and values need, the name takes the rest.
    let code_w = rows
        .iter()
        .map(|r| r.code.width())
        .max()
        .unwrap_or(8)
        .clamp(6, 20) as u16;
    // A number is never cut: its column is as wide as its widest value.
    let widest = |v: &dyn Fn(&SkuRow) -> String| rows.iter().map(|r| v(r).len()).max().unwrap_or(0);
    let on_hand_w = widest(&|r| r.on_hand.to_string());
    let reserved_w = widest(&|r| r.reserved.to_string());
    let available_w = widest(&|r| r.available.to_string());
    let defective_w = widest(&|r| r.defective.to_string());
    let num = |h: &str, w: usize| (h.width().max(5).max(w)) as u16;
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if narrow {
        (
            vec![text("col.code"), text("col.available"), text("col.name")],
            vec![
                Constraint::Length(code_w),
                Constraint::Length(num(text("col.available"), available_w) + 2),
                Constraint::Fill(1),
            ],
        )
    } else {
        (
            vec![
                text("col.code"),
                text("col.name"),
                text("col.on_hand"),
                text("col.reserved"),
                text("col.available"),
                text("col.defective"),
                text("col.status"),
            ],
            vec![
                Constraint::Length(code_w),
                Constraint::Fill(1),
                Constraint::Length(num(text("col.on_hand"), on_hand_w)),
                Constraint::Length(num(text("col.reserved"), reserved_w)),
                Constraint::Length(num(text("col.available"), available_w) + 2),
                Constraint::Length(num(text("col.defective"), defective_w)),
                Constraint::Length(status_width().max(5)),
            ],
        )
    };
    // The name takes what the other columns leave; cut, it keeps its end, where the
    // variants of one product differ.
    let fixed: u16 = widths
        .iter()
        .map(|c| match c {
            Constraint::Length(w) => *w,
            _ => 0,
        })
        .sum();
    let name_w = inner
        .width
        .saturating_sub(fixed + widths.len().saturating_sub(1) as u16) as usize;
    // A kit is marked before its name, so the mark survives a narrow column.
    let name = |r: &SkuRow| {
        if r.kit {
            super::fit_name(&format!("{} {}", text("sku.kit_mark"), r.name), name_w)
        } else {
            super::fit_name(&r.name, name_w)
        }
    };
    let body: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let st = status_style(r.status, theme);
            let mark = status_mark(r.status);
            let cells: Vec<Cell> = if narrow {
                vec![
                    Cell::from(r.code.clone()),
                    Cell::from(Line::from(format!("{}{mark:<2}", r.available)).right_aligned())
                        .style(st),
                    Cell::from(name(r)),
                ]
            } else {
                vec![
                    Cell::from(r.code.clone()),
                    Cell::from(name(r)),
                    Cell::from(Line::from(r.on_hand.to_string()).right_aligned()),
                    Cell::from(Line::from(r.reserved.to_string()).right_aligned()),
                    Cell::from(Line::from(format!("{}{mark:<2}", r.available)).right_aligned())
                        .style(st),
                    Cell::from(Line::from(r.defective.to_string()).right_aligned()),
                    Cell::from(status_word(r.status)).style(st),
                ]
            };
            let row = Row::new(cells);
            if focused && offset + i == cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let table = Table::new(body, widths)
        .header(Row::new(header).style(theme.header()))
        .column_spacing(1);
    f.render_widget(table, inner);
    if focused {
        view.page = Some(height.max(1));
        view.offset = Some(offset);
    }
}
