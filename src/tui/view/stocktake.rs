//! The Stocktake pane: the scan field and last entries, or the reconciliation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, fit};
use crate::i18n::{fill, text};
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App, theme: &Theme, focused: bool, compact: bool) {
    let Some(report) = app.count.report.as_ref() else {
        let b = block(text("pane.stocktake").to_string(), focused, theme);
        let inner = b.inner(area);
        f.render_widget(b, area);
        f.render_widget(
            Paragraph::new(text("tui.count_none"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    };
    let s = &report.session;
    if app.count.reconcile {
        return reconcile(f, area, app, theme, focused, compact);
    }
    let blind = if s.blind { text("tui.count_blind") } else { "" };
    let title = fill(
        "tui.count_title",
        &[&s.session, &s.location, &blind, &s.entries],
    );
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [scan, hint, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if compact { 0 } else { 1 }),
        Constraint::Min(0),
    ])
    .areas(inner);
    let w = scan.width as usize;
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{} ", text("tui.count_scan")), theme.key()),
            Span::raw(fit(&format!("{}▏", app.count.input), w.saturating_sub(8))),
        ])),
        scan,
    );
    f.render_widget(
        Paragraph::new(fit(text("tui.count_scan_hint"), hint.width as usize)).style(theme.dim()),
        hint,
    );
    // Last entries, newest first; recorded quantities only where this viewer may see them.
    let rows: Vec<Row> = report
        .recent
        .iter()
        .take(list.height.saturating_sub(1) as usize)
        .map(|e| {
            let counted = report
                .rows
                .iter()
                .find(|l| l.code == e.code)
                .map(|l| l.counted)
                .unwrap_or(0);
            let qty = if e.undone {
                format!("({})", e.qty)
            } else {
                format!("+{}", e.qty)
            };
            let row = Row::new(vec![
                Cell::from(e.code.clone()),
                Cell::from(Line::from(qty).right_aligned()),
                Cell::from(Line::from(counted.to_string()).right_aligned()),
                Cell::from(e.counter.clone()),
            ]);
            if e.undone {
                row.style(theme.dim())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(8),
    ];
    let head = Row::new(vec![
        text("tui.count_recent"),
        text("col.qty"),
        text("col.counted"),
        text("col.who"),
    ])
    .style(theme.header());
    f.render_widget(Table::new(rows, widths).header(head), list);
}

fn reconcile(
    f: &mut Frame,
    area: Rect,
    app: &mut App,
    theme: &Theme,
    focused: bool,
    compact: bool,
) {
    let Some(report) = app.count.report.as_ref() else {
        return;
    };
    let mut title = fill(
        "tui.recon_title",
        &[&report.session.session, &app.count.approved.len()],
    );
    title.push_str(&super::matching(&app.count_filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let warn = u16::from(!report.would_short.is_empty());
    let [table_area, totals] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(2 + warn)]).areas(inner);
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = app.count.list.window(height);
    let narrow = compact || inner.width < 70;
    let heads: Vec<(&str, Constraint)> = if narrow {
        vec![
            ("col.code", Constraint::Fill(1)),
            ("col.recorded", Constraint::Length(6)),
            ("col.counted", Constraint::Length(6)),
            ("col.variance", Constraint::Length(7)),
        ]
    } else {
        vec![
            ("col.code", Constraint::Length(15)),
            ("col.name", Constraint::Fill(1)),
            ("col.recorded", Constraint::Length(8)),
            ("col.counted", Constraint::Length(7)),
            ("col.variance", Constraint::Length(8)),
            ("col.variance_pct", Constraint::Length(7)),
            ("col.value", Constraint::Length(10)),
            ("col.flags", Constraint::Length(16)),
        ]
    };
    let dash = || "-".to_string();
    let rows: Vec<Row> = app
        .count
        .list
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .filter_map(|(i, &r)| report.rows.get(r).map(|l| (i, l)))
        .map(|(i, l)| {
            let approved = app.count.approved.contains(&l.code);
            let mark = if approved { "✓ " } else { "  " };
            let right = |s: String| Cell::from(Line::from(s).right_aligned());
            let variance = l.variance.map(|v| format!("{v:+}")).unwrap_or_else(dash);
            let vstyle = match l.variance {
                Some(v) if v < 0 => theme.out(),
                Some(v) if v > 0 => theme.low(),
                _ => theme.good(),
            };
            let mut cells = vec![Cell::from(format!("{mark}{}", l.code))];
            if !narrow {
                cells.push(Cell::from(crate::cli::table::clean(&l.name)));
            }
            cells.push(right(
                l.recorded.map(|v| v.to_string()).unwrap_or_else(dash),
            ));
            cells.push(right(l.counted.to_string()));
            cells.push(right(variance).style(vstyle));
            if !narrow {
                cells.push(right(
                    l.variance_pct
                        .map(|p| format!("{p:+.0}%"))
                        .unwrap_or_else(dash),
                ));
                cells.push(right(l.value.clone().unwrap_or_else(dash)));
                cells.push(Cell::from(l.flags.join(",")).style(theme.low()));
            }
            let row = Row::new(cells);
            if focused && i == app.count.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let head: Vec<&str> = heads.iter().map(|(k, _)| text(k)).collect();
    let widths: Vec<Constraint> = heads.iter().map(|(_, c)| *c).collect();
    f.render_widget(
        Table::new(rows, widths).header(Row::new(head).style(theme.header())),
        table_area,
    );
    let t = &report.totals;
    let mut lines = vec![Line::from(fit(
        &fill(
            "cli.count_totals",
            &[
                &t.counted_skus,
                &t.with_variance,
                &t.net_units,
                &t.gross_units,
                &t.net_value,
                &t.gross_value,
            ],
        ),
        totals.width as usize,
    ))];
    // Before applying: the reservations the rows as they stand would leave short.
    if !report.would_short.is_empty() {
        let list: Vec<String> = report
            .would_short
            .iter()
            .map(|x| format!("#{} {} {} ✗{}", x.reservation, x.order, x.code, x.short))
            .collect();
        lines.push(Line::from(Span::styled(
            fit(
                &fill("tui.count_would_short", &[&list.join(", ")]),
                totals.width as usize,
            ),
            theme.shortage(),
        )));
    }
    if !report.uncounted.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(
                &fill("tui.count_uncounted", &[&report.uncounted.join(", ")]),
                totals.width as usize,
            ),
            theme.dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), totals);
    if focused {
        app.page = height.max(1);
        app.count.list.offset = offset;
    }
}
