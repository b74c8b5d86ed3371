//! The vocabulary of the keymap: every action a key can run, with its description.
//! Help, key hints and `stockroom keys` are generated from these.

use crate::i18n::pick;

macro_rules! actions {
    ($( $variant:ident => $name:literal, $en:literal, $ru:literal; )*) => {
        /// An action a key can run.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $( $variant, )* }

        impl Action {
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )* ];
            /// The snake_case name used in keymap.toml.
            pub fn name(self) -> &'static str {
                match self { $( Action::$variant => $name, )* }
            }
            /// One line on what it does, in the interface language.
            pub fn describe(self) -> &'static str {
                match self { $( Action::$variant => pick($en, $ru), )* }
            }
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $( $name => Some(Action::$variant), )* _ => None }
            }
        }
    };
}

actions! {
    NoOp => "no_op", "Do nothing (unbinds a key)", "Ничего (отвязывает клавишу)";
    Help => "help", "Show or hide the keys", "Показать или скрыть клавиши";
    Quit => "quit", "Quit", "Выйти";
    FocusNextPane => "focus_next_pane", "Next pane", "Следующая панель";
    FocusPrevPane => "focus_prev_pane", "Previous pane", "Предыдущая панель";
    ShowSkus => "show_skus", "SKU list", "Список товаров";
    ShowReservations => "show_reservations", "Reservation queue", "Очередь резервов";
    ShowAlerts => "show_alerts", "Low-stock alerts", "Заканчивается";
    ShowChannels => "show_channels", "Channels", "Каналы";
    ShowStocktake => "show_stocktake", "Stocktake", "Инвентаризация";
    ShowHistory => "show_history", "History (the ledger)", "История (журнал)";
    ShowDay => "show_day", "The day report (← → the previous and next day)", "Итоги дня (← → предыдущий и следующий день)";
    ShowMargin => "show_margin", "Margin by channel, SKU or supplier (← → period)", "Маржа по каналам, товарам, поставщикам (← → период)";
    MarginGroup => "margin_group", "Margin: by channel, by SKU, by supplier", "Маржа: по каналам, по товарам, по поставщикам";
    MarginPeriod => "margin_period", "Margin: 7, 30 or 90 days", "Маржа: 7, 30 или 90 дней";
    Filter => "filter", "Filter the list", "Фильтр списка";
    Back => "back", "Close, back, clear the filter", "Закрыть, назад, сбросить фильтр";
    Refresh => "refresh", "Reload from the database", "Обновить из базы";
    CursorDown => "cursor_down", "Down", "Вниз";
    CursorUp => "cursor_up", "Up", "Вверх";
    PageDown => "page_down", "Page down", "Страница вниз";
    PageUp => "page_up", "Page up", "Страница вверх";
    CursorTop => "cursor_top", "To the top", "В начало";
    CursorBottom => "cursor_bottom", "To the bottom", "В конец";
    Open => "open", "Open the selected item", "Открыть";
    Receive => "receive", "Receive units", "Оприходовать";
    Reserve => "reserve", "Reserve for an order", "Зарезервировать";
    Sell => "sell", "Sell at the till", "Продать";
    Transfer => "transfer", "Move to another location", "Переместить";
    Defect => "defect", "Mark units defective", "Отметить брак";
    Writeoff => "writeoff", "Write off", "Списать";
    Adjust => "adjust", "Correct on hand", "Корректировать";
    CycleSort => "cycle_sort", "Sort by code, name, available", "Сортировка: артикул, имя, доступно";
    Pick => "pick", "Pick by scan", "Собрать по скану";
    ShipReservation => "ship_reservation", "Ship", "Отгрузить";
    ReleaseReservation => "release_reservation", "Release (cancel)", "Снять резерв";
    ReturnItem => "return_item", "Take a return", "Принять возврат";
    FilterChannel => "filter_channel", "Filter by channel", "Фильтр по каналу";
    FilterDelivery => "filter_delivery", "Filter by delivery", "Фильтр по доставке";
    MarkRow => "mark_row", "Mark the row (again: unmark)", "Отметить строку (повторно: снять)";
    CreatePo => "create_po", "Order from suppliers (marked rows, else the selected; twice to confirm)", "Заказать у поставщиков (отмеченные или текущую; дважды для подтверждения)";
    SnoozeAlert => "snooze_alert", "Snooze for 7 days", "Отложить на 7 дней";
    DefectChart => "defect_chart", "Defect chart (by reason and supplier)", "График брака (по причинам и поставщикам)";
    NextChannel => "next_channel", "Next channel", "Следующий канал";
    PrevChannel => "prev_channel", "Previous channel", "Предыдущий канал";
    EditRules => "edit_rules", "Edit the channel's rules", "Правила канала";
    ToggleListing => "toggle_listing", "List or unlist on this channel", "Выставить в канале или снять";
    CountStart => "count_start", "Start a count at the default location", "Начать инвентаризацию на основном складе";
    CountUndo => "count_undo", "Take back my last count entry", "Отменить мою последнюю запись";
    ToggleReconcile => "toggle_reconcile", "Count entry / reconciliation", "Ввод / сверка";
    ApproveRow => "approve_row", "Approve or unapprove the row", "Одобрить строку или снять";
    ApproveAll => "approve_all", "Approve every row", "Одобрить все";
    MarkRecount => "mark_recount", "Mark the SKU for recount", "Отправить на пересчёт";
    CountStands => "count_stands", "Conflict: the count stands (the shelf held what was counted)", "Конфликт: верен подсчёт (на полке было столько, сколько посчитали)";
    MovementAfter => "movement_after", "Conflict: the movement came after the count", "Конфликт: движение было после подсчёта";
    ApplyCount => "apply_count", "Apply the approved rows (or all)", "Провести одобренные (или все)";
    Confirm => "confirm", "Confirm", "Подтвердить";
    Cancel => "cancel", "Cancel", "Отмена";
    NextField => "next_field", "Next field or option", "Следующее поле";
    PrevField => "prev_field", "Previous field", "Предыдущее поле";
    PrevOption => "prev_option", "Previous option of a choice", "Предыдущий вариант выбора";
    NextOption => "next_option", "Next option of a choice", "Следующий вариант выбора";
    DeleteBack => "delete_back", "Delete the last character", "Стереть последний символ";
    MoveReservation => "move_reservation", "Move to another location, or make it a backorder (a short one's way out)", "Перенести на другой склад или оставить ждать поступления (для резерва без товара)";
}

impl Action {
    /// The least role an action needs (the engine checks again when it writes).
    pub fn needed_role(self) -> crate::domain::Role {
        use crate::domain::Role;
        match self {
            Action::Receive
            | Action::Reserve
            | Action::Sell
            | Action::Transfer
            | Action::Defect
            | Action::Pick
            | Action::ShipReservation
            | Action::ReleaseReservation
            | Action::ReturnItem => Role::Packer,
            Action::CountUndo => Role::Counter,
            Action::Writeoff
            | Action::Adjust
            | Action::EditRules
            | Action::ToggleListing
            | Action::CreatePo
            | Action::SnoozeAlert
            | Action::CountStart
            | Action::ApplyCount
            | Action::ApproveRow
            | Action::ApproveAll
            | Action::MarkRecount
            | Action::CountStands
            | Action::MovementAfter => Role::Owner,
            _ => Role::Viewer,
        }
    }

    /// The engine's name for what the action does (as a role refusal words it): the keys of
    /// the reconciliation approve and apply a count, a conflict's keys resolve it.
    pub fn command_name(self) -> &'static str {
        use Action as A;
        match self {
            A::Receive => "receive",
            A::Reserve => "reserve",
            A::Sell => "sell",
            A::Transfer => "transfer",
            A::Defect => "defect",
            A::Writeoff => "writeoff",
            A::Adjust => "adjust",
            A::Pick => "pick",
            A::ShipReservation => "ship",
            A::ReleaseReservation => "release",
            A::ReturnItem => "return",
            A::MoveReservation => "reservation_move",
            A::EditRules => "channel_rules",
            A::ToggleListing => "channel_listing",
            A::CreatePo => "po_create",
            A::SnoozeAlert => "alerts_snooze",
            A::CountStart => "count_start",
            A::CountUndo => "count_undo",
            A::ApproveRow | A::ApproveAll | A::ApplyCount => "count_apply",
            A::MarkRecount => "count_recount",
            A::CountStands | A::MovementAfter => "count_resolve",
            other => other.name(),
        }
    }
}

impl Action {
    /// The word or two the key hint line puts after a key: short enough that a 40-column
    /// screen still names the keys a packer uses most. Actions without one use the first
    /// words of their description.
    pub fn hint_word(self) -> Option<&'static str> {
        use Action as A;
        let (en, ru) = match self {
            A::Help => ("help", "справка"),
            A::Quit => ("quit", "выход"),
            A::Open => ("open", "открыть"),
            A::Back => ("back", "назад"),
            A::Filter => ("filter", "фильтр"),
            A::Receive => ("receive", "приход"),
            A::Reserve => ("reserve", "резерв"),
            A::Sell => ("sell", "продать"),
            A::Transfer => ("move", "перенос"),
            A::Defect => ("defect", "брак"),
            A::Writeoff => ("write off", "списать"),
            A::Adjust => ("adjust", "корр."),
            A::CycleSort => ("sort", "сорт."),
            A::Pick => ("pick", "собрать"),
            A::ShipReservation => ("ship", "отгрузить"),
            A::ReleaseReservation => ("release", "снять"),
            A::ReturnItem => ("return", "возврат"),
            A::FilterChannel => ("channel", "канал"),
            A::FilterDelivery => ("delivery", "доставка"),
            A::MarkRow => ("mark", "отметить"),
            A::CreatePo => ("order", "заказать"),
            A::SnoozeAlert => ("snooze", "отложить"),
            A::DefectChart => ("defects", "брак"),
            A::EditRules => ("rules", "правила"),
            A::ToggleListing => ("list/unlist", "выставить/снять"),
            A::NextChannel => ("next", "след."),
            A::PrevChannel => ("previous", "пред."),
            A::FocusNextPane => ("next pane", "панель"),
            A::CountStart => ("start", "начать"),
            A::CountUndo => ("undo", "отменить"),
            A::ToggleReconcile => ("reconcile", "сверка"),
            A::ApproveRow => ("approve", "одобрить"),
            A::ApproveAll => ("all", "все"),
            A::MarkRecount => ("recount", "пересчёт"),
            A::ApplyCount => ("apply", "провести"),
            A::Confirm => ("confirm", "подтвердить"),
            A::Cancel => ("cancel", "отмена"),
            A::NextField => ("next field", "след. поле"),
            A::MoveReservation => ("move", "перенос"),
            A::ShowMargin => ("margin", "маржа"),
            A::MarginGroup => ("group", "группа"),
            A::MarginPeriod => ("days", "дни"),
            _ => return None,
        };
        Some(pick(en, ru))
    }
}
