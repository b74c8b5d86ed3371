//! One SKU: levels per location, sales and forecast by week, the latest ledger entries.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::skus::{status_style, status_word};
use super::{block, fit};
use crate::i18n::{fill, text};
use crate::inventory::SkuDetail;
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) {
    let Some(d) = &app.detail else { return };
    let title = fit(
        &format!("{}  {}", d.code, d.name),
        area.width.saturating_sub(4) as usize,
    );
    let b = block(title, true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let st = status_style(d.status, theme);
    let summary = Line::from(vec![
        Span::raw(format!("{} {}  ", text("col.on_hand"), d.on_hand)),
        Span::raw(format!("{} {}  ", text("col.reserved"), d.reserved)),
        Span::styled(format!("{} {}", text("col.available"), d.available), st),
        Span::raw(format!("  {} {}  ", text("col.defective"), d.defective)),
        Span::styled(status_word(d.status), st),
    ]);
    // Where each threshold behind the status comes from, then how long the stock lasts.
    // As many lines as the parts need at this width, each part whole where it fits.
    let thresholds = pack(
        &crate::present::status::thresholds_parts(d),
        inner.width as usize,
    );
    // The forecast's rule and each promotion it plans for, packed like the thresholds: a
    // promotion's share of sales is never cut off the end of one long line.
    let forecast: Vec<String> = match crate::present::status::forecast_line(d) {
        Some(line) => {
            let parts: Vec<String> = line.split("; ").map(str::to_string).collect();
            pack(&parts, inner.width as usize)
        }
        None => Vec::new(),
    };
    let mut more = vec![
        crate::present::status::cover_line(d),
        fill("thr.lead", &[&d.lead_days]),
    ];
    more.extend(
        [d.barcodes.join(" "), d.supplier.clone().unwrap_or_default()]
            .into_iter()
            .filter(|s| !s.is_empty()),
    );
    let more = more.join(" · ");
    let loc_rows = d.locations.len() as u16 + 1;
    let chart_h = super::chart::height(compact, inner.height, inner.width);
    let thr_h = match compact {
        // A handheld: the three numbers on one line (the rules behind them need room); a
        // kit's components take that line.
        true => u16::from(d.kit.is_none()),
        false => 1 + forecast.len() as u16 + thresholds.len() as u16,
    };
    // The summary wraps onto a second line rather than losing its end.
    let sum_h = if summary.width() > inner.width as usize {
        2
    } else {
        1
    };
    // A kit: its components and the one that limits each location, even on a handheld
    // (the latest entries give way first).
    let kit_h = match &d.kit {
        Some(k) => super::kit::height(k, inner.width),
        None => 0,
    };
    // On a handheld the kit's components come before the locations' table (the kit's
    // head line already names each location's limit).
    let locs_h = match compact && d.kit.is_some() {
        true => loc_rows.min(inner.height.saturating_sub(sum_h + kit_h)),
        false => loc_rows + 1,
    };
    let [sum, thr, kit_area, locs, chart, hist] = Layout::vertical([
        Constraint::Length(sum_h),
        Constraint::Length(thr_h),
        Constraint::Length(kit_h),
        Constraint::Length(locs_h),
        Constraint::Length(chart_h),
        Constraint::Min(0),
    ])
    .areas(inner);
    if let Some(k) = &d.kit {
        super::kit::draw(f, kit_area, k, theme, compact);
    }
    f.render_widget(
        Paragraph::new(summary).wrap(ratatui::widgets::Wrap { trim: true }),
        sum,
    );
    let w = thr.width as usize;
    let lines: Vec<Line> = if compact {
        let short = fill(
            "thr.compact",
            &[&d.min_stock, &d.safety_stock, &d.reorder_point],
        );
        vec![Line::from(fit(&short, w))]
    } else {
        let mut lines: Vec<Line> = thresholds.iter().map(|t| Line::from(fit(t, w))).collect();
        lines.extend(forecast.iter().map(|t| Line::from(fit(t, w))));
        lines.push(Line::from(fit(&more, w)));
        lines
    };
    f.render_widget(Paragraph::new(lines).style(theme.dim()), thr);
    locations(f, locs, d, theme, compact);
    if chart_h > 0 {
        super::chart::draw(f, chart, d, theme);
    }
    if hist.height > 1 {
        recent(f, hist, d, theme, compact);
    }
}

/// `parts` joined by " · " into lines of at most `width` columns: a part that does not fit
/// after another starts a line of its own (one wider than the line is cut when drawn).
fn pack(parts: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in parts {
        match lines.last_mut() {
            Some(l) if l.width() + 3 + p.width() <= width => {
                l.push_str(" · ");
                l.push_str(p);
            }
            _ => lines.push(p.clone()),
        }
    }
    lines
}

/// Each location's levels.
fn locations(f: &mut Frame, area: Rect, d: &SkuDetail, theme: &Theme, compact: bool) {
    let rows: Vec<Row> = d
        .locations
        .iter()
        .map(|l| {
            if compact {
                Row::new(vec![l.location.clone(), l.available.to_string()])
            } else {
                Row::new(vec![
                    l.location.clone(),
                    l.on_hand.to_string(),
                    l.reserved.to_string(),
                    l.available.to_string(),
                    l.defective.to_string(),
                ])
            }
        })
        .collect();
    // A number is never cut: its column is as wide as its widest value.
    let num = |head: &str, v: &dyn Fn(&crate::inventory::LocationLevels) -> String| {
        d.locations
            .iter()
            .map(|l| v(l).len())
            .max()
            .unwrap_or(0)
            .max(head.width())
            .max(5) as u16
            + 1
    };
    let (head, widths) = if compact {
        (
            vec![text("col.location"), text("col.available")],
            vec![
                Constraint::Fill(1),
                Constraint::Length(num(text("col.available"), &|l| l.available.to_string())),
            ],
        )
    } else {
        (
            vec![
                text("col.location"),
                text("col.on_hand"),
                text("col.reserved"),
                text("col.available"),
                text("col.defective"),
            ],
            vec![
                Constraint::Length(18),
                Constraint::Length(num(text("col.on_hand"), &|l| l.on_hand.to_string())),
                Constraint::Length(num(text("col.reserved"), &|l| l.reserved.to_string())),
                Constraint::Length(num(text("col.available"), &|l| l.available.to_string())),
                Constraint::Length(num(text("col.defective"), &|l| l.defective.to_string())),
            ],
        )
    };
    f.render_widget(
        Table::new(rows, widths).header(Row::new(head).style(theme.header())),
        area,
    );
}

/// The latest movements, as many as fit.
fn recent(f: &mut Frame, area: Rect, d: &SkuDetail, theme: &Theme, compact: bool) {
    if area.height <= 1 {
        return;
    }
    // In the history pane's order: newest first by the time each happened.
    let mut by_time: Vec<_> = d.recent.iter().collect();
    by_time.sort_by(|a, b| crate::inventory::MovementView::newest_first(a, b));
    let shown: Vec<_> = by_time
        .into_iter()
        .take(area.height.saturating_sub(1) as usize)
        .collect();
    // Numbers and their heads whole; the reference (the order, then its channel) takes
    // the rest, the order alone when both do not fit.
    let cols_w = |head: &str, v: &dyn Fn(&crate::inventory::MovementView) -> String| {
        shown
            .iter()
            .map(|m| v(m).width())
            .max()
            .unwrap_or(0)
            .max(text(head).width()) as u16
    };
    let change_text = |m: &crate::inventory::MovementView| {
        if m.on_hand_change > 0 {
            format!("+{}", m.on_hand_change)
        } else {
            m.on_hand_change.to_string()
        }
    };
    let qty_w = cols_w("col.qty", &|m| m.qty.to_string());
    let change_w = cols_w("col.change", &change_text);
    let who_w = cols_w("col.who", &|m| m.actor.clone()).min(8);
    let kind_w = cols_w("col.kind", &|m| crate::i18n::kind_text(m.kind)).min(22);
    // A kit's entries are its components': each line names the component it is for.
    let kit = d.kit.is_some();
    let code_w = if kit {
        cols_w("col.code", &|m| m.code.clone()).min(12)
    } else {
        0
    };
    let ref_w = area
        .width
        .saturating_sub(16 + who_w + kind_w + qty_w + change_w + 5 + code_w + u16::from(kit))
        as usize;
    let rows: Vec<Row> = shown
        .iter()
        .map(|m| {
            if compact {
                let kind = crate::i18n::kind_text(m.kind);
                Row::new(vec![
                    Cell::from(if kit {
                        format!("{} {kind}", m.code)
                    } else {
                        kind
                    }),
                    Cell::from(Line::from(m.qty.to_string()).right_aligned()),
                ])
            } else {
                let (order, order_channel) = crate::i18n::order_reference(
                    m.kind,
                    m.channel.as_deref(),
                    m.reference.as_deref(),
                );
                let reference = if order_channel.width() <= ref_w {
                    order_channel
                } else {
                    fit(&order, ref_w)
                };
                let mut cells = vec![
                    Cell::from(m.at.get(..16).unwrap_or(&m.at).replace('T', " ")),
                    Cell::from(fit(&m.actor, who_w as usize)),
                    Cell::from(fit(&crate::i18n::kind_text(m.kind), kind_w as usize)),
                    Cell::from(Line::from(m.qty.to_string()).right_aligned()),
                    Cell::from(Line::from(change_text(m)).right_aligned()),
                    Cell::from(reference),
                ];
                if kit {
                    cells.insert(3, Cell::from(fit(&m.code, code_w as usize)));
                }
                Row::new(cells)
            }
        })
        .collect();
    let (head, widths) = if compact {
        (
            vec![
                Cell::from(text("col.kind")),
                Cell::from(Line::from(text("col.qty")).right_aligned()),
            ],
            vec![Constraint::Fill(1), Constraint::Length(qty_w)],
        )
    } else {
        let mut head = vec![
            Cell::from(text("col.when")),
            Cell::from(text("col.who")),
            Cell::from(text("col.kind")),
            Cell::from(Line::from(text("col.qty")).right_aligned()),
            Cell::from(Line::from(text("col.change")).right_aligned()),
            Cell::from(text("col.reference")),
        ];
        let mut widths = vec![
            Constraint::Length(16),
            Constraint::Length(who_w),
            Constraint::Length(kind_w),
            Constraint::Length(qty_w),
            Constraint::Length(change_w),
            Constraint::Fill(1),
        ];
        if kit {
            head.insert(3, Cell::from(text("col.code")));
            widths.insert(3, Constraint::Length(code_w));
        }
        (head, widths)
    };
    f.render_widget(
        Table::new(rows, widths).header(Row::new(head).style(theme.header())),
        area,
    );
}
