//! Drawing: a pure function of the App. Layout by terminal size:
//! dashboard at >= 120x30, one pane with tabs at >= 80x24 (and down to 60 wide),
//! compact at >= 40x12, a one-line message below that.

mod alerts;
mod channels;
mod detail;
mod history;
mod overlay;
mod reservations;
mod skus;
mod stocktake;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::{App, Pane, Status};
use super::keymap::Context;
use super::theme::Theme;
use crate::i18n::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Dashboard,
    Single,
    Compact,
    TooSmall,
}

pub fn mode_for(area: Rect) -> Mode {
    if area.width < 40 || area.height < 12 {
        Mode::TooSmall
    } else if area.width >= 120 && area.height >= 30 {
        Mode::Dashboard
    } else if area.width >= 60 && area.height >= 20 {
        Mode::Single
    } else {
        Mode::Compact
    }
}

/// Cuts text to a display width, never splitting a wide character.
/// Breaks a message into lines of at most `width` columns at spaces (a word longer than
/// a line is cut by [`fit`]), so a question is read whole instead of cut.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        let sep = usize::from(!cur.is_empty());
        if !cur.is_empty() && cur.width() + sep + word.width() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

pub fn fit(s: &str, width: usize) -> String {
    let clean = crate::cli::table::clean(s);
    if clean.width() <= width {
        return clean;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in clean.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

pub fn draw(f: &mut Frame, app: &mut App) {
    let theme = app.theme;
    let area = f.area();
    let mode = mode_for(area);
    if mode == Mode::TooSmall {
        // Wrapped, so the size needed can be read even on the narrowest terminal.
        f.render_widget(
            Paragraph::new(text("tui.too_small")).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let compact = mode == Mode::Compact;
    let [top, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tabs(f, top, app, &theme, compact);
    match mode {
        Mode::Dashboard => {
            let [main, side] =
                Layout::horizontal([Constraint::Percentage(66), Constraint::Percentage(34)])
                    .areas(body);
            let [s1, s2] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(side);
            pane(f, main, app, app.pane, true, false, &theme);
            // Beside the focused pane, two that cost nothing extra to keep fresh.
            let others: Vec<Pane> = [Pane::Skus, Pane::Reservations, Pane::History]
                .into_iter()
                .filter(|p| *p != app.pane)
                .take(2)
                .collect();
            pane(f, s1, app, others[0], false, true, &theme);
            pane(f, s2, app, others[1], false, true, &theme);
        }
        _ => pane(f, body, app, app.pane, true, compact, &theme),
    }
    status_line(f, status, app, &theme);
    hint_line(f, hints, app, &theme, compact);
    overlay::draw(f, area, app, &theme, compact);
}

fn pane(
    f: &mut Frame,
    area: Rect,
    app: &mut App,
    which: Pane,
    focused: bool,
    compact: bool,
    theme: &Theme,
) {
    if focused && app.detail.is_some() {
        detail::draw(f, area, app, theme, compact);
        return;
    }
    match which {
        Pane::Skus => skus::draw(f, area, app, theme, focused, compact, false),
        Pane::Alerts => alerts::draw(f, area, app, theme, focused, compact),
        Pane::Reservations => reservations::draw(f, area, app, theme, focused, compact),
        Pane::History => history::draw(f, area, app, theme, focused, compact),
        Pane::Stocktake => stocktake::draw(f, area, app, theme, focused, compact),
        Pane::Channels => channels::draw(f, area, app, theme, focused, compact),
    }
}

/// A bordered block with the pane's title.
pub fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(
            title,
            if focused { theme.title() } else { theme.dim() },
        ))
}

fn tabs(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) {
    let mut spans = vec![Span::styled("stockroom ", theme.title())];
    if compact {
        spans.push(Span::styled(
            format!("[{}] {}", app.pane.number(), text(app.pane.title_key())),
            theme.selected(),
        ));
    } else {
        for p in Pane::CYCLE {
            let label = format!(" {} {} ", p.number(), text(p.title_key()));
            let style = if p == app.pane {
                theme.selected()
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, style));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn status_line(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let w = area.width as usize;
    let line = match (&app.status, app.filter_editing, &app.scan) {
        (_, true, _) => {
            let (label, value) = if app.pane == Pane::History {
                (text("tui.filter_history"), &app.hist_filter)
            } else {
                (text("tui.filter"), &app.filter)
            };
            Line::from(vec![
                Span::styled(format!("{label} "), theme.key()),
                Span::raw(fit(
                    &format!("{value}▏"),
                    w.saturating_sub(label.width() + 2),
                )),
            ])
        }
        (status, _, Some(scan)) => {
            let mut v = vec![
                Span::styled(
                    format!("{} #{} ", text("tui.scan"), scan.reservation),
                    theme.key(),
                ),
                Span::raw(format!("{}▏ ", scan.input)),
            ];
            if let Some(Status::Error(e)) = status {
                v.push(Span::styled(fit(e, w.saturating_sub(20)), theme.error()));
            } else if let Some(Status::Info(i)) = status {
                v.push(Span::styled(fit(i, w.saturating_sub(20)), theme.info()));
            }
            Line::from(v)
        }
        (Some(Status::Info(s)), _, _) => Line::from(Span::styled(fit(s, w), theme.info())),
        (Some(Status::Error(s)), _, _) => Line::from(Span::styled(fit(s, w), theme.error())),
        (None, _, _) => {
            if !app.filter.is_empty() {
                Line::from(Span::styled(
                    fit(&format!("{} {}", text("tui.filter"), app.filter), w),
                    theme.dim(),
                ))
            } else {
                Line::from("")
            }
        }
    };
    f.render_widget(Paragraph::new(line), area);
}

/// Key hints from the live keymap, so a remap shows here too.
fn hint_line(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) {
    let ctx = app.contexts();
    let actions: &[Action] = if app.form.is_some() {
        &[Action::Confirm, Action::Cancel, Action::NextField]
    } else if app.scan.is_some() {
        &[]
    } else if app.detail.is_some() {
        &[
            Action::Receive,
            Action::Reserve,
            Action::Sell,
            Action::Adjust,
            Action::Back,
            Action::Help,
        ]
    } else {
        match app.pane {
            Pane::Alerts if app.alerts_ui.chart => {
                &[Action::DefectChart, Action::Help, Action::Quit]
            }
            Pane::Alerts => &[
                Action::CreatePo,
                Action::MarkRow,
                Action::SnoozeAlert,
                Action::DefectChart,
                Action::Open,
                Action::Receive,
                Action::Help,
                Action::Quit,
            ],
            Pane::Skus => &[
                Action::Open,
                Action::Filter,
                Action::Receive,
                Action::Reserve,
                Action::Sell,
                Action::Transfer,
                Action::Adjust,
                Action::CycleSort,
                Action::Help,
                Action::Quit,
            ],
            Pane::Reservations => &[
                Action::Pick,
                Action::ShipReservation,
                Action::ReleaseReservation,
                Action::ReturnItem,
                Action::FilterChannel,
                Action::FilterDelivery,
                Action::Help,
                Action::Quit,
                // A short row's last line names its key; the first to go when the line is short.
                Action::MoveReservation,
            ],
            Pane::History => &[
                Action::Filter,
                Action::ReturnItem,
                Action::Help,
                Action::Quit,
                // The tab bar names it too; the first to go when the line is short.
                Action::ShowSkus,
            ],
            Pane::Channels => &[
                Action::PrevChannel,
                Action::NextChannel,
                Action::EditRules,
                Action::Help,
                Action::Quit,
            ],
            Pane::Stocktake if app.count.reconcile => &[
                Action::ApproveRow,
                Action::ApproveAll,
                Action::MarkRecount,
                Action::ApplyCount,
                Action::ToggleReconcile,
                Action::Help,
            ],
            Pane::Stocktake => &[
                Action::CountUndo,
                Action::ToggleReconcile,
                Action::CountStart,
                Action::FocusNextPane,
                Action::Help,
            ],
        }
    };
    let mut spans = Vec::new();
    let mut used = 0usize;
    let w = area.width as usize;
    if app.scan.is_some() {
        spans.push(Span::styled(fit(text("tui.scan_hint"), w), theme.dim()));
    }
    for a in actions {
        let Some(k) = app.keymap.hint(&ctx, *a) else {
            continue;
        };
        let label = if compact {
            String::new()
        } else {
            format!(" {}", short(a.describe()))
        };
        let chunk = k.width() + label.width() + 2;
        if used + chunk > w {
            break;
        }
        used += chunk;
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::styled(format!("{label}  "), theme.dim()));
    }
    let _ = Context::Global;
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The first words of a description, for the hint line.
fn short(s: &str) -> String {
    s.split([',', '('])
        .next()
        .unwrap_or(s)
        .trim()
        .to_lowercase()
}
