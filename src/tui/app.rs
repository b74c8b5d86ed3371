//! The TUI's state and what keys do to it. Drawing lives in `view/`; it only reads this.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::action::Action;
use super::form::{Choices, Form, FormKind, Subject};
use super::keymap::{Context, Key, Keymap, Lookup};
use crate::i18n::{fill, text};
use crate::inventory::{
    Inventory, InventoryExt, MovementView, ReservationView, SkuDetail, SkuRow, StockStatus,
};
use crate::present::outcome_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Skus,
    Reservations,
    Alerts,
    Channels,
    Stocktake,
    History,
}

impl Pane {
    pub const CYCLE: [Pane; 6] = [
        Pane::Skus,
        Pane::Reservations,
        Pane::Alerts,
        Pane::Channels,
        Pane::Stocktake,
        Pane::History,
    ];
    pub fn title_key(self) -> &'static str {
        match self {
            Pane::Skus => "pane.skus",
            Pane::Reservations => "pane.reservations",
            Pane::Alerts => "pane.alerts",
            Pane::Channels => "pane.channels",
            Pane::Stocktake => "pane.stocktake",
            Pane::History => "pane.history",
        }
    }
    pub fn number(self) -> &'static str {
        match self {
            Pane::Skus => "1",
            Pane::Reservations => "2",
            Pane::Alerts => "3",
            Pane::Channels => "4",
            Pane::Stocktake => "5",
            Pane::History => "h",
        }
    }
    fn context(self) -> Option<Context> {
        match self {
            Pane::Skus => Some(Context::Skus),
            Pane::Alerts => Some(Context::Alerts),
            Pane::Reservations => Some(Context::Reservations),
            Pane::Channels => Some(Context::Channels),
            Pane::Stocktake => Some(Context::Stocktake),
            Pane::History => Some(Context::History),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Code,
    Name,
    Available,
}

/// A scrolling list: which rows are shown (indices into the data) and where the cursor is.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub offset: usize,
}

impl ListState {
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.cursor).copied()
    }
    pub fn clamp(&mut self) {
        if self.cursor >= self.visible.len() {
            self.cursor = self.visible.len().saturating_sub(1);
        }
    }
    pub fn step(&mut self, delta: isize) {
        let n = self.visible.len();
        if n == 0 {
            return;
        }
        let c = self.cursor as isize + delta;
        self.cursor = c.clamp(0, n as isize - 1) as usize;
    }
    /// Keeps the cursor inside a window of `height` rows; returns the first row to draw.
    pub fn window(&self, height: usize) -> usize {
        let h = height.max(1);
        let mut off = self.offset.min(self.visible.len().saturating_sub(1));
        if self.cursor < off {
            off = self.cursor;
        } else if self.cursor >= off + h {
            off = self.cursor + 1 - h;
        }
        // A window that grew (a message took fewer lines) shows rows, not space below them.
        off.min(self.visible.len().saturating_sub(h))
    }
}

/// The packer scanning barcodes for one reservation.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub reservation: u64,
    pub input: String,
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
    pub pane: Pane,
    pub detail: Option<SkuDetail>,
    pub skus: Vec<SkuRow>,
    pub sku_list: ListState,
    pub sort: SortBy,
    pub filter: String,
    pub filter_editing: bool,
    /// Each SKU's code, name and barcodes, prepared for the fuzzy matcher.
    haystacks: Vec<Utf32String>,
    /// Each filter typed so far (each a prefix of the next) and the rows it matched,
    /// with their scores: typing on narrows the last, backspace goes back to one.
    last_match: Vec<(String, Vec<(usize, u32)>)>,
    pub alerts: ListState,
    pub reservations: Vec<ReservationView>,
    pub res_list: ListState,
    pub channel_filter: Option<String>,
    pub delivery_filter: Option<String>,
    pub history: Vec<MovementView>,
    pub hist_list: ListState,
    /// History filter: words; `kind:`, `actor:`, `channel:`, `sku:` narrow to one field,
    /// `date:2026-03-04` to one day, `since:2026-03-01` to that day on.
    pub hist_filter: String,
    /// The queue's filter: words matched on order, SKU code and name, channel, customer,
    /// delivery.
    pub res_filter: String,
    /// The Alerts pane's filter.
    pub alerts_filter: String,
    /// The channel matrix's filter.
    pub matrix_filter: String,
    /// The reconciliation's filter.
    pub count_filter: String,
    pub form: Option<Form>,
    pub count: super::stocktake::CountUi,
    pub alerts_ui: super::alerts::AlertsUi,
    pub matrix: super::channels::MatrixUi,
    /// Colors, or none under NO_COLOR.
    pub theme: super::theme::Theme,
    pub scan: Option<Scan>,
    pub help: bool,
    /// Lines the help is scrolled down by.
    pub help_scroll: u16,
    pub status: Option<Status>,
    pub prompt: Option<Prompt>,
    pub demo_loader: Option<DemoLoader>,
    pub demo_pending: bool,
    pub pending: Vec<Key>,
    pub quit: bool,
    /// Rows the focused list shows; set by the last draw, for page up/down.
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
    /// The full SKU list being read on another thread, newest request only.
    sku_load: Option<std::sync::mpsc::Receiver<LoadedSkus>>,
    /// Only the first page of SKUs is here yet; the rest is on its way.
    pub skus_partial: bool,
    /// The user's role (none: a database without users, where everyone may do all);
    /// read at the first load. Hints show only keys the role may use.
    pub role: Option<crate::domain::Role>,
    role_read: bool,
}

/// A quantity above this asks for a second Enter with the number written out.
pub const UNUSUAL_QTY: u64 = 1_000;

/// A quantity more than this many times the SKU's largest movement so far is asked about.
pub const UNUSUAL_FACTOR: u64 = 10;

/// Why a quantity is far beyond what the SKU has moved, if it is: more than ten times
/// its largest movement so far.
pub fn unusual_for(qty: u64, largest: Option<u64>) -> Option<String> {
    let largest = largest?;
    (qty > largest.saturating_mul(UNUSUAL_FACTOR)).then(|| {
        fill(
            "tui.beyond_largest",
            &[&crate::i18n::number(qty), &crate::i18n::number(largest)],
        )
    })
}

/// Rows the first frame shows before the full list arrives.
pub const FIRST_PAGE: u32 = 500;

/// The full SKU list, read and prepared for the matcher off the event loop.
struct LoadedSkus {
    rows: Result<Vec<SkuRow>, crate::inventory::Error>,
    haystacks: Vec<Utf32String>,
}

/// What the fuzzy filter matches a SKU on: code, name and barcodes, in lower case with
/// ё read as е and Latin accents dropped, so the matcher compares plain characters (its
/// own folding path is several times slower on Cyrillic).
fn haystack(r: &SkuRow) -> Utf32String {
    let mut chars: Vec<char> = Vec::with_capacity(r.code.len() + r.name.len() + 8);
    let words = std::iter::once(r.code.as_str())
        .chain(std::iter::once(r.name.as_str()))
        .chain(r.barcodes.iter().map(String::as_str));
    for (i, w) in words.enumerate() {
        if i > 0 {
            chars.push(' ');
        }
        chars.extend(w.chars().flat_map(char::to_lowercase).map(fold_yo));
    }
    if chars.iter().all(char::is_ascii) {
        Utf32String::Ascii(chars.into_iter().collect::<String>().into_boxed_str())
    } else {
        Utf32String::Unicode(chars.into_boxed_slice())
    }
}

/// One character as the filter compares it: ё as е, Latin letters without accents.
fn fold_yo(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        nucleo_matcher::chars::normalize(c)
    }
}

/// The filter as the matcher sees it: lower case, ё as е, no Latin accents.
fn needle(filter: &str) -> String {
    filter
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_yo)
        .collect()
}

/// Scores the candidate rows against the pattern; a long list is split over the cores
/// (each part with its own matcher), so one keystroke over 100,000 SKUs stays within a
/// frame.
fn score_all(
    pat: &Pattern,
    matcher: &mut Matcher,
    hay: &[Utf32String],
    candidates: &[usize],
) -> Vec<(usize, u32)> {
    let score = |part: &[usize], m: &mut Matcher| -> Vec<(usize, u32)> {
        part.iter()
            .filter_map(|&i| pat.score(hay[i].slice(..), m).map(|s| (i, s)))
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if cores < 2 || candidates.len() < 20_000 {
        return score(candidates, matcher);
    }
    let chunk = candidates.len().div_ceil(cores);
    std::thread::scope(|s| {
        let parts: Vec<_> = candidates
            .chunks(chunk)
            .skip(1)
            .map(|part| s.spawn(move || score(part, &mut Matcher::new(Config::DEFAULT))))
            .collect();
        // This thread takes the first part while the others run.
        let mut found = score(&candidates[..chunk.min(candidates.len())], matcher);
        for p in parts {
            // A part that panicked only loses its rows from this one result.
            if let Ok(mut more) = p.join() {
                found.append(&mut more);
            }
        }
        found
    })
}

/// A filter's words as they are compared: lower case, ё as е.
pub fn filter_words(filter: &str) -> Vec<String> {
    filter.split_whitespace().map(fold_text).collect()
}

/// Lower case with ё read as е, for the word filters.
pub fn fold_text(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Every word is found in one of the fields (AND over the words), case-insensitive.
pub fn words_match(words: &[String], fields: &[&str]) -> bool {
    if words.is_empty() {
        return true;
    }
    let folded: Vec<String> = fields.iter().map(|f| fold_text(f)).collect();
    words
        .iter()
        .all(|w| folded.iter().any(|f| f.contains(w.as_str())))
}

fn haystacks(rows: &[SkuRow]) -> Vec<Utf32String> {
    rows.iter().map(haystack).collect()
}

impl App {
    pub fn new(inv: Arc<dyn Inventory>, keymap: Keymap) -> App {
        App {
            inv,
            keymap,
            pane: Pane::Skus,
            detail: None,
            skus: Vec::new(),
            sku_list: ListState::default(),
            sort: SortBy::Code,
            filter: String::new(),
            filter_editing: false,
            haystacks: Vec::new(),
            last_match: Vec::new(),
            alerts: ListState::default(),
            reservations: Vec::new(),
            res_list: ListState::default(),
            channel_filter: None,
            delivery_filter: None,
            history: Vec::new(),
            hist_list: ListState::default(),
            hist_filter: String::new(),
            res_filter: String::new(),
            alerts_filter: String::new(),
            matrix_filter: String::new(),
            count_filter: String::new(),
            form: None,
            count: Default::default(),
            alerts_ui: Default::default(),
            matrix: Default::default(),
            theme: super::theme::Theme::from_env(),
            scan: None,
            help: false,
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
            sku_load: None,
            skus_partial: false,
            role: None,
            role_read: false,
        }
    }

    pub(crate) fn error(&mut self, e: impl super::words::OnScreen) {
        self.status = Some(Status::Error(e.on_screen(self)));
    }

    /// Reloads everything the panes show.
    pub fn reload(&mut self) {
        let keep_sku = self.selected_sku().map(|s| s.code.clone());
        let keep_res = self.selected_reservation().map(|r| r.reservation);
        self.load_skus();
        if !self.role_read
            && let Ok(me) = self.inv.whoami()
        {
            self.role = me.role;
            self.role_read = true;
        }
        match self.inv.reservations(None, false) {
            Ok(rows) => self.reservations = rows,
            Err(e) => self.error(e),
        }
        match self.inv.history(None, 2000) {
            Ok(mut rows) => {
                // Newest first by the time each entry happened (a backdated entry is
                // written later than it happened); the same time keeps the writing order.
                rows.sort_by(|a, b| b.at.cmp(&a.at).then(b.seq.cmp(&a.seq)));
                self.history = rows
            }
            Err(e) => self.error(e),
        }
        if let (Ok(l), Ok(c)) = (self.inv.locations(), self.inv.channels()) {
            self.choices = Choices {
                locations: l.into_iter().map(|l| l.name).collect(),
                retail: c
                    .iter()
                    .find(|c| c.kind == "retail" && !c.paused)
                    .or_else(|| c.iter().find(|c| c.kind == "retail"))
                    .map(|c| c.name.clone()),
                channels: c.into_iter().map(|c| c.name).collect(),
            };
        }
        self.refilter();
        self.refilter_reservations();
        self.refilter_history();
        if let Some(code) = keep_sku {
            self.select_code(&code);
        }
        if let Some(id) = keep_res
            && let Some(pos) = self
                .res_list
                .visible
                .iter()
                .position(|&i| self.reservations[i].reservation == id)
        {
            self.res_list.cursor = pos;
        }
        // Alerts read every SKU's recent sales: only while the pane is shown.
        if self.pane == Pane::Alerts {
            self.load_alerts();
        }
        if self.pane == Pane::Stocktake {
            self.load_count();
        }
        if self.pane == Pane::Channels {
            self.load_matrix();
        }
        if let Some(d) = &self.detail {
            let code = d.code.clone();
            self.detail = self.inv.sku_detail(&code, 12).ok();
        }
        self.dirty = true;
    }

    /// Reads the SKU list. A big list (more than a first page) is read on another thread
    /// when an event loop can be woken: the first open shows the first page at once, a
    /// later reload keeps the rows on screen until the new ones arrive.
    fn load_skus(&mut self) {
        let Some(wake) = self.wake.clone() else {
            match self.inv.sku_list(None, false) {
                Ok(rows) => self.set_skus(rows, Vec::new()),
                Err(e) => self.error(e),
            }
            return;
        };
        let first_open = self.skus.is_empty() || self.skus_partial;
        if first_open {
            match self.inv.sku_page(None, FIRST_PAGE) {
                Ok(rows) if rows.len() < FIRST_PAGE as usize => {
                    // That is all of them.
                    self.skus_partial = false;
                    self.set_skus(rows, Vec::new());
                    return;
                }
                Ok(rows) => {
                    self.skus_partial = true;
                    self.set_skus(rows, Vec::new());
                }
                Err(e) => {
                    self.error(e);
                    return;
                }
            }
        } else if self.skus.len() < FIRST_PAGE as usize {
            // A small list reads faster than a thread starts.
            match self.inv.sku_list(None, false) {
                Ok(rows) => self.set_skus(rows, Vec::new()),
                Err(e) => self.error(e),
            }
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let inv = self.inv.clone();
        std::thread::spawn(move || {
            let rows = inv.sku_list(None, false);
            let haystacks = rows.as_deref().map(haystacks).unwrap_or_default();
            if tx.send(LoadedSkus { rows, haystacks }).is_ok() {
                let _ = wake.send(super::Msg::Loaded);
            }
        });
        // A newer request replaces an older one still running: its answer goes nowhere.
        self.sku_load = Some(rx);
    }

    /// Takes the full SKU list if the background read has finished.
    pub fn take_loaded(&mut self) {
        let Some(loaded) = self.sku_load.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        self.sku_load = None;
        match loaded.rows {
            Ok(rows) => {
                self.skus_partial = false;
                let keep = self.selected_sku().map(|s| s.code.clone());
                self.set_skus(rows, loaded.haystacks);
                self.refilter();
                if let Some(code) = keep {
                    self.select_code(&code);
                }
            }
            // The rows on screen stay; a first page stays marked as only a page, and the
            // next refresh reads the whole list again.
            Err(e) => self.error(e),
        }
        self.dirty = true;
    }

    /// Puts the cursor on the SKU with this code, if the list shows it.
    fn select_code(&mut self, code: &str) {
        if let Some(pos) = self
            .sku_list
            .visible
            .iter()
            .position(|&i| self.skus[i].code == code)
        {
            self.sku_list.cursor = pos;
        }
    }

    /// True while the full SKU list is still being read.
    pub fn loading_skus(&self) -> bool {
        self.sku_load.is_some()
    }

    fn set_skus(&mut self, rows: Vec<SkuRow>, haystacks: Vec<Utf32String>) {
        self.skus = rows;
        self.haystacks = haystacks;
        self.last_match.clear();
    }

    /// Applies the fuzzy filter and the sort to the SKU list and the alerts.
    pub fn refilter(&mut self) {
        let mut idx: Vec<(usize, u32)> = if self.filter.trim().is_empty() {
            self.last_match.clear();
            (0..self.skus.len()).map(|i| (i, 0)).collect()
        } else {
            if self.haystacks.len() != self.skus.len() {
                // Built once per load (on the loading thread for a big list).
                self.haystacks = haystacks(&self.skus);
            }
            let mut matcher = Matcher::new(Config::DEFAULT);
            let pat = Pattern::new(
                &needle(&self.filter),
                CaseMatching::Respect,
                Normalization::Never,
                AtomKind::Fuzzy,
            );
            // Each filter typed so far keeps what it matched: a longer one narrows the
            // last, a backspace goes back to one already known.
            while let Some((prev, _)) = self.last_match.last() {
                if self.filter.starts_with(prev.as_str()) {
                    break;
                }
                self.last_match.pop();
            }
            match self.last_match.last() {
                Some((prev, found)) if *prev == self.filter => found.clone(),
                last => {
                    let candidates: Vec<usize> = match last {
                        Some((_, found)) => found.iter().map(|(i, _)| *i).collect(),
                        None => (0..self.skus.len()).collect(),
                    };
                    let found = score_all(&pat, &mut matcher, &self.haystacks, &candidates);
                    self.last_match.push((self.filter.clone(), found.clone()));
                    found
                }
            }
        };
        let skus = &self.skus;
        let filtering = !self.filter.trim().is_empty();
        match self.sort {
            _ if filtering => idx.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))),
            SortBy::Code => {}
            SortBy::Name => idx.sort_by(|a, b| skus[a.0].name.cmp(&skus[b.0].name)),
            SortBy::Available => idx.sort_by_key(|a| (skus[a.0].available, a.0)),
        }
        self.sku_list.visible = idx.into_iter().map(|(i, _)| i).collect();
        self.sku_list.clamp();
        let mut alerts: Vec<usize> = (0..self.skus.len())
            .filter(|&i| StockStatus::is_alert(self.skus[i].status))
            .collect();
        alerts.sort_by_key(|&i| (self.skus[i].status, self.skus[i].available, i));
        self.alerts.visible = alerts;
        self.alerts.clamp();
        self.dirty = true;
    }

    pub fn refilter_reservations(&mut self) {
        let ch = self.channel_filter.clone();
        let dl = self.delivery_filter.clone();
        let words = filter_words(&self.res_filter);
        self.res_list.visible = self
            .reservations
            .iter()
            .enumerate()
            .filter(|(_, r)| ch.as_ref().is_none_or(|c| &r.channel == c))
            .filter(|(_, r)| dl.as_ref().is_none_or(|d| r.delivery.as_ref() == Some(d)))
            .filter(|(_, r)| {
                let mut fields = vec![
                    r.order.as_str(),
                    r.code.as_str(),
                    r.name.as_str(),
                    r.channel.as_str(),
                    r.location.as_str(),
                    r.delivery.as_deref().unwrap_or(""),
                    r.destination.as_deref().unwrap_or(""),
                    r.address.as_deref().unwrap_or(""),
                    r.tracking.as_deref().unwrap_or(""),
                ];
                fields.extend(r.barcodes.iter().map(String::as_str));
                words_match(&words, &fields)
            })
            .map(|(i, _)| i)
            .collect();
        self.res_list.clamp();
        self.dirty = true;
    }

    /// The filter of the pane in view (the SKU list's when a SKU is open).
    pub fn pane_filter(&self) -> &str {
        match self.pane {
            Pane::Skus => &self.filter,
            Pane::Reservations => &self.res_filter,
            Pane::Alerts => &self.alerts_filter,
            Pane::Channels => &self.matrix_filter,
            Pane::Stocktake => &self.count_filter,
            Pane::History => &self.hist_filter,
        }
    }

    /// Applies the pane's filter to its list.
    fn refilter_pane(&mut self) {
        match self.pane {
            Pane::Skus => self.refilter(),
            Pane::Reservations => self.refilter_reservations(),
            Pane::Alerts => self.refilter_alerts(),
            Pane::Channels => self.refilter_matrix(),
            Pane::Stocktake => self.refilter_count(),
            Pane::History => self.refilter_history(),
        }
    }

    pub fn selected_sku(&self) -> Option<&SkuRow> {
        if self.pane == Pane::Alerts {
            let code = &self.selected_alert()?.code;
            return self.skus.iter().find(|s| &s.code == code);
        }
        self.sku_list.selected().and_then(|i| self.skus.get(i))
    }

    pub fn selected_reservation(&self) -> Option<&ReservationView> {
        self.res_list
            .selected()
            .and_then(|i| self.reservations.get(i))
    }

    fn list_mut(&mut self) -> &mut ListState {
        match self.pane {
            Pane::Skus => &mut self.sku_list,
            Pane::Alerts => &mut self.alerts_ui.list,
            Pane::Reservations => &mut self.res_list,
            Pane::Stocktake => &mut self.count.list,
            Pane::Channels => &mut self.matrix.list,
            Pane::History => &mut self.hist_list,
        }
    }

    /// Whether the user's role may do what the action does (the engine checks again; this
    /// only keeps hints for keys one may not use off the screen).
    pub fn may(&self, a: Action) -> bool {
        match self.role {
            Some(role) => crate::inventory::role_allows(role, needed_role(a)),
            None => true,
        }
    }
}

/// The least role an action needs (the engine checks again when it writes).
pub fn needed_role(a: Action) -> crate::domain::Role {
    use crate::domain::Role;
    match a {
        Action::Receive
        | Action::Reserve
        | Action::Sell
        | Action::Transfer
        | Action::Defect
        | Action::Pick
        | Action::ShipReservation
        | Action::ReleaseReservation
        | Action::ReturnItem => Role::Packer,
        Action::CountUndo => Role::Counter,
        Action::Writeoff
        | Action::Adjust
        | Action::EditRules
        | Action::CreatePo
        | Action::SnoozeAlert
        | Action::CountStart
        | Action::ApplyCount
        | Action::ApproveRow
        | Action::ApproveAll
        | Action::MarkRecount
        | Action::CountStands
        | Action::MovementAfter => Role::Owner,
        _ => Role::Viewer,
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
            && (self.pane != Pane::Stocktake || self.count.reconcile)
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
        if self.pane == Pane::Stocktake {
            // The reconciliation counts a scan as the entry field does.
            self.count.input = code.to_string();
            self.count_submit();
            return;
        }
        if self.pane == Pane::Reservations && self.detail.is_none() {
            return self.scan_to_find(code, &sku.code);
        }
        if self.pane == Pane::Skus {
            if !self.filter.is_empty() {
                self.filter.clear();
                self.refilter();
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

    /// Scan to find the order: the oldest open reservation of the scanned item that
    /// still has units to pick opens for picking.
    fn scan_to_find(&mut self, barcode: &str, code: &str) {
        let found = self
            .reservations
            .iter()
            .enumerate()
            .filter(|(_, r)| r.code == code && r.status == "open" && r.picked < r.remaining)
            .min_by_key(|(_, r)| (r.created_ms, r.reservation))
            .map(|(i, _)| i);
        let Some(i) = found else {
            self.status = Some(Status::Error(fill(
                "tui.scan_nothing_to_pick",
                &[&code, &barcode],
            )));
            self.bell = true;
            return;
        };
        if !self.res_list.visible.contains(&i) {
            self.channel_filter = None;
            self.delivery_filter = None;
            self.refilter_reservations();
        }
        if !self.res_list.visible.contains(&i) {
            // The queue's own filter hid it: the scan is what the packer wants now.
            self.res_filter.clear();
            self.refilter_reservations();
        }
        if let Some(pos) = self.res_list.visible.iter().position(|&v| v == i) {
            self.res_list.cursor = pos;
        }
        self.start_scan();
        // The unit in hand is the order's first pick.
        let id = self.reservations[i].reservation;
        if self.scan.as_ref().is_some_and(|s| s.reservation == id) {
            self.pick(id, barcode.to_string());
        }
    }

    /// Feeds one terminal event.
    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Paste(s) => {
                for c in s.chars().filter(|c| !c.is_control()) {
                    self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
            }
            Event::Resize(..) => self.dirty = true,
            _ => {}
        }
    }

    pub fn handle_key(&mut self, k: KeyEvent) {
        self.dirty = true;
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
            // Up and down scroll the help; any other key closes it.
            match k.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    self.help_scroll = self.help_scroll.saturating_add(1)
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    self.help_scroll = self.help_scroll.saturating_sub(1)
                }
                KeyCode::PageDown => self.help_scroll = self.help_scroll.saturating_add(10),
                KeyCode::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                _ => {
                    self.help = false;
                    self.help_scroll = 0;
                }
            }
            return;
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
        if self.pane == Pane::Stocktake && !self.count.reconcile && self.count_entry_key(k) {
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

    /// The filter being typed: each pane keeps its own.
    fn edit_filter(&mut self, f: impl FnOnce(&mut String)) {
        let filter = match self.pane {
            Pane::Skus => &mut self.filter,
            Pane::Reservations => &mut self.res_filter,
            Pane::Alerts => &mut self.alerts_filter,
            Pane::Channels => &mut self.matrix_filter,
            Pane::Stocktake => &mut self.count_filter,
            Pane::History => &mut self.hist_filter,
        };
        f(filter);
        self.list_mut().cursor = 0;
        self.refilter_pane();
    }

    fn filter_key(&mut self, k: KeyEvent) {
        match k.code {
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Esc => {
                self.filter_editing = false;
                self.edit_filter(String::clear);
            }
            KeyCode::Backspace => self.edit_filter(|s| {
                s.pop();
            }),
            KeyCode::Down | KeyCode::Up => {
                self.list_mut()
                    .step(if k.code == KeyCode::Down { 1 } else { -1 });
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.edit_filter(|s| s.push(c))
            }
            _ => {}
        }
    }

    /// Narrows the history to entries matching every word of the filter.
    pub fn refilter_history(&mut self) {
        let words = filter_words(&self.hist_filter);
        self.hist_list.visible = self
            .history
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                words.iter().all(|w| {
                    let has = |field: &str, needle: &str| fold_text(field).contains(needle);
                    let channel = m.channel.as_deref().unwrap_or("");
                    // The entry's day, as the history shows it (YYYY-MM-DD).
                    let day = m.at.get(..10).unwrap_or(&m.at);
                    match w.split_once(':') {
                        Some(("date" | "day" | "дата", v)) => day.starts_with(v),
                        Some(("since" | "from" | "с", v)) => !v.is_empty() && day >= v,
                        // "kind:return" matches both returns; "kind:ship" not "...:shipping_damage".
                        Some(("kind", v)) => m.kind.to_lowercase().starts_with(v),
                        Some(("actor" | "who", v)) => has(&m.actor, v),
                        Some(("channel", v)) => has(channel, v),
                        Some(("sku" | "code", v)) => has(&m.code, v),
                        _ => {
                            has(&m.code, w)
                                || has(&m.kind, w)
                                || has(&m.actor, w)
                                || has(channel, w)
                                || has(&m.location, w)
                                || m.reference.as_deref().is_some_and(|r| has(r, w))
                                || m.note.as_deref().is_some_and(|r| has(r, w))
                                || has(day, w)
                        }
                    }
                })
            })
            .map(|(i, _)| i)
            .collect();
        self.hist_list.clamp();
        self.dirty = true;
    }

    /// Picks one scanned unit for the reservation; a complete pick ends the scanning.
    fn pick(&mut self, id: u64, barcode: String) {
        match self
            .inv
            .execute(crate::inventory::Command::Pick { id, barcode })
        {
            Ok(a) => {
                self.status = Some(Status::Info(outcome_text(&a.outcome)));
                self.reload();
                if let crate::inventory::Outcome::Picked(r) = &a.outcome
                    && r.picked >= r.remaining
                {
                    self.scan = None;
                }
            }
            Err(e) => {
                // Loud: the expected SKU is named; nothing changed.
                self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e))));
            }
        }
    }

    fn scan_key(&mut self, k: KeyEvent) {
        let Some(scan) = self.scan.as_mut() else {
            return;
        };
        match k.code {
            KeyCode::Esc => {
                self.scan = None;
                self.status = Some(Status::Info(text("tui.scan_done").to_string()));
            }
            KeyCode::Backspace => {
                scan.input.pop();
            }
            KeyCode::Enter => {
                let code = std::mem::take(&mut scan.input);
                let id = scan.reservation;
                if code.trim().is_empty() {
                    return;
                }
                self.pick(id, code);
            }
            KeyCode::Char(c) if !c.is_control() => scan.input.push(c),
            _ => {}
        }
    }

    fn form_key(&mut self, k: KeyEvent) {
        let Some(key) = Key::from_event(&k) else {
            return;
        };
        let action = match self.keymap.lookup(&[Context::Form], &[key]) {
            Lookup::Run(a) => a.first().copied(),
            _ => None,
        };
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match action {
            Some(Action::Cancel) => {
                self.form = None;
                self.status = Some(Status::Info(text("tui.cancelled").to_string()));
            }
            Some(Action::NextField) => {
                form.confirming = false;
                form.asking = None;
                form.next(true)
            }
            Some(Action::PrevField) => {
                form.confirming = false;
                form.asking = None;
                form.next(false)
            }
            Some(Action::Confirm) => self.submit_form(),
            _ => {
                let edited = match k.code {
                    KeyCode::Left => {
                        form.focused().cycle(false);
                        true
                    }
                    KeyCode::Right => {
                        form.focused().cycle(true);
                        true
                    }
                    KeyCode::Backspace => {
                        form.focused().backspace();
                        true
                    }
                    KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                        form.focused().type_char(c);
                        true
                    }
                    _ => false,
                };
                if edited {
                    // Any change takes back a question asked about the old values, and
                    // the form's complaint goes with what it complained about.
                    form.confirming = false;
                    form.asking = None;
                    form.error = None;
                }
            }
        }
    }

    /// The question an unusual quantity asks before it is written, if any: far beyond
    /// the usual, or shipping more than was picked.
    fn unusual_quantity(form: &Form) -> Option<String> {
        let qty = form.quantity()?;
        if form.kind == FormKind::Ship
            && let Subject::Reservation(r) = &form.subject
            && qty > r.picked
        {
            return Some(crate::i18n::fill(
                "tui.ship_more_than_picked",
                &[&crate::i18n::number(qty), &crate::i18n::number(r.picked)],
            ));
        }
        // An adjust that sets a level is not a movement of that size.
        let sets_level =
            form.kind == FormKind::Adjust && !form.value("qty").starts_with(['+', '-']);
        let beyond = unusual_for(qty, form.largest.filter(|_| !sets_level));
        if qty > UNUSUAL_QTY || beyond.is_some() {
            let key = match form.kind {
                FormKind::Receive => "tui.ask_receive",
                FormKind::Reserve => "tui.ask_reserve",
                FormKind::Sell => "tui.ask_sell",
                FormKind::Transfer => "tui.ask_transfer",
                FormKind::Defect => "tui.ask_defect",
                FormKind::Writeoff => "tui.ask_writeoff",
                FormKind::Adjust => "tui.ask_adjust",
                FormKind::Ship => "tui.ask_ship",
                FormKind::Return => "tui.ask_return",
                FormKind::Release | FormKind::Rules | FormKind::MoveReservation => return None,
            };
            let ask = crate::i18n::fill(key, &[&crate::i18n::number(qty)]);
            // The reason is said when it is not simply a big number.
            return Some(match beyond {
                Some(why) if qty <= UNUSUAL_QTY => format!("{why} {ask}"),
                _ => ask,
            });
        }
        None
    }

    /// What an adjust will do, asked before it is written: the level it sets, or the
    /// change it makes, with on hand before and after at the form's location.
    fn adjust_question(form: &Form) -> Option<String> {
        use crate::i18n::number;
        let v = form.value("qty");
        let was = form
            .on_hand
            .iter()
            .find(|(l, _)| l == form.value("at"))
            .map_or(0, |(_, n)| *n);
        let signed = |d: i64| {
            let sign = if d < 0 { "-" } else { "+" };
            format!("{sign}{}", number(d.unsigned_abs()))
        };
        let ask = if v.starts_with(['+', '-']) {
            let d = crate::domain::parse_delta(v).ok()?;
            let to = (was as i64).saturating_add(d).max(0) as u64;
            crate::i18n::fill(
                "tui.ask_adjust_by",
                &[&signed(d), &number(was), &number(to)],
            )
        } else {
            let to = crate::domain::parse_count(v).ok()?;
            let d = (to as i64).saturating_sub(was as i64);
            crate::i18n::fill(
                "tui.ask_adjust_set",
                &[&number(to), &number(was), &signed(d)],
            )
        };
        // A change far beyond the usual says so first (a level set is no movement).
        let beyond = v
            .starts_with(['+', '-'])
            .then(|| unusual_for(form.quantity().unwrap_or(0), form.largest))
            .flatten();
        Some(match beyond {
            Some(why) => format!("{why} {ask}"),
            None => ask,
        })
    }

    /// The most units one movement of the SKU has moved, from its recent history (none
    /// when it has none yet).
    pub(crate) fn largest_movement(&self, code: &str) -> Option<u64> {
        let rows = self.inv.history(Some(code.to_string()), 2000).ok()?;
        rows.iter().map(|m| m.qty).max().filter(|&q| q > 0)
    }

    /// Where the till sells from: the retail channel's first source location, else the
    /// location of its latest sale in the ledger.
    fn retail_location(&self) -> Option<String> {
        let till = self.choices.retail.as_deref()?;
        let from_rules = self
            .matrix
            .channels
            .iter()
            .find(|c| c.name == till)
            .and_then(|c| c.sources.first().cloned());
        from_rules
            .or_else(|| {
                self.history
                    .iter()
                    .filter(|m| m.kind == "sell" && m.channel.as_deref() == Some(till))
                    .max_by(|a, b| a.at.cmp(&b.at))
                    .map(|m| m.location.clone())
            })
            .filter(|l| self.choices.locations.contains(l))
    }

    /// Opens a form knowing how much the SKU usually moves.
    fn set_form(&mut self, mut form: Form) {
        if let Some(code) = form.sku_code().map(str::to_string) {
            let code = code.as_str();
            form.largest = self.largest_movement(code);
            if form.kind == FormKind::Adjust
                && let Ok(d) = self.inv.sku_detail(code, 0)
            {
                form.on_hand = d
                    .locations
                    .iter()
                    .map(|l| (l.location.clone(), l.on_hand))
                    .collect();
            }
        }
        self.form = Some(form);
    }

    fn submit_form(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        form.tried = true;
        if !form.valid() {
            form.error = Some(text("tui.form_invalid").to_string());
            return;
        }
        if form.asking.is_none() {
            let q = if form.kind == FormKind::Adjust {
                Self::adjust_question(form)
            } else {
                Self::unusual_quantity(form)
            };
            if let Some(q) = q {
                // The question is the confirmation: the next Enter writes.
                form.asking = Some(q);
                form.confirming = true;
                return;
            }
        }
        if form.kind.destructive() && !form.confirming {
            form.confirming = true;
            return;
        }
        let cmd = match form.command() {
            Ok(c) => c,
            Err(e) => {
                let said = self.screen_error(&e);
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(said);
                }
                return;
            }
        };
        match self.inv.execute(cmd) {
            Ok(a) => {
                self.form = None;
                self.status = Some(Status::Info(outcome_text(&a.outcome)));
                self.reload();
            }
            Err(e) => {
                // The form stays open with the reason; nothing was written.
                let said = self.screen_error(&e);
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(said);
                    f.confirming = false;
                    f.asking = None;
                }
            }
        }
    }

    /// Units of `code` the order shipped on the channel, and units returned on it.
    fn shipped_and_returned(&self, code: &str, channel: &str, order: &str) -> (u64, u64) {
        let rows = match self.inv.history(Some(code.to_string()), 100_000) {
            Ok(r) => r,
            Err(_) => return (0, 0),
        };
        let mine = |m: &&MovementView| {
            m.channel.as_deref() == Some(channel) && m.reference.as_deref() == Some(order)
        };
        let sum = |pred: &dyn Fn(&str) -> bool| -> u64 {
            rows.iter()
                .filter(mine)
                .filter(|m| pred(&m.kind))
                .map(|m| m.qty)
                .sum()
        };
        (sum(&|k| k == "ship"), sum(&|k| k.starts_with("return")))
    }

    /// A return opens only for shipped units, capped at what the order shipped less
    /// what already came back: from a ship entry in the history, or an order in the queue.
    fn open_return(&mut self) {
        let (code, name, channel, order) = if self.pane == Pane::History {
            let Some(m) = self
                .hist_list
                .selected()
                .and_then(|i| self.history.get(i))
                .filter(|m| m.kind == "ship")
            else {
                self.status = Some(Status::Error(text("tui.return_from_ship").to_string()));
                return;
            };
            let (Some(channel), Some(order)) = (m.channel.clone(), m.reference.clone()) else {
                self.status = Some(Status::Error(text("tui.return_from_ship").to_string()));
                return;
            };
            let name = self
                .skus
                .iter()
                .find(|s| s.code == m.code)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            (m.code.clone(), name, channel, order)
        } else {
            let Some(r) = self.selected_reservation() else {
                return;
            };
            (
                r.code.clone(),
                r.name.clone(),
                r.channel.clone(),
                r.order.clone(),
            )
        };
        let (shipped, returned) = self.shipped_and_returned(&code, &channel, &order);
        if shipped == 0 {
            self.status = Some(Status::Error(fill(
                "tui.return_not_shipped",
                &[&order, &code],
            )));
            return;
        }
        let left = shipped.saturating_sub(returned);
        if left == 0 {
            self.status = Some(Status::Error(fill(
                "tui.return_none_left",
                &[&order, &shipped, &code],
            )));
            return;
        }
        let mut form = Form::new(FormKind::Return, Subject::Sku { code, name }, &self.choices);
        form.set("channel", &channel);
        form.set("order", &order);
        form.cap("qty", left);
        self.set_form(form);
    }

    fn open_form(&mut self, kind: FormKind) {
        if kind == FormKind::Return
            && self.detail.is_none()
            && matches!(self.pane, Pane::History | Pane::Reservations)
        {
            return self.open_return();
        }
        let subject = match kind {
            FormKind::Ship | FormKind::Release | FormKind::MoveReservation => {
                match self.selected_reservation() {
                    Some(r) => Subject::Reservation(Box::new(r.clone())),
                    None => return,
                }
            }
            _ => {
                let sel = match &self.detail {
                    Some(d) => Some((d.code.clone(), d.name.clone())),
                    None => self
                        .selected_sku()
                        .map(|s| (s.code.clone(), s.name.clone())),
                };
                match sel {
                    Some((code, name)) => Subject::Sku { code, name },
                    None => return,
                }
            }
        };
        let mut form = Form::new(kind, subject, &self.choices);
        if let Subject::Reservation(r) = &form.subject {
            let (ch, order) = (r.channel.clone(), r.order.clone());
            let picked = r.picked.min(r.remaining);
            form.set("channel", &ch);
            form.set("order", &order);
            // Ship what was picked; nothing picked leaves it to the packer to say.
            if form.kind == FormKind::Ship && picked > 0 {
                form.set("qty", &picked.to_string());
            }
        }
        if form.kind == FormKind::Sell
            && let Some(at) = self.retail_location()
        {
            form.set("at", &at);
        }
        self.set_form(form);
    }

    /// Runs one action.
    pub fn run(&mut self, a: Action) {
        use Action as A;
        // A key for what the role may not do says so at once, before any form opens.
        if let Some(role) = self.role.filter(|_| !self.may(a)) {
            self.status = Some(Status::Error(crate::i18n::role_refusal(
                a.command_name(),
                needed_role(a),
                None,
                role,
            )));
            return;
        }
        // A question asked by one key (resolve, undo) waits for the same key only.
        self.count.keep_question_for(a);
        match a {
            A::NoOp | A::Confirm | A::Cancel | A::NextField | A::PrevField => {}
            A::Help => self.help = !self.help,
            A::Quit => self.quit = true,
            A::FocusNextPane | A::FocusPrevPane => {
                let i = Pane::CYCLE
                    .iter()
                    .position(|p| *p == self.pane)
                    .unwrap_or(0);
                let n = Pane::CYCLE.len();
                let j = if a == A::FocusNextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.show(Pane::CYCLE[j]);
                self.reload_pane();
            }
            A::ShowSkus => self.show(Pane::Skus),
            A::ShowReservations => self.show(Pane::Reservations),
            A::ShowAlerts => {
                self.show(Pane::Alerts);
                self.load_alerts();
            }
            A::ShowHistory => self.show(Pane::History),
            A::ShowStocktake => {
                self.show(Pane::Stocktake);
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
                self.show(Pane::Channels);
                self.load_matrix();
            }
            A::NextChannel => self.step_channel(1),
            A::PrevChannel => self.step_channel(-1),
            A::EditRules => self.open_rules_form(),
            A::MarkRow => self.alerts_toggle_mark(),
            A::CreatePo => self.alerts_create_po(),
            A::SnoozeAlert => self.alerts_snooze(),
            A::DefectChart => self.toggle_defect_chart(),
            A::Filter => {
                // Each pane filters in place; the count's entry field takes `/` as typed.
                self.detail = None;
                self.scan = None;
                self.filter_editing = true;
            }
            A::Back => {
                if self.detail.is_some() {
                    self.detail = None;
                } else if self.pane == Pane::Alerts && self.alerts_ui.chart {
                    self.toggle_defect_chart();
                } else if !self.pane_filter().is_empty() {
                    self.edit_filter(String::clear);
                } else {
                    self.status = None;
                }
            }
            A::Refresh => self.reload(),
            A::CursorDown => self.list_mut().step(1),
            A::CursorUp => self.list_mut().step(-1),
            A::PageDown => {
                let p = self.page as isize;
                self.list_mut().step(p)
            }
            A::PageUp => {
                let p = self.page as isize;
                self.list_mut().step(-p)
            }
            A::CursorTop => self.list_mut().cursor = 0,
            A::CursorBottom => {
                let l = self.list_mut();
                l.cursor = l.visible.len().saturating_sub(1);
            }
            A::Open => match self.pane {
                Pane::Skus | Pane::Alerts => self.open_detail(),
                Pane::Reservations => self.start_scan(),
                Pane::Channels => self.open_rules_form(),
                Pane::Stocktake | Pane::History => {}
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
            A::CycleSort => {
                self.sort = match self.sort {
                    SortBy::Code => SortBy::Name,
                    SortBy::Name => SortBy::Available,
                    SortBy::Available => SortBy::Code,
                };
                self.refilter();
                let key = match self.sort {
                    SortBy::Code => "tui.sort_code",
                    SortBy::Name => "tui.sort_name",
                    SortBy::Available => "tui.sort_available",
                };
                self.status = Some(Status::Info(text(key).to_string()));
            }
            A::FilterChannel => {
                let chans: Vec<String> = {
                    let mut v: Vec<String> = self.choices.channels.clone();
                    v.retain(|c| self.reservations.iter().any(|r| &r.channel == c));
                    v
                };
                self.channel_filter = cycle_option(&self.channel_filter, &chans);
                self.refilter_reservations();
            }
            A::FilterDelivery => {
                let opts: Vec<String> = crate::domain::DeliveryMethod::ALL
                    .iter()
                    .map(|m| m.as_str().to_string())
                    .collect();
                self.delivery_filter = cycle_option(&self.delivery_filter, &opts);
                self.refilter_reservations();
            }
        }
    }

    /// Loads what only one pane shows, when it comes into view.
    fn reload_pane(&mut self) {
        match self.pane {
            Pane::Alerts => self.load_alerts(),
            Pane::Channels => self.load_matrix(),
            Pane::Stocktake => self.load_count(),
            _ => {}
        }
    }

    fn show(&mut self, p: Pane) {
        self.pane = p;
        self.detail = None;
        self.scan = None;
    }

    fn open_detail(&mut self) {
        let Some(code) = self.selected_sku().map(|s| s.code.clone()) else {
            return;
        };
        match self.inv.sku_detail(&code, 12) {
            Ok(d) => self.detail = Some(d),
            Err(e) => self.error(e),
        }
    }

    fn start_scan(&mut self) {
        if self.pane != Pane::Reservations {
            return;
        }
        if let Some((id, code)) = self
            .selected_reservation()
            .map(|r| (r.reservation, r.code.clone()))
        {
            self.scan = Some(Scan {
                reservation: id,
                input: String::new(),
            });
            self.status = Some(Status::Info(fill("tui.scan_for", &[&id, &code])));
        }
    }
}

/// None -> first -> second -> ... -> None.
fn cycle_option(cur: &Option<String>, opts: &[String]) -> Option<String> {
    match cur {
        None => opts.first().cloned(),
        Some(c) => {
            let i = opts.iter().position(|o| o == c);
            i.and_then(|i| opts.get(i + 1).cloned())
        }
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    fn row(code: String, name: String) -> SkuRow {
        SkuRow {
            code,
            name,
            barcodes: Vec::new(),
            on_hand: 0,
            reserved: 0,
            available: 0,
            defective: 0,
            min_stock: 0,
            safety_stock: 0,
            status: StockStatus::Ok,
        }
    }

    /// The split over cores finds exactly what one pass finds, in the same order.
    #[test]
    fn scoring_on_all_cores_equals_one_pass() {
        let names = ["Чай зелёный", "Кофе молотый", "Сумка льняная", "Green tea"];
        let rows: Vec<SkuRow> = (0..50_000)
            .map(|i| row(format!("SKU-{i:05}"), format!("{} {i}", names[i % 4])))
            .collect();
        let hay = haystacks(&rows);
        let candidates: Vec<usize> = (0..rows.len()).collect();
        for filter in ["зел", "ЧАЙ", "tea 12", "сумка 4"] {
            let pat = Pattern::new(
                &needle(filter),
                CaseMatching::Respect,
                Normalization::Never,
                AtomKind::Fuzzy,
            );
            let mut m = Matcher::new(Config::DEFAULT);
            let split = score_all(&pat, &mut m, &hay, &candidates);
            let one: Vec<(usize, u32)> = candidates
                .iter()
                .filter_map(|&i| pat.score(hay[i].slice(..), &mut m).map(|s| (i, s)))
                .collect();
            assert!(!one.is_empty(), "{filter}");
            assert_eq!(split, one, "{filter}");
        }
    }
}
