//! A marketplace's order export: order reference, SKU code or barcode, quantity, status,
//! delivery, destination, created time. Headers in English or Russian.

use chrono::DateTime;

use super::import::Parsed;
use super::table::Table;
use crate::i18n::{self, Lang};
use crate::inventory::channels::{OrderRow, OrderStatus, parse_delivery};
use crate::inventory::{FieldProblem, Located, RowError};

const ALIASES: &[(&str, &str)] = &[
    ("order_id", "order"),
    ("order", "order"),
    ("order_ref", "order"),
    ("заказ", "order"),
    ("номер заказа", "order"),
    ("sku", "code"),
    ("code", "code"),
    ("артикул", "code"),
    ("barcode", "code"),
    ("штрихкод", "code"),
    ("qty", "quantity"),
    ("quantity", "quantity"),
    ("количество", "quantity"),
    ("status", "status"),
    ("статус", "status"),
    ("delivery", "delivery"),
    ("доставка", "delivery"),
    ("destination", "dest"),
    ("dest", "dest"),
    ("получение", "dest"),
    ("created_at", "created"),
    ("created", "created"),
    ("дата", "created"),
];

fn err(t: &Table, line: u64, column: u64, field: &str, value: &str, p: FieldProblem) -> RowError {
    let v = if value.is_empty() {
        String::new()
    } else {
        format!(" {value:?}")
    };
    let message = match i18n::lang() {
        Lang::En => format!(
            "{}{} {}",
            i18n::field_name(field),
            v,
            i18n::field_problem(&p)
        ),
        Lang::Ru => format!(
            "{}{}: {}",
            i18n::field_name(field),
            v,
            i18n::field_problem(&p)
        ),
    };
    RowError {
        file: t.file.clone(),
        line,
        column,
        message: message.into(),
    }
}

pub fn order_rows(t: &Table) -> Parsed<OrderRow> {
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let mut cols: Vec<(&str, usize)> = Vec::new();
    // A second column of the order or its quantity: read from the first, and a row where
    // they differ is refused (which one is meant is not guessed). A code beside a barcode
    // names one SKU two ways, so those are not compared.
    let mut repeated: Vec<(&str, usize)> = Vec::new();
    for (i, h) in t.headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if let Some((_, f)) = ALIASES.iter().find(|(a, _)| *a == h) {
            if !cols.iter().any(|(k, _)| k == f) {
                cols.push((f, i));
            } else if matches!(*f, "order" | "quantity") {
                repeated.push((f, i));
            }
        }
    }
    let idx = |f: &str| cols.iter().find(|(k, _)| *k == f).map(|(_, i)| *i);
    for f in ["order", "code", "quantity"] {
        if idx(f).is_none() {
            out.errors.push(err(t, 1, 1, f, "", FieldProblem::Empty));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let columns: Vec<(String, u64)> = cols
        .iter()
        .map(|(f, i)| (f.to_string(), *i as u64 + 1))
        .collect();
    for (line, cells) in &t.rows {
        let cell = |f: &str| {
            idx(f)
                .and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let col = |f: &str| idx(f).map(|i| i as u64 + 1).unwrap_or(1);
        let before = out.errors.len();
        for &(f, j) in &repeated {
            let first = cell(f).unwrap_or("");
            let other = cells.get(j).map_or("", |s| s.trim());
            let same = first == other
                || other.is_empty()
                || (f == "quantity"
                    && matches!(
                        (crate::domain::parse_qty(first), crate::domain::parse_qty(other)),
                        (Ok(a), Ok(b)) if a == b
                    ));
            if !same {
                let i = idx(f).unwrap_or(0);
                let e = super::import::columns_differ(
                    &t.file,
                    &t.headers,
                    *line,
                    (i, first),
                    (j, other),
                );
                out.errors.push(e);
            }
        }
        let order = cell("order");
        if order.is_none() {
            out.errors.push(err(
                t,
                *line,
                col("order"),
                "order",
                "",
                FieldProblem::Empty,
            ));
        }
        let sku = cell("code");
        if sku.is_none() {
            out.errors
                .push(err(t, *line, col("code"), "code", "", FieldProblem::Empty));
        }
        // A date Excel made of a code is no code: never looked up as one.
        if let Some(e) = idx("code").and_then(|i| {
            super::import::not_text_error(&t.file, &t.inexact, *line, i, "code", sku.unwrap_or(""))
        }) {
            out.errors.push(e);
        }
        let qty = match cell("quantity").map(crate::domain::parse_qty) {
            Some(Ok(q)) => Some(q),
            Some(Err(e)) => {
                out.errors.push(err(
                    t,
                    *line,
                    col("quantity"),
                    "quantity",
                    cell("quantity").unwrap_or(""),
                    e.into(),
                ));
                None
            }
            None => {
                out.errors.push(err(
                    t,
                    *line,
                    col("quantity"),
                    "quantity",
                    "",
                    FieldProblem::Empty,
                ));
                None
            }
        };
        let status = match cell("status") {
            None => Some(OrderStatus::New),
            Some(s) => match OrderStatus::parse(s) {
                Some(st) => Some(st),
                None => {
                    let opts = vec!["new".into(), "cancelled".into(), "shipped".into()];
                    out.errors.push(err(
                        t,
                        *line,
                        col("status"),
                        "status",
                        s,
                        FieldProblem::OneOf(opts),
                    ));
                    None
                }
            },
        };
        let created = match cell("created") {
            None => None,
            Some(s) => match DateTime::parse_from_rfc3339(s) {
                Ok(d) => Some(d.timestamp_millis()),
                Err(_) => {
                    let opts = vec!["2026-11-20T10:15:00+03:00".into()];
                    out.errors.push(err(
                        t,
                        *line,
                        col("created"),
                        "created",
                        s,
                        FieldProblem::OneOf(opts),
                    ));
                    None
                }
            },
        };
        if out.errors.len() > before {
            continue;
        }
        if let (Some(order), Some(sku), Some(qty), Some(status)) = (order, sku, qty, status) {
            out.rows.push(Located {
                line: *line,
                columns: columns.clone(),
                row: OrderRow {
                    order_ref: order.to_string(),
                    sku: sku.to_string(),
                    qty,
                    status,
                    delivery: parse_delivery(cell("delivery"), cell("dest")),
                    created,
                },
            });
        }
    }
    out
}
