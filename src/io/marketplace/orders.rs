//! A marketplace's order export, read by its profile: the order reference, the item's
//! ids, the quantity and the status word, mapped to what it asks of the stock.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

use super::{OrderFormat, fold_status, order_format};
use crate::domain::profile::{OrderAction, Profile};
use crate::domain::{Delivery, Millis};
use crate::i18n::{self, fill};
use crate::inventory::channels::OrderStatus;
use crate::inventory::market::MarketOrderRow;
use crate::inventory::{FieldProblem, Located, RowError};
use crate::io::import::Parsed;
use crate::io::table::Table;

/// `--status-map "Новый=reserve"` (several allowed): the seller's own status words.
pub fn parse_status_map(items: &[String]) -> Result<Vec<(String, OrderAction)>, String> {
    let mut out = Vec::new();
    for it in items {
        let Some((word, action)) = it.rsplit_once('=') else {
            return Err(fill("market.bad_status_map", &[it]));
        };
        let Some(a) = OrderAction::parse(action) else {
            return Err(fill("market.bad_status_map", &[it]));
        };
        let w = fold_status(word);
        if w.is_empty() {
            return Err(fill("market.bad_status_map", &[it]));
        }
        out.push((w, a));
    }
    Ok(out)
}

/// When an order was placed. Marketplaces write Moscow time without a zone.
pub fn parse_created(s: &str) -> Option<Millis> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let msk = FixedOffset::east_opt(3 * 3600)?;
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return msk
                .from_local_datetime(&n)
                .single()
                .map(|d| d.timestamp_millis());
        }
    }
    for f in ["%Y-%m-%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return msk
                .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
                .single()
                .map(|d| d.timestamp_millis());
        }
    }
    None
}

fn err(t: &Table, line: u64, column: u64, message: String) -> RowError {
    RowError {
        file: t.file.clone(),
        line,
        column,
        message: message.into(),
    }
}

fn field_err(
    t: &Table,
    line: u64,
    column: u64,
    field: &str,
    value: &str,
    p: FieldProblem,
) -> RowError {
    let v = if value.is_empty() {
        String::new()
    } else {
        format!(" \"{value}\"")
    };
    err(
        t,
        line,
        column,
        format!(
            "{}{}: {}",
            i18n::field_name(field),
            v,
            i18n::field_problem(&p)
        ),
    )
}

fn fold_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace('ё', "е")
}

fn find(t: &Table, names: &[&str]) -> Option<usize> {
    let heads: Vec<String> = t.headers.iter().map(|h| fold_header(h)).collect();
    names
        .iter()
        .find_map(|n| heads.iter().position(|h| *h == fold_header(n)))
}

/// The rows of an order file for a channel of `profile`, with `extra` status words.
pub fn rows(
    t: &Table,
    profile: Profile,
    extra: &[(String, OrderAction)],
) -> Parsed<MarketOrderRow> {
    match order_format(profile) {
        Some(f) => rows_of(t, f, extra),
        None => own_rows(t, extra),
    }
}

/// stockroom's own order file (generic, Latorga): its status words, and `extra` ones.
fn own_rows(t: &Table, extra: &[(String, OrderAction)]) -> Parsed<MarketOrderRow> {
    // Status words of the seller's own are read as `new` by the plain parser and given
    // their action after.
    let status_col = t
        .headers
        .iter()
        .position(|h| matches!(fold_header(h).as_str(), "status" | "статус"));
    let mut t2 = t.clone();
    let mut overrides = std::collections::HashMap::new();
    if let Some(c) = status_col {
        for (line, cells) in &mut t2.rows {
            if let Some(cell) = cells.get_mut(c)
                && let Some((_, a)) = extra.iter().find(|(w, _)| *w == fold_status(cell))
            {
                overrides.insert(*line, (*a, cell.trim().to_string()));
                *cell = "new".into();
            }
        }
    }
    let p = crate::io::orders::order_rows(&t2);
    let rows = p
        .rows
        .into_iter()
        .map(|r| {
            let (action, status) = match overrides.get(&r.line) {
                Some((a, w)) => (*a, w.clone()),
                None => match r.row.status {
                    OrderStatus::New => (OrderAction::Reserve, "new".to_string()),
                    OrderStatus::Shipped => (OrderAction::Ship, "shipped".to_string()),
                    OrderStatus::Cancelled => (OrderAction::Release, "cancelled".to_string()),
                },
            };
            Located {
                line: r.line,
                columns: r.columns,
                row: MarketOrderRow {
                    order_ref: r.row.order_ref,
                    keys: vec![r.row.sku],
                    qty: r.row.qty,
                    action,
                    status,
                    delivery: r.row.delivery,
                    created: r.row.created,
                },
            }
        })
        .collect();
    Parsed {
        rows,
        errors: p.errors,
    }
}

/// A row's quantity (1 when the file has no quantity column); a bad one is an error.
fn row_qty(
    t: &Table,
    line: u64,
    cell: Option<(usize, &str)>,
    errors: &mut Vec<RowError>,
) -> Option<u64> {
    match cell {
        None => Some(1),
        Some((c, "")) => {
            errors.push(field_err(
                t,
                line,
                c as u64 + 1,
                "quantity",
                "",
                FieldProblem::Empty,
            ));
            None
        }
        Some((c, v)) => match crate::domain::parse_qty(v) {
            Ok(q) => Some(q),
            Err(e) => {
                errors.push(field_err(t, line, c as u64 + 1, "quantity", v, e.into()));
                None
            }
        },
    }
}

/// A row's creation time, if the file gives one; one that does not read is an error.
fn row_created(
    t: &Table,
    line: u64,
    cell: Option<(usize, &str)>,
    errors: &mut Vec<RowError>,
) -> Option<Millis> {
    match cell {
        None | Some((_, "")) => None,
        Some((c, v)) => {
            let ms = parse_created(v);
            if ms.is_none() {
                errors.push(field_err(
                    t,
                    line,
                    c as u64 + 1,
                    "created",
                    v,
                    FieldProblem::OneOf(vec![
                        "2026-11-20 10:15:00".into(),
                        "20.11.2026 10:15".into(),
                        "2026-11-20T10:15:00+03:00".into(),
                    ]),
                ));
            }
            ms
        }
    }
}

fn rows_of(t: &Table, f: &OrderFormat, extra: &[(String, OrderAction)]) -> Parsed<MarketOrderRow> {
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let order = find(t, f.order);
    let status = find(t, f.status);
    let keys: Vec<usize> = f.keys.iter().filter_map(|k| find(t, k)).collect();
    let qty = find(t, f.qty);
    let created = find(t, f.created);
    let heads = t
        .headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut missing = Vec::new();
    if order.is_none() {
        missing.push(f.order[0]);
    }
    if status.is_none() {
        missing.push(f.status[0]);
    }
    if keys.is_empty() {
        missing.push(f.keys[0][0]);
    }
    if let (Some(order), Some(status), false) = (order, status, keys.is_empty()) {
        let columns: Vec<(String, u64)> = [
            ("order", Some(order)),
            ("status", Some(status)),
            ("code", keys.first().copied()),
            ("quantity", qty),
            ("created", created),
        ]
        .iter()
        .filter_map(|(n, c)| c.map(|c| (n.to_string(), c as u64 + 1)))
        .collect();
        let known = || {
            let mut v: Vec<String> = f
                .statuses
                .iter()
                .map(|(w, a)| format!("«{w}»={}", a.as_str()))
                .collect();
            v.extend(extra.iter().map(|(w, a)| format!("«{w}»={}", a.as_str())));
            v.join(", ")
        };
        let mut unknown: Vec<(String, u64)> = Vec::new();
        for (line, cells) in &t.rows {
            let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let before = out.errors.len();
            let order_ref = cell(order);
            if order_ref.is_empty() {
                out.errors.push(field_err(
                    t,
                    *line,
                    order as u64 + 1,
                    "order",
                    "",
                    FieldProblem::Empty,
                ));
            }
            let ids: Vec<String> = keys
                .iter()
                .map(|&k| cell(k).to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if ids.is_empty() {
                out.errors.push(field_err(
                    t,
                    *line,
                    keys[0] as u64 + 1,
                    "code",
                    "",
                    FieldProblem::Empty,
                ));
            }
            let q = row_qty(t, *line, qty.map(|c| (c, cell(c))), &mut out.errors);
            let word = cell(status);
            let folded = fold_status(word);
            let action = extra
                .iter()
                .find(|(w, _)| *w == folded)
                .map(|(_, a)| *a)
                .or_else(|| {
                    f.statuses
                        .iter()
                        .find(|(w, _)| fold_status(w) == folded)
                        .map(|(_, a)| *a)
                });
            if action.is_none() {
                // The statuses it knows are listed once, at the first row that needs them.
                let message = match unknown.iter().find(|(w, _)| *w == folded) {
                    Some((_, first)) => fill("market.unknown_status_again", &[&word, first, &word]),
                    None => {
                        unknown.push((folded.clone(), *line));
                        fill("market.unknown_status", &[&word, &f.title, &known(), &word])
                    }
                };
                out.errors.push(err(t, *line, status as u64 + 1, message));
            }
            let when = row_created(t, *line, created.map(|c| (c, cell(c))), &mut out.errors);
            if out.errors.len() > before {
                continue;
            }
            if let (Some(q), Some(a)) = (q, action) {
                out.rows.push(Located {
                    line: *line,
                    columns: columns.clone(),
                    row: MarketOrderRow {
                        order_ref: order_ref.to_string(),
                        keys: ids,
                        qty: q,
                        action: a,
                        status: word.to_string(),
                        delivery: Delivery::default(),
                        created: when,
                    },
                });
            }
        }
    } else {
        out.errors.push(err(
            t,
            1,
            1,
            fill(
                "market.missing_column",
                &[&missing.join(", "), &f.title, &heads],
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_moscow_time_in_every_spelling() {
        let want = parse_created("2026-11-20T10:15:00+03:00").unwrap();
        assert_eq!(parse_created("2026-11-20 10:15:00"), Some(want));
        assert_eq!(parse_created("20.11.2026 10:15"), Some(want));
        assert_eq!(parse_created("20.11.2026 10:15:00"), Some(want));
        assert_eq!(parse_created("yesterday"), None);
    }

    #[test]
    fn a_status_map_reads_word_equals_action() {
        let m = parse_status_map(&["Новый заказ = reserve".into(), "Ёлка=return".into()]).unwrap();
        assert_eq!(m[0], ("новый заказ".into(), OrderAction::Reserve));
        assert_eq!(m[1], ("елка".into(), OrderAction::Return));
        assert!(parse_status_map(&["Новый".into()]).is_err());
        assert!(parse_status_map(&["Новый=keep".into()]).is_err());
    }
}
