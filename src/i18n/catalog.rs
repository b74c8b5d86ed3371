//! Fixed strings: (key, English, Russian).

static CATALOG: &[(&str, &str, &str)] = &[
    // CLI results
    (
        "cli.initialized",
        "Created {} (owner: {}, default location: {})",
        "Создана база {} (владелец: {}, склад по умолчанию: {})",
    ),
    (
        "cli.already_initialized",
        "{} is already initialized",
        "База {} уже создана",
    ),
    (
        "cli.check_ok",
        "check passed: {} ledger entries replayed, {} SKUs, {} levels, {} reservations checked",
        "проверка пройдена: воспроизведено записей журнала {}, товаров {}, остатков {}, резервов {}",
    ),
    (
        "cli.check_failed",
        "check FAILED: {} problem(s) after replaying {} ledger entries",
        "проверка НЕ пройдена: проблем {} после воспроизведения {} записей журнала",
    ),
    ("cli.sku_created", "Added SKU {}", "Добавлен товар {}"),
    ("cli.sku_saved", "Saved SKU {}", "Сохранён товар {}"),
    (
        "cli.sku_archived",
        "Archived SKU {}: it is no longer reserved, sold, ordered or shown on channels",
        "Товар {} убран в архив: его больше не резервируют, не продают, не заказывают и не показывают в каналах",
    ),
    (
        "cli.sku_was_archived",
        "SKU {} was already archived: nothing changed",
        "Товар {} уже в архиве: ничего не изменилось",
    ),
    (
        "cli.sku_unarchived",
        "SKU {} is back from the archive: reserved, sold and shown on channels again; backorders waiting for it are filled as stock allows",
        "Товар {} возвращён из архива: его снова резервируют, продают и показывают в каналах; ждущие его резервы под заказ выполняются, насколько хватает остатка",
    ),
    (
        "cli.sku_was_not_archived",
        "SKU {} was not archived: nothing changed",
        "Товар {} не был в архиве: ничего не изменилось",
    ),
    (
        "cli.location_added",
        "Added location {}",
        "Добавлен склад {}",
    ),
    ("cli.channel_added", "Added channel {}", "Добавлен канал {}"),
    (
        "cli.moved",
        "{} {} x {} (#{}): on hand {}, reserved {}, available {}, defective {}",
        "{} {} × {} (#{}): в наличии {}, в резерве {}, доступно {}, брак {}",
    ),
    (
        "cli.reserved",
        "Reserved {} x {} for {}, reservation #{} (order {}, pick at {})",
        "Зарезервировано {} × {} для {}, резерв #{} (заказ {}, склад {})",
    ),
    (
        "cli.released",
        "Released reservation #{} ({} x {})",
        "Резерв #{} снят ({} × {})",
    ),
    (
        "cli.picked",
        "Picked {} of {} for reservation #{} ({})",
        "Собрано {} из {} для резерва #{} ({})",
    ),
    (
        "cli.shipped",
        "Shipped {} x {} on reservation #{}; {} still reserved",
        "Отгружено {} × {} по резерву #{}; в резерве осталось {}",
    ),
    (
        "cli.user_saved",
        "User {} is {}",
        "Пользователь {}: роль {}",
    ),
    (
        "cli.user_removed",
        "Removed user {}",
        "Пользователь {} удалён",
    ),
    (
        "cli.imported",
        "{} rows: {} created, {} updated, {} unchanged, {} movements",
        "строк {}: создано {}, обновлено {}, без изменений {}, движений {}",
    ),
    (
        "cli.dry_run",
        "dry run: nothing was written",
        "пробный прогон: ничего не записано",
    ),
    (
        "cli.created_locations",
        "new locations: {}",
        "новые склады: {}",
    ),
    (
        "cli.demo_done",
        "Demo data: {} SKUs, {} locations, {} channels, {} ledger entries, {} open reservations",
        "Демо-данные: товаров {}, складов {}, каналов {}, записей журнала {}, открытых резервов {}",
    ),
    (
        "cli.bad_as_of",
        "expected a date YYYY-MM-DD (or an RFC 3339 time) between 1970 and 9999",
        "нужна дата ГГГГ-ММ-ДД (или время в RFC 3339) от 1970 до 9999 года",
    ),
    ("cli.warning", "warning", "предупреждение"),
    (
        "cli.exported",
        "Wrote {} rows to {}",
        "Записано строк {} в {}",
    ),
    // backup and restore
    (
        "cli.backup_done",
        "Backup written to {}: {} tables, {} rows, {} ledger entries; the copy passes check",
        "Резервная копия записана в {}: таблиц {}, строк {}, записей журнала {}; копия прошла проверку",
    ),
    (
        "cli.backup_problems",
        "Backup written to {}, but the database itself fails check ({} problem(s)); run `stockroom check`",
        "Резервная копия записана в {}, но сама база не проходит проверку (проблем: {}); запустите `stockroom check`",
    ),
    (
        "cli.restored",
        "Restored {} from {} ({} ledger entries, check passed); the old database is kept as {}",
        "База {} восстановлена из {} (записей журнала {}, проверка пройдена); прежняя база сохранена как {}",
    ),
    (
        "cli.restored_new",
        "Restored {} from {} ({} ledger entries, check passed)",
        "База {} восстановлена из {} (записей журнала {}, проверка пройдена)",
    ),
    (
        "backup.exists",
        "already exists; add --force to replace it",
        "уже существует; добавьте --force, чтобы заменить",
    ),
    ("backup.no_file", "no such file", "нет такого файла"),
    (
        "backup.relative_on_server",
        "must be an absolute path when a server writes it",
        "путь должен быть абсолютным, когда файл пишет сервер",
    ),
    (
        "restore.not_a_backup",
        "not a stockroom backup (text, a workbook or another program's database); restore reads a file written by `stockroom backup`",
        "это не резервная копия stockroom (текст, книга Excel или база другой программы); восстановление читает файл, записанный `stockroom backup`",
    ),
    (
        "migrate.same",
        "{} is both the source and the destination; name another database with --to",
        "{} указана и как источник, и как назначение; укажите в --to другую базу",
    ),
    (
        "migrate.not_empty",
        "{} already holds a stockroom (or is a file that exists); migrate writes only into a new file or an empty database",
        "в {} уже есть склад (или такой файл уже существует); migrate пишет только в новый файл или в пустую базу",
    ),
    (
        "migrate.source_fails_check",
        "{}: check finds {} problem(s); run `stockroom check` on it and restore it from a backup before moving it",
        "{}: проверка находит проблем: {}; запустите там `stockroom check` и восстановите базу из резервной копии, прежде чем переносить",
    ),
    (
        "migrate.differs",
        "the copy at {} does not check out as the original (entries/SKUs/levels/reservations {} against {}, {} problem(s)); nothing is kept there",
        "копия в {} не сходится с исходной базой (записи/SKU/остатки/резервы {} против {}, проблем: {}); она не сохранена",
    ),
    (
        "migrate.done",
        "Moved {} to {}: {} tables, {} rows; check gives the same figures on both: {} ledger entries, {} SKUs, {} levels, {} reservations",
        "Склад {} перенесён в {}: таблиц {}, строк {}; проверка даёт одинаковые цифры в обеих базах: записей журнала {}, SKU {}, остатков {}, резервов {}",
    ),
    (
        "restore.pg",
        "{} is a PostgreSQL database: restore it with PostgreSQL's tools (pg_restore, or your provider's point-in-time recovery); to load the backup file into an empty database, run `stockroom migrate --from {} --to` with that database's URL",
        "{} — база PostgreSQL: восстанавливайте её средствами PostgreSQL (pg_restore или восстановление на момент времени у вашего провайдера); чтобы загрузить файл резервной копии в пустую базу, выполните `stockroom migrate --from {} --to` с адресом этой базы",
    ),
    (
        "restore.served",
        "{} is served by `stockroom serve` (socket {}); stop the server, then restore",
        "базу {} обслуживает `stockroom serve` (сокет {}); остановите сервер и повторите восстановление",
    ),
    (
        "restore.unreadable",
        "{} is corrupt and cannot be restored: {}",
        "{} повреждён и не может быть восстановлен: {}",
    ),
    (
        "restore.fails_check",
        "{} is corrupt: check found {} problem(s), the first: {}",
        "{} повреждён: проверка нашла проблем {}, первая: {}",
    ),
    (
        "cli.serving",
        "Serving {} on {}; stop with Ctrl-C or SIGTERM",
        "Обслуживаю {} через {}; остановка: Ctrl-C или SIGTERM",
    ),
    (
        "cli.served",
        "Stopped: the database is closed and the socket removed",
        "Остановлено: база закрыта, сокет удалён",
    ),
    (
        "serve.socket_is_file",
        "is a regular file, not a socket; `stockroom serve` replaces only a socket left by a stopped server: choose another --socket",
        "это обычный файл, а не сокет; `stockroom serve` заменяет только сокет, оставшийся от остановленного сервера: выберите другой --socket",
    ),
    (
        "serve.socket_is_dir",
        "is a folder, not a socket; give --socket a file name inside it",
        "это папка, а не сокет; укажите в --socket имя файла внутри неё",
    ),
    (
        "serve.socket_is_db",
        "is the database {} itself; the socket needs a path of its own (the default is {})",
        "это сама база {}; сокету нужен свой путь (по умолчанию {})",
    ),
    (
        "serve.socket_is_link",
        "is a symbolic link; `stockroom serve` does not bind or remove a socket through a link: give the real path",
        "это символическая ссылка; `stockroom serve` не создаёт и не удаляет сокет через ссылку: укажите настоящий путь",
    ),
    (
        "serve.socket_too_long",
        "is {} bytes long; a socket path holds at most {}: choose a shorter --socket (or a database in a shorter folder)",
        "длиной {} байт; путь сокета вмещает не больше {}: выберите --socket короче (или базу в папке с путём короче)",
    ),
    (
        "serve.socket_is_other",
        "exists and is not a socket; choose another --socket",
        "существует и не является сокетом; выберите другой --socket",
    ),
    (
        "serve.already_served",
        "{} is already served by another `stockroom serve` (it answers there); stop that one first or choose another --socket",
        "{} уже обслуживает другой `stockroom serve` (он отвечает); сначала остановите его или выберите другой --socket",
    ),
    (
        "serve.socket_recreated",
        "stockroom serve: the socket {} was removed; made it again",
        "stockroom serve: сокет {} был удалён; создан заново",
    ),
    (
        "serve.socket_taken",
        "stockroom serve: {} is no longer this server's socket (something else is there now); leaving it alone: clients cannot connect until it is removed",
        "stockroom serve: {} больше не сокет этого сервера (там теперь что-то другое); не трогаю его: клиенты не подключатся, пока его не удалят",
    ),
    (
        "serve.second_signal",
        "stockroom serve: second signal, stopping at once",
        "stockroom serve: второй сигнал, немедленная остановка",
    ),
    (
        "serve.stop_timeout",
        "stockroom serve: still busy after the stop signal; ending now (what was committed is saved, the command in progress is not)",
        "stockroom serve: после сигнала остановки всё ещё занят; завершаюсь сейчас (сохранённое сохранено, текущая команда не выполнена)",
    ),
    (
        "serve.stopping",
        "the server is stopping; this command was not applied: run it again once the server is back",
        "сервер останавливается; команда не выполнена: повторите её, когда сервер снова запустится",
    ),
    (
        "serve.reply_lost",
        "this command was applied earlier, but its stored answer cannot be read: check `stockroom history` instead of repeating it",
        "эта команда уже была выполнена, но её сохранённый ответ не читается: посмотрите `stockroom history`, а не повторяйте её",
    ),
    (
        "cli.waiting_for_db",
        "waiting for {}: another stockroom process is using it (up to {} s; --wait changes this)",
        "жду базу {}: её использует другой процесс stockroom (до {} с; это меняет --wait)",
    ),
    (
        "cli.server_stopping",
        "the server is stopping and still holds the database; try again in a moment",
        "сервер останавливается и ещё держит базу; повторите чуть позже",
    ),
    (
        "cli.server_gone",
        "the server is gone; start it again with `stockroom serve`",
        "сервер недоступен; запустите его снова: `stockroom serve`",
    ),
    (
        "tui.server_gone",
        "Server gone: reconnecting… (nothing is lost; commands wait for it)",
        "Сервер недоступен: переподключаюсь… (ничего не потеряно)",
    ),
    ("tui.server_back", "Server is back", "Сервер снова на связи"),
    (
        "cli.db_not_a_url",
        "--db (or STOCKROOM_DB) looks like a PostgreSQL database but is not a URL stockroom reads: write it as postgres://user@host/dbname (lower case, no spaces before it; the password in PGPASSWORD); nothing was changed",
        "--db (или STOCKROOM_DB) похож на базу PostgreSQL, но это не адрес, который читает stockroom: пишите postgres://пользователь@хост/база (строчными буквами, без пробелов в начале; пароль — в PGPASSWORD); ничего не изменено",
    ),
    (
        "tui.db_back",
        "The database answers again: the screens are up to date",
        "База снова отвечает: данные на экране обновлены",
    ),
    (
        "tui.not_loaded",
        "Not loaded: the database did not answer (the message below says why). This screen fills in when it answers again.",
        "Не загружено: база не ответила (причина — в сообщении внизу). Экран заполнится, когда она снова ответит.",
    ),
    (
        "cli.count_started",
        "Stocktake #{} started at {}",
        "Инвентаризация #{} начата: {}",
    ),
    (
        "cli.counted",
        "Counted {} x {} (total {})",
        "Посчитано {} × {} (всего {})",
    ),
    (
        "cli.counted_more",
        "Counted {} more x {}: {} in all, added to what was counted before",
        "Посчитано ещё {} × {}: всего {}, добавлено к посчитанному раньше",
    ),
    ("cli.count_undone", "Took back {} x {}", "Отменено {} × {}"),
    (
        "cli.count_recount",
        "{} will be counted again from zero",
        "{} будет пересчитан с нуля",
    ),
    (
        "cli.count_imported",
        "Imported {} count rows, {} units",
        "Загружено строк подсчёта: {}, единиц: {}",
    ),
    (
        "cli.count_cancelled",
        "Stocktake #{} cancelled; nothing was adjusted",
        "Инвентаризация #{} отменена; остатки не менялись",
    ),
    (
        "cli.count_applied",
        "Stocktake #{} applied: {} SKUs adjusted",
        "Инвентаризация #{} проведена: скорректировано товаров {}",
    ),
    (
        "cli.count_conflicts",
        "not applied, in conflict (a write-off, defect or adjust after the count, or on hand would go below 0): {}",
        "не проведены, в конфликте (списание, брак или корректировка после подсчёта, или остаток ушёл бы ниже 0): {}",
    ),
    (
        "cli.count_conflict_todo",
        "  {}: count all that is on the shelf now (`stockroom count add {} {} QTY` starts the recount; the earlier entries are set aside), or choose: `stockroom count resolve {} {} count-stands` (the shelf held what was counted) or `... movement-after` (the movement took the units after the count)",
        "  {}: посчитайте всё, что сейчас на полке (`stockroom count add {} {} КОЛ` начинает пересчёт, прежние записи откладываются), или выберите: `stockroom count resolve {} {} count-stands` (на полке было столько, сколько посчитали) или `... movement-after` (движение забрало товар после подсчёта)",
    ),
    (
        "cli.count_restarted",
        "{} was in conflict: this entry starts its recount, and the {} counted before were set aside. Counted {} x {} (total {}); count all that is on the shelf now",
        "{} был в конфликте: эта запись начинает его пересчёт, а посчитанные раньше {} отложены. Посчитано {} × {} (всего {}); посчитайте всё, что сейчас на полке",
    ),
    (
        "cli.count_short",
        "reservations now short (fewer on hand than reserved; do not pick them: move each to a location that has the units with `stockroom reservation move ID --to LOCATION`, or let it wait for stock with `stockroom reservation backorder ID`): {}",
        "резервы теперь без товара (в наличии меньше, чем в резерве; не собирайте их: перенесите каждый на склад, где товар есть, `stockroom reservation move ID --to СКЛАД`, или оставьте ждать поступления, `stockroom reservation backorder ID`): {}",
    ),
    (
        "cli.count_short_item",
        "#{} {} order {} ({} of {} missing at {})",
        "#{} {} заказ {} (не хватает {} из {}, {})",
    ),
    (
        "cli.count_diff_short",
        "applying would leave reservations short: {}",
        "после проведения резервы останутся без товара: {}",
    ),
    (
        "tui.count_would_short",
        "applying leaves short: {}",
        "после проведения без товара: {}",
    ),
    (
        "tui.count_conflicts",
        "in conflict, not applied (recount them, or {} / {} on the row): {}",
        "в конфликте, не проведены (пересчитайте или {} / {} на строке): {}",
    ),
    (
        "tui.count_undo_ask",
        "Your last entry in this stocktake, {} × {}, was made before this screen opened: press {} again to take it back; any other key keeps it",
        "Ваша последняя запись в этой инвентаризации, {} × {}, сделана до открытия этого экрана: нажмите {} ещё раз, чтобы отменить её; любая другая клавиша — оставить",
    ),
    (
        "tui.count_undo_nothing",
        "Nothing of yours to take back among the latest entries of this stocktake",
        "Среди последних записей этой инвентаризации нет ваших, которые можно отменить",
    ),
    (
        "tui.count_short",
        "reservations now short (fewer on hand than reserved; do not pick them: in the queue ({}) press {} on each to move it or let it wait for stock): {}",
        "резервы теперь без товара (в наличии меньше, чем в резерве; не собирайте их: в очереди ({}) нажмите {} на каждом, чтобы перенести его или оставить ждать поступления): {}",
    ),
    ("cli.res_short", "{}, SHORT {}", "{}, НЕ ХВАТАЕТ {}"),
    (
        "cli.count_closed",
        "the count is closed",
        "инвентаризация закрыта",
    ),
    (
        "cli.count_still_open",
        "the count stays open: recount, resolve or apply what is left, then apply it whole to close it",
        "инвентаризация остаётся открытой: пересчитайте, выберите или проведите оставшееся, затем проведите её целиком, чтобы закрыть",
    ),
    (
        "cli.count_zeroed",
        "set to zero, not found: {}",
        "обнулены, не найдены: {}",
    ),
    (
        "cli.count_uncounted",
        "{} SKUs in scope were not counted and left as they are (--zero-uncounted sets them to 0): {}",
        "товаров не посчитано: {}; оставлены как есть (--zero-uncounted обнулит): {}",
    ),
    (
        "cli.count_totals",
        "{} SKUs counted, {} with variance; net {} units, gross {}; value net {}, gross {}",
        "посчитано товаров {}, с расхождением {}; итого {} шт., по модулю {}; сумма {}, по модулю {}",
    ),
    (
        "cli.count_uncounted_list",
        "not counted yet ({}): {}",
        "ещё не посчитаны ({}): {}",
    ),
    (
        "cli.channel_saved",
        "{}: priority {}, share {}%, buffer {}, max {}, keep showing when low {}, paused {}",
        "{}: приоритет {}, доля {}%, буфер {}, максимум {}, показывать при низком остатке {}, пауза {}",
    ),
    (
        "cli.orders_imported",
        "{} order rows: {} reserved, {} backordered, {} released, {} shipped, {} changed, {} unchanged",
        "строк заказов {}: зарезервировано {}, под заказ {}, снято {}, отгружено {}, изменено {}, без изменений {}",
    ),
    (
        "cli.listed_imported",
        "Stored {} listed quantities for {}",
        "Сохранено {} выставленных остатков для {}",
    ),
    (
        "cli.feed_marked",
        "{} rows in the feed for {}",
        "{} строк в выгрузке для {}",
    ),
    (
        "cli.expired",
        "Expired holds released; {} SKUs freed",
        "Просроченные резервы сняты; освобождено товаров {}",
    ),
    (
        "cli.backordered",
        "Backorder: {} x {} for {} recorded as #{}; it is reserved when stock arrives",
        "Под заказ: {} × {} для {} записан как #{}; будет зарезервирован при поступлении",
    ),
    (
        "cli.matrix_legend",
        "published per channel; (listed!) oversell risk: the channel shows more; (listed?) lost sales: it shows less",
        "выставлено по каналам; (в канале!) риск перепродажи: канал показывает больше; (в канале?) упущенные продажи: меньше",
    ),
    ("cli.not_a_file", "no such file", "нет такого файла"),
    (
        "cli.file_too_big",
        "is {} MB; an import reads files up to {} MB: split it into smaller files",
        "весит {} МБ; импорт читает файлы до {} МБ: разделите его на файлы поменьше",
    ),
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
    ("col.qty", "qty", "кол-во"),
    ("col.remaining", "left", "ост."),
    ("col.delivery", "delivery", "доставка"),
    ("col.age", "age", "ждёт"),
    ("col.when", "when", "когда"),
    ("col.who", "who", "кто"),
    ("col.kind", "kind", "операция"),
    ("col.kind_short", "kind", "опер."),
    ("col.change", "change", "изм."),
    ("col.reference", "reference", "основание"),
    ("col.priority", "priority", "приоритет"),
    ("col.default", "default", "по умолчанию"),
    ("col.role", "role", "роль"),
    ("col.picked", "picked", "собр."),
    ("col.id", "#", "#"),
    ("col.entries", "entries", "записей"),
    ("col.recorded", "recorded", "учёт"),
    ("col.counted", "counted", "факт"),
    ("col.variance", "variance", "разница"),
    ("col.variance_pct", "%", "%"),
    ("col.value", "value", "сумма"),
    ("col.flags", "flags", "отметки"),
    // status words
    ("status.shortage", "SHORTAGE", "ДЕФИЦИТ"),
    ("status.out", "out", "нет"),
    ("status.critical", "critical", "критично"),
    ("status.low", "low", "мало"),
    ("status.ok", "ok", "ок"),
    ("status.archived", "archived", "архив"),
    // where the thresholds behind a status come from (SKU detail, `sku show`)
    (
        "thr.min_hand",
        "min {} set by hand",
        "мин. {} задан вручную",
    ),
    (
        "thr.min_sales",
        "min {} from sales: {}/day × {} days",
        "мин. {} по продажам: {} в день × {} дн.",
    ),
    (
        "thr.safety_hand",
        "safety {} set by hand",
        "страх. {} задан вручную",
    ),
    (
        "thr.safety_share",
        "safety {} = 25 % of min",
        "страх. {} = 25 % от мин.",
    ),
    (
        "thr.safety_spread",
        "safety {} = {} d of supplier's spread (p80 {} − median {} d) × {} a day",
        "страх. {} = {} дн. разброса поставщика (p80 {} − медиана {}) × {} в день",
    ),
    ("thr.reorder_at", "reorder at {}", "точка заказа {}"),
    (
        "thr.compact",
        "min {} · safety {} · reorder {}",
        "мин. {} · страх. {} · точка {}",
    ),
    ("thr.cover", "days of cover: {}", "дней запаса: {}"),
    (
        "thr.no_sales",
        "no sales in {} days",
        "продаж за {} дн. не было",
    ),
    ("thr.on_order", "on order {}", "в заказе {}"),
    ("thr.to_order", "to order {}", "заказать {}"),
    ("thr.lead", "lead {} days", "поставка {} дн."),
    ("cli.status_line", "status: {}", "статус: {}"),
    (
        "cli.kit_line",
        "kit: {} available, limited by {}",
        "набор: доступно {}, ограничивает {}",
    ),
    ("cli.kit_limits", "<- limits", "<- ограничивает"),
    ("sku.kit_mark", "[kit]", "[набор]"),
    (
        "alert.kit_limited",
        "kit, limited by {}",
        "набор, ограничивает {}",
    ),
    ("col.component", "component", "компонент"),
    ("col.per_kit", "per kit", "в наборе"),
    ("col.kits", "kits", "наборов"),
    ("col.kit", "kit", "набор"),
    // panes and TUI
    ("pane.skus", "SKUs", "Товары"),
    ("pane.reservations", "Reservations", "Резервы"),
    ("pane.alerts", "Alerts", "Заканчивается"),
    ("pane.history", "History", "История"),
    ("tui.title_skus", "SKUs ({})", "Товары ({})"),
    (
        "tui.title_skus_loading",
        "SKUs (first {} of {}, reading the rest…)",
        "Товары (первые {} из {}, читаю остальные…)",
    ),
    (
        "tui.title_skus_loading_filtered",
        "SKUs ({} matching \"{}\" so far, of {}; reading the rest…)",
        "Товары ({} по запросу «{}» пока что, из {}; читаю остальные…)",
    ),
    (
        "tui.title_skus_partial",
        "SKUs (first {} of {} only: the rest could not be read, refresh to try again)",
        "Товары (только первые {} из {}: остальные не прочитались, обновите, чтобы попробовать снова)",
    ),
    (
        "tui.title_skus_filtered",
        "SKUs ({} of {}) matching \"{}\"",
        "Товары ({} из {}) по запросу «{}»",
    ),
    (
        "tui.title_reservations",
        "Reservation queue ({}), oldest first",
        "Очередь резервов ({}), старые сверху",
    ),
    ("tui.title_reservations_short", "Queue ({})", "Резервы ({})"),
    (
        "tui.title_history",
        "Ledger, newest first ({})",
        "Журнал, новые сверху ({})",
    ),
    (
        "tui.title_history_of_newest",
        "Ledger, newest first ({} of the newest {})",
        "Журнал, новые сверху ({} из последних {})",
    ),
    (
        "tui.too_small",
        "terminal too small (need 40x12)",
        "терминал слишком мал (нужно 40x12)",
    ),
    (
        "tui.no_skus",
        "No SKUs yet. Add them with `stockroom sku add` or `stockroom import skus FILE`.",
        "Товаров пока нет. Добавьте: `stockroom sku add` или `stockroom import skus ФАЙЛ`.",
    ),
    (
        "tui.all_picked",
        "#{} {}: all {} picked, nothing left to scan; {} ships it.",
        "#{} {}: собрано всё ({}), сканировать больше нечего; {} — отгрузить.",
    ),
    (
        "tui.paste_outside",
        "A paste goes into a field: press / to filter, or paste one barcode, as a scan. Nothing was done.",
        "Вставка — только в поле: нажмите / для фильтра или вставьте один штрихкод — как скан. Ничего не сделано.",
    ),
    (
        "tui.nothing_matches",
        "Nothing matches the filter (esc clears it).",
        "Ничего не найдено (esc сбрасывает фильтр).",
    ),
    (
        "tui.queue_empty",
        "The queue is empty: nothing to pick.",
        "Очередь пуста: собирать нечего.",
    ),
    ("tui.filter", "filter:", "фильтр:"),
    ("tui.scan", "scan for", "скан для"),
    (
        "tui.scan_for",
        "Scan the barcodes for reservation #{} ({}); Enter after each, Esc when done",
        "Сканируйте штрихкоды для резерва #{} ({}); Enter после каждого, Esc в конце",
    ),
    (
        "tui.scan_hint",
        "scan or type a barcode, Enter; Esc ends picking",
        "сканируйте или введите штрихкод, Enter; Esc завершает сборку",
    ),
    ("tui.scan_done", "Picking ended", "Сборка завершена"),
    (
        "tui.at_most",
        "at most {} can come back on this order",
        "по этому заказу можно вернуть не больше {}",
    ),
    (
        "tui.return_kit_by_cli",
        "{} was shipped in kit {}: a kit comes back whole; return it from the terminal: stockroom return {} 1 --order {} --channel {} --restock [--defective-part CODE:REASON]",
        "{} отгружен в наборе {}: набор возвращается целиком; примите возврат в терминале: stockroom return {} 1 --order {} --channel {} --restock [--defective-part АРТИКУЛ:ПРИЧИНА]",
    ),
    (
        "tui.return_from_ship",
        "Put the cursor on a ship entry: a return comes back from a shipment",
        "Поставьте курсор на отгрузку: возврат принимается по отгрузке",
    ),
    (
        "tui.return_none_left",
        "Order {} shipped {} of {}, all of it has come back",
        "По заказу {} отгружено {} × {}, всё уже вернулось",
    ),
    (
        "tui.return_not_shipped",
        "Order {} has shipped none of {}: nothing can come back on it",
        "По заказу {} не отгружено ни одной единицы {}: возвращать нечего",
    ),
    (
        "tui.scan_is",
        "{} {} (scanned {}; open it from the SKU list, 1)",
        "{} {} (скан {}; откройте его в списке товаров, 1)",
    ),
    (
        "tui.scan_nothing_to_pick",
        "{}: nothing to pick (scanned {})",
        "{}: собирать нечего (скан {})",
    ),
    (
        "tui.cancelled",
        "Cancelled; nothing was written",
        "Отменено; ничего не записано",
    ),
    (
        "tui.form_invalid",
        "Fix the fields marked ✗ first",
        "Сначала исправьте поля с ✗",
    ),
    (
        "tui.ask_receive",
        "Receive {} units? Enter again: yes, Esc: no",
        "Оприходовать {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_reserve",
        "Reserve {} units? Enter again: yes, Esc: no",
        "Зарезервировать {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_sell",
        "Sell {} units? Enter again: yes, Esc: no",
        "Продать {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_transfer",
        "Move {} units? Enter again: yes, Esc: no",
        "Переместить {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_defect",
        "Mark {} units defective? Enter again: yes, Esc: no",
        "Отметить брак: {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_writeoff",
        "Write off {} units? Enter again: yes, Esc: no",
        "Списать {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_adjust",
        "Correct by or to {} units? Enter again: yes, Esc: no",
        "Корректировать на {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_ship",
        "Ship {} units? Enter again: yes, Esc: no",
        "Отгрузить {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_return",
        "Take back {} units? Enter again: yes, Esc: no",
        "Принять возврат {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ship_more_than_picked",
        "Ship {} units, {} picked? Enter again: yes, Esc: no",
        "Отгрузить {} шт., собрано {}? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.confirm_again",
        "Press Enter again to confirm, Esc to cancel",
        "Нажмите Enter ещё раз для подтверждения, Esc для отмены",
    ),
    ("tui.save", "save", "сохранить"),
    ("tui.choose", "choose", "выбрать"),
    ("tui.cancel", "cancel", "отмена"),
    (
        "cli.unread_columns",
        "Columns not read (their cells were not imported): {}",
        "Не прочитаны столбцы (их ячейки не импортированы): {}",
    ),
    (
        "cli.unread_repeated",
        "repeated: the first is read",
        "повтор: читается первый",
    ),
    (
        "cli.unread_not_stock",
        "only import skus reads it",
        "его читает только import skus",
    ),
    (
        "cli.unread_no_header",
        "column {} without a header",
        "столбец {} без заголовка",
    ),
    ("cli.unread_more", "and {} more", "и ещё {}"),
    ("tui.help_card_title", "[SKU card]", "[Карточка товара]"),
    (
        "tui.help_card",
        "The list's keys (j k, arrows, PgDn PgUp, Home End) show the next or previous SKU's card; the SKU keys work on the SKU shown; Esc goes back to the list, on that SKU.",
        "Клавиши списка (j k, стрелки, PgDn PgUp, Home End) показывают карточку следующего или предыдущего товара; клавиши товара работают с показанным товаром; Esc — назад к списку, на этом товаре.",
    ),
    (
        "tui.help_title",
        "Keys (up/down scroll, any other key closes)",
        "Клавиши (вверх/вниз — прокрутка, другая клавиша закрывает)",
    ),
    ("tui.help_title_short", "Keys", "Клавиши"),
    (
        "tui.help_how",
        "up/down scroll, any other key closes",
        "вверх/вниз — прокрутка, другая клавиша закрывает",
    ),
    ("tui.empty_title", "Empty database", "Пустая база"),
    (
        "tui.empty_offer",
        "There is nothing here yet. Load demo data: a small tea-and-gifts shop with 300 SKUs and 90 days of history?",
        "Здесь пока пусто. Загрузить демо-данные: небольшой магазин чая и подарков, 300 товаров и 90 дней истории?",
    ),
    ("tui.yes_demo", "yes, load the demo", "да, загрузить демо"),
    ("tui.no_empty", "no, start empty", "нет, начать с пустой"),
    (
        "tui.empty_hint",
        "Empty database: add SKUs with `stockroom sku add` or `stockroom import skus FILE`",
        "Пустая база: добавьте товары `stockroom sku add` или `stockroom import skus ФАЙЛ`",
    ),
    (
        "tui.demo_loading",
        "Loading demo data: 300 SKUs and 90 days of history…",
        "Загружаются демо-данные: 300 товаров и 90 дней истории…",
    ),
    (
        "tui.demo_loaded",
        "Demo loaded: {} SKUs, {} ledger entries, {} open reservations",
        "Демо загружено: товаров {}, записей журнала {}, открытых резервов {}",
    ),
    ("tui.sort_code", "Sorted by code", "Сортировка по артикулу"),
    (
        "tui.sort_name",
        "Sorted by name",
        "Сортировка по наименованию",
    ),
    (
        "tui.sort_available",
        "Sorted by available, lowest first",
        "Сортировка по доступному, меньшие сверху",
    ),
    (
        "tui.sales_28d",
        "Sales, last 28 days: {} units",
        "Продажи за 28 дней: {} шт.",
    ),
    ("rstatus.open", "open", "открыт"),
    ("rstatus.picked", "picked", "собран"),
    ("rstatus.shipped", "shipped", "отгружен"),
    ("rstatus.cancelled", "cancelled", "снят"),
    ("rstatus.expired", "expired", "истёк"),
    ("rstatus.backorder", "backorder", "под заказ"),
    ("rstatus.applied", "applied", "проведена"),
    // What a command does, as a role refusal names it (`i18n::action_text`): English reads
    // "<this> needs the role …", Russian "Чтобы <это>, нужна роль …".
    ("action.kit_assemble", "assembling kits", "собрать наборы"),
    (
        "action.kit_disassemble",
        "taking kits apart",
        "разобрать наборы",
    ),
    (
        "action.adjust",
        "adjusting stock",
        "скорректировать остаток",
    ),
    (
        "action.alerts_snooze",
        "snoozing a low-stock alert",
        "отложить сигнал о нехватке",
    ),
    (
        "action.backup",
        "making a backup",
        "сделать резервную копию",
    ),
    ("action.channel_add", "adding a channel", "добавить канал"),
    (
        "action.channel_rules",
        "changing a channel's rules",
        "изменить правила канала",
    ),
    (
        "action.channel_listing",
        "changing which SKUs a channel lists",
        "изменить, какие товары выставляет канал",
    ),
    (
        "action.count_add",
        "counting in a stocktake",
        "вносить подсчёты в инвентаризацию",
    ),
    (
        "action.count_apply",
        "applying a stocktake",
        "провести инвентаризацию",
    ),
    (
        "action.count_cancel",
        "cancelling a stocktake",
        "отменить инвентаризацию",
    ),
    (
        "action.count_import",
        "importing counts into a stocktake",
        "загрузить подсчёты в инвентаризацию",
    ),
    (
        "action.count_recount",
        "sending a SKU to recount",
        "отправить товар на пересчёт",
    ),
    (
        "action.count_resolve",
        "settling a stocktake conflict",
        "решить конфликт инвентаризации",
    ),
    (
        "action.count_start",
        "starting a stocktake",
        "начать инвентаризацию",
    ),
    (
        "action.count_undo",
        "taking back a stocktake entry",
        "отменить запись инвентаризации",
    ),
    ("action.defect", "marking units defective", "отметить брак"),
    ("action.demo", "loading demo data", "загрузить демо-данные"),
    (
        "action.expire",
        "releasing expired holds",
        "снять истёкшие резервы",
    ),
    (
        "action.export_feed",
        "exporting a channel's feed",
        "выгрузить фид канала",
    ),
    (
        "action.force",
        "selling or reserving past a shortage",
        "продать или зарезервировать в обход дефицита",
    ),
    (
        "action.import_listed",
        "importing a channel's listed quantities",
        "загрузить выставленные в канале количества",
    ),
    (
        "action.import_orders",
        "importing orders",
        "загрузить заказы",
    ),
    ("action.import_skus", "importing SKUs", "загрузить товары"),
    (
        "action.import_stock",
        "importing stock levels",
        "загрузить остатки",
    ),
    ("action.location_add", "adding a location", "добавить склад"),
    ("action.order", "taking an order", "принять заказ"),
    ("action.pick", "picking", "собирать заказы"),
    (
        "action.po_cancel",
        "cancelling a purchase order",
        "отменить заказ поставщику",
    ),
    (
        "action.po_create",
        "ordering from suppliers",
        "заказать у поставщиков",
    ),
    (
        "action.po_receive",
        "receiving a purchase order",
        "принять заказ от поставщика",
    ),
    ("action.receive", "receiving stock", "оприходовать товар"),
    ("action.release", "releasing a reservation", "снять резерв"),
    (
        "action.reservation_backorder",
        "making a reservation a backorder",
        "оставить резерв ждать поступления",
    ),
    (
        "action.reservation_move",
        "moving a reservation to another location",
        "перенести резерв на другой склад",
    ),
    ("action.reserve", "reserving", "зарезервировать товар"),
    (
        "action.restore",
        "restoring a backup",
        "восстановить базу из резервной копии",
    ),
    ("action.return", "taking a return", "принять возврат"),
    (
        "action.return_no_order",
        "a return without an order (give the order number to take it as a packer)",
        "принять возврат без заказа (укажите номер заказа, чтобы оформить его как упаковщик)",
    ),
    ("action.sell", "selling", "продать товар"),
    ("action.ship", "shipping", "отгрузить заказ"),
    (
        "action.channel_map",
        "mapping a channel's offer codes",
        "сопоставить артикулы канала",
    ),
    (
        "action.channel_profile",
        "setting a channel's file format",
        "задать формат файлов канала",
    ),
    (
        "action.import_market_orders",
        "importing marketplace orders",
        "загрузить заказы площадки",
    ),
    (
        "action.promo_add",
        "planning a promotion",
        "запланировать акцию",
    ),
    (
        "action.promo_remove",
        "removing a promotion",
        "удалить акцию",
    ),
    (
        "action.ship_delivery",
        "shipping with a delivery cost",
        "отгрузить заказ с ценой доставки",
    ),
    (
        "action.sku_price",
        "setting a channel price",
        "задать цену в канале",
    ),
    ("action.sku_add", "adding a SKU", "добавить товар"),
    (
        "action.sku_archive",
        "archiving a SKU",
        "убрать товар в архив",
    ),
    ("action.sku_edit", "editing a SKU", "изменить товар"),
    (
        "action.sku_unarchive",
        "bringing a SKU back from the archive",
        "вернуть товар из архива",
    ),
    ("action.sku_rename", "renaming a SKU", "переименовать товар"),
    (
        "action.sku_kit",
        "setting a kit's components",
        "задать состав набора",
    ),
    ("action.return_kit", "taking a return", "принять возврат"),
    (
        "action.return_kit_no_order",
        "a return without an order (give the order number to take it as a packer)",
        "принять возврат без заказа (укажите номер заказа, чтобы оформить его как упаковщик)",
    ),
    (
        "action.transfer",
        "moving stock between locations",
        "переместить товар между складами",
    ),
    (
        "action.user_add",
        "adding or changing a user",
        "добавить или изменить пользователя",
    ),
    (
        "action.user_remove",
        "removing a user",
        "удалить пользователя",
    ),
    (
        "action.view",
        "reading this database",
        "просматривать эту базу",
    ),
    (
        "action.view_levels_in_blind_count",
        "seeing stock levels during a blind count",
        "видеть остатки во время слепой инвентаризации",
    ),
    ("action.writeoff", "writing off", "списать товар"),
    ("word.yes", "yes", "да"),
    ("word.no", "no", "нет"),
    ("tui.backorder_short", "BO", "ПЗ"),
    ("col.available_short", "avail", "дост."),
    ("col.on_order_short", "due", "едет"),
    ("col.cover_short", "days", "дней"),
    ("col.suggested_short", "buy", "купить"),
    ("tui.kit_short", "kit", "набор"),
    ("tui.door", "door", "дверь"),
    ("tui.pvz", "pickup point", "ПВЗ"),
    (
        "tui.filter_history",
        "history filter (kind: actor: channel: sku:)",
        "фильтр журнала (вид: кто: канал: код:)",
    ),
    ("kind.receive", "receive", "приход"),
    ("kind.reserve", "reserve", "резерв"),
    ("kind.release", "release", "снятие резерва"),
    ("kind.expire", "expire", "истёк резерв"),
    ("kind.ship", "ship", "отгрузка"),
    ("kind.sell", "sell", "продажа"),
    ("kind.return_restock", "return to stock", "возврат на склад"),
    ("kind.return_defect", "return, defective", "возврат в брак"),
    ("kind_short.return_restock", "ret.ok", "возв.скл"),
    ("kind_short.return_defect", "ret.bad", "возв.брак"),
    ("kind.defect", "defect", "брак"),
    ("kind.writeoff", "write-off", "списание"),
    (
        "kind.writeoff_defective",
        "write-off of defects",
        "списание брака",
    ),
    ("kind.transfer", "transfer", "перемещение"),
    ("kind.adjust", "adjust", "корректировка"),
    ("kind.assemble", "assemble", "сборка набора"),
    ("kind.disassemble", "disassemble", "разборка набора"),
    (
        "reason.shipping_damage",
        "shipping damage",
        "повреждение при доставке",
    ),
    ("reason.manufacturing", "manufacturing", "заводской брак"),
    ("reason.packaging", "packaging", "упаковка"),
    ("reason.other", "other", "другое"),
    ("pane.stocktake", "Stocktake", "Инвентаризация"),
    (
        "tui.resolve_stands_ask",
        "{}: press {} again to let the count stand — this corrects its stock now; any other key: no",
        "{}: нажмите {} ещё раз — верен пересчёт, остаток исправится сразу; любая другая клавиша — нет",
    ),
    (
        "tui.resolve_after_ask",
        "{}: press {} again — the units left after the count; this corrects its stock now; any other key: no",
        "{}: нажмите {} ещё раз — товар ушёл после пересчёта, остаток исправится сразу; любая другая клавиша — нет",
    ),
    (
        "tui.resolve_done",
        "{}: stock corrected by this row alone; count #{} stays open for the rest",
        "{}: остаток исправлен только по этой строке; инвентаризация #{} остаётся открытой для остальных",
    ),
    (
        "tui.count_confirm",
        "Press {} again to apply: the approved rows, or all not in conflict if none is approved",
        "Нажмите {} ещё раз, чтобы провести: одобренные строки, а если их нет — все не в конфликте",
    ),
    (
        "tui.count_none",
        "No count is open: press {} to start one at the default location",
        "Нет открытой инвентаризации: {} начнёт её на основном складе",
    ),
    (
        "tui.count_none_owner",
        "No count is open: the owner starts one, then scan here",
        "Нет открытой инвентаризации: её начинает владелец, затем сканируйте здесь",
    ),
    (
        "tui.count_title",
        "Stocktake #{} at {}{} · {} entries",
        "Инвентаризация #{} · {}{} · записей {}",
    ),
    ("tui.count_blind", " (blind)", " (вслепую)"),
    ("tui.count_scan", "scan:", "скан:"),
    (
        "tui.count_scan_hint",
        "barcode + Enter counts one; a number + Enter right after sets that scan's quantity",
        "штрихкод + Enter считает 1; число + Enter сразу после задаёт количество",
    ),
    ("tui.count_recent", "Last entries", "Последние записи"),
    (
        "tui.recon_title",
        "Stocktake #{}, reconciliation: counted vs recorded · {} approved",
        "Инвентаризация #{}, сверка: факт и учёт · одобрено {}",
    ),
    (
        "tui.recon_title_short",
        "Reconciliation #{} · {} approved",
        "Сверка #{} · одобрено {}",
    ),
    ("tui.count_uncounted", "not counted: {}", "не посчитаны: {}"),
    ("pane.channels", "Channels", "Каналы"),
    ("form.rules", "Channel rules", "Правила канала"),
    (
        "field.priority",
        "Priority (1 = highest)",
        "Приоритет (1 = высший)",
    ),
    ("field.share", "Share of available, %", "Доля доступного, %"),
    (
        "field.buffer",
        "Buffer (units held back)",
        "Буфер (придержать, шт.)",
    ),
    (
        "field.max",
        "Show at most (empty = no cap)",
        "Показывать не больше (пусто = без предела)",
    ),
    (
        "field.keep_when_low",
        "Keep showing when low",
        "Показывать при низком остатке",
    ),
    ("field.paused", "Paused", "Пауза"),
    (
        "field.hold_hours",
        "Unpaid hold, hours (empty = none)",
        "Резерв без оплаты, часов (пусто = нет)",
    ),
    (
        "tui.title_matrix",
        "Channel matrix: published (listed) · {} SKUs",
        "Матрица каналов: выставлено (в канале) · товаров {}",
    ),
    (
        "tui.matrix_legend",
        "▲ channel shows more than it may (oversell risk) · ▼ shows less (lost sales) · – withheld · off: not listed · {}: list or unlist",
        "▲ канал показывает больше (риск перепродажи) · ▼ меньше (упущенные продажи) · – придержано · нет: не выставлен · {}: выставить или снять",
    ),
    (
        "tui.matrix_legend_short",
        "off = not listed, –0 = held back",
        "нет = не выставлен, –0 = придержано",
    ),
    (
        "tui.rules_line",
        "{}: priority {}, share {}%, buffer {}, max {}, keep showing when low: {}, {}",
        "{}: приоритет {}, доля {}%, буфер {}, максимум {}, показывать при низком: {}, {}",
    ),
    ("tui.paused", "PAUSED", "ПАУЗА"),
    ("tui.active", "active", "активен"),
    // forms
    ("form.receive", "Receive", "Приход"),
    ("form.reserve", "Reserve", "Резерв"),
    ("form.sell", "Sell", "Продажа"),
    ("form.transfer", "Transfer", "Перемещение"),
    ("form.defect", "Defect", "Брак"),
    ("form.writeoff", "Write off", "Списание"),
    ("form.adjust", "Adjust", "Корректировка"),
    ("form.ship", "Ship", "Отгрузка"),
    ("form.release", "Release", "Снятие резерва"),
    ("form.return", "Return", "Возврат"),
    ("field.qty", "Quantity", "Количество"),
    (
        "field.qty_all",
        "Quantity (empty = all)",
        "Количество (пусто = всё)",
    ),
    (
        "field.set_or_by",
        "New on hand, or +N / -N",
        "Новый остаток или +N / -N",
    ),
    ("field.location", "Location", "Склад"),
    ("field.from", "From", "Откуда"),
    ("field.to", "To", "Куда"),
    ("field.reference", "Reference", "Основание"),
    ("field.channel", "Channel", "Канал"),
    ("field.order", "Order", "Заказ"),
    ("field.delivery", "Delivery", "Доставка"),
    ("field.dest", "To", "Получение"),
    ("field.reason", "Reason", "Причина"),
    ("field.note", "Note", "Примечание"),
    ("field.tracking", "Tracking number", "Трек-номер"),
    ("field.return_to", "Goes to", "Куда"),
    // replenishment: alerts, purchase orders, reports
    ("col.on_order", "on order", "в заказе"),
    ("col.velocity", "/day", "в день"),
    ("col.cover", "cover", "дней"),
    ("col.reorder_point", "reorder at", "точка заказа"),
    ("col.suggested", "to order", "заказать"),
    ("col.supplier", "supplier", "поставщик"),
    ("col.lines", "lines", "строк"),
    ("col.ordered", "ordered", "заказано"),
    ("col.received", "received", "получено"),
    ("col.outstanding", "awaited", "ожидается"),
    ("col.reason", "reason", "причина"),
    ("col.units", "units", "шт."),
    ("col.cost", "cost", "сумма"),
    ("col.channels", "by channel", "по каналам"),
    ("po.open", "open", "открыт"),
    ("po.received", "received", "получен"),
    ("po.cancelled", "cancelled", "отменён"),
    ("cli.backorders", "{} backordered", "под заказ {}"),
    (
        "cli.computed_note",
        "~ reorder point computed by the rule of thumb (no min/safety set by hand)",
        "~ точка заказа рассчитана по правилу (мин. и страховой запас не заданы вручную)",
    ),
    (
        "cli.no_alerts",
        "No alerts: nothing needs ordering",
        "Сигналов нет: заказывать нечего",
    ),
    (
        "cli.po_header",
        "Purchase order #{} to {} · {} · created {} by {}",
        "Заказ поставщику #{} · {} · {} · создан {}, {}",
    ),
    (
        "cli.po_created",
        "Purchase order #{} to {}: {} units (lines: {})",
        "Заказ поставщику #{} · {}: {} шт. (строк: {})",
    ),
    (
        "cli.po_nothing",
        "Nothing to order: no alert suggests a quantity",
        "Заказывать нечего: ни один сигнал не предлагает количество",
    ),
    (
        "cli.po_skipped",
        "not ordered, no supplier set (`stockroom sku edit CODE --supplier NAME`): {}",
        "не заказаны, не указан поставщик (`stockroom sku edit АРТИКУЛ --supplier ИМЯ`): {}",
    ),
    (
        "cli.po_received",
        "Received {} units on purchase order #{} ({}); {} still awaited",
        "Получено {} шт. по заказу поставщику #{} ({}); ещё ожидается {}",
    ),
    (
        "cli.po_closed",
        "Purchase order #{} is received in full",
        "Заказ поставщику #{} получен полностью",
    ),
    (
        "cli.po_cancelled",
        "Purchase order #{} cancelled; {} units no longer awaited",
        "Заказ поставщику #{} отменён; {} шт. больше не ожидаются",
    ),
    (
        "cli.snoozed",
        "Alert for {} snoozed until {} (it returns sooner if the SKU gets worse)",
        "Сигнал по {} отложен до {} (вернётся раньше, если станет хуже)",
    ),
    (
        "cli.unsnoozed",
        "Alert for {} shows again",
        "Сигнал по {} снова показывается",
    ),
    (
        "cli.defects_total",
        "{} defective units in the last {} days, cost {}",
        "брака {} шт. за последние {} дн., на сумму {}",
    ),
    (
        "cli.defects_uncosted",
        "{} of them have no cost set and count in units only",
        "из них у {} шт. не указана себестоимость; они учтены только в штуках",
    ),
    ("money.amount", "{} ₽", "{} ₽"),
    ("cli.margin_title", "Margin by {}, {}", "Маржа: {}, {}"),
    ("cli.margin_all_time", "every sale so far", "все продажи"),
    (
        "cli.margin_none",
        "No sales in this period",
        "Продаж за этот период нет",
    ),
    (
        "cli.margin_compare",
        "{} earns {} more per unit than {}",
        "{} приносит на {} больше с единицы, чем {}",
    ),
    (
        "cli.margin_unknown",
        "{} units sold without a price and {} without a cost count as 0 there",
        "продано без цены {} шт. и без себестоимости {} шт.; там они считаются как 0",
    ),
    (
        "cli.margin_out",
        "the margin report is written as .csv or .xlsx: give a file name ending in one of them",
        "отчёт о марже записывается в .csv или .xlsx: укажите имя файла с одним из этих окончаний",
    ),
    (
        "cli.margin_written",
        "Wrote the margin report to {}",
        "Отчёт о марже записан в {}",
    ),
    ("margin.by_channel", "channel", "по каналам"),
    ("margin.by_sku", "SKU", "по товарам"),
    ("margin.by_supplier", "supplier", "по поставщикам"),
    ("col.revenue", "revenue", "выручка"),
    ("col.cogs", "cost of goods", "себестоимость"),
    ("col.commission", "commission", "комиссия"),
    ("col.order_fees", "order fees", "плата за заказы"),
    ("col.delivery_cost", "delivery", "доставка"),
    ("col.margin", "margin", "маржа"),
    ("col.per_unit", "per unit", "на единицу"),
    (
        "cli.channel_price_set",
        "{} sells on {} at {}",
        "{} продаётся в канале {} по {}",
    ),
    (
        "cli.channel_price_cleared",
        "{} sells on {} at its own price again ({})",
        "{} снова продаётся в канале {} по своей цене ({})",
    ),
    ("cli.no_price", "no price set", "цена не задана"),
    (
        "cli.channel_money",
        "; commission {} %, {} per order",
        "; комиссия {} %, {} за заказ",
    ),
    ("cli.total", "Total", "Итого"),
    ("cli.never", "never", "не было"),
    ("cli.no_cost", "no cost", "нет себест."),
    (
        "cli.stock_value_title",
        "Stock at cost, by location",
        "Остатки по себестоимости, по складам",
    ),
    (
        "cli.value_uncosted",
        "{} units have no cost set and count in units only",
        "у {} шт. не указана себестоимость; они учтены только в штуках",
    ),
    ("col.value_at_cost", "value at cost", "по себестоимости"),
    (
        "col.defective_value",
        "defective, at cost",
        "брак, по себест.",
    ),
    ("col.frozen_units", "frozen units", "заморожено, шт."),
    ("col.last_sale", "last sale", "посл. продажа"),
    ("col.idle_days", "days idle", "дней без продаж"),
    ("col.cover_days", "cover, days", "запас, дн."),
    ("col.target_days", "lead+safety, days", "срок+страх., дн."),
    ("col.frozen_money", "frozen money", "заморожено денег"),
    ("col.slow_kind", "why", "почему"),
    ("slow.dead", "dead", "неликвид"),
    ("slow.overstock", "overstock", "избыток"),
    (
        "cli.slow_title",
        "Frozen money: dead stock has not sold for {} days; overstock lasts more than {} x (lead time + safety days) at the last {} days' sales, and the forecast (season, promotions) does not sell it in that time either",
        "Замороженные деньги: неликвид не продавался {} дн.; избыток лежит дольше, чем {} × (срок поставки + дни страхового запаса) при продажах последних {} дн., и прогноз (сезон, акции) тоже не продаёт его за это время",
    ),
    (
        "cli.slow_none",
        "No dead stock and no overstock",
        "Неликвида и избытка нет",
    ),
    (
        "cli.slow_total",
        "Dead stock: {} · overstock: {}",
        "Неликвид: {} · избыток: {}",
    ),
    (
        "cli.day_title",
        "The day {} (your local day)",
        "Итоги дня {} (по местному времени)",
    ),
    ("cli.day_none", "none", "нет"),
    (
        "cli.day_received",
        "Received: {} units ({})",
        "Принято: {} шт. ({})",
    ),
    (
        "cli.day_channels",
        "Sales and shipments: {}",
        "Продажи и отгрузки: {}",
    ),
    (
        "cli.day_defects",
        "Defects found in stock: {} units; defects by reason, returns included: {}",
        "Брак на складе: {} шт.; брак по причинам, с возвратами: {}",
    ),
    (
        "cli.day_count",
        "{}: {} lines, +{} / -{}",
        "{}: строк {}, +{} / -{}",
    ),
    (
        "cli.day_counts",
        "Counts applied: {}",
        "Применённые пересчёты: {}",
    ),
    (
        "cli.day_holds",
        "Reservations past their hold: {} ({}); units released by expired holds: {}",
        "Резервы с истёкшим сроком удержания: {} ({}); снято по истечении срока: {} шт.",
    ),
    (
        "cli.day_drift_one",
        "{}: {} SKUs, {} units over, {} under",
        "{}: товаров {}, лишних {} шт., недостающих {} шт.",
    ),
    (
        "cli.day_drift",
        "Channels with drift: {}",
        "Каналы с расхождением: {}",
    ),
    (
        "cli.day_alerts",
        "Alerts: {} ({})",
        "Сигналы о запасе: {} ({})",
    ),
    (
        "cli.day_alerts_past",
        "Alerts: not kept for a past day (the stock it ended with is not stored); today's: `stockroom alerts`",
        "Сигналы о запасе: за прошедший день не хранятся (остатки на его конец не сохраняются); сегодняшние: `stockroom alerts`",
    ),
    (
        "cli.day_po",
        "#{} {} (due {}), {} units outstanding",
        "№{} {} (срок {}), ожидается {} шт.",
    ),
    (
        "cli.day_pos",
        "Purchase orders due or late: {} ({})",
        "Заказы поставщикам к сроку или опаздывающие: {} ({})",
    ),
    (
        "cli.day_out_xlsx",
        "the day report is written as .xlsx: give a file name ending in .xlsx",
        "отчёт дня записывается в .xlsx: укажите имя файла с окончанием .xlsx",
    ),
    (
        "cli.day_written",
        "Wrote the day report to {}",
        "Отчёт дня записан в {}",
    ),
    ("col.sold", "sold", "продано"),
    ("col.shipped", "shipped", "отгружено"),
    ("col.returned", "returned", "возвращено"),
    (
        "col.returned_defective",
        "returned defective",
        "возвращено с браком",
    ),
    (
        "col.holds_overdue",
        "holds past deadline",
        "резервы с истёкшим сроком",
    ),
    ("col.what", "what", "что"),
    ("col.detail", "detail", "подробно"),
    ("col.day", "day", "день"),
    ("col.alert", "alert", "сигнал"),
    (
        "col.po_due",
        "purchase order due",
        "заказ поставщику к сроку",
    ),
    ("xlsx.day_summary", "Day", "День"),
    ("xlsx.day_channels", "Channels", "Каналы"),
    ("xlsx.day_received", "Received", "Принято"),
    ("xlsx.day_attention", "Attention", "Внимание"),
    ("xlsx.margin", "Margin", "Маржа"),
    (
        "cli.output_lost",
        "the output could not be written ({}); what the command did is saved: look at `stockroom history` before running it again",
        "вывод не удалось записать ({}); то, что команда сделала, сохранено: посмотрите `stockroom history`, прежде чем запускать её снова",
    ),
    (
        "cli.history_none",
        "No ledger entries match",
        "Подходящих записей в журнале нет",
    ),
    (
        "cli.velocity_title",
        "Units sold in the last {} days",
        "Продано за последние {} дн.",
    ),
    (
        "tui.alerts_title",
        "Alerts ({}), most urgent first",
        "Заканчивается ({}), срочные сверху",
    ),
    ("tui.alerts_title_marked", " · {} marked", " · отмечено {}"),
    (
        "tui.alerts_title_short",
        "Alerts ({})",
        "Заканчивается ({})",
    ),
    (
        "tui.alert_on_channel",
        "{} shows {}, sells {}/day",
        "{}: в канале {}, продаёт {} в день",
    ),
    (
        "tui.no_alerts",
        "No alerts: stock lasts until the next order could arrive.",
        "Ничего не заканчивается: запаса хватит до прихода следующего заказа.",
    ),
    (
        "tui.alerts_marked",
        "{} marked; p orders them from their suppliers",
        "отмечено {}; p закажет их у поставщиков",
    ),
    (
        "tui.po_created",
        "Created {} purchase order(s): {}",
        "Создано заказов поставщикам ({}): {}",
    ),
    (
        "tui.po_nothing",
        "Nothing to order here: the suggestion is 0",
        "Здесь заказывать нечего: предложено 0",
    ),
    (
        "tui.po_kit_part",
        "{} is a kit, limited by {}, which needs no order by its own numbers: order {} by hand (po create)",
        "{} — набор, его ограничивает {}, которому по его цифрам заказ не нужен: закажите {} вручную (po create)",
    ),
    (
        "tui.po_confirm",
        "{} supplier(s), {} SKUs, {} units ({}): press p again to order",
        "поставщиков {}, товаров {}, {} шт. ({}): нажмите p ещё раз, чтобы заказать",
    ),
    (
        "tui.alert_sales",
        "sold {} in 28 days · {}/day · lead time {} days",
        "продано {} за 28 дн. · {} в день · поставка {} дн.",
    ),
    (
        "tui.alert_thresholds",
        "min {} + safety {} = reorder at {} · on order {}",
        "мин. {} + страх. {} = точка заказа {} · в заказе {}",
    ),
    (
        "tui.alert_computed",
        "computed: forecast {} a day × {} d = {} ({})",
        "расчёт: прогноз {} в день × {} дн. = {} ({})",
    ),
    (
        "tui.alert_backorders",
        " · {} backordered",
        " · под заказ {}",
    ),
    (
        "tui.defects_title",
        "Defects, last {} days: {} units, cost {} (b: back to the alerts)",
        "Брак за {} дн.: {} шт. на {} (b: назад к сигналам)",
    ),
    (
        "tui.defects_none",
        "No defects in this period",
        "Брака за этот период нет",
    ),
    // Paths the program writes (src/io/paths.rs)
    (
        "path.is_database",
        "is the database itself ({}); choose another file",
        "это сама база ({}); выберите другой файл",
    ),
    (
        "path.is_socket",
        "is {}, the server socket of the database {}; choose another file",
        "это {}, сокет сервера базы {}; выберите другой файл",
    ),
    (
        "path.is_before_restore",
        "is {}, where restore keeps the replaced database {}; choose another file",
        "это {}, где восстановление хранит заменённую базу {}; выберите другой файл",
    ),
    (
        "path.is_stockroom_file",
        "holds a stockroom database or backup, never replaced by an export (the database is {}); choose another file",
        "это база или резервная копия stockroom, выгрузка её не заменяет (база: {}); выберите другой файл",
    ),
    (
        "path.backup_exists",
        "already holds a stockroom backup; add --force to replace it with a backup of {}",
        "здесь уже лежит резервная копия stockroom; добавьте --force, чтобы заменить её копией {}",
    ),
    (
        "path.name_too_long",
        "the file name is {} bytes long; a file name holds at most {}: choose a shorter one",
        "имя файла длиной {} байт; имя файла вмещает не больше {}: выберите имя короче",
    ),
    (
        "path.no_folder",
        "the folder {} does not exist; create it first or choose another",
        "папки {} нет; сначала создайте её или выберите другую",
    ),
    (
        "path.is_folder",
        "is a folder; give a file name",
        "это папка; укажите имя файла",
    ),
    (
        "path.not_regular",
        "is a socket, pipe or device, not a file; choose another file",
        "это сокет, канал или устройство, а не файл; выберите другой файл",
    ),
    (
        "path.not_folder",
        "is a file, not a folder; give a folder for --out-dir",
        "это файл, а не папка; укажите папку в --out-dir",
    ),
    (
        "path.unreadable",
        "cannot be read to make sure it is not a stockroom database ({}); choose another file",
        "не удаётся прочитать, чтобы убедиться, что это не база stockroom ({}); выберите другой файл",
    ),
    (
        "db.is_folder",
        "is a folder, not a database file; give --db (or STOCKROOM_DB) a file, e.g. FOLDER/stockroom.redb",
        "это папка, а не файл базы; укажите в --db (или STOCKROOM_DB) файл, например ПАПКА/stockroom.redb",
    ),
    (
        "db.not_a_file",
        "is a device, pipe or socket, not a database file; check --db or STOCKROOM_DB",
        "это устройство, канал или сокет, а не файл базы; проверьте --db или STOCKROOM_DB",
    ),
    (
        "db.no_stockroom_in_pg",
        "this PostgreSQL database holds no stockroom yet (or its stockroom.kv is another program's table); check --db or STOCKROOM_DB, or make one with `stockroom --db URL init` as a role that may create its schema (docs/deploy.md, section 7)",
        "в этой базе PostgreSQL ещё нет склада (или её stockroom.kv — таблица другой программы); проверьте --db или STOCKROOM_DB либо создайте склад: `stockroom --db АДРЕС init` от роли, которой можно создавать схему (docs/deploy.md, раздел 7)",
    ),
    (
        "backup.over_served",
        "{} is a database a running stockroom holds (a server serves it or a process has it open): a backup never replaces it; choose another file",
        "{} — база, которую держит работающий stockroom (её обслуживает сервер или она открыта в другом процессе): резервная копия никогда её не заменяет; выберите другой файл",
    ),
    (
        "db.not_stockroom",
        "not a stockroom database (it does not start with the database header); check --db or STOCKROOM_DB, or create a new one with `stockroom init --db NEW.redb`",
        "это не база stockroom (файл не начинается с заголовка базы); проверьте --db или STOCKROOM_DB либо создайте новую: `stockroom init --db НОВАЯ.redb`",
    ),
    (
        "export.format_contradicts",
        "--format {} contradicts the file's extension, which says {}; drop --format or change the extension",
        "--format {} противоречит расширению файла, а оно говорит {}; уберите --format или смените расширение",
    ),
    (
        "export.feed_no_xlsx",
        "a feed is written as CSV or JSON, not .xlsx; name the file .csv or .json",
        "фид пишется в CSV или JSON, не в .xlsx; назовите файл .csv или .json",
    ),
    (
        "export.feed_names_clash",
        "channels {} and {} would both write {}; give one of them its own --out",
        "каналы {} и {} оба записали бы {}; выгрузите один из них с отдельным --out",
    ),
    (
        "export.feed_not_marked",
        "shown, not marked as sent: only a feed written with --out or --out-dir counts as sent",
        "показано, но не отмечено как отправленное: отправленным считается только фид, записанный через --out или --out-dir",
    ),
    (
        "xlsx.not_workbook",
        "not an xlsx workbook ({}); if it is CSV, name it .csv",
        "это не книга xlsx ({}); если это CSV, назовите файл .csv",
    ),
    ("xlsx.empty_file", "the file is empty", "файл пуст"),
    (
        "xlsx.error_cell",
        "cell {} holds the error {} (a formula that failed in the spreadsheet), not a value: fix it there, save the file and import again",
        "в ячейке {} ошибка {} (формула, которая не сработала в таблице), а не значение: исправьте её там, сохраните файл и импортируйте снова",
    ),
    (
        "xlsx.unsaved_formula",
        "cell {} holds the formula {} but not its result (the program that wrote the file did not compute it): open the file in a spreadsheet program and save it, or paste the values as values, then import again",
        "в ячейке {} формула {}, но нет её результата (программа, записавшая файл, его не вычислила): откройте файл в табличном редакторе и сохраните его или вставьте значения как значения, затем импортируйте снова",
    ),
    (
        "xlsx.plain_text",
        "it holds plain text",
        "в нём обычный текст",
    ),
    (
        "xlsx.not_zip",
        "it is not a zip archive, as every workbook is",
        "это не zip-архив, а любая книга xlsx — zip-архив",
    ),
    // Import encodings
    (
        "import.is_zip",
        "this is a zip archive (an xlsx workbook?), not a CSV file; give it the .xlsx name to import it as a workbook, or save the sheet as CSV",
        "это zip-архив (книга xlsx?), а не CSV; дайте файлу имя .xlsx, чтобы загрузить его как книгу, или сохраните лист в CSV",
    ),
    (
        "import.not_text",
        "this is not a text file (it holds a zero byte); save the sheet as CSV (UTF-8) and import that",
        "это не текстовый файл (в нём нулевой байт); сохраните лист в CSV (UTF-8) и загрузите его",
    ),
    (
        "import.not_utf8",
        "byte 0x{} is not UTF-8 though the rest of the file is; fix that line (or save the file again as UTF-8), or name the encoding with --encoding ({})",
        "байт 0x{} не в UTF-8, хотя остальной файл в UTF-8; исправьте эту строку (или сохраните файл заново в UTF-8) либо укажите кодировку: --encoding ({})",
    ),
    (
        "import.not_utf16",
        "the file is not valid UTF-16; save it again as UTF-8 or name its encoding with --encoding ({})",
        "файл не в корректной кодировке UTF-16; сохраните его заново в UTF-8 или укажите кодировку: --encoding ({})",
    ),
    (
        "import.encoding_unread",
        "cannot tell the encoding of this file (it looks like {}, which stockroom does not read; the first non-ASCII byte is 0x{}); name it with --encoding ({}) or save the file as UTF-8",
        "не удаётся определить кодировку файла (похоже на {}, которую stockroom не читает; первый не-ASCII байт 0x{}); укажите её: --encoding ({}) или сохраните файл в UTF-8",
    ),
    (
        "import.encoding_too_little",
        "cannot tell the encoding of this file (only {} non-ASCII byte(s), too few to tell; the first is 0x{}); name it with --encoding ({}) or save the file as UTF-8",
        "не удаётся определить кодировку файла (всего {} не-ASCII байт(а), слишком мало; первый 0x{}); укажите её: --encoding ({}) или сохраните файл в UTF-8",
    ),
    // Reservations taken from several locations, and the way out of a short one.
    (
        "cli.reserved_split",
        "Reserved {} x {} for {} (order {}) from several locations, one reservation each: {}",
        "Зарезервировано {} × {} для {} (заказ {}) с нескольких складов, по резерву на склад: {}",
    ),
    ("cli.reserved_part", "#{}: {} at {}", "#{}: {} на складе {}"),
    (
        "cli.res_moved",
        "Reservation #{} moved: {} x {} now at {}",
        "Резерв #{} перенесён: {} × {} теперь на складе {}",
    ),
    (
        "cli.res_backorder",
        "Reservation #{} waits as a backorder for {} x {}; it is reserved when stock covers it",
        "Резерв #{} ждёт поступления: {} × {}; будет зарезервирован, когда товара хватит",
    ),
    (
        "cli.res_backorder_filled",
        "Reservation #{} was made a backorder and took its units again at once: {} x {} at {}",
        "Резерв #{} стал заказом под поступление и сразу снова получил товар: {} × {} на складе {}",
    ),
    (
        "cli.res_short_fix",
        "{}, SHORT {}: `reservation move {} --to LOCATION` or `reservation backorder {}`",
        "{}, НЕ ХВАТАЕТ {}: `reservation move {} --to СКЛАД` или `reservation backorder {}`",
    ),
    (
        "form.fix_short",
        "Move or backorder",
        "Перенести или ждать поступления",
    ),
    ("field.move_to", "Move to", "Куда"),
    ("choice.backorder", "backorder", "ждать поступления"),
    (
        "tui.short_fix_hint",
        "short: press {} to move it or make it a backorder",
        "не хватает: {} — перенести или ждать поступления",
    ),
    // Enum names in words (one per stored name; JSON keeps the stored names)
    ("delivery.cdek", "CDEK", "СДЭК"),
    ("delivery.regional", "regional", "региональная"),
    ("delivery.courier", "courier", "курьер"),
    ("delivery.pickup", "pickup", "самовывоз"),
    ("dest.door", "door", "дверь"),
    ("dest.pickup_point", "pickup point", "ПВЗ"),
    ("outcome.restock", "back to stock", "на склад"),
    ("role.owner", "owner", "владелец"),
    ("role.packer", "packer", "упаковщик"),
    ("role.counter", "counter", "счётчик"),
    ("role.viewer", "viewer", "наблюдатель"),
    ("chkind.marketplace", "marketplace", "маркетплейс"),
    ("chkind.retail", "retail", "розница"),
    ("chkind.website", "website", "сайт"),
    ("chkind.social", "social network", "соцсеть"),
    ("chkind.messenger", "messenger", "мессенджер"),
    ("chkind.wholesale", "wholesale", "опт"),
    ("chkind.other", "other", "другое"),
    ("flag.applied", "applied", "проведён"),
    ("flag.moved", "moved since", "было движение"),
    ("flag.conflict", "conflict", "конфликт"),
    ("flag.shortage", "short", "нехватка"),
    // Help: the sections, one per place a key works
    ("help.global", "Everywhere", "Везде"),
    ("help.list", "In a list", "В списке"),
    ("help.skus", "SKUs", "Товары"),
    ("help.alerts", "Alerts", "Заканчивается"),
    ("help.reservations", "Reservations", "Резервы"),
    ("help.channels", "Channels", "Каналы"),
    ("help.stocktake", "Stocktake", "Инвентаризация"),
    ("help.history", "History", "История"),
    ("help.form", "In a form", "В форме"),
    (
        "help.input",
        "Typing text, reading the help",
        "При вводе текста и в справке",
    ),
    ("cli.default_location", "Main warehouse", "Основной склад"),
    ("tui.matching", " · matching \"{}\"", " · по запросу «{}»"),
    (
        "tui.filter_history_dates",
        "history filter (kind: actor: channel: sku: date: since:)",
        "фильтр журнала (вид: кто: канал: код: дата: с:)",
    ),
    (
        "tui.beyond_largest",
        "{} is over 10 times the most this SKU has moved at once ({}).",
        "{} — больше чем в 10 раз крупнейшего движения по этому товару ({}).",
    ),
    (
        "tui.ask_count",
        "Count {} as {} units? Enter again: yes, Esc: no",
        "Посчитать {}: {} шт.? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.count_amend_undone",
        "Amendment taken back: the scan of {} counts as 1 again (ctrl-z again takes the scan back too)",
        "Исправление отменено: скан {} снова считается за 1 (ctrl-z ещё раз отменит и скан)",
    ),
    (
        "tui.percent_range",
        "share must be 0 to 100 %",
        "доля должна быть от 0 до 100 %",
    ),
    (
        "tui.count_already_open",
        "Stocktake #{} is already open: scan into it here, or f2 to reconcile and apply it; a new one starts after that",
        "Инвентаризация #{} уже открыта: сканируйте в неё здесь или f2 — сверить и провести; новую можно начать после этого",
    ),
    (
        "cli.res_backorder_filled_split",
        "Reservation #{} was made a backorder and took its units again at once, from several locations: {} x {}, one reservation each: {}",
        "Резерв #{} стал заказом под поступление и сразу снова получил товар с нескольких складов: {} × {}, по резерву на склад: {}",
    ),
    (
        "serve.waiting_for_db",
        "stockroom serve: {} is in use by another stockroom process; waiting for it (up to {} s, --wait sets how long)",
        "stockroom serve: {} занята другим процессом stockroom; жду её (до {} с, --wait задаёт сколько)",
    ),
    (
        "serve.db_in_use",
        "{} is still in use by another stockroom process after {} s; let that command finish (or quit the TUI that has it open), or give it longer with --wait SECS",
        "{} всё ещё занята другим процессом stockroom через {} с; дайте той команде закончить (или закройте открывший её TUI) либо дайте больше времени: --wait СЕКУНДЫ",
    ),
    (
        "tui.scan_unknown",
        "Unknown barcode or code {}: no SKU has it; nothing was opened or changed",
        "Неизвестный штрихкод или артикул {}: такого нет ни у одного товара; ничего не открыто и не изменено",
    ),
    (
        "tui.ask_adjust_set",
        "Set on hand to {} (was {}, {})? Enter again: yes, Esc: no",
        "Установить остаток {} (было {}, {})? Enter ещё раз: да, Esc: нет",
    ),
    (
        "tui.ask_adjust_by",
        "Change on hand by {} ({} → {})? Enter again: yes, Esc: no",
        "Изменить остаток на {} ({} → {})? Enter ещё раз: да, Esc: нет",
    ),
];

pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    // Every screen asks for dozens of words a frame: one map, built on first use, instead
    // of a walk over every table. The first table to name a key wins (a test forbids two).
    static MAP: std::sync::OnceLock<
        std::collections::HashMap<&'static str, (&'static str, &'static str)>,
    > = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        for (k, en, ru) in CATALOG
            .iter()
            .chain(super::market::CATALOG.iter())
            .chain(super::sync_catalog::SYNC)
            .chain(super::reconcile_catalog::RECONCILE)
            .chain(super::plan_catalog::PLAN)
            .chain(super::purchase_catalog::PURCHASE)
            .chain(super::kit_catalog::KITS)
        {
            map.entry(*k).or_insert((*en, *ru));
        }
        map
    })
    .get(key)
    .copied()
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
    /// Every key the code asks for by name (`text("…")`, `fill("…", …)`) has an entry, so no
    /// screen ever shows a bare key such as `tui.demo_loading`.
    #[test]
    fn catalog_keys_are_complete() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).expect("src is readable") {
                let p = e.expect("dir entry").path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut asked = 0;
        let mut missing = Vec::new();
        for f in &files {
            let src = std::fs::read_to_string(f).expect("source is UTF-8");
            for call in ["text(\"", "fill(\""] {
                for (at, _) in src.match_indices(call) {
                    // `text(` itself, not `context(`.
                    let before = src[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &src[at + call.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    let is_key = key.contains('.')
                        && key.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c)
                        });
                    if !is_key {
                        continue;
                    }
                    asked += 1;
                    if super::lookup(key).is_none() {
                        missing.push(format!("{key} ({})", f.display()));
                    }
                }
            }
        }
        assert!(
            asked > 100,
            "the walk found the keys the code uses ({asked})"
        );
        assert!(
            missing.is_empty(),
            "keys with no catalog entry: {missing:#?}"
        );
    }

    /// Every value of every closed list the screens word (a movement kind, a status, a
    /// reason, a role, an action, a help section) has its entry: the key functions match
    /// on the type without a catch-all, so a new variant needs a key to compile, and this
    /// finds a key with no words.
    #[test]
    fn every_typed_value_has_its_words() {
        use crate::domain::purchase::PoStatus;
        use crate::domain::stocktake::{CountFlag, SessionStatus};
        use crate::domain::{
            ChannelKind, DefectReason, DeliveryMethod, Destination, KindName, ReservationStatus,
            Role,
        };
        use crate::i18n::messages as m;
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(KindName::ALL.map(m::kind_key));
        keys.extend(ReservationStatus::ALL.map(m::status_key));
        keys.extend(SessionStatus::ALL.map(m::session_status_key));
        keys.extend(PoStatus::ALL.map(m::po_status_key));
        keys.extend(DefectReason::ALL.map(m::reason_key));
        keys.extend(DeliveryMethod::ALL.map(m::delivery_key));
        keys.extend(Destination::ALL.map(m::destination_key));
        keys.extend(Role::ALL.map(m::role_key));
        keys.extend(ChannelKind::ALL.map(m::channel_kind_key));
        keys.extend(CountFlag::ALL.map(m::count_flag_key));
        keys.extend(crate::tui::keymap::Context::ALL.map(|c| c.help_key()));
        // Every command's name (`meta("…", role)` in the command table) is in the list.
        let table = include_str!("../inventory/command.rs");
        for part in table.split("meta(\"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(
                crate::i18n::errors::ACTIONS.contains(&name),
                "the command {name} has no words for a role refusal"
            );
        }
        for a in crate::i18n::errors::ACTIONS {
            let key = crate::i18n::errors::action_key(a);
            assert!(key.is_some(), "the action {a} has no key");
            keys.extend(key);
        }
        assert!(keys.len() > 100, "the lists were walked ({})", keys.len());
        let missing: Vec<&str> = keys
            .into_iter()
            .filter(|k| super::lookup(k).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "typed values with no words: {missing:?}"
        );
    }

    #[test]
    fn every_entry_has_both_languages_and_unique_keys() {
        let mut seen = std::collections::HashSet::new();
        // Every table the lookup reads: a key twice would show the first table's words.
        let all = super::CATALOG
            .iter()
            .chain(super::super::market::CATALOG.iter())
            .chain(super::super::sync_catalog::SYNC)
            .chain(super::super::plan_catalog::PLAN)
            .chain(super::super::reconcile_catalog::RECONCILE)
            .chain(super::super::purchase_catalog::PURCHASE)
            .chain(super::super::kit_catalog::KITS);
        for (k, en, ru) in all {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ru.is_empty(), "{k} lacks a translation");
            assert_eq!(
                en.matches("{}").count(),
                ru.matches("{}").count(),
                "{k}: placeholders differ"
            );
        }
    }
}
