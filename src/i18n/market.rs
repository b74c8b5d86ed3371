//! The words of the marketplace files, item ids and listings: (key, English, Russian).

pub static CATALOG: &[(&str, &str, &str)] = &[
    (
        "market.profile_set",
        "Channel {} now reads and writes {} files",
        "Канал {} теперь читает и пишет файлы {}",
    ),
    (
        "market.mapped",
        "Channel {}: {} item id(s) set, {} removed",
        "Канал {}: задано идентификаторов {}, удалено {}",
    ),
    (
        "market.listing_all",
        "Channel {} lists every SKU",
        "Канал {} выставляет все товары",
    ),
    (
        "market.listing_some",
        "Channel {} lists only its own list: {} SKU(s)",
        "Канал {} выставляет только свой список: товаров {}",
    ),
    (
        "market.orders_imported",
        "Orders: {} rows; {} reserved, {} backordered, {} released, {} shipped, {} returned, {} changed, {} unchanged",
        "Заказы: строк {}; зарезервировано {}, под заказ {}, снято с резерва {}, отгружено {}, возвращено {}, изменено {}, без изменений {}",
    ),
    ("market.not_listed", "not listed", "не выставлен"),
    ("market.not_listed_short", "off", "нет"),
    ("market.never", "never", "никогда"),
    ("col.last_synced", "last sync", "синхронизация"),
    ("col.drift", "drift", "расхождений"),
    ("col.channel_shows", "shows", "в канале"),
    ("col.channel_velocity", "/day there", "в день там"),
    (
        "market.sync_line",
        "last sync {} · drift {}",
        "синхронизация: {} · расхождений {}",
    ),
    (
        "market.sync_line_short",
        "sync {} · drift {}",
        "синхр. {} · расх. {}",
    ),
    (
        "market.now_listed",
        "{} is listed on {} now",
        "{} теперь выставлен в канале {}",
    ),
    (
        "market.now_unlisted",
        "{} is no longer listed on {}",
        "{} больше не выставлен в канале {}",
    ),
    (
        "market.first_unlisted",
        "{} is off {}: the channel now lists only its own list, every other SKU ({}) stays on it",
        "{} снят с {}: канал теперь выставляет только свой список, все остальные товары ({}) остаются",
    ),
    (
        "market.alerts_channel",
        "Alerts for the SKUs {} lists, with what {} shows and sells",
        "Сигналы по товарам, которые выставляет {}, с тем, что {} показывает и продаёт",
    ),
    (
        "market.bad_item",
        "item id \"{}\" must be 1 to {} characters",
        "идентификатор «{}» должен быть длиной от 1 до {} символов",
    ),
    (
        "market.item_taken",
        "item id {} already belongs to {} on {}; remove it there first (channel map CHANNEL CODE --remove)",
        "идентификатор {} уже принадлежит товару {} в канале {}; сначала снимите его там (channel map КАНАЛ АРТИКУЛ --remove)",
    ),
    (
        "market.unknown_item",
        "no SKU for the item {} of {}: map it with `stockroom channel map {} CODE --item {}` or add the SKU",
        "нет товара для позиции {} канала {}: сопоставьте её командой `stockroom channel map {} АРТИКУЛ --item {}` или добавьте товар",
    ),
    (
        "market.unknown_status",
        "status \"{}\" is not known for {}: known are {}; map another with --status-map \"{}=reserve\" (reserve, ship, release or return)",
        "статус «{}» неизвестен для {}: известны {}; сопоставьте другой так: --status-map \"{}=reserve\" (reserve, ship, release или return)",
    ),
    (
        "market.unknown_status_again",
        "status \"{}\" is not known (as on line {}); map it with --status-map \"{}=ACTION\"",
        "статус «{}» неизвестен (как в строке {}); сопоставьте его: --status-map \"{}=ДЕЙСТВИЕ\"",
    ),
    (
        "market.bad_status_map",
        "--status-map \"{}\": write STATUS=ACTION, ACTION one of reserve, ship, release, return",
        "--status-map «{}»: пишите СТАТУС=ДЕЙСТВИЕ, где ДЕЙСТВИЕ одно из reserve, ship, release, return",
    ),
    (
        "market.missing_column",
        "the column {} is missing: this is not an order export of {} (its header row names {})",
        "нет столбца {}: это не выгрузка заказов {} (в строке заголовков: {})",
    ),
    (
        "market.feed_needs_out",
        "the {} stock file is .xlsx: give the file with --out FILE.xlsx",
        "файл остатков {} — это .xlsx: укажите файл через --out ФАЙЛ.xlsx",
    ),
    (
        "market.feed_written",
        "Wrote {} rows to {} in the {} template ({})",
        "Записано строк: {} в {} по шаблону {} ({})",
    ),
    (
        "market.no_items",
        "Channel {} has no item ids: its files use our codes (and barcodes where the marketplace uses them)",
        "У канала {} нет своих идентификаторов: в файлах используются наши артикулы (и штрихкоды, где площадка работает по ним)",
    ),
    (
        "market.profile_line",
        "Channel {}: profile {}",
        "Канал {}: профиль {}",
    ),
    (
        "market.needs_barcode",
        "{} has no barcode and no item id, and the {} stock file names items by them: give it a barcode (sku edit {} --barcode ...) or an id (channel map {} {} --item ...)",
        "у товара {} нет ни штрихкода, ни идентификатора, а файл остатков {} называет товары по ним: дайте ему штрихкод (sku edit {} --barcode ...) или идентификатор (channel map {} {} --item ...)",
    ),
    ("col.item", "item id", "ид. площадки"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_has_both_languages_and_no_key_of_the_main_catalog() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, ru) in super::CATALOG {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ru.is_empty(), "{k} lacks a translation");
            assert_eq!(
                en.matches("{}").count(),
                ru.matches("{}").count(),
                "{k}: placeholders differ"
            );
        }
        for k in super::super::catalog::keys() {
            assert!(
                !super::CATALOG.iter().any(|(m, _, _)| *m == k),
                "{k} is in both catalogs"
            );
        }
    }
}
