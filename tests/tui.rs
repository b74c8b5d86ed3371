//! The TUI, keys in and state out (helix style), and every pane drawn at
//! 120x40, 80x24 and 40x16 in English and Russian, compared with insta snapshots.

mod demo_file;
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::{DemoSpec, generate_at};
use stockroom::domain::{Delivery, DeliveryMethod};
use stockroom::i18n::{self, Lang};
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory};
use stockroom::tui::app::{App, Pane, PaneId, Status};
use stockroom::tui::form::FieldId;
use stockroom::tui::keymap::Keymap;
use stockroom::tui::scanner::ManualClock;
use stockroom::tui::view;

/// 2026-11-20 12:00 UTC: every test sees the same clock and the same demo.
const NOW: i64 = 1_795_176_000_000;

/// The interface language is process-wide; tests that draw take turns.
static LANG: Mutex<()> = Mutex::new(());

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    inv: Arc<LocalInventory>,
    _guard: MutexGuard<'static, ()>,
}

fn fixture_with(lang: Lang, keymap: Keymap) -> Fixture {
    let guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(lang);
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        skus: 24,
        days: 14,
        seed: 7,
        seasons: false,
    };
    let inv = demo_file::demo_inventory(dir.path(), lang, "owner", &spec, NOW);
    let mut app = App::new(inv.clone(), keymap);
    app.now_ms = NOW;
    // Key timing is the test's: the clock moves only when a test moves it.
    app.clock = ManualClock::new().clock();
    app.reload();
    Fixture {
        _dir: dir,
        app,
        inv,
        _guard: guard,
    }
}

fn fixture(lang: Lang) -> Fixture {
    fixture_with(lang, Keymap::defaults())
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t.backend().to_string()
}

fn on_hand(inv: &LocalInventory, code: &str) -> u64 {
    inv.sku_detail(code, 0).unwrap().on_hand
}

// ---- state: keys in, state out ------------------------------------------------------

#[test]
fn cursor_moves_and_sequences_work() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("j j");
    assert_eq!(f.app.skus.list.cursor, 2);
    f.app.type_keys("G");
    assert_eq!(f.app.skus.list.cursor, f.app.skus.list.visible.len() - 1);
    f.app.type_keys("g g");
    assert_eq!(f.app.skus.list.cursor, 0);
    f.app.type_keys("2");
    assert_eq!(f.app.pane, PaneId::Reservations);
    f.app.type_keys("tab");
    assert_eq!(f.app.pane, PaneId::Alerts);
    f.app.type_keys("shift-tab shift-tab");
    assert_eq!(f.app.pane, PaneId::Skus);
}

#[test]
fn fuzzy_filter_narrows_as_you_type_and_esc_clears() {
    let mut f = fixture(Lang::En);
    let all = f.app.skus.list.visible.len();
    f.app.type_keys("/ text:чай");
    assert!(f.app.filter_editing);
    let n = f.app.skus.list.visible.len();
    assert!(n > 0 && n < all, "{n} of {all}");
    for &i in &f.app.skus.list.visible {
        assert!(
            f.app
                .skus
                .row(i)
                .unwrap()
                .name
                .to_lowercase()
                .contains("чай"),
            "{}",
            f.app.skus.row(i).unwrap().name
        );
    }
    f.app.type_keys("enter");
    assert!(!f.app.filter_editing);
    assert_eq!(f.app.skus.list.visible.len(), n);
    f.app.type_keys("esc");
    assert_eq!(f.app.skus.list.visible.len(), all);
}

#[test]
fn filter_matches_barcodes() {
    let mut f = fixture(Lang::En);
    let target = f.app.skus.row(5).unwrap().clone();
    f.app
        .type_keys(&format!("/ text:{} enter", target.barcodes[0]));
    let first = f.app.skus.list.visible[0];
    assert_eq!(f.app.skus.row(first).unwrap().code, target.code);
}

#[test]
fn receive_through_the_form_writes_one_movement() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    let before = on_hand(&f.inv, &code);
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.type_keys("enter r text:3");
    assert!(f.app.form.is_some());
    // Nothing is written before Enter.
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    f.app.type_keys("enter");
    assert!(f.app.form.is_none());
    assert_eq!(on_hand(&f.inv, &code), before + 3);
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries + 1);
    match &f.app.status {
        Some(Status::Info(s)) => assert!(s.contains("receive 3 x"), "{s}"),
        other => panic!("status {other:?}"),
    }
    // The detail view shows the new level.
    assert_eq!(f.app.detail.as_ref().unwrap().on_hand, before + 3);
}

#[test]
fn invalid_form_writes_nothing_and_esc_leaves() {
    let mut f = fixture(Lang::En);
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.type_keys("r text:1.5");
    let form = f.app.form.as_ref().unwrap();
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap()
            .contains("whole number")
    );
    f.app.type_keys("enter");
    assert!(f.app.form.is_some(), "an invalid form stays open");
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    f.app.type_keys("esc");
    assert!(f.app.form.is_none());
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
}

#[test]
fn adjust_asks_for_confirmation() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.type_keys("a text:+5 tab text:recount enter");
    assert!(f.app.form.as_ref().unwrap().confirming);
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    let before = on_hand(&f.inv, &code);
    f.app.type_keys("enter");
    assert!(f.app.form.is_none());
    assert_eq!(on_hand(&f.inv, &code), before + 5);
}

#[test]
fn a_refused_command_keeps_the_form_open_with_the_reason() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("s text:999999");
    f.app.type_keys("enter");
    // A quantity far beyond the usual asks first.
    assert!(f.app.form.as_ref().unwrap().asking.is_some());
    f.app.type_keys("enter");
    let form = f.app.form.as_ref().expect("form stays open");
    assert!(
        form.error.as_deref().unwrap().contains("insufficient"),
        "{:?}",
        form.error
    );
}

#[test]
fn remapped_keys_work_and_show_in_the_hints() {
    let mut km = Keymap::defaults();
    km.merge_text(
        "keymap.toml",
        "[list]\nn = \"cursor_down\"\nj = \"no_op\"\n",
    )
    .unwrap();
    let mut f = fixture_with(Lang::En, km);
    f.app.type_keys("j");
    assert_eq!(f.app.skus.list.cursor, 0, "j is unbound");
    f.app.type_keys("n n");
    assert_eq!(f.app.skus.list.cursor, 2);
    f.app.type_keys("?");
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("n         Down"), "{s}");
    assert!(!s.contains("j         Down"), "{s}");
}

/// A reservation of 5 that the tests below can pick, ship and release.
fn own_reservation(f: &mut Fixture) -> (u64, String, String) {
    let code = f.app.skus.row(0).unwrap().code.clone();
    let barcode = f.app.skus.row(0).unwrap().barcodes[0].clone();
    f.inv
        .execute(Command::Receive {
            sku: code.clone(),
            qty: 10,
            at: None,
            reference: None,
        })
        .unwrap();
    let a = f
        .inv
        .execute(Command::Reserve {
            sku: code.clone(),
            qty: 5,
            channel: "Ozon".into(),
            order: Some("T-1".into()),
            at: None,
            delivery: Delivery::default(),
        })
        .unwrap();
    let id = match a.outcome {
        stockroom::inventory::Outcome::Reserved(r) => r.reservation,
        other => panic!("{other:?}"),
    };
    f.app.reload();
    f.app.type_keys("2 G");
    assert_eq!(f.app.selected_reservation().unwrap().reservation, id);
    (id, code, barcode)
}

fn reservation(inv: &LocalInventory, id: u64) -> stockroom::inventory::ReservationView {
    inv.reservations(None, true)
        .unwrap()
        .into_iter()
        .find(|r| r.reservation == id)
        .unwrap()
}

#[test]
fn pick_by_scan_right_and_wrong_barcode() {
    let mut f = fixture(Lang::En);
    let (id, code, barcode) = own_reservation(&mut f);
    f.app
        .type_keys(&format!("enter text:{barcode} enter text:{barcode} enter"));
    assert_eq!(reservation(&f.inv, id).picked, 2);
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.type_keys("text:0000000000000 enter");
    match &f.app.status {
        Some(Status::Error(e)) => assert!(e.contains("wrong item") && e.contains(&code), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(reservation(&f.inv, id).picked, 2);
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    f.app.type_keys(&format!(
        "text:{barcode} enter text:{barcode} enter text:{barcode} enter"
    ));
    let r = reservation(&f.inv, id);
    assert_eq!((r.picked, r.status.as_str()), (5, "picked"));
    assert!(
        f.app.scan.is_none(),
        "scanning ends when the order is complete"
    );
    // Picking it again opens no prompt: nothing is left to scan, and it says what is next.
    assert_eq!(
        f.app.reservations.selected().map(|r| r.reservation),
        Some(id)
    );
    f.app.type_keys("p");
    assert!(f.app.scan.is_none());
    match &f.app.status {
        Some(Status::Info(i)) => assert!(i.contains("all 5 picked") && i.contains("ships"), "{i}"),
        other => panic!("{other:?}"),
    }
    // That message is about the queue: another tab does not carry it.
    f.app.type_keys("1");
    assert!(f.app.status.is_none(), "{:?}", f.app.status);
}

#[test]
fn partial_ship_then_release_with_confirmation() {
    let mut f = fixture(Lang::En);
    let (id, code, _) = own_reservation(&mut f);
    let before = on_hand(&f.inv, &code);
    f.app.type_keys("s text:2 tab text:TRACK1 enter");
    // Nothing was picked: shipping more than picked asks again.
    assert!(f.app.form.as_ref().unwrap().asking.is_some());
    assert_eq!(reservation(&f.inv, id).remaining, 5);
    f.app.type_keys("enter");
    let r = reservation(&f.inv, id);
    assert_eq!((r.remaining, r.tracking.as_deref()), (3, Some("TRACK1")));
    assert_eq!(on_hand(&f.inv, &code), before - 2);
    f.app.type_keys("G x text:customer enter");
    assert!(f.app.form.as_ref().unwrap().confirming);
    assert_eq!(reservation(&f.inv, id).status.as_str(), "open");
    f.app.type_keys("enter");
    assert_eq!(reservation(&f.inv, id).status.as_str(), "cancelled");
}

#[test]
fn return_at_the_packing_desk_goes_to_defective() {
    let mut f = fixture(Lang::En);
    let (id, code, _) = own_reservation(&mut f);
    let before = f.inv.sku_detail(&code, 0).unwrap().defective;
    // Nothing of this order has shipped: nothing can come back against it, and no
    // form opens to type one.
    f.app.type_keys("u");
    assert!(f.app.form.is_none());
    match &f.app.status {
        Some(Status::Error(e)) => assert!(e.contains("shipped none"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.inv.sku_detail(&code, 0).unwrap().defective, before);
    // Two shipped; one comes back damaged.
    f.app.type_keys("s text:2 enter enter");
    assert_eq!(reservation(&f.inv, id).remaining, 3);
    // Quantity, channel, then the outcome: cycle from restock to shipping_damage.
    f.app.type_keys("u tab tab right enter");
    assert_eq!(f.inv.sku_detail(&code, 0).unwrap().defective, before + 1);
    let h = f.inv.history(Some(code), 1).unwrap();
    assert_eq!(h[0].kind.to_string(), "return_defect:shipping_damage");
}

#[test]
fn queue_filters_by_channel_and_delivery() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("2");
    let all = f.app.reservations.list.visible.len();
    f.app.type_keys("c");
    let ch = f.app.reservations.channel.clone().unwrap();
    assert!(
        f.app
            .reservations
            .list
            .visible
            .iter()
            .all(|&i| f.app.reservations.rows[i].channel == ch)
    );
    assert!(f.app.reservations.list.visible.len() < all);
    f.app.type_keys("m");
    assert_eq!(f.app.reservations.delivery, Some(DeliveryMethod::Cdek));
    assert!(
        f.app
            .reservations
            .list
            .visible
            .iter()
            .all(|&i| f.app.reservations.rows[i].delivery == Some(DeliveryMethod::Cdek))
    );
}

#[test]
fn q_quits_and_ctrl_c_quits() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("q");
    assert!(f.app.quit);
    drop(f);
    let mut g = fixture(Lang::En);
    g.app.type_keys("ctrl-c");
    assert!(g.app.quit);
}

// ---- rendering ----------------------------------------------------------------------

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 16)];

fn lang_name(l: Lang) -> &'static str {
    if l == Lang::Ru { "ru" } else { "en" }
}

fn snap_all(name: &str, lang: Lang, keys: &str) {
    for (w, h) in SIZES {
        let mut f = fixture(lang);
        f.app.type_keys(keys);
        let s = screen(&mut f.app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}_{}", lang_name(lang)), s);
    }
}

#[test]
fn snapshot_sku_list() {
    snap_all("skus", Lang::En, "");
    snap_all("skus", Lang::Ru, "");
}

#[test]
fn snapshot_sku_detail() {
    snap_all("detail", Lang::En, "j enter");
    snap_all("detail", Lang::Ru, "j enter");
}

#[test]
fn snapshot_receive_form() {
    snap_all("form_receive", Lang::En, "r text:3");
    snap_all("form_receive", Lang::Ru, "r text:1,5");
}

#[test]
fn snapshot_reservation_queue() {
    snap_all("reservations", Lang::En, "2");
    snap_all("reservations", Lang::Ru, "2");
}

#[test]
fn snapshot_alerts_history_help() {
    snap_all("alerts", Lang::En, "3");
    snap_all("history", Lang::En, "h");
    snap_all("help", Lang::En, "?");
}

#[test]
fn snapshot_filter_and_too_small() {
    snap_all("filtered", Lang::En, "/ text:мёд");
    let mut f = fixture(Lang::En);
    let s = screen(&mut f.app, 39, 11);
    assert!(s.contains("terminal too small (need 40x12)"), "{s}");
    drop(f);
    let mut f = fixture(Lang::Ru);
    let s = screen(&mut f.app, 30, 5);
    assert!(s.contains("терминал слишком мал"), "{s}");
    drop(f);
    // At 40 columns the word that says how to get out of an empty answer is kept: the
    // line wraps rather than being cut.
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("/ text:ЯЯЯЯЯЯ");
    let s = screen(&mut f.app, 40, 16);
    assert!(s.contains("Ничего не найдено (esc сбрасывает"), "{s}");
    assert!(s.contains("фильтр)."), "{s}");
}

/// On a choice (‹ ›) the form's own line says how to change it; on a text field it does not.
#[test]
fn a_form_says_how_to_change_a_choice() {
    for (lang, words) in [
        (Lang::En, "← → choose  Enter save"),
        (Lang::Ru, "← → выбрать  Enter сохранить"),
    ] {
        let mut f = fixture(lang);
        f.app.type_keys("enter v");
        let s = screen(&mut f.app, 80, 24);
        assert!(!s.contains(words), "{lang:?}: {s}");
        f.app.type_keys("tab");
        let s = screen(&mut f.app, 80, 24);
        assert!(s.contains(words), "{lang:?}: {s}");
    }
}

/// With no count open the stocktake's hint line offers to start one first, also at 40
/// columns, and no undo (there is nothing to undo).
#[test]
fn an_empty_stocktake_offers_to_start_a_count() {
    for lang in [Lang::En, Lang::Ru] {
        let mut f = fixture(lang);
        f.app.type_keys("5");
        let s = screen(&mut f.app, 40, 16);
        let last = s
            .lines()
            .last()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string();
        assert!(last.starts_with("ctrl-n"), "{lang:?}: {s}");
        assert!(!last.contains("ctrl-z"), "{lang:?}: {s}");
    }
}

#[test]
fn history_filters_by_kind_and_actor() {
    let mut f = fixture(Lang::En);
    f.app
        .type_keys("h / text:kind:ship space text:actor:olga enter");
    assert_eq!(f.app.pane, PaneId::History);
    let v = &f.app.history.list.visible;
    assert!(!v.is_empty());
    assert!(v.len() < f.app.history.rows.len());
    for &i in v {
        let m = &f.app.history.rows[i];
        assert_eq!(
            (m.kind.to_string().as_str(), m.actor.as_str()),
            ("ship", "olga")
        );
    }
    f.app.type_keys("esc");
    assert_eq!(f.app.history.list.visible.len(), f.app.history.rows.len());
}

/// In Russian the filter takes the words the screen shows: the kind as its column reads
/// it ("отгрузка") and the field names in Russian, with the same answer as in English.
#[test]
fn history_filters_by_the_kind_word_the_screen_shows() {
    let mut f = fixture(Lang::Ru);
    f.app
        .type_keys("h / text:kind:ship space text:actor:olga enter");
    let english = f.app.history.list.visible.clone();
    assert!(!english.is_empty());
    for keys in [
        "esc / text:вид:отгрузка space text:кто:olga enter",
        "esc / text:Отгрузка space text:кто:olga enter",
    ] {
        f.app.type_keys(keys);
        assert_eq!(f.app.history.list.visible, english, "{keys}");
    }
    f.app.type_keys("esc / text:вид:возврат enter");
    let returns = f.app.history.list.visible.clone();
    assert!(!returns.is_empty());
    for &i in &returns {
        assert!(f.app.history.rows[i].kind.to_string().starts_with("return"));
    }
    // The narrow column's short words count too.
    f.app.type_keys("/ text:вид:возв. enter");
    assert_eq!(f.app.history.list.visible, returns);
}

/// With a card open, the scrolling keys page through the cards of the list's SKUs: the
/// card follows the cursor (j, Down, PgDn, k, Home), and Esc leaves on the SKU last shown.
#[test]
fn an_open_card_follows_the_cursor() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("enter");
    let first = f.app.detail.as_ref().unwrap().code.clone();
    assert_eq!(f.app.selected_sku().unwrap().code, first);
    for key in ["j", "down", "pagedown", "k", "home"] {
        let before = f.app.detail.as_ref().unwrap().code.clone();
        f.app.type_keys(key);
        let now = f
            .app
            .detail
            .as_ref()
            .expect("the card stays open")
            .code
            .clone();
        assert_eq!(now, f.app.selected_sku().unwrap().code, "after {key}");
        assert_ne!(now, before, "{key} shows another SKU's card");
        let s = screen(&mut f.app, 80, 24);
        assert!(s.contains(&now[..now.len().min(8)]), "{key}: {s}");
    }
    assert_eq!(
        f.app.detail.as_ref().unwrap().code,
        first,
        "Home: the first again"
    );
    // The help says so, first, at both small sizes.
    f.app.type_keys("?");
    for (w, h) in [(80, 24), (40, 16)] {
        let s = screen(&mut f.app, w, h);
        assert!(s.contains("[Карточка товара]"), "{w}x{h}: {s}");
    }
    f.app.type_keys("esc");
    assert_eq!(
        f.app.detail.as_ref().unwrap().code,
        first,
        "closing the help keeps the card"
    );
    f.app.type_keys("j esc");
    assert!(f.app.detail.is_none());
    assert_eq!(
        f.app.skus.list.cursor, 1,
        "the list stays on the SKU last shown"
    );
}

/// Enter on an entry of the history opens the card of the SKU it names; Esc goes back to
/// the history where it was.
#[test]
fn enter_in_the_history_opens_the_entry_s_sku() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("h j j");
    let code = f.app.history.selected().unwrap().code.clone();
    let cursor = f.app.history.list.cursor;
    f.app.type_keys("enter");
    assert_eq!(
        f.app.detail.as_ref().map(|d| d.code.as_str()),
        Some(code.as_str())
    );
    for (w, h) in [(80, 24), (40, 16)] {
        let s = screen(&mut f.app, w, h);
        assert!(s.contains(&code[..code.len().min(8)]), "{w}x{h}: {s}");
    }
    f.app.type_keys("esc");
    assert!(f.app.detail.is_none());
    assert_eq!(f.app.pane, PaneId::History);
    assert_eq!(f.app.history.list.cursor, cursor);
}

/// The pane reads the newest entries only; a filter over them says so when older ones exist.
#[test]
fn a_filter_over_the_newest_entries_says_so() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("h / text:olga enter");
    let n = f.app.history.list.visible.len();
    let s = screen(&mut f.app, 120, 40);
    assert!(s.contains(&format!("Журнал, новые сверху ({n})")), "{s}");
    f.app.history.capped = true;
    let s = screen(&mut f.app, 120, 40);
    assert!(s.contains(&format!("({n} из последних 2000)")), "{s}");
    f.app.type_keys("esc");
    let s = screen(&mut f.app, 120, 40);
    assert!(!s.contains("из последних"), "no filter, no remark: {s}");
    // A filter that finds nothing says so, at every size.
    f.app.type_keys("/ text:zzzq enter");
    for (w, h) in [(120, 40), (80, 24), (40, 16)] {
        let s = screen(&mut f.app, w, h);
        assert!(s.contains("Ничего не найдено"), "{w}x{h}: {s}");
    }
}

/// The history measures its columns once until its rows change: a frame drawn after a
/// filter, a new entry, a resize or a scroll equals the same frame drawn by a fresh app.
#[test]
fn history_columns_follow_every_change_as_a_fresh_draw_does() {
    let mut f = fixture(Lang::Ru);
    let fresh = |inv: &Arc<LocalInventory>, keys: &str, w: u16, h: u16| {
        let mut app = App::new(inv.clone(), Keymap::defaults());
        app.now_ms = NOW;
        app.clock = ManualClock::new().clock();
        app.reload();
        app.type_keys(keys);
        screen(&mut app, w, h)
    };
    f.app.type_keys("h");
    let before = screen(&mut f.app, 120, 40);
    assert_eq!(before, fresh(&f.inv, "h", 120, 40));
    f.app.type_keys("/ text:kind:ship enter");
    let filtered = screen(&mut f.app, 120, 40);
    assert_ne!(filtered, before);
    assert_eq!(filtered, fresh(&f.inv, "h / text:kind:ship enter", 120, 40));
    assert_eq!(
        screen(&mut f.app, 40, 16),
        fresh(&f.inv, "h / text:kind:ship enter", 40, 16)
    );
    f.app.type_keys("esc");
    f.inv
        .execute(Command::Receive {
            sku: f.app.history.rows[0].code.clone(),
            qty: 7,
            at: None,
            reference: Some("ПОСТАВКА-С-ОЧЕНЬ-ДЛИННЫМ-НОМЕРОМ-2026".into()),
        })
        .unwrap();
    f.app.reload();
    let after = screen(&mut f.app, 120, 40);
    assert!(after.contains("ПОСТАВКА"), "{after}");
    assert_eq!(after, fresh(&f.inv, "h", 120, 40));
    f.app.type_keys("j j j");
    assert_eq!(screen(&mut f.app, 80, 24), fresh(&f.inv, "h j j j", 80, 24));
}

/// A count with a few entries, as the pane shows it.
fn counting(f: &mut Fixture) -> (String, String) {
    f.inv
        .execute(Command::CountStart {
            at: None,
            filter: None,
            blind: false,
        })
        .unwrap();
    let a = f.app.skus.row(0).unwrap().clone();
    let b = f.app.skus.row(1).unwrap().clone();
    for (code, qty) in [(&a.code, 3), (&b.code, 1), (&a.code, 2)] {
        f.inv
            .execute(Command::CountAdd {
                session: 1,
                sku: code.clone(),
                qty,
            })
            .unwrap();
    }
    (a.barcodes[0].clone(), b.code.clone())
}

#[test]
fn count_entry_scans_and_quantities() {
    let mut f = fixture(Lang::En);
    let (barcode, _) = counting(&mut f);
    let code = f.app.skus.row(0).unwrap().code.clone();
    let counted = |app: &App| {
        app.count
            .report
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .find(|r| r.code == code)
            .unwrap()
            .counted
    };
    f.app.type_keys("5");
    assert_eq!(f.app.pane, PaneId::Stocktake);
    let before = counted(&f.app);
    assert_eq!(before, 5);
    // Letters and digits go to the scan field, not to the keymap ("5", "q" are typed).
    f.app.type_keys(&format!("text:{barcode} enter"));
    assert_eq!(counted(&f.app), before + 1);
    // A short number right after a scan makes that scan so many.
    f.app.type_keys("text:12 enter");
    assert_eq!(counted(&f.app), before + 12);
    // ctrl-z takes back the amendment only: the scan counts one again.
    f.app.type_keys("ctrl-z");
    assert_eq!(counted(&f.app), before + 1);
    assert!(
        matches!(&f.app.status, Some(Status::Info(s)) if s.starts_with("Amendment taken back")),
        "{:?}",
        f.app.status
    );
    // ctrl-z again takes back the scan.
    f.app.type_keys("ctrl-z");
    assert_eq!(counted(&f.app), before);
    f.app.type_keys("text:q enter");
    assert!(!f.app.quit, "q in the scan field is a scan, not quit");
    assert!(
        matches!(&f.app.status, Some(Status::Error(e)) if e.contains("Unknown barcode or code q"))
    );
}

#[test]
fn a_big_count_asks_a_second_enter_with_the_number_written_out() {
    let mut f = fixture(Lang::En);
    let (barcode, _) = counting(&mut f);
    let code = f.app.skus.row(0).unwrap().code.clone();
    let counted = |app: &App| {
        let r = app.count.report.as_ref().unwrap();
        r.rows.iter().find(|r| r.code == code).unwrap().counted
    };
    f.app.type_keys(&format!("5 text:{barcode} enter"));
    let before = counted(&f.app);
    let entries = f.inv.count_report(1).unwrap().recent.len();
    f.app.type_keys("text:25000 enter");
    assert_eq!(counted(&f.app), before, "asked first, nothing written");
    assert_eq!(f.inv.count_report(1).unwrap().recent.len(), entries);
    match &f.app.status {
        Some(Status::Info(q)) => assert!(
            q.contains(&format!("Count {code} as 25,000 units? Enter again")),
            "{q}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.app.count.input, "", "the field is free for the answer");
    // Esc says no: nothing written, the pane stays.
    f.app.type_keys("esc");
    assert_eq!(f.app.pane, PaneId::Stocktake);
    assert_eq!(counted(&f.app), before);
    // A changed number is asked about afresh; Enter again writes it.
    f.app.type_keys("text:2500 enter");
    assert_eq!(counted(&f.app), before, "2500 is asked about too");
    assert!(matches!(&f.app.status, Some(Status::Info(q)) if q.contains("2,500 units?")));
    f.app.type_keys("enter");
    assert_eq!(counted(&f.app), before - 1 + 2500);
}

#[test]
fn a_scan_after_a_big_count_question_counts_as_a_scan() {
    let mut f = fixture(Lang::En);
    let (barcode, _) = counting(&mut f);
    let code = f.app.skus.row(0).unwrap().code.clone();
    let counted = |app: &App| {
        let r = app.count.report.as_ref().unwrap();
        r.rows.iter().find(|r| r.code == code).unwrap().counted
    };
    f.app.type_keys(&format!("5 text:{barcode} enter"));
    let before = counted(&f.app);
    f.app.type_keys("text:5000 enter");
    assert!(f.app.count.asking.is_some());
    // The counter ignores the question and scans the next unit: a plain scan, and the big
    // number is not written.
    f.app.type_keys(&format!("text:{barcode} enter"));
    assert!(f.app.count.asking.is_none());
    assert_eq!(counted(&f.app), before + 1);
    f.app.type_keys("enter");
    assert_eq!(
        counted(&f.app),
        before + 1,
        "an empty Enter writes nothing now"
    );
}

#[test]
fn a_count_ten_times_the_largest_movement_asks_in_russian() {
    let mut f = fixture(Lang::Ru);
    let (barcode, _) = counting(&mut f);
    let code = f.app.skus.row(0).unwrap().code.clone();
    let largest = f
        .inv
        .history(Some(code.clone()), 2000)
        .unwrap()
        .iter()
        .map(|m| m.qty)
        .max()
        .unwrap();
    let qty = largest * 10 + 1;
    assert!(
        qty <= 1000,
        "the demo SKU moves less than 100 at once ({largest})"
    );
    f.app
        .type_keys(&format!("5 text:{barcode} enter text:{qty} enter"));
    match &f.app.status {
        Some(Status::Info(q)) => {
            assert!(q.contains("больше чем в 10 раз"), "{q}");
            assert!(q.contains(&format!("Посчитать {code}: {qty} шт.?")), "{q}");
        }
        other => panic!("{other:?}"),
    }
    f.app.type_keys("enter");
    let r = f.app.count.report.as_ref().unwrap();
    let row = r.rows.iter().find(|r| r.code == code).unwrap();
    assert_eq!(row.counted, 5 + qty);
}

#[test]
fn reconciliation_approve_and_apply_with_confirmation() {
    let mut f = fixture(Lang::En);
    let (_, second) = counting(&mut f);
    f.app.type_keys("5 f2");
    assert!(f.app.count.reconcile);
    let rows = f.app.count.report.as_ref().unwrap().rows.clone();
    let pos = rows.iter().position(|r| r.code == second).unwrap();
    f.app.count.list.cursor = pos;
    f.app.type_keys("space ctrl-a");
    assert_eq!(
        f.inv.count_sessions().unwrap()[0].status.as_str(),
        "open",
        "asks first"
    );
    f.app.type_keys("ctrl-a");
    let d = f.inv.sku_detail(&second, 0).unwrap();
    let loc = d
        .locations
        .iter()
        .find(|l| l.location == "Main warehouse")
        .unwrap();
    assert_eq!(loc.on_hand, 1, "the approved row was applied");
    assert_eq!(
        f.inv.count_sessions().unwrap()[0].status.as_str(),
        "open",
        "the rest waits"
    );
}

/// Approving every row and applying is the whole count: it closes.
#[test]
fn approving_every_row_and_applying_closes_the_count() {
    let mut f = fixture(Lang::En);
    counting(&mut f);
    f.app.type_keys("5 f2 A ctrl-a ctrl-a");
    assert_eq!(
        f.inv.count_sessions().unwrap()[0].status.as_str(),
        "applied"
    );
    // The count closed, so the screen is the scan screen again at once: its footer names
    // starting a count, not the reconciliation's approve and apply.
    assert!(!f.app.count.reconcile);
    let s = screen(&mut f.app, 120, 40);
    let footer = s.lines().last().unwrap_or_default();
    assert!(footer.contains(" start"), "{footer}");
    assert!(!footer.contains("approve"), "{footer}");
}

/// A row in conflict (an adjust after its count) is not applied by ctrl-a; `c` on it
/// settles it as "the count stands"; a reservation the count leaves uncovered is short
/// in the status line and marked in the queue.
#[test]
fn a_row_in_conflict_is_settled_with_c_and_short_reservations_are_marked() {
    let mut f = fixture(Lang::En);
    let b = f.app.skus.row(1).unwrap().code.clone();
    f.inv
        .execute(Command::Receive {
            sku: b.clone(),
            qty: 5,
            at: None,
            reference: None,
        })
        .unwrap();
    f.inv
        .execute(Command::Reserve {
            sku: b.clone(),
            qty: 3,
            channel: "Ozon".into(),
            order: Some("T-9".into()),
            at: None,
            delivery: Delivery::default(),
        })
        .unwrap();
    counting(&mut f);
    let a = f.app.skus.row(0).unwrap().code.clone();
    f.inv
        .execute(Command::Adjust {
            sku: a.clone(),
            how: stockroom::domain::AdjustTo::By(1),
            reason: "нашли".into(),
            at: None,
            reference: None,
        })
        .unwrap();
    f.app.type_keys("5 f2 ctrl-a ctrl-a");
    assert!(
        matches!(&f.app.status, Some(Status::Info(t)) if t.contains("reservations now short") && t.contains("T-9") && t.contains(&a)),
        "{:?}",
        f.app.status
    );
    assert_eq!(f.inv.count_sessions().unwrap()[0].status.as_str(), "open");
    let rows = f.app.count.report.as_ref().unwrap().rows.clone();
    let pos = rows.iter().position(|r| r.code == a).unwrap();
    assert!(
        rows[pos]
            .flags
            .contains(&stockroom::domain::stocktake::CountFlag::Conflict)
    );
    f.app.count.list.cursor = pos;
    let main = |code: &str| {
        f.inv
            .sku_detail(code, 0)
            .unwrap()
            .locations
            .iter()
            .find(|l| l.location == "Main warehouse")
            .map(|l| l.on_hand)
    };
    // One press only asks: stock changes on the second press of the same key.
    let before = main(&a);
    f.app.type_keys("c");
    assert_eq!(main(&a), before, "one press of c changes nothing");
    assert!(
        matches!(&f.app.status, Some(Status::Info(m)) if m.contains("press c again")),
        "{:?}",
        f.app.status
    );
    // The other choice in between takes the question back: only the same key settles.
    f.app.type_keys("m c");
    assert_eq!(main(&a), before, "c, m, c: still asking");
    f.app.type_keys("c");
    assert_eq!(main(&a), Some(5), "the count stands: 5 on the shelf");
    assert!(
        matches!(&f.app.status, Some(Status::Info(m)) if m.contains("stays open")),
        "{:?}",
        f.app.status
    );
    let q = f.inv.reservations(None, false).unwrap();
    assert!(q.iter().any(|v| v.order == "T-9" && v.short > 0), "{q:?}");
    f.app.reload();
    f.app.type_keys("f2 esc 2 G");
    assert_eq!(f.app.pane, PaneId::Reservations);
    let s = screen(&mut f.app, 120, 40);
    // The queue's row of the order (the history beside it names the order too).
    let row = s
        .lines()
        .find(|l| l.contains("│T-9 "))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains('✗'), "{s}");
}

#[test]
fn snapshot_stocktake() {
    for lang in [Lang::En, Lang::Ru] {
        for (w, h) in SIZES {
            for (view, keys) in [("entry", "5"), ("reconcile", "5 f2")] {
                let mut f = fixture(lang);
                counting(&mut f);
                f.app.type_keys(keys);
                let s = screen(&mut f.app, w, h);
                insta::assert_snapshot!(format!("stocktake_{view}_{w}x{h}_{}", lang_name(lang)), s);
            }
        }
    }
}

/// Listed quantities that differ from what may be published, both ways.
fn with_drift(f: &mut Fixture) {
    use stockroom::inventory::{Located, StockRow};
    let (_, rows) = f.inv.matrix().unwrap();
    let with_stock: Vec<_> = rows.iter().filter(|r| r.available > 2).take(2).collect();
    let listed = vec![
        Located {
            line: 2,
            columns: vec![],
            row: StockRow {
                sku: with_stock[0].code.clone(),
                location: None,
                on_hand: 999,
            },
        },
        Located {
            line: 3,
            columns: vec![],
            row: StockRow {
                sku: with_stock[1].code.clone(),
                location: None,
                on_hand: 1,
            },
        },
    ];
    f.inv
        .execute(Command::ImportListed {
            channel: "Ozon".into(),
            file: "listed.csv".into(),
            rows: listed,
        })
        .unwrap();
    f.app.reload();
}

#[test]
fn snapshot_channel_matrix() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut f = fixture(Lang::En);
        with_drift(&mut f);
        f.app.type_keys("4 right");
        let s = screen(&mut f.app, w, h);
        assert!(
            s.contains('▲') && s.contains('▼'),
            "drift both ways shows:\n{s}"
        );
        insta::assert_snapshot!(format!("channels_{w}x{h}_en"), s);
    }
    let mut f = fixture(Lang::Ru);
    with_drift(&mut f);
    f.app.type_keys("4");
    insta::assert_snapshot!("channels_80x24_ru", screen(&mut f.app, 80, 24));
}

#[test]
fn no_color_matrix_keeps_its_markers_and_has_no_colors() {
    let mut f = fixture(Lang::En);
    with_drift(&mut f);
    f.app.theme = stockroom::tui::theme::Theme { color: false };
    f.app.type_keys("4 right");
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|fr| view::render(fr, &mut f.app)).unwrap();
    let buf = t.backend().buffer().clone();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains('▲') && text.contains('▼'));
    insta::assert_snapshot!("channels_120x40_no_color", t.backend().to_string());
}

#[test]
fn rules_editor_changes_the_channel() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("4");
    let name = f.app.matrix.channels[0].name.clone();
    // priority, share: clear the share and type 50, then save.
    f.app
        .type_keys("e tab backspace backspace backspace text:50 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|x| x.error.clone())
    );
    let (channels, _) = f.inv.matrix().unwrap();
    assert_eq!(
        channels.iter().find(|c| c.name == name).unwrap().share_pct,
        50
    );
}

#[test]
fn help_scrolls_and_closes() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("?");
    let top = screen(&mut f.app, 80, 24);
    f.app
        .type_keys("down down down down down down down down down down");
    assert!(f.app.help, "arrows scroll, they do not close");
    let scrolled = screen(&mut f.app, 80, 24);
    assert_ne!(top, scrolled, "the help moved");
    f.app.type_keys("esc");
    assert!(!f.app.help);
    assert_eq!(f.app.help_scroll, 0);
}

// ---- forms never turn a typo into stock ------------------------------------------

fn qty_value(app: &App) -> String {
    app.form.as_ref().expect("a form is open").fields[0]
        .value
        .clone()
}

#[test]
fn typing_over_a_prefill_replaces_it_in_every_form() {
    let mut f = fixture(Lang::En);
    // SKU forms: the digit typed is the quantity, whatever was there.
    for key in ["r", "v", "s", "t", "d", "w"] {
        f.app.type_keys(&format!("{key} text:2"));
        assert_eq!(qty_value(&f.app), "2", "form {key}");
        f.app.type_keys("esc");
    }
    f.app.type_keys("a text:+2");
    assert_eq!(qty_value(&f.app), "+2");
    f.app.type_keys("esc");
    // Tabbing into a prefilled text field selects it too; backspace clears it whole.
    f.app.type_keys("s tab tab shift-tab shift-tab");
    assert!(f.app.form.as_ref().unwrap().fields[0].selected);
    f.app.type_keys("backspace");
    assert_eq!(qty_value(&f.app), "");
    f.app.type_keys("esc");
    let (id, code, barcode) = own_reservation(&mut f);
    f.app
        .type_keys(&format!("p text:{barcode} enter text:{barcode} enter esc"));
    assert_eq!(reservation(&f.inv, id).picked, 2);
    // Ship opens with what was picked, selected.
    f.app.type_keys("s");
    assert_eq!(qty_value(&f.app), "2");
    assert!(f.app.form.as_ref().unwrap().fields[0].selected);
    f.app.type_keys("text:1");
    assert_eq!(qty_value(&f.app), "1");
    f.app.type_keys("esc s enter");
    assert_eq!(reservation(&f.inv, id).remaining, 3);
    // A return of those: "2" is 2, not 12.
    f.app.type_keys("u text:2");
    assert_eq!(qty_value(&f.app), "2");
    f.app.type_keys("esc");
    // Release's reason is typed from empty.
    f.app.type_keys("x text:gone");
    assert_eq!(qty_value(&f.app), "gone");
    f.app.type_keys("esc");
    assert_eq!(reservation(&f.inv, id).status.as_str(), "open");
    let _ = code;
    // The channel rules: every number typed over, none appended to.
    f.app.type_keys("4 e text:7 tab text:50 tab text:3");
    let form = f.app.form.as_ref().unwrap();
    assert_eq!(
        (
            form.value(FieldId::Priority),
            form.value(FieldId::Share),
            form.value(FieldId::Buffer)
        ),
        ("7", "50", "3")
    );
}

#[test]
fn return_of_two_takes_two_not_twelve() {
    let mut f = fixture(Lang::En);
    let (id, code, _) = own_reservation(&mut f);
    f.app.type_keys("s text:4 enter enter");
    assert_eq!(reservation(&f.inv, id).remaining, 1);
    let before = on_hand(&f.inv, &code);
    f.app.type_keys("u text:2 enter");
    assert!(f.app.form.is_none(), "{:?}", f.app.form.map(|f| f.error));
    assert_eq!(on_hand(&f.inv, &code), before + 2);
}

#[test]
fn unusual_quantity_asks_with_the_number_written_out() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    let before = on_hand(&f.inv, &code);
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.type_keys("r text:1000000000 enter");
    let form = f.app.form.as_ref().expect("asks first");
    assert_eq!(
        form.asking.as_deref(),
        Some("Receive 1,000,000,000 units? Enter again: yes, Esc: no")
    );
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    // Changing the number takes the question back.
    f.app.type_keys("backspace");
    assert!(f.app.form.as_ref().unwrap().asking.is_none());
    let largest = f
        .inv
        .history(Some(code.clone()), 2000)
        .unwrap()
        .iter()
        .map(|m| m.qty)
        .max()
        .unwrap();
    assert!(
        largest * 10 < 1000,
        "a demo SKU that moves little ({largest})"
    );
    // More than ten times the SKU's largest movement is asked about, saying why.
    let more = largest * 10 + 1;
    f.app.type_keys(&format!("esc r text:{more} enter"));
    let q = f.app.form.as_ref().unwrap().asking.clone().expect("asks");
    assert_eq!(
        q,
        format!(
            "{more} is over 10 times the most this SKU has moved at once ({largest}). \
             Receive {more} units? Enter again: yes, Esc: no"
        )
    );
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    // Ten times goes at once.
    f.app
        .type_keys(&format!("esc r text:{} enter", largest * 10));
    assert!(f.app.form.is_none());
    assert_eq!(on_hand(&f.inv, &code), before + largest * 10);
    // 1,001 is asked about on any SKU.
    f.app.type_keys("r text:1001 enter");
    assert_eq!(
        f.app.form.as_ref().unwrap().asking.as_deref(),
        Some("Receive 1,001 units? Enter again: yes, Esc: no")
    );
}

#[test]
fn unusual_quantity_is_written_out_in_russian() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("d text:25000 enter");
    let q = f.app.form.as_ref().unwrap().asking.clone().unwrap();
    assert!(q.starts_with("Отметить брак: 25\u{a0}000 шт.?"), "{q}");
}

#[test]
fn shipping_more_than_picked_asks_again() {
    let mut f = fixture(Lang::En);
    let (id, _code, barcode) = own_reservation(&mut f);
    f.app.type_keys(&format!("p text:{barcode} enter esc"));
    // The picked unit ships without a question.
    f.app.type_keys("s enter");
    assert!(f.app.form.is_none());
    assert_eq!(reservation(&f.inv, id).remaining, 4);
    // Emptied (the whole rest) is more than picked: asked, then shipped.
    f.app.type_keys("s backspace enter");
    let q = f.app.form.as_ref().unwrap().asking.clone().unwrap();
    assert_eq!(q, "Ship 4 units, 0 picked? Enter again: yes, Esc: no");
    assert_eq!(reservation(&f.inv, id).remaining, 4);
    f.app.type_keys("enter");
    assert_eq!(reservation(&f.inv, id).status.as_str(), "shipped");
}

#[test]
fn a_stale_complaint_clears_when_the_field_is_fixed() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("r");
    // The receive form opens without an error on screen.
    let s = screen(&mut f.app, 80, 24);
    assert!(!s.contains('✗'), "{s}");
    f.app.type_keys("enter");
    assert!(f.app.form.as_ref().unwrap().error.is_some());
    assert!(screen(&mut f.app, 80, 24).contains("Fix the fields"));
    f.app.type_keys("text:3");
    assert!(f.app.form.as_ref().unwrap().error.is_none());
    let s = screen(&mut f.app, 80, 24);
    assert!(!s.contains("Fix the fields") && !s.contains('✗'), "{s}");
}

// ---- a scan is always a scan --------------------------------------------------------

fn reserve(f: &mut Fixture, code: &str, qty: u64, order: &str) -> u64 {
    let a = f
        .inv
        .execute(Command::Reserve {
            sku: code.into(),
            qty,
            channel: "Ozon".into(),
            order: Some(order.into()),
            at: None,
            delivery: Delivery::default(),
        })
        .unwrap();
    f.app.reload();
    match a.outcome {
        stockroom::inventory::Outcome::Reserved(r) => r.reservation,
        other => panic!("{other:?}"),
    }
}

fn key(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

fn enter() -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )
}

/// Feeds keys `gap` ms apart on the test's clock, then waits for the burst to settle
/// as the event loop would.
fn scanner(f: &mut Fixture, clock: &ManualClock, keys: &str, gap: u64) {
    for c in keys.chars() {
        f.app.handle_key(if c == '\n' { enter() } else { key(c) });
        clock.advance(gap);
    }
    clock.advance(100);
    f.app.settle_keys(false);
}

#[test]
fn a_scan_after_a_completed_pick_finds_the_next_order() {
    let mut f = fixture(Lang::En);
    let (id, code, barcode) = own_reservation(&mut f);
    let next = reserve(&mut f, &code, 2, "T-2");
    f.app.type_keys("p");
    for _ in 0..5 {
        f.app.type_keys(&format!("text:{barcode} enter"));
    }
    assert_eq!(reservation(&f.inv, id).status.as_str(), "picked");
    assert!(f.app.scan.is_none());
    // One more scan: not "1" (SKU pane) and Enter (open), but the next order's pick,
    // with the unit in hand counted as its first.
    f.app.type_keys(&format!("text:{barcode} enter"));
    assert_eq!(f.app.pane, PaneId::Reservations);
    assert!(f.app.detail.is_none());
    assert_eq!(f.app.scan.as_ref().map(|s| s.reservation), Some(next));
    assert_eq!(
        reservation(&f.inv, next).picked,
        1,
        "the finding scan is a pick"
    );
    // The scan after that picks the second unit and the pick is done.
    f.app.type_keys(&format!("text:{barcode} enter"));
    assert_eq!(reservation(&f.inv, next).picked, 2);
    assert!(f.app.scan.is_none());
}

#[test]
fn a_scan_that_finds_a_one_unit_order_picks_it_whole() {
    let mut f = fixture(Lang::En);
    let (_, code, barcode) = own_reservation(&mut f);
    let one = reserve(&mut f, &code, 1, "T-ONE");
    // The older order first: it is the one a scan finds.
    f.app.type_keys("p");
    for _ in 0..5 {
        f.app.type_keys(&format!("text:{barcode} enter"));
    }
    f.app.type_keys(&format!("text:{barcode} enter"));
    let r = reservation(&f.inv, one);
    assert_eq!((r.picked, r.status.as_str()), (1, "picked"));
    assert!(f.app.scan.is_none(), "nothing left to scan for it");
    assert!(
        matches!(&f.app.status, Some(Status::Info(_))),
        "{:?}",
        f.app.status
    );
}

#[test]
fn a_scan_in_the_queue_opens_the_oldest_order_of_that_item() {
    let mut f = fixture(Lang::En);
    let (id, code, barcode) = own_reservation(&mut f);
    let _newer = reserve(&mut f, &code, 1, "T-9");
    // A filter hiding the order is lifted to show it.
    f.app.reservations.channel = Some("nowhere".into());
    f.app.reservations.refilter();
    f.app.type_keys(&format!("g g text:{barcode} enter"));
    let oldest = f
        .inv
        .reservations(None, false)
        .unwrap()
        .into_iter()
        .filter(|r| r.code == code && r.picked < r.remaining)
        .min_by_key(|r| (r.created_ms, r.reservation))
        .unwrap();
    assert_eq!(f.app.scan.as_ref().unwrap().reservation, oldest.reservation);
    assert_eq!(
        f.app.selected_reservation().unwrap().reservation,
        oldest.reservation
    );
    let _ = id;
}

#[test]
fn a_scan_with_nothing_to_pick_says_so_and_rings() {
    let mut f = fixture(Lang::En);
    // A SKU no open reservation is waiting for.
    let open: Vec<String> = f
        .app
        .reservations
        .rows
        .iter()
        .map(|r| r.code.clone())
        .collect();
    let idle = f
        .app
        .skus
        .held_rows()
        .into_iter()
        .find(|s| !open.contains(&s.code) && !s.barcodes.is_empty())
        .unwrap()
        .clone();
    f.app.type_keys("2");
    let cursor = f.app.reservations.list.cursor;
    f.app.type_keys(&format!("text:{} enter", idle.barcodes[0]));
    assert_eq!(f.app.pane, PaneId::Reservations);
    assert!(f.app.scan.is_none() && f.app.form.is_none());
    assert_eq!(f.app.reservations.list.cursor, cursor);
    assert!(f.app.bell);
    match &f.app.status {
        Some(Status::Error(e)) => {
            assert!(
                e.starts_with(&format!("{}: nothing to pick", idle.code)),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    // An unknown barcode: the same, named.
    f.app.bell = false;
    f.app.type_keys("text:4600000000000 enter");
    assert!(f.app.bell);
    assert!(matches!(&f.app.status, Some(Status::Error(e)) if e.contains("4600000000000")));
}

/// Outside a text field a paste is never a run of keys: one word is a scan of it, more is
/// refused and said so, and a pasted "q" does not quit.
#[test]
fn a_paste_outside_a_field_is_a_scan_or_refused() {
    use crossterm::event::Event;
    let mut f = fixture(Lang::Ru);
    let target = f.app.skus.row(7).unwrap().clone();
    f.app.handle_event(Event::Paste("q".into()));
    assert!(!f.app.quit, "a pasted q is not the quit key");
    assert!(f.app.bell);
    f.app.bell = false;
    f.app.handle_event(Event::Paste("o r\nx".into()));
    assert!(!f.app.quit && f.app.form.is_none());
    assert!(
        matches!(&f.app.status, Some(Status::Error(e)) if e.contains("Вставка — только в поле")),
        "{:?}",
        f.app.status
    );
    f.app
        .handle_event(Event::Paste(format!("{}\n", target.barcodes[0])));
    assert_eq!(f.app.detail.as_ref().unwrap().code, target.code);
}

#[test]
fn a_scan_on_the_sku_list_opens_the_sku() {
    let mut f = fixture(Lang::En);
    let target = f.app.skus.row(7).unwrap().clone();
    f.app.type_keys("j j");
    f.app
        .type_keys(&format!("text:{} enter", target.barcodes[0]));
    assert_eq!(f.app.pane, PaneId::Skus);
    assert_eq!(f.app.detail.as_ref().unwrap().code, target.code);
    assert_eq!(f.app.selected_sku().unwrap().code, target.code);
    // In the detail view a scan opens the scanned SKU, too.
    let other = f.app.skus.row(3).unwrap().clone();
    f.app
        .type_keys(&format!("text:{} enter", other.barcodes[0]));
    assert_eq!(f.app.detail.as_ref().unwrap().code, other.code);
}

#[test]
fn a_scan_elsewhere_only_says_what_it_is() {
    let mut f = fixture(Lang::En);
    let target = f.app.skus.row(2).unwrap().clone();
    for (keys, pane) in [
        ("4", PaneId::Channels),
        // In the matrix h moves between channels; from the SKU list it opens the history.
        ("1 h", PaneId::History),
        ("3", PaneId::Alerts),
    ] {
        f.app.type_keys(keys);
        let entries = f.inv.stats().unwrap().ledger_entries;
        f.app
            .type_keys(&format!("text:{} enter", target.barcodes[0]));
        assert_eq!(f.app.pane, pane);
        assert!(f.app.form.is_none() && f.app.detail.is_none());
        assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
        match &f.app.status {
            Some(Status::Info(s)) => assert!(s.contains(&target.code), "{s}"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_scan_in_the_reconciliation_counts() {
    let mut f = fixture(Lang::En);
    let target = f.app.skus.row(4).unwrap().clone();
    f.app.type_keys("5 ctrl-n f2");
    assert!(f.app.count.reconcile);
    f.app
        .type_keys(&format!("text:{} enter", target.barcodes[0]));
    assert_eq!(f.app.pane, PaneId::Stocktake);
    let report = f.app.count.report.as_ref().unwrap();
    let line = report.rows.iter().find(|l| l.code == target.code).unwrap();
    assert_eq!(line.counted, 1, "{line:?}");
}

#[test]
fn a_person_s_digits_are_still_keys() {
    let mut f = fixture(Lang::En);
    let clock = ManualClock::new();
    f.app.clock = clock.clock();
    // A lone digit switches the pane once its moment passes.
    scanner(&mut f, &clock, "2", 0);
    assert_eq!(f.app.pane, PaneId::Reservations);
    // Two digits typed fast, and "1 Enter" fast: still keys (too short for a scan).
    scanner(&mut f, &clock, "31", 3);
    assert_eq!(f.app.pane, PaneId::Skus);
    scanner(&mut f, &clock, "1\n", 3);
    assert!(f.app.detail.is_some(), "1 then Enter opened the top SKU");
    f.app.type_keys("esc");
    // Digits a person types slowly are keys, one by one.
    scanner(&mut f, &clock, "2345", 200);
    assert_eq!(f.app.pane, PaneId::Stocktake);
    // A scanner's burst, 2 ms apart: a scan, even without Enter when 8+ digits.
    // (Esc leaves the stocktake's entry field for the SKU list.)
    f.app.type_keys("esc");
    assert_eq!(f.app.pane, PaneId::Skus);
    let target = f.app.skus.row(9).unwrap().clone();
    scanner(&mut f, &clock, &format!("{}\n", target.barcodes[0]), 2);
    assert_eq!(f.app.detail.as_ref().unwrap().code, target.code);
    f.app.type_keys("esc");
    let other = f.app.skus.row(11).unwrap().clone();
    scanner(&mut f, &clock, &other.barcodes[0], 2);
    assert_eq!(f.app.detail.as_ref().unwrap().code, other.code);
    assert_eq!(f.app.pane, PaneId::Skus);
}

/// The forms this work changed, in Russian at 80x24 and 40x16: a selected prefill (no
/// cursor after it), the question an unusual quantity asks, ship prefilled with what was
/// picked and the question on shipping more.
#[test]
fn snapshot_forms_that_ask_ru() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("d");
        insta::assert_snapshot!(
            format!("form_defect_prefill_{w}x{h}_ru"),
            screen(&mut f.app, w, h)
        );
        f.app.type_keys("esc r text:1000000000 enter");
        insta::assert_snapshot!(
            format!("form_receive_asks_{w}x{h}_ru"),
            screen(&mut f.app, w, h)
        );
        f.app.type_keys("esc");
        let (_, _, barcode) = own_reservation(&mut f);
        f.app.type_keys(&format!(
            "p text:{barcode} enter text:{barcode} enter esc s"
        ));
        insta::assert_snapshot!(
            format!("form_ship_picked_{w}x{h}_ru"),
            screen(&mut f.app, w, h)
        );
        f.app.type_keys("text:5 enter");
        insta::assert_snapshot!(
            format!("form_ship_asks_{w}x{h}_ru"),
            screen(&mut f.app, w, h)
        );
        // Two of the five ship; a return from the queue is capped at those two.
        f.app.type_keys("esc s text:2 enter u");
        insta::assert_snapshot!(
            format!("form_return_prefill_{w}x{h}_ru"),
            screen(&mut f.app, w, h)
        );
    }
}

#[test]
fn a_return_is_taken_from_a_shipment_in_the_history() {
    let mut f = fixture(Lang::En);
    let (id, code, _) = own_reservation(&mut f);
    f.app.type_keys("s text:3 enter enter");
    assert_eq!(reservation(&f.inv, id).remaining, 2);
    // In the history, the newest entry is that shipment.
    f.app.type_keys("h g g");
    let top = &f.app.history.rows[f.app.history.list.selected().unwrap()];
    assert_eq!(
        (top.kind.to_string().as_str(), top.code.as_str()),
        ("ship", code.as_str())
    );
    f.app.type_keys("u");
    let form = f.app.form.as_ref().expect("a return form");
    assert_eq!(
        (
            form.value(FieldId::Qty),
            form.value(FieldId::Channel),
            form.value(FieldId::Order)
        ),
        ("1", "Ozon", "T-1")
    );
    // At most the three shipped come back.
    f.app.type_keys("text:4");
    assert!(
        f.app.form.as_ref().unwrap().fields[0]
            .error
            .as_deref()
            .unwrap()
            .contains("at most 3")
    );
    f.app.type_keys("enter");
    assert!(f.app.form.is_some());
    let before = on_hand(&f.inv, &code);
    f.app.type_keys("backspace text:2 enter");
    assert!(f.app.form.is_none(), "{:?}", f.app.status);
    assert_eq!(on_hand(&f.inv, &code), before + 2);
    // One left to come back; then none.
    f.app.type_keys("h g g j u");
    let top = &f.app.history.rows[f.app.history.list.selected().unwrap()];
    assert_eq!(top.kind.to_string(), "ship");
    assert!(f.app.form.is_some());
    f.app.type_keys("text:2");
    assert!(f.app.form.as_ref().unwrap().fields[0].error.is_some());
    f.app.type_keys("backspace backspace text:1 enter");
    assert!(f.app.form.is_none());
    f.app.type_keys("h g g j j u");
    assert!(f.app.form.is_none());
    match &f.app.status {
        Some(Status::Error(e)) => assert!(e.contains("all of it has come back"), "{e}"),
        other => panic!("{other:?}"),
    }
    // A return is never taken from an entry that is not a shipment.
    f.app.type_keys("g g u");
    assert!(f.app.form.is_none());
}

// ---- roles ---------------------------------------------------------------------------

/// The last line of the screen: the key hints.
fn hints(app: &mut App) -> String {
    screen(app, 120, 30)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_packer_sees_no_hints_for_keys_they_may_not_use() {
    use stockroom::domain::Role;
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.redb");
    {
        let (inv, _) = LocalInventory::open_or_init(&path, "boss").unwrap();
        let inv = inv.with_clock(Arc::new(|| NOW));
        let spec = DemoSpec {
            skus: 6,
            days: 3,
            seed: 7,
            seasons: false,
        };
        generate_at(&inv, &spec, NOW).unwrap();
        inv.execute(Command::AddUser {
            name: "pat".into(),
            role: Role::Packer,
        })
        .unwrap();
    }
    let open_as = |who: &str| {
        let inv = LocalInventory::open(&path, who).unwrap();
        let mut app = App::new(
            Arc::new(inv.with_clock(Arc::new(|| NOW))),
            Keymap::defaults(),
        );
        app.now_ms = NOW;
        app.clock = ManualClock::new().clock();
        app.reload();
        app
    };
    let mut packer = open_as("pat");
    assert_eq!(packer.role, Some(Role::Packer));
    packer.type_keys("enter");
    assert!(packer.detail.is_some());
    let h = hints(&mut packer);
    assert!(h.contains("r receive"), "{h}");
    assert!(!h.contains("adjust"), "no adjust for a packer: {h}");
    packer.type_keys("esc 5");
    let h = hints(&mut packer);
    assert!(!h.contains("ctrl-n"), "no count start for a packer: {h}");
    // Nor a key they may not use in the empty stocktake's words.
    assert_eq!(
        packer.count_none_text(),
        "No count is open: the owner starts one, then scan here"
    );
    // The key itself says whose it is, and opens nothing.
    packer.type_keys("esc a");
    assert!(packer.form.is_none());
    match &packer.status {
        Some(Status::Error(e)) => {
            assert_eq!(
                e,
                "Adjusting stock needs the role «owner»; you have the role «packer». Ask the \
                 owner to do it."
            )
        }
        other => panic!("{other:?}"),
    }
    // What a packer may do still opens.
    packer.type_keys("r");
    assert!(packer.form.is_some());
    packer.type_keys("esc");
    drop(packer);
    // The owner sees them.
    let mut owner = open_as("boss");
    owner.type_keys("enter");
    let h = hints(&mut owner);
    assert!(h.contains("a adjust"), "{h}");
    owner.type_keys("esc 5");
    let h = hints(&mut owner);
    assert!(h.contains("ctrl-n"), "{h}");
    assert_eq!(
        owner.count_none_text(),
        "No count is open: press ctrl-n to start one at the default location"
    );
}

// ---- / filters in every pane ----------------------------------------------------------

/// The title line of the focused pane (the second screen line).
fn title(app: &mut App) -> String {
    screen(app, 120, 40)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn slash_filters_the_queue_in_place() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("2");
    let all = f.app.reservations.list.visible.len();
    let code = f.app.reservations.rows[f.app.reservations.list.visible[0]]
        .code
        .clone();
    let channel = f.app.reservations.rows[f.app.reservations.list.visible[0]]
        .channel
        .clone();
    // Two words: both must match (code and channel), in any case.
    let typed = format!("{} {}", code.to_lowercase(), channel.to_uppercase());
    f.app
        .type_keys(&format!("/ text:{}", typed.replace(' ', " space text:")));
    assert_eq!(f.app.pane, PaneId::Reservations, "filters in place");
    assert!(f.app.filter_editing);
    assert_eq!(f.app.reservations.filter, typed);
    let shown: Vec<_> = f
        .app
        .reservations
        .list
        .visible
        .iter()
        .map(|&i| f.app.reservations.rows[i].clone())
        .collect();
    assert!(
        !shown.is_empty() && shown.len() < all,
        "{} of {all}",
        shown.len()
    );
    assert!(shown.iter().all(|r| r.code == code && r.channel == channel));
    assert!(title(&mut f.app).contains(&format!("matching \"{typed}\"")));
    // Enter ends typing and keeps the filter; j moves in the filtered list.
    f.app.type_keys("enter");
    assert!(!f.app.filter_editing);
    assert_eq!(f.app.reservations.list.visible.len(), shown.len());
    // The SKU list's filter is its own.
    assert!(f.app.skus.filter.is_empty());
    f.app.type_keys("1 / text:чай enter 2");
    assert_eq!(
        f.app.reservations.filter, typed,
        "each pane keeps its own filter"
    );
    assert_eq!(f.app.skus.filter, "чай");
    // Esc clears this pane's filter only.
    f.app.type_keys("esc");
    assert!(f.app.reservations.filter.is_empty());
    assert_eq!(f.app.reservations.list.visible.len(), all);
    assert_eq!(f.app.skus.filter, "чай");
}

#[test]
fn the_queue_filter_matches_the_sku_name_in_cyrillic_any_case() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("2");
    let r = f.app.reservations.rows[f.app.reservations.list.visible[0]].clone();
    let word = r.name.split_whitespace().next().unwrap().to_uppercase();
    f.app.type_keys(&format!("/ text:{word} enter"));
    assert!(!f.app.reservations.list.visible.is_empty());
    for &i in &f.app.reservations.list.visible {
        let name = f.app.reservations.rows[i].name.to_uppercase();
        assert!(name.contains(&word), "{name} / {word}");
    }
    assert!(title(&mut f.app).contains(&format!("по запросу «{word}»")));
    // A word nothing has: an empty list, and esc brings all back.
    f.app.type_keys("/ space text:zzzqqq enter");
    assert!(f.app.reservations.list.visible.is_empty());
    f.app.type_keys("esc");
    assert_eq!(
        f.app.reservations.list.visible.len(),
        f.app.reservations.rows.len()
    );
}

#[test]
fn slash_filters_alerts_matrix_and_reconciliation_in_place() {
    let mut f = fixture(Lang::En);
    // Alerts: two more SKUs run out.
    for i in [2, 9] {
        let sku = f.app.skus.row(i).unwrap().code.clone();
        f.inv
            .execute(Command::Adjust {
                sku,
                how: stockroom::domain::AdjustTo::Set(0),
                reason: "test".into(),
                at: None,
                reference: None,
            })
            .unwrap();
    }
    f.app.type_keys("3");
    let all = f.app.alerts.list.visible.len();
    assert!(all > 1, "alerts to filter ({all})");
    let code = f.app.alerts.rows[0].code.clone();
    f.app
        .type_keys(&format!("/ text:{} enter", code.to_lowercase()));
    assert_eq!(f.app.pane, PaneId::Alerts);
    let shown = &f.app.alerts.list.visible;
    assert!(!shown.is_empty() && shown.len() < all);
    assert!(
        shown
            .iter()
            .all(|&i| f.app.alerts.rows[i].code.contains(&code))
    );
    assert_eq!(
        f.app.selected_alert().unwrap().code,
        f.app.alerts.rows[shown[0]].code
    );
    assert!(title(&mut f.app).contains(&format!("matching \"{}\"", code.to_lowercase())));
    // The channel matrix.
    f.app.type_keys("4");
    let all = f.app.matrix.list.visible.len();
    f.app.type_keys("/ text:tea enter");
    assert_eq!(f.app.pane, PaneId::Channels);
    let shown = &f.app.matrix.list.visible;
    assert!(!shown.is_empty() && shown.len() < all);
    assert!(
        shown
            .iter()
            .all(|&i| f.app.matrix.rows[i].code.contains("TEA"))
    );
    let s = screen(&mut f.app, 120, 40);
    assert!(s.contains("matching \"tea\""), "{s}");
    assert!(
        !s.lines().any(|l| l.starts_with("\"│CANDLE")),
        "rows outside the filter are not drawn:\n{s}"
    );
    // Esc clears; back to every row.
    f.app.type_keys("esc");
    assert_eq!(f.app.matrix.list.visible.len(), all);
    // The reconciliation.
    let (_, second) = counting(&mut f);
    f.app.type_keys("5 f2");
    assert!(f.app.count.reconcile);
    let all = f.app.count.list.visible.len();
    assert!(all >= 2);
    f.app.type_keys(&format!("/ text:{second} enter"));
    assert_eq!(f.app.pane, PaneId::Stocktake);
    let report = f.app.count.report.as_ref().unwrap();
    let shown: Vec<_> = f
        .app
        .count
        .list
        .visible
        .iter()
        .map(|&i| report.rows[i].code.clone())
        .collect();
    assert_eq!(shown, vec![second.clone()]);
    let s = screen(&mut f.app, 120, 40);
    assert!(s.contains(&format!("matching \"{second}\"")), "{s}");
    // A (approve all) approves what the filter shows.
    f.app.type_keys("A");
    assert_eq!(
        f.app.count.approved.iter().cloned().collect::<Vec<_>>(),
        vec![second]
    );
}

#[test]
fn space_in_the_reconciliation_approves_and_moves_on() {
    let mut f = fixture(Lang::En);
    counting(&mut f);
    f.app.type_keys("5 f2");
    assert_eq!(f.app.count.list.cursor, 0);
    let report = f.app.count.report.as_ref().unwrap();
    let first = report.rows[f.app.count.list.visible[0]].code.clone();
    f.app.type_keys("space");
    assert!(f.app.count.approved.contains(&first));
    assert_eq!(f.app.count.list.cursor, 1, "the cursor moved on");
}

#[test]
fn history_filters_by_date_and_since() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("h");
    let all = f.app.history.list.visible.len();
    let day = f.app.history.rows[0].at[..10].to_string();
    f.app.type_keys(&format!("/ text:date:{day} enter"));
    let shown = f.app.history.list.visible.clone();
    assert!(!shown.is_empty() && shown.len() < all);
    assert!(
        shown
            .iter()
            .all(|&i| f.app.history.rows[i].at.starts_with(&day))
    );
    // since: that day and later (the newest day: the same rows).
    f.app.type_keys(&format!("esc / text:since:{day} enter"));
    assert_eq!(f.app.history.list.visible, shown);
    // With another word: AND (`/` begins a new filter, so both words are typed).
    f.app
        .type_keys(&format!("/ text:since:{day} space text:kind:sell enter"));
    assert!(
        f.app
            .history
            .list
            .visible
            .iter()
            .all(|&i| f.app.history.rows[i].kind.to_string() == "sell"
                && f.app.history.rows[i].at >= day)
    );
    assert!(title(&mut f.app).contains(&format!("matching \"since:{day} kind:sell\"")));
    // The day as the "when" column shows it (03-04) is the same day of the newest year.
    let month_day = &day[5..];
    f.app.type_keys(&format!("/ text:date:{month_day} enter"));
    assert_eq!(f.app.history.list.visible, shown);
    f.app.type_keys(&format!("/ text:since:{month_day} enter"));
    assert_eq!(f.app.history.list.visible, shown);
}

#[test]
fn the_ledger_is_newest_first_by_time() {
    let f = fixture(Lang::En);
    let at: Vec<&str> = f.app.history.rows.iter().map(|m| m.at.as_str()).collect();
    assert!(at.len() > 10);
    assert!(
        at.windows(2).all(|w| w[0] >= w[1]),
        "not in time order: {:?}",
        &at[..10]
    );
}

// ---- every form: keys in, state out ---------------------------------------------------

/// The newest ledger entry of a SKU.
fn newest(inv: &LocalInventory, code: &str) -> stockroom::inventory::MovementView {
    inv.history(Some(code.to_string()), 1).unwrap().remove(0)
}

fn asking(app: &App) -> String {
    app.form
        .as_ref()
        .expect("the form is open")
        .asking
        .clone()
        .expect("a question")
}

#[test]
fn reserve_form_writes_a_reservation_and_asks_about_a_big_one() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    let count = |f: &Fixture| f.inv.reservations(None, false).unwrap().len();
    let before = count(&f);
    f.app.type_keys("v text:2 tab tab text:ORD-7 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|f| &f.error)
    );
    let r = f
        .inv
        .reservations(None, false)
        .unwrap()
        .into_iter()
        .find(|r| r.order == "ORD-7")
        .expect("reserved");
    assert_eq!((r.code.as_str(), r.qty), (code.as_str(), 2));
    assert_eq!(count(&f), before + 1);
    // Over 1,000: asked with the number written out; Esc writes nothing.
    f.app.type_keys("v text:5000 tab tab text:ORD-8 enter");
    assert_eq!(
        asking(&f.app),
        "Reserve 5,000 units? Enter again: yes, Esc: no"
    );
    f.app.type_keys("esc");
    assert!(f.app.form.is_none());
    assert_eq!(count(&f), before + 1);
}

#[test]
fn sell_at_the_till_defaults_to_the_retail_channel_and_its_location() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    let before = on_hand(&f.inv, &code);
    f.app.type_keys("s");
    let form = f.app.form.as_ref().unwrap();
    assert_eq!(
        form.value(FieldId::Channel),
        "Shop till",
        "the retail channel, not the first"
    );
    assert_eq!(form.value(FieldId::At), "Shop", "the till's location");
    // The prefilled 1 is typed over.
    f.app.type_keys("text:2 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(on_hand(&f.inv, &code), before - 2);
    let m = newest(&f.inv, &code);
    assert_eq!(
        (m.kind.to_string().as_str(), m.qty, m.channel.as_deref()),
        ("sell", 2, Some("Shop till"))
    );
    assert_eq!(m.location, "Shop");
    // Over 1,000 asks first.
    f.app.type_keys("s text:1500 enter");
    assert_eq!(
        asking(&f.app),
        "Sell 1,500 units? Enter again: yes, Esc: no"
    );
    f.app.type_keys("esc");
    assert_eq!(on_hand(&f.inv, &code), before - 2);
}

#[test]
fn defect_and_transfer_forms_write_what_was_typed() {
    let mut f = fixture(Lang::En);
    // A SKU with stock at the first location.
    let code = f
        .app
        .skus
        .held_rows()
        .into_iter()
        .find(|s| {
            f.inv
                .sku_detail(&s.code, 0)
                .unwrap()
                .locations
                .iter()
                .any(|l| l.location == "Main warehouse" && l.on_hand >= 5)
        })
        .unwrap()
        .code
        .clone();
    f.app.type_keys(&format!("/ text:{code} enter"));
    assert_eq!(f.app.selected_sku().unwrap().code, code);
    let defective = f.inv.sku_detail(&code, 0).unwrap().defective;
    // Defect: the prefilled 1 typed over with 2.
    f.app.type_keys("d text:2 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(f.inv.sku_detail(&code, 0).unwrap().defective, defective + 2);
    assert!(newest(&f.inv, &code).kind.to_string().starts_with("defect"));
    // Transfer: from the first location to the second.
    let on = on_hand(&f.inv, &code);
    f.app.type_keys("t text:2 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|f| &f.error)
    );
    let m = newest(&f.inv, &code);
    assert_eq!((m.kind.to_string().as_str(), m.qty), ("transfer", 2));
    assert_eq!(m.location, "Main warehouse -> Shop");
    assert_eq!(on_hand(&f.inv, &code), on, "a transfer keeps the total");
    // Over 1,000 asks, written out.
    f.app.type_keys("t text:1200 enter");
    assert_eq!(
        asking(&f.app),
        "Move 1,200 units? Enter again: yes, Esc: no"
    );
}

#[test]
fn adjust_to_a_level_is_not_a_movement_size_question() {
    let mut f = fixture(Lang::En);
    let code = f.app.selected_sku().unwrap().code.clone();
    // Setting a level far above the largest movement is no movement of that size: only
    // the owner's usual "sure?" is asked, saying what the adjust will do.
    f.app.type_keys("a text:500 tab text:recount enter");
    let form = f.app.form.as_ref().unwrap();
    let q = form.asking.clone().unwrap_or_default();
    assert!(q.starts_with("Set on hand to 500 (was "), "{q}");
    assert!(!q.contains("over 10 times"), "{q}");
    assert!(form.confirming);
    f.app.type_keys("esc");
    // A change by far more than the largest movement is asked about, then confirmed.
    let largest = f
        .inv
        .history(Some(code.clone()), 2000)
        .unwrap()
        .iter()
        .map(|m| m.qty)
        .max()
        .unwrap();
    let by = largest * 10 + 1;
    let before = on_hand(&f.inv, &code);
    f.app
        .type_keys(&format!("a text:+{by} tab text:found enter"));
    assert!(
        asking(&f.app).contains("over 10 times"),
        "{}",
        asking(&f.app)
    );
    assert!(f.app.form.as_ref().unwrap().confirming);
    assert_eq!(
        on_hand(&f.inv, &code),
        before,
        "nothing before the last Enter"
    );
    // The question is the confirmation: asked once, the next Enter writes.
    f.app.type_keys("enter");
    assert!(f.app.form.is_none());
    assert_eq!(on_hand(&f.inv, &code), before + by);
}

#[test]
fn rules_form_refuses_a_share_over_100_as_it_is_typed() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("4");
    let name = f.app.matrix.channels[0].name.clone();
    let share = f.app.matrix.channels[0].share_pct;
    f.app.type_keys("e tab text:150");
    let field = f.app.form.as_ref().unwrap().fields[1].clone();
    assert_eq!(field.value, "150");
    assert_eq!(field.error.as_deref(), Some("share must be 0 to 100 %"));
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("share must be 0 to 100 %"), "{s}");
    // Enter does not save it.
    f.app.type_keys("enter");
    assert!(f.app.form.is_some());
    f.app.type_keys("esc");
    f.app.reload();
    let now = f
        .app
        .matrix
        .channels
        .iter()
        .find(|c| c.name == name)
        .unwrap();
    assert_eq!(now.share_pct, share);
    // 100 is fine.
    f.app.type_keys("e tab text:100 enter");
    assert!(
        f.app.form.is_none(),
        "{:?}",
        f.app.form.as_ref().map(|f| &f.error)
    );
}

#[test]
fn ctrl_n_with_a_count_open_says_which_and_what_to_do() {
    let mut f = fixture(Lang::En);
    counting(&mut f);
    f.app.type_keys("5 ctrl-n");
    match &f.app.status {
        Some(Status::Error(e)) => {
            assert!(e.starts_with("Stocktake #1 is already open"), "{e}");
            assert!(e.contains("f2"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.inv.count_sessions().unwrap().len(), 1, "no second count");
}

#[test]
fn a_snooze_says_its_date_as_people_read_it() {
    let mut f = fixture(Lang::En);
    for i in [2, 9] {
        let sku = f.app.skus.row(i).unwrap().code.clone();
        f.inv
            .execute(Command::Adjust {
                sku,
                how: stockroom::domain::AdjustTo::Set(0),
                reason: "test".into(),
                at: None,
                reference: None,
            })
            .unwrap();
    }
    f.app.type_keys("3 z");
    match &f.app.status {
        Some(Status::Info(s)) => {
            assert!(s.contains("snoozed until"), "{s}");
            // 2026-11-20 plus a week, in the local zone: no raw UTC time.
            assert!(s.contains("Nov 2026"), "{s}");
            assert!(!s.contains("2026-11"), "{s}");
        }
        other => panic!("{other:?}"),
    }
}

/// A SKU nobody waits for (no open order with units left to pick), with stock.
fn idle_sku(f: &mut Fixture) -> (String, String) {
    let waiting: std::collections::HashSet<String> = f
        .app
        .reservations
        .rows
        .iter()
        .filter(|r| r.status.as_str() == "open" && r.picked < r.remaining)
        .map(|r| r.code.clone())
        .collect();
    let s = f
        .app
        .skus
        .held_rows()
        .into_iter()
        .find(|s| !waiting.contains(&s.code) && !s.barcodes.is_empty())
        .expect("a SKU nobody waits for")
        .clone();
    (s.code, s.barcodes[0].clone())
}

fn status_text(app: &App) -> String {
    match &app.status {
        Some(Status::Error(s)) | Some(Status::Info(s)) => s.clone(),
        other => format!("{other:?}"),
    }
}

/// The queue: a scan of an item nobody waits for, or of an unknown barcode, opens
/// nothing (not the pick of the order under the cursor), says so and rings; the Enter
/// that ends it is the scanner's, whether it comes within the burst or a little late.
#[test]
fn a_scan_in_the_queue_that_finds_nothing_opens_nothing() {
    let mut f = fixture(Lang::Ru);
    let clock = ManualClock::new();
    f.app.clock = clock.clock();
    let (code, barcode) = idle_sku(&mut f);
    f.app.type_keys("2 j");
    let cursor = f.app.reservations.list.cursor;
    let entries = f.inv.stats().unwrap().ledger_entries;
    let nothing = format!("{code}: собирать нечего (скан {barcode})");
    let unknown = "Неизвестный штрихкод или артикул 4600099999994";
    let scans = [
        (format!("text:{barcode} Enter"), nothing.as_str()),
        ("text:4600099999994 Enter".to_string(), unknown),
    ];
    for (keys, said) in &scans {
        f.app.bell = false;
        f.app.type_keys(keys);
        let s = status_text(&f.app);
        assert!(s.contains(said), "{s}");
        assert!(!s.contains("stockroom"), "no shell command: {s}");
        assert!(f.app.bell, "the bell rings");
        assert!(f.app.scan.is_none(), "no pick opened: {s}");
        assert!(f.app.form.is_none() && f.app.detail.is_none());
        assert_eq!(f.app.pane, PaneId::Reservations);
        assert_eq!(
            f.app.reservations.list.cursor, cursor,
            "the queue stays as it was"
        );
    }
    // A scanner whose Enter comes after the burst's gap: the scan is settled first,
    // and its Enter still opens nothing.
    for (code, said) in [
        (barcode.as_str(), nothing.as_str()),
        ("4600099999994", unknown),
    ] {
        scanner(&mut f, &clock, code, 2);
        clock.advance(200);
        f.app.handle_key(enter());
        assert!(status_text(&f.app).contains(said), "{:?}", f.app.status);
        assert!(f.app.scan.is_none(), "the late Enter opened a pick");
        assert_eq!(f.app.reservations.list.cursor, cursor);
    }
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    // A person's Enter well after the scan is a key again: it opens the pick.
    clock.advance(5_000);
    f.app.handle_key(enter());
    assert!(f.app.scan.is_some(), "Enter later is a person's");
}

/// The SKU list and the stocktake: an unknown barcode opens nothing, counts nothing
/// and is named in the TUI's words, not with a shell command.
#[test]
fn an_unknown_scan_opens_and_counts_nothing() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("1 j j");
    let cursor = f.app.skus.list.cursor;
    f.app.bell = false;
    f.app.type_keys("text:4600099999994 Enter");
    let s = status_text(&f.app);
    assert!(
        s.contains("Неизвестный штрихкод или артикул 4600099999994"),
        "{s}"
    );
    assert!(!s.contains("stockroom"), "{s}");
    assert!(f.app.detail.is_none(), "nothing opened");
    assert_eq!(f.app.skus.list.cursor, cursor);
    assert!(f.app.bell);

    f.inv
        .execute(Command::CountStart {
            at: None,
            filter: None,
            blind: false,
        })
        .unwrap();
    f.app.reload();
    f.app.type_keys("5");
    assert_eq!(f.app.pane, PaneId::Stocktake);
    let entries = f.inv.stats().unwrap().ledger_entries;
    f.app.bell = false;
    f.app.type_keys("text:4600099999994 Enter");
    let s = status_text(&f.app);
    assert!(
        s.contains("Неизвестный штрихкод или артикул 4600099999994"),
        "{s}"
    );
    assert!(!s.contains("stockroom"), "{s}");
    assert!(f.app.bell);
    assert_eq!(f.inv.stats().unwrap().ledger_entries, entries);
    let rows = &f.app.count.report.as_ref().unwrap().rows;
    assert!(rows.iter().all(|r| r.counted == 0), "nothing counted");
}

/// A scan that finds a one-unit order picks it and ends picking; the next scan of the
/// item goes to the next order waiting for it (with the scanner's Enter on time or late).
#[test]
fn a_scan_that_completes_a_one_unit_order_goes_on_to_the_next() {
    let mut f = fixture(Lang::Ru);
    let clock = ManualClock::new();
    f.app.clock = clock.clock();
    let (code, barcode) = idle_sku(&mut f);
    f.inv
        .execute(Command::Receive {
            sku: code.clone(),
            qty: 10,
            at: None,
            reference: None,
        })
        .unwrap();
    let first = reserve(&mut f, &code, 1, "ONE-1");
    let second = reserve(&mut f, &code, 1, "ONE-2");
    let third = reserve(&mut f, &code, 1, "ONE-3");
    f.app.type_keys(&format!("2 text:{barcode} Enter"));
    assert_eq!(reservation(&f.inv, first).picked, 1);
    assert!(f.app.scan.is_none(), "picking ended by itself");
    let s = status_text(&f.app);
    assert!(s.starts_with("Собрано 1 из 1"), "{s}");
    assert!(!s.contains("Сканируйте"), "{s}");
    f.app.type_keys(&format!("text:{barcode} Enter"));
    assert_eq!(reservation(&f.inv, second).picked, 1);
    assert!(f.app.scan.is_none());
    assert!(status_text(&f.app).starts_with("Собрано 1 из 1"));
    // The scanner's Enter after the gap: the same.
    scanner(&mut f, &clock, &barcode, 2);
    clock.advance(200);
    f.app.handle_key(enter());
    assert_eq!(reservation(&f.inv, third).picked, 1);
    assert!(f.app.scan.is_none(), "{:?}", f.app.status);
    assert!(status_text(&f.app).starts_with("Собрано 1 из 1"));
    for id in [first, second, third] {
        assert_eq!(reservation(&f.inv, id).picked, 1, "#{id}");
    }
}

/// Adjust says what it will do: a number sets on hand (was, change), +N / -N changes
/// it (before → after); one question, the next Enter writes.
#[test]
fn adjust_asks_what_it_will_do_once() {
    let mut f = fixture(Lang::Ru);
    let code = f.app.selected_sku().unwrap().code.clone();
    let at_loc = |f: &Fixture, loc: &str| {
        f.inv
            .sku_detail(&code, 0)
            .unwrap()
            .locations
            .iter()
            .find(|l| l.location == loc)
            .map_or(0, |l| l.on_hand)
    };
    f.app.type_keys("a text:2000 Tab text:test Enter");
    let loc = f.app.form.as_ref().unwrap().value(FieldId::At).to_string();
    let was = at_loc(&f, &loc);
    let q = f
        .app
        .form
        .as_ref()
        .unwrap()
        .asking
        .clone()
        .unwrap_or_default();
    let want = format!(
        "Установить остаток {} (было {}, +{})?",
        i18n::number(2000),
        i18n::number(was),
        i18n::number(2000 - was)
    );
    assert!(q.starts_with(&want), "{q}");
    f.app.type_keys("Enter");
    assert!(f.app.form.is_none(), "one question, then written");
    assert_eq!(at_loc(&f, &loc), 2000);

    f.app.type_keys("a text:+2000 Tab text:test Enter");
    let q = f
        .app
        .form
        .as_ref()
        .unwrap()
        .asking
        .clone()
        .unwrap_or_default();
    let n = i18n::number;
    let want = format!(
        "Изменить остаток на +{} ({} → {})?",
        n(2000),
        n(2000),
        n(4000)
    );
    assert!(q.contains(&want), "{q}");
    f.app.type_keys("Enter");
    assert!(f.app.form.is_none(), "the second Enter writes");
    assert_eq!(at_loc(&f, &loc), 4000);
    assert!(f.app.detail.is_none(), "no Enter left over to open the SKU");

    i18n::set_lang(Lang::En);
    f.app.type_keys("a text:5 Tab text:test Enter");
    let q = f
        .app
        .form
        .as_ref()
        .unwrap()
        .asking
        .clone()
        .unwrap_or_default();
    assert!(
        q.starts_with("Set on hand to 5 (was 4,000, -3,995)?"),
        "{q}"
    );
    f.app.type_keys("Esc");
    assert_eq!(at_loc(&f, &loc), 4000);
}

/// A script with a key that is not a key fails loudly instead of typing less than it says.
#[test]
#[should_panic(expected = "is not a key")]
fn a_script_key_that_is_no_key_fails_the_script() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("j no-such-key");
}

/// The editing keys come from `[input]`: a remap reaches the filter, a form and the help.
#[test]
fn remapped_input_keys_reach_the_filter_the_form_and_the_help() {
    let mut km = Keymap::defaults();
    km.merge_text(
        "keymap.toml",
        "[input]\nctrl-h = \"delete_back\"\nbackspace = \"no_op\"\nctrl-n = \"cursor_down\"\n",
    )
    .unwrap();
    let mut f = fixture_with(Lang::En, km);
    f.app.type_keys("/ text:чайx ctrl-h");
    assert_eq!(f.app.skus.filter, "чай");
    // Unbound in [input]: neither deletes nor is typed.
    f.app.type_keys("backspace");
    assert_eq!(f.app.skus.filter, "чай");
    f.app.type_keys("enter esc");
    assert!(f.app.skus.filter.is_empty());
    f.app.type_keys("? ctrl-n ctrl-n");
    assert!(f.app.help);
    assert_eq!(f.app.help_scroll, 2);
    f.app.type_keys("x");
    assert!(!f.app.help, "a key that does not scroll closes the help");
    f.app.type_keys("r text:12 ctrl-h");
    let form = f.app.form.as_ref().expect("the receive form is open");
    assert_eq!(form.value(FieldId::Qty), "1");
}

// ---- the screen names keys, not commands ---------------------------------------------

/// Every error whose CLI words name a command to type is worded on screen with a key, in
/// both languages; the CLI keeps its command.
#[test]
fn the_screen_names_keys_where_the_cli_names_commands() {
    use stockroom::domain::Refusal;
    use stockroom::i18n::screen::screen_error_text;
    use stockroom::inventory::{Error, InputError, StoreErrorWire};
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    let errors = [
        Error::Refused(Refusal::MoveShort {
            id: 758,
            location: "Склад".into(),
            available: 0,
            requested: 2,
        }),
        Error::Refused(Refusal::AlreadyAt {
            id: 758,
            location: "Склад".into(),
        }),
        Error::Refused(Refusal::CountNoConflict {
            session: 1,
            code: "TEA-1".into(),
        }),
        Error::Refused(Refusal::CountBelowZero {
            session: 1,
            code: "TEA-1".into(),
        }),
        Error::Refused(Refusal::Shortage {
            code: "TEA-1".into(),
        }),
        Error::Refused(Refusal::ReturnMoreThanShipped {
            order_ref: "OZ-1".into(),
            channel: "Ozon".into(),
            shipped: 0,
            returned: 0,
            requested: 1,
        }),
        Error::Input(InputError::UnknownSku("X".into())),
        Error::Input(InputError::UnknownReservation(7)),
        Error::Input(InputError::UnknownCountSession(7)),
        Error::Store(StoreErrorWire::Unconfirmed("disk".into())),
        Error::Store(StoreErrorWire::MaybeApplied("gone".into())),
    ];
    let key = |action: &str| format!("<{action}>");
    for l in [Lang::Ru, Lang::En] {
        i18n::set_lang(l);
        for e in &errors {
            let cli = e.to_string();
            assert!(
                cli.contains("stockroom ") || cli.contains("--"),
                "the CLI names a command: {cli}"
            );
            let screen = screen_error_text(e, &key);
            assert!(!screen.contains("stockroom"), "{screen}");
            assert!(!screen.contains('`'), "{screen}");
            assert!(!screen.contains("--"), "{screen}");
            // A key, except where the form itself is the way (a walk-in return).
            let walk_in = matches!(e, Error::Refused(Refusal::ReturnMoreThanShipped { .. }));
            assert!(
                walk_in || screen.contains('<') || screen.contains('←'),
                "a key: {screen}"
            );
        }
    }
    i18n::set_lang(Lang::En);
}

/// A short reservation moved to a location without the units: the form says how to make
/// it a backorder on this screen (the choice and its keys), not which command to type.
#[test]
fn a_refused_move_names_the_keys_of_the_form() {
    let mut f = fixture(Lang::Ru);
    let (id, code, _) = own_reservation(&mut f);
    f.inv
        .execute(Command::Adjust {
            sku: code.clone(),
            how: stockroom::domain::AdjustTo::Set(0),
            reason: "нет на полке".into(),
            at: None,
            reference: None,
        })
        .unwrap();
    f.app.reload();
    assert!(f.app.selected_reservation().unwrap().short > 0);
    // The choices: the other locations, then "wait for stock". The garage shelf holds
    // nothing: moving there is refused.
    f.app.type_keys("o");
    let choices = match &f.app.form {
        Some(form) => form.value(FieldId::To).to_string(),
        None => panic!("the move form opens: {:?}", f.app.status),
    };
    let garage = f
        .app
        .choices
        .locations
        .iter()
        .position(|l| l == "Полка в гараже");
    assert!(garage.is_some(), "{:?} {choices}", f.app.choices.locations);
    while f.app.form.as_ref().unwrap().value(FieldId::To) != "Полка в гараже" {
        f.app.type_keys("right");
    }
    f.app.type_keys("enter enter");
    let said = f
        .app
        .form
        .as_ref()
        .and_then(|form| form.error.clone())
        .unwrap_or_else(|| panic!("refused in the form: {:?}", f.app.status));
    assert!(said.contains(&format!("#{id}")), "{said}");
    assert!(said.contains("← →"), "{said}");
    assert!(said.contains("«ждать поступления»"), "{said}");
    assert!(
        !said.contains("stockroom") && !said.contains("backorder"),
        "{said}"
    );
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("ждать поступления»"), "{s}");
}

// ---- the stocktake entry: help and undo -----------------------------------------------

/// `?` in the scan field: with the field empty it opens the help (the footer offers it);
/// once something is typed it is typed, and the footer does not offer it.
#[test]
fn question_mark_opens_help_only_from_an_empty_scan_field() {
    let mut f = fixture(Lang::En);
    counting(&mut f);
    f.app.type_keys("5");
    assert!(hints(&mut f.app).contains('?'), "{}", hints(&mut f.app));
    f.app.type_keys("?");
    assert!(f.app.help, "? opens the help");
    assert!(f.app.count.input.is_empty());
    f.app.type_keys("esc");
    assert!(!f.app.help);
    assert_eq!(f.app.pane, PaneId::Stocktake, "esc only closed the help");
    f.app.type_keys("T");
    assert!(!hints(&mut f.app).contains('?'), "{}", hints(&mut f.app));
    f.app.type_keys("?");
    assert!(!f.app.help);
    assert_eq!(f.app.count.input, "T?");
    drop(f);
    // A remap of help onto a letter never takes a letter from a code.
    let mut km = Keymap::defaults();
    km.merge_text("keymap.toml", "[global]\nx = \"help\"\n\"?\" = \"no_op\"\n")
        .unwrap();
    let mut f = fixture_with(Lang::En, km);
    counting(&mut f);
    f.app.type_keys("5 x");
    assert!(!f.app.help);
    assert_eq!(f.app.count.input, "x");
    assert!(!hints(&mut f.app).contains(" x "), "{}", hints(&mut f.app));
}

/// The counter's entries as the count sees them: (quantity, code, taken back).
fn entries(f: &Fixture) -> Vec<(u64, String, bool)> {
    let r = f.inv.count_report(1).unwrap();
    r.recent
        .iter()
        .map(|e| (e.qty, e.code.clone(), e.undone))
        .collect()
}

/// ctrl-z takes back at once only what this screen entered. An entry made before the TUI
/// was opened again (a scan with its typed quantity) is named first, and only the same key
/// again takes it back; any other key keeps it.
#[test]
fn undo_after_reopening_names_the_earlier_entry_and_asks() {
    let mut f = fixture(Lang::En);
    let first = f.app.skus.row(0).unwrap().clone();
    let second = f.app.skus.row(1).unwrap().clone();
    f.app.type_keys(&format!(
        "5 ctrl-n text:{} enter text:5 enter",
        first.barcodes[0]
    ));
    let counted = |f: &Fixture, code: &str| {
        f.inv
            .count_report(1)
            .unwrap()
            .rows
            .iter()
            .find(|r| r.code == code)
            .map_or(0, |r| r.counted)
    };
    assert_eq!(counted(&f, &first.code), 5);
    // The TUI is opened again.
    let mut app = App::new(f.inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.clock = ManualClock::new().clock();
    app.reload();
    f.app = app;
    f.app.type_keys("5 ctrl-z");
    assert_eq!(counted(&f, &first.code), 5, "one press takes nothing back");
    let asked = status_text(&f.app);
    assert!(
        asked.contains(&format!("5 × {}", first.code))
            && asked.contains("before this screen opened")
            && asked.contains("ctrl-z again"),
        "{asked}"
    );
    // Something else in between: the question is gone, and the scan made here is this
    // screen's own, taken back at once.
    f.app
        .type_keys(&format!("text:{} enter ctrl-z", second.barcodes[0]));
    assert_eq!(counted(&f, &second.code), 0);
    assert_eq!(counted(&f, &first.code), 5);
    // Then the earlier entry: asked again, and taken back by the second press.
    f.app.type_keys("ctrl-z");
    assert_eq!(counted(&f, &first.code), 5);
    f.app.type_keys("ctrl-z");
    assert_eq!(counted(&f, &first.code), 0);
    assert!(
        entries(&f).iter().all(|(_, _, undone)| *undone),
        "{:?}",
        entries(&f)
    );
    // Nothing of this user's is left to take back: it says so and takes nothing.
    f.app.type_keys("ctrl-z");
    assert!(
        status_text(&f.app).contains("Nothing of yours"),
        "{}",
        status_text(&f.app)
    );
}

// ---- history: the order of each entry ------------------------------------------------

/// The reference column shows the order an entry was made for (not only its channel).
#[test]
fn the_history_shows_the_order_of_each_entry() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("h");
        let s = screen(&mut f.app, w, h);
        let orders: Vec<String> = f
            .app
            .history
            .rows
            .iter()
            .take(10)
            .filter(|m| m.kind.to_string() == "reserve")
            .filter_map(|m| m.reference.clone())
            .collect();
        assert!(!orders.is_empty());
        for o in orders {
            assert!(s.contains(&o), "{w}x{h}: order {o} in view:\n{s}");
        }
    }
}

/// The History at 80x24 in Russian, as a demo shop has it: every head whole, every
/// location whole (who leaves first), the order of each entry in view.
#[test]
fn history_at_80x24_in_russian_has_every_head_whole() {
    let mut f = fixture(Lang::Ru);
    f.app.type_keys("h");
    let s = screen(&mut f.app, 80, 24);
    let head = s.lines().nth(2).unwrap_or_default().to_string();
    for word in [
        "когда",
        "операция",
        "артикул",
        "кол-во",
        "изм.",
        "склад",
        "основание",
    ] {
        assert!(
            head.contains(&format!("{word} ")),
            "{word} whole: {head}\n{s}"
        );
    }
    let rows: Vec<&str> = s.lines().skip(3).take(18).collect();
    for (row, m) in rows.iter().zip(&f.app.history.rows) {
        if !m.location.contains(" -> ") {
            assert!(row.contains(&m.location), "{} whole:\n{s}", m.location);
        }
    }
}

/// Long names alike (one product in several sizes) are told apart when cut: the end of
/// the name, where the size is, stays in view.
#[test]
fn names_alike_keep_their_ends_when_cut() {
    for (w, h) in [(80, 24), (40, 16)] {
        let mut f = fixture(Lang::Ru);
        f.app.type_keys("/ text:сенча enter");
        let s = screen(&mut f.app, w, h);
        for (code, end) in [("TEA-GRN-01 ", "50 г"), ("TEA-GRN-02 ", "100 г")] {
            let row = s.lines().filter(|l| l.contains(code)).collect::<Vec<_>>();
            assert!(
                row.iter().any(|l| l.contains(end)),
                "{w}x{h}: {code} ends in {end}:\n{s}"
            );
        }
        drop(f);
    }
}

/// A stocktake's reference, written by the engine as "count #N", reads in the user's
/// language in the history; an order number stays as it is.
#[test]
fn a_stocktake_reference_reads_in_the_user_s_language() {
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(Lang::Ru);
    assert_eq!(i18n::reference_text("count #12"), "Инвентаризация #12");
    let adjust = stockroom::domain::EntryKind::from(stockroom::domain::MovementKind::Adjust);
    assert_eq!(
        i18n::order_reference(adjust, None, Some("count #3")).0,
        "Инвентаризация #3"
    );
    assert_eq!(i18n::reference_text("count #x"), "count #x");
    assert_eq!(i18n::reference_text("OZ-2001"), "OZ-2001");
    i18n::set_lang(Lang::En);
    assert_eq!(i18n::reference_text("count #12"), "Stocktake #12");
}

// ---- listings on the matrix, alerts by channel ---------------------------------------

#[test]
fn space_on_a_matrix_cell_lists_or_unlists_the_sku_on_that_channel() {
    let mut f = fixture(Lang::En);
    f.app.type_keys("4 l");
    assert_eq!(f.app.matrix.column, 1);
    f.app.type_keys("h");
    assert_eq!(f.app.matrix.column, 0);
    f.app.type_keys("right right left l");
    assert_eq!(f.app.matrix.column, 2);
    f.app.type_keys("j j");
    let code = f.app.matrix.selected().expect("a row").code.clone();
    let channel = f.app.matrix.channels[2].name.clone();
    let others: Vec<String> = f
        .app
        .matrix
        .channels
        .iter()
        .map(|c| c.name.clone())
        .filter(|c| *c != channel)
        .collect();
    assert!(f.inv.channel_setup(&channel).unwrap().listing.is_none());
    let skus = f.app.matrix.rows.len();

    // Off: the channel listed everything, now it lists its own list, every other SKU.
    f.app.type_keys("space");
    let listing = f
        .inv
        .channel_setup(&channel)
        .unwrap()
        .listing
        .expect("a list of its own");
    assert_eq!(listing.len(), skus - 1);
    assert!(!listing.contains(&code));
    for o in &others {
        assert!(f.inv.channel_setup(o).unwrap().listing.is_none(), "{o}");
    }
    // The cell says so at once, and the cursor stays on it.
    assert_eq!(f.app.matrix.selected().unwrap().code, code);
    let cell = f.app.matrix.selected_cell().expect("a cell");
    assert_eq!(cell.channel, channel);
    assert_eq!(cell.withheld.as_deref(), Some("not_listed"));
    match &f.app.status {
        Some(Status::Info(s)) => {
            assert_eq!(
                s,
                &format!(
                    "{code} is off {channel}: the channel now lists only its own list, every \
                     other SKU ({}) stays on it",
                    skus - 1
                )
            );
        }
        other => panic!("{other:?}"),
    }
    let s = screen(&mut f.app, 120, 40);
    assert!(
        s.contains("Space: list or unlist"),
        "the legend names the key:\n{s}"
    );
    let row = s
        .lines()
        .find(|l| l.trim_start_matches('"').starts_with(&format!("│{code} ")))
        .unwrap_or_default();
    assert!(row.contains("off"), "{s}");

    // On again: back on its list, which now holds every SKU.
    f.app.type_keys("space");
    let listing = f
        .inv
        .channel_setup(&channel)
        .unwrap()
        .listing
        .expect("a list");
    assert_eq!(listing.len(), skus);
    assert!(listing.contains(&code));
    let cell = f.app.matrix.selected_cell().unwrap();
    assert_ne!(cell.withheld.as_deref(), Some("not_listed"));
    match &f.app.status {
        Some(Status::Info(s)) => assert_eq!(s, &format!("{code} is listed on {channel} now")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn moving_across_channels_works_at_every_size_and_the_cell_is_marked() {
    for (w, h) in [(120, 40), (80, 24), (40, 16)] {
        let mut f = fixture(Lang::En);
        f.app.type_keys("4");
        let n = f.app.matrix.channels.len();
        for i in 1..n {
            f.app.type_keys("l");
            assert_eq!(f.app.matrix.column, i);
            let s = screen(&mut f.app, w, h);
            let name: String = f.app.matrix.channels[i].name.chars().take(9).collect();
            assert!(
                s.contains(&name),
                "{w}x{h}: channel {i} {name} in view:\n{s}"
            );
        }
        f.app.type_keys("l");
        assert_eq!(f.app.matrix.column, n - 1, "stops at the last");
        for _ in 0..n {
            f.app.type_keys("h");
        }
        assert_eq!(f.app.matrix.column, 0);
        // The cell under the cursor is drawn apart from its reversed row.
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|fr| view::render(fr, &mut f.app)).unwrap();
        let buf = t.backend().buffer().clone();
        let underlined = buf.content().iter().any(|c| {
            c.modifier.contains(ratatui::style::Modifier::UNDERLINED)
                && !c.modifier.contains(ratatui::style::Modifier::REVERSED)
                && c.symbol()
                    .chars()
                    .any(|ch| ch.is_ascii_digit() || ch == 'o')
        });
        assert!(underlined, "{w}x{h}");
    }
}

#[test]
fn a_packer_pressing_space_on_the_matrix_is_told_whose_it_is_and_nothing_changes() {
    use stockroom::domain::Role;
    let _guard = LANG.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_lang(Lang::Ru);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.redb");
    {
        let (inv, _) = LocalInventory::open_or_init(&path, "boss").unwrap();
        let inv = inv.with_clock(Arc::new(|| NOW));
        let spec = DemoSpec {
            skus: 6,
            days: 3,
            seed: 7,
            seasons: false,
        };
        generate_at(&inv, &spec, NOW).unwrap();
        inv.execute(Command::AddUser {
            name: "pat".into(),
            role: Role::Packer,
        })
        .unwrap();
    }
    let inv = Arc::new(
        LocalInventory::open(&path, "pat")
            .unwrap()
            .with_clock(Arc::new(|| NOW)),
    );
    let mut app = App::new(inv.clone(), Keymap::defaults());
    app.now_ms = NOW;
    app.clock = ManualClock::new().clock();
    app.reload();
    app.type_keys("4 space");
    match &app.status {
        Some(Status::Error(e)) => assert_eq!(
            e,
            "Чтобы изменить, какие товары выставляет канал, нужна роль «владелец»; у вас роль \
             «упаковщик». Попросите владельца."
        ),
        other => panic!("{other:?}"),
    }
    let (channels, _) = inv.matrix().unwrap();
    for c in channels {
        assert!(inv.channel_setup(&c.name).unwrap().listing.is_none());
    }
}

#[test]
fn c_in_the_alerts_shows_one_channel_s_skus_with_its_numbers() {
    let mut f = fixture(Lang::En);
    // Every SKU under a minimum set by hand.
    let (_, matrix) = f.inv.matrix().unwrap();
    for r in &matrix {
        f.inv
            .execute(Command::EditSku(stockroom::inventory::SkuSpec {
                code: r.code.clone(),
                min_stock: Some(100_000),
                ..Default::default()
            }))
            .unwrap();
    }
    f.app.type_keys("3");
    let all: Vec<String> = f.app.alerts.rows.iter().map(|r| r.code.clone()).collect();
    assert!(all.len() >= 3, "{all:?}");
    let channels = f.app.choices.channels.clone();
    let first = channels[0].clone();
    // The first channel stops listing one alerting SKU.
    f.inv
        .execute(Command::ChannelListing {
            channel: first.clone(),
            file: "test".into(),
            change: stockroom::inventory::market::ListingChange::Remove(vec![
                stockroom::inventory::Located {
                    line: 1,
                    columns: vec![],
                    row: all[0].clone(),
                },
            ]),
        })
        .unwrap();
    f.app.type_keys("c");
    assert_eq!(f.app.alerts.channel.as_deref(), Some(first.as_str()));
    let shown: Vec<String> = f.app.alerts.rows.iter().map(|r| r.code.clone()).collect();
    assert_eq!(shown, all[1..].to_vec());
    let (_, matrix) = f.inv.matrix().unwrap();
    for r in &f.app.alerts.rows {
        let part = r.on_channel.as_ref().expect("the channel's numbers");
        assert_eq!(part.channel, first);
        let cell = matrix
            .iter()
            .find(|m| m.code == r.code)
            .and_then(|m| m.channels.iter().find(|c| c.channel == first))
            .unwrap();
        assert_eq!(part.shows, cell.published);
    }
    // The title names the channel at every size.
    for (w, h) in [(120, 40), (80, 24), (40, 16)] {
        let s = screen(&mut f.app, w, h);
        let top = s.lines().nth(1).unwrap_or_default();
        assert!(top.contains(&format!("· {first}")), "{w}x{h}: {top}");
    }
    // Round the channels and back to every SKU.
    f.app.type_keys("c");
    assert_eq!(f.app.alerts.channel.as_deref(), Some(channels[1].as_str()));
    assert_eq!(f.app.alerts.rows.len(), all.len());
    for _ in 1..channels.len() {
        f.app.type_keys("c");
    }
    assert_eq!(f.app.alerts.channel, None);
    assert_eq!(f.app.alerts.rows.len(), all.len());
    assert!(f.app.alerts.rows.iter().all(|r| r.on_channel.is_none()));
}
