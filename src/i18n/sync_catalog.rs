//! Fixed strings of marketplace API sync: (key, English, Russian).

pub static SYNC: &[(&str, &str, &str)] = &[
    (
        "action.sync",
        "syncing with a marketplace",
        "синхронизировать остатки с маркетплейсом",
    ),
    (
        "sync.err_timeout",
        "{}: no answer in time; nothing of it is counted as sent, run sync again later",
        "{}: ответ не пришёл вовремя; ничего из этого запроса не считается отправленным, запустите sync позже",
    ),
    (
        "sync.err_network",
        "{}: could not reach the marketplace ({}); check the network and run sync again",
        "{}: маркетплейс недоступен ({}); проверьте сеть и запустите sync снова",
    ),
    (
        "sync.err_status",
        "{}: the marketplace answered {}: {}",
        "{}: маркетплейс ответил {}: {}",
    ),
    (
        "sync.err_gave_up",
        "{}: the marketplace answered {} on each of {} tries; run sync again later",
        "{}: маркетплейс ответил {} на каждую из {} попыток; запустите sync позже",
    ),
    (
        "sync.err_bad_answer",
        "{}: an answer not shaped as documented: {}",
        "{}: ответ не в документированном виде: {}",
    ),
    (
        "sync.err_redirect",
        "{}: the marketplace answered with a redirect to {}; it is not followed and nothing of this request is counted as sent; check the base URL",
        "{}: маркетплейс ответил перенаправлением на {}; оно не выполняется, ничего из этого запроса не считается отправленным; проверьте адрес API",
    ),
    (
        "sync.cfg_plain_http",
        "{}: keys must not travel unencrypted; use https:// (http:// only for this computer: 127.0.0.1, ::1 or localhost)",
        "{}: ключи нельзя передавать без шифрования; укажите https:// (http:// только для этого компьютера: 127.0.0.1, ::1 или localhost)",
    ),
    (
        "sync.serve_refused",
        "the keys file is refused, no channel is synced until it is fixed: {}",
        "файл ключей отклонён, каналы не синхронизируются, пока он не исправлен: {}",
    ),
    (
        "sync.serve_file_ok",
        "the keys file is accepted again; channels with keys are synced",
        "файл ключей снова принят; каналы с ключами синхронизируются",
    ),
    (
        "sync.serve_channel_refused",
        "channel {} is not synced: {}",
        "канал {} не синхронизируется: {}",
    ),
    (
        "sync.every_range",
        "--sync-every must be between 1s and 7d (e.g. 30s, 10m, 1h)",
        "--sync-every должен быть от 1s до 7d (например, 30s, 10m, 1h)",
    ),
    (
        "sync.cfg_range",
        "{} = {}: must be from {} to {}",
        "{} = {}: должно быть от {} до {}",
    ),
    (
        "sync.err_unreadable",
        "{}: the marketplace answered with something unreadable (not UTF-8 text); nothing of this request is counted as sent; check the base URL",
        "{}: маркетплейс ответил нечитаемыми данными (не текст в UTF-8); ничего из этого запроса не считается отправленным; проверьте адрес API",
    ),
    (
        "sync.err_too_large",
        "{}: the marketplace's answer is larger than {} MB and was not read; nothing of this request is counted as sent; check the base URL",
        "{}: ответ маркетплейса больше {} МБ и не прочитан; ничего из этого запроса не считается отправленным; проверьте адрес API",
    ),
    (
        "sync.cfg_key_control",
        "{} contains a line break or another control character; copy the key again without it",
        "{} содержит перевод строки или другой управляющий символ; скопируйте ключ заново без него",
    ),
    (
        "sync.cfg_mode",
        "the keys file may be read by others (mode {}); make it yours alone: chmod 600 {}",
        "файл ключей доступен другим (права {}); оставьте доступ только себе: chmod 600 {}",
    ),
    ("sync.cfg_not_utf8", "not UTF-8 text", "не текст в UTF-8"),
    (
        "sync.cfg_not_section",
        "[{}] must be a section of keys",
        "[{}] должен быть разделом с ключами",
    ),
    (
        "sync.cfg_bad_value",
        "{}: a value must be text or a whole number",
        "{}: значение должно быть текстом или целым числом",
    ),
    (
        "sync.cfg_unknown_key",
        "unknown setting {}; the settings are: {}",
        "неизвестный параметр {}; параметры: {}",
    ),
    (
        "sync.cfg_not_number",
        "{} must be a whole number",
        "{} должен быть целым числом",
    ),
    (
        "sync.cfg_bad_api",
        "api = \"{}\": use ozon or wildberries",
        "api = \"{}\": укажите ozon или wildberries",
    ),
    (
        "sync.cfg_which_api",
        "which marketplace's API does channel {} use? Say --api ozon or --api wildberries (or api = \"...\" in its section of marketplaces.toml)",
        "API какого маркетплейса у канала {}? Укажите --api ozon или --api wildberries (или api = \"...\" в его разделе marketplaces.toml)",
    ),
    (
        "sync.cfg_missing",
        "no {}: put it in {} under [{}] (a file only you may read, chmod 600) or in the environment variable {}",
        "нет {}: укажите его в {} в разделе [{}] (файл, доступный только вам, chmod 600) или в переменной окружения {}",
    ),
    (
        "sync.cfg_bad_url",
        "{}: an address must start with https:// or http://",
        "{}: адрес должен начинаться с https:// или http://",
    ),
    (
        "sync.unknown_item",
        "item {} is no SKU here (no code or barcode matches); add the SKU or its barcode, then sync again",
        "товар {} не найден (нет такого артикула или штрихкода); добавьте товар или штрихкод и запустите sync снова",
    ),
    (
        "sync.unknown_status",
        "status {} is not known to this version; the order is left as it is",
        "статус {} этой версии неизвестен; заказ оставлен как есть",
    ),
    (
        "sync.bad_qty",
        "quantity {} is not a whole number from 1 to {}; the order is left out",
        "количество {} — не целое число от 1 до {}; заказ пропущен",
    ),
    (
        "sync.bad_order_ref",
        "the order number is empty, longer than {} characters or holds control characters; the order is left out",
        "номер заказа пуст, длиннее {} символов или содержит управляющие символы; заказ пропущен",
    ),
    (
        "sync.no_item_id",
        "no {} item id (Wildberries needs a barcode: sku edit CODE --barcode ...)",
        "нет идентификатора товара {} (Wildberries нужен штрихкод: sku edit АРТИКУЛ --barcode ...)",
    ),
    (
        "sync.not_updated",
        "the marketplace did not update it and gave no reason",
        "маркетплейс не обновил остаток и не указал причину",
    ),
    (
        "sync.no_answer",
        "the marketplace's answer does not mention it; it will be sent again",
        "в ответе маркетплейса его нет; он будет отправлен снова",
    ),
    (
        "sync.too_many",
        "{} is more than the marketplace takes ({}); not sent",
        "{} больше, чем принимает маркетплейс ({}); не отправлено",
    ),
    (
        "sync.no_size",
        "barcode {} is on no card of this seller on Wildberries; check the barcode",
        "штрихкода {} нет ни в одной карточке продавца на Wildberries; проверьте штрихкод",
    ),
    (
        "sync.refused_with_others",
        "not applied: the marketplace refused the request it was in ({}); it will be sent again",
        "не применено: маркетплейс отклонил запрос, в котором он был ({}); он будет отправлен снова",
    ),
    (
        "sync.pushed",
        "{}: {} quantities pushed and confirmed",
        "{}: отправлено и подтверждено остатков: {}",
    ),
    (
        "sync.failed_items",
        "{} not accepted (they stay unsent and go again next time):",
        "не принято ({}), остаются неотправленными и уйдут в следующий раз:",
    ),
    (
        "sync.skipped_orders",
        "{} orders left out:",
        "пропущено заказов: {}:",
    ),
    (
        "sync.stopped",
        "sync stopped: {}",
        "синхронизация остановлена: {}",
    ),
    (
        "sync.dry_run",
        "dry run: these requests would be sent (keys masked); nothing was sent or changed",
        "пробный запуск: были бы отправлены эти запросы (ключи скрыты); ничего не отправлено и не изменено",
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_has_both_languages_and_a_key_of_its_own() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, ru) in super::SYNC {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ru.is_empty(), "{k} lacks a translation");
            assert_eq!(
                en.matches("{}").count(),
                ru.matches("{}").count(),
                "{k}: placeholders differ"
            );
            assert!(
                super::super::catalog::keys().all(|c| c != *k),
                "{k} is in the main catalog too"
            );
        }
    }
}
