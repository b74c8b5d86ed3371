//! Messages that carry data: field names and problems, enum words, numbers, money and
//! ages. Each has its English and Russian form. Errors are worded in `errors.rs`,
//! refusals in `refusals.rs`.

use super::{Lang, lang};
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
        "order_fee" => "плата за заказ",
        "delivery_cost" => "стоимость доставки",
        "to date" => "конечная дата",
        "date" => "дата",
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
        FieldProblem::Date => say!(
            "is not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
            "не дата; укажите дату как ГГГГ-ММ-ДД, например 2026-03-04"
        ),
        FieldProblem::BeforeStart { start } => say!(
            "is before the start date {}; give an end on or after it",
            "раньше начальной даты {}; укажите конец не раньше начала",
            start
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
        Some(r) => Some(reference_text(r)),
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
