//! Keys of the views that float over the panes: the help and the day report.
//!
//! The day view shows what `stockroom day` shows for one local day; the keys of `[input]`
//! that step a choice (← →) step to the previous and next day, the scrolling keys scroll,
//! any other key closes it.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use super::action::Action;
use super::app::App;
use super::keymap::Context;
use crate::inventory::InventoryExt;
use crate::inventory::reports::day::DayReport;
use crate::present::day::local_day_start;

/// The day view: which day, and its report once read.
#[derive(Debug, Clone)]
pub struct DayView {
    pub date: NaiveDate,
    pub report: Option<DayReport>,
    /// Lines scrolled down by.
    pub scroll: u16,
}

impl App {
    /// Opens the day view on today (by the app's clock, the local day).
    pub fn open_day(&mut self) {
        let today = chrono::DateTime::from_timestamp_millis(self.now_ms)
            .map(|t| t.with_timezone(&chrono::Local).date_naive())
            .unwrap_or_default();
        self.day = Some(DayView {
            date: today,
            report: None,
            scroll: 0,
        });
        self.load_day();
    }

    /// Reads the report of the day shown.
    fn load_day(&mut self) {
        let Some(d) = self.day.as_ref().map(|v| v.date) else {
            return;
        };
        let from = local_day_start(d);
        let to = local_day_start(d.succ_opt().unwrap_or(d));
        match self.inv.day_report(from, to) {
            Ok(r) => {
                if let Some(v) = self.day.as_mut() {
                    v.report = Some(r);
                    v.scroll = 0;
                }
            }
            Err(e) => {
                self.day = None;
                self.error(e);
            }
        }
    }

    /// A key while the day view is shown.
    pub(crate) fn day_key(&mut self, k: KeyEvent) {
        let action = self.input_action(&k, &[Context::Input, Context::List]);
        let Some(v) = self.day.as_mut() else {
            return;
        };
        match action {
            Some(Action::PrevOption) => {
                v.date = v.date.pred_opt().unwrap_or(v.date);
                self.load_day();
            }
            Some(Action::NextOption) => {
                v.date = v.date.succ_opt().unwrap_or(v.date);
                self.load_day();
            }
            Some(Action::CursorDown) => v.scroll = v.scroll.saturating_add(1),
            Some(Action::CursorUp) => v.scroll = v.scroll.saturating_sub(1),
            Some(Action::PageDown) => v.scroll = v.scroll.saturating_add(10),
            Some(Action::PageUp) => v.scroll = v.scroll.saturating_sub(10),
            _ => self.day = None,
        }
    }

    /// A key while the help is shown: the scrolling keys of `[input]` and `[list]` scroll
    /// it, any other key closes it.
    pub(crate) fn help_key(&mut self, k: KeyEvent) {
        match self.input_action(&k, &[Context::Input, Context::List]) {
            Some(Action::CursorDown) => self.help_scroll = self.help_scroll.saturating_add(1),
            Some(Action::CursorUp) => self.help_scroll = self.help_scroll.saturating_sub(1),
            Some(Action::PageDown) => self.help_scroll = self.help_scroll.saturating_add(10),
            Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(10),
            _ => {
                self.help = false;
                self.help_scroll = 0;
            }
        }
    }
}
