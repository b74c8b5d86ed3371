//! The Alerts pane: alerts by severity then days of cover, the selected SKU's 28-day
//! sales sparkline below them, and the defect chart (reason x supplier) on its key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Cell, Paragraph, Row, Sparkline, Table};
use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::skus::{status_style, status_word};
use super::{Col, block, columns, fit, widest};
use crate::domain::DefectReason;
use crate::i18n::{fill, text};
use crate::inventory::replenish::{AlertRow, DefectReport};
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// The panel under the list: a title line, two lines of numbers, a three-row sparkline.
const PANEL_HEIGHT: u16 = 6;

pub fn draw(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    compact: bool,
    view: &mut ViewState,
) {
    if focused && app.alerts.chart {
        return chart(f, area, app.alerts.defects.as_ref(), theme);
    }
    let ui = &app.alerts;
    let room = area.width.saturating_sub(4) as usize;
    let mut title = fill("tui.alerts_title", &[&ui.list.visible.len()]);
    // The channel filter (key `c`) is always in view: the short title makes room for it.
    if let Some(ch) = &ui.channel {
        let ch = format!(" · {}", clean(ch));
        if title.width() + ch.width() > room {
            title = fill("tui.alerts_title_short", &[&ui.list.visible.len()]);
        }
        title.push_str(&ch);
    }
    title.push_str(&super::matching(&app.alerts.filter));
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
    let inner = late_orders(f, inner, app, theme);
    if ui.rows.is_empty() {
        let says = if ui.loaded {
            "tui.no_alerts"
        } else {
            "tui.not_loaded"
        };
        f.render_widget(
            Paragraph::new(text(says))
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
        view.page = Some(height.max(1));
        view.offset = Some(offset);
    }
}

/// Late purchase orders, one line each (at most a third of the pane, the rest counted),
/// above the alerts; returns the room left.
fn late_orders(f: &mut Frame, area: Rect, app: &App, theme: &Theme) -> Rect {
    let late = &app.alerts.late_orders;
    if late.is_empty() || area.height < 3 {
        return area;
    }
    let room = usize::from((area.height / 3).max(1));
    let width = usize::from(area.width);
    // Each late order on a line, or two on a narrow screen (its due day and units are the
    // end of the sentence); as many orders as the room takes, the rest counted.
    let mut lines: Vec<Line> = Vec::new();
    let mut shown = 0;
    for p in late {
        let t = fill(
            "tui.po_late",
            &[
                &p.id,
                &clean(&p.supplier),
                &crate::present::due_day(&p.expected),
                &p.outstanding,
            ],
        );
        let parts = two_lines(&t, width);
        let left = late.len() - shown - 1;
        if lines.len() + parts.len() + usize::from(left > 0) > room {
            break;
        }
        lines.extend(parts.into_iter().map(|l| Line::styled(l, theme.out())));
        shown += 1;
    }
    if late.len() > shown {
        let more = fill("tui.late_more", &[&(late.len() - shown)]);
        lines.push(Line::styled(fit(&more, width), theme.out()));
    }
    let [top, rest] = Layout::vertical([
        Constraint::Length(u16::try_from(lines.len()).unwrap_or(1)),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(lines), top);
    rest
}

/// `t` on one line of `width`, or split at a space onto two (the second cut if it must).
fn two_lines(t: &str, width: usize) -> Vec<String> {
    if t.width() <= width {
        return vec![t.to_string()];
    }
    let mut first = String::new();
    let mut rest = t;
    for (i, _) in t.match_indices(' ') {
        if t[..i].width() > width {
            break;
        }
        first = t[..i].to_string();
        rest = &t[i + 1..];
    }
    if first.is_empty() {
        return vec![fit(t, width)];
    }
    vec![first, fit(rest, width)]
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
    let ui = &app.alerts;
    let height = area.height.saturating_sub(1) as usize;
    // Every alert in the list, so the columns keep their widths while scrolling.
    let rows: Vec<&AlertRow> = ui
        .list
        .visible
        .iter()
        .filter_map(|&i| ui.rows.get(i))
        .collect();
    let _ = compact;
    // Each row as text first: the code and the numbers are shown whole; the name gives way
    // first, then the days of cover and what is on order.
    let texts: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                if ui.marked.contains(&r.code) {
                    "*".to_string()
                } else {
                    String::new()
                },
                crate::present::safe::clean(&r.code),
                crate::present::safe::clean(&r.name),
                status_word(r.status).to_string(),
                r.available.to_string(),
                r.on_order.to_string(),
                r.days_of_cover
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.suggested.to_string(),
            ]
        })
        .collect();
    let keys = [
        "",
        "col.code",
        "col.name",
        "col.status",
        "col.available",
        "col.on_order",
        "col.cover",
        "col.suggested",
    ];
    let head_w = |i: usize| {
        if keys[i].is_empty() {
            0
        } else {
            text(keys[i]).width()
        }
    };
    // A number's column narrower than its heading takes the short heading: a column is
    // never narrower than that, and those that may leave do before one reads "в".
    let short = |i: usize| match i {
        4 => Some("col.available_short"),
        5 => Some("col.on_order_short"),
        6 => Some("col.cover_short"),
        7 => Some("col.suggested_short"),
        _ => None,
    };
    let short_w = |i: usize| short(i).map_or(0, |k| text(k).width());
    let content = |i: usize| widest(texts.iter().map(|r| r[i].as_str())).max(1);
    let floor = |i: usize| content(i).max(short_w(i));
    let want = |i: usize| content(i).max(head_w(i));
    let whole = |i: usize| {
        let mut c = Col::whole(want(i));
        c.floor = floor(i) as u16;
        c
    };
    let specs = [
        Col::whole(1),
        whole(1),
        Col::words(want(2), 8, 0, true).growing(),
        Col::words(want(3), content(3), 3, true),
        whole(4),
        Col::words(want(5), floor(5), 2, true),
        Col::words(want(6), floor(6), 1, true),
        whole(7),
    ];
    let (w, fits) = columns(area.width, &specs);
    if !fits {
        let height = (area.height.saturating_sub(2) / 2) as usize;
        let offset = ui.list.window(height);
        let shown: Vec<[String; 8]> = texts.into_iter().skip(offset).take(height).collect();
        two_line_rows(f, area, app, theme, focused, offset, &shown);
        return (offset, height.max(1));
    }
    let offset = ui.list.window(height);
    let shown: Vec<(usize, u16)> = w
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let numeric = |i: usize| i >= 4;
    let header: Vec<Cell> = shown
        .iter()
        .map(|&(i, w)| {
            let h = match (keys[i].is_empty(), short(i)) {
                (true, _) => "",
                (false, Some(k)) if text(keys[i]).width() > w as usize => text(k),
                (false, _) => text(keys[i]),
            };
            if numeric(i) && h.width() <= w as usize {
                Cell::from(Line::from(h).right_aligned())
            } else {
                Cell::from(h)
            }
        })
        .collect();
    let widths: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    let body: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(ri, r)| {
            let st = status_style(r.status, theme);
            let cells: Vec<Cell> = shown
                .iter()
                .map(|&(i, w)| {
                    let t = texts[ri][i].clone();
                    match i {
                        0 => Cell::from(t).style(theme.key()),
                        2 => Cell::from(super::fit_name(&t, w as usize)),
                        3 => Cell::from(t).style(st),
                        4 => Cell::from(Line::from(t).right_aligned()).style(st),
                        _ if numeric(i) => Cell::from(Line::from(t).right_aligned()),
                        _ => Cell::from(t),
                    }
                })
                .collect();
            let row = Row::new(cells);
            if focused && ri == ui.list.cursor {
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

/// An alert's name over its detail; a kit's first names the component that limits it (that
/// one is ordered).
fn named(r: &AlertRow) -> String {
    let name = crate::present::safe::clean(&r.name);
    match &r.limited_by {
        Some(c) => format!(
            "{}: {name}",
            crate::i18n::fill("alert.kit_limited", &[&crate::present::safe::clean(c)])
        ),
        None => name,
    }
}

/// The selected SKU: its rate, thresholds and supplier, and 28 days of sales.
fn panel(f: &mut Frame, area: Rect, row: &AlertRow, theme: &Theme) {
    let w = area.width as usize;
    let b = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(
            fit(
                &format!("{}  {}", row.code, named(row)),
                w.saturating_sub(2),
            ),
            theme.title(),
        ));
    let inner = b.inner(area);
    f.render_widget(b, area);
    let [sales, thresholds, rule, on_channel, spark] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(row.computed)),
        Constraint::Length(u16::from(row.on_channel.is_some())),
        Constraint::Min(1),
    ])
    .areas(inner);
    let sold: u64 = row.sales_28d.iter().sum();
    let mut first = fill(
        "tui.alert_sales",
        &[
            &sold,
            &crate::i18n::decimal(row.velocity, 2),
            &row.lead_days,
        ],
    );
    if let Some(s) = &row.supplier {
        first.push_str(" · ");
        first.push_str(s);
    }
    // With the channel filter: what that channel shows and sells, on a line of its own.
    let third = row.on_channel.as_ref().map(|p| {
        let shows = if p.withheld.is_some() {
            format!("–{}", p.shows)
        } else {
            p.shows.to_string()
        };
        fill(
            "tui.alert_on_channel",
            &[
                &clean(&p.channel),
                &shows,
                &crate::i18n::decimal(p.per_day, 2),
            ],
        )
    });
    let mut second = fill(
        "tui.alert_thresholds",
        &[&row.min, &row.safety, &row.reorder_point, &row.on_order],
    );
    if row.backorders > 0 {
        second.push_str(&fill("tui.alert_backorders", &[&row.backorders]));
    }
    // Computed thresholds say what they come from, on a line of their own: the forecast's
    // rate over the lead time (not the past rate above it) and the rule behind it, as the
    // SKU card does; a narrow panel cuts the rule's tail, never a number.
    let why = match row.computed {
        true => fill(
            "tui.alert_computed",
            &[
                &crate::i18n::decimal(row.forecast.lead_per_day, 2),
                &row.lead_days,
                &row.forecast.lead_demand,
                &crate::present::status::forecast_rule(&row.forecast),
            ],
        ),
        false => String::new(),
    };
    let third = third.unwrap_or_default();
    for (line, at) in [
        (first, sales),
        (second, thresholds),
        (why, rule),
        (third, on_channel),
    ] {
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
        Some(r) => fill(
            "tui.defects_title",
            &[&r.days, &r.units, &crate::i18n::money_text(&r.cost)],
        ),
        None => text("tui.defects_none").to_string(),
    };
    let inner = super::framed(f, area, &title, theme);
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
    let costs: Vec<String> = shown
        .iter()
        .map(|d| crate::i18n::money_text(&d.cost))
        .collect();
    let cost_w = costs.iter().map(|c| c.width()).max().unwrap_or(1);
    // The reason and the supplier get what the numbers and a short bar (12) leave.
    let name_w = (bars_area.width as usize)
        .saturating_sub(units_w + cost_w + 2 + 12)
        .clamp(8, 60);
    let bars: Vec<Bar> = shown
        .iter()
        .zip(&costs)
        .map(|(d, cost)| {
            let reason = crate::i18n::reason_text(d.reason);
            let name = fit(
                &format!("{reason} · {}", d.supplier.as_deref().unwrap_or("-")),
                name_w,
            );
            let pad = " ".repeat(name_w.saturating_sub(name.width()));
            Bar::default()
                .label(Line::from(format!(
                    "{name}{pad} {:>units_w$} {:>cost_w$}",
                    d.units, cost
                )))
                .value(d.units)
                .text_value(String::new())
                .style(reason_style(d.reason, theme))
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

fn reason_style(reason: DefectReason, theme: &Theme) -> Style {
    match reason {
        DefectReason::Manufacturing => theme.out(),
        DefectReason::ShippingDamage => theme.low(),
        DefectReason::Packaging => theme.title(),
        DefectReason::Other => theme.dim(),
    }
}

/// The alerts on a terminal too narrow for a row on one line (a handheld, long codes, big
/// numbers): each alert takes two lines, its code and signal over its numbers, all whole.
fn two_line_rows(
    f: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    focused: bool,
    offset: usize,
    texts: &[[String; 8]],
) {
    let ui = &app.alerts;
    let w = area.width as usize;
    let nums = [(4usize, "col.available"), (7, "col.suggested")];
    let nw: Vec<usize> = nums
        .iter()
        .map(|&(i, k)| {
            texts
                .iter()
                .map(|r| r[i].width())
                .max()
                .unwrap_or(0)
                .max(text(k).width())
        })
        .collect();
    let numbers = |a: &str, b: &str| {
        let line = format!("{a:>x$} {b:>y$}", x = nw[0], y = nw[1]);
        format!("{line:>w$}")
    };
    let head = ratatui::text::Text::from(vec![
        Line::from(fit(
            &format!("{} · {}", text("col.code"), text("col.status")),
            w,
        )),
        Line::from(numbers(text("col.available"), text("col.suggested"))),
    ]);
    let rows: Vec<Row> = texts
        .iter()
        .enumerate()
        .map(|(ri, t)| {
            let st = ui
                .list
                .visible
                .get(offset + ri)
                .and_then(|&i| ui.rows.get(i))
                .map(|r| status_style(r.status, theme))
                .unwrap_or_default();
            let mark = if t[0].is_empty() { " " } else { "*" };
            let cell = ratatui::text::Text::from(vec![
                Line::from(vec![
                    Span::styled(mark.to_string(), theme.key()),
                    Span::raw(format!(" {}  ", t[1])),
                    Span::styled(t[3].clone(), st),
                ]),
                Line::from(numbers(&t[4], &t[7])),
            ]);
            let row = Row::new(vec![Cell::from(cell)]).height(2);
            if focused && offset + ri == ui.list.cursor {
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
}
