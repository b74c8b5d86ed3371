//! Messages as the TUI's screen shows them. Where the CLI's words name a command to type
//! (`stockroom reservation backorder 758`), the screen names the key that does it, as the
//! keymap in force shows it; every other message reads as in the CLI.

use super::{Lang, lang};
use crate::domain::Refusal;
use crate::inventory::{Error, InputError, StoreErrorWire};

/// Formats the English or the Russian text, whichever is in force.
macro_rules! say {
    ($en:literal, $ru:literal $(, $arg:expr)* $(,)?) => {
        match lang() {
            Lang::En => format!($en $(, $arg)*),
            Lang::Ru => format!($ru $(, $arg)*),
        }
    };
}

/// The key of a keymap action ("move_reservation"), as the footer shows it ("o").
pub type KeyOf<'a> = &'a dyn Fn(&str) -> String;

/// An error in the screen's words: a key where the CLI would name a command.
pub fn screen_error_text(e: &Error, key: KeyOf) -> String {
    screen_only(e, key).unwrap_or_else(|| super::error_text(e))
}

/// The screen's own wording, for the errors whose CLI words name a command.
fn screen_only(e: &Error, key: KeyOf) -> Option<String> {
    Some(match e {
        Error::Refused(r) => match r {
            Refusal::MoveShort {
                id,
                location,
                available,
                requested,
            } => say!(
                "{} has {} available, reservation #{} needs {}: choose another location with ← →, or «{}» to let it wait for stock",
                "на складе {} доступно {}, резерву #{} нужно {}: выберите клавишами ← → другой склад или «{}»",
                location,
                available,
                id,
                requested,
                super::text("choice.backorder")
            ),
            Refusal::AlreadyAt { id, location } => say!(
                "reservation #{} is at {} already; choose another location with ← →",
                "резерв #{} уже на складе {}; выберите клавишами ← → другой склад",
                id,
                location
            ),
            Refusal::CountNoConflict { session, code } => say!(
                "{} is not in conflict by a movement after its count in stocktake #{}; approve it ({}) and apply ({})",
                "{} не в конфликте из-за движения после подсчёта в инвентаризации #{}; одобрите его ({}) и проведите ({})",
                code,
                session,
                key("approve_row"),
                key("apply_count")
            ),
            Refusal::CountBelowZero { code, .. } => say!(
                "{}: that choice would take on hand below 0; recount it: scan all that is on the shelf now in the scan field ({} goes back to it)",
                "{}: при таком выборе остаток станет меньше 0; пересчитайте товар: отсканируйте всё, что сейчас на полке, в поле скана ({} — вернуться к нему)",
                code,
                key("toggle_reconcile")
            ),
            Refusal::Shortage { code } => say!(
                "{} is in shortage (more reserved than on hand); receive stock ({}) or release orders ({} in the queue) before reserving or selling more",
                "{}: дефицит (в резерве больше, чем в наличии); оприходуйте товар ({}) или снимите резервы ({} в очереди), прежде чем резервировать или продавать",
                code,
                key("receive"),
                key("release_reservation")
            ),
            Refusal::ReturnMoreThanShipped {
                order_ref,
                channel,
                shipped: 0,
                requested,
                ..
            } => say!(
                "order {} of {} shipped none of this SKU, so {} cannot come back against it; check the order number, or (owner) leave the order empty for a walk-in return",
                "по заказу {} канала {} этот товар не отгружался, вернуть {} по нему нельзя; проверьте номер заказа или (владелец) оставьте заказ пустым для возврата без заказа",
                order_ref,
                channel,
                requested
            ),
            _ => return None,
        },
        Error::Input(i) => match i {
            InputError::UnknownSku(c) => say!(
                "unknown SKU {:?}: no code or barcode matches; the SKU list ({}) shows them",
                "неизвестный товар {:?}: нет такого артикула или штрихкода; товары — в списке ({})",
                crate::domain::limits::cut(c),
                key("show_skus")
            ),
            InputError::UnknownReservation(id) => say!(
                "no reservation #{}; the queue ({}) shows the open ones",
                "нет резерва #{}; открытые резервы — в очереди ({})",
                id,
                key("show_reservations")
            ),
            InputError::UnknownCountSession(id) => say!(
                "there is no stocktake #{}; the open one is in the Stocktake pane ({})",
                "нет инвентаризации #{}; открытая — на панели «Инвентаризация» ({})",
                id,
                key("show_stocktake")
            ),
            _ => return None,
        },
        Error::Store(s) => match s {
            StoreErrorWire::Unconfirmed(d) => say!(
                "storage error while saving: {}; the disk did not confirm the save, so this change may or may not be recorded: look at History ({}) before repeating it",
                "ошибка хранилища при сохранении: {}; диск не подтвердил запись, поэтому это изменение могло как сохраниться, так и нет: посмотрите историю ({}), прежде чем повторять",
                d,
                key("show_history")
            ),
            StoreErrorWire::MaybeApplied(d) => say!(
                "the connection to the server broke during this command and the retry failed too ({}); it may have been applied: look at History ({}) before repeating it",
                "связь с сервером оборвалась во время команды, и повтор тоже не удался ({}); команда могла быть выполнена: посмотрите историю ({}), прежде чем повторять",
                d,
                key("show_history")
            ),
            _ => return None,
        },
        Error::Forbidden { .. } => return None,
    })
}
