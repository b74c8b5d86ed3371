//! The SKU list: what it keeps of every SKU (the folded filter text in one arena, see
//! `tui::sku_index`), the rows on screen read from the store by id, the fuzzy filter
//! (code, name, barcodes), the sort, and the list read in pages in the background.

use std::collections::HashMap;

use nucleo_matcher::{Config, Matcher, Utf32String};

use super::{ListState, Pane};
use crate::i18n::text;
use crate::inventory::{InventoryExt, SkuRow};
use crate::tui::action::Action;
use crate::tui::app::{App, Status};
use crate::tui::sku_index::{self, SkuIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Code,
    Name,
    Available,
}

/// SKUs the first frame reads before the rest arrives.
pub const FIRST_PAGE: u32 = 500;

/// SKUs a background read asks for at a time; each part is filtered as it comes.
pub const LOAD_PAGE: u32 = 25_000;

/// Rows a filter typed before the full list arrives asks the store for, by code prefix.
pub const SEARCH_PAGE: u32 = 100;

/// Rows kept read around the cursor: the screen and some way on either side.
const ROWS_BEFORE: usize = 64;
const ROWS_AFTER: usize = 256;

/// Rows read after the list is filtered or sorted anew: a tall screen's worth.
const JUMP_ROWS: usize = 128;

/// Rows the cache holds before it keeps only the ones around the cursor.
const ROW_CACHE: usize = 4096;

/// A part of the SKU list read on the loading thread.
pub(crate) struct LoadedPart {
    /// Every SKU, in code order: it replaces the list shown.
    index: SkuIndex,
}

type LoadMsg = Result<LoadedPart, crate::inventory::Error>;

/// The SKU list's state.
pub struct SkusPane {
    /// Every SKU read so far, in code order: what the filter and the sorts need.
    pub index: SkuIndex,
    /// Rows read from the store by SKU id: those around the cursor (all of a small list).
    rows: HashMap<u32, SkuRow>,
    /// SKUs found by code prefix while the list loads that the index does not hold yet;
    /// the list shows them at positions after the index's.
    extra: Vec<(u32, Utf32String)>,
    /// Positions into the index (then `extra`) shown, and the cursor.
    pub list: ListState,
    pub sort: SortBy,
    pub filter: String,
    /// Each filter typed so far (each a prefix of the next) and the index entries it
    /// matched, with their scores: typing on narrows the last, backspace goes back to one.
    last_match: Vec<(String, Vec<(u32, u32)>)>,
    /// The list was filtered or sorted anew since its rows were last read: the next read
    /// takes the screen only (each row costs its thresholds and status, and a keystroke
    /// waits for them); the band around the cursor follows at the first scroll.
    jumped: bool,
    /// The SKU list being read on another thread, newest request only.
    load: Option<std::sync::mpsc::Receiver<LoadMsg>>,
    /// Only part of the SKUs is in the index yet; the rest is on its way (or failed).
    pub partial: bool,
    /// The code of the last SKU the index holds while it is partial.
    through: Option<String>,
    /// How many SKUs the store holds (its stored count, read with the first page).
    pub total: Option<u64>,
    /// While only a part is here: the last filter looked up by code prefix in the store,
    /// and whether that answer was complete (fewer rows than asked for).
    searched: Option<(String, bool)>,
}

impl Default for SkusPane {
    fn default() -> Self {
        SkusPane {
            index: SkuIndex::default(),
            rows: HashMap::new(),
            extra: Vec::new(),
            list: ListState::default(),
            sort: SortBy::Code,
            filter: String::new(),
            last_match: Vec::new(),
            jumped: false,
            load: None,
            partial: false,
            through: None,
            total: None,
            searched: None,
        }
    }
}

impl Pane for SkusPane {
    fn title_key(&self) -> &'static str {
        "pane.skus"
    }
    fn hints(&self) -> &'static [Action] {
        &[
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
        ]
    }
    fn filter(&self) -> &str {
        &self.filter
    }
    fn filter_mut(&mut self) -> &mut String {
        &mut self.filter
    }
    fn list(&self) -> &ListState {
        &self.list
    }
    fn list_mut(&mut self) -> &mut ListState {
        &mut self.list
    }
    /// Applies the fuzzy filter and the sort.
    fn refilter(&mut self) {
        let n = self.index.len();
        let filtering = !self.filter.trim().is_empty();
        let ix = &self.index;
        let mut idx: Vec<(usize, u32)> = if filtering {
            let found = self.matches();
            if self.extra.is_empty() {
                // The common case: positions alone, counted out without their scores.
                self.list.visible = self.index.ranked_positions(&found);
                self.list.clamp();
                self.jumped = true;
                return;
            }
            self.index.ranked(&found)
        } else {
            self.last_match.clear();
            let mut all: Vec<usize> = (0..n).collect();
            match self.sort {
                SortBy::Code => {}
                SortBy::Name => all.sort_by(|&a, &b| ix.cmp_names(a, b).then(a.cmp(&b))),
                SortBy::Available => all.sort_by_key(|&a| (ix.available(a), a)),
            }
            all.into_iter().map(|i| (i, 0)).collect()
        };
        if filtering && !self.extra.is_empty() {
            // Found by code before the index holds them: after the index's on a tie.
            let pat = sku_index::pattern(&self.filter);
            let mut m = Matcher::new(Config::DEFAULT);
            let mut more: Vec<(usize, u32)> = self
                .extra
                .iter()
                .enumerate()
                .filter_map(|(j, (_, hay))| pat.score(hay.slice(..), &mut m).map(|s| (n + j, s)))
                .collect();
            more.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            idx = merge_by_score(idx, more);
        }
        self.list.visible = idx.into_iter().map(|(i, _)| i).collect();
        self.list.clamp();
        self.jumped = true;
    }
}

/// Two lists sorted by score (highest first) as one; the first's on a tie.
fn merge_by_score(a: Vec<(usize, u32)>, b: Vec<(usize, u32)>) -> Vec<(usize, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for x in a {
        while let Some(y) = b.next_if(|y| y.1 > x.1) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(b);
    out
}

impl SkusPane {
    /// The index entries the filter matches, with their scores, in the index's own order.
    /// Each filter typed so far keeps what it matched: a longer one narrows the last, a
    /// backspace goes back to one already known.
    fn matches(&mut self) -> Vec<(u32, u32)> {
        if self.filter.contains('\\') {
            // "a\" needs a backslash that "a\ b" (an escaped space) does not: no narrowing.
            self.last_match.clear();
        }
        while let Some((prev, _)) = self.last_match.last() {
            if self.filter.starts_with(prev.as_str()) {
                break;
            }
            self.last_match.pop();
        }
        match self.last_match.last() {
            Some((prev, found)) if *prev == self.filter => found.clone(),
            last => {
                let within = last.map(|(_, found)| found.as_slice());
                let found = self
                    .index
                    .matches(&sku_index::pattern(&self.filter), within);
                self.last_match.push((self.filter.clone(), found.clone()));
                found
            }
        }
    }

    /// The SKU id at a position of the list (the index's, then those found by code).
    pub fn id_at(&self, pos: usize) -> Option<u32> {
        match self.index.id(pos) {
            Some(id) => Some(id),
            None => self.extra.get(pos - self.index.len()).map(|(id, _)| *id),
        }
    }

    /// The row at a position of the list, if it has been read (those around the cursor).
    pub fn row(&self, pos: usize) -> Option<&SkuRow> {
        self.rows.get(&self.id_at(pos)?)
    }

    pub fn selected(&self) -> Option<&SkuRow> {
        self.row(self.list.selected()?)
    }

    pub fn selected_id(&self) -> Option<u32> {
        self.id_at(self.list.selected()?)
    }

    /// How many SKUs the list holds so far (read and found by code).
    pub fn len(&self) -> usize {
        self.index.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows read so far, in the list's code order (all of a small list; of a big one
    /// those around the cursor).
    pub fn held_rows(&self) -> Vec<&SkuRow> {
        (0..self.len()).filter_map(|i| self.row(i)).collect()
    }

    /// How many rows are read so far (those around the cursor), for the memory figures.
    /// How many filters typed so far were scored (each a prefix of the next).
    pub fn filters_scored(&self) -> usize {
        self.last_match.len()
    }

    pub fn rows_read(&self) -> usize {
        self.rows.len()
    }

    fn clear(&mut self) {
        self.index = SkuIndex::default();
        self.rows.clear();
        self.extra.clear();
        self.last_match.clear();
        self.searched = None;
        self.through = None;
    }

    /// Takes a read of all the SKUs at once (a small list): keys and rows.
    fn set_all(&mut self, index: SkuIndex, rows: Vec<(u32, SkuRow)>) {
        self.clear();
        self.index = index;
        self.rows.extend(rows);
    }
}

impl App {
    /// Reads the SKU list. A big list (more than a first page) is read on another thread
    /// when an event loop can be woken: the first open shows the first page at once (a
    /// code typed meanwhile is found in the store's code index, a name filter answers on
    /// the page) and the whole list replaces it when read; a later reload keeps the list
    /// on screen until the new one is whole, and reads the rows on screen again at once.
    pub(crate) fn load_skus(&mut self) {
        let Some(wake) = self.wake.clone() else {
            self.read_all_skus();
            return;
        };
        let first_open = self.skus.index.is_empty() || self.skus.partial;
        // The count for the title is the store's own, not the length of a list read.
        self.skus.total = self.inv.stats().ok().map(|s| s.skus);
        self.skus.rows.clear();
        if first_open {
            match self.inv.sku_keys(None, FIRST_PAGE) {
                Ok(keys) => {
                    let whole = keys.len() < FIRST_PAGE as usize;
                    self.skus.set_all(SkuIndex::of(&keys), Vec::new());
                    self.skus.through = keys.last().map(|k| k.code.clone());
                    self.skus.partial = !whole;
                    self.skus.load = None;
                    if whole {
                        // That is all of them.
                        return;
                    }
                }
                Err(e) => {
                    self.error(e);
                    return;
                }
            }
        } else if self.skus.index.len() < FIRST_PAGE as usize {
            // A small list reads faster than a thread starts.
            self.read_all_skus();
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let inv = self.inv.clone();
        let expected = self.skus.total;
        std::thread::spawn(move || read_whole_list(&*inv, expected, &tx, &wake));
        // A newer request replaces an older one still running: its answer goes nowhere.
        self.skus.load = Some(rx);
    }

    /// Reads every SKU's keys and rows at once (a small list, or no event loop).
    fn read_all_skus(&mut self) {
        let mut keys = Vec::new();
        let mut after = None;
        loop {
            match self.inv.sku_keys(after.clone(), LOAD_PAGE) {
                Ok(page) => {
                    let done = page.len() < LOAD_PAGE as usize;
                    after = page.last().map(|k| k.code.clone());
                    keys.extend(page);
                    if done {
                        break;
                    }
                }
                Err(e) => return self.error(e),
            }
        }
        // A small list keeps its rows; a big one reads those on screen as it goes.
        let rows = if keys.len() <= FIRST_PAGE as usize {
            match self.inv.sku_rows_by_id(keys.iter().map(|k| k.id).collect()) {
                Ok(rows) => rows,
                Err(e) => return self.error(e),
            }
        } else {
            Vec::new()
        };
        let mut index = SkuIndex::of(&keys);
        index.shrink();
        self.skus.set_all(index, rows);
        self.skus.partial = false;
        self.skus.load = None;
    }

    /// Takes the parts of the SKU list the background read has sent so far.
    pub fn take_loaded(&mut self) {
        let keep = self.skus.selected_id();
        let mut changed = false;
        while let Some(msg) = self.skus.load.as_ref().and_then(|rx| rx.try_recv().ok()) {
            changed = true;
            match msg {
                Ok(part) => {
                    let rows = std::mem::take(&mut self.skus.rows);
                    self.skus.set_all(part.index, Vec::new());
                    self.skus.rows = rows;
                    self.skus.load = None;
                    self.skus.partial = false;
                    self.skus.index.shrink();
                }
                // What is on screen stays; a partial list stays marked as such, and the
                // next refresh reads the whole list again.
                Err(e) => {
                    self.skus.load = None;
                    self.error(e);
                }
            }
        }
        if !changed {
            return;
        }
        self.skus.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
        self.sku_window();
        self.dirty = true;
    }

    /// The SKU under the cursor: the SKU list's row, or over the alerts the alert's SKU
    /// (read from the store when the list has not read its row).
    pub fn selected_sku(&self) -> Option<SkuRow> {
        if self.pane == crate::tui::app::PaneId::Alerts {
            return self.sku_row_by_code(&self.selected_alert()?.code);
        }
        self.skus.selected().cloned()
    }

    /// Where the SKU cursor is, to keep across a reload: the list's SKU by id (a rename
    /// keeps it) and, over the alerts, the alert's SKU by code, as before.
    pub(crate) fn sku_cursor(&self) -> (Option<u32>, Option<String>) {
        let code = match self.pane {
            crate::tui::app::PaneId::Alerts => self.selected_sku().map(|s| s.code),
            _ => None,
        };
        (self.skus.selected_id(), code)
    }

    /// Puts the SKU cursor back after a reload and reads the rows around it.
    pub(crate) fn restore_sku_cursor(&mut self, (id, code): (Option<u32>, Option<String>)) {
        if let Some(id) = id {
            self.select_id(id);
        }
        if let Some(code) = code {
            self.select_code(&code);
        }
        self.sku_window();
    }

    /// The row of the SKU with this code: the list's if it has read it, else the store's.
    pub(crate) fn sku_row_by_code(&self, code: &str) -> Option<SkuRow> {
        if let Some(r) = self.skus.rows.values().find(|r| r.code == code) {
            return Some(r.clone());
        }
        let key = crate::domain::limits::code_key(code);
        self.inv
            .sku_by_prefix(&key, 64)
            .ok()?
            .into_iter()
            .find(|s| s.code == code)
    }

    /// Puts the cursor on the SKU with this code, if the list shows it.
    pub fn select_code(&mut self, code: &str) {
        let cached = self.skus.rows.iter().find(|(_, r)| r.code == code);
        let id = match cached {
            Some((id, _)) => Some(*id),
            None => {
                let ix = &self.skus.index;
                ix.position_of_code(&sku_index::fold(code))
                    .and_then(|i| ix.id(i))
            }
        };
        if let Some(id) = id {
            self.select_id(id);
        }
    }

    /// Puts the cursor on the SKU with this id, if the list shows it.
    pub(crate) fn select_id(&mut self, id: u32) {
        let s = &self.skus;
        if let Some(pos) = s.list.visible.iter().position(|&i| s.id_at(i) == Some(id)) {
            self.skus.list.cursor = pos;
        }
    }

    /// True while the SKU list is still being read.
    pub fn loading_skus(&self) -> bool {
        self.skus.load.is_some()
    }

    /// Reads the rows around the cursor that are not read yet (the screen and some way
    /// on either side), so a frame draws only rows it has; keeps the cache small.
    pub fn sku_window(&mut self) {
        let s = &self.skus;
        let vis = &s.list.visible;
        if vis.is_empty() {
            return;
        }
        let lo = s.list.offset.min(s.list.cursor).saturating_sub(ROWS_BEFORE);
        let hi = (s.list.offset.max(s.list.cursor) + ROWS_AFTER).min(vis.len());
        // What a frame needs: the screen from the cursor's side, a tall one's worth.
        let top = s.list.offset.min(s.list.cursor);
        let bottom = (s.list.offset.max(s.list.cursor) + JUMP_ROWS).min(vis.len());
        if vis[top.min(bottom)..bottom]
            .iter()
            .filter_map(|&p| s.id_at(p))
            .all(|id| s.rows.contains_key(&id))
        {
            return;
        }
        let (lo, hi) = if s.jumped {
            (top, bottom)
        } else {
            // A band wider than the window is read at once, so the next steps of a scroll
            // find their rows here instead of asking the store one row at a time.
            (
                lo.saturating_sub(ROWS_BEFORE * 4),
                (hi + ROWS_AFTER * 2).min(vis.len()),
            )
        };
        self.skus.jumped = false;
        let s = &self.skus;
        let vis = &s.list.visible;
        let band: Vec<u32> = vis[lo.min(hi)..hi]
            .iter()
            .filter_map(|&p| s.id_at(p))
            .collect();
        let want: Vec<u32> = band
            .iter()
            .copied()
            .filter(|id| !s.rows.contains_key(id))
            .collect();
        if s.rows.len() + want.len() > ROW_CACHE {
            let keep: std::collections::HashSet<u32> = band.iter().copied().collect();
            self.skus.rows.retain(|id, _| keep.contains(id));
        }
        match self.inv.sku_rows_by_id(want) {
            Ok(rows) => self.skus.rows.extend(rows),
            Err(e) => self.error(e),
        }
    }

    /// A filter typed while only part of the list is here: the SKUs whose code or
    /// barcode begins with it are asked of the store (its folded code index) and shown
    /// with the rest, so a typed code shows at once wherever it is in the list.
    pub(crate) fn search_while_loading(&mut self) {
        if !self.skus.partial {
            return;
        }
        let key = crate::domain::limits::code_key(&self.skus.filter);
        if key.is_empty() {
            return;
        }
        // A longer filter than a complete answer finds nothing new.
        if let Some((prev, true)) = &self.skus.searched
            && key.starts_with(prev.as_str())
        {
            return;
        }
        let found = match self.inv.sku_keys_by_prefix(&key, SEARCH_PAGE) {
            Ok(found) => found,
            Err(e) => return self.error(e),
        };
        let complete = found.len() < SEARCH_PAGE as usize;
        self.skus.searched = Some((key, complete));
        let through = self.skus.through.clone();
        let known: std::collections::HashSet<u32> =
            self.skus.extra.iter().map(|(id, _)| *id).collect();
        let ids: Vec<u32> = found
            .into_iter()
            .filter(|k| through.as_ref().is_none_or(|t| k.code > *t))
            .map(|k| k.id)
            .filter(|id| !known.contains(id))
            .collect();
        if ids.is_empty() {
            return;
        }
        match self.inv.sku_rows_by_id(ids) {
            Ok(rows) => {
                for (id, r) in rows {
                    self.skus.extra.push((id, sku_index::haystack(&r)));
                    self.skus.rows.insert(id, r);
                }
            }
            Err(e) => self.error(e),
        }
    }

    /// The card of the SKU under the cursor; in the history, of the SKU the entry names.
    pub(crate) fn open_detail(&mut self) {
        let code = match self.pane {
            crate::tui::app::PaneId::History => self.history.selected().map(|m| m.code.clone()),
            _ => self.selected_sku().map(|s| s.code.clone()),
        };
        let Some(code) = code else {
            return;
        };
        match self.inv.sku_detail(&code, 12) {
            Ok(d) => self.detail = Some(d),
            Err(e) => self.error(e),
        }
    }

    /// The next sort (code, name, available), said on the status line.
    pub(crate) fn cycle_sort(&mut self) {
        self.skus.sort = match self.skus.sort {
            SortBy::Code => SortBy::Name,
            SortBy::Name => SortBy::Available,
            SortBy::Available => SortBy::Code,
        };
        self.skus.refilter();
        let key = match self.skus.sort {
            SortBy::Code => "tui.sort_code",
            SortBy::Name => "tui.sort_name",
            SortBy::Available => "tui.sort_available",
        };
        self.status = Some(Status::Info(text(key).to_string()));
    }
}

/// Reads every SKU's keys on the loading thread in id order (the SKU table and the
/// levels side by side, pages of `LOAD_PAGE`), sorts them by code once, and sends the
/// whole list as one part that replaces what is shown (the first page, or the list before
/// a reload), waking the event loop.
fn read_whole_list(
    inv: &dyn crate::inventory::Inventory,
    expected: Option<u64>,
    tx: &std::sync::mpsc::Sender<LoadMsg>,
    wake: &std::sync::mpsc::Sender<crate::tui::Msg>,
) {
    let mut whole = SkuIndex::default();
    // The codes as stored, in one buffer: the list's order is the store's code order
    // (the arena holds folded text only).
    let mut codes = String::new();
    let mut code_end: Vec<u32> = Vec::new();
    let mut after = None;
    let mut first = true;
    loop {
        let keys = match inv.sku_keys_by_id(after, LOAD_PAGE) {
            Ok(keys) => keys,
            Err(e) => {
                let _ = tx.send(Err(e));
                let _ = wake.send(crate::tui::Msg::Loaded);
                return;
            }
        };
        let done = keys.len() < LOAD_PAGE as usize;
        after = keys.last().map(|k| k.id).or(after);
        for k in &keys {
            let before = whole.len();
            whole.push(k);
            // One the arena left out (past 4 GiB) has no code either.
            let Ok(end) = u32::try_from(codes.len() + k.code.len()) else {
                continue;
            };
            if whole.len() > before {
                codes.push_str(&k.code);
                code_end.push(end);
            }
        }
        if std::mem::take(&mut first) && !done {
            // Room for the rest at once, from the stored count and the first page's
            // sizes: a million SKUs grow their buffers once instead of by doubling.
            let rest = expected.unwrap_or(0).saturating_sub(whole.len() as u64) as usize;
            let per = whole.text_len() / whole.len().max(1);
            whole.reserve(rest, rest.saturating_mul(per + per / 8));
            codes.reserve(rest.saturating_mul(codes.len() / whole.len().max(1) + 2));
            code_end.reserve(rest);
        }
        if done {
            break;
        }
    }
    let code = |i: u32| {
        let i = i as usize;
        let start = if i == 0 { 0 } else { code_end[i - 1] as usize };
        codes.get(start..code_end[i] as usize).unwrap_or_default()
    };
    let mut order: Vec<u32> = (0..code_end.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| code(a).cmp(code(b)));
    drop(code_end);
    drop(codes);
    let index = whole.with_order(&order);
    let part = LoadedPart { index };
    // Nobody listens any more when a newer read took its place.
    if tx.send(Ok(part)).is_ok() {
        let _ = wake.send(crate::tui::Msg::Loaded);
    }
}
