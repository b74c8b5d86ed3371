//! The stocktake on the command line: `count list`, `count diff` (the reconciliation) and
//! `count import` (a handheld's file). The other `count` subcommands are Commands:
//! `to_command.rs`.

use std::path::Path;

use super::args::CountImportArgs;
use super::imports::read_table;
use super::table::{Col, print_list, table};
use super::values::id_of;
use super::{apply, open, print_json, progress, rows_error};
use crate::i18n::{self, fill, text};
use crate::inventory::stocktake::{CountLine, CountReport, SessionView};
use crate::inventory::{Command, Error, InventoryExt};
use crate::io;
use crate::present::short_list;

pub fn list(db: &Path, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.count_sessions()?;
    print_list(
        &rows,
        json,
        &[
            Col::right(text("col.id"), |s: &SessionView| s.session.to_string()),
            Col::left(text("col.location"), |s: &SessionView| s.location.clone()),
            Col::left(text("col.status"), |s: &SessionView| {
                i18n::session_status_text(s.status).to_string()
            }),
            Col::right(text("col.entries"), |s: &SessionView| s.entries.to_string()),
            Col::left(text("col.who"), |s: &SessionView| s.started_by.clone()),
            Col::left(text("col.when"), |s: &SessionView| s.started.clone()),
        ],
    );
    Ok(0)
}

pub fn diff(db: &Path, session: &str, json: bool) -> Result<i32, Error> {
    let report = open(db)?.count_report(id_of("session", session)?)?;
    if json {
        print_json(&report.rows);
    } else {
        print!("{}", count_table(&report));
    }
    Ok(0)
}

/// `count import SESSION FILE`: read and checked whole, then one Command.
pub fn import(db: &Path, a: CountImportArgs, json: bool) -> Result<i32, Error> {
    let sid = id_of("session", &a.session)?;
    let busy = progress::Progress::importing(&a.file);
    let t = read_table(&a.file, a.sheet.as_deref()).map_err(|e| rows_error(vec![e]))?;
    let parsed = io::import::count_rows(&t);
    if !parsed.errors.is_empty() {
        return Err(rows_error(parsed.errors));
    }
    let command = Command::CountImport {
        session: sid,
        file: a.file.display().to_string(),
        rows: parsed.rows,
    };
    apply(db, command, json, Some(busy))
}

/// The reconciliation as a text table, with totals.
fn count_table(r: &CountReport) -> String {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let mut out = table(
        &r.rows,
        &[
            Col::left(text("col.code"), |l: &CountLine| l.code.clone()),
            Col::left(text("col.name"), |l: &CountLine| l.name.clone()),
            Col::right(text("col.recorded"), |l: &CountLine| {
                opt(l.recorded.map(|v| v.to_string()))
            }),
            Col::right(text("col.counted"), |l: &CountLine| l.counted.to_string()),
            Col::right(text("col.variance"), |l: &CountLine| {
                opt(l.variance.map(|v| format!("{v:+}")))
            }),
            Col::right(text("col.variance_pct"), |l: &CountLine| {
                opt(l.variance_pct.map(|p| format!("{p:+.1}%")))
            }),
            Col::right(text("col.value"), |l: &CountLine| opt(l.value.clone())),
            Col::left(text("col.flags"), |l: &CountLine| {
                l.flags
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        ],
    );
    let t = &r.totals;
    let or_dash = |v: &String| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.clone()
        }
    };
    let (net_value, gross_value) = (or_dash(&t.net_value), or_dash(&t.gross_value));
    out.push_str(&fill(
        "cli.count_totals",
        &[
            &t.counted_skus,
            &t.with_variance,
            &t.net_units,
            &t.gross_units,
            &net_value,
            &gross_value,
        ],
    ));
    if !r.would_short.is_empty() {
        out.push('\n');
        out.push_str(&fill(
            "cli.count_diff_short",
            &[&short_list(&r.would_short)],
        ));
    }
    out.push('\n');
    if !r.uncounted.is_empty() {
        out.push_str(&fill(
            "cli.count_uncounted_list",
            &[&r.uncounted.len(), &r.uncounted.join(", ")],
        ));
        out.push('\n');
    }
    out
}
