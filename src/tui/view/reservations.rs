//! The packer's queue: open reservations, oldest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{Col, block, columns, fit, widest};
use crate::domain::ReservationStatus;
use crate::i18n::{delivery_text, destination_text, fill, text};
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// "3h", "2d": how long an order has waited, in the interface language.
pub fn age(now_ms: i64, created_ms: i64) -> String {
    crate::i18n::age_text((now_ms - created_ms).max(0) / 60_000)
}

/// The columns of the queue, in the order drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum C {
    Id,
    Order,
    Channel,
    Code,
    Name,
    Remaining,
    Picked,
    Location,
    Delivery,
    Age,
}

/// The queue's title, and a line of its own for the filters when the title has no room:
/// the channel and delivery filters (keys `c`, `m`) and the words typed are always in view.
fn title(app: &App, room: usize) -> (String, Option<String>) {
    let q = &app.reservations;
    let n = match q.total {
        // A head of the queue, unfiltered: the count is the store's.
        Some(t) if q.partial => t.max(q.list.visible.len() as u64) as usize,
        _ => q.list.visible.len(),
    };
    let mut filters: Vec<String> = Vec::new();
    if let Some(c) = &app.reservations.channel {
        filters.push(clean(c));
    }
    if let Some(d) = app.reservations.delivery {
        filters.push(delivery_text(d).to_string());
    }
    let matching = super::matching(&app.reservations.filter);
    let shown_filters = format!(
        "{}{matching}",
        filters
            .iter()
            .map(|f| format!(" · {f}"))
            .collect::<String>()
    );
    let long = fill("tui.title_reservations", &[&n]);
    let short = fill("tui.title_reservations_short", &[&n]);
    if long.width() + shown_filters.width() <= room {
        (format!("{long}{shown_filters}"), None)
    } else if short.width() + shown_filters.width() <= room {
        (format!("{short}{shown_filters}"), None)
    } else {
        let mut parts = filters;
        if !matching.is_empty() {
            parts.push(matching.trim_start_matches(" · ").to_string());
        }
        (
            short,
            Some(format!("{} {}", text("tui.filter"), parts.join(" · "))),
        )
    }
}

/// The filters' own line at the top of `inner`, when they have one; returns the room left.
fn filter_line(f: &mut Frame, inner: Rect, line: Option<String>, theme: &Theme) -> Rect {
    match line {
        Some(line) if inner.height > 2 => {
            f.render_widget(
                Paragraph::new(fit(&line, inner.width as usize)).style(theme.key()),
                Rect { height: 1, ..inner },
            );
            Rect {
                y: inner.y + 1,
                height: inner.height - 1,
                ..inner
            }
        }
        _ => inner,
    }
}

/// A shortage (`✗n`), a backorder (`BO`) or a kit is marked in front of its quantity, the marks
/// one under the other and the quantities right-aligned, so the numbers stay in line.
fn mark_quantities(app: &App, cells: &mut [Vec<(C, String)>]) {
    let marks: Vec<String> = app
        .reservations
        .list
        .visible
        .iter()
        .map(|&ri| mark(&app.reservations.rows[ri]))
        .collect();
    let mark_w = widest(&marks);
    if mark_w == 0 {
        return;
    }
    let left = ALL.iter().position(|x| *x == C::Remaining).unwrap_or(0);
    let num_w = widest(cells.iter().map(|r| r[left].1.as_str()));
    for (row, m) in cells.iter_mut().zip(&marks) {
        let pad = " ".repeat(mark_w - m.width());
        row[left].1 = format!("{m}{pad} {:>num_w$}", row[left].1);
    }
}

/// A short reservation under the cursor says, on the last line, how to settle it; returns
/// the room left for the table.
fn short_hint(f: &mut Frame, inner: Rect, app: &App, theme: &Theme, focused: bool) -> Rect {
    let hint = app
        .selected_reservation()
        .filter(|r| focused && app.form.is_none() && r.short > 0 && inner.height > 3)
        .map(|r| {
            let key = app
                .keymap
                .hint(&app.contexts(), crate::tui::action::Action::MoveReservation)
                .unwrap_or_else(|| "move_reservation".into());
            format!("#{} {}", r.reservation, fill("tui.short_fix_hint", &[&key]))
        });
    match &hint {
        Some(h) => {
            let last = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            f.render_widget(
                Paragraph::new(fit(h, inner.width as usize)).style(theme.shortage()),
                last,
            );
            Rect {
                height: inner.height - 1,
                ..inner
            }
        }
        None => inner,
    }
}

/// Every column, in the order [`row_text`] gives them.
const ALL: [C; 10] = [
    C::Id,
    C::Order,
    C::Channel,
    C::Code,
    C::Name,
    C::Remaining,
    C::Picked,
    C::Location,
    C::Delivery,
    C::Age,
];

fn head_key(c: C) -> &'static str {
    match c {
        C::Id => "col.id",
        C::Order => "col.order",
        C::Channel => "col.channel",
        C::Code => "col.code",
        C::Name => "col.name",
        C::Remaining => "col.remaining",
        C::Picked => "col.picked",
        C::Location => "col.location",
        C::Delivery => "col.delivery",
        C::Age => "col.age",
    }
}

/// The columns shown and their widths, and whether each order takes two lines (when even
/// the code, order and quantities do not fit on one: a handheld and very long codes or
/// numbers; its order then goes under its code).
fn layout(cells: &[Vec<(C, String)>], width: u16, compact: bool) -> (Vec<C>, Vec<u16>, bool) {
    let all = ALL;
    let wide = !compact && width >= 100;
    let shown: Vec<C> = all
        .into_iter()
        .filter(|c| wide || !matches!(c, C::Id | C::Channel | C::Name))
        .collect();
    let want = |c: C| {
        let i = all.iter().position(|x| *x == c).unwrap_or(0);
        widest(cells.iter().map(|r| r[i].1.as_str())).max(text(head_key(c)).width())
    };
    let content = |c: C| {
        let i = all.iter().position(|x| *x == c).unwrap_or(0);
        widest(cells.iter().map(|r| r[i].1.as_str())).max(1)
    };
    let specs: Vec<Col> = shown
        .iter()
        .map(|&c| match c {
            C::Name => Col::words(want(c), 8, 0, true).growing(),
            C::Channel => Col::words(want(c), 6, 1, true),
            C::Id => Col::words(want(c), content(c), 2, true),
            C::Age => Col::words(want(c), content(c), 3, true),
            // Where to pick from is read before how it goes out.
            C::Location => Col::words(want(c), 8, 5, true),
            C::Delivery => Col::words(want(c), 8, 4, true),
            // What the packer cannot do without: whole, never left out.
            C::Order | C::Code | C::Remaining | C::Picked => {
                let mut col = Col::whole(want(c));
                col.floor = content(c) as u16;
                col
            }
        })
        .collect();
    let (widths, fits) = columns(width, &specs);
    let two_lines = !fits;
    let (shown, widths): (Vec<C>, Vec<u16>) = if two_lines {
        let keep = [C::Code, C::Remaining, C::Picked];
        let code_w = cells
            .iter()
            .map(|r| r[3].1.width().max(r[1].1.width() + 2))
            .max()
            .unwrap_or(1)
            .max(text("col.code").width()) as u16;
        keep.into_iter()
            .map(|c| {
                let w = if c == C::Code { code_w } else { want(c) as u16 };
                (c, w)
            })
            .unzip()
    } else {
        shown
            .iter()
            .zip(widths)
            .filter_map(|(c, w)| w.map(|w| (*c, w)))
            .unzip()
    };
    (shown, widths, two_lines)
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
    let room = area.width.saturating_sub(4) as usize;
    let (title, own_line) = title(app, room);
    let b = block(fit(&title, room), focused, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let inner = filter_line(f, inner, own_line, theme);
    if app.reservations.list.visible.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.queue_empty")).style(theme.dim()),
            inner,
        );
        return;
    }
    let inner = short_hint(f, inner, app, theme, focused);
    let now = app.now_ms;
    // Every cell as text first: the columns are as wide as what they hold, so a code or a
    // number is never cut, and the names give way first.
    let mut cells: Vec<Vec<(C, String)>> = app
        .reservations
        .list
        .visible
        .iter()
        .map(|&ri| row_text(&app.reservations.rows[ri], now))
        .collect();
    mark_quantities(app, &mut cells);
    let all = ALL;
    let (shown, widths, two_lines) = layout(&cells, inner.width, compact);
    let line_h = if two_lines { 2 } else { 1 };
    let height = (inner.height.saturating_sub(1) / line_h) as usize;
    let offset = app.reservations.list.window(height);
    let head: Vec<Cell> = shown
        .iter()
        .zip(&widths)
        .map(|(c, w)| {
            let h = text(head_key(*c));
            // A head wider than its numbers is cut at its end, never at its start.
            if numeric(*c) && h.width() <= *w as usize {
                Cell::from(Line::from(h).right_aligned())
            } else {
                Cell::from(h)
            }
        })
        .collect();
    let rows: Vec<Row> = app
        .reservations
        .list
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .enumerate()
        .map(|(i, &ri)| {
            let r = &app.reservations.rows[ri];
            let texts = &cells[offset + i];
            let expiring = r.deadline_ms.is_some_and(|d| d - now < 6 * 3_600_000);
            let picked_style = if r.status == ReservationStatus::Picked {
                theme.good()
            } else {
                ratatui::style::Style::new()
            };
            let row_cells: Vec<Cell> = shown
                .iter()
                .zip(&widths)
                .map(|(&c, &w)| {
                    let t = texts[all.iter().position(|x| *x == c).unwrap_or(0)]
                        .1
                        .clone();
                    // A name keeps its end when cut; other words show that they are cut.
                    let t = match c {
                        C::Name => super::fit_name(&t, w as usize),
                        C::Channel | C::Location | C::Delivery => fit(&t, w as usize),
                        _ => t,
                    };
                    if two_lines && c == C::Code {
                        let order = texts[1].1.clone();
                        return Cell::from(ratatui::text::Text::from(vec![
                            Line::from(t),
                            Line::from(format!("  {order}")),
                        ]));
                    }
                    let cell = if numeric(c) {
                        Cell::from(Line::from(t).right_aligned())
                    } else {
                        Cell::from(t)
                    };
                    if c == C::Picked {
                        cell.style(picked_style)
                    } else {
                        cell
                    }
                })
                .collect();
            let mut row = Row::new(row_cells).height(line_h);
            if expiring {
                row = row.style(theme.low());
            }
            // A backorder holds nothing yet: red, and its quantity says so.
            if r.status == ReservationStatus::Backorder || r.short > 0 {
                row = row.style(theme.shortage());
            }
            if focused && offset + i == app.reservations.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let widths: Vec<Constraint> = widths.into_iter().map(Constraint::Length).collect();
    f.render_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .header(Row::new(head).style(theme.header())),
        inner,
    );
    if focused {
        view.page = Some(height.max(1));
        view.offset = Some(offset);
    }
}

fn numeric(c: C) -> bool {
    matches!(c, C::Id | C::Remaining | C::Picked)
}

/// One reservation's cells as text, in the order of [`C`].
fn row_text(r: &crate::inventory::ReservationView, now: i64) -> Vec<(C, String)> {
    let delivery = match (r.delivery, r.destination) {
        (Some(m), Some(d)) => format!("{} → {}", delivery_text(m), destination_text(d)),
        (Some(m), None) => delivery_text(m).to_string(),
        (None, Some(d)) => destination_text(d).to_string(),
        _ => String::new(),
    };
    // A hold that runs out within six hours stands out.
    let expiring = r.deadline_ms.is_some_and(|d| d - now < 6 * 3_600_000);
    let age_text = if expiring {
        format!("⏰{}", age(now, r.created_ms))
    } else {
        age(now, r.created_ms)
    };
    let picked = if r.status == ReservationStatus::Picked {
        format!("✓{}", r.picked)
    } else {
        r.picked.to_string()
    };
    // A backorder holds nothing yet: the quantity it waits for.
    let left = if r.status == ReservationStatus::Backorder {
        r.qty
    } else {
        r.remaining
    };
    vec![
        (C::Id, r.reservation.to_string()),
        (C::Order, clean(&r.order)),
        (C::Channel, clean(&r.channel)),
        (C::Code, clean(&r.code)),
        (C::Name, clean(&r.name)),
        (C::Remaining, left.to_string()),
        (C::Picked, picked),
        (C::Location, clean(&r.location)),
        (C::Delivery, delivery),
        (C::Age, age_text),
    ]
}

/// A reservation's mark before its quantity: "BO" for a backorder (it waits for stock),
/// "✗n" for a short one (n of its units are not on the shelf), then "kit" for a kit (its
/// quantity counts kits, its parts are scanned), else none. At every width, unlike the
/// name column.
fn mark(r: &crate::inventory::ReservationView) -> String {
    let mut m = if r.status == ReservationStatus::Backorder {
        text("tui.backorder_short").to_string()
    } else if r.short > 0 {
        format!("✗{}", r.short)
    } else {
        String::new()
    };
    if !r.parts.is_empty() {
        if !m.is_empty() {
            m.push(' ');
        }
        m.push_str(text("tui.kit_short"));
    }
    m
}
