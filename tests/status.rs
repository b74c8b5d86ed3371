//! One stock status per SKU, the same word on every surface (stock-model.md, "Stock
//! status"): the SKU list as the TUI holds and draws it, its first page, the SKU detail
//! (TUI and `sku show --json`), `sku list --json` and `--low --json`, `alerts --json`, the
//! TUI's alerts and channel panes, `matrix --json` (whose withheld reasons must agree with
//! the status) and every channel's feed.
//!
//! Over the demo shop as of a pinned day (`demo --as-of`, `STOCKROOM_TEST_NOW`), with a
//! few SKUs added so that every status occurs: a shortage, orders waiting on backorder, an
//! archived SKU, an empty one, a minimum set by hand far above what sells, a new SKU
//! below its minimum.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;
use stockroom::domain::StockStatus;
use stockroom::inventory::{InventoryExt, LocalInventory};
use stockroom::tui::app::{App, PaneId};
use stockroom::tui::keymap::Keymap;
use stockroom::tui::view;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");
/// The demo's day and the clock every command runs at: 2026-11-20 12:00 UTC.
const TODAY: &str = "2026-11-20";
const NOW_TEXT: &str = "2026-11-20T12:00:00Z";
const NOW: i64 = 1_795_176_000_000;

struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Shop {
    fn run(&self, lang: &str, args: &[&str]) -> String {
        let out = Command::new(BIN)
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .env("STOCKROOM_TEST_NOW", NOW_TEXT)
            .env("STOCKROOM_LANG", lang)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("STOCKROOM_DB")
            .current_dir(self.dir.path())
            .output()
            .expect("run stockroom");
        assert!(
            out.status.success(),
            "stockroom {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    fn ok(&self, args: &[&str]) -> String {
        self.run("en", args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }
}

/// The demo as of TODAY, and the SKUs that make the statuses the demo lacks.
fn shop() -> Shop {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("shop.redb");
    let s = Shop { dir, db };
    s.ok(&["init"]);
    s.ok(&[
        "demo", "--skus", "120", "--days", "60", "--as-of", TODAY, "--seed", "42",
    ]);
    let add = |code: &str, extra: &[&str]| {
        let mut a = vec!["sku", "add", code, "--name", "Проверка статуса"];
        a.extend_from_slice(extra);
        s.ok(&a);
    };
    // More reserved than on hand: shortage.
    add("ST-SHORT", &[]);
    s.ok(&["receive", "ST-SHORT", "5"]);
    s.ok(&[
        "reserve",
        "ST-SHORT",
        "5",
        "--channel",
        "Ozon",
        "--order",
        "ST-1",
    ]);
    s.ok(&["adjust", "ST-SHORT", "--set", "2", "--reason", "count"]);
    // An order waits on backorder while one unit is here: shortage too.
    add("ST-BACK", &[]);
    s.ok(&["receive", "ST-BACK", "1"]);
    s.ok(&[
        "reserve",
        "ST-BACK",
        "3",
        "--channel",
        "Ozon",
        "--order",
        "ST-2",
        "--backorder",
    ]);
    // Archived, with stock.
    add("ST-ARCH", &[]);
    s.ok(&["receive", "ST-ARCH", "4"]);
    s.ok(&["sku", "archive", "ST-ARCH"]);
    // Never stocked: out.
    add("ST-EMPTY", &[]);
    // A minimum by hand (reorder point 42) far above what one sale in 28 days needs: the
    // 29 left last years, so the status is ok, not low.
    add(
        "ST-PLENTY",
        &["--min", "40", "--safety", "2", "--lead-days", "14"],
    );
    s.ok(&["receive", "ST-PLENTY", "30"]);
    s.ok(&["sell", "ST-PLENTY", "1", "--channel", "Shop till"]);
    // Nothing sold yet, below a minimum by hand: low, with an order to place.
    add("ST-NEW", &["--min", "4", "--safety", "1", "--pack", "6"]);
    s.ok(&["receive", "ST-NEW", "3"]);
    s
}

fn status_of(v: &Value) -> StockStatus {
    let name = v.as_str().unwrap_or_else(|| panic!("a status name: {v}"));
    StockStatus::parse(name).unwrap_or_else(|| panic!("unknown status {name}"))
}

/// code -> status from a JSON array of rows, the status under `key`.
fn statuses(rows: &Value, key: &str) -> BTreeMap<String, StockStatus> {
    rows.as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["code"].as_str().expect("code").to_string(),
                status_of(&r[key]),
            )
        })
        .collect()
}

fn screen(app: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view::render(f, app)).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn every_surface_shows_the_same_status_for_every_sku() {
    let s = shop();

    // ---- the command line ----------------------------------------------------------------
    let list = statuses(&s.json(&["sku", "list"]), "status");
    assert_eq!(list.len(), 126, "the demo's 120 SKUs and 6 more");
    let seen: BTreeSet<StockStatus> = list.values().copied().collect();
    assert_eq!(
        seen,
        StockStatus::ALL.into_iter().collect(),
        "every status occurs"
    );
    let want = |code: &str, st: StockStatus| assert_eq!(list[code], st, "{code}");
    want("ST-SHORT", StockStatus::Shortage);
    want("ST-BACK", StockStatus::Shortage);
    want("ST-ARCH", StockStatus::Archived);
    want("ST-EMPTY", StockStatus::Out);
    want("ST-PLENTY", StockStatus::Ok);
    want("ST-NEW", StockStatus::Low);

    // `sku list --low`: exactly the alert statuses, with the same words.
    let low = statuses(&s.json(&["sku", "list", "--low"]), "status");
    let alerting: BTreeMap<String, StockStatus> = list
        .iter()
        .filter(|(_, st)| st.is_alert())
        .map(|(c, st)| (c.clone(), *st))
        .collect();
    assert_eq!(low, alerting, "sku list --low");

    // `alerts`: the same SKUs, the same words (under the key `severity`); "low" always
    // has something to order.
    let alerts_json = s.json(&["alerts"]);
    assert_eq!(
        statuses(&alerts_json, "severity"),
        alerting,
        "alerts --json"
    );
    for a in alerts_json.as_array().unwrap() {
        if a["severity"] == "low" {
            assert!(a["suggested"].as_u64().unwrap() > 0, "low with 0: {a}");
        }
    }

    // `sku show --json` of every SKU. It reads one SKU's sales through its ledger index,
    // the alerts read every SKU's in one pass over the ledger's tail: the same units.
    let sold_in_alerts: BTreeMap<&str, u64> = alerts_json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["code"].as_str().unwrap(), a["sold"].as_u64().unwrap()))
        .collect();
    let mut from_sales = None;
    let mut by_spread = None;
    for (code, st) in &list {
        let d = s.json(&["sku", "show", code]);
        assert_eq!(status_of(&d["status"]), *st, "sku show {code}");
        if let Some(sold) = sold_in_alerts.get(code.as_str()) {
            assert_eq!(d["sold"].as_u64(), Some(*sold), "{code}: units sold");
        }
        for key in ["min_source", "safety_source"] {
            assert!(
                ["hand", "sales", "share_of_min", "lead_spread"]
                    .contains(&d[key].as_str().unwrap()),
                "{code} {key}: {d}"
            );
        }
        // The demo's erratic supplier: its spread sets safety where that is above the
        // share of min, and only where it has measured it.
        if d["safety_source"] == "lead_spread" {
            let lead = &d["supplier_lead"];
            assert!(lead["receipts"].as_u64() >= Some(3), "{code}: {d}");
            assert!(
                lead["p80"].as_f64() > lead["median"].as_f64(),
                "{code}: {d}"
            );
            by_spread = Some(code.clone());
        }
        if d["min_source"] == "sales" && d["velocity"].as_f64().unwrap() > 0.0 {
            from_sales = Some(code.clone());
        }
        if !st.is_alert() {
            assert_eq!(d["suggested"], 0, "{code}: {st:?} has nothing to order");
        }
    }
    let plenty = s.json(&["sku", "show", "ST-PLENTY"]);
    assert_eq!(
        (
            &plenty["reorder_point"],
            &plenty["min_source"],
            &plenty["days_of_cover"]
        ),
        (&Value::from(42), &Value::from("hand"), &Value::from(812)),
        "{plenty}"
    );

    // The matrix: the same status per row, and what each channel withholds agrees with it.
    let matrix = s.json(&["matrix"]);
    assert_eq!(statuses(&matrix, "status"), list, "matrix --json");

    // Every channel's feed shows what the matrix publishes.
    let channels: Vec<String> = s
        .json(&["channel", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    for ch in &channels {
        let feed = s.json(&["export", "feed", "--channel", ch]);
        let fed: BTreeMap<&str, u64> = feed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["code"].as_str().unwrap(), r["qty"].as_u64().unwrap()))
            .collect();
        for row in matrix.as_array().unwrap() {
            let code = row["code"].as_str().unwrap();
            let cell = row["channels"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["channel"] == ch.as_str())
                .unwrap();
            assert_eq!(
                Some(&cell["published"].as_u64().unwrap()),
                fed.get(code),
                "{ch} feed of {code}"
            );
        }
    }

    // In Russian the status is translated and the rate has a decimal comma.
    let ru = s.run("ru", &["sku", "show", "ST-PLENTY"]);
    assert!(ru.contains("статус: ок"), "{ru}");
    assert!(ru.contains("мин. 40 задан вручную"), "{ru}");
    let code = from_sales.expect("a demo SKU whose min comes from its sales");
    let ru = s.run("ru", &["sku", "show", &code]);
    let line = ru
        .lines()
        .find(|l| l.contains("по продажам"))
        .unwrap_or_else(|| panic!("{ru}"));
    // "мин. 23 по продажам: 3,43 в день × 7 дн."
    let rate = line.split(": ").nth(1).unwrap().split(' ').next().unwrap();
    assert!(
        rate.len() > 2 && rate.contains(',') && !rate.contains('.'),
        "{line}"
    );

    // The demo's erratic supplier sets some computed safety, and the detail says so.
    let code = by_spread.expect("a demo SKU whose safety covers its supplier's spread");
    let ru = s.run("ru", &["sku", "show", &code]);
    assert!(ru.contains("дн. разброса поставщика (p80 "), "{ru}");

    // ---- the TUI, on the same file at the same clock ---------------------------------------
    let inv = LocalInventory::open(&s.db, &stockroom::identity::current_user())
        .expect("open")
        .with_clock(Arc::new(|| NOW));
    let inv = Arc::new(inv);
    assert_eq!(
        statuses(
            &serde_json::to_value(inv.sku_page(None, 500).unwrap()).unwrap(),
            "status"
        ),
        list,
        "the first page the TUI draws before the full list"
    );
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.reload();
    let held: Vec<_> = (0..app.skus.len())
        .filter_map(|i| app.skus.row(i).cloned())
        .collect();
    assert_eq!(held.len(), app.skus.len(), "a small list keeps its rows");
    let rows: BTreeMap<String, StockStatus> =
        held.iter().map(|r| (r.code.clone(), r.status)).collect();
    assert_eq!(rows, list, "the SKU list as the TUI holds it");

    // As drawn: the last word of each row is its status word.
    let lines = screen(&mut app, 150, 140);
    let mut drawn = 0;
    for row in held.clone() {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("│{} ", row.code)))
            .unwrap_or_else(|| panic!("{} is on screen", row.code));
        // The SKU pane is the first box of the line: up to its right border.
        let left = line.split('│').nth(1).unwrap().trim_end();
        let word = left.rsplit(' ').next().unwrap();
        assert_eq!(word, stockroom::present::status::word(row.status), "{line}");
        drawn += 1;
    }
    assert_eq!(drawn, 126);

    // The detail of every SKU, opened from the list as a person does.
    for i in 0..app.skus.list.visible.len() {
        app.skus.list.cursor = i;
        let code = app.selected_sku().unwrap().code.clone();
        app.type_keys("enter");
        let d = app.detail.as_ref().expect("the detail is open");
        assert_eq!((d.code.as_str(), d.status), (code.as_str(), list[&code]));
        let text = screen(&mut app, 120, 40).join("\n");
        let word = stockroom::present::status::word(list[&code]);
        let summary = text
            .lines()
            .find(|l| l.contains("on hand") && l.contains("avail"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(summary.contains(word), "{code}: {summary}");
        assert!(
            text.contains("set by hand") || text.contains("from sales"),
            "{code} says where min comes from:\n{text}"
        );
        app.type_keys("esc");
        assert!(app.detail.is_none());
    }

    // The alerts pane and the channel pane.
    app.type_keys("3");
    assert_eq!(app.pane, PaneId::Alerts);
    let pane: BTreeMap<String, StockStatus> = app
        .alerts
        .rows
        .iter()
        .map(|r| (r.code.clone(), r.status))
        .collect();
    assert_eq!(pane, alerting, "the alerts pane");
    app.type_keys("4");
    assert_eq!(app.pane, PaneId::Channels);
    let m = &app.matrix;
    let keep: BTreeMap<&str, (bool, bool)> = m
        .channels
        .iter()
        .map(|c| (c.name.as_str(), (c.keep_when_low, c.paused)))
        .collect();
    for row in &m.rows {
        assert_eq!(row.status, list[&row.code], "channel pane {}", row.code);
        for c in &row.channels {
            let (keep_when_low, paused) = keep[c.channel.as_str()];
            let why = c.withheld.as_deref();
            let ctx = format!(
                "{} on {}: {:?}, withheld {why:?}",
                row.code, c.channel, row.status
            );
            match row.status {
                _ if paused => assert_eq!(why, Some("paused"), "{ctx}"),
                StockStatus::Archived => assert_eq!(why, Some("archived"), "{ctx}"),
                StockStatus::Ok => assert_eq!(why, None, "{ctx}"),
                StockStatus::Shortage if row.available < 0 || !keep_when_low => {
                    assert_eq!(why, Some("shortage"), "{ctx}")
                }
                StockStatus::Out | StockStatus::Critical | StockStatus::Low if !keep_when_low => {
                    assert_eq!(why, Some("near_minimum"), "{ctx}")
                }
                _ => assert_eq!(why, None, "{ctx}"),
            }
            if why.is_some() {
                assert_eq!(c.published, 0, "{ctx}");
            }
        }
    }
    drop(app);
    drop(inv);
    let _ = std::fs::remove_file(Path::new(&s.db));
}
