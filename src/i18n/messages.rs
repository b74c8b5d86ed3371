//! Messages that carry data: field names and problems, enum words, numbers, money and
//! ages. Each has its English and Russian form. Errors are worded in `errors.rs`,
//! refusals in `refusals.rs`.

use super::{Lang, lang, text};
use crate::domain::purchase::PoStatus;
use crate::domain::stocktake::{CountFlag, SessionStatus};
use crate::domain::{
    ChannelKind, Choice, DefectReason, DeliveryMethod, Destination, EntryKind, KindName,
    ReservationStatus, Role,
};
use crate::inventory::{FieldProblem, NumberErrorWire};

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
        "item" => "идентификатор площадки",
        "created" => "дата заказа",
        "status" => "статус",
        "from date" => "начальная дата",
        "commission" => "комиссия",
        "uplift" => "рост продаж",
        "promotion" => "акция",
        "order_fee" => "плата за заказ",
        "delivery_cost" => "стоимость доставки",
        "to date" => "конечная дата",
        "date" => "дата",
        "expected" => "ожидаемая дата",
        _ => f,
    };
    match lang() {
        // Names kept in code with an underscore read as words.
        Lang::En => f.replace('_', " "),
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
        FieldProblem::BarcodeRepeats { line, code } => say!(
            "repeats line {}, where it is the barcode of SKU {}; each code and barcode names one SKU (a scan must find one): change one of them",
            "повторяет строку {}, где это штрихкод товара {}; каждый артикул и штрихкод называет один товар (скан должен найти один): измените один из них",
            line,
            code
        ),
        FieldProblem::LooksLike { code } => say!(
            "looks the same as the code of SKU {}, written with letters of the other alphabet (Latin and Cyrillic share letters that look alike): a search would mistake one for the other; to change that SKU, write its code as it is, else choose another code",
            "выглядит так же, как артикул товара {}, но написан буквами другого алфавита (у латиницы и кириллицы есть одинаковые на вид буквы): поиск путал бы их; чтобы изменить тот товар, напишите его артикул как есть, иначе выберите другой артикул",
            code
        ),
        FieldProblem::CodeOfLine { line, code } => say!(
            "is the code of SKU {} on line {}; a barcode may not equal any code (a scan would find both): check the barcode",
            "это артикул товара {} в строке {}; штрихкод не может совпадать ни с одним артикулом (скан нашёл бы оба): проверьте штрихкод",
            code,
            line
        ),
        FieldProblem::SameSku { line, code } => say!(
            "is SKU {} again, as on line {}, at the same location: give each SKU one row a location",
            "снова товар {}, как в строке {}, на том же складе: у товара одна строка на склад",
            code,
            line
        ),
        FieldProblem::Separator => say!(
            "must not contain , ; or | (they part barcodes in a file); give each barcode on its own",
            "не должно содержать , ; или | (ими в файле разделяют штрихкоды); укажите каждый штрихкод отдельно"
        ),
        FieldProblem::OneOf(v) => say!(
            "must be one of: {}",
            "должно быть одним из: {}",
            v.join(", ")
        ),
        FieldProblem::Repeats { line } => say!(
            "repeats line {} (codes are the same whatever their case or width: A-1, a-1 and Ａ-1 are one code): give each SKU one row",
            "повторяет строку {} (регистр и ширина знаков не различают артикулы: A-1, a-1 и Ａ-1 — один артикул): у каждого товара одна строка",
            line
        ),
        FieldProblem::Invisible => say!(
            "contains invisible or text-direction characters (such as U+202E or U+200B); type it again by hand",
            "содержит невидимые символы или символы направления текста (например U+202E или U+200B); наберите заново вручную"
        ),
        FieldProblem::AtMost { max } => say!("must be at most {}", "должно быть не больше {}", max),
        FieldProblem::Date => say!(
            "is not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
            "не дата; укажите дату как ГГГГ-ММ-ДД, например 2026-03-04"
        ),
        FieldProblem::BeforeStart { start } => say!(
            "is before the start date {}; give an end on or after it",
            "раньше начальной даты {}; укажите конец не раньше начала",
            start
        ),
        FieldProblem::Between { min, max } => {
            say!("must be from {} to {}", "должно быть от {} до {}", min, max)
        }
        FieldProblem::NotDecimal { example } => say!(
            "is not a number; write it with digits, e.g. {}",
            "не число; укажите цифрами, например {}",
            point(example)
        ),
        FieldProblem::MissingAfter { code } => say!(
            "is missing after {}: give each SKU its quantity, e.g. {} 10",
            "не указано после {}: укажите количество для каждого товара, например {} 10",
            code,
            code
        ),
        FieldProblem::Future { today } => say!(
            "is still to come; give today ({}) or an earlier day",
            "ещё не наступила; укажите сегодняшний день ({}) или более ранний",
            today
        ),
        FieldProblem::Past { today } => say!(
            "is in the past; give today ({}) or a later day",
            "уже прошла; укажите сегодняшний день ({}) или более поздний",
            today
        ),
        FieldProblem::Hundredths { example } => say!(
            "has more than 2 digits after the point; write e.g. {}",
            "больше 2 знаков после запятой; укажите, например, {}",
            point(example)
        ),
        FieldProblem::LongerThan { max_days } => say!(
            "makes the period longer than {} days; split it into shorter ones",
            "делает период длиннее {} дней; разбейте его на более короткие",
            max_days
        ),
        FieldProblem::TooMany { max } => {
            say!("too many (at most {})", "слишком много (не больше {})", max)
        }
    }
}

/// An amount as people read it: `1234.50 ₽`.
pub fn money(figure: &str) -> String {
    super::fill("money.amount", &[&figure])
}

/// The catalog key of a movement kind's word.
pub fn kind_key(k: KindName) -> &'static str {
    match k {
        KindName::Receive => "kind.receive",
        KindName::Reserve => "kind.reserve",
        KindName::Release => "kind.release",
        KindName::Expire => "kind.expire",
        KindName::Ship => "kind.ship",
        KindName::Sell => "kind.sell",
        KindName::ReturnRestock => "kind.return_restock",
        KindName::ReturnDefect => "kind.return_defect",
        KindName::Defect => "kind.defect",
        KindName::Writeoff => "kind.writeoff",
        KindName::WriteoffDefective => "kind.writeoff_defective",
        KindName::Transfer => "kind.transfer",
        KindName::Adjust => "kind.adjust",
        KindName::Assemble => "kind.assemble",
        KindName::Disassemble => "kind.disassemble",
    }
}

/// A movement kind ("ship", "defect") in words.
pub fn kind_word(k: KindName) -> &'static str {
    text(kind_key(k))
}

/// A ledger entry's kind in words, with its defect reason where it has one
/// ("Defective return: packaging").
pub fn kind_text(k: EntryKind) -> String {
    let mut out = kind_word(k.name()).to_string();
    if let Some(r) = k.reason() {
        out.push_str(": ");
        out.push_str(reason_text(r));
    }
    out
}

/// A ledger entry's kind in the fewest words that still tell it from the others, for a
/// narrow column: a return to stock and a return to defective differ in their first letters.
pub fn kind_text_short(k: EntryKind) -> String {
    match k.name() {
        KindName::ReturnRestock => text("kind_short.return_restock").to_string(),
        KindName::ReturnDefect => text("kind_short.return_defect").to_string(),
        _ => kind_text(k),
    }
}

/// The catalog key of a reservation's status word.
pub fn status_key(s: ReservationStatus) -> &'static str {
    match s {
        ReservationStatus::Open => "rstatus.open",
        ReservationStatus::Picked => "rstatus.picked",
        ReservationStatus::Shipped => "rstatus.shipped",
        ReservationStatus::Cancelled => "rstatus.cancelled",
        ReservationStatus::Expired => "rstatus.expired",
        ReservationStatus::Backorder => "rstatus.backorder",
    }
}

/// A reservation's status ("open", "backorder") in words.
pub fn status_text(s: ReservationStatus) -> &'static str {
    text(status_key(s))
}

/// The "channel / reference" cell of a history row. A return also names its order, or says
/// that it had none (a walk-in return, taken by the owner).
pub fn source_text(kind: EntryKind, channel: Option<&str>, reference: Option<&str>) -> String {
    if kind.name().is_return() {
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
    kind: EntryKind,
    channel: Option<&str>,
    reference: Option<&str>,
) -> (String, String) {
    let order = match reference {
        Some(r) => Some(reference_text(r)),
        None if kind.name().is_return() => Some(super::pick("no order", "без заказа").to_string()),
        None => None,
    };
    match (order, channel) {
        (Some(o), Some(c)) => (o.clone(), format!("{o} · {c}")),
        (Some(o), None) => (o.clone(), o),
        (None, Some(c)) => (c.to_string(), c.to_string()),
        (None, None) => (String::new(), String::new()),
    }
}

/// A reference the engine wrote in its own words, in the user's: a stocktake's
/// "count #7" reads «Инвентаризация #7» on a Russian screen; any other (an order number, a
/// purchase order) as it is.
pub fn reference_text(r: &str) -> String {
    match r.strip_prefix("count #") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            say!("Stocktake #{}", "Инвентаризация #{}", n)
        }
        _ => r.to_string(),
    }
}

/// A word of a closed list as a form holds it (a delivery method, a reason), in words
/// through `words`; a value that names none is shown as it is.
pub fn choice_text<T: Choice>(value: &str, words: fn(T) -> &'static str) -> String {
    match T::all().iter().find(|c| c.word() == value) {
        Some(c) => words(*c).to_string(),
        None => value.to_string(),
    }
}

/// The catalog key of a delivery method's word.
pub fn delivery_key(m: DeliveryMethod) -> &'static str {
    match m {
        DeliveryMethod::Cdek => "delivery.cdek",
        DeliveryMethod::Regional => "delivery.regional",
        DeliveryMethod::Courier => "delivery.courier",
        DeliveryMethod::Pickup => "delivery.pickup",
    }
}

/// A delivery method in words.
pub fn delivery_text(m: DeliveryMethod) -> &'static str {
    text(delivery_key(m))
}

/// The catalog key of a destination's word.
pub fn destination_key(d: Destination) -> &'static str {
    match d {
        Destination::Door => "dest.door",
        Destination::PickupPoint => "dest.pickup_point",
    }
}

/// Where a parcel goes (to the door, to a pickup point) in words.
pub fn destination_text(d: Destination) -> &'static str {
    text(destination_key(d))
}

/// The catalog key of a defect reason's word.
pub fn reason_key(r: DefectReason) -> &'static str {
    match r {
        DefectReason::ShippingDamage => "reason.shipping_damage",
        DefectReason::Manufacturing => "reason.manufacturing",
        DefectReason::Packaging => "reason.packaging",
        DefectReason::Other => "reason.other",
    }
}

/// A defect reason in words.
pub fn reason_text(r: DefectReason) -> &'static str {
    text(reason_key(r))
}

/// Where a returned unit goes, as the return form holds it: "restock" (back on the shelf)
/// or a defect reason.
pub fn return_outcome_text(outcome: &str) -> String {
    if outcome == "restock" {
        text("outcome.restock").to_string()
    } else {
        choice_text(outcome, reason_text)
    }
}

/// The catalog key of a role's word.
pub fn role_key(r: Role) -> &'static str {
    match r {
        Role::Owner => "role.owner",
        Role::Packer => "role.packer",
        Role::Counter => "role.counter",
        Role::Viewer => "role.viewer",
    }
}

/// A role in words.
pub fn role_text(r: Role) -> &'static str {
    text(role_key(r))
}

/// The catalog key of a channel kind's word.
pub fn channel_kind_key(k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::Marketplace => "chkind.marketplace",
        ChannelKind::Retail => "chkind.retail",
        ChannelKind::Website => "chkind.website",
        ChannelKind::Social => "chkind.social",
        ChannelKind::Messenger => "chkind.messenger",
        ChannelKind::Wholesale => "chkind.wholesale",
        ChannelKind::Other => "chkind.other",
    }
}

/// A channel kind in words.
pub fn channel_kind_text(k: ChannelKind) -> &'static str {
    text(channel_kind_key(k))
}

/// The catalog key of a reconciliation row's mark.
pub fn count_flag_key(f: CountFlag) -> &'static str {
    match f {
        CountFlag::Applied => "flag.applied",
        CountFlag::Moved => "flag.moved",
        CountFlag::Conflict => "flag.conflict",
        CountFlag::Shortage => "flag.shortage",
    }
}

/// A mark on a reconciliation row in words.
pub fn count_flag_text(f: CountFlag) -> &'static str {
    text(count_flag_key(f))
}

/// The catalog key of a count session's state (the reservation words serve).
pub fn session_status_key(s: SessionStatus) -> &'static str {
    match s {
        SessionStatus::Open => "rstatus.open",
        SessionStatus::Applied => "rstatus.applied",
        SessionStatus::Cancelled => "rstatus.cancelled",
    }
}

/// A count session's state in words.
pub fn session_status_text(s: SessionStatus) -> &'static str {
    text(session_status_key(s))
}

/// The catalog key of a purchase order's state.
pub fn po_status_key(s: PoStatus) -> &'static str {
    match s {
        PoStatus::Open => "po.open",
        PoStatus::Received => "po.received",
        PoStatus::Cancelled => "po.cancelled",
    }
}

/// A purchase order's state in words.
pub fn po_status_text(s: PoStatus) -> &'static str {
    text(po_status_key(s))
}

/// Yes or no in words (`true`/`false` never reach the screen).
pub fn yes_no(b: bool) -> String {
    text(if b { "word.yes" } else { "word.no" }).to_string()
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
/// A factor or percent kept as text with a point (`2.00`), with the reader's separator.
pub fn point(figure: &str) -> String {
    match lang() {
        Lang::Ru => figure.replace('.', ","),
        Lang::En => figure.to_string(),
    }
}

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
