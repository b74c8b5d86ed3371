//! The words for errors: what went wrong, where, and what to do, in the language in force.
//! Errors carry data; this is where they become sentences (a server's client words the
//! errors it gets in its own language).

use super::messages::{field_name, field_problem};
use super::refusals::refusal_text;
use super::{Lang, fill, lang, text};
use crate::inventory::check::Problem;
use crate::inventory::{Error, InputError, PathProblem, RowMessage, StoreErrorWire};

/// What a command does, as a role refusal names it: "Starting a stocktake" in English, the
/// infinitive ("начать инвентаризацию") in Russian, where the sentence reads "Чтобы …".
/// A name with no words of its own is shown without its underscores.
pub fn action_text(action: &str) -> String {
    match action_key(action) {
        Some(key) => text(key).to_string(),
        None => action.replace('_', " "),
    }
}

/// The catalog key of what a command does, by the command's name (`Command::name`, or the
/// name a read, a backup or a restore is checked under); none for a name with no words.
pub fn action_key(action: &str) -> Option<&'static str> {
    Some(match action {
        "adjust" => "action.adjust",
        "alerts_snooze" => "action.alerts_snooze",
        "backup" => "action.backup",
        "channel_add" => "action.channel_add",
        "channel_listing" => "action.channel_listing",
        "channel_rules" => "action.channel_rules",
        "count_add" => "action.count_add",
        "count_apply" => "action.count_apply",
        "count_cancel" => "action.count_cancel",
        "count_import" => "action.count_import",
        "count_recount" => "action.count_recount",
        "count_resolve" => "action.count_resolve",
        "count_start" => "action.count_start",
        "count_undo" => "action.count_undo",
        "defect" => "action.defect",
        "demo" => "action.demo",
        "expire" => "action.expire",
        "export_feed" => "action.export_feed",
        "force" => "action.force",
        "import_listed" => "action.import_listed",
        "import_orders" => "action.import_orders",
        "import_skus" => "action.import_skus",
        "kit_assemble" => "action.kit_assemble",
        "kit_disassemble" => "action.kit_disassemble",
        "import_stock" => "action.import_stock",
        "location_add" => "action.location_add",
        "order" => "action.order",
        "pick" => "action.pick",
        "po_cancel" => "action.po_cancel",
        "po_create" => "action.po_create",
        "po_receive" => "action.po_receive",
        "receive" => "action.receive",
        "release" => "action.release",
        "reservation_backorder" => "action.reservation_backorder",
        "reservation_move" => "action.reservation_move",
        "reserve" => "action.reserve",
        "restore" => "action.restore",
        "return" => "action.return",
        "return_no_order" => "action.return_no_order",
        "sell" => "action.sell",
        "ship" => "action.ship",
        "sku_add" => "action.sku_add",
        "sku_archive" => "action.sku_archive",
        "sku_unarchive" => "action.sku_unarchive",
        "sku_edit" => "action.sku_edit",
        "sku_rename" => "action.sku_rename",
        "transfer" => "action.transfer",
        "user_add" => "action.user_add",
        "user_remove" => "action.user_remove",
        "view" => "action.view",
        "view_levels_in_blind_count" => "action.view_levels_in_blind_count",
        "writeoff" => "action.writeoff",
        "channel_map" => "action.channel_map",
        "channel_profile" => "action.channel_profile",
        "import_market_orders" => "action.import_market_orders",
        "promo_add" => "action.promo_add",
        "promo_remove" => "action.promo_remove",
        "return_kit" => "action.return_kit",
        "return_kit_no_order" => "action.return_kit_no_order",
        "ship_delivery" => "action.ship_delivery",
        "sku_kit" => "action.sku_kit",
        "sku_price" => "action.sku_price",
        "sync" => "action.sync",
        _ => return None,
    })
}

/// Every action name that has words (for the catalog's test).
#[cfg(test)]
pub(crate) const ACTIONS: &[&str] = &[
    "channel_map",
    "channel_profile",
    "import_market_orders",
    "promo_add",
    "promo_remove",
    "return_kit",
    "return_kit_no_order",
    "ship_delivery",
    "sku_kit",
    "sku_price",
    "sync",
    "adjust",
    "alerts_snooze",
    "backup",
    "channel_add",
    "channel_listing",
    "channel_rules",
    "count_add",
    "count_apply",
    "count_cancel",
    "count_import",
    "count_recount",
    "count_resolve",
    "count_start",
    "count_undo",
    "defect",
    "demo",
    "expire",
    "export_feed",
    "force",
    "import_listed",
    "import_orders",
    "import_skus",
    "import_stock",
    "location_add",
    "order",
    "pick",
    "po_cancel",
    "po_create",
    "po_receive",
    "receive",
    "release",
    "reservation_backorder",
    "reservation_move",
    "reserve",
    "restore",
    "return",
    "return_no_order",
    "sell",
    "ship",
    "sku_add",
    "sku_archive",
    "sku_edit",
    "sku_unarchive",
    "sku_rename",
    "transfer",
    "user_add",
    "user_remove",
    "view",
    "view_levels_in_blind_count",
    "writeoff",
    "kit_assemble",
    "kit_disassemble",
];

/// A role as a refusal names it: «owner», «владелец».
fn quoted_role(r: crate::domain::Role) -> String {
    format!("«{}»", super::role_text(r))
}

/// The roles that may do what `needs` allows, the least first: «counter» or «owner».
fn roles_that_may(needs: crate::domain::Role) -> String {
    let may: Vec<String> = crate::domain::Role::ALL
        .into_iter()
        .rev()
        .filter(|r| crate::inventory::role_allows(*r, needs))
        .map(quoted_role)
        .collect();
    match may.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            let or = super::pick("or", "или");
            format!("{} {or} {last}", rest.join(", "))
        }
        None => String::new(),
    }
}

/// A refusal by role, in words: what was asked, the roles that may do it, and the role the
/// user has ("Starting a stocktake needs the role «owner»; marina has the role «counter»").
/// `who` is the user's name; none speaks to the user ("you", on the TUI's screen).
pub fn role_refusal(
    action: &str,
    needs: crate::domain::Role,
    who: Option<&str>,
    has: crate::domain::Role,
) -> String {
    let what = action_text(action);
    let roles = roles_that_may(needs);
    let has = quoted_role(has);
    match who {
        Some(who) => say!(
            "{} needs the role {}; {} has the role {}",
            "Чтобы {}, нужна роль {}; у {} роль {}",
            capitalized(&what),
            roles,
            who,
            has
        ),
        None => say!(
            "{} needs the role {}; you have the role {}. Ask the owner to do it.",
            "Чтобы {}, нужна роль {}; у вас роль {}. Попросите владельца.",
            capitalized(&what),
            roles,
            has
        ),
    }
}

/// The first letter in upper case, in English only: a Russian phrase follows «Чтобы».
fn capitalized(s: &str) -> String {
    if lang() == Lang::Ru {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn input_text(e: &InputError) -> String {
    match e {
        InputError::UnknownSku(c) => say!(
            "unknown SKU {:?}: no code or barcode matches; see `stockroom sku list`",
            "неизвестный товар {:?}: нет такого артикула или штрихкода; см. `stockroom sku list`",
            crate::domain::limits::cut(c)
        ),
        InputError::LookAlikeSku { typed, code } => {
            let letters = crate::domain::limits::look_alike_letters(typed, code);
            let here = match (letters.is_empty(), lang()) {
                (true, _) => String::new(),
                (false, Lang::En) => format!(" (here {letters})"),
                (false, Lang::Ru) => format!(" (здесь {letters})"),
            };
            say!(
                "unknown SKU {:?}: no code or barcode matches, but SKU {} does when written with the other alphabet's look-alike letters{}; Latin and Cyrillic share letters that look alike: check the keyboard layout and type it again",
                "неизвестный товар {:?}: нет такого артикула или штрихкода, но есть товар {}, если писать одинаковыми на вид буквами другого алфавита{}; у латиницы и кириллицы есть одинаковые на вид буквы: проверьте раскладку клавиатуры и наберите снова",
                crate::domain::limits::cut(typed),
                crate::domain::limits::echo(code),
                here
            )
        }
        InputError::UnknownLocation(l) => say!(
            "unknown location {:?}; see `stockroom location list` or add it with `stockroom location add`",
            "неизвестный склад {:?}; см. `stockroom location list` или добавьте `stockroom location add`",
            crate::domain::limits::cut(l)
        ),
        InputError::UnknownChannel(c) => say!(
            "unknown channel {:?}; see `stockroom channel list` or add it with `stockroom channel add`",
            "неизвестный канал {:?}; см. `stockroom channel list` или добавьте `stockroom channel add`",
            crate::domain::limits::cut(c)
        ),
        InputError::UnknownReservation(id) => say!(
            "no reservation #{}; see `stockroom reservations --all`",
            "нет резерва #{}; см. `stockroom reservations --all`",
            id
        ),
        InputError::UnknownCountSession(id) => say!(
            "there is no count session #{}; see `stockroom count list`",
            "нет сессии пересчёта #{}; см. `stockroom count list`",
            id
        ),
        InputError::UnknownPromotion(id) => say!(
            "no promotion #{}; see `stockroom promo list`",
            "нет акции #{}; см. `stockroom promo list`",
            id
        ),
        InputError::UnknownPurchaseOrder(id) => say!(
            "no purchase order #{}; see `stockroom po list --all`",
            "нет заказа поставщику #{}; см. `stockroom po list --all`",
            id
        ),
        InputError::UnknownUser(u) => say!(
            "no user {:?}; see `stockroom user list`",
            "нет пользователя {:?}; см. `stockroom user list`",
            crate::domain::limits::cut(u)
        ),
        InputError::Field {
            field,
            value,
            problem,
        } => {
            let v = if value.is_empty() {
                String::new()
            } else {
                format!(" {:?}", crate::domain::limits::cut(value))
            };
            say!(
                "{}{} {}",
                "{}{}: {}",
                field_name(field),
                v,
                field_problem(problem)
            )
        }
        InputError::DuplicateCode(c) => {
            say!(
                "SKU code {} already exists (codes are the same whatever their case or width)",
                "артикул {} уже существует (артикулы не различаются регистром и шириной букв)",
                crate::domain::limits::echo(c)
            )
        }
        InputError::DuplicateBarcode { barcode, owner } => say!(
            "barcode {} already belongs to {}",
            "штрихкод {} уже принадлежит {}",
            crate::domain::limits::echo(barcode),
            crate::domain::limits::echo(owner)
        ),
        InputError::DuplicateLocation(l) => {
            say!("location {} already exists", "склад {} уже существует", l)
        }
        InputError::DuplicateChannel(c) => {
            say!("channel {} already exists", "канал {} уже существует", c)
        }
        InputError::Rows(rows) => {
            let mut out = say!(
                "{} bad row(s); nothing was written. Fix them and import again:",
                "ошибок в строках: {}; ничего не записано. Исправьте и повторите импорт:",
                rows.len()
            );
            for r in rows {
                out.push_str(&format!(
                    "\n{}:{}:{}: {}",
                    r.file,
                    r.line,
                    r.column,
                    row_message_text(&r.message)
                ));
            }
            out
        }
        InputError::Keymap {
            file,
            line,
            message,
        } => format!("{file}:{line}: {message}"),
        InputError::Path { path, message } => format!("{path}: {message}"),
        InputError::BadPath { path, problem } => format!("{path}: {}", path_problem_text(*problem)),
        InputError::CodeIsBarcode { code, owner } => say!(
            "{} is a barcode of SKU {}; a code may not equal any barcode (a scan would find both): choose another code",
            "{} — штрихкод товара {}; артикул не может совпадать ни с одним штрихкодом (скан нашёл бы оба): выберите другой артикул",
            crate::domain::limits::echo(code),
            crate::domain::limits::echo(owner)
        ),
        InputError::BarcodeIsCode { barcode, owner } => say!(
            "{} is the code of SKU {}; a barcode may not equal any code (a scan would find both): check the barcode",
            "{} — артикул товара {}; штрихкод не может совпадать ни с одним артикулом (скан нашёл бы оба): проверьте штрихкод",
            crate::domain::limits::echo(barcode),
            crate::domain::limits::echo(owner)
        ),
        InputError::File { file, message } => say!(
            "cannot read {}: {}",
            "не удаётся прочитать {}: {}",
            file,
            message
        ),
        InputError::NoDefaultLocation => say!(
            "there is no default location; add one with `stockroom location add NAME --default`",
            "нет склада по умолчанию; добавьте `stockroom location add NAME --default`"
        ),
    }
}

pub fn store_text(e: &StoreErrorWire) -> String {
    match e {
        StoreErrorWire::Locked(p) => say!(
            "database {} is in use by another stockroom process (--wait SECS sets how long to wait for it, 10 by default); for several users at once run `stockroom serve --db {}`, then every stockroom command connects to it",
            "база {} занята другим процессом stockroom (сколько её ждать, задаёт --wait СЕК, по умолчанию 10); для совместной работы запустите `stockroom serve --db {}`, и все команды будут подключаться к нему",
            p,
            p
        ),
        StoreErrorWire::Missing(p) => say!(
            "no database at {}; create it with `stockroom init` (or `stockroom demo` for sample data)",
            "нет базы {}; создайте её командой `stockroom init` (или `stockroom demo` с примером данных)",
            p
        ),
        StoreErrorWire::Corrupt(d) => say!(
            "the database is corrupt: {}; restore it from a backup",
            "база повреждена: {}; восстановите её из резервной копии",
            d
        ),
        StoreErrorWire::Io(d) => say!(
            "storage error: {}; nothing was changed",
            "ошибка хранилища: {}; ничего не изменено",
            d
        ),
        StoreErrorWire::Unconfirmed(d) => say!(
            "storage error while saving: {}; the disk did not confirm the save, so this change may or may not be recorded: look at `stockroom history` before repeating it",
            "ошибка хранилища при сохранении: {}; диск не подтвердил запись, поэтому это изменение могло как сохраниться, так и нет: посмотрите `stockroom history`, прежде чем повторять",
            d
        ),
        StoreErrorWire::MigrateSame { db } => fill("migrate.same", &[db]),
        StoreErrorWire::MigrateNotEmpty { db } => fill("migrate.not_empty", &[db]),
        StoreErrorWire::BackupOverServed { target } => fill("backup.over_served", &[target]),
        StoreErrorWire::MigrateSourceFailsCheck { db, problems } => store_text(
            &StoreErrorWire::Corrupt(fill("migrate.source_fails_check", &[db, problems])),
        ),
        StoreErrorWire::MigrateDiffers {
            db,
            got,
            want,
            problems,
        } => store_text(&StoreErrorWire::Corrupt(fill(
            "migrate.differs",
            &[db, got, want, problems],
        ))),
        StoreErrorWire::RestoreOnPostgres { db, from } => fill("restore.pg", &[db, from]),
        StoreErrorWire::Unreachable(d) => say!(
            "cannot reach the PostgreSQL database: {}; check that its server runs and that the URL, the user, the password (PGPASSWORD) and, for TLS, sslmode and sslrootcert are right; nothing was changed",
            "нет связи с базой PostgreSQL: {}; проверьте, что её сервер работает и что адрес, пользователь, пароль (PGPASSWORD) и, для TLS, sslmode и sslrootcert верны; ничего не изменено",
            d
        ),
        StoreErrorWire::Unavailable(d) => say!(
            "the database stopped after a storage error and does not open again yet ({}); free disk space or repair the disk: the next command tries again; nothing was changed",
            "база остановлена после ошибки хранилища и пока не открывается снова ({}); освободите место на диске или исправьте диск: следующая команда попробует снова; ничего не изменено",
            d
        ),
        StoreErrorWire::Schema { found, supported } => say!(
            "the database has schema {} but this stockroom knows up to {}; upgrade stockroom",
            "схема базы {}, а эта версия stockroom знает до {}; обновите stockroom",
            found,
            supported
        ),
        StoreErrorWire::MaybeApplied(d) => say!(
            "the connection to the server broke during this command and the retry failed too ({}); it may have been applied: check `stockroom history` before repeating it",
            "связь с сервером оборвалась во время команды, и повтор тоже не удался ({}); команда могла быть выполнена: посмотрите `stockroom history`, прежде чем повторять",
            d
        ),
        StoreErrorWire::ServerNotRunning {
            socket,
            db,
            detail,
            missing,
        } => say!(
            "the server is not running: {} is left from a server that stopped, and nothing answers there ({}); start it again with `stockroom serve --db {}` (or ask whoever runs it)",
            "сервер не запущен: {} остался от остановленного сервера, и там никто не отвечает ({}); запустите его снова: `stockroom serve --db {}` (или попросите того, кто его запускает)",
            socket,
            if *missing {
                format!("{detail}: {}", text("backup.no_file"))
            } else {
                detail.clone()
            },
            db
        ),
        StoreErrorWire::Connection(d) => say!(
            "connection to the server failed: {}",
            "ошибка связи с сервером: {}",
            d
        ),
        StoreErrorWire::ReplyLost => {
            store_text(&StoreErrorWire::Io(text("serve.reply_lost").to_string()))
        }
        StoreErrorWire::ServerStopping { socket } => store_text(&StoreErrorWire::Connection(
            format!("{socket}: {}", text("cli.server_stopping")),
        )),
        StoreErrorWire::ServerGone { socket } => store_text(&StoreErrorWire::Connection(format!(
            "{socket}: {}",
            text("cli.server_gone")
        ))),
        StoreErrorWire::RestoreServed { db, socket } => {
            store_text(&StoreErrorWire::Io(fill("restore.served", &[db, socket])))
        }
        StoreErrorWire::RestoreUnreadable { from, cause } => {
            let detail = match cause.as_ref() {
                Error::Store(StoreErrorWire::Corrupt(d) | StoreErrorWire::Io(d)) => d.clone(),
                other => error_text(other),
            };
            store_text(&StoreErrorWire::Io(fill(
                "restore.unreadable",
                &[from, &detail],
            )))
        }
        StoreErrorWire::RestoreFailsCheck {
            from,
            problems,
            first,
        } => store_text(&StoreErrorWire::Io(fill(
            "restore.fails_check",
            &[from, problems, &problem_text(first)],
        ))),
    }
}

/// Why a file may not be used for this.
pub fn path_problem_text(p: PathProblem) -> String {
    match p {
        PathProblem::IsFolder => text("db.is_folder").to_string(),
        PathProblem::NotAFile => text("db.not_a_file").to_string(),
        PathProblem::NotStockroom => text("db.not_stockroom").to_string(),
        PathProblem::NoStockroomInDatabase => text("db.no_stockroom_in_pg").to_string(),
        PathProblem::NoFile => text("backup.no_file").to_string(),
        PathProblem::NotABackup => text("restore.not_a_backup").to_string(),
        PathProblem::RelativeOnServer => text("backup.relative_on_server").to_string(),
        PathProblem::SourceIsFolder => text("path.is_folder").to_string(),
        PathProblem::SourceNotAFile => text("path.not_regular").to_string(),
    }
}

/// A bad row's words: made where the file was read, or the engine's error worded here.
pub fn row_message_text(m: &RowMessage) -> String {
    match m {
        RowMessage::Text(t) => t.clone(),
        RowMessage::Error(e) => error_text(e),
        RowMessage::Market(p) => market_problem_text(p),
    }
}

fn market_problem_text(p: &crate::inventory::MarketProblem) -> String {
    use crate::inventory::MarketProblem as M;
    match p {
        M::BadItem { item, max } => fill("market.bad_item", &[item, max]),
        M::ItemTaken { item, sku, channel } => fill("market.item_taken", &[item, sku, channel]),
        M::UnknownItem { item, channel } => {
            fill("market.unknown_item", &[item, channel, channel, item])
        }
    }
}

/// Errors read in the language in force, wherever they were made.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error_text(self))
    }
}

pub fn error_text(e: &Error) -> String {
    match e {
        Error::Refused(r) => refusal_text(r),
        Error::Forbidden {
            actor,
            role,
            needs,
            action,
        } => match role {
            None => say!(
                "user {} is not a user of this database; the owner can add you with `stockroom user add {} --role packer`",
                "{} не является пользователем этой базы; владелец может добавить: `stockroom user add {} --role packer`",
                actor,
                actor
            ),
            Some(has) => role_refusal(action, *needs, Some(actor), *has),
        },
        Error::Input(i) => input_text(i),
        Error::Store(s) => store_text(s),
    }
}

pub fn problem_text(p: &Problem) -> String {
    match p {
        Problem::SeqGap { expected, found } => say!(
            "ledger gap: expected entry {}, found {}",
            "разрыв журнала: ожидалась запись {}, найдена {}",
            expected,
            found
        ),
        Problem::BelowZero { seq } => say!(
            "entry {} takes a level below zero",
            "запись {} уводит остаток ниже нуля",
            seq
        ),
        Problem::AfterMismatch {
            seq,
            stored,
            replayed,
        } => say!(
            "entry {} records {:?} but replay gives {:?}",
            "запись {} хранит {:?}, а пересчёт даёт {:?}",
            seq,
            stored,
            replayed
        ),
        Problem::LevelMismatch {
            sku,
            location,
            stored,
            replayed,
        } => say!(
            "{} at location {}: stored {:?}, ledger gives {:?}",
            "{} на складе {}: хранится {:?}, по журналу {:?}",
            sku,
            location,
            stored,
            replayed
        ),
        Problem::ReservationMismatch {
            id,
            stored_remaining,
            replayed_remaining,
        } => say!(
            "reservation #{} holds {} but the ledger gives {}",
            "резерв #{} держит {}, а по журналу {}",
            id,
            stored_remaining,
            replayed_remaining
        ),
        Problem::ReservedNotHeld {
            sku,
            location,
            reserved,
            held_by_open,
        } => say!(
            "{} at location {}: reserved {} but open reservations hold {}",
            "{} на складе {}: резерв {}, а открытые резервы держат {}",
            sku,
            location,
            reserved,
            held_by_open
        ),
        Problem::MissingSku { seq, sku } => say!(
            "entry {} names unknown SKU #{}",
            "запись {} ссылается на неизвестный товар #{}",
            seq,
            sku
        ),
        Problem::BadIndex { detail } => {
            say!("index out of step: {}", "индекс не совпадает: {}", detail)
        }
        Problem::CodeClash(c) => clash_text(c),
        Problem::Kit { kit, detail } => say!(
            "kit {} does not add up: {}",
            "набор {} не сходится: {}",
            kit,
            detail
        ),
    }
}

/// One clash of a code with a barcode, and how to end it.
pub fn clash_text(c: &crate::inventory::check::CodeClash) -> String {
    say!(
        "{} is both the code of SKU {} and a barcode of SKU {}; a scan of it finds {}. Until one is renamed, neither SKU can be changed: run `stockroom sku edit {} --code NEW-CODE` or `stockroom sku edit {} --remove-barcode {}`",
        "{} — это и артикул товара {}, и штрихкод товара {}; скан находит {}. Пока одно из них не переименовано, оба товара нельзя менять: выполните `stockroom sku edit {} --code НОВЫЙ-АРТИКУЛ` или `stockroom sku edit {} --remove-barcode {}`",
        crate::domain::limits::echo(&c.value),
        crate::domain::limits::echo(&c.code_of),
        crate::domain::limits::echo(&c.barcode_of),
        crate::domain::limits::echo(&c.code_of),
        crate::domain::limits::echo(&c.code_of),
        crate::domain::limits::echo(&c.barcode_of),
        crate::domain::limits::echo(&c.value)
    )
}
