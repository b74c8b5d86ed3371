//! The Stocktake pane: the scan field and last entries, or the reconciliation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{Col, block, columns, fit, widest};
use crate::i18n::{count_flag_text, fill, money_text, text};
use crate::inventory::stocktake::CountReport;
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn draw(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    compact: bool,
    view: &mut ViewState,
) {
    let Some(report) = app.count.report.as_ref() else {
        let b = block(text("pane.stocktake").to_string(), focused, theme);
        let inner = b.inner(area);
        f.render_widget(b, area);
        f.render_widget(
            Paragraph::new(app.count_none_text())
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    };
    let s = &report.session;
    if app.count.reconcile {
        return reconcile(f, area, app, theme, focused, compact, view);
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
    // How to count, wrapped rather than cut (two lines at most).
    let hint_lines: Vec<String> =
        super::wrap_words(text("tui.count_scan_hint"), inner.width as usize)
            .into_iter()
            .take(2)
            .collect();
    let [scan, hint, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if compact { 0 } else { hint_lines.len() as u16 }),
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
        Paragraph::new(hint_lines.join("\n")).style(theme.dim()),
        hint,
    );
    // Last entries, newest first; recorded quantities only where this viewer may see them.
    // Each shows the SKU's count as it stood after that entry: the count now, less what the
    // newer entries of the same SKU added.
    let mut after: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    let rows: Vec<Row> = report
        .recent
        .iter()
        .take(list.height.saturating_sub(1) as usize)
        .map(|e| {
            let now = report
                .rows
                .iter()
                .find(|l| l.code == e.code)
                .map(|l| l.counted)
                .unwrap_or(0);
            let left = after.entry(e.code.as_str()).or_insert(now);
            let counted = *left;
            if !e.undone {
                *left = left.saturating_sub(e.qty);
            }
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
    // The code and the numbers are never cut; who counted gives way first.
    let shown: Vec<_> = report
        .recent
        .iter()
        .take(list.height.saturating_sub(1) as usize)
        .collect();
    let num_w = |w: usize, key: &str| {
        let mut c = Col::whole(w.max(text(key).width()));
        c.floor = w.max(1) as u16;
        c
    };
    let code_w =
        widest(shown.iter().map(|e| clean(&e.code))).max(text("tui.count_recent").width().min(8));
    let qty_w = shown
        .iter()
        .map(|e| e.qty.to_string().len() + 2)
        .max()
        .unwrap_or(1);
    let counted_w = report
        .rows
        .iter()
        .map(|l| l.counted.to_string().len())
        .max()
        .unwrap_or(1);
    // Room for a usual user name from the start, so the header does not move when the
    // first entry comes in.
    let who_w = widest(shown.iter().map(|e| clean(&e.counter)))
        .max(text("col.who").width())
        .max(WHO_ROOM);
    let (w, _) = columns(
        list.width,
        &[
            Col::whole(code_w).growing(),
            num_w(qty_w, "col.qty"),
            num_w(counted_w, "col.counted"),
            Col::words(who_w, 4, 0, true),
        ],
    );
    let widths: Vec<Constraint> = w
        .iter()
        .map(|w| Constraint::Length(w.unwrap_or(0)))
        .collect();
    let head = Row::new(vec![
        Cell::from(text("tui.count_recent")),
        Cell::from(Line::from(text("col.qty")).right_aligned()),
        Cell::from(Line::from(text("col.counted")).right_aligned()),
        Cell::from(text("col.who")),
    ])
    .style(theme.header());
    f.render_widget(Table::new(rows, widths).header(head), list);
}

/// Columns a counter's name gets before any entry (most user names fit).
const WHO_ROOM: usize = 8;

/// The reconciliation's title: the long one when it fits beside the filter's words, else
/// the short one (what is typed stays on screen).
fn recon_title(app: &App, report: &CountReport, room: usize) -> String {
    // The filter's words come before the long words of the title: when both do not fit,
    // the short title keeps what is typed on screen.
    let matching = super::matching(&app.count.filter);
    let long = fill(
        "tui.recon_title",
        &[&report.session.session, &app.count.approved.len()],
    );
    if long.width() + matching.width() <= room {
        format!("{long}{matching}")
    } else {
        let short = fill(
            "tui.recon_title_short",
            &[&report.session.session, &app.count.approved.len()],
        );
        format!("{short}{matching}")
    }
}

/// The totals and warnings below the rows, wrapped rather than cut, up to half the pane or
/// what the rows leave (two lines a row on a handheld).
fn notes(report: &CountReport, theme: &Theme, inner: Rect) -> Vec<Line<'static>> {
    let t = &report.totals;
    let tw = inner.width as usize;
    let mut notes: Vec<(String, ratatui::style::Style)> = vec![(
        fill(
            "cli.count_totals",
            &[
                &t.counted_skus,
                &t.with_variance,
                &t.net_units,
                &t.gross_units,
                &money_text(&t.net_value),
                &money_text(&t.gross_value),
            ],
        ),
        ratatui::style::Style::new(),
    )];
    // Before applying: the reservations the rows as they stand would leave short.
    if !report.would_short.is_empty() {
        let list: Vec<String> = report
            .would_short
            .iter()
            .map(|x| format!("#{} {} {} ✗{}", x.reservation, x.order, x.code, x.short))
            .collect();
        notes.push((
            fill("tui.count_would_short", &[&list.join(", ")]),
            theme.shortage(),
        ));
    }
    if !report.uncounted.is_empty() {
        notes.push((
            fill("tui.count_uncounted", &[&report.uncounted.join(", ")]),
            theme.dim(),
        ));
    }
    // The notes take half the pane, or what the rows leave (two lines a row on a handheld).
    let row_lines = if inner.width < 60 { 2 } else { 1 };
    let table_needs = (report.rows.len() * row_lines + row_lines) as u16;
    let max_notes = (inner.height / 2)
        .max(inner.height.saturating_sub(table_needs))
        .max(1) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (n, style) in &notes {
        for l in super::wrap_words(n, tw) {
            lines.push(Line::from(Span::styled(l, *style)));
        }
    }
    if lines.len() > max_notes {
        lines.truncate(max_notes);
        if let Some(last) = lines.last_mut() {
            let t = last.to_string();
            let style = last.spans.first().map(|s| s.style).unwrap_or_default();
            *last = Line::from(Span::styled(fit(&format!("{t} …"), tw), style));
        }
    }
    lines
}

/// One row's cells as text: code (marked when approved), name, recorded, counted,
/// variance, variance %, value, flags.
fn row_text(app: &App, l: &crate::inventory::stocktake::CountLine) -> [String; 8] {
    let dash = || "-".to_string();
    let mark = if app.count.approved.contains(&l.code) {
        "✓ "
    } else {
        "  "
    };
    [
        format!("{mark}{}", clean(&l.code)),
        clean(&l.name),
        l.recorded.map(|v| v.to_string()).unwrap_or_else(dash),
        l.counted.to_string(),
        l.variance.map(|v| format!("{v:+}")).unwrap_or_else(dash),
        l.variance_pct
            .map(|p| format!("{p:+.0}%"))
            .unwrap_or_else(dash),
        l.value.as_deref().map(money_text).unwrap_or_else(dash),
        l.flags
            .iter()
            .map(|f| count_flag_text(*f))
            .collect::<Vec<_>>()
            .join(", "),
    ]
}

fn reconcile(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    compact: bool,
    view: &mut ViewState,
) {
    let Some(report) = app.count.report.as_ref() else {
        return;
    };
    let title = recon_title(app, report, area.width.saturating_sub(4) as usize);
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let lines = notes(report, theme, inner);
    let [table_area, totals] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(lines.len() as u16)]).areas(inner);
    // The rows the filter shows, in the list's order (the cursor counts in these).
    let visible: Vec<&crate::inventory::stocktake::CountLine> = app
        .count
        .list
        .visible
        .iter()
        .filter_map(|&r| report.rows.get(r))
        .collect();
    // Each row as text first: codes and numbers are shown whole, the name gives way first,
    // and the marks stay.
    let texts: Vec<[String; 8]> = visible.iter().map(|l| row_text(app, l)).collect();
    let keys = [
        "col.code",
        "col.name",
        "col.recorded",
        "col.counted",
        "col.variance",
        "col.variance_pct",
        "col.value",
        "col.flags",
    ];
    let want = |i: usize| widest(texts.iter().map(|r| r[i].as_str())).max(text(keys[i]).width());
    let content = |i: usize| widest(texts.iter().map(|r| r[i].as_str())).max(1);
    let whole = |i: usize| {
        let mut c = Col::whole(want(i));
        c.floor = content(i) as u16;
        c
    };
    let specs = [
        whole(0),
        Col::words(want(1), 8, 0, true).growing(),
        whole(2),
        whole(3),
        whole(4),
        Col::words(want(5), content(5), 1, true),
        Col::words(want(6), content(6), 2, true),
        whole(7),
    ];
    let _ = compact;
    let (widths, fits) = columns(table_area.width, &specs);
    if !fits {
        let offset = two_line_rows(f, table_area, app, theme, focused, &texts);
        f.render_widget(Paragraph::new(lines), totals);
        if focused {
            view.page = Some((table_area.height.saturating_sub(2) / 2).max(1) as usize);
            view.offset = Some(offset);
        }
        return;
    }
    let shown: Vec<(usize, u16)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = app.count.list.window(height);
    let numeric = |i: usize| (2..=6).contains(&i);
    let rows: Vec<Row> = visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, l)| {
            let vstyle = match l.variance {
                Some(v) if v < 0 => theme.out(),
                Some(v) if v > 0 => theme.low(),
                _ => theme.good(),
            };
            let cells: Vec<Cell> = shown
                .iter()
                .map(|&(c, w)| {
                    let t = texts[i][c].clone();
                    let t = if c == 1 {
                        super::fit_name(&t, w as usize)
                    } else {
                        t
                    };
                    let cell = if numeric(c) {
                        Cell::from(Line::from(t).right_aligned())
                    } else {
                        Cell::from(t)
                    };
                    match c {
                        4 => cell.style(vstyle),
                        7 => cell.style(theme.low()),
                        _ => cell,
                    }
                })
                .collect();
            let row = Row::new(cells);
            if focused && i == app.count.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let head: Vec<Cell> = shown
        .iter()
        .map(|&(c, w)| {
            let h = text(keys[c]);
            if numeric(c) && h.width() <= w as usize {
                Cell::from(Line::from(h).right_aligned())
            } else {
                Cell::from(h)
            }
        })
        .collect();
    let widths: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    f.render_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .header(Row::new(head).style(theme.header())),
        table_area,
    );
    f.render_widget(Paragraph::new(lines), totals);
    if focused {
        view.page = Some(height.max(1));
        view.offset = Some(offset);
    }
}

/// The reconciliation on a terminal too narrow for a row on one line (a handheld, long
/// codes, big numbers): each row takes two lines, its code and marks over its numbers,
/// every one whole. Returns the first row drawn.
fn two_line_rows(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    texts: &[[String; 8]],
) -> usize {
    let w = area.width as usize;
    let height = (area.height.saturating_sub(2) / 2) as usize;
    let offset = app.count.list.window(height);
    let nums = [2usize, 3, 4];
    let keys = ["col.recorded", "col.counted", "col.variance"];
    let nw: Vec<usize> = nums
        .iter()
        .zip(keys)
        .map(|(&i, k)| widest(texts.iter().map(|r| r[i].as_str())).max(text(k).width()))
        .collect();
    let numbers = |v: [&str; 3]| -> String {
        let line = format!(
            "{:>a$} {:>b$} {:>c$}",
            v[0],
            v[1],
            v[2],
            a = nw[0],
            b = nw[1],
            c = nw[2]
        );
        format!("{line:>w$}")
    };
    let head = ratatui::text::Text::from(vec![
        Line::from(fit(
            &format!("{} · {}", text("col.code"), text("col.flags")),
            w,
        )),
        Line::from(numbers([
            text("col.recorded"),
            text("col.counted"),
            text("col.variance"),
        ])),
    ]);
    let rows: Vec<Row> = texts
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, t)| {
            let mut first = vec![Span::raw(t[0].clone())];
            if !t[7].is_empty() {
                first.push(Span::styled(format!("  {}", t[7]), theme.low()));
            }
            let cell = ratatui::text::Text::from(vec![
                Line::from(first),
                Line::from(numbers([&t[2], &t[3], &t[4]])),
            ]);
            let row = Row::new(vec![Cell::from(cell)]).height(2);
            if focused && i == app.count.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    f.render_widget(
        Table::new(rows, [Constraint::Fill(1)]).header(
            Row::new(vec![Cell::from(head)])
                .height(2)
                .style(theme.header()),
        ),
        area,
    );
    offset
}
