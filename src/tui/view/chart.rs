//! The SKU detail's chart: units sold per week over the last 8 weeks, then the forecast
//! per week over the next 8, as bars (sold solid in the "good" style, expected shaded in the
//! "info" style, and labelled −8…−1 and +1…+8 so the two read apart without colour too).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols;
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
    let bar = |value: u64, style, tag: String| {
        Bar::default()
            .value(value)
            .style(style)
            .value_style(theme.selected())
            .label(tag)
    };
    let mut sold_bars = Vec::new();
    let mut expected_bars = Vec::new();
    for (i, w) in d.weeks.iter().enumerate() {
        let offset = i as i64 - past;
        match (w.actual, w.forecast) {
            (Some(v), _) => sold_bars.push(bar(v, theme.good(), format!("{offset}"))),
            (None, v) => expected_bars.push(bar(
                v.unwrap_or(0),
                theme.info(),
                format!("+{}", offset + 1),
            )),
        }
    }
    // One scale for both halves, so a forecast bar as tall as a sold one means as many units.
    let top = d
        .weeks
        .iter()
        .map(|w| w.actual.or(w.forecast).unwrap_or(0))
        .max()
        .unwrap_or(0)
        .max(1);
    let span = |k: usize| (k as u16).saturating_mul(width + 1);
    let [sold_area, expected_area] = Layout::horizontal([
        Constraint::Length(span(sold_bars.len())),
        Constraint::Min(0),
    ])
    .areas(bars);
    let chart = |data: Vec<Bar<'static>>, set: symbols::bar::Set<'static>| {
        BarChart::default()
            .data(BarGroup::default().bars(&data))
            .bar_width(width)
            .bar_gap(1)
            .max(top)
            .bar_set(set)
            .label_style(theme.dim())
    };
    f.render_widget(chart(sold_bars, symbols::bar::NINE_LEVELS), sold_area);
    // The forecast is drawn shaded: it reads apart from what was sold without colour too.
    f.render_widget(chart(expected_bars, FORECAST_BARS), expected_area);
}

/// Shaded bars for the weeks ahead (a forecast is not a count): whole cells shaded, the
/// top cell's eighths as the sold bars draw them, so a bar's height still reads.
const FORECAST_BARS: symbols::bar::Set<'static> = symbols::bar::Set {
    full: "▒",
    ..symbols::bar::NINE_LEVELS
};
