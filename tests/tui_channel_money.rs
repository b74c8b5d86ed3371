//! The channel rules form of the TUI edits the channel's commission and fee per order,
//! checked as the command line checks them, and drawn at 80x24 in English and Russian.

mod demo_file;
use std::sync::Mutex;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::DemoSpec;
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{InventoryExt, LocalInventory};
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

fn with_app(lang: Lang, check: impl FnOnce(&mut App, &LocalInventory)) {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        skus: 12,
        days: 10,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), lang, "owner", &spec, NOW);
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.reload();
    check(&mut app, &inv);
}

/// Tab from the first field (priority) to the commission, the 8th.
const TO_COMMISSION: &str = "tab tab tab tab tab tab tab";

#[test]
fn the_rules_form_edits_commission_and_fee_and_refuses_what_the_cli_refuses() {
    with_app(Lang::En, |app, inv| {
        app.type_keys("4");
        let name = app.matrix.channels[0].name.clone();
        let before = app.matrix.channels[0].clone();
        app.type_keys(&format!("e {TO_COMMISSION} text:150"));
        let form = app.form.as_ref().expect("the form is open");
        let field = &form.fields[7];
        assert_eq!(field.value, "150");
        assert_eq!(field.error.as_deref(), Some("must be at most 100"));
        // Enter saves nothing while a field is wrong.
        app.type_keys("enter");
        assert!(app.form.is_some());
        // A fee that is not money is refused too.
        app.type_keys("backspace backspace backspace text:12,5 tab text:много");
        let form = app.form.as_ref().expect("open");
        assert_eq!(form.fields[7].error, None);
        assert!(form.fields[8].error.is_some(), "{:?}", form.fields[8]);
        app.type_keys("enter");
        assert!(app.form.is_some());
        let (channels, _) = inv.matrix().unwrap();
        let now = channels.iter().find(|c| c.name == name).unwrap();
        assert_eq!(now.commission_pct, before.commission_pct);
        // Put right, it saves both.
        app.type_keys("esc");
        app.type_keys(&format!("e {TO_COMMISSION} text:12,5 tab text:30 enter"));
        assert!(
            app.form.is_none(),
            "{:?}",
            app.form.as_ref().map(|f| &f.error)
        );
        let (channels, _) = inv.matrix().unwrap();
        let now = channels.iter().find(|c| c.name == name).unwrap();
        assert_eq!(
            (now.commission_pct.as_str(), now.order_fee.as_str()),
            ("12.50", "30.00")
        );
    });
}

#[test]
fn snapshot_rules_form_with_money() {
    for (lang, l) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        with_app(lang, |app, _| {
            app.type_keys(&format!("4 e {TO_COMMISSION} text:150"));
            let s = screen(app, 80, 24);
            insta::assert_snapshot!(format!("rules_money_80x24_{l}"), s);
        });
    }
}
