//! `import skus|stock|orders|listed FILE`: a CSV or .xlsx file read and checked whole,
//! then one Command, all or nothing. (`count import` reads its file with `read_table` too.)

use std::path::Path;

use super::args::{ImportArgs, ImportWhat};
use super::{apply, open, progress, rows_error};
use crate::inventory::{Command, Error, FieldProblem, InputError, RowError};
use crate::io;

pub fn import(db: &Path, a: ImportArgs, json: bool) -> Result<i32, Error> {
    let what = match a.what {
        ImportWhat::Orders | ImportWhat::Listed if a.dry_run => {
            // Orders and listed files are checked in full before anything is written.
            return Err(Error::field(
                "dry_run",
                "--dry-run",
                FieldProblem::OneOf(vec!["import skus".into(), "import stock".into()]),
            ));
        }
        what @ (ImportWhat::Orders | ImportWhat::Listed) => {
            let busy = progress::Progress::importing(&a.file);
            let command = match what {
                ImportWhat::Orders => super::market::import_orders_command(
                    db,
                    &a.file,
                    a.channel,
                    a.sheet.as_deref(),
                    &a.status_map,
                )?,
                _ => super::market::listed_command(db, &a.file, a.channel, a.sheet.as_deref())?,
            };
            return apply(db, command, json, Some(busy));
        }
        ImportWhat::Skus => Book::Skus,
        ImportWhat::Stock => Book::Stock,
    };
    readable(&a.file)?;
    let busy = progress::Progress::importing(&a.file);
    let mut unread = Vec::new();
    let command = match read(what, &a.file, a.dry_run, a.sheet.as_deref(), &mut unread) {
        Ok(c) => c,
        Err((mut errors, dry)) => {
            if let Some(dry) = dry
                && let Err(Error::Input(InputError::Rows(more))) = open(db)?.execute(*dry)
            {
                errors.extend(more);
            }
            errors.sort_by_key(|e| (e.line, e.column));
            return Err(rows_error(errors));
        }
    };
    let code = apply(db, command, json, Some(busy))?;
    // With --json the answer stays one document; the note goes to stderr.
    if !unread.is_empty() {
        if json {
            eprintln!("{}", unread_note(&unread));
        } else {
            println!("{}", unread_note(&unread));
        }
    }
    Ok(code)
}

/// "Columns not read: «barcod», «Цена» (repeated: the first is read)": at most eight
/// named, then how many more.
fn unread_note(unread: &[io::import::Unread]) -> String {
    use crate::i18n::{fill, text};
    use io::import::Unread;
    const SHOWN: usize = 8;
    let quoted = |h: &str| format!("«{}»", crate::domain::limits::echo(h));
    let mut names: Vec<String> = unread
        .iter()
        .take(SHOWN)
        .map(|u| match u {
            Unread::Unknown(h) => quoted(h),
            Unread::Repeated(h) => format!("{} ({})", quoted(h), text("cli.unread_repeated")),
            Unread::NotForStock(h) => format!("{} ({})", quoted(h), text("cli.unread_not_stock")),
            Unread::NoHeader(n) => fill("cli.unread_no_header", &[n]),
        })
        .collect();
    if unread.len() > SHOWN {
        names.push(crate::i18n::fill(
            "cli.unread_more",
            &[&crate::i18n::number((unread.len() - SHOWN) as u64)],
        ));
    }
    crate::i18n::fill("cli.unread_columns", &[&names.join(", ")])
}

/// The largest file an import reads: far above any real catalog, order or count file,
/// and small enough that reading it whole stays within a small machine's memory.
pub(crate) const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Why `file` cannot be imported, in words: missing, a folder, a device or pipe (which may
/// never end), or larger than an import reads.
fn unreadable(file: &Path) -> Option<String> {
    if let Some(problem) = crate::inventory::PathProblem::of_source(file) {
        return Some(match problem {
            crate::inventory::PathProblem::NoFile => {
                crate::i18n::text("cli.not_a_file").to_string()
            }
            other => crate::i18n::path_problem_text(other),
        });
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    (size > MAX_IMPORT_BYTES).then(|| {
        crate::i18n::fill(
            "cli.file_too_big",
            &[
                &crate::i18n::number(size / (1024 * 1024)),
                &crate::i18n::number(MAX_IMPORT_BYTES / (1024 * 1024)),
            ],
        )
    })
}

/// The file an import names, refused before a byte is read when it cannot be imported.
fn readable(file: &Path) -> Result<(), Error> {
    match unreadable(file) {
        Some(message) => Err(Error::Input(InputError::File {
            file: file.display().to_string(),
            message,
        })),
        None => Ok(()),
    }
}

/// A CSV or .xlsx file as a table; one that cannot be read is one error, at its line.
pub(crate) fn read_table(file: &Path, sheet: Option<&str>) -> Result<io::table::Table, RowError> {
    read_table_preferring(file, sheet, None)
}

/// As `read_table`; with no `--sheet`, a workbook's sheet `prefer` when it has one.
fn read_table_preferring(
    file: &Path,
    sheet: Option<&str>,
    prefer: Option<&str>,
) -> Result<io::table::Table, RowError> {
    if let Some(message) = unreadable(file) {
        return Err(RowError {
            file: file.display().to_string(),
            line: 1,
            column: 1,
            message: message.into(),
        });
    }
    io::xlsx::read_any_preferring(file, sheet, prefer).map_err(|e| RowError {
        file: e.file,
        line: e.line.max(1),
        column: e.column.max(1),
        message: e.message.into(),
    })
}

/// `import orders|listed FILE --channel NAME` in stockroom's own columns.
pub(crate) fn channel_file(
    what: ImportWhat,
    file: &Path,
    channel: Option<String>,
    sheet: Option<&str>,
) -> Result<Command, Error> {
    let channel = channel.ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?;
    readable(file)?;
    let t = read_table(file, sheet).map_err(|e| rows_error(vec![e]))?;
    let name = file.display().to_string();
    match what {
        ImportWhat::Orders => {
            let parsed = io::orders::order_rows(&t);
            if !parsed.errors.is_empty() {
                return Err(rows_error(parsed.errors));
            }
            Ok(Command::ImportOrders {
                channel,
                file: name,
                rows: parsed.rows,
            })
        }
        _ => {
            let parsed = io::import::stock_rows(&t);
            if !parsed.errors.is_empty() {
                return Err(rows_error(parsed.errors));
            }
            Ok(Command::ImportListed {
                channel,
                file: name,
                rows: parsed.rows,
            })
        }
    }
}

/// What an import of the books reads (orders and listed are the channels' own).
#[derive(Clone, Copy)]
enum Book {
    Skus,
    Stock,
}

/// Bad rows found while reading, and the rows that did read, as a dry run for the
/// engine to check the rules on (a repeated code or barcode), so all are reported at once.
type ImportFailure = (Vec<RowError>, Option<Box<Command>>);

/// Reads and checks an import file; nothing is written.
fn read(
    book: Book,
    file: &Path,
    dry_run: bool,
    sheet: Option<&str>,
    unread: &mut Vec<io::import::Unread>,
) -> Result<Command, ImportFailure> {
    // A stock export read back: its levels per location, not its totals.
    let prefer = matches!(book, Book::Stock).then_some(io::xlsx::BY_LOCATION);
    let t = read_table_preferring(file, sheet, prefer).map_err(|e| (vec![e], None))?;
    *unread = io::import::unread_columns(&t, matches!(book, Book::Stock));
    let name = file.display().to_string();
    match book {
        Book::Skus => {
            let (mut parsed, stock) = io::import::sku_rows(&t);
            let kits = io::import::kit_rows(&t);
            parsed.errors.extend(kits.errors);
            parsed.errors.sort_by_key(|e| (e.line, e.column));
            if !parsed.errors.is_empty() {
                let dry = Command::ImportSkus {
                    file: name,
                    rows: parsed.rows,
                    stock,
                    kits: Vec::new(),
                    dry_run: true,
                };
                return Err((parsed.errors, Some(Box::new(dry))));
            }
            Ok(Command::ImportSkus {
                file: name,
                rows: parsed.rows,
                stock,
                kits: kits.rows,
                dry_run,
            })
        }
        Book::Stock => {
            let parsed = io::import::stock_rows(&t);
            if !parsed.errors.is_empty() {
                let dry = Command::ImportStock {
                    file: name,
                    rows: parsed.rows,
                    dry_run: true,
                };
                return Err((parsed.errors, Some(Box::new(dry))));
            }
            Ok(Command::ImportStock {
                file: name,
                rows: parsed.rows,
                dry_run,
            })
        }
    }
}
