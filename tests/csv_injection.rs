//! Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
//! written so it opens as text: CSV fields get a leading `'` (OWASP), .xlsx text cells the
//! quote prefix; numbers stay numbers. One test per export kind, on the real binary.

mod shop;

use shop::{LATER, Shop};

const T: &str = "2026-03-01T09:00:00Z";

/// A shop whose names are all formulas: the SKU's name and supplier, a location, a
/// channel, a receipt's reference, a note.
fn formula_shop() -> Shop {
    let s = Shop::new("2026-03-01T08:00:00Z");
    s.ok(
        T,
        &[
            "sku",
            "add",
            "TEA",
            "--name",
            "=1+2",
            "--supplier",
            "@SUM(A1)",
            "--cost",
            "100",
            "--price",
            "250",
            "--barcode",
            "4600000000017",
        ],
    );
    s.ok(T, &["location", "add", "--", "-Back"]);
    s.ok(T, &["channel", "add", "+Shop", "--kind", "retail"]);
    s.ok(
        T,
        &[
            "receive",
            "TEA",
            "5",
            "--at=-Back",
            "--ref",
            "=HYPERLINK(\"x\")",
        ],
    );
    s.ok(
        T,
        &[
            "adjust",
            "TEA",
            "--set",
            "4",
            "--at=-Back",
            "--reason",
            "count",
        ],
    );
    s.ok(T, &["sell", "TEA", "1", "--channel", "+Shop", "--at=-Back"]);
    s
}

fn export(s: &Shop, what: &str) -> String {
    let out = s.path(&format!("{what}.csv"));
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(LATER, &["export", what, "--out", out_s]);
    std::fs::read_to_string(&out).expect("the csv")
}

#[test]
fn the_sku_export_quotes_formula_text() {
    let s = formula_shop();
    let csv = export(&s, "skus");
    assert!(csv.contains("TEA,'=1+2,4600000000017,'@SUM(A1),"), "{csv}");
    // Nothing starts a field as a formula.
    assert!(!csv.contains(",=") && !csv.contains(",@"), "{csv}");
}

#[test]
fn the_stock_export_quotes_formula_text_and_keeps_numbers() {
    let s = formula_shop();
    let csv = export(&s, "stock");
    assert!(csv.contains("TEA,'=1+2,'-Back,3,0,3,0"), "{csv}");
}

#[test]
fn the_ledger_export_quotes_text_but_not_negative_numbers() {
    let s = formula_shop();
    let csv = export(&s, "ledger");
    assert!(csv.contains(",'-Back,"), "{csv}");
    assert!(csv.contains(",'+Shop,"), "{csv}");
    assert!(csv.contains("'=HYPERLINK(\"\"x\"\")"), "{csv}");
    // The adjustment's change stays a negative number: -1, not '-1.
    assert!(csv.contains(",adjust,") && csv.contains(",-1,"), "{csv}");
    assert!(!csv.contains("'-1"), "{csv}");
}

#[test]
fn the_margin_csv_quotes_the_group_and_keeps_amounts() {
    let s = formula_shop();
    let out = s.path("margin.csv");
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(LATER, &["report", "margin", "--out", out_s]);
    let csv = std::fs::read_to_string(&out).expect("the csv");
    // 1 x 250 - 100 = 150.
    assert!(
        csv.contains("'+Shop,1,250.00,100.00,0.00,0.00,0.00,150.00,150.00"),
        "{csv}"
    );
    let out = s.path("by-supplier.csv");
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(
        LATER,
        &["report", "margin", "--by", "supplier", "--out", out_s],
    );
    let csv = std::fs::read_to_string(&out).expect("the csv");
    assert!(csv.contains("'@SUM(A1),1,"), "{csv}");
}

#[test]
fn the_feed_csv_quotes_formula_codes() {
    let s = Shop::new("2026-03-01T08:00:00Z");
    s.ok(T, &["sku", "add", "--name", "Minus five", "--", "-5"]);
    s.ok(T, &["channel", "add", "Shop", "--kind", "retail"]);
    s.ok(T, &["receive", "--", "-5", "3"]);
    let out = s.path("feed.csv");
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(
        LATER,
        &["export", "feed", "--channel", "Shop", "--out", out_s],
    );
    let csv = std::fs::read_to_string(&out).expect("the csv");
    assert!(csv.contains("'-5,,"), "{csv}");
}

#[test]
fn xlsx_text_cells_that_look_like_formulas_are_marked_as_text() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let s = formula_shop();
    let out = s.path("skus.xlsx");
    let out_s = out.to_str().expect("utf-8 path");
    s.ok(LATER, &["export", "skus", "--out", out_s]);
    let mut wb: Xlsx<_> = open_workbook(&out).expect("an xlsx workbook");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("the sheet");
    // The text as written, a string (never a formula), and no visible apostrophe.
    assert_eq!(range.get((1, 1)), Some(&Data::String("=1+2".into())));
    let formulas = wb.worksheet_formula(&name).expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );
}

/// What the SKU export guarded reads back as it was written.
#[test]
fn a_guarded_sku_export_imports_back_as_written() {
    let s = formula_shop();
    let out = s.path("skus.csv");
    let out_s = out.to_str().expect("utf-8 path").to_string();
    s.ok(LATER, &["export", "skus", "--out", &out_s]);
    let other = Shop::new(T);
    other.ok(T, &["import", "skus", &out_s]);
    let back = other.path("back.csv");
    let back_s = back.to_str().expect("utf-8 path");
    other.ok(LATER, &["export", "skus", "--out", back_s]);
    let (first, again) = (
        std::fs::read_to_string(&out).expect("csv"),
        std::fs::read_to_string(&back).expect("csv"),
    );
    assert!(
        again.contains("TEA,'=1+2,4600000000017,'@SUM(A1),"),
        "{again}"
    );
    assert_eq!(first, again);
    // Stored as the owner wrote it, without the guard's apostrophe.
    let tea = other.json(T, &["sku", "show", "TEA"]);
    assert_eq!(tea["name"], "=1+2", "{tea}");
    assert_eq!(tea["supplier"], "@SUM(A1)", "{tea}");
}
