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

/// A number the program handed out (a session, an order): `12` or `#12`.
pub(crate) fn id_of(field: &str, v: &str) -> Result<u64, Error> {
    let t = v.trim().trim_start_matches('#');
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
