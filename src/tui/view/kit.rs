//! A kit in the SKU detail: what it has available, the component that limits it at each of
//! its locations, and each component with how many kits it alone would allow. Compact (a
//! handheld) keeps every column a packer needs and drops the words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::wrap_words;
use crate::i18n::{fill, text};
use crate::inventory::kits::{KitComponentView, KitView};
use crate::tui::theme::Theme;

/// The kit's head line: its available and what limits it.
pub fn head(k: &KitView) -> String {
    fill("cli.kit_line", &[&k.available, &k.limit_text()])
}

/// Rows the kit takes at `width`: its head (wrapped) and its components' table.
pub fn height(k: &KitView, width: u16) -> u16 {
    let head = wrap_words(&head(k), width.max(1) as usize).len().max(1) as u16;
    head + 1 + k.components.len() as u16
}

pub fn draw(f: &mut Frame, area: Rect, k: &KitView, theme: &Theme, compact: bool) {
    if area.height == 0 {
        return;
    }
    let head = head(k);
    let head_h = (wrap_words(&head, area.width.max(1) as usize).len().max(1) as u16)
        .min(area.height.saturating_sub(2).max(1));
    let [line, table] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(area);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(head, theme.header()))).wrap(Wrap { trim: true }),
        line,
    );
    if table.height < 2 {
        return;
    }
    // When not every component fits, those that limit come first.
    let room = table.height.saturating_sub(1) as usize;
    let mut comps: Vec<&KitComponentView> = k.components.iter().collect();
    if comps.len() > room {
        comps.sort_by_key(|c| !c.limiting);
        comps.truncate(room);
    }
    let places = k.places.len();
    let mark = |c: &KitComponentView| match compact {
        true if c.limiting => text("kit.limits_short").to_string(),
        true => String::new(),
        false => c.limit_mark(places),
    };
    let rows: Vec<Row> = comps
        .iter()
        .map(|c| {
            let row = Row::new(vec![
                crate::present::safe::clean(&c.code),
                format!("×{}", c.qty),
                c.available.to_string(),
                c.kits.to_string(),
                mark(c),
            ]);
            if c.limiting {
                row.style(theme.low())
            } else {
                row
            }
        })
        .collect();
    let w = |h: &str, v: &dyn Fn(&KitComponentView) -> String| {
        comps
            .iter()
            .map(|c| v(c).width())
            .max()
            .unwrap_or(0)
            .max(h.width()) as u16
    };
    let widths = [
        Constraint::Length(w(text("col.component"), &|c| c.code.clone())),
        Constraint::Length(w(text("col.per_kit"), &|c| format!("×{}", c.qty))),
        Constraint::Length(w(text("col.available"), &|c| c.available.to_string())),
        Constraint::Length(w(text("col.kits"), &|c| c.kits.to_string())),
        Constraint::Fill(1),
    ];
    let head = Row::new(vec![
        text("col.component"),
        text("col.per_kit"),
        text("col.available"),
        text("col.kits"),
        "",
    ])
    .style(theme.header());
    f.render_widget(
        Table::new(rows, widths).header(head).column_spacing(1),
        table,
    );
}
