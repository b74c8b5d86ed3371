//! The Channels pane's behaviour: the matrix, moving between channels, the rules editor.

use super::app::{App, ListState};
use super::form::Form;
use crate::inventory::InventoryExt;
use crate::inventory::channels::{MatrixRow, RulesView};

#[derive(Default)]
pub struct MatrixUi {
    pub channels: Vec<RulesView>,
    pub rows: Vec<MatrixRow>,
    pub list: ListState,
    /// The selected channel (a column of the matrix).
    pub column: usize,
}

impl App {
    /// Loads the matrix; only while the pane is shown, since it touches every SKU.
    pub fn load_matrix(&mut self) {
        match self.inv.matrix() {
            Ok((channels, rows)) => {
                self.matrix.channels = channels;
                self.matrix.rows = rows;
                self.refilter_matrix();
                self.matrix.column = self
                    .matrix
                    .column
                    .min(self.matrix.channels.len().saturating_sub(1));
            }
            Err(e) => self.error(e),
        }
        self.dirty = true;
    }

    /// Shows the matrix rows whose code or name hold every word of the pane's filter.
    pub fn refilter_matrix(&mut self) {
        let words = super::app::filter_words(&self.matrix_filter);
        let m = &mut self.matrix;
        m.list.visible = m
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| super::app::words_match(&words, &[&r.code, &r.name]))
            .map(|(i, _)| i)
            .collect();
        m.list.clamp();
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
