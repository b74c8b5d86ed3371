//! The SKU list: the rows, the fuzzy filter (code, name, barcodes), the sort, and the
//! list read in the background when it is big.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::{ListState, Pane};
use crate::i18n::text;
use crate::inventory::{InventoryExt, SkuRow};
use crate::tui::action::Action;
use crate::tui::app::{App, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Code,
    Name,
    Available,
}

/// Rows the first frame shows before the full list arrives.
pub const FIRST_PAGE: u32 = 500;

/// Rows a filter typed before the full list arrives asks the store for, by code prefix.
pub const SEARCH_PAGE: u32 = 100;

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

fn haystacks(rows: &[SkuRow]) -> Vec<Utf32String> {
    rows.iter().map(haystack).collect()
}

/// The SKU list's state.
pub struct SkusPane {
    pub rows: Vec<SkuRow>,
    pub list: ListState,
    pub sort: SortBy,
    pub filter: String,
    /// Each SKU's code, name and barcodes, prepared for the fuzzy matcher.
    haystacks: Vec<Utf32String>,
    /// Each filter typed so far (each a prefix of the next) and the rows it matched,
    /// with their scores: typing on narrows the last, backspace goes back to one.
    last_match: Vec<(String, Vec<(usize, u32)>)>,
    /// The full SKU list being read on another thread, newest request only.
    load: Option<std::sync::mpsc::Receiver<LoadedSkus>>,
    /// Only the first page of SKUs is here yet; the rest is on its way.
    pub partial: bool,
    /// How many SKUs the store holds (its stored count, read with the first page).
    pub total: Option<u64>,
    /// While only a page is here: the last filter looked up by code prefix in the store,
    /// and whether that answer was complete (fewer rows than asked for).
    searched: Option<(String, bool)>,
}

impl Default for SkusPane {
    fn default() -> Self {
        SkusPane {
            rows: Vec::new(),
            list: ListState::default(),
            sort: SortBy::Code,
            filter: String::new(),
            haystacks: Vec::new(),
            last_match: Vec::new(),
            load: None,
            partial: false,
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
        let mut idx: Vec<(usize, u32)> = if self.filter.trim().is_empty() {
            self.last_match.clear();
            (0..self.rows.len()).map(|i| (i, 0)).collect()
        } else {
            if self.haystacks.len() != self.rows.len() {
                // Built once per load (on the loading thread for a big list).
                self.haystacks = haystacks(&self.rows);
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
                        None => (0..self.rows.len()).collect(),
                    };
                    let found = score_all(&pat, &mut matcher, &self.haystacks, &candidates);
                    self.last_match.push((self.filter.clone(), found.clone()));
                    found
                }
            }
        };
        let skus = &self.rows;
        let filtering = !self.filter.trim().is_empty();
        match self.sort {
            _ if filtering => idx.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))),
            SortBy::Code => {}
            SortBy::Name => idx.sort_by(|a, b| skus[a.0].name.cmp(&skus[b.0].name)),
            SortBy::Available => idx.sort_by_key(|a| (skus[a.0].available, a.0)),
        }
        self.list.visible = idx.into_iter().map(|(i, _)| i).collect();
        self.list.clamp();
    }
}

impl SkusPane {
    pub fn selected(&self) -> Option<&SkuRow> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }
}

impl App {
    /// Reads the SKU list. A big list (more than a first page) is read on another thread
    /// when an event loop can be woken: the first open shows the first page at once, a
    /// later reload keeps the rows on screen until the new ones arrive.
    pub(crate) fn load_skus(&mut self) {
        let Some(wake) = self.wake.clone() else {
            match self.inv.sku_list(None, false) {
                Ok(rows) => self.set_skus(rows, Vec::new()),
                Err(e) => self.error(e),
            }
            return;
        };
        let first_open = self.skus.rows.is_empty() || self.skus.partial;
        // The count for the title is the store's own, not the length of a list read.
        self.skus.total = self.inv.stats().ok().map(|s| s.skus);
        if first_open {
            match self.inv.sku_page(None, FIRST_PAGE) {
                Ok(rows) if rows.len() < FIRST_PAGE as usize => {
                    // That is all of them.
                    self.skus.partial = false;
                    self.set_skus(rows, Vec::new());
                    return;
                }
                Ok(rows) => {
                    self.skus.partial = true;
                    self.set_skus(rows, Vec::new());
                }
                Err(e) => {
                    self.error(e);
                    return;
                }
            }
        } else if self.skus.rows.len() < FIRST_PAGE as usize {
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
                let _ = wake.send(crate::tui::Msg::Loaded);
            }
        });
        // A newer request replaces an older one still running: its answer goes nowhere.
        self.skus.load = Some(rx);
    }

    /// Takes the full SKU list if the background read has finished.
    pub fn take_loaded(&mut self) {
        let Some(loaded) = self.skus.load.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        self.skus.load = None;
        match loaded.rows {
            Ok(rows) => {
                self.skus.partial = false;
                let keep = self.selected_sku().map(|s| s.code.clone());
                self.set_skus(rows, loaded.haystacks);
                self.skus.refilter();
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
    pub(crate) fn select_code(&mut self, code: &str) {
        if let Some(pos) = self
            .skus
            .list
            .visible
            .iter()
            .position(|&i| self.skus.rows[i].code == code)
        {
            self.skus.list.cursor = pos;
        }
    }

    /// True while the full SKU list is still being read.
    pub fn loading_skus(&self) -> bool {
        self.skus.load.is_some()
    }

    pub(crate) fn set_skus(&mut self, rows: Vec<SkuRow>, haystacks: Vec<Utf32String>) {
        self.skus.rows = rows;
        self.skus.haystacks = haystacks;
        self.skus.last_match.clear();
        self.skus.searched = None;
    }

    /// A filter typed while only the first page is here: the SKUs whose code or barcode
    /// begins with it are asked of the store (its folded code index) and joined to the
    /// rows, so a typed code shows at once; the full list replaces them when it arrives.
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
        match self.inv.sku_by_prefix(&key, SEARCH_PAGE) {
            Ok(found) => {
                let complete = found.len() < SEARCH_PAGE as usize;
                self.skus.searched = Some((key, complete));
                let rows = &mut self.skus.rows;
                let before = rows.len();
                for r in found {
                    if let Err(at) = rows.binary_search_by(|x| x.code.cmp(&r.code)) {
                        rows.insert(at, r);
                    }
                }
                if rows.len() != before {
                    self.skus.haystacks.clear();
                    self.skus.last_match.clear();
                }
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn open_detail(&mut self) {
        let Some(code) = self.selected_sku().map(|s| s.code.clone()) else {
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

#[cfg(test)]
mod filter_tests {
    use super::*;
    use crate::inventory::StockStatus;

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
            kit: false,
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
