//! The ledger, newest first: who did what.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::ViewState;
use super::{Col, block, columns, fit, widest};
use crate::i18n::{fill, text};
use crate::present::safe::clean;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// One entry's cells as text: entry, when, who, kind, code, quantity, change, location,
/// source.
fn row_text(m: &crate::inventory::MovementView, wide: bool) -> [String; 9] {
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
    [
        m.seq.to_string(),
        when,
        clean(&m.actor),
        crate::i18n::kind_text(&m.kind),
        clean(&m.code),
        m.qty.to_string(),
        change,
        clean(&m.location),
        clean(&crate::i18n::source_text(
            &m.kind,
            m.channel.as_deref(),
            m.reference.as_deref(),
        )),
    ]
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
    let mut title = fill("tui.title_history", &[&app.history.list.visible.len()]);
    title.push_str(&super::matching(&app.history.filter));
    let b = block(
        fit(&title, area.width.saturating_sub(4) as usize),
        focused,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let wide = !compact && inner.width >= 100;
    // Each row as text first: the code, the change and the reference are shown whole; the
    // location, the entry number and the user give way first.
    let texts: Vec<[String; 9]> = app
        .history
        .list
        .visible
        .iter()
        .map(|&hi| row_text(&app.history.rows[hi], wide))
        .collect();
    let keys = [
        "col.id",
        "col.when",
        "col.who",
        "col.kind",
        "col.code",
        "col.qty",
        "col.change",
        "col.location",
        "col.reference",
    ];
    let content = |i: usize| widest(texts.iter().map(|r| r[i].as_str())).max(1);
    let want = |i: usize| content(i).max(text(keys[i]).width());
    let whole = |i: usize| {
        let mut c = Col::whole(want(i));
        c.floor = content(i) as u16;
        c
    };
    let specs = [
        Col::words(want(0), content(0), 1, true),
        Col::words(want(1), content(1), 4, true),
        Col::words(want(2), 6, 3, true),
        Col::words(want(3), 8, 7, true),
        whole(4),
        Col::words(want(5), content(5), 2, true),
        whole(6),
        Col::words(want(7), 8, 0, true),
        Col::words(want(8).min(12), content(8).min(8), 6, false).growing(),
    ];
    let (w, fits) = columns(inner.width, &specs);
    // Too narrow for the code, the change and the reference side by side: two lines a
    // row, what happened and its reference under the code.
    let two_lines = !fits;
    let shown: Vec<(usize, u16)> = if two_lines {
        let change_w = want(6) as u16;
        vec![(4, inner.width.saturating_sub(change_w + 1)), (6, change_w)]
    } else {
        w.iter()
            .enumerate()
            .filter_map(|(i, w)| w.map(|w| (i, w)))
            .collect()
    };
    let line_h: u16 = if two_lines { 2 } else { 1 };
    let height = (inner.height.saturating_sub(1) / line_h) as usize;
    let offset = app.history.list.window(height);
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
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(ri, t)| {
            let cells: Vec<Cell> = shown
                .iter()
                .map(|&(i, _)| {
                    if two_lines && i == 4 {
                        let mut under = t[3].clone();
                        if !t[8].is_empty() {
                            under.push_str(" · ");
                            under.push_str(&t[8]);
                        }
                        return Cell::from(ratatui::text::Text::from(vec![
                            Line::from(t[4].clone()),
                            Line::from(format!("  {under}")),
                        ]));
                    }
                    if numeric(i) {
                        Cell::from(Line::from(t[i].clone()).right_aligned())
                    } else {
                        Cell::from(t[i].clone())
                    }
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
