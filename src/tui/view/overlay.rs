//! What floats over the panes: a form, the help, the empty-database offer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::{block, fit};
use crate::i18n::text;

/// A choice in a form in words: delivery methods, destinations, reasons, yes and no. The
/// names the user chose (locations, channels) are shown as they are.
fn choice_text(field: FieldId, value: &str) -> String {
    use crate::i18n as t;
    match field {
        FieldId::Delivery => t::choice_text(value, t::delivery_text),
        FieldId::Dest => t::choice_text(value, t::destination_text),
        FieldId::Reason => t::choice_text(value, t::reason_text),
        FieldId::Outcome => t::return_outcome_text(value),
        FieldId::Keep | FieldId::Paused => t::yes_no_text(value),
        _ => crate::present::safe::clean(value),
    }
}
use crate::tui::action::Action;
use crate::tui::app::{App, Prompt};
use crate::tui::form::{Field, FieldId, Form};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

/// Draws what floats over the panes; returns how far the margin view may scroll, when shown.
pub fn draw(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) -> Option<u16> {
    if let Some(Prompt::OfferDemo) = app.prompt {
        demo_prompt(f, area, theme);
        return None;
    }
    if let Some(form) = &app.form {
        form_box(f, area, app, form, theme, compact);
        return None;
    }
    if app.help {
        help(f, area, app, theme, compact);
        return None;
    }
    if let Some(v) = &app.day {
        super::day::draw(f, area, app, v, theme);
    }
    app.margin
        .as_ref()
        .map(|v| super::margin::draw(f, area, app, v, theme))
}

/// The offer of demo data on an empty database.
fn demo_prompt(f: &mut Frame, area: Rect, theme: &Theme) {
    let r = centered(area, 60, 7);
    f.render_widget(Clear, r);
    let b = block(text("tui.empty_title").to_string(), true, theme);
    let p = Paragraph::new(vec![
        Line::from(text("tui.empty_offer")),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(format!(" {}   ", text("tui.yes_demo"))),
            Span::styled("n", theme.key()),
            Span::raw(format!(" {}", text("tui.no_empty"))),
        ]),
    ])
    .wrap(Wrap { trim: true })
    .block(b);
    f.render_widget(p, r);
}

/// The open form: its fields, then what Enter will do.
fn form_box(f: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme, compact: bool) {
    let w = if compact {
        area.width
    } else {
        64.min(area.width)
    };
    let inner_w = w.saturating_sub(2) as usize;
    // The last line says what Enter will do; a question or a refusal wraps onto
    // more lines rather than being cut.
    let (message, style): (Option<String>, _) = if let Some(e) = &form.error {
        (Some(format!("✗ {e}")), theme.error())
    } else if let Some(q) = &form.asking {
        (Some(q.clone()), theme.low())
    } else if form.confirming {
        (Some(text("tui.confirm_again").to_string()), theme.low())
    } else {
        (None, theme.dim())
    };
    let message = message.map(|m| super::wrap_words(&m, inner_w));
    let mut lines = Vec::new();
    // A title too long for the frame (a long code and order on a handheld): the frame
    // names the form, and what it is for is written whole inside it.
    let full_title = form.title();
    let kind_title = text(form.kind.title_key());
    let title = if full_title.width() + 4 <= w as usize {
        full_title
    } else {
        let what = full_title
            .strip_prefix(&format!("{kind_title}: "))
            .unwrap_or(&full_title)
            .to_string();
        for l in super::wrap_words(&what, inner_w) {
            lines.push(Line::from(Span::styled(l, theme.title())));
        }
        kind_title.to_string()
    };
    for (i, fl) in form.fields.iter().enumerate() {
        field_lines(&mut lines, fl, i == form.focus, form.tried, inner_w, theme);
    }
    if let Some(message) = message {
        for l in message {
            lines.push(Line::from(Span::styled(l, style)));
        }
    } else {
        let k = |a| app.keymap.hint(&[Context::Form], a).unwrap_or_default();
        // On a choice (‹ ›), how to change it comes first: nothing else on the form says.
        let choose = match form.fields.get(form.focus).filter(|f| f.is_choice()) {
            Some(_) => {
                let i = |a| app.keymap.hint(&[Context::Input], a).unwrap_or_default();
                format!(
                    "{} {} {}  ",
                    i(Action::PrevOption),
                    i(Action::NextOption),
                    text("tui.choose")
                )
            }
            None => String::new(),
        };
        lines.push(Line::from(Span::styled(
            fit(
                &format!(
                    "{choose}{} {}  {} {}",
                    k(Action::Confirm),
                    text("tui.save"),
                    k(Action::Cancel),
                    text("tui.cancel")
                ),
                inner_w,
            ),
            theme.dim(),
        )));
    }
    // On a short terminal the blank lines between fields go first.
    let room = area.height.saturating_sub(2) as usize;
    while lines.len() > room {
        match lines.iter().position(|l| l.width() == 0) {
            Some(i) => {
                lines.remove(i);
            }
            None => break,
        }
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let b = block(fit(&title, w.saturating_sub(4) as usize), true, theme);
    f.render_widget(Paragraph::new(lines).block(b), r);
}

/// One field's lines: its label and value (the value under a long label), then its
/// complaint or a blank line.
fn field_lines(
    lines: &mut Vec<Line<'static>>,
    fl: &Field,
    focused: bool,
    tried: bool,
    inner_w: usize,
    theme: &Theme,
) {
    let label = text(fl.label_key);
    // A selected prefill is drawn reversed, as a GUI draws a selection: the
    // next key replaces it.
    let selected = focused && fl.selected;
    let value = if fl.is_choice() {
        format!("‹ {} ›", choice_text(fl.id, &fl.value))
    } else if selected {
        fl.value.clone()
    } else {
        format!("{}{}", fl.value, if focused { "▏" } else { "" })
    };
    let marker = if focused { "▶ " } else { "  " };
    let label_style = if focused { theme.title() } else { theme.dim() };
    let value_span = |v: String| {
        if selected {
            Span::styled(v, theme.selected())
        } else {
            Span::raw(v)
        }
    };
    let head = format!("{label}: ");
    let error = match &fl.error {
        Some(e) if fl.shows_error(tried) => Some(e.clone()),
        _ => None,
    };
    if 2 + head.width() + value.width() <= inner_w {
        lines.push(Line::from(vec![
            Span::styled(marker, theme.key()),
            Span::styled(head, label_style),
            value_span(value),
        ]));
    } else {
        // A long label: the value goes on the line under it, so what was typed is
        // seen whole.
        for (j, l) in super::wrap_words(head.trim_end(), inner_w.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            lines.push(Line::from(vec![
                Span::styled(if j == 0 { marker } else { "  " }, theme.key()),
                Span::styled(l, label_style),
            ]));
        }
        lines.push(Line::from(vec![
            Span::raw("    "),
            value_span(fit(&value, inner_w.saturating_sub(4))),
        ]));
    }
    match error {
        Some(e) => {
            for l in super::wrap_words(&format!("✗ {e}"), inner_w.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), theme.error())));
            }
        }
        None => lines.push(Line::from("")),
    }
}

/// The keys in force, scrolled with the scrolling keys.
fn help(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) {
    let r = centered(
        area,
        if compact {
            area.width
        } else {
            80.min(area.width)
        },
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, r);
    // On a narrow screen the title is the one word and how to scroll and close comes first
    // inside, wrapped, rather than cut off in the border.
    let title = text("tui.help_title");
    let fits = title.width() + 2 <= r.width as usize;
    let b = block(
        if fits {
            title
        } else {
            text("tui.help_title_short")
        }
        .to_string(),
        true,
        theme,
    );
    let mut lines = Vec::new();
    if !fits {
        let room = (r.width as usize).saturating_sub(2).max(10);
        for part in super::wrap_words(text("tui.help_how"), room) {
            lines.push(Line::from(Span::styled(part, theme.dim())));
        }
    }
    if app.detail.is_some() && app.form.is_none() {
        // What the keys do on a card comes first: the sections below are the list's.
        lines.push(Line::from(Span::styled(
            text("tui.help_card_title").to_string(),
            theme.title(),
        )));
        let room = (r.width as usize).saturating_sub(4).max(10);
        for part in super::wrap_words(text("tui.help_card"), room) {
            lines.push(Line::from(format!("  {part}")));
        }
    }
    for ctx in app.contexts().into_iter().chain([
        Context::Reservations,
        Context::Form,
        Context::Margin,
        Context::Input,
    ]) {
        let binds = app.keymap.bindings(ctx);
        let section = format!("[{}]", text(ctx.help_key()));
        if binds.is_empty() || lines.iter().any(|l: &Line| l.to_string() == section) {
            continue;
        }
        lines.push(Line::from(Span::styled(section, theme.title())));
        for (k, acts) in binds {
            let desc: Vec<&str> = acts.iter().map(|a| a.describe()).collect();
            // A long description wraps under itself, not under the keys.
            let key = format!("  {:<10}", crate::tui::keymap::shown(&k));
            let room = (r.width as usize).saturating_sub(2 + key.width()).max(10);
            let mut key = Some(key);
            for part in super::wrap_words(&desc.join("; "), room) {
                let head = key.take().unwrap_or_else(|| " ".repeat(12));
                lines.push(Line::from(vec![
                    Span::styled(head, theme.key()),
                    Span::raw(part),
                ]));
            }
        }
    }
    // Scrolled with the arrow keys, so the lower tables can be read on a small terminal.
    let visible = r.height.saturating_sub(2);
    let max_scroll = (lines.len() as u16).saturating_sub(visible);
    let scroll = app.help_scroll.min(max_scroll);
    f.render_widget(
        Paragraph::new(lines)
            .block(b)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        r,
    );
}
