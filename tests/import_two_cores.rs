//! `import skus` with a stock column writes the SKUs' tables on one core and the stock
//! (locations, levels, ledger) on the other, in one transaction. These tests hold it to
//! the plain order: the same file imported as two commands, first the SKUs and then the
//! stock, leaves the same catalog, stock, locations and ledger; and when any row is bad,
//! the one command leaves the database as it found it.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use stockroom::inventory::{
    Applied, Command, Error, InputError, Inventory, InventoryExt, LocalInventory, Located, Outcome,
    SkuSpec, StockRow,
};

const NOW: i64 = 1_767_225_600_000;
const OWNER: &str = "owner";

/// One row of the file: which SKU, its name, its barcode, and its stock line.
#[derive(Debug, Clone)]
struct Row {
    code: String,
    name: String,
    barcode: Option<String>,
    qty: u64,
    location: Option<String>,
}

fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        // The SKUs already there, in any case and width, and new ones.
        2 => (0..4u8).prop_map(|i| format!("E-{i}")),
        1 => (0..4u8).prop_map(|i| format!("e-{i}")),
        1 => (0..4u8).prop_map(|i| format!("Ｅ-{i}")),
        8 => (0..200u8).prop_map(|i| format!("N-{i}")),
        // Й written as И and a combining breve: one code with ЙОД-1 once composed.
        1 => Just("И\u{306}ОД-1".to_string()),
        1 => Just("ЙОД-1".to_string()),
    ]
}

fn row() -> impl Strategy<Value = Row> {
    (
        code(),
        prop_oneof![
            20 => (0..3u8).prop_map(|i| format!("Чай «Сбор» {i}")),
            1 => Just("Имя\u{7}звонок".to_string()),
        ],
        prop_oneof![
            12 => Just(None),
            8 => (0..400u32).prop_map(|i| Some(format!("4600000{i:06}"))),
            1 => (0..4u8).prop_map(|i| Some(format!("4699999{i:06}"))),
            1 => (0..4u8).prop_map(|i| Some(format!("N-{i}"))),
        ],
        prop_oneof![30 => 0..30u64, 1 => Just(10u64.pow(14))],
        prop_oneof![
            8 => Just(None),
            8 => Just(Some("Склад".to_string())),
            4 => Just(Some("полка  б".to_string())),
            4 => Just(Some("Полка Б".to_string())),
            1 => Just(Some("Полка\u{1b}[31m".to_string())),
        ],
    )
        .prop_map(|(code, name, barcode, qty, location)| Row {
            code,
            name,
            barcode,
            qty,
            location,
        })
}

fn open(path: &Path) -> LocalInventory {
    let (inv, _) = LocalInventory::open_or_init(path, OWNER).expect("open");
    inv.with_clock(Arc::new(|| NOW))
}

/// Four SKUs with stock at the default location; E-3 also at «Склад».
fn shop(path: &Path) {
    let inv = open(path);
    let ok = |c: Command| {
        inv.execute(c.clone())
            .unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
    };
    ok(Command::AddLocation {
        name: "Склад".into(),
        default: false,
    });
    for i in 0..4 {
        ok(Command::AddSku(SkuSpec {
            code: format!("E-{i}"),
            name: Some(format!("Чай «Сбор» {i}")),
            barcodes: vec![format!("4699999{i:06}")],
            ..SkuSpec::default()
        }));
        ok(Command::Receive {
            sku: format!("E-{i}"),
            qty: 5 + i,
            at: None,
            reference: None,
        });
    }
    ok(Command::Transfer {
        sku: "E-3".into(),
        qty: 2,
        from: "Main warehouse".into(),
        to: "Склад".into(),
    });
}

fn skus_rows(rows: &[Row]) -> Vec<Located<SkuSpec>> {
    let columns = vec![
        ("code".into(), 1),
        ("name".into(), 2),
        ("barcode".into(), 3),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, r)| Located {
            line: i as u64 + 2,
            columns: if i == 0 { columns.clone() } else { Vec::new() },
            row: SkuSpec {
                code: r.code.clone(),
                name: Some(r.name.clone()),
                barcodes: r.barcode.iter().cloned().collect(),
                ..SkuSpec::default()
            },
        })
        .collect()
}

fn stock_rows(rows: &[Row]) -> Vec<Located<StockRow>> {
    let columns = vec![
        ("code".into(), 1),
        ("qty".into(), 4),
        ("location".into(), 5),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, r)| Located {
            line: i as u64 + 2,
            columns: if i == 0 { columns.clone() } else { Vec::new() },
            row: StockRow {
                sku: r.code.clone(),
                location: r.location.clone(),
                on_hand: r.qty,
            },
        })
        .collect()
}

/// Everything the import may change, as the commands read it.
fn state(inv: &LocalInventory) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        inv.catalog().expect("catalog"),
        inv.stock().expect("stock"),
        inv.locations().expect("locations"),
        inv.ledger().expect("ledger"),
    )
}

fn summary(a: &Applied) -> stockroom::inventory::ImportSummary {
    match &a.outcome {
        Outcome::Imported(s) => s.clone(),
        other => panic!("not an import: {other:?}"),
    }
}

fn both(rows: &[Row]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (one, two) = (dir.path().join("one.redb"), dir.path().join("two.redb"));
    shop(&one);
    std::fs::copy(&one, &two).expect("copy");
    let (one, two) = (open(&one), open(&two));
    let before = state(&one);

    // The one command: SKUs and stock on the two cores.
    let together = one.execute(Command::ImportSkus {
        file: "f.csv".into(),
        rows: skus_rows(rows),
        stock: stock_rows(rows),
        kits: Vec::new(),
        dry_run: false,
    });
    // The plain order: the SKUs, then the stock, as two commands.
    let skus = two.execute(Command::ImportSkus {
        file: "f.csv".into(),
        rows: skus_rows(rows),
        stock: Vec::new(),
        kits: Vec::new(),
        dry_run: false,
    });
    let stock = skus.as_ref().ok().map(|_| {
        two.execute(Command::ImportStock {
            file: "f.csv".into(),
            rows: stock_rows(rows),
            dry_run: false,
        })
    });
    match (&together, &skus, &stock) {
        (Ok(t), Ok(s), Some(Ok(st))) => {
            assert_eq!(state(&one), state(&two), "{rows:#?}");
            let (t, s, st) = (summary(t), summary(s), summary(st));
            assert_eq!(
                (t.created, t.updated, t.unchanged),
                (s.created, s.updated, s.unchanged)
            );
            assert_eq!(t.movements, st.movements);
            assert_eq!(t.created_locations, st.created_locations);
            let report = one.check().expect("check");
            assert!(report.ok(), "{:?}", report.problems);
        }
        (Err(e), _, _) => {
            // All or nothing: a bad row anywhere and nothing is written.
            assert!(
                matches!(e, Error::Input(InputError::Rows(_))),
                "a bad file is refused by its rows: {e:?}"
            );
            assert_eq!(state(&one), before, "a refused import changed nothing");
            let plain_failed = skus.is_err() || matches!(stock, Some(Err(_)));
            assert!(plain_failed, "refused together, taken apart: {e:?}");
            // The same rows are named: the stock rows' problems alone when the SKU rows
            // are good; else every SKU row's problem, and beside them those of the stock
            // rows whose SKU row is good (the plain order finds those only later).
            let lines = |e: &Error| -> Vec<String> {
                e.to_string().lines().skip(1).map(str::to_string).collect()
            };
            match (&skus, &stock) {
                (Ok(_), Some(Err(plain))) => assert_eq!(e.to_string(), plain.to_string()),
                (Err(plain), _) => {
                    let (all, sku_rows) = (lines(e), lines(plain));
                    for l in &sku_rows {
                        assert!(all.contains(l), "{l} missing from {all:#?}");
                    }
                    for l in all.iter().filter(|l| !sku_rows.contains(l)) {
                        // f.csv:LINE:COLUMN: a stock row's own column (code for a repeated
                        // SKU, quantity, location), on a line whose SKU row is good.
                        let parts: Vec<&str> = l.splitn(4, ':').collect();
                        assert!(["1", "4", "5"].contains(&parts[2]), "{l}");
                        assert!(
                            !sku_rows
                                .iter()
                                .any(|s| s.starts_with(&format!("f.csv:{}:", parts[1]))),
                            "{l}"
                        );
                    }
                }
                _ => unreachable!(),
            }
        }
        (Ok(_), _, _) => panic!("taken together, refused apart: {skus:?} {stock:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn one_import_on_two_cores_equals_skus_then_stock(rows in prop::collection::vec(row(), 1..14)) {
        both(&rows);
    }
}

#[test]
fn a_bad_row_after_many_good_ones_writes_nothing() {
    // More rows than one chunk of checked SKUs (4,096), so the writing core has written
    // some when the checking core finds the bad row.
    let good: Vec<Row> = (0..9000)
        .map(|i| Row {
            code: format!("BIG-{i:05}"),
            name: format!("Товар {i}"),
            barcode: Some(format!("46{i:011}")),
            qty: i % 7,
            location: if i % 3 == 0 {
                Some("Полка Б".into())
            } else {
                None
            },
        })
        .collect();
    // A bad stock row near the end; then a bad SKU row (its barcode is an earlier row's).
    let mut rows = good.clone();
    rows[8990].location = Some("Полка\u{7}".into());
    both(&rows);
    let mut rows = good.clone();
    rows[8500].barcode = Some(format!("46{:011}", 12));
    both(&rows);
    both(&good);
}

/// A batch of commands shares one transaction; an import in it gets its own, so a refused
/// import takes nothing of the others with it, and leaves none of its own rows.
#[test]
fn a_refused_import_in_a_batch_leaves_the_others_and_none_of_its_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shop.redb");
    shop(&path);
    let inv = open(&path);
    let ctx = inv.ctx();
    let add = |code: &str| {
        Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some("Мёд".into()),
            ..SkuSpec::default()
        })
    };
    let mut rows: Vec<Row> = (0..5000)
        .map(|i| Row {
            code: format!("B-{i:05}"),
            name: format!("Товар {i}"),
            barcode: None,
            qty: 1,
            location: None,
        })
        .collect();
    rows[4999].qty = 10u64.pow(14);
    let import = Command::ImportSkus {
        file: "f.csv".into(),
        rows: skus_rows(&rows),
        stock: stock_rows(&rows),
        kits: Vec::new(),
        dry_run: false,
    };
    let results = inv
        .execute_batch(vec![
            (ctx.clone(), add("HONEY-1")),
            (ctx.clone(), import),
            (ctx.clone(), add("HONEY-2")),
        ])
        .expect("the batch commits");
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    assert!(
        matches!(&results[1], Err(Error::Input(InputError::Rows(r))) if r.len() == 1),
        "{:?}",
        results[1]
    );
    let codes: Vec<String> = inv
        .catalog()
        .expect("catalog")
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert!(codes.contains(&"HONEY-1".to_string()) && codes.contains(&"HONEY-2".to_string()));
    assert!(
        !codes.iter().any(|c| c.starts_with("B-")),
        "no row of the refused import: {codes:?}"
    );
    assert!(inv.check().expect("check").ok());
}

/// The snapshot the checking core reads is the transaction's start: once the SKU tables
/// are written in it, there is none, and an import checks against the transaction itself.
#[test]
fn no_sku_snapshot_once_the_transaction_has_written_skus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shop.redb");
    shop(&path);
    let store = stockroom::store::Store::open(&path).expect("open");
    let tx = store.begin_write().expect("write");
    let snap = tx
        .sku_snapshot()
        .expect("snapshot")
        .expect("a fresh transaction has one");
    use stockroom::store::SkuRead;
    let e0 = snap
        .id_by_code("e-0")
        .expect("read")
        .expect("E-0 by its folded code");
    tx.put_new_skus(&[stockroom::domain::Sku::new(100, "NEW-1", "Новый")])
        .expect("put");
    assert!(tx.sku_snapshot().expect("snapshot").is_none());
    // The snapshot taken before still reads the start: no NEW-1 there.
    assert_eq!(snap.id_by_code("NEW-1").expect("read"), None);
    assert_eq!(snap.id_by_code("E-0").expect("read"), Some(e0));
    drop(snap);
    tx.abort().expect("abort");
}
