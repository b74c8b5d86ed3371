//! The TUI's shared state, the mode machine (prompt, help, form, filter, scan, pane keys)
//! and the dispatch of keys to actions. Each pane's own state and behaviour live in
//! `panes/`, forms in `form_flow.rs`; drawing lives in `view/`, which only reads this.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::form::{Choices, Form, FormKind};
pub use super::form_flow::{UNUSUAL_FACTOR, UNUSUAL_QTY, unusual_for};
use super::keymap::{Context, Key, Keymap, Lookup};
use super::panes::alerts::AlertsPane;
use super::panes::channels::MatrixPane;
use super::panes::history::HistoryPane;
use super::panes::reservations::ReservationsPane;
use super::panes::skus::SkusPane;
pub use super::panes::skus::{FIRST_PAGE, SortBy};
use super::panes::stocktake::CountPane;
pub use super::panes::{ListState, Pane};
pub use super::view::ViewState;
use crate::domain::ChannelKind;
use crate::i18n::{fill, text};
use crate::inventory::{Inventory, InventoryExt, ReservationView, SkuDetail};

/// Which pane: its number on the tab bar and its keymap table. Its state and behaviour
/// are in `panes/` ([`App::pane_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneId {
    Skus,
    Reservations,
    Alerts,
    Channels,
    Stocktake,
    History,
}

impl PaneId {
    pub const CYCLE: [PaneId; 6] = [
        PaneId::Skus,
        PaneId::Reservations,
        PaneId::Alerts,
        PaneId::Channels,
        PaneId::Stocktake,
        PaneId::History,
    ];
    pub fn number(self) -> &'static str {
        match self {
            PaneId::Skus => "1",
            PaneId::Reservations => "2",
            PaneId::Alerts => "3",
            PaneId::Channels => "4",
            PaneId::Stocktake => "5",
            PaneId::History => "h",
        }
    }
    pub fn context(self) -> Option<Context> {
        match self {
            PaneId::Skus => Some(Context::Skus),
            PaneId::Alerts => Some(Context::Alerts),
            PaneId::Reservations => Some(Context::Reservations),
            PaneId::Channels => Some(Context::Channels),
            PaneId::Stocktake => Some(Context::Stocktake),
            PaneId::History => Some(Context::History),
        }
    }
}

/// The packer scanning barcodes for one reservation.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub reservation: u64,
    pub input: String,
    /// The kit component the last scan ticked, marked on the pick list.
    pub last: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// A question before the screen is usable (the empty-database offer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    OfferDemo,
}

pub type DemoLoader = Box<dyn Fn() -> Result<String, String> + Send>;

pub struct App {
    pub inv: Arc<dyn Inventory>,
    pub keymap: Keymap,
    pub pane: PaneId,
    pub detail: Option<SkuDetail>,
    pub skus: SkusPane,
    /// The pane's filter is being typed.
    pub filter_editing: bool,
    pub reservations: ReservationsPane,
    pub history: HistoryPane,
    pub form: Option<Form>,
    pub count: CountPane,
    pub alerts: AlertsPane,
    pub matrix: MatrixPane,
    /// Colors, or none under NO_COLOR.
    pub theme: super::theme::Theme,
    pub scan: Option<Scan>,
    pub help: bool,
    /// The day report view (key `D`), over the panes.
    pub day: Option<super::overlays::DayView>,
    /// The margin view (key `M`), over the panes.
    pub margin: Option<super::overlays::MarginView>,
    /// Lines the help is scrolled down by.
    pub help_scroll: u16,
    pub status: Option<Status>,
    pub prompt: Option<Prompt>,
    pub demo_loader: Option<DemoLoader>,
    pub demo_pending: bool,
    pub pending: Vec<Key>,
    pub quit: bool,
    /// Rows the focused list shows, as the last frame drew it ([`ViewState`]), for page
    /// up/down.
    pub page: usize,
    pub choices: Choices,
    pub dirty: bool,
    /// "now" for ages in the queue.
    pub now_ms: i64,
    /// Wakes the event loop when a background load finishes; without it (tests, scripts)
    /// every load happens at once.
    pub wake: Option<std::sync::mpsc::Sender<super::Msg>>,
    /// Keys' time, to tell a scanner's burst from a person's keys.
    pub clock: super::scanner::Clock,
    /// Digits held while it is not yet known whether they are keys or a scan.
    pub burst: super::scanner::Burst,
    /// A scan that ended without its Enter (the gap passed first): until this moment an
    /// Enter is the scanner's own and is dropped, never run as a key.
    pub scan_enter_until: Option<u64>,
    /// Ring the terminal bell at the next draw (a scan found nothing).
    pub bell: bool,
    /// More input is already waiting behind the event in hand (the event loop says so):
    /// a filter typed into the SKU list is then applied once, after the last of it.
    pub more_waiting: bool,
    /// The SKU list's filter changed and is not applied yet (see `more_waiting`).
    pub filter_pending: bool,
    /// The user's role (none: a database without users, where everyone may do all);
    /// read at the first load. Hints show only keys the role may use.
    pub role: Option<crate::domain::Role>,
    role_read: bool,
    /// The database did not answer since the last reload that could read it: the next
    /// one that can says it answers again.
    unreachable: bool,
}

impl App {
    pub fn new(inv: Arc<dyn Inventory>, keymap: Keymap) -> App {
        App {
            inv,
            keymap,
            pane: PaneId::Skus,
            detail: None,
            skus: SkusPane::default(),
            filter_editing: false,
            reservations: ReservationsPane::default(),
            history: HistoryPane::default(),
            form: None,
            count: CountPane::default(),
            alerts: AlertsPane::default(),
            matrix: Default::default(),
            theme: super::theme::Theme::from_env(),
            scan: None,
            help: false,
            day: None,
            margin: None,
            help_scroll: 0,
            status: None,
            prompt: None,
            demo_loader: None,
            demo_pending: false,
            pending: Vec::new(),
            quit: false,
            page: 10,
            choices: Choices::default(),
            dirty: true,
            now_ms: crate::inventory::clock::now_ms(),
            wake: None,
            clock: super::scanner::system_clock(),
            scan_enter_until: None,
            burst: Default::default(),
            bell: false,
            more_waiting: false,
            filter_pending: false,
            role: None,
            role_read: false,
            unreachable: false,
        }
    }

    pub(crate) fn error(&mut self, e: impl super::words::OnScreen) {
        self.unreachable |= e.unreachable();
        self.status = Some(Status::Error(e.on_screen(self)));
    }

    /// Reloads everything the panes show. When the last one could not read the database
    /// and this one can, says so in place of the old error.
    pub fn reload(&mut self) {
        let before = std::mem::take(&mut self.unreachable);
        self.reload_panes();
        if before && !self.unreachable {
            self.status = Some(Status::Info(crate::i18n::text("tui.db_back").to_string()));
        }
    }

    fn reload_panes(&mut self) {
        let keep_sku = self.sku_cursor();
        let keep_res = self.selected_reservation().map(|r| r.reservation);
        self.load_skus();
        if !self.role_read
            && let Ok(me) = self.inv.whoami()
        {
            self.role = me.role;
            self.role_read = true;
        }
        self.load_queue();
        self.load_history();
        if let (Ok(l), Ok(c)) = (self.inv.locations(), self.inv.channels()) {
            self.choices = Choices {
                locations: l.into_iter().map(|l| l.name).collect(),
                retail: c
                    .iter()
                    .find(|c| c.kind == ChannelKind::Retail && !c.paused)
                    .or_else(|| c.iter().find(|c| c.kind == ChannelKind::Retail))
                    .map(|c| c.name.clone()),
                channels: c.into_iter().map(|c| c.name).collect(),
            };
        }
        self.skus.refilter();
        self.reservations.refilter();
        self.history.refilter();
        self.restore_sku_cursor(keep_sku);
        if let Some(id) = keep_res
            && let Some(pos) = self
                .reservations
                .list
                .visible
                .iter()
                .position(|&i| self.reservations.rows[i].reservation == id)
        {
            self.reservations.list.cursor = pos;
        }
        // Alerts read every SKU's recent sales: only while the pane is shown.
        if self.pane == PaneId::Alerts {
            self.load_alerts();
        }
        if self.pane == PaneId::Stocktake {
            self.load_count();
        }
        if self.pane == PaneId::Channels {
            self.load_matrix();
        }
        if let Some(d) = &self.detail {
            let code = d.code.clone();
            self.detail = self.inv.sku_detail(&code, 12).ok();
        }
        self.dirty = true;
    }

    /// A pane's state, as every pane answers it.
    pub fn pane_state(&self, p: PaneId) -> &dyn Pane {
        match p {
            PaneId::Skus => &self.skus,
            PaneId::Reservations => &self.reservations,
            PaneId::Alerts => &self.alerts,
            PaneId::Channels => &self.matrix,
            PaneId::Stocktake => &self.count,
            PaneId::History => &self.history,
        }
    }

    pub fn pane_state_mut(&mut self, p: PaneId) -> &mut dyn Pane {
        match p {
            PaneId::Skus => &mut self.skus,
            PaneId::Reservations => &mut self.reservations,
            PaneId::Alerts => &mut self.alerts,
            PaneId::Channels => &mut self.matrix,
            PaneId::Stocktake => &mut self.count,
            PaneId::History => &mut self.history,
        }
    }

    /// The filter of the pane in view (the SKU list's when a SKU is open).
    pub fn pane_filter(&self) -> &str {
        self.pane_state(self.pane).filter()
    }

    pub fn selected_reservation(&self) -> Option<&ReservationView> {
        self.reservations.selected()
    }

    /// The list of the pane in view.
    fn list_mut(&mut self) -> &mut ListState {
        self.pane_state_mut(self.pane).list_mut()
    }

    /// Takes what the last frame drew: the rows the focused list shows and where it
    /// starts, kept for page up/down and the next frame.
    pub fn apply_view(&mut self, v: ViewState) {
        if let Some(page) = v.page {
            self.page = page;
        }
        if let Some(offset) = v.offset {
            self.list_mut().offset = offset;
        }
        if let Some(max) = v.margin_scroll
            && let Some(m) = self.margin.as_mut()
        {
            m.scroll = m.scroll.min(max);
        }
    }

    /// Whether the user's role may do what the action does (the engine checks again; this
    /// only keeps hints for keys one may not use off the screen).
    pub fn may(&self, a: Action) -> bool {
        match self.role {
            Some(role) => crate::inventory::role_allows(role, a.needed_role()),
            None => true,
        }
    }
}

impl App {
    /// The contexts keys are looked up in, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.form.is_some() {
            return vec![Context::Form];
        }
        let mut v = Vec::new();
        if self.detail.is_none() {
            if let Some(c) = self.pane.context() {
                v.push(c);
                // Alerts are SKUs too: the SKU keys work on the selected alert.
                if c == Context::Alerts {
                    v.push(Context::Skus);
                }
            }
        } else {
            v.push(Context::Skus);
        }
        v.push(Context::List);
        v.push(Context::Global);
        v
    }

    /// Types a key string: keys separated by spaces ("j j enter r"), each as a person
    /// types it (with a pause before the next); `text:WORD` types WORD letter by letter
    /// as fast as a scanner, so `text:4600010000199 enter` in a list is a scan. For
    /// tests and scripted sessions.
    pub fn type_keys(&mut self, keys: &str) {
        let mut after_text = false;
        for k in keys.split(' ').filter(|k| !k.is_empty()) {
            if let Some(word) = k.strip_prefix("text:") {
                self.settle_keys(true);
                for c in word.chars() {
                    self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
                after_text = true;
                continue;
            }
            // Enter right after typed text ends that burst; any other key comes after
            // a person's pause.
            if !(after_text && k.eq_ignore_ascii_case("enter")) {
                self.settle_keys(true);
            }
            after_text = false;
            // A script with a key that does not exist is a broken script: it must fail
            // loudly, never pass by typing less than it says.
            match Key::parse(k) {
                Ok(key) => self.handle_key(key.to_event()),
                Err(e) => panic!("type_keys: {k:?} is not a key: {e}"),
            }
        }
        self.settle_keys(true);
    }

    /// Whether keys are hotkeys here, so a digit waits to see if a scan follows.
    fn keys_are_hotkeys(&self) -> bool {
        self.prompt.is_none()
            && !self.help
            && self.form.is_none()
            && !self.filter_editing
            && self.scan.is_none()
            && (self.pane != PaneId::Stocktake || self.count.reconcile)
    }

    /// When the event loop must wake to settle held digits, on the app's clock.
    pub fn keys_deadline(&self) -> Option<u64> {
        self.burst.deadline()
    }

    /// Settles held digits whose gap has passed (or all of them, `forced`): a scan
    /// is handled as one, keys run as typed.
    pub fn settle_keys(&mut self, forced: bool) {
        use super::scanner::Settled;
        let now = (self.clock)();
        match self.burst.settle(now, forced) {
            Settled::Waiting => {}
            Settled::Scan(code) => {
                // The scanner's Enter may still come: it belongs to this scan.
                self.scan_enter_until =
                    Some(now.saturating_add(super::scanner::SCAN_ENTER_GRACE_MS));
                self.scanned(&code)
            }
            Settled::Keys(keys) => self.replay(&keys),
        }
    }

    fn replay(&mut self, keys: &str) {
        for c in keys.chars() {
            self.dispatch_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    /// A barcode scanned where keys are hotkeys: it never runs as keys.
    fn scanned(&mut self, code: &str) {
        self.dirty = true;
        let sku = match self.inv.sku_detail(code, 12) {
            Ok(d) => d,
            Err(e) => {
                // Nothing opens, nothing moves: the barcode is named in the TUI's words.
                self.status = Some(Status::Error(self.scan_error(code, &e)));
                self.bell = true;
                return;
            }
        };
        if self.pane == PaneId::Stocktake {
            // The reconciliation counts a scan as the entry field does.
            self.count.input = code.to_string();
            self.count_submit();
            return;
        }
        if self.pane == PaneId::Reservations && self.detail.is_none() {
            return self.scan_to_find(code, &sku.code);
        }
        if self.pane == PaneId::Skus {
            if !self.skus.filter.is_empty() {
                self.skus.filter.clear();
                self.skus.refilter();
            }
            self.select_code(&sku.code);
            self.detail = Some(sku);
            self.status = None;
            return;
        }
        // Elsewhere a scan only says what it is.
        self.status = Some(Status::Info(fill(
            "tui.scan_is",
            &[&sku.code, &sku.name, &code],
        )));
    }

    /// Feeds one terminal event.
    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            // Outside a text field a paste is never a run of keys (a pasted "q" would quit):
            // one word is read as a scan of it, anything else is refused and said so.
            Event::Paste(s) if self.keys_are_hotkeys() => {
                self.dirty = true;
                self.settle_keys(true);
                let words: Vec<&str> = s.split_whitespace().collect();
                match words.as_slice() {
                    [] => {}
                    [one] => self.scanned(one),
                    _ => {
                        self.status = Some(Status::Error(text("tui.paste_outside").to_string()));
                        self.bell = true;
                    }
                }
            }
            Event::Paste(s) => {
                // A paste is one burst: a filter it types is applied after its last key.
                let outer = self.more_waiting;
                // A line break or tab inside it parts words as a space does ("чай\nмёд" is
                // two words, not "чаймёд"); at its ends, and any other control, it is dropped.
                let chars: Vec<char> = s
                    .split(char::is_control)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .collect();
                for (i, &c) in chars.iter().enumerate() {
                    self.more_waiting = outer || i + 1 < chars.len();
                    self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
                self.more_waiting = outer;
            }
            Event::Resize(..) => self.dirty = true,
            _ => {}
        }
    }

    pub fn handle_key(&mut self, k: KeyEvent) {
        self.key(k);
        // The rows a key brought near the cursor are read before anything uses them (a
        // filter still to be applied reads them when it is).
        if !self.filter_pending {
            self.sku_window();
        }
    }

    fn key(&mut self, k: KeyEvent) {
        self.dirty = true;
        // A filter left to apply after a burst is applied before any key that is not
        // more of the same typing, so that key sees the list it filters.
        let typing = self.filter_editing
            && match k.code {
                KeyCode::Char(_) => !k.modifiers.contains(KeyModifiers::CONTROL),
                KeyCode::Backspace => true,
                _ => false,
            };
        if self.filter_pending && !typing {
            self.settle_filter();
        }
        let plain = k.modifiers.difference(KeyModifiers::SHIFT).is_empty();
        if !self.burst.is_empty() {
            self.settle_keys(false);
        }
        // The Enter that ends a scan already handled is the scanner's, not a person's:
        // it must not open what is under the cursor.
        if let Some(until) = self.scan_enter_until.take()
            && k.code == KeyCode::Enter
            && plain
            && self.burst.is_empty()
            && (self.clock)() <= until
        {
            return;
        }
        if !self.burst.is_empty() || self.keys_are_hotkeys() {
            let now = (self.clock)();
            self.settle_keys(false);
            match k.code {
                KeyCode::Char(c) if plain && c.is_ascii_digit() && self.keys_are_hotkeys() => {
                    self.burst.push(c, now);
                    return;
                }
                KeyCode::Enter if plain && !self.burst.is_empty() => {
                    use super::scanner::Settled;
                    match self.burst.enter(now) {
                        Settled::Scan(code) => return self.scanned(&code),
                        Settled::Keys(keys) => self.replay(&keys),
                        Settled::Waiting => {}
                    }
                }
                _ => self.settle_keys(true),
            }
        }
        // A scan settled by this very key: its Enter did not come.
        self.scan_enter_until = None;
        self.dispatch_key(k);
    }

    /// One key as a key (the scanner's burst already told apart).
    fn dispatch_key(&mut self, k: KeyEvent) {
        self.dirty = true;
        // Esc and a key typed fast over SSH arrive as one Alt-key: take them apart
        // unless the keymap binds that Alt-key.
        if let (KeyCode::Char(c), true) = (k.code, k.modifiers == KeyModifiers::ALT) {
            let alt_bound = Key::from_event(&k).is_some_and(|key| {
                !matches!(self.keymap.lookup(&self.contexts(), &[key]), Lookup::None)
            });
            if !alt_bound {
                self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                return;
            }
        }
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c {
            self.quit = true;
            return;
        }
        if let Some(p) = self.prompt {
            self.answer_prompt(p, k);
            return;
        }
        if self.help {
            self.help_key(k);
            return;
        }
        if self.day.is_some() {
            return self.day_key(k);
        }
        if self.margin.is_some() {
            return self.margin_key(k);
        }
        if self.form.is_some() {
            self.form_key(k);
            return;
        }
        if self.filter_editing {
            self.filter_key(k);
            return;
        }
        if self.scan.is_some() {
            self.scan_key(k);
            return;
        }
        if self.pane == PaneId::Stocktake && !self.count.reconcile && self.count_entry_key(k) {
            return;
        }
        let Some(key) = Key::from_event(&k) else {
            return;
        };
        self.pending.push(key);
        match self.keymap.lookup(&self.contexts(), &self.pending) {
            Lookup::Run(actions) => {
                self.pending.clear();
                for a in actions {
                    self.run(a);
                }
            }
            Lookup::Pending => {}
            Lookup::None => {
                self.pending.clear();
                // A lone key that was not a sequence's first: try it alone.
                if let Lookup::Run(actions) = self.keymap.lookup(&self.contexts(), &[key]) {
                    for a in actions {
                        self.run(a);
                    }
                }
            }
        }
    }

    /// Loads the demo data the user asked for; the loop calls it after drawing.
    pub fn load_pending_demo(&mut self) {
        self.demo_pending = false;
        if let Some(load) = self.demo_loader.take() {
            match load() {
                Ok(msg) => self.status = Some(Status::Info(msg)),
                Err(e) => self.error(e),
            }
        }
        self.reload();
    }

    fn answer_prompt(&mut self, p: Prompt, k: KeyEvent) {
        match (p, k.code) {
            (Prompt::OfferDemo, KeyCode::Char('y' | 'Y' | 'д' | 'Д') | KeyCode::Enter) => {
                // The loop draws this message, then loads (a few seconds).
                self.prompt = None;
                self.demo_pending = self.demo_loader.is_some();
                self.status = Some(Status::Info(text("tui.demo_loading").to_string()));
            }
            (Prompt::OfferDemo, KeyCode::Char('n' | 'N' | 'н' | 'Н') | KeyCode::Esc) => {
                self.prompt = None;
                self.status = Some(Status::Info(text("tui.empty_hint").to_string()));
            }
            (Prompt::OfferDemo, KeyCode::Char('q')) => self.quit = true,
            _ => {}
        }
    }

    /// The filter being typed: each pane keeps its own. The SKU list's, typed in a burst
    /// (a scanner, a fast typist, a slow link), is applied once after the burst: at a
    /// million SKUs each application costs tens of milliseconds.
    fn edit_filter(&mut self, f: impl FnOnce(&mut String)) {
        self.dirty = true;
        let pane = self.pane_state_mut(self.pane);
        f(pane.filter_mut());
        pane.list_mut().cursor = 0;
        if self.pane == PaneId::Skus {
            self.filter_pending = true;
            if !self.more_waiting {
                self.settle_filter();
            }
            return;
        }
        let pane = self.pane_state_mut(self.pane);
        pane.refilter();
    }

    /// Applies the SKU list's filter if a burst left it to apply.
    pub fn settle_filter(&mut self) {
        if std::mem::take(&mut self.filter_pending) {
            self.search_while_loading();
            self.skus.refilter();
            self.sku_window();
        }
    }

    /// A key while the filter is typed: the editing keys (`[input]`), else typed.
    fn filter_key(&mut self, k: KeyEvent) {
        match self.input_action(&k, &[Context::Input]) {
            Some(Action::Confirm) => self.filter_editing = false,
            Some(Action::Cancel) => {
                self.filter_editing = false;
                self.edit_filter(String::clear);
            }
            Some(Action::DeleteBack) => self.edit_filter(|s| {
                s.pop();
            }),
            Some(Action::CursorDown) => self.list_mut().step(1),
            Some(Action::CursorUp) => self.list_mut().step(-1),
            Some(_) => {}
            None => match k.code {
                KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.edit_filter(|s| s.push(c))
                }
                _ => {}
            },
        }
    }

    /// The action one key runs in these tables (the first table that binds it); none for
    /// a key bound nowhere there, which a text field takes as typed.
    pub(crate) fn input_action(&self, k: &KeyEvent, contexts: &[Context]) -> Option<Action> {
        let key = Key::from_event(k)?;
        match self.keymap.lookup(contexts, &[key]) {
            Lookup::Run(a) => a.first().copied(),
            _ => None,
        }
    }

    /// Runs one action.
    pub fn run(&mut self, a: Action) {
        use Action as A;
        // A key for what the role may not do says so at once, before any form opens.
        if let Some(role) = self.role.filter(|_| !self.may(a)) {
            self.status = Some(Status::Error(crate::i18n::role_refusal(
                a.command_name(),
                a.needed_role(),
                None,
                role,
            )));
            return;
        }
        // A question asked by one key (resolve, undo) waits for the same key only.
        self.count.keep_question_for(a);
        match a {
            A::NoOp
            | A::Confirm
            | A::Cancel
            | A::NextField
            | A::PrevField
            | A::PrevOption
            | A::NextOption
            | A::MarginGroup
            | A::MarginPeriod
            | A::DeleteBack => {}
            A::Help => self.help = !self.help,
            A::Quit => self.quit = true,
            A::FocusNextPane | A::FocusPrevPane => {
                let i = PaneId::CYCLE
                    .iter()
                    .position(|p| *p == self.pane)
                    .unwrap_or(0);
                let n = PaneId::CYCLE.len();
                let j = if a == A::FocusNextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.show(PaneId::CYCLE[j]);
                self.reload_pane();
            }
            A::ShowSkus => self.show(PaneId::Skus),
            A::ShowReservations => self.show(PaneId::Reservations),
            A::ShowAlerts => {
                self.show(PaneId::Alerts);
                self.load_alerts();
            }
            A::ShowHistory => self.show(PaneId::History),
            A::ShowDay => self.open_day(),
            A::ShowMargin => self.open_margin(),
            A::ShowStocktake => {
                self.show(PaneId::Stocktake);
                self.load_count();
            }
            A::CountStart => self.count_start(),
            A::CountUndo => self.count_undo(),
            A::ToggleReconcile => self.toggle_reconcile(),
            A::ApproveRow => self.approve_row(),
            A::ApproveAll => self.approve_all(),
            A::MarkRecount => self.mark_recount(),
            A::CountStands => {
                self.resolve_row(crate::inventory::stocktake::Resolution::CountStands)
            }
            A::MovementAfter => {
                self.resolve_row(crate::inventory::stocktake::Resolution::MovementAfter)
            }
            A::ApplyCount => self.apply_count(),
            A::ShowChannels => {
                self.show(PaneId::Channels);
                self.load_matrix();
            }
            A::NextChannel => self.step_channel(1),
            A::PrevChannel => self.step_channel(-1),
            A::EditRules => self.open_rules_form(),
            A::ToggleListing => self.toggle_listing(),
            A::MarkRow => self.alerts_toggle_mark(),
            A::CreatePo => self.alerts_create_po(),
            A::SnoozeAlert => self.alerts_snooze(),
            A::DefectChart => self.toggle_defect_chart(),
            A::Filter => {
                // Each pane filters in place; the count's entry field takes `/` as typed.
                // `/` begins a new filter, as a search does: a word or a scan typed after
                // it never joins the one before.
                self.detail = None;
                self.scan = None;
                if !self.pane_filter().is_empty() {
                    self.edit_filter(String::clear);
                }
                self.filter_editing = true;
            }
            A::Back => {
                if self.detail.is_some() {
                    self.detail = None;
                } else if self.pane == PaneId::Alerts && self.alerts.chart {
                    self.toggle_defect_chart();
                } else if !self.pane_filter().is_empty() {
                    self.edit_filter(String::clear);
                } else {
                    self.status = None;
                }
            }
            A::Refresh => self.reload(),
            A::CursorDown => self.move_cursor(|l, _| l.step(1)),
            A::CursorUp => self.move_cursor(|l, _| l.step(-1)),
            A::PageDown => self.move_cursor(|l, page| l.step(page)),
            A::PageUp => self.move_cursor(|l, page| l.step(-page)),
            A::CursorTop => self.move_cursor(|l, _| l.cursor = 0),
            A::CursorBottom => {
                self.move_cursor(|l, _| l.cursor = l.visible.len().saturating_sub(1))
            }
            A::Open => match self.pane {
                PaneId::Skus | PaneId::Alerts | PaneId::History => self.open_detail(),
                PaneId::Reservations => self.start_scan(),
                PaneId::Channels => self.open_rules_form(),
                PaneId::Stocktake => {}
            },
            A::Receive => self.open_form(FormKind::Receive),
            A::Reserve => self.open_form(FormKind::Reserve),
            A::Sell => self.open_form(FormKind::Sell),
            A::Transfer => self.open_form(FormKind::Transfer),
            A::Defect => self.open_form(FormKind::Defect),
            A::Writeoff => self.open_form(FormKind::Writeoff),
            A::Adjust => self.open_form(FormKind::Adjust),
            A::ShipReservation => self.open_form(FormKind::Ship),
            A::ReleaseReservation => self.open_form(FormKind::Release),
            A::MoveReservation => self.open_form(FormKind::MoveReservation),
            A::ReturnItem => self.open_form(FormKind::Return),
            A::Pick => self.start_scan(),
            A::CycleSort => self.cycle_sort(),
            A::FilterChannel if self.pane == PaneId::Alerts => self.alerts_filter_channel(),
            A::FilterChannel => self.filter_channel(),
            A::FilterDelivery => self.filter_delivery(),
        }
    }

    /// Moves the list's cursor (`page`: rows a page holds). An open SKU card follows it:
    /// the scrolling keys page through the cards of the list's SKUs one by one.
    fn move_cursor(&mut self, f: impl FnOnce(&mut ListState, isize)) {
        let page = self.page as isize;
        let before = self.list_mut().cursor;
        f(self.list_mut(), page);
        let follows = matches!(self.pane, PaneId::Skus | PaneId::Alerts | PaneId::History);
        if self.detail.is_some() && follows && self.list_mut().cursor != before {
            // The row under the moved cursor may not be read yet.
            if self.pane == PaneId::Skus {
                self.sku_window();
            }
            self.open_detail();
        }
    }

    /// Loads what only one pane shows, when it comes into view.
    fn reload_pane(&mut self) {
        match self.pane {
            PaneId::Alerts => self.load_alerts(),
            PaneId::Channels => self.load_matrix(),
            PaneId::Stocktake => self.load_count(),
            _ => {}
        }
    }

    fn show(&mut self, p: PaneId) {
        // A message about the pane left ("pick done") is not about the one shown, so it
        // goes with it; an error stays where it can still be read.
        if p != self.pane && matches!(self.status, Some(Status::Info(_))) {
            self.status = None;
        }
        self.pane = p;
        self.detail = None;
        self.scan = None;
        self.read_queue_in_front();
    }
}
