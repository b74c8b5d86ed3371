//! Drawing: a pure function of the App (it gets `&App`; what a frame finds out, the rows
//! the focused list shows, comes back as a [`ViewState`]). Layout by terminal size:
//! dashboard at >= 120x30, one pane with tabs at >= 80x24 (and down to 60 wide),
//! compact at >= 40x12, a one-line message below that.

mod alerts;
mod channels;
mod chart;
mod day;
mod detail;
mod history;
pub use history::Widths;
mod kit;
mod margin;
mod overlay;
mod pick;
mod reservations;
pub mod skus;
mod stocktake;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::{App, PaneId, Status};
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
    // A message of several lines keeps its breaks (a line break is never drawn as a
    // broken character).
    if s.contains('\n') {
        return s
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty())
            .flat_map(|l| wrap_words(l, width))
            .collect();
    }
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
    let clean = crate::present::safe::clean(s);
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

/// A name cut to a display width so that names alike stay apart when cut: its start and
/// its end with "…" between ("Сумка льня…(серия 1)"), as variants and series differ at
/// the end; a name that fits is whole.
pub fn fit_name(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let clean = crate::present::safe::clean(s);
    if clean.width() <= width {
        return clean;
    }
    if width < 8 {
        return fit(&clean, width);
    }
    let chars: Vec<char> = clean.chars().collect();
    let tail_room = (width - 1) / 2;
    let mut tail: Vec<char> = Vec::new();
    let mut tw = 0;
    for &c in chars.iter().rev() {
        let cw = c.width().unwrap_or(0);
        if tw + cw > tail_room {
            break;
        }
        tail.push(c);
        tw += cw;
    }
    tail.reverse();
    let mut head = String::new();
    let mut hw = 0;
    for &c in &chars {
        let cw = c.width().unwrap_or(0);
        if hw + cw + 1 + tw > width {
            break;
        }
        head.push(c);
        hw += cw;
    }
    // A cut at a space shows the space as the end of a word, not as a gap.
    let head = head.trim_end();
    format!(
        "{head}…{}",
        tail.into_iter().collect::<String>().trim_start()
    )
}

/// One column of a table laid out by [`columns`].
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// The width that shows every value and the head whole.
    pub want: u16,
    /// The narrowest it may become while shown (a number or a code: its widest value).
    pub floor: u16,
    /// Lower gives way first: names shrink before locations, codes and numbers never.
    pub give: u8,
    /// Whether the column may be left out when even the floors do not fit.
    pub drop: bool,
    /// Whether the column takes the room left over.
    pub grow: bool,
}

impl Col {
    /// A column that is always shown whole: a code, an order, a quantity.
    pub fn whole(want: usize) -> Col {
        let w = want.min(u16::MAX as usize) as u16;
        Col {
            want: w,
            floor: w,
            give: u8::MAX,
            drop: false,
            grow: false,
        }
    }
    /// A column of words that may shrink to `floor` (and be left out, if `drop`).
    pub fn words(want: usize, floor: usize, give: u8, drop: bool) -> Col {
        let w = want.min(u16::MAX as usize) as u16;
        Col {
            want: w,
            floor: (floor.min(want)) as u16,
            give,
            drop,
            grow: false,
        }
    }
    pub fn growing(mut self) -> Col {
        self.grow = true;
        self
    }
}

/// Widths for `cols` in `avail` columns with one space between columns: each starts at its
/// `want`; when they do not fit, the lowest `give` shrinks first down to its floor, then
/// droppable columns leave (lowest `give` first). `None` is a column left out. The second
/// value says whether everything shown fits whole at its floor.
pub fn columns(avail: u16, cols: &[Col]) -> (Vec<Option<u16>>, bool) {
    let mut w: Vec<Option<u16>> = cols.iter().map(|c| Some(c.want)).collect();
    let total = |w: &[Option<u16>]| -> u32 {
        let shown: Vec<u16> = w.iter().flatten().copied().collect();
        shown.iter().map(|x| *x as u32).sum::<u32>() + shown.len().saturating_sub(1) as u32
    };
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|&i| cols[i].give);
    let shrink = |w: &mut Vec<Option<u16>>, which: &dyn Fn(&Col) -> bool| {
        for &i in &order {
            let over = total(w).saturating_sub(avail as u32);
            if over == 0 {
                break;
            }
            if let Some(cur) = w[i]
                && which(&cols[i])
            {
                let room = cur.saturating_sub(cols[i].floor) as u32;
                w[i] = Some(cur - room.min(over) as u16);
            }
        }
    };
    // Words shrink first; then what must stay loses its head's extra width (the widest extra
    // first, keeping four letters of a head); then words leave; then, if still needed, the
    // heads shrink to their values. Room left over goes back below.
    shrink(&mut w, &|c| c.drop);
    let heads = |w: &mut Vec<Option<u16>>, keep: u16| {
        let mut slack: Vec<usize> = (0..cols.len()).filter(|&i| !cols[i].drop).collect();
        slack.sort_by_key(|&i| std::cmp::Reverse(cols[i].want.saturating_sub(cols[i].floor)));
        for i in slack {
            let over = total(w).saturating_sub(avail as u32);
            if over == 0 {
                break;
            }
            if let Some(cur) = w[i] {
                let floor = cols[i].floor.max(keep.min(cols[i].want));
                let room = cur.saturating_sub(floor) as u32;
                w[i] = Some(cur - room.min(over) as u16);
            }
        }
    };
    heads(&mut w, 4);
    for &i in &order {
        if total(&w) <= avail as u32 {
            break;
        }
        if cols[i].drop {
            w[i] = None;
        }
    }
    heads(&mut w, 0);
    // Room freed by a column left out goes back to those that shrank, most important first.
    for &i in order.iter().rev() {
        let spare = (avail as u32).saturating_sub(total(&w)) as u16;
        if spare == 0 {
            break;
        }
        if let Some(cur) = w[i]
            && cur < cols[i].want
        {
            w[i] = Some(cur + spare.min(cols[i].want - cur));
        }
    }
    let fits = total(&w) <= avail as u32;
    let spare = (avail as u32).saturating_sub(total(&w)) as u16;
    if spare > 0
        && let Some(i) = (0..cols.len()).find(|&i| cols[i].grow && w[i].is_some())
    {
        w[i] = w[i].map(|x| x + spare);
    }
    (w, fits)
}

/// The display width of the widest of `items`.
pub fn widest<I, S>(items: I) -> usize
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| s.as_ref().width())
        .max()
        .unwrap_or(0)
}

/// What a frame found out that the keys after it need: how many rows the focused list
/// shows (page up/down) and the first row it drew (so the list scrolls on from there).
/// None where the frame drew no focused list. The caller keeps it with `App::apply_view`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewState {
    pub page: Option<usize>,
    pub offset: Option<usize>,
    /// How far the margin view may scroll, where it was drawn.
    pub margin_scroll: Option<u16>,
}

/// Draws the App and keeps what the frame found out (the update after the draw), for
/// callers that draw inside `Terminal::draw`: tests and scripted sessions.
pub fn render(f: &mut Frame, app: &mut App) {
    app.sku_window();
    let view = draw(f, app);
    app.apply_view(view);
}

/// Draws the App; returns what the frame found out, for `App::apply_view`.
pub fn draw(f: &mut Frame, app: &App) -> ViewState {
    let mut view = ViewState::default();
    let theme = app.theme;
    let area = f.area();
    let mode = mode_for(area);
    if mode == Mode::TooSmall {
        // Wrapped, so the size needed can be read even on the narrowest terminal.
        f.render_widget(
            Paragraph::new(text("tui.too_small")).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return view;
    }
    let compact = mode == Mode::Compact;
    // A message is read whole: it wraps onto more lines (up to a quarter of the screen)
    // instead of being cut.
    let status_text = status_lines(app, &theme, area.width as usize, (area.height / 4).max(2));
    let [top, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(status_text.len().max(1) as u16),
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
            pane(f, main, app, app.pane, true, false, &theme, &mut view);
            // Beside the focused pane, two that cost nothing extra to keep fresh.
            let others: Vec<PaneId> = [PaneId::Skus, PaneId::Reservations, PaneId::History]
                .into_iter()
                .filter(|p| *p != app.pane)
                .take(2)
                .collect();
            pane(f, s1, app, others[0], false, true, &theme, &mut view);
            pane(f, s2, app, others[1], false, true, &theme, &mut view);
        }
        _ => pane(f, body, app, app.pane, true, compact, &theme, &mut view),
    }
    f.render_widget(Paragraph::new(status_text), status);
    hint_line(f, hints, app, &theme);
    view.margin_scroll = overlay::draw(f, area, app, &theme, compact);
    view
}

#[allow(clippy::too_many_arguments)]
fn pane(
    f: &mut Frame,
    area: Rect,
    app: &App,
    which: PaneId,
    focused: bool,
    compact: bool,
    theme: &Theme,
    view: &mut ViewState,
) {
    if focused && app.detail.is_some() {
        detail::draw(f, area, app, theme, compact);
        return;
    }
    let v = view;
    match which {
        PaneId::Skus => skus::draw(f, area, app, theme, focused, compact, v),
        PaneId::Alerts => alerts::draw(f, area, app, theme, focused, compact, v),
        PaneId::Reservations => match pick::scanned_kit(app).filter(|_| focused) {
            // A kit being scanned: its pick list under the queue.
            Some(r) => {
                let orders = app.reservations.list.visible.len();
                let (queue, list) = pick::split(area, r, orders);
                reservations::draw(f, queue, app, theme, focused, compact, v);
                pick::draw(f, list, app, r, theme);
            }
            None => reservations::draw(f, area, app, theme, focused, compact, v),
        },
        PaneId::History => history::draw(f, area, app, theme, focused, compact, v),
        PaneId::Stocktake => stocktake::draw(f, area, app, theme, focused, compact, v),
        PaneId::Channels => channels::draw(f, area, app, theme, focused, compact, v),
    }
}

/// What a pane's title adds for its filter: ` · matching "…"`, or nothing.
pub fn matching(filter: &str) -> String {
    if filter.is_empty() {
        String::new()
    } else {
        crate::i18n::fill("tui.matching", &[&filter])
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

/// A focused frame over `area` with `title` fitted into its top border; returns the room
/// inside it.
pub fn framed(f: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    let b = block(
        fit(title, area.width.saturating_sub(4) as usize),
        true,
        theme,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    inner
}

fn tabs(f: &mut Frame, area: Rect, app: &App, theme: &Theme, compact: bool) {
    let brand = Span::styled("stockroom ", theme.title());
    if compact {
        let spans = vec![
            brand,
            Span::styled(
                format!(
                    "[{}] {}",
                    app.pane.number(),
                    text(app.pane_state(app.pane).title_key())
                ),
                theme.selected(),
            ),
        ];
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    // Every tab is named whole: the name of the program goes first, then the spaces
    // between tabs narrow.
    let labels = |pad: &str| -> Vec<Span<'static>> {
        PaneId::CYCLE
            .into_iter()
            .map(|p| {
                let name = text(app.pane_state(p).title_key());
                let label = match tab_key(app, p) {
                    Some(k) => format!("{pad}{k} {name}{pad}"),
                    None => format!("{pad}{name}{pad}"),
                };
                let style = if p == app.pane {
                    theme.selected()
                } else {
                    Style::new()
                };
                Span::styled(label, style)
            })
            .collect()
    };
    let w = area.width as usize;
    let width = |v: &[Span]| v.iter().map(|s| s.content.width()).sum::<usize>();
    let wide = labels(" ");
    let spans = if brand.content.width() + width(&wide) <= w {
        std::iter::once(brand).chain(wide).collect()
    } else if width(&wide) <= w {
        wide
    } else {
        let mut narrow = labels("");
        for s in narrow.iter_mut().skip(1) {
            s.content = format!(" {}", s.content).into();
        }
        narrow
    };
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The key a tab names: the pane's own key, unless the pane in view runs another action
/// with it (in the channel matrix `h` is the previous channel, not the history).
fn tab_key(app: &App, p: PaneId) -> Option<&'static str> {
    let show = match p {
        PaneId::Skus => Action::ShowSkus,
        PaneId::Reservations => Action::ShowReservations,
        PaneId::Alerts => Action::ShowAlerts,
        PaneId::Channels => Action::ShowChannels,
        PaneId::Stocktake => Action::ShowStocktake,
        PaneId::History => Action::ShowHistory,
    };
    let key = super::keymap::Key::parse(p.number()).ok()?;
    match app.keymap.lookup(&app.contexts(), &[key]) {
        super::keymap::Lookup::Run(a) if a.first() != Some(&show) => None,
        _ => Some(p.number()),
    }
}

/// The status line: a filter being typed, the scan field, or the last message, wrapped
/// at spaces onto at most `max_lines` lines (the last one cut only if even those are full).
fn status_lines(app: &App, theme: &Theme, w: usize, max_lines: u16) -> Vec<Line<'static>> {
    let wrap = |prefix: Vec<Span<'static>>, msg: &str, style: Style| -> Vec<Line<'static>> {
        let first = prefix.iter().map(|s| s.content.width()).sum::<usize>();
        // The first line holds the prefix; the rest wrap to the full width.
        let mut words = wrap_words(msg, w.saturating_sub(first).max(10));
        if words.len() > 1 {
            let rest = words[1..].join(" ");
            words.truncate(1);
            words.extend(wrap_words(&rest, w));
        }
        let max = max_lines.max(1) as usize;
        if words.len() > max {
            let tail = words[max - 1..].join(" ");
            words.truncate(max - 1);
            words.push(fit(&tail, w));
        }
        let mut lines = Vec::new();
        for (i, l) in words.into_iter().enumerate() {
            if i == 0 {
                let mut v = prefix.clone();
                v.push(Span::styled(l, style));
                lines.push(Line::from(v));
            } else {
                lines.push(Line::from(Span::styled(l, style)));
            }
        }
        lines
    };
    match (&app.status, app.filter_editing, &app.scan) {
        (_, true, _) => {
            // The history's label names its field words when there is room for them and
            // for what is typed.
            let long = text("tui.filter_history_dates");
            let label = if app.pane == PaneId::History && long.width() + 20 <= w {
                long
            } else {
                text("tui.filter")
            };
            let value = app.pane_filter();
            vec![Line::from(vec![
                Span::styled(format!("{label} "), theme.key()),
                Span::raw(fit(
                    &format!("{value}▏"),
                    w.saturating_sub(label.width() + 2),
                )),
            ])]
        }
        (status, _, Some(scan)) => {
            let prefix = vec![
                Span::styled(
                    format!("{} #{} ", text("tui.scan"), scan.reservation),
                    theme.key(),
                ),
                Span::raw(format!("{}▏ ", fit(&scan.input, w / 2))),
            ];
            match status {
                Some(Status::Error(e)) => wrap(prefix, e, theme.error()),
                Some(Status::Info(i)) => wrap(prefix, i, theme.info()),
                None => vec![Line::from(prefix)],
            }
        }
        (Some(Status::Info(s)), _, _) => wrap(Vec::new(), s, theme.info()),
        (Some(Status::Error(s)), _, _) => wrap(Vec::new(), s, theme.error()),
        (None, _, _) => {
            if !app.pane_filter().is_empty() {
                vec![Line::from(Span::styled(
                    fit(&format!("{} {}", text("tui.filter"), app.pane_filter()), w),
                    theme.dim(),
                ))]
            } else {
                vec![Line::from("")]
            }
        }
    }
}

/// Key hints from the live keymap, so a remap shows here too.
fn hint_line(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let ctx = app.contexts();
    let actions: &[Action] = if app.form.is_some() {
        &[Action::Confirm, Action::Cancel, Action::NextField]
    } else if app.scan.is_some() {
        &[]
    } else if app.detail.is_some() {
        // The way back first: on a narrow screen it is the key a card must still name.
        &[
            Action::Back,
            Action::Receive,
            Action::Reserve,
            Action::Sell,
            Action::Adjust,
            Action::Help,
        ]
    } else {
        app.pane_state(app.pane).hints()
    };
    let w = area.width as usize;
    let mut spans = Vec::new();
    if app.scan.is_some() {
        spans.push(Span::styled(fit(text("tui.scan_hint"), w), theme.dim()));
    }
    // The scan field of a count takes typed keys: help is offered only when it works there.
    let counting = app.pane == PaneId::Stocktake && !app.count.reconcile && app.detail.is_none();
    let keys: Vec<(String, String, bool)> = actions
        .iter()
        .filter(|a| app.may(**a))
        .filter(|a| **a != Action::Help || !counting || app.entry_offers_help())
        .filter_map(|a| {
            let word = a.hint_word().map(str::to_string);
            let word = word.unwrap_or_else(|| short(a.describe()));
            app.keymap
                .hint(&ctx, *a)
                .map(|k| (k, word, *a == Action::Help))
        })
        .collect();
    // The keys in order, each with its words, while they fit, and help's key with its word
    // always last (it lists the rest). A key is never shown bare: a letter alone says
    // nothing to the person reading it.
    let chunk =
        |i: usize, with: bool| keys[i].0.width() + 2 + if with { keys[i].1.width() + 1 } else { 0 };
    let help = keys.iter().position(|k| k.2);
    let mut room = (w + 2).saturating_sub(help.map_or(0, |i| chunk(i, true)));
    let mut shown: Vec<(usize, bool)> = Vec::new();
    for i in (0..keys.len()).filter(|i| Some(*i) != help) {
        if keys[i].1.is_empty() {
            continue;
        }
        if chunk(i, true) > room {
            break;
        }
        room -= chunk(i, true);
        shown.push((i, true));
    }
    shown.extend(help.map(|i| (i, true)));
    for (i, with) in shown {
        let (k, l, _) = &keys[i];
        let label = if with { format!(" {l}") } else { String::new() };
        spans.push(Span::styled(k.clone(), theme.key()));
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

#[cfg(test)]
mod tests {
    use super::{Col, columns, wrap_words};

    #[test]
    fn a_message_wraps_at_spaces_and_keeps_its_line_breaks() {
        assert_eq!(
            wrap_words("Count #1 applied: 0 SKUs adjusted\nthe count is closed", 20),
            vec![
                "Count #1 applied: 0",
                "SKUs adjusted",
                "the count is closed"
            ]
        );
        assert!(wrap_words("a\nb", 10).iter().all(|l| !l.contains('�')));
    }

    #[test]
    fn a_cut_name_keeps_its_end() {
        use super::fit_name;
        use unicode_width::UnicodeWidthStr;
        let a = fit_name("Сумка льняная, натуральная (серия 1)", 20);
        let b = fit_name("Сумка льняная, натуральная (серия 2)", 20);
        assert_eq!(a, "Сумка льня…(серия 1)");
        assert_ne!(a, b);
        assert!(a.width() <= 20 && b.width() <= 20);
        assert_eq!(fit_name("Чай", 20), "Чай");
        assert_eq!(fit_name("Свеча ароматическая «Хвоя», мал.", 19).width(), 19);
        assert!(fit_name("Свеча ароматическая «Хвоя», мал.", 19).ends_with("мал."));
        assert_eq!(fit_name("abcdefghij", 5), "abcd…");
    }

    #[test]
    fn names_give_way_before_codes_and_numbers() {
        // code 20, name 30 (shrinks to 8, may leave), quantity 10 (a billion), location 14.
        let cols = [
            Col::whole(20),
            Col::words(30, 8, 0, true).growing(),
            Col::whole(10),
            Col::words(14, 8, 1, true),
        ];
        let (w, fits) = columns(80, &cols);
        assert_eq!(w, vec![Some(20), Some(33), Some(10), Some(14)]);
        assert!(fits);
        let (w, fits) = columns(60, &cols);
        assert_eq!(w, vec![Some(20), Some(13), Some(10), Some(14)]);
        assert!(fits);
        // At 38 the name leaves, then the location (8 more would not fit).
        let (w, fits) = columns(38, &cols);
        assert_eq!(w, vec![Some(20), None, Some(10), None]);
        assert!(fits);
        // At 44 the name leaves and the location gets back what it can.
        let (w, _) = columns(44, &cols);
        assert_eq!(w, vec![Some(20), None, Some(10), Some(12)]);
    }

    #[test]
    fn what_must_stay_only_loses_its_heads_extra_and_says_when_it_does_not_fit() {
        let mut number = Col::whole(9);
        number.floor = 3;
        let (w, fits) = columns(25, &[Col::whole(20), number]);
        assert_eq!(w, vec![Some(20), Some(4)]);
        assert!(fits);
        let (w, fits) = columns(20, &[Col::whole(20), number]);
        assert_eq!(w, vec![Some(20), Some(3)]);
        assert!(!fits);
    }
}
