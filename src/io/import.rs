//! From a decoded table to import rows: header aliases in English and Russian,
//! numbers as people write them, and every bad cell reported as FILE:LINE:COLUMN.

use crate::domain::limits;
use crate::domain::{self, parse_count, parse_money};
use crate::i18n::{self, Lang};
use crate::inventory::{FieldProblem, KitRow, Located, RowError, SkuSpec, StockRow};

use super::table::{NotText, Table};

/// The columns stockroom understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Code,
    Name,
    Barcode,
    Supplier,
    Qty,
    Location,
    Min,
    Safety,
    Cost,
    Price,
    LeadDays,
    Pack,
    /// A kit's components: `TEA-001:1,HONEY-01:1`.
    Kit,
    /// Archived or not: what `export skus` writes, read back.
    Archived,
}

impl Column {
    /// The field name used in messages and `Located::columns`.
    pub fn field(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::Name => "name",
            Column::Barcode => "barcode",
            Column::Supplier => "supplier",
            Column::Qty => "quantity",
            Column::Location => "location",
            Column::Min => "min",
            Column::Safety => "safety",
            Column::Cost => "cost",
            Column::Price => "price",
            Column::LeadDays => "lead_days",
            Column::Pack => "pack",
            Column::Kit => "kit",
            Column::Archived => "archived",
        }
    }
}

/// Header names people use, lower case.
const ALIASES: &[(&str, Column)] = &[
    ("code", Column::Code),
    ("sku", Column::Code),
    ("артикул", Column::Code),
    ("код", Column::Code),
    ("name", Column::Name),
    ("наименование", Column::Name),
    ("название", Column::Name),
    ("barcode", Column::Barcode),
    ("ean", Column::Barcode),
    ("штрихкод", Column::Barcode),
    ("штрих-код", Column::Barcode),
    ("штрих код", Column::Barcode),
    ("supplier", Column::Supplier),
    ("поставщик", Column::Supplier),
    ("qty", Column::Qty),
    ("quantity", Column::Qty),
    ("stock", Column::Qty),
    ("on_hand", Column::Qty),
    ("остаток", Column::Qty),
    ("количество", Column::Qty),
    ("кол-во", Column::Qty),
    ("location", Column::Location),
    ("warehouse", Column::Location),
    ("склад", Column::Location),
    ("min", Column::Min),
    ("min_stock", Column::Min),
    ("мин. остаток", Column::Min),
    ("мин остаток", Column::Min),
    ("минимальный остаток", Column::Min),
    ("safety", Column::Safety),
    ("safety_stock", Column::Safety),
    ("страховой запас", Column::Safety),
    ("cost", Column::Cost),
    ("себестоимость", Column::Cost),
    ("закупочная цена", Column::Cost),
    ("price", Column::Price),
    ("цена", Column::Price),
    ("lead_days", Column::LeadDays),
    ("срок поставки", Column::LeadDays),
    ("pack", Column::Pack),
    ("pack_size", Column::Pack),
    ("кратность", Column::Pack),
    ("kit", Column::Kit),
    ("components", Column::Kit),
    ("набор", Column::Kit),
    ("комплект", Column::Kit),
    ("состав", Column::Kit),
    ("archived", Column::Archived),
    ("архив", Column::Archived),
    ("в архиве", Column::Archived),
];

pub fn column_of_header(h: &str) -> Option<Column> {
    // Spaces as a sheet's header may have them: "Штрих  код", "мин.\u{a0}остаток".
    let h = h
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    ALIASES.iter().find(|(a, _)| *a == h).map(|(_, c)| *c)
}

/// Where each known column stands (0-based index).
pub struct Layout {
    cols: Vec<(Column, usize)>,
    /// Barcode columns after the first ("barcode" and "ean" side by side): a SKU may have
    /// several barcodes, so every one of them is read, none dropped.
    more_barcodes: Vec<usize>,
    /// Other fields' columns after the first: not read, but a value there that differs
    /// from the first column's is the row's error (two stock columns are not one).
    repeated: Vec<(Column, usize)>,
}

/// A column of a catalog or stock file whose cells an import does not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// A header no field of stockroom's has (a typo like "barcod", the seller's own column).
    Unknown(String),
    /// A second column of a field read once: the first is read.
    Repeated(String),
    /// A field `import skus` reads and `import stock` does not (a price, a supplier, a second
    /// way to name the SKU).
    NotForStock(String),
    /// A column without a header that holds cells (its 1-based number).
    NoHeader(usize),
}

/// The columns of a file an import of the catalog (`stock` false) or of the stock (`stock`
/// true) does not read, in the file's order: their cells are not imported, so the user
/// is told.
pub fn unread_columns(t: &Table, stock: bool) -> Vec<Unread> {
    let layout = Layout::of(t);
    // What each import reads, as `sku_rows` and `stock_rows` read it.
    let read: Vec<usize> = if stock {
        let key = if layout.has(Column::Code) {
            Column::Code
        } else {
            Column::Barcode
        };
        [key, Column::Qty, Column::Location]
            .into_iter()
            .filter_map(|c| layout.index(c))
            .collect()
    } else {
        let first = layout.cols.iter().map(|(_, i)| *i);
        first.chain(layout.more_barcodes.iter().copied()).collect()
    };
    let mut out = Vec::new();
    for (i, h) in t.headers.iter().enumerate() {
        if read.contains(&i) {
            continue;
        }
        let header = h.trim().trim_start_matches('\u{feff}').trim();
        out.extend(match column_of_header(header) {
            _ if header.is_empty() => t
                .rows
                .iter()
                .any(|(_, cells)| cells.get(i).is_some_and(|c| !c.trim().is_empty()))
                .then_some(Unread::NoHeader(i + 1)),
            None => Some(Unread::Unknown(header.to_string())),
            // The first column of its field, which this import does not read.
            Some(c) if layout.index(c) == Some(i) => Some(Unread::NotForStock(header.to_string())),
            Some(_) => Some(Unread::Repeated(header.to_string())),
        });
    }
    out
}

impl Layout {
    pub fn of(t: &Table) -> Layout {
        let mut cols: Vec<(Column, usize)> = Vec::new();
        let mut more_barcodes = Vec::new();
        let mut repeated = Vec::new();
        for (i, h) in t.headers.iter().enumerate() {
            if let Some(c) = column_of_header(h) {
                if !cols.iter().any(|(k, _)| *k == c) {
                    cols.push((c, i));
                } else if c == Column::Barcode {
                    more_barcodes.push(i);
                } else {
                    repeated.push((c, i));
                }
            }
        }
        Layout {
            cols,
            more_barcodes,
            repeated,
        }
    }
    pub fn has(&self, c: Column) -> bool {
        self.cols.iter().any(|(k, _)| *k == c)
    }
    fn index(&self, c: Column) -> Option<usize> {
        self.cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i)
    }
    fn columns(&self) -> Vec<(String, u64)> {
        self.cols
            .iter()
            .map(|(c, i)| (c.field().to_string(), *i as u64 + 1))
            .collect()
    }
}

fn problem_text(field: &str, value: &str, p: FieldProblem) -> String {
    let v = if value.is_empty() {
        String::new()
    } else {
        format!(" {:?}", crate::domain::limits::cut(value))
    };
    match i18n::lang() {
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
    }
}

/// Reads one row's cells, collecting problems instead of stopping at the first.
struct RowReader<'a> {
    file: &'a str,
    line: u64,
    cells: &'a [String],
    layout: &'a Layout,
    errors: Vec<RowError>,
    /// The table's cells whose number a spreadsheet did not keep exactly.
    inexact: &'a [(u64, usize, NotText)],
}

impl<'a> RowReader<'a> {
    fn cell(&self, c: Column) -> Option<&'a str> {
        self.cell_at(self.layout.index(c)?)
    }
    /// The barcodes of every barcode column, split where a cell holds several, each with
    /// its 0-based column.
    fn barcodes(&self) -> Vec<(String, usize)> {
        let first = self.layout.index(Column::Barcode);
        first
            .into_iter()
            .chain(self.layout.more_barcodes.iter().copied())
            .filter_map(|i| Some((self.cell_at(i)?, i)))
            .flat_map(|(b, i)| {
                b.split(|c: char| matches!(c, ',' | ';' | '|') || c.is_whitespace())
                    .map(move |b| (b, i))
            })
            .filter(|(s, _)| !s.is_empty())
            .map(|(s, i)| (s.to_string(), i))
            .collect()
    }
    fn cell_at(&self, i: usize) -> Option<&'a str> {
        self.cells
            .get(i)
            .map(String::as_str)
            // What our exports guarded against formulas (`'=1+2`) reads back as written.
            .map(|s| match s.strip_prefix('\'') {
                Some(rest) if crate::io::export::looks_like_formula(rest) => rest,
                _ => s,
            })
            .filter(|s| !s.is_empty())
    }
    /// A code, barcode, location or kit cell that a spreadsheet holds as something else
    /// than the text typed (a long number, a date, TRUE) is this row's error, at that cell.
    fn check_exact(&mut self) {
        let keys = [
            self.layout.index(Column::Code),
            self.layout.index(Column::Barcode),
            self.layout.index(Column::Location),
            self.layout.index(Column::Kit),
        ];
        let bars = self.layout.more_barcodes.iter().copied().map(Some);
        for i in keys.into_iter().chain(bars).flatten() {
            let field = self
                .layout
                .cols
                .iter()
                .find(|(_, k)| *k == i)
                .map_or(Column::Barcode, |(c, _)| *c)
                .field();
            let value = self.cell_at(i).unwrap_or("");
            if let Some(e) = not_text_error(self.file, self.inexact, self.line, i, field, value) {
                self.errors.push(e);
            }
        }
    }
    /// A field's second column holding another value than its first: which one is meant
    /// is not for the import to guess. Texts are left to the notice of columns not read (a
    /// catalog often has a short and a full name side by side); numbers, codes, locations
    /// and kits are not.
    fn check_repeats(&mut self, headers: &[String]) {
        for &(c, j) in &self.layout.repeated {
            if matches!(c, Column::Name | Column::Supplier) {
                continue;
            }
            let (Some(i), Some(other)) = (self.layout.index(c), self.cell_at(j)) else {
                continue;
            };
            let first = self.cell_at(i).unwrap_or("");
            if same_value(c, first, other) {
                continue;
            }
            let e = columns_differ(self.file, headers, self.line, (i, first), (j, other));
            self.errors.push(e);
        }
    }
    fn fail(&mut self, c: Column, value: &str, p: FieldProblem) {
        let column = self.layout.index(c).map(|i| i as u64 + 1).unwrap_or(1);
        self.errors.push(RowError {
            file: self.file.to_string(),
            line: self.line,
            column,
            message: problem_text(c.field(), value, p).into(),
        });
    }
    fn required(&mut self, c: Column) -> Option<String> {
        match self.cell(c) {
            Some(v) => Some(v.to_string()),
            None => {
                self.fail(c, "", FieldProblem::Empty);
                None
            }
        }
    }
    fn count(&mut self, c: Column) -> Option<u64> {
        let v = self.cell(c)?;
        // Excel writes "1 200" for 1200.
        let cleaned: String = v
            .chars()
            .filter(|ch| !matches!(ch, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        match parse_count(&cleaned) {
            Ok(n) => Some(n),
            Err(e) => {
                self.fail(c, v, e.into());
                None
            }
        }
    }
    /// A whole number up to `max`; above it the message names `max` itself.
    fn limited(&mut self, c: Column, max: u64) -> Option<u64> {
        let v = self.cell(c)?;
        let cleaned: String = v
            .chars()
            .filter(|ch| !matches!(ch, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        match parse_count(&cleaned) {
            Ok(n) if n <= max => Some(n),
            Ok(_) | Err(domain::NumberError::TooLarge) => {
                self.fail(
                    c,
                    v,
                    FieldProblem::AtMost {
                        max: max.to_string(),
                    },
                );
                None
            }
            Err(e) => {
                self.fail(c, v, e.into());
                None
            }
        }
    }
    fn money(&mut self, c: Column) -> Option<domain::Money> {
        let v = self.cell(c)?;
        match parse_money(v) {
            Ok(n) => Some(n),
            Err(e) => {
                self.fail(c, v, crate::inventory::money_problem(e));
                None
            }
        }
    }
    fn text(&self, c: Column) -> Option<String> {
        self.cell(c).map(str::to_string)
    }
    /// A yes or no: true/false (as exports and spreadsheets write them), yes/no, да/нет, 1/0.
    fn flag(&mut self, c: Column) -> Option<bool> {
        let v = self.cell(c)?;
        if v.trim().is_empty() {
            return None;
        }
        match flag_word(v) {
            Some(b) => Some(b),
            None => {
                let words = ["true", "false", "yes", "no", "да", "нет", "1", "0"];
                self.fail(c, v, FieldProblem::OneOf(words.map(String::from).to_vec()));
                None
            }
        }
    }
}

/// The error of a cell a spreadsheet holds as something else than text (see
/// `Table::inexact`), in a column whose value is a name for something (a code, a barcode,
/// a location): `col` is 0-based; None when the cell is plain.
pub(crate) fn not_text_error(
    file: &str,
    inexact: &[(u64, usize, NotText)],
    line: u64,
    col: usize,
    field: &str,
    value: &str,
) -> Option<RowError> {
    // In (line, column) order as the sheet was read: a search, not a scan a row.
    let at = inexact
        .binary_search_by_key(&(line, col), |(l, c, _)| (*l, *c))
        .ok()?;
    let name = i18n::field_name(field);
    let shown = crate::domain::limits::cut(value);
    let what = match (inexact[at].2, i18n::lang()) {
        (NotText::Date, Lang::En) => format!(
            "{name} {shown:?} is a date or time cell, not text: Excel turns values like 3-12 \
             or 1/2 into dates as they are typed, so what was typed is no longer in the file. \
             Format the column as Text and type the value again."
        ),
        (NotText::Date, Lang::Ru) => format!(
            "{name} {shown:?}: ячейка с датой или временем, а не текстом. Excel превращает \
             значения вроде 3-12 или 1/2 в даты при вводе, и набранного в файле уже нет. \
             Задайте столбцу формат «Текстовый» и введите значение заново."
        ),
        (NotText::Bool, Lang::En) => format!(
            "{name} {shown:?} is a TRUE/FALSE cell, not text. Format the column as Text and \
             type the value again."
        ),
        (NotText::Bool, Lang::Ru) => format!(
            "{name} {shown:?}: логическая ячейка (ИСТИНА/ЛОЖЬ), а не текст. Задайте столбцу \
             формат «Текстовый» и введите значение заново."
        ),
        (NotText::Number, Lang::En) => format!(
            "{name} {shown:?} is a number cell, not text: a number of more than 15 digits \
             (Excel keeps 15, so the file may not hold the digits typed) or with a fraction. \
             Format the column as Text and type the value again."
        ),
        (NotText::Number, Lang::Ru) => format!(
            "{name} {shown:?}: ячейка числовая, а не текстовая. Число длиннее 15 цифр (Excel \
             хранит только 15, и в файле могут быть не те цифры, что вводили) или с дробной \
             частью. Задайте столбцу формат «Текстовый» и введите значение заново."
        ),
    };
    Some(RowError {
        file: file.to_string(),
        line,
        column: col as u64 + 1,
        message: what.into(),
    })
}

/// Two columns of one field holding different values in a row: the row's error, at the
/// second column (`i` and `j` 0-based, the first read and the second).
pub(crate) fn columns_differ(
    file: &str,
    headers: &[String],
    line: u64,
    (i, first): (usize, &str),
    (j, other): (usize, &str),
) -> RowError {
    let head =
        |k: usize| crate::domain::limits::cut(headers.get(k).map_or("", |h| h.trim())).to_string();
    let (a, b) = (
        crate::domain::limits::cut(first),
        crate::domain::limits::cut(other),
    );
    let what = match i18n::lang() {
        Lang::En => format!(
            "column «{}» ({}) is {:?}, but column «{}» ({}), the same field, is {:?}: keep one \
             of the two columns",
            head(j),
            j + 1,
            b,
            head(i),
            i + 1,
            a
        ),
        Lang::Ru => format!(
            "в столбце «{}» ({}) {:?}, а в столбце «{}» ({}), том же поле, {:?}: оставьте один \
             из двух столбцов",
            head(j),
            j + 1,
            b,
            head(i),
            i + 1,
            a
        ),
    };
    RowError {
        file: file.to_string(),
        line,
        column: j as u64 + 1,
        message: what.into(),
    }
}

/// A yes or no as people write it, in any case: true/false, yes/no, да/нет, истина/ложь, 1/0.
fn flag_word(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" | "да" | "истина" => Some(true),
        "false" | "no" | "0" | "нет" | "ложь" => Some(false),
        _ => None,
    }
}

/// Whether two cells of one field say the same: codes and locations as they are compared
/// (any case or width), numbers and money by their value.
fn same_value(c: Column, a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a == b {
        return true;
    }
    let count = |s: &str| {
        let s: String = s
            .chars()
            .filter(|ch| !matches!(ch, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        parse_count(&s).ok()
    };
    // A kit's components in any order and case.
    let parts = |s: &str| {
        crate::inventory::kits::parse_components(s).ok().map(|v| {
            let mut v: Vec<(String, u64)> = v
                .into_iter()
                .map(|(c, q)| (limits::code_key(&c), q))
                .collect();
            v.sort();
            v
        })
    };
    match c {
        Column::Code => limits::code_key(a) == limits::code_key(b),
        Column::Kit => matches!((parts(a), parts(b)), (Some(x), Some(y)) if x == y),
        Column::Archived => matches!((flag_word(a), flag_word(b)), (Some(x), Some(y)) if x == y),
        Column::Location => limits::name_key(a) == limits::name_key(b),
        Column::Cost | Column::Price => {
            matches!((parse_money(a), parse_money(b)), (Ok(x), Ok(y)) if x == y)
        }
        Column::Qty | Column::Min | Column::Safety | Column::Pack | Column::LeadDays => {
            matches!((count(a), count(b)), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}

/// The rows of an import: ready for the engine, or every problem found.
pub struct Parsed<T> {
    pub rows: Vec<Located<T>>,
    pub errors: Vec<RowError>,
}

fn missing_column(t: &Table, c: Column) -> RowError {
    RowError {
        file: t.file.clone(),
        line: 1,
        column: 1,
        message: match i18n::lang() {
            Lang::En => format!(
                "no {} column in the header (expected e.g. {:?}); the headers found are {:?}",
                c.field(),
                aliases_of(c),
                found_headers(t)
            ),
            Lang::Ru => format!(
                "в заголовке нет столбца {} (ожидается, например, {:?}); найдены заголовки {:?}",
                i18n::field_name(c.field()),
                aliases_of(c),
                found_headers(t)
            ),
        }
        .into(),
    }
}

/// The file's headers as a message may show them: each cut to 80 characters, at most 20.
fn found_headers(t: &Table) -> Vec<String> {
    let mut out: Vec<String> = t
        .headers
        .iter()
        .take(20)
        .map(|h| crate::domain::limits::cut(h))
        .collect();
    if t.headers.len() > 20 {
        out.push("…".into());
    }
    out
}

fn aliases_of(c: Column) -> Vec<&'static str> {
    ALIASES
        .iter()
        .filter(|(_, k)| *k == c)
        .map(|(a, _)| *a)
        .take(3)
        .collect()
}

fn check_width(r: &mut RowReader, t: &Table) -> bool {
    let (have, want) = (r.cells.len(), t.headers.len());
    // Short: the cells from the first missing one. Long: a cell past the header means a
    // row shifted by a stray separator, its values under the wrong columns (a quantity
    // read as a location); empty cells there (a trailing separator) are harmless.
    let (column, shifted) = if have < want {
        (have, false)
    } else {
        match r.cells[want..].iter().position(|c| !c.trim().is_empty()) {
            Some(extra) => (want + extra, true),
            None => return true,
        }
    };
    let (en, ru) = if shifted {
        (
            ": a cell past the header means the row is shifted (a stray separator?)",
            ": ячейка правее заголовка значит, что строка сдвинута (лишний разделитель?)",
        )
    } else {
        ("", "")
    };
    let (file, line) = (r.file.to_string(), r.line);
    r.errors.push(RowError {
        file,
        line,
        column: column as u64 + 1,
        message: match i18n::lang() {
            Lang::En => format!("the row has {have} fields, the header has {want}{en}"),
            Lang::Ru => format!("в строке {have} полей, в заголовке {want}{ru}"),
        }
        .into(),
    });
    false
}

/// SKU rows, plus stock rows when the file has a quantity column.
/// The layout for the first row of an import; the later rows share it (`Located::column_in`).
fn first_only(columns: &[(String, u64)], first: bool) -> Vec<(String, u64)> {
    if first { columns.to_vec() } else { Vec::new() }
}

pub fn sku_rows(t: &Table) -> (Parsed<SkuSpec>, Vec<Located<StockRow>>) {
    let layout = Layout::of(t);
    // The halves' own vectors become these (`sku_rows_split`): nothing sized twice.
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let stock = Vec::new();
    for c in [Column::Code, Column::Name] {
        if !layout.has(c) {
            out.errors.push(missing_column(t, c));
        }
    }
    if !out.errors.is_empty() {
        return (out, stock);
    }
    let columns = layout.columns();
    // A big file is read in two halves on the two cores; rows keep their order.
    let half = if t.rows.len() >= PARALLEL_ROWS {
        t.rows.len() / 2
    } else {
        t.rows.len()
    };
    sku_rows_split(t, layout, columns, half, out, stock)
}

/// `sku_rows` with the rows from `at` on read on a second core.
fn sku_rows_split(
    t: &Table,
    layout: Layout,
    columns: Vec<(String, u64)>,
    at: usize,
    mut out: Parsed<SkuSpec>,
    mut stock: Vec<Located<StockRow>>,
) -> (Parsed<SkuSpec>, Vec<Located<StockRow>>) {
    let (first, second) = t.rows.split_at(at.min(t.rows.len()));
    let (one, two) = std::thread::scope(|s| {
        let two =
            (!second.is_empty()).then(|| s.spawn(|| sku_rows_of(t, &layout, &columns, second)));
        let one = sku_rows_of(t, &layout, &columns, first);
        (
            one,
            two.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        )
    });
    for (mut rows, mut more, mut errors) in std::iter::once(one).chain(two) {
        // Each half gave the layout to its own first row; it travels with the file's
        // first row only (`Located::column_in`).
        if !out.rows.is_empty()
            && let Some(r) = rows.first_mut()
        {
            r.columns.drain(..columns.len());
        }
        if !stock.is_empty()
            && let Some(r) = more.first_mut()
        {
            r.columns.clear();
        }
        // The first half's vectors are taken as they are; the second is appended.
        if out.rows.is_empty() {
            out.rows = rows;
        } else {
            out.rows.append(&mut rows);
        }
        if stock.is_empty() {
            stock = more;
        } else {
            stock.append(&mut more);
        }
        out.errors.append(&mut errors);
    }
    (out, stock)
}

/// Rows at which `sku_rows` reads a file in two halves on the two cores.
const PARALLEL_ROWS: usize = 20_000;

/// One run of rows of a SKU file: the SKUs, the stock rows, the errors. The first SKU and
/// the first stock row read carry the layout.
type SkuPart = (Vec<Located<SkuSpec>>, Vec<Located<StockRow>>, Vec<RowError>);

fn sku_rows_of(
    t: &Table,
    layout: &Layout,
    columns: &[(String, u64)],
    lines: &[(u64, Vec<String>)],
) -> SkuPart {
    let mut out = Vec::with_capacity(lines.len());
    let mut stock = Vec::with_capacity(if layout.has(Column::Qty) {
        lines.len()
    } else {
        0
    });
    let mut errors = Vec::new();
    for (line, cells) in lines {
        let mut r = RowReader {
            file: &t.file,
            line: *line,
            cells,
            layout,
            errors: Vec::new(),
            inexact: &t.inexact,
        };
        if !check_width(&mut r, t) {
            errors.append(&mut r.errors);
            continue;
        }
        r.check_exact();
        r.check_repeats(&t.headers);
        let code = r.required(Column::Code);
        let name = r.required(Column::Name);
        let barcodes = r.barcodes();
        // Where a barcode came from another barcode column than the first, the row says
        // so: a problem with it then names its own column.
        let first_bar = layout.index(Column::Barcode);
        let own: Vec<(String, u64)> = barcodes
            .iter()
            .filter(|(_, i)| Some(*i) != first_bar)
            .map(|(b, i)| (format!("barcode={b}"), *i as u64 + 1))
            .collect();
        let spec = SkuSpec {
            code: code.clone().unwrap_or_default(),
            name,
            barcodes: barcodes.into_iter().map(|(b, _)| b).collect(),
            supplier: r.text(Column::Supplier),
            lead_days: r
                .limited(Column::LeadDays, limits::MAX_LEAD_DAYS)
                .map(|n| n as u32),
            min_stock: r.limited(Column::Min, limits::MAX_QTY),
            safety_stock: r.limited(Column::Safety, limits::MAX_QTY),
            pack_size: r.limited(Column::Pack, limits::MAX_PACK),
            cost: r.money(Column::Cost),
            price: r.money(Column::Price),
            archived: r.flag(Column::Archived),
        };
        let qty = r.count(Column::Qty);
        if r.errors.is_empty() {
            if let (Some(code), Some(q)) = (code, qty) {
                stock.push(Located {
                    line: *line,
                    columns: first_only(columns, stock.is_empty()),
                    row: StockRow {
                        sku: code,
                        location: r.text(Column::Location),
                        on_hand: q,
                    },
                });
            }
            let mut row_columns = first_only(columns, out.is_empty());
            row_columns.extend(own);
            out.push(Located {
                line: *line,
                columns: row_columns,
                row: spec,
            });
        } else {
            errors.append(&mut r.errors);
        }
    }
    (out, stock, errors)
}

/// The kits of a SKU file: each row whose `kit` cell names components (an empty cell leaves
/// the SKU as it is). A malformed list is the row's error, at the `kit` column.
pub fn kit_rows(t: &Table) -> Parsed<KitRow> {
    let layout = Layout::of(t);
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    if !layout.has(Column::Kit) || !layout.has(Column::Code) {
        return out;
    }
    let columns = layout.columns();
    for (line, cells) in &t.rows {
        let r = RowReader {
            file: &t.file,
            line: *line,
            cells,
            layout: &layout,
            errors: Vec::new(),
            inexact: &t.inexact,
        };
        let (Some(code), Some(v)) = (r.cell(Column::Code), r.cell(Column::Kit)) else {
            continue;
        };
        match crate::inventory::kits::parse_components(v) {
            Ok(components) => out.rows.push(Located {
                line: *line,
                columns: first_only(&columns, out.rows.is_empty()),
                row: KitRow {
                    sku: code.to_string(),
                    components,
                },
            }),
            Err(e) => out.errors.push(RowError {
                file: t.file.clone(),
                line: *line,
                column: layout.index(Column::Kit).map_or(1, |i| i as u64 + 1),
                message: e.into(),
            }),
        }
    }
    out
}

/// Stock rows: code or barcode, quantity, optional location.
pub fn stock_rows(t: &Table) -> Parsed<StockRow> {
    let layout = Layout::of(t);
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let key = if layout.has(Column::Code) {
        Column::Code
    } else {
        Column::Barcode
    };
    for c in [key, Column::Qty] {
        if !layout.has(c) {
            out.errors.push(missing_column(t, c));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let columns = layout.columns();
    for (line, cells) in &t.rows {
        let mut r = RowReader {
            file: &t.file,
            line: *line,
            cells,
            layout: &layout,
            errors: Vec::new(),
            inexact: &t.inexact,
        };
        if !check_width(&mut r, t) {
            out.errors.append(&mut r.errors);
            continue;
        }
        r.check_exact();
        r.check_repeats(&t.headers);
        let sku = r.required(key);
        let qty = match r.cell(Column::Qty) {
            Some(_) => r.count(Column::Qty),
            None => {
                r.fail(Column::Qty, "", FieldProblem::Empty);
                None
            }
        };
        if let (Some(sku), Some(on_hand), true) = (sku, qty, r.errors.is_empty()) {
            out.rows.push(Located {
                line: *line,
                columns: first_only(&columns, out.rows.is_empty()),
                row: StockRow {
                    sku,
                    location: r.text(Column::Location),
                    on_hand,
                },
            });
        } else {
            out.errors.append(&mut r.errors);
        }
    }
    out
}

/// A handheld's count export: code or barcode, and a quantity (1 when there is no column).
pub fn count_rows(t: &Table) -> Parsed<crate::inventory::stocktake::CountRow> {
    let layout = Layout::of(t);
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let key = if layout.has(Column::Code) {
        Column::Code
    } else {
        Column::Barcode
    };
    if !layout.has(key) {
        out.errors.push(missing_column(t, Column::Barcode));
        return out;
    }
    let columns = layout.columns();
    for (line, cells) in &t.rows {
        let mut r = RowReader {
            file: &t.file,
            line: *line,
            cells,
            layout: &layout,
            errors: Vec::new(),
            inexact: &t.inexact,
        };
        if !check_width(&mut r, t) {
            out.errors.append(&mut r.errors);
            continue;
        }
        r.check_exact();
        r.check_repeats(&t.headers);
        let sku = r.required(key);
        let qty = if layout.has(Column::Qty) {
            match r.cell(Column::Qty) {
                Some(_) => r.count(Column::Qty),
                None => {
                    r.fail(Column::Qty, "", FieldProblem::Empty);
                    None
                }
            }
        } else {
            Some(1)
        };
        match (sku, qty, r.errors.is_empty()) {
            (Some(sku), Some(qty), true) => out.rows.push(Located {
                line: *line,
                columns: columns.clone(),
                row: crate::inventory::stocktake::CountRow { sku, qty },
            }),
            _ => out.errors.append(&mut r.errors),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A cell of a SKU file: good, empty, or bad for its column.
    fn cell(good: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(good).prop_map(str::to_string),
            1 => Just(String::new()),
            1 => Just("ab\u{7}c".to_string()),
        ]
    }

    fn table(with_stock: bool) -> impl Strategy<Value = Table> {
        let row = (
            cell(&["A-1", "B-2", "ЙОД-1", "x"]),
            cell(&["Чай", "Мёд «Липа»", "Tea"]),
            cell(&["4600000000017", "4600000000024, 4600000000031", "12345678"]),
            cell(&["0", "7", "1 234", "-3", "1e5"]),
            cell(&["Склад", "Полка Б"]),
            0..6usize,
        );
        prop::collection::vec(row, 0..40).prop_map(move |rows| {
            let mut headers = vec!["Артикул", "Наименование", "Штрихкод"];
            if with_stock {
                headers.extend(["Остаток", "Склад"]);
            }
            Table {
                file: "f.csv".into(),
                headers: headers.into_iter().map(str::to_string).collect(),
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (c, n, b, q, l, width))| {
                        let mut cells = vec![c, n, b, q, l];
                        cells.truncate(if with_stock { 5 } else { 3 });
                        // Now and then a row shorter than the header.
                        if width == 0 {
                            cells.truncate(1);
                        }
                        (i as u64 + 2, cells)
                    })
                    .collect(),
                inexact: Vec::new(),
            }
        })
    }

    fn split(t: &Table, at: usize) -> (Parsed<SkuSpec>, Vec<Located<StockRow>>) {
        let layout = Layout::of(t);
        let columns = layout.columns();
        let out = Parsed {
            rows: Vec::new(),
            errors: Vec::new(),
        };
        sku_rows_split(t, layout, columns, at, out, Vec::new())
    }

    proptest! {
        /// Read in two halves on two cores, a file gives what one pass gives: the same
        /// rows, stock rows and errors in order, and the layout on the first row only.
        #[test]
        fn two_halves_read_as_one_pass(t in prop_oneof![table(true), table(false)], at in 0..45usize) {
            let (one, one_stock) = split(&t, t.rows.len());
            let (two, two_stock) = split(&t, at);
            prop_assert_eq!(&one.rows, &two.rows);
            prop_assert_eq!(&one.errors, &two.errors);
            prop_assert_eq!(&one_stock, &two_stock);
            // The layout travels with the first row only.
            if let Some(first) = one.rows.first() {
                prop_assert!(first.columns.len() >= 3);
            }
            prop_assert!(one.rows.iter().skip(1).all(|r| r.columns.iter().all(|(c, _)| c.starts_with("barcode="))));
        }
    }
}
