//! Forms as the App runs them: opening one on the selected SKU or reservation, keys
//! typed into it, the questions an unusual quantity asks, and writing it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, PaneId, Status};
use super::form::{FieldId, Form, FormKind, Subject};
use super::keymap::{Context, Key};
use crate::domain::KindName;
use crate::i18n::{fill, text};
use crate::inventory::{InventoryExt, MovementView};
use crate::present::outcome_text;

/// A quantity above this asks for a second Enter with the number written out.
pub const UNUSUAL_QTY: u64 = 1_000;

/// A quantity more than this many times the SKU's largest movement so far is asked about.
pub const UNUSUAL_FACTOR: u64 = 10;

/// Why a quantity is far beyond what the SKU has moved, if it is: more than ten times
/// its largest movement so far.
pub fn unusual_for(qty: u64, largest: Option<u64>) -> Option<String> {
    let largest = largest?;
    (qty > largest.saturating_mul(UNUSUAL_FACTOR)).then(|| {
        fill(
            "tui.beyond_largest",
            &[&crate::i18n::number(qty), &crate::i18n::number(largest)],
        )
    })
}

impl App {
    /// A key in a form: the form's own keys (`[form]`), then the editing keys (`[input]`);
    /// any other printable key is typed into the focused field.
    pub(crate) fn form_key(&mut self, k: KeyEvent) {
        if Key::from_event(&k).is_none() {
            return;
        }
        let action = self.input_action(&k, &[Context::Form, Context::Input]);
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let edited = match action {
            Some(Action::Cancel) => {
                self.form = None;
                self.status = Some(Status::Info(text("tui.cancelled").to_string()));
                return;
            }
            Some(Action::NextField) | Some(Action::PrevField) => {
                form.confirming = false;
                form.asking = None;
                form.next(action == Some(Action::NextField));
                return;
            }
            Some(Action::Confirm) => return self.submit_form(),
            Some(Action::PrevOption) => {
                form.focused().cycle(false);
                true
            }
            Some(Action::NextOption) => {
                form.focused().cycle(true);
                true
            }
            Some(Action::DeleteBack) => {
                form.focused().backspace();
                true
            }
            Some(_) => false,
            None => match k.code {
                KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    form.focused().type_char(c);
                    true
                }
                _ => false,
            },
        };
        if edited {
            // Any change takes back a question asked about the old values, and
            // the form's complaint goes with what it complained about.
            form.confirming = false;
            form.asking = None;
            form.error = None;
        }
    }

    /// The question an unusual quantity asks before it is written, if any: far beyond
    /// the usual, or shipping more than was picked.
    pub(crate) fn unusual_quantity(form: &Form) -> Option<String> {
        let qty = form.quantity()?;
        if form.kind == FormKind::Ship
            && let Subject::Reservation(r) = &form.subject
            && qty > r.picked
        {
            return Some(crate::i18n::fill(
                "tui.ship_more_than_picked",
                &[&crate::i18n::number(qty), &crate::i18n::number(r.picked)],
            ));
        }
        // An adjust that sets a level is not a movement of that size.
        let sets_level =
            form.kind == FormKind::Adjust && !form.value(FieldId::Qty).starts_with(['+', '-']);
        let beyond = unusual_for(qty, form.largest.filter(|_| !sets_level));
        if qty > UNUSUAL_QTY || beyond.is_some() {
            let key = match form.kind {
                FormKind::Receive => "tui.ask_receive",
                FormKind::Reserve => "tui.ask_reserve",
                FormKind::Sell => "tui.ask_sell",
                FormKind::Transfer => "tui.ask_transfer",
                FormKind::Defect => "tui.ask_defect",
                FormKind::Writeoff => "tui.ask_writeoff",
                FormKind::Adjust => "tui.ask_adjust",
                FormKind::Ship => "tui.ask_ship",
                FormKind::Return => "tui.ask_return",
                FormKind::Release | FormKind::Rules | FormKind::MoveReservation => return None,
            };
            let ask = crate::i18n::fill(key, &[&crate::i18n::number(qty)]);
            // The reason is said when it is not simply a big number.
            return Some(match beyond {
                Some(why) if qty <= UNUSUAL_QTY => format!("{why} {ask}"),
                _ => ask,
            });
        }
        None
    }

    /// What an adjust will do, asked before it is written: the level it sets, or the
    /// change it makes, with on hand before and after at the form's location.
    pub(crate) fn adjust_question(form: &Form) -> Option<String> {
        use crate::i18n::number;
        let v = form.value(FieldId::Qty);
        let was = form
            .on_hand
            .iter()
            .find(|(l, _)| l == form.value(FieldId::At))
            .map_or(0, |(_, n)| *n);
        let signed = |d: i64| {
            let sign = if d < 0 { "-" } else { "+" };
            format!("{sign}{}", number(d.unsigned_abs()))
        };
        let ask = if v.starts_with(['+', '-']) {
            let d = crate::domain::parse_delta(v).ok()?;
            let to = (was as i64).saturating_add(d).max(0) as u64;
            crate::i18n::fill(
                "tui.ask_adjust_by",
                &[&signed(d), &number(was), &number(to)],
            )
        } else {
            let to = crate::domain::parse_count(v).ok()?;
            let d = (to as i64).saturating_sub(was as i64);
            crate::i18n::fill(
                "tui.ask_adjust_set",
                &[&number(to), &number(was), &signed(d)],
            )
        };
        // A change far beyond the usual says so first (a level set is no movement).
        let beyond = v
            .starts_with(['+', '-'])
            .then(|| unusual_for(form.quantity().unwrap_or(0), form.largest))
            .flatten();
        Some(match beyond {
            Some(why) => format!("{why} {ask}"),
            None => ask,
        })
    }

    /// The most units one movement of the SKU has moved, from its recent history (none
    /// when it has none yet).
    pub(crate) fn largest_movement(&self, code: &str) -> Option<u64> {
        let rows = self.inv.history(Some(code.to_string()), 2000).ok()?;
        rows.iter().map(|m| m.qty).max().filter(|&q| q > 0)
    }

    /// Where the till sells from: the retail channel's first source location, else the
    /// location of its latest sale in the ledger.
    pub(crate) fn retail_location(&self) -> Option<String> {
        let till = self.choices.retail.as_deref()?;
        let from_rules = self
            .matrix
            .channels
            .iter()
            .find(|c| c.name == till)
            .and_then(|c| c.sources.first().cloned());
        from_rules
            .or_else(|| {
                self.history
                    .rows
                    .iter()
                    .filter(|m| {
                        m.kind.name() == KindName::Sell && m.channel.as_deref() == Some(till)
                    })
                    .max_by(|a, b| a.at.cmp(&b.at))
                    .map(|m| m.location.clone())
            })
            .filter(|l| self.choices.locations.contains(l))
    }

    /// Opens a form knowing how much the SKU usually moves.
    pub(crate) fn set_form(&mut self, mut form: Form) {
        if let Some(code) = form.sku_code().map(str::to_string) {
            let code = code.as_str();
            form.largest = self.largest_movement(code);
            if form.kind == FormKind::Adjust
                && let Ok(d) = self.inv.sku_detail(code, 0)
            {
                form.on_hand = d
                    .locations
                    .iter()
                    .map(|l| (l.location.clone(), l.on_hand))
                    .collect();
            }
        }
        self.form = Some(form);
    }

    pub(crate) fn submit_form(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        form.tried = true;
        if !form.valid() {
            form.error = Some(text("tui.form_invalid").to_string());
            return;
        }
        if form.asking.is_none() {
            let q = if form.kind == FormKind::Adjust {
                Self::adjust_question(form)
            } else {
                Self::unusual_quantity(form)
            };
            if let Some(q) = q {
                // The question is the confirmation: the next Enter writes.
                form.asking = Some(q);
                form.confirming = true;
                return;
            }
        }
        if form.kind.destructive() && !form.confirming {
            form.confirming = true;
            return;
        }
        let cmd = match form.command() {
            Ok(c) => c,
            Err(e) => {
                let said = self.screen_error(&e);
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(said);
                }
                return;
            }
        };
        match self.inv.execute(cmd) {
            Ok(a) => {
                self.form = None;
                self.status = Some(Status::Info(outcome_text(&a.outcome)));
                self.reload();
            }
            Err(e) => {
                // The form stays open with the reason; nothing was written.
                let said = self.screen_error(&e);
                if let Some(f) = self.form.as_mut() {
                    f.error = Some(said);
                    f.confirming = false;
                    f.asking = None;
                }
            }
        }
    }

    /// Units of `code` the order shipped on the channel, and units returned on it.
    pub(crate) fn shipped_and_returned(
        &self,
        code: &str,
        channel: &str,
        order: &str,
    ) -> (u64, u64) {
        let rows = match self.inv.history(Some(code.to_string()), 100_000) {
            Ok(r) => r,
            Err(_) => return (0, 0),
        };
        let mine = |m: &&MovementView| {
            m.channel.as_deref() == Some(channel) && m.reference.as_deref() == Some(order)
        };
        let sum = |pred: &dyn Fn(KindName) -> bool| -> u64 {
            rows.iter()
                .filter(mine)
                .filter(|m| pred(m.kind.name()))
                .map(|m| m.qty)
                .sum()
        };
        (sum(&|k| k == KindName::Ship), sum(&|k| k.is_return()))
    }

    /// A return opens only for shipped units, capped at what the order shipped less
    /// what already came back: from a ship entry in the history, or an order in the queue.
    pub(crate) fn open_return(&mut self) {
        let (code, name, channel, order) = if self.pane == PaneId::History {
            let Some(m) = self
                .history
                .list
                .selected()
                .and_then(|i| self.history.rows.get(i))
                .filter(|m| m.kind.name() == KindName::Ship)
            else {
                self.status = Some(Status::Error(text("tui.return_from_ship").to_string()));
                return;
            };
            let (Some(channel), Some(order)) = (m.channel.clone(), m.reference.clone()) else {
                self.status = Some(Status::Error(text("tui.return_from_ship").to_string()));
                return;
            };
            // A component shipped in a kit comes back with the kit, never alone: the
            // terminal's return of the kit chooses the broken parts.
            if let Some(kit) = m.kit_code() {
                self.status = Some(Status::Error(fill(
                    "tui.return_kit_by_cli",
                    &[&m.code, &kit, &kit, &order, &channel],
                )));
                return;
            }
            let name = self
                .sku_row_by_code(&m.code)
                .map(|s| s.name)
                .unwrap_or_default();
            (m.code.clone(), name, channel, order)
        } else {
            let Some(r) = self.selected_reservation() else {
                return;
            };
            (
                r.code.clone(),
                r.name.clone(),
                r.channel.clone(),
                r.order.clone(),
            )
        };
        let (shipped, returned) = self.shipped_and_returned(&code, &channel, &order);
        if shipped == 0 {
            self.status = Some(Status::Error(fill(
                "tui.return_not_shipped",
                &[&order, &code],
            )));
            return;
        }
        let left = shipped.saturating_sub(returned);
        if left == 0 {
            self.status = Some(Status::Error(fill(
                "tui.return_none_left",
                &[&order, &shipped, &code],
            )));
            return;
        }
        let mut form = Form::new(FormKind::Return, Subject::Sku { code, name }, &self.choices);
        form.set(FieldId::Channel, &channel);
        form.set(FieldId::Order, &order);
        form.cap(FieldId::Qty, left);
        self.set_form(form);
    }

    pub(crate) fn open_form(&mut self, kind: FormKind) {
        if kind == FormKind::Return
            && self.detail.is_none()
            && matches!(self.pane, PaneId::History | PaneId::Reservations)
        {
            return self.open_return();
        }
        let subject = match kind {
            FormKind::Ship | FormKind::Release | FormKind::MoveReservation => {
                match self.selected_reservation() {
                    Some(r) => Subject::Reservation(Box::new(r.clone())),
                    None => return,
                }
            }
            _ => {
                let sel = match &self.detail {
                    Some(d) => Some((d.code.clone(), d.name.clone())),
                    None => self
                        .selected_sku()
                        .map(|s| (s.code.clone(), s.name.clone())),
                };
                match sel {
                    Some((code, name)) => Subject::Sku { code, name },
                    None => return,
                }
            }
        };
        let mut form = Form::new(kind, subject, &self.choices);
        if let Subject::Reservation(r) = &form.subject {
            let (ch, order) = (r.channel.clone(), r.order.clone());
            let picked = r.picked.min(r.remaining);
            form.set(FieldId::Channel, &ch);
            form.set(FieldId::Order, &order);
            // Ship what was picked; nothing picked leaves it to the packer to say.
            if form.kind == FormKind::Ship && picked > 0 {
                form.set(FieldId::Qty, &picked.to_string());
            }
        }
        if form.kind == FormKind::Sell
            && let Some(at) = self.retail_location()
        {
            form.set(FieldId::At, &at);
        }
        self.set_form(form);
    }
}
