//! The marketplace files on the real binary: channel profiles, the Ozon, Wildberries and
//! Yandex Market order exports as sellers download them (tests/fixtures, shaped like the
//! real files), item ids, the stock upload in each marketplace's template, and listings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

/// Our catalog: code, name, barcode, units received.
const SKUS: &[(&str, &str, &str, u64)] = &[
    ("TEA-BLK-250", "Чай чёрный, 250 г", "4601234000011", 10),
    ("HONEY-LIME-500", "Мёд с липой, 500 г", "4601234000028", 5),
    ("TRAY-KHOKH-40", "Поднос хохлома, 40 см", "4601234000035", 4),
    ("SPOON-WOOD-L", "Ложка деревянная", "4601234000042", 10),
    ("CUP-CER-WHT", "Чашка белая", "4601234000059", 3),
    ("CUP-CER-BLU", "Чашка синяя", "4601234000066", 5),
    ("POT-GLASS-600", "Чайник стеклянный", "4601234000073", 2),
    ("SCARF-PAVL-01", "Платок", "4601234000080", 1),
];

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("stock.redb");
        let env = Env { dir, db };
        env.ok(&["init"]);
        for (code, name, barcode, n) in SKUS {
            env.ok(&["sku", "add", code, "--name", name, "--barcode", barcode]);
            env.ok(&["receive", code, &n.to_string()]);
        }
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run_lang(&self, lang: &str, args: &[&str]) -> Run {
        let home = self.dir.path();
        let o: Output = Command::new(BIN)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            // Times are shown in the local zone: the tests' zone is UTC.
            .env("TZ", "UTC")
            .env("STOCKROOM_LANG", lang)
            .env("STOCKROOM_TEST_NOW", "2026-11-24T10:00:00Z")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run stockroom");
        Run {
            code: o.status.code().expect("not killed"),
            stdout: String::from_utf8(o.stdout).expect("utf-8"),
            stderr: String::from_utf8(o.stderr).expect("utf-8"),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_lang("en", args)
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "stockroom {args:?}: {r:?}");
        r
    }

    fn fails(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_ne!(r.code, 0, "stockroom {args:?} should fail: {r:?}");
        r
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.ok(&a);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }

    /// (on_hand, reserved) of a SKU.
    fn levels(&self, code: &str) -> (u64, u64) {
        let v = self.json(&["sku", "show", code]);
        (
            v["on_hand"].as_u64().expect("on_hand"),
            v["reserved"].as_u64().expect("reserved"),
        )
    }

    fn ledger_len(&self) -> usize {
        self.json(&["history", "--limit", "100000"])
            .as_array()
            .expect("history")
            .len()
    }

    fn import(&self, channel: &str, file: &Path, extra: &[&str]) -> Run {
        let f = file.display().to_string();
        let mut a = vec!["import", "orders", f.as_str(), "--channel", channel];
        a.extend_from_slice(extra);
        self.run(&a)
    }
}

/// A sheet given cell by cell (tab-separated, first line the header) written as the .xlsx
/// the marketplace's cabinet gives, on a sheet of its name.
fn xlsx_from(tsv: &Path, sheet: &str, out: &Path) {
    let text = std::fs::read_to_string(tsv).expect("fixture");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate() {
            // Numbers as numbers, as the cabinet writes them; ids stay text.
            match cell.parse::<f64>() {
                Ok(n) if cell.len() < 6 => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, cell),
            }
            .expect("cell");
        }
    }
    wb.save(out).expect("save xlsx");
}

fn sheet_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let names = wb.sheet_names().to_vec();
    let range = wb.worksheet_range(&names[0]).expect("sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    (names, rows)
}

#[test]
fn an_ozon_fbs_export_moves_each_posting_along_and_twice_changes_nothing() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Ozon",
        "--kind",
        "marketplace",
        "--profile",
        "ozon",
    ]);
    // Ozon's article for the tea differs from our code.
    env.ok(&["channel", "map", "Ozon", "TEA-BLK-250", "--item", "ЧАЙ-250"]);
    let map = env.json(&["channel", "map", "Ozon"]);
    assert_eq!(map["profile"], "ozon");
    assert_eq!(
        map["items"][0],
        serde_json::json!(["TEA-BLK-250", "ЧАЙ-250"])
    );

    let day1 = fixture("orders-ozon-fbs-day1.csv");
    let r = env.import("Ozon", &day1, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    // Posting 0001-1 has two items (reserved), 0002-1 is awaiting shipment (reserved),
    // 0003-1 is first seen delivering (reserved and shipped at once), 0004-1 was cancelled
    // before we ever saw it.
    assert!(
        r.stdout
            .contains("5 rows; 3 reserved, 0 backordered, 0 released, 1 shipped, 0 returned"),
        "{r:?}"
    );
    assert_eq!(env.levels("TEA-BLK-250"), (10, 2));
    assert_eq!(env.levels("HONEY-LIME-500"), (5, 1));
    assert_eq!(env.levels("SPOON-WOOD-L"), (10, 3));
    assert_eq!(env.levels("CUP-CER-WHT"), (2, 0));
    let len = env.ledger_len();
    let again = env.import("Ozon", &day1, &[]);
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(env.ledger_len(), len, "the same file twice changes nothing");

    // The next day: 0001-1 delivered, 0002-1 cancelled, 0003-1 returned.
    let day2 = fixture("orders-ozon-fbs-day2.csv");
    let r = env.import("Ozon", &day2, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("1 released, 2 shipped, 1 returned"),
        "{r:?}"
    );
    assert_eq!(env.levels("TEA-BLK-250"), (8, 0));
    assert_eq!(env.levels("HONEY-LIME-500"), (4, 0));
    assert_eq!(env.levels("SPOON-WOOD-L"), (10, 0));
    assert_eq!(
        env.levels("CUP-CER-WHT"),
        (3, 0),
        "the returned cup is back"
    );
    let len = env.ledger_len();
    assert_eq!(env.import("Ozon", &day2, &[]).code, 0);
    assert_eq!(env.ledger_len(), len, "a return is made once");
}

#[test]
fn an_unknown_status_refuses_the_whole_file_until_it_is_mapped() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Ozon",
        "--kind",
        "marketplace",
        "--profile",
        "ozon",
    ]);
    env.ok(&["channel", "map", "Ozon", "TEA-BLK-250", "--item", "ЧАЙ-250"]);
    let text = std::fs::read_to_string(fixture("orders-ozon-fbs-day1.csv")).expect("fixture");
    let odd = env.path("odd.csv");
    std::fs::write(&odd, text.replace("Ожидает отгрузки", "Арбитраж")).expect("write");
    let len = env.ledger_len();
    let r = env.import("Ozon", &odd, &[]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("odd.csv:4:5"), "file, row, column: {r:?}");
    assert!(
        r.stderr.contains("Арбитраж") && r.stderr.contains("--status-map"),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("«ожидает сборки»=reserve"),
        "the known statuses: {r:?}"
    );
    assert_eq!(env.ledger_len(), len, "nothing of the file was applied");
    assert_eq!(env.levels("TEA-BLK-250"), (10, 0));
    // In Russian too.
    let ru = env.run_lang(
        "ru",
        &[
            "import",
            "orders",
            odd.to_str().unwrap(),
            "--channel",
            "Ozon",
        ],
    );
    assert!(ru.stderr.contains("неизвестен"), "{ru:?}");
    // Mapped, it goes through.
    let r = env.import("Ozon", &odd, &["--status-map", "Арбитраж=reserve"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(env.levels("SPOON-WOOD-L"), (10, 3));
    // A bad map says how to write one.
    let r = env.import("Ozon", &odd, &["--status-map", "Арбитраж"]);
    assert!(r.stderr.contains("STATUS=ACTION"), "{r:?}");
}

#[test]
fn an_unmapped_item_is_refused_with_the_command_that_maps_it() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Ozon",
        "--kind",
        "marketplace",
        "--profile",
        "ozon",
    ]);
    let len = env.ledger_len();
    let r = env.import("Ozon", &fixture("orders-ozon-fbs-day1.csv"), &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("channel map Ozon CODE --item ЧАЙ-250"),
        "{r:?}"
    );
    assert_eq!(env.ledger_len(), len);
    // Not a file of this marketplace at all.
    let r = env.import("Ozon", &fixture("orders-latorga.csv"), &[]);
    assert!(
        r.stderr.contains("Номер отправления") || r.stderr.contains("номер отправления"),
        "{r:?}"
    );
    assert_eq!(env.ledger_len(), len);
}

#[test]
fn a_wildberries_assembly_task_export_finds_items_by_article_nmid_or_barcode() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "WB",
        "--kind",
        "marketplace",
        "--profile",
        "wildberries",
    ]);
    let file = env.path("Сборочные задания.xlsx");
    xlsx_from(
        &fixture("orders-wildberries-sheet.tsv"),
        "Сборочные задания",
        &file,
    );
    let r = env.import("WB", &file, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("4 rows; 2 reserved"), "{r:?}");
    assert_eq!(env.levels("HONEY-LIME-500"), (5, 1));
    // No seller article: found by its barcode.
    assert_eq!(env.levels("TRAY-KHOKH-40"), (4, 1));
    // Handed over when first seen: reserved and shipped.
    assert_eq!(env.levels("TEA-BLK-250"), (9, 0));
    let len = env.ledger_len();
    assert_eq!(env.import("WB", &file, &[]).code, 0);
    assert_eq!(env.ledger_len(), len);
}

#[test]
fn a_yandex_market_order_export_with_several_items_per_order() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Маркет",
        "--kind",
        "marketplace",
        "--profile",
        "yandex-market",
    ]);
    let file = env.path("orders.xlsx");
    xlsx_from(&fixture("orders-yandex-market-sheet.tsv"), "Заказы", &file);
    let r = env.import("Маркет", &file, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(env.levels("POT-GLASS-600"), (2, 1));
    assert_eq!(env.levels("CUP-CER-BLU"), (5, 2));
    assert_eq!(env.levels("SCARF-PAVL-01"), (1, 1));
    // Not bought back at the pickup point: out and back in, once.
    assert_eq!(env.levels("TRAY-KHOKH-40"), (4, 0));
    assert!(r.stdout.contains("1 returned"), "{r:?}");
    let res = env.json(&["reservations", "--channel", "Маркет"]);
    let orders: Vec<&str> = res
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["order"].as_str())
        .collect();
    assert!(
        orders.contains(&"51234567890"),
        "the order number is the reference: {orders:?}"
    );
}

#[test]
fn the_stock_file_is_the_marketplaces_template_with_its_item_ids() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Ozon",
        "--kind",
        "marketplace",
        "--profile",
        "ozon",
    ]);
    env.ok(&[
        "channel",
        "add",
        "WB",
        "--kind",
        "marketplace",
        "--profile",
        "wildberries",
    ]);
    let map = env.path("map.csv");
    std::fs::write(
        &map,
        "code;item\nTEA-BLK-250;ЧАЙ-250\nCUP-CER-WHT;ЧАШКА-Б\n",
    )
    .expect("write");
    let r = env.ok(&["channel", "map", "Ozon", "--file", map.to_str().unwrap()]);
    assert!(r.stdout.contains("2 item id(s) set"), "{r:?}");

    let out = env.path("ozon.xlsx");
    let r = env.ok(&[
        "export",
        "feed",
        "--channel",
        "Ozon",
        "--out",
        out.to_str().unwrap(),
        "--warehouse",
        "Склад Москва",
    ]);
    assert!(
        r.stderr.contains("Ozon stock-update-template.xlsx"),
        "{r:?}"
    );
    let (sheets, rows) = sheet_rows(&out);
    assert_eq!(sheets, ["Остатки на складе"]);
    assert_eq!(
        rows[0],
        ["Склад", "Артикул", "Имя (необязательно)", "Количество"]
    );
    assert!(
        rows.contains(&vec![
            "Склад Москва".into(),
            "ЧАЙ-250".into(),
            "Чай чёрный, 250 г".into(),
            "10".into()
        ]),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r[1] == "SPOON-WOOD-L"),
        "unmapped SKUs by our code: {rows:?}"
    );
    assert_eq!(rows.len(), SKUS.len() + 1);

    let wb = env.path("wb.xlsx");
    env.ok(&[
        "export",
        "feed",
        "--channel",
        "WB",
        "--out",
        wb.to_str().unwrap(),
    ]);
    let (_, rows) = sheet_rows(&wb);
    assert_eq!(rows[0], ["Баркод", "Количество"]);
    assert!(
        rows.contains(&vec!["4601234000035".into(), "4".into()]),
        "{rows:?}"
    );

    // A generic channel still writes CSV and refuses .xlsx.
    env.ok(&["channel", "add", "Site", "--kind", "website"]);
    let r = env.fails(&[
        "export",
        "feed",
        "--channel",
        "Site",
        "--out",
        env.path("s.xlsx").to_str().unwrap(),
    ]);
    assert!(r.stderr.contains(".csv"), "{r:?}");
    // A map row for a SKU we do not have changes nothing.
    std::fs::write(&map, "code;item\nNOPE;X-1\nSPOON-WOOD-L;ЛОЖКА\n").expect("write");
    let r = env.fails(&["channel", "map", "Ozon", "--file", map.to_str().unwrap()]);
    assert!(r.stderr.contains("map.csv:2"), "{r:?}");
    assert_eq!(
        env.json(&["channel", "map", "Ozon"])["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // One id, one SKU.
    let r = env.fails(&[
        "channel",
        "map",
        "Ozon",
        "SPOON-WOOD-L",
        "--item",
        "ЧАЙ-250",
    ]);
    assert!(r.stderr.contains("TEA-BLK-250"), "{r:?}");
    // What Ozon says it shows, from a file with its template's columns and its ids: the
    // matrix shows the drift against what it should show.
    let shown = env.path("ozon-shows.csv");
    std::fs::write(
        &shown,
        "Склад;Артикул;Имя (необязательно);Количество\nСклад Москва;ЧАЙ-250;Чай;12\nСклад Москва;НЕТ-ТАКОГО;;1\n",
    )
    .expect("write");
    let r = env.fails(&[
        "import",
        "listed",
        shown.to_str().unwrap(),
        "--channel",
        "Ozon",
    ]);
    assert!(
        r.stderr.contains("ozon-shows.csv:3") && r.stderr.contains("НЕТ-ТАКОГО"),
        "{r:?}"
    );
    std::fs::write(
        &shown,
        "Склад;Артикул;Имя (необязательно);Количество\nСклад Москва;ЧАЙ-250;Чай;12\nСклад Москва;ЧАШКА-Б;;1\n",
    )
    .expect("write");
    env.ok(&[
        "import",
        "listed",
        shown.to_str().unwrap(),
        "--channel",
        "Ozon",
    ]);
    let m = env.json(&["matrix"]);
    let drift = |code: &str| {
        m.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .and_then(|r| {
                r["channels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["channel"] == "Ozon")
            })
            .map(|c| c["drift"].clone())
            .expect("cell")
    };
    assert_eq!(drift("TEA-BLK-250"), 2, "Ozon shows 2 more than it may");
    assert_eq!(drift("CUP-CER-WHT"), -2, "and 2 cups fewer");

    env.ok(&["channel", "map", "Ozon", "TEA-BLK-250", "--remove"]);
    assert_eq!(
        env.json(&["channel", "map", "Ozon"])["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_channel_lists_only_its_list_and_the_matrix_and_feed_follow() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Latorga",
        "--kind",
        "marketplace",
        "--profile",
        "latorga",
    ]);
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    env.ok(&[
        "channel",
        "list-skus",
        "Latorga",
        "--add",
        "TEA-BLK-250",
        "CUP-CER-BLU",
    ]);
    let v = env.json(&["channel", "list-skus", "Latorga"]);
    assert_eq!(
        v["listing"],
        serde_json::json!(["CUP-CER-BLU", "TEA-BLK-250"])
    );
    let m = env.json(&["matrix"]);
    let cell = |code: &str, ch: &str| -> Value {
        m.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .and_then(|r| {
                r["channels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["channel"] == ch)
                    .cloned()
            })
            .expect("cell")
    };
    assert_eq!(cell("HONEY-LIME-500", "Latorga")["withheld"], "not_listed");
    assert_eq!(cell("HONEY-LIME-500", "Latorga")["published"], 0);
    assert_eq!(cell("TEA-BLK-250", "Latorga")["published"], 10);
    assert_eq!(
        cell("HONEY-LIME-500", "Ozon")["published"],
        5,
        "other channels list everything"
    );
    let text = env.ok(&["matrix"]).stdout;
    assert!(text.contains("not listed"), "{text}");
    let ru = env.run_lang("ru", &["matrix"]).stdout;
    assert!(ru.contains("не выставлен"), "{ru}");
    let feed = env.ok(&["export", "feed", "--channel", "Latorga"]).stdout;
    assert!(
        feed.contains("TEA-BLK-250") && !feed.contains("HONEY-LIME-500"),
        "{feed}"
    );
    // Remove one, then back to everything.
    env.ok(&["channel", "list-skus", "Latorga", "--remove", "TEA-BLK-250"]);
    assert_eq!(
        env.json(&["channel", "list-skus", "Latorga"])["listing"],
        serde_json::json!(["CUP-CER-BLU"])
    );
    env.ok(&["channel", "list-skus", "Ozon", "--remove", "SCARF-PAVL-01"]);
    assert_eq!(
        env.json(&["channel", "list-skus", "Ozon"])["listing"]
            .as_array()
            .unwrap()
            .len(),
        SKUS.len() - 1
    );
    let r = env.fails(&["channel", "list-skus", "Latorga", "--add", "NOPE"]);
    assert!(r.stderr.contains("NOPE"), "{r:?}");
    env.ok(&["channel", "list-skus", "Latorga", "--all"]);
    assert!(env.json(&["channel", "list-skus", "Latorga"])["listing"].is_null());
    let feed = env.ok(&["export", "feed", "--channel", "Latorga"]).stdout;
    assert!(feed.contains("HONEY-LIME-500"), "{feed}");
}

#[test]
fn a_profile_is_changed_with_channel_edit_and_a_latorga_file_reads_as_before() {
    let env = Env::new();
    env.ok(&["sku", "add", "TSHIRT-BLK-L", "--name", "Футболка"]);
    env.ok(&["receive", "TSHIRT-BLK-L", "3"]);
    env.ok(&["channel", "add", "Latorga", "--kind", "marketplace"]);
    assert_eq!(
        env.json(&["channel", "map", "Latorga"])["profile"],
        "generic"
    );
    let r = env.fails(&["channel", "edit", "Latorga", "--profile", "amazon"]);
    assert!(
        r.stderr.contains("yandex-market"),
        "the profiles it knows: {r:?}"
    );
    env.ok(&["channel", "edit", "Latorga", "--profile", "latorga"]);
    assert_eq!(
        env.json(&["channel", "map", "Latorga"])["profile"],
        "latorga"
    );
    let r = env.import("Latorga", &fixture("orders-latorga.csv"), &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("12 rows"), "{r:?}");
}

#[test]
fn a_backup_keeps_profiles_item_ids_and_listings() {
    let env = Env::new();
    env.ok(&[
        "channel",
        "add",
        "Ozon",
        "--kind",
        "marketplace",
        "--profile",
        "ozon",
    ]);
    env.ok(&["channel", "map", "Ozon", "TEA-BLK-250", "--item", "ЧАЙ-250"]);
    env.ok(&["channel", "list-skus", "Ozon", "--add", "TEA-BLK-250"]);
    let copy = env.path("copy.redb");
    env.ok(&["backup", copy.to_str().unwrap()]);
    let before = (
        env.json(&["channel", "map", "Ozon"]),
        env.json(&["channel", "list-skus", "Ozon"]),
    );
    let other = Env {
        dir: tempfile::tempdir().expect("temp dir"),
        db: copy.clone(),
    };
    let after = (
        other.json(&["channel", "map", "Ozon"]),
        other.json(&["channel", "list-skus", "Ozon"]),
    );
    assert_eq!(before, after);
    assert_eq!(after.0["profile"], "ozon");
    assert_eq!(after.1["listing"], serde_json::json!(["TEA-BLK-250"]));
    other.ok(&["check"]);
}

/// The row of `channel list` (text) that starts with the channel's name.
fn list_row(out: &str, name: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no row for {name}:\n{out}"))
        .to_string()
}

#[test]
fn channel_list_says_when_each_channel_was_last_synced_and_how_many_skus_drift() {
    let env = Env::new();
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    env.ok(&["channel", "add", "Latorga", "--kind", "marketplace"]);
    let v = env.json(&["channel", "list"]);
    for c in v.as_array().expect("channels") {
        assert!(c["last_synced"].is_null(), "{c}");
        assert_eq!(c["drift"], 0, "{c}");
    }
    let text = env.ok(&["channel", "list"]).stdout;
    let head = text.lines().next().unwrap_or_default();
    assert!(
        head.contains("last sync") && head.contains("drift"),
        "{text}"
    );
    assert!(list_row(&text, "Ozon").contains("never"), "{text}");
    // Ozon says it shows 99 teas (we have 10) and the 5 honeys we have: one SKU drifts.
    let listed = env.path("listed.csv");
    std::fs::write(&listed, "code,qty\nTEA-BLK-250,99\nHONEY-LIME-500,5\n").unwrap();
    env.ok(&[
        "import",
        "listed",
        listed.to_str().unwrap(),
        "--channel",
        "Ozon",
    ]);
    let v = env.json(&["channel", "list"]);
    let ch = |name: &str| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .expect("channel")
    };
    assert_eq!(ch("Ozon")["last_synced"], "2026-11-24T10:00:00Z");
    assert_eq!(ch("Ozon")["drift"], 1);
    assert!(ch("Latorga")["last_synced"].is_null());
    assert_eq!(ch("Latorga")["drift"], 0);
    let text = env.ok(&["channel", "list"]).stdout;
    let ozon = list_row(&text, "Ozon");
    assert!(ozon.contains("24 Nov 2026 10:00"), "{text}");
    assert!(ozon.trim_end().ends_with(" 1"), "{text}");
    assert!(list_row(&text, "Latorga").contains("never"), "{text}");
    let ru = env.run_lang("ru", &["channel", "list"]).stdout;
    let head = ru.lines().next().unwrap_or_default();
    assert!(
        head.contains("синхронизация") && head.contains("расхождений"),
        "{ru}"
    );
    assert!(list_row(&ru, "Ozon").contains("24.11.2026 10:00"), "{ru}");
    assert!(list_row(&ru, "Latorga").contains("никогда"), "{ru}");
}

#[test]
fn alerts_for_one_channel_show_only_what_it_lists_with_its_numbers() {
    let env = Env::new();
    env.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    env.ok(&["channel", "add", "Latorga", "--kind", "marketplace"]);
    // Two SKUs under their minimum; Latorga lists only the tea.
    env.ok(&["sku", "edit", "TEA-BLK-250", "--min", "50"]);
    env.ok(&["sku", "edit", "CUP-CER-WHT", "--min", "50"]);
    env.ok(&["channel", "list-skus", "Latorga", "--add", "TEA-BLK-250"]);
    let codes = |v: &Value| -> Vec<String> {
        let mut c: Vec<String> = v
            .as_array()
            .expect("alerts")
            .iter()
            .map(|r| r["code"].as_str().unwrap_or_default().to_string())
            .collect();
        c.sort();
        c
    };
    let all = env.json(&["alerts"]);
    assert!(
        codes(&all).contains(&"TEA-BLK-250".to_string())
            && codes(&all).contains(&"CUP-CER-WHT".to_string()),
        "{all}"
    );
    assert!(all[0]["on_channel"].is_null(), "{all}");
    let lat = env.json(&["alerts", "--channel", "Latorga"]);
    assert_eq!(codes(&lat), vec!["TEA-BLK-250".to_string()]);
    assert_eq!(lat[0]["on_channel"]["channel"], "Latorga");
    // Ozon lists everything: both, each with what Ozon shows (the matrix's number).
    let oz = env.json(&["alerts", "--channel", "ozon"]);
    assert_eq!(codes(&oz), codes(&all));
    let m = env.json(&["matrix"]);
    for a in oz.as_array().unwrap() {
        let shown = m
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == a["code"])
            .and_then(|r| {
                r["channels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["channel"] == "Ozon")
                    .cloned()
            })
            .expect("cell");
        assert_eq!(a["on_channel"]["shows"], shown["published"], "{a}");
        assert_eq!(a["on_channel"]["channel"], "Ozon");
    }
    let text = env.ok(&["alerts", "--channel", "Latorga"]).stdout;
    assert!(
        text.contains("TEA-BLK-250") && !text.contains("CUP-CER-WHT"),
        "{text}"
    );
    assert!(
        text.contains("shows") && text.contains("/day there"),
        "{text}"
    );
    let ru = env
        .run_lang("ru", &["alerts", "--channel", "Latorga"])
        .stdout;
    assert!(ru.contains("в канале") && ru.contains("Latorga"), "{ru}");
    let r = env.fails(&["alerts", "--channel", "Nope"]);
    assert!(
        r.stderr.contains("unknown channel \"Nope\"") && r.stdout.is_empty(),
        "{r:?}"
    );
}
