//! A big SKU list: the first page on screen at once, the rest read on another thread;
//! and the fuzzy filter's folding and its memory of shorter filters.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::demo::{DemoSpec, generate_at};
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, SkuRow, SkuSpec};
use stockroom::tui::Msg;
use stockroom::tui::app::{App, FIRST_PAGE};
use stockroom::tui::keymap::Keymap;
use stockroom::tui::sku_index::fold;
use stockroom::tui::view;

const NOW: i64 = 1_795_176_000_000;

/// The interface language is process-wide; tests that read drawn text take turns.
static LANG: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn lang(l: stockroom::i18n::Lang) -> std::sync::MutexGuard<'static, ()> {
    let g = LANG.lock().unwrap_or_else(|e| e.into_inner());
    stockroom::i18n::set_lang(l);
    g
}

fn big_db(dir: &std::path::Path, skus: u32) -> Arc<LocalInventory> {
    let (inv, _) = LocalInventory::open_or_init(&dir.join("big.redb"), "owner").unwrap();
    let inv = Arc::new(inv.with_clock(Arc::new(|| NOW)));
    generate_at(
        &inv,
        &DemoSpec {
            skus,
            days: 2,
            seed: 3,
            seasons: false,
        },
        NOW,
    )
    .unwrap();
    inv
}

fn app_with_wake(inv: Arc<LocalInventory>) -> (App, Receiver<Msg>) {
    let (tx, rx) = channel();
    let mut app = App::new(inv, Keymap::defaults());
    app.now_ms = NOW;
    app.wake = Some(tx);
    (app, rx)
}

/// The codes the list holds, in its order, as its filter folds them.
fn list_codes(app: &App) -> Vec<String> {
    let ix = &app.skus.index;
    (0..ix.len()).map(|i| ix.code(i).to_string()).collect()
}

fn folded_codes(rows: &[SkuRow]) -> Vec<String> {
    rows.iter().map(|r| fold(&r.code)).collect()
}

/// The rows the list has read (those around the cursor) are the full list's.
fn rows_read_match(app: &App, all: &[SkuRow]) -> usize {
    let mut n = 0;
    for (i, want) in all.iter().enumerate() {
        if let Some(r) = app.skus.row(i) {
            assert_eq!(r, want, "row {i}");
            n += 1;
        }
    }
    n
}

fn wait_loaded(app: &mut App, rx: &Receiver<Msg>) {
    while app.loading_skus() {
        match rx.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(Msg::Loaded) => app.take_loaded(),
            Ok(_) => {}
            Err(e) => panic!("the full list never came: {e}"),
        }
    }
}

fn title(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..120)
        .map(|x| buf[(x, 1)].symbol().to_string())
        .collect::<String>()
}

#[test]
fn a_big_list_shows_its_first_page_then_all_of_it_in_code_order() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), FIRST_PAGE + 150);
    let all = inv.sku_list(None, false).unwrap();
    assert_eq!(all.len(), FIRST_PAGE as usize + 150);

    let (mut app, rx) = app_with_wake(inv.clone());
    app.reload();
    // The first frame: exactly the first page, in the order of the full list.
    assert!(app.skus.partial);
    assert!(app.loading_skus());
    assert_eq!(app.skus.len(), FIRST_PAGE as usize);
    assert_eq!(list_codes(&app), folded_codes(&all[..FIRST_PAGE as usize]));
    assert!(
        rows_read_match(&app, &all) >= 40,
        "the rows on screen are read"
    );
    assert!(title(&mut app).contains("first 500 of 650, reading the rest"));
    // The user moves down and types a filter before the rest arrives.
    app.type_keys("j j j");
    let chosen = app.selected_sku().unwrap().code.clone();
    wait_loaded(&mut app, &rx);
    assert!(!app.skus.partial);
    assert_eq!(
        list_codes(&app),
        folded_codes(&all),
        "the full list, as `sku list`"
    );
    assert!(
        rows_read_match(&app, &all) >= 40,
        "the same rows as `sku list`"
    );
    assert!(
        app.skus.rows_read() <= 4096,
        "only rows around the cursor are held"
    );
    assert_eq!(
        app.selected_sku().unwrap().code,
        chosen,
        "the cursor stays put"
    );
    let t = title(&mut app);
    assert!(t.contains(&format!("SKUs ({})", all.len())), "{t}");

    // A reload after a change keeps the rows on screen until the new ones are in.
    let code = all[FIRST_PAGE as usize + 10].code.clone();
    inv.execute(Command::Receive {
        sku: code.clone(),
        qty: 5,
        at: None,
        reference: None,
    })
    .unwrap();
    app.reload();
    assert!(!app.skus.partial);
    assert_eq!(app.skus.len(), all.len());
    wait_loaded(&mut app, &rx);
    app.select_code(&code);
    app.sku_window();
    let row = app.selected_sku().unwrap();
    assert_eq!(row.code, code);
    let before = all.iter().find(|r| r.code == code).unwrap();
    assert_eq!(row.on_hand, before.on_hand + 5);
}

/// A code typed before the rest of the list arrives is found in the store's code index
/// at once, and stays under the cursor when the full list comes.
#[test]
fn a_code_typed_before_the_list_arrives_shows_at_once() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), FIRST_PAGE + 150);
    let all = inv.sku_list(None, false).unwrap();
    let target = all.last().unwrap().code.clone();
    assert!(!all[..FIRST_PAGE as usize].iter().any(|r| r.code == target));

    let (mut app, rx) = app_with_wake(inv.clone());
    app.reload();
    assert!(app.loading_skus());
    // Typed in lower case: case does not count.
    app.type_keys(&format!("/ text:{}", target.to_lowercase()));
    assert!(app.skus.partial, "the full list is not taken yet");
    assert_eq!(app.selected_sku().unwrap().code, target);
    let want = all.iter().find(|r| r.code == target).unwrap();
    assert_eq!(
        &app.selected_sku().unwrap(),
        want,
        "the same row as the full list's"
    );
    let t = title(&mut app);
    assert!(t.contains("so far, of 650"), "{t}");

    wait_loaded(&mut app, &rx);
    assert!(!app.skus.partial);
    assert_eq!(list_codes(&app), folded_codes(&all));
    assert_eq!(app.selected_sku().unwrap().code, target);
}

/// The whole list, read in id order beside the levels, comes out in the store's code
/// order (`sku list`'s), with codes of mixed case and Cyrillic ones added out of order: the
/// order of the codes as stored, not of their folded forms.
#[test]
fn the_whole_list_read_by_id_is_in_the_stores_code_order() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), FIRST_PAGE + 20);
    for (code, name) in [
        ("zz-last", "Последний"),
        ("Ёж-1", "Ёжик"),
        ("a-1", "малая a"),
        ("ЯБЛОКО", "Яблоко"),
        ("A-0", "большая A"),
    ] {
        add(&inv, code, name);
    }
    let all = inv.sku_list(None, false).unwrap();
    let (mut app, rx) = app_with_wake(inv.clone());
    app.reload();
    assert!(app.skus.partial);
    wait_loaded(&mut app, &rx);
    assert!(!app.skus.partial);
    assert_eq!(list_codes(&app), folded_codes(&all));
    // Folded order would differ: "a-1" would stand next to "a-0".
    let mut folded = folded_codes(&all);
    folded.sort();
    assert_ne!(folded, folded_codes(&all), "the codes test the order");
    // Each entry's availability is the full list's.
    for (i, r) in all.iter().enumerate() {
        assert_eq!(app.skus.index.available(i), r.available, "{}", r.code);
    }
}

#[test]
fn a_small_list_is_read_at_once_even_with_an_event_loop() {
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), 40);
    let (mut app, _rx) = app_with_wake(inv.clone());
    app.reload();
    assert!(!app.skus.partial);
    assert!(!app.loading_skus());
    let all = inv.sku_list(None, false).unwrap();
    assert_eq!(list_codes(&app), folded_codes(&all));
    assert_eq!(
        rows_read_match(&app, &all),
        all.len(),
        "a small list keeps its rows"
    );
}

#[test]
fn sku_pages_walk_the_list_in_code_order() {
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), 120);
    let all = inv.sku_list(None, false).unwrap();
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = inv.sku_page(after.clone(), 7).unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 7);
        after = page.last().map(|r| r.code.clone());
        walked.extend(page);
    }
    assert_eq!(walked, all);
    assert!(
        inv.sku_page(Some("\u{10ffff}".into()), 10)
            .unwrap()
            .is_empty()
    );
}

fn add(inv: &LocalInventory, code: &str, name: &str) {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some(name.into()),
        ..SkuSpec::default()
    }))
    .unwrap();
}

fn visible_codes(app: &App) -> Vec<String> {
    app.skus
        .list
        .visible
        .iter()
        .map(|&i| app.skus.row(i).unwrap().code.clone())
        .collect()
}

#[test]
fn the_filter_ignores_case_and_reads_yo_as_ye_and_backspace_restores() {
    let dir = tempfile::tempdir().unwrap();
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("f.redb"), "owner").unwrap();
    add(&inv, "TEA-1", "Чай Зелёный");
    add(&inv, "TEA-2", "чай чёрный");
    add(&inv, "MUG-1", "Кружка ЕЛЬ");
    add(&inv, "CAFE-1", "Café crème");
    let mut app = App::new(Arc::new(inv), Keymap::defaults());
    app.reload();
    app.type_keys("/ text:зеленый");
    assert_eq!(visible_codes(&app), ["TEA-1"]);
    app.type_keys("esc");
    app.type_keys("/ text:ЧЁР");
    assert_eq!(visible_codes(&app), ["TEA-2"]);
    app.type_keys("esc");
    app.type_keys("/ text:ель");
    assert_eq!(visible_codes(&app), ["MUG-1"]);
    app.type_keys("esc");
    app.type_keys("/ text:tea");
    let tea = visible_codes(&app);
    assert_eq!(tea, ["TEA-1", "TEA-2"]);
    app.type_keys("text:-2");
    assert_eq!(visible_codes(&app), ["TEA-2"]);
    // Back to a shorter filter: the same rows as when it was typed.
    app.type_keys("backspace backspace");
    assert_eq!(visible_codes(&app), tea);
    app.type_keys("backspace backspace backspace");
    assert_eq!(visible_codes(&app).len(), 4, "an empty filter shows all");
    app.type_keys("text:crème");
    assert_eq!(visible_codes(&app), ["CAFE-1"]);
    app.type_keys("esc / text:creme");
    assert_eq!(
        visible_codes(&app),
        ["CAFE-1"],
        "accents do not matter either"
    );
}

/// Keys that arrive together (a scanner, a paste, a slow link) filter the list once,
/// after the last of them, to the list the same keys typed one at a time give; a key
/// that is not typing (the cursor moved) sees the filtered list.
#[test]
fn a_burst_typed_into_the_filter_is_applied_once_to_the_same_list() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("b.redb"), "owner").unwrap();
    add(&inv, "TEA-1", "Чай Зелёный");
    add(&inv, "TEA-2", "чай чёрный");
    add(&inv, "MUG-1", "Кружка чайная");
    add(&inv, "CAFE-1", "Café crème");
    let inv = Arc::new(inv);
    let mut one_by_one = App::new(inv.clone(), Keymap::defaults());
    one_by_one.reload();
    one_by_one.type_keys("/ text:чай");
    assert_eq!(one_by_one.skus.filters_scored(), 3, "ч, ча, чай");

    let mut burst = App::new(inv, Keymap::defaults());
    burst.reload();
    burst.type_keys("/");
    let all = burst.skus.list.visible.clone();
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    burst.more_waiting = true;
    burst.handle_key(key('ч'));
    burst.handle_key(key('а'));
    assert_eq!(burst.skus.list.visible, all, "not applied while more waits");
    assert!(burst.filter_pending);
    burst.more_waiting = false;
    burst.handle_key(key('й'));
    assert!(!burst.filter_pending);
    assert_eq!(burst.skus.filters_scored(), 1, "only чай was scored");
    assert_eq!(visible_codes(&burst), visible_codes(&one_by_one));
    assert_eq!(visible_codes(&burst).len(), 3);

    // A paste is one burst too; the cursor key after it sees the filtered list.
    burst.type_keys("esc /");
    burst.more_waiting = true;
    burst.handle_event(Event::Paste("зел".into()));
    assert!(burst.filter_pending, "the loop applies it after the batch");
    burst.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    assert!(!burst.filter_pending);
    assert_eq!(visible_codes(&burst), ["TEA-1"]);

    // A line break or tab inside a paste parts words; at its end it is dropped.
    burst.more_waiting = false;
    burst.type_keys("esc /");
    burst.handle_event(Event::Paste("чай\nзел\t\r\n".into()));
    assert_eq!(burst.skus.filter, "чай зел");
    assert_eq!(visible_codes(&burst), ["TEA-1"]);
}

/// `/` begins a new filter: a second word or scan never joins the one kept before it.
#[test]
fn a_new_slash_begins_a_new_filter() {
    let dir = tempfile::tempdir().unwrap();
    let (inv, _) = LocalInventory::open_or_init(&dir.path().join("s.redb"), "owner").unwrap();
    add(&inv, "TEA-1", "Чай Зелёный");
    add(&inv, "HONEY-1", "Мёд липовый");
    let mut app = App::new(Arc::new(inv), Keymap::defaults());
    app.reload();
    app.type_keys("/ text:мёд enter");
    assert_eq!(visible_codes(&app), ["HONEY-1"]);
    app.type_keys("/ text:чай enter");
    assert_eq!(app.skus.filter, "чай");
    assert_eq!(visible_codes(&app), ["TEA-1"]);
}

/// Reads work, except the full SKU list while `broken` is set (a server that went away).
struct FlakyList {
    inner: Arc<LocalInventory>,
    broken: std::sync::atomic::AtomicBool,
}

impl Inventory for FlakyList {
    fn execute(&self, cmd: Command) -> stockroom::inventory::Result<stockroom::inventory::Applied> {
        self.inner.execute(cmd)
    }
    fn query(
        &self,
        q: stockroom::inventory::Query,
    ) -> stockroom::inventory::Result<stockroom::inventory::Answer> {
        let rest = matches!(&q, stockroom::inventory::Query::SkuKeysById { .. });
        if rest && self.broken.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(stockroom::inventory::Error::Store(
                stockroom::inventory::StoreErrorWire::Connection("server went away".into()),
            ));
        }
        self.inner.query(q)
    }
}

#[test]
fn a_failed_background_read_keeps_the_page_says_so_and_refresh_tries_again() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inner = big_db(dir.path(), FIRST_PAGE + 20);
    let all = inner.sku_list(None, false).unwrap();
    let flaky = Arc::new(FlakyList {
        inner,
        broken: std::sync::atomic::AtomicBool::new(true),
    });
    let (tx, rx) = channel();
    let mut app = App::new(flaky.clone(), Keymap::defaults());
    app.wake = Some(tx);
    app.reload();
    wait_loaded(&mut app, &rx);
    assert!(app.skus.partial, "still only the first page");
    assert_eq!(app.skus.len(), FIRST_PAGE as usize);
    let t = title(&mut app);
    assert!(t.contains("first 500 of 520 only"), "{t}");
    assert!(matches!(
        app.status,
        Some(stockroom::tui::app::Status::Error(_))
    ));
    // The server is back: a refresh reads everything.
    flaky
        .broken
        .store(false, std::sync::atomic::Ordering::SeqCst);
    app.type_keys("ctrl-r");
    wait_loaded(&mut app, &rx);
    assert!(!app.skus.partial);
    assert_eq!(list_codes(&app), folded_codes(&all));
}

#[test]
fn the_first_page_on_screen_at_every_size_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), FIRST_PAGE + 40);
    for (l, name) in [
        (stockroom::i18n::Lang::En, "en"),
        (stockroom::i18n::Lang::Ru, "ru"),
    ] {
        let _l = lang(l);
        for (w, h) in [(120u16, 40u16), (80, 24), (40, 16)] {
            let (mut app, _rx) = app_with_wake(inv.clone());
            app.reload();
            assert!(app.skus.partial);
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| view::render(f, &mut app)).unwrap();
            insta::assert_snapshot!(
                format!("skus_first_page_{w}x{h}_{name}"),
                t.backend().to_string()
            );
        }
    }
}

/// The queue's head (what a pane beside another reads) is exactly the first rows of the
/// whole queue, shortfalls included; the side pane's title still counts every open one,
/// and in front the pane reads them all.
#[test]
fn the_queue_beside_the_list_reads_only_its_head() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), 300);
    let whole = inv.reservations(None, false).unwrap();
    assert!(whole.len() > 120, "{}", whole.len());
    for limit in [0u32, 1, 7, 100, 100_000] {
        let head = inv.reservation_queue(limit).unwrap();
        let n = (limit as usize).min(whole.len());
        assert_eq!(head[..], whole[..n], "limit {limit}");
    }

    let (mut app, _rx) = app_with_wake(inv.clone());
    app.reload();
    assert!(app.reservations.partial);
    assert!(app.reservations.rows.len() < whole.len());
    let t = title(&mut app);
    assert!(
        t.contains(&format!("Reservation queue ({})", whole.len())),
        "{t}"
    );
    app.type_keys("2");
    assert!(!app.reservations.partial);
    assert_eq!(app.reservations.rows, whole);
}

/// A new sort reads the rows of one screen, not the band around the cursor (each row costs
/// its thresholds and status, and the keystroke waits for them); scrolling on reads the
/// rest as it comes, and every row on screen is the full list's.
#[test]
fn a_new_sort_reads_one_screen_of_rows_and_a_scroll_reads_on() {
    let _l = lang(stockroom::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let inv = big_db(dir.path(), 1500);
    let (mut app, rx) = app_with_wake(inv.clone());
    app.reload();
    wait_loaded(&mut app, &rx);
    title(&mut app);
    let before = app.skus.rows_read();
    app.type_keys("o");
    title(&mut app);
    let read = app.skus.rows_read() - before;
    assert!(
        read <= 128,
        "a new sort reads one screen of rows, not {read}"
    );
    let shown = |app: &App| {
        let l = &app.skus.list;
        (l.offset..(l.offset + 36).min(l.visible.len()))
            .all(|p| app.skus.row(l.visible[p]).is_some())
    };
    assert!(shown(&app), "every row on screen is read");
    let mut by_name = inv.sku_list(None, false).unwrap();
    by_name.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then(a.code.cmp(&b.code)));
    for _ in 0..400 {
        app.type_keys("j");
        title(&mut app);
        assert!(
            shown(&app),
            "the rows keep coming at row {}",
            app.skus.list.cursor
        );
    }
    let l = &app.skus.list;
    for (p, want) in by_name.iter().enumerate().skip(l.offset).take(36) {
        assert_eq!(app.skus.row(l.visible[p]), Some(want), "row {p}");
    }
}
