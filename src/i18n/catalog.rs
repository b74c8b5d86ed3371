//! Fixed strings: (key, English, Russian).

static CATALOG: &[(&str, &str, &str)] = &[
    // CLI results
    ("cli.initialized", "Created {} (owner: {}, default location: Main warehouse)", "Создана база {} (владелец: {}, склад по умолчанию: Main warehouse)"),
    ("cli.already_initialized", "{} is already initialized", "База {} уже создана"),
    ("cli.check_ok", "check passed: {} ledger entries replayed, {} SKUs, {} levels, {} reservations checked", "проверка пройдена: воспроизведено записей журнала {}, товаров {}, остатков {}, резервов {}"),
    ("cli.check_failed", "check FAILED: {} problem(s) after replaying {} ledger entries", "проверка НЕ пройдена: проблем {} после воспроизведения {} записей журнала"),
    ("cli.sku_created", "Added SKU {}", "Добавлен товар {}"),
    ("cli.sku_saved", "Saved SKU {}", "Сохранён товар {}"),
    ("cli.location_added", "Added location {}", "Добавлен склад {}"),
    ("cli.channel_added", "Added channel {}", "Добавлен канал {}"),
    ("cli.moved", "{} {} x {} (#{}): on hand {}, reserved {}, available {}, defective {}", "{} {} × {} (#{}): в наличии {}, в резерве {}, доступно {}, брак {}"),
    ("cli.reserved", "Reserved {} x {} for {}, reservation #{} (order {}, pick at {})", "Зарезервировано {} × {} для {}, резерв #{} (заказ {}, склад {})"),
    ("cli.released", "Released reservation #{} ({} x {})", "Резерв #{} снят ({} × {})"),
    ("cli.picked", "Picked {} of {} for reservation #{} ({})", "Собрано {} из {} для резерва #{} ({})"),
    ("cli.shipped", "Shipped {} x {} on reservation #{}; {} still reserved", "Отгружено {} × {} по резерву #{}; в резерве осталось {}"),
    ("cli.user_saved", "User {} is {}", "Пользователь {}: роль {}"),
    ("cli.user_removed", "Removed user {}", "Пользователь {} удалён"),
    ("cli.imported", "{} rows: {} created, {} updated, {} unchanged, {} movements", "строк {}: создано {}, обновлено {}, без изменений {}, движений {}"),
    ("cli.dry_run", "dry run: nothing was written", "пробный прогон: ничего не записано"),
    ("cli.created_locations", "new locations: {}", "новые склады: {}"),
    ("cli.demo_done", "Demo data: {} SKUs, {} locations, {} channels, {} ledger entries, {} open reservations", "Демо-данные: товаров {}, складов {}, каналов {}, записей журнала {}, открытых резервов {}"),
    ("cli.exported", "Wrote {} rows to {}", "Записано строк {} в {}"),
    ("cli.no_rows", "nothing to show", "нечего показать"),
    // column heads
    ("col.code", "code", "артикул"),
    ("col.name", "name", "наименование"),
    ("col.on_hand", "on hand", "в наличии"),
    ("col.reserved", "reserved", "резерв"),
    ("col.available", "avail", "доступно"),
    ("col.defective", "defect", "брак"),
    ("col.status", "status", "статус"),
    ("col.location", "location", "склад"),
    ("col.channel", "channel", "канал"),
    ("col.order", "order", "заказ"),
    ("col.qty", "qty", "кол."),
    ("col.remaining", "left", "осталось"),
    ("col.delivery", "delivery", "доставка"),
    ("col.age", "age", "возраст"),
    ("col.when", "when", "когда"),
    ("col.who", "who", "кто"),
    ("col.kind", "kind", "операция"),
    ("col.change", "change", "изменение"),
    ("col.reference", "reference", "основание"),
    ("col.priority", "priority", "приоритет"),
    ("col.default", "default", "по умолчанию"),
    ("col.role", "role", "роль"),
    ("col.picked", "picked", "собрано"),
    ("col.id", "#", "#"),
    // status words
    ("status.shortage", "SHORTAGE", "ДЕФИЦИТ"),
    ("status.out", "out", "нет"),
    ("status.low", "low", "мало"),
    ("status.ok", "ok", "ок"),
    ("status.archived", "archived", "архив"),
];

pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    CATALOG.iter().find(|(k, _, _)| *k == key).map(|(_, en, ru)| (*en, *ru))
}

/// A key with no entry shows as itself; `catalog_keys_are_complete` finds these.
pub fn missing(key: &str) -> &'static str {
    Box::leak(key.to_string().into_boxed_str())
}

#[allow(dead_code)]
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOG.iter().map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_has_both_languages_and_unique_keys() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, ru) in super::CATALOG {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ru.is_empty(), "{k} lacks a translation");
            assert_eq!(en.matches("{}").count(), ru.matches("{}").count(), "{k}: placeholders differ");
        }
    }
}
