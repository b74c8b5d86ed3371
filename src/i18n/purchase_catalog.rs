//! Fixed strings of purchase orders' dates, measured lead times, late orders, the day view
//! and the margin view, and the money fields of the channel rules form: (key, English,
//! Russian).

pub static PURCHASE: &[(&str, &str, &str)] = &[
    ("col.expected", "expected", "ожидается к"),
    ("col.median", "median, d", "медиана, дн."),
    ("col.spread", "min–max", "мин.–макс."),
    ("col.p80", "p80, d", "p80, дн."),
    ("col.late", "late", "опоздали"),
    ("col.overdue", "overdue now", "просрочены сейчас"),
    ("col.orders", "orders", "заказов"),
    ("col.receipts", "deliveries", "поставок"),
    ("po.late", "late", "опаздывает"),
    ("po.expected_by", "Expected by {}", "Ожидается к {}"),
    (
        "po.expected_late",
        "Expected by {}: LATE, {} units still awaited",
        "Ожидался к {}: ОПАЗДЫВАЕТ, ещё не пришло {} шт.",
    ),
    (
        "cli.lead_title",
        "Lead times measured by purchase orders delivered (ordered → last unit received, days; once per order):",
        "Сроки поставки по выполненным заказам поставщикам (заказ → приход последней единицы, дней; по разу на заказ):",
    ),
    (
        "cli.lead_none",
        "No purchase order delivered in full yet: nothing measured.",
        "Ни один заказ поставщику ещё не выполнен полностью: измерять нечего.",
    ),
    (
        "cli.day_po_late",
        "#{} {} (was due {}, LATE), {} units outstanding",
        "№{} {} (срок был {}, ОПАЗДЫВАЕТ), ожидается {} шт.",
    ),
    (
        "alert.po_late",
        "Purchase order #{} to {} is late: expected by {}, {} units still awaited",
        "Заказ поставщику №{} ({}) опаздывает: ожидался к {}, ещё не пришло {} шт.",
    ),
    (
        "tui.po_late",
        "Late: PO #{} {}, due {}, {} awaited",
        "Опаздывает: заказ №{} {}, срок {}, ждём {} шт.",
    ),
    (
        "tui.late_more",
        "… and {} more late purchase orders (po list --late)",
        "… и ещё опаздывающих заказов поставщикам: {} (po list --late)",
    ),
    ("tui.day_title", "The day {}", "Итоги дня {}"),
    (
        "tui.day_channel",
        "{}: sold {}, shipped {}, returned to stock {}, to defective {}",
        "{}: продано {}, отгружено {}, возвращено на склад {}, в брак {}",
    ),
    (
        "tui.day_keys",
        "{} previous day  {} next day  Esc close",
        "{} предыдущий день  {} следующий день  Esc закрыть",
    ),
    (
        "cli.channel_delivery_costs",
        "delivery per shipment by default: {}",
        "доставка за отправку по умолчанию: {}",
    ),
    ("field.commission", "Commission, %", "Комиссия, %"),
    ("field.order_fee", "Fee per order, ₽", "Плата за заказ, ₽"),
    (
        "tui.margin_title",
        "Margin by {}, {} days",
        "Маржа {}, {} дн.",
    ),
    (
        "tui.margin_period",
        "{} – {}, amounts in ₽",
        "{} – {}, суммы в ₽",
    ),
    ("tui.margin_cost", "cost", "себест."),
    ("tui.margin_fees", "order fees", "сборы"),
    ("tui.margin_per_unit", "per unit", "на ед."),
    ("tui.margin_keys_period", "{} {} period", "{} {} период"),
    (
        "tui.margin_keys_group",
        "{} channel/SKU/supplier",
        "{} каналы/товары/поставщики",
    ),
    ("tui.margin_keys_days", "{} 7/30/90 days", "{} 7/30/90 дней"),
    ("tui.margin_keys_close", "Esc close", "Esc закрыть"),
    (
        "tui.margin_none",
        "No sales in this period. The margin counts sales made at a price: sales at the till and shipped reservations of SKUs with a price (sku edit CODE --price, or a channel's own: sku price). Another period (← →, p) may have some.",
        "Продаж за этот период нет. Маржа считается по продажам с ценой: продажам на кассе и отгруженным резервам товаров, у которых задана цена (sku edit АРТИКУЛ --price или цена канала: sku price). Возможно, продажи есть в другом периоде (← →, p).",
    ),
    ("help.margin", "Margin view", "Окно маржи"),
];
