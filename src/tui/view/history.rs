//! The ledger, newest first: who did what.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{Col, block, columns, fit};
use crate::i18n::{fill, text};
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// One entry's cells as text: entry, when, who, kind, code, quantity, change, location,
/// the order's channel, the order, and the kind in short words. An entry written for a kit
/// names the kit before its component ("GIFT-01→HONEY-01").
/// A handheld keeps the component alone: the kit would push out what happened.
fn row_text(m: &crate::inventory::MovementView, wide: bool, compact: bool) -> [String; 11] {
    let change = if m.on_hand_change > 0 {
        format!("+{}", m.on_hand_change)
    } else {
        m.on_hand_change.to_string()
    };
    let when = if wide {
        m.at.get(..16).unwrap_or(&m.at).replace('T', " ")
    } else {
        m.at.get(5..16).unwrap_or(&m.at).replace('T', " ")
    };
    // The order, and its channel where there is room.
    let (order, order_channel) =
        crate::i18n::order_reference(m.kind, m.channel.as_deref(), m.reference.as_deref());
    [
        m.seq.to_string(),
        when,
        clean(&m.actor),
        crate::i18n::kind_text(m.kind),
        match m.kit_code().filter(|_| !compact) {
            Some(kit) => format!("{}→{}", clean(kit), clean(&m.code)),
            None => clean(&m.code),
        },
        m.qty.to_string(),
        change,
        clean(&m.location),
        clean(&order_channel),
        clean(&order),
        crate::i18n::kind_text_short(m.kind),
    ]
}

/// The heads' catalog keys of the history's columns, in the order of [`row_text`].
fn head_keys(compact: bool) -> [&'static str; 9] {
    [
        "col.id",
        "col.when",
        "col.who",
        if compact {
            "col.kind_short"
        } else {
            "col.kind"
        },
        "col.code",
        "col.qty",
        "col.change",
        "col.location",
        "col.reference",
    ]
}

/// What the layout needs of every row the history shows: each column's widest text, the
/// widest location of a transfer's two, the widest short kind word where it differs from
/// the long one, and whether an entry names a kit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widths {
    cols: [usize; 11],
    location: usize,
    short_kind: usize,
    kit: bool,
}

fn measure(texts: impl Iterator<Item = [String; 11]>) -> Widths {
    let mut w = Widths::default();
    for r in texts {
        for (i, t) in r.iter().enumerate() {
            w.cols[i] = w.cols[i].max(t.width());
        }
        for part in r[7].split(" -> ") {
            w.location = w.location.max(part.width());
        }
        if r[10] != r[3] {
            w.short_kind = w.short_kind.max(r[10].width());
        }
        w.kit |= r[4].contains('→');
    }
    w
}

/// The columns shown (index into [`row_text`], width) and whether each entry takes two
/// lines: too narrow for the code, the change and the reference side by side.
fn layout(measured: &Widths, width: u16, compact: bool, wide: bool) -> (Vec<(usize, u16)>, bool) {
    let keys = head_keys(compact);
    let content = |i: usize| measured.cols[i].max(1);
    let want = |i: usize| content(i).max(text(keys[i]).width());
    let whole = |i: usize| {
        let mut c = Col::whole(want(i));
        c.floor = content(i) as u16;
        c
    };
    // A number keeps its head whole as long as anything else can give way.
    let number = |i: usize| Col::whole(want(i));
    // Lower gives way first: who, then the order's channel (the order stays whole), then
    // what happened, the time; the location last. The entry number only on a wide screen;
    // a handheld shows what happened, to what, by how much, and the order.
    // A location's name is not cut while a column can leave (a transfer's "from -> to"
    // may be); what happened keeps its head.
    let location_w = measured.location.clamp(8, 20);
    // Room for the short kind words, so that kinds that begin alike still differ.
    let short_w = measured.short_kind.min(10);
    let kind_w = if compact {
        6
    } else {
        text(keys[3]).width().max(7).max(short_w)
    };
    let specs = [
        Col::words(want(0), content(0), 0, true),
        Col::words(want(1), content(1), 3, true),
        Col::words(want(2), 4, 0, true),
        Col::words(want(3), kind_w, 2, true),
        whole(4),
        number(5),
        number(6),
        // An entry written for a kit names the kit too: the location then gives way to
        // its first letters before what happened leaves.
        Col::words(
            want(7),
            match measured.kit {
                true => location_w.min(11),
                false => location_w,
            },
            5,
            true,
        ),
        // The order whole; its channel too when the room left over allows.
        Col::words(content(9).max(text(keys[8]).width()), content(9), 1, false).growing(),
    ];
    let offered: Vec<usize> = if compact {
        vec![3, 4, 6, 8]
    } else if wide {
        (0..9).collect()
    } else {
        (1..9).collect()
    };
    let offered_specs: Vec<Col> = offered.iter().map(|&i| specs[i]).collect();
    let (w, fits) = columns(width, &offered_specs);
    // Too narrow for the code, the change and the reference side by side: two lines a
    // row, what happened and its reference under the code.
    let two_lines = !fits;
    let shown: Vec<(usize, u16)> = if two_lines {
        let change_w = content(6) as u16;
        vec![(4, width.saturating_sub(change_w + 1)), (6, change_w)]
    } else {
        offered
            .iter()
            .zip(w)
            .filter_map(|(&i, w)| w.map(|w| (i, w)))
            .collect()
    };
    (shown, two_lines)
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
    let h = &app.history;
    let mut title = if h.capped && !h.filter.is_empty() {
        // A filter over the newest entries only: the title says it is not the whole ledger.
        fill(
            "tui.title_history_of_newest",
            &[
                &h.list.visible.len(),
                &crate::tui::panes::history::HISTORY_TAIL,
            ],
        )
    } else {
        fill("tui.title_history", &[&h.list.visible.len()])
    };
    title.push_str(&super::matching(&app.history.filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if h.list.visible.is_empty() && !h.filter.is_empty() {
        f.render_widget(
            Paragraph::new(text("tui.nothing_matches"))
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let wide = !compact && inner.width >= 100;
    // Each row as text first: the code and the numbers are shown whole with their heads;
    // the names (the entry number, who, what, when, the reference, the location) give way
    // first, the location last of them.
    // The widths are measured over every row shown, once until the rows change (so the
    // columns stay put while the cursor moves); the text is made for the rows on screen.
    let h = &app.history;
    let key = (h.generation, crate::i18n::lang(), wide, compact);
    let measured = match *h.measured.borrow() {
        Some((k, w)) if k == key => Some(w),
        _ => None,
    };
    let measured = measured.unwrap_or_else(|| {
        let w = measure(
            h.list
                .visible
                .iter()
                .map(|&hi| row_text(&h.rows[hi], wide, compact)),
        );
        *h.measured.borrow_mut() = Some((key, w));
        w
    });
    let keys = head_keys(compact);
    let (shown, two_lines) = layout(&measured, inner.width, compact, wide);
    let line_h: u16 = if two_lines { 2 } else { 1 };
    let height = (inner.height.saturating_sub(1) / line_h) as usize;
    let offset = app.history.list.window(height);
    let texts: Vec<(usize, [String; 11])> = h
        .list
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(ri, &hi)| (ri, row_text(&h.rows[hi], wide, compact)))
        .collect();
    let numeric = |i: usize| matches!(i, 0 | 5 | 6);
    let head: Vec<Cell> = shown
        .iter()
        .map(|&(i, w)| {
            let h = text(keys[i]);
            if numeric(i) && h.width() <= w as usize {
                Cell::from(Line::from(h).right_aligned())
            } else {
                Cell::from(h)
            }
        })
        .collect();
    let rows: Vec<Row> = texts
        .iter()
        .map(|(ri, t)| {
            let ri = *ri;
            let cells: Vec<Cell> = shown
                .iter()
                .map(|&(i, w)| {
                    let w = w as usize;
                    if two_lines && i == 4 {
                        let mut under = t[3].clone();
                        if !t[9].is_empty() {
                            under.push_str(" · ");
                            under.push_str(&t[9]);
                        }
                        return Cell::from(ratatui::text::Text::from(vec![
                            Line::from(t[4].clone()),
                            Line::from(fit(&format!("  {under}"), w)),
                        ]));
                    }
                    if numeric(i) {
                        return Cell::from(Line::from(t[i].clone()).right_aligned());
                    }
                    // The order and its channel, or the order alone when both do not fit.
                    let said = match i {
                        8 if t[8].width() > w => fit(&t[9], w),
                        3 if t[3].width() > w => fit(&t[10], w),
                        _ => fit(&t[i], w),
                    };
                    Cell::from(said)
                })
                .collect();
            let row = Row::new(cells).height(line_h);
            if focused && ri == app.history.list.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let widths: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
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
