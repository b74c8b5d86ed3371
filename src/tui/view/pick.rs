//! The pick list of a kit's reservation while the packer scans it: every component, the
//! units needed and those scanned so far, under the queue, before the first scan.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{block, fit, fit_name, widest};
use crate::i18n::{fill, text};
use crate::inventory::{KitPickLine, ReservationView};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// Rows the queue keeps above a pick list: its border, its head and the order picked.
const QUEUE_MIN: u16 = 4;

/// The kit reservation being scanned, when the packer scans one.
pub fn scanned_kit(app: &App) -> Option<&ReservationView> {
    let id = app.scan.as_ref()?.reservation;
    app.reservations
        .rows
        .iter()
        .find(|r| r.reservation == id && !r.parts.is_empty())
}

/// Splits the queue's area: the queue above, as tall as its orders (up to half), and the
/// pick list of `r` under it, with the rest; when room is short the queue keeps its head and
/// the order, and the list the rest.
pub fn split(area: Rect, r: &ReservationView, orders: usize) -> (Rect, Rect) {
    let list_min = (r.parts.len() as u16 + 3).min(area.height.saturating_sub(QUEUE_MIN));
    let queue_want = (orders as u16).saturating_add(3).max(QUEUE_MIN);
    let queue_h = queue_want
        .min((area.height / 2).max(QUEUE_MIN))
        .min(area.height.saturating_sub(list_min.max(4)));
    let queue = Rect {
        height: queue_h,
        ..area
    };
    let list = Rect {
        y: area.y + queue_h,
        height: area.height - queue_h,
        ..area
    };
    (queue, list)
}

/// Draws the pick list: ✓ on a component scanned in full, the one just scanned marked. Its
/// title counts the kits still to ship, as its columns do.
pub fn draw(f: &mut Frame, area: Rect, app: &App, r: &ReservationView, theme: &Theme) {
    let last = app.scan.as_ref().and_then(|s| s.last.as_deref());
    let room = area.width.saturating_sub(4) as usize;
    let title = fill("tui.pick_list", &[&r.reservation, &r.code, &r.remaining]);
    let b = block(fit(&title, room), true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    if inner.height == 0 {
        return;
    }
    // Whatever is left to scan comes first when not every line fits.
    let rows_room = inner.height.saturating_sub(1) as usize;
    let mut lines: Vec<&KitPickLine> = r.parts.iter().collect();
    if lines.len() > rows_room {
        lines.sort_by_key(|p| p.scanned >= p.need);
        lines.truncate(rows_room);
    }
    let heads = [text("col.component"), text("col.need"), text("col.scanned")];
    let code_w = widest(lines.iter().map(|p| p.code.as_str())).max(heads[0].width());
    let need_w = widest(lines.iter().map(|p| p.need.to_string())).max(heads[1].width());
    let done_w = widest(lines.iter().map(|p| p.scanned.to_string())).max(heads[2].width());
    let fixed = 2 + code_w + 1 + need_w + 1 + done_w + 1;
    let name_w = (inner.width as usize).saturating_sub(fixed);
    let rows: Vec<Row> = lines
        .iter()
        .map(|p| {
            let done = p.scanned >= p.need;
            let just = p.just || last == Some(p.code.as_str());
            let mark = match (done, just) {
                (true, _) => "✓",
                (false, true) => "▸",
                _ => "",
            };
            let row = Row::new(vec![
                Cell::from(mark),
                Cell::from(crate::present::safe::clean(&p.code)),
                Cell::from(Line::from(p.need.to_string()).right_aligned()),
                Cell::from(Line::from(p.scanned.to_string()).right_aligned()),
                Cell::from(fit_name(&p.name, name_w)),
            ]);
            match (done, just) {
                (true, _) => row.style(theme.good()),
                (false, true) => row.style(theme.key()),
                _ => row,
            }
        })
        .collect();
    let head = Row::new(vec![
        Cell::from(""),
        Cell::from(heads[0]),
        Cell::from(Line::from(heads[1]).right_aligned()),
        Cell::from(Line::from(heads[2]).right_aligned()),
        Cell::from(if name_w >= text("col.name").width() {
            text("col.name")
        } else {
            ""
        }),
    ])
    .style(theme.header());
    let widths = [
        Constraint::Length(1),
        Constraint::Length(code_w as u16),
        Constraint::Length(need_w as u16),
        Constraint::Length(done_w as u16),
        Constraint::Fill(1),
    ];
    f.render_widget(
        Table::new(rows, widths).header(head).column_spacing(1),
        inner,
    );
}
