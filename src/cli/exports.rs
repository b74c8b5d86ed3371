//! `export skus|stock|ledger|feed`: a file (CSV, JSON or .xlsx) or stdout. The target is
//! checked before the database is opened; nothing is written over the database, its
//! socket or a backup.

use std::io::Write;
use std::path::Path;

use super::args::{ExportArgs, ExportWhat, Format};
use super::values::delimiter_byte;
use super::{channels, open, progress, table};
use crate::i18n::{self, Lang, fill};
use crate::inventory::{Error, FieldProblem, InputError, Inventory, InventoryExt};
use crate::io;

/// What an export of the books writes (a feed is the channels' own).
#[derive(Clone, Copy)]
enum Book {
    Skus,
    Stock,
    Ledger,
}

pub fn export(db: &Path, a: ExportArgs, json: bool) -> Result<i32, Error> {
    let book = match a.what {
        ExportWhat::Feed => {
            let opts = channels::FeedOpts {
                out: a.out,
                delimiter: a.delimiter,
                channel: a.channel,
                changed_only: a.changed_only,
                all: a.all,
                out_dir: a.out_dir,
                format: a.format,
                force: a.force,
                warehouse: a.warehouse,
            };
            return channels::export_feed(db, &opts, json);
        }
        ExportWhat::Skus => Book::Skus,
        ExportWhat::Stock => Book::Stock,
        ExportWhat::Ledger => Book::Ledger,
    };
    let delim = delimiter_byte(&a.delimiter)?;
    let requested = if json { Some(Format::Json) } else { a.format };
    let out = a.out.as_deref();
    let format = match out {
        Some(path) => output_format(path, requested)?,
        None => requested.unwrap_or(Format::Csv),
    };
    let replace = io::paths::Replace::forced(a.force);
    if let Some(path) = out {
        io::paths::Protected::of(db).check_target(path, replace)?;
    }
    let inv = open(db)?;
    let inv = inv.as_ref();
    let as_json = match format {
        Format::Xlsx => return export_xlsx(inv, book, out, replace),
        Format::Json => true,
        Format::Csv => false,
    };
    let spinner = progress::Progress::spinner("export");
    let (count, mut buf) = match book {
        Book::Skus => encode_rows(&inv.catalog()?, as_json, delim, io::export::catalog_csv)?,
        Book::Stock => encode_rows(&inv.stock()?, as_json, delim, io::export::stock_csv)?,
        Book::Ledger => encode_rows(&inv.ledger()?, as_json, delim, io::export::ledger_csv)?,
    };
    if as_json && !buf.ends_with(b"\n") {
        buf.push(b'\n');
    }
    drop(spinner);
    match out {
        Some(path) => {
            io::paths::write_file(path, &buf, replace)?;
            eprintln!("{}", fill("cli.exported", &[&count, &path.display()]));
        }
        None => {
            let _ = std::io::stdout().write_all(&table::for_stdout(&buf));
        }
    }
    Ok(0)
}

/// A CSV writer of one kind of row.
type CsvRows<T> = fn(&[T], &mut csv::Writer<Vec<u8>>) -> csv::Result<()>;

/// Rows as JSON or CSV bytes, and how many there were.
fn encode_rows<T: serde::Serialize>(
    rows: &[T],
    json: bool,
    delim: u8,
    csv_rows: CsvRows<T>,
) -> Result<(usize, Vec<u8>), Error> {
    let io_err = |e: String| Error::Store(crate::inventory::StoreErrorWire::Io(e));
    let buf = if json {
        serde_json::to_vec_pretty(rows).unwrap_or_default()
    } else {
        let mut w = io::export::csv_writer(Vec::new(), delim);
        csv_rows(rows, &mut w).map_err(|e| io_err(e.to_string()))?;
        w.into_inner().map_err(|e| io_err(e.to_string()))?
    };
    Ok((rows.len(), buf))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Xlsx => "xlsx",
    }
}

/// The format of an output file: its extension (.csv, .json, .xlsx) decides; a `--format`
/// (or `--json`) that says otherwise is refused. Another extension takes `--format`.
pub(crate) fn output_format(out: &Path, requested: Option<Format>) -> Result<Format, Error> {
    let by_name = io::paths::format_of_extension(out).map(|e| match e {
        "json" => Format::Json,
        "xlsx" => Format::Xlsx,
        _ => Format::Csv,
    });
    match (by_name, requested) {
        (Some(named), Some(asked)) if named != asked => Err(Error::Input(InputError::Path {
            path: out.display().to_string(),
            message: fill(
                "export.format_contradicts",
                &[&format_name(asked), &format_name(named)],
            ),
        })),
        (Some(named), _) => Ok(named),
        (None, asked) => Ok(asked.unwrap_or(Format::Csv)),
    }
}

/// `export skus|stock|ledger --format xlsx --out FILE`: a workbook, whole or not at all.
fn export_xlsx(
    inv: &dyn Inventory,
    book: Book,
    out: Option<&Path>,
    replace: io::paths::Replace,
) -> Result<i32, Error> {
    let Some(path) = out else {
        return Err(Error::field("out", "", FieldProblem::Empty));
    };
    let file_error = |message: String| {
        Error::Input(InputError::Path {
            path: path.display().to_string(),
            message,
        })
    };
    let fits = |rows: usize| {
        if rows <= io::xlsx::MAX_ROWS {
            return Ok(());
        }
        Err(file_error(match i18n::lang() {
            Lang::En => format!(
                "an .xlsx sheet holds at most {} rows, this export has {rows}: use --format csv",
                io::xlsx::MAX_ROWS
            ),
            Lang::Ru => format!(
                "на листе .xlsx помещается не больше {} строк, здесь {rows}: используйте --format csv",
                io::xlsx::MAX_ROWS
            ),
        }))
    };
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| file_error(e.to_string());
    let mut p = progress::Progress::spinner("export: reading");
    let (count, bytes) = match book {
        Book::Skus => {
            let rows = inv.catalog()?;
            fits(rows.len())?;
            p.start_bar(rows.len() as u64, "export: SKUs");
            let bytes = io::xlsx::catalog_book(&rows, &mut || p.inc()).map_err(xlsx_error)?;
            (rows.len(), bytes)
        }
        Book::Stock => {
            let (channels, matrix) = inv.matrix()?;
            let lines = inv.stock()?;
            fits(matrix.len().max(lines.len()))?;
            p.start_bar((matrix.len() + lines.len()) as u64, "export: stock");
            let bytes = io::xlsx::stock_book(&channels, &matrix, &lines, &mut || p.inc())
                .map_err(xlsx_error)?;
            (matrix.len(), bytes)
        }
        Book::Ledger => {
            let rows = inv.ledger()?;
            fits(rows.len())?;
            p.start_bar(rows.len() as u64, "export: ledger");
            let bytes = io::xlsx::ledger_book(&rows, &mut || p.inc()).map_err(xlsx_error)?;
            (rows.len(), bytes)
        }
    };
    io::paths::write_file(path, &bytes, replace)?;
    drop(p);
    eprintln!("{}", fill("cli.exported", &[&count, &path.display()]));
    Ok(0)
}
