//! The reservation queue: its filters (words, channel, delivery), and picking by scan.

use crossterm::event::{KeyCode, KeyEvent};

use super::{ListState, Pane, filter_words, words_match};
use crate::domain::{DeliveryMethod, ReservationStatus};
use crate::i18n::{fill, text};
use crate::inventory::ReservationView;
use crate::present::outcome_text;
use crate::tui::action::Action;
use crate::tui::app::{App, PaneId, Scan, Status};
use crate::tui::keymap::Context;

/// The queue's state.
#[derive(Default)]
pub struct ReservationsPane {
    pub rows: Vec<ReservationView>,
    pub list: ListState,
    /// The queue's filter: words matched on order, SKU code and name, channel, customer,
    /// delivery.
    pub filter: String,
    /// Only this channel's reservations.
    pub channel: Option<String>,
    /// Only this delivery method's reservations.
    pub delivery: Option<DeliveryMethod>,
    /// Only the head of the queue is here (the pane is beside another, not in front).
    pub partial: bool,
    /// How many reservations are open (the store's count), for the title of a head.
    pub total: Option<u64>,
}

/// Rows of the queue read when it is only beside another pane: more than a side pane shows.
pub const QUEUE_SIDE_ROWS: u32 = 100;

impl ReservationsPane {
    pub fn selected(&self) -> Option<&ReservationView> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }
}

impl Pane for ReservationsPane {
    fn title_key(&self) -> &'static str {
        "pane.reservations"
    }
    fn hints(&self) -> &'static [Action] {
        &[
            Action::Pick,
            Action::ShipReservation,
            Action::ReleaseReservation,
            Action::ReturnItem,
            Action::Filter,
            Action::FilterChannel,
            Action::FilterDelivery,
            Action::Help,
            Action::Quit,
            // A short row's last line names its key; the first to go when the line is short.
            Action::MoveReservation,
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
    /// Narrows the queue to the channel and delivery chosen and the filter's words.
    fn refilter(&mut self) {
        let ch = self.channel.clone();
        let dl = self.delivery;
        let words = filter_words(&self.filter);
        self.list.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| ch.as_ref().is_none_or(|c| &r.channel == c))
            .filter(|(_, r)| dl.is_none_or(|d| r.delivery == Some(d)))
            .filter(|(_, r)| {
                let mut fields = vec![
                    r.order.as_str(),
                    r.code.as_str(),
                    r.name.as_str(),
                    r.channel.as_str(),
                    r.location.as_str(),
                    r.delivery.map(|d| d.as_str()).unwrap_or(""),
                    r.destination.map(|d| d.as_str()).unwrap_or(""),
                    r.address.as_deref().unwrap_or(""),
                    r.tracking.as_deref().unwrap_or(""),
                ];
                fields.extend(r.barcodes.iter().map(String::as_str));
                words_match(&words, &fields)
            })
            .map(|(i, _)| i)
            .collect();
        self.list.clamp();
    }
}

impl App {
    /// The queue comes in front: beside another pane it held only its head, now it is
    /// read whole.
    pub(crate) fn read_queue_in_front(&mut self) {
        if self.pane == PaneId::Reservations && self.reservations.partial {
            self.load_queue();
            self.reservations.refilter();
        }
    }

    /// Reads the queue: all of it in front, only its head beside another pane (unless a
    /// filter is set, which needs every row).
    pub(crate) fn load_queue(&mut self) {
        use crate::inventory::InventoryExt;
        let q = &self.reservations;
        let whole = self.pane == PaneId::Reservations
            || !q.filter.is_empty()
            || q.channel.is_some()
            || q.delivery.is_some();
        let rows = if whole {
            self.inv.reservations(None, false)
        } else {
            self.reservations.total = self.inv.stats().ok().map(|s| s.open_reservations);
            self.inv.reservation_queue(QUEUE_SIDE_ROWS)
        };
        match rows {
            Ok(rows) => {
                self.reservations.partial = !whole;
                self.reservations.rows = rows;
            }
            Err(e) => self.error(e),
        }
    }

    /// Scan to find the order: the oldest open reservation of the scanned item that
    /// still has units to pick opens for picking.
    pub(crate) fn scan_to_find(&mut self, barcode: &str, code: &str) {
        let found = self
            .reservations
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.code == code && r.status == ReservationStatus::Open && r.picked < r.remaining
            })
            .min_by_key(|(_, r)| (r.created_ms, r.reservation))
            .map(|(i, _)| i);
        let Some(i) = found else {
            self.status = Some(Status::Error(fill(
                "tui.scan_nothing_to_pick",
                &[&code, &barcode],
            )));
            self.bell = true;
            return;
        };
        if !self.reservations.list.visible.contains(&i) {
            self.reservations.channel = None;
            self.reservations.delivery = None;
            self.reservations.refilter();
        }
        if !self.reservations.list.visible.contains(&i) {
            // The queue's own filter hid it: the scan is what the packer wants now.
            self.reservations.filter.clear();
            self.reservations.refilter();
        }
        if let Some(pos) = self.reservations.list.visible.iter().position(|&v| v == i) {
            self.reservations.list.cursor = pos;
        }
        self.start_scan();
        // The unit in hand is the order's first pick.
        let id = self.reservations.rows[i].reservation;
        if self.scan.as_ref().is_some_and(|s| s.reservation == id) {
            self.pick(id, barcode.to_string());
        }
    }

    /// Picks one scanned unit for the reservation; a complete pick ends the scanning.
    pub(crate) fn pick(&mut self, id: u64, barcode: String) {
        match self
            .inv
            .execute(crate::inventory::Command::Pick { id, barcode })
        {
            Ok(a) => {
                self.status = Some(Status::Info(outcome_text(&a.outcome)));
                self.reload();
                if let crate::inventory::Outcome::Picked(r) = &a.outcome {
                    if r.picked >= r.remaining {
                        self.scan = None;
                    } else if let Some(scan) = self.scan.as_mut() {
                        scan.last = r.parts.iter().find(|p| p.just).map(|p| p.code.clone());
                    }
                }
            }
            Err(e) => {
                // Loud: the expected SKU is named; nothing changed.
                self.status = Some(Status::Error(format!("✗ {}", self.screen_error(&e))));
            }
        }
    }

    /// A key while the packer scans: the editing keys (`[input]`), else typed.
    pub(crate) fn scan_key(&mut self, k: KeyEvent) {
        let action = self.input_action(&k, &[Context::Input]);
        let Some(scan) = self.scan.as_mut() else {
            return;
        };
        match action {
            Some(Action::Cancel) => {
                self.scan = None;
                self.status = Some(Status::Info(text("tui.scan_done").to_string()));
            }
            Some(Action::DeleteBack) => {
                scan.input.pop();
            }
            Some(Action::Confirm) => {
                let code = std::mem::take(&mut scan.input);
                let id = scan.reservation;
                if code.trim().is_empty() {
                    return;
                }
                self.pick(id, code);
            }
            Some(_) => {}
            None => match k.code {
                KeyCode::Char(c) if !c.is_control() => scan.input.push(c),
                _ => {}
            },
        }
    }

    pub(crate) fn start_scan(&mut self) {
        if self.pane != PaneId::Reservations {
            return;
        }
        // Everything picked: nothing is left to scan, the next step is shipping it.
        if let Some(r) = self.selected_reservation()
            && r.parts.is_empty()
            && r.remaining > 0
            && r.picked >= r.remaining
        {
            let words = fill(
                "tui.all_picked",
                &[
                    &r.reservation,
                    &r.code,
                    &r.picked,
                    &self.key_of("ship_reservation"),
                ],
            );
            self.status = Some(Status::Info(words));
            return;
        }
        if let Some((id, code, kit)) = self
            .selected_reservation()
            .map(|r| (r.reservation, r.code.clone(), !r.parts.is_empty()))
        {
            self.scan = Some(Scan {
                reservation: id,
                input: String::new(),
                last: None,
            });
            // A kit's components are listed under the queue: the words point there.
            let key = if kit {
                "tui.scan_for_kit"
            } else {
                "tui.scan_for"
            };
            self.status = Some(Status::Info(fill(key, &[&id, &code])));
        }
    }

    /// The next channel to show the queue of (none: every channel), of those in the queue.
    pub(crate) fn filter_channel(&mut self) {
        let chans: Vec<String> = {
            let mut v: Vec<String> = self.choices.channels.clone();
            v.retain(|c| self.reservations.rows.iter().any(|r| &r.channel == c));
            v
        };
        self.reservations.channel = cycle_option(&self.reservations.channel, &chans);
        self.reservations.refilter();
    }

    /// The next delivery method to show the queue of (none: every method).
    pub(crate) fn filter_delivery(&mut self) {
        self.reservations.delivery =
            cycle_option(&self.reservations.delivery, &DeliveryMethod::ALL);
        self.reservations.refilter();
    }
}

/// None -> first -> second -> ... -> None.
fn cycle_option<T: Clone + PartialEq>(cur: &Option<T>, opts: &[T]) -> Option<T> {
    match cur {
        None => opts.first().cloned(),
        Some(c) => {
            let i = opts.iter().position(|o| o == c);
            i.and_then(|i| opts.get(i + 1).cloned())
        }
    }
}
