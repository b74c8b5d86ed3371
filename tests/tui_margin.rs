//! The margin view (key `M`): the margin report of the last 30 local days over the panes,
//! grouped by channel, SKU or supplier, stepped by its period, drawn at 120x40, 80x24 and
//! 40x16 in English and Russian over a shop whose every figure is worked out by hand.

mod shop;

mod demo_file;
use std::sync::{Arc, Mutex};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shop::Shop;
use stockroom::demo::DemoSpec;
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{InventoryExt, LocalInventory};
use stockroom::tui::app::App;
use stockroom::tui::keymap::Keymap;
use stockroom::tui::view;

/// 2026-03-04 10:00 UTC: 13:00 in Moscow, the day after the shop's last sale.
const NOW: i64 = 1_772_618_400_000;

static LANG: Mutex<()> = Mutex::new(());

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t.backend().to_string()
}

/// Mugs (cost 400, price 1200; 990 on Ozon) and tea (cost 100, price 250) sold on Ozon
/// (20 % commission, 30 a order) and at the till (neither) on Mar 2 in Moscow; on Mar 3
/// Ozon's commission is 10 %, the mug sells there at its own price again and the shipment's
/// delivery costs 150.
fn margin_shop() -> Shop {
    let s = Shop::new("2026-03-01T08:00:00Z");
    let t = "2026-03-01T09:00:00Z";
    for (code, name, cost, price, supplier) in [
        ("MUG", "Кружка", "400", "1200", "Gzhel"),
        ("TEA", "Чай", "100", "250", "Tula"),
    ] {
        s.ok(
            t,
            &[
                "sku",
                "add",
                code,
                "--name",
                name,
                "--cost",
                cost,
                "--price",
                price,
                "--supplier",
                supplier,
            ],
        );
    }
    s.ozon_and_till(t);
    s.ok(t, &["sku", "price", "MUG", "--channel", "Ozon", "990"]);
    s.ok(t, &["receive", "MUG", "10"]);
    s.ok(t, &["receive", "TEA", "20"]);
    let d2 = "2026-03-02T09:00:00Z";
    s.ok(d2, &["sell", "MUG", "2", "--channel", "Till"]);
    for (code, qty, id) in [("MUG", "3", "1"), ("TEA", "4", "2")] {
        s.ok(
            d2,
            &["reserve", code, qty, "--channel", "Ozon", "--order", "OZ-1"],
        );
        s.ok(d2, &["ship", id]);
    }
    let d3 = "2026-03-03T09:00:00Z";
    s.ok(d3, &["channel", "rules", "Ozon", "--commission", "10"]);
    s.ok(d3, &["sku", "price", "MUG", "--channel", "Ozon", "none"]);
    s.ok(
        d3,
        &[
            "reserve",
            "MUG",
            "1",
            "--channel",
            "Ozon",
            "--order",
            "OZ-2",
        ],
    );
    s.ok(d3, &["ship", "3", "--delivery-cost", "150"]);
    s
}

/// Runs `check` on an app over the shop, in `lang`, with `keymap`.
fn with_app(lang: Lang, keymap: Keymap, check: impl FnOnce(&mut App, &LocalInventory)) {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    // Local days in Moscow (UTC+3 all year, a POSIX rule: no zone files needed), as the
    // shop's days were, whatever the machine's zone.
    // SAFETY: the tests of this file run one at a time under `LANG`, and nothing else in
    // this test process reads the environment meanwhile.
    unsafe { std::env::set_var("TZ", shop::MSK) };
    i18n::set_lang(lang);
    let s = margin_shop();
    // The shop's `init` made this process's user its owner.
    let me = stockroom::identity::current_user();
    let (inv, _) = LocalInventory::open_or_init(&s.db(), &me).unwrap();
    let inv = Arc::new(inv.with_clock(Arc::new(|| NOW)));
    let mut app = App::new(inv.clone(), keymap);
    app.now_ms = NOW;
    app.reload();
    check(&mut app, &inv);
}

/// The screen's line that starts (inside the border) with `start`.
fn line<'a>(s: &'a str, start: &str) -> &'a str {
    s.lines()
        .find(|l| l.trim_start_matches(['"', '│']).starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in\n{s}"))
}

#[test]
fn m_shows_the_margin_worked_out_by_hand() {
    with_app(Lang::En, Keymap::defaults(), |app, inv| {
        app.type_keys("M");
        let v = app.margin.as_ref().expect("the margin view is open");
        assert_eq!(
            (v.first().to_string(), v.last.to_string(), v.by()),
            ("2026-02-03".into(), "2026-03-04".into(), "channel")
        );
        // The very report `report margin` reads for those days.
        let from = stockroom::present::day::local_day_start(v.first());
        let to = stockroom::present::day::local_day_start(v.last.succ_opt().unwrap());
        let same = inv.margin_report(Some(from), Some(to), "channel").unwrap();
        assert_eq!(v.report.as_ref(), Some(&same));
        let s = screen(app, 120, 40);
        assert!(s.contains("Margin by channel, 30 days"), "{s}");
        assert!(s.contains("2026-02-03 – 2026-03-04, amounts in ₽"), "{s}");
        // Till: 2 mugs x 1200 = 2400, cost 800, no commission, fee or delivery: 1600, 800
        // a unit.
        let till = line(&s, "Till");
        for figure in ["2,400.00", "800.00", "1,600.00"] {
            assert!(till.contains(figure), "{till}");
        }
        // Ozon, Mar 2 (order OZ-1): 3 mugs x 990 + 4 teas x 250 = 3970, cost 1600, 20 % =
        // 794, one fee 30: 1546. Mar 3 (OZ-2): a mug at 1200, cost 400, 10 % = 120, a fee 30,
        // delivery 150: 500. 8 units, 5170 revenue, 914 commission, 60 fees, margin 2046,
        // 2046 / 8 = 255.75 a unit.
        let ozon = line(&s, "Ozon");
        for figure in [
            " 8 ", "5,170.00", "2,000.00", "914.00", "60.00", "150.00", "2,046.00", "255.75",
        ] {
            assert!(ozon.contains(figure), "{figure}: {ozon}");
        }
        // The total: 10 units, 7570 - 2800 - 914 - 60 - 150 = 3646, 364.60 a unit.
        let total = line(&s, "Total");
        for figure in [" 10 ", "7,570.00", "2,800.00", "3,646.00", "364.60"] {
            assert!(total.contains(figure), "{figure}: {total}");
        }
        // Most margin first (Ozon's 2046 above the till's 1600), and the till earns 800 -
        // 255.75 = 544.25 more a unit.
        assert!(s.find("│Ozon").unwrap() < s.find("│Till").unwrap(), "{s}");
        assert!(
            s.contains("Till earns 544.25 ₽ more per unit than Ozon"),
            "{s}"
        );
        // By SKU: mugs are the till's 1600, OZ-1's 2970 - 1200 - 594 - 30 = 1146 (the
        // order's fee goes with its first line) and OZ-2's 500: 3246; tea 1000 - 400 - 200 =
        // 400.
        app.type_keys("tab");
        let s = screen(app, 120, 40);
        assert!(s.contains("Margin by SKU, 30 days"), "{s}");
        assert!(line(&s, "MUG").contains("3,246.00"), "{s}");
        assert!(line(&s, "TEA").contains("400.00"), "{s}");
        assert!(line(&s, "Total").contains("3,646.00"), "{s}");
        assert!(!s.contains("more per unit than"), "{s}");
        // By supplier, then back to the channels.
        app.type_keys("g");
        let s = screen(app, 120, 40);
        assert!(line(&s, "Gzhel").contains("3,246.00"), "{s}");
        app.type_keys("tab");
        assert_eq!(app.margin.as_ref().map(|v| v.by()), Some("channel"));
        // The period: 30, then 90, 7 and 30 days again, ending today.
        app.type_keys("p");
        let v = app.margin.as_ref().expect("open");
        assert_eq!((v.days, v.first().to_string()), (90, "2025-12-05".into()));
        app.type_keys("p");
        let v = app.margin.as_ref().expect("open");
        assert_eq!((v.days, v.first().to_string()), (7, "2026-02-26".into()));
        assert!(line(&screen(app, 120, 40), "Total").contains("3,646.00"));
        app.type_keys("p");
        // ← a period back: nothing was sold then, and the view says so and what to do.
        app.type_keys("left");
        let v = app.margin.as_ref().expect("open");
        assert_eq!(
            (v.first().to_string(), v.last.to_string()),
            ("2026-01-04".into(), "2026-02-02".into())
        );
        let s = screen(app, 80, 24);
        assert!(s.contains("No sales in this period."), "{s}");
        assert!(s.contains("sku edit CODE --price"), "{s}");
        // → comes back, and never goes past today.
        app.type_keys("right right");
        assert_eq!(
            app.margin.as_ref().map(|v| v.last.to_string()),
            Some("2026-03-04".into())
        );
        app.type_keys("esc");
        assert!(app.margin.is_none());
    });
}

#[test]
fn the_rows_scroll_under_a_total_that_stays() {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: as in `with_app`.
    unsafe { std::env::set_var("TZ", shop::MSK) };
    i18n::set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        skus: 24,
        days: 30,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), Lang::En, "owner", &spec, NOW);
    let mut app = App::new(inv, Keymap::defaults());
    app.now_ms = NOW;
    app.reload();
    // By SKU: more rows than 80x24 shows.
    app.type_keys("M tab");
    let rows = app
        .margin
        .as_ref()
        .and_then(|v| v.report.as_ref())
        .map(|r| r.rows.len())
        .unwrap_or(0);
    assert!(rows > 20, "{rows} SKUs sold");
    let total = app
        .margin
        .as_ref()
        .and_then(|v| v.report.as_ref())
        .map(|r| r.total.margin.clone())
        .expect("read");
    let total = i18n::money_text(&total);
    let top = screen(&mut app, 80, 24);
    assert!(line(&top, "Total").contains(&total), "{top}");
    app.type_keys("pgdn pgdn pgdn");
    let end = screen(&mut app, 80, 24);
    assert_ne!(end, top);
    assert!(line(&end, "Total").contains(&total), "{end}");
    // Scrolled as far as it goes, one key up is one line up, and back to the top.
    app.type_keys("up");
    let up = screen(&mut app, 80, 24);
    assert_ne!(up, end);
    app.type_keys("home");
    assert_eq!(screen(&mut app, 80, 24), top);
}

#[test]
fn keymap_toml_rebinds_the_margin_keys() {
    let mut keymap = Keymap::defaults();
    keymap
        .merge_text(
            "keymap.toml",
            "[global]\nM = \"no_op\"\nf2 = \"show_margin\"\n\n[margin]\np = \"no_op\"\nd = \"margin_period\"\n",
        )
        .expect("a good file");
    with_app(Lang::En, keymap, |app, _| {
        app.type_keys("M");
        assert!(app.margin.is_none(), "M is unbound");
        app.type_keys("f2");
        assert!(app.margin.is_some(), "f2 opens it");
        let s = screen(app, 80, 24);
        assert!(s.contains("d 7/30/90 days"), "{s}");
        app.type_keys("d");
        assert_eq!(app.margin.as_ref().map(|v| v.days), Some(90));
        // p is no longer the view's: as any other key, it closes it.
        app.type_keys("p");
        assert!(app.margin.is_none());
    });
}

#[test]
fn snapshot_margin_view() {
    for (lang, l) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        with_app(lang, Keymap::defaults(), |app, _| {
            app.type_keys("M");
            for (w, h) in [(120, 40), (80, 24), (40, 16)] {
                let s = screen(app, w, h);
                // Every figure is whole: the total's margin is on screen at every size.
                let margin = if l == "en" {
                    "3,646.00"
                } else {
                    "3\u{a0}646,00"
                };
                assert!(s.contains(margin), "{s}");
                insta::assert_snapshot!(format!("margin_{w}x{h}_{l}"), s);
            }
            app.type_keys("tab");
            insta::assert_snapshot!(format!("margin_sku_80x24_{l}"), screen(app, 80, 24));
            app.type_keys("tab tab left");
            insta::assert_snapshot!(format!("margin_empty_80x24_{l}"), screen(app, 80, 24));
        });
    }
}

#[test]
fn the_help_lists_the_margin_keys() {
    with_app(Lang::En, Keymap::defaults(), |app, _| {
        app.type_keys("?");
        let mut seen = String::new();
        for _ in 0..12 {
            seen.push_str(&screen(app, 120, 40));
            app.type_keys("pgdn");
        }
        assert!(
            seen.contains("M         Margin by channel, SKU or supplier (← → period)"),
            "{seen}"
        );
        assert!(seen.contains("[Margin view]"), "{seen}");
        assert!(
            seen.contains("p         Margin: 7, 30 or 90 days"),
            "{seen}"
        );
        assert!(
            seen.contains("Tab       Margin: by channel, by SKU, by supplier"),
            "{seen}"
        );
    });
}
