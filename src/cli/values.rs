//! Words and numbers typed on the command line, read into values: each refusal names the
//! field, echoes the value and says what would do.

use crate::domain::{Choice, DefectReason, parse_count, parse_money, parse_qty};
use crate::inventory::{Error, FieldProblem};

/// A quantity: 1..=1000000000.
pub(crate) fn qty(field: &str, v: &str) -> Result<u64, Error> {
    parse_qty(v).map_err(|e| Error::field(field, v, e))
}

/// A whole number from 0 to `max`; above it the message names `max` itself.
pub(crate) fn limited(field: &str, v: &str, max: u64) -> Result<u64, Error> {
    match parse_count(v) {
        Ok(n) if n <= max => Ok(n),
        Ok(_) | Err(crate::domain::NumberError::TooLarge) => Err(Error::at_most(field, v, max)),
        Err(e) => Err(Error::field(field, v, e)),
    }
}

pub(crate) fn limited_opt(field: &str, v: &Option<String>, max: u64) -> Result<Option<u64>, Error> {
    v.as_deref().map(|s| limited(field, s, max)).transpose()
}

/// An amount of money (1234.50 or 1 234,50), in kopecks.
pub(crate) fn money(field: &str, v: &Option<String>) -> Result<Option<i64>, Error> {
    v.as_deref()
        .map(|s| {
            parse_money(s).map_err(|e| Error::field(field, s, crate::inventory::money_problem(e)))
        })
        .transpose()
}

/// A calendar date as people type it (`2026-03-04`), years 1970 to 9999.
pub(crate) fn date(field: &str, v: &str) -> Result<chrono::NaiveDate, Error> {
    chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1970..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| Error::field(field, v, FieldProblem::Date))
}

pub(crate) use crate::present::day::local_day_start;

/// `--from A --to B` as the span of instants `[start of A, start of the day after B)` in the
/// user's time zone; an end before the start is refused.
pub(crate) fn local_days(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<crate::domain::Millis>, Option<crate::domain::Millis>), Error> {
    let f = from.map(|v| date("from date", v)).transpose()?;
    let t = to.map(|v| date("to date", v)).transpose()?;
    if let (Some(f), Some(t), Some(raw)) = (f, t, to)
        && t < f
    {
        return Err(Error::field(
            "to date",
            raw,
            FieldProblem::BeforeStart {
                start: f.to_string(),
            },
        ));
    }
    let end = t.map(|t| local_day_start(t.succ_opt().unwrap_or(t)));
    Ok((f.map(local_day_start), end))
}

/// The movement kinds `history --kind` takes.
pub(crate) const MOVEMENT_KINDS: &[&str] = &[
    "receive",
    "reserve",
    "release",
    "expire",
    "ship",
    "sell",
    "return_restock",
    "return_defect",
    "defect",
    "writeoff",
    "writeoff_defective",
    "transfer",
    "adjust",
];

/// One movement kind of `MOVEMENT_KINDS`.
pub(crate) fn movement_kind(v: &str) -> Result<String, Error> {
    let k = v.trim().to_lowercase().replace('-', "_");
    if MOVEMENT_KINDS.contains(&k.as_str()) {
        Ok(k)
    } else {
        Err(Error::field(
            "kind",
            v,
            FieldProblem::OneOf(MOVEMENT_KINDS.iter().map(|k| k.to_string()).collect()),
        ))
    }
}

/// A number the program handed out (a session, an order): `12` or `#12`.
pub(crate) fn id_of(field: &str, v: &str) -> Result<u64, Error> {
    // `#12` and `№12` as the order and promotion lines write them.
    let t = v.trim().trim_start_matches(['#', '№']);
    parse_count(t).map_err(|e| Error::field(field, v, e))
}

/// A reservation number: `12` or `#12`.
pub(crate) fn reservation(v: &str) -> Result<u64, Error> {
    id_of("reservation", v)
}

/// One word of a fixed list (a role, a kind, a delivery method, a reason); a bad one is
/// told the list.
pub(crate) fn choice<T: Choice>(field: &str, v: &str) -> Result<T, Error> {
    T::choose(v).map_err(|e| Error::field(field, v, FieldProblem::OneOf(e.options)))
}

pub(crate) fn defect_reason(v: &str) -> Result<DefectReason, Error> {
    choice("reason", v)
}

/// `,` `;` or `tab` as a CSV delimiter.
pub(crate) fn delimiter_byte(delimiter: &str) -> Result<u8, Error> {
    match delimiter {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        other => Err(Error::field(
            "delimiter",
            other,
            FieldProblem::OneOf(vec![",".into(), ";".into(), "tab".into()]),
        )),
    }
}

/// A window of sales in days: 1..=730.
pub(crate) fn window(v: &str) -> Result<u32, Error> {
    let n = limited(
        "days",
        v,
        u64::from(crate::inventory::replenish::MAX_WINDOW_DAYS),
    )?;
    if n == 0 {
        return Err(Error::field("days", v, crate::domain::NumberError::Zero));
    }
    Ok(n as u32)
}
