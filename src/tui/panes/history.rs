//! The history (the ledger, newest first) and its filter with field words.

use super::{ListState, Pane, filter_words, fold_text};
use crate::inventory::MovementView;
use crate::tui::action::Action;

/// The history's state.
#[derive(Default)]
pub struct HistoryPane {
    pub rows: Vec<MovementView>,
    pub list: ListState,
    /// Words; `kind:`, `actor:`, `channel:`, `sku:` narrow to one field, `date:2026-03-04`
    /// to one day, `since:2026-03-01` to that day on.
    pub filter: String,
    /// True when the ledger holds more than the newest `HISTORY_TAIL` entries read: a
    /// filter then searches those, and the title says so.
    pub capped: bool,
    /// Bumped whenever the rows or the rows shown change: what a frame measured of all of
    /// them (the columns' widths) is kept until then.
    pub(crate) generation: u64,
    /// The columns' widths over every row shown, with the generation, language and width
    /// class they were measured at: a frame measures them once, not on every scroll.
    pub(crate) measured: std::cell::RefCell<Option<(Measured, crate::tui::view::Widths)>>,
}

/// What the history's widths were measured at: generation, language, wide, compact.
pub(crate) type Measured = (u64, crate::i18n::Lang, bool, bool);

/// How many of the newest entries the history pane reads.
pub const HISTORY_TAIL: usize = 2000;

impl HistoryPane {
    /// Takes the entries, newest first by the time each happened (a backdated entry is
    /// written later than it happened); the same time keeps the writing order.
    pub fn set_rows(&mut self, mut rows: Vec<MovementView>) {
        rows.sort_by(MovementView::newest_first);
        self.rows = rows;
        self.generation += 1;
    }

    pub fn selected(&self) -> Option<&MovementView> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }
}

impl crate::tui::app::App {
    /// Reads the history: a bounded tail of the ledger (not a pass over it), newest first
    /// by time, the same beside another pane as in front (a shorter tail would put other
    /// rows first, since backdated entries sort by time).
    pub(crate) fn load_history(&mut self) {
        use crate::inventory::InventoryExt;
        // One more than is shown tells whether older entries exist.
        match self.inv.history(None, HISTORY_TAIL + 1) {
            Ok(mut rows) => {
                self.history.capped = rows.len() > HISTORY_TAIL;
                rows.truncate(HISTORY_TAIL);
                self.history.set_rows(rows)
            }
            Err(e) => self.error(e),
        }
    }
}

impl Pane for HistoryPane {
    fn title_key(&self) -> &'static str {
        "pane.history"
    }
    fn hints(&self) -> &'static [Action] {
        &[
            Action::Filter,
            Action::ReturnItem,
            Action::Help,
            Action::Quit,
            // The tab bar names it too; the first to go when the line is short.
            Action::ShowSkus,
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
    /// Narrows the history to entries matching every word of the filter.
    fn refilter(&mut self) {
        self.generation += 1;
        let words = filter_words(&self.filter);
        // A day as the "when" column shows it ("03-04") is read in the year of the newest
        // entry; a full date as it is.
        let year = self
            .rows
            .first()
            .and_then(|m| m.at.get(..4))
            .unwrap_or("")
            .to_string();
        let full_day = |v: &str| -> String {
            let b = v.as_bytes();
            let month_day =
                b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
            if month_day && !year.is_empty() {
                format!("{year}-{v}")
            } else {
                v.to_string()
            }
        };
        self.list.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                if words.is_empty() {
                    return true;
                }
                let has = |field: &str, needle: &str| fold_text(field).contains(needle);
                let channel = m.channel.as_deref().unwrap_or("");
                // The entry's day, as the history shows it (YYYY-MM-DD).
                let day = m.at.get(..10).unwrap_or(&m.at);
                let kind = m.kind.to_string();
                // The kind as the screen shows it ("отгрузка" in Russian, "возв.брак" in
                // a narrow column), folded.
                let shown = fold_text(&crate::i18n::kind_text(m.kind));
                let short = fold_text(&crate::i18n::kind_text_short(m.kind));
                // An entry written for a kit is found by the kit's code too.
                let kit = m.kit_code();
                words.iter().all(|w| {
                    match w.split_once(':') {
                        Some(("date" | "day" | "дата", v)) => day.starts_with(&full_day(v)),
                        Some(("since" | "from" | "с", v)) => {
                            !v.is_empty() && day >= full_day(v).as_str()
                        }
                        // "kind:return" matches both returns; "kind:ship" not "...:shipping_damage".
                        // The word the screen shows counts too: "вид:отгрузка".
                        Some(("kind" | "вид", v)) => {
                            kind.starts_with(v) || shown.starts_with(v) || short.starts_with(v)
                        }
                        Some(("actor" | "who" | "кто", v)) => has(&m.actor, v),
                        Some(("channel" | "канал", v)) => has(channel, v),
                        Some(("sku" | "code" | "код" | "артикул", v)) => {
                            has(&m.code, v) || kit.is_some_and(|k| has(k, v))
                        }
                        _ => {
                            has(&m.code, w)
                                || kit.is_some_and(|k| has(k, w))
                                || has(&kind, w)
                                || shown.contains(w)
                                || short.contains(w)
                                || has(&m.actor, w)
                                || has(channel, w)
                                || has(&m.location, w)
                                || m.reference.as_deref().is_some_and(|r| has(r, w))
                                || m.note.as_deref().is_some_and(|r| has(r, w))
                                || has(day, w)
                        }
                    }
                })
            })
            .map(|(i, _)| i)
            .collect();
        self.list.clamp();
    }
}
