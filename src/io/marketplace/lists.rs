//! The seller's own lists for a channel: a mapping file (our code, the marketplace's id)
//! and a listing file (our codes).

use crate::inventory::market::MapRow;
use crate::inventory::{FieldProblem, Located, RowError};
use crate::io::import::Parsed;
use crate::io::table::Table;

const CODE: &[&str] = &["code", "sku", "артикул", "код"];
const ITEM: &[&str] = &[
    "item",
    "item_id",
    "offer_id",
    "nmid",
    "ид площадки",
    "идентификатор",
    "артикул площадки",
];

fn col(t: &Table, names: &[&str]) -> Option<usize> {
    t.headers.iter().position(|h| {
        let h = h
            .trim()
            .trim_start_matches('\u{feff}')
            .trim()
            .to_lowercase();
        names.contains(&h.as_str())
    })
}

fn missing(t: &Table, field: &str) -> RowError {
    RowError {
        file: t.file.clone(),
        line: 1,
        column: 1,
        message: format!(
            "{}: {}",
            crate::i18n::field_name(field),
            crate::i18n::field_problem(&FieldProblem::Empty)
        )
        .into(),
    }
}

/// `code` and `item` columns; an empty item forgets the SKU's id.
pub fn map_rows(t: &Table) -> Parsed<MapRow> {
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let (Some(c), Some(i)) = (col(t, CODE), col(t, ITEM)) else {
        if col(t, CODE).is_none() {
            out.errors.push(missing(t, "code"));
        }
        if col(t, ITEM).is_none() {
            out.errors.push(missing(t, "item"));
        }
        return out;
    };
    let columns = vec![
        ("code".to_string(), c as u64 + 1),
        ("item".to_string(), i as u64 + 1),
    ];
    for (line, cells) in &t.rows {
        let cell = |k: usize| cells.get(k).map(|s| s.trim()).unwrap_or("");
        if cell(c).is_empty() && cell(i).is_empty() {
            continue;
        }
        if cell(c).is_empty() {
            out.errors.push(RowError {
                file: t.file.clone(),
                line: *line,
                column: c as u64 + 1,
                message: format!(
                    "{}: {}",
                    crate::i18n::field_name("code"),
                    crate::i18n::field_problem(&FieldProblem::Empty)
                )
                .into(),
            });
            continue;
        }
        out.rows.push(Located {
            line: *line,
            columns: columns.clone(),
            row: MapRow {
                sku: cell(c).to_string(),
                item: Some(cell(i).to_string()).filter(|s| !s.is_empty()),
            },
        });
    }
    out
}

/// A `code` column (or, with no header that names one, the first column).
pub fn code_rows(t: &Table) -> Parsed<String> {
    let c = col(t, CODE).unwrap_or(0);
    let columns = vec![("code".to_string(), c as u64 + 1)];
    let mut rows = Vec::new();
    for (line, cells) in &t.rows {
        let v = cells.get(c).map(|s| s.trim()).unwrap_or("");
        if !v.is_empty() {
            rows.push(Located {
                line: *line,
                columns: columns.clone(),
                row: v.to_string(),
            });
        }
    }
    Parsed {
        rows,
        errors: Vec::new(),
    }
}
