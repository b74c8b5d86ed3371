//! The day view (key `D`): the day report of today over the panes, stepped to the previous
//! and next day, drawn at 120x40, 80x24 and 40x16 in English and Russian.

mod demo_file;
use std::sync::Mutex;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::DemoSpec;
use stockroom::i18n::{self, Lang};
use stockroom::tui::app::App;
use stockroom::tui::keymap::Keymap;
use stockroom::tui::view;

/// 2026-11-20 12:00 UTC, as in tests/tui.rs.
const NOW: i64 = 1_795_176_000_000;

static LANG: Mutex<()> = Mutex::new(());

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t.backend().to_string()
}

/// Runs `check` on an app over a month of demo history, in `lang`.
fn with_app(lang: Lang, check: impl FnOnce(&mut App)) {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    // Local days in Moscow (UTC+3 all year, a POSIX rule: no zone files needed), whatever
    // the machine's zone. Every test here sets it under the lock, before any clock is read.
    // SAFETY: the tests of this file run one at a time under `LANG`, and nothing else in
    // this test process reads the environment meanwhile.
    unsafe { std::env::set_var("TZ", "MSK-3") };
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        skus: 24,
        days: 30,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), lang, "owner", &spec, NOW);
    let mut app = App::new(inv, Keymap::defaults());
    app.now_ms = NOW;
    app.reload();
    check(&mut app);
}

#[test]
fn d_opens_today_arrows_step_days_and_esc_closes() {
    with_app(Lang::En, |app| {
        app.type_keys("D");
        let today = app.day.as_ref().expect("the day view is open").date;
        let report = app
            .day
            .as_ref()
            .and_then(|v| v.report.clone())
            .expect("read");
        // The same report `stockroom day` reads for that local day.
        assert!(report.from <= report.to);
        app.type_keys("left left");
        let v = app.day.as_ref().expect("still open");
        assert_eq!(v.date, today - chrono::Days::new(2));
        // Yesterday and the day before saw sales in the demo.
        let before = v.report.as_ref().expect("read");
        assert!(before.sold + before.shipped > 0, "{before:?}");
        app.type_keys("right");
        assert_eq!(
            app.day.as_ref().map(|v| v.date),
            Some(today - chrono::Days::new(1))
        );
        // → stops at today: a day still to come has nothing to report.
        app.type_keys("right right right");
        assert_eq!(app.day.as_ref().map(|v| v.date), Some(today));
        app.type_keys("esc");
        assert!(app.day.is_none());
    });
}

#[test]
fn snapshot_day_view() {
    for (lang, l) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        with_app(lang, |app| {
            // Yesterday: a full day of the demo.
            app.type_keys("D left");
            let sizes: &[(u16, u16)] = if l == "en" {
                &[(120, 40), (80, 24), (40, 16)]
            } else {
                &[(120, 40), (80, 24)]
            };
            for &(w, h) in sizes {
                let s = screen(app, w, h);
                let title = if l == "en" {
                    "The day"
                } else {
                    "Итоги дня"
                };
                assert!(s.contains(title), "{s}");
                insta::assert_snapshot!(format!("day_{w}x{h}_{l}"), s);
            }
        });
    }
}
