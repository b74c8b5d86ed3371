//! The Alerts pane's behaviour: alerts by severity with their order suggestions,
//! marking rows, purchase orders grouped by supplier, snoozing, and the defect chart.

use std::collections::BTreeSet;

use super::{ListState, Pane};
use crate::domain::replenishment::DEFAULT_WINDOW_DAYS;
use crate::i18n::{fill, text};
use crate::inventory::replenish::{AlertRow, DefectReport};
use crate::inventory::{Command, InventoryExt, Outcome};
use crate::present::outcome_text;
use crate::tui::action::Action;
use crate::tui::app::{App, Status};

/// A UTC time as the terminal's local date, written as people read it ("8 Dec 2026",
/// "08.12.2026"); the text as it came when it is not a time.
pub fn local_date(utc: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(utc) else {
        return utc.to_string();
    };
    let local = t.with_timezone(&chrono::Local);
    match crate::i18n::lang() {
        crate::i18n::Lang::Ru => local.format("%d.%m.%Y").to_string(),
        _ => local.format("%-d %b %Y").to_string(),
    }
}

/// Days `z` hides an alert for.
pub const SNOOZE_DAYS: u32 = 7;

#[derive(Default)]
pub struct AlertsPane {
    /// The pane's filter: words matched on code, name, supplier, severity.
    pub filter: String,
    pub rows: Vec<AlertRow>,
    pub list: ListState,
    /// Codes marked with space for one purchase order run.
    pub marked: BTreeSet<String>,
    /// The defect chart is shown instead of the alerts.
    pub chart: bool,
    pub defects: Option<DefectReport>,
    /// The codes a first `p` asked about; `p` again on the same ones orders them.
    pub confirm_po: Option<Vec<String>>,
    /// Only the SKUs this channel lists, with its numbers (key `c`); none: every SKU.
    pub channel: Option<String>,
    /// Open purchase orders past their expected date, named above the alerts.
    pub late_orders: Vec<crate::inventory::purchasing::PoView>,
    /// The alerts were read at least once: an empty list means there are none, not that
    /// the database did not answer.
    pub loaded: bool,
}

impl Pane for AlertsPane {
    fn title_key(&self) -> &'static str {
        "pane.alerts"
    }
    fn hints(&self) -> &'static [Action] {
        if self.chart {
            return &[Action::DefectChart, Action::Help, Action::Quit];
        }
        &[
            Action::CreatePo,
            Action::MarkRow,
            Action::SnoozeAlert,
            Action::FilterChannel,
            Action::DefectChart,
            Action::Filter,
            Action::Open,
            Action::Receive,
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
    /// Shows the alerts matching every word of the pane's filter (code, name, supplier,
    /// severity).
    fn refilter(&mut self) {
        let words = super::filter_words(&self.filter);
        let ui = self;
        ui.list.visible = ui
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                // The status as stored and as the screen words it, so "critical" and
                // "критично" both find it.
                let severity = format!(
                    "{} {}",
                    r.status.as_str(),
                    crate::tui::view::skus::status_word(r.status)
                );
                super::words_match(
                    &words,
                    &[
                        &r.code,
                        &r.name,
                        r.supplier.as_deref().unwrap_or(""),
                        &severity,
                    ],
                )
            })
            .map(|(i, _)| i)
            .collect();
        ui.list.clamp();
    }
}

impl AlertsPane {
    pub fn selected(&self) -> Option<&AlertRow> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }
}

impl App {
    /// Reloads the alerts, keeping the cursor on the same SKU and marks on rows still there.
    pub fn load_alerts(&mut self) {
        let keep = self.selected_alert().map(|r| r.code.clone());
        let rows = match &self.alerts.channel {
            Some(ch) => self.inv.channel_alerts(DEFAULT_WINDOW_DAYS, false, ch),
            None => self.inv.alerts(DEFAULT_WINDOW_DAYS, false),
        };
        match rows {
            Ok(rows) => {
                self.alerts.rows = rows;
                self.alerts.loaded = true;
            }
            Err(e) => return self.error(e),
        }
        match self.inv.purchase_orders(false) {
            Ok(orders) => self.alerts.late_orders = orders.into_iter().filter(|p| p.late).collect(),
            Err(e) => return self.error(e),
        }
        self.alerts.refilter();
        let ui = &mut self.alerts;
        if let Some(code) = keep
            && let Some(i) = ui
                .list
                .visible
                .iter()
                .position(|&v| ui.rows[v].code == code)
        {
            ui.list.cursor = i;
        }
        ui.list.clamp();
        let rows = &ui.rows;
        ui.marked.retain(|c| rows.iter().any(|r| &r.code == c));
        if ui.chart {
            self.load_defects();
        }
        self.dirty = true;
    }

    fn load_defects(&mut self) {
        match self.inv.defect_report(DEFAULT_WINDOW_DAYS) {
            Ok(r) => self.alerts.defects = Some(r),
            Err(e) => self.error(e),
        }
    }

    pub fn selected_alert(&self) -> Option<&AlertRow> {
        let ui = &self.alerts;
        ui.list.selected().and_then(|i| ui.rows.get(i))
    }

    /// Space: marks or unmarks the row and moves on, so a run of rows is quick to mark.
    pub fn alerts_toggle_mark(&mut self) {
        let Some(code) = self.selected_alert().map(|r| r.code.clone()) else {
            return;
        };
        let ui = &mut self.alerts;
        if !ui.marked.remove(&code) {
            ui.marked.insert(code);
        }
        ui.list.step(1);
        ui.confirm_po = None;
        self.status = Some(Status::Info(fill(
            "tui.alerts_marked",
            &[&self.alerts.marked.len()],
        )));
    }

    /// The marked rows in list order, else the selected one.
    fn po_targets(&self) -> Vec<&AlertRow> {
        let ui = &self.alerts;
        if ui.marked.is_empty() {
            return self.selected_alert().into_iter().collect();
        }
        ui.rows
            .iter()
            .filter(|r| ui.marked.contains(&r.code))
            .collect()
    }

    /// `p`: purchase orders for the marked rows (or the selected one), one per supplier,
    /// with the suggested quantities. The first press says what would be ordered.
    pub fn alerts_create_po(&mut self) {
        let targets = self.po_targets();
        // A kit is never ordered: its limiting component is, from that component's own
        // alert (which carries the suggestion).
        let mut to_order: Vec<&AlertRow> = Vec::new();
        let mut kit_without: Option<(&str, &str)> = None;
        for r in targets {
            let row = match r.limited_by.as_deref() {
                Some(part) => match self.alerts.rows.iter().find(|a| a.code == part) {
                    Some(a) => a,
                    None => {
                        kit_without = Some((r.code.as_str(), part));
                        continue;
                    }
                },
                None => r,
            };
            if row.suggested > 0 && !to_order.iter().any(|o| o.code == row.code) {
                to_order.push(row);
            }
        }
        if to_order.is_empty() {
            let why = match kit_without {
                Some((kit, part)) => fill("tui.po_kit_part", &[&kit, &part, &part]),
                None => text("tui.po_nothing").to_string(),
            };
            self.status = Some(Status::Error(why));
            return;
        }
        let codes: Vec<String> = to_order.iter().map(|r| r.code.clone()).collect();
        if self.alerts.confirm_po.as_ref() != Some(&codes) {
            let suppliers: BTreeSet<&str> = to_order
                .iter()
                .filter_map(|r| r.supplier.as_deref())
                .collect();
            let units: u64 = to_order.iter().map(|r| r.suggested).sum();
            // What will be ordered, by name: a kit's row orders its component.
            let mut what: Vec<String> = to_order
                .iter()
                .take(3)
                .map(|r| format!("{} ×{}", r.code, r.suggested))
                .collect();
            if to_order.len() > 3 {
                what.push(format!("+{}", to_order.len() - 3));
            }
            self.status = Some(Status::Info(fill(
                "tui.po_confirm",
                &[&suppliers.len(), &codes.len(), &units, &what.join(", ")],
            )));
            self.alerts.confirm_po = Some(codes);
            return;
        }
        self.alerts.confirm_po = None;
        let cmd = Command::PoCreate {
            supplier: None,
            lines: Vec::new(),
            from_alerts: true,
            only: codes,
            window: DEFAULT_WINDOW_DAYS,
            expected: None,
        };
        match self.inv.execute(cmd) {
            Ok(a) => {
                self.status = Some(Status::Info(match &a.outcome {
                    Outcome::PoCreated { orders, skipped }
                        if !orders.is_empty() && skipped.is_empty() =>
                    {
                        self.alerts.marked.clear();
                        let list: Vec<String> = orders
                            .iter()
                            .map(|p| {
                                let due = crate::present::due_day(&p.expected);
                                format!("#{} {} ({}, {})", p.id, p.supplier, p.ordered, due)
                            })
                            .collect();
                        fill("tui.po_created", &[&orders.len(), &list.join(", ")])
                    }
                    other => outcome_text(other).replace('\n', "; "),
                }));
                self.reload();
            }
            Err(e) => self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e)))),
        }
    }

    /// `z`: hides the selected alert for a week.
    pub fn alerts_snooze(&mut self) {
        let Some(code) = self.selected_alert().map(|r| r.code.clone()) else {
            return;
        };
        let cmd = Command::Snooze {
            sku: code.clone(),
            days: SNOOZE_DAYS,
        };
        match self.inv.execute(cmd) {
            Ok(a) => {
                self.alerts.marked.remove(&code);
                let said = match &a.outcome {
                    Outcome::Snoozed {
                        code,
                        until: Some(until),
                    } => fill("cli.snoozed", &[code, &local_date(until)]),
                    o => outcome_text(o),
                };
                self.status = Some(Status::Info(said));
                self.reload();
            }
            Err(e) => self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e)))),
        }
    }

    /// `c`: the alerts of the next channel's SKUs (none: every SKU), in the channels'
    /// order.
    pub fn alerts_filter_channel(&mut self) {
        let chans = &self.choices.channels;
        self.alerts.channel = match &self.alerts.channel {
            None => chans.first().cloned(),
            Some(c) => chans
                .iter()
                .position(|o| o == c)
                .and_then(|i| chans.get(i + 1).cloned()),
        };
        self.alerts.confirm_po = None;
        self.load_alerts();
    }

    /// `b`: the defect chart in place of the alerts, and back.
    pub fn toggle_defect_chart(&mut self) {
        let ui = &mut self.alerts;
        ui.chart = !ui.chart;
        ui.confirm_po = None;
        if ui.chart {
            self.load_defects();
        }
        self.dirty = true;
    }
}
