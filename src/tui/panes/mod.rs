//! One file per pane: each holds the pane's own state (its rows, list, filter) and what its
//! keys do to it. The [`Pane`] trait is what every pane answers, so the App can move a
//! cursor, type a filter or name a pane without knowing which one is in view.
//!
//! To add a pane: a file here with its state struct and `impl Pane`, a field on `App`, a
//! `PaneId` variant (with its keymap context), and its drawing in `view/`.

pub mod alerts;
pub mod channels;
pub mod history;
pub mod reservations;
pub mod skus;
pub mod stocktake;

use super::action::Action;

/// What every pane answers.
pub trait Pane {
    /// The pane's name in the catalog (tabs and titles).
    fn title_key(&self) -> &'static str;
    /// The actions the hint line offers here, most useful first (the last are the first to
    /// go on a short line).
    fn hints(&self) -> &'static [Action];
    /// The words typed into the pane's filter.
    fn filter(&self) -> &str;
    fn filter_mut(&mut self) -> &mut String;
    /// The rows shown (indices into the pane's data) and the cursor among them.
    fn list(&self) -> &ListState;
    fn list_mut(&mut self) -> &mut ListState;
    /// Applies the filter (and the pane's other narrowing) to its rows.
    fn refilter(&mut self);
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
