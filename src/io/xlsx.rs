//! Excel workbooks in and out.
//!
//! In: the first sheet (or a named one) becomes the same [`Table`] a CSV file does, so
//! every header alias, validator and all-or-nothing rule of an import applies unchanged.
//! Out: one sheet per export with a bold, frozen header row and columns as wide as
//! their contents; codes stay text, quantities are numbers.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::table::{NotText, Table, TableError};
use crate::i18n::{self, Lang};
use crate::inventory::channels::{MatrixRow, RulesView};
use crate::inventory::{CatalogRow, MovementView, StockLine};

/// Rows a sheet holds below its header.
pub const MAX_ROWS: usize = 1_048_575;

/// True when the file is an Excel workbook, by its name.
pub fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads an import file: an `.xlsx` workbook here, anything else as CSV.
pub fn read_any(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    read_any_preferring(path, sheet, None)
}

/// As `read_any`; with no `sheet` named, a workbook's sheet called `prefer` is read when it
/// has one, else its first.
pub fn read_any_preferring(
    path: &Path,
    sheet: Option<&str>,
    prefer: Option<&str>,
) -> Result<Table, TableError> {
    if is_xlsx(path) {
        return read_file(path, sheet, prefer);
    }
    if let Some(s) = sheet {
        return Err(TableError {
            file: path.display().to_string(),
            line: 0,
            column: 1,
            message: match i18n::lang() {
                Lang::En => format!("--sheet {s:?}: only an .xlsx file has sheets"),
                Lang::Ru => format!("--sheet {s:?}: листы есть только у файла .xlsx"),
            },
        });
    }
    super::table::read_file(path)
}

/// Why a file named .xlsx is no workbook at all (every workbook is a zip archive), or
/// `None` when it is one and the trouble lies inside.
fn not_a_workbook(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .ok()?
        .take(512)
        .read_to_end(&mut head)
        .ok()?;
    if head.starts_with(b"PK\x03\x04") {
        return None;
    }
    Some(if head.is_empty() {
        i18n::text("xlsx.empty_file").to_string()
    } else if !head.contains(&0) {
        i18n::text("xlsx.plain_text").to_string()
    } else {
        i18n::text("xlsx.not_zip").to_string()
    })
}

/// The sheet of `export stock` with the levels per location: the one `import stock` reads
/// back from a workbook that has it, unless `--sheet` names another. (Its first sheet has
/// each SKU's totals over all locations, which set at one location would be wrong.)
pub const BY_LOCATION: &str = "By location";

/// The sheet named (exactly, else ignoring case); with none named, the sheet `prefer` if
/// the workbook has it, else its first.
fn read_file(path: &Path, sheet: Option<&str>, prefer: Option<&str>) -> Result<Table, TableError> {
    let file = path.display().to_string();
    let fail = |message: String| TableError {
        file: file.clone(),
        line: 0,
        column: 1,
        message,
    };
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e: calamine::XlsxError| {
        fail(match not_a_workbook(path) {
            Some(why) => i18n::fill("xlsx.not_workbook", &[&why]),
            None => e.to_string(),
        })
    })?;
    let names = book.sheet_names();
    let found = match sheet {
        None => prefer
            .and_then(|p| names.iter().find(|n| n.as_str() == p))
            .or(names.first()),
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| names.iter().find(|n| n.to_lowercase() == s.to_lowercase())),
    };
    let Some(name) = found.cloned() else {
        let list = names.join(", ");
        return Err(fail(match (i18n::lang(), sheet) {
            (Lang::En, Some(s)) => format!("no sheet {s:?} in the workbook (it has: {list})"),
            (Lang::Ru, Some(s)) => format!("в книге нет листа {s:?} (есть: {list})"),
            (Lang::En, None) => "the workbook has no sheets".to_string(),
            (Lang::Ru, None) => "в книге нет листов".to_string(),
        }));
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| fail(e.to_string()))?;
    // A formula whose result the file does not hold (written by a program, never opened and
    // saved in a spreadsheet) would read as an empty cell: a quantity silently left out.
    if let Ok(formulas) = book.worksheet_formula(&name)
        && let Some((line, column, cell, formula)) = unsaved_formula(&range, &formulas)
    {
        return Err(TableError {
            file: file.clone(),
            line,
            column,
            message: i18n::fill("xlsx.unsaved_formula", &[&cell, &formula]),
        });
    }
    // An error a formula gave (#REF!, #N/A) is no value: read as text it would become a
    // code or a name.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    if let Some((r, c, e)) = range.used_cells().find_map(|(r, c, d)| match d {
        Data::Error(e) => Some((r0 + r as u32, c0 + c as u32, e.to_string())),
        _ => None,
    }) {
        let cell = format!("{}{}", column_letters(c), r + 1);
        return Err(TableError {
            file: file.clone(),
            line: u64::from(r) + 1,
            column: u64::from(c) + 1,
            message: i18n::fill("xlsx.error_cell", &[&cell, &e]),
        });
    }
    table_of(&file, &range)
}

/// The first cell holding a formula with no result saved beside it: its 1-based row and
/// column, its reference (C5) and the formula.
fn unsaved_formula(
    values: &Range<Data>,
    formulas: &Range<String>,
) -> Option<(u64, u64, String, String)> {
    let (r0, c0) = formulas.start()?;
    formulas
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .map(|(r, c, f)| (r0 + r as u32, c0 + c as u32, f))
        .find(|(r, c, _)| matches!(values.get_value((*r, *c)), None | Some(Data::Empty)))
        .map(|(r, c, f)| {
            let formula = crate::domain::limits::echo(&format!("={}", f.trim_start_matches('=')));
            (
                u64::from(r) + 1,
                u64::from(c) + 1,
                format!("{}{}", column_letters(c), r + 1),
                formula,
            )
        })
}

/// A 0-based column as a sheet names it: 0 is A, 25 is Z, 26 is AA.
fn column_letters(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A sheet as a table: the first non-empty row is the header, empty rows are skipped,
/// each row keeps its 1-based sheet row number and cells keep their sheet column
/// (A is column 1), so errors point at the cell a person sees.
pub fn table_of(file: &str, range: &Range<Data>) -> Result<Table, TableError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut headers = None;
    let mut rows = Vec::new();
    let mut inexact = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let line = u64::from(row0) + i as u64 + 1;
        let mut fields = vec![String::new(); col0 as usize];
        fields.extend(cells.iter().map(cell_text));
        for (c, d) in cells.iter().enumerate() {
            let kind = match d {
                Data::Float(f) if f.abs() >= EXACT_DIGITS_LIMIT || f.fract() != 0.0 => {
                    Some(NotText::Number)
                }
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
                    Some(NotText::Date)
                }
                Data::Bool(_) => Some(NotText::Bool),
                _ => None,
            };
            if let Some(kind) = kind {
                inexact.push((line, col0 as usize + c, kind));
            }
        }
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if headers.is_none() {
            headers = Some(fields);
        } else {
            rows.push((line, fields));
        }
    }
    let headers = headers.ok_or_else(|| TableError {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: match i18n::lang() {
            Lang::En => "the sheet is empty: expected a header row".to_string(),
            Lang::Ru => "лист пуст: ожидается строка заголовка".to_string(),
        },
    })?;
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
        inexact,
    })
}

/// A number cell from here up has more than 15 digits, of which Excel keeps 15: a 16- to
/// 20-digit barcode typed into a number cell is already another number in the file. A
/// number with a fraction is no code or barcode either (a formula's result, a price).
const EXACT_DIGITS_LIMIT: f64 = 1e15;

/// A cell as a person sees it: 240 not 240.0, dates as 2026-11-20.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        other => other.to_string().trim().to_string(),
    }
}

/// Excel shows 15 significant digits: 0.1+0.2 is 0.3 there, and so here.
fn number_text(f: f64) -> String {
    if f == 0.0 {
        return "0".to_string();
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    shown.to_string()
}

/// One cell of an export.
pub enum Cell<'a> {
    /// Stays text in Excel (codes like 007, barcodes); empty text leaves the cell blank.
    Text(&'a str),
    Num(f64),
}

/// Writes one sheet row by row, remembering how wide each column has to be.
pub struct SheetWriter {
    ws: Worksheet,
    widths: Vec<usize>,
    next: u32,
}

impl SheetWriter {
    pub fn new(name: &str, headers: &[&str]) -> Result<SheetWriter, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let bold = Format::new().set_bold();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(SheetWriter {
            ws,
            // Bold is a little wider; the autofilter button takes two more.
            widths: headers.iter().map(|h| h.width() + 3).collect(),
            next: 1,
        })
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                Cell::Text("") => 0,
                // Text a spreadsheet would take for a formula is marked as text (the quote
                // prefix): it shows as written and stays text when the cell is edited.
                Cell::Text(s) if crate::io::export::looks_like_formula(s) => {
                    let quoted = Format::new().set_quote_prefix();
                    self.ws
                        .write_string_with_format(self.next, col, *s, &quoted)?;
                    s.width()
                }
                Cell::Text(s) => {
                    self.ws.write_string(self.next, col, *s)?;
                    s.width()
                }
                Cell::Num(n) => {
                    self.ws.write_number(self.next, col, *n)?;
                    n.to_string().len()
                }
            };
            if self.widths.len() <= c {
                self.widths.resize(c + 1, 0);
            }
            self.widths[c] = self.widths[c].max(width);
        }
        self.next += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Worksheet, XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(c as u16, (*w + 1).clamp(6, 60) as f64)?;
        }
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.ws.autofilter(0, 0, self.next - 1, last_col)?;
        Ok(self.ws)
    }
}

/// The workbook file's bytes.
pub fn book(sheets: Vec<Worksheet>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for s in sheets {
        wb.push_worksheet(s);
    }
    wb.save_to_buffer()
}

/// Column names written as one string.
fn words(heads: &str) -> Vec<&str> {
    heads.split(' ').collect()
}

fn num<T: Into<f64>>(v: Option<T>) -> Cell<'static> {
    match v {
        Some(n) => Cell::Num(n.into()),
        None => Cell::Text(""),
    }
}

/// Money as a number when it reads as one.
fn money(v: &Option<String>) -> Cell<'_> {
    match v.as_deref() {
        Some(s) => s.parse::<f64>().map(Cell::Num).unwrap_or(Cell::Text(s)),
        None => Cell::Text(""),
    }
}

/// The sheet sellers keep by hand: one row per SKU with its levels, its status and what
/// every channel publishes; a second sheet has the levels per location, which `import
/// stock` reads back (the first with `--sheet Stock`, into a shop of one location).
pub fn stock_book(
    channels: &[RulesView],
    matrix: &[MatrixRow],
    lines: &[StockLine],
    tick: &mut dyn FnMut(),
) -> Result<Vec<u8>, XlsxError> {
    // `status` is the SKU's status by its stable English name, as `sku list --json` has it;
    // `import stock` passes over it.
    const LEVELS: [&str; 7] = [
        "code",
        "name",
        "on_hand",
        "reserved",
        "available",
        "defective",
        "status",
    ];
    // A channel named like a column stockroom reads would be read as that column.
    let chan_heads: Vec<String> = channels
        .iter()
        .map(|c| {
            if super::import::column_of_header(&c.name).is_some()
                || LEVELS.iter().any(|h| h.eq_ignore_ascii_case(c.name.trim()))
            {
                format!("{} (channel)", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    let mut heads: Vec<&str> = LEVELS.to_vec();
    heads.extend(chan_heads.iter().map(String::as_str));
    let mut totals: HashMap<&str, (u64, u64, u64)> = HashMap::new();
    for l in lines {
        let t = totals.entry(l.code.as_str()).or_default();
        t.0 += l.on_hand;
        t.1 += l.reserved;
        t.2 += l.defective;
    }
    let mut skus: Vec<&MatrixRow> = matrix.iter().collect();
    skus.sort_by(|a, b| a.code.cmp(&b.code));
    let mut sheet = SheetWriter::new("Stock", &heads)?;
    for r in skus {
        let (on_hand, reserved, defective) =
            totals.get(r.code.as_str()).copied().unwrap_or_default();
        let mut cells = vec![
            Cell::Text(&r.code),
            Cell::Text(&r.name),
            Cell::Num(on_hand as f64),
            Cell::Num(reserved as f64),
            Cell::Num(r.available as f64),
            Cell::Num(defective as f64),
            Cell::Text(r.status.as_str()),
        ];
        cells.extend(r.channels.iter().map(|c| Cell::Num(c.published as f64)));
        sheet.row(&cells)?;
        tick();
    }
    let by_loc_heads = "code name location on_hand reserved available defective";
    let mut by_loc = SheetWriter::new(BY_LOCATION, &words(by_loc_heads))?;
    for l in lines {
        by_loc.row(&[
            Cell::Text(&l.code),
            Cell::Text(&l.name),
            Cell::Text(&l.location),
            Cell::Num(l.on_hand as f64),
            Cell::Num(l.reserved as f64),
            Cell::Num(l.available as f64),
            Cell::Num(l.defective as f64),
        ])?;
        tick();
    }
    book(vec![sheet.finish()?, by_loc.finish()?])
}

/// The ledger, with the same columns as the CSV export.
pub fn ledger_book(rows: &[MovementView], tick: &mut dyn FnMut()) -> Result<Vec<u8>, XlsxError> {
    let heads = concat!(
        "seq at actor code location kind qty on_hand_change channel reservation reference note ",
        "on_hand reserved defective"
    );
    let mut sheet = SheetWriter::new("Ledger", &words(heads))?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    for m in rows {
        let (channel, reference, note) = (opt(&m.channel), opt(&m.reference), opt(&m.note));
        let kind = m.kind.to_string();
        sheet.row(&[
            Cell::Num(m.seq as f64),
            Cell::Text(&m.at),
            Cell::Text(&m.actor),
            Cell::Text(&m.code),
            Cell::Text(&m.location),
            Cell::Text(&kind),
            Cell::Num(m.qty as f64),
            Cell::Num(m.on_hand_change as f64),
            Cell::Text(&channel),
            num(m.reservation.map(|r| r as f64)),
            Cell::Text(&reference),
            Cell::Text(&note),
            Cell::Num(m.on_hand as f64),
            Cell::Num(m.reserved as f64),
            Cell::Num(m.defective as f64),
        ])?;
        tick();
    }
    book(vec![sheet.finish()?])
}

/// The catalog, importable back with `import skus`.
pub fn catalog_book(rows: &[CatalogRow], tick: &mut dyn FnMut()) -> Result<Vec<u8>, XlsxError> {
    let heads = "code name barcode supplier lead_days min safety pack cost price archived";
    let mut sheet = SheetWriter::new("SKUs", &words(heads))?;
    for r in rows {
        let barcodes = r.barcodes.join(" ");
        sheet.row(&[
            Cell::Text(&r.code),
            Cell::Text(&r.name),
            Cell::Text(&barcodes),
            Cell::Text(r.supplier.as_deref().unwrap_or("")),
            Cell::Num(f64::from(r.lead_days)),
            num(r.min_stock.map(|n| n as f64)),
            num(r.safety_stock.map(|n| n as f64)),
            Cell::Num(r.pack_size as f64),
            money(&r.cost),
            money(&r.price),
            Cell::Text(if r.archived { "true" } else { "false" }),
        ])?;
        tick();
    }
    book(vec![sheet.finish()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_a_sheet_names_them() {
        let names: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            names,
            ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(cell_text(&Data::Float(240.0)), "240");
        assert_eq!(cell_text(&Data::Float(185.5)), "185.5");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(cell_text(&Data::Float(-0.0)), "0");
        assert_eq!(
            cell_text(&Data::Float(4_600_000_000_017.0)),
            "4600000000017"
        );
        assert_eq!(cell_text(&Data::Int(12)), "12");
        assert_eq!(cell_text(&Data::String(" Чай ".into())), "Чай");
    }

    #[test]
    fn a_written_sheet_reads_back_as_a_table() {
        let mut s = SheetWriter::new("S", &["code", "qty"]).unwrap();
        s.row(&[Cell::Text("007"), Cell::Num(3.0)]).unwrap();
        let bytes = book(vec![s.finish().unwrap()]).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range("S").unwrap();
        let t = table_of("t.xlsx", &range).unwrap();
        assert_eq!(t.headers, vec!["code", "qty"]);
        assert_eq!(t.rows, vec![(2, vec!["007".to_string(), "3".to_string()])]);
    }
}
