//! Fixed strings of the daily reconciliation: (key, English, Russian).

pub static RECONCILE: &[(&str, &str, &str)] = &[
    (
        "reconcile.oversell_head",
        "{}: oversell risks (the marketplace shows more than the channel may show):",
        "{}: риск перепродажи (маркетплейс показывает больше, чем каналу можно показать):",
    ),
    (
        "reconcile.lost_head",
        "{}: lost sales (the marketplace shows less than the channel may show):",
        "{}: упущенные продажи (маркетплейс показывает меньше, чем каналу можно показать):",
    ),
    ("reconcile.col_shows", "shows", "показано"),
    ("reconcile.col_may_show", "may show", "можно"),
    ("reconcile.col_gap", "gap", "разница"),
    (
        "reconcile.not_listed",
        "not listed: should show nothing",
        "не в списке канала: показывать нельзя",
    ),
    (
        "reconcile.not_on_marketplace",
        "Listed here but not on the marketplace (no card or offer, not compared): {}",
        "В списке канала, но нет на маркетплейсе (нет карточки или предложения, не сравнивались): {}",
    ),
    (
        "reconcile.summary",
        "{} ({}): {} SKUs compared; {} oversell risks (+{} units), {} lost sales (-{} units), {} in step",
        "{} ({}): сравнено товаров: {}; риск перепродажи: {} (+{} шт.), упущенные продажи: {} (-{} шт.), совпадает: {}",
    ),
    (
        "reconcile.hint_fix",
        "To push the corrections: stockroom reconcile --channel {} --fix (add --dry-run to see the requests first)",
        "Чтобы отправить исправления: stockroom reconcile --channel {} --fix (с --dry-run — сначала посмотреть запросы)",
    ),
    (
        "reconcile.unreadable",
        "{}: what the marketplace shows could not be read: {}",
        "{}: не удалось прочитать, что показывает маркетплейс: {}",
    ),
    (
        "reconcile.unknown_line",
        "line {}: no SKU answers to this item on {}; map it with `channel map` to compare it",
        "строка {}: ни один товар не соответствует этой позиции в канале {}; сопоставьте её командой `channel map`, чтобы сравнивать",
    ),
];
