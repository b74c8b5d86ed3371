//! The Alerts pane, keys in and state out, and drawn at 120x40, 80x24 (and 40x16) in
//! English and Russian with the defect chart, compared with insta snapshots.

mod demo_file;
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::{DemoSpec, generate_at};
use stockroom::domain::StockStatus;
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{InventoryExt, LocalInventory};
use stockroom::tui::app::{App, PaneId, Status};
use stockroom::tui::keymap::Keymap;
use stockroom::tui::view;

/// 2026-11-20 12:00 UTC, as in tests/tui.rs: the same database every time.
const NOW: i64 = 1_795_176_000_000;

/// The interface language is process-wide; tests that draw take turns.
static LANG: Mutex<()> = Mutex::new(());

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    inv: Arc<LocalInventory>,
    _guard: MutexGuard<'static, ()>,
}

fn fixture(lang: Lang) -> Fixture {
    let guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    // A month of history: long enough for stock to run low and defects to pile up.
    let spec = DemoSpec {
        skus: 24,
        days: 30,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), lang, "owner", &spec, NOW);
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.reload();
    Fixture {
        _dir: dir,
        app,
        inv,
        _guard: guard,
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t.backend().to_string()
}

fn info(app: &App) -> String {
    match &app.status {
        Some(Status::Info(s)) => s.clone(),
        other => panic!("status {other:?}"),
    }
}

#[test]
fn alerts_are_sorted_by_severity_then_cover() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("3");
    assert_eq!(f.app.pane, PaneId::Alerts);
    let rows = &f.app.alerts.rows;
    assert!(
        rows.len() >= 3,
        "the demo leaves some SKUs low: {}",
        rows.len()
    );
    assert!(rows.iter().all(|r| r.status != StockStatus::Ok));
    let keys: Vec<(StockStatus, u64)> = rows
        .iter()
        .map(|r| (r.status, r.days_of_cover.unwrap_or(u64::MAX)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(f.inv.alerts(28, false).unwrap(), *rows);
}

#[test]
fn enter_and_the_sku_keys_work_on_the_selected_alert() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("3 j");
    let code = f.app.selected_alert().unwrap().code.clone();
    assert_eq!(f.app.selected_sku().unwrap().code, code);
    f.app.type_keys("enter");
    assert_eq!(f.app.detail.as_ref().unwrap().code, code);
    f.app.type_keys("esc r");
    let form = f.app.form.as_ref().expect("the receive form");
    assert!(form.title().contains(&code), "{}", form.title());
}

#[test]
fn marking_and_p_twice_order_from_each_supplier() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("3");
    let rows = f.app.alerts.rows.clone();
    let picked: Vec<_> = rows.iter().filter(|r| r.suggested > 0).take(3).collect();
    assert_eq!(picked.len(), 3, "three alerts with something to order");
    for r in &picked {
        let i = rows.iter().position(|x| x.code == r.code).unwrap();
        f.app.alerts.list.cursor = i;
        f.app.type_keys("space");
    }
    assert_eq!(f.app.alerts.marked.len(), 3);
    // The demo's own orders are there before.
    let before = f.inv.purchase_orders(true).unwrap().len();
    // The first p only says what would be ordered.
    f.app.type_keys("p");
    assert!(info(&f.app).contains("press p again"), "{}", info(&f.app));
    assert_eq!(f.inv.purchase_orders(true).unwrap().len(), before);
    f.app.type_keys("p");
    let mut orders = f.inv.purchase_orders(true).unwrap();
    // Newest first: the ones just made.
    orders.truncate(orders.len() - before);
    let mut suppliers: Vec<_> = picked.iter().map(|r| r.supplier.clone().unwrap()).collect();
    suppliers.sort();
    suppliers.dedup();
    assert_eq!(orders.len(), suppliers.len());
    for r in &picked {
        let line = orders
            .iter()
            .flat_map(|p| &p.lines)
            .find(|l| l.code == r.code)
            .unwrap();
        assert_eq!(line.ordered, r.suggested);
    }
    assert!(info(&f.app).starts_with("Created"), "{}", info(&f.app));
    assert!(f.app.alerts.marked.is_empty());
    // Now on order: the alerts know it.
    for r in &picked {
        if let Some(now) = f.app.alerts.rows.iter().find(|x| x.code == r.code) {
            assert_eq!(now.on_order, r.suggested);
            assert_eq!(now.suggested, 0);
        }
    }
}

#[test]
fn z_snoozes_the_selected_alert_for_a_week() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("3");
    let n = f.app.alerts.rows.len();
    let code = f.app.selected_alert().unwrap().code.clone();
    f.app.type_keys("z");
    // A week after 2026-11-20 12:00 UTC, as a local date ("27 Nov 2026" in UTC; a day
    // either side in other zones), not the raw UTC time.
    let said = info(&f.app);
    assert!(
        ["26", "27", "28"]
            .iter()
            .any(|d| said.contains(&format!("snoozed until {d} Nov 2026"))),
        "{said}"
    );
    assert!(!said.contains("2026-11-27T"), "{said}");
    assert_eq!(f.app.alerts.rows.len(), n - 1);
    assert!(f.app.alerts.rows.iter().all(|r| r.code != code));
    let all = f.inv.alerts(28, true).unwrap();
    assert!(
        all.iter()
            .any(|r| r.code == code && r.snoozed_until.is_some())
    );
}

#[test]
fn b_shows_the_defect_chart_and_esc_goes_back() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("3 b");
    assert!(f.app.alerts.chart);
    let report = f.app.alerts.defects.clone().unwrap();
    assert!(report.units > 0, "the demo has defects");
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("Defects, last 28 days"), "{s}");
    f.app.type_keys("esc");
    assert!(!f.app.alerts.chart);
    f.app.type_keys("b b");
    assert!(!f.app.alerts.chart);
}

// ---- rendering ----------------------------------------------------------------------

fn snap(name: &str, lang: Lang, keys: &str, sizes: &[(u16, u16)]) {
    for &(w, h) in sizes {
        let mut f = fixture(lang);
        f.app.type_keys(keys);
        let s = screen(&mut f.app, w, h);
        let l = if lang == Lang::Ru { "ru" } else { "en" };
        insta::assert_snapshot!(format!("{name}_{w}x{h}_{l}"), s);
    }
}

#[test]
fn snapshot_alerts() {
    snap("alerts", Lang::En, "3 j", &[(120, 40), (80, 24), (40, 16)]);
    snap("alerts", Lang::Ru, "3 j", &[(120, 40), (80, 24)]);
    snap("alerts_marked", Lang::En, "3 space space p", &[(80, 24)]);
}

#[test]
fn snapshot_defect_chart() {
    snap("defects", Lang::En, "3 b", &[(120, 40), (80, 24)]);
    snap("defects", Lang::Ru, "3 b", &[(120, 40), (80, 24)]);
}

/// An order past its expected date is named above the alerts, in both languages.
#[test]
fn late_purchase_orders_show_above_the_alerts() {
    use std::sync::atomic::{AtomicI64, Ordering};
    use stockroom::inventory::{Command, Inventory};
    for (lang, l) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        let guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
        i18n::set_lang(lang);
        let dir = tempfile::tempdir().unwrap();
        let (inv, _) = LocalInventory::open_or_init(&dir.path().join("t.redb"), "owner").unwrap();
        let clock = Arc::new(AtomicI64::new(NOW));
        let c = clock.clone();
        let inv = Arc::new(inv.with_clock(Arc::new(move || c.load(Ordering::Relaxed))));
        let spec = DemoSpec {
            skus: 24,
            days: 30,
            seed: 7,
            seasons: false,
        };
        generate_at(&inv, &spec, NOW).unwrap();
        let code = inv.catalog().unwrap()[0].code.clone();
        inv.execute(Command::PoCreate {
            supplier: Some("Чайный двор".into()),
            lines: vec![(code, 12)],
            from_alerts: false,
            only: Vec::new(),
            window: 28,
            // Two days from now.
            expected: Some(NOW + 2 * 86_400_000),
        })
        .unwrap();
        // Three days on, nothing has arrived.
        let later = NOW + 3 * 86_400_000;
        clock.store(later, Ordering::Relaxed);
        let mut app = App::new(inv.clone(), Keymap::defaults());
        app.now_ms = later;
        app.reload();
        app.type_keys("3");
        // This one, and the demo's order from its erratic supplier, overdue since before.
        let id = inv.purchase_orders(true).unwrap()[0].id;
        assert_eq!(id, 11, "after the demo's ten");
        assert_eq!(app.alerts.late_orders.len(), 2);
        let s = screen(&mut app, 80, 24);
        assert!(
            s.contains(if l == "en" {
                "Late: PO #11"
            } else {
                "Опаздывает: заказ №11"
            }),
            "{s}"
        );
        insta::assert_snapshot!(format!("alerts_late_po_80x24_{l}"), s);
        if l == "en" {
            insta::assert_snapshot!("alerts_late_po_120x40_en", screen(&mut app, 120, 40));
            insta::assert_snapshot!("alerts_late_po_40x16_en", screen(&mut app, 40, 16));
        }
        drop(guard);
    }
}
