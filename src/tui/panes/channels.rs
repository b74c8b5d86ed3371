//! The Channels pane's behaviour: the matrix, moving between channels, the rules editor.

use super::{ListState, Pane};
use crate::i18n::fill;
use crate::inventory::channels::{MatrixCell, MatrixRow, RulesView};
use crate::inventory::market::{ListingChange, NOT_LISTED};
use crate::inventory::{Command, InventoryExt, Located, Outcome};
use crate::present::outcome_text;
use crate::present::safe::clean;
use crate::tui::action::Action;
use crate::tui::app::{App, Status};
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
    /// The matrix was read at least once (see `AlertsPane::loaded`).
    pub loaded: bool,
}

impl Pane for MatrixPane {
    fn title_key(&self) -> &'static str {
        "pane.channels"
    }
    fn hints(&self) -> &'static [Action] {
        &[
            Action::PrevChannel,
            Action::NextChannel,
            Action::ToggleListing,
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

impl MatrixPane {
    /// The selected row of the matrix.
    pub fn selected(&self) -> Option<&MatrixRow> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }

    /// The cell under the cursor: the selected SKU on the selected channel.
    pub fn selected_cell(&self) -> Option<&MatrixCell> {
        self.selected().and_then(|r| r.channels.get(self.column))
    }
}

impl App {
    /// Space on a cell: the channel lists the SKU, or stops listing it, through the same
    /// command as `channel list-skus --add/--remove`. A channel that listed every SKU
    /// and loses one lists only its own list from then on (every other SKU stays on it),
    /// and the status line says so.
    pub fn toggle_listing(&mut self) {
        let (Some(row), Some(cell)) = (self.matrix.selected(), self.matrix.selected_cell()) else {
            return;
        };
        let (code, channel) = (row.code.clone(), cell.channel.clone());
        let unlisted = cell.withheld.as_deref() == Some(NOT_LISTED);
        let listed_all = match self.inv.channel_setup(&channel) {
            Ok(s) => s.listing.is_none(),
            Err(e) => return self.error(e),
        };
        let codes = vec![Located {
            line: 1,
            columns: vec![("code".into(), 1)],
            row: code.clone(),
        }];
        let change = if unlisted {
            ListingChange::Add(codes)
        } else {
            ListingChange::Remove(codes)
        };
        let cmd = Command::ChannelListing {
            channel: channel.clone(),
            file: crate::i18n::text("pane.channels").to_string(),
            change,
        };
        match self.inv.execute(cmd) {
            Ok(a) => {
                let (c, ch) = (clean(&code), clean(&channel));
                let said = match &a.outcome {
                    Outcome::ChannelListingSet {
                        listed: Some(n), ..
                    } if listed_all && !unlisted => fill("market.first_unlisted", &[&c, &ch, n]),
                    Outcome::ChannelListingSet { .. } if unlisted => {
                        fill("market.now_listed", &[&c, &ch])
                    }
                    Outcome::ChannelListingSet { .. } => fill("market.now_unlisted", &[&c, &ch]),
                    other => outcome_text(other),
                };
                self.status = Some(Status::Info(said));
                self.reload();
            }
            Err(e) => self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e)))),
        }
    }

    /// Loads the matrix; only while the pane is shown, since it touches every SKU.
    pub fn load_matrix(&mut self) {
        match self.inv.matrix() {
            Ok((channels, rows)) => {
                self.matrix.loaded = true;
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
