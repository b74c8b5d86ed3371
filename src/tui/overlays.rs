//! Keys of the views that float over the panes: the help, the day report and the margin.
//!
//! The day view shows what `stockroom day` shows for one local day; the keys of `[input]`
//! that step a choice (← →) step to the previous and next day, the scrolling keys scroll,
//! any other key closes it.
//!
//! The margin view shows what `stockroom report margin` shows for a period of local days
//! ending on a day (today when it opens): the same keys step the period back and forward by
//! its length, the keys of `[margin]` change the grouping and the length.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use super::action::Action;
use super::app::App;
use super::keymap::Context;
use crate::inventory::InventoryExt;
use crate::inventory::reports::day::DayReport;
use crate::inventory::reports::margin::{GROUPS, MarginReport};
use crate::present::day::local_day_start;

/// The day view: which day, and its report once read.
#[derive(Debug, Clone)]
pub struct DayView {
    pub date: NaiveDate,
    pub report: Option<DayReport>,
    /// Lines scrolled down by.
    pub scroll: u16,
}

/// The lengths of the margin view's period, in days, in the order its key steps through.
pub const MARGIN_SPANS: [u32; 3] = [7, 30, 90];

/// The margin view: which local days, grouped how, and the report once read.
#[derive(Debug, Clone)]
pub struct MarginView {
    /// The period's last local day (it is counted whole).
    pub last: NaiveDate,
    /// The period's length, one of [`MARGIN_SPANS`].
    pub days: u32,
    /// What the rows are grouped by: an index into [`GROUPS`].
    pub group: usize,
    pub report: Option<MarginReport>,
    /// Lines scrolled down by.
    pub scroll: u16,
}

impl MarginView {
    /// The period's first local day.
    pub fn first(&self) -> NaiveDate {
        self.last
            .checked_sub_days(chrono::Days::new(u64::from(self.days.saturating_sub(1))))
            .unwrap_or(self.last)
    }
    /// `channel`, `sku` or `supplier`.
    pub fn by(&self) -> &'static str {
        GROUPS.get(self.group).copied().unwrap_or("channel")
    }
}

impl App {
    /// Today, the local day of the app's clock.
    fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.now_ms)
            .map(|t| t.with_timezone(&chrono::Local).date_naive())
            .unwrap_or_default()
    }

    /// Opens the margin view: the last 30 local days ending today, by channel.
    pub fn open_margin(&mut self) {
        self.margin = Some(MarginView {
            last: self.today(),
            days: 30,
            group: 0,
            report: None,
            scroll: 0,
        });
        self.load_margin();
    }

    /// Reads the margin report of the period shown, the one `report margin` reads.
    fn load_margin(&mut self) {
        let Some((first, last, by)) = self.margin.as_ref().map(|v| (v.first(), v.last, v.by()))
        else {
            return;
        };
        let from = local_day_start(first);
        let to = local_day_start(last.succ_opt().unwrap_or(last));
        match self.inv.margin_report(Some(from), Some(to), by) {
            Ok(r) => {
                if let Some(v) = self.margin.as_mut() {
                    v.report = Some(r);
                    v.scroll = 0;
                }
            }
            Err(e) => {
                self.margin = None;
                self.error(e);
            }
        }
    }

    /// A key while the margin view is shown.
    pub(crate) fn margin_key(&mut self, k: KeyEvent) {
        let action = self.input_action(&k, &[Context::Margin, Context::Input, Context::List]);
        let today = self.today();
        let Some(v) = self.margin.as_mut() else {
            return;
        };
        let step = chrono::Days::new(u64::from(v.days));
        match action {
            Some(Action::PrevOption) => {
                v.last = v.last.checked_sub_days(step).unwrap_or(v.last);
                self.load_margin();
            }
            // Not past today: a period still to come has sold nothing.
            Some(Action::NextOption) => {
                let next = v.last.checked_add_days(step).unwrap_or(v.last).min(today);
                if next != v.last {
                    v.last = next;
                    self.load_margin();
                }
            }
            Some(Action::MarginPeriod) => {
                let i = MARGIN_SPANS.iter().position(|d| *d == v.days).unwrap_or(0);
                v.days = MARGIN_SPANS[(i + 1) % MARGIN_SPANS.len()];
                self.load_margin();
            }
            Some(Action::MarginGroup) => {
                v.group = (v.group + 1) % GROUPS.len();
                self.load_margin();
            }
            Some(Action::CursorDown) => v.scroll = v.scroll.saturating_add(1),
            Some(Action::CursorUp) => v.scroll = v.scroll.saturating_sub(1),
            Some(Action::PageDown) => v.scroll = v.scroll.saturating_add(10),
            Some(Action::PageUp) => v.scroll = v.scroll.saturating_sub(10),
            Some(Action::CursorTop) => v.scroll = 0,
            Some(Action::CursorBottom) => v.scroll = u16::MAX,
            _ => self.margin = None,
        }
    }

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
        let today = self.today();
        let Some(v) = self.day.as_mut() else {
            return;
        };
        match action {
            Some(Action::PrevOption) => {
                v.date = v.date.pred_opt().unwrap_or(v.date);
                self.load_day();
            }
            // A day still to come has nothing to report: → stops at today.
            Some(Action::NextOption) if v.date < today => {
                v.date = v.date.succ_opt().unwrap_or(v.date);
                self.load_day();
            }
            Some(Action::NextOption) => {}
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
