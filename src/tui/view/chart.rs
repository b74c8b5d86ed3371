//! The SKU detail's chart: units sold per week over the last 8 weeks, then the forecast
//! per week over the next 8, as bars (sold in the "good" style, expected in the "info"
//! style, and labelled −8…−1 and +1…+8 so the two read apart without colour too).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

use super::fit;
use crate::i18n::fill;
use crate::inventory::SkuDetail;
use crate::tui::theme::Theme;

/// Rows the chart takes in a detail of `inner_h` rows: none in compact, taller when the
/// screen has room.
pub fn height(compact: bool, inner_h: u16, width: u16) -> u16 {
    if compact || width < 34 {
        0
    } else if inner_h >= 30 {
        8
    } else {
        5
    }
}

pub fn draw(f: &mut Frame, area: Rect, d: &SkuDetail, theme: &Theme) {
    if area.height < 3 || d.weeks.is_empty() {
        return;
    }
    let [label, bars] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let sold: u64 = d.weeks.iter().filter_map(|w| w.actual).sum();
    let expected: u64 = d.weeks.iter().filter_map(|w| w.forecast).sum();
    f.render_widget(
        Paragraph::new(fit(
            &fill("tui.chart", &[&sold, &expected]),
            label.width as usize,
        ))
        .style(theme.dim()),
        label,
    );
    let n = d.weeks.len() as u16;
    let width = ((bars.width + 1) / n).saturating_sub(1).clamp(1, 6);
    let past = d.weeks.iter().filter(|w| w.actual.is_some()).count() as i64;
    let data: Vec<Bar> = d
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let offset = i as i64 - past;
            let (value, style, tag) = match (w.actual, w.forecast) {
                (Some(v), _) => (v, theme.good(), format!("{offset}")),
                (None, v) => (v.unwrap_or(0), theme.info(), format!("+{}", offset + 1)),
            };
            Bar::default()
                .value(value)
                .style(style)
                .value_style(theme.selected())
                .label(tag)
        })
        .collect();
    f.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&data))
            .bar_width(width)
            .bar_gap(1)
            .label_style(theme.dim()),
        bars,
    );
}
