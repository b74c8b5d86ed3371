//! The day view (key `D`): what `stockroom day` shows for one local day, over the panes,
//! with the keys that step to the previous and next day.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{fit, wrap_words};
use crate::i18n::{fill, text};
use crate::inventory::reports::day::DayReport;
use crate::present::day::{none_or, summary_lines};
use crate::present::safe::clean;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::overlays::DayView;
use crate::tui::theme::Theme;

/// The report's lines as the view shows them: the channels one line each.
pub fn day_lines(r: &DayReport) -> Vec<String> {
    let received: Vec<String> = r
        .received_skus
        .iter()
        .map(|s| format!("{} {}", clean(&s.code), s.units))
        .collect();
    let mut lines = vec![fill("cli.day_received", &[&r.received, &none_or(received)])];
    if r.channels.is_empty() {
        lines.push(fill("cli.day_channels", &[&text("cli.day_none")]));
    }
    for c in &r.channels {
        lines.push(fill(
            "tui.day_channel",
            &[
                &clean(&c.channel),
                &c.sold,
                &c.shipped,
                &c.returned,
                &c.returned_defective,
            ],
        ));
    }
    lines.extend(summary_lines(r));
    lines
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, v: &DayView, theme: &Theme) {
    f.render_widget(Clear, area);
    let title = fill("tui.day_title", &[&v.date]);
    let inner = super::framed(f, area, &title, theme);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for l in v.report.as_ref().map(day_lines).unwrap_or_default() {
        for part in wrap_words(&l, w.max(10)) {
            lines.push(Line::from(part));
        }
    }
    // The keys stay on the last line whatever the scroll.
    let k = |a| app.keymap.hint(&[Context::Input], a).unwrap_or_default();
    let keys = fill(
        "tui.day_keys",
        &[&k(Action::PrevOption), &k(Action::NextOption)],
    );
    let body_h = inner.height.saturating_sub(1);
    let max_scroll = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(body_h);
    let body = Rect {
        height: body_h,
        ..inner
    };
    f.render_widget(
        Paragraph::new(lines).scroll((v.scroll.min(max_scroll), 0)),
        body,
    );
    let foot = Rect {
        y: inner.y.saturating_add(body_h),
        height: inner.height.min(1),
        ..inner
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(fit(&keys, w), theme.dim()))),
        foot,
    );
}
