//! The marketplaces' own files: their order exports as sellers download them (read by
//! `orders`) and their stock upload templates (written by `stock`). Which columns, which
//! status words, which sheet: kept here, in one place per marketplace, so a changed
//! template is a change of a line or two. docs/marketplaces.md says which version each
//! follows.

pub mod lists;
pub mod orders;
pub mod stock;

use crate::domain::profile::{OrderAction, Profile};

/// How one marketplace's order export reads.
pub struct OrderFormat {
    /// The marketplace's name as people know it.
    pub title: &'static str,
    /// The order reference (a posting, an assembly task, an order number): header spellings.
    pub order: &'static [&'static str],
    /// Columns naming the item, in the order they are tried (each with its spellings).
    pub keys: &'static [&'static [&'static str]],
    /// The quantity; `None` in the export means one unit per row.
    pub qty: &'static [&'static str],
    pub status: &'static [&'static str],
    pub created: &'static [&'static str],
    /// Status words (compared without case, `ё` read as `е`) and what they ask.
    pub statuses: &'static [(&'static str, OrderAction)],
}

use OrderAction::{Release, Reserve, Return, Ship};

/// Ozon, FBS: "Заказы с моих складов → Все отправления → Экспорт CSV" (the postings report;
/// `;`-separated UTF-8 with a byte order mark, one row per product of a posting).
pub const OZON: OrderFormat = OrderFormat {
    title: "Ozon",
    order: &["номер отправления"],
    keys: &[
        &["артикул"],
        &["sku", "ozon sku id"],
        &["ozon id", "ozon product id"],
    ],
    qty: &["количество"],
    status: &["статус"],
    created: &["принят в обработку"],
    statuses: &[
        ("ожидает подтверждения", Reserve),
        ("ожидает сборки", Reserve),
        ("ожидает упаковки", Reserve),
        ("ожидает отгрузки", Reserve),
        ("передается в доставку", Ship),
        ("у водителя", Ship),
        ("доставляется", Ship),
        ("доставлен", Ship),
        ("доставлено", Ship),
        ("отменен", Release),
        ("отменено", Release),
        ("возвращен", Return),
        ("возврат", Return),
    ],
};

/// Wildberries, Marketplace (FBS): "Сборочные задания" exported to Excel from the seller
/// portal; one row per assembly task, each task one unit.
pub const WILDBERRIES: OrderFormat = OrderFormat {
    title: "Wildberries",
    order: &[
        "№ задания",
        "номер задания",
        "id задания",
        "id сборочного задания",
    ],
    keys: &[
        &["артикул продавца"],
        &["артикул wb", "артикул вб", "nmid"],
        &["баркод", "штрихкод"],
    ],
    qty: &["количество", "кол-во"],
    status: &["статус", "статус задания"],
    created: &["дата создания", "дата создания задания"],
    statuses: &[
        ("новое", Reserve),
        ("новый", Reserve),
        ("на сборке", Reserve),
        ("в доставке", Ship),
        ("доставлено", Ship),
        ("получено покупателем", Ship),
        ("продано", Ship),
        ("отменено", Release),
        ("отменено продавцом", Release),
        ("отменено покупателем", Release),
        ("отказ покупателя при получении", Return),
        ("возврат", Return),
    ],
};

/// Yandex Market (FBS): "Заказы → Скачать" in the partner cabinet (.xlsx, one row per
/// item of an order).
pub const YANDEX_MARKET: OrderFormat = OrderFormat {
    title: "Yandex Market",
    order: &["номер заказа", "id заказа"],
    keys: &[&["ваш sku", "sku"], &["sku на маркете"], &["штрихкод"]],
    qty: &["количество", "кол-во", "количество товара"],
    status: &["статус", "статус заказа"],
    created: &["дата оформления", "дата оформления заказа", "дата создания"],
    statuses: &[
        ("новый", Reserve),
        ("в обработке", Reserve),
        ("собирается", Reserve),
        ("готов к отгрузке", Reserve),
        ("передан в доставку", Ship),
        ("отгружен", Ship),
        ("в доставке", Ship),
        ("доставляется", Ship),
        ("в пункте выдачи", Ship),
        ("доставлен", Ship),
        ("получен покупателем", Ship),
        ("отменен", Release),
        ("отменен до обработки", Release),
        ("отменен в процессе обработки", Release),
        ("отменен при доставке", Return),
        ("невыкуп", Return),
        ("возврат", Return),
    ],
};

/// The order export a profile reads, when it has one of its own (generic and Latorga read
/// stockroom's own order file).
pub fn order_format(p: Profile) -> Option<&'static OrderFormat> {
    match p {
        Profile::Ozon => Some(&OZON),
        Profile::Wildberries => Some(&WILDBERRIES),
        Profile::YandexMarket => Some(&YANDEX_MARKET),
        Profile::Generic | Profile::Latorga => None,
    }
}

/// A status word as it is compared: trimmed, lower case, `ё` as `е`, spaces single.
pub fn fold_status(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace('ё', "е")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
