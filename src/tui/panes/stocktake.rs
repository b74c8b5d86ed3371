//! The Stocktake pane's behaviour: a scan field that is always focused, and the
//! reconciliation view where the owner approves and applies the count.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ListState, Pane};
use crate::i18n::text;
use crate::inventory::stocktake::CountReport;
use crate::inventory::{Command, InventoryExt};
use crate::present::outcome_text;
use crate::tui::action::Action;
use crate::tui::app::{App, Status};
use crate::tui::keymap::{Context, Key, Lookup};

#[derive(Default)]
pub struct CountPane {
    /// The reconciliation's filter: words matched on code, name, location, flags.
    pub filter: String,
    pub session: Option<u64>,
    pub report: Option<CountReport>,
    /// What the scanner or the counter has typed so far.
    pub input: String,
    /// The SKU of the last scan, so a typed quantity can amend it.
    pub last_sku: Option<String>,
    pub reconcile: bool,
    pub list: ListState,
    /// Codes approved for applying.
    pub approved: BTreeSet<String>,
    /// Enter was pressed once on apply: the next one applies.
    pub confirming: bool,
    /// `c` or `m` was pressed once on this row: the same key again settles it.
    pub resolving: Option<(String, crate::inventory::stocktake::Resolution)>,
    /// An unusual count was asked about (SKU, quantity): Enter again on the same number
    /// writes it.
    pub asking: Option<(String, u64)>,
    /// The last entry amended a scan of this SKU to a quantity: undo takes back the
    /// amendment only, and the scan of one stands again.
    pub amended: Option<String>,
    /// The entries this screen made in the open count: undo takes these back at once.
    pub entered: Vec<u64>,
    /// Undo was pressed on an entry made before this screen opened (its number): the same
    /// key again takes it back.
    pub undo_asking: Option<u64>,
    /// The user's name, as count entries name their counter (read when first needed).
    me: Option<String>,
}

impl CountPane {
    /// A question asked by one key waits for that key only: any other action takes it back.
    pub fn keep_question_for(&mut self, a: Action) {
        if !matches!(a, Action::CountStands | Action::MovementAfter) {
            self.resolving = None;
        }
        if a != Action::CountUndo {
            self.undo_asking = None;
        }
    }
}

/// A number this short after a scan is a quantity, not a barcode (EAN-8 has 8 digits).
const MAX_QTY_DIGITS: usize = 6;

impl Pane for CountPane {
    fn title_key(&self) -> &'static str {
        "pane.stocktake"
    }
    fn hints(&self) -> &'static [Action] {
        if self.reconcile {
            // Applying first: on a narrow screen its key keeps its word.
            return &[
                Action::ApplyCount,
                Action::ApproveRow,
                Action::ApproveAll,
                Action::MarkRecount,
                Action::ToggleReconcile,
                Action::Filter,
                Action::Help,
            ];
        }
        if self.session.is_none() {
            // Nothing counted yet: starting a count is the one thing to do.
            return &[
                Action::CountStart,
                Action::ToggleReconcile,
                Action::FocusNextPane,
                Action::Help,
            ];
        }
        &[
            Action::CountUndo,
            Action::ToggleReconcile,
            Action::CountStart,
            Action::FocusNextPane,
            Action::Help,
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
    /// Shows the reconciliation rows matching every word of the pane's filter (code, name,
    /// location, flags).
    fn refilter(&mut self) {
        let words = super::filter_words(&self.filter);
        self.list.visible = match &self.report {
            Some(r) => r
                .rows
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let mut fields = vec![l.code.as_str(), l.name.as_str(), l.location.as_str()];
                    fields.extend(l.flags.iter().map(|f| f.as_str()));
                    super::words_match(&words, &fields)
                })
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        self.list.clamp();
    }
}

impl App {
    /// Finds the open session and its reconciliation.
    pub fn load_count(&mut self) {
        let sessions = match self.inv.count_sessions() {
            Ok(s) => s,
            Err(e) => return self.error(e),
        };
        let open = sessions
            .iter()
            .find(|s| s.status == crate::domain::stocktake::SessionStatus::Open)
            .map(|s| s.session);
        if self.count.session != open {
            // Another count: what this screen entered was in the one before.
            self.count.entered.clear();
            self.count.undo_asking = None;
        }
        self.count.session = open;
        if open.is_none() {
            // The count closed (applied here or elsewhere): no reconciliation to show,
            // so the footer names the scan screen's keys again.
            self.count.reconcile = false;
            self.count.confirming = false;
        }
        self.count.report = match open {
            Some(id) => match self.inv.count_report(id) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.error(e);
                    None
                }
            },
            None => None,
        };
        self.count.refilter();
    }

    fn count_run(&mut self, cmd: Command) -> bool {
        match self.inv.execute(cmd) {
            Ok(a) => {
                self.note_entry(&a.outcome);
                let t = match &a.outcome {
                    crate::inventory::Outcome::CountApplied(s) => self.apply_status(s),
                    o => outcome_text(o),
                };
                self.status = Some(Status::Info(t));
                self.load_count();
                true
            }
            Err(e) => {
                self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e))));
                false
            }
        }
    }

    pub fn count_start(&mut self) {
        if let Some(id) = self.count.session {
            self.status = Some(Status::Error(crate::i18n::fill(
                "tui.count_already_open",
                &[&id],
            )));
            return;
        }
        self.count_run(Command::CountStart {
            at: None,
            filter: None,
            blind: false,
        });
    }

    /// Remembers an entry this screen made, so undo knows it for this screen's own.
    fn note_entry(&mut self, o: &crate::inventory::Outcome) {
        use crate::inventory::Outcome;
        if let Outcome::Counted { entry, .. } | Outcome::CountRestarted { entry, .. } = o {
            self.count.entered.push(*entry);
        }
    }

    /// The user's last entry in the open count that still stands (number, code, quantity),
    /// read fresh; none when it is not among the latest entries.
    fn my_last_entry(&mut self) -> Option<(u64, String, u64)> {
        if self.count.me.is_none() {
            self.count.me = self.inv.whoami().ok().map(|u| u.name);
        }
        self.load_count();
        let me = self.count.me.as_deref()?;
        let report = self.count.report.as_ref()?;
        report
            .recent
            .iter()
            .find(|e| !e.undone && e.counter == me)
            .map(|e| (e.n, e.code.clone(), e.qty))
    }

    /// Takes back the user's last entry: at once when this screen made it; one made before
    /// the screen opened (another day, or before a restart) is named first, and the same
    /// key again takes it back.
    pub fn count_undo(&mut self) {
        let Some(session) = self.count.session else {
            return;
        };
        self.count.asking = None;
        let Some((n, code, qty)) = self.my_last_entry() else {
            self.count.undo_asking = None;
            self.status = Some(Status::Info(text("tui.count_undo_nothing").to_string()));
            return;
        };
        let made_here = self.count.entered.contains(&n);
        if !made_here && self.count.undo_asking != Some(n) {
            self.count.undo_asking = Some(n);
            let key = self.key_name(Action::CountUndo);
            self.status = Some(Status::Info(crate::i18n::fill(
                "tui.count_undo_ask",
                &[&crate::i18n::number(qty), &code, &key],
            )));
            return;
        }
        self.count.undo_asking = None;
        if !made_here {
            // Not this screen's amendment: it is taken back whole, as asked.
            self.count.amended = None;
        }
        if let Some(sku) = self.count.amended.take() {
            // The amendment goes; the scan it amended is counted as one again.
            if self.undo_entry(session, n)
                && self.count_run(Command::CountAdd {
                    session,
                    sku: sku.clone(),
                    qty: 1,
                })
            {
                self.status = Some(Status::Info(crate::i18n::fill(
                    "tui.count_amend_undone",
                    &[&sku],
                )));
                self.count.last_sku = Some(sku);
            } else {
                self.count.last_sku = None;
            }
            return;
        }
        self.undo_entry(session, n);
        self.count.last_sku = None;
    }

    /// Takes back the user's last entry, `n` (the engine takes back the caller's last); it
    /// is no longer this screen's to undo.
    fn undo_entry(&mut self, session: u64, n: u64) -> bool {
        let undone = self.count_run(Command::CountUndo { session });
        if undone {
            self.count.entered.retain(|&e| e != n);
        }
        undone
    }

    pub fn toggle_reconcile(&mut self) {
        self.count.reconcile = !self.count.reconcile;
        self.count.confirming = false;
        self.load_count();
    }

    fn selected_count_code(&self) -> Option<String> {
        let r = self.count.report.as_ref()?;
        let i = self.count.list.selected()?;
        r.rows.get(i).map(|l| l.code.clone())
    }

    pub fn approve_row(&mut self) {
        if let Some(code) = self.selected_count_code() {
            if !self.count.approved.remove(&code) {
                self.count.approved.insert(code);
            }
            self.count.confirming = false;
            // On to the next row, as space marks a run of rows in Alerts.
            self.count.list.step(1);
        }
    }

    /// Approves every row shown (all of them, or those the filter leaves).
    pub fn approve_all(&mut self) {
        if let Some(r) = &self.count.report {
            let shown = self
                .count
                .list
                .visible
                .iter()
                .filter_map(|&i| r.rows.get(i));
            self.count.approved.extend(shown.map(|l| l.code.clone()));
            self.count.confirming = false;
        }
    }

    pub fn mark_recount(&mut self) {
        if let (Some(session), Some(sku)) = (self.count.session, self.selected_count_code()) {
            self.count.approved.remove(&sku);
            self.count_run(Command::CountRecount { session, sku });
        }
    }

    /// The owner's choice for the row under the cursor when it is in conflict by a movement
    /// after its count; it applies that row.
    pub fn resolve_row(&mut self, choice: crate::inventory::stocktake::Resolution) {
        if !self.count.reconcile {
            return;
        }
        if let (Some(session), Some(sku)) = (self.count.session, self.selected_count_code()) {
            // It corrects stock at once: the same key twice on the same row, as apply asks.
            let armed = (sku.clone(), choice);
            if self.count.resolving.as_ref() != Some(&armed) {
                let (key, action) = match choice {
                    crate::inventory::stocktake::Resolution::CountStands => (
                        "tui.resolve_stands_ask",
                        crate::tui::action::Action::CountStands,
                    ),
                    crate::inventory::stocktake::Resolution::MovementAfter => (
                        "tui.resolve_after_ask",
                        crate::tui::action::Action::MovementAfter,
                    ),
                };
                let k = self.key_name(action);
                self.status = Some(Status::Info(crate::i18n::fill(key, &[&sku, &k])));
                self.count.resolving = Some(armed);
                self.dirty = true;
                return;
            }
            self.count.resolving = None;
            self.count.approved.remove(&sku);
            let settled = self.count_run(Command::CountResolve {
                session,
                sku: sku.clone(),
                choice,
            });
            if settled {
                // One row was settled; the count itself stays open for the rest.
                self.status = Some(Status::Info(crate::i18n::fill(
                    "tui.resolve_done",
                    &[&sku, &session],
                )));
            }
        }
    }

    /// Applies the approved rows, or the whole count when none is approved; asks first.
    pub fn apply_count(&mut self) {
        let Some(session) = self.count.session else {
            return;
        };
        if !self.count.confirming {
            self.count.confirming = true;
            let k = self.key_name(crate::tui::action::Action::ApplyCount);
            self.status = Some(Status::Info(crate::i18n::fill("tui.count_confirm", &[&k])));
            return;
        }
        self.count.confirming = false;
        let mut only: Vec<String> = self.count.approved.iter().cloned().collect();
        // Every row still to apply approved is the whole count: it may close.
        if let Some(r) = &self.count.report {
            let left: BTreeSet<String> = r
                .rows
                .iter()
                .filter(|l| {
                    !l.flags
                        .contains(&crate::domain::stocktake::CountFlag::Applied)
                })
                .map(|l| l.code.clone())
                .collect();
            if !left.is_empty() && left.iter().all(|c| self.count.approved.contains(c)) {
                only.clear();
            }
        }
        if self.count_run(Command::CountApply {
            session,
            only,
            zero_uncounted: false,
        }) {
            self.count.approved.clear();
            self.reload();
        }
    }

    /// Keys while the scan field has the focus. Returns false to let the keymap have it.
    pub fn count_entry_key(&mut self, k: KeyEvent) -> bool {
        // The pane's own keys (ctrl and function keys) and leaving the pane come first.
        if let Some(key) = Key::from_event(&k) {
            let special = k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                || matches!(k.code, KeyCode::F(_) | KeyCode::Tab | KeyCode::BackTab);
            if special {
                if let Lookup::Run(actions) = self
                    .keymap
                    .lookup(&[Context::Stocktake, Context::Global], &[key])
                {
                    for a in actions {
                        self.run(a);
                    }
                }
                return true;
            }
        }
        // Typing answers "no" to undo's question.
        self.count.undo_asking = None;
        // With the field empty, the help key opens the help (a barcode or a code never
        // starts with it); the footer offers it only then.
        if self.entry_offers_help() && self.is_help_key(&k) {
            self.run(Action::Help);
            return true;
        }
        match self.input_action(&k, &[Context::Input]) {
            // Esc answers "no" to a question about a big number.
            Some(Action::Cancel) if self.count.asking.is_some() => {
                self.count.asking = None;
                self.count.input.clear();
                self.status = Some(Status::Info(text("tui.cancelled").to_string()));
            }
            Some(Action::Cancel) if self.count.input.is_empty() => {
                self.run(Action::ShowSkus);
            }
            Some(Action::Cancel) => self.count.input.clear(),
            Some(Action::DeleteBack) => {
                self.count.input.pop();
            }
            Some(Action::Confirm) => self.count_submit(),
            Some(_) => {}
            None => match k.code {
                KeyCode::Char(c) if !c.is_control() => self.count.input.push(c),
                _ => {}
            },
        }
        self.dirty = true;
        true
    }

    /// Whether the help key works in the scan field now. A ctrl or function key always
    /// does; a character only while the field is empty, and never a letter or digit (those
    /// are typed: codes and barcodes are made of them).
    pub fn entry_offers_help(&self) -> bool {
        let Some(k) = self
            .keymap
            .hint(&[Context::Stocktake, Context::Global], Action::Help)
        else {
            return false;
        };
        let mut chars = k.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.count.input.is_empty() && !c.is_alphanumeric(),
            _ => true,
        }
    }

    /// Whether the key is bound to the help here.
    fn is_help_key(&self, k: &KeyEvent) -> bool {
        let Some(key) = Key::from_event(k) else {
            return false;
        };
        let plain = matches!(k.code, KeyCode::Char(c) if !c.is_alphanumeric());
        plain
            && matches!(
                self.keymap.lookup(&[Context::Stocktake, Context::Global], &[key]),
                Lookup::Run(a) if a == [Action::Help]
            )
    }

    /// The last scan of `sku` becomes `qty` units: the scan is taken back, the quantity
    /// entered; undo later takes back the quantity only.
    fn count_amend(&mut self, session: u64, sku: String, qty: u64) {
        // The scan being amended is this screen's last entry.
        let scan = self.count.entered.last().copied().unwrap_or_default();
        if self.undo_entry(session, scan)
            && self.count_run(Command::CountAdd {
                session,
                sku: sku.clone(),
                qty,
            })
        {
            self.count.amended = Some(sku);
        }
        self.count.last_sku = None;
    }

    /// What the stocktake says with no count open: the key that starts one, for whoever
    /// may start it (through the keymap, so a remap shows); the others are told who does.
    pub fn count_none_text(&self) -> String {
        if !self.may(Action::CountStart) {
            return text("tui.count_none_owner").to_string();
        }
        let key = self
            .keymap
            .hint(&self.contexts(), Action::CountStart)
            .unwrap_or_else(|| Action::CountStart.name().to_string());
        crate::i18n::fill("tui.count_none", &[&key])
    }

    /// A scan counts one; a short number right after a scan makes that scan so many.
    pub(crate) fn count_submit(&mut self) {
        let input = std::mem::take(&mut self.count.input);
        let input = input.trim();
        let Some(session) = self.count.session else {
            if !input.is_empty() {
                self.status = Some(Status::Error(self.count_none_text()));
            }
            return;
        };
        if input.is_empty() {
            // Enter again on a big number that was asked about writes it.
            if let Some((sku, qty)) = self.count.asking.take() {
                self.count_amend(session, sku, qty);
            }
            return;
        }
        let is_qty = input.len() <= MAX_QTY_DIGITS && input.bytes().all(|b| b.is_ascii_digit());
        match (&self.count.last_sku, is_qty) {
            (Some(sku), true) => {
                let sku = sku.clone();
                let Ok(qty) = input.parse::<u64>() else {
                    return;
                };
                // Far beyond the usual: the number written out, and Enter again.
                let armed = (sku.clone(), qty);
                if self.count.asking.as_ref() != Some(&armed) {
                    let beyond = crate::tui::app::unusual_for(qty, self.largest_movement(&sku));
                    if qty > crate::tui::app::UNUSUAL_QTY || beyond.is_some() {
                        let ask =
                            crate::i18n::fill("tui.ask_count", &[&sku, &crate::i18n::number(qty)]);
                        // The reason is said when it is not simply a big number.
                        self.status = Some(Status::Info(match beyond {
                            Some(why) if qty <= crate::tui::app::UNUSUAL_QTY => {
                                format!("{why} {ask}")
                            }
                            _ => ask,
                        }));
                        // The field is free again: Enter on it writes the number, a
                        // scan counts as a scan.
                        self.count.asking = Some(armed);
                        return;
                    }
                }
                self.count.asking = None;
                self.count_amend(session, sku, qty);
            }
            _ => {
                self.count.asking = None;
                let cmd = Command::CountAdd {
                    session,
                    sku: input.to_string(),
                    qty: 1,
                };
                match self.inv.execute(cmd) {
                    Ok(a) => {
                        self.note_entry(&a.outcome);
                        if let crate::inventory::Outcome::Counted { code, .. } = &a.outcome {
                            self.count.last_sku = Some(code.clone());
                        }
                        self.count.amended = None;
                        self.status = Some(Status::Info(outcome_text(&a.outcome)));
                        self.load_count();
                    }
                    Err(e) => {
                        // Loud: an unknown barcode is named and nothing is counted.
                        self.status = Some(Status::Error(self.scan_error(input, &e)));
                        self.bell = true;
                        self.count.last_sku = None;
                    }
                }
            }
        }
    }
}

impl App {
    /// One status line for an apply: what was adjusted, then reservations left short, then
    /// the rows in conflict; what to do about them named by key.
    fn apply_status(&self, s: &crate::inventory::stocktake::ApplySummary) -> String {
        let mut t = crate::i18n::fill("cli.count_applied", &[&s.session, &s.applied.len()]);
        if !s.short.is_empty() {
            t.push_str(" · ");
            t.push_str(&crate::i18n::fill(
                "tui.count_short",
                &[
                    &self.key_of("show_reservations"),
                    &self.key_of("move_reservation"),
                    &crate::present::short_list(&s.short),
                ],
            ));
        }
        if !s.conflicts.is_empty() {
            t.push_str(" · ");
            t.push_str(&crate::i18n::fill(
                "tui.count_conflicts",
                &[
                    &self.key_of("count_stands"),
                    &self.key_of("movement_after"),
                    &s.conflicts.join(", "),
                ],
            ));
        }
        t
    }
}

impl App {
    /// The key that does `action` here, as the footer shows it (a remap shows too).
    fn key_name(&self, action: crate::tui::action::Action) -> String {
        self.keymap
            .hint(&self.contexts(), action)
            .unwrap_or_else(|| action.name().to_string())
    }
}
