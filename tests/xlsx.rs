//! Excel in and out through the real binary: .xlsx imports read into the same table a
//! CSV file does (so every rule applies), and `export stock --format xlsx` imports back.
//! Workbooks are made here with rust_xlsxwriter; exports are read back with calamine.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

/// A temp dir that is HOME and the working directory, with a database path in it.
struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Run {
        let o = Command::new(BIN)
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("STOCKROOM_LANG", "en")
            .env_remove("STOCKROOM_DB")
            .output()
            .expect("run stockroom");
        Run {
            code: o.status.code().expect("not killed"),
            stdout: String::from_utf8(o.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(o.stderr).expect("UTF-8 stderr"),
        }
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "stockroom {args:?} failed:\n{}\n{}",
            r.stdout, r.stderr
        );
        r
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let r = self.ok(&all);
        serde_json::from_str(&r.stdout).expect("one JSON document")
    }
}

/// A cell the test writes: text stays text (even "12"), numbers are numbers.
enum C {
    T(&'static str),
    N(f64),
}

/// Writes rows to a sheet; `None` leaves the whole row empty.
fn sheet(name: &str, rows: &[Option<&[C]>]) -> Worksheet {
    let mut ws = Worksheet::new();
    ws.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().flat_map(|cells| cells.iter()).enumerate() {
            match cell {
                C::T(s) => ws.write_string(r as u32, c as u16, *s).unwrap(),
                C::N(n) => ws.write_number(r as u32, c as u16, *n).unwrap(),
            };
        }
    }
    ws
}

fn workbook(path: &Path, sheets: Vec<Worksheet>) {
    let mut wb = Workbook::new();
    for s in sheets {
        wb.push_worksheet(s);
    }
    wb.save(path).unwrap();
}

const CATALOG_HEAD: &[C] = &[
    C::T("Артикул"),
    C::T("Наименование"),
    C::T("Штрихкод"),
    C::T("Остаток"),
    C::T("Цена"),
];

#[test]
fn skus_import_from_xlsx_with_cyrillic_text_numbers_and_empty_rows() {
    let env = Env::new();
    let file = env.path("catalog.xlsx");
    workbook(
        &file,
        vec![sheet(
            "Каталог",
            &[
                Some(CATALOG_HEAD),
                Some(&[
                    C::T("TEA-001"),
                    C::T("Чай зелёный «Сенча», 50 г"),
                    C::N(4_600_000_000_017.0),
                    C::N(240.0),
                    C::N(185.5),
                ]),
                None,
                Some(&[
                    C::T("МЁД-02"),
                    C::T("Мёд липовый"),
                    C::T("4600000000024"),
                    C::T("12"),
                    C::T("350"),
                ]),
                None,
            ],
        )],
    );
    let r = env.ok(&["import", "skus", "catalog.xlsx"]);
    assert!(r.stdout.contains("2 rows"), "{}", r.stdout);

    let tea = env.json(&["sku", "show", "TEA-001"]);
    assert_eq!(tea["name"], "Чай зелёный «Сенча», 50 г");
    assert_eq!(tea["barcodes"][0], "4600000000017");
    assert_eq!(tea["on_hand"], 240);
    assert_eq!(tea["price"], "185.50");
    let honey = env.json(&["sku", "show", "4600000000024"]);
    assert_eq!(honey["code"], "МЁД-02");
    assert_eq!(honey["on_hand"], 12);
    assert_eq!(honey["price"], "350.00");
}

#[test]
fn a_bad_row_fails_the_whole_xlsx_file_with_file_line_column() {
    let env = Env::new();
    let file = env.path("bad.xlsx");
    workbook(
        &file,
        vec![sheet(
            "Лист1",
            &[
                Some(CATALOG_HEAD),
                Some(&[
                    C::T("A-1"),
                    C::T("Хороший"),
                    C::T(""),
                    C::N(5.0),
                    C::N(10.0),
                ]),
                None,
                Some(&[
                    C::T("A-2"),
                    C::T("Плохой"),
                    C::T(""),
                    C::T("двенадцать"),
                    C::N(10.0),
                ]),
            ],
        )],
    );
    let r = env.run(&["import", "skus", "bad.xlsx"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    // Row 4 of the sheet (after an empty row 3), column D.
    assert!(r.stderr.contains("bad.xlsx:4:4"), "{}", r.stderr);
    assert!(r.stderr.contains("двенадцать"), "{}", r.stderr);
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    assert_eq!(env.json(&["history"]), serde_json::json!([]));
}

/// A 20-digit barcode typed into a number cell: Excel keeps 15 digits, so the file holds
/// another number. It is refused at its cell, in words, and nothing of the file is written;
/// a 13-digit EAN in a number cell reads as it is.
#[test]
fn a_barcode_longer_than_excel_keeps_in_a_number_cell_is_refused() {
    let env = Env::new();
    let file = env.path("long.xlsx");
    workbook(
        &file,
        vec![sheet(
            "Лист1",
            &[
                Some(CATALOG_HEAD),
                Some(&[
                    C::T("A-1"),
                    C::T("Хороший"),
                    C::N(4_600_000_000_017.0),
                    C::N(5.0),
                    C::N(10.0),
                ]),
                Some(&[
                    C::T("A-2"),
                    C::T("Длинный"),
                    C::N(46_000_000_000_000_000_017.0),
                    C::N(5.0),
                    C::N(10.0),
                ]),
                Some(&[
                    C::T("A-3"),
                    C::T("Дробный"),
                    C::N(4_601_234_567_893.5),
                    C::N(5.0),
                    C::N(10.0),
                ]),
            ],
        )],
    );
    let r = env.run(&["import", "skus", "long.xlsx"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("long.xlsx:3:3"), "{}", r.stderr);
    assert!(r.stderr.contains("long.xlsx:4:3"), "{}", r.stderr);
    assert!(r.stderr.contains("15 digits"), "{}", r.stderr);
    assert!(r.stderr.contains("Text"), "{}", r.stderr);
    assert!(!r.stderr.contains("long.xlsx:2:"), "{}", r.stderr);
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));

    // The same file without the long barcode imports, its EAN as typed.
    workbook(
        &file,
        vec![sheet(
            "Лист1",
            &[
                Some(CATALOG_HEAD),
                Some(&[
                    C::T("A-1"),
                    C::T("Хороший"),
                    C::N(4_600_000_000_017.0),
                    C::N(5.0),
                    C::N(10.0),
                ]),
            ],
        )],
    );
    env.ok(&["import", "skus", "long.xlsx"]);
    let list = env.json(&["sku", "list"]);
    assert_eq!(
        list[0]["barcodes"],
        serde_json::json!(["4600000000017"]),
        "{list}"
    );
}

#[test]
fn stock_orders_and_counts_read_xlsx_and_sheet_picks_the_sheet() {
    let env = Env::new();
    env.ok(&[
        "sku",
        "add",
        "TEA-001",
        "--name",
        "Чай",
        "--barcode",
        "4600000000017",
    ]);
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    let file = env.path("book.xlsx");
    workbook(
        &file,
        vec![
            sheet("Заметки", &[Some(&[C::T("не то")])]),
            sheet(
                "Остатки",
                &[
                    Some(&[C::T("Штрихкод"), C::T("Количество")]),
                    Some(&[C::N(4_600_000_000_017.0), C::N(30.0)]),
                ],
            ),
            sheet(
                "Заказы",
                &[
                    Some(&[
                        C::T("Номер заказа"),
                        C::T("Артикул"),
                        C::T("Количество"),
                        C::T("Статус"),
                    ]),
                    Some(&[
                        C::N(987_654_321.0),
                        C::T("TEA-001"),
                        C::N(2.0),
                        C::T("новый"),
                    ]),
                ],
            ),
        ],
    );
    // The first sheet has no quantity column: the usual header error.
    let r = env.run(&["import", "stock", "book.xlsx"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("book.xlsx:1:1"), "{}", r.stderr);
    let r = env.run(&["import", "stock", "book.xlsx", "--sheet", "Нет такого"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Остатки"),
        "lists the sheets: {}",
        r.stderr
    );

    env.ok(&["import", "stock", "book.xlsx", "--sheet", "Остатки"]);
    assert_eq!(env.json(&["sku", "show", "TEA-001"])["on_hand"], 30);

    env.ok(&[
        "import",
        "orders",
        "book.xlsx",
        "--channel",
        "Ozon",
        "--sheet",
        "заказы",
    ]);
    let res = env.json(&["reservations"]);
    assert_eq!(res[0]["order"], "987654321", "{res}");
    assert_eq!(res[0]["qty"], 2);

    let started = env.json(&["count", "start"]);
    let session = started["session"].to_string();
    let counted = env.path("count.xlsx");
    workbook(
        &counted,
        vec![sheet(
            "Scan",
            &[
                Some(&[C::T("barcode"), C::T("qty")]),
                Some(&[C::T("4600000000017"), C::N(29.0)]),
            ],
        )],
    );
    env.ok(&["count", "import", &session, "count.xlsx"]);
    let diff = env.json(&["count", "diff", &session]);
    assert_eq!(diff[0]["counted"], 29, "{diff}");
}

#[test]
fn sheet_on_a_csv_file_and_xlsx_without_out_are_refused() {
    let env = Env::new();
    std::fs::write(env.path("a.csv"), "code,qty\nA,1\n").unwrap();
    let r = env.run(&["import", "stock", "a.csv", "--sheet", "S"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("only an .xlsx file has sheets"),
        "{}",
        r.stderr
    );
    let r = env.run(&["export", "stock", "--format", "xlsx"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// Rows of a sheet as text, as calamine reads them.
fn read_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("a workbook");
    let range = wb.worksheet_range(name).expect("the sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// code -> on_hand summed over locations.
fn on_hand(env: &Env) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for l in env.json(&["export", "stock"]).as_array().unwrap() {
        let code = l["code"].as_str().unwrap().to_string();
        let q = l["on_hand"].as_u64().unwrap();
        match out.iter_mut().find(|(c, _)| *c == code) {
            Some(e) => e.1 += q,
            None => out.push((code, q)),
        }
    }
    out.sort();
    out
}

/// A stock workbook exported from a shop of two locations imports back unchanged: the
/// import reads its "By location" sheet, not the first sheet's totals (which, set at the
/// default location, would move stock between locations).
#[test]
fn a_stock_workbook_of_two_locations_imports_back_unchanged() {
    let env = Env::new();
    env.ok(&["location", "add", "Shop"]);
    env.ok(&["sku", "add", "TEA-001", "--name", "Чай"]);
    env.ok(&["receive", "TEA-001", "1"]);
    env.ok(&["receive", "TEA-001", "3", "--at", "Shop"]);
    let before = env.json(&["export", "stock"]);
    let entries = env.json(&["history"]).as_array().unwrap().len();
    env.ok(&["export", "stock", "--format", "xlsx", "--out", "st.xlsx"]);
    let r = env.ok(&["import", "stock", "st.xlsx"]);
    assert!(
        r.stdout.contains("0 movements") || r.stdout.contains("unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(
        env.json(&["export", "stock"]),
        before,
        "every location as it was"
    );
    assert_eq!(env.json(&["history"]).as_array().unwrap().len(), entries);
    // The first sheet is still there to be named.
    let r = env.run(&[
        "import",
        "stock",
        "st.xlsx",
        "--sheet",
        "Stock",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn stock_exported_as_xlsx_imports_back_into_a_fresh_database() {
    let env = Env::new();
    env.ok(&[
        "sku",
        "add",
        "TEA-001",
        "--name",
        "Чай зелёный",
        "--price",
        "185.50",
    ]);
    env.ok(&["sku", "add", "007", "--name", "Ложка «Хохлома»"]);
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    env.ok(&["channel", "add", "Склад", "--kind", "other"]);
    env.ok(&["receive", "TEA-001", "12"]);
    env.ok(&["receive", "007", "5"]);
    env.ok(&[
        "reserve",
        "TEA-001",
        "2",
        "--channel",
        "Ozon",
        "--order",
        "OZ-1",
    ]);
    env.ok(&["defect", "007", "1", "--reason", "packaging"]);
    env.ok(&["export", "stock", "--format", "xlsx", "--out", "stock.xlsx"]);
    env.ok(&["export", "skus", "--format", "xlsx", "--out", "skus.xlsx"]);
    env.ok(&[
        "export",
        "ledger",
        "--format",
        "xlsx",
        "--out",
        "ledger.xlsx",
    ]);

    let rows = read_sheet(&env.path("stock.xlsx"), "Stock");
    assert_eq!(
        rows[0],
        [
            "code",
            "name",
            "on_hand",
            "reserved",
            "available",
            "defective",
            "status",
            "Ozon",
            // Named like a column import reads (location): marked so it is not read as one.
            "Склад (channel)"
        ]
    );
    assert_eq!(
        rows[1][..7],
        ["007", "Ложка «Хохлома»", "4", "0", "4", "1", "ok"]
    );
    assert_eq!(
        rows[2][..7],
        ["TEA-001", "Чай зелёный", "12", "2", "10", "0", "ok"]
    );
    let ledger = read_sheet(&env.path("ledger.xlsx"), "Ledger");
    assert_eq!(
        ledger.len(),
        1 + env.json(&["history"]).as_array().unwrap().len()
    );

    let fresh = Env::new();
    for f in ["stock.xlsx", "skus.xlsx"] {
        std::fs::copy(env.path(f), fresh.path(f)).unwrap();
    }
    fresh.ok(&["import", "skus", "skus.xlsx"]);
    assert_eq!(fresh.json(&["sku", "show", "007"])["price"], Value::Null);
    assert_eq!(fresh.json(&["sku", "show", "TEA-001"])["price"], "185.50");
    fresh.ok(&["import", "stock", "stock.xlsx"]);
    assert_eq!(on_hand(&fresh), on_hand(&env));
    assert_eq!(
        on_hand(&fresh),
        [("007".to_string(), 4), ("TEA-001".to_string(), 12)]
    );
}

/// A workbook written by a program that puts formulas in cells without their results
/// (openpyxl does): such a cell would read as empty, a quantity silently left out. The
/// file is refused at that cell, saying how to get the results in, and nothing is written.
#[test]
fn a_formula_without_its_result_is_refused_not_read_as_empty() {
    let env = Env::new();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog-formula-unsaved.xlsx");
    let file = fixture.to_str().unwrap();
    let r = env.run(&["import", "skus", file]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains(":3: cell C3 holds the formula =2+3 but not its result")
            && r.stderr
                .contains("open the file in a spreadsheet program and save it"),
        "{}",
        r.stderr
    );
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    let ru = Command::new(BIN)
        .args([
            "--db",
            env.db.to_str().unwrap(),
            "--lang",
            "ru",
            "import",
            "skus",
            file,
        ])
        .env("HOME", env.dir.path())
        .env_remove("STOCKROOM_DB")
        .output()
        .unwrap();
    let err = String::from_utf8(ru.stderr).unwrap();
    assert!(
        err.contains("в ячейке C3 формула =2+3, но нет её результата"),
        "{err}"
    );
    // A workbook whose formulas hold their results (as a spreadsheet saves them) reads them.
    let mut ws = sheet(
        "S",
        &[Some(&[
            C::T("Артикул"),
            C::T("Наименование"),
            C::T("Остаток"),
        ])],
    );
    ws.write_string(1, 0, "F-1").unwrap();
    ws.write_string(1, 1, "Чай").unwrap();
    ws.write_formula(1, 2, rust_xlsxwriter::Formula::new("=2+3").set_result("5"))
        .unwrap();
    workbook(&env.path("saved.xlsx"), vec![ws]);
    env.ok(&["import", "skus", "saved.xlsx"]);
    assert_eq!(env.json(&["sku", "show", "F-1"])["on_hand"], 5);
}

/// Excel turns a code like `3-12` into a date as it is typed, and TRUE into a true/false
/// cell: such a cell in the code or barcode column is refused at that cell (never read as
/// a code "2026-03-12"), while a true/false cell in the `archived` column reads as meant.
#[test]
fn a_date_or_true_false_cell_is_no_code_or_barcode() {
    let env = Env::new();
    let mut ws = sheet(
        "S",
        &[Some(&[
            C::T("Артикул"),
            C::T("Наименование"),
            C::T("Штрихкод"),
            C::T("archived"),
        ])],
    );
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 3, 12).unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("d-mmm");
    ws.write_datetime_with_format(1, 0, &day, &date).unwrap();
    ws.write_string(1, 1, "Дата вместо артикула").unwrap();
    ws.write_string(2, 0, "B-2").unwrap();
    ws.write_string(2, 1, "Логическое значение").unwrap();
    ws.write_boolean(2, 2, true).unwrap();
    ws.write_string(3, 0, "C-3").unwrap();
    ws.write_string(3, 1, "Хороший").unwrap();
    ws.write_boolean(3, 3, true).unwrap();
    workbook(&env.path("dates.xlsx"), vec![ws]);
    let r = env.run(&["import", "skus", "dates.xlsx"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("dates.xlsx:2:1: code \"2026-03-12\" is a date or time cell, not text"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("dates.xlsx:3:3: barcode \"TRUE\" is a TRUE/FALSE cell, not text"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("dates.xlsx:4:"), "{}", r.stderr);
    assert_eq!(env.json(&["sku", "list"]), serde_json::json!([]));
    // Without the two bad rows the file imports, its true/false cell read as archived.
    let mut ws = sheet(
        "S",
        &[Some(&[
            C::T("Артикул"),
            C::T("Наименование"),
            C::T("archived"),
        ])],
    );
    ws.write_string(1, 0, "C-3").unwrap();
    ws.write_string(1, 1, "Хороший").unwrap();
    ws.write_boolean(1, 2, true).unwrap();
    workbook(&env.path("good.xlsx"), vec![ws]);
    env.ok(&["import", "skus", "good.xlsx"]);
    assert_eq!(env.json(&["sku", "show", "C-3"])["status"], "archived");
}

/// A date where a SKU or a location is named is never looked up or created as one: an
/// order line whose code Excel made a date does not reserve a SKU that happens to have
/// that code, a stock row whose location is a date creates no location; and an error a
/// formula gave (#REF!) refuses the file at its cell instead of becoming a SKU's code.
#[test]
fn dates_and_errors_are_no_names_in_any_import() {
    let env = Env::new();
    env.ok(&["sku", "add", "2026-01-02", "--name", "Код как дата"]);
    env.ok(&["receive", "2026-01-02", "5"]);
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 2).unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("d-mmm");
    let mut ws = sheet("S", &[Some(&[C::T("order"), C::T("code"), C::T("qty")])]);
    ws.write_string(1, 0, "O-1").unwrap();
    ws.write_datetime_with_format(1, 1, &day, &date).unwrap();
    ws.write_number(1, 2, 1.0).unwrap();
    workbook(&env.path("orders.xlsx"), vec![ws]);
    let r = env.run(&["import", "orders", "orders.xlsx", "--channel", "Ozon"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("orders.xlsx:2:2: code \"2026-01-02\" is a date or time cell"),
        "{}",
        r.stderr
    );
    assert_eq!(env.json(&["sku", "show", "2026-01-02"])["reserved"], 0);

    let mut ws = sheet("S", &[Some(&[C::T("code"), C::T("qty"), C::T("location")])]);
    ws.write_string(1, 0, "2026-01-02").unwrap();
    ws.write_number(1, 1, 9.0).unwrap();
    ws.write_datetime_with_format(1, 2, &day, &date).unwrap();
    workbook(&env.path("stock.xlsx"), vec![ws]);
    let r = env.run(&["import", "stock", "stock.xlsx"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("stock.xlsx:2:3: location \"2026-01-02\" is a date or time cell"),
        "{}",
        r.stderr
    );
    let locations = env.json(&["location", "list"]);
    assert!(!locations.to_string().contains("2026-01-02"), "{locations}");

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog-error-cell.xlsx");
    let r = env.run(&["import", "skus", fixture.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(":3:1: cell A3 holds the error #REF!"),
        "{}",
        r.stderr
    );
    assert!(!env.json(&["sku", "list"]).to_string().contains("#REF!"));
}
