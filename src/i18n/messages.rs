//! Messages that carry data: errors, refusals, results. Each has its English and Russian form.

use super::{Lang, lang};
use crate::domain::Refusal;
use crate::inventory::check::Problem;
use crate::inventory::{Error, FieldProblem, InputError, NumberErrorWire, StoreErrorWire};

/// Formats the English or the Russian text, whichever is in force.
macro_rules! say {
    ($en:literal, $ru:literal $(, $arg:expr)* $(,)?) => {
        match lang() {
            Lang::En => format!($en $(, $arg)*),
            Lang::Ru => format!($ru $(, $arg)*),
        }
    };
}

pub fn field_name(f: &str) -> String {
    let ru = match f {
        "quantity" => "количество",
        "code" => "артикул",
        "name" => "наименование",
        "barcode" => "штрихкод",
        "supplier" => "поставщик",
        "location" => "склад",
        "channel" => "канал",
        "reason" => "причина",
        "order" => "заказ",
        "price" => "цена",
        "cost" => "себестоимость",
        "min" => "мин. остаток",
        "safety" => "страховой запас",
        "pack" => "кратность",
        "lead_days" => "срок поставки",
        "priority" => "приоритет",
        "user" => "пользователь",
        "note" => "примечание",
        "tracking" => "трек-номер",
        "delivery" => "доставка",
        "dest" => "получение",
        "role" => "роль",
        "kind" => "тип",
        "days" => "дней",
        "ref" => "основание",
        "address" => "адрес",
        "filter" => "фильтр",
        "hold_ttl" => "срок удержания",
        "buffer" => "буфер",
        "share" => "доля",
        "max" => "максимум",
        "encoding" => "кодировка",
        "limit" => "число строк",
        "skus" => "товаров",
        "session" => "сессия",
        "purchase order" => "заказ поставщику",
        _ => f,
    };
    match lang() {
        Lang::En => f.to_string(),
        Lang::Ru => ru.to_string(),
    }
}

pub fn number_problem(p: &NumberErrorWire) -> String {
    match p {
        NumberErrorWire::Empty => say!(
            "is empty; give a whole number",
            "пусто; укажите целое число"
        ),
        NumberErrorWire::NotWhole => say!(
            "must be a whole number (no fractions)",
            "должно быть целым числом (без дробей)"
        ),
        NumberErrorWire::PastKopecks => say!(
            "has more than 2 digits after the point; write roubles and kopecks, e.g. 1234.50",
            "больше 2 знаков после запятой; укажите рубли и копейки, например 1234,50"
        ),
        NumberErrorWire::Negative => say!("must not be negative", "не может быть отрицательным"),
        NumberErrorWire::Zero => say!("must be at least 1", "должно быть не меньше 1"),
        NumberErrorWire::TooLarge => say!(
            "is too large (at most 1000000000)",
            "слишком большое (не больше 1000000000)"
        ),
        NumberErrorWire::NotANumber => say!(
            "is not a number; use digits only, e.g. 12",
            "не число; используйте только цифры, например 12"
        ),
    }
}

pub fn field_problem(p: &FieldProblem) -> String {
    match p {
        FieldProblem::Number(n) => number_problem(n),
        FieldProblem::Empty => say!("is empty", "не заполнено"),
        FieldProblem::TooLong { max } => say!(
            "is too long (at most {} characters)",
            "слишком длинное (не больше {} символов)",
            max
        ),
        FieldProblem::ControlChars => say!(
            "contains control characters",
            "содержит управляющие символы"
        ),
        FieldProblem::Spaces => say!("must not contain spaces", "не должно содержать пробелов"),
        FieldProblem::OneOf(v) => say!(
            "must be one of: {}",
            "должно быть одним из: {}",
            v.join(", ")
        ),
        FieldProblem::Repeats { line } => say!("repeats line {}", "повторяет строку {}", line),
        FieldProblem::Invisible => say!(
            "contains invisible or text-direction characters (such as U+202E or U+200B); type it again by hand",
            "содержит невидимые символы или символы направления текста (например U+202E или U+200B); наберите заново вручную"
        ),
        FieldProblem::AtMost { max } => say!("must be at most {}", "должно быть не больше {}", max),
        FieldProblem::TooMany { max } => {
            say!("too many (at most {})", "слишком много (не больше {})", max)
        }
    }
}

pub fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::InsufficientAvailable {
            available,
            requested,
        } => say!(
            "insufficient stock: {} available, {} requested; receive stock or release a reservation first",
            "недостаточно товара: доступно {}, запрошено {}; сначала оприходуйте товар или снимите резерв",
            available,
            requested
        ),
        Refusal::InsufficientDefective {
            defective,
            requested,
        } => say!(
            "insufficient defective units: {} defective, {} requested",
            "недостаточно брака: в браке {}, запрошено {}",
            defective,
            requested
        ),
        Refusal::InsufficientOnHand { on_hand, requested } => say!(
            "insufficient stock on hand: {} on hand, {} requested (the SKU is in shortage; recount or receive)",
            "недостаточно на складе: в наличии {}, запрошено {} (дефицит; пересчитайте или оприходуйте)",
            on_hand,
            requested
        ),
        Refusal::ReservationNotOpen { id, status } => say!(
            "reservation #{} is not open (it is {})",
            "резерв #{} не открыт (статус: {})",
            id,
            status_text(status)
        ),
        Refusal::ShipMoreThanRemaining {
            id,
            remaining,
            requested,
        } => say!(
            "reservation #{} holds {} more, cannot ship {}",
            "в резерве #{} осталось {}, нельзя отгрузить {}",
            id,
            remaining,
            requested
        ),
        Refusal::PickMoreThanRemaining {
            id,
            remaining,
            picked,
        } => say!(
            "reservation #{} is fully picked ({} of {})",
            "резерв #{} уже собран полностью ({} из {})",
            id,
            picked,
            remaining
        ),
        Refusal::WrongBarcode {
            id,
            expected,
            scanned,
        } => say!(
            "wrong item: scanned {}, reservation #{} needs {}",
            "не тот товар: отсканирован {}, для резерва #{} нужен {}",
            scanned,
            id,
            expected
        ),
        Refusal::AdjustBelowZero { on_hand, delta } => say!(
            "adjust would leave fewer than zero: {} on hand, change {}",
            "корректировка даст меньше нуля: в наличии {}, изменение {}",
            on_hand,
            delta
        ),
        Refusal::Shortage { code } => say!(
            "{} is in shortage (more reserved than on hand); receive stock or release orders before reserving or selling more (the owner may pass it with --force --reason TEXT)",
            "{}: дефицит (в резерве больше, чем в наличии); оприходуйте товар или снимите резервы, прежде чем резервировать или продавать (владелец может провести с --force --reason ТЕКСТ)",
            code
        ),
        Refusal::Overflow => say!(
            "the level would pass the limit of {} units at one location",
            "остаток превысит предел {} единиц на одном складе",
            crate::domain::limits::MAX_LEVEL
        ),
        Refusal::SkuArchived { code } => say!(
            "SKU {} is archived; it cannot be reserved or sold",
            "товар {} в архиве; его нельзя резервировать или продавать",
            code
        ),
        Refusal::SameLocation => say!(
            "a transfer needs two different locations",
            "для перемещения нужны два разных склада"
        ),
        Refusal::NoLocationWithStock { requested } => say!(
            "no location has {} available",
            "ни на одном складе нет {} доступных",
            requested
        ),
        Refusal::DuplicateOrder { channel, order_ref } => say!(
            "order {} of {} already has a reservation for this SKU",
            "заказ {} канала {} уже имеет резерв на этот товар",
            order_ref,
            channel
        ),
        Refusal::CountSessionOpen { location, session } => say!(
            "count session #{} is already open at {}; finish or cancel it first",
            "на складе {1} уже идёт инвентаризация #{0}; завершите или отмените её",
            session,
            location
        ),
        Refusal::CountSessionClosed { session } => say!(
            "count session #{} is closed",
            "инвентаризация #{} закрыта",
            session
        ),
        Refusal::CountAlreadyApplied { code } => say!(
            "{} was already applied from this count; count it again in a new session",
            "{} уже проведён по этой инвентаризации; пересчитайте его в новой",
            code
        ),
        Refusal::CountNoConflict { session, code } => say!(
            "{1} is not in conflict by a movement after its count in count #{0}; apply it with `stockroom count apply {0} --only {1}`",
            "{1} не в конфликте из-за движения после подсчёта в инвентаризации #{0}; проведите его: `stockroom count apply {0} --only {1}`",
            session,
            code
        ),
        Refusal::CountBelowZero { session, code } => say!(
            "{1}: that choice would take on hand below 0; recount it: `stockroom count add {0} {1} QTY` with all that is on the shelf now",
            "{1}: при таком выборе остаток станет меньше 0; пересчитайте товар: `stockroom count add {0} {1} КОЛ` — всё, что сейчас на полке",
            session,
            code
        ),
        Refusal::NothingToUndo => say!("you have no entry to undo", "нет вашей записи для отмены"),
        Refusal::NotEmpty => say!(
            "the database is not empty; demo data goes only into an empty one (use --db with a new file)",
            "база не пуста; демо-данные загружаются только в пустую (укажите новый файл в --db)"
        ),
        Refusal::ChannelPaused { channel } => {
            say!("channel {} is paused", "канал {} приостановлен", channel)
        }
        Refusal::PoNotOpen { id } => say!(
            "purchase order #{} is not open",
            "заказ поставщику #{} не открыт",
            id
        ),
        Refusal::PoOverReceipt {
            id,
            code,
            outstanding: 0,
            ..
        } => say!(
            "{} is not on purchase order #{}; receive it with `stockroom receive`",
            "{} нет в заказе поставщику #{}; оприходуйте его через `stockroom receive`",
            code,
            id
        ),
        Refusal::PoOverReceipt {
            id,
            code,
            outstanding,
            requested,
        } => say!(
            "purchase order #{} expects {} more of {}, not {}; receive the extra with `stockroom receive`",
            "по заказу поставщику #{} ожидается ещё {} × {}, а не {}; лишнее оприходуйте через `stockroom receive`",
            id,
            outstanding,
            code,
            requested
        ),
        Refusal::LastOwner => say!(
            "this is the last owner; add another owner first",
            "это последний владелец; сначала добавьте другого"
        ),
        Refusal::NoOwnerYet => say!(
            "this database has no owner yet: it was still being made when the program stopped; \
             run `stockroom init` on it to finish it (you become its owner)",
            "у этой базы ещё нет владельца: программа остановилась, пока база создавалась; \
             выполните для неё `stockroom init`, чтобы закончить (вы станете владельцем)"
        ),
        Refusal::OrderBelowShipped {
            order_ref,
            shipped,
            requested,
        } => say!(
            "order {} already shipped {} of this SKU; its quantity cannot become {}: take the rest back as a return",
            "по заказу {} этого товара уже отгружено {}; количество не может стать {}: оформите остаток как возврат",
            order_ref,
            shipped,
            requested
        ),
        Refusal::AlreadyAt { id, location } => say!(
            "reservation #{} is at {} already; name another location with --to",
            "резерв #{} уже на складе {}; укажите другой склад в --to",
            id,
            location
        ),
        Refusal::MoveShort {
            id,
            location,
            available,
            requested,
        } => say!(
            "{} has {} available, reservation #{} needs {}: choose another location, or let it wait for stock with `stockroom reservation backorder {}`",
            "на складе {} доступно {}, резерву #{} нужно {}: выберите другой склад или оставьте его ждать поступления: `stockroom reservation backorder {}`",
            location,
            available,
            id,
            requested,
            id
        ),
        Refusal::CodeClash {
            code_of,
            barcode_of,
            value,
        } => clash_text(&crate::inventory::check::CodeClash {
            code_of: code_of.clone(),
            barcode_of: barcode_of.clone(),
            value: value.clone(),
        }),
        Refusal::ReturnMoreThanShipped {
            order_ref,
            channel,
            shipped: 0,
            requested,
            ..
        } => say!(
            "order {} of {} shipped none of this SKU, so {} cannot come back against it; check the \
             order number, or (owner) take a walk-in return with --no-order",
            "по заказу {} канала {} этот товар не отгружался, вернуть {} по нему нельзя; проверьте \
             номер заказа или (владелец) оформите возврат без заказа: --no-order",
            order_ref,
            channel,
            requested
        ),
        Refusal::ReturnMoreThanShipped {
            order_ref,
            channel,
            shipped,
            returned,
            requested,
        } => say!(
            "order {} of {} shipped {} of this SKU and {} came back already: at most {} more can be \
             returned, not {}",
            "по заказу {} канала {} отгружено {} шт. этого товара, уже возвращено {}: вернуть можно \
             ещё не больше {}, а не {}",
            order_ref,
            channel,
            shipped,
            returned,
            shipped.saturating_sub(*returned),
            requested
        ),
    }
}

/// What a command does, as a role refusal names it: "Starting a stocktake" in English, the
/// infinitive ("начать инвентаризацию") in Russian, where the sentence reads "Чтобы …".
/// A name with no words of its own is shown without its underscores.
pub fn action_text(action: &str) -> String {
    match super::catalog::lookup(&format!("action.{action}")) {
        Some((en, ru)) => super::pick(en, ru).to_string(),
        None => action.replace('_', " "),
    }
}

/// A role as a refusal names it: «owner», «владелец».
fn quoted_role(r: crate::domain::Role) -> String {
    format!("«{}»", super::role_text(r.as_str()))
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
            "{} needs the role {}; you have the role {}. Ask the owner to do it",
            "Чтобы {}, нужна роль {}; у вас роль {}. Попросите владельца",
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
                    r.file, r.line, r.column, r.message
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
        StoreErrorWire::ServerNotRunning { socket, db, detail } => say!(
            "the server is not running: {} is left from a server that stopped, and nothing answers there ({}); start it again with `stockroom serve --db {}` (or ask whoever runs it)",
            "сервер не запущен: {} остался от остановленного сервера, и там никто не отвечает ({}); запустите его снова: `stockroom serve --db {}` (или попросите того, кто его запускает)",
            socket,
            detail,
            db
        ),
        StoreErrorWire::Connection(d) => say!(
            "connection to the server failed: {}",
            "ошибка связи с сервером: {}",
            d
        ),
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

/// A movement kind ("ship", "return_defect:shipping_damage") in words.
pub fn kind_text(kind: &str) -> String {
    let (base, reason) = match kind.split_once(':') {
        Some((b, r)) => (b, Some(r)),
        None => (kind, None),
    };
    let key = format!("kind.{base}");
    let mut out = match super::catalog::lookup(&key) {
        Some((en, ru)) => super::pick(en, ru).to_string(),
        None => base.to_string(),
    };
    if let Some(r) = reason {
        let rk = format!("reason.{r}");
        let r = super::catalog::lookup(&rk)
            .map(|(en, ru)| super::pick(en, ru))
            .unwrap_or(r);
        out.push_str(": ");
        out.push_str(r);
    }
    out
}

/// A reservation or session status ("open", "backorder") in words.
pub fn status_text(status: &str) -> String {
    let key = format!("rstatus.{status}");
    match super::catalog::lookup(&key) {
        Some((en, ru)) => super::pick(en, ru).to_string(),
        None => status.to_string(),
    }
}

/// The "channel / reference" cell of a history row. A return also names its order, or says
/// that it had none (a walk-in return, taken by the owner).
pub fn source_text(kind: &str, channel: Option<&str>, reference: Option<&str>) -> String {
    if kind.starts_with("return_") {
        let order = match reference {
            Some(r) => r.to_string(),
            None => super::pick("no order", "без заказа").to_string(),
        };
        return match channel {
            Some(c) => format!("{c} · {order}"),
            None => order,
        };
    }
    channel.or(reference).unwrap_or_default().to_string()
}

/// A history row's reference as the screen shows it: the order first (what the packer
/// looks for), then its channel where there is room. Returns (short, long): the order
/// alone, and "order · channel". An entry with no order shows its reference (a purchase
/// order) or its channel; a return with no order says so.
pub fn order_reference(
    kind: &str,
    channel: Option<&str>,
    reference: Option<&str>,
) -> (String, String) {
    let order = match reference {
        Some(r) => Some(r.to_string()),
        None if kind.starts_with("return_") => {
            Some(super::pick("no order", "без заказа").to_string())
        }
        None => None,
    };
    match (order, channel) {
        (Some(o), Some(c)) => (o.clone(), format!("{o} · {c}")),
        (Some(o), None) => (o.clone(), o),
        (None, Some(c)) => (c.to_string(), c.to_string()),
        (None, None) => (String::new(), String::new()),
    }
}

/// A catalog entry `prefix.name` in words, or the name itself when there is none (a name
/// the user chose, such as a location, is not in the catalog).
fn enum_word(prefix: &str, name: &str) -> String {
    match super::catalog::lookup(&format!("{prefix}.{name}")) {
        Some((en, ru)) => super::pick(en, ru).to_string(),
        None => name.to_string(),
    }
}

/// A delivery method ("cdek", "regional", "courier", "pickup") in words.
pub fn delivery_text(method: &str) -> String {
    enum_word("delivery", method)
}

/// Where a parcel goes ("door", "pickup_point") in words.
pub fn destination_text(dest: &str) -> String {
    enum_word("dest", dest)
}

/// A defect reason ("shipping_damage", …) in words.
pub fn reason_text(reason: &str) -> String {
    enum_word("reason", reason)
}

/// Where a returned unit goes: "restock" (back on the shelf) or a defect reason.
pub fn return_outcome_text(outcome: &str) -> String {
    if outcome == "restock" {
        enum_word("outcome", outcome)
    } else {
        reason_text(outcome)
    }
}

/// A role ("owner", "packer", "counter", "viewer") in words.
pub fn role_text(role: &str) -> String {
    enum_word("role", role)
}

/// A channel kind ("marketplace", …) in words.
pub fn channel_kind_text(kind: &str) -> String {
    enum_word("chkind", kind)
}

/// A mark on a reconciliation row ("applied", "moved", "conflict", "shortage") in words.
pub fn count_flag_text(flag: &str) -> String {
    enum_word("flag", flag)
}

/// A count session's state ("open", "applied", "cancelled") in words.
pub fn session_status_text(status: &str) -> String {
    status_text(status)
}

/// A purchase order's state ("open", "received", "cancelled") in words.
pub fn po_status_text(status: &str) -> String {
    enum_word("postatus", status)
}

/// Yes or no in words (`true`/`false` never reach the screen).
pub fn yes_no(b: bool) -> String {
    enum_word("word", if b { "yes" } else { "no" })
}

/// A yes/no choice as stored in a form ("yes", "no", "true", "false") in words.
pub fn yes_no_text(v: &str) -> String {
    match v {
        "yes" | "true" => yes_no(true),
        "no" | "false" => yes_no(false),
        other => other.to_string(),
    }
}

/// A decimal number with `places` digits after the point: `3.43` in English, `3,43` in
/// Russian, with the whole part grouped as [`super::number`] does.
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "-".to_string();
    }
    let s = format!("{:.*}", places, x.abs());
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&super::number(whole.parse::<u64>().unwrap_or(0)));
    if let Some(f) = frac {
        out.push(match lang() {
            Lang::En => '.',
            Lang::Ru => ',',
        });
        out.push_str(f);
    }
    out
}

/// A span of hours as read: "42 h" / "42 ч".
pub fn hours_text(h: u64) -> String {
    say!("{}h", "{} ч", h)
}

/// How long an order has waited: minutes, hours below two days, then days.
pub fn age_text(mins: i64) -> String {
    let mins = mins.max(0);
    if mins < 60 {
        say!("{}m", "{} мин", mins)
    } else if mins < 48 * 60 {
        say!("{}h", "{} ч", mins / 60)
    } else {
        say!("{}d", "{} дн", mins / 1440)
    }
}

/// An amount of money as stored ("-7110.00") written for reading: grouped by thousands,
/// with the decimal sign of the language (`-7 110,00` in Russian). Anything else is kept.
pub fn money_text(amount: &str) -> String {
    let (sign, rest) = match amount.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", amount),
    };
    let (whole, frac) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let Ok(n) = whole.parse::<u64>() else {
        return amount.to_string();
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit())) {
        return amount.to_string();
    }
    let mut out = format!("{sign}{}", super::number(n));
    if let Some(f) = frac {
        out.push(match lang() {
            Lang::En => '.',
            Lang::Ru => ',',
        });
        out.push_str(f);
    }
    out
}
