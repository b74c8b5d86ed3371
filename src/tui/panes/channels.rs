//! The Channels pane's behaviour: the matrix, moving between channels, the rules editor.

use super::{ListState, Pane};
use crate::inventory::InventoryExt;
use crate::inventory::channels::{MatrixRow, RulesView};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::Form;

#[derive(Default)]
pub struct MatrixPane {
    /// The matrix's filter: words matched on code and name.
    pub filter: String,
    pub channels: Vec<RulesView>,
    pub rows: Vec<MatrixRow>,
    pub list: ListState,
    /// The selected channel (a column of the matrix).
    pub column: usize,
}

impl Pane for MatrixPane {
    fn title_key(&self) -> &'static str {
        "pane.channels"
    }
    fn hints(&self) -> &'static [Action] {
        &[
            Action::PrevChannel,
            Action::NextChannel,
            Action::EditRules,
            Action::Filter,
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
    /// Shows the matrix rows whose code or name hold every word of the pane's filter.
    fn refilter(&mut self) {
        let words = super::filter_words(&self.filter);
        let m = self;
        m.list.visible = m
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| super::words_match(&words, &[&r.code, &r.name]))
            .map(|(i, _)| i)
            .collect();
        m.list.clamp();
    }
}

impl App {
    /// Loads the matrix; only while the pane is shown, since it touches every SKU.
    pub fn load_matrix(&mut self) {
        match self.inv.matrix() {
            Ok((channels, rows)) => {
                self.matrix.channels = channels;
                self.matrix.rows = rows;
                self.matrix.refilter();
                self.matrix.column = self
                    .matrix
                    .column
                    .min(self.matrix.channels.len().saturating_sub(1));
            }
            Err(e) => self.error(e),
        }
        self.dirty = true;
    }

    pub fn step_channel(&mut self, delta: isize) {
        let n = self.matrix.channels.len() as isize;
        if n > 0 {
            self.matrix.column = (self.matrix.column as isize + delta).clamp(0, n - 1) as usize;
        }
    }

    pub fn open_rules_form(&mut self) {
        if let Some(c) = self.matrix.channels.get(self.matrix.column) {
            self.form = Some(Form::rules(c.clone()));
        }
    }
}
