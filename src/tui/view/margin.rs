//! The margin view (key `M`): what `stockroom report margin` shows for a period of local
//! days, over the panes: the groups and their total, then the channel comparison. A number
//! is never cut (a cut number is a wrong number): on a narrow screen the columns least
//! needed leave instead, order fees first, then delivery, cost of goods, commission and
//! revenue; the group's name gives way before any of them leaves.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{fit, fit_name, wrap_words};
use crate::i18n::{self, fill, money, money_text, text};
use crate::inventory::reports::margin::{MarginReport, MarginRow};
use crate::present::safe::clean;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::overlays::MarginView;
use crate::tui::theme::Theme;

/// The columns, in the order shown.
pub const KEY: usize = 0;
pub const UNITS: usize = 1;
pub const REVENUE: usize = 2;
pub const COST: usize = 3;
pub const COMMISSION: usize = 4;
pub const FEES: usize = 5;
pub const DELIVERY: usize = 6;
pub const MARGIN: usize = 7;
pub const PER_UNIT: usize = 8;

/// The columns that leave when the screen is too narrow, the first to leave first; the
/// group, its units, margin and margin per unit stay.
const LEAVE_FIRST: [usize; 5] = [FEES, DELIVERY, COST, COMMISSION, REVENUE];

/// The narrowest the group's name becomes before a column leaves: a SKU's code is read
/// whole where it can be, a channel's or supplier's name may give way sooner.
pub fn key_floor(by: &str) -> usize {
    if by == "sku" { 16 } else { 12 }
}

/// The heads of the columns, the first naming what the rows are grouped by.
pub fn heads(by: &str) -> [&'static str; 9] {
    [
        text(match by {
            "sku" => "col.code",
            "supplier" => "col.supplier",
            _ => "col.channel",
        }),
        text("col.units"),
        text("col.revenue"),
        text("tui.margin_cost"),
        text("col.commission"),
        text("tui.margin_fees"),
        text("col.delivery_cost"),
        text("col.margin"),
        text("tui.margin_per_unit"),
    ]
}

/// A row's cells as read: amounts grouped by thousands with the language's decimal sign.
pub fn cells(m: &MarginRow) -> [String; 9] {
    [
        clean(&m.key),
        i18n::number(m.units),
        money_text(&m.revenue),
        money_text(&m.cost),
        money_text(&m.commission),
        money_text(&m.order_fees),
        money_text(&m.delivery),
        money_text(&m.margin),
        money_text(&m.per_unit),
    ]
}

/// The columns shown in `width` and their widths: every number and head whole, the
/// group's name cut only to what the numbers leave it (down to `floor` before a column
/// leaves).
pub fn layout(
    heads: &[&str; 9],
    rows: &[[String; 9]],
    width: usize,
    floor: usize,
) -> Vec<(usize, usize)> {
    let want: Vec<usize> = (0..9)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([heads[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut shown: Vec<usize> = (0..9).collect();
    let numbers = |shown: &[usize]| -> usize {
        shown
            .iter()
            .filter(|&&i| i != KEY)
            .map(|&i| want[i] + 1)
            .sum()
    };
    for i in LEAVE_FIRST {
        if numbers(&shown) + want[KEY].min(floor) <= width {
            break;
        }
        shown.retain(|c| *c != i);
    }
    // Narrower than a screen of 40 columns: the name keeps four letters, then the units
    // and the margin per unit leave too.
    for i in [UNITS, PER_UNIT] {
        if numbers(&shown) + want[KEY].min(4) <= width {
            break;
        }
        shown.retain(|c| *c != i);
    }
    let key_w = want[KEY].min(width.saturating_sub(numbers(&shown)));
    shown
        .into_iter()
        .map(|i| (i, if i == KEY { key_w } else { want[i] }))
        .collect()
}

/// One table line: the group's name on the left, the numbers on the right.
fn table_line(
    cells: &[String; 9],
    cols: &[(usize, usize)],
    style: Style,
    bad: Style,
) -> Line<'static> {
    let mut spans = Vec::new();
    for (n, &(i, w)) in cols.iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(" ", style));
        }
        let c = &cells[i];
        if i == KEY {
            let name = fit_name(c, w);
            let pad = w.saturating_sub(name.width());
            spans.push(Span::styled(format!("{name}{}", " ".repeat(pad)), style));
        } else {
            let pad = w.saturating_sub(c.width());
            let s = if (i == MARGIN || i == PER_UNIT) && c.starts_with('-') {
                bad
            } else {
                style
            };
            spans.push(Span::styled(format!("{}{c}", " ".repeat(pad)), s));
        }
    }
    Line::from(spans)
}

/// Words joined by two spaces, packed into lines of `width`: a key stays with its words.
fn pack(parts: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in parts {
        if !cur.is_empty() && cur.width() + 2 + p.width() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push_str("  ");
        }
        cur.push_str(p);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

/// Draws the view; returns how far it may be scrolled.
pub fn draw(f: &mut Frame, area: Rect, app: &App, v: &MarginView, theme: &Theme) -> u16 {
    f.render_widget(Clear, area);
    let by = v.by();
    let title = fill(
        "tui.margin_title",
        &[&text(&format!("margin.by_{by}")), &v.days],
    );
    let inner = super::framed(f, area, &title, theme);
    let w = inner.width as usize;
    let k = |ctx, a| app.keymap.hint(&[ctx], a).unwrap_or_default();
    let keys = pack(
        &[
            fill(
                "tui.margin_keys_period",
                &[
                    &k(Context::Input, Action::PrevOption),
                    &k(Context::Input, Action::NextOption),
                ],
            ),
            fill(
                "tui.margin_keys_group",
                &[&k(Context::Margin, Action::MarginGroup)],
            ),
            fill(
                "tui.margin_keys_days",
                &[&k(Context::Margin, Action::MarginPeriod)],
            ),
            text("tui.margin_keys_close").to_string(),
        ],
        w,
    );
    let keys: Vec<String> = keys.into_iter().take(2).collect();
    let mut top: Vec<Line> = wrap_words(
        &fill("tui.margin_period", &[&v.first(), &v.last]),
        w.max(10),
    )
    .into_iter()
    .map(Line::from)
    .collect();
    // The body: the table's head, then the rows, the total and the sentences under them.
    let mut head: Option<Line> = None;
    let mut rows: Vec<Line> = Vec::new();
    let mut total: Option<Line> = None;
    let mut notes: Vec<Line> = Vec::new();
    match v.report.as_ref() {
        None => {}
        Some(r) if r.rows.is_empty() => {
            top.push(Line::from(""));
            for l in wrap_words(text("tui.margin_none"), w.max(10)) {
                top.push(Line::from(Span::styled(l, theme.dim())));
            }
        }
        Some(r) => {
            let (h, body, t) = table(r, w, theme);
            head = Some(h);
            rows = body;
            total = Some(t);
            let amount = |figure: &str| money(&money_text(figure));
            for n in crate::present::margin::notes(r, amount) {
                notes.extend(wrap_words(&n, w.max(10)).into_iter().map(Line::from));
            }
        }
    }
    let fixed = top.len() + usize::from(head.is_some()) + keys.len();
    let region = (inner.height as usize).saturating_sub(fixed);
    let mut lines: Vec<Line> = top;
    lines.extend(head);
    // The rows, the total under them and the sentences under it, scrolled as one; while
    // the total's own place is below the lines shown, it stays in sight on the last of them.
    let total_at = rows.len();
    let mut doc = rows;
    doc.extend(total.clone());
    if !notes.is_empty() {
        doc.push(Line::from(""));
        doc.extend(notes);
    }
    let max_scroll = doc.len().saturating_sub(region);
    let from = (v.scroll as usize).min(max_scroll);
    let mut shown: Vec<Line> = doc.into_iter().skip(from).take(region).collect();
    if let Some(t) = total.filter(|_| total_at >= from + region && region > 0) {
        shown.pop();
        shown.push(t);
    }
    lines.extend(shown);
    let body = Rect {
        height: inner.height.saturating_sub(keys.len() as u16),
        ..inner
    };
    f.render_widget(Paragraph::new(lines), body);
    let foot = Rect {
        y: inner.y.saturating_add(body.height),
        height: inner.height.min(keys.len() as u16),
        ..inner
    };
    let keys: Vec<Line> = keys
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.dim())))
        .collect();
    f.render_widget(Paragraph::new(keys), foot);
    u16::try_from(max_scroll).unwrap_or(u16::MAX)
}

/// The table's head, its rows and its total, `width` wide.
fn table(
    r: &MarginReport,
    width: usize,
    theme: &Theme,
) -> (Line<'static>, Vec<Line<'static>>, Line<'static>) {
    let heads = heads(&r.by);
    let mut texts: Vec<[String; 9]> = r.rows.iter().map(cells).collect();
    let mut total = cells(&r.total);
    total[KEY] = text("cli.total").to_string();
    texts.push(total);
    let cols = layout(&heads, &texts, width, key_floor(&r.by));
    let head_cells: [String; 9] = heads.map(str::to_string);
    let head = table_line(&head_cells, &cols, theme.header(), theme.header());
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let total = texts.pop().unwrap_or_default();
    let rows = texts
        .iter()
        .map(|t| table_line(t, &cols, Style::default(), theme.error()))
        .collect();
    let total = table_line(&total, &cols, bold, bold.patch(theme.error()));
    (head, rows, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, figures: [&str; 7]) -> [String; 9] {
        let mut r: [String; 9] = Default::default();
        r[KEY] = key.to_string();
        r[UNITS] = "12".to_string();
        for (i, f) in figures.iter().enumerate() {
            r[REVENUE + i] = f.to_string();
        }
        r
    }

    #[test]
    fn narrow_tables_drop_columns_never_cut_numbers() {
        let heads = [
            "channel",
            "units",
            "revenue",
            "cost",
            "commission",
            "order fees",
            "delivery",
            "margin",
            "per unit",
        ];
        let rows = vec![row(
            "Wildberries",
            [
                "123,456.00",
                "50,000.00",
                "20,000.00",
                "1,200.00",
                "3,000.00",
                "49,256.00",
                "4,104.66",
            ],
        )];
        let all = layout(&heads, &rows, 200, 12);
        assert_eq!(all.len(), 9);
        assert_eq!(all[KEY], (KEY, "Wildberries".len()));
        // 80 columns: order fees leave first; every number keeps its width.
        let mid = layout(&heads, &rows, 78, 12);
        let shown: Vec<usize> = mid.iter().map(|c| c.0).collect();
        assert_eq!(
            shown,
            vec![
                KEY, UNITS, REVENUE, COST, COMMISSION, DELIVERY, MARGIN, PER_UNIT
            ]
        );
        // A few columns less: delivery and the cost of goods go next.
        let less = layout(&heads, &rows, 60, 12);
        let shown: Vec<usize> = less.iter().map(|c| c.0).collect();
        assert_eq!(
            shown,
            vec![KEY, UNITS, REVENUE, COMMISSION, MARGIN, PER_UNIT]
        );
        assert!(shown.contains(&MARGIN) && shown.contains(&PER_UNIT));
        let used: usize = mid.iter().map(|c| c.1).sum::<usize>() + mid.len() - 1;
        assert!(used <= 78, "{mid:?}");
        for &(i, w) in &mid {
            if i != KEY {
                assert!(w >= rows[0][i].len().max(heads[i].len()), "{i} is {w} wide");
            }
        }
        // 40 columns: the group, units, margin and per unit.
        let narrow = layout(&heads, &rows, 38, 12);
        let shown: Vec<usize> = narrow.iter().map(|c| c.0).collect();
        assert_eq!(shown, vec![KEY, UNITS, MARGIN, PER_UNIT]);
        let used: usize = narrow.iter().map(|c| c.1).sum::<usize>() + narrow.len() - 1;
        assert!(used <= 38, "{narrow:?}");
    }

    #[test]
    fn key_hints_keep_a_key_with_its_words() {
        let parts = [
            "← → period".to_string(),
            "Tab by".to_string(),
            "Esc close".to_string(),
        ];
        assert_eq!(pack(&parts, 40), vec!["← → period  Tab by  Esc close"]);
        assert_eq!(pack(&parts, 20), vec!["← → period  Tab by", "Esc close"]);
    }
}
